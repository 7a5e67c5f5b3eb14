"""Split a Markdown file into front matter and body, and parse the YAML with line numbers.

Contributors' files are untrusted, so parsing never raises: every failure comes back as a
:class:`~casebook.model.Problem` naming the file and line. YAML dates are kept as strings
(the validator checks them), so ``2019-02-30`` is reported rather than crashing the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

from casebook.model import Problem

Path = tuple[Any, ...]

try:  # libyaml is much faster; the pure-Python loader gives the same results.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that leaves timestamps as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

_SPLITTER = frontmatter.default_handlers.YAMLHandler()


@dataclass
class Parsed:
    """A parsed file: ``data`` is None when the front matter could not be read."""

    path: str
    data: Any = None
    body: str = ""
    body_line: int = 1
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: Path) -> int:
        """The line of the key at ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (with or without a BOM) and normalise line endings to ``\\n``."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = (f"the file is not UTF-8 (byte 0x{raw[error.start]:02x} at offset "
                   f"{error.start}); save it with UTF-8 encoding")
        return None, [Problem(path, line, "-", message)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def parse_markdown(path: str, text: str, with_lines: bool = True) -> Parsed:
    """Split ``text`` into front matter and body and parse the front matter.

    ``with_lines=False`` skips recording the line of every key, which is faster; callers
    parse again with lines when they have problems to report.
    """
    result = Parsed(path)
    if not _SPLITTER.detect(text):
        result.problems.append(Problem(
            path, 1, "-",
            "no front matter: start the file with a line `---`, then the fields, then `---`"))
        return result
    try:
        _, front, body = _SPLITTER.FM_BOUNDARY.split(text, 2)
    except ValueError:
        result.problems.append(Problem(
            path, 1, "-", "the front matter is not closed: add a line `---` after the fields"))
        return result
    result.body = body.lstrip("\n")
    # The boundary pattern may swallow blank lines, so count lines up to where each part starts.
    front_start = _SPLITTER.FM_BOUNDARY.search(text).end()
    result.body_line = text[: len(text) - len(result.body)].count("\n") + 1
    _parse_yaml(result, front, line_offset=text[:front_start].count("\n"),
                with_lines=with_lines)
    if result.data is None and not result.problems:
        result.problems.append(Problem(path, 1, "-", "the front matter is empty: add the fields"))
    return result


def parse_yaml_file(path: str, text: str) -> Parsed:
    """Parse a whole YAML file (the vocabularies) with line numbers."""
    result = Parsed(path)
    _parse_yaml(result, text, line_offset=0)
    return result


def _parse_yaml(result: Parsed, text: str, line_offset: int, with_lines: bool = True) -> None:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            result.lines[()] = node.start_mark.line + 1 + line_offset
            result.data = (_build(loader, node, (), result.lines, line_offset) if with_lines
                           else loader.construct_document(node))
    except yaml.YAMLError as error:
        # The context mark points at the construct that was left open (e.g. an unclosed
        # `[`); the problem mark is where the parser gave up, often the end of the block.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        result.problems.append(Problem(
            result.path, line, "-",
            f"the YAML is malformed ({problem}); check indentation, colons and quotes "
            "(quote any text that contains `: ` or starts with a special character)"))
        result.data = None
    finally:
        loader.dispose()


def _build(loader: Any, node: yaml.Node, path: Path, lines: dict[Path, int],
           offset: int) -> Any:
    """Construct Python data from ``node``, recording the line of every key and item."""
    if isinstance(node, yaml.MappingNode):
        data: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            lines[path + (key,)] = key_node.start_mark.line + 1 + offset
            data[key] = _build(loader, value_node, path + (key,), lines, offset)
        return data
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1 + offset
            items.append(_build(loader, item, path + (index,), lines, offset))
        return items
    return loader.construct_object(node, deep=True)
