#!/usr/bin/env bash
# Installs the Debian packages SMSCode needs to build, run and test, only those missing.
# Uses sudo only when not root. Safe to run repeatedly (make run / make test call it every time).
set -euo pipefail

packages=(
  nginx            # serves public/ and proxies the API over FastCGI
  libfcgi-dev      # FastCGI (system-library target CFCGI)
  libsqlite3-dev   # SQLite (system-library target CSQLite)
  libsodium-dev    # Argon2id, SHA-256, HMAC, constant-time compare (CSodium)
  pkg-config       # lets SwiftPM find the two above
  sqlite3          # operator inspection, tests
  curl             # readiness checks in scripts
  wrk              # make bench
  python3-venv     # the integration-test virtualenv (Debian's python3 needs it)
)
if [ "${1:-}" = "--test" ]; then
  packages+=(strace procps openssl)  # durability checks count fdatasync; process inspection; test TLS certificates
  packages+=(chromium chromium-driver)  # the browser test (Selenium drives Debian's headless chromium)
  packages+=(tidy)           # every generated page passes an HTML check
fi

missing=()
for package in "${packages[@]}"; do
  # python3-venv is only needed when the python3 on PATH cannot make a venv (pyenv's can).
  if [ "$package" = python3-venv ] && python3 -m venv --help >/dev/null 2>&1; then continue; fi
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
