/* fuzz_dateline.c - arbitrary bytes into the date and dateline readers.
 *
 * The whole input goes to the three text scanners and to the ISO/RFC
 * parser as it is (not NUL-terminated, so reads past len show up under
 * ASan); then its lines become the paragraphs of a document for
 * hr_meta_from_text, with the first byte choosing a reference date. Every
 * span must lie inside its text and every date must be a real one; a
 * violation aborts. */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_span(hr_span s, size_t len)
{
    if (s.start > s.end || s.end > len)
        abort();
}

static void check_date(const hr_date *d)
{
    if (d->month < 0 || d->month > 12 || d->day < 0 || d->day > 31 ||
        d->weekday < 0 || d->weekday > 7 || d->year < 0 || d->year > 9999)
        abort();
    if (d->day && !d->month)
        abort();
    if (d->year && d->month && d->day &&
        !hr_date_weekday(d->year, d->month, d->day))
        abort();
    if (!d->year && d->month && d->day &&
        !hr_date_weekday(2000, d->month, d->day))   /* a leap year */
        abort();
    if (d->hour < -1 || d->hour > 23 || d->minute < -1 || d->minute > 59 ||
        (d->hour < 0) != (d->minute < 0))
        abort();
    if (d->has_tz && (d->tz_minutes < -18 * 60 || d->tz_minutes > 18 * 60))
        abort();
    char buf[11];
    hr_date_format(d, buf, sizeof buf);
    if (strlen(buf) > 10)
        abort();
}

static void scan_all(const char *text, size_t len)
{
    hr_dateline dl;
    if (hr_dateline_scan(text, len, &dl)) {
        check_span(dl.span, len);
        if (dl.span.end == dl.span.start)
            abort();
        if (dl.place.start < dl.span.start || dl.place.end > dl.span.end ||
            dl.place.start >= dl.place.end)
            abort();
        check_span(dl.outlet, dl.span.end);
        check_date(&dl.date);
    }

    hr_date d;
    hr_span sp;
    if (hr_timestamp_scan(text, len, &d, &sp)) {
        check_span(sp, len);
        if (sp.start == sp.end || !d.year || !d.month || !d.day)
            abort();
        check_date(&d);
    }

    hr_date_candidate c[16];
    size_t n = hr_dates_scan(text, len, c, 16);
    if (n > 16)
        abort();
    uint32_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        check_span(c[i].span, len);
        if (c[i].span.start < prev || c[i].span.start == c[i].span.end ||
            !c[i].date.month)
            abort();
        check_date(&c[i].date);
        prev = c[i].span.end;
    }

    if (hr_date_parse_iso(text, len, &d))
        check_date(&d);
}

static void meta(const uint8_t *data, size_t size)
{
    hr_ingest_options opt;
    memset(&opt, 0, sizeof opt);
    /* The first byte: no reference, a year, or a full date. */
    uint8_t k = size ? data[0] : 0;
    if (k & 1) {
        opt.date_ref.year = (int16_t)(1990 + (k >> 3));
        opt.date_ref.month = (int8_t)((k & 2) ? 1 + (k >> 4) % 12 : 0);
        opt.date_ref.day = (int8_t)((k & 4) ? 1 + (k >> 2) % 31 : 0);
    }
    hr_docb b;
    if (!hr_docb_init(&b, &opt))
        return;
    hr_docb_begin(&b, "fuzz", 1, HR_FMT_TEXT);
    const char *s = (const char *)data + (size ? 1 : 0);
    size_t len = size ? size - 1 : 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len;
        hr_docb_add_para(&b, s + i, e - i, i, "text", 0, NULL, 0);
        i = e + 1;
    }
    const hr_document *doc = hr_docb_finish(&b);
    if (doc->dateline_para >= 0) {
        if ((size_t)doc->dateline_para >= doc->n_paragraphs)
            abort();
        check_span(doc->dateline, doc->paragraphs[doc->dateline_para].len);
    }
    check_date(&doc->date);
    if (doc->date.year && !doc->date_source)
        abort();
    for (size_t i = 0; i < doc->n_date_candidates; i++) {
        const hr_date_candidate *c = &doc->date_candidates[i];
        if (c->para >= doc->n_paragraphs || !c->how)
            abort();
        check_span(c->span, doc->paragraphs[c->para].len);
        check_date(&c->date);
    }
    if (doc->outlet && (!doc->outlet_source || !doc->outlet[0]))
        abort();
    hr_docb_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly size bytes: ASan catches a read one past it. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);
    scan_all(text, size);
    free(text);
    meta(data, size);
    return 0;
}
