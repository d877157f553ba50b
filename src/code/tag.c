/*
 * tag.c - part-of-speech tags: a greedy, left-to-right averaged perceptron
 * trained by scripts/train-tagger.py on UD English EWT.
 *
 * The model (data/tagger.model.gz, unpacked and compiled in as text) holds
 * integer weights per tag for features written as a template name and one
 * or two strings, "atoms" ("s3" "ing", "tl" "DT" "attack"). Loading hashes
 * each feature into one open-addressing table; tagging builds the same
 * hashes from the token's bytes (an atom is XXH3 of its string), adds the
 * weights it finds and keeps the best tag, which the next tokens see. The
 * time goes into those lookups and additions, so the slots are prefetched
 * a token's worth at a time and the features with many weights add a dense
 * row.
 *
 * What must stay true: the token preparation and the feature list here are
 * prep() and features() of the training script byte for byte, or the
 * weights mean nothing. The unit test checks the accuracy on the
 * treebank's test split against the script's figure.
 *
 * Herald's tokens: the tokenizer keeps "Baku's", "didn't" and "cease-fire"
 * whole. A token ending in a clitic ('s 'm 'd 're 've 'll n't, curly
 * apostrophes folded) is tagged by its host ("Baku" NNP, "did" VBD,
 * "it" PRP); the clitic is one more feature, and the word the tokens after
 * it see on their left, as if the treebank had split it off. A hyphenated
 * word also sees its last part ("brokered"). The script trains on both
 * tokenizations. Nationality words from the project's country dictionary
 * ("Azerbaijani") are a lexicon in the model, one more feature.
 *
 * Tagging uses no memory but the stack (a ring of the five tokens around
 * the current one), so any sentence length works and threads may share
 * one tagger.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

extern const char hr_blob_tagger[], hr_blob_tagger_end[];

#define MAX_TOKEN 64   /* longer tokens are all "~LONG" */
#define MAX_SHAPE 8
#define MAX_FEATURES 32
#define MAX_LEX 16     /* lexicon classes */

/* ---- tag names ------------------------------------------------------------ */

static const char *const pos_names[HR_POS_COUNT] = {
    "NONE", "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD",
    "NN", "NNS", "NNP", "NNPS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR",
    "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ",
    "WDT", "WP", "WP$", "WRB", ".", "ADD", "GW", "XX", "AFX",
};

const char *hr_pos_name(enum hr_pos p)
{
    return (unsigned)p < HR_POS_COUNT ? pos_names[p] : "?";
}

/* The tag named s[0..n), or -1. Called for every weight while loading, so
 * the first byte picks the candidates. */
static int pos_from_name(const char *s, size_t n)
{
    if (n == 0 || n > 4)
        return -1;
    for (int i = 1; i < HR_POS_COUNT; i++) {
        const char *p = pos_names[i];
        if (p[0] == s[0] && strlen(p) == n && memcmp(p, s, n) == 0)
            return i;
    }
    return -1;
}

/* ---- feature templates (the names the script writes) ---------------------- */

enum {
    T_BIAS, T_W, T_L, T_H, T_T1, T_T2, T_TL, T_LM1, T_LM2, T_LP1, T_LP2,
    T_XM1, T_XP1, T_HM1, T_HP1, T_P1, T_P2, T_P3, T_S1, T_S2, T_S3, T_S4,
    T_C, T_Y, T_N, T_F, T_DICT, T_COUNT
};

static const char *const tmpl_names[T_COUNT] = {
    "b", "w", "l", "h", "t1", "t2", "tl", "l-1", "l-2", "l+1", "l+2",
    "x-1", "x+1", "h-1", "h+1", "p1", "p2", "p3", "s1", "s2", "s3", "s4",
    "c", "y", "n", "f", "d",
};

/* ---- the table -------------------------------------------------------------- */

/* A feature's weights are a short list of (tag, weight) when it has few
 * (most features: rare words, suffixes), a row of every tag's weight when
 * it has many (the bias, previous tags, common words), which adds up in a
 * few vector instructions instead of a chain of scattered additions. */
#define DENSE_MIN 8    /* weights from which a feature gets a row */
#define ROW 48         /* HR_POS_COUNT rounded up for the vector units */

/* A slot is 8 bytes, so that the table (two slots per entry) stays small
 * enough for the second-level cache: the upper 32 bits of the key (the
 * lower ones chose the slot; a false match is a matter of one lookup in
 * billions and costs one feature's weights) and what the entry holds,
 * packed in v:
 *   a feature   V_DENSE if its weights are a row, n << V_N_SHIFT (the
 *               number of weights, >= 1), and the offset of its list in
 *               t->w or of its row in t->rows (V_OFF bits);
 *   a word      n = 0; its tag in the low byte (0 if it has none), its
 *               lexicon class in the next. */
typedef struct tslot {
    uint32_t fp;          /* never 0; 0 = an empty slot */
    uint32_t v;
} tslot;

#define V_DENSE 0x80000000u
#define V_N_SHIFT 25
#define V_OFF 0x01FFFFFFu

static inline unsigned slot_n(const tslot *s)
{
    return (s->v >> V_N_SHIFT) & 0x3F;
}

typedef struct tweight {
    int16_t w;
    uint8_t tag;
} tweight;
_Static_assert(HR_POS_COUNT <= ROW, "a row holds every tag");

struct hr_tagger {
    tslot *slots;
    size_t mask;
    tweight *w;
    size_t n_w;
    int16_t *rows;       /* ROW weights each */
    size_t n_rows, cap_rows;
    uint64_t tag_atom[HR_POS_COUNT];
    uint64_t lex_atom[MAX_LEX];   /* lexicon classes ("N", "NS"), from 1 */
    size_t n_lex;
    uint64_t empty, s1, s2, e1, e2, lng;   /* atoms of "", "-S1-"... "~LONG" */
};

static inline uint64_t atom(const char *s, size_t n)
{
    return XXH3_64bits(s, n);
}

static inline uint64_t fmix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* The key of a feature: its template and two atoms (an absent second atom
 * is the atom of ""). */
static inline uint64_t fkey(unsigned tmpl, uint64_t a, uint64_t b)
{
    uint64_t k = fmix(a + (tmpl + 1) * 0x9E3779B97F4A7C15ULL);
    return fmix(k ^ (b * 0xD6E8FEB86659FD93ULL));
}

static inline uint32_t key_fp(uint64_t key)
{
    uint32_t fp = (uint32_t)(key >> 32);
    return fp ? fp : 1;
}

static inline const tslot *find(const hr_tagger *t, uint64_t key)
{
    uint32_t fp = key_fp(key);
    size_t i = key & t->mask;
    for (;;) {
        const tslot *s = &t->slots[i];
        if (s->fp == fp)
            return s;
        if (s->fp == 0)
            return NULL;
        i = (i + 1) & t->mask;
    }
}

/* The slot for key: the one holding it (v not 0), or the empty one it
 * goes into (v 0). */
static tslot *slot_for(hr_tagger *t, uint64_t key)
{
    uint32_t fp = key_fp(key);
    size_t i = key & t->mask;
    while (t->slots[i].fp != 0 && t->slots[i].fp != fp)
        i = (i + 1) & t->mask;
    t->slots[i].fp = fp;
    return &t->slots[i];
}

/* ---- loading ------------------------------------------------------------------ */

/* Splits line[0..len) at tabs into at most max fields; returns how many. */
static size_t split_tabs(const char *line, size_t len, const char **f,
                         size_t *fl, size_t max)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len && n < max; i++) {
        if (i == len || line[i] == '\t') {
            f[n] = line + start;
            fl[n] = i - start;
            n++;
            start = i + 1;
        }
    }
    return n;
}

static int tmpl_from_name(const char *s, size_t n)
{
    for (int i = 0; i < T_COUNT; i++)
        if (strlen(tmpl_names[i]) == n && memcmp(tmpl_names[i], s, n) == 0)
            return i;
    return -1;
}

/* Parses "TAG:int,TAG:int" into t->w. Returns the count, or -1. */
static int parse_weights(hr_tagger *t, const char *s, size_t n)
{
    int count = 0;
    size_t i = 0;
    while (i < n) {
        size_t colon = i;
        while (colon < n && s[colon] != ':')
            colon++;
        int tag = pos_from_name(s + i, colon - i);
        if (tag < 0 || colon + 1 >= n)
            return -1;
        i = colon + 1;
        bool neg = s[i] == '-';
        if (neg)
            i++;
        long v = 0;
        size_t digits = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 6) {
            v = v * 10 + (s[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0 || v > 32767 || (i < n && s[i] != ','))
            return -1;
        t->w[t->n_w].w = (int16_t)(neg ? -v : v);
        t->w[t->n_w].tag = (uint8_t)tag;
        t->n_w++;
        count++;
        i++;   /* the comma */
    }
    return count > 0 && count < HR_POS_COUNT ? count : -1;   /* fits slot_n */
}

/* Moves the n weights at t->w[off] into a new row; returns its index, or
 * -1 when out of memory. */
static long to_row(hr_tagger *t, size_t off, size_t n)
{
    if (t->n_rows == t->cap_rows) {
        size_t cap = t->cap_rows ? 2 * t->cap_rows : 1024;
        int16_t *r = realloc(t->rows, cap * ROW * sizeof *r);
        if (!r)
            return -1;
        t->rows = r;
        t->cap_rows = cap;
    }
    int16_t *row = t->rows + t->n_rows * ROW;
    memset(row, 0, ROW * sizeof *row);
    for (size_t q = 0; q < n; q++)
        row[t->w[off + q].tag] = t->w[off + q].w;
    t->n_w = off;   /* the list is not needed */
    return (long)t->n_rows++;
}

static hr_status load(hr_tagger *t, const char *text, size_t len,
                      hr_error *err)
{
    /* Sizes first: lines bound the features, separators the weights. */
    size_t lines = 1, seps = 1;
    for (size_t i = 0; i < len; i++) {
        lines += text[i] == '\n';
        seps += text[i] == ',' || text[i] == '\n';
    }
    size_t cap = 1024;
    while (cap < 2 * lines)
        cap *= 2;
    t->slots = calloc(cap, sizeof *t->slots);
    t->w = malloc(seps * sizeof *t->w);
    if (!t->slots || !t->w)
        return hr_error_set(err, HR_ERR_NOMEM, "tagger.model", NULL, 0,
                            UINT64_MAX, "out of memory");
    t->mask = cap - 1;

    size_t line_no = 0, n_feats = 0;
    bool have_tags = false;
    for (size_t pos = 0; pos < len;) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - line) : len - pos;
        pos += ll + 1;
        line_no++;
        if (ll == 0 || line[0] == '#')
            continue;
        const char *f[6];
        size_t fl[6];
        size_t nf = split_tabs(line, ll, f, fl, 6);
        const char *why = NULL;
        if (fl[0] == 4 && memcmp(f[0], "tags", 4) == 0) {
            for (size_t i = 1; i < nf && !why; i++)
                if (pos_from_name(f[i], fl[i]) < 0)
                    why = "unknown tag";
            have_tags = true;
        } else if ((fl[0] == 5 && memcmp(f[0], "scale", 5) == 0) ||
                   (fl[0] == 7 && memcmp(f[0], "trained", 7) == 0)) {
            /* Neither changes which tag scores best. */
        } else if (fl[0] == 1 && f[0][0] == 'd' && nf == 3) {
            int tag = pos_from_name(f[2], fl[2]);
            if (tag < 0) {
                why = "unknown tag";
            } else {
                tslot *s = slot_for(t, fkey(T_DICT, atom(f[1], fl[1]), t->empty));
                if (slot_n(s) == 0)   /* else a false match: keep the first */
                    s->v = (s->v & ~0xFFu) | (uint32_t)tag;
                n_feats++;
            }
        } else if (fl[0] == 1 && f[0][0] == 'n' && nf == 3) {
            uint64_t ca = atom(f[2], fl[2]);
            size_t c = 1;
            while (c <= t->n_lex && t->lex_atom[c] != ca)
                c++;
            if (c == MAX_LEX) {
                why = "too many word classes";
            } else {
                if (c > t->n_lex)
                    t->lex_atom[++t->n_lex] = ca;
                tslot *s = slot_for(t, fkey(T_DICT, atom(f[1], fl[1]), t->empty));
                if (slot_n(s) == 0)
                    s->v = (s->v & ~0xFF00u) | (uint32_t)c << 8;
                n_feats++;
            }
        } else if (fl[0] == 1 && f[0][0] == 'f' && nf == 5) {
            int tmpl = tmpl_from_name(f[1], fl[1]);
            if (tmpl < 0 || tmpl == T_DICT) {
                why = "unknown feature template";
            } else {
                tslot *s = slot_for(t, fkey((unsigned)tmpl, atom(f[2], fl[2]),
                                            atom(f[3], fl[3])));
                size_t off = t->n_w;
                int n = parse_weights(t, f[4], fl[4]);
                if (n < 0) {
                    why = "bad weights";
                } else if (s->v != 0) {
                    t->n_w = off;   /* a false match: keep the first */
                } else if (n >= DENSE_MIN) {
                    long row = to_row(t, off, (size_t)n);
                    if (row < 0)
                        return hr_error_set(err, HR_ERR_NOMEM, "tagger.model",
                                            NULL, 0, UINT64_MAX,
                                            "out of memory");
                    if ((unsigned long)row > V_OFF)
                        why = "too many features";
                    else
                        s->v = V_DENSE | (uint32_t)n << V_N_SHIFT | (uint32_t)row;
                } else if (off > V_OFF) {
                    why = "too many weights";
                } else {
                    s->v = (uint32_t)n << V_N_SHIFT | (uint32_t)off;
                }
                n_feats++;
            }
        } else {
            why = "unknown line";
        }
        if (why)
            return hr_error_set(err, HR_ERR_FORMAT, "tagger.model", "line",
                                line_no, UINT64_MAX, "%s", why);
    }
    if (!have_tags || n_feats == 0)
        return hr_error_set(err, HR_ERR_FORMAT, "tagger.model", NULL, 0,
                            UINT64_MAX, "no model compiled in");
    return HR_OK;
}

hr_tagger *hr_tagger_new(hr_error *err)
{
    hr_tagger *t = calloc(1, sizeof *t);
    if (!t) {
        hr_error_set(err, HR_ERR_NOMEM, "tagger.model", NULL, 0, UINT64_MAX,
                     "out of memory");
        return NULL;
    }
    t->empty = atom("", 0);
    t->s1 = atom("-S1-", 4);
    t->s2 = atom("-S2-", 4);
    t->e1 = atom("-E1-", 4);
    t->e2 = atom("-E2-", 4);
    t->lng = atom("~LONG", 5);
    for (int i = 0; i < HR_POS_COUNT; i++)
        t->tag_atom[i] = atom(pos_names[i], strlen(pos_names[i]));
    size_t len = (size_t)(hr_blob_tagger_end - hr_blob_tagger);
    if (load(t, hr_blob_tagger, len, err) != HR_OK) {
        hr_tagger_free(t);
        return NULL;
    }
    return t;
}

void hr_tagger_free(hr_tagger *t)
{
    if (!t)
        return;
    free(t->slots);
    free(t->w);
    free(t->rows);
    free(t);
}

/* ---- tokens --------------------------------------------------------------------- */

/* What the features need of one token (prep() in the script): atoms of
 * its form, lower-case form, shape and last three characters, and of what
 * the tokens after it see (the clitic if it has one: "didn't" is "did" to
 * itself and to the tokens before it, "n't" to those after it). */
typedef struct tok {
    uint64_t form, lw, shape, suf3;
    uint64_t tail_lw, tail_shape, tail_suf3;
    bool is_long;
    uint8_t form_len, lw_len;
    uint8_t clitic;      /* length of the clitic taken off, 0 if none */
    uint8_t hyph;        /* start of the part after the last hyphen in lw */
    char form_s[MAX_TOKEN];
    char lw_s[MAX_TOKEN + 4];   /* with the clitic after lw_len */
} tok;

static inline bool cont_byte(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* The shape class of a code point outside ASCII: 'X' upper-case letter,
 * 'x' lower-case, 'p' general punctuation, 'u' anything else (Latin-1,
 * Latin Extended-A, schwa, Greek, Cyrillic: the scripts of the news). */
static char char_class(int32_t o)
{
    if (o < 0)
        return '?';
    if (o >= 0xC0 && o <= 0xDE && o != 0xD7)
        return 'X';
    if (o >= 0xDF && o <= 0xFF && o != 0xF7)
        return 'x';
    if (o >= 0x100 && o <= 0x17F) {
        bool up;
        if (o <= 0x137 || (o >= 0x14A && o <= 0x177))
            up = o % 2 == 0;
        else if ((o >= 0x139 && o <= 0x148) || (o >= 0x179 && o <= 0x17E))
            up = o % 2 == 1;
        else
            up = o == 0x178;
        return up ? 'X' : 'x';
    }
    if (o == 0x18F)
        return 'X';
    if (o == 0x259)
        return 'x';
    if ((o >= 0x391 && o <= 0x3A9) || (o >= 0x400 && o <= 0x42F))
        return 'X';
    if ((o >= 0x3AC && o <= 0x3CE) || (o >= 0x430 && o <= 0x45F))
        return 'x';
    if (o >= 0x2000 && o <= 0x206F)
        return 'p';
    return 'u';
}

static size_t make_shape(const char *f, size_t n, char *out)
{
    size_t k = 0, i = 0;
    char last = 0;
    while (i < n && k < MAX_SHAPE) {
        unsigned char c = (unsigned char)f[i];
        char cl;
        if (c < 0x80) {
            cl = c >= 'A' && c <= 'Z' ? 'X' : c >= 'a' && c <= 'z' ? 'x'
               : c == '0' ? 'd' : (char)c;
            i++;
        } else {
            size_t adv;
            cl = char_class(hr_utf8_decode(f + i, n - i, &adv));
            i += adv;
        }
        if (cl != last) {
            out[k++] = cl;
            last = cl;
        }
    }
    return k;
}

/* One byte of the normalized form for the character at s[0..n), or 0 to
 * keep the bytes as they are; *adv is how many bytes it stands for. Curly
 * quotes and apostrophes become ASCII, spaces and controls '_', digits
 * '0'. */
static char norm_char(const unsigned char *s, size_t n, size_t *adv)
{
    unsigned char c = s[0];
    *adv = 1;
    if (c < 0x80) {
        if (c <= 0x20 || c == 0x7F)
            return '_';
        return c >= '0' && c <= '9' ? '0' : (char)c;
    }
    if (c == 0xE2 && n >= 3 && s[1] == 0x80) {
        unsigned char d = s[2];
        *adv = 3;
        if (d == 0x98 || d == 0x99 || d == 0x9B || d == 0xB2)
            return '\'';
        if (d == 0x9C || d == 0x9D || d == 0x9E)
            return '"';
        if (d == 0x90 || d == 0x91)
            return '-';
    } else if (c == 0xC2 && n >= 2 && (s[1] == 0xAB || s[1] == 0xBB)) {
        *adv = 2;
        return '"';
    } else if (c == 0xCA && n >= 2 && s[1] == 0xBC) {
        *adv = 2;
        return '\'';
    }
    *adv = 1;
    return 0;
}

static bool ends_with(const char *s, size_t n, const char *suf, size_t k)
{
    return n > k && memcmp(s + n - k, suf, k) == 0;
}

static void prep(const hr_tagger *t, const char *s, size_t n, tok *k)
{
    if (n > MAX_TOKEN) {
        k->is_long = true;
        k->form = k->lw = k->shape = k->suf3 = t->lng;
        k->tail_lw = k->tail_shape = k->tail_suf3 = t->lng;
        k->form_len = k->lw_len = 0;
        k->clitic = k->hyph = 0;
        return;
    }
    k->is_long = false;
    const unsigned char *u = (const unsigned char *)s;
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        size_t adv;
        char c = norm_char(u + i, n - i, &adv);
        if (c)
            k->form_s[m++] = c;
        else
            k->form_s[m++] = s[i];
        i += adv;
    }
    for (size_t i = 0; i < m; i++) {
        char c = k->form_s[i];
        k->lw_s[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    static const struct { const char *s; uint8_t n; } clitics[] = {
        {"n't", 3}, {"'s", 2}, {"'m", 2}, {"'d", 2}, {"'re", 3}, {"'ve", 3},
        {"'ll", 3},
    };
    k->clitic = 0;
    for (size_t i = 0; i < sizeof clitics / sizeof *clitics; i++) {
        if (ends_with(k->lw_s, m, clitics[i].s, clitics[i].n)) {
            size_t cn = clitics[i].n;
            char cshape[MAX_SHAPE];
            size_t csn = make_shape(k->form_s + m - cn, cn, cshape);
            k->tail_shape = atom(cshape, csn);
            k->tail_lw = k->tail_suf3 = atom(clitics[i].s, cn);
            k->clitic = (uint8_t)cn;
            m -= cn;
            break;
        }
    }
    k->form_len = k->lw_len = (uint8_t)m;
    k->hyph = 0;
    for (size_t i = m > 1 ? m - 2 : 0; i >= 1; i--) {
        if (k->lw_s[i] == '-') {
            k->hyph = (uint8_t)(i + 1);
            break;
        }
    }
    char shape[MAX_SHAPE];
    size_t sn = make_shape(k->form_s, m, shape);
    size_t s3 = m;
    for (int c = 0; c < 3 && s3 > 0;) {
        s3--;
        if (!cont_byte((unsigned char)k->lw_s[s3]))
            c++;
    }
    k->form = atom(k->form_s, m);
    k->lw = atom(k->lw_s, m);
    k->shape = atom(shape, sn);
    k->suf3 = atom(k->lw_s + s3, m - s3);
    if (!k->clitic) {
        k->tail_lw = k->lw;
        k->tail_shape = k->shape;
        k->tail_suf3 = k->suf3;
    }
}

/* Bytes of the first `chars` characters of s[0..n) (all of it if fewer). */
static size_t prefix_bytes(const char *s, size_t n, int chars)
{
    size_t i = 0;
    for (int c = 0; c < chars && i < n; c++) {
        i++;
        while (i < n && cont_byte((unsigned char)s[i]))
            i++;
    }
    return i;
}

/* Start of the last `chars` characters of s[0..n). */
static size_t suffix_start(const char *s, size_t n, int chars)
{
    size_t i = n;
    for (int c = 0; c < chars && i > 0;) {
        i--;
        if (!cont_byte((unsigned char)s[i]))
            c++;
    }
    return i;
}

static size_t count_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += !cont_byte((unsigned char)s[i]);
    return c;
}

/* ---- tagging ------------------------------------------------------------------------ */

/* Context atoms of a neighbour (a token or a padding). */
typedef struct ctx {
    uint64_t lw, shape, suf3;
} ctx;

/* A token as the tokens after it see it. */
static inline ctx ctx_left(const tok *k)
{
    return (ctx){k->tail_lw, k->tail_shape, k->tail_suf3};
}

/* A token as the tokens before it see it. */
static inline ctx ctx_right(const tok *k)
{
    return (ctx){k->lw, k->shape, k->suf3};
}

static inline ctx ctx_pad(uint64_t a)
{
    return (ctx){a, a, a};
}

/* The features of token i (features() in the script) into keys[]. */
static size_t features(const hr_tagger *t, const tok *k, unsigned lex,
                       size_t i, ctx pv, ctx pv2, ctx nx, ctx nx2,
                       uint64_t t1, uint64_t t2, uint64_t *keys)
{
    uint64_t e = t->empty;
    size_t n = 0;
    keys[n++] = fkey(T_BIAS, e, e);
    keys[n++] = fkey(T_W, k->form, e);
    keys[n++] = fkey(T_L, k->lw, e);
    keys[n++] = fkey(T_H, k->shape, e);
    keys[n++] = fkey(T_T1, t1, e);
    keys[n++] = fkey(T_T2, t2, t1);
    keys[n++] = fkey(T_TL, t1, k->lw);
    keys[n++] = fkey(T_LM1, pv.lw, e);
    keys[n++] = fkey(T_LM2, pv2.lw, e);
    keys[n++] = fkey(T_LP1, nx.lw, e);
    keys[n++] = fkey(T_LP2, nx2.lw, e);
    keys[n++] = fkey(T_XM1, pv.suf3, e);
    keys[n++] = fkey(T_XP1, nx.suf3, e);
    keys[n++] = fkey(T_HM1, pv.shape, e);
    keys[n++] = fkey(T_HP1, nx.shape, e);
    if (!k->is_long) {
        const char *lw = k->lw_s;
        size_t len = k->lw_len, m = count_chars(lw, len);
        if (len > 0)
            keys[n++] = fkey(T_P1, atom(k->form_s,
                                        prefix_bytes(k->form_s, len, 1)), e);
        if (m > 1) {
            size_t s = suffix_start(lw, len, 1);
            keys[n++] = fkey(T_S1, atom(lw + s, len - s), e);
            keys[n++] = fkey(T_P2, atom(lw, prefix_bytes(lw, len, 2)), e);
        }
        if (m > 2) {
            size_t s = suffix_start(lw, len, 2);
            keys[n++] = fkey(T_S2, atom(lw + s, len - s), e);
            keys[n++] = fkey(T_P3, atom(lw, prefix_bytes(lw, len, 3)), e);
        }
        if (m > 3)
            keys[n++] = fkey(T_S3, k->suf3, e);
        if (m > 4) {
            size_t s = suffix_start(lw, len, 4);
            keys[n++] = fkey(T_S4, atom(lw + s, len - s), e);
        }
        if (k->clitic)
            keys[n++] = fkey(T_C, atom(lw + len, k->clitic), e);
        if (k->hyph)
            keys[n++] = fkey(T_Y, atom(lw + k->hyph, len - k->hyph), e);
        if (lex)
            keys[n++] = fkey(T_N, t->lex_atom[lex], e);
    }
    if (i == 0)
        keys[n++] = fkey(T_F, k->shape, e);
    return n;
}

static uint8_t best_tag(const hr_tagger *t, const uint64_t *keys, size_t n)
{
    const tslot *found[MAX_FEATURES];
    for (size_t j = 0; j < n; j++)
        __builtin_prefetch(&t->slots[keys[j] & t->mask]);
    for (size_t j = 0; j < n; j++) {
        const tslot *s = find(t, keys[j]);
        found[j] = s;
        if (s && !(s->v & V_DENSE))
            __builtin_prefetch(t->w + (s->v & V_OFF));
    }
    int32_t score[ROW] = {0};
    for (size_t j = 0; j < n; j++) {
        const tslot *s = found[j];
        if (!s)
            continue;
        if (s->v & V_DENSE) {
            const int16_t *row = t->rows + (size_t)(s->v & V_OFF) * ROW;
            for (int c = 0; c < ROW; c++)
                score[c] += row[c];
        } else {
            const tweight *w = t->w + (s->v & V_OFF);
            for (unsigned q = 0, m = slot_n(s); q < m; q++)
                score[w[q].tag] += w[q].w;
        }
    }
    int best = 1;
    for (int c = 2; c < HR_POS_COUNT; c++)
        if (score[c] > score[best])
            best = c;
    return (uint8_t)best;
}

#define RING 8   /* tokens i-2..i+2 live in ring[(i + 8) % 8] */

void hr_tag(const hr_tagger *t, const char *text, const hr_span *tokens,
            size_t n, uint8_t *out)
{
    if (!t) {
        for (size_t i = 0; i < n; i++)
            out[i] = HR_POS_NONE;
        return;
    }
    tok ring[RING];
    for (size_t j = 0; j < n && j < 2; j++)
        prep(t, text + tokens[j].start,
             tokens[j].end > tokens[j].start ? tokens[j].end - tokens[j].start : 0,
             &ring[j]);
    uint64_t t1 = t->s1, t2 = t->s2;
    uint64_t keys[MAX_FEATURES];
    for (size_t i = 0; i < n; i++) {
        if (i + 2 < n) {
            const hr_span *sp = &tokens[i + 2];
            prep(t, text + sp->start,
                 sp->end > sp->start ? sp->end - sp->start : 0,
                 &ring[(i + 2) % RING]);
        }
        const tok *k = &ring[i % RING];
        uint8_t tag = 0, lex = 0;
        if (!k->is_long) {
            const tslot *d = find(t, fkey(T_DICT, k->form, t->empty));
            if (d && slot_n(d) == 0) {
                tag = (uint8_t)(d->v & 0xFF);
                lex = (uint8_t)(d->v >> 8);
            }
        }
        if (!tag) {
            ctx pv = i >= 1 ? ctx_left(&ring[(i - 1) % RING]) : ctx_pad(t->s1);
            ctx pv2 = i >= 2 ? ctx_left(&ring[(i - 2) % RING])
                             : ctx_pad(i == 1 ? t->s1 : t->s2);
            ctx nx = i + 1 < n ? ctx_right(&ring[(i + 1) % RING]) : ctx_pad(t->e1);
            ctx nx2 = i + 2 < n ? ctx_right(&ring[(i + 2) % RING])
                                : ctx_pad(i + 2 == n ? t->e1 : t->e2);
            size_t nk = features(t, k, lex, i, pv, pv2, nx, nx2, t1, t2, keys);
            tag = best_tag(t, keys, nk);
        }
        out[i] = tag;
        t2 = t1;
        t1 = t->tag_atom[tag];
    }
}
