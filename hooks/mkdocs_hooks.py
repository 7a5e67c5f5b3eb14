"""This knowledge base's MkDocs hook: the installed casebook generator's events."""

from casebook_mkdocs.hooks import *  # noqa: F403  (MkDocs looks up the on_* functions)
