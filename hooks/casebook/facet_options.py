"""The options of a facet declaration (the ``facet`` block of a vocabulary file), in one table.

Each :class:`FacetOption` says an option's name, type, default and meaning once. The table
yields the defaults of :class:`~casebook.model.Facet`'s fields (the model refuses to load if a
field and the table disagree), the loader's reading of a ``facet`` block and the ``facet``
part of the vocabulary JSON Schema. Two keys of the block are not in the table because they
are structured and become several fields: ``profile`` (the facts a term's profile may give)
and ``map`` (a schematic map's caption and note).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# schema.org properties of an Article that a facet's terms may fill (as names).
SCHEMA_PROPERTIES = ("about", "spatialCoverage", "keywords")

# What an option's value is: its JSON Schema, and whether the loader joins its whitespace.
_TYPES: dict[str, dict[str, Any]] = {
    "label": {"type": "string", "minLength": 1, "pattern": r"\S", "maxLength": 60},
    "text": {"type": "string", "minLength": 1, "pattern": r"\S", "maxLength": 600},
    "flag": {"type": "boolean"},
    "order": {"type": "integer", "minimum": 0, "maximum": 1000},
    "param": {"type": "string", "pattern": SLUG_PATTERN},
    "facet": {"type": "string", "pattern": SLUG_PATTERN},  # another declared facet's id
    "schema_property": {"type": "string", "enum": list(SCHEMA_PROPERTIES)},
}
_HINTS = {
    "flag": "write true or false",
    "order": "write a whole number, e.g. `order: 40`",
    "param": "use lowercase letters, digits and hyphens",
    "facet": "name another facet by its id (its file's name), e.g. `themes`",
    "schema_property": "use one of: " + ", ".join(SCHEMA_PROPERTIES),
}
_JOINED = ("label", "text")  # YAML folded text: runs of whitespace become one space


@dataclass(frozen=True)
class FacetOption:
    """One key of a ``facet`` block and the :class:`~casebook.model.Facet` field it fills.

    ``default`` is None for an option every declaration must give.
    """

    name: str
    type: str  # a key of _TYPES
    default: Any
    doc: str
    hint: str = ""  # how to write it, where the type's general hint is not enough

    @property
    def required(self) -> bool:
        return self.default is None

    def schema(self) -> dict[str, Any]:
        """The option's JSON Schema, with its meaning and how to write it."""
        hint = self.hint or _HINTS.get(self.type, "")
        return {**_TYPES[self.type], "description": self.doc,
                # An empty text means "not set": no default a value could be checked against.
                **({"default": self.default} if self.default not in (None, "") else {}),
                **({"x-hint": hint} if hint else {})}

    def read(self, declared: Mapping[str, Any]) -> Any:
        """The option's value in a ``facet`` block that has passed the schema."""
        value = declared.get(self.name, self.default)
        return " ".join(value.split()) if self.type in _JOINED else value


FACET_OPTIONS: tuple[FacetOption, ...] = (
    FacetOption("name", "label", None,
                "Plural label: navigation, headings, filters, export columns.",
                "write the facet's plural label, e.g. `name: Sectors`"),
    FacetOption("singular", "label", None, "The label of one term.",
                "write the label of one term, e.g. `singular: Sector`"),
    FacetOption("required", "flag", False, "Every case study names at least one term."),
    FacetOption("single", "flag", False,
                "A case study names at most one term (exactly one when required)."),
    FacetOption("order", "order", 0, "Where the facet appears among the facets (ascending)."),
    FacetOption("description", "text", "",
                "The introduction on the facet's index page and the home page's card.",
                "write a sentence introducing the facet's index page"),
    FacetOption("param", "param", "",
                "The explorer's URL parameter and search filter (default: the kind)."),
    FacetOption("in_lists", "flag", False, "Lists of case studies name each one's terms."),
    FacetOption("related", "flag", True,
                "Case studies sharing these terms are related (default true)."),
    FacetOption("feed", "flag", False, "Each term has an Atom feed of its case studies."),
    FacetOption("tab", "flag", False, "The case-study index has a tab by these terms."),
    FacetOption("group_by", "facet", "",
                "A term's page lists its case studies under this other facet's terms."),
    FacetOption("count_by", "facet", "",
                "A term's page counts its case studies by this other facet's terms."),
    FacetOption("tally_by", "facet", "",
                "A term's page shows how many of its case studies have each of this other "
                "facet's terms, each number opening the explorer filtered to both terms."),
    FacetOption("matrix", "facet", "",
                "The explorer's matrix crosses this facet's terms (rows) with this other "
                "facet's (columns). One facet at most declares it."),
    FacetOption("schema_property", "schema_property", "",
                "The schema.org Article property its terms fill."),
)

OPTIONS_BY_NAME = {option.name: option for option in FACET_OPTIONS}
