/* test_aggregate.c - the aggregate stage: which mentions become one event,
 * the counts, repeats, claims, disputes, background, and that the result
 * does not depend on the order documents were added. */
#include "testutil.h"

#include <stdio.h>

/* A one-paragraph document of one outlet. */
typedef struct tdoc {
    hr_document d;
    hr_paragraph p;
} tdoc;

static void make_doc(tdoc *t, const char *id, const char *outlet, const char *date,
                     const char *text)
{
    memset(t, 0, sizeof *t);
    snprintf(t->d.id, sizeof t->d.id, "%.16s", id);
    t->d.outlet = outlet;
    t->d.url = outlet;
    hr_date_parse_iso(date, strlen(date), &t->d.date);
    t->p.text = text;
    t->p.len = strlen(text);
    t->d.paragraphs = &t->p;
    t->d.n_paragraphs = 1;
}

static hr_when day(int y, int m, int d, const char *how)
{
    hr_when w = {0};
    w.from.year = w.to.year = (int16_t)y;
    w.from.month = w.to.month = (int8_t)m;
    w.from.day = w.to.day = (int8_t)d;
    w.precision = d ? HR_PREC_DAY : m ? HR_PREC_MONTH : HR_PREC_YEAR;
    w.how = how;
    return w;
}

static hr_mention mention(const char *src, const char *code, const char *tgt, hr_when w,
                          const char *text)
{
    hr_mention m;
    memset(&m, 0, sizeof m);
    snprintf(m.source_code, sizeof m.source_code, "%s", src);
    snprintf(m.target_code, sizeof m.target_code, "%s", tgt);
    snprintf(m.code, sizeof m.code, "%s", code);
    memcpy(m.root, code, 2);
    m.quad = code[0] == '1' && code[1] >= '8' ? 4 : 1;
    m.goldstein = code[0] == '1' && code[1] >= '8' ? -10 : 3;
    m.when = w;
    m.sentence_span.end = (uint32_t)strlen(text);
    m.verb.start = 0;
    m.verb.end = 4;
    return m;
}

static const hr_event *find(const hr_event *ev, size_t n, const char *src, const char *code,
                            const char *tgt)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ev[i].source, src) && !strcmp(ev[i].code, code) &&
            !strcmp(ev[i].target, tgt))
            return &ev[i];
    return NULL;
}

static const char T1[] = "Azerbaijani forces shelled Stepanakert on Sunday.";
static const char T2[] = "Azerbaijan shelled Stepanakert, officials said.";

static void test_same_event_from_two_outlets(void **state)
{
    (void)state;
    hr_aggregator *a = hr_aggregator_new(0, NULL);
    assert_non_null(a);
    tdoc d1, d2;
    make_doc(&d1, "0000000000000001", "Outlet One", "2020-10-05", T1);
    make_doc(&d2, "0000000000000002", "Outlet Two", "2020-10-05", T2);
    hr_mention m1 = mention("AZEMIL", "195", "AZESEP", day(2020, 10, 4, "weekday"), T1);
    hr_mention m2 = mention("AZE", "195", "AZESEP", day(2020, 10, 5, "document"), T2);
    assert_int_equal(hr_aggregate_add(a, &d1.d, NULL, &m1, 1, NULL), HR_OK);
    assert_int_equal(hr_aggregate_add(a, &d2.d, NULL, &m2, 1, NULL), HR_OK);
    const hr_event *ev;
    size_t n = hr_aggregate_events(a, &ev);
    assert_int_equal(n, 1);
    assert_int_equal(ev[0].mentions, 2);
    assert_int_equal(ev[0].articles, 2);
    assert_int_equal(ev[0].outlets, 2);
    assert_int_equal(ev[0].repeats, 0);
    /* the most precise date leads: the day the text names */
    assert_int_equal(ev[0].when.from.day, 4);
    assert_int_equal(ev[0].n_sources, 2);
    assert_string_equal(ev[0].sources[0].text, T1);
    assert_int_equal(ev[0].first_seen.day, 5);
    assert_int_equal(strlen(ev[0].id), 16);
    hr_aggregator_free(a);
}

static void test_dates_places_and_codes_split_events(void **state)
{
    (void)state;
    hr_aggregator *a = hr_aggregator_new(HR_AGG_NO_TEXT, NULL);
    tdoc d;
    make_doc(&d, "00000000000000aa", "Wire", "2020-10-20", T1);
    hr_place p1 = {.name = "Stepanakert", .country = "AZE"};
    hr_place p2 = {.name = "Ganja", .country = "AZE"};
    hr_mention m[8];
    m[0] = mention("AZE", "190", "ARM", day(2020, 10, 9, "absolute"), T1);
    m[1] = mention("AZE", "190", "ARM", day(2020, 10, 11, "absolute"), T1);  /* other day */
    m[2] = mention("AZE", "190", "ARM", day(2020, 10, 0, "month"), T1);      /* in the month */
    m[3] = mention("AZE", "193", "ARM", day(2020, 10, 9, "absolute"), T1);   /* other base */
    m[4] = mention("AZE", "1901", "ARM", day(2020, 10, 9, "absolute"), T1);  /* same base */
    m[5] = mention("ARM", "190", "AZE", day(2020, 10, 9, "absolute"), T1);   /* reversed */
    m[6] = mention("AZE", "195", "ARM", day(2020, 10, 9, "absolute"), T1);
    m[6].place = &p1;
    m[7] = mention("AZE", "195", "ARM", day(2020, 10, 9, "absolute"), T1);
    m[7].place = &p2;                                                        /* other place */
    for (int i = 0; i < 8; i++)
        m[i].sentence = (uint32_t)i;
    assert_int_equal(hr_aggregate_add(a, &d.d, NULL, m, 8, NULL), HR_OK);
    const hr_event *ev;
    size_t n = hr_aggregate_events(a, &ev);
    /* 9th+11th+month(joins the 9th), 193, reversed, two places */
    assert_int_equal(n, 6);
    size_t on9 = 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ev[i].source, "AZE") && !strncmp(ev[i].code, "190", 3) &&
            ev[i].when.from.day == 9) {
            on9++;
            assert_int_equal(ev[i].mentions, 3);
            assert_null(ev[i].sources[0].text);   /* HR_AGG_NO_TEXT */
        }
    assert_int_equal(on9, 1);
    hr_aggregator_free(a);
}

static void test_yearless_dates_meet_dated_ones(void **state)
{
    (void)state;
    hr_aggregator *a = hr_aggregator_new(0, NULL);
    tdoc d1, d2;
    make_doc(&d1, "0000000000000001", "A", "2020-10-20", T1);
    make_doc(&d2, "0000000000000002", "B", "", T2);
    hr_mention m1 = mention("AZE", "0871", "ARM", day(2020, 10, 10, "absolute"), T1);
    hr_mention m2 = mention("ARM", "0871", "AZE", day(0, 10, 10, "month-day"), T2);
    hr_mention m3 = mention("AZE", "087", "ARM", day(0, 10, 10, "month-day"), T2);
    hr_mention m4 = mention("AZE", "0871", "ARM", day(0, 10, 17, "month-day"), T2);
    hr_mention mm[] = {m2, m3, m4};
    hr_aggregate_add(a, &d1.d, NULL, &m1, 1, NULL);
    hr_aggregate_add(a, &d2.d, NULL, mm, 3, NULL);
    const hr_event *ev;
    size_t n = hr_aggregate_events(a, &ev);
    assert_int_equal(n, 3);
    int seen = 0;
    for (size_t i = 0; i < n; i++) {
        const hr_event *e = &ev[i];
        if (!strcmp(e->source, "AZE") && e->when.from.day == 10) {
            assert_int_equal(e->mentions, 2);   /* 0871 and 087 on --10-10 */
            assert_int_equal(e->articles, 2);
            assert_int_equal(e->when.from.year, 2020);   /* the dated one leads */
            seen |= 1;
        } else if (!strcmp(e->source, "AZE")) {
            assert_int_equal(e->when.from.day, 17);
            assert_int_equal(e->when.from.year, 0);
            assert_int_equal(e->mentions, 1);
            seen |= 2;
        } else {
            assert_string_equal(e->source, "ARM");
            seen |= 4;
        }
    }
    assert_int_equal(seen, 7);
    hr_aggregator_free(a);
}

static void test_repeats_are_not_new_sources(void **state)
{
    (void)state;
    hr_aggregator *a = hr_aggregator_new(0, NULL);
    tdoc d1, d2, d3;
    make_doc(&d1, "0000000000000001", "A", "2020-10-20", T1);
    make_doc(&d2, "0000000000000002", "B", "2020-10-21", T1);
    make_doc(&d3, "0000000000000001", "C", "2020-10-22", T1);
    d3.d.dup = HR_DUP_EXACT;
    hr_mention m1 = mention("RUS", "0871", "ARM", day(2020, 10, 10, "absolute"), T1);
    hr_mention m2 = m1, m3 = m1;
    m2.flags |= HR_EV_REPEAT | HR_EV_BACKGROUND;     /* a repeated paragraph */
    m3.flags |= HR_EV_REPEAT;                        /* a duplicate document */
    hr_aggregate_add(a, &d1.d, NULL, &m1, 1, NULL);
    hr_aggregate_add(a, &d2.d, NULL, &m2, 1, NULL);
    hr_aggregate_add(a, &d3.d, NULL, &m3, 1, NULL);
    const hr_event *ev;
    size_t n = hr_aggregate_events(a, &ev);
    assert_int_equal(n, 1);
    assert_int_equal(ev[0].mentions, 1);
    assert_int_equal(ev[0].repeats, 2);
    assert_int_equal(ev[0].articles, 1);
    assert_int_equal(ev[0].outlets, 1);
    assert_false(ev[0].flags & HR_EVT_BACKGROUND);
    /* repeats come last */
    assert_false(ev[0].sources[0].flags & HR_EV_REPEAT);
    assert_true(ev[0].sources[1].flags & HR_EV_REPEAT);
    assert_true(ev[0].sources[2].flags & HR_EV_REPEAT);
    assert_int_equal(ev[0].first_seen.day, 20);
    hr_aggregator_free(a);
}

static void test_claims_and_disputes(void **state)
{
    (void)state;
    hr_aggregator *a = hr_aggregator_new(0, NULL);
    tdoc d1, d2;
    make_doc(&d1, "0000000000000001", "A", "2020-09-28", T1);
    make_doc(&d2, "0000000000000002", "B", "2020-09-28", T2);
    hr_mention m[6];
    /* each side says the other shelled it: two claims, disputed */
    m[0] = mention("AZE", "190", "ARM", day(2020, 9, 27, "absolute"), T1);
    snprintf(m[0].claim_by, sizeof m[0].claim_by, "ARMGOV");
    m[1] = mention("ARM", "190", "AZE", day(2020, 9, 27, "absolute"), T1);
    snprintf(m[1].claim_by, sizeof m[1].claim_by, "AZEGOV");
    /* mutual accusations */
    m[2] = mention("AZEGOV", "1123", "ARMGOV", day(2020, 9, 27, "absolute"), T1);
    m[3] = mention("ARMGOV", "1123", "AZEGOV", day(2020, 9, 27, "absolute"), T1);
    /* a claim by one outlet, a fact for the other: both kept */
    m[4] = mention("RUS", "193", "ARM", day(2020, 9, 27, "absolute"), T1);
    snprintf(m[4].claim_by, sizeof m[4].claim_by, "AZE");
    m[5] = mention("RUS", "193", "ARM", day(2020, 9, 27, "absolute"), T2);
    for (int i = 0; i < 5; i++)
        m[i].sentence = (uint32_t)i;
    hr_aggregate_add(a, &d1.d, NULL, m, 5, NULL);
    hr_aggregate_add(a, &d2.d, NULL, &m[5], 1, NULL);
    const hr_event *ev;
    size_t n = hr_aggregate_events(a, &ev);
    assert_int_equal(n, 5);
    const hr_event *x = find(ev, n, "AZE", "190", "ARM");
    const hr_event *y = find(ev, n, "ARM", "190", "AZE");
    assert_non_null(x);
    assert_non_null(y);
    assert_true(x->flags & HR_EVT_CLAIM);
    assert_string_equal(x->claim_by, "ARMGOV");
    assert_true(x->flags & HR_EVT_DISPUTED);
    assert_true(y->flags & HR_EVT_DISPUTED);
    assert_ptr_equal(&ev[x->disputed_with], y);
    assert_ptr_equal(&ev[y->disputed_with], x);
    const hr_event *p = find(ev, n, "AZEGOV", "1123", "ARMGOV");
    const hr_event *q = find(ev, n, "ARMGOV", "1123", "AZEGOV");
    assert_true(p && q);
    assert_true(p->flags & HR_EVT_DISPUTED);
    assert_ptr_equal(&ev[p->disputed_with], q);
    const hr_event *r = find(ev, n, "RUS", "193", "ARM");
    assert_non_null(r);
    assert_int_equal(r->mentions, 2);
    assert_true(r->flags & HR_EVT_MIXED);
    assert_false(r->flags & (HR_EVT_CLAIM | HR_EVT_DISPUTED));
    assert_string_equal(r->claim_by, "");
    hr_aggregator_free(a);
}

static void test_background_and_tone(void **state)
{
    (void)state;
    hr_aggregator *a = hr_aggregator_new(0, NULL);
    tdoc d1, d2;
    make_doc(&d1, "0000000000000001", "A", "2020-10-20", T1);
    make_doc(&d2, "0000000000000002", "B", "2020-11-02", T1);
    hr_doc_info i1 = {0}, i2 = {0};
    i1.date = d1.d.date;
    i2.date = d2.d.date;
    i1.tone = (hr_tone){.words = 100, .positive = 2, .negative = 6};    /* -4 */
    i2.tone = (hr_tone){.words = 100, .positive = 5, .negative = 3};    /* +2 */
    hr_when y1994 = day(1994, 0, 0, "absolute");
    hr_mention m1 = mention("ARM", "057", "AZE", y1994, T1);
    hr_mention m2 = m1;
    m1.flags = m2.flags = HR_EV_BACKGROUND;
    hr_aggregate_add(a, &d1.d, &i1, &m1, 1, NULL);
    hr_aggregate_add(a, &d2.d, &i2, &m2, 1, NULL);
    const hr_event *ev;
    size_t n = hr_aggregate_events(a, &ev);
    assert_int_equal(n, 1);
    assert_true(ev[0].flags & HR_EVT_BACKGROUND);
    assert_int_equal(ev[0].when.precision, HR_PREC_YEAR);
    assert_true(ev[0].tone > -1.01 && ev[0].tone < -0.99);
    assert_int_equal(ev[0].first_seen.month, 10);
    hr_aggregator_free(a);
}

/* The same documents added in any order give the same events. */
static void test_order_does_not_matter(void **state)
{
    (void)state;
    static const char *const codes[] = {"190", "0871", "112", "057", "036"};
    static const char *const actors[] = {"AZE", "ARM", "RUS", "AZEMIL", "ARMGOV"};
    enum { DOCS = 12 };
    tdoc d[DOCS];
    hr_mention m[DOCS][4];
    char ids[DOCS][17];
    static char texts[DOCS][32];
    for (int i = 0; i < DOCS; i++) {
        snprintf(ids[i], sizeof ids[i], "%016x", 0x1000 + i * 7);
        snprintf(texts[i], sizeof texts[i], "sentence %d", i);
        make_doc(&d[i], ids[i], i % 3 ? "A" : "B", "2020-10-20", texts[i]);
        for (int k = 0; k < 4; k++) {
            int s = (i * 3 + k) % 5, t = (i + k * 2 + 1) % 5;
            m[i][k] = mention(actors[s], codes[(i + k) % 5], actors[t],
                              day(2020, 10, 1 + (i * k) % 4, k % 2 ? "document" : "absolute"),
                              texts[i]);
            m[i][k].sentence = (uint32_t)k;
        }
    }
    char first[4096] = "", second[4096] = "";
    for (int pass = 0; pass < 2; pass++) {
        hr_aggregator *a = hr_aggregator_new(0, NULL);
        for (int j = 0; j < DOCS; j++) {
            int i = pass ? DOCS - 1 - j : (j * 5) % DOCS;
            hr_aggregate_add(a, &d[i].d, NULL, m[i], 4, NULL);
        }
        const hr_event *ev;
        size_t n = hr_aggregate_events(a, &ev);
        char *out = pass ? second : first;
        size_t len = 0;
        for (size_t e = 0; e < n; e++)
            len += (size_t)snprintf(out + len, 4096 - len, "%s:%u:%u:%lld;", ev[e].id,
                                    ev[e].mentions, ev[e].articles,
                                    (long long)ev[e].disputed_with);
        assert_true(n > 5);
        hr_aggregator_free(a);
    }
    assert_string_equal(first, second);
}

static void test_empty(void **state)
{
    (void)state;
    hr_aggregator *a = hr_aggregator_new(0, NULL);
    const hr_event *ev = (const hr_event *)1;
    assert_int_equal(hr_aggregate_events(a, &ev), 0);
    assert_null(ev);
    hr_aggregator_free(a);
    hr_aggregator_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_event_from_two_outlets),
        cmocka_unit_test(test_dates_places_and_codes_split_events),
        cmocka_unit_test(test_yearless_dates_meet_dated_ones),
        cmocka_unit_test(test_repeats_are_not_new_sources),
        cmocka_unit_test(test_claims_and_disputes),
        cmocka_unit_test(test_background_and_tone),
        cmocka_unit_test(test_order_does_not_matter),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
