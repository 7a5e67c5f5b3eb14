"""MkDocs hook: a thin adapter from MkDocs events to the casebook package.

Events: on_config loads and validates the content and adds the generator's templates, styles
and scripts to the site's theme; on_files adds those files, the generated pages and the open
data, feeds and calendar as virtual files, and starts the search index; on_nav adds every
declared facet's index that the site's nav does not name;
on_page_read_source and on_page_markdown give the generated pages their metadata and
Markdown; on_page_content sanitises pages built from contributors' files, fills in their
generated HTML and hands every page's content to the search index (Pagefind, on another
core); on_env, once all content is rendered, starts Pagefind writing its bundle while MkDocs
lays out the pages, and gives templates the addresses they need; on_post_build waits for the
bundle.

State: MkDocs loads this module once per process and keeps it across ``mkdocs serve``
rebuilds, so everything a build needs lives in one ``Build`` object that on_config
*replaces* and on_post_build/on_build_error drop. Nothing is appended to module globals.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from casebook.build import Build, start_build
from casebook.sanitise import sanitise_toc
from casebook.search import BUNDLE as SEARCH_BUNDLE
from casebook.search import SearchError
from casebook.urls import CASES_INDEX, EXPLORE, alternates, page_url

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

    from casebook.model import Catalog

__all__ = ["on_build_error", "on_config", "on_env", "on_files", "on_nav", "on_page_content",
           "on_page_context", "on_page_markdown", "on_page_read_source", "on_post_build"]

log = logging.getLogger("mkdocs.plugins.casebook")
_PACKAGE = Path(__file__).parent
THEME = _PACKAGE / "theme"  # template overrides of Material's blocks and header partial
ASSETS = "assets"  # the generator's styles and scripts, served at the same path in the site
STYLES = ("casebook.css", "accessibility.css", "search.css", "figures.css")
SCRIPTS = (("accessibility.js", ""), ("explorer.js", ""), ("search.js", "module"))
_build: Build | None = None


@event_priority(100)  # before mkdocs-macros (priority 0) copies config.extra into its variables
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    _drop_build()  # a build that ended without on_post_build or on_build_error
    settings = dict(config.extra.get("kb") or {})
    build = start_build(Path(config.config_file_path).parent, settings, config.site_url or "",
                        config.site_name)
    for problem in build.catalog.problems:
        (log.error if problem.severity == "error" else log.warning)(str(problem))
    if build.catalog.errors:
        raise PluginError(f"{len(build.catalog.errors)} content error(s) in the files named "
                          "above: fix them and build again (`make validate` lists them too).")
    due = build.review_due()
    if due:  # information only: a strict build must never fail because time has passed
        log.info(f"{len(due)} case stud{'y is' if len(due) == 1 else 'ies are'} due for "
                 "review (facts checked more than 18 months ago): `casebook review` "
                 "lists them.")
    _build = build
    _add_theme(config)
    # Read by macros.py through mkdocs-macros. A function, not the catalog itself, so that
    # nothing in MkDocs' configuration keeps a finished build's catalog alive.
    config.extra["catalog"] = _catalog
    return config


def _add_theme(config: MkDocsConfig) -> None:
    """Put the generator's templates after the site's own overrides (custom_dir) and before
    the theme's, and its styles and scripts before the site's own."""
    dirs = config.theme.dirs
    if str(THEME) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
    if f"{ASSETS}/{STYLES[0]}" in config.extra_css:
        return  # a configuration this hook has seen already
    config.extra_css[:0] = [f"{ASSETS}/{name}" for name in STYLES]
    scripts = []
    for name, kind in SCRIPTS:
        script = ExtraScriptValue(f"{ASSETS}/{name}")
        script.type = kind
        scripts.append(script)
    config.extra_javascript[:0] = scripts


@event_priority(-50)  # after other plugins add files, before the nav is built from them
def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = _current()
    for name in (*STYLES, *(script for script, _ in SCRIPTS)):
        path = f"{ASSETS}/{name}"
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} would replace the generator's own: rename it")
        files.append(File(path, str(_PACKAGE), config.site_dir, config.use_directory_urls))
    for page in build.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} would be replaced by a generated page: "
                              "remove or rename it")
        # Generated pages never warn for being left out of the nav: on_nav adds the facets'
        # indexes the nav does not name, and the rest are reached through them.
        files.append(File.generated(config, page.src_uri, content=page.markdown,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    for path, text in build.exports().items():
        existing = files.get_file_from_path(path)
        if existing is None:
            files.append(File.generated(config, path, content=text))
        elif existing.content_bytes != text.encode("utf-8"):  # a copy kept for editors
            raise PluginError(f"docs/{path} is out of date: run `make forms` to regenerate it")
    try:
        build.start_search(Path(config.site_dir), config.theme.locale.language)
    except SearchError as error:
        raise PluginError(str(error)) from error
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Every declared facet's index is in the navigation: those the nav does not name are
    added after the last one it does (or after the case-study index), in the facets' order,
    so that a new vocabulary file needs no edit to mkdocs.yml."""
    named = {page.file.src_uri for page in nav.pages}
    missing = [(title, uri) for title, uri in _current().navigation() if uri not in named]
    if not missing:
        return nav
    anchors = {uri for _, uri in _current().navigation()} | {CASES_INDEX}
    where = max((i + 1 for i, item in enumerate(nav.items)
                 if isinstance(item, Page) and item.file.src_uri in anchors),
                default=len(nav.items))
    added = [Page(title, files.get_file_from_path(uri), config) for title, uri in missing]
    nav.items[where:where] = added
    before = nav.items[where - 1] if where else None
    at = nav.pages.index(before) + 1 if isinstance(before, Page) else len(nav.pages)
    nav.pages[at:at] = added
    for previous, page in zip([None, *nav.pages], nav.pages, strict=False):
        page.previous_page = previous
        if previous is not None:
            previous.next_page = page
    nav.pages[-1].next_page = None
    return nav


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """A generated page gives MkDocs nothing to read: its metadata comes from the hook and
    its Markdown from on_page_markdown. Otherwise MkDocs would take a case study's first
    lines for metadata when they look like ``Key: value`` (MultiMarkdown style), dropping
    them from the page or, with ``Template: ...``, changing its template."""
    return "" if _current().page(page.file.src_uri) is not None else None


@event_priority(100)  # set render_macros: false before mkdocs-macros looks at the page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _current()
    meta = build.page_meta(page.file.src_uri)
    if meta is None:
        return markdown
    page.meta.update(meta)
    return build.page_markdown(page.file.src_uri)


@event_priority(-100)  # last, so nothing rendered after it can reintroduce markup
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _current()
    generated = build.page(page.file.src_uri)
    if generated is not None:
        if generated.contributed:
            for item in page.toc.items:
                sanitise_toc(item)
        sections = generated.end_sections()
        if sections:  # headings that the page gains from its slots
            top = page.toc.items
            if len(top) == 1 and top[0].level == 1:
                top = top[0].children
            top.extend(AnchorLink(title, anchor, 2) for anchor, title in sections)
        try:
            html = build.page_content(page.file.src_uri, html)
        except ValueError as error:
            raise PluginError(str(error)) from error
    if not (page.meta.get("search") or {}).get("exclude"):
        try:
            build.search.add(page.file.dest_uri, html)
        except SearchError as error:
            raise PluginError(str(error)) from error
    return html


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    """What the page's head announces: its feeds (casebook.urls.alternates), citation
    tags and schema.org JSON-LD (casebook.cite)."""
    context["kb_alternates"] = alternates(page.file.src_uri)
    meta, jsonld = _current().head(page.file.src_uri, config.site_description or "")
    context["kb_citation_meta"] = meta
    # Printed as it is (the theme's templates do not autoescape): casebook.cite made it
    # safe for a <script> element.
    context["kb_jsonld"] = jsonld
    return context


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Addresses the theme's templates use: the site's base path (the search's addresses
    are absolute), the search bundle, and the explorer (where the search button leads
    without JavaScript)."""
    base = urlsplit(config.site_url or "/").path or "/"
    env.globals.update(kb_base_path=base, kb_search_bundle=f"{base}{SEARCH_BUNDLE}/",
                       kb_explore=page_url(EXPLORE))
    # Every page's content is rendered by now (MkDocs lays out pages next): Pagefind
    # writes the bundle on the other core meanwhile.
    _current().search.write()
    return env


def on_post_build(config: MkDocsConfig) -> None:
    global _build
    try:
        _current().search.finish()
    except SearchError as error:
        raise PluginError(str(error)) from error
    finally:
        _drop_build()


def on_build_error(error: Exception) -> None:
    _drop_build()


def _drop_build() -> None:
    global _build
    if _build is not None:
        _build.close()
    _build = None


def _catalog() -> Catalog:
    """This build's catalog."""
    return _current().catalog


def _current() -> Build:
    if _build is None:
        raise PluginError("the casebook hook has no build state: on_config did not run")
    return _build
