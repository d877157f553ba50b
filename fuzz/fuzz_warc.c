/* fuzz_warc.c - arbitrary bytes through the WARC reader, as ingest reads a
 * file: memory stream (gzip and zstd undone when the magic says so),
 * buffered reader, hr_warc_next until the end, every document finished.
 * A small max_record on some inputs reaches the too-big paths too. */
#include "internal.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hr_error err;
    memset(&err, 0, sizeof err);
    hr_stream *s = hr_stream_open_mem("fuzz.warc", data, size, &err);
    if (!s)
        return 0;
    hr_ingest_options opt;
    memset(&opt, 0, sizeof opt);
    hr_rd r;
    hr_rd_init(&r, s);
    hr_docb b;
    if (!hr_docb_init(&b, &opt)) {
        hr_rd_free(&r);
        hr_stream_close(s);
        return 0;
    }
    hr_warc_state st;
    memset(&st, 0, sizeof st);
    /* The last byte picks the limit so both sides of it get explored. */
    size_t max = size && (data[size - 1] & 1) ? 512 : 0;
    /* Every call consumes at least one line or record, so this bound is
     * only a guard against a reader that stops making progress. */
    for (size_t i = 0; i < size + 16; i++) {
        hr_status rc = hr_warc_next(&r, &st, &b, "fuzz.warc", max, &err);
        if (rc == HR_END)
            break;
        if (rc == HR_OK) {
            const hr_document *d = hr_docb_finish(&b);
            if (d->record != st.record || d->format != HR_FMT_WARC)
                __builtin_trap();
        } else if (err.code != rc || !err.msg[0]) {
            __builtin_trap();   /* every error says what it is */
        }
    }
    hr_docb_free(&b);
    hr_rd_free(&r);
    hr_stream_close(s);
    return 0;
}
