/*
 * tag-speed.c - the part-of-speech tagger's accuracy and speed.
 *
 *   tag-speed [-r RUNS] [-t SECONDS] [-T TRAIN]... [-o OUT] conllu FILE
 *   tag-speed [-r RUNS] [-t SECONDS] [-p] text INPUT...
 *
 * conllu: reads the word lines of a CoNLL-U file (multiword-token ranges
 * and empty nodes skipped), tags every sentence with hr_tag and prints the
 * accuracy against the XPOS column mapped to Herald's tags (the mapping of
 * scripts/train-tagger.py), overall, without punctuation and, with -T, on
 * the words in no TRAIN file (the splits the model was trained on: train
 * and dev for the shipped model, as `train-tagger.py --eval` counts); -o
 * writes the tags, one sentence a line, for comparing with
 * `train-tagger.py --eval --write-test`.
 *
 * text: reads INPUT with hr_ingest (files or directories), splits every
 * paragraph with hr_split_paragraph and tags Herald's own tokens; -p
 * prints them as word/TAG.
 *
 * Speed: RUNS runs (default 7), each tagging every sentence as many times
 * as fill about SECONDS (default 0.5; the count is set by an untimed
 * warm-up pass); reported are the medians of tokens/s and sentences/s by
 * the wall clock and by the thread's CPU time, one thread; the median
 * time of hr_tagger_new and the resident memory the first one added (the
 * tagger's tables and the pages of the compiled-in model it read).
 */
#include "herald.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_RUNS 99

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

static double median(const double *v, int n)
{
    double s[MAX_RUNS];
    memcpy(s, v, (size_t)n * sizeof *s);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* A field of /proc/self/status in kB ("VmRSS"); -1 if absent. */
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

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "tag-speed: out of memory\n");
        exit(1);
    }
    return p;
}

/* ---- the corpus: sentences as token spans into one text ------------------ */

typedef struct corpus {
    char *text;
    size_t text_len, text_cap;
    hr_span *toks;
    uint8_t *gold;           /* conllu only */
    uint8_t *unknown;        /* conllu with -T: a word in no TRAIN file */
    size_t n_toks, cap_toks;
    size_t *sent;            /* first token of each sentence, n_sents + 1 */
    size_t n_sents, cap_sents;
    const char **ptext;      /* text mode: each sentence's paragraph */
} corpus;

static void add_text(corpus *c, const char *s, size_t n)
{
    if (c->text_len + n + 1 > c->text_cap) {
        c->text_cap = (c->text_len + n + 1) * 2;
        c->text = xrealloc(c->text, c->text_cap);
    }
    memcpy(c->text + c->text_len, s, n);
    c->text_len += n;
    c->text[c->text_len++] = ' ';
}

static void add_token(corpus *c, size_t start, size_t end, uint8_t gold)
{
    if (c->n_toks == c->cap_toks) {
        c->cap_toks = c->cap_toks ? 2 * c->cap_toks : 4096;
        c->toks = xrealloc(c->toks, c->cap_toks * sizeof *c->toks);
        c->gold = xrealloc(c->gold, c->cap_toks);
        c->unknown = xrealloc(c->unknown, c->cap_toks);
    }
    c->toks[c->n_toks] = (hr_span){(uint32_t)start, (uint32_t)end};
    c->gold[c->n_toks] = gold;
    c->unknown[c->n_toks] = 0;
    c->n_toks++;
}

static void end_sentence(corpus *c)
{
    if (c->n_sents + 2 > c->cap_sents) {
        c->cap_sents = c->cap_sents ? 2 * c->cap_sents : 1024;
        c->sent = xrealloc(c->sent, c->cap_sents * sizeof *c->sent);
        c->ptext = xrealloc(c->ptext, c->cap_sents * sizeof *c->ptext);
    }
    c->ptext[c->n_sents] = NULL;
    c->n_sents++;
    c->sent[c->n_sents] = c->n_toks;
}

/* ---- CoNLL-U ----------------------------------------------------------------- */

static uint8_t map_xpos(const char *x)
{
    static const char *const punct[] = {".", ",", ":", "``", "''", "-LRB-",
                                        "-RRB-", "#", "$", "HYPH", "NFP"};
    for (size_t i = 0; i < sizeof punct / sizeof *punct; i++)
        if (!strcmp(x, punct[i]))
            return HR_POS_PUNCT;
    for (int p = 1; p < HR_POS_COUNT; p++)
        if (!strcmp(x, hr_pos_name((enum hr_pos)p)))
            return (uint8_t)p;
    return HR_POS_NONE;
}

/* Calls fn(form, xpos) for every word line and fn(NULL, NULL) after each
 * sentence. */
static int read_conllu(const char *path, void (*fn)(void *, const char *,
                                                    const char *), void *ud)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return 1;
    }
    char line[8192];
    bool in_sentence = false;
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = 0;
        if (n == 0) {
            if (in_sentence)
                fn(ud, NULL, NULL);
            in_sentence = false;
            continue;
        }
        if (line[0] == '#')
            continue;
        char *col[10];
        int nc = 0;
        for (char *p = line; nc < 10;) {
            col[nc++] = p;
            p = strchr(p, '\t');
            if (!p)
                break;
            *p++ = 0;
        }
        if (nc < 5 || strchr(col[0], '-') || strchr(col[0], '.'))
            continue;
        fn(ud, col[1], col[4]);
        in_sentence = true;
    }
    if (in_sentence)
        fn(ud, NULL, NULL);
    fclose(f);
    return 0;
}

static void on_test_word(void *ud, const char *form, const char *xpos)
{
    corpus *c = ud;
    if (!form) {
        end_sentence(c);
        return;
    }
    size_t start = c->text_len;
    add_text(c, form, strlen(form));
    add_token(c, start, c->text_len - 1, map_xpos(xpos));
}

/* The forms of the TRAIN files, for unknown words: a plain hash set. */
typedef struct vocab {
    char **slot;
    size_t mask, n;
} vocab;

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static bool vocab_has(const vocab *v, const char *s, bool add)
{
    size_t i = fnv(s) & v->mask;
    for (; v->slot[i]; i = (i + 1) & v->mask)
        if (!strcmp(v->slot[i], s))
            return true;
    if (add)
        v->slot[i] = strdup(s);
    return false;
}

static void on_train_word(void *ud, const char *form, const char *xpos)
{
    vocab *v = ud;
    if (form && v->n < v->mask / 2)
        v->n += !vocab_has(v, form, true);
}

/* ---- text -------------------------------------------------------------------- */

static int read_text(corpus *c, char **inputs, int n)
{
    hr_ingest *in = hr_ingest_new(NULL);
    hr_splitter *sp = hr_splitter_new();
    if (!in || !sp)
        return 1;
    for (int i = 0; i < n; i++)
        if (hr_ingest_add_path(in, inputs[i]) != HR_OK) {
            fprintf(stderr, "tag-speed: cannot add %s\n", inputs[i]);
            return 1;
        }
    /* Paragraph texts are kept in their own copies: the corpus text
     * buffer moves as it grows. */
    for (;;) {
        hr_document *doc;
        hr_error err;
        hr_status s = hr_ingest_next(in, &doc, &err);
        if (s == HR_END)
            break;
        if (s != HR_OK)
            continue;
        for (size_t p = 0; p < doc->n_paragraphs; p++) {
            const hr_sentence *ss;
            size_t ns = hr_split_paragraph(sp, doc, p, &ss);
            if (!ns)
                continue;
            char *copy = strdup(doc->paragraphs[p].text);
            if (!copy)
                return 1;
            for (size_t k = 0; k < ns; k++) {
                for (size_t j = 0; j < ss[k].n_tokens; j++)
                    add_token(c, ss[k].tokens[j].start, ss[k].tokens[j].end,
                              HR_POS_NONE);
                end_sentence(c);
                c->ptext[c->n_sents - 1] = copy;
            }
        }
    }
    hr_ingest_free(in);
    hr_splitter_free(sp);
    return 0;
}

/* ---- tagging ------------------------------------------------------------------- */

static const char *sent_text(const corpus *c, size_t s)
{
    return c->ptext && c->ptext[s] ? c->ptext[s] : c->text;
}

static void tag_all(const hr_tagger *t, const corpus *c, uint8_t *out)
{
    for (size_t s = 0; s < c->n_sents; s++)
        hr_tag(t, sent_text(c, s), c->toks + c->sent[s],
               c->sent[s + 1] - c->sent[s], out + c->sent[s]);
}

static void usage(void)
{
    fprintf(stderr, "usage: tag-speed [-r RUNS] [-t SECONDS] [-T TRAIN]... [-o OUT] "
            "conllu FILE\n       tag-speed [-r RUNS] [-t SECONDS] [-p] text INPUT...\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int runs = 7, ai = 1;
    double seconds = 0.5;
    const char *train[4], *out_path = NULL;
    int n_train = 0;
    bool print = false;
    for (; ai < argc && argv[ai][0] == '-'; ai++) {
        if (!strcmp(argv[ai], "-r") && ai + 1 < argc)
            runs = atoi(argv[++ai]);
        else if (!strcmp(argv[ai], "-t") && ai + 1 < argc)
            seconds = atof(argv[++ai]);
        else if (!strcmp(argv[ai], "-T") && ai + 1 < argc && n_train < 4)
            train[n_train++] = argv[++ai];
        else if (!strcmp(argv[ai], "-o") && ai + 1 < argc)
            out_path = argv[++ai];
        else if (!strcmp(argv[ai], "-p"))
            print = true;
        else
            usage();
    }
    if (ai + 1 >= argc || runs < 1 || runs > MAX_RUNS)
        usage();
    const char *mode = argv[ai++];
    corpus c = {0};
    c.cap_sents = 1024;
    c.sent = xrealloc(NULL, c.cap_sents * sizeof *c.sent);
    c.ptext = xrealloc(NULL, c.cap_sents * sizeof *c.ptext);
    c.sent[0] = 0;
    bool conllu = !strcmp(mode, "conllu");
    if (conllu) {
        if (read_conllu(argv[ai], on_test_word, &c))
            return 1;
    } else if (!strcmp(mode, "text")) {
        if (read_text(&c, argv + ai, argc - ai))
            return 1;
    } else {
        usage();
    }

    double load[MAX_RUNS];
    hr_tagger *t = NULL;
    long rss0 = status_kb("VmRSS"), rss1 = 0;
    for (int r = 0; r < runs; r++) {
        hr_error err = {0};
        char buf[2048];
        hr_tagger_free(t);
        double t0 = now(CLOCK_MONOTONIC);
        t = hr_tagger_new(&err);
        load[r] = now(CLOCK_MONOTONIC) - t0;
        if (!t) {
            fprintf(stderr, "tag-speed: %s\n", hr_error_format(&err, buf, sizeof buf));
            return 1;
        }
        if (r == 0)
            rss1 = status_kb("VmRSS");
    }
    uint8_t *tags = xrealloc(NULL, c.n_toks);
    tag_all(t, &c, tags);

    printf("%zu sentences, %zu tokens; model load %.1f ms (median of %d), "
           "%.1f MB more resident memory after the first\n",
           c.n_sents, c.n_toks, 1e3 * median(load, runs), runs,
           (double)(rss1 - rss0) / 1024);
    if (conllu) {
        vocab v = {0};
        if (n_train) {
            v.mask = (1u << 18) - 1;
            v.slot = calloc(v.mask + 1, sizeof *v.slot);
            if (!v.slot)
                return 1;
            for (int k = 0; k < n_train; k++)
                if (read_conllu(train[k], on_train_word, &v))
                    return 1;
            for (size_t s = 0; s < c.n_sents; s++)
                for (size_t i = c.sent[s]; i < c.sent[s + 1]; i++) {
                    char w[512];
                    size_t n = c.toks[i].end - c.toks[i].start;
                    if (n >= sizeof w)
                        n = sizeof w - 1;
                    memcpy(w, c.text + c.toks[i].start, n);
                    w[n] = 0;
                    c.unknown[i] = !vocab_has(&v, w, false);
                }
        }
        size_t right = 0, pr = 0, pt = 0, ur = 0, ut = 0;
        for (size_t i = 0; i < c.n_toks; i++) {
            bool ok = tags[i] == c.gold[i];
            right += ok;
            if (c.gold[i] != HR_POS_PUNCT) {
                pr += ok;
                pt++;
            }
            if (c.unknown[i]) {
                ur += ok;
                ut++;
            }
        }
        printf("accuracy %.2f%%, without punctuation %.2f%%", 100.0 * right / c.n_toks,
               100.0 * pr / (pt ? pt : 1));
        if (n_train)
            printf(", unknown words %.2f%% (%zu)", 100.0 * ur / (ut ? ut : 1), ut);
        printf("\n");
        for (size_t i = 0; i <= v.mask && v.slot; i++)
            free(v.slot[i]);
        free(v.slot);
    }
    if (out_path) {
        FILE *f = fopen(out_path, "w");
        if (!f) {
            perror(out_path);
            return 1;
        }
        for (size_t s = 0; s < c.n_sents; s++)
            for (size_t i = c.sent[s]; i < c.sent[s + 1]; i++)
                fprintf(f, "%s%c", hr_pos_name((enum hr_pos)tags[i]),
                        i + 1 < c.sent[s + 1] ? ' ' : '\n');
        fclose(f);
    }
    if (print) {
        for (size_t s = 0; s < c.n_sents; s++) {
            const char *text = sent_text(&c, s);
            for (size_t i = c.sent[s]; i < c.sent[s + 1]; i++)
                printf("%.*s/%s%c", (int)(c.toks[i].end - c.toks[i].start),
                       text + c.toks[i].start, hr_pos_name((enum hr_pos)tags[i]),
                       i + 1 < c.sent[s + 1] ? ' ' : '\n');
        }
    }

    /* Speed: a warm-up pass sets how many passes fill `seconds`. */
    double t0 = now(CLOCK_MONOTONIC);
    tag_all(t, &c, tags);
    double one = now(CLOCK_MONOTONIC) - t0;
    int passes = one > 0 ? (int)(seconds / one) + 1 : 1;
    double wall[MAX_RUNS], cpu[MAX_RUNS];
    for (int r = 0; r < runs; r++) {
        double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
        for (int p = 0; p < passes; p++)
            tag_all(t, &c, tags);
        wall[r] = (now(CLOCK_MONOTONIC) - w0) / passes;
        cpu[r] = (now(CLOCK_THREAD_CPUTIME_ID) - c0) / passes;
    }
    double mw = median(wall, runs), mc = median(cpu, runs);
    printf("speed (median of %d runs of %d passes, one thread): "
           "%.2f M tokens/s, %.0f sentences/s by the wall clock; "
           "%.2f M tokens/s, %.0f sentences/s by CPU time\n",
           runs, passes, c.n_toks / mw / 1e6, c.n_sents / mw,
           c.n_toks / mc / 1e6, c.n_sents / mc);
    printf("tsv\t%s\t%zu\t%zu\t%.0f\t%.0f\t%.0f\t%.0f\t%.2f\n", mode, c.n_sents,
           c.n_toks, c.n_toks / mw, c.n_sents / mw, c.n_toks / mc,
           c.n_sents / mc, 1e3 * median(load, runs));
    hr_tagger_free(t);
    free(tags);
    return 0;
}
