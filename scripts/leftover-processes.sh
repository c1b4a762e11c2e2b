#!/usr/bin/env bash
# Lists the processes a test run started that are still alive: every process the tests start carries
# TINYCLOUD_TEST_CHILD_OF=<run id> in its environment (tests/TinyCloud.Tests/Infrastructure/ChildProcess.cs,
# scripts/backends.mjs), and its children inherit it. Exits 1 (after killing them, unless --keep) when any is left.
# Usage: scripts/leftover-processes.sh <run id> [--keep]
set -uo pipefail
run_id=${1:?usage: leftover-processes.sh <run id> [--keep]}
marker="TINYCLOUD_TEST_CHILD_OF=$run_id"
left=()
for environ in /proc/[0-9]*/environ; do
  pid=${environ#/proc/}; pid=${pid%/environ}
  [ "$pid" = "$$" ] && continue
  if { tr '\0' '\n' < "$environ"; } 2>/dev/null | grep -qxF "$marker"; then
    left+=("$pid")
  fi
done
[ ${#left[@]} -eq 0 ] && exit 0
echo "leftover processes: ${#left[@]} started by the tests are still alive:" >&2
for pid in "${left[@]}"; do
  echo "  $pid $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-200)" >&2
done
[ "${2:-}" = "--keep" ] || kill -9 "${left[@]}" 2>/dev/null
exit 1
