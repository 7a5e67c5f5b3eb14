"""The explorer page, the theme x authority matrix and the search facets of each case study.

The explorer filters with Pagefind, which indexes the built case-study pages: each page
carries hidden ``data-pagefind-filter`` values (ids, so URLs stay stable) written by
:func:`facet_block`. Without JavaScript the explorer page lists every case study.
"""

from __future__ import annotations

import datetime as dt
import functools

from casebook import html
from casebook import markdown as md
from casebook.html import render
from casebook.model import CaseStudy, Catalog, by_title
from casebook.pages import STATUS_LABELS, PageParts, SitePage, term_label
from casebook.urls import EXPLORE, HOME, case_uri, explore_href, href, term_uri

# Marks case-study pages in the search index: the explorer's text search looks at them only.
KIND_FILTER = ("kind", "case-study")
FACETS = (("theme", "themes", "Theme"), ("authority", "authorities", "Authority"),
          ("lever", "levers", "Lever"))


def active_years(case: CaseStudy, today: dt.date) -> range:
    """Years a case study was active: start to end, or to the build year if still running."""
    end = case.period.end if case.period.end is not None else max(today.year,
                                                                   case.period.start)
    return range(case.period.start, end + 1)


def facet_block(catalog: Catalog, case: CaseStudy, today: dt.date) -> str:
    """Hidden Pagefind filters, metadata and sort key for one case-study page."""
    filters = [KIND_FILTER]
    filters += [(key, i) for key, kind, _ in FACETS for i in case.terms(kind)]
    filters.append(("status", case.status))
    filters += [("year", str(y)) for y in active_years(case, today)]
    authorities = ", ".join(t.label for t in (catalog.vocabulary.get("authorities", a)
                                               for a in case.authorities) if t)
    meta = [("title", case.title), ("summary", case.summary), ("authorities", authorities),
            ("status", STATUS_LABELS[case.status]), ("period", str(case.period))]
    spans = [_filter_span(k, v) for k, v in filters]
    spans += [html.span("data-pagefind-meta", k, v) for k, v in meta]
    spans.append(html.span("data-pagefind-sort", "published", case.published.isoformat()))
    return f'<div class="kb-facets" data-pagefind-ignore hidden>\n{"".join(spans)}</div>\n'


@functools.lru_cache(maxsize=4096)
def _filter_span(key: str, value: str) -> str:
    """A filter's span: the same few hundred, on thousands of pages."""
    return html.span("data-pagefind-filter", key, value)


def _level(count: int, most: int) -> int:
    """Colour band 1-4 for a non-empty cell, relative to the busiest cell."""
    return max(1, min(4, -(-4 * count // max(most, 1))))


def matrix(catalog: Catalog, from_uri: str, compact: bool = False) -> str:
    """The theme x authority table: counts, colour bands, links to the filtered explorer."""
    themes = catalog.vocabulary.themes
    counts = {(a, t): 0 for a in catalog.vocabulary.ids("authorities") for t in
              catalog.vocabulary.ids("themes")}
    for case in catalog.case_studies:
        for a in case.authorities:
            for t in case.themes:
                counts[(a, t)] = counts.get((a, t), 0) + 1
    most = max(counts.values(), default=0)
    rows = []
    for authority in catalog.vocabulary.authorities:
        total = catalog.count("authorities", authority.id)
        if compact and not total:
            continue
        cells = [{"count": counts[(authority.id, t.id)], "theme": t.name,
                  "level": _level(counts[(authority.id, t.id)], most),
                  "href": explore_href(from_uri, authority=authority.id, theme=t.id)}
                 for t in themes]
        rows.append({"label": authority.label, "cells": cells, "total": total,
                     "href": href(from_uri, term_uri("authorities", authority.id))})
    busiest = sorted(((n, a, t) for (a, t), n in counts.items() if n),
                     key=lambda item: (-item[0], item[1], item[2]))[:3]
    names = {t.id: t.name for t in themes}
    labels = {a.id: a.label for a in catalog.vocabulary.authorities}
    summary = (f"{md.plural(len(catalog.case_studies), 'case study', 'case studies')} across "
               f"{sum(1 for r in rows if r['total'])} authorities and {len(themes)} themes. ")
    if busiest:
        summary += "The most documented combinations are " + md.join_words(
            [f"{labels[a]} on {names[t]} ({n})" for n, a, t in busiest]) + ". "
    summary += ("Darker cells hold more case studies; every number is written in its cell. "
                "Select a number to see those case studies in the explorer.")
    return render("matrix.html", id="kb-matrix-compact" if compact else "kb-matrix",
                  compact=compact, themes=themes, rows=rows, summary=summary,
                  caption="Case studies by authority and theme",
                  theme_href={t.id: href(from_uri, term_uri("themes", t.id)) for t in themes})


def explore_page(catalog: Catalog, today: dt.date) -> SitePage:
    uri = EXPLORE
    parts = PageParts(uri).breadcrumbs([("Home", HOME)])
    parts.add(
        "# Explore the case studies\n",
        "Combine filters to find the case studies you need: choosing several options in one "
        "group finds case studies with any of them; choosing options in different groups "
        "finds case studies with all of them. The address of the page records your filters, "
        "so you can bookmark or share it.\n")
    parts.html("explorer", lambda: explorer(catalog, today, uri))
    parts.add("## Where the activity is\n")
    parts.html("matrix", lambda: matrix(catalog, uri))
    return parts.page("Explore",
                      description="Filter the case studies by theme, authority, lever, status, "
                                  "years and text, and see where the activity is.",
                      hide=("navigation", "toc"))


def explorer(catalog: Catalog, today: dt.date, uri: str) -> str:
    """The filter form, the results area and the list of every case study it filters.

    The list can hold thousands of entries; each carries the facet ids the explorer filters
    on, so filtering downloads nothing else.
    """
    vocabulary = catalog.vocabulary
    facets = []
    for key, kind, label in FACETS:
        options = [{"id": t.id, "label": term_label(t, kind),
                    "count": catalog.count(kind, t.id)} for t in vocabulary.terms(kind)]
        facets.append({"key": key, "label": label, "options": options})
    facets.append({"key": "status", "label": "Status", "options": [
        {"id": s, "label": label, "count": sum(c.status == s for c in catalog.case_studies)}
        for s, label in STATUS_LABELS.items()]})
    years = sorted({y for c in catalog.case_studies for y in active_years(c, today)})

    def names(case: CaseStudy, kind: str) -> str:
        terms = (vocabulary.get(kind, i) for i in case.terms(kind))
        return ", ".join(term_label(t, kind) for t in terms if t)

    items = [{"title": case.title, "href": href(uri, case_uri(case.slug)),
              "themes": " ".join(case.themes), "authorities": " ".join(case.authorities),
              "levers": " ".join(case.levers), "status": case.status,
              "years": " ".join(str(y) for y in active_years(case, today)),
              "authority_names": names(case, "authorities"),
              "theme_names": names(case, "themes"), "lever_names": names(case, "levers"),
              "status_label": STATUS_LABELS[case.status], "period": str(case.period)}
             for case in by_title(catalog.case_studies)]
    # The bundle's address is relative to the site root: the script resolves it from there.
    return render("explorer.html", facets=facets, years=years, bundle="pagefind/",
                  kind_filter=KIND_FILTER, items=items)
