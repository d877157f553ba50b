"""End-to-end tests of the resolve and aggregate stages: dates, background
and attribution on `herald code` mentions, and `herald aggregate` events on
the bundled examples and (when present) on the seeds in ../shared."""
import json
import os
import tempfile
import unittest

from test_cli import EXAMPLES, SEEDS, run


def lines(p):
    return [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]


def aggregate(*inputs):
    return lines(run("aggregate", "--quiet", *inputs, check_exit=0))


def write(d, name, text):
    path = os.path.join(d, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


class Mentions(unittest.TestCase):
    def test_dates_background_and_sources(self):
        with tempfile.TemporaryDirectory() as d:
            f = write(d, "a.jsonl", json.dumps({
                "url": "https://example.org/a", "date": "2020-10-21",
                "text": "Azerbaijan shelled Armenian positions on Monday, "
                        "Trend reports citing the Defence Ministry.\n\n"
                        "In 1994, Armenia and Azerbaijan signed a ceasefire agreement in "
                        "Bishkek."}) + "\n")
            ms = lines(run("code", f, check_exit=0))
        shell = [m for m in ms if m["root"] == "19"]
        self.assertTrue(shell, ms)
        self.assertEqual(shell[0]["date"]["value"], "2020-10-19")
        self.assertEqual(shell[0]["date"]["precision"], "day")
        self.assertEqual(shell[0]["date"]["text"], "Monday")
        self.assertFalse(shell[0]["flags"]["background"])
        self.assertEqual(shell[0]["via"], ["Trend", "the Defence Ministry"])
        old = [m for m in ms if m["date"]["value"] == "1994"]
        self.assertTrue(old, ms)
        self.assertTrue(all(m["flags"]["background"] for m in old))
        self.assertTrue(all(m["date"]["precision"] == "year" for m in old))

    def test_background_days_option(self):
        with tempfile.TemporaryDirectory() as d:
            f = write(d, "a.jsonl", json.dumps({
                "date": "2021-03-01",
                "text": "Azerbaijan shelled Armenia in July 2020."}) + "\n")
            near = lines(run("code", "--background-days", "400", f, check_exit=0))
            far = lines(run("code", f, check_exit=0))
            bad = run("code", "--background-days", "soon", f, check_exit=2)
        self.assertTrue(near and far)
        self.assertFalse(near[0]["flags"]["background"])
        self.assertTrue(far[0]["flags"]["background"])
        self.assertIn(b"--background-days", bad.stderr)


class Examples(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.events = aggregate(EXAMPLES)

    def test_shape_and_counts(self):
        ev = self.events
        self.assertGreater(len(ev), 20)
        ids = [e["id"] for e in ev]
        self.assertEqual(len(ids), len(set(ids)))
        for e in ev:
            for k in ("id", "date", "source", "target", "code", "root", "quad", "goldstein",
                      "place", "mentions", "repeats", "articles", "outlets", "first_seen",
                      "tone", "flags", "sources"):
                self.assertIn(k, e)
            self.assertEqual(e["mentions"] + e["repeats"], len(e["sources"]))
            self.assertLessEqual(e["articles"], max(e["mentions"], 1))
            self.assertLessEqual(e["outlets"], e["articles"])
            for s in e["sources"]:
                self.assertTrue(s["text"])
                self.assertEqual(s["code"][:3], e["code"][:3])
            # repeats come after the first-hand mentions
            flags = [s["repeat"] for s in e["sources"]]
            self.assertEqual(flags, sorted(flags))
            if e["disputed_with"]:
                self.assertIn(e["disputed_with"], ids)

    def test_duplicates_are_repeats_not_sources(self):
        # examples/feed.jsonl repeats one text article and crawl.warc.gz one
        # HTML page: their mentions join as repeats
        rep = [e for e in self.events if e["repeats"]]
        self.assertTrue(rep)
        for e in rep:
            real = {s["doc"] for s in e["sources"] if not s["repeat"]}
            self.assertEqual(e["articles"], len(real))

    def test_sorted_by_date(self):
        dated = [e["date"]["value"] for e in self.events if e["date"]["value"]]
        years = [v[:4] for v in dated if not v.startswith("--")]
        self.assertEqual(years, sorted(years))

    def test_order_of_inputs_does_not_change_events(self):
        # distinct articles (no duplicates among them, whose first copy
        # would depend on the order) given in two orders
        d = os.path.join(EXAMPLES, "text")
        files = sorted(os.path.join(d, f) for f in os.listdir(d))
        a = aggregate(*files)
        b = aggregate(*reversed(files))
        key = lambda ev: sorted((e["id"], e["mentions"] + e["repeats"], e["code"])
                                for e in ev)
        self.assertEqual(key(a), key(b))

    def test_timeline_text(self):
        out = run("aggregate", "--quiet", "--format", "text",
                  os.path.join(EXAMPLES, "text"), check_exit=0).stdout.decode()
        rows = out.splitlines()
        self.assertGreater(len(rows), 10)
        self.assertTrue(all(" mention" in r for r in rows))


@unittest.skipUnless(os.path.isdir(SEEDS), "../shared/seeds is not here")
class Seeds(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.events = aggregate(SEEDS)
        cls.mentions = lines(run("code", SEEDS, check_exit=0))

    def find(self, src, code, tgt):
        return [e for e in self.events if (e["source"] or "")[:3] == src and
                e["code"].startswith(code) and (e["target"] or "")[:3] == tgt]

    def test_mutual_accusations_after_september_27_are_one_disputed_pair(self):
        ab = [e for e in self.find("AZE", "112", "ARM")
              if (e["date"]["value"] or "").endswith("09-27")]
        ba = [e for e in self.find("ARM", "112", "AZE")
              if (e["date"]["value"] or "").endswith("09-27")]
        self.assertEqual(len(ab), 1, ab)
        self.assertEqual(len(ba), 1, ba)
        self.assertTrue(ab[0]["flags"]["disputed"])
        self.assertEqual(ab[0]["disputed_with"], ba[0]["id"])
        self.assertEqual(ba[0]["disputed_with"], ab[0]["id"])
        # two articles report it
        self.assertGreaterEqual(ab[0]["articles"], 2)

    def test_october_ceasefire_is_one_event(self):
        cf = [e for e in self.find("AZE", "087", "ARM")
              if (e["date"]["value"] or "")[-5:] in ("10-09", "10-10")]
        self.assertEqual(len(cf), 1, cf)
        self.assertFalse(cf[0]["flags"]["background"])

    def test_history_is_dated_to_its_own_years_and_background(self):
        bishkek = [e for e in self.events if e["code"].startswith("087") and
                   e["date"]["value"] == "1994"]
        self.assertTrue(bishkek)
        self.assertTrue(all(e["flags"]["background"] for e in bishkek))
        old = [m for m in self.mentions if (m["date"]["value"] or "")[:4] in
               ("1988", "1992", "1994")]
        self.assertTrue(old)
        self.assertTrue(all(m["flags"]["background"] for m in old), old)

    def test_2023_contact_is_dated_2023(self):
        c = [m for m in self.mentions if m["date"]["value"] == "2023-09-19"]
        self.assertTrue(c, [m["date"] for m in self.mentions])
        self.assertTrue(all(m["source"]["code"].startswith("AZE") for m in c))

    def test_nothing_is_dated_2026(self):
        for m in self.mentions:
            self.assertFalse((m["date"]["value"] or "").startswith("2026"), m)
        for e in self.events:
            self.assertFalse((e["date"]["value"] or "").startswith("2026"), e)

    def test_undated_article_keeps_years_unknown_and_says_why(self):
        # 003 names "Tuesday, October 20": 2020 and 2026 both fit the
        # offices of the people it names, so no year is inferred
        ms = [m for m in self.mentions if m.get("date_evidence")]
        self.assertTrue(ms)
        for m in ms:
            v = m["date"]["value"]
            self.assertTrue(v is None or v.startswith("--") or v[:4] < "2026", m["date"])


if __name__ == "__main__":
    unittest.main()
