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

DATA = "fragments.html"  # each page's fragments, one page after another, in UTF-8
INDEX = "fragments.index"  # {page source URI: (offset, length)}, pickled
# Between a page's fragments. HTML made from validated data holds no NUL: YAML cannot.
_SEPARATOR = "\0"

Index = dict[str, tuple[int, int]]


def write_fragments(pages: Iterable[SitePage], folder: Path) -> None:
    """Render every slot of ``pages`` into ``folder``. The index is written last, under its
    final name only once complete, so a reader never sees half of it."""
    index: Index = {}
    with (folder / DATA).open("wb") as out:
        for page in pages:
            if not page.slots:
                continue
            fragments = [fragment() for _, fragment in page.slots]
            if any(_SEPARATOR in fragment for fragment in fragments):
                raise ValueError(f"{page.src_uri}: a fragment holds a NUL character")
            data = _SEPARATOR.join(fragments).encode("utf-8")
            index[page.src_uri] = (out.tell(), len(data))
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

    def page(self, page: SitePage) -> dict[str, str] | None:
        """{slot name: fragment} for ``page``, or None if the file does not hold its
        fragments. One entry per page keeps the index small for a large site."""
        where = self._index.get(page.src_uri)
        if where is None or self._data is None:
            return None
        offset, length = where
        self._data.seek(offset)
        fragments = self._data.read(length).decode("utf-8").split(_SEPARATOR)
        names = [name for name, _ in page.slots]
        return dict(zip(names, fragments, strict=True)) if len(fragments) == len(names) \
            else None

    def close(self) -> None:
        if self._data is not None:
            self._data.close()
            self._data = None
