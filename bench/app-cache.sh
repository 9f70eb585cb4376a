#!/usr/bin/env bash
# An app's endpoint behind SessionCluster.AspNetCore with the validation cache, next to the same endpoint with no
# authentication, interleaved (A B A B ..., ROUNDS rounds), then how fast a revoke reaches two app nodes' caches.
#   open      bench/AppCache with APP_AUTH=none: GET /me, no authentication registered (the ceiling)
#   cached    bench/AppCache with APP_AUTH=cache (app node 1): GET /me with a bearer token, the handler + the cache
#   floor     bench/AppCache with APP_AUTH=floor: ASP.NET Core's authentication + authorization with a handler that
#             accepts any bearer header unread (what the framework's pipeline costs before a handler does any work)
#   uncached  bench/AppCache with APP_AUTH=nocache: the same handler, every request validated by SessionCluster
# Behind the apps: SessionCluster as 1 silo + 1 API node + Redis (the cache's touches and the tenant feed go there).
# All rows run against the same processes (started once) over the same SESSIONS sessions, wrk -t$THREADS -c$CONNS,
# WARMUP s then DURATION s each. Reported per round and as the median ratio with min-max over the rounds (issue 16's
# target: cached >= 0.9x open).
# Then the revoke phase: REVOKES sessions, each warmed in both cache-on app nodes, revoked through the API, and both
# nodes polled until they answer 401 (bench/tools/revoke-lag.js; target: p99 <= 1 s).
# Writes results/<date>-app-cache.txt.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$BENCH"

SESSIONS="${SESSIONS:-10000}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-3}"
PREWARM="${PREWARM:-10}"   # s of each row's load once before round 1 (not recorded)
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-64}"
ROWS_LIST="${ROWS_LIST:-open floor cached uncached}"
REVOKES="${REVOKES:-1000}"
REVOKE_CONC="${REVOKE_CONC:-8}"
APP_PORT="${APP_PORT:-15171}"   # cache-on app nodes: APP_PORT, APP_PORT+1; no auth: +2; handler without cache: +3; floor: +4
RESULTS_DIR="${RESULTS_DIR:-$BENCH/results}"
DATE="$(date +%Y-%m-%d)"
STAMP="$(date +%Y%m%d-%H%M%S)"
RUN_DIR="$BENCH/.run/app-cache-$STAMP"
mkdir -p "$RUN_DIR" "$RESULTS_DIR"
export RUN_ID="$STAMP" WRK_RUN=0
for t in wrk node dotnet curl ss redis-server; do command -v "$t" >/dev/null || die "$t not found (apt-get install -y wrk redis-server; node 20, .NET SDK 10)"; done
for p in $(seq "$APP_PORT" $((APP_PORT + 4))); do port_free "$p" || die "port $p already in use (APP_PORT)"; done

# ------------------------------------------------------------------ build and start
build_product
if [[ "$SKIP_BUILD" != "1" || ! -f "$BUILD_DIR/appcache/AppCache.dll" ]]; then
  bench_project AppCache
  log "building bench/AppCache (Release, against $PRODUCT_DESC) ..."
  rm -rf "$BUILD_DIR/appcache"
  dotnet publish "$BENCH_PROJECT_DIR/AppCache.csproj" -c Release -o "$BUILD_DIR/appcache" -p:UseAppHost=false \
    --artifacts-path "$BENCH/.run/artifacts/appcache-${PRODUCT_REF:-worktree}" --nologo -v q --disable-build-servers \
    >"$RUN_DIR/build-AppCache.log" 2>&1 || die "building bench/AppCache failed, see $RUN_DIR/build-AppCache.log"
fi

start_redis
start_cluster 1 1
API_URL="${API_URLS%%,*}"
APP_ENV=(ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
  SessionCluster__Client__BaseUrl="$API_URL" SessionCluster__Client__ApiKey="$API_KEY")
start_app() { # name port mode -> BG_PID
  start_bg "$1" "$BUILD_DIR/appcache" "${APP_ENV[@]}" APP_AUTH="$3" -- dotnet AppCache.dll --urls "http://127.0.0.1:$2"
}
start_app app-cache-1 "$APP_PORT" cache; APP1_PID="$BG_PID"
start_app app-cache-2 $((APP_PORT + 1)) cache; APP2_PID="$BG_PID"
start_app app-open $((APP_PORT + 2)) none; OPEN_PID="$BG_PID"
start_app app-nocache $((APP_PORT + 3)) nocache; NOCACHE_PID="$BG_PID"
start_app app-floor $((APP_PORT + 4)) floor; FLOOR_PID="$BG_PID"
for pid_port in "$APP1_PID:$APP_PORT" "$APP2_PID:$((APP_PORT + 1))" "$OPEN_PID:$((APP_PORT + 2))" "$NOCACHE_PID:$((APP_PORT + 3))" "$FLOOR_PID:$((APP_PORT + 4))"; do
  pid="${pid_port%%:*}"; port="${pid_port##*:}"
  for i in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || die "the app on port $port exited, see $RUN_DIR/app-*.log"
    code=$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$port/me" || true)
    [[ "$code" == 200 || "$code" == 401 ]] && break
    sleep 0.1
  done
  [[ "$code" == 200 || "$code" == 401 ]] || die "the app on port $port did not come up, see $RUN_DIR/app-*.log"
done

log "creating $SESSIONS sessions"
seed "$SESSIONS" "$RUN_DIR/tokens"
log "$SEED_OUT"
FIRST=$(head -1 "$RUN_DIR/tokens" | awk '{print $1}')
for port in "$APP_PORT" $((APP_PORT + 1)) $((APP_PORT + 3)); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $FIRST" -H "User-Agent: $CLIENT_UA" "http://127.0.0.1:$port/me")
  [[ "$code" == 200 ]] || die "GET /me on the app at port $port with the first seeded token answered $code"
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/me")
  [[ "$code" == 401 ]] || die "GET /me on the app at port $port without a token answered $code (want 401)"
done
# The feed consumers must be connected before a revoke can be pushed: the API holds one GET /v1/events per cache-on node.
for i in $(seq 1 100); do
  n=$(ss -Htn state established "( sport = :${API_URL##*:} )" | wc -l)
  (( n >= 1 )) && break; sleep 0.1
done
log "apps: cache pid $APP1_PID $APP2_PID, open pid $OPEN_PID, no cache pid $NOCACHE_PID, floor pid $FLOOR_PID; product pid ${PRODUCT_PIDS[*]}, redis pid $REDIS_PID"

# ------------------------------------------------------------------ throughput rows
WRK_ENV=(env LUA_DIR="$BENCH/lua" TOKENS_FILE="$RUN_DIR/tokens" WRK_THREADS="$THREADS" API_KEY="$API_KEY" CLIENT_IP="$CLIENT_IP" CLIENT_UA="$CLIENT_UA" AUTH_PATH=/me VIA_PROXY=1)
row_cmd() { # row -> ROW_CMD (array), ROW_PIDS
  case "$1" in
    open) ROW_CMD=("${WRK_ENV[@]}" wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/auth.lua" "http://127.0.0.1:$((APP_PORT + 2))"); ROW_PIDS="$OPEN_PID" ;;
    cached) ROW_CMD=("${WRK_ENV[@]}" wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/auth.lua" "http://127.0.0.1:$APP_PORT"); ROW_PIDS="$APP1_PID" ;;
    floor) ROW_CMD=("${WRK_ENV[@]}" wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/auth.lua" "http://127.0.0.1:$((APP_PORT + 4))"); ROW_PIDS="$FLOOR_PID" ;;
    uncached) ROW_CMD=("${WRK_ENV[@]}" wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/auth.lua" "http://127.0.0.1:$((APP_PORT + 3))"); ROW_PIDS="$NOCACHE_PID" ;;
    *) die "unknown row $1" ;;
  esac
}

# Every process this script started counts as a server for win_end (so other% is only foreign work); the CPU of the
# row's own app and of SessionCluster come from the same process snapshots (.procs0/.procs1).
ALL_PIDS="$APP1_PID $APP2_PID $OPEN_PID $NOCACHE_PID $FLOOR_PID ${PRODUCT_PIDS[*]}"
ticks_of() { awk -v pids=" $1 " 'NR==FNR{a[$1]=$2; next} index(pids, " " $1 " "){s+=$2-a[$1]} END{print s+0}' "$RUN_DIR/.procs0" "$RUN_DIR/.procs1"; }
RESULTS=()   # "round row rps p50_us p99_us errors app_us_per_req product_us_per_req rcmd_per_req other%"
measure_row() { # round row
  local round="$1" row="$2" raw="$RUN_DIR/r$1.$2.txt"
  row_cmd "$row"
  "${ROW_CMD[@]}" -d"${WARMUP}s" >"$RUN_DIR/r$round.$row.warmup.txt" 2>&1 || die "$row: warm-up failed, see $RUN_DIR/r$round.$row.warmup.txt"
  local c0="$RUN_DIR/r$round.$row.cmd0" c1="$RUN_DIR/r$round.$row.cmd1"
  redis_cmdstats >"$c0"
  win_begin
  "${ROW_CMD[@]}" -d"${DURATION}s" --latency >"$raw" 2>&1 || { win_end "$ALL_PIDS"; die "$row: wrk failed, see $raw"; }
  win_end "$ALL_PIDS"
  local app_ticks other="$W_OTHER"
  app_ticks=$(ticks_of "$ROW_PIDS")
  redis_cmdstats >"$c1"
  local res; res=$(grep '^RESULT ' "$raw" | tail -1) || die "no RESULT line in $raw"
  kv() { tr ' ' '\n' <<<"${res#RESULT }" | awk -F= -v k="$1" '$1==k{print $2}'; }
  local requests rps errs rcmds
  requests=$(kv requests); rps=$(kv rps)
  errs=$(( $(kv err_connect) + $(kv err_read) + $(kv err_write) + $(kv err_status) + $(kv err_timeout) ))
  rcmds=$(awk 'NR==FNR{a[$1]=$2; next}{d=$2-a[$1]; if (d>0) s+=d} END{print s+0}' "$c0" "$c1")
  local prod_ticks; prod_ticks=$(ticks_of "${PRODUCT_PIDS[*]}")
  RESULTS+=("$(awk -v r="$round" -v row="$row" -v rps="$rps" -v p50="$(kv p50_us)" -v p99="$(kv p99_us)" -v e="$errs" -v t="$app_ticks" -v pt="$prod_ticks" \
    -v hz="$CLK_TCK" -v n="$requests" -v rc="$rcmds" -v o="$other" 'BEGIN{printf "%s %s %.0f %d %d %d %.1f %.1f %.5f %.0f", r, row, rps, p50, p99, e, (n ? 1e6*t/hz/n : 0), (n ? 1e6*pt/hz/n : 0), (n ? rc/n : 0), o}')")
  log "round $round $row: $(printf '%.0f' "$rps") req/s, p50 $(kv p50_us) us, p99 $(kv p99_us) us, errors $errs, other processes ${other}% CPU"
}

# Every app's JIT reaches its steady state before round 1 (otherwise round 1 measures tiering, not the code).
for row in $ROWS_LIST; do
  row_cmd "$row"; "${ROW_CMD[@]}" -d"${PREWARM}s" >"$RUN_DIR/prewarm.$row.txt" 2>&1 || die "$row: pre-warm failed, see $RUN_DIR/prewarm.$row.txt"
done
for ((round = 1; round <= ROUNDS; round++)); do
  wait_idle "round $round" || true
  for row in $ROWS_LIST; do measure_row "$round" "$row"; done
done

# ------------------------------------------------------------------ optional profile of the cached row
TRACE="${TRACE:-0}"; TRACE_SECONDS="${TRACE_SECONDS:-10}"; TOP="${TOP:-25}"
if [[ "$TRACE" == "1" ]]; then
  dotnet tool restore >"$RUN_DIR/tool-restore.log" 2>&1 || die "dotnet tool restore failed, see $RUN_DIR/tool-restore.log"
  row_cmd cached
  "${ROW_CMD[@]}" -d"$((TRACE_SECONDS + 4))s" >"$RUN_DIR/trace-load.txt" 2>&1 &
  TRACE_LOAD=$!
  sleep 2
  log "tracing the cache-on app (pid $APP1_PID) for ${TRACE_SECONDS}s under the cached row's load"
  dotnet dotnet-trace collect -p "$APP1_PID" --profile dotnet-sampled-thread-time --duration "$(printf '00:00:%02d' "$TRACE_SECONDS")" \
    -o "$RUN_DIR/trace.nettrace" >"$RUN_DIR/dotnet-trace.log" 2>&1 </dev/null || log "dotnet-trace collect failed, see $RUN_DIR/dotnet-trace.log"
  wait "$TRACE_LOAD" || true
  dotnet dotnet-trace convert "$RUN_DIR/trace.nettrace" --format Speedscope -o "$RUN_DIR/trace" >"$RUN_DIR/convert.log" 2>&1 || true
  [[ -f "$RUN_DIR/trace.speedscope.json" ]] && node "$BENCH/tools/hotspots.js" "$RUN_DIR/trace.speedscope.json" "$TOP" >"$RUN_DIR/hotspots.txt" 2>&1 || true
fi

# ------------------------------------------------------------------ revoke phase
REVOKE_LINE=""
if (( REVOKES > 0 )); then
  wait_idle "revokes" || true
  log "revoke phase: $REVOKES revokes, $REVOKE_CONC at a time, two cache-on app nodes"
  REVOKE_LINE=$(API_KEY="$API_KEY" CLIENT_UA="$CLIENT_UA" node "$BENCH/tools/revoke-lag.js" "$API_URL" \
    "http://127.0.0.1:$APP_PORT,http://127.0.0.1:$((APP_PORT + 1))" "$REVOKES" "$RUN_DIR/revoke-lags.txt" "$REVOKE_CONC" 2>"$RUN_DIR/revoke-lag.err" | grep '^RESULT ') \
    || log "revoke-lag.js reported errors or nodes not reached (see $RUN_DIR/revoke-lag.err); kept in the table"
  [[ -n "$REVOKE_LINE" ]] || die "revoke-lag.js printed no RESULT, see $RUN_DIR/revoke-lag.err"
  log "$REVOKE_LINE"
fi
cleanup

# ------------------------------------------------------------------ results
FILE="$RESULTS_DIR/$DATE-app-cache.txt"
[[ -e "$FILE" ]] && FILE="${FILE%.txt}-$(date +%H%M%S).txt"
{
  echo "SessionCluster.AspNetCore validation cache: an app endpoint with the cache vs no authentication, interleaved rows, $(date -Is)"
  machine_lines
  echo "product: $(cat "$BUILD_DIR/PRODUCT" 2>/dev/null || echo '?'), Release; SessionCluster = 1 silo + 1 API node + Redis; apps = bench/AppCache"
  echo "settings: sessions=$SESSIONS, wrk -t$THREADS -c$CONNS, pre-warm ${PREWARM}s per row once, then warm-up ${WARMUP}s + measured ${DURATION}s per row, $ROUNDS rounds of: $ROWS_LIST; MaxStaleness 5 s (default)"
  echo "command: cd bench && SESSIONS=$SESSIONS DURATION=$DURATION WARMUP=$WARMUP PREWARM=$PREWARM ROUNDS=$ROUNDS REVOKES=$REVOKES REVOKE_CONC=$REVOKE_CONC${PRODUCT_REF:+ PRODUCT_REF=$PRODUCT_REF} ./app-cache.sh"
  echo
  printf '%-5s %-9s %9s %8s %8s %7s %10s %11s %9s %7s\n' round row "req/s" "p50 ms" "p99 ms" errors "appus/req" "prodsus/req" "rcmd/req" "other%"
  printf '%0.s-' $(seq 1 92); echo
  for r in "${RESULTS[@]}"; do
    read -r round row rps p50 p99 e us pus rc o <<<"$r"
    printf '%-5s %-9s %9.0f %8.2f %8.2f %7d %10.1f %11.1f %9.5f %6.0f%%\n' "$round" "$row" "$rps" "$(awk -v v="$p50" 'BEGIN{print v/1000}')" \
      "$(awk -v v="$p99" 'BEGIN{print v/1000}')" "$e" "$us" "$pus" "$rc" "$o"
  done
  echo
  echo "ratios per round, then the median [min - max] over the rounds:"
  printf '%s\n' "${RESULTS[@]}" | median_ratios cached/open floor/open cached/floor uncached/open cached/uncached
  echo
  if [[ -n "$REVOKE_LINE" ]]; then
    echo "revoke reaching both cache-on app nodes (lag = the node's first 401 minus the moment DELETE /v1/sessions/{id} was sent;"
    echo "  p99_ack_ms: minus its 204 answer; $REVOKES revokes x 2 nodes, $REVOKE_CONC revokes at a time, each node polled every 2 ms):"
    echo "  $REVOKE_LINE"
    echo
  fi
  cat <<'EOF'
columns: req/s, p50, p99 from wrk over the measured window; errors = socket errors + statuses >= 400 (must be 0);
  appus/req = CPU microseconds per request of the app process serving the row; prodsus/req = CPU of SessionCluster's
  silo + API node in the same window, per request (the cache's batched touches, or every validation without the cache);
  rcmd/req = Redis commands per request (Orleans' membership traffic included); other% = CPU of processes this script
  did not start, 100% = one core.
CAVEAT: 2 cores shared by wrk, the apps and SessionCluster: absolute numbers are this box's; the ratios of interleaved
  rows are the result, with their spread over the rounds.
EOF
  if [[ -s "$RUN_DIR/hotspots.txt" ]]; then
    echo "where the cache-on app's time goes (dotnet-trace sampled thread stacks, ${TRACE_SECONDS}s of the cached row; waiting threads left out):"
    sed 's/^/  /' "$RUN_DIR/hotspots.txt"
  fi
  echo "raw output: bench/.run/app-cache-$STAMP/"
} >"$FILE"
cat "$FILE"
log "results written to ${FILE#"$ROOT"/}"
