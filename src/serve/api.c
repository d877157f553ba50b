/* api.c - the endpoints of herald serve's JSON API (docs/api.md).
 *
 * The event list, one event, actors and dyads are the store's queries
 * (query.c), written out as JSON; the timeline, the network, the map and
 * the search are SQL of their own here, with the same filters
 * (hr_sql_filters), so that every endpoint answers for the same events.
 * Every value a client sends is a bound parameter.
 */
#include "serve/serve.h"
#include "actors/actors.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- a JSON body being written ------------------------------------------ */

typedef struct jw {
    hr_buf b;
    bool oom;
} jw;

static void raw(jw *w, const char *s)
{
    if (!w->oom && !hr_buf_append(&w->b, s, strlen(s)))
        w->oom = true;
}

static void fmt(jw *w, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void fmt(jw *w, const char *f, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(tmp, sizeof tmp, f, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        w->oom = true;
    else
        raw(w, tmp);
}

/* A string, or null; text from the database that is not valid UTF-8 (it
 * should always be) has its bad bytes replaced, as JSON requires. */
static void str_n(jw *w, const char *s, size_t n)
{
    if (w->oom)
        return;
    if (hr_utf8_valid_prefix(s, n) == n) {
        if (!hr_json_str(&w->b, s, n))
            w->oom = true;
        return;
    }
    char *clean = malloc(3 * n + 1);
    if (!clean) {
        w->oom = true;
        return;
    }
    size_t k = hr_utf8_sanitize(clean, s, n, NULL);
    if (!hr_json_str(&w->b, clean, k))
        w->oom = true;
    free(clean);
}

static void str(jw *w, const char *s)
{
    if (s)
        str_n(w, s, strlen(s));
    else
        raw(w, "null");
}

/* A number with `decimals` decimals; null when not finite. */
static void num(jw *w, double v, int decimals)
{
    if (isfinite(v))
        fmt(w, "%.*f", decimals, v);
    else
        raw(w, "null");
}

static void key(jw *w, const char *k)
{
    fmt(w, ",\"%s\":", k);
}

static const char *tf(bool b)
{
    return b ? "true" : "false";
}

/* A day number as YYYY-MM-DD. */
static void day_str(jw *w, int64_t day)
{
    int y, m, d;
    hr_civil_from_days((int32_t)day, &y, &m, &d);
    fmt(w, "\"%04d-%02d-%02d\"", y, m, d);
}

/* ---- replies -------------------------------------------------------------- */

void hr_api_error(hr_api_reply *r, unsigned status, const char *msg)
{
    jw w = {0};
    raw(&w, "{\"error\":");
    str(&w, msg);
    raw(&w, "}\n");
    r->status = status;
    if (w.oom) {
        hr_buf_free(&w.b);
        r->body = NULL;
        r->len = 0;
        return;
    }
    r->body = w.b.data;
    r->len = w.b.len;
}

/* What one request shares with the row callbacks. */
typedef struct req {
    jw w;
    bool first;                /* no row written yet */
    hr_error err;
    double t0;                 /* when the request started, ms */
    unsigned limit_ms;
} req;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The reply for a failed query: a statement stopped by the time limit is a
 * 503 the client can act on (narrow the filters); the rest are 500s with
 * the database's own message, never the SQL. */
static void failed(req *q, hr_status st, hr_api_reply *r)
{
    char msg[700];
    unsigned status = 500;
    if (st == HR_ERR_NOMEM) {
        snprintf(msg, sizeof msg, "out of memory");
    } else if (q->limit_ms && now_ms() - q->t0 >= q->limit_ms * 0.9) {
        snprintf(msg, sizeof msg,
                 "the query ran longer than its limit of %u ms: narrow the filters",
                 q->limit_ms);
        status = 503;
    } else {
        snprintf(msg, sizeof msg, "the database failed: %s", q->err.msg);
    }
    hr_api_error(r, status, msg);
}

static void finish(req *q, hr_status st, hr_api_reply *r)
{
    if (st == HR_OK && q->w.oom)
        st = HR_ERR_NOMEM;
    if (st != HR_OK) {
        hr_buf_free(&q->w.b);
        failed(q, st, r);
        return;
    }
    raw(&q->w, "\n");
    if (q->w.oom) {
        hr_buf_free(&q->w.b);
        failed(q, HR_ERR_NOMEM, r);
        return;
    }
    r->status = 200;
    r->body = q->w.b.data;
    r->len = q->w.b.len;
}

static void comma(req *q)
{
    if (!q->first)
        raw(&q->w, ",");
    q->first = false;
}

/* ---- events ----------------------------------------------------------------- */

/* The fields of an event, as herald export --format jsonl writes them,
 * without the closing brace. */
static void event_fields(jw *w, const hr_event_row *e)
{
    raw(w, "{\"id\":");
    str(w, e->id);
    raw(w, ",\"date\":{\"value\":");
    str(w, e->date);
    key(w, "precision");
    str(w, e->date ? e->precision : NULL);
    key(w, "how");
    str(w, e->how);
    raw(w, "}");
    key(w, "source");
    str(w, e->source);
    key(w, "target");
    str(w, e->target);
    key(w, "code");
    str(w, e->code);
    key(w, "code_name");
    str(w, e->code_name);
    key(w, "root");
    str(w, e->root);
    fmt(w, ",\"quad\":%d,\"goldstein\":", e->quad);
    num(w, e->goldstein, 1);
    key(w, "place");
    if (e->place) {
        raw(w, "{\"name\":");
        str(w, e->place);
        key(w, "country");
        str(w, e->country ? e->country : "");
        key(w, "lat");
        num(w, e->lat, 4);
        key(w, "lon");
        num(w, e->lon, 4);
        raw(w, "}");
    } else {
        raw(w, "null");
    }
    fmt(w, ",\"mentions\":%u,\"repeats\":%u,\"articles\":%u,\"outlets\":%u", e->mentions,
        e->repeats, e->articles, e->outlets);
    key(w, "first_seen");
    str(w, e->first_seen);
    key(w, "tone");
    num(w, e->tone, 2);
    raw(w, ",\"flags\":{\"claim_by\":");
    str(w, e->claim_by);
    fmt(w, ",\"claim_and_fact\":%s,\"disputed\":%s,\"background\":%s}",
        tf(e->flags & HR_EVT_MIXED), tf(e->flags & HR_EVT_DISPUTED),
        tf(e->flags & HR_EVT_BACKGROUND));
    key(w, "disputed_with");
    str(w, e->disputed_with);
}

static bool list_event(void *ud, const hr_event_row *e)
{
    req *q = ud;
    comma(q);
    event_fields(&q->w, e);
    key(&q->w, "sentence");
    str(&q->w, e->sentence);
    key(&q->w, "outlet");
    str(&q->w, e->outlet);
    key(&q->w, "url");
    str(&q->w, e->url);
    raw(&q->w, "}");
    return !q->w.oom;
}

static hr_status events(hr_store *s, const hr_api_query *a, req *q)
{
    uint64_t total = 0;
    hr_status st = hr_store_count(s, &a->q, &total, &q->err);
    if (st != HR_OK)
        return st;
    fmt(&q->w, "{\"total\":%llu,\"offset\":%llu,\"limit\":%llu,\"events\":[",
        (unsigned long long)total, (unsigned long long)a->q.offset,
        (unsigned long long)a->q.limit);
    st = hr_store_events(s, &a->q, HR_ROWS_EVIDENCE, list_event, q, &q->err);
    raw(&q->w, "]}");
    return st;
}

/* ---- one event ------------------------------------------------------------------ */

static bool show_event(void *ud, const hr_event_row *e)
{
    req *q = ud;
    event_fields(&q->w, e);
    raw(&q->w, ",\"sources\":[");
    return !q->w.oom;
}

/* A span of the sentence, or null when the thing is not in it. */
static void span(jw *w, hr_span sp, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    if (sp.end > sp.start && sp.end <= n)
        fmt(w, "[%u,%u]", sp.start, sp.end);
    else
        raw(w, "null");
}

static void actor(jw *w, const char *code, hr_span sp, const char *text)
{
    raw(w, "{\"code\":");
    str(w, code);
    size_t n = text ? strlen(text) : 0;
    if (code && sp.end > sp.start && sp.end <= n) {
        key(w, "text");
        str_n(w, text + sp.start, sp.end - sp.start);
    }
    key(w, "span");
    span(w, code ? sp : (hr_span){0, 0}, text);
    raw(w, "}");
}

static bool show_mention(void *ud, const hr_mention_row *m)
{
    req *q = ud;
    jw *w = &q->w;
    comma(q);
    raw(w, "{\"doc\":");
    str(w, m->doc);
    key(w, "url");
    str(w, m->url);
    key(w, "outlet");
    str(w, m->outlet);
    key(w, "title");
    str(w, m->title);
    key(w, "published");
    str(w, m->published);
    fmt(w, ",\"para\":%u,\"sentence\":%u", m->para, m->sentence);
    key(w, "text");
    str(w, m->text);
    key(w, "source");
    actor(w, m->source, m->source_span, m->text);
    key(w, "target");
    actor(w, m->target, m->target_span, m->text);
    raw(w, ",\"verb\":{\"span\":");
    span(w, m->verb_span, m->text);
    raw(w, "}");
    key(w, "code");
    str(w, m->code);
    key(w, "code_name");
    str(w, m->code_name);
    raw(w, ",\"date\":{\"value\":");
    str(w, m->date);
    key(w, "precision");
    str(w, m->date ? m->precision : NULL);
    key(w, "how");
    str(w, m->how);
    if (m->date_text && m->date_span.end > m->date_span.start) {
        key(w, "text");
        str(w, m->date_text);
        key(w, "span");
        span(w, m->date_span, m->text);
    }
    raw(w, "}");
    key(w, "place");
    if (m->place) {
        raw(w, "{\"name\":");
        str(w, m->place);
        key(w, "country");
        str(w, m->country ? m->country : "");
        key(w, "lat");
        num(w, m->lat, 4);
        key(w, "lon");
        num(w, m->lon, 4);
        raw(w, "}");
    } else {
        raw(w, "null");
    }
    key(w, "via");
    str(w, m->via);
    key(w, "claim_by");
    str(w, m->claim_by);
    fmt(w, ",\"repeat\":%s,\"background\":%s}", tf(m->repeat),
        tf(m->flags & HR_EV_BACKGROUND));
    return !w->oom;
}

/* An event id: 16 hexadecimal digits as the store makes them; anything
 * else (up to 64 letters and digits) is looked up and not found. */
static bool id_ok(const char *id)
{
    size_t n = strlen(id);
    if (!n || n > 64)
        return false;
    for (; *id; id++)
        if (!isalnum((unsigned char)*id))
            return false;
    return true;
}

/* ---- the timeline ------------------------------------------------------------------ */

/* Counts per first day and quad class, in day order. */
static hr_status timeline(hr_store *s, const hr_api_query *a, req *q)
{
    hr_db *db = hr_store_db(s);
    hr_sql sql = {.kind = db->kind};
    hr_sql_add(&sql, "SELECT e.date_start, e.quad, COUNT(*) FROM events e"
                     " WHERE e.date_start IS NOT NULL");
    hr_sql_filters(&sql, &a->q);
    hr_sql_add(&sql, " GROUP BY e.date_start, e.quad ORDER BY e.date_start, e.quad");
    hr_stmt *st = hr_sql_prepare(db, &sql, &q->err);
    hr_sql_free(&sql);
    if (!st)
        return q->err.code ? q->err.code : HR_ERR_IO;
    raw(&q->w, "{\"days\":[");
    int64_t day = 0;
    uint64_t quad[4] = {0};
    bool open = false;
    int rc;
    while ((rc = hr_step(st, &q->err)) == 1) {
        int64_t d = hr_col_int(st, 0);
        if (open && d != day) {
            fmt(&q->w, "\"quad\":[%llu,%llu,%llu,%llu]}", (unsigned long long)quad[0],
                (unsigned long long)quad[1], (unsigned long long)quad[2],
                (unsigned long long)quad[3]);
            open = false;
        }
        if (!open) {
            comma(q);
            raw(&q->w, "{\"date\":");
            day_str(&q->w, d);
            raw(&q->w, ",");
            memset(quad, 0, sizeof quad);
            day = d;
            open = true;
        }
        int64_t k = hr_col_int(st, 1);
        if (k >= 1 && k <= 4)
            quad[k - 1] += (uint64_t)hr_col_int(st, 2);
    }
    if (open)
        fmt(&q->w, "\"quad\":[%llu,%llu,%llu,%llu]}", (unsigned long long)quad[0],
            (unsigned long long)quad[1], (unsigned long long)quad[2],
            (unsigned long long)quad[3]);
    raw(&q->w, "]}");
    hr_stmt_free(st);
    return rc < 0 ? (q->err.code ? q->err.code : HR_ERR_IO) : HR_OK;
}

/* ---- the network ---------------------------------------------------------------------- */

/* Which three-letter units the built-in actor dictionary calls countries
 * (its `@unit XYZ country Name` lines), read once. */
static uint8_t is_country[36 * 36 * 36];
static pthread_once_t countries_once = PTHREAD_ONCE_INIT;

static int unit_index(const char *u)
{
    int v = 0;
    for (int i = 0; i < 3; i++) {
        int c = (unsigned char)u[i];
        int d = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '0' && c <= '9' ? 26 + c - '0' : -1;
        if (d < 0)
            return -1;
        v = v * 36 + d;
    }
    return v;
}

static void load_countries(void)
{
    const char *p = hr_blob_actors, *end = hr_blob_actors_end;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        if (eol - p >= 17 && !memcmp(p, "@unit ", 6) && !memcmp(p + 9, " country", 8) &&
            (eol - p == 17 || p[17] == ' ')) {
            int i = unit_index(p + 6);
            if (i >= 0)
                is_country[i] = 1;
        }
        p = eol + 1;
    }
}

/* The node of a code: its first three letters when they are a country's,
 * the whole code otherwise. */
static void node_of(const char *code, char *out, size_t size)
{
    int i = strlen(code) >= 3 ? unit_index(code) : -1;
    if (i >= 0 && is_country[i])
        snprintf(out, size, "%.3s", code);
    else
        snprintf(out, size, "%s", code);
}

typedef struct edge {
    char source[40], target[40];
    uint64_t events;
    double goldstein;         /* the sum, then the mean */
} edge;

typedef struct node {
    char id[40];
    uint64_t events;
} node;

static int by_pair(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    int c = strcmp(x->source, y->source);
    return c ? c : strcmp(x->target, y->target);
}

static int by_events(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    if (x->events != y->events)
        return x->events > y->events ? -1 : 1;
    return by_pair(a, b);
}

static int node_by_id(const void *a, const void *b)
{
    return strcmp(((const node *)a)->id, ((const node *)b)->id);
}

static int node_by_events(const void *a, const void *b)
{
    const node *x = a, *y = b;
    if (x->events != y->events)
        return x->events > y->events ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* Adds n events to the node id (nodes kept sorted by id, merged later). */
static bool add_node(node **v, size_t *n, size_t *cap, const char *id, uint64_t events)
{
    if (!hr_grow((void **)v, cap, *n + 1, sizeof **v))
        return false;
    snprintf((*v)[*n].id, sizeof (*v)[*n].id, "%s", id);
    (*v)[*n].events = events;
    (*n)++;
    return true;
}

/* Sorts v by key and merges equal neighbours (summing `events`). */
static size_t merge_nodes(node *v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, node_by_id);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && !strcmp(v[k - 1].id, v[i].id))
            v[k - 1].events += v[i].events;
        else
            v[k++] = v[i];
    }
    return k;
}

static hr_status network(hr_store *s, const hr_api_query *a, req *q)
{
    pthread_once(&countries_once, load_countries);
    hr_db *db = hr_store_db(s);
    hr_sql sql = {.kind = db->kind};
    hr_sql_add(&sql, "SELECT e.source, e.target, COUNT(*), SUM(e.goldstein) FROM events e"
                     " WHERE e.source IS NOT NULL AND e.target IS NOT NULL");
    hr_sql_filters(&sql, &a->q);
    hr_sql_add(&sql, " GROUP BY e.source, e.target");
    hr_stmt *st = hr_sql_prepare(db, &sql, &q->err);
    hr_sql_free(&sql);
    if (!st)
        return q->err.code ? q->err.code : HR_ERR_IO;
    edge *ev = NULL;
    size_t n = 0, cap = 0;
    int rc;
    hr_status status = HR_OK;
    while ((rc = hr_step(st, &q->err)) == 1) {
        if (!hr_grow((void **)&ev, &cap, n + 1, sizeof *ev)) {
            status = HR_ERR_NOMEM;
            break;
        }
        edge *e = &ev[n++];
        node_of(hr_col_text(st, 0), e->source, sizeof e->source);
        node_of(hr_col_text(st, 1), e->target, sizeof e->target);
        e->events = (uint64_t)hr_col_int(st, 2);
        e->goldstein = hr_col_double(st, 3);
    }
    hr_stmt_free(st);
    if (status == HR_OK && rc < 0)
        status = q->err.code ? q->err.code : HR_ERR_IO;
    /* the same pair of nodes from several codes: one edge */
    size_t k = 0;
    if (status == HR_OK && n) {
        qsort(ev, n, sizeof *ev, by_pair);
        for (size_t i = 0; i < n; i++) {
            if (k && !by_pair(&ev[k - 1], &ev[i])) {
                ev[k - 1].events += ev[i].events;
                ev[k - 1].goldstein += ev[i].goldstein;
            } else {
                ev[k++] = ev[i];
            }
        }
        qsort(ev, k, sizeof *ev, by_events);
    }
    /* a node's events: each event once, though it is both ends of an edge
     * within one country; counted over every edge, shown or not */
    node *nv = NULL;
    size_t nn = 0, ncap = 0;
    for (size_t i = 0; status == HR_OK && i < k; i++) {
        if (!add_node(&nv, &nn, &ncap, ev[i].source, ev[i].events) ||
            (strcmp(ev[i].source, ev[i].target) &&
             !add_node(&nv, &nn, &ncap, ev[i].target, ev[i].events)))
            status = HR_ERR_NOMEM;
    }
    size_t shown = k < a->q.limit ? k : (size_t)a->q.limit;
    if (status == HR_OK) {
        nn = merge_nodes(nv, nn);
        /* only the nodes of the edges shown */
        node *keep = NULL;
        size_t nk = 0, kcap = 0;
        for (size_t i = 0; status == HR_OK && i < shown; i++)
            if (!add_node(&keep, &nk, &kcap, ev[i].source, 0) ||
                !add_node(&keep, &nk, &kcap, ev[i].target, 0))
                status = HR_ERR_NOMEM;
        if (status == HR_OK) {
            nk = merge_nodes(keep, nk);
            for (size_t i = 0; i < nk; i++) {
                node *f = bsearch(&keep[i], nv, nn, sizeof *nv, node_by_id);
                keep[i].events = f ? f->events : 0;
            }
            if (nk)
                qsort(keep, nk, sizeof *keep, node_by_events);
            raw(&q->w, "{\"nodes\":[");
            for (size_t i = 0; i < nk; i++) {
                raw(&q->w, i ? ",{\"id\":" : "{\"id\":");
                str(&q->w, keep[i].id);
                fmt(&q->w, ",\"events\":%llu}", (unsigned long long)keep[i].events);
            }
            fmt(&q->w, "],\"total_edges\":%zu,\"edges\":[", k);
            for (size_t i = 0; i < shown; i++) {
                raw(&q->w, i ? ",{\"source\":" : "{\"source\":");
                str(&q->w, ev[i].source);
                key(&q->w, "target");
                str(&q->w, ev[i].target);
                fmt(&q->w, ",\"events\":%llu,\"goldstein\":", (unsigned long long)ev[i].events);
                num(&q->w, ev[i].goldstein / (double)ev[i].events, 2);
                raw(&q->w, "}");
            }
            raw(&q->w, "]}");
        }
        free(keep);
    }
    free(nv);
    free(ev);
    return status;
}

/* ---- the map --------------------------------------------------------------------------- */

/* Newest first: a map of many events shows the latest. */
static const char MAP_ORDER[] = " ORDER BY COALESCE(e.date_start, -2147483647) DESC, e.id";

static hr_status map(hr_store *s, const hr_api_query *a, req *q)
{
    hr_db *db = hr_store_db(s);
    static const char WHERE[] = " WHERE e.place IS NOT NULL AND e.lat IS NOT NULL"
                                " AND e.lon IS NOT NULL";
    hr_sql sql = {.kind = db->kind};
    hr_sql_add(&sql, "SELECT COUNT(*) FROM events e");
    hr_sql_add(&sql, WHERE);
    hr_sql_filters(&sql, &a->q);
    hr_stmt *st = hr_sql_prepare(db, &sql, &q->err);
    hr_sql_free(&sql);
    int rc = st ? hr_step(st, &q->err) : -1;
    uint64_t total = rc == 1 ? (uint64_t)hr_col_int(st, 0) : 0;
    hr_stmt_free(st);
    if (rc < 0)
        return q->err.code ? q->err.code : HR_ERR_IO;
    sql = (hr_sql){.kind = db->kind};
    hr_sql_add(&sql, "SELECT e.id, e.lat, e.lon, e.place, e.place_country, e.code,"
                     " e.date_value, e.source, e.target, e.quad, e.goldstein FROM events e");
    hr_sql_add(&sql, WHERE);
    hr_sql_filters(&sql, &a->q);
    hr_sql_add(&sql, MAP_ORDER);
    hr_sql_limit(&sql, a->q.limit, a->q.offset);
    st = hr_sql_prepare(db, &sql, &q->err);
    hr_sql_free(&sql);
    if (!st)
        return q->err.code ? q->err.code : HR_ERR_IO;
    fmt(&q->w, "{\"total\":%llu,\"points\":[", (unsigned long long)total);
    while ((rc = hr_step(st, &q->err)) == 1) {
        jw *w = &q->w;
        comma(q);
        raw(w, "{\"id\":");
        str(w, hr_col_text(st, 0));
        key(w, "lat");
        num(w, hr_col_double(st, 1), 4);
        key(w, "lon");
        num(w, hr_col_double(st, 2), 4);
        key(w, "place");
        str(w, hr_col_text(st, 3));
        key(w, "country");
        str(w, hr_col_null(st, 4) ? NULL : hr_col_text(st, 4));
        key(w, "code");
        str(w, hr_col_text(st, 5));
        key(w, "date");
        str(w, hr_col_null(st, 6) ? NULL : hr_col_text(st, 6));
        key(w, "source");
        str(w, hr_col_null(st, 7) ? NULL : hr_col_text(st, 7));
        key(w, "target");
        str(w, hr_col_null(st, 8) ? NULL : hr_col_text(st, 8));
        fmt(w, ",\"quad\":%d,\"goldstein\":", (int)hr_col_int(st, 9));
        num(w, hr_col_double(st, 10), 1);
        raw(w, "}");
    }
    raw(&q->w, "]}");
    hr_stmt_free(st);
    return rc < 0 ? (q->err.code ? q->err.code : HR_ERR_IO) : HR_OK;
}

/* ---- actors and dyads ---------------------------------------------------------------- */

static bool actor_row(void *ud, const hr_actor_row *r)
{
    req *q = ud;
    comma(q);
    raw(&q->w, "{\"code\":");
    str(&q->w, r->code);
    fmt(&q->w, ",\"as_source\":%llu,\"as_target\":%llu,\"cooperation\":%llu,"
               "\"conflict\":%llu,\"goldstein\":",
        (unsigned long long)r->as_source, (unsigned long long)r->as_target,
        (unsigned long long)r->cooperation, (unsigned long long)r->conflict);
    num(&q->w, r->goldstein, 2);
    raw(&q->w, "}");
    return !q->w.oom;
}

static bool dyad_row(void *ud, const hr_dyad_row *r)
{
    req *q = ud;
    comma(q);
    raw(&q->w, "{\"source\":");
    str(&q->w, r->source);
    key(&q->w, "target");
    str(&q->w, r->target);
    fmt(&q->w, ",\"events\":%llu,\"cooperation\":%llu,\"conflict\":%llu,\"goldstein\":",
        (unsigned long long)r->events, (unsigned long long)r->cooperation,
        (unsigned long long)r->conflict);
    num(&q->w, r->goldstein, 2);
    raw(&q->w, "}");
    return !q->w.oom;
}

/* ---- search ------------------------------------------------------------------------------ */

static bool has_fts(hr_db *db)
{
    if (db->kind != HR_DB_SQLITE)
        return false;
    hr_stmt *st = hr_db_prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'table'"
                                    " AND name = 'mentions_fts'", NULL);
    bool yes = st && hr_step(st, NULL) == 1;
    hr_stmt_free(st);
    return yes;
}

/* The words as an FTS5 query: each a quoted string (its quotes doubled),
 * all of them required. */
static char *fts_query(const char *words)
{
    size_t n = strlen(words);
    char *out = malloc(3 * n + 3), *o = out;
    if (!out)
        return NULL;
    for (const char *w = words;;) {
        while (*w && isspace((unsigned char)*w))
            w++;
        if (!*w)
            break;
        if (o > out)
            *o++ = ' ';
        *o++ = '"';
        for (; *w && !isspace((unsigned char)*w); w++) {
            if (*w == '"')
                *o++ = '"';
            *o++ = *w;
        }
        *o++ = '"';
    }
    *o = '\0';
    return out;
}

static hr_status search(hr_store *s, const hr_api_query *a, req *q)
{
    hr_db *db = hr_store_db(s);
    hr_sql sql = {.kind = db->kind};
    hr_sql_add(&sql, "SELECT em.event, m.doc, m.para, m.sentence, m.text, e.code, e.date_value"
                     " FROM mentions m JOIN event_mentions em ON em.doc = m.doc AND"
                     " em.idx = m.idx JOIN events e ON e.id = em.event WHERE ");
    if (db->kind == HR_DB_POSTGRES) {
        /* the 'simple' configuration: words as written, no stemming, as
         * SQLite's FTS5 tokenizer does */
        hr_sql_add(&sql, "to_tsvector('simple', COALESCE(m.text, '')) @@"
                         " plainto_tsquery('simple', CAST(? AS TEXT))");
        hr_sql_text(&sql, a->words, strlen(a->words), false);
    } else if (has_fts(db)) {
        char *fq = fts_query(a->words);
        if (!fq) {
            hr_sql_free(&sql);
            return HR_ERR_NOMEM;
        }
        hr_sql_add(&sql, "m.rowid IN (SELECT rowid FROM mentions_fts WHERE mentions_fts"
                         " MATCH ?)");
        hr_sql_text(&sql, fq, strlen(fq), false);
        free(fq);
    } else {
        /* no index: every word somewhere in the sentence, any case */
        hr_sql_add(&sql, "1 = 1");
        for (const char *w = a->words;;) {
            while (*w && isspace((unsigned char)*w))
                w++;
            if (!*w)
                break;
            size_t n = 0;
            while (w[n] && !isspace((unsigned char)w[n]))
                n++;
            hr_sql_add(&sql, " AND lower(m.text) LIKE lower(CAST(? AS TEXT)) ESCAPE '!'");
            hr_sql_text(&sql, w, n, true);
            w += n;
        }
    }
    hr_sql_filters(&sql, &a->q);
    hr_sql_add(&sql, " ORDER BY COALESCE(e.date_start, 2147483647), m.doc, m.idx");
    hr_sql_limit(&sql, a->q.limit, a->q.offset);
    hr_stmt *st = hr_sql_prepare(db, &sql, &q->err);
    hr_sql_free(&sql);
    if (!st)
        return q->err.code ? q->err.code : HR_ERR_IO;
    raw(&q->w, "{\"results\":[");
    int rc;
    while ((rc = hr_step(st, &q->err)) == 1) {
        jw *w = &q->w;
        comma(q);
        raw(w, "{\"event\":");
        str(w, hr_col_text(st, 0));
        key(w, "doc");
        str(w, hr_col_text(st, 1));
        fmt(w, ",\"para\":%lld,\"sentence\":%lld", (long long)hr_col_int(st, 2),
            (long long)hr_col_int(st, 3));
        key(w, "text");
        str(w, hr_col_null(st, 4) ? NULL : hr_col_text(st, 4));
        key(w, "code");
        str(w, hr_col_text(st, 5));
        key(w, "date");
        str(w, hr_col_null(st, 6) ? NULL : hr_col_text(st, 6));
        raw(w, "}");
    }
    raw(&q->w, "]}");
    hr_stmt_free(st);
    return rc < 0 ? (q->err.code ? q->err.code : HR_ERR_IO) : HR_OK;
}

/* ---- routing --------------------------------------------------------------------------------- */

void hr_api_handle(hr_store *s, const char *path, const char *qs, size_t qs_len,
                   unsigned limit_ms, hr_api_reply *r)
{
    memset(r, 0, sizeof *r);
    hr_api_query a;
    char msg[160];
    if (!hr_api_parse(qs, qs_len, &a, msg, sizeof msg)) {
        hr_api_query_free(&a);
        hr_api_error(r, 400, msg);
        return;
    }
    req q = {.first = true, .t0 = now_ms(), .limit_ms = limit_ms};
    hr_status st = HR_OK;
    const char *ep = path + 4;             /* after "/api" */
    if (!strcmp(ep, "/events")) {
        st = events(s, &a, &q);
    } else if (!strncmp(ep, "/event/", 7)) {
        bool found = false;
        if (id_ok(ep + 7))
            st = hr_store_event_show(s, ep + 7, show_event, show_mention, &q, &found, &q.err);
        if (st == HR_OK && !found) {
            hr_buf_free(&q.w.b);
            hr_api_query_free(&a);
            hr_api_error(r, 404, "no such event");
            return;
        }
        raw(&q.w, "]}");
    } else if (!strcmp(ep, "/timeline")) {
        st = timeline(s, &a, &q);
    } else if (!strcmp(ep, "/network")) {
        st = network(s, &a, &q);
    } else if (!strcmp(ep, "/map")) {
        st = map(s, &a, &q);
    } else if (!strcmp(ep, "/actors")) {
        raw(&q.w, "{\"actors\":[");
        st = hr_store_actors(s, &a.q, actor_row, &q, &q.err);
        raw(&q.w, "]}");
    } else if (!strcmp(ep, "/dyads")) {
        raw(&q.w, "{\"dyads\":[");
        st = hr_store_dyads(s, &a.q, dyad_row, &q, &q.err);
        raw(&q.w, "]}");
    } else if (!strcmp(ep, "/search")) {
        if (!a.words) {
            hr_api_query_free(&a);
            hr_api_error(r, 400, "q: the words to search for are required");
            return;
        }
        st = search(s, &a, &q);
    } else {
        hr_api_query_free(&a);
        hr_api_error(r, 404, "no such endpoint (docs/api.md lists them)");
        return;
    }
    hr_api_query_free(&a);
    finish(&q, st, r);
}
