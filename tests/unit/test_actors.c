/* test_actors.c - Herald's dictionary format, the matcher's rules (case,
 * normalization, dates, agents, metonyms, places), and the diagnostics a
 * broken dictionary gets. */
#include "testutil.h"
#include "actors/actors.h"

#include <stdio.h>

/* ---- helpers --------------------------------------------------------- */

typedef struct diags {
    int n, errors;
    uint64_t line[64];
    char msg[64][512];
    bool is_error[64];
} diags;

static void collect(void *ud, const hr_error *e, bool is_error)
{
    diags *d = ud;
    d->errors += is_error;
    if (d->n < 64) {
        d->line[d->n] = e->record;
        snprintf(d->msg[d->n], sizeof d->msg[0], "%s", e->msg);
        d->is_error[d->n] = is_error;
        d->n++;
    }
}

static const char UNITS[] =
    "@unit AZE country\n@unit ARM country\n@unit RUS country\n@unit TUR country\n"
    "@unit USA country\n@unit ARG country\n@unit LBY country\n@unit LBN country\n"
    "@unit FRA country\n@unit IGO international\n@unit UNO org\n"
    "@unit GOV role\n@unit MIL role\n@unit ELI role\n@unit SEP role\n";

static const char DICT[] =
    "# people\n"
    "Ilham Aliyev | President Ilham Aliyev | Aliyev\n"
    "  AZEGOV 2003-10-31..\n"
    "  AZEELI 1995..2003-10-30\n"
    "\n"
    "Heydar Aliyev | Aliyev\n"
    "  AZEGOV 1993-06-15..2003-10-31   # handover day: the newcomer wins\n"
    "\n"
    "Mevlut Cavusoglu\n"
    "  TURGOV 2014-08-29..2023-06-03\n"
    "Azerbaijan | Azerbaijani | Azerbaijanis\n"
    "  AZE\n"
    "Armenia | Armenian | Armenians\n"
    "  ARM\n"
    "Russia | Russian\n"
    "  RUS\n"
    "Turkey\n"
    "  TUR\n"
    "Nagorno-Karabakh Republic\n"
    "  AZESEP\n"
    "Baku\n"
    "  AZEGOV\n"
    "  place\n"
    "Kremlin\n"
    "  RUSGOV\n"
    "Vladimir Putin | Putin\n"
    "  RUSGOV 2000-05-07..\n"
    "United Nations | UN\n"
    "  IGOUNO\n"
    "United States | US | U.S.\n"
    "  USA\n"
    "=WHO\n"
    "  IGOUNO\n"
    "~Mission Impossible\n"
    "  FRA\n"
    "Argentin*\n"
    "  ARG\n"
    "armed forces | forces | troops | army | serviceman\n"
    "  ~MIL\n"
    "side\n"
    "  ~\n"
    "president\n"
    "  ~GOV\n"
    "Turkey Point\n"
    "  -\n";

static const char PLACES[] =
    "Azerbaijan\t\tAZE\tcountry\t40.3\t47.7\t10000000\t\n"
    "Baku\t\tAZE\tcity\t40.4093\t49.8671\t2000000\t\n"
    "Shusha\tShushi\tAZE\tcity\t39.76\t46.75\t4000\t\n"
    "Nice\t\tFRA\tcity\t43.7\t7.27\t340000\tw\n"
    "Tripoli\t\tLBY\tcity\t32.88\t13.19\t1150000\t\n"
    "Tripoli\t\tLBN\tcity\t34.43\t35.84\t230000\t\n"
    "Stepanakert\t\tAZE\tcity\t39.815\t46.752\t55000\t\n"
    "@extra\n"
    "Stepanakert\tKhankendi|Xankəndi\tAZE\tcity\t39.815\t46.752\t55000\t\n";

static hr_dict *make_dict(diags *dg, const char *extra)
{
    hr_error err;
    hr_dict *d = hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, collect, dg, &err);
    assert_non_null(d);
    assert_int_equal(hr_dict_load_buffer(d, "units.txt", UNITS, strlen(UNITS), &err), HR_OK);
    assert_int_equal(hr_dict_load_buffer(d, "test.txt", DICT, strlen(DICT), &err), HR_OK);
    if (extra)
        assert_int_equal(hr_dict_load_buffer(d, "extra.txt", extra, strlen(extra), &err), HR_OK);
    assert_int_equal(hr_gazetteer_load(d, "places.tsv", PLACES, strlen(PLACES), &err), HR_OK);
    assert_int_equal(hr_dict_finish(d, &err), HR_OK);
    return d;
}

static int setup(void **state)
{
    static diags dg;
    memset(&dg, 0, sizeof dg);
    *state = make_dict(&dg, NULL);
    assert_int_equal(dg.n, 0);
    return 0;
}

static int teardown(void **state)
{
    hr_dict_free(*state);
    return 0;
}

/* "span text=kind:code" for every match of every sentence, joined by "; " */
static const char *run(hr_dict *d, const char *text, const char *date)
{
    static char out[4096];
    hr_error err;
    hr_matcher *m = hr_matcher_new(d, &err);
    hr_splitter *sp = hr_splitter_new();
    hr_date dt = {0};
    if (date)
        assert_true(hr_date_parse_iso(date, strlen(date), &dt));
    const hr_sentence *s;
    size_t ns = hr_split(sp, text, strlen(text), 0, &s);
    out[0] = '\0';
    size_t o = 0;
    for (size_t i = 0; i < ns; i++) {
        const hr_match *mt;
        size_t n = hr_match_sentence(m, text, &s[i], date ? &dt : NULL, &mt);
        for (size_t k = 0; k < n; k++) {
            const char *kind = mt[k].kind == HR_MATCH_ACTOR ? "actor"
                               : mt[k].kind == HR_MATCH_AGENT ? "agent" : "place";
            o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s=%s:%s", o ? "; " : "",
                                  (int)(mt[k].span.end - mt[k].span.start),
                                  text + mt[k].span.start, kind, mt[k].code);
        }
    }
    hr_splitter_free(sp);
    hr_matcher_free(m);
    return out;
}

/* ---- matching ----------------------------------------------------------- */

static void test_dates_pick_the_office_holder(void **state)
{
    hr_dict *d = *state;
    assert_string_equal(run(d, "Aliyev spoke.", "1999-01-01"), "Aliyev=actor:AZEGOV");
    assert_string_equal(run(d, "Aliyev spoke.", "2001-05-01"), "Aliyev=actor:AZEGOV");
    /* on the handover day the range that began last wins: Ilham's */
    hr_error err;
    hr_matcher *m = hr_matcher_new(d, &err);
    const hr_match *mt;
    hr_date day = {.year = 2003, .month = 10, .day = 31};
    assert_int_equal(hr_dict_lookup(m, "Aliyev", &day, &mt), 1);
    assert_string_equal(mt[0].name, "Ilham Aliyev");
    hr_date before = {.year = 2003, .month = 10, .day = 30};
    assert_int_equal(hr_dict_lookup(m, "Aliyev", &before, &mt), 1);
    assert_string_equal(mt[0].name, "Heydar Aliyev");
    assert_true(mt[0].flags & HR_MF_DATED);
    /* Ilham before office: an elite */
    assert_int_equal(hr_dict_lookup(m, "Ilham Aliyev", &before, &mt), 1);
    assert_string_equal(mt[0].code, "AZEELI");
    /* no date: the latest range, flagged */
    assert_int_equal(hr_dict_lookup(m, "Ilham Aliyev", NULL, &mt), 1);
    assert_string_equal(mt[0].code, "AZEGOV");
    assert_true(mt[0].flags & HR_MF_UNDATED);
    /* out of every range and no undated code: nothing */
    hr_date late = {.year = 2024, .month = 1, .day = 1};
    assert_int_equal(hr_dict_lookup(m, "Mevlut Cavusoglu", &late, &mt), 0);
    hr_matcher_free(m);
}

static void test_case_rules(void **state)
{
    hr_dict *d = *state;
    assert_string_equal(run(d, "Turkey said no.", "2020-01-01"), "Turkey=actor:TUR");
    assert_string_equal(run(d, "We ate turkey.", "2020-01-01"), "");
    assert_string_equal(run(d, "TURKEY SAID NO.", "2020-01-01"), "TURKEY=actor:TUR");
    /* acronyms only in capitals */
    assert_string_equal(run(d, "The UN met us.", "2020-01-01"), "The UN=actor:IGOUNO");
    assert_string_equal(run(d, "Tell us, Un.", "2020-01-01"), "");
    /* exact and any-case names */
    assert_string_equal(run(d, "The WHO said.", NULL), "The WHO=actor:IGOUNO");
    assert_string_equal(run(d, "Who said it?", NULL), "");
    assert_string_equal(run(d, "A mission impossible.", NULL), "mission impossible=actor:FRA");
    /* agents in any case, and plural */
    assert_string_equal(run(d, "TROOPS moved. Servicemen left.", NULL),
                        "TROOPS=agent:MIL; Servicemen=agent:MIL");
    /* prefixes */
    assert_string_equal(run(d, "Argentina and the Argentine team.", NULL),
                        "Argentina=actor:ARG; the Argentine=actor:ARG");
}

static void test_normalization(void **state)
{
    hr_dict *d = *state;
    assert_string_equal(run(d, "Mevlüt Çavuşoğlu met Putin.", "2020-01-01"),
                        "Mevlüt Çavuşoğlu=actor:TURGOV; Putin=actor:RUSGOV");
    /* hyphens, dashes and spaces are one */
    assert_string_equal(run(d, "The Nagorno Karabakh Republic and the "
                               "Nagorno–Karabakh Republic.", NULL),
                        "The Nagorno Karabakh Republic=actor:AZESEP; "
                        "the Nagorno–Karabakh Republic=actor:AZESEP");
    /* periods inside words, possessives, the leading "the" */
    assert_string_equal(run(d, "The U.S. and Russia’s envoy met at the Kremlin.", NULL),
                        "The U.S.=actor:USA; Russia’s=actor:RUS; the Kremlin=actor:RUSGOV");
    /* longest match; a discard blocks the shorter name inside it */
    assert_string_equal(run(d, "President Ilham Aliyev visited Turkey Point.", "2020-01-01"),
                        "President Ilham Aliyev=actor:AZEGOV");
}

static void test_agents_take_a_country(void **state)
{
    hr_dict *d = *state;
    assert_string_equal(run(d, "Azerbaijan's army and Armenian forces clashed.", NULL),
                        "Azerbaijan's army=agent:AZEMIL; Armenian forces=agent:ARMMIL");
    assert_string_equal(run(d, "Troops of Armenia and the forces of the Azerbaijan.", NULL),
                        "Troops of Armenia=agent:ARMMIL; the forces of the Azerbaijan=agent:AZEMIL");
    assert_string_equal(run(d, "The Armenian side said.", NULL), "The Armenian side=agent:ARM");
    assert_string_equal(run(d, "The side said.", NULL), "");
    assert_string_equal(run(d, "Troops moved.", NULL), "Troops=agent:MIL");
    /* a title merges into the person after it */
    assert_string_equal(run(d, "Russian President Vladimir Putin said.", "2020-01-01"),
                        "Russian President Vladimir Putin=actor:RUSGOV");
}

static void test_metonyms_and_places(void **state)
{
    hr_dict *d = *state;
    assert_string_equal(run(d, "Baku said no.", NULL), "Baku=actor:AZEGOV");
    assert_string_equal(run(d, "They met in Baku.", NULL), "Baku=place:AZE");
    assert_string_equal(run(d, "He flew to Baku.", NULL), "Baku=place:AZE");
    assert_string_equal(run(d, "A note to Baku.", NULL), "Baku=actor:AZEGOV");
    assert_string_equal(run(d, "Talks with Baku on the border.", NULL),
                        "Baku=actor:AZEGOV");
    assert_string_equal(run(d, "At Baku's initiative, at midnight Baku time.", NULL),
                        "Baku's=actor:AZEGOV; Baku=place:AZE");
    /* a capital is the government when it acts, else the city */
    assert_string_equal(run(d, "Baku has repeatedly warned.", NULL), "Baku=actor:AZEGOV");
    assert_string_equal(run(d, "Baku and Moscow agreed.", NULL), "Baku=actor:AZEGOV");
    assert_string_equal(run(d, "Baku's position is firm.", NULL), "Baku's=actor:AZEGOV");
    assert_string_equal(run(d, "Baku's airport was shut.", NULL), "Baku's=place:AZE");
    assert_string_equal(run(d, "Baku residents fled.", NULL), "Baku=place:AZE");
    assert_string_equal(run(d, "Baku-based firms.", NULL), "Baku=place:AZE");
    assert_string_equal(run(d, "Azerbaijan said.", NULL), "Azerbaijan=actor:AZE");
    assert_string_equal(run(d, "Fighting in Azerbaijan.", NULL), "Azerbaijan=place:AZE");
    /* common words only after a preposition */
    assert_string_equal(run(d, "Nice to meet you in Nice.", NULL), "Nice=place:FRA");
    /* small places need a preposition (or the document's countries) */
    assert_string_equal(run(d, "Shusha fell.", NULL), "");
    assert_string_equal(run(d, "Shelling near Shushi.", NULL), "Shushi=place:AZE");
    /* names from the extra rows join the generated place */
    assert_string_equal(run(d, "Khankendi and Xankəndi.", NULL),
                        "Khankendi=place:AZE; Xankəndi=place:AZE");
    /* ambiguous: the most populous without other evidence */
    assert_string_equal(run(d, "Tripoli is calm.", NULL), "Tripoli=place:LBY");
}

static void test_spans_are_exact_bytes(void **state)
{
    hr_dict *d = *state;
    hr_error err;
    hr_matcher *m = hr_matcher_new(d, &err);
    hr_splitter *sp = hr_splitter_new();
    const char *text = "«Azerbaijani troops», said Ilham Aliyev's aide.";
    const hr_sentence *s;
    assert_int_equal(hr_split(sp, text, strlen(text), 0, &s), 1);
    const hr_match *mt;
    hr_date dt = {.year = 2020, .month = 10, .day = 1};
    size_t n = hr_match_sentence(m, text, &s[0], &dt, &mt);
    assert_int_equal(n, 2);
    assert_memory_equal(text + mt[0].span.start, "Azerbaijani troops", 18);
    assert_int_equal(mt[0].span.end - mt[0].span.start, 18);
    assert_memory_equal(text + mt[1].span.start, "Ilham Aliyev's", 14);
    assert_int_equal(mt[1].span.end - mt[1].span.start, 14);
    assert_string_equal(mt[1].source, "test.txt:2");
    hr_splitter_free(sp);
    hr_matcher_free(m);
}

static void test_document_countries_resolve_places(void **state)
{
    hr_dict *d = *state;
    const char *paras[] = {
        "Lebanon and Azerbaijan were in the news.",
        "Tripoli is calm. Shusha fell.",
    };
    /* build a document the way the readers do */
    hr_ingest_options opt = {0};
    hr_docb bb, *b = &bb;
    assert_true(hr_docb_init(b, &opt));
    hr_docb_begin(b, "mem", 1, HR_FMT_TEXT);
    for (size_t i = 0; i < 2; i++)
        assert_true(hr_docb_add_para(b, paras[i], strlen(paras[i]), 0, "p", 0, NULL, 0));
    hr_document *doc = hr_docb_finish(b);
    assert_non_null(doc);
    static const char LEB[] = "Lebanon\n  LBN\n";
    diags dg = {0};
    hr_dict *d2 = make_dict(&dg, LEB);
    hr_error err;
    hr_matcher *m = hr_matcher_new(d2, &err);
    hr_splitter *sp = hr_splitter_new();
    const hr_match *mt;
    const uint32_t *para;
    size_t n = hr_match_document(m, doc, sp, &mt, &para);
    /* Lebanon, Azerbaijan, Tripoli (Lebanon's), Shusha (kept: AZE named) */
    assert_int_equal(n, 4);
    assert_string_equal(mt[2].name, "Tripoli");
    assert_string_equal(mt[2].code, "LBN");
    assert_true(mt[2].flags & HR_MF_DOC_COUNTRY);
    assert_int_equal(para[2], 1);
    assert_int_equal(mt[2].sentence, 1);
    assert_string_equal(mt[3].name, "Shusha");
    assert_int_equal(mt[3].sentence, 2);
    hr_splitter_free(sp);
    hr_matcher_free(m);
    hr_dict_free(d2);
    hr_docb_free(b);
    (void)d;
}

/* ---- the format's problems ------------------------------------------------ */

static void test_every_problem_is_reported_with_its_line(void **state)
{
    (void)state;
    static const char BAD[] =
        "Good One\n"                       /* 1 */
        "  AZE\n"                          /* 2 */
        "  ARM 2020-13..\n"                /* 3 bad date */
        "  ARM 2021..2020\n"               /* 4 reversed */
        "  AZEXYZ\n"                       /* 5 unknown unit */
        "  aze\n"                          /* 6 lower case: not a code */
        "  AZ\n"                           /* 7 malformed */
        "No Code\n"                        /* 8 no code */
        "\n"                               /* 9 */
        "  AZE\n"                          /* 10 no entry */
        "Bad \xC3\x28 Name\n"              /* 11 invalid UTF-8 */
        "  AZE\n"                          /* 12 swallowed */
        "A || B\n"                         /* 13 empty name */
        "  AZE\n"                          /* 14 */
        "@frobnicate\n"                    /* 15 unknown directive */
        "Good One\n"                       /* 16 duplicate */
        "  AZE\n"                          /* 17 */
        "Still Loaded\n"                   /* 18 */
        "  ARM 2020-02-29..2020-03\n"      /* 19 */
        "  AZE extra words\n";             /* 20 trailing text */
    diags dg = {0};
    hr_error err;
    hr_dict *d = hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, collect, &dg, &err);
    assert_int_equal(hr_dict_load_buffer(d, "units.txt", UNITS, strlen(UNITS), &err), HR_OK);
    assert_int_equal(hr_dict_load_buffer(d, "bad.txt", BAD, sizeof BAD - 1, &err), HR_OK);
    assert_int_equal(hr_dict_finish(d, &err), HR_OK);
    static const struct { uint64_t line; const char *needle; bool error; } WANT[] = {
        {3, "bad date range", true},  {4, "bad date range", true},
        {6, "neither a keyword", true}, {7, "three-character units", true},
        {8, "no code", true},         {10, "no entry", true},
        {11, "invalid UTF-8", true},  {13, "empty name", true},
        {15, "unknown directive", true}, {20, "unexpected text", true},
        {5, "unknown code unit 'XYZ'", true}, {16, "duplicate", false},
    };
    size_t nw = sizeof WANT / sizeof WANT[0];
    assert_int_equal(dg.n, (int)nw);
    for (size_t i = 0; i < nw; i++) {
        bool found = false;
        for (int k = 0; k < dg.n; k++)
            if (dg.line[k] == WANT[i].line && strstr(dg.msg[k], WANT[i].needle) &&
                dg.is_error[k] == WANT[i].error)
                found = true;
        if (!found)
            fail_msg("no report '%s' at line %llu", WANT[i].needle,
                     (unsigned long long)WANT[i].line);
    }
    /* what was good still works */
    hr_matcher *m = hr_matcher_new(d, &err);
    const hr_match *mt;
    assert_int_equal(hr_dict_lookup(m, "Good One", NULL, &mt), 1);
    assert_string_equal(mt[0].code, "AZE");
    hr_date leap = {.year = 2020, .month = 3, .day = 31};
    assert_int_equal(hr_dict_lookup(m, "Still Loaded", &leap, &mt), 1);
    assert_string_equal(mt[0].code, "ARM");
    assert_int_equal(hr_dict_lookup(m, "A", NULL, &mt), 1);
    assert_int_equal(hr_dict_lookup(m, "No Code", NULL, &mt), 0);
    /* a finished dictionary takes no more */
    assert_int_equal(hr_dict_load_buffer(d, "late.txt", "X\n  AZE\n", 8, &err), HR_ERR_ARG);
    hr_matcher_free(m);
    hr_dict_free(d);
}

static void test_hostile_dictionaries_never_crash(void **state)
{
    (void)state;
    uint64_t seed = 42;
    char buf[4096];
    for (int round = 0; round < 300; round++) {
        size_t n = 0;
        static const char *const PIECES[] = {"\n", "  ", "|", "AZE", "~MIL", "-", "..",
                                             "2020-01-01", "@unit ", "place", "#", "\xff",
                                             "Baku", "the", "*", "=", "~", "\t", "s's"};
        while (n < sizeof buf - 16) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            const char *p = PIECES[(seed >> 33) % (sizeof PIECES / sizeof *PIECES)];
            size_t l = strlen(p);
            memcpy(buf + n, p, l);
            n += l;
            if ((seed >> 20) % 50 == 0)
                break;
        }
        diags dg = {0};
        hr_error err;
        hr_dict *d = hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, collect, &dg, &err);
        hr_dict_load_buffer(d, "units.txt", UNITS, strlen(UNITS), &err);
        hr_dict_load_buffer(d, "fuzz.txt", buf, n, &err);
        assert_int_equal(hr_gazetteer_load(d, "g", buf, n, &err), HR_OK);
        hr_matcher *m = hr_matcher_new(d, &err);
        assert_non_null(m);
        const hr_match *mt;
        buf[n] = '\0';
        hr_dict_lookup(m, buf, NULL, &mt);
        hr_matcher_free(m);
        hr_dict_free(d);
    }
}

static void test_long_sentences_are_linear(void **state)
{
    hr_dict *d = *state;
    /* 200k words: every one starts a walk that stops within a few words */
    size_t reps = 50000;
    const char *unit = "Azerbaijan troops and Aliyev ";
    size_t ul = strlen(unit);
    char *text = malloc(reps * ul + 2);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * ul, unit, ul);
    text[reps * ul] = '\0';
    hr_error err;
    hr_matcher *m = hr_matcher_new(d, &err);
    const hr_match *mt;
    size_t n = hr_dict_lookup(m, text, NULL, &mt);
    assert_int_equal(n, 2 * reps);
    hr_matcher_free(m);
    free(text);
}

/* ---- what review found -------------------------------------------------- */

static hr_dict *small_dict(diags *dg, const char *text)
{
    hr_error err;
    hr_dict *d = hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, collect, dg, &err);
    assert_non_null(d);
    assert_int_equal(hr_dict_load_buffer(d, "units.txt", UNITS, strlen(UNITS), &err), HR_OK);
    assert_int_equal(hr_dict_load_buffer(d, "t.txt", text, strlen(text), &err), HR_OK);
    return d;
}

static const char *look(hr_dict *d, const char *name, const char *date)
{
    static char out[256];
    hr_error err;
    hr_matcher *m = hr_matcher_new(d, &err);
    assert_non_null(m);
    hr_date dt = {0};
    if (date)
        assert_true(hr_date_parse_iso(date, strlen(date), &dt));
    const hr_match *mt;
    size_t n = hr_dict_lookup(m, name, date ? &dt : NULL, &mt);
    snprintf(out, sizeof out, "%s", n ? mt[0].code : "");
    hr_matcher_free(m);
    return out;
}

static void test_many_short_gazetteer_rows_load(void **state)
{
    (void)state;
    /* 2,000 rows of 14 bytes: the merge table is sized by rows, not bytes */
    size_t n = 2000;
    char *buf = malloc(n * 32 + 16), *p = buf;
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "x%zu\t\tAZE\tcity\t0\t0\t\t\n", i % 10);
    p += sprintf(p, "@extra\nx1\ty1\tAZE\tcity\t0\t0\t\t\n");
    diags dg = {0};
    hr_error err;
    hr_dict *d = hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, collect, &dg, &err);
    assert_int_equal(hr_gazetteer_load(d, "g", buf, (size_t)(p - buf), &err), HR_OK);
    hr_dict_stats st;
    hr_dict_get_stats(d, &st);
    assert_int_equal(st.places, n);
    assert_int_equal(dg.n, 0);
    assert_int_equal(hr_dict_finish(d, &err), HR_OK);
    hr_dict_free(d);
    free(buf);
}

static void test_bad_gazetteer_fields_are_errors(void **state)
{
    (void)state;
    static const char G[] =
        "Alpha\t\tAZE\tcity\t40\t49\t\n"          /* 1: fine, population empty */
        "Beta\t\tAZE\tcity\t40\t49\t-1\t\n"       /* 2: negative */
        "Gamma\t\tAZE\tcapital\t40\t49\t5\t\n"    /* 3: unknown kind */
        "Delta\t\tA\"B\tcity\t40\t49\t5\t\n"      /* 4: not ISO3 */
        "Eps\t\tAZE\tcity\t95\t49\t5\t\n"         /* 5: latitude */
        "Zeta\t\tAZE\tcity\t40\t49\t12";          /* 6: fine, no newline */
    diags dg = {0};
    hr_error err;
    hr_dict *d = hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, collect, &dg, &err);
    assert_int_equal(hr_gazetteer_load(d, "g", G, sizeof G - 1, &err), HR_OK);
    assert_int_equal(dg.errors, 4);
    for (int k = 0; k < dg.n; k++)
        assert_true(dg.line[k] >= 2 && dg.line[k] <= 5);
    hr_matcher *m = hr_matcher_new(d, &err);
    const hr_match *mt;
    assert_int_equal(hr_dict_lookup(m, "in Alpha", NULL, &mt), 1);
    assert_int_equal(mt[0].place->population, 0);
    assert_int_equal(hr_dict_lookup(m, "in Zeta", NULL, &mt), 1);
    assert_int_equal(mt[0].place->population, 12);
    hr_matcher_free(m);
    hr_dict_free(d);
}

static void test_dropped_agents_cost_nothing(void **state)
{
    hr_dict *d = *state;
    /* 100,000 "side" agents with no country, then troops: linear */
    size_t reps = 100000;
    char *text = malloc(reps * 5 + 32);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * 5, "side ", 5);
    strcpy(text + reps * 5, "Armenian troops");
    hr_error err;
    hr_matcher *m = hr_matcher_new(d, &err);
    const hr_match *mt;
    size_t n = hr_dict_lookup(m, text, NULL, &mt);
    assert_int_equal(n, 1);
    assert_string_equal(mt[0].code, "ARMMIL");
    hr_matcher_free(m);
    free(text);
}

static void test_office_beats_eli_inside_an_entry(void **state)
{
    (void)state;
    diags dg = {0};
    hr_dict *d = small_dict(&dg, "Some Member\n  ARMGOV 2010..\n  ARMELI 2015..\n");
    assert_string_equal(look(d, "Some Member", "2020-01-01"), "ARMGOV");
    assert_string_equal(look(d, "Some Member", "2009-01-01"), "");
    hr_dict_free(d);
}

static void test_a_later_dictionary_wins(void **state)
{
    (void)state;
    diags dg = {0};
    hr_dict *d = small_dict(&dg, "Vladimir Putin | Putin\n  RUSGOV 2000-05-07..\n");
    hr_error err;
    static const char MINE[] = "Putin\n  RUSMIL\n";
    assert_int_equal(hr_dict_load_buffer(d, "mine.txt", MINE, sizeof MINE - 1, &err), HR_OK);
    assert_string_equal(look(d, "Putin said", "2020-01-01"), "RUSMIL");
    assert_string_equal(look(d, "Vladimir Putin said", "2020-01-01"), "RUSGOV");
    hr_dict_free(d);
}

static void test_codes_and_units_are_checked_by_kind(void **state)
{
    (void)state;
    static const char T[] =
        "@unit QQQ\n"                  /* 1: no kind */
        "@unit QQR nonsense\n"         /* 2: unknown kind */
        "@unitQQZ org\n"               /* 3: not a directive */
        "Agent Country\n  ~AZE\n"      /* 4-5: an agent code needs a role */
        "Role First\n  GOVAZE\n"       /* 6-7: a role cannot come first */
        "Mixed Up\n  ~MIL 2000..2010\n  AZEGOV\n"   /* 8-10: mixed */
        "Argentin* Navy\n  ARG\n"      /* 11-12: prefix not last */
        "=The Hague Club\n  AZE\n"     /* 13-14: exact, with "The" */
        "Hague Forum\n  ARM\n";        /* 15-16 */
    diags dg = {0};
    hr_dict *d = small_dict(&dg, T);
    hr_error err;
    assert_int_equal(hr_dict_finish(d, &err), HR_OK);
    static const struct { uint64_t line; const char *needle; } WANT[] = {
        {1, "@unit wants"}, {2, "@unit wants"}, {3, "unknown directive"},
        {5, "not a role"}, {7, "starts with the role unit"}, {8, "mixes agent codes"},
        {11, "only its last word"},
    };
    for (size_t i = 0; i < sizeof WANT / sizeof WANT[0]; i++) {
        bool found = false;
        for (int k = 0; k < dg.n; k++)
            found |= dg.line[k] == WANT[i].line && strstr(dg.msg[k], WANT[i].needle);
        if (!found)
            fail_msg("no report '%s' at line %llu", WANT[i].needle,
                     (unsigned long long)WANT[i].line);
    }
    assert_int_equal(dg.n, 7);
    assert_string_equal(look(d, "Mixed Up", "2005-01-01"), "AZEGOV");
    assert_string_equal(look(d, "The Hague Club", NULL), "AZE");
    assert_string_equal(look(d, "the hague club", NULL), "");
    hr_dict_free(d);
}

static void test_apostrophes_inside_names_stay(void **state)
{
    (void)state;
    hr_word *w = NULL;
    size_t n = 0, cap = 0;
    hr_buf fb = {0};
    const char *t = "Ha'il separatists' Dolyns'ka Armenia’s";
    assert_true(hr_words_split(t, 0, (uint32_t)strlen(t), &w, &n, &cap, &fb));
    assert_int_equal(n, 4);
    assert_int_equal(w[0].flen, 4);            /* hail */
    assert_memory_equal(fb.data + w[0].fold, "hail", 4);
    assert_true(w[1].flags & HR_W_POSS);
    assert_memory_equal(fb.data + w[1].fold, "separatists", 11);
    assert_false(w[2].flags & HR_W_POSS);
    assert_memory_equal(fb.data + w[2].fold, "dolynska", 8);
    assert_true(w[3].flags & HR_W_POSS);
    assert_memory_equal(fb.data + w[3].fold, "armenia", 7);
    free(w);
    hr_buf_free(&fb);
}

static void test_outlets_and_lone_agents_in_documents(void **state)
{
    hr_dict *d = *state;
    const char *paras[] = {
        "Missiles hit Baku, officials said, as the Baku Herald reported.",
        "Troops, troops, troops and more troops were seen near Azerbaijan.",
        "Shushi was quiet.",
    };
    hr_ingest_options opt = {0};
    hr_docb bb, *b = &bb;
    assert_true(hr_docb_init(b, &opt));
    hr_docb_begin(b, "mem", 1, HR_FMT_TEXT);
    for (size_t i = 0; i < 3; i++)
        assert_true(hr_docb_add_para(b, paras[i], strlen(paras[i]), 0, "p", 0, NULL, 0));
    hr_document *doc = hr_docb_finish(b);
    doc->outlet = "Baku Herald";
    hr_error err;
    hr_matcher *m = hr_matcher_new(d, &err);
    hr_splitter *sp = hr_splitter_new();
    const hr_match *mt;
    size_t n = hr_match_document(m, doc, sp, &mt, NULL);
    char got[512] = "";
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(got + o, sizeof got - o, "%s%s:%s", i ? " " : "",
                              mt[i].name, mt[i].code);
    /* "hit Baku," is kept (the city that was hit), "the Baku Herald" is
     * the outlet; the lone troops do not outnumber Azerbaijan, so Shushi
     * stays */
    assert_string_equal(got, "Baku:AZE armed forces:MIL armed forces:MIL "
                             "armed forces:MIL armed forces:MIL Azerbaijan:AZE Shusha:AZE");
    hr_splitter_free(sp);
    hr_matcher_free(m);
    hr_docb_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dates_pick_the_office_holder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_case_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_normalization, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agents_take_a_country, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metonyms_and_places, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spans_are_exact_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_document_countries_resolve_places, setup, teardown),
        cmocka_unit_test(test_every_problem_is_reported_with_its_line),
        cmocka_unit_test(test_hostile_dictionaries_never_crash),
        cmocka_unit_test_setup_teardown(test_long_sentences_are_linear, setup, teardown),
        cmocka_unit_test(test_many_short_gazetteer_rows_load),
        cmocka_unit_test(test_bad_gazetteer_fields_are_errors),
        cmocka_unit_test_setup_teardown(test_dropped_agents_cost_nothing, setup, teardown),
        cmocka_unit_test(test_office_beats_eli_inside_an_entry),
        cmocka_unit_test(test_a_later_dictionary_wins),
        cmocka_unit_test(test_codes_and_units_are_checked_by_kind),
        cmocka_unit_test(test_apostrophes_inside_names_stay),
        cmocka_unit_test_setup_teardown(test_outlets_and_lone_agents_in_documents, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
