"""HTML fragments, every value escaped.

Larger fragments (lists of case studies, the explorer, the matrix) come from Jinja templates
with autoescaping on, through :func:`render`. The small pieces repeated on every case-study
page (breadcrumbs, metadata panel, the sections after the body) are built with
``markupsafe.Markup.format``, which escapes each value the same way and costs a fraction of
a template render; a large site renders thousands of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

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


_A = Markup('<a href="{}">{}</a>')
_COMMA = Markup(", ")


def link(text: str, href: str) -> Markup:
    """A link, or the escaped text alone when ``href`` is empty."""
    return _A.format(href, text) if href else Markup.escape(text)


def links(items: Iterable[Link]) -> Markup:
    return _COMMA.join(link(text, href) for text, href in items)


def breadcrumbs(trail: Iterable[Link]) -> str:
    """A breadcrumb trail ending at the current page's parent."""
    return str(Markup('<nav class="kb-breadcrumbs" aria-label="Breadcrumb"><p>{}</p></nav>\n')
               .format(Markup(" › ").join(link(text, href) for text, href in trail)))


def facts(rows: Iterable[tuple[str, list[Link]]]) -> str:
    """A metadata panel: a definition list of labels and their (linked) values."""
    items = Markup("").join(Markup("<dt>{}</dt>\n<dd>{}</dd>\n").format(label, links(values))
                            for label, values in rows if values)
    return str(Markup('<div class="kb-meta">\n<dl>\n{}</dl>\n</div>\n').format(items))


def heading(level: int, anchor: str, title: str) -> Markup:
    """A heading with a permanent link, as the Markdown ``toc`` extension writes them."""
    return Markup('<h{0} id="{1}">{2}<a class="headerlink" href="#{1}" '
                  'title="Link to this section">&para;</a></h{0}>\n').format(level, anchor, title)


_LISTS = {"ul": Markup("<ul>\n{}</ul>\n"), "ol": Markup("<ol>\n{}</ol>\n")}


def item_list(tag: str, items: Iterable[Markup]) -> Markup:
    """A ``ul`` or ``ol`` list of already-safe items."""
    return _LISTS[tag].format(Markup("").join(Markup("<li>{}</li>\n").format(item)
                                                for item in items))
