"""Citations: BibTeX, RIS and CSL-JSON that common libraries parse, Highwire tags and
JSON-LD, with the hostile corpus's titles inert in every one."""

from __future__ import annotations

import datetime as dt
import json
import re

import bibtexparser
import pytest
import rispy
from bs4 import BeautifulSoup
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from pyld import jsonld

from casebook import cite
from casebook.model import Catalog
from conftest import case_text

HOSTILE = 'Fish & chips: "fair" <b>food</b> {for} all_100% $x #1 ~ ^ \\ </script><!--'


KEYWORDS = ("Procurement & social value", "Outcome figures published")


def reference(title: str = HOSTILE, updated: dt.date | None = dt.date(2026, 11, 30)):
    return cite.Reference("fish-and-chips", title, "https://example.org/case-studies/fish/",
                          "City Health Inequalities Casebook", dt.date(2026, 11, 2), updated,
                          KEYWORDS)


def test_bibtex_parses_with_the_same_title_url_and_dates():
    library = bibtexparser.parse_string(cite.bibtex([reference()]))
    assert not library.failed_blocks
    entry = library.entries[0]
    assert entry.key == "fish-and-chips" and entry.entry_type == "misc"
    title = entry["title"].strip("{}")
    unescaped = re.sub(r"\\textbackslash\{\}", "\\\\", title)
    unescaped = re.sub(r"\\([{}%&$#_])", r"\1", unescaped).replace("\\^{}", "^").replace(
        "\\~{}", "~")
    assert unescaped == HOSTILE
    assert entry["url"] == "https://example.org/case-studies/fish/"
    assert entry["date"] == "2026-11-02" and entry["year"] == "2026"
    assert entry["note"] == "Updated 2026-11-30"
    assert entry["keywords"] == r"Procurement \& social value, Outcome figures published"


def test_ris_parses_with_the_same_title_url_and_dates():
    record = rispy.loads(cite.ris([reference(HOSTILE.replace(" ", "\n", 1))]))[0]
    assert record["title"] == HOSTILE  # the line break became a space: one field, one line
    assert record["urls"] == ["https://example.org/case-studies/fish/"]
    assert record["date"] == "2026/11/02/" and record["year"] == "2026"
    assert record["keywords"] == list(KEYWORDS)


def test_csl_json_renders_with_citeproc():
    items = json.loads(cite.csl_json([reference()]))
    assert items[0]["title"] == HOSTILE and items[0]["issued"]["date-parts"] == [[2026, 11, 2]]
    assert items[0]["keyword"] == ", ".join(KEYWORDS)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem("fish-and-chips")]))
    text = str(bibliography.bibliography()[0])
    assert "2026" in text and "example.org/case-studies/fish" in text


def test_json_ld_is_inert_in_html_and_parses_as_json_ld(vocabulary):
    catalog = Catalog(vocabulary, ())
    data = cite.website(HOSTILE, "https://example.org/", "A site </script>")
    text = cite.script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    html = f'<script type="application/ld+json">{text}</script><p id="after">x</p>'
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#after") is not None  # the script ended where it should
    expanded = jsonld.expand(json.loads(soup.script.string))
    assert expanded[0]["https://schema.org/name"][0]["@value"] == HOSTILE
    assert cite.dataset(catalog, "https://example.org/", "Site", [])["@type"] == "Dataset"


@pytest.mark.slow
def test_a_case_study_page_cites_itself_in_every_format(tiny_site):
    title = 'Fish & chips: "fair" <b>food</b> {for} all </script>'
    tiny_site.write_case("fish", case_text(title=title, updated="2026-11-20"))
    tiny_site.build()
    page = BeautifulSoup(tiny_site.html("case-studies/fish/"), "html.parser")
    assert page.find("meta", attrs={"name": "citation_title"})["content"] == title
    assert page.select_one("article h1").get_text() == title
    assert page.find("meta", attrs={"name": "citation_publication_date"})["content"] \
        == "2026/11/01"
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "Article" and data["headline"] == title
    assert data["datePublished"] == "2026-11-01" and data["dateModified"] == "2026-11-20"
    assert [c["url"] for c in data["citation"]]
    assert "Outcome figures published" in data["keywords"]  # the level of evidence
    assert "Outcome figures published" in page.find(
        "meta", attrs={"name": "citation_keywords"})["content"].split("; ")
    assert jsonld.expand(data)  # parses as JSON-LD
    section = page.select_one("#kb-cite")
    assert section is not None and "Cite this case study" in section.get_text()
    links = [a["href"] for a in page.select("a[download]")]
    assert links == ["cite.bib", "cite.ris", "cite.csl.json"]
    folder = tiny_site.site / "case-studies" / "fish"
    entry = bibtexparser.parse_string((folder / "cite.bib").read_text()).entries[0]
    assert "chips" in entry["title"] and entry["url"].endswith("/case-studies/fish/")
    assert "Outcome figures published" in entry["keywords"].split(", ")
    assert rispy.loads((folder / "cite.ris").read_text())[0]["title"] == title
    assert json.loads((folder / "cite.csl.json").read_text())[0]["title"] == title
    collection = json.loads((tiny_site.site / "data" / "case-studies.csl.json").read_text())
    assert [item["id"] for item in collection] == ["fish"]
    home = BeautifulSoup(tiny_site.html(""), "html.parser")
    assert json.loads(home.find("script", type="application/ld+json").string)["@type"] \
        == "WebSite"
    data_page = BeautifulSoup(tiny_site.html("data/"), "html.parser")
    dataset = json.loads(data_page.find("script", type="application/ld+json").string)
    assert dataset["@type"] == "Dataset"
    assert {d["@type"] for d in dataset["distribution"]} == {"DataDownload"}
