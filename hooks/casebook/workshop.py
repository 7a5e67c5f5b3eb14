"""The printable workshop pack: one term of the prompts' facet per printed page, prompts
with space for notes."""

from __future__ import annotations

from casebook import markdown as md
from casebook.model import Catalog
from casebook.page_parts import PageParts, SitePage, framework_note
from casebook.urls import HOME, PROMPTS, WORKSHOP, absolute, case_uri

EXAMPLES_PER_PROMPT = 3


def short_url(site_url: str, uri: str) -> str:
    """A page's published address without its scheme, short enough to copy from paper."""
    return absolute(site_url, uri).split("//", 1)[-1]


def workshop_page(catalog: Catalog, site_url: str) -> SitePage:
    uri = WORKSHOP
    vocabulary = catalog.vocabulary
    owner = vocabulary.facet(vocabulary.prompt_facet)
    one = md.text(owner.singular.lower())
    stage_names = {s.id: s.name for s in vocabulary.stages}
    page = PageParts(uri).breadcrumbs([("Home", HOME), ("Guiding prompts", PROMPTS)])
    parts = [
        "# Workshop pack\n",
        "A printable set of this knowledge base's guiding prompts for a group working "
        f"through them in a room. Each {one} starts on a new printed page, with space under "
        "every prompt for notes and the addresses of case studies that show it in practice. "
        "Print this page from your browser; choose A4 and portrait.\n"
        "{ .kb-screen-only }\n",
        framework_note(vocabulary.prompts_note),
        "## How to use it\n\n" + "\n".join(
            f"{i}. **{md.text(s.name)}**: {md.text(s.description)}"
            for i, s in enumerate(vocabulary.stages, 1)) + "\n",
    ]
    for owned in owner.terms:
        section = ['<section class="kb-workshop-section" markdown>\n',
                   f"## {md.text(owned.name)}\n", f"{md.text(owned.description)}\n"]
        for prompt in vocabulary.prompts_for(owned.id):
            stage = stage_names.get(prompt.stage, prompt.stage)
            section.append(f"### {md.text(stage)}: {md.text(prompt.name)}\n")
            examples = catalog.tagged("prompts", prompt.id)[:EXAMPLES_PER_PROMPT]
            if examples:
                section.append("Examples: " + "; ".join(
                    f"{md.link(c.title, uri, case_uri(c.slug))} "
                    f"(`{short_url(site_url, case_uri(c.slug))}`)" for c in examples) + "\n"
                    "{ .kb-workshop-examples }\n")
            section.append('<div class="kb-notes" role="note" aria-label="Space for notes">'
                           "</div>\n")
        section.append("</section>\n")
        parts.append("\n".join(section))
    return page.add(*parts).page(
        "Workshop pack",
        description=f"A printable pack of the guiding prompts: one {one} per page, with "
                    "space for notes and example case studies.",
        hide=("toc",), searchable=False)  # it repeats the prompts page
