/* main.c - the herald command: parses arguments and calls the library.
 * Nothing here knows a format or a rule; that is all in src/. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char USAGE[] =
    "usage: herald COMMAND [OPTIONS] INPUT...\n"
    "\n"
    "commands:\n"
    "  run       the whole pipeline into a database (--db, default herald.db):\n"
    "            ingest, clean, code, resolve, aggregate, store; a summary at\n"
    "            the end, a progress line on a terminal\n"
    "  ingest    read and clean articles; print documents as JSON Lines\n"
    "  split     read articles; print their sentences as JSON Lines\n"
    "  match     read and clean articles; print the actors and places found\n"
    "            in each (JSON Lines, or --format text)\n"
    "  code      read, clean and code articles: one JSON line per event\n"
    "            mention, dated and placed (or --format text)\n"
    "  aggregate read, clean, code and resolve articles, and print one JSON\n"
    "            line per real-world event with all its sources (or\n"
    "            --format text: a timeline)\n"
    "  export    the events of a database in a format other tools load:\n"
    "            gdelt, jsonl, plover, csv or text, with filters\n"
    "            (herald export --help)\n"
    "  events    the events of a database, filtered and sorted: a table, or\n"
    "            jsonl or csv (herald events --help)\n"
    "  timeline  the events of a database day by day, each with its strongest\n"
    "            source sentence and outlet (same filters)\n"
    "  show      one event (by id) with every mention: the sentence with\n"
    "            actors and verb marked, outlet, URL, how it was dated\n"
    "  actors    per actor code: events as source and target, cooperation\n"
    "            and conflict counts, mean Goldstein (same filters)\n"
    "  dyads     per (source, target) pair: events, cooperation, conflict,\n"
    "            mean Goldstein (same filters)\n"
    "  serve     answer HTTP requests for a database's events: a JSON API\n"
    "            and the web page (herald serve --help)\n"
    "  dict      check, look up or count dictionaries (herald dict help)\n"
    "  validate  code a TABARI/PETRARCH validation file and score it\n"
    "            (herald validate --help)\n"
    "  help      this text\n"
    "  version   the version\n"
    "\n"
    "INPUT is a file, a directory (read recursively) or - for standard input;\n"
    "plain text, JSON Lines, HTML and WARC, each optionally gzip or zstd.\n"
    "\n"
    "options:\n"
    "  --format jsonl|summary   ingest: JSON Lines (default) or a readable table\n"
    "  --format jsonl|text      match, code, aggregate: JSON Lines (default)\n"
    "                           or one line per match, mention or event\n"
    "  --sentences              ingest: add each paragraph's sentence spans\n"
    "  --tokens                 with --sentences (or split): add token spans\n"
    "  --stats                  print only the counts (ingest: documents,\n"
    "                           duplicates, paragraphs by kind and language)\n"
    "  --no-clean               ingest: leave paragraphs unclassified\n"
    "  --no-dedup               ingest: classify and identify languages only\n"
    "  --near-threshold X       ingest: Jaccard similarity for a near\n"
    "                           duplicate (default 0.8)\n"
    "  --input-format FMT       read every input as text|jsonl|html|warc\n"
    "  --max-record SIZE        largest line, record or file (default 16M)\n"
    "  --date-ref DATE          year or date near which undated articles were\n"
    "                           published (gives a year to \"Nov. 13\")\n"
    "  --quiet                  no closing summary on standard error\n"
    "  --dict DIR               match, dict: add a dictionary directory or file\n"
    "                           in Herald's format (repeatable)\n"
    "  --petrarch-dict DIR      match, dict: add TABARI/PETRARCH actor, agent\n"
    "                           and discard dictionaries (repeatable)\n"
    "  --no-builtin-dict        match, dict: leave out Herald's own actors\n"
    "  --no-gazetteer           match, dict: leave out the places\n"
    "  --verbs DIR              code: add a verb dictionary (docs/verbs.md)\n"
    "  --no-builtin-verbs       code: leave out Herald's own verbs\n"
    "  --places FILE            match, dict: add places in the gazetteer's\n"
    "                           format (repeatable)\n"
    "  --background-days N      code, aggregate: an event that ended more than\n"
    "                           N days before publication is background\n"
    "                           (default 30)\n"
    "  --no-text                aggregate: leave the sentences out of sources\n"
    "  --db PATH|URL            run: the database, an SQLite file (default\n"
    "                           herald.db) or a postgresql:// URL\n"
    "  --profile                run: print the CPU seconds of each stage\n"
    "\n"
    "exit status: 0 all read, 1 fatal error, 2 usage error,\n"
    "             3 some inputs or records were skipped (each reported)\n";

typedef struct cli {
    const char *cmd;
    const char *format;
    bool sentences, tokens, stats, quiet, no_clean, no_text, profile;
    const char *db;
    hr_resolve_options resolve;
    hr_ingest_options opt;
    hr_clean_options clean;
    dict_opts dict;
} cli;

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "herald: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(herald help for usage)\n");
    return EXIT_USAGE;
}

static bool parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return false;
    int shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if (v > (1ULL << 32) >> shift)
        return false;
    v <<= shift;
    if (*end || v == 0 || v > (1ULL << 32))
        return false;
    *out = (size_t)v;
    return true;
}

/* One JSON line per sentence. */
static bool write_sentences(FILE *out, const hr_document *d, hr_splitter *sp,
                            bool tokens, uint64_t *n_sent, uint64_t *n_tok,
                            bool print, bool body_only)
{
    for (size_t i = 0; i < d->n_paragraphs; i++) {
        if (body_only && d->paragraphs[i].kind != HR_PARA_BODY)
            continue;
        const hr_sentence *s;
        size_t n = hr_split_paragraph(sp, d, i, &s);
        *n_sent += n;
        for (size_t k = 0; k < n; k++) {
            *n_tok += s[k].n_tokens;
            if (!print)
                continue;
            const char *t = d->paragraphs[i].text;
            fprintf(out, "{\"doc\":\"%s\",\"para\":%zu,\"sentence\":%zu,"
                         "\"span\":[%u,%u],\"text\":\"",
                    d->id, i, k, s[k].span.start, s[k].span.end);
            /* Paragraph text has no control characters: only quotes and
             * backslashes need escaping. */
            uint32_t at = s[k].span.start, run = at;
            for (; at < s[k].span.end; at++) {
                unsigned char c = (unsigned char)t[at];
                if (c != '"' && c != '\\')
                    continue;
                fwrite(t + run, 1, at - run, out);
                putc('\\', out);
                putc(c, out);
                run = at + 1;
            }
            fwrite(t + run, 1, at - run, out);
            putc('"', out);
            if (tokens) {
                fputs(",\"tokens\":[", out);
                for (size_t j = 0; j < s[k].n_tokens; j++)
                    fprintf(out, "%s[%u,%u]", j ? "," : "", s[k].tokens[j].start,
                            s[k].tokens[j].end);
                putc(']', out);
            }
            fputs("}\n", out);
        }
    }
    return !ferror(out);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void summary_row(FILE *out, const hr_document *d, size_t sentences)
{
    char date[16], where[64], paras[24];
    hr_date_format(&d->date, date, sizeof date);
    if (d->record)
        snprintf(where, sizeof where, "%.40s:%llu", base_name(d->file ? d->file : "-"),
                 (unsigned long long)d->record);
    else
        snprintf(where, sizeof where, "%.46s", base_name(d->file ? d->file : "-"));
    size_t body = 0;
    for (size_t i = 0; i < d->n_paragraphs; i++)
        body += d->paragraphs[i].kind == HR_PARA_BODY;
    snprintf(paras, sizeof paras, "%zu/%zu", body, d->n_paragraphs);
    fprintf(out, "%-28.28s %-5s %-10s %-22.22s %-14.14s %-4s %9s %5zu %-5s  %.44s\n", where,
            hr_format_name(d->format), date[0] ? date : "?",
            d->date_source ? d->date_source : "-", d->outlet ? d->outlet : "-",
            d->lang ? d->lang : "-", paras, sentences,
            d->dup == HR_DUP_EXACT ? "exact" : d->dup == HR_DUP_NEAR ? "near" : "-",
            d->title ? d->title : "-");
}

static void print_clean_stats(FILE *out, const hr_cleaner *cl)
{
    hr_clean_stats st;
    hr_cleaner_get_stats(cl, &st);
    fprintf(out, "%sclean: %llu documents, %llu exact duplicates, %llu near duplicates; "
                 "paragraphs: %llu body, %llu boilerplate, %llu duplicate; "
                 "%llu distinct paragraphs indexed, dedup memory %llu bytes\n",
            out == stderr ? "herald: " : "", (unsigned long long)st.documents,
            (unsigned long long)st.exact_dups,
            (unsigned long long)st.near_dups, (unsigned long long)st.paragraphs[HR_PARA_BODY],
            (unsigned long long)st.paragraphs[HR_PARA_BOILERPLATE],
            (unsigned long long)st.paragraphs[HR_PARA_DUPLICATE],
            (unsigned long long)st.distinct_paragraphs,
            (unsigned long long)st.dedup_bytes);
    fprintf(out, "%slanguages (paragraphs):", out == stderr ? "herald: " : "");
    for (size_t i = 0; i < st.n_langs; i++)
        fprintf(out, " %s %llu", st.langs[i].lang, (unsigned long long)st.langs[i].paragraphs);
    fprintf(out, "\n");
}

static int run(cli *c, int nin, char **inputs)
{
    hr_ingest *in = hr_ingest_new(&c->opt);
    hr_splitter *sp = hr_splitter_new();
    bool made = in && sp;
    for (int i = 0; made && i < nin; i++)
        made = hr_ingest_add_path(in, inputs[i]) == HR_OK;
    if (!made) {
        fprintf(stderr, "herald: out of memory\n");
        hr_splitter_free(sp);
        hr_ingest_free(in);
        return EXIT_FATAL;
    }
    bool is_split = strcmp(c->cmd, "split") == 0;
    bool is_match = strcmp(c->cmd, "match") == 0;
    bool is_aggregate = strcmp(c->cmd, "aggregate") == 0;
    bool is_run = strcmp(c->cmd, "run") == 0;
    bool is_code = strcmp(c->cmd, "code") == 0 || is_aggregate || is_run;
    bool summary = !is_split && c->format && strcmp(c->format, "summary") == 0;
    hr_dict *dict = NULL;
    hr_matcher *matcher = NULL;
    if (is_match) {
        hr_error err;
        dict = load_dicts(&c->dict);
        matcher = dict ? hr_matcher_new(dict, &err) : NULL;
        if (!matcher) {
            hr_dict_free(dict);
            hr_splitter_free(sp);
            hr_ingest_free(in);
            return EXIT_FATAL;
        }
    }
    hr_verbs *verbs = NULL;
    hr_coder *coder = NULL;
    hr_resolver *resolver = NULL;
    hr_aggregator *agg = NULL;
    if (is_code) {
        hr_error err;
        dict = load_dicts(&c->dict);
        verbs = dict ? load_verbs(&c->dict) : NULL;
        coder = verbs ? hr_coder_new(dict, verbs, &err) : NULL;
        resolver = coder ? hr_resolver_new(dict, &c->resolve, &err) : NULL;
        if (resolver && is_aggregate)
            agg = hr_aggregator_new(c->no_text ? HR_AGG_NO_TEXT : 0, &err);
        if (!resolver || (is_aggregate && !agg)) {
            hr_resolver_free(resolver);
            hr_coder_free(coder);
            coder = NULL;
        }
        if (!coder) {
            if (verbs) {
                char msg[2048];
                fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
            }
            hr_verbs_free(verbs);
            hr_dict_free(dict);
            hr_splitter_free(sp);
            hr_ingest_free(in);
            return EXIT_FATAL;
        }
    }
    hr_store *store = NULL;
    if (is_run) {
        hr_error err;
        store = hr_store_open(c->db ? c->db : "herald.db", &err);
        if (!store) {
            char msg[2048];
            fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
            hr_resolver_free(resolver);
            hr_coder_free(coder);
            hr_verbs_free(verbs);
            hr_dict_free(dict);
            hr_splitter_free(sp);
            hr_ingest_free(in);
            return EXIT_FATAL;
        }
    }
    progress prog;
    progress_start(&prog, is_run && !c->quiet, nin, inputs);
    uint64_t n_matches = 0, n_events = 0, n_known = 0, n_sentences = 0;
    stage_times times = {0};
    uint64_t skipped_by[HR_ERR_ARG + 1] = {0};
    hr_cleaner *cl = NULL;
    if (!is_split && !c->no_clean) {
        hr_error err;
        cl = hr_cleaner_new(&c->clean, &err);
        if (!cl) {
            char msg[2048];
            fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
            hr_splitter_free(sp);
            hr_ingest_free(in);
            return EXIT_FATAL;
        }
    }
    unsigned flags = (c->sentences ? HR_JSON_SENTENCES : 0) | (c->tokens ? HR_JSON_TOKENS : 0);
    uint64_t n_sent = 0, n_tok = 0, n_para = 0;
    int status = EXIT_OK;
    if (summary)
        printf("%-28s %-5s %-10s %-22s %-14s %-4s %9s %5s %-5s  %s\n", "input", "fmt", "date",
               "date found by", "outlet", "lang", "body/all", "sents", "dup", "title");
    for (;;) {
        hr_document *d;
        hr_error err;
        double t_in = cpu_now();
        hr_status st = hr_ingest_next(in, &d, &err);
        times.ingest += cpu_now() - t_in;
        if (st == HR_END)
            break;
        if (st != HR_OK) {
            char msg[2048];
            progress_clear(&prog);
            fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
            if (st == HR_ERR_NOMEM) {
                status = EXIT_FATAL;
                break;
            }
            if ((unsigned)st <= HR_ERR_ARG)
                skipped_by[st]++;
            continue;
        }
        double t_cl = cpu_now();
        bool clean_failed = cl && hr_clean(cl, d, &err) != HR_OK;
        times.clean += cpu_now() - t_cl;
        if (clean_failed) {
            char msg[2048];
            fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
            status = EXIT_FATAL;
            break;
        }
        n_para += d->n_paragraphs;
        bool ok = true;
        if (c->stats) {
            if (is_split)
                write_sentences(stdout, d, sp, false, &n_sent, &n_tok, false, false);
        } else if (is_split) {
            ok = write_sentences(stdout, d, sp, c->tokens, &n_sent, &n_tok, true, false);
        } else if (is_match) {
            ok = write_doc_matches(stdout, d, matcher, sp,
                                   c->format && !strcmp(c->format, "text"), &n_matches);
        } else if (is_run) {
            if (!run_doc(store, d, coder, resolver, sp, &n_events, &n_known, &n_sentences,
                         &times)) {
                status = EXIT_FATAL;
                break;
            }
            hr_ingest_stats ps;
            hr_ingest_get_stats(in, &ps);
            progress_update(&prog, ps.documents, ps.bytes, ps.raw_bytes);
        } else if (is_aggregate) {
            if (!add_doc_events(agg, d, coder, resolver, sp, &n_events)) {
                status = EXIT_FATAL;
                break;
            }
        } else if (is_code) {
            ok = write_doc_events(stdout, d, coder, resolver, sp,
                                  c->format && !strcmp(c->format, "text"), &n_events);
        } else if (summary) {
            uint64_t s0 = n_sent;
            write_sentences(stdout, d, sp, false, &n_sent, &n_tok, false, cl != NULL);
            summary_row(stdout, d, (size_t)(n_sent - s0));
        } else {
            ok = hr_document_write_json(stdout, d, sp, flags) == HR_OK;
        }
        if (!ok) {
            fprintf(stderr, "herald: cannot write output: %s\n", strerror(errno));
            status = EXIT_FATAL;
            break;
        }
    }
    progress_clear(&prog);
    hr_store_totals totals = {0};
    if (store && status == EXIT_OK) {
        hr_error err;
        char msg[2048];
        double t_ag = cpu_now();
        hr_status ast = hr_store_aggregate(store, &err);
        times.aggregate += cpu_now() - t_ag;
        if (ast != HR_OK ||
            hr_store_totals_get(store, &totals, &err) != HR_OK) {
            fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
            status = EXIT_FATAL;
        }
    }
    if (store) {
        hr_error err;
        char msg[2048];
        if (hr_store_close(store, &err) != HR_OK && status == EXIT_OK) {
            fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
            status = EXIT_FATAL;
        }
    }
    size_t n_agg = 0;
    if (agg && status == EXIT_OK) {
        const hr_event *ev;
        n_agg = hr_aggregate_events(agg, &ev);
        if (!write_events(stdout, ev, n_agg, c->format && !strcmp(c->format, "text"))) {
            fprintf(stderr, "herald: cannot write output: %s\n", strerror(errno));
            status = EXIT_FATAL;
        }
    }
    hr_ingest_stats st;
    hr_ingest_get_stats(in, &st);
    if (fflush(stdout) != 0 && status == EXIT_OK) {
        fprintf(stderr, "herald: cannot write output: %s\n", strerror(errno));
        status = EXIT_FATAL;
    }
    if (cl && (c->stats || summary))
        print_clean_stats(stdout, cl);
    else if (cl && !c->quiet)
        print_clean_stats(stderr, cl);
    FILE *sum = c->stats || summary ? stdout : stderr;
    if (!c->quiet || c->stats) {
        fprintf(sum, "%s%llu documents from %llu inputs, %llu skipped, %llu bytes, "
                     "%llu paragraphs",
                sum == stderr ? "herald: " : "",
                (unsigned long long)st.documents, (unsigned long long)st.inputs,
                (unsigned long long)st.skipped, (unsigned long long)st.bytes,
                (unsigned long long)n_para);
        if (is_split || summary)
            fprintf(sum, ", %llu sentences, %llu tokens", (unsigned long long)n_sent,
                    (unsigned long long)n_tok);
        if (is_match)
            fprintf(sum, ", %llu actors and places found", (unsigned long long)n_matches);
        if (is_aggregate)
            fprintf(sum, ", %llu mentions, %zu events", (unsigned long long)n_events, n_agg);
        else if (is_code && !is_run)
            fprintf(sum, ", %llu events", (unsigned long long)n_events);
        fprintf(sum, ", %llu invalid UTF-8 sequences replaced\n",
                (unsigned long long)st.invalid_utf8);
        if (is_run)
            fprintf(sum, "%s%llu already stored, %llu sentences coded, %llu mentions added; "
                         "the database holds %llu documents, %llu URLs, %llu mentions, "
                         "%llu events\n",
                    sum == stderr ? "herald: " : "", (unsigned long long)n_known,
                    (unsigned long long)n_sentences, (unsigned long long)n_events,
                    (unsigned long long)totals.documents, (unsigned long long)totals.urls,
                    (unsigned long long)totals.mentions, (unsigned long long)totals.events);
        if (is_run && c->profile)
            fprintf(sum, "%sCPU seconds by stage: ingest %.2f, clean %.2f, code %.2f, resolve "
                         "%.2f, store %.2f, aggregate %.2f\n",
                    sum == stderr ? "herald: " : "", times.ingest, times.clean, times.code,
                    times.resolve, times.store, times.aggregate);
        if (st.skipped) {
            fprintf(sum, "%sskipped:", sum == stderr ? "herald: " : "");
            for (unsigned k = 0; k <= HR_ERR_ARG; k++)
                if (skipped_by[k])
                    fprintf(sum, " %llu %s", (unsigned long long)skipped_by[k],
                            hr_status_name((hr_status)k));
            fprintf(sum, " (each reported above)\n");
        }
    }
    if (status == EXIT_OK && (st.skipped || c->dict.errors))
        status = EXIT_SKIPPED;
    hr_matcher_free(matcher);
    hr_aggregator_free(agg);
    hr_resolver_free(resolver);
    hr_coder_free(coder);
    hr_verbs_free(verbs);
    hr_dict_free(dict);
    hr_cleaner_free(cl);
    hr_splitter_free(sp);
    hr_ingest_free(in);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "no command given");
    cli c = {0};
    c.cmd = argv[1];
    if (!strcmp(c.cmd, "help") || !strcmp(c.cmd, "--help") || !strcmp(c.cmd, "-h")) {
        fputs(USAGE, stdout);
        return EXIT_OK;
    }
    if (!strcmp(c.cmd, "version") || !strcmp(c.cmd, "--version")) {
        printf("herald %s\n", HERALD_VERSION);
        return EXIT_OK;
    }
    if (!strcmp(c.cmd, "dict"))
        return cmd_dict(argc, argv);
    if (!strcmp(c.cmd, "validate"))
        return cmd_validate(argc, argv);
    if (!strcmp(c.cmd, "export"))
        return cmd_export(argc, argv);
    if (!strcmp(c.cmd, "events") || !strcmp(c.cmd, "timeline") || !strcmp(c.cmd, "show") ||
        !strcmp(c.cmd, "actors") || !strcmp(c.cmd, "dyads"))
        return cmd_query(argc, argv);
    if (!strcmp(c.cmd, "serve"))
        return cmd_serve(argc, argv);
    if (strcmp(c.cmd, "ingest") && strcmp(c.cmd, "split") && strcmp(c.cmd, "match") &&
        strcmp(c.cmd, "code") && strcmp(c.cmd, "aggregate") && strcmp(c.cmd, "run"))
        return usage_error("unknown command '%s'", c.cmd);

    static const struct option LONG[] = {
        {"format", required_argument, 0, 'f'},
        {"sentences", no_argument, 0, 's'},
        {"tokens", no_argument, 0, 't'},
        {"stats", no_argument, 0, 'S'},
        {"input-format", required_argument, 0, 'i'},
        {"max-record", required_argument, 0, 'm'},
        {"date-ref", required_argument, 0, 'd'},
        {"quiet", no_argument, 0, 'q'},
        {"no-clean", no_argument, 0, 'C'},
        {"no-dedup", no_argument, 0, 'D'},
        {"near-threshold", required_argument, 0, 'n'},
        {"help", no_argument, 0, 'h'},
        {"dict", required_argument, 0, OPT_DICT},
        {"petrarch-dict", required_argument, 0, OPT_PETRARCH},
        {"no-builtin-dict", no_argument, 0, OPT_NO_BUILTIN},
        {"no-gazetteer", no_argument, 0, OPT_NO_GAZ},
        {"places", required_argument, 0, OPT_PLACES},
        {"verbs", required_argument, 0, OPT_VERBS},
        {"no-builtin-verbs", no_argument, 0, OPT_NO_BUILTIN_VERBS},
        {"background-days", required_argument, 0, 'B'},
        {"no-text", no_argument, 0, 'T'},
        {"db", required_argument, 0, 'b'},
        {"profile", no_argument, 0, 'P'},
        {0, 0, 0, 0}};
    optind = 2;
    opterr = 0;
    int o;
    while ((o = getopt_long(argc, argv, "qh", LONG, NULL)) != -1) {
        switch (o) {
        case 'f':
            if (strcmp(c.cmd, "ingest") && strcmp(c.cmd, "split")
                    ? strcmp(optarg, "jsonl") && strcmp(optarg, "text")
                                        : strcmp(optarg, "jsonl") && strcmp(optarg, "summary"))
                return usage_error(strcmp(c.cmd, "ingest") && strcmp(c.cmd, "split")
                                       ? "--format takes jsonl or text, not '%s'"
                                       : "--format takes jsonl or summary, not '%s'", optarg);
            c.format = optarg;
            break;
        case 's': c.sentences = true; break;
        case 't': c.tokens = true; break;
        case 'S': c.stats = true; break;
        case 'i':
            c.opt.format = hr_format_parse(optarg);
            if (!c.opt.format)
                return usage_error("--input-format takes text, jsonl, html or warc, not '%s'", optarg);
            break;
        case 'm':
            if (!parse_size(optarg, &c.opt.max_record))
                return usage_error("--max-record takes a size such as 16M, not '%s'", optarg);
            break;
        case 'd':
            if (!hr_date_parse_iso(optarg, strlen(optarg), &c.opt.date_ref) ||
                !c.opt.date_ref.year)
                return usage_error("--date-ref takes a year or a date (2020, 2020-11-13), not '%s'", optarg);
            break;
        case 'q': c.quiet = true; break;
        case 'T': c.no_text = true; break;
        case 'b': c.db = optarg; break;
        case 'P': c.profile = true; break;
        case 'B': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 1 || v > 100000)
                return usage_error("--background-days takes a number of days (1 to 100000), not '%s'", optarg);
            c.resolve.background_days = (int32_t)v;
            break;
        }
        case 'C': c.no_clean = true; break;
        case 'D': c.clean.no_dedup = true; break;
        case 'n': {
            char *end;
            c.clean.near_threshold = strtod(optarg, &end);
            if (*end || !(c.clean.near_threshold > 0 && c.clean.near_threshold <= 1))
                return usage_error("--near-threshold takes a number in (0, 1], not '%s'", optarg);
            break;
        }
        case 'h': fputs(USAGE, stdout); return EXIT_OK;
        case OPT_DICT: case OPT_PETRARCH: case OPT_NO_BUILTIN: case OPT_NO_GAZ:
        case OPT_PLACES: case OPT_VERBS: case OPT_NO_BUILTIN_VERBS:
            dict_option(&c.dict, o, optarg);
            break;
        default:
            return usage_error("unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return usage_error("%s: no input given (use - for standard input)", c.cmd);
    return run(&c, argc - optind, argv + optind);
}
