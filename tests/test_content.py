"""The shipped knowledge base: coverage of the framework, sources, and no placeholders."""

from __future__ import annotations

import re

import pytest
from content_files import ROOT, body, case_studies, vocabulary

pytestmark = pytest.mark.slow


def test_at_least_thirty_case_studies_across_ten_authorities():
    cases = case_studies()
    assert len(cases) >= 30
    assert len({a for data in cases.values() for a in data["authorities"]}) >= 10


@pytest.mark.parametrize("kind,minimum", [("themes", 3), ("levers", 2), ("prompts", 1)])
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
        mine = [p for p in prompts if p["theme"] == theme["id"]]
        assert 3 <= len(mine) <= 6 and {p["stage"] for p in mine} <= stages
    assert len(vocabulary("authorities")) == 13


def test_case_studies_have_the_template_sections_and_length():
    sections = ["Context", "What the region did", "Levers used", "What changed",
                "Learning for other regions"]
    for path in sorted((ROOT / "casestudies").glob("*.md")):
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
