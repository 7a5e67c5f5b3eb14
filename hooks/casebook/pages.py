"""Pure renderers: Catalog -> the Markdown and HTML of every generated page.

Nothing here reads files or knows about MkDocs. :func:`site_pages` returns one
:class:`SitePage` per generated page; the hook turns them into virtual files.

A page is Markdown for what readers search (titles, headings, prose, the case-study body)
plus *slots*: HTML fragments (lists of case studies, metadata panels, breadcrumbs) that are
put into the finished page in place of a marker. Lists of case studies repeat what each case
study's own page holds, so they are kept out of the search index and out of the Markdown
parser, which would otherwise spend most of a large build on them. Values from data files
are escaped by :mod:`casebook.markdown` in Markdown and by :mod:`casebook.html` (or Jinja's
autoescaping, for the templates) in fragments.
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
from casebook.cite import FORMATS as CITATION_FORMATS
from casebook.cite import Reference, download_path, suggested
from casebook.html import render
from casebook.model import CaseStudy, Catalog, SourceRef, Term, Webinar, by_title, long_date
from casebook.urls import (
    CASES_INDEX,
    CONTRIBUTE,
    HOME,
    PROMPTS,
    WORKSHOP,
    case_uri,
    href,
    page_url,
    root_prefix,
    term_index_uri,
    term_uri,
    theme_feed,
    webinar_uri,
)

KIND_LABELS = {"themes": ("Theme", "Themes"), "authorities": ("Authority", "Authorities"),
               "levers": ("Lever", "Levers"), "prompts": ("Guiding prompt", "Guiding prompts")}
STATUS_LABELS = {"planned": "Planned", "ongoing": "Ongoing", "completed": "Completed"}

# A slot's marker survives Markdown (as a raw HTML comment, or inside a paragraph when it is
# indented in a tab) and sanitising. Contributors cannot write one: their raw HTML, comments
# included, is made inert before rendering.
_SLOT_START = "<!-- casebook-slot:"
_SLOT_END = " -->"
_PARAGRAPH = ("<p>", "</p>")

Fragment = Callable[[], str]


@functools.cache
def _marker(name: str) -> str:
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
        return _marker(name)

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


def term_label(term: Term, kind: str) -> str:
    return term.label if kind == "authorities" else term.name


def term_links(catalog: Catalog, kind: str, ids: Iterable[str],
               from_uri: str) -> list[tuple[str, str]]:
    """(label, href) for each known term id, for a fragment."""
    terms = (catalog.vocabulary.get(kind, term_id) for term_id in ids)
    return [(term_label(t, kind), href(from_uri, term_uri(kind, t.id))) for t in terms if t]


# --------------------------------------------------------------------------- case lists

def _entry(catalog: Catalog, case: CaseStudy, prefix: str, summary: bool) -> str:
    """One list item: title link, then authorities, status and period, then the summary."""
    authorities = ", ".join(t.label for t in (catalog.vocabulary.get("authorities", a)
                                               for a in case.authorities) if t)
    meta = escape(f"{authorities} · {STATUS_LABELS[case.status]} · {case.period}")
    text = f"<br>\n{escape(case.summary)}" if summary else ""
    url = prefix + page_url(case_uri(case.slug))
    return (f'<li><strong><a href="{escape(url)}">{escape(case.title)}</a>'
            f"</strong><br>\n{meta}{text}</li>\n")


def case_list(catalog: Catalog, cases: Iterable[CaseStudy], from_uri: str, empty: str = "",
              summary: bool = True) -> Fragment:
    """A fragment listing ``cases``: title link, authorities, status and period, summary.

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


def empty_state(what: str) -> str:
    return f"No case study {what} yet."


# --------------------------------------------------------------------------- case studies

def case_study_page(catalog: Catalog, case: CaseStudy, today: dt.date | None = None,
                    cite: Reference | None = None) -> SitePage:
    """The page for one case study: metadata panel, body, prompts, sources, webinars,
    related case studies, and the hidden facets the explorer's text search filters on.

    The title and summary are HTML around the body rather than Markdown: the search index
    reads them all the same, and the Markdown parser has only the contributor's text to do.
    The body is passed on as it is (the same string) when it holds no raw HTML. Everything
    else is made by :class:`_CaseStudyParts` when the page is rendered, so that a site of
    thousands of case studies does not hold it all at once.
    """
    parts = _CaseStudyParts(catalog, case, today, cite)
    return SitePage(parts.uri, case.title, case_markdown(case), description=case.summary,
                    contributed=True, source_path=case.path, kind="case-study",
                    slug=case.slug, slots=parts.slots(), end_sections=parts.headings,
                    before=parts.before, after=_marker("end"))


def case_markdown(case: CaseStudy) -> str:
    """A case study's Markdown: its body, with any raw HTML shown as text. The same string
    when the body holds no ``<``."""
    return md.inert_html(case.body)


class _CaseStudyParts:
    """The HTML around one case study's body, made on demand."""

    __slots__ = ("case", "catalog", "cite", "today", "uri")

    def __init__(self, catalog: Catalog, case: CaseStudy, today: dt.date | None,
                 cite: Reference | None) -> None:
        self.catalog, self.case, self.today, self.cite = catalog, case, today, cite
        self.uri = case_uri(case.slug)

    def sections(self) -> list[tuple[str, str, Callable[[], str]]]:
        return _end_sections(self.catalog, self.case, self.uri, self.cite)

    def slots(self) -> tuple[tuple[str, Fragment], ...]:
        return (("breadcrumbs", self.breadcrumbs), ("facts", self.facts), ("end", self.end))

    def breadcrumbs(self) -> str:
        return html.breadcrumbs([("Home", href(self.uri, HOME)),
                                 ("Case studies", href(self.uri, CASES_INDEX))])

    def before(self) -> str:
        case = self.case
        # No id on the h1: the theme reads an h1 with an id as the top of the contents.
        return (f'{_marker("breadcrumbs")}<h1>{escape(case.title)}</h1>\n'
                f'<p class="kb-lead">{escape(case.summary)}</p>\n{_marker("facts")}')

    def facts(self) -> str:
        catalog, case, uri = self.catalog, self.case, self.uri
        return html.facts([
            ("Authorities" if len(case.authorities) > 1 else "Authority",
             term_links(catalog, "authorities", case.authorities, uri)),
            ("Themes", term_links(catalog, "themes", case.themes, uri)),
            ("Levers", term_links(catalog, "levers", case.levers, uri)),
            ("Status", [(STATUS_LABELS[case.status], "")]),
            ("Period", [(str(case.period), "")]),
        ])

    def end(self) -> str:
        parts = [html.heading(2, anchor, title) + body()
                 for anchor, title, body in self.sections()]
        parts.append(f'<p class="kb-published">{escape(_published_line(self.case))}</p>\n')
        if self.today is not None:
            parts.append(_facets(self.catalog, self.case, self.today))
        return "".join(parts)

    def headings(self) -> tuple[tuple[str, str], ...]:
        return tuple((anchor, title) for anchor, title, _ in self.sections())


def _end_sections(catalog: Catalog, case: CaseStudy, uri: str, cite: Reference | None = None
                  ) -> list[tuple[str, str, Callable[[], str]]]:
    """(id, title, body) of each section after a case study's body. The body (HTML) is
    rendered when the page is written, so the table of contents costs little. Ids start
    with ``kb-`` so they do not clash with the ids of the body's own headings."""
    sections: list[tuple[str, str, Callable[[], str]]] = []
    prompts = [p for p in (catalog.vocabulary.get("prompts", i) for i in case.prompts) if p]
    if prompts:
        sections.append(("kb-prompts", "Guiding prompts this case study illustrates",
                         lambda: html.item_list(False, (
                             html.link(p.name, href(uri, term_uri("prompts", p.id)))
                             for p in prompts))))

    sections.append(("kb-sources", "Sources", lambda: source_list(case.sources)))
    webinars = catalog.webinars_for_case(case.slug)
    if webinars:
        sections.append(("kb-webinars", "Webinars", lambda: html.item_list(False, (
            f"{html.link(w.title, href(uri, webinar_uri(w.slug)))} ({escape(str(w.date))})"
            for w in webinars))))
    if catalog.has_related(case):
        sections.append(("kb-related", "Related case studies", lambda: html.item_list(False, (
            f"{html.link(r.title, href(uri, case_uri(r.slug)))}: {escape(r.summary)}"
            for r in catalog.related(case)), searched=False)))
    if cite is not None:
        sections.append(("kb-cite", "Cite this case study", lambda: _citation(cite)))
    return sections


def _citation(ref: Reference) -> str:
    """The suggested citation and the three download formats, beside the page."""
    downloads = ", ".join(
        f'<a href="{escape(download_path(ref.key, ext).rpartition("/")[2])}" '
        f'type="{escape(media)}" download>{escape(label)}</a>'
        for ext, label, media in CITATION_FORMATS)
    return (f'<p class="kb-citation">{escape(suggested(ref))}</p>\n'
            f"<p>Download the reference for a reference manager: {downloads}.</p>\n")


def _published_line(case: CaseStudy) -> str:
    footer = [f"Published {long_date(case.published)}"]
    if case.updated:
        footer.append(f"updated {long_date(case.updated)}")
    if case.contributors:
        footer.append("contributed by " + md.join_words(list(case.contributors)))
    checked = f" Facts checked on {long_date(case.reviewed)}." if case.reviewed else ""
    return "; ".join(footer) + "." + checked


def _facets(catalog: Catalog, case: CaseStudy, today: dt.date) -> str:
    from casebook.explore import facet_block

    return facet_block(catalog, case, today)


def cases_index_page(catalog: Catalog) -> SitePage:
    """/case-studies/: every case study, by newest, by authority and by title (tabs)."""
    uri = CASES_INDEX
    cases = catalog.case_studies
    parts = PageParts(uri).breadcrumbs([("Home", HOME)])
    empty = empty_state("has been published")

    def tab(label: str, body: str) -> str:
        indented = "\n".join(("    " + line) if line else "" for line in body.splitlines())
        return f'=== "{label}"\n\n{indented}\n'

    by_authority = []
    for term in catalog.vocabulary.authorities:
        tagged = [c for c in by_title(cases) if term.id in c.authorities]
        if tagged:
            by_authority.append(
                f"## {md.link(term.name, uri, term_uri('authorities', term.id))}\n\n"
                + parts.slot(f"authority-{term.id}",
                             case_list(catalog, tagged, uri, summary=False)))
    parts.add(
        "# Case studies\n",
        f"{md.plural(len(cases), 'case study', 'case studies')} of what the Greater London "
        "Authority and England's mayoral combined authorities have done about health "
        "inequalities.\n",
        tab("Newest first", parts.slot("newest", case_list(catalog, cases, uri, empty))),
        tab("By authority", "\n".join(by_authority) or md.text(empty)),
        tab("By title", parts.slot("by-title", case_list(catalog, by_title(cases), uri, empty))))
    return parts.page("Case studies",
                      description="Every case study in the knowledge base, newest first, by "
                                  "authority and by title.")


# --------------------------------------------------------------------------- term pages

_INTROS = {
    "themes": "The themes of this knowledge base's framework. Each theme has guiding prompts "
              "for the four stages of appreciative enquiry and the case studies that "
              "illustrate it.",
    "authorities": "The Greater London Authority and England's mayoral combined authorities, "
                   "with their profiles and case studies.",
    "levers": "The powers and influence a mayoral authority can use to act on health "
              "inequalities, and the case studies that used each one.",
}


def term_index_page(catalog: Catalog, kind: str) -> SitePage:
    """/themes/, /authorities/ or /levers/: every term with its description and count."""
    uri = term_index_uri(kind)
    _, plural_label = KIND_LABELS[kind]
    parts = PageParts(uri).breadcrumbs([("Home", HOME)])
    parts.add(f"# {plural_label}\n", md.text(_INTROS[kind]) + "\n")
    for term in catalog.vocabulary.terms(kind):
        count = catalog.count(kind, term.id)
        parts.add(f"## {md.link(term.name, uri, term_uri(kind, term.id))}\n\n"
                  f"{md.text(term.description)}\n\n"
                  f"{md.plural(count, 'case study', 'case studies')}\n{{ .kb-count }}\n")
    return parts.page(plural_label, description=_INTROS[kind])


def _authority_counts(catalog: Catalog, cases: tuple[CaseStudy, ...], parts: PageParts) -> None:
    counts = Counter(a for c in cases for a in c.authorities)
    rows = [(t.label, href(parts.uri, term_uri("authorities", t.id)), counts[t.id])
            for t in catalog.vocabulary.authorities if counts[t.id]]
    if rows:
        parts.add("## Case studies by authority\n")
        parts.html("authority-counts",
                   lambda: render("count_table.html", label="Authority", rows=rows))


def _term_header(parts: PageParts, kind: str, term: Term) -> None:
    parts.breadcrumbs([("Home", HOME), (KIND_LABELS[kind][1], term_index_uri(kind))])
    parts.add(f"# {md.text(term.name)}\n", f"{md.text(term.description)}\n{{ .kb-lead }}\n")


def theme_page(catalog: Catalog, term: Term) -> SitePage:
    uri = term_uri("themes", term.id)
    cases = catalog.tagged("themes", term.id)
    prompts = catalog.vocabulary.prompts_for(term.id)
    stage_names = {s.id: s.name for s in catalog.vocabulary.stages}
    parts = PageParts(uri)
    _term_header(parts, "themes", term)
    if prompts:
        items = [(stage_names.get(p.stage, p.stage), p.name, href(uri, term_uri("prompts", p.id)))
                 for p in prompts]
        parts.add("## Guiding prompts\n")
        parts.html("prompts", lambda: html.item_list(False, (
            f"<strong>{escape(lead)}:</strong> " + html.link(text, link)
            for lead, text, link in items)))
    parts.add(f"## Case studies ({len(cases)})\n")
    parts.html("cases", case_list(catalog, cases, uri, empty_state("is tagged with this theme")))
    _authority_counts(catalog, cases, parts)
    webinars = catalog.webinars_for_theme(term.id)
    if webinars:
        parts.add("## Webinars\n\n" + webinar_link_list(webinars, uri) + "\n")
    return parts.page(term.name, description=term.description, feed=theme_feed(term.id))


def authority_page(catalog: Catalog, term: Term) -> SitePage:
    uri = term_uri("authorities", term.id)
    cases = catalog.tagged("authorities", term.id)
    parts = PageParts(uri)
    _term_header(parts, "authorities", term)
    if term.facts:
        rows = []
        for fact in term.facts:
            value = fact.value if isinstance(fact.value, str) else "; ".join(fact.value)
            if fact.as_of:
                value += f" (as of {long_date(dt.date.fromisoformat(fact.as_of))})"
            rows.append(f"| {md.text(fact.label)} | {md.text(value)} | "
                        f"[{md.text(fact.source.title)}]({md.url(fact.source.url)}) |")
        parts.add("## Profile\n\n| Fact | Detail | Source |\n|---|---|---|\n"
                  + "\n".join(rows) + "\n")
    parts.add(f"## Case studies ({len(cases)})\n")
    if not cases:
        parts.html("cases", case_list(catalog, (), uri, empty_state("covers this authority")))
    for theme in catalog.vocabulary.themes:
        in_theme = [c for c in cases if theme.id in c.themes]
        if in_theme:
            parts.add(f"### {md.link(theme.name, uri, term_uri('themes', theme.id))}\n")
            parts.html(f"theme-{theme.id}", case_list(catalog, in_theme, uri, summary=False))
    return parts.page(term.name, description=term.description)


def lever_page(catalog: Catalog, term: Term) -> SitePage:
    uri = term_uri("levers", term.id)
    cases = catalog.tagged("levers", term.id)
    parts = PageParts(uri)
    _term_header(parts, "levers", term)
    parts.add(f"## Case studies ({len(cases)})\n")
    parts.html("cases", case_list(catalog, cases, uri, empty_state("uses this lever")))
    _authority_counts(catalog, cases, parts)
    return parts.page(term.name, description=term.description)


def prompts_page(catalog: Catalog) -> SitePage:
    """/prompts/: the framework at a glance, each prompt with its anchor and examples."""
    uri = PROMPTS
    vocabulary = catalog.vocabulary
    stage_names = {s.id: s.name for s in vocabulary.stages}
    parts = PageParts(uri).breadcrumbs([("Home", HOME)])
    parts.add(
        "# Guiding prompts\n",
        "These prompts help a city region find its assets, opportunities and levers for change "
        "on health inequalities. They follow the four stages of appreciative enquiry, for each "
        f"of the {md.plural(len(vocabulary.themes), 'theme')}.\n",
        '!!! note "About this framework"\n\n'
        "    This framework was developed for this knowledge base, drawing on the Cities "
        "Health Inequalities Project's published aims. It is not the original programme's "
        "text: the wording of the project's own enquiry framework is not reproduced here.\n",
        "## The four stages\n\n" + "\n\n".join(
            f"{md.text(s.name)}\n:   {md.text(s.description)}" for s in vocabulary.stages)
        + "\n",
        f"To work through the prompts in a room, print the "
        f"{md.link('workshop pack', uri, WORKSHOP)}: one theme per page, with space "
        "for notes.\n",
    )
    for theme in vocabulary.themes:
        parts.add(f"## {md.text(theme.name)}\n\n{md.text(theme.description)} "
                  f"{md.link('See the theme', uri, term_uri('themes', theme.id))}.\n")
        for prompt in vocabulary.prompts_for(theme.id):
            stage = stage_names.get(prompt.stage, prompt.stage)
            examples = catalog.tagged("prompts", prompt.id)
            parts.add(f"### {md.text(stage)}: {md.text(prompt.name)} "
                      f'{{ #{prompt.id} data-toc-label="{md.attr(stage)}" }}\n\n'
                      f"{md.text(prompt.description)}\n\n"
                      f"**Examples ({len(examples)}):**\n")
            parts.html(f"examples-{prompt.id}",
                       case_list(catalog, examples, uri, empty_state("illustrates this prompt"),
                                 summary=False))
    return parts.page("Guiding prompts",
                      description="The framework's guiding prompts by theme and stage, each "
                                  "with the case studies that illustrate it.")


# --------------------------------------------------------------------------- everything

def site_pages(catalog: Catalog, today: dt.date, site_url: str = "",
               site_name: str = "") -> list[SitePage]:
    """Every generated page for the catalog, in a stable order; ``today`` is the build date,
    ``site_url`` the published address (for the workshop pack's printed links and
    citations) and ``site_name`` the knowledge base's name (its citations' author)."""
    from casebook.explore import explore_page
    from casebook.webinar_pages import webinar_pages
    from casebook.workshop import workshop_page

    pages = [case_study_page(catalog, case, today, Reference.of(case, site_url, site_name))
             for case in catalog.case_studies]
    pages.append(cases_index_page(catalog))
    for kind in ("themes", "authorities", "levers"):
        pages.append(term_index_page(catalog, kind))
    pages += [theme_page(catalog, t) for t in catalog.vocabulary.themes]
    pages += [authority_page(catalog, t) for t in catalog.vocabulary.authorities]
    pages += [lever_page(catalog, t) for t in catalog.vocabulary.levers]
    pages.append(prompts_page(catalog))
    pages += webinar_pages(catalog, today)
    pages.append(explore_page(catalog, today))
    pages.append(workshop_page(catalog, site_url))
    return pages


def webinar_link_list(webinars: tuple[Webinar, ...], from_uri: str) -> str:
    return "\n".join(f"- {md.link(w.title, from_uri, webinar_uri(w.slug))} ({md.text(w.date)})"
                     for w in webinars)
