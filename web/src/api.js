// GET requests to herald serve's JSON API (docs/api.md).

export async function api(path, params) {
  const qs = params && params.toString();
  const res = await fetch(qs ? `${path}?${qs}` : path, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await res.json();
  } catch {
    throw new Error(`${path}: the server answered ${res.status} without JSON`);
  }
  if (!res.ok) throw new Error(body && body.error ? body.error : `${path}: status ${res.status}`);
  return body;
}

// Words for the codes the API returns.
export const QUAD_NAMES = ["", "verbal cooperation", "material cooperation",
  "verbal conflict", "material conflict"];

// A tiny element builder: el("td", {class: "x"}, "text", child, ...).
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

// A link that opens an event in this page, keeping the filters.
export function eventHref(id) {
  const p = new URLSearchParams(location.search);
  p.set("event", id);
  return `?${p}`;
}
