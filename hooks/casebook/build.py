"""One build's state: the catalog, the generated pages and the search index being written.

A :class:`Build` is made per build by :func:`start_build` and dropped at its end, so nothing
survives from one ``mkdocs serve`` rebuild to the next. Everything here is state and the
few lookups the MkDocs hook makes on it; rendering is :mod:`casebook.pages`, exports
:mod:`casebook.export`, sanitising :mod:`casebook.sanitise` and search :mod:`casebook.search`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import escape

from casebook import cite
from casebook.export import DATA_DOWNLOADS, export_files
from casebook.load import Sources, load_catalog
from casebook.model import Catalog
from casebook.page_parts import SitePage
from casebook.pages import site_pages
from casebook.review import due
from casebook.sanitise import sanitise
from casebook.search import SearchIndex
from casebook.settings import Settings
from casebook.urls import DATA, HOME, term_index_uri


@dataclass
class Build:
    """Everything one build knows. ``pages`` are the generated pages, keyed by source URI;
    ``search`` is the search index while pages are being written (see :meth:`start_search`).
    """

    catalog: Catalog
    build_date: dt.date
    site_url: str
    site_name: str = ""
    webinars: bool = True  # whether the knowledge base has a webinar archive
    pages: tuple[SitePage, ...] = ()
    search: SearchIndex | None = None
    _by_uri: dict[str, SitePage] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_uri = {page.src_uri: page for page in self.pages}

    def page(self, src_uri: str) -> SitePage | None:
        """The generated page built from ``src_uri``, or None for an authored page."""
        return self._by_uri.get(src_uri)

    def navigation(self) -> list[tuple[str, str]]:
        """(title, source URI) of the pages every navigation should offer: each declared
        facet's index, in the facets' order."""
        return [(f.name, term_index_uri(f.id)) for f in self.catalog.vocabulary.facets]

    def page_meta(self, src_uri: str) -> dict[str, Any] | None:
        """Front matter for a generated page; text is escaped because Material's templates
        print ``page.meta.title`` and ``page.meta.description`` without escaping."""
        page = self._by_uri.get(src_uri)
        if page is None:
            return None
        meta: dict[str, Any] = {
            "title": escape(page.title),
            "description": escape(page.description),
            "render_macros": False,
        }
        if page.hide:
            meta["hide"] = list(page.hide)
        if not page.searchable:
            meta["search"] = {"exclude": True}
        if page.feed:
            meta["kb_feed"] = page.feed
        if page.kind == "case-study":
            meta["kb_og_type"] = "article"
        return meta

    def page_markdown(self, src_uri: str) -> str:
        """A generated page's Markdown (KeyError for other pages); the same every time."""
        return self._by_uri[src_uri].markdown

    def page_content(self, src_uri: str, html: str) -> str:
        """The page's rendered Markdown made whole: sanitised if it comes from a
        contributor's file, with the page's own HTML before and after it and its slots
        filled. Slots come from validated data, not from what a contributor typed, so they
        are put in after sanitising. Raises ValueError if a slot marker is lost."""
        page = self._by_uri.get(src_uri)
        if page is None:
            return html
        if page.contributed:
            html = sanitise(html)
        return page.fill_slots(page.before() + html + page.after)

    def head(self, src_uri: str, site_description: str) -> tuple[list[tuple[str, str]], str]:
        """For the page's head: Highwire Press ``citation_*`` tags as (name, content), and
        schema.org JSON-LD made safe for a ``<script>`` element ("" for none)."""
        page = self._by_uri.get(src_uri)
        if page is not None and page.kind == "case-study":
            case = self.catalog.case_study(page.slug)
            ref = cite.Reference.of(self.catalog, case, self.site_url, self.site_name)
            return (cite.highwire_meta(ref), cite.script_json(
                cite.article(self.catalog, case, self.site_url, self.site_name)))
        if src_uri == HOME:
            return [], cite.script_json(cite.website(self.site_name, self.site_url,
                                                     site_description))
        if src_uri == DATA:
            return [], cite.script_json(cite.dataset(self.catalog, self.site_url,
                                                     self.site_name, DATA_DOWNLOADS))
        return [], ""

    def exports(self) -> dict[str, str]:
        """The open data, feeds and calendar: {site-relative path: text}."""
        return export_files(self.catalog, self.site_url, self.build_date, self.site_name,
                            self.webinars)

    def review_due(self) -> list[Any]:
        """Case studies whose facts are due for checking at the build date."""
        return due(self.catalog.case_studies, self.build_date)

    def start_search(self, site_dir: Path, language: str) -> None:
        """Start indexing the pages of ``site_dir`` as they are written."""
        self.search = SearchIndex(site_dir, language)

    def close(self) -> None:
        """Stop the search index if it is still running (after a failed build)."""
        if self.search is not None:
            self.search.close()
            self.search = None


def build_date_from(configured: dt.date | None = None) -> dt.date:
    """The date the build treats as today: CASEBOOK_BUILD_DATE, then SOURCE_DATE_EPOCH, then
    ``extra.kb.build_date`` in mkdocs.yml (``configured``), then the real date. Setting one
    makes builds reproducible."""
    value = os.environ.get("CASEBOOK_BUILD_DATE") or ""
    if value:
        return dt.date.fromisoformat(value)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return configured or dt.date.today()


def start_build(settings: Settings, site_url: str, site_name: str = "") -> Build:
    """Load and validate everything for one build, and make the generated pages.

    ``settings`` are the checked ``extra.kb`` settings (:mod:`casebook.settings`): the
    content folders and the webinar archive's introduction; a knowledge base without a
    webinar folder has no webinar pages. ``site_url`` and ``site_name`` are the site's, for
    absolute links and citations. When the content has errors (``catalog.errors``), the
    build has no pages.
    """
    sources = Sources(settings.root, settings.case_studies, settings.webinars,
                      settings.vocabularies)
    catalog = load_catalog(sources)
    today = build_date_from(settings.build_date)
    webinars = settings.has_webinars
    if catalog.errors:
        return Build(catalog, today, site_url, site_name, webinars)
    intro = settings.webinars_intro if webinars else None
    return Build(catalog, today, site_url, site_name, webinars,
                 tuple(site_pages(catalog, today, site_url, site_name, intro)))
