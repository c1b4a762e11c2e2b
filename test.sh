#!/usr/bin/env bash
# Runs every test. The test fixtures start Azurite and MongoDB (TINYCLOUD_TEST_MONGO if set, else mongod on
# PATH, else the stand-in under tests/mongo-standin) on free 127.0.0.1 ports and stop them at the end.
# Then the web client's browser tests (tests/e2e, node --test) drive Debian's Chromium against the worker.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$repo_root"

ensure_commands node npm dotnet
ensure_mongo_available "${TINYCLOUD_TEST_MONGO:-}"
ensure_chromium
ensure_node_modules

log=$(mktemp)
e2e_log=$(mktemp)
trap 'rm -f "$log" "$e2e_log"' EXIT
set +e
dotnet test TinyCloud.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The browser tests use the worker of the configuration dotnet test built (-c / --configuration, default Debug).
configuration=Debug previous=
for arg in "$@"; do
  case "$previous" in -c|--configuration) configuration=$arg ;; esac
  case "$arg" in --configuration=*) configuration=${arg#*=} ;; esac
  previous=$arg
done
TINYCLOUD_E2E_CONFIGURATION=$configuration node tests/e2e/run.mjs 2>&1 | tee "$e2e_log"
e2e_status=${PIPESTATUS[0]}
set -e

# One plain summary line over every test assembly and the browser tests (node's "# pass N" lines); a browser run
# that failed without reporting a failed test (it could not start) counts as one failure.
awk -v dotnet_log="$log" -v e2e_status="$e2e_status" '
     FILENAME == dotnet_log && /(Passed|Failed)! +- +Failed:/ {
       gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     FILENAME != dotnet_log && /^# pass [0-9]+$/ { p += $3 }
     FILENAME != dotnet_log && /^# (fail|cancelled) [0-9]+$/ { f += $3; e2e_failed += $3 }
     FILENAME != dotnet_log && /^# skipped [0-9]+$/ { s += $3 }
     END { if (e2e_status != 0 && e2e_failed == 0) f += 1; printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log" "$e2e_log"
[ "$status" -ne 0 ] && exit "$status"
exit "$e2e_status"
