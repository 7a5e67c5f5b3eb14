/* The site search is Pagefind's Component UI (see overrides/partials/header.html); this
 * joins it to Material's instant navigation. When a result opens a page, the dialog closes,
 * and the words searched for (the "highlight" parameter Pagefind adds to result links) are
 * marked on the new page with Pagefind's own highlighter, fetched only then. */
const config = document.querySelector("pagefind-config");
const bundle = config ? config.getAttribute("bundle-path") : null;

async function highlight() {
  if (!bundle || !new URLSearchParams(location.search).has("highlight")) return;
  const { default: PagefindHighlight } = await import(`${bundle}pagefind-highlight.js`);
  new PagefindHighlight({
    highlightParam: "highlight",
    addStyles: false,  // search.css colours the marks for both palettes
    markOptions: { className: "kb-highlight",
                   exclude: ["[data-pagefind-ignore]", "[data-pagefind-ignore] *"] },
  });
}

function onPage() {
  const modal = document.querySelector("pagefind-modal");
  if (modal && typeof modal.close === "function") modal.close();
  highlight();
}

if (typeof document$ !== "undefined") {
  document$.subscribe(onPage);  // every page, including those opened by instant navigation
} else {
  onPage();
}
