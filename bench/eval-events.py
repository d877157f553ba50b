#!/usr/bin/env python3
"""Precision and recall of Herald's events against the project's own gold.

The gold is tests/data/events-gold/<example>.tsv (docs/events-gold.md;
index.txt says which input and record each is for):
one line per event a careful reader finds, tab-separated: sentence prefix,
source, target, root, code, note. An event is compared as the triple
(source country, target country, root code), where a country is the first
three letters of an actor code ("-" for none), per document, as multisets:
a gold event found twice counts once unless the gold lists it twice. Gold
lines noted "negated" are events the text denies: they are not expected.

    bench/eval-events.py [--herald build/herald] [--gold-dir DIR] [--by-doc]

Prints a table and the totals; exits 0.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def country(code):
    code = (code or "").strip()
    return code[:3] if code and code != "-" else "-"


def gold_of(path):
    out = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 5:
                continue
            note = cols[5] if len(cols) > 5 else ""
            if "negated" in note:
                continue
            out[(country(cols[1]), country(cols[2]), cols[3].strip()[:2])] += 1
    return out


def index_of(gold_dir):
    """gold file -> (input path, record number), from index.txt."""
    out = {}
    path = os.path.join(gold_dir, "index.txt")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 3:
                    out[cols[0]] = (os.path.join(ROOT, cols[1]), int(cols[2]))
    return out


def doc_ids(herald, path):
    p = subprocess.run([herald, "ingest", "--quiet", "--no-clean", path], capture_output=True,
                       timeout=600)
    return [json.loads(l)["id"] for l in p.stdout.decode().splitlines() if l.strip()]


def herald_events(herald, path, record):
    doc = doc_ids(herald, path)[record - 1]
    p = subprocess.run([herald, "code", "--quiet", "--no-dedup", path], capture_output=True,
                       timeout=600)
    out = collections.Counter()
    for line in p.stdout.decode().splitlines():
        m = json.loads(line)
        if m["doc"] != doc:
            continue
        out[(country(m["source"]["code"]), country(m["target"]["code"]), m["root"])] += 1
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", default=os.path.join(ROOT, "build", "herald"))
    ap.add_argument("--gold-dir", default=os.path.join(ROOT, "tests", "data", "events-gold"))
    ap.add_argument("--by-doc", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the totals as JSON")
    a = ap.parse_args()
    tp = fp = fn = 0
    rows = []
    index = index_of(a.gold_dir)
    for g in sorted(os.listdir(a.gold_dir)):
        if not g.endswith(".tsv"):
            continue
        name = g[:-4]
        if g not in index:
            print("eval-events: %s is not in index.txt" % g, file=sys.stderr)
            continue
        src, record = index[g]
        gold = gold_of(os.path.join(a.gold_dir, g))
        got = herald_events(a.herald, src, record)
        t = sum((gold & got).values())
        rows.append((name, t, sum(got.values()) - t, sum(gold.values()) - t))
        tp += t
        fp += sum(got.values()) - t
        fn += sum(gold.values()) - t
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    if a.json:
        print(json.dumps({"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3),
                          "recall": round(r, 3), "f1": round(f1, 3)}))
        return 0
    if a.by_doc:
        print("%-45s %5s %5s %5s" % ("document", "tp", "fp", "fn"))
        for row in rows:
            print("%-45s %5d %5d %5d" % row)
    print("events: %d found right, %d extra, %d missed: precision %.3f, recall %.3f, F1 %.3f"
          % (tp, fp, fn, p, r, f1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
