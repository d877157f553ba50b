/* buf.c - growable byte buffers, doubled on demand. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

bool hr_buf_reserve(hr_buf *b, size_t extra)
{
    if (b->cap - b->len > extra)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= extra) {
        if (cap > SIZE_MAX / 2)
            return false;
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p)
        return false;
    b->data = p;
    b->cap = cap;
    return true;
}

bool hr_buf_append(hr_buf *b, const void *p, size_t n)
{
    if (!hr_buf_reserve(b, n))
        return false;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool hr_buf_putc(hr_buf *b, char c)
{
    if (!hr_buf_reserve(b, 1))
        return false;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return true;
}

void hr_buf_free(hr_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

bool hr_grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}
