"""Pure renderers for the webinar archive and per-webinar pages.

"Upcoming" is decided against the build date passed in, never the clock, so builds are
reproducible.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from casebook import html
from casebook import markdown as md
from casebook.model import Catalog, Webinar
from casebook.page_parts import PageParts, SitePage, source_list, term_links
from casebook.urls import CALENDAR, HOME, WEBINAR_FEED, WEBINARS, case_uri, webinar_uri

RESOURCE_LABELS = {"slides": "Slides", "recording": "Recording", "captions": "Captions",
                   "transcript": "Transcript", "report": "Report", "page": "Web page"}


def when(webinar: Webinar) -> str:
    """The date as readers see it; a month-only date says so."""
    text = str(webinar.date)
    if webinar.date.month_only:
        return f"{text} (exact date not known)"
    if webinar.start:
        return f"{text}, {webinar.start} ({webinar.timezone})"
    return text


def speaker_line(webinar: Webinar) -> str:
    """Plain text: each speaker with role and organisation."""
    people = []
    for speaker in webinar.speakers:
        detail = ", ".join(x for x in (speaker.role, speaker.organisation) if x)
        people.append(speaker.name + (f" ({detail})" if detail else ""))
    return "; ".join(people)


def resource_line(resource) -> str:
    detail = ", ".join(x for x in (resource.format, resource.size) if x)
    label = f"{RESOURCE_LABELS.get(resource.kind, resource.kind)}: {resource.title}"
    return f"[{md.text(label)}]({md.url(resource.url)})" + (f" ({md.text(detail)})" if detail
                                                            else "")


def _entry(webinar: Webinar, from_uri: str) -> str:
    lines = [f"### {md.link(webinar.title, from_uri, webinar_uri(webinar.slug))}",
             "", f"**{md.text(when(webinar))}** · {md.text(webinar.series)}", "",
             md.text(webinar.summary), ""]
    if webinar.speakers:
        lines += [f"Speakers: {md.text(speaker_line(webinar))}", ""]
    if webinar.resources:
        lines += [f"- {resource_line(r)}" for r in webinar.resources] + [""]
    return "\n".join(lines)


def split(webinars: tuple[Webinar, ...], today: dt.date) -> tuple[list[Webinar], list[Webinar]]:
    """(upcoming soonest first, past newest first)."""
    upcoming = sorted((w for w in webinars if w.is_upcoming(today)),
                      key=lambda w: (w.date.sort_key, w.slug))
    past = [w for w in webinars if not w.is_upcoming(today)]  # catalog order: newest first
    return upcoming, past


DEFAULT_INTRO = ("The webinars of this knowledge base, with links to slides and recordings where "
                 "they exist.")


def archive_page(catalog: Catalog, today: dt.date, intro: str = DEFAULT_INTRO) -> SitePage:
    """/webinars/: upcoming webinars, then past ones by year; ``intro`` is the knowledge
    base's own introduction (plain text)."""
    uri = WEBINARS
    upcoming, past = split(catalog.webinars, today)
    page = PageParts(uri).breadcrumbs([("Home", HOME)])
    parts = [
        "# Webinars\n",
        md.text(" ".join(intro.split())) + "\n",
        f"Follow new webinars with the {md.link('webinar feed', uri, WEBINAR_FEED)} or add "
        f"upcoming ones to your calendar with the {md.link('calendar file', uri, CALENDAR)}.\n",
    ]
    parts.append("## Upcoming\n")
    if upcoming:
        parts += [_entry(w, uri) for w in upcoming]
    else:
        parts.append(f"No webinars are scheduled as of {today.day} {today.strftime('%B')} "
                     f"{today.year}.\n")
    if past:
        parts.append("## Past webinars\n")
    for year, group in groupby(past, key=lambda w: w.date.year):
        parts.append(f"### {year}\n")
        parts += [_entry(w, uri).replace("### ", "#### ", 1) for w in group]
    if not catalog.webinars:
        parts.append("No webinars have been added yet.\n")
    return page.add(*parts).page(
        "Webinars", description="The webinar series: upcoming webinars and the archive of "
                                "past ones, with slides and recordings.")


def webinar_page(catalog: Catalog, webinar: Webinar, today: dt.date) -> SitePage:
    uri = webinar_uri(webinar.slug)
    rows = [("Date", [(when(webinar), "")]), ("Series", [(webinar.series, "")])]
    if webinar.is_upcoming(today):
        rows.append(("Status", [("Upcoming", "")]))
    if webinar.speakers:
        rows.append(("Speakers", [(speaker_line(webinar), "")]))
    for facet in catalog.vocabulary.facets:
        links = term_links(catalog, facet.id, webinar.terms(facet.id), uri)
        if links:
            rows.append((facet.name if len(links) > 1 else facet.singular, links))
    page = PageParts(uri).breadcrumbs([("Home", HOME), ("Webinars", WEBINARS)])
    page.add(f"# {md.text(webinar.title)}\n", f"{md.text(webinar.summary)}\n{{ .kb-lead }}\n")
    page.html("facts", lambda: html.facts(rows))
    parts = [
        md.inert_html(webinar.body.strip()) + "\n",
        "## Resources\n\n" + ("\n".join(f"- {resource_line(r)}" for r in webinar.resources)
                              if webinar.resources else
                              "No slides, recording or transcript are known for this webinar.")
        + "\n",
    ]
    if webinar.accessibility_note:
        parts.append(f"**Accessibility:** {md.text(webinar.accessibility_note)}\n")
    cases = [catalog.case_study(s) for s in webinar.case_studies]
    cases += [c for c in catalog.case_studies
              if webinar.slug in c.webinars and c.slug not in webinar.case_studies]
    if any(cases):
        parts.append("## Case studies discussed\n\n" + "\n".join(
            f"- {md.link(c.title, uri, case_uri(c.slug))}" for c in cases if c) + "\n")
    page.add(*parts)
    if webinar.sources:
        page.add("## Sources\n")
        page.html("sources", lambda: source_list(webinar.sources))
    return page.page(webinar.title, description=webinar.summary,
                                 contributed=True, source_path=webinar.path, kind="webinar",
                                 slug=webinar.slug)


def webinar_pages(catalog: Catalog, today: dt.date, intro: str = DEFAULT_INTRO
                  ) -> list[SitePage]:
    return [archive_page(catalog, today, intro)] + [webinar_page(catalog, w, today)
                                                    for w in catalog.webinars]
