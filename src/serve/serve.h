/* serve.h - what the files of herald serve share: the API's parameters
 * (params.c), its endpoints (api.c) and the HTTP server (serve.c).
 * docs/api.md is the contract. */
#ifndef HERALD_SERVE_H
#define HERALD_SERVE_H

#include "store/db.h"

#define HR_API_LIMIT_DEFAULT 100
#define HR_API_LIMIT_MAX 1000
#define HR_API_OFFSET_MAX 100000000ULL

/* The parameters of one request, decoded and checked. The strings of q
 * point into mem. */
typedef struct hr_api_query {
    hr_query q;              /* q.limit: 1..HR_API_LIMIT_MAX, default 100 */
    const char *words;       /* q= of /api/search, NULL when not given */
    char *mem;
} hr_api_query;

/* Parses a URL query string (what follows '?': name=value pairs joined by
 * '&', percent-encoded, '+' for a space) into *out. False when a
 * parameter is unknown, given twice (actor excepted), badly encoded or
 * out of range: msg then names it and says why. An empty value counts as
 * not given. hr_api_query_free releases *out either way. */
bool hr_api_parse(const char *qs, size_t len, hr_api_query *out, char *msg, size_t msg_size);
void hr_api_query_free(hr_api_query *q);

/* Percent-decodes s[0..len) into dst (at least len + 1 bytes), '+' to a
 * space when plus; false for a bad escape or a NUL byte. */
bool hr_url_decode(const char *s, size_t len, bool plus, char *dst, size_t *out_len);

/* The answer of an endpoint: a status and a JSON body (malloc'd). */
typedef struct hr_api_reply {
    unsigned status;
    char *body;
    size_t len;
} hr_api_reply;

/* Runs the API request at `path` ("/api/events"...) with parameters `qs`
 * on s and fills *r (always: errors are JSON bodies too). limit_ms is
 * the database's statement time limit, to tell a timeout from a failure. */
void hr_api_handle(hr_store *s, const char *path, const char *qs, size_t qs_len,
                   unsigned limit_ms, hr_api_reply *r);

/* {"error": msg} with this status into *r. */
void hr_api_error(hr_api_reply *r, unsigned status, const char *msg);

#endif
