"""JSON Schemas for front matter and vocabulary files, built from the vocabularies.

These schemas are the single definition of the public contract: the validator checks files
against them (adding only the checks JSON Schema cannot express), ``/data/*.schema.json``
publishes them, and editors use them for completion. Custom ``x-hint`` keywords carry the
"how to fix it" text that :mod:`casebook.validate` puts into its messages.
"""

from __future__ import annotations

from typing import Any

from casebook.facet_options import FACET_OPTIONS, SLUG_PATTERN
from casebook.model import STATUSES, Facet, Vocabulary

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
HTTPS_PATTERN = r"^https://[^\s/.?#\x24][^\s]*$"  # \x24 is "$", spelt so every engine parses it
SOURCE_DATE_PATTERN = r"^(?:[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?|n\.d\.)$"
TITLE_MAX = 120
SUMMARY_MAX = 300
YEAR_MIN, YEAR_MAX = 1900, 2100

# Fields every case study must have besides its required facets (and ``prompts``, where the
# knowledge base has a framework of prompts).
CASE_STUDY_REQUIRED = ("title", "summary", "status", "period", "sources", "published")
# Front-matter keys of case studies and webinars, the exports' other columns (slug, url) and
# folders of the site: no facet may take one of these ids.
RESERVED_IDS = frozenset((
    "slug", "url", "title", "summary", "status", "period", "sources", "published", "updated",
    "reviewed",
    "contributors", "webinars", "prompts", "stages", "date", "start", "timezone", "duration",
    "series", "speakers", "case_studies", "resources", "accessibility_note", "case-studies",
    "explore", "data", "assets", "pagefind", "search", "index", "contribute", "workshop",
))


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


def source_schema(evaluation: bool = True) -> dict[str, Any]:
    """A citation: title, https URL, publisher and date (or ``n.d.`` when undated, with a
    ``note`` saying so and what the source is); with ``evaluation``, the optional flag that
    marks a source evaluating the work (which some terms require)."""
    schema: dict[str, Any] = {
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
    if evaluation:
        schema["properties"]["evaluation"] = {
            "type": "boolean",
            "description": "The source is an evaluation of the work (by default not).",
            "x-hint": "write `evaluation: true` for an evaluation of the work, or leave it out",
        }
    return schema


def _facet_ids(vocabulary: Vocabulary, facet: Facet, required: bool) -> dict[str, Any]:
    ids = facet.ids()
    example = f"{facet.id}: [{ids[0] if ids else 'an-id'}]"
    schema = _ids(facet.id, ids, 1 if required else 0, example)
    schema["title"] = facet.name
    if facet.single:
        schema["maxItems"] = 1
        schema["x-hint"] = f"write a list of one id, e.g. `{example}`"
    return schema


def _facet_properties(vocabulary: Vocabulary, required: bool) -> dict[str, Any]:
    """One list of ids per declared facet, in the facets' order."""
    return {facet.id: _facet_ids(vocabulary, facet, required and facet.required)
            for facet in vocabulary.facets}


def case_study_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    """The JSON Schema of case-study front matter, with each declared facet's ids as enums."""
    required = ["title", "summary"] + [f.id for f in vocabulary.facets if f.required]
    if vocabulary.prompts:
        required.append("prompts")
    required += [key for key in CASE_STUDY_REQUIRED if key not in required]
    prompts = ({"prompts": _ids("prompts", vocabulary.ids("prompts"), 0, "prompts: []")}
               if vocabulary.prompts else {})
    return {
        "$schema": DRAFT,
        "$id": "case-study.schema.json",
        "title": "Case study front matter",
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": {
            "title": _text(TITLE_MAX, "write a short plain-text title"),
            "summary": _text(SUMMARY_MAX, "write one or two plain sentences"),
            **_facet_properties(vocabulary, required=True),
            **prompts,
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
            **_facet_properties(vocabulary, required=False),
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
    """The JSON Schema of the files in vocabularies/ (for editors and for the loader).

    A file declares a facet (``kind`` and a ``facet`` block) or, for a framework of guiding
    prompts, its ``stages`` or its ``prompts`` (which name the facet they belong to).
    """
    fact = {
        "type": "object",
        "required": ["value", "source"],
        "additionalProperties": False,
        "properties": {
            "value": {"oneOf": [_text(), {"type": "array", "items": _text(), "minItems": 1}]},
            "as_of": {"type": "string", "pattern": DATE_PATTERN, "format": "date",
                      "x-hint": "write the date the fact was last confirmed, as YYYY-MM-DD"},
            "source": {**source_schema(evaluation=False),
                       "required": ["title", "url", "publisher"]},
        },
    }
    slug = {"type": "string", "pattern": SLUG_PATTERN,
            "x-hint": "use lowercase letters, digits and hyphens"}
    flag = {"type": "boolean", "x-hint": "write true or false"}
    facet = {
        "type": "object",
        "required": [option.name for option in FACET_OPTIONS if option.required],
        "additionalProperties": False,
        "properties": {
            **{option.name: option.schema() for option in FACET_OPTIONS},
            "profile": {"type": "object", "additionalProperties": _text(60),
                        "propertyNames": {"pattern": r"^[a-z][a-z0-9_]*$"},
                        "description": "The facts a term's profile may give, in order: "
                                       "`key: Label`.",
                        "x-hint": "write `key: Label` lines, e.g. `established: Established`"},
            "map": {
                "type": "object",
                "required": ["caption"],
                "additionalProperties": False,
                "properties": {"caption": _text(200), "note": _text(600)},
                "x-hint": "give the schematic map a `caption` and, if it helps, a `note`",
            },
        },
        "x-hint": "declare the facet with at least `name` and `singular`",
    }
    return {
        "$schema": DRAFT,
        "$id": "vocabulary.schema.json",
        "title": "Vocabulary file",
        "type": "object",
        "required": ["kind", "terms"],
        "additionalProperties": False,
        "properties": {
            "kind": {**slug, "description": "The facet's id: the front-matter key and the URL "
                                            "folder; or `stages` or `prompts`."},
            "facet": facet,
            "belongs_to": {**slug, "description": "For prompts: the facet whose terms they "
                                                  "belong to."},
            "intro": _text(600, "say in a sentence or two what the prompts are for"),
            "note": _text(600, "say where the framework comes from"),
            "terms": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["id", "name", "description"],
                    "additionalProperties": False,
                    "properties": {
                        "id": slug,
                        "name": _text(),
                        "short_name": _text(),
                        "description": _text(),
                        "term": {**slug, "description": "For prompts: the term it belongs to."},
                        "stage": {**slug, "description": "For prompts: its stage."},
                        "requires_evaluation_source": {
                            **flag, "description": "A case study naming this term must list a "
                                                   "source marked `evaluation: true`."},
                        "map": {
                            "type": "object",
                            "required": ["column", "row"],
                            "additionalProperties": False,
                            "properties": {
                                "column": {"type": "integer", "minimum": 0, "maximum": 40},
                                "row": {"type": "integer", "minimum": 0, "maximum": 40},
                            },
                            "x-hint": "give the term's tile on the schematic map as "
                                      "`map: {column: 3, row: 5}`",
                        },
                        "profile": {
                            "type": "object",
                            "additionalProperties": fact,
                            "description": "Sourced facts, with keys the facet declares.",
                        },
                    },
                },
            },
        },
    }

