"""The content model: frozen records for vocabularies, case studies and webinars.

Every record is immutable, so a :class:`Catalog` built for one MkDocs build can be handed to
pages, exports and macros without anyone changing it behind the others' backs. Ordering
helpers sort with total keys, so output never depends on file-system or hash order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from casebook.facet_options import FACET_OPTIONS, OPTIONS_BY_NAME

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
    evaluation: bool = False  # the source evaluates the work (see Term.requires_evaluation_source)


@dataclass(frozen=True)
class Fact:
    """One sourced fact of a term's profile; ``value`` is text or a tuple of texts."""

    key: str
    label: str
    value: str | tuple[str, ...]
    source: SourceRef
    as_of: str = ""  # YYYY-MM-DD: when a fact that changes (who is mayor) was last confirmed


@dataclass(frozen=True)
class Term:
    """A vocabulary entry: a facet's term, a stage or a prompt.

    Any term may carry a sourced profile (``facts``) and a tile on a schematic map (``map``,
    as (column, row)); a prompt names the term it belongs to (``term``) and its ``stage``.
    """

    id: str
    name: str
    description: str
    kind: str  # the id of the facet (or "stages", "prompts") the term belongs to
    short_name: str = ""
    facts: tuple[Fact, ...] = ()
    term: str = ""
    stage: str = ""
    map: tuple[int, int] | None = None
    # A case study naming this term must list a source marked ``evaluation: true``.
    requires_evaluation_source: bool = False

    @property
    def label(self) -> str:
        """The name to show in lists: the short name where there is one."""
        return self.short_name or self.name


def _option(name: str) -> Any:
    """A :class:`Facet` field declared by the facet options' table: its default, if any."""
    default = OPTIONS_BY_NAME[name].default
    return field(metadata={"option": name}) if default is None \
        else field(default=default, metadata={"option": name})


@dataclass(frozen=True)
class Facet:
    """A facet declared by a vocabulary file: its terms and how the site presents them.

    ``id`` is both the case studies' front-matter key and the URL folder of its pages. What
    is special about a facet is data here, never a code path chosen by its id. The fields
    marked ``_option`` are the options of the file's ``facet`` block, whose defaults and
    meanings are in :data:`casebook.facet_options.FACET_OPTIONS`.
    """

    id: str
    name: str = _option("name")
    singular: str = _option("singular")
    terms: tuple[Term, ...] = ()
    required: bool = _option("required")
    single: bool = _option("single")
    order: int = _option("order")
    description: str = _option("description")
    param: str = _option("param")
    in_lists: bool = _option("in_lists")
    related: bool = _option("related")
    feed: bool = _option("feed")
    tab: bool = _option("tab")
    group_by: str = _option("group_by")
    count_by: str = _option("count_by")
    tally_by: str = _option("tally_by")
    matrix: str = _option("matrix")
    schema_property: str = _option("schema_property")
    profile_fields: tuple[tuple[str, str], ...] = ()  # (key, label) of profile facts, in order
    map_caption: str = ""  # the schematic map of terms with a `map` tile, when any has one
    map_note: str = ""

    @property
    def key(self) -> str:
        """The explorer's URL parameter and the search filter's name."""
        return self.param or self.id

    @property
    def mapped(self) -> tuple[Term, ...]:
        """The terms that have a tile on the schematic map."""
        return tuple(t for t in self.terms if t.map is not None)

    def get(self, term_id: str) -> Term | None:
        for term in self.terms:
            if term.id == term_id:
                return term
        return None

    def ids(self) -> tuple[str, ...]:
        return tuple(term.id for term in self.terms)


_FIELDS = tuple(f.metadata["option"] for f in fields(Facet) if "option" in f.metadata)
if _FIELDS != tuple(option.name for option in FACET_OPTIONS):  # fail on import, not in use
    raise TypeError(f"Facet's option fields {_FIELDS} differ from the facet options' table")


@dataclass(frozen=True)
class Vocabulary:
    """The declared facets, in their order, and the framework's stages and prompts.

    ``prompt_facet`` is the facet whose terms the prompts belong to ("" without prompts).
    """

    facets: tuple[Facet, ...] = ()
    stages: tuple[Term, ...] = ()
    prompts: tuple[Term, ...] = ()
    prompt_facet: str = ""
    prompts_intro: str = ""  # what the prompts are for (plain text, from prompts.yml)
    prompts_note: str = ""  # where the framework comes from (plain text, from prompts.yml)

    def __post_init__(self) -> None:
        ordered = sorted(self.facets, key=lambda f: (f.order, f.id))
        object.__setattr__(self, "facets", tuple(ordered))
        object.__setattr__(self, "_facets", {f.id: f for f in ordered})

    @property
    def kinds(self) -> tuple[str, ...]:
        """Every vocabulary's id: the facets', then stages and prompts where there are any."""
        framework = ("stages", "prompts") if self.prompts or self.stages else ()
        return tuple(f.id for f in self.facets) + framework

    def facet(self, facet_id: str) -> Facet | None:
        return self._facets.get(facet_id)

    @property
    def matrix(self) -> tuple[Facet, Facet] | None:
        """(rows, columns) of the matrix: the first facet declaring ``matrix`` and the
        facet it names; None when none does."""
        for facet in self.facets:
            other = self._facets.get(facet.matrix)
            if other is not None:
                return facet, other
        return None

    def terms(self, kind: str) -> tuple[Term, ...]:
        """The terms of a facet, or the stages or prompts; () for anything else."""
        if kind == "stages":
            return self.stages
        if kind == "prompts":
            return self.prompts
        facet = self._facets.get(kind)
        return facet.terms if facet else ()

    def ids(self, kind: str) -> tuple[str, ...]:
        return tuple(term.id for term in self.terms(kind))

    def get(self, kind: str, term_id: str) -> Term | None:
        for term in self.terms(kind):
            if term.id == term_id:
                return term
        return None

    def prompts_for(self, term_id: str) -> tuple[Term, ...]:
        """The prompts of a term of the prompts' facet, in stage order."""
        order = {stage_id: index for index, stage_id in enumerate(self.ids("stages"))}
        chosen = [p for p in self.prompts if p.term == term_id]
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
    tags: tuple[tuple[str, tuple[str, ...]], ...]  # (facet id, term ids) per facet named
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

    def active_years(self, today: dt.date) -> range:
        """Years it was active: start to end, or to the build year while it runs."""
        end = self.period.end if self.period.end is not None else max(today.year,
                                                                      self.period.start)
        return range(self.period.start, end + 1)

    def terms(self, kind: str) -> tuple[str, ...]:
        """Ids this case study names for a facet (or for "prompts"), in its file's order."""
        if kind == "prompts":
            return self.prompts
        for facet_id, ids in self.tags:
            if facet_id == kind:
                return ids
        return ()


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
    tags: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (facet id, term ids), as case studies
    case_studies: tuple[str, ...] = ()
    resources: tuple[Resource, ...] = ()
    accessibility_note: str = ""
    sources: tuple[SourceRef, ...] = ()

    def terms(self, kind: str) -> tuple[str, ...]:
        """Ids this webinar names for a facet."""
        for facet_id, ids in self.tags:
            if facet_id == kind:
                return ids
        return ()

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
            for kind, ids in (*case.tags, ("prompts", case.prompts)):
                for term_id in ids:
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

    def webinars_for(self, kind: str, term_id: str) -> tuple[Webinar, ...]:
        """Webinars that name a facet's term."""
        return tuple(w for w in self.webinars if term_id in w.terms(kind))

    def _related_terms(self, case: CaseStudy) -> list[tuple[str, str]]:
        """(facet, term) pairs of ``case`` that count towards relatedness."""
        return [(facet.id, term_id) for facet in self.vocabulary.facets if facet.related
                for term_id in case.terms(facet.id)]

    def related(self, case: CaseStudy, limit: int = 5) -> tuple[CaseStudy, ...]:
        """Up to ``limit`` case studies sharing the most terms with ``case``, counting the
        facets declared ``related``.

        Ties are broken by the newest publication date, then title, then slug, so the choice
        is the same on every build.
        """
        # Each term's case studies are one integer, bit i standing for ``case_studies[i]``
        # (whose order is the tie-break: newest, then title, then slug). Adding the masks of
        # the case's terms bit-sliced gives every other case study's number of shared terms
        # in a few whole-catalog operations, so the cost grows with N, not N squared.
        masks = [self._mask(kind, term_id) for kind, term_id in self._related_terms(case)]
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
        term of a related facet with ``case``."""
        others = ~(1 << self._position[case.slug])
        return any(self._mask(kind, term_id) & others
                   for kind, term_id in self._related_terms(case))

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
