"""casebook_mkdocs: the MkDocs side of the casebook generator.

:mod:`casebook_mkdocs.hooks` adapts MkDocs' events to the framework-free :mod:`casebook`
package. A knowledge base names a one-line hook file in its mkdocs.yml that imports it, so
every knowledge base runs the installed generator rather than a copy of it.
"""
