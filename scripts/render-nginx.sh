#!/usr/bin/env bash
# Render the top-level nginx.conf template into OUT_DIR/nginx.conf and validate it with `nginx -t`.
#
#   render-nginx.sh OUT_DIR
#
# Environment (paths may be relative; they are made absolute):
#   PORT               listen port on 127.0.0.1                         (8080)
#   LISTEN             full listen address, overrides PORT             (127.0.0.1:$PORT)
#   PUBLIC_DIR         the built static site                            (required)
#   DATA_DIR           data dir: logs in log/, nginx temp + pid in nginx/ (required)
#   FASTCGI            FastCGI address as nginx spells it               (unix:$DATA_DIR/run/smscode.sock)
#   RATE_LIMIT_EXEMPT  space-separated addresses/CIDRs not rate-limited (empty)
#   BENCH_UPSTREAMS    extra nginx text inserted into the http block    (empty; the bench uses it)
#   BENCH_LOCATIONS    extra nginx text inserted into the server block  (empty; the bench uses it)
#   NGINX_USER         "user group" for the workers                     (the invoking user and group)
#   NGINX_WORKERS      worker_processes                                 (auto)
set -euo pipefail

out=${1:?usage: render-nginx.sh OUT_DIR}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${PUBLIC_DIR:?PUBLIC_DIR is required}" "${DATA_DIR:?DATA_DIR is required}"

# Absolute, but symlinks kept: `site build` publishes public/ as a symlink it swaps atomically, and
# nginx must follow the link on every request rather than pin today's build folder.
mkdir -p "$out"
out=$(realpath -s "$out")
public_dir=$(realpath -m -s "$PUBLIC_DIR")
data_dir=$(realpath -m -s "$DATA_DIR")
listen=${LISTEN:-127.0.0.1:${PORT:-8080}}
fastcgi=${FASTCGI:-unix:$data_dir/run/smscode.sock}
user=${NGINX_USER:-"$(id -un) $(id -gn)"}
workers=${NGINX_WORKERS:-auto}

exempt=""
for addr in ${RATE_LIMIT_EXEMPT:-}; do
    exempt+="$addr 1; "
done

mkdir -p "$data_dir"/log "$data_dir"/run \
         "$data_dir"/nginx/{client_body,fastcgi,proxy,uwsgi,scgi}

# Escape a value for the right-hand side of a sed s||| command.
esc() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }

# BENCH_UPSTREAMS and BENCH_LOCATIONS may span lines: sed inserts each from a file in place of its
# placeholder line.
extra="$out/.bench-locations" upstreams="$out/.bench-upstreams"
trap 'rm -f "$extra" "$upstreams" "$out/nginx.conf.tmp"' EXIT
printf '%s\n' "${BENCH_LOCATIONS:-}" >"$extra"
printf '%s\n' "${BENCH_UPSTREAMS:-}" >"$upstreams"

sed -e "s|@USER@|$(esc "$user")|g" \
    -e "s|@WORKERS@|$(esc "$workers")|g" \
    -e "s|@LISTEN@|$(esc "$listen")|g" \
    -e "s|@PUBLIC_DIR@|$(esc "$public_dir")|g" \
    -e "s|@DATA_DIR@|$(esc "$data_dir")|g" \
    -e "s|@FASTCGI@|$(esc "$fastcgi")|g" \
    -e "s|@RATE_LIMIT_EXEMPT@|$(esc "$exempt")|g" \
    -e "/@BENCH_UPSTREAMS@/{r $upstreams" -e 'd}' \
    -e "/@BENCH_LOCATIONS@/{r $extra" -e 'd}' \
    "$repo/nginx.conf" >"$out/nginx.conf.tmp"

if grep -n '@[A-Z_]\+@' "$out/nginx.conf.tmp" >&2; then
    echo "render-nginx.sh: placeholders left unfilled (above)" >&2
    exit 1
fi
mv "$out/nginx.conf.tmp" "$out/nginx.conf"

nginx -t -q -p "$out/" -c "$out/nginx.conf" -e stderr
