#!/usr/bin/env bash
# Runs the tests and prints how long each phase took.
#   ./test.sh                      every test: the .NET tests, then the web client's browser tests
#   ./test.sh <dotnet test options> only the .NET tests, with those options, e.g.
#                                  ./test.sh --filter-class TinyCloud.Tests.Drive.FolderTests
#                                  ./test.sh --filter-namespace TinyCloud.Tests.Sharing
#   ./test.sh --browser [files]    only the browser tests (tests/e2e), all or the given files
# The .NET tests start Azurite and a MongoDB once (TINYCLOUD_TEST_MONGO if set, else the stand-in under
# tests/mongo-standin in the profile TINYCLOUD_STANDIN_PROFILE, cosmos-ru by default, else mongod when the profile is
# mongodb and mongod is on PATH) on free 127.0.0.1 ports, and a worker per area; everything they start is stopped, and
# the run fails if any process it started is still alive at the end (scripts/leftover-processes.sh).
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$repo_root"

mode=all
if [ "${1:-}" = "--browser" ]; then
  mode=browser
  shift
elif [ $# -gt 0 ]; then
  mode=dotnet
fi

ensure_commands node npm dotnet
ensure_mongo_available "${TINYCLOUD_TEST_MONGO:-}"
[ "$mode" = dotnet ] || ensure_chromium
ensure_node_modules

# The stricter profile by default: what a Cosmos DB RU account refuses is refused in every test, with entries and
# shares sharded on user_id as a deployment shards them. .ci/run runs the flavor-dependent tests once more on the
# plain mongodb profile (docs/TESTING.md says which and why).
# (With TINYCLOUD_TEST_MONGO the tests use that server as it is.)
if [ -z "${TINYCLOUD_TEST_MONGO:-}" ]; then
  export TINYCLOUD_STANDIN_PROFILE=${TINYCLOUD_STANDIN_PROFILE:-cosmos-ru}
  if [ "$TINYCLOUD_STANDIN_PROFILE" = cosmos-ru ] && [ -z "${TINYCLOUD_STANDIN_ARGS+set}" ]; then
    export TINYCLOUD_STANDIN_ARGS="--shard entries=user_id --shard shares=user_id"
  fi
fi
export TINYCLOUD_TEST_RUN_ID="tinycloud-test-$$-$(date +%s)"
stats=$(mktemp)
export TINYCLOUD_TEST_STATS=$stats
dotnet_log=$(mktemp)
e2e_log=$(mktemp)
trap 'rm -f "$stats" "$dotnet_log" "$e2e_log"' EXIT

configuration=Debug previous=
for arg in "$@"; do
  case "$previous" in -c|--configuration) configuration=$arg ;; esac
  case "$arg" in --configuration=*) configuration=${arg#*=} ;; esac
  previous=$arg
done

phase() { printf '==> %s: %ds\n' "$1" "$2"; }

if [ -n "${TINYCLOUD_TEST_MONGO:-}" ]; then
  echo "==> MongoDB for the tests: TINYCLOUD_TEST_MONGO"
else
  echo "==> MongoDB for the tests: profile $TINYCLOUD_STANDIN_PROFILE ${TINYCLOUD_STANDIN_ARGS:-}"
fi
start=$SECONDS
dotnet build TinyCloud.sln -c "$configuration" --nologo -v q -clp:ErrorsOnly
phase build $((SECONDS - start))

status=0
if [ "$mode" != browser ]; then
  start=$SECONDS
  set +e
  dotnet test --project tests/TinyCloud.Tests --no-build --no-progress "$@" 2>&1 | tee "$dotnet_log"
  [ "${PIPESTATUS[0]}" -ne 0 ] && status=1
  set -e
  phase ".NET tests" $((SECONDS - start))
  [ -s "$stats" ] && echo "==> $(cat "$stats")"
  scripts/leftover-processes.sh "$TINYCLOUD_TEST_RUN_ID" || status=1
fi

e2e_status=0
if [ "$mode" != dotnet ]; then
  start=$SECONDS
  set +e
  TINYCLOUD_E2E_CONFIGURATION=$configuration TINYCLOUD_E2E_SKIP_BUILD=1 node tests/e2e/run.mjs "$@" 2>&1 | tee "$e2e_log"
  e2e_status=${PIPESTATUS[0]}
  set -e
  phase "browser tests" $((SECONDS - start))
  scripts/leftover-processes.sh "$TINYCLOUD_TEST_RUN_ID" || e2e_status=1
fi

# One plain summary line over the .NET tests (Microsoft.Testing.Platform's "Test run summary") and the browser tests
# (node's "# pass N" lines); a browser run that failed without reporting a failed test counts as one failure.
awk -v dotnet_log="$dotnet_log" -v e2e_status="$e2e_status" '
     FILENAME == dotnet_log && /^ +(failed|succeeded|skipped): [0-9]+$/ {
       if ($1 == "failed:") f += $2; if ($1 == "succeeded:") p += $2; if ($1 == "skipped:") s += $2
     }
     FILENAME != dotnet_log && /^# pass [0-9]+$/ { p += $3 }
     FILENAME != dotnet_log && /^# (fail|cancelled) [0-9]+$/ { f += $3; e2e_failed += $3 }
     FILENAME != dotnet_log && /^# skipped [0-9]+$/ { s += $3 }
     END { if (e2e_status != 0 && e2e_failed == 0) f += 1; printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$dotnet_log" "$e2e_log"
# The failed tests' names once more, last, where a log cut to its tail still shows them, each with the first lines of
# its message (a .NET test's up to its stack trace, a browser test's error).
awk '/^failed / { sub(/^failed /, "==> failed: "); print; n = 0; on = 1; next }
     on && /^  from / { next }
     on && (/^    at / || !/^  / || ++n > 6) { on = 0; next }
     on { print "    " $0 }' "$dotnet_log" 2>/dev/null || true
awk '/^ *not ok / { print "==> failed: " $0; on = 1; err = 0; n = 0; next }
     on && /^ +error: / { err = 1; if ($0 !~ /error: \|-$/) { sub(/^ +error: /, ""); print "        " $0 }; next }
     on && err && (/^ +(code|name|stack|failureType|location):/ || ++n > 15) { on = 0; next }
     on && err { print "    " $0 }' "$e2e_log" 2>/dev/null || true
[ "$status" -ne 0 ] && exit "$status"
exit "$e2e_status"
