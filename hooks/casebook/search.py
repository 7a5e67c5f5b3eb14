"""The site's one search index: Pagefind's indexer, run over each page's content while
MkDocs lays out the pages.

:class:`SearchIndex` stages what Pagefind indexes of each page (its content: its Markdown
rendered, with its generated HTML, not the theme around it) as a small HTML file in a
temporary folder, as MkDocs renders it (:meth:`SearchIndex.add`). MkDocs renders every
page's content before it lays out and writes any page, so at that point
:meth:`SearchIndex.write` starts the Pagefind binary (``pagefind --site``, found by the
``pagefind`` package) over the staged pages, writing the bundle into ``pagefind/`` of the
site on the other core while MkDocs lays out the pages. :meth:`SearchIndex.finish` waits for
it to exit, checks the bundle and puts its filter files in a fixed order
(:func:`canonicalise`), so that two builds of the same content are byte-identical.

Why one run of the command-line indexer, and not Pagefind's indexing service fed while
MkDocs renders (as the site did before):

* The bundle cannot be cut short. The service (the ``pagefind`` package's Python API)
  answers a request to write once it has handed the files to its writer threads, not once
  their last bytes are written, and the API stops it on that answer: files were cut off (an
  empty ``pagefind-entry.json``; a 175,488-byte Component UI script left at 163,840 bytes).
  Pagefind has fixed this in its repository (PR #1272, "flush output files before they
  drop"), not yet in a release (1.5.2 is the newest). The command-line indexer exits only
  once its runtime has finished every write (Tokio completes file writes before it shuts
  down), so a process that has exited with status 0 has written its whole bundle. The bundle
  is checked all the same (:func:`check_bundle`), so that a file cut short for any other
  reason fails the build with its name rather than breaking the search for readers.
* Nothing can hang or be left behind: no event loop, no thread, no protocol. Pagefind exits
  with status 0, or the build fails with its exit status and its own message; a build that
  fails stops it (:meth:`SearchIndex.close`).
* It costs no more, and indexing whole written pages after the build costs more: A/B in the
  README (Performance).

Pagefind runs at a lower priority than the build (``nice -n 10``: the build's nice value
plus 10, at most 19, whatever the build's is and whoever runs it), so that its threads give
way to MkDocs' and work on the CPU time it leaves.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import cbor2

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"
MAGIC = b"pagefind_dcd"
FILTERS = 3  # position of the filter-chunk list in the metadata record
# How much lower than the build's Pagefind's priority is (added to the build's nice value;
# the system caps the sum at 19).
NICENESS = 10
# What Pagefind leaves out of a page's content: headings' permanent-link signs and
# breadcrumb trails.
EXCLUDED = (".headerlink", ".kb-breadcrumbs")
# The interfaces Pagefind writes that the site does not load: the header search uses the
# Component UI, the explorer the JavaScript API, and highlighting pagefind-highlight.js.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css")
_COMPRESSED = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")
# A staged page: the content of the page, marked as what Pagefind indexes.
_STAGED = ('<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8"></head>'
           "<body><div data-pagefind-body>\n{content}\n</div></body></html>\n")
# Pages are staged where writing a thousand small files costs least: a memory-backed
# folder (Linux's /dev/shm) unless TMPDIR says otherwise (A/B in the README, Performance).
MEMORY_FOLDER = Path("/dev/shm")  # noqa: S108 - the parent of a private mkdtemp folder
_SITE = "site"  # the staged pages, in the temporary folder


class SearchError(RuntimeError):
    """Pagefind could not index the site; the message says why."""


class SearchIndex:
    """Pagefind's index of one build of the site in ``site_dir``.

    Call :meth:`add` with each page's output path (relative to ``site_dir``) and content,
    :meth:`write` once every page has been added, then :meth:`finish`; :meth:`close` stops
    Pagefind if it is running and removes the staged pages (after a failed build). Making
    one finds Pagefind's binary, so that a missing one fails the build as it starts.
    """

    def __init__(self, site_dir: Path, language: str = "en") -> None:
        self.site_dir = site_dir
        self.language = language
        self.binary = pagefind_binary()
        self._folder = tempfile.TemporaryDirectory(prefix="casebook-search-",
                                                   dir=staging_parent())
        self._staging = Path(self._folder.name) / _SITE
        self._staging.mkdir()
        self._process: subprocess.Popen[bytes] | None = None
        self._output: IO[bytes] | None = None

    def add(self, path: str, content: str) -> None:
        """Stage the content of the page written at ``path`` (``themes/x/index.html``)."""
        staged = self._staging / path
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_text(_STAGED.format(language=self.language, content=content),
                          encoding="utf-8")

    def write(self) -> None:
        """Start Pagefind indexing the staged pages and writing the bundle into
        ``pagefind/`` of the site; :meth:`finish` waits for it. Raises
        :class:`SearchError` if Pagefind cannot be started."""
        bundle = self.site_dir / BUNDLE
        if bundle.exists():  # a dirty build's: Pagefind would keep its hash-named files
            shutil.rmtree(bundle)
        self._output = tempfile.TemporaryFile()
        self._process = start_pagefind(self.binary, self._staging, bundle, self.language,
                                       self._output)

    def finish(self) -> Path:
        """Wait for Pagefind, check the bundle, put it in a fixed order and return its
        folder. Raises :class:`SearchError` with Pagefind's message if it failed, or with
        the names of the files it left incomplete."""
        if self._process is None:
            self.write()
        bundle = self.site_dir / BUNDLE
        try:
            wait_for_pagefind(self._process, self._output)
            check_bundle(bundle, reference_bundle(self.binary, Path(self._folder.name),
                                                  self.language))
        finally:
            self.close()
        for name in UNUSED:
            (bundle / name).unlink(missing_ok=True)
        canonicalise(bundle)
        return bundle

    def close(self) -> None:
        """Stop Pagefind if it is still running, and remove the staged pages."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        if self._output is not None:
            self._output.close()
        self._folder.cleanup()


def pagefind_binary() -> Path:
    """The Pagefind binary: ``PAGEFIND_BINARY_PATH`` if set, else the one the ``pagefind``
    package installs (``pagefind_bin``), else ``pagefind`` on the PATH. Raises
    :class:`SearchError` if there is none."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None or not binary.is_file():
        raise SearchError(f"Pagefind's binary was not found ({binary or 'none installed'}): "
                          "install the pagefind[bin] package or set PAGEFIND_BINARY_PATH")
    return binary


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


def pagefind_command(binary: Path, site: Path, bundle: Path, language: str) -> list[str]:
    """The command that indexes the pages of ``site`` into ``bundle`` as one ``language``,
    at a lower priority than the build's (:data:`NICENESS`; ``nice`` adds to the nice
    value Pagefind inherits, so it is relative to the build's, and the system caps it)."""
    command = [str(binary), "--site", str(site), "--output-path", str(bundle),
               "--force-language", language, "--quiet"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    if os.name == "nt":  # Windows has no nice values: see start_pagefind
        return command
    nice = shutil.which("nice")
    if nice is None:
        raise SearchError("the `nice` command was not found: it runs Pagefind at a lower "
                          "priority than the build (it is part of every POSIX system)")
    return [nice, "-n", str(NICENESS), *command]


def start_pagefind(binary: Path, site: Path, bundle: Path, language: str,
                   output: IO[bytes]) -> subprocess.Popen[bytes]:
    """Start indexing ``site`` into ``bundle`` (:func:`pagefind_command`), its messages
    going to ``output``. Raises :class:`SearchError` if it cannot be started."""
    command = pagefind_command(binary, site, bundle, language)
    try:
        # Run in the staged site, where Pagefind finds no configuration file of its own.
        return subprocess.Popen(command, cwd=site, stdin=subprocess.DEVNULL, stdout=output,
                                stderr=subprocess.STDOUT,
                                creationflags=getattr(subprocess,
                                                      "BELOW_NORMAL_PRIORITY_CLASS", 0))
    except OSError as error:
        raise SearchError(f"Pagefind could not start ({binary}): {error}") from error


def wait_for_pagefind(process: subprocess.Popen[bytes], output: IO[bytes]) -> None:
    """Wait for ``process`` to exit. Raises :class:`SearchError` with its messages (from
    ``output``) unless it exited with status 0."""
    status = process.wait()
    if status == 0:
        return
    output.seek(0)
    message = output.read().decode("utf-8", errors="replace").strip() or "no message"
    reason = f"exit status {status}" if status > 0 else f"stopped by signal {-status}"
    raise SearchError(f"Pagefind could not index the site ({reason}): {message}")


def reference_bundle(binary: Path, folder: Path, language: str) -> Path:
    """The bundle ``binary`` writes for a one-page site, in ``folder``: it holds the files
    Pagefind copies from its binary (scripts, styles, WebAssembly), the same for every site.
    Raises :class:`SearchError` if Pagefind fails."""
    site, bundle = folder / "reference-site", folder / "reference-bundle"
    site.mkdir()
    (site / "index.html").write_text(_STAGED.format(language=language,
                                                    content="<p>Reference page</p>"),
                                     encoding="utf-8")
    with tempfile.TemporaryFile() as output:
        wait_for_pagefind(start_pagefind(binary, site, bundle, language, output), output)
    return bundle


def check_bundle(bundle: Path, reference: Path) -> None:
    """Raise :class:`SearchError` naming every file of ``bundle`` that is not whole.

    ``reference`` is a bundle the same Pagefind wrote for another site. A file is whole if
    it is not empty and: a file Pagefind copies from its binary (named as one at the top of
    ``reference``, other than the entry file and metadata) has the reference's bytes; a
    compressed file decompresses to its end; the entry file is JSON that names metadata
    files the bundle has. Every copied file and the entry file must be there.
    """
    copied = {path.name for path in reference.iterdir()
              if path.is_file() and path.name != ENTRY and not path.name.endswith(".pf_meta")}
    broken = [f"{name} (missing)" for name in sorted(copied | {ENTRY})
              if not (bundle / name).is_file()]
    for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
        if path.parent == bundle and path.name in copied:
            whole = path.read_bytes() == (reference / path.name).read_bytes()
        elif path.parent == bundle and path.name == ENTRY:
            whole = _entry_whole(path, bundle)
        else:
            whole = _decompresses(path) if path.name.endswith(_COMPRESSED) else True
        if not whole or path.stat().st_size == 0:
            broken.append(path.relative_to(bundle).as_posix())
    if broken:
        raise SearchError(f"Pagefind left its bundle incomplete in {bundle}: "
                          f"{', '.join(broken[:10])}" + (" …" if len(broken) > 10 else ""))


def _entry_whole(path: Path, bundle: Path) -> bool:
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        metadata = [f"pagefind.{info['hash']}.pf_meta" for info in entry["languages"].values()]
    except (ValueError, KeyError, TypeError, AttributeError):
        return False
    return bool(metadata) and all((bundle / name).is_file() for name in metadata)


def _decompresses(path: Path) -> bool:
    try:
        gzip.decompress(path.read_bytes())
    except (EOFError, OSError, zlib.error):
        return False
    return True


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
