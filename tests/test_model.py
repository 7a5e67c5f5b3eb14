"""The catalog's lookups and the related-case-studies choice, on in-memory data."""

from __future__ import annotations

import datetime as dt

from casebook.model import CaseStudy, Catalog, Period, SourceRef


def case(slug: str, themes: tuple[str, ...], levers: tuple[str, ...], day: int,
         title: str | None = None) -> CaseStudy:
    return CaseStudy(slug=slug, path=f"casestudies/{slug}.md", title=title or slug.title(),
                     summary="S.", tags=(("themes", themes), ("authorities", ("gmca",)),
                                         ("levers", levers)),
                     prompts=(), status="ongoing", period=Period(2020),
                     sources=(SourceRef("T", "https://example.org"),),
                     published=dt.date(2026, 1, day), body="## Context\n")


def test_related_prefers_most_shared_terms_then_newest_then_title(vocabulary):
    me = case("me", ("good-work", "healthy-places"), ("procurement",), 1)
    catalog = Catalog(vocabulary, (
        me,
        case("three", ("good-work", "healthy-places"), ("procurement",), 2),
        case("two-old", ("good-work",), ("procurement",), 3),
        case("two-new", ("healthy-places",), ("procurement",), 9),
        case("one-b", ("good-work",), ("transport",), 5, title="B"),
        case("one-a", ("good-work",), ("transport",), 5, title="A"),
        case("one-older", ("healthy-places",), ("transport",), 4),
        case("none", ("empty-theme",), ("transport",), 20),
    ))
    related = [c.slug for c in catalog.related(me)]
    assert related == ["three", "two-new", "two-old", "one-a", "one-b"]
    assert [c.slug for c in catalog.related(me, limit=10)][-1] == "one-older"
    assert "none" not in [c.slug for c in catalog.related(me, limit=10)]
    for other in catalog.case_studies:
        assert catalog.has_related(other) == bool(catalog.related(other)), other.slug
    apart = Catalog(vocabulary, (case("a", ("good-work",), ("procurement",), 1),
                                 case("b", ("healthy-places",), ("transport",), 2)))
    assert [apart.has_related(c) for c in apart.case_studies] == [False, False]
    assert [apart.related(c) for c in apart.case_studies] == [(), ()]


def test_lookups(vocabulary):
    cases = (case("a", ("good-work",), ("procurement",), 1),
             case("b", ("good-work",), ("transport",), 2))
    catalog = Catalog(vocabulary, cases)
    assert [c.slug for c in catalog.tagged("themes", "good-work")] == ["b", "a"]
    assert catalog.count("levers", "transport") == 1
    assert catalog.tagged("themes", "empty-theme") == ()
    assert catalog.case_study("a") is cases[0] and catalog.case_study("zzz") is None
