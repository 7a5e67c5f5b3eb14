"""The navigation configuration, completed with the pages every site's navigation offers.

A knowledge base's mkdocs.yml may name the facets' index pages where it likes; those it does
not name are added to the configuration MkDocs builds the navigation from, so that adding a
vocabulary file needs no edit to mkdocs.yml. MkDocs then builds the navigation, with its
previous and next links, as for any page the configuration names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

NavConfig = list[Any]  # MkDocs' `nav`: items that are "uri", {"Title": "uri"} or {"Title": [...]}


def named(nav: NavConfig) -> list[list[str]]:
    """For each top-level item of ``nav``, the page URIs it names (nested ones included)."""
    def uris(item: Any) -> list[str]:
        if isinstance(item, str):
            return [item]
        if isinstance(item, dict):
            return [uri for value in item.values() for uri in uris(value)]
        if isinstance(item, list):
            return [uri for value in item for uri in uris(value)]
        return []

    return [uris(item) for item in nav]


def with_facet_indexes(nav: NavConfig | None, indexes: Iterable[tuple[str, str]],
                       anchor: str) -> NavConfig | None:
    """``nav`` with an entry ``{title: uri}`` for each of ``indexes`` it does not name,
    after the last top-level item that names one of them (or ``anchor``, the case-study
    index), or at the end. A missing ``nav`` (MkDocs lists every page) stays missing."""
    if nav is None:
        return None
    indexes = list(indexes)
    per_item = named(nav)
    everywhere = {uri for uris in per_item for uri in uris}
    missing = [{title: uri} for title, uri in indexes if uri not in everywhere]
    if not missing:
        return nav
    anchors = {uri for _, uri in indexes} | {anchor}
    where = max((i + 1 for i, uris in enumerate(per_item) if anchors & set(uris)),
                default=len(nav))
    return [*nav[:where], *missing, *nav[where:]]
