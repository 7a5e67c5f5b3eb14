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
from casebook.model import CaseStudy, Catalog, Fact, Problem, SourceRef, Term, Vocabulary, Webinar
from casebook.parse import Parsed, decode, parse_markdown, parse_yaml_file
from casebook.validate import (
    FrontMatterChecker,
    SchemaCheck,
    check_source,
    did_you_mean,
    duplicate_slug_problems,
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
    return sorted(problems, key=lambda p: (p.path, p.line, p.field, p.message))


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


def load_vocabulary(sources: Sources) -> tuple[Vocabulary, list[Problem]]:
    """Read vocabularies/<kind>.yml for every kind; report problems with file and line."""
    problems: list[Problem] = []
    parsed_terms: dict[str, list[Term]] = {}
    for kind in Vocabulary.KINDS:
        path = sources.vocabularies / f"{kind}.yml"
        shown = sources.show(path)
        if not path.exists():
            problems.append(Problem(shown, 1, "-", f"missing vocabulary file for {kind}"))
            parsed_terms[kind] = []
            continue
        text, found = decode(shown, path.read_bytes())
        problems += found
        parsed = parse_yaml_file(shown, text or "")
        problems += parsed.problems
        terms, found = _terms(parsed, kind)
        problems += found
        parsed_terms[kind] = terms
    vocabulary = Vocabulary(**{kind: tuple(terms) for kind, terms in parsed_terms.items()})
    problems += _prompt_problems(sources, vocabulary)
    return vocabulary, problems


def _terms(parsed: Parsed, kind: str) -> tuple[list[Term], list[Problem]]:
    if parsed.data is None:
        return [], []
    problems = []
    for error in _vocabulary_check().errors(parsed.data):
        path = tuple(error.absolute_path)
        problems.append(Problem(parsed.path, parsed.line(path),
                                ".".join(str(p) for p in path) or "-", error.message))
    if problems:
        return [], problems
    if parsed.data["kind"] != kind:
        problems.append(Problem(parsed.path, parsed.line(("kind",)), "kind",
                                f"this file must declare `kind: {kind}`"))
    terms, seen = [], set()
    for index, item in enumerate(parsed.data["terms"]):
        if item["id"] in seen:
            problems.append(Problem(parsed.path, parsed.line(("terms", index, "id")), "id",
                                    f"duplicate id '{item['id']}'"))
            continue
        seen.add(item["id"])
        terms.append(Term(
            id=item["id"], name=" ".join(item["name"].split()),
            description=" ".join(item["description"].split()), kind=kind,
            short_name=item.get("short_name", ""), theme=item.get("theme", ""),
            stage=item.get("stage", ""), facts=_facts(item.get("profile") or {}),
        ))
    return terms, problems


def _facts(profile: dict[str, Any]) -> tuple[Fact, ...]:
    facts = []
    for key, label in schemas.PROFILE_FACTS.items():
        if key in profile:
            value = profile[key]["value"]
            source = profile[key]["source"]
            facts.append(Fact(key, label, tuple(value) if isinstance(value, list) else value,
                              SourceRef(source["title"], source["url"],
                                        source.get("publisher", ""),
                                        str(source.get("date", ""))),
                              str(profile[key].get("as_of", ""))))
    return tuple(facts)


def _prompt_problems(sources: Sources, vocabulary: Vocabulary) -> list[Problem]:
    shown = sources.show(sources.vocabularies / "prompts.yml")
    problems = []
    for prompt in vocabulary.prompts:
        for kind, value in (("themes", prompt.theme), ("stages", prompt.stage)):
            if value not in vocabulary.ids(kind):
                problems.append(Problem(shown, 1, prompt.id,
                                        f"unknown {kind[:-1]} '{value}';"
                                        f"{did_you_mean(value, vocabulary.ids(kind))}"))
    return problems
