"""mkdocs-macros helpers for authored pages in docs/ (opt in with ``render_macros: true``).

They read the catalog the casebook hook loaded for this build (``config.extra.catalog()``);
nothing here reads content files. Each macro returns Markdown or HTML with every value
escaped.
"""

from __future__ import annotations

from typing import Any

from casebook import markdown as md
from casebook.model import Catalog, Facet
from casebook.page_parts import case_list, empty_state, tally
from casebook.urls import term_index_uri, term_uri
from casebook.validate import did_you_mean


def define_env(env: Any) -> None:
    """Register the macros. ``env.page`` is the page being rendered when a macro runs."""

    def catalog() -> Catalog:
        return env.variables["catalog"]()  # the hook stores a function returning it

    def here() -> str:
        return env.page.file.src_uri

    def declared(kind: str) -> Facet:
        """The facet ``kind``; a macro naming a facet that is not declared fails the build."""
        facet = catalog().vocabulary.facet(kind)
        if facet is None:
            ids = [f.id for f in catalog().vocabulary.facets]
            raise ValueError(f"docs/{here()}: no facet '{kind}' is declared in the "
                             f"vocabularies;{did_you_mean(kind, ids)} name one of: "
                             + ", ".join(ids))
        return facet

    @env.macro
    def count(kind: str = "case_studies", term: str | None = None) -> int:
        """Number of case studies (optionally those tagged ``term`` in ``kind``), or of
        webinars (``count("webinars")``), or of terms in a vocabulary (``count("themes")``)."""
        cat = catalog()
        if kind == "case_studies":
            return len(cat.case_studies)
        if kind == "webinars":
            return len(cat.webinars)
        if term is None:
            return len(cat.vocabulary.terms(kind))
        return cat.count(kind, term)

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
        return case_list(cat, cat.tagged(kind, term), here(),
                         empty_state("is tagged with this term"), summary=summary)()

    @env.macro
    def facet_tally(kind: str) -> str:
        """A table (HTML) of how many case studies have each term of ``kind``, each number
        opening the explorer filtered to that term."""
        return tally(declared(kind), catalog().case_studies, here())()

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

        facet = declared(kind)
        return draw(catalog(), facet, here()) if facet.mapped else ""

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
        items = [f"- {md.link(term.label, here(), term_uri(kind, term.id))} "
                 f"({cat.count(kind, term.id)})" for term in cat.vocabulary.terms(kind)]
        return '<div class="grid cards kb-terms" markdown>\n\n' + "\n".join(items) + "\n\n</div>"
