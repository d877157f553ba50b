/* db.h - the little SQL interface the store is written against, so that
 * its SQL is written once for SQLite (sqlite.c) and PostgreSQL (pg.c).
 *
 * SQL text uses `?` placeholders, numbered in order; the PostgreSQL
 * backend rewrites them to $1, $2... Only the types the store needs are
 * bound and read: text, 64-bit integers, doubles, NULL. Statements are
 * prepared once and run many times: bind, step until it returns 0, reset.
 *
 * Errors: every call that can fail fills an hr_error whose `file` is the
 * database's name (the path, or the URL without its password) and returns
 * a status; the message is the backend's own.
 */
#ifndef HERALD_STORE_DB_H
#define HERALD_STORE_DB_H

#include "internal.h"

#include <string.h>

typedef enum hr_db_kind { HR_DB_SQLITE = 1, HR_DB_POSTGRES } hr_db_kind;

typedef struct hr_db hr_db;
typedef struct hr_stmt hr_stmt;

/* The backend's operations; a backend fills one table (sqlite.c, pg.c). */
typedef struct hr_db_ops {
    void (*close)(hr_db *db);
    hr_status (*exec)(hr_db *db, const char *sql, hr_error *err);
    hr_stmt *(*prepare)(hr_db *db, const char *sql, hr_error *err);
    void (*bind_text)(hr_stmt *st, int i, const char *s, size_t n);
    void (*bind_int)(hr_stmt *st, int i, int64_t v);
    void (*bind_double)(hr_stmt *st, int i, double v);
    void (*bind_null)(hr_stmt *st, int i);
    int (*step)(hr_stmt *st, hr_error *err);     /* 1 row, 0 done, -1 error */
    bool (*is_null)(hr_stmt *st, int col);
    const char *(*text)(hr_stmt *st, int col);   /* "" for NULL */
    int64_t (*integer)(hr_stmt *st, int col);
    double (*real)(hr_stmt *st, int col);
    void (*reset)(hr_stmt *st);                  /* bindings cleared */
    void (*finalize)(hr_stmt *st);
} hr_db_ops;

struct hr_db {
    const hr_db_ops *ops;
    hr_db_kind kind;
    char name[512];          /* for messages: path, or URL without password */
};

/* Opens (creating when missing) an SQLite file, or connects to a
 * postgresql:// URL. */
hr_status hr_db_open(const char *target, hr_db **out, hr_error *err);
hr_status hr_sqlite_open(const char *path, hr_db **out, hr_error *err);
hr_status hr_pg_open(const char *url, hr_db **out, hr_error *err);

/* Opens a database for reading only (herald serve): SQLite with
 * SQLITE_OPEN_READONLY (a missing file is an error, not a new database);
 * a PostgreSQL session whose transactions are read-only. A statement that
 * runs longer than limit_ms (0: no limit) fails: SQLite's progress
 * handler interrupts it, PostgreSQL's statement_timeout cancels it. */
hr_status hr_db_open_readonly(const char *target, unsigned limit_ms, hr_db **out,
                              hr_error *err);

static inline void hr_db_close(hr_db *db)
{
    if (db)
        db->ops->close(db);
}
static inline hr_status hr_db_exec(hr_db *db, const char *sql, hr_error *err)
{
    return db->ops->exec(db, sql, err);
}
static inline hr_stmt *hr_db_prepare(hr_db *db, const char *sql, hr_error *err)
{
    return db->ops->prepare(db, sql, err);
}

/* A prepared statement remembers its database (backends put this first). */
struct hr_stmt {
    hr_db *db;
};

static inline void hr_bind_text(hr_stmt *st, int i, const char *s)
{
    if (s)
        st->db->ops->bind_text(st, i, s, strlen(s));
    else
        st->db->ops->bind_null(st, i);
}
static inline void hr_bind_text_n(hr_stmt *st, int i, const char *s, size_t n)
{
    st->db->ops->bind_text(st, i, s, n);
}
static inline void hr_bind_int(hr_stmt *st, int i, int64_t v)
{
    st->db->ops->bind_int(st, i, v);
}
static inline void hr_bind_double(hr_stmt *st, int i, double v)
{
    st->db->ops->bind_double(st, i, v);
}
static inline void hr_bind_null(hr_stmt *st, int i)
{
    st->db->ops->bind_null(st, i);
}
static inline int hr_step(hr_stmt *st, hr_error *err)
{
    return st->db->ops->step(st, err);
}
static inline bool hr_col_null(hr_stmt *st, int c)
{
    return st->db->ops->is_null(st, c);
}
static inline const char *hr_col_text(hr_stmt *st, int c)
{
    return st->db->ops->text(st, c);
}
static inline int64_t hr_col_int(hr_stmt *st, int c)
{
    return st->db->ops->integer(st, c);
}
static inline double hr_col_double(hr_stmt *st, int c)
{
    return st->db->ops->real(st, c);
}
static inline void hr_stmt_reset(hr_stmt *st)
{
    st->db->ops->reset(st);
}
static inline void hr_stmt_free(hr_stmt *st)
{
    if (st)
        st->db->ops->finalize(st);
}

/* The store's connection, for the modules that read it (export.c). */
hr_db *hr_store_db(hr_store *s);

/* ---- SQL on the events table, built with bound values (query.c) --------
 * export.c and query.c select events with the same filters: the SQL text
 * grows with `?` for each value, and the values are kept in order, so no
 * filter value is ever pasted into the SQL. */
typedef struct hr_sql_value {
    bool is_int;
    int64_t i;
    char *s;
} hr_sql_value;

typedef struct hr_sql {
    hr_db_kind kind;          /* set by the caller: LIMIT/OFFSET differ */
    hr_buf text;
    hr_sql_value *v;
    size_t n, cap;
    bool oom;                 /* an append failed: do not run it */
} hr_sql;

void hr_sql_add(hr_sql *q, const char *text);
void hr_sql_int(hr_sql *q, int64_t v);
/* A text value; with `like`, the LIKE pattern %value% whose escape
 * character is '!'. */
void hr_sql_text(hr_sql *q, const char *s, size_t n, bool like);
/* " AND ..." for every filter of f, on the events table named `e`. */
void hr_sql_filters(hr_sql *q, const hr_query *f);
/* " LIMIT ? OFFSET ?" (either may be 0: none). */
void hr_sql_limit(hr_sql *q, uint64_t limit, uint64_t offset);
/* Prepares the SQL and binds its values (the backends copy them: q may be
 * freed as soon as this returns); NULL with err filled (HR_ERR_NOMEM when
 * building it ran out of memory). */
hr_stmt *hr_sql_prepare(hr_db *db, hr_sql *q, hr_error *err);
void hr_sql_free(hr_sql *q);

/* The order of an event's sources, the aggregator's (aggregate.c,
 * cmp_source), for a query whose mentions are `m` and links `em`:
 * first-hand before repeats; then day, range, month, year, undated (a
 * date that is only the publication's, and not a day, with the undated);
 * dates with a year first; by date; the publication's own date last;
 * then document, paragraph, sentence and codes. The first is an event's
 * strongest evidence. */
#define HR_SQL_SOURCE_ORDER                                                              \
    " ORDER BY em.repeat,"                                                               \
    " CASE WHEN m.date_how = 'document' AND (m.date_precision IS NULL OR"                \
    " m.date_precision <> 'day') THEN 4 WHEN m.date_precision = 'day' THEN 0"            \
    " WHEN m.date_precision = 'range' THEN 1 WHEN m.date_precision = 'month' THEN 2"     \
    " WHEN m.date_precision = 'year' THEN 3 ELSE 4 END,"                                 \
    " CASE WHEN m.date_from >= 10000 THEN 0 ELSE 1 END, m.date_from, m.date_to,"        \
    " CASE WHEN m.date_how = 'document' THEN 1 ELSE 0 END, m.doc, m.para, m.sentence,"  \
    " m.code, COALESCE(m.source, ''), COALESCE(m.target, ''), m.verb_start, m.idx"

#endif
