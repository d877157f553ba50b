/* ingest.c - inputs to documents: walks files and directories, tells each
 * input's format, and drives the reader for it, one document per call.
 * An input that cannot be read, or a record that is broken, is reported
 * through the error and skipped; the next call goes on with the rest. */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct input {
    char *path;            /* owned */
    const void *data;      /* in-memory input, or NULL */
    size_t len;
} input;

struct hr_ingest {
    hr_ingest_options opt;
    input *roots;          /* queued by the caller, in order */
    size_t n_roots, cap_roots, next_root;
    input *stack;          /* directory entries still to read, last first */
    size_t n_stack, cap_stack;
    struct { dev_t dev; ino_t ino; } *dirs;   /* directories already walked */
    size_t n_dirs, cap_dirs;

    /* the input being read */
    hr_stream *s;
    hr_rd rd;
    hr_format fmt;
    char *name;
    uint64_t line;
    hr_warc_state warc;
    bool has_pending;      /* a stream error met while opening, to report */
    hr_error pending;
    bool json_whole;       /* a .json file that is one JSON value */
    bool input_done;       /* nothing more to take from this input */
    hr_json_items items;

    hr_docb b;
    hr_ingest_stats stats;
};

hr_ingest *hr_ingest_new(const hr_ingest_options *opt)
{
    hr_ingest *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    if (opt)
        in->opt = *opt;
    if (!in->opt.max_record)
        in->opt.max_record = HR_DEFAULT_MAX_RECORD;
    if (!hr_docb_init(&in->b, &in->opt)) {
        free(in);
        return NULL;
    }
    return in;
}

static void close_input(hr_ingest *in)
{
    hr_json_items_close(&in->items);
    if (in->s) {
        in->stats.bytes += in->rd.pos;
        in->stats.raw_bytes += hr_stream_raw_bytes(in->s);
        hr_stream_close(in->s);
        in->s = NULL;
    }
    free(in->name);
    in->name = NULL;
}

void hr_ingest_free(hr_ingest *in)
{
    if (!in)
        return;
    close_input(in);
    hr_rd_free(&in->rd);
    for (size_t i = 0; i < in->n_roots; i++)
        free(in->roots[i].path);
    for (size_t i = 0; i < in->n_stack; i++)
        free(in->stack[i].path);
    free(in->roots);
    free(in->stack);
    free(in->dirs);
    hr_docb_free(&in->b);
    free(in);
}

static bool push(input **v, size_t *n, size_t *cap, input x)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 16;
        input *nv = realloc(*v, c * sizeof *nv);
        if (!nv)
            return false;
        *v = nv;
        *cap = c;
    }
    (*v)[(*n)++] = x;
    return true;
}

hr_status hr_ingest_add_path(hr_ingest *in, const char *path)
{
    if (!path || !*path)
        return HR_ERR_ARG;
    input x = {strdup(path), NULL, 0};
    if (!x.path || !push(&in->roots, &in->n_roots, &in->cap_roots, x)) {
        free(x.path);
        return HR_ERR_NOMEM;
    }
    return HR_OK;
}

hr_status hr_ingest_add_buffer(hr_ingest *in, const char *name,
                               const void *data, size_t len)
{
    if (!data && len)
        return HR_ERR_ARG;
    input x = {strdup(name ? name : "(buffer)"), data ? data : "", len};
    if (!x.path || !push(&in->roots, &in->n_roots, &in->cap_roots, x)) {
        free(x.path);
        return HR_ERR_NOMEM;
    }
    return HR_OK;
}

void hr_ingest_get_stats(const hr_ingest *in, hr_ingest_stats *out)
{
    *out = in->stats;
    if (in->s) {
        out->bytes += in->rd.pos;
        out->raw_bytes += hr_stream_raw_bytes(in->s);
    }
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Seen this directory before? A symlink loop (or the same tree named
 * twice) would otherwise be walked forever. */
static bool dir_seen(hr_ingest *in, const struct stat *st)
{
    for (size_t i = 0; i < in->n_dirs; i++)
        if (in->dirs[i].dev == st->st_dev && in->dirs[i].ino == st->st_ino)
            return true;
    if (in->n_dirs == in->cap_dirs) {
        size_t c = in->cap_dirs ? 2 * in->cap_dirs : 16;
        void *nd = realloc(in->dirs, c * sizeof *in->dirs);
        if (!nd)
            return false;
        in->dirs = nd;
        in->cap_dirs = c;
    }
    in->dirs[in->n_dirs].dev = st->st_dev;
    in->dirs[in->n_dirs].ino = st->st_ino;
    in->n_dirs++;
    return false;
}

/* Pushes a directory's entries, sorted by name, so they pop in order.
 * Hidden entries (".name") are left out. */
static hr_status expand_dir(hr_ingest *in, const char *path, hr_error *err)
{
    DIR *d = opendir(path);
    if (!d)
        return hr_error_set(err, HR_ERR_IO, path, NULL, 0, UINT64_MAX,
                            "cannot read directory: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    hr_status st = HR_OK;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                st = HR_ERR_NOMEM;
                break;
            }
            names = nn;
        }
        size_t plen = strlen(path);
        bool slash = plen && path[plen - 1] == '/';
        size_t len = plen + !slash + strlen(e->d_name) + 1;
        names[n] = malloc(len);
        if (!names[n]) {
            st = HR_ERR_NOMEM;
            break;
        }
        snprintf(names[n], len, "%s%s%s", path, slash ? "" : "/", e->d_name);
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = n; i-- > 0;) {
        input x = {names[i], NULL, 0};
        if (st != HR_OK || !push(&in->stack, &in->n_stack, &in->cap_stack, x)) {
            free(names[i]);
            st = HR_ERR_NOMEM;
        }
    }
    free(names);
    if (st != HR_OK)
        return hr_error_set(err, st, path, NULL, 0, UINT64_MAX, "out of memory");
    return HR_OK;
}

/* JSON Lines has one object per line; a file that opens an array, or
 * whose first line is a lone "{", is one pretty-printed value. (A broken
 * first line of JSON Lines must not turn the whole file into one value.) */
static bool is_whole_json(const char *head, size_t len)
{
    size_t i = len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' ||
                       head[i] == '\n'))
        i++;
    if (i < len && head[i] == '[')
        return true;
    if (i >= len || head[i] != '{')
        return false;
    i++;
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r'))
        i++;
    return i < len && head[i] == '\n';
}

/* Opens the next input that is a file or buffer. HR_END when none is left. */
static hr_status open_next(hr_ingest *in, hr_error *err)
{
    for (;;) {
        input x;
        if (in->n_stack) {
            x = in->stack[--in->n_stack];
        } else if (in->next_root < in->n_roots) {
            input *r = &in->roots[in->next_root++];
            x = *r;
            x.path = strdup(r->path);
            if (!x.path)
                return hr_error_set(err, HR_ERR_NOMEM, r->path, NULL, 0,
                                    UINT64_MAX, "out of memory");
        } else {
            return HR_END;
        }
        in->stats.inputs++;
        if (!x.data && strcmp(x.path, "-") != 0) {
            struct stat st;
            if (stat(x.path, &st) != 0) {
                hr_error_set(err, HR_ERR_IO, x.path, NULL, 0, UINT64_MAX,
                             "cannot open: %s", strerror(errno));
                free(x.path);
                return HR_ERR_IO;
            }
            if (S_ISDIR(st.st_mode)) {
                in->stats.inputs--;
                hr_status s;
                if (dir_seen(in, &st))
                    s = hr_error_set(err, HR_ERR_FORMAT, x.path, NULL, 0, UINT64_MAX,
                                     "directory already read (a symlink loop?): skipped");
                else
                    s = expand_dir(in, x.path, err);
                free(x.path);
                if (s != HR_OK)
                    return s;
                continue;
            }
            if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode)) {
                hr_error_set(err, HR_ERR_UNSUPPORTED, x.path, NULL, 0, UINT64_MAX,
                             "not a regular file: skipped");
                free(x.path);
                return HR_ERR_UNSUPPORTED;
            }
        }
        in->s = x.data ? hr_stream_open_mem(x.path, x.data, x.len, err)
                       : hr_stream_open_file(x.path, err);
        in->name = x.path;
        if (!in->s) {
            close_input(in);
            return err ? err->code : HR_ERR_IO;
        }
        hr_rd_reset(&in->rd, in->s);   /* the buffer serves every input */
        in->line = 0;
        in->json_whole = false;
        in->input_done = false;
        memset(&in->warc, 0, sizeof in->warc);

        /* A corrupt or cut compressed member in the first bytes costs that
         * member, not the input: report it, then read on. */
        hr_status st = hr_rd_fill(&in->rd, 4096, err);
        for (int tries = 0; (st == HR_ERR_CORRUPT || st == HR_ERR_TRUNCATED) &&
                            tries < 1000; tries++) {
            if (!in->has_pending && err) {
                in->pending = *err;
                in->has_pending = true;
            }
            st = hr_rd_fill(&in->rd, 4096, err);
        }
        if (st == HR_ERR_CORRUPT || st == HR_ERR_TRUNCATED)
            st = HR_OK;   /* give up looking ahead; read what came */
        if (st != HR_OK) {
            in->has_pending = false;
            close_input(in);
            return st;
        }
        if (in->has_pending && in->rd.end == in->rd.start) {
            /* nothing readable at all: the stream error is the news */
            in->has_pending = false;
            if (err)
                *err = in->pending;
            close_input(in);
            return in->pending.code;
        }
        const char *head = in->rd.buf ? in->rd.buf + in->rd.start : "";
        size_t hlen = in->rd.end - in->rd.start;
        if (hlen == 0) {
            hr_error_set(err, HR_ERR_FORMAT, in->name, NULL, 0, UINT64_MAX,
                         "empty input: no document");
            close_input(in);
            return HR_ERR_FORMAT;
        }
        in->fmt = in->opt.format ? in->opt.format
                                 : hr_detect_format(in->name, head, hlen);
        if (in->fmt == HR_FMT_UNKNOWN) {
            hr_error_set(err, HR_ERR_UNSUPPORTED, in->name, NULL, 0, UINT64_MAX,
                         "binary data or an unknown format: skipped");
            close_input(in);
            return HR_ERR_UNSUPPORTED;
        }
        if (in->fmt == HR_FMT_JSONL)
            in->json_whole = is_whole_json(head, hlen);
        return HR_OK;
    }
}

static bool ends_sentence(const char *s, size_t n)
{
    return n && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?');
}

/* A plain-text article often starts with its headline: a short first
 * paragraph that is not a sentence and not a dateline. */
static void take_title(hr_docb *b)
{
    if (b->n_paras < 2)
        return;
    const hr_paragraph *p = &b->paras[0];
    hr_dateline dl;
    size_t words = 1;
    for (size_t i = 0; i < p->len; i++)
        words += p->text[i] == ' ';
    if (p->len > 250 || words < 3 || ends_sentence(p->text, p->len) ||
        hr_dateline_scan(p->text, p->len, &dl))
        return;
    b->doc.title = p->text;
    memmove(&b->paras[0], &b->paras[1], (b->n_paras - 1) * sizeof *b->paras);
    b->n_paras--;
}

static hr_status read_whole(hr_ingest *in, hr_document **doc, hr_error *err)
{
    const char *data;
    size_t len;
    hr_status st = hr_rd_all(&in->rd, in->opt.max_record, &data, &len, err);
    if (st == HR_ERR_TOO_BIG)
        hr_error_set(err, st, in->name, NULL, 0, UINT64_MAX,
                     "larger than the %zu-byte limit (--max-record): skipped",
                     in->opt.max_record);
    if (st != HR_OK)
        return st;
    hr_docb_begin(&in->b, in->name, 0, in->fmt);
    if (in->fmt == HR_FMT_HTML) {
        st = hr_html_to_doc(&in->b, data, len, NULL, NULL, err);
        if (st != HR_OK)
            return st;
    } else {
        if (!hr_docb_add_text(&in->b, data, len, 0))
            return hr_error_set(err, HR_ERR_NOMEM, in->name, NULL, 0,
                                UINT64_MAX, "out of memory");
        take_title(&in->b);
    }
    *doc = hr_docb_finish(&in->b);
    return HR_OK;
}

static hr_status read_json_item(hr_ingest *in, hr_document **doc,
                                hr_error *err)
{
    if (!in->items.root) {
        const char *data;
        size_t len;
        in->input_done = true;   /* unless it parses */
        hr_status st = hr_rd_all(&in->rd, in->opt.max_record, &data, &len, err);
        if (st == HR_ERR_TOO_BIG)
            return hr_error_set(err, st, in->name, NULL, 0, UINT64_MAX,
                                "larger than the %zu-byte limit (--max-record): skipped",
                                in->opt.max_record);
        if (st != HR_OK)
            return st;
        st = hr_json_items_open(&in->items, data, len, err);
        if (st != HR_OK) {
            if (err)
                snprintf(err->file, sizeof err->file, "%s", in->name);
            return st;
        }
        in->input_done = false;
    }
    uint64_t item = in->items.next + 1;
    hr_docb_begin(&in->b, in->name, item, HR_FMT_JSONL);
    hr_status st = hr_json_items_next(&in->items, &in->b, err);
    if (st == HR_END)
        return HR_END;
    if (st != HR_OK) {
        if (err) {
            snprintf(err->file, sizeof err->file, "%s", in->name);
            err->unit = "item";
            err->record = item;
        }
        return st;
    }
    *doc = hr_docb_finish(&in->b);
    return HR_OK;
}

/* One step of the current input: a document, HR_END when the input is
 * done, or an error for one record. */
static hr_status read_step(hr_ingest *in, hr_document **doc, hr_error *err)
{
    if (in->input_done)
        return HR_END;
    switch (in->fmt) {
    case HR_FMT_JSONL:
        if (in->json_whole)
            return read_json_item(in, doc, err);
        for (;;) {
            const char *line;
            size_t len;
            uint64_t at = in->rd.pos;
            hr_status st = hr_rd_line(&in->rd, in->opt.max_record, &line, &len, err);
            if (st == HR_END)
                return HR_END;
            in->line++;
            if (st == HR_ERR_TOO_BIG)
                return hr_error_set(err, st, in->name, "line", in->line, at,
                                    "line longer than the %zu-byte limit (--max-record): skipped",
                                    in->opt.max_record);
            if (st != HR_OK) {
                in->line--;   /* a broken stream is not a line */
                return st;
            }
            if (in->line == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
                line += 3;   /* a byte order mark */
                len -= 3;
            }
            size_t k = 0;
            while (k < len && (line[k] == ' ' || line[k] == '\t'))
                k++;
            if (k == len)
                continue;   /* blank lines are allowed between records */
            /* A one-line wrapper ({"articles": [...]}) is a whole JSON
             * value, not one article. */
            if (in->line == 1 && line[k] == '{' &&
                hr_json_items_open(&in->items, line, len, NULL) == HR_OK) {
                if (in->items.wrapper) {
                    in->json_whole = true;
                    return read_json_item(in, doc, err);
                }
                hr_json_items_close(&in->items);
            }
            hr_docb_begin(&in->b, in->name, in->line, HR_FMT_JSONL);
            st = hr_jsonl_to_doc(&in->b, line, len, err);
            if (st != HR_OK) {
                if (err) {
                    snprintf(err->file, sizeof err->file, "%s", in->name);
                    err->unit = "line";
                    err->record = in->line;
                    if (err->offset == UINT64_MAX)
                        err->offset = at;
                    else
                        err->offset += at;
                }
                return st;
            }
            *doc = hr_docb_finish(&in->b);
            return HR_OK;
        }
    case HR_FMT_WARC: {
        hr_status st = hr_warc_next(&in->rd, &in->warc, &in->b, in->name,
                                    in->opt.max_record, err);
        if (st == HR_OK)
            *doc = hr_docb_finish(&in->b);
        return st;
    }
    default: {
        if (in->rd.eof && in->rd.start == in->rd.end)
            return HR_END;
        return read_whole(in, doc, err);
    }
    }
}

hr_status hr_ingest_next(hr_ingest *in, hr_document **doc, hr_error *err)
{
    hr_error local;
    if (!err)
        err = &local;
    *doc = NULL;
    for (;;) {
        if (!in->s) {
            hr_status st = open_next(in, err);
            if (st == HR_END)
                return HR_END;
            if (st != HR_OK) {
                in->stats.skipped++;
                return st;
            }
            if (in->has_pending) {
                in->has_pending = false;
                *err = in->pending;
                in->stats.skipped++;
                return err->code;
            }
        }
        hr_status st = read_step(in, doc, err);
        if (st == HR_OK) {
            in->stats.documents++;
            in->stats.invalid_utf8 += (*doc)->invalid_utf8;
            return HR_OK;
        }
        if (st == HR_END) {
            close_input(in);
            continue;
        }
        in->stats.skipped++;
        /* A whole-file reader is done with its input after an error. */
        if (in->fmt != HR_FMT_JSONL && in->fmt != HR_FMT_WARC)
            close_input(in);
        return st;
    }
}
