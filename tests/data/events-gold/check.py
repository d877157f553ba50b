#!/usr/bin/env python3
"""Check the event gold files of this directory (see docs/events-gold.md).

    python3 tests/data/events-gold/check.py [--herald build/herald]

For every gold file named in index.txt: six tab-separated columns; source and
target are CAMEO actor codes (target may be '-'); the root is the first two
digits of the code; the code is in the project's CAMEO table; the note is '-'
or ';'-joined items among claim_by=CODE, negated, background, implicit; the
same (prefix, source, target, root) appears once. With a herald binary, each
prefix must occur exactly once in the sentences `herald split` gives for the
input's record (as a substring: a dateline may come before it). Prints the
counts per file and per root; exits 1 on any problem.
"""
import argparse, collections, json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
ACTOR = re.compile(r"^(?:[A-Z]{3})+$")
NOTE = re.compile(r"^(?:claim_by=(?:[A-Z]{3})+|negated|background|implicit)$")


def cameo_codes():
    path = os.path.join(ROOT, "data", "cameo-events.txt")
    codes = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                codes.add(line.split("\t")[0].split()[0])
    return codes


def index():
    with open(os.path.join(HERE, "index.txt"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            f = line.rstrip("\n").split("\t")
            yield f[0], f[1], int(f[2])


def sentences(herald, path, record):
    out = subprocess.run([herald, "split", "--quiet", path], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    docs = collections.OrderedDict()
    for line in out.splitlines():
        d = json.loads(line)
        docs.setdefault(d["doc"], []).append(d["text"])
    return list(docs.values())[record - 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", help="herald binary: also find every prefix in its input")
    args = ap.parse_args()
    codes = cameo_codes()
    problems = 0
    by_root = collections.Counter()
    total = 0

    def bad(where, msg):
        nonlocal problems
        problems += 1
        print("%s: %s" % (where, msg), file=sys.stderr)

    for gold, path, record in index():
        sents = sentences(args.herald, path, record) if args.herald else None
        seen = set()
        n = 0
        with open(os.path.join(HERE, gold), encoding="utf-8") as fh:
            for ln, line in enumerate(fh, 1):
                where = "%s:%d" % (gold, ln)
                f = line.rstrip("\n").split("\t")
                if len(f) != 6:
                    bad(where, "want 6 columns, got %d" % len(f))
                    continue
                prefix, src, tgt, root, code, note = f
                if not ACTOR.match(src):
                    bad(where, "bad source %r" % src)
                if tgt != "-" and not ACTOR.match(tgt):
                    bad(where, "bad target %r" % tgt)
                if code not in codes:
                    bad(where, "code %s is not in data/cameo-events.txt" % code)
                if root != code[:2]:
                    bad(where, "root %s does not begin code %s" % (root, code))
                if note != "-" and not all(NOTE.match(x) for x in note.split(";")):
                    bad(where, "bad note %r" % note)
                key = (prefix, src, tgt, root)
                if key in seen:
                    bad(where, "the same source, target and root twice in one sentence")
                seen.add(key)
                if sents is not None:
                    hits = sum(s.count(prefix) for s in sents)
                    if hits != 1:
                        bad(where, "prefix %r found %d times in %s" % (prefix, hits, path))
                by_root[root] += 1
                n += 1
        total += n
        print("%-42s %3d" % (gold, n))
    print("%-42s %3d" % ("total", total))
    print("by root: " + " ".join("%s:%d" % (r, by_root[r]) for r in sorted(by_root)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
