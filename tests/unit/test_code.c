/* test_code.c - the coder: verb groups, subjects, patterns, compounds,
 * passive, claims, denials, negation, modals, nouns, pronouns; and the
 * verb dictionary's problems reported with their lines. */
#include "testutil.h"

#include <stdio.h>

typedef struct diags {
    int n, errors;
    uint64_t line[64];
    char msg[64][512];
} diags;

static void collect(void *ud, const hr_error *e, bool is_error)
{
    diags *d = ud;
    d->errors += is_error;
    if (d->n < 64) {
        d->line[d->n] = e->record;
        snprintf(d->msg[d->n], sizeof d->msg[0], "%s", e->msg);
        d->n++;
    }
}

static const char ACTORS[] =
    "@unit AZE country\n@unit ARM country\n@unit RUS country\n"
    "@unit GOV role\n@unit MIL role\n"
    "Azerbaijan | Azerbaijani\n  AZE\n"
    "Armenia | Armenian\n  ARM\n"
    "Russia | Russian\n  RUS\n"
    "Baku\n  AZEGOV\n  place\n"
    "Yerevan\n  ARMGOV\n  place\n"
    "Dmitry Peskov | Peskov\n  RUSGOV\n"
    "president\n  ~GOV\n"
    "forces | troops\n  ~MIL\n";

static const char PLACES[] =
    "Baku\t\tAZE\tcity\t40.4\t49.9\t2000000\t\n"
    "Yerevan\t\tARM\tcity\t40.2\t44.5\t1000000\t\n"
    "Stepanakert\t\tAZE\tcity\t39.8\t46.75\t55000\t\n";

static const char VERBS[] =
    "verb accuse ; blame\n"
    "  112\n"
    "  ^ of (shelling|attacking|aggression) 1123\n"
    "\n"
    "verb shell ; attack\n"
    "  190\n"
    "\n"
    "verb sign\n"
    "  057\n"
    "\n"
    "verb reject\n"
    "  12\n"
    "\n"
    "verb refuse\n"
    "  to (negotiate|talk) 125\n"
    "  to (negotiate|talk) with ^ 125\n"
    "\n"
    "verb say | says | said | saying\n"
    "  010\n"
    "\n"
    "verb call on | calls on | called on | calling on\n"
    "  ^ to (negotiate|talk) 026\n"
    "\n"
    "verb call for | calls for | called for | calling for\n"
    "  (observers|monitors) 0234\n"
    "\n"
    "verb deny | denies | denied | denying\n"
    "  negated 013\n"
    "\n"
    "noun shelling ; bombardment\n"
    "  + of ^ by $ 190\n"
    "  $ + of ^ 190\n"
    "\n"
    "noun talks\n"
    "  + between $ and ^ 043\n";

typedef struct world {
    hr_dict *d;
    hr_verbs *v;
    hr_coder *c;
    hr_splitter *sp;
} world;

static int setup(void **state)
{
    static world w;
    static diags dg;
    hr_error err;
    memset(&dg, 0, sizeof dg);
    w.d = hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, collect, &dg, &err);
    assert_int_equal(hr_dict_load_buffer(w.d, "a.txt", ACTORS, sizeof ACTORS - 1, &err), HR_OK);
    char path[] = "/tmp/herald-places-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(PLACES, f);
    fclose(f);
    assert_int_equal(hr_dict_load_places(w.d, path, &err), HR_OK);
    remove(path);
    assert_int_equal(hr_dict_finish(w.d, &err), HR_OK);
    w.v = hr_verbs_new(HR_VERBS_NO_BUILTIN, collect, &dg, &err);
    assert_non_null(w.v);
    assert_int_equal(hr_verbs_load_buffer(w.v, "v.txt", VERBS, sizeof VERBS - 1, &err), HR_OK);
    assert_int_equal(hr_verbs_finish(w.v, &err), HR_OK);
    assert_int_equal(dg.n, 0);
    w.c = hr_coder_new(w.d, w.v, &err);
    assert_non_null(w.c);
    w.sp = hr_splitter_new();
    *state = &w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    hr_coder_free(w->c);
    hr_verbs_free(w->v);
    hr_dict_free(w->d);
    hr_splitter_free(w->sp);
    return 0;
}

/* "SRC code TGT [claim XXX]" for each event of each sentence, "; "-joined */
static const char *code(world *w, const char *text)
{
    static char out[2048];
    const hr_sentence *s;
    size_t ns = hr_split(w->sp, text, strlen(text), 0, &s);
    size_t o = 0;
    out[0] = '\0';
    hr_date date = {.year = 2020, .month = 10, .day = 20};
    for (size_t i = 0; i < ns; i++) {
        const hr_mention *m;
        size_t n = hr_code_sentence(w->c, text, &s[i], &date, &m);
        for (size_t k = 0; k < n; k++) {
            o += (size_t)snprintf(out + o, sizeof out - o, "%s%s %s %s", o ? "; " : "",
                                  m[k].source_code[0] ? m[k].source_code : "-", m[k].code,
                                  m[k].target_code[0] ? m[k].target_code : "-");
            if (m[k].claim_by[0])
                o += (size_t)snprintf(out + o, sizeof out - o, " claim %s", m[k].claim_by);
        }
    }
    return out;
}

static void test_subject_verb_object(void **state)
{
    world *w = *state;
    assert_string_equal(code(w, "Armenian forces shelled Stepanakert."), "ARMMIL 190 AZE");
    assert_string_equal(code(w, "Yerevan accused Baku of aggression."), "ARMGOV 1123 AZEGOV");
    /* an actor inside the object counts, as in CAMEO practice */
    assert_string_equal(code(w, "Azerbaijan rejected the Armenian proposal."), "AZE 12 ARM");
}

static void test_compounds_and_each_other(void **state)
{
    world *w = *state;
    assert_string_equal(code(w, "Baku and Yerevan accused each other of shelling."),
                        "AZEGOV 1123 ARMGOV; ARMGOV 1123 AZEGOV");
    assert_string_equal(code(w, "Azerbaijan, Armenia and Russia signed the statement."),
                        "AZE 057 ARM; AZE 057 RUS; ARM 057 AZE; ARM 057 RUS; RUS 057 AZE; "
                        "RUS 057 ARM");
    assert_string_equal(code(w, "Russia attacked Armenia and Azerbaijan."),
                        "RUS 190 ARM; RUS 190 AZE");
}

static void test_passive(void **state)
{
    world *w = *state;
    assert_string_equal(code(w, "Stepanakert was shelled by Azerbaijani forces."),
                        "AZEMIL 190 AZE");
    assert_string_equal(code(w, "Armenia was attacked by Russia and Azerbaijan."),
                        "RUS 190 ARM; AZE 190 ARM");
}

/* "by the presidents of A, B and C": the agent before the list stands for
 * the actors it gave its role to */
static void test_passive_by_agent_of_list(void **state)
{
    world *w = *state;
    const char *out = code(w, "Azerbaijan was shelled by the forces of Armenia and Russia.");
    assert_non_null(strstr(out, "ARMMIL 190 AZE"));
    assert_non_null(strstr(out, "RUSMIL 190 AZE"));
}

static void test_claims_and_denials(void **state)
{
    world *w = *state;
    assert_string_equal(code(w, "Yerevan accused Baku of shelling Stepanakert."),
                        "ARMGOV 1123 AZEGOV; AZEGOV 190 AZE claim ARMGOV");
    assert_string_equal(code(w, "Peskov said Armenian forces attacked Azerbaijan."),
                        "ARMMIL 190 AZE claim RUSGOV");
    /* an appositive between the speaker and the verb */
    assert_string_equal(code(w, "Dmitry Peskov, the press secretary of the Russian "
                                "president, said Armenian forces attacked Azerbaijan."),
                        "ARMMIL 190 AZE claim RUSGOV");
    /* attribution at the end */
    assert_string_equal(code(w, "Armenian forces shelled Stepanakert, Baku said."),
                        "ARMMIL 190 AZE claim AZEGOV");
    /* what is denied did not happen */
    assert_string_equal(code(w, "Baku denied that Azerbaijani forces shelled Stepanakert."),
                        "");
}

static void test_negation_and_modality(void **state)
{
    world *w = *state;
    assert_string_equal(code(w, "Armenia did not attack Azerbaijan."), "");
    assert_string_equal(code(w, "Armenia has never attacked Azerbaijan."), "");
    assert_string_equal(code(w, "Armenia could attack Azerbaijan."), "");
    assert_string_equal(code(w, "Armenia will attack Azerbaijan."), "ARM 190 AZE");
    /* a refusal takes its infinitive as a pattern, and the infinitive
     * gives no event of its own */
    assert_string_equal(code(w, "Azerbaijan refused to negotiate with Armenia."), "AZE 125 ARM");
    assert_string_equal(code(w, "Azerbaijan refused to negotiate."), "AZE 125 -");
    assert_string_equal(code(w, "Russia called on Armenia to negotiate."), "RUS 026 ARM");
}

static void test_nouns(void **state)
{
    world *w = *state;
    assert_string_equal(code(w, "The shelling of Stepanakert by Azerbaijani forces went on."),
                        "AZEMIL 190 AZE");
    assert_string_equal(code(w, "Russia hosted talks between Armenia and Azerbaijan."),
                        "AZE 043 ARM; ARM 043 AZE");
    /* a specific pattern with no target */
    assert_string_equal(code(w, "Russia called for observers."), "RUS 0234 -");
}

static void test_pronouns_in_documents(void **state)
{
    world *w = *state;
    const char *paras[] = {
        "Russia spoke first at the meeting in the afternoon.",
        "It accused Armenia of aggression on Tuesday, officials said.",
    };
    hr_ingest_options opt = {0};
    hr_docb b;
    assert_true(hr_docb_init(&b, &opt));
    hr_docb_begin(&b, "mem", 1, HR_FMT_TEXT);
    for (size_t i = 0; i < 2; i++)
        assert_true(hr_docb_add_para(&b, paras[i], strlen(paras[i]), 0, "p", 0, NULL, 0));
    hr_document *doc = hr_docb_finish(&b);
    hr_mention *m;
    size_t n = hr_code_document(w->c, doc, w->sp, &m);
    /* pronouns stay in their paragraph: "It" has no antecedent there */
    assert_int_equal(n, 0);
    hr_docb_begin(&b, "mem", 2, HR_FMT_TEXT);
    const char *one = "Russia spoke first. It accused Armenia of aggression on Tuesday.";
    assert_true(hr_docb_add_para(&b, one, strlen(one), 0, "p", 0, NULL, 0));
    doc = hr_docb_finish(&b);
    n = hr_code_document(w->c, doc, w->sp, &m);
    assert_int_equal(n, 1);
    assert_string_equal(m[0].source_code, "RUS");
    assert_true(m[0].flags & HR_EV_PRONOUN);
    assert_string_equal(m[0].code, "1123");
    assert_memory_equal(one + m[0].verb.start, "accused", 7);
    assert_memory_equal(one + m[0].target.start, "Armenia", 7);
    double g;
    int quad;
    assert_true(hr_event_info(w->v, "1123", &g, &quad, NULL));
    assert_int_equal(m[0].quad, quad);
    assert_int_equal(quad, 3);
    hr_docb_free(&b);
}

static void test_verb_dictionary_problems(void **state)
{
    (void)state;
    static const char BAD[] =
        "verb attack\n"                    /* 1 */
        "  190\n"                          /* 2 */
        "  ^ of (a|b 190\n"                /* 3 unbalanced */
        "  ^ ^ 190\n"                      /* 4 two targets */
        "  ^ 999\n"                        /* 5 unknown code */
        "  ^ nonsense\n"                   /* 6 no code */
        "\n"                               /* 7 */
        "  190\n"                          /* 8 no entry */
        "frob thing\n"                     /* 9 not verb/noun */
        "verb \xff\n"                      /* 10 invalid UTF-8 */
        "verb lonely\n"                    /* 11 */
        "\n";                              /* 12: no pattern */
    diags dg = {0};
    hr_error err;
    hr_verbs *v = hr_verbs_new(HR_VERBS_NO_BUILTIN, collect, &dg, &err);
    assert_int_equal(hr_verbs_load_buffer(v, "bad.txt", BAD, sizeof BAD - 1, &err), HR_OK);
    static const struct { uint64_t line; const char *needle; } WANT[] = {
        {3, "'(' with no ')'"}, {4, "at most one ^"}, {5, "unknown CAMEO"},
        {6, "ends with a CAMEO code"}, {8, "no entry"}, {9, "'verb' or 'noun'"},
        {10, "invalid UTF-8"}, {12, "no pattern"},
    };
    for (size_t i = 0; i < sizeof WANT / sizeof WANT[0]; i++) {
        bool found = false;
        for (int k = 0; k < dg.n; k++)
            found |= dg.line[k] == WANT[i].line && strstr(dg.msg[k], WANT[i].needle);
        if (!found)
            fail_msg("no report '%s' at line %llu", WANT[i].needle,
                     (unsigned long long)WANT[i].line);
    }
    assert_int_equal(hr_verbs_finish(v, &err), HR_OK);
    hr_verbs_stats st;
    hr_verbs_get_stats(v, &st);
    assert_int_equal(st.verbs, 2);
    assert_int_equal(st.patterns, 1);
    /* regular forms */
    assert_int_equal(st.forms, 8);
    hr_verbs_free(v);
}

/* ---- PETRARCH dictionaries ------------------------------------------------- */

/* A world whose actors, agents and discards come from PETRARCH files. */
static void petrarch_world(world *w, char paths[3][64])
{
    static const char *const text[3] = {
        "THE_SHIRE_ [FRO/BIL/SAM]\nGONDOR_ [GON]\nARNOR_ [ARN]\nITHILEN_ [ITH]\n"
        "CALENARDHON_ [CAL]\n+CALIMEHTAR_\nDOL AMROTH [DOL]\n",
        "OFFICIAL [~GOV]\nDIPLOMAT [~GOV]\nLAWMAKER [~LEG]\nMSF {} [NGO~]\n"
        "MINISTER [~GOV]\nPOLICE {} [~COP]\n",
        "BASEBALL\n+TYPHOON\n"};
    static const char *const suffix[3] = {"actors.txt", "agents.txt", "discards.txt"};
    hr_error err;
    w->d = hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, NULL, NULL, &err);
    assert_non_null(w->d);
    for (int i = 0; i < 3; i++) {
        snprintf(paths[i], 64, "/tmp/herald-code-XXXXXX.%s", suffix[i]);
        int fd = mkstemps(paths[i], (int)strlen(suffix[i]) + 1);
        assert_true(fd >= 0);
        FILE *f = fdopen(fd, "w");
        fputs(text[i], f);
        fclose(f);
        assert_int_equal(hr_dict_load_petrarch(w->d, paths[i], &err), HR_OK);
    }
    w->v = hr_verbs_new(HR_VERBS_NO_BUILTIN, NULL, NULL, &err);
    assert_int_equal(hr_verbs_load_buffer(w->v, "v.txt", VERBS, sizeof VERBS - 1, &err), HR_OK);
    static const char more[] = "verb burn down | burned down\n  ... ^ 180\n\n"
                               "verb abandon\n  16\n\n"
                               "verb depart\n  from ^ 032\n\n"
                               "verb trash\n  ... embassy 18\n";
    assert_int_equal(hr_verbs_load_buffer(w->v, "v2.txt", more, sizeof more - 1, &err), HR_OK);
    assert_int_equal(hr_verbs_finish(w->v, &err), HR_OK);
    w->c = hr_coder_new(w->d, w->v, &err);
    assert_non_null(w->c);
    w->sp = hr_splitter_new();
}

static void test_petrarch_dictionary_semantics(void **state)
{
    (void)state;
    world w;
    char paths[3][64];
    petrarch_world(&w, paths);
    /* a composite actor: one event per code, as source and as target */
    assert_string_equal(code(&w, "The Shire accused Gondor of aggression."),
                        "FRO 1123 GON; BIL 1123 GON; SAM 1123 GON");
    assert_string_equal(code(&w, "Gondor accused the Shire of aggression."),
                        "GON 1123 FRO; GON 1123 BIL; GON 1123 SAM");
    /* an agent's role goes onto each code */
    assert_string_equal(code(&w, "Officials of the Shire accused Gondor of aggression."),
                        "FROGOV 1123 GON; BILGOV 1123 GON; SAMGOV 1123 GON");
    /* "former": elites, whatever office they held */
    assert_string_equal(code(&w, "Former Arnor officials accused Gondor of aggression."),
                        "ARNELI 1123 GON");
    assert_string_equal(code(&w, "Arnor former officials accused Gondor of aggression."),
                        "ARNELI 1123 GON");
    assert_string_equal(code(&w, "Arnor officials accused former Gondor lawmakers of aggression."),
                        "ARNGOV 1123 GONELI");
    /* a prefix agent (NGO~) before the country, then a role after both */
    assert_string_equal(code(&w, "MSF Arnor accused Gondor of aggression."),
                        "NGOARN 1123 GON");
    assert_string_equal(code(&w, "An MSF Arnor diplomat accused Gondor of aggression."),
                        "NGOARNGOV 1123 GON");
    /* "the lawmakers of A, B and C": the list keeps the role for each */
    assert_string_equal(code(&w, "The lawmakers of Arnor and Gondor accused the Shire of "
                                 "aggression."),
                        "ARNLEG 1123 FRO; ARNLEG 1123 BIL; ARNLEG 1123 SAM; GONLEG 1123 FRO; "
                        "GONLEG 1123 BIL; GONLEG 1123 SAM");
    /* discards: a sentence with a sentence discard, or a story discard,
     * gives nothing (a sentence alone is its own story) */
    assert_string_equal(code(&w, "Arnor accused Gondor of aggression."), "ARN 1123 GON");
    assert_string_equal(code(&w, "Arnor accused Gondor of aggression over baseball."), "");
    assert_string_equal(code(&w, "Arnor accused Gondor of aggression after the typhoon."), "");
    /* the speaker of a closing ", an official said" is no target (and
     * the pattern wants one) */
    assert_string_equal(code(&w, "Arnor burned down the Gondor embassy."), "ARN 180 GON");
    assert_string_equal(code(&w, "Arnor burned down the old embassy, a Gondor official said."),
                        "");
    hr_coder_free(w.c);
    hr_verbs_free(w.v);
    hr_dict_free(w.d);
    hr_splitter_free(w.sp);
    for (int i = 0; i < 3; i++)
        remove(paths[i]);
}

/* Subjects and objects as PETRARCH's records write them, each a rule that
 * holds for news too. */
static void test_petrarch_subjects_and_objects(void **state)
{
    (void)state;
    world w;
    char paths[3][64];
    petrarch_world(&w, paths);
    /* '_' joins the words of a name in PETRARCH's texts */
    assert_string_equal(code(&w, "Arnor accused Dol_Amroth of aggression."), "ARN 1123 DOL");
    /* the object lies beyond an infinitive ("efforts to stop") */
    assert_string_equal(code(&w, "Arnor abandoned efforts to stop a Gondor parade."),
                        "ARN 16 GON");
    /* a possessive country owns an agent past its modifiers, and the name
     * after the agent is that agent */
    assert_string_equal(code(&w, "Ithilen's evil minister accused Gondor of aggression."),
                        "ITHGOV 1123 GON");
    assert_string_equal(code(&w, "Ithilen's awful and evil minister Calimehtar accused Gondor "
                                 "of aggression."),
                        "ITHGOV 1123 GON");
    assert_string_equal(code(&w, "Minister Calimehtar accused Gondor of aggression."),
                        "CALGOV 1123 GON");
    /* coordinated agents before "in A and B": each role for each country */
    assert_string_equal(code(&w, "Lawmakers and officials in Arnor and Gondor accused Ithilen "
                                 "of aggression."),
                        "ARNLEG 1123 ITH; ARNGOV 1123 ITH; GONLEG 1123 ITH; GONGOV 1123 ITH");
    /* members that are noun phrases holding an actor */
    assert_string_equal(code(&w, "Ithilen's sheep and goats of Gondor accused Arnor of "
                                 "aggression."),
                        "ITH 1123 ARN; GON 1123 ARN");
    /* a short parenthesis between the subject and its verb */
    assert_string_equal(code(&w, "Gondor and Ithilen (ITH) accused Arnor of aggression."),
                        "GON 1123 ARN; ITH 1123 ARN");
    /* actors after "between" are not the subject when an actor heads the
     * phrase */
    assert_string_equal(code(&w, "The Arnor envoy in the row between Gondor and Ithilen "
                                 "accused the Shire of aggression."),
                        "ARN 1123 FRO; ARN 1123 BIL; ARN 1123 SAM");
    /* an agent written with braces ("POLICE {}") takes no regular plural;
     * one without them does */
    assert_string_equal(code(&w, "Arnor accused Gondor's police of aggression."),
                        "ARN 1123 GONCOP");
    assert_string_equal(code(&w, "Arnor accused Gondor's polices of aggression."),
                        "ARN 112 GON");
    assert_string_equal(code(&w, "Arnor accused Gondor's lawmakers of aggression."),
                        "ARN 1123 GONLEG");
    /* a verb the tagger takes for a noun right after the subject */
    assert_string_equal(code(&w, "Ethiopia departs from Gondor almost five years after the "
                                 "war."),
                        "");
    assert_string_equal(code(&w, "Arnor departs from Gondor almost five years after the war."),
                        "ARN 032 GON");
    /* a clause of time with no target dates the event coded before it;
     * alone it is an event */
    assert_string_equal(code(&w, "Arnor accused Gondor of aggression after Ithilen crowds "
                                 "trashed its embassy."),
                        "ARN 1123 GON");
    assert_string_equal(code(&w, "Arnor was worried after Ithilen crowds trashed its embassy."),
                        "ITH 18 -");
    hr_coder_free(w.c);
    hr_verbs_free(w.v);
    hr_dict_free(w.d);
    hr_splitter_free(w.sp);
    for (int i = 0; i < 3; i++)
        remove(paths[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_subject_verb_object, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compounds_and_each_other, setup, teardown),
        cmocka_unit_test_setup_teardown(test_passive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_passive_by_agent_of_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claims_and_denials, setup, teardown),
        cmocka_unit_test_setup_teardown(test_negation_and_modality, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nouns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pronouns_in_documents, setup, teardown),
        cmocka_unit_test(test_verb_dictionary_problems),
        cmocka_unit_test(test_petrarch_dictionary_semantics),
        cmocka_unit_test(test_petrarch_subjects_and_objects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
