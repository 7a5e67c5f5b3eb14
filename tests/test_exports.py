"""Open data and feeds: parse, hold every case study, validate against the schema."""

from __future__ import annotations

import csv
import io
import json

import feedparser
import jsonschema
import pytest
from content_files import case_studies

from casebook import schema
from casebook.export import case_feeds, cases_csv, cases_json, front_matter, safe_cell
from casebook.load import Sources, load_vocabulary
from casebook.model import Catalog
from casebook.validate import FrontMatterChecker, check_source
from conftest import ROOT, case_text

SITE = "https://example.org/kb/"


def catalog_of(vocabulary, *texts):
    checker = FrontMatterChecker(schema.case_study_schema(vocabulary), vocabulary, "case study")
    cases = []
    for index, text in enumerate(texts):
        case, problems, _ = check_source(f"casestudies/c{index}.md", text.encode(), f"c{index}",
                                         checker)
        assert not [p for p in problems if p.severity == "error"], problems
        cases.append(case)
    return Catalog(vocabulary, tuple(cases))


@pytest.fixture
def catalog(vocabulary):
    return catalog_of(
        vocabulary,
        case_text(title="=HYPERLINK(\"http://evil\")", summary="+1 -1 @sum",
                  themes=["good-work", "healthy-places"], published="2026-01-02"),
        case_text(title="Second", levers=["transport"], authorities=["wmca", "gmca"],
                  period={"start": 2018, "end": 2020}, status="completed",
                  published="2026-03-04", updated="2026-05-06"),
    )


def test_json_holds_every_case_study_valid_against_the_schema(catalog, vocabulary):
    data = json.loads(cases_json(catalog, SITE))
    assert data["count"] == 2 == len(data["case_studies"])
    validator = jsonschema.Draft202012Validator(schema.case_study_schema(vocabulary))
    for record in data["case_studies"]:
        assert record["url"].startswith(SITE + "case-studies/")
        assert list(validator.iter_errors(front_matter(record, vocabulary))) == []
    assert [r["title"] for r in data["case_studies"]] == sorted(
        (r["title"] for r in data["case_studies"]), key=str.casefold)


def test_json_marks_the_evaluation_among_the_sources(vocabulary):
    evaluation = {"title": "Final evaluation", "url": "https://example.org/evaluation",
                  "publisher": "A university", "date": "2024-06", "evaluation": True}
    cat = catalog_of(vocabulary, case_text(evidence=["independent-evaluation"],
                                           sources=[evaluation]))
    record = json.loads(cases_json(cat, SITE))["case_studies"][0]
    assert record["evidence"] == ["independent-evaluation"]
    assert record["sources"] == [evaluation]
    validator = jsonschema.Draft202012Validator(schema.case_study_schema(vocabulary))
    assert list(validator.iter_errors(front_matter(record, vocabulary))) == []


def test_csv_opens_cleanly_and_neutralises_formulas(catalog):
    text = cases_csv(catalog, SITE)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 2
    by_slug = {r["slug"]: r for r in rows}
    assert by_slug["c0"]["title"].startswith("'=")
    assert by_slug["c0"]["summary"].startswith("'+")
    assert by_slug["c0"]["themes"] == "good-work; healthy-places"
    assert by_slug["c1"]["authorities"] == "wmca; gmca"
    assert by_slug["c1"]["period_end"] == "2020"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


@pytest.mark.parametrize("value,expected", [("=1+1", "'=1+1"), ("-2", "'-2"), ("@x", "'@x"),
                                            ("plain", "plain"), ("", "")])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_feeds_are_valid_with_absolute_urls_and_the_right_entries(catalog):
    feeds = case_feeds(catalog, SITE, "Test casebook")
    main = feedparser.parse(feeds["feed.xml"])
    assert not main.bozo
    assert [e.link for e in main.entries] == [SITE + "case-studies/c1/",
                                              SITE + "case-studies/c0/"]  # updated first
    assert main.entries[0].updated.startswith("2026-05-06")
    places = feedparser.parse(feeds["feed-theme-healthy-places.xml"])
    assert [e.link for e in places.entries] == [SITE + "case-studies/c0/"]
    empty = feedparser.parse(feeds["feed-theme-empty-theme.xml"])
    assert not empty.bozo and empty.entries == []


@pytest.mark.slow
def test_published_data_files_hold_every_case_study(real_site):
    vocabulary, _ = load_vocabulary(Sources.at(ROOT))
    files = case_studies()
    data = json.loads((real_site / "data" / "case-studies.json").read_text())
    assert {r["slug"] for r in data["case_studies"]} == set(files)
    validator = jsonschema.Draft202012Validator(
        json.loads((real_site / "data" / "case-study.schema.json").read_text()))
    for record in data["case_studies"]:
        assert list(validator.iter_errors(front_matter(record, vocabulary))) == [], record["slug"]
        assert record["title"] == files[record["slug"]]["title"].strip()
    rows = list(csv.DictReader(io.StringIO(
        (real_site / "data" / "case-studies.csv").read_text(encoding="utf-8-sig"))))
    assert {r["slug"] for r in rows} == set(files)
    vocab = json.loads((real_site / "data" / "vocabularies.json").read_text())
    assert set(vocab) == {"facets", "themes", "authorities", "levers", "evidence", "stages",
                          "prompts", "prompts_belong_to"}
    assert [f["id"] for f in vocab["facets"]] == ["authorities", "themes", "levers", "evidence"]
    feed = feedparser.parse((real_site / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == min(50, len(files))
    head = (real_site / "index.html").read_text()
    assert 'type="application/atom+xml"' in head and "feed.xml" in head
    theme = (real_site / "themes" / "good-work" / "index.html").read_text()
    assert "feed-theme-good-work.xml" in theme
    # The data carries no build timestamp: only its count, schema, licence and records.
    assert set(data) == {"count", "schema", "licence", "case_studies"}
