"""Accessibility tests: axe-core (WCAG 2.0 to 2.2, A and AA) on one page of every kind, in
the light and the dark palette, and direct checks of what axe cannot see for itself: the
skip link, a visible focus indicator, the page language and text alternatives.

The theme's own failings are fixed in the generator's assets/accessibility.css and theme/.
"""

from __future__ import annotations

import json

import pytest
from browser_support import assert_clean, axe_violations, case_studies, describe_violations

from conftest import ROOT

pytestmark = pytest.mark.browser

CASE_STUDY = next(iter(case_studies(ROOT)))

# One page of every kind the site has.
PAGES = {
    "home": "",
    "case-study": f"case-studies/{CASE_STUDY}/",
    "case-study-index": "case-studies/",
    "theme-index": "themes/",
    "authority-index": "authorities/",
    "lever-index": "levers/",
    "theme": "themes/good-work/",
    "authority": "authorities/gla/",
    "lever": "levers/procurement/",
    "prompts": "prompts/",
    "workshop": "workshop/",
    "webinar-index": "webinars/",
    "webinar": "webinars/learning-and-next-steps/",
    "explore-filtered": "explore/?theme=good-work&authority=gmca",
    "data": "data/",
    "accessibility": "accessibility/",
}
PALETTES = {"light": "default", "dark": "slate"}
palettes = pytest.mark.parametrize(
    "context_options, scheme",
    [({"color_scheme": name}, scheme) for name, scheme in PALETTES.items()],
    ids=list(PALETTES))


def open_page(page, site_server, path: str) -> None:
    """Open ``path`` and wait for what its scripts add."""
    page.goto(site_server.to(path))
    page.wait_for_selector("article h1")
    if path.startswith("explore/"):
        page.wait_for_function(
            "() => /match/.test(document.querySelector('#kb-status').textContent)")


def assert_no_violations(axe, page) -> None:
    violations = axe_violations(axe, page)
    assert not violations, f"on {page.url}:\n{describe_violations(violations)}"


@palettes
@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_axe_finds_no_violations(page, problems, site_server, axe, path, scheme):
    open_page(page, site_server, path)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    assert_no_violations(axe, page)
    assert_clean(problems)


@palettes
def test_axe_finds_no_violations_in_open_search(page, problems, site_server, axe, scheme):
    open_page(page, site_server, "")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    open_search(page, "West Midlands")
    dialog = page.locator("dialog.pf-modal")
    assert dialog.get_attribute("aria-label")  # the dialog has an accessible name
    assert_no_violations(axe, page)
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('dialog.pf-modal')?.open")
    assert_clean(problems)


def open_search(page, words: str) -> None:
    """Open the header search with its keyboard shortcut and search for ``words``."""
    page.wait_for_load_state("load")  # search.js listens for "/" once loaded
    page.keyboard.press("/")
    page.wait_for_function("() => document.querySelector('dialog.pf-modal')?.open")
    page.keyboard.type(words)
    page.wait_for_selector("dialog.pf-modal .pf-result a")


def test_palette_switch_is_remembered_and_passes_axe(page, problems, site_server, axe):
    open_page(page, site_server, "")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    page.locator('label.md-header__button[for="__palette_1"]').click()
    page.wait_for_function(
        "() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    stored = json.loads(page.evaluate("localStorage.getItem('/.__palette')"))
    assert stored["index"] == 1
    page.reload()
    page.wait_for_selector("article h1")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert_no_violations(axe, page)
    assert_clean(problems)


@pytest.mark.parametrize("context_options", [{"viewport": {"width": 375, "height": 812},
                                              "is_mobile": True, "has_touch": True}],
                         ids=["375px"])
@pytest.mark.parametrize("path", ["", "data/", f"case-studies/{CASE_STUDY}/"],
                         ids=["home", "data", "case-study"])
def test_narrow_screen_scroll_regions_can_be_reached(page, problems, site_server, axe, path):
    """On a phone, wide tables scroll sideways; each scroller can be focused and is named."""
    open_page(page, site_server, path)
    page.wait_for_function("""() => Array.from(document.querySelectorAll(
        ".md-typeset__scrollwrap, .md-typeset pre > code")).every((n) =>
          n.scrollWidth <= n.clientWidth + 1 || n.closest("[tabindex]"))""")
    unnamed = page.evaluate("""() => Array.from(document.querySelectorAll("[tabindex='0']"))
        .filter((n) => n.matches("[role=region]") && !n.getAttribute("aria-label")
                       && !n.getAttribute("aria-labelledby"))
        .map((n) => n.outerHTML.slice(0, 120))""")
    assert not unnamed
    assert_no_violations(axe, page)
    assert_clean(problems)


def test_skip_link_is_first_and_shows_when_focused(page, problems, site_server):
    open_page(page, site_server, f"case-studies/{CASE_STUDY}/")
    skip = page.locator("a.md-skip")
    assert skip.count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('a.md-skip')")
    page.wait_for_function("""() => {
        const s = getComputedStyle(document.querySelector("a.md-skip"));
        return s.opacity === "1" && s.visibility !== "hidden";
      }""")
    box = skip.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0 and box["y"] >= 0
    assert skip.inner_text().strip()
    target = skip.get_attribute("href").split("#", 1)[1]
    assert page.locator(f'[id="{target}"]').count() == 1
    assert_clean(problems)


FOCUS_INDICATOR = """() => {
    let e = document.activeElement;
    // A visually hidden radio (the palette switch) shows its focus on the label after it.
    if (e.offsetWidth === 0 && e.nextElementSibling?.matches("label")) {
      e = e.nextElementSibling;
    }
    const s = getComputedStyle(e);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
    return {what: `${e.tagName.toLowerCase()}.${e.className} ${e.getAttribute("href") || ""}`,
            shown: outline || s.boxShadow !== "none", inArticle: !!e.closest("article")};
  }"""


@palettes
def test_keyboard_focus_is_always_visible(page, problems, site_server, scheme):
    """Tab from the top of a case study into its text: every stop shows where focus is."""
    open_page(page, site_server, f"case-studies/{CASE_STUDY}/")
    seen, links_in_article = [], 0
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_INDICATOR)
        seen.append(state)
        links_in_article += state["inArticle"] and state["what"].startswith("a.")
        if links_in_article >= 3:
            break
    assert links_in_article >= 3, "Tab never reached the links in the article"
    hidden = [state["what"] for state in seen if not state["shown"]]
    assert not hidden, f"no visible focus indicator on: {hidden}"
    assert_clean(problems)


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_language_and_text_alternatives(page, problems, site_server, path):
    open_page(page, site_server, path)
    assert page.evaluate("document.documentElement.lang") == "en"
    # The theme's icons are marked decorative once the page's scripts have run.
    page.wait_for_function(
        "() => !document.querySelector('.md-header .md-icon > svg:not([aria-hidden])')")
    missing_alt = page.evaluate("""() => Array.from(document.images)
        .filter((img) => !img.hasAttribute("alt")).map((img) => img.outerHTML)""")
    assert not missing_alt
    # An icon inside a button that has its own name (the search dialog's close button) is
    # that button's decoration.
    unnamed_svg = page.evaluate("""() => Array.from(document.querySelectorAll("svg"))
        .filter((svg) => svg.getAttribute("aria-hidden") !== "true"
                         && !svg.closest("[aria-hidden='true']")
                         && !svg.closest("button[aria-label]"))
        .filter((svg) => !svg.querySelector(":scope > title")
                         && !svg.getAttribute("aria-label") && !svg.getAttribute("aria-labelledby"))
        .map((svg) => svg.parentElement.outerHTML.slice(0, 160))""")
    assert not unnamed_svg, f"SVGs without a text alternative: {unnamed_svg}"
    assert_clean(problems)


def test_explorer_matrix_has_a_caption(page, problems, site_server):
    open_page(page, site_server, "explore/?theme=good-work&authority=gmca")
    tables = page.locator("article .kb-matrix table")
    assert tables.count() >= 1
    for index in range(tables.count()):
        caption = tables.nth(index).locator("caption")
        assert caption.count() == 1 and caption.inner_text().strip()
        labelled = tables.nth(index).evaluate(
            "t => t.closest('[role=region]')?.getAttribute('aria-labelledby')")
        assert labelled == caption.get_attribute("id")
    assert_clean(problems)
