/* serve.c - herald serve's HTTP server (libmicrohttpd): the JSON API of
 * api.c under /api/, and the web page's files from a directory.
 *
 * Threads: a pool of worker threads, each polling its share of the
 * connections; a worker opens its own read-only connection to the
 * database on its first API request and keeps it (the database layer is
 * not shared between threads), closed when the worker ends.
 *
 * Limits, so that a client can only cost bounded work: an idle
 * connection is closed after `timeout` seconds (a client that sends half
 * a request and waits); a request line and headers must fit in
 * MEMORY_LIMIT bytes (else 414 or 431, answered by the library); beyond
 * max_connections at once, a request gets 503; a statement runs at most
 * query_ms; a page has at most 1000 rows (params.c). Only GET and HEAD.
 *
 * Static files: the path is decoded once; a path with an encoded slash or
 * backslash, a NUL, or a segment starting with '.' (so "..", and hidden
 * files) is refused, and the file found must resolve (symbolic links
 * followed) inside the directory, which must resolve too.
 */
#include "serve/serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define MEMORY_LIMIT (32 * 1024)    /* per connection: request line and headers */

struct hr_server {
    struct MHD_Daemon *d;
    char *db;
    char root[PATH_MAX];          /* the static directory, resolved; "" none */
    unsigned max_connections, query_ms;
    atomic_uint active;           /* connections open */
    pthread_key_t store_key;      /* each worker's hr_store */
    bool key_made;
    uint16_t port;
};

/* ---- replies --------------------------------------------------------------- */

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, char *body, size_t len,
                             const char *type)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, body ? body : (char *)"", body ? MHD_RESPMEM_MUST_FREE
                                                                         : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static const char JSON[] = "application/json; charset=utf-8";

static enum MHD_Result error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    hr_api_reply r;
    hr_api_error(&r, status, msg);
    return reply(c, status, r.body, r.len, JSON);
}

/* ---- the API ------------------------------------------------------------------ */

static void close_store(void *s)
{
    hr_store_close(s, NULL);
}

static enum MHD_Result api(hr_server *srv, struct MHD_Connection *c, const char *path,
                           const char *qs, size_t qs_len)
{
    hr_store *s = pthread_getspecific(srv->store_key);
    if (!s) {
        hr_error err = {0};
        if (!(s = hr_store_open_readonly(srv->db, srv->query_ms, &err))) {
            char msg[700];
            snprintf(msg, sizeof msg, "the database cannot be opened: %s", err.msg);
            return error(c, MHD_HTTP_SERVICE_UNAVAILABLE, msg);
        }
        if (pthread_setspecific(srv->store_key, s)) {
            hr_store_close(s, NULL);
            return error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
        }
    }
    hr_api_reply r;
    hr_api_handle(s, path, qs, qs_len, srv->query_ms, &r);
    if (!r.body)
        return error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    return reply(c, r.status, r.body, r.len, JSON);
}

/* ---- static files ---------------------------------------------------------------- */

static const char *content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"}, {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"}, {".json", "application/json; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
        {".geojson", "application/geo+json"}, {".topojson", "application/json"},
        {".svg", "image/svg+xml"}, {".png", "image/png"}, {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"}, {".gif", "image/gif"}, {".webp", "image/webp"},
        {".ico", "image/x-icon"}, {".woff", "font/woff"}, {".woff2", "font/woff2"},
        {".ttf", "font/ttf"}, {".txt", "text/plain; charset=utf-8"},
        {".wasm", "application/wasm"},
    };
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash))
        for (size_t i = 0; i < sizeof types / sizeof *types; i++)
            if (!strcasecmp(dot, types[i].ext))
                return types[i].type;
    return "application/octet-stream";
}

/* Is the decoded path one we may look up? Every segment must be a plain
 * name: not empty inside the path, not starting with '.', no backslash. */
static bool safe_path(const char *p)
{
    if (p[0] != '/')
        return false;
    for (const char *s = p + 1; *s;) {
        size_t n = strcspn(s, "/");
        if (s[0] == '.' || memchr(s, '\\', n) || (n == 0 && s[n] == '/'))
            return false;
        s += n;
        if (*s == '/')
            s++;
    }
    return true;
}

static enum MHD_Result file(hr_server *srv, struct MHD_Connection *c, const char *raw_path,
                            size_t len)
{
    static const char NOT_FOUND[] = "no such file";
    if (!srv->root[0])
        return error(c, MHD_HTTP_NOT_FOUND, "no web page here: herald serve was started "
                                            "without a static directory");
    /* an encoded slash or backslash would be a separator after decoding */
    for (size_t i = 0; i + 2 < len; i++)
        if (raw_path[i] == '%' && raw_path[i + 1] == '2' && (raw_path[i + 2] | 0x20) == 'f')
            return error(c, MHD_HTTP_NOT_FOUND, NOT_FOUND);
        else if (raw_path[i] == '%' && raw_path[i + 1] == '5' &&
                 (raw_path[i + 2] | 0x20) == 'c')
            return error(c, MHD_HTTP_NOT_FOUND, NOT_FOUND);
    char path[PATH_MAX];
    size_t n;
    if (len >= sizeof path - 16 || !hr_url_decode(raw_path, len, false, path, &n))
        return error(c, MHD_HTTP_BAD_REQUEST, "a badly encoded path");
    if (!safe_path(path))
        return error(c, MHD_HTTP_NOT_FOUND, NOT_FOUND);
    if (path[n - 1] == '/')
        memcpy(path + n, "index.html", 11);
    char full[2 * PATH_MAX], real[PATH_MAX];
    snprintf(full, sizeof full, "%s%s", srv->root, path);
    size_t rl = strlen(srv->root);
    if (!realpath(full, real) || strncmp(real, srv->root, rl) || real[rl] != '/')
        return error(c, MHD_HTTP_NOT_FOUND, NOT_FOUND);
    /* the name is resolved already: a link in its place now is refused */
    int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return error(c, MHD_HTTP_NOT_FOUND, NOT_FOUND);
    }
    struct MHD_Response *r = MHD_create_response_from_fd64((uint64_t)st.st_size, fd);
    if (!r) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type(real));
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

/* ---- requests ------------------------------------------------------------------------ */

/* The request's URI as the client sent it (path and query string, not
 * decoded), kept as the request's context: the library would decode the
 * path and split the parameters itself, but the API wants repeated
 * parameters in order and the file lookup must see encoded slashes. */
typedef struct request {
    bool headers_seen;            /* the handler's first call is over */
    char uri[];
} request;

static void *keep_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    size_t n = uri ? strlen(uri) : 0;
    request *r = malloc(sizeof *r + n + 1);
    if (r) {
        r->headers_seen = false;
        memcpy(r->uri, uri ? uri : "", n + 1);
    }
    return r;
}

static void request_done(void *cls, struct MHD_Connection *c, void **ctx,
                         enum MHD_RequestTerminationCode why)
{
    free(*ctx);
    *ctx = NULL;
}

static void connection_event(void *cls, struct MHD_Connection *c, void **socket_ctx,
                             enum MHD_ConnectionNotificationCode what)
{
    hr_server *srv = cls;
    if (what == MHD_CONNECTION_NOTIFY_STARTED)
        atomic_fetch_add(&srv->active, 1);
    else if (what == MHD_CONNECTION_NOTIFY_CLOSED)
        atomic_fetch_sub(&srv->active, 1);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **ctx)
{
    hr_server *srv = cls;
    if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
        return error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD are answered");
    request *rq = *ctx;
    if (!rq)
        return error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    /* the first call has the headers only; answering then would make the
     * library close the connection (the body is not read yet), so the
     * answer waits for the call that says the request is complete */
    if (!rq->headers_seen || *upload_size) {
        rq->headers_seen = true;
        *upload_size = 0;         /* a GET's body, if any, is not read */
        return MHD_YES;
    }
    if (atomic_load(&srv->active) > srv->max_connections)
        return error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "too many connections: try again");
    const char *uri = rq->uri;
    size_t path_len = strcspn(uri, "?");
    const char *qs = uri[path_len] ? uri + path_len + 1 : "";
    if (uri[0] != '/')
        return error(c, MHD_HTTP_BAD_REQUEST, "the path must start with /");
    if (path_len >= 4 && !memcmp(uri, "/api", 4) && (path_len == 4 || uri[4] == '/')) {
        char path[1024];
        size_t n;
        if (path_len >= sizeof path || !hr_url_decode(uri, path_len, false, path, &n))
            return error(c, MHD_HTTP_NOT_FOUND, "no such endpoint");
        return api(srv, c, path, qs, strlen(qs));
    }
    return file(srv, c, uri, path_len);
}

/* ---- the server -------------------------------------------------------------------------- */

static bool address(const char *bind, uint16_t port, struct sockaddr_storage *sa, bool *v6)
{
    memset(sa, 0, sizeof *sa);
    struct sockaddr_in *a4 = (struct sockaddr_in *)sa;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)sa;
    if (inet_pton(AF_INET, bind, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons(port);
        *v6 = false;
        return true;
    }
    if (inet_pton(AF_INET6, bind, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons(port);
        *v6 = true;
        return true;
    }
    return false;
}

hr_server *hr_server_start(const hr_server_options *opt, hr_error *err)
{
    const char *bind = opt->bind ? opt->bind : "127.0.0.1";
    struct sockaddr_storage sa;
    bool v6;
    if (!address(bind, opt->port, &sa, &v6)) {
        hr_error_set(err, HR_ERR_ARG, "serve", NULL, 0, UINT64_MAX,
                     "--bind takes an IPv4 or IPv6 address (127.0.0.1, ::1, 0.0.0.0), not '%s'",
                     bind);
        return NULL;
    }
    hr_server *srv = calloc(1, sizeof *srv);
    if (!srv || !(srv->db = strdup(opt->db))) {
        free(srv);
        hr_error_set(err, HR_ERR_NOMEM, "serve", NULL, 0, UINT64_MAX, "out of memory");
        return NULL;
    }
    srv->max_connections = opt->max_connections ? opt->max_connections : 1000;
    srv->query_ms = opt->query_ms ? opt->query_ms : 5000;
    unsigned threads = opt->threads ? opt->threads : 4;
    unsigned timeout = opt->timeout ? opt->timeout : 10;
    if (opt->static_dir && !realpath(opt->static_dir, srv->root)) {
        hr_error_set(err, HR_ERR_IO, opt->static_dir, NULL, 0, UINT64_MAX,
                     "cannot use the static directory: %s", strerror(errno));
        goto fail;
    }
    /* the database is checked once here, so that a wrong path fails at
     * start rather than on each request */
    hr_store *check = hr_store_open_readonly(srv->db, srv->query_ms, err);
    if (!check)
        goto fail;
    hr_store_close(check, NULL);
    if (pthread_key_create(&srv->store_key, close_store)) {
        hr_error_set(err, HR_ERR_NOMEM, "serve", NULL, 0, UINT64_MAX, "out of memory");
        goto fail;
    }
    srv->key_made = true;
    unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD | (v6 ? MHD_USE_IPv6 : 0);
    /* the library's own hard limit is above ours, so that the requests
     * over ours are answered 503 rather than dropped */
    srv->d = MHD_start_daemon(
        flags, opt->port, NULL, NULL, handle, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
        srv->max_connections + 64, MHD_OPTION_CONNECTION_TIMEOUT, timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MEMORY_LIMIT, MHD_OPTION_URI_LOG_CALLBACK,
        keep_uri, srv, MHD_OPTION_NOTIFY_COMPLETED, request_done, srv,
        MHD_OPTION_NOTIFY_CONNECTION, connection_event, srv, MHD_OPTION_END);
    if (!srv->d) {
        hr_error_set(err, HR_ERR_IO, "serve", NULL, 0, UINT64_MAX,
                     "cannot listen on %s port %u: %s", bind, opt->port,
                     errno ? strerror(errno) : "unknown error");
        goto fail;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : opt->port;
    return srv;
fail:
    hr_server_stop(srv);
    return NULL;
}

uint16_t hr_server_port(const hr_server *s)
{
    return s->port;
}

void hr_server_stop(hr_server *s)
{
    if (!s)
        return;
    if (s->d)
        MHD_stop_daemon(s->d);     /* joins the workers: their stores close */
    if (s->key_made)
        pthread_key_delete(s->store_key);
    free(s->db);
    free(s);
}
