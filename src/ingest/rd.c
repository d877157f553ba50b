/* rd.c - buffered reading over a stream: lines (JSON Lines), blocks (WARC
 * records) and whole inputs (text, HTML). Memory stays bounded by the
 * largest line or record allowed, whatever the input size: an over-long
 * line is consumed in pieces and reported, never held. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define RD_CHUNK ((size_t)256 << 10)

void hr_rd_init(hr_rd *r, hr_stream *s)
{
    memset(r, 0, sizeof *r);
    r->s = s;
}

void hr_rd_reset(hr_rd *r, hr_stream *s)
{
    char *buf = r->buf;
    size_t cap = r->cap;
    memset(r, 0, sizeof *r);
    r->s = s;
    r->buf = buf;
    r->cap = cap;
}

void hr_rd_free(hr_rd *r)
{
    free(r->buf);
    r->buf = NULL;
    r->cap = r->start = r->end = 0;
}

static bool ensure_cap(hr_rd *r, size_t need)
{
    if (r->cap >= need)
        return true;
    size_t cap = r->cap ? r->cap : RD_CHUNK;
    while (cap < need)
        cap *= 2;
    char *p = realloc(r->buf, cap + 1);   /* +1: room for a NUL */
    if (!p)
        return false;
    r->buf = p;
    r->cap = cap;
    return true;
}

/* Reads once more into the buffer. Returns HR_OK (r->eof set at the end)
 * or a stream error. */
static hr_status read_more(hr_rd *r, hr_error *err)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    if (!ensure_cap(r, r->end + RD_CHUNK / 4))
        return hr_error_set(err, HR_ERR_NOMEM, hr_stream_name(r->s), NULL, 0,
                            r->pos, "out of memory");
    ptrdiff_t got = hr_stream_read(r->s, r->buf + r->end, r->cap - r->end, err);
    if (got < 0) {
        r->broken = true;
        if (err) {
            /* The stream knows compressed offsets; the caller's unit is
             * the decompressed input. Keep both. */
            size_t m = strlen(err->msg);
            if (err->offset != UINT64_MAX && m + 40 < sizeof err->msg)
                snprintf(err->msg + m, sizeof err->msg - m, " (compressed byte %llu)",
                         (unsigned long long)err->offset);
            err->offset = r->pos + (r->end - r->start);
        }
        return err ? err->code : HR_ERR_IO;
    }
    if (got == 0)
        r->eof = true;
    r->end += (size_t)got;
    return HR_OK;
}

hr_status hr_rd_fill(hr_rd *r, size_t want, hr_error *err)
{
    while (r->end - r->start < want && !r->eof) {
        if (!ensure_cap(r, want))
            return hr_error_set(err, HR_ERR_NOMEM, hr_stream_name(r->s), NULL,
                                0, r->pos, "out of memory");
        hr_status st = read_more(r, err);
        if (st != HR_OK)
            return st;
    }
    return HR_OK;
}

static void consume(hr_rd *r, size_t n)
{
    r->start += n;
    r->pos += n;
}

hr_status hr_rd_line(hr_rd *r, size_t max, const char **line, size_t *len,
                     hr_error *err)
{
    size_t scanned = 0;
    *line = NULL;
    *len = 0;
    if (!ensure_cap(r, RD_CHUNK))
        return hr_error_set(err, HR_ERR_NOMEM, hr_stream_name(r->s), NULL, 0,
                            r->pos, "out of memory");
    for (;;) {
        char *base = r->buf + r->start;
        size_t have = r->end - r->start;
        char *nl = have > scanned ? memchr(base + scanned, '\n', have - scanned) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - base);
            consume(r, n + 1);
            if (n > max)
                return HR_ERR_TOO_BIG;
            if (n && base[n - 1] == '\r')
                n--;
            base[n] = '\0';
            *line = base;
            *len = n;
            return HR_OK;
        }
        scanned = have;
        if (have > max) {
            /* Over the limit: drop what we have and everything up to the
             * next newline, a buffer at a time. */
            for (;;) {
                consume(r, r->end - r->start);
                if (r->eof)
                    return HR_ERR_TOO_BIG;
                hr_status st = read_more(r, err);
                if (st != HR_OK)
                    return st;
                char *p = memchr(r->buf + r->start, '\n', r->end - r->start);
                if (p) {
                    consume(r, (size_t)(p - (r->buf + r->start)) + 1);
                    return HR_ERR_TOO_BIG;
                }
            }
        }
        if (r->eof) {
            if (have == 0)
                return HR_END;
            consume(r, have);
            size_t n = have;
            if (base[n - 1] == '\r')
                n--;
            base[n] = '\0';
            *line = base;
            *len = n;
            return HR_OK;
        }
        hr_status st = read_more(r, err);
        if (st != HR_OK) {
            /* The bytes before the break do not continue after it. */
            consume(r, r->end - r->start);
            return st;
        }
    }
}

hr_status hr_rd_block(hr_rd *r, size_t n, const char **data, hr_error *err)
{
    *data = NULL;
    hr_status st = hr_rd_fill(r, n, err);
    if (st != HR_OK) {
        consume(r, r->end - r->start);
        return st;
    }
    if (r->end - r->start < n) {
        consume(r, r->end - r->start);
        return HR_ERR_TRUNCATED;
    }
    *data = r->buf + r->start;
    consume(r, n);
    return HR_OK;
}

hr_status hr_rd_all(hr_rd *r, size_t max, const char **data, size_t *len,
                    hr_error *err)
{
    *data = NULL;
    *len = 0;
    while (!r->eof) {
        if (r->end - r->start > max)
            break;
        hr_status st = read_more(r, err);
        if (st != HR_OK) {
            consume(r, r->end - r->start);
            return st;
        }
    }
    if (r->end - r->start > max) {
        hr_status st = hr_rd_skip(r, UINT64_MAX, err);
        return st == HR_OK ? HR_ERR_TOO_BIG : st;
    }
    size_t n = r->end - r->start;
    if (!ensure_cap(r, r->end + 1))
        return hr_error_set(err, HR_ERR_NOMEM, hr_stream_name(r->s), NULL, 0,
                            r->pos, "out of memory");
    r->buf[r->end] = '\0';
    *data = r->buf + r->start;
    *len = n;
    consume(r, n);
    return HR_OK;
}

hr_status hr_rd_skip(hr_rd *r, uint64_t n, hr_error *err)
{
    bool to_end = n == UINT64_MAX;   /* skip everything that is left */
    for (;;) {
        size_t have = r->end - r->start;
        if (!to_end && (uint64_t)have >= n) {
            consume(r, (size_t)n);
            return HR_OK;
        }
        consume(r, have);
        n -= have;
        if (r->eof)
            return to_end || n == 0 ? HR_OK : HR_ERR_TRUNCATED;
        hr_status st = read_more(r, err);
        if (st != HR_OK)
            return st;
    }
}
