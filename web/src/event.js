// One event (/api/event/ID): what, when, where, the flags in words, and
// every source sentence with its actors, verb and date marked.
import { api, el, QUAD_NAMES } from "./api.js";
import { readState, setState } from "./state.js";

// How a date was found (docs/dates.md), in words.
const DATE_HOW = {
  absolute: "written out in full in the sentence",
  "month-day": "a day and month in the sentence, with the year nearest the publication date",
  month: "a month in the sentence, with the year nearest the publication date",
  weekday: "a weekday in the sentence: the nearest such day on or before publication",
  "weekday-ahead": "a weekday in the sentence, read as the coming one",
  relative: "counted from the publication date (yesterday, last week, ...)",
  anchor: "counted from a day named earlier (the day before, the next day, ...)",
  range: "a range of dates in the sentence",
  since: "from a start in the sentence up to the publication date",
  decade: "a decade in the sentence",
  period: "a period before the publication date (the past two weeks, ...)",
  bracketed: "a date in brackets that says what a relative period was",
  document: "the article's publication date: the sentence names no time",
  "inferred-year": "a day and month whose year was inferred",
};

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function dateWords(d) {
  if (!d || !d.value) return "undated";
  const how = DATE_HOW[d.how] || d.how || "";
  return `${d.value} (${d.precision || "unknown precision"}${how ? `; ${how}` : ""})`;
}

// The flags of an event, each as a sentence.
export function flagNotes(e) {
  const notes = [];
  const f = e.flags || {};
  if (f.claim_by && f.claim_and_fact)
    notes.push(`Reported both as a claim by ${f.claim_by} and as fact by other sentences.`);
  else if (f.claim_by)
    notes.push(`A claim: known only from what ${f.claim_by} says; no source states it as fact.`);
  else if (f.claim_and_fact)
    notes.push("Reported both as a claim and as fact.");
  if (f.disputed)
    notes.push("Disputed: each side says the other did it; the opposite account is another event.");
  if (f.background)
    notes.push("Background: every mention restates earlier history rather than reporting news; such events are left out unless \"Include background\" is ticked.");
  return notes;
}

// [start, end) byte offsets in a UTF-8 text as string indices.
function byteRange(text, bytes, start, end) {
  const dec = new TextDecoder();
  return [dec.decode(bytes.slice(0, start)).length, dec.decode(bytes.slice(0, end)).length];
}

// The sentence of source s with <mark>s: the source and target actors and
// the verb and the date from their spans (bytes in the sentence, or in the
// paragraph when sentence_span says where the sentence starts); an actor
// or date without a span is found by its words.
export function markedSentence(s) {
  const text = s.text || "";
  const bytes = new TextEncoder().encode(text);
  const base = s.sentence_span ? s.sentence_span[0] : 0;
  const marks = [];
  const add = (span, cls, label) => {
    if (!span || span[1] <= span[0]) return false;
    const a = span[0] - base, b = span[1] - base;
    if (a < 0 || b > bytes.length) return false;
    const [i, j] = byteRange(text, bytes, a, b);
    marks.push({ i, j, cls, label });
    return true;
  };
  const byWords = (words, cls, label) => {
    const i = words ? text.indexOf(words) : -1;
    if (i >= 0) marks.push({ i, j: i + words.length, cls, label });
  };
  for (const [key, cls, label] of [["source", "m-source", "source"], ["target", "m-target", "target"]]) {
    const a = s[key] || {};
    if (!add(a.span, cls, `${label} ${a.code || ""}`.trim())) byWords(a.text, cls, `${label} ${a.code || ""}`.trim());
  }
  add(s.verb && s.verb.span, "m-verb", `verb, event ${s.code}`);
  if (s.date && !add(s.date.span, "m-date", "date") && s.date.text) byWords(s.date.text, "m-date", "date");

  marks.sort((p, q) => p.i - q.i || q.j - p.j);
  const out = [];
  let pos = 0;
  for (const m of marks) {
    if (m.i < pos) continue;                      // overlaps one already marked
    out.push(text.slice(pos, m.i));
    out.push(el("mark", { class: m.cls, title: m.label }, text.slice(m.i, m.j)));
    pos = m.j;
  }
  out.push(text.slice(pos));
  return out;
}

function sourceItem(s) {
  const title = s.title || s.doc;
  const notes = [];
  if (s.claim_by) notes.push(`a claim by ${s.claim_by}`);
  if (s.via) notes.push(`reported citing ${s.via}`);
  if (s.repeat) notes.push("a repeat of text published elsewhere");
  if (s.background) notes.push("background: restates history");
  return el("li", { class: "source" },
    el("blockquote", { class: "sentence" }, markedSentence(s)),
    el("p", { class: "meta" },
      s.url ? el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank" }, title) : el("span", {}, title),
      ` — ${s.outlet || "unknown outlet"}, published ${s.published || "on an unknown date"}`,
      `; date ${dateWords(s.date)}`,
      s.place && s.place.name ? `; place ${s.place.name}` : "",
      notes.length ? `; ${notes.join("; ")}` : ""));
}

export async function drawEvent(root, id) {
  root.hidden = false;
  root.replaceChildren(el("p", {}, "Loading event…"));
  let e;
  try {
    e = await api(`/api/event/${encodeURIComponent(id)}`);
  } catch (err) {
    root.replaceChildren(el("h2", { id: "event-title" }, "Event"), el("p", { class: "error" }, err.message), closeButton());
    return;
  }
  const notes = flagNotes(e);
  const disputed = e.disputed_with
    ? el("p", {}, "The opposite account: ", el("a", { href: `?event=${encodeURIComponent(e.disputed_with)}&background=1` }, e.disputed_with))
    : null;
  root.replaceChildren(...[
    el("div", { class: "event-head" },
      el("h2", { id: "event-title" }, `${e.source || "?"} → ${e.target || "?"}: event ${e.code}${e.code_name ? ` (${e.code_name})` : ""}`),
      closeButton()),
    el("dl", { class: "facts" },
      el("dt", {}, "Quad class"), el("dd", {}, `${e.quad} ${QUAD_NAMES[e.quad] || ""}`),
      el("dt", {}, "Goldstein"), el("dd", {}, e.goldstein.toFixed(1)),
      el("dt", {}, "Date"), el("dd", {}, dateWords(e.date)),
      el("dt", {}, "Place"), el("dd", {}, e.place ? `${e.place.name} (${e.place.country})` : "none named"),
      el("dt", {}, "Reported"), el("dd", {}, `${plural(e.mentions, "mention")} in ${plural(e.articles, "article")} from ${plural(e.outlets, "outlet")}, first seen ${e.first_seen || "?"}; ${plural(e.repeats, "repeat")}`),
      el("dt", {}, "Tone"), el("dd", {}, e.tone === null || e.tone === undefined ? "unknown" : e.tone.toFixed(2))),
    notes.length ? el("ul", { class: "flags", "aria-label": "Flags" }, notes.map((n) => el("li", {}, n))) : null,
    disputed,
    el("p", { class: "legend-marks" }, "Marked: ",
      el("mark", { class: "m-source" }, "source actor"), " ", el("mark", { class: "m-target" }, "target actor"), " ",
      el("mark", { class: "m-verb" }, "verb"), " ", el("mark", { class: "m-date" }, "date")),
    el("h3", {}, `Sources (${e.sources.length})`),
    el("ol", { class: "sources" }, e.sources.map(sourceItem)),
  ].filter(Boolean));
}

function closeButton() {
  return el("button", { type: "button", class: "close", "aria-label": "Close the event",
    onclick: () => setState({ ...readState(), event: undefined }) }, "Close");
}
