"""Hostile input: every bad file is rejected with `path:line: field: message`, or accepted and
rendered inert. Nothing crashes, nothing is dropped silently, nothing injected runs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from casebook.load import Sources, load_catalog
from conftest import case_text, make_site

pytestmark = pytest.mark.slow
CORPUS = Path(__file__).parent / "hostile"
LINE = re.compile(r"^(casestudies|webinars)/[^:]+:\d+: [\w.\[\]-]+: .+$")

ACCEPTED = {"casestudies/injection-everywhere.md", "casestudies/bom-crlf.md",
            "casestudies/metadata-lookalike.md", "webinars/injection-webinar.md"}
REJECTED = {  # file -> (field, words of one expected message)
    "casestudies/malformed-yaml.md": ("-", "the YAML is malformed"),
    "casestudies/not-a-mapping.md": ("-", "must be a set of `field: value` lines"),
    "casestudies/no-front-matter.md": ("-", "no front matter"),
    "casestudies/wrong-types.md": ("authorities", "must be a list, not text"),
    "casestudies/unknown-ids.md": ("themes[1]", "did you mean 'good-work'?"),
    "casestudies/unsafe-urls.md": ("sources[1].url", "'javascript:' addresses are not allowed"),
    "casestudies/empty-body.md": ("body", "is empty"),
    "casestudies/latin-1.md": ("-", "not UTF-8"),
    "casestudies/huge-body.md": ("body", "the limit is 100,000"),
    "casestudies/Twin.md": ("-", "is not a valid slug"),
    "casestudies/twin.md": ("-", "same slug as casestudies/Twin.md"),
    "webinars/unsafe-webinar.md": ("resources[1].url", "'javascript:' addresses are not allowed"),
}


def corpus_site(root: Path, include_rejected: bool, include_accepted: bool = True):
    site = make_site(root)
    for folder in ("casestudies", "webinars"):
        for path in sorted((CORPUS / folder).glob("*.md")):
            name = f"{folder}/{path.name}"
            if (name in ACCEPTED and include_accepted) or (name in REJECTED and
                                                            include_rejected):
                shutil.copy(path, site.root / name)
    if include_rejected:
        site.write_case("huge-body", case_text(body="## Context\n\n" + "word " * 1_048_576))
        site.write_case("twin", case_text(title="Twin one"))
        site.write_case("Twin", case_text(title="Twin two"))
    return site


def test_validator_rejects_each_bad_file_with_a_located_message(tmp_path):
    site = corpus_site(tmp_path / "p", include_rejected=True)
    catalog = load_catalog(Sources.at(site.root))
    errors = [p for p in catalog.problems if p.severity == "error"]
    for problem in errors:
        assert LINE.match(str(problem)), str(problem)
    for name, (field, words) in REJECTED.items():
        mine = [p for p in errors if p.path == name]
        assert any(p.field == field and words in p.message for p in mine), (name, mine)
    loaded = {c.path for c in catalog.case_studies} | {w.path for w in catalog.webinars}
    assert loaded == ACCEPTED
    assert not {p.path for p in errors} & ACCEPTED


def test_strict_build_and_cli_name_every_rejected_file_without_a_traceback(tmp_path):
    site = corpus_site(tmp_path / "p", include_rejected=True)
    build = site.build(check=False)
    cli = subprocess.run([sys.executable, "-m", "casebook.cli", "--root", str(site.root),
                          "validate"], capture_output=True, text=True, timeout=120)
    assert build.returncode != 0 and cli.returncode == 1
    for result in (build, cli):
        output = result.stdout + result.stderr
        assert "Traceback" not in output
        for name in REJECTED:
            assert f"{name}:" in output, name
    assert cli.returncode == 1


@pytest.fixture(scope="module")
def inert_site(tmp_path_factory):
    site = corpus_site(tmp_path_factory.mktemp("hostile") / "p", include_rejected=False)
    site.build()
    return site


def _executable_injections(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    # JSON-LD is data: it may hold the injected text, as JSON that parses, never as script.
    for data in soup.find_all("script", type="application/ld+json"):
        json.loads(data.string)
    found = [str(s)[:80] for s in soup.find_all("script")
             if "alert(" in s.get_text() and s.get("type") != "application/ld+json"]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"{tag.name}[{name}]")
            if name in ("href", "src", "action", "data", "formaction") and \
                    re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                found.append(f"{tag.name}[{name}={value[:30]}]")
        if tag.name in ("iframe", "object", "embed", "form", "style") and \
                tag.find_parent("article") and tag.get("id") != "kb-explorer":
            found.append(tag.name)
    return found


def test_accepted_hostile_files_build_and_nothing_injected_can_run(inert_site):
    pages = sorted(inert_site.site.rglob("*.html"))
    assert pages
    for path in pages:
        assert _executable_injections(path.read_text(encoding="utf-8")) == [], path


def test_hostile_text_is_shown_as_text(inert_site):
    soup = BeautifulSoup(inert_site.html("case-studies/injection-everywhere/"), "html.parser")
    assert soup.find("h1").get_text().rstrip("¶") == \
        "<script>alert(1)</script> | {{ config }} [y](javascript:alert(2)) {% raw %}"
    text = soup.select_one("article").get_text()
    assert "{{ config.extra }}" in text
    assert "<svg onload=alert(9)>" in text
    assert '<img src="x" onerror="alert(11)">' in text  # raw HTML in the body is shown as text
    sources = soup.find("h2", id="kb-sources").find_next("ol").get_text()
    assert "</a><script>alert(5)</script>" in sources  # nothing swallowed what follows
    webinar = BeautifulSoup(inert_site.html("webinars/injection-webinar/"), "html.parser")
    assert webinar.find("h1").get_text().rstrip("¶") == "<script>alert(20)</script> {{ config }}"
    bom = BeautifulSoup(inert_site.html("case-studies/bom-crlf/"), "html.parser")
    assert bom.find("h1").get_text().rstrip("¶") == "BOM and CRLF: accepted"


def test_body_lines_that_look_like_metadata_stay_in_the_body(inert_site):
    """MkDocs reads `Key: value` lines at the top of a page as metadata; a case study's
    body is the contributor's text, so they are shown, and cannot pick a template."""
    soup = BeautifulSoup(inert_site.html("case-studies/metadata-lookalike/"), "html.parser")
    assert soup.find("h1").get_text() == "Body lines that look like metadata"
    text = soup.select_one("article").get_text()
    for line in ("Template: 404.html", "Title: Not the title",
                 "Note: this first paragraph belongs to the body."):
        assert line in text


def test_exported_data_carries_hostile_text_inertly(inert_site):
    site = inert_site.site
    for feed in ("feed.xml", "feed-webinars.xml"):
        xml = (site / feed).read_text(encoding="utf-8")
        assert "<script>" not in xml and "&lt;script&gt;" in xml
    csv_text = (site / "data" / "case-studies.csv").read_text(encoding="utf-8-sig")
    assert "<script>alert(1)</script>" in csv_text  # as data, quoted by the CSV writer
    for line in csv_text.splitlines()[1:]:
        for cell in re.findall(r'(?:^|,)("(?:[^"]|"")*"|[^,]*)', line):
            assert not cell.strip('"').startswith(("=", "+", "-", "@"))
    json_text = (site / "data" / "case-studies.json").read_text(encoding="utf-8")
    assert '"title": "<script>alert(1)</script>' in json_text
