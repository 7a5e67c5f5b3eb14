"""The build's helper process: ``python -m casebook.helper FOLDER INPUT``.

The build (:class:`casebook.build.Build`) starts it once the content is loaded, with the
(catalog, site URL, build date) pickled in the file INPUT, which this process deletes once
read. Into FOLDER it writes the open data, feeds and calendar (:mod:`casebook.export`) and
the generated pages' slot fragments (:mod:`casebook.fragments`). It runs beside MkDocs, on
another core if there is one, and its memory is its own. The catalog it gets has no
case-study bodies: neither the exports nor the fragments use them.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from casebook.export import write_exports
from casebook.fragments import write_fragments
from casebook.pages import site_pages


def main(argv: list[str]) -> None:
    folder, data = Path(argv[0]), Path(argv[1])
    with data.open("rb") as stream:
        catalog, site_url, today = pickle.load(stream)  # noqa: S301 - written by the build
    data.unlink()
    write_exports(catalog, site_url, today, str(folder))
    write_fragments(site_pages(catalog, today, site_url), folder)


if __name__ == "__main__":
    main(sys.argv[1:])
