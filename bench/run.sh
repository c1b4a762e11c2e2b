#!/usr/bin/env bash
# Builds Release and runs the throughput benchmark: Azurite, MongoDB and the worker under the Functions host on free
# loopback ports, a 256 MB file through upload-file/download-file, the SDK and a direct upload.
#   bench/run.sh [size MB = 256] [runs = 3] [direct-upload block concurrency = 4]
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
cd "$repo_root"

ensure_commands node npm dotnet
ensure_mongo_available "${TINYCLOUD_TEST_MONGO:-}"
ensure_node_modules
dotnet build bench/TinyCloud.Bench -c Release -nologo -v quiet
dotnet bench/TinyCloud.Bench/bin/Release/net10.0/TinyCloud.Bench.dll "$@"
