/* serve.c - `herald serve`: the database's events over HTTP, as a JSON API
 * and a web page (src/serve/, docs/api.md), until Ctrl-C or SIGTERM. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static const char SERVE_USAGE[] =
    "usage: herald serve [OPTIONS]\n"
    "\n"
    "Answers HTTP requests for the events of a database made by herald run:\n"
    "a JSON API under /api/ (docs/api.md) and the web page's files. The\n"
    "database is opened read-only. Runs until Ctrl-C or SIGTERM.\n"
    "\n"
    "options:\n"
    "  --db PATH|URL            the database: an SQLite file (default herald.db)\n"
    "                           or a postgresql:// URL\n"
    "  --bind ADDRESS           the address to listen on (default 127.0.0.1: this\n"
    "                           machine only; 0.0.0.0 or :: for every network)\n"
    "  --port N                 the port (default 8080; 0: any free one)\n"
    "  --static DIR             the web page's files (default web/dist of the\n"
    "                           repository the program was built in, when there)\n"
    "  --threads N              worker threads, each with its own database\n"
    "                           connection (default 4)\n"
    "  --max-connections N      connections at once; more get 503 (default 1000)\n"
    "  --timeout SECONDS        close a connection idle this long (default 10)\n"
    "  --query-timeout SECONDS  stop a database statement after this long\n"
    "                           (default 5; the request gets 503)\n"
    "\n"
    "exit status: 0 stopped by a signal, 1 fatal error, 2 usage error\n";

static int usage(const char *fmt, const char *arg)
{
    fputs("herald serve: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n(herald serve --help for usage)\n", stderr);
    return EXIT_USAGE;
}

static bool number(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
    char *end;
    errno = 0;
    if (!isdigit((unsigned char)*s))
        return false;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* web/dist of the repository the program is in (build/herald two levels
 * below it), when that directory exists; NULL otherwise. */
static const char *default_static(char *buf, size_t size)
{
    char exe[PATH_MAX];
    if (!realpath("/proc/self/exe", exe))
        return NULL;
    char *dir = dirname(exe);          /* .../build */
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%s", dir);
    snprintf(buf, size, "%s/web/dist", dirname(parent));
    struct stat st;
    return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) ? buf : NULL;
}

enum { S_DB = 1, S_BIND, S_PORT, S_STATIC, S_THREADS, S_MAXCONN, S_TIMEOUT, S_QTIMEOUT,
       S_HELP };

int cmd_serve(int argc, char **argv)
{
    static const struct option LONG[] = {
        {"db", required_argument, 0, S_DB},
        {"bind", required_argument, 0, S_BIND},
        {"port", required_argument, 0, S_PORT},
        {"static", required_argument, 0, S_STATIC},
        {"threads", required_argument, 0, S_THREADS},
        {"max-connections", required_argument, 0, S_MAXCONN},
        {"timeout", required_argument, 0, S_TIMEOUT},
        {"query-timeout", required_argument, 0, S_QTIMEOUT},
        {"help", no_argument, 0, S_HELP},
        {0, 0, 0, 0}};
    hr_server_options opt;
    memset(&opt, 0, sizeof opt);
    opt.db = "herald.db";
    opt.port = 8080;
    bool static_given = false;
    unsigned long v;
    optind = 2;
    opterr = 0;
    int o;
    while ((o = getopt_long(argc, argv, "", LONG, NULL)) != -1) {
        switch (o) {
        case S_DB: opt.db = optarg; break;
        case S_BIND: opt.bind = optarg; break;
        case S_PORT:
            if (!number(optarg, 0, 65535, &v))
                return usage("--port takes a port number 0 to 65535, not '%s'", optarg);
            opt.port = (uint16_t)v;
            break;
        case S_STATIC:
            opt.static_dir = optarg;
            static_given = true;
            break;
        case S_THREADS:
            if (!number(optarg, 1, 256, &v))
                return usage("--threads takes a number 1 to 256, not '%s'", optarg);
            opt.threads = (unsigned)v;
            break;
        case S_MAXCONN:
            if (!number(optarg, 1, 100000, &v))
                return usage("--max-connections takes a number 1 to 100000, not '%s'", optarg);
            opt.max_connections = (unsigned)v;
            break;
        case S_TIMEOUT:
            if (!number(optarg, 1, 3600, &v))
                return usage("--timeout takes seconds, 1 to 3600, not '%s'", optarg);
            opt.timeout = (unsigned)v;
            break;
        case S_QTIMEOUT:
            if (!number(optarg, 1, 3600, &v))
                return usage("--query-timeout takes seconds, 1 to 3600, not '%s'", optarg);
            opt.query_ms = (unsigned)v * 1000;
            break;
        case S_HELP: fputs(SERVE_USAGE, stdout); return EXIT_OK;
        default:
            return usage("unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return usage("takes no inputs, only options (at '%s')", argv[optind]);
    char dist[PATH_MAX];
    if (!static_given)
        opt.static_dir = default_static(dist, sizeof dist);
    /* an SQLite file that is not there is an error, not a new database */
    if (strncmp(opt.db, "postgresql://", 13) && strncmp(opt.db, "postgres://", 11) &&
        access(opt.db, F_OK) != 0) {
        fprintf(stderr, "herald: %s: no such database (make one with herald run)\n", opt.db);
        return EXIT_FATAL;
    }
    /* the signals that stop the server are taken by sigwait below: blocked
     * here, before the worker threads start, so that they inherit the mask */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* a connection is a file descriptor: the default soft limit (often
     * 1024) is below what --max-connections may ask for */
    struct rlimit fds;
    if (getrlimit(RLIMIT_NOFILE, &fds) == 0 && fds.rlim_cur < fds.rlim_max) {
        fds.rlim_cur = fds.rlim_max;
        setrlimit(RLIMIT_NOFILE, &fds);
    }
    hr_error err;
    memset(&err, 0, sizeof err);
    hr_server *srv = hr_server_start(&opt, &err);
    if (!srv) {
        char msg[2048];
        fprintf(stderr, "herald: %s\n", hr_error_format(&err, msg, sizeof msg));
        return EXIT_FATAL;
    }
    const char *bind = opt.bind ? opt.bind : "127.0.0.1";
    bool v6 = strchr(bind, ':') != NULL;
    fprintf(stderr, "herald serve: listening on http://%s%s%s:%u/ (%s, read-only; %s%s)\n",
            v6 ? "[" : "", bind, v6 ? "]" : "", hr_server_port(srv), opt.db,
            opt.static_dir ? "web page from " : "no web page: API only",
            opt.static_dir ? opt.static_dir : "");
    fflush(stderr);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "herald serve: stopping (%s)\n", sig == SIGINT ? "interrupt" : "terminate");
    hr_server_stop(srv);
    return EXIT_OK;
}
