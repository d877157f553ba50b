/*
 * match.c - finds actors and places in sentences.
 *
 * A sentence's tokens become normalized words (folded, accents stripped,
 * possessives and inner periods dropped, split at hyphens). From each word
 * the matcher walks the dictionary's trie as far as the words go and keeps
 * the longest name whose case rules the text meets and that yields a code
 * on the article's date (or is a place); it then goes on after that name.
 * Each word starts at most one walk of at most 32 words, so the time is
 * linear in the sentence length.
 *
 * Then, in order:
 *  - a span that is both an actor and a place (a capital, a country) is a
 *    place after a locative preposition (in, near, visited...), else the
 *    actor (Baku said);
 *  - an agent noun takes its country from an actor just before it
 *    (Azerbaijani forces, Azerbaijan's army) or after "of" (forces of
 *    Azerbaijan); an agent or title just before a named person merges into
 *    the person (Russian President Vladimir Putin);
 *  - places that are small or common words need a preposition, or, in a
 *    document, a country the document names elsewhere; a name shared by
 *    several places goes to the one in the document's countries, else the
 *    most populous.
 */
#include "actors.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>
#include <xxhash.h>

#define MAX_NAME_WORDS 32
#define STRONG_POPULATION 50000

/* ---- words ------------------------------------------------------------ */

uint64_t hr_word_hash(const char *s, size_t n)
{
    return XXH3_64bits(s, n);
}

/* Byte length of a separator at s (space, hyphen, dash, slash, and the
 * underscore that joins the words of a name in PETRARCH's texts), or 0. */
static size_t separator(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '/' ||
        c == '_')
        return 1;
    if (c == 0xC2 && n >= 2 && (unsigned char)s[1] == 0xA0)
        return 2;                                      /* no-break space */
    if (c == 0xE2 && n >= 3 && (unsigned char)s[1] == 0x80 &&
        (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x95)
        return 3;                                      /* U+2010..U+2015 */
    return 0;
}

static bool apostrophe_at(const char *s, size_t n, size_t *len)
{
    if (n >= 1 && s[0] == '\'') {
        *len = 1;
        return true;
    }
    if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x99 || (unsigned char)s[2] == 0x98)) {
        *len = 3;
        return true;
    }
    return false;
}

/* Letters the decomposition leaves alone but readers equate. */
static int32_t fold_special(int32_t cp)
{
    switch (cp) {
    case 0x0131: case 0x0130: return 'i';   /* dotless i, dotted I */
    case 0x0259: case 0x018F: return 'e';   /* schwa (Azerbaijani) */
    case 0x00F8: case 0x00D8: return 'o';
    case 0x0142: case 0x0141: return 'l';
    case 0x0111: case 0x0110: return 'd';
    case 0x0127: case 0x0126: return 'h';
    default: return 0;
    }
}

/* Folds s[0, n) into fb; returns the case class. */
static uint8_t fold_word(const char *s, size_t n, hr_buf *fb, bool *alnum,
                         unsigned *letters)
{
    *letters = 0;
    int first = 0;             /* 1 upper, 2 lower: the first cased letter */
    bool any_lower = false;
    *alnum = false;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            if (c >= 'A' && c <= 'Z') {
                first = first ? first : 1;
                (*letters)++;
                hr_buf_putc(fb, (char)(c + 32));
                *alnum = true;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (c >= 'a') {
                    first = first ? first : 2;
                    any_lower = true;
                    (*letters)++;
                }
                hr_buf_putc(fb, (char)c);
                *alnum = true;
            }
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (r <= 0) {
            i++;
            continue;
        }
        i += (size_t)r;
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT)
            first = first ? first : 1;
        else if (cat == UTF8PROC_CATEGORY_LL) {
            first = first ? first : 2;
            any_lower = true;
        }
        bool letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
        *letters += letter;
        bool digit = cat == UTF8PROC_CATEGORY_ND;
        if (!letter && !digit)
            continue;                                  /* marks, punctuation */
        *alnum = true;
        int32_t sp = fold_special(cp);
        if (sp) {
            hr_buf_putc(fb, (char)sp);
            continue;
        }
        utf8proc_int32_t dec[8];
        int bc = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char(
            cp, dec, 8, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK, &bc);
        if (k <= 0 || k > 8) {
            dec[0] = cp;
            k = 1;
        }
        for (utf8proc_ssize_t j = 0; j < k; j++) {
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t el = utf8proc_encode_char(dec[j], enc);
            hr_buf_append(fb, enc, (size_t)el);
        }
    }
    if (!first)
        return HR_CLS_NONE;
    if (first == 2)
        return HR_CLS_LOWER;
    return any_lower ? HR_CLS_CAP : HR_CLS_UPPER;
}

static void singulars(hr_word *w, const char *f)
{
    size_t n = w->flen;
    w->n_alt = 0;
    if (n > 3 && f[n - 1] == 's' && f[n - 2] != 's')
        w->alt[w->n_alt++] = hr_word_hash(f, n - 1);
    if (n > 4 && f[n - 1] == 's' && f[n - 2] == 'e' && f[n - 3] != 'i')
        w->alt[w->n_alt++] = hr_word_hash(f, n - 2);
    if (n > 4 && !memcmp(f + n - 3, "ies", 3)) {
        char tmp[256];
        if (n < sizeof tmp) {
            memcpy(tmp, f, n - 3);
            tmp[n - 3] = 'y';
            w->alt[w->n_alt++] = hr_word_hash(tmp, n - 2);
        }
    } else if (n > 4 && !memcmp(f + n - 3, "men", 3)) {
        char tmp[256];
        if (n < sizeof tmp) {
            memcpy(tmp, f, n);
            tmp[n - 2] = 'a';
            w->alt[w->n_alt++] = hr_word_hash(tmp, n);
        }
    }
}

bool hr_words_split(const char *text, uint32_t start, uint32_t end,
                    hr_word **words, size_t *n, size_t *cap, hr_buf *fb)
{
    uint32_t i = start;
    while (i < end) {
        size_t sl = separator(text + i, end - i);
        if (sl) {
            i += (uint32_t)sl;
            continue;
        }
        uint32_t ws = i;
        while (i < end && !separator(text + i, end - i))
            i++;
        uint32_t we = i;
        unsigned flags = 0;
        /* possessives: 's, ’s, s', s’ */
        size_t al;
        if (we - ws > 2 && (text[we - 1] == 's' || text[we - 1] == 'S')) {
            for (uint32_t k = ws + 1; k + 1 < we; k++)
                if (apostrophe_at(text + k, we - k, &al) && k + al == we - 1) {
                    we = k;
                    flags |= HR_W_POSS;
                    break;
                }
        } else if (we - ws > 2 && text[we - 1] == '\'' && text[we - 2] == 's') {
            we -= 1, flags |= HR_W_POSS;                 /* separatists' */
        } else if (we - ws > 4 && apostrophe_at(text + we - 3, 3, &al) && al == 3 &&
                   text[we - 4] == 's') {
            we -= 3, flags |= HR_W_POSS;                 /* separatists’ */
        }
        bool stem = we - ws > 1 && text[we - 1] == '*';
        if (stem)
            we--, flags |= HR_W_STEM;
        if (*n == *cap) {
            size_t c = *cap ? *cap * 2 : 64;
            hr_word *nw = realloc(*words, c * sizeof *nw);
            if (!nw)
                return false;
            *words = nw;
            *cap = c;
        }
        hr_word *w = &(*words)[(*n)++];
        memset(w, 0, sizeof *w);
        w->start = ws;
        w->end = i;                 /* the span keeps the possessive */
        w->fold = (uint32_t)fb->len;
        bool alnum;
        unsigned letters;
        w->cls = fold_word(text + ws, we - ws, fb, &alnum, &letters);
        w->letters = (uint8_t)HR_MIN(letters, 255);
        w->flen = (uint32_t)(fb->len - w->fold);
        if (!alnum)
            flags |= HR_W_BREAK;
        const char *f = fb->data ? fb->data + w->fold : "";
        if (w->flen == 3 && !memcmp(f, "the", 3))
            flags |= HR_W_THE;
        w->flags = (uint8_t)flags;
        w->h = hr_word_hash(f, w->flen);
        singulars(w, f);
    }
    return true;
}

size_t hr_name_words(const char *text, size_t len, hr_word **words, size_t *cap,
                     hr_buf *fb)
{
    size_t nw = 0;
    fb->len = 0;
    if (len > UINT32_MAX / 2 || !hr_words_split(text, 0, (uint32_t)len, words, &nw, cap, fb))
        return 0;
    hr_word *w = *words;
    size_t k = 0;
    for (size_t i = 0; i < nw; i++)
        if (!(w[i].flags & HR_W_BREAK) && w[i].flen &&
            !(k == 0 && (w[i].flags & HR_W_THE) && nw > 1))
            w[k++] = w[i];
    return k;
}

/* ---- the matcher ---------------------------------------------------------- */

/* What the walk found, before the context rules. */
typedef struct cand {
    uint32_t w0, w1;           /* words [w0, w1] */
    int32_t entry;             /* actor/agent/discard entry, -1: none */
    const hr_dcode *code;
    unsigned cflags;
    uint32_t places, n_places; /* candidate places in m->pl */
    bool weak;                 /* place needing more evidence */
    bool is_place;             /* decided: a place */
    bool drop;
    bool prefixed;             /* an agent's prefix on a country: NGOARN */
    char code_buf[20];
    unsigned mflags;
    hr_match_kind kind;
} cand;

struct hr_matcher {
    hr_dict *d;
    hr_word *w;
    size_t nw, wcap;
    hr_buf fb;
    cand *c;
    size_t nc, ccap;
    size_t *kept;              /* agents(): candidates kept so far */
    uint32_t *pl;              /* candidate place indexes */
    size_t npl, plcap;
    hr_match *out;
    size_t nout, outcap;
    /* hr_match_document */
    hr_match *dout;
    size_t ndout, doutcap;
    uint32_t *dpara;
    size_t dparacap;
    cand *dc;                  /* the candidates behind dout */
    size_t dccap;
    hr_word *nwds;             /* a name's words (exact-case checks) */
    size_t nwcap;
    hr_buf nfb;
    enum hr_discard_level discard;   /* met in the last match_words */
};

hr_matcher *hr_matcher_new(hr_dict *d, hr_error *err)
{
    if (hr_dict_finish(d, err) != HR_OK)
        return NULL;
    hr_matcher *m = calloc(1, sizeof *m);
    if (!m) {
        hr_error_set(err, HR_ERR_NOMEM, "", NULL, 0, UINT64_MAX, "out of memory");
        return NULL;
    }
    m->d = d;
    return m;
}

void hr_matcher_free(hr_matcher *m)
{
    if (!m)
        return;
    free(m->w);
    hr_buf_free(&m->fb);
    free(m->c);
    free(m->kept);
    free(m->pl);
    free(m->out);
    free(m->dout);
    free(m->dpara);
    free(m->dc);
    free(m->nwds);
    hr_buf_free(&m->nfb);
    free(m);
}

static bool case_ok(hr_matcher *m, const char *text, const hr_term *t, uint32_t w0)
{
    const hr_dict *d = m->d;
    for (uint32_t k = 0; k < t->nwords; k++) {
        const hr_word *w = &m->w[w0 + k];
        switch (d->reqs[t->reqs + k]) {
        case HR_REQ_ANY:
            break;
        case HR_REQ_CAP:
            /* "UN" in capitals is an acronym, not the town of Un; G20
             * and M23 (one letter) are not acronyms of that kind */
            if (w->cls != HR_CLS_CAP &&
                (w->cls != HR_CLS_UPPER || (w->letters > 1 && w->letters <= 3)))
                return false;
            break;
        case HR_REQ_INITIAL:
            if (w->cls != HR_CLS_CAP && w->cls != HR_CLS_UPPER)
                return false;
            break;
        case HR_REQ_ACRO:
            if (w->cls != HR_CLS_UPPER)
                return false;
            break;
        case HR_REQ_EXACT: {
            /* compare the letters as written, name word against text word */
            const hr_name *nm = &d->names[t->name];
            size_t nn = hr_name_words(nm->text, nm->len, &m->nwds, &m->nwcap, &m->nfb);
            if (k >= nn)
                return false;
            size_t j = k;
            const char *a = nm->text + m->nwds[j].start, *ae = nm->text + m->nwds[j].end;
            const char *b = text + w->start, *be = text + w->end;
            while (a < ae && b < be) {
                if (*a == '.') { a++; continue; }
                if (*b == '.') { b++; continue; }
                if (*a != *b)
                    return false;
                a++, b++;
            }
            while (a < ae && *a == '.') a++;
            while (b < be && *b == '.') b++;
            if (a != ae && b != be)
                return false;
            break;
        }
        }
    }
    return true;
}

static bool push_place(hr_matcher *m, uint32_t p)
{
    if (m->npl == m->plcap) {
        size_t c = m->plcap ? m->plcap * 2 : 64;
        uint32_t *n = realloc(m->pl, c * sizeof *n);
        if (!n)
            return false;
        m->pl = n;
        m->plcap = c;
    }
    m->pl[m->npl++] = p;
    return true;
}


/* A PETRARCH discard phrase seen in the text: remembered for the coder
 * (the name is blocked either way). */
static void note_discard(hr_matcher *m, const hr_entry *e)
{
    enum hr_discard_level lv = HR_DISCARD_NONE;
    for (uint32_t k = 0; k < e->n_codes; k++) {
        const char *code = m->d->codes[e->codes + k].code;
        if (!strcmp(code, HR_DISCARD_STORY_CODE))
            lv = HR_DISCARD_STORY;
        else if (!strcmp(code, HR_DISCARD_SENTENCE_CODE) && lv == HR_DISCARD_NONE)
            lv = HR_DISCARD_SENTENCE;
    }
    if (lv > m->discard)
        m->discard = lv;
}

enum hr_discard_level hr_matcher_discard(const hr_matcher *m)
{
    return m->discard;
}

/* The terms at node for words [w0, w1]: picks the entry (by date), collects
 * places. Returns true when something is there. */
static bool accept(hr_matcher *m, const char *text, uint32_t node, uint32_t w0,
                   uint32_t w1, bool plural, bool have_day, int32_t day, cand *out)
{
    const hr_dict *d = m->d;
    int32_t best = -1;
    uint16_t best_layer = 0;
    const hr_dcode *best_code = NULL;
    unsigned best_flags = 0;
    bool discard = false;
    size_t pl0 = m->npl;
    for (uint32_t ti = d->nodes[node].terms; ti != UINT32_MAX; ti = d->terms[ti].next) {
        const hr_term *t = &d->terms[ti];
        if (t->nwords != w1 - w0 + 1 || (plural && !t->plural_ok) ||
            !case_ok(m, text, t, w0))
            continue;
        if (t->target & HR_TARGET_PLACE) {
            push_place(m, t->target & ~HR_TARGET_PLACE);
            continue;
        }
        const hr_entry *e = &d->entries[t->target];
        if (e->kind == HR_ENT_DISCARD) {
            discard = true;
            note_discard(m, e);
            continue;
        }
        unsigned fl;
        const hr_dcode *c = hr_entry_code(d, e, have_day, day, &fl);
        if (!c)
            continue;
        if (!strcmp(c->code, "-")) {    /* a null code on this date: blocks */
            discard = true;
            continue;
        }
        /* a later load (the user's dictionary) beats an earlier one
         * (the builtin); then dated beats undated; among dated codes one
         * other than ELI (elites, former office holders: Heydar Aliyev
         * the president over Ilham Aliyev the MP), then the later start;
         * then the first seen (the terms of a node run from the last
         * loaded) */
        bool better;
        if (best < 0)
            better = true;
        else if (e->layer != best_layer)
            better = e->layer > best_layer;
        else if ((fl & HR_MF_DATED) != (best_flags & HR_MF_DATED))
            better = (fl & HR_MF_DATED) != 0;
        else if (fl & HR_MF_DATED)
            better = hr_dcode_better(c, best_code);
        else
            better = (fl & HR_MF_UNDATED) && (best_flags & HR_MF_UNDATED) &&
                     c->from > best_code->from;
        if (better) {
            best = (int32_t)t->target;
            best_code = c;
            best_flags = fl;
            best_layer = e->layer;
        }
    }
    if (discard) {
        m->npl = pl0;
        memset(out, 0, sizeof *out);
        out->w0 = w0, out->w1 = w1, out->entry = -1, out->drop = true;
        return true;
    }
    if (best < 0 && m->npl == pl0)
        return false;
    memset(out, 0, sizeof *out);
    out->w0 = w0;
    out->w1 = w1;
    out->entry = best;
    out->code = best_code;
    out->cflags = best_flags;
    out->places = (uint32_t)pl0;
    out->n_places = (uint32_t)(m->npl - pl0);
    return true;
}

static bool push_cand(hr_matcher *m, const cand *c)
{
    if (m->nc == m->ccap) {
        size_t n = m->ccap ? m->ccap * 2 : 32;
        cand *nc = realloc(m->c, n * sizeof *nc);
        if (!nc)
            return false;
        m->c = nc;
        size_t *nk = realloc(m->kept, n * sizeof *nk);
        if (!nk)
            return false;
        m->kept = nk;
        m->ccap = n;
    }
    m->c[m->nc++] = *c;
    return true;
}

/* The longest name starting at word i; false if none. */
static bool walk(hr_matcher *m, const char *text, uint32_t i, bool have_day,
                 int32_t day, cand *best)
{
    const hr_dict *d = m->d;
    uint32_t node = 0;
    bool found = false;
    for (uint32_t j = i; j < m->nw && j - i < MAX_NAME_WORDS; j++) {
        const hr_word *w = &m->w[j];
        if (w->flags & HR_W_BREAK)
            break;
        cand c;
        size_t mark = m->npl;
        bool here = false;
        /* a prefix (stem) ending here */
        if (d->nodes[node].has_stem) {
            const char *f = m->fb.data + w->fold;
            for (unsigned L = w->flen; L >= 1 && !here; L--) {
                if (L >= 64 || !((d->stem_lens >> L) & 1))
                    continue;
                uint32_t sc = hr_dict_edge(d, node, hr_word_hash(f, L) ^ HR_STEM_SALT);
                if (sc != UINT32_MAX && accept(m, text, sc, i, j, false, have_day, day, &c))
                    here = true;
            }
        }
        uint32_t next = hr_dict_edge(d, node, w->h);
        if (next != UINT32_MAX && accept(m, text, next, i, j, false, have_day, day, &c))
            here = true;
        for (unsigned a = 0; !here && a < w->n_alt; a++) {
            uint32_t pc = hr_dict_edge(d, node, w->alt[a]);
            if (pc != UINT32_MAX && accept(m, text, pc, i, j, true, have_day, day, &c))
                here = true;
        }
        if (here) {
            *best = c;
            found = true;
        } else {
            m->npl = mark;
        }
        if (next == UINT32_MAX)
            break;
        node = next;
    }
    return found;
}

static bool is_word(const hr_matcher *m, uint32_t i, const char *s)
{
    size_t n = strlen(s);
    const hr_word *w = &m->w[i];
    return w->flen == n && !memcmp(m->fb.data + w->fold, s, n);
}

static bool word_in(const hr_matcher *m, uint32_t i, const char *const *list)
{
    for (; *list; list++)
        if (is_word(m, i, *list))
            return true;
    return false;
}

/* Places named like a month or a weekday ("in May") are not places. */
static const char *const CALENDAR[] = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", NULL};

static const char *const LOCATIVE[] = {
    "in", "at", "near", "inside", "outside", "around", "across", "throughout",
    "within", "into", "toward", "towards", "via", "through", "outskirts",
    "visit", "visited", "visiting", "visits", "entered", "captured", "shelled",
    "liberated", "occupied", "recaptured", "bombed", "hit", NULL};
static const char *const MOTION[] = {
    "travel", "travelled", "traveled", "travels", "travelling", "traveling",
    "arrive", "arrived", "arrives", "arriving", "fly", "flew", "flown",
    "return", "returned", "returning", "go", "went", "gone", "come", "came",
    "head", "headed", "move", "moved", "flee", "fled", "fleeing", "driven",
    "evacuated", "deported", "road", "route", "way", "trip", "flight", NULL};

/* The word before span [w0..]: skipping "the". UINT32_MAX if none. */
static uint32_t before(const hr_matcher *m, uint32_t w0)
{
    if (w0 == 0)
        return UINT32_MAX;
    uint32_t p = w0 - 1;
    if ((m->w[p].flags & HR_W_THE) && p > 0)
        p--;
    return (m->w[p].flags & HR_W_BREAK) ? UINT32_MAX : p;
}

/* Is the span at [w0..] in a locative position? `city`: "of" counts too. */
static bool locative(const hr_matcher *m, uint32_t w0, bool city)
{
    uint32_t p = before(m, w0);
    if (p == UINT32_MAX)
        return false;
    if (word_in(m, p, LOCATIVE))
        return true;
    if (city && is_word(m, p, "of"))
        return true;
    if ((is_word(m, p, "to") || is_word(m, p, "from")) && p > 0 &&
        word_in(m, p - 1, MOTION))
        return true;
    return false;
}

static const hr_place *place_at(const hr_matcher *m, uint32_t i)
{
    return &m->d->places[m->pl[i]];
}

/* How likely a place is the one meant: log10 of its population (a
 * country, whose row carries none, counts as 10 million), plus up to 2 for
 * its country's share of the document's mentions (share in [0, 1]); on a
 * tie a country over a city over a region ("Kharkiv" is the city more
 * often than the oblast). One rule for sentences, documents and lookups. */
static double place_score(const hr_place *p, double share)
{
    double pop = (double)p->population;
    if (p->kind == HR_PLACE_COUNTRY && pop < 1e7)
        pop = 1e7;
    int rank = p->kind == HR_PLACE_COUNTRY ? 2 : p->kind == HR_PLACE_CITY ? 1 : 0;
    return log10(pop + 10) + 2.0 * share + rank * 0.01;
}

/* The likeliest of a candidate's places with no other evidence. */
static uint32_t pick_place(const hr_matcher *m, const cand *c)
{
    uint32_t best = c->places;
    double bs = -1;
    for (uint32_t k = c->places; k < c->places + c->n_places; k++) {
        double sc = place_score(place_at(m, k), 0);
        if (sc > bs) {
            bs = sc;
            best = k;
        }
    }
    return best;
}

/* A code of one country or region unit: what agents take their country
 * from. */
static bool bare_country(const hr_matcher *m, const char *code)
{
    if (!code || strlen(code) != 3)
        return false;
    enum hr_unit_kind k = hr_dict_unit_kind(m->d, code);
    return k == HR_UNIT_COUNTRY || k == HR_UNIT_REGION ||
           k == HR_UNIT_NONE;   /* foreign dictionaries declare no units */
}

/* A candidate agents take their country from: a country or region code;
 * from a foreign dictionary (whose codes Herald does not know), any
 * one-unit code ("ARNOR_ [ARN]"). */
static bool country_cand(const hr_matcher *m, const cand *c)
{
    if (bare_country(m, c->code_buf))
        return true;
    return c->entry >= 0 && (m->d->entries[c->entry].eflags & HR_EF_NOCHECK) &&
           strlen(c->code_buf) == 3 && !strchr(c->code_buf, '/') && c->code_buf[0] != '~';
}

/* Words around a capital that make it the government (metonym_is_place). */
static const char *const AUXILIARY[] = {
    "has", "have", "had", "is", "was", "were", "are", "will", "would", "could",
    "should", "may", "might", "must", "can", "did", "does", "do", "not", "also",
    "again", "then", "still", "now", "already", "never", "officially", "firmly",
    "reportedly", "publicly", "immediately", "itself", "too", "once", "yet",
    NULL};
static const char *const GOV_VERB[] = {
    "say", "says", "said", "tell", "tells", "told", "warn", "warns", "deny",
    "denies", "reject", "rejects", "respond", "responds", "announce",
    "announces", "agree", "agrees", "accuse", "accuses", "claim", "claims",
    "insist", "insists", "call", "calls", "urge", "urges", "demand", "demands",
    "threaten", "threatens", "condemn", "condemns", "welcome", "welcomes",
    "protest", "protests", "refuse", "refuses", "sign", "signs", "launch",
    "launches", "attack", "attacks", "shell", "shells", "strike", "strikes",
    "struck", "fire", "fires", "want", "wants", "hope", "hopes", "see", "sees",
    "saw", "consider", "considers", "believe", "believes", "stress",
    "stresses", "report", "reports", "confirm", "confirms", "declare",
    "declares", "blame", "blames", "dismiss", "dismisses", "expect",
    "expects", "plan", "plans", "intend", "intends", "decide", "decides",
    "approve", "approves", "recognize", "recognizes", "recognise",
    "recognises", "send", "sends", "sent", "deploy", "deploys", "withdraw",
    "withdraws", "withdrew", "support", "supports", "back", "backs", "oppose",
    "opposes", "offer", "offers", "propose", "proposes", "ask", "asks",
    "invite", "invites", "seek", "seeks", "sought", "argue", "argues",
    "maintain", "maintains", "vow", "vows", "pledge", "pledges", "promise",
    "promises", "order", "orders", "ban", "bans", "impose", "imposes",
    "expel", "expels", "recall", "recalls", "summon", "summons", "take",
    "takes", "took", "give", "gives", "gave", "make", "makes", "made",
    "keep", "keeps", "kept", "regard", "regards", "view", "views", "hold",
    "holds", "held", "seem", "seems", "appear", "appears", "need", "needs",
    "must", "continue", "continues", "remain", "remains", NULL};
static const char *const GOV_NOUN[] = {
    "position", "stance", "response", "reaction", "decision", "policy",
    "claim", "claims", "demand", "demands", "proposal", "plan", "plans",
    "forces", "troops", "army", "officials", "envoy", "ally", "allies",
    "support", "refusal", "offer", "accusation", "accusations", "statement",
    "move", "actions", "aggression", "refusal", "approach", "stance",
    "leadership", "attempts", "attempt", "efforts", "demands", "terms",
    "narrative", "version", "view", "intentions", "goal", "goals",
    "initiative", "request", "behest", "invitation", "insistence", "urging",
    "suggestion", "mediation", "consent", "approval", "orders", "order", NULL};

static const char *const FUNCTION_WORD[] = {
    "with", "on", "to", "from", "for", "over", "about", "against", "after",
    "before", "since", "during", "and", "or", "but", "as", "that", "which",
    "who", "while", "because", "if", "than", "by", "of", "amid", "despite",
    "under", "without", "until", "unless", "whether", "nor", "so", NULL};

/* Is the capital at candidate c the city rather than its government?
 * The government when it acts ("Baku said", "Moscow has repeatedly
 * warned", "Baku and Yerevan agreed"), owns a government's stance
 * ("Moscow's position", "at Moscow's initiative") or is the object of a
 * verb or preposition ("blamed Belgrade", "talks with Baku"); the city
 * after a locative word ("in Baku", "flew to Baku"), after "the" ("the
 * Minsk Group"), joined by a hyphen ("Baku-based") or before a noun it
 * qualifies ("Baku residents", "Moscow time", "Baku's airport"). */
static bool metonym_is_place(const hr_matcher *m, const char *text, const cand *c,
                             bool city)
{
    uint32_t j = c->w1 + 1;
    if (m->w[c->w1].flags & HR_W_POSS)
        return !(j < m->nw && word_in(m, j, GOV_NOUN));
    if (locative(m, c->w0, city) ||
        (c->w0 > 0 && (m->w[c->w0 - 1].flags & HR_W_THE)))
        return true;
    /* "Baku and Yerevan agreed": over the other capitalized names */
    if (j + 1 < m->nw && (is_word(m, j, "and") || is_word(m, j, "or")) &&
        (m->w[j + 1].cls == HR_CLS_CAP || m->w[j + 1].cls == HR_CLS_UPPER)) {
        j++;
        for (unsigned k = 0; k < 4 && j < m->nw &&
             (m->w[j].cls == HR_CLS_CAP || m->w[j].cls == HR_CLS_UPPER); k++)
            j++;
    }
    if (j >= m->nw || (m->w[j].flags & HR_W_BREAK))
        return false;
    bool hyphen = false;
    for (uint32_t b = m->w[j - 1].end; b < m->w[j].start; b++)
        hyphen |= text[b] == '-';
    if (hyphen)
        return true;
    if (m->w[j].cls != HR_CLS_LOWER || word_in(m, j, FUNCTION_WORD))
        return false;
    for (unsigned k = 0; k < 3 && j < m->nw; k++) {
        const hr_word *w = &m->w[j];
        bool ly = w->flen > 3 && !memcmp(m->fb.data + w->fold + w->flen - 2, "ly", 2);
        if (!word_in(m, j, AUXILIARY) && !ly)
            break;
        j++;
    }
    if (j >= m->nw || (m->w[j].flags & HR_W_BREAK))
        return false;
    if (word_in(m, j, GOV_VERB))
        return false;
    const hr_word *w = &m->w[j];
    bool past = w->flen > 4 && !memcmp(m->fb.data + w->fold + w->flen - 2, "ed", 2);
    return !past;
}

/* Decides actor vs place and weak places for one candidate. */
static void decide(hr_matcher *m, const char *text, cand *c)
{
    const hr_dict *d = m->d;
    if (c->drop)
        return;
    bool has_actor = c->entry >= 0;
    if (c->n_places) {
        const hr_place *p = place_at(m, pick_place(m, c));
        bool countryish = has_actor && bare_country(m, c->code->code);
        bool metonym = has_actor && (d->entries[c->entry].eflags & HR_EF_PLACE);
        if (!has_actor) {
            c->is_place = true;
        } else if (metonym || countryish) {
            /* "the Minsk Group", "the Bishkek Protocol": a capital after
             * "the" names a place or a thing, not its government */
            c->is_place = metonym ? metonym_is_place(m, text, c, p->kind == HR_PLACE_CITY)
                                  : locative(m, c->w0, false);
            if (!c->is_place)
                c->n_places = metonym ? c->n_places : 0;   /* keep for output */
        } else {
            c->n_places = 0;          /* a person, an organisation */
        }
        if (c->is_place && c->w0 == c->w1 && word_in(m, c->w0, CALENDAR)) {
            c->is_place = false;
            c->n_places = 0;
            if (!has_actor) {
                c->drop = true;
                return;
            }
        }
        if (c->is_place) {
            bool loc = locative(m, c->w0, false);   /* "of" is no evidence */
            bool common = false, strong = false;
            for (uint32_t k = c->places; k < c->places + c->n_places; k++) {
                const hr_place *q = place_at(m, k);
                common |= (d->place_flags[m->pl[k]] & HR_PF_COMMON_WORD) != 0;
                strong |= q->population >= STRONG_POPULATION || q->kind != HR_PLACE_CITY;
            }
            if (common && !loc)
                c->drop = true;
            else if (!loc && !strong && c->w1 == c->w0)
                c->weak = true;
        }
    }
    if (c->is_place) {
        c->kind = HR_MATCH_PLACE;
        return;
    }
    if (!has_actor) {
        c->drop = true;
        return;
    }
    const hr_entry *e = &d->entries[c->entry];
    c->kind = e->kind == HR_ENT_AGENT ? HR_MATCH_AGENT : HR_MATCH_ACTOR;
    snprintf(c->code_buf, sizeof c->code_buf, "%s", c->code->code);
    size_t cl = strlen(c->code_buf);
    if (cl > 1 && c->code_buf[cl - 1] == '~')
        c->kind = HR_MATCH_AGENT;      /* a prefix agent (PETRARCH's NGO~) */
    c->mflags = c->cflags | (c->n_places ? HR_MF_METONYM : 0);
}

static bool adjacent(const hr_matcher *m, uint32_t a_last, uint32_t b_first)
{
    (void)m;
    return a_last + 1 == b_first;
}

/* "former" or "ex" at word i (the hyphen splits "ex-minister"). */
static bool is_former(const hr_matcher *m, uint32_t i)
{
    return !(m->w[i].flags & HR_W_BREAK) && (is_word(m, i, "former") || is_word(m, i, "ex"));
}

/* An agent whose code is a prefix ("MSF [NGO~]") joins the country right
 * before or after it into one actor: "MSF Arnor" -> NGOARN, which takes a
 * role after it like a country ("an MSF Arnor diplomat" -> NGOARNGOV).
 * Alone it is an actor with the bare prefix (NGO). Returns true when it
 * took prev. */
static bool prefix_agent(hr_matcher *m, cand *a, cand *prev, cand *next)
{
    size_t pl = strlen(a->code_buf) - 1;
    a->code_buf[pl] = '\0';
    a->kind = HR_MATCH_ACTOR;
    cand *cty = NULL;
    bool took_prev = false;
    if (next && next->kind == HR_MATCH_ACTOR && country_cand(m, next) &&
        adjacent(m, a->w1, next->w0)) {
        cty = next;
        a->w1 = next->w1;
    } else if (prev && !prev->drop && prev->kind == HR_MATCH_ACTOR &&
               country_cand(m, prev) && adjacent(m, prev->w1, a->w0)) {
        cty = prev;
        a->w0 = prev->w0;
        took_prev = true;
    }
    if (!cty)
        return false;
    size_t cl = strlen(cty->code_buf);
    if (pl + cl < sizeof a->code_buf)
        memcpy(a->code_buf + pl, cty->code_buf, cl + 1);
    cty->drop = true;
    a->prefixed = true;
    return took_prev;
}

/* Does another actor follow candidate a within two words ("Arnor, Gondor",
 * "Arnor and Gondor")? Then "the ambassadors of Arnor, ..." is left to the
 * coder, which gives the agent to each actor of the list. */
static bool list_follows(const hr_matcher *m, const cand *a)
{
    for (const cand *k = a + 1; k < m->c + m->nc; k++)
        if (!k->drop)
            return k->kind == HR_MATCH_ACTOR && k->w0 > a->w1 && k->w0 <= a->w1 + 3 &&
                   (is_word(m, a->w1 + 1, "and") || is_word(m, a->w1 + 1, "or") ||
                    (m->w[a->w1 + 1].flags & HR_W_BREAK));
    return false;
}

/* Agents take a country; titles merge into the person after them. */
static void agents(hr_matcher *m)
{
    cand *c = m->c;
    /* "Armenian Prime Minister Nikol Pashinyan": the country's adjective
     * before a named person of that country is part of the name */
    for (size_t i = 0; i + 1 < m->nc; i++)
        if (!c[i].drop && !c[i + 1].drop && c[i].kind == HR_MATCH_ACTOR &&
            c[i + 1].kind == HR_MATCH_ACTOR && country_cand(m, &c[i]) &&
            strlen(c[i + 1].code_buf) > 3 && !memcmp(c[i].code_buf, c[i + 1].code_buf, 3) &&
            adjacent(m, c[i].w1, c[i + 1].w0) && !(m->w[c[i].w1].flags & HR_W_POSS)) {
            c[i + 1].w0 = c[i].w0;
            c[i].drop = true;
        }
    /* the candidates kept so far, latest on top: the agent's left
     * neighbour without walking back over dropped ones */
    size_t *kept = m->kept, nk = 0;
    for (size_t i = 0; i < m->nc; i++) {
        if (c[i].drop)
            continue;
        if (c[i].kind != HR_MATCH_AGENT) {
            kept[nk++] = i;
            continue;
        }
        cand *prev = nk ? &c[kept[nk - 1]] : NULL;
        cand *next = NULL;
        for (size_t k = i + 1; k < m->nc; k++)
            if (!c[k].drop) {
                next = &c[k];
                break;
            }
        size_t cl = strlen(c[i].code_buf);
        if (cl > 1 && c[i].code_buf[cl - 1] == '~') {
            if (prefix_agent(m, &c[i], prev, next) && prev && prev->drop)
                nk--;
            if (!c[i].drop)
                kept[nk++] = i;
            continue;
        }
        char role[sizeof c[i].code_buf];              /* after '~' */
        snprintf(role, sizeof role, "%s", c[i].code_buf + 1);
        /* "former officials", "Arnor former security officials": elites
         * (CAMEO's ELI) whatever office they held */
        uint32_t lead = c[i].w0;
        bool gap = prev && prev->w1 + 2 == c[i].w0 && is_former(m, c[i].w0 - 1);
        if (prev && (adjacent(m, prev->w1, c[i].w0) || gap))
            lead = prev->w0;
        if ((lead > 0 && is_former(m, lead - 1)) || gap ||
            (c[i].w0 > 0 && is_former(m, c[i].w0 - 1)))
            snprintf(role, sizeof role, "ELI");
        char country[sizeof c[i].code_buf] = "";
        uint32_t w0 = c[i].w0, w1 = c[i].w1;
        if (prev && prev->kind == HR_MATCH_ACTOR &&
            (country_cand(m, prev) || prev->prefixed) &&
            (adjacent(m, prev->w1, c[i].w0) || gap)) {
            snprintf(country, sizeof country, "%s", prev->code_buf);
            w0 = prev->w0;
            prev->drop = true;
            nk--;
        } else if (next && next->kind == HR_MATCH_ACTOR && country_cand(m, next) &&
                   !list_follows(m, next) &&
                   next->w0 >= c[i].w1 + 2 && next->w0 <= c[i].w1 + 3 &&
                   is_word(m, c[i].w1 + 1, "of") &&
                   (next->w0 == c[i].w1 + 2 || (m->w[c[i].w1 + 2].flags & HR_W_THE))) {
            snprintf(country, sizeof country, "%s", next->code_buf);
            w1 = next->w1;
            next->drop = true;
        }
        c[i].w0 = w0;
        c[i].w1 = w1;
        if (country[0])
            snprintf(c[i].code_buf, sizeof c[i].code_buf, "%s%s", country, role);
        else if (role[0]) {
            memmove(c[i].code_buf, role, strlen(role) + 1);
            c[i].mflags |= HR_MF_AGENT_ALONE;
        } else {
            c[i].drop = true;           /* "the side" with no country */
            continue;
        }
        /* a title before a named person: "Russian President Vladimir Putin" */
        next = NULL;
        for (size_t k = i + 1; k < m->nc; k++)
            if (!c[k].drop) {
                next = &c[k];
                break;
            }
        if (next && next->kind == HR_MATCH_ACTOR && adjacent(m, c[i].w1, next->w0) &&
            strlen(next->code_buf) > 3 &&
            (!country[0] || !memcmp(next->code_buf, country, 3))) {
            next->w0 = c[i].w0;
            c[i].drop = true;
        }
        if (!c[i].drop)
            kept[nk++] = i;
    }
}

static void match_words(hr_matcher *m, const char *text, const hr_date *date)
{
    bool have_day = date && date->year > 0;
    int32_t day = 0;
    if (have_day)
        day = hr_days_from_civil(date->year, date->month > 0 ? date->month : 7,
                                 date->day > 0 ? date->day : (date->month > 0 ? 15 : 1));
    m->nc = 0;
    m->npl = 0;
    m->discard = HR_DISCARD_NONE;
    for (uint32_t i = 0; i < m->nw;) {
        cand c;
        if (!(m->w[i].flags & HR_W_BREAK) && walk(m, text, i, have_day, day, &c)) {
            if (!push_cand(m, &c))
                break;                  /* out of memory: what was found */
            i = c.w1 + 1;
        } else {
            i++;
        }
    }
    for (size_t i = 0; i < m->nc; i++)
        decide(m, text, &m->c[i]);
    agents(m);
}

/* The days over which entry e holds an office: the hull of its dated
 * ranges other than ELI (the years after office). The resolve stage bounds
 * an undated article's year with it, on the view that a person is named
 * with an office they held; the code given does not matter, as an undated
 * article gets the latest range, often ELI. */
static void held_range(const hr_dict *d, const hr_entry *e, const hr_dcode *given,
                       hr_match *o)
{
    (void)given;
    int32_t lo = HR_DAY_MAX, hi = HR_DAY_MIN;
    for (uint32_t k = 0; k < e->n_codes; k++) {
        const hr_dcode *dc = &d->codes[e->codes + k];
        size_t n = strlen(dc->code);
        if ((dc->from == HR_DAY_MIN && dc->to == HR_DAY_MAX) ||
            (n >= 3 && !strcmp(dc->code + n - 3, "ELI")))
            continue;
        if (dc->from < lo)
            lo = dc->from;
        if (dc->to > hi)
            hi = dc->to;
    }
    if (lo == HR_DAY_MAX)
        return;                 /* no dated office */
    o->held_from = lo;
    o->held_to = hi;
}

static void to_match(const hr_matcher *m, const cand *c, hr_match *o)
{
    memset(o, 0, sizeof *o);
    uint32_t w0 = c->w0;
    if (w0 > 0 && (m->w[w0 - 1].flags & HR_W_THE))
        w0--;
    o->span.start = m->w[w0].start;
    o->span.end = m->w[c->w1].end;
    o->kind = c->kind;
    o->flags = c->mflags;
    if (c->kind == HR_MATCH_PLACE || (c->mflags & HR_MF_METONYM)) {
        uint32_t k = pick_place(m, c);
        o->place = place_at(m, k);
        if (c->n_places > 1)
            o->flags |= HR_MF_AMBIGUOUS;
    }
    if (c->kind == HR_MATCH_PLACE) {
        o->name = o->place->name;
        snprintf(o->code, sizeof o->code, "%s", o->place->country);
    } else {
        const hr_entry *e = &m->d->entries[c->entry];
        o->name = e->name;
        o->source = e->source;
        snprintf(o->code, sizeof o->code, "%s", c->code_buf);
        held_range(m->d, e, c->code, o);
    }
}

static bool words_of_sentence(hr_matcher *m, const char *text, const hr_sentence *s)
{
    m->nw = 0;
    m->fb.len = 0;
    for (size_t t = 0; t < s->n_tokens; t++)
        if (!hr_words_split(text, s->tokens[t].start, s->tokens[t].end, &m->w,
                            &m->nw, &m->wcap, &m->fb))
            return false;
    return true;
}

static size_t emit(hr_matcher *m, bool keep_weak)
{
    m->nout = 0;
    for (size_t i = 0; i < m->nc; i++) {
        const cand *c = &m->c[i];
        if (c->drop || (c->weak && !keep_weak))
            continue;
        if (m->nout == m->outcap) {
            size_t n = m->outcap ? m->outcap * 2 : 32;
            hr_match *no = realloc(m->out, n * sizeof *no);
            if (!no)
                break;
            m->out = no;
            m->outcap = n;
        }
        to_match(m, c, &m->out[m->nout++]);
    }
    return m->nout;
}

size_t hr_match_sentence(hr_matcher *m, const char *text, const hr_sentence *s,
                         const hr_date *date, const hr_match **out)
{
    if (!words_of_sentence(m, text, s)) {
        *out = NULL;
        return 0;
    }
    match_words(m, text, date);
    size_t n = emit(m, false);
    *out = m->out;
    return n;
}

size_t hr_dict_lookup(hr_matcher *m, const char *name, const hr_date *date,
                      const hr_match **out)
{
    m->nw = 0;
    m->fb.len = 0;
    size_t len = strlen(name);
    if (len > UINT32_MAX / 2 ||
        !hr_words_split(name, 0, (uint32_t)len, &m->w, &m->nw, &m->wcap, &m->fb)) {
        *out = NULL;
        return 0;
    }
    match_words(m, name, date);
    size_t n = emit(m, true);
    *out = m->out;
    return n;
}

/* ---- documents -------------------------------------------------------------- */

typedef struct country_count {
    char code[4];
    uint32_t n;
} country_count;

static void count_country(const hr_dict *d, country_count *cc, size_t *ncc, size_t cap,
                          const char *code)
{
    if (!code || strlen(code) < 3 || hr_dict_unit_kind(d, code) != HR_UNIT_COUNTRY)
        return;
    for (size_t i = 0; i < *ncc; i++)
        if (!memcmp(cc[i].code, code, 3)) {
            cc[i].n++;
            return;
        }
    if (*ncc < cap) {
        memcpy(cc[*ncc].code, code, 3);
        cc[*ncc].code[3] = '\0';
        cc[(*ncc)++].n = 1;
    }
}

/* Letters and digits of s[0, n), lower case, into out (cap bytes). */
static size_t fold_alnum(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < cap; i++)
        if (hr_fold[(unsigned char)s[i]])
            out[k++] = (char)hr_fold[(unsigned char)s[i]];
    return k;
}

/* Is the match the document's outlet, or the start of its name ("Ararat"
 * of "Ararat Daily reports", the outlet being "Ararat Daily" or
 * "araratdaily.am")? Outlets are cited, not actors or places. */
static bool outlet_at(const hr_document *doc, uint32_t para, const hr_match *o)
{
    if (!doc->outlet)
        return false;
    const char *out = doc->outlet;
    size_t ol = strlen(out);
    if (!strchr(out, ' ') && strchr(out, '.'))
        ol = (size_t)(strchr(out, '.') - out);      /* a domain: its first label */
    char of[128], mf[160];
    size_t ofl = fold_alnum(out, ol, of, sizeof of);
    const hr_paragraph *p = &doc->paragraphs[para];
    size_t at = o->span.start, end = o->span.end;
    if (end - at > 4 && !strncasecmp(p->text + at, "the ", 4))
        at += 4;
    size_t mfl = fold_alnum(p->text + at, end - at, mf, sizeof mf);
    if (mfl == 0 || ofl < mfl || ofl >= sizeof of)
        return false;
    /* the match and the words after it must spell the whole outlet */
    size_t e = end;
    for (unsigned k = 0; k < 6 && mfl < ofl; k++) {
        while (e < p->len && p->text[e] == ' ')
            e++;
        size_t w = e;
        while (w < p->len && p->text[w] != ' ')
            w++;
        size_t add = fold_alnum(p->text + e, w - e, mf + mfl, sizeof mf - mfl);
        if (add == 0)
            return false;                  /* punctuation: the name ended */
        mfl += add;
        e = w;
    }
    return mfl == ofl && !memcmp(of, mf, mfl);
}

size_t hr_match_document(hr_matcher *m, const hr_document *doc, hr_splitter *sp,
                         const hr_match **out, const uint32_t **para_of)
{
    m->ndout = 0;
    /* per match: its candidate's places, copied, for the second pass */
    uint32_t *dpl = NULL;
    size_t ndpl = 0, dplcap = 0;
    uint32_t sentence = 0;
    for (size_t p = 0; p < doc->n_paragraphs; p++) {
        const hr_paragraph *para = &doc->paragraphs[p];
        if (para->kind == HR_PARA_BOILERPLATE)
            continue;
        const hr_sentence *ss;
        size_t ns = hr_split_paragraph(sp, doc, p, &ss);
        for (size_t si = 0; si < ns; si++, sentence++) {
            if (!words_of_sentence(m, para->text, &ss[si]))
                continue;
            match_words(m, para->text, &doc->date);
            for (size_t i = 0; i < m->nc; i++) {
                const cand *c = &m->c[i];
                if (c->drop)
                    continue;
                if (m->ndout == m->doutcap) {
                    size_t n = m->doutcap ? m->doutcap * 2 : 64;
                    hr_match *no = realloc(m->dout, n * sizeof *no);
                    if (no) m->dout = no;
                    uint32_t *np = realloc(m->dpara, n * sizeof *np);
                    if (np) m->dpara = np;
                    cand *nc = realloc(m->dc, n * sizeof *nc);
                    if (nc) m->dc = nc;
                    if (!no || !np || !nc)
                        goto done;              /* out of memory: what was found */
                    m->doutcap = n;
                }
                /* its places move to the document's list */
                if (ndpl + c->n_places > dplcap) {
                    size_t n = dplcap ? dplcap * 2 : 256;
                    while (n < ndpl + c->n_places)
                        n *= 2;
                    uint32_t *q = realloc(dpl, n * sizeof *q);
                    if (!q)
                        goto done;
                    dpl = q;
                    dplcap = n;
                }
                to_match(m, c, &m->dout[m->ndout]);
                m->dout[m->ndout].sentence = sentence;
                m->dpara[m->ndout] = (uint32_t)p;
                cand cc = *c;
                if (c->n_places)
                    memcpy(dpl + ndpl, m->pl + c->places, c->n_places * sizeof *dpl);
                cc.places = (uint32_t)ndpl;
                ndpl += c->n_places;
                m->dc[m->ndout++] = cc;
            }
        }
    }
done:;
    /* the countries the document names, strongly */
    country_count cc[64];
    size_t ncc = 0;
    for (size_t i = 0; i < m->ndout; i++) {
        const hr_match *o = &m->dout[i];
        if (o->kind != HR_MATCH_PLACE)
            count_country(m->d, cc, &ncc, 64, o->code);
        else if (!m->dc[i].weak && m->dc[i].n_places == 1)
            count_country(m->d, cc, &ncc, 64, o->code);
    }
    uint32_t max_count = 0;
    for (size_t j = 0; j < ncc; j++)
        max_count = HR_MAX(max_count, cc[j].n);
    /* resolve ambiguous and weak places by them */
    uint32_t *saved_pl = m->pl;
    m->pl = dpl;
    size_t keep = 0;
    for (size_t i = 0; i < m->ndout; i++) {
        cand *c = &m->dc[i];
        hr_match *o = &m->dout[i];
        if (c->n_places && (o->kind == HR_MATCH_PLACE || (o->flags & HR_MF_METONYM))) {
            /* each candidate scores by place_score with its country's
             * share of the document's mentions: Tripoli in an article
             * about Lebanon is Lebanon's; Geneva in a Karabakh article
             * that names the United States twice is still Switzerland's
             * (in one that names only the United States it is not) */
            uint32_t k = c->places, plain = pick_place(m, c);
            double best = -1;
            bool weak_ok = false;
            for (uint32_t q = c->places; q < c->places + c->n_places; q++) {
                const hr_place *pq = place_at(m, q);
                uint32_t n = 0;
                for (size_t j = 0; j < ncc; j++)
                    if (!strcmp(cc[j].code, pq->country))
                        n = cc[j].n;
                weak_ok |= max_count && n * 4 >= max_count;
                double sc = place_score(pq, max_count ? (double)n / max_count : 0);
                if (sc > best) {
                    best = sc;
                    k = q;
                }
            }
            if (c->weak && !weak_ok)
                continue;                          /* dropped */
            o->place = place_at(m, k);
            if (k != plain)
                o->flags |= HR_MF_DOC_COUNTRY;
            if (o->kind == HR_MATCH_PLACE) {
                o->name = o->place->name;
                snprintf(o->code, sizeof o->code, "%s", o->place->country);
            }
        }
        if (outlet_at(doc, m->dpara[i], o))
            continue;              /* "Ararat Daily reports": the outlet */
        m->dout[keep] = *o;
        m->dpara[keep] = m->dpara[i];
        keep++;
    }
    m->pl = saved_pl;
    free(dpl);
    m->ndout = keep;
    *out = m->dout;
    if (para_of)
        *para_of = m->dpara;
    return keep;
}
