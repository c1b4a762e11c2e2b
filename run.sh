#!/usr/bin/env bash
# Runs Tiny Cloud locally on http://localhost:7071 with Azurite and a MongoDB, under the Functions host: the real `func`
# (Core Tools) when on PATH, else the in-repo emulator (tests/FunctionsHost). Ctrl-C stops everything it started.
#   MongoDB: TINYCLOUD_MONGO if set, else mongod on PATH (data in .data/mongo), else the in-memory stand-in.
#   Ports: TINYCLOUD_PORT (7071), AZURITE_BLOB_PORT (10000), TINYCLOUD_MONGO_PORT (27017), SMTP4DEV_PORT (2525) and
#   SMTP4DEV_WEB_PORT (5025): mail goes to smtp4dev, whose inbox page the banner names.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$repo_root"

ensure_commands node npm dotnet curl
ensure_mongo_available "${TINYCLOUD_MONGO:-}"
ensure_node_modules

host_pid=
cleanup() {
  trap - INT TERM EXIT
  if [ -n "$host_pid" ]; then
    kill "$host_pid" 2>/dev/null || true
    # A few seconds to close cleanly, then whatever is left is forced.
    for _ in $(seq 1 25); do kill -0 "$host_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$host_pid" 2>/dev/null || true
  fi
  stop_backends
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

api_port=${TINYCLOUD_PORT:-7071}
# Azurite and mongod keep their data in .data; the web client's direct uploads need the Blob CORS rule for its origins.
backend_options=(--blob-port "${AZURITE_BLOB_PORT:-10000}" --mongo-port "${TINYCLOUD_MONGO_PORT:-27017}" --data-dir .data
  --smtp-port "${SMTP4DEV_PORT:-2525}" --smtp-web-port "${SMTP4DEV_WEB_PORT:-5025}"
  --cors-origin "http://localhost:$api_port" --cors-origin "http://127.0.0.1:$api_port")
[ -n "${TINYCLOUD_MONGO:-}" ] && backend_options+=(--mongo "$TINYCLOUD_MONGO")
start_backends "${backend_options[@]}"
if [ "$(backend_field mongoKind)" = stand-in ]; then
  echo "WARNING: no mongod found; using the MongoDB stand-in. Its data lives in memory and is lost when it stops."
fi

export Mongo__ConnectionString="$(backend_field mongo)"
flavor=$(backend_field mongoFlavor)
[ -n "$flavor" ] && export Mongo__Flavor="$flavor"
export Blob__ConnectionString="$(backend_field blob)"
# Events travel through Azurite's Queue service (the same connection string names it).
export Activity__QueueConnection="$Blob__ConnectionString" Activity__QueueName="${Activity__QueueName:-tinycloud-events}"
export Auth__JwtSecret="${Auth__JwtSecret:-local-development-secret-not-for-production-use}"
export Auth__CookieSecure=false
export Admin__Key="${Admin__Key:-local-admin-key}"

export Cleanup__Schedule="${Cleanup__Schedule:-0 0 * * * *}"
export TwoFactor__EncryptionKey="${TwoFactor__EncryptionKey:-local-only two-factor key, not for production}"
export Webhooks__EncryptionKey="${Webhooks__EncryptionKey:-local-only webhook secret key, not for production}"
export Uploads__WatchSchedule="${Uploads__WatchSchedule:-0 * * * * *}"
# Mail to the local smtp4dev (plain SMTP on loopback); links in it point at this worker.
export Mail__Host="${Mail__Host:-127.0.0.1}" Mail__Port="${Mail__Port:-$(backend_field smtpPort)}" Mail__Tls="${Mail__Tls:-None}"
export Mail__From="${Mail__From:-Tiny Cloud <no-reply@localhost>}" Mail__PublicBaseUrl="${Mail__PublicBaseUrl:-http://localhost:$api_port}"
inbox=$(backend_field smtpWeb)

app=TinyCloud.Functions/bin/Release/net10.0
# Build output stays visible (one line per project, the web client's Vite build): the first build takes a minute or two.
# NU1603 is the Worker SDK's inner extensions project resolving newer packages than it names; harmless, and noisy.
build() { dotnet build "$1" -c Release -nologo -v minimal -clp:NoSummary -p:NoWarn=NU1603; }
if command -v func >/dev/null 2>&1; then
  echo "==> building the function app and the web client (Release)"
  build TinyCloud.Functions
  (cd "$app" && exec func host start --port "$api_port") &
else
  echo "==> building the function app, the web client and the Functions host emulator (Release)"
  build TinyCloud.Functions
  build tests/FunctionsHost
  dotnet tests/FunctionsHost/bin/Release/net10.0/FunctionsHost.dll --script-root "$app" --port "$api_port" &
fi
host_pid=$!

# The URL is printed only once /api/health answers 200, so it works the moment it appears.
echo "==> starting the Functions host on port $api_port; waiting for http://localhost:$api_port/api/health"
if ! wait_for_health "$api_port" "$host_pid" 120; then
  echo "Tiny Cloud did not answer on port $api_port within 2 minutes; the host's output is above." >&2
  exit 1
fi
echo "==> Tiny Cloud is up on http://localhost:$api_port (API docs: /api/docs, web client: /client/). Ctrl-C stops everything."
echo "==> Mail it sends (verification, password reset…) lands in smtp4dev: $inbox"
# Until the host or the backends stop (the backends stop by themselves only when one of them failed).
wait -n "$host_pid" "$backends_pid"
