"""Open data, feeds and calendars, added to the site as generated files.

Everything is deterministic: records are sorted, feed timestamps come from the content's own
dates (never the clock) and the calendar's stamp is the build date, so two builds of the same
tree are byte-identical.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from casebook import cite, schema
from casebook.model import CaseStudy, Catalog, Vocabulary, Webinar, by_title
from casebook.urls import (
    CALENDAR,
    CASES_FEED,
    CASES_INDEX,
    WEBINAR_FEED,
    WEBINARS,
    absolute,
    case_uri,
    term_feed,
    term_uri,
    webinar_uri,
)

# Cells a spreadsheet would treat as a formula are prefixed with an apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
def csv_columns(vocabulary: Vocabulary) -> tuple[str, ...]:
    """The CSV's columns: one per declared facet, after the title and summary."""
    prompts = ("prompts",) if vocabulary.prompts else ()
    return ("slug", "url", "title", "summary", *(f.id for f in vocabulary.facets), *prompts,
            "status", "period_start", "period_end", "published", "updated", "reviewed",
            "contributors", "webinars", "source_titles", "source_urls")
FEED_LIMIT = 50


def case_record(vocabulary: Vocabulary, case: CaseStudy, site_url: str) -> dict[str, Any]:
    """Every front-matter field of a case study, plus its slug and absolute URL: a list of
    ids for every declared facet (empty when it names none)."""
    prompts = {"prompts": list(case.prompts)} if vocabulary.prompts else {}
    return {
        "slug": case.slug,
        "url": absolute(site_url, case_uri(case.slug)),
        "title": case.title,
        "summary": case.summary,
        **{facet.id: list(case.terms(facet.id)) for facet in vocabulary.facets},
        **prompts,
        "status": case.status,
        "period": {"start": case.period.start, "end": case.period.end},
        "sources": [{"title": s.title, "url": s.url, "publisher": s.publisher,
                     "date": s.date or "n.d.", **({"note": s.note} if s.note else {}),
                     **({"evaluation": True} if s.evaluation else {})}
                    for s in case.sources],
        "published": case.published.isoformat(),
        "updated": case.updated.isoformat() if case.updated else None,
        "reviewed": case.reviewed.isoformat() if case.reviewed else None,
        "contributors": list(case.contributors),
        "webinars": list(case.webinars),
    }


def front_matter(record: dict[str, Any], vocabulary: Vocabulary) -> dict[str, Any]:
    """A JSON record reduced to front-matter fields (what the schema describes)."""
    data = {k: v for k, v in record.items() if k not in ("slug", "url") and v not in (None, [])
            or k == "prompts" or k in {f.id for f in vocabulary.facets if f.required}}
    if data.get("period", {}).get("end") is None:
        data["period"] = {"start": record["period"]["start"]}
    return data


def cases_json(catalog: Catalog, site_url: str) -> str:
    records = [case_record(catalog.vocabulary, c, site_url)
               for c in by_title(catalog.case_studies)]
    payload = {"count": len(records), "schema": absolute(site_url, "data/case-study.schema.json"),
               "licence": "CC-BY-4.0", "case_studies": records}
    # One record per line: readable and diffable, and written by json's C encoder, which
    # does not run when the whole file is indented.
    lines = ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    head = json.dumps({k: v for k, v in payload.items() if k != "case_studies"},
                      ensure_ascii=False)[:-1]
    return f'{head}, "case_studies": [\n{lines}\n]}}\n'


def safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas: a leading = + - @ is prefixed with an apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def cases_csv(catalog: Catalog, site_url: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = csv_columns(catalog.vocabulary)
    lists = [f.id for f in catalog.vocabulary.facets] + ["contributors", "webinars"]
    if catalog.vocabulary.prompts:
        lists.append("prompts")
    writer.writerow(columns)
    for case in by_title(catalog.case_studies):
        record = case_record(catalog.vocabulary, case, site_url)
        row = {
            **{k: record[k] for k in ("slug", "url", "title", "summary", "status",
                                       "published")},
            **{k: "; ".join(record[k]) for k in lists},
            "period_start": str(case.period.start),
            "period_end": "" if case.period.end is None else str(case.period.end),
            "updated": record["updated"] or "",
            "reviewed": record["reviewed"] or "",
            "source_titles": "; ".join(s.title for s in case.sources),
            "source_urls": "; ".join(s.url for s in case.sources),
        }
        writer.writerow([safe_cell(" ".join(row[c].split())) for c in columns])
    return "\ufeff" + out.getvalue()  # the BOM makes spreadsheet programs read UTF-8


def vocabularies_json(vocabulary: Vocabulary) -> str:
    def term(t: Any) -> dict[str, Any]:
        item: dict[str, Any] = {"id": t.id, "name": t.name, "description": t.description}
        if t.short_name:
            item["short_name"] = t.short_name
        if t.kind == "prompts":
            item.update(term=t.term, stage=t.stage)
        if t.map is not None:
            item["map"] = {"column": t.map[0], "row": t.map[1]}
        if t.facts:
            item["profile"] = {f.key: {"label": f.label,
                                       "value": list(f.value) if isinstance(f.value, tuple)
                                       else f.value,
                                       "source": {"title": f.source.title,
                                                  "url": f.source.url,
                                                  "publisher": f.source.publisher}}
                               for f in t.facts}
        return item

    payload: dict[str, Any] = {
        "facets": [{"id": f.id, "name": f.name, "singular": f.singular,
                    "required": f.required, "parameter": f.key,
                    **({"description": f.description} if f.description else {})}
                   for f in vocabulary.facets],
        **{kind: [term(t) for t in vocabulary.terms(kind)] for kind in vocabulary.kinds},
    }
    if vocabulary.prompts:
        payload["prompts_belong_to"] = vocabulary.prompt_facet
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------------------ feeds

def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def atom_feed(title: str, feed_url: str, page_url: str, entries: list[dict[str, Any]],
              subtitle: str) -> str:
    """An Atom feed; each entry has id, title, url, summary, updated (datetime), published."""
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.link(href=page_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.language("en-GB")
    feed.generator("casebook")
    newest = max((e["updated"] for e in entries), default=_midnight(dt.date(2019, 2, 1)))
    feed.updated(newest)
    for entry in reversed(entries):  # feedgen prepends, so add oldest first
        item = feed.add_entry()
        item.id(entry["url"])
        item.title(entry["title"])
        item.link(href=entry["url"])
        item.summary(entry["summary"])
        item.updated(entry["updated"])
        item.published(entry["published"])
        for name in entry.get("categories", ()):
            item.category(term=name)
    return feed.atom_str(pretty=True).decode("utf-8")


def _case_entries(catalog: Catalog, cases: list[CaseStudy], site_url: str) -> list[dict]:
    ordered = sorted(cases, key=lambda c: (-c.last_changed.toordinal(), c.slug))[:FEED_LIMIT]
    return [{"url": absolute(site_url, case_uri(c.slug)), "title": c.title, "summary": c.summary,
             "updated": _midnight(c.last_changed), "published": _midnight(c.published),
             "categories": _categories(catalog, c)}
            for c in ordered]


def _categories(catalog: Catalog, record: CaseStudy | Webinar) -> list[str]:
    """A feed entry's categories: the names of its terms of facets that have feeds."""
    return [t.name for f in catalog.vocabulary.facets if f.feed
            for t in (f.get(i) for i in record.terms(f.id)) if t]


def case_feeds(catalog: Catalog, site_url: str, site_name: str) -> dict[str, str]:
    """The site-wide case-study feed and one feed per term of each facet with feeds:
    {path: xml}."""
    feeds = {CASES_FEED: atom_feed(
        "New and updated case studies", absolute(site_url, CASES_FEED),
        absolute(site_url, CASES_INDEX),
        _case_entries(catalog, list(catalog.case_studies), site_url),
        f"The newest case studies in {site_name}.")}
    for facet in catalog.vocabulary.facets:
        for term in facet.terms if facet.feed else ():
            path = term_feed(facet.key, term.id)
            feeds[path] = atom_feed(
                f"Case studies: {term.name}", absolute(site_url, path),
                absolute(site_url, term_uri(facet.id, term.id)),
                _case_entries(catalog, list(catalog.tagged(facet.id, term.id)), site_url),
                f"New and updated case studies: {facet.singular.lower()} {term.name}.")
    return feeds


def webinar_feed(catalog: Catalog, site_url: str, site_name: str) -> str:
    entries = [{"url": absolute(site_url, webinar_uri(w.slug)), "title": f"{w.title} ({w.date})",
                "summary": w.summary, "updated": _midnight(w.date.as_date()),
                "published": _midnight(w.date.as_date()),
                "categories": _categories(catalog, w)}
               for w in catalog.webinars]
    return atom_feed("Webinars", absolute(site_url, WEBINAR_FEED),
                     absolute(site_url, WEBINARS), entries,
                     f"Every webinar in the archive of {site_name}.")


def webinar_calendar(webinars: tuple[Webinar, ...], site_url: str, today: dt.date,
                     site_name: str) -> str:
    """An iCalendar file of upcoming webinars that have a known day.

    Webinars with a start time become timed events in their own time zone; others become
    all-day events. Month-only dates cannot be put in a calendar and are left out.
    """
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", f"-//{site_name}//Webinars//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{site_name}: webinars")
    host = site_url.split("//", 1)[-1].split("/", 1)[0] or "casebook"
    upcoming = sorted((w for w in webinars if w.is_upcoming(today) and not w.date.month_only),
                      key=lambda w: (w.date.sort_key, w.start, w.slug))
    for webinar in upcoming:
        event = Event()
        event.add("uid", f"{webinar.slug}@{host}")
        event.add("dtstamp", _midnight(today))
        event.add("summary", webinar.title)
        event.add("description", webinar.summary)
        event.add("url", absolute(site_url, webinar_uri(webinar.slug)))
        day = webinar.date.as_date()
        if webinar.start:
            hour, minute = (int(x) for x in webinar.start.split(":"))
            start = dt.datetime(day.year, day.month, day.day, hour, minute,
                                tzinfo=ZoneInfo(webinar.timezone))
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=webinar.duration_minutes))
        else:
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


# Feeds sit at the site root because Material's instant navigation requests sitemap.xml
# beside every rel=alternate link in the page head, and the root is where the sitemap is.
# The open data as the open-data page offers it: (site-relative path, media type, what it is).
DATA_DOWNLOADS = (
    ("data/case-studies.json", "application/json", "Every case study's metadata, as JSON"),
    ("data/case-studies.csv", "text/csv", "Every case study's metadata, as CSV"),
    ("data/case-study.schema.json", "application/schema+json",
     "The JSON Schema of a case study's front matter"),
    ("data/vocabularies.json", "application/json",
     "The facets and their terms, and any framework of stages and prompts"),
    *((cite.collection_path(ext), media, f"Every case study's reference, as {label}")
      for ext, label, media in cite.FORMATS),
)


def citation_files(catalog: Catalog, site_url: str, site_name: str) -> dict[str, str]:
    """Each case study's reference in BibTeX, RIS and CSL-JSON, beside its page, and the
    whole collection's in data/: {site-relative path: text}."""
    writers = {"bib": cite.bibtex, "ris": cite.ris, "csl.json": cite.csl_json}
    refs = cite.references(catalog, site_url, site_name)
    files = {cite.collection_path(ext): write(refs) for ext, write in writers.items()}
    for ref in refs:
        for ext, write in writers.items():
            files[cite.download_path(ref.key, ext)] = write([ref])
    return files


def export_files(catalog: Catalog, site_url: str, today: dt.date,
                 site_name: str, webinars: bool = True) -> dict[str, str]:
    """Every export for ``catalog``: {site-relative path: text}; the webinar feed and
    calendar only when the knowledge base has ``webinars``."""
    files = {
        **citation_files(catalog, site_url, site_name),
        "data/case-studies.json": cases_json(catalog, site_url),
        "data/case-studies.csv": cases_csv(catalog, site_url),
        "data/case-study.schema.json": _json(schema.case_study_schema(catalog.vocabulary)),
        "data/webinar.schema.json": _json(schema.webinar_schema(catalog.vocabulary)),
        "data/vocabulary.schema.json": _json(schema.vocabulary_schema()),
        "data/vocabularies.json": vocabularies_json(catalog.vocabulary),
        **case_feeds(catalog, site_url, site_name),
    }
    if webinars:
        files[WEBINAR_FEED] = webinar_feed(catalog, site_url, site_name)
        files[CALENDAR] = webinar_calendar(catalog.webinars, site_url, today, site_name)
    return files
