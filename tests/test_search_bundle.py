"""The search bundle is whole when the build ends: a file of it cut short, compressed or not,
or missing, fails the build with its name."""

from __future__ import annotations

import gzip
import shutil
import sys
from pathlib import Path

import pytest

from casebook.search import ENTRY, SearchError, check_bundle, pagefind_binary, reference_bundle
from conftest import case_text

# The files Pagefind copies from its binary, stored uncompressed (the kind seen cut off).
UNCOMPRESSED = ("pagefind.js", "pagefind-worker.js", "pagefind-highlight.js",
                "pagefind-component-ui.js", "pagefind-component-ui.css")


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """A bundle that Pagefind wrote for a one-page site."""
    return reference_bundle(pagefind_binary(), tmp_path_factory.mktemp("reference"), "en")


@pytest.fixture
def bundle(reference, tmp_path) -> Path:
    """A whole bundle, to break."""
    return Path(shutil.copytree(reference, tmp_path / "pagefind"))


def cut(path: Path, size: int) -> None:
    with path.open("r+b") as file:
        file.truncate(size)


def test_a_whole_bundle_is_accepted(bundle, reference):
    check_bundle(bundle, reference)


@pytest.mark.parametrize("name", UNCOMPRESSED)
def test_an_uncompressed_file_cut_short_fails_with_its_name(bundle, reference, name):
    path = bundle / name
    cut(path, path.stat().st_size * 2 // 3)
    with pytest.raises(SearchError, match=rf"incomplete in .*\b{name}\b"):
        check_bundle(bundle, reference)


def test_a_compressed_file_cut_short_fails_with_its_name(bundle, reference):
    fragment = next((bundle / "fragment").iterdir())
    data = gzip.compress(b"pagefind_dcd" + b'{"content": "words"}' * 200, mtime=0)
    fragment.write_bytes(data[:-20])
    with pytest.raises(SearchError, match=f"fragment/{fragment.name}"):
        check_bundle(bundle, reference)


@pytest.mark.parametrize("size", [0, 40], ids=["created-not-written", "cut-short"])
def test_an_incomplete_entry_file_fails_with_its_name(bundle, reference, size):
    cut(bundle / ENTRY, size)
    with pytest.raises(SearchError, match=ENTRY):
        check_bundle(bundle, reference)


def test_missing_files_fail_with_their_names(bundle, reference):
    (bundle / "pagefind-worker.js").unlink()
    next(bundle.glob("*.pf_meta")).unlink()  # the metadata the entry file names
    with pytest.raises(SearchError, match=rf"{ENTRY}.*pagefind-worker.js \(missing\)|"
                                          rf"pagefind-worker.js \(missing\).*{ENTRY}"):
        check_bundle(bundle, reference)


CUTTING_PAGEFIND = """\
import os, subprocess, sys
# Pagefind, whose Component UI script is then found cut short in the site's bundle (as a
# writer that stopped early would leave it).
done = subprocess.run([{real!r}, *sys.argv[1:]])
output = sys.argv[sys.argv.index("--output-path") + 1]
if done.returncode == 0 and output.endswith(os.path.join("site", "pagefind")):
    with open(os.path.join(output, "pagefind-component-ui.js"), "r+b") as script:
        script.truncate(163840)
sys.exit(done.returncode)
"""


def test_a_build_whose_bundle_is_cut_short_fails_with_the_file_name(tiny_site, tmp_path):
    tiny_site.write_case("one", case_text())
    binary = tmp_path / "pagefind"
    binary.write_text(f"#!{sys.executable}\n"
                      + CUTTING_PAGEFIND.format(real=str(pagefind_binary())))
    binary.chmod(0o755)
    result = tiny_site.build(check=False, env={"PAGEFIND_BINARY_PATH": str(binary)})
    assert result.returncode != 0
    assert "Pagefind left its bundle incomplete" in result.stderr
    assert "pagefind-component-ui.js" in result.stderr
