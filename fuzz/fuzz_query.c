/* fuzz_query.c - arbitrary bytes as the query string of an API request
 * (herald serve): the parameter parser, then the SQL its result builds.
 *
 * The input, copied to exactly its size so that ASan sees a read past it,
 * is parsed. A refusal must say which parameter; an acceptance must keep
 * every limit the API promises (docs/api.md) and its values must make SQL
 * whose `?` count equals its number of bound values, with no value text
 * in the SQL. A violation aborts. */
#include "serve/serve.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_accepted(const hr_api_query *a)
{
    const hr_query *q = &a->q;
    if (q->limit < 1 || q->limit > HR_API_LIMIT_MAX || q->offset > HR_API_OFFSET_MAX ||
        q->n_actors > 8 || q->quad < 0 || q->quad > 4 || q->sort < 0 || q->sort > 5)
        abort();
    for (size_t i = 0; i < q->n_actors; i++)
        if (!q->actors[i] || !*q->actors[i] || strlen(q->actors[i]) > 32)
            abort();
    hr_sql sql = {.kind = HR_DB_SQLITE};
    hr_sql_add(&sql, "SELECT COUNT(*) FROM events e WHERE 1 = 1");
    hr_sql_filters(&sql, q);
    hr_sql_limit(&sql, q->limit, q->offset);
    if (!sql.oom) {
        size_t marks = 0;
        for (size_t i = 0; i < sql.text.len; i++)
            marks += sql.text.data[i] == '?';
        if (marks != sql.n)
            abort();
        /* the filters' SQL has no ';': one there came from a value */
        for (size_t i = 0; i < sql.text.len; i++)
            if (sql.text.data[i] == ';')
                abort();
    }
    hr_sql_free(&sql);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *qs = malloc(size ? size : 1);
    if (!qs)
        return 0;
    memcpy(qs, data, size);
    hr_api_query a;
    char msg[160];
    if (hr_api_parse(qs, size, &a, msg, sizeof msg))
        check_accepted(&a);
    else if (!strchr(msg, ':'))
        abort();                  /* a refusal names what it refuses */
    hr_api_query_free(&a);
    free(qs);
    return 0;
}
