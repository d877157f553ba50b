/* timex.c - time expressions in a sentence, found and resolved.
 *
 * hr_find_times reads one sentence and returns every expression that says
 * when something happened ("on Tuesday, October 20", "the day before",
 * "in 1992-1994", "since February 1988", "over the past two weeks"), each
 * resolved against the publication date (`ref`) and the last day the text
 * before named (`anchor`). docs/dates.md lists the forms and the `how`
 * value each one gets.
 *
 * How it works: a small lexer turns the bytes into tokens (words with a
 * class from a fixed table, numbers, numeric dates, clock times,
 * punctuation) into a ring buffer, and a hand-written recursive-descent
 * matcher tries the patterns at each token that may start one. Every
 * pattern looks a bounded number of tokens ahead, so the whole sentence
 * is one left-to-right pass: linear time, no allocation, no regular
 * expressions, no state outside the call.
 *
 * It is conservative where a wrong date would be costly: a number is a
 * year only in a date-like context ("in 2016", not "2016 people"), a month
 * name alone needs a preposition of time ("in May", not "Russia may"), and
 * a month-day without a year is given the year that puts it nearest to
 * the publication date, or no year at all when that date has none.
 *
 * The `how` of each result (docs/dates.md has the forms of each):
 *   absolute   the text states the year: "10 November 2020", "in 2016"
 *   month-day  a day and month, the year nearest the publication date
 *   month      a month named alone ("in July"), likewise
 *   weekday    "on Tuesday": the nearest such day on or before it
 *   relative   counted from the publication date: "yesterday", "last week"
 *   anchor     counted from the last day named: "the day before"
 *   range      stated ends: "1992-1994", "from 9 to 26 October"
 *   since      "since February 1988": from then to the publication date
 *   decade     "the 1990s"
 *   period     "over the past two weeks": up to the publication date
 *   bracketed  "this week [October 16 – November 1]": the brackets win
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Years a date written with a month or as numbers may name. */
#define YEAR_MIN 1600
#define YEAR_MAX 2199
/* A number standing alone is a year only in this range ("in 2016"). */
#define BARE_YEAR_MIN 1900
#define BARE_YEAR_MAX 2100
/* A month-day more than this many days after the publication date is
 * taken to be in the year before (news reports the past; a date named
 * a little ahead is a plan). */
#define AHEAD_DAYS 62
/* Months ahead of the publication month that a month named alone may be
 * ("in December" in an October article is this year's). */
#define AHEAD_MONTHS 2
/* Tokens the matcher may look ahead of the current one: the longest
 * pattern ("this week [Tuesday, October 16 – Sunday, November 1 – ed.]")
 * needs about 25. */
#define RING 64
/* "N days ago": N up to this. */
#define MAX_COUNT 999

/* ---- tokens ------------------------------------------------------------- */

enum tkind {
    T_END = 0,
    T_WORD,      /* letters (maybe digits after the first letter) */
    T_NUM,       /* digits, maybe an ordinal suffix ("20th") */
    T_NUMX,      /* a number that is not a day or a year: "1,200", "3.5",
                    "13km", "1.2.3.4" */
    T_NUMDATE,   /* three groups: "18.10.23", "2020-11-10", "13/11/2020" */
    T_TIME,      /* a clock time: "12:00", "9:30:15" */
    T_DECADE,    /* "1990s", "1990's" */
    T_DASH,      /* - -- – — and the minus sign */
    T_PUNCT      /* anything else that is not a space */
};

/* Word classes. */
enum wclass {
    W_NONE = 0,
    W_MONTH,       /* v = 1..12; only in Title Case or CAPS */
    W_WEEKDAY,     /* v = 1 (Monday)..7; likewise */
    W_NUMWORD,     /* one .. thirty: v */
    W_A,           /* a, an: one, in "a day later" */
    W_THE,
    W_UNIT,        /* v = U_*: day(s), week(s), month(s), year(s), hour(s) */
    W_PART,        /* morning, afternoon, evening, night */
    /* prepositions that may stand before a date */
    W_IN, W_ON, W_AT, W_DURING, W_OF, W_BY, W_UNTIL, W_THROUGH, W_BEFORE,
    W_AFTER, W_AROUND, W_EARLY, W_LATE, W_MID, W_OVER, W_FOR, W_WITHIN,
    /* words that build ranges and periods */
    W_SINCE, W_FROM, W_BETWEEN, W_AND, W_TO,
    /* relative words */
    W_YESTERDAY, W_TODAY, W_TONIGHT, W_TOMORROW, W_THIS, W_LAST, W_NEXT,
    W_PAST, W_PREVIOUS, W_FOLLOWING, W_EARLIER, W_LATER, W_AGO, W_SAME,
    W_THAT,
    /* other function words: after "of 2016" or "by 2016", one of these
     * shows a clause goes on, where a noun would show a count */
    W_FUNC
};

/* Units of time; a plural word ("days") has U_PLURAL added. */
enum { U_DAY = 1, U_WEEK, U_MONTH, U_YEAR, U_HOUR, U_PLURAL = 8 };

typedef struct tok {
    uint32_t s, e;     /* bytes [s, e) in the text */
    uint8_t kind;      /* enum tkind */
    uint8_t w;         /* enum wclass, for T_WORD */
    bool name;         /* Title Case or ALL CAPS (names of months, days) */
    bool abbr;         /* a shortened month or weekday name ("Nov") */
    bool gap;          /* space before it (or the start of the text) */
    bool ord;          /* a number with an ordinal suffix ("20th") */
    bool plural;       /* an unknown lower-case word that looks like a
                          plural noun ("votes", "people") */
    uint8_t nd;        /* digits of a T_NUM */
    char c;            /* T_PUNCT: the character ('\'' for ’) */
    int32_t v;         /* a number's value (first 9 digits); a word's
                          class value (month, weekday, unit, count) */
    uint16_t g[3];     /* T_NUMDATE: the three numbers */
    uint8_t gd[3];     /* ... and their digit counts */
    char sep;          /* T_NUMDATE: the separator */
} tok;

/* ---- bytes --------------------------------------------------------------- */

/* Length of the space at s[i]: space, tab, line breaks, no-break space
 * (U+00A0) and the Unicode spaces U+2000..U+200B, U+202F; 0 if none. */
static size_t space_len(const uint8_t *s, size_t n, size_t i)
{
    uint8_t c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v')
        return 1;
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0)
        return 2;
    if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
        (s[i + 2] <= 0x8B || s[i + 2] == 0xAF))
        return 3;
    return 0;
}

/* Length of the dash at s[i]: "-", "--", U+2010..U+2015, U+2212. */
static size_t dash_len(const uint8_t *s, size_t n, size_t i)
{
    if (s[i] == '-')
        return i + 1 < n && s[i + 1] == '-' ? 2 : 1;
    if (s[i] == 0xE2 && i + 2 < n &&
        ((s[i + 1] == 0x80 && s[i + 2] >= 0x90 && s[i + 2] <= 0x95) ||
         (s[i + 1] == 0x88 && s[i + 2] == 0x92)))
        return 3;
    return 0;
}

/* Length of a non-ASCII punctuation mark at s[i]: U+0080..U+00BF (« »
 * · and the like) and the General Punctuation block U+2000..U+206F
 * (quotes, ellipsis, bullets); 0 if none. *c gets '\'' for the
 * apostrophes, '"' for the other quotes, '?' for the rest. */
static size_t upunct_len(const uint8_t *s, size_t n, size_t i, char *c)
{
    if (s[i] == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0xBF) {
        *c = s[i + 1] == 0xAB || s[i + 1] == 0xBB ? '"' : '?';
        return 2;
    }
    if (s[i] == 0xE2 && i + 2 < n && (s[i + 1] == 0x80 || s[i + 1] == 0x81) &&
        s[i + 2] >= 0x80 && s[i + 2] <= 0xBF) {
        uint8_t k = s[i + 2];
        *c = s[i + 1] == 0x80 && (k == 0x98 || k == 0x99) ? '\''
             : s[i + 1] == 0x80 && (k == 0x9C || k == 0x9D) ? '"'
                                                           : '?';
        return 3;
    }
    return 0;
}

/* Does a word go on at s[i]? ASCII letters and digits, and any byte of
 * 0x80 and above that does not start a space, dash or punctuation mark:
 * letters of other scripts (and stray bytes of broken UTF-8) join the
 * word, which then matches nothing. */
static bool word_byte(const uint8_t *s, size_t n, size_t i)
{
    uint8_t c = s[i];
    if (c < 0x80)
        return hr_is_alpha(c) || hr_is_digit(c);
    char pc;
    return !space_len(s, n, i) && !dash_len(s, n, i) &&
           !upunct_len(s, n, i, &pc);
}

/* ---- word classes ------------------------------------------------------- */

typedef struct wentry {
    char name[11];
    uint8_t cls;
    uint8_t v;
} wentry;

/* The words the patterns use, by length, each list in alphabetical order
 * (classify searches them by halves). Month and weekday names are not
 * here: hr_month_name and hr_weekday_name (date.c) know them. */
static const wentry words1[] = {
    {"a", W_A, 1}};
static const wentry words2[] = {
    {"an", W_A, 1}, {"as", W_FUNC, 0}, {"at", W_AT, 0}, {"by", W_BY, 0},
    {"he", W_FUNC, 0}, {"in", W_IN, 0}, {"is", W_FUNC, 0}, {"it", W_FUNC, 0},
    {"of", W_OF, 0}, {"on", W_ON, 0}, {"or", W_FUNC, 0}, {"to", W_TO, 0},
    {"we", W_FUNC, 0}};
static const wentry words3[] = {
    {"ago", W_AGO, 0}, {"and", W_AND, 0}, {"are", W_FUNC, 0},
    {"but", W_FUNC, 0}, {"day", W_UNIT, U_DAY}, {"for", W_FOR, 0},
    {"had", W_FUNC, 0}, {"has", W_FUNC, 0}, {"her", W_FUNC, 0},
    {"his", W_FUNC, 0}, {"its", W_FUNC, 0}, {"mid", W_MID, 0},
    {"one", W_NUMWORD, 1}, {"she", W_FUNC, 0}, {"six", W_NUMWORD, 6},
    {"ten", W_NUMWORD, 10}, {"the", W_THE, 0}, {"two", W_NUMWORD, 2},
    {"was", W_FUNC, 0}, {"who", W_FUNC, 0}};
static const wentry words4[] = {
    {"amid", W_FUNC, 0}, {"days", W_UNIT, U_DAY | U_PLURAL},
    {"five", W_NUMWORD, 5}, {"four", W_NUMWORD, 4}, {"from", W_FROM, 0},
    {"have", W_FUNC, 0}, {"hour", W_UNIT, U_HOUR}, {"last", W_LAST, 0},
    {"late", W_LATE, 0}, {"next", W_NEXT, 0}, {"nine", W_NUMWORD, 9},
    {"over", W_OVER, 0}, {"past", W_PAST, 0}, {"same", W_SAME, 0},
    {"that", W_THAT, 0}, {"then", W_FUNC, 0}, {"they", W_FUNC, 0},
    {"this", W_THIS, 0}, {"till", W_UNTIL, 0}, {"week", W_UNIT, U_WEEK},
    {"were", W_FUNC, 0}, {"when", W_FUNC, 0}, {"with", W_FUNC, 0},
    {"year", W_UNIT, U_YEAR}};
static const wentry words5[] = {
    {"after", W_AFTER, 0}, {"early", W_EARLY, 0}, {"eight", W_NUMWORD, 8},
    {"hours", W_UNIT, U_HOUR | U_PLURAL}, {"later", W_LATER, 0},
    {"month", W_UNIT, U_MONTH}, {"night", W_PART, 4}, {"seven", W_NUMWORD, 7},
    {"since", W_SINCE, 0}, {"their", W_FUNC, 0}, {"there", W_FUNC, 0},
    {"three", W_NUMWORD, 3}, {"today", W_TODAY, 0}, {"until", W_UNTIL, 0},
    {"weeks", W_UNIT, U_WEEK | U_PLURAL}, {"which", W_FUNC, 0},
    {"while", W_FUNC, 0}, {"years", W_UNIT, U_YEAR | U_PLURAL}};
static const wentry words6[] = {
    {"around", W_AROUND, 0}, {"before", W_BEFORE, 0}, {"during", W_DURING, 0},
    {"eleven", W_NUMWORD, 11}, {"months", W_UNIT, U_MONTH | U_PLURAL},
    {"thirty", W_NUMWORD, 30}, {"twelve", W_NUMWORD, 12},
    {"twenty", W_NUMWORD, 20}, {"within", W_WITHIN, 0}};
static const wentry words7[] = {
    {"because", W_FUNC, 0}, {"between", W_BETWEEN, 0},
    {"earlier", W_EARLIER, 0}, {"evening", W_PART, 3},
    {"fifteen", W_NUMWORD, 15}, {"morning", W_PART, 1},
    {"sixteen", W_NUMWORD, 16}, {"through", W_THROUGH, 0},
    {"tonight", W_TONIGHT, 0}};
static const wentry words8[] = {
    {"eighteen", W_NUMWORD, 18}, {"fourteen", W_NUMWORD, 14},
    {"nineteen", W_NUMWORD, 19}, {"previous", W_PREVIOUS, 0},
    {"thirteen", W_NUMWORD, 13}, {"tomorrow", W_TOMORROW, 0}};
static const wentry words9[] = {
    {"afternoon", W_PART, 2}, {"following", W_FOLLOWING, 0},
    {"seventeen", W_NUMWORD, 17}, {"yesterday", W_YESTERDAY, 0}};
static const wentry words10[] = {
    {"throughout", W_THROUGH, 0}};

static const struct {
    const wentry *e;
    size_t n;
} words_by_len[11] = {
    {NULL, 0},
    {words1, sizeof words1 / sizeof *words1},
    {words2, sizeof words2 / sizeof *words2},
    {words3, sizeof words3 / sizeof *words3},
    {words4, sizeof words4 / sizeof *words4},
    {words5, sizeof words5 / sizeof *words5},
    {words6, sizeof words6 / sizeof *words6},
    {words7, sizeof words7 / sizeof *words7},
    {words8, sizeof words8 / sizeof *words8},
    {words9, sizeof words9 / sizeof *words9},
    {words10, sizeof words10 / sizeof *words10}};

/* Can a month or weekday name begin with these two letters? A quick no
 * for most capitalised words before the full test. */
static bool calendar_start(char a, char b)
{
    switch (a) {
    case 'a': return b == 'p' || b == 'u';               /* Apr Aug */
    case 'd': return b == 'e';                           /* Dec */
    case 'f': return b == 'e' || b == 'r';               /* Feb Fri */
    case 'j': return b == 'a' || b == 'u';               /* Jan Jun Jul */
    case 'm': return b == 'a' || b == 'o';               /* Mar May Mon */
    case 'n': return b == 'o';                           /* Nov */
    case 'o': return b == 'c';                           /* Oct */
    case 's': return b == 'e' || b == 'a' || b == 'u';   /* Sep Sat Sun */
    case 't': return b == 'u' || b == 'h';               /* Tue Thu */
    case 'w': return b == 'e';                           /* Wed */
    default: return false;
    }
}

/* Sets t->w, t->v, t->name and t->abbr for the word s[0..len). */
static void classify(tok *t, const uint8_t *s, size_t len)
{
    if (len > 10)
        return;
    char low[10];
    bool upper_first = hr_is_upper(s[0]), all_upper = true, rest_lower = true;
    for (size_t k = 0; k < len; k++) {
        uint8_t c = s[k];
        if (!hr_is_alpha(c))
            return;   /* digits or other scripts: no class */
        all_upper &= hr_is_upper(c);
        if (k > 0)
            rest_lower &= hr_is_lower(c);
        low[k] = (char)(c | 0x20);
    }
    /* Lower-case "may" and "march" are a verb and a noun: names of
     * months and days count only in Title Case or CAPS. */
    t->name = upper_first && (rest_lower || (all_upper && len > 1));
    if (t->name && len >= 3 && len <= 9 && calendar_start(low[0], low[1])) {
        bool abbr = false;
        int m = hr_month_name((const char *)s, len, &abbr);
        if (m) {
            t->w = W_MONTH;
            t->v = m;
            t->abbr = abbr;
            return;
        }
        int wd = hr_weekday_name((const char *)s, len, &abbr);
        if (wd) {
            t->w = W_WEEKDAY;
            t->v = wd;
            t->abbr = abbr;
            return;
        }
    }
    /* Binary search: each list is in alphabetical order. */
    const wentry *e = words_by_len[len].e;
    size_t lo = 0, hi = words_by_len[len].n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = 0;   /* memcmp, without a call for a few bytes */
        for (size_t q = 0; q < len && c == 0; q++)
            c = (int)(uint8_t)e[mid].name[q] - (int)(uint8_t)low[q];
        if (c == 0) {
            t->w = e[mid].cls;
            t->v = e[mid].v;
            return;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (hr_is_lower(s[0]) && len >= 3)
        t->plural = (low[len - 1] == 's' && low[len - 2] != 's') ||
                    (len == 6 && memcmp(low, "people", 6) == 0) ||
                    (len == 8 && memcmp(low, "children", 8) == 0);
}

/* ---- the lexer ------------------------------------------------------------ */

typedef struct lexer {
    const uint8_t *s;
    size_t start, n, pos;
} lexer;

/* Up to 9 digits' value at s[*i] (the run may be longer); advances. */
static int digit_run(const uint8_t *s, size_t n, size_t *i, int *nd)
{
    int v = 0, k = 0;
    while (*i < n && hr_is_digit(s[*i])) {
        if (k < 9)
            v = v * 10 + (s[*i] - '0');
        k++;
        (*i)++;
    }
    *nd = k;
    return v;
}

/* Everything that still belongs to a broken number: digits, letters and
 * the joints "." "," "/" ":" "-" between digits. */
static size_t skip_numberish(const uint8_t *s, size_t n, size_t i)
{
    while (i < n) {
        if (word_byte(s, n, i)) {
            i++;
        } else if ((s[i] == '.' || s[i] == ',' || s[i] == '/' || s[i] == ':' ||
                    s[i] == '-') &&
                   i + 1 < n && hr_is_digit(s[i + 1])) {
            i++;
        } else {
            break;
        }
    }
    return i;
}

/* A number at s[i] (a digit). */
static size_t lex_number(const uint8_t *s, size_t n, size_t i, tok *t)
{
    size_t j = i;
    int nd;
    int v = digit_run(s, n, &j, &nd);
    t->kind = T_NUM;
    t->v = v;
    t->nd = (uint8_t)HR_MIN(nd, 255);
    if (nd > 9) {
        t->kind = T_NUMX;
        return skip_numberish(s, n, j);
    }
    if (j + 1 < n && s[j] == ':' && hr_is_digit(s[j + 1])) {
        /* a clock time, with its seconds and "pm" if any */
        t->kind = T_TIME;
        return skip_numberish(s, n, j);
    }
    if (j + 1 < n && (s[j] == '.' || s[j] == '/' || s[j] == '-') &&
        hr_is_digit(s[j + 1])) {
        char sep = (char)s[j];
        int g[3] = {v, 0, 0}, gd[3] = {nd, 0, 0}, ng = 1;
        size_t k = j;
        while (k + 1 < n && s[k] == (uint8_t)sep && hr_is_digit(s[k + 1])) {
            if (ng == 3) {   /* four groups: a version or an address */
                t->kind = T_NUMX;
                return skip_numberish(s, n, k);
            }
            k++;
            g[ng] = digit_run(s, n, &k, &gd[ng]);
            ng++;
        }
        if (ng == 2 && sep == '-')
            return j;   /* "1992-1994", "9-26": the dash is a token */
        bool clean_end = k >= n || (!word_byte(s, n, k) &&
                                    !((s[k] == '.' || s[k] == ',' || s[k] == '/' ||
                                       s[k] == ':' || s[k] == '-') &&
                                      k + 1 < n && hr_is_digit(s[k + 1])));
        if (ng == 3 && clean_end && gd[0] <= 4 && gd[1] <= 2 && gd[2] <= 4) {
            t->kind = T_NUMDATE;
            t->sep = sep;
            for (int q = 0; q < 3; q++) {
                t->g[q] = (uint16_t)g[q];
                t->gd[q] = (uint8_t)gd[q];
            }
            return k;
        }
        t->kind = T_NUMX;   /* "3.5", "9/11", "2.6.32-rc1" */
        return skip_numberish(s, n, k);
    }
    if (j + 1 < n && s[j] == ',' && hr_is_digit(s[j + 1])) {
        t->kind = T_NUMX;   /* "50,000" */
        return skip_numberish(s, n, j);
    }
    if (j < n && word_byte(s, n, j)) {
        size_t e = j;
        while (e < n && word_byte(s, n, e))
            e++;
        if (e - j == 2) {
            uint8_t a = s[j] | 0x20, b = s[j + 1] | 0x20;
            if ((a == 's' && b == 't') || (a == 'n' && b == 'd') ||
                (a == 'r' && b == 'd') || (a == 't' && b == 'h')) {
                t->ord = true;
                return e;
            }
        }
        if (e - j == 1 && (s[j] | 0x20) == 's' && nd == 4 && v % 10 == 0) {
            t->kind = T_DECADE;
            return e;
        }
        t->kind = T_NUMX;   /* "13km", "F16" is a word already */
        return skip_numberish(s, n, e);
    }
    /* "1990's", "1990’s" */
    if (nd == 4 && v % 10 == 0 && j < n) {
        size_t q = 0;
        char pc = 0;
        if (s[j] == '\'')
            q = 1;
        else if (upunct_len(s, n, j, &pc) == 3 && pc == '\'')
            q = 3;
        if (q && j + q < n && (s[j + q] | 0x20) == 's' &&
            (j + q + 1 >= n || !word_byte(s, n, j + q + 1))) {
            t->kind = T_DECADE;
            return j + q + 1;
        }
    }
    return j;
}

/* The next token. */
static void lex(lexer *lx, tok *t)
{
    const uint8_t *s = lx->s;
    size_t n = lx->n, i = lx->pos, k;
    bool gap = i == lx->start;
    while (i < n && (k = space_len(s, n, i)) != 0) {
        i += k;
        gap = true;
    }
    memset(t, 0, sizeof *t);
    t->s = (uint32_t)i;
    t->gap = gap;
    if (i >= n) {
        t->kind = T_END;
        t->e = (uint32_t)n;
        lx->pos = n;
        return;
    }
    uint8_t c = s[i];
    size_t e;
    char pc;
    if (hr_is_digit(c)) {
        e = lex_number(s, n, i, t);
    } else if ((k = dash_len(s, n, i)) != 0) {
        t->kind = T_DASH;
        e = i + k;
    } else if ((k = upunct_len(s, n, i, &pc)) != 0) {
        t->kind = T_PUNCT;
        t->c = pc;
        e = i + k;
    } else if (c < 0x80 && !hr_is_alpha(c)) {
        t->kind = T_PUNCT;
        t->c = (char)c;
        e = i + 1;
    } else {
        e = i + 1;
        while (e < n && word_byte(s, n, e))
            e++;
        t->kind = T_WORD;
        classify(t, s + i, e - i);
    }
    t->e = (uint32_t)e;
    lx->pos = e;
}

/* ---- calendar arithmetic ----------------------------------------------- */

/* A date that may be partial: y 0 = unknown year, m 0 = no month, d 0 =
 * no day. */
typedef struct ymd {
    int y, m, d;
} ymd;

static bool ymd_valid(ymd x)
{
    if (x.y < 0 || x.y > 9999 || (x.y == 0 && x.m == 0))
        return false;
    if (x.m == 0)
        return x.d == 0;
    if (x.m < 1 || x.m > 12)
        return false;
    return x.d == 0 || (x.d >= 1 && x.d <= hr_days_in_month(x.y, x.m));
}

/* A day number back to a date (hr_civil_from_days). */
static ymd civil(int32_t z)
{
    ymd r;
    hr_civil_from_days(z, &r.y, &r.m, &r.d);
    return r;
}

/* For arithmetic on a month-day of unknown year: a common year, or a leap
 * year for February 29. The year stays unknown in the result. */
static int stand_in_year(ymd x)
{
    return x.m == 2 && x.d == 29 ? 2000 : 2001;
}

/* x (with month and day) plus n days; m = 0 when out of range. */
static ymd add_days(ymd x, int n)
{
    int y = x.y ? x.y : stand_in_year(x);
    ymd r = civil(hr_days_from_civil(y, x.m, x.d) + n);
    if (x.y == 0)
        r.y = 0;
    else if (r.y < 1 || r.y > 9999)
        r.m = 0;
    return r;
}

/* x plus n months, the day kept but clamped to the month's length. */
static ymd add_months(ymd x, int n)
{
    int k = x.m - 1 + n;
    int dy = k >= 0 ? k / 12 : -((11 - k) / 12);
    ymd r = {x.y ? x.y + dy : 0, k - dy * 12 + 1, x.d};
    if (r.y < 0 || r.y > 9999) {
        r.m = 0;
        return r;
    }
    if (r.d > hr_days_in_month(r.y, r.m))
        r.d = hr_days_in_month(r.y, r.m);
    return r;
}

/* Day of week (1 = Monday) of a full date; 0 if the year is unknown. */
static int weekday_of(ymd x)
{
    return x.y ? hr_date_weekday(x.y, x.m, x.d) : 0;
}

/* Order of two partial dates, a missing part counting as 0; a year 0
 * against a known year compares only months and days. */
static int ymd_cmp(ymd a, ymd b)
{
    if (a.y && b.y && a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

/* ---- the resolving context ---------------------------------------------- */

typedef struct rctx {
    ymd ref;          /* publication date as given (parts may be 0) */
    bool ref_md;      /* it has a month and a day */
    bool ref_full;    /* ... and a year */
    int32_t ref_z;    /* day number of ref, or of the last day of its
                         month or year when those are all it has; valid
                         when ref.y */
    ymd anchor;       /* the last day named: month and day, year maybe 0 */
    bool has_anchor;
} rctx;

static void rctx_init(rctx *r, const hr_date *ref, const hr_date *anchor)
{
    memset(r, 0, sizeof *r);
    if (ref && ref->year >= 1 && ref->year <= 9999) {
        r->ref.y = ref->year;
        if (ref->month >= 1 && ref->month <= 12) {
            r->ref.m = ref->month;
            if (ref->day >= 1 && ref->day <= hr_days_in_month(ref->year, ref->month))
                r->ref.d = ref->day;
        }
    } else if (ref && ref->year == 0 && ref->month >= 1 && ref->month <= 12) {
        r->ref.m = ref->month;
        if (ref->day >= 1 && ref->day <= hr_days_in_month(0, ref->month))
            r->ref.d = ref->day;
    }
    r->ref_md = r->ref.m && r->ref.d;
    r->ref_full = r->ref_md && r->ref.y;
    if (r->ref.y) {
        int m = r->ref.m ? r->ref.m : 12;
        int d = r->ref.d ? r->ref.d : hr_days_in_month(r->ref.y, m);
        r->ref_z = hr_days_from_civil(r->ref.y, m, d);
    }
    if (anchor && anchor->month >= 1 && anchor->month <= 12 && anchor->day >= 1) {
        ymd a = {anchor->year, anchor->month, anchor->day};
        if (a.y >= 0 && ymd_valid(a)) {
            r->anchor = a;
            r->has_anchor = true;
        }
    }
}

/* The year that puts month-day m-d nearest the publication date: no more
 * than AHEAD_DAYS after it, else the year before. 0 with no ref year. */
static int year_for_md(const rctx *r, int m, int d)
{
    if (!r->ref.y)
        return 0;
    int y = r->ref.y;
    if (!r->ref.m)   /* a year-only reference: that year */
        return ymd_valid((ymd){y, m, d}) ? y : 0;
    /* February 29 of a common year counts as March 1 here. */
    int32_t z = hr_days_from_civil(y, m, d);
    if (z - r->ref_z > AHEAD_DAYS)
        y--;
    else if (r->ref_z - z >= 366 - AHEAD_DAYS)
        y++;
    for (int k = 0; k < 8 && !ymd_valid((ymd){y, m, d}); k++)
        y--;   /* February 29: the leap year before */
    return ymd_valid((ymd){y, m, d}) ? y : 0;
}

/* The year of month m named alone, nearest the publication month. */
static int year_for_month(const rctx *r, int m)
{
    if (!r->ref.y)
        return 0;
    if (!r->ref.m)
        return r->ref.y;
    int diff = m - r->ref.m;
    if (diff > AHEAD_MONTHS)
        return r->ref.y - 1;
    if (diff < AHEAD_MONTHS - 11)
        return r->ref.y + 1;
    return r->ref.y;
}

/* ---- building results --------------------------------------------------- */

static hr_date to_date(ymd x, int wd)
{
    hr_date d;
    memset(&d, 0, sizeof d);
    d.hour = d.minute = -1;
    d.year = (int16_t)x.y;
    d.month = (int8_t)x.m;
    d.day = (int8_t)x.d;
    d.weekday = (int8_t)wd;
    return d;
}

/* A single date at the precision of its parts. */
static hr_when when_of(ymd x, int wd, const char *how)
{
    hr_when w;
    memset(&w, 0, sizeof w);
    w.how = how;
    w.from = w.to = to_date(x, wd);
    if (!ymd_valid(x))
        w.precision = HR_PREC_NONE;
    else
        w.precision = x.d ? HR_PREC_DAY : x.m ? HR_PREC_MONTH : HR_PREC_YEAR;
    if (w.precision == HR_PREC_NONE)
        w.from = w.to = to_date((ymd){0, 0, 0}, wd);
    return w;
}

static hr_when when_range(ymd a, ymd b, const char *how)
{
    hr_when w;
    memset(&w, 0, sizeof w);
    w.how = how;
    w.from = to_date(a, 0);
    w.to = to_date(b, 0);
    w.precision = HR_PREC_RANGE;
    return w;
}

/* Recognised, but nothing to place it by (no publication date). */
static hr_when when_none(const char *how, int wd)
{
    return when_of((ymd){0, 0, 0}, wd, how);
}

/* ---- the matcher --------------------------------------------------------- */

typedef struct px {
    lexer lx;
    tok ring[RING];
    size_t head, count;   /* ring[head % RING] is token 0 */
    tok end;              /* what lies past the lookahead */
    tok prev;             /* the token before token 0 (kind T_END if none) */
    size_t bad_end;       /* after an impossible date seen from token 0 */
    rctx r;
} px;

/* Token k ahead of the current one. */
static const tok *T(px *p, size_t k)
{
    if (k >= RING)
        return &p->end;
    while (p->count <= k) {
        lex(&p->lx, &p->ring[(p->head + p->count) % RING]);
        p->count++;
    }
    return &p->ring[(p->head + k) % RING];
}

static void advance(px *p, size_t k)
{
    p->prev = *T(p, k - 1);
    p->head += k;
    p->count -= k;
}

static bool is_w(const tok *t, int w)
{
    return t->kind == T_WORD && t->w == w;
}

static bool is_p(const tok *t, char c)
{
    return t->kind == T_PUNCT && t->c == c;
}

/* The unit a word names (U_DAY...), 0 if none. */
static int t_unit(const tok *t)
{
    return t->kind == T_WORD && t->w == W_UNIT ? t->v & 7 : 0;
}

/* The unit a singular word names ("day", not "days"), 0 if none. */
static int t_unit1(const tok *t)
{
    return t_unit(t) && !(t->v & U_PLURAL) ? t->v : 0;
}

/* A month name (full or shortened) in name shape; 1..12 or 0. */
static int t_month(const tok *t)
{
    return t->kind == T_WORD && t->w == W_MONTH && t->name ? t->v : 0;
}

/* A full month name, as a month named alone must be. */
static int t_month_full(const tok *t)
{
    return t_month(t) && !t->abbr ? t->v : 0;
}

static int t_weekday_full(const tok *t)
{
    return t->kind == T_WORD && t->w == W_WEEKDAY && t->name && !t->abbr ? t->v
                                                                        : 0;
}

/* A day of the month: 1 or 2 digits, 1..31, maybe "20th". */
static int t_day(const tok *t)
{
    return t->kind == T_NUM && t->nd <= 2 && t->v >= 1 && t->v <= 31 ? t->v : 0;
}

static int t_year(const tok *t, int lo, int hi)
{
    return t->kind == T_NUM && t->nd == 4 && !t->ord && t->v >= lo &&
                   t->v <= hi
               ? t->v
               : 0;
}

/* A count: 1..MAX_COUNT in digits, or a number word, or "a"/"an". */
static int t_count(const tok *t)
{
    if (t->kind == T_NUM && !t->ord && t->nd <= 3 && t->v >= 1 &&
        t->v <= MAX_COUNT)
        return t->v;
    if (t->kind == T_WORD && (t->w == W_NUMWORD || t->w == W_A))
        return t->v;
    return 0;
}

/* Does a clause go on after a year ("the war of 2016 broke out"), rather
 * than a noun that makes the number a count ("a total of 2016 votes")?
 * Anything but a number or a plural-looking word. */
static bool clause_follows(const tok *t)
{
    if (t->kind != T_WORD)
        return t->kind != T_NUM && t->kind != T_NUMX;
    return !t->plural;
}

/* Does a noun phrase follow ("the day before the vote")? Then the
 * expression is relative to that, which this module cannot resolve. */
static bool noun_phrase_follows(const tok *t)
{
    if (t->kind == T_NUM || t->kind == T_NUMX)
        return true;
    if (t->kind != T_WORD)
        return false;
    return t->w == W_THE || t->w == W_A || t->w == W_THIS || t->w == W_THAT ||
           (t->w == W_FUNC && t->e - t->s == 3) ||   /* his, her, its */
           (t->w == W_NONE && t->name);
}

/* ---- calendar dates ----------------------------------------------------- */

typedef struct pd {
    int y, m, d, wd;
} pd;

/* A numeric date token: year first ("2020-11-10", "2020/11/10"), or day
 * first ("18.10.2023", "18-10-2023", "18.10.23"); with slashes day first
 * only when the numbers show which is the day ("13/11/2020", or the US
 * "11/13/2020"), never by guessing. Two-digit years only with dots and
 * two-digit day and month ("18.10.23"): 00-69 are 2000-2069, 70-99 are
 * 1970-1999. */
static bool numdate(const tok *t, pd *o)
{
    int a = t->g[0], b = t->g[1], c = t->g[2];
    int la = t->gd[0], lb = t->gd[1], lc = t->gd[2];
    int y, m, d;
    if (la == 4 && lb <= 2 && lc <= 2) {
        y = a;
        m = b;
        d = c;
    } else if (la <= 2 && lb <= 2 &&
               (lc == 4 || (lc == 2 && la == 2 && lb == 2 && t->sep == '.'))) {
        y = lc == 4 ? c : c < 70 ? 2000 + c : 1900 + c;
        if (t->sep != '/' || a == b || (a > 12 && b <= 12)) {
            d = a;
            m = b;
        } else if (b > 12 && a <= 12) {
            d = b;
            m = a;
        } else {
            return false;
        }
    } else {
        return false;
    }
    if (y < YEAR_MIN || y > YEAR_MAX || d < 1 || !ymd_valid((ymd){y, m, d}))
        return false;
    o->y = y;
    o->m = m;
    o->d = d;
    o->wd = 0;
    return true;
}

/* ", 2020" or " 2020" at token k; the index after it, or 0. */
static size_t year_after(px *p, size_t k, int *y)
{
    const tok *t = T(p, k);
    if (is_p(t, ',')) {
        k++;
        t = T(p, k);
    } else if (!t->gap) {
        return 0;
    }
    int v = t_year(t, YEAR_MIN, YEAR_MAX);
    if (!v)
        return 0;
    *y = v;
    return k + 1;
}

enum { CAL_MONTH_YEAR = 1 };   /* "July 2020" allowed */

/* A calendar date at token k: [Weekday[,]] Month[.] Day[th][[,] Year],
 * [Weekday[,]] Day[th] [of] Month [[,] Year], a numeric date, and with
 * CAL_MONTH_YEAR Month Year. Returns the index after it, 0 if none. */
static size_t cal_at(px *p, size_t k, unsigned flags, pd *o)
{
    size_t j = k;
    int wd = 0, y = 0, m, d;
    const tok *t = T(p, j);
    if (t->kind == T_WORD && t->w == W_WEEKDAY && t->name) {
        size_t a = j + 1;
        bool mark = false;
        if (t->abbr && is_p(T(p, a), '.') && !T(p, a)->gap) {
            a++;
            mark = true;
        }
        if (is_p(T(p, a), ',')) {
            a++;
            mark = true;
        }
        if (t->abbr && !mark)
            return 0;
        wd = t->v;
        j = a;
        t = T(p, j);
    }
    if ((m = t_month(t)) != 0) {
        bool dot = false;
        size_t a = j + 1;
        if (t->abbr && is_p(T(p, a), '.') && !T(p, a)->gap) {
            dot = true;   /* "Nov. 13", "Nov.13" */
            a++;
        }
        const tok *u = T(p, a);
        if ((d = t_day(u)) != 0 && (u->gap || dot)) {
            j = a + 1;
            size_t e = year_after(p, j, &y);
            if (e)
                j = e;
        } else if (!wd && (flags & CAL_MONTH_YEAR) && u->gap &&
                   (y = t_year(u, YEAR_MIN, YEAR_MAX)) != 0) {
            d = 0;
            j = a + 1;
        } else {
            return 0;
        }
    } else if ((d = t_day(t)) != 0) {
        size_t a = j + 1;
        if (is_w(T(p, a), W_OF))
            a++;
        const tok *u = T(p, a);
        if (!(m = t_month(u)) || !u->gap)
            return 0;
        j = a + 1;
        /* "13 Nov. 2020": the dot is the abbreviation's when a year
         * follows; ending a sentence it is the sentence's. */
        size_t b = j;
        if (u->abbr && is_p(T(p, b), '.') && !T(p, b)->gap)
            b++;
        size_t e = year_after(p, b, &y);
        if (e)
            j = e;
    } else if (t->kind == T_NUMDATE) {
        pd nd;
        if (!numdate(t, &nd))
            return 0;
        y = nd.y;
        m = nd.m;
        d = nd.d;
        j++;
    } else {
        return 0;
    }
    if (d && !ymd_valid((ymd){y, m, d})) {
        /* "31 February", "February 29, 2021": no date, and not "February
         * 2021" either; the main loop passes over all of it. */
        p->bad_end = HR_MAX(p->bad_end, j);
        return 0;
    }
    o->y = y;
    o->m = m;
    o->d = d;
    o->wd = wd;
    return j;
}

/* ---- results ------------------------------------------------------------ */

typedef struct hit {
    size_t first;   /* token where the span starts */
    size_t end;     /* token after it */
    hr_when w;
} hit;

/* A date as stated: with its year "absolute"; a month-day with the year
 * nearest the publication date ("month-day"). */
static hr_when resolve_cal(const rctx *r, pd c)
{
    if (c.y)
        return when_of((ymd){c.y, c.m, c.d}, c.wd, "absolute");
    int y = year_for_md(r, c.m, c.d);
    return when_of((ymd){y, c.m, c.d}, c.wd, "month-day");
}

/* Day `delta` days from the publication date ("relative") or, when
 * use_anchor and there is one, from the anchor ("anchor"). */
static hr_when shift_day(const rctx *r, bool use_anchor, int delta)
{
    if (use_anchor && r->has_anchor)
        return when_of(add_days(r->anchor, delta), 0, "anchor");
    if (!r->ref_md)
        return when_none("relative", 0);
    return when_of(add_days(r->ref, delta), 0, "relative");
}

/* n units before (sign -1) or after (+1) the base: days and weeks give a
 * day, months a month, years a year. */
static hr_when shift_units(const rctx *r, bool use_anchor, int unit, int n,
                           int sign)
{
    ymd base = r->ref;
    const char *how = "relative";
    bool ok = unit == U_YEAR ? base.y != 0 : unit == U_MONTH ? base.m != 0 : r->ref_md;
    if (use_anchor && r->has_anchor) {
        base = r->anchor;
        how = "anchor";
        ok = unit == U_YEAR ? base.y != 0 : true;
    }
    if (!ok)
        return when_none(how, 0);
    switch (unit) {
    case U_DAY:
        return when_of(add_days(base, sign * n), 0, how);
    case U_HOUR:
        return when_of(add_days(base, sign * (n / 24)), 0, how);
    case U_WEEK:
        return when_of(add_days(base, sign * 7 * n), 0, how);
    case U_MONTH: {
        ymd x = add_months((ymd){base.y, base.m, 1}, sign * n);
        x.d = 0;
        return when_of(x, 0, how);
    }
    default:
        return when_of((ymd){base.y + sign * n, 0, 0}, 0, how);
    }
}

/* The weekday wd nearest the publication date: on or before it (mode 0),
 * strictly before ("last Tuesday", -1), strictly after ("next", +1). */
static hr_when resolve_weekday(const rctx *r, int wd, int mode)
{
    int rw = r->ref_full ? weekday_of(r->ref) : 0;
    if (!rw)
        return when_none(mode ? "relative" : "weekday", wd);
    int back = (rw - wd + 7) % 7;
    int delta;
    if (mode > 0) {
        delta = (wd - rw + 7) % 7;
        if (delta == 0)
            delta = 7;
    } else {
        delta = mode < 0 && back == 0 ? -7 : -back;
    }
    return when_of(add_days(r->ref, delta), wd, mode ? "relative" : "weekday");
}

/* This, last (-1) or next (+1) week, month or year. part: 0 the whole
 * period (for "this": up to the publication date), -1 its part before
 * the publication date ("earlier this week"), +1 its part after ("later
 * this week"). */
static hr_when resolve_period(const rctx *r, int unit, int which, int part)
{
    const ymd ref = r->ref;
    if (unit == U_WEEK) {
        int rw = r->ref_full ? weekday_of(ref) : 0;
        if (!rw)
            return when_none("relative", 0);
        ymd mon = add_days(ref, 1 - rw + 7 * which);
        ymd sun = add_days(mon, 6);
        if (which == 0) {
            if (part < 0 && rw > 1)
                return when_range(mon, add_days(ref, -1), "relative");
            if (part > 0 && rw < 7)
                return when_range(add_days(ref, 1), sun, "relative");
            return when_range(mon, part > 0 ? sun : ref, "relative");
        }
        return when_range(mon, sun, "relative");
    }
    if (unit == U_MONTH) {
        if (!ref.m)
            return when_none("relative", 0);
        if (which == 0 && part != 0 && r->ref_md) {
            int last = hr_days_in_month(ref.y, ref.m);
            if (part < 0 && ref.d > 1)
                return when_range((ymd){ref.y, ref.m, 1}, add_days(ref, -1),
                                  "relative");
            if (part > 0 && ref.d < last)
                return when_range(add_days(ref, 1), (ymd){ref.y, ref.m, last},
                                  "relative");
        }
        ymd x = add_months((ymd){ref.y, ref.m, 1}, which);
        x.d = 0;
        return when_of(x, 0, "relative");
    }
    if (!ref.y)
        return when_none("relative", 0);
    if (which == 0 && part != 0 && r->ref_full) {
        if (part < 0 && (ref.m > 1 || ref.d > 1))
            return when_range((ymd){ref.y, 1, 1}, add_days(ref, -1), "relative");
        if (part > 0 && (ref.m < 12 || ref.d < 31))
            return when_range(add_days(ref, 1), (ymd){ref.y, 12, 31}, "relative");
    }
    return when_of((ymd){ref.y + which, 0, 0}, 0, "relative");
}

/* "the past two weeks": from n units before the publication date to it. */
static hr_when resolve_past(const rctx *r, int unit, int n)
{
    if (!r->ref_md)
        return when_none("period", 0);
    ymd from;
    switch (unit) {
    case U_HOUR:
        from = add_days(r->ref, -((n + 23) / 24));
        break;
    case U_DAY:
        from = add_days(r->ref, -n);
        break;
    case U_WEEK:
        from = add_days(r->ref, -7 * n);
        break;
    case U_MONTH:
        from = add_months(r->ref, -n);
        break;
    default:
        if (!r->ref.y)
            return when_none("period", 0);
        from = (ymd){r->ref.y - n, r->ref.m, r->ref.d};
        if (from.m == 2 && from.d == 29 && !ymd_valid(from))
            from.d = 28;
    }
    if (!ymd_valid(from))
        return when_none("period", 0);
    return when_range(from, r->ref, "period");
}

/* "last October" (-1), "next March" (+1), "this July" (0). */
static hr_when resolve_named_month(const rctx *r, int m, int which)
{
    if (which == 0)
        return when_of((ymd){year_for_month(r, m), m, 0}, 0, "month");
    if (!r->ref.y || !r->ref.m)
        return when_of((ymd){0, m, 0}, 0, "relative");
    int y = r->ref.y;
    if (which < 0 && m >= r->ref.m)
        y--;
    if (which > 0 && m <= r->ref.m)
        y++;
    return when_of((ymd){y, m, 0}, 0, "relative");
}

/* ---- ranges ------------------------------------------------------------- */

enum { S_CAL, S_DAY, S_MONTH, S_YEAR, S_YY };
enum { CONN_DASH = 1, CONN_TO = 2, CONN_AND = 4 };

typedef struct side {
    int kind;
    ymd x;
} side;

static size_t side_at(px *p, size_t k, bool right, side *o)
{
    pd c;
    size_t e = cal_at(p, k, CAL_MONTH_YEAR, &c);
    const tok *t = T(p, k);
    if (e) {
        o->kind = S_CAL;
        o->x = (ymd){c.y, c.m, c.d};
        return e;
    }
    int v;
    if ((v = t_year(t, BARE_YEAR_MIN, BARE_YEAR_MAX)) != 0) {
        o->kind = S_YEAR;
        o->x = (ymd){v, 0, 0};
    } else if (right && t->kind == T_NUM && t->nd == 2 && !t->ord) {
        /* "94" in "1992-94", "26" in "October 9-26": the left side
         * decides which */
        o->kind = S_YY;
        o->x = (ymd){t->v, 0, t_day(t)};
    } else if ((v = t_day(t)) != 0) {
        o->kind = S_DAY;
        o->x = (ymd){0, 0, v};
    } else if ((v = t_month_full(t)) != 0) {
        o->kind = S_MONTH;
        o->x = (ymd){0, v, 0};
    } else {
        return 0;
    }
    return k + 1;
}

/* A range at token k: "1992-1994", "1992–94", "9-26 October", "October
 * 9-26", "October 16 – November 1", with CONN_TO "9 to 26 October", "July
 * to September 2020", with CONN_AND "9 and 26 October". Sets h->w and
 * returns the index after it, or 0. */
static size_t range_at(px *p, size_t k, unsigned conn, hr_when *w)
{
    side L, R;
    size_t j = side_at(p, k, false, &L);
    if (!j)
        return 0;
    const tok *c = T(p, j);
    bool ok = (c->kind == T_DASH && (conn & CONN_DASH)) ||
              ((is_w(c, W_TO) || is_w(c, W_UNTIL) || is_w(c, W_THROUGH)) &&
               (conn & CONN_TO)) ||
              (is_w(c, W_AND) && (conn & CONN_AND));
    if (!ok)
        return 0;
    size_t e = side_at(p, j + 1, true, &R);
    if (!e)
        return 0;
    ymd a = L.x, b = R.x;
    bool words = c->kind != T_DASH;
    /* A two-digit right side is a day after a month-day, the end of a
     * year range after a year ("1992-94"). */
    if (R.kind == S_YY) {
        if (L.kind == S_YEAR && !words) {
            int yy = b.y % 100, base = a.y - a.y % 100;
            if (yy <= a.y % 100)
                return 0;
            b = (ymd){base + yy, 0, 0};
            R.kind = S_YEAR;
        } else if (b.d) {
            b = (ymd){0, 0, b.d};
            R.kind = S_DAY;
        } else {
            return 0;
        }
    }
    switch (L.kind) {
    case S_YEAR:
        if (R.kind == S_YEAR) {
            if (b.y <= a.y)
                return 0;
        } else if (R.kind != S_CAL || !b.y) {
            return 0;   /* "from 2016 to October 2020" is fine, not "2016-26" */
        }
        break;
    case S_DAY:
        /* "9-26 October", "from 9 to 26 October" */
        if (R.kind != S_CAL || !b.d || L.x.d >= b.d)
            return 0;
        a = (ymd){b.y, b.m, L.x.d};
        break;
    case S_MONTH:
        /* "July to September 2020", "from July to September" */
        if (R.kind == S_MONTH) {
            if (!words)
                return 0;
        } else if (R.kind != S_CAL || b.d) {
            return 0;
        }
        break;
    default: /* S_CAL */
        if (R.kind == S_DAY) {
            /* "October 9-26", "from October 9 to 26" */
            if (!a.d || b.d <= a.d)
                return 0;
            b = (ymd){a.y, a.m, b.d};
        } else if (R.kind == S_YEAR) {
            if (!a.y)
                return 0;
        } else if (R.kind == S_MONTH) {
            if (!a.y || a.d || !words)
                return 0;   /* "from July 2019 to September" */
            b.y = a.y + (b.m < a.m);
        } else if ((a.d != 0) != (b.d != 0)) {
            return 0;       /* a day against a month: not one range */
        }
    }
    /* Years the text leaves to be inferred: from the other side, else the
     * publication date for the end, the start taking the end's. */
    if (b.y && !a.y && a.m) {
        a.y = b.y;
        if (ymd_cmp(a, b) > 0)
            a.y--;
    } else if (a.y && !b.y && b.m) {
        b.y = a.y;
        if (ymd_cmp(a, b) > 0)
            b.y++;
    } else if (!a.y && !b.y) {
        b.y = b.d ? year_for_md(&p->r, b.m, b.d) : year_for_month(&p->r, b.m);
        a.y = b.y;
        if (a.y && ymd_cmp(a, b) > 0)
            a.y--;
    }
    if (!ymd_valid(a) || !ymd_valid(b))
        return 0;
    if (a.y && b.y && ymd_cmp(a, b) > 0)
        return 0;
    *w = when_range(a, b, "range");
    return e;
}

/* ---- relative expressions ------------------------------------------------ */

/* "the day before", "the previous day", "the next day", "the following
 * morning", "the same day", "the day before yesterday", "the past two
 * weeks", "the year 2016" at token k (on "the"). */
static size_t rel_the(px *p, size_t k, hr_when *w)
{
    const rctx *r = &p->r;
    const tok *u = T(p, k + 1), *v = T(p, k + 2);
    if (t_unit1(u) == U_DAY && (is_w(v, W_BEFORE) || is_w(v, W_AFTER) || is_w(v, W_EARLIER))) {
        int sign = is_w(v, W_AFTER) ? 1 : -1;
        const tok *x = T(p, k + 3);
        if (sign < 0 && is_w(x, W_YESTERDAY)) {
            *w = shift_day(r, false, -2);
            return k + 4;
        }
        if (sign > 0 && is_w(x, W_TOMORROW)) {
            *w = shift_day(r, false, 2);
            return k + 4;
        }
        if (noun_phrase_follows(x))
            return 0;
        *w = shift_day(r, true, sign);
        return k + 3;
    }
    if (is_w(u, W_PREVIOUS) || is_w(u, W_NEXT) || is_w(u, W_FOLLOWING)) {
        if (t_unit1(v) == U_DAY || is_w(v, W_PART)) {
            *w = shift_day(r, true, is_w(u, W_PREVIOUS) ? -1 : 1);
            return k + 3;
        }
        return 0;
    }
    if (is_w(u, W_SAME) && t_unit1(v) == U_DAY && r->has_anchor) {
        *w = shift_day(r, true, 0);
        return k + 3;
    }
    if (is_w(u, W_PAST) || is_w(u, W_LAST)) {
        /* "the past two weeks", "the last 24 hours", "the past week";
         * not "the last day" nor "the last week" of something */
        int n = t_count(v);
        if (n && !is_w(v, W_A)) {
            const tok *x = T(p, k + 3);
            if (!t_unit(x))
                return 0;
            *w = resolve_past(r, t_unit(x), n);
            return k + 4;
        }
        int unit = t_unit1(v);
        if (!is_w(u, W_PAST) || !unit || unit == U_DAY || unit == U_HOUR)
            return 0;
        *w = resolve_past(r, unit, 1);
        return k + 3;
    }
    if (t_unit1(u) == U_YEAR) {
        int y = t_year(v, BARE_YEAR_MIN, BARE_YEAR_MAX);
        if (y) {
            *w = when_of((ymd){y, 0, 0}, 0, "absolute");
            return k + 3;
        }
    }
    return 0;
}

/* "this week", "last month", "next Tuesday", "last October", "last
 * night", "this morning", "earlier this year" at token k. */
static size_t rel_period(px *p, size_t k, int part, hr_when *w)
{
    const rctx *r = &p->r;
    const tok *t = T(p, k), *u = T(p, k + 1);
    int which = is_w(t, W_LAST) ? -1 : is_w(t, W_NEXT) ? 1 : 0;
    int unit = t_unit1(u);
    if (unit == U_WEEK || unit == U_MONTH || unit == U_YEAR) {
        *w = resolve_period(r, unit, which, which == 0 ? part : 0);
        return k + 2;
    }
    if (part)
        return 0;
    if (is_w(u, W_PART)) {
        if (which == 0 || (which < 0 && u->v == 4)) {   /* "last night" */
            *w = shift_day(r, false, which);
            return k + 2;
        }
        return 0;
    }
    int v;
    if ((v = t_weekday_full(u)) != 0) {
        *w = resolve_weekday(r, v, which);
        return k + 2;
    }
    if ((v = t_month_full(u)) != 0) {
        *w = resolve_named_month(r, v, which);
        return k + 2;
    }
    if (which < 0) {
        /* "last two weeks" */
        int n = t_count(u);
        const tok *x = T(p, k + 2);
        if (n && !is_w(u, W_A) && t_unit(x)) {
            *w = resolve_past(r, t_unit(x), n);
            return k + 3;
        }
    }
    return 0;
}

/* "yesterday", "today", "3 days ago", "a day later", "this week", "the
 * day before"... at token k; the index after it, or 0. */
static size_t rel_at(px *p, size_t k, hr_when *w)
{
    const rctx *r = &p->r;
    const tok *t = T(p, k);
    if (t->kind != T_WORD && t->kind != T_NUM)
        return 0;
    int n;
    if ((n = t_count(t)) != 0) {
        /* "three days ago", "a week later", "two days earlier" */
        const tok *u = T(p, k + 1), *v = T(p, k + 2);
        int unit = t_unit(u);
        if (!unit)
            return 0;
        if (is_w(v, W_AGO)) {
            *w = shift_units(r, false, unit, n, -1);
            return k + 3;
        }
        if (is_w(v, W_EARLIER) || is_w(v, W_LATER) ||
            ((is_w(v, W_BEFORE) || is_w(v, W_AFTER)) &&
             (T(p, k + 3)->kind == T_END || T(p, k + 3)->kind == T_PUNCT))) {
            int sign = is_w(v, W_LATER) || is_w(v, W_AFTER) ? 1 : -1;
            *w = shift_units(r, true, unit, n, sign);
            return k + 3;
        }
        return 0;
    }
    switch (t->w) {
    case W_YESTERDAY:
        *w = shift_day(r, false, -1);
        return k + 1;
    case W_TODAY:
        /* "Russia Today", "USA Today" are outlets. */
        if (t->name && p->prev.kind == T_WORD && p->prev.name && k == 0)
            return 0;
        /* fall through */
    case W_TONIGHT:
        *w = shift_day(r, false, 0);
        return k + 1;
    case W_TOMORROW:
        *w = shift_day(r, false, 1);
        return k + 1;
    case W_THIS:
    case W_LAST:
    case W_NEXT:
        return rel_period(p, k, 0, w);
    case W_EARLIER:
    case W_LATER: {
        const tok *u = T(p, k + 1);
        int part = t->w == W_EARLIER ? -1 : 1;
        if (is_w(u, W_TODAY)) {
            *w = shift_day(r, false, 0);
            return k + 2;
        }
        if (is_w(u, W_THIS))
            return rel_period(p, k + 1, part, w);
        return 0;
    }
    case W_THE:
        return rel_the(p, k, w);
    case W_THAT: {
        const tok *u = T(p, k + 1);
        if (t_unit1(u) == U_DAY && r->has_anchor) {
            *w = shift_day(r, true, 0);
            return k + 2;
        }
        return 0;
    }
    default:
        return 0;
    }
}

/* "this week [October 16 – November 1 – ed.]": a date or range in
 * brackets right after a relative period says exactly what it meant. */
static size_t bracketed(px *p, size_t k, hr_when *w)
{
    const tok *t = T(p, k);
    char close;
    if (is_p(t, '['))
        close = ']';
    else if (is_p(t, '('))
        close = ')';
    else
        return 0;
    hr_when in;
    size_t e = range_at(p, k + 1, CONN_DASH | CONN_TO, &in);
    if (!e) {
        pd c;
        e = cal_at(p, k + 1, CAL_MONTH_YEAR, &c);
        if (!e)
            return 0;
        in = resolve_cal(&p->r, c);
    }
    for (size_t j = e; j < e + 8; j++) {
        const tok *x = T(p, j);
        if (is_p(x, close)) {
            in.how = "bracketed";
            *w = in;
            return j + 1;
        }
        if (x->kind == T_END || is_p(x, '[') || is_p(x, '('))
            return 0;
    }
    return 0;
}

/* ---- the expression at a token --------------------------------------------- */

/* What a preposition before a bare year or a bare month lets through. */
enum {
    LIC_YEAR = 1,     /* "in 2016" */
    LIC_MONTH = 2,    /* "in July" */
    LIC_WEAK = 4      /* "of", "by": a clause must follow a bare year */
};

static unsigned licence(const tok *t)
{
    if (t->kind != T_WORD)
        return 0;
    switch (t->w) {
    case W_IN: case W_DURING: case W_UNTIL: case W_THROUGH: case W_BEFORE:
    case W_AFTER: case W_EARLY: case W_LATE: case W_MID: case W_SINCE:
        return LIC_YEAR | LIC_MONTH;
    case W_OF: case W_BY: case W_AROUND: case W_FROM:
        return LIC_YEAR | LIC_MONTH | LIC_WEAK;
    default:
        return 0;
    }
}

/* Any time expression at token k (after a preposition, if lic says
 * which). */
static size_t core_at(px *p, size_t k, unsigned lic, hr_when *w)
{
    const rctx *r = &p->r;
    const tok *t = T(p, k);
    size_t e;
    if ((e = rel_at(p, k, w)) != 0) {
        /* a period may be spelled out in brackets after it */
        if (is_w(t, W_THIS) || is_w(t, W_LAST) || is_w(t, W_NEXT) ||
            is_w(t, W_EARLIER) || is_w(t, W_LATER)) {
            hr_when b;
            size_t be = bracketed(p, e, &b);
            if (be) {
                *w = b;
                return be;
            }
        }
        return e;
    }
    if ((e = range_at(p, k, CONN_DASH, w)) != 0)
        return e;
    pd c;
    if ((e = cal_at(p, k, CAL_MONTH_YEAR, &c)) != 0) {
        *w = resolve_cal(r, c);
        return e;
    }
    /* "the 1990s", "1990s" */
    size_t j = is_w(t, W_THE) ? k + 1 : k;
    const tok *u = T(p, j);
    if (u->kind == T_DECADE && u->v >= 1000 && u->v <= YEAR_MAX - 9) {
        *w = when_range((ymd){u->v, 0, 0}, (ymd){u->v + 9, 0, 0}, "decade");
        return j + 1;
    }
    int v;
    if ((lic & LIC_YEAR) && (v = t_year(t, BARE_YEAR_MIN, BARE_YEAR_MAX)) != 0) {
        if ((lic & LIC_WEAK) && !clause_follows(T(p, k + 1)))
            return 0;
        *w = when_of((ymd){v, 0, 0}, 0, "absolute");
        return k + 1;
    }
    if ((lic & LIC_MONTH) && (v = t_month_full(t)) != 0) {
        *w = resolve_named_month(r, v, 0);
        return k + 1;
    }
    if ((v = t_weekday_full(t)) != 0) {
        *w = resolve_weekday(r, v, 0);
        return k + 1;
    }
    return 0;
}

/* Can token t start an expression (with a preposition before it)? Most
 * words cannot, and are passed over at once. */
static bool may_start(const tok *t)
{
    switch (t->kind) {
    case T_NUM:
    case T_NUMDATE:
    case T_DECADE:
        return true;
    case T_WORD:
        return t->w != W_NONE && t->w != W_FUNC && t->w != W_AND &&
               t->w != W_TO && t->w != W_AGO && t->w != W_UNIT &&
               t->w != W_PART;
    default:
        return false;
    }
}

/* The expression starting at token 0, if any: span from token h->first. */
static bool try_at(px *p, hit *h)
{
    const tok *t = T(p, 0);
    size_t e;
    h->first = 0;
    if (t->kind == T_WORD) {
        if (t->w == W_FROM || t->w == W_BETWEEN) {
            unsigned conn = CONN_DASH | (t->w == W_FROM ? CONN_TO : CONN_AND);
            if ((e = range_at(p, 1, conn, &h->w)) != 0) {
                h->end = e;
                return true;
            }
        }
        if (t->w == W_SINCE) {
            /* "since February 1988": from then to the publication date */
            hr_when x;
            if ((e = core_at(p, 1, LIC_YEAR | LIC_MONTH, &x)) == 0)
                return false;
            memset(&h->w, 0, sizeof h->w);
            h->w.how = "since";
            if (x.precision == HR_PREC_NONE) {
                h->w.from = h->w.to = x.from;
            } else {
                /* to the publication date; open ("..") when its year is
                 * unknown */
                ymd to = p->r.ref.y ? p->r.ref : (ymd){0, 0, 0};
                h->w.precision = HR_PREC_RANGE;
                h->w.from = x.from;
                h->w.from.weekday = 0;
                h->w.to = to_date(to, 0);
            }
            h->end = e;
            return true;
        }
        if (t->w == W_EARLIER || t->w == W_LATER) {
            /* "earlier on November 1": the adverb is not part of it */
            if ((e = core_at(p, 0, 0, &h->w)) != 0) {
                h->end = e;
                return true;
            }
            const tok *u = T(p, 1);
            unsigned lic = licence(u);
            if (is_w(u, W_ON) || is_w(u, W_AT) || lic) {
                if ((e = core_at(p, 2, lic, &h->w)) != 0) {
                    h->first = 2;
                    h->end = e;
                    return true;
                }
            }
            return false;
        }
        unsigned lic = licence(t);
        if (lic || t->w == W_ON || t->w == W_AT || t->w == W_OVER ||
            t->w == W_FOR || t->w == W_WITHIN) {
            size_t k = 1;
            if ((t->w == W_MID || t->w == W_EARLY || t->w == W_LATE) &&
                T(p, 1)->kind == T_DASH && !T(p, 1)->gap)
                k = 2;   /* "mid-October" */
            if ((e = core_at(p, k, lic, &h->w)) != 0) {
                h->first = k;
                h->end = e;
                return true;
            }
            return false;
        }
    }
    if ((e = core_at(p, 0, 0, &h->w)) != 0) {
        h->end = e;
        return true;
    }
    return false;
}

size_t hr_find_times(const char *text, hr_span span, const hr_date *ref,
                     const hr_date *anchor, hr_timex *out, size_t max)
{
    if (!text || !out || max == 0 || span.start >= span.end)
        return 0;
    px p;
    p.lx.s = (const uint8_t *)text;
    p.lx.start = p.lx.pos = span.start;
    p.lx.n = span.end;
    p.head = p.count = 0;
    memset(&p.end, 0, sizeof p.end);
    p.end.s = p.end.e = span.end;
    memset(&p.prev, 0, sizeof p.prev);
    rctx_init(&p.r, ref, anchor);

    size_t found = 0;
    while (found < max) {
        const tok *t = T(&p, 0);
        if (t->kind == T_END)
            break;
        hit h;
        p.bad_end = 0;
        if (!may_start(t) || !try_at(&p, &h)) {
            advance(&p, p.bad_end ? p.bad_end : 1);
            continue;
        }
        hr_timex *o = &out[found++];
        o->span.start = T(&p, h.first)->s;
        o->span.end = T(&p, h.end - 1)->e;
        o->when = h.w;
        /* A day named becomes the anchor of what follows. */
        if (h.w.precision == HR_PREC_DAY && h.w.from.month && h.w.from.day) {
            p.r.anchor = (ymd){h.w.from.year, h.w.from.month, h.w.from.day};
            p.r.has_anchor = true;
        }
        advance(&p, h.end);
    }
    return found;
}

/* ---- names and formatting -------------------------------------------------- */

const char *hr_precision_name(hr_precision p)
{
    switch (p) {
    case HR_PREC_DAY:
        return "day";
    case HR_PREC_MONTH:
        return "month";
    case HR_PREC_YEAR:
        return "year";
    case HR_PREC_RANGE:
        return "range";
    default:
        return "";
    }
}

/* One end: "2020-10-20", "2020-10", "2020", "--10-20", "--10"; ".." for
 * an open end. */
static size_t format_end(const hr_date *d, char *buf, size_t size)
{
    char tmp[16];
    hr_date_format(d, tmp, sizeof tmp);
    if (!tmp[0]) {
        if (d->year == 0 && d->month >= 1 && d->month <= 12 && d->day == 0)
            snprintf(tmp, sizeof tmp, "--%02d", d->month);
        else
            snprintf(tmp, sizeof tmp, "..");
    }
    int k = snprintf(buf, size, "%s", tmp);
    return k < 0 ? 0 : HR_MIN((size_t)k, size ? size - 1 : 0);
}

char *hr_when_format(const hr_when *w, char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    buf[0] = '\0';
    if (!w || w->precision == HR_PREC_NONE)
        return buf;
    size_t k = format_end(&w->from, buf, size);
    if (w->precision == HR_PREC_RANGE && k + 1 < size) {
        buf[k++] = '/';
        buf[k] = '\0';
        format_end(&w->to, buf + k, size - k);
    } else if (w->precision != HR_PREC_RANGE && !strcmp(buf, "..")) {
        buf[0] = '\0';
    }
    return buf;
}
