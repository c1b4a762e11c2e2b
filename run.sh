#!/usr/bin/env bash
# Runs Tiny Cloud locally on http://localhost:7071 with Azurite and a MongoDB, under the Functions host: the real `func`
# (Core Tools) when on PATH, else the in-repo emulator (tests/FunctionsHost). Ctrl-C stops everything it started.
#   MongoDB: TINYCLOUD_MONGO if set, else mongod on PATH (data in .data/mongo), else the in-memory stand-in.
#   Ports: TINYCLOUD_PORT (7071), AZURITE_BLOB_PORT (10000), TINYCLOUD_MONGO_PORT (27017).
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$repo_root"

ensure_node_modules
ensure_mongo_available "${TINYCLOUD_MONGO:-}"

pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Give each a few seconds to close cleanly; Azurite can hang on a second signal, so force what is left.
  for _ in $(seq 1 25); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

wait_for_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing is listening on 127.0.0.1:$1" >&2
  return 1
}

api_port=${TINYCLOUD_PORT:-7071}
blob_port=${AZURITE_BLOB_PORT:-10000}
mongo_port=${TINYCLOUD_MONGO_PORT:-27017}
mkdir -p .data/azurite
node_modules/.bin/azurite-blob --blobHost 127.0.0.1 --blobPort "$blob_port" --location .data/azurite \
  --skipApiVersionCheck --loose --silent &
pids+=($!)

if [ -n "${TINYCLOUD_MONGO:-}" ]; then
  mongo="$TINYCLOUD_MONGO"
elif command -v mongod >/dev/null 2>&1; then
  mkdir -p .data/mongo
  mongod --bind_ip 127.0.0.1 --port "$mongo_port" --dbpath .data/mongo --quiet >/dev/null &
  pids+=($!)
  wait_for_port "$mongo_port"
  mongo="mongodb://127.0.0.1:$mongo_port/?directConnection=true"
else
  echo "WARNING: no mongod found; using the MongoDB stand-in. Its data lives in memory and is lost when it stops."
  "$standin_python" tests/mongo-standin/server.py --port "$mongo_port" &
  pids+=($!)
  wait_for_port "$mongo_port"
  mongo="mongodb://127.0.0.1:$mongo_port/?directConnection=true"
fi
wait_for_port "$blob_port"

export Mongo__ConnectionString="$mongo"
export Blob__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;"
export Auth__JwtSecret="${Auth__JwtSecret:-local-development-secret-not-for-production-use}"
export Auth__CookieSecure=false
export Admin__Key="${Admin__Key:-local-admin-key}"

export Cleanup__Schedule="${Cleanup__Schedule:-0 0 * * * *}"

app=TinyCloud.Functions/bin/Release/net10.0
# Build output stays visible (one line per project, the web client's Vite build): the first build takes a minute or two.
# NU1603 is the Worker SDK's inner extensions project resolving newer packages than it names; harmless, and noisy.
build() { dotnet build "$1" -c Release -nologo -v minimal -clp:NoSummary -p:NoWarn=NU1603; }
if command -v func >/dev/null 2>&1; then
  echo "==> building the function app and the web client (Release)"
  build TinyCloud.Functions
  (cd "$app" && exec func host start --port "$api_port") &
else
  echo "==> building the function app, the web client and the Functions host emulator (Release)"
  build TinyCloud.Functions
  build tests/FunctionsHost
  dotnet tests/FunctionsHost/bin/Release/net10.0/FunctionsHost.dll --script-root "$app" --port "$api_port" &
fi
pids+=($!)

# The URL is printed only once /api/health answers 200, so it works the moment it appears.
echo "==> starting the Functions host on port $api_port; waiting for http://localhost:$api_port/api/health"
up=0
for _ in $(seq 1 600); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$api_port/api/health" || true)" = 200 ]; then
    up=1
    break
  fi
  kill -0 "${pids[-1]}" 2>/dev/null || break
  sleep 0.2
done
if [ "$up" = 0 ]; then
  echo "Tiny Cloud did not answer on port $api_port within 2 minutes; the host's output is above." >&2
  exit 1
fi
echo "==> Tiny Cloud is up on http://localhost:$api_port (API docs: /api/docs, web client: /client/). Ctrl-C stops everything."
wait -n "${pids[@]}"
