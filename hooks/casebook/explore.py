"""The explorer page, the matrix of two facets and the search facets of each case study.

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
from casebook.model import CaseStudy, Catalog, Facet, by_title
from casebook.page_parts import STATUS_LABELS, PageParts, SitePage, term_labels
from casebook.urls import EXPLORE, HOME, case_uri, explore_href, href, term_uri

# Marks case-study pages in the search index: the explorer's text search looks at them only.
KIND_FILTER = ("kind", "case-study")


def facet_block(catalog: Catalog, case: CaseStudy, today: dt.date) -> str:
    """Hidden Pagefind filters, metadata and sort key for one case-study page."""
    facets = catalog.vocabulary.facets
    filters = [KIND_FILTER]
    filters += [(f.key, i) for f in facets for i in case.terms(f.id)]
    filters.append(("status", case.status))
    filters += [("year", str(y)) for y in case.active_years(today)]
    listed = " · ".join(x for x in (term_labels(catalog, f.id, case.terms(f.id))
                                    for f in facets if f.in_lists) if x)
    meta = [("title", case.title), ("summary", case.summary), ("terms", listed),
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
    """The table crossing the facet that declares ``matrix`` (rows) with the one it names
    (columns): counts, colour bands, links to the filtered explorer. "" when no facet
    declares one."""
    crossed = catalog.vocabulary.matrix
    if crossed is None:
        return ""
    down, across = crossed
    counts = {(a, t): 0 for a in down.ids() for t in across.ids()}
    for case in catalog.case_studies:
        for a in case.terms(down.id):
            for t in case.terms(across.id):
                counts[(a, t)] = counts.get((a, t), 0) + 1
    most = max(counts.values(), default=0)
    rows = []
    for row in down.terms:
        total = catalog.count(down.id, row.id)
        if compact and not total:
            continue
        cells = [{"count": counts[(row.id, t.id)], "column": t.name,
                  "level": _level(counts[(row.id, t.id)], most),
                  "href": explore_href(from_uri, **{down.key: row.id, across.key: t.id})}
                 for t in across.terms]
        rows.append({"label": row.label, "cells": cells, "total": total,
                     "href": href(from_uri, term_uri(down.id, row.id))})
    busiest = sorted(((n, a, t) for (a, t), n in counts.items() if n),
                     key=lambda item: (-item[0], item[1], item[2]))[:3]
    names = {t.id: t.name for t in across.terms}
    labels = {a.id: a.label for a in down.terms}
    def counted(number: int, facet: Facet) -> str:
        return md.plural(number, facet.singular.lower(), facet.name.lower())

    summary = (f"{md.plural(len(catalog.case_studies), 'case study', 'case studies')} across "
               f"{counted(sum(1 for r in rows if r['total']), down)} and "
               f"{counted(len(across.terms), across)}. ")
    if busiest:
        summary += "The most documented combinations are " + md.join_words(
            [f"{labels[a]} on {names[t]} ({n})" for n, a, t in busiest]) + ". "
    summary += ("Darker cells hold more case studies; every number is written in its cell. "
                "Select a number to see those case studies in the explorer.")
    return render("matrix.html", id="kb-matrix-compact" if compact else "kb-matrix",
                  compact=compact, columns=across.terms, rows=rows, summary=summary,
                  row_label=down.singular, all_columns=f"All {across.name.lower()}",
                  caption=f"Case studies by {down.singular.lower()} and "
                          f"{across.singular.lower()}",
                  column_href={t.id: href(from_uri, term_uri(across.id, t.id))
                               for t in across.terms})


def explore_page(catalog: Catalog, today: dt.date) -> SitePage:
    uri = EXPLORE
    parts = PageParts(uri).breadcrumbs([("Home", HOME)])
    parts.add(
        "# Explore the case studies\n",
        "Filter the case studies and search their text. The page's address records your "
        "choices, to bookmark or share.\n")
    parts.html("explorer", lambda: explorer(catalog, today, uri))
    if catalog.vocabulary.matrix is not None:
        parts.add("## Where the activity is\n")
        parts.html("matrix", lambda: matrix(catalog, uri))
    groups = [f.singular.lower() for f in catalog.vocabulary.facets]
    return parts.page("Explore",
                      description="Filter the case studies by "
                                  + ", ".join(groups + ["status", "years"]) + " and text.",
                      hide=("navigation", "toc"))


def explorer(catalog: Catalog, today: dt.date, uri: str) -> str:
    """The filter form, the results area and the list of every case study it filters.

    The list can hold thousands of entries; each carries the facet ids the explorer filters
    on, so filtering downloads nothing else.
    """
    vocabulary = catalog.vocabulary
    facets = []
    for facet in vocabulary.facets:
        options = [{"id": t.id, "label": t.label, "count": catalog.count(facet.id, t.id)}
                   for t in facet.terms]
        facets.append({"key": facet.key, "label": facet.singular, "options": options})
    facets.append({"key": "status", "label": "Status", "options": [
        {"id": s, "label": label, "count": sum(c.status == s for c in catalog.case_studies)}
        for s, label in STATUS_LABELS.items()]})
    years = sorted({y for c in catalog.case_studies for y in c.active_years(today)})

    def described(case: CaseStudy, facet: Facet) -> str:
        ids = case.terms(facet.id)
        label = facet.name if len(ids) > 1 else facet.singular
        return f"{label}: {term_labels(catalog, facet.id, ids)}" if ids else ""

    items = [{"title": case.title, "href": href(uri, case_uri(case.slug)),
              "filters": [(f"data-{f.key}", " ".join(case.terms(f.id)))
                          for f in vocabulary.facets],
              "status": case.status,
              "years": " ".join(str(y) for y in case.active_years(today)),
              "meta": " · ".join(x for x in (
                  *(described(case, f) for f in vocabulary.facets),
                  STATUS_LABELS[case.status], str(case.period)) if x)}
             for case in by_title(catalog.case_studies)]
    # The bundle's address is relative to the site root: the script resolves it from there.
    return render("explorer.html", facets=facets, years=years, bundle="pagefind/",
                  kind_filter=KIND_FILTER, items=items)
