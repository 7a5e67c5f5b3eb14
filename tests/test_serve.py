"""`mkdocs serve` with mistakes in the files: the browser shows them, nothing hangs, and live
reload brings the site back once they are fixed (a real server, in Chromium)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow
SCHOOLS = ROOT / "tests" / "schools"
CASE = "breakfast-club"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The second knowledge base served by `mkdocs serve --livereload`: (folder, address)."""
    root = tmp_path / "kb"
    shutil.copytree(SCHOOLS, root, ignore=shutil.ignore_patterns("site", "__pycache__"))
    port = free_port()
    env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}/", "NO_MKDOCS_2_WARNING": "1"}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    address = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(address, timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("mkdocs serve did not start:\n"
                                + (tmp_path / "serve.log").read_text())
                time.sleep(0.2)
        yield root, address
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_a_misspelt_key_shows_in_the_page_and_the_fix_brings_the_case_study_back(
        served, page):
    root, address = served
    path = root / "casestudies" / f"{CASE}.md"
    text = path.read_text(encoding="utf-8")
    page.goto(f"{address}case-studies/{CASE}/")
    title = page.locator("h1").first.inner_text()

    path.write_text(text.replace("\nphases:", "\nphasez:", 1), encoding="utf-8")
    errors = page.locator(".kb-build-errors li")
    errors.first.wait_for(timeout=2_000)  # the page reloads by itself
    shown = errors.all_inner_texts()
    assert any(f"casestudies/{CASE}.md:" in line and "phases" in line for line in shown), shown

    # While the files are wrong, no request waits for a build that cannot succeed.
    for url in ("", f"case-studies/{CASE}/", "explore/"):
        started = time.monotonic()
        try:
            urllib.request.urlopen(address + url, timeout=5).read()  # noqa: S310
        except urllib.error.HTTPError as error:  # the 404 page, which lists the errors too
            assert b"kb-build-errors" in error.read()
        assert time.monotonic() - started < 2

    path.write_text(text, encoding="utf-8")
    page.locator("h1", has_text=title).wait_for(timeout=5_000)
    assert page.locator(".kb-build-errors").count() == 0


def test_a_settings_mistake_shows_in_the_browser_with_its_line(served, page):
    root, address = served
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    page.goto(address)
    config.write_text(text.replace("case_studies: casestudies", "case_studies: casestudiez"),
                      encoding="utf-8")
    errors = page.locator(".kb-build-errors li")
    errors.first.wait_for(timeout=5_000)
    shown = " ".join(errors.all_inner_texts())
    assert "mkdocs.yml:" in shown and "casestudiez" in shown
    config.write_text(text, encoding="utf-8")
    page.locator(".kb-build-errors").wait_for(state="detached", timeout=10_000)


def test_a_hostile_message_is_shown_as_text(served, page):
    root, address = served
    path = root / "casestudies" / f"{CASE}.md"
    text = path.read_text(encoding="utf-8")
    page.goto(address)
    path.write_text(text.replace("\nphases:", '\nphases: ["<img src=x onerror=alert(1)>"]'
                                 "\nformer_phases:", 1), encoding="utf-8")
    page.locator(".kb-build-errors li").first.wait_for(timeout=5_000)
    assert page.locator(".kb-build-errors img").count() == 0
    assert "<img src=x" in page.locator(".kb-build-errors").first.inner_text()


def test_a_macro_naming_an_undeclared_facet_shows_in_the_browser(served, page):
    root, address = served
    home = root / "docs" / "index.md"
    text = home.read_text(encoding="utf-8")
    page.goto(address)
    home.write_text(text.replace("{{ facet_cards() }}",
                                 '{{ facet_cards() }}\n\n{{ facet_tally("phasez") }}'),
                    encoding="utf-8")
    errors = page.locator(".kb-build-errors li")
    errors.first.wait_for(timeout=5_000)
    shown = " ".join(errors.all_inner_texts())
    assert "docs/index.md:" in shown and "facet_tally" in shown and "phasez" in shown
    started = time.monotonic()
    urllib.request.urlopen(address + "explore/", timeout=5).read()  # noqa: S310
    assert time.monotonic() - started < 2
    home.write_text(text, encoding="utf-8")
    page.locator(".kb-build-errors").wait_for(state="detached", timeout=10_000)
