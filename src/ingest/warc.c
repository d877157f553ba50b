/* warc.c - the WARC 1.0/1.1 reader. It walks the records, keeps the
 * `response` records whose HTTP payload is HTML (and `resource` records that
 * are HTML themselves), undoes the HTTP framing (chunked transfer, gzip or
 * deflate content coding) and hands the page to the HTML reader.
 *
 * Failure costs one record: every problem is one error naming the record
 * and the byte where it starts, and the next call goes on. When the record
 * framing itself cannot be trusted (a bad Content-Length, an over-long
 * header line, a break in the compressed stream) the reader resynchronizes
 * on the next line that ends in a "WARC/1.x" version token. */
#include "internal.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

#define WARC_LINE_MAX ((size_t)64 << 10)  /* one header line */
#define WARC_HEAD_MAX ((size_t)1 << 20)   /* all header lines of a record */
/* How much of a response block is looked at before buffering it whole:
 * enough for any sane HTTP head, so images and PDFs are skipped unread. */
#define HTTP_PEEK ((size_t)64 << 10)

/* ---- small string helpers ----------------------------------------------- */

static inline unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static inline bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
           c == '\v';
}

/* Case-insensitive: does s[0..n) start with the lowercase literal lit? */
static bool iprefix(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if (lower((unsigned char)s[i]) != (unsigned char)lit[i])
            return false;
    return true;
}

static bool ieq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && iprefix(s, n, lit);
}

static void trim(const char **s, size_t *n)
{
    while (*n && is_ws((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_ws((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* Copies s[0..n) as a NUL-terminated string, cut to fit. */
static void copy_str(char *dst, size_t cap, const char *s, size_t n)
{
    n = HR_MIN(n, cap - 1);
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* A printable excerpt of untrusted bytes for an error message. */
static const char *excerpt(char out[48], const char *s, size_t n)
{
    size_t k = HR_MIN(n, (size_t)40), o = 0;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)s[i];
        out[o++] = (c >= 0x20 && c < 0x7f && c != '"') ? (char)c : '?';
    }
    if (n > k) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
    return out;
}

/* Where the version token "WARC/1.<digits>" starts if the line ends with
 * it (trailing space allowed), else SIZE_MAX. A suffix rather than a whole
 * line: after a break in a compressed stream the next record's first line
 * may come glued to the broken tail of the one before. */
static size_t version_at(const char *line, size_t len)
{
    while (len && is_ws((unsigned char)line[len - 1]))
        len--;
    size_t d = len;
    while (d && line[d - 1] >= '0' && line[d - 1] <= '9')
        d--;
    if (d == len || d < 7 || memcmp(line + d - 7, "WARC/1.", 7) != 0)
        return SIZE_MAX;
    return d - 7;
}

/* ---- errors --------------------------------------------------------------- */

/* Forgets what err held so that a message a stream call leaves can be told
 * from an old one. */
static void quiet(hr_error *err)
{
    if (err) {
        err->code = HR_OK;
        err->msg[0] = '\0';
    }
}

/* An error in record `rec` starting at `off`; what the stream said, if it
 * said anything since quiet(), is kept after the reader's own words. */
static hr_status fail(hr_error *err, hr_status code, const char *file,
                      uint64_t rec, uint64_t off, const char *what)
{
    char why[sizeof err->msg];
    why[0] = '\0';
    if (err && err->code != HR_OK && err->msg[0])
        snprintf(why, sizeof why, "%s", err->msg);
    if (why[0])
        return hr_error_set(err, code, file, "record", rec, off, "%s: %s",
                            what, why);
    return hr_error_set(err, code, file, "record", rec, off, "%s", what);
}

/* ---- finding a record --------------------------------------------------- */

/* Reads up to and including the next version line. HR_OK: st->record is
 * its number and *off where it starts. */
static hr_status find_record(hr_rd *r, hr_warc_state *st, const char *file,
                             uint64_t *off, hr_error *err)
{
    for (;;) {
        uint64_t at = r->pos;
        const char *line;
        size_t len;
        quiet(err);
        hr_status s = hr_rd_line(r, WARC_LINE_MAX, &line, &len, err);
        if (s == HR_END)
            return HR_END;
        if (s == HR_ERR_TOO_BIG) {
            if (st->resync)
                continue;
            st->resync = true;
            return hr_error_set(err, HR_ERR_FORMAT, file, "record",
                                st->record + 1, at,
                                "expected a WARC record, found a line over 64 KiB");
        }
        if (s != HR_OK) {
            st->resync = true;
            return fail(err, s, file, st->record + 1, at,
                        "input broken between WARC records");
        }
        size_t v = version_at(line, len);
        if (v != SIZE_MAX) {
            st->resync = false;
            st->record++;
            *off = at + v;
            return HR_OK;
        }
        if (st->resync)
            continue;
        const char *t = line;
        size_t n = len;
        trim(&t, &n);
        if (n == 0)
            continue;   /* the blank lines that end the record before */
        st->resync = true;
        char ex[48];
        return hr_error_set(err, HR_ERR_FORMAT, file, "record", st->record + 1,
                            at,
                            "expected a WARC/1.0 or WARC/1.1 record, found \"%s\"",
                            excerpt(ex, t, n));
    }
}

/* ---- the WARC header ------------------------------------------------------ */

typedef struct warc_head {
    char type[32];        /* WARC-Type */
    char ctype[256];      /* Content-Type of the block */
    bool has_len, bad_len;
    uint64_t len;         /* Content-Length */
    char len_text[48];
} warc_head;

/* Digits only: no sign, no space inside, no overflow. */
static bool parse_length(const char *s, size_t n, uint64_t *out)
{
    if (n == 0 || n > 19)   /* 19 digits always fit in 64 bits */
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

/* One "Name: value" line. The URI and date go straight into the document
 * being begun; the rest is kept in h for the decisions to come. */
static void head_field(hr_docb *b, warc_head *h, const char *line, size_t len)
{
    if (is_ws((unsigned char)line[0]))
        return;   /* a folded continuation: none of our fields needs one */
    const char *colon = memchr(line, ':', len);
    if (!colon)
        return;   /* not a field: tolerated */
    const char *name = line, *val = colon + 1;
    size_t nn = (size_t)(colon - line), vn = len - nn - 1;
    trim(&name, &nn);
    trim(&val, &vn);
    if (ieq(name, nn, "warc-type")) {
        if (!h->type[0])
            copy_str(h->type, sizeof h->type, val, vn);
    } else if (ieq(name, nn, "content-length")) {
        if (!h->has_len) {
            h->has_len = true;
            h->bad_len = !parse_length(val, vn, &h->len);
            char ex[48];
            copy_str(h->len_text, sizeof h->len_text, excerpt(ex, val, vn),
                     strlen(ex));
        }
    } else if (ieq(name, nn, "content-type")) {
        if (!h->ctype[0])
            copy_str(h->ctype, sizeof h->ctype, val, vn);
    } else if (ieq(name, nn, "warc-target-uri")) {
        /* WARC 1.0 examples wrap the URI in <>; 1.1 does not. */
        if (vn >= 2 && val[0] == '<' && val[vn - 1] == '>') {
            val++;
            vn -= 2;
        }
        if (!b->doc.url)
            b->doc.url = hr_docb_meta(b, val, vn);
    } else if (ieq(name, nn, "warc-date")) {
        if (!b->doc.crawl_date)
            b->doc.crawl_date = hr_docb_meta(b, val, vn);
    }
}

/* Reads header lines up to the blank line that ends them. */
static hr_status read_head(hr_rd *r, hr_warc_state *st, hr_docb *b,
                           warc_head *h, const char *file, uint64_t off,
                           hr_error *err)
{
    uint64_t rec = st->record;
    size_t total = 0;
    for (;;) {
        /* A record that runs into the next one without its blank line: the
         * next record starts here, so it is left unread for the next call. */
        quiet(err);
        hr_status s = hr_rd_fill(r, 7, err);
        if (s != HR_OK) {
            st->resync = true;
            return fail(err, s, file, rec, off, "input broken inside the WARC header");
        }
        if (r->end - r->start >= 7 && memcmp(r->buf + r->start, "WARC/1.", 7) == 0)
            return hr_error_set(err, HR_ERR_FORMAT, file, "record", rec, off,
                                "WARC header has no blank line before the next record");

        const char *line;
        size_t len;
        quiet(err);
        s = hr_rd_line(r, WARC_LINE_MAX, &line, &len, err);
        if (s == HR_END)
            return hr_error_set(err, HR_ERR_TRUNCATED, file, "record", rec, off,
                                "input ends inside the WARC header");
        if (s == HR_ERR_TOO_BIG) {
            st->resync = true;
            return hr_error_set(err, HR_ERR_FORMAT, file, "record", rec, off,
                                "header line over 64 KiB");
        }
        if (s != HR_OK) {
            st->resync = true;
            return fail(err, s, file, rec, off, "input broken inside the WARC header");
        }
        const char *t = line;
        size_t n = len;
        trim(&t, &n);
        if (n == 0)
            return HR_OK;
        total += len + 2;
        if (total > WARC_HEAD_MAX) {
            st->resync = true;
            return hr_error_set(err, HR_ERR_FORMAT, file, "record", rec, off,
                                "WARC header over 1 MiB");
        }
        head_field(b, h, line, len);
    }
}

/* ---- the HTTP head of a response ----------------------------------------- */

enum { ENC_NONE, ENC_GZIP, ENC_DEFLATE, ENC_OTHER };
enum { HEAD_OK, HEAD_INCOMPLETE, HEAD_BAD };

typedef struct http_head {
    int status;
    size_t body;          /* offset of the payload in the block */
    bool has_ctype, html;
    bool chunked;
    int enc;
    char enc_name[32];
    char charset[64];
} http_head;

static bool is_html_media(const char *v, size_t n)
{
    const char *semi = memchr(v, ';', n);
    size_t m = semi ? (size_t)(semi - v) : n;
    trim(&v, &m);
    return ieq(v, m, "text/html") || ieq(v, m, "application/xhtml+xml");
}

/* The value of parameter `name` (lowercase) in a Content-Type value. */
static bool media_param(const char *v, size_t n, const char *name, char *out,
                        size_t cap)
{
    size_t k = strlen(name);
    const char *p = memchr(v, ';', n);
    while (p) {
        p++;
        size_t rest = n - (size_t)(p - v);
        while (rest && is_ws((unsigned char)*p)) {
            p++;
            rest--;
        }
        if (iprefix(p, rest, name) && rest > k) {
            const char *q = p + k;
            size_t left = rest - k;
            while (left && is_ws((unsigned char)*q)) {
                q++;
                left--;
            }
            if (left && *q == '=') {
                q++;
                left--;
                while (left && is_ws((unsigned char)*q)) {
                    q++;
                    left--;
                }
                bool quoted = left && (*q == '"' || *q == '\'');
                if (quoted) {
                    q++;
                    left--;
                }
                size_t e = 0;
                while (e < left && q[e] != ';' && q[e] != '"' && q[e] != '\'' &&
                       !(!quoted && is_ws((unsigned char)q[e])))
                    e++;
                const char *val = q;
                trim(&val, &e);
                if (e) {
                    copy_str(out, cap, val, e);
                    return true;
                }
            }
        }
        p = memchr(p, ';', n - (size_t)(p - v));
    }
    return false;
}

/* Does the comma-separated list hold the token (lowercase)? */
static bool has_token(const char *v, size_t n, const char *tok)
{
    size_t i = 0;
    while (i < n) {
        const char *c = memchr(v + i, ',', n - i);
        size_t e = c ? (size_t)(c - v) : n;
        const char *t = v + i;
        size_t tn = e - i;
        trim(&t, &tn);
        if (ieq(t, tn, tok))
            return true;
        i = e + 1;
    }
    return false;
}

static void content_encoding(http_head *h, const char *v, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *c = memchr(v + i, ',', n - i);
        size_t e = c ? (size_t)(c - v) : n;
        const char *t = v + i;
        size_t tn = e - i;
        trim(&t, &tn);
        i = e + 1;
        if (tn == 0 || ieq(t, tn, "identity"))
            continue;
        int enc = ENC_OTHER;
        if (ieq(t, tn, "gzip") || ieq(t, tn, "x-gzip"))
            enc = ENC_GZIP;
        else if (ieq(t, tn, "deflate"))
            enc = ENC_DEFLATE;
        /* Two codings stacked is a thing servers do not do; not decoded. */
        h->enc = h->enc == ENC_NONE ? enc : ENC_OTHER;
        char ex[48];
        copy_str(h->enc_name, sizeof h->enc_name, excerpt(ex, t, tn), strlen(ex));
    }
}

/* Parses "HTTP/1.1 200 OK" and the header fields after it in p[0..n). */
static int http_parse_head(const char *p, size_t n, http_head *h)
{
    memset(h, 0, sizeof *h);
    if (!iprefix(p, n, "http/"))
        return HEAD_BAD;
    const char *nl = memchr(p, '\n', n);
    size_t ll = nl ? (size_t)(nl - p) : n;
    size_t i = 5;
    while (i < ll && p[i] != ' ' && p[i] != '\t')
        i++;
    while (i < ll && (p[i] == ' ' || p[i] == '\t'))
        i++;
    int code = 0, digits = 0;
    while (i < ll && p[i] >= '0' && p[i] <= '9' && digits < 3) {
        code = code * 10 + (p[i] - '0');
        digits++;
        i++;
    }
    if (!nl)
        return digits ? HEAD_INCOMPLETE : HEAD_BAD;
    if (digits != 3)
        return HEAD_BAD;
    h->status = code;
    i = ll + 1;
    for (;;) {
        nl = i < n ? memchr(p + i, '\n', n - i) : NULL;
        if (!nl)
            return HEAD_INCOMPLETE;
        const char *line = p + i;
        size_t len = (size_t)(nl - line);
        i = (size_t)(nl - p) + 1;
        if (len && line[len - 1] == '\r')
            len--;
        if (len == 0) {
            h->body = i;
            return HEAD_OK;
        }
        const char *colon = memchr(line, ':', len);
        if (!colon || is_ws((unsigned char)line[0]))
            continue;
        const char *name = line, *val = colon + 1;
        size_t nn = (size_t)(colon - line), vn = len - nn - 1;
        trim(&name, &nn);
        trim(&val, &vn);
        if (ieq(name, nn, "content-type")) {
            if (!h->has_ctype && vn) {
                h->has_ctype = true;
                h->html = is_html_media(val, vn);
                media_param(val, vn, "charset", h->charset, sizeof h->charset);
            }
        } else if (ieq(name, nn, "transfer-encoding")) {
            if (has_token(val, vn, "chunked"))
                h->chunked = true;
        } else if (ieq(name, nn, "content-encoding")) {
            content_encoding(h, val, vn);
        }
    }
}

/* Pages only: a success status, and a type that says HTML or says nothing
 * (then the payload is sniffed). */
static bool http_may_be_html(const http_head *h)
{
    return h->status >= 200 && h->status < 300 && (!h->has_ctype || h->html);
}

/* ---- payload decoding ------------------------------------------------------ */

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Undoes chunked transfer coding into out. Returns 1 when done (a body cut
 * short or garbled later on keeps what came before), 0 when the body does
 * not start like chunked data at all (some writers store it decoded but
 * keep the header), -1 when out of memory. */
static int dechunk(const char *p, size_t n, hr_buf *out)
{
    out->len = 0;
    if (!hr_buf_reserve(out, n))
        return -1;
    size_t i = 0;
    bool first = true;
    for (;;) {
        while (i < n && (p[i] == ' ' || p[i] == '\t'))
            i++;
        uint64_t size = 0;
        int digits = 0, v;
        while (i < n && (v = hexval((unsigned char)p[i])) >= 0) {
            if (++digits > 15)
                break;
            size = size * 16 + (uint64_t)v;
            i++;
        }
        while (i < n && (p[i] == ' ' || p[i] == '\t'))
            i++;
        bool ok = digits >= 1 && digits <= 15 && i < n &&
                  (p[i] == ';' || p[i] == '\r' || p[i] == '\n');
        const char *nl = ok ? memchr(p + i, '\n', n - i) : NULL;
        if (!nl)
            return first ? 0 : 1;
        i = (size_t)(nl - p) + 1;
        if (size == 0)
            break;   /* the last chunk; trailers are not needed */
        size_t take = (size_t)HR_MIN(size, (uint64_t)(n - i));
        memcpy(out->data + out->len, p + i, take);
        out->len += take;
        i += take;
        if (take < size)
            break;
        if (i < n && p[i] == '\r')
            i++;
        if (i < n && p[i] == '\n')
            i++;
        first = false;
    }
    out->data[out->len] = '\0';
    return 1;
}

/* Inflates a gzip, zlib or raw deflate payload into out, at most `max`
 * bytes. A stream cut short keeps what it gave (crawlers truncate big
 * pages); data that does not decode at all is HR_ERR_CORRUPT. */
static hr_status inflate_payload(const char *in, size_t n, int enc, size_t max,
                                 hr_buf *out)
{
    /* 15 + 32: zlib or gzip header, told apart by zlib. "deflate" in the
     * wild is also raw deflate without a header: the second attempt. */
    int wbits[2] = {15 + 32, -15};
    int attempts = enc == ENC_DEFLATE ? 2 : 1;
    for (int a = 0; a < attempts; a++) {
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, wbits[a]) != Z_OK)
            return HR_ERR_NOMEM;
        out->len = 0;
        size_t used = 0;
        hr_status st = HR_OK;
        int ret = Z_OK;
        for (;;) {
            if (out->len > max) {
                st = HR_ERR_TOO_BIG;
                break;
            }
            if (!hr_buf_reserve(out, HR_MIN(max + 1 - out->len, (size_t)256 << 10))) {
                st = HR_ERR_NOMEM;
                break;
            }
            size_t room = HR_MIN(out->cap - out->len - 1, max + 1 - out->len);
            room = HR_MIN(room, (size_t)UINT32_MAX);
            size_t feed = HR_MIN(n - used, (size_t)UINT32_MAX);
            z.next_in = (Bytef *)(in + used);
            z.avail_in = (uInt)feed;
            z.next_out = (Bytef *)(out->data + out->len);
            z.avail_out = (uInt)room;
            ret = inflate(&z, Z_NO_FLUSH);
            size_t got = room - z.avail_out;
            used += feed - z.avail_in;
            out->len += got;
            if (ret == Z_STREAM_END) {
                /* Another gzip member may follow. */
                if (n - used >= 2 && (unsigned char)in[used] == 0x1f &&
                    (unsigned char)in[used + 1] == 0x8b && inflateReset(&z) == Z_OK)
                    continue;
                break;
            }
            if (ret == Z_BUF_ERROR || ret == Z_OK) {
                if (used == n && z.avail_out)
                    break;   /* input cut short: keep what came */
                if (ret == Z_BUF_ERROR && !got && z.avail_out)
                    break;   /* no progress possible */
                continue;    /* the output was full */
            }
            if (ret != Z_OK) {
                st = HR_ERR_CORRUPT;
                break;
            }
        }
        inflateEnd(&z);
        if (out->len > max)
            st = HR_ERR_TOO_BIG;
        if (st == HR_ERR_CORRUPT && out->len > 0)
            st = HR_OK;   /* broken later on: the start of the page is fine */
        if (st == HR_ERR_CORRUPT && a + 1 < attempts)
            continue;
        if (st == HR_OK)
            out->data[out->len] = '\0';
        return st;
    }
    return HR_ERR_CORRUPT;
}

/* The payload has no type: does it look like an HTML page? The opening
 * tags that browsers also sniff for. */
static bool sniff_html(const char *p, size_t n)
{
    static const char *const tags[] = {
        "<!doctype html", "<html", "<head", "<body", "<title", "<meta",
        "<script", "<style", "<iframe", "<div", "<table", "<font", "<h1",
        "<br", "<p", "<b", "<a",
    };
    size_t i = 0;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && is_ws((unsigned char)p[i]))
        i++;
    p += i;
    n -= i;
    if (iprefix(p, n, "<!--"))
        return true;
    for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++) {
        size_t tl = strlen(tags[k]);
        if (iprefix(p, n, tags[k]) &&
            (n == tl || p[tl] == '>' || is_ws((unsigned char)p[tl])))
            return true;
    }
    return false;
}

/* ---- records ---------------------------------------------------------------- */

/* Skips a block without buffering it; only an early end or a broken
 * stream is an error. */
static hr_status skip_block(hr_rd *r, hr_warc_state *st, uint64_t n,
                            const char *file, uint64_t off, hr_error *err)
{
    uint64_t from = r->pos;
    quiet(err);
    hr_status s = hr_rd_skip(r, n, err);
    if (s == HR_OK)
        return HR_OK;
    st->resync = true;
    char what[160];
    if (s == HR_ERR_TRUNCATED)
        snprintf(what, sizeof what,
                 "Content-Length %llu runs past the end of the input "
                 "(%llu bytes of the block are there)",
                 (unsigned long long)n, (unsigned long long)(r->pos - from));
    else
        snprintf(what, sizeof what, "input broken inside the record");
    return fail(err, s, file, st->record, off, what);
}

static hr_status read_block(hr_rd *r, hr_warc_state *st, size_t n,
                            const char **data, const char *file, uint64_t off,
                            hr_error *err)
{
    uint64_t from = r->pos;
    quiet(err);
    hr_status s = hr_rd_block(r, n, data, err);
    if (s == HR_OK)
        return HR_OK;
    st->resync = true;
    char what[160];
    if (s == HR_ERR_TRUNCATED)
        snprintf(what, sizeof what,
                 "Content-Length %zu runs past the end of the input "
                 "(%llu bytes of the block are there)",
                 n, (unsigned long long)(r->pos - from));
    else
        snprintf(what, sizeof what, "input broken inside the record");
    return fail(err, s, file, st->record, off, what);
}

/* A record over max_record is skipped unread. */
static hr_status too_big(hr_rd *r, hr_warc_state *st, uint64_t n,
                         size_t max_record, const char *file, uint64_t off,
                         hr_error *err)
{
    hr_status s = skip_block(r, st, n, file, off, err);
    if (s != HR_OK)
        return s;
    return hr_error_set(err, HR_ERR_TOO_BIG, file, "record", st->record, off,
                        "record of %llu bytes is over the limit of %zu bytes; skipped",
                        (unsigned long long)n, max_record);
}

static hr_status to_doc(hr_docb *b, const char *html, size_t len,
                        const char *charset, const char *file, uint64_t rec,
                        uint64_t off, hr_error *err)
{
    quiet(err);
    hr_status s = hr_html_to_doc(b, html, len, charset && charset[0] ? charset : NULL,
                                 b->doc.url, err);
    if (s != HR_OK && s != HR_END)
        return fail(err, s, file, rec, off, "HTML payload not read");
    return s == HR_END ? HR_OK : s;
}

/* A response record: the HTTP head decides, then the payload is decoded
 * and read. *doc says whether a document came out. */
static hr_status read_response(hr_rd *r, hr_warc_state *st, hr_docb *b,
                               const warc_head *h, const char *file,
                               uint64_t off, size_t max_record, bool *doc,
                               hr_error *err)
{
    uint64_t rec = st->record, n = h->len;
    if (n == 0)
        return HR_OK;

    /* Look at the head before buffering the block: most non-HTML
     * payloads are skipped here. */
    size_t peek = (size_t)HR_MIN(n, (uint64_t)HTTP_PEEK);
    quiet(err);
    hr_status s = hr_rd_fill(r, peek, err);
    if (s != HR_OK) {
        st->resync = true;
        return fail(err, s, file, rec, off, "input broken inside the record");
    }
    http_head hh;
    size_t have = HR_MIN(r->end - r->start, peek);
    int hs = http_parse_head(r->buf + r->start, have, &hh);
    if (hs == HEAD_OK && !http_may_be_html(&hh))
        return skip_block(r, st, n, file, off, err);
    if (hs == HEAD_BAD) {
        s = skip_block(r, st, n, file, off, err);
        if (s != HR_OK)
            return s;
        return hr_error_set(err, HR_ERR_FORMAT, file, "record", rec, off,
                            "response record holds no HTTP status line");
    }
    if (n > max_record)
        return too_big(r, st, n, max_record, file, off, err);

    const char *block;
    s = read_block(r, st, (size_t)n, &block, file, off, err);
    if (s != HR_OK)
        return s;
    hs = http_parse_head(block, (size_t)n, &hh);
    if (hs != HEAD_OK)
        return hr_error_set(err, HR_ERR_FORMAT, file, "record", rec, off,
                            hs == HEAD_BAD ? "response record holds no HTTP status line"
                                           : "HTTP header does not end inside the record");
    if (!http_may_be_html(&hh))
        return HR_OK;

    const char *body = block + hh.body;
    size_t blen = (size_t)n - hh.body;
    hr_buf unchunked = {0}, inflated = {0};
    hr_status out = HR_OK;
    if (hh.chunked && blen) {
        int c = dechunk(body, blen, &unchunked);
        if (c < 0) {
            out = hr_error_set(err, HR_ERR_NOMEM, file, "record", rec, off,
                               "out of memory");
            goto done;
        }
        if (c > 0) {
            body = unchunked.data;
            blen = unchunked.len;
        }
    }
    if (blen && hh.enc == ENC_OTHER) {
        out = hr_error_set(err, HR_ERR_UNSUPPORTED, file, "record", rec, off,
                           "HTTP content coding \"%s\" is not supported",
                           hh.enc_name);
        goto done;
    }
    /* Some writers store the payload decoded and keep the header: gzip
     * without its magic is taken as it is. */
    bool coded = hh.enc == ENC_DEFLATE ||
                 (hh.enc == ENC_GZIP && blen >= 2 && (unsigned char)body[0] == 0x1f &&
                  (unsigned char)body[1] == 0x8b);
    if (blen && coded) {
        hr_status z = inflate_payload(body, blen, hh.enc, max_record, &inflated);
        if (z == HR_ERR_CORRUPT && hh.enc == ENC_DEFLATE && sniff_html(body, blen))
            z = HR_OK;   /* "deflate" that was never deflated */
        else if (z == HR_OK) {
            body = inflated.data;
            blen = inflated.len;
        }
        if (z == HR_ERR_TOO_BIG) {
            out = hr_error_set(err, z, file, "record", rec, off,
                               "HTML payload inflates past the limit of %zu bytes",
                               max_record);
            goto done;
        }
        if (z == HR_ERR_NOMEM) {
            out = hr_error_set(err, z, file, "record", rec, off, "out of memory");
            goto done;
        }
        if (z != HR_OK) {
            out = hr_error_set(err, z, file, "record", rec, off,
                               "%s payload does not decode",
                               hh.enc == ENC_GZIP ? "gzip" : "deflate");
            goto done;
        }
    }
    if (blen == 0 || (!hh.has_ctype && !sniff_html(body, blen)))
        goto done;   /* nothing to read: not an error */
    out = to_doc(b, body, blen, hh.charset, file, rec, off, err);
    *doc = out == HR_OK;
done:
    hr_buf_free(&unchunked);
    hr_buf_free(&inflated);
    return out;
}

/* Reads one record whose version line has been read. */
static hr_status read_record(hr_rd *r, hr_warc_state *st, hr_docb *b,
                             const char *file, uint64_t off, size_t max_record,
                             bool *doc, hr_error *err)
{
    uint64_t rec = st->record;
    /* Begun now so the URI and date can go straight into the arena; a
     * record that is skipped is simply begun over by the next. */
    hr_docb_begin(b, file, rec, HR_FMT_WARC);
    warc_head h;
    memset(&h, 0, sizeof h);
    hr_status s = read_head(r, st, b, &h, file, off, err);
    if (s != HR_OK)
        return s;
    if (!h.has_len || h.bad_len) {
        st->resync = true;   /* where the block ends is unknown */
        if (!h.has_len)
            return hr_error_set(err, HR_ERR_FORMAT, file, "record", rec, off,
                                "WARC header has no Content-Length");
        return hr_error_set(err, HR_ERR_FORMAT, file, "record", rec, off,
                            "invalid Content-Length \"%s\"", h.len_text);
    }

    const char *ct = h.ctype;
    size_t ctn = strlen(ct);
    const char *semi = memchr(ct, ';', ctn);
    size_t media = semi ? (size_t)(semi - ct) : ctn;
    trim(&ct, &media);
    if (ieq(h.type, strlen(h.type), "response")) {
        char msgtype[32] = "";
        bool http = media == 0 || ieq(ct, media, "application/http");
        media_param(h.ctype, ctn, "msgtype", msgtype, sizeof msgtype);
        if (http && (!msgtype[0] || ieq(msgtype, strlen(msgtype), "response")))
            return read_response(r, st, b, &h, file, off, max_record, doc, err);
    } else if (ieq(h.type, strlen(h.type), "resource") &&
               is_html_media(h.ctype, ctn)) {
        if (h.len == 0)
            return HR_OK;
        if (h.len > max_record)
            return too_big(r, st, h.len, max_record, file, off, err);
        const char *block;
        s = read_block(r, st, (size_t)h.len, &block, file, off, err);
        if (s != HR_OK)
            return s;
        char charset[64] = "";
        media_param(h.ctype, ctn, "charset", charset, sizeof charset);
        s = to_doc(b, block, (size_t)h.len, charset, file, rec, off, err);
        *doc = s == HR_OK;
        return s;
    }
    /* warcinfo, request, metadata, revisit, non-HTML resources... */
    return skip_block(r, st, h.len, file, off, err);
}

hr_status hr_warc_next(hr_rd *r, hr_warc_state *st, hr_docb *b,
                       const char *file, size_t max_record, hr_error *err)
{
    if (!max_record)
        max_record = HR_DEFAULT_MAX_RECORD;
    for (;;) {
        uint64_t off = 0;
        hr_status s = find_record(r, st, file, &off, err);
        if (s != HR_OK)
            return s;
        bool doc = false;
        s = read_record(r, st, b, file, off, max_record, &doc, err);
        if (s != HR_OK || doc)
            return s;
    }
}
