#!/usr/bin/env bash
# What `make run` runs after building: migrate, build the site into public/, render nginx, then run
# `smscode serve` (restarted if it dies) and nginx in the foreground until Ctrl-C or SIGTERM, which
# stops nginx gracefully, then smscode (it drains in-flight requests), and exits 0.
#
# Environment:
#   SMSCODE_BIN     the smscode binary (required)
#   REPO            repository root (default: this script's ../)
#   PORT            HTTP port on 127.0.0.1 (8080)
#   DATA_DIR        data folder, relative to REPO unless absolute (var)
#   SMSCODE_LISTEN  FastCGI address (default DATA_DIR/run/smscode.sock; 127.0.0.1:PORT also works)
# Every other SMSCODE_* variable passes through to smscode.
set -euo pipefail

: "${SMSCODE_BIN:?SMSCODE_BIN must name the smscode binary}"
REPO=$(cd "${REPO:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)
cd "$REPO"
PORT=${PORT:-8080}
data_dir=$(realpath -m -s "${DATA_DIR:-var}")
log_dir=$data_dir/log
export SMSCODE_BIN SMSCODE_DATA_DIR=$data_dir
export SMSCODE_LISTEN=${SMSCODE_LISTEN:-$data_dir/run/smscode.sock}
case $SMSCODE_LISTEN in
    /*) fastcgi=unix:$SMSCODE_LISTEN
        if (( ${#SMSCODE_LISTEN} > 107 )); then  # sun_path holds 108 bytes with the NUL
            echo "dev-run: socket path too long for a unix socket: $SMSCODE_LISTEN" >&2
            echo "dev-run: set a shorter DATA_DIR or SMSCODE_LISTEN=/tmp/smscode-$PORT.sock" >&2
            exit 1
        fi ;;
    *)  fastcgi=$SMSCODE_LISTEN ;;
esac
mkdir -p "$log_dir"

export SMSCODE_CONTENT_DIR=${SMSCODE_CONTENT_DIR:-$REPO/Content}
# Where the site lives, so an operator's `smscode catalog import` with new prices rebuilds it (inherited
# by commands run in this environment).
export SMSCODE_SITE_SOURCE=${SMSCODE_SITE_SOURCE:-$REPO} SMSCODE_SITE_OUTPUT=${SMSCODE_SITE_OUTPUT:-$REPO/public}
"$SMSCODE_BIN" migrate
"$SMSCODE_BIN" catalog import        # Content/catalog: countries, services, prices (re-import is safe)
# A verified demo account with a fresh password each run (printed below), so the dashboard and the API
# can be tried at once. DEMO_EMAIL / DEMO_PASSWORD choose others.
demo_email=${DEMO_EMAIL:-demo@smscode.test}
demo_password=${DEMO_PASSWORD:-$(od -An -N10 -tx1 /dev/urandom | tr -d ' \n')}
"$SMSCODE_BIN" account create --email "$demo_email" --password "$demo_password" --verified --update-existing >/dev/null
"$SMSCODE_BIN" site build --source "$REPO" --output "$REPO/public"
PORT=$PORT PUBLIC_DIR=$REPO/public DATA_DIR=$data_dir FASTCGI=$fastcgi \
    "$REPO/scripts/render-nginx.sh" "$data_dir/nginx"

# Runs `smscode serve` and starts it again 0.5 s after it dies, until it gets SIGTERM itself; then it
# forwards SIGTERM and waits for smscode's drain. Its stderr (smscode's and the restart notices) goes to
# the terminal and to the log through one tee, which it waits for too.
supervise() {
    local child=0 stopping=0 status tee_pid
    exec 2> >(tee -a "$SMSCODE_LOG" >&2)
    tee_pid=$!
    trap 'stopping=1; kill -TERM "$child" 2>/dev/null' TERM
    while (( !stopping )); do
        "$SMSCODE_BIN" serve </dev/null &
        child=$!
        status=0
        wait "$child" || status=$?
        # `wait` returns early when the trap runs; wait again until smscode has really exited.
        while kill -0 "$child" 2>/dev/null; do status=0; wait "$child" || status=$?; done
        (( stopping )) && break
        echo "dev-run: smscode serve exited with status $status; restarting" >&2
        sleep 0.5
    done
    exec 2>&-
    wait "$tee_pid"
}
export -f supervise
export SMSCODE_LOG=$log_dir/smscode.log

# Both children run in sessions of their own (setsid), so a Ctrl-C reaches only this script, which
# then stops them in order. setsid does not fork here, so $! is the child's own pid.
setsid bash -c supervise &
supervisor=$!
setsid nginx -p "$data_dir/nginx/" -c "$data_dir/nginx/nginx.conf" -e stderr </dev/null &
nginx=$!

# Wait up to `seconds` for child `pid` to exit (bash reaps it as soon as it does).
gone_within() {
    local pid=$1 tenths=$(( $2 * 10 ))
    while (( tenths-- > 0 )) && kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    ! kill -0 "$pid" 2>/dev/null
}

stop_all() {
    trap '' INT TERM HUP
    echo "dev-run: stopping nginx, then smscode" >&2
    kill -QUIT "$nginx" 2>/dev/null || true               # graceful: finish in-flight requests
    gone_within "$nginx" 15 || kill -TERM "$nginx" 2>/dev/null || true
    wait "$nginx" 2>/dev/null || true
    kill -TERM "$supervisor" 2>/dev/null || true          # forwards SIGTERM; smscode drains
    wait "$supervisor" 2>/dev/null || true
}
trap 'stop_all; exit 0' INT TERM HUP

url=http://127.0.0.1:$PORT/
for _ in $(seq 100); do
    curl -fsS -o /dev/null --max-time 1 "${url}api/v1/health" 2>/dev/null && break
    sleep 0.1
done
curl -fsS -o /dev/null --max-time 1 "${url}api/v1/health" 2>/dev/null ||
    echo "dev-run: WARNING: ${url}api/v1/health does not answer yet; see the logs below" >&2
cat >&2 <<EOF

  SMSCode is running at $url   (Ctrl-C stops it)
  demo login:  $demo_email / $demo_password
  logs:        $log_dir/smscode.log, nginx-access.log, nginx-error.log
  mail outbox: $data_dir/mail/

EOF

wait -n "$nginx" "$supervisor" || true
echo "dev-run: nginx or the smscode supervisor exited on its own" >&2
stop_all
exit 1
