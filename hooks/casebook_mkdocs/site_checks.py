"""What the generated pages need of a site's MkDocs configuration, checked or supplied.

The generated pages use Markdown extensions (attribute lists for their classes and anchors,
admonitions, content tabs) and Material's templates, and their links are folder addresses.
:func:`add_required_extensions` adds any extension a site leaves out, so that a page never
shows literal ``{ .kb-lead }`` text; :func:`site_problems` refuses what the generator must not
change: another theme, ``use_directory_urls: false``, or an extension configured against
what the pages need, and a macros plugin that would let a broken macro pass. Each problem
names mkdocs.yml, the line and the fix.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from casebook.model import Problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# Extensions the generated pages use, with the options they rely on.
REQUIRED_EXTENSIONS: dict[str, dict[str, Any]] = {
    "attr_list": {},  # `{ .kb-lead }`, `{ #prompt-id data-toc-label="…" }`
    "admonition": {},  # the framework's note on the prompts page
    "toc": {},  # headings' anchors, which the pages' own links use
    "pymdownx.superfences": {},  # content tabs hold Markdown blocks
    # the case-study index's tabs, styled as Material styles them
    "pymdownx.tabbed": {"alternate_style": True},
}
THEME = "material"
# mkdocs-macros options without which a mistake in an authored page's macro would pass:
# an error rendered as text in the page, or an undefined name left out silently.
MACROS_PLUGIN = "macros"
MACROS_OPTIONS: dict[str, Any] = {"on_error_fail": True, "on_undefined": "strict"}

Lines = dict[tuple[Any, ...], int]


def add_required_extensions(config: MkDocsConfig) -> list[str]:
    """Add the extensions the generated pages need and the site does not list, and the
    options they need that a listed one leaves unset; returns what was added, e.g.
    ``["attr_list", "pymdownx.tabbed: alternate_style"]``. An option set to another value
    is left alone for :func:`site_problems` to refuse."""
    added = []
    for name, options in REQUIRED_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            added.append(name)
        configured = config.mdx_configs.setdefault(name, {})
        for option, value in options.items():
            if option not in configured:
                configured[option] = value
                if name not in added:
                    added.append(f"{name}: {option}")
    return added


def site_problems(config: MkDocsConfig, config_path: str, lines: Lines) -> list[Problem]:
    """What in the site's configuration the generated pages cannot work with."""
    problems = []

    def problem(path: tuple[Any, ...], field: str, message: str) -> None:
        line = next((lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in lines),
                    1)
        problems.append(Problem(config_path, line, field, message))

    theme = config.theme.name
    if theme != THEME:
        problem(("theme", "name"), "theme.name",
                f"the casebook generator's pages need Material for MkDocs, found "
                f"'{theme}': set `name: material` under `theme:`")
    if not config.use_directory_urls:
        problem(("use_directory_urls",), "use_directory_urls",
                "false is not supported: the generated pages link to folder addresses "
                "(`/case-studies/<id>/`), so breadcrumbs and downloads would point at files "
                "that do not exist; remove the line (the default is true)")
    for name, options in REQUIRED_EXTENSIONS.items():
        configured = config.mdx_configs.get(name) or {}
        for option, value in options.items():
            if option in configured and configured[option] != value:
                # The file's item `- name:` with options (MkDocs' own list starts with its
                # default extensions, so its order is not the file's).
                item = next((key for key in lines if len(key) == 3
                             and key[0] == "markdown_extensions" and key[2] == name),
                            ("markdown_extensions",))
                problem(item, f"markdown_extensions.{name}",
                        f"the generated pages need `{option}: {str(value).lower()}`, found "
                        f"`{option}: {str(configured[option]).lower()}`: change it, or list "
                        f"`- {name}` without options")
    _check_macros(config, lines, problem)
    return problems


def _check_macros(config: MkDocsConfig, lines: Lines,
                  problem: Callable[[tuple[Any, ...], str, str], None]) -> None:
    """The macros plugin, which renders the authored pages' counts and lists, is listed and
    fails the build on a macro's error or an undefined name."""
    plugin = config.plugins.get(MACROS_PLUGIN)
    if plugin is None:
        problem(("plugins",), "plugins",
                "the plugin `macros` (mkdocs-macros-plugin) is missing: the authored pages' "
                "counts and lists are its macros; add `- macros:` with `module_name: macros`, "
                "`on_error_fail: true` and `on_undefined: strict`")
        return
    # The entry's place in the file's list (`- macros:`), for the line of its options.
    entry = next((key[:3] for key in lines
                  if len(key) == 3 and key[0] == "plugins" and key[2] == MACROS_PLUGIN),
                 ("plugins",))
    for option, value in MACROS_OPTIONS.items():
        found = plugin.config.get(option)
        if found != value:
            problem(entry + (option,), f"plugins.macros.{option}",
                    f"the generated site needs `{option}: {str(value).lower()}`, found "
                    f"`{option}: {str(found).lower()}`: a mistake in a macro would otherwise "
                    "pass the build as text on a page")
