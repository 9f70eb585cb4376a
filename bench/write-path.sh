#!/usr/bin/env bash
# The write path next to the peers' login, interleaved: ROUNDS runs of run.sh, each measuring in one go
# aspnet-redis-session (its POST /login as create-only) and cluster-1x1 (create-only and validate-heavy), so the
# compared rows alternate A B A B ... Reports per round and the median (min - max) of: create req/s ratio to the peer's
# login (issue 18: >= 1.5x), server CPU us per create (<= 150), Redis commands per create (<= 5), create-only p99
# (< 30 ms), validate-heavy p99 (< 10 ms). Writes results/<date>-write-path-interleaved.txt.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROUNDS="${ROUNDS:-3}"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="$BENCH/.run/write-path-$STAMP"
mkdir -p "$OUT"
export TARGETS="aspnet-redis-session cluster-1x1" SCENARIOS="validate-heavy create-only" PEER_CREATE=1
for ((r = 1; r <= ROUNDS; r++)); do
  mkdir -p "$OUT/r$r"
  # The first round builds; the others reuse that build (the same product in every round).
  (( r > 1 )) && export SKIP_BUILD=1
  RESULTS_DIR="$OUT/r$r" "$BENCH/run.sh" >"$OUT/r$r/run.log" 2>&1 || { echo "round $r failed, see $OUT/r$r/run.log" >&2; exit 1; }
done
FILE="$BENCH/results/$(date +%Y-%m-%d)-write-path-interleaved.txt"
[[ -e "$FILE" ]] && FILE="${FILE%.txt}-$(date +%H%M%S).txt"
{
  echo "Write path vs the peer's login, $ROUNDS interleaved rounds of bench/run.sh, $(date -Is)"
  grep -h '^machine:\|^versions:\|^product:\|^settings:' "$OUT/r1/"*create-only*.txt | head -4
  echo "command: cd bench && ROUNDS=$ROUNDS ./write-path.sh   (each round: TARGETS='$TARGETS' SCENARIOS='$SCENARIOS' PEER_CREATE=1 ./run.sh)"
  echo
  printf '%-5s %-22s %-15s %9s %7s %7s %6s %8s %10s %7s\n' round target scenario "req/s" "p50 ms" "p99 ms" errors "rcmd/req" "srvus/req" "other%"
  for ((r = 1; r <= ROUNDS; r++)); do
    awk -v r="$r" '$1 ~ /^(aspnet-redis-session|cluster-1x1)$/ && $2 ~ /^(create-only|validate-heavy)$/ {
      printf "%-5s %-22s %-15s %9s %7s %7s %6s %8s %10s %7s\n", r, $1, $2, $3, $4, $5, $7, $8, $13, $12 }' "$OUT/r$r/"*create-only*.txt "$OUT/r$r/"*validate-heavy*.txt
  done | sort -k1,1n -k2,2 -k3,3 -u | tee "$OUT/rows.txt"
  echo
  echo "per round, then the median [min - max]:"
  awk '
    { key = $2 "/" $3; rps[$1, key] = $4; p99[$1, key] = $6; rc[$1, key] = $8; us[$1, key] = $9; rounds[$1] = 1 }
    function stat(name, arr,   r, n, v, i, j, t, s) {
      n = 0; for (r in rounds) if (r in arr) v[++n] = arr[r]
      if (!n) return
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      s = ""; for (i = 1; i <= n; i++) s = s sprintf("%s%.3f", (i > 1 ? " " : ""), v[i])
      printf "  %-44s median %9.3f  [%.3f - %.3f]   (sorted: %s)\n", name, (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2), v[1], v[n], s
    }
    END {
      for (r in rounds) {
        if (rps[r, "aspnet-redis-session/create-only"] > 0) ratio[r] = rps[r, "cluster-1x1/create-only"] / rps[r, "aspnet-redis-session/create-only"]
        cus[r] = us[r, "cluster-1x1/create-only"]; crc[r] = rc[r, "cluster-1x1/create-only"]; cp99[r] = p99[r, "cluster-1x1/create-only"]
        hp99[r] = p99[r, "cluster-1x1/validate-heavy"]; pus[r] = us[r, "aspnet-redis-session/create-only"]; prc[r] = rc[r, "aspnet-redis-session/create-only"]
      }
      stat("create / peer login (req/s, target >= 1.5)", ratio)
      stat("create: server CPU us (target <= 150)", cus)
      stat("peer login: server CPU us", pus)
      stat("create: Redis commands (target <= 5)", crc)
      stat("peer login: Redis commands", prc)
      stat("create-only p99 ms (target < 30)", cp99)
      stat("validate-heavy p99 ms (target < 10)", hp99)
    }' "$OUT/rows.txt"
  echo
  echo "per-round files (run.sh's full tables, Redis command breakdowns, notes): bench/.run/write-path-$STAMP/r*/"
} >"$FILE"
cat "$FILE"
echo "results written to ${FILE#"$BENCH/../"}" >&2
