/* test_common.c - arena, buf, utf8, json writer, document ids, errors. */
#include "testutil.h"

static void arena_survives_many_and_big_allocations(void **state)
{
    (void)state;
    hr_arena *a = hr_arena_new();
    assert_non_null(a);
    char *first = hr_arena_strndup(a, "hello", 5);
    for (int i = 0; i < 10000; i++) {
        char *p = hr_arena_alloc(a, 37);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 8, 0);
        memset(p, 'x', 37);
    }
    char *big = hr_arena_alloc(a, 1 << 20);
    assert_non_null(big);
    memset(big, 1, 1 << 20);
    assert_string_equal(first, "hello");
    hr_arena_reset(a);
    char *again = hr_arena_strndup(a, "abc", 3);
    assert_string_equal(again, "abc");
    hr_arena_free(a);
}

static void buf_grows_and_stays_terminated(void **state)
{
    (void)state;
    hr_buf b = {0};
    for (int i = 0; i < 1000; i++)
        assert_true(hr_buf_append(&b, "abc", 3));
    assert_int_equal(b.len, 3000);
    assert_int_equal(b.data[b.len], '\0');
    assert_true(hr_buf_putc(&b, 'z'));
    assert_int_equal(b.data[3000], 'z');
    hr_buf_free(&b);
    assert_null(b.data);
}

static void utf8_valid_prefix_and_sanitize(void **state)
{
    (void)state;
    const char ok[] = "Bak\xC4\xB1 \xD0\x91\xD0\xB0\xD0\xBA\xD1\x83 \xE2\x80\x93 \xF0\x9F\x98\x80";
    assert_int_equal(hr_utf8_valid_prefix(ok, strlen(ok)), strlen(ok));
    /* lone continuation, overlong, surrogate, truncated 3-byte, > U+10FFFF */
    const char bad[] = "a\x80" "b\xC0\xAF" "c\xED\xA0\x80" "d\xE2\x82" "e\xF4\x90\x80\x80" "f";
    assert_int_equal(hr_utf8_valid_prefix(bad, sizeof bad - 1), 1);
    char out[3 * sizeof bad + 1];
    uint64_t n = 0;
    size_t len = hr_utf8_sanitize(out, bad, sizeof bad - 1, &n);
    assert_int_equal(hr_utf8_valid_prefix(out, len), len);
    /* one replacement per bad lead byte and the continuations after it */
    assert_int_equal(n, 5);
    assert_string_equal(out, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD"
                             "d\xEF\xBF\xBD" "e\xEF\xBF\xBD" "f");
    size_t adv;
    assert_int_equal(hr_utf8_decode("\xC4\xB1", 2, &adv), 0x131);
    assert_int_equal(adv, 2);
    assert_int_equal(hr_utf8_decode("\xFF", 1, &adv), -1);
    assert_int_equal(adv, 1);
}

static void source_offsets_map_back_through_replacements(void **state)
{
    (void)state;
    const char src[] = "ab\xff\xfe" "cd\xC0\xAF" "e";
    char out[3 * sizeof src + 1];
    size_t n = hr_utf8_sanitize(out, src, sizeof src - 1, NULL);
    /* out: a b FFFD FFFD c d FFFD e */
    assert_int_equal(n, 2 + 3 + 3 + 2 + 3 + 1);
    assert_int_equal(hr_utf8_source_offset(src, sizeof src - 1, 0), 0);
    assert_int_equal(hr_utf8_source_offset(src, sizeof src - 1, 2), 2);   /* first FFFD */
    assert_int_equal(hr_utf8_source_offset(src, sizeof src - 1, 6), 3);   /* second FFFD */
    assert_int_equal(hr_utf8_source_offset(src, sizeof src - 1, 8), 4);   /* c */
    assert_int_equal(hr_utf8_source_offset(src, sizeof src - 1, 10), 6);  /* \xC0\xAF */
    assert_int_equal(hr_utf8_source_offset(src, sizeof src - 1, 13), 8);  /* e */
    assert_int_equal(hr_utf8_source_offset(src, sizeof src - 1, 14), 9);  /* the end */
}

static void json_strings_are_escaped(void **state)
{
    (void)state;
    hr_buf b = {0};
    const char s[] = "say \"hi\"\\\n\t\x01 \xE2\x80\x93";
    assert_true(hr_json_str(&b, s, sizeof s - 1));
    assert_string_equal(b.data, "\"say \\\"hi\\\"\\\\\\n\\t\\u0001 \xE2\x80\x93\"");
    b.len = 0;
    assert_true(hr_json_cstr(&b, NULL));
    assert_string_equal(b.data, "null");
    hr_buf_free(&b);
}

static void id(const char *text, char out[17])
{
    hr_idhash *h = hr_idhash_new();
    hr_idhash_update(h, text, strlen(text));
    hr_idhash_hex(h, out);
    hr_idhash_free(h);
}

static void ids_ignore_case_space_and_punctuation_style(void **state)
{
    (void)state;
    char a[17], b[17], c[17], d[17];
    id("Baku and Yerevan “agreed” to talks.", a);
    id("  BAKU and   yerevan \"agreed\" to talks ", b);
    id("Baku and Yerevan refused talks.", c);
    id("Bak\xC4\xB0 and Yerevan", d);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    assert_int_equal(strlen(a), 16);
    char f[17];
    id("BAK\xC4\xB0 AND YEREVAN", f);
    assert_string_equal(d, f);
}

static void ids_fed_in_pieces_match_one_piece(void **state)
{
    (void)state;
    char whole[17], parts[17];
    id("First paragraph. Second paragraph.", whole);
    hr_idhash *h = hr_idhash_new();
    hr_idhash_update(h, "First paragraph.", 16);
    hr_idhash_update(h, "Second paragraph.", 17);
    hr_idhash_hex(h, parts);
    hr_idhash_free(h);
    assert_string_equal(whole, parts);
}

static void errors_format_with_file_record_and_offset(void **state)
{
    (void)state;
    hr_error e;
    char buf[256];
    hr_error_set(&e, HR_ERR_FORMAT, "feed.jsonl", "line", 3, 120, "invalid JSON: %s", "x");
    assert_string_equal(hr_error_format(&e, buf, sizeof buf),
                        "feed.jsonl: line 3, byte 120: invalid JSON: x");
    hr_error_set(&e, HR_ERR_IO, "a.txt", NULL, 0, UINT64_MAX, "cannot open");
    assert_string_equal(hr_error_format(&e, buf, sizeof buf), "a.txt: cannot open");
    hr_error_set(&e, HR_ERR_CORRUPT, "b.gz", NULL, 0, 77, "corrupt");
    assert_string_equal(hr_error_format(&e, buf, sizeof buf), "b.gz: byte 77: corrupt");
    assert_string_equal(hr_status_name(HR_ERR_TRUNCATED), "truncated");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_survives_many_and_big_allocations),
        cmocka_unit_test(buf_grows_and_stays_terminated),
        cmocka_unit_test(utf8_valid_prefix_and_sanitize),
        cmocka_unit_test(source_offsets_map_back_through_replacements),
        cmocka_unit_test(json_strings_are_escaped),
        cmocka_unit_test(ids_ignore_case_space_and_punctuation_style),
        cmocka_unit_test(ids_fed_in_pieces_match_one_piece),
        cmocka_unit_test(errors_format_with_file_record_and_offset),
    };
    return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
