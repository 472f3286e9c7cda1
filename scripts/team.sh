#!/usr/bin/env bash
# `make team`: team mode on one machine, for a demonstration.
#
#   scripts/team.sh start    a PostgreSQL+PostGIS cluster (.postgres/team), database footprint_team in team
#                            mode, two app servers against it, and an nginx proxy that signs in one person per
#                            port through the trusted header (as a real authenticating proxy would)
#   scripts/team.sh stop     stop all of it (the database is kept for the next start)
#
# TEAM_PEOPLE lists name:role:port; each person's port is sticky to one of the two app servers, so two
# people land on different processes and see each other's approved changes.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
STATE=.team                      # git-ignored: logs, pids, proxy configuration
CLUSTER=.postgres/team
APP_PORTS=(${TEAM_APP_PORTS:-8601 8602})
PEOPLE=(${TEAM_PEOPLE:-admin:admin:8701 ana:analyst:8702 rey:reviewer:8703})
HEADER=X-Forwarded-User
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

stop() {
    if [ -f "$STATE/nginx/nginx.pid" ]; then
        kill "$(cat "$STATE/nginx/nginx.pid")" 2>/dev/null || true
    fi
    for pidfile in "$STATE"/app-*.pid; do
        [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
    done
    bash scripts/postgres.sh stop "$CLUSTER"
}

start() {
    command -v nginx >/dev/null || { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        $SUDO apt-get install -y -qq nginx-light >/dev/null; }
    mkdir -p "$STATE/nginx/tmp"
    bash scripts/postgres.sh start "$CLUSTER"
    bash scripts/postgres.sh createdb "$CLUSTER" footprint_team
    local url
    url=$(bash scripts/postgres.sh url "$CLUSTER" footprint_team)
    local admin=${PEOPLE[0]%%:*}
    "$PYTHON" -m footprint.store --store "$url" team --admin "$admin" --who "$admin"
    for person in "${PEOPLE[@]}"; do
        IFS=: read -r name role _ <<<"$person"
        "$PYTHON" -m footprint.store --store "$url" role "$name" "$role" --who "$admin"
    done
    for port in "${APP_PORTS[@]}"; do
        FOOTPRINT_STORE=$url FOOTPRINT_AUTH_HEADER=$HEADER nohup "$PYTHON" serve.py --server.port "$port" \
            --server.address 127.0.0.1 --server.headless true >"$STATE/app-$port.log" 2>&1 &
        echo $! >"$STATE/app-$port.pid"
    done
    local conf="$STATE/nginx/nginx.conf" index=0
    {
        [ "$(id -u)" = 0 ] && echo "user nobody nogroup;"
        echo "pid $PWD/$STATE/nginx/nginx.pid; error_log $PWD/$STATE/nginx/error.log; events {}"
        echo "http {"
        echo "  access_log $PWD/$STATE/nginx/access.log;"
        for temp in client_body proxy fastcgi uwsgi scgi; do echo "  ${temp}_temp_path $PWD/$STATE/nginx/tmp/$temp;"; done
        for person in "${PEOPLE[@]}"; do
            IFS=: read -r name role port <<<"$person"
            local app=${APP_PORTS[$((index % ${#APP_PORTS[@]}))]}
            index=$((index + 1))
            cat <<CONF
  server {  # $name ($role) -> app server $app
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://127.0.0.1:$app;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_set_header Host \$host;
      proxy_set_header $HEADER "$name";  # replaces whatever the browser sent
      proxy_read_timeout 1d;
    }
  }
CONF
        done
        echo "}"
    } >"$conf"
    chmod -R a+rwX "$STATE/nginx/tmp"
    nginx -p "$PWD/$STATE/nginx" -c "$PWD/$conf"
    for port in "${APP_PORTS[@]}"; do
        for _ in $(seq 60); do
            curl -sf "http://127.0.0.1:$port/_stcore/health" >/dev/null && break
            sleep 1
        done
    done
    echo "Team mode is up on one PostgreSQL ($url), app servers on ports ${APP_PORTS[*]}."
    for person in "${PEOPLE[@]}"; do
        IFS=: read -r name role port <<<"$person"
        echo "  $name ($role): http://127.0.0.1:$port"
    done
    echo "Stop with: make team-stop"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
