#!/usr/bin/env bash
# Starts a throw-away PostgreSQL on loopback for the PostgreSQL dialect tests of toSql, and
# prints the export line for its URL. Installs Debian's server package when none is present and
# the script may (root with apt-get). Prints nothing when no server can be had: the tests then
# say plainly that they were skipped.
set -uo pipefail

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

bin=$(find_bin)
if [ -z "$bin" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing PostgreSQL from Debian's packages for the dialect tests" >&2
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql ||
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; }; } >/dev/null 2>&1
  bin=$(find_bin)
fi
[ -n "$bin" ] || { echo "PostgreSQL is not available here" >&2; exit 0; }

dir=$(mktemp -d /tmp/phm-kit-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" = 0 ]; then
  # The server refuses to run as root.
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
# The first free port from 54329: another server (a developer's, say) may hold one.
port=""
for candidate in $(seq "${PHM_TEST_POSTGRES_PORT:-54329}" 54399); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "no free port for PostgreSQL" >&2; rm -rf "$dir"; exit 0; }
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -A trust -U phm >/dev/null 2>&1 || { echo "initdb failed" >&2; rm -rf "$dir"; exit 0; }
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null 2>&1 ||
  { echo "PostgreSQL did not start:" >&2; tail -5 "$dir/log" >&2; rm -rf "$dir"; exit 0; }
echo "export PHM_TEST_POSTGRES_URL=postgres://phm@127.0.0.1:$port/postgres PHM_TEST_POSTGRES_DIR=$dir PHM_TEST_POSTGRES_BIN=$bin"
