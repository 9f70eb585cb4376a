#!/usr/bin/env bash
# Scale: how the product's memory and throughput go as the number of sessions grows (cluster mode: 1 silo + 1 API node
# + Redis, on loopback). For each step of STEPS (cumulative session totals, default 10k -> 100k -> 1M):
#   1. creates sessions up to the step's total as an Orleans client (bench/OrleansLoad, WORKERS calls in flight; one user
#      per session), keeping every token pair under .run/ -> create throughput;
#   2. Redis INFO memory used_memory and the silo's RSS before and after -> bytes per session (all of them active);
#   3. an idle window of IDLE_SECONDS: the silo's CPU and Redis commands per second with no load (timers, reminders,
#      membership: what the cluster costs at rest with this many sessions);
#   4. a random SAMPLE of all sessions so far; restarts the silo gracefully (SIGTERM; nothing stays active) and validates
#      each sampled token once (cold: every first touch activates the session from Redis), then once more (warm), as an
#      Orleans client; then HTTP: wrk validate-only on the API node over the same sample for DURATION s (warm).
# Writes results/<date>-scale.txt. Settings: STEPS, SAMPLE (10000), WORKERS (64), IDLE_SECONDS (10), DURATION (10),
# WARMUP (2), THREADS (2), CONNS (64), SHUTDOWN_WAIT (300 s for the silo to stop), POLICY (below), MEM_GUARD (1: skip a
# step that would need more than 85% of the available memory, 0: run it anyway), and lib.sh's.
# The bench tenant's idle timeout and access-token lifetime are raised (POLICY) so that sessions created early in a
# long run still validate at the last step; activity is then written behind at most every IdleTimeout/10.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$BENCH"

STEPS="${STEPS:-10000 100000 1000000}"
SAMPLE="${SAMPLE:-10000}"
WORKERS="${WORKERS:-64}"
IDLE_SECONDS="${IDLE_SECONDS:-10}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-2}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-64}"
SHUTDOWN_WAIT="${SHUTDOWN_WAIT:-300}"
POLICY="${POLICY:-SessionCluster__Tenants__${TENANT}__Policy__IdleTimeout=02:00:00 SessionCluster__Tenants__${TENANT}__Policy__AccessTokenLifetime=02:00:00}"
RESULTS_DIR="${RESULTS_DIR:-$BENCH/results}"
STAMP="$(date +%Y%m%d-%H%M%S)"
RUN_DIR="$BENCH/.run/scale-$STAMP"
mkdir -p "$RUN_DIR" "$RESULTS_DIR"
export RUN_ID="$STAMP" WRK_RUN=0
EXTRA_ENV="${EXTRA_ENV:+$EXTRA_ENV }$POLICY"
NOTES=()
COMMAND="cd bench && STEPS='$STEPS' SAMPLE=$SAMPLE WORKERS=$WORKERS IDLE_SECONDS=$IDLE_SECONDS DURATION=$DURATION${PRODUCT_REF:+ PRODUCT_REF=$PRODUCT_REF} ./scale.sh"

prev=0
for s in $STEPS; do (( s > prev )) || die "STEPS must increase: $STEPS"; prev=$s; done
for t in redis-server redis-cli wrk node dotnet curl ss shuf; do command -v "$t" >/dev/null || die "$t not found"; done
build_product
build_orleansload
start_redis
start_cluster 1 1
SILO_PID="${SILO_PIDS[0]}"

orleansload() { # label args... -> OL_RESULT (the RESULT line without "RESULT ")
  local label="$1"; shift
  (cd "$BUILD_DIR/orleansload" && dotnet OrleansLoad.dll "$@" --redis "127.0.0.1:$REDIS_PORT" --tenant "$TENANT" \
    --workers "$WORKERS" --ip "$CLIENT_IP" --ua "$CLIENT_UA") >"$RUN_DIR/$label.txt" 2>"$RUN_DIR/$label.progress" \
    || die "OrleansLoad $label failed, see $RUN_DIR/$label.progress"
  OL_RESULT=$(grep '^RESULT ' "$RUN_DIR/$label.txt" | sed 's/^RESULT //')
}
res() { tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1==k{print $2}'; }
used_memory() { redis_info memory used_memory; }

TOKENS="$RUN_DIR/tokens"; : >"$TOKENS"
ROWS1=(); ROWS2=()
total=0
per_session_kb=16   # silo RSS + Redis per active session; measured ~13 + 2 KB at 40k sessions, updated after each step
for target in $STEPS; do
  n=$((target - total))
  # Do not run the box out of memory (it has no swap): stop when the step would need more than 85% of what is available.
  avail_kb=$(awk '/^MemAvailable:/{print $2}' /proc/meminfo)
  need_kb=$((n * per_session_kb))
  if [[ "${MEM_GUARD:-1}" == "1" ]] && (( need_kb > avail_kb * 85 / 100 )); then
    NOTES+=("step $target skipped: about $((need_kb / 1048576)) GiB more needed ($per_session_kb KiB per session as measured), $((avail_kb / 1048576)) GiB available")
    log "step $target skipped: would need about $((need_kb / 1048576)) GiB, $((avail_kb / 1048576)) GiB available"
    break
  fi
  log "step $target: creating $n sessions (total $total -> $target)"
  mem0=$(used_memory); rss0=$(rss_kb "$SILO_PID"); keys0=$(rcli DBSIZE)
  orleansload "create-$target" create --count "$n" --tokens-out "$RUN_DIR/tokens.$target" --run-id "$STAMP-$target" --quiet
  cat "$RUN_DIR/tokens.$target" >>"$TOKENS"
  total=$target
  c_rate=$(res rps "$OL_RESULT"); c_p50=$(res p50_us "$OL_RESULT"); c_p99=$(res p99_us "$OL_RESULT"); c_err=$(res non2xx "$OL_RESULT")
  (( c_err == 0 )) || NOTES+=("step $target: $c_err creates failed ($(res codes "$OL_RESULT"))")
  sleep 2
  mem1=$(used_memory); rss1=$(rss_kb "$SILO_PID"); keys1=$(rcli DBSIZE)
  per_session_kb=$(awk -v m="$((mem1 - mem0))" -v r="$((rss1 - rss0))" -v n="$n" 'BEGIN{k = (m/1024 + r) / n; printf "%d", (k < 8 ? 8 : k + 1)}')

  log "step $target: idle ${IDLE_SECONDS}s (background cost)"
  redis_cmdstats >"$RUN_DIR/idle-$target.cmd0"
  win_begin; sleep "$IDLE_SECONDS"; win_end "$SILO_PID"
  redis_cmdstats >"$RUN_DIR/idle-$target.cmd1"
  idle_cpu=$W_SRV
  idle_cmds=$(awk -v s="$W_SECS" 'NR==FNR{a[$1]=$2; next}{d=$2-a[$1]; if (d>0) t+=d} END{printf "%.0f", (s>0 ? t/s : 0)}' "$RUN_DIR/idle-$target.cmd0" "$RUN_DIR/idle-$target.cmd1")
  idle_mix=$(awk -v s="$W_SECS" 'NR==FNR{a[$1]=$2; next}{d=$2-a[$1]; if (d>0) printf "%s%s=%.1f/s", (c++?", ":""), $1, d/s}' "$RUN_DIR/idle-$target.cmd0" "$RUN_DIR/idle-$target.cmd1")
  NOTES+=("step $target idle: redis ${idle_mix:-none}")
  ROWS1+=("$(awk -v t="$target" -v n="$n" -v rate="$c_rate" -v p50="$c_p50" -v p99="$c_p99" -v m0="$mem0" -v m1="$mem1" -v k0="$keys0" -v k1="$keys1" \
      -v r0="$rss0" -v r1="$rss1" -v cpu="$idle_cpu" -v cmds="$idle_cmds" 'BEGIN{
    printf "%9d %8d %9.0f %7.1f %7.1f %9.1f %10.0f %8.2f %9.0f %11.0f %8.0f%% %9d\n", t, n, rate, p50/1000, p99/1000, m1/1048576, (m1-m0)/n, (k1-k0)/n,
      r1/1024, 1024*(r1-r0)/n, cpu, cmds }')")

  k=$(( SAMPLE < total ? SAMPLE : total ))
  shuf -n "$k" "$TOKENS" >"$RUN_DIR/sample.$target"
  log "step $target: restarting the silo (graceful) so that nothing is active"
  t0=$(date +%s%N)
  stop_pid "$SILO_PID" "$SHUTDOWN_WAIT"; forget_pid "$SILO_PID"
  t1=$(date +%s%N)
  (( STOP_KILLED )) && NOTES+=("step $target: the silo did not stop within SHUTDOWN_WAIT=${SHUTDOWN_WAIT}s and was killed")
  mv "$RUN_DIR/silo-1.log" "$RUN_DIR/silo-1.until-$target.log"
  start_silo 0; SILO_PID="$BG_PID"; SILO_PIDS=("$SILO_PID"); PRODUCT_PIDS=("$SILO_PID" "${API_PIDS[@]}")
  wait_silo 0 "$SILO_PID"
  t2=$(date +%s%N)
  wait_http "$API_URLS/readyz" 60 "${API_PIDS[0]}" || die "the API node did not reconnect after the silo restart"
  shutdown_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", (b-a)/1e9}')
  start_s=$(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.1f", (b-a)/1e9}')

  log "step $target: validating $k sampled sessions once each, cold (activation from Redis)"
  redis_cmdstats >"$RUN_DIR/cold-$target.cmd0"
  orleansload "cold-$target" validate --tokens "$RUN_DIR/sample.$target" --once --quiet
  redis_cmdstats >"$RUN_DIR/cold-$target.cmd1"
  cold="$OL_RESULT"
  cold_cmds=$(awk -v n="$k" 'NR==FNR{a[$1]=$2; next}{d=$2-a[$1]; if (d>0) t+=d} END{printf "%.2f", t/n}' "$RUN_DIR/cold-$target.cmd0" "$RUN_DIR/cold-$target.cmd1")
  cold_mix=$(awk -v n="$k" 'NR==FNR{a[$1]=$2; next}{d=$2-a[$1]; if (d>0 && d/n >= 0.01) printf "%s%s=%.2f", (c++?", ":""), $1, d/n; else if (d>0) o+=d}
    END{if (o) printf "%sothers=%d in all (the client connecting, membership)", (c?", ":""), o}' "$RUN_DIR/cold-$target.cmd0" "$RUN_DIR/cold-$target.cmd1")
  NOTES+=("step $target cold validate: redis per validate ${cold_mix:-none}")
  (( $(res non2xx "$cold") == 0 )) || NOTES+=("step $target: cold validate errors: $(res codes "$cold")")
  log "step $target: the same sessions again, warm"
  orleansload "warm-$target" validate --tokens "$RUN_DIR/sample.$target" --once --quiet
  warm="$OL_RESULT"
  (( $(res non2xx "$warm") == 0 )) || NOTES+=("step $target: warm validate errors: $(res codes "$warm")")
  log "step $target: HTTP validate-only on the API node over the sample, ${WARMUP}s + ${DURATION}s"
  wrk_env=(env LUA_DIR="$BENCH/lua" API_ADDRS="$API_ADDRS" WRK_THREADS="$THREADS" API_KEY="$API_KEY" CLIENT_IP="$CLIENT_IP" CLIENT_UA="$CLIENT_UA" TOKENS_FILE="$RUN_DIR/sample.$target")
  "${wrk_env[@]}" wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -s "$BENCH/lua/validate.lua" "$API_URLS" >"$RUN_DIR/http-$target.warmup.txt" 2>&1
  "${wrk_env[@]}" wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$BENCH/lua/validate.lua" "$API_URLS" >"$RUN_DIR/http-$target.txt" 2>&1
  http=$(grep '^RESULT ' "$RUN_DIR/http-$target.txt" | sed 's/^RESULT //') || die "no RESULT from wrk, see $RUN_DIR/http-$target.txt"
  http_err=$(( $(res err_connect "$http") + $(res err_read "$http") + $(res err_write "$http") + $(res err_status "$http") + $(res err_timeout "$http") ))
  (( http_err == 0 )) || NOTES+=("step $target: HTTP validate errors: $http_err, see ${RUN_DIR#"$ROOT"/}/http-$target.txt")
  ROWS2+=("$(awk -v t="$target" -v k="$k" -v sd="$shutdown_s" -v st="$start_s" -v cr="$(res rps "$cold")" -v c50="$(res p50_us "$cold")" -v c99="$(res p99_us "$cold")" \
      -v cc="$cold_cmds" -v wr="$(res rps "$warm")" -v w99="$(res p99_us "$warm")" -v hr="$(res rps "$http")" -v h99="$(res p99_us "$http")" 'BEGIN{
    printf "%9d %7d %8.1f %7.1f %9.0f %7.1f %7.1f %9.2f %9.0f %7.1f %9.0f %7.1f\n", t, k, sd, st, cr, c50/1000, c99/1000, cc, wr, w99/1000, hr, h99/1000 }')")
  log "step $target done"
done
stop_product
cleanup

F="$RESULTS_DIR/$(date +%Y-%m-%d)-scale.txt"
[[ -e "$F" ]] && F="${F%.txt}-$(date +%H%M%S).txt"
{
  echo "SessionCluster scale run  $(date -Is)"
  machine_lines
  echo "product: $(cat "$BUILD_DIR/PRODUCT"), Release; 1 silo + 1 API node + redis 127.0.0.1:$REDIS_PORT --save '' --appendonly no"
  echo "settings: steps $STEPS (cumulative), one user per session, OrleansLoad $WORKERS calls in flight, sample $SAMPLE, policy: $POLICY"
  echo "command: $COMMAND"
  echo
  echo "creation and memory (all sessions created so far are active in the silo: session and user grains):"
  printf "%9s %8s %9s %7s %7s %9s %10s %8s %9s %11s %9s %9s\n" sessions created "create/s" "p50 ms" "p99 ms" "redis MiB" "redis B/s" "keys/s" "silo MiB" "silo B/s" "idle cpu" "idle rcmd/s"
  printf '%0.s-' $(seq 1 118); echo
  for r in "${ROWS1[@]}"; do echo "$r"; done
  echo
  echo "validate after a graceful silo restart (nothing active), over a random sample of all sessions so far:"
  printf "%9s %7s %8s %7s %9s %7s %7s %9s %9s %7s %9s %7s\n" sessions sample "stop s" "start s" "cold/s" "p50 ms" "p99 ms" "rcmd/val" "warm/s" "p99 ms" "http/s" "p99 ms"
  printf '%0.s-' $(seq 1 112); echo
  for r in "${ROWS2[@]}"; do echo "$r"; done
  echo
  echo "notes:"
  for r in "${NOTES[@]}"; do echo "  - $r"; done
  echo
  echo "columns: create/s, p50/p99 = OrleansLoad creates (Orleans client, no HTTP). redis MiB = used_memory after the step;"
  echo "  redis B/s = used_memory growth per session created in the step; keys/s = Redis keys per session (session, user,"
  echo "  reminder entries); silo MiB = silo RSS after the step; silo B/s = RSS growth per session created (a session grain and"
  echo "  a user grain active, plus GC headroom: RSS is what the OS sees, not the live heap). idle cpu = silo CPU with no load"
  echo "  for ${IDLE_SECONDS}s (100% = one core); idle rcmd/s = Redis commands per second then (membership, reminders, timers)."
  echo "  stop s / start s = graceful silo shutdown (deactivating every grain) / start until ready. cold/s = validates per second"
  echo "  when each is the session's first touch after the restart (activation: a Redis read); rcmd/val = Redis commands per"
  echo "  cold validate; warm/s = the same tokens again (active); http/s = wrk validate-only over the sample through the API node."
  echo "CAVEAT: 2 shared cores; the load generators run on the same box. Memory figures are the meaningful part here."
  echo "raw output: bench/.run/scale-$STAMP/"
} >"$F"
cat "$F"
log "results written to ${F#"$ROOT"/}"
