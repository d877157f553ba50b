/* store.c - the store stage: documents, their mentions and the events they
 * make, in SQLite or PostgreSQL (the SQL is written once, against db.h).
 *
 * Writing: each document (its row, URLs, paragraph kinds, mentions) goes
 * into the open transaction, committed every BATCH documents; a killed run
 * therefore leaves whole documents only, and the next run, which skips the
 * documents already stored, completes it.
 *
 * Aggregating: a mention's group ("ARM|AZE|190": hr_aggregate_group_key)
 * is the set of mentions that can be one event. Adding a mention marks its
 * group dirty (in the same transaction). hr_store_aggregate reloads every
 * dirty group's mentions, aggregates them (aggregate.c, which depends only
 * on the set), replaces the group's events and clears the mark, in one
 * transaction; then does the same for the disputes of each dyad whose
 * events changed. Whatever was killed midway is still marked and is done
 * by the next run, so an interrupted run and a whole one end equal.
 */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 200                 /* documents per transaction */
#define GROUPS_PER_TX 256         /* event groups aggregated per transaction */

/* Portable SQL: SQLite and PostgreSQL both read it. */
static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS herald_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS documents ("
    " id TEXT PRIMARY KEY, title TEXT, date TEXT, date_source TEXT, date_how TEXT,"
    " date_evidence TEXT, lang TEXT, outlet TEXT, duplicate TEXT, duplicate_of TEXT,"
    " tone DOUBLE PRECISION, words BIGINT, paragraphs BIGINT, mentions BIGINT,"
    " file TEXT, record BIGINT, format TEXT);"
    "CREATE TABLE IF NOT EXISTS document_urls ("
    " doc TEXT NOT NULL, url TEXT NOT NULL, outlet TEXT, PRIMARY KEY (doc, url));"
    "CREATE TABLE IF NOT EXISTS paragraphs ("
    " doc TEXT NOT NULL, idx BIGINT NOT NULL, kind TEXT NOT NULL, reason TEXT, lang TEXT,"
    " repeat_of_doc TEXT, repeat_of_para BIGINT, PRIMARY KEY (doc, idx));"
    "CREATE TABLE IF NOT EXISTS mentions ("
    " doc TEXT NOT NULL, idx BIGINT NOT NULL, para BIGINT NOT NULL, sentence BIGINT NOT NULL,"
    " sentence_start BIGINT, sentence_end BIGINT, text TEXT,"
    " source TEXT, source_start BIGINT, source_end BIGINT,"
    " target TEXT, target_start BIGINT, target_end BIGINT,"
    " verb_start BIGINT, verb_end BIGINT, code TEXT NOT NULL, root TEXT, quad BIGINT,"
    " goldstein DOUBLE PRECISION, date_value TEXT, date_from BIGINT, date_to BIGINT,"
    " date_precision TEXT, date_how TEXT, date_text TEXT, date_start BIGINT, date_end BIGINT,"
    " place TEXT, place_country TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION,"
    " claim_by TEXT, flags BIGINT, via TEXT, pattern TEXT, grp TEXT NOT NULL,"
    " PRIMARY KEY (doc, idx));"
    "CREATE INDEX IF NOT EXISTS mentions_grp ON mentions (grp);"
    "CREATE TABLE IF NOT EXISTS events ("
    " id TEXT PRIMARY KEY, grp TEXT NOT NULL, dyad TEXT NOT NULL,"
    " date_value TEXT, date_from BIGINT, date_to BIGINT, date_precision TEXT, date_how TEXT,"
    " date_start BIGINT, date_end BIGINT, source TEXT, target TEXT, code TEXT NOT NULL,"
    " root TEXT, quad BIGINT, goldstein DOUBLE PRECISION,"
    " place TEXT, place_country TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION,"
    " mentions BIGINT, repeats BIGINT, articles BIGINT, outlets BIGINT, first_seen TEXT,"
    " tone DOUBLE PRECISION, claim_by TEXT, flags BIGINT, disputed_with TEXT);"
    "CREATE INDEX IF NOT EXISTS events_grp ON events (grp);"
    "CREATE INDEX IF NOT EXISTS events_dyad ON events (dyad);"
    "CREATE INDEX IF NOT EXISTS events_date ON events (date_start);"
    "CREATE INDEX IF NOT EXISTS events_source ON events (source);"
    "CREATE INDEX IF NOT EXISTS events_target ON events (target);"
    "CREATE INDEX IF NOT EXISTS events_code ON events (code);"
    "CREATE TABLE IF NOT EXISTS event_mentions ("
    " event TEXT NOT NULL, doc TEXT NOT NULL, idx BIGINT NOT NULL, repeat BIGINT NOT NULL,"
    " PRIMARY KEY (doc, idx));"
    "CREATE INDEX IF NOT EXISTS event_mentions_event ON event_mentions (event);"
    "CREATE TABLE IF NOT EXISTS dirty_groups (grp TEXT PRIMARY KEY);"
    "CREATE TABLE IF NOT EXISTS dirty_dyads (dyad TEXT PRIMARY KEY);";

enum {
    S_KNOWN, S_URL_KNOWN, S_URL_ADD, S_DOC, S_PARA, S_MENTION, S_DIRTY, S_DIRTY_LIST,
    S_GROUP, S_EV_DEL_LINKS, S_EV_DEL, S_EV_ADD, S_EV_LINK, S_DIRTY_DEL, S_DYAD_ADD,
    S_DYAD_LIST, S_DYAD_EVENTS, S_DYAD_SET, S_DYAD_DEL, S_COUNT
};

static const char *const SQL[S_COUNT] = {
    [S_KNOWN] = "SELECT 1 FROM documents WHERE id = ?",
    [S_URL_KNOWN] = "SELECT 1 FROM document_urls WHERE doc = ? AND url = ?",
    [S_URL_ADD] = "INSERT INTO document_urls (doc, url, outlet) VALUES (?, ?, ?)"
                  " ON CONFLICT DO NOTHING",
    [S_DOC] = "INSERT INTO documents (id, title, date, date_source, date_how, date_evidence,"
              " lang, outlet, duplicate, duplicate_of, tone, words, paragraphs, mentions,"
              " file, record, format) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [S_PARA] = "INSERT INTO paragraphs (doc, idx, kind, reason, lang, repeat_of_doc,"
               " repeat_of_para) VALUES (?,?,?,?,?,?,?)",
    [S_MENTION] = "INSERT INTO mentions (doc, idx, para, sentence, sentence_start,"
                  " sentence_end, text, source, source_start, source_end, target,"
                  " target_start, target_end, verb_start, verb_end, code, root, quad,"
                  " goldstein, date_value, date_from, date_to, date_precision, date_how,"
                  " date_text, date_start, date_end, place, place_country, lat, lon,"
                  " claim_by, flags, via, pattern, grp) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
                  "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [S_DIRTY] = "INSERT INTO dirty_groups (grp) VALUES (?) ON CONFLICT DO NOTHING",
    [S_DIRTY_LIST] = "SELECT grp FROM dirty_groups ORDER BY grp",
    [S_GROUP] = "SELECT m.doc, m.idx, m.para, m.sentence, m.sentence_start, m.sentence_end,"
                " m.text, m.source, m.source_start, m.source_end, m.target, m.target_start,"
                " m.target_end, m.verb_start, m.verb_end, m.code, m.quad, m.goldstein,"
                " m.date_from, m.date_to, m.date_precision, m.date_how, m.place,"
                " m.place_country, m.lat, m.lon, m.claim_by, m.flags, m.via, d.title, d.date,"
                " d.outlet, d.tone,"
                " (SELECT MIN(u.url) FROM document_urls u WHERE u.doc = m.doc)"
                " FROM mentions m JOIN documents d ON d.id = m.doc WHERE m.grp = ?",
    [S_EV_DEL_LINKS] = "DELETE FROM event_mentions WHERE event IN"
                       " (SELECT id FROM events WHERE grp = ?)",
    [S_EV_DEL] = "DELETE FROM events WHERE grp = ?",
    [S_EV_ADD] = "INSERT INTO events (id, grp, dyad, date_value, date_from, date_to,"
                 " date_precision, date_how, date_start, date_end, source, target, code, root,"
                 " quad, goldstein, place, place_country, lat, lon, mentions, repeats,"
                 " articles, outlets, first_seen, tone, claim_by, flags, disputed_with)"
                 " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [S_EV_LINK] = "INSERT INTO event_mentions (event, doc, idx, repeat) VALUES (?,?,?,?)",
    [S_DIRTY_DEL] = "DELETE FROM dirty_groups WHERE grp = ?",
    [S_DYAD_ADD] = "INSERT INTO dirty_dyads (dyad) VALUES (?) ON CONFLICT DO NOTHING",
    [S_DYAD_LIST] = "SELECT dyad FROM dirty_dyads ORDER BY dyad",
    [S_DYAD_EVENTS] = "SELECT id, source, target, code, date_from, date_to, date_precision,"
                      " date_how, flags, claim_by FROM events WHERE dyad = ?",
    [S_DYAD_SET] = "UPDATE events SET flags = ?, disputed_with = ? WHERE id = ?",
    [S_DYAD_DEL] = "DELETE FROM dirty_dyads WHERE dyad = ?",
};

struct hr_store {
    hr_db *db;
    hr_stmt *st[S_COUNT];
    bool in_tx;
    uint32_t batch;               /* documents in the open transaction */
    hr_store_stats stats;
};

/* ---- transactions ------------------------------------------------------ */

static hr_status begin(hr_store *s, hr_error *err)
{
    if (s->in_tx)
        return HR_OK;
    hr_status st = hr_db_exec(s->db, "BEGIN", err);
    if (st == HR_OK)
        s->in_tx = true;
    return st;
}

static hr_status commit(hr_store *s, hr_error *err)
{
    if (!s->in_tx)
        return HR_OK;
    s->in_tx = false;
    s->batch = 0;
    hr_status st = hr_db_exec(s->db, "COMMIT", err);
    if (st != HR_OK)
        hr_db_exec(s->db, "ROLLBACK", NULL);
    else
        s->stats.transactions++;
    return st;
}

static void rollback(hr_store *s)
{
    if (s->in_tx)
        hr_db_exec(s->db, "ROLLBACK", NULL);
    s->in_tx = false;
    s->batch = 0;
}

/* Runs a prepared statement that returns no rows. */
static hr_status run(hr_stmt *st, hr_error *err)
{
    int rc = hr_step(st, err);
    while (rc == 1)
        rc = hr_step(st, err);
    hr_stmt_reset(st);
    return rc < 0 ? (err && err->code ? err->code : HR_ERR_IO) : HR_OK;
}

/* ---- opening ------------------------------------------------------------ */

static hr_status check_schema(hr_store *s, hr_error *err)
{
    hr_status st = hr_db_exec(s->db, "BEGIN", err);
    if (st != HR_OK)
        return st;
    if ((st = hr_db_exec(s->db, "CREATE TABLE IF NOT EXISTS herald_meta (key TEXT PRIMARY "
                                "KEY, value TEXT NOT NULL)", err)) != HR_OK)
        goto fail;
    hr_stmt *q = hr_db_prepare(s->db, "SELECT value FROM herald_meta WHERE key = ?", err);
    if (!q) {
        st = err ? err->code : HR_ERR_IO;
        goto fail;
    }
    hr_bind_text(q, 1, "schema_version");
    int rc = hr_step(q, err);
    long version = rc == 1 ? strtol(hr_col_text(q, 0), NULL, 10) : 0;
    hr_stmt_free(q);
    if (rc < 0) {
        st = err ? err->code : HR_ERR_IO;
        goto fail;
    }
    if (version > HR_SCHEMA_VERSION) {
        st = hr_error_set(err, HR_ERR_FORMAT, s->db->name, NULL, 0, UINT64_MAX,
                          "the database has schema version %ld, newer than this herald's "
                          "(%d): use a newer herald",
                          version, HR_SCHEMA_VERSION);
        goto fail;
    }
    if ((st = hr_db_exec(s->db, SCHEMA, err)) != HR_OK)
        goto fail;
    if (version == 0) {
        char sql[128];
        snprintf(sql, sizeof sql,
                 "INSERT INTO herald_meta (key, value) VALUES ('schema_version', '%d')",
                 HR_SCHEMA_VERSION);
        if ((st = hr_db_exec(s->db, sql, err)) != HR_OK)
            goto fail;
    }
    return hr_db_exec(s->db, "COMMIT", err);
fail:
    hr_db_exec(s->db, "ROLLBACK", NULL);
    return st;
}

hr_store *hr_store_open(const char *target, hr_error *err)
{
    hr_store *s = calloc(1, sizeof *s);
    if (!s) {
        hr_error_set(err, HR_ERR_NOMEM, target, NULL, 0, UINT64_MAX, "out of memory");
        return NULL;
    }
    if (hr_db_open(target, &s->db, err) != HR_OK || check_schema(s, err) != HR_OK)
        goto fail;
    for (int i = 0; i < S_COUNT; i++)
        if (!(s->st[i] = hr_db_prepare(s->db, SQL[i], err)))
            goto fail;
    return s;
fail:
    hr_store_close(s, NULL);
    return NULL;
}

/* A reader's store (herald serve): the connection only, read-only; the
 * schema is checked, never created. */
hr_store *hr_store_open_readonly(const char *target, unsigned limit_ms, hr_error *err)
{
    hr_store *s = calloc(1, sizeof *s);
    if (!s) {
        hr_error_set(err, HR_ERR_NOMEM, target, NULL, 0, UINT64_MAX, "out of memory");
        return NULL;
    }
    if (hr_db_open_readonly(target, limit_ms, &s->db, err) != HR_OK)
        goto fail;
    hr_stmt *q = hr_db_prepare(s->db, "SELECT value FROM herald_meta WHERE key = "
                                      "'schema_version'", NULL);
    int rc = q ? hr_step(q, NULL) : -1;
    long version = rc == 1 ? strtol(hr_col_text(q, 0), NULL, 10) : -1;
    hr_stmt_free(q);
    if (version < 0) {
        hr_error_set(err, HR_ERR_FORMAT, s->db->name, NULL, 0, UINT64_MAX,
                     "not a database made by herald run (no schema version)");
        goto fail;
    }
    if (version > HR_SCHEMA_VERSION) {
        hr_error_set(err, HR_ERR_FORMAT, s->db->name, NULL, 0, UINT64_MAX,
                     "the database has schema version %ld, newer than this herald's (%d): "
                     "use a newer herald",
                     version, HR_SCHEMA_VERSION);
        goto fail;
    }
    return s;
fail:
    hr_store_close(s, NULL);
    return NULL;
}

hr_status hr_store_close(hr_store *s, hr_error *err)
{
    if (!s)
        return HR_OK;
    hr_status st = HR_OK;
    if (s->db && s->in_tx)
        st = commit(s, err);
    for (int i = 0; i < S_COUNT; i++)
        hr_stmt_free(s->st[i]);
    hr_db_close(s->db);
    free(s);
    return st;
}

hr_db *hr_store_db(hr_store *s)
{
    return s->db;
}

void hr_store_get_stats(const hr_store *s, hr_store_stats *out)
{
    *out = s->stats;
}

/* ---- documents --------------------------------------------------------- */

hr_status hr_store_known(hr_store *s, const hr_document *doc, bool *known, hr_error *err)
{
    hr_stmt *q = s->st[S_KNOWN];
    hr_bind_text(q, 1, doc->id);
    int rc = hr_step(q, err);
    hr_stmt_reset(q);
    if (rc < 0)
        return err->code;
    *known = rc == 1;
    if (!*known || !doc->url)
        return HR_OK;
    s->stats.documents_known++;
    q = s->st[S_URL_KNOWN];
    hr_bind_text(q, 1, doc->id);
    hr_bind_text(q, 2, doc->url);
    rc = hr_step(q, err);
    hr_stmt_reset(q);
    if (rc != 0)
        return rc < 0 ? err->code : HR_OK;
    hr_status st = begin(s, err);
    if (st != HR_OK)
        return st;
    q = s->st[S_URL_ADD];
    hr_bind_text(q, 1, doc->id);
    hr_bind_text(q, 2, doc->url);
    hr_bind_text(q, 3, doc->outlet);
    if ((st = run(q, err)) == HR_OK)
        s->stats.urls_added++;
    return st;
}

/* A partial date as one number, yyyymmdd with zeros for what is unknown
 * (0: nothing), and back. */
static int64_t ymd_of(const hr_date *d)
{
    return (int64_t)d->year * 10000 + d->month * 100 + d->day;
}

static hr_date date_of_ymd(int64_t v)
{
    hr_date d = {0};
    d.hour = d.minute = -1;
    if (v <= 0)
        return d;
    d.year = (int16_t)(v / 10000);
    d.month = (int8_t)(v / 100 % 100);
    d.day = (int8_t)(v % 100);
    return d;
}

/* First and last day (days since 1970) of a date with a year. */
static bool day_span(const hr_when *w, int64_t *a, int64_t *b)
{
    if (w->precision == HR_PREC_NONE || w->from.year <= 0 || w->to.year <= 0)
        return false;
    *a = hr_days_from_civil(w->from.year, w->from.month ? w->from.month : 1,
                            w->from.day ? w->from.day : 1);
    int m = w->to.month ? w->to.month : 12;
    *b = hr_days_from_civil(w->to.year, m, w->to.day ? w->to.day : hr_days_in_month(w->to.year, m));
    return true;
}

static void bind_opt_text(hr_stmt *q, int i, const char *s)
{
    if (s && *s)
        hr_bind_text(q, i, s);
    else
        hr_bind_null(q, i);
}

static void bind_when(hr_stmt *q, int i, const hr_when *w)
{
    char v[40];
    hr_when_format(w, v, sizeof v);
    bind_opt_text(q, i, v);
    hr_bind_int(q, i + 1, ymd_of(&w->from));
    hr_bind_int(q, i + 2, ymd_of(&w->to));
    bind_opt_text(q, i + 3, hr_precision_name(w->precision));
    bind_opt_text(q, i + 4, w->how);
}

static hr_status add_paragraphs(hr_store *s, const hr_document *doc, hr_error *err)
{
    static const char *const kinds[] = {"body", "boilerplate", "duplicate"};
    hr_stmt *q = s->st[S_PARA];
    for (size_t i = 0; i < doc->n_paragraphs; i++) {
        const hr_paragraph *p = &doc->paragraphs[i];
        hr_bind_text(q, 1, doc->id);
        hr_bind_int(q, 2, (int64_t)i);
        hr_bind_text(q, 3, kinds[p->kind <= HR_PARA_DUPLICATE ? p->kind : 0]);
        bind_opt_text(q, 4, p->reason ? hr_reason_name((hr_reason)p->reason) : NULL);
        bind_opt_text(q, 5, p->lang);
        if (p->repeat_of.para >= 0 && p->repeat_of.doc[0]) {
            hr_bind_text(q, 6, p->repeat_of.doc);
            hr_bind_int(q, 7, p->repeat_of.para);
        } else {
            hr_bind_null(q, 6);
            hr_bind_null(q, 7);
        }
        hr_status st = run(q, err);
        if (st != HR_OK)
            return st;
    }
    return HR_OK;
}

static hr_status add_mention(hr_store *s, const hr_document *doc, const hr_mention *m,
                             size_t idx, hr_error *err)
{
    const char *t = doc->paragraphs[m->para].text;
    hr_stmt *q = s->st[S_MENTION];
    hr_bind_text(q, 1, doc->id);
    hr_bind_int(q, 2, (int64_t)idx);
    hr_bind_int(q, 3, m->para);
    hr_bind_int(q, 4, m->sentence);
    hr_bind_int(q, 5, m->sentence_span.start);
    hr_bind_int(q, 6, m->sentence_span.end);
    hr_bind_text_n(q, 7, t + m->sentence_span.start,
                   m->sentence_span.end - m->sentence_span.start);
    bind_opt_text(q, 8, m->source_code);
    hr_bind_int(q, 9, m->source.start);
    hr_bind_int(q, 10, m->source.end);
    bind_opt_text(q, 11, m->target_code);
    hr_bind_int(q, 12, m->target.start);
    hr_bind_int(q, 13, m->target.end);
    hr_bind_int(q, 14, m->verb.start);
    hr_bind_int(q, 15, m->verb.end);
    hr_bind_text(q, 16, m->code);
    hr_bind_text(q, 17, m->root);
    hr_bind_int(q, 18, m->quad);
    hr_bind_double(q, 19, m->goldstein);
    bind_when(q, 20, &m->when);
    if (m->when_span.end > m->when_span.start)
        hr_bind_text_n(q, 25, t + m->when_span.start, m->when_span.end - m->when_span.start);
    else
        hr_bind_null(q, 25);
    int64_t a, b;
    if (day_span(&m->when, &a, &b)) {
        hr_bind_int(q, 26, a);
        hr_bind_int(q, 27, b);
    } else {
        hr_bind_null(q, 26);
        hr_bind_null(q, 27);
    }
    if (m->place) {
        hr_bind_text(q, 28, m->place->name);
        hr_bind_text(q, 29, m->place->country);
        hr_bind_double(q, 30, m->place->lat);
        hr_bind_double(q, 31, m->place->lon);
    } else {
        for (int i = 28; i <= 31; i++)
            hr_bind_null(q, i);
    }
    bind_opt_text(q, 32, m->claim_by);
    hr_bind_int(q, 33, m->flags);
    if (m->n_via) {
        hr_buf v = {0};
        bool ok = true;
        for (uint8_t k = 0; k < m->n_via && ok; k++)
            ok = (!k || hr_buf_append(&v, " < ", 3)) &&
                 hr_buf_append(&v, t + m->via[k].start, m->via[k].end - m->via[k].start);
        if (ok)
            hr_bind_text_n(q, 34, v.data, v.len);
        else
            hr_bind_null(q, 34);
        hr_buf_free(&v);
    } else {
        hr_bind_null(q, 34);
    }
    bind_opt_text(q, 35, m->pattern);
    char grp[40];
    hr_aggregate_group_key(m->source_code, m->target_code, m->code, grp, sizeof grp);
    hr_bind_text(q, 36, grp);
    hr_status st = run(q, err);
    if (st != HR_OK)
        return st;
    q = s->st[S_DIRTY];
    hr_bind_text(q, 1, grp);
    return run(q, err);
}

hr_status hr_store_add(hr_store *s, const hr_document *doc, const hr_doc_info *info,
                       const hr_mention *m, size_t n, hr_error *err)
{
    hr_status st = begin(s, err);
    if (st != HR_OK)
        return st;
    hr_stmt *q = s->st[S_DOC];
    char date[16];
    const hr_date *d = info ? &info->date : &doc->date;
    hr_date_format(d, date, sizeof date);
    static const char *const dups[] = {NULL, "exact", "near"};
    hr_bind_text(q, 1, doc->id);
    hr_bind_text(q, 2, doc->title);
    bind_opt_text(q, 3, date);
    hr_bind_text(q, 4, doc->date_source);
    hr_bind_text(q, 5, info ? info->date_how : NULL);
    bind_opt_text(q, 6, info ? info->evidence : NULL);
    hr_bind_text(q, 7, doc->lang);
    hr_bind_text(q, 8, doc->outlet);
    hr_bind_text(q, 9, dups[doc->dup <= HR_DUP_NEAR ? doc->dup : 0]);
    bind_opt_text(q, 10, doc->dup ? doc->dup_of : NULL);
    if (info) {
        hr_bind_double(q, 11, hr_tone_value(&info->tone));
        hr_bind_int(q, 12, (int64_t)info->tone.words);
    } else {
        hr_bind_null(q, 11);
        hr_bind_null(q, 12);
    }
    hr_bind_int(q, 13, (int64_t)doc->n_paragraphs);
    hr_bind_int(q, 14, (int64_t)n);
    hr_bind_text(q, 15, doc->file);
    hr_bind_int(q, 16, (int64_t)doc->record);
    hr_bind_text(q, 17, hr_format_name(doc->format));
    if ((st = run(q, err)) != HR_OK)
        goto fail;
    if (doc->url) {
        q = s->st[S_URL_ADD];
        hr_bind_text(q, 1, doc->id);
        hr_bind_text(q, 2, doc->url);
        hr_bind_text(q, 3, doc->outlet);
        if ((st = run(q, err)) != HR_OK)
            goto fail;
    }
    if ((st = add_paragraphs(s, doc, err)) != HR_OK)
        goto fail;
    for (size_t i = 0; i < n; i++)
        if ((st = add_mention(s, doc, &m[i], i, err)) != HR_OK)
            goto fail;
    s->stats.documents_added++;
    s->stats.mentions_added += n;
    if (++s->batch >= BATCH)
        return commit(s, err);
    return HR_OK;
fail:
    /* the batch is lost with this document: nothing half-written stays */
    rollback(s);
    return st;
}

/* ---- aggregating -------------------------------------------------------- */

/* `how` strings back from the database: the library compares them by
 * value, and an hr_when holds a static string. */
static const char *how_of(const char *s)
{
    static const char *const known[] = {
        "absolute", "month-day", "month", "weekday", "weekday-ahead", "relative", "anchor",
        "range", "since", "decade", "period", "bracketed", "document", "inferred-year", NULL};
    if (!s || !*s)
        return NULL;
    for (const char *const *k = known; *k; k++)
        if (!strcmp(*k, s))
            return *k;
    return "stored";
}

static hr_precision precision_of(const char *s)
{
    static const char *const names[] = {"", "day", "month", "year", "range"};
    for (int i = 1; i < 5; i++)
        if (!strcmp(s, names[i]))
            return (hr_precision)i;
    return HR_PREC_NONE;
}

static hr_when when_of(hr_stmt *q, int c)
{
    hr_when w = {0};
    w.from = date_of_ymd(hr_col_int(q, c));
    w.to = date_of_ymd(hr_col_int(q, c + 1));
    w.precision = precision_of(hr_col_text(q, c + 2));
    w.how = how_of(hr_col_text(q, c + 3));
    return w;
}

static void copy_code(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}

/* The mentions of one group into a fresh aggregator. Places are rebuilt in
 * `places` (the aggregator compares them by name and country). */
static hr_status load_group(hr_store *s, const char *grp, hr_aggregator *a, hr_arena *places,
                            hr_error *err)
{
    hr_stmt *q = s->st[S_GROUP];
    hr_bind_text(q, 1, grp);
    int rc;
    hr_status st = HR_OK;
    while ((rc = hr_step(q, err)) == 1) {
        hr_source src;
        memset(&src, 0, sizeof src);
        copy_code(src.doc, sizeof src.doc, hr_col_text(q, 0));
        src.ref = hr_col_int(q, 1);
        src.para = (uint32_t)hr_col_int(q, 2);
        src.sentence = (uint32_t)hr_col_int(q, 3);
        src.sentence_span = (hr_span){(uint32_t)hr_col_int(q, 4), (uint32_t)hr_col_int(q, 5)};
        src.text = hr_col_null(q, 6) ? NULL : hr_col_text(q, 6);
        copy_code(src.source_code, sizeof src.source_code, hr_col_text(q, 7));
        src.source = (hr_span){(uint32_t)hr_col_int(q, 8), (uint32_t)hr_col_int(q, 9)};
        copy_code(src.target_code, sizeof src.target_code, hr_col_text(q, 10));
        src.target = (hr_span){(uint32_t)hr_col_int(q, 11), (uint32_t)hr_col_int(q, 12)};
        src.verb = (hr_span){(uint32_t)hr_col_int(q, 13), (uint32_t)hr_col_int(q, 14)};
        copy_code(src.code, sizeof src.code, hr_col_text(q, 15));
        src.quad = (int)hr_col_int(q, 16);
        src.goldstein = hr_col_double(q, 17);
        src.when = when_of(q, 18);
        if (!hr_col_null(q, 22)) {
            hr_place *p = hr_arena_alloc(places, sizeof *p);
            if (!p) {
                st = HR_ERR_NOMEM;
                break;
            }
            memset(p, 0, sizeof *p);
            p->name = hr_arena_strndup(places, hr_col_text(q, 22), strlen(hr_col_text(q, 22)));
            copy_code(p->country, sizeof p->country, hr_col_text(q, 23));
            p->lat = hr_col_double(q, 24);
            p->lon = hr_col_double(q, 25);
            if (!p->name) {
                st = HR_ERR_NOMEM;
                break;
            }
            src.place = p;
        }
        copy_code(src.claim_by, sizeof src.claim_by, hr_col_text(q, 26));
        src.flags = (unsigned)hr_col_int(q, 27);
        src.via = hr_col_null(q, 28) ? NULL : hr_col_text(q, 28);
        src.title = hr_col_null(q, 29) ? NULL : hr_col_text(q, 29);
        const char *pub = hr_col_text(q, 30);
        if (*pub)
            hr_date_parse_iso(pub, strlen(pub), &src.published);
        src.outlet = hr_col_null(q, 31) ? NULL : hr_col_text(q, 31);
        src.tone = hr_col_double(q, 32);
        src.url = hr_col_null(q, 33) ? NULL : hr_col_text(q, 33);
        if ((st = hr_aggregate_add_source(a, &src, err)) != HR_OK)
            break;
    }
    hr_stmt_reset(q);
    if (rc < 0)
        return err->code;
    if (st == HR_ERR_NOMEM)
        return hr_error_set(err, st, s->db->name, NULL, 0, UINT64_MAX, "out of memory");
    return st;
}

static hr_status write_event(hr_store *s, const char *grp, const hr_event *e, hr_error *err)
{
    hr_stmt *q = s->st[S_EV_ADD];
    char dyad[40], first[16];
    hr_aggregate_dyad_key(e->source, e->target, e->code, dyad, sizeof dyad);
    hr_bind_text(q, 1, e->id);
    hr_bind_text(q, 2, grp);
    hr_bind_text(q, 3, dyad);
    bind_when(q, 4, &e->when);
    int64_t a, b;
    if (day_span(&e->when, &a, &b)) {
        hr_bind_int(q, 9, a);
        hr_bind_int(q, 10, b);
    } else {
        hr_bind_null(q, 9);
        hr_bind_null(q, 10);
    }
    bind_opt_text(q, 11, e->source);
    bind_opt_text(q, 12, e->target);
    hr_bind_text(q, 13, e->code);
    hr_bind_text(q, 14, e->root);
    hr_bind_int(q, 15, e->quad);
    hr_bind_double(q, 16, e->goldstein);
    if (e->place) {
        hr_bind_text(q, 17, e->place->name);
        hr_bind_text(q, 18, e->place->country);
        hr_bind_double(q, 19, e->place->lat);
        hr_bind_double(q, 20, e->place->lon);
    } else {
        for (int i = 17; i <= 20; i++)
            hr_bind_null(q, i);
    }
    hr_bind_int(q, 21, e->mentions);
    hr_bind_int(q, 22, e->repeats);
    hr_bind_int(q, 23, e->articles);
    hr_bind_int(q, 24, e->outlets);
    hr_date_format(&e->first_seen, first, sizeof first);
    bind_opt_text(q, 25, first);
    hr_bind_double(q, 26, e->tone);
    bind_opt_text(q, 27, e->claim_by);
    hr_bind_int(q, 28, e->flags & ~(unsigned)HR_EVT_DISPUTED);
    hr_bind_null(q, 29);
    hr_status st = run(q, err);
    for (size_t k = 0; k < e->n_sources && st == HR_OK; k++) {
        hr_stmt *l = s->st[S_EV_LINK];
        hr_bind_text(l, 1, e->id);
        hr_bind_text(l, 2, e->sources[k].doc);
        hr_bind_int(l, 3, e->sources[k].ref);
        hr_bind_int(l, 4, (e->sources[k].flags & HR_EV_REPEAT) ? 1 : 0);
        st = run(l, err);
    }
    if (st == HR_OK) {
        q = s->st[S_DYAD_ADD];
        hr_bind_text(q, 1, dyad);
        st = run(q, err);
    }
    return st;
}

static hr_status one_group(hr_store *s, const char *grp, hr_error *err)
{
    /* the dyads of the events this group had: they may lose a dispute */
    hr_aggregator *a = hr_aggregator_new(0, err);
    hr_arena *places = hr_arena_new();
    hr_status st = a && places ? HR_OK : HR_ERR_NOMEM;
    if (st == HR_OK)
        st = load_group(s, grp, a, places, err);
    hr_stmt *q;
    if (st == HR_OK) {
        q = s->st[S_EV_DEL_LINKS];
        hr_bind_text(q, 1, grp);
        st = run(q, err);
    }
    if (st == HR_OK) {
        q = s->st[S_EV_DEL];
        hr_bind_text(q, 1, grp);
        st = run(q, err);
    }
    if (st == HR_OK) {
        const hr_event *ev;
        size_t n = hr_aggregate_events(a, &ev);
        for (size_t i = 0; i < n && st == HR_OK; i++)
            st = write_event(s, grp, &ev[i], err);
        s->stats.events_written += n;
    }
    if (st == HR_OK) {
        q = s->st[S_DIRTY_DEL];
        hr_bind_text(q, 1, grp);
        st = run(q, err);
    }
    hr_aggregator_free(a);
    hr_arena_free(places);
    if (st == HR_ERR_NOMEM && err && !err->msg[0])
        hr_error_set(err, st, s->db->name, NULL, 0, UINT64_MAX, "out of memory");
    s->stats.groups_aggregated++;
    return st;
}

/* The names of the rows a one-column query returns. */
static hr_status list(hr_stmt *q, char ***out, size_t *n, hr_error *err)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    int rc;
    while ((rc = hr_step(q, err)) == 1) {
        if (!hr_grow((void **)out, &cap, *n + 1, sizeof **out) ||
            !((*out)[*n] = strdup(hr_col_text(q, 0)))) {
            hr_stmt_reset(q);
            return hr_error_set(err, HR_ERR_NOMEM, "", NULL, 0, UINT64_MAX, "out of memory");
        }
        (*n)++;
    }
    hr_stmt_reset(q);
    return rc < 0 ? err->code : HR_OK;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static hr_status one_dyad(hr_store *s, const char *dyad, hr_error *err)
{
    hr_stmt *q = s->st[S_DYAD_EVENTS];
    hr_bind_text(q, 1, dyad);
    hr_event *ev = NULL;
    unsigned *was = NULL;
    char (*was_with)[17] = NULL;
    size_t n = 0, cap = 0, cap2 = 0, cap3 = 0;
    int rc;
    hr_status st = HR_OK;
    while ((rc = hr_step(q, err)) == 1) {
        if (!hr_grow((void **)&ev, &cap, n + 1, sizeof *ev) ||
            !hr_grow((void **)&was, &cap2, n + 1, sizeof *was) ||
            !hr_grow((void **)&was_with, &cap3, n + 1, sizeof *was_with)) {
            st = HR_ERR_NOMEM;
            break;
        }
        hr_event *e = &ev[n];
        memset(e, 0, sizeof *e);
        copy_code(e->id, sizeof e->id, hr_col_text(q, 0));
        copy_code(e->source, sizeof e->source, hr_col_text(q, 1));
        copy_code(e->target, sizeof e->target, hr_col_text(q, 2));
        copy_code(e->code, sizeof e->code, hr_col_text(q, 3));
        memcpy(e->root, e->code, 2);
        e->when = when_of(q, 4);
        e->flags = (unsigned)hr_col_int(q, 8);
        copy_code(e->claim_by, sizeof e->claim_by, hr_col_text(q, 9));
        was[n] = e->flags;
        n++;
    }
    hr_stmt_reset(q);
    if (rc < 0)
        st = err->code;
    if (st == HR_OK) {
        hr_aggregate_disputes(ev, n);
        q = s->st[S_DYAD_SET];
        for (size_t i = 0; i < n && st == HR_OK; i++) {
            hr_bind_int(q, 1, ev[i].flags);
            if (ev[i].disputed_with >= 0)
                hr_bind_text(q, 2, ev[ev[i].disputed_with].id);
            else
                hr_bind_null(q, 2);
            hr_bind_text(q, 3, ev[i].id);
            st = run(q, err);
        }
    }
    if (st == HR_OK) {
        q = s->st[S_DYAD_DEL];
        hr_bind_text(q, 1, dyad);
        st = run(q, err);
    }
    free(ev);
    free(was);
    free(was_with);
    if (st == HR_ERR_NOMEM && err && !err->msg[0])
        hr_error_set(err, st, s->db->name, NULL, 0, UINT64_MAX, "out of memory");
    return st;
}

/* Runs fn over every name of a list, GROUPS_PER_TX per transaction. */
static hr_status in_batches(hr_store *s, char **names, size_t n,
                            hr_status (*fn)(hr_store *, const char *, hr_error *), hr_error *err)
{
    hr_status st = HR_OK;
    for (size_t i = 0; i < n && st == HR_OK; i++) {
        if ((st = begin(s, err)) != HR_OK)
            break;
        if ((st = fn(s, names[i], err)) != HR_OK) {
            rollback(s);
            break;
        }
        if ((i + 1) % GROUPS_PER_TX == 0 || i + 1 == n)
            st = commit(s, err);
    }
    return st;
}

hr_status hr_store_aggregate(hr_store *s, hr_error *err)
{
    hr_status st = commit(s, err);
    if (st != HR_OK)
        return st;
    char **names;
    size_t n;
    if ((st = list(s->st[S_DIRTY_LIST], &names, &n, err)) != HR_OK)
        return st;
    st = in_batches(s, names, n, one_group, err);
    free_list(names, n);
    if (st != HR_OK)
        return st;
    if ((st = list(s->st[S_DYAD_LIST], &names, &n, err)) != HR_OK)
        return st;
    st = in_batches(s, names, n, one_dyad, err);
    free_list(names, n);
    return st;
}

hr_status hr_store_totals_get(hr_store *s, hr_store_totals *out, hr_error *err)
{
    static const char *const q[] = {
        "SELECT COUNT(*) FROM documents", "SELECT COUNT(*) FROM document_urls",
        "SELECT COUNT(*) FROM mentions", "SELECT COUNT(*) FROM events"};
    uint64_t *v[] = {&out->documents, &out->urls, &out->mentions, &out->events};
    for (int i = 0; i < 4; i++) {
        hr_stmt *st = hr_db_prepare(s->db, q[i], err);
        if (!st)
            return err->code;
        int rc = hr_step(st, err);
        *v[i] = rc == 1 ? (uint64_t)hr_col_int(st, 0) : 0;
        hr_stmt_free(st);
        if (rc < 0)
            return err->code;
    }
    return HR_OK;
}
