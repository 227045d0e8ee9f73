#!/usr/bin/env bash
# Start a throwaway PostgreSQL on 127.0.0.1 for the storage tests, installing it
# from Debian packages if it is missing. Prints the export line for the tests:
#   eval "$(bash .ci/postgres.sh)"
# The cluster lives in a temporary folder and is stopped by .ci/run's trap.
set -euo pipefail
port="${CASEREVIEW_PG_PORT:-54329}"
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
data=$(mktemp -d /tmp/casereview-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$data"
  as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$bin/initdb" -D "$data" -A trust -U postgres >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data" start >/dev/null
"${as_pg[@]}" "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE casereview_test" >/dev/null
echo "export CASEREVIEW_TEST_PG=postgresql+psycopg://postgres@127.0.0.1:$port/casereview_test"
echo "export CASEREVIEW_PG_STOP='${as_pg[*]} $bin/pg_ctl -D $data -m fast stop'"
