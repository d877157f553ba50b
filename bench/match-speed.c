/*
 * match-speed.c - how fast Herald finds actors and places, and what a
 * dictionary costs to build and hold.
 *
 *   match-speed [-r RUNS] [-d DICTS] [-p PATH]... load
 *   match-speed [-r RUNS] [-d DICTS] [-p PATH]... [-t SECONDS] match INPUT...
 *
 * DICTS is a comma-separated list of (default "builtin,builtin-nogaz" plus
 * "phoenix" when -p is given):
 *   builtin        hr_dict_new(0): the project's actors and the gazetteer
 *   builtin-nogaz  hr_dict_new(HR_DICT_NO_GAZETTEER): the actors alone
 *   phoenix        hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER)
 *                  and hr_dict_load_petrarch() on each -p PATH (a file or
 *                  a directory of TABARI/PETRARCH dictionaries)
 *   phoenix-gaz    the same with the gazetteer (HR_DICT_NO_BUILTIN only)
 * Every build ends with hr_dict_finish().
 *
 * load: builds each dictionary RUNS times, runs of the dictionaries
 * interleaved, and prints the median build time by the wall clock
 * (CLOCK_MONOTONIC) and by the thread's CPU time (CLOCK_THREAD_CPUTIME_ID),
 * hr_dict_stats (entries, names, places, bytes), and the memory that the
 * first build of the FIRST dictionary listed added to the process, from
 * /proc/self/status: VmRSS before it and after hr_dict_finish (the
 * dictionary still alive), split into RssAnon (heap: what the dictionary
 * allocated) and RssFile (pages of the binary touched, such as the
 * compiled-in dictionary text), and VmHWM after it (the peak, transient
 * buffers included). Later builds reuse memory the allocator kept, so
 * their RSS says nothing: to measure the memory of each dictionary, run
 * one process per dictionary (`-d phoenix load`), as bench/actors.sh does.
 *
 * match: reads every INPUT with hr_ingest (files or directories; plain
 * text, JSON Lines, HTML, WARC, gzip: no clean stage), splits every
 * paragraph into sentences once with hr_split_paragraph and keeps the
 * paragraphs, sentences and tokens in memory. Then, RUNS runs, interleaved:
 *   split     hr_split over every paragraph again (what
 *             hr_split_paragraph does), for context;
 *   DICT      hr_match_sentence on every sentence, with the article's date,
 *             for each dictionary (built once before, not timed).
 * A run repeats the pass over all sentences enough times to last about
 * SECONDS (default 0.5; the count is set by an untimed warm-up pass, the
 * same for every run of a dictionary). Reported: median sentences/s and
 * MB/s of sentence text (10^6 bytes of the sentence spans) by the wall
 * clock and by CPU time, one thread, and the matches found per 1000
 * sentences by kind, so that a reader sees the work done.
 *
 * Output: a readable table, and the same figures as tab-separated lines
 * starting with "tsv\t" for scripts.
 */
#include "herald.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 99
#define MAX_DICTS 8
#define MAX_PATHS 32

/* ---- clocks and medians ------------------------------------------------- */

static double now(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of n values (the mean of the middle two when n is even). */
static double median(const double *v, int n)
{
    double s[MAX_RUNS];
    memcpy(s, v, (size_t)n * sizeof *s);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* A field of /proc/self/status in kB ("VmRSS", "VmHWM"); -1 if absent. */
static long status_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long v = -1;
    size_t fl = strlen(field);
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, field, fl) && line[fl] == ':') {
            v = strtol(line + fl + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return v;
}

/* ---- dictionaries --------------------------------------------------------- */

typedef struct dict_spec {
    const char *name;
    unsigned flags;
    bool petrarch;
} dict_spec;

static const dict_spec SPECS[] = {
    {"builtin", 0, false},
    {"builtin-nogaz", HR_DICT_NO_GAZETTEER, false},
    {"phoenix", HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, true},
    {"phoenix-gaz", HR_DICT_NO_BUILTIN, true},
};

static const char *g_paths[MAX_PATHS];
static int g_npaths;
static bool g_verbose;

typedef struct diag_count {
    unsigned long errors, warnings;
} diag_count;

static void on_diag(void *ud, const hr_error *e, bool is_error)
{
    diag_count *c = ud;
    if (is_error)
        c->errors++;
    else
        c->warnings++;
    if (g_verbose) {
        char buf[2048];
        fprintf(stderr, "match-speed: %s: %s\n", is_error ? "error" : "warning",
                hr_error_format(e, buf, sizeof buf));
    }
}

/* Builds one dictionary, finished; NULL (and a message) on failure. */
static hr_dict *build(const dict_spec *s, diag_count *dc)
{
    hr_error err = {0};
    char buf[2048];
    hr_dict *d = hr_dict_new(s->flags, on_diag, dc, &err);
    if (!d) {
        fprintf(stderr, "match-speed: %s: %s\n", s->name,
                hr_error_format(&err, buf, sizeof buf));
        return NULL;
    }
    for (int i = 0; s->petrarch && i < g_npaths; i++) {
        if (hr_dict_load_petrarch(d, g_paths[i], &err) != HR_OK) {
            fprintf(stderr, "match-speed: %s: %s\n", s->name,
                    hr_error_format(&err, buf, sizeof buf));
            hr_dict_free(d);
            return NULL;
        }
    }
    if (hr_dict_finish(d, &err) != HR_OK) {
        fprintf(stderr, "match-speed: %s: %s\n", s->name,
                hr_error_format(&err, buf, sizeof buf));
        hr_dict_free(d);
        return NULL;
    }
    return d;
}

static int parse_dicts(const char *list, const dict_spec **out)
{
    int n = 0;
    char *copy = strdup(list), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        const dict_spec *s = NULL;
        for (size_t i = 0; i < sizeof SPECS / sizeof SPECS[0]; i++)
            if (!strcmp(t, SPECS[i].name))
                s = &SPECS[i];
        if (!s || n == MAX_DICTS) {
            fprintf(stderr, "match-speed: unknown dictionary '%s' (builtin, "
                    "builtin-nogaz, phoenix, phoenix-gaz)\n", t);
            free(copy);
            return -1;
        }
        if (s->petrarch && !g_npaths) {
            fprintf(stderr, "match-speed: %s needs -p PATH\n", s->name);
            free(copy);
            return -1;
        }
        out[n++] = s;
    }
    free(copy);
    return n;
}

/* ---- load ----------------------------------------------------------------- */

static int run_load(const dict_spec **ds, int nd, int runs)
{
    double wall[MAX_DICTS][MAX_RUNS], cpu[MAX_DICTS][MAX_RUNS];
    hr_dict_stats st[MAX_DICTS];
    diag_count dc[MAX_DICTS];
    long rss0 = status_kb("VmRSS"), anon0 = status_kb("RssAnon");
    long file0 = status_kb("RssFile"), rss1 = -1, hwm1 = -1, anon1 = -1, file1 = -1;
    memset(dc, 0, sizeof dc);
    for (int r = 0; r < runs; r++) {
        for (int k = 0; k < nd; k++) {
            diag_count c = {0, 0};
            double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
            hr_dict *d = build(ds[k], &c);
            double t1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_THREAD_CPUTIME_ID);
            if (!d)
                return 1;
            wall[k][r] = (t1 - t0) * 1e3;
            cpu[k][r] = (c1 - c0) * 1e3;
            if (r == 0) {
                hr_dict_get_stats(d, &st[k]);
                dc[k] = c;
                if (k == 0) {
                    rss1 = status_kb("VmRSS");
                    hwm1 = status_kb("VmHWM");
                    anon1 = status_kb("RssAnon");
                    file1 = status_kb("RssFile");
                }
            }
            hr_dict_free(d);
        }
    }
    printf("dictionary builds, %d runs, interleaved; medians (ms)\n", runs);
    printf("%-14s %9s %9s %8s %8s %8s %8s %8s %10s %9s %9s %6s %6s\n",
           "dictionary", "wall ms", "cpu ms", "entries", "names", "agents",
           "places", "plnames", "bytes MB", "+RSS MB", "+peak MB", "errors",
           "warns");
    for (int k = 0; k < nd; k++) {
        double rss = k == 0 && rss0 >= 0 && rss1 >= 0 ? (rss1 - rss0) / 1024.0 : -1;
        double hwm = k == 0 && rss0 >= 0 && hwm1 >= 0 ? (hwm1 - rss0) / 1024.0 : -1;
        char rs[32] = "-", hs[32] = "-";
        if (rss >= 0)
            snprintf(rs, sizeof rs, "%.1f", rss);
        if (hwm >= 0)
            snprintf(hs, sizeof hs, "%.1f", hwm);
        printf("%-14s %9.1f %9.1f %8llu %8llu %8llu %8llu %8llu %10.1f %9s %9s %6llu %6llu\n",
               ds[k]->name, median(wall[k], runs), median(cpu[k], runs),
               (unsigned long long)st[k].entries, (unsigned long long)st[k].names,
               (unsigned long long)st[k].agents, (unsigned long long)st[k].places,
               (unsigned long long)st[k].place_names, st[k].bytes / 1e6, rs, hs,
               (unsigned long long)st[k].errors, (unsigned long long)st[k].warnings);
    }
    /* tsv: load dict runs wall_ms cpu_ms entries names codes agents discards
     * places place_names errors warnings bytes rss_kb hwm_kb anon_kb
     * file_kb wall_runs; the four memory figures are growths from before
     * the first build, -1 but for the first dictionary */
    for (int k = 0; k < nd; k++) {
        printf("tsv\tload\t%s\t%d\t%.3f\t%.3f\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu"
               "\t%llu\t%llu\t%llu\t%ld\t%ld\t%ld\t%ld\t",
               ds[k]->name, runs, median(wall[k], runs), median(cpu[k], runs),
               (unsigned long long)st[k].entries, (unsigned long long)st[k].names,
               (unsigned long long)st[k].codes, (unsigned long long)st[k].agents,
               (unsigned long long)st[k].discards, (unsigned long long)st[k].places,
               (unsigned long long)st[k].place_names, (unsigned long long)st[k].errors,
               (unsigned long long)st[k].warnings, (unsigned long long)st[k].bytes,
               k == 0 && rss1 >= 0 ? rss1 - rss0 : -1L,
               k == 0 && hwm1 >= 0 ? hwm1 - rss0 : -1L,
               k == 0 && anon1 >= 0 ? anon1 - anon0 : -1L,
               k == 0 && file1 >= 0 ? file1 - file0 : -1L);
        for (int r = 0; r < runs; r++)
            printf("%s%.1f", r ? " " : "", wall[k][r]);
        printf("\n");
    }
    return 0;
}

/* ---- the corpus in memory ------------------------------------------------- */

typedef struct para_rec {
    size_t off;          /* in the text buffer */
    uint32_t len, from;  /* from: where splitting starts (after a dateline) */
} para_rec;

typedef struct sent_rec {
    uint32_t para, doc;
    hr_span span;
    size_t tok;          /* first token in the token array */
    uint32_t n_tok;
} sent_rec;

typedef struct corpus {
    char *text;
    size_t text_len, text_cap;
    para_rec *paras;
    size_t n_paras, cap_paras;
    sent_rec *sents;
    size_t n_sents, cap_sents;
    hr_span *toks;
    size_t n_toks, cap_toks;
    hr_date *dates;
    size_t n_docs, cap_docs;
    uint64_t input_bytes, sent_bytes, skipped, dated;
    /* built once everything is read */
    hr_sentence *hs;     /* with tokens pointing into toks */
    const char **ptext;  /* each sentence's paragraph text */
} corpus;

#define GROW(p, n, cap, need)                                               \
    do {                                                                    \
        if ((n) + (need) > (cap)) {                                         \
            size_t c_ = (cap) ? (cap) : 1024;                               \
            while (c_ < (n) + (need))                                       \
                c_ *= 2;                                                    \
            void *q_ = realloc((p), c_ * sizeof *(p));                      \
            if (!q_) {                                                      \
                fprintf(stderr, "match-speed: out of memory\n");            \
                exit(1);                                                    \
            }                                                               \
            (p) = q_;                                                       \
            (cap) = c_;                                                     \
        }                                                                   \
    } while (0)

static int read_corpus(corpus *c, char **inputs, int n_inputs)
{
    hr_ingest *in = hr_ingest_new(NULL);
    hr_splitter *sp = hr_splitter_new();
    if (!in || !sp)
        return 1;
    for (int i = 0; i < n_inputs; i++)
        if (hr_ingest_add_path(in, inputs[i]) != HR_OK) {
            fprintf(stderr, "match-speed: cannot add %s\n", inputs[i]);
            return 1;
        }
    for (;;) {
        hr_document *doc;
        hr_error err;
        hr_status s = hr_ingest_next(in, &doc, &err);
        if (s == HR_END)
            break;
        if (s != HR_OK) {
            c->skipped++;
            continue;
        }
        GROW(c->dates, c->n_docs, c->cap_docs, 1);
        uint32_t di = (uint32_t)c->n_docs;
        c->dates[c->n_docs++] = doc->date;
        c->dated += doc->date.year != 0;
        for (size_t p = 0; p < doc->n_paragraphs; p++) {
            const hr_paragraph *para = &doc->paragraphs[p];
            if (para->len > UINT32_MAX)
                continue;
            GROW(c->text, c->text_len, c->text_cap, para->len + 1);
            GROW(c->paras, c->n_paras, c->cap_paras, 1);
            uint32_t pi = (uint32_t)c->n_paras;
            para_rec *pr = &c->paras[c->n_paras++];
            pr->off = c->text_len;
            pr->len = (uint32_t)para->len;
            pr->from = doc->dateline_para >= 0 && (size_t)doc->dateline_para == p
                           ? doc->dateline.end : 0;
            memcpy(c->text + c->text_len, para->text, para->len);
            c->text[c->text_len + para->len] = 0;
            c->text_len += para->len + 1;
            const hr_sentence *ss;
            size_t ns = hr_split_paragraph(sp, doc, p, &ss);
            GROW(c->sents, c->n_sents, c->cap_sents, ns);
            for (size_t k = 0; k < ns; k++) {
                GROW(c->toks, c->n_toks, c->cap_toks, ss[k].n_tokens);
                sent_rec *sr = &c->sents[c->n_sents++];
                sr->para = pi;
                sr->doc = di;
                sr->span = ss[k].span;
                sr->tok = c->n_toks;
                sr->n_tok = (uint32_t)ss[k].n_tokens;
                memcpy(c->toks + c->n_toks, ss[k].tokens,
                       ss[k].n_tokens * sizeof *c->toks);
                c->n_toks += ss[k].n_tokens;
                c->sent_bytes += ss[k].span.end - ss[k].span.start;
            }
        }
    }
    hr_ingest_stats is;
    hr_ingest_get_stats(in, &is);
    c->input_bytes = is.bytes;
    hr_ingest_free(in);
    hr_splitter_free(sp);
    c->hs = calloc(c->n_sents ? c->n_sents : 1, sizeof *c->hs);
    c->ptext = calloc(c->n_sents ? c->n_sents : 1, sizeof *c->ptext);
    if (!c->hs || !c->ptext)
        return 1;
    for (size_t i = 0; i < c->n_sents; i++) {
        c->hs[i].span = c->sents[i].span;
        c->hs[i].tokens = c->toks + c->sents[i].tok;
        c->hs[i].n_tokens = c->sents[i].n_tok;
        c->ptext[i] = c->text + c->paras[c->sents[i].para].off;
    }
    return 0;
}

static void corpus_free(corpus *c)
{
    free(c->text);
    free(c->paras);
    free(c->sents);
    free(c->toks);
    free(c->dates);
    free(c->hs);
    free(c->ptext);
}

/* ---- match ---------------------------------------------------------------- */

typedef struct counts {
    uint64_t kind[3];     /* by hr_match_kind */
    uint64_t with_match;  /* sentences with at least one match */
} counts;

static size_t g_sink;

static void match_pass(hr_matcher *m, const corpus *c, counts *n)
{
    for (size_t i = 0; i < c->n_sents; i++) {
        const hr_match *ms;
        size_t k = hr_match_sentence(m, c->ptext[i], &c->hs[i],
                                     &c->dates[c->sents[i].doc], &ms);
        if (n) {
            n->with_match += k > 0;
            for (size_t j = 0; j < k; j++)
                if ((unsigned)ms[j].kind < 3)
                    n->kind[ms[j].kind]++;
        }
        g_sink += k;
    }
}

static void split_pass(hr_splitter *sp, const corpus *c)
{
    for (size_t p = 0; p < c->n_paras; p++) {
        const hr_sentence *ss;
        g_sink += hr_split(sp, c->text + c->paras[p].off, c->paras[p].len,
                           c->paras[p].from, &ss);
    }
}

static int iterations(double one_pass, double seconds)
{
    if (one_pass <= 0)
        return 1000;
    double n = seconds / one_pass;
    return n < 1 ? 1 : n > 100000 ? 100000 : (int)(n + 0.999);
}

static int run_match(const dict_spec **ds, int nd, int runs, double seconds,
                     char **inputs, int n_inputs)
{
    corpus c;
    memset(&c, 0, sizeof c);
    double t0 = now(CLOCK_MONOTONIC);
    if (read_corpus(&c, inputs, n_inputs) != 0 || !c.n_sents) {
        if (!c.n_sents)
            fprintf(stderr, "match-speed: no sentences in the input\n");
        corpus_free(&c);
        return 1;
    }
    double t_read = now(CLOCK_MONOTONIC) - t0;
    printf("corpus: %zu documents (%llu dated, %llu skipped), %zu paragraphs, "
           "%zu sentences, %zu tokens; %.1f MB of input, %.1f MB of sentence "
           "text (read and split in %.1f s)\n",
           c.n_docs, (unsigned long long)c.dated, (unsigned long long)c.skipped,
           c.n_paras, c.n_sents, c.n_toks, c.input_bytes / 1e6,
           c.sent_bytes / 1e6, t_read);

    /* the dictionaries and matchers, built once, not timed */
    hr_dict *dict[MAX_DICTS];
    hr_matcher *mt[MAX_DICTS];
    hr_dict_stats st[MAX_DICTS];
    diag_count dc[MAX_DICTS];
    for (int k = 0; k < nd; k++) {
        hr_error err;
        char buf[2048];
        memset(&dc[k], 0, sizeof dc[k]);
        if (!(dict[k] = build(ds[k], &dc[k])))
            return 1;
        hr_dict_get_stats(dict[k], &st[k]);
        if (!(mt[k] = hr_matcher_new(dict[k], &err))) {
            fprintf(stderr, "match-speed: %s\n", hr_error_format(&err, buf, sizeof buf));
            return 1;
        }
    }
    hr_splitter *sp = hr_splitter_new();

    /* warm-up: one untimed pass each, which also counts the matches and
     * sets the number of passes per run */
    enum { SPLIT = MAX_DICTS };
    int iters[MAX_DICTS + 1];
    counts cnt[MAX_DICTS];
    memset(cnt, 0, sizeof cnt);
    t0 = now(CLOCK_THREAD_CPUTIME_ID);
    split_pass(sp, &c);
    iters[SPLIT] = iterations(now(CLOCK_THREAD_CPUTIME_ID) - t0, seconds);
    for (int k = 0; k < nd; k++) {
        t0 = now(CLOCK_THREAD_CPUTIME_ID);
        match_pass(mt[k], &c, &cnt[k]);
        iters[k] = iterations(now(CLOCK_THREAD_CPUTIME_ID) - t0, seconds);
    }

    double wall[MAX_DICTS + 1][MAX_RUNS], cpu[MAX_DICTS + 1][MAX_RUNS];
    for (int r = 0; r < runs; r++) {
        for (int k = -1; k < nd; k++) {
            int slot = k < 0 ? SPLIT : k;
            double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
            for (int it = 0; it < iters[slot]; it++) {
                if (k < 0)
                    split_pass(sp, &c);
                else
                    match_pass(mt[k], &c, NULL);
            }
            wall[slot][r] = now(CLOCK_MONOTONIC) - w0;
            cpu[slot][r] = now(CLOCK_THREAD_CPUTIME_ID) - c0;
        }
    }

    printf("%d runs, interleaved, one thread; medians. Rates are per pass over "
           "all %zu sentences (%.1f MB of sentence text)\n", runs, c.n_sents,
           c.sent_bytes / 1e6);
    printf("%-14s %6s %11s %11s %9s %9s %9s %9s %9s %9s\n", "stage", "passes",
           "sent/s", "sent/s cpu", "MB/s", "MB/s cpu", "actors/k", "agents/k",
           "places/k", "w/match%");
    for (int k = -1; k < nd; k++) {
        int slot = k < 0 ? SPLIT : k;
        double w = median(wall[slot], runs) / iters[slot];
        double u = median(cpu[slot], runs) / iters[slot];
        const char *name = k < 0 ? "split" : ds[k]->name;
        printf("%-14s %6d %11.0f %11.0f %9.1f %9.1f", name, iters[slot],
               c.n_sents / w, c.n_sents / u, c.sent_bytes / w / 1e6,
               c.sent_bytes / u / 1e6);
        if (k >= 0)
            printf(" %9.1f %9.1f %9.1f %9.1f", 1000.0 * cnt[k].kind[0] / c.n_sents,
                   1000.0 * cnt[k].kind[1] / c.n_sents,
                   1000.0 * cnt[k].kind[2] / c.n_sents,
                   100.0 * cnt[k].with_match / c.n_sents);
        printf("\n");
    }
    /* tsv: corpus docs paras sents toks input_bytes sent_bytes */
    printf("tsv\tcorpus\t%zu\t%zu\t%zu\t%zu\t%llu\t%llu\t%llu\n", c.n_docs,
           c.n_paras, c.n_sents, c.n_toks, (unsigned long long)c.input_bytes,
           (unsigned long long)c.sent_bytes, (unsigned long long)c.dated);
    /* tsv: match stage runs passes wall_s_per_pass cpu_s_per_pass sent/s
     * sent/s_cpu MB/s MB/s_cpu actors agents places with_match entries
     * names places_in_dict wall_runs(sent/s) */
    for (int k = -1; k < nd; k++) {
        int slot = k < 0 ? SPLIT : k;
        double w = median(wall[slot], runs) / iters[slot];
        double u = median(cpu[slot], runs) / iters[slot];
        printf("tsv\tmatch\t%s\t%d\t%d\t%.6f\t%.6f\t%.1f\t%.1f\t%.2f\t%.2f",
               k < 0 ? "split" : ds[k]->name, runs, iters[slot], w, u,
               c.n_sents / w, c.n_sents / u, c.sent_bytes / w / 1e6,
               c.sent_bytes / u / 1e6);
        if (k >= 0)
            printf("\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t",
                   (unsigned long long)cnt[k].kind[0], (unsigned long long)cnt[k].kind[1],
                   (unsigned long long)cnt[k].kind[2],
                   (unsigned long long)cnt[k].with_match,
                   (unsigned long long)st[k].entries, (unsigned long long)st[k].names,
                   (unsigned long long)st[k].places);
        else
            printf("\t\t\t\t\t\t\t\t");
        for (int r = 0; r < runs; r++)
            printf("%s%.0f", r ? " " : "", c.n_sents * iters[slot] / wall[slot][r]);
        printf("\n");
    }

    hr_splitter_free(sp);
    for (int k = 0; k < nd; k++) {
        hr_matcher_free(mt[k]);
        hr_dict_free(dict[k]);
    }
    corpus_free(&c);
    return g_sink == (size_t)-1;
}

/* ---- main ----------------------------------------------------------------- */

int main(int argc, char **argv)
{
    int runs = 5, opt;
    double seconds = 0.5;
    const char *list = NULL;
    while ((opt = getopt(argc, argv, "r:d:p:t:v")) != -1) {
        switch (opt) {
        case 'r': runs = atoi(optarg); break;
        case 'd': list = optarg; break;
        case 'p':
            if (g_npaths == MAX_PATHS)
                goto usage;
            g_paths[g_npaths++] = optarg;
            break;
        case 't': seconds = atof(optarg); break;
        case 'v': g_verbose = true; break;
        default: goto usage;
        }
    }
    if (optind >= argc || runs < 1 || runs > MAX_RUNS || !(seconds > 0))
        goto usage;
    if (!list)
        list = g_npaths ? "builtin,builtin-nogaz,phoenix" : "builtin,builtin-nogaz";
    const dict_spec *ds[MAX_DICTS];
    int nd = parse_dicts(list, ds);
    if (nd <= 0)
        return 2;
    const char *mode = argv[optind];
    if (!strcmp(mode, "load") && optind + 1 == argc)
        return run_load(ds, nd, runs);
    if (!strcmp(mode, "match") && optind + 1 < argc)
        return run_match(ds, nd, runs, seconds, argv + optind + 1, argc - optind - 1);

usage:
    fprintf(stderr,
            "usage: match-speed [-r RUNS] [-d DICTS] [-p PATH]... [-v] load\n"
            "       match-speed [-r RUNS] [-d DICTS] [-p PATH]... [-t SECONDS] [-v] "
            "match INPUT...\n"
            "DICTS: comma-separated builtin, builtin-nogaz, phoenix, phoenix-gaz\n");
    return 2;
}
