#!/usr/bin/env bash
# p50 and p95 of search (first page, varied queries, 60 requests per size) through the worker under the Functions host,
# over one user's drive of 10,000 and then 100,000 entries seeded straight into MongoDB, plus MongoDB round trips per
# request (counted by the stand-in). SEARCH_BENCH_SIZES=10000,100000 and SEARCH_BENCH_REQUESTS=60 change the run.
# Uses TINYCLOUD_TEST_MONGO, else mongod on PATH, else the MongoDB stand-in (which scans: see the README's Search section).
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
cd "$repo_root"

ensure_commands node npm dotnet
ensure_mongo_available "${TINYCLOUD_TEST_MONGO:-}"
ensure_node_modules
dotnet build bench/TinyCloud.SearchBench -c Release -p:TinyCloudSkipClient=true -nologo -v quiet -clp:ErrorsOnly
dotnet bench/TinyCloud.SearchBench/bin/Release/net10.0/TinyCloud.SearchBench.dll
