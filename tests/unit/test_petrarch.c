/* test_petrarch.c - TABARI/PETRARCH dictionaries: every piece of their
 * syntax from small files written here, the problems each bad line is
 * reported with, and the Phoenix dictionaries themselves when ../shared
 * holds them. */
#include "testutil.h"
#include "actors/actors.h"

#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define PHOENIX_DIR "../shared/peers/petrarch2/dictionaries"

/* ---- fixture -------------------------------------------------------------- */

typedef struct fx {
    hr_dict *d;
    hr_matcher *m;
    hr_splitter *sp;
    char log[32768];        /* "E name:line: msg\n" per problem */
    size_t loglen;
    unsigned errors, warnings;
    char files[16][300];
    int nfiles;
    char dir[128];
} fx;

static void on_diag(void *ud, const hr_error *e, bool is_error)
{
    fx *f = ud;
    const char *base = strrchr(e->file, '/');
    base = base ? base + 1 : e->file;
    /* temporary names are random: keep what follows the random part */
    const char *dot = strchr(base, '.');
    if (!strncmp(base, "herald-petr-", 12) && dot)
        base = dot + 1;
    if (is_error)
        f->errors++;
    else
        f->warnings++;
    int w = snprintf(f->log + f->loglen, sizeof f->log - f->loglen, "%c %s:%llu: %s\n",
                     is_error ? 'E' : 'W', base, (unsigned long long)e->record, e->msg);
    if (w > 0)
        f->loglen = HR_MIN(sizeof f->log - 1, f->loglen + (size_t)w);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    hr_error err;
    f->d = hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, on_diag, f, &err);
    f->sp = hr_splitter_new();
    *state = f;
    return f->d && f->sp ? 0 : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    for (int i = 0; i < f->nfiles; i++)
        unlink(f->files[i]);
    if (f->dir[0])
        rmdir(f->dir);
    hr_matcher_free(f->m);
    hr_dict_free(f->d);
    hr_splitter_free(f->sp);
    free(f);
    return 0;
}

/* Writes text to a new file whose name ends in `suffix` ("actors.txt"). */
static const char *write_tmp(fx *f, const char *suffix, const char *text, size_t len)
{
    assert_true(f->nfiles < 16);
    char *p = f->files[f->nfiles++];
    snprintf(p, sizeof f->files[0], "/tmp/herald-petr-XXXXXX.%s", suffix);
    int fd = mkstemps(p, (int)strlen(suffix) + 1);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return p;
}

static void load_text(fx *f, const char *suffix, const char *text)
{
    const char *p = write_tmp(f, suffix, text, strlen(text));
    hr_error err;
    assert_int_equal(hr_dict_load_petrarch(f->d, p, &err), HR_OK);
}

static void ready(fx *f)
{
    hr_error err;
    f->m = hr_matcher_new(f->d, &err);
    assert_non_null(f->m);
}

static hr_date day(int y, int m, int d)
{
    hr_date t;
    memset(&t, 0, sizeof t);
    t.year = (int16_t)y;
    t.month = (int8_t)m;
    t.day = (int8_t)d;
    t.hour = t.minute = -1;
    return t;
}

/* The codes found in one sentence, "A B C" in order, "none" for none.
 * A date of year 0 means no date. */
static const char *codes(fx *f, const char *text, int y, int mo, int d)
{
    static char out[512];
    if (!f->m)
        ready(f);
    const hr_sentence *s = NULL;
    size_t ns = hr_split(f->sp, text, strlen(text), 0, &s);
    assert_int_equal(ns, 1);
    hr_date dt = day(y, mo, d);
    const hr_match *mt = NULL;
    size_t n = hr_match_sentence(f->m, text, &s[0], y ? &dt : NULL, &mt);
    out[0] = '\0';
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (mt[i].kind == HR_MATCH_PLACE)
            continue;
        k += (size_t)snprintf(out + k, sizeof out - k, "%s%s", k ? " " : "", mt[i].code);
    }
    if (!k)
        snprintf(out, sizeof out, "none");
    return out;
}

/* Was a name with exactly this text (as handed to the dictionary) added,
 * and with which entry kind? Returns -1 if not. */
static int name_kind(fx *f, const char *text)
{
    for (size_t i = 0; i < f->d->n_names; i++) {
        const hr_name *nm = &f->d->names[i];
        if (!(nm->target & HR_TARGET_PLACE) && nm->len == strlen(text) &&
            !memcmp(nm->text, text, nm->len))
            return f->d->entries[nm->target].kind;
    }
    return -1;
}

static void expect_logged(fx *f, const char *line)
{
    if (!strstr(f->log, line))
        print_message("log:\n%s\nwanted: %s\n", f->log, line);
    assert_non_null(strstr(f->log, line));
}

/* ---- actors ----------------------------------------------------------------- */

static void test_actor_names(void **state)
{
    fx *f = *state;
    load_text(f, "actors.txt",
              "# a comment line\n"
              "; a KEDS comment line\n"
              "FREEDONIA_  [FRE]   # trailing comment\n"
              "+FREEDONIAN_\n"
              "+REPUBLIC OF FREEDONIA_  ; old-style comment\n"
              "\n"
              "RUFUS_T._FIREFLY_ [FREGOV]\n"
              "<!-- one-line comment -->\n"
              "SYLVANIA_ [SYL] <!-- comment after the code -->\n"
              "<!-- a comment\n"
              "NOT_AN_ENTRY_ [XXX]\n"
              "running over lines -->\n"
              "TRENTINO_ [SYLGOV]\n");
    assert_int_equal(f->errors, 0);
    assert_int_equal(name_kind(f, "FREEDONIA"), HR_ENT_ACTOR);
    assert_int_equal(name_kind(f, "REPUBLIC OF FREEDONIA"), HR_ENT_ACTOR);
    assert_int_equal(name_kind(f, "RUFUS T. FIREFLY"), HR_ENT_ACTOR);
    assert_int_equal(name_kind(f, "NOT AN ENTRY"), -1);
    assert_string_equal(codes(f, "FREEDONIA protested.", 0, 0, 0), "FRE");
    assert_string_equal(codes(f, "The Freedonian envoy left Sylvania.", 0, 0, 0),
                        "FRE SYL");
    assert_string_equal(codes(f, "The Republic of Freedonia replied.", 0, 0, 0), "FRE");
    assert_string_equal(codes(f, "TRENTINO spoke.", 0, 0, 0), "SYLGOV");
}

static void test_actor_underscores_and_spaces(void **state)
{
    fx *f = *state;
    load_text(f, "actors.txt",
              "HANS_DIETRICH GENSCHER_ [DEUGOV]\n"
              "  +GENSCHER_\n"                 /* a '+' line may be indented */
              "NEW__ZEALAND_ [NZL]\n");       /* empty words collapse */
    assert_int_equal(f->errors, 0);
    assert_int_equal(name_kind(f, "HANS DIETRICH GENSCHER"), HR_ENT_ACTOR);
    assert_int_equal(name_kind(f, "GENSCHER"), HR_ENT_ACTOR);
    assert_int_equal(name_kind(f, "NEW ZEALAND"), HR_ENT_ACTOR);
}

/* TABARI: a last word not closed by '_' is a stem. */
static void test_stems(void **state)
{
    fx *f = *state;
    load_text(f, "actors.txt",
              "ARGENTIN [ARG]\n"
              "LIBYA_ [LBY]\n"
              "U.S. [USA]\n"
              "BUENOS AIRES [ARGGOV]\n");
    assert_int_equal(name_kind(f, "ARGENTIN*"), HR_ENT_ACTOR);
    assert_int_equal(name_kind(f, "LIBYA"), HR_ENT_ACTOR);
    assert_int_equal(name_kind(f, "U.S."), HR_ENT_ACTOR);   /* punctuation: whole */
    assert_int_equal(name_kind(f, "BUENOS AIRES*"), HR_ENT_ACTOR);
    assert_string_equal(codes(f, "ARGENTINA and LIBYA met.", 0, 0, 0), "ARG LBY");
    assert_string_equal(codes(f, "The ARGENTINE envoy came.", 0, 0, 0), "ARG");
    assert_string_equal(codes(f, "A LIBYAN envoy came.", 0, 0, 0), "none");
}

static void test_dates_on_following_lines(void **state)
{
    fx *f = *state;
    load_text(f, "actors.txt",
              "GOLLUM  # entry with no code on its line\n"
              "+SMEAGOL\n"
              "\t[HOB <950601]\n"
              "\t[HOBGOV 19950601 - 19990815]\n"
              "\t[HOBREB > 990816]\n"
              "\n"
              "SAM_GAMGEE_ [HOB]\n"
              "\t[HOBMIL 080120-121109]\n"
              "\t[HOBELI >121110]\n");
    assert_int_equal(f->errors, 0);
    assert_string_equal(codes(f, "SMEAGOL left.", 1994, 1, 1), "HOB");
    assert_string_equal(codes(f, "SMEAGOL left.", 1995, 6, 1), "HOBGOV"); /* ends included */
    assert_string_equal(codes(f, "SMEAGOL left.", 1999, 8, 15), "HOBGOV");
    assert_string_equal(codes(f, "SMEAGOL left.", 1999, 8, 16), "HOBREB");
    assert_string_equal(codes(f, "SAM GAMGEE left.", 2005, 1, 1), "HOB");   /* default */
    assert_string_equal(codes(f, "SAM GAMGEE left.", 2010, 1, 1), "HOBMIL");
    assert_string_equal(codes(f, "SAM GAMGEE left.", 2020, 1, 1), "HOBELI");
    assert_string_equal(codes(f, "SAM GAMGEE left.", 0, 0, 0), "HOB");     /* no date */
}

/* TABARI's form: several [...] on the entry's own line. */
static void test_dates_on_the_same_line(void **state)
{
    fx *f = *state;
    load_text(f, "actors.txt",
              "JAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]# a comment\n"
              "ANN_VENEMAN_\t[USAGOV 010120-050120][IGOUNOKID >050501]\n");
    assert_int_equal(f->errors, 0);
    assert_string_equal(codes(f, "JAVIER DE CUELLAR spoke.", 1985, 3, 3), "IGOUNO");
    assert_string_equal(codes(f, "JAVIER DE CUELLAR spoke.", 1995, 3, 3), "ELI");
    assert_string_equal(codes(f, "ANN VENEMAN spoke.", 2003, 3, 3), "USAGOV");
    assert_string_equal(codes(f, "ANN VENEMAN spoke.", 2007, 3, 3), "IGOUNOKID");
    assert_string_equal(codes(f, "ANN VENEMAN spoke.", 2005, 3, 3), "none");
}

/* PETRARCH reads YY as 20YY up to 30 and 19YY from 31. */
static void test_two_digit_years(void **state)
{
    fx *f = *state;
    load_text(f, "actors.txt",
              "PIVOT_A_\n\t[AAA 301231-301231]\n"
              "PIVOT_B_\n\t[BBB 310101-310101]\n"
              "PIVOT_C_\n\t[CCC 000229-000229]\n");
    assert_int_equal(f->errors, 0);
    assert_string_equal(codes(f, "PIVOT A came.", 2030, 12, 31), "AAA");
    assert_string_equal(codes(f, "PIVOT A came.", 1930, 12, 31), "none");
    assert_string_equal(codes(f, "PIVOT B came.", 1931, 1, 1), "BBB");
    assert_string_equal(codes(f, "PIVOT B came.", 2031, 1, 1), "none");
    assert_string_equal(codes(f, "PIVOT C came.", 2000, 2, 29), "CCC");
}

/* A later "<tab>[CODE]" replaces the default given on the entry line. */
static void test_default_replaced(void **state)
{
    fx *f = *state;
    load_text(f, "actors.txt",
              "KOFI_ANNAN_\t[NGO]\n"
              "\t[IGOUNO 970101-061231]\n"
              "\t[ELI]\n");
    assert_int_equal(f->errors, 0);
    assert_string_equal(codes(f, "KOFI ANNAN spoke.", 2001, 1, 1), "IGOUNO");
    assert_string_equal(codes(f, "KOFI ANNAN spoke.", 2010, 1, 1), "ELI");
}

/* A person whose code changes on a given day. */
static void test_code_changes_at_a_date(void **state)
{
    fx *f = *state;
    load_text(f, "actors.txt",
              "NIKOL_PASHINYAN_\n"
              "+PASHINYAN_\n"
              "\t[ARMOPP 20130101-20180507]\n"
              "\t[ARMGOV >20180508]\n");
    assert_string_equal(codes(f, "PASHINYAN spoke.", 2018, 5, 7), "ARMOPP");
    assert_string_equal(codes(f, "PASHINYAN spoke.", 2018, 5, 8), "ARMGOV");
}

static void test_null_codes(void **state)
{
    fx *f = *state;
    load_text(f, "actors.txt",
              "BOROMIR_ [---]\n"
              "GONDOR_ [GON]\n"
              "BOROMIR_OF_GONDOR_ [---]\n"
              "ONODOHER_\n"           /* no code at all: PETRARCH's null actor */
              "PRINCE_OF_DOL_AMROTH_\n"
              "\t[--- <950630]\n"
              "\t[DOL]\n");
    assert_int_equal(f->errors, 0);
    assert_string_equal(codes(f, "BOROMIR left.", 0, 0, 0), "none");
    /* the null name blocks the shorter one inside it */
    assert_string_equal(codes(f, "BOROMIR OF GONDOR left GONDOR.", 0, 0, 0), "GON");
    assert_string_equal(codes(f, "ONODOHER left.", 0, 0, 0), "none");
    assert_string_equal(codes(f, "The PRINCE OF DOL AMROTH left.", 1990, 1, 1), "none");
    assert_string_equal(codes(f, "The PRINCE OF DOL AMROTH left.", 1996, 1, 1), "DOL");
}

static void test_odd_codes(void **state)
{
    fx *f = *state;
    load_text(f, "actors.txt",
              "PALESTINIAN_ [pse]\n"          /* lower case */
              "THE_SHIRE_ [FRO/BIL/SAM]\n"    /* several codes */
              "ARMAGEDDON_ [###]\n");         /* a TABARI discard */
    assert_int_equal(f->errors, 0);
    assert_string_equal(codes(f, "PALESTINIAN officials met.", 0, 0, 0), "PSE");
    /* kept whole: the coder makes one event per code */
    assert_string_equal(codes(f, "THE SHIRE replied.", 0, 0, 0), "FRO/BIL/SAM");
    assert_int_equal(name_kind(f, "ARMAGEDDON"), HR_ENT_DISCARD);
}

static void test_validation_comments(void **state)
{
    fx *f = *state;
    load_text(f, "actors.txt",
              "<!-- PETRARCH VALIDATION SUITE ACTOR DICTIONARY -->\n"
              "<!-- \n"
              "#\t\t========== NOTE ==========\n"
              "# more [NOT] a code\n"
              "# -->\n"
              "HAMAS [PSEREBHMS]\n"
              "<! -- a sloppier comment -->\n"
              "ISRAEL [ISR]\n");
    assert_int_equal(f->errors, 0);
    assert_string_equal(codes(f, "HAMAS and ISRAEL.", 0, 0, 0), "PSEREBHMS ISR");
}

/* ---- agents ------------------------------------------------------------------ */

static void test_agents(void **state)
{
    fx *f = *state;
    load_text(f, "agents.txt",
              "!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON\n"
              "!MINIST! = MINISTER , MINISTRY\n"
              "CONGRESS!PERSON! [~LEG]\n"
              "FOREIGN_!MINIST! [~GOV]\n"
              "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]\n"
              "POLICE {} [ ~COP]\n"
              "SECRETARY [~GOV]\n"
              "ATTORNEY [~JUD]\n"
              "CONGRESS [~LEG]\n"
              "BORDER_PATROL_ [~MIL]\n"
              "HUMAN_RIGHTS_BODY  [NGO~]\n"
              "SOLDIER [~MIL]\n");
    assert_int_equal(f->errors, 0);
    assert_int_equal(name_kind(f, "CONGRESSMAN"), HR_ENT_AGENT);
    assert_int_equal(name_kind(f, "CONGRESSWOMEN"), HR_ENT_AGENT);
    assert_int_equal(name_kind(f, "CONGRESSPERSON"), HR_ENT_AGENT);
    assert_int_equal(name_kind(f, "CONGRESSMANS"), -1);        /* sets: no plural */
    assert_int_equal(name_kind(f, "FOREIGN MINISTER"), HR_ENT_AGENT);
    assert_int_equal(name_kind(f, "FOREIGN MINISTRY"), HR_ENT_AGENT);
    assert_int_equal(name_kind(f, "ATTORNEYS GENERAL"), HR_ENT_AGENT);
    assert_int_equal(name_kind(f, "ATTORNEY GENERALS"), -1);
    assert_int_equal(name_kind(f, "POLICE"), HR_ENT_AGENT);
    assert_int_equal(name_kind(f, "POLICES"), -1);             /* {} : none */
    assert_int_equal(name_kind(f, "SECRETARIES"), HR_ENT_AGENT);
    assert_int_equal(name_kind(f, "ATTORNEYS"), HR_ENT_AGENT);
    assert_int_equal(name_kind(f, "CONGRESSES"), HR_ENT_AGENT);
    assert_int_equal(name_kind(f, "BORDER PATROL"), HR_ENT_AGENT);
    assert_int_equal(name_kind(f, "BORDER PATROLS"), -1);      /* stopped by '_' */
    /* NGO~ cannot be joined to a country in Herald: an actor NGO */
    assert_int_equal(name_kind(f, "HUMAN RIGHTS BODY"), HR_ENT_ACTOR);
    assert_string_equal(codes(f, "A human rights body said so.", 0, 0, 0), "NGO");
    assert_string_equal(codes(f, "The foreign minister said so.", 0, 0, 0), "GOV");
    assert_string_equal(codes(f, "Two soldiers were hurt.", 0, 0, 0), "MIL");
}

static void test_agents_join_countries(void **state)
{
    fx *f = *state;
    load_text(f, "actors.txt", "FREEDONIA_ [FRE]\n+FREEDONIAN_\n");
    load_text(f, "agents.txt", "SOLDIER [~MIL]\nFOREIGN_MINISTER [~GOV]\n");
    assert_string_equal(codes(f, "Freedonian soldiers crossed.", 0, 0, 0), "FREMIL");
    assert_string_equal(codes(f, "The foreign minister of Freedonia spoke.", 0, 0, 0),
                        "FREGOV");
}

/* ---- discards ------------------------------------------------------------------- */

static void test_discards(void **state)
{
    fx *f = *state;
    load_text(f, "discards.txt",
              "# Story-level discards start with '+'\n"
              "BASEBALL\n"
              "+World Golf Championships   # mixed case\n"
              "GROUP A_\n");
    load_text(f, "actors.txt", "BOSTON_ [USA]\n");
    assert_int_equal(f->errors, 0);
    assert_int_equal(name_kind(f, "BASEBALL*"), HR_ENT_DISCARD);
    assert_int_equal(name_kind(f, "World Golf Championships*"), HR_ENT_DISCARD);
    assert_int_equal(name_kind(f, "GROUP A"), HR_ENT_DISCARD);
    assert_string_equal(codes(f, "BOSTON won at baseball.", 0, 0, 0), "USA");
    /* the matcher tells the coder which kind of discard it met */
    assert_int_equal(hr_matcher_discard(f->m), HR_DISCARD_SENTENCE);
    codes(f, "BOSTON hosts the World Golf Championships and baseball.", 0, 0, 0);
    assert_int_equal(hr_matcher_discard(f->m), HR_DISCARD_STORY);
    codes(f, "BOSTON said so.", 0, 0, 0);
    assert_int_equal(hr_matcher_discard(f->m), HR_DISCARD_NONE);
}

/* ---- problems --------------------------------------------------------------------- */

static void test_bad_actor_lines(void **state)
{
    fx *f = *state;
    char text[20000];
    size_t n = 0;
#define ADD(s) (memcpy(text + n, s, strlen(s)), n += strlen(s))
    ADD("\t[AAA]\n");                                    /*  1 code, no entry */
    ADD("+LONELY_\n");                                   /*  2 '+', no entry */
    ADD("ALPHA_ [ALP\n");                                /*  3 '[' unclosed */
    ADD("+ALPHA_SYNONYM_\n");                            /*  4 swallowed */
    ADD("BRAVO_ [BRA]\n");                               /*  5 good */
    ADD("\t[BRAGOV 990231-991231]\n");                   /*  6 no Feb 31 */
    ADD("\t[BRAMIL 991231-990101]\n");                   /*  7 reversed */
    ADD("\t[BRAREB 9901-991231]\n");                     /*  8 short date */
    ADD("\t[BRAOPP >2004017]\n");                        /*  9 seven digits */
    ADD("\tno code here\n");                             /* 10 */
    ADD("CHARLIE_] [CHA]\n");                            /* 11 ']' first */
    ADD("DELTA_ [DE$]\n");                               /* 12 bad character */
    ADD("ECHO_\xff\xfe [ECH]\n");                        /* 13 invalid UTF-8 */
    ADD("+ECHO_SYNONYM_\n");                             /* 14 swallowed */
    ADD("FOXTROT_ [FOX]\n");                             /* 15 good */
    ADD("+FOX\xc3_TROT_\n");                             /* 16 invalid UTF-8 */
    ADD("GOLF_ [GOL");                                   /* 17 ... */
    memset(text + n, 'X', 9000), n += 9000;              /* ... too long */
    ADD("]\n");
    ADD("+GOLF_TOO_\n");                                 /* 18 swallowed */
    ADD("HOTEL_ [HOT 990101-991231 extra]\n");           /* 19 bad restriction */
    ADD("[IND]\n");                                      /* 20 code, no name */
    ADD("JULIET_ [~GOV]\n");                             /* 21 agent code */
    ADD("KILO_ [KIL]\n");                                /* 22 good */
    ADD("\t[KILGOV [990101]\n");                         /* 23 nested */
    ADD("LIMA*_ [LIM]\n");                               /* 24 '*' in a name */
    ADD("MIKE_ [MIK]\n");                                /* 25 good */
    text[n] = '\0';
    const char *p = write_tmp(f, "actors.txt", text, n);
    hr_error err;
    assert_int_equal(hr_dict_load_petrarch(f->d, p, &err), HR_OK);
    expect_logged(f, "E actors.txt:1: code line with no entry");
    expect_logged(f, "E actors.txt:2: '+' name with no entry");
    expect_logged(f, "E actors.txt:3: '[' with no ']': entry skipped");
    expect_logged(f, "E actors.txt:6: [BRAGOV 990231-991231]: bad date");
    expect_logged(f, "E actors.txt:7: [BRAMIL 991231-990101]: date range ends before it starts");
    expect_logged(f, "E actors.txt:8: [BRAREB 9901-991231]: bad date");
    expect_logged(f, "E actors.txt:9: [BRAOPP >2004017]: bad date");
    expect_logged(f, "E actors.txt:10: indented line with no [code]");
    expect_logged(f, "E actors.txt:11: ']' with no '['");
    expect_logged(f, "E actors.txt:12: [DE$]: bad character in code");
    expect_logged(f, "E actors.txt:13: invalid UTF-8 at byte 6: entry skipped");
    expect_logged(f, "E actors.txt:16: invalid UTF-8 at byte 5: line skipped");
    expect_logged(f, "E actors.txt:17: line longer than 8192 bytes: entry skipped");
    expect_logged(f, "E actors.txt:19: [HOT 990101-991231 extra]: bad date");
    expect_logged(f, "E actors.txt:20: code with no name");
    expect_logged(f, "E actors.txt:21: [~GOV]: agent code (with '~') in an actors file");
    expect_logged(f, "E actors.txt:23: '[' inside [...]");
    expect_logged(f, "E actors.txt:24: '*' in a name");
    assert_int_equal(f->errors, 18);
    /* what was good is there; what belonged to a bad entry line is not */
    assert_int_equal(name_kind(f, "BRAVO"), HR_ENT_ACTOR);
    assert_int_equal(name_kind(f, "FOXTROT"), HR_ENT_ACTOR);
    assert_int_equal(name_kind(f, "KILO"), HR_ENT_ACTOR);
    assert_int_equal(name_kind(f, "MIKE"), HR_ENT_ACTOR);
    assert_int_equal(name_kind(f, "ALPHA SYNONYM"), -1);
    assert_int_equal(name_kind(f, "ECHO SYNONYM"), -1);
    assert_int_equal(name_kind(f, "GOLF TOO"), -1);
    assert_int_equal(name_kind(f, "HOTEL"), -1);     /* its only code was bad */
    assert_int_equal(name_kind(f, "JULIET"), -1);
    assert_string_equal(codes(f, "BRAVO met KILO and MIKE.", 1999, 6, 1), "BRA KIL MIK");
#undef ADD
}

static void test_bad_agent_lines(void **state)
{
    fx *f = *state;
    load_text(f, "agents.txt",
              "!PERSON = MAN, WOMAN\n"               /* 1 no closing '!' */
              "!EMPTY! = A, , B\n"                   /* 2 empty item */
              "LONE_NOUN\n"                          /* 3 no code */
              "DEPARTMENT_OF_ENVIRONMENT [~ENV}\n"   /* 4 unclosed */
              "SALES!PERSON! [~BUS]\n"               /* 5 unknown set */
              "GENDARME {GENDARMES [~COP]\n"         /* 6 braces */
              "GOVERNOR [GOV]\n"                     /* 7 no '~' */
              "GUARD [~MIL 990101-991231]\n"         /* 8 dates */
              "!SIDE! = PARTY, SIDE\n"               /* 9 good set */
              "OTHER_!SIDE! [~]\n");                 /* 10 good */
    expect_logged(f, "E agents.txt:1: bad substitution set name");
    expect_logged(f, "E agents.txt:2: substitution set !EMPTY!: empty item");
    expect_logged(f, "E agents.txt:3: agent with no [code]");
    expect_logged(f, "E agents.txt:4: '[' with no ']'");
    expect_logged(f, "E agents.txt:5: unknown substitution set !PERSON!");
    expect_logged(f, "E agents.txt:6: unbalanced braces");
    expect_logged(f, "E agents.txt:7: [GOV]: an agent code needs '~'");
    expect_logged(f, "E agents.txt:8: [~MIL 990101-991231]: date restriction in an agents file");
    assert_int_equal(f->errors, 8);
    assert_int_equal(name_kind(f, "OTHER PARTY"), HR_ENT_AGENT);
    assert_int_equal(name_kind(f, "OTHER SIDE"), HR_ENT_AGENT);
}

static void test_bad_discard_lines(void **state)
{
    fx *f = *state;
    load_text(f, "discards.txt",
              "FOOTBALL [###]\n"
              "+\n"
              "CRICKET\n");
    expect_logged(f, "E discards.txt:1: a code in a discards file");
    expect_logged(f, "E discards.txt:2: empty name");
    assert_int_equal(f->errors, 2);
    assert_int_equal(name_kind(f, "CRICKET*"), HR_ENT_DISCARD);
}

static void test_unclosed_comment(void **state)
{
    fx *f = *state;
    load_text(f, "actors.txt", "ALPHA_ [ALP]\n<!-- never closed\nBRAVO_ [BRA]\n");
    expect_logged(f, "W actors.txt:2: comment opened here is never closed");
    assert_int_equal(name_kind(f, "ALPHA"), HR_ENT_ACTOR);
    assert_int_equal(name_kind(f, "BRAVO"), -1);
}

/* Random bytes and hostile shapes must not crash or hang. */
static void test_garbage(void **state)
{
    fx *f = *state;
    static char buf[1 << 16];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        static const char pick[] = "[]{}!=<>-_+#; \t\n~ABC019/*\xc3\xa9\xff";
        buf[i] = pick[(x >> 16) % (sizeof pick - 1)];
    }
    const char *kinds[] = {"actors.txt", "agents.txt", "discards.txt"};
    for (int k = 0; k < 3; k++) {
        const char *p = write_tmp(f, kinds[k], buf, sizeof buf);
        hr_error err;
        assert_int_equal(hr_dict_load_petrarch(f->d, p, &err), HR_OK);
    }
    /* a set that would expand to millions of names */
    char big[4096];
    size_t n = (size_t)snprintf(big, sizeof big, "!S! = A");
    for (int i = 0; i < 200; i++)
        n += (size_t)snprintf(big + n, sizeof big - n, ",B%d", i);
    snprintf(big + n, sizeof big - n, "\nX!S!!S!!S!!S! [~GOV]\n");
    load_text(f, "agents.txt", big);
    expect_logged(f, "phrase expands to more than 1024 names");
    ready(f);
}

/* ---- files and directories ------------------------------------------------------- */

static void put_file(fx *f, const char *name, const char *text)
{
    assert_true(f->nfiles < 16);
    char *p = f->files[f->nfiles++];
    snprintf(p, sizeof f->files[0], "%s/%s", f->dir, name);
    FILE *fp = fopen(p, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_directory(void **state)
{
    fx *f = *state;
    snprintf(f->dir, sizeof f->dir, "/tmp/herald-petr-dir-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    put_file(f, "B.Actors.txt", "FREEDONIA_ [BBB]\n");   /* read after A */
    put_file(f, "A.actors.txt", "FREEDONIA_ [AAA]\nSYLVANIA_ [SYL]\n");
    put_file(f, "C.agents.txt", "SOLDIER [~MIL]\n");
    put_file(f, "D.DISCARDS", "BASEBALL\n");
    put_file(f, "E.verbs.txt", "&AUXVERB1_\n+WAS\n");
    put_file(f, "issues.txt", "n:genocide [ID_ATROCITY]\n");
    put_file(f, ".hidden.actors.txt", "HIDDEN_ [HID]\n");
    hr_error err;
    assert_int_equal(hr_dict_load_petrarch(f->d, f->dir, &err), HR_OK);
    assert_int_equal(f->errors, 0);
    expect_logged(f, "E.verbs.txt:0: not an actors, agents or discards file");
    expect_logged(f, "issues.txt:0: not an actors, agents or discards file");
    assert_int_equal(f->warnings, 2);
    assert_int_equal(name_kind(f, "SOLDIER"), HR_ENT_AGENT);
    assert_int_equal(name_kind(f, "BASEBALL*"), HR_ENT_DISCARD);
    assert_int_equal(name_kind(f, "HIDDEN"), -1);
    /* the files were read in name order, whatever the case */
    size_t a = SIZE_MAX, b = SIZE_MAX;
    for (size_t i = 0; i < f->d->n_entries; i++) {
        if (strstr(f->d->entries[i].source, "/A.actors.txt:1"))
            a = i;
        if (strstr(f->d->entries[i].source, "/B.Actors.txt:1"))
            b = i;
    }
    assert_true(a < b && b != SIZE_MAX);
    /* and so the later one wins the tie */
    assert_string_equal(codes(f, "FREEDONIA and SYLVANIA.", 0, 0, 0), "BBB SYL");
}

/* A single file whose name says nothing is told by its content. */
static void test_single_file_kinds(void **state)
{
    fx *f = *state;
    load_text(f, "dict", "!P! = MAN, MEN\nPOLICE!P! [~COP]\n");
    load_text(f, "txt", "FREEDONIA_ [FRE]\n");
    load_text(f, "verbs", "--- GRANT [070] ---\nGIVE {GAVE GIVEN}\n- ** AID [071]\n");
    load_text(f, "list", "baseball\nfootball\n");
    assert_int_equal(name_kind(f, "POLICEMAN"), HR_ENT_AGENT);
    assert_int_equal(name_kind(f, "FREEDONIA"), HR_ENT_ACTOR);
    assert_int_equal(name_kind(f, "GIVE"), -1);
    assert_int_equal(name_kind(f, "baseball*"), -1);
    assert_int_equal(f->warnings, 2);
}

static void test_gzip_and_crlf(void **state)
{
    fx *f = *state;
    assert_true(f->nfiles < 16);
    char *p = f->files[f->nfiles++];
    snprintf(p, sizeof f->files[0], "/tmp/herald-petr-XXXXXX.actors.txt.gz");
    int fd = mkstemps(p, 14);
    assert_true(fd >= 0);
    gzFile gz = gzdopen(fd, "wb");
    assert_non_null(gz);
    gzputs(gz, "\xEF\xBB\xBF" "FREEDONIA_ [FRE]\r\n+FREEDONIAN_\r\n\t[FREGOV >200101]\r\n");
    gzclose(gz);
    hr_error err;
    assert_int_equal(hr_dict_load_petrarch(f->d, p, &err), HR_OK);
    assert_int_equal(f->errors, 0);
    assert_string_equal(codes(f, "FREEDONIAN troops.", 2021, 1, 1), "FREGOV");
}

static void test_errors_returned(void **state)
{
    fx *f = *state;
    hr_error err;
    assert_int_equal(hr_dict_load_petrarch(f->d, "/nonexistent/herald/dicts", &err),
                     HR_ERR_IO);
    ready(f);   /* finishes the dictionary */
    const char *p = write_tmp(f, "actors.txt", "A_ [AAA]\n", 9);
    assert_int_equal(hr_dict_load_petrarch(f->d, p, &err), HR_ERR_ARG);
}

/* ---- the Phoenix dictionaries ------------------------------------------------------ */

static void test_phoenix(void **state)
{
    fx *f = *state;
    static const char *const files[] = {
        "Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt", "Phoenix.discards.txt",
    };
    char path[512];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", PHOENIX_DIR, files[i]);
        if (access(path, R_OK) != 0)
            skip();
        hr_error err;
        assert_int_equal(hr_dict_load_petrarch(f->d, path, &err), HR_OK);
    }
    ready(f);   /* indexes: the stats count agents and discards then */
    hr_dict_stats st;
    hr_dict_get_stats(f->d, &st);
    assert_true(st.entries > 25000);
    assert_true(st.agents > 2000);
    assert_true(st.discards > 400);
    /* the few bad lines the files have, each reported */
    assert_true(f->errors > 0 && f->errors < 40);

    /* Codes checked against the files: Phoenix.Countries.actors.txt lines
     * 2921 (Azerbaijan), 2975 (Ilham Aliyev), 48489 (Erdogan), 39559
     * (Putin), 17424 (Merkel), 51057 (Obama), 150 (Karzai), 2225
     * (Sargsyan); Phoenix.International.actors.txt 41 (Annan), 203
     * (NATO); Phoenix.MilNonState.actors.txt 148 (Hamas), 592
     * (Hezbollah), 1768 (Taliban). */
    assert_string_equal(codes(f, "Ilham Aliyev spoke on Thursday.", 2020, 10, 1), "AZEGOV");
    assert_string_equal(codes(f, "Ilham Aliyev spoke on Thursday.", 2002, 10, 1), "AZEELI");
    assert_string_equal(codes(f, "Azerbaijan protested.", 2020, 10, 1), "AZE");
    assert_string_equal(codes(f, "Azerbaijan protested.", 1990, 10, 1), "USRAZE");
    assert_string_equal(codes(f, "President Recep Tayyip Erdoğan arrived.", 2016, 5, 1),
                        "TURGOV");
    assert_string_equal(codes(f, "Vladimir Putin met Angela Merkel.", 2012, 6, 1),
                        "RUSGOV DEUGOV");
    assert_string_equal(codes(f, "Barack Obama spoke.", 2012, 6, 1), "USAGOV");
    assert_string_equal(codes(f, "Hamid Karzai spoke.", 2005, 6, 1), "AFGGOV");
    assert_string_equal(codes(f, "Serzh Sargsyan spoke.", 2010, 6, 1), "ARMGOV");
    assert_string_equal(codes(f, "Kofi Annan spoke.", 2003, 6, 1), "IGOUNO");
    assert_string_equal(codes(f, "Kofi Annan spoke.", 2010, 6, 1), "ELI");
    assert_string_equal(codes(f, "NATO warned Hamas.", 2010, 6, 1), "IGOWSTNAT PSEREBHMS");
    assert_string_equal(codes(f, "Hezbollah and the Taliban.", 2010, 6, 1), "LBNREB AFGREB");
}

/* How long the Phoenix files take to load and index, and what they hold
 * (printed, for bench notes; asserts only that it works). */
static void test_phoenix_load_time(void **state)
{
    fx *f = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/Phoenix.Countries.actors.txt", PHOENIX_DIR);
    if (access(path, R_OK) != 0)
        skip();
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    static const char *const files[] = {
        "Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt", "Phoenix.discards.txt",
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", PHOENIX_DIR, files[i]);
        hr_error err;
        assert_int_equal(hr_dict_load_petrarch(f->d, path, &err), HR_OK);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ready(f);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    hr_dict_stats st;
    hr_dict_get_stats(f->d, &st);
    print_message("phoenix: %llu entries, %llu names; read %.1f ms, index %.1f ms, "
                  "%.1f MB held\n",
                  (unsigned long long)st.entries, (unsigned long long)st.names,
                  ((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6),
                  ((double)(t2.tv_sec - t1.tv_sec) * 1e3 + (double)(t2.tv_nsec - t1.tv_nsec) / 1e6),
                  (double)st.bytes / 1048576.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_actor_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_actor_underscores_and_spaces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stems, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dates_on_following_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dates_on_the_same_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_digit_years, setup, teardown),
        cmocka_unit_test_setup_teardown(test_default_replaced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_code_changes_at_a_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_null_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_odd_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validation_comments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agents_join_countries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_discards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_actor_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_agent_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_discard_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unclosed_comment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_single_file_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gzip_and_crlf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_returned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phoenix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phoenix_load_time, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
