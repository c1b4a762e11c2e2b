#!/usr/bin/env bash
# EVENT_BENCH_USERS (20) users × EVENT_BENCH_SECONDS (120) of mixed traffic with webhooks on: every event delivered
# exactly once to a healthy receiver (by event id)? And p50/p95 of the event write each request pays. Uses
# TINYCLOUD_TEST_MONGO, else mongod on PATH, else the stand-in.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
cd "$repo_root"

ensure_commands node npm dotnet
ensure_mongo_available "${TINYCLOUD_TEST_MONGO:-}"
ensure_node_modules
dotnet build bench/TinyCloud.EventBench -c Release -p:TinyCloudSkipClient=true -nologo -v quiet -clp:ErrorsOnly
dotnet bench/TinyCloud.EventBench/bin/Release/net10.0/TinyCloud.EventBench.dll
