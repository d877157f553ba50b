// Free-text search over source sentences (/api/search), each result with
// the words marked and a link to its event.
import { api, el, eventHref } from "./api.js";
import { readState, setState } from "./state.js";

function marked(text, words) {
  if (!words.length) return [text];
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const re = new RegExp(`(${escaped.join("|")})`, "gi");
  return text.split(re).map((part, i) => (i % 2 ? el("mark", { class: "m-word" }, part) : part));
}

export async function drawSearch(root, q) {
  root.hidden = false;
  const words = q.split(/\s+/).filter(Boolean);
  const { results } = await api("/api/search", new URLSearchParams({ q, limit: "100" }));
  root.replaceChildren(
    el("div", { class: "event-head" },
      el("h2", { id: "search-title" }, `Sentences with “${q}”: ${results.length}${results.length === 100 ? " (the first 100)" : ""}`),
      el("button", { type: "button", class: "close", "aria-label": "Close the search results",
        onclick: () => setState({ ...readState(), q: undefined }) }, "Close")),
    results.length
      ? el("ol", { class: "results" }, results.map((r) => el("li", {},
        el("blockquote", { class: "sentence" }, marked(r.text || "", words)),
        el("p", { class: "meta" }, el("a", { href: eventHref(r.event) }, `event ${r.code}, ${r.date || "undated"}`)))))
      : el("p", { class: "empty" }, "No sentence has all these words."));
}
