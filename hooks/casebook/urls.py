"""Page addresses: from a source URI (``themes/health.md``) to the URL the site serves.

The site uses MkDocs' directory URLs: ``a/b.md`` is served at ``a/b/`` and ``a/index.md`` at
``a/``. HTML fragments are inserted after MkDocs has resolved links, so their links are
computed here, relative to the page they appear on, and checked by the site's link crawl.
"""

from __future__ import annotations


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


def root_prefix(uri: str) -> str:
    """``../`` steps from the page built from ``uri`` to the site root."""
    return "../" * page_url(uri.partition("#")[0]).count("/")


def href(from_uri: str, to_uri: str) -> str:
    """A relative link from the page built from ``from_uri`` to the one built from ``to_uri``."""
    return root_prefix(from_uri) + page_url(to_uri) or "./"
