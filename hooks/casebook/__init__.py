"""casebook: the framework-free core of the knowledge base.

Data flows one way: files -> :mod:`casebook.load` -> :mod:`casebook.validate` -> a
:class:`casebook.model.Catalog` -> :mod:`casebook.pages` (Markdown for generated pages) and
:mod:`casebook.export` (open data and feeds). Nothing in this package imports MkDocs, so the
same code serves the MkDocs hooks, ``macros.py``, the ``casebook`` command and the tests.
"""

from casebook.model import CaseStudy, Catalog, Problem, Vocabulary, Webinar

__all__ = ["Catalog", "CaseStudy", "Problem", "Vocabulary", "Webinar"]
