"""MkDocs hook: a thin adapter from MkDocs events to the casebook package.

Events: on_startup notes whether the site is being served; on_config checks the generator's
settings (``extra.kb``) and what its pages need of the site (casebook_mkdocs.site_checks),
loads and validates the content, adds the generator's templates, styles and scripts to the
site's theme, and adds every declared facet's index that the site's nav does not name to
the nav configuration; on_files adds the styles and scripts, the generated pages and the
open data, feeds and calendar as virtual files, and starts the search index;
on_page_read_source and on_page_markdown give the generated pages their metadata and
Markdown; on_page_content sanitises pages built from contributors' files, fills in their
generated HTML and stages every page's content for the search index; on_env, once all
content is rendered, starts Pagefind indexing it on the other core while MkDocs lays out the
pages, and gives templates the addresses they need; on_post_build waits for the bundle.

State: MkDocs loads this module once per process and keeps it across ``mkdocs serve``
rebuilds, so everything a build needs lives in one ``Build`` object that on_config
*replaces* and on_post_build/on_build_error drop. Nothing is appended to module globals.

Errors: ``mkdocs build`` fails on any error in the settings or the content, naming the file,
line and fix. Under ``mkdocs serve`` the same errors are logged, and the rebuilt site is one
page listing them, which every other address (the theme's 404 page) shows too; a failed
rebuild would leave every request waiting, so nothing fails until the files are fixed and
live reload brings the site back.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from casebook.build import Build, start_build
from casebook.html import errors_page
from casebook.load import sorted_problems
from casebook.model import Problem
from casebook.navigation import with_facet_indexes
from casebook.sanitise import sanitise_toc
from casebook.search import BUNDLE as SEARCH_BUNDLE
from casebook.search import SearchError
from casebook.settings import Settings, config_lines
from casebook.settings import check as check_settings
from casebook.urls import CASES_INDEX, EXPLORE, HOME, alternates, page_url
from casebook_mkdocs.site_checks import add_required_extensions, site_problems

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig

    from casebook.model import Catalog

__all__ = ["on_build_error", "on_config", "on_env", "on_files", "on_page_content",
           "on_page_context", "on_page_markdown", "on_page_read_source", "on_post_build",
           "on_startup"]

log = logging.getLogger("mkdocs.plugins.casebook")
_PACKAGE = Path(__file__).parent
THEME = _PACKAGE / "theme"  # template overrides of Material's blocks and header partial
ASSETS = "assets"  # the generator's styles and scripts, served at the same path in the site
STYLES = ("casebook.css", "accessibility.css", "search.css", "figures.css")
SCRIPTS = (("accessibility.js", ""), ("explorer.js", ""), ("search.js", "module"))
_build: Build | None = None
_errors: tuple[str, ...] = ()  # while serving, this build's errors, which the site shows
_serving = False  # whether this process runs `mkdocs serve` (see on_startup)
_page_problems: list[Problem] = []  # this build's mistakes in authored pages' macro calls


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this process serves the site: under ``mkdocs serve`` content and
    configuration errors are shown in the browser instead of stopping the build (a failed
    rebuild would leave every request hanging until the files are fixed). Process-wide,
    not per build: it is the command the process was started with."""
    global _serving
    _serving = command == "serve"


@event_priority(100)  # before mkdocs-macros (priority 0) copies config.extra into its variables
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build, _errors
    _drop_build()  # a build that ended without on_post_build or on_build_error
    _errors = ()
    _page_problems.clear()
    problems = _configuration_problems(config)
    build = None
    if not any(p.severity == "error" for p in problems):
        settings = _settings(config)
        build = start_build(settings, config.site_url or "", config.site_name)
        problems = sorted_problems(problems + list(build.catalog.problems))
    for problem in problems:
        (log.error if problem.severity == "error" else log.warning)(str(problem))
    errors = [p for p in problems if p.severity == "error"]
    _add_theme(config)
    if errors and not _serving:
        raise _failed(len(errors))
    if errors:  # serving: the site is one page listing the errors, until they are fixed
        _errors = tuple(str(p) for p in errors)
        config.nav = None
        # The errors are logged above and shown on every page; strict mode would fail the
        # rebuild, and a failed rebuild leaves every request waiting until it succeeds.
        config.strict = False
        return config
    due = build.review_due()
    if due:  # information only: a strict build must never fail because time has passed
        log.info(f"{len(due)} case stud{'y is' if len(due) == 1 else 'ies are'} due for "
                 "review (facts checked more than 18 months ago): `casebook review` "
                 "lists them.")
    _build = build
    config.nav = with_facet_indexes(config.nav, build.navigation(), CASES_INDEX)
    # Read by macros.py through mkdocs-macros. A function, not the catalog itself, so that
    # nothing in MkDocs' configuration keeps a finished build's catalog alive.
    config.extra["catalog"] = _catalog
    config.extra["casebook_report"] = _page_problems.append
    return config


def _failed(errors: int) -> PluginError:
    """What ends a build whose errors are logged above, one line each."""
    return PluginError(f"{errors} error(s) in the files named above: fix each one where its "
                       "line says, and build again.")


def _configuration_problems(config: MkDocsConfig) -> list[Problem]:
    """The generator's settings and what its pages need of the site, checked; extensions
    the pages need and the site leaves out are added."""
    path = Path(config.config_file_path)
    lines = config_lines(path.read_text(encoding="utf-8"))
    _, problems = check_settings(config.extra.get("kb"), path.parent, path.name, lines)
    added = add_required_extensions(config)
    if added:
        log.info(f"Markdown extensions the generated pages need were added: {', '.join(added)}")
    return problems + site_problems(config, path.name, lines)


def _settings(config: MkDocsConfig) -> Settings:
    path = Path(config.config_file_path)
    return check_settings(config.extra.get("kb"), path.parent, path.name)[0]


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
    if _errors:
        files = _error_site(files, config)
    _add_assets(files, config)
    if _errors:
        return files
    build = _current()
    for page in build.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} would be replaced by a generated page: "
                              "remove or rename it")
        # Generated pages never warn for being left out of the nav: on_config adds the
        # facets' indexes the nav does not name, and the rest are reached through them.
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


def _add_assets(files: Files, config: MkDocsConfig) -> None:
    """The generator's styles and scripts, served from its package."""
    for name in (*STYLES, *(script for script, _ in SCRIPTS)):
        path = f"{ASSETS}/{name}"
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} would replace the generator's own: rename it")
        files.append(File(path, str(_PACKAGE), config.site_dir, config.use_directory_urls))


def _error_site(files: Files, config: MkDocsConfig) -> Files:
    """While serving with errors: the site's static files and one page, the home page,
    listing the errors (every other page shows them too, see on_env)."""
    kept = Files([f for f in files if not f.is_documentation_page()])
    kept.append(File.generated(config, HOME, content=errors_page(_errors)))
    return kept


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """A generated page gives MkDocs nothing to read: its metadata comes from the hook and
    its Markdown from on_page_markdown. Otherwise MkDocs would take a case study's first
    lines for metadata when they look like ``Key: value`` (MultiMarkdown style), dropping
    them from the page or, with ``Template: ...``, changing its template."""
    if _errors:
        return None
    return "" if _current().page(page.file.src_uri) is not None else None


@event_priority(100)  # set render_macros: false before mkdocs-macros looks at the page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _errors:
        return markdown
    build = _current()
    meta = build.page_meta(page.file.src_uri)
    if meta is None:
        return markdown
    page.meta.update(meta)
    return build.page_markdown(page.file.src_uri)


@event_priority(-100)  # last, so nothing rendered after it can reintroduce markup
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _errors:
        return html
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
        build.search.add(page.file.dest_uri, html)
    return html


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    """What the page's head announces: its feeds (casebook.urls.alternates), citation
    tags and schema.org JSON-LD (casebook.cite)."""
    if _errors:
        return context
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
    without JavaScript); while serving, the errors every page shows (``kb_build_errors``)
    and that the site is being served (``kb_serving``)."""
    base = urlsplit(config.site_url or "/").path or "/"
    env.globals.update(kb_base_path=base, kb_search_bundle=f"{base}{SEARCH_BUNDLE}/",
                       kb_explore=page_url(EXPLORE), kb_build_errors=_errors,
                       kb_serving=_serving)
    if _errors:
        return env
    if _page_problems:  # every page is rendered by now, so every mistake is known
        for problem in sorted_problems(_page_problems):
            log.error(str(problem))
        if not _serving:
            raise _failed(len(_page_problems))
        _show_page_problems(env, config)
        return env
    # Every page's content is rendered by now (MkDocs lays out pages next): Pagefind
    # indexes it and writes the bundle on the other core meanwhile.
    try:
        _current().search.write()
    except SearchError as error:
        raise PluginError(str(error)) from error
    return env


def _show_page_problems(env: Environment, config: MkDocsConfig) -> None:
    """While serving: every page, laid out next, shows the authored pages' mistakes, and
    the rebuild ends without error (a failed rebuild leaves every request waiting)."""
    global _errors
    _errors = tuple(str(p) for p in sorted_problems(_page_problems))
    env.globals["kb_build_errors"] = _errors
    config.strict = False
    _drop_build()


def on_post_build(config: MkDocsConfig) -> None:
    if _errors:
        log.info(f"The site shows the {len(_errors)} error(s) above until they are fixed.")
        return
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
