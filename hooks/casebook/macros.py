"""mkdocs-macros helpers for authored pages in docs/ (opt in with ``render_macros: true``).

They read the catalog the casebook hook loaded for this build (``config.extra.catalog()``);
nothing here reads content files. Each macro returns Markdown or HTML with every value
escaped. A macro that names a vocabulary or term the knowledge base does not declare reports
a problem at its line of the page (through ``config.extra.casebook_report``, which fails the
build once the pages are rendered) and puts nothing in the page.
"""

from __future__ import annotations

import re
from typing import Any

from casebook import markdown as md
from casebook.model import Catalog, Facet, Problem
from casebook.page_parts import case_list, empty_state, tally
from casebook.urls import term_index_uri, term_uri
from casebook.validate import did_you_mean


def define_env(env: Any) -> None:
    """Register the macros. ``env.page`` is the page being rendered when a macro runs."""

    def catalog() -> Catalog:
        return env.variables["catalog"]()  # the hook stores a function returning it

    def here() -> str:
        return env.page.file.src_uri

    def misuse(macro: str, name: str, message: str) -> None:
        """Report a mistake in a call of ``macro`` naming ``name``, at the call's line in
        the page's source (its first line if the call cannot be found there)."""
        call = re.compile(rf"""\b{macro}\s*\(.*["']{re.escape(name)}["']""")
        lines = env.page.file.content_string.splitlines()
        line = next((n for n, text in enumerate(lines, 1) if call.search(text)), 1)
        env.variables["casebook_report"](Problem(f"docs/{here()}", line, macro, message))

    def declared(macro: str, kind: str, also: tuple[str, ...] = ()) -> Facet | None:
        """The facet ``kind`` (None for one of ``also``, names that are not facets); a
        ``kind`` that is neither is reported."""
        facet = catalog().vocabulary.facet(kind)
        if facet is None and kind not in also:
            names = [f.id for f in catalog().vocabulary.facets] + list(also)
            misuse(macro, kind, f"no facet '{kind}' is declared in the vocabularies;"
                                f"{did_you_mean(kind, names)} name one of: "
                                + ", ".join(names))
        return facet

    def known_term(macro: str, kind: str, term: str) -> bool:
        """Whether ``term`` is an id of the vocabulary ``kind`` (reported when not)."""
        ids = [t.id for t in catalog().vocabulary.terms(kind)]
        if term in ids:
            return True
        misuse(macro, term, f"no term '{term}' in the vocabulary {kind};"
                            f"{did_you_mean(term, ids)} name one of: " + ", ".join(ids))
        return False

    @env.macro
    def count(kind: str = "case_studies", term: str | None = None) -> int:
        """Number of case studies (optionally those tagged ``term`` in ``kind``), or of
        webinars (``count("webinars")``), or of terms in a vocabulary (``count("themes")``,
        ``count("prompts")``)."""
        cat = catalog()
        if kind == "case_studies":
            return len(cat.case_studies)
        if kind == "webinars":
            return len(cat.webinars)
        declared("count", kind, also=("stages", "prompts"))
        if term is None:
            return len(cat.vocabulary.terms(kind))
        return cat.count(kind, term) if known_term("count", kind, term) else 0

    @env.macro
    def newest_case_studies(limit: int = 5) -> str:
        """A list (HTML) of the newest case studies with their summaries."""
        cat = catalog()
        return case_list(cat, cat.case_studies[:limit], here(),
                         empty_state("has been published"))()

    @env.macro
    def case_studies_for(kind: str, term: str, summary: bool = False) -> str:
        """A list (HTML) of the case studies tagged ``term`` in ``kind``."""
        cat = catalog()
        facet = declared("case_studies_for", kind)
        if facet is None or not known_term("case_studies_for", kind, term):
            return ""
        return case_list(cat, cat.tagged(kind, term), here(),
                         empty_state("is tagged with this term"), summary=summary)()

    @env.macro
    def facet_tally(kind: str) -> str:
        """A table (HTML) of how many case studies have each term of ``kind``, each number
        opening the explorer filtered to that term."""
        facet = declared("facet_tally", kind)
        return tally(facet, catalog().case_studies, here())() if facet else ""

    @env.macro
    def facet_matrix(compact: bool = True) -> str:
        """The matrix of the two facets the vocabularies cross (HTML, every value escaped by
        its template; "" when none is declared); ``compact`` leaves out empty rows."""
        from casebook.explore import matrix

        return matrix(catalog(), here(), compact=compact)

    @env.macro
    def facet_map(kind: str) -> str:
        """The schematic map of a facet's terms that have tiles ("" when none has)."""
        from casebook.pages import facet_map as draw

        facet = declared("facet_map", kind)
        return draw(catalog(), facet, here()) if facet and facet.mapped else ""

    @env.macro
    def facet_cards() -> str:
        """Grid cards (Markdown items, to go inside a ``grid cards`` block) for every declared
        facet: its index page, its number of terms and its description."""
        cat = catalog()
        cards = []
        for facet in cat.vocabulary.facets:
            count = md.plural(len(facet.terms), facet.singular.lower(), facet.name.lower())
            cards.append(f"-   **{md.link(facet.name, here(), term_index_uri(facet.id))}**\n\n"
                         f"    {md.text(count)}. {md.text(facet.description)}\n")
        return "\n".join(cards)

    @env.macro
    def term_cards(kind: str) -> str:
        """A grid of links to every term of ``kind`` with its case-study count."""
        cat = catalog()
        if declared("term_cards", kind, also=("prompts",)) is None and kind != "prompts":
            return ""
        items = [f"- {md.link(term.label, here(), term_uri(kind, term.id))} "
                 f"({cat.count(kind, term.id)})" for term in cat.vocabulary.terms(kind)]
        return '<div class="grid cards kb-terms" markdown>\n\n' + "\n".join(items) + "\n\n</div>"
