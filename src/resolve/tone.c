/*
 * tone.c - the tone of a text from the AFINN-165 sentiment lexicon.
 *
 * The lexicon (data/tone.tsv, made by scripts/gen-tone.js; licence and
 * version in its header and in docs/attribution.md, "Tone") is compiled
 * into the library as the blob hr_blob_tone and read into a hash table
 * the first time a tone is asked for. The table is built once under
 * pthread_once and only read afterwards, so any number of threads may
 * score texts at the same time.
 *
 * How a text is read:
 *  - A word is a run of letters, digits and combining marks; a hyphen or
 *    an apostrophe (' or U+2019) between two such characters stays inside
 *    the word ("cover-up", "don't"). Anything else separates words.
 *    Invalid UTF-8 bytes separate words as punctuation does.
 *  - Words are folded to lower case (all scripts, through utf8proc) and
 *    U+2019 to "'"; a final "'s" is dropped before the look-up
 *    ("Azerbaijan's"). A hyphenated word is looked up whole: "cover-up" is
 *    in the lexicon; "anti-war" is not, and is not rated by its parts (the
 *    parts would give it the opposite sign).
 *  - The lexicon's 34 phrases ("does not work", "no fun", "kind of") are
 *    matched: at each word the three-word phrase starting there is tried,
 *    then the two-word one, then the word alone, and the longest match
 *    wins. The words of a phrase must be separated by white space only.
 *  - Negation: a rating is flipped when "not", "no", "never", "cannot" or
 *    a word ending in "n't" stands among the two words before it in the
 *    same clause (no punctuation between). "no" keeps its own rating (-1).
 *  - Every word counts in `words`, rated or not; each rated word or phrase
 *    adds its rating to `score` and one to `positive` or `negative` (a
 *    rating of 0, as "kind of" has, adds to neither).
 *
 * Tone = 100 * (positive - negative) / words, as GDELT computes its tone
 * from the shares of positive and negative words.
 */
#include "internal.h"

#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

extern const char hr_blob_tone[], hr_blob_tone_end[];

/* Longest key looked up: three words of the lexicon are at most 30 bytes;
 * a longer word cannot be in it and is counted without a look-up. */
#define WORD_MAX 48
#define KEY_MAX (3 * WORD_MAX + 2)
#define TABLE_BITS 13                  /* 8192 slots for ~3400 entries */
#define TABLE_SIZE (1u << TABLE_BITS)

typedef struct entry {
    uint32_t off;       /* the word in hr_blob_tone; len 0: empty slot */
    uint8_t len;
    int8_t rating;
} entry;

static entry table[TABLE_SIZE];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static uint32_t hash_key(const char *s, size_t n)
{
    uint32_t h = 2166136261u;          /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static void insert(uint32_t off, size_t len, int rating)
{
    uint32_t i = hash_key(hr_blob_tone + off, len) & (TABLE_SIZE - 1);
    while (table[i].len) {
        if (table[i].len == len && !memcmp(hr_blob_tone + table[i].off,
                                           hr_blob_tone + off, len))
            return;                    /* a repeat: the first one stays */
        i = (i + 1) & (TABLE_SIZE - 1);
    }
    table[i] = (entry){.off = off, .len = (uint8_t)len, .rating = (int8_t)rating};
}

/* "word<TAB>rating" lines; "#" comments and malformed lines are skipped
 * (the file is generated and checked by its script). */
static void build_table(void)
{
    const char *p = hr_blob_tone, *end = hr_blob_tone_end;
    size_t used = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *tab = memchr(p, '\t', (size_t)(e - p));
        if (p < e && *p != '#' && tab && tab > p && tab - p < KEY_MAX) {
            const char *r = tab + 1;
            int sign = 1, v = 0;
            if (r < e && *r == '-') {
                sign = -1;
                r++;
            }
            if (r < e && *r >= '0' && *r <= '5' && r + 1 == e) {
                v = sign * (*r - '0');
                if (used < TABLE_SIZE / 2) {
                    insert((uint32_t)(p - hr_blob_tone), (size_t)(tab - p), v);
                    used++;
                }
            }
        }
        p = e + 1;
    }
}

/* The rating of key, or false when it is not in the lexicon. */
static bool lookup(const char *key, size_t len, int *rating)
{
    if (len == 0 || len >= 256)
        return false;
    uint32_t i = hash_key(key, len) & (TABLE_SIZE - 1);
    while (table[i].len) {
        if (table[i].len == len && !memcmp(hr_blob_tone + table[i].off, key, len)) {
            *rating = table[i].rating;
            return true;
        }
        i = (i + 1) & (TABLE_SIZE - 1);
    }
    return false;
}

/* ---- words ------------------------------------------------------------ */

typedef struct word {
    char s[WORD_MAX];     /* folded; valid when !too_long */
    uint8_t len;
    bool too_long;
    bool after_punct;     /* punctuation between it and the word before */
} word;

typedef struct reader {
    const char *s;
    size_t len, pos;
} reader;

static bool is_word_cp(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
        return true;
    default:
        return false;
    }
}

static bool is_space_cp(int32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
        cp == '\v')
        return true;
    return cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* Hyphens and apostrophes that join two parts of one word. */
static bool is_joiner_cp(int32_t cp)
{
    return cp == '-' || cp == '\'' || cp == 0x2019 || cp == 0x2010 ||
           cp == 0x2011;
}

static int32_t cp_at(const reader *r, size_t i, size_t *adv)
{
    unsigned char c = (unsigned char)r->s[i];
    if (c < 0x80) {
        *adv = 1;
        return c;
    }
    return hr_utf8_decode(r->s + i, r->len - i, adv);
}

static void put_folded(word *w, int32_t cp)
{
    if (w->too_long)
        return;
    if (cp == 0x2019)
        cp = '\'';
    else if (cp == 0x2010 || cp == 0x2011)
        cp = '-';
    else if (cp >= 'A' && cp <= 'Z')
        cp += 'a' - 'A';
    else if (cp >= 0x80)
        cp = utf8proc_tolower(cp);
    utf8proc_uint8_t buf[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, buf);
    if (n <= 0 || w->len + (size_t)n > WORD_MAX) {
        w->too_long = true;
        return;
    }
    memcpy(w->s + w->len, buf, (size_t)n);
    w->len = (uint8_t)(w->len + n);
}

/* The next word into *w; false at the end of the text. */
static bool next_word(reader *r, word *w)
{
    w->len = 0;
    w->too_long = false;
    w->after_punct = false;
    size_t adv;
    while (r->pos < r->len) {
        int32_t cp = cp_at(r, r->pos, &adv);
        if (cp >= 0 && is_word_cp(cp))
            break;
        if (cp < 0 || !is_space_cp(cp))
            w->after_punct = true;
        r->pos += adv;
    }
    if (r->pos >= r->len)
        return false;
    while (r->pos < r->len) {
        int32_t cp = cp_at(r, r->pos, &adv);
        if (cp >= 0 && is_word_cp(cp)) {
            put_folded(w, cp);
            r->pos += adv;
            continue;
        }
        if (cp >= 0 && is_joiner_cp(cp) && r->pos + adv < r->len) {
            size_t adv2;
            int32_t next = cp_at(r, r->pos + adv, &adv2);
            if (next >= 0 && is_word_cp(next)) {
                put_folded(w, cp);
                r->pos += adv;
                continue;
            }
        }
        break;
    }
    return true;
}

static bool word_is(const word *w, const char *lit)
{
    size_t n = strlen(lit);
    return !w->too_long && w->len == n && !memcmp(w->s, lit, n);
}

static bool is_negator(const word *w)
{
    if (w->too_long)
        return false;
    if (word_is(w, "not") || word_is(w, "no") || word_is(w, "never") ||
        word_is(w, "cannot"))
        return true;
    return w->len > 3 && !memcmp(w->s + w->len - 3, "n't", 3);
}

/* The look-up form of a word: without a final "'s". */
static size_t key_len(const word *w)
{
    if (w->len > 2 && w->s[w->len - 2] == '\'' && w->s[w->len - 1] == 's')
        return w->len - 2u;
    return w->len;
}

/* The rating of the phrase of words q[0..n-1] (n >= 1), if rated. */
static bool rate_words(const word *q, size_t n, int *rating)
{
    char key[KEY_MAX];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (q[i].too_long || (i > 0 && q[i].after_punct))
            return false;
        /* Only the last word of a phrase may lose its "'s". */
        size_t wl = i + 1 == n ? key_len(&q[i]) : q[i].len;
        if (i > 0)
            key[k++] = ' ';
        memcpy(key + k, q[i].s, wl);
        k += wl;
    }
    return lookup(key, k, rating);
}

void hr_tone_add(hr_tone *t, const char *text, size_t len)
{
    if (!t || !text || len == 0)
        return;
    pthread_once(&table_once, build_table);
    reader r = {.s = text, .len = len, .pos = 0};
    word q[3];
    size_t nq = 0;
    int negate_left = 0;       /* words still under a negator */
    for (;;) {
        while (nq < 3 && next_word(&r, &q[nq]))
            nq++;
        if (nq == 0)
            break;
        if (q[0].after_punct)
            negate_left = 0;
        size_t used = 1;
        int rating = 0;
        bool rated = false;
        for (size_t n = nq; n >= 1 && !rated; n--) {
            if (rate_words(q, n, &rating)) {
                rated = true;
                used = n;
            }
        }
        if (rated && rating != 0) {
            if (negate_left > 0)
                rating = -rating;
            t->score += rating;
            if (rating > 0)
                t->positive++;
            else
                t->negative++;
        }
        t->words += used;
        /* The phrase's own words use up the negator's reach. */
        negate_left = negate_left > (int)used ? negate_left - (int)used : 0;
        for (size_t i = 0; i < used; i++)
            if (is_negator(&q[i]))
                negate_left = 2;
        memmove(q, q + used, (nq - used) * sizeof q[0]);
        nq -= used;
    }
}

double hr_tone_value(const hr_tone *t)
{
    if (!t || t->words == 0)
        return 0.0;
    return 100.0 * ((double)t->positive - (double)t->negative) / (double)t->words;
}
