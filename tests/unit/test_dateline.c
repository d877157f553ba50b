/* test_dateline.c - dates and datelines: the calendar helpers, the ISO and
 * RFC 1123 parser, the dateline, timestamp and running-text scanners, and
 * hr_meta_from_text on documents built with hr_docb.
 *
 * Scanner results are checked as one descriptive string per input (the
 * input is part of it), so a failing row names itself. */
#include "testutil.h"

#include <stdio.h>

/* ---- helpers ------------------------------------------------------------ */

#define DATE(y, m, d, wd)                                                 \
    ((hr_date){.year = (y), .month = (m), .day = (d), .weekday = (wd),    \
               .hour = -1, .minute = -1})

static const char *fmt_date(const hr_date *d, char *buf, size_t size)
{
    char day[16];
    hr_date_format(d, day, sizeof day);
    int n = snprintf(buf, size, "%s", day[0] ? day : "-");
    if (d->weekday && n > 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, " w%d", d->weekday);
    if (d->hour >= 0 && n > 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, " %02d:%02d", d->hour,
                      d->minute);
    if (d->has_tz && n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, " %+d", d->tz_minutes);
    return buf;
}

static void span_text(const char *text, hr_span sp, char *buf, size_t size)
{
    assert_true(sp.start <= sp.end);
    snprintf(buf, size, "%.*s", (int)(sp.end - sp.start), text + sp.start);
}

/* "INPUT => place|outlet|date|rest" or "INPUT => none". */
static void dateline_desc(const char *text, char *out, size_t size)
{
    hr_dateline dl;
    size_t len = strlen(text);
    memset(&dl, 0x5a, sizeof dl);
    if (!hr_dateline_scan(text, len, &dl)) {
        snprintf(out, size, "%s => none", text);
        return;
    }
    assert_true(dl.span.end <= len);
    assert_true(dl.place.start >= dl.span.start && dl.place.end <= dl.span.end);
    assert_true(dl.outlet.end <= dl.span.end);
    char place[128], outlet[64], date[64], rest[24];
    span_text(text, dl.place, place, sizeof place);
    span_text(text, dl.outlet, outlet, sizeof outlet);
    fmt_date(&dl.date, date, sizeof date);
    snprintf(rest, sizeof rest, "%.12s", text + dl.span.end);
    snprintf(out, size, "%s => %s|%s|%s|%s", text, place, outlet, date, rest);
}

#define DATELINE_IS(text, want)                                    \
    do {                                                           \
        char got_[512], exp_[512];                                 \
        dateline_desc(text, got_, sizeof got_);                    \
        snprintf(exp_, sizeof exp_, "%s => %s", text, want);       \
        assert_string_equal(got_, exp_);                           \
    } while (0)

/* "INPUT => date|span" or "INPUT => none". */
static void timestamp_desc(const char *text, char *out, size_t size)
{
    hr_date d;
    hr_span sp = {7, 7};
    size_t len = strlen(text);
    if (!hr_timestamp_scan(text, len, &d, &sp)) {
        snprintf(out, size, "%s => none", text);
        return;
    }
    assert_true(sp.end <= len);
    char date[64], span[256];
    fmt_date(&d, date, sizeof date);
    span_text(text, sp, span, sizeof span);
    snprintf(out, size, "%s => %s|%s", text, date, span);
}

#define TIMESTAMP_IS(text, want)                                   \
    do {                                                           \
        char got_[768], exp_[768];                                 \
        timestamp_desc(text, got_, sizeof got_);                   \
        snprintf(exp_, sizeof exp_, "%s => %s", text, want);       \
        assert_string_equal(got_, exp_);                           \
    } while (0)

/* "INPUT => span=date; span=date" or "INPUT => none". */
static void dates_desc(const char *text, char *out, size_t size)
{
    hr_date_candidate c[8];
    size_t len = strlen(text);
    size_t n = hr_dates_scan(text, len, c, 8);
    int k = snprintf(out, size, "%s =>", text);
    if (n == 0)
        snprintf(out + k, size - (size_t)k, " none");
    for (size_t i = 0; i < n; i++) {
        char span[128], date[64];
        assert_true(c[i].span.end <= len);
        assert_null(c[i].how);
        span_text(text, c[i].span, span, sizeof span);
        fmt_date(&c[i].date, date, sizeof date);
        k += snprintf(out + k, size - (size_t)k, "%s %s=%s", i ? ";" : "",
                      span, date);
    }
}

#define DATES_ARE(text, want)                                      \
    do {                                                           \
        char got_[1024], exp_[1024];                               \
        dates_desc(text, got_, sizeof got_);                       \
        snprintf(exp_, sizeof exp_, "%s => %s", text, want);       \
        assert_string_equal(got_, exp_);                           \
    } while (0)

/* ---- calendar ------------------------------------------------------------ */

static void test_weekday(void **state)
{
    (void)state;
    assert_int_equal(hr_date_weekday(2020, 11, 13), 5);   /* Friday */
    assert_int_equal(hr_date_weekday(2023, 10, 18), 3);   /* Wednesday */
    assert_int_equal(hr_date_weekday(2020, 10, 20), 2);   /* Tuesday */
    assert_int_equal(hr_date_weekday(1970, 1, 1), 4);
    assert_int_equal(hr_date_weekday(2000, 2, 29), 2);
    assert_int_equal(hr_date_weekday(2024, 3, 3), 7);     /* Sunday is 7 */
    assert_int_equal(hr_date_weekday(1, 1, 1), 1);
    assert_int_equal(hr_date_weekday(9999, 12, 31), 5);
    assert_int_equal(hr_date_weekday(1900, 2, 29), 0);    /* not leap */
    assert_int_equal(hr_date_weekday(2021, 2, 29), 0);
    assert_int_equal(hr_date_weekday(2020, 4, 31), 0);
    assert_int_equal(hr_date_weekday(2020, 13, 1), 0);
    assert_int_equal(hr_date_weekday(2020, 0, 1), 0);
    assert_int_equal(hr_date_weekday(2020, 1, 0), 0);
    assert_int_equal(hr_date_weekday(0, 1, 1), 0);
    assert_int_equal(hr_date_weekday(10000, 1, 1), 0);
    assert_int_equal(hr_date_weekday(-5, 1, 1), 0);
}

static void test_format(void **state)
{
    (void)state;
    char buf[16];
    hr_date d = DATE(2020, 11, 13, 0);
    assert_string_equal(hr_date_format(&d, buf, sizeof buf), "2020-11-13");
    d.day = 0;
    assert_string_equal(hr_date_format(&d, buf, sizeof buf), "2020-11");
    d.month = 0;
    assert_string_equal(hr_date_format(&d, buf, sizeof buf), "2020");
    d = DATE(0, 11, 3, 2);
    assert_string_equal(hr_date_format(&d, buf, sizeof buf), "--11-03");
    d = DATE(0, 11, 0, 0);
    assert_string_equal(hr_date_format(&d, buf, sizeof buf), "");
    d = DATE(0, 0, 0, 0);
    assert_string_equal(hr_date_format(&d, buf, sizeof buf), "");
    d = DATE(7, 1, 2, 0);
    assert_string_equal(hr_date_format(&d, buf, sizeof buf), "0007-01-02");
    d = DATE(-3, 1, 2, 0);
    assert_string_equal(hr_date_format(&d, buf, sizeof buf), "");
    d = DATE(12000, 1, 2, 0);
    assert_string_equal(hr_date_format(&d, buf, sizeof buf), "");
    d = DATE(2020, 13, 2, 0);
    assert_string_equal(hr_date_format(&d, buf, sizeof buf), "2020");
    /* 11 bytes is enough; less truncates; 0 writes nothing. */
    char small[11];
    d = DATE(2020, 11, 13, 0);
    assert_string_equal(hr_date_format(&d, small, sizeof small), "2020-11-13");
    assert_string_equal(hr_date_format(&d, small, 5), "2020");
    small[0] = 'x';
    assert_ptr_equal(hr_date_format(&d, small, 0), small);
    assert_int_equal(small[0], 'x');
    assert_string_equal(hr_date_format(NULL, buf, sizeof buf), "");
}

/* "INPUT => date" or "INPUT => none". */
static void iso_desc(const char *s, char *out, size_t size)
{
    hr_date d;
    memset(&d, 0x5a, sizeof d);
    if (!hr_date_parse_iso(s, strlen(s), &d)) {
        snprintf(out, size, "%s => none", s);
        return;
    }
    char date[64];
    snprintf(out, size, "%s => %s", s, fmt_date(&d, date, sizeof date));
}

#define ISO_IS(text, want)                                         \
    do {                                                           \
        char got_[256], exp_[256];                                 \
        iso_desc(text, got_, sizeof got_);                         \
        snprintf(exp_, sizeof exp_, "%s => %s", text, want);       \
        assert_string_equal(got_, exp_);                           \
    } while (0)

static void test_parse_iso(void **state)
{
    (void)state;
    ISO_IS("2020-11-13", "2020-11-13");
    ISO_IS("2020-11", "2020-11");
    ISO_IS("2020", "2020");
    ISO_IS("20201113", "2020-11-13");
    ISO_IS("2020-11-13T12:34:00+04:00", "2020-11-13 12:34 +240");
    ISO_IS("2020-11-13T12:34:00.250Z", "2020-11-13 12:34 +0");
    ISO_IS("2020-11-13T12:34Z", "2020-11-13 12:34 +0");
    ISO_IS("2020-11-13T08:05:09-0530", "2020-11-13 08:05 -330");
    ISO_IS("2020-11-13T12:34:00+04", "2020-11-13 12:34 +240");
    ISO_IS("2020-11-13 12:34:00", "2020-11-13 12:34");
    ISO_IS("2020-11-13 12:34:00 +04:00", "2020-11-13 12:34 +240");
    ISO_IS("2020-11-13 12:34:00 UTC", "2020-11-13 12:34 +0");
    ISO_IS("20201113T123400Z", "2020-11-13 12:34 +0");
    ISO_IS("  2020-11-13\n", "2020-11-13");
    ISO_IS("2020/11/13", "2020-11-13");
    ISO_IS("2020.1.5", "2020-01-05");
    ISO_IS("2024-02-29", "2024-02-29");
    ISO_IS("Fri, 13 Nov 2020 12:34:00 GMT", "2020-11-13 w5 12:34 +0");
    ISO_IS("Friday, 13 November 2020 12:34:00 +0400",
           "2020-11-13 w5 12:34 +240");
    ISO_IS("13 Nov 2020 07:00:00 EST", "2020-11-13 07:00 -300");
    ISO_IS("13 Nov 2020", "2020-11-13");
    ISO_IS("Fri, 13 Nov 20 12:34:00 GMT", "2020-11-13 w5 12:34 +0");
    /* A weekday that disagrees with the date is dropped, the date kept. */
    ISO_IS("Sat, 13 Nov 2020 12:34:00 GMT", "2020-11-13 12:34 +0");
    /* Dates written for people, when they are the whole value. */
    ISO_IS("November 13, 2020", "2020-11-13");
    ISO_IS(" Friday, November 13, 2020 12:34 PM ", "2020-11-13 w5 12:34");
    ISO_IS("13.11.2020 12:34", "2020-11-13 12:34");
    ISO_IS("13 November 2020 12:34 (UTC +04:00)", "2020-11-13 12:34 +240");
    ISO_IS("Published: 13.11.2020", "none");
    ISO_IS("05/06/2020", "none");
    ISO_IS("13.11.20", "none");

    ISO_IS("", "none");
    ISO_IS("   ", "none");
    ISO_IS("yesterday", "none");
    ISO_IS("2020-13-01", "none");
    ISO_IS("2020-00-10", "none");
    ISO_IS("2020-02-30", "none");
    ISO_IS("2021-02-29", "none");
    ISO_IS("1900-02-29", "none");
    ISO_IS("2020-11-00", "none");
    ISO_IS("0000-01-01", "none");
    ISO_IS("2020-1-13", "2020-01-13");   /* not ISO, but unambiguous */
    ISO_IS("2020-11-13x", "none");
    ISO_IS("2020-11-13T", "none");
    ISO_IS("2020-11-13T25:00", "none");
    ISO_IS("2020-11-13T12:60", "none");
    ISO_IS("2020-11-13T12:34+25:00", "none");
    ISO_IS("2020-11T12:00", "none");
    ISO_IS("202011", "none");
    ISO_IS("20201313", "none");
    ISO_IS("2020-11-13 12:34 and more", "none");
    ISO_IS("Fri, 31 Nov 2020", "none");
    ISO_IS("Fri, 13 Foo 2020", "none");
    ISO_IS("Foo, 13 Nov 2020", "none");
    ISO_IS("13 Nov", "none");

    hr_date d;
    assert_false(hr_date_parse_iso(NULL, 5, &d));
    assert_false(hr_date_parse_iso("2020", 4, NULL));
    /* len bounds the input: no NUL needed. */
    assert_true(hr_date_parse_iso("2020-11-13T99", 10, &d));
    assert_int_equal(d.day, 13);
    assert_int_equal(d.hour, -1);
    assert_int_equal(d.minute, -1);
    assert_false(d.has_tz);
}

/* ---- datelines ------------------------------------------------------------ */

static void test_dateline_forms(void **state)
{
    (void)state;
    DATELINE_IS("Tbilisi/05.03.21/Interpress: Georgian officials met.",
                "Tbilisi|Interpress|2021-03-05|Georgian off");
    DATELINE_IS("Baku/18.10.2023/Turan: The talks resumed.",
                "Baku|Turan|2023-10-18|The talks re");
    DATELINE_IS("Baku/18.10.23/Turan:", "Baku|Turan|2023-10-18|");
    DATELINE_IS("Gyumri/01.02.99/Local Radio - Snow fell.",
                "Gyumri|Local Radio|1999-02-01|Snow fell.");
    DATELINE_IS("BAKU, Azerbaijan, Nov.13", "BAKU, Azerbaijan||--11-13|");
    DATELINE_IS("BAKU, Azerbaijan, Nov. 13 Officials said on Friday.",
                "BAKU, Azerbaijan||--11-13|Officials sa");
    DATELINE_IS("GANJA, Azerbaijan, Sept. 27 - Shelling was reported.",
                "GANJA, Azerbaijan||--09-27|Shelling was");
    DATELINE_IS("PLOVDIV, (BM) – Ministers met on Monday.",
                "PLOVDIV|BM|-|Ministers me");
    DATELINE_IS("WASHINGTON (AP) — The president spoke.",
                "WASHINGTON|AP|-|The presiden");
    DATELINE_IS("WASHINGTON (AP) —", "WASHINGTON|AP|-|");
    DATELINE_IS("MOSCOW, Oct 20 (Reuters) - Russia said it would help.",
                "MOSCOW|Reuters|--10-20|Russia said ");
    DATELINE_IS("Yerevan, October 12, 2020 (Armenpress): The cabinet met.",
                "Yerevan|Armenpress|2020-10-12|The cabinet ");
    DATELINE_IS("Stepanakert, 3 October – Sirens sounded.",
                "Stepanakert||--10-03|Sirens sound");
    DATELINE_IS("GENEVA, 13 November 2020 (UN News) - Envoys met.",
                "GENEVA|UN News|2020-11-13|Envoys met.");
    DATELINE_IS("Paris, 18.10.2023 – Ministers gathered.",
                "Paris||2023-10-18|Ministers ga");
    DATELINE_IS("WASHINGTON, D.C. (AP) — Lawmakers voted.",
                "WASHINGTON, D.C.|AP|-|Lawmakers vo");
    DATELINE_IS("ST. PETERSBURG, Russia (AP) — A forum opened.",
                "ST. PETERSBURG, Russia|AP|-|A forum open");
    DATELINE_IS("MOSCOW, October 20. /TASS/. The Kremlin replied.",
                "MOSCOW|TASS|--10-20|The Kremlin ");
    DATELINE_IS("BAKU, October 20, AZERTAC. The president received.",
                "BAKU|AZERTAC|--10-20|The presiden");
    DATELINE_IS("KYIV – Ukrainian forces advanced.",
                "KYIV||-|Ukrainian fo");
    DATELINE_IS("NEW YORK -- Markets fell.", "NEW YORK||-|Markets fell");
    DATELINE_IS("WASHINGTON\xE2\x80\x94The Senate voted.",
                "WASHINGTON||-|The Senate v");
    DATELINE_IS("Denver, CO, Mar. 4 (UPI) --", "Denver, CO|UPI|--03-04|");
    DATELINE_IS("NEW YORK, N.Y. — Markets fell.",
                "NEW YORK, N.Y.||-|Markets fell");
    DATELINE_IS("ERIE, Pa. — Snow fell.", "ERIE, Pa.||-|Snow fell.");
    DATELINE_IS("TUCSON, Ariz. (AP) — Snow fell.",
                "TUCSON, Ariz.|AP|-|Snow fell.");
    DATELINE_IS("ABU DHABI, United Arab Emirates — Talks ended.",
                "ABU DHABI, United Arab Emirates||-|Talks ended.");
    DATELINE_IS("BAKU, Azerbaijan", "BAKU, Azerbaijan||-|");
    DATELINE_IS("LUCERNE, SWITZERLAND", "LUCERNE, SWITZERLAND||-|");
    DATELINE_IS("TEHRAN, Tuesday, Oct. 20 – Iran responded.",
                "TEHRAN||--10-20 w2|Iran respond");
    DATELINE_IS("Nagorno-Karabakh, October 2020 - Fighting raged.",
                "Nagorno-Karabakh||2020-10|Fighting rag");
    DATELINE_IS("YEREVAN, October 12. The cabinet met.",
                "YEREVAN||--10-12|The cabinet ");
    DATELINE_IS("MOSCOW Oct 20 - Talks began.", "MOSCOW||--10-20|Talks began.");
    /* Non-ASCII capitals and no-break spaces. */
    DATELINE_IS("ŞUŞA, Azərbaycan, Nov.8", "ŞUŞA, Azərbaycan||--11-08|");
    DATELINE_IS("МОСКВА, (ТАСС) – Новости.", "МОСКВА|ТАСС|-|Новост");
    DATELINE_IS("BAKU,\xC2\xA0Oct\xC2\xA0" "20 \xE2\x80\x93 Rain fell.",
                "BAKU||--10-20|Rain fell.");
}

static void test_dateline_span(void **state)
{
    (void)state;
    const char *t = "Baku/18.10.23/Turan: In September the talks stalled.";
    hr_dateline dl;
    assert_true(hr_dateline_scan(t, strlen(t), &dl));
    assert_int_equal(dl.span.start, 0);
    assert_int_equal(dl.span.end, 21);
    assert_int_equal(dl.place.start, 0);
    assert_int_equal(dl.place.end, 4);
    assert_int_equal(dl.outlet.start, 14);
    assert_int_equal(dl.outlet.end, 19);
    assert_int_equal(dl.date.year, 2023);
    assert_int_equal(dl.date.hour, -1);
    assert_int_equal(dl.date.minute, -1);

    /* Without a date: month 0; without an outlet: 0,0. */
    t = "KYIV – Ukrainian forces advanced.";
    assert_true(hr_dateline_scan(t, strlen(t), &dl));
    assert_int_equal(dl.date.month, 0);
    assert_int_equal(dl.date.year, 0);
    assert_int_equal(dl.outlet.start, 0);
    assert_int_equal(dl.outlet.end, 0);
    assert_int_equal(dl.span.end, strlen("KYIV – "));

    /* len bounds the scan: the paragraph is only what len says. */
    t = "BAKU, Azerbaijan, Nov.13 and more words";
    assert_true(hr_dateline_scan(t, 24, &dl));
    assert_int_equal(dl.span.end, 24);
    assert_false(hr_dateline_scan(t, 0, &dl));
    assert_false(hr_dateline_scan(NULL, 10, &dl));
    /* out may be NULL when only the answer matters. */
    assert_true(hr_dateline_scan(t, 24, NULL));
}

static void test_dateline_rejects(void **state)
{
    (void)state;
    /* Sentences that open with places. */
    DATELINE_IS("Moscow keeps talking to both capitals.", "none");
    DATELINE_IS("Baku and Yerevan traded blame for the strikes.", "none");
    DATELINE_IS("In 1994, she led a brigade.", "none");
    DATELINE_IS("On October 14, the envoy asked for monitors.", "none");
    DATELINE_IS("Foreign Minister Anna Berg Olsen, during a visit, "
                "spoke.", "none");
    DATELINE_IS("Russia, for its part, will help.", "none");
    DATELINE_IS("Norway, Chile and Kenya - the mediators.",
                "none");
    DATELINE_IS("Georgia, Turkey and Iran signed a memo.", "none");
    DATELINE_IS("Tuesday, October 20 - a long day.", "none");
    DATELINE_IS("October 20 (Reuters) - Talks.", "none");
    DATELINE_IS("The Kremlin (Reuters) - Talks.", "none");
    DATELINE_IS("Nagorno-Karabakh (NKR) - the region is disputed.", "none");
    DATELINE_IS("Nagorno-Karabakh (NKR) is disputed.", "none");
    DATELINE_IS("Baku: Azerbaijan said no.", "none");
    DATELINE_IS("Moscow - the capital.", "none");
    /* Labels, headings, captions, headlines. */
    DATELINE_IS("NOTE: this text was updated.", "none");
    DATELINE_IS("UPDATE - Talks resumed.", "none");
    DATELINE_IS("BREAKING: Shelling resumed.", "none");
    DATELINE_IS("KARABAKH: Fighting continues.", "none");
    DATELINE_IS("RUSSIA TO SEND TROOPS - Officials.", "none");
    DATELINE_IS("Kremlin Says Talks Continue - Sources", "none");
    DATELINE_IS("Photo by the author", "none");
    DATELINE_IS("Latest Headlines", "none");
    DATELINE_IS("Leave a reply", "none");
    DATELINE_IS("By editor", "none");
    DATELINE_IS("Follow us on our channels", "none");
    DATELINE_IS("BAKU", "none");
    DATELINE_IS("Baku, Azerbaijan", "none");
    DATELINE_IS("BAKU –", "none");
    DATELINE_IS("Spain (Group B): 5th time", "none");
    DATELINE_IS("Chile (Group C): Third time", "none");
    DATELINE_IS("Correction, Feb. 2, 2021: An earlier version erred.", "none");
    DATELINE_IS("DEAR READER: Thank you.", "none");
    DATELINE_IS("NEW DELHI: Officials said.", "none");
    DATELINE_IS("FINDINGS--The study was small.", "none");
    DATELINE_IS("GREAT VIEW- Go early.", "none");
    DATELINE_IS("VISIT THIS SHOP - You will like it.", "none");
    DATELINE_IS("Acme (Tools)", "none");
    DATELINE_IS("BAKU - the city", "none");
    DATELINE_IS("Baku (Photo) - A view of the city.", "none");
    DATELINE_IS("WASHINGTON (in English) - Text.", "none");
    DATELINE_IS("Baku/Reuters poll shows a lead.", "none");
    DATELINE_IS("Baku/18.13.23/Turan: bad month.", "none");
    DATELINE_IS("MOSCOW, Feb 30 - No such day.", "none");
    DATELINE_IS("Mr. Smith (AP) - Text.", "none");
    DATELINE_IS("A", "none");
    DATELINE_IS("\"Talks go on,\" a spokesman said.", "none");
    DATELINE_IS("lower case start, Nov.13", "none");
    DATELINE_IS("12 November - a date first.", "none");
    DATELINE_IS("Arxiv şəkli.", "none");
    DATELINE_IS("Əziz oxucular!", "none");
    DATELINE_IS("Уважаемые читатели!", "none");
    DATELINE_IS("ONE TWO THREE FOUR FIVE SIX - Text.", "none");
}

/* ---- timestamps ------------------------------------------------------------ */

static void test_timestamp_forms(void **state)
{
    (void)state;
    TIMESTAMP_IS("South Caucasus politics 5 March 2021 09:15 (UTC +04:00)",
                 "2021-03-05 09:15 +240|5 March 2021 09:15 (UTC +04:00)");
    TIMESTAMP_IS("Published: 13.11.2020", "2020-11-13|13.11.2020");
    TIMESTAMP_IS("November 13, 2020 | 12:34",
                 "2020-11-13 12:34|November 13, 2020 | 12:34");
    TIMESTAMP_IS("2020-11-13 12:34", "2020-11-13 12:34|2020-11-13 12:34");
    TIMESTAMP_IS("13.11.2020, 12:34", "2020-11-13 12:34|13.11.2020, 12:34");
    TIMESTAMP_IS("Posted on March 5, 2021 at 9:15 pm",
                 "2021-03-05 21:15|March 5, 2021 at 9:15 pm");
    TIMESTAMP_IS("12:34, 13 November 2020", "2020-11-13 12:34|12:34, 13 November 2020");
    TIMESTAMP_IS("2020-11-13T12:34:00+04:00",
                 "2020-11-13 12:34 +240|2020-11-13T12:34:00+04:00");
    TIMESTAMP_IS("2020-11-13T08:00Z", "2020-11-13 08:00 +0|2020-11-13T08:00Z");
    TIMESTAMP_IS("By Jane Doe | November 13, 2020",
                 "2020-11-13|November 13, 2020");
    TIMESTAMP_IS("Updated 14.11.2020 18:05 MSK",
                 "2020-11-14 18:05 +180|14.11.2020 18:05 MSK");
    TIMESTAMP_IS("Fri, 13 Nov 2020 12:34 GMT+4",
                 "2020-11-13 w5 12:34 +240|Fri, 13 Nov 2020 12:34 GMT+4");
    TIMESTAMP_IS("13/11/2020 12:34", "2020-11-13 12:34|13/11/2020 12:34");
    TIMESTAMP_IS("11/13/2020", "2020-11-13|11/13/2020");
    TIMESTAMP_IS("Politics | 2 September 2022, 08:00 | Views 1234",
                 "2022-09-02 08:00|2 September 2022, 08:00");
}

static void test_timestamp_rejects(void **state)
{
    (void)state;
    TIMESTAMP_IS("The accord was signed on May 12, 1994.", "none");
    TIMESTAMP_IS("Fighting resumed on 10 November 2020 near the town.",
                 "none");
    TIMESTAMP_IS("The truce took hold at 06:00 on 2 May 2016.", "none");
    TIMESTAMP_IS("Nagorno-Karabakh war began 27 September 2020", "none");
    TIMESTAMP_IS("November 13", "none");
    TIMESTAMP_IS("13 November 12:34", "none");
    TIMESTAMP_IS("Views: 1234", "none");
    TIMESTAMP_IS("05/06/2020", "none");   /* which is the month? */
    TIMESTAMP_IS("Published: 31.11.2020", "none");
    TIMESTAMP_IS("3 May 2019 | 9 June 2019", "none");
    TIMESTAMP_IS("Published: 13.11.2020 Updated: 14.11.2020",
                 "2020-11-13|13.11.2020");
    TIMESTAMP_IS("", "none");
    /* A long paragraph is prose, whatever it holds. */
    char lng[400];
    memset(lng, 'x', sizeof lng);
    memcpy(lng, "13.11.2020 12:34 ", 17);
    lng[sizeof lng - 1] = '\0';
    TIMESTAMP_IS(lng, "none");
    hr_date d;
    assert_false(hr_timestamp_scan(NULL, 10, &d, NULL));
    /* span may be NULL. */
    assert_true(hr_timestamp_scan("Published: 13.11.2020", 21, &d, NULL));
    assert_int_equal(d.hour, -1);
    assert_false(d.has_tz);
}

/* ---- running text ------------------------------------------------------------ */

static void test_dates_scan(void **state)
{
    (void)state;
    DATES_ARE("A spokesman spoke on Tuesday, October 20, about the talks.",
              "Tuesday, October 20=--10-20 w2");
    DATES_ARE("She gave the figure on November 1 in parliament.",
              "November 1=--11-01");
    DATES_ARE("The Nov. 13 deadline and the Nov.14 vote.",
              "Nov. 13=--11-13; Nov.14=--11-14");
    DATES_ARE("Clashes on Sept. 27 and on Sept 28.",
              "Sept. 27=--09-27; Sept 28=--09-28");
    DATES_ARE("It took effect on 10 November 2020 at midnight.",
              "10 November 2020=2020-11-10");
    DATES_ARE("On October 20, 2020, talks resumed.",
              "October 20, 2020=2020-10-20");
    DATES_ARE("the March 16, 1921 treaty", "March 16, 1921=1921-03-16");
    DATES_ARE("Between 9 and 26 October, three truces failed.",
              "26 October=--10-26");
    DATES_ARE("The window [October 16 – November 1] was set.",
              "October 16=--10-16; November 1=--11-01");
    DATES_ARE("until dawn on June 5 (22:00 local time on June 4)",
              "June 5=--06-05; June 4=--06-04");
    DATES_ARE("on the 20th of October and on October 21st",
              "20th of October=--10-20; October 21st=--10-21");
    DATES_ARE("As far back as April 2016 and since May 1994.",
              "April 2016=2016-04; May 1994=1994-05");
    DATES_ARE("Fri, 13 Nov 2020", "Fri, 13 Nov 2020=2020-11-13 w5");
    DATES_ARE("MARCH 8 and March 8", "MARCH 8=--03-08; March 8=--03-08");
    DATES_ARE("It ended on 13 Nov. Then", "13 Nov=--11-13");
    DATES_ARE("13\xC2\xA0November\xC2\xA0" "2020",
              "13\xC2\xA0November\xC2\xA0" "2020=2020-11-13");
    DATES_ARE("Leap: February 29 and February 29, 2020",
              "February 29=--02-29; February 29, 2020=2020-02-29");
    /* Not dates. */
    DATES_ARE("February 30 and October 32 and 31 April", "none");
    DATES_ARE("February 29, 2021", "none");
    DATES_ARE("they may 5 times; march 8 times", "none");
    DATES_ARE("MaRch 8", "none");
    DATES_ARE("RIA Novosti 13 and Jan Smith 5", "none");
    DATES_ARE("3.5 November", "none");
    DATES_ARE("12:30 October", "none");
    DATES_ARE("13km November", "none");
    DATES_ARE("Sun 13", "none");
    DATES_ARE("October", "none");
    DATES_ARE("In 1988-1994, the region changed hands.", "none");
    DATES_ARE("October 20, 1500 troops", "October 20=--10-20");
    DATES_ARE("", "none");
}

static void test_dates_scan_limits(void **state)
{
    (void)state;
    const char *t = "May 1, May 2 and May 3.";
    hr_date_candidate c[3];
    memset(c, 0, sizeof c);
    assert_int_equal(hr_dates_scan(t, strlen(t), c, 2), 2);
    assert_int_equal(c[1].date.day, 2);
    assert_int_equal(c[2].date.day, 0);   /* untouched past max */
    assert_int_equal(hr_dates_scan(t, strlen(t), c, 0), 0);
    assert_int_equal(hr_dates_scan(NULL, 5, c, 3), 0);
    assert_int_equal(hr_dates_scan(t, strlen(t), NULL, 3), 0);
    /* len cuts the text: "May 1" seen up to the "1" only. */
    assert_int_equal(hr_dates_scan(t, 5, c, 3), 1);
    assert_int_equal(c[0].span.end, 5);
    assert_int_equal(hr_dates_scan(t, 4, c, 3), 0);
}

/* ---- documents ------------------------------------------------------------ */

typedef struct {
    hr_ingest_options opt;
    hr_docb b;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || !hr_docb_init(&f->b, &f->opt))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    hr_docb_free(&f->b);
    free(f);
    return 0;
}

/* Begins a document with the given paragraphs (NULL-terminated). */
static hr_docb *doc_of(void **state, const char *const *paras)
{
    fixture *f = *state;
    hr_docb_begin(&f->b, "test.txt", 0, HR_FMT_TEXT);
    for (size_t i = 0; paras[i]; i++)
        assert_true(hr_docb_add_para(&f->b, paras[i], strlen(paras[i]), 0,
                                     "text", 0, NULL, 0));
    return &f->b;
}

/* "how para date 'span text'" for each candidate, joined by "; ". */
static void cands_desc(const hr_document *d, char *out, size_t size)
{
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < d->n_date_candidates && k < size; i++) {
        const hr_date_candidate *c = &d->date_candidates[i];
        char date[64], span[128];
        assert_true(c->para < d->n_paragraphs);
        assert_true(c->span.end <= d->paragraphs[c->para].len);
        span_text(d->paragraphs[c->para].text, c->span, span, sizeof span);
        k += (size_t)snprintf(out + k, size - k, "%s%s %u %s '%s'",
                              i ? "; " : "", c->how, c->para,
                              fmt_date(&c->date, date, sizeof date), span);
    }
}

static void assert_date(const hr_document *d, const char *want,
                        const char *source)
{
    char buf[16];
    assert_string_equal(hr_date_format(&d->date, buf, sizeof buf), want);
    if (source)
        assert_string_equal(d->date_source, source);
    else
        assert_null(d->date_source);
}

static void test_meta_slash_dateline(void **state)
{
    static const char *const p[] = {
        "A view of the river.",
        "Tbilisi/05.03.21/Interpress: Georgian officials said on March 4 "
        "that the border would reopen.",
        "The decision follows talks held earlier this week.", NULL};
    const hr_document *d = hr_docb_finish(doc_of(state, p));
    assert_int_equal(d->dateline_para, 1);
    assert_int_equal(d->dateline.start, 0);
    assert_int_equal(d->dateline.end, strlen("Tbilisi/05.03.21/Interpress: "));
    assert_date(d, "2021-03-05", "dateline");
    assert_string_equal(d->outlet, "Interpress");
    assert_string_equal(d->outlet_source, "dateline");
    char c[512];
    cands_desc(d, c, sizeof c);
    assert_string_equal(c, "dateline 1 2021-03-05 '05.03.21'; "
                           "lead 1 --03-04 'March 4'");
}

static void test_meta_timestamp_and_attribution(void **state)
{
    static const char *const p[] = {
        "Officials reject claims of a secret deal - ministry",
        "South Caucasus politics 5 March 2021 09:15 (UTC +04:00)",
        "BAKU, Azerbaijan, Mar.5",
        "Claims of a secret deal are false, the spokesman told a local "
        "channel on Thursday, Trend reports citing APA.",
        "He added that the talks would go on.", NULL};
    const hr_document *d = hr_docb_finish(doc_of(state, p));
    assert_int_equal(d->dateline_para, 2);
    assert_int_equal(d->dateline.end, strlen(p[2]));
    assert_date(d, "2021-03-05", "timestamp");
    assert_int_equal(d->date.hour, 9);
    assert_int_equal(d->date.minute, 15);
    assert_true(d->date.has_tz);
    assert_int_equal(d->date.tz_minutes, 240);
    assert_string_equal(d->outlet, "Trend");
    assert_string_equal(d->outlet_source, "lead-attribution");
    char c[512];
    cands_desc(d, c, sizeof c);
    assert_string_equal(c, "dateline 2 --03-05 'Mar.5'; "
                           "timestamp 1 2021-03-05 09:15 +240 "
                           "'5 March 2021 09:15 (UTC +04:00)'");
}

static void test_meta_attribution_needs_dateline(void **state)
{
    /* "..., RIA Novosti reports." with no dateline credits another outlet. */
    static const char *const p[] = {
        "The minister said on November 2 that the plan had failed.",
        "The plan has stalled, officials told reporters, RIA Novosti "
        "reports.",
        NULL};
    const hr_document *d = hr_docb_finish(doc_of(state, p));
    assert_int_equal(d->dateline_para, -1);
    assert_null(d->outlet);
    assert_null(d->outlet_source);
    assert_date(d, "", NULL);
    assert_int_equal(d->date.year, 0);
    char c[512];
    cands_desc(d, c, sizeof c);
    assert_string_equal(c, "lead 0 --11-02 'November 2'");
}

static void test_meta_attribution_shapes(void **state)
{
    /* In the dateline's own paragraph, past the dateline. */
    static const char *const p1[] = {
        "KYIV – Three drones were shot down overnight, Ukrinform reported.",
        NULL};
    const hr_document *d = hr_docb_finish(doc_of(state, p1));
    assert_string_equal(d->outlet, "Ukrinform");
    assert_string_equal(d->outlet_source, "lead-attribution");

    /* A lower-case word before the name: a source, not the outlet. */
    static const char *const p2[] = {
        "KYIV – Three drones were shot down, the Defence Ministry reported.",
        NULL};
    d = hr_docb_finish(doc_of(state, p2));
    assert_null(d->outlet);

    /* The outlet of the dateline wins; the attribution is not read. */
    static const char *const p3[] = {
        "KYIV (AP) – Drones were shot down, Ukrinform reported.", NULL};
    d = hr_docb_finish(doc_of(state, p3));
    assert_string_equal(d->outlet, "AP");
    assert_string_equal(d->outlet_source, "dateline");

    /* Only the first body paragraph counts. */
    static const char *const p4[] = {
        "BAKU, Azerbaijan, Mar.5", "The talks went on.",
        "Nothing was agreed, Trend reports.", NULL};
    d = hr_docb_finish(doc_of(state, p4));
    assert_null(d->outlet);

    /* Two-word names; "reports that" is not the wire's tail. */
    static const char *const p5[] = {
        "MOSCOW, Oct 20 – Talks resumed, Interfax Azerbaijan reports.", NULL};
    d = hr_docb_finish(doc_of(state, p5));
    assert_string_equal(d->outlet, "Interfax Azerbaijan");
    static const char *const p6[] = {
        "MOSCOW, Oct 20 – Tass reports that talks resumed.", NULL};
    d = hr_docb_finish(doc_of(state, p6));
    assert_null(d->outlet);
}

static void test_meta_no_year_invented(void **state)
{
    /* A byline and a caption before the lead; the weekday is kept. */
    static const char *const p[] = {
        "Talks on the border dispute will go on, the Kremlin says",
        "Photo by the author", "By staff",
        "Moscow keeps talking to both capitals about a settlement, a "
        "spokesman said on Tuesday, October 20.",
        "A ceasefire was agreed on October 9 in Moscow.",
        "Both sides blamed each other for the breach.", NULL};
    const hr_document *d = hr_docb_finish(doc_of(state, p));
    assert_int_equal(d->dateline_para, -1);
    assert_int_equal(d->date.year, 0);
    assert_date(d, "", NULL);
    char c[512];
    cands_desc(d, c, sizeof c);
    assert_string_equal(c, "lead 3 --10-20 w2 'Tuesday, October 20'; "
                           "lead 4 --10-09 'October 9'");
}

static void test_meta_old_full_date_is_not_publication(void **state)
{
    static const char *const p[] = {
        "Envoys expect a round of talks",
        "SOFIA, (BM) – Over the period [October 3 – October 9] a meeting "
        "was requested, officials say.",
        "Officials cited the March 16, 1921 treaty between the two "
        "states.", NULL};
    const hr_document *d = hr_docb_finish(doc_of(state, p));
    assert_int_equal(d->dateline_para, 1);
    assert_string_equal(d->outlet, "BM");
    assert_int_equal(d->date.year, 0);
    assert_null(d->date_source);
    char c[512];
    cands_desc(d, c, sizeof c);
    assert_string_equal(c, "lead 1 --10-03 'October 3'; "
                           "lead 1 --10-09 'October 9'; "
                           "lead 2 1921-03-16 'March 16, 1921'");
}

static void test_meta_year_from_text(void **state)
{
    static const char *const p[] = {
        "BAKU, Azerbaijan, Oct.20",
        "Shelling was reported overnight.",
        "A truce was agreed in 2020 and broken on October 20, 2020, "
        "officials said.", NULL};
    const hr_document *d = hr_docb_finish(doc_of(state, p));
    assert_date(d, "2020-10-20", "dateline+year-from-text");

    /* A full date with another day is no evidence. */
    static const char *const q[] = {
        "BAKU, Azerbaijan, Oct.20", "Shelling was reported.",
        "A truce was agreed on October 18, 2020.", NULL};
    d = hr_docb_finish(doc_of(state, q));
    assert_int_equal(d->date.year, 0);
    assert_null(d->date_source);

    /* Same day, two years: ambiguous, so no year. */
    static const char *const r[] = {
        "BAKU, Azerbaijan, Oct.20", "Shelling was reported.",
        "As on October 20, 2019, and on October 20, 2020, talks failed.",
        NULL};
    d = hr_docb_finish(doc_of(state, r));
    assert_int_equal(d->date.year, 0);
}

static void test_meta_date_ref(void **state)
{
    fixture *f = *state;
    static const char *const p[] = {"BAKU, Azerbaijan, Nov.13",
                                     "Talks went on.", NULL};
    const hr_document *d;

    f->opt.date_ref = DATE(2020, 11, 12, 0);
    d = hr_docb_finish(doc_of(state, p));
    assert_date(d, "2020-11-13", "dateline+date-ref");   /* ref + 1 day */

    f->opt.date_ref = DATE(2020, 11, 11, 0);
    d = hr_docb_finish(doc_of(state, p));
    assert_date(d, "2019-11-13", "dateline+date-ref");

    f->opt.date_ref = DATE(2021, 0, 0, 0);
    d = hr_docb_finish(doc_of(state, p));
    assert_date(d, "2021-11-13", "dateline+date-ref");

    f->opt.date_ref = DATE(2021, 3, 0, 0);
    d = hr_docb_finish(doc_of(state, p));
    assert_date(d, "2020-11-13", "dateline+date-ref");

    /* December 31 + 1 day reaches into the next year. */
    static const char *const jan[] = {"BAKU, Azerbaijan, Jan.1", NULL};
    f->opt.date_ref = DATE(2020, 12, 31, 0);
    d = hr_docb_finish(doc_of(state, jan));
    assert_date(d, "2021-01-01", "dateline+date-ref");

    /* February 29 goes back to a leap year. */
    static const char *const feb[] = {"BAKU, Azerbaijan, Feb.29", NULL};
    f->opt.date_ref = DATE(2023, 6, 1, 0);
    d = hr_docb_finish(doc_of(state, feb));
    assert_date(d, "2020-02-29", "dateline+date-ref");

    /* A weekday in the dateline must fit the year. */
    static const char *const wd[] = {"TEHRAN, Tuesday, Oct. 20 – Talks.", NULL};
    f->opt.date_ref = DATE(2020, 12, 1, 0);
    d = hr_docb_finish(doc_of(state, wd));
    assert_date(d, "2020-10-20", "dateline+date-ref");
    assert_int_equal(d->date.weekday, 2);
    f->opt.date_ref = DATE(2021, 12, 1, 0);
    d = hr_docb_finish(doc_of(state, wd));   /* 2021-10-20 is a Wednesday */
    assert_int_equal(d->date.year, 0);
    assert_null(d->date_source);

    /* Evidence in the text comes before the reference. */
    static const char *const q[] = {"BAKU, Azerbaijan, Nov.13",
                                    "Talks went on after November 13, 2018.",
                                    NULL};
    f->opt.date_ref = DATE(2020, 0, 0, 0);
    d = hr_docb_finish(doc_of(state, q));
    assert_date(d, "2018-11-13", "dateline+year-from-text");

    /* No reference, no year. */
    f->opt.date_ref = DATE(0, 0, 0, 0);
    d = hr_docb_finish(doc_of(state, p));
    assert_int_equal(d->date.year, 0);
    assert_null(d->date_source);
    char c[256];
    cands_desc(d, c, sizeof c);
    assert_string_equal(c, "dateline 0 --11-13 'Nov.13'");

    /* A lead's month-day is not the publication date, even with a ref. */
    static const char *const r[] = {"Talks went on on November 13.", NULL};
    f->opt.date_ref = DATE(2020, 0, 0, 0);
    d = hr_docb_finish(doc_of(state, r));
    assert_int_equal(d->date.year, 0);
    f->opt.date_ref = DATE(0, 0, 0, 0);
}

static void test_meta_keeps_metadata(void **state)
{
    fixture *f = *state;
    static const char *const p[] = {
        "Yerevan, October 12, 2020 (Armenpress): The cabinet met.", NULL};
    hr_docb *b = doc_of(state, p);
    b->doc.date = DATE(2020, 10, 13, 0);
    b->doc.date.hour = 8;
    b->doc.date.minute = 0;
    b->doc.date.has_tz = true;
    b->doc.date_source = "html-meta";
    b->doc.outlet = "example.am";
    b->doc.outlet_source = "json";
    const hr_document *d = hr_docb_finish(b);
    assert_date(d, "2020-10-13", "html-meta");
    assert_string_equal(d->outlet, "example.am");
    assert_string_equal(d->outlet_source, "json");
    assert_int_equal(d->dateline_para, 0);
    char c[256];
    cands_desc(d, c, sizeof c);
    assert_string_equal(c, "dateline 0 2020-10-12 'October 12, 2020'");
    (void)f;
}

static void test_meta_head_only(void **state)
{
    /* A dateline past the fifth paragraph is not one. */
    static const char *const p[] = {
        "One line.", "Two lines here.", "Three more.", "Four of them.",
        "Five in all.", "WASHINGTON (AP) — Late text.", NULL};
    const hr_document *d = hr_docb_finish(doc_of(state, p));
    assert_int_equal(d->dateline_para, -1);
    assert_null(d->outlet);

    /* The first paragraph that is a dateline wins. */
    static const char *const q[] = {
        "Headline about the talks", "MOSCOW, Oct 20 (Reuters) - Talks began.",
        "WASHINGTON (AP) — Other text.", NULL};
    d = hr_docb_finish(doc_of(state, q));
    assert_int_equal(d->dateline_para, 1);
    assert_string_equal(d->outlet, "Reuters");
    assert_int_equal(d->date.year, 0);

    /* An empty document. */
    static const char *const e[] = {NULL};
    d = hr_docb_finish(doc_of(state, e));
    assert_int_equal(d->dateline_para, -1);
    assert_int_equal(d->n_date_candidates, 0);
}

static void test_meta_dateline_timestamp_same_para(void **state)
{
    /* A timestamp after the dateline in its paragraph, and a lead date. */
    static const char *const p[] = {
        "Kremlin comments on talks",
        "Tbilisi/05.03.21/Interpress: Officials met on March 3.",
        NULL};
    const hr_document *d = hr_docb_finish(doc_of(state, p));
    char c[512];
    cands_desc(d, c, sizeof c);
    assert_string_equal(c, "dateline 1 2021-03-05 '05.03.21'; "
                           "lead 1 --03-03 'March 3'");
    /* The id skips the dateline: the same story without it has the same
     * id. */
    char id1[17];
    memcpy(id1, d->id, sizeof id1);
    static const char *const q[] = {"Kremlin comments on talks",
                                    "Officials met on March 3.", NULL};
    d = hr_docb_finish(doc_of(state, q));
    assert_string_equal(d->id, id1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_parse_iso),
        cmocka_unit_test(test_dateline_forms),
        cmocka_unit_test(test_dateline_span),
        cmocka_unit_test(test_dateline_rejects),
        cmocka_unit_test(test_timestamp_forms),
        cmocka_unit_test(test_timestamp_rejects),
        cmocka_unit_test(test_dates_scan),
        cmocka_unit_test(test_dates_scan_limits),
        cmocka_unit_test_setup_teardown(test_meta_slash_dateline, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_meta_timestamp_and_attribution,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_meta_attribution_needs_dateline,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_meta_attribution_shapes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_meta_no_year_invented, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_meta_old_full_date_is_not_publication, setup, teardown),
        cmocka_unit_test_setup_teardown(test_meta_year_from_text, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_meta_date_ref, setup, teardown),
        cmocka_unit_test_setup_teardown(test_meta_keeps_metadata, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_meta_head_only, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_meta_dateline_timestamp_same_para, setup, teardown),
    };
    return cmocka_run_group_tests_name("dateline", tests, NULL, NULL);
}
