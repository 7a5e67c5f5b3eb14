"""The search bundle is whole before the build ends: a file Pagefind has not finished
writing is waited for, and one that stays incomplete fails the build with a message."""

from __future__ import annotations

import gzip
import threading
import time

import pytest

from casebook.search import SearchError, wait_until_whole


def bundle_with(tmp_path, **files: bytes):
    bundle = tmp_path / "pagefind"
    (bundle / "index").mkdir(parents=True)
    for name, data in files.items():
        (bundle / name.replace("__", "/")).write_bytes(data)
    return bundle


def test_a_whole_bundle_is_accepted(tmp_path):
    bundle = bundle_with(tmp_path, **{"pagefind.js": b"x" * 100,
                                      "index__en_1.pf_index": gzip.compress(b"words" * 100)})
    wait_until_whole(bundle, limit=5)


@pytest.mark.parametrize("name, data", [
    ("index__en_1.pf_index", gzip.compress(b"words" * 1000, mtime=0)[:-20]),
    ("pagefind-entry.json", b""),
], ids=["cut-short", "created-not-written"])
def test_an_incomplete_file_fails_with_its_name(tmp_path, name, data):
    bundle = bundle_with(tmp_path, **{"pagefind.js": b"x", name: data})
    with pytest.raises(SearchError, match=name.split("__")[-1]):
        wait_until_whole(bundle, limit=0.5)


def test_a_file_still_being_written_is_waited_for(tmp_path):
    whole = gzip.compress(b"fragment" * 5000)
    bundle = bundle_with(tmp_path, **{"index__en_1.pf_index": whole[:100]})
    path = bundle / "index" / "en_1.pf_index"

    def finish_writing() -> None:
        time.sleep(0.4)
        path.write_bytes(whole)

    writer = threading.Thread(target=finish_writing)
    started = time.monotonic()
    writer.start()
    wait_until_whole(bundle, limit=10)
    writer.join()
    assert time.monotonic() - started >= 0.4
    assert gzip.decompress(path.read_bytes()) == b"fragment" * 5000
