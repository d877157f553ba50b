#!/bin/sh
# A throwaway PostgreSQL server for the tests, from Debian's packages
# (postgresql): its own cluster in DIR, trusting local connections, on
# 127.0.0.1 and a port of its own, with its socket in DIR too so that it
# meets no system server.
#
#   scripts/pg-test.sh start DIR [PORT]   prints the URL to connect to
#   scripts/pg-test.sh stop DIR
#
# PostgreSQL will not run as root; as root the cluster belongs to the
# 'postgres' user the package creates. HERALD_PG_BIN names another
# directory of server programs (default: the newest /usr/lib/postgresql/*/bin).
#
# Fails with one line on stderr saying why: exit status 2 when the server
# is not installed (the tests then skip), 1 for any other failure.
set -eu

die() { echo "pg-test: $*" >&2; exit 1; }
missing() { echo "pg-test: $*" >&2; exit 2; }

[ $# -ge 2 ] || die "usage: pg-test.sh start DIR [PORT] | stop DIR"
cmd=$1 dir=$2 port=${3:-55432}
case $dir in /*) ;; *) dir=$(pwd)/$dir ;; esac

bin=${HERALD_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
for prog in initdb pg_ctl psql createdb; do
  [ -n "$bin" ] && [ -x "$bin/$prog" ] ||
    missing "the PostgreSQL server is not installed (no $prog in ${bin:-/usr/lib/postgresql/*/bin};" \
            "Debian's package is postgresql)"
done

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $cmd in
start)
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root and there is no 'postgres' user"
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$dir"
    # the owner must reach DIR: open its parent (a private temporary
    # directory, typically) to others, but no further up
    as_owner test -x "$dir" || chmod a+x "$(dirname "$dir")"
    as_owner test -x "$dir" ||
      die "the postgres user cannot reach $dir (a parent directory is closed)"
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    # UTF-8 whatever the machine's locale, as Herald's text is
    out=$(as_owner "$bin/initdb" -D "$dir" -U herald -A trust -E UTF8 --locale=C 2>&1) ||
      die "initdb failed in $dir: $(printf '%s\n' "$out" | tail -n 2 | tr '\n' ' ')"
  fi
  as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 \
    -o "-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1 ||
    die "the server did not start on port $port:" \
        "$(grep -E 'FATAL|could not bind' "$dir/server.log" 2>/dev/null |
           sed 's/^[^]]*\] *//' | tr '\n' ' ')(log: $dir/server.log)"
  as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U herald -d postgres -qAtX \
    -c "SELECT 1 FROM pg_database WHERE datname = 'herald_test'" 2>/dev/null | grep -q 1 ||
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U herald herald_test || {
      as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1
      die "cannot create the database herald_test (server stopped again)"
    }
  echo "postgresql://herald@127.0.0.1:$port/herald_test"
  ;;
stop)
  [ -f "$dir/postmaster.pid" ] || exit 0      # not running: nothing to do
  as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null ||
    die "the server in $dir did not stop"
  ;;
*)
  die "unknown command '$cmd' (start or stop)"
  ;;
esac
