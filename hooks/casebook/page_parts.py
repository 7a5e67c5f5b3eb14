"""What every generated page is made of, shared by the modules that make pages.

:class:`SitePage` is a generated page (Markdown plus HTML slots); :class:`PageParts` collects
one page's blocks and slots; the rest are parts several kinds of page show (sources, term
links, lists of case studies, the framework's note). The page modules (:mod:`casebook.pages`,
:mod:`casebook.explore`, :mod:`casebook.webinar_pages`, :mod:`casebook.workshop`) import
from here, and :mod:`casebook.pages` assembles them all, so imports point one way.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markupsafe import escape

from casebook import html
from casebook import markdown as md
from casebook.html import render
from casebook.model import CaseStudy, Catalog, Facet, SourceRef
from casebook.urls import CONTRIBUTE, case_uri, explore_href, href, page_url, root_prefix, term_uri

STATUS_LABELS = {"planned": "Planned", "ongoing": "Ongoing", "completed": "Completed"}

# A slot's marker survives Markdown (as a raw HTML comment, or inside a paragraph when it is
# indented in a tab) and sanitising. Contributors cannot write one: their raw HTML, comments
# included, is made inert before rendering.
_SLOT_START = "<!-- casebook-slot:"
_SLOT_END = " -->"
_PARAGRAPH = ("<p>", "</p>")

Fragment = Callable[[], str]


@functools.cache
def marker(name: str) -> str:
    """A slot's marker; one string per name, however many pages use it."""
    return f"{_SLOT_START}{name}{_SLOT_END}\n"


@dataclass(frozen=True, slots=True)
class SitePage:
    """A generated page: where it goes, its Markdown, its slots and its metadata.

    ``title`` and ``description`` are plain text (the hook escapes them for HTML);
    ``contributed`` marks pages whose content
    comes from contributors' files and must be sanitised after rendering. ``slots`` maps a
    slot name to a function rendering its HTML; :meth:`fill_slots` calls them when the page
    is written, so large fragments are never all held at once.
    """

    src_uri: str
    title: str
    markdown: str
    description: str = ""
    contributed: bool = False
    source_path: str = ""
    hide: tuple[str, ...] = field(default=())
    kind: str = "index"  # "case-study", "webinar" or "index"
    searchable: bool = True  # False keeps the page out of the search index
    feed: str = ""  # site-relative path of the page's own Atom feed, if it has one
    slug: str = ""
    slots: tuple[tuple[str, Fragment], ...] = ()
    # (id, title) of the headings the slots add, for the table of contents
    end_sections: Callable[[], tuple[tuple[str, str], ...]] = tuple
    before: Fragment = str  # HTML put before the rendered Markdown (searched, not parsed)
    after: str = ""  # HTML put after it

    def fill_slots(self, html: str) -> str:
        """``html`` with every slot marker replaced by its fragment, rendered now.

        Raises ValueError if a slot's marker is missing or appears twice, or if the page
        holds a marker for a slot it does not have: a fragment silently lost or repeated
        would be a broken page.
        """
        if not self.slots:
            return html
        fragments = dict(self.slots)
        pieces: list[str] = []
        done = 0
        while (start := html.find(_SLOT_START, done)) >= 0:
            end = html.find(_SLOT_END, start)
            name = html[start + len(_SLOT_START):end]
            if end < 0 or name not in fragments:
                raise ValueError(f"{self.src_uri}: unexpected slot marker {name!r}")
            end += len(_SLOT_END)
            if html.endswith(_PARAGRAPH[0], 0, start) and html.startswith(_PARAGRAPH[1], end):
                start, end = start - len(_PARAGRAPH[0]), end + len(_PARAGRAPH[1])
            pieces += (html[done:start], fragments.pop(name)())
            done = end
        if fragments:
            raise ValueError(f"{self.src_uri}: the page lost its slot(s) {', '.join(fragments)}")
        pieces.append(html[done:])
        return "".join(pieces)


class PageParts:
    """Collects one page's Markdown blocks and slots, in reading order."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.blocks: list[str] = []
        self.slots: list[tuple[str, Fragment]] = []

    def add(self, *markdown: str) -> PageParts:
        self.blocks.extend(block for block in markdown if block)
        return self

    def slot(self, name: str, fragment: Fragment) -> str:
        """Register ``fragment`` under ``name``; return its marker to place in Markdown."""
        self.slots.append((name, fragment))
        return marker(name)

    def html(self, name: str, fragment: Fragment) -> PageParts:
        """Add a slot as a block of its own."""
        return self.add(self.slot(name, fragment))

    def breadcrumbs(self, trail: list[tuple[str, str]]) -> PageParts:
        """A breadcrumb trail of (label, uri) pairs, ending at the current page's parent."""
        links = [(label, href(self.uri, uri)) for label, uri in trail]
        return self.html("breadcrumbs", lambda: html.breadcrumbs(links))

    def page(self, title: str, **details: object) -> SitePage:
        markdown = self.blocks[0] if len(self.blocks) == 1 else "\n".join(self.blocks)
        return SitePage(self.uri, title, markdown, slots=tuple(self.slots),
                        **details)  # type: ignore[arg-type]


def source_date(value: str) -> str:
    """``2019``, ``2019-07`` or ``2019-07-22`` -> ``2019``, ``July 2019``, ``22 July 2019``."""
    parts = value.split("-")
    if len(parts) == 1:
        return value
    month = dt.date(int(parts[0]), int(parts[1]), 1).strftime("%B")
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def source_line(source: SourceRef) -> str:
    """A source as HTML: its linked title, publisher, date (or "undated") and note."""
    when = source_date(source.date) if source.date else "undated"
    detail = ", ".join(x for x in (source.publisher, when) if x)
    note = f" ({escape(source.note)})" if source.note else ""
    return (f'<a class="kb-source" href="{escape(source.url)}">{escape(source.title)}</a>, '
            f"{escape(detail)}{note}")


def source_list(sources: Iterable[SourceRef]) -> str:
    """A numbered list of sources (HTML)."""
    return html.item_list(True, (source_line(s) for s in sources))


def term_links(catalog: Catalog, kind: str, ids: Iterable[str],
               from_uri: str) -> list[tuple[str, str]]:
    """(label, href) for each known term id, for a fragment."""
    terms = (catalog.vocabulary.get(kind, term_id) for term_id in ids)
    return [(t.label, href(from_uri, term_uri(kind, t.id))) for t in terms if t]


def term_labels(catalog: Catalog, kind: str, ids: Iterable[str]) -> str:
    """The labels of the known terms among ``ids``, joined with commas."""
    return ", ".join(t.label for t in (catalog.vocabulary.get(kind, i) for i in ids) if t)


# --------------------------------------------------------------------------- case lists

def _entry(catalog: Catalog, case: CaseStudy, prefix: str, summary: bool) -> str:
    """One list item: title link, then the terms of the facets shown in lists, status and
    period, then the summary."""
    meta = escape(" · ".join(x for x in (
        *(term_labels(catalog, f.id, case.terms(f.id)) for f in catalog.vocabulary.facets
          if f.in_lists), STATUS_LABELS[case.status], str(case.period)) if x))
    text = f"<br>\n{escape(case.summary)}" if summary else ""
    url = prefix + page_url(case_uri(case.slug))
    return (f'<li><strong><a href="{escape(url)}">{escape(case.title)}</a>'
            f"</strong><br>\n{meta}{text}</li>\n")


def case_list(catalog: Catalog, cases: Iterable[CaseStudy], from_uri: str, empty: str = "",
              summary: bool = True) -> Fragment:
    """A fragment listing ``cases``: title link, the terms of the facets shown in lists,
    status and period, summary.

    ``empty`` is what to say when there are none (followed by an invitation to contribute).
    Lists can hold thousands of entries, so they are joined from escaped strings rather
    than rendered by a template.
    """
    cases = tuple(cases)

    def fragment() -> str:
        if not cases:
            return (f"<p>{escape(empty)} <a href=\"{escape(href(from_uri, CONTRIBUTE))}\">"
                    "Contribute one</a> if you know of an example.</p>\n")
        prefix = root_prefix(from_uri)
        # Lists repeat what each case study's own page says: kept out of the search index.
        return ('<ul class="kb-cases" data-pagefind-ignore>\n'
                + "".join(_entry(catalog, c, prefix, summary) for c in cases) + "</ul>\n")
    return fragment


def tally(facet: Facet, cases: Iterable[CaseStudy], from_uri: str,
          **within: str) -> Fragment:
    """A fragment: a table of how many of ``cases`` have each of ``facet``'s terms, each
    term linking to its page and each number to the explorer filtered to that term (and to
    the ``within`` filters, explorer parameter to term id, that picked ``cases``)."""
    cases = tuple(cases)

    def fragment() -> str:
        counts = Counter(i for c in cases for i in c.terms(facet.id))
        rows = [(term.label, href(from_uri, term_uri(facet.id, term.id)), counts[term.id],
                 explore_href(from_uri, **within, **{facet.key: term.id}) if counts[term.id]
                 else "") for term in facet.terms]
        return render("tally.html", label=facet.singular, rows=rows)
    return fragment


def empty_state(what: str) -> str:
    return f"No case study {what} yet."


def framework_note(note: str) -> str:
    """An admonition saying where the framework comes from ("" without a note)."""
    return f'!!! note "About this framework"\n\n    {md.text(note)}\n' if note else ""
