"""Tests of `herald export`: every format read back by a real reader of it
(json, Python's csv module, the GDELT columns loaded by Python's csv reader
and by the sqlite3 command's .import), the filters against the events
table, hostile filter values, and usage errors. The same tests run on
SQLite and, when tests/run.sh has a server (HERALD_PG_URL), PostgreSQL."""
import csv
import io
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from test_cli import EXAMPLES, ROOT, run
from test_store import PG_URL, Postgres, SQLite

COLUMNS_FILE = os.path.join(ROOT, "data", "gdelt-events-columns.txt")
SHARED_COLUMNS = os.path.join(ROOT, "..", "shared", "peers", "gdelt", "events-2.0-columns.tsv")

# PLOVER's event types (export.c maps CAMEO codes to them), or none
PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST",
                "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", None}

HOSTILE = ["'; DROP TABLE events; --", "ARM' OR '1'='1", "x\"); DELETE FROM events; --",
           "%", "_", "!"]


def gdelt_columns():
    with open(COLUMNS_FILE, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


class Columns(unittest.TestCase):
    def test_project_copy_has_61_names(self):
        names = gdelt_columns()
        self.assertEqual(len(names), 61)
        self.assertEqual(len(set(names)), 61)
        self.assertEqual(names[0], "GLOBALEVENTID")
        self.assertEqual(names[-1], "SOURCEURL")

    @unittest.skipUnless(os.path.exists(SHARED_COLUMNS), "../shared is not here")
    def test_project_copy_equals_shared(self):
        with open(SHARED_COLUMNS, encoding="utf-8") as f:
            rows = [l.rstrip("\n").split("\t") for l in f][1:]
        self.assertEqual([r[1] for r in rows if len(r) > 1], gdelt_columns())


class Export:
    """The export tests for one backend (a mixin: see the classes below).
    One database of examples/ is made per class."""
    backend = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.be = cls.backend(cls.tmp.name)
        cls.db = cls.be.new("export")
        run("run", "--quiet", "--db", cls.db, EXAMPLES, check_exit=0)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def export(self, *args, check_exit=0):
        return run("export", "--quiet", "--db", self.db, *args, check_exit=check_exit)

    def lines(self, *args):
        return self.export(*args).stdout.decode().splitlines()

    def jsonl(self, *args):
        return [json.loads(l) for l in self.lines("--format", "jsonl", *args)]

    def count(self, where="1 = 1"):
        return int(self.be.rows(self.db, "SELECT COUNT(*) FROM events WHERE " + where)[0][0])

    # ---- formats -----------------------------------------------------------

    def test_jsonl_every_event_with_its_sources(self):
        evs = self.jsonl("--include-background")
        self.assertEqual(len(evs), self.count())
        self.assertGreater(len(evs), 20)
        self.assertEqual(len({e["id"] for e in evs}), len(evs))
        links = int(self.be.rows(self.db, "SELECT COUNT(*) FROM event_mentions")[0][0])
        self.assertEqual(sum(len(e["sources"]) for e in evs), links)
        for e in evs:
            for k in ("id", "date", "source", "target", "code", "root", "quad", "goldstein",
                      "place", "mentions", "repeats", "articles", "outlets", "first_seen",
                      "tone", "flags", "disputed_with", "sources"):
                self.assertIn(k, e)
            self.assertEqual(e["root"], e["code"][:2])
            self.assertEqual(len(e["sources"]), e["mentions"] + e["repeats"])
            s = e["sources"][0]
            for k in ("doc", "url", "outlet", "title", "published", "para", "sentence",
                      "sentence_span", "text", "source", "target", "code", "date", "place",
                      "via", "claim_by", "repeat", "background"):
                self.assertIn(k, s)
            self.assertFalse(s["repeat"] and e["mentions"])   # first-hand first
        # without --include-background: the background events are left out
        self.assertEqual(len(self.jsonl()), self.count("(flags & 4) = 0"))

    def test_jsonl_is_what_aggregate_prints(self):
        """For a corpus with no duplicate documents, the stored events are
        the ones herald aggregate prints, field for field; only an actor's
        text found in another sentence (a pronoun's antecedent) is not in
        the stored sentence."""
        db = self.be.new("agg")
        text = os.path.join(EXAMPLES, "text")
        run("run", "--quiet", "--db", db, text, check_exit=0)
        want = [json.loads(l) for l in
                run("aggregate", "--quiet", text, check_exit=0).stdout.decode().splitlines()]
        got = [json.loads(l) for l in run("export", "--quiet", "--include-background", "--db",
                                          db, check_exit=0).stdout.decode().splitlines()]
        self.assertEqual([e["id"] for e in got], [e["id"] for e in want])
        for w, g in zip(want, got):
            for ws, gs in zip(w["sources"], g["sources"]):
                for side in ("source", "target"):
                    if "text" not in gs[side]:
                        ws[side].pop("text", None)
            self.assertEqual(g, w)

    def test_gdelt_read_by_csv_reader(self):
        names = gdelt_columns()
        out = self.export("--format", "gdelt", "--include-background").stdout.decode()
        rows = list(csv.DictReader(io.StringIO(out), fieldnames=names, delimiter="\t",
                                   quoting=csv.QUOTE_NONE, restkey="EXTRA"))
        self.assertEqual(len(rows), self.count())
        self.assertEqual(len(out.splitlines()), len(rows))
        ids = set()
        for line in out.splitlines():
            self.assertEqual(len(line.split("\t")), 61, line)
        for r in rows:
            self.assertNotIn("EXTRA", r)
            gid = int(r["GLOBALEVENTID"])
            self.assertTrue(0 <= gid < 2 ** 63)
            ids.add(gid)
            day = r["SQLDATE"]
            self.assertRegex(day, r"^(\d{8})?$")
            if day:
                self.assertEqual(r["MonthYear"], day[:6])
                self.assertEqual(r["Year"], day[:4])
                self.assertEqual(int(float(r["FractionDate"])), int(day[:4]))
            for c in ("IsRootEvent", "QuadClass", "NumMentions", "NumSources", "NumArticles"):
                int(r[c])
            for c in ("GoldsteinScale", "AvgTone"):
                float(r[c])
            self.assertIn(r["IsRootEvent"], ("0", "1"))
            self.assertTrue(1 <= int(r["QuadClass"]) <= 4)
            self.assertTrue(-10 <= float(r["GoldsteinScale"]) <= 10)
            self.assertRegex(r["EventCode"], r"^\d{3,4}$")
            self.assertEqual(r["EventBaseCode"], r["EventCode"][:3])
            self.assertEqual(r["EventRootCode"], r["EventCode"][:2])
            for c in ("ActionGeo_Lat", "ActionGeo_Long"):
                if r[c]:
                    float(r[c])
            self.assertRegex(r["DATEADDED"], r"^(\d{14})?$")
            if r["Actor1Code"][:3] in ("ARM", "AZE", "RUS", "UKR"):
                self.assertEqual(r["Actor1CountryCode"], r["Actor1Code"][:3])
            if r["Actor1Code"].endswith("MIL") and r["Actor1CountryCode"]:
                self.assertEqual(r["Actor1Type1Code"], "MIL")
            self.assertTrue(r["SOURCEURL"] == "" or r["SOURCEURL"].startswith("http"))
        self.assertEqual(len(ids), len(rows))
        # SOURCEURL: the first URL among the event's sources, in their order
        evs = self.jsonl("--include-background")
        self.assertEqual([e["id"] for e in evs], [r["id"] for r in self.csv_rows()])
        for e, r in zip(evs, rows):
            urls = [s["url"] for s in e["sources"] if s["url"]]
            self.assertEqual(r["SOURCEURL"], urls[0] if urls else "")
            self.assertEqual(r["EventCode"], e["code"])
            self.assertEqual(int(r["NumArticles"]), e["articles"])
        self.assertTrue(any(r["ActionGeo_CountryCode"] for r in rows))
        self.assertTrue(any(r["SOURCEURL"] for r in rows))

    @unittest.skipUnless(shutil.which("sqlite3"), "the sqlite3 command is not installed")
    def test_gdelt_loaded_by_sqlite3_import(self):
        names = gdelt_columns()
        path = os.path.join(self.tmp.name, "gdelt.tsv")
        self.export("--format", "gdelt", "--include-background", "--output", path)
        target = os.path.join(self.tmp.name, "gdelt-%s.db" % self.be.name)
        if os.path.exists(target):
            os.remove(target)
        script = ("CREATE TABLE events (%s);\n.mode tabs\n.import %s events\n"
                  "SELECT COUNT(*), SUM(typeof(GLOBALEVENTID) = 'integer'),"
                  " SUM(typeof(GoldsteinScale) = 'real'), SUM(typeof(NumArticles) = 'integer')"
                  " FROM events;\n" % (", ".join(
                      "%s %s" % (n, "INTEGER" if n in ("GLOBALEVENTID", "NumMentions",
                                                       "NumSources", "NumArticles",
                                                       "QuadClass", "IsRootEvent")
                                 else "REAL" if n in ("GoldsteinScale", "AvgTone")
                                 else "TEXT") for n in names), path))
        p = subprocess.run(["sqlite3", target], input=script.encode(), capture_output=True,
                           timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, b"")
        n = self.count()
        # every row in, and the numbers taken as numbers
        self.assertEqual(p.stdout.decode().strip(), "\t".join([str(n)] * 4))

    def csv_rows(self, *args):
        out = self.export("--format", "csv", "--include-background", *args).stdout.decode()
        return list(csv.DictReader(io.StringIO(out, newline="")))

    def test_csv_read_back(self):
        rows = self.csv_rows()
        self.assertEqual(len(rows), self.count())
        self.assertEqual(list(rows[0].keys())[:3], ["id", "date", "precision"])
        self.assertIn("sentence", rows[0])
        evs = {e["id"]: e for e in self.jsonl("--include-background")}
        for r in rows:
            e = evs[r["id"]]
            self.assertEqual(r["code"], e["code"])
            self.assertEqual(int(r["articles"]), e["articles"])
            self.assertEqual(r["sentence"], e["sources"][0]["text"])
            self.assertEqual(r["url"], e["sources"][0]["url"] or "")
        # sentences with commas and quotes come back whole
        self.assertTrue(any("," in r["sentence"] for r in rows))

    def test_plover(self):
        evs = [json.loads(l) for l in self.lines("--format", "plover", "--include-background")]
        self.assertEqual(len(evs), self.count())
        for e in evs:
            self.assertIn(e["event_type"], PLOVER_TYPES)
            self.assertRegex(e["mode"], r"^\d{3,4}$")
            for k in ("id", "date", "actor1", "actor2", "location", "mentions", "sources"):
                self.assertIn(k, e)
            if e["mode"][:2] in ("18", "19", "20"):
                self.assertEqual(e["event_type"], "ASSAULT")
            if e["mode"][:2] == "14":
                self.assertEqual(e["event_type"], "PROTEST")
            self.assertTrue(e["sources"])
            self.assertTrue(all(set(s) == {"url", "outlet", "sentence"} for s in e["sources"]))

    def test_text_timeline(self):
        lines = self.lines("--format", "text", "--include-background")
        self.assertEqual(len(lines), self.count())
        self.assertTrue(all(" mention" in l and " | " in l for l in lines))

    def test_output_file_equals_stdout(self):
        path = os.path.join(self.tmp.name, "out.jsonl")
        self.export("--output", path)
        with open(path, encoding="utf-8") as f:
            self.assertEqual(f.read(), self.export().stdout.decode())

    # ---- filters -------------------------------------------------------------

    def test_code_filter(self):
        evs = self.jsonl("--code", "19", "--include-background")
        self.assertTrue(evs)
        self.assertTrue(all(e["root"] == "19" for e in evs))
        self.assertEqual(len(evs), self.count("substr(code, 1, 2) = '19'"))

    def test_actor_filter(self):
        evs = self.jsonl("--actor", "ARM", "--include-background")
        self.assertTrue(evs)
        for e in evs:
            self.assertTrue((e["source"] or "").startswith("ARM") or
                            (e["target"] or "").startswith("ARM"), e)
        self.assertEqual(len(evs), self.count("substr(source, 1, 3) = 'ARM' OR "
                                              "substr(target, 1, 3) = 'ARM'"))
        # lower case is read as the code; two actors take either
        self.assertEqual(len(self.jsonl("--actor", "arm", "--include-background")), len(evs))
        both = self.jsonl("--actor", "ARM", "--actor", "AZE", "--include-background")
        self.assertGreater(len(both), len(evs))
        src = self.jsonl("--source", "ARM", "--target", "AZE", "--include-background")
        self.assertTrue(src)
        self.assertTrue(all(e["source"].startswith("ARM") and e["target"].startswith("AZE")
                            for e in src))

    def test_date_filter(self):
        evs = self.jsonl("--from", "2020-10-01", "--to", "2020-10-31", "--include-background")
        self.assertTrue(evs)
        # 2020-10-01 and 2020-10-31 are days 18536 and 18566 since 1970
        self.assertEqual(len(evs), self.count("date_end >= 18536 AND date_start <= 18566"))
        for e in evs:
            v = e["date"]["value"]
            self.assertTrue(v.startswith("2020") and (v[5:7] in ("", "10") or "/" in v), v)
        self.assertEqual(len(self.jsonl("--from", "2020-10", "--to", "2020-10",
                                        "--include-background")), len(evs))
        year = self.jsonl("--from", "2020", "--to", "2020", "--include-background")
        self.assertGreater(len(year), len(evs))
        later = self.jsonl("--from", "2021", "--include-background")
        self.assertTrue(later)
        self.assertFalse({e["id"] for e in later} & {e["id"] for e in evs})

    def test_min_sources_filter(self):
        evs = self.jsonl("--min-sources", "2", "--include-background")
        self.assertTrue(evs)
        self.assertTrue(all(e["articles"] >= 2 for e in evs))
        self.assertEqual(len(evs), self.count("articles >= 2"))

    def test_background_left_out_unless_asked(self):
        plain = self.jsonl()
        every = self.jsonl("--include-background")
        self.assertGreater(len(every), len(plain))
        self.assertFalse(any(e["flags"]["background"] for e in plain))
        self.assertTrue(any(e["flags"]["background"] for e in every))

    def test_place_text_quad_limit(self):
        geneva = self.jsonl("--place", "geneva", "--include-background")
        self.assertTrue(geneva)
        self.assertTrue(all(e["place"]["name"] == "Geneva" for e in geneva))
        che = self.jsonl("--place", "CHE", "--include-background")
        self.assertTrue({e["id"] for e in geneva} <= {e["id"] for e in che})
        words = self.jsonl("--text", "SHELLED  armenian", "--include-background")
        self.assertTrue(words)
        for e in words:
            self.assertTrue(any("shelled" in s["text"].lower() and "armenian" in s["text"].lower()
                                for s in e["sources"]))
        quad = self.jsonl("--quad", "4", "--include-background")
        self.assertTrue(quad and all(e["quad"] == 4 for e in quad))
        self.assertEqual(len(self.jsonl("--limit", "3")), 3)

    def test_hostile_values_are_only_values(self):
        before = self.count()
        for v in HOSTILE:
            for opt in ("--actor", "--source", "--target", "--place", "--text"):
                p = self.export(opt, v, "--include-background")
                self.assertEqual(p.stdout, b"", (opt, v))
        self.assertEqual(self.count(), before)
        self.assertEqual(len(self.jsonl("--include-background")), before)

    def test_usage_errors_name_the_option(self):
        for args in (("--format", "xml"), ("--quad", "5"), ("--quad", "x"), ("--from", "junk"),
                     ("--to", "2020-13-45"), ("--code", "1x"), ("--code", "19' OR 1=1"),
                     ("--limit", "0"), ("--limit", "-3"), ("--min-sources", "many"),
                     ("--from", "2021", "--to", "2020")):
            p = self.export(*args, check_exit=2)
            self.assertIn(args[0].encode(), p.stderr, args)
        p = self.export("--bogus", check_exit=2)
        self.assertIn(b"--bogus", p.stderr)
        p = self.export("--format", check_exit=2)
        p = self.export("stray-input", check_exit=2)


class SQLiteExport(Export, unittest.TestCase):
    backend = SQLite

    def test_missing_database_is_an_error(self):
        missing = os.path.join(self.tmp.name, "nothing-here.db")
        p = run("export", "--db", missing, check_exit=1)
        self.assertIn(b"nothing-here.db", p.stderr)
        self.assertFalse(os.path.exists(missing))

    def test_unwritable_output(self):
        p = self.export("--output", os.path.join(self.tmp.name, "no", "such", "dir", "x"),
                        check_exit=1)
        self.assertIn(b"cannot write", p.stderr)


@unittest.skipUnless(PG_URL, "PostgreSQL tests skipped: no server (HERALD_PG_URL unset; "
                             "tests/run.sh starts one when it can)")
class PostgresExport(Export, unittest.TestCase):
    backend = Postgres


if __name__ == "__main__":
    unittest.main()
