/* Case-study explorer: faceted filtering over Pagefind's index.
 *
 * AND across facets, OR within one facet. The state lives in the URL (q, theme, authority,
 * lever, status, from, to), so a view can be bookmarked and shared; Back and Forward work.
 * Every option shows how many case studies it would leave, given the other facets. Without
 * JavaScript the form stays hidden and the page lists every case study.
 */
(function () {
  "use strict";

  const FACETS = ["theme", "authority", "lever", "status"];
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

  function stateFromUrl(form) {
    const params = new URLSearchParams(location.search);
    const years = Array.from(form.elements.from.options, (o) => o.value).filter(Boolean);
    const state = { q: params.get("q") || "", from: params.get("from") || "",
                    to: params.get("to") || "" };
    if (!years.includes(state.from)) state.from = "";
    if (!years.includes(state.to)) state.to = "";
    FACETS.forEach((f) => { state[f] = params.getAll(f); });
    return state;
  }

  function urlFor(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACETS.forEach((f) => state[f].forEach((v) => params.append(f, v)));
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  function isEmpty(state) {
    return !state.q && !state.from && !state.to && FACETS.every((f) => !state[f].length);
  }

  function yearList(form, from, to) {
    const years = Array.from(form.elements.from.options, (o) => o.value).filter(Boolean);
    return years.filter((y) => (!from || +y >= +from) && (!to || +y <= +to));
  }

  /* Pagefind filters for the state, leaving out one facet (to count that facet's options). */
  function filtersFor(form, state, without) {
    const filters = {};
    FACETS.forEach((f) => {
      if (f !== without && state[f].length) filters[f] = { any: state[f] };
    });
    if (without !== "year" && (state.from || state.to)) {
      filters.year = { any: yearList(form, state.from, state.to) };
    }
    return filters;
  }

  async function search(form, state, without, extra) {
    const filters = Object.assign(filtersFor(form, state, without), extra || {});
    const options = { filters };
    if (!state.q) options.sort = { published: "desc" };
    return pagefind.search(state.q || null, options);
  }

  async function updateCounts(form, state, token) {
    const jobs = FACETS.map(async (facet) => {
      const others = filtersFor(form, state, facet);
      const counts = !state.q && !Object.keys(others).length
        ? await pagefind.filters()
        : (await search(form, state, facet)).filters;
      return [facet, (counts && counts[facet]) || {}];
    });
    const yearJobs = ["from", "to"].map(async (which) => {
      const select = form.elements[which];
      const counts = {};
      await Promise.all(Array.from(select.options).filter((o) => o.value).map(async (o) => {
        const from = which === "from" ? o.value : state.from;
        const to = which === "to" ? o.value : state.to;
        const years = yearList(form, from, to);
        if (!years.length) { counts[o.value] = 0; return; }
        const result = await search(form, state, "year", { year: { any: years } });
        counts[o.value] = result.results.length;
      }));
      return [which, counts];
    });
    const facetCounts = await Promise.all(jobs);
    const yearCounts = await Promise.all(yearJobs);
    if (token !== run) return;
    facetCounts.forEach(([facet, counts]) => {
      form.querySelectorAll(`[data-count-for^="${facet}:"]`).forEach((span) => {
        const value = span.getAttribute("data-count-for").slice(facet.length + 1);
        span.textContent = `(${counts[value] || 0})`;
      });
    });
    yearCounts.forEach(([which, counts]) => {
      Array.from(form.elements[which].options).forEach((o) => {
        if (o.value) o.textContent = `${o.value} (${counts[o.value] || 0})`;
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

  async function renderResults(root, results, start, token) {
    const list = root.querySelector("#kb-results");
    const chunk = await Promise.all(results.slice(start, start + PAGE_SIZE).map((r) => r.data()));
    if (token !== run) return start;  // a newer search has replaced this one
    chunk.forEach((data) => {
      const item = el("li", { class: "kb-explorer__result" });
      const title = el("a", { href: data.url }, data.meta.title || data.url);
      const heading = el("strong");
      heading.appendChild(title);
      item.appendChild(heading);
      const meta = [data.meta.authorities, data.meta.status, data.meta.period].filter(Boolean);
      item.appendChild(el("span", { class: "kb-explorer__meta" }, meta.join(" · ")));
      if (data.meta.summary) item.appendChild(el("span", { class: "kb-explorer__summary" }, data.meta.summary));
      list.appendChild(item);
    });
    const more = root.querySelector("#kb-more-wrap");
    more.hidden = start + PAGE_SIZE >= results.length;
    return start + PAGE_SIZE;
  }

  async function apply(root, form, state) {
    const token = ++run;
    const status = root.querySelector("#kb-status");
    const all = root.querySelector("#kb-all");
    const list = root.querySelector("#kb-results");
    const total = form.dataset.total;
    if (isEmpty(state)) {
      list.hidden = true;
      root.querySelector("#kb-more-wrap").hidden = true;
      all.hidden = false;
      status.textContent = `Showing all ${total} case studies. Choose filters to narrow them down.`;
      await updateCounts(form, state, token);
      return;
    }
    status.textContent = "Searching…";
    const result = await search(form, state, null);
    if (token !== run) return;
    all.hidden = true;
    list.replaceChildren();
    list.hidden = false;
    let shown = await renderResults(root, result.results, 0, token);
    if (token !== run) return;
    const n = result.results.length;
    status.textContent = `${n} case ${n === 1 ? "study matches" : "studies match"}: ${describe(form, state)}.`;
    root.querySelector("#kb-more").onclick = async () => {
      shown = await renderResults(root, result.results, shown, token);
    };
    await updateCounts(form, state, token);
  }

  async function init() {
    const form = document.getElementById("kb-explorer");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "true";
    const root = form.parentElement;
    form.dataset.total = String(root.querySelectorAll("#kb-all > ul > li").length);
    const scope = typeof __md_scope !== "undefined" ? __md_scope : new URL("..", location);
    try {
      pagefind = await import(new URL(form.dataset.bundle + "pagefind.js", scope).href);
      await pagefind.options({ baseUrl: new URL(".", scope).pathname });
      await pagefind.init();
      // Pagefind loads a filter's data only when a search uses it, and reports counts only
      // for loaded filters; load them all once so every option can show its count.
      await pagefind.filters();
    } catch (error) {
      root.querySelector("#kb-status").textContent =
        "The filters could not be loaded, so every case study is listed below.";
      return;
    }
    form.hidden = false;
    writeForm(form, stateFromUrl(form));
    const update = (push) => {
      const state = readState(form);
      const url = urlFor(state);
      if (url !== location.pathname + location.search + location.hash) {
        history[push ? "pushState" : "replaceState"]({ kbExplorer: true }, "", url);
      }
      apply(root, form, state);
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
      apply(root, form, readState(form));
    });
    apply(root, form, readState(form));
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(() => { init(); });
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
