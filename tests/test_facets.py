"""Facets are data: adding or deleting a vocabulary file changes the site, and nothing else
needs an edit; a broken vocabulary file is reported first, without a cascade of errors."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from casebook.cli import main
from conftest import ROOT

pytestmark = pytest.mark.slow

SECTORS = """kind: sectors
facet:
  name: Sectors
  singular: Sector
  required: false
  order: 40
terms:
  - id: health-care
    name: Health and care
    description: Hospitals, care homes and the NHS.
  - id: transport
    name: Transport
    description: Buses, trams and trains.
  - id: education
    name: Education
    description: Schools, colleges and universities.
"""


def copy_project(target: Path) -> Path:
    """A copy of this knowledge base: its settings, pages, vocabularies and content, with
    the hook by its absolute path (every copy runs the same generator)."""
    target.mkdir(parents=True)
    for name in ("docs", "vocabularies", "casestudies", "webinars"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "macros.py", target / "macros.py")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - hooks/", f"  - {ROOT.as_posix()}/hooks/")
    (target / "mkdocs.yml").write_text(config.replace("\n  - hooks\n", "\n"), encoding="utf-8")
    return target


def build(root: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def html(root: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / url / "index.html").read_text(encoding="utf-8"),
                         "html.parser")


def tag(path: Path, key: str, ids: list[str]) -> None:
    """Add ``key: [ids]`` to a case study's front matter."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\n{key}: [{', '.join(ids)}]\n", 1),
                    encoding="utf-8")


def validate(root: Path, *paths: str):
    return CliRunner().invoke(main, ["--root", str(root), "validate", *paths])


def add_sectors(root: Path) -> list[Path]:
    """The contract's change: sectors.yml, and sectors on two case studies; nothing else."""
    (root / "vocabularies" / "sectors.yml").write_text(SECTORS, encoding="utf-8")
    cases = sorted(p for p in (root / "casestudies").glob("[!_]*.md"))[:2]
    tag(cases[0], "sectors", ["health-care", "transport"])
    tag(cases[1], "sectors", ["health-care"])
    return cases


@pytest.fixture(scope="module")
def sectors_kb(tmp_path_factory) -> tuple[Path, list[str]]:
    root = copy_project(tmp_path_factory.mktemp("sectors") / "kb")
    cases = add_sectors(root)
    build(root)
    return root, [p.stem for p in cases]


def test_a_new_vocabulary_file_adds_a_facet_everywhere(sectors_kb):
    root, slugs = sectors_kb
    index = html(root, "sectors")
    assert index.find("h1").contents[0] == "Sectors"
    counts = {h.find("a").get_text(strip=True): h.find_next(class_="kb-count").get_text()
              for h in index.select("h2") if h.find("a")}
    assert counts["Health and care"] == "2 case studies"
    assert counts["Transport"] == "1 case study"
    assert counts["Education"] == "0 case studies"
    listed = {a["href"].rstrip("/").rsplit("/", 1)[-1]
              for a in html(root, "sectors/health-care").select(".kb-cases a")}
    assert listed == set(slugs)
    nav = [a.get_text(strip=True) for a in index.select(".md-tabs__link")]
    assert "Sectors" in nav

    explorer = html(root, "explore")
    group = explorer.find("fieldset", attrs={"data-facet": "sectors"})
    assert group is not None and group.legend.get_text() == "Sector"
    assert [i["value"] for i in group.select("input[name=sectors]")] == \
        ["health-care", "transport", "education"]
    item = explorer.find("a", href=f"../case-studies/{slugs[0]}/").find_parent("li")
    assert item["data-sectors"] == "health-care transport"

    panel = html(root, f"case-studies/{slugs[0]}").select_one(".kb-meta")
    assert "Sectors" in [dt.get_text() for dt in panel.find_all("dt")]
    assert panel.find("a", string="Health and care")["href"] == "../../sectors/health-care/"

    data = json.loads((root / "site" / "data" / "case-studies.json").read_text())
    records = {r["slug"]: r for r in data["case_studies"]}
    assert records[slugs[0]]["sectors"] == ["health-care", "transport"]
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(
        (root / "site" / "data" / "case-studies.csv").read_text(encoding="utf-8-sig")))}
    assert rows[slugs[1]]["sectors"] == "health-care"
    published = json.loads((root / "site" / "data" / "case-study.schema.json").read_text())
    assert published["properties"]["sectors"]["items"]["enum"] == \
        ["health-care", "transport", "education"]


@pytest.mark.browser
def test_the_new_facets_filter_group_works_in_the_explorer(sectors_kb, page, problems):
    from browser_support import assert_clean, serve

    root, slugs = sectors_kb
    with serve(root / "site") as server:
        page.goto(server.to("explore/?sectors=health-care"))
        page.wait_for_function(
            "() => /match/.test(document.querySelector('#kb-status').textContent)")
        shown = page.locator("#kb-all li:not([hidden]) a")
        assert sorted(shown.evaluate_all("(links) => links.map((a) => a.href)")) == \
            sorted(server.to(f"case-studies/{slug}/") for slug in slugs)
        assert "Sector: Health and care" in page.locator("#kb-status").inner_text()
        page.locator("#kb-sectors-transport").check()
        page.wait_for_function("() => location.search.includes('sectors=transport')")
        page.locator("#kb-sectors-health-care").uncheck()
        page.wait_for_function(
            "() => document.querySelectorAll('#kb-all li:not([hidden])').length === 1")
        assert_clean(problems)


def test_an_unknown_term_of_the_new_facet_fails_validation(tmp_path):
    root = copy_project(tmp_path / "kb")
    cases = add_sectors(root)
    text = cases[1].read_text(encoding="utf-8")
    cases[1].write_text(text.replace("sectors: [health-care]", "sectors: [helth-care]"),
                        encoding="utf-8")
    result = validate(root, str(cases[1]))
    assert result.exit_code == 1
    shown = cases[1].relative_to(root).as_posix()
    assert f"{shown}:2: sectors[1]: unknown sector id 'helth-care'; did you mean " \
           "'health-care'?" in result.output


def test_deleting_a_vocabulary_file_removes_its_facet(tmp_path):
    root = copy_project(tmp_path / "kb")
    (root / "vocabularies" / "levers.yml").unlink()
    for path in (root / "casestudies").glob("[!_]*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^levers:.*\n", "", text, count=1), encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  - Levers: levers/index.md\n", ""),
                                     encoding="utf-8")
    build(root)
    site = root / "site"
    assert not (site / "levers").exists()
    leftovers = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if soup.select('a[href*="levers/"], [data-facet="lever"], [data-lever]'):
            leftovers.append(page.relative_to(site).as_posix())
        if any(dt.get_text() in ("Lever", "Levers") for dt in soup.select(".kb-meta dt")):
            leftovers.append(page.relative_to(site).as_posix())
    assert leftovers == []
    header = (site / "data" / "case-studies.csv").read_text(encoding="utf-8-sig").split("\r\n")[0]
    assert "levers" not in header.split(",")
    schema = json.loads((site / "data" / "case-study.schema.json").read_text())
    assert "levers" not in schema["properties"]


def test_a_broken_vocabulary_file_is_reported_first_and_alone(tmp_path):
    root = copy_project(tmp_path / "kb")
    path = root / "vocabularies" / "themes.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n  - id: good-work\n", "\n - id: good-work\n", 1),
                    encoding="utf-8")
    result = validate(root)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ": " in line]
    assert re.match(r"vocabularies/themes\.yml:\d+: ", lines[0]), lines[0]
    assert not any("unknown theme" in line for line in result.output.splitlines())
    assert any("were not checked" in line for line in lines)


def test_an_undeclared_facet_names_the_fix(tmp_path):
    root = copy_project(tmp_path / "kb")
    (root / "vocabularies" / "sectors.yml").write_text(
        SECTORS.replace("facet:\n  name: Sectors\n  singular: Sector\n  required: false\n"
                        "  order: 40\n", ""), encoding="utf-8")
    result = validate(root)
    assert result.exit_code == 1
    assert "vocabularies/sectors.yml:1: facet: is missing: declare the facet" in result.output
