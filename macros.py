"""This knowledge base's mkdocs-macros module: the casebook generator's macros."""

from casebook.macros import define_env  # noqa: F401  (mkdocs-macros calls define_env)
