"""The files of a new knowledge base, for ``casebook init``.

The files in this folder are the starter's text, with ``$name``-style fields filled in by
:func:`starter_files`: each value is escaped for the file it goes into (YAML, Markdown).
"""

from __future__ import annotations

import json
from importlib import metadata, resources
from string import Template

from casebook import markdown as md

DISTRIBUTION = "mkdocs-casebook"  # the generator's name on the package index
# Files whose text has fields to fill (the others are copied as they are).
_FILLED = ("mkdocs.yml", "README.md", "docs/index.md", "casestudies/example-case-study.md")
_RENAMED = {"gitignore": ".gitignore"}  # a dotfile would be left out of the package


def _files(folder: resources.abc.Traversable, prefix: str = "") -> dict[str, str]:
    found = {}
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if item.name.startswith(("_", ".")):
            continue
        relative = prefix + item.name
        if item.is_dir():
            found.update(_files(item, relative + "/"))
        else:
            found[relative] = item.read_text("utf-8")
    return found


def generator_version() -> str:
    """The installed generator's version, which a new knowledge base depends on."""
    return metadata.version(DISTRIBUTION)


def starter_files(name: str, description: str, today: str, find_links: str = ""
                  ) -> dict[str, str]:
    """{relative path: text} of a new knowledge base named ``name``."""
    version = generator_version()
    # The README is read as it is written (in an editor, or raw on a forge), so it gets
    # the text as typed, on one line; pages rendered from Markdown get it escaped.
    fields = {"name": md.text(name), "description": md.text(description),
              "name_plain": " ".join(name.split()),
              "description_plain": " ".join(description.split()),
              "name_yaml": json.dumps(name, ensure_ascii=False),
              "description_yaml": json.dumps(description, ensure_ascii=False),
              "year": today[:4], "today": today, "version": version}
    files = {}
    for relative, text in _files(resources.files("casebook").joinpath("starter")).items():
        if relative in _FILLED:
            text = Template(text).safe_substitute(fields)
        files[_RENAMED.get(relative, relative)] = text
    links = f"--find-links {find_links}\n" if find_links else ""
    files["requirements.txt"] = (f"# The casebook generator, by version.\n{links}"
                                 f"{DISTRIBUTION}=={version}\n")
    return files
