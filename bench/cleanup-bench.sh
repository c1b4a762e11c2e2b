#!/usr/bin/env bash
# Benchmarks TempCleanup over 20,000 entries of 200 users: starts an in-memory Azurite and a MongoDB
# (TINYCLOUD_BENCH_MONGO if set, else mongod on PATH, else the stand-in) on free ports, runs
# bench/TinyCloud.CleanupBench, and stops what it started. The stand-in scans every document on every
# query, so its figures are a floor, not what MongoDB or Cosmos DB would do.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
cd "$repo_root"

ensure_node_modules
ensure_mongo_available "${TINYCLOUD_BENCH_MONGO:-}"

pids=()
data_dir=$(mktemp -d)
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$data_dir"
}
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for_port() {
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing is listening on 127.0.0.1:$1" >&2
  return 1
}

blob_port=$(free_port)
node_modules/.bin/azurite-blob --blobHost 127.0.0.1 --blobPort "$blob_port" --inMemoryPersistence \
  --skipApiVersionCheck --loose --silent &
pids+=($!)

if [ -n "${TINYCLOUD_BENCH_MONGO:-}" ]; then
  mongo="$TINYCLOUD_BENCH_MONGO"
else
  mongo_port=$(free_port)
  if command -v mongod >/dev/null 2>&1; then
    mongod --bind_ip 127.0.0.1 --port "$mongo_port" --dbpath "$data_dir" --quiet >/dev/null &
    echo "==> MongoDB: mongod"
  else
    "$standin_python" tests/mongo-standin/server.py --port "$mongo_port" >/dev/null &
    echo "==> MongoDB: the stand-in (full scans on every query: expect slow figures)"
  fi
  pids+=($!)
  wait_for_port "$mongo_port"
  mongo="mongodb://127.0.0.1:$mongo_port/?directConnection=true"
fi
wait_for_port "$blob_port"

export Mongo__ConnectionString="$mongo"
export Blob__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;"
dotnet run -c Release --project bench/TinyCloud.CleanupBench
