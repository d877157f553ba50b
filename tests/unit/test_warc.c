/* test_warc.c - the WARC reader on WARC bytes built here: record counting,
 * record types, plain and gzip framing, HTTP codings, and the broken
 * inputs the reader must survive with one error per bad record. */
#include "testutil.h"

#include <zlib.h>

/* ---- building WARC bytes --------------------------------------------------- */

static const char PAGE_A[] =
    "<html><head><title>Ferry vote</title></head><body>"
    "<p>The harbour council voted on Tuesday to keep the night ferry running.</p>"
    "</body></html>";
static const char PAGE_B[] =
    "<html><body><p>Farmers blocked the northern road on Monday.</p>"
    "<p>Police stood by.</p></body></html>";
static const char PAGE_C[] =
    "<!doctype html><html><body>"
    "<p>The two ministers did not sign the declaration.</p></body></html>";

#define HTTP_HTML "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"

static void put(hr_buf *o, const void *p, size_t n)
{
    assert_true(hr_buf_append(o, p, n));
}

static void puts_(hr_buf *o, const char *s)
{
    put(o, s, strlen(s));
}

/* A record: version line, the given fields (each ending in CRLF), the
 * Content-Length, the block and the separator. */
static void record(hr_buf *o, const char *fields, const void *block, size_t n)
{
    char len[64];
    puts_(o, "WARC/1.1\r\n");
    puts_(o, fields);
    snprintf(len, sizeof len, "Content-Length: %zu\r\n\r\n", n);
    puts_(o, len);
    put(o, block, n);
    puts_(o, "\r\n\r\n");
}

/* A response record: WARC fields, then an HTTP head (status line and
 * fields, each ending in CRLF), a blank line and the body. */
static void response(hr_buf *o, const char *uri, const char *date,
                     const char *http, const void *body, size_t n)
{
    hr_buf f = {0}, blk = {0};
    char line[512];
    puts_(&f, "WARC-Type: response\r\n");
    snprintf(line, sizeof line, "WARC-Target-URI: %s\r\nWARC-Date: %s\r\n", uri, date);
    puts_(&f, line);
    puts_(&f, "Content-Type: application/http; msgtype=response\r\n");
    puts_(&blk, http);
    puts_(&blk, "\r\n");
    put(&blk, body, n);
    record(o, f.data, blk.data, blk.len);
    hr_buf_free(&f);
    hr_buf_free(&blk);
}

static void warcinfo(hr_buf *o)
{
    const char info[] = "software: test_warc\r\nformat: WARC File Format 1.1\r\n";
    record(o, "WARC-Type: warcinfo\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
              "Content-Type: application/warc-fields\r\n",
           info, sizeof info - 1);
}

/* Compresses with zlib: wbits 31 = gzip, 15 = zlib, -15 = raw deflate. */
static void deflate_to(hr_buf *o, const void *p, size_t n, int wbits)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t bound = deflateBound(&z, (uLong)n) + 32;
    assert_true(hr_buf_reserve(o, bound));
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)(o->data + o->len);
    z.avail_out = (uInt)bound;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    o->len += bound - z.avail_out;
    deflateEnd(&z);
}

/* ---- reading them back ------------------------------------------------------- */

typedef struct outcome {
    hr_status st;
    uint64_t record;
    uint64_t offset;    /* errors only */
    char url[256];
    char date[64];
    char text[1024];    /* all paragraphs, joined by '|' */
    char msg[512];
} outcome;

typedef struct run {
    outcome out[64];
    size_t n;
    size_t docs, errors;
} run;

/* Reads data to the end through hr_stream_open_mem + hr_rd, as ingest
 * does, and keeps what every call returned. */
static void read_all(const void *data, size_t len, size_t max_record, run *res)
{
    hr_ingest_options opt;
    memset(&opt, 0, sizeof opt);
    memset(res, 0, sizeof *res);
    hr_error err;
    memset(&err, 0, sizeof err);
    hr_stream *s = hr_stream_open_mem("t.warc", data, len, &err);
    assert_non_null(s);
    hr_rd r;
    hr_rd_init(&r, s);
    hr_docb b;
    assert_true(hr_docb_init(&b, &opt));
    hr_warc_state st;
    memset(&st, 0, sizeof st);
    for (int guard = 0; guard < 1000; guard++) {
        hr_status rc = hr_warc_next(&r, &st, &b, "t.warc", max_record, &err);
        if (rc == HR_END)
            break;
        assert_true(res->n < 64);
        outcome *o = &res->out[res->n++];
        o->st = rc;
        if (rc == HR_OK) {
            const hr_document *d = hr_docb_finish(&b);
            res->docs++;
            o->record = d->record;
            assert_int_equal(d->format, HR_FMT_WARC);
            assert_string_equal(d->file, "t.warc");
            snprintf(o->url, sizeof o->url, "%s", d->url ? d->url : "");
            snprintf(o->date, sizeof o->date, "%s", d->crawl_date ? d->crawl_date : "");
            size_t k = 0;
            for (size_t i = 0; i < d->n_paragraphs && k + 2 < sizeof o->text; i++) {
                int w = snprintf(o->text + k, sizeof o->text - k, "%s%s",
                                 i ? "|" : "", d->paragraphs[i].text);
                if (w < 0)
                    break;
                k = HR_MIN(k + (size_t)w, sizeof o->text - 1);
            }
        } else {
            res->errors++;
            assert_int_equal(err.code, rc);
            assert_string_equal(err.file, "t.warc");
            assert_non_null(err.unit);
            assert_string_equal(err.unit, "record");
            o->record = err.record;
            o->offset = err.offset;
            snprintf(o->msg, sizeof o->msg, "%s", err.msg);
        }
    }
    /* Once at the end, it stays there. */
    assert_int_equal(hr_warc_next(&r, &st, &b, "t.warc", max_record, &err), HR_END);
    hr_docb_free(&b);
    hr_rd_free(&r);
    hr_stream_close(s);
}

/* The three pages behind a warcinfo record, as plain WARC. */
static void three_pages(hr_buf *o)
{
    warcinfo(o);
    response(o, "https://news.example.org/ferry", "2024-03-01T08:00:00Z",
             HTTP_HTML, PAGE_A, sizeof PAGE_A - 1);
    response(o, "https://news.example.org/road", "2024-03-01T08:00:01Z",
             HTTP_HTML, PAGE_B, sizeof PAGE_B - 1);
    response(o, "https://news.example.org/summit", "2024-03-01T08:00:02Z",
             HTTP_HTML, PAGE_C, sizeof PAGE_C - 1);
}

static void expect_three_pages(const run *res)
{
    assert_int_equal(res->errors, 0);
    assert_int_equal(res->docs, 3);
    assert_int_equal(res->out[0].record, 2);   /* the warcinfo is record 1 */
    assert_int_equal(res->out[1].record, 3);
    assert_int_equal(res->out[2].record, 4);
    assert_string_equal(res->out[0].url, "https://news.example.org/ferry");
    assert_string_equal(res->out[1].url, "https://news.example.org/road");
    assert_string_equal(res->out[2].url, "https://news.example.org/summit");
    assert_string_equal(res->out[0].date, "2024-03-01T08:00:00Z");
    assert_string_equal(res->out[2].date, "2024-03-01T08:00:02Z");
    assert_non_null(strstr(res->out[0].text, "night ferry"));
    assert_non_null(strstr(res->out[1].text, "northern road"));
    assert_non_null(strstr(res->out[2].text, "declaration"));
}

/* ---- tests --------------------------------------------------------------------- */

static void test_plain(void **state)
{
    (void)state;
    hr_buf o = {0};
    three_pages(&o);
    run res;
    read_all(o.data, o.len, 0, &res);
    expect_three_pages(&res);
    hr_buf_free(&o);
}

static void test_empty_input(void **state)
{
    (void)state;
    run res;
    read_all("", 0, 0, &res);
    assert_int_equal(res.n, 0);
    read_all("\r\n\r\n\n", 5, 0, &res);
    assert_int_equal(res.n, 0);
}

/* Every record type but HTML responses is passed over without a word. */
static void test_skips_other_records(void **state)
{
    (void)state;
    hr_buf o = {0};
    warcinfo(&o);                                                   /* 1 */
    const char req[] = "GET /ferry HTTP/1.1\r\nHost: news.example.org\r\n\r\n";
    record(&o, "WARC-Type: request\r\nWARC-Target-URI: https://news.example.org/ferry\r\n"
               "Content-Type: application/http; msgtype=request\r\n",
           req, sizeof req - 1);                                    /* 2 */
    response(&o, "https://news.example.org/ferry", "2024-03-01T08:00:00Z",
             HTTP_HTML, PAGE_A, sizeof PAGE_A - 1);                 /* 3 */
    const char meta[] = "fetchTimeMs: 120\r\n";
    record(&o, "WARC-Type: metadata\r\nWARC-Target-URI: https://news.example.org/ferry\r\n"
               "Content-Type: application/warc-fields\r\n",
           meta, sizeof meta - 1);                                  /* 4 */
    const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    response(&o, "https://news.example.org/logo.png", "2024-03-01T08:00:01Z",
             "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n", png,
             sizeof png - 1);                                       /* 5 */
    response(&o, "https://news.example.org/gone", "2024-03-01T08:00:02Z",
             "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n", PAGE_C,
             sizeof PAGE_C - 1);                                    /* 6 */
    const char revisit[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
    record(&o, "WARC-Type: revisit\r\nWARC-Target-URI: https://news.example.org/ferry\r\n"
               "WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest\r\n"
               "Content-Type: application/http; msgtype=response\r\n",
           revisit, sizeof revisit - 1);                            /* 7 */
    const char js[] = "var x = 1;";
    record(&o, "WARC-Type: resource\r\nWARC-Target-URI: https://news.example.org/app.js\r\n"
               "Content-Type: application/javascript\r\n",
           js, sizeof js - 1);                                      /* 8 */
    /* A resource that is a page: read, with the URI in angle brackets as
     * WARC 1.0 writes it. */
    record(&o, "WARC-Type: resource\r\nWARC-Target-URI: <https://news.example.org/road>\r\n"
               "WARC-Date: 2024-03-01T09:00:00Z\r\n"
               "Content-Type: text/html; charset=utf-8\r\n",
           PAGE_B, sizeof PAGE_B - 1);                              /* 9 */
    /* A response that is not HTTP at all (a DNS record) is skipped too. */
    const char dns[] = "news.example.org. 300 IN A 192.0.2.7\n";
    record(&o, "WARC-Type: response\r\nWARC-Target-URI: dns:news.example.org\r\n"
               "Content-Type: text/dns\r\n",
           dns, sizeof dns - 1);                                    /* 10 */
    response(&o, "https://news.example.org/summit", "2024-03-01T08:00:03Z",
             HTTP_HTML, PAGE_C, sizeof PAGE_C - 1);                 /* 11 */

    run res;
    read_all(o.data, o.len, 0, &res);
    assert_int_equal(res.errors, 0);
    assert_int_equal(res.docs, 3);
    assert_int_equal(res.out[0].record, 3);
    assert_string_equal(res.out[0].url, "https://news.example.org/ferry");
    assert_non_null(strstr(res.out[0].text, "night ferry"));
    assert_int_equal(res.out[1].record, 9);
    assert_string_equal(res.out[1].url, "https://news.example.org/road");
    assert_string_equal(res.out[1].date, "2024-03-01T09:00:00Z");
    assert_non_null(strstr(res.out[1].text, "northern road"));
    assert_int_equal(res.out[2].record, 11);
    assert_non_null(strstr(res.out[2].text, "declaration"));
    hr_buf_free(&o);
}

/* The same records as one gzip member each, as crawlers write .warc.gz. */
static void test_gzip_per_record(void **state)
{
    (void)state;
    hr_buf plain = {0}, gz = {0};
    three_pages(&plain);
    /* Cut the plain bytes at each version line and compress each piece. */
    size_t start = 0;
    for (size_t i = 1; i <= plain.len; i++) {
        if (i == plain.len || (i + 8 <= plain.len && memcmp(plain.data + i, "WARC/1.1", 8) == 0 &&
                               plain.data[i - 1] == '\n')) {
            deflate_to(&gz, plain.data + start, i - start, 31);
            start = i;
        }
    }
    assert_true(gz.len > 0 && (unsigned char)gz.data[0] == 0x1f);
    run res;
    read_all(gz.data, gz.len, 0, &res);
    expect_three_pages(&res);
    hr_buf_free(&plain);
    hr_buf_free(&gz);
}

static void test_gzip_stream(void **state)
{
    (void)state;
    hr_buf plain = {0}, gz = {0};
    three_pages(&plain);
    deflate_to(&gz, plain.data, plain.len, 31);
    run res;
    read_all(gz.data, gz.len, 0, &res);
    expect_three_pages(&res);
    hr_buf_free(&plain);
    hr_buf_free(&gz);
}

/* Writes body as chunks of `size` bytes, with a chunk extension on one. */
static void chunk(hr_buf *o, const char *body, size_t n, size_t size)
{
    char line[64];
    for (size_t i = 0; i < n; i += size) {
        size_t k = HR_MIN(size, n - i);
        snprintf(line, sizeof line, i ? "%zx\r\n" : "%zX;name=value\r\n", k);
        puts_(o, line);
        put(o, body + i, k);
        puts_(o, "\r\n");
    }
    puts_(o, "0\r\n\r\n");
}

static void test_http_codings(void **state)
{
    (void)state;
    hr_buf o = {0}, body = {0}, gz = {0};

    /* 1: chunked only. */
    chunk(&body, PAGE_A, sizeof PAGE_A - 1, 17);
    response(&o, "https://a.example/1", "2024-03-01T08:00:00Z",
             HTTP_HTML "Transfer-Encoding: chunked\r\n", body.data, body.len);
    /* 2: gzip only. */
    deflate_to(&gz, PAGE_B, sizeof PAGE_B - 1, 31);
    response(&o, "https://a.example/2", "2024-03-01T08:00:00Z",
             HTTP_HTML "Content-Encoding: gzip\r\n", gz.data, gz.len);
    /* 3: gzip, then chunked, in small chunks that split the gzip bytes. */
    body.len = 0;
    chunk(&body, gz.data, gz.len, 7);
    response(&o, "https://a.example/3", "2024-03-01T08:00:00Z",
             HTTP_HTML "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
             body.data, body.len);
    /* 4: deflate as HTTP means it (zlib) and 5: as servers often send it
     * (raw). */
    gz.len = 0;
    deflate_to(&gz, PAGE_C, sizeof PAGE_C - 1, 15);
    response(&o, "https://a.example/4", "2024-03-01T08:00:00Z",
             HTTP_HTML "Content-Encoding: deflate\r\n", gz.data, gz.len);
    gz.len = 0;
    deflate_to(&gz, PAGE_C, sizeof PAGE_C - 1, -15);
    response(&o, "https://a.example/5", "2024-03-01T08:00:00Z",
             HTTP_HTML "Content-Encoding: deflate\r\n", gz.data, gz.len);
    /* 6: the header says gzip but the writer stored the page decoded. */
    response(&o, "https://a.example/6", "2024-03-01T08:00:00Z",
             HTTP_HTML "Content-Encoding: gzip\r\n", PAGE_A, sizeof PAGE_A - 1);
    /* 7: "chunked" that is not chunked: read as it is. */
    response(&o, "https://a.example/7", "2024-03-01T08:00:00Z",
             HTTP_HTML "Transfer-Encoding: chunked\r\n", PAGE_B, sizeof PAGE_B - 1);
    /* 8: a coding Herald cannot undo: one error naming it. */
    response(&o, "https://a.example/8", "2024-03-01T08:00:00Z",
             HTTP_HTML "Content-Encoding: br\r\n", "\x1b\x2a\x00\xf8", 4);
    /* 9: garbage that claims to be gzip. */
    response(&o, "https://a.example/9", "2024-03-01T08:00:00Z",
             HTTP_HTML "Content-Encoding: gzip\r\n",
             "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff\xff\xff\xff", 16);
    /* 10: a gzip payload cut short keeps the start of the page. */
    gz.len = 0;
    hr_buf long_page = {0};
    puts_(&long_page, "<html><body><p>Opening paragraph about the harbour budget.</p>");
    for (int i = 0; i < 200; i++) {
        char p[96];
        snprintf(p, sizeof p, "<p>Filler paragraph %d with words that vary %d.</p>", i, i * 7919);
        puts_(&long_page, p);
    }
    puts_(&long_page, "</body></html>");
    deflate_to(&gz, long_page.data, long_page.len, 31);
    response(&o, "https://a.example/10", "2024-03-01T08:00:00Z",
             HTTP_HTML "Content-Encoding: gzip\r\n", gz.data, gz.len / 2);
    /* 11: garbled chunk sizes after a good first chunk keep what came. */
    body.len = 0;
    puts_(&body, "12\r\n<html><body><p>Gar\r\nzz\r\nbled</p>");
    response(&o, "https://a.example/11", "2024-03-01T08:00:00Z",
             HTTP_HTML "Transfer-Encoding: chunked\r\n", body.data, body.len);

    run res;
    read_all(o.data, o.len, 0, &res);
    assert_int_equal(res.n, 11);
    assert_int_equal(res.out[0].st, HR_OK);
    assert_non_null(strstr(res.out[0].text, "night ferry"));
    assert_null(strstr(res.out[0].text, "\r"));
    assert_int_equal(res.out[1].st, HR_OK);
    assert_non_null(strstr(res.out[1].text, "northern road"));
    assert_int_equal(res.out[2].st, HR_OK);
    assert_non_null(strstr(res.out[2].text, "northern road"));
    assert_int_equal(res.out[3].st, HR_OK);
    assert_non_null(strstr(res.out[3].text, "declaration"));
    assert_int_equal(res.out[4].st, HR_OK);
    assert_non_null(strstr(res.out[4].text, "declaration"));
    assert_int_equal(res.out[5].st, HR_OK);
    assert_non_null(strstr(res.out[5].text, "night ferry"));
    assert_int_equal(res.out[6].st, HR_OK);
    assert_non_null(strstr(res.out[6].text, "northern road"));
    assert_int_equal(res.out[7].st, HR_ERR_UNSUPPORTED);
    assert_int_equal(res.out[7].record, 8);
    assert_non_null(strstr(res.out[7].msg, "br"));
    assert_int_equal(res.out[8].st, HR_ERR_CORRUPT);
    assert_int_equal(res.out[8].record, 9);
    assert_int_equal(res.out[9].st, HR_OK);
    assert_int_equal(res.out[9].record, 10);
    assert_non_null(strstr(res.out[9].text, "harbour budget"));
    assert_int_equal(res.out[10].st, HR_OK);
    assert_non_null(strstr(res.out[10].text, "Gar"));
    assert_null(strstr(res.out[10].text, "zz"));
    hr_buf_free(&o);
    hr_buf_free(&body);
    hr_buf_free(&gz);
    hr_buf_free(&long_page);
}

/* A payload with no Content-Type is read when it looks like a page. */
static void test_sniff_and_charset(void **state)
{
    (void)state;
    hr_buf o = {0};
    response(&o, "https://a.example/1", "2024-03-01T08:00:00Z",
             "HTTP/1.1 200 OK\r\n", PAGE_A, sizeof PAGE_A - 1);
    const char bin[] = "\x00\x01\x02binary data";
    response(&o, "https://a.example/2", "2024-03-01T08:00:00Z",
             "HTTP/1.1 200 OK\r\n", bin, sizeof bin - 1);
    /* The HTTP charset reaches the HTML reader: a Latin-1 page. */
    const char latin[] = "<html><body><p>Caf\xe9 owners in Valdore protested.</p></body></html>";
    response(&o, "https://a.example/3", "2024-03-01T08:00:00Z",
             "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n",
             latin, sizeof latin - 1);
    run res;
    read_all(o.data, o.len, 0, &res);
    assert_int_equal(res.errors, 0);
    assert_int_equal(res.docs, 2);
    assert_int_equal(res.out[0].record, 1);
    assert_non_null(strstr(res.out[0].text, "night ferry"));
    assert_int_equal(res.out[1].record, 3);
    assert_non_null(strstr(res.out[1].text, "Caf\xc3\xa9 owners"));
    hr_buf_free(&o);
}

/* Bare LF line ends and a WARC/1.0 record with a bracketed URI. */
static void test_lf_and_warc10(void **state)
{
    (void)state;
    hr_buf o = {0}, blk = {0};
    puts_(&blk, "HTTP/1.0 200 OK\nContent-Type: text/html\n\n");
    puts_(&blk, PAGE_B);
    char head[512];
    snprintf(head, sizeof head,
             "WARC/1.0\nWARC-Type: response\nWARC-Target-URI: <http://old.example/road>\n"
             "WARC-Date: 2008-04-30T20:48:25Z\nContent-Type: application/http; msgtype=response\n"
             "Content-Length: %zu\n\n", blk.len);
    puts_(&o, head);
    put(&o, blk.data, blk.len);
    puts_(&o, "\n\n");
    response(&o, "https://a.example/2", "2024-03-01T08:00:00Z", HTTP_HTML, PAGE_C,
             sizeof PAGE_C - 1);
    run res;
    read_all(o.data, o.len, 0, &res);
    assert_int_equal(res.errors, 0);
    assert_int_equal(res.docs, 2);
    assert_string_equal(res.out[0].url, "http://old.example/road");
    assert_string_equal(res.out[0].date, "2008-04-30T20:48:25Z");
    assert_non_null(strstr(res.out[0].text, "northern road"));
    assert_int_equal(res.out[1].record, 2);
    hr_buf_free(&o);
    hr_buf_free(&blk);
}

/* A 1 MB header line costs its record only. */
static void test_long_header_line(void **state)
{
    (void)state;
    hr_buf o = {0}, f = {0};
    response(&o, "https://a.example/1", "2024-03-01T08:00:00Z", HTTP_HTML, PAGE_A,
             sizeof PAGE_A - 1);
    size_t second = o.len;
    puts_(&f, "WARC-Type: response\r\nX-Long: ");
    for (int i = 0; i < (1 << 20); i++)
        assert_true(hr_buf_putc(&f, (char)('a' + i % 26)));
    puts_(&f, "\r\nContent-Type: application/http; msgtype=response\r\n");
    hr_buf blk = {0};
    puts_(&blk, HTTP_HTML "\r\n");
    puts_(&blk, PAGE_C);
    record(&o, f.data, blk.data, blk.len);
    response(&o, "https://a.example/3", "2024-03-01T08:00:00Z", HTTP_HTML, PAGE_B,
             sizeof PAGE_B - 1);
    run res;
    read_all(o.data, o.len, 0, &res);
    assert_int_equal(res.n, 3);
    assert_int_equal(res.out[0].st, HR_OK);
    assert_int_equal(res.out[1].st, HR_ERR_FORMAT);
    assert_int_equal(res.out[1].record, 2);
    assert_int_equal(res.out[1].offset, second);
    assert_non_null(strstr(res.out[1].msg, "header line over 64 KiB"));
    assert_int_equal(res.out[2].st, HR_OK);
    assert_int_equal(res.out[2].record, 3);
    assert_string_equal(res.out[2].url, "https://a.example/3");
    assert_non_null(strstr(res.out[2].text, "northern road"));
    hr_buf_free(&o);
    hr_buf_free(&f);
    hr_buf_free(&blk);
}

/* The last record claims more bytes than the file has. */
static void test_overrun_at_end(void **state)
{
    (void)state;
    hr_buf o = {0};
    three_pages(&o);
    size_t last = o.len;
    puts_(&o, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/cut\r\n"
              "Content-Type: application/http; msgtype=response\r\n"
              "Content-Length: 50000\r\n\r\n" HTTP_HTML "\r\n");
    puts_(&o, PAGE_A);
    run res;
    read_all(o.data, o.len, 0, &res);
    assert_int_equal(res.n, 4);
    assert_int_equal(res.docs, 3);
    assert_int_equal(res.out[2].st, HR_OK);
    assert_int_equal(res.out[3].st, HR_ERR_TRUNCATED);
    assert_int_equal(res.out[3].record, 5);
    assert_int_equal(res.out[3].offset, last);
    assert_non_null(strstr(res.out[3].msg, "50000"));

    /* The same, compressed as one stream: same outcome. */
    hr_buf gz = {0};
    deflate_to(&gz, o.data, o.len, 31);
    read_all(gz.data, gz.len, 0, &res);
    assert_int_equal(res.docs, 3);
    assert_int_equal(res.n, 4);
    assert_int_equal(res.out[3].st, HR_ERR_TRUNCATED);
    assert_int_equal(res.out[3].record, 5);
    assert_int_equal(res.out[3].offset, last);
    hr_buf_free(&gz);
    hr_buf_free(&o);
}

/* Missing, invalid, negative and huge Content-Lengths. */
static void test_bad_content_length(void **state)
{
    (void)state;
    static const char *const lens[] = {
        NULL, "abc", "-5", "12 34", "", "99999999999999999999999",
    };
    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        hr_buf o = {0};
        response(&o, "https://a.example/1", "2024-03-01T08:00:00Z", HTTP_HTML,
                 PAGE_A, sizeof PAGE_A - 1);
        size_t bad = o.len;
        puts_(&o, "WARC/1.1\r\nWARC-Type: response\r\n"
                  "Content-Type: application/http; msgtype=response\r\n");
        if (lens[k]) {
            puts_(&o, "Content-Length: ");
            puts_(&o, lens[k]);
            puts_(&o, "\r\n");
        }
        puts_(&o, "\r\n" HTTP_HTML "\r\n");
        puts_(&o, PAGE_C);
        puts_(&o, "\r\n\r\n");
        response(&o, "https://a.example/3", "2024-03-01T08:00:00Z", HTTP_HTML,
                 PAGE_B, sizeof PAGE_B - 1);
        run res;
        read_all(o.data, o.len, 0, &res);
        assert_int_equal(res.n, 3);
        assert_int_equal(res.out[0].st, HR_OK);
        assert_int_equal(res.out[1].st, HR_ERR_FORMAT);
        assert_int_equal(res.out[1].record, 2);
        assert_int_equal(res.out[1].offset, bad);
        assert_non_null(strstr(res.out[1].msg, "Content-Length"));
        assert_int_equal(res.out[2].st, HR_OK);
        assert_int_equal(res.out[2].record, 3);
        assert_non_null(strstr(res.out[2].text, "northern road"));
        hr_buf_free(&o);
    }
}

/* A record over max_record is skipped unbuffered, with one error. */
static void test_too_big(void **state)
{
    (void)state;
    hr_buf o = {0}, page = {0};
    puts_(&page, "<html><body>");
    for (int i = 0; i < 400; i++)
        puts_(&page, "<p>A paragraph that makes this page large.</p>");
    puts_(&page, "</body></html>");
    response(&o, "https://a.example/big", "2024-03-01T08:00:00Z", HTTP_HTML,
             page.data, page.len);
    response(&o, "https://a.example/small", "2024-03-01T08:00:00Z", HTTP_HTML,
             PAGE_B, sizeof PAGE_B - 1);
    /* A huge non-HTML record is skipped without an error. */
    hr_buf img = {0};
    for (int i = 0; i < 20000; i++)
        assert_true(hr_buf_putc(&img, (char)(i * 31)));
    response(&o, "https://a.example/photo.jpg", "2024-03-01T08:00:00Z",
             "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n", img.data, img.len);
    response(&o, "https://a.example/last", "2024-03-01T08:00:00Z", HTTP_HTML,
             PAGE_C, sizeof PAGE_C - 1);
    run res;
    read_all(o.data, o.len, 4096, &res);
    assert_int_equal(res.n, 3);
    assert_int_equal(res.out[0].st, HR_ERR_TOO_BIG);
    assert_int_equal(res.out[0].record, 1);
    assert_int_equal(res.out[0].offset, 0);
    assert_int_equal(res.out[1].st, HR_OK);
    assert_int_equal(res.out[1].record, 2);
    assert_int_equal(res.out[2].st, HR_OK);
    assert_int_equal(res.out[2].record, 4);

    /* A gzip payload that inflates past the limit is refused too. */
    hr_buf o2 = {0}, gz = {0};
    deflate_to(&gz, page.data, page.len, 31);
    assert_true(gz.len < 4096);
    response(&o2, "https://a.example/bomb", "2024-03-01T08:00:00Z",
             HTTP_HTML "Content-Encoding: gzip\r\n", gz.data, gz.len);
    response(&o2, "https://a.example/ok", "2024-03-01T08:00:00Z", HTTP_HTML,
             PAGE_B, sizeof PAGE_B - 1);
    read_all(o2.data, o2.len, 4096, &res);
    assert_int_equal(res.n, 2);
    assert_int_equal(res.out[0].st, HR_ERR_TOO_BIG);
    assert_int_equal(res.out[1].st, HR_OK);
    hr_buf_free(&o);
    hr_buf_free(&o2);
    hr_buf_free(&gz);
    hr_buf_free(&page);
    hr_buf_free(&img);
}

/* A record whose header runs into the next record, and one whose header
 * runs into the end of the input. */
static void test_no_blank_line(void **state)
{
    (void)state;
    hr_buf o = {0};
    puts_(&o, "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 10\r\n");
    response(&o, "https://a.example/2", "2024-03-01T08:00:00Z", HTTP_HTML, PAGE_A,
             sizeof PAGE_A - 1);
    size_t last = o.len;
    puts_(&o, "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 10\r\n");
    run res;
    read_all(o.data, o.len, 0, &res);
    assert_int_equal(res.n, 3);
    assert_int_equal(res.out[0].st, HR_ERR_FORMAT);
    assert_int_equal(res.out[0].record, 1);
    assert_non_null(strstr(res.out[0].msg, "blank line"));
    assert_int_equal(res.out[1].st, HR_OK);
    assert_int_equal(res.out[1].record, 2);
    assert_non_null(strstr(res.out[1].text, "night ferry"));
    assert_int_equal(res.out[2].st, HR_ERR_TRUNCATED);
    assert_int_equal(res.out[2].record, 3);
    assert_int_equal(res.out[2].offset, last);
    hr_buf_free(&o);
}

/* Junk before and between records: one error each, the records are read. */
static void test_junk_between_records(void **state)
{
    (void)state;
    hr_buf o = {0};
    puts_(&o, "this is not a WARC file\r\nnor is this line\r\n");
    response(&o, "https://a.example/1", "2024-03-01T08:00:00Z", HTTP_HTML, PAGE_A,
             sizeof PAGE_A - 1);
    puts_(&o, "stray bytes after the record\r\n\r\n");
    response(&o, "https://a.example/2", "2024-03-01T08:00:00Z", HTTP_HTML, PAGE_B,
             sizeof PAGE_B - 1);
    /* A response whose block is not HTTP. */
    record(&o, "WARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\n",
           "garbage, not HTTP", 17);
    response(&o, "https://a.example/4", "2024-03-01T08:00:00Z", HTTP_HTML, PAGE_C,
             sizeof PAGE_C - 1);
    run res;
    read_all(o.data, o.len, 0, &res);
    assert_int_equal(res.n, 6);
    assert_int_equal(res.out[0].st, HR_ERR_FORMAT);
    assert_int_equal(res.out[0].record, 1);
    assert_int_equal(res.out[0].offset, 0);
    assert_non_null(strstr(res.out[0].msg, "this is not a WARC file"));
    assert_int_equal(res.out[1].st, HR_OK);
    assert_int_equal(res.out[1].record, 1);
    assert_int_equal(res.out[2].st, HR_ERR_FORMAT);
    assert_int_equal(res.out[3].st, HR_OK);
    assert_int_equal(res.out[3].record, 2);
    assert_int_equal(res.out[4].st, HR_ERR_FORMAT);
    assert_int_equal(res.out[4].record, 3);
    assert_non_null(strstr(res.out[4].msg, "HTTP"));
    assert_int_equal(res.out[5].st, HR_OK);
    assert_int_equal(res.out[5].record, 4);
    hr_buf_free(&o);
}

/* A gzip member cut short in the middle of a .warc.gz: an error, then the
 * records after it are read. */
static void test_truncated_gzip_member(void **state)
{
    (void)state;
    hr_buf gz = {0}, one = {0};
    static const char *const pages[] = {PAGE_A, PAGE_B, PAGE_C, PAGE_A, PAGE_B, PAGE_C};
    char uri[64];
    for (int i = 0; i < 6; i++) {
        one.len = 0;
        snprintf(uri, sizeof uri, "https://a.example/%d", i + 1);
        response(&one, uri, "2024-03-01T08:00:00Z", HTTP_HTML, pages[i], strlen(pages[i]));
        size_t before = gz.len;
        deflate_to(&gz, one.data, one.len, 31);
        if (i == 2)
            gz.len = before + (gz.len - before) / 2;   /* record 3 is cut */
    }
    run res;
    read_all(gz.data, gz.len, 0, &res);
    assert_true(res.errors >= 1);
    assert_int_equal(res.out[0].st, HR_OK);
    assert_string_equal(res.out[0].url, "https://a.example/1");
    assert_int_equal(res.out[1].st, HR_OK);
    assert_string_equal(res.out[1].url, "https://a.example/2");
    assert_int_not_equal(res.out[2].st, HR_OK);
    assert_int_equal(res.out[2].record, 3);
    /* What comes after the break: records 4 (unless the cut swallowed its
     * gzip header), 5 and 6 are read. */
    size_t seen5 = 0, seen6 = 0;
    for (size_t i = 3; i < res.n; i++) {
        if (res.out[i].st != HR_OK)
            continue;
        if (strcmp(res.out[i].url, "https://a.example/5") == 0)
            seen5++;
        if (strcmp(res.out[i].url, "https://a.example/6") == 0) {
            seen6++;
            assert_non_null(strstr(res.out[i].text, "declaration"));
        }
    }
    assert_int_equal(seen5, 1);
    assert_int_equal(seen6, 1);
    assert_true(res.docs >= 4);
    hr_buf_free(&gz);
    hr_buf_free(&one);
}

/* Random bytes, and random bytes inside a WARC: no crash, bounded calls,
 * and every error names the file and a record. */
static void test_random_bytes(void **state)
{
    (void)state;
    uint32_t x = 2463534242u;
    for (int round = 0; round < 40; round++) {
        hr_buf o = {0};
        size_t n = 1 + (size_t)(round * 997 % 20000);
        if (round % 2) {
            three_pages(&o);
            n = o.len;
        }
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            if (round % 2 == 0)
                assert_true(hr_buf_putc(&o, (char)(x & 0xff)));
            else if (x % 97 == 0)
                o.data[i] = (char)(x >> 8);   /* flip bytes of a good file */
        }
        run res;
        read_all(o.data, o.len, 0, &res);   /* asserts inside */
        if (round % 2 == 0)
            assert_int_equal(res.docs, 0);
        hr_buf_free(&o);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_skips_other_records),
        cmocka_unit_test(test_gzip_per_record),
        cmocka_unit_test(test_gzip_stream),
        cmocka_unit_test(test_http_codings),
        cmocka_unit_test(test_sniff_and_charset),
        cmocka_unit_test(test_lf_and_warc10),
        cmocka_unit_test(test_long_header_line),
        cmocka_unit_test(test_overrun_at_end),
        cmocka_unit_test(test_bad_content_length),
        cmocka_unit_test(test_too_big),
        cmocka_unit_test(test_no_blank_line),
        cmocka_unit_test(test_junk_between_records),
        cmocka_unit_test(test_truncated_gzip_member),
        cmocka_unit_test(test_random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
