/* test_stream.c - decompression, corrupt and truncated members, buffered
 * lines and blocks. */
#include "testutil.h"

#include <zlib.h>
#include <zstd.h>

/* gzip of `s` as one member, appended to out. */
static void gzip_member(hr_buf *out, const char *s, size_t n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, n);
    assert_true(hr_buf_reserve(out, cap));
    z.next_in = (Bytef *)s;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)out->data + out->len;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    out->len += cap - z.avail_out;
    deflateEnd(&z);
}

/* Reads the whole stream; errors are counted, text collected. */
static size_t read_all(hr_stream *s, hr_buf *text, int *errors, hr_status *last)
{
    char tmp[7];   /* small on purpose: many calls */
    for (;;) {
        hr_error err;
        ptrdiff_t n = hr_stream_read(s, tmp, sizeof tmp, &err);
        if (n == 0)
            break;
        if (n < 0) {
            (*errors)++;
            *last = err.code;
            continue;
        }
        hr_buf_append(text, tmp, (size_t)n);
    }
    return text->len;
}

static void plain_memory_is_passed_through(void **state)
{
    (void)state;
    hr_error err;
    hr_stream *s = hr_stream_open_mem("m", "hello world", 11, &err);
    assert_non_null(s);
    assert_int_equal(hr_stream_zkind(s), HR_Z_NONE);
    hr_buf t = {0};
    int errors = 0;
    hr_status last = HR_OK;
    read_all(s, &t, &errors, &last);
    assert_string_equal(t.data, "hello world");
    assert_int_equal(errors, 0);
    hr_buf_free(&t);
    hr_stream_close(s);
}

static void gzip_members_are_concatenated(void **state)
{
    (void)state;
    hr_buf z = {0}, t = {0};
    gzip_member(&z, "first record\n", 13);
    gzip_member(&z, "second record\n", 14);
    hr_error err;
    hr_stream *s = hr_stream_open_mem("m.gz", z.data, z.len, &err);
    assert_int_equal(hr_stream_zkind(s), HR_Z_GZIP);
    int errors = 0;
    hr_status last = HR_OK;
    read_all(s, &t, &errors, &last);
    assert_string_equal(t.data, "first record\nsecond record\n");
    assert_int_equal(errors, 0);
    hr_stream_close(s);
    hr_buf_free(&z);
    hr_buf_free(&t);
}

static void corrupt_member_is_reported_and_next_member_read(void **state)
{
    (void)state;
    hr_buf z = {0}, t = {0};
    const char *a = "alpha alpha alpha alpha alpha\n";
    gzip_member(&z, a, strlen(a));
    size_t second = z.len;
    const char *b = "bravo bravo bravo bravo bravo bravo\n";
    gzip_member(&z, b, strlen(b));
    const char *c = "charlie\n";
    gzip_member(&z, c, strlen(c));
    /* Damage the deflate data of the second member (past its header). */
    for (size_t i = second + 12; i < second + 20; i++)
        z.data[i] ^= 0x5a;
    hr_error err;
    hr_stream *s = hr_stream_open_mem("m.gz", z.data, z.len, &err);
    int errors = 0;
    hr_status last = HR_OK;
    read_all(s, &t, &errors, &last);
    assert_int_equal(errors, 1);
    assert_int_equal(last, HR_ERR_CORRUPT);
    assert_non_null(strstr(t.data, "alpha alpha"));
    assert_non_null(strstr(t.data, "charlie\n"));
    hr_stream_close(s);
    hr_buf_free(&z);
    hr_buf_free(&t);
}

static void truncated_gzip_keeps_what_came_and_says_so(void **state)
{
    (void)state;
    hr_buf z = {0}, t = {0};
    gzip_member(&z, "whole one\n", 10);
    size_t cut = z.len;
    char big[4000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + (i * 7) % 26);
    gzip_member(&z, big, sizeof big);
    z.len = cut + (z.len - cut) / 2;
    hr_error err;
    hr_stream *s = hr_stream_open_mem("t.gz", z.data, z.len, &err);
    int errors = 0;
    hr_status last = HR_OK;
    read_all(s, &t, &errors, &last);
    assert_int_equal(errors, 1);
    assert_int_equal(last, HR_ERR_TRUNCATED);
    assert_memory_equal(t.data, "whole one\n", 10);
    hr_stream_close(s);
    hr_buf_free(&z);
    hr_buf_free(&t);
}

static void zstd_frames_decode(void **state)
{
    (void)state;
    const char *msg = "zstd says hello\n";
    size_t cap = ZSTD_compressBound(strlen(msg));
    char *z = malloc(2 * cap);
    size_t n1 = ZSTD_compress(z, cap, msg, strlen(msg), 3);
    size_t n2 = ZSTD_compress(z + n1, cap, msg, strlen(msg), 3);
    assert_false(ZSTD_isError(n1) || ZSTD_isError(n2));
    hr_error err;
    hr_stream *s = hr_stream_open_mem("m.zst", z, n1 + n2, &err);
    assert_int_equal(hr_stream_zkind(s), HR_Z_ZSTD);
    hr_buf t = {0};
    int errors = 0;
    hr_status last = HR_OK;
    read_all(s, &t, &errors, &last);
    assert_string_equal(t.data, "zstd says hello\nzstd says hello\n");
    hr_stream_close(s);
    /* cut in half: truncated */
    s = hr_stream_open_mem("m.zst", z, n1 / 2, &err);
    t.len = 0;
    read_all(s, &t, &errors, &last);
    assert_int_equal(errors, 1);
    assert_int_equal(last, HR_ERR_TRUNCATED);
    hr_stream_close(s);
    hr_buf_free(&t);
    free(z);
}

static void corrupt_zstd_frame_is_skipped_not_looped(void **state)
{
    (void)state;
    char text[3][200];
    char *z = malloc(3 * 1024);
    size_t n = 0, starts[3];
    /* with a checksum, so that the damage is detected, as zstd -C writes */
    ZSTD_CCtx *cc = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
    for (int i = 0; i < 3; i++) {
        snprintf(text[i], sizeof text[i], "frame %d: the quick brown fox jumps over the lazy dog %d times.\n", i, i * 7);
        starts[i] = n;
        size_t k = ZSTD_compress2(cc, z + n, 1024, text[i], strlen(text[i]));
        assert_false(ZSTD_isError(k));
        n += k;
    }
    ZSTD_freeCCtx(cc);
    for (size_t i = starts[1] + 12; i < starts[1] + 24 && i < starts[2]; i++)
        z[i] ^= 0x5a;
    hr_error err;
    hr_stream *st = hr_stream_open_mem("m.zst", z, n, &err);
    hr_buf t = {0};
    int errors = 0;
    hr_status last = HR_OK;
    read_all(st, &t, &errors, &last);   /* must end */
    assert_true(errors >= 1 && errors <= 2);
    assert_non_null(strstr(t.data, "frame 0:"));
    assert_non_null(strstr(t.data, "frame 2:"));
    hr_stream_close(st);
    hr_buf_free(&t);
    free(z);
}

static void missing_file_is_an_io_error(void **state)
{
    (void)state;
    hr_error err;
    hr_stream *s = hr_stream_open_file("/nonexistent/herald/file", &err);
    assert_null(s);
    assert_int_equal(err.code, HR_ERR_IO);
    assert_non_null(strstr(err.msg, "cannot open"));
    assert_string_equal(err.file, "/nonexistent/herald/file");
}

static void lines_too_long_lines_and_last_line(void **state)
{
    (void)state;
    hr_buf in = {0};
    hr_buf_append(&in, "one\r\ntwo\n", 9);
    for (int i = 0; i < 100000; i++)
        hr_buf_putc(&in, 'x');
    hr_buf_append(&in, "\nthree\nfour", 11);
    hr_error err;
    hr_stream *s = hr_stream_open_mem("l", in.data, in.len, &err);
    hr_rd r;
    hr_rd_init(&r, s);
    const char *line;
    size_t len;
    assert_int_equal(hr_rd_line(&r, 1000, &line, &len, &err), HR_OK);
    assert_string_equal(line, "one");
    assert_int_equal(hr_rd_line(&r, 1000, &line, &len, &err), HR_OK);
    assert_string_equal(line, "two");
    assert_int_equal(hr_rd_line(&r, 1000, &line, &len, &err), HR_ERR_TOO_BIG);
    assert_int_equal(hr_rd_line(&r, 1000, &line, &len, &err), HR_OK);
    assert_string_equal(line, "three");
    assert_int_equal(hr_rd_line(&r, 1000, &line, &len, &err), HR_OK);
    assert_string_equal(line, "four");
    assert_int_equal(hr_rd_line(&r, 1000, &line, &len, &err), HR_END);
    /* the buffer never held the long line */
    assert_true(r.cap < 100000 + 300000);
    hr_rd_free(&r);
    hr_stream_close(s);
    hr_buf_free(&in);
}

static void blocks_skip_and_truncation(void **state)
{
    (void)state;
    const char *text = "HEADERbodybodyTAIL";
    hr_error err;
    hr_stream *s = hr_stream_open_mem("b", text, strlen(text), &err);
    hr_rd r;
    hr_rd_init(&r, s);
    const char *d;
    assert_int_equal(hr_rd_block(&r, 6, &d, &err), HR_OK);
    assert_memory_equal(d, "HEADER", 6);
    assert_int_equal(hr_rd_skip(&r, 8, &err), HR_OK);
    assert_int_equal(r.pos, 14);
    assert_int_equal(hr_rd_block(&r, 10, &d, &err), HR_ERR_TRUNCATED);
    assert_int_equal(hr_rd_line(&r, 100, &d, &(size_t){0}, &err), HR_END);
    hr_rd_free(&r);
    hr_stream_close(s);
}

static void whole_input_over_limit_is_too_big(void **state)
{
    (void)state;
    static char big[600000];
    memset(big, 'y', sizeof big);
    hr_error err;
    hr_stream *s = hr_stream_open_mem("w", big, sizeof big, &err);
    hr_rd r;
    hr_rd_init(&r, s);
    const char *d;
    size_t n;
    assert_int_equal(hr_rd_all(&r, 1000, &d, &n, &err), HR_ERR_TOO_BIG);
    assert_null(d);
    hr_rd_free(&r);
    hr_stream_close(s);
    s = hr_stream_open_mem("w", big, sizeof big, &err);
    hr_rd_init(&r, s);
    assert_int_equal(hr_rd_all(&r, sizeof big, &d, &n, &err), HR_OK);
    assert_int_equal(n, sizeof big);
    assert_int_equal(d[n], '\0');
    hr_rd_free(&r);
    hr_stream_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_memory_is_passed_through),
        cmocka_unit_test(gzip_members_are_concatenated),
        cmocka_unit_test(corrupt_member_is_reported_and_next_member_read),
        cmocka_unit_test(truncated_gzip_keeps_what_came_and_says_so),
        cmocka_unit_test(zstd_frames_decode),
        cmocka_unit_test(corrupt_zstd_frame_is_skipped_not_looped),
        cmocka_unit_test(missing_file_is_an_io_error),
        cmocka_unit_test(lines_too_long_lines_and_last_line),
        cmocka_unit_test(blocks_skip_and_truncation),
        cmocka_unit_test(whole_input_over_limit_is_too_big),
    };
    return cmocka_run_group_tests_name("stream", tests, NULL, NULL);
}
