/* pg.c - the PostgreSQL backend of the store's SQL interface (db.h),
 * through libpq.
 *
 * The store's SQL says `?`; PostgreSQL wants $1, $2...: prepare rewrites
 * the text (leaving alone a `?` inside a quoted string, a quoted name or a
 * comment) and prepares it once on the server under a name of its own.
 * Values travel as text, which the server converts to each column's type,
 * so bind only has to print a number; doubles are printed with 17
 * significant digits, enough to come back bit for bit.
 *
 * A step runs the statement on its first call and keeps the whole result;
 * the following steps walk its rows. Unlike SQLite, PostgreSQL aborts the
 * open transaction when a statement in it fails: the caller must roll back.
 *
 * A connection that breaks (the server stopped, the network cut) is
 * reported as HR_ERR_IO "the PostgreSQL server went away", so a run stops
 * there; whatever its open transaction held is rolled back by the server.
 */
#include "db.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pg {
    hr_db base;
    PGconn *c;
    unsigned long statements;    /* prepared so far: names "hr_1", "hr_2"... */
} pg;

typedef struct pstmt {
    hr_stmt base;
    char name[32];
    int nparams;
    char **values;               /* nparams bound values as text; NULL = SQL NULL */
    PGresult *res;               /* the result being walked, or NULL */
    int row;                     /* the row the last step returned */
} pstmt;

/* ---- errors ------------------------------------------------------------- */

/* libpq's messages end in a newline and may span lines ("...failed:
 * Connection refused\n\tIs the server running..."): one line for ours. */
static void one_line(char *dst, size_t size, const char *src)
{
    size_t n = 0;
    bool space = false;
    for (const char *p = src ? src : ""; *p && n + 1 < size; p++) {
        if (*p == '\n' || *p == '\t' || *p == '\r' || *p == ' ') {
            space = n > 0;
            continue;
        }
        if (space && n + 2 < size)
            dst[n++] = ' ';
        space = false;
        dst[n++] = *p;
    }
    dst[n] = '\0';
}

/* The first line of libpq's connection message, without its "FATAL:". */
static void first_line(char *dst, size_t size, const char *src)
{
    src = src ? src : "";
    if (!strncmp(src, "FATAL:", 6) || !strncmp(src, "ERROR:", 6))
        src += 6;
    src += strspn(src, " ");
    snprintf(dst, size, "%.*s", (int)strcspn(src, "\n"), src);
}

/* Fills err for a failed command: `res` is its result (may be NULL). The
 * message is the server's main line and its detail ("Key (id)=(x) already
 * exists."), without the severity and the caret drawing. */
static hr_status fail(pg *p, const PGresult *res, hr_error *err, const char *what)
{
    char msg[400];
    if (PQstatus(p->c) != CONNECTION_OK) {
        first_line(msg, sizeof msg, PQerrorMessage(p->c));
        return hr_error_set(err, HR_ERR_IO, p->base.name, NULL, 0, UINT64_MAX,
                            "the PostgreSQL server went away (%s)", msg);
    }
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    if (primary)
        snprintf(msg, sizeof msg, "%s%s%s", primary, detail ? ": " : "", detail ? detail : "");
    else
        one_line(msg, sizeof msg, PQerrorMessage(p->c));
    /* SQLSTATE classes: 53 insufficient resources (53100 disk full, 53200
     * out of memory), 58 system error (I/O), 08 connection exception. */
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    hr_status st = HR_ERR_FORMAT;
    if (state && !strcmp(state, "53200"))
        st = HR_ERR_NOMEM;
    else if (state && (!strncmp(state, "53", 2) || !strncmp(state, "58", 2) ||
                       !strncmp(state, "08", 2)))
        st = HR_ERR_IO;
    return hr_error_set(err, st, p->base.name, NULL, 0, UINT64_MAX, "%s: %s", what, msg);
}

static bool result_ok(const PGresult *res)
{
    ExecStatusType s = PQresultStatus(res);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
}

/* ---- placeholders ------------------------------------------------------- */

/* Copies `sql` with each `?` outside quotes and comments replaced by $1,
 * $2...; *count gets how many. NULL when out of memory. Known limits:
 * numbered `?NNN` and dollar-quoted strings are not understood (the store
 * uses neither). */
static char *number_placeholders(const char *sql, int *count)
{
    size_t len = strlen(sql), marks = 0;
    for (size_t i = 0; i < len; i++)
        marks += sql[i] == '?';
    char *out = malloc(len + marks * 11 + 1);    /* "$" and up to 10 digits each */
    if (!out)
        return NULL;
    size_t n = 0;
    int next = 0;
    for (size_t i = 0; i < len;) {
        char c = sql[i];
        size_t end = i + 1;                      /* the piece to copy as it is */
        if (c == '\'' || c == '"') {
            /* a string or a quoted name: a doubled quote inside stays in;
             * in E'...' (E a word of its own) a backslash escapes the next
             * character */
            bool esc = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                       (i < 2 || !(isalnum((unsigned char)sql[i - 2]) || sql[i - 2] == '_'));
            while (end < len) {
                if (esc && sql[end] == '\\' && end + 1 < len)
                    end += 2;
                else if (sql[end] == c && end + 1 < len && sql[end + 1] == c)
                    end += 2;
                else if (sql[end++] == c)
                    break;
            }
        } else if (c == '-' && i + 1 < len && sql[i + 1] == '-') {
            while (end < len && sql[end] != '\n')
                end++;
        } else if (c == '/' && i + 1 < len && sql[i + 1] == '*') {
            char *close = strstr(sql + i + 2, "*/");
            end = close ? (size_t)(close - sql) + 2 : len;
        } else if (c == '?') {
            n += (size_t)sprintf(out + n, "$%d", ++next);
            i++;
            continue;
        }
        memcpy(out + n, sql + i, end - i);
        n += end - i;
        i = end;
    }
    out[n] = '\0';
    *count = next;
    return out;
}

/* ---- the connection ----------------------------------------------------- */

static void p_close(hr_db *db)
{
    pg *p = (pg *)db;
    PQfinish(p->c);
    free(p);
}

static hr_status p_exec(hr_db *db, const char *sql, hr_error *err)
{
    pg *p = (pg *)db;
    PGresult *res = PQexec(p->c, sql);
    hr_status st = HR_OK;
    if (!res || !result_ok(res))
        st = fail(p, res, err, "SQL failed");
    PQclear(res);
    return st;
}

static hr_stmt *p_prepare(hr_db *db, const char *sql, hr_error *err)
{
    pg *p = (pg *)db;
    pstmt *st = calloc(1, sizeof *st);
    char *text = st ? number_placeholders(sql, &st->nparams) : NULL;
    if (text && st->nparams)
        st->values = calloc((size_t)st->nparams, sizeof *st->values);
    if (!text || (st->nparams && !st->values)) {
        hr_error_set(err, HR_ERR_NOMEM, db->name, NULL, 0, UINT64_MAX, "out of memory");
        free(text);
        if (st)
            free(st->values);
        free(st);
        return NULL;
    }
    st->base.db = db;
    st->row = -1;
    snprintf(st->name, sizeof st->name, "hr_%lu", ++p->statements);
    /* no parameter types: the server infers each from where it stands */
    PGresult *res = PQprepare(p->c, st->name, text, st->nparams, NULL);
    free(text);
    if (!res || !result_ok(res)) {
        fail(p, res, err, "cannot prepare a statement");
        PQclear(res);
        free(st->values);
        free(st);
        return NULL;
    }
    PQclear(res);
    return &st->base;
}

/* ---- binding ------------------------------------------------------------ */

/* Stores parameter i (from 1) as a copy of s[0..n), or NULL; an index out
 * of range is ignored, as SQLite does. */
static void set_value(pstmt *st, int i, const char *s, size_t n)
{
    if (i < 1 || i > st->nparams)
        return;
    free(st->values[i - 1]);
    st->values[i - 1] = NULL;
    if (!s)
        return;
    char *v = malloc(n + 1);
    if (!v)
        return;    /* bound as NULL; a NOT NULL column will then say so */
    memcpy(v, s, n);
    v[n] = '\0';
    st->values[i - 1] = v;
}

static void p_bind_text(hr_stmt *st, int i, const char *s, size_t n)
{
    set_value((pstmt *)st, i, s, n);
}

static void p_bind_int(hr_stmt *st, int i, int64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
    set_value((pstmt *)st, i, buf, (size_t)n);
}

static void p_bind_double(hr_stmt *st, int i, double v)
{
    char buf[40];
    int n;
    if (isnan(v))
        n = snprintf(buf, sizeof buf, "NaN");
    else if (isinf(v))
        n = snprintf(buf, sizeof buf, "%sInfinity", v < 0 ? "-" : "");
    else
        n = snprintf(buf, sizeof buf, "%.17g", v);
    set_value((pstmt *)st, i, buf, (size_t)n);
}

static void p_bind_null(hr_stmt *st, int i)
{
    set_value((pstmt *)st, i, NULL, 0);
}

/* ---- running and reading ------------------------------------------------ */

static int p_step(hr_stmt *hs, hr_error *err)
{
    pstmt *st = (pstmt *)hs;
    pg *p = (pg *)hs->db;
    if (!st->res) {
        st->res = PQexecPrepared(p->c, st->name, st->nparams,
                                 (const char *const *)st->values, NULL, NULL, 0);
        st->row = -1;
        if (!st->res || !result_ok(st->res)) {
            fail(p, st->res, err, "SQL failed");
            PQclear(st->res);
            st->res = NULL;
            return -1;
        }
    }
    if (st->row + 1 < PQntuples(st->res)) {
        st->row++;
        return 1;
    }
    /* done: like SQLite, a further step runs the statement again */
    PQclear(st->res);
    st->res = NULL;
    st->row = -1;
    return 0;
}

/* The current row's value of column c, or NULL (no row, no column, NULL). */
static const char *value(hr_stmt *hs, int c)
{
    pstmt *st = (pstmt *)hs;
    if (!st->res || st->row < 0 || c < 0 || c >= PQnfields(st->res) ||
        PQgetisnull(st->res, st->row, c))
        return NULL;
    return PQgetvalue(st->res, st->row, c);
}

static bool p_is_null(hr_stmt *st, int c)
{
    return value(st, c) == NULL;
}

static const char *p_text(hr_stmt *st, int c)
{
    const char *v = value(st, c);
    return v ? v : "";
}

static int64_t p_integer(hr_stmt *st, int c)
{
    const char *v = value(st, c);
    if (!v)
        return 0;
    /* a DOUBLE PRECISION column read as an integer: truncate, as SQLite
     * does, and keep what does not fit (NaN, infinities) from overflowing */
    if (strpbrk(v, ".eEnN")) {
        double d = strtod(v, NULL);
        if (isnan(d))
            return 0;
        if (d >= 9223372036854775807.0)
            return INT64_MAX;
        if (d <= -9223372036854775808.0)
            return INT64_MIN;
        return (int64_t)d;
    }
    return strtoll(v, NULL, 10);
}

static double p_real(hr_stmt *st, int c)
{
    const char *v = value(st, c);
    return v ? strtod(v, NULL) : 0.0;
}

static void clear(pstmt *st)
{
    PQclear(st->res);
    st->res = NULL;
    st->row = -1;
    for (int i = 0; i < st->nparams; i++) {
        free(st->values[i]);
        st->values[i] = NULL;
    }
}

static void p_reset(hr_stmt *st)
{
    clear((pstmt *)st);
}

static void p_finalize(hr_stmt *hs)
{
    pstmt *st = (pstmt *)hs;
    pg *p = (pg *)hs->db;
    clear(st);
    /* Free the server's copy too, but only where DEALLOCATE can run: not
     * on a broken connection, nor inside a failed transaction (the name is
     * never reused, so a statement left there is harmless). */
    PGTransactionStatusType ts = PQtransactionStatus(p->c);
    if (PQstatus(p->c) == CONNECTION_OK && (ts == PQTRANS_IDLE || ts == PQTRANS_INTRANS)) {
        char sql[64];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        PQclear(PQexec(p->c, sql));
    }
    free(st->values);
    free(st);
}

static const hr_db_ops OPS = {
    .close = p_close, .exec = p_exec, .prepare = p_prepare, .bind_text = p_bind_text,
    .bind_int = p_bind_int, .bind_double = p_bind_double, .bind_null = p_bind_null,
    .step = p_step, .is_null = p_is_null, .text = p_text, .integer = p_integer,
    .real = p_real, .reset = p_reset, .finalize = p_finalize,
};

/* ---- opening ------------------------------------------------------------ */

/* The URL for messages: "postgresql://user:secret@host/db?password=x&a=b"
 * becomes "postgresql://user@host/db?a=b". */
static void name_without_password(char *dst, size_t size, const char *url)
{
    char buf[sizeof ((hr_db *)0)->name];
    snprintf(buf, sizeof buf, "%s", url);
    /* user:password@ in the authority (before the first '/' after "//") */
    char *auth = strstr(buf, "://");
    if (auth) {
        auth += 3;
        size_t alen = strcspn(auth, "/?");
        char *at = NULL;
        for (size_t i = 0; i < alen; i++)
            if (auth[i] == '@')
                at = auth + i;                   /* the last one: '@' may be in a password */
        char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon)
            memmove(colon, at, strlen(at) + 1);
    }
    /* password=... among the parameters */
    char *q = strchr(buf, '?');
    if (q) {
        char *out = q + 1, *in = q + 1;
        while (*in) {
            size_t plen = strcspn(in, "&");
            bool secret = !strncmp(in, "password=", 9);
            if (!secret) {
                if (out != q + 1)
                    *out++ = '&';
                memmove(out, in, plen);
                out += plen;
            }
            in += plen + (in[plen] == '&');
        }
        *out = '\0';
        if (out == q + 1)
            *q = '\0';                          /* nothing left after '?' */
    }
    snprintf(dst, size, "%s", buf);
}

hr_status hr_pg_open(const char *url, hr_db **out, hr_error *err)
{
    *out = NULL;
    pg *p = calloc(1, sizeof *p);
    if (!p)
        return hr_error_set(err, HR_ERR_NOMEM, url, NULL, 0, UINT64_MAX, "out of memory");
    p->base.ops = &OPS;
    p->base.kind = HR_DB_POSTGRES;
    name_without_password(p->base.name, sizeof p->base.name, url);

    /* Our defaults first; what the URL says overrides them. A host that
     * does not answer fails after connect_timeout rather than hanging. */
    const char *const keys[] = {"connect_timeout", "application_name", "dbname", NULL};
    const char *const values[] = {"10", "herald", url, NULL};
    p->c = PQconnectdbParams(keys, values, 1);
    if (!p->c || PQstatus(p->c) != CONNECTION_OK) {
        char msg[400];
        one_line(msg, sizeof msg, p->c ? PQerrorMessage(p->c) : "out of memory");
        hr_status st = hr_error_set(err, HR_ERR_IO, p->base.name, NULL, 0, UINT64_MAX,
                                    "cannot connect to the PostgreSQL server: %s", msg);
        PQfinish(p->c);
        free(p);
        return st;
    }
    /* The store's text is UTF-8; CREATE ... IF NOT EXISTS would print a
     * NOTICE for every table that exists: only warnings and worse. */
    hr_status st = p_exec(&p->base, "SET client_encoding = 'UTF8';"
                                    "SET client_min_messages = warning", err);
    if (st != HR_OK) {
        p_close(&p->base);
        return st;
    }
    *out = &p->base;
    return HR_OK;
}
