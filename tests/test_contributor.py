"""The contributor workflow: scaffold, validate (with annotations), generated forms, CI files.

The vocabularies are the single source for the validator, the schemas and the issue forms;
these tests fail when any generated file drifts from them, and when a workflow names a make
target or ``casebook`` command that does not exist.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from casebook import forms
from casebook import schema as schemas
from casebook.cli import _annotation, main, slugify
from casebook.load import Sources, check_files, load_vocabulary
from casebook.model import STATUSES, Problem
from casebook.validate import FrontMatterChecker, check_source
from conftest import ROOT, case_text

SECTIONS = ["Context", "What the region did", "Levers used", "What changed",
            "Learning for other regions"]
ANNOTATION = re.compile(
    r"^::(?P<level>error|warning) file=(?P<file>[^,:]+),line=(?P<line>\d+),"
    r"title=(?P<title>[^:,]+)::(?P<message>.+)$")
SHA_PIN = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(?:\.\d+)*\s*$")


def run(root: Path, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["--root", str(root), *args],
                              env={"GITHUB_ACTIONS": "false", **(env or {})})


def front_matter_and_body(text: str) -> tuple[str, str]:
    _, front, body = text.split("---\n", 2)
    return front, body


def line_of(text: str, prefix: str) -> int:
    """The 1-based number of the first line starting with ``prefix`` (after indentation)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(prefix):
            return number
    raise AssertionError(f"no line starts with {prefix!r}")


@pytest.fixture(scope="module")
def vocabulary():
    vocab, problems = load_vocabulary(Sources.at(ROOT))
    assert not [p for p in problems if p.severity == "error"], problems
    return vocab


# ----------------------------------------------------------------------- casebook new


@pytest.mark.slow
def test_new_writes_a_case_study_that_validates_and_builds(tiny_site):
    # The knowledge base's own sections, not the package's default ones.
    shutil.copy(ROOT / "casestudies" / "_template.md", tiny_site.cases / "_template.md")
    result = run(tiny_site.root, "new", "Healthy streets: Leeds’ trial", "--term",
                 "authorities=wyca", "-t", "themes=places-housing-transport", "--term",
                 "levers=transport-advertising")
    assert result.exit_code == 0, result.output
    path = tiny_site.cases / "healthy-streets-leeds-trial.md"
    assert f"Created {path.relative_to(tiny_site.root).as_posix()}" in result.stdout
    assert "Next:" in result.stdout and "make validate" in result.stdout

    text = path.read_text(encoding="utf-8")
    front, body = front_matter_and_body(text)
    data = yaml.safe_load(front)
    assert data["title"] == "Healthy streets: Leeds’ trial"
    assert data["authorities"] == ["wyca"]
    assert data["themes"] == ["places-housing-transport"]
    assert data["levers"] == ["transport-advertising"]
    assert str(data["published"]) == "2026-11-27"  # CASEBOOK_BUILD_DATE, set in conftest
    assert re.findall(r"^## (.+)$", body, flags=re.MULTILINE) == SECTIONS

    assert check_files(Sources.at(tiny_site.root), [path]) == []
    validated = run(tiny_site.root, "validate", str(path))
    assert validated.exit_code == 0, validated.output
    assert "OK: 1 file(s) checked" in validated.stdout

    tiny_site.build()
    page = tiny_site.html("case-studies/healthy-streets-leeds-trial/")
    assert "Healthy streets: Leeds’ trial" in page


def test_new_lists_every_field_with_a_note(tiny_site, vocabulary):
    assert run(tiny_site.root, "new", "A title").exit_code == 0
    front, _ = front_matter_and_body((tiny_site.cases / "a-title.md").read_text())
    for field in schemas.case_study_schema(vocabulary)["properties"]:
        line = next((x for x in front.splitlines() if re.match(rf"^#? ?{field}:", x)), None)
        assert line is not None, f"the template has no {field} line"
    for field in schemas.CASE_STUDY_REQUIRED:  # required fields are real keys, with a note
        number = line_of(front, f"{field}:") - 1
        lines = front.splitlines()
        noted = "#" in lines[number] or lines[number - 1].startswith("#")
        assert noted, f"{field} has no note saying what it needs"
    for term_id in vocabulary.ids("authorities") + vocabulary.ids("themes"):
        assert re.search(rf"[ ,]{re.escape(term_id)}[,\n]", front), term_id


def test_new_refuses_to_overwrite(tiny_site):
    original = case_text()
    path = tiny_site.write_case("good-work", original)
    result = run(tiny_site.root, "new", "Good work")
    assert result.exit_code == 1
    assert "casestudies/good-work.md already exists" in result.stderr
    assert path.read_text(encoding="utf-8") == original
    again = run(tiny_site.root, "new", "Anything", "--slug", "good-work")
    assert again.exit_code == 1
    assert path.read_text(encoding="utf-8") == original


@pytest.mark.parametrize("args, message", [
    (["Title", "--term", "themes=good-wrk"], "unknown theme id 'good-wrk'"),
    (["Title", "--term", "authority=gmca"], "where FACET is one of authorities, themes"),
    (["Title", "--slug", "Not A Slug"], "is not a valid slug"),
    (["!!!"], "empty file name"),
    (["x" * 121], "the limit is 120"),
])
def test_new_rejects_bad_input_and_writes_nothing(tiny_site, args, message):
    result = run(tiny_site.root, "new", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert list(tiny_site.cases.iterdir()) == []


def test_slugify():
    assert slugify("The Mayor’s Fund: Café & more") == "the-mayors-fund-cafe-more"
    assert slugify("  --  ") == ""


# ------------------------------------------------------------------ casebook validate


def test_validate_prints_annotations_on_the_offending_lines(tiny_site):
    text = case_text(themes=["good-wrk"],
                     sources=[{"title": "Launch", "url": "http://example.org/launch",
                               "publisher": "GMCA", "date": "2019-07-22"}])
    tiny_site.write_case("broken", text)
    tiny_site.write_case("fine", case_text())
    result = run(tiny_site.root, "validate", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1

    found = [ANNOTATION.match(line) for line in result.stdout.splitlines()
             if line.startswith("::")]
    assert found and all(found), result.stdout
    by_title = {m["title"]: m for m in found}
    assert set(by_title) == {"themes[1]", "sources[1].url"}
    for match in found:
        assert match["level"] == "error"
        assert match["file"] == "casestudies/broken.md"
    assert int(by_title["themes[1]"]["line"]) == line_of(text, "- good-wrk")
    assert int(by_title["sources[1].url"]["line"]) == line_of(text, "url: http://")
    assert "did you mean 'good-work'?" in by_title["themes[1]"]["message"]
    # The plain `path:line: field: message` lines and the summary are still there.
    assert f"casestudies/broken.md:{line_of(text, '- good-wrk')}: themes[1]:" in result.stderr
    assert "2 error(s)" in result.stderr


def test_validate_prints_no_annotations_outside_github_actions(tiny_site):
    tiny_site.write_case("broken", case_text(status="paused"))
    result = run(tiny_site.root, "validate")
    assert result.exit_code == 1
    assert "::" not in result.stdout
    assert "casestudies/broken.md:" in result.stderr


def test_annotation_escapes_its_properties_and_message():
    problem = Problem("casestudies/a,b:c.md", 7, "sources[1].url", "100% wrong\nreally")
    assert _annotation(problem) == (
        "::error file=casestudies/a%2Cb%3Ac.md,line=7,title=sources[1].url::100%25 wrong%0Areally")
    warning = Problem("casestudies/x.md", 1, "-", "note", severity="warning")
    assert _annotation(warning) == "::warning file=casestudies/x.md,line=1,title=file::note"


def test_validate_warns_about_template_text_left_in(tiny_site):
    assert run(tiny_site.root, "new", "Left as it was").exit_code == 0
    result = run(tiny_site.root, "validate", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 0, result.output  # warnings do not fail the check
    titles = {ANNOTATION.match(x)["title"] for x in result.stdout.splitlines()
              if x.startswith("::warning")}
    assert titles == {"summary", "sources[1].title", "sources[1].url", "sources[1].publisher",
                      "body"}
    tiny_site.write_case("filled-in", case_text())
    filled = run(tiny_site.root, "validate", str(tiny_site.cases / "filled-in.md"))
    assert filled.exit_code == 0 and filled.stderr == ""
    assert "0 warning(s)" in filled.stdout


def test_validate_warns_about_files_it_does_not_check(tiny_site):
    other = tiny_site.root / "notes.md"
    other.write_text("# Notes\n")
    result = run(tiny_site.root, "validate", str(other))
    assert result.exit_code == 0
    assert "notes.md:1: -: warning: not checked" in result.stderr


# ------------------------------------------------------- generated files and their drift


def test_committed_generated_files_equal_a_fresh_generation(vocabulary):
    body = forms.body_template(ROOT / "casestudies")
    for relative, text in forms.generated_files(vocabulary, body).items():
        path = ROOT / relative
        assert path.exists(), f"{relative} is missing: run `make forms`"
        assert path.read_text(encoding="utf-8") == text, \
            f"{relative} is out of date with vocabularies/: run `make forms` and commit it"


def test_contributing_guide_has_the_current_template(vocabulary):
    guide = (ROOT / forms.CONTRIBUTING).read_text(encoding="utf-8")
    assert forms.TEMPLATE_START in guide and forms.TEMPLATE_END in guide
    body = forms.body_template(ROOT / "casestudies")
    assert forms.with_template_block(guide, vocabulary, body) == guide, \
        "the template in CONTRIBUTING.md is out of date: run `make forms` and commit it"
    assert forms.case_study_text(vocabulary, "Title of the case study", "YYYY-MM-DD",
                                 body=body) in guide


def test_the_guides_webinar_example_validates(vocabulary):
    guide = (ROOT / forms.CONTRIBUTING).read_text(encoding="utf-8")
    section = guide[guide.index("## Webinars"):guide.index("## Vocabularies")]
    example = re.search(r"```markdown\n(.*?)```", section, flags=re.DOTALL)[1]
    checker = FrontMatterChecker(schemas.webinar_schema(vocabulary), vocabulary, "webinar")
    record, problems, _ = check_source("webinars/example.md", example.encode(), "example",
                                       checker, "webinar")
    assert problems == [] and record is not None, problems
    assert {r.kind for r in record.resources} == {"slides", "recording", "captions"}


@pytest.mark.slow
def test_index_pages_follow_the_vocabulary(real_site, vocabulary):
    for kind in ("themes", "authorities", "levers"):
        index = (real_site / kind / "index.html").read_text(encoding="utf-8")
        for term_id in vocabulary.ids(kind):
            assert (real_site / kind / term_id / "index.html").exists(), (kind, term_id)
            assert f'href="{term_id}/"' in index, (kind, term_id)
    prompts = (real_site / "prompts" / "index.html").read_text(encoding="utf-8")
    for term_id in vocabulary.ids("prompts"):
        assert f'id="{term_id}"' in prompts, term_id


def load_form(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / name).read_text())


def elements(form: dict) -> dict[str, dict]:
    return {e["id"]: e for e in form["body"] if "id" in e}


@pytest.mark.parametrize("name, kinds", [
    ("case-study.yml", ("authorities", "themes", "levers", "prompts")),
    ("webinar.yml", ("themes",)),
])
def test_issue_form_dropdowns_list_exactly_the_vocabulary(vocabulary, name, kinds):
    form = elements(load_form(name))
    for kind in kinds:
        dropdown = form[kind]
        assert dropdown["type"] == "dropdown"
        assert dropdown["attributes"]["multiple"] is True  # the field is a list
        listed = [forms.option_id(o) for o in dropdown["attributes"]["options"]]
        missing = set(vocabulary.ids(kind)) - set(listed)
        unknown = set(listed) - set(vocabulary.ids(kind))
        assert not unknown, f"{name} lists {kind} the vocabulary lacks: {sorted(unknown)}"
        assert not missing, f"{name} lacks {kind} from the vocabulary: {sorted(missing)}"
        assert listed == list(vocabulary.ids(kind))


def test_case_study_form_matches_the_front_matter(vocabulary):
    form = elements(load_form("case-study.yml"))
    status = form["status"]["attributes"]
    assert status["options"] == list(STATUSES) and status["multiple"] is False
    for field in schemas.case_study_schema(vocabulary)["properties"]:
        if field in forms.SET_ON_PUBLICATION:
            continue
        ids = ("period_start", "period_end") if field == "period" else (field,)
        for element_id in ids:
            assert element_id in form, f"the case-study form has no {element_id} field"
    required = {k for k, e in form.items() if e.get("validations", {}).get("required")}
    assert {"title", "summary", "authorities", "themes", "levers", "status", "period_start",
            "sources"} <= required
    labels = [e["attributes"]["label"] for e in load_form("case-study.yml")["body"]
              if e["type"] == "textarea" and e["attributes"]["label"] in SECTIONS]
    assert labels == SECTIONS


def test_webinar_form_matches_the_webinar_front_matter(vocabulary):
    form = elements(load_form("webinar.yml"))
    for field in schemas.webinar_schema(vocabulary)["properties"]:
        assert field in form, f"the webinar form has no {field} field"
    for kind in schemas.RESOURCE_KINDS:
        assert kind in form["resources"]["attributes"]["description"]


@pytest.mark.parametrize("name", ["case-study.yml", "webinar.yml"])
def test_issue_forms_are_well_formed(name):
    form = load_form(name)
    assert {"name", "description", "body"} <= set(form)
    ids = [e["id"] for e in form["body"] if "id" in e]
    assert len(ids) == len(set(ids))
    labels = [e["attributes"]["label"] for e in form["body"] if e["type"] != "markdown"]
    assert len(labels) == len(set(labels))
    for element in form["body"]:
        assert element["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if element["type"] != "markdown":
            assert re.fullmatch(r"[A-Za-z0-9_-]+", element["id"])
            assert element["attributes"]["label"].strip()
        if element["type"] == "dropdown":
            options = element["attributes"]["options"]
            assert options and len(options) == len(set(options))
            assert all(isinstance(o, str) and o.strip() and o.lower() != "none"
                       for o in options)


def test_forms_check_reports_drift_and_forms_repairs_it(tiny_site):
    assert run(tiny_site.root, "forms", "--check").exit_code == 1  # no .github/ yet
    result = run(tiny_site.root, "forms")
    assert result.exit_code == 0, result.output
    assert "Wrote .github/ISSUE_TEMPLATE/case-study.yml" in result.stdout
    assert run(tiny_site.root, "forms", "--check").exit_code == 0

    themes = tiny_site.root / "vocabularies" / "themes.yml"
    themes.write_text(themes.read_text() + "  - id: new-theme\n    name: A new theme\n"
                      "    description: Added after the forms were generated.\n")
    stale = run(tiny_site.root, "forms", "--check")
    assert stale.exit_code == 1
    assert ".github/ISSUE_TEMPLATE/case-study.yml is out of date" in stale.stderr
    assert run(tiny_site.root, "forms").exit_code == 0
    form = yaml.safe_load((tiny_site.root / forms.CASE_STUDY_FORM).read_text())
    assert "new-theme: A new theme" in elements(form)["themes"]["attributes"]["options"]


def test_vocabulary_modelines_point_at_the_committed_schema():
    schema = json.loads((ROOT / forms.VOCABULARY_SCHEMA).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    for path in sorted((ROOT / "vocabularies").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path.name} has no schema modeline on its first line"
        target = (path.parent / match[1]).resolve()
        assert target == (ROOT / forms.VOCABULARY_SCHEMA).resolve()
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path.name}: {errors[0].message}"


def test_schema_command_prints_the_published_schemas(vocabulary):
    result = run(ROOT, "schema", "case-study")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == schemas.case_study_schema(vocabulary)
    assert json.loads(run(ROOT, "schema", "vocabulary").stdout) == schemas.vocabulary_schema()


# ----------------------------------------------------- workflows, hooks and documentation


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w-]*):(?!=)", text, flags=re.MULTILINE))


def casebook_commands() -> set[str]:
    return set(main.commands)


def named_commands(text: str) -> tuple[list[str], list[str]]:
    """``make`` targets and ``casebook`` sub-commands named in a shell command or prose."""
    targets = []
    for words in re.findall(r"(?:^|[\s`(;&|])make((?:[ \t]+[^\s;&|`)]+)+)", text):
        for word in words.split():
            if word.startswith(("-", "#", '"', "'", "…")) or "=" in word:
                break
            targets.append(word)
    commands = re.findall(r"(?:^|[\s`/(])casebook(?:[ \t]+--root[ \t]+\S+)?[ \t]+([a-z][\w-]*)",
                          text)
    return targets, commands


def code_in(markdown: str) -> str:
    """The fenced code blocks and inline code of a Markdown text (commands live there)."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", markdown, flags=re.MULTILINE | re.DOTALL)
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"^```.*?^```", "", markdown,
                                               flags=re.MULTILINE | re.DOTALL))
    return "\n".join(blocks + inline)


def test_the_command_finder_sees_targets_and_commands():
    script = "make build && make new TITLE=x\n.venv/bin/casebook --root . frobnicate --x\n"
    assert named_commands(script) == (["build", "new"], ["frobnicate"])
    assert named_commands("make test  # and more words") == (["test"], [])


def workflow_files() -> list[Path]:
    return sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def run_steps(workflow: dict) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job.get("steps", [])
            if "run" in step]


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def test_every_ci_and_form_file_parses_as_yaml():
    files = workflow_files() + sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    files += [ROOT / ".github" / "dependabot.yml", ROOT / ".pre-commit-config.yaml"]
    assert len(workflow_files()) >= 3
    for path in files:
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict), path


def test_workflows_and_hooks_name_only_real_targets_and_commands():
    targets, commands = makefile_targets(), casebook_commands()
    scripts = [s for path in workflow_files() for s in run_steps(yaml.safe_load(path.read_text()))]
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    scripts += [h["entry"] for repo in hooks["repos"] for h in repo["hooks"]]
    named_targets, named = [], []
    for script in scripts:
        found_targets, found_commands = named_commands(script)
        named_targets += found_targets
        named += found_commands
    assert {"validate", "build", "test"} <= set(named_targets)
    assert set(named_targets) <= targets, set(named_targets) - targets
    assert {"validate", "forms"} <= set(named)
    assert set(named) <= commands, set(named) - commands
    for hook in (h for repo in hooks["repos"] for h in repo["hooks"]):
        assert (ROOT / hook["entry"].split()[0]).name in {"casebook", "ruff"}


@pytest.mark.parametrize("name", ["CONTRIBUTING.md", "docs/contribute.md",
                                  ".github/pull_request_template.md"])
def test_documentation_names_only_real_targets_and_commands(name):
    targets, commands = named_commands(code_in((ROOT / name).read_text(encoding="utf-8")))
    assert targets, f"{name} names no make target"
    assert set(targets) <= makefile_targets(), set(targets) - makefile_targets()
    assert set(commands) <= casebook_commands(), set(commands) - casebook_commands()


def test_workflows_follow_the_security_rules():
    for path in workflow_files():
        text = path.read_text(encoding="utf-8")
        workflow = yaml.safe_load(text)
        on = triggers(workflow)
        assert "pull_request_target" not in on, path.name
        assert workflow.get("permissions") == {"contents": "read"}, path.name
        for line in text.splitlines():
            if re.match(r"^\s*(?:-\s+)?uses:", line):
                assert SHA_PIN.match(line), f"{path.name}: pin to a commit SHA: {line.strip()}"
        for script in run_steps(workflow):
            assert "${{" not in script, f"{path.name}: pass values through env, not run:"
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False


def test_workflows_run_the_right_checks_at_the_right_times():
    workflows = {p.name: yaml.safe_load(p.read_text()) for p in workflow_files()}
    by_trigger = {name: triggers(w) for name, w in workflows.items()}

    checks = [n for n, on in by_trigger.items() if "pull_request" in on]
    assert len(checks) == 1
    pr = workflows[checks[0]]
    pr_steps = [s for job in pr["jobs"].values() for s in job["steps"]]
    runs = [s.get("run", "").strip() for s in pr_steps]
    assert runs.index("make validate") < runs.index("make build") < runs.index("make test")
    upload = [s for s in pr_steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload and upload[0]["with"]["path"].rstrip("/") == "site"

    deploys = [n for n, on in by_trigger.items() if "push" in on]
    assert len(deploys) == 1 and by_trigger[deploys[0]]["push"]["branches"] == ["main"]
    deploy_steps = [s.get("uses", "") for job in workflows[deploys[0]]["jobs"].values()
                    for s in job["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in deploy_steps)
    assert "make build" in run_steps(workflows[deploys[0]])

    scheduled = [n for n, on in by_trigger.items() if "schedule" in on]
    assert len(scheduled) == 1 and scheduled[0] not in checks
    cron = by_trigger[scheduled[0]]["schedule"][0]["cron"]
    assert cron.split()[2:4] == ["*", "*"] and cron.split()[4] != "*"  # weekly
    assert "make build" in run_steps(workflows[scheduled[0]])


def test_licences_are_stated_everywhere():
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    content = (ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in content
    for folder in ("casestudies/", "webinars/", "vocabularies/", "docs/"):
        assert f"`{folder}`" in content
    for name in ("docs/contribute.md", "CONTRIBUTING.md", "mkdocs.yml"):
        text = " ".join((ROOT / name).read_text(encoding="utf-8").split())
        assert "Creative Commons Attribution 4.0" in text, name
        assert "MIT" in text, name


def test_contributing_guide_covers_the_workflow():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for phrase in ("make new", "make validate", "make serve", "pull request",
                   "GitHub web editor", "case-study.schema.json", "vocabulary.schema.json",
                   "pre-commit", "plain language", "personal data", *SECTIONS):
        assert phrase.casefold() in text.casefold(), phrase
    assert "CONTRIBUTING.md" in (ROOT / "docs" / "contribute.md").read_text(encoding="utf-8")


def test_tiny_site_copy_has_the_generated_schema(tiny_site):
    # docs/data/ ships with the site, so the modeline's target is published too.
    assert (tiny_site.root / forms.VOCABULARY_SCHEMA).exists()
    shutil.rmtree(tiny_site.root / "docs" / "data")
    assert run(tiny_site.root, "forms").exit_code == 0
    assert (tiny_site.root / forms.VOCABULARY_SCHEMA).read_text() == \
        (ROOT / forms.VOCABULARY_SCHEMA).read_text()


def test_an_old_reviewed_date_is_one_warning_and_never_fails_a_build(tiny_site,
                                                                      monkeypatch):
    monkeypatch.setenv("CASEBOOK_BUILD_DATE", "2026-11-27")
    tiny_site.write_case("old", case_text(reviewed="2025-05-26"))  # 18 months and a day
    tiny_site.write_case("recent", case_text(title="Recent", reviewed="2025-05-27"))
    result = run(tiny_site.root, "validate")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "reviewed" in line]
    line = 1 + (tiny_site.cases / "old.md").read_text().splitlines().index(
        "reviewed: '2025-05-26'")
    assert warnings == [f"casestudies/old.md:{line}: reviewed: warning: 2025-05-26 is more "
                        "than 18 months before 2026-11-27: check the facts against the "
                        "sources and update it"]
    listed = run(tiny_site.root, "review")
    assert listed.exit_code == 0 and "casestudies/old.md" in listed.stdout
    assert "casestudies/recent.md" not in listed.stdout
    built = tiny_site.build()  # strict: time passing never fails a build
    assert "1 case study is due for review" in built.stderr
    page = tiny_site.html("case-studies/recent/")
    assert "Facts checked on 27 May 2025." in page
