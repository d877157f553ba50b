/*
 * aggregate-speed.c - how fast the aggregate stage turns mentions into
 * events, and what it holds per million mentions.
 *
 *   aggregate-speed [-n MENTIONS] [-s SEED] [--no-text]
 *
 * Makes MENTIONS synthetic resolved mentions (default 1,000,000), ten per
 * document, drawn with a fixed pseudo-random sequence so that every run
 * sees the same input: source and target among 60 actor codes over 40
 * countries and a CAMEO code among 40, both skewed towards the first
 * (the draw is uniform below a uniform bound), a day among 400 (a fifth of them
 * dated only by a month, a twentieth with no year), a place among 30 or
 * none, a 150-byte sentence, 12% claims, 6% repeats (duplicate
 * paragraphs), outlets among 200. Then, timed by the wall clock
 * (CLOCK_MONOTONIC) and by the process's CPU time: hr_aggregate_add of
 * every document, then one hr_aggregate_events.
 * Prints one line of key=value pairs: mentions, events, add_s, events_s,
 * total_s, mentions_per_s (by CPU time), rss_mib (VmHWM) and
 * bytes_per_mention ((VmHWM - VmRSS before adding) / mentions).
 * One process per measurement: bench/aggregate.sh runs it several times
 * and takes medians.
 */
#include "herald.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng = 88172645463325252ull;

static uint32_t next(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

/* Skewed towards small values, as news is towards a few actors and acts. */
static uint32_t skewed(uint32_t n)
{
    return next(next(n) + 1);
}

static double now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long status_kib(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long v = -1;
    size_t n = strlen(key);
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, key, n) && line[n] == ':') {
            v = strtol(line + n + 1, NULL, 10);
            break;
        }
    fclose(f);
    return v;
}

int main(int argc, char **argv)
{
    size_t total = 1000000;
    bool no_text = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            total = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc)
            rng = strtoull(argv[++i], NULL, 10) | 1;
        else if (!strcmp(argv[i], "--no-text"))
            no_text = true;
        else {
            fprintf(stderr, "usage: aggregate-speed [-n MENTIONS] [-s SEED] [--no-text]\n");
            return 2;
        }
    }
    enum { PER_DOC = 10, ACTORS = 60, CODES = 40, PLACES = 30, OUTLETS = 200 };
    static const char *const roles[] = {"", "GOV", "MIL", "REB", "OPP", "MED"};
    char actors[ACTORS][8];
    for (int i = 0; i < ACTORS; i++)
        snprintf(actors[i], sizeof actors[i], "%c%c%c%s", 'A' + i % 40 / 26 * 3 + i % 5,
                 'A' + (i % 40) % 26, 'A' + (i * 7) % 26, roles[i % 6]);
    static const char *const codes[CODES] = {
        "010", "012", "013", "016", "020", "0233", "030", "036", "040", "042", "043", "046",
        "051", "057", "061", "070", "0871", "0874", "090", "100", "111", "112", "1123",
        "120", "125", "130", "138", "140", "150", "160", "172", "180", "181", "190", "193",
        "194", "195", "200", "201", "0256"};
    hr_place places[PLACES];
    char pnames[PLACES][16];
    for (int i = 0; i < PLACES; i++) {
        snprintf(pnames[i], sizeof pnames[i], "Place%02d", i);
        memset(&places[i], 0, sizeof places[i]);
        places[i].name = pnames[i];
        snprintf(places[i].country, sizeof places[i].country, "%s", actors[i]);
    }
    char outlets[OUTLETS][24], urls[OUTLETS][48];
    for (int i = 0; i < OUTLETS; i++) {
        snprintf(outlets[i], sizeof outlets[i], "Outlet %d", i);
        snprintf(urls[i], sizeof urls[i], "https://outlet%d.example/news", i);
    }
    char text[PER_DOC * 152];
    for (size_t i = 0; i < sizeof text - 1; i++)
        text[i] = i % 152 == 151 ? ' ' : (char)('a' + i % 23);
    text[sizeof text - 1] = '\0';
    hr_paragraph para = {0};
    para.text = text;
    para.len = strlen(text);
    hr_mention m[PER_DOC];

    hr_aggregator *a = hr_aggregator_new(no_text ? HR_AGG_NO_TEXT : 0, NULL);
    if (!a)
        return 1;
    long rss0 = status_kib("VmRSS");
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    size_t docs = (total + PER_DOC - 1) / PER_DOC;
    for (size_t d = 0; d < docs; d++) {
        hr_document doc;
        memset(&doc, 0, sizeof doc);
        snprintf(doc.id, sizeof doc.id, "%016zx", d * 2654435761u);
        int o = (int)next(OUTLETS);
        doc.outlet = outlets[o];
        doc.url = urls[o];
        doc.title = "A title";
        doc.date.year = 2020;
        doc.date.month = (int8_t)(1 + next(12));
        doc.date.day = (int8_t)(1 + next(28));
        doc.paragraphs = &para;
        doc.n_paragraphs = 1;
        hr_doc_info info = {0};
        info.date = doc.date;
        info.tone.words = 500;
        info.tone.positive = next(20);
        info.tone.negative = next(30);
        size_t k = total - d * PER_DOC < PER_DOC ? total - d * PER_DOC : PER_DOC;
        for (size_t i = 0; i < k; i++) {
            hr_mention *x = &m[i];
            memset(x, 0, sizeof *x);
            x->para = 0;
            x->sentence = (uint32_t)i;
            x->sentence_span.start = (uint32_t)(i * 152);
            x->sentence_span.end = (uint32_t)(i * 152 + 150);
            x->source = (hr_span){x->sentence_span.start, x->sentence_span.start + 8};
            x->target = (hr_span){x->sentence_span.start + 20, x->sentence_span.start + 28};
            x->verb = (hr_span){x->sentence_span.start + 10, x->sentence_span.start + 18};
            int s = (int)skewed(ACTORS), t = (int)skewed(ACTORS);
            snprintf(x->source_code, sizeof x->source_code, "%s", actors[s]);
            snprintf(x->target_code, sizeof x->target_code, "%s", actors[t]);
            const char *c = codes[skewed(CODES)];
            snprintf(x->code, sizeof x->code, "%s", c);
            memcpy(x->root, c, 2);
            x->quad = 1 + (int)next(4);
            x->goldstein = (double)next(20) - 10;
            int day = (int)next(400), kind = (int)next(20);
            x->when.from.year = x->when.to.year = (int16_t)(kind == 0 ? 0 : 2020 + day / 366);
            x->when.from.month = x->when.to.month = (int8_t)(1 + day % 366 / 31 % 12);
            x->when.from.day = x->when.to.day = (int8_t)(kind < 4 ? 0 : 1 + day % 28);
            x->when.precision = kind < 4 && kind > 0 ? HR_PREC_MONTH : HR_PREC_DAY;
            if (kind == 0)
                x->when.from.day = x->when.to.day = (int8_t)(1 + day % 28);
            x->when.how = kind < 10 ? "absolute" : "document";
            if (next(3) == 0)
                x->place = &places[next(PLACES)];
            if (next(100) < 12)
                snprintf(x->claim_by, sizeof x->claim_by, "%s", actors[t]);
            if (next(100) < 6)
                x->flags |= HR_EV_REPEAT;
            if (next(100) < 5) {
                x->n_via = 1;
                x->via[0] = (hr_span){x->sentence_span.start + 30, x->sentence_span.start + 42};
            }
        }
        if (hr_aggregate_add(a, &doc, &info, m, k, NULL) != HR_OK) {
            fprintf(stderr, "aggregate-speed: out of memory\n");
            return 1;
        }
    }
    double w1 = now(CLOCK_MONOTONIC);
    const hr_event *ev;
    size_t n = hr_aggregate_events(a, &ev);
    double w2 = now(CLOCK_MONOTONIC), c2 = now(CLOCK_PROCESS_CPUTIME_ID);
    long hwm = status_kib("VmHWM");
    /* a checksum so the work cannot be optimized away, and a sanity figure */
    uint64_t mentions = 0;
    for (size_t i = 0; i < n; i++)
        mentions += ev[i].mentions + ev[i].repeats;
    if (mentions != total) {
        fprintf(stderr, "aggregate-speed: events hold %llu mentions, not %zu\n",
                (unsigned long long)mentions, total);
        return 1;
    }
    printf("mentions=%zu events=%zu text=%s add_s=%.3f events_s=%.3f total_s=%.3f "
           "cpu_s=%.3f mentions_per_s=%.0f rss_mib=%.1f bytes_per_mention=%.0f\n",
           total, n, no_text ? "no" : "yes", w1 - w0, w2 - w1, w2 - w0, c2 - c0,
           (double)total / (c2 - c0), (double)hwm / 1024.0,
           (double)(hwm - rss0) * 1024.0 / (double)total);
    hr_aggregator_free(a);
    return 0;
}
