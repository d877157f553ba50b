/* sqlite.c - the SQLite backend of the store's SQL interface (db.h).
 *
 * One connection in WAL mode with synchronous=NORMAL: a committed
 * transaction survives the process being killed (the WAL is on disk before
 * the commit returns); a power cut may lose the last transactions but
 * never leaves a half-written one. A busy timeout lets a reader (herald
 * serve) and a writer share the file.
 */
#include "db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct lite {
    hr_db base;
    sqlite3 *h;
    unsigned limit_ms;       /* a statement's time limit (read-only opens), 0 none */
    double deadline;         /* when the running statement must stop */
} lite;

typedef struct lstmt {
    hr_stmt base;
    sqlite3_stmt *s;
} lstmt;

static hr_status fail(hr_db *db, hr_error *err, const char *what)
{
    lite *l = (lite *)db;
    int code = sqlite3_extended_errcode(l->h);
    hr_status st = (code & 0xff) == SQLITE_FULL || (code & 0xff) == SQLITE_IOERR ? HR_ERR_IO
                 : (code & 0xff) == SQLITE_NOMEM ? HR_ERR_NOMEM : HR_ERR_FORMAT;
    if (st == HR_ERR_IO)
        return hr_error_set(err, st, db->name, NULL, 0, UINT64_MAX,
                            "cannot write the database (is the disk full?): %s; what was "
                            "committed before is kept",
                            sqlite3_errmsg(l->h));
    return hr_error_set(err, st, db->name, NULL, 0, UINT64_MAX, "%s: %s", what,
                        sqlite3_errmsg(l->h));
}

static void l_close(hr_db *db)
{
    lite *l = (lite *)db;
    sqlite3_close_v2(l->h);
    free(l);
}

static hr_status l_exec(hr_db *db, const char *sql, hr_error *err)
{
    lite *l = (lite *)db;
    if (sqlite3_exec(l->h, sql, NULL, NULL, NULL) != SQLITE_OK)
        return fail(db, err, "SQL failed");
    return HR_OK;
}

static hr_stmt *l_prepare(hr_db *db, const char *sql, hr_error *err)
{
    lite *l = (lite *)db;
    lstmt *st = calloc(1, sizeof *st);
    if (!st) {
        hr_error_set(err, HR_ERR_NOMEM, db->name, NULL, 0, UINT64_MAX, "out of memory");
        return NULL;
    }
    st->base.db = db;
    if (sqlite3_prepare_v3(l->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->s, NULL) !=
        SQLITE_OK) {
        fail(db, err, "cannot prepare a statement");
        free(st);
        return NULL;
    }
    return &st->base;
}

static void l_bind_text(hr_stmt *st, int i, const char *s, size_t n)
{
    sqlite3_bind_text(((lstmt *)st)->s, i, s, (int)n, SQLITE_TRANSIENT);
}

static void l_bind_int(hr_stmt *st, int i, int64_t v)
{
    sqlite3_bind_int64(((lstmt *)st)->s, i, v);
}

static void l_bind_double(hr_stmt *st, int i, double v)
{
    sqlite3_bind_double(((lstmt *)st)->s, i, v);
}

static void l_bind_null(hr_stmt *st, int i)
{
    sqlite3_bind_null(((lstmt *)st)->s, i);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* SQLite's progress handler: a non-zero return interrupts the statement. */
static int past_deadline(void *arg)
{
    lite *l = arg;
    return now_ms() > l->deadline;
}

static int l_step(hr_stmt *st, hr_error *err)
{
    lite *l = (lite *)st->db;
    /* a statement that has not started yet (or was reset) starts its clock */
    if (l->limit_ms && !sqlite3_stmt_busy(((lstmt *)st)->s))
        l->deadline = now_ms() + l->limit_ms;
    int rc = sqlite3_step(((lstmt *)st)->s);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    fail(st->db, err, "SQL failed");
    return -1;
}

static bool l_is_null(hr_stmt *st, int c)
{
    return sqlite3_column_type(((lstmt *)st)->s, c) == SQLITE_NULL;
}

static const char *l_text(hr_stmt *st, int c)
{
    const unsigned char *t = sqlite3_column_text(((lstmt *)st)->s, c);
    return t ? (const char *)t : "";
}

static int64_t l_integer(hr_stmt *st, int c)
{
    return sqlite3_column_int64(((lstmt *)st)->s, c);
}

static double l_real(hr_stmt *st, int c)
{
    return sqlite3_column_double(((lstmt *)st)->s, c);
}

static void l_reset(hr_stmt *st)
{
    sqlite3_reset(((lstmt *)st)->s);
    sqlite3_clear_bindings(((lstmt *)st)->s);
}

static void l_finalize(hr_stmt *st)
{
    sqlite3_finalize(((lstmt *)st)->s);
    free(st);
}

static const hr_db_ops OPS = {
    .close = l_close, .exec = l_exec, .prepare = l_prepare, .bind_text = l_bind_text,
    .bind_int = l_bind_int, .bind_double = l_bind_double, .bind_null = l_bind_null,
    .step = l_step, .is_null = l_is_null, .text = l_text, .integer = l_integer,
    .real = l_real, .reset = l_reset, .finalize = l_finalize,
};

/* Opens path for writing (creating it when missing) or for reading only,
 * then with limit_ms, statements are interrupted after that long. */
static hr_status open_lite(const char *path, bool readonly, unsigned limit_ms, hr_db **out,
                           hr_error *err)
{
    *out = NULL;
    lite *l = calloc(1, sizeof *l);
    if (!l)
        return hr_error_set(err, HR_ERR_NOMEM, path, NULL, 0, UINT64_MAX, "out of memory");
    l->base.ops = &OPS;
    l->base.kind = HR_DB_SQLITE;
    snprintf(l->base.name, sizeof l->base.name, "%s", path);
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    /* a reader's connection is used by one thread at a time (herald serve
     * has one per worker): SQLite's own locking of it is not needed */
    if (readonly)
        flags |= SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path, &l->h, flags, NULL);
    if (rc != SQLITE_OK) {
        hr_error_set(err, HR_ERR_IO, path, NULL, 0, UINT64_MAX, "cannot open the database: %s",
                     l->h ? sqlite3_errmsg(l->h) : sqlite3_errstr(rc));
        sqlite3_close_v2(l->h);
        free(l);
        return HR_ERR_IO;
    }
    sqlite3_busy_timeout(l->h, 10000);
    /* a file that is not a database fails here, on its first read; a
     * reader leaves the journal mode to the writer */
    const char *setup = readonly ? "PRAGMA query_only=1; PRAGMA temp_store=MEMORY;"
                                   "SELECT COUNT(*) FROM sqlite_master;"
                                 : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                   "PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY;";
    if (sqlite3_exec(l->h, setup, NULL, NULL, NULL) != SQLITE_OK) {
        hr_status st = hr_error_set(err, HR_ERR_FORMAT, path, NULL, 0, UINT64_MAX,
                                    "not a usable SQLite database: %s", sqlite3_errmsg(l->h));
        sqlite3_close_v2(l->h);
        free(l);
        return st;
    }
    if (limit_ms) {
        l->limit_ms = limit_ms;
        sqlite3_progress_handler(l->h, 1000, past_deadline, l);
    }
    *out = &l->base;
    return HR_OK;
}

hr_status hr_sqlite_open(const char *path, hr_db **out, hr_error *err)
{
    return open_lite(path, false, 0, out, err);
}

static bool is_pg_url(const char *target)
{
    return !strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11);
}

hr_status hr_db_open_readonly(const char *target, unsigned limit_ms, hr_db **out,
                              hr_error *err)
{
    if (!is_pg_url(target))
        return open_lite(target, true, limit_ms, out, err);
    hr_status st = hr_pg_open(target, out, err);
    if (st != HR_OK)
        return st;
    char sql[128];
    snprintf(sql, sizeof sql,
             "SET default_transaction_read_only = on; SET statement_timeout = %u", limit_ms);
    if ((st = hr_db_exec(*out, sql, err)) != HR_OK) {
        hr_db_close(*out);
        *out = NULL;
    }
    return st;
}

hr_status hr_db_open(const char *target, hr_db **out, hr_error *err)
{
    if (is_pg_url(target))
        return hr_pg_open(target, out, err);
    return hr_sqlite_open(target, out, err);
}
