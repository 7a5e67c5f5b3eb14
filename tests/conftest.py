"""Shared fixtures: an in-memory vocabulary, valid front matter, and a tiny-site builder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from casebook.facet_options import FACET_OPTIONS
from casebook.model import Facet, Term, Vocabulary

ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = "2026-11-27"
os.environ.setdefault("CASEBOOK_BUILD_DATE", BUILD_DATE)
os.environ.setdefault("SITE_URL", "https://casebook.example/")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


def term(kind: str, term_id: str, name: str, **extra: object) -> Term:
    return Term(id=term_id, name=name, description=f"About {name.lower()}.", kind=kind, **extra)


@pytest.fixture
def vocabulary() -> Vocabulary:
    """A small vocabulary, independent of the real data files."""
    themes = Facet("themes", "Themes", "Theme", required=True, order=20, param="theme",
                   feed=True, count_by="authorities", schema_property="about",
                   description="The themes of the framework.",
                   terms=(term("themes", "good-work", "Good work"),
                          term("themes", "healthy-places", "Healthy places"),
                          term("themes", "empty-theme", "A theme nobody uses")))
    authorities = Facet("authorities", "Authorities", "Authority", required=True, order=10,
                        param="authority", in_lists=True, related=False, tab=True,
                        group_by="themes", tally_by="evidence", matrix="themes",
                        schema_property="spatialCoverage",
                        description="The mayoral authorities.",
                        terms=(term("authorities", "gmca", "Greater Manchester Combined "
                                    "Authority", short_name="Greater Manchester", map=(2, 3)),
                               term("authorities", "wmca", "West Midlands Combined Authority",
                                    short_name="West Midlands", map=(2, 5))))
    levers = Facet("levers", "Levers", "Lever", required=True, order=30, param="lever",
                   count_by="authorities", description="The levers.",
                   terms=(term("levers", "procurement", "Procurement and social value"),
                          term("levers", "transport", "Transport powers")))
    # As in the real vocabularies: one level per case study, the strongest needing a source
    # marked as an evaluation.
    evidence = Facet("evidence", "Evidence", "Evidence", required=True, single=True, order=40,
                     param="evidence", in_lists=True, related=False,
                     schema_property="keywords",
                     description="How strong the evidence is.",
                     terms=(term("evidence", "independent-evaluation", "Independent evaluation",
                                 requires_evaluation_source=True),
                            term("evidence", "outcome-figures", "Outcome figures published"),
                            term("evidence", "activity-or-plans", "Activity or plans only")))
    return Vocabulary(
        facets=(themes, authorities, levers, evidence),
        stages=(term("stages", "discover", "Discover"), term("stages", "dream", "Dream")),
        prompts=(term("prompts", "good-work-discover", "Who already offers good work?",
                      term="good-work", stage="discover"),
                 term("prompts", "good-work-dream", "What if good work were the norm?",
                      term="good-work", stage="dream")),
        prompt_facet="themes", prompts_intro="Prompts for a region.",
        prompts_note="Written for this knowledge base.",
    )


VALID_FRONT_MATTER = {
    "title": "Good employment charter",
    "summary": "A charter for fair work.",
    "authorities": ["gmca"],
    "themes": ["good-work"],
    "levers": ["procurement"],
    "evidence": ["outcome-figures"],
    "prompts": ["good-work-discover"],
    "status": "ongoing",
    "period": {"start": 2019},
    "sources": [{"title": "Launch", "url": "https://example.org/launch",
                 "publisher": "GMCA", "date": "2019-07-22"}],
    "published": "2026-11-01",
}


def case_text(body: str = "## Context\n\nSome text.\n", **changes: object) -> str:
    """A case-study file; ``changes`` replace front-matter fields (None removes one)."""
    data = dict(VALID_FRONT_MATTER)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return f"---\n{front}---\n\n{body}"


def vocabulary_files(vocab: Vocabulary, folder: Path) -> None:
    """Write ``vocab`` as the YAML data files the loader reads (replacing any there)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yml"):
        old.unlink()
    for kind in vocab.kinds:
        terms = []
        for t in vocab.terms(kind):
            item = {"id": t.id, "name": t.name, "description": t.description}
            for key in ("short_name", "term", "stage", "requires_evaluation_source"):
                if getattr(t, key):
                    item[key] = getattr(t, key)
            if t.map:
                item["map"] = {"column": t.map[0], "row": t.map[1]}
            terms.append(item)
        data: dict = {"kind": kind}
        facet = vocab.facet(kind)
        if facet is not None:
            declared = {option.name: getattr(facet, option.name) for option in FACET_OPTIONS
                        if getattr(facet, option.name) != option.default}
            data["facet"] = declared
        if kind == "prompts":
            data.update(belongs_to=vocab.prompt_facet, intro=vocab.prompts_intro,
                        note=vocab.prompts_note)
        data["terms"] = terms
        (folder / f"{kind}.yml").write_text(yaml.safe_dump(data, sort_keys=False))


@dataclass
class TinySite:
    """A throwaway project: the real mkdocs.yml, docs/ and hooks, with test content."""

    root: Path

    @property
    def cases(self) -> Path:
        return self.root / "casestudies"

    @property
    def webinars(self) -> Path:
        return self.root / "webinars"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write_case(self, slug: str, text: str | bytes) -> Path:
        path = self.cases / f"{slug}.md"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def write_webinar(self, slug: str, text: str) -> Path:
        path = self.webinars / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        return path

    def build(self, strict: bool = True, env: dict[str, str] | None = None,
              check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``mkdocs build`` in a subprocess, as a contributor would."""
        # Not --quiet: it hides warnings, so --strict would not fail on them.
        command = [sys.executable, "-m", "mkdocs", "build"]
        if strict:
            command.append("--strict")
        result = subprocess.run(command, cwd=self.root, capture_output=True, text=True,
                                env={**os.environ, **(env or {})}, timeout=300)
        if check and result.returncode != 0:
            raise AssertionError(f"build failed:\n{result.stdout}\n{result.stderr}")
        return result

    def html(self, url: str) -> str:
        return (self.site / url.strip("/") / "index.html").read_text(encoding="utf-8") \
            if not url.endswith(".html") else (self.site / url).read_text(encoding="utf-8")


def make_site(root: Path, vocab: Vocabulary | None = None) -> TinySite:
    """Copy the project's site configuration into ``root`` with empty content folders.

    The hook path stays absolute so every tiny site uses the same hook module, as
    ``mkdocs serve`` does across rebuilds.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copy(ROOT / "macros.py", root / "macros.py")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - hooks/", f"  - {ROOT.as_posix()}/hooks/")
    config = config.replace("\n  - hooks\n", "\n")  # the tiny site has no hooks/ to watch
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    if vocab is None:
        shutil.copytree(ROOT / "vocabularies", root / "vocabularies")
    else:
        vocabulary_files(vocab, root / "vocabularies")
    (root / "casestudies").mkdir()
    (root / "webinars").mkdir()
    return TinySite(root)


@pytest.fixture
def tiny_site(tmp_path: Path) -> TinySite:
    """A project with the real vocabularies and no content yet."""
    return make_site(tmp_path / "project")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own site, built once per test session."""
    return build_real_site(tmp_path_factory.mktemp("real-site"))


def build_real_site(out: Path) -> Path:
    """Build the project's own site into ``out`` as `make build` does (with --strict)."""
    env = {**os.environ, "CASEBOOK_BUILD_DATE": BUILD_DATE}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                    str(out)], cwd=ROOT, check=True, timeout=600, env=env, capture_output=True)
    return out


def webinar_text(title: str, date: str, body: str = "## Summary\n\nWhat was discussed.\n",
                 **fields: object) -> str:
    """A webinar file; ``fields`` add or replace front-matter fields (None removes one)."""
    data: dict[str, object] = {"title": title, "date": date, "series": "Test series",
                               "summary": f"About {title}.", "resources": []}
    for key, value in fields.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return f"---\n{yaml.safe_dump(data, sort_keys=False)}---\n\n{body}"


def webinar_fixtures() -> dict[str, str]:
    """Thirty webinars over four years (2025-2028), past and upcoming at 2026-11-27.

    Every fifth has a month-only date; upcoming ones with a day have a start time; some have
    slides, recordings with transcripts, speakers, themes and case-study links.
    """
    themes = ["good-work", "places-housing-transport", "children-food", "data-intelligence"]
    files = {}
    for index in range(30):
        year = 2025 + index // 8
        month = 1 + (index * 5) % 12
        day = 1 + (index * 7) % 27
        slug = f"webinar-{index:02d}"
        fields: dict[str, object] = {"themes": [themes[index % 4]]}
        date = f"{year}-{month:02d}" if index % 5 == 4 else f"{year}-{month:02d}-{day:02d}"
        if index % 5 != 4 and (year, month, day) >= (2026, 11, 27):
            fields.update(start="14:00", timezone="Europe/London", duration=90)
        if index % 3 == 0:
            fields["speakers"] = [{"name": f"Speaker {index}", "role": "Director",
                                   "organisation": "A combined authority"}]
        if index % 4 == 0:
            fields["resources"] = [
                {"title": "Slides", "url": f"https://example.org/{slug}.pdf", "kind": "slides",
                 "format": "PDF", "size": "1.2 MB"},
                {"title": "Recording", "url": f"https://example.org/{slug}.mp4",
                 "kind": "recording", "format": "MP4", "size": "58 minutes"},
                {"title": "Transcript", "url": f"https://example.org/{slug}.txt",
                 "kind": "transcript", "format": "Text", "size": "40 KB"}]
        if index % 6 == 0:
            fields["case_studies"] = ["charter"]
        files[slug] = webinar_text(f"Webinar number {index:02d}", date, **fields)
    return files


# Browser tests (tests/test_browser.py, tests/test_accessibility.py): a local server for
# real_site and one Chromium per worker. The fixtures live in browser_support.py.
from browser_support import (  # noqa: E402, I001
    axe, browser, context, context_options, page, problems, site_server,  # noqa: F401
)
