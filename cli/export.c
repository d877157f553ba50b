/* export.c - `herald export`: the events of a database, filtered, in one
 * of the formats other tools load (hr_store_export; README "Exports"). */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char EXPORT_USAGE[] =
    "usage: herald export [OPTIONS]\n"
    "\n"
    "Writes the events of a database made by herald run, in date order.\n"
    "\n"
    "options:\n"
    "  --db PATH|URL         the database: an SQLite file (default herald.db)\n"
    "                        or a postgresql:// URL\n"
    "  --format FMT          jsonl (default): the event shape of herald\n"
    "                        aggregate, with every source; gdelt: the GDELT 2.0\n"
    "                        event table (61 tab-separated columns, no header);\n"
    "                        plover: PLOVER-style JSON Lines; csv: a flat table\n"
    "                        with a header; text: a readable timeline\n"
    "  --output FILE         write there instead of standard output\n"
    "  --actor CODE          source or target starts with CODE (repeatable,\n"
    "                        up to 8: any of them)\n"
    "  --source CODE         source starts with CODE\n"
    "  --target CODE         target starts with CODE\n"
    "  --code PREFIX         CAMEO event code starts with PREFIX (19, 0871)\n"
    "  --quad N              quad class 1..4\n"
    "  --from DATE           events overlapping [from, to]: a year, a month\n"
    "  --to DATE             or a day (2020, 2020-10, 2020-10-12); events with\n"
    "                        no year are left out when either is given\n"
    "  --place NAME|COUNTRY  at a place of that name, or in that country\n"
    "                        (ISO alpha-3 code)\n"
    "  --text WORDS          every word in one sentence of its sources\n"
    "  --min-sources N       reported by at least N articles\n"
    "  --include-background  keep background events (history restated in a\n"
    "                        story), left out otherwise\n"
    "  --limit N             at most N events\n"
    "  --quiet               no count on standard error\n"
    "\n"
    "exit status: 0 written, 1 fatal error, 2 usage error\n";

static int usage(const char *fmt, const char *arg)
{
    fputs("herald export: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n(herald export --help for usage)\n", stderr);
    return EXIT_USAGE;
}

enum { X_DB = 1, X_FORMAT, X_OUTPUT, X_ACTOR, X_SOURCE, X_TARGET, X_CODE, X_QUAD, X_FROM,
       X_TO, X_PLACE, X_TEXT, X_MIN, X_BACKGROUND, X_LIMIT, X_QUIET, X_HELP };

int cmd_export(int argc, char **argv)
{
    static const struct option LONG[] = {
        {"db", required_argument, 0, X_DB},
        {"format", required_argument, 0, X_FORMAT},
        {"output", required_argument, 0, X_OUTPUT},
        {"actor", required_argument, 0, X_ACTOR},
        {"source", required_argument, 0, X_SOURCE},
        {"target", required_argument, 0, X_TARGET},
        {"code", required_argument, 0, X_CODE},
        {"quad", required_argument, 0, X_QUAD},
        {"from", required_argument, 0, X_FROM},
        {"to", required_argument, 0, X_TO},
        {"place", required_argument, 0, X_PLACE},
        {"text", required_argument, 0, X_TEXT},
        {"min-sources", required_argument, 0, X_MIN},
        {"include-background", no_argument, 0, X_BACKGROUND},
        {"limit", required_argument, 0, X_LIMIT},
        {"quiet", no_argument, 0, X_QUIET},
        {"help", no_argument, 0, X_HELP},
        {0, 0, 0, 0}};
    const char *db = "herald.db", *output = NULL, *from_arg = NULL;
    hr_export_format format = HR_EXPORT_JSONL;
    hr_query q;
    memset(&q, 0, sizeof q);
    bool quiet = false;
    unsigned long long v;
    optind = 2;
    opterr = 0;
    int o;
    while ((o = getopt_long(argc, argv, "", LONG, NULL)) != -1) {
        switch (o) {
        case X_DB: db = optarg; break;
        case X_FORMAT:
            if (!(format = hr_export_format_parse(optarg)))
                return usage("--format takes gdelt, jsonl, plover, csv or text, not '%s'",
                             optarg);
            break;
        case X_OUTPUT: output = optarg; break;
        case X_ACTOR:
            if (q.n_actors == sizeof q.actors / sizeof *q.actors)
                return usage("--actor is given more than 8 times (at '%s')", optarg);
            if (!*optarg)
                return usage("--actor takes an actor code, not '%s'", optarg);
            q.actors[q.n_actors++] = cli_code_arg(optarg);
            break;
        case X_SOURCE: q.source = cli_code_arg(optarg); break;
        case X_TARGET: q.target = cli_code_arg(optarg); break;
        case X_CODE:
            if (!*optarg || strlen(optarg) > 4 || strspn(optarg, "0123456789") != strlen(optarg))
                return usage("--code takes a CAMEO code or its first digits (19, 0871), "
                             "not '%s'", optarg);
            q.code = optarg;
            break;
        case X_QUAD:
            if (!cli_number(optarg, 4, &v) || v < 1)
                return usage("--quad takes a quad class 1, 2, 3 or 4, not '%s'", optarg);
            q.quad = (int)v;
            break;
        case X_FROM:
            if (!cli_date_arg(optarg, &q.from))
                return usage("--from takes a year, a month or a day (2020, 2020-10, "
                             "2020-10-12), not '%s'", optarg);
            from_arg = optarg;
            break;
        case X_TO:
            if (!cli_date_arg(optarg, &q.to))
                return usage("--to takes a year, a month or a day (2020, 2020-10, "
                             "2020-10-12), not '%s'", optarg);
            break;
        case X_PLACE: q.place = optarg; break;
        case X_TEXT: q.text = optarg; break;
        case X_MIN:
            if (!cli_number(optarg, UINT32_MAX, &v))
                return usage("--min-sources takes a number of articles, not '%s'", optarg);
            q.min_sources = (uint32_t)v;
            break;
        case X_BACKGROUND: q.include_background = true; break;
        case X_LIMIT:
            if (!cli_number(optarg, INT64_MAX, &v) || v < 1)
                return usage("--limit takes a number of events (1 or more), not '%s'", optarg);
            q.limit = v;
            break;
        case X_QUIET: quiet = true; break;
        case X_HELP: fputs(EXPORT_USAGE, stdout); return EXIT_OK;
        default:
            return usage("unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return usage("takes no inputs, only options (at '%s')", argv[optind]);
    if (q.from.year && q.to.year) {
        hr_date a = q.from, b = q.to;
        if (a.year > b.year || (a.year == b.year && a.month && b.month && a.month > b.month) ||
            (a.year == b.year && a.month == b.month && a.day && b.day && a.day > b.day))
            return usage("--from %s is after --to", from_arg);
    }
    /* opening a store creates it: an SQLite file that is not there is an
     * error here, not a new empty database */
    if (strncmp(db, "postgresql://", 13) && strncmp(db, "postgres://", 11) &&
        access(db, F_OK) != 0) {
        fprintf(stderr, "herald: %s: no such database (make one with herald run)\n", db);
        return EXIT_FATAL;
    }
    hr_error err;
    memset(&err, 0, sizeof err);
    char msg[2048];
    hr_store *s = hr_store_open(db, &err);
    if (!s) {
        fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
        return EXIT_FATAL;
    }
    FILE *out = stdout;
    if (output && !(out = fopen(output, "w"))) {
        fprintf(stderr, "herald: %s: cannot write: %s\n", output, strerror(errno));
        hr_store_close(s, NULL);
        return EXIT_FATAL;
    }
    uint64_t n = 0;
    hr_status st = hr_store_export(s, &q, format, out, &n, &err);
    int status = EXIT_OK;
    if (st != HR_OK) {
        fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
        status = EXIT_FATAL;
    }
    if (out != stdout && fclose(out) != 0 && status == EXIT_OK) {
        fprintf(stderr, "herald: %s: cannot write: %s\n", output, strerror(errno));
        status = EXIT_FATAL;
    }
    if (hr_store_close(s, &err) != HR_OK && status == EXIT_OK) {
        fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
        status = EXIT_FATAL;
    }
    if (!quiet && status == EXIT_OK)
        fprintf(stderr, "herald: %llu event%s exported\n", (unsigned long long)n,
                n == 1 ? "" : "s");
    return status;
}
