"""One build's state and the operations the MkDocs hook delegates to.

A :class:`Build` is created per build by :func:`start_build` and thrown away afterwards, so
nothing survives from one ``mkdocs serve`` rebuild to the next.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nh3
from markupsafe import escape

from casebook.export import export_paths
from casebook.fragments import FragmentFile
from casebook.load import Sources, load_catalog
from casebook.model import Catalog
from casebook.pages import SitePage, case_markdown, case_uri, site_pages

# HTML that contributor-derived pages may keep after rendering; everything else (scripts,
# event handlers, iframes, forms, style) is removed by nh3.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "aria-label", "aria-hidden", "role"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "details": {"open"},
}
URL_SCHEMES = {"https", "http", "mailto"}
# Built once: a Cleaner keeps its settings, where nh3.clean() converts them on every call.
_CLEANER = nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                       url_schemes=URL_SCHEMES, link_rel=None,
                       # Kept for the slot markers; a contributor's comments never get this
                       # far (markdown.inert_html shows them as text).
                       strip_comments=False)
_TEXT_ONLY = nh3.Cleaner(tags=set(), attributes={})
_HELPER_INPUT = "catalog.pickle"  # in the helper's folder


class SharedHtml(dict[str, Any]):
    """HTML that the theme renders once per build and reuses on many pages, by name.

    Besides whole fragments (plain dict items), it keeps fragments that differ between pages
    in one value only: :meth:`keep_around` stores a fragment's text before and after that
    value, and :meth:`fill` puts another page's value in between.
    """

    def keep_around(self, name: str, html: str, value: str, after: str = "") -> str:
        """Store ``html`` split around ``value``, looked for after ``after``; return ``html``.

        Nothing is stored unless ``value`` is found there exactly once, so that a fragment
        that cannot be split is rendered afresh on every page.
        """
        value = str(value)
        start = html.find(after) if after else 0
        if value and start >= 0 and html.count(value, start) == 1:
            at = html.index(value, start)
            self[name] = (html[:at], html[at + len(value):])
        return html

    def fill(self, name: str, value: str) -> str:
        """The fragment stored by :meth:`keep_around` with ``value`` in place, as it is:
        the theme prints the value unescaped (generated pages' titles are escaped already,
        see :meth:`Build.page_meta`), and so does this."""
        before, after = self[name]
        return before + str(value) + after


@dataclass
class Build:
    """Everything one build knows. ``pages`` are the generated pages, keyed by source URI."""

    catalog: Catalog
    build_date: dt.date
    site_url: str
    pages: list[SitePage] = field(default_factory=list)
    _by_uri: dict[str, SitePage] = field(default_factory=dict)
    _shared_html: dict[str, SharedHtml] = field(default_factory=dict)  # by folder
    _exports: tempfile.TemporaryDirectory[str] | None = None
    _worker: subprocess.Popen[bytes] | None = None
    _jobs: list[list[str]] = field(default_factory=list)  # helper commands still to run
    _markdown: dict[str, str] = field(default_factory=dict)  # case studies' Markdown, by URI
    _failed: str = ""  # the job of a helper process that failed
    _fragments: FragmentFile | None = None
    committed: dict[str, bytes] = field(default_factory=dict)  # docs/ copies of exports

    def __post_init__(self) -> None:
        self._by_uri = {page.src_uri: page for page in self.pages}

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
            "tags": list(page.tags),
        }
        if page.hide:
            meta["hide"] = list(page.hide)
        if not page.searchable:
            meta["search"] = {"exclude": True}
        return meta

    def is_generated(self, src_uri: str) -> bool:
        return src_uri in self._by_uri

    def page_markdown(self, src_uri: str) -> str:
        """A generated page's Markdown (KeyError for other pages). A case study's is given
        out once, and then let go of: MkDocs reads each page's Markdown once a build."""
        markdown = self._markdown.pop(src_uri, None)
        return self._by_uri[src_uri].markdown if markdown is None else markdown

    def finish_content(self, src_uri: str, html: str) -> str:
        """The page's rendered Markdown, sanitised if it comes from a contributor's file,
        with the page's own HTML before and after it; a case study is marked as the part
        the explorer's text search (Pagefind) indexes."""
        page = self._by_uri.get(src_uri)
        if page is None:
            return html
        if page.contributed:
            html = self.sanitise(html)
        html = page.before() + html + page.after
        if page.kind == "case-study":
            return f"<div data-pagefind-body>\n{html}\n</div>\n"
        return html

    def finish_page(self, src_uri: str, output: str) -> str:
        """The written page: its slots filled with their HTML fragments.

        Runs after the search index has read the page, so the fragments (lists that repeat
        other pages) stay out of it. They come from validated data, not from what a
        contributor typed, so they are added after sanitising. The helper process has
        rendered them already; any it has not are rendered here.
        """
        page = self._by_uri.get(src_uri)
        if page is None:
            return output
        rendered = self._fragments.page(page) if self._fragments is not None else None
        return page.fill_slots(output, rendered.get if rendered is not None else None)

    def start_helper(self) -> dict[str, Path]:
        """Start the helper processes (:mod:`casebook.helper`), which write the open data,
        feeds and calendar, and render the pages' slot fragments, into a temporary folder;
        return {site path: file} of the exports they write.

        They run beside the build, on another core if there is one, one after the other
        (each started by :meth:`advance_helper` or :meth:`finish_helper`), so that their
        memory is never held at once, and never in the build's own process. Call
        :meth:`finish_helper` before the files are read; :meth:`close` removes them.
        """
        self.close()
        self._exports = tempfile.TemporaryDirectory(prefix="casebook-")
        folder = Path(self._exports.name)
        # Fresh interpreters (not forks, which would share this process's memory), given
        # the catalog in a file, so nothing is read or checked twice. A file rather than a
        # pipe: writing to a pipe would wait for the new interpreter to start and read.
        # Neither exports nor fragments use case-study bodies, and start_build leaves them
        # out of the build's catalog.
        data = folder / _HELPER_INPUT
        with data.open("wb") as stream:
            pickle.dump((self.catalog, self.site_url, self.build_date), stream,
                        protocol=pickle.HIGHEST_PROTOCOL)
        self._failed = ""
        self._jobs = [[sys.executable, "-m", "casebook.helper", job, str(folder), str(data)]
                      for job in ("fragments", "exports")]
        self.advance_helper()
        return {path: folder / path for path in export_paths(self.catalog)}

    def advance_helper(self) -> None:
        """Start the next helper process if the current one has finished. Cheap: call it
        as often as convenient. A failure is reported by :meth:`finish_helper`, which
        knows the job by its command line (``... casebook.helper JOB FOLDER INPUT``)."""
        if self._worker is not None and self._worker.poll() is None:
            return
        self._check_worker()
        if self._jobs:
            self._worker = subprocess.Popen(self._jobs.pop(0))

    def finish_helper(self) -> None:
        """Run the helper processes to the end; raise RuntimeError if one failed."""
        while self._worker is not None or self._jobs:
            if self._worker is not None:
                self._worker.wait()
            self.advance_helper()
        if self._failed:
            failed, self._failed = self._failed, ""
            raise RuntimeError(f"the helper process that writes the {failed} failed; its "
                               "error is printed above")
        if self._exports is not None:
            self._fragments = FragmentFile(Path(self._exports.name))

    def _check_worker(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None and worker.wait() != 0:
            self._jobs.clear()
            self._failed = worker.args[3] if len(worker.args) > 3 else "helper"

    @staticmethod
    def index_for_explorer(site_dir: Path) -> None:
        """Build the explorer's text-search index over the finished site (``mkdocs serve``;
        otherwise ``casebook search-index`` does it)."""
        from casebook.pagefind import index_site

        index_site(site_dir)

    def stale_committed_exports(self) -> list[str]:
        """Exports that docs/ also holds (for editors to use) whose copy there differs from
        what the build wrote. Call after :meth:`finish_helper`."""
        folder = Path(self._exports.name) if self._exports else None
        return [path for path, content in sorted(self.committed.items())
                if folder is None or (folder / path).read_bytes() != content]

    def close(self) -> None:
        """Stop the helper process if it still runs, and remove the files it wrote."""
        if self._fragments is not None:
            self._fragments.close()
            self._fragments = None
        self._jobs.clear()
        if self._worker is not None:
            self._worker.kill()
            self._worker.wait()
            self._worker = None
        if self._exports is not None:
            self._exports.cleanup()
            self._exports = None

    def sections_after_content(self, src_uri: str) -> tuple[tuple[str, str], ...]:
        """(id, title) of the headings a page's slots add after its Markdown content."""
        page = self._by_uri.get(src_uri)
        return page.end_sections() if page else ()

    def shared_theme_html(self, url: str) -> SharedHtml:
        """The theme HTML that renders the same on every page that is not in the
        navigation and sits in the same folder as the page at ``url``: the theme's links
        are relative to the page, so they are the same from every page of one folder."""
        folder = url.rstrip("/").rpartition("/")[0]
        return self._shared_html.setdefault(folder, SharedHtml())

    def is_contributed(self, src_uri: str) -> bool:
        page = self._by_uri.get(src_uri)
        return bool(page and page.contributed)

    @staticmethod
    def sanitise(html: str) -> str:
        return _CLEANER.clean(html)

    @staticmethod
    def sanitise_toc(item: Any) -> None:
        """Table-of-contents titles are printed raw by the theme: reduce them to text."""
        title = item.title
        if "<" in title or ">" in title or "&" in title or "\0" in title:
            item.title = _TEXT_ONLY.clean(title)  # any other text would come back unchanged
        for child in item.children:
            Build.sanitise_toc(child)


def build_date_from(settings: dict[str, Any]) -> dt.date:
    """The date the build treats as today: CASEBOOK_BUILD_DATE, then SOURCE_DATE_EPOCH, then
    ``extra.kb.build_date`` in mkdocs.yml, then the real date. Setting one makes builds
    reproducible."""
    value = os.environ.get("CASEBOOK_BUILD_DATE") or ""
    if value:
        return dt.date.fromisoformat(value)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    if settings.get("build_date"):
        return dt.date.fromisoformat(str(settings["build_date"]))
    return dt.date.today()


def start_build(root: Path, settings: dict[str, Any], site_url: str) -> Build:
    """Load and validate everything for one build, and render the generated pages.

    ``settings`` is ``extra.kb`` from mkdocs.yml: folder names relative to ``root``.
    """
    sources = Sources.at(root, settings.get("case_studies", "casestudies"),
                         settings.get("webinars", "webinars"),
                         settings.get("vocabularies", "vocabularies"))
    catalog = load_catalog(sources)
    today = build_date_from(settings)
    if catalog.errors:
        return Build(catalog, today, site_url)
    # The build keeps the case studies' Markdown only until MkDocs has read it (see
    # page_markdown), and everything else without it: the bodies are most of a catalog.
    markdown = {case_uri(case.slug): case_markdown(case) for case in catalog.case_studies}
    catalog = catalog.without_bodies()
    return Build(catalog, today, site_url, site_pages(catalog, today, site_url),
                 _markdown=markdown)

