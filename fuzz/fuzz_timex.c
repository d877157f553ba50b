/* fuzz_timex.c - arbitrary bytes into the time-expression finder.
 *
 * The first two bytes choose the publication date (none, a year, a
 * year-month, a full date, a month-day without year) and the anchor; the
 * rest, copied to exactly its size so that ASan sees a read past it, is
 * the sentence. Every expression must lie inside the sentence, in order,
 * with a `how`, real dates at its precision and a formatted value that
 * fits the documented 24 bytes. A violation aborts. */
#include "herald.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static hr_date pick_date(uint8_t k)
{
    hr_date d;
    memset(&d, 0, sizeof d);
    d.hour = d.minute = -1;
    switch (k & 7) {
    case 0: /* none */
        break;
    case 1:
        d.year = (int16_t)(1990 + (k >> 3));
        break;
    case 2:
        d.year = (int16_t)(1990 + (k >> 3));
        d.month = (int8_t)(1 + (k >> 3) % 12);
        break;
    case 3: /* a month-day without year, February 29 among them */
        d.month = (int8_t)(1 + (k >> 3) % 3);
        d.day = (int8_t)(k & 8 ? 29 : 1 + (k >> 4));
        break;
    default: /* full dates, around year ends and leap days */
        d.year = (int16_t)(1999 + (k >> 6) * 7);
        d.month = (int8_t)((k & 8) ? 12 : (k & 16) ? 2 : 3);
        d.day = (int8_t)((k & 8) ? 31 : (k & 16) ? 28 + ((k >> 5) & 1) : 1);
        if (!hr_date_weekday(d.year, d.month, d.day))
            d.day = 28;
    }
    return d;
}

static void check_date(const hr_date *d)
{
    if (d->year < 0 || d->year > 9999 || d->month < 0 || d->month > 12 ||
        d->day < 0 || d->day > 31 || d->weekday < 0 || d->weekday > 7)
        abort();
    if (d->day && !d->month)
        abort();
    if (d->year && d->month && d->day &&
        !hr_date_weekday(d->year, d->month, d->day))
        abort();
    if (!d->year && d->month && d->day &&
        !hr_date_weekday(2000, d->month, d->day))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    hr_date ref = pick_date(data[0]), anchor = pick_date(data[1]);
    size_t len = size - 2;
    char *text = malloc(len ? len : 1);
    if (!text)
        return 0;
    memcpy(text, data + 2, len);
    hr_timex tx[64];
    size_t n = hr_find_times(text, (hr_span){0, (uint32_t)len},
                             data[0] & 0x80 ? NULL : &ref,
                             data[1] & 0x80 ? NULL : &anchor, tx, 64);
    if (n > 64)
        abort();
    uint32_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        const hr_timex *t = &tx[i];
        if (t->span.start < prev || t->span.start >= t->span.end ||
            t->span.end > len || !t->when.how)
            abort();
        prev = t->span.end;
        check_date(&t->when.from);
        check_date(&t->when.to);
        char buf[24];
        hr_when_format(&t->when, buf, sizeof buf);
        if (strlen(buf) > 22)
            abort();
        if (t->when.precision != HR_PREC_NONE &&
            t->when.precision != HR_PREC_RANGE && !buf[0])
            abort();
        if (!hr_precision_name(t->when.precision))
            abort();
    }
    free(text);
    return 0;
}
