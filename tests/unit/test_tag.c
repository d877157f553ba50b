/* test_tag.c - the part-of-speech tagger: news sentences as Herald's
 * tokenizer cuts them, hostile input, and the accuracy on the test split
 * of UD English EWT when ../shared is present (HERALD_SHARED names another
 * place). */
#include "testutil.h"

#include <stdio.h>

/* What scripts/train-tagger.py --eval reports for the model in data/ (on
 * the treebank's tokens, punctuation tags merged as in enum hr_pos); the
 * C tagger must stay within half a point of it. */
#define TEST_SPLIT_ACCURACY 94.76

typedef struct fixture {
    hr_tagger *tagger;
    hr_splitter *sp;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    hr_error err = {0};
    if (!f)
        return -1;
    f->tagger = hr_tagger_new(&err);
    f->sp = hr_splitter_new();
    *state = f;
    return f->tagger && f->sp ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    hr_tagger_free(f->tagger);
    hr_splitter_free(f->sp);
    free(f);
    return 0;
}

/* Splits text (one sentence), tags it and compares with want, the tags
 * separated by spaces. */
static void expect_tags(fixture *f, const char *text, const char *want)
{
    const hr_sentence *s;
    size_t n = hr_split(f->sp, text, strlen(text), 0, &s);
    assert_int_equal(n, 1);
    uint8_t tags[256];
    assert_true(s->n_tokens <= sizeof tags);
    hr_tag(f->tagger, text, s->tokens, s->n_tokens, tags);
    char got[2048] = "";
    size_t len = 0;
    for (size_t i = 0; i < s->n_tokens; i++)
        len += (size_t)snprintf(got + len, sizeof got - len, "%s%s", i ? " " : "",
                                hr_pos_name((enum hr_pos)tags[i]));
    if (strcmp(got, want) != 0) {
        print_message("  %s\n", text);
        for (size_t i = 0; i < s->n_tokens; i++)
            print_message("    %.*s/%s\n", (int)(s->tokens[i].end - s->tokens[i].start),
                          text + s->tokens[i].start, hr_pos_name((enum hr_pos)tags[i]));
    }
    assert_string_equal(got, want);
}

/* ---- names ---------------------------------------------------------------- */

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(hr_pos_name(HR_POS_NNP), "NNP");
    assert_string_equal(hr_pos_name(HR_POS_PRPS), "PRP$");
    assert_string_equal(hr_pos_name(HR_POS_WPS), "WP$");
    assert_string_equal(hr_pos_name(HR_POS_PUNCT), ".");
    assert_string_equal(hr_pos_name(HR_POS_AFX), "AFX");
    assert_string_equal(hr_pos_name(HR_POS_COUNT), "?");
}

/* ---- news --------------------------------------------------------------------- */

static void test_news(void **state)
{
    fixture *f = *state;
    /* Unknown names; a nationality word the treebank never saw. */
    expect_tags(f, "Azerbaijani forces shelled Stepanakert on Tuesday.",
                "JJ NNS VBD NNP IN NNP .");
    /* The passive. */
    expect_tags(f, "The city was shelled by Armenian troops.",
                "DT NN VBD VBN IN JJ NNS .");
    /* Negation and modals. */
    expect_tags(f, "The ministry did not comment on the report.",
                "DT NN VBD RB VB IN DT NN .");
    expect_tags(f, "Pashinyan said Armenia would not accept the proposal.",
                "NNP VBD NNP MD RB VB DT NN .");
    expect_tags(f, "Yerevan accused Baku of violating the truce, reporting "
                   "artillery attacks.",
                "NNP VBD NNP IN VBG DT NN . VBG NN NNS .");
    /* An appositive title, a small clause. */
    expect_tags(f, "Kremlin spokesman Dmitry Peskov called the accusations "
                   "against Russia unfounded.",
                "NNP NN NNP NNP VBD DT NNS IN NNP JJ .");
    /* A relative clause between subject and verb. */
    expect_tags(f, "The talks, which were held in Geneva, ended without an "
                   "agreement.",
                "DT NNS . WDT VBD VBN IN NNP . VBD IN DT NN .");
}

/* Tokens Herald keeps whole where the treebank splits them: the host
 * word's tag, and the clitic seen by the words after it. */
static void test_herald_tokens(void **state)
{
    fixture *f = *state;
    expect_tags(f, "Baku's position has not changed, the spokesman said.",
                "NNP NN VBZ RB VBN . DT NN VBD .");
    /* A curly apostrophe is the same. */
    expect_tags(f, "Baku\xe2\x80\x99s position has not changed.",
                "NNP NN VBZ RB VBN .");
    expect_tags(f, "Armenia's prime minister didn't attend the summit.",
                "NNP JJ NN VBD VB DT NN .");
    expect_tags(f, "Aliyev said Azerbaijan won't stop.", "NNP VBD NNP MD VB .");
    expect_tags(f, "They're ready to sign the agreement.", "PRP JJ TO VB DT NN .");
    expect_tags(f, "It's not clear who fired first.", "PRP RB JJ WP VBD RB .");
    expect_tags(f, "They'll meet again next week, the ministry said.",
                "PRP VB RB JJ NN . DT NN VBD .");
    /* A hyphenated modifier. */
    expect_tags(f, "The Moscow-brokered ceasefire was violated within hours.",
                "DT JJ NN VBD VBN IN NNS .");
}

/* ---- hostile input --------------------------------------------------------------- */

static void tag_and_check(const hr_tagger *t, const char *text,
                          const hr_span *tok, size_t n)
{
    uint8_t *out = malloc(n + 1);
    assert_non_null(out);
    out[n] = 0xEE;   /* must stay untouched */
    hr_tag(t, text, tok, n, out);
    for (size_t i = 0; i < n; i++)
        assert_true(out[i] > HR_POS_NONE && out[i] < HR_POS_COUNT);
    assert_int_equal(out[n], 0xEE);
    free(out);
}

static void test_empty(void **state)
{
    fixture *f = *state;
    uint8_t out[1] = {0xEE};
    hr_tag(f->tagger, "", NULL, 0, out);
    assert_int_equal(out[0], 0xEE);
    /* An empty token and a token of spaces get some tag. */
    hr_span tok[3] = {{0, 0}, {0, 3}, {3, 3}};
    tag_and_check(f->tagger, "   ", tok, 3);
    /* No tagger: no tags. */
    hr_tag(NULL, "   ", tok, 1, out);
    assert_int_equal(out[0], HR_POS_NONE);
}

static void test_long_sentence(void **state)
{
    fixture *f = *state;
    const char *words[] = {"The", "city", "was", "shelled", "by", "troops", ","};
    size_t n = 100000, len = 0;
    char *text = malloc(n * 8);
    hr_span *tok = malloc(n * sizeof *tok);
    assert_non_null(text);
    assert_non_null(tok);
    for (size_t i = 0; i < n; i++) {
        const char *w = words[i % 7];
        size_t wl = strlen(w);
        memcpy(text + len, w, wl);
        tok[i] = (hr_span){(uint32_t)len, (uint32_t)(len + wl)};
        len += wl;
        text[len++] = ' ';
    }
    uint8_t *out = malloc(n);
    assert_non_null(out);
    hr_tag(f->tagger, text, tok, n, out);
    /* Far from the edges every repeat gets the same tags. */
    for (size_t i = 700; i < n - 700; i++)
        assert_int_equal(out[i], out[i % 7 + 7 * 50]);
    assert_int_equal(out[3 + 7 * 50], HR_POS_VBN);
    free(out);
    tag_and_check(f->tagger, text, tok, n);
    free(text);
    free(tok);
}

static void test_invalid_utf8(void **state)
{
    fixture *f = *state;
    /* Truncated and stray sequences, overlongs, a lone continuation byte at
     * the start, curly-quote prefixes cut short at the end. */
    const char text[] = "Baku\xff\xfe \xc3 \x80\x80x \xe2\x80 a\xe2 \xc0\xaf"
                        " \xca \xc2 Y\xe2\x80\x99 n\xe2\x80\x99t";
    size_t len = sizeof text - 1;
    hr_span tok[16];
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len; i++)
        if (i == len || text[i] == ' ') {
            tok[n++] = (hr_span){(uint32_t)start, (uint32_t)i};
            start = i + 1;
        }
    tag_and_check(f->tagger, text, tok, n);
    /* Each token alone too: its end is the end of the buffer. */
    for (size_t i = 0; i < n; i++) {
        size_t tl = tok[i].end - tok[i].start;
        char *copy = malloc(tl ? tl : 1);
        assert_non_null(copy);
        memcpy(copy, text + tok[i].start, tl);
        hr_span one = {0, (uint32_t)tl};
        tag_and_check(f->tagger, copy, &one, 1);
        free(copy);
    }
}

static void test_huge_token(void **state)
{
    fixture *f = *state;
    size_t big = 70000;
    char *text = malloc(big + 16);
    assert_non_null(text);
    memcpy(text, "The ", 4);
    for (size_t i = 0; i < big; i++)
        text[4 + i] = "ab\xc3\xa9-'"[i % 6];
    memcpy(text + 4 + big, " fell.", 6);
    hr_span tok[4] = {{0, 3}, {4, (uint32_t)(4 + big)},
                      {(uint32_t)(5 + big), (uint32_t)(9 + big)},
                      {(uint32_t)(9 + big), (uint32_t)(10 + big)}};
    /* The token alone at the end of the buffer, then in a sentence. */
    hr_span alone = {4, (uint32_t)(4 + big)};
    tag_and_check(f->tagger, text, &alone, 1);
    tag_and_check(f->tagger, text, tok, 4);
    /* Tokens just under and over the length at which features stop. */
    for (uint32_t l = 60; l < 70; l++) {
        hr_span t2[2] = {{0, 3}, {4, 4 + l}};
        tag_and_check(f->tagger, text, t2, 2);
    }
    free(text);
}

/* ---- accuracy on the treebank (when ../shared is present) ---------------------- */

static uint8_t map_xpos(const char *x)
{
    static const char *const punct[] = {".", ",", ":", "``", "''", "-LRB-",
                                        "-RRB-", "#", "$", "HYPH", "NFP"};
    for (size_t i = 0; i < sizeof punct / sizeof *punct; i++)
        if (!strcmp(x, punct[i]))
            return HR_POS_PUNCT;
    for (int p = 1; p < HR_POS_COUNT; p++)
        if (!strcmp(x, hr_pos_name((enum hr_pos)p)))
            return (uint8_t)p;
    return HR_POS_NONE;
}

typedef struct sentence_buf {
    char text[16384];
    size_t len;
    hr_span tok[1024];
    uint8_t gold[1024], got[1024];
    size_t n;
} sentence_buf;

static void score_sentence(const hr_tagger *t, sentence_buf *b, size_t *right,
                           size_t *total)
{
    hr_tag(t, b->text, b->tok, b->n, b->got);
    for (size_t i = 0; i < b->n; i++)
        *right += b->got[i] == b->gold[i];
    *total += b->n;
    b->n = b->len = 0;
}

static void test_treebank_accuracy(void **state)
{
    fixture *f = *state;
    const char *shared = getenv("HERALD_SHARED");
    char path[2048];
    snprintf(path, sizeof path, "%s/corpora/ud-english-ewt/en_ewt-ud-test.conllu",
             shared ? shared : "../shared");
    FILE *in = fopen(path, "r");
    if (!in) {
        skip();
        return;
    }
    sentence_buf *b = calloc(1, sizeof *b);
    assert_non_null(b);
    char line[8192];
    size_t right = 0, total = 0, sentences = 0;
    while (fgets(line, sizeof line, in)) {
        size_t ll = strlen(line);
        while (ll && (line[ll - 1] == '\n' || line[ll - 1] == '\r'))
            line[--ll] = 0;
        if (ll == 0) {
            if (b->n) {
                score_sentence(f->tagger, b, &right, &total);
                sentences++;
            }
            continue;
        }
        if (line[0] == '#')
            continue;
        char *col[6];
        int nc = 0;
        for (char *p = line; nc < 6;) {
            col[nc++] = p;
            p = strchr(p, '\t');
            if (!p)
                break;
            *p++ = 0;
        }
        if (nc < 6 || strchr(col[0], '-') || strchr(col[0], '.'))
            continue;   /* multiword-token ranges, empty nodes */
        size_t fl = strlen(col[1]);
        assert_true(b->n < 1024 && b->len + fl + 1 < sizeof b->text);
        memcpy(b->text + b->len, col[1], fl);
        b->tok[b->n] = (hr_span){(uint32_t)b->len, (uint32_t)(b->len + fl)};
        b->gold[b->n] = map_xpos(col[4]);
        assert_int_not_equal(b->gold[b->n], HR_POS_NONE);
        b->n++;
        b->len += fl;
        b->text[b->len++] = ' ';
    }
    if (b->n) {
        score_sentence(f->tagger, b, &right, &total);
        sentences++;
    }
    fclose(in);
    free(b);
    double acc = 100.0 * (double)right / (double)(total ? total : 1);
    print_message("  tagger: %zu sentences, %zu tokens, accuracy %.2f%%\n",
                  sentences, total, acc);
    assert_true(sentences > 2000);
    assert_true(acc >= TEST_SPLIT_ACCURACY - 0.5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test_setup_teardown(test_news, setup, teardown),
        cmocka_unit_test_setup_teardown(test_herald_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_sentence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_token, setup, teardown),
        cmocka_unit_test_setup_teardown(test_treebank_accuracy, setup, teardown),
    };
    return cmocka_run_group_tests_name("tag", tests, NULL, NULL);
}
