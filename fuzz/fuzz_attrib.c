/* fuzz_attrib.c - arbitrary bytes into hr_find_attribution and the tone
 * counter.
 *
 * The first byte chooses the sentence span inside the rest (start and end
 * cut from both sides) and the max passed; the rest is the text, an
 * exact-size copy so that ASan sees any read past its end. Every source
 * must lie inside the span, be non-empty, and not overlap another; the
 * count must not pass max; the same call twice gives the same answer. A
 * violation aborts. The tone of the text is taken too: its counts must add
 * up. */
#include "herald.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    uint8_t k = data[0];
    size_t len = size - 1;
    char *text = malloc(len ? len : 1);
    if (!text)
        return 0;
    memcpy(text, data + 1, len);

    size_t cut_start = (k & 3) < len ? (k & 3) : 0;
    size_t cut_end = ((k >> 2) & 3) < len - cut_start ? ((k >> 2) & 3) : 0;
    hr_span span = {(uint32_t)cut_start, (uint32_t)(len - cut_end)};
    size_t max = (size_t)(k >> 4) % 9;        /* 0..8 */

    hr_span via[8], again[8];
    size_t n = hr_find_attribution(text, span, via, max);
    if (n > max)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (via[i].start >= via[i].end || via[i].start < span.start ||
            via[i].end > span.end)
            abort();
        for (size_t j = 0; j < i; j++)
            if (via[i].start < via[j].end && via[j].start < via[i].end)
                abort();
    }
    if (hr_find_attribution(text, span, again, max) != n ||
        memcmp(via, again, n * sizeof via[0]) != 0)
        abort();

    hr_tone t = {0};
    hr_tone_add(&t, text, len);
    if (t.positive + t.negative > t.words || t.words > len)
        abort();
    if (t.score > 5 * (int64_t)t.positive || t.score < -5 * (int64_t)t.negative)
        abort();
    double v = hr_tone_value(&t);
    if (v < -100.0 || v > 100.0)
        abort();
    free(text);
    return 0;
}
