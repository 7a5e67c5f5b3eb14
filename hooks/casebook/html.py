"""HTML fragments rendered from Jinja templates with autoescaping on.

Used where Markdown cannot express the markup (form controls, a data table with styled
cells). Every value is escaped by Jinja; nothing here is built with string formatting.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

_ENV = Environment(
    loader=PackageLoader("casebook", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render(template: str, **context: Any) -> str:
    """Render ``templates/<template>`` with ``context``; the result is safe HTML."""
    return _ENV.get_template(template).render(**context)
