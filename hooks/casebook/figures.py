"""Figures drawn as inline SVG: a schematic tile map and a timeline of counts by year.

Pure functions: data in, an HTML ``<figure>`` out, with no file access and no MkDocs. Every
value is escaped with ``markupsafe.escape``, the output is the same bytes for the same input,
and each figure carries its own text alternative, a table of the same links and counts.

The figures take their colours from CSS classes defined in ``docs/assets/figures.css``
(custom properties for the default and slate palettes, and for print); nothing here names a
colour. Neither figure relies on colour: each tile and bar shows its count as text.

The SVG root has ``role="group"``, named by its ``<title>`` and described by its ``<desc>``,
rather than ``role="img"``: the figures hold links, and the children of an image are hidden
from assistive technology, so a keyboard user would land on links a screen reader cannot
name (axe rule ``nested-interactive``).

The SVG links carry their address in ``xlink:href``, not ``href``. Material's instant
navigation resolves every element matching ``[href]`` by assigning ``el.href = el.href``
(integrations/instant/index.ts, ``resolve``); on an SVG link ``href`` is read-only, the
assignment throws, and a page holding one can no longer be reached by instant navigation (the
address changes, the content does not). ``[href]`` does not match the namespaced
``xlink:href``, which every browser still follows; Material's click handler leaves SVG links
to the browser, so choosing one loads its page in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import escape

BANDS = 4  # shading bands for counts above zero; a count of 0 has its own style

# Tile map geometry, in SVG user units. Four columns are about 400 units, drawn about
# 340 px wide on a 375 px phone, where labels of 11 to 16 units are 9 to 13.5 px.
_STEP_X, _STEP_Y = 100, 100
_TILE_W, _TILE_H = 96, 94
_PAD = 3
_LABEL_MAX, _LABEL_MIN = 16, 11
_LABEL_LINES = 3
_COUNT_SIZE = 26
_RING = 5  # room around the tiles for the focus ring

# Timeline geometry: one row per year, year label, bar, count.
_TL_WIDTH = 400
_TL_ROW, _TL_BAR = 30, 18
_TL_YEAR_RIGHT = 44  # the year labels end here (text-anchor end)
_TL_BAR_LEFT = 52
_TL_COUNT_ROOM = 44  # room after the longest bar for its count
_TL_TEXT = 15

Noun = tuple[str, str]  # (singular, plural)
CASE_STUDIES: Noun = ("case study", "case studies")


@dataclass(frozen=True)
class Tile:
    """One term's tile on a schematic map.

    Attributes:
        label: the short text drawn on the tile, wrapped on spaces (a short name).
        name: the full name, in the table, the tooltip and the link's accessible name.
        count: how many items the term has (0 or more).
        href: where the tile links, relative to the page the figure is on.
        column: the tile's column, 0 at the left (west).
        row: the tile's row, 0 at the top (north).
    """

    label: str
    name: str
    count: int
    href: str
    column: int
    row: int


def band(count: int, maximum: int) -> int:
    """The shading band of ``count``: 0 for none, else 1 to ``BANDS`` in equal steps of
    ``maximum`` (the largest count shown), so that a larger count never gets a lighter band."""
    if count <= 0 or maximum <= 0:
        return 0
    return min(BANDS, -(-BANDS * count // maximum))


def band_ranges(maximum: int) -> list[tuple[int, int, int]]:
    """``(band, lowest, highest)`` for each band some count up to ``maximum`` can fall in."""
    ranges = [(0, 0, 0)]
    for number in range(1, BANDS + 1):
        lowest = (number - 1) * maximum // BANDS + 1
        highest = number * maximum // BANDS
        if lowest <= highest:
            ranges.append((number, lowest, highest))
    return ranges


def tile_map(tiles: Sequence[Tile], caption: str, note: str, title_id: str, *,
             noun: Noun = CASE_STUDIES, name_heading: str = "Name",
             table_summary: str = "Map as a table") -> str:
    """A schematic tile map as an HTML ``<figure>``.

    Args:
        tiles: one ``Tile`` per term to show; two tiles may not share a place.
        caption: what the map shows, e.g. "Case studies by authority"; also the SVG title.
        note: a second line under the caption, e.g. that the layout is schematic, not to
            scale, and what it leaves off ("" for none).
        title_id: an id unique on the page; the figure's other ids are made from it.
        noun: the counted thing, singular and plural.
        name_heading: the heading of the table's first column, e.g. "Authority".
        table_summary: the text of the control that shows the table.

    Returns:
        HTML: the figure: its caption, the legend of the shading, the SVG, and a table of
        the same links and counts.

    Raises:
        ValueError: two tiles in one place, or a count below zero.
    """
    _check_counts(tile.count for tile in tiles)
    places = [(tile.column, tile.row) for tile in tiles]
    if len(set(places)) != len(places):
        raise ValueError("two tiles share a place on the map")
    ordered = sorted(tiles, key=lambda tile: (tile.row, tile.column))
    maximum = max((tile.count for tile in tiles), default=0)
    ids = _Ids(title_id)
    if tiles:
        left = min(tile.column for tile in tiles)
        top = min(tile.row for tile in tiles)
        columns = max(tile.column for tile in tiles) - left + 1
        rows = max(tile.row for tile in tiles) - top + 1
    else:
        left = top = columns = rows = 0
    width = columns * _STEP_X - (_STEP_X - _TILE_W) + 2 * _RING
    height = rows * _STEP_Y - (_STEP_Y - _TILE_H) + 2 * _RING
    body = "".join(_tile(tile, (tile.column - left) * _STEP_X + _RING,
                         (tile.row - top) * _STEP_Y + _RING, maximum, noun)
                   for tile in ordered)
    svg = (f'<svg class="kb-figure__svg kb-figure__svg--map" role="group" '
           f'viewBox="0 0 {width} {height}" aria-labelledby="{ids.title}" '
           f'aria-describedby="{ids.desc}">\n'
           f'<title id="{ids.title}">{escape(caption)}</title>\n'
           f'<desc id="{ids.desc}">{escape(_map_description(tiles, noun))}</desc>\n'
           f"{body}</svg>\n")
    rows_html = [(tile.name, tile.href, tile.count)
                 for tile in sorted(tiles, key=lambda tile: (tile.name.casefold(), tile.name,
                                                             tile.href))]
    return (f'<figure class="kb-figure kb-figure--map" data-pagefind-ignore>\n'
            f"{_caption(caption, note)}{_legend(maximum, noun)}{svg}"
            f"{_table(table_summary, caption, (name_heading, _capital(noun[1])), rows_html)}"
            "</figure>\n")


def timeline(years: Sequence[tuple[int, int, str]], caption: str, summary: str,
             title_id: str, *, noun: Noun = CASE_STUDIES,
             table_summary: str = "Chart as a table") -> str:
    """A bar chart of counts by year, one horizontal bar per year, as an HTML ``<figure>``.

    Args:
        years: ``(year, count, href)`` for every year to show, in any order; include the
            years with a count of 0 (they are drawn with no bar). ``href`` is where the year's
            bar links, e.g. the explorer filtered to that year.
        caption: what the chart shows, e.g. "Case studies active each year"; also its title.
        summary: one or two sentences a screen reader gives as the chart's description,
            e.g. which years are busiest.
        title_id: an id unique on the page; the figure's other ids are made from it.
        noun: the counted thing, singular and plural.
        table_summary: the text of the control that shows the table.

    Returns:
        HTML: the figure: its caption, the SVG, and a table of the same links and counts.

    Raises:
        ValueError: a year given twice, or a count below zero.
    """
    _check_counts(count for _, count, _ in years)
    ordered = sorted(years, key=lambda item: item[0])
    if len({year for year, _, _ in ordered}) != len(ordered):
        raise ValueError("a year is given twice")
    maximum = max((count for _, count, _ in ordered), default=0)
    ids = _Ids(title_id)
    bar_room = _TL_WIDTH - _TL_BAR_LEFT - _TL_COUNT_ROOM
    height = len(ordered) * _TL_ROW
    rows = []
    for index, (year, count, href) in enumerate(ordered):
        top = index * _TL_ROW
        length = bar_room * count / maximum if maximum else 0
        middle = top + _TL_ROW / 2
        baseline = _num(middle + _TL_TEXT * 0.35)
        bar = (f'<rect class="kb-figure__bar" x="{_TL_BAR_LEFT}" '
               f'y="{_num(middle - _TL_BAR / 2)}" width="{_num(length)}" '
               f'height="{_TL_BAR}"/>') if count else ""
        name = f"{year}: {_counted(count, noun)}"
        rows.append(
            f'<a class="kb-figure__year{" kb-figure__year--none" if not count else ""}" '
            f'xlink:href="{escape(href)}" aria-label="{escape(name)}">'
            f"<title>{escape(name)}</title>"
            f'<rect class="kb-figure__row" x="0" y="{top}" width="{_TL_WIDTH}" '
            f'height="{_TL_ROW}"/>'
            f'<text class="kb-figure__label" x="{_TL_YEAR_RIGHT}" y="{baseline}" '
            f'text-anchor="end" font-size="{_TL_TEXT}">{year}</text>'
            f"{bar}"
            f'<text class="kb-figure__count" x="{_num(_TL_BAR_LEFT + length + 6)}" '
            f'y="{baseline}" font-size="{_TL_TEXT}">{count}</text>'
            "</a>\n")
    svg = (f'<svg class="kb-figure__svg kb-figure__svg--timeline" role="group" '
           f'viewBox="0 0 {_TL_WIDTH} {height}" aria-labelledby="{ids.title}" '
           f'aria-describedby="{ids.desc}">\n'
           f'<title id="{ids.title}">{escape(caption)}</title>\n'
           f'<desc id="{ids.desc}">{escape(summary)}</desc>\n'
           + "".join(rows) + "</svg>\n")
    rows_html = [(str(year), href, count) for year, count, href in ordered]
    return (f'<figure class="kb-figure kb-figure--timeline" data-pagefind-ignore>\n'
            f"{_caption(caption, '')}{svg}"
            f"{_table(table_summary, caption, ('Year', _capital(noun[1])), rows_html)}"
            "</figure>\n")


# --- the pieces ----------------------------------------------------------------------------


class _Ids:
    def __init__(self, title_id: str) -> None:
        self.title = escape(title_id)
        self.desc = escape(f"{title_id}-desc")


def _check_counts(counts) -> None:
    if any(count < 0 for count in counts):
        raise ValueError("a count is below zero")


def _tile(tile: Tile, x: int, y: int, maximum: int, noun: Noun) -> str:
    shade = band(tile.count, maximum)
    size, lines = _fit(tile.label)
    room = _TILE_W - 2 * _PAD
    centre = x + _TILE_W / 2
    text = []
    for index, line in enumerate(lines):
        baseline = y + _PAD + size * (0.95 + 1.15 * index)
        width = _width(line, size)
        length = (f' textLength="{_num(min(width, room))}" lengthAdjust="spacingAndGlyphs"'
                  if width > room / 2 else "")
        text.append(f'<tspan x="{_num(centre)}" y="{_num(baseline)}"{length}>'
                    f"{escape(line)}</tspan>")
    name = tile.name if tile.label.casefold() in tile.name.casefold() \
        else f"{tile.label}, {tile.name}"
    name = f"{name}: {_counted(tile.count, noun)}"
    ring = _RING - 1
    return (f'<a class="kb-tile kb-band--{shade}" xlink:href="{escape(tile.href)}" '
            f'aria-label="{escape(name)}"><title>{escape(name)}</title>'
            f'<rect class="kb-tile__focus" x="{x - ring}" y="{y - ring}" '
            f'width="{_TILE_W + 2 * ring}" height="{_TILE_H + 2 * ring}" rx="6"/>'
            f'<rect class="kb-tile__shape" x="{x}" y="{y}" width="{_TILE_W}" '
            f'height="{_TILE_H}" rx="4"/>'
            f'<text class="kb-tile__label" text-anchor="middle" font-size="{_num(size)}">'
            + "".join(text) + "</text>"
            f'<text class="kb-tile__count" x="{_num(centre)}" y="{y + _TILE_H - 8}" '
            f'text-anchor="middle" font-size="{_COUNT_SIZE}">{tile.count}</text></a>\n')


def _map_description(tiles: Sequence[Tile], noun: Noun) -> str:
    text = (f"A schematic map, not to scale, of {len(tiles)} tiles, each placed roughly where "
            f"its area lies, with north at the top, and shaded by its number of {noun[1]}.")
    busiest = sorted((tile for tile in tiles if tile.count),
                     key=lambda tile: (-tile.count, tile.name.casefold(), tile.name))[:3]
    if not busiest:
        return f"{text} None has any {noun[1]} yet."
    named = [f"{tile.name} ({tile.count})" for tile in busiest]
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    none = sum(1 for tile in tiles if not tile.count)
    rest = f" {none} of the tiles have none." if none > 1 else (
        " One of the tiles has none." if none == 1 else "")
    return f"{text} Most {noun[1]}: {listed}.{rest}"


def _caption(caption: str, note: str) -> str:
    extra = f'<span class="kb-figure__note">{escape(note)}</span>' if note else ""
    return (f'<figcaption><span class="kb-figure__caption">{escape(caption)}</span>'
            f"{extra}</figcaption>\n")


def _legend(maximum: int, noun: Noun) -> str:
    items = []
    for number, lowest, highest in band_ranges(maximum):
        if number == 0:
            text = "none"
        elif lowest == highest:
            text = str(lowest)
        else:
            text = f"{lowest} to {highest}"
        items.append(f'<li><svg class="kb-figure__swatch" viewBox="0 0 16 16" '
                     f'aria-hidden="true" focusable="false"><rect class="kb-band--{number}" '
                     f'x="0.5" y="0.5" width="15" height="15" rx="2"/></svg>{text}</li>')
    return (f'<div class="kb-figure__legend"><p>Shading: number of {escape(noun[1])}</p>'
            f'<ul>{"".join(items)}</ul></div>\n')


def _table(summary: str, caption: str, headings: tuple[str, str],
           rows: Sequence[tuple[str, str, int]]) -> str:
    body = "".join(f'<tr><td><a href="{escape(href)}">{escape(text)}</a></td>'
                   f'<td class="kb-num">{count}</td></tr>\n' for text, href, count in rows)
    return (f'<details class="kb-figure__data"><summary>{escape(summary)}</summary>\n'
            f"<table>\n<caption>{escape(caption)}</caption>\n"
            f'<thead><tr><th scope="col">{escape(headings[0])}</th>'
            f'<th scope="col" class="kb-num">{escape(headings[1])}</th></tr></thead>\n'
            f"<tbody>\n{body}</tbody>\n</table>\n</details>\n")


def _counted(count: int, noun: Noun) -> str:
    return f"{count} {noun[0] if count == 1 else noun[1]}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _num(value: float) -> str:
    """A coordinate with at most one decimal, written the same way every time."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


# --- fitting a label into a tile ----------------------------------------------------------

# Advance widths in em of Helvetica and Arial (Roboto and San Francisco are close). A font
# that sets a line wider (DejaVu Sans, on some Linux systems, by up to 15 %) is held to the
# estimate: a line longer than half the tile is given that estimate as its textLength.
_LOWER = dict(zip("abcdefghijklmnopqrstuvwxyz",
                  (556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,
                   556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500), strict=True))
_OTHER = {" ": 278, "'": 191, ",": 278, ".": 278, ":": 278, ";": 278, "!": 278, "-": 333,
          "(": 333, ")": 333, "/": 278, "&": 667, "I": 278, "J": 500, "M": 833, "W": 944}


def _width(text: str, size: float) -> float:
    em = sum(_LOWER.get(char) or _OTHER.get(char) or (667 if char.isupper() else 584)
             for char in text)
    return em * size / 1000


def _wrap(words: list[str], size: float, room: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and _width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(label: str) -> tuple[float, list[str]]:
    """The largest label size from 16 down to 11 at which the label fits the tile in three
    lines or fewer; failing that, the smallest size, with any lines after the third joined
    to it (a line too wide is squeezed to the tile by its textLength)."""
    words = label.split() or [""]
    room = _TILE_W - 2 * _PAD
    size = float(_LABEL_MAX)
    while size >= _LABEL_MIN:
        lines = _wrap(words, size, room)
        if len(lines) <= _LABEL_LINES and all(_width(line, size) <= room for line in lines):
            return size, lines
        size -= 0.5
    lines = _wrap(words, _LABEL_MIN, room)
    if len(lines) > _LABEL_LINES:
        lines = lines[:_LABEL_LINES - 1] + [" ".join(lines[_LABEL_LINES - 1:])]
    return float(_LABEL_MIN), lines
