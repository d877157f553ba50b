/* hash.c - document ids. The id is XXH3-64 of the normalized text, so the
 * same article read from a .txt file, a JSON line or a WARC record gets
 * the same id: letters and digits are case folded (utf8proc for non-ASCII),
 * and every run of anything else (spaces, punctuation, quotes of any
 * style) counts as one separator. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

struct hr_idhash {
    XXH3_state_t *st;
    bool pending_sep;   /* a separator seen since the last word byte */
    bool any;           /* a word byte was emitted */
    char out[256];
    size_t n;
};

hr_idhash *hr_idhash_new(void)
{
    hr_idhash *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->st = XXH3_createState();
    if (!h->st) {
        free(h);
        return NULL;
    }
    hr_idhash_reset(h);
    return h;
}

void hr_idhash_free(hr_idhash *h)
{
    if (!h)
        return;
    XXH3_freeState(h->st);
    free(h);
}

void hr_idhash_reset(hr_idhash *h)
{
    XXH3_64bits_reset(h->st);
    h->pending_sep = false;
    h->any = false;
    h->n = 0;
}

static void flush(hr_idhash *h)
{
    XXH3_64bits_update(h->st, h->out, h->n);
    h->n = 0;
}

static void emit(hr_idhash *h, const char *p, size_t n)
{
    if (h->n + n + 1 > sizeof h->out)
        flush(h);
    if (h->pending_sep && h->any)
        h->out[h->n++] = ' ';
    h->pending_sep = false;
    h->any = true;
    memcpy(h->out + h->n, p, n);
    h->n += n;
}

void hr_idhash_update(hr_idhash *h, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                char ch = (char)c;
                emit(h, &ch, 1);
            } else if (c >= 'A' && c <= 'Z') {
                char ch = (char)(c + 32);
                emit(h, &ch, 1);
            } else {
                h->pending_sep = true;
            }
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            h->pending_sep = true;
            i++;
            continue;
        }
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO) {
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), enc);
            emit(h, (const char *)enc, (size_t)m);
        } else {
            h->pending_sep = true;
        }
        i += (size_t)n;
    }
    /* A paragraph boundary is a separator too. */
    h->pending_sep = true;
}

void hr_idhash_hex(hr_idhash *h, char out[17])
{
    flush(h);
    XXH64_hash_t v = XXH3_64bits_digest(h->st);
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) {
        out[i] = hex[v & 15];
        v >>= 4;
    }
    out[16] = '\0';
}
