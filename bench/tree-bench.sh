#!/usr/bin/env bash
# MongoDB round trips and p50 latency of get-fs-layer (200 entries at depth 1 and 8) and of renaming a folder with
# 10,000 descendants, for the id-based tree and, built from git for comparison, the path-keyed model before it.
#   bench/tree-bench.sh [before-rev]   (default: afa7bcc, the last commit of the path-keyed model; "none" skips it)
# Needs the MongoDB stand-in (it counts the round trips): TINYCLOUD_TEST_MONGO unset and no mongod on PATH.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
cd "$repo_root"

ensure_commands node npm dotnet
ensure_mongo_available
ensure_node_modules
before=${1:-afa7bcc}
args=()
if [ "$before" != none ]; then
  legacy="$(mktemp -d)"
  trap 'git worktree remove --force "$legacy/src" >/dev/null 2>&1 || true; rm -rf "$legacy"' EXIT
  echo "==> building the path-keyed worker of $before"
  git worktree add --detach -q "$legacy/src" "$before"
  dotnet build "$legacy/src/TinyCloud.Functions" -c Release -p:TinyCloudSkipClient=true -nologo -v quiet -clp:ErrorsOnly
  args=(--legacy "$legacy/src/TinyCloud.Functions/bin/Release/net10.0/TinyCloud.Functions.dll")
fi
dotnet build bench/TinyCloud.TreeBench -c Release -p:TinyCloudSkipClient=true -nologo -v quiet -clp:ErrorsOnly
dotnet bench/TinyCloud.TreeBench/bin/Release/net10.0/TinyCloud.TreeBench.dll "${args[@]}"
