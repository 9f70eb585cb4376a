#!/usr/bin/env bash
# Profiles the product under validate-only load (embedded mode by default), on loopback:
#   1. a clean window of DURATION s: wrk load, the runtime's counters of every product process (CPU, bytes allocated,
#      GC counts and pause time, thread pool, lock contention: bench/RuntimeStats, a startup hook, once per second;
#      plus dotnet-counters System.Runtime when that tool is in bench/dotnet-tools.json), CPU from /proc
#      -> allocations per request, GCs per 1000 requests, CPU microseconds per request;
#   2. TRACE=1: a second window of TRACE_SECONDS s under the same load with dotnet-trace (sampled thread stacks) on
#      one process -> the top functions (dotnet-trace report topN, exclusive and inclusive) and a speedscope file.
# Settings: SESSIONS (10000), DURATION (20), WARMUP (5), THREADS (2), CONNS (64), TRACE (1), TRACE_SECONDS (10),
# TOP (25), TARGET (embedded | cluster-1x1), TRACE_PROCESS (api | silo: which process of cluster-1x1 is traced),
# SCENARIO (validate-only | validate-heavy | create-only), and lib.sh's (PRODUCT_REF, SKIP_BUILD, EXTRA_ENV, ports, ...).
# Output: printed, and kept with the raw files in bench/.run/profile-<time>/.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$BENCH"

SESSIONS="${SESSIONS:-10000}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-5}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-64}"
TRACE="${TRACE:-1}"
TRACE_SECONDS="${TRACE_SECONDS:-10}"
TOP="${TOP:-25}"
TARGET="${TARGET:-embedded}"
TRACE_PROCESS="${TRACE_PROCESS:-api}"
SCENARIO="${SCENARIO:-validate-only}"
STAMP="$(date +%Y%m%d-%H%M%S)"
RUN_DIR="$BENCH/.run/profile-$STAMP"
mkdir -p "$RUN_DIR/stats"
export RUN_ID="$STAMP" WRK_RUN=0
case "$SCENARIO" in
  validate-only) LUA=validate.lua ;;
  forward-auth) LUA=auth.lua ;;
  validate-heavy) LUA=mix.lua ;;
  create-only) LUA=create.lua ;;
  *) die "SCENARIO is validate-only, forward-auth, validate-heavy or create-only" ;;
esac

for t in wrk node dotnet curl ss; do command -v "$t" >/dev/null || die "$t not found"; done
build_product
build_runtimestats
log "restoring the local dotnet tools (bench/dotnet-tools.json) ..."
dotnet tool restore >"$RUN_DIR/tool-restore.log" 2>&1 || die "dotnet tool restore failed, see $RUN_DIR/tool-restore.log"
HAVE_COUNTERS=0
dotnet dotnet-counters --version >/dev/null 2>&1 && HAVE_COUNTERS=1

# Every product process loads the startup hook and writes runtime-stats-<pid>.csv into $RUN_DIR/stats.
EXTRA_ENV="${EXTRA_ENV:+$EXTRA_ENV }DOTNET_STARTUP_HOOKS=$BUILD_DIR/runtimestats/SessionCluster.Bench.RuntimeStats.dll RUNTIME_STATS_DIR=$RUN_DIR/stats"
case "$TARGET" in
  embedded) start_embedded; TRACE_PID="${API_PIDS[0]}"; TRACE_LABEL="the embedded-mode process (API + co-hosted silo)" ;;
  cluster-1x1)
    command -v redis-server >/dev/null || die "redis-server not found"
    start_redis; start_cluster 1 1
    if [[ "$TRACE_PROCESS" == silo ]]; then TRACE_PID="${SILO_PIDS[0]}"; TRACE_LABEL="the silo"; else TRACE_PID="${API_PIDS[0]}"; TRACE_LABEL="the API node"; fi ;;
  *) die "TARGET is embedded or cluster-1x1" ;;
esac
[[ -n "${REDIS_PID:-}" ]] || REDIS_PID=0

URL="${API_URLS%%,*}"
log "$TARGET: creating $SESSIONS sessions"
seed "$SESSIONS" "$RUN_DIR/tokens"
log "$SEED_OUT"
WRK=(env LUA_DIR="$BENCH/lua" API_ADDRS="$API_ADDRS" WRK_THREADS="$THREADS" API_KEY="$API_KEY" CLIENT_IP="$CLIENT_IP" CLIENT_UA="$CLIENT_UA"
     wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/$LUA" "$URL")
TOKENS_FILE="$RUN_DIR/tokens"
wrk_once() { # seconds outfile [--latency]
  WRK_RUN=$((WRK_RUN + 1)); export WRK_RUN
  # the mix hands the pairs it ends with to the next run (a rotated refresh token must not be presented again)
  TOKENS_FILE="$TOKENS_FILE" TOKENS_OUT="$RUN_DIR/tokens.$WRK_RUN" "${WRK[@]}" -d"$1s" "${@:3}" >"$2" 2>&1
  [[ "$SCENARIO" == validate-heavy ]] && TOKENS_FILE="$RUN_DIR/tokens.$WRK_RUN"
  return 0
}
log "warm-up ${WARMUP}s"
wrk_once "$WARMUP" "$RUN_DIR/warmup.txt"

# ------------------------------------------------------------------ 1: counters window
log "measuring ${DURATION}s (runtime counters of pid ${PRODUCT_PIDS[*]})"
if (( HAVE_COUNTERS )); then
  dotnet dotnet-counters collect -p "$TRACE_PID" --counters System.Runtime --refresh-interval 1 --format csv \
    -o "$RUN_DIR/dotnet-counters.csv" --duration "$(printf '00:00:%02d' "$DURATION")" >"$RUN_DIR/dotnet-counters.log" 2>&1 &
  COUNTERS_PID=$!; STARTED_PIDS+=("$COUNTERS_PID")
  sleep 1
fi
T0=$(date +%s%3N)
win_begin
wrk_once "$DURATION" "$RUN_DIR/measure.txt" --latency
win_end "${PRODUCT_PIDS[*]}"
T1=$(date +%s%3N)
if (( HAVE_COUNTERS )); then wait "$COUNTERS_PID" || true; forget_pid "$COUNTERS_PID"; fi
RES=$(grep '^RESULT ' "$RUN_DIR/measure.txt" | tail -1) || die "no RESULT line in $RUN_DIR/measure.txt"
kv() { tr ' ' '\n' <<<"${RES#RESULT }" | awk -F= -v k="$1" '$1==k{print $2}'; }
RPS=$(kv rps); REQS=$(kv requests)
STATUS_ERRS=$(kv non2xx); STATUS_ERRS=${STATUS_ERRS:-$(kv err_status)}
ERRS=$(( $(kv err_connect) + $(kv err_read) + $(kv err_write) + $(kv err_timeout) + STATUS_ERRS ))

SUMMARY="$RUN_DIR/profile.txt"
{
  echo "SessionCluster profile: $TARGET, $SCENARIO, $(date -Is)"
  machine_lines
  echo "product: $(cat "$BUILD_DIR/PRODUCT"); sessions=$SESSIONS, wrk -t$THREADS -c$CONNS, warm-up ${WARMUP}s, measured ${DURATION}s"
  echo "command: cd bench && TARGET=$TARGET SCENARIO=$SCENARIO SESSIONS=$SESSIONS DURATION=$DURATION WARMUP=$WARMUP TRACE=$TRACE TRACE_SECONDS=$TRACE_SECONDS${PRODUCT_REF:+ PRODUCT_REF=$PRODUCT_REF} ./profile.sh"
  echo
  printf 'load: %.0f req/s, p50 %.2f ms, p99 %.2f ms, p999 %.2f ms, errors %s (%s requests)\n' "$RPS" "$(kv p50_us)e-3" "$(kv p99_us)e-3" "$(kv p999_us)e-3" "$ERRS" "$REQS"
  awk -v srv="$W_SRV" -v cli="$W_CLI" -v oth="$W_OTHER" -v t="$W_SRV_TICKS" -v hz="$CLK_TCK" -v n="$REQS" 'BEGIN{
    printf "CPU (/proc): product %.0f%%, wrk %.0f%%, other processes %.0f%% (100%% = one core); product CPU per request %.1f us\n", srv, cli, oth, (n ? 1e6*t/hz/n : 0) }'
  echo
  echo "runtime counters over the window, per process (bench/RuntimeStats startup hook; requests = wrk req/s x seconds):"
  printf '  %-8s %-6s %8s %10s %12s %11s %11s %9s %9s %9s %8s %8s %8s\n' pid role "seconds" "cpu%" "alloc MB/s" "alloc B/req" "cpu us/req" "gen0/1k" "gen1/1k" "gen2/1k" "pause%" "threads" "heapMB"
  for pid in "${PRODUCT_PIDS[@]}"; do
    role=api; [[ " ${SILO_PIDS[*]:-} " == *" $pid "* ]] && role=silo; [[ "$TARGET" == embedded ]] && role=api+silo
    f="$RUN_DIR/stats/runtime-stats-$pid.csv"
    [[ -f "$f" ]] || { echo "  $pid: no runtime stats (the startup hook did not load?)"; continue; }
    awk -F, -v t0="$T0" -v t1="$T1" -v rps="$RPS" -v pid="$pid" -v role="$role" 'NR>1 && $1>=t0 && $1<=t1 { if (!have) { split($0, a, ","); have = 1 } split($0, b, ",") }
      END { if (!have || b[1] == a[1]) { printf "  %-8s %-6s (too few samples)\n", pid, role; exit }
            s = (b[1]-a[1])/1000; req = rps*s
            printf "  %-8s %-6s %8.1f %9.0f%% %12.1f %11.0f %11.1f %9.2f %9.2f %9.2f %7.2f%% %8d %8.0f\n", pid, role, s, 100*(b[2]-a[2])/1000/s,
              (b[3]-a[3])/s/1048576, (b[3]-a[3])/req, 1000*(b[2]-a[2])/req, 1000*(b[4]-a[4])/req, 1000*(b[5]-a[5])/req, 1000*(b[6]-a[6])/req,
              100*(b[8]-a[8])/1000/s, b[9], b[7]/1048576 }' "$f"
  done
  echo "  alloc B/req = bytes allocated per HTTP request by that process; gen0/1k = gen0 GCs per 1000 requests; pause% = time in GC pauses"
  if (( HAVE_COUNTERS )); then echo "  dotnet-counters (pid $TRACE_PID, System.Runtime): $RUN_DIR/dotnet-counters.csv"; else
    echo "  (dotnet-counters is not in bench/dotnet-tools.json: the package registry this machine reaches does not carry it; the hook reads the same runtime APIs)"; fi
} >"$SUMMARY"

# ------------------------------------------------------------------ 2: trace window
if [[ "$TRACE" == "1" ]]; then
  log "tracing pid $TRACE_PID for ${TRACE_SECONDS}s under load (dotnet-trace, sampled thread stacks)"
  wrk_once $((TRACE_SECONDS + 3)) "$RUN_DIR/trace-load.txt" &
  LOAD_PID=$!; STARTED_PIDS+=("$LOAD_PID")
  sleep 1
  dotnet dotnet-trace collect -p "$TRACE_PID" --profile dotnet-sampled-thread-time --duration "$(printf '00:00:%02d' "$TRACE_SECONDS")" \
    -o "$RUN_DIR/trace.nettrace" >"$RUN_DIR/dotnet-trace.log" 2>&1 </dev/null || log "dotnet-trace collect failed, see $RUN_DIR/dotnet-trace.log"
  wait "$LOAD_PID" || true; forget_pid "$LOAD_PID"
  if [[ -s "$RUN_DIR/trace.nettrace" ]]; then
    dotnet dotnet-trace report "$RUN_DIR/trace.nettrace" topN -n "$TOP" >"$RUN_DIR/top-exclusive.txt" 2>&1 || true
    dotnet dotnet-trace report "$RUN_DIR/trace.nettrace" topN -n "$TOP" --inclusive >"$RUN_DIR/top-inclusive.txt" 2>&1 || true
    # dotnet-trace names the file <-o>.speedscope.json
    dotnet dotnet-trace convert "$RUN_DIR/trace.nettrace" --format Speedscope -o "$RUN_DIR/trace" >"$RUN_DIR/convert.log" 2>&1 || true
    {
      echo
      echo "dotnet-trace, pid $TRACE_PID ($TRACE_LABEL), dotnet-sampled-thread-time (thread stacks at ~100 Hz), ${TRACE_SECONDS}s"
      echo "under the same load. Waiting threads (idle pool threads, epoll, sleeps) are left out by bench/tools/hotspots.js, so the"
      echo "shares below are of busy thread time (about where the CPU goes; native code is named after its managed caller):"
      node "$BENCH/tools/hotspots.js" "$RUN_DIR/trace.speedscope.json" "$TOP" 2>&1 | sed 's/^/  /'
      echo "dotnet-trace's own report (counts waiting threads too): ${RUN_DIR#"$ROOT"/}/top-exclusive.txt, top-inclusive.txt"
      echo "speedscope file (load it into a speedscope viewer): ${RUN_DIR#"$ROOT"/}/trace.speedscope.json"
    } >>"$SUMMARY"
  else
    echo "dotnet-trace produced no trace; see ${RUN_DIR#"$ROOT"/}/dotnet-trace.log" >>"$SUMMARY"
  fi
fi
stop_product
cleanup
cat "$SUMMARY"
log "profile written to ${SUMMARY#"$ROOT"/}"
