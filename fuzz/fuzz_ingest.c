/* fuzz_ingest.c - arbitrary bytes as any input: format detection, the
 * text reader and decompression; every document that comes out
 * must keep the document invariants. */
#include "herald.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void check_doc(const hr_document *d)
{
    if (strlen(d->id) != 16)
        abort();
    for (size_t i = 0; i < d->n_paragraphs; i++) {
        const hr_paragraph *p = &d->paragraphs[i];
        if (p->len == 0 || strlen(p->text) != p->len ||
            hr_utf8_valid_prefix(p->text, p->len) != p->len)
            abort();
        for (size_t k = 0; k < p->len; k++)
            if ((unsigned char)p->text[k] < 0x20)
                abort();
    }
    if (d->dateline_para >= (int32_t)d->n_paragraphs)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hr_ingest_options opt = {.max_record = 1 << 16};
    hr_ingest *in = hr_ingest_new(&opt);
    if (!in)
        return 0;
    hr_ingest_add_buffer(in, "fuzz.input", data, size);
    for (int i = 0; i < 100000; i++) {
        hr_document *d;
        hr_error err;
        hr_status st = hr_ingest_next(in, &d, &err);
        if (st == HR_END)
            break;
        if (st == HR_OK)
            check_doc(d);
        else if (!err.msg[0])
            abort();   /* every skip says why */
    }
    hr_ingest_free(in);
    return 0;
}
