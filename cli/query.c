/* query.c - `herald events`, `timeline`, `show`, `actors` and `dyads`:
 * reading a database made by herald run (README "Queries"). The rows come
 * from the library's queries (src/store/query.c); this file only parses
 * the options and prints. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TABLE_LIMIT 100   /* rows of a table when --limit is not given */

static const char FILTERS_HELP[] =
    "  --db PATH|URL         the database: an SQLite file (default herald.db)\n"
    "                        or a postgresql:// URL\n"
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
    "  --text WORDS          every word in one sentence of its sources\n"
    "  --min-sources N       reported by at least N articles\n"
    "  --include-background  keep background events (history restated)\n"
    "  --limit N             at most N rows (tables: 100 unless given)\n"
    "  --offset N            skip the first N rows (paging)\n";

static const char EVENTS_USAGE[] =
    "usage: herald events [OPTIONS]\n"
    "\n"
    "The events of a database made by herald run, one per line.\n"
    "\n"
    "options:\n"
    "  --format FMT          table (default): date, source, code and its name,\n"
    "                        target, mentions/articles/outlets, flags, place;\n"
    "                        jsonl: the event shape of the HTTP API (docs/api.md)\n"
    "                        with its strongest sentence; csv: the columns of\n"
    "                        herald export --format csv\n"
    "  --sort ORDER          date (default: oldest first), -date, mentions,\n"
    "                        -mentions (most reported first), goldstein (most\n"
    "                        hostile first), -goldstein\n";

static const char TIMELINE_USAGE[] =
    "usage: herald timeline [OPTIONS]\n"
    "\n"
    "The events day by day: a heading per day, then one line per event with\n"
    "its strongest evidence (the first-hand source with the most precise\n"
    "date) and its outlet. Events with no year come after the dated ones,\n"
    "under their month and day; undated events last.\n"
    "\n"
    "options:\n"
    "  --sort date|-date     oldest (default) or newest first\n";

static const char SHOW_USAGE[] =
    "usage: herald show ID [OPTIONS]\n"
    "\n"
    "One event with every mention: its sentence with the source, verb and\n"
    "target marked, outlet, URL, publication date, the event's date and how\n"
    "it was found, the attribution chain and the flags in words.\n"
    "\n"
    "options:\n"
    "  --db PATH|URL         the database (default herald.db)\n"
    "  --format text|json    text (default): [SRC:...], [VERB:...], [TGT:...]\n"
    "                        marks, or bold on a terminal; json: one object\n"
    "\n"
    "exit status: 0 shown, 1 no such event or a fatal error, 2 usage error\n";

static const char ACTORS_USAGE[] =
    "usage: herald actors [OPTIONS]\n"
    "\n"
    "Per actor code of the events taken: events as source and as target,\n"
    "cooperation (quad 1-2) and conflict (quad 3-4) counts, mean Goldstein;\n"
    "most events first.\n"
    "\n"
    "options:\n"
    "  --format FMT          table (default), jsonl or csv\n";

static const char DYADS_USAGE[] =
    "usage: herald dyads [OPTIONS]\n"
    "\n"
    "Per (source, target) pair of actor codes in the events taken (events\n"
    "with no target are left out): events, cooperation (quad 1-2), conflict\n"
    "(quad 3-4), mean Goldstein; most events first.\n"
    "\n"
    "options:\n"
    "  --format FMT          table (default), jsonl or csv\n";

enum { F_TABLE = 1, F_JSONL, F_CSV, F_TEXT, F_JSON };

/* What one query command was asked. */
typedef struct qargs {
    const char *cmd;
    const char *db;
    const char *id;           /* show */
    int format;
    bool limit_given;
    hr_query q;
} qargs;

static int usage(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "herald %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(herald %s --help for usage)\n", cmd);
    return EXIT_USAGE;
}

/* Option values shared with herald export (cli.h). */

bool cli_number(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    if (!isdigit((unsigned char)*s))
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return false;
    *out = v;
    return true;
}

/* An actor code prefix, made upper case in place; any other character is
 * kept (it matches nothing: the value is only ever a bound parameter). */
const char *cli_code_arg(char *s)
{
    for (char *p = s; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return s;
}

bool cli_date_arg(const char *s, hr_date *d)
{
    return hr_date_parse_iso(s, strlen(s), d) && d->year > 0;
}

enum { O_DB = 1, O_FORMAT, O_SORT, O_ACTOR, O_SOURCE, O_TARGET, O_CODE, O_QUAD, O_FROM, O_TO,
       O_PLACE, O_TEXT, O_MIN, O_BACKGROUND, O_LIMIT, O_OFFSET, O_HELP };

/* The format names each command takes. */
static int format_arg(const char *cmd, const char *s)
{
    bool show = !strcmp(cmd, "show"), timeline = !strcmp(cmd, "timeline");
    if (show)
        return !strcmp(s, "text") ? F_TEXT : !strcmp(s, "json") ? F_JSON : 0;
    if (timeline)
        return !strcmp(s, "text") ? F_TEXT : 0;
    return !strcmp(s, "table") ? F_TABLE : !strcmp(s, "jsonl") ? F_JSONL
                                        : !strcmp(s, "csv")    ? F_CSV : 0;
}

/* Parses the options of a query command into a; returns -1 when they
 * are good, else the exit status. */
static int parse(int argc, char **argv, qargs *a, const char *help)
{
    static const struct option LONG[] = {
        {"db", required_argument, 0, O_DB},
        {"format", required_argument, 0, O_FORMAT},
        {"sort", required_argument, 0, O_SORT},
        {"actor", required_argument, 0, O_ACTOR},
        {"source", required_argument, 0, O_SOURCE},
        {"target", required_argument, 0, O_TARGET},
        {"code", required_argument, 0, O_CODE},
        {"quad", required_argument, 0, O_QUAD},
        {"from", required_argument, 0, O_FROM},
        {"to", required_argument, 0, O_TO},
        {"place", required_argument, 0, O_PLACE},
        {"text", required_argument, 0, O_TEXT},
        {"min-sources", required_argument, 0, O_MIN},
        {"include-background", no_argument, 0, O_BACKGROUND},
        {"limit", required_argument, 0, O_LIMIT},
        {"offset", required_argument, 0, O_OFFSET},
        {"help", no_argument, 0, O_HELP},
        {0, 0, 0, 0}};
    const char *cmd = a->cmd, *from_arg = NULL;
    bool show = !strcmp(cmd, "show");
    bool sorts = !strcmp(cmd, "events") || !strcmp(cmd, "timeline");
    unsigned long long v;
    hr_query *q = &a->q;
    optind = 2;
    opterr = 0;
    int o;
    /* "+" is not given: getopt_long moves the ID of show after the options */
    while ((o = getopt_long(argc, argv, "", LONG, NULL)) != -1) {
        if (show && o != O_DB && o != O_FORMAT && o != O_HELP && o != '?')
            return usage(cmd, "takes only --db and --format (at '%s')", argv[optind - 1]);
        switch (o) {
        case O_DB: a->db = optarg; break;
        case O_FORMAT:
            if (!(a->format = format_arg(cmd, optarg)))
                return usage(cmd,
                             show ? "--format takes text or json, not '%s'"
                             : !strcmp(cmd, "timeline") ? "--format takes text, not '%s'"
                                                        : "--format takes table, jsonl or csv, "
                                                          "not '%s'",
                             optarg);
            break;
        case O_SORT: {
            hr_sort s;
            if (!sorts || !hr_sort_parse(optarg, &s) ||
                (!strcmp(cmd, "timeline") && s != HR_SORT_DATE && s != HR_SORT_DATE_DESC))
                return usage(cmd,
                             sorts ? "--sort takes date, -date, mentions, -mentions, goldstein "
                                     "or -goldstein (timeline: date or -date), not '%s'"
                                   : "does not sort (at '%s'): rows come most events first",
                             optarg);
            q->sort = (int)s;
            break;
        }
        case O_ACTOR:
            if (q->n_actors == sizeof q->actors / sizeof *q->actors)
                return usage(cmd, "--actor is given more than 8 times (at '%s')", optarg);
            if (!*optarg)
                return usage(cmd, "--actor takes an actor code, not '%s'", optarg);
            q->actors[q->n_actors++] = cli_code_arg(optarg);
            break;
        case O_SOURCE: q->source = cli_code_arg(optarg); break;
        case O_TARGET: q->target = cli_code_arg(optarg); break;
        case O_CODE:
            if (!*optarg || strlen(optarg) > 4 || strspn(optarg, "0123456789") != strlen(optarg))
                return usage(cmd, "--code takes a CAMEO code or its first digits (19, 0871), "
                                  "not '%s'", optarg);
            q->code = optarg;
            break;
        case O_QUAD:
            if (!cli_number(optarg, 4, &v) || v < 1)
                return usage(cmd, "--quad takes a quad class 1, 2, 3 or 4, not '%s'", optarg);
            q->quad = (int)v;
            break;
        case O_FROM:
            if (!cli_date_arg(optarg, &q->from))
                return usage(cmd, "--from takes a year, a month or a day (2020, 2020-10, "
                                  "2020-10-12), not '%s'", optarg);
            from_arg = optarg;
            break;
        case O_TO:
            if (!cli_date_arg(optarg, &q->to))
                return usage(cmd, "--to takes a year, a month or a day (2020, 2020-10, "
                                  "2020-10-12), not '%s'", optarg);
            break;
        case O_PLACE: q->place = optarg; break;
        case O_TEXT: q->text = optarg; break;
        case O_MIN:
            if (!cli_number(optarg, UINT32_MAX, &v))
                return usage(cmd, "--min-sources takes a number of articles, not '%s'", optarg);
            q->min_sources = (uint32_t)v;
            break;
        case O_BACKGROUND: q->include_background = true; break;
        case O_LIMIT:
            if (!cli_number(optarg, INT64_MAX, &v) || v < 1)
                return usage(cmd, "--limit takes a number of rows (1 or more), not '%s'",
                             optarg);
            q->limit = v;
            a->limit_given = true;
            break;
        case O_OFFSET:
            if (!cli_number(optarg, INT64_MAX, &v))
                return usage(cmd, "--offset takes a number of rows, not '%s'", optarg);
            q->offset = v;
            break;
        case O_HELP:
            fputs(help, stdout);
            if (!show) {
                fputs(FILTERS_HELP, stdout);
                fputs("\nexit status: 0 written, 1 fatal error, 2 usage error\n", stdout);
            }
            return EXIT_OK;
        default:
            return usage(cmd, "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (show) {
        if (optind >= argc)
            return usage(cmd, "%s", "needs the ID of an event");
        a->id = argv[optind++];
    }
    if (optind < argc)
        return usage(cmd, "takes no inputs, only options (at '%s')", argv[optind]);
    if (q->from.year && q->to.year) {
        hr_date f = q->from, t = q->to;
        if (f.year > t.year || (f.year == t.year && f.month && t.month && f.month > t.month) ||
            (f.year == t.year && f.month == t.month && f.day && t.day && f.day > t.day))
            return usage(cmd, "--from %s is after --to", from_arg);
    }
    if (!a->format)
        a->format = show || !strcmp(cmd, "timeline") ? F_TEXT : F_TABLE;
    if ((a->format == F_TABLE || a->format == F_TEXT) && !a->limit_given && !show &&
        strcmp(cmd, "timeline"))
        q->limit = TABLE_LIMIT;
    return -1;
}

/* Opens the database for reading only (the queries never write); an SQLite
 * file that is not there gets a message of its own. NULL when it cannot be
 * opened (printed). */
static hr_store *open_db(const char *db)
{
    if (strncmp(db, "postgresql://", 13) && strncmp(db, "postgres://", 11) &&
        access(db, F_OK) != 0) {
        fprintf(stderr, "herald: %s: no such database (make one with herald run)\n", db);
        return NULL;
    }
    hr_error err;
    memset(&err, 0, sizeof err);
    hr_store *s = hr_store_open_readonly(db, 0, &err);
    if (!s) {
        char msg[2048];
        fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
    }
    return s;
}

/* ---- printing helpers ------------------------------------------------------ */

/* At most max bytes of s (cut at a character boundary, "..." when cut),
 * control characters as spaces. */
static void put_short(FILE *out, const char *s, size_t max)
{
    size_t n = strlen(s), k = n;
    if (n > max) {
        k = max;
        while (k && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
    }
    for (size_t i = 0; i < k; i++)
        fputc((unsigned char)s[i] < 0x20 ? ' ' : s[i], out);
    if (k < n)
        fputs("...", out);
}

/* An RFC 4180 field. */
static void csv_field(FILE *out, const char *s)
{
    if (!s)
        return;
    if (!s[strcspn(s, ",\"\r\n")]) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static const char *tf(bool b)
{
    return b ? "true" : "false";
}

/* A date for a table column: a range within one year as 2020-10-27/11-01. */
static void short_date(const char *d, char *out, size_t size)
{
    if (!d) {
        snprintf(out, size, "-");
        return;
    }
    const char *slash = strchr(d, '/');
    if (slash && slash - d == 10 && strlen(slash + 1) == 10 && !strncmp(d, slash + 1, 5))
        snprintf(out, size, "%.10s/%s", d, slash + 6);
    else
        snprintf(out, size, "%s", d);
}

/* The flags of an event in a word or two each (table and timeline), the
 * first after sep, the others after a space. */
static void flag_words(FILE *out, const hr_event_row *e, const char *sep)
{
    char repeats[32];
    snprintf(repeats, sizeof repeats, "+%u repeats", e->repeats);
    const char *words[] = {e->flags & HR_EVT_CLAIM ? "claim:" : NULL,
                           e->flags & HR_EVT_MIXED ? "claim+fact" : NULL,
                           e->flags & HR_EVT_DISPUTED ? "disputed" : NULL,
                           e->flags & HR_EVT_BACKGROUND ? "background" : NULL,
                           e->repeats ? repeats : NULL};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        if (!words[i])
            continue;
        fprintf(out, "%s%s", sep, words[i]);
        if (i == 0)
            fputs(e->claim_by ? e->claim_by : "?", out);
        sep = " ";
    }
}

/* ---- herald events ----------------------------------------------------------- */

static const char CSV_HEADER[] =
    "id,date,precision,day_first,day_last,source,target,code,root,quad,goldstein,place,"
    "country,lat,lon,mentions,repeats,articles,outlets,first_seen,tone,claim_by,"
    "claim_and_fact,disputed,background,disputed_with,url,sentence\r\n";

typedef struct printer {
    FILE *out;
    int format;
    uint64_t rows;
    const char *heading;      /* timeline: the date heading printed last */
    char last[64];
} printer;

static void event_table(FILE *out, const hr_event_row *e)
{
    char date[32], counts[32];
    short_date(e->date, date, sizeof date);
    snprintf(counts, sizeof counts, "%u/%u/%u", e->mentions, e->articles, e->outlets);
    fprintf(out, "%-16s %-14s %-5s ", date, e->source ? e->source : "-", e->code);
    put_short(out, e->code_name, 30);
    int pad = 33 - (int)(strlen(e->code_name) > 30 ? 33 : strlen(e->code_name));
    fprintf(out, "%*s %-14s %8s", pad, "", e->target ? e->target : "-", counts);
    if (e->place)
        fprintf(out, "  %s", e->place);
    flag_words(out, e, e->place ? " " : "  ");
    fputc('\n', out);
}

/* The fields of an event's JSON object, its closing brace left out. */
static void event_fields(FILE *out, const hr_event_row *e)
{
    fputs("{\"id\":", out);
    json_str(out, e->id);
    fputs(",\"date\":{\"value\":", out);
    json_str(out, e->date);
    fputs(",\"precision\":", out);
    json_str(out, e->precision);
    fputs(",\"how\":", out);
    json_str(out, e->how);
    fputs("},\"source\":", out);
    json_str(out, e->source);
    fputs(",\"target\":", out);
    json_str(out, e->target);
    fputs(",\"code\":", out);
    json_str(out, e->code);
    fputs(",\"code_name\":", out);
    json_str(out, e->code_name);
    fputs(",\"root\":", out);
    json_str(out, e->root);
    fprintf(out, ",\"quad\":%d,\"goldstein\":%.1f,\"place\":", e->quad, e->goldstein);
    if (e->place) {
        fputs("{\"name\":", out);
        json_str(out, e->place);
        fputs(",\"country\":", out);
        json_str(out, e->country);
        fprintf(out, ",\"lat\":%.4f,\"lon\":%.4f}", e->lat, e->lon);
    } else {
        fputs("null", out);
    }
    fprintf(out, ",\"mentions\":%u,\"repeats\":%u,\"articles\":%u,\"outlets\":%u,"
                 "\"first_seen\":", e->mentions, e->repeats, e->articles, e->outlets);
    json_str(out, e->first_seen);
    fprintf(out, ",\"tone\":%.2f,\"flags\":{\"claim_by\":", e->tone);
    json_str(out, e->claim_by);
    fprintf(out, ",\"claim_and_fact\":%s,\"disputed\":%s,\"background\":%s},"
                 "\"disputed_with\":", tf(e->flags & HR_EVT_MIXED),
            tf(e->flags & HR_EVT_DISPUTED), tf(e->flags & HR_EVT_BACKGROUND));
    json_str(out, e->disputed_with);
    fputs(",\"sentence\":", out);
    json_str(out, e->sentence);
    fputs(",\"outlet\":", out);
    json_str(out, e->outlet);
    fputs(",\"url\":", out);
    json_str(out, e->url);
}

static void event_jsonl(FILE *out, const hr_event_row *e)
{
    event_fields(out, e);
    fputs("}\n", out);
}

static void event_csv(FILE *out, const hr_event_row *e)
{
    const char *cells[] = {e->id, e->date, e->precision, e->first_day, e->last_day,
                           e->source, e->target,
                           e->code, e->root};
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
        if (i)
            fputc(',', out);
        csv_field(out, cells[i]);
    }
    fprintf(out, ",%d,%.1f,", e->quad, e->goldstein);
    csv_field(out, e->place);
    fputc(',', out);
    csv_field(out, e->country);
    if (e->place)
        fprintf(out, ",%.4f,%.4f", e->lat, e->lon);
    else
        fputs(",,", out);
    fprintf(out, ",%u,%u,%u,%u,", e->mentions, e->repeats, e->articles, e->outlets);
    csv_field(out, e->first_seen);
    fprintf(out, ",%.2f,", e->tone);
    csv_field(out, e->claim_by);
    fprintf(out, ",%d,%d,%d,", (e->flags & HR_EVT_MIXED) != 0,
            (e->flags & HR_EVT_DISPUTED) != 0, (e->flags & HR_EVT_BACKGROUND) != 0);
    csv_field(out, e->disputed_with);
    fputc(',', out);
    csv_field(out, e->url);
    fputc(',', out);
    csv_field(out, e->sentence);
    fputs("\r\n", out);
}

static bool on_event(void *ud, const hr_event_row *e)
{
    printer *p = ud;
    switch (p->format) {
    case F_TABLE: event_table(p->out, e); break;
    case F_JSONL: event_jsonl(p->out, e); break;
    case F_CSV: event_csv(p->out, e); break;
    }
    p->rows++;
    return !ferror(p->out);
}

/* Prints a library error; returns EXIT_FATAL. */
static int failed(hr_error *err)
{
    char msg[2048];
    fprintf(stderr, "herald: %s\n", hr_error_format(err, msg, sizeof msg));
    return EXIT_FATAL;
}

/* Closes s and flushes standard output; the exit status. */
static int finish(hr_store *s, int status)
{
    hr_error err;
    memset(&err, 0, sizeof err);
    if (hr_store_close(s, &err) != HR_OK && status == EXIT_OK)
        status = failed(&err);
    if ((fflush(stdout) != 0 || ferror(stdout)) && status == EXIT_OK) {
        fprintf(stderr, "herald: cannot write output: %s\n", strerror(errno));
        status = EXIT_FATAL;
    }
    return status;
}

static int events(qargs *a, hr_store *s)
{
    hr_error err;
    memset(&err, 0, sizeof err);
    printer p = {.out = stdout, .format = a->format};
    if (a->format == F_CSV)
        fputs(CSV_HEADER, stdout);
    if (a->format == F_TABLE)
        printf("%-16s %-14s %-5s %-33s %-14s %8s  %s\n", "date", "source", "code", "event",
               "target", "m/a/o", "place, flags");
    unsigned flags = a->format == F_TABLE ? 0 : HR_ROWS_EVIDENCE;
    if (hr_store_events(s, &a->q, flags, on_event, &p, &err) != HR_OK)
        return failed(&err);
    if (a->format == F_TABLE) {
        uint64_t total = 0;
        if (hr_store_count(s, &a->q, &total, &err) != HR_OK)
            return failed(&err);
        if (p.rows)
            printf("-- events %llu-%llu of %llu", (unsigned long long)a->q.offset + 1,
                   (unsigned long long)(a->q.offset + p.rows), (unsigned long long)total);
        else
            printf("-- no events of %llu", (unsigned long long)total);
        if (a->q.offset + p.rows < total)
            printf(" (next: --offset %llu)", (unsigned long long)(a->q.offset + p.rows));
        printf("; m/a/o: mentions/articles/outlets\n");
    }
    return EXIT_OK;
}

/* ---- herald timeline ------------------------------------------------------------ */

/* The heading of an event's date: "2020-10-14 Wednesday", "2020-10
 * (month)", "--10-14 (year unknown)", "undated". */
static void heading(const hr_event_row *e, char *out, size_t size)
{
    static const char *const DAYS[] = {"", "Monday", "Tuesday", "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday"};
    if (!e->date) {
        snprintf(out, size, "undated");
    } else if (!e->has_days) {
        /* "--10-14": a month and day */
        snprintf(out, size, "%s (year unknown)", strncmp(e->date, "--", 2) ? e->date : e->date + 2);
    } else if (e->precision && !strcmp(e->precision, "day") && strlen(e->date) == 10) {
        int wd = hr_date_weekday(atoi(e->date), atoi(e->date + 5), atoi(e->date + 8));
        snprintf(out, size, "%s %s", e->date, wd >= 1 && wd <= 7 ? DAYS[wd] : "");
    } else {
        snprintf(out, size, "%s (%s)", e->date, e->precision ? e->precision : "?");
    }
}

static bool on_timeline(void *ud, const hr_event_row *e)
{
    printer *p = ud;
    char h[64];
    heading(e, h, sizeof h);
    if (!p->rows || strcmp(h, p->last)) {
        fprintf(p->out, "%s%s\n", p->rows ? "\n" : "", h);
        snprintf(p->last, sizeof p->last, "%s", h);
    }
    fprintf(p->out, "  %s %s %s %s (%s)", e->id, e->source ? e->source : "-", e->code,
            e->target ? e->target : "-", *e->code_name ? e->code_name : "?");
    fprintf(p->out, " %u mention%s, %u article%s", e->mentions, e->mentions == 1 ? "" : "s",
            e->articles, e->articles == 1 ? "" : "s");
    if (e->place)
        fprintf(p->out, ", in %s", e->place);
    flag_words(p->out, e, "; ");
    if (e->sentence) {
        fputs(": \"", p->out);
        put_short(p->out, e->sentence, 200);
        fprintf(p->out, "\" (%s)", e->outlet ? e->outlet : "unknown outlet");
    }
    fputc('\n', p->out);
    p->rows++;
    return !ferror(p->out);
}

static int timeline(qargs *a, hr_store *s)
{
    hr_error err;
    memset(&err, 0, sizeof err);
    printer p = {.out = stdout, .format = a->format};
    if (hr_store_events(s, &a->q, HR_ROWS_EVIDENCE, on_timeline, &p, &err) != HR_OK)
        return failed(&err);
    if (!p.rows)
        printf("no events\n");
    return EXIT_OK;
}

/* ---- herald show ------------------------------------------------------------------ */

typedef struct shower {
    FILE *out;
    bool json, bold;
    uint64_t n;               /* mentions shown */
    uint32_t total;           /* mentions and repeats of the event */
} shower;

/* The sentence with the source, verb and target marked: [SRC:...] or
 * bold. Overlapping spans keep the first of them in the sentence. */
static void marked(shower *w, const hr_mention_row *m)
{
    struct mark {
        hr_span sp;
        const char *tag;
    } marks[3] = {{m->source_span, "SRC"}, {m->verb_span, "VERB"}, {m->target_span, "TGT"}};
    /* sort the three by start */
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            if (marks[j].sp.start < marks[i].sp.start) {
                struct mark t = marks[i];
                marks[i] = marks[j];
                marks[j] = t;
            }
    const char *t = m->text;
    uint32_t at = 0;
    for (int i = 0; i < 3; i++) {
        hr_span sp = marks[i].sp;
        if (sp.end <= sp.start || sp.start < at)
            continue;                       /* none, or overlapping one shown */
        fwrite(t + at, 1, sp.start - at, w->out);
        if (w->bold)
            fputs("\033[1m", w->out);
        else
            fprintf(w->out, "[%s:", marks[i].tag);
        fwrite(t + sp.start, 1, sp.end - sp.start, w->out);
        fputs(w->bold ? "\033[0m" : "]", w->out);
        at = sp.end;
    }
    fputs(t + at, w->out);
}

static void event_text(FILE *out, const hr_event_row *e)
{
    fprintf(out, "event %s\n", e->id);
    fprintf(out, "  what       %s %s (%s) %s\n", e->source ? e->source : "-", e->code,
            *e->code_name ? e->code_name : "unknown code", e->target ? e->target : "-");
    fprintf(out, "  class      quad %d (%s), Goldstein %.1f\n", e->quad,
            e->quad == 1   ? "verbal cooperation"
            : e->quad == 2 ? "material cooperation"
            : e->quad == 3 ? "verbal conflict"
                           : "material conflict",
            e->goldstein);
    if (e->date)
        fprintf(out, "  date       %s (%s, found by %s)\n", e->date,
                e->precision ? e->precision : "?", e->how ? e->how : "?");
    else
        fprintf(out, "  date       unknown\n");
    if (e->place)
        fprintf(out, "  place      %s (%s, %.4f, %.4f)\n", e->place,
                e->country ? e->country : "?", e->lat, e->lon);
    fprintf(out, "  reported   %u mention%s, %u article%s, %u outlet%s", e->mentions,
            e->mentions == 1 ? "" : "s", e->articles, e->articles == 1 ? "" : "s",
            e->outlets, e->outlets == 1 ? "" : "s");
    if (e->repeats)
        fprintf(out, ", and %u repeat%s", e->repeats, e->repeats == 1 ? "" : "s");
    fprintf(out, "; first seen %s; tone %.2f\n", e->first_seen ? e->first_seen : "?",
            e->tone);
    if (e->flags & HR_EVT_CLAIM)
        fprintf(out, "  claim      known only through what %s says\n",
                e->claim_by ? e->claim_by : "one side");
    if (e->flags & HR_EVT_MIXED)
        fprintf(out, "  claim      reported both as a claim and as fact\n");
    if (e->flags & HR_EVT_DISPUTED) {
        fprintf(out, "  disputed   each side says the other did it");
        if (e->disputed_with)
            fprintf(out, " (the other event: %s)", e->disputed_with);
        fputc('\n', out);
    }
    if (e->flags & HR_EVT_BACKGROUND)
        fprintf(out, "  background every mention restates past events: not news here\n");
}

static void span_json(FILE *out, const char *key, const char *code, hr_span sp,
                      const char *text)
{
    fprintf(out, ",\"%s\":{\"code\":", key);
    json_str(out, code);
    if (sp.end > sp.start) {
        fputs(",\"text\":", out);
        json_str_n(out, text + sp.start, sp.end - sp.start);
        fprintf(out, ",\"span\":[%u,%u]", sp.start, sp.end);
    }
    fputc('}', out);
}

static bool on_show_event(void *ud, const hr_event_row *e)
{
    shower *w = ud;
    w->total = e->mentions + e->repeats;
    if (!w->json) {
        event_text(w->out, e);
        return !ferror(w->out);
    }
    /* the event as herald events --format jsonl writes it, with its
     * sources (as herald export's) after */
    FILE *out = w->out;
    event_fields(out, e);
    fputs(",\"sources\":[", out);
    return !ferror(out);
}

static bool on_show_mention(void *ud, const hr_mention_row *m)
{
    shower *w = ud;
    FILE *out = w->out;
    w->n++;
    if (w->json) {
        fputs(w->n > 1 ? ",{\"doc\":" : "{\"doc\":", out);
        json_str(out, m->doc);
        fputs(",\"url\":", out);
        json_str(out, m->url);
        fputs(",\"outlet\":", out);
        json_str(out, m->outlet);
        fputs(",\"title\":", out);
        json_str(out, m->title);
        fputs(",\"published\":", out);
        json_str(out, m->published);
        fprintf(out, ",\"para\":%u,\"sentence\":%u,\"text\":", m->para, m->sentence);
        json_str(out, m->text);
        span_json(out, "source", m->source, m->source_span, m->text);
        span_json(out, "target", m->target, m->target_span, m->text);
        span_json(out, "verb", NULL, m->verb_span, m->text);
        fputs(",\"code\":", out);
        json_str(out, m->code);
        fputs(",\"date\":{\"value\":", out);
        json_str(out, m->date);
        fputs(",\"precision\":", out);
        json_str(out, m->precision);
        fputs(",\"how\":", out);
        json_str(out, m->how);
        fputs(",\"text\":", out);
        json_str(out, m->date_text);
        fputs("},\"via\":", out);
        json_str(out, m->via);
        fputs(",\"claim_by\":", out);
        json_str(out, m->claim_by);
        fprintf(out, ",\"negated\":%s,\"repeat\":%s,\"background\":%s}",
                tf(m->flags & HR_EV_NEGATED), tf(m->repeat),
                tf(m->flags & HR_EV_BACKGROUND));
        return !ferror(out);
    }
    fprintf(out, "\nmention %llu of %u: %s", (unsigned long long)w->n, w->total,
            m->outlet ? m->outlet : "unknown outlet");
    if (m->title)
        fprintf(out, ", \"%s\"", m->title);
    fputc('\n', out);
    fprintf(out, "  url        %s\n", m->url ? m->url : "-");
    fprintf(out, "  published  %s\n", m->published ? m->published : "unknown");
    fprintf(out, "  sentence   ");
    marked(w, m);
    fputc('\n', out);
    fprintf(out, "  coded      %s %s (%s) %s\n", m->source ? m->source : "-", m->code,
            *m->code_name ? m->code_name : "unknown code", m->target ? m->target : "-");
    if (m->date) {
        fprintf(out, "  date       %s (%s), found by %s", m->date,
                m->precision ? m->precision : "?", m->how ? m->how : "?");
        if (m->date_text)
            fprintf(out, " from the words \"%s\"", m->date_text);
        else if (m->how && !strcmp(m->how, "document"))
            fprintf(out, " (no time expression: the article's date)");
        fputc('\n', out);
    } else {
        fprintf(out, "  date       none found\n");
    }
    if (m->place)
        fprintf(out, "  place      %s (%s)\n", m->place, m->country ? m->country : "?");
    if (m->via)
        fprintf(out, "  via        %s (who said it, outermost first)\n", m->via);
    if (m->flags & HR_EV_CLAIM)
        fprintf(out, "  claim      asserted only as %s's claim\n",
                m->claim_by ? m->claim_by : "one side");
    if (m->flags & HR_EV_NEGATED)
        fprintf(out, "  negated    the sentence says it did not happen\n");
    if (m->flags & HR_EV_PRONOUN)
        fprintf(out, "  pronoun    an actor was named by a pronoun, resolved from context\n");
    if (m->flags & HR_EV_BACKGROUND)
        fprintf(out, "  background restates an earlier event\n");
    if (m->repeat)
        fprintf(out, "  repeat     in a duplicate paragraph or document: not counted\n");
    return !ferror(out);
}

static int show(qargs *a, hr_store *s)
{
    hr_error err;
    memset(&err, 0, sizeof err);
    shower w = {.out = stdout, .json = a->format == F_JSON,
                .bold = a->format == F_TEXT && isatty(STDOUT_FILENO)};
    bool found = false;
    if (hr_store_event_show(s, a->id, on_show_event, on_show_mention, &w, &found, &err) !=
        HR_OK)
        return failed(&err);
    if (!found) {
        fputs("herald show: no event ", stderr);
        fputs("with the id '", stderr);
        put_short(stderr, a->id, 64);
        fputs("' in this database (herald events lists them)\n", stderr);
        return EXIT_FATAL;
    }
    if (w.json)
        fputs("]}\n", stdout);
    return EXIT_OK;
}

/* ---- herald actors and dyads ------------------------------------------------------ */

static bool on_actor(void *ud, const hr_actor_row *r)
{
    printer *p = ud;
    FILE *out = p->out;
    if (p->format == F_TABLE)
        fprintf(out, "%-18s %7llu %7llu %7llu %7llu %9llu %9.2f\n", r->code,
                (unsigned long long)(r->as_source + r->as_target),
                (unsigned long long)r->as_source, (unsigned long long)r->as_target,
                (unsigned long long)r->cooperation, (unsigned long long)r->conflict,
                r->goldstein);
    else if (p->format == F_CSV) {
        csv_field(out, r->code);
        fprintf(out, ",%llu,%llu,%llu,%llu,%.2f\r\n", (unsigned long long)r->as_source,
                (unsigned long long)r->as_target, (unsigned long long)r->cooperation,
                (unsigned long long)r->conflict, r->goldstein);
    } else {
        fputs("{\"actor\":", out);
        json_str(out, r->code);
        fprintf(out, ",\"as_source\":%llu,\"as_target\":%llu,\"cooperation\":%llu,"
                     "\"conflict\":%llu,\"goldstein\":%.2f}\n",
                (unsigned long long)r->as_source, (unsigned long long)r->as_target,
                (unsigned long long)r->cooperation, (unsigned long long)r->conflict,
                r->goldstein);
    }
    p->rows++;
    return !ferror(out);
}

static bool on_dyad(void *ud, const hr_dyad_row *r)
{
    printer *p = ud;
    FILE *out = p->out;
    if (p->format == F_TABLE)
        fprintf(out, "%-18s %-18s %7llu %7llu %9llu %9.2f\n", r->source, r->target,
                (unsigned long long)r->events, (unsigned long long)r->cooperation,
                (unsigned long long)r->conflict, r->goldstein);
    else if (p->format == F_CSV) {
        csv_field(out, r->source);
        fputc(',', out);
        csv_field(out, r->target);
        fprintf(out, ",%llu,%llu,%llu,%.2f\r\n", (unsigned long long)r->events,
                (unsigned long long)r->cooperation, (unsigned long long)r->conflict,
                r->goldstein);
    } else {
        fputs("{\"source\":", out);
        json_str(out, r->source);
        fputs(",\"target\":", out);
        json_str(out, r->target);
        fprintf(out, ",\"events\":%llu,\"cooperation\":%llu,\"conflict\":%llu,"
                     "\"goldstein\":%.2f}\n",
                (unsigned long long)r->events, (unsigned long long)r->cooperation,
                (unsigned long long)r->conflict, r->goldstein);
    }
    p->rows++;
    return !ferror(out);
}

static int actors(qargs *a, hr_store *s)
{
    hr_error err;
    memset(&err, 0, sizeof err);
    printer p = {.out = stdout, .format = a->format};
    if (a->format == F_TABLE)
        printf("%-18s %7s %7s %7s %7s %9s %9s\n", "actor", "events", "source", "target",
               "coop", "conflict", "goldstein");
    else if (a->format == F_CSV)
        fputs("actor,as_source,as_target,cooperation,conflict,goldstein\r\n", stdout);
    if (hr_store_actors(s, &a->q, on_actor, &p, &err) != HR_OK)
        return failed(&err);
    return EXIT_OK;
}

static int dyads(qargs *a, hr_store *s)
{
    hr_error err;
    memset(&err, 0, sizeof err);
    printer p = {.out = stdout, .format = a->format};
    if (a->format == F_TABLE)
        printf("%-18s %-18s %7s %7s %9s %9s\n", "source", "target", "events", "coop",
               "conflict", "goldstein");
    else if (a->format == F_CSV)
        fputs("source,target,events,cooperation,conflict,goldstein\r\n", stdout);
    if (hr_store_dyads(s, &a->q, on_dyad, &p, &err) != HR_OK)
        return failed(&err);
    return EXIT_OK;
}

/* ---- dispatch ------------------------------------------------------------------------ */

int cmd_query(int argc, char **argv)
{
    static const struct {
        const char *name, *help;
        int (*run)(qargs *a, hr_store *s);
    } CMDS[] = {{"events", EVENTS_USAGE, events},
                {"timeline", TIMELINE_USAGE, timeline},
                {"show", SHOW_USAGE, show},
                {"actors", ACTORS_USAGE, actors},
                {"dyads", DYADS_USAGE, dyads}};
    for (size_t i = 0; i < sizeof CMDS / sizeof *CMDS; i++) {
        if (strcmp(argv[1], CMDS[i].name))
            continue;
        qargs a;
        memset(&a, 0, sizeof a);
        a.cmd = CMDS[i].name;
        a.db = "herald.db";
        int st = parse(argc, argv, &a, CMDS[i].help);
        if (st >= 0)
            return st;
        hr_store *s = open_db(a.db);
        if (!s)
            return EXIT_FATAL;
        return finish(s, CMDS[i].run(&a, s));
    }
    return usage(argv[1], "%s", "is not a query command");
}
