#!/usr/bin/env bash
# Redis footprint of a create: N new users with one session each (POST /v1/sessions, one at a time, cluster mode: 1 silo
# + 1 API + Redis on loopback), then Redis bytes per user (INFO memory used_memory), Redis commands per create (INFO
# commandstats, inner commands of scripts counted as Redis counts them), keys per user and MEMORY USAGE of one user's
# keys. Load-independent (no speed figure), so it may run on a busy box. Settings: N (2000), and lib.sh's
# (PRODUCT_REF, SKIP_BUILD, ...). Prints its lines; bench/results/*-write-path-storage.txt holds a run.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$BENCH"
N="${N:-2000}"
RUN_DIR="$BENCH/.run/footprint-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"
export RUN_ID=footprint WRK_RUN=0
for t in redis-server redis-cli curl dotnet; do command -v "$t" >/dev/null || die "$t not found"; done
build_product
start_redis
start_cluster 1 1
before=$(redis_info memory used_memory)
keys_before=$(rcli DBSIZE)
rcli CONFIG RESETSTAT >/dev/null
for i in $(seq 1 "$N"); do
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$API_PORT/v1/sessions" -H "X-Api-Key: $API_KEY" -H 'Content-Type: application/json' \
    -d "{\"userId\":\"footprint-$i\",\"device\":{\"name\":\"Laptop\",\"type\":\"browser\"},\"client\":{\"ip\":\"$CLIENT_IP\",\"userAgent\":\"$CLIENT_UA\"}}" \
    || die "create $i failed"
done
sleep 3 # the event history is written behind (~1 s)
after=$(redis_info memory used_memory)
keys_after=$(rcli DBSIZE)
redis_cmdstats | grep -v '^config' | awk -v n="$N" '{s+=$2; printf "  %-18s %.2f per create\n", $1, $2/n} END {printf "Redis commands per create: %.2f\n", s/n}'
echo "Redis bytes per one-session user: $(( (after - before) / N ))"
echo "keys per user: $(awk -v a="$keys_after" -v b="$keys_before" -v n="$N" 'BEGIN{printf "%.2f", (a-b)/n}')"
for k in $(rcli --scan --pattern '*/footprint-7/*') $(rcli --scan --pattern '*/state/session/*' | head -1); do
  echo "  $(rcli TYPE "$k") $(rcli MEMORY USAGE "$k") B  ${k//footprint-7/<user>}" | sed -E 's#/state/session/([^/]+)/[^/]+/#/state/session/\1/<id>/#'
done
echo "  reminders: $(( $(rcli MEMORY USAGE "$(rcli --scan --pattern '*reminders*' | head -1)") / N )) B per user"
