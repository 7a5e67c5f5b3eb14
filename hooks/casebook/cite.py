"""How to cite a case study: a suggested citation, BibTeX, RIS, CSL-JSON, Highwire Press
``citation_*`` meta tags and schema.org JSON-LD.

Every value comes from validated front matter, but a title may still hold any character, so
each format escapes for itself: BibTeX's special characters, RIS's one-line fields, JSON
inside an HTML ``<script>`` element. The knowledge base is the author (a corporate author,
as for a web page without named authors).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from casebook.model import CaseStudy, Catalog, by_title, long_date
from casebook.urls import absolute, case_uri

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Downloads beside each case study's page, and for the whole collection on the data page.
FORMATS = (("bib", "BibTeX", "application/x-bibtex"),
           ("ris", "RIS", "application/x-research-info-systems"),
           ("csl.json", "CSL-JSON", "application/vnd.citationstyles.csl+json"))


def download_path(slug: str, extension: str) -> str:
    """Site-relative path of one case study's citation file, beside its page."""
    return f"case-studies/{slug}/cite.{extension}"


def collection_path(extension: str) -> str:
    return f"data/case-studies.{extension}"


@dataclass(frozen=True)
class Reference:
    """What a citation says about one case study."""

    key: str
    title: str
    url: str
    site_name: str
    published: dt.date
    updated: dt.date | None
    keywords: tuple[str, ...] = ()  # the names of its terms of facets that fill `keywords`

    @classmethod
    def of(cls, catalog: Catalog, case: CaseStudy, site_url: str,
           site_name: str) -> Reference:
        return cls(case.slug, " ".join(case.title.split()),
                   absolute(site_url, case_uri(case.slug)), site_name, case.published,
                   case.updated,
                   tuple(_facet_properties(catalog, case).get("keywords", ())))


def suggested(ref: Reference) -> str:
    """Plain text: author (year). Title. Site. Published ...; updated .... Address."""
    dates = f"Published {long_date(ref.published)}"
    if ref.updated:
        dates += f"; updated {long_date(ref.updated)}"
    return (f"{ref.site_name} ({ref.published.year}). {ref.title}. {ref.site_name}. "
            f"{dates}. {ref.url}")


# ---------------------------------------------------------------------------- BibTeX

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%",
                   "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\^{}",
                   "~": r"\~{}"}


def bibtex_text(value: str) -> str:
    """``value`` as BibTeX field text: special characters escaped, braces balanced."""
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in " ".join(value.split()))


def bibtex(refs: Iterable[Reference]) -> str:
    entries = []
    for ref in refs:
        fields = [("title", "{" + bibtex_text(ref.title) + "}"),
                  ("author", "{" + bibtex_text(ref.site_name) + "}"),
                  ("year", str(ref.published.year)),
                  ("month", ref.published.strftime("%b").lower()),
                  ("date", ref.published.isoformat()),
                  ("url", ref.url),
                  ("howpublished", r"\url{" + ref.url + "}"),
                  ("organization", bibtex_text(ref.site_name))]
        if ref.updated:
            fields.append(("note", f"Updated {ref.updated.isoformat()}"))
        if ref.keywords:
            fields.append(("keywords", ", ".join(bibtex_text(k) for k in ref.keywords)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@misc{{{ref.key},\n{body}\n}}\n")
    return "\n".join(entries)


# ------------------------------------------------------------------------------- RIS

def ris_text(value: str) -> str:
    """One line, as every RIS field is."""
    return " ".join(value.split())


def ris(refs: Iterable[Reference]) -> str:
    records = []
    for ref in refs:
        lines = [("TY", "ELEC"), ("TI", ris_text(ref.title)), ("AU", ris_text(ref.site_name)),
                 ("PY", str(ref.published.year)),
                 ("DA", ref.published.strftime("%Y/%m/%d/")),
                 ("PB", ris_text(ref.site_name)), ("UR", ref.url), ("ID", ref.key)]
        if ref.updated:
            lines.append(("Y2", ref.updated.strftime("%Y/%m/%d/")))
        lines += [("KW", ris_text(keyword)) for keyword in ref.keywords]
        records.append("".join(f"{tag}  - {value}\r\n" for tag, value in lines)
                       + "ER  - \r\n")
    return "".join(records)


# -------------------------------------------------------------------------- CSL-JSON

def _date_parts(day: dt.date) -> dict[str, Any]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(ref: Reference) -> dict[str, Any]:
    item: dict[str, Any] = {"id": ref.key, "type": "webpage", "title": ref.title,
                            "author": [{"literal": ref.site_name}],
                            "container-title": ref.site_name, "publisher": ref.site_name,
                            "URL": ref.url, "issued": _date_parts(ref.published)}
    if ref.updated:
        item["note"] = f"Updated {ref.updated.isoformat()}"
    if ref.keywords:
        item["keyword"] = ", ".join(ref.keywords)
    return item


def csl_json(refs: Iterable[Reference]) -> str:
    return json.dumps([csl_item(ref) for ref in refs], ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------------- meta tags

def highwire_meta(ref: Reference) -> list[tuple[str, str]]:
    """Highwire Press tags for reference managers and scholarly indexes: (name, content),
    to be escaped as HTML attributes by the template."""
    tags = [("citation_title", ref.title), ("citation_author", ref.site_name),
            ("citation_publication_date", ref.published.strftime("%Y/%m/%d")),
            ("citation_publisher", ref.site_name), ("citation_public_url", ref.url)]
    if ref.updated:
        tags.append(("citation_online_date", ref.updated.strftime("%Y/%m/%d")))
    if ref.keywords:
        tags.append(("citation_keywords", "; ".join(ref.keywords)))
    return tags


# --------------------------------------------------------------------------- JSON-LD

_CONTEXT = {"@vocab": "https://schema.org/"}  # schema.org terms, without fetching a context


def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside an HTML ``<script type="application/ld+json">`` element: no ``<``,
    ``>`` or ``&`` that could end the element or start a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def website(site_name: str, site_url: str, description: str) -> dict[str, Any]:
    return {"@context": _CONTEXT, "@type": "WebSite", "name": site_name,
            "url": absolute(site_url, ""), "description": " ".join(description.split())}


def article(catalog: Catalog, case: CaseStudy, site_url: str, site_name: str
            ) -> dict[str, Any]:
    """schema.org Article for a case-study page."""
    ref = Reference.of(catalog, case, site_url, site_name)
    data: dict[str, Any] = {
        "@context": _CONTEXT, "@type": "Article", "headline": ref.title,
        "description": case.summary, "url": ref.url,
        "datePublished": case.published.isoformat(),
        "dateModified": case.last_changed.isoformat(),
        **_facet_properties(catalog, case),
        "citation": [{"@type": "CreativeWork", "name": s.title, "url": s.url,
                      **({"datePublished": s.date} if s.date else {})}
                     for s in case.sources],
        "license": LICENCE_URL,
        "author": {"@type": "Organization", "name": site_name},
        "publisher": {"@type": "Organization", "name": site_name},
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": absolute(site_url, "")},
    }
    return data


# The schema.org type of a term named under each property a facet may fill.
_TERM_TYPES = {"about": "DefinedTerm", "spatialCoverage": "AdministrativeArea"}


def _facet_properties(catalog: Catalog, case: CaseStudy) -> dict[str, Any]:
    """The Article properties the case study's terms fill, as each facet declares."""
    properties: dict[str, Any] = {}
    for facet in catalog.vocabulary.facets:
        names = [t.name for t in (facet.get(i) for i in case.terms(facet.id)) if t]
        if not facet.schema_property or not names:
            continue
        if facet.schema_property == "keywords":
            properties.setdefault("keywords", []).extend(names)
        else:
            kind = _TERM_TYPES[facet.schema_property]
            properties.setdefault(facet.schema_property, []).extend(
                {"@type": kind, "name": name} for name in names)
    return properties


def dataset(catalog: Catalog, site_url: str, site_name: str,
            downloads: Iterable[tuple[str, str, str]]) -> dict[str, Any]:
    """schema.org Dataset for the open-data page; ``downloads`` are (site-relative path,
    media type, description)."""
    published = max((c.last_changed for c in catalog.case_studies), default=None)
    data: dict[str, Any] = {
        "@context": _CONTEXT, "@type": "Dataset",
        "name": f"{site_name}: case studies",
        "description": ("Every case study's metadata (title, summary, "
                        + ", ".join(f.name.lower() for f in catalog.vocabulary.facets)
                        + ", status, period, sources and dates) as open data."),
        "url": absolute(site_url, "data/"), "license": LICENCE_URL,
        "creator": {"@type": "Organization", "name": site_name},
        "distribution": [{"@type": "DataDownload", "contentUrl": absolute(site_url, path),
                          "encodingFormat": media, "description": text}
                         for path, media, text in downloads],
    }
    if published is not None:
        data["dateModified"] = published.isoformat()
    return data


def references(catalog: Catalog, site_url: str, site_name: str) -> list[Reference]:
    """Every case study's reference, by title."""
    return [Reference.of(catalog, c, site_url, site_name)
            for c in by_title(catalog.case_studies)]
