#!/usr/bin/env python3
"""Dates and aggregation of Herald's events against the project's timeline gold.

The gold is tests/data/timeline-gold.tsv (docs/events-gold.md, "Timeline
gold"): one E line per distinct real-world event, with its date, and M lines
naming the sentences (events-gold file and sentence prefix) that report it.
Two figures:

* date accuracy at day precision: `herald code` is run over the input of
  every gold file; a gold mention is found when the document has a Herald
  mention in the sentence that holds the prefix with the same (source
  country, target country, root) as the gold event. Over the found mentions
  whose gold date is a day, the share whose Herald date is that day. Gold
  dates coarser than a day (month, year, range, "?") are counted apart.
* aggregated events against distinct real events: `herald aggregate` is run
  once over examples/; each source of each Herald event is matched to the
  gold mentions the same way. For every gold event Herald found: into how
  many Herald events its mentions went (ideal: 1); Herald events that hold
  mentions of two different gold events are wrong merges. Events noted
  `collective` (one sentence reporting several occurrences at once) are left
  out of both counts.

    bench/eval-timeline.py [--herald build/herald] [--gold FILE]
                           [--examples DIR] [--details] [--json]

Prints a table and the totals; exits 0.
"""
import argparse
import collections
import datetime
import importlib.util
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _load_eval_events():
    """bench/eval-events.py has a dash in its name: load it by path."""
    path = os.path.join(ROOT, "bench", "eval-events.py")
    spec = importlib.util.spec_from_file_location("eval_events", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ee = _load_eval_events()
country = ee.country

Event = collections.namedtuple("Event", "id date source target root note label")
Mention = collections.namedtuple("Mention", "event gold prefix")


# --- the gold file ---------------------------------------------------------

def load_timeline(path):
    """(events by id in file order, mentions); ValueError names the line."""
    events = collections.OrderedDict()
    mentions = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            where = "%s:%d" % (path, n)
            if cols[0] == "E":
                if len(cols) != 8:
                    raise ValueError("%s: an E line has 8 columns, not %d" % (where, len(cols)))
                ev = Event(*cols[1:])
                if ev.id in events:
                    raise ValueError("%s: event %s given twice" % (where, ev.id))
                if parse_date(ev.date) is None and ev.date != "?":
                    raise ValueError("%s: bad date %r" % (where, ev.date))
                if len(ev.root) != 2 or not ev.root.isdigit():
                    raise ValueError("%s: bad root %r" % (where, ev.root))
                events[ev.id] = ev
            elif cols[0] == "M":
                if len(cols) != 4:
                    raise ValueError("%s: an M line has 4 columns, not %d" % (where, len(cols)))
                m = Mention(*cols[1:])
                if m.event not in events:
                    raise ValueError("%s: mention of unknown event %s" % (where, m.event))
                mentions.append(m)
            else:
                raise ValueError("%s: a line starts with E or M, not %r" % (where, cols[0]))
    return events, mentions


def _bounds(part):
    """First and last day of YYYY, YYYY-MM or YYYY-MM-DD; None if not one."""
    try:
        if len(part) == 4:
            y = int(part)
            return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
        if len(part) == 7 and part[4] == "-":
            y, m = int(part[:4]), int(part[5:])
            first = datetime.date(y, m, 1)
            nxt = datetime.date(y + (m == 12), m % 12 + 1, 1)
            return first, nxt - datetime.timedelta(days=1)
        if len(part) == 10:
            d = datetime.date.fromisoformat(part)
            return d, d
    except ValueError:
        return None
    return None


def parse_date(value):
    """(first day, last day) of a gold or Herald date value; None if unusable
    (null, "?", a month-day without a year)."""
    if not value or value == "?":
        return None
    parts = value.split("/")
    if len(parts) > 2:
        return None
    ends = [_bounds(p) for p in parts]
    if None in ends:
        return None
    lo, hi = ends[0][0], ends[-1][1]
    return (lo, hi) if lo <= hi else None


def is_day(value):
    return bool(value) and len(value) == 10 and parse_date(value) is not None


# --- Herald's output -------------------------------------------------------

def triple(source_code, target_code, code):
    return (country(source_code), country(target_code), (code or "")[:2])


def doc_of_gold(herald, gold_dir):
    """gold file name (no .tsv) -> Herald document id, through index.txt."""
    out = {}
    ids = {}
    for g, (path, record) in ee.index_of(gold_dir).items():
        if path not in ids:
            ids[path] = ee.doc_ids(herald, path)
        if record <= len(ids[path]):
            out[g[:-4] if g.endswith(".tsv") else g] = ids[path][record - 1]
    return out


def herald_code(herald, path):
    p = subprocess.run([herald, "code", "--quiet", "--no-dedup", path], capture_output=True,
                       timeout=600)
    return [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]


def herald_aggregate(herald, examples):
    p = subprocess.run([herald, "aggregate", "--quiet", examples], capture_output=True,
                       timeout=600)
    return [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]


# --- date accuracy ---------------------------------------------------------

def judge_date(gold, herald):
    """right, coarser (Herald's date holds the gold day but is wider), none
    (no date, or no year) or wrong, for a gold day."""
    span = parse_date(herald)
    if span is None:
        return "none"
    day = parse_date(gold)[0]
    if span == (day, day):
        return "right"
    if span[0] <= day <= span[1]:
        return "coarser"
    return "wrong"


def date_scores(herald, gold_dir, events, mentions, docs):
    """Per gold file counters and the list of found mentions with dates."""
    inputs = ee.index_of(gold_dir)
    by_file = collections.defaultdict(list)
    for m in mentions:
        by_file[m.gold].append(m)
    rows = collections.OrderedDict()
    found = []
    cache = {}
    for g in sorted(by_file):
        c = collections.Counter()
        rows[g] = c
        if g not in docs:
            c["missing"] = len(by_file[g])
            continue
        path = inputs[g + ".tsv"][0]
        if path not in cache:
            cache[path] = herald_code(herald, path)
        mine = [h for h in cache[path] if h["doc"] == docs[g]]
        for m in by_file[g]:
            ev = events[m.event]
            c["gold"] += 1
            want = (ev.source, ev.target, ev.root)
            hits = [h for h in mine if m.prefix in h["text"]
                    and triple(h["source"]["code"], h["target"]["code"], h["code"]) == want]
            if not hits:
                continue
            c["found"] += 1
            got = (hits[0].get("date") or {}).get("value")
            if is_day(ev.date):
                verdict = judge_date(ev.date, got)
                c["day"] += 1
                c[verdict] += 1
            else:
                span, gspan = parse_date(got), parse_date(ev.date)
                verdict = "coarse-gold"
                c["coarse"] += 1
                if span and gspan and gspan[0] <= span[0] and span[1] <= gspan[1]:
                    c["coarse-fits"] += 1
                    verdict = "coarse-gold-fits"
            found.append((g, m, ev, got, verdict))
    return rows, found


# --- aggregation -----------------------------------------------------------

def aggregation_scores(herald_events, events, mentions, docs):
    """Splits of gold events over Herald events, and wrong merges."""
    gold_of_doc = {d: g for g, d in docs.items()}
    by_key = collections.defaultdict(list)
    for m in mentions:
        by_key[m.gold].append(m)
    split = collections.defaultdict(set)       # gold event -> Herald events
    merges = []
    touching = 0
    for i, hev in enumerate(herald_events):
        sets = []
        for s in hev.get("sources", []):
            g = gold_of_doc.get(s.get("doc"))
            if g is None:
                continue
            t = triple((s.get("source") or {}).get("code"), (s.get("target") or {}).get("code"),
                       s.get("code") or hev.get("code"))
            ids = {m.event for m in by_key[g] if m.prefix in (s.get("text") or "")
                   and (events[m.event].source, events[m.event].target, events[m.event].root) == t}
            ids = {e for e in ids if "collective" not in events[e].note}
            if ids:
                sets.append(ids)
                for e in ids:
                    split[e].add(i)
        if sets:
            touching += 1
            if any(not (a & b) for j, a in enumerate(sets) for b in sets[j + 1:]):
                merges.append((i, sorted(set().union(*sets))))
    return split, merges, touching


# --- report ----------------------------------------------------------------

def evaluate(herald, gold_path, gold_dir, examples):
    events, mentions = load_timeline(gold_path)
    docs = doc_of_gold(herald, gold_dir)
    rows, found = date_scores(herald, gold_dir, events, mentions, docs)
    hevents = herald_aggregate(herald, examples)
    split, merges, touching = aggregation_scores(hevents, events, mentions, docs)
    tot = collections.Counter()
    for c in rows.values():
        tot.update(c)
    single = [e for e in events.values() if "collective" not in e.note]
    parts = collections.Counter(len(v) for v in split.values())
    return {
        "rows": rows, "found": found, "split": split, "merges": merges, "hevents": hevents,
        "events": events,
        "totals": {
            "gold_mentions": tot["gold"], "found_mentions": tot["found"],
            "day_found": tot["day"], "day_right": tot["right"], "day_coarser": tot["coarser"],
            "day_none": tot["none"], "day_wrong": tot["wrong"],
            "coarse_found": tot["coarse"], "coarse_fits": tot["coarse-fits"],
            "day_accuracy": round(tot["right"] / tot["day"], 3) if tot["day"] else 0.0,
            "gold_events": len(events), "gold_events_single": len(single),
            "gold_events_found": len(split),
            "found_in_one_herald_event": parts[1],
            "herald_events_for_found": len(set().union(*split.values())) if split else 0,
            "split_events": sum(1 for v in split.values() if len(v) > 1),
            "wrong_merges": len(merges), "herald_events_with_gold": touching,
            "herald_events": len(hevents),
        },
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", default=os.path.join(ROOT, "build", "herald"))
    ap.add_argument("--gold", default=os.path.join(ROOT, "tests", "data", "timeline-gold.tsv"))
    ap.add_argument("--gold-dir", default=os.path.join(ROOT, "tests", "data", "events-gold"))
    ap.add_argument("--examples", default=os.path.join(ROOT, "examples"))
    ap.add_argument("--details", action="store_true",
                    help="list wrong dates, split events and wrong merges")
    ap.add_argument("--json", action="store_true", help="print the totals as JSON")
    a = ap.parse_args()
    r = evaluate(a.herald, a.gold, a.gold_dir, a.examples)
    t = r["totals"]
    if a.json:
        print(json.dumps(t, sort_keys=True))
        return 0
    print("%-38s %5s %5s | %4s %5s %7s %4s %5s | %6s %4s"
          % ("gold file", "gold", "found", "day", "right", "coarser", "none", "wrong",
             "coarse", "fits"))
    for g, c in r["rows"].items():
        print("%-38s %5d %5d | %4d %5d %7d %4d %5d | %6d %4d"
              % (g, c["gold"], c["found"], c["day"], c["right"], c["coarser"], c["none"],
                 c["wrong"], c["coarse"], c["coarse-fits"]))
    print("mentions: %d in the gold, %d found by Herald" % (t["gold_mentions"], t["found_mentions"]))
    print("date accuracy at day precision: %d of %d found mentions with a gold day (%.3f); "
          "%d coarser, %d without a date, %d wrong"
          % (t["day_right"], t["day_found"], t["day_accuracy"], t["day_coarser"], t["day_none"],
             t["day_wrong"]))
    print("gold dates coarser than a day: %d found mentions, %d with a Herald date inside them"
          % (t["coarse_found"], t["coarse_fits"]))
    print("events: %d in the gold (%d not collective), %d found by Herald; they went into %d "
          "Herald events: %d found whole in one, %d split"
          % (t["gold_events"], t["gold_events_single"], t["gold_events_found"],
             t["herald_events_for_found"], t["found_in_one_herald_event"], t["split_events"]))
    print("Herald events: %d in all, %d hold gold mentions, %d of these merge different gold events"
          % (t["herald_events"], t["herald_events_with_gold"], t["wrong_merges"]))
    if a.details:
        print("\nwrong or missing dates (gold file, gold date, Herald date, prefix):")
        for g, m, ev, got, verdict in r["found"]:
            if verdict in ("wrong", "none", "coarser", "coarse-gold"):
                print("  %-8s %-32s %-22s %-22s %s" % (verdict, g, ev.date, got, m.prefix))
        print("\nsplit gold events (event: Herald events):")
        for e, hs in sorted(r["split"].items()):
            if len(hs) > 1:
                print("  %s (%s): %d" % (e, r["events"][e].date, len(hs)))
        print("\nwrong merges (Herald event date and code: gold events):")
        for i, ids in r["merges"]:
            h = r["hevents"][i]
            print("  %s %s %s-%s: %s" % ((h.get("date") or {}).get("value"), h.get("code"),
                                         h.get("source"), h.get("target"), ", ".join(ids)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
