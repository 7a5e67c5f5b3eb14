"""Site tests: build tiny sites in a temp folder and check what readers and contributors see."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, case_text, make_site, webinar_text

HOSTILE = "<script>alert(1)</script> | {{ x }} [y](z)"


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_case_study_page_has_metadata_body_and_sources(tiny_site):
    tiny_site.write_case("gm-charter", case_text(
        title="Greater Manchester Good Employment Charter",
        summary="A charter for fair work across the city region.",
        authorities=["gmca"], themes=["good-work"], levers=["employment-charters"],
        prompts=["good-work-design"], status="ongoing", period={"start": 2019},
        body="## Context\n\nEmployers signed up.\n"))
    tiny_site.build()
    page = soup(tiny_site.html("case-studies/gm-charter/"))
    assert page.title.string == "Greater Manchester Good Employment Charter - " \
        "City Health Inequalities Casebook"
    assert page.find("meta", attrs={"name": "description"})["content"] == \
        "A charter for fair work across the city region."
    assert page.find("meta", property="og:title")["content"] == \
        "Greater Manchester Good Employment Charter"
    panel = page.select_one(".kb-meta")
    labels = [dt.get_text() for dt in panel.find_all("dt")]
    assert labels == ["Authority", "Theme", "Lever", "Evidence", "Status", "Period"]
    assert panel.find("a", string="Greater Manchester")["href"] == "../../authorities/gmca/"
    assert "2019 onwards" in panel.get_text()
    assert page.find("h2", id="context") is not None
    sources = page.find("h2", id="kb-sources").find_next("ol")
    assert sources.find("a")["href"] == "https://example.org/launch"
    assert "GMCA, 22 July 2019" in sources.get_text()
    assert not (tiny_site.root / "docs" / "case-studies").exists()  # pages are virtual


def test_hostile_front_matter_is_shown_as_text_and_runs_nothing(tiny_site):
    tiny_site.write_case("hostile", case_text(
        title=HOSTILE, summary=f'"><img src=x onerror=alert(2)> {HOSTILE}',
        body="## Context\n\n<script>alert(3)</script>\n\n[click](javascript:alert(4))\n\n"
             "<img src=x onerror=alert(5)>\n\n{{ config }}\n"))
    tiny_site.build()
    html = tiny_site.html("case-studies/hostile/")
    page = soup(html)
    assert page.find("h1").get_text().rstrip("¶") == HOSTILE
    assert page.title.string.startswith(HOSTILE)
    assert page.find("meta", attrs={"name": "description"})["content"].startswith(
        '"><img src=x onerror=alert(2)>')
    assert "alert(" not in " ".join(s.get_text() for s in page.find_all("script")
                                    if s.get("type") != "application/ld+json")
    for data in page.find_all("script", type="application/ld+json"):  # data, not script
        assert json.loads(data.string)["headline"] == HOSTILE
    assert not page.find_all(attrs={"onerror": True})
    assert not page.find_all("a", href=lambda h: h and h.lower().startswith("javascript"))
    assert "{{ config }}" in page.get_text()
    listing = soup(tiny_site.html("case-studies/"))
    assert HOSTILE in listing.get_text()
    assert "alert(" not in " ".join(s.get_text() for s in listing.find_all("script"))


def test_strict_build_fails_on_a_content_error_naming_file_line_and_field(tiny_site):
    tiny_site.write_case("broken", case_text(themes=["good-wrok"]))
    result = tiny_site.build(check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "casestudies/broken.md:" in output
    assert "themes[1]: unknown theme id 'good-wrok'; did you mean 'good-work'?" in output
    assert "Traceback" not in output


def test_errors_fail_the_build_even_without_strict(tiny_site):
    tiny_site.write_case("broken", "---\ntitle: [unclosed\n---\n\nBody\n")
    result = tiny_site.build(strict=False, check=False)
    assert result.returncode != 0
    assert "casestudies/broken.md:2: -: the YAML is malformed" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_an_unknown_key_fails_every_build(tiny_site):
    tiny_site.write_case("typo", case_text(themse=["good-work"]))
    for strict in (False, True):
        result = tiny_site.build(strict=strict, check=False)
        assert result.returncode != 0
        assert "casestudies/typo.md:" in result.stderr
        assert "themse: unknown field; did you mean 'themes'?" in result.stderr


def test_no_case_study_is_dropped_silently(tiny_site):
    tiny_site.write_case("good", case_text())
    tiny_site.write_case("Bad_Name", case_text())
    (tiny_site.cases / "notes.txt").write_text("not markdown")
    result = tiny_site.build(check=False)
    assert result.returncode != 0
    assert "casestudies/Bad_Name.md:1: -: the file name" in result.stderr
    assert "casestudies/notes.txt:1: -: not a Markdown file" in result.stderr


def test_duplicate_slugs_differing_in_case(tiny_site):
    tiny_site.write_case("charter", case_text())
    tiny_site.write_case("Charter", case_text())
    result = tiny_site.build(check=False)
    assert "same slug as" in result.stderr


def test_rebuilds_in_one_process_see_edits_and_do_not_accumulate(tiny_site, monkeypatch):
    """The hook module survives `mkdocs serve` rebuilds; its state must not."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.chdir(tiny_site.root)

    def build_once() -> str:
        config = load_config(str(tiny_site.root / "mkdocs.yml"))
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        return tiny_site.html("case-studies/")

    tiny_site.write_case("first", case_text(title="First title"))
    assert "First title" in build_once()
    tiny_site.write_case("first", case_text(title="Edited title"))
    tiny_site.write_case("second", case_text(title="Second one"))
    listing = build_once()
    assert "Edited title" in listing and "First title" not in listing
    assert listing.count("Second one") == 3  # once in each of the three tabs, not more
    (tiny_site.cases / "second.md").unlink()
    listing = build_once()
    assert "Second one" not in listing
    assert not (tiny_site.site / "case-studies" / "second").exists() or \
        "Second one" not in listing


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_tree_are_byte_identical(tmp_path):
    first = make_site(tmp_path / "a")
    for slug, title in (("one", "One"), ("two", "Two"), ("three", "Three")):
        first.write_case(slug, case_text(title=title))
    first.build()
    second = make_site(tmp_path / "b")
    for path in first.cases.iterdir():
        second.write_case(path.stem, path.read_text())
    second.build()
    a, b = _digest(first.site), _digest(second.site)
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_a_page_rendered_twice_is_the_same(tiny_site):
    """A plugin may ask for a page's Markdown, or render its content, more than once: every
    answer must be the whole page, never an empty one."""
    from casebook.build import start_build
    from casebook.settings import defaults

    tiny_site.write_case("one", case_text(title="One", body="## Context\n\nThe text.\n"))
    build = start_build(defaults(tiny_site.root), "https://example.org/")
    uri = "case-studies/one.md"
    first, second = build.page_markdown(uri), build.page_markdown(uri)
    assert first == second and "The text." in first
    html = "<h2 id=\"context\">Context</h2>\n<p>The text.</p>\n"
    rendered = [build.page_content(uri, html) for _ in range(2)]
    assert rendered[0] == rendered[1]
    assert "The text." in rendered[0] and "kb-sources" in rendered[0]


def test_the_site_has_one_search_index(tiny_site):
    tiny_site.write_case("one", case_text(title="Good employment charter"))
    tiny_site.build()
    assert not (tiny_site.site / "search").exists()
    assert not list(tiny_site.site.rglob("deferred-requests.js"))
    entry = json.loads((tiny_site.site / "pagefind" / "pagefind-entry.json").read_text())
    indexed = entry["languages"]["en"]["page_count"]
    pages = [p for p in tiny_site.site.rglob("index.html") if "data-pagefind-body"
             in p.read_text(encoding="utf-8")]
    assert indexed == len(pages) > 10  # case study, term pages, prompts, authored pages
    workshop = (tiny_site.site / "workshop" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in workshop  # it repeats the prompts page


def test_the_site_builds_unchanged_with_properdocs(tmp_path):
    """The exit route from MkDocs 1.x: ProperDocs, a drop-in fork, builds the same site from
    the same mkdocs.yml; only the generator's name in each page's head differs."""
    sites = []
    for name, tool in (("mkdocs", "mkdocs"), ("properdocs", "properdocs")):
        site = make_site(tmp_path / name)
        site.write_case("one", case_text(title="One"))
        site.write_webinar("talk", webinar_text("A talk", "2025-03-04"))
        result = subprocess.run([sys.executable, "-m", tool, "build", "--strict"],
                                cwd=site.root, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        sites.append(site.site)
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    first, second = ({p.relative_to(s).as_posix(): generator.sub(b"", p.read_bytes())
                      for p in sorted(s.rglob("*")) if p.is_file()} for s in sites)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


@pytest.mark.slow
def test_real_site_has_a_page_for_every_case_study(real_site):
    slugs = sorted(p.stem for p in (ROOT / "casestudies").glob("[!_]*.md"))
    assert slugs, "the knowledge base ships case studies"
    for slug in slugs:
        assert (real_site / "case-studies" / slug / "index.html").is_file(), slug


@pytest.mark.slow
def test_rebuilding_the_real_site_is_byte_identical(real_site, tmp_path):
    from conftest import build_real_site

    second = _digest(build_real_site(tmp_path / "again"))
    first = _digest(real_site)
    assert "pagefind/pagefind.js" in first  # the search index is compared too
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
