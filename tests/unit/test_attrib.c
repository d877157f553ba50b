/* test_attrib.c - attribution chains (hr_find_attribution): the reporting
 * markers of src/resolve/attrib.c, the shape of a source name, the order
 * of the chain, exact spans, the max argument, and hostile input.
 *
 * Results are checked as one string per input, "INPUT => [A] [B]" or
 * "INPUT => none", so that a failing row names itself. The sentences are
 * made up for these tests. */
#include "testutil.h"

#include <stdio.h>

/* ---- helpers ------------------------------------------------------------ */

static void chain_desc(const char *text, char *out, size_t size)
{
    size_t len = strlen(text);
    hr_span via[8];
    size_t n = hr_find_attribution(text, (hr_span){0, (uint32_t)len}, via, 8);
    assert_true(n <= 8);
    int k = snprintf(out, size, "%s =>", text);
    if (n == 0)
        snprintf(out + k, size - (size_t)k, " none");
    for (size_t i = 0; i < n && k > 0 && (size_t)k < size; i++) {
        assert_true(via[i].start < via[i].end && via[i].end <= len);
        k += snprintf(out + k, size - (size_t)k, " [%.*s]",
                      (int)(via[i].end - via[i].start), text + via[i].start);
    }
}

#define CHAIN_IS(text, want)                                       \
    do {                                                           \
        char got_[1024], exp_[1024];                               \
        chain_desc(text, got_, sizeof got_);                       \
        snprintf(exp_, sizeof exp_, "%s => %s", text, want);       \
        assert_string_equal(got_, exp_);                           \
    } while (0)

/* ---- the forms -------------------------------------------------------------- */

static void test_verb_at_end(void **state)
{
    (void)state;
    CHAIN_IS("The talks ended without a result, RIA Novosti reports.",
             "[RIA Novosti]");
    CHAIN_IS("Two villages were shelled overnight, Trend reported.", "[Trend]");
    CHAIN_IS("The pipeline was repaired, Interfax-Ukraine writes.",
             "[Interfax-Ukraine]");
    CHAIN_IS("The envoy left Baku, the newspaper wrote.", "[the newspaper]");
    CHAIN_IS("The army has taken the hill, Armenpress informs.", "[Armenpress]");
    CHAIN_IS("The road was reopened, RIA Novosti reported on Tuesday.",
             "[RIA Novosti]");
    CHAIN_IS("The road was reopened, the ministry reported on its website.",
             "[the ministry]");
    CHAIN_IS("Prices rose, RIA Novosti has reported.", "[RIA Novosti]");
}

static void test_verb_with_that(void **state)
{
    (void)state;
    CHAIN_IS("The newspaper writes that the deal is close.", "[The newspaper]");
    CHAIN_IS("Local media report that the bridge was destroyed.", "[Local media]");
    CHAIN_IS("On Tuesday APA reported that troops withdrew.", "[APA]");
    CHAIN_IS("Meanwhile the agency reports that the border is closed.",
             "[the agency]");
    CHAIN_IS("Trend has learned that the visit is planned.", "[Trend]");
}

static void test_inverted(void **state)
{
    (void)state;
    CHAIN_IS("The talks failed, writes the newspaper.", "[the newspaper]");
    CHAIN_IS("The talks failed, reports RIA Novosti.", "[RIA Novosti]");
    CHAIN_IS("The shelling resumed, informs APA citing the Defence Ministry.",
             "[APA] [the Defence Ministry]");
}

static void test_according_to(void **state)
{
    (void)state;
    CHAIN_IS("According to Reuters, the talks ended.", "[Reuters]");
    CHAIN_IS("The shelling stopped, according to the ministry's press service.",
             "[the ministry's press service]");
    CHAIN_IS("According to the Ministry of Foreign Affairs of Azerbaijan, the "
             "note was delivered.",
             "[the Ministry of Foreign Affairs of Azerbaijan]");
    CHAIN_IS("According to Azerbaijan's Defence Ministry, the post was shelled.",
             "[Azerbaijan's Defence Ministry]");
    CHAIN_IS("According to local media, the airport was closed.",
             "[local media]");
}

static void test_citing(void **state)
{
    (void)state;
    CHAIN_IS("Trend reports citing TASS that the talks ended.", "[Trend] [TASS]");
    CHAIN_IS("Trend reports, citing TASS, that the talks ended.",
             "[Trend] [TASS]");
    CHAIN_IS("Two soldiers were wounded, APA reports with reference to the "
             "Ministry of Defence.",
             "[APA] [the Ministry of Defence]");
    CHAIN_IS("The deal is close, the newspaper writes with reference to its "
             "sources.",
             "[the newspaper] [its sources]");
    CHAIN_IS("The plan was dropped, the outlet reported, quoting sources in "
             "the ministry.",
             "[the outlet] [sources in the ministry]");
    CHAIN_IS("News.am learned quoting a statement by the Armenian Ambassador "
             "to Russia Vardan Toganyan that the visit is planned.",
             "[News.am] [the Armenian Ambassador to Russia Vardan Toganyan]");
    CHAIN_IS("Trend learned from its sources that the visit is planned.",
             "[Trend] [its sources]");
    CHAIN_IS("The outlet reported, referring to the press service of the "
             "Ministry of Emergency Situations, that the fire was out.",
             "[The outlet] [the press service of the Ministry of Emergency "
             "Situations]");
}

static void test_inner_before_outer_in_text(void **state)
{
    (void)state;
    /* The cited source comes first in the text; the chain is still outer
     * first. */
    CHAIN_IS("Citing TASS, Trend reports that the talks ended.",
             "[Trend] [TASS]");
}

static void test_told_and_interview(void **state)
{
    (void)state;
    CHAIN_IS("Aliyev told Interfax that the talks would resume.", "[Interfax]");
    CHAIN_IS("The minister told the newspaper the plan was dropped.",
             "[the newspaper]");
    CHAIN_IS("The minister said so in an interview with Euronews.",
             "[Euronews]");
    /* Not outlets: people, reporters. */
    CHAIN_IS("Putin told Aliyev that the talks would resume.", "none");
    CHAIN_IS("The minister told reporters that the talks failed.", "none");
    CHAIN_IS("He said so in an interview with the minister.", "none");
}

static void test_reported_by_and_quoted(void **state)
{
    (void)state;
    CHAIN_IS("The border was closed, as reported by Interfax-Ukraine.",
             "[Interfax-Ukraine]");
    CHAIN_IS("Reuters quoted the Ministry of Foreign Affairs of Azerbaijan as "
             "saying the talks failed.",
             "[Reuters] [the Ministry of Foreign Affairs of Azerbaijan]");
    CHAIN_IS("RIA Novosti quotes Lavrov as saying that the talks failed.",
             "[RIA Novosti] [Lavrov]");
    CHAIN_IS("The agency cites its sources.", "[The agency] [its sources]");
    CHAIN_IS("\xe2\x80\x9cWe will respond,\xe2\x80\x9d the agency quoted him "
             "as saying.",
             "[the agency]");
}

static void test_name_shapes(void **state)
{
    (void)state;
    CHAIN_IS("The press service of the Ministry of Labour and Social Protection "
             "of Population reports that pensions will rise.",
             "[The press service of the Ministry of Labour and Social "
             "Protection of Population]");
    /* "and" outside an "of" phrase: two parallel sources, not one name; the
     * one next to the verb is kept. */
    CHAIN_IS("Reuters and TASS reported.", "[TASS]");
    CHAIN_IS("According to the Office for Democratic Institutions and Human "
             "Rights, the vote was fair.",
             "[the Office for Democratic Institutions and Human Rights]");
    /* Initials keep their stops. */
    CHAIN_IS("The U.S. State Department reported.", "[The U.S. State Department]");
    CHAIN_IS("Earlier, the Azerbaijani state news agency Azertac reported that "
             "the road was open.",
             "[the Azerbaijani state news agency Azertac]");
    /* A possessive cannot end a source. */
    CHAIN_IS("According to Azerbaijan's, the talks failed.", "none");
    /* Typographic apostrophe. */
    CHAIN_IS("The talks failed, according to the ministry\xe2\x80\x99s press "
             "service.",
             "[the ministry\xe2\x80\x99s press service]");
}

/* ---- what is not attribution -------------------------------------------------- */

static void test_negatives(void **state)
{
    (void)state;
    /* A verb with an object: what a country reports, not who tells us. */
    CHAIN_IS("Azerbaijan reports gains in Karabakh.", "none");
    CHAIN_IS("Reuters and TASS reported the clash.", "none");
    /* Speech is the coder's business. */
    CHAIN_IS("Aliyev said the talks went well.", "none");
    CHAIN_IS("The ministry said the talks went well.", "none");
    /* Pronouns, a participle, a noun. */
    CHAIN_IS("He reported that the talks failed.", "none");
    CHAIN_IS("It reports.", "none");
    CHAIN_IS("The reported attack killed two.", "none");
    CHAIN_IS("The report said the talks failed.", "none");
    CHAIN_IS("Media reports said the talks failed.", "none");
    /* No source in the phrase. */
    CHAIN_IS("According to preliminary data, five people died.", "none");
    CHAIN_IS("According to him, the talks failed.", "none");
    CHAIN_IS("Armenia cited security concerns.", "none");
    CHAIN_IS("", "none");
    CHAIN_IS(", , reports .", "none");
}

/* ---- spans, max, limits ----------------------------------------------------------- */

static void test_spans_inside_larger_text(void **state)
{
    (void)state;
    const char *text = "First sentence. The talks failed, Trend reports citing "
                       "TASS. Last one, APA reports.";
    const char *s2 = strstr(text, "The talks");
    const char *end2 = strstr(text, "TASS.") + 5;
    hr_span sent = {(uint32_t)(s2 - text), (uint32_t)(end2 - text)};
    hr_span via[4];
    size_t n = hr_find_attribution(text, sent, via, 4);
    assert_int_equal(n, 2);
    uint32_t trend = (uint32_t)(strstr(text, "Trend") - text);
    uint32_t tass = (uint32_t)(strstr(text, "TASS") - text);
    assert_int_equal(via[0].start, trend);
    assert_int_equal(via[0].end, trend + 5);
    assert_int_equal(via[1].start, tass);
    assert_int_equal(via[1].end, tass + 4);

    /* A span that cuts the sentence: nothing outside it is read ("APA
     * reports" is past the end). */
    hr_span cut = {sent.start, (uint32_t)(strstr(text, "Trend") - text)};
    assert_int_equal(hr_find_attribution(text, cut, via, 4), 0);
}

static void test_max_honoured(void **state)
{
    (void)state;
    const char *text = "Trend reports citing TASS that the talks ended.";
    hr_span all = {0, (uint32_t)strlen(text)};
    hr_span via[3];
    memset(via, 0x7f, sizeof via);
    assert_int_equal(hr_find_attribution(text, all, via, 1), 1);
    assert_int_equal(via[0].start, 0);
    assert_int_equal(via[0].end, 5);
    assert_int_equal(via[1].start, 0x7f7f7f7f);     /* untouched */
    assert_int_equal(hr_find_attribution(text, all, via, 0), 0);
    assert_int_equal(hr_find_attribution(text, all, NULL, 0), 0);
    assert_int_equal(hr_find_attribution(NULL, all, via, 3), 0);
    /* An empty or reversed span. */
    assert_int_equal(hr_find_attribution(text, (hr_span){5, 5}, via, 3), 0);
    assert_int_equal(hr_find_attribution(text, (hr_span){9, 2}, via, 3), 0);
}

/* Fills buf with copies of unit up to about size bytes, then tail. */
static char *repeat(const char *unit, size_t size, const char *tail)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *buf = malloc(size + u + t + 1);
    assert_non_null(buf);
    size_t n = 0;
    while (n < size) {
        memcpy(buf + n, unit, u);
        n += u;
    }
    memcpy(buf + n, tail, t + 1);
    return buf;
}

static void test_long_capitalised_run(void **state)
{
    (void)state;
    /* 25 capitalised words before the verb: not a name. */
    CHAIN_IS("Aa Bb Cc Dd Ee Ff Gg Hh Ii Jj Kk Ll Mm Nn Oo Pp Qq Rr Ss Tt Uu "
             "Vv Ww Xx Yy reports.",
             "none");
    /* 24 are still one. */
    CHAIN_IS("Bb Cc Dd Ee Ff Gg Hh Ii Jj Kk Ll Mm Nn Oo Pp Qq Rr Ss Tt Uu Vv "
             "Ww Xx Yy reports.",
             "[Bb Cc Dd Ee Ff Gg Hh Ii Jj Kk Ll Mm Nn Oo Pp Qq Rr Ss Tt Uu Vv "
             "Ww Xx Yy]");
    /* A megabyte of capitalised words, then a verb: no source, no crash. */
    char *big = repeat("Name ", 1u << 20, "reports.");
    size_t len = strlen(big);
    hr_span via[4];
    assert_int_equal(hr_find_attribution(big, (hr_span){0, (uint32_t)len}, via, 4), 0);
    free(big);
}

static void test_megabyte_sentence(void **state)
{
    (void)state;
    /* Markers everywhere: every "reports" reads a bounded window, so this
     * runs in linear time; the chain keeps at most its limit. */
    char *big = repeat("the talks failed, Trend reports citing TASS and ",
                       1u << 20, "APA reports.");
    size_t len = strlen(big);
    hr_span via[8];
    size_t n = hr_find_attribution(big, (hr_span){0, (uint32_t)len}, via, 8);
    assert_int_equal(n, 8);
    for (size_t i = 0; i < n; i++)
        assert_true(via[i].start < via[i].end && via[i].end <= len);
    free(big);

    /* One word of a megabyte. */
    big = repeat("x", 1u << 20, " reports.");
    len = strlen(big);
    assert_int_equal(hr_find_attribution(big, (hr_span){0, (uint32_t)len}, via, 8), 0);
    free(big);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* Invalid bytes separate words like punctuation; the valid part is
     * still read. */
    CHAIN_IS("The talks failed\xff\xfe, Trend reports.", "[Trend]");
    CHAIN_IS("\xc3\x28 reports \xe2\x82", "none");
    CHAIN_IS("According to \xf0\x9f Reuters, the talks failed.", "none");
    CHAIN_IS("According to Reuters\xc0\xaf, the talks failed.", "[Reuters]");
    /* Non-ASCII names. */
    CHAIN_IS("The talks failed, \xc3\x87ukurova Haber reports.",
             "[\xc3\x87ukurova Haber]");
    /* Every byte value once. */
    char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (char)i;
    hr_span via[4];
    size_t n = hr_find_attribution(all, (hr_span){0, 256}, via, 4);
    assert_true(n <= 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verb_at_end),
        cmocka_unit_test(test_verb_with_that),
        cmocka_unit_test(test_inverted),
        cmocka_unit_test(test_according_to),
        cmocka_unit_test(test_citing),
        cmocka_unit_test(test_inner_before_outer_in_text),
        cmocka_unit_test(test_told_and_interview),
        cmocka_unit_test(test_reported_by_and_quoted),
        cmocka_unit_test(test_name_shapes),
        cmocka_unit_test(test_negatives),
        cmocka_unit_test(test_spans_inside_larger_text),
        cmocka_unit_test(test_max_honoured),
        cmocka_unit_test(test_long_capitalised_run),
        cmocka_unit_test(test_megabyte_sentence),
        cmocka_unit_test(test_invalid_utf8),
    };
    return cmocka_run_group_tests_name("attrib", tests, NULL, NULL);
}
