#!/usr/bin/env python3
"""train-tagger.py - train Herald's part-of-speech tagger.

    scripts/train-tagger.py                 train; writes data/tagger.model.gz
    scripts/train-tagger.py --tune          train on train only, report dev
    scripts/train-tagger.py --eval          accuracy of the model on test

The tagger is a greedy left-to-right averaged perceptron over the Penn
Treebank tags (XPOS column) of Universal Dependencies English EWT
(../shared/corpora/ud-english-ewt, CC BY-SA 4.0), mapped to Herald's tag
set (enum hr_pos in src/internal.h: every punctuation tag is one class).
Its settings were chosen on dev with --tune; the model shipped is then
trained on train and dev, and --eval measures it on the test split, which
nothing else looks at. --eval reads the model file itself, so its figures
are those of the integer weights that src/code/tag.c uses (tests/unit/
test_tag.c and bench/tag-speed.c measure the C side; they must agree).

Tried on dev and left out, because they gained less than 0.1 point (the
noise of a 25,000-token dev set) or lost: word bigrams, previous tag with
suffix or shape, five-letter suffixes, the last verb tag so far, the tags a
word was seen with (jackknifed) for the word and the next two; giving
more weight to the news-like blogs and newsgroups. The tag dictionary
(forms seen at least 20 times with one tag 99.5% of the time: 40% of the
tokens, which then need no features) costs nothing on dev; a looser one
(10 times, 99%: half the tokens, tagging a sixth faster) lost 0.06 point
on dev over two seeds.

Herald's tokenizer keeps "Baku's", "didn't" and "cease-fire" whole where the
treebank splits them. So the training data holds every sentence twice when
the two differ: once as the treebank tokenizes it, once as Herald does
(herald_view below). A whole token takes the tag of its host word: "Baku's"
NNP, "didn't" VBD, "it's" PRP; a hyphenated word the tag of its head
("cease-fire" NN), and JJ when it modifies a noun ("Moscow-brokered").
prep() takes the clitic off for the token's own features and gives it to
the next tokens as their left neighbour ("didn't comment" looks like "did
n't comment"), so both cuts of a sentence look alike.

News names many nationalities the treebank never saw ("Azerbaijani
forces"). The nationality words of Herald's country dictionary
(data/actors/10-countries.txt) form a small lexicon stored in the model:
such a word has one more feature, whose weights the treebank's own
nationality words (Iraqi, Pakistani, American) teach.

The features must be computed exactly as tag.c computes them: prep() and
features() below are the specification, and a change here needs the same
change there. The model file is text (gzip-compressed):

    # comments
    tags NN NNS ...             the classes, as hr_pos_name() spells them
    scale N                     weights are integers: real weight * N
    trained train+dev           the splits it was trained on
    d FORM TAG                  tag dictionary: FORM always gets TAG
    n FORM CLASS                word class lexicon: FORM has feature "n" CLASS
    f TEMPLATE A B W            feature weights; A and B are atoms (B may be
                                empty), W is "TAG:int,TAG:int"

with fields separated by tabs. Only the Python standard library is used;
training takes about three minutes. The output is the same on every run.
"""

import argparse
import gzip
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_TREEBANK = os.path.join(ROOT, "..", "shared", "corpora", "ud-english-ewt")
DEFAULT_MODEL = os.path.join(ROOT, "data", "tagger.model.gz")
DEFAULT_COUNTRIES = os.path.join(ROOT, "data", "actors", "10-countries.txt")

# Herald's classes in enum hr_pos order (index 0 is HR_POS_NONE). The name
# of HR_POS_PUNCT is "." as hr_pos_name() spells it.
TAGS = [
    "NONE", "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD",
    "NN", "NNS", "NNP", "NNPS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR",
    "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ",
    "WDT", "WP", "WP$", "WRB", ".", "ADD", "GW", "XX", "AFX",
]
PUNCT_XPOS = {".", ",", ":", "``", "''", "-LRB-", "-RRB-", "#", "$", "HYPH",
              "NFP"}
TAG_SET = set(TAGS[1:])


def map_xpos(x):
    if x in PUNCT_XPOS:
        return "."
    if x in TAG_SET:
        return x
    raise ValueError("unknown XPOS tag %r" % x)


# ---- token preparation (mirrored in tag.c) -------------------------------

MAX_TOKEN_BYTES = 64       # longer tokens are all "~LONG"
MAX_SHAPE = 8              # characters of a shape

NORM = {}
for ch in "\u2018\u2019\u201b\u2032\u02bc":
    NORM[ord(ch)] = "'"
for ch in "\u201c\u201d\u201e\u00ab\u00bb":
    NORM[ord(ch)] = '"'
for ch in "\u2010\u2011":
    NORM[ord(ch)] = "-"
for c in range(0x21):
    NORM[c] = "_"
NORM[0x7F] = "_"
for c in range(ord("0"), ord("9") + 1):
    NORM[c] = "0"
LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}

CLITICS = ("n't", "'s", "'m", "'d", "'re", "'ve", "'ll")


def char_class(o):
    """'X' upper-case letter, 'x' lower-case, 'p' general punctuation,
    'u' anything else outside ASCII (the same ranges as tag.c)."""
    if 0xC0 <= o <= 0xDE and o != 0xD7:
        return "X"
    if 0xDF <= o <= 0xFF and o != 0xF7:
        return "x"
    if 0x100 <= o <= 0x17F:
        if o <= 0x137 or 0x14A <= o <= 0x177:
            up = o % 2 == 0
        elif 0x139 <= o <= 0x148 or 0x179 <= o <= 0x17E:
            up = o % 2 == 1
        else:
            up = o == 0x178
        return "X" if up else "x"
    if o == 0x18F:
        return "X"
    if o == 0x259:
        return "x"
    if 0x391 <= o <= 0x3A9 or 0x400 <= o <= 0x42F:
        return "X"
    if 0x3AC <= o <= 0x3CE or 0x430 <= o <= 0x45F:
        return "x"
    if 0x2000 <= o <= 0x206F:
        return "p"
    return "u"


def shape(form):
    out = []
    last = ""
    for ch in form:
        o = ord(ch)
        if 65 <= o <= 90:
            c = "X"
        elif 97 <= o <= 122:
            c = "x"
        elif ch == "0":
            c = "d"
        elif o < 128:
            c = ch
        else:
            c = char_class(o)
        if c != last:
            out.append(c)
            last = c
            if len(out) == MAX_SHAPE:
                break
    return "".join(out)


class Tok:
    """What the features need of one token: its form (curly quotes folded,
    digits 0, clitic taken off), lower-case form, shape, last three
    characters; the clitic and the part after a hyphen if any; and what the
    tokens after it see as their left neighbour (tail_*): the clitic when
    there is one, as if the treebank had split it off ("didn't" is "did"
    to itself and the tokens before it, "n't" to the tokens after it)."""
    __slots__ = ("form", "lw", "shape", "suf3", "clitic", "hyph", "lex",
                 "tail_lw", "tail_shape", "tail_suf3")


LONG = Tok()
LONG.form = LONG.lw = LONG.shape = LONG.suf3 = "~LONG"
LONG.tail_lw = LONG.tail_shape = LONG.tail_suf3 = "~LONG"
LONG.clitic = LONG.hyph = LONG.lex = ""


def prep(raw, lexicon=None):
    """The token raw; lexicon maps forms to word classes (nationality
    words, see read_nationalities)."""
    if len(raw.encode("utf-8")) > MAX_TOKEN_BYTES:
        return LONG
    t = Tok()
    norm = raw.translate(NORM)
    lw = norm.translate(LOWER)
    clitic = ""
    for c in CLITICS:
        if len(lw) > len(c) and lw.endswith(c):
            clitic = c
            t.tail_shape = shape(norm[-len(c):])
            norm = norm[:-len(c)]
            lw = lw[:-len(c)]
            break
    hyph = ""
    h = lw.rfind("-", 1, len(lw) - 1)
    if h > 0:
        hyph = lw[h + 1:]
    t.form = norm
    t.lw = lw
    t.shape = shape(norm)
    t.suf3 = lw[-3:]
    t.clitic = clitic
    t.hyph = hyph
    t.lex = lexicon.get(norm, "") if lexicon else ""
    if clitic:
        t.tail_lw = t.tail_suf3 = clitic
    else:
        t.tail_lw, t.tail_shape, t.tail_suf3 = t.lw, t.shape, t.suf3
    return t


def pad(name):
    t = Tok()
    t.form = t.lw = t.shape = t.suf3 = name
    t.tail_lw = t.tail_shape = t.tail_suf3 = name
    t.clitic = t.hyph = t.lex = ""
    return t


S1, S2, E1, E2 = pad("-S1-"), pad("-S2-"), pad("-E1-"), pad("-E2-")


def features(toks, i, t1, t2):
    """Feature keys "TEMPLATE\\tA\\tB" of token i given the two tags before
    it (tag.c builds the same keys as hashes)."""
    t = toks[i]
    n = len(toks)
    lw = t.lw
    m = len(lw)
    pv = toks[i - 1] if i >= 1 else S1
    pv2 = toks[i - 2] if i >= 2 else (S1 if i == 1 else S2)
    nx = toks[i + 1] if i + 1 < n else E1
    nx2 = toks[i + 2] if i + 2 < n else (E1 if i + 2 == n else E2)
    f = [
        "b\t\t",
        "w\t" + t.form + "\t",
        "l\t" + lw + "\t",
        "h\t" + t.shape + "\t",
        "t1\t" + t1 + "\t",
        "t2\t" + t2 + "\t" + t1,
        "tl\t" + t1 + "\t" + lw,
        "l-1\t" + pv.tail_lw + "\t",
        "l-2\t" + pv2.tail_lw + "\t",
        "l+1\t" + nx.lw + "\t",
        "l+2\t" + nx2.lw + "\t",
        "x-1\t" + pv.tail_suf3 + "\t",
        "x+1\t" + nx.suf3 + "\t",
        "h-1\t" + pv.tail_shape + "\t",
        "h+1\t" + nx.shape + "\t",
    ]
    if t is not LONG:
        if t.form:
            f.append("p1\t" + t.form[0] + "\t")
        if m > 1:
            f.append("s1\t" + lw[-1:] + "\t")
            f.append("p2\t" + lw[:2] + "\t")
        if m > 2:
            f.append("s2\t" + lw[-2:] + "\t")
            f.append("p3\t" + lw[:3] + "\t")
        if m > 3:
            f.append("s3\t" + lw[-3:] + "\t")
        if m > 4:
            f.append("s4\t" + lw[-4:] + "\t")
    if t.clitic:
        f.append("c\t" + t.clitic + "\t")
    if t.hyph:
        f.append("y\t" + t.hyph + "\t")
    if t.lex:
        f.append("n\t" + t.lex + "\t")
    if i == 0:
        f.append("f\t" + t.shape + "\t")
    return f


# ---- treebank ---------------------------------------------------------------

class Word:
    __slots__ = ("id", "form", "tag", "head", "deprel", "space_after")


class Sentence:
    __slots__ = ("words", "mwts")   # mwts: (first id, last id, form, space)


def read_conllu(path):
    sents = []
    words, mwts = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                if words:
                    s = Sentence()
                    s.words, s.mwts = words, mwts
                    sents.append(s)
                words, mwts = [], []
                continue
            if line.startswith("#"):
                continue
            c = line.split("\t")
            space = "SpaceAfter=No" not in c[9]
            if "-" in c[0]:
                a, b = c[0].split("-")
                mwts.append((int(a), int(b), c[1], space))
                continue
            if "." in c[0]:
                continue   # empty nodes of enhanced dependencies
            w = Word()
            w.id = int(c[0])
            w.form = c[1]
            w.tag = map_xpos(c[4])
            w.head = int(c[6])
            w.deprel = c[7]
            w.space_after = space
            words.append(w)
    if words:
        s = Sentence()
        s.words, s.mwts = words, mwts
        sents.append(s)
    return sents


def is_wordch(ch):
    return ch.isalnum() or ch == "_" or (ord(ch) >= 0x80 and ch not in
                                          "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb")


def herald_view(s):
    """The sentence as Herald's tokenizer cuts it: multiword tokens whole,
    and neighbours without a space between them joined where split.c joins
    words (a word character on both sides; an apostrophe or a hyphen between
    word characters). Returns [(form, tag)] or None if it is the same as the
    treebank's tokens."""
    by_id = {w.id: w for w in s.words}
    units = []   # (form, [words], space_after, is_mwt)
    skip_to = 0
    mwt_at = {a: (a, b, f, sp) for a, b, f, sp in s.mwts}
    for w in s.words:
        if w.id <= skip_to:
            continue
        if w.id in mwt_at:
            a, b, f, sp = mwt_at[w.id]
            units.append([f, [by_id[k] for k in range(a, b + 1) if k in by_id],
                          sp, True])
            skip_to = b
        else:
            units.append([w.form, [w], w.space_after, False])
    groups = []
    i = 0
    while i < len(units):
        g = [units[i]]
        j = i
        while j + 1 < len(units) and not units[j][2]:
            left, right = units[j][0], units[j + 1][0]
            if not left or not right or not is_wordch(left[-1]):
                break
            r0 = right[0]
            if is_wordch(r0):
                g.append(units[j + 1])
                j += 1
                continue
            if r0 in "'\u2019" and len(right) > 1 and right[1].isalpha():
                g.append(units[j + 1])
                j += 1
                continue
            if r0 in "-\u2010" and len(right) == 1 and j + 2 < len(units) \
                    and units[j + 1][2] is False and units[j + 2][0] \
                    and is_wordch(units[j + 2][0][0]):
                g.append(units[j + 1])
                g.append(units[j + 2])
                j += 2
                continue
            break
        groups.append(g)
        i = j + 1
    if len(groups) == len(s.words):
        return None
    out = []
    for g in groups:
        form = "".join(u[0] for u in g)
        ws = [w for u in g for w in u[1]]
        if len(ws) == 1:
            out.append((form, ws[0].tag))
            continue
        ids = {w.id for w in ws}
        cands = [w for w in ws if w.head not in ids and w.tag != "."]
        if not cands:
            cands = ws
        clitic = any(u[3] for u in g) or "'" in form or "\u2019" in form
        if clitic:
            head = cands[0]
            tag = head.tag
        else:
            head = cands[-1]
            tag = head.tag
            if "-" in form and head.deprel.startswith("amod") and tag in (
                    "VBN", "VBG", "NN", "NNS", "NNP", "NNPS", "CD"):
                tag = "JJ"
        out.append((form, tag))
    return out


# Person nouns among the nationality words, and the -er ones (Icelander):
# the feature is for the adjectives and their plurals.
PERSON_NOUNS = {"Briton", "Dane", "Finn", "Pole", "Scot", "Spaniard", "Swede",
                "Turk", "Kosovar"}


def read_nationalities(path):
    """Nationality words from Herald's country dictionary, for the "n"
    feature: the treebank knows "Iraqi" and "Pakistani", news also needs
    "Azerbaijani" and "Azeri". In an entry, a one-word name X that comes
    with X+"s" is a nationality adjective ("N"; the plural is "NS"), and
    so is a one-word name other than the first ending in -ese, -ish, -ch or
    -ss (Chinese, Danish, Czech, Swiss). Missing file: no lexicon."""
    lex = {}
    try:
        fh = open(path, encoding="utf-8")
    except OSError:
        return lex
    entries, cur = [], None
    with fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                cur = None
            elif not line[0].isspace():
                cur = [n.strip() for n in line.split("|") if n.strip()]
                entries.append(cur)
            elif line.strip().startswith("|") and cur is not None:
                cur += [n.strip() for n in line.split("|") if n.strip()]
    for names in entries:
        have = set(names)
        for x in names[1:]:
            if " " in x or "-" in x or x in PERSON_NOUNS or x.endswith("er"):
                continue
            if x + "s" in have:
                lex[x] = "N"
                lex[x + "s"] = "NS"
            elif x.endswith(("ese", "ish", "ch", "ss")):
                lex[x] = "N"
    return lex


def standard_view(s):
    return [(w.form, w.tag) for w in s.words]


# ---- the model ------------------------------------------------------------------

class Perceptron:
    def __init__(self):
        self.w = {}        # feature -> {tag: weight}
        self.tot = {}      # (feature, tag) -> accumulated weight
        self.ts = {}       # (feature, tag) -> step of the last change
        self.step = 0
        self.count = {}    # feature -> times seen in training

    def predict(self, feats):
        scores = {}
        w = self.w
        for f in feats:
            ws = w.get(f)
            if ws:
                for tag, v in ws.items():
                    scores[tag] = scores.get(tag, 0.0) + v
        if not scores:
            return "NN"
        return max(scores, key=lambda t: (scores[t], t))

    def update(self, truth, guess, feats):
        self.step += 1
        if truth == guess:
            return
        for f in feats:
            ws = self.w.setdefault(f, {})
            for tag, d in ((truth, 1.0), (guess, -1.0)):
                key = (f, tag)
                v = ws.get(tag, 0.0)
                self.tot[key] = self.tot.get(key, 0.0) + \
                    (self.step - self.ts.get(key, 0)) * v
                self.ts[key] = self.step
                ws[tag] = v + d

    def averaged(self):
        out = {}
        for f, ws in self.w.items():
            avg = {}
            for tag, v in ws.items():
                key = (f, tag)
                total = self.tot.get(key, 0.0) + (self.step - self.ts.get(key, 0)) * v
                a = total / self.step
                if a:
                    avg[tag] = a
            if avg:
                out[f] = avg
        return out


def make_tagdict(sents, min_count, min_share):
    counts = {}
    for s in sents:
        for form, tag in s:
            t = prep(form)
            if t is LONG:
                continue
            counts.setdefault(t.form, {}).setdefault(tag, 0)
            counts[t.form][tag] += 1
    td = {}
    for form, tags in counts.items():
        n = sum(tags.values())
        tag, c = max(tags.items(), key=lambda kv: (kv[1], kv[0]))
        if n >= min_count and c / n >= min_share:
            td[form] = tag
    return td


class Model:
    """What the file holds: the tag dictionary and integer weights."""

    def __init__(self, tagdict, lexicon, weights, scale):
        self.tagdict = tagdict
        self.lexicon = lexicon     # form -> class ("N", "NS")
        self.weights = weights     # feature -> [(tag index, int)]
        self.scale = scale
        self.trained_on = "train"

    def tag(self, forms):
        toks = [prep(f, self.lexicon) for f in forms]
        t1, t2 = "-S1-", "-S2-"
        out = []
        w = self.weights
        td = self.tagdict
        for i, t in enumerate(toks):
            tag = td.get(t.form) if t is not LONG else None
            if tag is None:
                scores = [0] * len(TAGS)
                for f in features(toks, i, t1, t2):
                    ws = w.get(f)
                    if ws:
                        for k, v in ws:
                            scores[k] += v
                best = 1
                for k in range(2, len(TAGS)):
                    if scores[k] > scores[best]:
                        best = k
                tag = TAGS[best]
            out.append(tag)
            t2, t1 = t1, tag
        return out

    def save(self, path, header):
        lines = ["# " + h for h in header]
        lines.append("tags\t" + "\t".join(TAGS[1:]))
        lines.append("scale\t%d" % self.scale)
        lines.append("trained\t%s" % self.trained_on)
        for form in sorted(self.tagdict):
            lines.append("d\t%s\t%s" % (form, self.tagdict[form]))
        for form in sorted(self.lexicon):
            lines.append("n\t%s\t%s" % (form, self.lexicon[form]))
        for f in sorted(self.weights):
            ws = self.weights[f]
            lines.append("f\t%s\t%s" % (f, ",".join(
                "%s:%d" % (TAGS[k], v) for k, v in ws)))
        data = ("\n".join(lines) + "\n").encode("utf-8")
        with open(path, "wb") as fh:
            if path.endswith(".gz"):
                fh.write(gzip.compress(data, 9, mtime=0))
            else:
                fh.write(data)

    @staticmethod
    def load(path):
        with open(path, "rb") as fh:
            data = fh.read()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        index = {t: k for k, t in enumerate(TAGS)}
        td, lex, weights, scale, trained = {}, {}, {}, 1, "train"
        for line in data.decode("utf-8").split("\n"):
            if not line or line.startswith("#"):
                continue
            c = line.split("\t")
            if c[0] == "d":
                td[c[1]] = c[2]
            elif c[0] == "n":
                lex[c[1]] = c[2]
            elif c[0] == "f":
                ws = []
                for p in c[4].split(","):
                    t, v = p.rsplit(":", 1)
                    ws.append((index[t], int(v)))
                weights["\t".join(c[1:4])] = ws
            elif c[0] == "scale":
                scale = int(c[1])
            elif c[0] == "trained":
                trained = c[1]
        m = Model(td, lex, weights, scale)
        m.trained_on = trained
        return m


def train(sents, iterations, tagdict, lexicon, seed, dev=None, log=sys.stderr):
    model = Perceptron()
    data = [([prep(f, lexicon) for f, _ in s], [t for _, t in s]) for s in sents]
    rng = random.Random(seed)
    for it in range(iterations):
        t0 = time.time()
        right = total = 0
        for toks, gold in data:
            t1, t2 = "-S1-", "-S2-"
            for i, t in enumerate(toks):
                guess = tagdict.get(t.form) if t is not LONG else None
                if guess is None:
                    feats = features(toks, i, t1, t2)
                    guess = model.predict(feats)
                    model.update(gold[i], guess, feats)
                    if it == 0:
                        for f in feats:
                            model.count[f] = model.count.get(f, 0) + 1
                right += guess == gold[i]
                total += 1
                t2, t1 = t1, guess
        rng.shuffle(data)
        msg = "iteration %d: %.2f%% on train (%.0f s)" % (
            it + 1, 100.0 * right / total, time.time() - t0)
        if dev and (it + 1) % 2 == 0:
            m = export(model, tagdict, lexicon, 1, 100)
            msg += ", dev %.2f%%" % (100 * accuracy(m, dev)[0])
        print(msg, file=log, flush=True)
    return model


def export(model, tagdict, lexicon, min_count, scale):
    avg = model.averaged()
    index = {t: k for k, t in enumerate(TAGS)}
    weights = {}
    for f, ws in avg.items():
        if model.count.get(f, 0) < min_count:
            continue
        q = sorted((index[t], int(round(v * scale))) for t, v in ws.items())
        q = [(k, max(-32767, min(32767, v))) for k, v in q if v]
        if q:
            weights[f] = q
    return Model(dict(tagdict), dict(lexicon), weights, scale)


# ---- evaluation -------------------------------------------------------------------

def accuracy(model, sents, vocab=None):
    """(accuracy, accuracy without punctuation, unknown-word accuracy,
    unknown count, tokens)."""
    right = total = 0
    pr = pt = 0
    ur = ut = 0
    for s in sents:
        forms = [f for f, _ in s]
        got = model.tag(forms)
        for (form, gold), g in zip(s, got):
            ok = g == gold
            right += ok
            total += 1
            if gold != ".":
                pr += ok
                pt += 1
            if vocab is not None and form not in vocab:
                ur += ok
                ut += 1
    return (right / max(total, 1), pr / max(pt, 1), ur / max(ut, 1), ut, total)


def report(name, model, sents, vocab):
    a, p, u, nu, n = accuracy(model, sents, vocab)
    print("%-22s %6d tokens: accuracy %.2f%%, without punctuation %.2f%%, "
          "unknown words %.2f%% (%d)" % (name, n, 100 * a, 100 * p, 100 * u, nu))


def views(sents):
    std = [standard_view(s) for s in sents]
    her = []
    for s in sents:
        h = herald_view(s)
        her.append(h if h is not None else standard_view(s))
    return std, her


def main():
    ap = argparse.ArgumentParser(
        description="Train Herald's part-of-speech tagger, or evaluate it.")
    ap.add_argument("--treebank", default=DEFAULT_TREEBANK,
                    help="the UD English EWT folder (default %(default)s)")
    ap.add_argument("--countries", default=DEFAULT_COUNTRIES,
                    help="Herald's country dictionary, for nationality words "
                         "(default %(default)s)")
    ap.add_argument("--out", default=DEFAULT_MODEL,
                    help="the model to write (default %(default)s)")
    ap.add_argument("--eval", action="store_true",
                    help="evaluate the model (--model, else --out) on the "
                         "test split instead of training")
    ap.add_argument("--model", default=None, help="the model --eval reads")
    ap.add_argument("--tune", action="store_true",
                    help="train on the train split alone and report dev "
                         "accuracy every two iterations (the final model is "
                         "trained on train and dev)")
    ap.add_argument("--iterations", type=int, default=10)
    ap.add_argument("--min-count", type=int, default=2,
                    help="drop features seen fewer times in the first "
                         "iteration (default %(default)s)")
    ap.add_argument("--scale", type=int, default=100,
                    help="weights are stored as round(weight * SCALE)")
    ap.add_argument("--tagdict-count", type=int, default=20)
    ap.add_argument("--tagdict-share", type=float, default=0.995,
                    help="a form seen at least --tagdict-count times with "
                         "one tag this often is always given that tag")
    ap.add_argument("--no-herald-view", action="store_true",
                    help="train on the treebank's tokens only")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--write-test", metavar="FILE",
                    help="with --eval: write the tags of the test split, one "
                         "sentence a line (tag-speed -o writes the C tagger's)")
    args = ap.parse_args()

    split = lambda name: read_conllu(os.path.join(
        args.treebank, "en_ewt-ud-%s.conllu" % name))
    train_s = split("train")
    dev_s = split("dev")
    test_std, test_her = views(split("test"))

    if args.eval:
        path = args.model or args.out
        model = Model.load(path)
        print("model %s: %d features, %d dictionary words, %d nationality "
              "words" % (path, len(model.weights), len(model.tagdict),
                         len(model.lexicon)))
        # Unknown words: not in what the model was trained on.
        trained = train_s if "dev" not in model.trained_on else train_s + dev_s
        vocab = {w.form for s in trained for w in s.words}
        t0 = time.time()
        report("test", model, test_std, vocab)
        secs = time.time() - t0
        report("test, Herald tokens", model, test_her, vocab)
        print("python: %.0f tokens/s" % (sum(map(len, test_std)) / secs))
        if args.write_test:
            with open(args.write_test, "w", encoding="utf-8") as fh:
                for s in test_std:
                    fh.write(" ".join(model.tag([f for f, _ in s])) + "\n")
        return

    t0 = time.time()
    sents = train_s if args.tune else train_s + dev_s
    std, her = views(sents)
    data = list(std)
    if not args.no_herald_view:
        data += [h for h, s in zip(her, std) if h != s]
    tagdict = make_tagdict(std, args.tagdict_count, args.tagdict_share)
    lexicon = read_nationalities(args.countries)
    print("training on %d sentences (%d tokens), %d dictionary words, %d "
          "nationality words" % (len(data), sum(map(len, data)), len(tagdict),
                                 len(lexicon)), file=sys.stderr)
    dev_std, dev_her = views(dev_s)
    model = train(data, args.iterations, tagdict, lexicon, args.seed,
                  dev_std if args.tune else None)
    final = export(model, tagdict, lexicon, args.min_count, args.scale)
    final.trained_on = "train" if args.tune else "train+dev"
    secs = time.time() - t0
    header = [
        "Herald part-of-speech tagger: averaged perceptron, greedy, left to right.",
        "Generated by scripts/train-tagger.py (%d iterations, features seen "
        "at least %d times); do not edit." % (args.iterations, args.min_count),
        "Trained on the %s splits of Universal Dependencies English EWT" % (
            final.trained_on),
        "(https://github.com/UniversalDependencies/UD_English-EWT), licensed",
        "CC BY-SA 4.0; this model is a work derived from it under the same",
        "license.",
    ]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    final.save(args.out, header)
    print("wrote %s: %d features, %d bytes; trained in %.0f s" % (
        args.out, len(final.weights), os.path.getsize(args.out), secs),
        file=sys.stderr)
    if args.tune:
        vocab = {w.form for s in train_s for w in s.words}
        report("dev", final, dev_std, vocab)
        report("dev, Herald tokens", final, dev_her, vocab)


if __name__ == "__main__":
    main()
