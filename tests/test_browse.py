"""Browse pages of the real site: indexes list exactly the right case studies."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from content_files import case_studies, vocabulary

from conftest import case_text, make_site

pytestmark = pytest.mark.slow
KINDS = {"themes": "themes", "authorities": "authorities", "levers": "levers"}


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def linked_cases(soup: BeautifulSoup, section_id: str | None = None) -> list[str]:
    scope = soup.select_one("article")
    slugs = []
    for a in scope.find_all("a", href=True):
        match = re.fullmatch(r"(?:\.\./)+case-studies/([a-z0-9-]+)/", a["href"])
        if match and match.group(1) not in slugs:
            slugs.append(match.group(1))
    return slugs


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_term_pages_list_exactly_the_tagged_case_studies(real_site, kind):
    cases = case_studies()
    for term in vocabulary(kind):
        want = {slug for slug, data in cases.items() if term["id"] in data[kind]}
        got = linked_cases(page(real_site, f"{kind}/{term['id']}"))
        assert set(got) == want, (kind, term["id"])
        assert len(got) == len(set(got))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_index_pages_show_every_term_with_its_count(real_site, kind):
    cases = case_studies()
    text = page(real_site, kind).select_one("article").get_text(" ")
    for term in vocabulary(kind):
        count = sum(term["id"] in data[kind] for data in cases.values())
        label = "case study" if count == 1 else "case studies"
        assert re.search(re.escape(term["name"]) + r".*?" + rf"\b{count} {label}\b", text,
                         re.S), term["id"]


def test_theme_pages_list_case_studies_newest_first(real_site):
    cases = case_studies()
    for term in vocabulary("themes"):
        got = linked_cases(page(real_site, f"themes/{term['id']}"))
        dates = [str(cases[s]["published"]) for s in got]
        assert dates == sorted(dates, reverse=True)


def test_every_prompt_has_an_anchor_listing_its_examples(real_site):
    cases = case_studies()
    soup = page(real_site, "prompts")
    for prompt in vocabulary("prompts"):
        heading = soup.find(id=prompt["id"])
        assert heading is not None, prompt["id"]
        listing = heading.find_next(["ul", "p"], string=None)
        want = {s for s, d in cases.items() if prompt["id"] in (d.get("prompts") or [])}
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            section += [a["href"] for a in sibling.find_all("a", href=True)]
        got = {re.search(r"case-studies/([a-z0-9-]+)/", h).group(1) for h in section
               if "case-studies/" in h}
        assert got == want, prompt["id"]
        assert listing is not None


def test_case_studies_index_has_newest_by_authority_and_by_title(real_site):
    soup = page(real_site, "case-studies")
    labels = [label.get_text(strip=True) for label in soup.select(".tabbed-labels label")]
    assert labels == ["Newest first", "By authority", "By title"]
    blocks = soup.select(".tabbed-block")
    by_title = [a.get_text() for a in blocks[2].select("li > strong > a")]
    assert by_title == sorted(by_title, key=str.casefold)
    assert len(by_title) == len(case_studies())


def _links(site: Path, url: str) -> list[str]:
    html = (site / url.lstrip("/") / "index.html").read_text(encoding="utf-8")
    found = []
    for href in re.findall(r'href="([^"#?]*)', html):
        if href.startswith(("http:", "https:", "mailto:")) or not href:
            continue
        target = urlparse(urljoin("http://x" + url, href)).path
        if target.endswith("/") and (site / target.lstrip("/") / "index.html").exists():
            found.append(target)
    return found


def test_every_case_study_is_within_three_clicks_of_home(real_site):
    depth = {"/": 0}
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        if depth[url] == 3:
            continue
        for target in _links(real_site, url):
            if target not in depth:
                depth[target] = depth[url] + 1
                queue.append(target)
    for slug in case_studies():
        assert depth.get(f"/case-studies/{slug}/", 99) <= 3, slug


def test_search_reads_each_case_study_with_its_authority_theme_and_lever_names(real_site):
    names = {kind: {t["id"]: t for t in vocabulary(kind)}
             for kind in ("authorities", "themes", "levers")}
    for slug, data in case_studies().items():
        html = (real_site / "case-studies" / slug / "index.html").read_text(encoding="utf-8")
        indexed = BeautifulSoup(html, "html.parser").select_one("[data-pagefind-body]")
        for ignored in indexed.select("[data-pagefind-ignore]"):
            ignored.decompose()
        text = indexed.get_text(" ")
        assert data["title"] in text
        for authority in data["authorities"]:
            assert names["authorities"][authority]["short_name"] in text, (slug, authority)
        for kind in ("themes", "levers"):
            for term_id in data[kind]:
                assert names[kind][term_id]["name"] in text, (slug, term_id)


def test_empty_terms_show_an_honest_empty_state(tmp_path, vocabulary):
    site = make_site(tmp_path / "p", vocabulary)
    site.write_case("charter", case_text())
    site.build()
    text = page(site.site, "themes/empty-theme").get_text(" ")
    assert "No case study names this theme yet" in text
    assert "Contribute one" in text
    assert "0 case studies" in page(site.site, "themes").get_text(" ")


@pytest.mark.parametrize("url", ["", "authorities/"])
def test_the_map_links_every_current_authority_with_its_count(real_site, url):
    terms = vocabulary("authorities")
    current = {t["id"] for t in terms if "map" in t}
    assert "ntca" not in current and len(current) >= 14
    counts = {t: 0 for t in current}
    for data in case_studies().values():
        for authority in data["authorities"]:
            if authority in counts:
                counts[authority] += 1
    soup = BeautifulSoup((real_site / url / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    figure = soup.select_one("figure.kb-figure--map")
    tiles = {a["xlink:href"].rstrip("/").rsplit("/", 1)[-1]: a for a in figure.select("svg a")}
    assert set(tiles) == current
    rows = {a["href"].rstrip("/").rsplit("/", 1)[-1]: int(a.find_parent("tr").select("td")[-1]
                                                            .get_text())
            for a in figure.select("table a")}
    assert rows == counts
    for term_id, tile in tiles.items():
        assert tile["aria-label"].endswith(f": {counts[term_id]} case stud"
                                           f"{'y' if counts[term_id] == 1 else 'ies'}")
    assert "North of Tyne" in figure.get_text()  # the note says it is left off


def test_the_timeline_counts_active_case_studies_by_year(real_site):
    soup = BeautifulSoup((real_site / "case-studies" / "index.html").read_text(
        encoding="utf-8"), "html.parser")
    figure = soup.select_one("figure.kb-figure--timeline")
    rows = {int(a.get_text()): (a["href"], int(a.find_parent("tr").select("td")[-1].get_text()))
            for a in figure.select("table a")}
    build_year = 2026  # CASEBOOK_BUILD_DATE in conftest
    expected: dict[int, int] = {}
    for data in case_studies().values():
        start = data["period"]["start"]
        end = data["period"].get("end") or max(build_year, start)
        for year in range(start, end + 1):
            expected[year] = expected.get(year, 0) + 1
    assert {year: count for year, (_, count) in rows.items() if count} == expected
    assert list(rows) == list(range(min(expected), max(expected) + 1))
    assert rows[2020][0] == "../explore/?from=2020&to=2020"
    assert len(figure.select("svg a")) == len(rows)


@pytest.mark.parametrize("url", ["", "authorities/gmca/", "authorities/wmca/"])
def test_evidence_levels_are_counted_with_links_to_the_explorer(real_site, url):
    """The home page counts every case study by level of evidence, an authority's page its
    own; each number opens the explorer filtered to the level (and the authority)."""
    within = {"authority": url.split("/")[1]} if url else {}
    cases = [data for data in case_studies().values()
             if not within or within["authority"] in data["authorities"]]
    soup = BeautifulSoup((real_site / url / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    table = soup.select_one("article table.kb-tally")
    rows = {}
    for row in table.select("tbody tr"):
        level = row.th.a["href"].rstrip("/").rsplit("/", 1)[-1]
        cell = row.td.a
        rows[level] = (int(row.td.get_text().split()[0]), cell["href"] if cell else None)
    levels = [term["id"] for term in vocabulary("evidence")]
    assert list(rows) == levels
    assert sum(count for count, _ in rows.values()) == len(cases)
    for level, (count, link) in rows.items():
        assert count == sum(level in data["evidence"] for data in cases), level
        if count:
            query = "&".join(f"{k}={v}" for k, v in sorted({**within, "evidence": level}
                                                           .items()))
            assert link.endswith(f"explore/?{query}"), link
        else:
            assert link is None  # no link to an empty view
