/* run.c - the CLI's side of `herald run`: one document through code,
 * resolve and store, and the progress line on a terminal. */
#include "cli.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool run_doc(hr_store *s, const hr_document *d, hr_coder *c, hr_resolver *r, hr_splitter *sp,
             uint64_t *n_mentions, uint64_t *n_known, uint64_t *n_sentences, stage_times *t)
{
    hr_error err;
    char msg[2048];
    bool known;
    double t0 = cpu_now();
    if (hr_store_known(s, d, &known, &err) != HR_OK)
        goto fail;
    if (known) {
        /* the same text under another URL, in this run or an earlier one:
         * the URL was added, the text is not coded again */
        (*n_known)++;
        t->store += cpu_now() - t0;
        return true;
    }
    hr_mention *m;
    double t1 = cpu_now();
    size_t n = hr_code_document(c, d, sp, &m);
    double t2 = cpu_now();
    hr_doc_info info;
    if (hr_resolve_document(r, d, sp, m, n, &info, &err) != HR_OK)
        goto fail;
    double t3 = cpu_now();
    if (hr_store_add(s, d, &info, m, n, &err) != HR_OK)
        goto fail;
    double t4 = cpu_now();
    t->store += (t1 - t0) + (t4 - t3);
    t->code += t2 - t1;
    t->resolve += t3 - t2;
    *n_mentions += n;
    *n_sentences += info.sentences;
    return true;
fail:
    fprintf(stderr, "\nherald: %s\n", hr_error_format(&err, msg, sizeof msg));
    return false;
}

/* ---- progress ---------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Bytes below a path (files and directories, as ingest walks them; depth
 * bounded so that a loop cannot keep it going). */
static uint64_t size_of(const char *path, int depth)
{
    struct stat st;
    if (depth > 32 || stat(path, &st) != 0)
        return 0;
    if (S_ISREG(st.st_mode))
        return (uint64_t)st.st_size;
    if (!S_ISDIR(st.st_mode))
        return 0;
    DIR *dir = opendir(path);
    if (!dir)
        return 0;
    uint64_t total = 0;
    struct dirent *e;
    char sub[4096];
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        total += size_of(sub, depth + 1);
    }
    closedir(dir);
    return total;
}

void progress_start(progress *p, bool want, int nin, char **inputs)
{
    memset(p, 0, sizeof *p);
    p->on = want && isatty(STDERR_FILENO);
    if (!p->on)
        return;
    for (int i = 0; i < nin; i++) {
        if (!strcmp(inputs[i], "-")) {
            p->total = 0;          /* standard input: no total, no ETA */
            break;
        }
        p->total += size_of(inputs[i], 0);
    }
    p->t0 = p->last = now();
}

void progress_update(progress *p, uint64_t docs, uint64_t bytes, uint64_t raw)
{
    if (!p->on)
        return;
    double t = now();
    if (t - p->last < 0.25)
        return;
    p->last = t;
    double mb = (double)bytes / 1e6, rate = mb / (t - p->t0 > 0 ? t - p->t0 : 1);
    char eta[32] = "";
    /* the time left from the bytes read as stored (compressed inputs read
     * fewer than they give), against their size */
    uint64_t done = raw ? raw : bytes;
    double raw_rate = ((double)done / 1e6) / (t - p->t0 > 0 ? t - p->t0 : 1);
    if (p->total && done < p->total && raw_rate > 0) {
        double left = ((double)(p->total - done) / 1e6) / raw_rate;
        snprintf(eta, sizeof eta, ", ETA %dm%02ds", (int)left / 60, (int)left % 60);
    }
    fprintf(stderr, "\rherald: %llu documents, %.1f MB, %.1f MB/s%s   ",
            (unsigned long long)docs, mb, rate, eta);
    fflush(stderr);
    p->shown = true;
}

void progress_clear(progress *p)
{
    if (p->on && p->shown) {
        fputs("\r\033[K", stderr);
        p->shown = false;
    }
}
