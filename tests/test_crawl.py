"""Crawl the built site from the home page: every page reachable, no broken internal link."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.slow
BASE = "http://site.test/"


def _resolve(site: Path, url: str) -> Path | None:
    path = unquote(urlparse(url).path)[len(urlparse(BASE).path):]
    target = site / path
    if path.endswith("/") or path == "":
        target = target / "index.html"
    return target if target.is_file() else None


def crawl(site: Path) -> tuple[list[str], list[str], list[str]]:
    """Crawl a built site from its home page: (broken links, links to missing anchors,
    pages no link reaches)."""
    seen = {BASE}
    queue = deque([BASE])
    broken, ids = [], {}
    anchors: list[tuple[str, str, str]] = []
    while queue:
        url = queue.popleft()
        soup = BeautifulSoup(_resolve(site, url).read_text(encoding="utf-8"),
                             "html.parser")
        ids[url] = {tag["id"] for tag in soup.find_all(id=True)}
        for tag in soup.find_all(["a", "link"], href=True):
            href = tag["href"]
            absolute = urljoin(url, href)
            parsed = urlparse(absolute)
            if parsed.netloc != urlparse(BASE).netloc or parsed.scheme not in ("http", "https"):
                continue
            target = absolute.split("#")[0].split("?")[0]
            if _resolve(site, target) is None:
                broken.append(f"{url} -> {href}")
                continue
            if parsed.fragment:
                anchors.append((url, target, parsed.fragment))
            if target.endswith("/") and target not in seen:
                seen.add(target)
                queue.append(target)
    missing = [f"{page} -> {target}#{frag}" for page, target, frag in anchors
               if target in ids and frag not in ids[target] and frag != "__skip"]
    pages = {BASE + p.parent.relative_to(site).as_posix().strip(".") + "/"
             for p in site.rglob("index.html")}
    pages = {p.replace("//", "/").replace("http:/", "http://") for p in pages}
    unreachable = sorted(p for p in pages - seen if "/search/" not in p)
    return broken, missing, unreachable


def test_every_page_is_reachable_from_home_and_no_internal_link_is_broken(real_site):
    assert crawl(real_site) == ([], [], [])
