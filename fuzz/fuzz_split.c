/* fuzz_split.c - arbitrary bytes into the sentence splitter.
 *
 * The first byte picks where splitting starts (as a dateline would); the
 * rest is the text. Every output must keep the splitter's promises:
 * sentences in order inside [from, len), each at least one token, tokens
 * in order inside their sentence, the sentence's span running from its
 * first token's start to its last token's end. A violation aborts. */
#include "herald.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check(const uint8_t *text, size_t len, size_t from,
                  const hr_sentence *s, size_t n)
{
    uint32_t prev = (uint32_t)from;
    size_t tokens = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i].span.start < prev || s[i].span.start >= s[i].span.end
            || s[i].span.end > len || s[i].n_tokens == 0 || !s[i].tokens)
            abort();
        if (s[i].tokens[0].start != s[i].span.start
            || s[i].tokens[s[i].n_tokens - 1].end != s[i].span.end)
            abort();
        uint32_t tp = s[i].span.start;
        for (size_t j = 0; j < s[i].n_tokens; j++) {
            hr_span t = s[i].tokens[j];
            if (t.start < tp || t.start >= t.end || t.end > s[i].span.end)
                abort();
            /* A token never starts or ends with an ASCII space. */
            if (text[t.start] == ' ' || text[t.end - 1] == ' ')
                abort();
            tp = t.end;
        }
        tokens += s[i].n_tokens;
        prev = s[i].span.end;
    }
    if (tokens > len - from)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static hr_splitter *sp;   /* reused, as callers do: tests growth too */
    if (!sp && !(sp = hr_splitter_new()))
        abort();
    if (size == 0)
        return 0;
    size_t from = data[0] % 8;
    const uint8_t *text = data + 1;
    size_t len = size - 1;
    /* An exact-size copy, so ASan sees any read past the end. */
    char *copy = malloc(len ? len : 1);
    if (!copy)
        return 0;
    memcpy(copy, text, len);
    const hr_sentence *s = NULL;
    size_t n = hr_split(sp, copy, len, from, &s);
    if (from >= len && n != 0)
        abort();
    check((const uint8_t *)copy, len, from, s, n);
    /* Splitting twice gives the same answer. */
    size_t n2 = hr_split(sp, copy, len, from, &s);
    if (n2 != n)
        abort();
    free(copy);
    return 0;
}
