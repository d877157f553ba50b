/*
 * boiler.c - body vs boilerplate, paragraph by paragraph.
 *
 * Three layers, cheapest first:
 *
 *  1. Verdicts on a paragraph alone: no letters (markers, numbers);
 *     metadata (the title, a dateline alone, a timestamp line); a known
 *     phrase (data/boilerplate.txt: share, subscribe, comment prompts,
 *     credits, cookie notices, "read more"), a byline, a photo caption set
 *     as a paragraph; a line seen on earlier pages of the outlet or of the
 *     corpus; an element that is never article text (nav, header, footer,
 *     aside, figcaption); a line that is all link; short lines in another
 *     language inside an English article (promos).
 *
 *  2. A quality score for the rest, as jusText and boilerpipe use: length,
 *     density of English stop words (for other languages: sentence
 *     punctuation and length), link density, and where the paragraph
 *     sits: before the page's title heading, in a comment section, after a
 *     line that ends the article ("Leave a reply"), or outside the
 *     container that holds the article. The HTML reader does not name the
 *     container, so it is inferred: the class/element flags (ctx) carried
 *     by most of the prose of the main run are the article's signature,
 *     and prose without them is elsewhere on the page.
 *
 *  3. The article is a run: a Viterbi pass over the scores with three
 *     states (before, body, after) and a cost for each switch, a higher one
 *     for going back into the body. Short lines between body paragraphs
 *     stay body (jusText's context smoothing); prose far from the article
 *     (teasers, comments, footers) does not join it; what precedes the
 *     first body paragraph or follows the last is boilerplate by position.
 *
 * Cost: one pass over each paragraph's bytes and a few hash lookups per
 * word, no regular expressions. Memory: per-document scratch that grows
 * with the paragraph count, and a fixed 2 MiB table of lines seen.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

extern const char *const hr_boilerplate[];
extern const size_t hr_boilerplate_count;

/* ---- tunables ------------------------------------------------------------ */

/* Phrase matching: words of an entry, bytes of a paragraph searched for
 * "contains" entries, bytes under which a one-word prefix counts. */
#define PHRASE_WORDS 8
#define CONTAINS_MAX_BYTES 300
#define CONTAINS_WORDS 3
#define SHORT_PREFIX_BYTES 200

/* Line memory: lines under LINE_MAX_BYTES are counted; a line seen in at
 * least OUTLET_MIN earlier documents of the same outlet, or CORPUS_MIN of
 * the corpus, is boilerplate. Documents are told apart by a 64-bit mask
 * (one bit per document id), so counts saturate at 64. */
#define LINE_MAX_BYTES 200
#define LINE_SLOTS ((size_t)1 << 17)   /* 2 MiB */
#define LINE_PROBE 8
#define OUTLET_MIN 3
#define CORPUS_MIN 6

/* Scores. A paragraph's emission is weight * quality; weight grows with
 * length up to weight_cap characters; quality is in about [-3, 1.2]. The
 * values were set on the html-eval pages (bench/eval-extract.py), checked
 * on both halves of them and on the project's own examples. */
#define TUNABLES(X)                                                          \
    X(weight_cap, 500)        /* characters */                              \
    X(weight_unit, 100)                                                     \
    X(switch_cost, 1.5)       /* Viterbi: entering or leaving the body */   \
    X(re_enter, 3)            /* Viterbi: back into the body after a gap */ \
    X(stop_mid, 0.25)         /* English stop-word density of neutral text */\
    X(stop_gain, 3)                                                         \
    X(no_end, 0.3)            /* no sentence punctuation (not list/heading) */\
    X(foreign_prose, 0.4)     /* other languages: sentence punctuation */   \
    X(foreign_short, 40)      /* characters */                              \
    X(foreign_long, 200)      /* characters: long enough to be prose */     \
    X(foreign_item, 0)        /* a list item or heading with no stop */     \
    X(link_gain, 2)           /* times the link density */                  \
    X(link_line_tenths, 9)    /* link share (tenths) of a navigation line */\
    X(link_gain_prose, 1)     /* the same in running prose */               \
    X(hard_context, -3)       /* nav, header, footer, aside */              \
    X(comment_score, -1)      /* inside a comment section */                \
    X(pre_title, 0.5)         /* before the title heading */                \
    X(out_container, 1)       /* prose outside the article's container */   \
    X(in_container, 0.2)                                                    \
    X(in_floor, 0)            /* least quality inside the container */      \
    X(sig_in, 0.7)            /* a flag on this share of prose is required */\
    X(sig_out, 0.2)           /* a flag on at most this share is avoided */ \
    X(sig_min_chars, 100)     /* prose that votes on the signature */       \
    X(main_run_share, 0.3)    /* a run after the title this big is the main */\
    X(dup_min_bytes, 300)     /* a body text repeated in the page this long */\
    X(after_end, 1)           /* past a line that ends the article */

typedef struct tune {
#define X(name, v) double name;
    TUNABLES(X)
#undef X
} tune;

/* ---- hashing of normalized words ------------------------------------------ */

static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* The hash of a word sequence: words are folded in one at a time, so a
 * prefix's hash is a step on the way to the whole line's. */
#define SEQ_SEED 0x51ed270b27a3f1c5ULL
static inline uint64_t seq_add(uint64_t h, uint64_t w)
{
    return mix64(h * 0x9e3779b97f4a7c15ULL + w);
}

#define FNV_INIT 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/* ---- a set of 64-bit keys ------------------------------------------------- */

typedef struct hset {
    uint64_t *k;
    size_t mask;
} hset;

static bool hset_init(hset *s, size_t n)
{
    size_t cap = 16;
    while (cap < n * 2)
        cap <<= 1;
    s->k = calloc(cap, sizeof *s->k);
    s->mask = cap - 1;
    return s->k != NULL;
}

static inline uint64_t nz(uint64_t k) { return k ? k : 1; }

static void hset_add(hset *s, uint64_t key)
{
    key = nz(key);
    for (size_t i = (size_t)key & s->mask;; i = (i + 1) & s->mask) {
        if (s->k[i] == key)
            return;
        if (!s->k[i]) {
            s->k[i] = key;
            return;
        }
    }
}

static inline bool hset_has(const hset *s, uint64_t key)
{
    key = nz(key);
    for (size_t i = (size_t)key & s->mask;; i = (i + 1) & s->mask) {
        if (s->k[i] == key)
            return true;
        if (!s->k[i])
            return false;
    }
}

/* ---- social promos --------------------------------------------------------------- */

/* "Follow Kura News on Telegram and Facebook for live updates": a short
 * line that starts with one of these verbs and names a network. */
static const char *const PROMO_VERBS[] = {
    "follow", "join", "subscribe", "find", "watch", "listen", "share",
    "download", "visit", "connect", "sign",
};
static const char *const NETWORKS[] = {
    "telegram", "facebook", "twitter", "instagram", "youtube", "whatsapp",
    "viber", "vk", "vkontakte", "tiktok", "linkedin", "threads", "mastodon",
    "podcast", "app", "newsletter",
};

/* ---- English stop words ------------------------------------------------------ */

/* Function words of English: their share of a paragraph's words tells
 * running prose (about a third or more) from menus, headlines, captions
 * and lists of names (few). Written for Herald. */
static const char *const STOP_WORDS[] = {
    "a", "about", "above", "across", "after", "again", "against", "all",
    "almost", "along", "also", "although", "am", "among", "an", "and",
    "another", "any", "are", "around", "as", "at", "be", "because", "been",
    "before", "being", "below", "between", "both", "but", "by", "can",
    "cannot", "could", "did", "do", "does", "doing", "done", "down",
    "during", "each", "either", "enough", "even", "ever", "every", "few",
    "for", "from", "further", "had", "has", "have", "having", "he", "her",
    "here", "hers", "herself", "him", "himself", "his", "how", "however",
    "i", "if", "in", "into", "is", "it", "its", "itself", "just", "last",
    "least", "less", "like", "made", "make", "many", "may", "me", "might",
    "more", "most", "much", "must", "my", "myself", "neither", "never",
    "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one",
    "only", "or", "other", "others", "our", "ours", "ourselves", "out",
    "over", "own", "per", "perhaps", "rather", "said", "same", "says",
    "see", "several", "shall", "she", "should", "since", "so", "some",
    "still", "such", "than", "that", "the", "their", "theirs", "them",
    "themselves", "then", "there", "these", "they", "this", "those",
    "though", "through", "thus", "to", "too", "toward", "towards", "two",
    "under", "until", "up", "upon", "us", "very", "was", "we", "well",
    "were", "what", "when", "where", "whether", "which", "while", "who",
    "whom", "whose", "why", "will", "with", "within", "without", "would",
    "yet", "you", "your", "yours", "yourself", "yourselves",
    /* contractions, apostrophe dropped as the scanner does */
    "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "hasnt",
    "havent", "hadnt", "cant", "couldnt", "wont", "wouldnt", "shouldnt",
    "im", "ive", "youre", "theyre", "weve", "hes", "shes", "thats",
    "theres", "lets",
};

/* ---- the object ------------------------------------------------------------ */

typedef struct line_ent {
    uint64_t key;
    uint64_t docs;   /* one bit per document id (mod 64) */
} line_ent;

/* What the scan finds in one paragraph. */
typedef struct pfeat {
    uint32_t chars, words, stops, ends, commas;
    uint32_t latin, nonlatin;   /* letters by script */
    uint32_t digits;
    uint32_t link_bytes;
    uint64_t hash;              /* normalized text */
    double q, e;                /* quality, emission */
    double ld, lg;              /* link density, its weight */
    uint8_t hard;               /* hr_reason decided alone, or 0 */
    bool transparent;           /* left out of the run (phrases, metadata) */
    bool has_text, final_end, copyright, en;
    bool ender;                 /* a phrase that ends the article */
    bool boxer;                 /* a phrase that heads a box of links */
    bool timestamp;             /* holds a publication timestamp */
} pfeat;

struct hr_boiler {
    tune t;
    hset stop;
    hset whole, prefix, prefix_short, contains;
    hset end_whole, end_prefix;    /* "!" entries: the article has ended */
    hset box_whole, box_prefix;    /* ">" entries: a box of links follows */
    hset credit;                   /* "(x ...)" entries: a caption's credit */
    hset promo_verb, network;
    line_ent *lines;
    /* per-document scratch, reused */
    pfeat *f;
    size_t cap_f;
    int32_t *seq;
    uint8_t *back;
    uint8_t *lab;
    size_t cap_seq;
    uint64_t *seen;     /* hashes of body paragraphs of this document */
    size_t cap_seen, seen_mask;
    hr_buf norm;        /* normalized text of a heading */
    hr_buf title;       /* normalized title */
};

/* ---- the scanner ------------------------------------------------------------- */

/* Per-word results the scan hands back for phrase matching. */
typedef struct wscan {
    uint64_t prefix[PHRASE_WORDS];   /* hash of the first k+1 words */
    uint64_t word[CONTAINS_MAX_BYTES / 2 + 1];
    size_t n_word;                   /* words kept in word[] */
    bool keep_words;
    hr_buf *norm;                    /* if set: the normalized text */
} wscan;

static inline bool ascii_digit(unsigned c) { return c - '0' < 10; }

static inline bool is_closer(int32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D ||
           cp == 0x2019 || cp == 0xBB || cp == 0x203A;
}

/* One pass over text: counts, stop words, the normalized hash and the
 * per-word hashes phrase matching needs. Normalized text is letters and
 * digits case folded, apostrophes dropped, everything else a separator.
 * Word-level work happens at word ends; each byte costs a table lookup
 * (ASCII) or one utf8proc lookup (other scripts). */
static void scan_text(const hr_boiler *bp, const char *text, size_t len,
                      pfeat *f, wscan *ws)
{
    const unsigned char *s = (const unsigned char *)text;
    uint64_t h = SEQ_SEED, wh = FNV_INIT;
    uint32_t wlen = 0, run = 0;        /* bytes in the word, letters in a row */
    bool ascii_word = true, pending_end = false;
    memset(f, 0, sizeof *f);
    if (ws)
        ws->n_word = 0;

#define END_WORD()                                                          \
    do {                                                                    \
        if (wlen) {                                                         \
            if (ascii_word && wlen <= 12 && hset_has(&bp->stop, wh))        \
                f->stops++;                                                 \
            h = seq_add(h, wh);                                             \
            if (ws) {                                                       \
                if (f->words < PHRASE_WORDS)                                \
                    ws->prefix[f->words] = h;                               \
                if (ws->keep_words &&                                       \
                    ws->n_word < sizeof ws->word / sizeof *ws->word)        \
                    ws->word[ws->n_word++] = wh;                            \
            }                                                               \
            f->words++;                                                     \
            wh = FNV_INIT;                                                  \
            wlen = 0;                                                       \
            ascii_word = true;                                              \
        }                                                                   \
    } while (0)

    hr_buf *norm = ws ? ws->norm : NULL;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        /* The common case, a run of ASCII letters and digits, in a tight
         * loop: one table lookup and one multiply per byte. */
        unsigned lc = hr_fold[c];
        if (lc) {
            pending_end = false;
            size_t j = i;
            do {
                wh = (wh ^ lc) * FNV_PRIME;
                if (lc >= 'a') {
                    f->latin++;
                    if (++run >= 2)
                        f->has_text = true;
                } else {
                    run = 0;
                    f->digits++;
                }
                j++;
            } while (j < len && (lc = hr_fold[s[j]]) != 0);
            if (norm)
                for (size_t k = i; k < j; k++)
                    hr_buf_putc(norm, (char)hr_fold[s[k]]);
            wlen += (uint32_t)(j - i);
            f->chars += (uint32_t)(j - i);
            i = j;
            continue;
        }
        int32_t cp;
        size_t adv = 1;
        if (c < 0x80) {
            cp = (int32_t)c;
        } else {
            utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
            if (n <= 0) {
                cp = 0xFFFD;
                n = 1;
            }
            adv = (size_t)n;
        }
        f->chars++;

        /* sentence ends: a stop followed by a space, a closer or the end */
        if (pending_end) {
            if (cp == ' ' || cp == 0xA0)
                f->ends++, pending_end = false;
            else if (!is_closer(cp) && cp != '.' && cp != '!' && cp != '?' && cp != 0x2026)
                pending_end = false;
        }

        if (c < 0x80) {
            run = 0;
            if (c == '\'') {          /* apostrophes join: "don't" -> dont */
                i++;
                continue;
            }
            if (c == '.' || c == '!' || c == '?')
                pending_end = true;
            else if (c == ',' || c == ';')
                f->commas++;
            END_WORD();
            if (norm && norm->len && norm->data[norm->len - 1] != ' ')
                hr_buf_putc(norm, ' ');
            i++;
            continue;
        }

        /* other scripts */
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cp == 0x2019 || cp == 0x02BC) {      /* typographic apostrophes */
            run = 0;
            i += adv;
            continue;
        }
        bool letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
        bool mark = cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME;
        bool number = cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO;
        if (letter || mark || number) {
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t m = utf8proc_encode_char(letter ? utf8proc_tolower(cp) : cp, enc);
            for (utf8proc_ssize_t k = 0; k < m; k++)
                wh = (wh ^ enc[k]) * FNV_PRIME;
            if (norm)
                hr_buf_append(norm, enc, (size_t)m);
            wlen += (uint32_t)m;
            ascii_word = false;
            if (letter) {
                if (cp < 0x2B0)
                    f->latin++;
                else
                    f->nonlatin++;
                if (++run >= 2)
                    f->has_text = true;
                /* CJK ideographs and kana are words of their own */
                if (cp >= 0x3040 && cp < 0xA000) {
                    END_WORD();
                    run = 2;
                }
            } else if (!mark) {
                run = 0;
            }
            i += adv;
            continue;
        }
        run = 0;
        if (cp == 0x2026 || cp == 0x061F || cp == 0x0964)
            pending_end = true;
        else if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F)
            f->ends++;    /* CJK stops need no space after them */
        else if (cp == 0x060C || cp == 0x3001 || cp == 0xFF0C)
            f->commas++;
        else if (cp == 0xA9)
            f->copyright = true;
        END_WORD();
        if (norm && norm->len && norm->data[norm->len - 1] != ' ')
            hr_buf_putc(norm, ' ');
        i += adv;
    }
    END_WORD();
#undef END_WORD
    if (pending_end) {
        f->ends++;
        f->final_end = true;
    }
    if (norm && norm->len && norm->data[norm->len - 1] == ' ')
        norm->len--;
    f->hash = h;
}

/* ---- phrase table ------------------------------------------------------------ */

static void add_phrase(hr_boiler *bp, const char *entry)
{
    bool ender = false, boxer = false;
    for (;; entry++) {
        if (*entry == '!')
            ender = true;
        else if (*entry == '>')
            boxer = true;
        else
            break;
    }
    while (*entry == ' ')
        entry++;
    size_t n = strlen(entry);
    bool credit = n > 6 && entry[0] == '(' && memcmp(entry + n - 5, " ...)", 5) == 0;
    if (credit) {
        entry++;
        n -= 6;
    }
    bool prefix = false, contains = false;
    if (n >= 4 && memcmp(entry + n - 4, " ...", 4) == 0) {
        prefix = true;
        n -= 4;
    }
    if (n >= 4 && memcmp(entry, "... ", 4) == 0) {
        contains = true;
        entry += 4;
        n -= 4;
    }
    pfeat f;
    wscan ws;
    ws.keep_words = false;
    ws.norm = NULL;
    scan_text(bp, entry, n, &f, &ws);
    if (f.words == 0 || f.words > PHRASE_WORDS)
        return;   /* the data file's header says: at most 8 words */
    if (credit) {
        hset_add(&bp->credit, f.hash);
    } else if (contains) {
        if (f.words <= CONTAINS_WORDS)
            hset_add(&bp->contains, f.hash);
    } else if (prefix) {
        hset_add(f.words == 1 ? &bp->prefix_short : &bp->prefix, f.hash);
        if (ender)
            hset_add(&bp->end_prefix, f.hash);
        if (boxer)
            hset_add(&bp->box_prefix, f.hash);
    } else {
        hset_add(&bp->whole, f.hash);
        if (ender)
            hset_add(&bp->end_whole, f.hash);
        if (boxer)
            hset_add(&bp->box_whole, f.hash);
    }
}

static uint64_t word_hash(const char *w)
{
    uint64_t h = FNV_INIT;
    for (; *w; w++)
        h = (h ^ (unsigned char)*w) * FNV_PRIME;
    return h;
}

hr_boiler *hr_boiler_new(void)
{
    hr_boiler *bp = calloc(1, sizeof *bp);
    if (!bp)
        return NULL;
#define X(name, v) bp->t.name = v;
    TUNABLES(X)
#undef X
#ifdef HR_BOILER_TUNE
    /* For parameter sweeps (bench): HR_BOILER_TUNE="switch_cost=2,..." */
    const char *env = getenv("HR_BOILER_TUNE");
    while (env && *env) {
        const char *eq = strchr(env, '='), *end = strchr(env, ',');
        if (!eq)
            break;
        if (!end)
            end = env + strlen(env);
#define X(name, v)                                                          \
        if ((size_t)(eq - env) == sizeof #name - 1 && !strncmp(env, #name, sizeof #name - 1)) \
            bp->t.name = atof(eq + 1);
        TUNABLES(X)
#undef X
        env = *end ? end + 1 : end;
    }
#endif
    size_t n_stop = sizeof STOP_WORDS / sizeof *STOP_WORDS;
    if (!hset_init(&bp->stop, n_stop) || !hset_init(&bp->whole, hr_boilerplate_count) ||
        !hset_init(&bp->prefix, hr_boilerplate_count) ||
        !hset_init(&bp->prefix_short, hr_boilerplate_count) ||
        !hset_init(&bp->contains, hr_boilerplate_count) ||
        !hset_init(&bp->end_whole, hr_boilerplate_count) ||
        !hset_init(&bp->end_prefix, hr_boilerplate_count) ||
        !hset_init(&bp->credit, hr_boilerplate_count) ||
        !hset_init(&bp->box_whole, hr_boilerplate_count) ||
        !hset_init(&bp->box_prefix, hr_boilerplate_count) ||
        !hset_init(&bp->promo_verb, 32) || !hset_init(&bp->network, 32) ||
        !(bp->lines = calloc(LINE_SLOTS, sizeof *bp->lines))) {
        hr_boiler_free(bp);
        return NULL;
    }
    for (size_t i = 0; i < n_stop; i++)
        hset_add(&bp->stop, word_hash(STOP_WORDS[i]));
    for (size_t i = 0; i < sizeof PROMO_VERBS / sizeof *PROMO_VERBS; i++)
        hset_add(&bp->promo_verb, word_hash(PROMO_VERBS[i]));
    for (size_t i = 0; i < sizeof NETWORKS / sizeof *NETWORKS; i++)
        hset_add(&bp->network, word_hash(NETWORKS[i]));
    for (size_t i = 0; i < hr_boilerplate_count && hr_boilerplate[i]; i++)
        add_phrase(bp, hr_boilerplate[i]);
    return bp;
}

void hr_boiler_free(hr_boiler *bp)
{
    if (!bp)
        return;
    free(bp->stop.k);
    free(bp->whole.k);
    free(bp->prefix.k);
    free(bp->prefix_short.k);
    free(bp->contains.k);
    free(bp->end_whole.k);
    free(bp->end_prefix.k);
    free(bp->credit.k);
    free(bp->box_whole.k);
    free(bp->box_prefix.k);
    free(bp->promo_verb.k);
    free(bp->network.k);
    free(bp->lines);
    free(bp->f);
    free(bp->seq);
    free(bp->back);
    free(bp->lab);
    free(bp->seen);
    hr_buf_free(&bp->norm);
    hr_buf_free(&bp->title);
    free(bp);
}

/* Does the paragraph match a phrase entry? Flags: PHRASE_HIT, and
 * PHRASE_END (the article is over), PHRASE_BOX (a box of links follows). */
enum { PHRASE_HIT = 1, PHRASE_END = 2, PHRASE_BOX = 4 };

static int phrase_match(const hr_boiler *bp, const pfeat *f, const wscan *ws,
                        size_t len)
{
    if (hset_has(&bp->whole, f->hash))
        return PHRASE_HIT | (hset_has(&bp->end_whole, f->hash) ? PHRASE_END : 0) |
               (hset_has(&bp->box_whole, f->hash) ? PHRASE_BOX : 0);
    size_t kmax = HR_MIN((size_t)f->words, (size_t)PHRASE_WORDS);
    for (size_t k = 0; k < kmax; k++) {
        uint64_t h = ws->prefix[k];
        bool hit;
        if (k == 0) {
            /* one word: only a label ("Photo: AP", "Tags: x, y"), not a
             * sentence that begins with the word */
            hit = len < SHORT_PREFIX_BYTES && (f->words <= 8 || f->ends == 0) &&
                  hset_has(&bp->prefix_short, h);
        } else {
            hit = hset_has(&bp->prefix, h);
        }
        if (hit)
            return PHRASE_HIT | (hset_has(&bp->end_prefix, h) ? PHRASE_END : 0) |
                   (hset_has(&bp->box_prefix, h) ? PHRASE_BOX : 0);
    }
    if (ws->keep_words && ws->n_word && len < LINE_MAX_BYTES &&
        hset_has(&bp->promo_verb, ws->word[0])) {
        for (size_t i = 1; i < ws->n_word; i++)
            if (hset_has(&bp->network, ws->word[i]))
                return PHRASE_HIT;
    }
    if (ws->keep_words) {
        for (size_t i = 0; i < ws->n_word; i++) {
            uint64_t h = SEQ_SEED;
            for (size_t k = 0; k < CONTAINS_WORDS && i + k < ws->n_word; k++) {
                h = seq_add(h, ws->word[i + k]);
                if (hset_has(&bp->contains, h))
                    return PHRASE_HIT;
            }
        }
    }
    return 0;
}

/* ---- line memory -------------------------------------------------------------- */

static line_ent *line_find(hr_boiler *bp, uint64_t key, bool insert)
{
    key = nz(key);
    size_t at = (size_t)(key & (LINE_SLOTS - 1));
    line_ent *victim = NULL;
    for (size_t p = 0; p < LINE_PROBE; p++) {
        line_ent *e = &bp->lines[(at + p) & (LINE_SLOTS - 1)];
        if (e->key == key)
            return e;
        if (!e->key) {
            if (!insert)
                return NULL;
            e->key = key;
            e->docs = 0;
            return e;
        }
        if (!victim || __builtin_popcountll(e->docs) < __builtin_popcountll(victim->docs))
            victim = e;
    }
    if (!insert)
        return NULL;
    /* Full neighbourhood: the least-seen line makes room (the table is a
     * cache of frequent lines, not a record of all of them). */
    victim->key = key;
    victim->docs = 0;
    return victim;
}

static uint64_t outlet_key(uint64_t line, uint64_t outlet)
{
    return mix64(line ^ (outlet * 0xff51afd7ed558ccdULL));
}

/* ---- small text tests ------------------------------------------------------------ */

static bool ieq_suffix(const char *s, size_t n, const char *suf)
{
    size_t m = strlen(suf);
    if (n < m)
        return false;
    for (size_t i = 0; i < m; i++)
        if ((s[n - m + i] | 32) != suf[i])
            return false;
    return true;
}

/* A comment's header line: "Alex on May 3, 2018 at 6:34 am said:",
 * "joetoronto says:", "November 19, 2019 at 6:34 am", "Reply". */
static bool comment_header(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' '))
        n--;
    if (n == 0 || n >= 100)
        return false;
    if (ieq_suffix(s, n, "said:") || ieq_suffix(s, n, "says:") ||
        ieq_suffix(s, n, "wrote:"))
        return true;
    if (n == 5 && ieq_suffix(s, n, "reply"))
        return true;
    /* "at H:MM am" / "at HH:MM pm" at the end */
    if (ieq_suffix(s, n, "am") || ieq_suffix(s, n, "pm")) {
        size_t i = n - 2;
        if (i && s[i - 1] == ' ')
            i--;
        if (i < 2 || !ascii_digit((unsigned char)s[i - 1]) || !ascii_digit((unsigned char)s[i - 2]))
            return false;
        i -= 2;
        if (i < 1 || s[i - 1] != ':')
            return false;
        i--;
        size_t d = 0;
        while (i && ascii_digit((unsigned char)s[i - 1]) && d < 2)
            i--, d++;
        return d >= 1 && i >= 4 && ieq_suffix(s, i, " at ");
    }
    return false;
}

/* Is b[0..bn) inside a[0..an)? */
static bool contains_bytes(const char *a, size_t an, const char *b, size_t bn)
{
    if (bn == 0)
        return true;
    for (size_t i = 0; i + bn <= an; i++)
        if (a[i] == b[0] && memcmp(a + i, b, bn) == 0)
            return true;
    return false;
}

/* A photo caption set as a paragraph (no <figcaption> around it): it ends
 * with a credit in parentheses ("... (AP Photo/Jane Doe)", "(Image:
 * GETTY)") or places people in the picture ("X, left, and Y"). */
static bool caption(const hr_boiler *bp, const char *s, size_t n, const pfeat *f)
{
    if (n >= 400 || f->ends > 3)
        return false;
    size_t e = n;
    while (e && s[e - 1] == ' ')
        e--;
    if (e > 2 && s[e - 1] == ')') {
        size_t o = e - 1;
        while (o > 0 && s[o] != '(' && e - o < 120)
            o--;
        if (s[o] == '(' && e - 1 > o + 1) {
            pfeat cf;
            wscan ws;
            ws.keep_words = false;
            ws.norm = NULL;
            scan_text(bp, s + o + 1, e - 1 - (o + 1), &cf, &ws);
            for (size_t k = 0; k < HR_MIN((size_t)cf.words, (size_t)3); k++)
                if (hset_has(&bp->credit, ws.prefix[k]))
                    return true;
        }
    }
    /* ", left," and the like, looked for at each comma */
    static const char *const PLACES[] = {" left,", " right,", " center,", " centre,",
                                         " second left,", " second right,", " front,"};
    for (const char *c = memchr(s, ',', n); c; c = memchr(c + 1, ',', (size_t)(s + n - c - 1))) {
        size_t rest = (size_t)(s + n - c - 1);
        if (rest < 6 || c[1] != ' ')
            continue;
        for (size_t i = 0; i < sizeof PLACES / sizeof *PLACES; i++) {
            size_t pl = strlen(PLACES[i]);
            if (rest >= pl && memcmp(c + 1, PLACES[i], pl) == 0)
                return true;
        }
    }
    return false;
}

/* "About Ascom", "About the author": the box after a press release or a
 * post, not the story. */
static bool about_line(const char *s, size_t n, const pfeat *f)
{
    return n >= 7 && (s[0] | 32) == 'a' && (s[1] | 32) == 'b' && (s[2] | 32) == 'o' &&
           (s[3] | 32) == 'u' && (s[4] | 32) == 't' && s[5] == ' ' && f->words <= 5 &&
           f->ends == 0 && f->commas == 0;
}

/* A byline: "By Jane Smith", "By admin" - short, no sentence end. */
static bool byline(const char *s, size_t n, const pfeat *f)
{
    return n >= 4 && (s[0] | 32) == 'b' && (s[1] | 32) == 'y' && s[2] == ' ' &&
           f->words <= 5 && f->ends == 0 && f->commas == 0;
}

static bool lang_is(const char *lang, const char *code)
{
    return lang && strcmp(lang, code) == 0;
}

static bool lang_known(const char *lang)
{
    return lang && lang[0] && strcmp(lang, "und") != 0;
}

/* ---- scratch --------------------------------------------------------------------- */

static bool grow(hr_boiler *bp, size_t n)
{
    if (n > bp->cap_f) {
        size_t cap = bp->cap_f ? bp->cap_f : 64;
        while (cap < n)
            cap *= 2;
        pfeat *f = realloc(bp->f, cap * sizeof *f);
        if (!f)
            return false;
        bp->f = f;
        bp->cap_f = cap;
    }
    if (n > bp->cap_seq) {
        size_t cap = bp->cap_seq ? bp->cap_seq : 64;
        while (cap < n)
            cap *= 2;
        int32_t *seq = realloc(bp->seq, cap * sizeof *seq);
        if (seq)
            bp->seq = seq;
        uint8_t *back = realloc(bp->back, cap);
        if (back)
            bp->back = back;
        uint8_t *lab = realloc(bp->lab, cap);
        if (lab)
            bp->lab = lab;
        if (!seq || !back || !lab)
            return false;
        bp->cap_seq = cap;
    }
    if (n * 2 > bp->cap_seen) {
        size_t cap = bp->cap_seen ? bp->cap_seen : 128;
        while (cap < n * 2)
            cap *= 2;
        uint64_t *seen = realloc(bp->seen, cap * sizeof *seen);
        if (!seen)
            return false;
        bp->seen = seen;
        bp->cap_seen = cap;
    }
    return true;
}

/* Adds h to the document's set of body texts; false if it was there. */
static bool seen_add(hr_boiler *bp, uint64_t h)
{
    h = nz(h);
    size_t mask = bp->seen_mask;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        if (bp->seen[i] == h)
            return false;
        if (!bp->seen[i]) {
            bp->seen[i] = h;
            return true;
        }
    }
}

/* ---- the run ----------------------------------------------------------------------- */

typedef struct sig {
    uint32_t need, avoid;
} sig;

enum { CTX_HARD = HR_CTX_NAV | HR_CTX_HEADER | HR_CTX_FOOTER | HR_CTX_ASIDE };

/* Flags that are required of (need) or held against (avoid) article text,
 * from the prose among paragraphs [from, to]. */
static sig signature(const tune *t, const hr_document *doc, const pfeat *f,
                     size_t from, size_t to)
{
    static const uint32_t NEED = HR_CTX_ARTICLE | HR_CTX_MAIN | HR_CTX_CONTENT_HINT;
    static const uint32_t AVOID = HR_CTX_BOILER_HINT | HR_CTX_FORM | HR_CTX_ARTICLE |
                                  HR_CTX_MAIN | HR_CTX_CONTENT_HINT;
    double tot = 0, on[32] = {0};
    for (size_t i = from; i <= to && i < doc->n_paragraphs; i++) {
        if (f[i].hard || f[i].q <= 0 || f[i].chars < t->sig_min_chars)
            continue;
        tot += f[i].chars;
        uint32_t c = doc->paragraphs[i].ctx;
        for (int b = 0; b < 16; b++)
            if (c >> b & 1)
                on[b] += f[i].chars;
    }
    sig s = {0, 0};
    if (tot <= 0)
        return s;
    for (int b = 0; b < 16; b++) {
        uint32_t bit = 1u << b;
        if ((NEED & bit) && on[b] >= t->sig_in * tot)
            s.need |= bit;
        if ((AVOID & bit) && on[b] <= t->sig_out * tot)
            s.avoid |= bit;
    }
    return s;
}

/* Emissions under a signature, then the best labelling. Returns the
 * number of paragraphs in the sequence. */
static size_t run_viterbi(hr_boiler *bp, const hr_document *doc, sig sg,
                          long title_at, long comments_at, long end_at)
{
    const tune *t = &bp->t;
    pfeat *f = bp->f;
    size_t m = 0;
    for (size_t i = 0; i < doc->n_paragraphs; i++) {
        if (f[i].transparent)
            continue;
        uint32_t c = doc->paragraphs[i].ctx;
        double q = f[i].q;
        if (f[i].hard == HR_WHY_CONTEXT)
            q = t->hard_context;
        else if (f[i].hard)
            q = -1.0;   /* links, a foreign promo: boilerplate that ends runs */
        else if ((long)i >= comments_at)
            q = t->comment_score;
        else if ((long)i < title_at)
            q -= t->pre_title;
        else if ((c & sg.need) != sg.need || (c & sg.avoid))
            q -= t->out_container;
        else if (sg.need)
            q = HR_MAX(q, t->in_floor - f[i].lg * f[i].ld) + t->in_container;
        if ((long)i > end_at)
            q -= t->after_end;
        double w = HR_MIN((double)f[i].chars, t->weight_cap) / t->weight_unit;
        f[i].e = w * q;
        bp->seq[m++] = (int32_t)i;
    }
    /* Three states: 0 before the body, 1 body, 2 after (or between)
     * body runs. Entering and leaving cost switch_cost; going back into
     * the body after leaving it costs re_enter, so an island of prose
     * far down the page (a teaser, a promo) must earn more to join. */
    double s0 = 0, s1 = -1e300, s2 = -1e300;
    for (size_t k = 0; k < m; k++) {
        double e = f[bp->seq[k]].e;
        /* into 1: from 1, from 0, from 2 */
        double c11 = s1, c01 = s0 - t->switch_cost, c21 = s2 - t->re_enter;
        uint8_t from1 = 1;
        double b1 = c11;
        if (c01 > b1)
            b1 = c01, from1 = 0;
        if (c21 > b1)
            b1 = c21, from1 = 2;
        /* into 2: from 2, from 1 */
        double c22 = s2, c12 = s1 - t->switch_cost;
        uint8_t from2 = c12 > c22 ? 1 : 2;
        double b2 = c12 > c22 ? c12 : c22;
        s0 = s0 - e;
        s1 = b1 + e;
        s2 = b2 - e;
        bp->back[k] = (uint8_t)(from1 | from2 << 2);
    }
    /* the page goes on after the article: leaving the body costs the
     * same at the end as anywhere, so a weak tail does not stay body */
    s1 -= t->switch_cost;
    int st = s1 >= s0 && s1 >= s2 ? 1 : s2 > s0 ? 2 : 0;
    for (size_t k = m; k-- > 0;) {
        bp->lab[k] = (uint8_t)(st == 1);
        uint8_t bk = bp->back[k];
        st = st == 1 ? (bk & 3) : st == 2 ? (bk >> 2 & 3) : 0;
    }
    return m;
}

/* ---- classify ------------------------------------------------------------------------ */

/* The page's own title heading: the <h1> (or any heading) that repeats the
 * title. The article starts after it. */
static long find_title(hr_boiler *bp, const hr_document *doc)
{
    if (!doc->title)
        return -1;
    pfeat tf;
    wscan ws;
    ws.keep_words = false;
    bp->title.len = 0;
    ws.norm = &bp->title;
    scan_text(bp, doc->title, strlen(doc->title), &tf, &ws);
    if (bp->title.len == 0)
        return -1;
    for (size_t i = 0; i < doc->n_paragraphs; i++) {
        const hr_paragraph *p = &doc->paragraphs[i];
        if (!(p->ctx & HR_CTX_HEADING) || p->len > 600)
            continue;
        pfeat hf;
        bp->norm.len = 0;
        ws.norm = &bp->norm;
        scan_text(bp, p->text, p->len, &hf, &ws);
        const char *a = bp->norm.data, *t = bp->title.data;
        size_t an = bp->norm.len, tn = bp->title.len;
        if (an == 0)
            continue;
        if (hf.hash == tf.hash)
            return (long)i;
        if (an > 15 && ((an <= tn && contains_bytes(t, tn, a, an)) ||
                        (tn < an && contains_bytes(a, an, t, tn))))
            return (long)i;
    }
    return -1;
}

/* The first of two comment headers less than 10 paragraphs apart with a
 * comment's text between them. */
static long find_comments(const hr_document *doc, const pfeat *f)
{
    long last = -1;
    for (size_t i = 0; i < doc->n_paragraphs; i++) {
        const hr_paragraph *p = &doc->paragraphs[i];
        if (!comment_header(p->text, p->len))
            continue;
        if (last >= 0 && (long)i - last <= 10) {
            for (size_t k = (size_t)last + 1; k < i; k++)
                if (f[k].chars > 60)
                    return last;
        }
        last = (long)i;
    }
    return (long)doc->n_paragraphs;
}

/* Marks the paragraphs that are mostly a publication timestamp: the
 * timestamp is half of it, or the rest is a few words of breadcrumb. */
static void mark_timestamps(const hr_document *doc, pfeat *f)
{
    for (size_t k = 0; k < doc->n_date_candidates; k++) {
        const hr_date_candidate *c = &doc->date_candidates[k];
        if (c->para >= doc->n_paragraphs || !c->how || strcmp(c->how, "timestamp") != 0)
            continue;
        pfeat *fi = &f[c->para];
        size_t len = doc->paragraphs[c->para].len;
        if (fi->timestamp)
            continue;
        size_t span = c->span.end > c->span.start ? c->span.end - c->span.start : 0;
        if (span * 2 >= len || (fi->words <= 14 && fi->ends == 0))
            fi->timestamp = true;
    }
}

void hr_boiler_classify(hr_boiler *bp, hr_document *doc)
{
    size_t n = doc->n_paragraphs;
    if (!bp || n == 0)
        return;
    if (!grow(bp, n)) {
        /* Out of memory: leave everything body, saying so by reason. */
        for (size_t i = 0; i < n; i++) {
            doc->paragraphs[i].kind = HR_PARA_BODY;
            doc->paragraphs[i].reason = HR_WHY_NONE;
        }
        return;
    }
    const tune *t = &bp->t;
    pfeat *f = bp->f;
    bool html = doc->format == HR_FMT_HTML || doc->format == HR_FMT_WARC;

    uint64_t title_hash = 0;
    if (doc->title) {
        pfeat tf;
        scan_text(bp, doc->title, strlen(doc->title), &tf, NULL);
        title_hash = tf.words ? tf.hash : 0;
    }
    uint64_t outlet_hash = doc->outlet ? word_hash(doc->outlet) : 0;
    uint64_t docbit = 1ULL << (word_hash(doc->id) & 63);

    /* Pass 1: each paragraph alone. */
    uint64_t en_bytes = 0, other_bytes = 0, all_words = 0, all_stops = 0;
    wscan ws;
    ws.norm = NULL;
    for (size_t i = 0; i < n; i++) {
        hr_paragraph *p = &doc->paragraphs[i];
        pfeat *fi = &f[i];
        ws.keep_words = p->len < CONTAINS_MAX_BYTES;
        scan_text(bp, p->text, p->len, fi, &ws);
        int pm = phrase_match(bp, fi, &ws, p->len);
        fi->hard = pm ? HR_WHY_PHRASE : 0;
        fi->ender = (pm & PHRASE_END) || about_line(p->text, p->len, fi);
        fi->boxer = (pm & PHRASE_BOX) != 0;
        for (size_t k = 0; k < p->n_links; k++) {
            uint32_t a = HR_MIN(p->links[k].start, (uint32_t)p->len);
            uint32_t b = HR_MIN(p->links[k].end, (uint32_t)p->len);
            if (b > a)
                fi->link_bytes += b - a;
        }
        all_words += fi->words;
        all_stops += fi->stops;
        if (lang_known(p->lang)) {
            if (lang_is(p->lang, "en"))
                en_bytes += p->len;
            else
                other_bytes += p->len;
        }
    }
    mark_timestamps(doc, f);
    for (size_t i = 0; i < n; i++) {
        /* Date lines the ingest did not take as candidates (pages whose
         * date came from metadata): "Updated 11:21 pm CST, Tuesday,
         * November 19, 2019". */
        hr_paragraph *p = &doc->paragraphs[i];
        hr_date d;
        hr_span sp;
        if (!f[i].timestamp && f[i].digits && p->len < 160 && f[i].words <= 16 &&
            hr_timestamp_scan(p->text, p->len, &d, &sp))
            f[i].timestamp = true;
    }
    for (size_t i = 0; i < n; i++) {
        hr_paragraph *p = &doc->paragraphs[i];
        pfeat *fi = &f[i];
        uint8_t why = 0;
        bool transparent = true;
        if (!fi->has_text) {
            why = HR_WHY_NO_TEXT;
        } else if ((title_hash && fi->hash == title_hash) ||
                   ((int32_t)i == doc->dateline_para && doc->dateline.end >= p->len) ||
                   fi->timestamp) {
            why = HR_WHY_METADATA;
        } else if (fi->hard == HR_WHY_PHRASE || fi->ender || byline(p->text, p->len, fi) ||
                   caption(bp, p->text, p->len, fi) ||
                   (fi->copyright && p->len < LINE_MAX_BYTES)) {
            why = HR_WHY_PHRASE;
        } else if (p->ctx & HR_CTX_CAPTION) {
            why = HR_WHY_CONTEXT;
        } else if (p->ctx & CTX_HARD) {
            why = HR_WHY_CONTEXT;
            transparent = false;    /* it still ends a run */
        } else if (p->len < LINE_MAX_BYTES) {
            bool prose = fi->final_end && fi->words >= 8;
            int need_mul = prose ? 3 : 1;
            line_ent *e = line_find(bp, fi->hash, false);
            int seen = e ? __builtin_popcountll(e->docs & ~docbit) : 0;
            if (seen >= CORPUS_MIN * need_mul) {
                why = HR_WHY_REPEATED_LINE;
            } else if (outlet_hash) {
                e = line_find(bp, outlet_key(fi->hash, outlet_hash), false);
                seen = e ? __builtin_popcountll(e->docs & ~docbit) : 0;
                if (seen >= OUTLET_MIN * need_mul)
                    why = HR_WHY_REPEATED_LINE;
            }
        }
        /* A line that is all link and no sentence is navigation, wherever
         * it stands ("See the full list here", "Previous coverage"). */
        if (!why && p->len && fi->link_bytes * 10 >= p->len * t->link_line_tenths &&
            (fi->ends == 0 || fi->words < 8)) {
            why = HR_WHY_LINKS;
            transparent = false;   /* it still ends a run */
        }
        /* Plain text has no tags: a short line with no sentence in it is
         * a heading, a label or a name, not something to code. */
        if (!why && !html && fi->words <= 6 && fi->ends == 0 && fi->commas == 0)
            why = HR_WHY_SHORT;
        fi->hard = why;
        fi->transparent = why && transparent;
    }

    /* A box of links or headlines ("Most read", "Related articles"):
     * its short lines without a sentence are furniture, up to the next
     * paragraph of prose. */
    for (size_t i = 0, in_box = 0; i < n; i++) {
        if (f[i].boxer) {
            in_box = 1;
            continue;
        }
        if (!in_box || f[i].hard)
            continue;
        if (f[i].ends && f[i].words >= 8) {
            in_box = 0;
        } else if (doc->paragraphs[i].len < LINE_MAX_BYTES) {
            f[i].hard = HR_WHY_CONTEXT;
            f[i].transparent = true;
        }
    }

    /* The language: what the lang module said, else stop words. */
    bool doc_en = (en_bytes || other_bytes) ? en_bytes >= other_bytes
                                            : all_words && all_stops * 100 >= all_words * 15;
    for (size_t i = 0; i < n; i++) {
        hr_paragraph *p = &doc->paragraphs[i];
        pfeat *fi = &f[i];
        fi->en = lang_known(p->lang) ? lang_is(p->lang, "en") : doc_en;
        double q;
        if (fi->en) {
            double sd = fi->words ? (double)fi->stops / fi->words : 0;
            q = (sd - t->stop_mid) * t->stop_gain;
            q = q < -1 ? -1 : q > 1 ? 1 : q;
            if (fi->ends == 0 && !(p->ctx & (HR_CTX_LIST | HR_CTX_HEADING)))
                q -= t->no_end;
        } else {
            /* no stop words to go by: sentences, or length (a long line
             * with no stops is a list or a table, often content) */
            q = fi->ends > 0 || fi->commas > 1 || fi->chars >= t->foreign_long
                    ? t->foreign_prose
                : p->ctx & (HR_CTX_LIST | HR_CTX_HEADING) ? t->foreign_item
                : -t->foreign_prose;
            if (fi->chars < t->foreign_short)
                q -= 0.3;
        }
        fi->ld = p->len ? (double)fi->link_bytes / p->len : 0;
        /* links inside running sentences are citations; a line that is
         * mostly a link is navigation */
        fi->lg = fi->ends && fi->words >= 15 ? t->link_gain_prose : t->link_gain;
        q -= fi->lg * fi->ld;
        fi->q = q;
        /* Short lines in another language inside an English article are
         * promos and adverts (a Telegram channel, an advertising contact). */
        if (!fi->hard && doc_en && p->len < LINE_MAX_BYTES) {
            /* language identification of a few Latin words is a guess */
            bool foreign = fi->nonlatin > fi->latin ||
                           (lang_known(p->lang) && !lang_is(p->lang, "en") && fi->words >= 6);
            double sd = fi->words ? (double)fi->stops / fi->words : 0;
            if (foreign && sd < 0.2)
                fi->hard = HR_WHY_SHORT;
        }
    }

    long title_at = html ? find_title(bp, doc) : -1;
    if (title_at >= 0 && !f[title_at].hard) {
        f[title_at].hard = HR_WHY_METADATA;
        f[title_at].transparent = true;
    }
    long comments_at = find_comments(doc, f);
    /* Where the article says it has ended ("Related articles", "Leave a
     * comment", "About the author"): after some prose past the title. */
    long end_at = (long)n;
    {
        double prose = 0;
        for (size_t i = title_at >= 0 ? (size_t)title_at : 0; i < n; i++) {
            if (f[i].ender && prose >= t->sig_min_chars) {
                end_at = (long)i;
                break;
            }
            if (!f[i].hard && f[i].q > 0)
                prose += f[i].chars;
        }
    }

    /* Pass 2: the run, first without a container, then inside the
     * container of the main run. */
    sig none = {0, 0};
    size_t m = run_viterbi(bp, doc, none, title_at, comments_at, end_at);
    long best_from = -1, best_to = -1, pick_from = -1, pick_to = -1;
    double best = 0;
    {
        /* runs of body in the sequence */
        double max = 0;
        for (int pass = 0; pass < 2; pass++) {
            double sc = 0;
            long from = -1;
            for (size_t k = 0; k <= m; k++) {
                bool body = k < m && bp->lab[k];
                if (body) {
                    if (from < 0)
                        from = bp->seq[k], sc = 0;
                    sc += f[bp->seq[k]].e;
                }
                if (!body && from >= 0) {
                    long to = bp->seq[k - 1];
                    if (pass == 0 && sc > max) {
                        max = sc;
                        best_from = from, best_to = to, best = sc;
                    }
                    if (pass == 1 && pick_from < 0 && title_at >= 0 && to > title_at &&
                        sc >= t->main_run_share * max)
                        pick_from = from, pick_to = to;
                    from = -1;
                }
            }
        }
    }
    if (pick_from < 0)
        pick_from = best_from, pick_to = best_to;
    if (pick_from >= 0 && best > 0) {
        sig sg = signature(&bp->t, doc, f, (size_t)pick_from, (size_t)pick_to);
        if (sg.need || sg.avoid)
            m = run_viterbi(bp, doc, sg, title_at, comments_at, end_at);
    }

    /* Labels and reasons. */
    /* a table for this document only, so a big page does not make every
     * later one pay for clearing it */
    size_t seen_cap = 128;
    while (seen_cap < n * 2)
        seen_cap *= 2;
    bp->seen_mask = seen_cap - 1;
    memset(bp->seen, 0, seen_cap * sizeof *bp->seen);
    long first = -1, last = -1;
    for (size_t k = 0; k < m; k++) {
        size_t i = (size_t)bp->seq[k];
        if (bp->lab[k] && !f[i].hard) {
            if (first < 0)
                first = (long)i;
            last = (long)i;
        }
    }
    size_t k = 0;
    size_t n_body = 0;
    long last_body = -1;
    for (size_t i = 0; i < n; i++) {
        hr_paragraph *p = &doc->paragraphs[i];
        bool in_seq = k < m && (size_t)bp->seq[k] == i;
        bool body = in_seq && bp->lab[k] && !f[i].hard;
        if (in_seq)
            k++;
        if (body) {
            /* the same long text twice on one page is a hidden copy (a
             * schema.org block, a print version), and the same text twice
             * in a row is a mobile and a desktop copy: the first is
             * enough. Other short repeats can be the article's own (a
             * refrain, a question put to each person interviewed). */
            bool again = !seen_add(bp, f[i].hash);
            if (again && (p->len >= t->dup_min_bytes ||
                          (last_body >= 0 && f[last_body].hash == f[i].hash))) {
                body = false;
                f[i].hard = HR_WHY_REPEATED_LINE;
            }
        }
        if (body)
            last_body = (long)i;
        if (body) {
            n_body++;
            p->kind = HR_PARA_BODY;
            p->reason = HR_WHY_PROSE;
            continue;
        }
        p->kind = HR_PARA_BOILERPLATE;
        if (f[i].hard)
            p->reason = f[i].hard;
        else if (first < 0 || (long)i < first || (long)i > last)
            p->reason = HR_WHY_POSITION;
        else if (p->len && f[i].link_bytes * 2 > p->len)
            p->reason = HR_WHY_LINKS;
        else if ((long)i >= comments_at || p->ctx & (HR_CTX_BOILER_HINT | HR_CTX_FORM))
            p->reason = HR_WHY_CONTEXT;
        else
            p->reason = HR_WHY_SHORT;
    }

    /* No run at all (a one-paragraph feed item, a page of short lines):
     * what reads as a sentence is still the body. */
    if (n_body == 0) {
        for (size_t i = 0; i < n; i++) {
            hr_paragraph *p = &doc->paragraphs[i];
            if (!f[i].hard && f[i].words >= 6 && f[i].ends > 0 &&
                f[i].link_bytes * 2 <= p->len) {
                p->kind = HR_PARA_BODY;
                p->reason = HR_WHY_PROSE;
            }
        }
    }

    /* Learn the lines, once per document (the bit per document id makes a
     * second copy of the same document add nothing). */
    for (size_t i = 0; i < n; i++) {
        if (doc->paragraphs[i].len >= LINE_MAX_BYTES || !f[i].has_text)
            continue;
        line_ent *e = line_find(bp, f[i].hash, true);
        e->docs |= docbit;
        if (outlet_hash) {
            e = line_find(bp, outlet_key(f[i].hash, outlet_hash), true);
            e->docs |= docbit;
        }
    }
}
