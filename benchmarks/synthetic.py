"""Synthetic case studies for the benchmark: valid, varied and of realistic length.

Every file follows the case-study format (front matter plus the five sections) and uses ids
read from vocabularies/*.yml, so ``casebook validate`` accepts it. The prose is assembled
from sentence patterns and word lists with a seeded random generator, so the same seed always
gives the same files. Invented place and programme names keep the vocabulary growing with the
number of files, as it does in real writing; without them the search indexes would be
unrealistically small.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

SECTIONS = ("Context", "What the region did", "Levers used", "What changed",
            "Learning for other regions")
STATUS_WEIGHTS = (("ongoing", 5), ("completed", 4), ("planned", 1))
PUBLISHED_FROM = dt.date(2023, 1, 1)
PUBLISHED_TO = dt.date(2026, 11, 27)

# ------------------------------------------------------------------------------ word lists

_PLACE_START = (
    "Ash", "Brad", "Carl", "Dun", "Ex", "Fen", "Gras", "Hal", "Ilk", "Kel", "Lang", "Mar",
    "Nor", "Ock", "Pen", "Quen", "Rad", "Stan", "Thorn", "Ul", "Wick", "Yar", "Bex", "Cold",
    "Elm", "Frod", "Grim", "Hex", "Kings", "Lynd", "Mel", "Nether", "Old", "Pres", "Ross",
    "Sel", "Tad", "Up", "Wal", "Brom",
)
_PLACE_END = (
    "ford", "ley", "ton", "by", "ham", "wick", "bury", "field", "mouth", "dale", "stead",
    "worth", "caster", "borough", "port", "minster", "thorpe", "combe", "bridge", "well",
    "gate", "moor", "holme", "cliffe",
)
_SYLLABLES = (
    "ka", "ri", "mo", "ve", "la", "tor", "bel", "shan", "dri", "nu", "pel", "sta", "wen",
    "fi", "ga", "lo", "mar", "quin", "zel", "ost", "ren", "tha", "vi", "cor", "dun", "ella",
    "bro", "sil", "ane", "ha",
)
_PROGRAMME_KINDS = (
    "Partnership", "Programme", "Pledge", "Network", "Initiative", "Alliance", "Fund",
    "Pathway", "Charter", "Collaborative", "Commission", "Service",
)
_VENUE_KINDS = (
    "Community Centre", "Library", "Family Hub", "Health Centre", "Youth Club",
    "Neighbourhood Hall", "Wellbeing Hub", "Jobs Hub",
)

GROUPS = (
    "people on low incomes", "young carers", "older residents living alone",
    "families in temporary accommodation", "disabled people",
    "people with long-term health conditions", "care leavers", "refugees and asylum seekers",
    "lone parents", "people who had been out of work for more than a year", "shift workers",
    "tenants in social housing", "children on free school meals", "people sleeping rough",
    "young people not in education, employment or training", "carers of working age",
    "low-paid workers in hospitality", "Gypsy, Roma and Traveller communities",
    "people recovering from addiction", "veterans", "households in fuel poverty",
    "workers on zero-hours contracts", "new parents", "people with learning disabilities",
)
SERVICES = (
    "employment support", "debt advice", "mental health support", "community transport",
    "home insulation", "school meals", "health visiting", "social prescribing",
    "skills training", "housing advice", "youth work", "stop-smoking support",
    "weight management", "digital skills sessions", "peer support", "welfare rights advice",
    "childcare", "cycle training", "retrofit grants", "tenancy support", "holiday activities",
    "apprenticeships", "cost-of-living advice", "bus travel for jobseekers",
)
PARTNERS = (
    "the local NHS trust", "the integrated care board", "district councils",
    "the police and crime commissioner", "housing associations", "the regional university",
    "further education colleges", "voluntary and community groups", "faith organisations",
    "the chamber of commerce", "trade unions", "local employers",
    "the fire and rescue service", "public health teams", "the ambulance service",
    "community interest companies", "the transport executive", "primary care networks",
    "the probation service", "credit unions", "the combined authority's skills team",
    "schools and academy trusts", "the local enterprise partnership", "food banks",
)
HARMS = (
    "die before the age of seventy-five", "report poor mental health",
    "live with two or more long-term conditions", "miss routine health checks",
    "spend years in insecure work", "fall behind with rent", "go without a hot meal",
    "breathe polluted air on the way to school", "be admitted to hospital in an emergency",
    "struggle to reach a GP surgery by bus", "live in cold and damp homes",
    "leave school without qualifications", "be unable to afford healthy food",
)
PROBLEMS = (
    "fragmented and hard to find", "funded one year at a time", "run separately by each council",
    "concentrated in the city centre", "closed to people without a fixed address",
    "measured only by the number of people seen", "designed without the people who used it",
    "stretched after a decade of budget cuts", "unevenly spread across the region",
    "poorly linked to the NHS",
)
DATA_THINGS = (
    "ward-level health data", "the joint strategic needs assessment", "school census returns",
    "benefit claimant counts", "hospital admissions data", "a residents' survey",
    "housing condition surveys", "travel-to-work patterns", "local employer surveys",
    "a review of previous evaluations",
)
FINDINGS = (
    "a steep gradient between neighbourhoods", "gaps that had widened since the pandemic",
    "that the same streets appeared in almost every measure of disadvantage",
    "that services were least used where need was greatest",
    "that many eligible households were not claiming support",
    "high turnover among staff in low-paid jobs",
    "that journeys to work took twice as long from outlying estates",
)
VERBS = (
    "piloted", "extended", "funded", "commissioned", "redesigned", "co-produced", "launched",
    "scaled up", "tested", "mapped", "reviewed", "joined up", "simplified", "expanded",
    "relaunched", "brought together", "recruited", "trained", "supported", "targeted",
)
ADVERBS = ("markedly", "noticeably", "consistently", "considerably", "far", "substantially")
ADJECTIVES = (
    "practical", "modest", "ambitious", "neighbourhood-based", "region-wide", "targeted",
    "flexible", "long-term", "low-cost", "evidence-led", "community-run", "joined-up",
)
OUTCOMES = (
    "more residents were referred to {service}", "waiting times for {service} fell",
    "uptake of {service} rose among {group}", "fewer households fell into rent arrears",
    "more employers paid the real Living Wage", "attendance at sessions held up over winter",
    "the share of {group} in work increased", "complaints about {service} dropped",
    "repeat referrals fell", "more schools signed up", "journeys to work became shorter",
    "take-up of unclaimed benefits increased",
)
UNKNOWNS = (
    "whether the gains will last once the funding ends",
    "how far the changes reached {group}",
    "what would have happened without the scheme",
    "whether health outcomes improved, as opposed to use of services",
    "how much of the change came from national policy rather than local action",
    "the long-term cost per person supported",
)
PUBLISHER_KINDS = (
    "{place} City Council", "{place} Evaluation Partnership", "University of {place}",
    "{place} Health Observatory", "{place} Chronicle", "{place} Community Foundation",
    "{place} Voluntary Action", "{place} Institute for Fair Health",
)
DOC_KINDS = (
    "annual report", "evaluation", "progress update", "board paper", "press release",
    "impact review", "case study", "consultation response", "strategy", "briefing",
)
DOMAINS = ("gov.uk", "org.uk", "ac.uk", "co.uk", "nhs.uk")

# ------------------------------------------------------------------------ sentence patterns

CONTEXT = (
    "In {place}, {group} were {adverb} more likely than their neighbours to {harm}.",
    "A look at {data} showed {finding}, and {partner} had raised the same concern for years.",
    "According to {publisher}, life expectancy in the most deprived wards of {place} was "
    "about {small} years shorter than in the least deprived.",
    "Before the scheme, {service} in {place} was {problem}.",
    "On the {estate} estate, residents described {service} as {problem}.",
    "Partners agreed that {service} that was {problem} was holding back {group}.",
    "The region had no single body responsible for {service}, so responsibility fell between "
    "{partner} and {partner}.",
    "Local surveys found that {group} rarely used {service}, even where it was free.",
    "Rising living costs put further pressure on {group} in {place} and nearby towns.",
    "{authority} set out to treat {service} as part of its wider plan for fairer health.",
    "Evidence from {data} suggested that the gap was widest on the edges of {place}.",
)
DID = (
    "{authority} {verb} a {adjective} programme of {service} for {group}, working with "
    "{partner}.",
    "The {programme} {verb} {service} in {place} and {place}, with {partner} leading delivery.",
    "Over {months} months, the team {verb} {service} and {verb} {service} alongside it.",
    "A budget of £{money} million, reported by {publisher}, paid for staff, venues and "
    "evaluation.",
    "Staff from {partner} were based in community venues so that {group} could get help in "
    "one place.",
    "Residents helped to design the service through workshops, and {group} sat on its "
    "steering group.",
    "The {programme} set a common standard for {service} that every council in the area "
    "agreed to follow.",
    "Referrals came from {partner}, {partner} and people who simply walked in.",
    "Sessions ran at the {venue} and at the {venue}, both close to bus routes.",
    "Work began on the {estate} estate, where {group} had told {partner} what was missing.",
    "Each neighbourhood team had a named lead who could draw on {service} and {service}.",
    "The first phase covered {place}; a second phase in {year} extended it to {place}.",
)
LEVER_USES = (
    "the mayor used the role to bring {partner} and {partner} to one table.",
    "contracts and grants required providers to offer {service} to {group}.",
    "the authority attached conditions to funding so that {group} benefited first.",
    "data from {data} was shared between partners to target the work.",
    "the scheme drew on existing powers rather than waiting for new ones from government.",
    "a small central team coordinated the work of {partner} across the region.",
    "public campaigns explained what {service} offered and how to get it.",
)
CHANGED = (
    "According to {publisher}, {outcome} in the first {small} years.",
    "{publisher} reported that {outcome}, although the figures were not independently checked.",
    "In {year}, {count} people had used {service}, as reported by {publisher}.",
    "About {percent} per cent of those supported said they felt better able to cope, "
    "according to the {doc} by {publisher}.",
    "It is not known {unknown}.",
    "No independent evaluation was found that measured {unknown_short}.",
    "The {doc} noted that {outcome}, but that the picture varied between neighbourhoods.",
    "Staff reported that {outcome}, a view echoed by {partner}.",
    "At the {venue}, {outcome}, according to a {doc} by {publisher}.",
)
LEARNING = (
    "Start with the places where need is greatest, and say so in public.",
    "Involve {group} from the start, not only when the service is already running.",
    "Agree with {partner} who owns each part of the work before money is spent.",
    "Fund {service} for long enough to learn from it: one-year grants rarely do.",
    "Publish what does not work as well as what does.",
    "Measure who benefits, by place and by income, so that gaps do not widen unnoticed.",
    "Use existing powers first; a {adjective} start can build the case for more.",
    "Build evaluation into the budget from the first day.",
    "Link {service} with {service} so that people are not passed from door to door.",
    "Keep the offer simple enough that {partner} can explain it in a sentence.",
)
TITLES = (
    "{place} {programme}: {service} for {group}",
    "{short}'s {adjective} approach to {service}",
    "{service_title} in {place} and {place}",
    "The {programme} in {short}",
    "{short}: joining up {service} and {service}",
)
SUMMARIES = (
    "{authority} {verb} {service} for {group} in {place}, working with {partner}.",
    "A {adjective} scheme that {verb} {service} across {short}.",
    "Early reports from {publisher} suggest that {outcome}.",
    "Partners in {short} used {service} to reach {group} who had missed out before.",
)


@dataclass(frozen=True)
class VocabularyIds:
    """The ids a synthetic case study may use, read from the project's vocabularies."""

    themes: tuple[str, ...]
    authorities: dict[str, tuple[str, str]]  # id -> (name, short name)
    levers: dict[str, str]  # id -> name
    prompts_by_theme: dict[str, tuple[str, ...]]
    # (id, needs a source marked as the evaluation) of each level of evidence
    evidence: tuple[tuple[str, bool], ...]

    @classmethod
    def read(cls, folder: Path) -> VocabularyIds:
        def terms(kind: str) -> list[dict]:
            data = yaml.safe_load((folder / f"{kind}.yml").read_text(encoding="utf-8"))
            return list(data["terms"])

        prompts: dict[str, list[str]] = {}
        for term in terms("prompts"):
            prompts.setdefault(term["term"], []).append(term["id"])
        return cls(
            themes=tuple(t["id"] for t in terms("themes")),
            authorities={t["id"]: (" ".join(t["name"].split()),
                                   t.get("short_name") or t["name"])
                         for t in terms("authorities")},
            levers={t["id"]: " ".join(t["name"].split()) for t in terms("levers")},
            prompts_by_theme={k: tuple(v) for k, v in prompts.items()},
            evidence=tuple((t["id"], bool(t.get("requires_evaluation_source")))
                           for t in terms("evidence")),
        )


class Writer:
    """Writes one synthetic case study at a time from a seeded random generator."""

    def __init__(self, vocabulary: VocabularyIds, seed: int) -> None:
        self.vocabulary = vocabulary
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
        self._slugs: set[str] = set()

    # -- small pieces

    def place(self) -> str:
        return self.rng.choice(_PLACE_START) + self.rng.choice(_PLACE_END)

    def coined(self) -> str:
        """An invented name, e.g. "Velmori": the source of new words in every file."""
        return "".join(self.rng.choice(_SYLLABLES)
                       for _ in range(self.rng.randint(2, 3))).capitalize()

    def fill(self, pattern: str, case: dict, capital: bool = True) -> str:
        """Fill ``{key}`` slots; one sentence never repeats a place, partner or service."""
        rng = self.rng
        used: set[str] = set()

        def pick(options: tuple[str, ...] | list[str]) -> str:
            fresh = [o for o in options if o not in used] or list(options)
            choice = rng.choice(fresh)
            used.add(choice)
            return choice

        def one(match: re.Match[str]) -> str:
            key = match.group(1)
            if key == "place":
                return pick(case["places"])
            if key == "programme":
                return case["programme"]
            if key == "venue":
                return pick(case["venues"])
            if key == "estate":
                return pick(case["estates"])
            if key == "authority":
                return case["authority_name"]
            if key == "short":
                return case["authority_short"]
            if key == "publisher":
                return rng.choice(case["publishers"])
            if key == "service_title":
                return rng.choice(SERVICES).capitalize()
            if key == "outcome":
                return self.fill(rng.choice(OUTCOMES), case, capital=False)
            if key == "unknown":
                return self.fill(rng.choice(UNKNOWNS), case, capital=False)
            if key == "unknown_short":
                return rng.choice(("the effect on health", "the cost per person",
                                   "effects by income group", "what happened after a year"))
            simple = {
                "group": GROUPS, "service": SERVICES, "partner": PARTNERS, "harm": HARMS,
                "problem": PROBLEMS, "data": DATA_THINGS, "finding": FINDINGS, "verb": VERBS,
                "adverb": ADVERBS, "adjective": ADJECTIVES, "doc": DOC_KINDS,
            }
            if key in simple:
                return pick(simple[key])
            if key == "small":
                return str(rng.randint(2, 12))
            if key == "months":
                return str(rng.choice((6, 9, 12, 18, 24, 36)))
            if key == "money":
                return f"{rng.randint(1, 40)}.{rng.randint(0, 9)}"
            if key == "year":
                return str(rng.randint(case["start"], case["end"]))
            if key == "count":
                return f"{rng.randint(120, 9800):,}"
            if key == "percent":
                return str(rng.randint(35, 92))
            raise KeyError(key)

        text = re.sub(r"\{(\w+)\}", one, pattern)
        return text[0].upper() + text[1:] if capital else text

    def paragraph(self, patterns: tuple[str, ...], case: dict, sentences: int) -> str:
        return " ".join(self.fill(self.rng.choice(patterns), case) for _ in range(sentences))

    # -- a whole file

    def case_study(self, index: int) -> tuple[str, str]:
        """Return (slug, file text) for the ``index``-th synthetic case study."""
        rng, vocab = self.rng, self.vocabulary
        authority_ids = rng.sample(sorted(vocab.authorities), k=rng.choice((1, 1, 1, 2)))
        themes = rng.sample(vocab.themes, k=rng.randint(1, 3))
        levers = rng.sample(sorted(vocab.levers), k=rng.randint(1, 3))
        candidates = [p for t in themes for p in vocab.prompts_by_theme.get(t, ())]
        prompts = rng.sample(candidates, k=min(len(candidates), rng.randint(1, 3)))
        status = rng.choices([s for s, _ in STATUS_WEIGHTS],
                             weights=[w for _, w in STATUS_WEIGHTS])[0]
        if status == "planned":
            start, end = rng.randint(2026, 2028), None
        elif status == "completed":
            start = rng.randint(2005, 2024)
            end = rng.randint(start, min(start + 8, 2026))
        else:
            start, end = rng.randint(2008, 2026), None
        name, short = vocab.authorities[authority_ids[0]]
        places: list[str] = []
        wanted = rng.randint(2, 4)
        while len(places) < wanted:
            place = self.place()
            if place not in places:
                places.append(place)
        case = {
            "places": places, "authority_name": name, "authority_short": short,
            "programme": f"{self.coined()} {rng.choice(_PROGRAMME_KINDS)}",
            "venues": [f"{self.coined()} {rng.choice(_VENUE_KINDS)}" for _ in range(2)],
            "estates": [self.coined() for _ in range(2)],
            "publishers": [rng.choice(PUBLISHER_KINDS).format(place=rng.choice(places))
                           for _ in range(rng.randint(1, 3))],
            "start": start, "end": max(start, end or 2026),
        }
        title = self.fill(rng.choice(TITLES), case)[:120].rstrip(" :,")
        summary = self.fill(rng.choice(SUMMARIES), case)
        extra = self.fill(rng.choice(SUMMARIES), case)
        if len(summary) + 1 + len(extra) <= 300:
            summary = f"{summary} {extra}"
        summary = summary[:300]
        slug = self._slug(title, index)
        front = self._front_matter(title, summary, authority_ids, themes, levers, prompts,
                                   status, start, end, case)
        return slug, f"---\n{front}---\n\n{self._body(case, levers)}"

    def _slug(self, title: str, index: int) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", title.lower().replace("'", "")).strip("-")
        base = base[:60].rstrip("-")
        slug = f"{base}-{index:05d}"
        assert slug not in self._slugs
        self._slugs.add(slug)
        return slug

    def _front_matter(self, title: str, summary: str, authorities: list[str],
                      themes: list[str], levers: list[str], prompts: list[str], status: str,
                      start: int, end: int | None, case: dict) -> str:
        rng = self.rng

        def q(text: str) -> str:  # a JSON string is a valid double-quoted YAML scalar
            return json.dumps(text, ensure_ascii=False)

        def ids(values: list[str]) -> str:
            return "[" + ", ".join(values) + "]"

        published = PUBLISHED_FROM + dt.timedelta(
            days=rng.randint(0, (PUBLISHED_TO - PUBLISHED_FROM).days))
        latest = min(max(published.year, start), PUBLISHED_TO.year)
        # Levels weighted roughly as in this knowledge base: the strongest least often.
        evidence, evaluated = rng.choices(self.vocabulary.evidence,
                                          weights=range(1, len(self.vocabulary.evidence) + 1))[0]
        lines = [
            f"title: {q(title)}",
            "summary: >-",
            *(f"  {line}" for line in _wrap(summary, 90)),
            f"authorities: {ids(authorities)}",
            f"themes: {ids(themes)}",
            f"levers: {ids(levers)}",
            f"evidence: [{evidence}]",
            f"prompts: {ids(prompts)}",
            f"status: {status}",
            "period:",
            f"  start: {start}",
        ]
        if end is not None:
            lines.append(f"  end: {end}")
        lines.append("sources:")
        for _ in range(rng.randint(1, 3)):
            publisher = rng.choice(case["publishers"])
            year = rng.randint(max(2000, start - 2), latest)
            date = rng.choice((str(year), f"{year}-{rng.randint(1, 12):02d}",
                               f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                               "n.d."))
            doc = rng.choice(DOC_KINDS)
            path = re.sub(r"[^a-z0-9]+", "-", f"{case['programme']} {doc}".lower())
            domain = re.sub(r"[^a-z0-9]+", "", publisher.lower())[:24]
            source_title = f"{case['programme']}: {doc} {year}"
            lines += [
                f"  - title: {q(source_title)}",
                f"    url: https://www.{domain}.{rng.choice(DOMAINS)}/{path}/{year}",
                f"    publisher: {q(publisher)}",
                f"    date: {q(date)}",
            ]
            if evaluated:  # the first source is the evaluation the level needs
                lines.append("    evaluation: true")
                evaluated = False
        lines.append(f"published: {published.isoformat()}")
        if rng.random() < 0.15:
            updated = published + dt.timedelta(days=rng.randint(1, 300))
            if updated <= PUBLISHED_TO:
                lines.append(f"updated: {updated.isoformat()}")
        return "\n".join(lines) + "\n"

    def _body(self, case: dict, levers: list[str]) -> str:
        rng = self.rng
        target = rng.randint(600, 880)
        sections: dict[str, list[str]] = {
            "Context": [self.paragraph(CONTEXT, case, rng.randint(3, 4))],
            "What the region did": [self.paragraph(DID, case, rng.randint(3, 5))],
            "Levers used": [f"- **{self.vocabulary.levers[lever]}**: "
                            f"{self.fill(rng.choice(LEVER_USES), case)}" for lever in levers],
            "What changed": [self.paragraph(CHANGED, case, rng.randint(3, 4))],
            "Learning for other regions": [f"- {self.fill(p, case)}" for p in
                                           rng.sample(LEARNING, k=rng.randint(3, 5))],
        }
        growable = (("Context", CONTEXT), ("What the region did", DID),
                    ("What the region did", DID), ("What changed", CHANGED))

        def words() -> int:
            return sum(len(p.split()) for parts in sections.values() for p in parts)

        while words() < target:
            name, patterns = rng.choice(growable)
            parts = sections[name]
            if len(parts[-1].split()) > 90:
                parts.append(self.paragraph(patterns, case, 1))
            else:
                parts[-1] += " " + self.fill(rng.choice(patterns), case)
        out = []
        for name in SECTIONS:
            joiner = "\n" if sections[name][0].startswith("- ") else "\n\n"
            out.append(f"## {name}\n\n" + joiner.join(
                "\n".join(_wrap(p, 100, hanging="  " if p.startswith("- ") else ""))
                for p in sections[name]) + "\n")
        return "\n".join(out)


def _wrap(text: str, width: int, hanging: str = "") -> list[str]:
    """Greedy line wrapping, as contributors' editors do (Markdown joins the lines again)."""
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = hanging + word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def write_case_studies(folder: Path, count: int, vocabularies: Path, seed: int) -> list[str]:
    """Write ``count`` synthetic case studies into ``folder``; return their slugs."""
    folder.mkdir(parents=True, exist_ok=True)
    writer = Writer(VocabularyIds.read(vocabularies), seed)
    slugs = []
    for index in range(count):
        slug, text = writer.case_study(index)
        (folder / f"{slug}.md").write_text(text, encoding="utf-8", newline="\n")
        slugs.append(slug)
    return slugs
