#!/usr/bin/env bash
# Usage: pg-test-server.sh start [DIR] | stop DIR
#   start: creates a PostgreSQL cluster of its own under DIR (default: a new temp folder), owned by the
#          `postgres` user when run as root, starts it on a free loopback port with trust auth, and prints
#          its URL (postgres://postgres@127.0.0.1:PORT/postgres) on stdout. The server logs to DIR/server.log.
#   stop:  stops the server of DIR and removes DIR.
# Uses Debian's postgresql package (apt-get install postgresql); nothing outside DIR is touched.
set -euo pipefail
cmd=${1:-start}
dir=${2:-}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-test-server: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 1
fi
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case $cmd in
start)
  [ -n "$dir" ] || dir=$(mktemp -d /tmp/galley-pg.XXXXXX)
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "pg-test-server: no 'postgres' user to run the server as" >&2; exit 1; }
    chown postgres: "$dir"
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { echo "pg-test-server: initdb failed, see $dir/initdb.log" >&2; tail -5 "$dir/initdb.log" >&2; exit 1; }
  fi
  for _ in $(seq 1 20); do
    port=$(( 20000 + RANDOM % 30000 ))
    # Skip a port something already listens on.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
         -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null 2>&1; then
      echo "$port" > "$dir/port"
      echo "postgres://postgres@127.0.0.1:$port/postgres"
      exit 0
    fi
  done
  echo "pg-test-server: the server would not start, see $dir/server.log" >&2
  tail -5 "$dir/server.log" >&2 || true
  exit 1
  ;;
stop)
  [ -n "$dir" ] && [ -d "$dir/data" ] || { echo "usage: pg-test-server.sh stop DIR" >&2; exit 2; }
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: pg-test-server.sh start [DIR] | stop DIR" >&2
  exit 2
  ;;
esac
