/* test_ingest.c - format detection, the text and JSON Lines readers, the
 * directory walk, and how each broken input is reported and skipped. */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

static void detect_by_content_and_name(void **state)
{
    (void)state;
    assert_int_equal(hr_detect_format("x.bin", "WARC/1.1\r\n", 10), HR_FMT_WARC);
    assert_int_equal(hr_detect_format("x.txt", "WARC/1.0\r\n", 10), HR_FMT_WARC);
    assert_int_equal(hr_detect_format("feed", "{\"url\":1}\n", 10), HR_FMT_JSONL);
    assert_int_equal(hr_detect_format("a.jsonl.gz", "{", 1), HR_FMT_JSONL);
    assert_int_equal(hr_detect_format("page", "\xEF\xBB\xBF  <!DOCTYPE html><html>", 25), HR_FMT_HTML);
    assert_int_equal(hr_detect_format("p.htm", "hello", 5), HR_FMT_HTML);
    assert_int_equal(hr_detect_format("story", "Baku/18.10.23/Turan: text", 25), HR_FMT_TEXT);
    assert_int_equal(hr_detect_format("junk.txt", "ab\0cd", 5), HR_FMT_UNKNOWN);
    char ctl[200];
    for (size_t i = 0; i < sizeof ctl; i++)
        ctl[i] = (char)(i % 2 ? 0x01 : 'a');
    assert_int_equal(hr_detect_format("x", ctl, sizeof ctl), HR_FMT_UNKNOWN);
    /* Latin-1 text is text, not junk */
    assert_int_equal(hr_detect_format("x", "caf\xE9 cr\xE8me", 10), HR_FMT_TEXT);
    assert_int_equal(hr_format_parse("warc"), HR_FMT_WARC);
    assert_int_equal(hr_format_parse("pdf"), HR_FMT_UNKNOWN);
}

typedef struct collected {
    int docs, errors;
    hr_status codes[16];
    char msgs[16][512];
} collected;

/* Reads everything; each document is passed to `check` with its index. */
static void drain(hr_ingest *in, collected *c,
                  void (*check)(const hr_document *, int))
{
    for (int guard = 0; guard < 10000; guard++) {
        hr_document *d;
        hr_error err;
        hr_status st = hr_ingest_next(in, &d, &err);
        if (st == HR_END)
            return;
        if (st == HR_OK) {
            if (check)
                check(d, c->docs);
            c->docs++;
        } else {
            if (c->errors < 16) {
                c->codes[c->errors] = st;
                hr_error_format(&err, c->msgs[c->errors], sizeof c->msgs[0]);
            }
            c->errors++;
        }
    }
    fail_msg("ingest did not end");
}

static const char ARTICLE[] =
    "Talks resume in the capital after a tense week\n"
    "\n"
    "Officials from both delegations met on Monday. They agreed\n"
    "to continue the talks next month, a spokesman said.\n"
    "\n"
    "Share this article\n";

static void check_text_doc(const hr_document *d, int i)
{
    (void)i;
    assert_string_equal(d->title, "Talks resume in the capital after a tense week");
    assert_int_equal(d->n_paragraphs, 2);
    /* the hard wrap is joined; offsets point into the file */
    assert_string_equal(d->paragraphs[0].text,
                        "Officials from both delegations met on Monday. They agreed "
                        "to continue the talks next month, a spokesman said.");
    assert_int_equal(d->paragraphs[0].offset, 48);
    assert_memory_equal(ARTICLE + d->paragraphs[1].offset, "Share this article", 18);
    assert_int_equal(d->format, HR_FMT_TEXT);
    assert_int_equal(d->record, 0);
    assert_int_equal(strlen(d->id), 16);
}

static void text_article_title_paragraphs_offsets(void **state)
{
    (void)state;
    hr_ingest *in = hr_ingest_new(NULL);
    hr_ingest_add_buffer(in, "story.txt", ARTICLE, strlen(ARTICLE));
    collected c = {0};
    drain(in, &c, check_text_doc);
    assert_int_equal(c.docs, 1);
    assert_int_equal(c.errors, 0);
    hr_ingest_free(in);
}

static void one_line_per_paragraph_text(void **state)
{
    (void)state;
    const char *t = "First paragraph ends here.\nSecond one ends too.\nThird, with no end";
    hr_ingest *in = hr_ingest_new(NULL);
    hr_ingest_add_buffer(in, "p.txt", t, strlen(t));
    hr_document *d;
    hr_error err;
    assert_int_equal(hr_ingest_next(in, &d, &err), HR_OK);
    assert_null(d->title);   /* the first line is a sentence, not a headline */
    assert_int_equal(d->n_paragraphs, 3);
    assert_string_equal(d->paragraphs[2].text, "Third, with no end");
    hr_ingest_free(in);
}

static char id_of_text[17];

static void keep_text_id(const hr_document *d, int i)
{
    (void)i;
    memcpy(id_of_text, d->id, 17);
}

static void check_jsonl(const hr_document *d, int i)
{
    if (i == 0) {
        assert_string_equal(d->url, "https://example.org/a");
        assert_string_equal(d->title, "Talks resume in the capital after a tense week");
        assert_string_equal(d->outlet, "example.org");
        assert_string_equal(d->outlet_source, "json:source_domain");
        assert_string_equal(d->date_source, "json:date_publish");
        assert_int_equal(d->date.year, 2020);
        assert_int_equal(d->date.month, 11);
        assert_int_equal(d->date.day, 13);
        assert_int_equal(d->record, 1);
        assert_int_equal(d->format, HR_FMT_JSONL);
        /* the same article as the text file: the same id */
        assert_string_equal(d->id, id_of_text);
    } else {
        assert_string_equal(d->outlet, "Wire");
        assert_string_equal(d->outlet_source, "json:outlet");
        assert_string_equal(d->date_source, "json:published");
        assert_int_equal(d->record, 5);
        assert_int_equal(d->n_paragraphs, 1);
        /* paragraph text keeps its inner spacing (offsets stay true) */
        assert_string_equal(d->paragraphs[0].text, "Body \xEF\xBF\xBD      here.");
        assert_int_equal(d->invalid_utf8, 1);
    }
}

static void jsonl_fields_errors_and_ids(void **state)
{
    (void)state;
    hr_ingest *in = hr_ingest_new(NULL);
    hr_ingest_add_buffer(in, "a.txt", ARTICLE, strlen(ARTICLE));
    collected c0 = {0};
    drain(in, &c0, keep_text_id);
    hr_ingest_free(in);

    const char *feed =
        "{\"url\":\"https://example.org/a\",\"title\":\"Talks resume in the capital after a tense week\","
        "\"maintext\":\"Officials from both delegations met on Monday. They agreed to continue the talks "
        "next month, a spokesman said.\\n\\nShare this article\",\"date_publish\":\"2020-11-13 12:34:00\","
        "\"source_domain\":\"example.org\"}\n"
        "{\"url\": \"x\", \"text\": \"unterminated\n"
        "[1,2,3]\n"
        "\n"
        "{\"content\":\"Body \\u00ff here.\",\"outlet\":\"Wire\",\"published\":\"2021-01-02\"}\n"
        "{\"title\":\"no text at all\"}\n";
    /* \u00ff is fine JSON; make line 5 carry a raw invalid byte instead */
    char buf[2048];
    snprintf(buf, sizeof buf, "%s", feed);
    char *p = strstr(buf, "\\u00ff");
    memcpy(p, "\xff     ", 6);
    in = hr_ingest_new(NULL);
    hr_ingest_add_buffer(in, "feed.jsonl", buf, strlen(buf));
    collected c = {0};
    drain(in, &c, check_jsonl);
    assert_int_equal(c.docs, 2);
    assert_int_equal(c.errors, 3);
    assert_non_null(strstr(c.msgs[0], "feed.jsonl: line 2"));
    assert_non_null(strstr(c.msgs[0], "invalid JSON"));
    assert_non_null(strstr(c.msgs[1], "line 3"));
    assert_non_null(strstr(c.msgs[1], "not a JSON object"));
    assert_non_null(strstr(c.msgs[2], "line 6"));
    assert_non_null(strstr(c.msgs[2], "no article text"));
    hr_ingest_stats st;
    hr_ingest_get_stats(in, &st);
    assert_int_equal(st.documents, 2);
    assert_int_equal(st.skipped, 3);
    hr_ingest_free(in);
}

static void jsonl_line_over_limit_is_skipped_and_rest_read(void **state)
{
    (void)state;
    size_t big = 3 << 20;
    char *buf = malloc(big + 200);
    size_t n = (size_t)sprintf(buf, "{\"text\":\"");
    memset(buf + n, 'a', big);
    n += big;
    n += (size_t)sprintf(buf + n, "\"}\n{\"text\":\"Small one.\"}\n");
    hr_ingest_options opt = {.max_record = 1 << 20};
    hr_ingest *in = hr_ingest_new(&opt);
    hr_ingest_add_buffer(in, "big.jsonl", buf, n);
    collected c = {0};
    drain(in, &c, NULL);
    assert_int_equal(c.docs, 1);
    assert_int_equal(c.errors, 1);
    assert_int_equal(c.codes[0], HR_ERR_TOO_BIG);
    assert_non_null(strstr(c.msgs[0], "big.jsonl: line 1"));
    hr_ingest_free(in);
    free(buf);
}

static void write_file(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, n, f), n);
    fclose(f);
}

static void check_walk(const hr_document *d, int i)
{
    static const char *const order[] = {"a.txt", "b/c.txt", "b/d.txt", "z.txt"};
    const char *tail = d->file + strlen(d->file) - strlen(order[i]);
    assert_string_equal(tail, order[i]);
}

static void directory_walk_in_name_order_with_bad_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/herald-walk-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[512], q[512];
    const char *body = "A short article body that ends.\n";
#define PATH(...) (snprintf(p, sizeof p, __VA_ARGS__), p)
    write_file(PATH("%s/z.txt", dir), body, strlen(body));
    write_file(PATH("%s/a.txt", dir), body, strlen(body));
    mkdir(PATH("%s/b", dir), 0755);
    write_file(PATH("%s/b/d.txt", dir), body, strlen(body));
    write_file(PATH("%s/b/c.txt", dir), body, strlen(body));
    write_file(PATH("%s/b/empty.txt", dir), "", 0);
    write_file(PATH("%s/b/junk.bin", dir), "\x00\x01\x02\x03junk", 8);
    snprintf(q, sizeof q, "%s", dir);
    symlink(q, PATH("%s/b/loop", dir));   /* a loop back to the top */
    write_file(PATH("%s/b/secret.txt", dir), body, strlen(body));
    chmod(p, 0);
    bool root = geteuid() == 0;   /* root reads any file */
    hr_ingest *in = hr_ingest_new(NULL);
    hr_ingest_add_path(in, dir);
    hr_ingest_add_path(in, PATH("%s/missing.txt", dir));
    collected c = {0};
    void (*check)(const hr_document *, int) = root ? NULL : check_walk;
    drain(in, &c, check);
    assert_int_equal(c.docs, root ? 5 : 4);
    /* empty, junk, loop, missing (+ unreadable when not root) */
    assert_int_equal(c.errors, root ? 4 : 5);
    bool saw_loop = false, saw_junk = false, saw_empty = false, saw_missing = false;
    for (int i = 0; i < c.errors; i++) {
        saw_loop |= strstr(c.msgs[i], "symlink loop") != NULL;
        saw_junk |= strstr(c.msgs[i], "junk.bin: binary") != NULL;
        saw_empty |= strstr(c.msgs[i], "empty.txt: empty") != NULL;
        saw_missing |= strstr(c.msgs[i], "missing.txt: cannot open") != NULL;
    }
    assert_true(saw_loop && saw_junk && saw_empty && saw_missing);
    hr_ingest_free(in);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
#undef PATH
}

static void oversized_text_file_is_skipped(void **state)
{
    (void)state;
    static char big[300000];
    memset(big, 'w', sizeof big);
    hr_ingest_options opt = {.max_record = 100000};
    hr_ingest *in = hr_ingest_new(&opt);
    hr_ingest_add_buffer(in, "huge.txt", big, sizeof big);
    hr_ingest_add_buffer(in, "ok.txt", "Fine text.", 10);
    collected c = {0};
    drain(in, &c, NULL);
    assert_int_equal(c.docs, 1);
    assert_int_equal(c.errors, 1);
    assert_int_equal(c.codes[0], HR_ERR_TOO_BIG);
    assert_non_null(strstr(c.msgs[0], "huge.txt"));
    hr_ingest_free(in);
}

static void trailing_marker_becomes_its_own_paragraph(void **state)
{
    (void)state;
    const char *t = "Headline of a short test story\n\nThe talks ended late. ---02D---\n\n"
                    "A dash -- inside is kept.\n";
    hr_ingest *in = hr_ingest_new(NULL);
    hr_ingest_add_buffer(in, "m.txt", t, strlen(t));
    hr_document *d;
    hr_error err;
    assert_int_equal(hr_ingest_next(in, &d, &err), HR_OK);
    assert_int_equal(d->n_paragraphs, 3);
    assert_string_equal(d->paragraphs[0].text, "The talks ended late.");
    assert_string_equal(d->paragraphs[1].text, "---02D---");
    assert_memory_equal(t + d->paragraphs[1].offset, "---02D---", 9);
    assert_string_equal(d->paragraphs[2].text, "A dash -- inside is kept.");
    hr_ingest_free(in);
}

static void forced_format_overrides_detection(void **state)
{
    (void)state;
    const char *t = "{\"text\": \"this is read as text, not JSON\"}";
    hr_ingest_options opt = {.format = HR_FMT_TEXT};
    hr_ingest *in = hr_ingest_new(&opt);
    hr_ingest_add_buffer(in, "x.jsonl", t, strlen(t));
    hr_document *d;
    hr_error err;
    assert_int_equal(hr_ingest_next(in, &d, &err), HR_OK);
    assert_int_equal(d->format, HR_FMT_TEXT);
    assert_string_equal(d->paragraphs[0].text, t);
    hr_ingest_free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(detect_by_content_and_name),
        cmocka_unit_test(text_article_title_paragraphs_offsets),
        cmocka_unit_test(one_line_per_paragraph_text),
        cmocka_unit_test(jsonl_fields_errors_and_ids),
        cmocka_unit_test(jsonl_line_over_limit_is_skipped_and_rest_read),
        cmocka_unit_test(directory_walk_in_name_order_with_bad_files),
        cmocka_unit_test(oversized_text_file_is_skipped),
        cmocka_unit_test(trailing_marker_becomes_its_own_paragraph),
        cmocka_unit_test(forced_format_overrides_detection),
    };
    return cmocka_run_group_tests_name("ingest", tests, NULL, NULL);
}
