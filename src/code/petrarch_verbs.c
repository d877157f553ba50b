/*
 * petrarch_verbs.c - TABARI/PETRARCH verb dictionaries, translated into
 * Herald's verb format (docs/verbs.md) and handed to hr_verbs_load_buffer.
 *
 * What such a file holds (PETRARCH2's dictionary documentation, the TABARI
 * conventions it keeps, and the validation and CAMEO files as they are):
 *
 *   &CURRENCY                 a synonym set (synset): its items follow,
 *   +SWISS FRANCS             one a line; words of an item are consecutive;
 *   +KRONER_                  '_' at the end: no plural is added (also for
 *   +&OTHER                   every item when the label ends in '_'); an
 *                             item may name an earlier synset
 *   --- GRANT [070] ---       a block: its verbs share its patterns; the
 *                             code is what the verb alone yields ([---]:
 *                             nothing)
 *   GIVE {GAVE GIVEN}         a verb with its irregular forms
 *   EXPRESS [0110]            a verb with its own code for the verb alone
 *   +CORDON_OFF               a verb of several words: '+' marks the verb
 *   WIRE_+TAP                 (first or last word), '_' joins the words
 *   - * &CURRENCY [903]       a pattern: '*' the verb, '$' the source,
 *   - + WAS * FROM $ [066]    '+' the target, '%' a compound actor, '^'
 *   - SAID_*_TALKS [102]      skips one; words joined by '_' are
 *                             consecutive, a space lets other words come
 *                             between
 *   [032:033]                 a paired code: source -> target, and back
 *
 *   Comments: '#' and ';' to the end of the line, <!-- --> over lines.
 *
 * How each piece becomes Herald's format is written where it is done; the
 * summary for users is in the README's compatibility section. In short:
 * a block becomes one `verb` entry per distinct code of its verbs, each
 * with all the patterns filed under the block's name (blocks of one name
 * share them, as in PETRARCH2); a space becomes `...` (Herald's gap of up
 * to six words), '_' plain adjacency, '*' `+`, '+' `^`, '$' `$`, a synset
 * an alternative group with its plurals, a negation written before the
 * verb a `negated` twin of the pattern. PETRARCH finds a target the
 * pattern does not write in the verb phrase; Herald is told to look for
 * it after the verb (or the pattern's last word) with an `active` twin
 * ending in PV_REACH. "WIRE_+TAP" gives the entry "tap" whose patterns all
 * ask for "wire" before the verb, and the entry "wire tap" (whichever
 * word the tagger calls the verb). What Herald's format cannot say is
 * approximated and counted in one warning per file: the reverse half of
 * a paired code is dropped, '^' (skip an actor) becomes a gap, '%' before
 * the verb becomes the ordinary subject (Herald pairs compound subjects
 * itself; "% *" alone is left out) and after it an ordinary target. Codes
 * with letters ([174K]) are refused, and PETRARCH's verb transformations
 * ('~' lines) are not read.
 *
 * Diagnostics name the PETRARCH file and line: the loader's own messages
 * about the translated text are mapped back through a line table, and so
 * are the "file:line" sources of the entries and patterns it keeps.
 * Every limit is fixed and every loop is over the input once; nothing
 * recurses.
 */
#include "code.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PV_MAX_FILE ((size_t)256 << 20) /* larger files are refused */
#define PV_MAX_LINE 16384        /* longer source lines are skipped */
#define PV_MAX_WORD 128          /* bytes of one word */
#define PV_MAX_SYNSETS 4096
#define PV_MAX_ITEMS 4096        /* items of one synset, plurals included */
#define PV_MAX_TOKENS 48         /* pieces of one pattern */
#define PV_MAX_VERBS 2048        /* verb lines of one block */
#define PV_MAX_PATTERNS 8192     /* patterns of one block */
#define PV_HERALD_ELEMS 24       /* the loader's limit (verbs.c MAX_ELEMS) */
#define PV_OUT_LINE 15000        /* the loader takes lines up to 16K */
/* Where a target not written in the pattern is looked for: the first
 * actor after the verb (or after the pattern's words) within this many
 * of Herald's gaps of six words. */
#define PV_REACH "... ... ^"

/* ---- state -------------------------------------------------------------- */

typedef struct pv_synset {
    char *name;                /* without '&' and a trailing '_' */
    char **items;              /* lower case, words separated by one space */
    size_t n_items, cap_items;
    bool no_plural;
} pv_synset;

typedef struct pv_verb {
    char *forms;               /* Herald's form list: "give | gives | gave ..." */
    char *prefix;              /* words before the verb ("wire" of WIRE_+TAP),
                                  written before '+' in every pattern; "" */
    char code[12];              /* its own code, else its block's; "-" none */
    uint32_t line;
} pv_verb;

typedef struct pv_pat {
    char *pre, *post;          /* Herald's elements before and after '+' */
    char code[12];
    bool negated;              /* has a negation before the verb */
    bool mutual;               /* '%' before the verb: `mutual` */
    bool add_target;           /* no target written: try one after it */
    uint32_t line;
} pv_pat;

/* A block: its verbs and patterns. PETRARCH files its patterns under the
 * block's name, so blocks of the same name share them: a header naming
 * an earlier block reopens it. */
typedef struct pv_block {
    char *name;                /* upper case as written; "" for none */
    uint32_t line;
    pv_verb *verbs;
    size_t n_verbs, cap_verbs;
    pv_pat *pats;
    size_t n_pats, cap_pats;
} pv_block;

typedef enum { PV_NONE = 0, PV_SYNSET, PV_BLOCK } pv_state;

typedef struct pv_reader {
    hr_verbs *v;
    const char *file;
    uint32_t line;
    bool in_comment;
    uint32_t comment_line;
    bool oom;
    pv_state state;
    pv_synset *syn;
    size_t n_syn, cap_syn;
    /* the blocks, written out at the end of the file */
    pv_block *blocks;
    size_t n_blocks, cap_blocks;
    size_t cur;                /* the open block when state is PV_BLOCK */
    char block_code[12];        /* the code of its header */
    bool pats_since_header;
    /* the translation: text and, per line, the source line it came from */
    hr_buf out;
    uint32_t *map;
    size_t n_map, cap_map;
    /* approximations, summed up in one warning */
    uint64_t paired, skips, compounds, transforms;
} pv_reader;

/* The loader's diag, redirected while it reads the translation. */
typedef struct pv_redirect {
    hr_dict_diag_fn diag;
    void *ud;
    const char *file;
    const uint32_t *map;
    size_t n_map;
} pv_redirect;

#define GROW(arr, cap, need) hr_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

static void bad(pv_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bad(pv_reader *r, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hr_verbs_diag(r->v, true, r->file, r->line, "%s", msg);
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80;
}

/* How much of s[0,n) to quote: at most max bytes, not inside a UTF-8
 * sequence. */
static int clip(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return (int)n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

/* ---- words ---------------------------------------------------------------- */

/* Does w[0,n) hold a word as the loader reads words (hr_words_split)?
 * Bytes such as a byte-order mark inside a line fold to nothing there. */
static bool loader_word(const char *w, size_t n)
{
    hr_word *ws = NULL;
    size_t nw = 0, cap = 0;
    hr_buf fb = {0};
    bool any = false;
    if (hr_words_split(w, 0, (uint32_t)n, &ws, &nw, &cap, &fb))
        for (size_t i = 0; i < nw && !any; i++)
            any = !(ws[i].flags & HR_W_BREAK);
    free(ws);
    hr_buf_free(&fb);
    return any;
}

/* A word of a PETRARCH file as Herald's format may hold it: lower case,
 * without the characters Herald's format reserves ('(', ')', '|', '#').
 * Returns its length; 0 when nothing of a word is left. */
static size_t clean_word(const char *s, size_t n, char *out)
{
    size_t k = 0;
    bool alnum = false;
    for (size_t i = 0; i < n && k < PV_MAX_WORD - 1; i++) {
        char c = s[i];
        if (c == '(' || c == ')' || c == '|' || c == '#' || is_ws(c))
            continue;
        alnum |= is_alnum(c);
        out[k++] = lower(c);
    }
    out[k] = '\0';
    return alnum && loader_word(out, k) ? k : 0;
}

/* TreeBank writes "didn't" as "did n't": the text Herald reads has it
 * whole. */
static bool is_nt(const char *w)
{
    return !strcmp(w, "n't") || !strcmp(w, "n\xe2\x80\x99t");
}

static bool is_negation(const char *w)
{
    static const char *const NEG[] = {"not", "never", "no", "neither", "nor", "cannot", NULL};
    for (const char *const *p = NEG; *p; p++)
        if (!strcmp(w, *p))
            return true;
    size_t n = strlen(w);
    return n > 3 && !strcmp(w + n - 3, "n't");
}

/* The regular English plural of a word ("" when it looks plural already
 * or is no word): PETRARCH adds plurals to synset items. */
static void plural(const char *w, char *out, size_t size)
{
    size_t n = strlen(w);
    out[0] = '\0';
    if (n < 2 || n + 3 >= size)
        return;
    for (size_t i = 0; i < n; i++)
        if (!((w[i] >= 'a' && w[i] <= 'z') || w[i] == '-'))
            return;
    char last = w[n - 1], prev = w[n - 2];
    bool vowel_prev = strchr("aeiou", prev) != NULL;
    if (last == 's' && prev != 's')
        return;                                   /* "dollars" */
    if (last == 'y' && !vowel_prev)
        snprintf(out, size, "%.*sies", (int)n - 1, w);
    else if (last == 's' || last == 'x' || last == 'z' ||
             ((last == 'h') && (prev == 's' || prev == 'c')))
        snprintf(out, size, "%ses", w);
    else
        snprintf(out, size, "%ss", w);
}

/* The regular forms of a verb: -s, -ed, -ing (doubling the last consonant
 * of a short verb ending consonant-vowel-consonant). */
static void verb_forms(const char *l, char out[3][PV_MAX_WORD + 8])
{
    size_t n = strnlen(l, PV_MAX_WORD - 1);
    int m = (int)n;
    char last = n ? l[n - 1] : 0, prev = n > 1 ? l[n - 2] : 0;
    bool v_last = strchr("aeiou", last) != NULL, v_prev = prev && strchr("aeiou", prev);
    unsigned vowels = 0;
    for (size_t i = 0; i < n; i++)
        vowels += strchr("aeiou", l[i]) != NULL;
    bool cvc = n >= 3 && !v_last && last != 'w' && last != 'x' && last != 'y' && v_prev &&
               !strchr("aeiou", l[n - 3]) && vowels == 1;
    bool sib = last == 's' || last == 'x' || last == 'z' ||
               (last == 'h' && (prev == 'c' || prev == 's'));
    if (last == 'y' && n > 1 && !v_prev) {
        snprintf(out[0], sizeof out[0], "%.*sies", m - 1, l);
        snprintf(out[1], sizeof out[1], "%.*sied", m - 1, l);
    } else {
        snprintf(out[0], sizeof out[0], "%.*s%s", m, l, sib ? "es" : "s");
        if (last == 'e')
            snprintf(out[1], sizeof out[1], "%.*sd", m, l);
        else if (cvc)
            snprintf(out[1], sizeof out[1], "%.*s%ced", m, l, last);
        else
            snprintf(out[1], sizeof out[1], "%.*sed", m, l);
    }
    if (last == 'e' && prev != 'e' && n > 2)
        snprintf(out[2], sizeof out[2], "%.*sing", m - 1, l);
    else if (cvc)
        snprintf(out[2], sizeof out[2], "%.*s%cing", m, l, last);
    else
        snprintf(out[2], sizeof out[2], "%.*sing", m, l);
}

/* ---- the translation's text ------------------------------------------------- */

/* Appends one line of translated text that came from source line `src`. */
static void emit(pv_reader *r, uint32_t src, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void emit(pv_reader *r, uint32_t src, const char *fmt, ...)
{
    if (r->oom)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !hr_buf_reserve(&r->out, (size_t)n + 2) ||
        !GROW(r->map, r->cap_map, r->n_map + 1)) {
        r->oom = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(r->out.data + r->out.len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    r->out.len += (size_t)n;
    r->out.data[r->out.len++] = '\n';
    r->map[r->n_map++] = src;
}

/* ---- codes ------------------------------------------------------------------- */

/* One code "070", "---", "032:033" (the first half kept) into out ("-" for
 * none). False when it is none of these. */
static bool parse_code(pv_reader *r, const char *s, size_t n, char out[12], bool *paired)
{
    while (n && is_ws(*s))
        s++, n--;
    while (n && is_ws(s[n - 1]))
        n--;
    *paired = false;
    const char *colon = memchr(s, ':', n);
    size_t first = colon ? (size_t)(colon - s) : n;
    for (int half = 0; half < (colon ? 2 : 1); half++) {
        const char *c = half ? colon + 1 : s;
        size_t cn = half ? n - first - 1 : first;
        bool dashes = cn == 3 && !memcmp(c, "---", 3);
        bool digits = cn >= 2 && cn <= 4;
        for (size_t i = 0; digits && i < cn; i++)
            digits = (c[i] >= '0' && c[i] <= '9') ||
                     (i == cn - 1 && cn >= 3 &&
                      ((c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= 'a' && c[i] <= 'z')));
        if (!dashes && !digits)
            return false;
        size_t at = half ? strlen(out) : 0;         /* "032:033" kept whole */
        if (half)
            out[at++] = ':';
        if (dashes)
            strcpy(out + at, "-");
        else {
            memcpy(out + at, c, cn);
            out[at + cn] = '\0';
        }
    }
    *paired = colon != NULL;
    (void)r;
    return true;
}

/* The last "[...]" of s[0,n): its span, and *rest the length before it.
 * False when there is none or text follows it. */
static bool last_bracket(const char *s, size_t n, size_t *open, size_t *close)
{
    size_t e = n;
    while (e && is_ws(s[e - 1]))
        e--;
    if (!e || s[e - 1] != ']')
        return false;
    size_t o = e - 1;
    while (o > 0 && s[o - 1] != '[')
        o--;
    if (o == 0)
        return false;
    *open = o - 1;
    *close = e - 1;
    return true;
}

/* ---- synsets ------------------------------------------------------------------- */

static pv_synset *synset_find(pv_reader *r, const char *name, size_t n)
{
    while (n && name[n - 1] == '_')
        n--;
    for (size_t i = 0; i < r->n_syn; i++)
        if (strlen(r->syn[i].name) == n && !strncasecmp(r->syn[i].name, name, n))
            return &r->syn[i];
    return NULL;
}

static bool synset_add_item(pv_reader *r, pv_synset *st, const char *item)
{
    for (size_t i = 0; i < st->n_items; i++)
        if (!strcmp(st->items[i], item))
            return true;
    if (st->n_items >= PV_MAX_ITEMS) {
        bad(r, "synset &%s has more than %d items: the rest are left out", st->name,
            PV_MAX_ITEMS);
        return false;
    }
    char *c = strdup(item);
    if (!c || !GROW(st->items, st->cap_items, st->n_items + 1)) {
        free(c);
        r->oom = true;
        return false;
    }
    st->items[st->n_items++] = c;
    return true;
}

/* "&NAME": a new synset whose items follow. Defining a name again starts
 * it afresh (PETRARCH keeps the last definition). */
static void synset_begin(pv_reader *r, const char *s, size_t n)
{
    size_t k = 1;
    while (k < n && !is_ws(s[k]))
        k++;
    size_t j = k;
    while (j < n && is_ws(s[j]))
        j++;
    if (k == 1 || j < n) {
        bad(r, "a synset label is '&' and a name alone: '%.*s'", clip(s, n, 60), s);
        r->state = PV_NONE;
        return;
    }
    for (size_t i = 1; i < k; i++)
        if (!is_alnum(s[i]) && s[i] != '_' && s[i] != '-') {
            bad(r, "synset name '%.*s' has a character other than letters, digits, '_'",
                clip(s, k, 60), s);
            r->state = PV_NONE;
            return;
        }
    bool no_plural = s[k - 1] == '_';
    pv_synset *st = synset_find(r, s + 1, k - 1);
    if (st) {
        for (size_t i = 0; i < st->n_items; i++)
            free(st->items[i]);
        st->n_items = 0;
    } else {
        if (r->n_syn >= PV_MAX_SYNSETS) {
            bad(r, "more than %d synsets: &%.*s is left out", PV_MAX_SYNSETS, clip(s + 1, k - 1, 60),
                s + 1);
            r->state = PV_NONE;
            return;
        }
        if (!GROW(r->syn, r->cap_syn, r->n_syn + 1)) {
            r->oom = true;
            return;
        }
        st = &r->syn[r->n_syn++];
        memset(st, 0, sizeof *st);
        size_t nl = k - 1;
        while (nl && s[nl] == '_')
            nl--;
        if (!(st->name = strndup(s + 1, nl))) {
            r->n_syn--;
            r->oom = true;
            return;
        }
    }
    st->no_plural = no_plural;
    /* the open synset is kept last */
    pv_synset tmp = *st;
    *st = r->syn[r->n_syn - 1];
    r->syn[r->n_syn - 1] = tmp;
    r->state = PV_SYNSET;
}

/* "+WORDS" of the open synset: words joined by spaces or '_' (always
 * consecutive); "+&OTHER" adds the items of an earlier synset. */
static void synset_item(pv_reader *r, const char *s, size_t n)
{
    pv_synset *st = &r->syn[r->n_syn - 1];
    s++, n--;
    while (n && is_ws(*s))
        s++, n--;
    if (n && s[0] == '&') {
        size_t k = 1;
        while (k < n && !is_ws(s[k]))
            k++;
        pv_synset *o = synset_find(r, s + 1, k - 1);
        if (!o || o == st) {
            bad(r, "synset &%.*s is not defined above", clip(s + 1, k - 1, 60), s + 1);
            return;
        }
        for (size_t i = 0; i < o->n_items && !r->oom; i++)
            if (!synset_add_item(r, st, o->items[i]))
                break;
        return;
    }
    char item[PV_MAX_LINE], word[PV_MAX_WORD];
    size_t il = 0, wn = 0;
    bool ends_ = n && s[n - 1] == '_';
    const char *last_word = NULL;
    size_t i = 0;
    while (i < n) {
        while (i < n && (is_ws(s[i]) || s[i] == '_'))
            i++;
        size_t b = i;
        while (i < n && !is_ws(s[i]) && s[i] != '_')
            i++;
        if (i == b)
            break;
        if (memchr("$+%^*&", s[b], 6)) {
            bad(r, "a synset item holds words only, not '%c'", s[b]);
            return;
        }
        size_t wl = clean_word(s + b, i - b, word);
        if (!wl)
            continue;
        if (is_nt(word) && il) {
            memcpy(item + il, word, wl);             /* did n't -> didn't */
        } else {
            if (il)
                item[il++] = ' ';
            memcpy(item + il, word, wl);
        }
        il += wl;
        item[il] = '\0';
        last_word = item + il - wl;
        wn++;
    }
    if (!wn) {
        bad(r, "synset item with no word");
        return;
    }
    if (!synset_add_item(r, st, item))
        return;
    if (!st->no_plural && !ends_ && last_word) {
        char pl[PV_MAX_WORD + 8];
        plural(last_word, pl, sizeof pl);
        if (pl[0]) {
            size_t keep = (size_t)(last_word - item);
            if (keep + strlen(pl) < sizeof item) {
                strcpy(item + keep, pl);
                synset_add_item(r, st, item);
            }
        }
    }
}

/* ---- blocks and verbs -------------------------------------------------------------- */

static void block_free(pv_block *b)
{
    for (size_t i = 0; i < b->n_verbs; i++) {
        free(b->verbs[i].forms);
        free(b->verbs[i].prefix);
    }
    for (size_t i = 0; i < b->n_pats; i++) {
        free(b->pats[i].pre);
        free(b->pats[i].post);
    }
    free(b->verbs);
    free(b->pats);
    free(b->name);
}

/* Elements of a pattern line: the words before the verb, the verb's
 * prefix, '+', the words after ('+' left out when nothing comes before
 * it). Returns how many elements Herald will count. */
static int compose(char *out, size_t size, const char *pre, const char *prefix,
                   const char *post)
{
    size_t k = 0;
    out[0] = '\0';
    if (pre[0] || prefix[0]) {
        int w = snprintf(out, size, "%s%s%s%s+%s%s", pre, pre[0] ? " " : "", prefix,
                         prefix[0] ? " " : "", post[0] ? " " : "", post);
        if (w < 0 || (size_t)w >= size)
            return INT32_MAX;
        k = (size_t)w;
    } else {
        int w = snprintf(out, size, "%s", post);
        if (w < 0 || (size_t)w >= size)
            return INT32_MAX;
        k = (size_t)w;
    }
    int n = 0, depth = 0;
    bool in = false;
    for (size_t i = 0; i < k; i++) {
        if (out[i] == '(')
            depth++;
        else if (out[i] == ')')
            depth--;
        if (out[i] == ' ' && depth == 0)
            in = false;
        else if (!in)
            in = true, n++;
    }
    return n;
}

/* Writes a block as Herald entries: one per distinct code (and prefix)
 * of its verbs, each with every pattern. The verb alone yields its code
 * through Herald's default (subject -> object) and, in the active voice,
 * through PV_REACH: the first actor after it (PETRARCH takes the target
 * from the verb phrase, objects of prepositions included). */
static void block_write(pv_reader *r, const pv_block *b)
{
    char el[PV_MAX_LINE];
    if (b->n_verbs == 0) {
        if (b->n_pats)
            hr_verbs_diag(r->v, true, r->file, b->line, "a block with patterns and no verb: "
                          "its %zu patterns are left out", b->n_pats);
        return;
    }
    bool *done = calloc(b->n_verbs, 1);
    if (!done) {
        r->oom = true;
        return;
    }
    for (size_t i = 0; i < b->n_verbs && !r->oom; i++) {
        if (done[i])
            continue;
        const char *code = b->verbs[i].code, *prefix = b->verbs[i].prefix;
        /* the header: this verb and the later ones with the same code */
        size_t at = r->out.len;
        emit(r, b->verbs[i].line, "verb %s", b->verbs[i].forms);
        done[i] = true;
        for (size_t k = i + 1; k < b->n_verbs && !r->oom; k++) {
            if (done[k] || strcmp(b->verbs[k].code, code) || strcmp(b->verbs[k].prefix, prefix))
                continue;
            size_t fl = strlen(b->verbs[k].forms);
            if (r->out.len - at + fl + 4 > PV_OUT_LINE)
                continue;                /* a later entry takes it */
            if (!hr_buf_reserve(&r->out, fl + 4)) {
                r->oom = true;
                break;
            }
            r->out.len--;                /* over the '\n' */
            hr_buf_append(&r->out, " ; ", 3);
            hr_buf_append(&r->out, b->verbs[k].forms, fl);
            hr_buf_putc(&r->out, '\n');
            done[k] = true;
        }
        if (!strcmp(code, "-")) {
            emit(r, b->line, "  -");
        } else if (prefix[0]) {
            /* "wire +": Herald's default (no elements) cannot hold it */
            emit(r, b->line, "  %s + %s", prefix, code);
            emit(r, b->line, "  active %s + %s %s", prefix, PV_REACH, code);
        } else {
            emit(r, b->line, "  %s", code);
            emit(r, b->line, "  active %s %s", PV_REACH, code);
        }
        for (size_t k = 0; k < b->n_pats; k++) {
            const pv_pat *p = &b->pats[k];
            int n_el = compose(el, sizeof el, p->pre, prefix, p->post);
            if (n_el > PV_HERALD_ELEMS) {
                hr_verbs_diag(r->v, true, r->file, p->line, "with the words before the verb "
                              "'%s', a pattern of more than %d elements: left out for it",
                              prefix, PV_HERALD_ELEMS);
                continue;
            }
            for (int neg = 0; neg < (p->negated ? 2 : 1); neg++) {
                const char *mod = neg ? (p->mutual ? "mutual negated " : "negated ")
                                      : (p->mutual ? "mutual " : "");
                if (p->add_target && n_el + 3 <= PV_HERALD_ELEMS)
                    emit(r, p->line, "  active %s%s%s%s %s", mod, el, el[0] ? " " : "",
                         PV_REACH, p->code);
                emit(r, p->line, "  %s%s %s", mod, el, p->code);
            }
        }
        emit(r, b->line, "%s", "");
    }
    free(done);
}

/* Opens the block called name (a new one, or the earlier one of that
 * name); its verbs without a code of their own take `code`. */
static void block_begin(pv_reader *r, const char *name, size_t name_len, const char *code)
{
    r->state = PV_NONE;
    size_t i = r->n_blocks;
    if (name_len)
        for (i = 0; i < r->n_blocks; i++)
            if (strlen(r->blocks[i].name) == name_len &&
                !strncasecmp(r->blocks[i].name, name, name_len))
                break;
    if (i == r->n_blocks) {
        if (!GROW(r->blocks, r->cap_blocks, r->n_blocks + 1)) {
            r->oom = true;
            return;
        }
        pv_block *b = &r->blocks[r->n_blocks];
        memset(b, 0, sizeof *b);
        if (!(b->name = strndup(name ? name : "", name_len))) {
            r->oom = true;
            return;
        }
        b->line = r->line;
        r->n_blocks++;
    }
    r->cur = i;
    r->state = PV_BLOCK;
    r->pats_since_header = false;
    snprintf(r->block_code, sizeof r->block_code, "%s", code);
}

/* "--- NAME [CODE] ---": the name is no verb; the first [...] is the
 * block's code. */
static void header_line(pv_reader *r, const char *s, size_t n)
{
    char code[12] = "-";
    const char *o = memchr(s, '[', n);
    /* the name: the words between "---" and the code */
    const char *nm = s + 3, *ne = o ? o : s + n;
    while (nm < ne && (is_ws(*nm) || *nm == '-'))
        nm++;
    while (ne > nm && (is_ws(ne[-1]) || ne[-1] == '-'))
        ne--;
    if (o) {
        const char *c = memchr(o, ']', n - (size_t)(o - s));
        bool paired;
        if (!c)
            bad(r, "'[' with no ']' in a block header: the block yields no code alone");
        else if (!parse_code(r, o + 1, (size_t)(c - o - 1), code, &paired)) {
            bad(r, "'%.*s' is no event code (2 to 4 digits, --- or a pair 032:033): the "
                "block yields no code alone", clip(o, (size_t)(c - o + 1), 40), o);
            strcpy(code, "-");
        } else if (paired)
            r->paired++;
    }
    block_begin(r, nm, (size_t)(ne - nm), code);
}

/* One form of a verb: its words (lower case) into words[], and the index
 * of the verb among them ('+' marks it; else the first). Returns the
 * number of words: 0 when there is none, -1 on a fault (reported). */
static int form_words(pv_reader *r, const char *s, size_t n, char words[][PV_MAX_WORD],
                      int max, int *verb)
{
    int nw = 0;
    *verb = -1;
    size_t i = 0;
    while (i < n) {
        while (i < n && (is_ws(s[i]) || s[i] == '_'))
            i++;
        size_t b = i;
        while (i < n && !is_ws(s[i]) && s[i] != '_')
            i++;
        if (i == b)
            break;
        bool marked = s[b] == '+';
        if (marked)
            b++;
        if (nw == max) {
            bad(r, "a verb of more than %d words: left out", max);
            return -1;
        }
        if (!clean_word(s + b, i - b, words[nw])) {
            bad(r, "'%.*s' is no word of a verb: left out", clip(s + b - marked, i - b + marked, 40),
                s + b - marked);
            return -1;
        }
        if (marked) {
            if (*verb >= 0) {
                bad(r, "a verb with two '+': left out");
                return -1;
            }
            *verb = nw;
        }
        nw++;
    }
    if (*verb < 0)
        *verb = 0;
    return nw;
}

static void join_words(char *out, size_t size, char words[][PV_MAX_WORD], int nw, int at,
                       const char *with)
{
    size_t k = 0;
    out[0] = '\0';
    for (int i = 0; i < nw && k + 1 < size; i++) {
        int w = snprintf(out + k, size - k, "%s%s", i ? " " : "", i == at ? with : words[i]);
        if (w < 0)
            break;
        k = HR_MIN(size - 1, k + (size_t)w);
    }
}

static void add_verb(pv_reader *r, pv_block *blk, const char *forms, const char *prefix,
                     const char *code)
{
    if (!GROW(blk->verbs, blk->cap_verbs, blk->n_verbs + 1)) {
        r->oom = true;
        return;
    }
    pv_verb *vb = &blk->verbs[blk->n_verbs];
    vb->forms = strdup(forms);
    vb->prefix = strdup(prefix);
    if (!vb->forms || !vb->prefix) {
        free(vb->forms);
        free(vb->prefix);
        r->oom = true;
        return;
    }
    snprintf(vb->code, sizeof vb->code, "%s", code[0] ? code : r->block_code);
    vb->line = r->line;
    blk->n_verbs++;
}

/* "GIVE {GAVE GIVEN} [070]", "+CORDON_OFF {...}", "WIRE_+TAP". */
static void verb_line(pv_reader *r, const char *s, size_t n)
{
    /* TABARI: verbs without headers, and a verb after patterns, begin a
     * block of their own */
    if (r->state != PV_BLOCK || r->pats_since_header)
        block_begin(r, NULL, 0, "-");
    if (r->oom)
        return;
    pv_block *blk = &r->blocks[r->cur];
    for (size_t i = 0; i < n; i++)
        if (memchr("$*%^&", s[i], 5)) {
            bad(r, "'%c' in a verb line (a pattern line starts with '-'): left out", s[i]);
            return;
        }
    char code[12] = "";
    size_t o, c;
    if (last_bracket(s, n, &o, &c)) {
        bool paired;
        if (!parse_code(r, s + o + 1, c - o - 1, code, &paired)) {
            bad(r, "'%.*s' is no event code (2 to 4 digits, --- or a pair 032:033): the verb "
                "is left out", clip(s + o, c - o + 1, 40), s + o);
            return;
        }
        r->paired += paired;
        n = o;
    } else if (memchr(s, '[', n) || memchr(s, ']', n)) {
        bad(r, "unbalanced '[' in a verb line: the verb is left out");
        return;
    }
    const char *ob = memchr(s, '{', n), *cb = memchr(s, '}', n);
    if ((ob == NULL) != (cb == NULL) || (ob && cb < ob)) {
        bad(r, "unbalanced '{' in a verb line: the verb is left out");
        return;
    }
    size_t head = ob ? (size_t)(ob - s) : n;
    for (const char *t = cb ? cb + 1 : s + n; t < s + n; t++)
        if (!is_ws(*t)) {
            bad(r, "text after '}' in a verb line: the verb is left out");
            return;
        }
    char words[16][PV_MAX_WORD];
    int vi, nw = form_words(r, s, head, words, 16, &vi);
    if (nw == 0)
        bad(r, "a verb line with no verb: left out");
    if (nw <= 0)
        return;
    /* "WIRE_+TAP": the words before the verb become a prefix that every
     * pattern asks for; the entry itself is the verb's */
    char prefix[PV_MAX_LINE / 16] = "";
    int pre_n = vi;
    if (vi > 0) {
        join_words(prefix, sizeof prefix, words, vi, -1, "");
        memmove(words, words + vi, (size_t)(nw - vi) * sizeof words[0]);
        nw -= vi;
        vi = 0;
    }
    if (blk->n_verbs >= PV_MAX_VERBS) {
        bad(r, "more than %d verbs in one block: this one is left out", PV_MAX_VERBS);
        return;
    }
    /* the forms, in Herald's order: base | -s | past | -ing | participles */
    char slot_s[PV_MAX_LINE / 16] = "", slot_past[PV_MAX_LINE / 16] = "",
         slot_ing[PV_MAX_LINE / 16] = "", parts[PV_MAX_LINE / 4] = "";
    char base[PV_MAX_LINE / 16];
    join_words(base, sizeof base, words, nw, -1, "");
    char gen[3][PV_MAX_WORD + 8];
    verb_forms(words[vi], gen);
    if (ob) {
        /* PETRARCH: the braces hold every other form. Herald also wants an
         * -s and an -ing form: the regular ones stand in when missing. */
        const char *t = ob + 1;
        while (t < cb) {
            while (t < cb && is_ws(*t))
                t++;
            const char *b = t;
            while (t < cb && !is_ws(*t))
                t++;
            if (t == b)
                break;
            char fw[16][PV_MAX_WORD];
            int fv, fn = form_words(r, b, (size_t)(t - b), fw, 16, &fv);
            if (fn <= 0)
                return;
            if (fv == pre_n && pre_n > 0) {
                memmove(fw, fw + pre_n, (size_t)(fn - pre_n) * sizeof fw[0]);
                fn -= pre_n;
                fv = 0;
            }
            if (fn != nw || fv != vi) {
                bad(r, "the form '%.*s' has other words than the verb: the verb is left out",
                    clip(b, (size_t)(t - b), 40), b);
                return;
            }
            char f[PV_MAX_LINE / 16];
            join_words(f, sizeof f, fw, fn, -1, "");
            const char *vw = fw[fv];
            size_t vl = strlen(vw);
            char *slot = NULL;
            if (!strcmp(f, base))
                continue;
            if (vl > 4 && !strcmp(vw + vl - 3, "ing") && !slot_ing[0])
                slot = slot_ing;
            else if (!strcmp(vw, gen[0]) && !slot_s[0])
                slot = slot_s;
            else if (vl > 1 && vw[vl - 1] == 's' && vw[vl - 2] != 's' && !slot_s[0] &&
                     strlen(words[vi]) + 2 >= vl)
                slot = slot_s;
            else if (!slot_past[0])
                slot = slot_past;
            if (slot)
                snprintf(slot, sizeof slot_s, "%s", f);
            else {
                size_t pl = strlen(parts);
                if (pl + strlen(f) + 4 < sizeof parts)
                    snprintf(parts + pl, sizeof parts - pl, " | %s", f);
            }
        }
    }
    char forms[PV_MAX_LINE];
    if (!ob && !prefix[0]) {
        /* Herald makes the regular forms of the first word itself */
        snprintf(forms, sizeof forms, "%s", base);
    } else if (ob && !slot_s[0] && !slot_past[0] && !slot_ing[0] && !parts[0]) {
        /* "{}": the phrase as written is its only form ("KILLED_AND {}");
         * written twice, Herald makes no others */
        snprintf(forms, sizeof forms, "%s | %s", base, base);
    } else {
        if (!slot_s[0])
            join_words(slot_s, sizeof slot_s, words, nw, vi, gen[0]);
        if (!slot_past[0])
            join_words(slot_past, sizeof slot_past, words, nw, vi, gen[1]);
        if (!slot_ing[0])
            join_words(slot_ing, sizeof slot_ing, words, nw, vi, gen[2]);
        snprintf(forms, sizeof forms, "%s | %s | %s | %s%s", base, slot_s, slot_past, slot_ing,
                 parts);
    }
    add_verb(r, blk, forms, prefix, code);
    if (prefix[0]) {
        /* the whole phrase too ("wire tapped"), for when the tagger calls
         * its first word the verb */
        char whole[PV_MAX_LINE];
        size_t k = 0;
        whole[0] = '\0';
        for (const char *f = forms; f && k + 1 < sizeof whole;) {
            const char *bar = strstr(f, " | ");
            int fl = (int)(bar ? (size_t)(bar - f) : strlen(f));
            int w = snprintf(whole + k, sizeof whole - k, "%s%s %.*s", k ? " | " : "", prefix,
                             fl, f);
            if (w < 0 || (size_t)w >= sizeof whole - k)
                break;
            k += (size_t)w;
            f = bar ? bar + 3 : NULL;
        }
        add_verb(r, blk, whole, "", code);
    }
}

/* ---- patterns ---------------------------------------------------------------------- */

enum { PT_WORD, PT_SYN, PT_VERB, PT_SRC, PT_TGT, PT_COMP, PT_SKIP };

typedef struct pv_tok {
    uint8_t kind;
    bool joined;               /* '_' before it: no words may come between */
    char word[PV_MAX_WORD];
    const pv_synset *syn;
} pv_tok;

/* Appends s to buf[*k..size); false when it does not fit. */
static bool put(char *buf, size_t size, size_t *k, const char *s)
{
    size_t n = strlen(s);
    if (*k + n + 1 > size)
        return false;
    memcpy(buf + *k, s, n + 1);
    *k += n;
    return true;
}

/* "- ... [CODE]": the pieces split at spaces (a gap) and at '_' (joined),
 * then written in Herald's elements. */
static void pattern_line(pv_reader *r, const char *s, size_t n)
{
    if (r->state != PV_BLOCK) {
        bad(r, "a pattern outside a verb block (no '--- NAME [CODE] ---' or verb above)");
        return;
    }
    size_t o, c;
    if (!last_bracket(s, n, &o, &c)) {
        bad(r, "a pattern ends with its code in [...]: pattern left out");
        return;
    }
    char code[12];
    bool paired;
    if (!parse_code(r, s + o + 1, c - o - 1, code, &paired)) {
        bad(r, "'%.*s' is no event code (2 to 4 digits, --- or a pair 032:033): pattern "
            "left out", clip(s + o, c - o + 1, 40), s + o);
        return;
    }
    pv_block *blk = &r->blocks[r->cur];
    if (blk->n_pats >= PV_MAX_PATTERNS) {
        bad(r, "more than %d patterns in one block: pattern left out", PV_MAX_PATTERNS);
        return;
    }
    pv_tok tok[PV_MAX_TOKENS];
    int nt = 0, verbs = 0, srcs = 0, tgts = 0;
    size_t i = 1;                       /* past the '-' */
    size_t end = o;
    while (i < end) {
        bool joined = false;
        while (i < end && is_ws(s[i]))
            i++;
        while (i < end && !is_ws(s[i])) {
            if (s[i] == '_') {
                joined = nt > 0;
                i++;
                continue;
            }
            size_t b = i;
            while (i < end && !is_ws(s[i]) && s[i] != '_')
                i++;
            if (nt == PV_MAX_TOKENS) {
                bad(r, "a pattern of more than %d pieces: pattern left out", PV_MAX_TOKENS);
                return;
            }
            pv_tok *t = &tok[nt];
            memset(t, 0, sizeof *t);
            t->joined = joined;
            size_t w = i - b;
            char ch = s[b];
            if (w == 1 && ch == '*')
                t->kind = PT_VERB, verbs++;
            else if (w == 1 && ch == '$')
                t->kind = PT_SRC, srcs++;
            else if (w == 1 && ch == '+')
                t->kind = PT_TGT, tgts++;
            else if (w == 1 && ch == '%')
                t->kind = PT_COMP;
            else if (w == 1 && ch == '^')
                t->kind = PT_SKIP;
            else if (ch == '&') {
                t->kind = PT_SYN;
                t->syn = synset_find(r, s + b + 1, w - 1);
                if (!t->syn || !t->syn->n_items) {
                    bad(r, "synset '%.*s' is not defined above%s: pattern left out",
                        clip(s + b, w, 60), s + b, t->syn ? " (or has no items)" : "");
                    return;
                }
            } else if (memchr("{}()|", ch, 5) || memchr(s + b, '|', w)) {
                bad(r, "'%.*s': disjunctions are not read (PETRARCH skips them too; use a "
                    "synset): pattern left out", clip(s + b, w, 40), s + b);
                return;
            } else {
                t->kind = PT_WORD;
                if (!clean_word(s + b, w, t->word)) {
                    bad(r, "'%.*s' is no word: pattern left out", clip(s + b, w, 40), s + b);
                    return;
                }
                if (is_nt(t->word) && nt > 0 && tok[nt - 1].kind == PT_WORD) {
                    /* "did n't" -> "didn't" */
                    char nt_word[PV_MAX_WORD];
                    memcpy(nt_word, t->word, sizeof nt_word);
                    size_t pl = strlen(tok[nt - 1].word);
                    snprintf(tok[nt - 1].word + pl, PV_MAX_WORD - pl, "%s", nt_word);
                    joined = true;
                    continue;
                }
            }
            nt++;
            joined = true;
        }
    }
    if (verbs != 1) {
        bad(r, "a pattern has one '*' (the verb), not %d: pattern left out", verbs);
        return;
    }
    if (srcs > 1 || tgts > 1) {
        bad(r, "a pattern has at most one '$' and one '+': pattern left out");
        return;
    }
    /* Herald's elements */
    char el[PV_MAX_LINE];
    size_t k = 0;
    int n_el = 0;
    bool verb_seen = false, negated = false, has_target = tgts > 0, gap = false;
    bool fits = true, anything = false, comp_subject = false;
    size_t verb_at = 0;
    el[0] = '\0';
    for (int t = 0; t < nt && fits; t++) {
        pv_tok *p = &tok[t];
        if (p->kind == PT_COMP && !verb_seen) {
            r->compounds++;                 /* the subject, found as always */
            comp_subject = true;
            gap = anything;
            continue;
        }
        if (p->kind == PT_SKIP) {
            r->skips++;                     /* skip an actor: a gap stands in */
            gap = anything;
            continue;
        }
        if (p->kind == PT_COMP && has_target) {
            r->compounds++;                 /* a second target: a gap stands in */
            gap = anything;
            continue;
        }
        if (anything && (!p->joined || gap)) {
            fits &= put(el, sizeof el, &k, " ... ");
            n_el++;
        } else if (anything) {
            fits &= put(el, sizeof el, &k, " ");
        }
        gap = false;
        switch (p->kind) {
        case PT_WORD:
            if (!verb_seen && is_negation(p->word))
                negated = true;
            fits &= put(el, sizeof el, &k, p->word);
            break;
        case PT_SYN:
            fits &= put(el, sizeof el, &k, "(");
            for (size_t a = 0; a < p->syn->n_items && fits; a++) {
                if (!verb_seen && is_negation(p->syn->items[a]))
                    negated = true;
                /* an item of several words: any of them a negation */
                for (const char *w = p->syn->items[a]; !negated && !verb_seen && w;) {
                    const char *sp = strchr(w, ' ');
                    char one[PV_MAX_WORD];
                    snprintf(one, sizeof one, "%.*s", (int)(sp ? (size_t)(sp - w) : strlen(w)),
                             w);
                    negated |= is_negation(one);
                    w = sp ? sp + 1 : NULL;
                }
                fits &= put(el, sizeof el, &k, a ? "|" : "");
                fits &= put(el, sizeof el, &k, p->syn->items[a]);
            }
            fits &= put(el, sizeof el, &k, ")");
            break;
        case PT_VERB:
            verb_seen = true;
            verb_at = k;
            fits &= put(el, sizeof el, &k, "+");
            break;
        case PT_SRC:
            fits &= put(el, sizeof el, &k, "$");
            break;
        case PT_COMP:                      /* after the verb: the targets */
            r->compounds++;
            has_target = true;
            fits &= put(el, sizeof el, &k, "^");
            break;
        case PT_TGT:
            fits &= put(el, sizeof el, &k, "^");
            break;
        default:
            break;
        }
        n_el++;
        anything = true;
    }
    if (!fits || k + 16 > PV_OUT_LINE) {
        bad(r, "a pattern too long for Herald's format (its synsets hold too much): pattern "
            "left out");
        return;
    }
    /* the elements before '+' and after it */
    el[verb_at] = '\0';
    char *pre = el, *post = el + verb_at + 1;
    size_t pl = strlen(pre);
    while (pl && pre[pl - 1] == ' ')
        pre[--pl] = '\0';
    while (*post == ' ')
        post++;
    if (!pre[0])
        n_el--;                             /* '+' first: left out */
    if (n_el > PV_HERALD_ELEMS) {
        bad(r, "a pattern of %d elements in Herald's format (at most %d): pattern left out",
            n_el, PV_HERALD_ELEMS);
        return;
    }
    if (!pre[0] && !post[0] && !comp_subject) {
        /* "% *": the verb alone with a compound subject. Herald cannot
         * ask for a compound, and the verb alone is the block's code. */
        if (comp_subject)
            return;
        bad(r, "a pattern of the verb alone repeats the block's code: left out");
        return;
    }
    /* a pattern that blocks needs no target to block */
    bool add_target = !has_target && strcmp(code, "-") && n_el + 3 <= PV_HERALD_ELEMS;
    if (!GROW(blk->pats, blk->cap_pats, blk->n_pats + 1)) {
        r->oom = true;
        return;
    }
    pv_pat *pt = &blk->pats[blk->n_pats];
    pt->pre = strdup(pre);
    pt->post = strdup(post);
    if (!pt->pre || !pt->post) {
        free(pt->pre);
        free(pt->post);
        r->oom = true;
        return;
    }
    snprintf(pt->code, sizeof pt->code, "%s", code);
    pt->negated = negated;
    pt->mutual = comp_subject;
    pt->add_target = add_target;
    pt->line = r->line;
    blk->n_pats++;
    r->pats_since_header = true;
    r->paired += paired;
}

/* ---- lines ------------------------------------------------------------------------ */

/* The line without comments: '#' and ';' end it; <!-- ... --> is dropped
 * and may run over lines. Written into out (size > n). */
static size_t strip_comments(pv_reader *r, const char *s, size_t n, char *out)
{
    size_t k = 0, i = 0;
    while (i < n) {
        if (r->in_comment) {
            const char *e = NULL;
            for (size_t j = i; j + 2 < n + 0 && !e; j++)
                if (s[j] == '-' && s[j + 1] == '-' && s[j + 2] == '>')
                    e = s + j;
            if (!e)
                return k;
            i = (size_t)(e - s) + 3;
            r->in_comment = false;
            continue;
        }
        if (s[i] == '<' && i + 1 < n && s[i + 1] == '!') {
            r->in_comment = true;
            r->comment_line = r->line;
            i += 2;
            continue;
        }
        if (s[i] == '#' || s[i] == ';')
            break;
        out[k++] = s[i++];
    }
    while (k && is_ws(out[k - 1]))
        k--;
    return k;
}

static void read_line(pv_reader *r, const char *s, size_t n)
{
    if (n > PV_MAX_LINE) {
        bad(r, "line longer than %d bytes: skipped", PV_MAX_LINE);
        return;
    }
    if (memchr(s, '\0', n)) {
        bad(r, "NUL byte: line skipped");
        return;
    }
    size_t valid = hr_utf8_valid_prefix(s, n);
    if (valid != n) {
        bad(r, "invalid UTF-8 at byte %zu: line skipped", valid + 1);
        return;
    }
    char line[PV_MAX_LINE + 1];
    size_t k = strip_comments(r, s, n, line);
    const char *t = line;
    while (k && is_ws(*t))
        t++, k--;
    if (!k)
        return;
    if (k >= 3 && !memcmp(t, "---", 3))
        header_line(r, t, k);
    else if (t[0] == '-')
        pattern_line(r, t, k);
    else if (t[0] == '&')
        synset_begin(r, t, k);
    else if (t[0] == '+' && r->state == PV_SYNSET)
        synset_item(r, t, k);
    else if (t[0] == '~')
        r->transforms++;
    else if (t[0] == '+' && r->state != PV_BLOCK)
        bad(r, "an item ('+') with no synset ('&NAME') or verb block above: skipped");
    else if (t[0] == '<' || t[0] == '[' || t[0] == '{')
        bad(r, "'%.*s' is neither a verb, a pattern nor a synset: skipped", clip(t, k, 40), t);
    else
        verb_line(r, t, k);
}

/* ---- files -------------------------------------------------------------------------- */

static void redirect_diag(void *ud, const hr_error *e, bool is_error)
{
    const pv_redirect *rd = ud;
    if (!rd->diag)
        return;
    hr_error m = *e;
    snprintf(m.file, sizeof m.file, "%s", rd->file);
    if (e->record > 0 && e->record <= rd->n_map) {
        m.record = rd->map[e->record - 1];
        m.unit = "line";
    }
    rd->diag(rd->ud, &m, is_error);
}

/* "file:N" sources of what the loader kept point into the translation:
 * point them at the PETRARCH file's lines. */
static const char *map_source(hr_verbs *v, const char *src, const char *file,
                              const uint32_t *map, size_t n_map)
{
    const char *colon = src ? strrchr(src, ':') : NULL;
    if (!colon)
        return src;
    unsigned long at = strtoul(colon + 1, NULL, 10);
    if (at == 0 || at > n_map)
        return src;
    char buf[1200];
    int w = snprintf(buf, sizeof buf, "%s:%u", file, map[at - 1]);
    if (w < 0 || (size_t)w >= sizeof buf)
        return src;
    const char *c = hr_arena_strndup(v->arena, buf, (size_t)w);
    return c ? c : src;
}

static void reader_free(pv_reader *r)
{
    for (size_t i = 0; i < r->n_blocks; i++)
        block_free(&r->blocks[i]);
    free(r->blocks);
    for (size_t i = 0; i < r->n_syn; i++) {
        for (size_t k = 0; k < r->syn[i].n_items; k++)
            free(r->syn[i].items[k]);
        free(r->syn[i].items);
        free(r->syn[i].name);
    }
    free(r->syn);
    hr_buf_free(&r->out);
    free(r->map);
}

/* Reads text (a whole file) into r: the translation in r->out, its line
 * table in r->map. False when memory runs out. */
static bool translate(pv_reader *r, hr_verbs *v, const char *file, const char *text,
                      size_t len)
{
    r->v = v;
    r->file = file;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        text += 3, len -= 3;
    size_t i = 0;
    while (i < len && !r->oom) {
        const char *s = text + i;
        const char *nl = memchr(s, '\n', len - i);
        size_t n = nl ? (size_t)(nl - s) : len - i;
        i += n + 1;
        r->line++;
        read_line(r, s, n);
    }
    for (size_t b = 0; b < r->n_blocks && !r->oom; b++)
        block_write(r, &r->blocks[b]);
    if (r->oom)
        return false;
    if (r->in_comment)
        hr_verbs_diag(v, false, file, r->comment_line, "comment opened here is never closed");
    if (r->paired || r->skips || r->compounds || r->transforms)
        hr_verbs_diag(v, false, file, 0,
                      "approximated: %llu paired codes [a:b] (kept whole), "
                      "%llu '^' skips read as gaps, %llu '%%' compound actors read as "
                      "`mutual` or targets; %llu verb transformations ('~') not read",
                      (unsigned long long)r->paired, (unsigned long long)r->skips,
                      (unsigned long long)r->compounds, (unsigned long long)r->transforms);
    return true;
}

bool hr_verbs_petrarch_translate(hr_verbs *v, const char *file, const char *text, size_t len,
                                 hr_buf *out)
{
    pv_reader *r = calloc(1, sizeof *r);
    bool ok = r && translate(r, v, file, text, len) &&
              hr_buf_append(out, r->out.data ? r->out.data : "", r->out.len);
    if (r) {
        reader_free(r);
        free(r);
    }
    return ok;
}

/* Translates text (the whole file) and loads the translation. */
static hr_status load_text(hr_verbs *v, const char *file, const char *text, size_t len,
                           hr_error *err)
{
    pv_reader *r = calloc(1, sizeof *r);
    if (!r)
        return hr_error_set(err, HR_ERR_NOMEM, file, NULL, 0, UINT64_MAX, "out of memory");
    hr_status st = HR_OK;
    if (!translate(r, v, file, text, len)) {
        st = hr_error_set(err, HR_ERR_NOMEM, file, "line", r->line, UINT64_MAX, "out of memory");
    } else {
        /* the loader reads the translation with its messages mapped back */
        size_t e0 = v->n_entries, p0 = v->n_patterns;
        pv_redirect rd = {v->diag, v->diag_ud, file, r->map, r->n_map};
        bool any = v->any_code;
        v->diag = redirect_diag;
        v->diag_ud = &rd;
        v->any_code = true;                /* PETRARCH's codes are taken as written */
        st = hr_verbs_load_buffer(v, file, r->out.data ? r->out.data : "", r->out.len, err);
        v->any_code = any;
        v->diag = rd.diag;
        v->diag_ud = rd.ud;
        for (size_t k = e0; k < v->n_entries; k++)
            v->entries[k].source = map_source(v, v->entries[k].source, file, r->map, r->n_map);
        for (size_t k = p0; k < v->n_patterns; k++)
            v->patterns[k].source = map_source(v, v->patterns[k].source, file, r->map, r->n_map);
    }
    reader_free(r);
    free(r);
    return st;
}

static hr_status load_file(hr_verbs *v, const char *path, hr_error *err)
{
    const char *file = hr_arena_strndup(v->arena, path, strlen(path));
    if (!file)
        return hr_error_set(err, HR_ERR_NOMEM, path, NULL, 0, UINT64_MAX, "out of memory");
    hr_stream *s = hr_stream_open_file(path, err);
    if (!s)
        return err ? err->code : HR_ERR_IO;
    hr_buf b = {0};
    char tmp[65536];
    ptrdiff_t got;
    hr_error e2;
    hr_status st = HR_OK;
    while ((got = hr_stream_read(s, tmp, sizeof tmp, &e2)) > 0) {
        if (b.len + (size_t)got > PV_MAX_FILE) {
            hr_verbs_diag(v, true, file, 0, "larger than %zu MB: not read", PV_MAX_FILE >> 20);
            hr_stream_close(s);
            hr_buf_free(&b);
            return HR_OK;
        }
        if (!hr_buf_append(&b, tmp, (size_t)got)) {
            st = hr_error_set(err, HR_ERR_NOMEM, file, NULL, 0, UINT64_MAX, "out of memory");
            break;
        }
    }
    if (got < 0)
        hr_verbs_diag(v, true, file, 0, "%s: the rest of the file is not read", e2.msg);
    hr_stream_close(s);
    if (st == HR_OK)
        st = load_text(v, file, b.data ? b.data : "", b.len, err);
    hr_buf_free(&b);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Does a file name say "verb" (any case)? */
static bool names_verbs(const char *name)
{
    for (const char *p = name; *p; p++)
        if (!strncasecmp(p, "verb", 4))
            return true;
    return false;
}

static hr_status load_dir(hr_verbs *v, const char *path, hr_error *err)
{
    DIR *dir = opendir(path);
    if (!dir)
        return hr_error_set(err, HR_ERR_IO, path, NULL, 0, UINT64_MAX,
                            "cannot read directory: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    hr_status st = HR_OK;
    struct dirent *de;
    while ((de = readdir(dir))) {
        if (de->d_name[0] == '.' || !names_verbs(de->d_name))
            continue;
        char *c = strdup(de->d_name);
        if (!c || !GROW(names, cap, n + 1)) {
            free(c);
            st = hr_error_set(err, HR_ERR_NOMEM, path, NULL, 0, UINT64_MAX, "out of memory");
            break;
        }
        names[n++] = c;
    }
    closedir(dir);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    size_t loaded = 0;
    for (size_t i = 0; i < n && st == HR_OK; i++) {
        char full[4096];
        int w = snprintf(full, sizeof full, "%s%s%s", path,
                         path[0] && path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
        struct stat sb;
        if (w < 0 || (size_t)w >= sizeof full || stat(full, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        hr_error fe;
        hr_status fs = load_file(v, full, &fe);
        if (fs == HR_ERR_NOMEM) {
            if (err)
                *err = fe;
            st = fs;
        } else if (fs != HR_OK) {
            hr_verbs_diag(v, true, full, 0, "cannot read: %s", fe.msg);
        } else {
            loaded++;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (st == HR_OK && !loaded)
        hr_verbs_diag(v, false, path, 0, "no verb dictionary here (a file whose name says "
                      "'verb')");
    return st;
}

hr_status hr_verbs_load_petrarch(hr_verbs *v, const char *path, hr_error *err)
{
    if (!v || !path)
        return hr_error_set(err, HR_ERR_ARG, path ? path : "", NULL, 0, UINT64_MAX,
                            "no verb dictionary or no path");
    if (v->finished)
        return hr_error_set(err, HR_ERR_ARG, path, NULL, 0, UINT64_MAX,
                            "the verb dictionary is in use: load before coding");
    struct stat sb;
    if (stat(path, &sb) != 0)
        return hr_error_set(err, HR_ERR_IO, path, NULL, 0, UINT64_MAX, "cannot read: %s",
                            strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return load_dir(v, path, err);
    return load_file(v, path, err);
}
