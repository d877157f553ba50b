/* date.c - calendar dates: validity, day of week, formatting, and the
 * machine-written forms found in HTML meta tags, JSON feeds and HTTP or
 * WARC headers (ISO 8601, RFC 1123). Dates written for people, inside the
 * text, are dateline.c's job. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int8_t days[12] = {31, 28, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int32_t hr_days_from_civil(int y, int m, int d)
{
    /* H. Hinnant's days_from_civil, for the proleptic Gregorian calendar */
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153u * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

void hr_civil_from_days(int32_t z, int *y, int *m, int *d)
{
    /* its inverse, civil_from_days */
    z += 719468;
    const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)yoe + era * 400 + (*m <= 2);
}

int hr_days_in_month(int year, int month)
{
    if (month < 1 || month > 12)
        return 0;
    return year == 0 && month == 2 ? 29 : days_in_month(year, month);
}

int hr_date_weekday(int year, int month, int day)
{
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month))
        return 0;
    /* Sakamoto's method on the proleptic Gregorian calendar; 0 = Sunday. */
    static const int8_t t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int y = year - (month < 3);
    int dow = (y + y / 4 - y / 100 + y / 400 + t[month - 1] + day) % 7;
    return dow == 0 ? 7 : dow;
}

char *hr_date_format(const hr_date *d, char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    buf[0] = '\0';
    if (!d)
        return buf;
    bool month_ok = d->month >= 1 && d->month <= 12;
    bool day_ok = month_ok && d->day >= 1 && d->day <= 31;
    if (d->year >= 1 && d->year <= 9999) {
        if (day_ok)
            snprintf(buf, size, "%04d-%02d-%02d", d->year, d->month, d->day);
        else if (month_ok)
            snprintf(buf, size, "%04d-%02d", d->year, d->month);
        else
            snprintf(buf, size, "%04d", d->year);
    } else if (d->year == 0 && day_ok) {
        snprintf(buf, size, "--%02d-%02d", d->month, d->day);
    }
    return buf;
}

/* ---- parsing --------------------------------------------------------- */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* Exactly n digits at s[*i]; advances. */
static bool digits(const char *s, size_t len, size_t *i, int n, int *v)
{
    int x = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || !is_digit(s[*i]))
            return false;
        x = x * 10 + (s[*i] - '0');
        (*i)++;
    }
    *v = x;
    return true;
}

/* 1 to max digits at s[*i], and no more; returns how many (0: none). */
static int digits_upto(const char *s, size_t len, size_t *i, int max, int *v)
{
    int x = 0, k = 0;
    while (*i < len && is_digit(s[*i])) {
        if (k == max)
            return 0;
        x = x * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    *v = x;
    return k;
}

/* s[0..n) equals the first n letters of w (lower case), ignoring case. */
static bool prefix_eq(const char *s, size_t n, const char *w)
{
    for (size_t k = 0; k < n; k++)
        if (w[k] == '\0' || lower(s[k]) != w[k])
            return false;
    return true;
}

static bool word_eq(const char *s, size_t n, const char *w)
{
    return n == strlen(w) && prefix_eq(s, n, w);
}

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december"};
static const char *const weekday_names[7] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday"};

int hr_month_name(const char *s, size_t n, bool *abbr)
{
    if (!s || n < 3 || n > 9)
        return 0;
    char c0 = lower(s[0]);
    for (int m = 0; m < 12; m++) {
        const char *name = month_names[m];
        if (name[0] != c0)
            continue;
        size_t full = strlen(name);
        bool short_form = n == 3 || (m == 8 && n == 4);   /* "Sept" */
        if ((n == full || short_form) && prefix_eq(s, n, name)) {
            if (abbr)
                *abbr = n != full;
            return m + 1;
        }
    }
    return 0;
}

int hr_weekday_name(const char *s, size_t n, bool *abbr)
{
    if (!s || n < 3 || n > 9)
        return 0;
    char c0 = lower(s[0]);
    for (int w = 0; w < 7; w++) {
        const char *name = weekday_names[w];
        if (name[0] != c0)
            continue;
        size_t full = strlen(name);
        /* Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun */
        bool short_form = n == 3 || (n == 4 && (w == 1 || w == 3)) ||
                          (n == 5 && w == 3);
        if ((n == full || short_form) && prefix_eq(s, n, name)) {
            if (abbr)
                *abbr = n != full;
            return w + 1;
        }
    }
    return 0;
}

/* A month as RFC 1123 writes it ("Nov") or in full; 0 if not one. */
static int month_word(const char *s, size_t n)
{
    return hr_month_name(s, n, NULL);
}

static int weekday_word(const char *s, size_t n)
{
    for (int w = 0; w < 7; w++) {
        const char *name = weekday_names[w];
        if ((n == 3 && prefix_eq(s, 3, name)) || word_eq(s, n, name))
            return w + 1;
    }
    return 0;
}

static void skip_spaces(const char *s, size_t len, size_t *i)
{
    while (*i < len && (s[*i] == ' ' || s[*i] == '\t'))
        (*i)++;
}

/* "+04:00", "+0400", "-05", "Z", "GMT", "UTC+4", RFC 822 zone names.
 * Sets tz minutes; false if what is there is not a zone. */
static bool parse_zone(const char *s, size_t len, size_t *i, int *tz)
{
    static const struct {
        const char *name;
        int16_t minutes;
    } zones[] = {{"z", 0},      {"ut", 0},     {"utc", 0},    {"gmt", 0},
                 {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},
                 {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420}};
    size_t j = *i;
    int base = 0;
    bool named = false;
    if (j < len && is_alpha(s[j])) {
        size_t k = j;
        while (k < len && is_alpha(s[k]))
            k++;
        size_t z;
        for (z = 0; z < sizeof zones / sizeof zones[0]; z++)
            if (word_eq(s + j, k - j, zones[z].name))
                break;
        if (z == sizeof zones / sizeof zones[0])
            return false;
        base = zones[z].minutes;
        named = true;
        j = k;
        if (base != 0 || j >= len || (s[j] != '+' && s[j] != '-')) {
            *tz = base;
            *i = j;
            return true;
        }
    }
    if (j >= len || (s[j] != '+' && s[j] != '-'))
        return false;
    int sign = s[j] == '-' ? -1 : 1;
    j++;
    int h = 0, m = 0;
    size_t k = j;
    int nd = digits_upto(s, len, &k, 4, &h);
    if (nd == 4) {
        m = h % 100;
        h /= 100;
    } else if (nd == 2 || (nd == 1 && named)) {
        if (k < len && s[k] == ':') {
            k++;
            if (!digits(s, len, &k, 2, &m))
                return false;
        }
    } else {
        return false;
    }
    if (h > 18 || m > 59)
        return false;
    *tz = base + sign * (h * 60 + m);
    *i = k;
    return true;
}

/* "HH:MM[:SS[.frac]]" (extended) or "HHMM[SS]" (basic, ISO only). */
static bool parse_time(const char *s, size_t len, size_t *i, bool basic_ok,
                       int *h, int *m)
{
    size_t j = *i;
    int sec = 0;
    if (!digits(s, len, &j, 2, h))
        return false;
    if (j < len && s[j] == ':') {
        j++;
        if (!digits(s, len, &j, 2, m))
            return false;
        if (j < len && s[j] == ':') {
            j++;
            if (!digits(s, len, &j, 2, &sec))
                return false;
        }
    } else if (basic_ok) {
        if (!digits(s, len, &j, 2, m))
            return false;
        if (j < len && is_digit(s[j]) && !digits(s, len, &j, 2, &sec))
            return false;
    } else {
        return false;
    }
    if (j < len && (s[j] == '.' || s[j] == ',') && j + 1 < len &&
        is_digit(s[j + 1])) {
        j++;
        while (j < len && is_digit(s[j]))
            j++;
    }
    if (*h > 23 || *m > 59 || sec > 60)
        return false;
    *i = j;
    return true;
}

static bool valid_ymd(int y, int m, int d)
{
    if (y < 1 || y > 9999)
        return false;
    if (m == 0)
        return d == 0;
    if (m < 1 || m > 12)
        return false;
    return d == 0 || (d >= 1 && d <= days_in_month(y, m));
}

static void date_clear(hr_date *d)
{
    memset(d, 0, sizeof *d);
    d->hour = d->minute = -1;
}

/* Time and zone after a date; the caller has checked there is more. */
static bool parse_time_zone(const char *s, size_t len, size_t *i,
                            bool basic_ok, hr_date *d)
{
    int h, m, tz;
    if (!parse_time(s, len, i, basic_ok, &h, &m))
        return false;
    d->hour = (int8_t)h;
    d->minute = (int8_t)m;
    size_t j = *i;
    skip_spaces(s, len, &j);
    if (j < len && parse_zone(s, len, &j, &tz)) {
        d->tz_minutes = (int16_t)tz;
        d->has_tz = true;
        *i = j;
    }
    return true;
}

/* "Fri, 13 Nov 2020 12:34:00 GMT", also without the weekday, with the
 * month in full, or with '-' between the parts. */
static bool parse_rfc(const char *s, size_t len, hr_date *out)
{
    size_t i = 0;
    int stated_wd = 0;
    if (is_alpha(s[0])) {
        while (i < len && is_alpha(s[i]))
            i++;
        stated_wd = weekday_word(s, i);
        if (!stated_wd)
            return false;
        if (i < len && s[i] == ',')
            i++;
        skip_spaces(s, len, &i);
    }
    int day, year;
    if (!digits_upto(s, len, &i, 2, &day) || i >= len ||
        (s[i] != ' ' && s[i] != '-'))
        return false;
    i++;
    skip_spaces(s, len, &i);
    size_t w = i;
    while (i < len && is_alpha(s[i]))
        i++;
    int month = month_word(s + w, i - w);
    if (!month || i >= len || (s[i] != ' ' && s[i] != '-'))
        return false;
    i++;
    skip_spaces(s, len, &i);
    int nd = digits_upto(s, len, &i, 4, &year);
    if (nd == 2)   /* RFC 2822's obsolete two-digit year */
        year += year < 50 ? 2000 : 1900;
    else if (nd != 4)
        return false;
    hr_date d;
    date_clear(&d);
    d.year = (int16_t)year;
    d.month = (int8_t)month;
    d.day = (int8_t)day;
    skip_spaces(s, len, &i);
    if (i < len && is_digit(s[i])) {
        if (!parse_time_zone(s, len, &i, false, &d))
            return false;
    }
    skip_spaces(s, len, &i);
    if (i != len || !valid_ymd(year, month, day))
        return false;
    /* Feeds get the weekday wrong now and then; the numbers win and a
     * weekday that disagrees is dropped. */
    if (stated_wd && stated_wd == hr_date_weekday(year, month, day))
        d.weekday = (int8_t)stated_wd;
    *out = d;
    return true;
}

static bool parse_machine(const char *s, size_t len, hr_date *out);

bool hr_date_parse_iso(const char *s, size_t len, hr_date *out)
{
    if (!s || !out)
        return false;
    while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
                   s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    if (parse_machine(s, len, out))
        return true;
    /* Feeds and meta tags also carry dates written for people ("November
     * 13, 2020 12:34", "13.11.2020"): taken when the whole value is one. */
    hr_date d;
    hr_span sp;
    if (len && hr_timestamp_scan(s, len, &d, &sp) && sp.start == 0 &&
        sp.end == len) {
        *out = d;
        return true;
    }
    return false;
}

/* ISO 8601 and RFC 1123, in a value already trimmed. */
static bool parse_machine(const char *s, size_t len, hr_date *out)
{
    if (len == 0)
        return false;
    if (is_alpha(s[0]))
        return parse_rfc(s, len, out);

    size_t i = 0;
    while (i < len && is_digit(s[i]))
        i++;
    size_t nd = i;
    if ((nd == 1 || nd == 2) && i < len && (s[i] == ' ' || s[i] == '-'))
        return parse_rfc(s, len, out);

    hr_date d;
    date_clear(&d);
    int y = 0, m = 0, day = 0;
    bool basic = false;
    i = 0;
    if (nd == 8) {   /* 20201113 */
        digits(s, len, &i, 4, &y);
        digits(s, len, &i, 2, &m);
        digits(s, len, &i, 2, &day);
        basic = true;
    } else if (nd == 4) {
        digits(s, len, &i, 4, &y);
        if (i < len) {
            char sep = s[i];
            if (sep != '-' && sep != '/' && sep != '.')
                return false;
            i++;
            /* ISO wants two digits; slashes and dots come from people. */
            if (sep == '-' ? !digits(s, len, &i, 2, &m)
                           : !digits_upto(s, len, &i, 2, &m))
                return false;
            if (i < len && s[i] == sep) {
                i++;
                if (sep == '-' ? !digits(s, len, &i, 2, &day)
                               : !digits_upto(s, len, &i, 2, &day))
                    return false;
                if (day == 0)
                    return false;
            }
            if (m == 0)
                return false;
        }
    } else {
        return false;
    }
    if (i < len) {
        /* A time needs a full date. */
        if (day == 0)
            return false;
        bool t = s[i] == 'T' || s[i] == 't';
        if (!t && s[i] != ' ')
            return false;
        i++;
        skip_spaces(s, len, &i);
        if (!parse_time_zone(s, len, &i, t && basic, &d))
            return false;
        skip_spaces(s, len, &i);
        if (i != len)
            return false;
    }
    if (!valid_ymd(y, m, day))
        return false;
    d.year = (int16_t)y;
    d.month = (int8_t)m;
    d.day = (int8_t)day;
    *out = d;
    return true;
}
