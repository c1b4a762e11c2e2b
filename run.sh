#!/usr/bin/env bash
# Runs Tiny Cloud locally on http://localhost:7071 with Azurite and a MongoDB. Ctrl-C stops everything it started.
#   MongoDB: TINYCLOUD_MONGO if set, else mongod on PATH (data in .data/mongo), else the in-memory stand-in.
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

blob_port=${AZURITE_BLOB_PORT:-10000}
mkdir -p .data/azurite
node_modules/.bin/azurite-blob --blobHost 127.0.0.1 --blobPort "$blob_port" --location .data/azurite \
  --skipApiVersionCheck --loose --silent &
pids+=($!)

if [ -n "${TINYCLOUD_MONGO:-}" ]; then
  mongo="$TINYCLOUD_MONGO"
elif command -v mongod >/dev/null 2>&1; then
  mkdir -p .data/mongo
  mongod --bind_ip 127.0.0.1 --port 27017 --dbpath .data/mongo --quiet >/dev/null &
  pids+=($!)
  wait_for_port 27017
  mongo="mongodb://127.0.0.1:27017/?directConnection=true"
else
  echo "WARNING: no mongod found; using the MongoDB stand-in. Its data lives in memory and is lost when it stops."
  "$standin_python" tests/mongo-standin/server.py --port 27017 &
  pids+=($!)
  wait_for_port 27017
  mongo="mongodb://127.0.0.1:27017/?directConnection=true"
fi
wait_for_port "$blob_port"

export Mongo__ConnectionString="$mongo"
export Blob__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;"
export Auth__JwtSecret="${Auth__JwtSecret:-local-development-secret-not-for-production-use}"
export Auth__CookieSecure=false
export Admin__Key="${Admin__Key:-local-admin-key}"

echo "==> Tiny Cloud on http://localhost:7071 (admin key: $Admin__Key). Ctrl-C stops everything."
dotnet run --project TinyCloud.Functions -c Release &
pids+=($!)
wait -n "${pids[@]}"
