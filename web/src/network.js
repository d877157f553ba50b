// The actor network of the filtered events (/api/network): a force layout
// computed once (no animation, so the picture is the same every time),
// nodes sized by events, arrows weighted by events and coloured by their
// mean Goldstein score. Clicking a node filters by that actor.
import { select } from "d3-selection";
import { scaleLinear, scaleSqrt } from "d3-scale";
import { max } from "d3-array";
import { forceSimulation, forceLink, forceManyBody, forceX, forceY, forceCollide } from "d3-force";
import { api, el } from "./api.js";
import { filterParams, updateFilters } from "./state.js";

export const goldsteinColour = scaleLinear().domain([-10, 0, 10])
  .range(["#b2182b", "#bbbbbb", "#2166ac"]).clamp(true);

export async function drawNetwork(root, state) {
  const net = await api("/api/network", filterParams(state));
  root.replaceChildren();
  if (!net.nodes.length) {
    root.append(el("p", { class: "empty" }, "No events with both actors match the filters."));
    return;
  }
  const width = Math.max(root.clientWidth || 460, 300), height = 380;
  const nodes = net.nodes.map((n) => ({ ...n }));
  const links = net.edges.map((e) => ({ ...e }));
  const r = scaleSqrt().domain([0, max(nodes, (n) => n.events)]).range([4, 22]);
  const w = scaleLinear().domain([1, Math.max(2, max(links, (l) => l.events))]).range([1.5, 6]);

  const sim = forceSimulation(nodes)
    .force("link", forceLink(links).id((n) => n.id).distance(90))
    .force("charge", forceManyBody().strength(-220))
    // a gentle pull to the middle keeps unconnected actors in sight
    .force("x", forceX(width / 2).strength(0.07))
    .force("y", forceY(height / 2).strength(0.1))
    .force("collide", forceCollide((n) => r(n.events) + 14))
    .stop();
  for (let i = 0; i < 300; i++) sim.tick();
  const pad = 26;
  for (const n of nodes) {
    n.x = Math.max(pad, Math.min(width - pad, n.x));
    n.y = Math.max(pad, Math.min(height - pad, n.y));
  }

  const svg = select(root).append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height)
    .attr("role", "img")
    .attr("aria-label", `Actor network: ${nodes.length} actors, ${links.length} directed pairs`);
  svg.append("defs").append("marker").attr("id", "arrow").attr("viewBox", "0 -4 8 8")
    .attr("refX", 8).attr("markerWidth", 9).attr("markerHeight", 9).attr("orient", "auto")
    .attr("markerUnits", "userSpaceOnUse")
    .append("path").attr("d", "M0,-4L8,0L0,4").attr("fill", "context-stroke");

  svg.append("g").attr("class", "edges").selectAll("path").data(links).join("path")
    .attr("d", (l) => edgePath(l, r))
    .attr("fill", "none")
    .attr("stroke", (l) => goldsteinColour(l.goldstein))
    .attr("stroke-width", (l) => w(l.events))
    .attr("stroke-opacity", 0.8)
    .attr("marker-end", "url(#arrow)")
    .append("title").text((l) => `${l.source.id} → ${l.target.id}: ${l.events} events, mean Goldstein ${l.goldstein.toFixed(1)}`);

  const node = svg.append("g").attr("class", "nodes").selectAll("g").data(nodes).join("g")
    .attr("transform", (n) => `translate(${n.x},${n.y})`)
    .attr("tabindex", 0).attr("role", "button")
    .attr("aria-label", (n) => `${n.id}: ${n.events} events; filter by this actor`)
    .on("click", (_, n) => updateFilters({ actor: [n.id] }))
    .on("keydown", (ev, n) => { if (ev.key === "Enter" || ev.key === " ") updateFilters({ actor: [n.id] }); });
  node.append("circle").attr("r", (n) => r(n.events)).attr("class", "node");
  node.append("text").attr("dy", (n) => -r(n.events) - 3).attr("text-anchor", "middle").text((n) => n.id);
}

// A slightly curved line from the edge of one circle to the edge of the
// other, so that A→B and B→A do not lie on each other.
function edgePath(l, r) {
  const { x: x1, y: y1 } = l.source, { x: x2, y: y2 } = l.target;
  if (l.source === l.target) {
    const s = r(l.source.events);
    return `M${x1 + s},${y1} a14,14 0 1,1 0,${-2 * s}`;
  }
  const dx = x2 - x1, dy = y2 - y1, d = Math.hypot(dx, dy) || 1;
  const ux = dx / d, uy = dy / d;
  const a = [x1 + ux * r(l.source.events), y1 + uy * r(l.source.events)];
  const b = [x2 - ux * (r(l.target.events) + 2), y2 - uy * (r(l.target.events) + 2)];
  const mx = (a[0] + b[0]) / 2 - uy * d * 0.12, my = (a[1] + b[1]) / 2 + ux * d * 0.12;
  return `M${a[0]},${a[1]}Q${mx},${my} ${b[0]},${b[1]}`;
}
