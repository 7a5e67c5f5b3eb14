"""Read the content files into a :class:`~casebook.model.Catalog`.

This is the only module that touches casestudies/, webinars/ and vocabularies/. It reads
everything afresh on every call (no caching), so a rebuild always sees the latest edits.
Problems never raise: they are collected on ``Catalog.problems`` for the caller to report.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casebook import schema as schemas
from casebook import urls
from casebook.facet_options import FACET_OPTIONS
from casebook.model import (
    CaseStudy,
    Catalog,
    Facet,
    Fact,
    Problem,
    SourceRef,
    Term,
    Vocabulary,
    Webinar,
)
from casebook.parse import Parsed, decode, parse_markdown, parse_yaml_file
from casebook.validate import (
    FrontMatterChecker,
    SchemaCheck,
    check_source,
    did_you_mean,
    duplicate_slug_problems,
    explained,
    reference_problems,
)


@dataclass(frozen=True)
class Sources:
    """Where the content lives. Paths are shown relative to ``root`` in messages."""

    root: Path
    case_studies: Path
    webinars: Path
    vocabularies: Path

    @classmethod
    def at(cls, root: Path | str, case_studies: str = "casestudies", webinars: str = "webinars",
           vocabularies: str = "vocabularies") -> Sources:
        root = Path(root).resolve()
        return cls(root, root / case_studies, root / webinars, root / vocabularies)

    def show(self, path: Path) -> str:
        """``path`` relative to the project root, as messages show it."""
        try:  # the folders are resolved already, so most paths need no file-system calls
            return path.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def load_catalog(sources: Sources) -> Catalog:
    """Load vocabularies, case studies and webinars; the catalog holds only valid records."""
    vocabulary, problems = load_vocabulary(sources)
    if any(p.severity == "error" for p in problems):
        # Every case study would be checked against a broken vocabulary: report the cause,
        # not its hundreds of consequences.
        problems.append(Problem(sources.show(sources.vocabularies), 1, "-",
                                "case studies and webinars were not checked: fix the "
                                "problems in the vocabulary files first", severity="warning"))
        return Catalog(vocabulary, problems=tuple(sorted_problems(problems)))
    cases, case_lines, case_problems = _load_dir(sources, sources.case_studies, vocabulary,
                                                 "case study")
    webinars, web_lines, web_problems = _load_dir(sources, sources.webinars, vocabulary,
                                                  "webinar")
    problems += case_problems + web_problems
    problems += reference_problems(cases, webinars, {**case_lines, **web_lines})
    return Catalog(vocabulary, tuple(cases), tuple(webinars), tuple(sorted_problems(problems)))


def check_files(sources: Sources, paths: list[Path]) -> list[Problem]:
    """Validate the given files (case studies or webinars) plus cross-file rules for them."""
    catalog = load_catalog(sources)
    wanted = {sources.show(p) for p in paths}
    problems = list(catalog.problems)
    for path in paths:
        if not path.exists():
            problems.append(Problem(sources.show(path), 1, "-", "no such file"))
    return [p for p in problems if p.path in wanted or not wanted]


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    """Errors first (what must be fixed), then warnings; each by file, line and field."""
    return sorted(problems, key=lambda p: (p.severity != "error", p.path, p.line, p.field,
                                           p.message))


def _load_dir(sources: Sources, folder: Path, vocabulary: Vocabulary,
              what: str) -> tuple[list[Any], dict[str, Any], list[Problem]]:
    records: list[CaseStudy | Webinar] = []
    lines: dict[str, Any] = {}
    problems: list[Problem] = []
    by_slug: dict[str, list[str]] = {}
    files: list[tuple[str, Path]] = []
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        shown = sources.show(path)
        if path.name.startswith((".", "_")) or path.name == "README.md" or path.is_dir():
            continue  # templates and notes for contributors are not content
        if path.suffix != ".md":
            problems.append(Problem(shown, 1, "-", f"not a Markdown file: a {what} must be a "
                                    f"'.md' file (rename it to '{path.stem}.md')"))
            continue
        by_slug.setdefault(path.stem, []).append(shown)
        files.append((shown, path))
    for (shown, _), (record, found, located) in zip(files, _check_files(files, vocabulary, what),
                                                    strict=True):
        problems += found
        if located is not None:
            lines[shown] = located.line
        if record is not None:
            records.append(record)
    problems += duplicate_slug_problems(by_slug, what)
    duplicated = {p.path for p in problems if "same slug" in p.message}
    records = [r for r in records if r.path not in duplicated]
    return records, lines, problems


Checked = tuple[Any, list[Problem], "_FileLines | None"]  # (record or None, problems, lines)


def _check_files(files: list[tuple[str, Path]], vocabulary: Vocabulary,
                 what: str) -> list[Checked]:
    if not files:
        return []  # nothing to check: not even the schema to compile
    schema = (schemas.case_study_schema(vocabulary) if what == "case study"
              else schemas.webinar_schema(vocabulary))
    checker = FrontMatterChecker(schema, vocabulary, what)
    checked = []
    for shown, path in files:
        record, found, parsed = check_source(shown, path.read_bytes(), path.stem, checker, what)
        checked.append((record, found, None if parsed is None else _FileLines(shown, path)))
    return checked


@dataclass(frozen=True)
class _FileLines:
    """The lines of a file's front-matter keys, for problems found across files (e.g. an
    unknown webinar). A valid file is parsed without recording lines, so this parses it
    again, with lines, when a problem needs one: rarely."""

    shown: str
    path: Path

    def line(self, key: tuple[Any, ...]) -> int:
        text, _ = decode(self.shown, self.path.read_bytes())
        return parse_markdown(self.shown, text or "").line(key)


# ---------------------------------------------------------------------------- vocabularies

@functools.cache
def _vocabulary_check() -> SchemaCheck:
    return SchemaCheck(schemas.vocabulary_schema())


FRAMEWORK = ("stages", "prompts")  # the optional framework of guiding prompts


def load_vocabulary(sources: Sources) -> tuple[Vocabulary, list[Problem]]:
    """Read every ``vocabularies/*.yml``: each declares a facet, or the framework's stages or
    prompts. Problems name the file, line and field; a file with problems adds no terms."""
    problems: list[Problem] = []
    files: list[tuple[str, Parsed]] = []
    broken: set[str] = set()  # files that could not be read: others' references are not wrong
    folder = sources.vocabularies
    paths = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    if not paths:
        problems.append(Problem(sources.show(folder), 1, "-",
                                "no vocabulary files: declare at least one facet in a "
                                "`<facet>.yml` file"))
    for path in paths:
        shown = sources.show(path)
        text, found = decode(shown, path.read_bytes())
        problems += found
        parsed = parse_yaml_file(shown, text or "")
        problems += parsed.problems
        found = _declaration_problems(parsed, path.stem) if parsed.data is not None else []
        problems += found
        if parsed.data is None or found:
            broken.add(path.stem)
        else:
            files.append((path.stem, parsed))
    facets, stages, prompts, belongs_to, texts = [], (), (), "", {}
    for kind, parsed in files:
        terms, found = _terms(parsed, kind)
        problems += found
        if kind == "stages":
            stages = tuple(terms)
        elif kind == "prompts":
            prompts, belongs_to = tuple(terms), parsed.data.get("belongs_to", "")
            texts = {f"prompts_{key}": " ".join(parsed.data.get(key, "").split())
                     for key in ("intro", "note")}
        else:
            facet, found = _facet(parsed, kind, terms)
            problems += found
            facets.append(facet)
    vocabulary = Vocabulary(tuple(facets), stages, prompts, belongs_to, **texts)
    problems += _cross_problems(vocabulary, dict(files), broken)
    return vocabulary, problems


def _schema_problems(parsed: Parsed) -> list[Problem]:
    """The file against the vocabulary schema."""
    return explained(parsed, _vocabulary_check().errors(parsed.data), Vocabulary())


def _declaration_problems(parsed: Parsed, stem: str) -> list[Problem]:
    """The file against the vocabulary schema, then what it declares against its name."""
    if not isinstance(parsed.data, dict):
        return [Problem(parsed.path, 1, "-", "a vocabulary file must be a set of `field: "
                                             "value` lines with `kind` and `terms`")]
    problems = _schema_problems(parsed)
    if problems:
        return problems
    data, where = parsed.data, parsed.line(("kind",))
    if data["kind"] != stem:
        return [Problem(parsed.path, where, "kind",
                        f"this file must declare `kind: {stem}` (the file's name), or be "
                        f"renamed to {data['kind']}.yml")]
    if stem in FRAMEWORK:
        if "facet" in data:
            problems.append(Problem(parsed.path, parsed.line(("facet",)), "facet",
                                    f"the framework's {stem} are not a facet: remove `facet`"))
        for index, item in enumerate(data["terms"]):
            if "requires_evaluation_source" in item:
                problems.append(Problem(
                    parsed.path, parsed.line(("terms", index, "requires_evaluation_source")),
                    f"terms[{index + 1}].requires_evaluation_source",
                    f"only a facet's terms can require an evaluation source, not the "
                    f"framework's {stem}: remove it"))
        if stem == "prompts" and "belongs_to" not in data:
            problems.append(Problem(parsed.path, where, "belongs_to",
                                    "is missing: name the facet the prompts belong to, e.g. "
                                    "`belongs_to: themes`"))
    elif stem in schemas.RESERVED_IDS:
        problems.append(Problem(parsed.path, where, "kind",
                                f"'{stem}' is a front-matter field or a folder of the site: "
                                "give the facet another id (and rename the file)"))
    elif "facet" not in data:
        problems.append(Problem(parsed.path, where, "facet",
                                "is missing: declare the facet, e.g. `facet: {name: Sectors, "
                                "singular: Sector}`"))
    return problems


def _profile_labels(parsed: Parsed) -> dict[str, str]:
    """The profile facts a facet declares, in order: {key: label}."""
    declared = (parsed.data.get("facet") or {}).get("profile") or {}
    return {key: " ".join(label.split()) for key, label in declared.items()}


def _terms(parsed: Parsed, kind: str) -> tuple[list[Term], list[Problem]]:
    labels = _profile_labels(parsed)
    problems, terms, seen = [], [], set()
    for index, item in enumerate(parsed.data["terms"]):
        if item["id"] in seen:
            problems.append(Problem(parsed.path, parsed.line(("terms", index, "id")),
                                    f"terms[{index + 1}].id", f"duplicate id '{item['id']}'"))
            continue
        seen.add(item["id"])
        where = item.get("map")
        terms.append(Term(
            id=item["id"], name=" ".join(item["name"].split()),
            description=" ".join(item["description"].split()), kind=kind,
            short_name=item.get("short_name", ""), term=item.get("term", ""),
            stage=item.get("stage", ""), facts=_facts(item.get("profile") or {}, labels),
            map=(where["column"], where["row"]) if where else None,
            requires_evaluation_source=item.get("requires_evaluation_source", False),
        ))
    return terms, problems


def _facet(parsed: Parsed, kind: str, terms: list[Term]) -> tuple[Facet, list[Problem]]:
    declared = parsed.data["facet"]
    drawn = declared.get("map") or {}
    labels = _profile_labels(parsed)
    facet = Facet(
        id=kind, terms=tuple(terms),
        **{option.name: option.read(declared) for option in FACET_OPTIONS},
        profile_fields=tuple(labels.items()),
        map_caption=" ".join(drawn.get("caption", "").split()),
        map_note=" ".join(drawn.get("note", "").split()),
    )
    problems = []
    fields = dict(facet.profile_fields)
    for index, item in enumerate(parsed.data["terms"]):
        for key in item.get("profile") or {}:
            if key not in fields:
                problems.append(Problem(
                    parsed.path, parsed.line(("terms", index, "profile", key)),
                    f"terms[{index + 1}].profile.{key}",
                    f"unknown profile fact;{did_you_mean(key, fields) or ''} the facet's "
                    "`profile` declares: " + (", ".join(fields) or "none")))
    return facet, problems


def _facts(profile: dict[str, Any], labels: dict[str, str]) -> tuple[Fact, ...]:
    """A term's profile facts with their labels, in the order the facet declares them
    (a key it does not declare is reported by :func:`_facet`)."""
    facts = []
    for key, label in labels.items():
        if key not in profile:
            continue
        value, source = profile[key]["value"], profile[key]["source"]
        fact = profile[key]
        facts.append(Fact(key, label, tuple(value) if isinstance(value, list) else value,
                          SourceRef(source["title"], source["url"],
                                    source.get("publisher", ""), str(source.get("date", ""))),
                          str(fact.get("as_of", ""))))
    return tuple(facts)


def _facet_references(vocabulary: Vocabulary, files: dict[str, Parsed],
                      broken: set[str]) -> list[Problem]:
    """Options naming another facet (``group_by``, ``count_by``, ``tally_by``, ``matrix``)
    name a declared one, not the facet itself; and one facet at most declares the matrix."""
    problems = []
    facet_ids = [f.id for f in vocabulary.facets]
    naming = [option.name for option in FACET_OPTIONS if option.type == "facet"]
    drawn: Facet | None = None  # the facet whose matrix the site draws
    for facet in vocabulary.facets:
        parsed = files[facet.id]
        for option in naming:
            value = getattr(facet, option)
            others = [i for i in facet_ids if i != facet.id]
            if value and value not in broken and value not in others:
                problems.append(Problem(parsed.path, parsed.line(("facet", option)),
                                        f"facet.{option}",
                                        f"'{value}' is not another declared facet;"
                                        f"{did_you_mean(value, others)} name one of: "
                                        + ", ".join(others)))
        if facet.matrix not in facet_ids or facet.matrix == facet.id:
            continue  # no matrix, or one reported above
        if drawn is not None:
            problems.append(Problem(parsed.path, parsed.line(("facet", "matrix")),
                                    "facet.matrix",
                                    f"the facet {drawn.id} declares the matrix already (with "
                                    f"{drawn.matrix}), and the site draws one: remove `matrix` "
                                    f"here or from vocabularies/{drawn.id}.yml"))
        else:
            drawn = facet
    return problems


def _parameter_problems(vocabulary: Vocabulary, files: dict[str, Parsed]) -> list[Problem]:
    """Each facet's explorer parameter (its ``param``, else its id) is its own: none of the
    explorer's names, no other facet's parameter or id, and no other facet's parameter
    followed by a hyphen, which would give a term of each facet the same element ids and
    feed file (``<param>-<term id>``)."""
    problems = []
    ids = {facet.id for facet in vocabulary.facets}
    owners: dict[str, Facet] = {}  # parameter -> the facet that has it
    joined: dict[str, Facet] = {}  # "<param>-<term id>" -> the facet that makes it
    for facet in vocabulary.facets:
        parsed = files[facet.id]
        if facet.param:
            where, field = parsed.line(("facet", "param")), "facet.param"
            fix = "choose another"
        else:
            where, field = parsed.line(("kind",)), "kind"
            fix = "add a `param` with another name to the facet block"
        key, other = facet.key, owners.get(facet.key)
        message = ""
        if key in urls.EXPLORER_NAMES:
            message = (f"'{key}' is one of the explorer's own parameters ("
                       + ", ".join(sorted(urls.EXPLORER_NAMES)) + f"): {fix}")
        elif other is not None:
            message = f"'{key}' is already the parameter of the facet {other.id}: {fix}"
        elif facet.param and facet.param in ids - {facet.id}:
            message = (f"'{key}' is the id of the facet {key}, so readers would take it for "
                       f"that facet's filter: {fix}")
        else:
            for term in facet.terms:
                clash = joined.get(f"{key}-{term.id}")
                if clash is not None:
                    message = (f"'{key}' with the term '{term.id}' makes '{key}-{term.id}', as "
                               f"'{clash.key}' does with a term of the facet {clash.id}: the "
                               f"two would share element ids and a feed file: {fix}")
                    break
        if message:
            problems.append(Problem(parsed.path, where, field, message))
            continue
        owners[key] = facet
        joined.update((f"{key}-{term.id}", facet) for term in facet.terms)
    return problems


def _cross_problems(vocabulary: Vocabulary, files: dict[str, Parsed],
                    broken: set[str]) -> list[Problem]:
    """References between vocabulary files: facets named by other facets, prompts' terms.
    A reference to a file in ``broken`` (reported already) is not reported again."""
    problems = _facet_references(vocabulary, files, broken) + _parameter_problems(vocabulary,
                                                                                    files)
    facet_ids = [f.id for f in vocabulary.facets]
    if "prompts" in files:
        parsed = files["prompts"]
        owner = vocabulary.facet(vocabulary.prompt_facet)
        if vocabulary.prompt_facet in broken or "stages" in broken:
            return problems
        if owner is None:
            problems.append(Problem(parsed.path, parsed.line(("belongs_to",)), "belongs_to",
                                    f"'{vocabulary.prompt_facet}' is not a declared facet;"
                                    f"{did_you_mean(vocabulary.prompt_facet, facet_ids)} name "
                                    "one of: " + ", ".join(facet_ids)))
        stages = vocabulary.ids("stages")
        for index, prompt in enumerate(vocabulary.prompts):
            for key, value, known in (("term", prompt.term, owner.ids() if owner else None),
                                      ("stage", prompt.stage, stages)):
                if known is not None and value not in known:
                    what = f"{owner.singular.lower()}" if key == "term" and owner else key
                    listed = owner.id if key == "term" and owner else "stages"
                    problems.append(Problem(parsed.path,
                                            parsed.line(("terms", index, key)),
                                            f"terms[{index + 1}].{key}",
                                            f"unknown {what} '{value}';"
                                            f"{did_you_mean(value, known)} use one of the ids "
                                            f"in vocabularies/{listed}.yml"))
    return problems
