"""The site's one search index: Pagefind, fed through its Python API while the site is built.

:class:`SearchIndex` starts Pagefind's indexing service (the ``pagefind`` package runs the
Pagefind binary as a separate process) and hands it each page's content as soon as MkDocs
has rendered it, a batch at a time, so that Pagefind indexes on another core while MkDocs
renders the rest. MkDocs renders every page's content before it lays out and writes any
page, so :meth:`SearchIndex.write` can start Pagefind writing the bundle (into
``pagefind/`` of the site) while MkDocs is still laying out pages; :meth:`SearchIndex.finish`
waits for it and puts its output in a fixed order (:func:`canonicalise`), so that two builds
of the same content are byte-identical.

What Pagefind indexes is a page's content (its Markdown rendered, with the page's generated
HTML), not the theme around it: each is staged as a small HTML file under the page's output
path in a temporary folder, and sent as a folder of files (``add_directory`` with a glob
naming them). One message per page would cost a tenth of a second each: the Python API reads
the service's replies one every 100 ms. Any failure of the service is raised, with
Pagefind's message, by the next call; nothing is skipped silently.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import os
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import cbor2

BUNDLE = "pagefind"
MAGIC = b"pagefind_dcd"
FILTERS = 3  # position of the filter-chunk list in the metadata record
# Pages handed to Pagefind at once: large enough that the 100 ms per reply is nothing,
# small enough that Pagefind starts early and the last batch is short.
BATCH = 200
# A staged page: the content of the page, marked as what Pagefind indexes.
_STAGED = ('<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8"></head>'
           "<body><div data-pagefind-body>\n{content}\n</div></body></html>\n")
# Pages are staged where writing and deleting a thousand small files costs least: a
# memory-backed folder (Linux's /dev/shm) unless TMPDIR says otherwise: the whole build is
# faster than with a disk's temporary folder (A/B in the README, Performance). A batch's pages
# are deleted once Pagefind has read them, so a batch or two is staged at a time.
MEMORY_FOLDER = Path("/dev/shm")
# How much lower than the build's the Pagefind service's priority is (a nice value).
SERVICE_NICENESS = 10
# Longest wait for one answer from the service before the build gives up on it, so that a
# Pagefind that stops answering (killed, out of memory) fails the build instead of hanging it.
ANSWER_TIMEOUT = 600
# The interfaces Pagefind writes that the site does not load: the header search uses the
# Component UI, the explorer the JavaScript API, and highlighting pagefind-highlight.js.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css")
# Pagefind answers a write request once it has handed every file to its writer threads, not
# once the last bytes are on disk, and the Python API stops the service as soon as it has
# the answer: on a loaded machine the end of a file could be cut off (seen: its 175,488-byte
# Component UI script left at 163,840 bytes). So the service is stopped only once the bundle
# is whole: every compressed file decompresses to its end and every file has kept its size
# for a few checks in a row.
SETTLED_CHECKS = 3
SETTLE_INTERVAL = 0.05  # seconds between checks
SETTLE_LIMIT = 120  # seconds before an incomplete bundle fails the build
_COMPRESSED = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")


class SearchError(RuntimeError):
    """Pagefind could not index the site; the message says why."""


class _Written(Exception):
    """Leaves the API's context without writing (the bundle has been written already)."""


class SearchIndex:
    """Pagefind's index of one build of the site in ``site_dir``.

    Call :meth:`add` with each page's output path (relative to ``site_dir``) and content,
    :meth:`write` once every page has been added, then :meth:`finish`; :meth:`close` stops
    the service without writing (after a failed build). Call them from one thread.
    """

    def __init__(self, site_dir: Path, language: str = "en") -> None:
        from pagefind.index import PagefindIndex

        self.site_dir = site_dir
        self.language = language
        # Staged pages live in a temporary folder: written over by MkDocs in the site
        # itself, they cost more (measured: README, Performance).
        self._staging_folder = tempfile.TemporaryDirectory(prefix="casebook-search-",
                                                           dir=staging_parent())
        self._staging = Path(self._staging_folder.name)
        self._pending: list[str] = []
        # Batches sent and not yet answered: (the answer, the staged pages' paths).
        self._sent: list[tuple[Future[Any], list[str]]] = []
        self._written: Future[Any] | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, name="pagefind-index",
                                        daemon=True)
        self._thread.start()
        # One language for every page (the site's), so that Pagefind writes one index.
        self._index = PagefindIndex(config={
            "force_language": language, "output_path": str(site_dir / BUNDLE),
            # Headings' permanent-link signs and breadcrumb trails are not content.
            "exclude_selectors": [".headerlink", ".kb-breadcrumbs"]})
        self._open = True
        try:
            self._call(self._index.__aenter__()).result(timeout=ANSWER_TIMEOUT)
        except Exception as error:
            self._open = False
            self._stop()
            raise SearchError(f"Pagefind could not start: {_cause(error)}") from error

    def _run_loop(self) -> None:
        """The event loop's thread, which launches the Pagefind service. On Linux it lowers
        its own priority first (a thread's nice value, which the service inherits), so that
        Pagefind's indexing threads give way to MkDocs' rendering thread and work on the
        CPU time it leaves (A/B in the README, Performance)."""
        if sys.platform == "linux":
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), SERVICE_NICENESS)
        self._loop.run_forever()

    def add(self, path: str, content: str) -> None:
        """Stage the content of the page written at ``path`` (``themes/x/index.html``).
        Raises :class:`SearchError` if Pagefind failed on an earlier batch."""
        staged = self._staging / path
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_text(_STAGED.format(language=self.language, content=content),
                          encoding="utf-8")
        self._pending.append(path)
        if len(self._pending) >= BATCH:
            self._send()
        self._forget_indexed()

    def _forget_indexed(self) -> None:
        """Delete the staged pages of every batch Pagefind has answered for (it has read
        them), so that at most a few batches are staged at once. Raises
        :class:`SearchError` if one failed."""
        unanswered = []
        for sent, paths in self._sent:
            if not sent.done():
                unanswered.append((sent, paths))
                continue
            self._wait(sent)
            for path in paths:
                (self._staging / path).unlink()
        self._sent = unanswered

    def write(self) -> None:
        """Index what is staged and start writing the bundle; :meth:`finish` waits for it."""
        self._send()
        # Pagefind handles requests in order: the bundle holds every batch sent before.
        self._written = self._call(self._write_and_stop())

    async def _write_and_stop(self) -> None:
        try:
            await self._index.write_files()
            await asyncio.to_thread(wait_until_whole, self.site_dir / BUNDLE)
        finally:
            # An exception leaves the API's context without writing, and stops the service.
            await self._index.__aexit__(_Written, _Written(), None)

    def finish(self) -> Path:
        """Wait for the bundle, put it in a fixed order and return its folder. Raises
        :class:`SearchError` with Pagefind's message if indexing or writing failed."""
        if self._written is None:
            self.write()
        self._wait(self._written)
        self._open = False  # the API's context is left: the service has stopped
        self._stop()
        bundle = self.site_dir / BUNDLE
        for name in UNUSED:
            (bundle / name).unlink(missing_ok=True)
        entry = bundle / "pagefind-entry.json"
        if not entry.is_file() or entry.stat().st_size == 0:
            raise SearchError("Pagefind stopped before its bundle was complete "
                              f"({entry} is missing or empty): build again")
        canonicalise(bundle)
        return bundle

    def close(self) -> None:
        """Stop the Pagefind service without writing anything (after a failed build)."""
        if self._open:
            self._open = False
            # Leaving the API's context with an exception stops the service unwritten.
            self._call(self._index.__aexit__(SearchError, None, None)).result()
        self._stop()

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()
        self._staging_folder.cleanup()

    def _send(self) -> None:
        paths, self._pending = self._pending, []
        if not paths:
            return
        glob = "{" + ",".join(paths) + "}" if len(paths) > 1 else paths[0]
        self._sent.append((self._call(self._index.add_directory(str(self._staging),
                                                                glob=glob)), paths))

    def _wait(self, sent: Future[Any]) -> Any:
        try:
            return sent.result(timeout=ANSWER_TIMEOUT)
        except Exception as error:  # the service's errors come as plain Exceptions
            self._open = False
            self._stop()
            raise SearchError(f"Pagefind could not index the site: {_cause(error)}") \
                from error

    def _call(self, coroutine: Any) -> Future[Any]:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)


def staging_parent(environ: Mapping[str, str] | None = None,
                   memory: Path | None = None) -> str | None:
    """The folder to stage pages in: None (the system's temporary folder, which honours
    them) if ``TMPDIR``, ``TEMP`` or ``TMP`` is set in ``environ`` (the process's
    environment); else ``memory`` (:data:`MEMORY_FOLDER`) if it is a writable folder; else
    None."""
    environ = os.environ if environ is None else environ
    memory = MEMORY_FOLDER if memory is None else memory
    if any(environ.get(name) for name in ("TMPDIR", "TEMP", "TMP")):
        return None
    if memory.is_dir() and os.access(memory, os.W_OK | os.X_OK):
        return str(memory)
    return None


def wait_until_whole(bundle: Path, limit: float = SETTLE_LIMIT) -> None:
    """Return once every file of ``bundle`` is whole (see :data:`SETTLED_CHECKS`); raise
    :class:`SearchError` if the bundle is still incomplete after ``limit`` seconds."""
    deadline = time.monotonic() + limit
    previous: dict[Path, int] = {}
    settled = 0
    while True:
        sizes = {path: path.stat().st_size for path in bundle.rglob("*") if path.is_file()}
        settled = settled + 1 if sizes == previous and sizes else 0
        previous = sizes
        if settled >= SETTLED_CHECKS and all(_whole(path, size) for path, size in sizes.items()):
            return
        if time.monotonic() > deadline:
            broken = sorted(p.name for p, size in sizes.items() if not _whole(p, size))
            raise SearchError(f"Pagefind left its bundle incomplete after {limit:.0f} s "
                              f"({', '.join(broken[:5]) or 'files still changing'}): build "
                              "again")
        time.sleep(SETTLE_INTERVAL)


def _whole(path: Path, size: int) -> bool:
    """Whether a file of the bundle is complete: not empty and, if compressed, a gzip
    stream that runs to its end."""
    if size == 0:
        return False
    if not path.name.endswith(_COMPRESSED):
        return True
    try:
        gzip.decompress(path.read_bytes())
    except (EOFError, OSError, zlib.error):
        return False
    return True


def _cause(error: BaseException) -> str:
    """The message of an error from the Pagefind service (its first argument), or a
    description of an error met while talking to it."""
    if type(error) is Exception and error.args:
        return str(error.args[0])
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


# ------------------------------------------------------------------ reproducible output

def _read(path: Path) -> object:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MAGIC):
        raise SearchError(f"{path.name} is not a Pagefind 1.x data file")
    return cbor2.loads(data[len(MAGIC):])


def _write(folder: Path, prefix: str, suffix: str, value: object, digits: int) -> str:
    payload = MAGIC + cbor2.dumps(value)
    name = prefix + hashlib.sha256(payload).hexdigest()[:digits]
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(payload, mtime=0))
    return name


def canonicalise(bundle: Path) -> None:
    """Rewrite the filter chunks, metadata and entry point of ``bundle`` in a fixed order.

    Pagefind 1.x writes the values of each filter from a hash map, so their order (and with
    it the bytes and the content-hashed file names) changes from run to run. This re-encodes
    the filter chunks with their values sorted, names them by their new content hash and
    rewrites the metadata file and the entry point that name them. The data is unchanged.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        # Metadata: [version, pages, index chunks, filter chunks, sorts, meta fields].
        filters = meta[FILTERS]
        if not all(isinstance(f, list) and len(f) == 2 and isinstance(f[1], str)
                   for f in filters):
            raise SearchError("unexpected Pagefind metadata layout: is Pagefind 1.x?")
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
