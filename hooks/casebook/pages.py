"""Pure renderers: Catalog -> Markdown for every generated page.

Nothing here reads files or knows about MkDocs. :func:`site_pages` returns one
:class:`SitePage` per generated page; the hook turns them into virtual files. Every value from
the data files is escaped with :mod:`casebook.markdown`. Links point at ``.md`` sources so
MkDocs validates them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from casebook import markdown as md
from casebook.model import CaseStudy, Catalog, Term, Webinar, by_title

HOME = "index.md"
CASES_INDEX = "case-studies/index.md"
PROMPTS = "prompts/index.md"
CONTRIBUTE = "contribute.md"
INDEX_URIS = {"themes": "themes/index.md", "authorities": "authorities/index.md",
              "levers": "levers/index.md"}
KIND_LABELS = {"themes": ("Theme", "Themes"), "authorities": ("Authority", "Authorities"),
               "levers": ("Lever", "Levers"), "prompts": ("Guiding prompt", "Guiding prompts")}
STATUS_LABELS = {"planned": "Planned", "ongoing": "Ongoing", "completed": "Completed"}


@dataclass(frozen=True)
class SitePage:
    """A generated page: where it goes, its Markdown, and the metadata MkDocs should use.

    ``title`` and ``description`` are plain text (the hook escapes them for HTML); ``tags``
    are plain-text terms fed to the search index; ``contributed`` marks pages whose content
    comes from contributors' files and must be sanitised after rendering.
    """

    src_uri: str
    title: str
    markdown: str
    description: str = ""
    tags: tuple[str, ...] = ()
    contributed: bool = False
    source_path: str = ""
    hide: tuple[str, ...] = field(default=())
    kind: str = "index"  # "case-study", "webinar" or "index"
    searchable: bool = True  # False keeps the page out of Material's search index
    slug: str = ""


def term_uri(kind: str, term_id: str) -> str:
    if kind == "prompts":
        return f"{PROMPTS}#{term_id}"
    return f"{kind}/{term_id}.md"


def case_uri(slug: str) -> str:
    return f"case-studies/{slug}.md"


def webinar_uri(slug: str) -> str:
    return f"webinars/{slug}.md"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def source_date(value: str) -> str:
    """``2019``, ``2019-07`` or ``2019-07-22`` -> ``2019``, ``July 2019``, ``22 July 2019``."""
    parts = value.split("-")
    if len(parts) == 1:
        return value
    month = dt.date(int(parts[0]), int(parts[1]), 1).strftime("%B")
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def breadcrumbs(from_uri: str, trail: list[tuple[str, str]]) -> str:
    """A breadcrumb trail of (label, uri) pairs, ending at the current page's parent."""
    links = " › ".join(md.link(label, from_uri, uri) for label, uri in trail)
    return f'<nav class="kb-breadcrumbs" aria-label="Breadcrumb" markdown>\n{links}\n</nav>\n'


def unsearched(markdown: str) -> str:
    """Wrap a listing so Material's search skips it: the case studies it repeats are
    indexed on their own pages, and listings would otherwise dominate the search index."""
    return f"<div data-search-exclude markdown>\n\n{markdown.strip()}\n\n</div>\n"


def _term_links(catalog: Catalog, kind: str, ids: tuple[str, ...], from_uri: str) -> str:
    links = []
    for term_id in ids:
        term = catalog.vocabulary.get(kind, term_id)
        if term is not None:
            links.append(md.link(term.label if kind == "authorities" else term.name,
                                 from_uri, term_uri(kind, term_id)))
    return ", ".join(links)


def _facts_panel(rows: list[tuple[str, str]]) -> str:
    """A definition list inside a styled panel; values are already-escaped Markdown."""
    items = "\n\n".join(f"{md.text(label)}\n:   {value}" for label, value in rows if value)
    return f'<div class="kb-meta" markdown>\n\n{items}\n\n</div>\n'


# --------------------------------------------------------------------------- case studies

def case_study_page(catalog: Catalog, case: CaseStudy) -> SitePage:
    """The page for one case study: metadata panel, body, sources, webinars, related."""
    uri = case_uri(case.slug)
    vocabulary = catalog.vocabulary
    prompts = [vocabulary.get("prompts", p) for p in case.prompts]
    rows = [
        ("Authorities" if len(case.authorities) > 1 else "Authority",
         _term_links(catalog, "authorities", case.authorities, uri)),
        ("Themes", _term_links(catalog, "themes", case.themes, uri)),
        ("Levers", _term_links(catalog, "levers", case.levers, uri)),
        ("Status", md.text(STATUS_LABELS[case.status])),
        ("Period", md.text(case.period)),
    ]
    parts = [
        breadcrumbs(uri, [("Home", HOME), ("Case studies", CASES_INDEX)]),
        f"# {md.text(case.title)}\n",
        f"{md.text(case.summary)}\n{{ .kb-lead }}\n",
        _facts_panel(rows),
        md.inert_html(case.body.strip()) + "\n",
    ]
    if prompts:
        lines = [f"- {md.link(p.name, uri, term_uri('prompts', p.id))}" for p in prompts if p]
        parts.append("## Guiding prompts this case study illustrates\n\n" + "\n".join(lines)
                     + "\n")
    sources = []
    for source in case.sources:
        detail = ", ".join(md.text(x) for x in (source.publisher,
                                                 source_date(source.date) if source.date
                                                 else "undated") if x)
        sources.append(f"1. [{md.text(source.title)}]({md.url(source.url)}){{ .kb-source }}, "
                       f"{detail}")
    parts.append("## Sources\n\n" + "\n".join(sources) + "\n")
    webinars = catalog.webinars_for_case(case.slug)
    if webinars:
        parts.append("## Webinars\n\n" + "\n".join(
            f"- {md.link(w.title, uri, webinar_uri(w.slug))} ({md.text(w.date)})"
            for w in webinars) + "\n")
    related = catalog.related(case)
    if related:
        parts.append("## Related case studies\n\n" + unsearched("\n".join(
            f"- {md.link(r.title, uri, case_uri(r.slug))}: {md.text(r.summary)}"
            for r in related)))
    footer = [f"Published {long_date(case.published)}"]
    if case.updated:
        footer.append(f"updated {long_date(case.updated)}")
    if case.contributors:
        footer.append("contributed by " + md.join_words(list(case.contributors)))
    parts.append(md.text("; ".join(footer) + ".") + "\n{ .kb-published }\n")
    tags = tuple(dict.fromkeys(
        name
        for kind in ("authorities", "themes", "levers")
        for term in (vocabulary.get(kind, i) for i in case.terms(kind)) if term is not None
        for name in (term.name, term.short_name) if name))
    return SitePage(uri, case.title, "\n".join(parts), description=case.summary, tags=tags,
                    contributed=True, source_path=case.path, kind="case-study",
                    slug=case.slug)


def case_entry(catalog: Catalog, case: CaseStudy, from_uri: str, summary: bool = True) -> str:
    """One list entry: title link, then authorities, status and period, then the summary."""
    authorities = ", ".join(
        md.text(t.label) for t in (catalog.vocabulary.get("authorities", a)
                                   for a in case.authorities) if t)
    meta = f"{authorities} · {STATUS_LABELS[case.status]} · {md.text(case.period)}"
    entry = f"- **{md.link(case.title, from_uri, case_uri(case.slug))}**  \n  {meta}"
    if summary:
        entry += f"  \n  {md.text(case.summary)}"
    return entry


def case_list(catalog: Catalog, cases: list[CaseStudy] | tuple[CaseStudy, ...], from_uri: str,
              empty: str, summary: bool = True) -> str:
    if not cases:
        return empty + "\n"
    return "\n".join(case_entry(catalog, c, from_uri, summary) for c in cases) + "\n"


def _empty_state(from_uri: str, what: str) -> str:
    return (f"No case study {what} yet. "
            f"{md.link('Contribute one', from_uri, CONTRIBUTE)} if you know of an example.")


def cases_index_page(catalog: Catalog) -> SitePage:
    """/case-studies/: every case study, by newest, by authority and by title (tabs)."""
    uri = CASES_INDEX
    cases = catalog.case_studies
    by_authority = []
    for term in catalog.vocabulary.authorities:
        tagged = [c for c in by_title(cases) if term.id in c.authorities]
        if tagged:
            by_authority.append(f"## {md.link(term.name, uri, term_uri('authorities', term.id))}"
                                f"\n\n" + case_list(catalog, tagged, uri, "", summary=False))

    def tab(label: str, body: str) -> str:
        indented = "\n".join(("    " + line) if line else "" for line in body.splitlines())
        return f'=== "{label}"\n\n{indented}\n'

    empty = _empty_state(uri, "has been published")
    parts = [
        breadcrumbs(uri, [("Home", HOME)]),
        "# Case studies\n",
        f"{md.plural(len(cases), 'case study', 'case studies')} of what the Greater London "
        "Authority and England's mayoral combined authorities have done about health "
        "inequalities.\n",
        unsearched("\n".join([
            tab("Newest first", case_list(catalog, cases, uri, empty)),
            tab("By authority", "\n".join(by_authority) or empty),
            tab("By title", case_list(catalog, by_title(cases), uri, empty))])),
    ]
    return SitePage(uri, "Case studies", "\n".join(parts),
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
    uri = INDEX_URIS[kind]
    singular, plural_label = KIND_LABELS[kind]
    rows = []
    for term in catalog.vocabulary.terms(kind):
        count = catalog.count(kind, term.id)
        rows.append(f"## {md.link(term.name, uri, term_uri(kind, term.id))}\n\n"
                    f"{md.text(term.description)}\n\n"
                    f"{md.plural(count, 'case study', 'case studies')}\n{{ .kb-count }}\n")
    parts = [breadcrumbs(uri, [("Home", HOME)]), f"# {plural_label}\n",
             md.text(_INTROS[kind]) + "\n", "\n".join(rows)]
    tags = tuple(t.name for t in catalog.vocabulary.terms(kind))
    return SitePage(uri, plural_label, "\n".join(parts), description=_INTROS[kind], tags=tags)


def _authority_counts(catalog: Catalog, cases: tuple[CaseStudy, ...], uri: str) -> str:
    counts = Counter(a for c in cases for a in c.authorities)
    rows = [f"| {md.link(t.label, uri, term_uri('authorities', t.id))} | {counts[t.id]} |"
            for t in catalog.vocabulary.authorities if counts[t.id]]
    if not rows:
        return ""
    return ("## Case studies by authority\n\n| Authority | Case studies |\n|---|---:|\n"
            + "\n".join(rows) + "\n")


def theme_page(catalog: Catalog, term: Term) -> SitePage:
    uri = term_uri("themes", term.id)
    cases = catalog.tagged("themes", term.id)
    prompts = catalog.vocabulary.prompts_for(term.id)
    stage_names = {s.id: s.name for s in catalog.vocabulary.stages}
    parts = [
        breadcrumbs(uri, [("Home", HOME), ("Themes", INDEX_URIS["themes"])]),
        f"# {md.text(term.name)}\n",
        f"{md.text(term.description)}\n{{ .kb-lead }}\n",
    ]
    if prompts:
        lines = [f"- **{md.text(stage_names.get(p.stage, p.stage))}:** "
                 f"{md.link(p.name, uri, term_uri('prompts', p.id))}" for p in prompts]
        parts.append("## Guiding prompts\n\n" + "\n".join(lines) + "\n")
    parts.append(f"## Case studies ({len(cases)})\n\n" + unsearched(
        case_list(catalog, cases, uri, _empty_state(uri, "is tagged with this theme"))))
    parts.append(_authority_counts(catalog, cases, uri))
    webinars = catalog.webinars_for_theme(term.id)
    if webinars:
        parts.append("## Webinars\n\n" + "\n".join(
            f"- {md.link(w.title, uri, webinar_uri(w.slug))} ({md.text(w.date)})"
            for w in webinars) + "\n")
    return SitePage(uri, term.name, "\n".join(p for p in parts if p),
                    description=term.description, tags=(term.name,))


def authority_page(catalog: Catalog, term: Term) -> SitePage:
    uri = term_uri("authorities", term.id)
    cases = catalog.tagged("authorities", term.id)
    parts = [
        breadcrumbs(uri, [("Home", HOME), ("Authorities", INDEX_URIS["authorities"])]),
        f"# {md.text(term.name)}\n",
        f"{md.text(term.description)}\n{{ .kb-lead }}\n",
    ]
    if term.facts:
        rows = []
        for fact in term.facts:
            value = fact.value if isinstance(fact.value, str) else "; ".join(fact.value)
            rows.append(f"| {md.text(fact.label)} | {md.text(value)} | "
                        f"[{md.text(fact.source.title)}]({md.url(fact.source.url)}) |")
        parts.append("## Profile\n\n| Fact | Detail | Source |\n|---|---|---|\n"
                     + "\n".join(rows) + "\n")
    parts.append(f"## Case studies ({len(cases)})\n")
    if not cases:
        parts.append(_empty_state(uri, "covers this authority") + "\n")
    for theme in catalog.vocabulary.themes:
        in_theme = [c for c in cases if theme.id in c.themes]
        if in_theme:
            parts.append(f"### {md.link(theme.name, uri, term_uri('themes', theme.id))}\n\n"
                         + unsearched(case_list(catalog, in_theme, uri, "", summary=False)))
    return SitePage(uri, term.name, "\n".join(parts), description=term.description,
                    tags=tuple(t for t in (term.name, term.short_name) if t))


def lever_page(catalog: Catalog, term: Term) -> SitePage:
    uri = term_uri("levers", term.id)
    cases = catalog.tagged("levers", term.id)
    parts = [
        breadcrumbs(uri, [("Home", HOME), ("Levers", INDEX_URIS["levers"])]),
        f"# {md.text(term.name)}\n",
        f"{md.text(term.description)}\n{{ .kb-lead }}\n",
        f"## Case studies ({len(cases)})\n\n"
        + unsearched(case_list(catalog, cases, uri, _empty_state(uri, "uses this lever"))),
        _authority_counts(catalog, cases, uri),
    ]
    return SitePage(uri, term.name, "\n".join(p for p in parts if p),
                    description=term.description, tags=(term.name,))


def prompts_page(catalog: Catalog) -> SitePage:
    """/prompts/: the framework at a glance, each prompt with its anchor and examples."""
    uri = PROMPTS
    vocabulary = catalog.vocabulary
    stage_names = {s.id: s.name for s in vocabulary.stages}
    parts = [
        breadcrumbs(uri, [("Home", HOME)]),
        "# Guiding prompts\n",
        "These prompts help a city region find its assets, opportunities and levers for change "
        "on health inequalities. They follow the four stages of appreciative enquiry, for each "
        f"of the {md.plural(len(vocabulary.themes), 'theme')}.\n",
        '!!! note "About this framework"\n\n'
        "    This framework was developed for this knowledge base, drawing on the Cities "
        "Health Inequalities Project's published aims. It is not the original programme's "
        "text: the wording of the project's own enquiry framework is not reproduced here.\n",
        "## The four stages\n\n" + "\n\n".join(
            f"{md.text(s.name)}\n:   {md.text(s.description)}" for s in vocabulary.stages) + "\n",
        f"To work through the prompts in a room, print the "
        f"{md.link('workshop pack', uri, 'workshop.md')}: one theme per page, with space "
        "for notes.\n",
    ]
    for theme in vocabulary.themes:
        parts.append(f"## {md.text(theme.name)}\n\n{md.text(theme.description)} "
                     f"{md.link('See the theme', uri, term_uri('themes', theme.id))}.\n")
        for prompt in vocabulary.prompts_for(theme.id):
            stage = stage_names.get(prompt.stage, prompt.stage)
            examples = catalog.tagged("prompts", prompt.id)
            listing = unsearched(case_list(catalog, examples, uri, "", summary=False)) \
                if examples else (_empty_state(uri, "illustrates this prompt") + "\n")
            parts.append(f"### {md.text(stage)}: {md.text(prompt.name)} "
                         f'{{ #{prompt.id} data-toc-label="{md.attr(stage)}" }}\n\n'
                         f"{md.text(prompt.description)}\n\n"
                         f"**Examples ({len(examples)}):**\n\n{listing}")
    return SitePage(uri, "Guiding prompts", "\n".join(parts),
                    description="The framework's guiding prompts by theme and stage, each with "
                                "the case studies that illustrate it.",
                    tags=tuple(t.name for t in vocabulary.themes))


# --------------------------------------------------------------------------- everything

def site_pages(catalog: Catalog, today: dt.date, site_url: str = "") -> list[SitePage]:
    """Every generated page for the catalog, in a stable order; ``today`` is the build date
    and ``site_url`` the published address (for the workshop pack's printed links)."""
    from casebook.explore import explore_page
    from casebook.webinar_pages import webinar_pages
    from casebook.workshop import workshop_page

    pages = [case_study_page(catalog, case) for case in catalog.case_studies]
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
