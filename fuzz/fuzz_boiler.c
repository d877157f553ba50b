/* fuzz_boiler.c - arbitrary bytes through the HTML reader (or the plain
 * text builder), then body vs boilerplate.
 *
 * The first byte chooses the reader (bit 0: HTML or plain text) and what
 * the lang module would have said (bits 1-2: nothing, "en" everywhere,
 * "ru" everywhere, a mix with "und"), and the outlet (bit 3); the rest is
 * the input. One classifier is kept across inputs, so its line memory
 * fills and evicts as in a long run. Every paragraph must come out BODY
 * with reason "prose" or BOILERPLATE with another reason; the text and
 * links must be untouched. A violation aborts. */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static hr_docb b;
    static hr_ingest_options opt;
    static hr_boiler *bp;
    static bool ready;
    if (!ready) {
        if (!hr_docb_init(&b, &opt) || !(bp = hr_boiler_new()))
            abort();
        ready = true;
    }
    unsigned mode = 0;
    if (size > 0) {
        mode = data[0];
        data++;
        size--;
    }
    hr_error err;
    if (mode & 1) {
        hr_docb_begin(&b, "fuzz.html", 1, HR_FMT_HTML);
        hr_status s = hr_html_to_doc(&b, (const char *)data, size, NULL,
                                     "https://www.example.com/news/item", &err);
        if (s != HR_OK && s != HR_ERR_NOMEM)
            abort();
    } else {
        hr_docb_begin(&b, "fuzz.txt", 0, HR_FMT_TEXT);
        if (!hr_docb_add_text(&b, (const char *)data, size, 0))
            return 0;
    }
    hr_document *d = hr_docb_finish(&b);
    if (mode & 8)
        d->outlet = "Fuzz Times";

    static const char *const langs[] = {"en", "ru", "und", "az"};
    for (size_t i = 0; i < d->n_paragraphs; i++) {
        switch (mode >> 1 & 3) {
        case 0: d->paragraphs[i].lang = NULL; break;
        case 1: d->paragraphs[i].lang = "en"; break;
        case 2: d->paragraphs[i].lang = "ru"; break;
        default: d->paragraphs[i].lang = langs[(i + d->paragraphs[i].len) & 3]; break;
        }
    }

    /* what classify must not touch */
    const char *text0 = d->n_paragraphs ? d->paragraphs[0].text : NULL;
    size_t len0 = d->n_paragraphs ? d->paragraphs[0].len : 0;

    hr_boiler_classify(bp, d);

    for (size_t i = 0; i < d->n_paragraphs; i++) {
        const hr_paragraph *p = &d->paragraphs[i];
        if (p->kind == HR_PARA_BODY) {
            if (p->reason != HR_WHY_PROSE)
                abort();
        } else if (p->kind == HR_PARA_BOILERPLATE) {
            if (p->reason == HR_WHY_NONE || p->reason == HR_WHY_PROSE ||
                p->reason > HR_WHY_NO_TEXT)
                abort();
        } else {
            abort();
        }
        if (strlen(p->text) != p->len)
            abort();
    }
    if (d->n_paragraphs && (d->paragraphs[0].text != text0 || d->paragraphs[0].len != len0))
        abort();
    return 0;
}
