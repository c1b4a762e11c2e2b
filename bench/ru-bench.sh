#!/usr/bin/env bash
# Request units per route and of a TempCleanup run over 100 users' entries, from the MongoDB stand-in's Cosmos DB RU meter
# (cosmos-ru profile, entries and shares sharded on user_id), through the worker under the Functions host.
#   bench/ru-bench.sh [entries per user of the TempCleanup run, default 100]
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
cd "$repo_root"

ensure_commands node npm dotnet
ensure_mongo_available
ensure_node_modules
dotnet build TinyCloud.Functions -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/TinyCloud.RuBench -c Release -p:TinyCloudSkipClient=true -nologo -v quiet -clp:ErrorsOnly
dotnet bench/TinyCloud.RuBench/bin/Release/net10.0/TinyCloud.RuBench.dll "$@"
