// The page's state lives in the URL's query string, so that every view can
// be bookmarked and shared: the filters of docs/api.md, plus the table's
// sort and offset, the open event and the search words.

export const FILTERS = ["actor", "code", "quad", "from", "to", "place", "text",
  "min_sources", "background"];

// The current state: {actor: [..], code: "19", ..., sort, offset, event, q}.
export function readState() {
  const p = new URLSearchParams(location.search);
  const s = { actor: p.getAll("actor").filter(Boolean) };
  for (const key of [...FILTERS.slice(1), "sort", "offset", "event", "q"]) {
    const v = p.get(key);
    if (v !== null && v !== "") s[key] = v;
  }
  return s;
}

// Query parameters for the API: the filters only (actor repeated).
export function filterParams(s, extra = {}) {
  const p = new URLSearchParams();
  for (const a of s.actor || []) p.append("actor", a);
  for (const key of FILTERS.slice(1)) if (s[key]) p.set(key, s[key]);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== "") p.set(k, v);
  return p;
}

// Writes state to the URL (a new history entry) and tells the page.
export function setState(s) {
  const p = filterParams(s);
  for (const key of ["sort", "offset", "event", "q"]) if (s[key]) p.set(key, s[key]);
  const qs = p.toString();
  history.pushState(null, "", qs ? `?${qs}` : location.pathname);
  window.dispatchEvent(new Event("herald:state"));
}

// Changes some filters: the table goes back to its first page.
export function updateFilters(changes) {
  const s = { ...readState(), ...changes };
  delete s.offset;
  setState(s);
}
