"""The content model: frozen records for vocabularies, case studies and webinars.

Every record is immutable, so a :class:`Catalog` built for one MkDocs build can be handed to
pages, exports and macros without anyone changing it behind the others' backs. Ordering
helpers sort with total keys, so output never depends on file-system or hash order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

STATUSES = ("planned", "ongoing", "completed")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file.

    ``line`` is 1-based and points at the offending key (or the nearest line known);
    ``field`` is a dotted path such as ``sources[2].url`` or ``-`` for the file as a whole.
    """

    path: str
    line: int
    field: str
    message: str
    severity: str = "error"  # "error" fails the build; "warning" is reported only

    def __str__(self) -> str:
        label = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}: {self.field}: {label}{self.message}"


@dataclass(frozen=True)
class SourceRef:
    """A citation: where a claim comes from."""

    title: str
    url: str
    publisher: str = ""
    date: str = ""  # "YYYY", "YYYY-MM", "YYYY-MM-DD" or "" when the source is undated
    note: str = ""  # what the source is, e.g. why it has no date


@dataclass(frozen=True)
class Fact:
    """One sourced profile fact about an authority; ``value`` is text or a tuple of texts."""

    key: str
    label: str
    value: str | tuple[str, ...]
    source: SourceRef
    as_of: str = ""  # YYYY-MM-DD: when a fact that changes (who is mayor) was last confirmed


@dataclass(frozen=True)
class Term:
    """A vocabulary entry: theme, lever, stage, authority or prompt.

    Authorities carry ``short_name`` and ``facts``; prompts carry ``theme`` and ``stage``.
    """

    id: str
    name: str
    description: str
    kind: str
    short_name: str = ""
    facts: tuple[Fact, ...] = ()
    theme: str = ""
    stage: str = ""

    @property
    def label(self) -> str:
        """The name to show in lists: the short name where there is one."""
        return self.short_name or self.name


@dataclass(frozen=True)
class Vocabulary:
    """All controlled vocabularies, each a tuple of terms in the data file's order."""

    themes: tuple[Term, ...] = ()
    authorities: tuple[Term, ...] = ()
    levers: tuple[Term, ...] = ()
    stages: tuple[Term, ...] = ()
    prompts: tuple[Term, ...] = ()

    KINDS = ("themes", "authorities", "levers", "stages", "prompts")

    def terms(self, kind: str) -> tuple[Term, ...]:
        """The terms of one kind (one of :attr:`KINDS`)."""
        return getattr(self, kind)

    def ids(self, kind: str) -> tuple[str, ...]:
        return tuple(term.id for term in self.terms(kind))

    def get(self, kind: str, term_id: str) -> Term | None:
        for term in self.terms(kind):
            if term.id == term_id:
                return term
        return None

    def prompts_for(self, theme_id: str) -> tuple[Term, ...]:
        """A theme's prompts in stage order."""
        order = {stage_id: index for index, stage_id in enumerate(self.ids("stages"))}
        chosen = [p for p in self.prompts if p.theme == theme_id]
        return tuple(sorted(chosen, key=lambda p: (order.get(p.stage, 99), p.id)))


@dataclass(frozen=True)
class Period:
    start: int
    end: int | None = None

    def __str__(self) -> str:
        if self.end is None:
            return f"{self.start} onwards"
        if self.end == self.start:
            return str(self.start)
        return f"{self.start} to {self.end}"


@dataclass(frozen=True)
class CaseStudy:
    """One case study, validated. ``slug`` is the file name without ``.md``."""

    slug: str
    path: str
    title: str
    summary: str
    authorities: tuple[str, ...]
    themes: tuple[str, ...]
    levers: tuple[str, ...]
    prompts: tuple[str, ...]
    status: str
    period: Period
    sources: tuple[SourceRef, ...]
    published: dt.date
    body: str
    updated: dt.date | None = None
    reviewed: dt.date | None = None  # when the facts were last checked against the sources
    contributors: tuple[str, ...] = ()
    webinars: tuple[str, ...] = ()

    @property
    def last_changed(self) -> dt.date:
        return self.updated or self.published

    def terms(self, kind: str) -> tuple[str, ...]:
        """Ids this case study names for a vocabulary kind (themes, authorities, ...)."""
        return getattr(self, kind) if kind in ("themes", "authorities", "levers", "prompts") else ()


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class Resource:
    title: str
    url: str
    kind: str
    format: str = ""
    size: str = ""


@dataclass(frozen=True)
class WebinarDate:
    """A webinar's date; ``day`` is None when only the month is known."""

    year: int
    month: int
    day: int | None = None

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day or 0)

    @property
    def month_only(self) -> bool:
        return self.day is None

    def as_date(self) -> dt.date:
        """The day, or the first of the month when only the month is known."""
        return dt.date(self.year, self.month, self.day or 1)

    def iso(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        month = dt.date(self.year, self.month, 1).strftime("%B")  # C locale: English names
        return f"{month} {self.year}" if self.day is None else f"{self.day} {month} {self.year}"


@dataclass(frozen=True)
class Webinar:
    """One webinar of the series. ``start`` is "HH:MM" and ``timezone`` an IANA name."""

    slug: str
    path: str
    title: str
    date: WebinarDate
    summary: str
    series: str
    body: str
    start: str = ""
    timezone: str = ""
    duration_minutes: int = 60
    speakers: tuple[Speaker, ...] = ()
    themes: tuple[str, ...] = ()
    case_studies: tuple[str, ...] = ()
    resources: tuple[Resource, ...] = ()
    accessibility_note: str = ""
    sources: tuple[SourceRef, ...] = ()

    def is_upcoming(self, today: dt.date) -> bool:
        """Upcoming when its date (or, for a month-only date, its month) is not yet past."""
        if self.date.day is None:
            return (self.date.year, self.date.month) >= (today.year, today.month)
        return self.date.as_date() >= today


@dataclass(frozen=True)
class Catalog:
    """Everything one build knows: the vocabularies, case studies and webinars, all valid.

    Case studies are kept newest first (by ``published``, then title, then slug).
    """

    vocabulary: Vocabulary
    case_studies: tuple[CaseStudy, ...] = ()
    webinars: tuple[Webinar, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "case_studies", tuple(newest_first(self.case_studies)))
        ordered = sorted(self.webinars, key=lambda w: (_neg(w.date.sort_key), w.slug))
        object.__setattr__(self, "webinars", tuple(ordered))
        # Lookup tables, built once: pages ask for "the case studies tagged X" many times,
        # and a site of thousands of case studies must not scan them all for each question.
        by_slug = {case.slug: case for case in self.case_studies}
        index: dict[tuple[str, str], list[CaseStudy]] = {}
        for case in self.case_studies:  # newest first, so every list is too
            for kind in ("themes", "authorities", "levers", "prompts"):
                for term_id in case.terms(kind):
                    index.setdefault((kind, term_id), []).append(case)
        position = {case.slug: i for i, case in enumerate(self.case_studies)}
        object.__setattr__(self, "_by_slug", by_slug)
        object.__setattr__(self, "_position", position)
        object.__setattr__(self, "_index", {k: tuple(v) for k, v in index.items()})
        # Each term's case studies as one integer, bit i for ``case_studies[i]``: see related.
        object.__setattr__(self, "_masks", {
            key: sum(1 << position[c.slug] for c in cases) for key, cases in index.items()})

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    def case_study(self, slug: str) -> CaseStudy | None:
        return self._by_slug.get(slug)

    def webinar(self, slug: str) -> Webinar | None:
        for webinar in self.webinars:
            if webinar.slug == slug:
                return webinar
        return None

    def tagged(self, kind: str, term_id: str) -> tuple[CaseStudy, ...]:
        """Case studies whose front matter names ``term_id`` under ``kind``, newest first."""
        return self._index.get((kind, term_id), ())

    def count(self, kind: str, term_id: str) -> int:
        return len(self.tagged(kind, term_id))

    def webinars_for_case(self, slug: str) -> tuple[Webinar, ...]:
        """Webinars that name the case study, or that the case study names."""
        case = self.case_study(slug)
        named = set(case.webinars) if case else set()
        return tuple(w for w in self.webinars if slug in w.case_studies or w.slug in named)

    def webinars_for_theme(self, theme_id: str) -> tuple[Webinar, ...]:
        return tuple(w for w in self.webinars if theme_id in w.themes)

    def related(self, case: CaseStudy, limit: int = 5) -> tuple[CaseStudy, ...]:
        """Up to ``limit`` case studies sharing the most themes and levers with ``case``.

        Ties are broken by the newest publication date, then title, then slug, so the choice
        is the same on every build.
        """
        # Each term's case studies are one integer, bit i standing for ``case_studies[i]``
        # (whose order is the tie-break: newest, then title, then slug). Adding the masks of
        # the case's terms bit-sliced gives every other case study's number of shared terms
        # in a few whole-catalog operations, so the cost grows with N, not N squared.
        masks = [self._mask(kind, term_id)
                 for kind, ids in (("themes", case.themes), ("levers", case.levers))
                 for term_id in ids]
        planes: list[int] = []  # planes[b]: case studies whose shared count has bit b set
        for mask in masks:
            carry = mask
            for b, plane in enumerate(planes):
                planes[b], carry = plane ^ carry, plane & carry
                if not carry:
                    break
            if carry:
                planes.append(carry)
        everyone = (1 << len(self.case_studies)) - 1
        others = everyone & ~(1 << self._position[case.slug])
        chosen: list[CaseStudy] = []
        for count in range(len(masks), 0, -1):
            exact = others
            for b, plane in enumerate(planes):
                exact &= plane if count >> b & 1 else ~plane
            while exact and len(chosen) < limit:
                lowest = exact & -exact
                chosen.append(self.case_studies[lowest.bit_length() - 1])
                exact ^= lowest
            if len(chosen) == limit:
                break
        return tuple(chosen)

    def has_related(self, case: CaseStudy) -> bool:
        """Whether :meth:`related` would name any case study: whether another one shares a
        theme or lever with ``case``."""
        others = ~(1 << self._position[case.slug])
        return any(self._mask(kind, term_id) & others
                   for kind, ids in (("themes", case.themes), ("levers", case.levers))
                   for term_id in ids)

    def _mask(self, kind: str, term_id: str) -> int:
        return self._masks.get((kind, term_id), 0)


def long_date(day: dt.date) -> str:
    """``2026-12-01`` -> ``1 December 2026`` (English month names)."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def newest_first(cases: Iterable[CaseStudy]) -> list[CaseStudy]:
    """Sort newest published first; ties by title (case-insensitive), then slug."""
    return sorted(cases, key=lambda c: (_neg_date(c.published), c.title.casefold(), c.slug))


def by_title(cases: Iterable[CaseStudy]) -> list[CaseStudy]:
    return sorted(cases, key=lambda c: (c.title.casefold(), c.slug))


def _neg_date(day: dt.date) -> int:
    return -day.toordinal()


def _neg(key: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(-part for part in key)
