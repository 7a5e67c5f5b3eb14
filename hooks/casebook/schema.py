"""JSON Schemas for front matter and vocabulary files, built from the vocabularies.

These schemas are the single definition of the public contract: the validator checks files
against them (adding only the checks JSON Schema cannot express), ``/data/*.schema.json``
publishes them, and editors use them for completion. Custom ``x-hint`` keywords carry the
"how to fix it" text that :mod:`casebook.validate` puts into its messages.
"""

from __future__ import annotations

from typing import Any

from casebook.model import STATUSES, Vocabulary

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
HTTPS_PATTERN = r"^https://[^\s/.?#\x24][^\s]*$"  # \x24 is "$", spelt so every engine parses it
SOURCE_DATE_PATTERN = r"^(?:[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?|n\.d\.)$"
TITLE_MAX = 120
SUMMARY_MAX = 300
YEAR_MIN, YEAR_MAX = 1900, 2100

# Fields every case study must have, in the order the template lists them.
CASE_STUDY_REQUIRED = (
    "title", "summary", "authorities", "themes", "levers", "prompts",
    "status", "period", "sources", "published",
)


def _text(max_length: int | None = None, hint: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S"}
    if max_length:
        schema["maxLength"] = max_length
    if hint:
        schema["x-hint"] = hint
    return schema


def _ids(kind: str, ids: tuple[str, ...], min_items: int, example: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "enum": list(ids), "x-vocabulary": kind},
        "minItems": min_items,
        "uniqueItems": True,
        "description": f"Ids from vocabularies/{kind}.yml.",
        "x-hint": f"write a list of ids, e.g. `{example}`",
    }


def _date(hint: str) -> dict[str, Any]:
    return {"type": "string", "pattern": DATE_PATTERN, "format": "date", "x-hint": hint}


def source_schema() -> dict[str, Any]:
    """A citation: title, https URL, publisher and date (or ``n.d.`` when undated, with a
    ``note`` saying so and what the source is)."""
    return {
        "type": "object",
        "required": ["title", "url", "publisher", "date"],
        "additionalProperties": False,
        "properties": {
            "title": _text(hint="give the title of the page or report"),
            "url": {
                "type": "string",
                "pattern": HTTPS_PATTERN,
                "x-hint": "give the full https:// address of the source",
            },
            "publisher": _text(hint="name the organisation that published the source"),
            "date": {
                "type": ["string", "integer"],
                "pattern": SOURCE_DATE_PATTERN,
                "x-hint": "write YYYY, YYYY-MM or YYYY-MM-DD, or n.d. if the source is undated",
            },
            "note": _text(300, "say in a short sentence what the source is, e.g. why it has "
                               "no date (a page updated in place, consulted on a given day)"),
        },
        "x-hint": "each source needs title, url, publisher and date",
    }


def case_study_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    """The JSON Schema of case-study front matter, with vocabulary ids as enums."""
    def first(kind: str) -> str:
        ids = vocabulary.ids(kind)
        return f"{kind}: [{ids[0]}]" if ids else f"{kind}: [an-id]"

    return {
        "$schema": DRAFT,
        "$id": "case-study.schema.json",
        "title": "Case study front matter",
        "type": "object",
        "required": list(CASE_STUDY_REQUIRED),
        "additionalProperties": False,
        "properties": {
            "title": _text(TITLE_MAX, "write a short plain-text title"),
            "summary": _text(SUMMARY_MAX, "write one or two plain sentences"),
            "authorities": _ids("authorities", vocabulary.ids("authorities"), 1,
                                first("authorities")),
            "themes": _ids("themes", vocabulary.ids("themes"), 1, first("themes")),
            "levers": _ids("levers", vocabulary.ids("levers"), 1, first("levers")),
            "prompts": _ids("prompts", vocabulary.ids("prompts"), 0, "prompts: []"),
            "status": {
                "type": "string",
                "enum": list(STATUSES),
                "x-hint": "use one of: " + ", ".join(STATUSES),
            },
            "period": {
                "type": "object",
                "required": ["start"],
                "additionalProperties": False,
                "properties": {
                    "start": {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX,
                              "x-hint": "write the year it started, e.g. `start: 2019`"},
                    "end": {"type": ["integer", "null"], "minimum": YEAR_MIN,
                            "maximum": YEAR_MAX,
                            "x-hint": "write the year it ended, or leave `end` out"},
                },
                "x-hint": "write `period:` with `start: YYYY` and, if it ended, `end: YYYY`",
            },
            "sources": {
                "type": "array",
                "minItems": 1,
                "items": source_schema(),
                "x-hint": "list at least one source with title, url, publisher and date",
            },
            "published": _date("write the date as YYYY-MM-DD"),
            "updated": _date("write the date as YYYY-MM-DD, or leave `updated` out"),
            "reviewed": _date("write the date the facts were last checked against their "
                              "sources, as YYYY-MM-DD"),
            "contributors": {
                "type": "array",
                "items": _text(hint="write each contributor's name"),
                "x-hint": "write a list of names, e.g. `contributors: [Ada Lovelace]`",
            },
            "webinars": {
                "type": "array",
                "items": {"type": "string", "pattern": SLUG_PATTERN},
                "uniqueItems": True,
                "x-hint": "write a list of webinar slugs (file names in webinars/)",
            },
        },
    }


def webinar_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    """The JSON Schema of webinar front matter."""
    return {
        "$schema": DRAFT,
        "$id": "webinar.schema.json",
        "title": "Webinar front matter",
        "type": "object",
        "required": ["title", "date", "series", "summary", "resources"],
        "additionalProperties": False,
        "properties": {
            "title": _text(TITLE_MAX, "write the webinar's title"),
            "date": {
                "type": "string",
                "pattern": r"^[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?$",
                "x-hint": "write YYYY-MM-DD, or YYYY-MM when only the month is known",
            },
            "start": {"type": "string", "pattern": r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$",
                      "x-hint": "write the start time as HH:MM (24-hour clock)"},
            "timezone": _text(hint="write an IANA time zone such as Europe/London"),
            "duration": {"type": "integer", "minimum": 5, "maximum": 600,
                         "x-hint": "write the length in minutes"},
            "series": _text(hint="name the series the webinar belongs to"),
            "summary": _text(SUMMARY_MAX, "write one or two plain sentences"),
            "speakers": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name"],
                    "additionalProperties": False,
                    "properties": {
                        "name": _text(hint="write the speaker's name"),
                        "role": _text(hint="write the speaker's role"),
                        "organisation": _text(hint="write the speaker's organisation"),
                    },
                    "x-hint": "each speaker needs a name; role and organisation are optional",
                },
                "x-hint": "list speakers, each with name, role and organisation",
            },
            "themes": _ids("themes", vocabulary.ids("themes"), 0, "themes: []"),
            "case_studies": {
                "type": "array",
                "items": {"type": "string", "pattern": SLUG_PATTERN},
                "uniqueItems": True,
                "x-hint": "write a list of case-study slugs (file names in casestudies/)",
            },
            "resources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["title", "url", "kind"],
                    "additionalProperties": False,
                    "properties": {
                        "title": _text(hint="write what the resource is"),
                        "url": {"type": "string", "pattern": HTTPS_PATTERN,
                                "x-hint": "give the full https:// address"},
                        "kind": {"type": "string", "enum": list(RESOURCE_KINDS),
                                 "x-hint": "use one of: " + ", ".join(RESOURCE_KINDS)},
                        "format": _text(hint="write the format, e.g. PDF or MP4"),
                        "size": _text(hint="write the size, e.g. 2.1 MB or 58 minutes"),
                    },
                    "x-hint": "each resource needs title, url and kind",
                },
                "x-hint": "list the slides, recordings and other resources (may be empty: [])",
            },
            "sources": {
                "type": "array",
                "items": source_schema(),
                "x-hint": "list the sources of what the page says, each with title, url, "
                          "publisher and date",
            },
            "accessibility_note": _text(
                hint="say what is known about captions or transcripts for the recording"),
        },
    }


RESOURCE_KINDS = ("slides", "recording", "captions", "transcript", "report", "page")


def vocabulary_schema() -> dict[str, Any]:
    """The JSON Schema of the files in vocabularies/ (for editors and for the loader)."""
    fact = {
        "type": "object",
        "required": ["value", "source"],
        "additionalProperties": False,
        "properties": {
            "value": {"oneOf": [_text(), {"type": "array", "items": _text(), "minItems": 1}]},
            "as_of": {"type": "string", "pattern": DATE_PATTERN, "format": "date",
                      "x-hint": "write the date the fact was last confirmed, as YYYY-MM-DD"},
            "source": {**source_schema(), "required": ["title", "url", "publisher"]},
        },
    }
    return {
        "$schema": DRAFT,
        "$id": "vocabulary.schema.json",
        "title": "Vocabulary file",
        "type": "object",
        "required": ["kind", "terms"],
        "additionalProperties": False,
        "properties": {
            "kind": {"type": "string", "enum": list(Vocabulary.KINDS)},
            "terms": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["id", "name", "description"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "string", "pattern": SLUG_PATTERN,
                               "x-hint": "use lowercase letters, digits and hyphens"},
                        "name": _text(),
                        "short_name": _text(),
                        "description": _text(),
                        "theme": {"type": "string", "pattern": SLUG_PATTERN},
                        "stage": {"type": "string", "pattern": SLUG_PATTERN},
                        "profile": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {key: fact for key in PROFILE_FACTS},
                        },
                    },
                },
            },
        },
    }


# Authority profile facts, in display order, with their labels.
PROFILE_FACTS = {
    "kind": "Kind of body",
    "established": "Established",
    "mayor_title": "Mayor's title",
    "first_mayor": "First mayor elected",
    "current_mayor": "Mayor",
    "powers": "Devolved powers",
    "status": "Status",
}
