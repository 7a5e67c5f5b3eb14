/* The site search is Pagefind's Component UI (see theme/partials/header.html). This
 * loads it when a reader first reaches for it, and joins it to Material's instant navigation.
 *
 * - Loading: the header's search control is a link to the explorer until then. Pointing at
 *   it starts loading Pagefind's Component UI (its script and stylesheet, in
 *   the search bundle); choosing it, or pressing "/" anywhere outside a text field, opens
 *   the search dialog once they have loaded. Should they fail to load, the link is followed.
 * - Navigation: when a result opens a page, the dialog closes, and the words searched for
 *   (the "highlight" parameter Pagefind adds to result links) are marked on the new page by
 *   Pagefind's own highlighter, fetched only then.
 */
const config = document.querySelector("pagefind-config");
const bundle = config ? config.getAttribute("bundle-path") : null;
let loading = null;

function load(tag, attributes) {
  return new Promise((resolve, reject) => {
    const element = Object.assign(document.createElement(tag), attributes);
    element.addEventListener("load", resolve);
    element.addEventListener("error", () => reject(new Error(`could not load ${tag}`)));
    document.head.append(element);
  });
}

function loadSearch() {
  loading ??= Promise.all([
    load("link", { rel: "stylesheet", href: `${bundle}pagefind-component-ui.css` }),
    load("script", { src: `${bundle}pagefind-component-ui.js` }),
  ]).then(() => customElements.whenDefined("pagefind-modal"));
  return loading;
}

async function openSearch(fallback) {
  try {
    await loadSearch();
  } catch (error) {
    location.assign(fallback);  // the explorer: every case study, with its own search
    return;
  }
  document.removeEventListener("keydown", onKey);  // the component has its own "/" now
  document.querySelector("pagefind-modal").open();
}

function onKey(event) {
  const target = event.target;
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
  const link = document.querySelector(".kb-search__trigger a");
  if (!link) return;
  event.preventDefault();
  openSearch(link.href);
}

function setUp() {
  const link = document.querySelector(".kb-search__trigger a");
  if (!bundle || !link) return;
  // Pointing at the control starts loading. (Not focusing it: the loaded component
  // replaces the link, and a keyboard user's focus would be lost with it.)
  link.addEventListener("pointerenter", loadSearch);
  link.addEventListener("click", (event) => {
    event.preventDefault();
    event.stopPropagation();  // Material's instant navigation would follow the link
    openSearch(link.href);
  });
  document.addEventListener("keydown", onKey);
}

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

setUp();  // the header stays in place across instant navigation
if (typeof document$ !== "undefined") {
  document$.subscribe(onPage);  // every page, including those opened by instant navigation
} else {
  onPage();
}
