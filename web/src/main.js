// The page: reads the state from the URL, fills the filter form and draws
// each view; every change of state (form, brush, clicks, back button)
// redraws from the URL.
import { drawTimeline } from "./timeline.js";
import { drawTable } from "./table.js";
import { drawEvent } from "./event.js";
import { drawNetwork } from "./network.js";
import { drawMap } from "./map.js";
import { drawSearch } from "./search.js";
import { el } from "./api.js";
import { FILTERS, readState, setState, updateFilters } from "./state.js";

const $ = (id) => document.getElementById(id);

function fillForm(s) {
  const form = $("filters");
  for (const key of FILTERS) {
    const input = form.elements[key];
    if (key === "actor") input.value = (s.actor || []).join(" ");
    else if (input.type === "checkbox") input.checked = s[key] === "1";
    else input.value = s[key] || "";
  }
  $("search-q").value = s.q || "";
}

function readForm() {
  const form = $("filters");
  const changes = { actor: form.elements.actor.value.split(/[\s,]+/).filter(Boolean) };
  for (const key of FILTERS.slice(1)) {
    const input = form.elements[key];
    changes[key] = input.type === "checkbox" ? (input.checked ? "1" : undefined) : input.value.trim() || undefined;
  }
  return changes;
}

// Runs one view's drawing; a failure shows in that view, not in the console.
async function guarded(root, draw) {
  try {
    await draw();
  } catch (err) {
    root.replaceChildren(el("p", { class: "error", role: "alert" }, `Could not load: ${err.message}`));
  }
}

let drawing = 0;
async function render() {
  const s = readState();
  const mine = ++drawing;
  fillForm(s);
  $("status").textContent = "Loading…";
  const ev = $("event-view"), sv = $("search-view");
  ev.hidden = !s.event;
  sv.hidden = !s.q;
  const jobs = [
    guarded($("timeline"), () => drawTimeline($("timeline"), s)),
    guarded($("table"), async () => {
      const res = await drawTable($("table"), s);
      if (mine === drawing) $("status").textContent = `${res.total} events match.`;
    }),
    guarded($("network"), () => drawNetwork($("network"), s)),
    guarded($("map"), () => drawMap($("map"), s)),
  ];
  if (s.event) jobs.push(guarded(ev, () => drawEvent(ev, s.event)));
  if (s.q) jobs.push(guarded(sv, () => drawSearch(sv, s.q)));
  await Promise.all(jobs);
  if (mine === drawing) document.body.dataset.ready = "1";   // for the browser tests
}

function start() {
  $("filters").addEventListener("submit", (e) => {
    e.preventDefault();
    updateFilters(readForm());
  });
  $("f-clear").addEventListener("click", () => setState({}));
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("search-q").value.trim();
    setState({ ...readState(), q: q || undefined });
  });
  // links inside the page change the state without a reload
  document.addEventListener("click", (e) => {
    const a = e.target.closest && e.target.closest("a[href^='?']");
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    history.pushState(null, "", a.getAttribute("href"));
    window.dispatchEvent(new Event("herald:state"));
    if (a.getAttribute("href").includes("event=")) window.scrollTo({ top: 0 });
  });
  window.addEventListener("popstate", () => window.dispatchEvent(new Event("herald:state")));
  window.addEventListener("herald:state", () => {
    delete document.body.dataset.ready;
    render();
  });
  render();
}

start();
