/* query.c - reading the stored events back: the filters every reader
 * shares (herald export, herald events, herald serve), and the queries
 * behind herald events, timeline, show, actors and dyads.
 *
 * The filters become SQL with a `?` for every value (hr_sql_filters); no
 * value is ever pasted into the SQL text. A code prefix is matched by a
 * range the column's index can walk (code >= '19' AND code < '1:') and,
 * to stay exact whatever the collation, by its first bytes as well.
 *
 * The queries hand rows to a callback, so that the command line and the
 * HTTP server print them each in their own way; a row's strings live
 * until the callback returns. The date order walks the events_date index
 * (events with a date first, then those with no year by month and day,
 * then the undated), so a page costs its own rows, not a sort of them
 * all.
 */
#include "db.h"
#include "code/code.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- building SQL ------------------------------------------------------ */

void hr_sql_add(hr_sql *q, const char *text)
{
    if (!q->oom && !hr_buf_append(&q->text, text, strlen(text)))
        q->oom = true;
}

static hr_sql_value *new_value(hr_sql *q)
{
    if (q->oom || !hr_grow((void **)&q->v, &q->cap, q->n + 1, sizeof *q->v)) {
        q->oom = true;
        return NULL;
    }
    hr_sql_value *v = &q->v[q->n++];
    memset(v, 0, sizeof *v);
    return v;
}

void hr_sql_int(hr_sql *q, int64_t i)
{
    hr_sql_value *v = new_value(q);
    if (v) {
        v->is_int = true;
        v->i = i;
    }
}

void hr_sql_text(hr_sql *q, const char *s, size_t n, bool like)
{
    hr_sql_value *v = new_value(q);
    if (!v)
        return;
    if (!(v->s = malloc(2 * n + 3))) {
        q->oom = true;
        return;
    }
    size_t k = 0;
    if (like)
        v->s[k++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (like && (s[i] == '!' || s[i] == '%' || s[i] == '_'))
            v->s[k++] = '!';
        v->s[k++] = s[i];
    }
    if (like)
        v->s[k++] = '%';
    v->s[k] = '\0';
}

/* "column starts with value". The range lets the column's index find the
 * rows; it is exact for SQLite's byte order and for PostgreSQL databases
 * in the C collation (scripts/pg-test.sh makes them so), and the substr
 * comparison keeps the answer exact under any other collation. A value
 * whose last byte cannot be raised (not ASCII) gets no range. */
static void prefix(hr_sql *q, const char *column, const char *value)
{
    size_t n = strlen(value);
    unsigned char last = n ? (unsigned char)value[n - 1] : 0;
    hr_sql_add(q, "(");
    if (n && last < 0x7e) {
        char *upper = malloc(n + 1);
        if (!upper) {
            q->oom = true;
            return;
        }
        memcpy(upper, value, n + 1);
        upper[n - 1] = (char)(last + 1);
        hr_sql_add(q, column);
        hr_sql_add(q, " >= ? AND ");
        hr_sql_add(q, column);
        hr_sql_add(q, " < ? AND ");
        hr_sql_text(q, value, n, false);
        hr_sql_text(q, upper, n, false);
        free(upper);
    }
    hr_sql_add(q, "substr(");
    hr_sql_add(q, column);
    hr_sql_add(q, ", 1, ?) = ?)");
    hr_sql_int(q, (int64_t)n);
    hr_sql_text(q, value, n, false);
}

static int64_t day_of(const hr_date *d, bool last)
{
    int m = d->month ? d->month : last ? 12 : 1;
    int day = d->day ? d->day : last ? hr_days_in_month(d->year, m) : 1;
    return hr_days_from_civil(d->year, m, day);
}

void hr_sql_filters(hr_sql *s, const hr_query *q)
{
    if (q->n_actors) {
        hr_sql_add(s, " AND (");
        for (size_t i = 0; i < q->n_actors && i < 8; i++) {
            hr_sql_add(s, i ? " OR " : "");
            prefix(s, "e.source", q->actors[i]);
            hr_sql_add(s, " OR ");
            prefix(s, "e.target", q->actors[i]);
        }
        hr_sql_add(s, ")");
    }
    if (q->source && *q->source) {
        hr_sql_add(s, " AND ");
        prefix(s, "e.source", q->source);
    }
    if (q->target && *q->target) {
        hr_sql_add(s, " AND ");
        prefix(s, "e.target", q->target);
    }
    if (q->code && *q->code) {
        hr_sql_add(s, " AND ");
        prefix(s, "e.code", q->code);
    }
    if (q->quad) {
        hr_sql_add(s, " AND e.quad = ?");
        hr_sql_int(s, q->quad);
    }
    /* overlapping [from, to]: an event with no day numbers (undated, or
     * with no year) overlaps no interval */
    if (q->from.year > 0) {
        hr_sql_add(s, " AND e.date_end >= ?");
        hr_sql_int(s, day_of(&q->from, false));
    }
    if (q->to.year > 0) {
        hr_sql_add(s, " AND e.date_start <= ?");
        hr_sql_int(s, day_of(&q->to, true));
    }
    if (q->place && *q->place) {
        hr_sql_add(s, " AND (lower(e.place) = lower(CAST(? AS TEXT)) OR e.place_country = "
                      "upper(CAST(? AS TEXT)))");
        hr_sql_text(s, q->place, strlen(q->place), false);
        hr_sql_text(s, q->place, strlen(q->place), false);
    }
    if (q->text && *q->text) {
        /* every word in one sentence of the event's mentions */
        hr_sql_add(s, " AND EXISTS (SELECT 1 FROM event_mentions em JOIN mentions m ON"
                      " m.doc = em.doc AND m.idx = em.idx WHERE em.event = e.id");
        const char *w = q->text;
        for (;;) {
            while (*w && isspace((unsigned char)*w))
                w++;
            if (!*w)
                break;
            size_t n = 0;
            while (w[n] && !isspace((unsigned char)w[n]))
                n++;
            hr_sql_add(s, " AND lower(m.text) LIKE lower(CAST(? AS TEXT)) ESCAPE '!'");
            hr_sql_text(s, w, n, true);
            w += n;
        }
        hr_sql_add(s, ")");
    }
    if (q->min_sources > 1) {
        hr_sql_add(s, " AND e.articles >= ?");
        hr_sql_int(s, q->min_sources);
    }
    if (!q->include_background) {
        hr_sql_add(s, " AND (e.flags IS NULL OR (e.flags & ?) = 0)");
        hr_sql_int(s, HR_EVT_BACKGROUND);
    }
}

void hr_sql_limit(hr_sql *q, uint64_t limit, uint64_t offset)
{
    if (limit) {
        hr_sql_add(q, " LIMIT ?");
        hr_sql_int(q, limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
    } else if (offset && q->kind == HR_DB_SQLITE) {
        hr_sql_add(q, " LIMIT -1");         /* SQLite takes OFFSET only after LIMIT */
    }
    if (offset) {
        hr_sql_add(q, " OFFSET ?");
        hr_sql_int(q, offset > INT64_MAX ? INT64_MAX : (int64_t)offset);
    }
}

hr_stmt *hr_sql_prepare(hr_db *db, hr_sql *q, hr_error *err)
{
    if (!q->oom && !hr_buf_putc(&q->text, '\0'))
        q->oom = true;
    if (q->oom) {
        hr_error_set(err, HR_ERR_NOMEM, db->name, NULL, 0, UINT64_MAX, "out of memory");
        return NULL;
    }
    q->text.len--;                          /* the NUL is not part of the text */
    hr_stmt *st = hr_db_prepare(db, q->text.data, err);
    for (size_t i = 0; st && i < q->n; i++) {
        if (q->v[i].is_int)
            hr_bind_int(st, (int)i + 1, q->v[i].i);
        else
            hr_bind_text(st, (int)i + 1, q->v[i].s);
    }
    return st;
}

void hr_sql_free(hr_sql *q)
{
    for (size_t i = 0; i < q->n; i++)
        free(q->v[i].s);
    free(q->v);
    hr_buf_free(&q->text);
    memset(q, 0, sizeof *q);
}

/* ---- the CAMEO names ---------------------------------------------------- */

/* The names of the built-in CAMEO table (data/cameo-events.txt: code, tab,
 * Goldstein, tab, quad, tab, name), read from the compiled-in text once
 * per query call: a few hundred lines, no hr_verbs needed. */
typedef struct cameo_name {
    char code[8];
    const char *name;
    int len;
} cameo_name;

typedef struct names {
    cameo_name *v;
    size_t n, cap;
    char buf[128];             /* the name of the row being handed out */
} names;

/* The start of the n-th tab-separated field of [p, eol), or NULL. */
static const char *field(const char *p, const char *eol, int n)
{
    for (; n > 0 && p; n--) {
        p = memchr(p, '\t', (size_t)(eol - p));
        if (p)
            p++;
    }
    return p;
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const cameo_name *)a)->code, ((const cameo_name *)b)->code);
}

static bool names_load(names *t)
{
    memset(t, 0, sizeof *t);
    const char *p = hr_blob_cameo, *end = hr_blob_cameo_end;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *name = *p != '#' ? field(p, eol, 3) : NULL;
        size_t code_len = name ? strcspn(p, "\t") : 0;
        if (name && code_len && code_len < 8) {
            if (!hr_grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v))
                return false;
            cameo_name *c = &t->v[t->n++];
            memcpy(c->code, p, code_len);
            c->code[code_len] = '\0';
            c->name = name;
            c->len = (int)(eol - name);
        }
        p = eol + 1;
    }
    if (t->n)
        qsort(t->v, t->n, sizeof *t->v, cmp_code);
    return true;
}

/* The name of a CAMEO code ("" when the table does not have it), valid
 * until the next call. */
static const char *name_of(names *t, const char *code)
{
    t->buf[0] = '\0';
    cameo_name key;
    if (!code || strlen(code) >= sizeof key.code || !t->n)
        return t->buf;
    strcpy(key.code, code);
    const cameo_name *c = bsearch(&key, t->v, t->n, sizeof *t->v, cmp_code);
    if (c)
        snprintf(t->buf, sizeof t->buf, "%.*s", c->len, c->name);
    return t->buf;
}

static void names_free(names *t)
{
    free(t->v);
    memset(t, 0, sizeof *t);
}

/* ---- events -------------------------------------------------------------- */

bool hr_sort_parse(const char *name, hr_sort *out)
{
    static const char *const NAMES[] = {"date", "-date", "mentions", "-mentions",
                                        "goldstein", "-goldstein"};
    for (int i = 0; name && i < (int)(sizeof NAMES / sizeof *NAMES); i++)
        if (!strcmp(name, NAMES[i])) {
            *out = (hr_sort)i;
            return true;
        }
    return false;
}

/* The event columns, in this order. */
enum {
    E_ID, E_DATE, E_PREC, E_HOW, E_START, E_END, E_SOURCE, E_TARGET, E_CODE, E_ROOT, E_QUAD,
    E_GOLD, E_PLACE, E_COUNTRY, E_LAT, E_LON, E_MENTIONS, E_REPEATS, E_ARTICLES, E_OUTLETS,
    E_FIRST, E_TONE, E_CLAIM, E_FLAGS, E_DISPUTED
};

static const char EVENT_COLUMNS[] =
    "SELECT e.id, e.date_value, e.date_precision, e.date_how, e.date_start, e.date_end,"
    " e.source, e.target, e.code, e.root, e.quad, e.goldstein, e.place, e.place_country,"
    " e.lat, e.lon, e.mentions, e.repeats, e.articles, e.outlets, e.first_seen, e.tone,"
    " e.claim_by, e.flags, e.disputed_with FROM events e WHERE 1 = 1";

/* The strongest source of an event: its first in the aggregator's order. */
static const char EVIDENCE_SQL[] =
    "SELECT m.text, d.outlet, (SELECT MIN(u.url) FROM document_urls u WHERE u.doc = m.doc),"
    " m.doc FROM event_mentions em JOIN mentions m ON m.doc = em.doc AND m.idx = em.idx"
    " JOIN documents d ON d.id = m.doc WHERE em.event = ?" HR_SQL_SOURCE_ORDER " LIMIT 1";

static const char *opt(hr_stmt *q, int c)
{
    return hr_col_null(q, c) ? NULL : hr_col_text(q, c);
}

static uint32_t count_col(hr_stmt *q, int c)
{
    int64_t v = hr_col_int(q, c);
    return v < 0 ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static void iso_day(int64_t day, char out[11])
{
    int y, m, d;
    hr_civil_from_days((int32_t)day, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = 0;                             /* not from herald run: keep 10 bytes */
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static void event_row(hr_stmt *e, names *t, hr_event_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = hr_col_text(e, E_ID);
    r->date = opt(e, E_DATE);
    r->precision = opt(e, E_PREC);
    r->how = opt(e, E_HOW);
    r->has_days = !hr_col_null(e, E_START) && !hr_col_null(e, E_END);
    r->day_first = hr_col_int(e, E_START);
    r->day_last = hr_col_int(e, E_END);
    if (r->has_days) {
        iso_day(r->day_first, r->first_day);
        iso_day(r->day_last, r->last_day);
    }
    r->source = opt(e, E_SOURCE);
    r->target = opt(e, E_TARGET);
    r->code = hr_col_text(e, E_CODE);
    r->root = hr_col_text(e, E_ROOT);
    r->code_name = name_of(t, r->code);
    r->quad = (int)hr_col_int(e, E_QUAD);
    r->goldstein = hr_col_double(e, E_GOLD);
    r->place = opt(e, E_PLACE);
    r->country = opt(e, E_COUNTRY);
    r->lat = hr_col_double(e, E_LAT);
    r->lon = hr_col_double(e, E_LON);
    r->mentions = count_col(e, E_MENTIONS);
    r->repeats = count_col(e, E_REPEATS);
    r->articles = count_col(e, E_ARTICLES);
    r->outlets = count_col(e, E_OUTLETS);
    r->first_seen = opt(e, E_FIRST);
    r->tone = hr_col_double(e, E_TONE);
    r->claim_by = opt(e, E_CLAIM);
    r->flags = (unsigned)hr_col_int(e, E_FLAGS);
    r->disputed_with = opt(e, E_DISPUTED);
}

static hr_status db_error(hr_error *err)
{
    return err && err->code ? err->code : HR_ERR_IO;
}

/* What one run of the event rows shares. */
typedef struct walk {
    hr_store *s;
    names names;
    hr_stmt *evidence;         /* NULL without HR_ROWS_EVIDENCE */
    hr_event_row_fn fn;
    void *ud;
    bool stopped;              /* the callback said stop */
} walk;

/* Hands every row of the prepared event query e to the callback; counts
 * them into *n. */
static hr_status walk_rows(walk *w, hr_stmt *e, uint64_t *n, hr_error *err)
{
    int rc = 0;
    while (!w->stopped && (rc = hr_step(e, err)) == 1) {
        hr_event_row r;
        event_row(e, &w->names, &r);
        int erc = 0;
        if (w->evidence) {
            hr_bind_text(w->evidence, 1, r.id);
            if ((erc = hr_step(w->evidence, err)) == 1) {
                r.sentence = opt(w->evidence, 0);
                r.outlet = opt(w->evidence, 1);
                r.url = opt(w->evidence, 2);
                r.doc = opt(w->evidence, 3);
            }
        }
        if (erc >= 0 && !w->fn(w->ud, &r))
            w->stopped = true;
        if (w->evidence)
            hr_stmt_reset(w->evidence);
        if (erc < 0) {
            hr_stmt_reset(e);
            return db_error(err);
        }
        (*n)++;
    }
    hr_stmt_reset(e);
    return !w->stopped && rc < 0 ? db_error(err) : HR_OK;
}

/* One event query: the filters of q, `extra` SQL, the order, the page. */
static hr_status run_events(walk *w, const hr_query *q, const char *extra, const char *order,
                            uint64_t limit, uint64_t offset, uint64_t *n, hr_error *err)
{
    hr_db *db = hr_store_db(w->s);
    hr_sql sql = {.kind = db->kind};
    hr_sql_add(&sql, EVENT_COLUMNS);
    hr_sql_filters(&sql, q);
    hr_sql_add(&sql, extra);
    hr_sql_add(&sql, order);
    hr_sql_limit(&sql, limit, offset);
    hr_stmt *e = hr_sql_prepare(db, &sql, err);
    hr_status st = e ? walk_rows(w, e, n, err) : db_error(err);
    hr_stmt_free(e);
    hr_sql_free(&sql);
    return st;
}

/* How many events q takes with `extra` SQL added. */
static hr_status count_events(hr_store *s, const hr_query *q, const char *extra, uint64_t *n,
                              hr_error *err)
{
    hr_db *db = hr_store_db(s);
    hr_sql sql = {.kind = db->kind};
    hr_sql_add(&sql, "SELECT COUNT(*) FROM events e WHERE 1 = 1");
    hr_sql_filters(&sql, q);
    hr_sql_add(&sql, extra);
    hr_stmt *c = hr_sql_prepare(db, &sql, err);
    hr_status st = HR_OK;
    int rc = c ? hr_step(c, err) : -1;
    if (rc == 1)
        *n = (uint64_t)hr_col_int(c, 0);
    else
        st = db_error(err);
    hr_stmt_free(c);
    hr_sql_free(&sql);
    return st;
}

hr_status hr_store_count(hr_store *s, const hr_query *q, uint64_t *n, hr_error *err)
{
    *n = 0;
    return count_events(s, q, "", n, err);
}

/* Events with days (a year known) come first in the date orders, by the
 * events_date index; then those with no year, by month and day (their
 * date_from is the month-day number), and the undated. The two parts are
 * two queries, so that the first can walk the index. */
static const char DATED[] = " AND e.date_start IS NOT NULL";
static const char NOT_DATED[] = " AND e.date_start IS NULL";
static const char NOT_DATED_ORDER[] =
    " ORDER BY CASE WHEN e.date_precision IS NULL THEN 1 ELSE 0 END, e.date_from, e.id";

static hr_status date_order(walk *w, const hr_query *q, bool desc, hr_error *err)
{
    uint64_t k = 0;
    hr_status st = run_events(w, q, DATED,
                              desc ? " ORDER BY e.date_start DESC, e.date_end DESC, e.id"
                                   : " ORDER BY e.date_start, e.date_end, e.id",
                              q->limit, q->offset, &k, err);
    if (st != HR_OK || w->stopped || (q->limit && k == q->limit))
        return st;
    /* the dated events before the page's rest: all of them were skipped
     * (k == 0) or the page ended inside them */
    uint64_t dated = q->offset + k;
    if (k == 0 && q->offset && (st = count_events(w->s, q, DATED, &dated, err)) != HR_OK)
        return st;
    uint64_t offset = q->offset > dated ? q->offset - dated : 0;
    uint64_t limit = q->limit ? q->limit - k : 0;
    uint64_t k2 = 0;
    return run_events(w, q, NOT_DATED, NOT_DATED_ORDER, limit, offset, &k2, err);
}

hr_status hr_store_events(hr_store *s, const hr_query *q, unsigned flags, hr_event_row_fn fn,
                          void *ud, hr_error *err)
{
    static const hr_query all;
    if (!q)
        q = &all;
    walk w = {.s = s, .fn = fn, .ud = ud};
    hr_status st = HR_OK;
    if (!names_load(&w.names)) {
        names_free(&w.names);
        return hr_error_set(err, HR_ERR_NOMEM, hr_store_db(s)->name, NULL, 0, UINT64_MAX,
                            "out of memory");
    }
    if ((flags & HR_ROWS_EVIDENCE) &&
        !(w.evidence = hr_db_prepare(hr_store_db(s), EVIDENCE_SQL, err))) {
        names_free(&w.names);
        return db_error(err);
    }
    /* the other orders sort what the filters take; ties by date, then id */
    static const char *const ORDER[] = {
        [HR_SORT_MENTIONS] = " ORDER BY e.mentions, COALESCE(e.date_start, 2147483647), e.id",
        [HR_SORT_MENTIONS_DESC] =
            " ORDER BY e.mentions DESC, COALESCE(e.date_start, 2147483647), e.id",
        [HR_SORT_GOLDSTEIN] = " ORDER BY e.goldstein, COALESCE(e.date_start, 2147483647), e.id",
        [HR_SORT_GOLDSTEIN_DESC] =
            " ORDER BY e.goldstein DESC, COALESCE(e.date_start, 2147483647), e.id",
    };
    uint64_t n = 0;
    switch (q->sort) {
    case HR_SORT_DATE:
    case HR_SORT_DATE_DESC:
        st = date_order(&w, q, q->sort == HR_SORT_DATE_DESC, err);
        break;
    case HR_SORT_MENTIONS:
    case HR_SORT_MENTIONS_DESC:
    case HR_SORT_GOLDSTEIN:
    case HR_SORT_GOLDSTEIN_DESC:
        st = run_events(&w, q, "", ORDER[q->sort], q->limit, q->offset, &n, err);
        break;
    default:
        st = hr_error_set(err, HR_ERR_ARG, "query", NULL, 0, UINT64_MAX, "unknown sort %d",
                          q->sort);
    }
    hr_stmt_free(w.evidence);
    names_free(&w.names);
    return st;
}

/* ---- one event and its mentions ------------------------------------------- */

enum {
    M_DOC, M_URL, M_OUTLET, M_TITLE, M_PUBLISHED, M_PARA, M_SENTENCE, M_SSTART, M_TEXT,
    M_SOURCE, M_SRC_START, M_SRC_END, M_TARGET, M_TGT_START, M_TGT_END, M_VERB_START,
    M_VERB_END, M_CODE, M_QUAD, M_GOLD, M_DATE, M_PREC, M_HOW, M_DATE_TEXT, M_PLACE,
    M_COUNTRY, M_LAT, M_LON, M_VIA, M_CLAIM, M_FLAGS, M_REPEAT
};

static const char MENTIONS_SQL[] =
    "SELECT m.doc, (SELECT MIN(u.url) FROM document_urls u WHERE u.doc = m.doc), d.outlet,"
    " d.title, d.date, m.para, m.sentence, m.sentence_start, m.text, m.source,"
    " m.source_start, m.source_end, m.target, m.target_start, m.target_end, m.verb_start,"
    " m.verb_end, m.code, m.quad, m.goldstein, m.date_value, m.date_precision, m.date_how,"
    " m.date_text, m.place, m.place_country, m.lat, m.lon, m.via, m.claim_by, m.flags,"
    " em.repeat FROM event_mentions em JOIN mentions m ON m.doc = em.doc AND m.idx = em.idx"
    " JOIN documents d ON d.id = m.doc WHERE em.event = ?" HR_SQL_SOURCE_ORDER;

/* A span stored in paragraph bytes as one in the sentence's bytes (which
 * start at the paragraph's byte `base`); empty when it is not inside. */
static hr_span sentence_span(hr_stmt *m, int c_start, int64_t base, size_t len)
{
    hr_span sp = {0, 0};
    if (hr_col_null(m, c_start) || hr_col_null(m, c_start + 1))
        return sp;
    int64_t a = hr_col_int(m, c_start) - base, b = hr_col_int(m, c_start + 1) - base;
    if (a >= 0 && b > a && b <= (int64_t)len) {
        sp.start = (uint32_t)a;
        sp.end = (uint32_t)b;
    }
    return sp;
}

static void mention_row(hr_stmt *m, names *t, hr_mention_row *r)
{
    memset(r, 0, sizeof *r);
    r->doc = hr_col_text(m, M_DOC);
    r->url = opt(m, M_URL);
    r->outlet = opt(m, M_OUTLET);
    r->title = opt(m, M_TITLE);
    r->published = opt(m, M_PUBLISHED);
    r->para = count_col(m, M_PARA);
    r->sentence = count_col(m, M_SENTENCE);
    r->text = hr_col_text(m, M_TEXT);
    size_t len = strlen(r->text);
    int64_t base = hr_col_int(m, M_SSTART);
    r->source = opt(m, M_SOURCE);
    r->target = opt(m, M_TARGET);
    if (r->source)
        r->source_span = sentence_span(m, M_SRC_START, base, len);
    if (r->target)
        r->target_span = sentence_span(m, M_TGT_START, base, len);
    r->verb_span = sentence_span(m, M_VERB_START, base, len);
    r->code = hr_col_text(m, M_CODE);
    r->code_name = name_of(t, r->code);
    r->quad = (int)hr_col_int(m, M_QUAD);
    r->goldstein = hr_col_double(m, M_GOLD);
    r->date = opt(m, M_DATE);
    r->precision = opt(m, M_PREC);
    r->how = opt(m, M_HOW);
    r->date_text = opt(m, M_DATE_TEXT);
    /* the time expression's place in the sentence: its first occurrence
     * (the store keeps its words, not its span) */
    const char *at = r->date_text && *r->date_text ? strstr(r->text, r->date_text) : NULL;
    if (at) {
        r->date_span.start = (uint32_t)(at - r->text);
        r->date_span.end = r->date_span.start + (uint32_t)strlen(r->date_text);
    }
    r->place = opt(m, M_PLACE);
    r->country = opt(m, M_COUNTRY);
    r->lat = hr_col_double(m, M_LAT);
    r->lon = hr_col_double(m, M_LON);
    r->via = opt(m, M_VIA);
    r->claim_by = opt(m, M_CLAIM);
    r->flags = (unsigned)hr_col_int(m, M_FLAGS);
    r->repeat = hr_col_int(m, M_REPEAT) != 0;
}

hr_status hr_store_event_show(hr_store *s, const char *id, hr_event_row_fn ev_fn,
                              hr_mention_row_fn m_fn, void *ud, bool *found, hr_error *err)
{
    *found = false;
    hr_db *db = hr_store_db(s);
    names t;
    if (!names_load(&t)) {
        names_free(&t);
        return hr_error_set(err, HR_ERR_NOMEM, db->name, NULL, 0, UINT64_MAX, "out of memory");
    }
    hr_sql sql = {.kind = db->kind};
    hr_sql_add(&sql, EVENT_COLUMNS);
    hr_sql_add(&sql, " AND e.id = ?");
    hr_sql_text(&sql, id, strlen(id), false);
    hr_stmt *e = hr_sql_prepare(db, &sql, err), *m = NULL;
    hr_status st = HR_OK;
    int rc = e ? hr_step(e, err) : -1;
    if (rc < 0) {
        st = db_error(err);
        goto done;
    }
    if (rc == 0)
        goto done;
    *found = true;
    hr_event_row r;
    event_row(e, &t, &r);
    if (ev_fn && !ev_fn(ud, &r))
        goto done;
    if (!m_fn)
        goto done;
    if (!(m = hr_db_prepare(db, MENTIONS_SQL, err))) {
        st = db_error(err);
        goto done;
    }
    hr_bind_text(m, 1, id);
    while ((rc = hr_step(m, err)) == 1) {
        hr_mention_row mr;
        mention_row(m, &t, &mr);
        if (!m_fn(ud, &mr))
            break;
    }
    if (rc < 0)
        st = db_error(err);
done:
    hr_stmt_free(m);
    hr_stmt_free(e);
    hr_sql_free(&sql);
    names_free(&t);
    return st;
}

/* ---- actors and dyads --------------------------------------------------------- */

/* Counts per group of the events q takes; `select` names the groups'
 * columns and sums, `from` is the events table or a union over it (each
 * part with its own filters: `parts` times), `group` the rest. */
static hr_stmt *grouped(hr_store *s, hr_sql *sql, const hr_query *q, const char *const *parts,
                        size_t n_parts, const char *rest, hr_error *err)
{
    hr_db *db = hr_store_db(s);
    sql->kind = db->kind;
    for (size_t i = 0; i < n_parts; i++) {
        hr_sql_add(sql, parts[i]);
        hr_sql_filters(sql, q);
    }
    hr_sql_add(sql, rest);
    hr_sql_limit(sql, q->limit, q->offset);
    return hr_sql_prepare(db, sql, err);
}

hr_status hr_store_actors(hr_store *s, const hr_query *q, hr_actor_row_fn fn, void *ud,
                          hr_error *err)
{
    static const hr_query all;
    if (!q)
        q = &all;
    /* each event once as its source's and once as its target's */
    static const char *const PARTS[] = {
        "SELECT a.code, SUM(a.src), SUM(a.tgt), SUM(CASE WHEN a.quad <= 2 THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN a.quad >= 3 THEN 1 ELSE 0 END), AVG(a.goldstein) FROM ("
        "SELECT e.source AS code, 1 AS src, 0 AS tgt, e.quad AS quad, e.goldstein AS goldstein"
        " FROM events e WHERE e.source IS NOT NULL",
        " UNION ALL SELECT e.target, 0, 1, e.quad, e.goldstein FROM events e"
        " WHERE e.target IS NOT NULL"};
    hr_sql sql = {0};
    hr_stmt *st = grouped(s, &sql, q, PARTS, 2,
                          ") a GROUP BY a.code ORDER BY COUNT(*) DESC, a.code", err);
    hr_status status = st ? HR_OK : db_error(err);
    int rc = 0;
    while (st && (rc = hr_step(st, err)) == 1) {
        hr_actor_row r = {.code = hr_col_text(st, 0),
                          .as_source = (uint64_t)hr_col_int(st, 1),
                          .as_target = (uint64_t)hr_col_int(st, 2),
                          .cooperation = (uint64_t)hr_col_int(st, 3),
                          .conflict = (uint64_t)hr_col_int(st, 4),
                          .goldstein = hr_col_double(st, 5)};
        if (!fn(ud, &r))
            break;
    }
    if (st && rc < 0)
        status = db_error(err);
    hr_stmt_free(st);
    hr_sql_free(&sql);
    return status;
}

hr_status hr_store_dyads(hr_store *s, const hr_query *q, hr_dyad_row_fn fn, void *ud,
                         hr_error *err)
{
    static const hr_query all;
    if (!q)
        q = &all;
    static const char *const PARTS[] = {
        "SELECT e.source, e.target, COUNT(*), SUM(CASE WHEN e.quad <= 2 THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN e.quad >= 3 THEN 1 ELSE 0 END), AVG(e.goldstein) FROM events e"
        " WHERE e.source IS NOT NULL AND e.target IS NOT NULL"};
    hr_sql sql = {0};
    hr_stmt *st = grouped(s, &sql, q, PARTS, 1,
                          " GROUP BY e.source, e.target ORDER BY COUNT(*) DESC, e.source,"
                          " e.target", err);
    hr_status status = st ? HR_OK : db_error(err);
    int rc = 0;
    while (st && (rc = hr_step(st, err)) == 1) {
        hr_dyad_row r = {.source = hr_col_text(st, 0),
                         .target = hr_col_text(st, 1),
                         .events = (uint64_t)hr_col_int(st, 2),
                         .cooperation = (uint64_t)hr_col_int(st, 3),
                         .conflict = (uint64_t)hr_col_int(st, 4),
                         .goldstein = hr_col_double(st, 5)};
        if (!fn(ud, &r))
            break;
    }
    if (st && rc < 0)
        status = db_error(err);
    hr_stmt_free(st);
    hr_sql_free(&sql);
    return status;
}
