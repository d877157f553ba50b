#!/usr/bin/env python3
"""Build the benchmark corpus under bench/corpus/ (git-ignored).

Four format families, each at least --size MiB of input bytes (after
decompression), split into shards of --shard MiB so that a run can also take
a small prefix (the RSS check on a subset):

  text/sNNN/NNNNNNN.txt      one article per file, 2-8 KB, with datelines
  jsonl/part-NNN.jsonl       the same kind of articles, url/title/text/date
  html/sNNN/NNNNNN-ID.html   real pages from ../shared/corpora/html-eval
  warc/part-NNN.warc.gz      the same pages as WARC response records,
                             one gzip member per record, one file per html
                             shard, written by scripts/make-warc.py (a small
                             writer here when that script is absent)

Text comes from ../shared/corpora (html-eval gold article bodies and the
sentences of UD English-EWT) when that folder exists, and from a small
deterministic generator otherwise. The output is the same on every run
(seeded random numbers, gzip with mtime 0). A family whose MANIFEST.json
matches the request is left alone; anything else is rebuilt in a temporary
folder and moved into place, so an interrupted build never looks complete.

The corpus is generated data: it is never committed.
"""

import argparse
import gzip
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

VERSION = 4  # bump when the output changes, so old corpora get rebuilt
MIB = 1 << 20
FAMILIES = ("text", "jsonl", "html", "warc")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# ---------------------------------------------------------------------------
# Metadata pieces (facts: place and outlet names)
# ---------------------------------------------------------------------------

PLACES = [
    ("Baku", "Azerbaijan"), ("Yerevan", "Armenia"), ("Tbilisi", "Georgia"),
    ("Moscow", "Russia"), ("Kyiv", "Ukraine"), ("Ankara", "Turkey"),
    ("Tehran", "Iran"), ("Sofia", "Bulgaria"), ("Brussels", "Belgium"),
    ("Geneva", "Switzerland"), ("Cairo", "Egypt"), ("Nairobi", "Kenya"),
    ("Islamabad", "Pakistan"), ("Kabul", "Afghanistan"), ("Baghdad", "Iraq"),
    ("Beirut", "Lebanon"), ("Amman", "Jordan"), ("Warsaw", "Poland"),
    ("Minsk", "Belarus"), ("Chisinau", "Moldova"), ("Astana", "Kazakhstan"),
    ("Tashkent", "Uzbekistan"), ("Bogota", "Colombia"), ("Caracas", "Venezuela"),
]
OUTLETS = ["Turan", "Trend", "APA", "News.am", "Interfax", "TASS", "BTA",
           "BM", "Anadolu", "IRNA", "PAP", "Xinhua", "AFP", "Reuters", "AP"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
MON_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.",
            "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday"]

# ---------------------------------------------------------------------------
# Generated text (used when ../shared is absent)
# ---------------------------------------------------------------------------

W_ACTOR = ["the government", "the ministry", "the opposition", "protesters",
           "the army", "rebel groups", "the president", "the parliament",
           "local officials", "the foreign minister", "police", "the court",
           "the delegation", "security forces", "the prime minister",
           "the central bank", "aid agencies", "the mayor", "lawmakers",
           "the coalition", "border guards", "the spokesman", "negotiators"]
W_VERB = ["accused", "met", "criticized", "warned", "praised", "rejected",
          "welcomed", "condemned", "urged", "signed an agreement with",
          "threatened", "called on", "negotiated with", "denied claims by",
          "arrested members of", "sent troops toward", "thanked",
          "demanded talks with", "announced sanctions against", "visited"]
W_TAIL = ["after weeks of talks", "over the disputed border",
          "during a visit to the capital", "in a statement on its website",
          "amid rising prices", "ahead of next month's election",
          "following the ceasefire violations", "at a news conference",
          "in a televised address", "despite earlier promises",
          "according to state media", "on the sidelines of the summit",
          "in the northern province", "for the third time this year"]
W_ADJ = ["senior", "former", "regional", "independent", "unnamed", "local",
         "international", "opposition", "military", "diplomatic"]
W_NOUN = ["sources", "officials", "observers", "analysts", "witnesses",
          "residents", "diplomats", "experts", "monitors", "reporters"]
W_PERSON = ["Mr. Aliyev", "Ms. Petrova", "Gen. Karimov", "Dr. Haddad",
            "Sen. Lopez", "Prof. Demir", "Col. Osei", "J. R. Smith",
            "Capt. Novak", "Rev. Mensah", "St. Clair", "Amb. Weber"]
W_ORG = ["the U.S.", "the U.N.", "the E.U.", "NATO", "the OSCE",
         "the U.K.", "the IMF", "the African Union", "Interpol"]


def cap(s):
    return s[:1].upper() + s[1:]


def gen_sentence(rng):
    kind = rng.randrange(8)
    a = rng.choice(W_ACTOR)
    if kind == 0:
        s = '"%s %s %s," %s said.' % (
            cap(rng.choice(W_ACTOR)), rng.choice(W_VERB),
            rng.choice(W_ACTOR + W_ORG), rng.choice(W_PERSON))
    elif kind == 1:
        s = "%s %s %s on %s %s %d, %s." % (
            cap(a), rng.choice(W_VERB), rng.choice(W_ORG),
            rng.choice(WEEKDAYS), rng.choice(MON_ABBR), rng.randint(1, 28),
            rng.choice(W_TAIL))
    elif kind == 2:
        s = "Prices rose %d.%d percent in %s, %s %s said (%s)." % (
            rng.randint(1, 19), rng.randint(0, 9), rng.choice(MONTHS),
            rng.choice(W_ADJ), rng.choice(W_NOUN), rng.choice(W_TAIL))
    elif kind == 3:
        s = "%s %s %s, and %s %s %s." % (
            rng.choice(W_PERSON), rng.choice(W_VERB), a,
            rng.choice(W_ACTOR), rng.choice(W_VERB), rng.choice(W_ORG))
    elif kind == 4:
        s = "Did %s really %s %s?" % (
            a, rng.choice(["meet", "warn", "reject", "visit", "thank"]),
            rng.choice(W_ACTOR + W_ORG))
    elif kind == 5:
        s = "In %d, %s %s %s %s." % (
            rng.randint(1991, 2023), a, rng.choice(W_VERB),
            rng.choice(W_ACTOR + W_ORG), rng.choice(W_TAIL))
    elif kind == 6:
        s = "%s %s %s %s, %s %s told %s." % (
            cap(a), rng.choice(W_VERB), rng.choice(W_ORG),
            rng.choice(W_TAIL), rng.choice(W_ADJ), rng.choice(W_NOUN),
            rng.choice(OUTLETS))
    else:
        s = "%s %s %s %s!" % (
            cap(rng.choice(W_ORG)), rng.choice(W_VERB),
            a, rng.choice(W_TAIL))
    return cap(s)


def gen_documents(rng, count):
    """Word-salad documents: lists of paragraphs."""
    docs = []
    for _ in range(count):
        paras = []
        for _ in range(rng.randint(4, 14)):
            paras.append(" ".join(gen_sentence(rng)
                                  for _ in range(rng.randint(1, 5))))
        docs.append(paras)
    return docs


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------

def find_shared(arg):
    if arg == "none":
        return None
    cands = [arg] if arg else [os.path.join(ROOT, "..", "shared"),
                               "/work/shared"]
    for c in cands:
        if os.path.isdir(os.path.join(c, "corpora")):
            return os.path.abspath(c)
    return None


def load_text_sources(shared):
    """Documents (lists of paragraphs) and their urls, from ../shared."""
    docs, urls = [], []
    gt = os.path.join(shared, "corpora", "html-eval", "ground-truth.json")
    if os.path.exists(gt):
        with open(gt, encoding="utf-8") as f:
            truth = json.load(f)
        for key in sorted(truth):
            body = truth[key].get("articleBody") or ""
            paras = [p.strip().replace("\n", " ")
                     for p in body.split("\n\n") if p.strip()]
            if paras:
                docs.append(paras)
                urls.append(truth[key].get("url"))
    ud = os.path.join(shared, "corpora", "ud-english-ewt")
    if os.path.isdir(ud):
        for name in sorted(os.listdir(ud)):
            if not name.endswith(".conllu"):
                continue
            paras, cur = [], []
            with open(os.path.join(ud, name), encoding="utf-8") as f:
                for line in f:
                    if line.startswith("# newdoc"):
                        if cur:
                            paras.append(" ".join(cur))
                        if paras:
                            docs.append(paras)
                            urls.append(None)
                        paras, cur = [], []
                    elif line.startswith("# newpar"):
                        if cur:
                            paras.append(" ".join(cur))
                        cur = []
                    elif line.startswith("# text = "):
                        cur.append(line[9:].strip())
            if cur:
                paras.append(" ".join(cur))
            if paras:
                docs.append(paras)
                urls.append(None)
    return docs, urls


def load_html_pages(shared):
    """(id, url, html bytes) of the html-eval pages."""
    base = os.path.join(shared, "corpora", "html-eval")
    urls = {}
    gt = os.path.join(base, "ground-truth.json")
    if os.path.exists(gt):
        with open(gt, encoding="utf-8") as f:
            urls = {k: v.get("url") for k, v in json.load(f).items()}
    pages = []
    hdir = os.path.join(base, "html")
    for name in sorted(os.listdir(hdir)):
        if not name.endswith(".html.gz"):
            continue
        pid = name[:-len(".html.gz")]
        with gzip.open(os.path.join(hdir, name), "rb") as f:
            pages.append((pid, urls.get(pid) or
                          "https://example.org/html-eval/%s" % pid, f.read()))
    return pages


# ---------------------------------------------------------------------------
# Articles: one stream shared by the text and jsonl families
# ---------------------------------------------------------------------------

def rand_date(rng):
    return (rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28))


def dateline(rng, date, outlet):
    y, m, d = date
    city, country = rng.choice(PLACES)
    k = rng.randrange(6)
    if k == 0:
        return "%s/%02d.%02d.%02d/%s: " % (city, d, m, y % 100, outlet), None
    if k == 1:
        # "BAKU, Azerbaijan, Nov.13" on its own line
        return "%s, %s, %s.%d\n\n" % (city.upper(), country,
                                       MONTHS[m - 1][:3], d), None
    if k == 2:
        return "%s, (%s) \u2013 " % (city.upper(), outlet), None
    if k == 3:
        return "%s (%s) - " % (city.upper(), outlet), None
    if k == 4:
        # timestamp paragraph above the body
        return "", "%d %s %d %02d:%02d (UTC +04:00)" % (
            d, MONTHS[m - 1], y, rng.randint(0, 23), rng.randint(0, 59))
    return "", None  # no dateline at all


class Articles:
    """Deterministic stream of articles: dict(url, title, text, date)."""

    def __init__(self, docs, urls, seed):
        self.docs, self.urls = docs, urls
        self.rng = random.Random(seed)
        self.n = 0

    def next(self):
        rng = self.rng
        self.n += 1
        target = rng.randint(2000, 8000)
        i = rng.randrange(len(self.docs))
        paras, size = [], 0
        # consecutive paragraphs from one document, then from the next ones,
        # until the article reaches its size
        j = rng.randrange(len(self.docs[i]))
        while size < target:
            doc = self.docs[i]
            p = doc[j]
            if len(p.encode("utf-8")) > 9000:
                p = p[:6000]
            paras.append(p)
            size += len(p.encode("utf-8")) + 2
            j += 1
            if j >= len(doc):
                i, j = (i + 1) % len(self.docs), 0
        date = rand_date(rng)
        outlet = rng.choice(OUTLETS)
        head, stamp = dateline(rng, date, outlet)
        words = paras[0].split()
        title = " ".join(words[:rng.randint(6, 12)]).rstrip(".,;:")
        body = list(paras)
        body[0] = head + body[0]
        if stamp:
            body.insert(0, stamp)
        url = self.urls[i] if self.urls[i] else \
            "https://news.example.org/%s/%d" % (outlet.lower(), self.n)
        if self.urls[i]:
            url += "?copy=%d" % self.n
        return {
            "url": url,
            "title": title,
            "text": "\n\n".join(body),
            "date": "%04d-%02d-%02d" % date,
        }


# ---------------------------------------------------------------------------
# Generated HTML (used when ../shared is absent)
# ---------------------------------------------------------------------------

def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def gen_html_pages(rng, count):
    pages = []
    for n in range(count):
        art = gen_documents(rng, 1)[0]
        y, m, d = rand_date(rng)
        url = "https://news.example.org/%d/%02d/story-%d.html" % (y, m, n)
        title = esc(" ".join(art[0].split()[:8]).rstrip(".,;:!?"))
        nav = "".join('<li><a href="/s/%d">%s</a></li>' % (k, esc(w))
                      for k, w in enumerate(rng.sample(W_NOUN + W_ADJ, 12)))
        body = []
        for p in art:
            ws = p.split(" ")
            if len(ws) > 6 and rng.random() < 0.4:
                k = rng.randrange(len(ws) - 3)
                ws[k] = '<a href="/t/%d">%s' % (k, ws[k])
                ws[k + 2] = ws[k + 2] + "</a>"
            body.append("<p>%s</p>" % " ".join(esc(w) if "<" not in w else w
                                                for w in ws))
        script = "var cfg = {%s};" % ",".join(
            '"k%d": "%x"' % (k, rng.getrandbits(64)) for k in range(300))
        style = "".join(".c%d{margin:%dpx;color:#%06x}" % (
            k, rng.randint(0, 20), rng.getrandbits(24)) for k in range(200))
        related = "".join('<li><a href="/r/%d">%s</a></li>' % (
            k, esc(gen_sentence(rng))) for k in range(8))
        page = (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            "<title>%(t)s</title>"
            '<meta property="article:published_time" '
            'content="%(y)04d-%(m)02d-%(d)02dT10:00:00+00:00">'
            '<meta property="og:url" content="%(u)s">'
            '<link rel="canonical" href="%(u)s">'
            "<style>%(st)s</style>"
            '<script type="application/ld+json">{"@type":"NewsArticle",'
            '"datePublished":"%(y)04d-%(m)02d-%(d)02d"}</script>'
            "<script>%(sc)s</script></head><body>"
            '<header class="site-header"><nav class="menu"><ul>%(nav)s</ul>'
            "</nav></header><main><article class=\"story-body\">"
            "<h1>%(t)s</h1>%(body)s</article>"
            '<aside class="related"><h2>Related</h2><ul>%(rel)s</ul></aside>'
            "</main><footer><p>&copy; %(y)d News Example. All rights "
            "reserved.</p></footer></body></html>\n"
        ) % {"t": title, "y": y, "m": m, "d": d, "u": url, "st": style,
             "sc": script, "nav": nav, "body": "\n".join(body),
             "rel": related}
        pages.append(("gen%05d" % n, url, page.encode("utf-8")))
    return pages


# ---------------------------------------------------------------------------
# WARC
# ---------------------------------------------------------------------------

def warc_record(rtype, uri, date, block, extra=()):
    rid = hashlib.sha1(("%s %s %s" % (rtype, uri, date)).encode()
                       + block[:64] + str(len(block)).encode()).hexdigest()
    uuid = "%s-%s-%s-%s-%s" % (rid[:8], rid[8:12], rid[12:16], rid[16:20],
                               rid[20:32])
    head = ["WARC/1.0", "WARC-Type: " + rtype,
            "WARC-Record-ID: <urn:uuid:%s>" % uuid, "WARC-Date: " + date]
    if uri:
        head.append("WARC-Target-URI: " + uri)
    head.extend(extra)
    head.append("Content-Length: %d" % len(block))
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def http_response(body):
    return (b"HTTP/1.1 200 OK\r\n"
            b"Content-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n"
            b"Connection: close\r\n\r\n") + body


MAKE_WARC = os.path.join(ROOT, "scripts", "make-warc.py")


def warc_from_html(out, html_dir, sh):
    """The WARC family from the html family's shards, one WARC file per
    shard, written by the project's scripts/make-warc.py."""
    with open(os.path.join(html_dir, "MANIFEST.json")) as f:
        hm = json.load(f)
    records = 0
    for k, hs in enumerate(hm["shards"]):
        name = "part-%03d.warc.gz" % k
        path = os.path.join(out, name)
        subprocess.run([sys.executable, MAKE_WARC, "--gzip-per-record",
                        "-o", path, os.path.join(html_dir, hs["path"])],
                       check=True)
        raw = 0
        with gzip.open(path, "rb") as g:
            while True:
                b = g.read(1 << 20)
                if not b:
                    break
                raw += len(b)
        shard = sh.current(lambda _k: name)
        shard["files"] = 1
        sh.account(shard, os.path.getsize(path), raw)
        records += hs["files"]
    return {"records": records, "distinct_pages": hm.get("distinct_pages"),
            "gzip": "one member per record (scripts/make-warc.py)"}


# ---------------------------------------------------------------------------
# Families
# ---------------------------------------------------------------------------

class Sharder:
    """Writes files into shards of about shard_bytes raw bytes each."""

    def __init__(self, root, shard_bytes, total_bytes):
        self.root, self.shard_bytes, self.total = root, shard_bytes, total_bytes
        self.shards = []   # dicts: path, bytes (on disk), raw (decompressed)
        self.raw = 0

    def done(self):
        return self.raw >= self.total

    def current(self, new_name):
        if not self.shards or self.shards[-1]["raw"] >= self.shard_bytes:
            self.shards.append({"path": new_name(len(self.shards)),
                                "bytes": 0, "raw": 0, "files": 0})
        return self.shards[-1]

    def account(self, shard, disk, raw):
        shard["bytes"] += disk
        shard["raw"] += raw
        self.raw += raw


def build_text(out, shared_docs, sh, rng_seed):
    docs, urls = shared_docs
    arts = Articles(docs, urls, rng_seed)
    n = 0
    while not sh.done():
        shard = sh.current(lambda k: "s%03d" % k)
        d = os.path.join(out, shard["path"])
        if shard["files"] == 0:
            os.makedirs(d, exist_ok=True)
        a = arts.next()
        data = (a["title"] + "\n\n" + a["text"] + "\n").encode("utf-8")
        with open(os.path.join(d, "%07d.txt" % n), "wb") as f:
            f.write(data)
        n += 1
        shard["files"] += 1
        sh.account(shard, len(data), len(data))
    return {"articles": n}


def build_jsonl(out, shared_docs, sh, rng_seed):
    docs, urls = shared_docs
    arts = Articles(docs, urls, rng_seed)
    n = 0
    f = None
    while not sh.done():
        shard = sh.current(lambda k: "part-%03d.jsonl" % k)
        if shard["files"] == 0:
            if f:
                f.close()
            f = open(os.path.join(out, shard["path"]), "wb")
            shard["files"] = 1
        a = arts.next()
        line = (json.dumps(a, ensure_ascii=False) + "\n").encode("utf-8")
        f.write(line)
        n += 1
        sh.account(shard, len(line), len(line))
    if f:
        f.close()
    return {"articles": n}


def build_html(out, pages, sh):
    n = 0
    while not sh.done():
        pid, _url, html = pages[n % len(pages)]
        shard = sh.current(lambda k: "s%03d" % k)
        d = os.path.join(out, shard["path"])
        if shard["files"] == 0:
            os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "%06d-%s.html" % (n, pid[:16])), "wb") as f:
            f.write(html)
        n += 1
        shard["files"] += 1
        sh.account(shard, len(html), len(html))
    return {"pages": n, "distinct_pages": len(pages)}


def build_warc(out, pages, sh, level):
    n = 0
    f = None
    while not sh.done():
        shard = sh.current(lambda k: "part-%03d.warc.gz" % k)
        if shard["files"] == 0:
            if f:
                f.close()
            f = open(os.path.join(out, shard["path"]), "wb")
            shard["files"] = 1
            info = ("software: herald bench/build-corpus.py\r\n"
                    "format: WARC File Format 1.0\r\n").encode()
            rec = warc_record("warcinfo", None, "2024-01-01T00:00:00Z", info,
                              ["Content-Type: application/warc-fields",
                               "WARC-Filename: " + shard["path"]])
            z = gzip.compress(rec, compresslevel=level, mtime=0)
            f.write(z)
            sh.account(shard, len(z), len(rec))
        pid, url, html = pages[n % len(pages)]
        # a distinct URI per copy, a fixed date per copy number
        uri = url + ("#copy-%d" % n if n >= len(pages) else "")
        date = "2024-%02d-%02dT%02d:%02d:00Z" % (
            1 + n % 12, 1 + n % 28, n % 24, n % 60)
        rec = warc_record("response", uri, date, http_response(html),
                          ["Content-Type: application/http; "
                           "msgtype=response"])
        z = gzip.compress(rec, compresslevel=level, mtime=0)
        f.write(z)
        n += 1
        sh.account(shard, len(z), len(rec))
    if f:
        f.close()
    return {"records": n, "distinct_pages": len(pages),
            "gzip": "one member per record, level %d" % level}


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

def manifest_ok(path, want):
    try:
        with open(os.path.join(path, "MANIFEST.json")) as f:
            m = json.load(f)
    except (OSError, ValueError):
        return False
    for k, v in want.items():
        if m.get(k) != v:
            return False
    # a cheap check that the files are still there and whole
    for s in m.get("shards", []):
        p = os.path.join(path, s["path"])
        if os.path.isdir(p):
            total = 0
            for dp, _dn, fn in os.walk(p):
                total += sum(os.path.getsize(os.path.join(dp, x)) for x in fn)
        elif os.path.isfile(p):
            total = os.path.getsize(p)
        else:
            return False
        if total != s["bytes"]:
            return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=200,
                    help="MiB of input per family (default 200)")
    ap.add_argument("--shard", type=int, default=25,
                    help="MiB per shard (default 25)")
    ap.add_argument("--out", default=os.path.join(HERE, "corpus"))
    ap.add_argument("--shared", default="",
                    help="the shared folder ('none' = generated text only)")
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--gzip-level", type=int, default=6)
    ap.add_argument("--force", action="store_true", help="rebuild everything")
    args = ap.parse_args()

    fams = [x for x in args.families.split(",") if x]
    for x in fams:
        if x not in FAMILIES:
            ap.error("unknown family %r" % x)
    writer = "make-warc" if os.path.exists(MAKE_WARC) else "built-in"
    if "warc" in fams and writer == "make-warc" and "html" not in fams:
        fams.append("html")  # the WARC files wrap the html family's pages
    fams.sort(key=FAMILIES.index)
    shared = find_shared(args.shared)
    source = "shared" if shared else "generated"
    os.makedirs(args.out, exist_ok=True)

    text_src = html_src = None
    for fam in fams:
        dest = os.path.join(args.out, fam)
        want = {"version": VERSION, "family": fam, "size_mib": args.size,
                "shard_mib": args.shard, "source": source}
        if fam == "warc":
            want["writer"] = writer
            if writer == "built-in":
                want["gzip_level"] = args.gzip_level
        if not args.force and manifest_ok(dest, want):
            print("build-corpus: %s: present and complete" % fam)
            continue
        print("build-corpus: %s: building %d MiB from %s text..." %
              (fam, args.size, source), flush=True)
        tmp = tempfile.mkdtemp(prefix=".tmp-%s-" % fam, dir=args.out)
        sh = Sharder(tmp, args.shard * MIB, args.size * MIB)
        if fam in ("text", "jsonl"):
            if text_src is None:
                text_src = (load_text_sources(shared) if shared else
                            (gen_documents(random.Random(7), 400),
                             [None] * 400))
            seed = 1001 if fam == "text" else 1002
            info = (build_text if fam == "text" else build_jsonl)(
                tmp, text_src, sh, seed)
        elif fam == "html" or writer == "built-in":
            if html_src is None:
                html_src = (load_html_pages(shared) if shared else
                            gen_html_pages(random.Random(11), 200))
            if fam == "html":
                info = build_html(tmp, html_src, sh)
            else:
                info = build_warc(tmp, html_src, sh, args.gzip_level)
        else:
            info = warc_from_html(tmp, os.path.join(args.out, "html"), sh)
        m = dict(want)
        m.update(info)
        m["bytes"] = sum(s["bytes"] for s in sh.shards)
        m["raw_bytes"] = sh.raw
        m["shards"] = sh.shards
        with open(os.path.join(tmp, "MANIFEST.json"), "w") as f:
            json.dump(m, f, indent=1)
            f.write("\n")
        if os.path.exists(dest):
            shutil.rmtree(dest)
        os.rename(tmp, dest)
        print("build-corpus: %s: %d files/shards, %.1f MiB raw, %.1f MiB on "
              "disk" % (fam, sum(s["files"] for s in sh.shards),
                        sh.raw / MIB, m["bytes"] / MIB), flush=True)
    # leftovers of an interrupted build
    for name in os.listdir(args.out):
        if name.startswith(".tmp-"):
            shutil.rmtree(os.path.join(args.out, name), ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
