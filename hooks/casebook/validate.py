"""Every check on contributors' files; each problem is (path, line, field, message).

The JSON Schemas in :mod:`casebook.schema` do the structural checks; this module turns
``jsonschema`` errors into messages that say how to fix the file, and adds what a schema
cannot say: real calendar dates, ``period.end`` not before ``start``, unsafe URL schemes,
empty or oversized bodies and, across files, duplicate slugs and dangling references.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from casebook import schema as schemas
from casebook.model import (
    CaseStudy,
    Period,
    Problem,
    Resource,
    SourceRef,
    Speaker,
    Vocabulary,
    Webinar,
    WebinarDate,
)
from casebook.parse import Parsed

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

BODY_MAX_CHARS = 100_000
SLUG_RE = re.compile(schemas.SLUG_PATTERN)
_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|data|vbscript|file)\s*:", re.IGNORECASE)
_TYPE_NAMES = {"string": "text", "integer": "a whole number", "array": "a list",
               "object": "a set of fields", "null": "nothing", "number": "a number",
               "boolean": "true or false"}


def did_you_mean(value: Any, choices: Iterable[str], names: dict[str, str] | None = None) -> str:
    """A " did you mean 'x'?" suffix for the closest choice, or "" when nothing is close."""
    text = str(value)
    folded = text.casefold().strip()
    for term_id, name in (names or {}).items():
        if folded in (name.casefold(), term_id.casefold()):
            return f" did you mean '{term_id}'?"
    choices = list(choices)
    close = difflib.get_close_matches(folded, choices, n=1, cutoff=0.6)
    return f" did you mean '{close[0]}'?" if close else ""


def field_name(path: Iterable[Any]) -> str:
    """``('sources', 2, 'url')`` -> ``sources[2].url`` (0-based list indexes shown 1-based)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "-"


class SchemaCheck:
    """Data checked against one JSON Schema (draft 2020-12) by jsonschema, with its format
    checks (a ``date`` must be a real date): the one engine that decides whether data is
    valid and, when it is not, says where and why. One engine, so that no data passes a check
    that another reading of the same schema would fail."""

    def __init__(self, schema: dict[str, Any]) -> None:
        from jsonschema import Draft202012Validator

        self.schema = schema
        self._validator = Draft202012Validator(
            schema, format_checker=Draft202012Validator.FORMAT_CHECKER)

    def errors(self, data: Any) -> list[ValidationError]:
        """Every error in ``data``; empty when it is valid."""
        return list(self._validator.iter_errors(data))


class FrontMatterChecker:
    """Checks one kind of front matter against its schema; reusable across many files."""

    def __init__(self, schema: dict[str, Any], vocabulary: Vocabulary, kind: str) -> None:
        self.schema = schema
        self.vocabulary = vocabulary
        self.kind = kind
        self._check = SchemaCheck(schema)

    def problems(self, parsed: Parsed) -> list[Problem]:
        data = parsed.data
        if not isinstance(data, dict):
            found = _TYPE_NAMES.get(_json_type(data), "something else")
            return [Problem(parsed.path, parsed.line(()), "-",
                            f"the front matter must be a set of `field: value` lines, not "
                            f"{found}")]
        return explained(parsed, self._check.errors(data), self.vocabulary)


def explained(parsed: Parsed, errors: Iterable[ValidationError],
              vocabulary: Vocabulary) -> list[Problem]:
    """Schema errors as problems that say where and how to fix them, once each.

    An unknown field is an error like any other: a misspelt field would otherwise be dropped
    and the site built without what it says.
    """
    found: dict[tuple[int, str, str], Problem] = {}
    for error in errors:
        for problem in _explain(parsed, error, vocabulary):
            # `required` repeats per property
            found.setdefault((problem.line, problem.field, problem.message), problem)
    return list(found.values())


def _explain(parsed: Parsed, error: ValidationError,
             vocabulary: Vocabulary) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    where = parsed.line(path)
    hint = error.schema.get("x-hint", "") if isinstance(error.schema, dict) else ""
    name = field_name(path)
    kind = error.validator
    if kind == "required":
        for missing in error.validator_value:
            if isinstance(error.instance, dict) and missing not in error.instance:
                sub = error.schema.get("properties", {}).get(missing, {})
                fix = sub.get("x-hint") or hint
                yield Problem(parsed.path, where, field_name(path + (missing,)),
                              f"is missing: {fix}" if fix else "is missing")
    elif kind == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(known), key=str)
        for key in extra:
            yield Problem(parsed.path, parsed.line(path + (key,)),
                          field_name(path + (key,)),
                          f"unknown field;{did_you_mean(key, known) or ''} "
                          f"known fields are: {', '.join(known)}")
    elif kind == "enum":
        vocab = error.schema.get("x-vocabulary")
        if vocab:
            names = {t.id: t.name for t in vocabulary.terms(vocab)}
            names.update({t.id: t.short_name for t in vocabulary.terms(vocab)
                          if t.short_name})
            facet = vocabulary.facet(vocab)
            what = facet.singular.lower() if facet else vocab.rstrip("s")
            yield Problem(parsed.path, where, name,
                          f"unknown {what} id '{error.instance}';"
                          f"{did_you_mean(error.instance, names, names)} "
                          f"(ids are listed in vocabularies/{vocab}.yml)")
        else:
            yield Problem(parsed.path, where, name,
                          f"'{error.instance}' is not allowed;"
                          f"{did_you_mean(error.instance, error.validator_value)} {hint}")
    elif kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in expected if t != "null")
        got = _TYPE_NAMES.get(_json_type(error.instance), "something else")
        yield Problem(parsed.path, where, name,
                      f"must be {wanted}, not {got}" + (f": {hint}" if hint else ""))
    elif kind in ("minLength", "pattern") and error.schema.get("minLength") and \
            isinstance(error.instance, str) and not error.instance.strip():
        yield Problem(parsed.path, where, name, f"is empty: {hint or 'fill it in'}")
    elif kind == "maxLength":
        yield Problem(parsed.path, where, name,
                      f"is {len(error.instance)} characters long; the limit is "
                      f"{error.validator_value}: shorten it")
    elif kind == "maxItems" and error.validator_value == 1:  # a facet declared `single`
        yield Problem(parsed.path, where, name,
                      f"lists {len(error.instance)} ids, but only one is allowed: keep one, "
                      f"e.g. `{name}: [{error.instance[0]}]`")
    elif kind == "minItems":
        yield Problem(parsed.path, where, name,
                      "is empty: " + (hint or f"add at least {error.validator_value}"))
    elif kind == "uniqueItems":
        seen: set[str] = set()
        dupes = sorted({str(v) for v in error.instance if str(v) in seen or seen.add(str(v))})
        yield Problem(parsed.path, where, name,
                      f"lists {', '.join(repr(d) for d in dupes)} more than once: "
                      "remove the repeats")
    elif kind == "format":
        # A value the pattern refuses is reported by the pattern's error already.
        pattern = error.schema.get("pattern")
        if not (pattern and isinstance(error.instance, str)
                and not re.search(pattern, error.instance)):
            yield Problem(parsed.path, where, name,
                          f"'{error.instance}' is not a real {error.validator_value}"
                          + (f": {hint}" if hint else ""))
    elif kind == "pattern" and path and path[-1] == "url":
        yield Problem(parsed.path, where, name, _url_message(error.instance))
    elif kind == "pattern":
        yield Problem(parsed.path, where, name,
                      f"'{error.instance}' is not valid: {hint}" if hint
                      else f"'{error.instance}' is not valid")
    elif kind in ("minimum", "maximum") and error.schema.get("minimum") == schemas.YEAR_MIN:
        yield Problem(parsed.path, where, name,
                      f"{error.instance} is not a plausible year: {hint}")
    elif kind in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        yield Problem(parsed.path, where, name,
                      f"{error.instance} is out of range: write a number from {low} to "
                      f"{high}")
    else:  # a schema keyword without a tailored message: still say where and why
        yield Problem(parsed.path, where, name, error.message)


def _url_message(url: Any) -> str:
    if isinstance(url, str) and _UNSAFE_SCHEME.match(url):
        scheme = url.split(":", 1)[0].strip().lower()
        return (f"'{scheme}:' addresses are not allowed: link to the source's https:// web "
                "page instead")
    if isinstance(url, str) and url.lower().startswith("http://"):
        return "must use https://: change 'http://' to 'https://' (or find the https page)"
    return f"'{url}' is not a web address: give the full https:// address"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def parse_iso_date(value: Any) -> dt.date | None:
    """``YYYY-MM-DD`` text -> date, or None when it is not a real calendar date."""
    try:
        return dt.date.fromisoformat(str(value)) if re.match(schemas.DATE_PATTERN, str(value)) \
            else None
    except ValueError:
        return None


def slug_problems(path: str, slug: str) -> list[Problem]:
    if SLUG_RE.match(slug):
        return []
    suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "my-case-study"
    return [Problem(path, 1, "-",
                    f"the file name '{slug}.md' is not a valid slug: use lowercase letters, "
                    f"digits and hyphens, e.g. '{suggestion}.md'")]


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
# Python-Markdown makes a top-level heading of any line starting with one `#`, space or not.
_TOP_HEADING = re.compile(r"^\s{0,3}#(?!#)")
_ANY_TOP_HEADING = re.compile(_TOP_HEADING.pattern, re.MULTILINE)


def body_problems(parsed: Parsed) -> list[Problem]:
    problems: list[Problem] = []
    if not _ANY_TOP_HEADING.search(parsed.body):  # the usual case: no line to look at
        return problems + _body_size_problems(parsed)
    fenced = False
    for offset, line in enumerate(parsed.body.splitlines()):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _TOP_HEADING.match(line):
            problems.append(Problem(parsed.path, parsed.body_line + offset, "body",
                                    "a line starting with a single `#` makes a top-level "
                                    "heading, but the title is the page's only one: start "
                                    "sections with `## ` (write `\\#` for a hashtag)"))
    return problems + _body_size_problems(parsed)


def _body_size_problems(parsed: Parsed) -> list[Problem]:
    if not parsed.body.strip():
        return [Problem(parsed.path, parsed.body_line, "body",
                        "is empty: write the text below the closing `---`")]
    if len(parsed.body) > BODY_MAX_CHARS:
        return [Problem(parsed.path, parsed.body_line, "body",
                        f"is {len(parsed.body):,} characters long; the limit is "
                        f"{BODY_MAX_CHARS:,}: shorten it or split it into several case studies")]
    return []


def placeholder_problems(parsed: Parsed, body: str | None = None) -> list[Problem]:
    """Warnings for text left over from the case-study template (``casebook new``).

    These are warnings, not errors: a freshly scaffolded file is valid, but a reviewer should
    never see the template's guidance published as if it were the case study.
    """
    from casebook.forms import template_placeholders

    data = parsed.data if isinstance(parsed.data, dict) else {}
    fields, guidance = template_placeholders(body)
    problems = []
    for name, text in fields:
        if name == "summary":
            found = [(("summary",), data.get("summary"))]
        else:
            key = name.split(".", 1)[1]
            sources = data.get("sources") if isinstance(data.get("sources"), list) else []
            found = [(("sources", index, key), source.get(key))
                     for index, source in enumerate(sources) if isinstance(source, dict)]
        for path, value in found:
            if isinstance(value, str) and " ".join(value.split()) == text:
                problems.append(Problem(parsed.path, parsed.line(path), field_name(path),
                                        "still has the template's example text: replace it",
                                        severity="warning"))
    left = [index for index, line in enumerate(parsed.body.splitlines())
            if line.strip() in guidance]
    if left:
        problems.append(Problem(parsed.path, parsed.body_line + left[0], "body",
                                f"{len(left)} line(s) of the template's guidance are still "
                                "there: replace them with your own text", severity="warning"))
    return problems


def _common_problems(parsed: Parsed, slug: str, checker: FrontMatterChecker
                     ) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Checks shared by every kind of file: parsing, slug, schema and body.

    Returns the front matter as a dict (empty when it is not a mapping), or None when the
    file could not be parsed at all, with the problems found so far.
    """
    problems = list(parsed.problems) + slug_problems(parsed.path, slug)
    if parsed.data is None and parsed.problems:
        return None, problems
    problems += checker.problems(parsed)
    problems += body_problems(parsed)
    data = parsed.data if isinstance(parsed.data, dict) else {}
    problems += _source_date_problems(parsed, data)
    return data, problems


def _source_date_problems(parsed: Parsed, data: dict[str, Any]) -> list[Problem]:
    """Sources' dates that have the right shape (the schema checks that) but are not real,
    such as 2026-02-30: a citation must not carry an impossible date."""
    problems = []
    sources = data.get("sources")
    for index, source in enumerate(sources if isinstance(sources, list) else ()):
        value = source.get("date") if isinstance(source, dict) else None
        if value is not None and _partial_date(value) is None \
                and re.match(schemas.SOURCE_DATE_PATTERN, str(value)) and value != "n.d.":
            path = ("sources", index, "date")
            problems.append(Problem(parsed.path, parsed.line(path), field_name(path),
                                    f"'{value}' is not a real date: write YYYY-MM-DD, YYYY-MM "
                                    "or YYYY as the source shows it"))
    return problems


def _partial_date(value: Any) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a real date written YYYY, YYYY-MM or YYYY-MM-DD; else None."""
    match = re.match(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$", str(value))
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day


def check_case_study(parsed: Parsed, slug: str,
                     checker: FrontMatterChecker) -> tuple[CaseStudy | None, list[Problem]]:
    """Validate a parsed case-study file; return the record (when valid) and all problems."""
    data, problems = _common_problems(parsed, slug, checker)
    if data is None:
        return None, problems
    # None when missing or not a real date: the schema has reported it.
    published, updated, reviewed = (parse_iso_date(data.get(key))
                                    for key in ("published", "updated", "reviewed"))
    if published and updated and updated < published:
        problems.append(Problem(parsed.path, parsed.line(("updated",)), "updated",
                                f"{updated} is before published ({published}): fix one of them"))
    _check_period(parsed, data, problems)
    problems += evaluation_problems(parsed, checker.vocabulary, data)
    if any(p.severity == "error" for p in problems):
        return None, problems
    period = data["period"]
    case = CaseStudy(
        slug=slug, path=parsed.path, title=data["title"].strip(),
        summary=" ".join(data["summary"].split()),
        # Ids are interned: thousands of case studies name the same few dozen terms.
        tags=_tags(checker.vocabulary, data), prompts=_ids(data.get("prompts") or ()),
        status=sys.intern(data["status"]),
        period=Period(period["start"], period.get("end")),
        sources=tuple(_source(s) for s in data["sources"]),
        published=published, updated=updated, reviewed=reviewed, body=parsed.body,
        contributors=tuple(c.strip() for c in data.get("contributors") or ()),
        webinars=tuple(data.get("webinars") or ()),
    )
    return case, problems


def evaluation_problems(parsed: Parsed, vocabulary: Vocabulary,
                        data: dict[str, Any]) -> list[Problem]:
    """A term declared ``requires_evaluation_source`` needs a source marked ``evaluation:
    true``. Fields the schema rejects are skipped here (it has reported them)."""
    sources = data.get("sources")
    if isinstance(sources, list) and any(isinstance(source, dict) and
                                         source.get("evaluation") is True for source in sources):
        return []
    problems = []
    for facet in vocabulary.facets:
        named = data.get(facet.id)
        for index, term_id in enumerate(named if isinstance(named, list) else ()):
            term = facet.get(term_id)
            if term is None or not term.requires_evaluation_source:
                continue
            others = [t.id for t in facet.terms if not t.requires_evaluation_source]
            instead = (f", or choose {' or '.join(repr(t) for t in others)} instead"
                       if others else "")
            problems.append(Problem(
                parsed.path, parsed.line((facet.id, index)), field_name((facet.id, index)),
                f"'{term_id}' needs an evaluation among the sources: mark the evaluation's "
                f"entry in `sources` with `evaluation: true`{instead}"))
    return problems


def _ids(values: list[str]) -> tuple[str, ...]:
    return tuple(sys.intern(value) for value in values)


def _tags(vocabulary: Vocabulary, data: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(facet id, term ids) for each declared facet the front matter names, in facet order."""
    return tuple((facet.id, _ids(data[facet.id])) for facet in vocabulary.facets
                 if data.get(facet.id))


def check_webinar(parsed: Parsed, slug: str,
                  checker: FrontMatterChecker) -> tuple[Webinar | None, list[Problem]]:
    """Validate a parsed webinar file; return the record (when valid) and all problems."""
    data, problems = _common_problems(parsed, slug, checker)
    if data is None:
        return None, problems
    when = _webinar_date(parsed, data, problems)
    resources = data.get("resources") if isinstance(data.get("resources"), list) else []
    kinds = {r.get("kind") for r in resources if isinstance(r, dict)}
    if "recording" in kinds and not kinds & {"captions", "transcript"} and \
            not data.get("accessibility_note"):
        problems.append(Problem(parsed.path, parsed.line(("resources",)), "resources",
                                "a recording needs a captions or transcript resource, or an "
                                "`accessibility_note` saying that none exists"))
    if data.get("start") and not data.get("timezone"):
        problems.append(Problem(parsed.path, parsed.line(("start",)), "timezone",
                                "is missing: a start time needs a time zone such as "
                                "Europe/London"))
    if data.get("timezone"):
        _check_timezone(parsed, data["timezone"], problems)
    if any(p.severity == "error" for p in problems) or when is None:
        return None, problems
    webinar = Webinar(
        slug=slug, path=parsed.path, title=data["title"].strip(), date=when,
        summary=" ".join(data["summary"].split()), series=data["series"].strip(),
        body=parsed.body, start=data.get("start", ""), timezone=data.get("timezone", ""),
        duration_minutes=data.get("duration", 60),
        speakers=tuple(Speaker(s["name"], s.get("role", ""), s.get("organisation", ""))
                       for s in data.get("speakers") or ()),
        tags=_tags(checker.vocabulary, data),
        case_studies=tuple(data.get("case_studies") or ()),
        resources=tuple(Resource(r["title"], r["url"], r["kind"], r.get("format", ""),
                                 r.get("size", "")) for r in resources),
        accessibility_note=data.get("accessibility_note", ""),
        sources=tuple(_source(s) for s in data.get("sources") or ()),
    )
    return webinar, problems


def check_source(path: str, raw: bytes, slug: str, checker: FrontMatterChecker,
                 kind: str = "case study") -> tuple[Any, list[Problem], Parsed | None]:
    """Decode, parse and validate one file's bytes; return (record or None, problems, parsed)."""
    from casebook.parse import decode, parse_markdown

    text, problems = decode(path, raw)
    if text is None:
        return None, problems, None
    check = check_case_study if kind == "case study" else check_webinar
    parsed = parse_markdown(path, text, with_lines=False)  # fast path for valid files
    record, problems = check(parsed, slug, checker)
    if problems:  # parse again, recording lines, so every message points at its key
        parsed = parse_markdown(path, text)
        record, problems = check(parsed, slug, checker)
    return record, problems, parsed


def _check_timezone(parsed: Parsed, name: Any, problems: list[Problem]) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(Problem(parsed.path, parsed.line(("timezone",)), "timezone",
                                f"'{name}' is not a known time zone: use an IANA name such as "
                                "Europe/London"))


def _webinar_date(parsed: Parsed, data: dict[str, Any],
                  problems: list[Problem]) -> WebinarDate | None:
    value = data.get("date")
    if not value or not re.match(r"^[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?$", str(value)):
        return None  # the schema has already reported it
    date = _partial_date(value)
    if date is None:
        problems.append(Problem(parsed.path, parsed.line(("date",)), "date",
                                f"'{value}' is not a real date: write YYYY-MM-DD or YYYY-MM"))
        return None
    year, month, day = date
    return WebinarDate(year, month, day)


def _check_period(parsed: Parsed, data: dict[str, Any], problems: list[Problem]) -> None:
    period = data.get("period")
    if not isinstance(period, dict):
        return
    start, end = period.get("start"), period.get("end")
    if isinstance(start, int) and isinstance(end, int) and not isinstance(end, bool) \
            and end < start:
        problems.append(Problem(parsed.path, parsed.line(("period", "end")), "period.end",
                                f"{end} is before period.start ({start}): fix the years"))


def _source(data: dict[str, Any]) -> SourceRef:
    date = str(data["date"])
    return SourceRef(title=data["title"].strip(), url=data["url"].strip(),
                     publisher=sys.intern(data["publisher"].strip()),  # often repeated
                     date="" if date == "n.d." else date,
                     note=" ".join(str(data.get("note", "")).split()),
                     evaluation=data.get("evaluation", False))


def duplicate_slug_problems(paths_by_slug: dict[str, list[str]], what: str) -> list[Problem]:
    """Two files whose slugs differ only in case would collide on case-insensitive disks."""
    groups: dict[str, list[str]] = {}
    for slug, paths in paths_by_slug.items():
        groups.setdefault(slug.casefold(), []).extend(paths)
    problems = []
    for paths in groups.values():
        if len(paths) > 1:
            ordered = sorted(paths)
            for path in ordered[1:]:
                problems.append(Problem(path, 1, "-",
                                        f"same slug as {ordered[0]} (slugs ignore case): rename "
                                        f"one of the {what} files"))
    return problems


def reference_problems(cases: Iterable[CaseStudy], webinars: Iterable[Webinar],
                       lines: dict[str, Any]) -> list[Problem]:
    """Case studies naming unknown webinars, and webinars naming unknown case studies."""
    cases, webinars = list(cases), list(webinars)
    case_slugs = [c.slug for c in cases]
    webinar_slugs = [w.slug for w in webinars]
    problems = []
    for case in cases:
        for index, slug in enumerate(case.webinars):
            if slug not in webinar_slugs:
                problems.append(Problem(case.path, lines[case.path](("webinars", index)),
                                        f"webinars[{index + 1}]",
                                        f"unknown webinar '{slug}';"
                                        f"{did_you_mean(slug, webinar_slugs)} (webinar slugs "
                                        "are the file names in webinars/)"))
    for webinar in webinars:
        for index, slug in enumerate(webinar.case_studies):
            if slug not in case_slugs:
                problems.append(Problem(webinar.path,
                                        lines[webinar.path](("case_studies", index)),
                                        f"case_studies[{index + 1}]",
                                        f"unknown case study '{slug}';"
                                        f"{did_you_mean(slug, case_slugs)} (case-study slugs "
                                        "are the file names in casestudies/)"))
    return problems
