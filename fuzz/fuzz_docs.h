/* fuzz_docs.h - what the ingest fuzz targets share: read arbitrary bytes
 * as one input and check every document that comes out. A target defines
 * FUZZ_FORMAT (HR_FMT_UNKNOWN = detect) and FUZZ_NAME, then includes this. */
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
    hr_ingest_options opt = {.format = FUZZ_FORMAT, .max_record = 1 << 16};
    hr_ingest *in = hr_ingest_new(&opt);
    if (!in)
        return 0;
    hr_ingest_add_buffer(in, FUZZ_NAME, data, size);
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
