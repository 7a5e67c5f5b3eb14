"""A second knowledge base, with other facets (phases and outcomes of school programmes, no
authorities, no prompts, no webinars), built by the same generator and nothing else: its
folder tests/schools/ holds only its settings, home page, vocabularies and content."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from test_crawl import crawl

from casebook.cli import main
from conftest import ROOT

pytestmark = pytest.mark.slow
SCHOOLS = ROOT / "tests" / "schools"


@pytest.fixture(scope="module")
def schools_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("schools") / "kb"
    shutil.copytree(SCHOOLS, root, ignore=shutil.ignore_patterns("site", "__pycache__"))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"),
                         "html.parser")


def test_it_validates():
    result = CliRunner().invoke(main, ["--root", str(SCHOOLS), "validate"])
    assert result.exit_code == 0, result.output
    assert "OK: 3 file(s) checked" in result.output


def test_its_pages_are_its_own_facets_and_every_link_works(schools_site):
    assert crawl(schools_site) == ([], [], [])
    folders = {p.name for p in schools_site.iterdir() if p.is_dir()}
    assert {"phases", "outcomes", "case-studies", "explore"} <= folders
    assert not folders & {"authorities", "themes", "levers", "prompts", "webinars"}
    assert not (schools_site / "workshop").exists()
    for html in schools_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "Authorit" not in text and "mayoral" not in text, html


def test_its_facets_drive_lists_explorer_matrix_and_tabs(schools_site):
    phase = page(schools_site, "phases/primary")
    listed = [a.get_text() for a in phase.select(".kb-cases a")]
    assert listed == ["Breakfast clubs", "Reading partners in primary schools"]
    assert "Case studies by outcome" in [h.contents[0] for h in phase.find_all("h2")]
    outcome = page(schools_site, "outcomes/wellbeing")
    assert outcome.find("h3").get_text(strip=True).startswith("Primary")  # grouped by phase
    explorer = page(schools_site, "explore")
    assert [f["data-facet"] for f in explorer.select("fieldset[data-facet]")] == \
        ["phases", "outcomes", "status", "year"]
    matrix = explorer.select_one("#kb-matrix")
    assert matrix.caption.get_text() == "Case studies by phase and outcome"
    assert matrix.find("th", string="Sixth form") is not None  # the short name
    tabs = [label.get_text() for label in page(schools_site, "case-studies")
            .select(".tabbed-labels label")]
    assert tabs == ["Newest first", "By phase", "By title"]
    assert (schools_site / "feed-outcomes-reading.xml").is_file()
    assert not (schools_site / "feed-phases-primary.xml").exists()
    nav = [a.get_text(strip=True) for a in page(schools_site, "").select(".md-tabs__link")]
    assert nav == ["Home", "Case studies", "Phases", "Outcomes", "Explore"]


@pytest.fixture(scope="module")
def schools_server(schools_site):
    from browser_support import serve

    with serve(schools_site) as server:
        yield server


@pytest.mark.browser
@pytest.mark.parametrize("context_options", [{"color_scheme": "light"},
                                             {"color_scheme": "dark"}], ids=["light", "dark"])
@pytest.mark.parametrize("path", ["", "phases/", "outcomes/wellbeing/",
                                  "case-studies/breakfast-club/", "case-studies/",
                                  "explore/?phases=primary"])
def test_axe_finds_no_violations(page, problems, schools_server, axe, path):
    from browser_support import assert_clean, axe_violations, describe_violations

    page.goto(schools_server.to(path))
    page.wait_for_selector("article h1")
    if path.startswith("explore/"):
        page.wait_for_function(
            "() => /match/.test(document.querySelector('#kb-status').textContent)")
        assert page.locator("#kb-all li:not([hidden])").count() == 2  # the filter works
    violations = axe_violations(axe, page)
    assert not violations, f"on {page.url}:\n{describe_violations(violations)}"
    assert_clean(problems)
