"""The generator's templates against the installed Material for MkDocs.

``hooks/casebook_mkdocs/theme/`` overrides Material in two ways. ``main.html`` replaces
Material's ``main.html`` (which only extends ``base.html``) and overrides some of
``base.html``'s blocks. The files under ``partials/`` are copies of Material's partials with a
few lines changed; each starts with a record of the original it was made from::

    {#- upstream: mkdocs-material 9.8.2 partials/header.html sha256=<hex> -#}

A copy replaces the theme's file whole, so when a Material release changes the original, the
site keeps the old markup without a word. These tests fail instead: when an installed
original no longer matches its record, when Material stops including a copied partial, when
``main.html`` overrides a block Material no longer has, and when the version pinned in
``pyproject.toml`` and the lock files is not the one the copies were made from.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import jinja2
import material
import pytest
from jinja2 import nodes

from conftest import ROOT

THEME = ROOT / "hooks" / "casebook_mkdocs" / "theme"
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
RECORD = re.compile(r"\{#- upstream: mkdocs-material (?P<version>\S+) (?P<path>\S+) "
                    r"sha256=(?P<sha256>[0-9a-f]{64}) -#\}\n")


@dataclass(frozen=True)
class Copy:
    """A template in THEME copied from Material: where it is, and its record."""

    path: str  # relative to THEME and to Material's templates folder
    version: str
    sha256: str


def record_line(version: str, path: str, sha256: str) -> str:
    return f"{{#- upstream: mkdocs-material {version} {path} sha256={sha256} -#}}"


def copies(theme: Path = THEME) -> list[Copy]:
    """Every template in ``theme`` but main.html, with the record on its first line.

    Raises:
        AssertionError: a template has no record, or records another file than itself.
    """
    found = []
    for file in sorted(theme.rglob("*.html")):
        path = file.relative_to(theme).as_posix()
        if path == "main.html":
            continue
        match = RECORD.match(file.read_text(encoding="utf-8"))
        assert match, (
            f"theme/{path} replaces Material's file of that name but does not start with the "
            f"record of the original it was copied from; make its first line "
            f"{record_line('<version>', path, '<sha256 of the original>')}")
        assert match["path"] == path, f"theme/{path} records another file: {match['path']}"
        found.append(Copy(path, match["version"], match["sha256"]))
    return found


def drift(theme: Path, templates: Path, version: str) -> list[str]:
    """What to do about each copy in ``theme`` whose original in ``templates`` (Material
    ``version``'s templates folder) is not the one it was copied from; empty if none."""
    problems = []
    for copy in copies(theme):
        original = templates / copy.path
        if not original.is_file():
            problems.append(
                f"Material {version} has no templates/{copy.path}, which theme/{copy.path} "
                f"replaces: find where its markup went (base.html, another partial) and "
                f"override that instead.")
            continue
        sha256 = hashlib.sha256(original.read_bytes()).hexdigest()
        if sha256 != copy.sha256:
            problems.append(
                f"Material {version}'s templates/{copy.path} is not the original "
                f"theme/{copy.path} was copied from (Material {copy.version}). Diff the new "
                f"original ({original}) against the copy (and against Material "
                f"{copy.version}'s, from `pip download --no-deps mkdocs-material=="
                f"{copy.version}`, to see what changed), carry Material's changes over into "
                f"the copy while keeping the casebook's own (its opening comment lists them), "
                f"then make the copy's first line "
                f"{record_line(version, copy.path, sha256)}")
    return problems


def installed_version() -> str:
    from importlib.metadata import version

    return version("mkdocs-material")


def parse(source: str) -> nodes.Template:
    return jinja2.Environment(autoescape=False).parse(source)  # noqa: S701 (parsed only)


def blocks(source: str) -> set[str]:
    return {block.name for block in parse(source).find_all(nodes.Block)}


def included(templates: Path) -> set[str]:
    """The templates that some template in ``templates`` includes by a constant name."""
    names = set()
    for file in templates.rglob("*.html"):
        for node in parse(file.read_text(encoding="utf-8")).find_all(nodes.Include):
            if isinstance(node.template, nodes.Const):
                names.add(node.template.value)
    return names


def test_copied_partials_match_the_installed_originals():
    problems = drift(THEME, MATERIAL_TEMPLATES, installed_version())
    assert not problems, "\n\n".join(problems)


def test_a_changed_or_removed_original_is_reported(tmp_path):
    """The check above fails, naming the file and the new record, when an original changes."""
    templates = tmp_path / "templates"
    (templates / "partials").mkdir(parents=True)
    changed, *others = copies()
    (templates / changed.path).write_text("<header>a new release</header>\n")
    for copy in others[:-1]:
        (templates / copy.path).write_bytes((MATERIAL_TEMPLATES / copy.path).read_bytes())
    problems = drift(THEME, templates, "99.0.0")
    new_sha256 = hashlib.sha256(b"<header>a new release</header>\n").hexdigest()
    assert f"Material 99.0.0's templates/{changed.path} is not the original" in problems[0]
    assert record_line("99.0.0", changed.path, new_sha256) in problems[0]
    if others:
        assert len(problems) == 2
        assert f"Material 99.0.0 has no templates/{others[-1].path}" in problems[1]


def test_every_copied_partial_is_still_included_by_material():
    """A copy of a partial that Material no longer includes would change nothing."""
    unused = [copy.path for copy in copies() if copy.path not in included(MATERIAL_TEMPLATES)]
    assert not unused, (f"Material {installed_version()} no longer includes {unused}: find "
                        f"where that markup went and override it there.")


def test_material_is_pinned_to_the_version_the_copies_come_from():
    versions = {copy.version for copy in copies()}
    assert len(versions) == 1, f"the copies come from several Material versions: {versions}"
    (version,) = versions
    pin = f"mkdocs-material=={version}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = [d for d in project["project"]["dependencies"] if d.startswith("mkdocs-material")]
    assert declared == [pin], f"pyproject.toml should require {pin!r}, found {declared}"
    for lock in ("build.lock", "test.lock"):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        assert re.search(rf"^{re.escape(pin)} \\$", text, re.MULTILINE), (
            f"requirements/{lock} does not pin {pin}: run `make lock`")


def test_main_html_overrides_only_blocks_material_has():
    """A block that Material's base.html no longer has would be dropped without a word."""
    ours = (THEME / "main.html").read_text(encoding="utf-8")
    extends = [node.template.value for node in parse(ours).find_all(nodes.Extends)]
    assert extends == ["base.html"]
    theirs = blocks((MATERIAL_TEMPLATES / "base.html").read_text(encoding="utf-8"))
    overridden = blocks(ours)
    assert overridden, "main.html overrides no block: this test would check nothing"
    missing = sorted(overridden - theirs)
    assert not missing, (f"Material {installed_version()}'s base.html has no block "
                         f"{missing}, which theme/main.html overrides: find where that part "
                         f"of the page is now made and override it there.")


def test_material_main_html_only_extends_base_html():
    """theme/main.html replaces Material's main.html, so anything Material adds to it is lost."""
    body = parse((MATERIAL_TEMPLATES / "main.html").read_text(encoding="utf-8")).body
    assert [type(node) for node in body] == [nodes.Extends], (
        f"Material {installed_version()}'s main.html does more than extend base.html: carry "
        f"what it adds into theme/main.html.")


@pytest.mark.parametrize("source, expected", [
    ('{% extends "base.html" %}{% block content %}{{ super() }}{% endblock %}', {"content"}),
    ('{% block a %}{% block b %}{% endblock %}{% endblock %}', {"a", "b"}),
])
def test_blocks_are_found_at_any_depth(source, expected):
    assert blocks(source) == expected
