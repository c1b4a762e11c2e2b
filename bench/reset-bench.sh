#!/usr/bin/env bash
# p50 of request-password-reset for an existing and a missing email (50 requests each, alternating) through the worker
# under the Functions host, with mail going to smtp4dev: the two should be within 10 % of each other (no enumeration by
# time). RESET_BENCH_REQUESTS=50 changes the run. Uses TINYCLOUD_TEST_MONGO, else mongod on PATH, else the stand-in.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
cd "$repo_root"

ensure_commands node npm dotnet
ensure_mongo_available "${TINYCLOUD_TEST_MONGO:-}"
ensure_node_modules
dotnet build bench/TinyCloud.ResetBench -c Release -p:TinyCloudSkipClient=true -nologo -v quiet -clp:ErrorsOnly
dotnet bench/TinyCloud.ResetBench/bin/Release/net10.0/TinyCloud.ResetBench.dll
