// Events per day, stacked by quad class, with a brush that sets the date
// filter. The chart covers the filter's dates when they are set (so that
// brushing drills down) and the days with events otherwise.
import { select } from "d3-selection";
import { scaleUtc, scaleLinear } from "d3-scale";
import { axisBottom, axisLeft } from "d3-axis";
import { brushX } from "d3-brush";
import { max } from "d3-array";
import { api, el, QUAD_NAMES } from "./api.js";
import { filterParams, updateFilters } from "./state.js";

const DAY = 86400000;
export const QUAD_COLOURS = ["", "#92c5de", "#2166ac", "#f4a582", "#b2182b"];

// "2020", "2020-10" or "2020-10-14" as a UTC time: the first day of the
// period, or the day after its last with `after`. NaN when malformed.
export function parseDay(text, after = false) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(text || "");
  if (!m) return NaN;
  const [y, mo, d] = [+m[1], m[2] ? +m[2] - 1 : null, m[3] ? +m[3] : null];
  if (!after) return Date.UTC(y, mo ?? 0, d ?? 1);
  if (d !== null) return Date.UTC(y, mo, d + 1);
  if (mo !== null) return Date.UTC(y, mo + 1, 1);
  return Date.UTC(y + 1, 0, 1);
}

export const isoDay = (t) => new Date(t).toISOString().slice(0, 10);

export async function drawTimeline(root, state) {
  const { days } = await api("/api/timeline", filterParams(state));
  root.replaceChildren();
  if (!days.length) {
    root.append(el("p", { class: "empty" }, "No dated events match the filters."));
    return;
  }
  const first = parseDay(days[0].date), last = parseDay(days[days.length - 1].date, true);
  const from = parseDay(state.from), to = parseDay(state.to, true);
  const domain = [isNaN(from) ? first : from, isNaN(to) ? last : to];
  if (domain[1] <= domain[0]) domain[1] = domain[0] + DAY;

  const width = Math.max(root.clientWidth || 900, 320), height = 200;
  const m = { top: 10, right: 12, bottom: 24, left: 36 };
  const x = scaleUtc().domain(domain).range([m.left, width - m.right]);
  const total = (d) => d.quad.reduce((a, b) => a + b, 0);
  const y = scaleLinear().domain([0, max(days, total)]).nice().range([height - m.bottom, m.top]);
  // a day's width, but at least 3 pixels so that a lone day shows
  const dayWidth = x(domain[0] + DAY) - x(domain[0]);
  const barWidth = Math.max(3, dayWidth - 1);
  const barX = (t) => x(t) + Math.min(0, (dayWidth - barWidth) / 2);
  const n = days.reduce((a, d) => a + total(d), 0);

  const svg = select(root).append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height)
    .attr("role", "img")
    .attr("aria-label", `Events per day from ${days[0].date} to ${days[days.length - 1].date}: ${n} events on ${days.length} days, stacked by quad class`);

  const bars = svg.append("g").attr("class", "bars");
  for (const d of days) {
    const t = parseDay(d.date);
    let y0 = 0;
    for (let q = 1; q <= 4; q++) {
      const c = d.quad[q - 1];
      if (!c) continue;
      bars.append("rect")
        .attr("x", barX(t)).attr("width", barWidth)
        .attr("y", y(y0 + c)).attr("height", y(y0) - y(y0 + c))
        .attr("fill", QUAD_COLOURS[q])
        .attr("data-date", d.date).attr("data-quad", q).attr("data-count", c)
        .append("title").text(`${d.date}: ${c} ${QUAD_NAMES[q]}`);
      y0 += c;
    }
  }
  svg.append("g").attr("transform", `translate(0,${height - m.bottom})`)
    .call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))));
  svg.append("g").attr("transform", `translate(${m.left},0)`)
    .call(axisLeft(y).ticks(4).tickFormat((v) => (Number.isInteger(v) ? v : "")));

  const brush = brushX().extent([[m.left, m.top], [width - m.right, height - m.bottom]])
    .on("end", (event) => {
      if (!event.sourceEvent) return;           // moved by code, not by the user
      if (!event.selection) {                   // a click: the dates go
        if (state.from || state.to) updateFilters({ from: undefined, to: undefined });
        return;
      }
      const [a, b] = event.selection.map((px) => x.invert(px).getTime());
      const start = Math.floor(a / DAY) * DAY, end = Math.max(start, Math.ceil(b / DAY) * DAY - DAY);
      updateFilters({ from: isoDay(start), to: isoDay(end) });
    });
  svg.append("g").attr("class", "brush").call(brush);

  root.append(legend(), dayTable(days, total));
}

function legend() {
  return el("ul", { class: "legend", "aria-label": "Quad classes" },
    [1, 2, 3, 4].map((q) => el("li", {},
      el("span", { class: "swatch", style: `background:${QUAD_COLOURS[q]}` }), QUAD_NAMES[q])));
}

// The counts as a table for screen readers (and for the curious).
function dayTable(days, total) {
  const shown = days.slice(0, 400);
  return el("details", { class: "day-table" },
    el("summary", {}, "Counts as a table"),
    el("table", {},
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Day"),
        [1, 2, 3, 4].map((q) => el("th", { scope: "col" }, QUAD_NAMES[q])),
        el("th", { scope: "col" }, "All"))),
      el("tbody", {}, shown.map((d) => el("tr", {}, el("th", { scope: "row" }, d.date),
        d.quad.map((c) => el("td", {}, c)), el("td", {}, total(d)))))),
    days.length > shown.length ? el("p", {}, `The first ${shown.length} of ${days.length} days.`) : null);
}
