/* arena.c - bump allocation for everything that belongs to one document.
 * Freed all at once when the document is done, so the hot path makes no
 * malloc per token and nothing leaks by construction. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK ((size_t)64 << 10)

typedef struct block {
    struct block *next;
    size_t size, used;
    max_align_t data[];
} block;

struct hr_arena {
    block *head;   /* the block being filled; older ones follow */
};

static block *block_new(size_t need)
{
    size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;
    block *b = malloc(sizeof *b + size);
    if (!b)
        return NULL;
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

hr_arena *hr_arena_new(void)
{
    hr_arena *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->head = block_new(ARENA_BLOCK);
    if (!a->head) {
        free(a);
        return NULL;
    }
    return a;
}

void hr_arena_reset(hr_arena *a)
{
    /* Keep one standard block: documents are mostly small, and a huge
     * block from one big document must not stay pinned forever. */
    block *keep = NULL, *b = a->head;
    while (b) {
        block *next = b->next;
        if (!keep && b->size == ARENA_BLOCK) {
            keep = b;
        } else {
            free(b);
        }
        b = next;
    }
    if (!keep)
        keep = block_new(ARENA_BLOCK);
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->head = keep;
}

void hr_arena_free(hr_arena *a)
{
    if (!a)
        return;
    for (block *b = a->head; b;) {
        block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

void *hr_arena_alloc(hr_arena *a, size_t n)
{
    if (n > SIZE_MAX / 2)
        return NULL;   /* no rounding or header may overflow */
    n = (n + 7) & ~(size_t)7;
    if (n == 0)
        n = 8;
    block *b = a->head;
    if (!b || b->size - b->used < n) {
        block *nb = block_new(n);
        if (!nb)
            return NULL;
        nb->next = b;
        a->head = nb;
        b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

char *hr_arena_strndup(hr_arena *a, const char *s, size_t n)
{
    char *p = hr_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
