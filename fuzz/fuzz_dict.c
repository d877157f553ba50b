/* fuzz_dict.c - arbitrary bytes as a dictionary in Herald's format, as a
 * gazetteer, and as text to match with what loaded.
 *
 * The input is split at its first NUL byte: before it the dictionary (also
 * read as gazetteer rows), after it the text. Loading must report and skip
 * what is bad, never crash; every match must lie inside the text. */
#include "internal.h"
#include "actors/actors.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void ignore(void *ud, const hr_error *e, bool is_error)
{
    (void)ud, (void)e, (void)is_error;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    const char *nul = memchr(in, '\0', size);
    size_t dl = nul ? (size_t)(nul - in) : size;
    hr_error err;
    hr_dict *d = hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, ignore, NULL, &err);
    if (!d)
        abort();
    static const char UNITS[] = "@unit AZE country\n@unit ARM country\n@unit GOV role\n"
                                "@unit MIL role\n";
    hr_dict_load_buffer(d, "units", UNITS, sizeof UNITS - 1, &err);
    hr_dict_load_buffer(d, "fuzz", in, dl, &err);
    hr_gazetteer_load(d, "fuzz-places", in, dl, &err);
    hr_matcher *m = hr_matcher_new(d, &err);
    if (!m)
        abort();
    size_t tl = nul ? size - dl - 1 : dl;
    char *text = malloc(tl + 1);
    if (!text)
        abort();
    memcpy(text, nul ? nul + 1 : in, tl);
    text[tl] = '\0';
    const hr_match *mt;
    hr_date date = {.year = 2020, .month = 10, .day = 1};
    size_t n = hr_dict_lookup(m, text, &date, &mt);
    size_t len = strlen(text);
    for (size_t i = 0; i < n; i++)
        if (mt[i].span.start >= mt[i].span.end || mt[i].span.end > len)
            abort();
    free(text);
    hr_matcher_free(m);
    hr_dict_free(d);
    return 0;
}
