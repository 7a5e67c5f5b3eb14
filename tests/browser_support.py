"""Shared helpers and fixtures for the browser and accessibility tests.

The built site (``real_site``) is served from a local HTTP server on a free port, and one
headless Chromium is shared by every test in a worker. Each test gets a fresh browser
context and page, with listeners that record console errors and failed requests so a test
can assert that the pages it visited loaded cleanly.

Chromium is /usr/bin/chromium unless CASEBOOK_CHROMIUM names another binary. Locally, the
tests are skipped with a message when Chromium or Playwright is missing; under ``CI=true``
they fail instead, so a broken CI image cannot turn them into silent skips.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

CHROMIUM_DEFAULT = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]
HOW_TO_GET_CHROMIUM = (
    "install Debian's Chromium with `apt-get install chromium` (or set CASEBOOK_CHROMIUM to "
    "the path of a Chromium or Chrome binary); `make test` installs Playwright and "
    "axe-playwright-python")
# Generous enough for a loaded 2-core machine; waits are on events, so passing runs are quick.
TIMEOUT_MS = 15_000


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def wanted_chromium() -> str:
    return os.environ.get("CASEBOOK_CHROMIUM") or CHROMIUM_DEFAULT


def chromium_path() -> str | None:
    """The Chromium binary to drive, or None if there is none."""
    wanted = wanted_chromium()
    if os.path.isfile(wanted) and os.access(wanted, os.X_OK):
        return wanted
    return shutil.which("chromium") or shutil.which("chromium-browser")


def unavailable(reason: str) -> None:
    """Skip locally, fail in CI: browser tests must run there."""
    message = f"{reason}: {HOW_TO_GET_CHROMIUM}"
    if in_ci():
        pytest.fail(f"browser tests cannot run under CI=true: {message}", pytrace=False)
    pytest.skip(message)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site as if from its site_url, without logging each request.

    Pages are served under the path of site_url (``prefix``), and sitemap.xml names this
    server instead of site_url: Material's instant navigation only handles links to pages in
    the sitemap, so without that every click would be a full page load, unlike the
    published site.
    """

    prefix = "/"
    site_url = ""
    served_url = ""
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".json": "application/json",
        ".wasm": "application/wasm",
        ".xml": "application/xml",
        ".svg": "image/svg+xml",
    }

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        path = urlsplit(self.path).path
        # Chromium may ask the server root for /favicon.ico before it reads the page's
        # <link rel="icon">; the root is not the site's to answer for unless the site is
        # published there. Say "no content" rather than log a 404.
        if path == "/favicon.ico" and not os.path.exists(self.translate_path(self.path)):
            self.send_response(204)
            self.end_headers()
            return
        if path == self.prefix + "sitemap.xml" and self.site_url:
            sitemap = Path(self.translate_path(self.path)).read_text(encoding="utf-8")
            body = sitemap.replace(self.site_url, self.served_url).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def translate_path(self, path: str) -> str:
        if not urlsplit(path).path.startswith(self.prefix):
            return os.path.join(self.directory, "not-under-the-site-path")  # a 404
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # The browser hangs up on requests it no longer needs (a page left mid-load).
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def published_url(root: Path) -> str:
    """The site_url the site was built for, read from its sitemap ("" if it has none)."""
    sitemap = root / "sitemap.xml"
    if not sitemap.exists():
        return ""
    match = re.search(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap.read_text(encoding="utf-8"))
    return match.group(1) if match else ""


@dataclass
class SiteServer:
    root: Path
    url: str

    def to(self, path: str) -> str:
        """An absolute URL for a site path such as ``themes/good-work/``."""
        return urljoin(self.url, path.lstrip("/"))


class Problems:
    """Console errors and failed requests, listed under the page they happened on."""

    def __init__(self) -> None:
        self.by_page: dict[str, list[str]] = {}

    def add(self, page_url: str, what: str) -> None:
        key = urlsplit(page_url).path or page_url
        self.by_page.setdefault(key, []).append(what)

    def __bool__(self) -> bool:
        return any(self.by_page.values())

    def report(self) -> str:
        return "\n".join(f"{where}:\n  " + "\n  ".join(items)
                         for where, items in self.by_page.items())


def watch(page) -> Problems:
    """Record console errors, uncaught exceptions and failed requests on ``page``."""
    problems = Problems()

    def on_console(message) -> None:
        if message.type == "error":
            where = message.location or {}
            source = f"{where.get('url', '?')}:{where.get('lineNumber', '?')}"
            problems.add(page.url, f"console error: {message.text} ({source})")

    def on_response(response) -> None:
        if response.status >= 400:
            problems.add(page.url, f"HTTP {response.status} for {response.url}")

    def on_failed(request) -> None:
        # A request the page itself gave up on (by leaving the page, or a script cancelling
        # a fetch it no longer needs) is not a broken resource.
        if request.failure == "net::ERR_ABORTED":
            return
        problems.add(page.url, f"request failed: {request.url}: {request.failure}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.add(page.url, f"uncaught exception: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    return problems


def assert_clean(problems: Problems) -> None:
    """No page the test visited logged a console error or had a request fail."""
    assert not problems, "console errors or failed requests:\n" + problems.report()


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(axe, page) -> list[dict]:
    """Run axe-core on the page as it is now, with the WCAG 2.0 to 2.2 A and AA rules."""
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                    "resultTypes": ["violations"]})
    return result.response["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
            message = checks[0]["message"] if checks else ""
            lines.append(f"    {' '.join(node['target'])}: {message}")
    return "\n".join(lines)


def case_studies(root: Path) -> dict[str, dict]:
    """Every case study's front matter, read straight from casestudies/*.md with PyYAML."""
    found = {}
    for path in sorted((root / "casestudies").glob("[!_]*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, _ = text.split("---\n", 2)
        found[path.stem] = yaml.safe_load(front)
    return found


def vocabulary(root: Path, kind: str) -> dict[str, dict]:
    data = yaml.safe_load((root / "vocabularies" / f"{kind}.yml").read_text(encoding="utf-8"))
    return {term["id"]: term for term in data["terms"]}


def heading(page) -> str:
    """The page's h1 without its permalink mark."""
    return page.locator("article h1").first.evaluate(
        "h => Array.from(h.childNodes).filter(n => !(n.classList && "
        "n.classList.contains('headerlink'))).map(n => n.textContent).join('').trim()")


@contextlib.contextmanager
def serve(root: Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[SiteServer]:
    """Serve ``root`` on 127.0.0.1 and a free port, under its site_url's path."""
    site_url = published_url(root)
    prefix = urlsplit(site_url).path or "/"
    site = type("SiteHandler", (handler,), {"prefix": prefix, "site_url": site_url})
    server = QuietServer(("127.0.0.1", 0), functools.partial(site, directory=str(root)))
    host, port = server.server_address[:2]
    site.served_url = f"http://{host}:{port}{prefix}"
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield SiteServer(root, site.served_url)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# Fixtures. They are registered for the whole test folder from the end of conftest.py.


@pytest.fixture(scope="session")
def site_server(real_site: Path) -> Iterator[SiteServer]:
    """The built site, served over HTTP on 127.0.0.1 and a free port."""
    with serve(real_site) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium per test worker."""
    executable = chromium_path()
    if executable is None:
        unavailable(f"Chromium not found at {wanted_chromium()} or as `chromium` on PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def context_options() -> dict[str, object]:
    """Options for the test's browser context; override in a module or with a parametrize."""
    return {}


@pytest.fixture
def context(browser, context_options: dict[str, object]) -> Iterator[object]:
    options = {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB",
               "reduced_motion": "reduce", "service_workers": "block", **context_options}
    ctx = browser.new_context(**options)
    ctx.set_default_timeout(TIMEOUT_MS)
    ctx.set_default_navigation_timeout(TIMEOUT_MS)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context) -> object:
    return context.new_page()


@pytest.fixture
def problems(page) -> Problems:
    """What went wrong on each page ``page`` showed, recorded from before its first visit."""
    return watch(page)


@pytest.fixture(scope="session")
def axe() -> object:
    """axe-core, through axe-playwright-python."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        unavailable("axe-playwright-python is not installed")
    return Axe()
