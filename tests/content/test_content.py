"""The shipped knowledge base: coverage of the framework, sources, and no placeholders."""

from __future__ import annotations

import re

import pytest
from content_files import ROOT, body, case_studies, vocabulary

pytestmark = pytest.mark.slow


def test_every_current_authority_has_at_least_three_case_studies():
    cases = case_studies()
    assert len(cases) >= 85
    for authority in vocabulary("authorities"):
        if "status" in (authority.get("profile") or {}):  # abolished, with its successor
            continue
        count = sum(authority["id"] in data["authorities"] for data in cases.values())
        assert count >= 3, f"{authority['id']} has {count} case studies"


def test_every_case_study_is_rated_at_one_level_of_evidence():
    levels = [term["id"] for term in vocabulary("evidence")]
    cases = case_studies()
    for slug, data in cases.items():
        assert len(data.get("evidence") or []) == 1 and data["evidence"][0] in levels, slug
        if data["evidence"][0] == levels[0]:  # the strongest names its evaluation
            assert any(s.get("evaluation") is True for s in data["sources"]), slug


def test_fewer_than_half_the_case_studies_are_at_the_weakest_level_of_evidence():
    levels = [term["id"] for term in vocabulary("evidence")]
    cases = case_studies()
    weakest = sum(data["evidence"][0] == levels[-1] for data in cases.values())
    assert weakest < len(cases) / 2, f"{weakest} of {len(cases)} at {levels[-1]}"


def test_every_current_authority_names_its_mayor_as_of_a_date_with_a_source():
    for authority in vocabulary("authorities"):
        profile = authority.get("profile") or {}
        if "status" in profile:
            continue
        mayor = profile.get("current_mayor")
        assert mayor and mayor.get("as_of") and mayor["source"]["url"], authority["id"]


def test_every_case_study_says_when_its_facts_were_checked():
    for slug, data in case_studies().items():
        assert data.get("reviewed"), slug


def test_few_sources_are_undated_and_each_undated_one_says_why():
    sources = [s for data in case_studies().values() for s in data["sources"]]
    undated = [s for s in sources if str(s["date"]) == "n.d."]
    assert len(undated) <= 0.15 * len(sources), f"{len(undated)} of {len(sources)} undated"
    assert all(s.get("note") for s in undated)


def test_the_webinar_cites_its_source():
    text = (ROOT / "webinars" / "learning-and-next-steps.md").read_text(encoding="utf-8")
    assert "https://www.health.org.uk/funding-and-partnerships/projects/" \
           "the-cities-health-inequalities-project" in text


def test_disagreeing_sources_on_tees_valley_routes_to_work_are_both_reported():
    data = case_studies()["tees-valley-routes-to-work"]
    text = body(ROOT / "casestudies" / "tees-valley-routes-to-work.md")
    assert "275" in text and "375" in text
    publishers = {s["publisher"] for s in data["sources"]}
    assert any("Northern Echo" in p for p in publishers)


@pytest.mark.parametrize("kind,minimum", [("themes", 12), ("levers", 6), ("prompts", 1)])
def test_every_term_is_illustrated(kind, minimum):
    cases = case_studies()
    for term in vocabulary(kind):
        count = sum(term["id"] in (data.get(kind) or []) for data in cases.values())
        assert count >= minimum, f"{kind} {term['id']} has {count} case studies"


def test_framework_shape():
    themes = vocabulary("themes")
    assert 6 <= len(themes) <= 8
    prompts = vocabulary("prompts")
    stages = {s["id"] for s in vocabulary("stages")}
    assert stages == {"discover", "dream", "design", "deliver"}
    for theme in themes:
        mine = [p for p in prompts if p["term"] == theme["id"]]
        assert 3 <= len(mine) <= 6 and {p["stage"] for p in mine} <= stages
    assert len(vocabulary("authorities")) >= 15


def test_case_studies_have_the_template_sections_and_length():
    sections = ["Context", "What the region did", "Levers used", "What changed",
                "Learning for other regions"]
    for path in sorted((ROOT / "casestudies").glob("[!_]*.md")):
        text = body(path)
        headings = re.findall(r"^## (.+)$", text, re.M)
        assert headings[:5] == sections, path.name
        words = len(re.findall(r"\b\w[\w'’-]*\b", text))
        assert 400 <= words <= 900, f"{path.name}: {words} words"


def test_every_source_is_https_and_every_figure_names_a_source():
    for slug, data in case_studies().items():
        assert data["sources"], slug
        assert all(s["url"].startswith("https://") for s in data["sources"]), slug


@pytest.mark.parametrize("word", ["TBC", "TODO", "lorem", "Lorem", "FIXME", "placeholder",
                                  "coming soon"])
def test_no_placeholder_text_in_the_built_site(real_site, word):
    for path in real_site.rglob("*.html"):
        text = re.sub(r"<script.*?</script>", "", path.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
        assert not re.search(rf"\b{re.escape(word)}\b", text), f"{word} in {path}"
