"""Tests of the query commands (`herald events`, `timeline`, `show`,
`actors`, `dyads`) on a database of examples/: their rows checked against
the events table, the filters, sorting and paging, the marks `show` puts
at the stored spans, unknown ids, hostile filter values and usage errors.
The same tests run on SQLite and, when tests/run.sh has a server
(HERALD_PG_URL), PostgreSQL."""
import csv
import io
import json
import os
import re
import tempfile
import unittest

from test_cli import EXAMPLES, ROOT, run
from test_store import PG_URL, Postgres, SQLite

HOSTILE = ["'; DROP TABLE events; --", "ARM' OR '1'='1", "x\"); DELETE FROM events; --",
           "%", "_", "!", "ARM%", "\\"]

NOT_BACKGROUND = "(flags & 4) = 0"


def cameo_names():
    """code -> name from the project's CAMEO table."""
    names = {}
    with open(os.path.join(ROOT, "data", "cameo-events.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            if len(cells) >= 4:
                names[cells[0]] = cells[3]
    return names


class Query:
    """The query tests for one backend (a mixin: see the classes below).
    One database of examples/ is made per class."""
    backend = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.be = cls.backend(cls.tmp.name)
        cls.db = cls.be.new("query")
        run("run", "--quiet", "--db", cls.db, EXAMPLES, check_exit=0)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def herald(self, cmd, *args, check_exit=0):
        return run(cmd, "--db", self.db, *args, check_exit=check_exit)

    def jsonl(self, cmd, *args):
        out = self.herald(cmd, "--format", "jsonl", *args).stdout.decode()
        return [json.loads(l) for l in out.splitlines()]

    def rows(self, sql):
        return self.be.rows(self.db, sql)

    def count(self, where="1 = 1"):
        return int(self.rows("SELECT COUNT(*) FROM events WHERE " + where)[0][0])

    def ids(self, where):
        return {r[0] for r in self.rows("SELECT id FROM events WHERE " + where)}

    # ---- herald events -----------------------------------------------------

    def test_events_jsonl_are_the_events_table(self):
        evs = self.jsonl("events", "--include-background")
        self.assertEqual(len(evs), self.count())
        self.assertGreater(len(evs), 20)
        self.assertEqual({e["id"] for e in evs}, self.ids("1 = 1"))
        stored = {r[0]: r for r in self.rows(
            "SELECT id, source, target, code, quad, mentions, articles, outlets FROM events")}
        names = cameo_names()
        for e in evs:
            s = stored[e["id"]]
            self.assertEqual((e["source"] or "", e["target"] or "", e["code"], str(e["quad"]),
                              str(e["mentions"]), str(e["articles"]), str(e["outlets"])),
                             s[1:], e["id"])
            self.assertEqual(e["code_name"], names.get(e["code"], ""))
            self.assertEqual(e["root"], e["code"][:2])
            if e["mentions"]:
                self.assertTrue(e["sentence"], e["id"])   # its strongest evidence
        self.assertEqual(len(self.jsonl("events")), self.count(NOT_BACKGROUND))

    def test_events_table_pages_with_a_total(self):
        out = self.herald("events").stdout.decode().splitlines()
        total = self.count(NOT_BACKGROUND)
        self.assertTrue(out[0].startswith("date"), out[0])
        body = out[1:-1]
        self.assertEqual(len(body), min(total, 100))
        self.assertRegex(out[-1], r"^-- events 1-%d of %d" % (len(body), total))
        # names of the codes are in the table
        names = cameo_names()
        first = self.jsonl("events", "--limit", "1")[0]
        self.assertIn(names[first["code"]][:30], body[0])
        out = self.herald("events", "--limit", "5", "--offset", "3").stdout.decode()
        self.assertEqual(len(out.splitlines()), 7)
        self.assertIn("-- events 4-8 of %d (next: --offset 8)" % total, out)

    def test_code_prefix_takes_only_that_code(self):
        evs = self.jsonl("events", "--code", "19", "--include-background")
        self.assertTrue(evs)
        self.assertTrue(all(e["code"].startswith("19") for e in evs))
        self.assertEqual(len(evs), self.count("code LIKE '19%'"))
        table = self.herald("events", "--code", "19").stdout.decode().splitlines()[1:-1]
        self.assertEqual(len(table), self.count("code LIKE '19%' AND " + NOT_BACKGROUND))
        for line in table:
            self.assertRegex(line, r"^\S+\s+\S+\s+19\d*\s")

    def test_actor_source_and_target(self):
        evs = self.jsonl("events", "--actor", "arm", "--include-background")
        self.assertEqual({e["id"] for e in evs},
                         self.ids("source LIKE 'ARM%' OR target LIKE 'ARM%'"))
        evs = self.jsonl("events", "--actor", "ARM", "--actor", "RUS", "--include-background")
        self.assertEqual({e["id"] for e in evs},
                         self.ids("source LIKE 'ARM%' OR target LIKE 'ARM%' OR "
                                  "source LIKE 'RUS%' OR target LIKE 'RUS%'"))
        evs = self.jsonl("events", "--source", "AZE", "--target", "ARM", "--include-background")
        self.assertTrue(evs)
        self.assertEqual({e["id"] for e in evs},
                         self.ids("source LIKE 'AZE%' AND target LIKE 'ARM%'"))

    def test_from_to_overlap(self):
        evs = self.jsonl("events", "--from", "2020-10-14", "--to", "2020-10-21",
                         "--include-background")
        self.assertTrue(evs)
        lo = int(self.rows("SELECT date_start FROM events WHERE date_value = '2020-10-14'"
                           " LIMIT 1")[0][0])
        self.assertEqual({e["id"] for e in evs},
                         self.ids("date_end >= %d AND date_start <= %d" % (lo, lo + 7)))
        self.assertEqual(self.jsonl("events", "--from", "2030"), [])

    def test_quad_place_text_min_sources(self):
        for quad in ("1", "4"):
            evs = self.jsonl("events", "--quad", quad, "--include-background")
            self.assertEqual(len(evs), self.count("quad = " + quad))
        evs = self.jsonl("events", "--place", "armenia", "--include-background")
        self.assertEqual({e["id"] for e in evs},
                         self.ids("lower(place) = 'armenia' OR place_country = 'ARMENIA'"))
        evs = self.jsonl("events", "--text", "MISSILE launchers", "--include-background")
        self.assertTrue(evs)
        want = {r[0] for r in self.rows(
            "SELECT em.event FROM event_mentions em JOIN mentions m ON m.doc = em.doc AND "
            "m.idx = em.idx WHERE lower(m.text) LIKE '%missile%' AND "
            "lower(m.text) LIKE '%launchers%'")}
        self.assertEqual({e["id"] for e in evs}, want)
        evs = self.jsonl("events", "--min-sources", "2", "--include-background")
        self.assertEqual(len(evs), self.count("articles >= 2"))

    def test_sorting(self):
        start = {r[0]: int(r[1]) for r in self.rows(
            "SELECT id, date_start FROM events WHERE date_start IS NOT NULL")}
        evs = [e["id"] for e in self.jsonl("events", "--include-background")]
        dated = evs[:len(start)]
        self.assertEqual(set(dated), set(start))                  # dated first,
        days = [start[i] for i in dated]
        self.assertEqual(days, sorted(days))                      # oldest first
        undated = self.ids("date_value IS NULL")
        self.assertTrue(undated)
        self.assertEqual(set(evs[len(evs) - len(undated):]), undated)   # undated last
        back = [e["id"] for e in self.jsonl("events", "--include-background", "--sort",
                                            "-date")]
        days = [start[i] for i in back[:len(start)]]
        self.assertEqual(days, sorted(days, reverse=True))
        m = [e["mentions"] for e in self.jsonl("events", "--sort", "-mentions")]
        self.assertEqual(m, sorted(m, reverse=True))
        m = [e["mentions"] for e in self.jsonl("events", "--sort", "mentions")]
        self.assertEqual(m, sorted(m))
        g = [e["goldstein"] for e in self.jsonl("events", "--sort", "goldstein")]
        self.assertEqual(g, sorted(g))
        g = [e["goldstein"] for e in self.jsonl("events", "--sort", "-goldstein")]
        self.assertEqual(g, sorted(g, reverse=True))

    def test_pages_join_into_the_whole(self):
        for order in ("date", "-date", "-mentions", "goldstein"):
            whole = [e["id"] for e in self.jsonl("events", "--include-background",
                                                 "--sort", order)]
            pages, off = [], 0
            while True:
                page = [e["id"] for e in self.jsonl("events", "--include-background", "--sort",
                                                    order, "--limit", "7", "--offset",
                                                    str(off))]
                pages += page
                off += 7
                if len(page) < 7:
                    break
            self.assertEqual(pages, whole, order)
        self.assertEqual(self.jsonl("events", "--offset", "100000"), [])

    def test_csv_has_the_export_columns(self):
        text = self.herald("events", "--format", "csv", "--include-background").stdout.decode()
        rows = list(csv.reader(io.StringIO(text)))
        exported = run("export", "--quiet", "--db", self.db, "--format", "csv",
                       check_exit=0).stdout.decode()
        self.assertEqual(rows[0], next(csv.reader(io.StringIO(exported))))
        self.assertEqual(len(rows) - 1, self.count())
        col = rows[0].index("code")
        self.assertTrue(all(r[col] for r in rows[1:]))

    # ---- herald timeline ------------------------------------------------------

    def test_timeline_by_day_with_evidence(self):
        out = self.herald("timeline", "--actor", "ARM").stdout.decode().splitlines()
        want = self.ids("(source LIKE 'ARM%' OR target LIKE 'ARM%') AND " + NOT_BACKGROUND)
        lines = [l for l in out if l.startswith("  ")]
        heads = [l for l in out if l and not l.startswith(" ")]
        self.assertEqual({l.split()[0] for l in lines}, want)
        self.assertEqual(len(lines), len(want))
        days = [h.split()[0] for h in heads if re.match(r"^\d{4}-\d\d-\d\d ", h)]
        self.assertTrue(days)
        self.assertEqual(days, sorted(days))
        self.assertEqual(len(days), len(set(days)))              # one heading per day
        # each event's quoted sentence is one of its mentions' sentences
        for l in lines[:10]:
            ev = l.split()[0]
            m = re.search(r': "(.*)" \(([^)]*)\)$', l)
            if not m:
                continue
            texts = [r[0] for r in self.rows(
                "SELECT m.text FROM event_mentions em JOIN mentions m ON m.doc = em.doc AND "
                "m.idx = em.idx WHERE em.event = '%s'" % ev)]
            quoted = m.group(1)
            if quoted.endswith("..."):
                quoted = quoted[:-3]
            self.assertTrue(any(t.startswith(quoted) for t in texts), l)

    def test_timeline_undated_last(self):
        out = self.herald("timeline", "--include-background").stdout.decode().splitlines()
        heads = [l for l in out if l and not l.startswith(" ")]
        self.assertEqual(heads[-1], "undated")
        self.assertEqual(heads.count("undated"), 1)
        lines = [l for l in out if l.startswith("  ")]
        self.assertEqual(len(lines), self.count())

    # ---- herald show ------------------------------------------------------------

    def spans(self, event):
        return self.rows(
            "SELECT m.text, m.sentence_start, m.source, m.source_start, m.source_end, "
            "m.target, m.target_start, m.target_end, m.verb_start, m.verb_end "
            "FROM event_mentions em JOIN mentions m ON m.doc = em.doc AND m.idx = em.idx "
            "WHERE em.event = '%s'" % event)

    def test_show_marks_the_stored_spans(self):
        ev = self.rows("SELECT id FROM events WHERE source IS NOT NULL AND target IS NOT NULL"
                       " AND mentions >= 2 ORDER BY id LIMIT 1")[0][0]
        out = self.herald("show", ev).stdout.decode()
        self.assertTrue(out.startswith("event " + ev))
        n = 0
        for text, base, src, s0, s1, tgt, t0, t1, v0, v1 in self.spans(ev):
            b = text.encode()
            base = int(base)
            # the spans inside the sentence, in order; one that overlaps an
            # earlier one is not marked
            marks = []
            for tag, code, a, z in (("SRC", src, s0, s1), ("VERB", "v", v0, v1),
                                    ("TGT", tgt, t0, t1)):
                if code and a and 0 <= int(a) - base < int(z) - base <= len(b):
                    marks.append((int(a) - base, int(z) - base, tag))
            marks.sort()
            at = 0
            for a, z, tag in marks:
                if a < at:
                    continue
                self.assertIn("[%s:%s]" % (tag, b[a:z].decode()), out)
                n += tag == "SRC"
                at = z
            # the marks alone removed, the sentence is whole
            plain = re.sub(r"\[(SRC|VERB|TGT):([^\]]*)\]", r"\2", out)
            self.assertIn(text, plain)
        self.assertGreater(n, 0)
        self.assertEqual(out.count("\nmention "), int(self.rows(
            "SELECT COUNT(*) FROM event_mentions WHERE event = '%s'" % ev)[0][0]))
        self.assertIn("found by", out)

    def test_show_json(self):
        ev = self.rows("SELECT id FROM events ORDER BY mentions DESC, id LIMIT 1")[0][0]
        doc = json.loads(self.herald("show", ev, "--format", "json").stdout)
        self.assertEqual(doc["id"], ev)
        self.assertEqual(len(doc["sources"]), doc["mentions"] + doc["repeats"])
        for s in doc["sources"]:
            for side in ("source", "target", "verb"):
                if "span" in s[side]:
                    a, z = s[side]["span"]
                    self.assertEqual(s["text"].encode()[a:z].decode(), s[side]["text"])

    def test_show_unknown_id(self):
        before = self.count()
        for bad in ("0000000000000000", "'; DROP TABLE events; --", "x' OR '1'='1"):
            p = self.herald("show", bad, check_exit=1)
            self.assertIn(b"no event", p.stderr)
            self.assertEqual(p.stdout, b"")
        self.assertEqual(self.count(), before)

    # ---- herald actors and dyads ---------------------------------------------------

    def test_actors_count_the_events(self):
        rows = self.jsonl("actors", "--include-background")
        by = {r["actor"]: r for r in rows}
        self.assertEqual(sum(r["as_source"] for r in rows), self.count("source IS NOT NULL"))
        self.assertEqual(sum(r["as_target"] for r in rows), self.count("target IS NOT NULL"))
        for code, n in self.rows("SELECT source, COUNT(*) FROM events WHERE source IS NOT NULL"
                                 " GROUP BY source"):
            self.assertEqual(by[code]["as_source"], int(n), code)
        for r in rows:
            self.assertEqual(r["cooperation"] + r["conflict"], r["as_source"] + r["as_target"])
        totals = [r["as_source"] + r["as_target"] for r in rows]
        self.assertEqual(totals, sorted(totals, reverse=True))
        # filters and paging apply
        only = self.jsonl("actors", "--code", "19", "--limit", "3")
        self.assertLessEqual(len(only), 3)
        self.assertTrue(all(r["conflict"] > 0 and r["cooperation"] == 0 for r in only))
        table = self.herald("actors", "--limit", "4").stdout.decode().splitlines()
        self.assertEqual(len(table), 5)

    def test_dyads_count_the_pairs(self):
        rows = self.jsonl("dyads", "--include-background")
        want = {(s, t): int(n) for s, t, n in self.rows(
            "SELECT source, target, COUNT(*) FROM events WHERE source IS NOT NULL AND "
            "target IS NOT NULL GROUP BY source, target")}
        self.assertEqual({(r["source"], r["target"]): r["events"] for r in rows}, want)
        for r in rows:
            self.assertEqual(r["cooperation"] + r["conflict"], r["events"])
        ev = [r["events"] for r in rows]
        self.assertEqual(ev, sorted(ev, reverse=True))
        top = self.rows("SELECT AVG(goldstein) FROM events WHERE source = '%s' AND target = "
                        "'%s'" % (rows[0]["source"], rows[0]["target"]))[0][0]
        self.assertAlmostEqual(rows[0]["goldstein"], float(top), places=2)
        text = self.herald("dyads", "--format", "csv").stdout.decode()
        self.assertEqual(next(csv.reader(io.StringIO(text))),
                         ["source", "target", "events", "cooperation", "conflict", "goldstein"])

    # ---- hostile values and usage ------------------------------------------------------

    def test_hostile_filter_values_are_harmless(self):
        before = self.count()
        for v in HOSTILE:
            for opt in ("--actor", "--source", "--target", "--place", "--text"):
                for cmd in ("events", "actors", "dyads"):
                    p = self.herald(cmd, "--format", "jsonl", opt, v, "--include-background")
                    if opt != "--text" or v not in ("%", "_", "!", "\\"):
                        self.assertEqual(p.stdout, b"", (cmd, opt, v))
                p = self.herald("timeline", opt, v)
                self.assertIn(b"no events" if opt != "--text" or len(v) > 2 else b"",
                              p.stdout)
        # a literal % or _ in --text matches only sentences that have one
        evs = self.jsonl("events", "--text", "%", "--include-background")
        self.assertEqual(len(evs), len({r[0] for r in self.rows(
            "SELECT em.event FROM event_mentions em JOIN mentions m ON m.doc = em.doc AND "
            "m.idx = em.idx WHERE m.text LIKE '%!%%' ESCAPE '!'")}))
        self.assertEqual(self.count(), before)

    def test_usage_errors(self):
        for cmd, args in (("events", ("--format", "xml")), ("events", ("--sort", "size")),
                          ("events", ("--offset", "-1")), ("events", ("--code", "1x")),
                          ("timeline", ("--sort", "mentions")), ("timeline", ("--format", "csv")),
                          ("actors", ("--sort", "date")), ("show", ()),
                          ("show", ("abc", "--code", "19")), ("dyads", ("--limit", "0")),
                          ("events", ("--from", "2021", "--to", "2020"))):
            p = self.herald(cmd, *args, check_exit=2)
            self.assertIn(("herald %s" % cmd).encode(), p.stderr, (cmd, args))
        for cmd in ("events", "timeline", "show", "actors", "dyads"):
            p = run(cmd, "--help", check_exit=0)
            self.assertIn(b"usage: herald " + cmd.encode(), p.stdout)


class SQLiteQuery(Query, unittest.TestCase):
    backend = SQLite

    def test_missing_database_is_an_error(self):
        missing = os.path.join(self.tmp.name, "nothing-here.db")
        for cmd in ("events", "show"):
            args = ("abc",) if cmd == "show" else ()
            p = run(cmd, *args, "--db", missing, check_exit=1)
            self.assertIn(b"nothing-here.db", p.stderr)
        self.assertFalse(os.path.exists(missing))
        junk = os.path.join(self.tmp.name, "junk.db")
        with open(junk, "w") as f:
            f.write("not a database\n")
        p = run("events", "--db", junk, check_exit=1)
        self.assertIn(b"junk.db", p.stderr)

    def test_queries_do_not_write(self):
        with open(self.db, "rb") as f:
            before = f.read()
        for cmd in ("events", "timeline", "actors", "dyads"):
            self.herald(cmd)
        with open(self.db, "rb") as f:
            self.assertEqual(f.read(), before)

    def test_bold_marks_on_a_terminal(self):
        """On a terminal show marks with ANSI bold instead of brackets."""
        import pty
        import subprocess
        ev = self.rows("SELECT id FROM events WHERE source IS NOT NULL AND target IS NOT NULL"
                       " ORDER BY id LIMIT 1")[0][0]
        from test_cli import HERALD
        master, slave = pty.openpty()
        p = subprocess.Popen([HERALD, "show", ev, "--db", self.db], stdout=slave,
                             stderr=subprocess.DEVNULL)
        os.close(slave)
        chunks = []
        while True:
            try:
                b = os.read(master, 65536)
            except OSError:                 # EIO: the program has exited
                break
            if not b:
                break
            chunks.append(b)
        os.close(master)
        p.wait(timeout=60)
        out = b"".join(chunks)
        self.assertEqual(p.returncode, 0)
        self.assertIn(b"\x1b[1m", out)
        self.assertNotIn(b"[VERB:", out)


@unittest.skipUnless(PG_URL, "PostgreSQL tests skipped: no server (HERALD_PG_URL unset; "
                             "tests/run.sh starts one when it can)")
class PostgresQuery(Query, unittest.TestCase):
    backend = Postgres


if __name__ == "__main__":
    unittest.main()
