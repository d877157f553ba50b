/* fuzz_html.c - arbitrary bytes into the HTML reader.
 *
 * The first byte chooses the charset the caller passes (none, a legacy
 * one, UTF-16, an unknown name), the rest is the page; seed files start
 * with a digit for it ("0" none, "3" windows-1251). One builder is set up
 * once and reused, as the ingest loop does. Every paragraph must be valid
 * UTF-8, NUL-terminated, free of newlines, with its link spans in bounds
 * and in order; the metadata strings must be valid UTF-8 too. A violation
 * aborts. */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_str(const char *s)
{
    if (s && hr_utf8_valid_prefix(s, strlen(s)) != strlen(s))
        abort();
}

static void check_doc(const hr_document *d)
{
    for (size_t i = 0; i < d->n_paragraphs; i++) {
        const hr_paragraph *p = &d->paragraphs[i];
        if (!p->text || !p->tag || p->len == 0 || p->text[p->len] != '\0' ||
            strlen(p->text) != p->len)
            abort();
        if (hr_utf8_valid_prefix(p->text, p->len) != p->len)
            abort();
        if (memchr(p->text, '\n', p->len))
            abort();
        uint32_t prev = 0;
        for (size_t k = 0; k < p->n_links; k++) {
            hr_span s = p->links[k];
            if (s.start >= s.end || s.end > p->len || s.start < prev)
                abort();
            prev = s.end;
        }
    }
    check_str(d->url);
    check_str(d->title);
    check_str(d->outlet);
    if (d->date_source && (d->date.month < 0 || d->date.month > 12))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static hr_docb b;
    static hr_ingest_options opt;
    static bool ready;
    if (!ready) {
        if (!hr_docb_init(&b, &opt))
            abort();
        ready = true;
    }
    static const char *const charsets[] = {
        NULL, NULL, NULL, "windows-1251", "utf-16", "shift_jis", "iso-8859-1",
        "x-bogus-charset",
    };
    const char *cs = NULL;
    if (size > 0) {
        cs = charsets[data[0] & 7];
        data++;
        size--;
    }
    hr_error err;
    hr_docb_begin(&b, "fuzz.html", 1, HR_FMT_HTML);
    hr_status s = hr_html_to_doc(&b, (const char *)data, size, cs,
                                 "https://www.example.com/news/item", &err);
    if (s != HR_OK && s != HR_ERR_NOMEM)
        abort();   /* bad HTML is never an error */
    check_doc(hr_docb_finish(&b));
    return 0;
}
