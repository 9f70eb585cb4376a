#!/usr/bin/env bash
# What cluster TLS costs: run.sh's cluster-1x1 validate-only row with SessionCluster:Tls off and on, interleaved over
# ROUNDS rounds (off, on, off, on, ...) so a busy box disturbs both alike. Certificates: deploy/k8s/cluster-tls.sh
# (a P-256 CA and member certificate) in .run/. Writes results/<date>-cluster-tls-interleaved.txt: every row's file
# and the per-round on/off ratios (OUT overrides the path). Settings as run.sh (SESSIONS, DURATION, WARMUP, ports),
# plus ROUNDS (default 3).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$BENCH"
ROUNDS="${ROUNDS:-3}"
export TARGETS=cluster-1x1 SCENARIOS=validate-only SESSIONS="${SESSIONS:-2000}" DURATION="${DURATION:-10}" WARMUP="${WARMUP:-3}"
work="$BENCH/.run/cluster-tls-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$work"
"$BENCH/../deploy/k8s/cluster-tls.sh" "$work/certs" >/dev/null
tls="SessionCluster__Tls__Enabled=true SessionCluster__Tls__CaPath=$work/certs/ca.crt SessionCluster__Tls__CertificatePath=$work/certs/tls.crt SessionCluster__Tls__KeyPath=$work/certs/tls.key"
out="${OUT:-$BENCH/results/$(date +%Y-%m-%d)-cluster-tls-interleaved.txt}"
row() { grep '^cluster-1x1' "$1/"*-validate-only.txt | awk '{print $3, $13}'; }   # req/s, server us/req
{
  echo "cluster TLS off vs on, cluster-1x1 validate-only, $ROUNDS interleaved rounds ($(date -Is)); product at $(git -C "$BENCH" rev-parse --short HEAD)"
  for round in $(seq 1 "$ROUNDS"); do
    RESULTS_DIR="$work/off-$round" EXTRA_ENV="" ./run.sh >"$work/off-$round.log" 2>&1
    RESULTS_DIR="$work/on-$round" EXTRA_ENV="$tls" ./run.sh >"$work/on-$round.log" 2>&1
    read -r off_rps off_us < <(row "$work/off-$round")
    read -r on_rps on_us < <(row "$work/on-$round")
    echo "round $round: off $off_rps req/s $off_us us/req; on $on_rps req/s $on_us us/req; on/off req/s $(awk "BEGIN{printf \"%.2f\", $on_rps/$off_rps}"), us/req $(awk "BEGIN{printf \"%.2f\", $on_us/$off_us}")"
  done
  for f in "$work"/{off,on}-*/*-validate-only.txt; do echo; echo "===== $(basename "$(dirname "$f")")"; cat "$f"; done
} | tee "$out"
