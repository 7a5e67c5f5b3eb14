/* Case-study explorer: combined filters over the list on the page, text search with Pagefind.
 *
 * AND across facets, OR within one facet. Filters alone work on the list the page already
 * holds (every item carries its facet ids), so they need no further downloads. Text search
 * loads Pagefind's chunked index on first use and fetches only the chunks for the words
 * typed. The index is the site search's (every page); the explorer asks it for case
 * studies only. The state lives in the URL (text, one parameter per filter group, from,
 * to), so a view can be bookmarked and shared; Back and Forward work. Every option shows how many case
 * studies it would leave, given the other facets. Without JavaScript the form stays hidden
 * and the page lists every case study.
 */
(function () {
  "use strict";

  /* The filter groups' URL parameters, read from the form: the generator writes one group
   * per declared facet, then status. */
  let FACETS = [];
  const PAGE_SIZE = 20;
  let pagefind = null;
  let run = 0;

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function readState(form) {
    const state = { q: form.elements.q.value.trim(), from: form.elements.from.value,
                    to: form.elements.to.value };
    FACETS.forEach((f) => {
      state[f] = Array.from(form.querySelectorAll(`input[name="${f}"]:checked`), (i) => i.value);
    });
    return state;
  }

  function writeForm(form, state) {
    form.elements.q.value = state.q || "";
    form.elements.from.value = state.from || "";
    form.elements.to.value = state.to || "";
    FACETS.forEach((f) => {
      form.querySelectorAll(`input[name="${f}"]`).forEach((input) => {
        input.checked = (state[f] || []).includes(input.value);
      });
    });
  }

  function years(form) {
    return Array.from(form.elements.from.options, (o) => o.value).filter(Boolean);
  }

  function stateFromUrl(form) {
    const params = new URLSearchParams(location.search);
    const known = years(form);
    const state = { q: params.get("text") || "", from: params.get("from") || "",
                    to: params.get("to") || "" };
    if (!known.includes(state.from)) state.from = "";
    if (!known.includes(state.to)) state.to = "";
    FACETS.forEach((f) => { state[f] = params.getAll(f); });
    return state;
  }

  function urlFor(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("text", state.q);
    FACETS.forEach((f) => state[f].forEach((v) => params.append(f, v)));
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  function isEmpty(state) {
    return !state.q && !state.from && !state.to && FACETS.every((f) => !state[f].length);
  }

  function yearRange(form, from, to) {
    return years(form).filter((y) => (!from || +y >= +from) && (!to || +y <= +to));
  }

  /* ---- the list on the page: facet ids are data attributes of each item ---- */

  function readItems(root) {
    return Array.from(root.querySelectorAll("#kb-all li"), (li) => {
      const item = { li, years: new Set((li.dataset.years || "").split(" ")) };
      FACETS.forEach((f) => { item[f] = new Set((li.getAttribute("data-" + f) || "").split(" ")); });
      return item;
    });
  }

  function activeIn(item, range) {
    return range.some((y) => item.years.has(y));
  }

  /* Does the item pass every facet of the state except `without` (to count its options)? */
  function passes(form, item, state, without) {
    for (const f of FACETS) {
      if (f !== without && state[f].length && !state[f].some((v) => item[f].has(v))) return false;
    }
    if (without !== "year" && (state.from || state.to)) {
      return activeIn(item, yearRange(form, state.from, state.to));
    }
    return true;
  }

  function localCounts(form, items, state) {
    const counts = {};
    FACETS.forEach((f) => {
      counts[f] = {};
      items.forEach((item) => {
        if (!passes(form, item, state, f)) return;
        item[f].forEach((v) => { counts[f][v] = (counts[f][v] || 0) + 1; });
      });
    });
    const others = items.filter((item) => passes(form, item, state, "year"));
    ["from", "to"].forEach((which) => {
      counts[which] = {};
      years(form).forEach((y) => {
        const range = yearRange(form, which === "from" ? y : state.from,
                                which === "to" ? y : state.to);
        counts[which][y] = others.filter((item) => activeIn(item, range)).length;
      });
    });
    return counts;
  }

  /* ---- text search with Pagefind ---- */

  async function loadPagefind(form) {
    if (pagefind) return pagefind;
    const scope = typeof __md_scope !== "undefined" ? __md_scope : new URL("..", location);
    const module = await import(new URL(form.dataset.bundle + "pagefind.js", scope).href);
    await module.options({ baseUrl: new URL(".", scope).pathname });
    await module.init();
    // Pagefind reports counts only for filters it has loaded; the filter data is small.
    await module.filters();
    pagefind = module;
    return pagefind;
  }

  function pagefindFilters(form, state, without, extra) {
    // The index covers every page of the site; the explorer searches case studies only.
    const filters = { [form.dataset.kindFilter]: { any: [form.dataset.kind] } };
    FACETS.forEach((f) => {
      if (f !== without && state[f].length) filters[f] = { any: state[f] };
    });
    if (without !== "year" && (state.from || state.to)) {
      filters.year = { any: yearRange(form, state.from, state.to) };
    }
    return Object.assign(filters, extra || {});
  }

  function search(form, state, without, extra) {
    return pagefind.search(state.q, { filters: pagefindFilters(form, state, without, extra) });
  }

  async function textCounts(form, state) {
    const counts = {};
    await Promise.all(FACETS.map(async (f) => {
      counts[f] = ((await search(form, state, f)).filters || {})[f] || {};
    }));
    await Promise.all(["from", "to"].map(async (which) => {
      counts[which] = {};
      await Promise.all(years(form).map(async (y) => {
        const range = yearRange(form, which === "from" ? y : state.from,
                                which === "to" ? y : state.to);
        counts[which][y] = range.length
          ? (await search(form, state, "year", { year: { any: range } })).results.length : 0;
      }));
    }));
    return counts;
  }

  /* ---- showing the state ---- */

  function showCounts(form, counts) {
    FACETS.forEach((facet) => {
      form.querySelectorAll(`[data-count-for^="${facet}:"]`).forEach((span) => {
        const value = span.getAttribute("data-count-for").slice(facet.length + 1);
        span.textContent = `(${counts[facet][value] || 0})`;
      });
    });
    ["from", "to"].forEach((which) => {
      Array.from(form.elements[which].options).forEach((o) => {
        if (o.value) o.textContent = `${o.value} (${counts[which][o.value] || 0})`;
      });
    });
  }

  function describe(form, state) {
    const parts = [];
    if (state.q) parts.push(`text “${state.q}”`);
    FACETS.forEach((f) => {
      if (!state[f].length) return;
      const legend = form.querySelector(`[data-facet="${f}"] legend`).textContent;
      const names = state[f].map((v) => {
        const label = form.querySelector(`label[for="kb-${f}-${CSS.escape(v)}"]`);
        return label ? label.firstChild.textContent.trim() : v;
      });
      parts.push(`${legend}: ${names.join(" or ")}`);
    });
    if (state.from || state.to) parts.push(`active ${state.from || "any year"} to ${state.to || "any year"}`);
    return parts.join("; ");
  }

  function matchText(n) {
    return `${n} case ${n === 1 ? "study matches" : "studies match"}`;
  }

  async function renderResults(root, results, start, token) {
    const list = root.querySelector("#kb-results");
    const chunk = await Promise.all(results.slice(start, start + PAGE_SIZE).map((r) => r.data()));
    if (token !== run) return start;  // a newer search has replaced this one
    chunk.forEach((data) => {
      const item = el("li", { class: "kb-explorer__result" });
      const heading = el("strong");
      heading.appendChild(el("a", { href: data.url }, data.meta.title || data.url));
      item.appendChild(heading);
      const meta = [data.meta.terms, data.meta.status, data.meta.period].filter(Boolean);
      item.appendChild(el("span", { class: "kb-explorer__meta" }, meta.join(" · ")));
      if (data.meta.summary) item.appendChild(el("span", { class: "kb-explorer__summary" }, data.meta.summary));
      list.appendChild(item);
    });
    root.querySelector("#kb-more-wrap").hidden = start + PAGE_SIZE >= results.length;
    return start + PAGE_SIZE;
  }

  /* The disclosure's label says how many filters are chosen, as it may be folded away. */
  function showChosen(form, state) {
    const chosen = FACETS.reduce((n, f) => n + state[f].length, 0) + (state.from || state.to ? 1 : 0);
    form.querySelector("#kb-filters > summary").textContent =
      chosen ? `Filters (${chosen} chosen)` : "Filters";
  }

  async function apply(root, form, items, state) {
    const token = ++run;
    showChosen(form, state);
    const status = root.querySelector("#kb-status");
    const all = root.querySelector("#kb-all");
    const list = root.querySelector("#kb-results");
    const more = root.querySelector("#kb-more-wrap");
    if (!state.q) {
      let shown = 0;
      items.forEach((item) => {
        item.li.hidden = !passes(form, item, state, null);
        if (!item.li.hidden) shown += 1;
      });
      list.hidden = true;
      more.hidden = true;
      all.hidden = false;
      status.textContent = isEmpty(state)
        ? `Showing all ${items.length} case studies.`
        : `${matchText(shown)}: ${describe(form, state)}.`;
      showCounts(form, localCounts(form, items, state));
      return;
    }
    status.textContent = "Searching…";
    try {
      await loadPagefind(form);
    } catch (error) {
      status.textContent = "Text search could not be loaded; the filters still work.";
      return;
    }
    const result = await search(form, state, null);
    if (token !== run) return;
    all.hidden = true;
    list.replaceChildren();
    list.hidden = false;
    let shown = await renderResults(root, result.results, 0, token);
    if (token !== run) return;
    status.textContent = `${matchText(result.results.length)}: ${describe(form, state)}.`;
    root.querySelector("#kb-more").onclick = async () => {
      shown = await renderResults(root, result.results, shown, token);
    };
    const counts = await textCounts(form, state);
    if (token === run) showCounts(form, counts);
  }

  function init() {
    const form = document.getElementById("kb-explorer");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "true";
    FACETS = Array.from(form.querySelectorAll("fieldset[data-facet]"), (group) => group.dataset.facet)
      .filter((key) => key !== "year");
    const root = form.parentElement;
    const items = readItems(root);
    // Filters fold away on narrow screens, where the results come first.
    if (matchMedia("(min-width: 60em)").matches) form.querySelector("#kb-filters").open = true;
    writeForm(form, stateFromUrl(form));
    const update = (push) => {
      const state = readState(form);
      const url = urlFor(state);
      if (url !== location.pathname + location.search + location.hash) {
        history[push ? "pushState" : "replaceState"]({ kbExplorer: true }, "", url);
      }
      apply(root, form, items, state);
    };
    let timer = null;
    form.addEventListener("change", (event) => {
      if (event.target.name !== "q") update(true);
    });
    form.elements.q.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => update(false), 300);
    });
    form.addEventListener("submit", (event) => { event.preventDefault(); update(true); });
    form.addEventListener("reset", () => { setTimeout(() => update(true), 0); });
    window.addEventListener("popstate", () => {
      if (!document.getElementById("kb-explorer")) return;
      writeForm(form, stateFromUrl(form));
      apply(root, form, items, readState(form));
    });
    apply(root, form, items, readState(form));
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(() => { init(); });
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
