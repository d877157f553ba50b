// One page of /api/events as a table: headers of the columns the API can
// sort by are buttons; pages of PAGE rows.
import { api, el, eventHref, QUAD_NAMES } from "./api.js";
import { filterParams, readState, setState } from "./state.js";

const PAGE = 25;
const SORTABLE = { date: "Date", mentions: "Mentions", goldstein: "Goldstein" };

export async function drawTable(root, state) {
  const sort = state.sort || "date";
  const offset = Math.max(0, parseInt(state.offset || "0", 10) || 0);
  const res = await api("/api/events", filterParams(state, { limit: PAGE, offset, sort }));
  root.replaceChildren();
  if (!res.total) {
    root.append(el("p", { class: "empty" }, "No events match the filters."));
    return res;
  }
  const header = (key, label) => {
    if (!SORTABLE[key]) return el("th", { scope: "col" }, label);
    const dir = sort === key ? "ascending" : sort === `-${key}` ? "descending" : null;
    const next = sort === key ? `-${key}` : key;
    return el("th", { scope: "col", "aria-sort": dir || "none" },
      el("button", { type: "button", class: "sort", "data-sort": key,
        onclick: () => setState({ ...readState(), sort: next, offset: undefined }) },
      label, dir ? (dir === "ascending" ? " ▲" : " ▼") : ""));
  };
  root.append(el("table", { class: "events", "aria-describedby": "table-range" },
    el("thead", {}, el("tr", {}, header("date", "Date"), header("source", "Source"),
      header("target", "Target"), header("code", "Code"), header("quad", "Quad class"),
      header("goldstein", "Goldstein"), header("place", "Place"),
      header("mentions", "Mentions"), header("sentence", "First sentence"))),
    el("tbody", {}, res.events.map(row))));
  root.append(pager(res));
  return res;
}

function row(e) {
  const flags = [];
  if (e.flags.disputed) flags.push("disputed");
  if (e.flags.claim_by) flags.push(`claim by ${e.flags.claim_by}`);
  if (e.flags.background) flags.push("background");
  return el("tr", { "data-id": e.id },
    el("td", { class: "nowrap" }, el("a", { href: eventHref(e.id), "aria-label": `Event ${e.id} of ${e.date.value || "unknown date"}` },
      e.date.value || "undated")),
    el("td", {}, e.source || "—"),
    el("td", {}, e.target || "—"),
    el("td", { title: e.code_name || null }, e.code),
    el("td", { class: `quad q${e.quad}` }, QUAD_NAMES[e.quad] || ""),
    el("td", { class: "num" }, e.goldstein.toFixed(1)),
    el("td", {}, e.place ? e.place.name : ""),
    el("td", { class: "num", title: `${e.articles} articles, ${e.outlets} outlets, ${e.repeats} repeats` }, e.mentions),
    el("td", { class: "sentence" }, flags.length ? el("span", { class: "flag" }, flags.join(", ")) : null,
      " ", e.sentence || ""));
}

function pager(res) {
  const last = Math.min(res.offset + res.events.length, res.total);
  const go = (offset) => setState({ ...readState(), offset: offset ? String(offset) : undefined });
  return el("nav", { class: "pager", "aria-label": "Pages of events" },
    el("button", { type: "button", disabled: res.offset === 0,
      onclick: () => go(Math.max(0, res.offset - PAGE)) }, "Previous"),
    el("span", { id: "table-range" }, `Events ${res.offset + 1}–${last} of ${res.total}`),
    el("button", { type: "button", disabled: last >= res.total,
      onclick: () => go(res.offset + PAGE) }, "Next"));
}
