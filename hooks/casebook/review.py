"""How current the facts are: each case study's ``reviewed`` date against the build date.

A case study whose facts were last checked more than :data:`REVIEW_MONTHS` months before
the build date is *due for review*. That is worth a warning from ``casebook validate`` and
a list from ``casebook review``, but never a failed build: time passing is not an error in
anybody's file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from casebook.model import CaseStudy, Problem
from casebook.parse import decode, parse_markdown

REVIEW_MONTHS = 18


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def due(cases: Iterable[CaseStudy], today: dt.date) -> list[CaseStudy]:
    """Case studies due for review, oldest first; those never reviewed come first."""
    limit = months_before(today, REVIEW_MONTHS)
    chosen = [c for c in cases if c.reviewed is None or c.reviewed < limit]
    return sorted(chosen, key=lambda c: (c.reviewed or dt.date.min, c.slug))


def review_problems(cases: Iterable[CaseStudy], today: dt.date, root: Path) -> list[Problem]:
    """One warning per case study whose ``reviewed`` date is too old, at that field's line.
    (Case studies without the field are listed by ``casebook review``, not warned about.)
    ``root`` is the project folder that case studies' paths are relative to."""
    problems = []
    for case in due(cases, today):
        if case.reviewed is None:
            continue
        text, _ = decode(case.path, (root / case.path).read_bytes())
        line = parse_markdown(case.path, text or "").line(("reviewed",))
        message = (f"{case.reviewed.isoformat()} is more than {REVIEW_MONTHS} months before "
                   f"{today.isoformat()}: check the facts against the sources and update it")
        problems.append(Problem(case.path, line, "reviewed", message, severity="warning"))
    return problems
