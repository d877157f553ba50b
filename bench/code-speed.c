/*
 * code-speed.c - how fast Herald codes events, and how the time divides
 * between the tagger, the actor matcher and the coder itself.
 *
 *   code-speed [-r RUNS] [-v] load
 *   code-speed [-r RUNS] [-t SECONDS] [-s STAGES] [-C CTL,ACK] [-v] code INPUT...
 *   code-speed count INPUT...
 *
 * load: RUNS runs, each building, in this order and timed one by one, the
 * builtin actor dictionary with the gazetteer (hr_dict_new(0) +
 * hr_dict_finish, what `herald code` loads by default), the builtin verb
 * dictionary (hr_verbs_new(0) + hr_verbs_finish), a tagger
 * (hr_tagger_new) and a coder over the two dictionaries (hr_coder_new: a
 * matcher and a second tagger), then freeing them. Printed: the median of
 * each by the wall clock (CLOCK_MONOTONIC) and by the thread's CPU time
 * (CLOCK_THREAD_CPUTIME_ID), the median of the total that `herald code`
 * pays before its first document (dictionary + verbs + coder), the
 * dictionaries' own statistics, and what the first run added to the
 * process, step by step, from /proc/self/status: VmRSS, split into RssAnon
 * (heap) and RssFile (pages of the binary read: the compiled-in text of
 * the dictionaries and the tagger's model), and VmHWM at the end minus
 * VmRSS at the start. Only the first run's memory means anything (later
 * runs reuse what the allocator kept), so run it in a fresh process.
 *
 * code: reads every INPUT with hr_ingest (files or directories; no clean
 * stage), splits every paragraph once with hr_split_paragraph and keeps
 * paragraphs, sentences and tokens in memory. Then RUNS runs, the stages
 * interleaved within each run, one thread:
 *   split   hr_split over every paragraph again (context: not part of
 *           coding here, since the sentences are given);
 *   tag     hr_tag over every sentence's tokens (the part-of-speech
 *           tagger alone);
 *   match   hr_match_sentence over every sentence with its article's date
 *           (the actor and place matcher alone, on the builtin dictionary
 *           with the gazetteer);
 *   code    hr_code_sentence over every sentence (builtin dictionary and
 *           verbs): it tags, matches and codes, so tag and match are
 *           parts of it.
 * A run repeats its pass over all sentences enough times to last about
 * SECONDS (default 0.5; the count is set by an untimed warm-up pass and is
 * the same in every run). Reported: median sentences/s, tokens/s and MB/s
 * of sentence text (10^6 bytes of the sentence spans) by the wall clock
 * and by CPU time; the share of coding taken by the tagger (tag / code)
 * and by the matcher (match / code), by CPU time; and what the coder
 * found, per 1000 sentences. -s picks stages (comma-separated; default
 * "split,tag,match,code").
 *
 * count: reads every INPUT with hr_ingest, cleans each document with
 * hr_clean (default options, one cleaner for the whole run, as `herald
 * code` does), splits every paragraph and counts the sentences by the
 * paragraph's kind (body, boilerplate, duplicate): `herald code` codes
 * the sentences of every paragraph but the boilerplate ones, so this says
 * how many sentences an end-to-end run actually codes.
 *
 * -C CTL,ACK: perf's control FIFOs (`perf record -D -1 --control
 * fifo:CTL,ACK`): the program enables perf just before the timed runs and
 * disables it after, so that a profile holds the timed passes alone, not
 * the reading of the corpus or the warm-up.
 *
 * Output: a readable table, and the same figures as tab-separated lines
 * starting with "tsv\t" for scripts.
 */
#include "herald.h"
#include "internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 99

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

typedef struct mem {
    long rss, anon, file, hwm;
} mem;

static mem mem_now(void)
{
    mem m = {status_kb("VmRSS"), status_kb("RssAnon"), status_kb("RssFile"),
             status_kb("VmHWM")};
    return m;
}

/* ---- building ------------------------------------------------------------- */

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
        fprintf(stderr, "code-speed: %s: %s\n", is_error ? "error" : "warning",
                hr_error_format(e, buf, sizeof buf));
    }
}

static void fail(const char *what, const hr_error *err)
{
    char buf[2048];
    fprintf(stderr, "code-speed: %s: %s\n", what, hr_error_format(err, buf, sizeof buf));
}

/* The builtin actors and gazetteer, finished; NULL (and a message) on
 * failure. */
static hr_dict *build_dict(diag_count *dc)
{
    hr_error err = {0};
    hr_dict *d = hr_dict_new(0, on_diag, dc, &err);
    if (!d) {
        fail("dictionary", &err);
        return NULL;
    }
    if (hr_dict_finish(d, &err) != HR_OK) {
        fail("dictionary", &err);
        hr_dict_free(d);
        return NULL;
    }
    return d;
}

/* The builtin verbs and CAMEO table, finished. */
static hr_verbs *build_verbs(diag_count *dc)
{
    hr_error err = {0};
    hr_verbs *v = hr_verbs_new(0, on_diag, dc, &err);
    if (!v) {
        fail("verbs", &err);
        return NULL;
    }
    if (hr_verbs_finish(v, &err) != HR_OK) {
        fail("verbs", &err);
        hr_verbs_free(v);
        return NULL;
    }
    return v;
}

/* ---- load ----------------------------------------------------------------- */

enum { L_DICT, L_VERBS, L_TAGGER, L_CODER, L_TOTAL, L_N };
static const char *const LOAD_NAMES[L_N] = {"dictionary", "verbs", "tagger", "coder",
                                            "total"};

static int run_load(int runs)
{
    double wall[L_N][MAX_RUNS], cpu[L_N][MAX_RUNS];
    mem m[L_N];          /* after each step of the first run; [L_TOTAL]: before */
    hr_dict_stats ds;
    hr_verbs_stats vs;
    diag_count ddc = {0, 0}, vdc = {0, 0};
    memset(m, 0, sizeof m);
    m[L_TOTAL] = mem_now();
    for (int r = 0; r < runs; r++) {
        diag_count dc = {0, 0}, vc = {0, 0};
        hr_error err = {0};
        double t[L_N + 1], c[L_N + 1];
        t[0] = now(CLOCK_MONOTONIC), c[0] = now(CLOCK_THREAD_CPUTIME_ID);
        hr_dict *d = build_dict(&dc);
        t[1] = now(CLOCK_MONOTONIC), c[1] = now(CLOCK_THREAD_CPUTIME_ID);
        if (r == 0)
            m[L_DICT] = mem_now();
        hr_verbs *v = d ? build_verbs(&vc) : NULL;
        t[2] = now(CLOCK_MONOTONIC), c[2] = now(CLOCK_THREAD_CPUTIME_ID);
        if (r == 0)
            m[L_VERBS] = mem_now();
        hr_tagger *tg = v ? hr_tagger_new(&err) : NULL;
        t[3] = now(CLOCK_MONOTONIC), c[3] = now(CLOCK_THREAD_CPUTIME_ID);
        if (v && !tg)
            fail("tagger", &err);
        if (r == 0)
            m[L_TAGGER] = mem_now();
        hr_coder *cd = tg ? hr_coder_new(d, v, &err) : NULL;
        t[4] = now(CLOCK_MONOTONIC), c[4] = now(CLOCK_THREAD_CPUTIME_ID);
        if (tg && !cd)
            fail("coder", &err);
        if (!cd) {
            hr_tagger_free(tg);
            hr_verbs_free(v);
            hr_dict_free(d);
            return 1;
        }
        if (r == 0) {
            m[L_CODER] = mem_now();
            hr_dict_get_stats(d, &ds);
            hr_verbs_get_stats(v, &vs);
            ddc = dc;
            vdc = vc;
        }
        for (int k = 0; k < L_TOTAL; k++) {
            wall[k][r] = (t[k + 1] - t[k]) * 1e3;
            cpu[k][r] = (c[k + 1] - c[k]) * 1e3;
        }
        /* what `herald code` pays: dictionary, verbs, coder (the coder
         * makes its own tagger) */
        wall[L_TOTAL][r] = wall[L_DICT][r] + wall[L_VERBS][r] + wall[L_CODER][r];
        cpu[L_TOTAL][r] = cpu[L_DICT][r] + cpu[L_VERBS][r] + cpu[L_CODER][r];
        hr_coder_free(cd);
        hr_tagger_free(tg);
        hr_verbs_free(v);
        hr_dict_free(d);
    }
    mem before = m[L_TOTAL];
    printf("loading, %d runs; medians (ms). Memory: what each step of the first run "
           "added (MB)\n", runs);
    printf("%-11s %9s %9s %9s %9s %9s\n", "step", "wall ms", "cpu ms", "+RSS MB",
           "+anon MB", "+file MB");
    for (int k = 0; k < L_N; k++) {
        mem a = k == L_TOTAL ? m[L_CODER] : m[k];
        mem b = k == L_TOTAL || k == L_DICT ? before : m[k - 1];
        printf("%-11s %9.1f %9.1f %9.1f %9.1f %9.1f\n", LOAD_NAMES[k],
               median(wall[k], runs), median(cpu[k], runs), (a.rss - b.rss) / 1024.0,
               (a.anon - b.anon) / 1024.0, (a.file - b.file) / 1024.0);
    }
    printf("total: dictionary + verbs + coder (the coder builds a matcher and its own "
           "tagger); peak (VmHWM - VmRSS before): %.1f MB\n",
           (m[L_CODER].hwm - before.rss) / 1024.0);
    printf("dictionary: %llu entries (%llu agents), %llu names, %llu places; "
           "%lu errors, %lu warnings\n",
           (unsigned long long)ds.entries, (unsigned long long)ds.agents,
           (unsigned long long)ds.names, (unsigned long long)ds.places, ddc.errors,
           ddc.warnings);
    printf("verbs: %llu verbs, %llu nouns, %llu forms, %llu patterns, %llu codes; "
           "%lu errors, %lu warnings\n",
           (unsigned long long)vs.verbs, (unsigned long long)vs.nouns,
           (unsigned long long)vs.forms, (unsigned long long)vs.patterns,
           (unsigned long long)vs.codes, vdc.errors, vdc.warnings);
    /* tsv: load step runs wall_ms cpu_ms rss_kb anon_kb file_kb wall_runs */
    for (int k = 0; k < L_N; k++) {
        mem a = k == L_TOTAL ? m[L_CODER] : m[k];
        mem b = k == L_TOTAL || k == L_DICT ? before : m[k - 1];
        printf("tsv\tload\t%s\t%d\t%.3f\t%.3f\t%ld\t%ld\t%ld\t", LOAD_NAMES[k], runs,
               median(wall[k], runs), median(cpu[k], runs), a.rss - b.rss,
               a.anon - b.anon, a.file - b.file);
        for (int r = 0; r < runs; r++)
            printf("%s%.1f", r ? " " : "", wall[k][r]);
        printf("\n");
    }
    /* tsv: peak hwm_kb; dict entries agents names places errors warnings;
     * verbs verbs nouns forms patterns codes errors warnings */
    printf("tsv\tpeak\t%ld\n", m[L_CODER].hwm - before.rss);
    printf("tsv\tdict\t%llu\t%llu\t%llu\t%llu\t%lu\t%lu\n", (unsigned long long)ds.entries,
           (unsigned long long)ds.agents, (unsigned long long)ds.names,
           (unsigned long long)ds.places, ddc.errors, ddc.warnings);
    printf("tsv\tverbs\t%llu\t%llu\t%llu\t%llu\t%llu\t%lu\t%lu\n",
           (unsigned long long)vs.verbs, (unsigned long long)vs.nouns,
           (unsigned long long)vs.forms, (unsigned long long)vs.patterns,
           (unsigned long long)vs.codes, vdc.errors, vdc.warnings);
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
    size_t n_toks, cap_toks, max_toks;
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
                fprintf(stderr, "code-speed: out of memory\n");             \
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
            fprintf(stderr, "code-speed: cannot add %s\n", inputs[i]);
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
                if (ss[k].n_tokens > c->max_toks)
                    c->max_toks = ss[k].n_tokens;
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

/* ---- the passes ----------------------------------------------------------- */

enum { S_SPLIT, S_TAG, S_MATCH, S_CODE, S_N };
static const char *const STAGE_NAMES[S_N] = {"split", "tag", "match", "code"};

typedef struct found {
    uint64_t events;          /* mentions */
    uint64_t with_event;      /* sentences with at least one */
    uint64_t both;            /* mentions with a source and a target code */
    uint64_t quad[5];         /* by quad class (0: none) */
    uint64_t matches;         /* match stage: actors, agents and places */
} found;

typedef struct ctx {
    const corpus *c;
    hr_splitter *sp;
    const hr_tagger *tagger;
    hr_matcher *matcher;
    hr_coder *coder;
    uint8_t *tags;
} ctx;

static size_t g_sink;

static void pass(const ctx *x, int stage, found *f)
{
    const corpus *c = x->c;
    switch (stage) {
    case S_SPLIT:
        for (size_t p = 0; p < c->n_paras; p++) {
            const hr_sentence *ss;
            g_sink += hr_split(x->sp, c->text + c->paras[p].off, c->paras[p].len,
                               c->paras[p].from, &ss);
        }
        break;
    case S_TAG:
        for (size_t i = 0; i < c->n_sents; i++) {
            if (!c->hs[i].n_tokens)
                continue;
            hr_tag(x->tagger, c->ptext[i], c->hs[i].tokens, c->hs[i].n_tokens, x->tags);
            g_sink += x->tags[0];
        }
        break;
    case S_MATCH:
        for (size_t i = 0; i < c->n_sents; i++) {
            const hr_match *ms;
            size_t k = hr_match_sentence(x->matcher, c->ptext[i], &c->hs[i],
                                         &c->dates[c->sents[i].doc], &ms);
            if (f)
                f->matches += k;
            g_sink += k;
        }
        break;
    case S_CODE:
        for (size_t i = 0; i < c->n_sents; i++) {
            const hr_mention *ms;
            size_t k = hr_code_sentence(x->coder, c->ptext[i], &c->hs[i],
                                        &c->dates[c->sents[i].doc], &ms);
            if (f) {
                f->events += k;
                f->with_event += k > 0;
                for (size_t j = 0; j < k; j++) {
                    f->both += ms[j].source_code[0] && ms[j].target_code[0];
                    f->quad[ms[j].quad >= 1 && ms[j].quad <= 4 ? ms[j].quad : 0]++;
                }
            }
            g_sink += k;
        }
        break;
    }
}

static int iterations(double one_pass, double seconds)
{
    if (one_pass <= 0)
        return 1000;
    double n = seconds / one_pass;
    return n < 1 ? 1 : n > 100000 ? 100000 : (int)(n + 0.999);
}

/* perf's control FIFOs: "enable" or "disable", then wait for the ack. */
static int g_ctl = -1, g_ack = -1;

static void perf_ctl(const char *cmd)
{
    if (g_ctl < 0)
        return;
    char ack[16];
    if (write(g_ctl, cmd, strlen(cmd)) < 0 || read(g_ack, ack, sizeof ack) < 0)
        perror("code-speed: perf control");
}

static int open_perf_ctl(const char *spec)
{
    char ctl[1024];
    const char *comma = strchr(spec, ',');
    if (!comma || (size_t)(comma - spec) >= sizeof ctl) {
        fprintf(stderr, "code-speed: -C takes CTL,ACK (two FIFOs)\n");
        return 1;
    }
    memcpy(ctl, spec, (size_t)(comma - spec));
    ctl[comma - spec] = 0;
    g_ctl = open(ctl, O_WRONLY);
    g_ack = g_ctl >= 0 ? open(comma + 1, O_RDONLY) : -1;
    if (g_ctl < 0 || g_ack < 0) {
        perror("code-speed: -C");
        return 1;
    }
    return 0;
}

static int run_code(const bool *on, int runs, double seconds, char **inputs, int n_inputs)
{
    corpus c;
    memset(&c, 0, sizeof c);
    double t0 = now(CLOCK_MONOTONIC);
    if (read_corpus(&c, inputs, n_inputs) != 0 || !c.n_sents) {
        if (!c.n_sents)
            fprintf(stderr, "code-speed: no sentences in the input\n");
        corpus_free(&c);
        return 1;
    }
    double t_read = now(CLOCK_MONOTONIC) - t0;
    printf("corpus: %zu documents (%llu dated, %llu skipped), %zu paragraphs, "
           "%zu sentences, %zu tokens; %.1f MB of input, %.1f MB of sentence "
           "text (read and split in %.1f s)\n",
           c.n_docs, (unsigned long long)c.dated, (unsigned long long)c.skipped,
           c.n_paras, c.n_sents, c.n_toks, c.input_bytes / 1e6, c.sent_bytes / 1e6,
           t_read);

    /* everything built once, not timed */
    diag_count dc = {0, 0}, vc = {0, 0};
    hr_error err = {0};
    ctx x = {.c = &c};
    hr_dict *dict = build_dict(&dc);
    hr_verbs *verbs = dict ? build_verbs(&vc) : NULL;
    hr_tagger *tagger = verbs ? hr_tagger_new(&err) : NULL;
    x.tagger = tagger;
    x.matcher = tagger ? hr_matcher_new(dict, &err) : NULL;
    x.coder = x.matcher ? hr_coder_new(dict, verbs, &err) : NULL;
    x.sp = hr_splitter_new();
    x.tags = malloc(c.max_toks + 1);
    if (!x.coder || !x.sp || !x.tags) {
        if (verbs)
            fail("tagger, matcher or coder", &err);
        return 1;
    }

    /* warm-up: one untimed pass each, which also counts what is found and
     * sets the number of passes per run */
    int iters[S_N];
    found f;
    memset(&f, 0, sizeof f);
    for (int s = 0; s < S_N; s++) {
        if (!on[s])
            continue;
        t0 = now(CLOCK_THREAD_CPUTIME_ID);
        pass(&x, s, &f);
        iters[s] = iterations(now(CLOCK_THREAD_CPUTIME_ID) - t0, seconds);
    }

    double wall[S_N][MAX_RUNS], cpu[S_N][MAX_RUNS];
    perf_ctl("enable");
    for (int r = 0; r < runs; r++) {
        for (int s = 0; s < S_N; s++) {
            if (!on[s])
                continue;
            double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
            for (int it = 0; it < iters[s]; it++)
                pass(&x, s, NULL);
            wall[s][r] = now(CLOCK_MONOTONIC) - w0;
            cpu[s][r] = now(CLOCK_THREAD_CPUTIME_ID) - c0;
        }
    }
    perf_ctl("disable");

    double w[S_N], u[S_N];
    for (int s = 0; s < S_N; s++)
        if (on[s]) {
            w[s] = median(wall[s], runs) / iters[s];
            u[s] = median(cpu[s], runs) / iters[s];
        }
    printf("%d runs, interleaved, one thread; medians. Rates are per pass over all "
           "%zu sentences (%zu tokens, %.1f MB of sentence text)\n", runs, c.n_sents,
           c.n_toks, c.sent_bytes / 1e6);
    printf("%-6s %6s %11s %11s %12s %9s %9s %9s\n", "stage", "passes", "sent/s",
           "sent/s cpu", "tokens/s cpu", "MB/s", "MB/s cpu", "of code");
    for (int s = 0; s < S_N; s++) {
        if (!on[s])
            continue;
        printf("%-6s %6d %11.0f %11.0f %12.0f %9.1f %9.1f", STAGE_NAMES[s], iters[s],
               c.n_sents / w[s], c.n_sents / u[s], c.n_toks / u[s], c.sent_bytes / w[s] / 1e6,
               c.sent_bytes / u[s] / 1e6);
        if (on[S_CODE] && (s == S_TAG || s == S_MATCH))
            printf(" %8.1f%%", 100 * u[s] / u[S_CODE]);
        printf("\n");
    }
    if (on[S_CODE]) {
        printf("code: %.1f events per 1000 sentences (%.1f%% of sentences have one; "
               "%.0f%% of events have a source and a target code); quad classes "
               "1/2/3/4: %llu/%llu/%llu/%llu\n",
               1000.0 * f.events / c.n_sents, 100.0 * f.with_event / c.n_sents,
               f.events ? 100.0 * f.both / f.events : 0.0,
               (unsigned long long)f.quad[1], (unsigned long long)f.quad[2],
               (unsigned long long)f.quad[3], (unsigned long long)f.quad[4]);
        if (on[S_TAG] && on[S_MATCH])
            printf("code by CPU time: tagger %.1f%%, matcher %.1f%%, the rest (words, "
                   "verb patterns, actors' roles) %.1f%%\n", 100 * u[S_TAG] / u[S_CODE],
                   100 * u[S_MATCH] / u[S_CODE],
                   100 * (u[S_CODE] - u[S_TAG] - u[S_MATCH]) / u[S_CODE]);
    }
    if (on[S_MATCH])
        printf("match: %.1f actors, agents and places per 1000 sentences\n",
               1000.0 * f.matches / c.n_sents);
    printf("dictionary: %lu errors, %lu warnings; verbs: %lu errors, %lu warnings\n",
           dc.errors, dc.warnings, vc.errors, vc.warnings);

    /* tsv: corpus docs paras sents toks input_bytes sent_bytes dated */
    printf("tsv\tcorpus\t%zu\t%zu\t%zu\t%zu\t%llu\t%llu\t%llu\n", c.n_docs, c.n_paras,
           c.n_sents, c.n_toks, (unsigned long long)c.input_bytes,
           (unsigned long long)c.sent_bytes, (unsigned long long)c.dated);
    /* tsv: found events with_event both quad1 quad2 quad3 quad4 matches */
    printf("tsv\tfound\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\n",
           (unsigned long long)f.events, (unsigned long long)f.with_event,
           (unsigned long long)f.both, (unsigned long long)f.quad[1],
           (unsigned long long)f.quad[2], (unsigned long long)f.quad[3],
           (unsigned long long)f.quad[4], (unsigned long long)f.matches);
    /* tsv: stage name runs passes wall_s_per_pass cpu_s_per_pass sent/s
     * sent/s_cpu MB/s MB/s_cpu wall_runs(sent/s) */
    for (int s = 0; s < S_N; s++) {
        if (!on[s])
            continue;
        printf("tsv\tstage\t%s\t%d\t%d\t%.6f\t%.6f\t%.1f\t%.1f\t%.2f\t%.2f\t",
               STAGE_NAMES[s], runs, iters[s], w[s], u[s], c.n_sents / w[s],
               c.n_sents / u[s], c.sent_bytes / w[s] / 1e6, c.sent_bytes / u[s] / 1e6);
        for (int r = 0; r < runs; r++)
            printf("%s%.0f", r ? " " : "", c.n_sents * iters[s] / wall[s][r]);
        printf("\n");
    }

    free(x.tags);
    hr_splitter_free(x.sp);
    hr_coder_free(x.coder);
    hr_matcher_free(x.matcher);
    hr_tagger_free(tagger);
    hr_verbs_free(verbs);
    hr_dict_free(dict);
    corpus_free(&c);
    return g_sink == (size_t)-1;
}

/* ---- count ---------------------------------------------------------------- */

static int run_count(char **inputs, int n_inputs)
{
    hr_error err = {0};
    hr_ingest *in = hr_ingest_new(NULL);
    hr_splitter *sp = hr_splitter_new();
    hr_clean_options opt = {0};
    hr_cleaner *cl = hr_cleaner_new(&opt, &err);
    if (!in || !sp || !cl) {
        fail("count", &err);
        return 1;
    }
    for (int i = 0; i < n_inputs; i++)
        if (hr_ingest_add_path(in, inputs[i]) != HR_OK) {
            fprintf(stderr, "code-speed: cannot add %s\n", inputs[i]);
            return 1;
        }
    uint64_t sents[3] = {0, 0, 0}, paras[3] = {0, 0, 0}, toks[3] = {0, 0, 0}, docs = 0;
    double t0 = now(CLOCK_MONOTONIC);
    for (;;) {
        hr_document *doc;
        hr_status s = hr_ingest_next(in, &doc, &err);
        if (s == HR_END)
            break;
        if (s != HR_OK)
            continue;
        if (hr_clean(cl, doc, &err) != HR_OK) {
            fail("clean", &err);
            return 1;
        }
        docs++;
        for (size_t p = 0; p < doc->n_paragraphs; p++) {
            const hr_sentence *ss;
            unsigned k = (unsigned)doc->paragraphs[p].kind;
            if (k > 2)
                k = 0;
            paras[k]++;
            size_t ns = hr_split_paragraph(sp, doc, p, &ss);
            sents[k] += ns;
            for (size_t i = 0; i < ns; i++)
                toks[k] += ss[i].n_tokens;
        }
    }
    double t = now(CLOCK_MONOTONIC) - t0;
    uint64_t all = sents[0] + sents[1] + sents[2];
    printf("count: %llu documents; sentences in body / boilerplate / duplicate paragraphs: "
           "%llu / %llu / %llu (paragraphs %llu / %llu / %llu; tokens per sentence "
           "%.1f / %.1f / %.1f); herald code codes %llu of %llu sentences (%.1f%%); "
           "ingest + clean + split took %.1f s\n",
           (unsigned long long)docs, (unsigned long long)sents[0],
           (unsigned long long)sents[1], (unsigned long long)sents[2],
           (unsigned long long)paras[0], (unsigned long long)paras[1],
           (unsigned long long)paras[2], sents[0] ? (double)toks[0] / sents[0] : 0.0,
           sents[1] ? (double)toks[1] / sents[1] : 0.0,
           sents[2] ? (double)toks[2] / sents[2] : 0.0, (unsigned long long)(all - sents[1]),
           (unsigned long long)all, all ? 100.0 * (all - sents[1]) / all : 0.0, t);
    /* tsv: count docs sents_body sents_boiler sents_dup paras_body
     * paras_boiler paras_dup toks_body toks_boiler toks_dup */
    printf("tsv\tcount\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\n",
           (unsigned long long)docs, (unsigned long long)sents[0],
           (unsigned long long)sents[1], (unsigned long long)sents[2],
           (unsigned long long)paras[0], (unsigned long long)paras[1],
           (unsigned long long)paras[2], (unsigned long long)toks[0],
           (unsigned long long)toks[1], (unsigned long long)toks[2]);
    hr_cleaner_free(cl);
    hr_splitter_free(sp);
    hr_ingest_free(in);
    return 0;
}

/* ---- main ----------------------------------------------------------------- */

static int parse_stages(const char *list, bool *on)
{
    char *copy = strdup(list), *save = NULL;
    int n = 0;
    memset(on, 0, S_N * sizeof *on);
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int s = 0;
        while (s < S_N && strcmp(t, STAGE_NAMES[s]))
            s++;
        if (s == S_N) {
            fprintf(stderr, "code-speed: unknown stage '%s' (split, tag, match, code)\n", t);
            free(copy);
            return -1;
        }
        on[s] = true;
        n++;
    }
    free(copy);
    return n;
}

int main(int argc, char **argv)
{
    int runs = 5, opt;
    double seconds = 0.5;
    const char *stages = "split,tag,match,code", *ctl = NULL;
    while ((opt = getopt(argc, argv, "r:t:s:C:v")) != -1) {
        switch (opt) {
        case 'r': runs = atoi(optarg); break;
        case 't': seconds = atof(optarg); break;
        case 's': stages = optarg; break;
        case 'C': ctl = optarg; break;
        case 'v': g_verbose = true; break;
        default: goto usage;
        }
    }
    if (optind >= argc || runs < 1 || runs > MAX_RUNS || !(seconds > 0))
        goto usage;
    bool on[S_N];
    if (parse_stages(stages, on) <= 0)
        return 2;
    const char *mode = argv[optind];
    if (!strcmp(mode, "load") && optind + 1 == argc)
        return run_load(runs);
    if (!strcmp(mode, "count") && optind + 1 < argc)
        return run_count(argv + optind + 1, argc - optind - 1);
    if (!strcmp(mode, "code") && optind + 1 < argc) {
        if (ctl && open_perf_ctl(ctl) != 0)
            return 2;
        return run_code(on, runs, seconds, argv + optind + 1, argc - optind - 1);
    }

usage:
    fprintf(stderr,
            "usage: code-speed [-r RUNS] [-v] load\n"
            "       code-speed [-r RUNS] [-t SECONDS] [-s STAGES] [-C CTL,ACK] [-v] "
            "code INPUT...\n"
            "       code-speed count INPUT...\n"
            "STAGES: comma-separated split, tag, match, code\n");
    return 2;
}
