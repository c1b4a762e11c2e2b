# Shared by run.sh, test.sh and bench/*.sh: install what is missing, find a MongoDB, start the backends.
# shellcheck shell=bash

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
standin_python=/usr/bin/python3
standin_packages=(python3-mongomock python3-pymongo)

ensure_node_modules() {
  # Also when package-lock.json changed since the last install (npm ci writes node_modules/.package-lock.json).
  if [ ! -x "$repo_root/node_modules/.bin/azurite" ] || [ "$repo_root/package-lock.json" -nt "$repo_root/node_modules/.package-lock.json" ]; then
    echo "==> installing npm packages (azurite, the web client's build and browser-test tools)"
    (cd "$repo_root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Fails, naming each, when one of the commands is not on PATH.
ensure_commands() {
  local missing=() command
  for command in "$@"; do command -v "$command" >/dev/null 2>&1 || missing+=("$command"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Missing: ${missing[*]}. Install them first (the .NET 10 SDK from https://dot.net; Node.js 20.19+ with npm; curl)." >&2
  return 1
}

standin_available() {
  [ -x "$standin_python" ] && "$standin_python" -c 'import mongomock, bson' 2>/dev/null
}

# Runs apt-get as root: directly when this is root, else through passwordless sudo; fails when neither is possible.
apt_install() {
  local as_root=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || return 1
    as_root=(sudo -n)
  fi
  command -v apt-get >/dev/null 2>&1 || return 1
  echo "==> installing $* (apt-get)"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 \
    || { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
}

# Succeeds when some MongoDB can be used: a given one, mongod on PATH, or the stand-in, whose Debian packages it
# installs when it can (as root or with passwordless sudo). Otherwise it prints the one command that fixes it.
ensure_mongo_available() {
  local given="${1:-}"
  if [ -n "$given" ] || command -v mongod >/dev/null 2>&1 || standin_available; then
    return 0
  fi
  apt_install "${standin_packages[@]}" && standin_available && return 0
  echo "No MongoDB found, and the MongoDB stand-in's packages could not be installed from here. Run:" >&2
  echo "  sudo apt-get install -y ${standin_packages[*]}" >&2
  echo "(or set TINYCLOUD_MONGO / TINYCLOUD_TEST_MONGO to a MongoDB, or put mongod on PATH)" >&2
  return 1
}

# The browser tests' Chromium (Debian's; TINYCLOUD_E2E_CHROMIUM names another), installed like the stand-in's packages.
ensure_chromium() {
  local chromium=${TINYCLOUD_E2E_CHROMIUM:-/usr/bin/chromium}
  [ -x "$chromium" ] && return 0
  [ -z "${TINYCLOUD_E2E_CHROMIUM:-}" ] && apt_install chromium && [ -x "$chromium" ] && return 0
  echo "No Chromium at $chromium for the browser tests. Run: sudo apt-get install -y chromium" >&2
  return 1
}

# Starts scripts/backends.mjs with these options as a coprocess: its stdin is a pipe from this shell, so it stops
# when this shell ends, however it ends. Waits for its ready line; then backend_field NAME reads a field of it
# (blob, mongo, mongoKind, ...) and stop_backends stops it.
start_backends() {
  coproc BACKENDS { exec node "$repo_root/scripts/backends.mjs" "$@"; }
  backends_pid=$BACKENDS_PID
  local line=""
  IFS= read -r line <&"${BACKENDS[0]}" || true
  if [[ "$line" != "backends ready "* ]]; then
    wait "$backends_pid" 2>/dev/null || true
    echo "The backends did not start (scripts/backends.mjs; its reason is above)." >&2
    return 1
  fi
  backends_json=${line#backends ready }
}

backend_field() {
  node -e 'const value = JSON.parse(process.argv[1])[process.argv[2]]; console.log(value ?? "")' "$backends_json" "$1"
}

stop_backends() {
  [ -n "${backends_pid:-}" ] || return 0
  kill -TERM "$backends_pid" 2>/dev/null || true
  wait "$backends_pid" 2>/dev/null || true
  backends_pid=
}

# Polls GET /api/health on 127.0.0.1:PORT until it answers 200 (storage and every index in place). Gives up after
# TIMEOUT seconds (default 120) or as soon as process PID (if given) has exited.
wait_for_health() {
  local port=$1 pid=${2:-} timeout=${3:-120} deadline
  deadline=$(( $(date +%s) + timeout ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/health" || true)" = 200 ] && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.2
  done
  return 1
}
