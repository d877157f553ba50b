"""End-to-end tests of `herald match` and `herald dict`: the project's own
dictionaries on the bundled examples and on the seeds in ../shared (when
present), broken dictionaries, and TABARI/PETRARCH dictionaries from
../shared/peers (when present)."""
import gzip
import json
import os
import re
import tempfile
import unittest

from test_cli import EXAMPLES, HERALD, ROOT, SEEDS, run

PEERS = os.path.join(ROOT, "..", "shared", "peers", "petrarch2", "dictionaries")


def matches_of(p):
    """[(doc, sentence, text, kind, code, name, place)] from match's JSON."""
    out = []
    for line in p.stdout.decode().splitlines():
        d = json.loads(line)
        for m in d["matches"]:
            mt = m["match"]
            out.append((d["doc"], m["sentence"], mt["text"], mt["kind"], mt["code"],
                        mt["name"], mt.get("place"), mt["how"]))
    return out


def lookup(*args):
    p = run("dict", "lookup", *args)
    return [json.loads(l) for l in p.stdout.decode().splitlines()]


class Builtin(unittest.TestCase):
    def test_the_projects_dictionaries_are_clean(self):
        p = run("dict", "check", os.path.join(ROOT, "data", "actors"), check_exit=0)
        out = p.stdout.decode()
        m = re.search(r"(\d+) entries .* (\d+) names, (\d+) codes: 0 errors, (\d+) warnings", out)
        self.assertIsNotNone(m, out + p.stderr.decode())
        self.assertGreater(int(m.group(1)), 1000)
        self.assertEqual(p.stderr.decode(), "", "warnings:\n" + p.stderr.decode()[:3000])

    def test_several_hundred_people_with_dates(self):
        # a person: an entry with a dated code line
        people = 0
        for f in os.listdir(os.path.join(ROOT, "data", "actors")):
            if f.startswith("3") and f.endswith(".txt"):
                with open(os.path.join(ROOT, "data", "actors", f), encoding="utf-8") as fh:
                    text = fh.read()
                for block in re.split(r"\n\s*\n", text):
                    if re.search(r"^\s+[A-Z]{3}[A-Z0-9]* \d{4}", block, re.M):
                        people += 1
        self.assertGreater(people, 400)

    def test_office_holders_change_with_the_date(self):
        def code(name, date):
            r = lookup("--date", date, name)[0]["matches"]
            self.assertEqual(len(r), 1, r)
            return r[0]["code"], r[0]["name"]
        self.assertEqual(code("Ilham Aliyev", "2020-10-01"), ("AZEGOV", "Ilham Aliyev"))
        self.assertEqual(code("Nikol Pashinyan", "2020-10-01")[0], "ARMGOV")
        self.assertEqual(code("Nikol Pashinyan", "2016-01-01")[0], "ARMOPP")
        self.assertEqual(code("Sergei Lavrov", "2020-10-01")[0], "RUSGOV")
        self.assertEqual(code("Mevlut Cavusoglu", "2020-10-01")[0], "TURGOV")
        self.assertNotEqual(code("Mevlut Cavusoglu", "2024-06-01")[0], "TURGOV")

    def test_serbia_and_kosovo_office_holders(self):
        def code(name, date):
            r = lookup("--date", date, name)[0]["matches"]
            self.assertEqual(len(r), 1, (name, date, r))
            return r[0]["code"]
        self.assertEqual(code("Aleksandar Vucic", "2023-05-30"), "SRBGOV")
        self.assertEqual(code("Vucic", "2015-01-01"), "SRBGOV")
        self.assertEqual(code("Albin Kurti", "2023-05-30"), "XKXGOV")
        self.assertEqual(code("Kurti", "2020-10-01"), "XKXOPP")
        self.assertEqual(code("Vjosa Osmani", "2023-06-15"), "XKXGOV")
        self.assertEqual(code("Vjosa Osmani", "2020-06-01"), "XKXLEG")
        self.assertEqual(code("Xhelal Sveçla", "2022-12-11"), "XKXGOV")
        self.assertEqual(code("Miroslav Lajcak", "2023-06-15"), "IGOEUREEC")
        self.assertEqual(code("Miroslav Lajcak", "2015-06-15"), "SVKGOV")
        self.assertEqual(code("Martin Griffiths", "2023-12-20"), "IGOUNOOCH")
        self.assertEqual(code("Jeffrey Hovenier", "2023-05-30"), "USAGOV")
        self.assertEqual(code("Vagif Dargahli", "2020-10-14"), "AZEMIL")
        # before and after their terms these names give nothing
        for name, date in [("Vjosa Osmani", "2010-01-01"), ("Martin Griffiths", "2017-01-01")]:
            r = lookup("--date", date, name)[0]["matches"]
            self.assertFalse([m for m in r if m["kind"] == "actor"], (name, date, r))

    def test_serbs_are_coded_by_where_they_live(self):
        def codes(text):
            return [(m["text"], m["code"]) for m in lookup(text)[0]["matches"]
                    if m["kind"] != "place"]
        self.assertEqual(codes("Kosovo Serbs"), [("Kosovo Serbs", "XKX")])
        self.assertEqual(codes("Serbs in northern Kosovo"), [("Serbs in northern Kosovo", "XKX")])
        self.assertEqual(codes("Bosnian Serbs"), [("Bosnian Serbs", "BIH")])
        self.assertEqual(codes("Kosovo Albanians"), [("Kosovo Albanians", "XKX")])
        # alone, "Serbs" says nothing about a state; "Serbian" is Serbia's
        self.assertEqual(codes("Serbs"), [])
        self.assertEqual(codes("Serbian"), [("Serbian", "SRB")])

    def test_places_of_the_issue_resolve(self):
        want = {"Stepanakert": (39.8, 46.75), "Shusha": (39.76, 46.75),
                "Shushi": (39.76, 46.75), "Khojaly": (39.91, 46.79),
                "Aghdam": (39.99, 46.93), "Gyumri": (40.79, 43.85),
                "Geneva": (46.20, 6.14)}
        for name, (lat, lon) in want.items():
            r = lookup("in " + name)[0]["matches"]
            places = [m for m in r if m["kind"] == "place"]
            self.assertEqual(len(places), 1, (name, r))
            pl = places[0]["place"]
            self.assertAlmostEqual(pl["lat"], lat, delta=0.1, msg=name)
            self.assertAlmostEqual(pl["lon"], lon, delta=0.1, msg=name)

    def test_examples(self):
        p = run("match", "--date-ref", "2020", EXAMPLES)
        self.assertIn(p.returncode, (0,), p.stderr.decode()[-2000:])
        got = {(t, k, c) for _, _, t, k, c, _, _, _ in matches_of(p)}
        for want in [("Yerevan", "actor", "ARMGOV"), ("Stepanakert", "place", "AZE"),
                     ("Armenian Prime Minister Nikol Pashinyan", "actor", "ARMGOV")]:
            self.assertIn(want, got)
        self.assertTrue(any(k == "agent" and c == "AZEMIL" for t, k, c in got), got)
        # "Ararat Daily reports ...": an outlet cited is not a place
        self.assertNotIn(("Ararat", "place", "ARM"), got)
        # "in May" is a month, not the town of May
        self.assertFalse([t for t, k, c in got if k == "place" and t.endswith("May")])

    def test_text_format_has_one_line_per_match(self):
        f = os.path.join(EXAMPLES, "text", "01_newsline_baku_launchers.txt")
        lines = run("match", "--format", "text", f, check_exit=0).stdout.decode().splitlines()
        js = matches_of(run("match", f, check_exit=0))
        self.assertEqual(len(lines), len(js))
        self.assertTrue(all(len(l.split("\t")) >= 7 for l in lines))


@unittest.skipUnless(os.path.isdir(SEEDS), "../shared/seeds is not here")
class Seeds(unittest.TestCase):
    """The figures the issue names, on the real pages."""

    @classmethod
    def setUpClass(cls):
        p = run("match", SEEDS)
        cls.m = matches_of(p)

    def has(self, text, code, kind=None):
        hits = [m for m in self.m if m[2].endswith(text) and m[4] == code
                and (kind is None or m[3] == kind)]
        self.assertTrue(hits, "%s -> %s not found; got %s" % (
            text, code, sorted({(m[2], m[4]) for m in self.m if text.split()[-1] in m[2]})))
        return hits

    def test_people(self):
        self.has("Ilham Aliyev", "AZEGOV")
        self.has("Nikol Pashinyan", "ARMGOV")
        self.has("Vladimir Putin", "RUSGOV")
        self.has("Peskov", "RUSGOV")
        self.has("Sergei Lavrov", "RUSGOV")
        self.has("Mevlut Cavusoglu", "TURGOV")
        self.has("Samvel Shahramanyan", "AZESEP")

    def test_capitals_as_governments(self):
        for h in self.has("Baku", "AZEGOV", "actor") + self.has("Yerevan", "ARMGOV", "actor"):
            self.assertIn("metonym", h[7])

    def test_organisations_and_forces(self):
        hits = [m for m in self.m if "Minsk Group" in m[2]]
        self.assertTrue(hits and all(m[4].startswith("IGO") for m in hits), hits)
        self.has("Armenian Armed Forces", "ARMMIL")

    def test_stepanakert_in_the_region(self):
        for h in self.has("Stepanakert", "AZE", "place"):
            self.assertTrue(39.0 < h[6]["lat"] < 41.0 and 45.0 < h[6]["lon"] < 48.0, h)


class BrokenDictionaries(unittest.TestCase):
    def test_every_problem_named_with_file_and_line_and_the_rest_loaded(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "a.txt"), "wb") as f:
                f.write(b"Good Name\n  AZE\n  ARM 2020-02-30..\nBad \xff Name\n  AZE\n"
                        b"Next One\n  XYZQ\n  RUSGOV\n")
            with gzip.open(os.path.join(d, "b.txt.gz"), "wb") as f:
                f.write(b"ignored: not *.txt\n")
            with open(os.path.join(d, "c.txt"), "wb") as f:
                f.write(b"\x00\x01\x02binary junk\n  \n|\n")
            p = run("dict", "check", d, check_exit=3)
            err = p.stderr.decode()
            self.assertRegex(err, r"a\.txt: line 3: bad date range")
            self.assertRegex(err, r"a\.txt: line 4: invalid UTF-8")
            self.assertRegex(err, r"a\.txt: line 7: code 'XYZQ'")
            self.assertRegex(err, r"c\.txt: line 1: ")
            # the good entries still work in a match
            text = os.path.join(d, "t.txt")
            with open(text, "w") as f:
                f.write("Good Name met Next One in the capital on Tuesday, officials said "
                        "after the talks.\n\nThe talks went on for several hours and ended "
                        "without a joint statement from either delegation.\n")
            p = run("match", "--no-builtin-dict", "--no-gazetteer", "--dict", d, "--format",
                    "text", text, check_exit=3)
            codes = [l.split("\t")[5] for l in p.stdout.decode().splitlines()]
            self.assertEqual(codes, ["AZE", "RUSGOV"])

    def test_missing_dictionary_is_an_error_not_a_crash(self):
        p = run("match", "--dict", "/nonexistent/dict", os.path.join(EXAMPLES, "feed.jsonl"))
        self.assertEqual(p.returncode, 3)
        self.assertIn("/nonexistent/dict", p.stderr.decode())


@unittest.skipUnless(os.path.isdir(PEERS), "../shared/peers is not here")
class Petrarch(unittest.TestCase):
    def test_phoenix_dictionaries_give_the_expected_codes(self):
        args = ["--no-builtin-dict", "--no-gazetteer", "--date", "2020-10-01"]
        for f in sorted(os.listdir(PEERS)):
            if f.startswith("Phoenix.") and ("actors" in f or "agents" in f
                                             or "discards" in f):
                args += ["--petrarch-dict", os.path.join(PEERS, f)]
        want = {"Ilham Aliyev": "AZEGOV", "Vladimir Putin": "RUSGOV",
                "Recep Tayyip Erdogan": "TURGOV", "Angela Merkel": "DEUGOV",
                "Azerbaijan": "AZE", "Armenia": "ARM", "Turkey": "TUR",
                "Israeli": "ISR", "Hamas": None, "NATO": None,
                "United Nations": None, "Hezbollah": None}
        for name, code in want.items():
            r = lookup(*args, name)[0]["matches"]
            self.assertTrue(r, name)
            if code:
                self.assertEqual(r[0]["code"], code, name)
            else:
                self.assertTrue(r[0]["code"], name)



# a second paragraph with no event, so that the document reads as an article
# (a lone short paragraph is taken for boilerplate)
FILLER = ("The talks went on for several hours and ended without a joint statement "
          "from either delegation.")


def code_text(date, sentence):
    """(source, code, target) of each event `herald code` finds in a dated
    document made of the sentence and FILLER."""
    doc = json.dumps({"url": "https://example.org/a", "title": "t",
                      "date_publish": date + " 10:00:00",
                      "maintext": sentence + "\n\n" + FILLER})
    p = run("code", "--quiet", "-", stdin=doc.encode() + b"\n", check_exit=0)
    return [(e["source"]["code"], e["code"], e["target"]["code"])
            for e in (json.loads(l) for l in p.stdout.decode().splitlines() if l.strip())]


class VerbPatternsOfTheExamples(unittest.TestCase):
    """Patterns added to data/verbs for sentences of the examples (issue 5):
    "would" in reported speech, acts condemned with no actor named, meetings
    to come."""

    def test_filler_has_no_event(self):
        self.assertEqual(code_text("2023-05-30", FILLER), [])

    def test_condemned_an_attack(self):
        self.assertEqual(code_text(
            "2023-05-30", "Jens Stoltenberg condemned what he called unprovoked attacks on "
            "the peacekeepers in the northern town on Monday."), [("IGOWSTNAT", "111", None)])

    def test_would_not(self):
        self.assertEqual(code_text(
            "2023-06-15", "Belgrade would not accept lectures from Pristina on the rule of law, "
            "the president told reporters on Friday."), [("SRB", "120", "XKXGOV")])
        self.assertEqual(code_text(
            "2020-07-27", "Ukraine would not give up any of its territory in exchange for "
            "peace, the president told reporters in Kyiv."), [("UKR", "124", None)])
        self.assertEqual(code_text(
            "2023-05-30", "The alliance said on Tuesday that NATO would not tolerate violence "
            "against its troops in the north of the country."), [("IGOWSTNAT", "130", None)])
        # a possibility, not a refusal: no event
        self.assertEqual(code_text(
            "2023-06-15", "Officials in the capital said on Friday that Belgrade could accept "
            "the plan if the other side agreed."), [])

    def test_would_resume_an_offensive_is_a_threat(self):
        self.assertEqual(code_text(
            "2023-11-25", "The prime minister said on Saturday that Israel would resume its "
            "offensive against Hamas once the truce ended."), [("ISR", "138", "PSEREBHMS")])
        self.assertEqual(code_text(
            "2023-11-25", "Israel resumed talks with the mediators in the Qatari capital on "
            "Saturday after a short break."), [])

    def test_meetings_to_come(self):
        self.assertEqual(code_text(
            "2020-10-21", "Zohrab Mnatsakanyan is due to meet Mike Pompeo in Washington on "
            "Friday, the ministry said in a statement."), [("ARMGOV", "036", "USAGOV")])
