#!/usr/bin/env bash
# SessionCluster benchmark driver: the product next to its peers, in one run, on loopback (see README.md).
#
# Rows (TARGETS, in order): the peers of ../shared/bench-peers (copied into peers/): kestrel-plain (the
# ceiling: an HTTP endpoint with no session at all), aspnet-redis-session and express-redis-session, each
# on GET /me with a session cookie; then the product: embedded (one process, co-hosted in-memory silo),
# cluster-1x1 (1 silo + 1 API node + Redis) and cluster-3x2 (3 silos + 2 API nodes + Redis), each over
# SESSIONS sessions through the HTTP API in the SCENARIOS validate-only, forward-auth (GET /v1/auth with the bearer
# header, as a reverse proxy checks a request), validate-heavy and create-only.
# orleans-1x1 (not in the default list) drives 1 silo directly as an Orleans client (bench/OrleansLoad).
#
# Every row: wrk -t$THREADS -c$CONNS, WARMUP s not recorded, then DURATION s measured (--latency); redis
# INFO commandstats deltas; CPU of every process from /proc; a window disturbed by other processes is
# measured again. Writes results/<date>-<scenario>.txt. Everything below can be overridden from the environment.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$BENCH"

SESSIONS="${SESSIONS:-10000}"        # sessions created per row group (peers: per peer; product: per mode)
DURATION="${DURATION:-15}"           # measured seconds per row
WARMUP="${WARMUP:-3}"                # warm-up seconds per row (not recorded)
THREADS="${THREADS:-2}"              # wrk -t (with several API nodes, thread i drives node i mod n)
CONNS="${CONNS:-64}"                 # wrk -c
LOGIN_CONC="${LOGIN_CONC:-16}"       # peers: concurrent POST /login while collecting cookies (as shared/bench-peers)
SEED_CONC="${SEED_CONC:-32}"         # product: concurrent POST /v1/sessions while seeding
PEERS_ALL="kestrel-plain aspnet-redis-session express-redis-session"
TARGETS="${TARGETS:-$PEERS_ALL embedded cluster-1x1 cluster-3x2}"
SCENARIOS="${SCENARIOS:-validate-only forward-auth validate-heavy create-only}"   # for the product rows
PEER_TOUCH="${PEER_TOUCH:-0}"        # 1 = also the peers' POST /touch (a session write) as scenario "touch"
PEER_CREATE="${PEER_CREATE:-1}"      # 1 = also the peers' POST /login with a new user per request as scenario "create-only"
PORT_ASPNET="${PORT_ASPNET:-15101}"
PORT_EXPRESS="${PORT_EXPRESS:-15102}"
PORT_PLAIN="${PORT_PLAIN:-15103}"
RESULTS_DIR="${RESULTS_DIR:-$BENCH/results}"
DATE="$(date +%Y-%m-%d)"

STAMP="$(date +%Y%m%d-%H%M%S)"
RUN_DIR="$BENCH/.run/$STAMP"         # logs, tokens, raw wrk/redis output (ignored by git)
mkdir -p "$RUN_DIR" "$RESULTS_DIR"
export RUN_ID="$STAMP" WRK_RUN=0
COMMAND="cd bench && SESSIONS=$SESSIONS DURATION=$DURATION WARMUP=$WARMUP THREADS=$THREADS CONNS=$CONNS TARGETS='$TARGETS' SCENARIOS='$SCENARIOS'"
[[ "$PEER_TOUCH" != "0" ]] && COMMAND+=" PEER_TOUCH=$PEER_TOUCH"
[[ "$PEER_CREATE" != "1" ]] && COMMAND+=" PEER_CREATE=$PEER_CREATE"
[[ -n "$PRODUCT_REF" ]] && COMMAND+=" PRODUCT_REF=$PRODUCT_REF"
[[ -n "$EXTRA_ENV" ]] && COMMAND+=" EXTRA_ENV='$EXTRA_ENV'"
[[ -n "$API_EXTRA_ENV" ]] && COMMAND+=" API_EXTRA_ENV='$API_EXTRA_ENV'"
[[ -n "$SILO_EXTRA_ENV" ]] && COMMAND+=" SILO_EXTRA_ENV='$SILO_EXTRA_ENV'"
COMMAND+=" ./run.sh"

ROWS=()      # tab-separated raw values, formatted at the end
CMDROWS=()   # "target scenario<TAB>redis command mix"
NOTES=()

is_peer() { [[ " $PEERS_ALL " == *" $1 "* ]]; }
wants() { [[ " $TARGETS " == *" $1 "* ]]; }
any_product=0; any_peer=0
for t in $TARGETS; do
  case "$t" in
    kestrel-plain|aspnet-redis-session|express-redis-session) any_peer=1 ;;
    embedded|cluster-1x1|cluster-3x2|orleans-1x1) any_product=1 ;;
    *) die "unknown target $t (known: $PEERS_ALL embedded cluster-1x1 cluster-3x2 orleans-1x1)" ;;
  esac
done
for s in $SCENARIOS; do case "$s" in validate-only|forward-auth|validate-heavy|create-only) ;; *) die "unknown scenario $s" ;; esac; done

# ------------------------------------------------------------------ build
for t in redis-server redis-cli wrk node dotnet curl ss; do command -v "$t" >/dev/null || die "$t not found (apt-get install -y redis-server wrk; node 20, .NET SDK 10)"; done
if (( any_peer )) && [[ "$SKIP_BUILD" != "1" || ! -d "$BENCH/peers/kestrel-plain/out" ]]; then
  log "building the peers (Release) ..."
  dotnet publish "$BENCH/peers/aspnet-redis-session/AspnetRedisSession.csproj" -c Release -o "$BENCH/peers/aspnet-redis-session/out" --nologo -v q --disable-build-servers >"$RUN_DIR/build-aspnet.log" 2>&1 || die "build aspnet-redis-session failed, see $RUN_DIR/build-aspnet.log"
  dotnet publish "$BENCH/peers/kestrel-plain/KestrelPlain.csproj" -c Release -o "$BENCH/peers/kestrel-plain/out" --nologo -v q --disable-build-servers >"$RUN_DIR/build-plain.log" 2>&1 || die "build kestrel-plain failed, see $RUN_DIR/build-plain.log"
  (cd "$BENCH/peers/express-redis-session" && npm ci --no-audit --no-fund --loglevel=error) >"$RUN_DIR/build-express.log" 2>&1 || die "npm ci failed, see $RUN_DIR/build-express.log"
fi
if (( any_product )); then build_product; fi
if wants orleans-1x1; then build_orleansload; fi

# ------------------------------------------------------------------ redis
for p in "$PORT_PLAIN" "$PORT_ASPNET" "$PORT_EXPRESS"; do port_free "$p" || die "port $p already in use; pick others (PORT_*)"; done
start_redis

# ------------------------------------------------------------------ one measured row
# measure TARGET SCENARIO "SERVER PIDS" -- COMMAND...: warm-up run, then the measured run (repeated when
# disturbed). COMMAND is a wrk invocation without -d/--latency (added here) or an OrleansLoad one.
# TOKEN_CHAIN=1: each run reads TOKENS_FILE and leaves the pairs it ends with in the next file (the mix).
measure() {
  local target="$1" scenario="$2" srv_pids="$3"; shift 4
  local label="$target.$scenario" raw="$RUN_DIR/$target.$scenario.txt" chain=0
  [[ "${TOKEN_CHAIN:-0}" == "1" ]] && chain=1
  next_tokens() { (( chain )) || return 0; TOKENS_OUT="$RUN_DIR/$label.tokens.$1"; export TOKENS_OUT; }
  after_run() { (( chain )) || return 0; [[ -s "$TOKENS_OUT" ]] || die "$label: the mix left no tokens in $TOKENS_OUT"; TOKENS_FILE="$TOKENS_OUT"; export TOKENS_FILE; }
  log "$target $scenario: warm-up ${WARMUP}s"
  next_tokens warm
  WRK_RUN=$((WRK_RUN + 1)); export WRK_RUN   # new user ids in every wrk run (create, mix)
  "$@" -d"${WARMUP}s" >"$RUN_DIR/$label.warmup.txt" 2>&1 || die "$label: warm-up failed, see $RUN_DIR/$label.warmup.txt"
  after_run
  local try=0
  while :; do
    redis_cmdstats >"$RUN_DIR/$label.cmd0"
    next_tokens "m$try"
    log "$target $scenario: measuring ${DURATION}s"
    WRK_RUN=$((WRK_RUN + 1)); export WRK_RUN
    win_begin
    "$@" -d"${DURATION}s" --latency >"$raw" 2>&1 || { win_end "$srv_pids"; die "$label: load generator failed, see $raw"; }
    win_end "$srv_pids"
    redis_cmdstats >"$RUN_DIR/$label.cmd1"
    after_run
    disturbed || break
    (( try < RETRIES )) || break
    try=$((try + 1)); mv "$raw" "${raw%.txt}.disturbed$try.txt"
    NOTES+=("$target $scenario: measurement repeated (attempt $try was disturbed: other processes ${W_OTHER}% CPU, $W_OTHER_TOP)")
    log "$target $scenario: disturbed by other processes (${W_OTHER}% CPU: $W_OTHER_TOP), measuring again"
    wait_idle "$target $scenario (repeat)"
  done
  record_row "$target" "$scenario" "$raw"
}

# record_row TARGET SCENARIO RAWFILE: reads the RESULT line and the window's CPU and redis deltas.
record_row() {
  local target="$1" scenario="$2" raw="$3" label="$1.$2"
  local res; res=$(grep '^RESULT ' "$raw" | tail -1) || die "no RESULT line in $raw"
  local requests=0 rps=0 p50_us=0 p99_us=0 p999_us=0 err_connect=0 err_read=0 err_write=0 err_status=0 err_timeout=0 non2xx="" codes="-"
  eval "$(echo "${res#RESULT }" | tr ' ' '\n' | grep -E '^(requests|rps|p50_us|p99_us|p999_us|err_[a-z]+|non2xx|codes)=' | sed -E 's/^([a-z0-9_]+)=(.*)$/\1="\2"/')"
  local status_errs="${non2xx:-$err_status}"
  local errs=$((err_connect + err_read + err_write + status_errs + err_timeout))
  local rcmds; rcmds=$(awk 'NR==FNR{a[$1]=$2; next}{d=$2-a[$1]; if (d>0) s+=d} END{print s+0}' "$RUN_DIR/$label.cmd0" "$RUN_DIR/$label.cmd1")
  local mix; mix=$(awk -v n="$requests" 'NR==FNR{a[$1]=$2; next}{d=$2-a[$1]; if (d>0) { r = (n>0 ? d/n : 0)
      printf "%s%s=%d (%s/req)", (c++?", ":""), $1, d, (r >= 0.001 ? sprintf("%.3f", r) : sprintf("%.1e", r)) } }' "$RUN_DIR/$label.cmd0" "$RUN_DIR/$label.cmd1")
  ROWS+=("$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$target" "$scenario" "$rps" "$p50_us" "$p99_us" "$p999_us" \
    "$errs" "$rcmds" "$requests" "$W_SRV" "$W_RED" "$W_CLI" "$W_OTHER" "$W_SRV_TICKS" "$W_RED_TICKS")")
  other_warn "$target $scenario"
  CMDROWS+=("$(printf '%-22s %-15s %s' "$target" "$scenario" "${mix:-none}")")
  if (( errs > 0 )); then NOTES+=("$target $scenario: $errs errors (connect=$err_connect read=$err_read write=$err_write status=$status_errs timeout=$err_timeout codes=$codes) - see $raw"); fi
  local extra; extra=$(echo "${res#RESULT }" | tr ' ' '\n' | grep -E '^(ok_[a-z]+|tokens_kept)=' | tr '\n' ' ' || true)
  [[ -n "$extra" ]] && NOTES+=("$target $scenario: $extra")
  log "$target $scenario: $(printf '%.0f' "$rps") req/s, p50 $p50_us us, p99 $p99_us us, p999 $p999_us us, errors $errs"
}

# ------------------------------------------------------------------ peers (as shared/bench-peers/run-peers.sh)
run_peer() {
  local name="$1" port pid
  case "$name" in
    kestrel-plain) port="$PORT_PLAIN"; start_bg "$name" "$BENCH/peers/kestrel-plain/out" -- dotnet KestrelPlain.dll --urls "http://127.0.0.1:$port" ;;
    aspnet-redis-session) port="$PORT_ASPNET"; start_bg "$name" "$BENCH/peers/aspnet-redis-session/out" REDIS="127.0.0.1:$REDIS_PORT" -- dotnet AspnetRedisSession.dll --urls "http://127.0.0.1:$port" ;;
    express-redis-session) port="$PORT_EXPRESS"; start_bg "$name" "$BENCH/peers/express-redis-session" NODE_ENV=production HOST=127.0.0.1 PORT="$port" REDIS_URL="redis://127.0.0.1:$REDIS_PORT" -- node server.js ;;
  esac
  pid="$BG_PID"
  local i ok=0
  for i in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; if curl -s -o /dev/null -m 1 "http://127.0.0.1:$port/me"; then ok=1; break; fi; sleep 0.1; done
  (( ok )) || die "$name did not come up, see $RUN_DIR/$name.log"
  log "$name pid $pid on 127.0.0.1:$port; creating $SESSIONS sessions via POST /login"
  local out; out=$(node "$BENCH/peers/tools/collect-cookies.js" "http://127.0.0.1:$port" "$SESSIONS" "$RUN_DIR/$name.cookies" "$LOGIN_CONC") || die "$name: login phase failed: $out"
  NOTES+=("$name: $out; redis keys after login: $(rcli DBSIZE)")
  local body; body=$(curl -s -m 5 -H "Cookie: $(head -1 "$RUN_DIR/$name.cookies")" "http://127.0.0.1:$port/me")
  if [[ "$name" != "kestrel-plain" ]]; then
    echo "$body" | grep -q '"userId":"user0"' || die "$name: GET /me with the first cookie did not return user0: $body"
  fi
  local wrk_env=(env COOKIES_FILE="$RUN_DIR/$name.cookies" WRK_THREADS="$THREADS")
  measure "$name" validate-only "$pid" -- "${wrk_env[@]}" METHOD=GET URL_PATH=/me \
    wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/peers/tools/cookies.lua" "http://127.0.0.1:$port"
  if [[ "$PEER_TOUCH" == "1" ]]; then
    measure "$name" touch "$pid" -- "${wrk_env[@]}" METHOD=POST URL_PATH=/touch \
      wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/peers/tools/cookies.lua" "http://127.0.0.1:$port"
  fi
  if [[ "$PEER_CREATE" == "1" && "$name" != "kestrel-plain" ]]; then
    export WRK_RUN=$((WRK_RUN + 1))
    measure "$name" create-only "$pid" -- env LUA_DIR="$BENCH/lua" WRK_THREADS="$THREADS" \
      wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/peer-login.lua" "http://127.0.0.1:$port"
  fi
  stop_pid "$pid"; forget_pid "$pid"
}

# ------------------------------------------------------------------ the product
check_first_token() { # tokens file, url
  local access; access=$(head -1 "$1" | awk '{print $1}')
  local body; body=$(curl -s -m 5 -X POST "$2/v1/sessions/validate" -H "X-Api-Key: $API_KEY" -H 'Content-Type: application/json' \
    -d "{\"accessToken\":\"$access\",\"client\":{\"ip\":\"$CLIENT_IP\",\"userAgent\":\"$CLIENT_UA\"}}")
  echo "$body" | grep -q '"status":"active"' || die "validating the first seeded token did not answer an active session: $body"
}

product_rss_note() { # label
  local pid s="" total=0 r
  for pid in "${PRODUCT_PIDS[@]}"; do r=$(rss_kb "$pid"); total=$((total + r)); s+="${s:+ }$((r / 1024))"; done
  NOTES+=("$1: RSS of the product processes after seeding: $((total / 1024)) MiB (${s} MiB)")
}

run_product() {
  local target="$1" url
  case "$target" in
    embedded) start_embedded ;;
    cluster-1x1) start_cluster 1 1 ;;
    cluster-3x2) start_cluster 3 2 ;;
  esac
  url="${API_URLS%%,*}"
  log "$target: creating $SESSIONS sessions via POST /v1/sessions"
  local tokens="$RUN_DIR/$target.tokens"
  seed "$SESSIONS" "$tokens"
  check_first_token "$tokens" "$url"
  NOTES+=("$target: $SEED_OUT; redis keys after seeding: $(rcli DBSIZE)")
  product_rss_note "$target"
  local wrk_env=(env LUA_DIR="$BENCH/lua" API_ADDRS="$API_ADDRS" WRK_THREADS="$THREADS" API_KEY="$API_KEY" CLIENT_IP="$CLIENT_IP" CLIENT_UA="$CLIENT_UA")
  local s
  for s in $SCENARIOS; do
    case "$s" in
      validate-only)
        measure "$target" "$s" "${PRODUCT_PIDS[*]}" -- "${wrk_env[@]}" TOKENS_FILE="$tokens" \
          wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/validate.lua" "$url" ;;
      forward-auth)
        measure "$target" "$s" "${PRODUCT_PIDS[*]}" -- "${wrk_env[@]}" TOKENS_FILE="$tokens" \
          wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/auth.lua" "$url" ;;
      validate-heavy)
        export TOKENS_FILE="$tokens"
        TOKEN_CHAIN=1 measure "$target" "$s" "${PRODUCT_PIDS[*]}" -- "${wrk_env[@]}" \
          wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/mix.lua" "$url"
        unset TOKENS_FILE TOKENS_OUT ;;
      create-only)
        measure "$target" "$s" "${PRODUCT_PIDS[*]}" -- "${wrk_env[@]}" \
          wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/create.lua" "$url" ;;
    esac
  done
  stop_product
}

# orleans-1x1: 1 silo + Redis, no API node; bench/OrleansLoad is the client (CONNS concurrent workers).
# OrleansLoad marks its measured window in a file; the CPU window follows those marks.
orleans_measure() { # scenario mode tokens
  local target=orleans-1x1 scenario="$1" mode="$2" tokens="$3" label="orleans-1x1.$1"
  local raw="$RUN_DIR/$label.txt" mark="$RUN_DIR/$label.mark" try=0
  local cur="$tokens"
  while :; do
    rm -f "$mark"
    log "$target $scenario: warm-up ${WARMUP}s + measuring ${DURATION}s"
    local out="$RUN_DIR/$label.tokens.m$try"
    (cd "$BUILD_DIR/orleansload" && exec dotnet OrleansLoad.dll "$mode" --redis "127.0.0.1:$REDIS_PORT" --tenant "$TENANT" \
      --tokens "$cur" --tokens-out "$out" --workers "$CONNS" --warmup "$WARMUP" --duration "$DURATION" --mark-file "$mark" \
      --ip "$CLIENT_IP" --ua "$CLIENT_UA" --run-id "$RUN_ID-$scenario-$try") >"$raw" 2>"$raw.progress" &
    local lpid=$!
    STARTED_PIDS+=("$lpid")
    until grep -q '^start' "$mark" 2>/dev/null; do kill -0 "$lpid" 2>/dev/null || die "$label: OrleansLoad exited early, see $raw.progress"; sleep 0.05; done
    redis_cmdstats >"$RUN_DIR/$label.cmd0"
    win_begin
    until grep -q '^end' "$mark" 2>/dev/null; do kill -0 "$lpid" 2>/dev/null || die "$label: OrleansLoad exited early, see $raw.progress"; sleep 0.05; done
    win_end "${PRODUCT_PIDS[*]}" "$lpid"
    redis_cmdstats >"$RUN_DIR/$label.cmd1"
    echo done >>"$mark"
    wait "$lpid" || die "$label: OrleansLoad failed, see $raw.progress"
    forget_pid "$lpid"
    [[ "$mode" == mix ]] && cur="$out"
    disturbed || break
    (( try < RETRIES )) || break
    try=$((try + 1)); mv "$raw" "${raw%.txt}.disturbed$try.txt"
    NOTES+=("$target $scenario: measurement repeated (attempt $try was disturbed: other processes ${W_OTHER}% CPU, $W_OTHER_TOP)")
    wait_idle "$target $scenario (repeat)"
  done
  record_row "$target" "$scenario" "$raw"
}
run_orleans() {
  start_cluster 1 0
  local tokens="$RUN_DIR/orleans-1x1.tokens"
  log "orleans-1x1: creating $SESSIONS sessions as an Orleans client"
  local out; out=$(cd "$BUILD_DIR/orleansload" && dotnet OrleansLoad.dll create --redis "127.0.0.1:$REDIS_PORT" --tenant "$TENANT" \
    --count "$SESSIONS" --tokens-out "$tokens" --workers "$SEED_CONC" --ip "$CLIENT_IP" --ua "$CLIENT_UA" --run-id "$RUN_ID-seed" 2>"$RUN_DIR/orleans-1x1.seed.progress") \
    || die "orleans-1x1: seeding failed, see $RUN_DIR/orleans-1x1.seed.progress"
  NOTES+=("orleans-1x1: $(grep '^RESULT' <<<"$out" | tr ' ' '\n' | grep -E '^(requests|rps|non2xx)=' | tr '\n' ' ')(seeding); redis keys after seeding: $(rcli DBSIZE)")
  product_rss_note orleans-1x1
  local s
  for s in $SCENARIOS; do
    case "$s" in
      validate-only) orleans_measure "$s" validate "$tokens" ;;
      validate-heavy) orleans_measure "$s" mix "$tokens" ;;
      create-only) orleans_measure "$s" create "$tokens" ;;
    esac
  done
  stop_product
}

for target in $TARGETS; do
  rcli FLUSHALL >/dev/null
  wait_idle "$target"
  case "$target" in
    embedded|cluster-1x1|cluster-3x2) run_product "$target" ;;
    orleans-1x1) run_orleans ;;
    *) run_peer "$target" ;;
  esac
done
cleanup

# ------------------------------------------------------------------ results
PLAIN_RPS=$(printf '%s\n' "${ROWS[@]}" | awk -F'\t' '$1=="kestrel-plain" && $2=="validate-only"{print $3}')
format_rows() { # scenario -> table lines
  printf '%s\n' "${ROWS[@]}" | awk -F'\t' -v want="$1" -v plain="${PLAIN_RPS:-0}" -v hz="$CLK_TCK" '$2==want{
    req=$9; printf "%-22s %-15s %9.0f %7.2f %7.2f %8.2f %6d %8.3f %6.0f%% %6.0f%% %6.0f%% %6.0f%% %9.0f %10.0f %7s\n",
      $1, $2, $3, $4/1000, $5/1000, $6/1000, $7, (req ? $8/req : 0), $10, $11, $12, $13,
      (req ? 1e6*$14/hz/req : 0), (req ? 1e6*($14+$15)/hz/req : 0), (plain > 0 ? sprintf("%.2f", $3/plain) : "-") }'
}
header() {
  printf "%-22s %-15s %9s %7s %7s %8s %6s %8s %7s %7s %7s %7s %9s %10s %7s\n" target scenario "req/s" "p50 ms" "p99 ms" "p999 ms" errors "rcmd/req" "srv%" "redis%" "client%" "other%" "srvus/req" "s+r us/req" "x plain"
  printf '%0.s-' $(seq 1 152); echo
}
write_results() { # scenario -> file
  local s="$1" f="$RESULTS_DIR/$DATE-$1.txt"
  [[ -e "$f" ]] && f="${f%.txt}-$(date +%H%M%S).txt"
  {
    echo "SessionCluster benchmark, scenario $s  $(date -Is)"
    machine_lines
    (( any_product )) && echo "product: $(cat "$BUILD_DIR/PRODUCT" 2>/dev/null || echo '?'), Release; redis 127.0.0.1:$REDIS_PORT --save '' --appendonly no"
    echo "settings: sessions=$SESSIONS per row group, wrk -t$THREADS -c$CONNS, warm-up ${WARMUP}s + measured ${DURATION}s per row"
    echo "command: $COMMAND"
    echo
    header
    format_rows "$s"
    echo
    echo "redis commands during the measured window (count, per request):"
    local r
    for r in "${CMDROWS[@]}"; do [[ "$r" == *" $s "* ]] && echo "  $r"; done
    echo
    echo "notes:"
    local other
    for r in "${NOTES[@]}"; do   # general notes, and those of this scenario
      other=0
      for x in validate-only forward-auth validate-heavy create-only touch; do [[ "$x" != "$s" && "$r" == *" $x"[\ :\)]* ]] && other=1; done
      (( other )) || echo "  - $r"
    done
    echo
    columns_help
    echo "raw output: bench/.run/$STAMP/"
  } >"$f"
  RESULT_FILES+=("$f")
}
columns_help() {
  cat <<'EOF'
columns: req/s and p50/p99/p999 from wrk over the measured window (--latency), all requests of the row together.
  errors = socket errors (connect, read, write, timeout) + answers that are not 2xx (wrk: status >= 400; the mix
  counts every non-2xx itself, by problem code, in the notes). It must be 0.
  rcmd/req = redis commands per request during the window, all kinds (the breakdown above); for the product this
  includes what Orleans' Redis clustering sends on its own (membership, I-am-alive, gateway list), load or not.
  CPU over the window, 100% = one core, the box has 2 = 200%: srv% = the server: ALL product processes (API nodes
  and silos) summed; redis% = redis-server; client% = the load generator (wrk, or OrleansLoad); other% = every
  process NOT started by the driver (should be ~0; above OTHER_WARN the row is measured again, then flagged).
  srvus/req = server CPU microseconds per request (the least sensitive to core sharing); s+r us/req adds redis.
  x plain = req/s relative to the kestrel-plain row of the same run (an HTTP endpoint with no session at all).
  Peers' validate-only is GET /me with their session cookie; the product's is POST /v1/sessions/validate; its
  forward-auth is GET /v1/auth with the bearer header (no body either way), as nginx or Caddy would ask it.
CAVEAT: 2 cores shared by wrk, the servers and redis on one box: absolute numbers are this box's, not capacity.
  Settings are identical for every row, so ratios between rows are the meaningful part.
EOF
}
RESULT_FILES=()
ALL_SCEN=""
for r in "${ROWS[@]}"; do s=$(cut -f2 <<<"$r"); [[ " $ALL_SCEN " == *" $s "* ]] || ALL_SCEN+=" $s"; done
for s in $ALL_SCEN; do write_results "$s"; done
echo
header
for s in $ALL_SCEN; do format_rows "$s"; done
echo
for f in "${RESULT_FILES[@]}"; do log "results written to ${f#"$ROOT"/}"; done
