"""Browser tests: the built site in a real Chromium, as a reader uses it.

Each test records console errors and failed requests on every page it opens and asserts
there were none. Expected values come from the source files (casestudies/*.md,
vocabularies/*.yml), read here with PyYAML, not from the casebook package.
"""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import QuietHandler, assert_clean, case_studies, heading, serve, vocabulary

from conftest import ROOT

pytestmark = pytest.mark.browser

CASES = case_studies(ROOT)
AUTHORITIES = vocabulary(ROOT, "authorities")
THEMES = vocabulary(ROOT, "themes")

WAIT_FOR_HEADING = """
    (text) => {
      const h = document.querySelector("article h1");
      if (!h) return false;
      const own = Array.from(h.childNodes)
        .filter((n) => !(n.classList && n.classList.contains("headerlink")))
        .map((n) => n.textContent).join("").trim();
      return own === text;
    }
"""


def arrive(page, server, path: str, title: str) -> None:
    """Wait until the page shows ``path`` with the heading ``title``.

    With instant navigation, Material swaps the content in after the URL changes, so both
    are waited for.
    """
    page.wait_for_url(server.to(path))
    page.wait_for_function(WAIT_FOR_HEADING, arg=title)
    assert heading(page) == title


def test_home_to_theme_to_case_study_to_authority_and_back(page, problems, site_server):
    theme = THEMES["good-work"]
    slug, case = next((slug, case) for slug, case in CASES.items()
                      if "good-work" in case["themes"])
    authority = AUTHORITIES[case["authorities"][0]]

    page.goto(site_server.to("/"))
    page.wait_for_selector("article h1")
    home_title = heading(page)

    page.locator('article a[href$="/themes/good-work/"]').first.click()
    arrive(page, site_server, "themes/good-work/", theme["name"])

    page.locator(f'article a[href$="case-studies/{slug}/"]').first.click()
    arrive(page, site_server, f"case-studies/{slug}/", case["title"])

    page.locator(f'.kb-meta a[href$="authorities/{authority["id"]}/"]').first.click()
    arrive(page, site_server, f"authorities/{authority['id']}/", authority["name"])
    # The authority page lists the case study we came from.
    assert page.locator(f'article a[href$="case-studies/{slug}/"]').count() >= 1

    page.go_back()
    arrive(page, site_server, f"case-studies/{slug}/", case["title"])
    page.go_back()
    arrive(page, site_server, "themes/good-work/", theme["name"])
    page.go_back()
    arrive(page, site_server, "/", home_title)
    assert_clean(problems)


def test_links_open_without_a_full_page_load(page, problems, site_server):
    """Instant navigation: a click swaps the content in; the document (and scripts) stay."""
    page.goto(site_server.to("/"))
    page.wait_for_selector("article h1")
    page.evaluate("window.kbSameDocument = true")
    page.locator('article a[href$="/themes/good-work/"]').first.click()
    arrive(page, site_server, "themes/good-work/", THEMES["good-work"]["name"])
    assert page.evaluate("window.kbSameDocument === true"), "the click reloaded the page"
    page.go_back()
    page.wait_for_url(site_server.to("/"))
    assert page.evaluate("window.kbSameDocument === true"), "going back reloaded the page"
    assert_clean(problems)


def search_results(page, words: str) -> list[str]:
    """Search from the header; the result pages' addresses, without query or anchor."""
    page.wait_for_load_state("load")  # search.js listens for "/" once loaded
    page.keyboard.press("/")
    page.wait_for_function("() => document.querySelector('dialog.pf-modal')?.open")
    page.keyboard.type(words)
    page.wait_for_selector("dialog.pf-modal .pf-result a")
    return page.locator("dialog.pf-modal .pf-result a").evaluate_all(
        "links => links.map((a) => { const u = new URL(a.href); return u.origin + u.pathname; })")


def test_search_finds_a_case_study_by_authority_name(page, problems, site_server):
    wmca = {site_server.to(f"case-studies/{slug}/") for slug, case in CASES.items()
            if "wmca" in case["authorities"]}
    assert wmca, "the test needs at least one West Midlands case study"
    page.goto(site_server.to("/"))
    hrefs = search_results(page, "West Midlands")
    assert wmca & set(hrefs), f"no West Midlands case study among the results: {hrefs}"
    assert_clean(problems)


def test_search_finds_text_and_marks_it_on_the_page_it_opens(page, problems, site_server):
    slug, case = next((s, c) for s, c in sorted(CASES.items()) if "ulez" in s)
    page.goto(site_server.to(f"case-studies/{slug}/"))
    hrefs = search_results(page, "scrappage")
    assert site_server.to(f"case-studies/{slug}/") in hrefs
    assert page.locator("dialog.pf-modal .pf-result-excerpt, dialog.pf-modal .pf-result "
                        "mark").count() > 0  # results show excerpts with the word marked
    first = page.locator("dialog.pf-modal .pf-result a").first
    first.click()  # Material's instant navigation opens it
    page.wait_for_function("() => location.search.includes('highlight=scrappage')")
    page.wait_for_selector("article mark.kb-highlight")
    assert page.evaluate("document.querySelector('dialog.pf-modal')?.open") is False
    assert "scrappage" in page.locator("article mark.kb-highlight").first.inner_text().lower()
    assert_clean(problems)


def test_search_control_opens_the_dialog_and_escape_closes_it(page, problems, site_server):
    page.goto(site_server.to("themes/"))
    page.locator(".kb-search a.md-header__button").click()  # loads the search, then opens
    page.wait_for_function("() => document.querySelector('dialog.pf-modal')?.open")
    page.wait_for_function(  # the dialog moves focus into its box as it opens
        "() => document.activeElement.matches('dialog.pf-modal input')")
    assert "explore" not in page.url  # with JavaScript, the control does not navigate
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('dialog.pf-modal').open")
    page.wait_for_function(  # focus returns to the control that opened the dialog
        "() => document.activeElement.matches('.kb-search__trigger button')")
    # Instant navigation keeps the header: "/" opens the search on the next page too.
    page.locator(".md-tabs__link", has_text="Case studies").click()
    page.wait_for_function("() => location.pathname.endsWith('/case-studies/')")
    page.keyboard.press("/")
    page.wait_for_function("() => document.querySelector('dialog.pf-modal').open")
    assert_clean(problems)


@pytest.mark.parametrize("context_options", [{"java_script_enabled": False}], ids=["no-js"])
def test_without_javascript_the_search_control_leads_to_the_explorer(page, site_server):
    page.goto(site_server.to("case-studies/"))
    link = page.locator(".kb-search a.md-header__button")
    assert link.is_visible()
    link.click()
    page.wait_for_url(site_server.to("explore/"))
    assert page.locator("#kb-all li").count() == len(CASES)


STATUS_COUNT = re.compile(r"^(\d+) case (?:study matches|studies match)")


def explorer_status(page) -> str:
    return page.locator("#kb-status").inner_text().strip()


def wait_for_status(page, *fragments: str) -> str:
    page.wait_for_function(
        """(fragments) => {
             const text = document.querySelector("#kb-status").textContent;
             return /match/.test(text) && fragments.every((f) => text.includes(f));
           }""", arg=list(fragments))
    return explorer_status(page)


def shown_results(page) -> list[str]:
    """Paths of the case studies the explorer shows: text-search results when there are
    any, otherwise the items of the page's own list that the filters leave visible."""
    return page.evaluate("""() => {
        const results = document.querySelector("#kb-results");
        const links = results && !results.hidden
          ? results.querySelectorAll("a")
          : document.querySelectorAll("#kb-all li:not([hidden]) strong a");
        return Array.from(links, (a) => new URL(a.href).pathname);
    }""")


class SlowResults(QuietHandler):
    """Sends each search result's details half a second late, as a slow connection would."""

    def do_GET(self) -> None:  # noqa: N802
        if "/pagefind/fragment/" in self.path:
            time.sleep(0.5)  # in the server's thread: the test itself waits on events
        super().do_GET()


def test_explorer_shows_only_the_latest_results(page, problems, real_site):
    """A filter chosen while a text search is loading: the list shows what the status
    counts, not the superseded search's results."""
    with serve(real_site, SlowResults) as slow:
        page.goto(slow.to("explore/"))
        page.wait_for_selector("#kb-explorer[data-ready]")
        page.wait_for_function(
            "() => /^Showing all/.test(document.querySelector('#kb-status').textContent)")
        # A filter is chosen while a text search is still fetching its results.
        with page.expect_request(lambda request: "/fragment/" in request.url):
            page.locator("#kb-q").fill("work")
        page.locator("#kb-authority-wmca").check()
        status = wait_for_status(page, "text “work”", "Authority: ")
        page.wait_for_load_state("networkidle")
        count = int(STATUS_COUNT.match(status).group(1))
        assert len(shown_results(page)) == count, status
    assert_clean(problems)


FIELDS = {"theme": "themes", "authority": "authorities", "lever": "levers"}


def matches(case: dict, filters: dict[str, list[str]]) -> bool:
    """AND across facets, OR within one, as the explorer describes itself."""
    for key, values in filters.items():
        have = [case["status"]] if key == "status" else case[FIELDS[key]]
        if not set(values) & set(have):
            return False
    return True


def readable_text(slug: str) -> str:
    """What a reader sees of a case study's own text: no link targets or field names."""
    case = CASES[slug]
    body = (ROOT / "casestudies" / f"{slug}.md").read_text("utf-8").split("---\n", 2)[2]
    body = re.sub(r"\]\([^)]*\)", "]", body)
    sources = [f"{s.get('title', '')} {s.get('publisher', '')}" for s in case.get("sources", [])]
    return " ".join([case["title"], case["summary"], body, *sources])


def test_explorer_filters_text_url_state_and_reload(page, problems, site_server):
    theme, authority, word = "good-work", "wmca", "mental"
    chosen = {slug for slug, case in CASES.items()
              if matches(case, {"theme": [theme], "authority": [authority]})}
    assert chosen, "the test needs a West Midlands case study about good work"

    page.goto(site_server.to("explore/"))
    page.wait_for_selector("#kb-explorer[data-ready]")
    page.wait_for_function(
        "() => /^Showing all/.test(document.querySelector('#kb-status').textContent)")
    assert explorer_status(page).startswith(f"Showing all {len(CASES)} case studies")

    # Two facets: AND across them. Each change is let finish, as a reader sees it do; see
    # test_explorer_shows_only_the_latest_results for changes made in quick succession.
    page.locator(f"#kb-theme-{theme}").check()
    wait_for_status(page, "Theme: ")
    page.locator(f"#kb-authority-{authority}").check()
    status = wait_for_status(page, "Theme: ", "Authority: ")
    assert int(STATUS_COUNT.match(status).group(1)) == len(chosen), status
    assert {p.split("/")[-2] for p in shown_results(page)} == chosen
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"theme": [theme], "authority": [authority]}

    # Text narrows within the facets. Pagefind also indexes the prompts and related case
    # studies shown on each page, so the front matter gives bounds: every chosen case study
    # that mentions the word in its own text is found, and nothing outside the facets is.
    page.locator("#kb-q").fill(word)
    status = wait_for_status(page, f"text “{word}”")
    count = int(STATUS_COUNT.match(status).group(1))
    found = {p.split("/")[-2] for p in shown_results(page)}
    mentioning = {slug for slug in chosen
                  if re.search(rf"\b{word}", readable_text(slug), re.IGNORECASE)}
    assert count == len(found)
    assert mentioning <= found <= chosen, (mentioning, found, chosen)
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"text": [word], "theme": [theme], "authority": [authority]}

    # The URL alone brings back the same view.
    url = page.url
    page.reload()
    page.wait_for_selector("#kb-explorer[data-ready]")
    assert wait_for_status(page, f"text “{word}”") == status
    assert page.url == url
    assert page.locator("#kb-q").input_value() == word
    assert not page.locator("#__search").is_checked(), "the site search opened as well"
    assert page.locator(f"#kb-theme-{theme}").is_checked()
    assert page.locator(f"#kb-authority-{authority}").is_checked()
    assert page.locator("#kb-explorer input[type=checkbox]:checked").count() == 2
    assert {p.split("/")[-2] for p in shown_results(page)} == found
    assert_clean(problems)


@pytest.mark.parametrize("filters", [
    {"authority": ["gmca"]},
    {"theme": ["good-work"], "authority": ["gmca"]},
    {"status": ["completed"], "lever": ["procurement", "employment-charters"]},
    {"authority": ["gla", "wmca"], "theme": ["data-intelligence"]},
], ids=lambda filters: "&".join(f"{k}={','.join(v)}" for k, v in filters.items()))
def test_explorer_counts_match_the_front_matter(page, problems, site_server, filters):
    """A view opened from its URL gives the count computed from casestudies/*.md."""
    expected = sum(matches(case, filters) for case in CASES.values())
    query = "&".join(f"{key}={value}" for key, values in filters.items() for value in values)
    page.goto(site_server.to(f"explore/?{query}"))
    status = wait_for_status(page)
    assert int(STATUS_COUNT.match(status).group(1)) == expected, status
    if expected <= 20:  # the first page of results
        assert len(shown_results(page)) == expected
    assert_clean(problems)


def test_webinar_archive_lists_learning_and_next_steps(page, problems, site_server):
    page.goto(site_server.to("webinars/"))
    link = page.locator("article").get_by_role("link", name="Learning and next steps",
                                                 exact=True)
    assert link.count() == 1
    # The date is given with the entry: in the list item or table row that holds the link, or
    # just after the heading that is the link.
    entry = link.evaluate("""a => {
        const row = a.closest("li, tr");
        if (row) return row.textContent;
        const h = a.closest("h2, h3, h4, h5, h6");
        return h.textContent + " " + (h.nextElementSibling || {}).textContent;
      }""")
    assert "July 2022" in entry
    link.click()
    arrive(page, site_server, "webinars/learning-and-next-steps/", "Learning and next steps")
    assert "July 2022" in page.locator("article").inner_text()
    assert_clean(problems)


@pytest.mark.parametrize("context_options", [{"viewport": {"width": 375, "height": 812},
                                              "is_mobile": True, "has_touch": True}],
                         ids=["375px"])
def test_mobile_navigation_drawer(page, problems, site_server):
    page.goto(site_server.to("/"))
    nav = page.locator(".md-sidebar--primary .md-nav--primary")
    menu = page.locator('label.md-header__button[for="__drawer"]')
    assert menu.is_visible()
    assert not page.locator(".md-tabs").is_visible()  # tabs give way to the drawer
    menu.click()
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    link = nav.locator("> .md-nav__list > .md-nav__item > a.md-nav__link",
                       has_text="Case studies").first
    link.wait_for(state="visible")
    box = link.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375
    for name in ("Home", "Themes", "Authorities", "Levers", "Webinars", "Explore"):
        assert nav.get_by_text(name, exact=True).first.is_visible(), name
    link.click()
    arrive(page, site_server, "case-studies/", "Case studies")
    # The drawer closes once the reader has chosen a page.
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_clean(problems)


def test_case_study_prints_as_a_document(page, problems, site_server):
    slug, case = next((slug, case) for slug, case in CASES.items()
                      if any(s["url"].startswith("http") for s in case.get("sources", [])))
    page.goto(site_server.to(f"case-studies/{slug}/"))
    page.wait_for_selector("article h1")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => {
        const out = {};
        for (const selector of [".md-header", ".md-sidebar", ".md-footer", ".kb-search"]) {
          const nodes = Array.from(document.querySelectorAll(selector));
          out[selector] = nodes.length > 0 && nodes.every((n) => {
            const style = getComputedStyle(n);
            return style.display === "none" || style.visibility === "hidden"
              || n.getClientRects().length === 0;
          });
        }
        return out;
      }""")
    assert hidden == dict.fromkeys(hidden, True), f"shown in print: {hidden}"
    assert page.locator("article h1").is_visible()
    after = page.locator('article a[href^="http"]').first.evaluate(
        "a => [a.getAttribute('href'), getComputedStyle(a, '::after').content]")
    href, content = after
    assert href in content, f"print shows no URL after the link: {content!r}"
    page.emulate_media(media="screen")
    assert page.locator(".md-header").is_visible()
    assert_clean(problems)


def test_workshop_pack_prints_one_theme_per_page(page, problems, site_server):
    """Each theme starts a new sheet, with its prompts and room for notes."""
    themes = list(THEMES.values())
    page.goto(site_server.to("workshop/"))
    page.wait_for_selector("article h1")
    page.emulate_media(media="print")
    sections = page.evaluate("""() => Array.from(
        document.querySelectorAll(".kb-workshop-section"), (section) => ({
          title: section.querySelector("h2").textContent.replace("¶", "").trim(),
          breakBefore: getComputedStyle(section).breakBefore,
          notes: section.querySelectorAll(".kb-notes").length,
          notesHeight: section.querySelector(".kb-notes").getBoundingClientRect().height,
        }))""")
    assert [s["title"] for s in sections] == [t["name"] for t in themes]
    assert {s["breakBefore"] for s in sections} == {"page"}
    assert all(s["notes"] >= 3 and s["notesHeight"] > 100 for s in sections), sections
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= len(themes) + 1, f"{pages} printed pages for {len(themes)} themes"
    assert_clean(problems)


LAYOUT_SHIFT = """
    () => new Promise((done) => {
      let total = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
      }).observe({ type: "layout-shift", buffered: true });
      setTimeout(() => done(total), 1000);
    })
"""


@pytest.mark.parametrize("context_options", [{"viewport": {"width": 375, "height": 667}}])
def test_explorer_on_a_phone_shows_the_count_and_first_result_first(page, site_server,
                                                                     problems):
    page.goto(site_server.to("explore/"))
    page.wait_for_function(
        "() => /^Showing all/.test(document.querySelector('#kb-status').textContent)")
    filters = page.locator("#kb-filters")
    assert filters.evaluate("(d) => d.open") is False  # folded away on a narrow screen
    assert not page.locator("#kb-filters fieldset").first.is_visible()
    for selector in ("#kb-status", "#kb-all li >> nth=0 >> a"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 667, selector
    assert page.evaluate(LAYOUT_SHIFT) < 0.1
    page.locator("#kb-filters > summary").click()
    assert page.locator("#kb-filters fieldset").first.is_visible()
    page.locator("#kb-filters input[name=theme]").first.check()
    page.wait_for_function(
        "() => /match/.test(document.querySelector('#kb-status').textContent)")
    assert page.locator("#kb-filters > summary").inner_text() == "Filters (1 chosen)"
    assert_clean(problems)


def test_explorer_on_a_wide_screen_shows_its_filters_without_shifting(page, site_server,
                                                                       problems):
    page.goto(site_server.to("explore/"))
    page.wait_for_selector("#kb-explorer[data-ready]")
    assert page.locator("#kb-filters fieldset").first.is_visible()
    assert not page.locator("#kb-filters > summary").is_visible()
    assert page.evaluate(LAYOUT_SHIFT) < 0.1
    assert_clean(problems)


def test_a_year_of_the_timeline_opens_the_explorer_filtered_to_it(page, site_server, problems):
    page.goto(site_server.to("case-studies/"))
    year = page.locator("figure.kb-figure--timeline svg a[aria-label^='2020:']")
    count = int(year.get_attribute("aria-label").split(": ")[1].split()[0])
    year.click()
    page.wait_for_function(
        "() => /match/.test(document.querySelector('#kb-status')?.textContent || '')")
    assert urlsplit(page.url).path.endswith("/explore/")
    assert parse_qs(urlsplit(page.url).query) == {"from": ["2020"], "to": ["2020"]}
    assert explorer_status(page).startswith(f"{count} case studies match")
    assert page.locator("#kb-all li:not([hidden])").count() == count
    assert_clean(problems)


def test_an_evidence_count_opens_the_explorer_filtered_to_it(page, site_server, problems):
    page.goto(site_server.to("authorities/gmca/"))
    number = page.locator("table.kb-tally a[href*='evidence=outcome-figures']")
    count = int(number.inner_text().split()[0])
    number.click()
    page.wait_for_function(
        "() => /match/.test(document.querySelector('#kb-status')?.textContent || '')")
    assert parse_qs(urlsplit(page.url).query) == {"authority": ["gmca"],
                                                   "evidence": ["outcome-figures"]}
    assert explorer_status(page).startswith(f"{count} case stud")
    assert page.locator("#kb-evidence-outcome-figures").is_checked()
    assert page.locator("#kb-all li:not([hidden])").count() == count
    assert_clean(problems)
