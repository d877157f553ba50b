/* test_boiler.c - body vs boilerplate. Paragraphs written for these tests;
 * ../shared/seeds is read when present (HERALD_SHARED names another
 * place) and the test is skipped otherwise. */
#include "testutil.h"

#include <stdio.h>

/* ---- building documents -------------------------------------------------- */

/* One paragraph of a test document. */
typedef struct tpara {
    const char *text;
    uint32_t ctx;
    const char *lang;
    const char *link;   /* a substring of text that is link text, or NULL */
} tpara;

#define MAXP 64

typedef struct tdoc {
    hr_document doc;
    hr_paragraph p[MAXP];
    hr_span links[MAXP];
    hr_date_candidate cand[4];
} tdoc;

/* A document from paragraphs (terminated by a NULL text). */
static void make_doc(tdoc *t, hr_format fmt, const char *title, const char *outlet,
                     const char *id, const tpara *ps)
{
    memset(t, 0, sizeof *t);
    hr_document *d = &t->doc;
    snprintf(d->id, sizeof d->id, "%s", id ? id : "00000000000000aa");
    d->title = title;
    d->outlet = outlet;
    d->format = fmt;
    d->dateline_para = -1;
    d->paragraphs = t->p;
    size_t n = 0;
    for (; ps[n].text; n++) {
        assert_true(n < MAXP);
        hr_paragraph *p = &t->p[n];
        p->text = ps[n].text;
        p->len = strlen(ps[n].text);
        p->tag = fmt == HR_FMT_HTML ? "p" : "text";
        p->ctx = ps[n].ctx;
        p->lang = ps[n].lang;
        p->repeat_of.para = -1;
        if (ps[n].link) {
            const char *at = strstr(ps[n].text, ps[n].link);
            assert_non_null(at);
            t->links[n].start = (uint32_t)(at - ps[n].text);
            t->links[n].end = t->links[n].start + (uint32_t)strlen(ps[n].link);
            p->links = &t->links[n];
            p->n_links = 1;
        }
    }
    d->n_paragraphs = n;
}

/* Every paragraph classified: BODY with reason PROSE, or BOILERPLATE with a
 * reason that says why. */
static void check_labels(const hr_document *d)
{
    for (size_t i = 0; i < d->n_paragraphs; i++) {
        const hr_paragraph *p = &d->paragraphs[i];
        assert_true(p->kind == HR_PARA_BODY || p->kind == HR_PARA_BOILERPLATE);
        assert_true(p->reason != HR_WHY_NONE && p->reason <= HR_WHY_NO_TEXT);
        if (p->kind == HR_PARA_BODY)
            assert_int_equal(p->reason, HR_WHY_PROSE);
        else
            assert_int_not_equal(p->reason, HR_WHY_PROSE);
    }
}

static void expect(const hr_document *d, size_t i, hr_para_kind kind, hr_reason why)
{
    const hr_paragraph *p = &d->paragraphs[i];
    if (p->kind != kind || (why != HR_WHY_NONE && p->reason != why))
        print_message("  paragraph %zu [%.60s]: kind %d reason %s\n", i, p->text,
                      (int)p->kind, hr_reason_name((hr_reason)p->reason));
    assert_int_equal(p->kind, kind);
    if (why != HR_WHY_NONE)
        assert_int_equal(p->reason, why);
}

#define BODY(d, i) expect(d, i, HR_PARA_BODY, HR_WHY_PROSE)
#define BOIL(d, i, why) expect(d, i, HR_PARA_BOILERPLATE, why)

static int setup(void **state)
{
    *state = hr_boiler_new();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    hr_boiler_free(*state);
    return 0;
}

/* Three paragraphs of invented news prose, used around the lines under
 * test. */
#define PROSE1 "The two governments said on Monday that talks on the border " \
               "crossing would resume next week, after a pause of almost a month " \
               "that both sides blamed on the other."
#define PROSE2 "Officials in the capital told reporters that the delegation " \
               "would be led by the deputy foreign minister, and that a draft " \
               "agreement had already been shared with the mediators."
#define PROSE3 "The previous round ended without a statement. Diplomats said " \
               "the main dispute was over who would control the road and how " \
               "customs duties would be shared."

/* ---- phrases -------------------------------------------------------------------- */

static void test_phrases(void **state)
{
    static const tpara ps[] = {
        {"Photo of author", 0, "en", NULL},
        {"By admin", 0, "en", NULL},
        {PROSE1, 0, "en", NULL},
        {"Read more: Border talks stall again", 0, "en", NULL},
        {PROSE2, 0, "en", NULL},
        {PROSE3, 0, "en", NULL},
        {"Share this article", 0, "en", NULL},
        {"Leave a Comment", 0, "en", NULL},
        {"Subscribe to Google News", 0, "en", NULL},
        {"Follow us on social networks", 0, "en", NULL},
        {"Tags: border, talks, customs", 0, "en", NULL},
        {"All rights reserved. Reproduction is prohibited.", 0, "en", NULL},
        {NULL, 0, NULL, NULL}};
    tdoc t;
    make_doc(&t, HR_FMT_TEXT, NULL, NULL, NULL, ps);
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    BOIL(&t.doc, 0, HR_WHY_PHRASE);
    BOIL(&t.doc, 1, HR_WHY_PHRASE);
    BODY(&t.doc, 2);
    BOIL(&t.doc, 3, HR_WHY_PHRASE);
    BODY(&t.doc, 4);
    BODY(&t.doc, 5);
    for (size_t i = 6; i <= 11; i++)
        BOIL(&t.doc, i, HR_WHY_PHRASE);
}

/* A phrase that begins a sentence of news does not make it boilerplate. */
static void test_phrase_is_not_a_sentence_start(void **state)
{
    static const tpara ps[] = {
        {PROSE1, 0, "en", NULL},
        {"Comments by the minister on Tuesday drew criticism from the opposition, "
         "which called them a retreat from the agreed position.", 0, "en", NULL},
        {"Photos released by the ministry showed damaged buildings near the "
         "crossing and a burned-out truck.", 0, "en", NULL},
        {"By Tuesday evening, the road had been reopened to traffic in both "
         "directions, the police said.", 0, "en", NULL},
        {PROSE2, 0, "en", NULL},
        {NULL, 0, NULL, NULL}};
    tdoc t;
    make_doc(&t, HR_FMT_TEXT, NULL, NULL, NULL, ps);
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    for (size_t i = 0; i < 5; i++)
        BODY(&t.doc, i);
}

static void test_no_text(void **state)
{
    static const tpara ps[] = {
        {PROSE1, 0, "en", NULL},
        {"---02D---", 0, NULL, NULL},
        {"* * *", 0, NULL, NULL},
        {"12 345", 0, NULL, NULL},
        {PROSE2, 0, "en", NULL},
        {NULL, 0, NULL, NULL}};
    tdoc t;
    make_doc(&t, HR_FMT_TEXT, NULL, NULL, NULL, ps);
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    BOIL(&t.doc, 1, HR_WHY_NO_TEXT);
    BOIL(&t.doc, 2, HR_WHY_NO_TEXT);
    BOIL(&t.doc, 3, HR_WHY_NO_TEXT);
    BODY(&t.doc, 0);
    BODY(&t.doc, 4);
}

/* ---- metadata ------------------------------------------------------------------- */

static void test_metadata(void **state)
{
    static const tpara ps[] = {
        {"Border talks to resume next week", 0, "en", NULL},
        {"Published: 14.10.2020 09:15", 0, NULL, NULL},
        {"TESTVILLE, Oct. 14", 0, NULL, NULL},
        {"TESTVILLE (Wire) - " PROSE1, 0, "en", NULL},
        {PROSE2, 0, "en", NULL},
        {NULL, 0, NULL, NULL}};
    tdoc t;
    make_doc(&t, HR_FMT_TEXT, "Border talks to resume next week", NULL, NULL, ps);
    /* what ingest would have found: the dateline alone in paragraph 2,
     * the timestamp in paragraph 1 */
    t.doc.dateline_para = 2;
    t.doc.dateline.start = 0;
    t.doc.dateline.end = (uint32_t)strlen(ps[2].text);
    t.cand[0].how = "timestamp";
    t.cand[0].para = 1;
    t.cand[0].span.start = 11;
    t.cand[0].span.end = (uint32_t)strlen(ps[1].text);
    t.doc.date_candidates = t.cand;
    t.doc.n_date_candidates = 1;
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    BOIL(&t.doc, 0, HR_WHY_METADATA);
    BOIL(&t.doc, 1, HR_WHY_METADATA);
    BOIL(&t.doc, 2, HR_WHY_METADATA);
    BODY(&t.doc, 3);
    BODY(&t.doc, 4);

    /* A dateline with the story after it stays body. */
    t.doc.dateline_para = 3;
    t.doc.dateline.end = 19;
    hr_boiler_classify(*state, &t.doc);
    BODY(&t.doc, 3);
}

/* ---- HTML context and position ------------------------------------------------------ */

enum {
    ART = HR_CTX_ARTICLE | HR_CTX_CONTENT_HINT,
    NAV = HR_CTX_NAV | HR_CTX_LIST,
    SIDE = HR_CTX_ASIDE | HR_CTX_BOILER_HINT,
};

static void test_html_page(void **state)
{
    static const tpara ps[] = {
        /* 0 */ {"Home", NAV, "en", "Home"},
        /* 1 */ {"Politics", NAV, "en", "Politics"},
        /* 2 */ {"Border talks to resume next week", ART | HR_CTX_HEADING, "en", NULL},
        /* 3 */ {PROSE1, ART, "en", NULL},
        /* 4 */ {"Mediators in the region", ART | HR_CTX_HEADING, "en", NULL},
        /* 5 */ {PROSE2, ART, "en", NULL},
        /* 6 */ {"Customs posts and the road through the valley.", ART | HR_CTX_CAPTION,
                 "en", NULL},
        /* 7 */ {PROSE3, ART, "en", NULL},
        /* 8 */ {"In other news, the national team won its match on Saturday, and "
                 "the coach said the players had shown great spirit in the second "
                 "half of the game.", SIDE, "en", NULL},
        /* 9 */ {"Contact the newsroom", HR_CTX_FOOTER, "en", NULL},
        {NULL, 0, NULL, NULL}};
    tdoc t;
    make_doc(&t, HR_FMT_HTML, "Border talks to resume next week | Test Times", NULL, NULL,
             ps);
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    BOIL(&t.doc, 0, HR_WHY_PHRASE);     /* "Home" is in the phrase list */
    BOIL(&t.doc, 1, HR_WHY_CONTEXT);
    BOIL(&t.doc, 2, HR_WHY_METADATA);   /* the title heading */
    BODY(&t.doc, 3);
    BODY(&t.doc, 4);                    /* a subheading inside the article */
    BODY(&t.doc, 5);
    BOIL(&t.doc, 6, HR_WHY_CONTEXT);
    BODY(&t.doc, 7);
    BOIL(&t.doc, 8, HR_WHY_CONTEXT);
    BOIL(&t.doc, 9, HR_WHY_CONTEXT);
}

/* Prose outside the article's container and after the article is not body,
 * even with no class hints: position and container signature. */
static void test_teasers_after_article(void **state)
{
    static const tpara ps[] = {
        {PROSE1, ART | HR_CTX_MAIN, "en", NULL},
        {PROSE2, ART | HR_CTX_MAIN, "en", NULL},
        {PROSE3, ART | HR_CTX_MAIN, "en", NULL},
        {"Most read", HR_CTX_HEADING, "en", NULL},
        {"Minister resigns over road contract", 0, "en", "Minister resigns"},
        {"Storm closes mountain pass", 0, "en", "Storm closes"},
        {"A second article begins here: the council met on Friday and voted to "
         "build a new bridge over the river, which it said would be finished "
         "within two years.", HR_CTX_LIST, "en", NULL},
        {NULL, 0, NULL, NULL}};
    tdoc t;
    make_doc(&t, HR_FMT_HTML, NULL, NULL, NULL, ps);
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    BODY(&t.doc, 0);
    BODY(&t.doc, 1);
    BODY(&t.doc, 2);
    for (size_t i = 3; i < 7; i++)
        expect(&t.doc, i, HR_PARA_BOILERPLATE, HR_WHY_NONE);
}

static void test_links(void **state)
{
    static const tpara ps[] = {
        {PROSE1, ART, "en", NULL},
        {"See the full list of crossings and opening hours here", ART, "en",
         "See the full list of crossings and opening hours here"},
        {PROSE2, ART, "en", NULL},
        {PROSE3, ART, "en", NULL},
        {"Previous coverage of the border dispute and the customs talks", ART, "en",
         "Previous coverage of the border dispute and the customs talks"},
        {NULL, 0, NULL, NULL}};
    tdoc t;
    make_doc(&t, HR_FMT_HTML, NULL, NULL, NULL, ps);
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    BODY(&t.doc, 0);
    BOIL(&t.doc, 1, HR_WHY_LINKS);
    BODY(&t.doc, 2);
    BODY(&t.doc, 3);
    BOIL(&t.doc, 4, HR_WHY_LINKS);
}

/* Comments: two comment headers with text between them start a section that
 * is not the article, however well written. */
static void test_comments(void **state)
{
    static const tpara ps[] = {
        {PROSE1, ART, "en", NULL},
        {PROSE2, ART, "en", NULL},
        {"reader42 says:", ART, "en", NULL},
        {"I have followed these talks for years and I think that the road will "
         "never be opened, because neither side wants to give up the customs money.",
         ART, "en", NULL},
        {"Jane on May 3, 2021 at 6:34 am said:", ART, "en", NULL},
        {"That is a fair point, but the mediators have been more patient this time "
         "and the two ministers have met twice already.", ART, "en", NULL},
        {NULL, 0, NULL, NULL}};
    tdoc t;
    make_doc(&t, HR_FMT_HTML, NULL, NULL, NULL, ps);
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    BODY(&t.doc, 0);
    BODY(&t.doc, 1);
    for (size_t i = 2; i < 6; i++)
        expect(&t.doc, i, HR_PARA_BOILERPLATE, HR_WHY_NONE);
}

static void test_captions(void **state)
{
    static const tpara ps[] = {
        {PROSE1, ART, "en", NULL},
        {"The deputy minister, left, and the mediator shake hands before the talks "
         "on Monday.", ART, "en", NULL},
        {PROSE2, ART, "en", NULL},
        {"Trucks wait at the closed crossing on Sunday. (AP Photo/Test Photographer)",
         ART, "en", NULL},
        {PROSE3, ART, "en", NULL},
        {NULL, 0, NULL, NULL}};
    tdoc t;
    make_doc(&t, HR_FMT_HTML, NULL, NULL, NULL, ps);
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    BODY(&t.doc, 0);
    BOIL(&t.doc, 1, HR_WHY_PHRASE);
    BODY(&t.doc, 2);
    BOIL(&t.doc, 3, HR_WHY_PHRASE);
    BODY(&t.doc, 4);
}

/* ---- plain text ------------------------------------------------------------------------ */

/* Between body paragraphs, a short line stays body in HTML (a subheading,
 * jusText's context smoothing) but is a heading, not a sentence, in plain
 * text; a question is a sentence either way. */
static void test_short_lines(void **state)
{
    static const tpara ps[] = {
        {PROSE1, 0, "en", NULL},
        {"Customs dispute", 0, "en", NULL},
        {PROSE2, 0, "en", NULL},
        {"What happened at the crossing today?", 0, "en", NULL},
        {PROSE3, 0, "en", NULL},
        {NULL, 0, NULL, NULL}};
    tdoc t;
    make_doc(&t, HR_FMT_TEXT, NULL, NULL, NULL, ps);
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    BODY(&t.doc, 0);
    BOIL(&t.doc, 1, HR_WHY_SHORT);
    BODY(&t.doc, 2);
    BODY(&t.doc, 3);
    BODY(&t.doc, 4);

    make_doc(&t, HR_FMT_HTML, NULL, NULL, NULL, ps);
    for (size_t i = 0; i < t.doc.n_paragraphs; i++)
        t.p[i].ctx = ART;
    t.p[1].ctx |= HR_CTX_HEADING;
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    for (size_t i = 0; i < 5; i++)
        BODY(&t.doc, i);
}

/* Short lines in another language in an English article are promos; what
 * follows the body is boilerplate by position. */
static void test_foreign_promos(void **state)
{
    static const tpara ps[] = {
        {PROSE1, 0, "en", NULL},
        {PROSE2, 0, "en", NULL},
        {"Самые важные новости региона первыми в нашем канале в Телеграме", 0, "ru",
         NULL},
        {PROSE3, 0, "en", NULL},
        {"Bizim Telegram kanalımıza qoşulun və xəbərləri ilk siz oxuyun", 0, "az", NULL},
        {"Dear reader, thank you for staying with us", 0, "en", NULL},
        {NULL, 0, NULL, NULL}};
    tdoc t;
    make_doc(&t, HR_FMT_TEXT, NULL, NULL, NULL, ps);
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    BODY(&t.doc, 0);
    BODY(&t.doc, 1);
    BOIL(&t.doc, 2, HR_WHY_SHORT);
    BODY(&t.doc, 3);
    BOIL(&t.doc, 4, HR_WHY_SHORT);
    BOIL(&t.doc, 5, HR_WHY_NONE);

    /* Without languages (the lang module not run) the script still tells
     * the Cyrillic line apart. */
    for (size_t i = 0; i < t.doc.n_paragraphs; i++)
        t.p[i].lang = NULL;
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    BODY(&t.doc, 0);
    BOIL(&t.doc, 2, HR_WHY_SHORT);
    BODY(&t.doc, 3);
}

/* A document in another language is judged by length and punctuation. */
static void test_other_language_article(void **state)
{
    static const tpara ps[] = {
        {"Главная", HR_CTX_NAV, "ru", "Главная"},
        {"Министры двух стран встретились в понедельник и договорились "
         "продолжить переговоры о пограничном переходе на следующей неделе.",
         ART, "ru", NULL},
        {"По словам дипломатов, главный спор касается контроля над дорогой и "
         "распределения таможенных сборов.", ART, "ru", NULL},
        {"Поделиться", ART, "ru", NULL},
        {NULL, 0, NULL, NULL}};
    tdoc t;
    make_doc(&t, HR_FMT_HTML, NULL, NULL, NULL, ps);
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    BOIL(&t.doc, 0, HR_WHY_CONTEXT);
    BODY(&t.doc, 1);
    BODY(&t.doc, 2);
    BOIL(&t.doc, 3, HR_WHY_PHRASE);
}

/* ---- repetition ---------------------------------------------------------------------- */

#define PROMO "Our newsroom brings you the stories that matter every single day"

/* A line on three earlier pages of the outlet is boilerplate on the fourth,
 * even though it reads like prose; copies of one page count once. */
static void test_repeated_line_outlet(void **state)
{
    hr_boiler *bp = *state;
    static const char *const stories[] = {PROSE1, PROSE2, PROSE3,
                                          "A fourth story: " PROSE1};
    static const char *const ids[] = {"000000000000a001", "000000000000a002",
                                      "000000000000a003", "000000000000a004"};
    tdoc t;
    for (int k = 0; k < 4; k++) {
        tpara ps[] = {{stories[k], 0, "en", NULL},
                      {PROSE2, 0, "en", NULL},
                      {PROMO, 0, "en", NULL},
                      {NULL, 0, NULL, NULL}};
        make_doc(&t, HR_FMT_TEXT, NULL, "Test Times", ids[k], ps);
        hr_boiler_classify(bp, &t.doc);
        check_labels(&t.doc);
        if (k < 3)
            assert_int_not_equal(t.p[2].reason, HR_WHY_REPEATED_LINE);
        else
            BOIL(&t.doc, 2, HR_WHY_REPEATED_LINE);
    }

    /* Another outlet: the same line is new there, and the corpus has seen
     * it only in 4 documents. */
    tpara ps[] = {{PROSE1, 0, "en", NULL},
                  {PROSE3, 0, "en", NULL},
                  {PROMO, 0, "en", NULL},
                  {NULL, 0, NULL, NULL}};
    make_doc(&t, HR_FMT_TEXT, NULL, "Other Daily", "000000000000b001", ps);
    hr_boiler_classify(bp, &t.doc);
    assert_int_not_equal(t.p[2].reason, HR_WHY_REPEATED_LINE);
}

static void test_repeated_line_copies(void **state)
{
    hr_boiler *bp = *state;
    tpara ps[] = {{PROSE1, 0, "en", NULL},
                  {PROSE2, 0, "en", NULL},
                  {PROMO, 0, "en", NULL},
                  {NULL, 0, NULL, NULL}};
    tdoc t;
    /* The same document ten times (one id): never "repeated". */
    for (int k = 0; k < 10; k++) {
        make_doc(&t, HR_FMT_TEXT, NULL, "Test Times", "000000000000c001", ps);
        hr_boiler_classify(bp, &t.doc);
        assert_int_not_equal(t.p[2].reason, HR_WHY_REPEATED_LINE);
    }
}

static void test_repeated_line_corpus(void **state)
{
    hr_boiler *bp = *state;
    tdoc t;
    char id[17];
    for (int k = 0; k < 8; k++) {
        tpara ps[] = {{PROSE1, 0, "en", NULL},
                      {PROSE3, 0, "en", NULL},
                      {"Send us your tips", 0, "en", NULL},
                      {NULL, 0, NULL, NULL}};
        snprintf(id, sizeof id, "00000000000d%04d", k);
        make_doc(&t, HR_FMT_TEXT, NULL, NULL, id, ps);
        hr_boiler_classify(bp, &t.doc);
        if (k >= 6)
            BOIL(&t.doc, 2, HR_WHY_REPEATED_LINE);
        else
            assert_int_not_equal(t.p[2].reason, HR_WHY_REPEATED_LINE);
    }
}

/* The line memory is a fixed table: flooding it with one-off lines does not
 * make it forget a line that pages keep repeating. */
static void test_line_memory_bounded(void **state)
{
    hr_boiler *bp = *state;
    tdoc t;
    char lines[MAXP][64], id[17];
    unsigned serial = 0, seen = 0;
    for (int k = 0; k < 4000; k++) {
        tpara ps[MAXP + 1];
        size_t n = 0;
        bool with = k % 50 < 2;   /* two pages in a row, every 50 pages */
        ps[n++] = (tpara){PROSE1, 0, "en", NULL};
        if (with)
            ps[n++] = (tpara){"Send us your tips", 0, "en", NULL};
        while (n < 60) {
            snprintf(lines[n], sizeof lines[n], "one-off line number %u", serial++);
            ps[n] = (tpara){lines[n], 0, "en", NULL};
            n++;
        }
        ps[n] = (tpara){NULL, 0, NULL, NULL};
        snprintf(id, sizeof id, "%016x", 0xe0000u + (unsigned)k);
        make_doc(&t, HR_FMT_TEXT, NULL, NULL, id, ps);
        hr_boiler_classify(bp, &t.doc);
        if (with) {
            if (seen >= 6)
                BOIL(&t.doc, 1, HR_WHY_REPEATED_LINE);
            seen++;
        }
    }
    assert_true(serial > 200000);   /* more one-off lines than table slots */
}

/* ---- within one page ---------------------------------------------------------------- */

static void test_duplicates_in_page(void **state)
{
    static const tpara ps[] = {
        {PROSE1, ART, "en", NULL},
        {PROSE2, ART, "en", NULL},
        {PROSE2, ART, "en", NULL},   /* the same text twice in a row */
        {PROSE3, ART, "en", NULL},
        {"Was the customs agreement fair to both sides?", ART, "en", NULL},
        {PROSE1 " " PROSE3, ART, "en", NULL},
        {"Was the customs agreement fair to both sides?", ART, "en", NULL},
        {"The mediators said they would publish the draft once both capitals "
         "had approved it.", ART, "en", NULL},
        {NULL, 0, NULL, NULL}};
    tdoc t;
    make_doc(&t, HR_FMT_HTML, NULL, NULL, NULL, ps);
    hr_boiler_classify(*state, &t.doc);
    check_labels(&t.doc);
    BODY(&t.doc, 1);
    BOIL(&t.doc, 2, HR_WHY_REPEATED_LINE);
    BODY(&t.doc, 4);
    BODY(&t.doc, 6);   /* a short repeat far from the first: the article's own */
}

/* ---- bad input ---------------------------------------------------------------------------- */

static void test_bad_input(void **state)
{
    hr_boiler *bp = *state;
    tdoc t;
    static const tpara none[] = {{NULL, 0, NULL, NULL}};
    make_doc(&t, HR_FMT_HTML, NULL, NULL, NULL, none);
    hr_boiler_classify(bp, &t.doc);   /* no paragraphs: nothing to do */
    hr_boiler_classify(NULL, &t.doc);

    /* A page that is all links: no body. */
    static const tpara links[] = {
        {"Home", NAV, NULL, "Home"},
        {"World news and analysis from our correspondents", 0, "en",
         "World news and analysis from our correspondents"},
        {"Business, markets and the economy this week", 0, "en",
         "Business, markets and the economy this week"},
        {NULL, 0, NULL, NULL}};
    make_doc(&t, HR_FMT_HTML, NULL, NULL, NULL, links);
    hr_boiler_classify(bp, &t.doc);
    check_labels(&t.doc);
    for (size_t i = 0; i < t.doc.n_paragraphs; i++)
        assert_int_equal(t.p[i].kind, HR_PARA_BOILERPLATE);

    /* A 10 MB paragraph of prose, invalid UTF-8 bytes and a link span out
     * of range. */
    size_t big = 10u << 20;
    char *text = malloc(big + 1);
    assert_non_null(text);
    const char *unit = "the talks went on and the road stayed closed, he said. ";
    size_t ul = strlen(unit);
    for (size_t i = 0; i < big; i++)
        text[i] = unit[i % ul];
    text[100] = (char)0xff;
    text[101] = (char)0xc3;
    text[big] = '\0';
    tpara one[] = {{text, 0, NULL, NULL}, {"\xe2\x80", 0, NULL, NULL},
                   {NULL, 0, NULL, NULL}};
    make_doc(&t, HR_FMT_TEXT, NULL, NULL, NULL, one);
    t.links[0].start = UINT32_MAX - 1;   /* past the end: ignored */
    t.links[0].end = UINT32_MAX;
    t.p[0].links = &t.links[0];
    t.p[0].n_links = 1;
    hr_boiler_classify(bp, &t.doc);
    check_labels(&t.doc);
    BODY(&t.doc, 0);
    BOIL(&t.doc, 1, HR_WHY_NO_TEXT);
    free(text);

    /* An unknown script with no spaces, and a timestamp candidate that
     * points past the paragraphs. */
    static const tpara odd[] = {
        {"\xea\xb0\x80\xea\xb0\x81\xea\xb0\x82\xea\xb0\x83", 0, "und", NULL},
        {NULL, 0, NULL, NULL}};
    make_doc(&t, HR_FMT_TEXT, "", "", NULL, odd);
    t.cand[0].how = "timestamp";
    t.cand[0].para = 7;
    t.cand[0].span.start = 3;
    t.cand[0].span.end = 1;
    t.doc.date_candidates = t.cand;
    t.doc.n_date_candidates = 1;
    hr_boiler_classify(bp, &t.doc);
    check_labels(&t.doc);
}

/* Through the real ingest: an HTML page the test writes. */
static void test_html_through_ingest(void **state)
{
    static const char page[] =
        "<html><head><title>Border talks to resume | Test Times</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul></nav>"
        "<article class='story'><h1>Border talks to resume</h1>"
        "<div class='share'>Share this article</div>"
        "<p>" PROSE1 "</p><p>" PROSE2 "</p>"
        "<figure><figcaption>Trucks at the crossing. Photo: Test</figcaption></figure>"
        "<p>" PROSE3 "</p></article>"
        "<aside class='related'><h3>Related</h3><ul><li><a href='/a'>Older talks "
        "failed</a></li></ul></aside>"
        "<footer><p>&copy; 2024 Test Times. All rights reserved.</p></footer>"
        "</body></html>";
    hr_ingest *in = hr_ingest_new(NULL);
    assert_non_null(in);
    assert_int_equal(hr_ingest_add_buffer(in, "page.html", page, sizeof page - 1), HR_OK);
    hr_document *d = NULL;
    hr_error err;
    assert_int_equal(hr_ingest_next(in, &d, &err), HR_OK);
    hr_boiler_classify(*state, d);
    check_labels(d);
    size_t body = 0;
    for (size_t i = 0; i < d->n_paragraphs; i++) {
        const hr_paragraph *p = &d->paragraphs[i];
        bool prose = strncmp(p->text, "The ", 4) == 0 || strncmp(p->text, "Officials", 9) == 0;
        assert_int_equal(p->kind == HR_PARA_BODY, prose);
        body += p->kind == HR_PARA_BODY;
    }
    assert_int_equal(body, 3);
    hr_ingest_free(in);
}

/* ---- the seeds ---------------------------------------------------------------------------- */

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The lines the issue names as boilerplate (their first words suffice). */
static bool named_boilerplate(const char *s)
{
    static const char *const NAMED[] = {
        "A\xc3\xa7iq m\xc9\x99nb\xc9\x99l\xc9\x99rd\xc9\x99n foto.", "Leave a review",
        "Follow us on social networks", "Subscribe to Google News",
        ">>Be a reporter: Write and send your article.<<", "Leave a Comment",
        "Photo of author", "By admin", "InvestPro Azerbaijan",
        "Read more: 24/7", "---02D---", "News Line", "Nagorno-Karabakh conflict",
        "Editorial team", "Follow us everywhere"};
    for (size_t i = 0; i < sizeof NAMED / sizeof *NAMED; i++)
        if (strcmp(s, NAMED[i]) == 0 || (strlen(NAMED[i]) > 12 && starts(s, NAMED[i])))
            return true;
    return false;
}

static void run_seeds(hr_boiler *bp, hr_langid *lid, const char *dir)
{
    hr_ingest *in = hr_ingest_new(NULL);
    assert_non_null(in);
    assert_int_equal(hr_ingest_add_path(in, dir), HR_OK);
    hr_document *d;
    hr_error err;
    size_t docs = 0, named = 0;
    while (hr_ingest_next(in, &d, &err) == HR_OK) {
        docs++;
        for (size_t i = 0; i < d->n_paragraphs; i++)
            d->paragraphs[i].lang =
                lid ? hr_langid_detect(lid, d->paragraphs[i].text, d->paragraphs[i].len)
                    : NULL;
        hr_boiler_classify(bp, d);
        check_labels(d);
        bool after_review = false;   /* 000: the advert block ends the page */
        for (size_t i = 0; i < d->n_paragraphs; i++) {
            const hr_paragraph *p = &d->paragraphs[i];
            if (strcmp(p->text, "Leave a review") == 0)
                after_review = true;
            bool boiler = named_boilerplate(p->text) || after_review;
            named += named_boilerplate(p->text);
            if (boiler) {
                if (p->kind != HR_PARA_BOILERPLATE)
                    print_message("  body, should not be: [%.60s]\n", p->text);
                assert_int_equal(p->kind, HR_PARA_BOILERPLATE);
            } else if (strchr(".?!\"", p->text[p->len - 1]) ||
                       (p->len > 3 && strcmp(p->text + p->len - 3, "\xe2\x80\x9d") == 0)) {
                /* every sentence of the stories */
                if (p->kind != HR_PARA_BODY)
                    print_message("  boilerplate, should not be: [%.60s] (%s)\n", p->text,
                                  hr_reason_name((hr_reason)p->reason));
                assert_int_equal(p->kind, HR_PARA_BODY);
            }
        }
    }
    assert_int_equal(docs, 5);
    assert_true(named >= 16);
    hr_ingest_free(in);
}

static void test_seeds(void **state)
{
    const char *shared = getenv("HERALD_SHARED");
    char dir[2048], probe[2100];
    snprintf(dir, sizeof dir, "%s/seeds", shared ? shared : "../shared");
    snprintf(probe, sizeof probe, "%s/000_2c9c26368f0cda3b.txt", dir);
    FILE *f = fopen(probe, "rb");
    if (!f) {
        skip();
        return;
    }
    fclose(f);
    run_seeds(*state, NULL, dir);   /* without languages */
    hr_boiler *fresh = hr_boiler_new();
    hr_error err;
    hr_langid *lid = hr_langid_new(&err);
    assert_non_null(fresh);
    if (lid)
        run_seeds(fresh, lid, dir);   /* and with them, as hr_clean runs it */
    hr_langid_free(lid);
    hr_boiler_free(fresh);
}

static void test_phrase_table(void **state)
{
    (void)state;
    extern const char *const hr_boilerplate[];
    extern const size_t hr_boilerplate_count;
    assert_true(hr_boilerplate_count > 100);
    assert_null(hr_boilerplate[hr_boilerplate_count]);
    for (size_t i = 0; i < hr_boilerplate_count; i++)
        assert_true(hr_boilerplate[i][0] != '\0');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_phrases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phrase_is_not_a_sentence_start, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metadata, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_teasers_after_article, setup, teardown),
        cmocka_unit_test_setup_teardown(test_links, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_captions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_promos, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_language_article, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repeated_line_outlet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repeated_line_copies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repeated_line_corpus, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_memory_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicates_in_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_through_ingest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seeds, setup, teardown),
        cmocka_unit_test(test_phrase_table),
    };
    return cmocka_run_group_tests_name("boiler", tests, NULL, NULL);
}
