// The events with a place (/api/map) as dots on the country shapes of
// world-atlas (served with the page as /assets/countries.json). The map is
// framed around the dots; drag and scroll to pan and zoom.
import { select } from "d3-selection";
import { geoNaturalEarth1, geoPath, geoGraticule10 } from "d3-geo";
import { scaleSqrt } from "d3-scale";
import { max } from "d3-array";
import { zoom } from "d3-zoom";
import { feature } from "topojson-client";
import { api, el } from "./api.js";
import { filterParams, updateFilters } from "./state.js";

let countries = null;   // loaded once

async function loadCountries() {
  if (!countries) {
    const topo = await api("/assets/countries.json");
    countries = feature(topo, topo.objects.countries);
  }
  return countries;
}

// Points at the same place as one dot with its events.
function byPlace(points) {
  const places = new Map();
  for (const p of points) {
    const key = `${p.lat},${p.lon},${p.place}`;
    if (!places.has(key)) places.set(key, { ...p, events: [] });
    places.get(key).events.push(p);
  }
  return [...places.values()];
}

// A lon/lat box around the points, at least `span` degrees wide and high.
function frame(points, span = 24) {
  const lons = points.map((p) => p.lon), lats = points.map((p) => p.lat);
  let [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const grow = (lo, hi, min) => { const c = (lo + hi) / 2, h = Math.max(hi - lo + 6, min) / 2; return [c - h, c + h]; };
  [w, e] = grow(w, e, span);
  [s, n] = grow(s, n, span * 0.6);
  s = Math.max(s, -85); n = Math.min(n, 85);
  return { type: "Feature", geometry: { type: "Polygon", coordinates: [[[w, s], [w, n], [e, n], [e, s], [w, s]]] } };
}

export async function drawMap(root, state) {
  const [world, { points }] = await Promise.all([loadCountries(), api("/api/map", filterParams(state))]);
  root.replaceChildren();
  const width = Math.max(root.clientWidth || 460, 300), height = 380;
  const places = byPlace(points);
  const projection = geoNaturalEarth1();
  if (places.length) projection.fitExtent([[10, 10], [width - 10, height - 10]], frame(places));
  else projection.fitSize([width, height], { type: "Sphere" });
  const path = geoPath(projection);
  const r = scaleSqrt().domain([0, max(places, (p) => p.events.length) || 1]).range([0, 14]);

  const svg = select(root).append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height)
    .attr("role", "img")
    .attr("aria-label", `Map: ${points.length} events at ${places.length} places`);
  svg.append("clipPath").attr("id", "map-clip").append("rect").attr("width", width).attr("height", height);
  const g = svg.append("g").attr("clip-path", "url(#map-clip)").append("g");
  g.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
  g.append("path").attr("class", "graticule").attr("d", path(geoGraticule10()));
  g.append("g").attr("class", "countries").selectAll("path").data(world.features).join("path")
    .attr("d", path).append("title").text((f) => f.properties.name);
  const dots = g.append("g").attr("class", "markers").selectAll("circle").data(places).join("circle")
    .attr("cx", (p) => projection([p.lon, p.lat])[0])
    .attr("cy", (p) => projection([p.lon, p.lat])[1])
    .attr("r", (p) => Math.max(3, r(p.events.length)))
    .attr("class", "marker").attr("data-place", (p) => p.place).attr("data-events", (p) => p.events.length)
    .attr("tabindex", 0).attr("role", "button")
    .attr("aria-label", (p) => `${p.place} (${p.country}): ${p.events.length} events; filter by this place`)
    .on("click", (_, p) => updateFilters({ place: p.place }))
    .on("keydown", (ev, p) => { if (ev.key === "Enter" || ev.key === " ") updateFilters({ place: p.place }); });
  dots.append("title").text((p) => `${p.place} (${p.country}): ${p.events.length} events`);
  svg.call(zoom().scaleExtent([0.5, 20]).on("zoom", (ev) => {
    g.attr("transform", ev.transform);
    dots.attr("r", (p) => Math.max(3, r(p.events.length)) / ev.transform.k);
  }));
  if (!points.length) root.append(el("p", { class: "empty" }, "No events with a place match the filters."));
}
