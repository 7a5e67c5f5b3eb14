"""A corpus of the mistakes adopters and contributors make, each in a fresh `casebook init`
knowledge base: the strict build fails with exactly one message, naming the file, the line
and the field, and saying what is wrong. None passes silently.

Each mistake is one edit of one starter file (an exact text replaced by another); the
expected line is the line of the edited text, found in the file after the edit.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
# A problem line as MkDocs logs it, e.g. "ERROR    -  mkdocs.yml:74: extra.kb.x: ...".
LOGGED = re.compile(r"^(?:ERROR|WARNING)\s+-\s+(\S.*)$", re.M)
# Lines that are not problems of their own: the closing summary of a failed build, and the
# note that content was not checked against vocabulary files with mistakes.
SUMMARY = re.compile(r"\d+ error\(s\) in the files named above|vocabularies:1: -: warning: "
                     r"case studies and webinars were not checked")


def problems_in(log: str) -> list[str]:
    return [line for line in LOGGED.findall(log) if not SUMMARY.match(line)]


@dataclass(frozen=True)
class Mistake:
    """``old`` becomes ``new`` in ``file`` (after the edit ``first``, when a mistake needs
    two); the build must say ``message`` about ``field`` at ``file``:<the line where ``at``
    (default: ``new``'s first line) now is>."""

    id: str
    file: str
    old: str
    new: str
    field: str
    message: str
    at: str = ""
    first: tuple[str, str, str] | None = None  # an edit (file, old, new) made before it


CASE = "casestudies/example-case-study.md"
PLACES = "vocabularies/places.yml"
TOPICS = "vocabularies/topics.yml"

MISTAKES = (
    # Settings of the generator (extra.kb in mkdocs.yml)
    Mistake("settings-folder-misspelt", "mkdocs.yml", "case_studies: casestudies",
            "case_studies: casestudiez", "extra.kb.case_studies",
            "the folder 'casestudiez' does not exist"),
    Mistake("settings-unknown-key", "mkdocs.yml", "case_studies: casestudies",
            "case_studes: casestudies", "extra.kb.case_studes",
            "did you mean 'case_studies'?"),
    Mistake("settings-list-for-a-folder", "mkdocs.yml", "case_studies: casestudies",
            "case_studies: [casestudies]", "extra.kb.case_studies", "expected"),
    # What the generated pages need of MkDocs, its theme, extensions and plugins
    Mistake("another-theme", "mkdocs.yml", "  name: material", "  name: readthedocs",
            "theme.name", "need Material for MkDocs, found 'readthedocs'"),
    Mistake("file-urls", "mkdocs.yml", "strict: !ENV", "use_directory_urls: false\nstrict: !ENV",
            "use_directory_urls", "false is not supported"),
    Mistake("tabs-old-style", "mkdocs.yml", "alternate_style: true", "alternate_style: false",
            "markdown_extensions.pymdownx.tabbed", "need `alternate_style: true`",
            at="- pymdownx.tabbed"),
    Mistake("macro-errors-as-text", "mkdocs.yml", "on_error_fail: true",
            "on_error_fail: false", "plugins.macros.on_error_fail",
            "needs `on_error_fail: true`"),
    Mistake("macro-undefined-names-kept", "mkdocs.yml", "on_undefined: strict",
            "on_undefined: keep", "plugins.macros.on_undefined",
            "needs `on_undefined: strict`"),
    # Facet declarations (vocabularies/*.yml)
    Mistake("facet-param-is-the-explorers", TOPICS, "  feed: true", "  feed: true\n  param: text",
            "facet.param", "one of the explorer's own parameters", at="  param: text"),
    Mistake("facet-param-is-another-facets", TOPICS, "  feed: true",
            "  feed: true\n  param: places", "facet.param",
            "'places' is already the parameter of the facet places",
            at="  param: places"),
    Mistake("second-matrix", TOPICS, "  feed: true", "  feed: true\n  matrix: places",
            "facet.matrix", "declares the matrix already", at="  matrix: places",
            first=(PLACES, "  tab: true", "  tab: true\n  matrix: topics")),
    Mistake("facet-option-misspelt", PLACES, "  required: true", "  requird: true",
            "facet.requird", "did you mean 'required'?"),
    Mistake("facet-names-an-undeclared-facet", PLACES, "  tab: true",
            "  tab: true\n  group_by: topic", "facet.group_by",
            "'topic' is not another declared facet; did you mean 'topics'?",
            at="  group_by: topic"),
    Mistake("term-id-twice", TOPICS, "  - id: transport", "  - id: work", "terms[3].id",
            "'work'", at="  - id: work\n    name: Transport"),
    Mistake("term-id-not-a-slug", PLACES, "  - id: south", "  - id: South", "terms[2].id",
            "lowercase"),
    Mistake("vocabulary-yaml-malformed", PLACES, "    name: The North",
            "    name: The North: upper part", "-", "the YAML is malformed"),
    # Case studies (casestudies/*.md)
    Mistake("case-key-misspelt", CASE, "topics: [housing]", "topcis: [housing]", "topcis",
            "unknown field; did you mean 'topics'?"),
    Mistake("case-term-unknown", CASE, "places: [north]", "places: [nort]", "places[1]",
            "did you mean 'north'?"),
    Mistake("case-required-facet-missing", CASE, "places: [north]\n", "", "places",
            "is missing", at="title: An example case study"),
    Mistake("case-source-javascript-url", CASE,
            "url: https://squidfunk.github.io/mkdocs-material/",
            "url: javascript:alert(1)", "sources[1].url",
            "'javascript:' addresses are not allowed"),
    Mistake("case-date-impossible", CASE, "    date: n.d.", "    date: 2026-02-30",
            "sources[1].date", "'2026-02-30' is not a real date"),
    Mistake("case-period-backwards", CASE, "  end: 2026", "  end: 2025", "period.end",
            "before period.start"),
    # Authored pages (docs/) calling the generator's macros
    Mistake("macro-names-an-undeclared-facet", "docs/index.md", "{{ facet_cards() }}",
            '{{ facet_cards() }}\n\n{{ facet_tally("topic") }}', "facet_tally",
            "no facet 'topic' is declared", at='{{ facet_tally("topic") }}'),
    Mistake("macro-names-an-unknown-term", "docs/index.md", "{{ facet_cards() }}",
            '{{ facet_cards() }}\n\n{{ case_studies_for("places", "nrth") }}',
            "case_studies_for", "no term 'nrth' in the vocabulary places; did you mean "
            "'north'?", at='{{ case_studies_for("places", "nrth") }}'),
)


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh knowledge base from `casebook init`, built once to show it passes as made."""
    root = tmp_path_factory.mktemp("mistakes") / "kb"
    subprocess.run([BIN / "casebook", "init", str(root)], check=True, capture_output=True)
    build = _build(root)
    assert build.returncode == 0, build.stderr
    assert not problems_in(build.stderr)
    return root


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BIN / "mkdocs", "build", "--strict"], cwd=root, text=True,
                          capture_output=True, timeout=300)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line_of(path: Path, text: str) -> int:
    content = path.read_text(encoding="utf-8")
    assert content.count(text) == 1, f"{text!r} is not once in {path.name}"
    return content[:content.index(text)].count("\n") + 1


def test_the_corpus_covers_fifteen_kinds_of_mistake_in_each_kind_of_file():
    assert len({m.id for m in MISTAKES}) == len(MISTAKES) >= 15
    places = {"mkdocs.yml", "vocabularies", "casestudies", "docs"}
    assert {m.file.split("/")[0] for m in MISTAKES} == places


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.id)
def test_a_mistake_fails_the_build_with_one_message_naming_file_and_line(
        starter, tmp_path, mistake):
    root = tmp_path / "kb"
    shutil.copytree(starter, root, ignore=shutil.ignore_patterns("site"))
    for file, old, new in filter(None, (mistake.first, (mistake.file, mistake.old,
                                                         mistake.new))):
        _edit(root / file, old, new)
    line = _line_of(root / mistake.file, mistake.at or mistake.new.splitlines()[0])

    result = _build(root)

    assert result.returncode != 0, f"the build passed with {mistake.id}"
    assert "Traceback" not in result.stderr
    problems = problems_in(result.stderr)
    assert len(problems) == 1, problems
    where = f"{mistake.file}:{line}: {mistake.field}: "
    assert problems[0].startswith(where), (where, problems[0])
    assert mistake.message in problems[0], problems[0]


def test_extensions_the_pages_need_are_added_when_a_site_leaves_them_out(starter, tmp_path):
    """Not a failure: the generator adds what its pages need, so no page shows the literal
    `{ .kb-… }` or `{ #… }` text of an attribute list, and the tabs are Material's."""
    root = tmp_path / "kb"
    shutil.copytree(starter, root, ignore=shutil.ignore_patterns("site"))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for line in ("  - admonition\n", "  - attr_list\n", "  - toc:\n      permalink: true\n",
                 "  - pymdownx.superfences\n", "  - pymdownx.tabbed:\n"
                 "      alternate_style: true\n"):
        assert line in text, line
        text = text.replace(line, "")
    config.write_text(text, encoding="utf-8")

    result = _build(root)

    assert result.returncode == 0, result.stderr
    pages = list((root / "site").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "{ ." not in html and "{ #" not in html, page
    index = (root / "site" / "case-studies" / "index.html").read_text(encoding="utf-8")
    assert 'class="tabbed-set tabbed-alternate"' in index
