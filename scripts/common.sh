# Shared by run.sh and test.sh: install what is missing and find a MongoDB.
# shellcheck shell=bash

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
standin_python=/usr/bin/python3

ensure_node_modules() {
  # Also when package-lock.json changed since the last install (npm ci writes node_modules/.package-lock.json).
  if [ ! -x "$repo_root/node_modules/.bin/azurite" ] || [ "$repo_root/package-lock.json" -nt "$repo_root/node_modules/.package-lock.json" ]; then
    echo "==> installing npm packages (azurite, the web client's build and browser-test tools)"
    (cd "$repo_root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

standin_available() {
  [ -x "$standin_python" ] && "$standin_python" -c 'import mongomock, bson' 2>/dev/null
}

# Succeeds when some MongoDB can be used: a given one, mongod on PATH, or the stand-in's Debian packages.
ensure_mongo_available() {
  local given="${1:-}"
  if [ -n "$given" ] || command -v mongod >/dev/null 2>&1 || standin_available; then
    return 0
  fi
  echo "No MongoDB found: set TINYCLOUD_MONGO / TINYCLOUD_TEST_MONGO, put mongod on PATH," >&2
  echo "or install the stand-in's packages: apt-get install -y python3-mongomock python3-pymongo" >&2
  return 1
}
