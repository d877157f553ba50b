/* test_timex.c - time expressions: hr_find_times on the forms the resolve
 * stage needs, against publication dates known, partial and unknown, and
 * on input meant to break it; hr_when_format and hr_precision_name.
 *
 * Each row is checked as one string "INPUT => [span] value how; ...", so
 * a failing row names itself and shows all it found. */
#include "testutil.h"

#include <stdio.h>

/* ---- helpers ------------------------------------------------------------ */

static hr_date ymd(int y, int m, int d)
{
    hr_date x;
    memset(&x, 0, sizeof x);
    x.year = (int16_t)y;
    x.month = (int8_t)m;
    x.day = (int8_t)d;
    x.hour = x.minute = -1;
    return x;
}

/* Every expression of text as "[span] value how" (value "-" when it could
 * not be placed; " w2" when a weekday was stated), joined by "; ". */
static void times_desc(const char *text, const hr_date *ref,
                       const hr_date *anchor, char *out, size_t size)
{
    hr_timex tx[32];
    size_t len = strlen(text);
    memset(tx, 0x5a, sizeof tx);
    size_t n = hr_find_times(text, (hr_span){0, (uint32_t)len}, ref, anchor,
                             tx, 32);
    assert_true(n <= 32);
    int k = snprintf(out, size, "%s =>", text);
    if (n == 0)
        snprintf(out + k, size - (size_t)k, " none");
    uint32_t prev = 0;
    for (size_t i = 0; i < n && (size_t)k < size; i++) {
        hr_span sp = tx[i].span;
        assert_true(sp.start < sp.end && sp.end <= len && sp.start >= prev);
        assert_non_null(tx[i].when.how);
        prev = sp.end;
        char v[32];
        hr_when_format(&tx[i].when, v, sizeof v);
        k += snprintf(out + k, size - (size_t)k, "%s [%.*s] %s %s",
                      i ? ";" : "", (int)(sp.end - sp.start), text + sp.start,
                      v[0] ? v : "-", tx[i].when.how);
        if (tx[i].when.from.weekday && (size_t)k < size)
            k += snprintf(out + k, size - (size_t)k, " w%d",
                          tx[i].when.from.weekday);
    }
}

#define TIMES_AT(ref, anchor, text, want)                              \
    do {                                                               \
        char got_[1024], exp_[1024];                                   \
        times_desc(text, ref, anchor, got_, sizeof got_);              \
        snprintf(exp_, sizeof exp_, "%s => %s", text, want);           \
        assert_string_equal(got_, exp_);                               \
    } while (0)

/* Most rows: an article of Tuesday 3 November 2020, no anchor. */
#define TIMES_IS(text, want)                                           \
    do {                                                               \
        hr_date ref_ = ymd(2020, 11, 3);                               \
        TIMES_AT(&ref_, NULL, text, want);                             \
    } while (0)

/* ---- absolute dates ----------------------------------------------------- */

static void test_absolute(void **state)
{
    (void)state;
    TIMES_IS("Talks began on 10 November 2020.",
             "[10 November 2020] 2020-11-10 absolute");
    TIMES_IS("Talks began November 10, 2020, in Moscow.",
             "[November 10, 2020] 2020-11-10 absolute");
    TIMES_IS("It was signed on the 10th of November 2020.",
             "[10th of November 2020] 2020-11-10 absolute");
    TIMES_IS("He said so on Tuesday, 20 October 2020.",
             "[Tuesday, 20 October 2020] 2020-10-20 absolute w2");
    TIMES_IS("The war of 1812 and October 20, 1917.",
             "[October 20, 1917] 1917-10-20 absolute");
}

static void test_numeric(void **state)
{
    (void)state;
    TIMES_IS("Baku 18.10.23 and 18.10.2023.",
             "[18.10.23] 2023-10-18 absolute; [18.10.2023] 2023-10-18 absolute");
    TIMES_IS("On 2020-11-10 and 2020/11/10 they met.",
             "[2020-11-10] 2020-11-10 absolute; [2020/11/10] 2020-11-10 absolute");
    TIMES_IS("Dated 13/11/2020 and 11/13/2020.",
             "[13/11/2020] 2020-11-13 absolute; [11/13/2020] 2020-11-13 absolute");
    /* Which is the day? The numbers do not say, so nothing. */
    TIMES_IS("Dated 03/04/2020.", "none");
    TIMES_IS("Version 2.6.32 and 10.0.0.1 and 1.2.10.", "none");
    TIMES_IS("Invalid 31.02.2020 and 2020-13-01.", "none");
}

static void test_month_day(void **state)
{
    (void)state;
    TIMES_IS("Clashes on Nov. 13, Nov.13 and 13 Nov.",
             "[Nov. 13] 2020-11-13 month-day; [Nov.13] 2020-11-13 month-day; "
             "[13 Nov] 2020-11-13 month-day");
    TIMES_IS("On Tuesday, October 20, troops moved.",
             "[Tuesday, October 20] 2020-10-20 month-day w2");
    TIMES_IS("Fighting resumed October 20.",
             "[October 20] 2020-10-20 month-day");
    TIMES_IS("Sept. 27 and September 27th and the 20th of October.",
             "[Sept. 27] 2020-09-27 month-day; [September 27th] 2020-09-27 "
             "month-day; [20th of October] 2020-10-20 month-day");
    TIMES_IS("Earlier on November 1 the talks failed.",
             "[November 1] 2020-11-01 month-day");
    TIMES_IS("The ceasefire from midnight on October 18 held.",
             "[October 18] 2020-10-18 month-day");
    TIMES_IS("The ALL CAPS NOVEMBER 2 notice.",
             "[NOVEMBER 2] 2020-11-02 month-day");
}

static void test_month_day_year_choice(void **state)
{
    (void)state;
    /* The year that puts it nearest the article: a date more than about
     * two months ahead is last year's. */
    hr_date jan3 = ymd(2021, 1, 3);
    TIMES_AT(&jan3, NULL, "It happened on December 30.",
             "[December 30] 2020-12-30 month-day");
    hr_date dec30 = ymd(2020, 12, 30);
    TIMES_AT(&dec30, NULL, "Talks are set for January 2.",
             "[January 2] 2021-01-02 month-day");
    hr_date nov3 = ymd(2020, 11, 3);
    TIMES_AT(&nov3, NULL, "Elections on December 20 and on February 10.",
             "[December 20] 2020-12-20 month-day; [February 10] 2020-02-10 "
             "month-day");
    /* A year-only reference stands for the whole year. */
    hr_date y2020 = ymd(2020, 0, 0);
    TIMES_AT(&y2020, NULL, "On December 30 and January 2.",
             "[December 30] 2020-12-30 month-day; [January 2] 2020-01-02 "
             "month-day");
}

static void test_leap_years(void **state)
{
    (void)state;
    TIMES_IS("On 29 February 2020 it began.", "[29 February 2020] 2020-02-29 absolute");
    /* 2021 has no February 29; nor does February have 31 days. Neither
     * date is taken, nor the "February 2021" inside them. */
    TIMES_IS("On 29 February 2021 and February 31, 2020.", "none");
    TIMES_IS("On 31 February it rained.", "none");
    /* A year-less February 29 goes to the leap year before. */
    hr_date mar2021 = ymd(2021, 3, 5);
    TIMES_AT(&mar2021, NULL, "Since February 29 nothing moved.",
             "[Since February 29] 2020-02-29/2021-03-05 since");
    hr_date mar2020 = ymd(2020, 3, 1);
    TIMES_AT(&mar2020, NULL, "It was yesterday.", "[yesterday] 2020-02-29 relative");
    hr_date mar2019 = ymd(2019, 3, 1);
    TIMES_AT(&mar2019, NULL, "It was yesterday.", "[yesterday] 2019-02-28 relative");
}

static void test_months_and_years(void **state)
{
    (void)state;
    TIMES_IS("It started in July 2020.", "[July 2020] 2020-07 absolute");
    TIMES_IS("It started in July.", "[July] 2020-07 month");
    TIMES_IS("It started in December and ends in January.",
             "[December] 2020-12 month; [January] 2021-01 month");
    TIMES_IS("In 2016, the four-day war of 2016 broke out.",
             "[2016] 2016 absolute; [2016] 2016 absolute");
    TIMES_IS("Troops left in mid-October and returned by early 2021.",
             "[October] 2020-10 month; [2021] 2021 absolute");
    TIMES_IS("Peace held until 2016, through 2017 and after 2018.",
             "[2016] 2016 absolute; [2017] 2017 absolute; [2018] 2018 absolute");
    TIMES_IS("It was the year 2016.", "[the year 2016] 2016 absolute");
    TIMES_IS("The events of March shook them.", "[March] 2020-03 month");
    TIMES_IS("Last October and next March.",
             "[Last October] 2020-10 relative; [next March] 2021-03 relative");
}

static void test_not_years(void **state)
{
    (void)state;
    TIMES_IS("Some 2020 people and 50,000 tonnes came.", "none");
    TIMES_IS("A total of 2016 soldiers voted by 2016 votes.", "none");
    TIMES_IS("He lives at 1600 Pennsylvania Avenue.", "none");
    TIMES_IS("The 2020 elections cost $2,020 and 3.5 million.", "none");
    TIMES_IS("Meeting at 12:00 local time and at 20:30:15.", "none");
    TIMES_IS("It was 1850 metres in 1850 and in 2150.", "none");
    TIMES_IS("The A320, the F16 and 13km of road.", "none");
    /* "by 2016" with a clause after it is a year. */
    TIMES_IS("By 2016 the talks had stalled.", "[2016] 2016 absolute");
}

static void test_not_months(void **state)
{
    (void)state;
    TIMES_IS("Russia may send troops and thousands march.", "none");
    TIMES_IS("May I say that March was hard?", "none");
    TIMES_IS("Theresa May met Jan Kowalski on a Sunday.", "[Sunday] 2020-11-01 weekday w7");
    TIMES_IS("The March on Washington.", "none");
    TIMES_IS("They may meet in May.", "[May] 2020-05 month");
    TIMES_IS("Thousands march on March 8.", "[March 8] 2020-03-08 month-day");
    /* Outlets named Today are not today. */
    TIMES_IS("Russia Today reported, citing USA Today.", "none");
}

/* ---- relative expressions ------------------------------------------------ */

static void test_relative_days(void **state)
{
    (void)state;
    TIMES_IS("Yesterday and today, tonight and tomorrow.",
             "[Yesterday] 2020-11-02 relative; [today] 2020-11-03 relative; "
             "[tonight] 2020-11-03 relative; [tomorrow] 2020-11-04 relative");
    TIMES_IS("This morning and last night.",
             "[This morning] 2020-11-03 relative; [last night] 2020-11-02 relative");
    TIMES_IS("Three days ago and 10 days ago.",
             "[Three days ago] 2020-10-31 relative; [10 days ago] 2020-10-24 relative");
    TIMES_IS("A week ago, a month ago and two years ago.",
             "[A week ago] 2020-10-27 relative; [a month ago] 2020-10 relative; "
             "[two years ago] 2018 relative");
    TIMES_IS("The day before yesterday and the day after tomorrow.",
             "[The day before yesterday] 2020-11-01 relative; "
             "[the day after tomorrow] 2020-11-05 relative");
}

static void test_weekdays(void **state)
{
    (void)state;
    /* 3 November 2020 is a Tuesday: "on Tuesday" is that day. */
    TIMES_IS("On Tuesday and on Monday and Sunday's vote.",
             "[Tuesday] 2020-11-03 weekday w2; [Monday] 2020-11-02 weekday w1; "
             "[Sunday] 2020-11-01 weekday w7");
    TIMES_IS("On Wednesday talks began.", "[Wednesday] 2020-10-28 weekday w3");
    TIMES_IS("Last Tuesday and next Tuesday.",
             "[Last Tuesday] 2020-10-27 relative w2; [next Tuesday] 2020-11-10 relative w2");
}

static void test_anchor(void **state)
{
    (void)state;
    hr_date ref = ymd(2020, 11, 3), anc = ymd(2020, 10, 17);
    TIMES_AT(&ref, &anc, "The day before, shells fell.",
             "[The day before] 2020-10-16 anchor");
    TIMES_AT(&ref, &anc, "The previous day and a day earlier.",
             "[The previous day] 2020-10-16 anchor; [a day earlier] 2020-10-15 anchor");
    TIMES_AT(&ref, &anc, "The next day, then two days later, a week later.",
             "[The next day] 2020-10-18 anchor; [two days later] 2020-10-20 anchor; "
             "[a week later] 2020-10-27 anchor");
    TIMES_AT(&ref, &anc, "The following morning and the same day.",
             "[The following morning] 2020-10-18 anchor; [the same day] 2020-10-18 anchor");
    /* Without an anchor, the publication date. */
    TIMES_IS("The day before, shells fell.", "[The day before] 2020-11-02 relative");
    /* A day named in the sentence is the anchor of what follows it. */
    TIMES_IS("On October 17 and the day before.",
             "[October 17] 2020-10-17 month-day; [the day before] 2020-10-16 anchor");
    /* "the day before the vote" is relative to the vote: not taken. */
    TIMES_IS("The day before the vote.", "none");
    /* A month-day anchor of unknown year works as such. */
    hr_date md = ymd(0, 3, 1);
    TIMES_AT(NULL, &md, "A day earlier.", "[A day earlier] --02-28 anchor");
}

static void test_periods(void **state)
{
    (void)state;
    TIMES_IS("Last week, this week, next week.",
             "[Last week] 2020-10-26/2020-11-01 relative; [this week] "
             "2020-11-02/2020-11-03 relative; [next week] 2020-11-09/2020-11-15 relative");
    TIMES_IS("Last month, this month, earlier this month, later this month.",
             "[Last month] 2020-10 relative; [this month] 2020-11 relative; "
             "[earlier this month] 2020-11-01/2020-11-02 relative; "
             "[later this month] 2020-11-04/2020-11-30 relative");
    TIMES_IS("Last year, this year, earlier this year, earlier this week.",
             "[Last year] 2019 relative; [this year] 2020 relative; "
             "[earlier this year] 2020-01-01/2020-11-02 relative; "
             "[earlier this week] 2020-11-02/2020-11-02 relative");
    TIMES_IS("Over the past two weeks and in the past 24 hours.",
             "[the past two weeks] 2020-10-20/2020-11-03 period; "
             "[the past 24 hours] 2020-11-02/2020-11-03 period");
    TIMES_IS("During the past week and the last three months.",
             "[the past week] 2020-10-27/2020-11-03 period; "
             "[the last three months] 2020-08-03/2020-11-03 period");
    /* "the last day" is not a period. */
    TIMES_IS("On the last day of talks.", "none");
}

static void test_year_boundaries(void **state)
{
    (void)state;
    hr_date jan1 = ymd(2021, 1, 1);   /* a Friday */
    TIMES_AT(&jan1, NULL, "Yesterday, last week, last month and last year.",
             "[Yesterday] 2020-12-31 relative; [last week] 2020-12-21/2020-12-27 "
             "relative; [last month] 2020-12 relative; [last year] 2020 relative");
    TIMES_AT(&jan1, NULL, "On Thursday and earlier this year.",
             "[Thursday] 2020-12-31 weekday w4; [earlier this year] 2021 relative");
    hr_date dec31 = ymd(2020, 12, 31);
    TIMES_AT(&dec31, NULL, "Tomorrow and next month.",
             "[Tomorrow] 2021-01-01 relative; [next month] 2021-01 relative");
    hr_date jan5 = ymd(2021, 1, 5);
    TIMES_AT(&jan5, NULL, "From December 28 to January 3.",
             "[From December 28 to January 3] 2020-12-28/2021-01-03 range");
}

/* ---- ranges -------------------------------------------------------------- */

static void test_ranges(void **state)
{
    (void)state;
    TIMES_IS("In 1992-1994 and in 1992\u20131994 and the 1948-49 war.",
             "[1992-1994] 1992/1994 range; [1992\u20131994] 1992/1994 range; "
             "[1948-49] 1948/1949 range");
    TIMES_IS("From 9 to 26 October and between 9 and 26 October.",
             "[From 9 to 26 October] 2020-10-09/2020-10-26 range; "
             "[between 9 and 26 October] 2020-10-09/2020-10-26 range");
    TIMES_IS("From October 9 to October 26, October 9-26 and 9\u201326 October.",
             "[From October 9 to October 26] 2020-10-09/2020-10-26 range; "
             "[October 9-26] 2020-10-09/2020-10-26 range; "
             "[9\u201326 October] 2020-10-09/2020-10-26 range");
    TIMES_IS("From 1992 to 1994 and between 1992 and 1994.",
             "[From 1992 to 1994] 1992/1994 range; [between 1992 and 1994] 1992/1994 range");
    TIMES_IS("From July to September 2020 and July\u2013September 2019.",
             "[From July to September 2020] 2020-07/2020-09 range; "
             "[July\u2013September 2019] 2019-07/2019-09 range");
    TIMES_IS("From 9 October 2019 to 2 November 2020.",
             "[From 9 October 2019 to 2 November 2020] 2019-10-09/2020-11-02 range");
    /* Not ranges: a score, a year-month, backwards years. */
    TIMES_IS("A 2-1 win; the 2020-11 budget; 1994-1992.", "none");
}

static void test_since_and_decades(void **state)
{
    (void)state;
    TIMES_IS("Since February 1988 and since 1992.",
             "[Since February 1988] 1988-02/2020-11-03 since; "
             "[since 1992] 1992/2020-11-03 since");
    TIMES_IS("Since October 17 and since last week.",
             "[Since October 17] 2020-10-17/2020-11-03 since; "
             "[since last week] 2020-10-26/2020-11-03 since");
    TIMES_IS("Since then nothing changed.", "none");
    TIMES_IS("In the 1990s and the 2000s and the 1990's.",
             "[the 1990s] 1990/1999 decade; [the 2000s] 2000/2009 decade; "
             "[the 1990's] 1990/1999 decade");
}

static void test_bracketed(void **state)
{
    (void)state;
    TIMES_IS("Clashes this week [October 16 \u2013 November 1 \u2013 ed.] went on.",
             "[this week [October 16 \u2013 November 1 \u2013 ed.]] "
             "2020-10-16/2020-11-01 bracketed");
    TIMES_IS("Last week (Oct. 19-25) they met.",
             "[Last week (Oct. 19-25)] 2020-10-19/2020-10-25 bracketed");
    /* Brackets with something else in them change nothing. */
    TIMES_IS("This week [sic] they met.", "[This week] 2020-11-02/2020-11-03 relative");
}

static void test_not_dates(void **state)
{
    (void)state;
    TIMES_IS("The fighting lasted for 44 days in a four-day war.", "none");
    TIMES_IS("He spoke for two days and 3 hours.", "none");
    TIMES_IS("", "none");
    TIMES_IS("Score: 3-2, 10:30, 1/2, 9/11.", "none");
}

/* ---- unknown and partial publication dates ------------------------------ */

static void test_ref_unknown(void **state)
{
    (void)state;
    hr_date zero = ymd(0, 0, 0);
    /* A month-day keeps year 0 and the weekday stated, for the resolve
     * stage to infer the year. */
    TIMES_AT(&zero, NULL, "On Tuesday, October 20, troops moved.",
             "[Tuesday, October 20] --10-20 month-day w2");
    TIMES_AT(NULL, NULL, "In July and from 9 to 26 October.",
             "[July] --07 month; [from 9 to 26 October] --10-09/--10-26 range");
    /* What needs the publication date is found, but not placed. */
    TIMES_AT(&zero, NULL, "On Tuesday, yesterday, last week, this year.",
             "[Tuesday] - weekday w2; [yesterday] - relative; [last week] - "
             "relative; [this year] - relative");
    TIMES_AT(&zero, NULL, "Since February 1988, in 2016.",
             "[Since February 1988] 1988-02/.. since; [2016] 2016 absolute");
    /* A month-day reference without a year: days, not weeks. */
    hr_date md = ymd(0, 11, 13);
    TIMES_AT(&md, NULL, "Yesterday and three days ago, on Friday.",
             "[Yesterday] --11-12 relative; [three days ago] --11-10 relative; "
             "[Friday] - weekday w5");
    /* A year-only reference: years and months, not days. */
    hr_date y = ymd(2020, 0, 0);
    TIMES_AT(&y, NULL, "Last year, yesterday, in July.",
             "[Last year] 2019 relative; [yesterday] - relative; [July] 2020-07 month");
}

/* ---- spans, limits, hostile input --------------------------------------- */

static void test_span_and_limits(void **state)
{
    (void)state;
    /* Only text[span] is read: the dates outside it are not seen. */
    const char *text = "On 1 May 2019. Talks on Tuesday ended. On 2 May 2019.";
    hr_date ref = ymd(2020, 11, 3);
    hr_timex tx[8];
    size_t n = hr_find_times(text, (hr_span){15, 38}, &ref, NULL, tx, 8);
    assert_int_equal(n, 1);
    assert_int_equal(tx[0].span.start, 24);
    assert_int_equal(tx[0].span.end, 31);
    /* At most max are written. */
    n = hr_find_times("Yesterday, today and tomorrow.", (hr_span){0, 30}, &ref,
                      NULL, tx, 2);
    assert_int_equal(n, 2);
    assert_int_equal(hr_find_times(text, (hr_span){0, 10}, &ref, NULL, tx, 0), 0);
    assert_int_equal(hr_find_times(NULL, (hr_span){0, 10}, &ref, NULL, tx, 8), 0);
    assert_int_equal(hr_find_times(text, (hr_span){10, 10}, &ref, NULL, tx, 8), 0);
    /* A span ending inside a word does not read past it. */
    char cut[] = {'O', 'n', ' ', 'T', 'u', 'e', 's', 'd', 'a', 'y'};
    n = hr_find_times(cut, (hr_span){0, 10}, &ref, NULL, tx, 8);
    assert_int_equal(n, 1);
    n = hr_find_times(cut, (hr_span){0, 9}, &ref, NULL, tx, 8);
    assert_int_equal(n, 0);
}

static void test_hostile(void **state)
{
    (void)state;
    hr_date ref = ymd(2020, 11, 3);
    /* 100,000 times "on Tuesday ": all found when room is given. */
    const char *unit = "on Tuesday ";
    size_t ul = strlen(unit), reps = 100000;
    char *big = malloc(ul * reps + 1);
    assert_non_null(big);
    for (size_t i = 0; i < reps; i++)
        memcpy(big + i * ul, unit, ul);
    big[ul * reps] = '\0';
    hr_timex *tx = malloc(sizeof *tx * reps);
    assert_non_null(tx);
    size_t n = hr_find_times(big, (hr_span){0, (uint32_t)(ul * reps)}, &ref,
                             NULL, tx, reps);
    assert_int_equal(n, reps);
    assert_int_equal(tx[reps - 1].span.start, (reps - 1) * ul + 3);
    assert_int_equal(tx[reps - 1].when.from.day, 3);

    /* A million digits, with dots, dashes and colons among them. */
    size_t dl = 1000000;
    char *digits = malloc(dl);
    assert_non_null(digits);
    for (size_t i = 0; i < dl; i++)
        digits[i] = (char)('0' + i % 10);
    n = hr_find_times(digits, (hr_span){0, (uint32_t)dl}, &ref, NULL, tx, 16);
    assert_int_equal(n, 0);
    for (size_t i = 3; i < dl; i += 4)
        digits[i] = ".-/:"[(i / 4) % 4];
    n = hr_find_times(digits, (hr_span){0, (uint32_t)dl}, &ref, NULL, tx, 16);
    assert_true(n <= 16);
    free(digits);

    /* Invalid UTF-8 and stray bytes around a date. */
    static const char bad[] = "\xff\xfe On \xc3 Tuesday \xe2\x80 in 2016\xc3\xa9 "
                              "\xe2\x80\x93\xe2 October\xc2\xa0" "20 \xf0\x9f\x98";
    n = hr_find_times(bad, (hr_span){0, (uint32_t)strlen(bad)}, &ref, NULL, tx, 16);
    char got[256];
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        char v[32];
        hr_when_format(&tx[i].when, v, sizeof v);
        k += snprintf(got + k, sizeof got - (size_t)k, "%s%s", i ? " " : "", v);
    }
    got[k] = '\0';
    assert_string_equal(got, "2020-11-03 2020-10-20");

    /* Every byte value, in a long run of words and numbers. */
    size_t bl = 1 << 16;
    char *noise = malloc(bl);
    assert_non_null(noise);
    uint32_t x = 12345;
    for (size_t i = 0; i < bl; i++) {
        x = x * 1103515245u + 12345u;
        noise[i] = (char)(x >> 16);
    }
    n = hr_find_times(noise, (hr_span){0, (uint32_t)bl}, &ref, NULL, tx, reps);
    for (size_t i = 0; i < n; i++)
        assert_true(tx[i].span.end <= bl && tx[i].span.start < tx[i].span.end);
    free(noise);
    free(tx);
    free(big);
}

/* ---- formatting --------------------------------------------------------- */

static void test_format(void **state)
{
    (void)state;
    char buf[24];
    hr_when w;
    memset(&w, 0, sizeof w);
    assert_string_equal(hr_when_format(&w, buf, sizeof buf), "");
    w.precision = HR_PREC_DAY;
    w.from = w.to = ymd(2020, 10, 20);
    assert_string_equal(hr_when_format(&w, buf, sizeof buf), "2020-10-20");
    w.precision = HR_PREC_MONTH;
    w.from = w.to = ymd(2020, 10, 0);
    assert_string_equal(hr_when_format(&w, buf, sizeof buf), "2020-10");
    w.from = w.to = ymd(0, 7, 0);
    assert_string_equal(hr_when_format(&w, buf, sizeof buf), "--07");
    w.precision = HR_PREC_YEAR;
    w.from = w.to = ymd(2020, 0, 0);
    assert_string_equal(hr_when_format(&w, buf, sizeof buf), "2020");
    w.precision = HR_PREC_DAY;
    w.from = w.to = ymd(0, 10, 20);
    assert_string_equal(hr_when_format(&w, buf, sizeof buf), "--10-20");
    w.precision = HR_PREC_RANGE;
    w.from = ymd(1988, 2, 0);
    w.to = ymd(2020, 11, 1);
    assert_string_equal(hr_when_format(&w, buf, sizeof buf), "1988-02/2020-11-01");
    w.from = ymd(1992, 0, 0);
    w.to = ymd(1994, 0, 0);
    assert_string_equal(hr_when_format(&w, buf, sizeof buf), "1992/1994");
    w.to = ymd(0, 0, 0);
    assert_string_equal(hr_when_format(&w, buf, sizeof buf), "1992/..");
    w.from = ymd(2019, 10, 9);
    w.to = ymd(2020, 11, 2);
    assert_string_equal(hr_when_format(&w, buf, sizeof buf), "2019-10-09/2020-11-02");
    /* A small buffer is cut, never overrun. */
    char tiny[6];
    hr_when_format(&w, tiny, sizeof tiny);
    assert_true(strlen(tiny) < sizeof tiny);
    assert_null(hr_when_format(&w, NULL, 10));

    assert_string_equal(hr_precision_name(HR_PREC_NONE), "");
    assert_string_equal(hr_precision_name(HR_PREC_DAY), "day");
    assert_string_equal(hr_precision_name(HR_PREC_MONTH), "month");
    assert_string_equal(hr_precision_name(HR_PREC_YEAR), "year");
    assert_string_equal(hr_precision_name(HR_PREC_RANGE), "range");
}

/* The month and weekday names shared with the ingest stage. */
static void test_names(void **state)
{
    (void)state;
    bool abbr = true;
    assert_int_equal(hr_month_name("May", 3, &abbr), 5);
    assert_false(abbr);
    assert_int_equal(hr_month_name("Sept", 4, &abbr), 9);
    assert_true(abbr);
    assert_int_equal(hr_month_name("NOVEMBER", 8, NULL), 11);
    assert_int_equal(hr_month_name("Novem", 5, NULL), 0);
    assert_int_equal(hr_month_name("Ma", 2, NULL), 0);
    assert_int_equal(hr_weekday_name("Thurs", 5, &abbr), 4);
    assert_true(abbr);
    assert_int_equal(hr_weekday_name("sunday", 6, &abbr), 7);
    assert_false(abbr);
    assert_int_equal(hr_weekday_name("Sundays", 7, NULL), 0);
    assert_int_equal(hr_days_in_month(2021, 2), 28);
    assert_int_equal(hr_days_in_month(2000, 2), 29);
    assert_int_equal(hr_days_in_month(1900, 2), 28);
    assert_int_equal(hr_days_in_month(0, 2), 29);
    assert_int_equal(hr_days_in_month(2020, 13), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_absolute),
        cmocka_unit_test(test_numeric),
        cmocka_unit_test(test_month_day),
        cmocka_unit_test(test_month_day_year_choice),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_months_and_years),
        cmocka_unit_test(test_not_years),
        cmocka_unit_test(test_not_months),
        cmocka_unit_test(test_relative_days),
        cmocka_unit_test(test_weekdays),
        cmocka_unit_test(test_anchor),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_year_boundaries),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_since_and_decades),
        cmocka_unit_test(test_bracketed),
        cmocka_unit_test(test_not_dates),
        cmocka_unit_test(test_ref_unknown),
        cmocka_unit_test(test_span_and_limits),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests_name("timex", tests, NULL, NULL);
}
