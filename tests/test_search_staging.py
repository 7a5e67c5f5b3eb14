"""Where the search index stages pages: a memory-backed folder when the system has one,
unless the user has named a temporary folder; and nothing is left behind."""

from __future__ import annotations

import time

import pytest

from casebook.search import BATCH, SearchIndex, staging_parent


def test_a_writable_memory_folder_is_used(tmp_path):
    assert staging_parent({}, tmp_path) == str(tmp_path)


@pytest.mark.parametrize("name", ["TMPDIR", "TEMP", "TMP"])
def test_a_temporary_folder_the_user_names_wins(tmp_path, name):
    assert staging_parent({name: "/somewhere"}, tmp_path) is None


def test_without_a_memory_folder_the_system_temporary_folder_is_used(tmp_path):
    assert staging_parent({}, tmp_path / "missing") is None


def test_staged_pages_are_removed_when_the_index_is_written(tmp_path, monkeypatch):
    staging = tmp_path / "memory"
    staging.mkdir()
    monkeypatch.setattr("casebook.search.MEMORY_FOLDER", staging)
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.delenv(name, raising=False)
    index = SearchIndex(tmp_path / "site")
    index.add("a/index.html", "<h1>Staged page</h1><p>Words to find.</p>")
    assert list(staging.rglob("index.html")), "the page was not staged in the memory folder"
    bundle = index.finish()
    assert (bundle / "pagefind-entry.json").is_file()
    assert list(staging.iterdir()) == []


def test_a_batch_is_deleted_once_pagefind_has_read_it(tmp_path, monkeypatch):
    staging = tmp_path / "memory"
    staging.mkdir()
    monkeypatch.setattr("casebook.search.MEMORY_FOLDER", staging)
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.delenv(name, raising=False)
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
