"""Slot fragments rendered ahead of time (by the build's helper process) and read back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys

import pytest
from test_model import case

from casebook.build import Build
from casebook.fragments import FragmentFile, write_fragments
from casebook.model import Catalog
from casebook.pages import site_pages

TODAY = dt.date(2026, 11, 27)


def test_fragments_read_back_are_the_ones_rendered(vocabulary, tmp_path):
    catalog = Catalog(vocabulary, (case("a", ("good-work",), ("procurement",), 1, "Café & co"),
                                   case("b", ("good-work",), ("transport",), 2)))
    pages = site_pages(catalog, TODAY)
    write_fragments(pages, tmp_path)
    stored = FragmentFile(tmp_path)
    try:
        with_slots = [page for page in pages if page.slots]
        assert len(with_slots) > 2
        for page in with_slots:
            assert stored.page(page) == {name: fragment() for name, fragment in page.slots}
        changed = dataclasses.replace(with_slots[0], src_uri="not/written.md")
        assert stored.page(changed) is None
    finally:
        stored.close()


def test_a_page_fills_its_slots_from_fragments_rendered_ahead(vocabulary):
    catalog = Catalog(vocabulary, (case("a", ("good-work",), ("procurement",), 1),))
    page = next(p for p in site_pages(catalog, TODAY) if p.src_uri == "case-studies/a.md")
    html = "".join(f"<p><!-- casebook-slot:{name} --></p>" for name, _ in page.slots)
    ahead = {"breadcrumbs": "<nav>ahead</nav>", "facts": ""}  # "end" is not: rendered now
    filled = page.fill_slots(html, ahead.get)
    own = dict(page.slots)
    assert filled == "<nav>ahead</nav>" + "" + own["end"]()
    assert page.fill_slots(html) == "".join(fragment() for _, fragment in page.slots)


def test_the_helper_processes_write_exports_and_fragments_one_after_the_other(vocabulary):
    catalog = Catalog(vocabulary, (case("a", ("good-work",), ("procurement",), 1),))
    build = Build(catalog, TODAY, "https://example.org/", site_pages(catalog, TODAY))
    try:
        exports = build.start_helper()
        assert build._worker is not None and len(build._jobs) == 1  # one at a time
        build.finish_helper()
        assert build._worker is None and not build._jobs
        assert all(path.is_file() for path in exports.values())
        written = build.finish_page("case-studies/a.md", "<!-- casebook-slot:facts -->"
                                    "<!-- casebook-slot:breadcrumbs -->"
                                    "<!-- casebook-slot:end -->")
        assert "Good work" in written and "Sources" in written
    finally:
        build.close()


def test_a_failed_helper_process_fails_the_build_by_name(vocabulary):
    catalog = Catalog(vocabulary, (case("a", ("good-work",), ("procurement",), 1),))
    build = Build(catalog, TODAY, "", site_pages(catalog, TODAY))
    try:
        build.start_helper()
        build._jobs = [[sys.executable, "-c", "raise SystemExit(3)", "exports"]]
        with pytest.raises(RuntimeError, match="writes the exports failed"):
            build.finish_helper()
    finally:
        build.close()
