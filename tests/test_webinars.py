"""Webinar archive: ordering, grouping, the upcoming/past split, cross-links, calendar, feed."""

from __future__ import annotations

import datetime as dt
import re

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup

from casebook import schema
from casebook.model import WebinarDate
from casebook.validate import FrontMatterChecker, check_source
from conftest import case_text, make_site, webinar_fixtures, webinar_text

TODAY = dt.date(2026, 11, 27)


def expected() -> dict[str, WebinarDate]:
    dates = {}
    for slug, text in webinar_fixtures().items():
        value = re.search(r"^date: '?([0-9-]+)'?$", text, re.M).group(1)
        parts = [int(p) for p in value.split("-")]
        dates[slug] = WebinarDate(parts[0], parts[1], parts[2] if len(parts) == 3 else None)
    return dates


def upcoming(date: WebinarDate) -> bool:
    if date.day is None:
        return (date.year, date.month) >= (TODAY.year, TODAY.month)
    return date.as_date() >= TODAY


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tiny = make_site(tmp_path_factory.mktemp("webinars") / "project")
    tiny.write_case("charter", case_text(title="Good employment charter",
                                         webinars=["webinar-06"]))
    tiny.write_case("other", case_text(title="Unrelated case", themes=["children-food"]))
    for slug, text in webinar_fixtures().items():
        tiny.write_webinar(slug, text)
    tiny.build(env={"CASEBOOK_BUILD_DATE": TODAY.isoformat()})
    return tiny


def test_archive_lists_upcoming_soonest_first_then_past_by_year_newest_first(site):
    page = BeautifulSoup(site.html("webinars/"), "html.parser")
    article = page.select_one("article")
    headings = [(h.name, h.get_text().rstrip("¶")) for h in article.find_all(["h2", "h3", "h4"])]
    dates = expected()
    titles = {f"Webinar number {slug[-2:]}": slug for slug in dates}
    up_titles = [t for level, t in headings[headings.index(("h2", "Upcoming")) + 1:
                                            headings.index(("h2", "Past webinars"))]]
    want_up = sorted((s for s, d in dates.items() if upcoming(d)),
                     key=lambda s: (dates[s].sort_key, s))
    assert want_up and [titles[t] for t in up_titles] == want_up
    past = headings[headings.index(("h2", "Past webinars")) + 1:]
    years = [int(t) for level, t in past if level == "h3"]
    assert len(years) >= 2 and years == sorted(years, reverse=True)
    past_slugs = [titles[t] for level, t in past if level == "h4"]
    want_past = sorted((s for s, d in dates.items() if not upcoming(d)),
                       key=lambda s: tuple(-x for x in dates[s].sort_key) + (s,))
    assert past_slugs == want_past


def test_month_only_dates_say_so(site):
    html = site.html("webinars/webinar-04/")
    assert "(exact date not known)" in html
    assert re.search(r"September 2025 \(exact date not known\)", html)


def test_entries_show_speakers_and_resources_with_format_and_size(site):
    text = BeautifulSoup(site.html("webinars/"), "html.parser").get_text()
    assert "Speaker 0 (Director, A combined authority)" in text
    assert "Slides: Slides (PDF, 1.2 MB)" in text
    assert "Recording: Recording (MP4, 58 minutes)" in text


def test_cross_links_between_webinars_themes_and_case_studies(site):
    webinar = BeautifulSoup(site.html("webinars/webinar-06/"), "html.parser")
    assert webinar.find("a", href="../../case-studies/charter/")
    assert webinar.find("a", href="../../themes/children-food/")
    case = BeautifulSoup(site.html("case-studies/charter/"), "html.parser")
    linked = {a["href"] for a in case.find("h2", id="kb-webinars").find_next("ul").find_all("a")}
    assert "../../webinars/webinar-06/" in linked and "../../webinars/webinar-00/" in linked
    theme = BeautifulSoup(site.html("themes/good-work/"), "html.parser")
    theme_links = {a["href"] for a in theme.find("h2", id="webinars").find_next("ul")("a")}
    assert theme_links == {f"../../webinars/webinar-{i:02d}/" for i in range(0, 30, 4)}


def test_calendar_holds_only_upcoming_webinars_with_a_day(site):
    calendar = icalendar.Calendar.from_ical((site.site / "webinars.ics").read_bytes())
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    dates = expected()
    assert set(events) == {s for s, d in dates.items() if upcoming(d) and d.day is not None}
    first = events[min(events)]
    assert first.decoded("dtstart").tzinfo is not None
    assert first.decoded("dtend") - first.decoded("dtstart") == dt.timedelta(minutes=90)
    assert calendar.walk("VTIMEZONE"), "timed events carry their time zone definition"


def test_feed_lists_every_webinar_with_absolute_urls(site):
    feed = feedparser.parse((site.site / "feed-webinars.xml").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == 30
    assert all(e.link.startswith("https://") for e in feed.entries)
    head = BeautifulSoup(site.html("webinars/"), "html.parser")
    types = {link["type"] for link in head.find_all("link", rel="alternate")}
    assert {"application/atom+xml", "text/calendar"} <= types


def test_build_date_decides_upcoming(tmp_path):
    tiny = make_site(tmp_path / "p")
    tiny.write_webinar("soon", webinar_text("Soon", "2026-12-01", start="10:00",
                                            timezone="Europe/London"))
    def status() -> list[str]:
        page = BeautifulSoup(tiny.html("webinars/soon/"), "html.parser")
        return [dd.get_text() for dt_ in page.select(".kb-meta dt") if dt_.get_text() ==
                "Status" for dd in [dt_.find_next("dd")]]

    tiny.build(env={"CASEBOOK_BUILD_DATE": "2026-11-01"})
    assert status() == ["Upcoming"]
    assert len(icalendar.Calendar.from_ical((tiny.site / "webinars.ics").read_bytes())
               .walk("VEVENT")) == 1
    tiny.build(env={"CASEBOOK_BUILD_DATE": "2026-12-02"})
    assert status() == []
    assert icalendar.Calendar.from_ical((tiny.site / "webinars.ics").read_bytes()) \
        .walk("VEVENT") == []


# ------------------------------------------------------------------- validation (unit)

def check(vocabulary, text, slug="talk"):
    checker = FrontMatterChecker(schema.webinar_schema(vocabulary), vocabulary, "webinar")
    return check_source(f"webinars/{slug}.md", text.encode(), slug, checker, "webinar")[:2]


def test_valid_webinar(vocabulary):
    webinar, problems = check(vocabulary, webinar_text("Talk", "2022-07"))
    assert problems == [] and webinar.date.month_only


@pytest.mark.parametrize("fields,field,message", [
    ({"date": "2022-13"}, "date", "not a real date"),
    ({"date": "July 2022"}, "date", "YYYY-MM-DD, or YYYY-MM"),
    ({"themes": ["good-wrok"]}, "themes[1]", "did you mean 'good-work'?"),
    ({"start": "14:00"}, "timezone", "needs a time zone"),
    ({"start": "14:00", "timezone": "Mars/Olympus"}, "timezone", "not a known time zone"),
    ({"resources": [{"title": "Video", "url": "https://example.org/v", "kind": "recording"}]},
     "resources", "needs a captions or transcript resource"),
    ({"resources": [{"title": "X", "url": "javascript:alert(1)", "kind": "page"}]},
     "resources[1].url", "'javascript:' addresses are not allowed"),
    ({"speakers": [{"role": "Chair"}]}, "speakers[1].name", "is missing"),
])
def test_webinar_problems(vocabulary, fields, field, message):
    fields = {"date": "2022-07-01", **fields}
    date = fields.pop("date")
    _, problems = check(vocabulary, webinar_text("Talk", date, **fields))
    assert any(p.field == field and message in p.message for p in problems), problems


def test_recording_with_a_note_that_no_captions_exist_is_accepted(vocabulary):
    resources = [{"title": "Video", "url": "https://example.org/v", "kind": "recording"}]
    webinar, problems = check(vocabulary, webinar_text(
        "Talk", "2022-07-01", resources=resources,
        accessibility_note="No captions or transcript were published."))
    assert problems == [] and webinar is not None


def test_unknown_case_study_slug_fails_the_build_with_did_you_mean(tmp_path):
    tiny = make_site(tmp_path / "p")
    tiny.write_case("charter", case_text())
    tiny.write_webinar("talk", webinar_text("Talk", "2022-07", case_studies=["chartre"]))
    result = tiny.build(check=False)
    assert result.returncode != 0
    assert "webinars/talk.md:" in result.stderr
    assert "case_studies[1]: unknown case study 'chartre'; did you mean 'charter'?" in \
        result.stderr
