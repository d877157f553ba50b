/*
 * split.c - paragraphs into sentences and tokens.
 *
 * Two passes over a paragraph. The tokenizer walks the bytes once (a byte
 * class table; SSE2 finds the end of a word 16 bytes at a time) and writes
 * token spans plus a one-byte kind per token; only a word followed by a
 * period costs more: a hash probe decides whether the period belongs to it
 * ("Mr." "U.S." "Nov."). The boundary pass then steps over the kinds and
 * looks closely only at the few tokens around . ! ? and ellipses. Arrays
 * belong to the splitter and are reused: once they are large enough, a
 * paragraph costs no allocation.
 *
 * A sentence ends at . ! ? or an ellipsis, with the closing quotes and
 * brackets glued to it, when a space and then a capital, a digit, an
 * opening quote or bracket follow, and:
 *  - not after an abbreviation of data/abbreviations.txt that never ends
 *    one (Mr. Gen. ed.); after one that may (Inc. Nov.), an initialism
 *    (U.S.) or an initial (J.), only when a common sentence starter
 *    follows ("the U.S. The next day");
 *  - not inside square brackets opened mid-sentence (an editor's note);
 *  - not after a list number ("1. The first point").
 * A blank line always ends one. Without a space nothing ends ("Nov.13").
 *
 * UTF-8: any byte >= 0x80 is part of a word except for the punctuation and
 * space code points listed in mb_punct(). Invalid sequences are therefore
 * just word bytes: nothing is decoded on the hot path, and the case of a
 * letter (utf8proc) is asked only for the word after a sentence end.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* build/gen/abbrev.c, generated from data/abbreviations.txt. */
extern const char *const hr_abbreviations[];
extern const size_t hr_abbreviations_count;

/* ---- token kinds ------------------------------------------------------ */

enum {
    /* Tokens the boundary pass steps over. */
    TK_WORD = 0,
    TK_DASH,
    TK_OTHER,
    TK_QOPEN,
    TK_QCLOSE,
    TK_QAMBIG,       /* " and ': which way is decided by the spaces */
    TK_BROPEN,       /* ( { */
    TK_BRCLOSE,      /* ) } */
    /* Tokens it looks at. */
    TK_SQOPEN,       /* [ */
    TK_SQCLOSE,      /* ] */
    TK_ABBR_NEVER,   /* a word with its period: never ends a sentence */
    TK_ABBR_END,     /* ends one only before a sentence starter */
    TK_ABBR_NORMAL,  /* ends one like a plain period */
    TK_PERIOD,
    TK_ELLIPSIS,     /* "..." or U+2026 */
    TK_QE,           /* a run of ? and ! */
    TK_FIRST_HOT = TK_SQOPEN,
    TK_KIND = 0x1f,
    TK_SPACE = 0x20, /* whitespace between this token and the one before */
    TK_BREAK = 0x40  /* a blank line before it: a sentence ends there */
};

/* Abbreviation classes, as in data/abbreviations.txt. */
enum { AB_NONE = 0, AB_NEVER, AB_END, AB_NORMAL };

/* ---- byte classes ------------------------------------------------------ */

enum {
    C_WORD = 0,   /* letters, digits, '_', bytes >= 0x80 of other scripts */
    /* Joiners: may continue a word ("3.5", "don't", "1,000"). */
    C_MB,         /* lead byte of a code point that may be punctuation */
    C_DOT,
    C_NUMSEP,     /* , and : inside numbers (1,000 12:34) */
    C_APOS,
    C_HYPHEN,
    C_LAST_JOIN = C_HYPHEN,
    C_SPACE,
    C_NL,
    C_QE,
    C_DQUOTE,
    C_OPEN,
    C_CLOSE,
    C_PUNCT       /* a one-byte token: ; / % & ... */
};

/* Multi-byte punctuation kinds (mb_punct). */
enum { MB_SPACE = 100, MB_APOS, MB_HYPHEN };

/* ---- a small set of short strings --------------------------------------- */

typedef struct wset_slot {
    const char *s;      /* points into a static table; NULL = empty */
    uint8_t len;
    uint8_t val;
} wset_slot;

typedef struct wset {
    wset_slot *slots;
    uint32_t mask;
} wset;

#define WSET_MAXLEN 24

static uint32_t wset_hash(const unsigned char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 16777619u;
    return h;
}

static bool wset_init(wset *w, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n + 2)
        cap *= 2;
    w->slots = calloc(cap, sizeof *w->slots);
    w->mask = (uint32_t)cap - 1;
    return w->slots != NULL;
}

/* Later entries win, so a duplicate in the data file is harmless. */
static void wset_put(wset *w, const char *s, size_t n, uint8_t val)
{
    if (n == 0 || n > WSET_MAXLEN)
        return;
    uint32_t i = wset_hash((const unsigned char *)s, n) & w->mask;
    while (w->slots[i].s) {
        if (w->slots[i].len == n && memcmp(w->slots[i].s, s, n) == 0)
            break;
        i = (i + 1) & w->mask;
    }
    w->slots[i].s = s;
    w->slots[i].len = (uint8_t)n;
    w->slots[i].val = val;
}

static uint8_t wset_get(const wset *w, const unsigned char *s, size_t n)
{
    if (n == 0 || n > WSET_MAXLEN)
        return 0;
    uint32_t i = wset_hash(s, n) & w->mask;
    while (w->slots[i].s) {
        if (w->slots[i].len == n && memcmp(w->slots[i].s, s, n) == 0)
            return w->slots[i].val;
        i = (i + 1) & w->mask;
    }
    return 0;
}

/* Words that begin sentences far more often than they follow an
 * initialism or an "end" abbreviation inside one: "the U.S. The next day"
 * ends a sentence, "the U.S. capital" does not. Function words and
 * auxiliaries only: a capitalized noun after "U.S." is usually part of a
 * name ("U.S. Army"). */
static const char *const starters[] = {
    "A", "About", "After", "Afterwards", "Again", "Also", "Although", "Among",
    "An", "And", "Another", "Any", "Anyway", "Are", "As", "At", "Because",
    "Before", "Both", "But", "By", "Can", "Could", "Despite", "Did", "Do",
    "Does", "During", "Each", "Earlier", "Either", "Even", "Every", "For",
    "From", "Furthermore", "Had", "Has", "Have", "He", "Her", "Here", "His",
    "How", "However", "I", "If", "In", "Indeed", "Instead", "Is", "It", "Its",
    "Last", "Later", "Let", "Meanwhile", "Moreover", "Most", "Much", "Must",
    "My", "Neither", "Nevertheless", "Next", "No", "Nonetheless", "Nor",
    "Not", "Now", "On", "Once", "One", "Or", "Other", "Others", "Our", "Over",
    "Overall", "Please", "She", "Should", "Since", "So", "Some", "Still",
    "Such", "Thank", "Thanks", "That", "The", "Their", "Then", "There",
    "These", "They", "This", "Those", "Though", "Thus", "To", "Today",
    "Under", "Unlike", "Until", "Was", "We", "Were", "What", "When", "Where",
    "Whether", "Which", "While", "Who", "Why", "Will", "With", "Would", "Yes",
    "Yesterday", "Yet", "You", "Your", NULL
};

/* ---- the splitter --------------------------------------------------------- */

struct hr_splitter {
    uint8_t cls[256];
    wset abbr;
    wset start;
    hr_span *toks;
    uint8_t *kinds;
    size_t cap_toks;
    hr_sentence *sents;
    size_t cap_sents;
};

static void init_classes(uint8_t *cls)
{
    memset(cls, C_PUNCT, 256);
    for (int c = 'a'; c <= 'z'; c++)
        cls[c] = C_WORD;
    for (int c = 'A'; c <= 'Z'; c++)
        cls[c] = C_WORD;
    for (int c = '0'; c <= '9'; c++)
        cls[c] = C_WORD;
    cls['_'] = C_WORD;
    for (int c = 0x80; c <= 0xff; c++)
        cls[c] = C_WORD;
    /* Leads of the code points mb_punct() knows. */
    cls[0xc2] = cls[0xe2] = cls[0xe3] = cls[0xef] = C_MB;
    /* Control characters separate words like spaces do. */
    for (int c = 0; c < 0x20; c++)
        cls[c] = C_SPACE;
    cls[0x7f] = C_SPACE;
    cls[' '] = C_SPACE;
    cls['\n'] = C_NL;
    cls['.'] = C_DOT;
    cls['?'] = cls['!'] = C_QE;
    cls['-'] = C_HYPHEN;
    cls['\''] = C_APOS;
    cls['"'] = C_DQUOTE;
    cls['('] = cls['['] = cls['{'] = C_OPEN;
    cls[')'] = cls[']'] = cls['}'] = C_CLOSE;
    cls[','] = cls[':'] = C_NUMSEP;
}

hr_splitter *hr_splitter_new(void)
{
    hr_splitter *sp = calloc(1, sizeof *sp);
    if (!sp)
        return NULL;
    init_classes(sp->cls);
    size_t n_start = 0;
    while (starters[n_start])
        n_start++;
    sp->cap_toks = 1024;
    sp->cap_sents = 64;
    sp->toks = malloc(sp->cap_toks * sizeof *sp->toks);
    sp->kinds = malloc(sp->cap_toks);
    sp->sents = malloc(sp->cap_sents * sizeof *sp->sents);
    if (!sp->toks || !sp->kinds || !sp->sents
        || !wset_init(&sp->abbr, hr_abbreviations_count)
        || !wset_init(&sp->start, n_start)) {
        hr_splitter_free(sp);
        return NULL;
    }
    for (size_t i = 0; i < n_start; i++)
        wset_put(&sp->start, starters[i], strlen(starters[i]), 1);
    /* "Inc end": the word, then its class (data/abbreviations.txt). */
    for (size_t i = 0; i < hr_abbreviations_count && hr_abbreviations[i]; i++) {
        const char *e = hr_abbreviations[i];
        const char *sp_at = strchr(e, ' ');
        size_t n = sp_at ? (size_t)(sp_at - e) : strlen(e);
        uint8_t val = AB_NEVER;
        if (sp_at && strcmp(sp_at + 1, "end") == 0)
            val = AB_END;
        else if (sp_at && strcmp(sp_at + 1, "normal") == 0)
            val = AB_NORMAL;
        wset_put(&sp->abbr, e, n, val);
    }
    return sp;
}

void hr_splitter_free(hr_splitter *sp)
{
    if (!sp)
        return;
    free(sp->abbr.slots);
    free(sp->start.slots);
    free(sp->toks);
    free(sp->kinds);
    free(sp->sents);
    free(sp);
}

static bool grow_tokens(hr_splitter *sp)
{
    size_t cap = sp->cap_toks * 2;
    hr_span *t = realloc(sp->toks, cap * sizeof *t);
    if (!t)
        return false;
    sp->toks = t;
    uint8_t *k = realloc(sp->kinds, cap);
    if (!k)
        return false;
    sp->kinds = k;
    sp->cap_toks = cap;
    return true;
}

static bool grow_sents(hr_splitter *sp)
{
    size_t cap = sp->cap_sents * 2;
    hr_sentence *s = realloc(sp->sents, cap * sizeof *s);
    if (!s)
        return false;
    sp->sents = s;
    sp->cap_sents = cap;
    return true;
}

/* ---- characters ------------------------------------------------------------ */

/* Known punctuation and space code points at p (whose first byte has class
 * C_MB). Returns their length and sets *kind (a TK_ or MB_ value), or 0
 * when the bytes are a letter (or invalid: then also part of a word). */
static size_t mb_punct(const unsigned char *p, size_t n, uint8_t *kind)
{
    if (n < 2)
        return 0;
    if (p[0] == 0xc2) {
        switch (p[1]) {
        case 0xa0: *kind = MB_SPACE; return 2;     /* no-break space */
        case 0xab: *kind = TK_QOPEN; return 2;     /* « */
        case 0xbb: *kind = TK_QCLOSE; return 2;    /* » */
        case 0xa1: case 0xbf: case 0xa7:           /* ¡ ¿ § */
            *kind = TK_OTHER; return 2;
        default: return 0;
        }
    }
    if (n < 3)
        return 0;
    if (p[0] == 0xe2 && p[1] == 0x80) {
        uint8_t c = p[2];
        if ((c >= 0x80 && c <= 0x8b) || c == 0x8e || c == 0x8f || c == 0xa8
            || c == 0xa9 || c == 0xaf) {
            *kind = MB_SPACE;   /* spaces, zero width space, LRM/RLM */
            return 3;
        }
        switch (c) {
        case 0x90: case 0x91: *kind = MB_HYPHEN; return 3;   /* ‐ ‑ */
        case 0x92: case 0x93: case 0x94: case 0x95:          /* ‒ – — ― */
            *kind = TK_DASH; return 3;
        case 0x98: case 0x9a: case 0x9b: case 0x9c: case 0x9e: case 0x9f:
        case 0xb9:                                           /* ‘ ‚ ‛ “ „ ‟ ‹ */
            *kind = TK_QOPEN; return 3;
        case 0x99: *kind = MB_APOS; return 3;                /* ’ */
        case 0x9d: case 0xba: *kind = TK_QCLOSE; return 3;   /* ” › */
        case 0xa2: case 0xa3: *kind = TK_OTHER; return 3;    /* • ‣ */
        case 0xa6: *kind = TK_ELLIPSIS; return 3;            /* … */
        default: return 0;
        }
    }
    if (p[0] == 0xe2 && p[1] == 0x81 && (p[2] == 0x9f || p[2] == 0xa0)) {
        *kind = MB_SPACE;   /* medium math space, word joiner */
        return 3;
    }
    if (p[0] == 0xe3 && p[1] == 0x80) {
        switch (p[2]) {
        case 0x80: *kind = MB_SPACE; return 3;               /* ideographic space */
        case 0x81: *kind = TK_OTHER; return 3;               /* 、 */
        case 0x82: *kind = TK_PERIOD; return 3;              /* 。 */
        case 0x8c: case 0x8e: *kind = TK_QOPEN; return 3;    /* 「 『 */
        case 0x8d: case 0x8f: *kind = TK_QCLOSE; return 3;   /* 」 』 */
        default: return 0;
        }
    }
    if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
        *kind = MB_SPACE;   /* a byte order mark inside the text */
        return 3;
    }
    return 0;
}

static inline bool is_digit(unsigned c) { return c - '0' < 10; }
static inline bool is_upper(unsigned c) { return c - 'A' < 26; }
static inline bool is_lower(unsigned c) { return c - 'a' < 26; }
static inline bool is_alpha(unsigned c) { return is_upper(c) || is_lower(c); }

/* A letter (of any script) starts at p[j]. */
static inline bool letter_at(const uint8_t *cls, const unsigned char *p,
                             size_t j, size_t n)
{
    if (j >= n)
        return false;
    unsigned c = p[j];
    if (c < 0x80)
        return is_alpha(c);
    uint8_t k;
    return cls[c] != C_MB || mb_punct(p + j, n - j, &k) == 0;
}

/* A letter or digit starts at p[j]. */
static inline bool wordch_at(const uint8_t *cls, const unsigned char *p,
                             size_t j, size_t n)
{
    return j < n && (is_digit(p[j]) || letter_at(cls, p, j, n));
}

/* The code point at p, or -1 if the bytes are not valid UTF-8. */
static int32_t decode(const unsigned char *p, size_t n, size_t *adv)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t r = utf8proc_iterate(p, (utf8proc_ssize_t)HR_MIN(n, 4), &cp);
    *adv = r > 0 ? (size_t)r : 1;
    return r > 0 ? cp : -1;
}

static bool cp_is_upper(int32_t cp)
{
    if (cp < 0)
        return false;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

/* Whether a word starting at p may open a sentence: a capital, a digit,
 * or a letter of a script without case (Arabic, CJK...). */
static bool starts_sentence(const unsigned char *p, size_t n)
{
    if (n == 0)
        return false;
    if (p[0] < 0x80)
        return is_upper(p[0]) || is_digit(p[0]);
    size_t adv;
    int32_t cp = decode(p, n, &adv);
    if (cp < 0)
        return false;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
        return true;
    default:
        return false;
    }
}

/* The first index >= i whose byte is not C_WORD (or n). Words are the bulk
 * of the text: SSE2 classifies 16 bytes at once, so the end of a word is
 * found without one branch per byte. Same answer as the table. */
static inline size_t word_run(const uint8_t *cls, const unsigned char *p,
                              size_t i, size_t n)
{
#ifdef __SSE2__
    const __m128i k20 = _mm_set1_epi8(0x20), ka = _mm_set1_epi8('a'),
                  k25 = _mm_set1_epi8(25), k0 = _mm_set1_epi8('0'),
                  k9 = _mm_set1_epi8(9), kus = _mm_set1_epi8('_'),
                  kc2 = _mm_set1_epi8((char)0xc2), ke2 = _mm_set1_epi8((char)0xe2),
                  ke3 = _mm_set1_epi8((char)0xe3), kef = _mm_set1_epi8((char)0xef),
                  zero = _mm_setzero_si128();
    while (i + 16 <= n) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i t = _mm_sub_epi8(_mm_or_si128(x, k20), ka);
        __m128i w = _mm_cmpeq_epi8(_mm_min_epu8(t, k25), t);      /* letter */
        t = _mm_sub_epi8(x, k0);
        w = _mm_or_si128(w, _mm_cmpeq_epi8(_mm_min_epu8(t, k9), t)); /* digit */
        w = _mm_or_si128(w, _mm_cmpeq_epi8(x, kus));
        __m128i mb = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, kc2), _mm_cmpeq_epi8(x, ke2)),
            _mm_or_si128(_mm_cmpeq_epi8(x, ke3), _mm_cmpeq_epi8(x, kef)));
        __m128i high = _mm_cmplt_epi8(x, zero);                     /* >= 0x80 */
        w = _mm_or_si128(w, _mm_andnot_si128(mb, high));
        unsigned stop = ~(unsigned)_mm_movemask_epi8(w) & 0xffffu;
        if (stop)
            return i + (size_t)__builtin_ctz(stop);
        i += 16;
    }
#endif
    while (i < n && cls[p[i]] == C_WORD)
        i++;
    return i;
}

/* ---- tokenizer -------------------------------------------------------------- */

/* The class of abbreviation w[0..n) is (without its period). A word with a
 * capital first letter also finds its lower-case and capitalized forms. */
static uint8_t abbr_lookup(const hr_splitter *sp, const unsigned char *w,
                           size_t n)
{
    uint8_t v = wset_get(&sp->abbr, w, n);
    if (v || n > WSET_MAXLEN || !is_upper(w[0]))
        return v;
    unsigned char low[WSET_MAXLEN], title[WSET_MAXLEN];
    for (size_t i = 0; i < n; i++) {
        low[i] = is_upper(w[i]) ? (unsigned char)(w[i] | 0x20) : w[i];
        title[i] = low[i];
    }
    title[0] = w[0];
    if (memcmp(low, w, n) != 0 && (v = wset_get(&sp->abbr, low, n)) != 0)
        return v;
    if (memcmp(title, w, n) != 0)
        v = wset_get(&sp->abbr, title, n);
    return v;
}

/* "U.S", "U.N", "Ph.D", "a.m": letter groups of one or two code points
 * joined by periods. */
static bool is_initialism(const unsigned char *w, size_t n)
{
    size_t seg = 0, dots = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = w[i];
        if (c == '.') {
            if (seg == 0)
                return false;
            dots++;
            seg = 0;
        } else if (is_alpha(c) || c >= 0xc0) {
            if (++seg > 2)
                return false;
        } else if (c < 0x80) {
            return false;   /* digits, hyphens, apostrophes */
        }
        /* 0x80..0xbf: continuation bytes add no code point */
    }
    return dots > 0 && seg > 0;
}

/* The token kind for word w[0..n) when a period follows it, TK_WORD when
 * the period is its own token. */
static uint8_t word_with_period(const hr_splitter *sp, const unsigned char *w,
                                size_t n)
{
    uint8_t ab = abbr_lookup(sp, w, n);
    if (ab)
        return (uint8_t)(TK_ABBR_NEVER + ab - AB_NEVER);
    if (n == 1)
        return is_upper(w[0]) ? TK_ABBR_END : TK_WORD;   /* an initial */
    if (w[0] >= 0xc0 && n <= 4) {
        size_t adv;
        int32_t cp = decode(w, n, &adv);
        if (adv == n && cp_is_upper(cp))
            return TK_ABBR_END;                          /* "Ş." "Ж." */
    }
    return is_initialism(w, n) ? TK_ABBR_END : TK_WORD;
}

/* Fills sp->toks / sp->kinds with the tokens of p[from..n). Returns their
 * number; stops early (keeping what it has) if memory runs out. */
static size_t tokenize(hr_splitter *sp, const unsigned char *p, size_t n,
                       size_t from)
{
    const uint8_t *cls = sp->cls;
    hr_span *toks = sp->toks;
    uint8_t *kinds = sp->kinds;
    size_t cap = sp->cap_toks, nt = 0;
    uint8_t pend = 0;   /* TK_SPACE / TK_BREAK for the next token */
    unsigned nls = 0;   /* newlines in the current run of spaces */
    size_t i = from;

#define EMIT(s_, e_, k_)                                              \
    do {                                                              \
        if (nt == cap) {                                              \
            if (!grow_tokens(sp))                                     \
                return nt;                                            \
            toks = sp->toks;                                          \
            kinds = sp->kinds;                                        \
            cap = sp->cap_toks;                                       \
        }                                                             \
        toks[nt].start = (uint32_t)(s_);                              \
        toks[nt].end = (uint32_t)(e_);                                \
        kinds[nt] = (uint8_t)((k_) | pend);                           \
        pend = 0;                                                     \
        nls = 0;                                                      \
        nt++;                                                         \
    } while (0)

    while (i < n) {
        uint8_t k = cls[p[i]];
        size_t start = i;

        if (k == C_SPACE) {
            pend |= TK_SPACE;
            i++;
            continue;
        }
        if (k == C_MB) {
            uint8_t mk;
            size_t m = mb_punct(p + i, n - i, &mk);
            if (m) {
                i += m;
                if (mk == MB_SPACE) {
                    pend |= TK_SPACE;
                    continue;
                }
                if (mk == MB_APOS)
                    mk = TK_QCLOSE;
                else if (mk == MB_HYPHEN)
                    mk = TK_DASH;
                EMIT(start, i, mk);
                continue;
            }
            k = C_WORD;   /* a letter of another script */
        }
        if (k == C_WORD) {
            i++;
            for (;;) {
                i = word_run(cls, p, i, n);
                /* Most words end at a space: one test decides. */
                if (i >= n || cls[p[i]] > C_LAST_JOIN)
                    break;
                unsigned prev = p[i - 1];
                uint8_t bk = cls[p[i]];
                if (bk == C_MB) {
                    uint8_t mk;
                    size_t m = mb_punct(p + i, n - i, &mk);
                    if (m == 0) {
                        i++;
                        continue;
                    }
                    /* "Moscow’s", "co‐operation" */
                    if ((mk == MB_APOS && letter_at(cls, p, i + m, n))
                        || (mk == MB_HYPHEN && wordch_at(cls, p, i + m, n))) {
                        i += m;
                        continue;
                    }
                    break;
                }
                if (bk == C_DOT) {
                    /* 3.5, 18.10.23, U.S, e.g, example.com */
                    if ((is_digit(prev) && i + 1 < n && is_digit(p[i + 1]))
                        || (!is_digit(prev) && letter_at(cls, p, i + 1, n))) {
                        i++;
                        continue;
                    }
                    break;
                }
                if (bk == C_NUMSEP) {   /* 1,000 12:34 */
                    if (is_digit(prev) && i + 1 < n && is_digit(p[i + 1])) {
                        i++;
                        continue;
                    }
                    break;
                }
                if (bk == C_APOS) {     /* don't, Russia's */
                    if (letter_at(cls, p, i + 1, n)) {
                        i++;
                        continue;
                    }
                    break;
                }
                /* C_HYPHEN: Nagorno-Karabakh, 1992-1994 */
                if (wordch_at(cls, p, i + 1, n)) {
                    i++;
                    continue;
                }
                break;
            }
            uint8_t kind = TK_WORD;
            if (i < n && p[i] == '.' && (i + 1 >= n || p[i + 1] != '.')) {
                kind = word_with_period(sp, p + start, i - start);
                if (kind != TK_WORD)
                    i++;
            }
            EMIT(start, i, kind);
            continue;
        }

        /* Punctuation. */
        uint8_t kind;
        i++;
        switch (k) {
        case C_NL:
            pend |= TK_SPACE;
            if (++nls >= 2)
                pend |= TK_BREAK;
            continue;
        case C_DOT:
            while (i < n && p[i] == '.')
                i++;
            kind = i - start > 1 ? TK_ELLIPSIS : TK_PERIOD;
            break;
        case C_QE:
            while (i < n && cls[p[i]] == C_QE)
                i++;
            kind = TK_QE;
            break;
        case C_HYPHEN:
            while (i < n && p[i] == '-')
                i++;
            kind = TK_DASH;
            break;
        case C_APOS:
        case C_DQUOTE:
            kind = TK_QAMBIG;
            break;
        case C_OPEN:
            kind = p[start] == '[' ? TK_SQOPEN : TK_BROPEN;
            break;
        case C_CLOSE:
            kind = p[start] == ']' ? TK_SQCLOSE : TK_BRCLOSE;
            break;
        default:
            kind = TK_OTHER;
            break;
        }
        EMIT(start, i, kind);
    }
#undef EMIT
    return nt;
}

/* ---- sentence boundaries ------------------------------------------------------ */

static inline bool is_terminal(uint8_t k)
{
    return k == TK_PERIOD || k == TK_ELLIPSIS || k == TK_QE;
}

static inline bool is_abbr(uint8_t k)
{
    return k >= TK_ABBR_NEVER && k <= TK_ABBR_NORMAL;
}

static inline bool is_wordish(uint8_t k)
{
    return k == TK_WORD || is_abbr(k);
}

static inline bool is_opener(uint8_t k)
{
    return k == TK_QOPEN || k == TK_QAMBIG || k == TK_BROPEN || k == TK_SQOPEN;
}

/* Whether the words from token t on start a new sentence. `strict`: only a
 * common sentence starter will do (after "U.S." or "Inc."). */
static bool next_starts(const hr_splitter *sp, const unsigned char *p,
                        size_t nt, size_t t, bool strict)
{
    const hr_span *toks = sp->toks;
    const uint8_t *kinds = sp->kinds;
    if (!strict) {
        uint8_t k = kinds[t] & TK_KIND;
        if (is_opener(k))
            return true;
        if (!is_wordish(k))
            return false;
        return starts_sentence(p + toks[t].start, toks[t].end - toks[t].start);
    }
    /* Step over opening quotes and brackets: "U.S. “The ..." */
    while (t < nt) {
        if (!is_opener(kinds[t] & TK_KIND))
            break;
        t++;
    }
    if (t >= nt || (kinds[t] & TK_KIND) != TK_WORD)
        return false;
    /* "It's", "It’s": the word before the apostrophe */
    const unsigned char *w = p + toks[t].start;
    size_t n = toks[t].end - toks[t].start;
    for (size_t i = 1; i < n && i <= WSET_MAXLEN; i++) {
        if (w[i] == '\'' || (w[i] == 0xe2 && i + 2 < n && w[i + 1] == 0x80
                              && w[i + 2] == 0x99)) {
            n = i;
            break;
        }
    }
    return wset_get(&sp->start, w, n) != 0;
}

/* A list number before its period: "1. The first point" */
static bool is_list_number(const unsigned char *p, hr_span s)
{
    if (s.end - s.start > 2)
        return false;
    for (uint32_t i = s.start; i < s.end; i++)
        if (!is_digit(p[i]))
            return false;
    return true;
}

static bool add_sentence(hr_splitter *sp, size_t *ns, size_t t0, size_t t1)
{
    if (*ns == sp->cap_sents && !grow_sents(sp))
        return false;
    hr_sentence *s = &sp->sents[(*ns)++];
    s->span.start = sp->toks[t0].start;
    s->span.end = sp->toks[t1 - 1].end;
    s->tokens = sp->toks + t0;
    s->n_tokens = t1 - t0;
    return true;
}

#define BR_STACK 16

static size_t find_sentences(hr_splitter *sp, const unsigned char *p,
                             size_t nt)
{
    const uint8_t *kinds = sp->kinds;
    size_t ns = 0, s = 0;
    size_t n_words = 0;        /* words in the sentence so far */
    size_t depth = 0;          /* open square brackets */
    size_t opener[BR_STACK];   /* token index of each */

    for (size_t t = 0; t < nt; t++) {
        /* Most tokens are words and commas: step over them in a tight
         * loop (TK_BREAK makes a token hot too). */
        uint8_t v;
        while ((v = kinds[t] & (uint8_t)~TK_SPACE) < TK_FIRST_HOT) {
            n_words += v == TK_WORD;
            if (++t == nt)
                goto done;
        }
        if ((v & TK_BREAK) && t > s) {
            if (!add_sentence(sp, &ns, s, t))
                return ns;
            s = t;
            n_words = 0;
            depth = 0;
        }
        uint8_t k = v & TK_KIND;
        if (k < TK_FIRST_HOT) {   /* an ordinary token after a blank line */
            n_words += k == TK_WORD;
            continue;
        }
        if (k == TK_SQOPEN) {
            if (depth < BR_STACK)
                opener[depth] = t;
            depth++;
            continue;
        }
        if (k == TK_SQCLOSE) {
            if (depth > 0)
                depth--;
            continue;
        }

        /* The run of end punctuation and closing quotes/brackets glued to
         * this token: "win.”" "(He left.)" "?!". */
        bool plain = !is_abbr(k);   /* a . ! ? or … decides, not an abbr */
        /* Square brackets opened mid-sentence hold an editor's insertion
         * ("[October 16 – November 1 – ed.]"): a period inside does not end
         * the sentence around them. Parentheses get no such rule: asides in
         * them do end sentences ("(late!) Then"), as web text shows. */
        bool mid_bracket = false;
        size_t e = t + 1;
        while (e < nt && !(kinds[e] & (TK_SPACE | TK_BREAK))) {
            uint8_t ke = kinds[e] & TK_KIND;
            if (is_terminal(ke)) {
                plain = true;
                mid_bracket = false;   /* "(late!). Then": the period decides */
            } else if (ke == TK_SQCLOSE) {
                if (depth > 0) {
                    depth--;
                    if (depth >= BR_STACK || opener[depth] > s)
                        mid_bracket = true;
                }
            } else if (ke != TK_QCLOSE && ke != TK_QAMBIG && ke != TK_BRCLOSE) {
                break;
            }
            e++;
        }
        size_t term = t;
        if (is_abbr(k))
            n_words++;
        t = e - 1;
        if (e >= nt)
            break;   /* the last sentence is closed below */
        if (!(kinds[e] & TK_SPACE) || n_words == 0 || mid_bracket)
            continue;   /* "Nov.13", "...", "[... note.] It" */

        bool ends;
        if (plain || k == TK_ABBR_NORMAL) {
            ends = next_starts(sp, p, nt, e, false);
            /* "1. The first point", "as follows: 2. The": a list number
             * that opens an item, not the end of a sentence */
            if (ends && k == TK_PERIOD && term > s &&
                is_list_number(p, sp->toks[term - 1]) &&
                (n_words == 1 ||
                 (term >= s + 2 && p[sp->toks[term - 2].start] == ':')))
                ends = false;
        } else if (k == TK_ABBR_END) {
            ends = next_starts(sp, p, nt, e, true);
        } else {
            ends = false;   /* Mr. Gen. ed. */
        }
        if (ends) {
            if (!add_sentence(sp, &ns, s, e))
                return ns;
            s = e;
            n_words = 0;
            depth = 0;
        }
    }
done:
    if (s < nt)
        add_sentence(sp, &ns, s, nt);
    return ns;
}

/* ---- API ---------------------------------------------------------------------- */

size_t hr_split(hr_splitter *sp, const char *text, size_t len, size_t from,
                const hr_sentence **out)
{
    if (out)
        *out = sp ? sp->sents : NULL;
    if (!sp || !out || !text || from >= len)
        return 0;
    /* Spans are 32-bit: a longer text is split up to 4 GiB. */
    if (len > UINT32_MAX)
        len = UINT32_MAX;
    const unsigned char *p = (const unsigned char *)text;
    size_t nt = tokenize(sp, p, len, from);
    size_t ns = find_sentences(sp, p, nt);
    *out = sp->sents;
    return ns;
}

size_t hr_split_paragraph(hr_splitter *sp, const hr_document *doc, size_t i,
                          const hr_sentence **out)
{
    if (out)
        *out = sp ? sp->sents : NULL;
    if (!sp || !out || !doc || i >= doc->n_paragraphs)
        return 0;
    const hr_paragraph *para = &doc->paragraphs[i];
    size_t from = 0;
    if (doc->dateline_para >= 0 && (size_t)doc->dateline_para == i)
        from = doc->dateline.end;
    return hr_split(sp, para->text, para->len, from, out);
}
