#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS cluster for the tests and `make team`, in a folder of the project.
#
#   scripts/postgres.sh install              install Debian's postgresql and postgis when missing
#   scripts/postgres.sh start DIR [PORT]     init (once) and start a cluster in DIR on localhost:PORT
#   scripts/postgres.sh stop DIR             stop it
#   scripts/postgres.sh url DIR [DB]         the store URL of database DB (default footprint)
#   scripts/postgres.sh createdb DIR DB      create database DB with PostGIS (if it does not exist)
#   scripts/postgres.sh run DIR -- CMD...    start, export FOOTPRINT_TEST_POSTGRES, run CMD, always stop
#
# The server runs as an unprivileged user (postgres when run as root), listens on 127.0.0.1 only and
# trusts local connections: it is for tests and demonstrations on one machine, never for real data.
set -euo pipefail

PG_MAJOR=${PG_MAJOR:-15}
PACKAGES="postgresql-$PG_MAJOR postgresql-$PG_MAJOR-postgis-3"
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

bindir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ] && [ -d "/usr/share/postgresql/$(basename "$(dirname "$dir")")/extension" ] \
            && ls "/usr/share/postgresql/$(basename "$(dirname "$dir")")/extension/postgis.control" >/dev/null 2>&1; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

install() {
    if bindir >/dev/null; then
        return 0
    fi
    echo "Installing $PACKAGES ..." >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $PACKAGES >/dev/null
    bindir >/dev/null || { echo "PostgreSQL with PostGIS could not be installed" >&2; exit 1; }
}

# Commands run as the cluster's owner: root may not run a PostgreSQL server.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Where a cluster's files are: DIR itself, or (when the server's user cannot reach DIR, as under a
# private home folder) a private folder in /tmp that DIR/home names.
home() {
    if [ -f "$1/home" ]; then cat "$1/home"; else echo "$1"; fi
}

start() {
    local dir=$1 port=${2:-}
    install
    local bin
    bin=$(bindir)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ] && [ ! -f "$dir/home" ]; then
        chown postgres: "$dir"
        if ! runuser -u postgres -- test -w "$dir"; then
            local elsewhere
            elsewhere=$(mktemp -d /tmp/footprint-postgres.XXXXXX)
            chown postgres: "$elsewhere"
            echo "$elsewhere" >"$dir/home"
        fi
    fi
    dir=$(cd "$(home "$dir")" && pwd)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    fi
    if as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        return 0
    fi
    port=${port:-$(free_port)}
    echo "$port" | as_owner tee "$dir/port" >/dev/null
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=on -c max_connections=200" start >/dev/null
    createdb "$dir" footprint
}

stop() {
    local dir bin
    dir=$(home "$1")
    bin=$(bindir) || return 0
    if [ -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
}

url() {
    echo "postgresql://postgres@127.0.0.1:$(cat "$(home "$1")/port")/${2:-footprint}"
}

createdb() {
    local dir db=$2 bin
    dir=$(home "$1")
    bin=$(bindir)
    local port
    port=$(cat "$dir/port")
    if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" \
        postgres | grep -q 1; then
        as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
    fi
    as_owner "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d "$db" -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
}

command=${1:-}
case "$command" in
    install) install ;;
    start) start "$2" "${3:-}" ;;
    stop) stop "$2" ;;
    url) url "$2" "${3:-}" ;;
    createdb) createdb "$2" "$3" ;;
    run)
        dir=$2
        shift 2
        [ "${1:-}" = "--" ] && shift
        trap 'stop "$dir"' EXIT
        start "$dir"
        FOOTPRINT_TEST_POSTGRES=$(url "$dir")
        export FOOTPRINT_TEST_POSTGRES
        "$@"
        ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
