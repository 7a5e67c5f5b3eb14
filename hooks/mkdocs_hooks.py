"""MkDocs hook: a thin adapter from MkDocs events to the casebook package.

Events: on_config loads and validates the content; on_files adds the generated pages as
virtual files, with the open data, feeds and calendar; on_page_markdown gives those pages
their metadata; on_page_content sanitises pages built from contributors' files.

State: MkDocs loads this module once per process and keeps it across ``mkdocs serve``
rebuilds, so everything a build needs lives in one ``_Build`` object that on_config
*replaces* and on_post_build/on_build_error drop. Nothing is appended to module globals.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from casebook.build import Build, start_build

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.casebook")
_build: Build | None = None


@event_priority(100)  # before mkdocs-macros (priority 0) copies config.extra into its variables
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    _build = None
    settings = dict(config.extra.get("kb") or {})
    build = start_build(Path(config.config_file_path).parent, settings, config.site_url or "")
    for problem in build.catalog.problems:
        (log.error if problem.severity == "error" else log.warning)(str(problem))
    if build.catalog.errors:
        raise PluginError(f"{len(build.catalog.errors)} content error(s) in the files named "
                          "above: fix them and build again (`make validate` lists them too).")
    _build = build
    config.extra["catalog"] = build.catalog  # read by macros.py through mkdocs-macros
    return config


@event_priority(-50)  # after other plugins add files, before the nav is built from them
def on_files(files: Files, config: MkDocsConfig) -> Files:
    for page in _current().pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} would be replaced by a generated page: "
                              "remove or rename it")
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    for path, content in _current().static_files.items():
        existing = files.get_file_from_path(path)
        if existing is None:
            files.append(File.generated(config, path, content=content))
        elif existing.content_string != content:  # a committed copy for editors to use
            raise PluginError(f"docs/{path} is out of date: run `make forms` to regenerate it")
    return files


@event_priority(100)  # set render_macros: false before mkdocs-macros looks at the page
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    meta = _current().page_meta(page.file.src_uri)
    if meta is not None:
        page.meta.update(meta)
    return markdown


@event_priority(-100)  # last, so nothing rendered after it can reintroduce markup
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _current()
    if build.is_contributed(page.file.src_uri):
        for item in page.toc.items:
            build.sanitise_toc(item)
    return build.finish_content(page.file.src_uri, html)


def on_post_build(config: MkDocsConfig) -> None:
    global _build
    try:
        _current().index_for_explorer(Path(config.site_dir))
    finally:
        _build = None


def on_build_error(error: Exception) -> None:
    global _build
    _build = None


def _current() -> Build:
    if _build is None:
        raise PluginError("the casebook hook has no build state: on_config did not run")
    return _build
