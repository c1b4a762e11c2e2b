#!/usr/bin/env bash
# Runs every test. The test fixtures start Azurite and MongoDB (TINYCLOUD_TEST_MONGO if set, else mongod on
# PATH, else the stand-in under tests/mongo-standin) on free 127.0.0.1 ports and stop them at the end.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$repo_root"

ensure_node_modules
ensure_mongo_available "${TINYCLOUD_TEST_MONGO:-}"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test TinyCloud.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain summary line over every test assembly.
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
