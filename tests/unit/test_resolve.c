/* test_resolve.c - the resolve stage: which time expression dates a
 * mention, the sentence before, the publication date, background, repeats,
 * attribution chains, tone, and the year inferred for an undated article
 * from stated weekdays and the dated offices of the people it names. */
#include "testutil.h"

#include <stdio.h>

static const char ACTORS[] =
    "@unit AZE country\n@unit ARM country\n@unit RUS country\n@unit TUR country\n"
    "@unit GOV role\n@unit MIL role\n"
    "Azerbaijan | Azerbaijani\n  AZE\n"
    "Armenia | Armenian\n  ARM\n"
    "Russia | Russian\n  RUS\n"
    "Baku\n  AZEGOV\n"
    "Yerevan\n  ARMGOV\n"
    /* dated offices, for the year inference */
    "Mevlut Cavusoglu | Cavusoglu\n  TURGOV 2014-08-29..2023-06-03\n"
    "Nikol Pashinyan | Pashinyan\n  ARMGOV 2018-05-08..\n";

static const char VERBS[] =
    "verb accuse ; blame\n"
    "  112\n"
    "\n"
    "verb shell ; attack\n"
    "  190\n"
    "\n"
    "verb meet | meets | met | meeting\n"
    "  040\n"
    "  with ^ 040\n"
    "\n"
    "verb say | says | said | saying\n"
    "  010\n"
    "\n"
    "noun ceasefire\n"
    "  + between $ and ^ 0871\n";

typedef struct world {
    hr_dict *d;
    hr_verbs *v;
    hr_coder *c;
    hr_resolver *r;
    hr_splitter *sp;
    hr_docb b;
} world;

static int setup(void **state)
{
    static world w;
    hr_error err;
    w.d = hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, NULL, NULL, &err);
    assert_int_equal(hr_dict_load_buffer(w.d, "a.txt", ACTORS, sizeof ACTORS - 1, &err), HR_OK);
    assert_int_equal(hr_dict_finish(w.d, &err), HR_OK);
    w.v = hr_verbs_new(HR_VERBS_NO_BUILTIN, NULL, NULL, &err);
    assert_int_equal(hr_verbs_load_buffer(w.v, "v.txt", VERBS, sizeof VERBS - 1, &err), HR_OK);
    assert_int_equal(hr_verbs_finish(w.v, &err), HR_OK);
    w.c = hr_coder_new(w.d, w.v, &err);
    w.r = hr_resolver_new(w.d, NULL, &err);
    w.sp = hr_splitter_new();
    hr_ingest_options opt = {0};
    assert_true(hr_docb_init(&w.b, &opt));
    assert_non_null(w.c);
    assert_non_null(w.r);
    *state = &w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    hr_resolver_free(w->r);
    hr_coder_free(w->c);
    hr_verbs_free(w->v);
    hr_dict_free(w->d);
    hr_splitter_free(w->sp);
    hr_docb_free(&w->b);
    return 0;
}

/* A document of the given paragraphs (NULL-terminated), published on
 * `date` ("" = unknown), coded and resolved. */
static size_t resolve(world *w, const char *date, const char *const *paras, hr_mention **m,
                      hr_doc_info *info, hr_document **out)
{
    hr_docb_begin(&w->b, "mem", 1, HR_FMT_TEXT);
    for (size_t i = 0; paras[i]; i++)
        assert_true(hr_docb_add_para(&w->b, paras[i], strlen(paras[i]), 0, "p", 0, NULL, 0));
    hr_document *doc = hr_docb_finish(&w->b);
    assert_non_null(doc);
    if (date[0])
        assert_true(hr_date_parse_iso(date, strlen(date), &doc->date));
    size_t n = hr_code_document(w->c, doc, w->sp, m);
    hr_error err;
    assert_int_equal(hr_resolve_document(w->r, doc, w->sp, *m, n, info, &err), HR_OK);
    if (out)
        *out = doc;
    return n;
}

static const hr_mention *with_code(const hr_mention *m, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(m[i].code, code))
            return &m[i];
    return NULL;
}

static void when_is(const hr_mention *m, const char *value, const char *precision)
{
    assert_non_null(m);
    char buf[32];
    hr_when_format(&m->when, buf, sizeof buf);
    assert_string_equal(buf, value);
    assert_string_equal(hr_precision_name(m->when.precision), precision);
}

static void test_own_date_and_document_date(void **state)
{
    world *w = *state;
    const char *p[] = {"Azerbaijan shelled Armenia on October 4.",
                       "Russia met with Armenia.", NULL};
    hr_mention *m;
    hr_doc_info info;
    hr_document *doc;
    size_t n = resolve(w, "2020-10-06", p, &m, &info, &doc);
    assert_int_equal(n, 2);
    const hr_mention *shell = with_code(m, n, "190");
    when_is(shell, "2020-10-04", "day");
    const char *t = doc->paragraphs[0].text;
    assert_memory_equal(t + shell->when_span.start, "October 4",
                        shell->when_span.end - shell->when_span.start >= 9 ? 9 : 0);
    const hr_mention *meet = with_code(m, n, "040");
    when_is(meet, "2020-10-06", "day");
    assert_string_equal(meet->when.how, "document");
    assert_int_equal(meet->when_span.end, 0);
    assert_false(shell->flags & HR_EV_BACKGROUND);
    assert_string_equal(info.date_how, "document");
}

static void test_reporting_verb_date_is_not_the_event_date(void **state)
{
    world *w = *state;
    const char *p[] = {
        "Baku said on Tuesday that Armenia shelled Azerbaijan on Sunday.", NULL};
    hr_mention *m;
    hr_doc_info info;
    /* 2020-10-07 is a Wednesday: Tuesday the 6th, Sunday the 4th */
    size_t n = resolve(w, "2020-10-07", p, &m, &info, NULL);
    when_is(with_code(m, n, "190"), "2020-10-04", "day");
    /* the report after a comma */
    const char *q[] = {"Armenia shelled Azerbaijan on Sunday, Baku said on Tuesday.", NULL};
    n = resolve(w, "2020-10-07", q, &m, &info, NULL);
    when_is(with_code(m, n, "190"), "2020-10-04", "day");
    /* ... but an announcement of the event itself dates it */
    const char *r[] = {"A ceasefire between Armenia and Azerbaijan was announced on Sunday "
                       "after talks on Friday.", NULL};
    n = resolve(w, "2020-10-07", r, &m, &info, NULL);
    when_is(with_code(m, n, "0871"), "2020-10-04", "day");
    /* a time in a clause of its own after the verb dates that clause */
    const char *q2[] = {"Armenia shelled Azerbaijan in a town that Russia had shelled on "
                        "Sunday.", NULL};
    n = resolve(w, "2020-10-07", q2, &m, &info, NULL);
    const hr_mention *first = NULL;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(m[i].source_code, "ARM"))
            first = &m[i];
    when_is(first, "2020-10-07", "day");
    assert_string_equal(first->when.how, "document");
}

static void test_sentence_before_dates_the_next(void **state)
{
    world *w = *state;
    const char *p[] = {"Fighting broke out on September 27. Baku and Yerevan accused each other.",
                       "Azerbaijan shelled Armenia.", NULL};
    hr_mention *m;
    hr_doc_info info;
    size_t n = resolve(w, "2020-10-20", p, &m, &info, NULL);
    const hr_mention *acc = with_code(m, n, "112");
    when_is(acc, "2020-09-27", "day");
    /* ... but not across paragraphs */
    when_is(with_code(m, n, "190"), "2020-10-20", "day");
}

static void test_background(void **state)
{
    world *w = *state;
    const char *p[] = {"In 1994, Armenia and Azerbaijan met in Bishkek.",
                       "Azerbaijan shelled Armenia on Monday.", NULL};
    hr_mention *m;
    hr_doc_info info;
    size_t n = resolve(w, "2020-10-21", p, &m, &info, NULL);
    const hr_mention *old = with_code(m, n, "040");
    when_is(old, "1994", "year");
    assert_true(old->flags & HR_EV_BACKGROUND);
    const hr_mention *now = with_code(m, n, "190");
    when_is(now, "2020-10-19", "day");
    assert_false(now->flags & HR_EV_BACKGROUND);
}

static void test_background_days_option(void **state)
{
    world *w = *state;
    hr_resolve_options opt = {.background_days = 400};
    hr_error err;
    hr_resolver *r = hr_resolver_new(w->d, &opt, &err);
    const char *p[] = {"Azerbaijan shelled Armenia in July 2020.", NULL};
    hr_docb_begin(&w->b, "mem", 1, HR_FMT_TEXT);
    assert_true(hr_docb_add_para(&w->b, p[0], strlen(p[0]), 0, "p", 0, NULL, 0));
    hr_document *doc = hr_docb_finish(&w->b);
    hr_date_parse_iso("2021-03-01", 10, &doc->date);
    hr_mention *m;
    size_t n = hr_code_document(w->c, doc, w->sp, &m);
    assert_int_equal(n, 1);
    assert_int_equal(hr_resolve_document(r, doc, w->sp, m, n, NULL, &err), HR_OK);
    assert_false(m[0].flags & HR_EV_BACKGROUND);          /* 8 months < 400 days */
    assert_int_equal(hr_resolve_document(w->r, doc, w->sp, m, n, NULL, &err), HR_OK);
    assert_true(m[0].flags & HR_EV_BACKGROUND);           /* > 30 days */
    hr_resolver_free(r);
}

static void test_repeated_paragraph_is_background_and_repeat(void **state)
{
    world *w = *state;
    const char *p[] = {"Azerbaijan shelled Armenia.", NULL};
    hr_docb_begin(&w->b, "mem", 1, HR_FMT_TEXT);
    assert_true(hr_docb_add_para(&w->b, p[0], strlen(p[0]), 0, "p", 0, NULL, 0));
    hr_document *doc = hr_docb_finish(&w->b);
    hr_date_parse_iso("2020-10-21", 10, &doc->date);
    doc->paragraphs[0].kind = HR_PARA_DUPLICATE;
    hr_mention *m;
    size_t n = hr_code_document(w->c, doc, w->sp, &m);
    assert_int_equal(n, 1);
    hr_error err;
    assert_int_equal(hr_resolve_document(w->r, doc, w->sp, m, n, NULL, &err), HR_OK);
    assert_true(m[0].flags & HR_EV_REPEAT);
    assert_true(m[0].flags & HR_EV_BACKGROUND);
}

static void test_attribution_of_sentence_and_paragraph(void **state)
{
    world *w = *state;
    const char *p[] = {"Azerbaijan shelled Armenia on Monday. Baku met with Russia, "
                       "Trend reports citing TASS.",
                       "Armenia shelled Azerbaijan.", NULL};
    hr_mention *m;
    hr_doc_info info;
    hr_document *doc;
    size_t n = resolve(w, "2020-10-21", p, &m, &info, &doc);
    for (size_t i = 0; i < n; i++) {
        const char *t = doc->paragraphs[m[i].para].text;
        if (m[i].para == 0) {
            /* the chain in the paragraph's second sentence covers the first */
            assert_int_equal(m[i].n_via, 2);
            assert_memory_equal(t + m[i].via[0].start, "Trend", 5);
            assert_memory_equal(t + m[i].via[1].start, "TASS", 4);
        } else {
            assert_int_equal(m[i].n_via, 0);
        }
    }
}

static void test_tone(void **state)
{
    world *w = *state;
    const char *p[] = {"Azerbaijan shelled Armenia, killing civilians in a terrible attack.",
                       NULL};
    hr_mention *m;
    hr_doc_info info;
    resolve(w, "2020-10-21", p, &m, &info, NULL);
    assert_true(info.tone.words >= 9);
    assert_true(info.tone.negative >= 1);
    assert_true(hr_tone_value(&info.tone) < 0);
}

static void test_undated_article_keeps_month_days_without_year(void **state)
{
    world *w = *state;
    const char *p[] = {"Azerbaijan shelled Armenia on October 4.", NULL};
    hr_mention *m;
    hr_doc_info info;
    size_t n = resolve(w, "", p, &m, &info, NULL);
    assert_int_equal(n, 1);
    when_is(&m[0], "--10-04", "day");
    assert_null(info.date_how);
}

static void test_year_inferred_from_weekday_and_offices(void **state)
{
    world *w = *state;
    /* Cavusoglu was foreign minister 2014-2023 and Pashinyan prime minister
     * from 2018: among 2018..2023 only 2020 has a Tuesday, October 20 */
    const char *p[] = {"Pashinyan met with Cavusoglu on Tuesday, October 20.",
                       "Azerbaijan shelled Armenia on October 4.", NULL};
    hr_mention *m;
    hr_doc_info info;
    size_t n = resolve(w, "", p, &m, &info, NULL);
    assert_int_equal(info.date.year, 2020);
    assert_string_equal(info.date_how, "inferred");
    assert_non_null(strstr(info.evidence, "2020"));
    const hr_mention *shell = with_code(m, n, "190");
    when_is(shell, "2020-10-04", "day");
    /* without the end of Cavusoglu's office 2026 fits too: no inference */
    const char *q[] = {"Pashinyan met with Armenia on Tuesday, October 20.", NULL};
    n = resolve(w, "", q, &m, &info, NULL);
    assert_int_equal(info.date.year, 0);
    assert_non_null(strstr(info.evidence, "no year inferred"));
    for (size_t i = 0; i < n; i++)
        assert_int_equal(m[i].when.from.year, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_own_date_and_document_date),
        cmocka_unit_test(test_reporting_verb_date_is_not_the_event_date),
        cmocka_unit_test(test_sentence_before_dates_the_next),
        cmocka_unit_test(test_background),
        cmocka_unit_test(test_background_days_option),
        cmocka_unit_test(test_repeated_paragraph_is_background_and_repeat),
        cmocka_unit_test(test_attribution_of_sentence_and_paragraph),
        cmocka_unit_test(test_tone),
        cmocka_unit_test(test_undated_article_keeps_month_days_without_year),
        cmocka_unit_test(test_year_inferred_from_weekday_and_offices),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
