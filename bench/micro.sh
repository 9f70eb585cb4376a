#!/usr/bin/env bash
# Micro-benchmarks (BenchmarkDotNet, bench/Micro) of the hot path's pure pieces: token parsing and verification,
# the expiry policy, the session view's JSON as the API writes it, the grain answer's Orleans serialization.
#   bench/micro.sh                        every benchmark, BenchmarkDotNet's default job (several minutes; a quiet box)
#   MODE=short bench/micro.sh             --job short: 3 iterations each (about a minute)
#   MODE=dry bench/micro.sh               --job dry: one iteration each, a smoke check that all of it runs (numbers meaningless)
#   bench/micro.sh --filter '*Token*'     other BenchmarkDotNet arguments replace the default --filter '*'
# PRODUCT_REF=HEAD (or a sha) measures that commit's src/ instead of the work tree. Reports: bench/.run/micro/results/.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
MODE="${MODE:-default}"
RUN_DIR="$BENCH/.run/micro"; mkdir -p "$RUN_DIR"
args=("$@")
[[ ${#args[@]} -eq 0 ]] && args=(--filter '*')
case "$MODE" in
  default) ;;
  short|dry) args+=(--job "$MODE") ;;
  *) die "MODE is default, short or dry" ;;
esac
bench_project Micro
log "micro-benchmarks against $PRODUCT_DESC (MODE=$MODE): ${args[*]}"
# BenchmarkDotNet looks its project up by name under the repository root, so copies of other commits that earlier
# PRODUCT_REF runs left in .run/src (scratch) would make the name ambiguous: keep only the one measured now.
for copy in "$BENCH"/.run/src/*/; do
  [[ -d "$copy" && "$BENCH_PROJECT_DIR/" != "$copy"* ]] && rm -rf "$copy"
done
cd "$BENCH_PROJECT_DIR"
dotnet run -c Release --project SessionCluster.Bench.Micro.csproj -- --artifacts "$RUN_DIR" "${args[@]}"
