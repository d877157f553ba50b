/* fuzz_events.c - arbitrary bytes read as plain text and taken through the
 * whole event pipeline: clean, code, resolve and aggregate, with Herald's
 * own dictionaries. Checks that every mention's spans stay inside its
 * paragraph, that dates are well formed, and that every mention ends up in
 * exactly one event. */
#include "herald.h"

#include <stdlib.h>
#include <string.h>

static hr_dict *dict;
static hr_verbs *verbs;
static hr_coder *coder;
static hr_resolver *resolver;
static hr_splitter *sp;

static void setup(void)
{
    hr_error err;
    dict = hr_dict_new(0, NULL, NULL, &err);
    if (!dict || hr_dict_finish(dict, &err) != HR_OK)
        abort();
    verbs = hr_verbs_new(0, NULL, NULL, &err);
    if (!verbs || hr_verbs_finish(verbs, &err) != HR_OK)
        abort();
    coder = hr_coder_new(dict, verbs, &err);
    resolver = hr_resolver_new(dict, NULL, &err);
    sp = hr_splitter_new();
    if (!coder || !resolver || !sp)
        abort();
}

static void check_when(const hr_when *w)
{
    const hr_date *d[] = {&w->from, &w->to};
    for (int i = 0; i < 2; i++)
        if (d[i]->month < 0 || d[i]->month > 12 || d[i]->day < 0 || d[i]->day > 31)
            abort();
    if (w->precision != HR_PREC_NONE && !w->how)
        abort();
}

static void check_span(hr_span s, size_t len)
{
    if (s.start > s.end || s.end > len)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dict)
        setup();
    hr_ingest_options opt = {.format = HR_FMT_TEXT, .max_record = 1 << 16};
    hr_ingest *in = hr_ingest_new(&opt);
    hr_cleaner *cl = hr_cleaner_new(NULL, NULL);
    hr_aggregator *agg = hr_aggregator_new(0, NULL);
    if (!in || !cl || !agg)
        abort();
    hr_ingest_add_buffer(in, "fuzz.txt", data, size);
    size_t total = 0;
    for (int i = 0; i < 1000; i++) {
        hr_document *d;
        hr_error err;
        hr_status st = hr_ingest_next(in, &d, &err);
        if (st == HR_END)
            break;
        if (st != HR_OK || hr_clean(cl, d, &err) != HR_OK)
            continue;
        hr_mention *m;
        size_t n = hr_code_document(coder, d, sp, &m);
        hr_doc_info info;
        if (hr_resolve_document(resolver, d, sp, m, n, &info, &err) != HR_OK)
            abort();
        for (size_t k = 0; k < n; k++) {
            size_t len = d->paragraphs[m[k].para].len;
            check_span(m[k].sentence_span, len);
            check_span(m[k].source, len);
            check_span(m[k].target, len);
            check_span(m[k].verb, len);
            check_span(m[k].when_span, len);
            for (uint8_t v = 0; v < m[k].n_via; v++)
                check_span(m[k].via[v], len);
            check_when(&m[k].when);
        }
        if (hr_aggregate_add(agg, d, &info, m, n, &err) != HR_OK)
            abort();
        total += n;
    }
    const hr_event *ev;
    size_t ne = hr_aggregate_events(agg, &ev);
    size_t held = 0;
    for (size_t i = 0; i < ne; i++) {
        held += ev[i].n_sources;
        check_when(&ev[i].when);
        if (ev[i].mentions + ev[i].repeats != ev[i].n_sources ||
            (ev[i].disputed_with >= 0 && (size_t)ev[i].disputed_with >= ne))
            abort();
    }
    if (held != total)
        abort();
    hr_aggregator_free(agg);
    hr_cleaner_free(cl);
    hr_ingest_free(in);
    return 0;
}
