/* validate.c - `herald validate FILE`: a TABARI/PETRARCH validation file
 * coded from its texts (hr_validate_file), the records and the score
 * printed. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char VALIDATE_USAGE[] =
    "usage: herald validate [OPTIONS] FILE\n"
    "\n"
    "Codes each <Sentence> of a TABARI/PETRARCH validation file (such as\n"
    "PETR.UnitTest.records.xml) from its <Text> alone, with the dictionaries\n"
    "its <Environment> names read by the compatibility readers, and prints\n"
    "how many records were coded exactly (every expected event, no other),\n"
    "overall and by category.\n"
    "\n"
    "options:\n"
    "  --petrarch-dict DIR   where the dictionaries are (default: the file's\n"
    "                        sibling ../dictionaries/ when it has them, else\n"
    "                        the file's own directory)\n"
    "  --verbose             print every record: its events, expected and coded\n"
    "  --failures            print the records not coded exactly\n"
    "  --quiet               no messages about the dictionaries\n"
    "\n"
    "exit status: 0 it ran (whatever the score), 1 fatal error, 2 usage error\n";

typedef struct vopts {
    bool verbose, failures, quiet;
    unsigned long long errors, warnings;
} vopts;

static void on_diag(void *ud, const hr_error *e, bool is_error)
{
    vopts *o = ud;
    if (is_error)
        o->errors++;
    else
        o->warnings++;
    if (o->quiet)
        return;
    char msg[2048];
    fprintf(stderr, "herald: %s: %s\n", is_error ? "error" : "warning",
            hr_error_format(e, msg, sizeof msg));
}

static void events(const char *label, const hr_vevent *e, size_t n)
{
    printf("  %-9s", label);
    if (!n)
        fputs(" (none)", stdout);
    for (size_t i = 0; i < n; i++)
        printf("%s %s %s %s", i ? ";" : "", e[i].source, e[i].code, e[i].target);
    putchar('\n');
}

static void on_record(void *ud, const hr_vrecord *r)
{
    const vopts *o = ud;
    if (!o->verbose && !(o->failures && !r->exact))
        return;
    printf("%-4s %s [%s] %s\n", r->exact ? "ok" : "FAIL", r->id, r->category, r->date);
    printf("  %-9s %s\n", "text", r->text);
    if (r->error)
        printf("  %-9s error \"%s\": no event\n", "expected", r->error);
    else
        events("expected", r->expected, r->n_expected);
    events("coded", r->coded, r->n_coded);
    if (!r->exact)
        printf("  %-9s %zu missing, %zu extra\n", "", r->missing, r->extra);
}

static double share(uint64_t part, uint64_t all)
{
    return all ? 100.0 * (double)part / (double)all : 0.0;
}

int cmd_validate(int argc, char **argv)
{
    vopts o = {0};
    const char *dir = NULL;
    static const struct option LONG[] = {
        {"petrarch-dict", required_argument, 0, 'p'},
        {"verbose", no_argument, 0, 'v'},
        {"failures", no_argument, 0, 'f'},
        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    optind = 2;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, "", LONG, NULL)) != -1) {
        switch (opt) {
        case 'p': dir = optarg; break;
        case 'v': o.verbose = true; break;
        case 'f': o.failures = true; break;
        case 'q': o.quiet = true; break;
        case 'h': fputs(VALIDATE_USAGE, stdout); return EXIT_OK;
        default:
            fprintf(stderr, "herald: unknown or incomplete option '%s'\n%s", argv[optind - 1],
                    VALIDATE_USAGE);
            return EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "herald: validate takes one FILE\n%s", VALIDATE_USAGE);
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    hr_validate_options vo = {dir, on_diag, &o, on_record, &o};
    hr_validation res;
    hr_error err;
    if (hr_validate_file(path, &vo, &res, &err) != HR_OK) {
        char msg[2048];
        fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
        return EXIT_FATAL;
    }
    if (o.verbose || o.failures)
        putchar('\n');
    printf("validation: %s\n", path);
    printf("verbs:      %s\n", res.verbs);
    if (res.actors[0])
        printf("actors:     %s\n", res.actors);
    if (res.agents[0])
        printf("agents:     %s\n", res.agents);
    if (res.discards[0])
        printf("discards:   %s\n", res.discards);
    if (o.errors || o.warnings)
        printf("dictionary problems: %llu errors, %llu warnings%s\n", o.errors, o.warnings,
               o.quiet ? " (--quiet: not shown)" : " (on standard error)");
    printf("\n%-12s %8s %8s %8s\n", "category", "records", "exact", "share");
    for (size_t i = 0; i < res.n_categories; i++) {
        const hr_vcategory *c = &res.categories[i];
        printf("%-12s %8u %8u %7.1f%%\n", c->name, c->records, c->exact,
               share(c->exact, c->records));
    }
    printf("%-12s %8u %8u %7.1f%%\n", "all", res.records, res.exact,
           share(res.exact, res.records));
    printf("\nevents: %llu expected, %llu coded, %llu of them expected (recall %.1f%%, "
           "precision %.1f%%)\n",
           (unsigned long long)res.expected, (unsigned long long)res.coded,
           (unsigned long long)res.matched, share(res.matched, res.expected),
           share(res.matched, res.coded));
    return EXIT_OK;
}
