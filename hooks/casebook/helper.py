"""The build's helper processes: ``python -m casebook.helper JOB FOLDER INPUT``.

The build (:class:`casebook.build.Build`) runs them once the content is loaded, one after
the other, with the (catalog, site URL, build date) pickled in the file INPUT. Into FOLDER,
the job ``exports`` writes the open data, feeds and calendar (:mod:`casebook.export`), and
the job ``fragments`` the generated pages' slot fragments (:mod:`casebook.fragments`). They
run beside MkDocs, on another core if there is one, and their memory is their own. The
catalog they get has no case-study bodies: neither the exports nor the fragments use them.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    job, folder, data = argv[0], Path(argv[1]), Path(argv[2])
    with data.open("rb") as stream:
        catalog, site_url, today = pickle.load(stream)  # noqa: S301 - written by the build
    # Each job imports only what it uses, to keep its memory small.
    if job == "exports":
        from casebook.export import write_exports

        write_exports(catalog, site_url, today, str(folder))
    elif job == "fragments":
        from casebook.fragments import write_fragments
        from casebook.pages import site_pages

        write_fragments(site_pages(catalog, today, site_url), folder)
    else:
        raise SystemExit(f"unknown job {job!r}: use exports or fragments")


if __name__ == "__main__":
    main(sys.argv[1:])
