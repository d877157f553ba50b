/* petrarch.c - TABARI and PETRARCH dictionaries: .actors, agents and
 * discards files read in their own format and added to an hr_dict.
 *
 * What the files hold (PETRARCH2's dictionary documentation, the TABARI
 * conventions it inherits, and the Phoenix and validation files as they
 * are):
 *
 *   actors     ILHAM_ALIYEV_  [AZE]        an entry; the code is optional
 *              +PRESIDENT_ALIYEV           another name of the entry
 *              <tab>[AZEGOV 030804-031104] a code for a range of dates;
 *              <tab>[AZEGOV >031031]       ... from a date on,
 *              <tab>[AZEELI <030804]       ... up to a date,
 *              <tab>[AZEELI]               the default code
 *              NAME_  [A 600101-601231] [B]  several codes on one line
 *   agents     NOUN {PLURAL} [~ROLE]       {} means no plural
 *              !SET! = A, B, C             then FOREIGN_!SET! [~GOV]
 *   discards   WORDS, +WORDS               sentence, story discards
 *
 * Everywhere '#' and ';' start a comment (outside brackets: [###] is a
 * code), <!-- --> comments may span lines, and words are joined by '_' or
 * spaces. How each piece maps onto hr_dict_add() is written where it is
 * done; the README's compatibility section sums it up for users.
 *
 * Every limit is fixed and every loop is over the input once: a bad line
 * is reported through hr_dict_diag() with its number and skipped, and the
 * rest of the file is still read. There is no recursion. */
#include "internal.h"
#include "actors/actors.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PT_MAX_LINE 8192        /* longer lines are reported and skipped */
#define PT_MAX_NAME 256         /* bytes of one name as passed on */
#define PT_MAX_WORDS 48         /* words of one name */
#define PT_MAX_NAMES 4096       /* names of one entry (Phoenix: 217) */
#define PT_MAX_CODES 64         /* codes of one entry */
#define PT_MAX_GROUPS 64        /* [...] groups on one line */
#define PT_MAX_SETS 128         /* substitution sets in one agents file */
#define PT_MAX_ITEMS 256        /* items of one set */
#define PT_MAX_ITEM 128         /* bytes of one item or set name */
#define PT_MAX_MARKERS 4        /* !SET! markers in one phrase */
#define PT_MAX_EXPAND 1024      /* names one agents line may expand to */
#define PT_SNIFF_LINES 400      /* lines looked at to tell a file's kind */

typedef enum { PT_ACTORS, PT_AGENTS, PT_DISCARDS, PT_OTHER } pt_kind;

typedef struct { size_t start, len; } pt_span;

typedef struct pt_set {
    char name[PT_MAX_ITEM];
    char **items;
    size_t n_items;
} pt_set;

/* The actors entry being collected: names and codes until the next entry
 * line. `broken` entries (their first line was bad) swallow their
 * continuation lines without further messages: one report per entry. */
typedef struct pt_entry {
    bool open, broken, code_error, discard;
    uint32_t line;
    hr_buf text;               /* the names, one after the other */
    pt_span *names;
    size_t n_names, cap_names;
    bool names_full;           /* PT_MAX_NAMES reached and reported */
    hr_dcode codes[PT_MAX_CODES];
    size_t n_codes;
} pt_entry;

typedef struct pt_reader {
    hr_dict *d;
    const char *file;          /* interned */
    pt_kind kind;
    uint32_t line;
    bool in_comment;           /* inside <!-- ... --> */
    uint32_t comment_line;
    bool oom;
    hr_buf clean;              /* the line without its comments */
    hr_buf name;               /* scratch for one name */
    hr_buf phrase;             /* scratch for one expanded phrase */
    hr_dname *dn;              /* names handed to hr_dict_add */
    size_t cap_dn;
    pt_entry e;
    pt_set sets[PT_MAX_SETS];
    size_t n_sets;
} pt_reader;

static void bad(pt_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void warn(pt_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void report(pt_reader *r, bool is_error, uint32_t line, const char *fmt,
                   va_list ap)
{
    char msg[400];
    vsnprintf(msg, sizeof msg, fmt, ap);
    hr_dict_diag(r->d, is_error, r->file, line, "%s", msg);
}

static void bad(pt_reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(r, true, r->line, fmt, ap);
    va_end(ap);
}

static void warn(pt_reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(r, false, r->line, fmt, ap);
    va_end(ap);
}

/* A warning about the line an entry began on. */
static void warn_at(pt_reader *r, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void warn_at(pt_reader *r, uint32_t line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(r, false, line, fmt, ap);
    va_end(ap);
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* How much of s[0,n) to quote in a message: at most max bytes, never
 * ending inside a UTF-8 sequence (the lines quoted are valid UTF-8). */
static int clip(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return (int)n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

static pt_span trim(const char *s, pt_span sp)
{
    while (sp.len && is_ws(s[sp.start])) {
        sp.start++;
        sp.len--;
    }
    while (sp.len && is_ws(s[sp.start + sp.len - 1]))
        sp.len--;
    return sp;
}

/* ---- dates ----------------------------------------------------------- */

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* A TABARI date, YYMMDD or YYYYMMDD, as a day number. Two-digit years
 * follow PETRARCH's reader, which keeps the KEDS/TABARI rule: 00-30 are
 * 2000-2030 and 31-99 are 1931-1999 (so 320101 is 1932 and 070723 is
 * 2007 in the Phoenix files). Anything but exactly 6 or 8 digits, or a
 * day the calendar does not have, is refused. */
static bool parse_date(const char *s, size_t n, int32_t *day)
{
    if (n != 6 && n != 8)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    int v[8];
    for (size_t i = 0; i < n; i++)
        v[i] = s[i] - '0';
    int y, m, dd;
    if (n == 6) {
        y = v[0] * 10 + v[1];
        y += y <= 30 ? 2000 : 1900;
        m = v[2] * 10 + v[3];
        dd = v[4] * 10 + v[5];
    } else {
        y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
        m = v[4] * 10 + v[5];
        dd = v[6] * 10 + v[7];
    }
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || dd < 1)
        return false;
    if (dd > mdays[m - 1] + (m == 2 && leap(y)))
        return false;
    *day = hr_days_from_civil(y, m, dd);
    return true;
}

/* ---- codes ------------------------------------------------------------ */

enum { CODE_PLAIN, CODE_NULL, CODE_DISCARD };

/* One [...] group: a code and an optional date restriction. On success
 * fills c (the code upper-cased; "---" becomes "-") and *what (CODE_*);
 * on failure returns a message. `agent` allows '~'. */
static const char *parse_code(pt_reader *r, const char *s, pt_span g,
                              bool agent, hr_dcode *c, int *what)
{
    pt_span t = trim(s, g);
    if (!t.len)
        return "empty code []";
    size_t i = t.start, end = t.start + t.len;
    size_t cs = i;
    while (i < end && !is_ws(s[i]) && s[i] != '<' && s[i] != '>')
        i++;
    size_t clen = i - cs;
    if (!clen)
        return "date restriction with no code";
    /* Several codes joined by '/' (TABARI's composite actors, "THE_SHIRE
     * [FRO/BIL/SAM]"): kept whole; the coder gives one event per code. */
    const char *slash = memchr(s + cs, '/', clen);
    if (slash) {
        if (agent)
            return "codes joined by '/' in an agents file";
        for (size_t k = 0; k < clen; k++)
            if (s[cs + k] == '/' && (k == 0 || k + 1 == clen || s[cs + k + 1] == '/'))
                return "empty code beside '/'";
    }
    if (clen >= sizeof c->code)
        return "code longer than 19 characters";
    memset(c, 0, sizeof *c);
    *what = CODE_PLAIN;
    if (clen == 3 && memcmp(s + cs, "---", 3) == 0) {
        strcpy(c->code, "-");
        *what = CODE_NULL;
    } else if (clen == 3 && memcmp(s + cs, "###", 3) == 0) {
        strcpy(c->code, "-");
        *what = CODE_DISCARD;
    } else {
        size_t tildes = 0;
        for (size_t k = 0; k < clen; k++) {
            unsigned char ch = (unsigned char)s[cs + k];
            if (ch == '~') {
                tildes++;
                if (k != 0 && k != clen - 1)
                    return "'~' inside a code";
            } else if ((!isalnum(ch) && ch != '/') || ch >= 0x80) {
                return "bad character in code";
            }
            c->code[k] = (char)toupper(ch);
        }
        if (tildes > 1)
            return "two '~' in a code";
        if (tildes && !agent)
            return "agent code (with '~') in an actors file";
    }
    c->from = HR_DAY_MIN;
    c->to = HR_DAY_MAX;
    c->line = r->line;

    /* The restriction: nothing, <DATE, >DATE or DATE-DATE, spaces allowed
     * around the signs. */
    while (i < end && is_ws(s[i]))
        i++;
    if (i == end)
        return NULL;
    if (agent)
        return "date restriction in an agents file";
    if (s[i] == '<' || s[i] == '>') {
        char sign = s[i++];
        while (i < end && is_ws(s[i]))
            i++;
        int32_t day;
        if (!parse_date(s + i, end - i, &day))
            return "bad date (want YYMMDD or YYYYMMDD)";
        if (sign == '<')
            c->to = day;
        else
            c->from = day;
        return NULL;
    }
    const char *dash = memchr(s + i, '-', end - i);
    if (!dash)
        return "bad date restriction (want <DATE, >DATE or DATE-DATE)";
    pt_span a = trim(s, (pt_span){i, (size_t)(dash - s) - i});
    pt_span b = trim(s, (pt_span){(size_t)(dash - s) + 1, end - (size_t)(dash - s) - 1});
    int32_t from, to;
    if (!parse_date(s + a.start, a.len, &from) || !parse_date(s + b.start, b.len, &to))
        return "bad date (want YYMMDD or YYYYMMDD)";
    if (to < from)
        return "date range ends before it starts";
    c->from = from;
    c->to = to;
    return NULL;
}

/* Splits s[0,n) into the text before the first '[' and the [...] groups
 * after it. Fails on unbalanced or nested brackets; text between or after
 * the groups is reported as a warning and ignored. */
static const char *split_groups(pt_reader *r, const char *s, size_t n,
                                size_t *head, pt_span *g, size_t *ng)
{
    *ng = 0;
    const char *open = memchr(s, '[', n);
    const char *close = memchr(s, ']', n);
    if (!open) {
        *head = n;
        return close ? "']' with no '['" : NULL;
    }
    if (close && close < open)
        return "']' with no '['";
    *head = (size_t)(open - s);
    bool stray = false;
    size_t i = *head;
    while (i < n) {
        if (s[i] == '[') {
            size_t j = i + 1;
            while (j < n && s[j] != ']' && s[j] != '[')
                j++;
            if (j == n)
                return "'[' with no ']'";
            if (s[j] == '[')
                return "'[' inside [...]";
            if (*ng == PT_MAX_GROUPS)
                return "too many [...] on one line";
            g[(*ng)++] = (pt_span){i + 1, j - i - 1};
            i = j + 1;
        } else if (s[i] == ']') {
            return "']' with no '['";
        } else {
            if (!is_ws(s[i]))
                stray = true;
            i++;
        }
    }
    if (stray)
        warn(r, "text between or after the codes ignored");
    return NULL;
}

/* ---- names ------------------------------------------------------------ */

/* put_name's answer when memory runs out: not a fault of the line. */
static const char PT_OOM[] = "out of memory";

static bool word_byte_ok(unsigned char c)
{
    return c >= 0x20 && c != 0x7f && c != '*' && c != '[' && c != ']' &&
           c != '{' && c != '}';
}

/* Appends the name written in s[0,n) -- words joined by '_' or spaces --
 * to out as words separated by single spaces. With `stem`, a last word
 * not closed by '_' becomes a prefix (TABARI: "ARGENTIN" finds ARGENTINA
 * and ARGENTINE, "LIBYA_" only LIBYA), marked with Herald's '*'; a word
 * ending in punctuation ("U.S.", "INC.") stays whole, as a prefix of it
 * would be meaningless. Returns NULL or a message. */
static const char *put_name(hr_buf *out, const char *s, size_t n, bool stem,
                            bool *exact_end)
{
    pt_span t = trim(s, (pt_span){0, n});
    s += t.start;
    n = t.len;
    bool exact = n && s[n - 1] == '_';
    if (exact_end)
        *exact_end = exact;
    size_t start = out->len, words = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == '_' || is_ws(s[i])))
            i++;
        if (i == n)
            break;
        size_t w = i;
        while (i < n && s[i] != '_' && !is_ws(s[i])) {
            if (!word_byte_ok((unsigned char)s[i]))
                return s[i] == '*' ? "'*' in a name" :
                       (unsigned char)s[i] < 0x20 || s[i] == 0x7f ?
                       "control character in a name" : "bracket or brace in a name";
            i++;
        }
        if (++words > PT_MAX_WORDS)
            return "name with too many words";
        if ((words > 1 && !hr_buf_putc(out, ' ')) || !hr_buf_append(out, s + w, i - w))
            return PT_OOM;
    }
    if (!words)
        return "empty name";
    unsigned char last = (unsigned char)out->data[out->len - 1];
    if (stem && !exact && (isalnum(last) || last >= 0x80) && !hr_buf_putc(out, '*'))
        return PT_OOM;
    if (out->len - start > PT_MAX_NAME)
        return "name too long";
    return NULL;
}

/* The regular English plural of the last word of a name (words separated
 * by spaces), appended to out after a copy of the name. PETRARCH adds S,
 * ES after S and IES for a final Y; a Y after a vowel takes S here
 * (ATTORNEYS, not ATTORNIES) and so do X, Z, CH and SH take ES. */
static bool put_plural(hr_buf *out, const char *name, size_t n)
{
    if (!hr_buf_append(out, name, n))
        return false;
    if (!n)
        return true;
    char last = name[n - 1], prev = n > 1 ? name[n - 2] : ' ';
    bool upper = isupper((unsigned char)last) || !isalpha((unsigned char)last);
    char ul = (char)toupper((unsigned char)last), up = (char)toupper((unsigned char)prev);
    const char *suffix;
    if (ul == 'Y' && !strchr("AEIOU ", up)) {
        out->len--;
        suffix = upper ? "IES" : "ies";
    } else if (ul == 'S' || ul == 'X' || ul == 'Z' ||
               (ul == 'H' && (up == 'C' || up == 'S'))) {
        suffix = upper ? "ES" : "es";
    } else {
        suffix = upper ? "S" : "s";
    }
    return hr_buf_append(out, suffix, strlen(suffix));
}

/* ---- entries ---------------------------------------------------------- */

static bool add_dname(pt_reader *r, size_t n)
{
    if (n <= r->cap_dn)
        return true;
    size_t cap = r->cap_dn ? r->cap_dn : 64;
    while (cap < n)
        cap *= 2;
    hr_dname *p = realloc(r->dn, cap * sizeof *p);
    if (!p)
        return false;
    r->dn = p;
    r->cap_dn = cap;
    return true;
}

/* Hands a list of names (spans of buf) with their codes to the dict. */
static bool hand_over(pt_reader *r, uint32_t line, enum hr_entry_kind kind,
                      unsigned dnflags, const hr_buf *buf, const pt_span *names,
                      size_t n_names, const hr_dcode *codes, size_t n_codes)
{
    if (!add_dname(r, n_names)) {
        r->oom = true;
        return false;
    }
    for (size_t i = 0; i < n_names; i++)
        r->dn[i] = (hr_dname){buf->data + names[i].start, names[i].len, dnflags};
    return hr_dict_add(r->d, r->file, line, kind, HR_EF_NOCHECK, r->dn, n_names,
                       codes, n_codes);
}

static void entry_reset(pt_entry *e)
{
    e->open = e->broken = e->code_error = e->discard = e->names_full = false;
    e->text.len = 0;
    e->n_names = 0;
    e->n_codes = 0;
}

/* Ends the actors entry being collected and adds it. An entry with no code
 * at all is PETRARCH's null actor: its names are matched and yield
 * nothing (code "-"), which keeps them from being read as shorter names. */
static void entry_flush(pt_reader *r)
{
    pt_entry *e = &r->e;
    if (e->open && !e->broken && e->n_names) {
        if (e->discard) {
            hr_dcode c = {.code = "-", .from = HR_DAY_MIN, .to = HR_DAY_MAX};
            hand_over(r, e->line, HR_ENT_DISCARD, HR_DN_ANYCASE, &e->text,
                      e->names, e->n_names, &c, 1);
        } else if (e->n_codes) {
            hand_over(r, e->line, HR_ENT_ACTOR, HR_DN_CAP_FIRST, &e->text,
                      e->names, e->n_names, e->codes, e->n_codes);
        } else if (!e->code_error) {
            hr_dcode c = {.code = "-", .from = HR_DAY_MIN, .to = HR_DAY_MAX};
            hand_over(r, e->line, HR_ENT_ACTOR, HR_DN_CAP_FIRST, &e->text,
                      e->names, e->n_names, &c, 1);
        }
        else   /* a null actor in place of the bad codes would hide it */
            warn_at(r, e->line, "no usable code for this entry: skipped");
    }
    entry_reset(e);
}

static void entry_add_name(pt_reader *r, const char *s, size_t n, bool first)
{
    pt_entry *e = &r->e;
    if (e->n_names == PT_MAX_NAMES) {
        if (!e->names_full)
            bad(r, "more than %d names in one entry: the rest are skipped",
                PT_MAX_NAMES);
        e->names_full = true;
        return;
    }
    size_t at = e->text.len;
    const char *why = put_name(&e->text, s, n, true, NULL);
    if (why) {
        e->text.len = at;
        if (why == PT_OOM)
            r->oom = true;
        else
            bad(r, "%s: %s skipped", why, first ? "entry" : "name");
        return;
    }
    if (e->n_names == e->cap_names) {
        size_t cap = e->cap_names ? 2 * e->cap_names : 32;
        pt_span *p = realloc(e->names, cap * sizeof *p);
        if (!p) {
            r->oom = true;
            e->text.len = at;
            return;
        }
        e->names = p;
        e->cap_names = cap;
    }
    e->names[e->n_names++] = (pt_span){at, e->text.len - at};
}

/* Adds the codes of the groups to the entry. A second default code
 * replaces the first, as in PETRARCH (a later "<tab>[CODE]" overrides the
 * code on the entry line). */
static void entry_add_codes(pt_reader *r, const char *s, const pt_span *g,
                            size_t ng)
{
    pt_entry *e = &r->e;
    for (size_t k = 0; k < ng; k++) {
        hr_dcode c;
        int what;
        const char *why = parse_code(r, s, g[k], false, &c, &what);
        if (why) {
            bad(r, "[%.*s]: %s: code skipped", clip(s + g[k].start, g[k].len, 60),
                s + g[k].start, why);
            e->code_error = true;
            continue;
        }
        if (what == CODE_DISCARD) {
            /* TABARI marked discards with [###] inside .actors files. */
            if (c.from != HR_DAY_MIN || c.to != HR_DAY_MAX) {
                bad(r, "[###] with a date: code skipped");
                e->code_error = true;
            } else {
                e->discard = true;
            }
            continue;
        }
        bool undated = c.from == HR_DAY_MIN && c.to == HR_DAY_MAX;
        size_t at = e->n_codes;
        if (undated)
            for (size_t i = 0; i < e->n_codes; i++)
                if (e->codes[i].from == HR_DAY_MIN && e->codes[i].to == HR_DAY_MAX)
                    at = i;
        if (at == e->n_codes) {
            if (e->n_codes == PT_MAX_CODES) {
                bad(r, "more than %d codes in one entry: code skipped", PT_MAX_CODES);
                continue;
            }
            e->n_codes++;
        }
        e->codes[at] = c;
    }
}

/* ---- lines ------------------------------------------------------------ */

/* Copies the line into r->clean without its comments: '#' or ';' outside
 * brackets ends the line, <!-- ... --> (or TABARI's sloppier "<! --") is
 * dropped and may run over several lines. */
static bool strip_comments(pt_reader *r, const char *s, size_t n)
{
    r->clean.len = 0;
    if (!hr_buf_reserve(&r->clean, n + 1))
        return false;
    char *o = r->clean.data;
    size_t k = 0;
    int depth = 0;
    size_t i = 0;
    while (i < n) {
        if (r->in_comment) {
            size_t j = i;
            while (j + 2 < n && !(s[j] == '-' && s[j + 1] == '-' && s[j + 2] == '>'))
                j++;
            if (j + 2 >= n)
                break;
            i = j + 3;
            r->in_comment = false;
            continue;
        }
        char c = s[i];
        if (depth == 0 && c == '<' && i + 1 < n && s[i + 1] == '!') {
            r->in_comment = true;
            r->comment_line = r->line;
            i += 2;
            continue;
        }
        if (depth == 0 && (c == '#' || c == ';'))
            break;
        if (c == '[')
            depth++;
        else if (c == ']' && depth > 0)
            depth--;
        o[k++] = c;
        i++;
    }
    while (k && (is_ws(o[k - 1]) || o[k - 1] == '\r'))
        k--;
    o[k] = '\0';
    r->clean.len = k;
    return true;
}

static void actors_line(pt_reader *r, const char *s, size_t n)
{
    pt_entry *e = &r->e;
    pt_span g[PT_MAX_GROUPS];
    size_t ng = 0, head = 0;
    bool indented = is_ws(s[0]);
    size_t i = 0;
    while (i < n && is_ws(s[i]))
        i++;
    bool synonym = s[i] == '+';
    if (synonym)
        i++;

    if (indented && !synonym) {
        /* a code line of the entry above */
        if (!e->open) {
            bad(r, "code line with no entry before it: skipped");
            return;
        }
        if (e->broken)
            return;
        const char *why = split_groups(r, s + i, n - i, &head, g, &ng);
        if (!why && !ng)
            why = "indented line with no [code]";
        if (why) {
            bad(r, "%s: line skipped", why);
            e->code_error = true;
            return;
        }
        for (size_t k = 0; k < ng; k++)
            g[k].start += i;
        if (trim(s, (pt_span){i, head}).len)
            warn(r, "text before the code on an indented line ignored");
        entry_add_codes(r, s, g, ng);
        return;
    }

    if (synonym) {
        if (!e->open) {
            bad(r, "'+' name with no entry before it: skipped");
            return;
        }
        if (e->broken)
            return;
    } else {
        entry_flush(r);
        e->open = true;
        e->line = r->line;
    }
    const char *why = split_groups(r, s + i, n - i, &head, g, &ng);
    if (why) {
        if (synonym) {
            bad(r, "%s: line skipped", why);
        } else {
            bad(r, "%s: entry skipped", why);
            e->broken = true;
        }
        return;
    }
    for (size_t k = 0; k < ng; k++)
        g[k].start += i;
    if (!trim(s, (pt_span){i, head}).len) {
        if (synonym) {
            bad(r, "'+' with no name: line skipped");
        } else {
            bad(r, "code with no name: entry skipped");
            e->broken = true;
        }
        return;
    }
    size_t before = e->n_names;
    entry_add_name(r, s + i, head, !synonym);
    if (!synonym && e->n_names == before) {
        e->broken = true;   /* the reason was reported */
        return;
    }
    entry_add_codes(r, s, g, ng);
}

static void discards_line(pt_reader *r, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_ws(s[i]))
        i++;
    /* A discard phrase in a sentence drops the sentence's events; '+'
     * marks one that drops the whole story's (sports, weather). The code
     * tells the matcher which (HR_DISCARD_SENTENCE_CODE, _STORY_CODE). */
    bool story = s[i] == '+';
    if (story)
        i++;
    if (memchr(s + i, '[', n - i) || memchr(s + i, ']', n - i)) {
        bad(r, "a code in a discards file: line skipped");
        return;
    }
    r->name.len = 0;
    const char *why = put_name(&r->name, s + i, n - i, true, NULL);
    if (why) {
        if (why == PT_OOM)
            r->oom = true;
        else
            bad(r, "%s: line skipped", why);
        return;
    }
    pt_span sp = {0, r->name.len};
    hr_dcode c = {.from = HR_DAY_MIN, .to = HR_DAY_MAX};
    snprintf(c.code, sizeof c.code, "%s",
             story ? HR_DISCARD_STORY_CODE : HR_DISCARD_SENTENCE_CODE);
    hand_over(r, r->line, HR_ENT_DISCARD, HR_DN_ANYCASE, &r->name, &sp, 1, &c, 1);
}

/* ---- agents: substitution sets, plurals -------------------------------- */

static void set_free(pt_set *st)
{
    for (size_t i = 0; i < st->n_items; i++)
        free(st->items[i]);
    free(st->items);
    st->items = NULL;
    st->n_items = 0;
}

static pt_set *set_find(pt_reader *r, const char *name, size_t n)
{
    for (size_t i = 0; i < r->n_sets; i++)
        if (strlen(r->sets[i].name) == n && memcmp(r->sets[i].name, name, n) == 0)
            return &r->sets[i];
    return NULL;
}

/* "!NAME! = A, B, C": the items are trimmed; an empty one is an error. */
static void define_set(pt_reader *r, const char *s, size_t n)
{
    const char *close = memchr(s + 1, '!', n - 1);
    size_t nlen = close ? (size_t)(close - s) - 1 : 0;
    if (!close || !nlen || nlen >= PT_MAX_ITEM) {
        bad(r, "bad substitution set name: line skipped");
        return;
    }
    size_t i = (size_t)(close - s) + 1;
    while (i < n && is_ws(s[i]))
        i++;
    if (i == n || s[i] != '=') {
        bad(r, "substitution set with no '=': line skipped");
        return;
    }
    i++;
    pt_set fresh = {{0}, NULL, 0};
    memcpy(fresh.name, s + 1, nlen);
    while (i <= n) {
        const char *comma = memchr(s + i, ',', n - i);
        size_t stop = comma ? (size_t)(comma - s) : n;
        pt_span it = trim(s, (pt_span){i, stop - i});
        const char *why = NULL;
        if (!it.len)
            why = "empty item";
        else if (it.len >= PT_MAX_ITEM)
            why = "item too long";
        else if (memchr(s + it.start, '!', it.len) || memchr(s + it.start, '[', it.len) ||
                 memchr(s + it.start, ']', it.len))
            why = "'!' or a bracket in an item";
        else if (fresh.n_items == PT_MAX_ITEMS)
            why = "too many items";
        if (why) {
            bad(r, "substitution set !%s!: %s: line skipped", fresh.name, why);
            set_free(&fresh);
            return;
        }
        char **items = realloc(fresh.items, (fresh.n_items + 1) * sizeof *items);
        char *copy = items ? malloc(it.len + 1) : NULL;
        if (!copy) {
            if (items)
                fresh.items = items;
            set_free(&fresh);
            r->oom = true;
            return;
        }
        memcpy(copy, s + it.start, it.len);
        copy[it.len] = '\0';
        fresh.items = items;
        fresh.items[fresh.n_items++] = copy;
        if (!comma)
            break;
        i = stop + 1;
    }
    pt_set *old = set_find(r, fresh.name, nlen);
    if (old) {
        warn(r, "substitution set !%s! defined again: the new items replace the old",
             fresh.name);
        set_free(old);
        *old = fresh;
        return;
    }
    if (r->n_sets == PT_MAX_SETS) {
        bad(r, "more than %d substitution sets: line skipped", PT_MAX_SETS);
        set_free(&fresh);
        return;
    }
    r->sets[r->n_sets++] = fresh;
}

typedef struct pt_marker {
    pt_span at;        /* "!NAME!" in the phrase */
    const pt_set *set;
} pt_marker;

/* Finds the !NAME! markers of a phrase. Returns the count, or -1 after
 * reporting a problem. */
static int find_markers(pt_reader *r, const char *s, pt_span ph, pt_marker *m)
{
    int nm = 0;
    size_t i = ph.start, end = ph.start + ph.len;
    while (i < end) {
        const char *a = memchr(s + i, '!', end - i);
        if (!a)
            break;
        const char *b = memchr(a + 1, '!', (size_t)(s + end - a - 1));
        if (!b) {
            bad(r, "'!' with no closing '!': line skipped");
            return -1;
        }
        size_t nlen = (size_t)(b - a) - 1;
        const pt_set *st = set_find(r, a + 1, nlen);
        if (!st) {
            bad(r, "unknown substitution set !%.*s!: line skipped",
                clip(a + 1, nlen, 60), a + 1);
            return -1;
        }
        if (nm == PT_MAX_MARKERS) {
            bad(r, "more than %d substitution markers: line skipped", PT_MAX_MARKERS);
            return -1;
        }
        m[nm++] = (pt_marker){{(size_t)(a - s), nlen + 2}, st};
        i = (size_t)(b - s) + 1;
    }
    return nm;
}

/* Every expansion of a phrase with markers, as names into r->name (spans
 * appended to *spans), each followed by its plural when `plural`.
 * Combinations are walked with an odometer, not by recursion, and capped.
 * Returns 1, 0 after reporting a bad name, or -1 when memory runs out. */
static int expand_phrase(pt_reader *r, const char *s, pt_span ph,
                         const pt_marker *m, int nm, bool plural,
                         pt_span *spans, size_t *n_spans)
{
    size_t idx[PT_MAX_MARKERS] = {0};
    for (;;) {
        if (*n_spans + (plural ? 2 : 1) > PT_MAX_EXPAND) {
            bad(r, "phrase expands to more than %d names: the rest are skipped",
                PT_MAX_EXPAND);
            return 1;
        }
        r->phrase.len = 0;
        size_t at = ph.start;
        for (int k = 0; k < nm; k++) {
            const char *item = m[k].set->items[idx[k]];
            if (!hr_buf_append(&r->phrase, s + at, m[k].at.start - at) ||
                !hr_buf_append(&r->phrase, item, strlen(item)))
                return -1;
            at = m[k].at.start + m[k].at.len;
        }
        if (!hr_buf_append(&r->phrase, s + at, ph.start + ph.len - at))
            return -1;
        size_t start = r->name.len;
        bool exact = false;
        const char *why = put_name(&r->name, r->phrase.data, r->phrase.len, false, &exact);
        if (why) {
            r->name.len = start;
            if (why == PT_OOM)
                return -1;
            bad(r, "%s: line skipped", why);
            return 0;
        }
        spans[(*n_spans)++] = (pt_span){start, r->name.len - start};
        if (plural && !exact) {
            /* room first: put_plural copies from the buffer it appends to */
            size_t pstart = r->name.len;
            if (!hr_buf_reserve(&r->name, 2 * (pstart - start) + 4) ||
                !put_plural(&r->name, r->name.data + start, pstart - start))
                return -1;
            if (r->name.len - pstart > PT_MAX_NAME)
                r->name.len = pstart;
            else
                spans[(*n_spans)++] = (pt_span){pstart, r->name.len - pstart};
        }
        /* the next combination */
        int k = nm - 1;
        while (k >= 0 && ++idx[k] == m[k].set->n_items)
            idx[k--] = 0;
        if (k < 0)
            return 1;
    }
}

/* NOUN_PHRASE {PLURAL} [~CODE]. A regular plural is added unless braces
 * give one ({} for none), the phrase ends in '_' (stopped), or it uses a
 * substitution set (whose items are taken as they are). With braces the
 * matcher takes no other plural either (HR_DN_NO_PLURAL: "POLICE {}"
 * does not find "polices"). A code written
 * CODE~ (PETRARCH: the agent's code goes before the actor's, as in NGO~)
 * cannot be joined that way in Herald; such a noun becomes an actor with
 * the bare code, which is what PETRARCH gives when the noun stands alone. */
static void agents_line(pt_reader *r, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_ws(s[i]))
        i++;
    /* "!NAME! = ..." defines a set; a line that starts with '!' and has
     * an '=' but no code is a definition gone wrong. */
    if (s[i] == '!') {
        const char *close = memchr(s + i + 1, '!', n - i - 1);
        size_t j = close ? (size_t)(close - s) + 1 : n;
        while (j < n && is_ws(s[j]))
            j++;
        if ((j < n && s[j] == '=') ||
            (memchr(s + i, '=', n - i) && !memchr(s + i, '[', n - i))) {
            define_set(r, s + i, n - i);
            return;
        }
    }
    pt_span g[PT_MAX_GROUPS];
    size_t ng = 0, head = 0;
    const char *why = split_groups(r, s + i, n - i, &head, g, &ng);
    if (!why && !ng)
        why = "agent with no [code]";
    if (why) {
        bad(r, "%s: line skipped", why);
        return;
    }
    for (size_t k = 0; k < ng; k++)
        g[k].start += i;
    if (ng > 1)
        warn(r, "several codes for one agent: only the first is used");
    hr_dcode c;
    int what;
    why = parse_code(r, s, g[0], true, &c, &what);
    if (!why && what == CODE_DISCARD)
        why = "[###] in an agents file";
    if (why) {
        bad(r, "[%.*s]: %s: line skipped", clip(s + g[0].start, g[0].len, 60),
            s + g[0].start, why);
        return;
    }
    /* A prefix agent ("MSF [NGO~]") keeps its '~' at the end: the matcher
     * puts it before the country next to it (NGOARN), or uses it bare. */
    enum hr_entry_kind kind = HR_ENT_AGENT;
    size_t cl = strlen(c.code);
    if (cl > 1 && c.code[cl - 1] == '~') {
        kind = HR_ENT_ACTOR;
    } else if (what != CODE_NULL && c.code[0] != '~') {
        bad(r, "[%s]: an agent code needs '~': line skipped", c.code);
        return;
    }

    pt_span ph = {i, head};
    pt_span pl = {0, 0};
    bool braces = false;
    const char *ob = memchr(s + i, '{', head);
    const char *cb = memchr(s + i, '}', head);
    if (ob || cb) {
        if (!ob || !cb || cb < ob) {
            bad(r, "unbalanced braces: line skipped");
            return;
        }
        if (trim(s, (pt_span){(size_t)(cb - s) + 1, i + head - (size_t)(cb - s) - 1}).len) {
            bad(r, "text after {plural}: line skipped");
            return;
        }
        if (memchr(ob + 1, '{', (size_t)(cb - ob - 1))) {
            bad(r, "'{' inside {...}: line skipped");
            return;
        }
        braces = true;
        ph = (pt_span){i, (size_t)(ob - s) - i};
        pl = trim(s, (pt_span){(size_t)(ob - s) + 1, (size_t)(cb - ob) - 1});
    }
    ph = trim(s, ph);
    if (!ph.len) {
        bad(r, "code with no name: line skipped");
        return;
    }

    pt_marker m[PT_MAX_MARKERS], mp[PT_MAX_MARKERS];
    int nm = find_markers(r, s, ph, m);
    int nmp = pl.len ? find_markers(r, s, pl, mp) : 0;
    if (nm < 0 || nmp < 0)
        return;
    pt_span *spans = malloc(PT_MAX_EXPAND * sizeof *spans);
    if (!spans) {
        r->oom = true;
        return;
    }
    size_t ns = 0;
    r->name.len = 0;
    int ok = expand_phrase(r, s, ph, m, nm, !braces && nm == 0, spans, &ns);
    if (ok > 0 && pl.len)
        ok = expand_phrase(r, s, pl, mp, nmp, false, spans, &ns);
    if (ok < 0)
        r->oom = true;
    else if (ok > 0 && ns)
        hand_over(r, r->line, kind, HR_DN_ANYCASE | (braces ? HR_DN_NO_PLURAL : 0), &r->name,
                  spans, ns, &c, 1);
    free(spans);
}

/* ---- files ------------------------------------------------------------ */

static void reader_free(pt_reader *r)
{
    hr_buf_free(&r->clean);
    hr_buf_free(&r->name);
    hr_buf_free(&r->phrase);
    hr_buf_free(&r->e.text);
    free(r->e.names);
    free(r->dn);
    for (size_t i = 0; i < r->n_sets; i++)
        set_free(&r->sets[i]);
}

/* Reads one file of the given kind. Fails only when it cannot be opened
 * or memory runs out; read errors and bad lines are reported. */
static hr_status load_file(hr_dict *d, const char *path, pt_kind kind,
                           hr_error *err)
{
    const char *file = hr_dict_intern(d, path);
    if (!file)
        return hr_error_set(err, HR_ERR_NOMEM, path, NULL, 0, UINT64_MAX,
                            "out of memory");
    hr_stream *st = hr_stream_open_file(path, err);
    if (!st)
        return err ? err->code : HR_ERR_IO;
    pt_reader *r = calloc(1, sizeof *r);
    if (!r) {
        hr_stream_close(st);
        return hr_error_set(err, HR_ERR_NOMEM, path, NULL, 0, UINT64_MAX,
                            "out of memory");
    }
    r->d = d;
    r->file = file;
    r->kind = kind;
    hr_rd rd;
    hr_rd_init(&rd, st);
    hr_status res = HR_OK;
    for (;;) {
        const char *s;
        size_t n;
        hr_error lerr;
        /* The first byte of the line, before reading it: an overlong line
         * is consumed unseen, and whether it began an entry decides what
         * becomes of the lines after it. */
        char first = '\n';
        if (hr_rd_fill(&rd, 1, &lerr) == HR_OK && rd.end > rd.start)
            first = rd.buf[rd.start];
        hr_status ls = hr_rd_line(&rd, PT_MAX_LINE, &s, &n, &lerr);
        if (ls == HR_END)
            break;
        r->line++;
        if (ls == HR_ERR_TOO_BIG) {
            if (r->in_comment)
                continue;
            if (kind != PT_ACTORS || first == '+') {
                bad(r, "line longer than %d bytes: skipped", PT_MAX_LINE);
            } else if (is_ws(first)) {
                /* perhaps a code line: its entry must not become null */
                bad(r, "line longer than %d bytes: skipped", PT_MAX_LINE);
                r->e.code_error = true;
            } else {
                bad(r, "line longer than %d bytes: entry skipped", PT_MAX_LINE);
                entry_flush(r);
                r->e.open = r->e.broken = true;
                r->e.line = r->line;
            }
            continue;
        }
        if (ls != HR_OK) {
            bad(r, "read error: %s: the rest of the file is skipped", lerr.msg);
            break;
        }
        if (r->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            n -= 3;
        }
        if (!strip_comments(r, s, n)) {
            r->oom = true;
            break;
        }
        const char *c = r->clean.data;
        size_t cn = r->clean.len;
        if (!trim(c, (pt_span){0, cn}).len)
            continue;
        size_t valid = hr_utf8_valid_prefix(c, cn);
        if (valid != cn) {
            bool entry_line = kind == PT_ACTORS && !is_ws(c[0]) && c[0] != '+';
            bad(r, "invalid UTF-8 at byte %zu: %s skipped", valid + 1,
                entry_line ? "entry" : "line");
            if (entry_line) {
                entry_flush(r);
                r->e.open = r->e.broken = true;
                r->e.line = r->line;
            }
            continue;
        }
        if (memchr(c, '\0', cn)) {
            bad(r, "NUL byte: line skipped");
            continue;
        }
        if (kind == PT_ACTORS)
            actors_line(r, c, cn);
        else if (kind == PT_AGENTS)
            agents_line(r, c, cn);
        else
            discards_line(r, c, cn);
        if (r->oom)
            break;
    }
    if (!r->oom && kind == PT_ACTORS)
        entry_flush(r);
    if (r->in_comment && !r->oom) {
        uint32_t at = r->comment_line;
        r->line = at;
        warn(r, "comment opened here is never closed");
    }
    if (r->oom)
        res = hr_error_set(err, HR_ERR_NOMEM, path, "line", r->line, UINT64_MAX,
                           "out of memory");
    hr_rd_free(&rd);
    hr_stream_close(st);
    reader_free(r);
    free(r);
    return res;
}

static bool name_has(const char *name, const char *word)
{
    size_t wl = strlen(word);
    for (const char *p = name; *p; p++) {
        size_t k = 0;
        while (k < wl && p[k] && tolower((unsigned char)p[k]) == word[k])
            k++;
        if (k == wl)
            return true;
    }
    return false;
}

/* The kind a file name tells, looking at the last path component. */
static pt_kind kind_of_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (name_has(base, "discard"))
        return PT_DISCARDS;
    if (name_has(base, "agent"))
        return PT_AGENTS;
    if (name_has(base, "actor"))
        return PT_ACTORS;
    return PT_OTHER;
}

/* Does the line hold an agent code: "[~...]" or "[...~]"? */
static bool has_agent_code(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (s[k] == '[') {
            size_t j = k + 1;
            while (j < n && is_ws(s[j]))
                j++;
            if (j < n && s[j] == '~')
                return true;
        } else if (s[k] == ']') {
            size_t j = k;
            while (j > 0 && is_ws(s[j - 1]))
                j--;
            if (j > 0 && s[j - 1] == '~')
                return true;
        }
    }
    return false;
}

/* For one file whose name says nothing: agents if substitution sets or
 * ~codes appear, actors if other [codes] do, unless it looks like a verbs
 * file (synsets "&", patterns "- ", blocks "---") or an issues file.
 * Discards cannot be told from any word list by their content, so only
 * their name marks them. */
static pt_kind sniff_kind(const char *path, hr_error *err)
{
    hr_stream *st = hr_stream_open_file(path, err);
    if (!st)
        return PT_OTHER;
    hr_rd rd;
    hr_rd_init(&rd, st);
    bool agent = false, code = false, other = false;
    for (int seen = 0, read = 0; seen < PT_SNIFF_LINES && read < 50 * PT_SNIFF_LINES; read++) {
        const char *s;
        size_t n;
        hr_status ls = hr_rd_line(&rd, PT_MAX_LINE, &s, &n, err);
        if (ls == HR_ERR_TOO_BIG)
            continue;
        if (ls != HR_OK)
            break;
        size_t i = 0;
        while (i < n && is_ws(s[i]))
            i++;
        if (n - i >= 6 && memcmp(s + i, "<ISSUE", 6) == 0)
            other = true;
        if (i == n || s[i] == '#' || s[i] == ';' || s[i] == '<')
            continue;
        seen++;
        if (s[i] == '&' || (s[i] == '-' && i + 1 < n && (s[i + 1] == ' ' || s[i + 1] == '-')))
            other = true;
        else if (s[i] == '!' && memchr(s + i, '=', n - i))
            agent = true;
        else if (has_agent_code(s, n))
            agent = true;
        else if (memchr(s, '[', n))
            code = true;
    }
    hr_rd_free(&rd);
    hr_stream_close(st);
    if (other)
        return PT_OTHER;
    if (agent)
        return PT_AGENTS;
    return code ? PT_ACTORS : PT_OTHER;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void skip_note(hr_dict *d, const char *path)
{
    const char *file = hr_dict_intern(d, path);
    hr_dict_diag(d, false, file ? file : "", 0,
                 "not an actors, agents or discards file (verbs, issues and "
                 "others are not read): skipped");
}

static hr_status load_dir(hr_dict *d, const char *path, hr_error *err)
{
    DIR *dir = opendir(path);
    if (!dir)
        return hr_error_set(err, HR_ERR_IO, path, NULL, 0, UINT64_MAX,
                            "cannot read directory: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    hr_status res = HR_OK;
    struct dirent *de;
    while ((de = readdir(dir))) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 32;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                res = HR_ERR_NOMEM;
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(de->d_name))) {
            res = HR_ERR_NOMEM;
            break;
        }
        n++;
    }
    closedir(dir);
    if (res == HR_OK && n)
        qsort(names, n, sizeof *names, cmp_str);
    size_t plen = strlen(path);
    bool slash = plen && path[plen - 1] == '/';
    size_t loaded = 0;
    for (size_t i = 0; i < n && res == HR_OK; i++) {
        size_t len = plen + 1 + strlen(names[i]) + 1;
        char *full = malloc(len);
        if (!full) {
            res = HR_ERR_NOMEM;
            break;
        }
        snprintf(full, len, "%s%s%s", path, slash ? "" : "/", names[i]);
        struct stat sb;
        if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode)) {
            pt_kind k = kind_of_name(names[i]);
            if (k == PT_OTHER) {
                skip_note(d, full);
            } else {
                hr_error ferr;
                hr_status fs = load_file(d, full, k, &ferr);
                if (fs == HR_ERR_NOMEM) {
                    if (err)
                        *err = ferr;
                    res = fs;
                } else if (fs != HR_OK) {
                    /* one unreadable file does not stop the others */
                    const char *file = hr_dict_intern(d, full);
                    hr_dict_diag(d, true, file ? file : "", 0, "cannot read: %s",
                                 ferr.msg);
                } else {
                    loaded++;
                }
            }
        }
        free(full);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (res == HR_ERR_NOMEM && err && err->code != HR_ERR_NOMEM)
        hr_error_set(err, res, path, NULL, 0, UINT64_MAX, "out of memory");
    if (res == HR_OK && !loaded) {
        const char *file = hr_dict_intern(d, path);
        hr_dict_diag(d, false, file ? file : "", 0,
                     "no actors, agents or discards files in this directory");
    }
    return res;
}

hr_status hr_dict_load_petrarch(hr_dict *d, const char *path, hr_error *err)
{
    d->layer++;   /* a later load wins over earlier ones (match.c) */
    if (!d || !path)
        return hr_error_set(err, HR_ERR_ARG, path, NULL, 0, UINT64_MAX,
                            "no dictionary or no path");
    if (d->finished)
        return hr_error_set(err, HR_ERR_ARG, path, NULL, 0, UINT64_MAX,
                            "the dictionary is finished: nothing more can be loaded");
    struct stat sb;
    if (stat(path, &sb) != 0)
        return hr_error_set(err, HR_ERR_IO, path, NULL, 0, UINT64_MAX,
                            "cannot read: %s", strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return load_dir(d, path, err);
    pt_kind k = kind_of_name(path);
    if (k == PT_OTHER) {
        hr_error serr;
        k = sniff_kind(path, &serr);
    }
    if (k == PT_OTHER) {
        skip_note(d, path);
        return HR_OK;
    }
    return load_file(d, path, k, err);
}
