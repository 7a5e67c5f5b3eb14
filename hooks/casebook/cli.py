"""The ``casebook`` command: validate content, scaffold a case study, regenerate forms.

Exit codes: 0 when all is well, 1 when any file has an error, 2 for usage mistakes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from importlib import resources
from pathlib import Path

import click

from casebook.load import Sources, check_files, load_catalog
from casebook.model import Problem


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
              show_default=True, help="Project folder holding casestudies/ and vocabularies/.")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Check and scaffold the knowledge base's case studies and webinars."""
    ctx.obj = Sources.at(root)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_obj
def validate(sources: Sources, paths: tuple[Path, ...]) -> None:
    """Check case studies and webinars (all of them, or only PATHS).

    Prints one `path:line: field: message` line per problem and exits 1 on any error.
    Under GitHub Actions it also prints ::error annotations for the pull request's diff.
    """
    started = time.perf_counter()
    if paths:
        problems = check_files(sources, [p.resolve() for p in paths])
        count = len(paths)
    else:
        catalog = load_catalog(sources)
        problems = list(catalog.problems)
        count = len(catalog.case_studies) + len(catalog.webinars)
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


def slugify(title: str) -> str:
    """A file-name slug: lowercase ASCII letters and digits joined by single hyphens."""
    import unicodedata

    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:80].rstrip("-")


@main.command()
@click.argument("title")
@click.option("--authority", "authorities", multiple=True,
              help="Authority id (repeatable), e.g. --authority gmca.")
@click.option("--theme", "themes", multiple=True, help="Theme id (repeatable).")
@click.option("--lever", "levers", multiple=True, help="Lever id (repeatable).")
@click.option("--slug", help="File name without .md (default: made from the title).")
@click.pass_obj
def new(sources: Sources, title: str, authorities: tuple[str, ...], themes: tuple[str, ...],
        levers: tuple[str, ...], slug: str | None) -> None:
    """Create casestudies/<slug>.md from the template, ready to fill in."""
    from casebook.load import load_vocabulary

    vocabulary, _ = load_vocabulary(sources)
    for kind, chosen in (("authorities", authorities), ("themes", themes), ("levers", levers)):
        unknown = [c for c in chosen if c not in vocabulary.ids(kind)]
        if unknown:
            raise click.UsageError(f"unknown {kind} id(s): {', '.join(unknown)}; known: "
                                   f"{', '.join(vocabulary.ids(kind))}")
    slug = slug or slugify(title)
    if not slug:
        raise click.UsageError("the title gives an empty file name: pass --slug")
    target = sources.case_studies / f"{slug}.md"
    if target.exists():
        click.echo(f"{sources.show(target)} already exists: choose another title or --slug; "
                   "nothing was written.", err=True)
        sys.exit(1)

    def ids(chosen: tuple[str, ...], kind: str) -> str:
        return "[" + ", ".join(chosen or vocabulary.ids(kind)[:1]) + "]"

    import json

    today = os.environ.get("CASEBOOK_BUILD_DATE") or dt.date.today().isoformat()
    template = resources.files("casebook").joinpath("templates/case-study.md").read_text("utf-8")
    text = template.format(title=json.dumps(title, ensure_ascii=False),
                           authorities=ids(authorities, "authorities"),
                           themes=ids(themes, "themes"), levers=ids(levers, "levers"),
                           year=today[:4], today=today)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"Created {sources.show(target)}")
    click.echo("Next: fill in every field and section, then run `make validate` "
               "(or `make serve` to preview it).")


if __name__ == "__main__":  # pragma: no cover
    main()
