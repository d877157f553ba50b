"""End-to-end tests of `herald serve` on a database built by `herald run`
from examples/, for SQLite and (with HERALD_PG_URL) PostgreSQL: every
endpoint's JSON cross-checked with the events table, filters, paging, bad
parameters, methods, path traversal into and out of the static
directory, SQL injection strings, oversized headers, a slow client, many
connections at once, and a clean stop on SIGINT."""
import datetime
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

from test_cli import EXAMPLES, HERALD, run
from test_store import PG_URL, Postgres, SQLite

EPOCH = datetime.date(1970, 1, 1)
SECRET = "herald-test-secret-7c1f0e"        # in a file outside the static root
NOT_BACKGROUND = "(flags IS NULL OR (flags & 4) = 0)"


def day_number(iso):
    return (datetime.date.fromisoformat(iso) - EPOCH).days


def day_text(n):
    return (EPOCH + datetime.timedelta(days=int(n))).isoformat()


class Server:
    """A `herald serve` process on a free port, stopped by stop()."""

    def __init__(self, db, static=None, extra=()):
        args = [HERALD, "serve", "--db", db, "--port", "0", "--timeout", "2"]
        if static:
            args += ["--static", static]
        self.p = subprocess.Popen(args + list(extra), stderr=subprocess.PIPE)
        line = self.p.stderr.readline().decode()
        if "listening on http://127.0.0.1:" not in line:
            self.p.kill()
            raise AssertionError("herald serve did not start: %r %s"
                                 % (line, self.p.stderr.read().decode()[-2000:]))
        self.port = int(line.split("127.0.0.1:")[1].split("/")[0])

    def request(self, path, method="GET", headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            c.request(method, path, headers=headers or {})
            r = c.getresponse()
            return r.status, dict(r.getheaders()), r.read()
        finally:
            c.close()

    def raw(self, data, timeout=10):
        """Sends bytes as they are (no client-side normalization of the
        path) and returns the whole answer."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        try:
            try:
                s.sendall(data)
            except OSError:
                pass                   # the server may close before reading all
            out = b""
            while True:
                try:
                    chunk = s.recv(65536)
                except (ConnectionResetError, socket.timeout):
                    break
                if not chunk:
                    break
                out += chunk
            return out
        finally:
            s.close()

    def stop(self):
        self.p.send_signal(signal.SIGINT)
        try:
            rc = self.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            raise AssertionError("herald serve did not stop on SIGINT")
        rest = self.p.stderr.read().decode()
        self.p.stderr.close()
        return rc, rest


def status_of(raw):
    line = raw.split(b"\r\n", 1)[0].decode(errors="replace")
    parts = line.split(" ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


class Serve:
    """The same tests for each backend (a mixin: see the classes below)."""
    backend = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        cls.be = cls.backend(d)
        cls.db = cls.be.new("serve")
        run("run", "--quiet", "--db", cls.db, EXAMPLES)
        # a static root with a page, and a secret beside it, outside
        cls.root = os.path.join(d, "site", "dist")
        os.makedirs(os.path.join(cls.root, "assets"))
        with open(os.path.join(cls.root, "index.html"), "w") as f:
            f.write("<!doctype html><title>herald test page</title>")
        with open(os.path.join(cls.root, "assets", "app.js"), "w") as f:
            f.write("console.log('herald test');\n")
        with open(os.path.join(cls.root, "assets", "app.css"), "w") as f:
            f.write("body{margin:0}\n")
        with open(os.path.join(cls.root, ".hidden"), "w") as f:
            f.write(SECRET)
        with open(os.path.join(d, "site", "secret.txt"), "w") as f:
            f.write(SECRET)
        os.symlink(os.path.join(d, "site"), os.path.join(cls.root, "out"))
        os.symlink(os.path.join(d, "site", "secret.txt"), os.path.join(cls.root, "leak.txt"))
        os.symlink(os.path.join(cls.root, "assets", "app.js"),
                   os.path.join(cls.root, "inside.js"))
        cls.srv = Server(cls.db, static=cls.root)

    @classmethod
    def tearDownClass(cls):
        rc, rest = cls.srv.stop()
        cls.tmp.cleanup()
        assert rc == 0, "herald serve exited %d on SIGINT: %s" % (rc, rest)

    # ---- helpers -------------------------------------------------------------

    def rows(self, sql):
        return self.be.rows(self.db, sql)

    def count(self, where="1 = 1"):
        return int(self.rows("SELECT COUNT(*) FROM events WHERE %s" % where)[0][0])

    def get(self, path, status=200):
        st, headers, body = self.srv.request(path)
        self.assertEqual(st, status, "%s: %s" % (path, body[:300]))
        self.assertTrue(headers["Content-Type"].startswith("application/json"), path)
        return json.loads(body)

    def all_events(self, query=""):
        """Every event of the list endpoint, page by page."""
        out, offset = [], 0
        while True:
            page = self.get("/api/events?limit=1000&offset=%d%s" % (offset, query))
            out += page["events"]
            offset += len(page["events"])
            if not page["events"] or offset >= page["total"]:
                return out, page["total"]

    # ---- events --------------------------------------------------------------

    def test_events_match_the_table(self):
        evs, total = self.all_events("&background=1")
        self.assertGreater(total, 50)
        self.assertEqual(total, self.count())
        ids = [e["id"] for e in evs]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(set(ids), {r[0] for r in self.rows("SELECT id FROM events")})
        # background events are left out unless asked for
        evs, total = self.all_events()
        self.assertEqual(total, self.count(NOT_BACKGROUND))
        self.assertFalse(any(e["flags"]["background"] for e in evs))
        table = {r[0]: r for r in self.rows(
            "SELECT id, source, target, code, quad, mentions, articles, date_value FROM events")}
        for e in evs:
            t = table[e["id"]]
            self.assertEqual((e["source"] or "", e["target"] or "", e["code"], str(e["quad"]),
                              str(e["mentions"]), str(e["articles"]), e["date"]["value"] or ""),
                             t[1:], e["id"])
            self.assertTrue(e["sentence"], e["id"])

    def test_paging_walks_every_event_once_in_order(self):
        whole = self.get("/api/events?limit=1000&background=1")["events"]
        for sort in ("date", "-date", "mentions", "-goldstein"):
            full = [e["id"] for e in
                    self.get("/api/events?limit=1000&background=1&sort=" + sort)["events"]]
            paged, offset = [], 0
            while True:
                page = self.get("/api/events?limit=7&background=1&sort=%s&offset=%d"
                                % (sort, offset))
                self.assertEqual((page["limit"], page["offset"]), (7, offset))
                if not page["events"]:
                    break
                paged += [e["id"] for e in page["events"]]
                offset += 7
            self.assertEqual(paged, full, sort)
        dated = [e["date"]["value"] for e in whole if e["date"]["precision"] == "day"]
        self.assertEqual(dated, sorted(dated))
        gold = [e["goldstein"] for e in
                self.get("/api/events?limit=1000&sort=-goldstein")["events"]]
        self.assertEqual(gold, sorted(gold, reverse=True))

    def test_filters_agree_with_sql(self):
        a, b = day_number("2020-10-14"), day_number("2020-10-25")
        cases = [
            ("actor=ARM", "(source LIKE 'ARM%' OR target LIKE 'ARM%')"),
            ("actor=arm&actor=AZE", "(source LIKE 'ARM%' OR target LIKE 'ARM%' OR "
                                    "source LIKE 'AZE%' OR target LIKE 'AZE%')"),
            ("source=AZE", "source LIKE 'AZE%'"),
            ("target=SRB", "target LIKE 'SRB%'"),
            ("code=19", "code LIKE '19%'"),
            ("code=0", "code LIKE '0%'"),
            ("quad=4", "quad = 4"),
            ("from=2020-10-14&to=2020-10-25", "date_end >= %d AND date_start <= %d" % (a, b)),
            ("from=2023", "date_end >= %d" % day_number("2023-01-01")),
            ("to=2020-10", "date_start <= %d" % day_number("2020-10-31")),
            ("place=ukr", "(lower(place) = 'ukr' OR place_country = 'UKR')"),
            ("place=Horlivka", "lower(place) = 'horlivka'"),
            ("min_sources=2", "articles >= 2"),
            ("text=ceasefire", "EXISTS (SELECT 1 FROM event_mentions em JOIN mentions m ON "
                               "m.doc = em.doc AND m.idx = em.idx WHERE em.event = events.id"
                               " AND lower(m.text) LIKE '%ceasefire%')"),
            ("actor=ARM&quad=1&from=2020", "(source LIKE 'ARM%' OR target LIKE 'ARM%') AND "
                                          "quad = 1 AND date_end >= "
                                          + str(day_number("2020-01-01"))),
        ]
        for query, where in cases:
            want = self.count(where + " AND " + NOT_BACKGROUND)
            evs, total = self.all_events("&" + query)
            self.assertEqual(total, want, query)
            self.assertEqual(len(evs), want, query)
            self.assertGreater(self.count(where), 0, "the case %s selects nothing" % query)
        # an empty value is no filter
        self.assertEqual(self.get("/api/events?actor=&code=&quad=")["total"],
                         self.count(NOT_BACKGROUND))

    def test_one_event_is_the_export_shape(self):
        p = run("export", "--db", self.db, "--format", "jsonl", "--include-background",
                check_exit=0)
        exported = [json.loads(l) for l in p.stdout.decode().splitlines()]
        self.assertEqual(len(exported), self.count())
        for ev in exported[:: max(1, len(exported) // 25)]:
            got = self.get("/api/event/" + ev["id"])
            for k, v in ev.items():
                if k != "sources":
                    self.assertEqual(got[k], v, "%s: %s" % (ev["id"], k))
            self.assertEqual(len(got["sources"]), len(ev["sources"]), ev["id"])
            for s, want in zip(got["sources"], ev["sources"]):
                for k in ("doc", "url", "outlet", "title", "published", "para", "sentence",
                          "text", "code", "place", "via", "claim_by", "repeat", "background"):
                    self.assertEqual(s[k], want[k], "%s: source %s" % (ev["id"], k))
                for k in ("value", "precision", "how"):
                    self.assertEqual(s["date"][k], want["date"][k], ev["id"])
                for side in ("source", "target"):
                    self.assertEqual(s[side]["code"], want[side]["code"], ev["id"])
                    if s[side].get("span"):
                        a, b = s[side]["span"]
                        text = s["text"].encode()
                        self.assertEqual(text[a:b].decode(), s[side]["text"], ev["id"])
                if s["verb"]["span"]:
                    a, b = s["verb"]["span"]
                    self.assertTrue(0 <= a < b <= len(s["text"].encode()), ev["id"])

    def test_unknown_event_and_endpoint_are_404(self):
        self.assertIn("error", self.get("/api/event/ffffffffffffffff", 404))
        self.assertIn("error", self.get("/api/event/..%2f..%2fetc", 404))
        self.assertIn("error", self.get("/api/event/", 404))
        self.assertIn("error", self.get("/api/nothing", 404))
        self.assertIn("error", self.get("/api", 404))

    # ---- the other endpoints ----------------------------------------------------

    def test_timeline_counts_per_day_and_quad(self):
        days = self.get("/api/timeline")["days"]
        want = {}
        for start, quad, n in self.rows(
                "SELECT date_start, quad, COUNT(*) FROM events WHERE date_start IS NOT NULL"
                " AND " + NOT_BACKGROUND + " GROUP BY date_start, quad"):
            want.setdefault(day_text(start), [0, 0, 0, 0])[int(quad) - 1] += int(n)
        self.assertEqual({d["date"]: d["quad"] for d in days}, want)
        self.assertEqual([d["date"] for d in days], sorted(want))
        # filters apply
        q4 = self.get("/api/timeline?quad=4")["days"]
        self.assertEqual(sum(sum(d["quad"]) for d in q4),
                         self.count("quad = 4 AND date_start IS NOT NULL AND "
                                    + NOT_BACKGROUND))
        self.assertTrue(all(d["quad"][:3] == [0, 0, 0] for d in q4))

    def test_network_edges_cover_the_events(self):
        net = self.get("/api/network?limit=1000")
        with_both = self.count("source IS NOT NULL AND target IS NOT NULL AND "
                               + NOT_BACKGROUND)
        self.assertEqual(sum(e["events"] for e in net["edges"]), with_both)
        self.assertEqual(net["total_edges"], len(net["edges"]))
        ids = {n["id"] for n in net["nodes"]}
        for e in net["edges"]:
            self.assertIn(e["source"], ids)
            self.assertIn(e["target"], ids)
            self.assertTrue(-10 <= e["goldstein"] <= 10)
        # country level: ARMGOV and ARMMIL are both ARM
        self.assertIn("ARM", ids)
        self.assertFalse(any(i.startswith("ARM") and i != "ARM" for i in ids))
        arm = [n for n in net["nodes"] if n["id"] == "ARM"][0]["events"]
        self.assertEqual(arm, self.count("(source LIKE 'ARM%' OR target LIKE 'ARM%') AND "
                                         "source IS NOT NULL AND target IS NOT NULL AND "
                                         + NOT_BACKGROUND))
        small = self.get("/api/network?limit=2")
        self.assertEqual(len(small["edges"]), 2)
        self.assertEqual(small["edges"], net["edges"][:2])

    def test_map_points_are_the_placed_events(self):
        m = self.get("/api/map?limit=1000")
        where = "place IS NOT NULL AND lat IS NOT NULL AND " + NOT_BACKGROUND
        self.assertEqual(m["total"], self.count(where))
        self.assertEqual(len(m["points"]), m["total"])
        table = {r[0]: r for r in self.rows("SELECT id, place, lat, lon FROM events WHERE "
                                            + where)}
        for p in m["points"]:
            t = table[p["id"]]
            self.assertEqual(p["place"], t[1])
            self.assertAlmostEqual(p["lat"], float(t[2]), places=3)
            self.assertAlmostEqual(p["lon"], float(t[3]), places=3)
        self.assertEqual(len(self.get("/api/map?limit=3")["points"]), 3)

    def test_actors_and_dyads_count_the_table(self):
        actors = self.get("/api/actors?limit=1000")["actors"]
        self.assertTrue(actors)
        for a in actors:
            code = a["code"].replace("'", "''")
            self.assertEqual(a["as_source"],
                             self.count("source = '%s' AND %s" % (code, NOT_BACKGROUND)))
            self.assertEqual(a["as_target"],
                             self.count("target = '%s' AND %s" % (code, NOT_BACKGROUND)))
            self.assertEqual(a["cooperation"] + a["conflict"], a["as_source"] + a["as_target"])
        dyads = self.get("/api/dyads?limit=1000")["dyads"]
        self.assertTrue(dyads)
        for d in dyads:
            src = "source IS NULL" if d["source"] is None else "source = '%s'" % d["source"]
            self.assertEqual(d["events"], self.count(
                "%s AND target = '%s' AND %s" % (src, d["target"], NOT_BACKGROUND)))
            self.assertEqual(d["cooperation"] + d["conflict"], d["events"])
        counts = [d["events"] for d in dyads]
        self.assertEqual(counts, sorted(counts, reverse=True))
        self.assertEqual(len(self.get("/api/dyads?limit=2")["dyads"]), 2)

    def test_search_finds_the_sentences(self):
        res = self.get("/api/search?q=ceasefire&limit=1000")["results"]
        self.assertTrue(res)
        for r in res:
            self.assertIn("ceasefire", r["text"].lower())
        want = self.rows("SELECT COUNT(*) FROM mentions m JOIN event_mentions em ON "
                         "em.doc = m.doc AND em.idx = m.idx JOIN events e ON e.id = em.event "
                         "WHERE lower(m.text) LIKE '%ceasefire%' AND "
                         "(e.flags IS NULL OR (e.flags & 4) = 0)")[0][0]
        if self.backend is SQLite:
            self.assertEqual(len(res), int(want))       # substrings, without FTS5
        else:
            self.assertLessEqual(len(res), int(want))   # whole words
        both = self.get("/api/search?q=ceasefire+Moscow&limit=1000")["results"]
        self.assertLess(len(both), len(res))
        for r in both:
            self.assertIn("moscow", r["text"].lower())
        self.assertEqual(self.get("/api/search?q=zzqqxxnotaword")["results"], [])
        self.assertIn("q:", self.get("/api/search", 400)["error"])

    def test_filters_that_take_nothing_give_empty_answers(self):
        q = "actor=ZZZQ"
        self.assertEqual(self.get("/api/events?" + q),
                         {"total": 0, "offset": 0, "limit": 100, "events": []})
        self.assertEqual(self.get("/api/timeline?" + q), {"days": []})
        self.assertEqual(self.get("/api/network?" + q),
                         {"nodes": [], "total_edges": 0, "edges": []})
        self.assertEqual(self.get("/api/map?" + q), {"total": 0, "points": []})
        self.assertEqual(self.get("/api/actors?" + q), {"actors": []})
        self.assertEqual(self.get("/api/dyads?" + q), {"dyads": []})
        self.assertEqual(self.get("/api/search?q=ceasefire&" + q), {"results": []})
        self.assertEqual(self.get("/api/events?offset=100000")["events"], [])

    # ---- bad requests ---------------------------------------------------------------

    def test_bad_parameters_are_400_naming_them(self):
        bad = [("limit=0", "limit"), ("limit=1001", "limit"), ("limit=x", "limit"),
               ("offset=-1", "offset"), ("quad=5", "quad"), ("quad=0", "quad"),
               ("from=2020-13-01", "from"), ("to=yesterday", "to"), ("code=1a", "code"),
               ("code=12345", "code"), ("actor=A%27B", "actor"), ("source=AR%20M", "source"),
               ("min_sources=0", "min_sources"), ("background=yes", "background"),
               ("sort=up", "sort"), ("limit=1&limit=2", "limit"), ("colour=red", "colour"),
               ("text=%ff%fe", "text"), ("place=" + "x" * 600, "place"),
               ("actor=" + "&actor=".join("A" * 9), "actor"), ("q=%zz", "q"),
               ("place=a%00b", "place")]
        for query, name in bad:
            for ep in ("events", "timeline", "network", "map", "actors", "dyads"):
                err = self.get("/api/%s?%s" % (ep, query), 400)["error"]
                self.assertTrue(err.startswith(name + ":"), "%s %s: %s" % (ep, query, err))

    def test_methods_other_than_get_and_head_are_405(self):
        for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
            st, headers, body = self.srv.request("/api/events", method=method)
            self.assertEqual(st, 405, method)
            self.assertIn("GET", headers.get("Allow", ""))
            self.assertIn("error", json.loads(body))
        st, headers, body = self.srv.request("/api/events", method="HEAD")
        self.assertEqual((st, body), (200, b""))

    def test_sql_injection_strings_are_harmless(self):
        before = self.count()
        attacks = ["' OR 1=1 --", "'; DROP TABLE events; --", "\" OR \"\"=\"",
                   "%' OR '%'='", "1); DELETE FROM events; --", "ARM' UNION SELECT * FROM "
                   "documents --", "\\'; SELECT pg_sleep(5); --"]
        names = ["actor", "source", "target", "code", "quad", "from", "to", "place", "text",
                 "min_sources", "background", "limit", "offset", "sort", "q"]
        for a in attacks:
            for name in names:
                for ep in ("events", "search", "timeline", "network", "map"):
                    q = urllib.parse.urlencode({name: a, "q": "ceasefire"} if name != "q"
                                               else {"q": a})
                    st, _, body = self.srv.request("/api/%s?%s" % (ep, q))
                    self.assertIn(st, (200, 400), "%s %s=%s: %s" % (ep, name, a, body[:200]))
                    doc = json.loads(body)
                    # as search words, the strings are words ("or" is found)
                    if st == 200 and ep == "events" and name != "q":
                        self.assertEqual(doc["total"], 0, "%s=%s" % (name, a))
                    if st == 200 and ep == "search" and name != "q":
                        self.assertEqual(doc["results"], [], "%s=%s" % (name, a))
        self.assertEqual(self.count(), before)
        self.assertEqual(self.get("/api/events?background=1")["total"], before)

    # ---- static files --------------------------------------------------------------

    def test_static_files_with_their_types(self):
        for path, ctype, text in (("/", "text/html", b"herald test page"),
                                  ("/index.html", "text/html", b"herald test page"),
                                  ("/assets/app.js", "text/javascript", b"herald test"),
                                  ("/assets/app.css", "text/css", b"margin"),
                                  ("/inside.js", "text/javascript", b"herald test")):
            st, headers, body = self.srv.request(path)
            self.assertEqual(st, 200, path)
            self.assertTrue(headers["Content-Type"].startswith(ctype), path)
            self.assertEqual(headers.get("X-Content-Type-Options"), "nosniff")
            self.assertIn(text, body)
        self.assertEqual(self.srv.request("/nothing.js")[0], 404)

    def test_no_path_leaves_the_static_root(self):
        paths = ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                 "/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
                 "/..%2fsecret.txt", "/assets/..%2f..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
                 "/..%5csecret.txt", "/.%2e/secret.txt", "//secret.txt",
                 "/out/secret.txt", "/leak.txt", "/.hidden", "/%2ehidden",
                 "/assets/../../../../../../etc/passwd", "/../../../../etc/passwd",
                 "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd",
                 "/assets%2f..%2f..%2fsecret.txt", "/%252e%252e/secret.txt",
                 "/assets/%c0%ae%c0%ae/secret.txt", "/assets/app.js%00.html"]
        for p in paths:
            raw = self.srv.raw(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                % p).encode())
            self.assertNotIn(SECRET.encode(), raw, p)
            self.assertNotIn(b"root:", raw, p)
            st = status_of(raw)
            self.assertTrue(400 <= st < 500, "%s: %s" % (p, raw[:200]))
        # absolute URIs are for proxies: whatever happens, nothing leaks
        for target in ("http://x/../secret.txt", "/etc/passwd", "secret.txt"):
            raw = self.srv.raw(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                % target).encode())
            self.assertNotIn(SECRET.encode(), raw, target)
            self.assertNotIn(b"root:", raw, target)

    # ---- limits ------------------------------------------------------------------------

    def test_oversized_headers_get_431_and_the_server_goes_on(self):
        raw = self.srv.raw(b"GET /api/events HTTP/1.1\r\nHost: x\r\nX-Big: "
                           + b"a" * 100000 + b"\r\n\r\n")
        self.assertEqual(status_of(raw), 431, raw[:200])
        many = b"".join(b"X-H%d: %s\r\n" % (i, b"b" * 100) for i in range(1000))
        raw = self.srv.raw(b"GET /api/events HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
        self.assertEqual(status_of(raw), 431, raw[:200])
        raw = self.srv.raw(b"GET /api/events?text=" + b"a" * 100000 + b" HTTP/1.1\r\n"
                           b"Host: x\r\n\r\n")
        self.assertEqual(status_of(raw), 414, raw[:200])
        self.assertGreater(self.get("/api/events")["total"], 0)

    def test_malformed_requests_get_4xx(self):
        for req in (b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET /api/events HTTP/9.9\r\n\r\n",
                    b"GET /api/events HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                    b"\x00\x01\x02\xff\r\n\r\n", b"GET api/events HTTP/1.1\r\nHost: x\r\n\r\n"):
            raw = self.srv.raw(req)
            st = status_of(raw)
            self.assertTrue(raw == b"" or 400 <= st < 600, "%r: %r" % (req, raw[:200]))
        self.assertGreater(self.get("/api/events")["total"], 0)

    def test_a_slow_client_is_dropped_while_others_are_served(self):
        slow = socket.create_connection(("127.0.0.1", self.srv.port), timeout=20)
        try:
            slow.sendall(b"GET /api/events HTTP/1.1\r\nHost: x\r\n")     # and no more
            t0 = time.monotonic()
            for _ in range(5):
                self.assertGreater(self.get("/api/events?limit=1")["total"], 0)
            got = slow.recv(1000)                # b"" (or an error page) when dropped
            self.assertFalse(got.startswith(b"HTTP/1.1 200"), got[:100])
            self.assertLess(time.monotonic() - t0, 15)      # --timeout 2, with room
        finally:
            slow.close()

    def test_200_connections_at_once_are_all_answered(self):
        n = 200
        statuses = [None] * n
        barrier = threading.Barrier(n)

        def one(i):
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=60)
                c.connect()
                barrier.wait(timeout=60)
                c.request("GET", "/api/events?limit=5&offset=%d" % (i % 50))
                r = c.getresponse()
                json.loads(r.read())
                statuses[i] = r.status
                c.close()
            except Exception as e:                          # noqa: BLE001 (reported below)
                statuses[i] = repr(e)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(statuses, [200] * n)

    def test_keep_alive_serves_several_requests_on_one_connection(self):
        c = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=30)
        try:
            for path in ("/api/events?limit=1", "/api/timeline", "/", "/api/actors"):
                c.request("GET", path)
                r = c.getresponse()
                r.read()
                self.assertEqual(r.status, 200, path)
        finally:
            c.close()


class SQLiteServe(Serve, unittest.TestCase):
    backend = SQLite

    def test_database_is_opened_read_only(self):
        st = os.stat(self.db)
        before = self.be.rows(self.db, "SELECT COUNT(*) FROM events")
        self.get("/api/events?limit=1000")
        self.assertEqual(self.be.rows(self.db, "SELECT COUNT(*) FROM events"), before)
        self.assertEqual(os.stat(self.db).st_mtime, st.st_mtime)

    def test_search_uses_an_fts5_table_when_there_is_one(self):
        copy = os.path.join(self.tmp.name, "fts.db")
        con = sqlite3.connect(self.db)
        con.execute("VACUUM INTO ?", (copy,))
        con.close()
        con = sqlite3.connect(copy)
        try:
            con.execute("CREATE VIRTUAL TABLE mentions_fts USING fts5(text, "
                        "content='mentions', content_rowid='rowid')")
            con.execute("INSERT INTO mentions_fts(mentions_fts) VALUES ('rebuild')")
            con.commit()
        except sqlite3.OperationalError as e:
            self.skipTest("no FTS5 in this sqlite3 module: %s" % e)
        finally:
            con.close()
        srv = Server(copy)
        try:
            st, _, body = srv.request("/api/search?q=ceasefire&limit=1000")
            self.assertEqual(st, 200, body)
            fts = json.loads(body)["results"]
            like = self.get("/api/search?q=ceasefire&limit=1000")["results"]
            self.assertTrue(fts)
            # whole words only: a subset of the substring matches
            self.assertLessEqual({(r["doc"], r["sentence"]) for r in fts},
                                 {(r["doc"], r["sentence"]) for r in like})
            st, _, body = srv.request('/api/search?q=%22%20OR%20%2A%20NEAR')
            self.assertEqual(st, 200, body)
        finally:
            self.assertEqual(srv.stop()[0], 0)

    def test_start_failures_are_reported(self):
        p = run("serve", "--db", os.path.join(self.tmp.name, "none.db"), "--port", "0")
        self.assertEqual(p.returncode, 1)
        self.assertIn(b"no such database", p.stderr)
        notdb = os.path.join(self.tmp.name, "not.db")
        with open(notdb, "w") as f:
            f.write("not a database\n" * 100)
        p = run("serve", "--db", notdb, "--port", "0")
        self.assertEqual(p.returncode, 1)
        self.assertIn(notdb.encode(), p.stderr)
        for args in (["--port", "70000"], ["--bind", "localhost:80"], ["--threads", "0"],
                     ["--static", os.path.join(self.tmp.name, "nodir")], ["extra"]):
            p = run("serve", "--db", self.db, "--port", "0", *args)
            self.assertIn(p.returncode, (1, 2), args)
            self.assertTrue(p.stderr, args)


@unittest.skipUnless(PG_URL, "PostgreSQL tests skipped: no server (HERALD_PG_URL unset; "
                             "tests/run.sh starts one)")
class PostgresServe(Serve, unittest.TestCase):
    backend = Postgres


if __name__ == "__main__":
    unittest.main()
