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

#endif
