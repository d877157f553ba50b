/* params.c - the query string of an API request into an hr_api_query.
 *
 * Everything a client sends is checked here, before any SQL is built:
 * codes are letters, digits and '~'; numbers are in range; texts are valid
 * UTF-8 of bounded length (PostgreSQL refuses invalid UTF-8, and a
 * refusal should be a 400 naming the parameter, not a 500). The values
 * are only ever bound to statements, never part of the SQL text: the
 * checks are there for clear errors and bounded work, not for safety.
 */
#include "serve/serve.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CODE 32          /* bytes of an actor code prefix */
#define MAX_TEXT 500         /* bytes of a place, text or search value */
#define MAX_WORDS 16         /* words of a text or search value */

static int hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

bool hr_url_decode(const char *s, size_t len, bool plus, char *dst, size_t *out_len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            int a = i + 2 < len ? hex(s[i + 1]) : -1;
            int b = a >= 0 ? hex(s[i + 2]) : -1;
            if (b < 0)
                return false;
            c = (char)(a * 16 + b);
            i += 2;
        } else if (c == '+' && plus) {
            c = ' ';
        }
        if (c == '\0')
            return false;
        dst[n++] = c;
    }
    dst[n] = '\0';
    *out_len = n;
    return true;
}

static bool fail(char *msg, size_t size, const char *name, const char *why)
{
    snprintf(msg, size, "%s: %s", name, why);
    return false;
}

/* An unsigned decimal number of at most max; no sign, no spaces. */
static bool number(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s))
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > max)
            return false;
    }
    *out = v;
    return true;
}

/* An actor code prefix, upper-cased in place. */
static bool actor_code(char *s)
{
    size_t n = strlen(s);
    if (n > MAX_CODE)
        return false;
    for (char *p = s; *p; p++) {
        *p = (char)toupper((unsigned char)*p);
        if (!isalnum((unsigned char)*p) && *p != '~')
            return false;
    }
    return true;
}

static bool event_code(const char *s)
{
    size_t n = strlen(s);
    if (n > 4)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

/* A text of at most MAX_TEXT bytes and MAX_WORDS words, valid UTF-8. */
static bool text_value(const char *s)
{
    size_t n = strlen(s);
    if (n > MAX_TEXT || hr_utf8_valid_prefix(s, n) != n)
        return false;
    int words = 0;
    for (const char *p = s; *p;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (*p)
            words++;
        while (*p && !isspace((unsigned char)*p))
            p++;
    }
    return words <= MAX_WORDS;
}

static bool date_value(const char *s, hr_date *d)
{
    size_t n = strlen(s);
    /* YYYY, YYYY-MM or YYYY-MM-DD only: not "--10-14", not times */
    if (n != 4 && n != 7 && n != 10)
        return false;
    return hr_date_parse_iso(s, n, d) && d->year > 0;
}

/* A name the client sent, fit to quote in a message: at most 40 bytes
 * (cut at a character boundary), "?" when it is not UTF-8. */
static const char *shown(const char *name, char *buf, size_t size)
{
    size_t n = strlen(name), cut = n > 40 ? 40 : n;
    if (!n)
        return "(a parameter with no name)";
    while (cut && cut < n && ((unsigned char)name[cut] & 0xC0) == 0x80)
        cut--;
    snprintf(buf, size, "%.*s%s", (int)cut, name, cut < n ? "..." : "");
    if (hr_utf8_valid_prefix(buf, strlen(buf)) != strlen(buf))
        snprintf(buf, size, "?");
    return buf;
}

/* The parameters that may be given once, by the bit each sets in `seen`. */
enum { P_SOURCE, P_TARGET, P_CODE, P_QUAD, P_FROM, P_TO, P_PLACE, P_TEXT, P_MIN_SOURCES,
       P_BACKGROUND, P_LIMIT, P_OFFSET, P_SORT, P_Q, N_ONCE };
static const char *const ONCE[N_ONCE] = {
    [P_SOURCE] = "source", [P_TARGET] = "target", [P_CODE] = "code", [P_QUAD] = "quad",
    [P_FROM] = "from", [P_TO] = "to", [P_PLACE] = "place", [P_TEXT] = "text",
    [P_MIN_SOURCES] = "min_sources", [P_BACKGROUND] = "background", [P_LIMIT] = "limit",
    [P_OFFSET] = "offset", [P_SORT] = "sort", [P_Q] = "q"};

/* One name=value pair, both decoded. */
static bool one(hr_api_query *out, char *name, char *value, unsigned *seen, char *msg,
                size_t size)
{
    if (!strcmp(name, "actor")) {
        if (!*value)
            return true;
        if (out->q.n_actors == 8)
            return fail(msg, size, "actor", "at most 8 actors");
        if (!actor_code(value))
            return fail(msg, size, "actor",
                        "a CAMEO actor code (letters, digits and ~, at most 32)");
        out->q.actors[out->q.n_actors++] = value;
        return true;
    }
    int k = 0;
    while (k < N_ONCE && strcmp(name, ONCE[k]))
        k++;
    if (k == N_ONCE) {
        char buf[48];
        snprintf(msg, size, "%s: unknown parameter", shown(name, buf, sizeof buf));
        return false;
    }
    if (*seen & (1u << k))
        return fail(msg, size, name, "given twice");
    *seen |= 1u << k;
    if (!*value)
        return true;
    hr_query *q = &out->q;
    uint64_t v;
    switch (k) {
    case P_SOURCE:
    case P_TARGET:
        if (!actor_code(value))
            return fail(msg, size, name,
                        "a CAMEO actor code (letters, digits and ~, at most 32)");
        *(k == P_TARGET ? &q->target : &q->source) = value;
        return true;
    case P_CODE:
        if (!event_code(value))
            return fail(msg, size, name, "a CAMEO event code prefix (1 to 4 digits)");
        q->code = value;
        return true;
    case P_QUAD:
        if (!number(value, 4, &v) || v < 1)
            return fail(msg, size, name, "a quad class 1 to 4");
        q->quad = (int)v;
        return true;
    case P_FROM:
    case P_TO:
        if (!date_value(value, k == P_FROM ? &q->from : &q->to))
            return fail(msg, size, name, "a date YYYY-MM-DD, YYYY-MM or YYYY");
        return true;
    case P_PLACE:
    case P_TEXT:
    case P_Q:
        if (!text_value(value))
            return fail(msg, size, name, "valid UTF-8, at most 500 bytes and 16 words");
        *(k == P_PLACE ? &q->place : k == P_TEXT ? &q->text : &out->words) = value;
        return true;
    case P_MIN_SOURCES:
        if (!number(value, 1000000, &v) || v < 1)
            return fail(msg, size, name, "a number of articles, 1 to 1000000");
        q->min_sources = (uint32_t)v;
        return true;
    case P_BACKGROUND:
        if (strcmp(value, "0") && strcmp(value, "1"))
            return fail(msg, size, name, "0 or 1");
        q->include_background = value[0] == '1';
        return true;
    case P_LIMIT:
        if (!number(value, HR_API_LIMIT_MAX, &v) || v < 1)
            return fail(msg, size, name, "a number of rows, 1 to 1000");
        q->limit = v;
        return true;
    case P_OFFSET:
        if (!number(value, HR_API_OFFSET_MAX, &q->offset))
            return fail(msg, size, name, "a number of rows to skip, 0 to 100000000");
        return true;
    case P_SORT: {
        hr_sort sort;
        if (!hr_sort_parse(value, &sort))
            return fail(msg, size, name,
                        "date, -date, mentions, -mentions, goldstein or -goldstein");
        q->sort = (int)sort;
        return true;
    }
    }
    return true;
}

bool hr_api_parse(const char *qs, size_t len, hr_api_query *out, char *msg, size_t msg_size)
{
    memset(out, 0, sizeof *out);
    out->q.limit = HR_API_LIMIT_DEFAULT;
    msg[0] = '\0';
    /* a decoded pair is no longer than encoded, plus two NULs */
    if (!(out->mem = malloc(2 * len + 2)))
        return fail(msg, msg_size, "request", "out of memory");
    char *w = out->mem;
    unsigned seen = 0;
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && qs[end] != '&')
            end++;
        if (end > i) {
            size_t eq = i;
            while (eq < end && qs[eq] != '=')
                eq++;
            char *name = w;
            size_t n;
            if (!hr_url_decode(qs + i, eq - i, true, name, &n))
                return fail(msg, msg_size, "request", "a badly encoded parameter name");
            char *value = name + n + 1;
            size_t vlen = eq < end ? end - eq - 1 : 0;
            if (!hr_url_decode(qs + (eq < end ? eq + 1 : end), vlen, true, value, &n)) {
                char buf[48];
                return fail(msg, msg_size, name[0] ? shown(name, buf, sizeof buf) : "request",
                            "badly encoded (a % not followed by two hex digits, or %00)");
            }
            w = value + n + 1;
            if (!one(out, name, value, &seen, msg, msg_size))
                return false;
        }
        i = end + 1;
    }
    return true;
}

void hr_api_query_free(hr_api_query *q)
{
    free(q->mem);
    q->mem = NULL;
}
