/* fuzz_verbs.c - arbitrary bytes as a verb dictionary in Herald's format,
 * then as text for the coder with what loaded.
 *
 * The input is split at its first NUL byte: before it the verb dictionary,
 * after it the text. Loading must report and skip what is bad, never
 * crash; every mention's spans must lie inside the text. */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void ignore(void *ud, const hr_error *e, bool is_error)
{
    (void)ud, (void)e, (void)is_error;
}

static hr_dict *dict;
static hr_splitter *sp;
static hr_tagger *tagger;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hr_error err;
    if (!dict) {
        static const char A[] = "@unit AZE country\n@unit ARM country\n@unit MIL role\n"
                                "Azerbaijan | Azerbaijani\n  AZE\nArmenia | Armenian\n  ARM\n"
                                "forces\n  ~MIL\n";
        dict = hr_dict_new(HR_DICT_NO_BUILTIN | HR_DICT_NO_GAZETTEER, ignore, NULL, &err);
        if (!dict || hr_dict_load_buffer(dict, "a", A, sizeof A - 1, &err) != HR_OK ||
            hr_dict_finish(dict, &err) != HR_OK)
            abort();
        sp = hr_splitter_new();
        tagger = hr_tagger_new(&err);
        if (!tagger)
            abort();
    }
    const char *in = (const char *)data;
    const char *nul = memchr(in, '\0', size);
    size_t vl = nul ? (size_t)(nul - in) : size;
    hr_verbs *v = hr_verbs_new(HR_VERBS_NO_BUILTIN, ignore, NULL, &err);
    if (!v)
        abort();
    hr_verbs_load_buffer(v, "fuzz", in, vl, &err);
    if (hr_verbs_finish(v, &err) != HR_OK)
        abort();
    hr_coder *c = hr_coder_new_shared(dict, v, tagger, &err);
    if (!c)
        abort();
    size_t tl = nul ? size - vl - 1 : vl;
    char *text = malloc(tl + 1);
    if (!text)
        abort();
    memcpy(text, nul ? nul + 1 : in, tl);
    text[tl] = '\0';
    const hr_sentence *s;
    size_t ns = hr_split(sp, text, tl, 0, &s);
    for (size_t i = 0; i < ns; i++) {
        const hr_mention *m;
        size_t n = hr_code_sentence(c, text, &s[i], NULL, &m);
        for (size_t k = 0; k < n; k++)
            if (m[k].verb.end > tl || m[k].verb.start > m[k].verb.end ||
                m[k].source.end > tl || m[k].target.end > tl)
                abort();
    }
    free(text);
    hr_coder_free(c);
    hr_verbs_free(v);
    return 0;
}
