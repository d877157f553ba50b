/*
 * attrib.c - attribution chains: which outlets and sources a news sentence
 * cites for what it reports ("Trend reports citing TASS" -> [Trend, TASS]).
 *
 * The sentence is cut into word and punctuation tokens; a handful of
 * reporting markers are looked for, and the source name beside each is
 * read with a small noun-phrase grammar. No tagger, no dictionary of
 * outlets beyond the short list below: the rules are narrow on purpose,
 * since a wrong source on a mention is worse than a missing one.
 *
 * Markers, and which side the source is on (docs/attribution.md has
 * examples of each):
 *
 *   OUTER (the outlet or body that reports):
 *   1. SOURCE VERB, where VERB is reports/reported/report, writes/wrote/
 *      write, informs/informed/inform, learned/learnt, optionally after
 *      has/have/had/also ("RIA Novosti has reported"). Only when the verb
 *      ends its clause: it is followed, after at most six adverbial words
 *      ("on Tuesday", "on its website", "earlier today"), by punctuation,
 *      the end, "that", or a citing marker (5). So "Azerbaijan reports
 *      gains" is not an attribution: there the verb has an object and the
 *      sentence is about what Azerbaijan reports, not who tells us.
 *   2. Inverted: ", reports SOURCE", ", writes the newspaper": the verb
 *      right after punctuation, the source after it, then the clause ends
 *      as in 1.
 *   3. "according to SOURCE", "(as) reported by SOURCE".
 *   4. "told SOURCE", "(in) an interview with/to SOURCE", but only when the
 *      source looks like an outlet: it holds a press word (newspaper,
 *      agency, channel, ...) or a name of the wire services listed in the
 *      table below, or a word that starts or ends with "news" or "press"
 *      (Euronews, Armenpress, News.am). "Putin told Aliyev" is not one.
 *   INNER (whom the outlet relies on):
 *   5. "citing SOURCE", "quoting SOURCE", "referring to SOURCE", "with/in
 *      reference to SOURCE", "learned from SOURCE"; a leading "a statement
 *      by", "a report from", "a message of" (and the like) is passed over,
 *      so "quoting a statement by the Armenian Ambassador to Russia Vardan
 *      Toganyan" gives the ambassador.
 *   6. "SOURCE quoted/cited/quotes/cites SOURCE2 as saying" (or "that", or
 *      the end of the clause): SOURCE is outer, SOURCE2 inner. With a
 *      pronoun quoted ("the agency quoted him as saying") only SOURCE.
 *
 * Plain speech is not attribution: "said", "says", "stated", "noted" are
 * never markers ("Aliyev said"; the coder already records speakers).
 *
 * A source is a noun phrase:
 *   [determiner] word+ [tail]
 *   - determiner: the, its, their, his, her, our, a, an (kept in the span:
 *     "the Ministry of Defence", "its sources");
 *   - words: capitalised words and acronyms that are not function words,
 *     weekdays or months ("On Tuesday APA reported" gives APA); lowercase
 *     words of a reporting kind (newspaper, agency, outlet, ministry,
 *     service, sources, media, ...) and their modifiers (press, news,
 *     local, state, informed, ...); possessives inside ("the ministry's
 *     press service", "Azerbaijan's Defence Ministry");
 *   - between those: "of", "for", "the", "to" after a title (Ambassador
 *     to Russia), "and" only after an "of" or "for" (Ministry of Labour
 *     and Social Protection). "Reuters and TASS reported" keeps the name next to the
 *     verb, TASS: two parallel sources are not a chain;
 *   - the phrase ends on a capitalised word, an acronym or a reporting
 *     noun, never on a possessive or a modifier ("according to official
 *     data" has no source);
 *   - after a lowercase reporting noun, a tail "in/at/within/close to" +
 *     phrase is kept ("sources in the ministry");
 *   - at most 24 words: a longer run of capitalised words is not a name
 *     and gives no source at all.
 *
 * Order: outer sources first, then inner ones, each group in text order;
 * a source overlapping one already found is dropped. Work is linear in the
 * sentence: tokens are classified once and each marker reads a bounded
 * number of tokens around it.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_NP_WORDS 24      /* longest source name, in words */
#define MAX_ADVERBIAL 6      /* words allowed between a verb and the clause end */
#define MAX_FOUND 16         /* sources kept before ordering */
#define STACK_TOKENS 256

/* ---- keywords ------------------------------------------------------------ */

enum {
    K_VERB = 1u << 0,     /* reporting verb with the source before it */
    K_INV = 1u << 1,      /* ... that may also come first (", reports X") */
    K_QUOTEV = 1u << 2,   /* quoted, cites: X quoted Y as saying */
    K_DET = 1u << 3,      /* determiner that may open a source */
    K_CONN = 1u << 4,     /* of, for, the, to, and inside a name */
    K_HEAD = 1u << 5,     /* reporting noun that may end a source */
    K_MOD = 1u << 6,      /* word that may stand inside a source, not end it */
    K_STOP = 1u << 7,     /* function word, pronoun, weekday, month: never a name */
    K_TITLE = 1u << 8,    /* may be followed by "to" inside a name */
    K_PRESS = 1u << 9,    /* press noun or wire-service name: an outlet */
    K_ADV = 1u << 10,     /* may stand between a verb and its clause end */
    K_AUX = 1u << 11,     /* has, have, had, also: between source and verb */
    K_TAILP = 1u << 12,   /* in, at, within: tail after a reporting noun */
    K_DOC = 1u << 13,     /* statement, report: "quoting a statement by" */
    K_MARK = 1u << 14,    /* other markers and speech verbs: may follow a source */
    K_ALL = (1u << 15) - 1,
};

typedef struct keyword {
    const char *w;
    uint32_t k;
} keyword;

/* Sorted by strcmp for bsearch. The wire-service names (K_PRESS on a
 * capitalised name) are only used by marker 4. */
static const keyword keywords[] = {
    {"a", K_DET}, {"about", K_STOP}, {"according", K_MARK},
    {"account", K_ADV}, {"added", K_MARK}, {"additionally", K_STOP},
    {"affairs", K_MOD}, {"afp", K_PRESS}, {"after", K_STOP},
    {"afternoon", K_ADV}, {"agencies", K_HEAD | K_PRESS},
    {"agency", K_HEAD | K_PRESS}, {"also", K_STOP | K_AUX | K_ADV},
    {"although", K_STOP}, {"ambassador", K_TITLE}, {"an", K_DET},
    {"anadolu", K_PRESS}, {"and", K_CONN}, {"anonymous", K_MOD},
    {"ap", K_PRESS}, {"apa", K_PRESS}, {"april", K_STOP}, {"as", K_STOP},
    {"at", K_STOP | K_ADV | K_TAILP}, {"august", K_STOP},
    {"authorities", K_HEAD}, {"bbc", K_PRESS}, {"because", K_STOP},
    {"before", K_STOP}, {"besides", K_STOP}, {"bloomberg", K_PRESS},
    {"broadcaster", K_HEAD | K_PRESS}, {"but", K_STOP}, {"by", K_STOP},
    {"channel", K_HEAD | K_PRESS | K_ADV}, {"cited", K_QUOTEV},
    {"cites", K_QUOTEV}, {"citing", K_MARK}, {"cnn", K_PRESS},
    {"comments", K_DOC}, {"committee", K_HEAD}, {"confirmed", K_MARK},
    {"correspondent", K_HEAD | K_PRESS}, {"correspondents", K_HEAD | K_PRESS},
    {"daily", K_HEAD | K_PRESS}, {"data", K_DOC}, {"december", K_STOP},
    {"defence", K_MOD}, {"defense", K_MOD}, {"delegation", K_TITLE},
    {"department", K_HEAD}, {"diplomatic", K_MOD}, {"during", K_STOP},
    {"earlier", K_STOP | K_ADV | K_AUX}, {"early", K_ADV},
    {"edition", K_HEAD | K_PRESS}, {"embassy", K_HEAD}, {"envoy", K_TITLE},
    {"evening", K_ADV}, {"february", K_STOP}, {"for", K_CONN},
    {"foreign", K_MOD}, {"friday", K_STOP | K_ADV}, {"furthermore", K_STOP},
    {"government", K_HEAD | K_MOD}, {"had", K_AUX}, {"has", K_AUX},
    {"have", K_AUX}, {"he", K_STOP}, {"her", K_DET}, {"here", K_STOP},
    {"his", K_DET}, {"however", K_STOP}, {"i", K_STOP}, {"if", K_STOP},
    {"in", K_STOP | K_ADV | K_TAILP}, {"independent", K_MOD},
    {"inform", K_VERB}, {"information", K_DOC},
    {"informed", K_VERB | K_INV | K_MOD}, {"informs", K_VERB | K_INV},
    {"interfax", K_PRESS}, {"interior", K_MOD}, {"interview", K_DOC},
    {"it", K_STOP}, {"its", K_DET | K_ADV}, {"january", K_STOP},
    {"journal", K_HEAD | K_PRESS}, {"july", K_STOP}, {"june", K_STOP},
    {"last", K_STOP | K_ADV}, {"late", K_ADV},
    {"later", K_STOP | K_ADV | K_AUX}, {"learned", K_VERB},
    {"learnt", K_VERB}, {"letter", K_DOC}, {"local", K_MOD},
    {"magazine", K_HEAD | K_PRESS}, {"march", K_STOP}, {"may", K_STOP},
    {"meanwhile", K_STOP}, {"media", K_HEAD | K_PRESS}, {"message", K_DOC},
    {"military", K_MOD}, {"ministry", K_HEAD}, {"mission", K_TITLE | K_HEAD},
    {"monday", K_STOP | K_ADV}, {"moreover", K_STOP}, {"morning", K_ADV},
    {"national", K_MOD}, {"news", K_MOD | K_PRESS},
    {"newspaper", K_HEAD | K_PRESS}, {"newspapers", K_HEAD | K_PRESS},
    {"night", K_ADV}, {"noted", K_MARK}, {"november", K_STOP},
    {"novosti", K_PRESS}, {"now", K_STOP}, {"october", K_STOP},
    {"of", K_CONN}, {"office", K_HEAD}, {"official", K_MOD},
    {"on", K_STOP | K_ADV}, {"online", K_MOD}, {"opposition", K_MOD},
    {"our", K_DET}, {"outlet", K_HEAD | K_PRESS},
    {"outlets", K_HEAD | K_PRESS}, {"page", K_ADV},
    {"paper", K_HEAD | K_PRESS}, {"portal", K_HEAD | K_PRESS},
    {"post", K_DOC}, {"press", K_MOD | K_PRESS}, {"press-service", K_HEAD},
    {"previously", K_STOP}, {"private", K_MOD},
    {"publication", K_HEAD | K_PRESS | K_DOC}, {"quoted", K_QUOTEV},
    {"quotes", K_QUOTEV}, {"quoting", K_MARK}, {"radio", K_HEAD | K_PRESS},
    {"recently", K_STOP}, {"referring", K_MARK}, {"regional", K_MOD},
    {"release", K_DOC}, {"remarks", K_DOC}, {"report", K_VERB | K_DOC},
    {"reported", K_VERB | K_INV}, {"reportedly", K_STOP},
    {"reports", K_VERB | K_INV}, {"representative", K_TITLE},
    {"reuters", K_PRESS}, {"ria", K_PRESS}, {"said", K_MARK},
    {"saturday", K_STOP | K_ADV}, {"says", K_MARK}, {"security", K_MOD},
    {"september", K_STOP}, {"service", K_HEAD}, {"several", K_MOD},
    {"she", K_STOP}, {"since", K_STOP}, {"site", K_HEAD | K_PRESS | K_ADV},
    {"so", K_STOP}, {"source", K_HEAD}, {"sources", K_HEAD},
    {"spokesman", K_HEAD}, {"spokesperson", K_HEAD}, {"spokeswoman", K_HEAD},
    {"sputnik", K_PRESS}, {"state", K_MOD}, {"stated", K_MARK},
    {"statement", K_DOC | K_ADV}, {"still", K_STOP},
    {"sunday", K_STOP | K_ADV}, {"tass", K_PRESS},
    {"television", K_HEAD | K_PRESS}, {"that", K_STOP},
    {"the", K_DET | K_CONN}, {"their", K_DET | K_ADV}, {"then", K_STOP},
    {"there", K_STOP}, {"these", K_STOP}, {"they", K_STOP},
    {"this", K_STOP | K_ADV}, {"those", K_STOP}, {"though", K_STOP},
    {"thursday", K_STOP | K_ADV}, {"to", K_CONN}, {"today", K_STOP | K_ADV},
    {"told", K_MARK}, {"tonight", K_STOP | K_ADV},
    {"tuesday", K_STOP | K_ADV}, {"turan", K_PRESS}, {"tv", K_HEAD | K_PRESS},
    {"unnamed", K_MOD}, {"we", K_STOP}, {"website", K_HEAD | K_PRESS | K_ADV},
    {"wednesday", K_STOP | K_ADV}, {"week", K_ADV},
    {"weekly", K_HEAD | K_PRESS}, {"well-informed", K_MOD}, {"when", K_STOP},
    {"where", K_STOP}, {"which", K_STOP}, {"while", K_STOP}, {"who", K_STOP},
    {"within", K_TAILP}, {"words", K_DOC}, {"write", K_VERB},
    {"writes", K_VERB | K_INV}, {"wrote", K_VERB | K_INV},
    {"xinhua", K_PRESS}, {"yesterday", K_STOP | K_ADV}, {"you", K_STOP},
};

static int keyword_cmp(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const keyword *)elem)->w);
}

/* ---- tokens ---------------------------------------------------------------- */

enum {
    T_WORD = 1u << 16,    /* else punctuation */
    T_CAP = 1u << 17,     /* starts with an upper-case letter */
    T_ACRO = 1u << 18,    /* two or more letters, none lower-case */
    T_POSS = 1u << 19,    /* ends in 's */
    T_DIGIT = 1u << 20,   /* starts with a digit */
    T_NEWS = 1u << 21,    /* starts or ends with "news" or "press" */
};

typedef struct tok {
    uint32_t start, end;
    uint32_t f;           /* T_* | K_* of its keyword */
} tok;

typedef struct ctx {
    const char *s;
    tok *t;
    size_t n;
} ctx;

static bool is_letter(int32_t cp, bool *upper, bool *lower)
{
    *upper = *lower = false;
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            *upper = true;
        else if (cp >= 'a' && cp <= 'z')
            *lower = true;
        return *upper || *lower;
    }
    utf8proc_category_t c = utf8proc_category(cp);
    *upper = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
    *lower = c == UTF8PROC_CATEGORY_LL;
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static bool is_word_cp(int32_t cp)
{
    bool u, l;
    if (cp < 0)
        return false;
    if (is_letter(cp, &u, &l))
        return true;
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_ND || c == UTF8PROC_CATEGORY_MN ||
           c == UTF8PROC_CATEGORY_MC;
}

static bool is_space_cp(int32_t cp)
{
    if (cp == ' ' || (cp >= '\t' && cp <= '\r'))
        return true;
    return cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* Characters that join two parts of one word when a word character
 * follows: Interfax-Ukraine, ministry's, ministry’s. */
static bool is_joiner_cp(int32_t cp)
{
    return cp == '-' || cp == '\'' || cp == 0x2019 || cp == 0x2010 ||
           cp == 0x2011;
}

/* A full stop joins only before a lower-case letter or a digit: News.am,
 * Report.az, but "reports.The" (a missing space) stays two words. */
static bool dot_joins(int32_t next)
{
    return (next >= 'a' && next <= 'z') || (next >= '0' && next <= '9');
}

static int32_t cp_at(const char *s, size_t i, size_t end, size_t *adv)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *adv = 1;
        return c;
    }
    int32_t cp = hr_utf8_decode(s + i, end - i, adv);
    if (*adv < 1)
        *adv = 1;
    return cp;
}

static bool has_affix(const char *w, size_t n, const char *a)
{
    size_t m = strlen(a);
    return n >= m && (!memcmp(w, a, m) || !memcmp(w + n - m, a, m));
}

/* Word flags from its letters and its keyword entry. */
static uint32_t classify(const char *s, uint32_t start, uint32_t end)
{
    uint32_t f = T_WORD;
    size_t adv;
    int32_t cp = cp_at(s, start, end, &adv);
    bool up, low;
    if (is_letter(cp, &up, &low) && up)
        f |= T_CAP;
    else if (cp >= '0' && cp <= '9')
        f |= T_DIGIT;

    /* Folded ASCII form for the keyword look-up; letters counted for
     * acronyms over the whole word. */
    char key[24];
    size_t k = 0, letters = 0;
    bool any_lower = false, ascii = true;
    for (uint32_t i = start; i < end; i += (uint32_t)adv) {
        cp = cp_at(s, i, end, &adv);
        if (is_letter(cp, &up, &low)) {
            letters++;
            any_lower |= low;
        }
        if (cp == 0x2019)
            cp = '\'';
        if (cp >= 0x80 || cp < 0)
            ascii = false;
        else if (k < sizeof key - 1)
            key[k++] = (char)((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp);
        else
            ascii = false;
    }
    if (letters >= 2 && !any_lower)
        f |= T_ACRO;
    if (!ascii)
        return f;
    key[k] = '\0';
    if (k > 2 && key[k - 2] == '\'' && key[k - 1] == 's') {
        f |= T_POSS;
        key[k -= 2] = '\0';
    }
    if (has_affix(key, k, "news") || has_affix(key, k, "press"))
        f |= T_NEWS;
    const keyword *kw = bsearch(key, keywords, sizeof keywords / sizeof keywords[0],
                                sizeof keywords[0], keyword_cmp);
    if (kw)
        f |= kw->k;
    return f;
}

/* Appends a token, moving from the stack buffer to the heap when it is
 * full. False when memory runs out (the caller works with what it has). */
static bool push(ctx *c, size_t *cap, tok *stack, tok t)
{
    if (c->n == *cap) {
        size_t ncap = *cap * 2;
        tok *p = c->t == stack ? malloc(ncap * sizeof *p)
                               : realloc(c->t, ncap * sizeof *p);
        if (!p)
            return false;
        if (c->t == stack)
            memcpy(p, stack, c->n * sizeof *p);
        c->t = p;
        *cap = ncap;
    }
    c->t[c->n++] = t;
    return true;
}

static bool is_upper_ascii(int32_t cp)
{
    return cp >= 'A' && cp <= 'Z';
}

/* The end of the word that starts at i. Initials keep their full stops
 * ("U.S.", "U.N."), so "the U.S. State Department" stays one name. */
static uint32_t word_end(const char *s, uint32_t i, uint32_t to)
{
    size_t adv, adv2;
    bool initials = is_upper_ascii((unsigned char)s[i]), dotted = false;
    uint32_t seg = i, j = i;
    while (j < to) {
        int32_t d = cp_at(s, j, to, &adv);
        if (is_word_cp(d)) {
            j += (uint32_t)adv;
            continue;
        }
        int32_t e = j + adv < to ? cp_at(s, j + (uint32_t)adv, to, &adv2) : -1;
        bool initial_dot = d == '.' && initials && j - seg == 1 &&
                           is_upper_ascii(e) && j + 2 < to && s[j + 2] == '.';
        if ((is_joiner_cp(d) && is_word_cp(e)) ||
            (d == '.' && (dot_joins(e) || initial_dot))) {
            dotted |= d == '.';
            initials &= initial_dot;
            j += (uint32_t)(adv + adv2);
            seg = j - (uint32_t)adv2;
            continue;
        }
        break;
    }
    if (initials && dotted && j - seg == 1 && j < to && s[j] == '.')
        j++;
    return j;
}

static void tokenize(ctx *c, size_t *cap, tok *stack, uint32_t from, uint32_t to)
{
    const char *s = c->s;
    size_t adv;
    uint32_t i = from;
    while (i < to) {
        int32_t cp = cp_at(s, i, to, &adv);
        if (cp >= 0 && is_space_cp(cp)) {
            i += (uint32_t)adv;
            continue;
        }
        tok t = {.start = i, .end = i + (uint32_t)adv, .f = 0};
        if (is_word_cp(cp)) {
            t.end = word_end(s, i, to);
            t.f = classify(s, t.start, t.end);
        }
        if (!push(c, cap, stack, t))
            return;
        i = t.end;
    }
}

/* ---- reading tokens ---------------------------------------------------------- */

static bool is_word(const ctx *c, size_t i)
{
    return i < c->n && (c->t[i].f & T_WORD);
}

static bool has(const ctx *c, size_t i, uint32_t k)
{
    return i < c->n && (c->t[i].f & k);
}

/* Token i is the word lit (lower case, ASCII), in any case. */
static bool is(const ctx *c, size_t i, const char *lit)
{
    if (!is_word(c, i))
        return false;
    size_t n = strlen(lit);
    if (c->t[i].end - c->t[i].start != n)
        return false;
    const char *w = c->s + c->t[i].start;
    for (size_t k = 0; k < n; k++) {
        char ch = w[k];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch + 32);
        if (ch != lit[k])
            return false;
    }
    return true;
}

/* A word that can be part of a name: capitalised or an acronym, and not a
 * function word, weekday or month. */
static bool is_name(const ctx *c, size_t i)
{
    return is_word(c, i) && (c->t[i].f & (T_CAP | T_ACRO)) &&
           !(c->t[i].f & (K_STOP | K_DET | K_CONN));
}

/* A word a source may end on. */
static bool can_end(const ctx *c, size_t i)
{
    if (!is_word(c, i) || (c->t[i].f & T_POSS))
        return false;
    return is_name(c, i) || (c->t[i].f & K_HEAD);
}

/* A word inside a source that is not a connector. */
static bool is_content(const ctx *c, size_t i)
{
    return is_name(c, i) || has(c, i, K_HEAD | K_MOD);
}

/* ---- noun phrases ------------------------------------------------------------ */

typedef struct np {
    size_t first, last;   /* tokens, inclusive */
} np;

static bool np_forward(const ctx *c, size_t i, np *out, int depth);

/* "in the ministry", "close to the government" after a reporting noun. */
static size_t np_tail(const ctx *c, size_t last, int depth)
{
    if (depth > 0 || (c->t[last].f & (T_CAP | T_ACRO)) || !has(c, last, K_HEAD))
        return last;
    size_t p = last + 1;
    if (is(c, p, "close") && is(c, p + 1, "to"))
        p += 2;
    else if (has(c, p, K_TAILP))
        p += 1;
    else
        return last;
    np tail;
    if (np_forward(c, p, &tail, depth + 1))
        return tail.last;
    return last;
}

/* The source that starts at token i. */
static bool np_forward(const ctx *c, size_t i, np *out, int depth)
{
    size_t j = i;
    if (has(c, j, K_DET) && is_word(c, j + 1))
        j++;
    size_t first_word = j, good = SIZE_MAX;
    bool seen_of = false;
    unsigned words = 0;
    for (; is_word(c, j); j++) {
        if (++words > MAX_NP_WORDS)
            return false;
        uint32_t f = c->t[j].f;
        if ((f & K_CONN) && j > first_word) {
            if (!is_word(c, j + 1))
                break;
            if (is(c, j, "and") && (!seen_of || !is_name(c, j + 1)))
                break;
            if (is(c, j, "to") && !has(c, j - 1, K_TITLE))
                break;
            if (is(c, j, "the") && !is(c, j - 1, "of") && !is(c, j - 1, "for") &&
                !is(c, j - 1, "to"))
                break;
            if (is(c, j, "of") || is(c, j, "for"))
                seen_of = true;
            continue;
        }
        if (f & K_CONN)
            break;
        if (can_end(c, j)) {
            good = j;
            continue;
        }
        if (is_content(c, j))
            continue;
        break;
    }
    if (good == SIZE_MAX)
        return false;
    /* The name was only a modifier in a longer phrase ("according to
     * Israeli figures", "according to Israeli military"): no source. */
    for (size_t m = good + 1; m < j; m++)
        if (!has(c, m, K_CONN))
            return false;
    if (is_word(c, j) && !(c->t[j].f & (T_CAP | T_ACRO | T_DIGIT | K_ALL)))
        return false;
    out->first = i;
    out->last = np_tail(c, good, depth);
    return true;
}

/* The source that ends at token k. */
static bool np_backward(const ctx *c, size_t k, np *out)
{
    if (k >= c->n || !can_end(c, k))
        return false;
    size_t s = k, j = k;
    unsigned words = 1;
    while (j > 0) {
        size_t p = j - 1;
        if (!is_word(c, p))
            break;
        uint32_t f = c->t[p].f;
        if (is(c, p, "the") && p > 0 &&
            (is(c, p - 1, "of") || is(c, p - 1, "for") || is(c, p - 1, "to"))) {
            j = p;                      /* "of the Republic": inside */
            continue;
        }
        if (f & K_DET) {
            s = p;                      /* opens the phrase */
            break;
        }
        if (f & K_CONN) {
            j = p;                      /* checked below */
            continue;
        }
        if (!is_content(c, p))
            break;
        if (++words > MAX_NP_WORDS)
            return false;
        s = j = p;
    }
    /* "and" only after "of", "to" only after a title: else the phrase
     * starts after it. A connector cannot open the phrase. */
    bool seen_of = false;
    for (size_t t = s; t < k; t++) {
        if (is(c, t, "of") || is(c, t, "for"))
            seen_of = true;
        else if ((is(c, t, "and") && !seen_of) ||
                 (is(c, t, "to") && !has(c, t - 1, K_TITLE))) {
            s = t + 1;
            seen_of = false;
        }
    }
    while (s < k && has(c, s, K_CONN) && !has(c, s, K_DET))
        s++;
    out->first = s;
    out->last = k;
    return true;
}

/* The phrase names an outlet (marker 4). */
static bool is_outlet(const ctx *c, const np *p)
{
    for (size_t i = p->first; i <= p->last; i++)
        if (has(c, i, K_PRESS | T_NEWS))
            return true;
    return false;
}

/* ---- clause ends ---------------------------------------------------------------- */

/* A citing marker at token i: citing, quoting, referring to, with/in
 * reference to. Sets *src to the token where the cited source starts. */
static bool citing_at(const ctx *c, size_t i, size_t *src)
{
    if (is(c, i, "citing") || is(c, i, "quoting")) {
        *src = i + 1;
        return true;
    }
    if (is(c, i, "referring") && is(c, i + 1, "to")) {
        *src = i + 2;
        return true;
    }
    if ((is(c, i, "with") || is(c, i, "in")) && is(c, i + 1, "reference") &&
        is(c, i + 2, "to")) {
        *src = i + 3;
        return true;
    }
    return false;
}

/* After a reporting verb at v: the clause ends (rule 1). */
static bool clause_ends_after(const ctx *c, size_t j)
{
    for (unsigned k = 0; k <= MAX_ADVERBIAL; k++, j++) {
        size_t src;
        if (j >= c->n || !is_word(c, j))
            return true;
        if (is(c, j, "that") || is(c, j, "from") || citing_at(c, j, &src))
            return true;
        uint32_t f = c->t[j].f;
        if (!(f & (K_ADV | K_DET | T_CAP | T_DIGIT)))
            return false;
    }
    return false;
}

/* ---- results ------------------------------------------------------------------ */

typedef struct found {
    hr_span span;
    int level;            /* 0 outer, 1 inner */
} found;

typedef struct results {
    found f[MAX_FOUND];
    size_t n;
} results;

static void add(const ctx *c, results *r, const np *p, int level)
{
    hr_span sp = {c->t[p->first].start, c->t[p->last].end};
    for (size_t i = 0; i < r->n; i++)
        if (sp.start < r->f[i].span.end && r->f[i].span.start < sp.end)
            return;
    if (r->n < MAX_FOUND)
        r->f[r->n++] = (found){sp, level};
}

/* ---- markers ------------------------------------------------------------------- */

/* The token before a verb, past has/have/had/also/earlier/later. */
static bool before_verb(const ctx *c, size_t v, size_t *k)
{
    size_t j = v;
    for (int skip = 0; skip < 3 && j > 0 && has(c, j - 1, K_AUX); skip++)
        j--;
    if (j == 0)
        return false;
    *k = j - 1;
    return true;
}

/* Rules 1 and 2 for the verb at v. */
static void reporting_verb(const ctx *c, size_t v, results *r)
{
    np p;
    size_t k;
    if (before_verb(c, v, &k) && is_word(c, k)) {
        if (clause_ends_after(c, v + 1) && np_backward(c, k, &p))
            add(c, r, &p, 0);
        return;
    }
    /* Inverted: punctuation, the verb, the source, the end of the clause. */
    if ((c->t[v].f & K_INV) && v > 0 && !is_word(c, v - 1) &&
        np_forward(c, v + 1, &p, 0) && clause_ends_after(c, p.last + 1))
        add(c, r, &p, 0);
}

/* Rule 6: X quoted Y as saying. */
static void quoting_verb(const ctx *c, size_t v, results *r)
{
    np obj, subj;
    bool have_obj = np_forward(c, v + 1, &obj, 0);
    /* "quoted him as saying": a pronoun quoted, the outlet still counts */
    bool pronoun = !have_obj && (is(c, v + 1, "him") || is(c, v + 1, "her") ||
                                 is(c, v + 1, "them")) && is(c, v + 2, "as");
    if (!have_obj && !pronoun)
        return;
    if (have_obj) {
        size_t a = obj.last + 1;
        bool as_saying = is(c, a, "as") && is_word(c, a + 1);
        if (!as_saying && !is(c, a, "that") && is_word(c, a))
            return;
    }
    size_t k;
    if (before_verb(c, v, &k) && np_backward(c, k, &subj))
        add(c, r, &subj, 0);
    if (have_obj)
        add(c, r, &obj, 1);
}

/* Rule 5's source: "a statement by X" gives X. */
static void cited(const ctx *c, size_t i, results *r)
{
    size_t j = i;
    if (has(c, j, K_DET))
        j++;
    if (has(c, j, K_DOC) && (is(c, j + 1, "by") || is(c, j + 1, "from") ||
                             is(c, j + 1, "of") || is(c, j + 1, "with")))
        i = j + 2;
    np p;
    if (np_forward(c, i, &p, 0))
        add(c, r, &p, 1);
}

static void scan_markers(const ctx *c, results *r)
{
    for (size_t i = 0; i < c->n; i++) {
        if (!is_word(c, i))
            continue;
        uint32_t f = c->t[i].f;
        np p;
        size_t src;
        if (f & K_VERB)
            reporting_verb(c, i, r);
        if (f & K_QUOTEV)
            quoting_verb(c, i, r);
        if (citing_at(c, i, &src))
            cited(c, src, r);
        else if ((is(c, i, "learned") || is(c, i, "learnt")) && is(c, i + 1, "from"))
            cited(c, i + 2, r);
        else if (is(c, i, "according") && is(c, i + 1, "to")) {
            if (np_forward(c, i + 2, &p, 0))
                add(c, r, &p, 0);
        } else if (is(c, i, "reported") && is(c, i + 1, "by")) {
            if (np_forward(c, i + 2, &p, 0))
                add(c, r, &p, 0);
        } else if (is(c, i, "told")) {
            if (np_forward(c, i + 1, &p, 0) && is_outlet(c, &p))
                add(c, r, &p, 0);
        } else if (is(c, i, "interview") && (is(c, i + 1, "with") || is(c, i + 1, "to"))) {
            if (np_forward(c, i + 2, &p, 0) && is_outlet(c, &p))
                add(c, r, &p, 0);
        }
    }
}

size_t hr_find_attribution(const char *text, hr_span span, hr_span *out, size_t max)
{
    if (!text || span.start >= span.end)
        return 0;
    tok stack[STACK_TOKENS];
    size_t cap = STACK_TOKENS;
    ctx c = {.s = text, .t = stack, .n = 0};
    tokenize(&c, &cap, stack, span.start, span.end);

    results r = {.n = 0};
    scan_markers(&c, &r);
    if (c.t != stack)
        free(c.t);

    /* Outer sources first, each level in text order (insertion sort: at
     * most MAX_FOUND items). */
    for (size_t i = 1; i < r.n; i++) {
        found x = r.f[i];
        size_t j = i;
        while (j > 0 && (r.f[j - 1].level > x.level ||
                         (r.f[j - 1].level == x.level &&
                          r.f[j - 1].span.start > x.span.start))) {
            r.f[j] = r.f[j - 1];
            j--;
        }
        r.f[j] = x;
    }
    size_t n = out ? HR_MIN(r.n, max) : 0;
    for (size_t i = 0; i < n; i++)
        out[i] = r.f[i].span;
    return n;
}
