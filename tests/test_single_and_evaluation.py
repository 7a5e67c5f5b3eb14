"""A facet declared `single` takes one term per case study, and a term declared
`requires_evaluation_source` needs a source marked `evaluation: true` (in-memory data: the
test vocabulary's evidence facet is declared both ways)."""

from __future__ import annotations

import yaml

from casebook import schema
from casebook.load import Sources, load_vocabulary
from casebook.validate import FrontMatterChecker, check_source
from conftest import VALID_FRONT_MATTER, case_text, vocabulary_files

SOURCE = VALID_FRONT_MATTER["sources"][0]
EVALUATION = {"title": "Evaluation of the charter", "url": "https://example.org/evaluation",
              "publisher": "A university", "date": "2024", "evaluation": True}


def check(vocabulary, text):
    checker = FrontMatterChecker(schema.case_study_schema(vocabulary), vocabulary, "case study")
    case, problems, _ = check_source("casestudies/x.md", text.encode("utf-8"), "x", checker)
    return case, problems


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.strip() == needle)


def test_one_level_is_valid_and_the_mark_is_kept(vocabulary):
    case, problems = check(vocabulary, case_text())
    assert problems == []
    assert case.terms("evidence") == ("outcome-figures",)
    assert case.sources[0].evaluation is False
    case, problems = check(vocabulary, case_text(evidence=["independent-evaluation"],
                                            sources=[SOURCE, EVALUATION]))
    assert problems == []
    assert [s.evaluation for s in case.sources] == [False, True]


def test_two_levels_of_a_single_facet_fail_naming_the_field(vocabulary):
    text = case_text(evidence=["outcome-figures", "activity-or-plans"])
    case, problems = check(vocabulary, text)
    assert case is None
    assert [str(p) for p in problems] == [
        f"casestudies/x.md:{line_of(text, 'evidence:')}: evidence: lists 2 ids, but only one "
        "is allowed: keep one, e.g. `evidence: [outcome-figures]`"]


def test_a_required_single_facet_still_needs_one(vocabulary):
    _, problems = check(vocabulary, case_text(evidence=[]))
    assert [(p.field, p.message.split(":")[0]) for p in problems] == [("evidence", "is empty")]
    _, problems = check(vocabulary, case_text(evidence=None))
    assert [(p.field, p.message.split(":")[0]) for p in problems] == [("evidence", "is missing")]


def test_the_strongest_level_without_a_marked_source_fails_at_its_line(vocabulary):
    unmarked = {**EVALUATION, "evaluation": False}
    text = case_text(evidence=["independent-evaluation"], sources=[SOURCE, unmarked])
    case, problems = check(vocabulary, text)
    assert case is None
    assert [str(p) for p in problems] == [
        f"casestudies/x.md:{line_of(text, '- independent-evaluation')}: evidence[1]: "
        "'independent-evaluation' needs an evaluation among the sources: mark the evaluation's "
        "entry in `sources` with `evaluation: true`, or choose 'outcome-figures' or "
        "'activity-or-plans' instead"]


def test_a_misspelt_or_mistyped_mark_does_not_count(vocabulary):
    misspelt = {**SOURCE, "evaluaton": True}
    text = case_text(evidence=["independent-evaluation"], sources=[misspelt])
    case, problems = check(vocabulary, text)
    assert case is None
    found = {(p.severity, p.field): p.message for p in problems}
    assert "did you mean 'evaluation'?" in found[("error", "sources[1].evaluaton")]
    assert ("error", "evidence[1]") in found
    _, problems = check(vocabulary, case_text(evidence=["outcome-figures"],
                                         sources=[{**SOURCE, "evaluation": "yes"}]))
    assert [(p.field, p.message) for p in problems] == [
        ("sources[1].evaluation", "must be true or false, not text: write `evaluation: true` "
                                  "for an evaluation of the work, or leave it out")]


def test_the_loader_reads_both_options_and_refuses_them_on_the_framework(vocabulary, tmp_path):
    vocabulary_files(vocabulary, tmp_path / "vocabularies")
    loaded, problems = load_vocabulary(Sources.at(tmp_path))
    assert problems == []
    evidence = loaded.facet("evidence")
    assert evidence.single and not loaded.facet("themes").single
    assert [t.requires_evaluation_source for t in evidence.terms] == [True, False, False]

    stages = tmp_path / "vocabularies" / "stages.yml"
    data = yaml.safe_load(stages.read_text())
    data["terms"][1]["requires_evaluation_source"] = True
    stages.write_text(yaml.safe_dump(data, sort_keys=False))
    _, problems = load_vocabulary(Sources.at(tmp_path))
    assert [str(p) for p in problems] == [
        "vocabularies/stages.yml:9: terms[2].requires_evaluation_source: only a facet's terms "
        "can require an evaluation source, not the framework's stages: remove it"]
