"""Escaping and linking helpers for generated Markdown.

Every value that comes from a data file passes through :func:`text` (or :func:`url`) before it
is placed into Markdown, so a title such as ``<script>`` or ``[x](javascript:...)`` or
``{{ x }}`` comes out as literal text.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote

# Python-Markdown's backslash escapes with the extensions this site enables (tables adds |).
# Escaping any other character would leave a visible backslash; `<` and `&` are made
# entities instead. Newlines are collapsed, so line-start syntax such as `: ` cannot occur.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")
_HTML_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def text(value: object) -> str:
    """Inline-safe Markdown for plain text: HTML and Markdown syntax are escaped.

    Newlines collapse to spaces so a value can never start a new block.
    """
    plain = " ".join(str(value).split()).translate(_HTML_TABLE)
    return _MD_SPECIAL.sub(r"\\\1", plain)


def attr(value: object) -> str:
    """Text safe inside a double-quoted HTML attribute."""
    return " ".join(str(value).split()).translate(_HTML_TABLE)


def url(value: str) -> str:
    """A URL safe inside Markdown link parentheses (already validated as https)."""
    return quote(value.strip(), safe=":/?#[]@!$&'*+,;=%~-._")  # parentheses and spaces encoded


def rel(from_uri: str, to_uri: str) -> str:
    """Relative link from one source file (``a/b.md``) to another (``c/d.md#x``).

    Links point at ``.md`` sources so MkDocs checks them and picks the right URL style.
    """
    target, _, anchor = to_uri.partition("#")
    path = posixpath.relpath(target, posixpath.dirname(from_uri) or ".")
    return path + (f"#{anchor}" if anchor else "")


def link(label: object, from_uri: str, to_uri: str) -> str:
    return f"[{text(label)}]({rel(from_uri, to_uri)})"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def join_words(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_TAG_START = re.compile(r"<(?=[A-Za-z!/?])(?!https?://|mailto:)")


def inert_html(body: str) -> str:
    """Contributor Markdown with raw HTML shown as text rather than interpreted.

    Case studies are written in Markdown; a stray or hostile tag (an unclosed ``<div>``, a
    ``<script>``) must neither run nor swallow the sections generated after the body. Tags
    become ``&lt;…`` outside code blocks and code spans; autolinks such as
    ``<https://…>`` are kept. A body without ``<`` is returned as it is.
    """
    if "<" not in body:
        return body
    out, fence = [], None
    for line in body.split("\n"):
        marker = _FENCE.match(line)
        if fence is None and marker:
            fence = marker.group(1)[0]
        elif fence is not None and marker and marker.group(1)[0] == fence:
            fence = None
        elif fence is None:
            pieces, last = [], 0
            for span in _CODE_SPAN.finditer(line):
                pieces.append(_TAG_START.sub("&lt;", line[last:span.start()]))
                pieces.append(span.group(0))
                last = span.end()
            pieces.append(_TAG_START.sub("&lt;", line[last:]))
            line = "".join(pieces)
        out.append(line)
    return "\n".join(out)
