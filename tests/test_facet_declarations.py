"""Facet declarations are checked as strictly as case studies: one table of options gives the
model, the loader and the schema; a declaration that would break the explorer, a feed or the
matrix is an error at its line, saying the fix (vocabulary files in tmp_path)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from importlib import resources
from pathlib import Path

import pytest
import yaml

from casebook import schema
from casebook.explore import facet_block
from casebook.facet_options import FACET_OPTIONS
from casebook.load import Sources, load_vocabulary
from casebook.model import CaseStudy, Catalog, Facet, Period
from casebook.urls import EXPLORER_NAMES
from conftest import ROOT, vocabulary_files

EXPLORER_JS = ROOT / "hooks" / "casebook_mkdocs" / "assets" / "explorer.js"


def load(root: Path):
    return load_vocabulary(Sources.at(root))


def edit(root: Path, kind: str, change) -> Path:
    """Apply ``change`` to the data of vocabularies/<kind>.yml; return the file."""
    path = root / "vocabularies" / f"{kind}.yml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1)
                if line.strip() == text)


@pytest.fixture
def root(vocabulary, tmp_path) -> Path:
    vocabulary_files(vocabulary, tmp_path / "vocabularies")
    return tmp_path


def messages(root: Path) -> list[str]:
    _, problems = load(root)
    assert all(p.severity == "error" for p in problems)
    return [str(p) for p in problems]


def test_one_table_gives_the_model_the_loader_and_the_schema(vocabulary, root):
    options = {f.name: f.default for f in dataclasses.fields(Facet) if "option" in f.metadata}
    assert options == {o.name: (o.default if not o.required else dataclasses.MISSING)
                       for o in FACET_OPTIONS}
    declared = schema.vocabulary_schema()["properties"]["facet"]
    assert list(declared["properties"]) == [o.name for o in FACET_OPTIONS] + ["profile", "map"]
    assert declared["required"] == ["name", "singular"]
    assert declared["properties"]["related"]["default"] is True
    # Every option the test vocabulary sets survives the files and the loader.
    loaded, problems = load(root)
    assert problems == []
    assert loaded.facets == vocabulary.facets
    # A block giving only the labels takes every default.
    edit(root, "levers", lambda d: d.update(facet={"name": "Levers", "singular": "Lever"}))
    loaded, problems = load(root)
    assert problems == []
    assert dataclasses.replace(loaded.facet("levers"), terms=()) == Facet("levers", "Levers",
                                                                          "Lever")


def test_an_unknown_option_is_an_error_with_did_you_mean(root):
    path = edit(root, "levers", lambda d: d["facet"].update(singel=True))
    assert messages(root) == [
        f"vocabularies/levers.yml:{line_of(path, 'singel: true')}: facet.singel: unknown "
        "field; did you mean 'single'? known fields are: count_by, description, feed, "
        "group_by, in_lists, map, matrix, name, order, param, profile, related, required, "
        "schema_property, single, singular, tab, tally_by"]


def test_an_order_out_of_range_says_the_range(root):
    path = edit(root, "levers", lambda d: d["facet"].update(order=5000))
    assert messages(root) == [
        f"vocabularies/levers.yml:{line_of(path, 'order: 5000')}: facet.order: 5000 is out of "
        "range: write a number from 0 to 1000"]


@pytest.mark.parametrize("name", sorted(EXPLORER_NAMES))
def test_a_param_that_is_one_of_the_explorers_own_is_refused(root, name):
    path = edit(root, "levers", lambda d: d["facet"].update(param=name))
    assert messages(root) == [
        f"vocabularies/levers.yml:{line_of(path, f'param: {name}')}: facet.param: '{name}' is "
        "one of the explorer's own parameters (from, kind, li, q, status, text, to, year, "
        "years): choose another"]


def test_a_facet_without_param_is_checked_by_its_id(vocabulary, root):
    year = Facet("year", "Years", "Year", order=50,
                 terms=(dataclasses.replace(vocabulary.facets[0].terms[0], kind="year"),))
    vocabulary_files(dataclasses.replace(vocabulary, facets=(*vocabulary.facets, year)),
                     root / "vocabularies")
    assert messages(root) == [
        "vocabularies/year.yml:1: kind: 'year' is one of the explorer's own parameters (from, "
        "kind, li, q, status, text, to, year, years): add a `param` with another name to the "
        "facet block"]


def test_a_param_taken_by_another_facet_is_refused(root):
    # themes (order 20) has `param: theme`; levers (order 30) comes later and is reported.
    path = edit(root, "levers", lambda d: d["facet"].update(param="theme"))
    assert messages(root) == [
        f"vocabularies/levers.yml:{line_of(path, 'param: theme')}: facet.param: 'theme' is "
        "already the parameter of the facet themes: choose another"]
    path = edit(root, "levers", lambda d: d["facet"].update(param="authorities"))
    assert messages(root) == [
        f"vocabularies/levers.yml:{line_of(path, 'param: authorities')}: facet.param: "
        "'authorities' is the id of the facet authorities, so readers would take it for that "
        "facet's filter: choose another"]


def test_a_param_that_would_share_element_ids_and_feeds_is_refused(root):
    # theme + good-work and theme-good + work both make "theme-good-work".
    def clash(data):
        data["facet"]["param"] = "theme-good"
        data["terms"][0]["id"] = "work"

    path = edit(root, "levers", clash)
    assert messages(root) == [
        f"vocabularies/levers.yml:{line_of(path, 'param: theme-good')}: facet.param: "
        "'theme-good' with the term 'work' makes 'theme-good-work', as 'theme' does with a "
        "term of the facet themes: the two would share element ids and a feed file: choose "
        "another"]


def test_a_second_matrix_is_refused(root):
    # authorities (order 10) declares the matrix with themes.
    path = edit(root, "levers", lambda d: d["facet"].update(matrix="themes"))
    assert messages(root) == [
        f"vocabularies/levers.yml:{line_of(path, 'matrix: themes')}: facet.matrix: the facet "
        "authorities declares the matrix already (with themes), and the site draws one: "
        "remove `matrix` here or from vocabularies/authorities.yml"]


@pytest.mark.parametrize("option", ["matrix", "group_by", "count_by"])
@pytest.mark.parametrize("value, suggestion", [("levers", ""), ("themse", " did you mean "
                                                                          "'themes'?")])
def test_options_naming_a_facet_name_another_declared_one(root, option, value, suggestion):
    def point(data):
        data["facet"].pop("matrix", None)  # levers declares none: keep to one matrix
        data["facet"][option] = value

    path = edit(root, "levers", point)
    assert messages(root) == [
        f"vocabularies/levers.yml:{line_of(path, f'{option}: {value}')}: facet.{option}: "
        f"'{value}' is not another declared facet;{suggestion} name one of: authorities, "
        "themes, evidence"]


def test_the_explorer_uses_no_name_of_its_own_outside_the_list(vocabulary):
    """The names explorer.js, its template and the search filters use besides the facets'
    parameters are all in EXPLORER_NAMES, which the vocabulary check refuses as parameters."""
    script = EXPLORER_JS.read_text(encoding="utf-8")
    used = set(re.findall(r'params\.(?:get|getAll|set|append)\("([\w-]+)"', script))
    used |= set(re.findall(r"state\.(\w+)", script))  # the state kept beside the facets'
    used |= set(re.search(r"const item = \{ (\w+), (\w+):", script).groups())  # a list item's
    template = resources.files("casebook").joinpath("templates/explorer.html").read_text()
    used |= set(re.findall(r'name="([\w-]+)"', template))
    used |= set(re.findall(r'data-facet="([\w-]+)"', template))
    used |= set(re.findall(r" data-([\w-]+)=", template)) - {"facet", "bundle", "kind-filter",
                                                            "count-for", "pagefind-ignore"}
    case = CaseStudy(slug="a", path="casestudies/a.md", title="A", summary="S.",
                     tags=tuple((f.id, f.ids()[:1]) for f in vocabulary.facets), prompts=(),
                     status="ongoing", period=Period(2020), sources=(), body="",
                     published=dt.date(2026, 1, 1))
    block = facet_block(Catalog(vocabulary, (case,)), case, dt.date(2026, 1, 1))
    keys = {f.key for f in vocabulary.facets}
    used |= set(re.findall(r'data-pagefind-filter="([\w-]+):', block)) - keys
    assert used >= {"text", "q", "from", "to", "li", "years", "status", "year", "kind"}
    assert used <= EXPLORER_NAMES, sorted(used - EXPLORER_NAMES)


def test_a_profile_date_must_be_a_real_date(root):
    def profile(data):
        data["facet"]["profile"] = {"mayor": "Mayor"}
        data["terms"][0]["profile"] = {"mayor": {
            "value": "A. Mayor", "as_of": "2025-02-29",
            "source": {"title": "Mayor", "url": "https://example.org/mayor",
                       "publisher": "GMCA"}}}

    path = edit(root, "authorities", profile)
    where = line_of(path, "as_of: '2025-02-29'")
    assert messages(root) == [
        f"vocabularies/authorities.yml:{where}: "
        "terms[1].profile.mayor.as_of: '2025-02-29' is not a real date: write the date the "
        "fact was last confirmed, as YYYY-MM-DD"]
