/* fuzz_lang.c - arbitrary bytes into language identification.
 *
 * The input goes in as it is (an exact-size copy, not NUL-terminated, so
 * a read past len shows up under ASan). The answer must be a code of two
 * or three lower-case letters; asking again, and asking a second object
 * with another history of cached answers, must give the same code. A
 * violation aborts. */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_code(const char *c)
{
    if (!c)
        abort();
    size_t n = strlen(c);
    if (n < 2 || n > 3)
        abort();
    for (size_t i = 0; i < n; i++)
        if (c[i] < 'a' || c[i] > 'z')
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Reused across inputs, as callers do: the answer cache fills up. */
    static hr_langid *a, *b;
    static unsigned long calls;
    if (!a && !(a = hr_langid_new(NULL)))
        abort();
    if (!b && !(b = hr_langid_new(NULL)))
        abort();
    char *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    const char *r1 = hr_langid_detect(a, copy, size);
    check_code(r1);
    const char *r2 = hr_langid_detect(a, copy, size);
    if (strcmp(r1, r2) != 0)
        abort();
    /* b sees only every third input, so its cache differs from a's. */
    if (calls++ % 3 == 0 && strcmp(r1, hr_langid_detect(b, copy, size)) != 0)
        abort();
    free(copy);
    return 0;
}
