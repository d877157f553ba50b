/* test_tone.c - the tone counter (src/resolve/tone.c) over the compiled-in
 * AFINN-165 lexicon: known ratings, case, punctuation, phrases, the
 * negation rule, empty text, accumulation over calls, invalid UTF-8, and
 * the same counts from many threads. */
#include "testutil.h"

#include <pthread.h>

static hr_tone tone_of(const char *text)
{
    hr_tone t;
    memset(&t, 0, sizeof t);
    hr_tone_add(&t, text, strlen(text));
    return t;
}

#define COUNTS_ARE(text, w, p, n, s)                                    \
    do {                                                                \
        hr_tone t_ = tone_of(text);                                     \
        char got_[256], exp_[256];                                      \
        snprintf(got_, sizeof got_, "%s => w%llu p%llu n%llu s%lld",    \
                 text, (unsigned long long)t_.words,                    \
                 (unsigned long long)t_.positive,                       \
                 (unsigned long long)t_.negative, (long long)t_.score); \
        snprintf(exp_, sizeof exp_, "%s => w%d p%d n%d s%d", text, w,   \
                 p, n, s);                                              \
        assert_string_equal(got_, exp_);                                \
    } while (0)

static void test_known_words(void **state)
{
    (void)state;
    /* Ratings from data/tone.tsv. */
    COUNTS_ARE("good", 1, 1, 0, 3);
    COUNTS_ARE("killed", 1, 0, 1, -3);
    COUNTS_ARE("peace", 1, 1, 0, 2);
    COUNTS_ARE("war", 1, 0, 1, -2);
    COUNTS_ARE("abandon", 1, 0, 1, -2);
    COUNTS_ARE("ceasefire", 1, 0, 0, 0);          /* not in the lexicon */
    COUNTS_ARE("The ceasefire brought peace after the war killed many", 9, 1,
               2, -3);
}

static void test_case_and_punctuation(void **state)
{
    (void)state;
    COUNTS_ARE("GOOD Good gOoD", 3, 3, 0, 9);
    COUNTS_ARE("\"good\", (war)... peace!", 3, 2, 1, 3);
    COUNTS_ARE("good-war", 1, 0, 0, 0);           /* a hyphenated word is whole */
    COUNTS_ARE("cover-up", 1, 0, 1, -3);          /* ... and found whole */
    COUNTS_ARE("Azerbaijan's peace", 2, 1, 0, 2);
    COUNTS_ARE("the war's end", 3, 0, 1, -2);     /* "'s" dropped */
    COUNTS_ARE("Na\xc3\xafve NA\xc3\x8fVE", 2, 0, 2, -4);  /* naïve, folded */
    COUNTS_ARE("2020 1 000", 3, 0, 0, 0);         /* numbers are words */
}

static void test_phrases(void **state)
{
    (void)state;
    COUNTS_ARE("It does not work", 4, 0, 1, -3);
    COUNTS_ARE("no fun", 2, 0, 1, -3);
    COUNTS_ARE("kind of nice", 3, 1, 0, 3);       /* "kind of" rates 0 */
    COUNTS_ARE("kind", 1, 1, 0, 2);
    /* The words of a phrase must not be split by punctuation. */
    COUNTS_ARE("does not, work", 3, 0, 0, 0);
}

static void test_negation(void **state)
{
    (void)state;
    COUNTS_ARE("not happy", 2, 0, 1, -3);
    COUNTS_ARE("never a good day", 4, 0, 1, -3);      /* two words back */
    COUNTS_ARE("not a very good day", 5, 1, 0, 3);    /* three: out of reach */
    COUNTS_ARE("didn't help", 2, 0, 1, -2);
    COUNTS_ARE("didn\xe2\x80\x99t help", 2, 0, 1, -2); /* U+2019 */
    COUNTS_ARE("cannot win", 2, 0, 1, -4);
    COUNTS_ARE("not killed", 2, 1, 0, 3);
    COUNTS_ARE("not, good", 2, 1, 0, 3);              /* punctuation ends it */
    /* "no" has its own rating, and flips the next words. */
    COUNTS_ARE("no", 1, 0, 1, -1);
    COUNTS_ARE("no problem", 2, 1, 1, 1);
}

static void test_empty_and_value(void **state)
{
    (void)state;
    hr_tone t;
    memset(&t, 0, sizeof t);
    hr_tone_add(&t, "", 0);
    hr_tone_add(&t, NULL, 5);
    hr_tone_add(&t, "  ,.;  ", 7);
    hr_tone_add(NULL, "good", 4);
    assert_int_equal(t.words, 0);
    assert_true(hr_tone_value(&t) == 0.0);
    assert_true(hr_tone_value(NULL) == 0.0);

    t = tone_of("good war peace day");                /* 2 positive, 1 negative */
    assert_true(hr_tone_value(&t) == 25.0);
    t = tone_of("war");
    assert_true(hr_tone_value(&t) == -100.0);
}

static void test_accumulates(void **state)
{
    (void)state;
    hr_tone t;
    memset(&t, 0, sizeof t);
    const char *p1 = "The talks were good.", *p2 = "Then the war resumed.";
    hr_tone_add(&t, p1, strlen(p1));
    hr_tone_add(&t, p2, strlen(p2));
    assert_int_equal(t.words, 8);
    assert_int_equal(t.positive, 1);
    assert_int_equal(t.negative, 1);
    assert_int_equal(t.score, 1);
    /* A length shorter than the string: only that prefix is read. */
    hr_tone_add(&t, "good war", 4);
    assert_int_equal(t.words, 9);
    assert_int_equal(t.positive, 2);
    assert_int_equal(t.negative, 1);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* Invalid bytes separate words, as punctuation does. */
    COUNTS_ARE("good\xffwar", 2, 1, 1, 1);
    COUNTS_ARE("not\xc3 good", 2, 1, 0, 3);           /* and end a clause */
    COUNTS_ARE("\xe2\x82", 0, 0, 0, 0);
    char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (char)i;
    hr_tone t;
    memset(&t, 0, sizeof t);
    hr_tone_add(&t, all, sizeof all);
    assert_true(t.words > 0 && t.words < 256);
}

static void test_long_text(void **state)
{
    (void)state;
    /* A megabyte: one very long word, then many short ones. */
    size_t n = 1u << 20;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'a', n);
    hr_tone t;
    memset(&t, 0, sizeof t);
    hr_tone_add(&t, big, n);
    assert_int_equal(t.words, 1);
    for (size_t i = 0; i + 5 <= n; i += 5)
        memcpy(big + i, "good ", 5);
    memset(&t, 0, sizeof t);
    hr_tone_add(&t, big, n - n % 5);
    assert_int_equal(t.words, n / 5);
    assert_int_equal(t.positive, n / 5);
    free(big);
}

static void *score_in_thread(void *arg)
{
    hr_tone *t = arg;
    const char *text = "The ceasefire brought peace after the war killed many";
    for (int i = 0; i < 100; i++)
        hr_tone_add(t, text, strlen(text));
    return NULL;
}

/* The lexicon is built on first use: threads racing to it all see it. */
static void test_threads(void **state)
{
    (void)state;
    pthread_t th[4];
    hr_tone t[4];
    memset(t, 0, sizeof t);
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, score_in_thread, &t[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(t[i].words, 900);
        assert_int_equal(t[i].score, -300);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads),   /* first: it races the build */
        cmocka_unit_test(test_known_words),
        cmocka_unit_test(test_case_and_punctuation),
        cmocka_unit_test(test_phrases),
        cmocka_unit_test(test_negation),
        cmocka_unit_test(test_empty_and_value),
        cmocka_unit_test(test_accumulates),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_long_text),
    };
    return cmocka_run_group_tests_name("tone", tests, NULL, NULL);
}
