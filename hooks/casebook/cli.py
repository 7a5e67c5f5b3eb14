"""The ``casebook`` command: validate content, scaffold a case study or a whole knowledge base,
regenerate the files generated from the vocabularies (issue forms, vocabulary schema) and
print JSON Schemas.

Exit codes: 0 when all is well, 1 when any file has an error (or, for ``forms --check``, is out
of date), 2 for usage mistakes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

import click

from casebook import forms as generated
from casebook import schema as schemas
from casebook.build import build_date_from
from casebook.load import Sources, check_files, load_catalog, load_vocabulary, sorted_problems
from casebook.model import Problem
from casebook.parse import decode, parse_markdown
from casebook.review import REVIEW_MONTHS, due, review_problems
from casebook.settings import read as read_settings
from casebook.validate import SLUG_RE, placeholder_problems


def _annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that shows ``problem`` on the pull request's diff."""
    def esc(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    level = "error" if problem.severity == "error" else "warning"
    title = f"{problem.field}" if problem.field != "-" else "file"
    return (f"::{level} file={esc(problem.path, True)},line={problem.line},"
            f"title={esc(title, True)}::{esc(problem.message)}")


@click.group()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Project folder holding mkdocs.yml and the content.")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Check and scaffold the knowledge base's case studies and webinars.

    The content folders are those mkdocs.yml names under `extra.kb` (checked as the build
    checks them), or the defaults without it.
    """
    settings, problems = read_settings(root)
    if problems and ctx.invoked_subcommand != "init":
        for problem in problems:
            click.echo(str(problem), err=True)
        raise click.ClickException("the settings in mkdocs.yml have errors: fix them first")
    ctx.obj = Sources(settings.root, settings.case_studies, settings.webinars,
                      settings.vocabularies)
    ctx.meta["build_date"] = settings.build_date


def _today():
    """The date the build would treat as today (see casebook.build.build_date_from)."""
    return build_date_from(click.get_current_context().meta.get("build_date"))


def _valid_vocabulary(sources: Sources):
    """The vocabularies, or exit with their errors printed if they have any."""
    vocabulary, problems = load_vocabulary(sources)
    broken = [p for p in problems if p.severity == "error"]
    if broken:
        for problem in broken:
            click.echo(str(problem), err=True)
        raise click.ClickException("the vocabularies have errors: fix them first")
    return vocabulary


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_obj
def validate(sources: Sources, paths: tuple[Path, ...]) -> None:
    """Check case studies and webinars (all of them, or only PATHS).

    Prints one `path:line: field: message` line per problem and exits 1 on any error.
    Warnings (example text left from the template) do not change the exit code. Under
    GitHub Actions (GITHUB_ACTIONS=true) it also prints ::error and ::warning annotations,
    which GitHub shows on the lines of the pull request's diff.
    """
    started = time.perf_counter()
    if paths:
        resolved = [p.resolve() for p in paths]
        problems = check_files(sources, resolved)
        problems += _outside_problems(sources, resolved)
        count = len(paths)
        cases = [p for p in resolved if p.parent == sources.case_studies and p.is_file()]
    else:
        catalog = load_catalog(sources)
        problems = list(catalog.problems)
        problems += review_problems(catalog.case_studies, _today(), sources.root)
        count = len(catalog.case_studies) + len(catalog.webinars)
        cases = sorted(sources.case_studies.glob("*.md")) if sources.case_studies.is_dir() \
            else []
    problems = sorted_problems(problems + _leftover_template(sources, cases))
    elapsed = time.perf_counter() - started
    for problem in problems:
        click.echo(str(problem), err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            click.echo(_annotation(problem))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        click.echo(f"{errors} error(s), {warnings} warning(s): fix the errors above and run "
                   "`make validate` again.", err=True)
        sys.exit(1)
    click.echo(f"OK: {count} file(s) checked in {elapsed:.2f} s, {warnings} warning(s).")


def _outside_problems(sources: Sources, paths: list[Path]) -> list[Problem]:
    """A warning for each named file the validator does not check, so "OK" is never false."""
    folders = (sources.case_studies, sources.webinars, sources.vocabularies)
    return [Problem(sources.show(path), 1, "-", "not checked: only files in "
                    f"{', '.join(sources.show(f) + '/' for f in folders)} are content",
                    severity="warning")
            for path in paths if path.exists() and path.parent not in folders]


def _template_snippets(body: str) -> list[str]:
    """Text that only a file still holding the template's examples or guidance contains."""
    from casebook.forms import template_placeholders

    fields, guidance = template_placeholders(body)
    return [" ".join(text.split()[:4]) for _, text in fields if text.split()] + \
        [line for line in guidance if line]


def _leftover_template(sources: Sources, paths: list[Path]) -> list[Problem]:
    problems = []
    body = generated.body_template(sources.case_studies)
    snippets = _template_snippets(body)
    for path in paths:
        if path.name.startswith((".", "_")) or path.name == "README.md":
            continue
        text, _ = decode(sources.show(path), path.read_bytes())
        if text is None:
            continue
        # Most files share no line with the template, so a plain text search rules them out
        # before any YAML is parsed.
        if any(snippet in text for snippet in snippets):
            problems += placeholder_problems(parse_markdown(sources.show(path), text), body)
    return problems


def slugify(title: str) -> str:
    """A file-name slug: lowercase ASCII letters and digits joined by single hyphens."""
    title = re.sub(r"['\u2019]", "", title)  # "Mayor's" -> "mayors", not "mayor-s"
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:80].rstrip("-")


@main.command()
@click.argument("title")
@click.option("--term", "-t", "terms", multiple=True, metavar="FACET=ID",
              help="A term to tag it with (repeatable), e.g. --term themes=good-work.")
@click.option("--slug", help="File name without .md (default: made from the title).")
@click.pass_obj
def new(sources: Sources, title: str, terms: tuple[str, ...], slug: str | None) -> None:
    """Create casestudies/<slug>.md from the template, ready to fill in.

    Never overwrites a file. Terms given with --term are checked against vocabularies/.
    """
    vocabulary = _valid_vocabulary(sources)
    title = " ".join(title.split())
    if not title:
        raise click.UsageError("give the case study a title")
    if len(title) > schemas.TITLE_MAX:
        raise click.UsageError(f"the title is {len(title)} characters long; the limit is "
                               f"{schemas.TITLE_MAX}: shorten it")
    chosen: dict[str, tuple[str, ...]] = {}
    facets = [f.id for f in vocabulary.facets]
    for given in terms:
        kind, _, term_id = given.partition("=")
        facet = vocabulary.facet(kind.strip())
        if facet is None:
            raise click.UsageError(f"'{given}': give FACET=ID, where FACET is one of "
                                   f"{', '.join(facets)}")
        if term_id.strip() not in facet.ids():
            raise click.UsageError(f"unknown {facet.singular.lower()} id '{term_id}'; known: "
                                   f"{', '.join(facet.ids())}")
        chosen[facet.id] = tuple(dict.fromkeys((*chosen.get(facet.id, ()), term_id.strip())))
    slug = slug or slugify(title)
    if not slug:
        raise click.UsageError("the title gives an empty file name: pass --slug")
    if not SLUG_RE.match(slug):
        raise click.UsageError(f"'{slug}' is not a valid slug: use lowercase letters, digits "
                               "and single hyphens")
    target = sources.case_studies / f"{slug}.md"
    today = os.environ.get("CASEBOOK_BUILD_DATE") or dt.date.today().isoformat()
    text = generated.case_study_text(vocabulary, title, today, chosen,
                                     generated.body_template(sources.case_studies))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:  # never overwrite
            handle.write(text)
    except FileExistsError:
        click.echo(f"{sources.show(target)} already exists: choose another title or --slug; "
                   "nothing was written.", err=True)
        sys.exit(1)
    shown = sources.show(target)
    click.echo(f"Created {shown}")
    click.echo(f"Next: open {shown}, replace every example and guidance line, then run "
               f"`.venv/bin/casebook validate {shown}` (or `make validate`) and "
               "`make serve` to preview it. CONTRIBUTING.md explains each field.")


@main.command()
@click.option("--check", is_flag=True,
              help="Change nothing; exit 1 if any generated file is out of date.")
@click.pass_obj
def forms(sources: Sources, check: bool) -> None:
    """Regenerate the issue forms and vocabulary schema from vocabularies/.

    Writes .github/ISSUE_TEMPLATE/case-study.yml, .github/ISSUE_TEMPLATE/webinar.yml and
    docs/data/vocabulary.schema.json, and refreshes the copy of the case-study template in
    CONTRIBUTING.md. Commit them with the vocabulary change.
    """
    vocabulary = _valid_vocabulary(sources)
    stale = []
    body = generated.body_template(sources.case_studies)
    outputs = generated.generated_files(vocabulary, body)
    guide = sources.root / generated.CONTRIBUTING
    if guide.exists():
        outputs[generated.CONTRIBUTING] = generated.with_template_block(
            guide.read_text(encoding="utf-8"), vocabulary, body)
    for relative, text in outputs.items():
        path = sources.root / relative
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(relative)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            click.echo(f"Wrote {relative}")
    if check and stale:
        for relative in stale:
            click.echo(f"{relative} is out of date: run `make forms` and commit it.", err=True)
        sys.exit(1)
    if not stale:
        click.echo("Generated files are up to date.")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default="Case study library", show_default=True,
              help="The knowledge base's name (the site's title).")
@click.option("--description", default="An open library of case studies.",
              show_default=True, help="A sentence saying what it holds.")
@click.option("--find-links", "find_links", default="",
              help="A folder or address holding the generator's package, written into "
                   "requirements.txt for pip (for a generator not on the package index).")
def init(folder: Path, name: str, description: str, find_links: str) -> None:
    """Create a new knowledge base in FOLDER (empty or new): settings, a home page, two
    example facets, an example case study, a README and a hook that imports this generator.

    Never overwrites a file: FOLDER must be empty.
    """
    from casebook.starter import starter_files

    if folder.exists() and any(folder.iterdir()):
        raise click.UsageError(f"{folder} is not empty: give a new or empty folder")
    today = os.environ.get("CASEBOOK_BUILD_DATE") or dt.date.today().isoformat()
    files = starter_files(" ".join(name.split()), " ".join(description.split()), today,
                          find_links)
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    click.echo(f"Created a knowledge base in {folder} ({len(files)} files). Next: cd {folder}, "
               "then `make build` and `make validate` (README.md says more).")


@main.command()
@click.argument("kind", type=click.Choice(["case-study", "webinar", "vocabulary"]))
@click.pass_obj
def schema(sources: Sources, kind: str) -> None:
    """Print the JSON Schema for KIND (for editors that check YAML against a schema)."""
    if kind == "vocabulary":
        data = schemas.vocabulary_schema()
    else:
        vocabulary, _ = load_vocabulary(sources)
        build = schemas.case_study_schema if kind == "case-study" else schemas.webinar_schema
        data = build(vocabulary)
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@main.command()
@click.pass_obj
def review(sources: Sources) -> None:
    """List the case studies whose facts are due for checking, oldest first.

    Due means `reviewed` is missing or more than 18 months before today (or before
    CASEBOOK_BUILD_DATE, if set). Exits 0 either way: a date passing is not an error.
    """
    catalog = load_catalog(sources)
    today = _today()
    listed = due(catalog.case_studies, today)
    for case in listed:
        when = case.reviewed.isoformat() if case.reviewed else "never"
        click.echo(f"{when}  {case.path}  {case.title}")
    click.echo(f"{len(listed)} of {len(catalog.case_studies)} case studies are due for review "
               f"(facts last checked more than {REVIEW_MONTHS} months before "
               f"{today.isoformat()}).")


if __name__ == "__main__":  # pragma: no cover
    main()
