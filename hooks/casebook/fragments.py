"""Slot fragments rendered ahead of time into one file, and read back page by page.

A generated page's slots (:class:`casebook.pages.SitePage`) are HTML fragments put into the
written page: metadata panels, lists of case studies, related case studies, sources. None of
them depends on what MkDocs renders, so the build's helper process (:mod:`casebook.helper`)
renders them all, on another core if there is one, while MkDocs turns the pages' Markdown
into HTML. The build then reads each page's fragments back when it writes that page, so
they are never all held in memory at once.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from casebook.pages import SitePage

DATA = "fragments.html"  # the fragments, one after another, in UTF-8
INDEX = "fragments.index"  # {(page source URI, slot name): (offset, length)}, pickled

Index = dict[tuple[str, str], tuple[int, int]]


def write_fragments(pages: Iterable[SitePage], folder: Path) -> None:
    """Render every slot of ``pages`` into ``folder``. The index is written last, under its
    final name only once complete, so a reader never sees half of it."""
    index: Index = {}
    with (folder / DATA).open("wb") as out:
        for page in pages:
            for name, fragment in page.slots:
                data = fragment().encode("utf-8")
                index[(page.src_uri, name)] = (out.tell(), len(data))
                out.write(data)
    partial = folder / (INDEX + ".part")
    with partial.open("wb") as stream:
        pickle.dump(index, stream, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(folder / INDEX)


class FragmentFile:
    """The fragments :func:`write_fragments` wrote into ``folder``, read one at a time."""

    def __init__(self, folder: Path) -> None:
        with (folder / INDEX).open("rb") as stream:
            self._index: Index = pickle.load(stream)  # noqa: S301 - written by this build
        self._data: BinaryIO | None = (folder / DATA).open("rb")

    def get(self, src_uri: str, name: str) -> str | None:
        """The fragment of slot ``name`` on the page built from ``src_uri``, or None if the
        file does not hold it."""
        where = self._index.get((src_uri, name))
        if where is None or self._data is None:
            return None
        offset, length = where
        self._data.seek(offset)
        return self._data.read(length).decode("utf-8")

    def close(self) -> None:
        if self._data is not None:
            self._data.close()
            self._data = None
