/*
 * html-parser-speed.c - how fast Herald's HTML reader runs beside the
 * ceiling set by libxml2's HTML parser itself.
 *
 * Each HTML file given (plain or gzip) is loaded into memory, then parsed
 * ITER times per run, RUNS runs per mode, on one core; the median run is
 * reported in MB/s of HTML (10^6 bytes, decompressed), by the wall clock
 * and by the thread's CPU time (steadier on a shared machine). Modes:
 *   sax-empty   libxml2 HTML parser, SAX, callbacks that do nothing, same
 *               options and set-up as html.c: the parser's own ceiling
 *   dom         libxml2 htmlReadMemory + xmlFreeDoc: what a tree costs
 *   herald      hr_docb_begin + hr_html_to_doc (the HTML reader)
 *   herald+fin  the same plus hr_docb_finish (text metadata, document id)
 *
 * -m MODE runs one mode only (for profiling).
 *
 * Build and run (from the top of the repository, after `make`):
 *   cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc \
 *      $(pkg-config --cflags libxml-2.0) bench/html-parser-speed.c \
 *      build/libherald.a $(pkg-config --libs libxml-2.0 libcjson libzstd \
 *      zlib libxxhash libutf8proc) -lm -o build/html-parser-speed
 *   ./build/html-parser-speed -n 3 -r 5 ../shared/corpora/html-eval/html/\*.html.gz
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <zlib.h>

#define OPTIONS                                                             \
    (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |       \
     HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC)

typedef struct page {
    char *data;
    size_t len;
} page;

static char *load(const char *path, size_t *len)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    int r;
    while (buf && (r = gzread(f, buf + n, (unsigned)(cap - n))) > 0) {
        n += (size_t)r;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    gzclose(f);
    *len = n;
    return buf;
}

static void nop_start(void *u, const xmlChar *n, const xmlChar **a)
{
    (void)u; (void)n; (void)a;
}
static void nop_end(void *u, const xmlChar *n)
{
    (void)u; (void)n;
}
static void nop_text(void *u, const xmlChar *s, int n)
{
    (void)u; (void)s; (void)n;
}
static void nop_error(void *u, xmlErrorPtr e)
{
    (void)u; (void)e;
}

static size_t sink;   /* keeps results observable */

static void run_sax(const page *p)
{
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(p->data, (int)p->len);
    if (!ctxt)
        return;
    xmlSAXHandler *sax = ctxt->sax;
    memset(sax, 0, sizeof *sax);
    sax->startElement = nop_start;
    sax->endElement = nop_end;
    sax->characters = nop_text;
    sax->ignorableWhitespace = nop_text;
    sax->cdataBlock = nop_text;
    sax->initialized = XML_SAX2_MAGIC;
    sax->serror = nop_error;
    ctxt->userData = NULL;
    xmlCharEncodingHandlerPtr utf8 = xmlFindCharEncodingHandler("UTF-8");
    if (utf8)
        xmlSwitchToEncoding(ctxt, utf8);
    htmlCtxtUseOptions(ctxt, OPTIONS);
    htmlParseDocument(ctxt);
    sink += (size_t)ctxt->wellFormed;
    htmlFreeParserCtxt(ctxt);
}

static void run_dom(const page *p)
{
    htmlDocPtr doc = htmlReadMemory(p->data, (int)p->len, NULL, NULL, OPTIONS);
    if (doc) {
        sink += doc->children != NULL;
        xmlFreeDoc(doc);
    }
}

static hr_docb g_b;

static void run_herald(const page *p)
{
    hr_error err;
    hr_docb_begin(&g_b, "bench", 0, HR_FMT_HTML);
    hr_html_to_doc(&g_b, p->data, p->len, NULL, NULL, &err);
    sink += g_b.n_paras;
}

static void run_herald_finish(const page *p)
{
    run_herald(p);
    sink += hr_docb_finish(&g_b)->n_paragraphs;
}

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

int main(int argc, char **argv)
{
    int iters = 3, runs = 5, opt;
    const char *only = NULL;
    while ((opt = getopt(argc, argv, "n:r:m:")) != -1) {
        if (opt == 'n')
            iters = atoi(optarg);
        else if (opt == 'r')
            runs = atoi(optarg);
        else if (opt == 'm')
            only = optarg;
        else
            goto usage;
    }
    if (optind >= argc || iters < 1 || runs < 1 || runs > 99)
        goto usage;

    size_t n_pages = (size_t)(argc - optind), total = 0;
    page *pages = calloc(n_pages, sizeof *pages);
    for (size_t i = 0; i < n_pages; i++) {
        pages[i].data = load(argv[optind + (int)i], &pages[i].len);
        if (!pages[i].data || pages[i].len == 0 || pages[i].len > INT32_MAX) {
            fprintf(stderr, "html-parser-speed: cannot read %s\n", argv[optind + (int)i]);
            return 1;
        }
        total += pages[i].len;
    }
    xmlInitParser();
    static hr_ingest_options o;
    if (!hr_docb_init(&g_b, &o))
        return 1;

    static const struct {
        const char *name;
        void (*fn)(const page *);
    } modes[] = {
        {"sax-empty", run_sax},
        {"dom", run_dom},
        {"herald", run_herald},
        {"herald+fin", run_herald_finish},
    };
    printf("%zu pages, %.1f MB of HTML, %d iterations per run, %d runs; "
           "medians\n", n_pages, (double)total / 1e6, iters, runs);
    /* Runs of the modes are interleaved, so that a burst of load on the
     * machine falls on all of them alike. */
    enum { N_MODES = sizeof modes / sizeof modes[0] };
    double rate[N_MODES][99], cpu[N_MODES][99];
    for (int r = 0; r < runs; r++) {
        for (size_t m = 0; m < N_MODES; m++) {
            if (only && strcmp(only, modes[m].name) != 0)
                continue;
            double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
            for (int it = 0; it < iters; it++)
                for (size_t i = 0; i < n_pages; i++)
                    modes[m].fn(&pages[i]);
            double dt = now(CLOCK_MONOTONIC) - t0;
            double dc = now(CLOCK_THREAD_CPUTIME_ID) - c0;
            rate[m][r] = (double)total * iters / dt / 1e6;
            cpu[m][r] = (double)total * iters / dc / 1e6;
        }
    }
    printf("%-11s %10s %10s   %s\n", "mode", "wall MB/s", "cpu MB/s",
           "(cpu MB/s of each run)");
    for (size_t m = 0; m < N_MODES; m++) {
        if (only && strcmp(only, modes[m].name) != 0)
            continue;
        double sorted[99];
        memcpy(sorted, rate[m], (size_t)runs * sizeof sorted[0]);
        qsort(sorted, (size_t)runs, sizeof sorted[0], cmp_double);
        double wall = sorted[runs / 2];
        printf("%-11s %10.1f", modes[m].name, wall);
        memcpy(sorted, cpu[m], (size_t)runs * sizeof sorted[0]);
        qsort(sorted, (size_t)runs, sizeof sorted[0], cmp_double);
        printf(" %10.1f   (", sorted[runs / 2]);
        for (int r = 0; r < runs; r++)
            printf("%s%.1f", r ? " " : "", cpu[m][r]);
        printf(")\n");
    }
    hr_docb_free(&g_b);
    for (size_t i = 0; i < n_pages; i++)
        free(pages[i].data);
    free(pages);
    return sink == (size_t)-1;

usage:
    fprintf(stderr, "usage: html-parser-speed [-n ITER] [-r RUNS] [-m MODE] FILE...\n");
    return 2;
}
