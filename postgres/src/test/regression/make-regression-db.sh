#!/usr/bin/env bash
# Builds PostgreSQL's own `regression` database on a local server, the way pg_upgrade's test gets
# one: pg_regress runs the server's regression suite (the source of the installed major version,
# from Debian's source package) against the running server and leaves the database behind.
#
# The source, the compiled regress.so and a stamp live in
# ${XDG_CACHE_HOME:-$HOME/.cache}/custodian-test/pg-regress-<version>/; a second run finds the
# database still there (same cluster, same database oid) and returns at once.
#
# Usage: make-regression-db.sh [database]        (default: regression, the name the suite expects)
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (a superuser: the suite creates roles,
# tablespaces, event triggers and C functions), CUSTODIAN_REGRESSION_FORCE=1 to rebuild.
# Needs: Debian with apt (postgresql-server-dev-<major>, dpkg-dev, make and gcc are installed when
# missing, and deb-src entries added for the configured Debian suites when apt has none).
# Prints the database name on stdout when done; progress goes to stderr.
set -euo pipefail

DB=${1:-regression}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
log() { printf '[regression-db] %s\n' "$*" >&2; }
q() { psql -X -q -tA -d postgres -c "$1"; }

version_num=$(q 'SHOW server_version_num')
major=$((version_num / 10000))
version=$(q 'SHOW server_version' | awk '{print $1}')
bindir=/usr/lib/postgresql/$major/bin
cache=${XDG_CACHE_HOME:-$HOME/.cache}/custodian-test/pg-regress-$version
stamp=$cache/$DB.stamp
cluster=$(q 'SELECT system_identifier FROM pg_control_system()')
current() { q "SELECT '$cluster:' || oid FROM pg_database WHERE datname = '$DB'"; }

# one build at a time per cache (a second caller waits, then finds the database built)
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

if [ "${CUSTODIAN_REGRESSION_FORCE:-0}" != 1 ] && [ -f "$stamp" ] && [ "$(current)" = "$(cat "$stamp")" ]; then
  log "database $DB is already built ($stamp)"
  echo "$DB"
  exit 0
fi

apt_updated=0
apt_get() {
  if [ "$apt_updated" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get "$@" >&2
}

# 1. The regression suite's source, from the source package of the installed server.
src=$cache/src
if [ ! -f "$src/src/test/regress/parallel_schedule" ]; then
  command -v dpkg-source >/dev/null || apt_get install -y -qq dpkg-dev
  if ! apt-cache showsrc "postgresql-$major" 2>/dev/null | grep -q '^Package:'; then
    log "adding deb-src entries for the configured Debian suites"
    list=/etc/apt/sources.list.d/custodian-deb-src.sources
    for f in /etc/apt/sources.list.d/*.sources; do
      if [ "$f" != "$list" ] && grep -q debian "$f"; then
        sed -n '/^Types: deb$/,/^$/p' "$f" | sed 's/^Types: deb$/Types: deb-src/'
      fi
    done > "$list"
    if [ -f /etc/apt/sources.list ]; then
      sed -n 's/^deb \(.*debian.*\)$/deb-src \1/p' /etc/apt/sources.list > /etc/apt/sources.list.d/custodian-deb-src.list
    fi
    apt_updated=0
    apt_get update -qq
    apt_updated=1
  fi
  pkgversion=$(dpkg-query -W -f='${Version}' "postgresql-$major" 2>/dev/null || true)
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/fetch.XXXXXX")
  # the installed version first, then any other of the same major the mirror still serves
  versions=$( { echo "$pkgversion"; apt-cache showsrc "postgresql-$major" | sed -n 's/^Version: //p' | sort -Vr; } \
    | awk 'NF && !seen[$0]++')
  for v in $versions; do
    log "fetching the source of postgresql-$major $v"
    if ( cd "$work" && apt-get source -qq "postgresql-$major=$v" >&2 ); then break; fi
  done
  tree=$(find "$work" -maxdepth 1 -mindepth 1 -type d -name "postgresql-$major-*" | head -1)
  [ -n "$tree" ] || { log "apt-get source gave no postgresql-$major tree"; exit 1; }
  rm -rf "$src" && mkdir -p "$src/src/test" "$src/contrib"
  mv "$tree/src/test/regress" "$src/src/test/regress"
  mv "$tree/contrib/spi" "$src/contrib/spi"
  rm -rf "$work"
fi

# 2. regress.so (the suite's C functions and types), built with PGXS against the server's headers.
dl=$cache/lib
if [ ! -f "$dl/regress.so" ]; then
  [ -d "/usr/include/postgresql/$major/server" ] || apt_get install -y -qq "postgresql-server-dev-$major"
  { command -v make && command -v gcc; } >/dev/null || apt_get install -y -qq make gcc
  rm -rf "$dl" && mkdir -p "$dl"
  cp "$src/src/test/regress/regress.c" "$src/contrib/spi/refint.c" "$src/contrib/spi/autoinc.c" "$dl/"
  printf 'MODULES = regress refint autoinc\nPG_CONFIG = %s/pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n' \
    "$bindir" > "$dl/Makefile"
  log "compiling regress.so"
  make -s -C "$dl" >&2
fi

# 3. The server reads the suite's data files (COPY FROM a file), writes some results (COPY TO a
# file, lo_export) and loads regress.so itself: when it cannot read this cache (it runs as another
# OS user whose permissions stop it), all three are staged in that user's own cache directory, where
# the database's C functions will find regress.so later too.
inputdir=$src/src/test/regress
run=$cache/run
owner=$(id -un)
if ! q "SELECT pg_stat_file('$dl/regress.so') IS NOT NULL" >/dev/null 2>&1 \
    || ! q "SELECT pg_stat_file('$inputdir/data/onek.data') IS NOT NULL" >/dev/null 2>&1; then
  datadir=$(q 'SHOW data_directory')
  owner=$(stat -c %U "$datadir")
  home=$(getent passwd "$owner" | cut -d: -f6)
  staged=$home/.cache/custodian-test/pg-regress-$version
  if [ ! -f "$staged/lib/regress.so" ] || [ "$dl/regress.so" -nt "$staged/lib/regress.so" ]; then
    log "staging regress.so and the suite's files in $staged, readable by the server's user $owner"
    rm -rf "$staged" && mkdir -p "$staged"
    cp -r "$dl" "$staged/lib" && cp -r "$inputdir" "$staged/regress"
    chown -R "$owner" "$home/.cache/custodian-test"
  fi
  dl=$staged/lib
  inputdir=$staged/regress
  run=$staged/run
fi

# 4. The suite itself, against the running server, into a fresh database.
rm -rf "$run" && mkdir -p "$run/results" && chown -R "$owner" "$run"
log "running the regression suite into database $DB (a few minutes)"
start=$(date +%s)
set +e
"$("$bindir/pg_config" --pkglibdir)/pgxs/src/test/regress/pg_regress" \
  --inputdir="$inputdir" --outputdir="$run" --bindir="$bindir" --dlpath="$dl" \
  --schedule="$inputdir/parallel_schedule" --max-concurrent-tests=20 \
  --host="$PGHOST" --port="$PGPORT" --dbname="$DB" >"$run/pg_regress.out" 2>&1
status=$?
set -e
log "pg_regress finished in $(( $(date +%s) - start ))s with status $status: $(grep -E 'tests (passed|failed)|of .* tests' "$run/pg_regress.out" | tail -1)"
# Differences from the expected output (other sessions' activity, a newer minor version's client)
# do not matter here, the database does; a run whose setup failed (no data loaded) does.
if [ "$(psql -X -q -tA -d "$DB" -c 'SELECT count(*) FROM public.tenk1' 2>/dev/null)" != 10000 ]; then
  cat "$run/pg_regress.out" >&2
  log "the suite's setup failed: see $run/regression.diffs"
  exit 1
fi
current > "$stamp"
echo "$DB"
