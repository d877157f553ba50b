/* dateline.c - metadata the text itself states: the dateline that opens a
 * story ("Baku/18.10.23/Turan:", "WASHINGTON (AP) —"), a publication
 * timestamp line ("13 November 2020 12:34 (UTC +04:00)"), calendar
 * expressions in running text ("on Tuesday, October 20"), and the lead's
 * own attribution ("..., Trend reports."). hr_meta_from_text puts them
 * together for a document being built.
 *
 * The scanners read bytes bounded by len (the text need not end in NUL),
 * allocate nothing and keep no state. They are conservative on purpose: a
 * dateline taken wrongly eats the first words of a story, and a wrong
 * publication date misdates every event the article reports, so in doubt
 * they say no. None of them ever supplies a year the text does not state.
 */
#include "internal.h"

#include <string.h>

/* Years a running-text date may name. Outside this, "October 20, 1500"
 * is more likely a count than a year. */
#define YEAR_MIN 1600
#define YEAR_MAX 2199
/* A timestamp is a line of its own, not a sentence. */
#define TIMESTAMP_MAX 200
/* Paragraphs searched for the dateline and the timestamp. */
#define HEAD_PARAS 5
/* The lead: paragraphs up to the third of at least LEAD_MIN bytes (short
 * ones before it are captions and bylines), never past LEAD_MAX_PARAS. */
#define LEAD_SUBSTANTIAL 3
#define LEAD_MIN 40
#define LEAD_MAX_PARAS 10

/* ---- bytes and letters ------------------------------------------------ */

static inline bool is_alnum(uint8_t c)
{
    return hr_is_alpha(c) || hr_is_digit(c);
}

static inline uint8_t to_lower(uint8_t c)
{
    return hr_is_upper(c) ? (uint8_t)(c + 32) : c;
}

enum { NOT_LETTER = 0, UPPER = 1, LOWER = 2 };

/* The letter at s[i], if any: its case, and its length in *adv. Knows
 * ASCII and the two-byte scripts of place and outlet names (Latin-1,
 * Latin Extended, Greek, Cyrillic); the rest counts as not a letter. */
static int letter_at(const uint8_t *s, size_t n, size_t i, size_t *adv)
{
    *adv = 1;
    if (i >= n)
        return NOT_LETTER;
    uint8_t c = s[i];
    if (c < 0x80)
        return hr_is_upper(c) ? UPPER : hr_is_lower(c) ? LOWER : NOT_LETTER;
    if (c < 0xC3 || c > 0xD3 || i + 1 >= n || (s[i + 1] & 0xC0) != 0x80)
        return NOT_LETTER;
    unsigned cp = ((unsigned)(c & 0x1F) << 6) | (s[i + 1] & 0x3Fu);
    *adv = 2;
    if (cp <= 0xFF) {
        if (cp == 0xD7 || cp == 0xF7)
            return NOT_LETTER;
        return cp <= 0xDE ? UPPER : LOWER;
    }
    if (cp <= 0x17F) {
        /* Latin Extended-A pairs capitals with even code points, except in
         * U+0139..U+0148 and U+0179..U+017E where the parity flips. */
        if (cp == 0x138 || cp == 0x149 || cp == 0x17F)
            return LOWER;
        if (cp == 0x178)
            return UPPER;
        bool odd_upper = (cp >= 0x139 && cp <= 0x148) ||
                         (cp >= 0x179 && cp <= 0x17E);
        return ((cp & 1u) != 0) == odd_upper ? UPPER : LOWER;
    }
    if (cp == 0x18F)   /* Ə, frequent in Azerbaijani names */
        return UPPER;
    if (cp < 0x2B0)    /* Latin Extended-B and IPA (ə): letters, no capitals
                          worth telling apart */
        return LOWER;
    if (cp < 0x386)    /* modifiers and combining marks */
        return NOT_LETTER;
    if (cp < 0x400) {
        if (cp <= 0x3AB)
            return cp == 0x387 ? NOT_LETTER : UPPER;
        return LOWER;
    }
    if (cp < 0x430)
        return UPPER;
    if (cp < 0x460)
        return LOWER;
    if (cp >= 0x482 && cp <= 0x489)
        return NOT_LETTER;
    if (cp >= 0x4C1 && cp <= 0x4CE)
        return (cp & 1u) ? UPPER : LOWER;
    return (cp & 1u) ? LOWER : UPPER;
}

/* Length of the space at s[i]: space, tab, no-break space (U+00A0), thin
 * and narrow no-break space (U+2009, U+202F); 0 if none. */
static size_t space_len(const uint8_t *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    uint8_t c = s[i];
    if (c == ' ' || c == '\t')
        return 1;
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0)
        return 2;
    if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
        (s[i + 2] == 0x89 || s[i + 2] == 0xAF))
        return 3;
    return 0;
}

static size_t skip_sp(const uint8_t *s, size_t n, size_t i)
{
    size_t k;
    while (i < n && (k = space_len(s, n, i)) != 0)
        i += k;
    return i;
}

/* Length of the dash at s[i]: "-", "--", U+2012..U+2015 (– — among them),
 * U+2212 minus; 0 if none. */
static size_t dash_len(const uint8_t *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    if (s[i] == '-')
        return i + 1 < n && s[i + 1] == '-' ? 2 : 1;
    if (s[i] == 0xE2 && i + 2 < n &&
        ((s[i + 1] == 0x80 && s[i + 2] >= 0x92 && s[i + 2] <= 0x95) ||
         (s[i + 1] == 0x88 && s[i + 2] == 0x92)))
        return 3;
    return 0;
}

/* Does a word or number start at s[i]? Not if it continues a word, nor
 * if it continues a number ("3.5", "1,200", "12:30"). */
static bool starts_token(const uint8_t *s, size_t i)
{
    if (i == 0)
        return true;
    uint8_t p = s[i - 1];
    if (is_alnum(p))
        return false;
    if ((p == '.' || p == ',' || p == ':' || p == '/') && i >= 2 &&
        hr_is_digit(s[i - 2]))
        return false;
    if (p >= 0x80 && p < 0xC0 && i >= 2) {
        size_t adv;
        if (letter_at(s, i, i - 2, &adv) != NOT_LETTER && adv == 2)
            return false;
    }
    return true;
}

/* s[0..len) equals the lower-case word w, ignoring ASCII case. */
static bool word_is(const uint8_t *s, size_t len, const char *w)
{
    size_t k = 0;
    for (; k < len; k++)
        if (w[k] == '\0' || to_lower(s[k]) != (uint8_t)w[k])
            return false;
    return w[k] == '\0';
}

static bool word_in(const uint8_t *s, size_t len, const char *const *list)
{
    for (; *list; list++)
        if (word_is(s, len, *list))
            return true;
    return false;
}

/* ---- names of months and days ------------------------------------------ */

static const struct {
    char name[10];
    uint8_t len;
} month_names[12] = {
    {"january", 7}, {"february", 8}, {"march", 5},     {"april", 5},
    {"may", 3},     {"june", 4},     {"july", 4},      {"august", 6},
    {"september", 9}, {"october", 7}, {"november", 8}, {"december", 8}};

static const struct {
    char name[10];
    uint8_t len;
} weekday_names[7] = {{"monday", 6},   {"tuesday", 7}, {"wednesday", 9},
                      {"thursday", 8}, {"friday", 6},  {"saturday", 8},
                      {"sunday", 6}};

/* End of the run of ASCII letters at s[i]. */
static size_t alpha_end(const uint8_t *s, size_t n, size_t i)
{
    while (i < n && hr_is_alpha(s[i]))
        i++;
    return i;
}

/* Title Case or ALL CAPS: the only shapes in which month and day names
 * count (lower-case "may" and "march" are verbs). */
static bool name_shape(const uint8_t *s, size_t len)
{
    if (!hr_is_upper(s[0]))
        return false;
    bool caps = len > 1 && hr_is_upper(s[1]);
    for (size_t k = 1; k < len; k++)
        if (caps ? !hr_is_upper(s[k]) : !hr_is_lower(s[k]))
            return false;
    return true;
}

/* s[0..len) is the first len letters of the lower-case name w. */
static bool prefix_is(const uint8_t *s, size_t len, const char *w)
{
    for (size_t k = 0; k < len; k++)
        if (w[k] == '\0' || to_lower(s[k]) != (uint8_t)w[k])
            return false;
    return true;
}

/* A month at s[i], in full or abbreviated ("Nov", "Sept"; the
 * abbreviation's dot is taken and *dot set). Returns 1..12, or 0. */
static int month_at(const uint8_t *s, size_t n, size_t i, size_t *end,
                    bool *dot, bool *abbr)
{
    size_t e = alpha_end(s, n, i);
    size_t len = e - i;
    size_t adv;
    if (len < 3 || len > 9 || !name_shape(s + i, len))
        return 0;
    if (e < n && letter_at(s, n, e, &adv) != NOT_LETTER)
        return 0;   /* the word goes on in non-ASCII letters */
    uint8_t c0 = to_lower(s[i]);
    for (int m = 0; m < 12; m++) {
        const char *name = month_names[m].name;
        if ((uint8_t)name[0] != c0)
            continue;
        bool full = len == month_names[m].len && prefix_is(s + i, len, name);
        bool ab = !full && (len == 3 || (m == 8 && len == 4)) &&
                  prefix_is(s + i, len, name);
        if (!full && !ab)
            continue;
        *abbr = ab;
        *dot = ab && e < n && s[e] == '.';
        *end = *dot ? e + 1 : e;
        return m + 1;
    }
    return 0;
}

/* A weekday at s[i]: in full, or abbreviated ("Tue", "Tues", "Thurs")
 * when a dot or comma follows. Returns 1 (Monday)..7, or 0. */
static int weekday_at(const uint8_t *s, size_t n, size_t i, size_t *end)
{
    size_t e = alpha_end(s, n, i);
    size_t len = e - i;
    if (len < 3 || len > 9 || !name_shape(s + i, len))
        return 0;
    uint8_t c0 = to_lower(s[i]);
    for (int w = 0; w < 7; w++) {
        const char *name = weekday_names[w].name;
        if ((uint8_t)name[0] != c0 || !prefix_is(s + i, len, name))
            continue;
        if (len == weekday_names[w].len) {
            *end = e;
            return w + 1;
        }
        /* Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun */
        bool ab = len == 3 || (len == 4 && (w == 1 || w == 3)) ||
                  (len == 5 && w == 3);
        if (ab && e < n && (s[e] == '.' || s[e] == ',')) {
            *end = s[e] == '.' ? e + 1 : e;
            return w + 1;
        }
        return 0;
    }
    return 0;
}

/* Is s[0..len) a month or weekday name, full or abbreviated? */
static bool calendar_word(const uint8_t *s, size_t len)
{
    if (len < 3)
        return false;
    for (int m = 0; m < 12; m++)
        if (prefix_is(s, len, month_names[m].name) &&
            (len == 3 || len == month_names[m].len || (m == 8 && len == 4)))
            return true;
    for (int w = 0; w < 7; w++)
        if (prefix_is(s, len, weekday_names[w].name) &&
            (len <= 5 || len == weekday_names[w].len))
            return true;
    return false;
}

/* ---- numbers, dates, times ---------------------------------------------- */

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
    static const int8_t days[12] = {31, 29, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
    return m == 2 && y && !is_leap(y) ? 28 : days[m - 1];
}

/* A real day: a full date must exist; a month-day without year may be
 * February 29. */
static bool day_valid(int y, int m, int d)
{
    return m >= 1 && m <= 12 && d >= 1 && d <= days_in(y, m);
}

static void date_clear(hr_date *d)
{
    memset(d, 0, sizeof *d);
    d->hour = d->minute = -1;
}

/* A day of the month at s[i]: 1-2 digits, maybe an ordinal suffix
 * ("20th"), and nothing that makes it part of a longer number, a time or a
 * word ("13km", "12:30", "1.5"). Returns 1..31, or 0. */
static int day_at(const uint8_t *s, size_t n, size_t i, size_t *end)
{
    if (i >= n || !hr_is_digit(s[i]))
        return 0;
    int d = s[i] - '0';
    size_t j = i + 1;
    if (j < n && hr_is_digit(s[j]))
        d = d * 10 + (s[j++] - '0');
    if (j < n && hr_is_digit(s[j]))
        return 0;
    if (d < 1 || d > 31)
        return 0;
    if (j + 1 < n && hr_is_alpha(s[j])) {
        uint8_t a = to_lower(s[j]), b = to_lower(s[j + 1]);
        if ((a == 's' && b == 't') || (a == 'n' && b == 'd') ||
            (a == 'r' && b == 'd') || (a == 't' && b == 'h'))
            j += 2;
    }
    if (j < n && hr_is_alpha(s[j]))
        return 0;
    if (j + 1 < n && (s[j] == ':' || s[j] == '.' || s[j] == '/') &&
        hr_is_digit(s[j + 1]))
        return 0;
    *end = j;
    return d;
}

/* A four-digit year in [YEAR_MIN, YEAR_MAX] at s[i], standing alone. */
static int year_at(const uint8_t *s, size_t n, size_t i, size_t *end)
{
    if (i + 4 > n)
        return 0;
    int y = 0;
    for (size_t k = i; k < i + 4; k++) {
        if (!hr_is_digit(s[k]))
            return 0;
        y = y * 10 + (s[k] - '0');
    }
    size_t j = i + 4;
    if (j < n && is_alnum(s[j]))
        return 0;
    if (j + 1 < n && (s[j] == '.' || s[j] == ',' || s[j] == ':') &&
        hr_is_digit(s[j + 1]))
        return 0;
    if (y < YEAR_MIN || y > YEAR_MAX)
        return 0;
    *end = j;
    return y;
}

/* ", 2020" or " 2020" after a day or month. */
static int year_after(const uint8_t *s, size_t n, size_t i, size_t *end)
{
    size_t j = i;
    if (j < n && s[j] == ',')
        j++;
    j = skip_sp(s, n, j);
    if (j == i)
        return 0;
    return year_at(s, n, j, end);
}

/* What a calendar expression may be. */
enum { DX_MONTH_YEAR = 1 };   /* "October 2020", no day */

/* A calendar expression at s[i]: [Weekday[,]] Month[.] Day[suffix][[,]
 * Year], [Weekday[,]] Day[suffix] [of] Month [[,] Year], and with
 * DX_MONTH_YEAR Month Year. */
static bool date_expr(const uint8_t *s, size_t n, size_t i, unsigned flags,
                      hr_date *out, size_t *end)
{
    hr_date d;
    date_clear(&d);
    size_t j = i, e, e2;
    bool dot, abbr;
    int wd = weekday_at(s, n, j, &e);
    if (wd) {
        size_t k = e;
        if (k < n && s[k] == ',')
            k++;
        k = skip_sp(s, n, k);
        if (k == e)
            return false;
        d.weekday = (int8_t)wd;
        j = k;
    }
    if (j >= n)
        return false;
    int m = month_at(s, n, j, &e, &dot, &abbr);
    if (m) {
        size_t k = skip_sp(s, n, e);
        if (k == e && !dot)
            return false;
        int day = day_at(s, n, k, &e2);
        if (day) {
            d.month = (int8_t)m;
            d.day = (int8_t)day;
            j = e2;
            int y = year_after(s, n, j, &e);
            if (y) {
                d.year = (int16_t)y;
                j = e;
            }
        } else if (!wd && (flags & DX_MONTH_YEAR) && k > e) {
            int y = year_at(s, n, k, &e2);
            if (!y)
                return false;
            d.month = (int8_t)m;
            d.year = (int16_t)y;
            j = e2;
        } else {
            return false;
        }
    } else if (hr_is_digit(s[j])) {
        int day = day_at(s, n, j, &e);
        if (!day)
            return false;
        size_t k = skip_sp(s, n, e);
        if (k == e)
            return false;
        if (k + 2 < n && s[k] == 'o' && s[k + 1] == 'f' &&
            space_len(s, n, k + 2))
            k = skip_sp(s, n, k + 2);
        if (k >= n)
            return false;
        m = month_at(s, n, k, &e2, &dot, &abbr);
        if (!m)
            return false;
        d.day = (int8_t)day;
        d.month = (int8_t)m;
        /* "13 Nov." ending a sentence: the dot is the sentence's. */
        j = dot ? e2 - 1 : e2;
        int y = year_after(s, n, e2, &e);
        if (y) {
            d.year = (int16_t)y;
            j = e;
        }
    } else {
        return false;
    }
    if (d.day && !day_valid(d.year, d.month, d.day))
        return false;
    *out = d;
    *end = j;
    return true;
}

static int digit_run(const uint8_t *s, size_t n, size_t *j, int *v)
{
    int k = 0, x = 0;
    while (*j < n && hr_is_digit(s[*j]) && k < 5) {
        x = x * 10 + (s[*j] - '0');
        (*j)++;
        k++;
    }
    *v = x;
    return k;
}

/* A numeric date at s[i]: year first ("2020-11-13", "2020/11/13",
 * "2020.11.13") or day first ("13.11.2020", "13-11-2020"); with slashes
 * day first only when the numbers say which is the day ("13/11/2020" or
 * "11/13/2020"), never by guessing. With two_digit_year (datelines) also
 * "18.10.23": 00-69 are 2000-2069, 70-99 are 1970-1999. */
static bool num_date(const uint8_t *s, size_t n, size_t i, bool two_digit_year,
                     hr_date *out, size_t *end)
{
    int a, b, c;
    size_t j = i;
    int la = digit_run(s, n, &j, &a);
    if ((la != 4 && la != 1 && la != 2) || j >= n)
        return false;
    uint8_t sep = s[j];
    if (sep != '.' && sep != '-' && sep != '/')
        return false;
    j++;
    int lb = digit_run(s, n, &j, &b);
    if (lb < 1 || lb > 2 || j >= n || s[j] != sep)
        return false;
    j++;
    int lc = digit_run(s, n, &j, &c);
    if (lc < 1)
        return false;
    if (j < n) {
        bool iso_t = la == 4 && s[j] == 'T' && j + 1 < n && hr_is_digit(s[j + 1]);
        if (!iso_t && is_alnum(s[j]))
            return false;
        if (j + 1 < n && (s[j] == '.' || s[j] == sep || s[j] == ',') &&
            hr_is_digit(s[j + 1]))
            return false;   /* "1.2.3.4", "13.11.2020.5" */
    }
    int y, m, d;
    if (la == 4 && lc <= 2) {
        y = a;
        m = b;
        d = c;
    } else if (la <= 2 &&
               (lc == 4 || (lc == 2 && two_digit_year && sep == '.'))) {
        y = lc == 4 ? c : (c < 70 ? 2000 + c : 1900 + c);
        if (sep != '/' || a == b || (a > 12 && b <= 12)) {
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
    if (y < YEAR_MIN || y > YEAR_MAX || hr_date_weekday(y, m, d) == 0)
        return false;
    date_clear(out);
    out->year = (int16_t)y;
    out->month = (int8_t)m;
    out->day = (int8_t)d;
    *end = j;
    return true;
}

/* "AM", "pm", "a.m.", "P.M." at s[i]: 1 for AM, 2 for PM, 0 if none. */
static int ampm_at(const uint8_t *s, size_t n, size_t i, size_t *end)
{
    if (i + 1 >= n)
        return 0;
    uint8_t a = to_lower(s[i]);
    if (a != 'a' && a != 'p')
        return 0;
    size_t j;
    if (to_lower(s[i + 1]) == 'm')
        j = i + 2;
    else if (s[i + 1] == '.' && i + 3 < n && to_lower(s[i + 2]) == 'm' &&
             s[i + 3] == '.')
        j = i + 4;
    else
        return 0;
    if (j < n && is_alnum(s[j]))
        return 0;
    *end = j;
    return a == 'a' ? 1 : 2;
}

/* A clock time at s[i]: "12:34", "9:05:30", "12:34 PM". */
static bool time_at(const uint8_t *s, size_t n, size_t i, int *h, int *m,
                    size_t *end)
{
    size_t j = i;
    if (j >= n || !hr_is_digit(s[j]))
        return false;
    int hh = s[j++] - '0';
    if (j < n && hr_is_digit(s[j]))
        hh = hh * 10 + (s[j++] - '0');
    if (j + 2 >= n || s[j] != ':' || !hr_is_digit(s[j + 1]) ||
        !hr_is_digit(s[j + 2]))
        return false;
    int mm = (s[j + 1] - '0') * 10 + (s[j + 2] - '0');
    j += 3;
    if (j + 2 < n && s[j] == ':' && hr_is_digit(s[j + 1]) && hr_is_digit(s[j + 2]))
        j += 3;
    if (j < n && (hr_is_digit(s[j]) || s[j] == ':'))
        return false;
    if (hh > 23 || mm > 59)
        return false;
    size_t k = skip_sp(s, n, j), e;
    int ap = k < n ? ampm_at(s, n, k, &e) : 0;
    if (ap) {
        if (hh < 1 || hh > 12)
            return false;
        if (ap == 2 && hh != 12)
            hh += 12;
        else if (ap == 1 && hh == 12)
            hh = 0;
        j = e;
    } else if (j < n && hr_is_alpha(s[j]) &&
               !(s[j] == 'Z' && (j + 1 >= n || !is_alnum(s[j + 1])))) {
        return false;   /* "12:34abc"; ISO's "12:34Z" is fine */
    }
    *h = hh;
    *m = mm;
    *end = j;
    return true;
}

/* "+04:00", "+0400", "-5" (the last only after UTC/GMT), U+2212 minus. */
static bool offset_at(const uint8_t *s, size_t n, size_t i, bool short_ok,
                      int *off, size_t *end)
{
    size_t j = i;
    int sign;
    if (j >= n)
        return false;
    if (s[j] == '+' || s[j] == '-') {
        sign = s[j] == '-' ? -1 : 1;
        j++;
    } else if (s[j] == 0xE2 && j + 2 < n && s[j + 1] == 0x88 &&
               s[j + 2] == 0x92) {
        sign = -1;
        j += 3;
    } else {
        return false;
    }
    int v, h, m = 0;
    int nd = digit_run(s, n, &j, &v);
    if (nd == 4) {
        h = v / 100;
        m = v % 100;
    } else if (nd == 1 || nd == 2) {
        h = v;
        if (j + 2 < n && s[j] == ':' && hr_is_digit(s[j + 1]) &&
            hr_is_digit(s[j + 2])) {
            m = (s[j + 1] - '0') * 10 + (s[j + 2] - '0');
            j += 3;
        } else if (!short_ok) {
            return false;
        }
    } else {
        return false;
    }
    if (j < n && hr_is_digit(s[j]))
        return false;
    if (h > 14 || m > 59)
        return false;
    *off = sign * (h * 60 + m);
    *end = j;
    return true;
}

/* A time zone after a time: "(UTC +04:00)", "GMT+4", "+04:00", "MSK". */
static bool tz_at(const uint8_t *s, size_t n, size_t i, int *tz, size_t *end)
{
    static const struct {
        char name[5];
        int16_t minutes;
    } zones[] = {{"UTC", 0},    {"GMT", 0},    {"MSK", 180},  {"AZT", 240},
                 {"TRT", 180},  {"CET", 60},   {"CEST", 120}, {"EET", 120},
                 {"EEST", 180}, {"BST", 60},   {"EST", -300}, {"EDT", -240},
                 {"CST", -360}, {"CDT", -300}, {"PST", -480}, {"PDT", -420}};
    size_t j = skip_sp(s, n, i), e;
    bool paren = j < n && s[j] == '(';
    if (paren)
        j = skip_sp(s, n, j + 1);
    if (j >= n)
        return false;
    int off = 0;
    if (hr_is_upper(s[j])) {
        size_t we = j;
        while (we < n && hr_is_upper(s[we]))
            we++;
        if (we < n && hr_is_alpha(s[we]))
            return false;
        size_t z, nz = sizeof zones / sizeof zones[0];
        for (z = 0; z < nz; z++)
            if (strlen(zones[z].name) == we - j &&
                memcmp(zones[z].name, s + j, we - j) == 0)
                break;
        if (z == nz)
            return false;
        off = zones[z].minutes;
        j = we;
        if (off == 0) {   /* UTC/GMT may go on with an offset */
            size_t k = skip_sp(s, n, j);
            int o;
            if (offset_at(s, n, k, true, &o, &e)) {
                off = o;
                j = e;
            }
        }
    } else if (offset_at(s, n, j, false, &off, &e)) {
        j = e;
    } else {
        return false;
    }
    if (paren) {
        j = skip_sp(s, n, j);
        if (j >= n || s[j] != ')')
            return false;
        j++;
    }
    *tz = off;
    *end = j;
    return true;
}

/* ---- calendar expressions in running text ------------------------------- */

/* Bytes that may start a calendar expression: digits and the capitals
 * of month and weekday names. Everything else is passed over at once. */
static const uint8_t date_start[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['A'] = 1, ['D'] = 1,
    ['F'] = 1, ['J'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['S'] = 1,
    ['T'] = 1, ['W'] = 1};

/* Do the letters at s[i] begin a month or weekday name ("Nov", "Tue")?
 * A quick test before the full one: most capitals begin other words. */
static bool calendar_prefix(const uint8_t *s, size_t n, size_t i)
{
    static const char prefixes[19][4] = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    if (i + 2 >= n)
        return false;
    uint8_t a = to_lower(s[i]), b = to_lower(s[i + 1]), c = to_lower(s[i + 2]);
    for (int k = 0; k < 19; k++)
        if ((uint8_t)prefixes[k][0] == a && (uint8_t)prefixes[k][1] == b &&
            (uint8_t)prefixes[k][2] == c)
            return true;
    return false;
}

size_t hr_dates_scan(const char *text, size_t len, hr_date_candidate *out,
                     size_t max)
{
    if (!text || !out || max == 0)
        return 0;
    const uint8_t *s = (const uint8_t *)text;
    size_t n = HR_MIN(len, (size_t)UINT32_MAX);
    size_t found = 0, i = 0;
    while (i < n && found < max) {
        if (!date_start[s[i]] || !starts_token(s, i) ||
            (!hr_is_digit(s[i]) && !calendar_prefix(s, n, i))) {
            i++;
            continue;
        }
        hr_date d;
        size_t e;
        if (date_expr(s, n, i, DX_MONTH_YEAR, &d, &e)) {
            hr_date_candidate *o = &out[found++];
            memset(o, 0, sizeof *o);
            o->date = d;
            o->span.start = (uint32_t)i;
            o->span.end = (uint32_t)e;
            i = e;
            continue;
        }
        i++;
        while (i < n && is_alnum(s[i]))
            i++;
    }
    return found;
}

/* ---- timestamps ------------------------------------------------------------ */

/* Between a date and its time: spaces, dashes, ", | /", bullets, "at". */
static size_t skip_ts_sep(const uint8_t *s, size_t n, size_t i)
{
    while (i < n) {
        size_t k = space_len(s, n, i);
        if (!k)
            k = dash_len(s, n, i);
        if (!k && (s[i] == ',' || s[i] == '|' || s[i] == '/'))
            k = 1;
        if (!k && s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
            s[i + 2] == 0xA2)
            k = 3;   /* • */
        if (!k && s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xB7)
            k = 2;   /* · */
        if (!k && i + 2 < n && s[i] == 'a' && s[i + 1] == 't' &&
            space_len(s, n, i + 2))
            k = 2;
        if (!k)
            break;
        i += k;
    }
    return i;
}

/* Words that make a line a sentence. A timestamp line holds labels,
 * categories, names and bylines, not these. */
static const char *const prose_words[] = {
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "being",
    "has", "have", "had", "do", "does", "did", "of", "in", "into", "to",
    "and", "or", "but", "that", "this", "these", "those", "which", "who",
    "whom", "whose", "said", "says", "say", "will", "would", "shall",
    "should", "can", "could", "may", "might", "must", "on", "at", "for",
    "with", "from", "as", "it", "its", "he", "she", "they", "we", "you",
    "his", "her", "their", "our", "after", "before", "since", "until",
    "when", "while", "not", "no", "than", "then", "there", "here", "if", "so",
    NULL};

/* Words that say the date next to them is the publication date. */
static const char *const ts_labels[] = {
    "published", "posted", "updated", "modified", "created", "released",
    "issued", "date", "dated", "time", "publication", "pubdate", NULL};

/* A word at s[i]: letters, joined by - ' ’. Returns its end; *caps tells
 * whether it starts with a capital. */
static size_t word_end(const uint8_t *s, size_t n, size_t i, bool *capital)
{
    size_t adv;
    *capital = letter_at(s, n, i, &adv) == UPPER;
    size_t j = i;
    while (j < n) {
        if (letter_at(s, n, j, &adv) != NOT_LETTER) {
            j += adv;
            continue;
        }
        if ((s[j] == '-' || s[j] == '\'') && j + 1 < n &&
            letter_at(s, n, j + 1, &adv) != NOT_LETTER) {
            j++;
            continue;
        }
        if (s[j] == 0xE2 && j + 3 < n && s[j + 1] == 0x80 &&
            s[j + 2] == 0x99 && letter_at(s, n, j + 3, &adv) != NOT_LETTER) {
            j += 3;
            continue;
        }
        break;
    }
    return j;
}

typedef struct {
    unsigned words;
    bool all_capital;   /* every word starts with a capital */
    bool prose;         /* a function word outside a label */
    bool label_last;    /* the last words are a label ("Posted on") */
} words_info;

/* Counts the words of s[a..b) and looks for prose. */
static void words_scan(const uint8_t *s, size_t a, size_t b, words_info *wi)
{
    size_t adv;
    for (size_t i = a; i < b;) {
        if (letter_at(s, b, i, &adv) == NOT_LETTER) {
            i += adv;
            continue;
        }
        bool cap;
        size_t e = word_end(s, b, i, &cap);
        size_t len = e - i;
        wi->words++;
        if (!cap)
            wi->all_capital = false;
        if (word_in(s + i, len, ts_labels)) {
            wi->label_last = true;
        } else if ((word_is(s + i, len, "on") || word_is(s + i, len, "at")) &&
                   wi->label_last) {
            /* "Posted on", "Updated at": still the label */
        } else {
            if (word_in(s + i, len, prose_words))
                wi->prose = true;
            wi->label_last = false;
        }
        i = e;
    }
}

/* A full date at s[i] for a timestamp: numeric, or written with a year. */
static bool full_date_at(const uint8_t *s, size_t n, size_t i, hr_date *d,
                         size_t *end)
{
    if (hr_is_digit(s[i]) && num_date(s, n, i, false, d, end))
        return true;
    return date_expr(s, n, i, 0, d, end) && d->year && d->day;
}

bool hr_timestamp_scan(const char *text, size_t len, hr_date *out,
                       hr_span *span)
{
    if (!text || len == 0 || len > TIMESTAMP_MAX)
        return false;
    const uint8_t *s = (const uint8_t *)text;
    size_t n = len;
    hr_date d;
    size_t ds = 0, de = 0;
    bool found = false;
    /* The last clock time seen before the date: "12:34 | 13.11.2020". */
    size_t pt_s = 0, pt_e = 0;
    int pt_h = -1, pt_m = -1;
    for (size_t i = 0; i < n;) {
        uint8_t c = s[i];
        if (!(hr_is_upper(c) || hr_is_digit(c)) || !starts_token(s, i)) {
            i++;
            continue;
        }
        size_t e;
        int h, m;
        if (full_date_at(s, n, i, &d, &e)) {
            ds = i;
            de = e;
            found = true;
            break;
        }
        if (hr_is_digit(c) && time_at(s, n, i, &h, &m, &e)) {
            pt_s = i;
            pt_e = e;
            pt_h = h;
            pt_m = m;
            i = e;
            continue;
        }
        i++;
        while (i < n && is_alnum(s[i]))
            i++;
    }
    if (!found)
        return false;

    size_t start = ds, end = de, e;
    int h, m, tz;
    bool has_time = false;
    size_t k = de < n && s[de] == 'T' ? de + 1 : skip_ts_sep(s, n, de);
    if (time_at(s, n, k, &h, &m, &e)) {
        d.hour = (int8_t)h;
        d.minute = (int8_t)m;
        has_time = true;
        end = e;
        if (e < n && s[e] == 'Z') {
            d.has_tz = true;
            end = e + 1;
        } else if (tz_at(s, n, e, &tz, &e)) {
            d.tz_minutes = (int16_t)tz;
            d.has_tz = true;
            end = e;
        }
    } else if (pt_h >= 0 && skip_ts_sep(s, n, pt_e) == ds) {
        d.hour = (int8_t)pt_h;
        d.minute = (int8_t)pt_m;
        has_time = true;
        start = pt_s;
        if (tz_at(s, n, de, &tz, &e)) {
            d.tz_minutes = (int16_t)tz;
            d.has_tz = true;
            end = e;
        }
    }

    words_info before = {0, true, false, false}, after = {0, true, false, false};
    words_scan(s, 0, start, &before);
    words_scan(s, end, n, &after);
    if (before.prose || after.prose)
        return false;
    unsigned words = before.words + after.words;
    bool labelled = before.label_last;
    if (has_time || labelled) {
        if (words > 10)
            return false;
    } else if (words > 4 || !before.all_capital || !after.all_capital) {
        return false;
    }
    /* Two dates and no label: a range or a list ("3 May 2019 |
     * 9 June 2019"), not the moment of publication. */
    if (!labelled) {
        for (size_t i = end; i < n; i++) {
            hr_date d2;
            if (date_start[s[i]] && starts_token(s, i) &&
                full_date_at(s, n, i, &d2, &e))
                return false;
        }
    }
    if (out)
        *out = d;
    if (span) {
        span->start = (uint32_t)start;
        span->end = (uint32_t)end;
    }
    return true;
}

/* ---- datelines ------------------------------------------------------------ */

/* First words of sentences, headings, captions and bylines: never a
 * place. */
static const char *const not_place[] = {
    "the", "a", "an", "in", "on", "at", "by", "for", "from", "to", "as",
    "but", "and", "or", "if", "when", "while", "after", "before", "since",
    "during", "earlier", "later", "meanwhile", "according", "this", "that",
    "these", "those", "it", "he", "she", "they", "we", "i", "you", "our",
    "his", "her", "their", "there", "here", "what", "why", "how", "who",
    "where", "photo", "photos", "video", "videos", "source", "sources",
    "update", "updated", "breaking", "note", "read", "watch", "editor",
    "editorial", "opinion", "analysis", "exclusive", "live", "news",
    "comment", "comments", "follow", "subscribe", "share", "related",
    "advertisement", "also", "see", "more", "today", "yesterday",
    "tomorrow", "now", "however", "moreover", "first", "last", "next", "so",
    "not", "no", "yes", "please", "click", "leave", "tags", "tag",
    "category", "posted", "published", "correction", "corrections",
    "clarification", "dear", "fyi", "ps", "re", "fw", "fwd", "mr", "mrs", "ms", "dr", "gen",
    "prof", "sen", "rep", "gov", "pres", "with", "without", "about",
    "all", "some", "many", "most", "each", "every", "one", "two", "three",
    NULL};

/* Function words: an ALL CAPS run holding one is a headline. */
static const char *const caps_function[] = {
    "the", "to", "of", "and", "in", "on", "at", "for", "with", "is", "are",
    "was", "by", "from", "as", "a", "an", "it", "not", "no", "will", "says",
    "say", "said", "over", "after", "amid", "vs", "this", "that", "these",
    "my", "your", "our", "we", "you", "i", "me", "must", "can", "do", "don't",
    "how", "why", "what", "who", NULL};

/* Parenthesized words that are not an outlet. */
static const char *const not_outlet[] = {
    "photo", "photos", "video", "videos", "update", "updated", "live",
    "opinion", "analysis", "audio", "interview", "file", "archive",
    "illustrative", "map", "graphic", "infographic", "watch", "exclusive",
    "corrected", "correction", "refiled", "repeats", "ed", "editor",
    "note", "see", "read", NULL};

typedef struct {
    size_t end;         /* after the last word */
    size_t first_end;   /* after the first word */
    unsigned words;
    unsigned letters;
    bool caps;          /* no lower-case letter */
    bool function;      /* an ALL CAPS function word in it */
} place_info;

/* A place name at s[i]: 1-5 words that start with a capital, joined by
 * single spaces; a word may hold - ' ’ and inner dots ("Nagorno-Karabakh",
 * "D.C."), and a short ALL CAPS word may end in a dot ("ST. PETERSBURG"). */
static bool place_at(const uint8_t *s, size_t n, size_t i, place_info *pi)
{
    size_t j = i, adv;
    memset(pi, 0, sizeof *pi);
    pi->caps = true;
    for (;;) {
        if (j >= n || letter_at(s, n, j, &adv) != UPPER)
            return false;
        size_t ws = j;
        unsigned letters = 0;
        bool lowers = false, inner_dot = false;
        while (j < n) {
            int lc = letter_at(s, n, j, &adv);
            if (lc != NOT_LETTER) {
                lowers |= lc == LOWER;
                letters++;
                j += adv;
                continue;
            }
            if ((s[j] == '-' || s[j] == '\'' || s[j] == '.') && j + 1 < n &&
                letter_at(s, n, j + 1, &adv) != NOT_LETTER) {
                inner_dot |= s[j] == '.';
                j++;
                continue;
            }
            if (s[j] == 0xE2 && j + 3 < n && s[j + 1] == 0x80 &&
                s[j + 2] == 0x99 && letter_at(s, n, j + 3, &adv) != NOT_LETTER) {
                j += 3;
                continue;
            }
            break;
        }
        /* An abbreviation's dot: "D.C.", "ST. PETERSBURG", and "Calif."
         * when the dateline's outlet or separator follows. */
        if (j < n && s[j] == '.') {
            size_t sp = space_len(s, n, j + 1);
            size_t k = skip_sp(s, n, j + 1);
            if ((letters <= 3 && !lowers &&
                 (inner_dot ||
                  (sp && letter_at(s, n, j + 1 + sp, &adv) == UPPER))) ||
                (letters <= 6 && k < n &&
                 (s[k] == '(' || s[k] == ':' || dash_len(s, n, k))))
                j++;
        }
        pi->words++;
        pi->letters += letters;
        if (lowers)
            pi->caps = false;
        else if (word_in(s + ws, j - ws, caps_function))
            pi->function = true;
        if (pi->words == 1)
            pi->first_end = j;
        pi->end = j;
        size_t sp = j < n ? space_len(s, n, j) : 0;
        if (!sp || j + sp >= n || letter_at(s, n, j + sp, &adv) != UPPER)
            break;
        hr_date d;
        size_t de;
        if (date_expr(s, n, j + sp, DX_MONTH_YEAR, &d, &de))
            break;   /* "MOSCOW Oct 20": the date is not the place */
        if (pi->words == 5)
            return false;   /* a run of six capitalized words: a headline */
        j += sp;
    }
    return pi->letters >= 2;
}

/* The first word of a place or outlet rules it out. */
static bool bad_first_word(const uint8_t *s, size_t i, size_t first_end)
{
    size_t len = first_end - i;
    while (len && s[i + len - 1] == '.')
        len--;
    return word_in(s + i, len, not_place) || calendar_word(s + i, len);
}

/* 1..max outlet words at s[i]: each starts with a capital or a digit and
 * holds letters, digits and inner . - & ' ("AP", "RIA Novosti",
 * "News.am"). Returns false for "(Photo)" and the like. */
static bool outlet_words(const uint8_t *s, size_t n, size_t i, unsigned max,
                         size_t *end)
{
    size_t j = i, adv, last = i;
    unsigned words = 0;
    bool letter = false;
    for (;;) {
        if (j >= n || !(hr_is_digit(s[j]) || letter_at(s, n, j, &adv) == UPPER))
            break;
        size_t ws = j;
        while (j < n) {
            if (letter_at(s, n, j, &adv) != NOT_LETTER) {
                letter = true;
                j += adv;
            } else if (hr_is_digit(s[j])) {
                j++;
            } else if ((s[j] == '.' || s[j] == '-' || s[j] == '&' ||
                        s[j] == '\'') &&
                       j + 1 < n &&
                       (hr_is_digit(s[j + 1]) ||
                        letter_at(s, n, j + 1, &adv) != NOT_LETTER)) {
                j++;
            } else {
                break;
            }
        }
        if (word_in(s + ws, j - ws, not_outlet))
            return false;
        if (++words > max)
            return false;
        last = j;
        size_t sp = space_len(s, n, j);
        if (!sp || j + sp >= n)
            break;
        j += sp;
    }
    if (!words || !letter || last - i > 40)
        return false;
    *end = last;
    return true;
}

/* "(AP)", "( Reuters )": the outlet inside, the end after ')'. */
static bool paren_outlet(const uint8_t *s, size_t n, size_t i, hr_span *o,
                         size_t *end)
{
    size_t os = skip_sp(s, n, i + 1), oe;
    if (!outlet_words(s, n, os, 4, &oe) || bad_first_word(s, os, oe))
        return false;
    size_t k = skip_sp(s, n, oe);
    if (k >= n || s[k] != ')')
        return false;
    o->start = (uint32_t)os;
    o->end = (uint32_t)oe;
    *end = k + 1;
    return true;
}

/* "/TASS/", "/ARKA/": the outlet between slashes. */
static bool slash_outlet(const uint8_t *s, size_t n, size_t i, hr_span *o,
                         size_t *end)
{
    size_t oe;
    if (!outlet_words(s, n, i + 1, 3, &oe) || oe >= n || s[oe] != '/')
        return false;
    o->start = (uint32_t)(i + 1);
    o->end = (uint32_t)oe;
    *end = oe + 1;
    return true;
}

/* ", AZERTAC": one ALL CAPS word of 2-15 letters that ends the dateline. */
static bool caps_outlet(const uint8_t *s, size_t n, size_t i, hr_span *o,
                        size_t *end)
{
    size_t j = i;
    while (j < n && hr_is_upper(s[j]))
        j++;
    if (j - i < 2 || j - i > 15 || (j < n && is_alnum(s[j])))
        return false;
    if (word_in(s + i, j - i, not_outlet) || word_in(s + i, j - i, not_place))
        return false;
    size_t k = skip_sp(s, n, j);
    if (k < n && s[k] != '.' && s[k] != ':' && !dash_len(s, n, k))
        return false;
    o->start = (uint32_t)i;
    o->end = (uint32_t)j;
    *end = j;
    return true;
}

/* The date of a dateline: written out, or numeric. */
static bool dateline_date(const uint8_t *s, size_t n, size_t i, hr_date *d,
                          size_t *end)
{
    if (i >= n)
        return false;
    if (hr_is_digit(s[i]) && num_date(s, n, i, true, d, end))
        return true;
    return date_expr(s, n, i, DX_MONTH_YEAR, d, end);
}

/* Where a sentence may start: a capital, a digit or an opening quote. */
static bool sentence_start(const uint8_t *s, size_t n, size_t i)
{
    size_t adv;
    if (i >= n)
        return false;
    if (hr_is_digit(s[i]) || s[i] == '"' || s[i] == '\'' ||
        letter_at(s, n, i, &adv) == UPPER)
        return true;
    /* “ ‘ « */
    return (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
            (s[i + 2] == 0x9C || s[i + 2] == 0x98)) ||
           (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xAB);
}

/* What a dateline is made of, as it is read. */
typedef struct {
    hr_span place, outlet, date_span;
    hr_date date;
    unsigned parts;     /* place, country, state: "SANTA FE, N.M." is 2 */
    bool caps;          /* the first part has no lower-case letter */
    bool have_date, have_outlet;
    bool sep;           /* a separator was taken with the outlet ("/TASS/.") */
} dl_parts;

static void set_date(dl_parts *d, size_t start, size_t end)
{
    d->have_date = true;
    d->date_span.start = (uint32_t)start;
    d->date_span.end = (uint32_t)end;
}

/* "Baku/18.10.23/Turan": the date and outlet after the place; returns the
 * end, or 0 if this is not one. */
static size_t dateline_slashed(const uint8_t *s, size_t n, size_t j,
                               dl_parts *d)
{
    size_t e, os;
    if (!num_date(s, n, j + 1, true, &d->date, &e) || e >= n || s[e] != '/')
        return 0;
    set_date(d, j + 1, e);
    os = e + 1;
    if (!outlet_words(s, n, os, 3, &e))
        return 0;
    d->outlet.start = (uint32_t)os;
    d->outlet.end = (uint32_t)e;
    d->have_outlet = true;
    return e < n && s[e] == '/' ? e + 1 : e;
}

/* What follows the place: ", Country", ", date", "(Outlet)", "/TASS/",
 * ", AZERTAC", in the orders datelines use. Returns where it stops. */
static size_t dateline_rest(const uint8_t *s, size_t n, size_t j, dl_parts *d)
{
    size_t e;
    for (int step = 0; step < 4; step++) {
        size_t k = skip_sp(s, n, j);
        if (k >= n)
            break;
        if (s[k] == ',') {
            size_t k2 = skip_sp(s, n, k + 1);
            place_info p2;
            if (!d->have_date && !d->have_outlet &&
                dateline_date(s, n, k2, &d->date, &e)) {
                set_date(d, k2, e);
                j = e;
                continue;
            }
            if (!d->have_outlet && k2 < n && s[k2] == '(' &&
                paren_outlet(s, n, k2, &d->outlet, &e)) {
                d->have_outlet = true;
                j = e;
                continue;
            }
            if (!d->have_date && !d->have_outlet && d->parts < 3 &&
                place_at(s, n, k2, &p2) &&
                !bad_first_word(s, k2, p2.first_end) &&
                !(p2.caps && p2.function)) {
                d->place.end = (uint32_t)p2.end;
                d->parts++;
                j = p2.end;
                continue;
            }
            if (d->have_date && !d->have_outlet &&
                caps_outlet(s, n, k2, &d->outlet, &e)) {
                d->have_outlet = true;
                j = skip_sp(s, n, e);
                if (j < n && s[j] == '.') {   /* "AZERTAC." */
                    j++;
                    d->sep = true;
                }
            }
            break;
        }
        if (s[k] == '(') {
            if (!d->have_outlet && paren_outlet(s, n, k, &d->outlet, &e)) {
                d->have_outlet = true;
                j = e;
                continue;
            }
            break;
        }
        if (d->have_date && !d->have_outlet) {
            /* "MOSCOW, October 20. /TASS/." */
            size_t k2 = s[k] == '.' ? skip_sp(s, n, k + 1) : k;
            if (k2 < n && s[k2] == '/' &&
                slash_outlet(s, n, k2, &d->outlet, &e)) {
                d->have_outlet = true;
                j = e;
                if (j < n && s[j] == '.') {
                    j++;
                    d->sep = true;
                }
                break;
            }
        }
        /* "MOSCOW Oct 20 -": a date without a comma, ALL CAPS only. */
        if (!d->have_date && !d->have_outlet && d->caps && k > j &&
            dateline_date(s, n, k, &d->date, &e)) {
            set_date(d, k, e);
            j = e;
            continue;
        }
        break;
    }
    return j;
}

/* The dateline scan, also handing out where its date is. */
static bool dateline_scan(const uint8_t *s, size_t n, hr_dateline *out,
                          hr_span *date_span)
{
    size_t adv;
    size_t i = n ? skip_sp(s, n, 0) : 0;
    /* Most paragraphs are ruled out by their first byte. */
    if (i >= n || (s[i] < 0x80 ? !hr_is_upper(s[i])
                               : letter_at(s, n, i, &adv) != UPPER))
        return false;
    place_info p;
    if (!place_at(s, n, i, &p) || bad_first_word(s, i, p.first_end) ||
        (p.caps && p.function))
        return false;

    dl_parts d;
    memset(&d, 0, sizeof d);
    date_clear(&d.date);
    d.place.start = (uint32_t)i;
    d.place.end = (uint32_t)p.end;
    d.parts = 1;
    d.caps = p.caps;
    bool slashed = false;
    size_t j;
    if (p.end < n && s[p.end] == '/') {
        j = dateline_slashed(s, n, p.end, &d);
        if (!j)
            return false;
        slashed = true;
    } else {
        j = dateline_rest(s, n, p.end, &d);
    }

    /* The separator. */
    size_t k = skip_sp(s, n, j);
    bool sep = d.sep, colon = false;
    bool tight = false;   /* "FINDINGS--The", "GREAT VIEW- Go": hyphens
                             without spaces make a heading, not a dateline */
    if (!sep && k < n) {
        size_t dl;
        if (s[k] == ':') {
            sep = colon = true;
            k++;
        } else if ((dl = dash_len(s, n, k)) != 0) {
            sep = true;
            tight = s[k] == '-' && (k == j || !space_len(s, n, k + dl));
            k += dl;
        } else if (s[k] == '.' && d.have_date && d.caps && !d.have_outlet) {
            sep = true;   /* "YEREVAN, October 12. The ..." */
            k++;
        }
        if (sep)
            k = skip_sp(s, n, k);
    }
    bool at_end = k >= n;

    bool ok;
    if (slashed) {
        ok = true;
    } else if (!sep && !at_end) {
        /* Text runs on with no separator: only an ALL CAPS place with a
         * date or an outlet says dateline ("BAKU, Nov.13 Officials said"). */
        ok = d.caps && (d.have_date || d.have_outlet) && k > j &&
             sentence_start(s, n, k);
    } else if (d.have_date) {
        ok = true;
    } else if (d.have_outlet) {
        /* A Title Case place with only an outlet is often something else:
         * "Nagorno-Karabakh (NKR) - the region", "Spain (Group B): 5th
         * time". It needs a dash and a sentence after. */
        ok = d.caps || (!at_end && !colon && sentence_start(s, n, k) &&
                        !hr_is_digit(s[k]));
    } else if (at_end) {
        /* A paragraph of its own: "LUCERNE, SWITZERLAND", not "NEWS". */
        ok = d.caps && d.parts == 2 && !sep;
    } else {
        /* A bare place: "BAKU - The ...", "DAYTON, Ohio – The ...", but
         * not "NOTE: ..." nor a headline. */
        ok = d.caps && sep && !colon && !tight && d.parts <= 2 &&
             p.words <= 3 && p.letters >= 3 && sentence_start(s, n, k);
    }
    if (!ok)
        return false;

    memset(out, 0, sizeof *out);
    out->span.start = (uint32_t)i;
    out->span.end = (uint32_t)k;
    out->place = d.place;
    if (d.have_outlet)
        out->outlet = d.outlet;
    out->date = d.date;
    *date_span = d.have_date ? d.date_span : (hr_span){0, 0};
    return true;
}

bool hr_dateline_scan(const char *text, size_t len, hr_dateline *out)
{
    hr_dateline tmp;
    hr_span ds;
    if (!text || len == 0)
        return false;
    len = HR_MIN(len, (size_t)UINT32_MAX);
    if (!dateline_scan((const uint8_t *)text, len, out ? out : &tmp, &ds))
        return false;
    return true;
}

/* ---- the lead's attribution ------------------------------------------------ */

/* Not an outlet, though capitalized before "reports". */
static const char *const not_source[] = {
    "he", "she", "it", "they", "we", "i", "this", "that", "the", "media",
    "sources", "source", "local", "officials", "reports", "report", "who",
    NULL};

/* Bytes a name may hold, read backwards: letters (any UTF-8 byte),
 * digits, and inner . - '. */
static bool name_byte(uint8_t c)
{
    return is_alnum(c) || c >= 0x80 || c == '.' || c == '-' || c == '\'';
}

/* Just before s[j] (a space), is there a clause boundary: a comma, a
 * semicolon, a colon, a dash or a closing quote? */
static bool boundary_before(const uint8_t *s, size_t from, size_t j)
{
    if (j <= from)
        return true;
    uint8_t c = s[j - 1];
    if (c == ',' || c == ';' || c == ':' || c == '"' || c == '-' ||
        c == '(')
        return true;
    /* ” ’ – — */
    return j - from >= 3 && s[j - 3] == 0xE2 && s[j - 2] == 0x80 &&
           (s[j - 1] == 0x9D || s[j - 1] == 0x99 || s[j - 1] == 0x93 ||
            s[j - 1] == 0x94);
}

/* The name of 1-3 capitalized words ending at s[at], after a clause
 * boundary. */
static bool name_before(const uint8_t *s, size_t from, size_t at, size_t *start)
{
    size_t j = at, adv;
    for (unsigned words = 1; words <= 3; words++) {
        size_t we = j;
        while (j > from && name_byte(s[j - 1]))
            j--;
        if (j == we || letter_at(s, we, j, &adv) != UPPER)
            return false;
        if (word_in(s + j, we - j, not_source) || calendar_word(s + j, we - j))
            return false;
        if (j == from) {
            *start = j;
            return true;
        }
        if (s[j - 1] != ' ')
            return false;
        if (boundary_before(s, from, j - 1)) {
            *start = j;
            return true;
        }
        j--;   /* over the space to the word before */
    }
    return false;
}

/* Where pat (pl bytes) first occurs in s[i..n), or SIZE_MAX. */
static size_t find(const uint8_t *s, size_t n, size_t i, const char *pat,
                   size_t pl)
{
    while (i + pl <= n) {
        const uint8_t *p = memchr(s + i, pat[0], n - i - pl + 1);
        if (!p)
            break;
        size_t at = (size_t)(p - s);
        if (memcmp(p, pat, pl) == 0)
            return at;
        i = at + 1;
    }
    return SIZE_MAX;
}

/* "..., Trend reports.", "..., Trend reports citing TASS.", "..., RIA
 * Novosti reported." in s[from..n): the outlet's span. */
static bool lead_attribution(const uint8_t *s, size_t n, size_t from,
                             hr_span *out)
{
    static const char *const tails[] = {" citing ", " quoting ",
                                        " with reference to ",
                                        " referring to ", NULL};
    size_t i = from;
    while (i + 8 <= n) {
        size_t at = find(s, n, i, " report", 7), w, e;
        if (at == SIZE_MAX)
            return false;
        w = at + 7;
        i = at + 1;
        if (w < n && s[w] == 's')
            e = w + 1;
        else if (w + 1 < n && s[w] == 'e' && s[w + 1] == 'd')
            e = w + 2;
        else
            continue;
        bool tail = e >= n || s[e] == '.' || s[e] == ',' || s[e] == ';' ||
                    s[e] == ')';
        for (const char *const *t = tails; !tail && *t; t++) {
            size_t tl = strlen(*t);
            tail = e + tl <= n && memcmp(s + e, *t, tl) == 0;
        }
        size_t ns;
        if (tail && at > from && name_before(s, from, at, &ns)) {
            out->start = (uint32_t)ns;
            out->end = (uint32_t)at;
            return true;
        }
    }
    return false;
}

/* ---- the document ------------------------------------------------------------ */

static void add_candidate(hr_docb *b, const hr_date *d, const char *how,
                          size_t para, hr_span span)
{
    hr_date_candidate c;
    memset(&c, 0, sizeof c);
    c.date = *d;
    c.how = how;
    c.para = (uint32_t)para;
    c.span = span;
    (void)hr_docb_add_candidate(b, &c);   /* out of memory: one fewer hint */
}

/* A year for month-day m-d from a full date elsewhere in the document
 * with the same month and day; 0 if none, or if such dates disagree. */
static int year_from_text(const hr_docb *b, int m, int d)
{
    hr_date_candidate c[32];
    int year = 0;
    for (size_t i = 0; i < b->n_paras; i++) {
        const hr_paragraph *p = &b->paras[i];
        size_t from = 0;
        while (from < p->len) {
            size_t k = hr_dates_scan(p->text + from, p->len - from, c, 32);
            for (size_t j = 0; j < k; j++) {
                const hr_date *x = &c[j].date;
                if (!x->year || x->month != m || x->day != d)
                    continue;
                if (year && year != x->year)
                    return 0;
                year = x->year;
            }
            if (k < 32)
                break;
            from += c[31].span.end;
        }
    }
    return year;
}

/* The year that puts month-day m-d latest but not after the reference
 * date plus one day (a dateline's local date may run a day ahead of the
 * reference's). A year-only reference stands for its last day, a
 * year-month one for the month's last day. 0 if there is no reference. */
static int year_from_ref(const hr_date *ref, int m, int d)
{
    if (!ref || ref->year < 1 || ref->year > 9999)
        return 0;
    int ry = ref->year, rm = ref->month, rd = ref->day;
    if (rm < 1 || rm > 12) {
        rm = 12;
        rd = 31;
    } else if (rd < 1 || rd > days_in(ry, rm)) {
        rd = days_in(ry, rm);
    }
    if (++rd > days_in(ry, rm)) {
        rd = 1;
        if (++rm > 12) {
            rm = 1;
            ry++;
        }
    }
    int y = (m < rm || (m == rm && d <= rd)) ? ry : ry - 1;
    for (int k = 0; k < 8 && y >= 1; k++, y--)   /* February 29 */
        if (hr_date_weekday(y, m, d))
            return y;
    return 0;
}

void hr_meta_from_text(hr_docb *b)
{
    hr_document *doc = &b->doc;
    size_t np = b->n_paras;
    size_t head = HR_MIN(np, (size_t)HEAD_PARAS);

    /* 1. The dateline: the first of the head's paragraphs that is one. */
    hr_dateline dl;
    memset(&dl, 0, sizeof dl);
    hr_span dl_date = {0, 0};
    size_t dpara = SIZE_MAX;
    for (size_t i = 0; i < head; i++) {
        const hr_paragraph *p = &b->paras[i];
        if (p->len && p->len <= UINT32_MAX &&
            dateline_scan((const uint8_t *)p->text, p->len, &dl, &dl_date)) {
            dpara = i;
            break;
        }
    }
    if (dpara != SIZE_MAX) {
        doc->dateline_para = (int32_t)dpara;
        doc->dateline = dl.span;
        if (!doc->outlet && dl.outlet.end > dl.outlet.start) {
            const char *o = hr_docb_meta(b, b->paras[dpara].text + dl.outlet.start,
                                         dl.outlet.end - dl.outlet.start);
            if (o) {
                doc->outlet = o;
                doc->outlet_source = "dateline";
            }
        }
        if (dl.date.month)
            add_candidate(b, &dl.date, "dateline", dpara, dl_date);
    }

    /* 2. A timestamp line in the head (after the dateline, if in its
     * paragraph). */
    hr_date ts;
    date_clear(&ts);
    hr_span ts_span = {0, 0};
    size_t tpara = SIZE_MAX;
    for (size_t i = 0; i < head; i++) {
        const hr_paragraph *p = &b->paras[i];
        size_t from = i == dpara ? dl.span.end : 0;
        if (from < p->len &&
            hr_timestamp_scan(p->text + from, p->len - from, &ts, &ts_span)) {
            ts_span.start += (uint32_t)from;
            ts_span.end += (uint32_t)from;
            tpara = i;
            add_candidate(b, &ts, "timestamp", i, ts_span);
            break;
        }
    }

    /* 3. The publication date, unless the page's metadata gave one. The
     * order: a dateline's full date, a timestamp, a dateline's year and
     * month, a dateline's month-day with a year from the text, then from
     * the caller's reference date. Nothing else supplies a year. */
    if (doc->date.year == 0) {
        bool dl_ok = dpara != SIZE_MAX;
        if (dl_ok && dl.date.year && dl.date.day) {
            doc->date = dl.date;
            doc->date_source = "dateline";
        } else if (tpara != SIZE_MAX) {
            doc->date = ts;
            doc->date_source = "timestamp";
        } else if (dl_ok && dl.date.year && dl.date.month) {
            doc->date = dl.date;
            doc->date_source = "dateline";
        } else if (dl_ok && dl.date.month && dl.date.day) {
            int y = year_from_text(b, dl.date.month, dl.date.day);
            const char *how = "dateline+year-from-text";
            if (!y) {
                y = year_from_ref(b->opt ? &b->opt->date_ref : NULL,
                                  dl.date.month, dl.date.day);
                how = "dateline+date-ref";
            }
            /* A weekday the dateline states must agree with the year. */
            int wd = y ? hr_date_weekday(y, dl.date.month, dl.date.day) : 0;
            if (wd && (!dl.date.weekday || dl.date.weekday == wd)) {
                doc->date = dl.date;
                doc->date.year = (int16_t)y;
                doc->date_source = how;
            }
        }
    }

    /* 4. The outlet from the lead's attribution ("..., Trend reports."),
     * only right at or after a dateline: elsewhere such a phrase credits
     * another outlet. */
    if (!doc->outlet && dpara != SIZE_MAX) {
        size_t ap = dpara, from = dl.span.end;
        if (from >= b->paras[dpara].len) {
            ap = dpara + 1;
            from = 0;
        }
        hr_span o;
        if (ap < np &&
            lead_attribution((const uint8_t *)b->paras[ap].text,
                             b->paras[ap].len, from, &o)) {
            const char *name =
                hr_docb_meta(b, b->paras[ap].text + o.start, o.end - o.start);
            if (name) {
                doc->outlet = name;
                doc->outlet_source = "lead-attribution";
            }
        }
    }

    /* 5. Days named in the lead, for the resolve stage. */
    unsigned substantial = 0;
    for (size_t i = 0; i < np && i < LEAD_MAX_PARAS &&
                       substantial < LEAD_SUBSTANTIAL;
         i++) {
        const hr_paragraph *p = &b->paras[i];
        if (p->len >= LEAD_MIN)
            substantial++;
        size_t from = i == dpara ? dl.span.end : 0;
        hr_date_candidate c[16];
        while (from < p->len) {
            size_t k = hr_dates_scan(p->text + from, p->len - from, c, 16);
            for (size_t j = 0; j < k; j++) {
                hr_span sp = {c[j].span.start + (uint32_t)from,
                              c[j].span.end + (uint32_t)from};
                if (!c[j].date.day)
                    continue;   /* "July 2020" names no day */
                if (i == tpara && sp.start < ts_span.end &&
                    sp.end > ts_span.start)
                    continue;   /* the timestamp, already recorded */
                add_candidate(b, &c[j].date, "lead", i, sp);
            }
            if (k < 16)
                break;
            from += c[15].span.end;
        }
    }
}
