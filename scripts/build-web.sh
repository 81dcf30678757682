#!/usr/bin/env bash
# Bundles the map application's ES modules into one script with esbuild (npm, pinned in package-lock.json): on a slow
# network a browser's six connections fetch ~25 modules in rounds of a round trip each; one script is one request.
# Run by Maven (generate-resources) with the output file; the modules stay readable in web/js.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: build-web.sh OUTPUT.js}"
if [ ! -x node_modules/.bin/esbuild ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node_modules/.bin/esbuild web/js/main.js --bundle --format=esm --minify --sourcemap --target=es2020 --log-level=warning --outfile="$out"
