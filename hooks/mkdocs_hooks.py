"""MkDocs hook: a thin adapter from MkDocs events to the casebook package.

Events: on_config loads and validates the content; on_files adds the generated pages as
virtual files, with the open data, feeds and calendar; on_page_markdown gives those pages
their metadata; on_page_content sanitises pages built from contributors' files; on_post_page
puts the generated HTML fragments into the written pages.

The explorer's text-search index (Pagefind) is built over the finished site by a separate
step, ``casebook search-index`` (``make build`` runs it), once MkDocs has exited and
released its memory. Only ``mkdocs serve``, which never exits, builds it here.

State: MkDocs loads this module once per process and keeps it across ``mkdocs serve``
rebuilds, so everything a build needs lives in one ``_Build`` object that on_config
*replaces* and on_post_build/on_build_error drop. Nothing is appended to module globals.
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import AnchorLink

from casebook.build import Build, start_build

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from casebook.model import Catalog

log = logging.getLogger("mkdocs.plugins.casebook")
_build: Build | None = None
_serving = False  # set by on_startup: the command is `mkdocs serve`


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


@event_priority(100)  # before mkdocs-macros (priority 0) copies config.extra into its variables
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    if _build is not None:  # a build that ended without on_post_build or on_build_error
        _build.close()
    _build = None
    settings = dict(config.extra.get("kb") or {})
    gc.disable()  # loading makes objects that live for the whole build: no use scanning them
    try:
        build = start_build(Path(config.config_file_path).parent, settings,
                            config.site_url or "")
    finally:
        _freeze_long_lived_objects()
        gc.enable()
    for problem in build.catalog.problems:
        (log.error if problem.severity == "error" else log.warning)(str(problem))
    if build.catalog.errors:
        raise PluginError(f"{len(build.catalog.errors)} content error(s) in the files named "
                          "above: fix them and build again (`make validate` lists them too).")
    _build = build
    # Read by macros.py through mkdocs-macros. A function, not the catalog itself: the
    # plugin serialises its variables to JSON for a debug message on every build.
    config.extra["catalog"] = _catalog
    return config


@event_priority(-50)  # after other plugins add files, before the nav is built from them
def on_files(files: Files, config: MkDocsConfig) -> Files:
    for page in _current().pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} would be replaced by a generated page: "
                              "remove or rename it")
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    for path, written in _current().start_helper().items():
        existing = files.get_file_from_path(path)
        if existing is None:
            files.append(File.generated(config, path, abs_src_path=str(written)))
        else:  # a copy committed for editors: checked against the export in on_env
            _current().committed[path] = existing.content_bytes
    _freeze_long_lived_objects()
    return files


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """A generated page gives MkDocs nothing to read: its metadata comes from the hook and
    its Markdown from on_page_markdown. Otherwise MkDocs would take a case study's first
    lines for metadata when they look like ``Key: value`` (MultiMarkdown style), dropping
    them from the page or, with ``Template: ...``, changing its template."""
    return "" if _current().is_generated(page.file.src_uri) else None


@event_priority(100)  # set render_macros: false before mkdocs-macros looks at the page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A generated page's metadata and Markdown. The Markdown is the build's own string
    (for a case study, its body as loaded), so that MkDocs holds no copy of it."""
    build = _current()
    build.advance_helper()
    meta = build.page_meta(page.file.src_uri)
    if meta is None:
        return markdown
    page.meta.update(meta)
    return build.page_markdown(page.file.src_uri)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Wait for the exports, which MkDocs copies next. Let templates in docs/overrides
    include Material's own partials as ``material/...`` (overrides/casebook/shared.html
    wraps them)."""
    build = _current()
    try:
        build.finish_helper()
    except RuntimeError as error:
        raise PluginError(str(error)) from error
    stale = build.stale_committed_exports()
    if stale:
        raise PluginError(f"docs/{stale[0]} is out of date: run `make forms` to regenerate it")
    import material

    theme = jinja2.FileSystemLoader(Path(material.__file__).parent / "templates")
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader({"material": theme})])
    _freeze_long_lived_objects()  # the pages, their tables of contents and the navigation
    return env


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Give pages that are not in the navigation (case studies, term pages, webinars) the
    build's cache of theme HTML (header, navigation, tabs, footer, styles, scripts): with
    no place in the navigation, no item of it is theirs to highlight, so it renders the
    same on every such page of one folder."""
    if page not in nav.pages and os.environ.get("CASEBOOK_SHARED_HTML") != "0":
        context["kb_shared"] = _current().shared_theme_html(page.url)
    return context


def _tags_on_first_entry_only(config: MkDocsConfig) -> None:
    """Material copies a page's tags (its term names, boosted in search) into the search
    entry of every section. One copy, on the first entry for the page, finds the page all
    the same, and the index that readers download is the smaller for it. A page's entries
    are next to each other, all with its URL."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    entries = getattr(getattr(plugin, "search_index", None), "entries", None)
    if not isinstance(entries, list):
        return
    page = None
    for entry in entries:
        url = entry.get("location", "").partition("#")[0]
        if url == page:
            entry.pop("tags", None)
        page = url


@event_priority(-100)  # last, so nothing rendered after it can reintroduce markup
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _current()
    if build.is_generated(page.file.src_uri):
        page.markdown = ""  # rendered: let go of it (a case study's body, for a large site)
    if build.is_contributed(page.file.src_uri):
        for item in page.toc.items:
            build.sanitise_toc(item)
    sections = build.sections_after_content(page.file.src_uri)
    if sections:  # headings that the written page gains from its slots
        top = page.toc.items
        if len(top) == 1 and top[0].level == 1:
            top = top[0].children
        top.extend(AnchorLink(title, anchor, 2) for anchor, title in sections)
    return build.finish_content(page.file.src_uri, html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    try:
        return _current().finish_page(page.file.src_uri, output)
    except ValueError as error:
        raise PluginError(str(error)) from error


@event_priority(100)  # before Material's search plugin writes its index
def on_post_build(config: MkDocsConfig) -> None:
    global _build
    gc.unfreeze()
    _tags_on_first_entry_only(config)
    try:
        if _serving:
            _current().index_for_explorer(Path(config.site_dir))
        else:
            log.info("The explorer's text search needs its index: run `casebook "
                     "search-index` (`make build` does).")
    finally:
        _current().close()
        _build = None


def on_build_error(error: Exception) -> None:
    global _build
    gc.unfreeze()
    if _build is not None:
        _build.close()
    _build = None


def _freeze_long_lived_objects() -> None:
    """Exempt what exists now (the catalog, generated pages, MkDocs' files and config)
    from the garbage collector's scans until the build ends. They live for the whole build,
    and a large site has enough of them that scanning them again and again, while pages
    are rendered, takes a noticeable share of the build. on_post_build and on_build_error
    unfreeze them, so that `mkdocs serve` frees each build's objects as before."""
    gc.freeze()


def _catalog() -> Catalog:
    """This build's catalog. A function of the module rather than of the build, so that
    nothing in MkDocs' configuration keeps a finished build's catalog alive."""
    return _current().catalog


def _current() -> Build:
    if _build is None:
        raise PluginError("the casebook hook has no build state: on_config did not run")
    return _build
