/* dedup.c - exact and near-duplicate documents, repeated paragraphs.
 *
 * Everything is computed over the BODY paragraphs of a document (the
 * boilerplate classifier runs first), normalized as the document id is
 * (hash.c: letters and digits, case folded; apostrophes dropped), with the
 * dateline left out. Three tests, in this order:
 *
 *  1. Exact duplicate document: the body fingerprint (XXH3 over the
 *     normalized body, so it equals doc->id when nothing is boilerplate) or
 *     doc->id itself was seen. Nothing new is stored.
 *  2. Near-duplicate document: MinHash over 5-word shingles, 128 bins by
 *     one-permutation hashing with optimal densification (one XXH3 per
 *     word, one mix per shingle, instead of 128 hashes per shingle), LSH
 *     bands picked from the threshold (21 x 6 for 0.8), candidates
 *     verified by the share of equal bins. Linked to the first document
 *     seen that passes.
 *  3. Repeated paragraph: the 64-bit hash of its normalized text was seen
 *     in an earlier document; or, for paragraphs of 12..400 words, a near
 *     repeat: at least 70% of its content words (not stop words) occur in
 *     one earlier paragraph (or two or three consecutive ones of the same
 *     document, for a paragraph that was split) AND the two share a run of
 *     8 words verbatim. The run is what tells a copied paragraph, however
 *     edited, from two reporters writing up the same facts: paraphrase
 *     keeps the names and numbers but rarely 8 words in a row (the word
 *     8-gram is the classic plagiarism test). Measured on the html-eval gold
 *     bodies: same-story paragraphs of different outlets reach 80-85%
 *     content overlap with runs of 5-6 words; copies and wire rewrites
 *     have runs of 8 to 70.
 *
 * Memory follows the distinct paragraphs, not the bytes: a repeated
 * paragraph or document stores nothing. Per distinct document: its id, a
 * 256-byte signature (16 bits a bin), its band keys. Per distinct
 * paragraph: one slot of the exact table; for near candidates (12..400
 * words) also its words as 16-bit hashes and a few anchor keys (see
 * anchor_keys). About 280 MB per million distinct paragraphs of news
 * length (bench/dedup-quality.py), all in a few arrays and tables that
 * grow as a whole: no allocation per paragraph.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
/* inlined: it is called once per word */
#define XXH_INLINE_ALL
#include <xxhash.h>

/* ---- tuning ---------------------------------------------------------- */

enum {
    SIG_BINS = 128,          /* MinHash bins per document */
    SHINGLE = 5,             /* words per document shingle */
    MIN_SHINGLES = 8,        /* fewer: no near-duplicate test */
    BAND_CAP = 64,           /* documents kept per band key */
    REPEAT_MIN_WORDS = 5,    /* shorter paragraphs are not indexed: a
                                short line recurring is the boilerplate
                                classifier's business */
    NEAR_MIN_WORDS = 12,     /* near-repeat candidates: 12..400 words */
    NEAR_MAX_WORDS = 400,
    NEAR_MIN_SHARED = 6,     /* content words shared, at least */
    NEAR_RUN = 8,            /* words in a row shared verbatim */
    NEAR_SPLIT = 3,          /* consecutive paragraphs a split copy spans */
    NEAR_SPLIT_ADDS = 3,     /* content words each part must add */
    ANCHOR_CAP = 16,         /* paragraphs kept per anchor key: a common
                                pair stops being an anchor */
    QSET_SLOTS = 1024,       /* > 2 * NEAR_MAX_WORDS */
    SCRATCH_KEEP = 4 << 20   /* bytes of scratch kept between documents */
};
#define NEAR_CONTAIN 0.7
#define ANCHOR_TAU 0x2AAAAAABu   /* sample 1/6 of the anchors */
#define SEQ_CONTENT 0x8000u      /* flag bit in a word's 16-bit value */

/* English function words and reporting verbs: they carry no content, so
 * they do not count towards a near repeat (runs still use them). */
static const char *const STOP_WORDS[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am",
    "an", "and", "any", "are", "as", "at", "be", "been", "before", "being",
    "below", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "down", "during", "each", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is",
    "it", "its", "itself", "just", "me", "more", "most", "my", "myself",
    "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
    "other", "our", "ours", "ourselves", "out", "over", "own", "same",
    "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "theirs", "them", "themselves", "then", "there", "these", "they",
    "this", "those", "through", "to", "too", "under", "until", "up",
    "very", "was", "we", "were", "what", "when", "where", "which", "while",
    "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
    "said", "says", "say", "told", "according", "may", "might", "must",
    "shall", "per", "via", "us", "mr", "mrs", "ms",
};
enum { STOP_SLOTS = 512, STOP_MAX_LEN = 10 };  /* "themselves" */

/* ---- hashing helpers --------------------------------------------------- */

static inline uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

static inline uint64_t rotl64(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

/* A word's 16-bit value: 15 bits of its hash and the content flag. */
static inline uint16_t word_value(uint64_t h, bool content)
{
    return (uint16_t)(((h >> 48) & 0x7FFFu) | (content ? SEQ_CONTENT : 0u));
}

/* ---- tables -------------------------------------------------------------- */

/* u64 key -> u64 value, open addressing, linear probing; key 0 = empty
 * (a real 0 is stored as 1). */
typedef struct map64 {
    uint64_t *keys, *vals;
    size_t cap, n;   /* cap: power of two, or 0 */
} map64;

static inline uint64_t map_key(uint64_t k) { return k ? k : 1; }

static bool map_find(const map64 *m, uint64_t key, uint64_t *val)
{
    if (!m->cap)
        return false;
    key = map_key(key);
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)fmix64(key) & mask;; i = (i + 1) & mask) {
        if (m->keys[i] == key) {
            *val = m->vals[i];
            return true;
        }
        if (!m->keys[i])
            return false;
    }
}

static void map_put_raw(map64 *m, uint64_t key, uint64_t val)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)fmix64(key) & mask;
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & mask;
    if (!m->keys[i])
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
}

/* Adds key -> val unless key is there already. */
static bool map_add(map64 *m, uint64_t key, uint64_t val)
{
    key = map_key(key);
    if ((m->n + 1) * 4 > m->cap * 3) {
        size_t ncap = m->cap ? m->cap * 2 : 1024;
        map64 g = {calloc(ncap, sizeof(uint64_t)), malloc(ncap * sizeof(uint64_t)), ncap, 0};
        if (!g.keys || !g.vals) {
            free(g.keys);
            free(g.vals);
            return false;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i])
                map_put_raw(&g, m->keys[i], m->vals[i]);
        free(m->keys);
        free(m->vals);
        *m = g;
    }
    uint64_t old;
    if (!map_find(m, key, &old))
        map_put_raw(m, key, val);
    return true;
}

static size_t map_bytes(const map64 *m) { return m->cap * 2 * sizeof(uint64_t); }

/* u32 key -> several u32 values (a limit per key), one u64 slot
 * each: key << 32 | value; an all-ones slot is empty (values stay below
 * UINT32_MAX). */
typedef struct mmap32 {
    uint64_t *slots;
    size_t cap, n;
} mmap32;

#define MM_EMPTY UINT64_MAX

static inline size_t mm_home(uint32_t key, size_t mask)
{
    return (size_t)(fmix64(key) & mask);
}

static void mm_put_raw(mmap32 *m, uint64_t slot)
{
    size_t mask = m->cap - 1;
    size_t i = mm_home((uint32_t)(slot >> 32), mask);
    while (m->slots[i] != MM_EMPTY)
        i = (i + 1) & mask;
    m->slots[i] = slot;
    m->n++;
}

/* Asks for the home slots of keys ahead of their use. */
static void mm_prefetch(const mmap32 *m, const uint32_t *keys, size_t n)
{
    if (!m->cap)
        return;
    for (size_t i = 0; i < n; i++)
        __builtin_prefetch(&m->slots[mm_home(keys[i], m->cap - 1)]);
}

/* Adds key -> val unless the key holds `limit` values already. */
static bool mm_add(mmap32 *m, uint32_t key, uint32_t val, unsigned limit)
{
    if ((m->n + 1) * 4 > m->cap * 3) {
        size_t ncap = m->cap ? m->cap * 2 : 1024;
        mmap32 g = {malloc(ncap * sizeof(uint64_t)), ncap, 0};
        if (!g.slots)
            return false;
        memset(g.slots, 0xFF, ncap * sizeof(uint64_t));
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i] != MM_EMPTY)
                mm_put_raw(&g, m->slots[i]);
        free(m->slots);
        *m = g;
    }
    size_t mask = m->cap - 1;
    unsigned have = 0;
    size_t i = mm_home(key, mask);
    for (; m->slots[i] != MM_EMPTY; i = (i + 1) & mask)
        if ((uint32_t)(m->slots[i] >> 32) == key && ++have >= limit)
            return true;
    m->slots[i] = (uint64_t)key << 32 | val;
    m->n++;
    return true;
}

/* ---- growable arrays ------------------------------------------------------ */

/* Makes room for `need` elements of `size` bytes in *p (capacity *cap). */
static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    /* by half: the index's arrays are its bulk, and doubling would leave
     * a third of them empty on average */
    size_t ncap = *cap ? *cap : 64;
    while (ncap < need)
        ncap += ncap / 2;
    if (ncap > SIZE_MAX / size)
        return false;
    void *q = realloc(*p, ncap * size);
    if (!q)
        return false;
    *p = q;
    *cap = ncap;
    return true;
}
#define GROW(arr, cap, need) grow((void **)&(arr), &(cap), (need), sizeof *(arr))

/* ---- the index -------------------------------------------------------------- */

/* A paragraph kept for near-repeat tests: its words are pool[off..off+len).
 * bloom has bit (hash >> 8) & 63 set for each of its content words: read
 * with the record, it rules out most candidates without reading their
 * words, which are elsewhere in memory. */
typedef struct nrec {
    uint32_t doc, para, off;
    uint16_t len, n_content;
    uint64_t bloom;
} nrec;

static inline uint64_t bloom_bit(uint64_t h)
{
    return 1ULL << ((h >> 8) & 63);
}

/* A body paragraph of the document at hand. */
typedef struct pinfo {
    uint32_t para;        /* index in doc->paragraphs */
    uint32_t first, n;    /* its words in dd->wh / dd->wv */
    uint64_t hash;        /* normalized text */
} pinfo;

struct hr_dedup {
    double threshold;
    int bands, rows;
    uint64_t stop[STOP_SLOTS];   /* stop-word hashes, 0 = empty */
    uint64_t empty_hash;         /* XXH3 of no text */

    /* documents kept: id and signature */
    uint64_t *doc_id;
    size_t n_docs, cap_doc_id;
    uint16_t *sigs;
    size_t cap_sigs;
    map64 doc_keys;      /* id or body fingerprint -> doc index */
    mmap32 bands_map;    /* band key -> doc index */

    /* paragraphs */
    map64 paras;         /* normalized hash -> doc << 32 | para */
    nrec *recs;
    size_t n_recs, cap_recs;
    uint16_t *pool;
    size_t n_pool, cap_pool;
    mmap32 anchors;      /* anchor key -> record */

    /* scratch for the document at hand */
    XXH3_state_t *body;
    unsigned char *fold;
    size_t cap_fold;
    uint64_t *wh;        /* word hashes */
    uint16_t *wv;        /* word values */
    size_t n_words, cap_wh, cap_wv;
    pinfo *pi;
    size_t n_pi, cap_pi;
    uint32_t *cand;
    size_t n_cand, cap_cand;
    uint16_t *row;
    size_t cap_row;
    uint32_t qset[QSET_SLOTS];   /* query content words: 1 << 16 | value */
    uint8_t qbits[64];           /* query content words per bloom bit */
    uint64_t qbloom;
    uint32_t qstamp[QSET_SLOTS];
    uint32_t stamp;
};

/* The word hash is XXH3: its low bits serve as the slot. */
static inline bool is_stop(const hr_dedup *dd, uint64_t h)
{
    for (size_t i = (size_t)h & (STOP_SLOTS - 1);; i = (i + 1) & (STOP_SLOTS - 1)) {
        if (dd->stop[i] == h)
            return true;
        if (!dd->stop[i])
            return false;
    }
}

/* Rows per band: the most that still finds a pair at the threshold with
 * probability >= 0.995 (more rows, fewer false candidates). */
static void pick_bands(double t, int *bands, int *rows)
{
    for (int r = 8; r >= 1; r--) {
        int b = SIG_BINS / r;
        if (1.0 - pow(1.0 - pow(t, r), b) >= 0.995 || r == 1) {
            *bands = b;
            *rows = r;
            return;
        }
    }
}

hr_dedup *hr_dedup_new(double near_threshold)
{
    hr_dedup *dd = calloc(1, sizeof *dd);
    if (!dd)
        return NULL;
    dd->body = XXH3_createState();
    if (!dd->body) {
        free(dd);
        return NULL;
    }
    if (!(near_threshold > 0))
        near_threshold = 0.8;
    dd->threshold = HR_MIN(near_threshold, 1.0);
    pick_bands(dd->threshold, &dd->bands, &dd->rows);
    for (size_t k = 0; k < sizeof STOP_WORDS / sizeof *STOP_WORDS; k++) {
        const char *w = STOP_WORDS[k];
        uint64_t h = XXH3_64bits(w, strlen(w));
        size_t i = (size_t)h & (STOP_SLOTS - 1);
        while (dd->stop[i] && dd->stop[i] != h)
            i = (i + 1) & (STOP_SLOTS - 1);
        dd->stop[i] = h;
    }
    dd->empty_hash = XXH3_64bits("", 0);
    if (!GROW(dd->row, dd->cap_row, NEAR_MAX_WORDS + 1)) {
        hr_dedup_free(dd);
        return NULL;
    }
    return dd;
}

void hr_dedup_free(hr_dedup *dd)
{
    if (!dd)
        return;
    XXH3_freeState(dd->body);
    free(dd->doc_id);
    free(dd->sigs);
    free(dd->doc_keys.keys);
    free(dd->doc_keys.vals);
    free(dd->bands_map.slots);
    free(dd->paras.keys);
    free(dd->paras.vals);
    free(dd->recs);
    free(dd->pool);
    free(dd->anchors.slots);
    free(dd->fold);
    free(dd->wh);
    free(dd->wv);
    free(dd->pi);
    free(dd->cand);
    free(dd->row);
    free(dd);
}

uint64_t hr_dedup_distinct_paragraphs(const hr_dedup *dd)
{
    return dd ? dd->paras.n : 0;
}

size_t hr_dedup_memory(const hr_dedup *dd)
{
    if (!dd)
        return 0;
    return sizeof *dd + dd->cap_doc_id * sizeof(uint64_t) +
           dd->cap_sigs * sizeof(uint16_t) + map_bytes(&dd->doc_keys) +
           dd->bands_map.cap * sizeof(uint64_t) + map_bytes(&dd->paras) +
           dd->cap_recs * sizeof(nrec) + dd->cap_pool * sizeof(uint16_t) +
           dd->anchors.cap * sizeof(uint64_t) + dd->cap_fold +
           dd->cap_wh * sizeof(uint64_t) + dd->cap_wv * sizeof(uint16_t) +
           dd->cap_pi * sizeof(pinfo) + dd->cap_cand * sizeof(uint32_t) +
           dd->cap_row * sizeof(uint16_t);
}

/* ---- normalization and words ------------------------------------------------- */


/* Ends the word fold[ws..we) if there is one; false on OOM. */
static inline bool end_word(hr_dedup *dd, size_t ws, size_t we)
{
    if (we == ws)
        return true;
    if (dd->n_words == dd->cap_wh &&
        (!GROW(dd->wh, dd->cap_wh, dd->n_words + 1) ||
         !GROW(dd->wv, dd->cap_wv, dd->cap_wh)))
        return false;
    uint64_t h = XXH3_64bits(dd->fold + ws, we - ws);
    bool content = we - ws > 1 && (we - ws > STOP_MAX_LEN || !is_stop(dd, h));
    dd->wh[dd->n_words] = h;
    dd->wv[dd->n_words] = word_value(h, content);
    dd->n_words++;
    return true;
}

/* Folds text into dd->fold exactly as the document id does (so the body
 * stream reproduces doc->id), appends its words to dd->wh / dd->wv, and
 * returns the number of folded bytes (*ok false on OOM). Apostrophes and
 * format characters (soft hyphen, joiners) vanish without splitting a
 * word, so "Moscow's" and "Moscow’s" are one word. */
static size_t fold_words(hr_dedup *dd, const char *text, size_t len, bool *ok)
{
    /* Lower case may grow a character from 2 to 3 bytes. */
    if (!GROW(dd->fold, dd->cap_fold, len * 2 + 8)) {
        *ok = false;
        return 0;
    }
    const unsigned char *s = (const unsigned char *)text;
    unsigned char *o = dd->fold;
    size_t k = 0, ws = 0, i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            unsigned char f = hr_fold[c];
            if (f) {
                o[k++] = f;
            } else if (c != '\'') {
                if (!end_word(dd, ws, k))
                    goto oom;
                ws = k;
            }
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            if (!end_word(dd, ws, k))
                goto oom;
            ws = k;
            i++;
            continue;
        }
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO) {
            k += (size_t)utf8proc_encode_char(utf8proc_tolower(cp), o + k);
        } else if (!(cp == 0x2019 || cp == 0x2018 || cp == 0x02BC ||
                     cat == UTF8PROC_CATEGORY_CF)) {
            if (!end_word(dd, ws, k))
                goto oom;
            ws = k;
        }
        i += (size_t)n;
    }
    if (end_word(dd, ws, k))
        return k;
oom:
    *ok = false;
    return 0;
}

/* Reads the body of doc: words, paragraph hashes and the body fingerprint. */
static bool read_body(hr_dedup *dd, const hr_document *doc, uint64_t *body_hash)
{
    dd->n_words = 0;
    dd->n_pi = 0;
    XXH3_64bits_reset(dd->body);
    for (size_t i = 0; i < doc->n_paragraphs; i++) {
        const hr_paragraph *p = &doc->paragraphs[i];
        if (p->kind != HR_PARA_BODY || !p->text)
            continue;
        size_t from = (int32_t)i == doc->dateline_para ? doc->dateline.end : 0;
        if (from >= p->len)
            continue;
        size_t first = dd->n_words;
        bool ok = true;
        size_t nf = fold_words(dd, p->text + from, p->len - from, &ok);
        if (!ok || !GROW(dd->pi, dd->cap_pi, dd->n_pi + 1))
            return false;
        if (!nf)
            continue;
        XXH3_64bits_update(dd->body, dd->fold, nf);
        dd->pi[dd->n_pi++] = (pinfo){(uint32_t)i, (uint32_t)first,
                                     (uint32_t)(dd->n_words - first),
                                     XXH3_64bits(dd->fold, nf)};
    }
    *body_hash = XXH3_64bits_digest(dd->body);
    return true;
}

static uint64_t parse_id(const char *id, bool *ok)
{
    uint64_t v = 0;
    *ok = false;
    for (int i = 0; i < 16; i++) {
        char c = id[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return 0;
        v = v << 4 | (uint64_t)d;
    }
    *ok = id[16] == '\0';
    return v;
}

static void hex_id(uint64_t v, char out[17])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) {
        out[i] = hex[v & 15];
        v >>= 4;
    }
    out[16] = '\0';
}

/* ---- document signatures ------------------------------------------------------ */

/* One-permutation MinHash: each shingle's hash picks a bin by its top 7
 * bits and competes there with its low 32; empty bins borrow from a bin
 * chosen by a fixed hash of (bin, attempt), the same for every document
 * ("optimal densification", Shrivastava 2017), so two documents agree on
 * a bin with probability equal to their Jaccard similarity. Returns false
 * when the body has too few shingles. */
static bool signature(const hr_dedup *dd, uint32_t sig[SIG_BINS])
{
    if (dd->n_words < SHINGLE + MIN_SHINGLES - 1)
        return false;
    bool filled[SIG_BINS] = {false};
    for (int b = 0; b < SIG_BINS; b++)
        sig[b] = UINT32_MAX;
    const uint64_t *w = dd->wh;
    for (size_t i = 0; i + SHINGLE <= dd->n_words; i++) {
        uint64_t h = w[i];
        for (int j = 1; j < SHINGLE; j++)
            h = rotl64(h, 11) ^ w[i + j];
        h = fmix64(h);
        unsigned b = (unsigned)(h >> 57);
        uint32_t v = (uint32_t)h;
        if (v <= sig[b]) {
            sig[b] = v;
            filled[b] = true;
        }
    }
    uint32_t out[SIG_BINS];
    for (unsigned b = 0; b < SIG_BINS; b++) {
        unsigned src = b;
        for (uint64_t a = 1; !filled[src]; a++)
            src = (unsigned)(fmix64((uint64_t)b << 32 | a) & (SIG_BINS - 1));
        out[b] = sig[src];
    }
    memcpy(sig, out, sizeof out);
    return true;
}

static uint32_t band_key(const uint32_t *sig, int band, int rows)
{
    uint64_t h = (uint64_t)band * 0x9E3779B97F4A7C15ULL;
    for (int r = 0; r < rows; r++)
        h = fmix64(h ^ sig[band * rows + r]);
    return (uint32_t)(h >> 32);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Sorts and dedups dd->cand (insertion sort: the lists are short). */
static void uniq_cands(hr_dedup *dd)
{
    uint32_t *a = dd->cand;
    size_t n = dd->n_cand;
    if (n < 2)
        return;
    if (n > 64) {
        qsort(a, n, sizeof *a, cmp_u32);
    } else {
        for (size_t i = 1; i < n; i++) {
            uint32_t v = a[i];
            size_t j = i;
            for (; j > 0 && a[j - 1] > v; j--)
                a[j] = a[j - 1];
            a[j] = v;
        }
    }
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (a[i] != a[k - 1])
            a[k++] = a[i];
    dd->n_cand = k;
}

/* Appends the values of key to dd->cand; none when the key holds `full`
 * values or more (0: no limit). */
static bool mm_collect(hr_dedup *dd, const mmap32 *m, uint32_t key, unsigned full)
{
    if (!m->cap)
        return true;
    size_t start = dd->n_cand;
    size_t mask = m->cap - 1;
    for (size_t i = mm_home(key, mask); m->slots[i] != MM_EMPTY; i = (i + 1) & mask) {
        if ((uint32_t)(m->slots[i] >> 32) != key)
            continue;
        if (!GROW(dd->cand, dd->cap_cand, dd->n_cand + 1))
            return false;
        dd->cand[dd->n_cand++] = (uint32_t)m->slots[i];
    }
    if (full && dd->n_cand - start >= full)
        dd->n_cand = start;
    return true;
}

/* The first kept document whose signature agrees with sig on at least
 * the threshold's share of bins. *ok is false on OOM. */
static bool near_doc(hr_dedup *dd, const uint32_t *sig, uint32_t *doc,
                     float *sim, bool *ok)
{
    dd->n_cand = 0;
    for (int b = 0; b < dd->bands; b++)
        if (!mm_collect(dd, &dd->bands_map, band_key(sig, b, dd->rows), 0)) {
            *ok = false;
            return false;
        }
    uniq_cands(dd);
    uint16_t mine[SIG_BINS];
    for (int i = 0; i < SIG_BINS; i++)
        mine[i] = (uint16_t)sig[i];
    for (size_t c = 0; c < dd->n_cand; c++) {
        const uint16_t *other = dd->sigs + (size_t)dd->cand[c] * SIG_BINS;
        int eq = 0;
        for (int i = 0; i < SIG_BINS; i++)
            eq += mine[i] == other[i];
        double j = (double)eq / SIG_BINS;
        if (j >= dd->threshold) {
            *doc = dd->cand[c];
            *sim = (float)j;
            return true;
        }
    }
    return false;
}

/* ---- paragraph near repeats --------------------------------------------------- */

/* Loads the query's content words into the small set and its bloom
 * counts. Returns how many distinct ones. */
static size_t qset_load(hr_dedup *dd, const uint16_t *v, const uint64_t *h, size_t n)
{
    memset(dd->qset, 0, sizeof dd->qset);
    memset(dd->qstamp, 0, sizeof dd->qstamp);
    memset(dd->qbits, 0, sizeof dd->qbits);
    dd->qbloom = 0;
    dd->stamp = 0;
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(v[i] & SEQ_CONTENT))
            continue;
        uint32_t e = 1u << 16 | v[i];
        size_t s = (size_t)(v[i] * 0x9E37u) & (QSET_SLOTS - 1);
        while (dd->qset[s] && dd->qset[s] != e)
            s = (s + 1) & (QSET_SLOTS - 1);
        if (!dd->qset[s]) {
            dd->qset[s] = e;
            distinct++;
            dd->qbits[(h[i] >> 8) & 63]++;
            dd->qbloom |= bloom_bit(h[i]);
        }
    }
    return distinct;
}

/* At least as many as the query words p holds (bloom collisions add). */
static size_t bloom_bound(const hr_dedup *dd, uint64_t bloom)
{
    size_t n = 0;
    for (uint64_t m = bloom & dd->qbloom; m; m &= m - 1)
        n += dd->qbits[__builtin_ctzll(m)];
    return n;
}

/* Counts query content words found in p not counted yet under the
 * current stamp. */
static size_t qset_hits(hr_dedup *dd, const uint16_t *p, size_t n)
{
    size_t hits = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(p[i] & SEQ_CONTENT))
            continue;
        uint32_t e = 1u << 16 | p[i];
        size_t s = (size_t)(p[i] * 0x9E37u) & (QSET_SLOTS - 1);
        while (dd->qset[s] && dd->qset[s] != e)
            s = (s + 1) & (QSET_SLOTS - 1);
        if (dd->qset[s] && dd->qstamp[s] != dd->stamp) {
            dd->qstamp[s] = dd->stamp;
            hits++;
        }
    }
    return hits;
}

/* Whether a and b share NEAR_RUN words in a row (dynamic programming over
 * run lengths, one row, stopping at the first long enough run). */
static bool shares_run(hr_dedup *dd, const uint16_t *a, size_t na,
                       const uint16_t *b, size_t nb)
{
    if (na < NEAR_RUN || nb < NEAR_RUN || nb > NEAR_MAX_WORDS)
        return false;
    uint16_t *row = dd->row;
    memset(row, 0, (nb + 1) * sizeof *row);
    for (size_t i = 0; i < na; i++) {
        /* right to left so row[j] still holds the previous line */
        for (size_t j = nb; j > 0; j--) {
            if (a[i] == b[j - 1]) {
                row[j] = (uint16_t)(row[j - 1] + 1);
                if (row[j] >= NEAR_RUN)
                    return true;
            } else {
                row[j] = 0;
            }
        }
    }
    return false;
}

/* A possible anchor with hash h: sampled when its low 32 bits fall under
 * ANCHOR_TAU, else a contender for the two lowest. */
static inline void anchor_offer(uint64_t h, uint32_t *keys, size_t *k,
                                size_t max, uint64_t lo[2])
{
    if ((uint32_t)h < ANCHOR_TAU) {
        if (*k < max)
            keys[(*k)++] = (uint32_t)(h >> 32);
    } else if (h != lo[0] && h != lo[1]) {
        if ((uint32_t)h < (uint32_t)lo[0]) {
            lo[1] = lo[0];
            lo[0] = h;
        } else if ((uint32_t)h < (uint32_t)lo[1]) {
            lo[1] = h;
        }
    }
}

/* Anchor keys of a paragraph, sorted and distinct: pairs of neighbouring
 * content words (stop words skipped), sampled by hash, plus the two lowest
 * (so that every paragraph has some, and two of much the same size find
 * each other through them too). Pairs, not single words: in a large
 * corpus every common word soon fills its ANCHOR_CAP slots and stops
 * finding anything (single words found 23% of lightly edited copies among
 * 200,000 paragraphs, pairs 98.6%); a pair is rarer by far. Sampling is
 * by hash, the same for every paragraph, so two paragraphs sharing k pairs
 * share an anchor with probability 1 - (5/6)^k whatever their lengths. */
static size_t anchor_keys(const uint64_t *wh, const uint16_t *wv, size_t n,
                          uint32_t *keys, size_t max)
{
    size_t k = 0;
    uint64_t lo[2] = {UINT64_MAX, UINT64_MAX};
    uint64_t prev = 0;
    bool have = false;
    for (size_t i = 0; i < n; i++) {
        if (!(wv[i] & SEQ_CONTENT))
            continue;
        if (have)
            anchor_offer(fmix64(rotl64(prev, 21) ^ wh[i]), keys, &k, max, lo);
        prev = wh[i];
        have = true;
    }
    for (int j = 0; j < 2; j++)
        if (lo[j] != UINT64_MAX && k < max)
            keys[k++] = (uint32_t)(lo[j] >> 32);
    /* repeated pairs give repeated keys */
    qsort(keys, k, sizeof *keys, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (!u || keys[i] != keys[u - 1])
            keys[u++] = keys[i];
    return u;
}

/* Query content words found in the union of kept records r..r+n-1,
 * leaving out r+skip. */
static size_t union_hits(hr_dedup *dd, uint32_t r, uint32_t n, uint32_t skip)
{
    dd->stamp++;
    size_t hits = 0;
    for (uint32_t k = 0; k < n; k++)
        if (k != skip)
            hits += qset_hits(dd, dd->pool + dd->recs[r + k].off, dd->recs[r + k].len);
    return hits;
}

static bool enough(size_t hits, size_t nqc)
{
    return hits >= NEAR_MIN_SHARED && (double)hits >= NEAR_CONTAIN * (double)nqc;
}

/* The first kept paragraph that the query repeats: record index or
 * UINT32_MAX. The candidates are the kept paragraphs sharing an anchor
 * with the query, each tested alone and, when it is followed by other
 * candidates of the same document, together with them (a paragraph that
 * one outlet split in two or three). */
static uint32_t near_paragraph(hr_dedup *dd, const pinfo *pi, bool *ok)
{
    const uint16_t *q = dd->wv + pi->first;
    size_t nqc = qset_load(dd, q, dd->wh + pi->first, pi->n);
    if (nqc < NEAR_MIN_SHARED)
        return UINT32_MAX;
    uint32_t keys[NEAR_MAX_WORDS + 2];
    size_t nk = anchor_keys(dd->wh + pi->first, q, pi->n, keys, NEAR_MAX_WORDS + 2);
    /* The index is far bigger than the caches: every probe and every
     * candidate is a cache miss. Asking for all of them first lets the
     * misses overlap instead of waiting for each in turn. */
    mm_prefetch(&dd->anchors, keys, nk);
    dd->n_cand = 0;
    for (size_t i = 0; i < nk; i++)
        if (!mm_collect(dd, &dd->anchors, keys[i], ANCHOR_CAP)) {
            *ok = false;
            return UINT32_MAX;
        }
    uniq_cands(dd);
    size_t n = dd->n_cand;
    for (size_t c = 0; c < n; c++)
        __builtin_prefetch(&dd->recs[dd->cand[c]]);
    /* each candidate alone; the record (with its bloom) rules most out
     * before its words are read */
    for (size_t c = 0; c < n; c++) {
        const nrec *x = &dd->recs[dd->cand[c]];
        if (enough(x->n_content, nqc) && enough(bloom_bound(dd, x->bloom), nqc)) {
            __builtin_prefetch(dd->pool + x->off);
            __builtin_prefetch(dd->pool + x->off + 32);
        }
    }
    for (size_t c = 0; c < n; c++) {
        const nrec *x = &dd->recs[dd->cand[c]];
        if (!enough(x->n_content, nqc) || !enough(bloom_bound(dd, x->bloom), nqc))
            continue;
        dd->stamp++;
        if (enough(qset_hits(dd, dd->pool + x->off, x->len), nqc) &&
            shares_run(dd, q, pi->n, dd->pool + x->off, x->len))
            return dd->cand[c];
    }
    /* No single one: a run of candidates that are the next kept
     * paragraphs of one document, each adding words the others lack. */
    for (size_t c = 0; c + 1 < n; c++) {
        uint32_t r = dd->cand[c];
        const nrec *x = &dd->recs[r];
        uint64_t bloom = x->bloom;
        for (uint32_t k = 1; k < NEAR_SPLIT && c + k < n; k++) {
            const nrec *y = &dd->recs[r + k];
            if (dd->cand[c + k] != r + k || y->doc != x->doc ||
                y->para > x->para + 2 * NEAR_SPLIT)
                break;
            bloom |= y->bloom;
            if (!enough(bloom_bound(dd, bloom), nqc))
                continue;
            size_t all = union_hits(dd, r, k + 1, UINT32_MAX);
            if (!enough(all, nqc))
                continue;
            bool each = true;
            for (uint32_t m = 0; m <= k && each; m++)
                each = all - union_hits(dd, r, k + 1, m) >= NEAR_SPLIT_ADDS;
            if (!each)
                continue;
            for (uint32_t m = 0; m <= k; m++)
                if (shares_run(dd, q, pi->n, dd->pool + dd->recs[r + m].off,
                               dd->recs[r + m].len))
                    return r;
        }
    }
    return UINT32_MAX;
}

static bool keep_near(hr_dedup *dd, const pinfo *pi, uint32_t doc)
{
    if (dd->n_recs >= UINT32_MAX - 1 || dd->n_pool + pi->n > UINT32_MAX)
        return true;   /* full: stop learning, keep working */
    if (!GROW(dd->recs, dd->cap_recs, dd->n_recs + 1) ||
        !GROW(dd->pool, dd->cap_pool, dd->n_pool + pi->n))
        return false;
    const uint16_t *v = dd->wv + pi->first;
    const uint64_t *h = dd->wh + pi->first;
    size_t nc = 0;
    uint64_t bloom = 0;
    for (size_t i = 0; i < pi->n; i++)
        if (v[i] & SEQ_CONTENT) {
            nc++;
            bloom |= bloom_bit(h[i]);
        }
    uint32_t r = (uint32_t)dd->n_recs;
    dd->recs[dd->n_recs++] = (nrec){doc, pi->para, (uint32_t)dd->n_pool,
                                    (uint16_t)pi->n, (uint16_t)nc, bloom};
    memcpy(dd->pool + dd->n_pool, v, pi->n * sizeof *v);
    dd->n_pool += pi->n;
    uint32_t keys[NEAR_MAX_WORDS + 2];
    size_t nk = anchor_keys(dd->wh + pi->first, v, pi->n, keys, NEAR_MAX_WORDS + 2);
    mm_prefetch(&dd->anchors, keys, nk);
    for (size_t i = 0; i < nk; i++)
        if (!mm_add(&dd->anchors, keys[i], r, ANCHOR_CAP))
            return false;
    return true;
}

/* ---- the document ------------------------------------------------------------- */

static void mark(hr_paragraph *p, hr_reason why, uint64_t doc_id, int32_t para)
{
    p->kind = HR_PARA_DUPLICATE;
    p->reason = (uint16_t)why;
    hex_id(doc_id, p->repeat_of.doc);
    p->repeat_of.para = para;
}

static hr_status oom(hr_error *err, const hr_document *doc)
{
    return hr_error_set(err, HR_ERR_NOMEM, doc->file, doc->record ? "record" : NULL,
                        doc->record, UINT64_MAX,
                        "out of memory in the duplicate index");
}

static bool is_near_candidate(const pinfo *pi)
{
    return pi->n >= NEAR_MIN_WORDS && pi->n <= NEAR_MAX_WORDS;
}

static hr_status dedup_doc(hr_dedup *dd, hr_document *doc, hr_error *err)
{
    doc->dup = HR_DUP_NONE;
    doc->dup_of[0] = '\0';
    doc->dup_similarity = 0;

    uint64_t body;
    if (!read_body(dd, doc, &body))
        return oom(err, doc);
    bool id_ok;
    uint64_t id = parse_id(doc->id, &id_ok);
    /* An empty text is not a copy of another empty text. */
    bool use_id = id_ok && id != dd->empty_hash;
    bool use_body = dd->n_words > 0 && body != dd->empty_hash;
    if (!id_ok)
        id = body;

    /* 1. exact duplicate */
    uint64_t first;
    if ((use_id && map_find(&dd->doc_keys, id, &first)) ||
        (use_body && map_find(&dd->doc_keys, body, &first))) {
        uint64_t first_id = dd->doc_id[first];
        doc->dup = HR_DUP_EXACT;
        hex_id(first_id, doc->dup_of);
        for (size_t k = 0; k < dd->n_pi; k++) {
            uint64_t ref;
            hr_paragraph *p = &doc->paragraphs[dd->pi[k].para];
            if (map_find(&dd->paras, dd->pi[k].hash, &ref))
                mark(p, HR_WHY_DUP_DOC, dd->doc_id[ref >> 32], (int32_t)(uint32_t)ref);
            else
                mark(p, HR_WHY_DUP_DOC, first_id, -1);
        }
        /* so that a later copy with this id finds the first directly */
        if ((use_id && !map_add(&dd->doc_keys, id, first)) ||
            (use_body && !map_add(&dd->doc_keys, body, first)))
            return oom(err, doc);
        return HR_OK;
    }

    if (dd->n_docs >= UINT32_MAX - 1)
        return HR_OK;   /* full: stop learning */
    uint32_t me = (uint32_t)dd->n_docs;

    /* 2. near duplicate */
    uint32_t sig[SIG_BINS];
    bool has_sig = signature(dd, sig);
    if (has_sig) {
        uint32_t other;
        float sim;
        bool ok = true;
        bool found = near_doc(dd, sig, &other, &sim, &ok);
        if (!ok)
            return oom(err, doc);
        if (found) {
            doc->dup = HR_DUP_NEAR;
            hex_id(dd->doc_id[other], doc->dup_of);
            doc->dup_similarity = sim;
        }
    }

    /* 3. repeated paragraphs; what is new is remembered after, so that a
     * paragraph never repeats one of its own document */
    bool ok = true;
    for (size_t k = 0; k < dd->n_pi && ok; k++) {
        pinfo *pi = &dd->pi[k];
        hr_paragraph *p = &doc->paragraphs[pi->para];
        uint64_t ref;
        if (pi->n < REPEAT_MIN_WORDS)
            continue;
        if (map_find(&dd->paras, pi->hash, &ref)) {
            mark(p, HR_WHY_REPEAT, dd->doc_id[ref >> 32], (int32_t)(uint32_t)ref);
        } else if (is_near_candidate(pi)) {
            uint32_t r = near_paragraph(dd, pi, &ok);
            if (r != UINT32_MAX)
                mark(p, HR_WHY_REPEAT, dd->doc_id[dd->recs[r].doc],
                     (int32_t)dd->recs[r].para);
        }
    }
    if (!ok)
        return oom(err, doc);

    /* remember the document */
    if (!GROW(dd->doc_id, dd->cap_doc_id, dd->n_docs + 1) ||
        !GROW(dd->sigs, dd->cap_sigs, (dd->n_docs + 1) * SIG_BINS))
        return oom(err, doc);
    dd->doc_id[me] = id;
    uint16_t *s16 = dd->sigs + (size_t)me * SIG_BINS;
    for (int i = 0; i < SIG_BINS; i++)
        s16[i] = has_sig ? (uint16_t)sig[i] : 0;
    dd->n_docs++;
    if ((use_id && !map_add(&dd->doc_keys, id, me)) ||
        (use_body && !map_add(&dd->doc_keys, body, me)))
        return oom(err, doc);
    if (has_sig)
        for (int b = 0; b < dd->bands; b++)
            if (!mm_add(&dd->bands_map, band_key(sig, b, dd->rows), me, BAND_CAP))
                return oom(err, doc);

    /* and its new paragraphs */
    for (size_t k = 0; k < dd->n_pi; k++) {
        const pinfo *pi = &dd->pi[k];
        if (pi->n < REPEAT_MIN_WORDS ||
            doc->paragraphs[pi->para].kind != HR_PARA_BODY)
            continue;
        uint64_t ref;
        if (map_find(&dd->paras, pi->hash, &ref))
            continue;   /* twice in this document */
        if (!map_add(&dd->paras, pi->hash, (uint64_t)me << 32 | pi->para))
            return oom(err, doc);
        if (is_near_candidate(pi) && !keep_near(dd, pi, me))
            return oom(err, doc);
    }
    return HR_OK;
}

/* Scratch grown for one huge document is given back after it, so that
 * what the index holds stays what it has learnt. */
static void trim_scratch(hr_dedup *dd)
{
    if (dd->cap_fold > SCRATCH_KEEP) {
        free(dd->fold);
        dd->fold = NULL;
        dd->cap_fold = 0;
    }
    if (dd->cap_wh * sizeof(uint64_t) > SCRATCH_KEEP) {
        free(dd->wh);
        free(dd->wv);
        dd->wh = NULL;
        dd->wv = NULL;
        dd->cap_wh = dd->cap_wv = 0;
    }
}

hr_status hr_dedup_document(hr_dedup *dd, hr_document *doc, hr_error *err)
{
    if (!dd || !doc)
        return hr_error_set(err, HR_ERR_ARG, NULL, NULL, 0, UINT64_MAX,
                            "hr_dedup_document: no index or no document");
    hr_status st = dedup_doc(dd, doc, err);
    trim_scratch(dd);
    return st;
}
