#!/usr/bin/env python3
"""A stand-in for `herald serve` (docs/api.md), for working on the web page
and its tests where the real server is not built.

It reads the events of a database made by `herald run` through
`herald export --format jsonl --include-background` (the shape of
/api/event/ID) and the database itself (sqlite3) for the dates as day
numbers and the spans of the actors, and answers the API's GET requests
from memory. Filters follow docs/api.md closely enough for the page; the
real server is the reference.

Usage: mock_server.py --db DB [--herald build/herald] [--port 0]
Prints "listening on PORT" once it answers.
"""

import argparse
import datetime
import json
import os
import sqlite3
import subprocess
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
EPOCH = datetime.date(1970, 1, 1)
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".json": "application/json",
         ".png": "image/png", ".svg": "image/svg+xml"}


def load(db, herald):
    """The events (export objects, with their day numbers) by id."""
    out = subprocess.run([herald, "export", "--db", db, "--format", "jsonl",
                          "--include-background"], check=True, capture_output=True, text=True)
    events = {}
    for line in out.stdout.splitlines():
        if line.strip():
            ev = json.loads(line)
            events[ev["id"]] = ev
    con = sqlite3.connect(db)
    for eid, start, end in con.execute("SELECT id, date_start, date_end FROM events"):
        if eid in events:
            events[eid]["_start"], events[eid]["_end"] = start, end
    # the actors' spans, which the export gives as text only
    spans = {}
    for row in con.execute("SELECT doc, sentence, verb_start, source_start, source_end,"
                           " target_start, target_end FROM mentions"):
        spans[row[:3]] = row[3:]
    for ev in events.values():
        for s in ev["sources"]:
            sp = spans.get((s["doc"], s["sentence"], s["verb"]["span"][0]))
            if sp and sp[0] is not None:
                s["source"]["span"] = [sp[0], sp[1]]
            if sp and sp[2] is not None:
                s["target"]["span"] = [sp[2], sp[3]]
    con.close()
    return events


def day_number(text, last):
    """YYYY, YYYY-MM or YYYY-MM-DD as days since 1970-01-01 (the first or
    last day of the period); None when malformed."""
    try:
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 1:
            d = datetime.date(parts[0], 12, 31) if last else datetime.date(parts[0], 1, 1)
        elif len(parts) == 2:
            d = datetime.date(parts[0], parts[1], 1)
            if last:
                nxt = datetime.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
                d = nxt - datetime.timedelta(days=1)
        else:
            d = datetime.date(parts[0], parts[1], parts[2])
    except (ValueError, IndexError):
        return None
    return (d - EPOCH).days


def matches(ev, q):
    def prefix(code, p):
        return code is not None and code.startswith(p)
    actors = q.get("actor", [])
    if actors and not any(prefix(ev["source"], a) or prefix(ev["target"], a) for a in actors):
        return False
    for key in ("source", "target", "code"):
        if key in q and not prefix(ev[key], q[key][0]):
            return False
    if "quad" in q and str(ev["quad"]) != q["quad"][0]:
        return False
    if "from" in q and (ev.get("_end") is None or ev["_end"] < day_number(q["from"][0], False)):
        return False
    if "to" in q and (ev.get("_start") is None or ev["_start"] > day_number(q["to"][0], True)):
        return False
    if "place" in q:
        p = q["place"][0]
        place = ev["place"] or {}
        if (place.get("name") or "").lower() != p.lower() and place.get("country") != p.upper():
            return False
    if "text" in q:
        words = q["text"][0].lower().split()
        if not any(all(w in (s["text"] or "").lower() for w in words) for s in ev["sources"]):
            return False
    if "min_sources" in q and ev["articles"] < int(q["min_sources"][0]):
        return False
    if q.get("background", ["0"])[0] != "1" and ev["flags"]["background"]:
        return False
    return True


def summary(ev):
    row = {k: v for k, v in ev.items() if k != "sources" and not k.startswith("_")}
    row["sentence"] = ev["sources"][0]["text"] if ev["sources"] else None
    return row


SORTS = {"date": lambda e: (e.get("_start") is None, e.get("_start") or 0, e["id"]),
         "mentions": lambda e: (e["mentions"], e["id"]),
         "goldstein": lambda e: (e["goldstein"], e["id"])}


class Handler(BaseHTTPRequestHandler):
    events = {}

    def log_message(self, fmt, *args):  # quiet
        pass

    def send(self, status, body, ctype="application/json; charset=utf-8"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query)
        path = url.path
        if path == "/" or path.startswith("/assets/"):   # web/dist mirrored
            return self.static("index.html" if path == "/" else path[1:])
        if path.startswith("/api/event/"):
            ev = self.events.get(path[len("/api/event/"):])
            if not ev:
                return self.send(404, {"error": "no such event"})
            return self.send(200, {k: v for k, v in ev.items() if not k.startswith("_")})
        if path == "/api/search":
            return self.search(q)
        found = [e for e in self.events.values() if matches(e, q)]
        if path == "/api/events":
            return self.list_events(found, q)
        if path == "/api/timeline":
            return self.send(200, {"days": timeline(found, "from" in q or "to" in q)})
        if path == "/api/network":
            return self.send(200, network(found))
        if path == "/api/map":
            return self.send(200, {"points": [
                {"id": e["id"], "lat": e["place"]["lat"], "lon": e["place"]["lon"],
                 "place": e["place"]["name"], "country": e["place"]["country"],
                 "code": e["code"], "date": e["date"]["value"], "source": e["source"],
                 "target": e["target"]} for e in found if e["place"] and e["place"]["lat"] is not None]})
        return self.send(404, {"error": "no such path"})

    def static(self, name):
        path = os.path.normpath(os.path.join(ROOT, "web", "dist", name))
        if ".." in name or not os.path.isfile(path):
            return self.send(404, {"error": "no such file"})
        with open(path, "rb") as f:
            self.send(200, f.read(), TYPES.get(os.path.splitext(path)[1], "application/octet-stream"))

    def list_events(self, found, q):
        key = q.get("sort", ["date"])[0]
        desc = key.startswith("-")
        found.sort(key=SORTS[key.lstrip("-")], reverse=desc)
        limit = min(int(q.get("limit", ["100"])[0]), 1000)
        offset = int(q.get("offset", ["0"])[0])
        self.send(200, {"total": len(found), "offset": offset, "limit": limit,
                        "events": [summary(e) for e in found[offset:offset + limit]]})

    def search(self, q):
        words = q.get("q", [""])[0].lower().split()
        limit = int(q.get("limit", ["50"])[0])
        results = []
        for e in self.events.values():
            for s in e["sources"]:
                if words and all(w in (s["text"] or "").lower() for w in words):
                    results.append({"event": e["id"], "doc": s["doc"], "sentence": s["sentence"],
                                    "text": s["text"], "code": e["code"],
                                    "date": e["date"]["value"]})
        self.send(200, {"results": results[:limit]})


def timeline(found, dated_only_by_day):
    days = {}
    for e in found:
        if e.get("_start") is None:
            continue
        if e["date"]["precision"] != "day" and not dated_only_by_day:
            continue
        day = (EPOCH + datetime.timedelta(days=e["_start"])).isoformat()
        days.setdefault(day, [0, 0, 0, 0])[e["quad"] - 1] += 1
    return [{"date": d, "quad": days[d]} for d in sorted(days)]


def network(found):
    def country(code):
        return code[:3]
    nodes, edges = {}, {}
    for e in found:
        if not e["source"] or not e["target"]:
            continue
        s, t = country(e["source"]), country(e["target"])
        for n in (s, t):
            nodes[n] = nodes.get(n, 0) + 1
        edge = edges.setdefault((s, t), [0, 0.0])
        edge[0] += 1
        edge[1] += e["goldstein"]
    return {"nodes": [{"id": n, "events": c} for n, c in sorted(nodes.items())],
            "edges": [{"source": s, "target": t, "events": c, "goldstein": round(g / c, 2)}
                      for (s, t), (c, g) in sorted(edges.items())]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--herald", default=os.path.join(ROOT, "build", "herald"))
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    Handler.events = load(args.db, args.herald)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("listening on", server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
