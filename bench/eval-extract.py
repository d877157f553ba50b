#!/usr/bin/env python3
"""eval-extract.py - how well Herald keeps the article body and drops the rest.

Runs `herald ingest` over pages whose correct body text is known and scores
the paragraphs Herald marks "body" (joined in order with newlines) against
it, with the metric of the article-extraction benchmark that
../shared/corpora/html-eval comes from (its README):

  lower-case the text, split it into word tokens (\\w+), take all word
  4-gram shingles with their counts; per page TP = shingles in both (by
  count), FP = predicted not in gold, FN = gold not predicted; precision and
  recall per page, averaged over pages (a page with no predicted shingle is
  left out of the precision mean); F1 from the two means.

A text of fewer than four tokens is one shingle of all its tokens, as in the
benchmark's own code.

Two gold sets:
  --corpus DIR     html-eval: DIR/html/<id>.html.gz and DIR/ground-truth.json
                   (default ../shared/corpora/html-eval when it exists)
  --gold-dir DIR   the project's own: DIR/<name>.txt is the body of the
                   example whose file name, without its extensions, is
                   <name> (record N of a multi-document file: <name>-N.txt);
                   --inputs names the examples (default examples/)

  bench/eval-extract.py                       # html-eval, build/herald
  bench/eval-extract.py --gold-dir tests/data/gold
  bench/eval-extract.py --cmd "/tmp/driver"   # any command that prints
                                              # herald's JSON Lines for the
                                              # paths given after it
Options: --split (also score the pages whose id starts with an even / odd
hex digit: a check that tuning on one half carries over to the other),
--worst N (list the N worst pages), --min-f1 X (exit 1 below X).
"""
import argparse
import collections
import json
import os
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

PUBLISHED = [  # html-eval README: F1, precision, recall
    ("rs_trafilatura", 0.970, 0.951, 0.990),
    ("go_trafilatura", 0.960, 0.940, 0.980),
    ("trafilatura 2.0.0", 0.958, 0.938, 0.978),
    ("newspaper4k 0.9.3.1", 0.949, 0.964, 0.934),
    ("readability.js 0.6.0", 0.947, 0.914, 0.982),
    ("readability-lxml 0.8.4.1", 0.922, 0.913, 0.931),
    ("goose3 3.1.20", 0.896, 0.940, 0.856),
    ("boilerpipe", 0.860, 0.850, 0.870),
    ("jusText 3.0.2", 0.804, 0.858, 0.756),
    ("html-text (all text, baseline)", 0.665, 0.500, 0.994),
]

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text, n=4):
    toks = TOKEN.findall((text or "").lower())
    if not toks:
        return collections.Counter()
    return collections.Counter(
        " ".join(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)))


def page_scores(gold, pred):
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    prec = tp / (tp + fp) if tp + fp else None
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec


def aggregate(rows):
    ps = [r[1] for r in rows if r[1] is not None]
    rs = [r[2] for r in rows]
    mp = sum(ps) / len(ps) if ps else 0.0
    mr = sum(rs) / len(rs) if rs else 0.0
    f1 = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    return f1, mp, mr


def run_herald(cmd, paths):
    """Documents as dicts, from herald's JSON Lines on stdout."""
    argv = shlex.split(cmd) + list(paths)
    out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if out.returncode not in (0, 3):
        sys.exit("eval-extract: %s failed (%d): %s" % (
            argv[0], out.returncode, out.stderr.decode(errors="replace")[-500:]))
    docs = []
    for line in out.stdout.decode("utf-8").splitlines():
        if line.strip():
            docs.append(json.loads(line))
    return docs


def body_text(doc):
    return "\n".join(p["text"] for p in doc.get("paragraphs", [])
                     if p.get("kind", "body") == "body")


def classified(docs):
    return any(p.get("reason") for d in docs for p in d.get("paragraphs", []))


def stem(path):
    b = os.path.basename(path)
    for ext in (".gz", ".zst", ".txt", ".html", ".htm", ".jsonl", ".json", ".warc"):
        if b.endswith(ext):
            b = b[: -len(ext)]
    return b.split(".")[0] if b.endswith((".html", ".warc")) else b


def report(title, rows, args, published=False):
    f1, p, r = aggregate(rows)
    print("%s: %d pages" % (title, len(rows)))
    print("  %-32s %6s %6s %6s" % ("extractor", "F1", "P", "R"))
    line = ("herald", f1, p, r)
    table = [line] + (PUBLISHED if published else [])
    for name, a, b, c in sorted(table, key=lambda x: -x[1]):
        mark = "  <-" if name == "herald" else ""
        print("  %-32s %6.3f %6.3f %6.3f%s" % (name, a, b, c, mark))
    if args.split:
        for half, keep in (("even", "02468ace"), ("odd", "13579bdf")):
            sub = [x for x in rows if x[0][:1].lower() in keep]
            if sub:
                print("  half %-4s (%3d pages)        F1 %.3f  P %.3f  R %.3f"
                      % ((half, len(sub)) + aggregate(sub)))
    if args.worst:
        print("  worst pages (F1, P, R, id):")
        def f(x):
            pp = x[1] if x[1] is not None else 0.0
            return 2 * pp * x[2] / (pp + x[2]) if pp + x[2] else 0.0
        for x in sorted(rows, key=f)[: args.worst]:
            print("    %.3f %s %.3f %s" % (f(x), "  -  " if x[1] is None else "%.3f" % x[1],
                                         x[2], x[0]))
    return f1


def eval_corpus(args):
    gt_path = os.path.join(args.corpus, "ground-truth.json")
    html_dir = os.path.join(args.corpus, "html")
    if not os.path.exists(gt_path) or not os.path.isdir(html_dir):
        print("eval-extract: no corpus at %s: skipped" % args.corpus)
        return None
    with open(gt_path, encoding="utf-8") as fh:
        gold = json.load(fh)
    docs = run_herald(args.cmd, [html_dir])
    if not classified(docs):
        print("eval-extract: warning: no paragraph carries a reason: the clean"
              " stage did not run, so this scores all the text of each page")
    pred = {}
    for d in docs:
        pid = os.path.basename(d["source"]["file"]).split(".")[0]
        pred[pid] = body_text(d)
    rows = []
    for pid in sorted(gold):
        prec, rec = page_scores(gold[pid]["articleBody"], pred.get(pid, ""))
        rows.append((pid, prec, rec))
    missing = [k for k in gold if k not in pred]
    if missing:
        print("eval-extract: %d pages produced no document" % len(missing))
    return report("html-eval (%s)" % args.corpus, rows, args, published=True)


def eval_gold(args):
    if not os.path.isdir(args.gold_dir):
        sys.exit("eval-extract: no gold directory %s" % args.gold_dir)
    gold = {}
    for name in sorted(os.listdir(args.gold_dir)):
        if name.endswith(".txt"):
            with open(os.path.join(args.gold_dir, name), encoding="utf-8") as fh:
                gold[name[:-4]] = fh.read()
    docs = run_herald(args.cmd, [args.inputs])
    if not classified(docs):
        print("eval-extract: warning: no paragraph carries a reason: the clean"
              " stage did not run")
    rows, seen = [], set()
    for d in docs:
        src = d["source"]
        key = stem(src["file"])
        if src.get("record"):
            key += "-%d" % src["record"]
        if key not in gold or key in seen:
            continue
        seen.add(key)
        prec, rec = page_scores(gold[key], body_text(d))
        rows.append((key, prec, rec))
    for key in sorted(set(gold) - seen):
        print("eval-extract: gold %s.txt matches no document" % key)
    if args.worst is None:
        args.worst = len(rows)
    return report("project gold (%s)" % args.gold_dir, rows, args)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cmd", default=os.path.join(ROOT, "build", "herald") + " ingest",
                    help="command printing herald JSON Lines for the paths after it")
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpora", "html-eval"))
    ap.add_argument("--gold-dir", help="score the project's own gold set instead")
    ap.add_argument("--inputs", default=os.path.join(ROOT, "examples"))
    ap.add_argument("--split", action="store_true")
    ap.add_argument("--worst", type=int)
    ap.add_argument("--min-f1", type=float)
    args = ap.parse_args()
    f1 = eval_gold(args) if args.gold_dir else eval_corpus(args)
    if args.min_f1 is not None and f1 is not None and f1 < args.min_f1:
        sys.exit("eval-extract: F1 %.3f is under %.3f" % (f1, args.min_f1))


if __name__ == "__main__":
    main()
