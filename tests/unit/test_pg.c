/* test_pg.c - the store's little SQL interface (src/store/db.h) on both of
 * its backends: the same checks run on SQLite (a file in a temporary
 * directory) and on PostgreSQL (the server HERALD_PG_URL names, started by
 * tests/run.sh through scripts/pg-test.sh). Without HERALD_PG_URL the
 * PostgreSQL checks are skipped with a note, except those that need no
 * server (a closed port, the password kept out of messages).
 *
 * PostgreSQL's own cases: `?` rewritten to $n but not inside quotes, the
 * password never shown, and a connection lost under a running statement
 * (the server ending it, or its socket shut) reported as HR_ERR_IO "the
 * PostgreSQL server went away" with nothing of the open transaction kept.
 */
#include "testutil.h"

#include "store/db.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct backend {
    hr_db_kind kind;
    char target[600];            /* SQLite file or PostgreSQL URL; "" = none */
} backend;

static backend LITE = {HR_DB_SQLITE, ""};
static backend PG = {HR_DB_POSTGRES, ""};
static char lite_dir[64];

/* ---- helpers ------------------------------------------------------------ */

/* Fails the test with the error's text when st is not HR_OK. */
static void ok(hr_status st, const hr_error *err)
{
    if (st != HR_OK) {
        char buf[1600];
        fprintf(stderr, "unexpected error: %s\n", hr_error_format(err, buf, sizeof buf));
    }
    assert_int_equal(st, HR_OK);
}

/* The backend's database, or a skipped test when there is none. */
static hr_db *open_db(const backend *b)
{
    if (!b->target[0]) {
        printf("note: PostgreSQL checks skipped: HERALD_PG_URL is not set "
               "(tests/run.sh sets it when it can start a server)\n");
        skip();
    }
    hr_error err = {0};
    hr_db *db = NULL;
    ok(hr_db_open(b->target, &db, &err), &err);
    assert_non_null(db);
    assert_int_equal(db->kind, b->kind);
    return db;
}

static void exec_ok(hr_db *db, const char *sql)
{
    hr_error err = {0};
    ok(hr_db_exec(db, sql, &err), &err);
}

static hr_stmt *prepare_ok(hr_db *db, const char *sql)
{
    hr_error err = {0};
    hr_stmt *q = hr_db_prepare(db, sql, &err);
    if (!q)
        ok(err.code ? err.code : HR_ERR_ARG, &err);
    return q;
}

/* Steps once and expects `want` (1 row, 0 done). */
static void step_ok(hr_stmt *q, int want)
{
    hr_error err = {0};
    int rc = hr_step(q, &err);
    if (rc < 0)
        ok(err.code ? err.code : HR_ERR_ARG, &err);
    assert_int_equal(rc, want);
}

static int64_t count_rows(hr_db *db, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    hr_stmt *q = prepare_ok(db, sql);
    step_ok(q, 1);
    int64_t n = hr_col_int(q, 0);
    hr_stmt_free(q);
    return n;
}

/* ---- the interface, on both backends ------------------------------------ */

/* Every type bound and read back as it went in: text with quotes,
 * backslashes and non-ASCII, a slice of a longer string, the empty string
 * (not NULL), integers at both ends of 64 bits, doubles to the last bit,
 * and NULL in each column. */
static void t_types_roundtrip(void **state)
{
    hr_db *db = open_db(*state);
    exec_ok(db, "DROP TABLE IF EXISTS dbt_values;"
                "CREATE TABLE dbt_values (k BIGINT PRIMARY KEY, s TEXT,"
                " d DOUBLE PRECISION, i BIGINT)");
    static const struct {
        const char *s;
        double d;
        int64_t i;
    } rows[] = {
        {"it's \"quoted\", with a back\\slash and \\n", 0.1, 0},
        {"Z\xc3\xbcrich \xe2\x80\x93 \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x99\x82", -2.5e-300,
         INT64_MAX},
        {"", 1.7976931348623157e308, INT64_MIN},
        {"'; DROP TABLE dbt_values; --", 3.141592653589793, -1},
        {"tab\there", 4.9406564584124654e-324, 1234567890123},
    };
    enum { N = sizeof rows / sizeof rows[0] };
    hr_stmt *ins = prepare_ok(db, "INSERT INTO dbt_values (k, s, d, i) VALUES (?, ?, ?, ?)");
    for (int r = 0; r < N; r++) {
        hr_bind_int(ins, 1, r);
        hr_bind_text(ins, 2, rows[r].s);
        hr_bind_double(ins, 3, rows[r].d);
        hr_bind_int(ins, 4, rows[r].i);
        step_ok(ins, 0);
        hr_stmt_reset(ins);
    }
    /* NULL in every column but the key, two ways: bind_null and a NULL
     * string; and a slice of a string that goes on */
    hr_bind_int(ins, 1, 100);
    hr_bind_null(ins, 2);
    hr_bind_null(ins, 3);
    hr_bind_null(ins, 4);
    step_ok(ins, 0);
    hr_stmt_reset(ins);
    hr_bind_int(ins, 1, 101);
    hr_bind_text(ins, 2, NULL);
    hr_bind_int(ins, 3, 7);            /* an integer into a DOUBLE column */
    hr_bind_double(ins, 4, 42.0);      /* a whole double into a BIGINT one */
    step_ok(ins, 0);
    hr_stmt_reset(ins);
    hr_bind_int(ins, 1, 102);
    hr_bind_text_n(ins, 2, "abcdef", 3);
    hr_bind_double(ins, 3, -2.75);
    hr_bind_text(ins, 4, "overwritten");
    hr_bind_int(ins, 4, 9);            /* bound twice: the last wins */
    step_ok(ins, 0);
    hr_stmt_free(ins);

    hr_stmt *q = prepare_ok(db, "SELECT k, s, d, i FROM dbt_values ORDER BY k");
    for (int r = 0; r < N; r++) {
        step_ok(q, 1);
        assert_int_equal(hr_col_int(q, 0), r);
        assert_false(hr_col_null(q, 1));
        assert_string_equal(hr_col_text(q, 1), rows[r].s);
        assert_true(hr_col_double(q, 2) == rows[r].d);
        assert_true(hr_col_int(q, 3) == rows[r].i);
    }
    step_ok(q, 1);
    assert_int_equal(hr_col_int(q, 0), 100);
    for (int c = 1; c <= 3; c++) {
        assert_true(hr_col_null(q, c));
        assert_string_equal(hr_col_text(q, c), "");
    }
    assert_int_equal(hr_col_int(q, 3), 0);
    assert_true(hr_col_double(q, 2) == 0.0);
    step_ok(q, 1);
    assert_int_equal(hr_col_int(q, 0), 101);
    assert_true(hr_col_null(q, 1));
    assert_true(hr_col_double(q, 2) == 7.0);
    assert_int_equal(hr_col_int(q, 3), 42);
    step_ok(q, 1);
    assert_string_equal(hr_col_text(q, 1), "abc");
    assert_true(hr_col_double(q, 2) == -2.75);
    assert_int_equal(hr_col_int(q, 2), -2);    /* a double read as an integer */
    assert_int_equal(hr_col_int(q, 3), 9);
    step_ok(q, 0);
    hr_stmt_free(q);
    exec_ok(db, "DROP TABLE dbt_values");
    hr_db_close(db);
}

/* Bad SQL fails with the backend's message, under the database's name. */
static void t_bad_sql(void **state)
{
    hr_db *db = open_db(*state);
    hr_error err = {0};
    assert_null(hr_db_prepare(db, "SELEKT 1 FROM nowhere", &err));
    assert_int_not_equal(err.code, HR_OK);
    assert_string_equal(err.file, db->name);
    assert_true(strstr(err.msg, "cannot prepare") != NULL);
    assert_true(strstr(err.msg, "SELEKT") != NULL);     /* the backend's own words */

    memset(&err, 0, sizeof err);
    assert_int_not_equal(hr_db_exec(db, "CREATE TABLE (", &err), HR_OK);
    assert_string_equal(err.file, db->name);
    assert_true(err.msg[0] != '\0');

    /* a statement that prepares but fails when run: a duplicate key */
    exec_ok(db, "DROP TABLE IF EXISTS dbt_dup; CREATE TABLE dbt_dup (k BIGINT PRIMARY KEY)");
    hr_stmt *ins = prepare_ok(db, "INSERT INTO dbt_dup (k) VALUES (?)");
    hr_bind_int(ins, 1, 1);
    step_ok(ins, 0);
    hr_stmt_reset(ins);
    hr_bind_int(ins, 1, 1);
    memset(&err, 0, sizeof err);
    assert_int_equal(hr_step(ins, &err), -1);
    assert_int_equal(err.code, HR_ERR_FORMAT);
    assert_string_equal(err.file, db->name);
    assert_true(strstr(err.msg, "SQL failed") != NULL);
    assert_true(strstr(err.msg, "UNIQUE") || strstr(err.msg, "unique"));
    hr_stmt_reset(ins);
    /* the statement is still usable afterwards */
    hr_bind_int(ins, 1, 2);
    step_ok(ins, 0);
    hr_stmt_free(ins);
    assert_int_equal(count_rows(db, "dbt_dup"), 2);
    exec_ok(db, "DROP TABLE dbt_dup");
    hr_db_close(db);
}

/* INSERT ... ON CONFLICT DO NOTHING: the second insert of a key is no
 * error and adds nothing. */
static void t_on_conflict(void **state)
{
    hr_db *db = open_db(*state);
    exec_ok(db, "DROP TABLE IF EXISTS dbt_once;"
                "CREATE TABLE dbt_once (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b))");
    hr_stmt *ins = prepare_ok(db, "INSERT INTO dbt_once (a, b) VALUES (?, ?)"
                                  " ON CONFLICT DO NOTHING");
    for (int i = 0; i < 3; i++) {
        hr_bind_text(ins, 1, "doc");
        hr_bind_text(ins, 2, i == 2 ? "https://b.example/" : "https://a.example/");
        step_ok(ins, 0);
        hr_stmt_reset(ins);
    }
    hr_stmt_free(ins);
    assert_int_equal(count_rows(db, "dbt_once"), 2);
    exec_ok(db, "DROP TABLE dbt_once");
    hr_db_close(db);
}

/* BEGIN ... ROLLBACK leaves nothing, also after a statement in the
 * transaction failed (PostgreSQL then refuses all but ROLLBACK); BEGIN ...
 * COMMIT keeps everything. */
static void t_transactions(void **state)
{
    hr_db *db = open_db(*state);
    exec_ok(db, "DROP TABLE IF EXISTS dbt_tx; CREATE TABLE dbt_tx (k BIGINT PRIMARY KEY)");
    hr_stmt *ins = prepare_ok(db, "INSERT INTO dbt_tx (k) VALUES (?)");

    exec_ok(db, "BEGIN");
    for (int k = 1; k <= 3; k++) {
        hr_bind_int(ins, 1, k);
        step_ok(ins, 0);
        hr_stmt_reset(ins);
    }
    assert_int_equal(count_rows(db, "dbt_tx"), 3);     /* seen inside */
    exec_ok(db, "ROLLBACK");
    assert_int_equal(count_rows(db, "dbt_tx"), 0);

    exec_ok(db, "BEGIN");
    hr_bind_int(ins, 1, 1);
    step_ok(ins, 0);
    hr_stmt_reset(ins);
    hr_bind_int(ins, 1, 1);                            /* a duplicate: fails */
    hr_error err = {0};
    assert_int_equal(hr_step(ins, &err), -1);
    hr_stmt_reset(ins);
    exec_ok(db, "ROLLBACK");
    assert_int_equal(count_rows(db, "dbt_tx"), 0);

    exec_ok(db, "BEGIN");
    for (int k = 1; k <= 2; k++) {
        hr_bind_int(ins, 1, k);
        step_ok(ins, 0);
        hr_stmt_reset(ins);
    }
    exec_ok(db, "COMMIT");
    hr_stmt_free(ins);
    assert_int_equal(count_rows(db, "dbt_tx"), 2);
    exec_ok(db, "DROP TABLE dbt_tx");
    hr_db_close(db);
}

/* A `?` in a string, a quoted name or a comment is not a placeholder. */
static void t_quoted_marks(void **state)
{
    const backend *b = *state;
    hr_db *db = open_db(b);
    hr_stmt *q = prepare_ok(db, "SELECT '?', ?, 'a''?b', ? AS \"wh?t\", /* ? */ 'end' -- ?\n");
    hr_bind_text(q, 1, "first");
    hr_bind_int(q, 2, 7);
    step_ok(q, 1);
    assert_string_equal(hr_col_text(q, 0), "?");
    assert_string_equal(hr_col_text(q, 1), "first");
    assert_string_equal(hr_col_text(q, 2), "a'?b");
    assert_int_equal(hr_col_int(q, 3), 7);
    assert_string_equal(hr_col_text(q, 4), "end");
    step_ok(q, 0);
    hr_stmt_free(q);
    /* in a plain string a backslash is only a backslash */
    q = prepare_ok(db, "SELECT 'back\\', ?");
    hr_bind_text(q, 1, "third");
    step_ok(q, 1);
    assert_string_equal(hr_col_text(q, 0), "back\\");
    assert_string_equal(hr_col_text(q, 1), "third");
    hr_stmt_free(q);
    if (b->kind == HR_DB_POSTGRES) {
        /* PostgreSQL's E'...' strings: a backslash escapes the quote */
        q = prepare_ok(db, "SELECT E'\\'?', ?");
        hr_bind_text(q, 1, "second");
        step_ok(q, 1);
        assert_string_equal(hr_col_text(q, 0), "'?");
        assert_string_equal(hr_col_text(q, 1), "second");
        hr_stmt_free(q);
    }
    hr_db_close(db);
}

/* A statement runs many times: stepping past its end runs it again with
 * the same values; reset clears them (unbound = NULL); columns past the
 * last, or read with no row, are NULL. */
static void t_reuse_and_reset(void **state)
{
    hr_db *db = open_db(*state);
    hr_stmt *q = prepare_ok(db, "SELECT ?");
    hr_bind_text(q, 1, "one");
    step_ok(q, 1);
    assert_string_equal(hr_col_text(q, 0), "one");
    step_ok(q, 0);
    step_ok(q, 1);
    assert_string_equal(hr_col_text(q, 0), "one");
    hr_stmt_reset(q);
    step_ok(q, 1);
    assert_true(hr_col_null(q, 0));
    assert_string_equal(hr_col_text(q, 0), "");
    hr_stmt_reset(q);
    hr_bind_int(q, 1, 5);
    step_ok(q, 1);
    assert_int_equal(hr_col_int(q, 0), 5);
    step_ok(q, 0);
    hr_stmt_free(q);

    /* many statements prepared and freed on one connection; on
     * PostgreSQL, freeing one frees the server's copy too */
    bool pg = db->kind == HR_DB_POSTGRES;
    hr_stmt *held = pg ? prepare_ok(db, "SELECT COUNT(*) FROM pg_prepared_statements") : NULL;
    int64_t held_before = 0;
    if (pg) {
        step_ok(held, 1);
        held_before = hr_col_int(held, 0);
        hr_stmt_reset(held);
    }
    for (int i = 0; i < 300; i++) {
        q = prepare_ok(db, "SELECT ? + 1");
        hr_bind_int(q, 1, i);
        step_ok(q, 1);
        assert_int_equal(hr_col_int(q, 0), i + 1);
        hr_stmt_free(q);
    }
    if (pg) {
        step_ok(held, 1);
        assert_int_equal(hr_col_int(held, 0), held_before);
        hr_stmt_free(held);
    }
    hr_db_close(db);
}

/* ---- PostgreSQL only ------------------------------------------------------ */

/* A port on 127.0.0.1 that nothing listens on: one the kernel just gave
 * and took back. */
static int closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

/* Needs no server: the message says what failed, names the URL, and the
 * password is nowhere (neither user:password@ nor ?password=). */
static void t_pg_closed_port(void **state)
{
    int port = closed_port();
    char url[256], name[256];
    snprintf(url, sizeof url,
             "postgresql://herald:s3cret@127.0.0.1:%d/herald_test"
             "?password=hidden&connect_timeout=5", port);
    snprintf(name, sizeof name,
             "postgresql://herald@127.0.0.1:%d/herald_test?connect_timeout=5", port);
    hr_error err = {0};
    hr_db *db = (hr_db *)1;
    assert_int_equal(hr_db_open(url, &db, &err), HR_ERR_IO);
    assert_null(db);
    assert_string_equal(err.file, name);
    assert_true(strstr(err.msg, "cannot connect to the PostgreSQL server") != NULL);
    assert_true(strstr(err.msg, "refused") != NULL);
    assert_null(strchr(err.msg, '\n'));
    char buf[1600];
    hr_error_format(&err, buf, sizeof buf);
    assert_null(strstr(buf, "s3cret"));
    assert_null(strstr(buf, "hidden"));

    /* the short scheme and a URL with only a password parameter */
    snprintf(url, sizeof url, "postgres://u:p@127.0.0.1:%d/x?password=zz", port);
    snprintf(name, sizeof name, "postgres://u@127.0.0.1:%d/x", port);
    memset(&err, 0, sizeof err);
    assert_int_equal(hr_db_open(url, &db, &err), HR_ERR_IO);
    assert_string_equal(err.file, name);
}

/* On the server: a URL with a password (trust authentication ignores it)
 * connects, and the database's name leaves it out. */
static void t_pg_name_hides_password(void **state)
{
    const backend *b = *state;
    hr_db_close(open_db(b));    /* skips without a server */
    const char *at = strchr(b->target, '@');
    if (!at || strchr(b->target, '?'))
        skip();                  /* a URL without a user: nothing to add to */
    char url[700];
    snprintf(url, sizeof url, "%.*s:not-shown%s", (int)(at - b->target), b->target, at);
    hr_error err = {0};
    hr_db *db = NULL;
    ok(hr_db_open(url, &db, &err), &err);
    assert_string_equal(db->name, b->target);
    hr_db_close(db);
}

/* Leaves a connection in an open transaction holding one inserted row,
 * and the statement to insert more. */
static hr_db *open_busy(const backend *b, hr_stmt **ins)
{
    hr_db *db = open_db(b);
    exec_ok(db, "DROP TABLE IF EXISTS dbt_gone; CREATE TABLE dbt_gone (k BIGINT)");
    *ins = prepare_ok(db, "INSERT INTO dbt_gone (k) VALUES (?)");
    exec_ok(db, "BEGIN");
    hr_bind_int(*ins, 1, 1);
    step_ok(*ins, 0);
    hr_stmt_reset(*ins);
    return db;
}

/* After the connection is lost: the next step and exec fail with
 * HR_ERR_IO "went away", freeing and closing are safe, and a new
 * connection finds nothing of the open transaction. */
static void expect_gone(const backend *b, hr_db *db, hr_stmt *ins)
{
    hr_error err = {0};
    hr_bind_int(ins, 1, 2);
    assert_int_equal(hr_step(ins, &err), -1);
    assert_int_equal(err.code, HR_ERR_IO);
    assert_string_equal(err.file, db->name);
    assert_true(strstr(err.msg, "the PostgreSQL server went away") != NULL);
    hr_stmt_reset(ins);
    memset(&err, 0, sizeof err);
    assert_int_equal(hr_db_exec(db, "COMMIT", &err), HR_ERR_IO);
    assert_true(strstr(err.msg, "went away") != NULL);
    memset(&err, 0, sizeof err);
    assert_null(hr_db_prepare(db, "SELECT 1", &err));
    assert_int_equal(err.code, HR_ERR_IO);
    hr_stmt_free(ins);
    hr_db_close(db);

    hr_db *again = open_db(b);
    assert_int_equal(count_rows(again, "dbt_gone"), 0);
    exec_ok(again, "DROP TABLE dbt_gone");
    hr_db_close(again);
}

/* The server ends the connection (as a restart or an administrator would),
 * with a transaction open on it. */
static void t_pg_server_ends_connection(void **state)
{
    const backend *b = *state;
    hr_stmt *ins;
    hr_db *db = open_busy(b, &ins);
    hr_stmt *q = prepare_ok(db, "SELECT pg_backend_pid()");
    step_ok(q, 1);
    int64_t pid = hr_col_int(q, 0);
    hr_stmt_free(q);

    hr_db *admin = open_db(b);
    /* the second argument makes it wait until that connection is gone */
    q = prepare_ok(admin, "SELECT pg_terminate_backend(?, 30000)");
    hr_bind_int(q, 1, pid);
    step_ok(q, 1);
    assert_string_equal(hr_col_text(q, 0), "t");
    hr_stmt_free(q);
    hr_db_close(admin);

    expect_gone(b, db, ins);
}

enum { MAX_FD = 1024 };

/* Marks the process's connected sockets. */
static void connected_sockets(bool out[MAX_FD])
{
    for (int fd = 0; fd < MAX_FD; fd++) {
        struct stat sb;
        struct sockaddr_storage peer;
        socklen_t len = sizeof peer;
        out[fd] = !fstat(fd, &sb) && S_ISSOCK(sb.st_mode) &&
                  !getpeername(fd, (struct sockaddr *)&peer, &len);
    }
}

/* The connection breaks under the client (the network, a crashed server):
 * its socket, the one connected socket that opening it added, is shut
 * while a transaction is open. */
static void t_pg_socket_shut(void **state)
{
    const backend *b = *state;
    bool before[MAX_FD], after[MAX_FD];
    connected_sockets(before);
    hr_stmt *ins;
    hr_db *db = open_busy(b, &ins);
    connected_sockets(after);
    int sock = -1;
    for (int fd = 0; fd < MAX_FD; fd++)
        if (after[fd] && !before[fd]) {
            assert_int_equal(sock, -1);      /* exactly one */
            sock = fd;
        }
    assert_true(sock >= 0);
    assert_int_equal(shutdown(sock, SHUT_RDWR), 0);
    expect_gone(b, db, ins);
}

/* ---- setup -------------------------------------------------------------- */

static int setup(void **state)
{
    snprintf(lite_dir, sizeof lite_dir, "/tmp/herald-test-db-XXXXXX");
    if (!mkdtemp(lite_dir))
        return -1;
    snprintf(LITE.target, sizeof LITE.target, "%s/test.db", lite_dir);
    const char *url = getenv("HERALD_PG_URL");
    if (url && *url)
        snprintf(PG.target, sizeof PG.target, "%s", url);
    return 0;
}

static int teardown(void **state)
{
    char path[700];
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(path, sizeof path, "%s%s", LITE.target, suffixes[i]);
        unlink(path);
    }
    return rmdir(lite_dir);
}

#define ON(b, f) {#f " (" #b ")", f, NULL, NULL, &b}
#define BOTH(f) ON(LITE, f), ON(PG, f)

int main(void)
{
    const struct CMUnitTest tests[] = {
        BOTH(t_types_roundtrip),
        BOTH(t_bad_sql),
        BOTH(t_on_conflict),
        BOTH(t_transactions),
        BOTH(t_quoted_marks),
        BOTH(t_reuse_and_reset),
        ON(PG, t_pg_closed_port),
        ON(PG, t_pg_name_hides_password),
        ON(PG, t_pg_server_ends_connection),
        ON(PG, t_pg_socket_shut),
    };
    return cmocka_run_group_tests_name("pg", tests, setup, teardown);
}
