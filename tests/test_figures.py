"""The tile map and the timeline (casebook.figures): links, counts, text alternatives,
escaping, shading, colours, and, in Chromium, labels that fit their tiles on a phone and
a visible keyboard focus."""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from casebook.figures import BANDS, Tile, band, band_ranges, tile_map, timeline
from conftest import ROOT

CSS = ROOT / "hooks" / "casebook_mkdocs" / "assets" / "figures.css"
HOSTILE = "<script>alert('x')</script> \"quoted\" & 'single' {{x}}"

TILES = [
    Tile("North East", "North East Combined Authority", 2, "neca/", 2, 0),
    Tile("Greater Manchester", "Greater Manchester Combined Authority", 12, "gmca/", 1, 3),
    Tile("West Yorkshire", "West Yorkshire Combined Authority", 5, "wyca/", 2, 3),
    Tile("Cambridgeshire and Peterborough",
         "Cambridgeshire and Peterborough Combined Authority", 0, "cpca/", 3, 5),
    Tile("London", "Greater London Authority", 14, "gla/", 3, 6),
    Tile("West of England", "West of England Combined Authority", 1, "weca/", 0, 6),
]
YEARS = [(2019, 3, "../explore/?year=2019"), (2020, 0, "../explore/?year=2020"),
         (2018, 7, "../explore/?year=2018"), (2021, 1, "../explore/?year=2021")]


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def draw_map(tiles=TILES, note="Schematic, not to scale.") -> BeautifulSoup:
    return soup(tile_map(tiles, "Case studies by authority", note, "kb-map"))


def tile_links(page: BeautifulSoup) -> dict[str, object]:
    return {link["xlink:href"]: link for link in page.select("svg a")}


def table_rows(page: BeautifulSoup) -> list[tuple[str, str, int]]:
    return [(row.a.get_text(), row.a["href"], int(row.select("td")[1].get_text()))
            for row in page.select("details table tbody tr")]


# --- the tile map --------------------------------------------------------------------------


def test_every_tile_is_a_link_showing_its_label_and_count():
    links = tile_links(draw_map())
    assert set(links) == {tile.href for tile in TILES}
    for tile in TILES:
        link = links[tile.href]
        label = " ".join(span.get_text() for span in link.select(".kb-tile__label tspan"))
        assert label == tile.label
        assert link.select_one(".kb-tile__count").get_text() == str(tile.count)
        # The link's name is the full name and the count, and contains the visible label.
        assert link["aria-label"] == f"{tile.name}: {tile.count} case " + (
            "study" if tile.count == 1 else "studies")
        assert tile.label in link["aria-label"]


def test_a_label_that_is_not_part_of_the_name_is_kept_in_the_link_name():
    page = draw_map([Tile("GM", "Greater Manchester Combined Authority", 3, "gm/", 0, 0)])
    assert page.select_one("svg a")["aria-label"] == (
        "GM, Greater Manchester Combined Authority: 3 case studies")


def test_the_table_lists_the_same_links_and_counts_by_name():
    page = draw_map()
    expected = sorted(((tile.name, tile.href, tile.count) for tile in TILES),
                      key=lambda row: row[0].casefold())
    assert table_rows(page) == expected
    assert page.select_one("details summary").get_text() == "Map as a table"
    headings = [th.get_text() for th in page.select("details thead th")]
    assert headings == ["Name", "Case studies"]
    assert all(th["scope"] == "col" for th in page.select("details thead th"))


def test_tiles_sit_in_their_columns_and_rows():
    links = tile_links(draw_map())

    def corner(tile: Tile) -> tuple[float, float]:
        shape = links[tile.href].select_one(".kb-tile__shape")
        return float(shape["x"]), float(shape["y"])

    by_place = {(tile.column, tile.row): corner(tile) for tile in TILES}
    for (column, row), (x, y) in by_place.items():
        for (other_column, other_row), (other_x, other_y) in by_place.items():
            assert (column < other_column) == (x < other_x)
            assert (row < other_row) == (y < other_y)
    # Nothing outside the drawing: the viewBox holds every tile.
    svg = draw_map().select_one("svg.kb-figure__svg")
    _, _, width, height = (float(n) for n in svg["viewbox"].split())
    for tile in TILES:
        shape = links[tile.href].select_one(".kb-tile__shape")
        assert float(shape["x"]) + float(shape["width"]) <= width
        assert float(shape["y"]) + float(shape["height"]) <= height


def test_the_svg_is_named_and_described_and_the_description_names_the_busiest():
    page = draw_map()
    svg = page.select_one("svg.kb-figure__svg")
    title = page.find(id=svg["aria-labelledby"])
    desc = page.find(id=svg["aria-describedby"])
    assert title.name == "title" and title.get_text() == "Case studies by authority"
    assert desc.name == "desc"
    assert "schematic" in desc.get_text() and "not to scale" in desc.get_text()
    assert ("Most case studies: Greater London Authority (14), Greater Manchester Combined "
            "Authority (12) and West Yorkshire Combined Authority (5).") in desc.get_text()
    # Links inside an image would be hidden from screen readers: the SVG is a group.
    assert svg["role"] == "group"


def test_the_caption_carries_the_note():
    caption = draw_map(note="North of Tyne is left off.").select_one("figcaption")
    assert caption.select_one(".kb-figure__caption").get_text() == "Case studies by authority"
    assert caption.select_one(".kb-figure__note").get_text() == "North of Tyne is left off."
    assert draw_map(note="").select_one(".kb-figure__note") is None


def test_shading_never_gets_lighter_as_the_count_grows():
    counts = [0, 1, 2, 3, 5, 8, 13, 21, 34, 35]
    tiles = [Tile(f"T{count}", f"Term {count}", count, f"t{count}/", index, 0)
             for index, count in enumerate(counts)]
    links = tile_links(draw_map(tiles))

    def shade(count: int) -> int:
        classes = links[f"t{count}/"]["class"]
        return int(next(c for c in classes if c.startswith("kb-band--")).split("--")[1])

    shades = [shade(count) for count in counts]
    assert shades == sorted(shades)
    assert shades[0] == 0 and 0 not in shades[1:]
    assert shades[-1] == BANDS
    assert len(set(shades)) == BANDS + 1  # every band is used over this spread


def test_band_ranges_cover_every_count_once_and_agree_with_the_tiles():
    for maximum in range(0, 30):
        ranges = band_ranges(maximum)
        covered = [count for _, lowest, highest in ranges[1:]
                   for count in range(lowest, highest + 1)]
        assert covered == list(range(1, maximum + 1))
        for number, lowest, highest in ranges[1:]:
            assert band(lowest, maximum) == band(highest, maximum) == number


def test_the_legend_shows_each_band_in_use_with_its_range():
    page = draw_map()  # counts 0, 1, 2, 5, 12, 14: bands of 1-3, 4-7, 8-10, 11-14
    items = page.select(".kb-figure__legend li")
    assert [item.get_text() for item in items] == ["none", "1 to 3", "4 to 7", "8 to 10",
                                                   "11 to 14"]
    assert [item.select_one("rect")["class"] for item in items] == [
        [f"kb-band--{number}"] for number in range(5)]


def test_a_count_of_zero_has_its_own_style_and_still_shows_zero():
    links = tile_links(draw_map())
    zero = links["cpca/"]
    assert "kb-band--0" in zero["class"]
    assert zero.select_one(".kb-tile__count").get_text() == "0"
    assert all("kb-band--0" not in link["class"] for href, link in links.items()
               if href != "cpca/")
    # The stylesheet draws "none" differently from every band: a dashed edge.
    rule = re.search(r"\.kb-tile\.kb-band--0 \.kb-tile__shape \{([^}]*)\}", CSS.read_text())
    assert rule and "stroke-dasharray" in rule.group(1)


def test_hostile_labels_names_and_hrefs_come_out_inert():
    tile = Tile(HOSTILE, HOSTILE, 3, 'x/?a=1&b="2"><script>alert(1)</script>', 0, 0)
    html = tile_map([tile], HOSTILE, HOSTILE, 'id"><script>')
    page = soup(html)
    assert page.find("script") is None
    assert "<script>" not in html
    link = page.select_one("svg a")
    assert link["xlink:href"] == tile.href  # the attribute holds exactly the given value
    label = " ".join(span.get_text() for span in link.select(".kb-tile__label tspan"))
    assert label == " ".join(HOSTILE.split())
    assert page.select_one("svg title").get_text() == HOSTILE
    assert page.select_one("figcaption .kb-figure__note").get_text() == HOSTILE
    assert table_rows(page) == [(HOSTILE, tile.href, 3)]
    assert page.select_one("svg.kb-figure__svg")["aria-labelledby"] == 'id"><script>'


def test_long_labels_wrap_and_long_lines_are_held_to_the_tile():
    page = draw_map()
    link = tile_links(page)["cpca/"]
    lines = [span.get_text() for span in link.select(".kb-tile__label tspan")]
    assert lines == ["Cambridgeshire", "and", "Peterborough"]
    room = float(link.select_one(".kb-tile__shape")["width"])
    for span in link.select(".kb-tile__label tspan[textlength]"):
        assert float(span["textlength"]) < room


def test_svg_links_carry_no_plain_href_that_would_break_instant_navigation():
    # Material's instant navigation assigns el.href = el.href on every [href] element; on an
    # SVG link that throws, and pages holding the figure could not be reached without a full
    # load (the address changed, the content did not). Every link is still an SVG link.
    for page in (draw_map(), draw_timeline()):
        links = page.select("svg a")
        assert links and all("xlink:href" in link.attrs for link in links)
        assert page.select("svg [href]") == []


def test_two_tiles_in_one_place_or_a_negative_count_are_refused():
    with pytest.raises(ValueError, match="place"):
        tile_map([TILES[0], Tile("X", "X", 1, "x/", TILES[0].column, TILES[0].row)],
                 "c", "", "m")
    with pytest.raises(ValueError, match="below zero"):
        tile_map([Tile("X", "X", -1, "x/", 0, 0)], "c", "", "m")


def test_the_same_tiles_give_the_same_bytes_in_any_order():
    first = tile_map(TILES, "c", "n", "m")
    assert tile_map(list(reversed(TILES)), "c", "n", "m") == first
    assert tile_map(tuple(TILES), "c", "n", "m") == first


def test_an_empty_map_and_a_map_with_nothing_counted_still_render():
    assert soup(tile_map([], "c", "", "m")).select("svg a") == []
    page = draw_map([Tile("A", "A", 0, "a/", 0, 0), Tile("B", "B", 0, "b/", 1, 0)])
    assert "None has any case studies yet." in page.select_one("desc").get_text()
    assert [item.get_text() for item in page.select(".kb-figure__legend li")] == ["none"]


# --- the timeline --------------------------------------------------------------------------


def draw_timeline(years=YEARS) -> BeautifulSoup:
    return soup(timeline(years, "Case studies active each year", "Busiest in 2018.", "kb-tl"))


def test_every_year_is_a_link_with_its_count_in_year_order():
    page = draw_timeline()
    links = page.select("svg a")
    assert [(link.select_one(".kb-figure__label").get_text(), link["xlink:href"],
             link.select_one(".kb-figure__count").get_text()) for link in links] == [
        (str(year), href, str(count)) for year, count, href in sorted(YEARS)]
    assert [link["aria-label"] for link in links] == [
        "2018: 7 case studies", "2019: 3 case studies", "2020: 0 case studies",
        "2021: 1 case study"]


def test_bars_are_as_long_as_their_counts_and_a_zero_year_has_none():
    page = draw_timeline()
    widths = {}
    for link in page.select("svg a"):
        year = int(link.select_one(".kb-figure__label").get_text())
        bar = link.select_one(".kb-figure__bar")
        widths[year] = float(bar["width"]) if bar else 0.0
    assert widths[2020] == 0.0
    assert "kb-figure__year--none" in page.select("svg a")[2]["class"]
    counts = {year: count for year, count, _ in YEARS}
    for year, width in widths.items():
        assert width == pytest.approx(widths[2018] * counts[year] / counts[2018], abs=0.1)
    # The count is written just after the end of its bar, inside the drawing.
    svg_width = float(page.select_one("svg.kb-figure__svg")["viewbox"].split()[2])
    for link in page.select("svg a"):
        bar = link.select_one(".kb-figure__bar")
        count_x = float(link.select_one(".kb-figure__count")["x"])
        if bar:
            assert count_x > float(bar["x"]) + float(bar["width"])
        assert count_x < svg_width - 20


def test_the_timeline_table_matches_and_the_summary_describes_the_svg():
    page = draw_timeline()
    assert table_rows(page) == [(str(year), href, count) for year, count, href in
                                sorted(YEARS)]
    assert page.select_one("details summary").get_text() == "Chart as a table"
    svg = page.select_one("svg.kb-figure__svg")
    assert page.find(id=svg["aria-describedby"]).get_text() == "Busiest in 2018."
    assert page.find(id=svg["aria-labelledby"]).get_text() == "Case studies active each year"


def test_the_timeline_escapes_and_is_deterministic():
    hostile = [(2020, 2, '?year=2020&x="><script>alert(1)</script>')]
    html = timeline(hostile, HOSTILE, HOSTILE, "t")
    page = soup(html)
    assert page.find("script") is None
    assert page.select_one("svg a")["xlink:href"] == hostile[0][2]
    assert page.select_one("desc").get_text() == HOSTILE
    assert timeline(list(reversed(YEARS)), "c", "s", "t") == timeline(YEARS, "c", "s", "t")
    with pytest.raises(ValueError, match="twice"):
        timeline([(2020, 1, "a"), (2020, 2, "b")], "c", "s", "t")


# --- colours: every text at least 4.5:1 on its fill, edges and focus at least 3:1 ----------


def properties(block: str) -> dict[str, str]:
    return dict(re.findall(r"(--kb-[\w-]+):\s*(#[0-9a-fA-F]{6})", block))


def palettes() -> dict[str, dict[str, str]]:
    css = CSS.read_text(encoding="utf-8")
    default = re.search(r"^\.kb-figure \{(.*?)^\}", css, re.M | re.S).group(1)
    slate = re.search(r'@media screen \{\s*(?:/\*.*?\*/\s*)?\[data-md-color-scheme="slate"\] '
                      r'\.kb-figure \{(.*?)\}', css, re.S).group(1)
    printed = re.search(r"@media print \{.*?\[data-md-color-scheme\] \.kb-figure \{(.*?)\}",
                        css, re.S).group(1)
    # The slate palette is for screens only, so print is the default palette and its own.
    return {"default": properties(default), "slate": properties(slate),
            "print": properties(default) | properties(printed)}


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: str, two: str) -> float:
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("palette", ["default", "slate", "print"])
def test_colours_meet_wcag_contrast_in_every_palette(palette):
    colours = palettes()[palette]
    page = colours["--kb-figure-page"]
    for number in range(BANDS + 1):
        fill, text = colours[f"--kb-band-{number}-fill"], colours[f"--kb-band-{number}-text"]
        assert contrast(text, fill) >= 4.5, (palette, number, text, fill)
    assert contrast(colours["--kb-band-0-edge"], page) >= 3
    assert contrast(colours["--kb-figure-edge"], page) >= 3
    assert contrast(colours["--kb-figure-bar"], page) >= 3
    assert contrast(colours["--kb-figure-focus"], page) >= 3
    assert contrast(colours["--kb-figure-text"], page) >= 4.5
    assert contrast(colours["--kb-figure-text"], colours["--kb-figure-hover"]) >= 4.5


def test_print_uses_the_default_palettes_colours():
    assert palettes()["print"] == palettes()["default"] | {"--kb-figure-hover": "#ffffff"}


def test_the_bands_darken_in_the_default_palette_and_lighten_in_the_slate_one():
    for palette, direction in (("default", -1), ("slate", 1)):
        colours = palettes()[palette]
        fills = [luminance(colours[f"--kb-band-{n}-fill"]) for n in range(1, BANDS + 1)]
        assert fills == sorted(fills, reverse=direction < 0), palette


# --- the real data -------------------------------------------------------------------------


def test_each_current_authority_has_its_own_place_on_the_map():
    terms = yaml.safe_load((ROOT / "vocabularies" / "authorities.yml").read_text())["terms"]
    places = {}
    for term in terms:
        status = (term.get("profile", {}).get("status") or {}).get("value", "")
        if status.startswith("Abolished"):
            assert "map" not in term, f"{term['id']} no longer exists"
        else:
            assert "map" in term, f"{term['id']} has no place on the map"
            place = (term["map"]["column"], term["map"]["row"])
            assert place not in places, f"{term['id']} and {places.get(place)} share a tile"
            places[place] = term["id"]
    # North at the top: the North East above Tees Valley, above London.
    by_id = {term["id"]: term.get("map") for term in terms}
    assert by_id["neca"]["row"] < by_id["tvca"]["row"] < by_id["gla"]["row"]
    assert by_id["lcrca"]["column"] < by_id["gmca"]["column"] < by_id["wyca"]["column"]


# --- in Chromium ---------------------------------------------------------------------------

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Figures</title>
<style>body {{ margin: 16px; font-family: -apple-system, BlinkMacSystemFont, Helvetica, Arial,
sans-serif; }}</style></head><body><main class="md-typeset">{body}</main></body></html>"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_in_chromium_labels_fit_their_tiles_on_a_phone_and_focus_is_visible(
        browser, axe, scheme):
    terms = yaml.safe_load((ROOT / "vocabularies" / "authorities.yml").read_text())["terms"]
    tiles = [Tile(term.get("short_name", term["name"]), term["name"], index % 7,
                  f"#{term['id']}", term["map"]["column"], term["map"]["row"])
             for index, term in enumerate(terms) if "map" in term]
    body = (tile_map(tiles, "Case studies by authority", "Schematic.", "kb-map")
            + timeline(YEARS, "Case studies active each year", "Busiest in 2018.", "kb-tl"))
    page = browser.new_page(viewport={"width": 375, "height": 800}, color_scheme=scheme)
    try:
        attribute = "slate" if scheme == "dark" else "default"
        page.set_content(PAGE.format(body=body).replace(
            "<body>", f'<body data-md-color-scheme="{attribute}">'))
        page.add_style_tag(path=str(CSS))
        overflow = page.evaluate("""() => [...document.querySelectorAll('a.kb-tile')]
            .flatMap(a => {
              const box = a.querySelector('.kb-tile__shape').getBBox();
              return [...a.querySelectorAll('text')].filter(t => {
                const b = t.getBBox();
                return b.x < box.x || b.y < box.y || b.x + b.width > box.x + box.width
                       || b.y + b.height > box.y + box.height;
              }).map(t => t.textContent);
            })""")
        assert overflow == []
        width = page.locator("svg.kb-figure__svg--map").bounding_box()["width"]
        assert 300 <= width <= 375
        # Keyboard focus on a tile draws a ring; without focus there is none.
        ring = "a => getComputedStyle(a.querySelector('.kb-tile__focus')).stroke"
        first = page.locator("a.kb-tile").first
        assert first.evaluate(ring) == "none"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('kb-tile')")
        assert first.evaluate(ring) != "none"
        # And Enter follows it.
        href = first.evaluate("a => a.getAttribute('xlink:href')")
        page.keyboard.press("Enter")
        page.wait_for_function("h => location.hash === h", arg=href)
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": [
            "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]}})
        assert result.response["violations"] == []
    finally:
        page.close()
