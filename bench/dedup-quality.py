#!/usr/bin/env python3
"""dedup-quality.py - how well Herald finds near-duplicate documents and
repeated paragraphs, and what its duplicate index costs.

  bench/dedup-quality.py [--shared DIR|none] [--cmd CMD] [--threshold T]
                         [--seed N] [--memory-paras N] [--out DIR] [--quick]

1. A labelled set. Real article bodies (the gold bodies of
   ../shared/corpora/html-eval when present, generated articles otherwise)
   are perturbed the ways outlets edit a wire story: word substitutions at
   1-30%, paragraphs deleted, inserted (from other articles), moved,
   truncated, boilerplate changed, and mixes of these; plus exact copies
   under other boilerplate, and the untouched articles as distinct
   documents (the gold set also holds same-story reports by different
   outlets: hard negatives). Everything is shuffled and written as JSON
   Lines to OUT/dedup-set.jsonl.
2. The command (default: build/herald ingest FILE) reads it and
   prints one JSON document per line with "duplicate" ("exact", "near" or
   null) and "duplicate_of", and paragraphs with "kind" and "repeat_of".
3. The truth is the Jaccard similarity of word 5-shingles of the article
   bodies (Herald's definition, computed exactly here). A document should
   be linked when an earlier document of the set has J >= T. Document
   links: precision = links to a document with J >= T / links; recall =
   such links / documents that should be linked. Paragraphs: a paragraph
   derived from a source paragraph already seen (with at most 10% of its
   words changed, as in its earlier copy) should be marked a repeat; a
   repeat_of is right when it
   points at a paragraph from the same source paragraph.
4. Memory and speed: two runs over many distinct paragraphs made of the
   sources' words (1/4 and all of --memory-paras, output discarded).
   Bytes per million paragraphs come from the command's own figure when it
   prints one ("dedup memory N bytes, M distinct paragraphs"), and from
   the growth of peak RSS between the two runs otherwise.

Results: a summary on standard output and in OUT/dedup-quality.md, the
numbers in OUT/dedup-quality.json. Deterministic for a given --seed.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# ---------------------------------------------------------------------------
# Words and shingles: the same normalization as Herald (letters, marks and
# digits, lower case; apostrophes and format characters join).

JOIN = {"'", "\u2019", "\u2018", "\u02bc"}


def words(text):
    out, cur = [], []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "LMN":
            cur.append(ch.lower())
        elif ch in JOIN or cat == "Cf":
            continue
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def shingles(paras, k=5):
    ws = []
    for p in paras:
        ws.extend(words(p))
    return {tuple(ws[i:i + k]) for i in range(len(ws) - k + 1)}


def shares_run8(a, b):
    wa, wb = words(a), words(b)
    grams = {tuple(wa[i:i + 8]) for i in range(len(wa) - 7)}
    return any(tuple(wb[i:i + 8]) in grams for i in range(len(wb) - 7))


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


# ---------------------------------------------------------------------------
# Source articles

BOILER = [
    "Share this article", "Subscribe to our newsletter", "Follow us on social networks",
    "Leave a comment", "Read more", "Related stories", "Advertisement",
    "Sign up for breaking news alerts", "Most read", "Comments (0)",
    "Tags: politics, world", "Photo: archive", "Skip to content",
    "All rights reserved", "Cookie settings", "Privacy policy | Terms of use",
    "Home | News | World | Opinion", "Download our app", "Print this page",
]


def gold_articles(shared):
    path = os.path.join(shared, "corpora", "html-eval", "ground-truth.json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        gt = json.load(f)
    arts = []
    for key in sorted(gt):
        paras = [p.strip() for p in gt[key]["articleBody"].split("\n")]
        paras = [p for p in paras if p]
        # body paragraphs long enough that no classifier calls them boilerplate
        paras = [p for p in paras if len(p) >= 80]
        if len(paras) >= 4 and sum(len(words(p)) for p in paras) >= 200:
            arts.append(paras)
    return arts


def generated_articles(rng, n):
    """Made-up articles: sentences drawn from a small news vocabulary."""
    subj = ["The minister", "Officials", "The army", "Police", "The governor",
            "Protesters", "The court", "Diplomats", "The president", "Rebels",
            "The council", "Aid groups", "The opposition", "Witnesses"]
    verb = ["said", "denied", "confirmed", "reported", "warned", "announced",
            "rejected", "welcomed", "condemned", "demanded"]
    obj = ["the ceasefire", "new talks", "the attack", "the arrests", "a curfew",
           "the election results", "the border closure", "the agreement",
           "the shelling", "the budget", "the referendum", "the sanctions",
           "the evacuation", "the protests", "the investigation"]
    tail = ["on Monday", "on Tuesday", "late on Friday", "in the capital",
            "near the border", "after a meeting", "in a statement",
            "according to local media", "for the second day", "despite warnings"]
    places = ["Baku", "Yerevan", "Tbilisi", "Pristina", "Belgrade", "Kyiv",
              "Ankara", "Geneva", "Moscow", "Brussels", "Minsk", "Sarajevo"]
    arts = []
    for _ in range(n):
        paras = []
        for _ in range(rng.randint(5, 10)):
            sents = []
            for _ in range(rng.randint(2, 4)):
                s = "%s in %s %s %s %s, and %d people %s." % (
                    rng.choice(subj), rng.choice(places), rng.choice(verb),
                    rng.choice(obj), rng.choice(tail), rng.randint(2, 900),
                    rng.choice(["were hurt", "were detained", "left", "gathered",
                                "were evacuated", "signed a petition"]))
                sents.append(s)
            paras.append(" ".join(sents))
        arts.append(paras)
    return arts


# ---------------------------------------------------------------------------
# Perturbations. A paragraph is (text, origin, changed share); origin is
# (article, paragraph) of the source paragraph.

def substitute(rng, text, rate, vocab):
    toks = text.split(" ")
    n = 0
    for i in range(len(toks)):
        if rng.random() < rate:
            toks[i] = rng.choice(vocab)
            n += 1
    return " ".join(toks), n / max(1, len(toks))


def make_variant(rng, kind, art_id, paras, sources, vocab):
    body = [(p, (art_id, i), 0.0) for i, p in enumerate(paras)]

    def insert(k):
        for _ in range(k):
            other = rng.randrange(len(sources))
            if other == art_id:
                continue
            j = rng.randrange(len(sources[other]))
            body.insert(rng.randrange(len(body) + 1),
                        (sources[other][j], (other, j), 0.0))

    def delete(k):
        for _ in range(min(k, len(body) - 2)):
            body.pop(rng.randrange(len(body)))

    def subst(rate):
        for i, (t, o, c) in enumerate(body):
            t2, share = substitute(rng, t, rate, vocab)
            body[i] = (t2, o, max(c, share))

    if kind == "copy":
        pass
    elif kind.startswith("subst"):
        subst(float(kind.split("-")[1]) / 100)
    elif kind.startswith("delete-"):
        delete(int(kind.split("-")[1]))
    elif kind.startswith("insert"):
        insert(int(kind.split("-")[1]))
    elif kind == "move":
        i = rng.randrange(len(body))
        p = body.pop(i)
        body.insert(rng.randrange(len(body) + 1), p)
    elif kind == "swap-2":
        for _ in range(2):
            i = rng.randrange(len(body) - 1)
            body[i], body[i + 1] = body[i + 1], body[i]
    elif kind.startswith("truncate"):
        keep = max(2, round(len(body) * int(kind.split("-")[1]) / 100))
        del body[keep:]
    elif kind == "lead-rewrite":
        t, o, _ = body[0]
        t2, share = substitute(rng, t, 0.3, vocab)
        body[0] = (t2, o, share)
    elif kind == "mixed":
        delete(1)
        insert(1)
        subst(0.02)
    else:
        raise ValueError(kind)
    return body


# Most around the threshold (J 0.6-1.0), some far below it.
KINDS = ["copy", "subst-1", "subst-2", "subst-3", "subst-5", "subst-10",
         "subst-30", "delete-1", "delete-2", "delete-3", "insert-1", "insert-2",
         "insert-3", "move", "swap-2", "truncate-90", "truncate-80",
         "truncate-50", "lead-rewrite", "mixed"]


def build_set(rng, sources):
    vocab = sorted({w for a in sources[:60] for p in a for w in p.split(" ") if w.isalpha()})
    docs = []
    for a, paras in enumerate(sources):
        outlet = rng.randrange(1000)
        docs.append({"family": a, "kind": "original", "outlet": outlet,
                     "body": [(p, (a, i), 0.0) for i, p in enumerate(paras)]})
        # four in five articles get 2-5 variants; the rest stay distinct
        if rng.random() < 1 / 5:
            continue
        for kind in rng.sample(KINDS, rng.randint(2, 5)):
            docs.append({"family": a, "kind": kind, "outlet": rng.randrange(1000),
                         "body": make_variant(rng, kind, a, paras, sources, vocab)})
    rng.shuffle(docs)
    for n, d in enumerate(docs):
        d["url"] = "https://outlet%d.example/story/%d" % (d["outlet"], n)
        orng = random.Random(d["outlet"])
        head = orng.sample(BOILER, 2)
        foot = orng.sample(BOILER, 3)
        d["text_paras"] = head + [t for t, _, _ in d["body"]] + foot
        d["shingles"] = shingles([t for t, _, _ in d["body"]])
    return docs


# ---------------------------------------------------------------------------
# Running the command

def run_cmd(cmd, path, label, keep=True):
    """Runs cmd on path; keep: parse what it prints (else discard it)."""
    argv = cmd + [path]
    t0 = time.monotonic()
    timer = ["/usr/bin/time", "-f", "RSS_KB %M"] if os.path.exists("/usr/bin/time") else []
    p = subprocess.run(timer + argv, stdout=subprocess.PIPE if keep else subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    secs = time.monotonic() - t0
    if p.returncode not in (0, 3):
        sys.exit("dedup-quality: %s failed (%d): %s" % (" ".join(argv), p.returncode,
                                                         p.stderr[-2000:]))
    out = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")] if keep else []
    rss = re.search(r"RSS_KB (\d+)", p.stderr)
    mem = re.search(r"(\d+) distinct paragraphs indexed, dedup memory (\d+) bytes", p.stderr)
    return {"docs": out, "secs": secs, "rss_kb": int(rss.group(1)) if rss else None,
            "mem": (int(mem.group(2)), int(mem.group(1))) if mem else None,
            "stderr": p.stderr, "label": label}


def probe(cmd, out_dir):
    """Whether cmd marks duplicates at all (the clean stage is wired in)."""
    text = ("Officials said on Monday that the talks would resume next week in "
            "Geneva, after both delegations agreed to an agenda drafted by the "
            "mediators during a long night of consultations.")
    path = os.path.join(out_dir, "dedup-probe.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for n in range(2):
            f.write(json.dumps({"url": "https://p%d.example/" % n, "text": text}) + "\n")
    r = run_cmd(cmd, path, "probe")
    os.unlink(path)
    return len(r["docs"]) == 2 and r["docs"][1].get("duplicate") == "exact"


def write_jsonl(path, docs):
    with open(path, "w", encoding="utf-8") as f:
        for n, d in enumerate(docs):
            f.write(json.dumps({"url": d["url"], "title": "Story %d" % n,
                                "text": "\n\n".join(d["text_paras"])},
                               ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------
# Scoring

def score(docs, res, t):
    got = res["docs"]
    if len(got) != len(docs):
        sys.exit("dedup-quality: %d documents in, %d out" % (len(docs), len(got)))
    first_by_id = {}
    for i, g in enumerate(got):
        first_by_id.setdefault(g["id"], i)
    fam_seen = {}
    links = correct = should = exact_expected = exact_found = 0
    near_miss = 0
    clear = clear_found = 0   # documents with an earlier J >= T + 0.1
    by_kind = {}
    false_links = []
    for i, (d, g) in enumerate(zip(docs, got)):
        earlier = fam_seen.setdefault(d["family"], [])
        best = max((jaccard(d["shingles"], docs[j]["shingles"]) for j in earlier), default=0.0)
        is_copy = any(docs[j]["shingles"] == d["shingles"] for j in earlier)
        need = best >= t
        should += need
        clear += best >= t + 0.1
        exact_expected += is_copy
        k = by_kind.setdefault(d["kind"], {"n": 0, "should": 0, "found": 0, "j": []})
        k["n"] += 1
        if earlier:
            k["j"].append(best)
        k["should"] += need
        if g.get("duplicate") in ("exact", "near"):
            links += 1
            exact_found += g["duplicate"] == "exact" and is_copy
            j = first_by_id.get(g.get("duplicate_of"))
            jt = jaccard(d["shingles"], docs[j]["shingles"]) if j is not None else 0.0
            if jt >= t:
                correct += 1
                k["found"] += need
                clear_found += best >= t + 0.1
            else:
                near_miss += jt >= t - 0.1
                false_links.append((round(jt, 3), d["kind"], docs[j]["kind"] if j is not None else None))
        earlier.append(i)

    # paragraphs: provenance of every output paragraph, matched by text
    origin = {}
    for i, (d, g) in enumerate(zip(docs, got)):
        bytext = {}
        for t_, o, c in d["body"]:
            bytext.setdefault(" ".join(words(t_)), (o, c))
        for pi, p in enumerate(g.get("paragraphs", [])):
            origin[(i, pi)] = bytext.get(" ".join(words(p["text"])))
    seen = {}   # source paragraph -> least changed share seen so far
    p_should = p_found = p_marked = p_right = p_other_copied = 0
    for i, (d, g) in enumerate(zip(docs, got)):
        if g.get("duplicate") == "exact":
            # a copy's paragraphs all point at the first copy; count them
            # with the document figures, not here
            for pi in range(len(g.get("paragraphs", []))):
                o = origin.get((i, pi))
                if o:
                    seen[o[0]] = min(o[1], seen.get(o[0], 1.0))
            continue
        mine = []
        for pi, p in enumerate(g.get("paragraphs", [])):
            o = origin.get((i, pi))
            if not o:
                continue   # boilerplate lines
            need = (seen.get(o[0], 1.0) <= 0.10 and o[1] <= 0.10 and
                    len(words(p["text"])) >= 12)
            marked = p.get("kind") == "duplicate" and p.get("repeat_of")
            p_should += need
            if marked:
                p_marked += 1
                ref_doc, ref_para = p["repeat_of"].rsplit("/", 1)
                j = first_by_id.get(ref_doc)
                ro = origin.get((j, int(ref_para))) if j is not None else None
                ok = ro is not None and ro[0] == o[0]
                if not ok and j is not None:
                    # another source paragraph: the sources themselves copy
                    # quotes and background; count it apart when the two
                    # share a run of 8 words
                    refp = got[j]["paragraphs"][int(ref_para)]["text"]
                    p_other_copied += shares_run8(p["text"], refp)
                p_right += ok
                p_found += ok and need
            mine.append(o)
        for o in mine:
            seen[o[0]] = min(o[1], seen.get(o[0], 1.0))

    def ratio(a, b):
        return round(a / b, 4) if b else None

    kinds = {}
    for name, k in sorted(by_kind.items()):
        kinds[name] = {"documents": k["n"], "should_link": k["should"],
                       "linked_right": k["found"],
                       "recall": ratio(k["found"], k["should"]),
                       "mean_true_j": round(sum(k["j"]) / len(k["j"]), 3) if k["j"] else None}
    return {
        "documents": len(docs), "threshold": t,
        "should_link": should, "links": links, "right_links": correct,
        "precision": ratio(correct, links), "recall": ratio(correct, should),
        "false_links_within_0.1": near_miss,
        "recall_clear": ratio(clear_found, clear), "clear": clear,
        "precision_tolerant": ratio(correct + near_miss, links),
        "false_links": sorted(false_links)[:20],
        "exact_copies": exact_expected, "exact_found": exact_found,
        "paragraphs": {"should_repeat": p_should, "marked": p_marked,
                       "marked_right": p_right, "found": p_found,
                       "marked_other_source_copied": p_other_copied,
                       "precision": ratio(p_right, p_marked),
                       "recall": ratio(p_found, p_should)},
        "by_kind": kinds,
    }


# ---------------------------------------------------------------------------
# Memory and speed: many distinct generated paragraphs

def memory_set(rng, path, n_paras, sources):
    """Distinct paragraphs with the words and lengths of real ones: words
    drawn from the sources' running text (so stop words come as often as
    in news), lengths from their paragraphs."""
    toks = [w for a in sources for p in a for w in p.split()]
    lens = [len(p.split()) for a in sources for p in a]
    size = 0
    with open(path, "w", encoding="utf-8") as f:
        n = 0
        while n < n_paras:
            paras = [" ".join(rng.choices(toks, k=rng.choice(lens))) for _ in range(20)]
            n += len(paras)
            line = json.dumps({"url": "https://gen.example/%d" % n,
                               "text": "\n\n".join(paras)}, ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            f.write(line)
    return size


def memory_runs(cmd, out_dir, rng, n_paras, sources):
    runs = []
    for n in (n_paras // 4, n_paras):
        path = os.path.join(out_dir, "dedup-memory-%d.jsonl" % n)
        size = memory_set(random.Random(rng.random()), path, n, sources)
        r = run_cmd(cmd, path, "memory-%d" % n, keep=False)
        r["paras"] = n
        r["bytes"] = size
        runs.append(r)
        os.unlink(path)
    res = {"runs": [{"paragraphs": r["paras"], "input_bytes": r["bytes"],
                     "seconds": round(r["secs"], 3),
                     "mb_per_s": round(r["bytes"] / r["secs"] / 1e6, 1),
                     "peak_rss_kb": r["rss_kb"],
                     "index_bytes": r["mem"][0] if r["mem"] else None,
                     "distinct_paragraphs": r["mem"][1] if r["mem"] else None}
                    for r in runs]}
    a, b = runs
    if b["mem"]:
        res["index_bytes_per_million_paragraphs"] = round(b["mem"][0] / b["mem"][1] * 1e6)
    if a["rss_kb"] and b["rss_kb"]:
        res["rss_growth_bytes_per_million_paragraphs"] = round(
            (b["rss_kb"] - a["rss_kb"]) * 1024 / (b["paras"] - a["paras"]) * 1e6)
    return res


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"),
                    help="the shared folder, or 'none' for generated articles")
    ap.add_argument("--cmd", default=None,
                    help="command that reads a JSONL file and prints documents "
                         "(default: build/herald ingest)")
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--seed", type=int, default=20201110)
    ap.add_argument("--memory-paras", type=int, default=1000000,
                    help="paragraphs in the larger memory run (the smaller has a quarter)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out"))
    ap.add_argument("--quick", action="store_true", help="small memory run")
    args = ap.parse_args()
    if args.quick:
        args.memory_paras = 100000
    cmd = args.cmd.split() if args.cmd else [os.path.join(ROOT, "build", "herald"), "ingest"]
    os.makedirs(args.out, exist_ok=True)
    if not probe(cmd, args.out):
        sys.exit("dedup-quality: '%s' does not mark duplicates (is the clean stage "
                 "wired into herald ingest?); give another command with --cmd" % " ".join(cmd))

    rng = random.Random(args.seed)
    sources = None if args.shared == "none" else gold_articles(args.shared)
    origin = "html-eval gold bodies"
    if not sources:
        sources = generated_articles(rng, 180)
        origin = "generated articles"
    docs = build_set(rng, sources)
    path = os.path.join(args.out, "dedup-set.jsonl")
    write_jsonl(path, docs)
    res = run_cmd(cmd, path, "quality")
    q = score(docs, res, args.threshold)
    q["sources"] = origin
    q["input_bytes"] = os.path.getsize(path)
    q["seconds"] = round(res["secs"], 3)
    mem = memory_runs(cmd, args.out, rng, args.memory_paras, sources)
    result = {"command": " ".join(cmd), "quality": q, "memory": mem}
    with open(os.path.join(args.out, "dedup-quality.json"), "w") as f:
        json.dump(result, f, indent=1)

    lines = ["# Duplicate detection", "",
             "Command: `%s`; set: %d documents from %d %s (seed %d), threshold %.2f."
             % (" ".join(cmd), q["documents"], len(sources), origin, args.seed, args.threshold), "",
             "| measure | value |", "| --- | --- |",
             "| near-duplicate links: precision | %s (%d of %d links) |" % (q["precision"], q["right_links"], q["links"]),
             "| near-duplicate links: recall | %s (%d of %d documents with an earlier J >= %.2f) |"
             % (q["recall"], q["right_links"], q["should_link"], args.threshold),
             "| false links with true J within 0.1 below the threshold | %d |" % q["false_links_within_0.1"],
             "| precision counting those as right | %s |" % q["precision_tolerant"],
             "| recall of documents with an earlier J >= %.2f | %s (of %d) |" % (args.threshold + 0.1, q["recall_clear"], q["clear"]),
             "| exact copies found as exact | %d of %d |" % (q["exact_found"], q["exact_copies"]),
             "| repeated paragraphs: precision | %s (%d of %d marked) |"
             % (q["paragraphs"]["precision"], q["paragraphs"]["marked_right"], q["paragraphs"]["marked"]),
             "| marks pointing at another source paragraph sharing 8 words in a row (copied between the sources) | %d |"
             % q["paragraphs"]["marked_other_source_copied"],
             "| repeated paragraphs: recall | %s (%d of %d) |"
             % (q["paragraphs"]["recall"], q["paragraphs"]["found"], q["paragraphs"]["should_repeat"]),
             ]
    if "index_bytes_per_million_paragraphs" in mem:
        lines.append("| index bytes per million distinct paragraphs | %.0f MB |"
                     % (mem["index_bytes_per_million_paragraphs"] / 1e6))
    if "rss_growth_bytes_per_million_paragraphs" in mem:
        lines.append("| peak RSS growth per million distinct paragraphs | %.0f MB |"
                     % (mem["rss_growth_bytes_per_million_paragraphs"] / 1e6))
    for r in mem["runs"]:
        lines.append("| speed, %d generated paragraphs (%.0f MB) | %.1f MB/s, peak RSS %s MB |"
                     % (r["paragraphs"], r["input_bytes"] / 1e6, r["mb_per_s"],
                        "%.0f" % (r["peak_rss_kb"] / 1024) if r["peak_rss_kb"] else "?"))
    lines += ["", "By perturbation (documents; those with an earlier J >= threshold; found; mean true J to the closest earlier copy):", "",
              "| kind | docs | should link | found | recall | mean J |", "| --- | --- | --- | --- | --- | --- |"]
    for name, k in q["by_kind"].items():
        lines.append("| %s | %d | %d | %d | %s | %s |" % (name, k["documents"], k["should_link"],
                                                          k["linked_right"], k["recall"], k["mean_true_j"]))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "dedup-quality.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
