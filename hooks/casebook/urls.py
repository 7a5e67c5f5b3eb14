"""Every page address of the site, in one place.

A page is named by its *source URI* (``themes/health.md``), as MkDocs names files. The site
uses MkDocs' directory URLs: ``a/b.md`` is served at ``a/b/`` and ``a/index.md`` at ``a/``.
Generated Markdown links to source URIs (MkDocs checks them and writes the right URL);
HTML fragments and exports use :func:`href` and :func:`absolute`, computed here and checked
by the site's link crawl. Nothing else in the package spells a path.
"""

from __future__ import annotations

from urllib.parse import urlencode, urljoin

HOME = "index.md"
CASES_INDEX = "case-studies/index.md"
PROMPTS = "prompts/index.md"
CONTRIBUTE = "contribute.md"
EXPLORE = "explore.md"
WORKSHOP = "workshop.md"
WEBINARS = "webinars/index.md"
DATA = "data.md"  # the open-data page (authored)

# Files the build writes besides pages (site-relative paths).
CASES_FEED = "feed.xml"
WEBINAR_FEED = "feed-webinars.xml"
CALENDAR = "webinars.ics"


def case_uri(slug: str) -> str:
    return f"case-studies/{slug}.md"


def webinar_uri(slug: str) -> str:
    return f"webinars/{slug}.md"


def term_uri(kind: str, term_id: str) -> str:
    """A term's page; a prompt's place on the prompts page."""
    if kind == "prompts":
        return f"{PROMPTS}#{term_id}"
    return f"{kind}/{term_id}.md"


def term_index_uri(kind: str) -> str:
    """The index page of a kind of term (``themes/index.md``)."""
    return f"{kind}/index.md"


def term_feed(facet_key: str, term_id: str) -> str:
    """A term's Atom feed, named by the facet's key (its explorer parameter)."""
    return f"feed-{facet_key}-{term_id}.xml"


def alternates(uri: str) -> list[tuple[str, str, str]]:
    """The feeds a page announces in its head, as (title, media type, site-relative path):
    the case-study feed on the home page and the case-study index, the webinar feed and
    calendar on webinar pages. (Material's instant navigation fetches the whole sitemap once
    for every alternate link on a page, so the pages a reader opens most, case studies,
    announce none; every feed is also linked from a page's text.)"""
    if uri in (HOME, CASES_INDEX):
        return [("New and updated case studies", "application/atom+xml", CASES_FEED)]
    if uri.startswith("webinars/"):
        return [("Webinars", "application/atom+xml", WEBINAR_FEED),
                ("Upcoming webinars", "text/calendar", CALENDAR)]
    return []


def page_url(uri: str) -> str:
    """``themes/health.md#x`` -> ``themes/health/#x``; ``index.md`` -> ``""`` (site root)."""
    path, _, anchor = uri.partition("#")
    stem = path[:-3] if path.endswith(".md") else path
    if stem == "index":
        url = ""
    elif stem.endswith("/index"):
        url = stem[: -len("index")]
    else:
        url = f"{stem}/"
    return url + (f"#{anchor}" if anchor else "")


def output_path(uri: str) -> str:
    """The file MkDocs writes for the page at ``uri`` (``themes/health/index.html``)."""
    return page_url(uri) + "index.html"


def root_prefix(uri: str) -> str:
    """``../`` steps from the page built from ``uri`` to the site root."""
    return "../" * page_url(uri.partition("#")[0]).count("/")


def href(from_uri: str, to: str) -> str:
    """A relative link from the page built from ``from_uri`` to ``to``: a page's source URI
    or a site-relative file (``feed.xml``)."""
    target = page_url(to) if to.partition("#")[0].endswith(".md") else to
    return root_prefix(from_uri) + target or "./"


# The explorer's own names, besides one per facet (the facet's `param`, or its id). A facet's
# parameter shares their namespaces, so it must be none of them:
# - URL parameters, read and written by explorer.js: the text (`text`) and years (`from`,
#   `to`, as pages.py's timeline links them);
# - form fields and the state explorer.js keeps beside the facets': `q`, `from`, `to`; the
#   items of its list keep their element (`li`) and active years (`years`, from `data-years`);
# - filter groups and search-index filters written by explore.py: `status` (a group and a
#   filter like a facet's), `year` (the years' group and filter), `kind` (the filter that marks
#   case-study pages).
EXPLORER_NAMES = frozenset(("text", "q", "from", "to", "li", "years", "status", "year", "kind"))


def explore_href(from_uri: str, **filters: str) -> str:
    """A link to the explorer with filters applied, e.g. ``../explore/?theme=a``."""
    return f"{href(from_uri, EXPLORE)}?{urlencode(sorted(filters.items()))}"


def absolute(site_url: str, to: str) -> str:
    """The published address of a page's source URI or a site-relative file."""
    target = page_url(to) if to.partition("#")[0].endswith(".md") else to
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", target)
