"""Score pages of the built site with Lighthouse 12, served as a host would serve them.

    python -m benchmarks.lighthouse                  # site/, five pages, port from the site
    python -m benchmarks.lighthouse --page /about/ --page /data/ --runs 1
    make lighthouse                                  # builds the site first

The site in ``site/`` is served over HTTP on 127.0.0.1, at the address it was built for (its
sitemap's site_url, when that is on this machine, so that canonical links and the sitemap name
the pages served), with gzip for text responses when the browser accepts it and a ten-minute
cache lifetime, as GitHub Pages serves. Lighthouse (``tools/lighthouse``, pinned with its lock
file; ``npm ci`` there installs it) runs in Chromium with its defaults: a mid-range phone,
simulated slow 4G. The performance score moves with the load on the machine, so each page is
scored ``--runs`` times (3 by default) and the run with the median performance score counts.
Scores are printed per page with the audits that failed in any category under its target, and
the JSON reports are saved in benchmarks/out/lighthouse/.
The exit status is 1 if any page is under a target: performance 95, accessibility, best
practices and SEO 100.

Chromium is /usr/bin/chromium unless CHROME_PATH names another.
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
OUT = ROOT / "benchmarks" / "out" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml",
              "application/atom+xml", "image/svg+xml", "text/calendar")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Files under ``prefix`` from the site folder; text gzipped when the client accepts it."""

    prefix = "/"
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
        ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
        ".wasm": "application/wasm", ".ics": "text/calendar",
    }

    def send_head(self):  # the hook SimpleHTTPRequestHandler's GET and HEAD share
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # a redirect to the folder's address
            path = path / "index.html"
        if not path.is_file():
            return self.not_found()
        kind = self.guess_type(str(path))
        if not self.wants_gzip() or not kind.startswith(COMPRESSED):
            return super().send_head()
        body = compressed(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if kind.startswith("text/")
                         else kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", email.utils.formatdate(path.stat().st_mtime,
                                                                 usegmt=True))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def wants_gzip(self) -> bool:
        accepted = self.headers.get("Accept-Encoding", "")
        return any(part.split(";")[0].strip() == "gzip" for part in accepted.split(","))

    def not_found(self):
        """The site's own 404 page, with status 404, as a host serves it."""
        page = Path(self.directory) / "404.html"
        if not page.is_file():
            self.send_error(404)
            return None
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path: str) -> str:
        if not urlsplit(path).path.startswith(self.prefix):
            return os.path.join(self.directory, "not-under-the-site-path")
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@functools.lru_cache(maxsize=512)
def compressed(path: Path, mtime_ns: int) -> bytes:
    """``path`` gzipped (keyed by its modification time, so a rebuilt file is read again)."""
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


def site_address(site: Path) -> str:
    """The site_url the site was built for, from its sitemap ("" if it has none)."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return ""
    match = re.search(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap.read_text(encoding="utf-8"))
    return match.group(1) if match else ""


def default_pages(site: Path) -> list[str]:
    """The home page, the first case study and theme, the explorer and the webinars."""
    def first(folder: str) -> str:
        found = sorted(p.parent.name for p in (site / folder).glob("*/index.html"))
        if not found:
            sys.exit(f"no pages under {site / folder}: is the site built?")
        return f"/{folder}/{found[0]}/"
    return ["/", first("case-studies"), first("themes"), "/explore/", "/webinars/"]


def run_lighthouse(url: str, report: Path, chrome: str) -> dict:
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=--headless=new --no-sandbox", "--quiet"]
    env = {**os.environ, "CHROME_PATH": chrome}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not report.is_file():
        sys.exit(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def failures(lhr: dict, category: str) -> list[str]:
    """The category's scored audits that did not pass, heaviest first, with what Lighthouse
    measured. (Performance diagnostics have weight 0: they explain the metrics, which carry
    the score.)"""
    lines = []
    refs = sorted(lhr["categories"][category]["auditRefs"], key=lambda ref: -ref["weight"])
    for ref in refs:
        audit = lhr["audits"][ref["id"]]
        score = audit.get("score")
        if score is None or audit.get("scoreDisplayMode") in {"notApplicable", "informative",
                                                              "manual"}:
            continue
        if score < (0.9 if category == "performance" else 1):
            shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            lines.append(f"{audit['id']}: {audit['title']}{shown} "
                         f"[score {score:.2f}, weight {ref['weight']:g}]")
    return lines


def main(argv: list[str] | None = None) -> int | str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--port", type=int, default=None,
                        help="port to serve on (default: the one the site was built for)")
    parser.add_argument("--page", action="append", dest="pages",
                        help="a path under the site to score (repeatable)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per page; the median performance score counts (default 3)")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        return f"no site at {site}: run `make build` first"
    if not LIGHTHOUSE.exists():
        return f"Lighthouse is not installed: run `npm ci` in {LIGHTHOUSE.parents[2]}"
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

    built_for = urlsplit(site_address(site))
    local = built_for.hostname in {"127.0.0.1", "localhost"}
    port = args.port or (built_for.port if local and built_for.port else 8000)
    prefix = (built_for.path or "/") if local else "/"
    if not local or (built_for.port or 80) != port:
        print(f"note: the site was built for {site_address(site) or 'an unknown address'}, "
              f"and is served on port {port}: its canonical links name another address "
              f"(build with SITE_URL=http://127.0.0.1:{port}/)", file=sys.stderr)
    handler = type("Handler", (GzipHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(handler, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()

    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, dict]] = []
    details: list[str] = []
    failed = False
    try:
        for page in args.pages or default_pages(site):
            url = f"http://127.0.0.1:{port}{prefix.rstrip('/')}{page}"
            name = page.strip("/").replace("/", "-") or "home"
            runs = []
            for number in range(1, args.runs + 1):
                print(f"Lighthouse: {url} (run {number} of {args.runs})", file=sys.stderr)
                lhr = run_lighthouse(url, OUT / f"{name}-{number}.json", chrome)
                scores = {c: round((lhr["categories"][c]["score"] or 0) * 100)
                          for c in CATEGORIES}
                runs.append((scores["performance"], number, scores, lhr))
            _, number, scores, lhr = sorted(runs, key=lambda run: run[:2])[len(runs) // 2]
            scores = {**scores, "runs": " ".join(str(run[0]) for run in runs)}
            rows.append((page, scores))
            for category in CATEGORIES:
                if scores[category] < TARGETS[category]:
                    failed = True
                    details.append(f"{page} {category} {scores[category]} "
                                   f"(target {TARGETS[category]}; run {number}):")
                    details.extend(f"    {line}" for line in failures(lhr, category))
    finally:
        server.shutdown()
        server.server_close()

    print(f"| Page | {' | '.join(CATEGORIES)} | performance, each run |")
    print("|---|" + "---:|" * len(CATEGORIES) + "---|")
    for page, scores in rows:
        print(f"| {page} | " + " | ".join(str(scores[c]) for c in CATEGORIES)
              + f" | {scores['runs']} |")
    if details:
        print("\nUnder target:\n" + "\n".join(details))
    targets = ", ".join(f"{category} {target}" for category, target in TARGETS.items())
    print(f"\n{'FAIL' if failed else 'PASS'} (targets: {targets})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
