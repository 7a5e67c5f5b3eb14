"""Unit tests: every kind of bad case-study input gets one clear `path:line: field: message`."""

from __future__ import annotations

import re

import pytest

from casebook import schema
from casebook.validate import FrontMatterChecker, check_source
from conftest import case_text

LINE = re.compile(r"^casestudies/[^:]+\.md:\d+: [\w.\[\]-]+: .+$")


def check(vocabulary, text, slug="charter"):
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    checker = FrontMatterChecker(schema.case_study_schema(vocabulary), vocabulary, "case study")
    case, problems, _ = check_source(f"casestudies/{slug}.md", raw, slug, checker)
    for problem in problems:
        assert LINE.match(str(problem)), str(problem)
    return case, problems


def errors(problems):
    return [p for p in problems if p.severity == "error"]


def test_valid_case_study_loads(vocabulary):
    case, problems = check(vocabulary, case_text())
    assert problems == []
    assert case.title == "Good employment charter"
    assert case.terms("authorities") == ("gmca",)
    assert str(case.published) == "2026-11-01"
    assert case.slug == "charter"


def test_malformed_yaml_reports_the_line(vocabulary):
    text = "---\ntitle: A title\nthemes: [good-work\nstatus: ongoing\n---\n\nBody\n"
    case, problems = check(vocabulary, text)
    assert case is None
    assert len(problems) == 1
    assert problems[0].line in (3, 4)
    assert "YAML is malformed" in problems[0].message


def test_front_matter_not_a_mapping(vocabulary):
    case, problems = check(vocabulary, "---\n- just\n- a list\n---\n\nBody\n")
    assert case is None
    assert "must be a set of `field: value` lines, not a list" in problems[0].message
    assert problems[0].line == 2


@pytest.mark.parametrize("text", ["No front matter at all.\n", "---\ntitle: x\n"])
def test_missing_or_unclosed_front_matter(vocabulary, text):
    case, problems = check(vocabulary, text)
    assert case is None
    assert problems[0].line == 1
    assert "front matter" in problems[0].message


def test_empty_front_matter(vocabulary):
    case, problems = check(vocabulary, "---\n---\n\nBody\n")
    assert case is None
    assert "empty" in problems[0].message


def test_every_missing_required_field_is_reported_in_one_run(vocabulary):
    case, problems = check(vocabulary, "---\ntitle: Only a title\n---\n\nBody\n")
    assert case is None
    missing = sorted(p.field for p in errors(problems))
    assert missing == sorted([*schema.CASE_STUDY_REQUIRED[1:], "authorities", "themes",
                              "levers", "evidence", "prompts"])
    assert all("is missing" in p.message for p in problems)


def test_empty_required_fields(vocabulary):
    case, problems = check(vocabulary, case_text(title="  ", themes=[], sources=[]))
    fields = {p.field: p.message for p in errors(problems)}
    assert fields["title"].startswith("is empty")
    assert fields["themes"].startswith("is empty")
    assert fields["sources"].startswith("is empty")


def test_wrong_types_name_the_expected_type(vocabulary):
    case, problems = check(vocabulary, case_text(themes="good-work", period=2019,
                                                 title=["a", "list"]))
    fields = {p.field: p.message for p in errors(problems)}
    assert fields["themes"].startswith("must be a list, not text")
    assert "themes: [" in fields["themes"]
    assert fields["period"].startswith("must be a set of fields, not a whole number")
    assert fields["title"].startswith("must be text, not a list")


def test_over_long_title_and_summary(vocabulary):
    case, problems = check(vocabulary, case_text(title="x" * 121, summary="y" * 301))
    fields = {p.field: p.message for p in errors(problems)}
    assert fields["title"] == "is 121 characters long; the limit is 120: shorten it"
    assert fields["summary"] == "is 301 characters long; the limit is 300: shorten it"


def test_unknown_ids_get_did_you_mean(vocabulary):
    case, problems = check(vocabulary, case_text(themes=["good-wrok"],
                                                 authorities=["Greater Manchester"]))
    fields = {p.field: p.message for p in errors(problems)}
    assert "unknown theme id 'good-wrok'; did you mean 'good-work'?" in fields["themes[1]"]
    assert "did you mean 'gmca'?" in fields["authorities[1]"]
    assert "vocabularies/authorities.yml" in fields["authorities[1]"]


def test_error_line_is_the_line_of_the_offending_key(vocabulary):
    text = case_text(levers=["procurement", "nonsense"])
    lines = text.splitlines()
    expected = next(i for i, line in enumerate(lines, 1) if line.strip() == "- nonsense")
    _, problems = check(vocabulary, text)
    assert [(p.field, p.line) for p in problems] == [("levers[2]", expected)]


@pytest.mark.parametrize("field,value,message", [
    ("published", "2026-02-30", "'2026-02-30' is not a real date: write the date as "
                                "YYYY-MM-DD"),
    ("published", "27/11/2026", "'27/11/2026' is not valid: write the date as YYYY-MM-DD"),
    ("updated", "2026-13-01", "'2026-13-01' is not a real date: write the date as YYYY-MM-DD, "
                              "or leave `updated` out"),
    ("reviewed", "2025-02-29", "'2025-02-29' is not a real date: write the date the facts "
                               "were last checked against their sources, as YYYY-MM-DD"),
])
def test_invalid_dates(vocabulary, field, value, message):
    _, problems = check(vocabulary, case_text(**{field: value}))
    assert [(p.field, p.message) for p in errors(problems)] == [(field, message)]


def test_implausible_year(vocabulary):
    _, problems = check(vocabulary, case_text(period={"start": 19}))
    assert errors(problems)[0].field == "period.start"
    assert "not a plausible year" in errors(problems)[0].message


def test_period_end_before_start(vocabulary):
    _, problems = check(vocabulary, case_text(period={"start": 2020, "end": 2018}))
    assert [(p.field, p.message) for p in errors(problems)] == [
        ("period.end", "2018 is before period.start (2020): fix the years")]


def test_updated_before_published(vocabulary):
    _, problems = check(vocabulary, case_text(updated="2020-01-01"))
    assert errors(problems)[0].field == "updated"


@pytest.mark.parametrize("url,expected", [
    ("http://example.org/a", "must use https://"),
    ("javascript:alert(1)", "'javascript:' addresses are not allowed"),
    ("data:text/html;base64,PHNjcmlwdD4=", "'data:' addresses are not allowed"),
    (" JavaScript:alert(1)", "'javascript:' addresses are not allowed"),
    ("example.org", "is not a web address"),
])
def test_unsafe_or_non_https_urls(vocabulary, url, expected):
    source = dict(title="T", url=url, publisher="P", date="2020")
    _, problems = check(vocabulary, case_text(sources=[source]))
    assert [p.field for p in errors(problems)] == ["sources[1].url"]
    assert expected in errors(problems)[0].message


def test_source_date_may_be_undated(vocabulary):
    source = dict(title="T", url="https://example.org", publisher="P", date="n.d.")
    case, problems = check(vocabulary, case_text(sources=[source]))
    assert problems == [] and case.sources[0].date == ""


def test_non_utf8_file(vocabulary):
    raw = case_text().encode("utf-8").replace(b"Some text.", b"Caf\xe9 text.")
    case, problems = check(vocabulary, raw)
    assert case is None
    assert "not UTF-8" in problems[0].message
    assert problems[0].line == raw[: raw.index(b"\xe9")].count(b"\n") + 1


def test_empty_body(vocabulary):
    case, problems = check(vocabulary, case_text(body="\n  \n"))
    assert case is None
    assert [(p.field, p.message.split(":")[0]) for p in problems] == [("body", "is empty")]


def test_oversized_body_is_rejected(vocabulary):
    case, problems = check(vocabulary, case_text(body="word " * 1_000_000))
    assert case is None
    assert problems[0].field == "body" and "limit" in problems[0].message


def test_an_unknown_key_is_an_error_naming_the_key(vocabulary):
    case, problems = check(vocabulary, case_text(titel="typo"))
    assert case is None
    assert [(p.severity, p.field) for p in problems] == [("error", "titel")]
    assert "did you mean 'title'?" in problems[0].message


def test_bom_and_crlf_are_accepted(vocabulary):
    raw = b"\xef\xbb\xbf" + case_text().replace("\n", "\r\n").encode("utf-8")
    case, problems = check(vocabulary, raw)
    assert problems == []
    assert "\r" not in case.body


def test_bad_slug(vocabulary):
    _, problems = check(vocabulary, case_text(), slug="My Case")
    assert "not a valid slug" in problems[0].message and "'my-case.md'" in problems[0].message


def test_unknown_status_suggests(vocabulary):
    _, problems = check(vocabulary, case_text(status="complete"))
    assert "did you mean 'completed'?" in errors(problems)[0].message


def test_duplicate_list_items(vocabulary):
    _, problems = check(vocabulary, case_text(themes=["good-work", "good-work"]))
    assert "'good-work' more than once" in errors(problems)[0].message


@pytest.mark.parametrize("line", ["# Context", "#hashtag at the start of a line"])
def test_top_level_heading_in_body_is_rejected(vocabulary, line):
    text = case_text(body=f"## Context\n\nText.\n\n{line}\n\n```\n# a comment in code\n```\n")
    case, problems = check(vocabulary, text)
    assert case is None
    expected = text.splitlines().index(line) + 1
    assert [(p.field, p.line) for p in problems] == [("body", expected)]
    assert "write `\\#` for a hashtag" in problems[0].message


@pytest.mark.parametrize("source,expected", [
    ("<div>open", "&lt;div>open"),
    ("a <script>x</script> b", "a &lt;script>x&lt;/script> b"),
    ("keep `<code>` spans", "keep `<code>` spans"),
    ("see <https://example.org>", "see <https://example.org>"),
    ("```\n<b>in a fence</b>\n```\n<b>after</b>",
     "```\n<b>in a fence</b>\n```\n&lt;b>after&lt;/b>"),
    ("1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),
])
def test_raw_html_in_bodies_becomes_text(source, expected):
    from casebook.markdown import inert_html

    assert inert_html(source) == expected



def test_every_generated_schema_is_a_valid_json_schema(vocabulary):
    from jsonschema import Draft202012Validator

    for generated in (schema.case_study_schema(vocabulary), schema.webinar_schema(vocabulary),
                      schema.vocabulary_schema()):
        Draft202012Validator.check_schema(generated)
