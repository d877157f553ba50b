/* actors.c - the CLI's side of the actors stage: loading the dictionaries
 * the options name, `herald match` output, and `herald dict`. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void print_diag(void *ud, const hr_error *e, bool is_error)
{
    dict_opts *o = ud;
    if (is_error)
        o->errors++;
    else
        o->warnings++;
    if (o->quiet_diag)
        return;
    char msg[2048];
    fprintf(stderr, "herald: %s: %s\n", is_error ? "error" : "warning",
            hr_error_format(e, msg, sizeof msg));
}

hr_dict *load_dicts(dict_opts *o)
{
    hr_error err;
    unsigned flags = (o->no_builtin ? HR_DICT_NO_BUILTIN : 0) |
                     (o->no_gazetteer ? HR_DICT_NO_GAZETTEER : 0);
    hr_dict *d = hr_dict_new(flags, print_diag, o, &err);
    char msg[2048];
    if (!d) {
        fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
        return NULL;
    }
    for (int i = 0; i < o->n_dicts; i++)
        if (hr_dict_load(d, o->dicts[i], &err) != HR_OK) {
            fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
            o->errors++;
        }
    for (int i = 0; i < o->n_places; i++)
        if (hr_dict_load_places(d, o->places[i], &err) != HR_OK) {
            fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
            o->errors++;
        }
    for (int i = 0; i < o->n_petrarch; i++)
        if (hr_dict_load_petrarch(d, o->petrarch[i], &err) != HR_OK) {
            fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
            o->errors++;
        }
    if (hr_dict_finish(d, &err) != HR_OK) {
        fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
        hr_dict_free(d);
        return NULL;
    }
    return d;
}

bool dict_option(dict_opts *o, int opt, char *arg)
{
    switch (opt) {
    case OPT_DICT:
        if (o->n_dicts < MAX_DICTS)
            o->dicts[o->n_dicts++] = arg;
        return true;
    case OPT_PETRARCH:
        if (o->n_petrarch < MAX_DICTS)
            o->petrarch[o->n_petrarch++] = arg;
        return true;
    case OPT_PLACES:
        if (o->n_places < MAX_DICTS)
            o->places[o->n_places++] = arg;
        return true;
    case OPT_VERBS:
        if (o->n_verbs < MAX_DICTS)
            o->verbs[o->n_verbs++] = arg;
        return true;
    case OPT_NO_BUILTIN_VERBS: o->no_builtin_verbs = true; return true;
    case OPT_NO_BUILTIN: o->no_builtin = true; return true;
    case OPT_NO_GAZ: o->no_gazetteer = true; return true;
    default: return false;
    }
}

static const char *kind_name(hr_match_kind k)
{
    return k == HR_MATCH_ACTOR ? "actor" : k == HR_MATCH_AGENT ? "agent" : "place";
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
                 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
    if (!len || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
        return 0;                      /* overlong, surrogate, past U+10FFFF */
    return len;
}

/* A JSON string; bytes that are not UTF-8 (a name on the command line)
 * become U+FFFD. Shared by the whole CLI (cli.h). */
void json_str_n(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t l = utf8_len((const unsigned char *)s + i, n - i);
        if (!l) {
            fputs("\\ufffd", out);
            i++;
        } else if (c == '"' || c == '\\') {
            fprintf(out, "\\%c", c);
            i++;
        } else if (c < 0x20) {
            fprintf(out, "\\u%04x", c);
            i++;
        } else {
            fwrite(s + i, 1, l, out);
            i += l;
        }
    }
    fputc('"', out);
}

static void how_list(FILE *out, unsigned f)
{
    static const struct { unsigned bit; const char *name; } H[] = {
        {HR_MF_METONYM, "metonym"}, {HR_MF_DATED, "dated"},
        {HR_MF_UNDATED, "undated"}, {HR_MF_AGENT_ALONE, "agent-alone"},
        {HR_MF_AMBIGUOUS, "ambiguous"}, {HR_MF_DOC_COUNTRY, "document-country"}};
    bool first = true;
    fputc('[', out);
    for (size_t i = 0; i < sizeof H / sizeof H[0]; i++)
        if (f & H[i].bit) {
            fprintf(out, "%s\"%s\"", first ? "" : ",", H[i].name);
            first = false;
        }
    fputc(']', out);
}

void write_match_json(FILE *out, const hr_match *mt, const char *text)
{
    fprintf(out, "{\"span\":[%u,%u],\"text\":", mt->span.start, mt->span.end);
    json_str_n(out, text + mt->span.start, mt->span.end - mt->span.start);
    fprintf(out, ",\"kind\":\"%s\",\"code\":", kind_name(mt->kind));
    json_str_n(out, mt->code, strlen(mt->code));
    fprintf(out, ",\"name\":");
    json_str_n(out, mt->name ? mt->name : "", mt->name ? strlen(mt->name) : 0);
    if (mt->source) {
        fprintf(out, ",\"source\":");
        json_str_n(out, mt->source, strlen(mt->source));
    }
    fprintf(out, ",\"how\":");
    how_list(out, mt->flags);
    if (mt->place) {
        fprintf(out, ",\"place\":{\"name\":");
        json_str_n(out, mt->place->name, strlen(mt->place->name));
        fprintf(out, ",\"country\":");
        json_str_n(out, mt->place->country, strlen(mt->place->country));
        fprintf(out, ",\"lat\":%.4f,\"lon\":%.4f,\"population\":%llu}",
                mt->place->lat, mt->place->lon, (unsigned long long)mt->place->population);
    }
    fputc('}', out);
}

bool write_doc_matches(FILE *out, const hr_document *d, hr_matcher *m,
                       hr_splitter *sp, bool text_format, uint64_t *n_matches)
{
    const hr_match *mt;
    const uint32_t *para;
    size_t n = hr_match_document(m, d, sp, &mt, &para);
    *n_matches += n;
    char date[16];
    hr_date_format(&d->date, date, sizeof date);
    if (text_format) {
        for (size_t i = 0; i < n; i++) {
            const char *t = d->paragraphs[para[i]].text;
            fprintf(out, "%s\t%u\t%u\t%.*s\t%s\t%s\t%s", d->id, para[i], mt[i].sentence,
                    (int)(mt[i].span.end - mt[i].span.start), t + mt[i].span.start,
                    kind_name(mt[i].kind), mt[i].code[0] ? mt[i].code : "-",
                    mt[i].name ? mt[i].name : "");
            if (mt[i].place)
                fprintf(out, "\t%.4f,%.4f", mt[i].place->lat, mt[i].place->lon);
            fputc('\n', out);
        }
        return !ferror(out);
    }
    fprintf(out, "{\"doc\":\"%s\",\"url\":", d->id);
    if (d->url)
        json_str_n(out, d->url, strlen(d->url));
    else
        fputs("null", out);
    fprintf(out, ",\"date\":\"%s\",\"matches\":[", date);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "%s{\"para\":%u,\"sentence\":%u,\"match\":", i ? "," : "", para[i],
                mt[i].sentence);
        write_match_json(out, &mt[i], d->paragraphs[para[i]].text);
        fputc('}', out);
    }
    fputs("]}\n", out);
    return !ferror(out);
}

/* ---- herald dict ------------------------------------------------------------ */

static const char DICT_USAGE[] =
    "usage: herald dict check [--petrarch | --verbs] PATH...\n"
    "       herald dict lookup [--date DATE] [DICT OPTIONS] NAME...\n"
    "       herald dict stats [DICT OPTIONS]\n"
    "\n"
    "  check    validate dictionaries in Herald's format (or, with --petrarch,\n"
    "           TABARI/PETRARCH's; with --verbs, verb dictionaries); every\n"
    "           problem is printed with file and line\n"
    "  lookup   what each NAME gives, as the matcher would find it in text\n"
    "  stats    entries, names, places and memory of the loaded dictionaries\n"
    "\n"
    "DICT OPTIONS: --dict DIR, --petrarch-dict DIR, --places FILE,\n"
    "              --no-builtin-dict, --no-gazetteer (see herald help)\n"
    "exit status: 0 no errors (warnings allowed), 2 usage error,\n"
    "             3 errors found (each printed)\n";

int cmd_dict(int argc, char **argv)
{
    if (argc < 3 || !strcmp(argv[2], "help") || !strcmp(argv[2], "--help")) {
        fputs(DICT_USAGE, argc < 3 ? stderr : stdout);
        return argc < 3 ? EXIT_USAGE : EXIT_OK;
    }
    const char *sub = argv[2];
    if (strcmp(sub, "check") && strcmp(sub, "lookup") && strcmp(sub, "stats")) {
        fprintf(stderr, "herald: unknown dict command '%s'\n%s", sub, DICT_USAGE);
        return EXIT_USAGE;
    }
    dict_opts o = {0};
    bool petrarch = false, verbs = false;
    hr_date date = {0};
    static const struct option LONG[] = {
        {"dict", required_argument, 0, OPT_DICT},
        {"petrarch-dict", required_argument, 0, OPT_PETRARCH},
        {"no-builtin-dict", no_argument, 0, OPT_NO_BUILTIN},
        {"no-gazetteer", no_argument, 0, OPT_NO_GAZ},
        {"places", required_argument, 0, OPT_PLACES},
        {"petrarch", no_argument, 0, 'p'},
        {"verbs", no_argument, 0, 'V'},
        {"date", required_argument, 0, 'd'},
        {0, 0, 0, 0}};
    optind = 3;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, "", LONG, NULL)) != -1) {
        if (dict_option(&o, opt, optarg))
            continue;
        if (opt == 'p') {
            petrarch = true;
        } else if (opt == 'V') {
            verbs = true;
        } else if (opt == 'd') {
            if (!hr_date_parse_iso(optarg, strlen(optarg), &date) || !date.year) {
                fprintf(stderr, "herald: --date takes a date such as 2020-11-13, not '%s'\n",
                        optarg);
                return EXIT_USAGE;
            }
        } else {
            fprintf(stderr, "herald: unknown or incomplete option '%s'\n%s",
                    argv[optind - 1], DICT_USAGE);
            return EXIT_USAGE;
        }
    }
    if (!strcmp(sub, "check")) {
        if (optind >= argc) {
            fprintf(stderr, "herald: dict check: no dictionary given\n");
            return EXIT_USAGE;
        }
        if (verbs) {
            /* verb dictionaries, against the CAMEO table */
            o.no_builtin_verbs = true;
            o.n_verbs = 0;
            for (int i = optind; i < argc && o.n_verbs < MAX_DICTS; i++)
                o.verbs[o.n_verbs++] = argv[i];
            hr_verbs *v = load_verbs(&o);
            if (!v)
                return EXIT_FATAL;
            hr_verbs_stats vs;
            hr_verbs_get_stats(v, &vs);
            printf("%llu verbs, %llu nouns, %llu forms, %llu patterns (%llu event codes "
                   "known): %llu errors, %llu warnings\n",
                   (unsigned long long)vs.verbs, (unsigned long long)vs.nouns,
                   (unsigned long long)vs.forms, (unsigned long long)vs.patterns,
                   (unsigned long long)vs.codes, (unsigned long long)o.errors,
                   (unsigned long long)o.warnings);
            hr_verbs_free(v);
            return o.errors ? EXIT_SKIPPED : EXIT_OK;
        }
        /* only what is checked, against the builtin code units */
        o.no_builtin = o.no_gazetteer = true;
        o.n_dicts = o.n_petrarch = 0;
        for (int i = optind; i < argc; i++) {
            if (petrarch && o.n_petrarch < MAX_DICTS)
                o.petrarch[o.n_petrarch++] = argv[i];
            else if (!petrarch && o.n_dicts < MAX_DICTS)
                o.dicts[o.n_dicts++] = argv[i];
        }
        hr_dict *d = load_dicts(&o);
        if (!d)
            return EXIT_FATAL;
        hr_dict_stats st;
        hr_dict_get_stats(d, &st);
        printf("%llu entries (%llu agents, %llu discards), %llu names, %llu codes: "
               "%llu errors, %llu warnings\n",
               (unsigned long long)st.entries, (unsigned long long)st.agents,
               (unsigned long long)st.discards, (unsigned long long)st.names,
               (unsigned long long)st.codes, (unsigned long long)o.errors,
               (unsigned long long)o.warnings);
        hr_dict_free(d);
        return o.errors ? EXIT_SKIPPED : EXIT_OK;
    }
    hr_dict *d = load_dicts(&o);
    if (!d)
        return EXIT_FATAL;
    int rc = o.errors ? EXIT_SKIPPED : EXIT_OK;
    if (!strcmp(sub, "stats")) {
        hr_dict_stats st;
        hr_dict_get_stats(d, &st);
        printf("entries %llu\nagents %llu\ndiscards %llu\nnames %llu\ncodes %llu\n"
               "places %llu\nplace_names %llu\nerrors %llu\nwarnings %llu\nbytes %llu\n",
               (unsigned long long)st.entries, (unsigned long long)st.agents,
               (unsigned long long)st.discards, (unsigned long long)st.names,
               (unsigned long long)st.codes, (unsigned long long)st.places,
               (unsigned long long)st.place_names, (unsigned long long)st.errors,
               (unsigned long long)st.warnings, (unsigned long long)st.bytes);
    } else {
        hr_error err;
        hr_matcher *m = hr_matcher_new(d, &err);
        if (!m) {
            hr_dict_free(d);
            return EXIT_FATAL;
        }
        for (int i = optind; i < argc; i++) {
            const hr_match *mt;
            size_t n = hr_dict_lookup(m, argv[i], &date, &mt);
            printf("{\"name\":");
            json_str_n(stdout, argv[i], strlen(argv[i]));
            printf(",\"matches\":[");
            for (size_t k = 0; k < n; k++) {
                if (k)
                    putchar(',');
                write_match_json(stdout, &mt[k], argv[i]);
            }
            printf("]}\n");
        }
        hr_matcher_free(m);
    }
    hr_dict_free(d);
    return rc;
}
