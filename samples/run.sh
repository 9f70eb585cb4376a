#!/usr/bin/env bash
# Runs a sample app in front of a local SessionCluster API (embedded mode, Development: tenant "dev", key "dev-key").
#   samples/run.sh webapp    → http://127.0.0.1:5090 (samples/WebApp, ASP.NET Core)
#   samples/run.sh express   → http://127.0.0.1:3000 (samples/express-app)
# Sign in with any user name and the password "demo". Ctrl+C stops both.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
which="${1:-webapp}"
dotnet run --project "$root/src/Api" &
api=$!
trap 'kill "$api" 2>/dev/null || true' EXIT
until curl -fsS http://127.0.0.1:5080/readyz >/dev/null 2>&1; do sleep 1; done
case "$which" in
  webapp) dotnet run --project "$root/samples/WebApp" --urls http://127.0.0.1:5090 ;;
  express) (cd "$root/samples/express-app" && npm ci --no-audit --no-fund >/dev/null && SC_API_URL=http://127.0.0.1:5080 SC_API_KEY=dev-key npm start) ;;
  *) echo "usage: samples/run.sh webapp|express" >&2; exit 2 ;;
esac
