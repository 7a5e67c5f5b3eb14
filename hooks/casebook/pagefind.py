"""Run Pagefind over the built site and make its output reproducible.

Pagefind writes its filter chunks from hash maps, so the order of values (and therefore the
bytes and the content-hashed file names) changes from run to run. :func:`canonicalise`
re-encodes the filter chunks with values sorted, renames them by their new content hash and
rewrites the metadata file and entry point that name them. The data is unchanged; only its
order is fixed. The format (gzip of ``pagefind_dcd`` + CBOR) is Pagefind 1.x's.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import cbor2

MAGIC = b"pagefind_dcd"
FILTERS = 3  # position of the filter-chunk list in the metadata record
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")


def index_site(site_dir: Path) -> Path:
    """Index ``site_dir`` into ``site_dir/pagefind``; return the bundle folder.

    Raises RuntimeError with Pagefind's message if indexing fails.
    """
    if not any(site_dir.glob("case-studies/*/index.html")):
        return site_dir / "pagefind"  # nothing to index yet; the explorer lists no filters
    result = subprocess.run(
        # Only case-study pages carry data-pagefind-body; reading the rest is wasted work.
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent",
         "--glob", "case-studies/*/index.html"],
        capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind could not index the site: {result.stderr.strip()}")
    bundle = site_dir / "pagefind"
    for name in UNUSED:  # the explorer uses Pagefind's JavaScript API, not its interfaces
        (bundle / name).unlink(missing_ok=True)
    canonicalise(bundle)
    return bundle


def _read(path: Path) -> object:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MAGIC):
        raise RuntimeError(f"{path.name} is not a Pagefind 1.x data file")
    return cbor2.loads(data[len(MAGIC):])


def _write(folder: Path, prefix: str, suffix: str, value: object, digits: int) -> str:
    payload = MAGIC + cbor2.dumps(value)
    name = prefix + hashlib.sha256(payload).hexdigest()[:digits]
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(payload, mtime=0))
    return name


def canonicalise(bundle: Path) -> None:
    """Rewrite the filter chunks, metadata and entry point of ``bundle`` in a fixed order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        # Metadata: [version, pages, index chunks, filter chunks, sorts, meta fields].
        filters = meta[FILTERS]
        if not all(isinstance(f, list) and len(f) == 2 and isinstance(f[1], str)
                   for f in filters):
            raise RuntimeError("unexpected Pagefind metadata layout: is Pagefind still 1.x?")
        renamed = []
        for filter_name, chunk in sorted(filters, key=lambda item: item[0]):
            chunk_path = bundle / "filter" / f"{chunk}.pf_filter"
            name, values = _read(chunk_path)
            chunk_path.unlink()
            ordered = [name, sorted(values, key=lambda item: item[0])]
            renamed.append([filter_name, _write(bundle / "filter", f"{language}_",
                                                ".pf_filter", ordered, 7)])
        meta[FILTERS] = renamed
        meta_path.unlink()
        info["hash"] = _write(bundle, f"pagefind.{language}_", ".pf_meta", meta, 10)[
            len("pagefind."):]
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
