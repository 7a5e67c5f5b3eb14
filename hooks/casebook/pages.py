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
from collections import Counter
from collections.abc import Callable

from markupsafe import escape

from casebook import html
from casebook import markdown as md
from casebook.cite import FORMATS as CITATION_FORMATS
from casebook.cite import Reference, download_path, suggested
from casebook.explore import explore_page, facet_block
from casebook.figures import Tile, tile_map
from casebook.figures import timeline as chart
from casebook.html import render
from casebook.model import (
    CaseStudy,
    Catalog,
    Facet,
    Term,
    Webinar,
    by_title,
    long_date,
)
from casebook.page_parts import (
    STATUS_LABELS,
    Fragment,
    PageParts,
    SitePage,
    case_list,
    empty_state,
    framework_note,
    marker,
    source_list,
    tally,
    term_links,
)
from casebook.urls import (
    CASES_INDEX,
    HOME,
    PROMPTS,
    WORKSHOP,
    case_uri,
    explore_href,
    href,
    term_feed,
    term_index_uri,
    term_uri,
    webinar_uri,
)
from casebook.webinar_pages import webinar_pages
from casebook.workshop import workshop_page

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
                    before=parts.before, after=marker("end"))


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
        return (f'{marker("breadcrumbs")}<h1>{escape(case.title)}</h1>\n'
                f'<p class="kb-lead">{escape(case.summary)}</p>\n{marker("facts")}')

    def facts(self) -> str:
        catalog, case, uri = self.catalog, self.case, self.uri
        return html.facts([
            *((facet.name if len(case.terms(facet.id)) > 1 else facet.singular,
               term_links(catalog, facet.id, case.terms(facet.id), uri))
              for facet in catalog.vocabulary.facets if case.terms(facet.id)),
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
    return facet_block(catalog, case, today)


def timeline(catalog: Catalog, from_uri: str, today: dt.date) -> str:
    """How many case studies were active in each year, each year a link to the explorer
    filtered to it ("" without case studies)."""
    counts = Counter(y for c in catalog.case_studies for y in c.active_years(today))
    if not counts:
        return ""
    years = range(min(counts), max(counts) + 1)
    busiest = sorted(years, key=lambda y: (-counts[y], y))[:3]
    summary = (f"From {years[0]} to {years[-1]}. The years with the most case studies active "
               "are " + md.join_words([f"{y} ({counts[y]})" for y in busiest]) + ".")
    return chart([(y, counts[y], explore_href(from_uri, **{"from": str(y), "to": str(y)}))
                  for y in years], "Case studies active each year", summary,
                 "kb-timeline")


def cases_index_page(catalog: Catalog, today: dt.date | None = None) -> SitePage:
    """/case-studies/: every case study, by newest, by each facet that asks for a tab and by
    title (tabs), after a timeline of the years they were active."""
    uri = CASES_INDEX
    cases = catalog.case_studies
    parts = PageParts(uri).breadcrumbs([("Home", HOME)])
    empty = empty_state("has been published")

    def tab(label: str, body: str) -> str:
        indented = "\n".join(("    " + line) if line else "" for line in body.splitlines())
        return f'=== "{label}"\n\n{indented}\n'

    def by_terms(facet: Facet) -> str:
        groups = []
        for term in facet.terms:
            tagged = by_title(catalog.tagged(facet.id, term.id))
            if tagged:
                groups.append(f"### {md.link(term.name, uri, term_uri(facet.id, term.id))}\n\n"
                              + parts.slot(f"{facet.id}-{term.id}",
                                           case_list(catalog, tagged, uri, summary=False)))
        return "\n".join(groups) or md.text(empty)

    tabbed = [f for f in catalog.vocabulary.facets if f.tab]
    parts.add(
        "# Case studies\n",
        f"{md.plural(len(cases), 'case study', 'case studies')} in this knowledge base.\n",
        *(["## When the work happened\n",
           parts.slot("timeline", lambda: timeline(catalog, uri, today))]
          if today is not None and cases else []),
        "## Every case study\n",
        tab("Newest first", parts.slot("newest", case_list(catalog, cases, uri, empty))),
        *(tab(f"By {f.singular.lower()}", by_terms(f)) for f in tabbed),
        tab("By title", parts.slot("by-title", case_list(catalog, by_title(cases), uri, empty))))
    ways = ["newest first", *(f"by {f.singular.lower()}" for f in tabbed), "by title"]
    return parts.page("Case studies",
                      description="Every case study in the knowledge base, "
                                  + md.join_words(ways) + ".")


# --------------------------------------------------------------------------- term pages

def term_index_page(catalog: Catalog, facet: Facet) -> SitePage:
    """A facet's index (``/themes/``): its introduction, its schematic map if its terms have
    tiles, and every term with its description and count."""
    uri = term_index_uri(facet.id)
    parts = PageParts(uri).breadcrumbs([("Home", HOME)])
    parts.add(f"# {md.text(facet.name)}\n")
    if facet.description:
        parts.add(md.text(facet.description) + "\n")
    if facet.mapped:
        parts.html("map", lambda: facet_map(catalog, facet, uri))
    for term in facet.terms:
        count = catalog.count(facet.id, term.id)
        parts.add(f"## {md.link(term.name, uri, term_uri(facet.id, term.id))}\n\n"
                  f"{md.text(term.description)}\n\n"
                  f"{md.plural(count, 'case study', 'case studies')}\n{{ .kb-count }}\n")
    return parts.page(facet.name, description=facet.description
                      or f"Every {facet.singular.lower()} with its case studies.")


def facet_map(catalog: Catalog, facet: Facet, from_uri: str) -> str:
    """The schematic map of a facet's terms that have tiles, shaded by case studies."""
    tiles = [Tile(label=t.label, name=t.name, count=catalog.count(facet.id, t.id),
                  href=href(from_uri, term_uri(facet.id, t.id)), column=t.map[0], row=t.map[1])
             for t in facet.mapped]
    return tile_map(tiles, facet.map_caption or facet.name, facet.map_note,
                    f"kb-map-{facet.id}", name_heading=facet.singular)


def _count_table(catalog: Catalog, facet: Facet, cases: tuple[CaseStudy, ...],
                 parts: PageParts) -> None:
    """How many of ``cases`` name each of ``facet``'s terms (those with any)."""
    counts = Counter(i for c in cases for i in c.terms(facet.id))
    rows = [(t.label, href(parts.uri, term_uri(facet.id, t.id)), counts[t.id])
            for t in facet.terms if counts[t.id]]
    if rows:
        parts.add(f"## Case studies by {md.text(facet.singular.lower())}\n")
        parts.html(f"counts-{facet.id}", lambda: render("count_table.html",
                                                         label=facet.singular, rows=rows))


def _profile(term: Term) -> str:
    """A term's sourced profile as a Markdown table."""
    rows = []
    for fact in term.facts:
        value = fact.value if isinstance(fact.value, str) else "; ".join(fact.value)
        if fact.as_of:
            value += f" (as of {long_date(dt.date.fromisoformat(fact.as_of))})"
        rows.append(f"| {md.text(fact.label)} | {md.text(value)} | "
                    f"[{md.text(fact.source.title)}]({md.url(fact.source.url)}) |")
    return "## Profile\n\n| Fact | Detail | Source |\n|---|---|---|\n" + "\n".join(rows) + "\n"


def term_page(catalog: Catalog, facet: Facet, term: Term) -> SitePage:
    """A term's page: its description and profile, its prompts, a tally of its case studies
    by another facet, its case studies (grouped by another facet if the facet says so),
    counts by another facet, and its webinars."""
    vocabulary = catalog.vocabulary
    uri = term_uri(facet.id, term.id)
    cases = catalog.tagged(facet.id, term.id)
    parts = PageParts(uri)
    parts.breadcrumbs([("Home", HOME), (facet.name, term_index_uri(facet.id))])
    parts.add(f"# {md.text(term.name)}\n", f"{md.text(term.description)}\n{{ .kb-lead }}\n")
    if term.facts:
        parts.add(_profile(term))
    prompts = vocabulary.prompts_for(term.id) if facet.id == vocabulary.prompt_facet else ()
    if prompts:
        stage_names = {s.id: s.name for s in vocabulary.stages}
        items = [(stage_names.get(p.stage, p.stage), p.name, href(uri, term_uri("prompts", p.id)))
                 for p in prompts]
        parts.add("## Guiding prompts\n")
        parts.html("prompts", lambda: html.item_list(False, (
            f"<strong>{escape(lead)}:</strong> " + html.link(text, link)
            for lead, text, link in items)))
    tallied = vocabulary.facet(facet.tally_by)
    if tallied is not None and cases:
        parts.add(f"## {md.text(tallied.name)}\n",
                  "Each number opens these case studies in the explorer.\n")
        parts.html(f"tally-{tallied.id}",
                   tally(tallied, cases, uri, **{facet.key: term.id}))
    parts.add(f"## Case studies ({len(cases)})\n")
    empty = empty_state(f"names this {facet.singular.lower()}")
    group = vocabulary.facet(facet.group_by)
    if group is None or not cases:
        parts.html("cases", case_list(catalog, cases, uri, empty))
    else:
        for other in group.terms:
            within = [c for c in cases if other.id in c.terms(group.id)]
            if within:
                parts.add(f"### {md.link(other.name, uri, term_uri(group.id, other.id))}\n")
                parts.html(f"{group.id}-{other.id}",
                           case_list(catalog, within, uri, summary=False))
    counted = vocabulary.facet(facet.count_by)
    if counted is not None:
        _count_table(catalog, counted, cases, parts)
    webinars = catalog.webinars_for(facet.id, term.id)
    if webinars:
        parts.add("## Webinars\n\n" + webinar_link_list(webinars, uri) + "\n")
    return parts.page(term.name, description=term.description,
                      feed=term_feed(facet.key, term.id) if facet.feed else "")


def prompts_page(catalog: Catalog) -> SitePage:
    """/prompts/: the framework at a glance, each prompt with its anchor and examples."""
    uri = PROMPTS
    vocabulary = catalog.vocabulary
    owner = vocabulary.facet(vocabulary.prompt_facet)
    stage_names = {s.id: s.name for s in vocabulary.stages}
    parts = PageParts(uri).breadcrumbs([("Home", HOME)])
    parts.add(
        "# Guiding prompts\n",
        f"{md.text(vocabulary.prompts_intro)} There are prompts for each stage below, for each "
        f"of the {md.plural(len(owner.terms), owner.singular.lower(), owner.name.lower())}.\n",
        framework_note(vocabulary.prompts_note),
        "## The stages\n\n" + "\n\n".join(
            f"{md.text(s.name)}\n:   {md.text(s.description)}" for s in vocabulary.stages)
        + "\n",
        f"To work through the prompts in a room, print the "
        f"{md.link('workshop pack', uri, WORKSHOP)}: one {md.text(owner.singular.lower())} "
        "per page, with space for notes.\n",
    )
    see = f"See the {owner.singular.lower()}"
    for owned in owner.terms:
        parts.add(f"## {md.text(owned.name)}\n\n{md.text(owned.description)} "
                  f"{md.link(see, uri, term_uri(owner.id, owned.id))}.\n")
        for prompt in vocabulary.prompts_for(owned.id):
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
                      description=f"The framework's guiding prompts by "
                                  f"{owner.singular.lower()} and stage, each with the case "
                                  "studies that illustrate it.")


# --------------------------------------------------------------------------- everything

def site_pages(catalog: Catalog, today: dt.date, site_url: str = "",
               site_name: str = "", webinars: str | None = "") -> list[SitePage]:
    """Every generated page for the catalog, in a stable order; ``today`` is the build date,
    ``site_url`` the published address (for the workshop pack's printed links and
    citations) and ``site_name`` the knowledge base's name (its citations' author).
    ``webinars`` is the webinar archive's introduction ("" for the default one), or None
    for a knowledge base without webinars."""
    pages = [case_study_page(catalog, case, today,
                             Reference.of(catalog, case, site_url, site_name))
             for case in catalog.case_studies]
    pages.append(cases_index_page(catalog, today))
    for facet in catalog.vocabulary.facets:
        pages.append(term_index_page(catalog, facet))
        pages += [term_page(catalog, facet, term) for term in facet.terms]
    if catalog.vocabulary.prompts:
        pages.append(prompts_page(catalog))
        pages.append(workshop_page(catalog, site_url))
    if webinars is not None:
        pages += webinar_pages(catalog, today, *([webinars] if webinars else []))
    pages.append(explore_page(catalog, today))
    return pages


def webinar_link_list(webinars: tuple[Webinar, ...], from_uri: str) -> str:
    return "\n".join(f"- {md.link(w.title, from_uri, webinar_uri(w.slug))} ({md.text(w.date)})"
                     for w in webinars)
