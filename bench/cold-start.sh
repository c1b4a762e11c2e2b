#!/usr/bin/env bash
# Cold start of the published package under the Functions host (the real `func` when on PATH, else the in-repo emulator,
# tests/FunctionsHost): time from starting the host to the first 200 from GET /api/health, against Azurite and a
# MongoDB started here (TINYCLOUD_MONGO if set, else mongod on PATH, else the stand-in). Prints each run, min and median.
#   bench/cold-start.sh [runs]    (default 5; runs ./publish.sh first when publish/app is missing)
#   TINYCLOUD_APP=path/to/app bench/cold-start.sh    to time another build of the function app
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
cd "$repo_root"

ensure_commands node npm dotnet curl
ensure_mongo_available "${TINYCLOUD_MONGO:-}"
ensure_node_modules

runs=${1:-5}
app="${TINYCLOUD_APP:-publish/app}"
[ -f "$app/functions.metadata" ] || ./publish.sh
app="$(cd "$app" && pwd)"
dotnet build tests/FunctionsHost -c Release -nologo -v quiet
host="$repo_root/tests/FunctionsHost/bin/Release/net10.0/FunctionsHost.dll"

scratch=$(mktemp -d)
trap 'stop_backends; rm -rf "$scratch"' EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

backend_options=()
[ -n "${TINYCLOUD_MONGO:-}" ] && backend_options+=(--mongo "$TINYCLOUD_MONGO")
start_backends "${backend_options[@]}"
export Mongo__ConnectionString="$(backend_field mongo)"
export Mongo__Database="tinycloud_bench"
export Blob__ConnectionString="$(backend_field blob)"
export Blob__Container="tinycloud-bench"
export Activity__QueueConnection="$Blob__ConnectionString" Activity__QueueName="tinycloud-bench-events"
export Auth__JwtSecret="bench-only-secret-that-is-at-least-32-bytes-long"
export Logging__LogLevel__Default=Warning

export Cleanup__Schedule="0 0 * * * *"
export Uploads__WatchSchedule="0 * * * * *"

# One start (ms); the host and its worker are stopped again before returning.
start_once() {
  local port started pid code
  port=$(free_port)
  started=$(now_ms)
  if command -v func >/dev/null 2>&1; then
    (cd "$app" && exec func host start --port "$port") >"$scratch/worker.log" 2>&1 &
  else
    (cd "$app" && exec dotnet "$host" --script-root "$app" --port "$port") >"$scratch/worker.log" 2>&1 &
  fi
  pid=$!
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/health" || true)
    [ "$code" = 200 ] && break
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the host exited early:" >&2
      cat "$scratch/worker.log" >&2
      return 1
    fi
    sleep 0.01
  done
  echo $(( $(now_ms) - started ))
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

# In Azure the database and container already exist, so one untimed start creates them first.
start_once >/dev/null
times=()
for i in $(seq 1 "$runs"); do
  ms=$(start_once)
  times+=("$ms")
  echo "run $i: $ms ms"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END {
  median = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
  printf "cold start to first 200 on /api/health over %d runs: min %d ms, median %d ms\n", NR, t[1], median }'
