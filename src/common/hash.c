/* hash.c - document ids. The id is XXH3-64 of the normalized text, so the
 * same article read from a .txt file, a JSON line or a WARC record gets
 * the same id: its letters and digits, case folded (utf8proc for
 * non-ASCII), and nothing else. Spacing, punctuation and quote styles do
 * not change the id; dropping the word breaks too keeps the hot loop free
 * of branches and, for texts of article length, costs no real collisions. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

struct hr_idhash {
    XXH3_state_t *st;
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
    h->n = 0;
}

static void flush(hr_idhash *h)
{
    XXH3_64bits_update(h->st, h->out, h->n);
    h->n = 0;
}

/* ASCII letters and digits folded to lower case; 0 for everything else
 * (other ASCII and every byte of a multibyte character). Shared with the
 * clean stage, which normalizes text the same way. */
const unsigned char hr_fold[256] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
    ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
#define L(c) [c] = c, [c - 32] = c
    L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'),
    L('j'), L('k'), L('l'), L('m'), L('n'), L('o'), L('p'), L('q'), L('r'),
    L('s'), L('t'), L('u'), L('v'), L('w'), L('x'), L('y'), L('z'),
#undef L
};

/* Appends one folded unit (1-4 bytes). */
static void emit(hr_idhash *h, const unsigned char *p, size_t n)
{
    if (h->n + n > sizeof h->out)
        flush(h);
    memcpy(h->out + h->n, p, n);
    h->n += n;
}

void hr_idhash_update(hr_idhash *h, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        /* The ASCII hot loop: a table lookup and a branch-free store per
         * byte, straight into the block. */
        unsigned char *o = (unsigned char *)h->out;
        size_t k = h->n;
        while (i < len && s[i] < 0x80) {
            size_t stop = HR_MIN(len, i + (sizeof h->out - k));
            for (; i < stop && s[i] < 0x80; i++) {
                unsigned char f = hr_fold[s[i]];
                o[k] = f;
                k += f != 0;
            }
            if (k == sizeof h->out) {
                h->n = k;
                flush(h);
                k = 0;
            }
        }
        h->n = k;
        if (i >= len)
            break;
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            i++;
            continue;
        }
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO) {
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), enc);
            emit(h, enc, (size_t)m);
        }
        i += (size_t)n;
    }
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
