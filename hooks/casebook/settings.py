"""The generator's settings (``extra.kb`` in mkdocs.yml): declared once, checked once.

:data:`SETTINGS` declares every setting with its type, default and meaning; :func:`check`
turns what a site's configuration holds into :class:`Settings`, or into problems that name
the configuration file, the line of the key and the fix. An unknown key is an error (with a
did-you-mean), never ignored: a typo such as ``casestudiez`` would otherwise build a site with
no case studies. The same checks serve ``mkdocs build``, ``mkdocs serve`` and the
``casebook`` command, which reads the settings from the same file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from casebook.model import Problem
from casebook.validate import did_you_mean

CONFIG_FILE = "mkdocs.yml"
SECTION = ("extra", "kb")  # where the settings live in the configuration


@dataclass(frozen=True)
class Setting:
    """One setting: ``kind`` is "folder" (a folder relative to the project), "text" or
    "date" (YYYY-MM-DD); an ``optional`` folder may be missing when left at its default."""

    name: str
    kind: str
    default: str
    help: str
    optional: bool = False


SETTINGS = (
    Setting("case_studies", "folder", "casestudies",
            "the folder of case studies, one Markdown file each"),
    Setting("vocabularies", "folder", "vocabularies",
            "the folder of vocabulary files, one per facet, and the framework's prompts"),
    Setting("webinars", "folder", "webinars",
            "the folder of webinars; without it the site has no webinar archive",
            optional=True),
    Setting("webinars_intro", "text", "",
            "the webinar archive's introduction (plain text)"),
    Setting("build_date", "date", "",
            "the date the build treats as today (YYYY-MM-DD), for reproducible builds; "
            "CASEBOOK_BUILD_DATE and SOURCE_DATE_EPOCH take precedence"),
)
_BY_NAME = {setting.name: setting for setting in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Checked settings: folders resolved against the project folder."""

    root: Path
    case_studies: Path
    vocabularies: Path
    webinars: Path
    webinars_intro: str = ""
    build_date: dt.date | None = None

    @property
    def has_webinars(self) -> bool:
        return self.webinars.is_dir()


def defaults(root: Path) -> Settings:
    """The settings of a project that sets none."""
    settings, problems = check(None, root)
    assert not [p for p in problems if p.severity == "error"], problems
    return settings


def check(raw: Any, root: Path, config_path: str = CONFIG_FILE,
          lines: dict[tuple[Any, ...], int] | None = None) -> tuple[Settings, list[Problem]]:
    """Check ``raw`` (the ``extra.kb`` mapping, or None) for the project at ``root``.

    ``lines`` maps key paths of the configuration file (as :func:`config_lines` gives) to
    line numbers, so that problems point at the offending key. Returns the settings (with
    defaults where a value is missing or wrong) and the problems; any problem of severity
    "error" means the settings must not be used.
    """
    root = Path(root).resolve()
    lines = lines or {}
    problems: list[Problem] = []

    def problem(key: str | None, message: str) -> None:
        path = SECTION + ((key,) if key else ())
        line = next((lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in lines),
                    1)
        field = ".".join(path)
        problems.append(Problem(config_path, line, field, message))

    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problem(None, f"expected a mapping of settings, found {_kind(raw)}: write each "
                      "setting on its own line under `kb:`, e.g. `case_studies: casestudies`")
        raw = {}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        setting = _BY_NAME.get(str(key))
        if setting is None:
            hint = did_you_mean(key, _BY_NAME)
            problem(str(key), f"unknown setting;{hint} the settings are "
                              f"{', '.join(_BY_NAME)}")
            continue
        checked = _check_value(setting, value, root, explicit=True)
        if isinstance(checked, str) and checked.startswith("!"):
            problem(setting.name, checked[1:])
        else:
            values[setting.name] = checked
    for setting in SETTINGS:
        if setting.name not in values:
            checked = _check_value(setting, setting.default, root, explicit=False)
            if isinstance(checked, str) and checked.startswith("!"):
                problem(None, f"{setting.name}: {checked[1:]}; it is the default, so set "
                              f"`{setting.name}:` under `kb:` if the folder has another name")
                checked = root / setting.default
            values[setting.name] = checked
    return Settings(root=root, **values), problems


def _check_value(setting: Setting, value: Any, root: Path, explicit: bool) -> Any:
    """The checked value, or a message starting with "!" that says what is wrong."""
    if setting.kind == "folder":
        if not isinstance(value, str) or not value.strip():
            return (f"!expected the name of a folder (text), found {_kind(value)}: "
                    f"{setting.help}")
        folder = (root / value).resolve()
        if folder.is_dir() or (setting.optional and not explicit):
            return folder
        return (f"!the folder '{value}' does not exist in {root}: create it, or correct "
                f"the name ({setting.name} is {setting.help})")
    if setting.kind == "date":
        if value in ("", None):
            return None
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return f"!expected a date as YYYY-MM-DD, found '{value}'"
    if value is None:
        return ""
    if not isinstance(value, str):
        return f"!expected text, found {_kind(value)}"
    return value


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "nothing"
    return "text"


def config_lines(text: str) -> dict[tuple[Any, ...], int]:
    """The 1-based line of every key of a YAML configuration file, by key path.

    The file is composed, not constructed, so tags such as MkDocs' ``!ENV`` and
    ``!!python/name`` need no constructor. Returns {} for a file that is not valid YAML
    (MkDocs reports that itself).
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[tuple[Any, ...], int] = {}

    def walk(node: yaml.Node | None, path: tuple[Any, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    lines[path + (key.value,)] = key.start_mark.line + 1
                    walk(value, path + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[path + (index,)] = item.start_mark.line + 1
                walk(item, path + (index,))

    walk(node, ())
    return lines


class _AnyTagLoader(yaml.SafeLoader):
    """SafeLoader that reads the tags of MkDocs and its plugins (``!ENV``,
    ``!!python/name:``) as nothing: the generator's settings never use them."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read(root: Path, config_file: str = CONFIG_FILE) -> tuple[Settings, list[Problem]]:
    """The settings of the project at ``root`` as its configuration file holds them, for
    the ``casebook`` command. ``!ENV`` values are not resolved: the generator's settings
    are plain values. Without a configuration file, the defaults."""
    path = root / config_file
    if not path.is_file():
        return check(None, root)
    text = path.read_text(encoding="utf-8")
    loader = _AnyTagLoader(text)
    try:
        data = loader.get_single_data() or {}
    except yaml.YAMLError as error:
        return check(None, root)[0], [Problem(config_file, 1, "-", f"not valid YAML: {error}")]
    finally:
        loader.dispose()
    raw = (data.get("extra") or {}).get("kb") if isinstance(data, dict) else None
    return check(raw, root, config_file, config_lines(text))
