"""How the search index runs beside the build: it stages pages in a memory-backed folder
when the system has one (unless the user has named a temporary folder), keeps only a batch
or two staged, leaves nothing behind, and runs Pagefind at a lower priority than the build."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from casebook.search import BATCH, SERVICE_NICENESS, SearchIndex, staging_parent


def test_a_writable_memory_folder_is_used(tmp_path):
    assert staging_parent({}, tmp_path) == str(tmp_path)


@pytest.mark.parametrize("name", ["TMPDIR", "TEMP", "TMP"])
def test_a_temporary_folder_the_user_names_wins(tmp_path, name):
    assert staging_parent({name: "/somewhere"}, tmp_path) is None


def test_without_a_memory_folder_the_system_temporary_folder_is_used(tmp_path):
    assert staging_parent({}, tmp_path / "missing") is None


@pytest.fixture
def staging(tmp_path, monkeypatch):
    """A memory folder of the test's own, which the search index stages pages in."""
    folder = tmp_path / "memory"
    folder.mkdir()
    monkeypatch.setattr("casebook.search.MEMORY_FOLDER", folder)
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_staged_pages_are_removed_when_the_index_is_written(tmp_path, staging):
    index = SearchIndex(tmp_path / "site")
    index.add("a/index.html", "<h1>Staged page</h1><p>Words to find.</p>")
    assert list(staging.rglob("index.html")), "the page was not staged in the memory folder"
    bundle = index.finish()
    assert (bundle / "pagefind-entry.json").is_file()
    assert list(staging.iterdir()) == []


def test_a_batch_is_deleted_once_pagefind_has_read_it(tmp_path, staging):
    index = SearchIndex(tmp_path / "site")
    try:
        added = 0
        for added in range(1, BATCH + 1):
            index.add(f"p{added}/index.html", f"<p>Page number {added}</p>")
        deadline = time.monotonic() + 30
        while len(list(staging.rglob("index.html"))) >= added:
            assert time.monotonic() < deadline, "the first batch stayed staged"
            time.sleep(0.05)
            added += 1
            index.add(f"p{added}/index.html", f"<p>Page number {added}</p>")
        assert len(list(staging.rglob("index.html"))) < BATCH
    finally:
        index.close()


@pytest.mark.skipif(sys.platform != "linux", reason="a thread's nice value is Linux's")
def test_pagefind_runs_at_a_lower_priority_than_the_build(tmp_path):
    build_priority = os.getpriority(os.PRIO_PROCESS, 0)
    index = SearchIndex(tmp_path / "site")
    try:
        services = [pid for pid in _children(os.getpid()) if "pagefind" in _name(pid)]
        assert services, "no Pagefind service among the build's child processes"
        for pid in services:
            assert os.getpriority(os.PRIO_PROCESS, pid) == build_priority + SERVICE_NICENESS
        assert os.getpriority(os.PRIO_PROCESS, 0) == build_priority  # the build's own thread
    finally:
        index.close()


def _name(pid: int) -> str:
    return Path(f"/proc/{pid}/comm").read_text().strip()


def _children(parent: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found
