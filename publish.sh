#!/usr/bin/env bash
# Builds the deployable Azure Functions package, the standard dotnet-isolated one:
#   publish/app/                     the worker (framework-dependent, linux-x64 ReadyToRun, so less is compiled at a
#                                    cold start), host.json, and the Worker SDK's functions.metadata and worker.config.json
#   publish/tinycloud-functions.zip  the same folder zipped, for `az functionapp deployment source config-zip`
# Usage: ./publish.sh [output-dir]   (default: publish). Needs the .NET 10 SDK, Node.js/npm (the web client) and zip.
set -euo pipefail
repo="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$repo/publish}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$repo"
app="$out/app"
package="$out/tinycloud-functions.zip"
worker=TinyCloud.Functions

command -v zip >/dev/null 2>&1 || { echo "publish.sh needs zip (apt-get install zip)" >&2; exit 1; }
rm -rf "$app" "$package"

echo "==> dotnet publish ($worker, linux-x64, ReadyToRun)"
# Its own artifacts path keeps this Release/linux-x64 build from touching the obj/ and bin/ of everyday builds.
dotnet publish "$worker/$worker.csproj" -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true --artifacts-path "$out/build" -o "$app" -nologo -v quiet

# Settings come from app settings in Azure; a local.settings.json must never ship.
find "$app" -name local.settings.json -delete

(cd "$app" && zip -q -r -X "$package" .)
echo "==> $package ($(du -h "$package" | cut -f1)); deploy with:"
echo "    az functionapp deployment source config-zip -g <resource-group> -n <function-app> --src $package"
