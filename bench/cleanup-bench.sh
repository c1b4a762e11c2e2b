#!/usr/bin/env bash
# Benchmarks TempCleanup over 20,000 entries of 200 users: starts an in-memory Azurite and a MongoDB
# (TINYCLOUD_BENCH_MONGO if set, else mongod on PATH, else the stand-in) on free ports (scripts/backends.mjs), runs
# bench/TinyCloud.CleanupBench, and stops what it started. The stand-in scans every document on every
# query, so its figures are a floor, not what MongoDB or Cosmos DB would do.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
cd "$repo_root"

ensure_commands node npm dotnet
ensure_mongo_available "${TINYCLOUD_BENCH_MONGO:-}"
ensure_node_modules

trap stop_backends EXIT
backend_options=()
[ -n "${TINYCLOUD_BENCH_MONGO:-}" ] && backend_options+=(--mongo "$TINYCLOUD_BENCH_MONGO")
start_backends "${backend_options[@]}"
case "$(backend_field mongoKind)" in
  mongod) echo "==> MongoDB: mongod" ;;
  stand-in) echo "==> MongoDB: the stand-in (full scans on every query: expect slow figures)" ;;
esac

export Mongo__ConnectionString="$(backend_field mongo)"
export Blob__ConnectionString="$(backend_field blob)"
dotnet run -c Release --project bench/TinyCloud.CleanupBench
