"""The HTML policy for pages built from contributors' files (case studies, webinars).

Their Markdown is rendered by MkDocs like any page; what comes out is cleaned by nh3 to
an allow-list of tags, attributes and URL schemes, so that nothing a contributor types can
run a script, load a frame or restyle the site. Raw HTML in their Markdown is shown as
text before rendering (:func:`casebook.markdown.inert_html`); this is the second wall.
"""

from __future__ import annotations

from typing import Any

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "aria-label", "aria-hidden", "role"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "details": {"open"},
}
URL_SCHEMES = {"https", "http", "mailto"}
# Built once: a Cleaner keeps its settings, where nh3.clean() converts them on every call.
_CLEANER = nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                       url_schemes=URL_SCHEMES, link_rel=None,
                       # Kept for the slot markers, which are put in place right after;
                       # a contributor's comments never get this far (inert_html shows them
                       # as text).
                       strip_comments=False)
_TEXT_ONLY = nh3.Cleaner(tags=set(), attributes={})


def sanitise(html: str) -> str:
    """``html`` reduced to the allow-list above."""
    return _CLEANER.clean(html)


def sanitise_toc(item: Any) -> None:
    """Reduce a table-of-contents entry's title (and its children's) to text, in place:
    the theme prints the titles unescaped."""
    title = item.title
    if "<" in title or ">" in title or "&" in title or "\0" in title:
        item.title = _TEXT_ONLY.clean(title)  # any other text would come back unchanged
    for child in item.children:
        sanitise_toc(child)
