"""HTML fragments, every value escaped.

Larger fragments (lists of case studies, the explorer, the matrix) come from Jinja templates
with autoescaping on, through :func:`render`. The small pieces repeated on every case-study
page (breadcrumbs, metadata panel, the sections after the body) are built here, passing
every value through ``markupsafe.escape`` (the escaping Jinja uses) at a fraction of the
cost of a template render; a large site renders thousands of them. Functions whose
parameters are documented as HTML take already-escaped text; all others escape.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import escape

_ENV = Environment(
    loader=PackageLoader("casebook", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)

Link = tuple[str, str]  # (text, href); an empty href means plain text


def render(template: str, **context: Any) -> str:
    """Render ``templates/<template>`` with ``context``; the result is safe HTML."""
    return _ENV.get_template(template).render(**context)


def link(text: str, href: str) -> str:
    """A link, or the escaped text alone when ``href`` is empty."""
    return f'<a href="{escape(href)}">{escape(text)}</a>' if href else str(escape(text))


def links(items: Iterable[Link]) -> str:
    return ", ".join(link(text, href) for text, href in items)


def breadcrumbs(trail: Iterable[Link]) -> str:
    """A breadcrumb trail ending at the current page's parent."""
    return ('<nav class="kb-breadcrumbs" aria-label="Breadcrumb"><p>'
            + " › ".join(link(text, href) for text, href in trail) + "</p></nav>\n")


def facts(rows: Iterable[tuple[str, list[Link]]]) -> str:
    """A metadata panel: a definition list of labels and their (linked) values."""
    items = "".join(f"<dt>{escape(label)}</dt>\n<dd>{links(values)}</dd>\n"
                    for label, values in rows if values)
    return f'<div class="kb-meta">\n<dl>\n{items}</dl>\n</div>\n'


def heading(level: int, anchor: str, title: str) -> str:
    """A heading with a permanent link, as the Markdown ``toc`` extension writes them."""
    anchor = escape(anchor)
    return (f'<h{level:d} id="{anchor}">{escape(title)}<a class="headerlink" '
            f'href="#{anchor}" title="Link to this section">&para;</a></h{level:d}>\n')


def item_list(ordered: bool, items: Iterable[str], searched: bool = True) -> str:
    """A ``ol`` (``ordered``) or ``ul`` list of items that are already HTML; with
    ``searched`` false, the search index leaves it out (it repeats other pages)."""
    tag = "ol" if ordered else "ul"
    ignore = "" if searched else " data-pagefind-ignore"
    return (f"<{tag}{ignore}>\n" + "".join(f"<li>{item}</li>\n" for item in items)
            + f"</{tag}>\n")


def span(attribute: str, key: str, value: str) -> str:
    """``<span data-x="key">value</span>``: hidden data for a script, e.g. Pagefind."""
    return f'<span {attribute}="{escape(key)}">{escape(value)}</span>\n'


def errors_page(errors: Iterable[str]) -> str:
    """The page ``mkdocs serve`` shows instead of the site while the files have errors: a
    Markdown file (front matter and HTML) listing each ``path:line: field: message``,
    escaped, since a message quotes what a contributor typed."""
    errors = list(errors)
    items = "".join(f"<li><code>{escape(error)}</code></li>\n" for error in errors)
    return ("---\ntitle: Errors to fix\nrender_macros: false\nkb_errors_page: true\n"
            "search:\n  exclude: true\n---\n\n# Errors to fix\n\n"
            f"<p>The last build found {len(errors)} error(s). Fix each one in the file and "
            "line it names: the site comes back as soon as the files are right.</p>\n\n"
            f'<ul class="kb-build-errors">\n{items}</ul>\n')
