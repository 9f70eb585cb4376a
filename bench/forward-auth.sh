#!/usr/bin/env bash
# Forward auth, measured side by side and interleaved (A B A B ..., ROUNDS rounds), on loopback:
#   plain        the ceiling: kestrel-plain (bench/peers), GET /me, no session at all
#   validate     the product: POST /v1/sessions/validate (JSON body in and out)
#   auth         the product: GET /v1/auth with the bearer header, as a proxy checks a request (headers only)
#   nginx-plain  nginx in front of kestrel-plain, no check: GET /me through the proxy
#   nginx-auth   the same nginx running deploy/proxies/nginx/sessioncluster.conf.template (auth_request to the product,
#                then kestrel-plain with the identity headers): GET /me with the bearer header through the proxy
# All rows run against the same processes (started once), over the same SESSIONS sessions, wrk -t$THREADS -c$CONNS,
# WARMUP s then DURATION s each. Reported per round and as the median ratio (with min-max over the rounds):
# auth / plain and validate / plain (the issue's target: auth >= 0.6x plain), nginx-auth / nginx-plain (what the check
# costs a request through the proxy). MODE=embedded (default) or cluster-1x1 (1 silo + 1 API node + Redis: then the Redis
# commands per request are counted too). Writes results/<date>-forward-auth-interleaved-<mode>.txt.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$BENCH"

MODE="${MODE:-embedded}"
SESSIONS="${SESSIONS:-10000}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-3}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-64}"
ROWS_LIST="${ROWS_LIST:-plain auth validate nginx-plain nginx-auth}"
NGINX_WORKERS="${NGINX_WORKERS:-2}"
PORT_PLAIN="${PORT_PLAIN:-15103}"
PORT_NGINX_PLAIN="${PORT_NGINX_PLAIN:-15131}"
PORT_NGINX_AUTH="${PORT_NGINX_AUTH:-15132}"
RESULTS_DIR="${RESULTS_DIR:-$BENCH/results}"
DATE="$(date +%Y-%m-%d)"
STAMP="$(date +%Y%m%d-%H%M%S)"
RUN_DIR="$BENCH/.run/forward-auth-$STAMP"
mkdir -p "$RUN_DIR" "$RESULTS_DIR"
export RUN_ID="$STAMP" WRK_RUN=0
case "$MODE" in embedded|cluster-1x1) ;; *) die "MODE is embedded or cluster-1x1" ;; esac
for t in wrk node dotnet curl ss nginx; do command -v "$t" >/dev/null || die "$t not found (apt-get install -y wrk nginx; node 20, .NET SDK 10)"; done
[[ "$MODE" == cluster-1x1 ]] && { command -v redis-server >/dev/null || die "redis-server not found"; }
for p in "$PORT_PLAIN" "$PORT_NGINX_PLAIN" "$PORT_NGINX_AUTH"; do port_free "$p" || die "port $p already in use"; done

# ------------------------------------------------------------------ build and start
build_product
if [[ "$SKIP_BUILD" != "1" || ! -f "$BENCH/peers/kestrel-plain/out/KestrelPlain.dll" ]]; then
  log "building kestrel-plain (Release) ..."
  dotnet publish "$BENCH/peers/kestrel-plain/KestrelPlain.csproj" -c Release -o "$BENCH/peers/kestrel-plain/out" --nologo -v q --disable-build-servers \
    >"$RUN_DIR/build-plain.log" 2>&1 || die "build kestrel-plain failed, see $RUN_DIR/build-plain.log"
fi

start_bg kestrel-plain "$BENCH/peers/kestrel-plain/out" -- dotnet KestrelPlain.dll --urls "http://127.0.0.1:$PORT_PLAIN"
PLAIN_PID="$BG_PID"
wait_http "http://127.0.0.1:$PORT_PLAIN/me" 60 "$PLAIN_PID" || die "kestrel-plain did not come up, see $RUN_DIR/kestrel-plain.log"

if [[ "$MODE" == embedded ]]; then start_embedded; else start_redis; start_cluster 1 1; fi
[[ -n "${REDIS_PID:-}" ]] || REDIS_PID=0
API_URL="${API_URLS%%,*}"
log "$MODE: creating $SESSIONS sessions"
seed "$SESSIONS" "$RUN_DIR/tokens"
log "$SEED_OUT"
FIRST=$(head -1 "$RUN_DIR/tokens" | awk '{print $1}')
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $API_KEY" -H "Authorization: Bearer $FIRST" -H "User-Agent: $CLIENT_UA" \
  -H "X-Forwarded-For: $CLIENT_IP" "$API_URL/v1/auth")
[[ "$code" == 200 ]] || die "GET /v1/auth with the first seeded token answered $code"

# nginx: the recipe as it is (placeholders filled), plus a plain proxy server on another port, in one nginx.
NGX="$RUN_DIR/nginx"; mkdir -p "$NGX/temp"; chmod 755 "$NGX"; chmod 777 "$NGX/temp"
sed -e "s|\${SC_LISTEN}|127.0.0.1:$PORT_NGINX_AUTH|g" -e "s|\${SC_API}|${API_ADDRS%%,*}|g" -e "s|\${SC_API_KEY}|$API_KEY|g" \
    -e "s|\${SC_APP}|127.0.0.1:$PORT_PLAIN|g" -e "s|\${SC_LOGIN}|/login|g" \
    "$ROOT/deploy/proxies/nginx/sessioncluster.conf.template" >"$NGX/sessioncluster.conf"
grep -q '\${SC_' "$NGX/sessioncluster.conf" && die "a placeholder of the nginx recipe was left unfilled"
cat >"$NGX/nginx.conf" <<EOF
worker_processes $NGINX_WORKERS;
pid $NGX/nginx.pid;
error_log $NGX/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $NGX/temp/body;
    proxy_temp_path $NGX/temp/proxy;
    fastcgi_temp_path $NGX/temp/fastcgi;
    uwsgi_temp_path $NGX/temp/uwsgi;
    scgi_temp_path $NGX/temp/scgi;
    include $NGX/sessioncluster.conf;
    upstream plain_app { server 127.0.0.1:$PORT_PLAIN; keepalive 32; }
    server {
        listen 127.0.0.1:$PORT_NGINX_PLAIN;
        location / {
            proxy_pass http://plain_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
        }
    }
}
EOF
start_bg nginx "$NGX" -- nginx -p "$NGX" -e "$NGX/error.log" -c "$NGX/nginx.conf" -g 'daemon off;'
NGINX_PID="$BG_PID"
wait_http "http://127.0.0.1:$PORT_NGINX_PLAIN/me" 30 "$NGINX_PID" || die "nginx did not come up, see $NGX/error.log"
NGINX_PIDS="$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $FIRST" -H "User-Agent: $CLIENT_UA" "http://127.0.0.1:$PORT_NGINX_AUTH/me")
[[ "$code" == 200 ]] || die "GET /me through nginx + auth_request with the first seeded token answered $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT_NGINX_AUTH/me")
[[ "$code" == 401 ]] || die "GET /me through nginx + auth_request without a token answered $code (want 401)"
log "kestrel-plain pid $PLAIN_PID, product pid ${PRODUCT_PIDS[*]}, nginx pid $NGINX_PIDS"

# ------------------------------------------------------------------ rows
WRK_ENV=(env LUA_DIR="$BENCH/lua" TOKENS_FILE="$RUN_DIR/tokens" WRK_THREADS="$THREADS" API_KEY="$API_KEY" CLIENT_IP="$CLIENT_IP" CLIENT_UA="$CLIENT_UA")
row_cmd() { # row -> ROW_CMD (array), ROW_PIDS
  case "$1" in
    plain) ROW_CMD=("${WRK_ENV[@]}" AUTH_PATH=/me VIA_PROXY=1 wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/auth.lua" "http://127.0.0.1:$PORT_PLAIN"); ROW_PIDS="$PLAIN_PID" ;;
    auth) ROW_CMD=("${WRK_ENV[@]}" wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/auth.lua" "$API_URL"); ROW_PIDS="${PRODUCT_PIDS[*]}" ;;
    validate) ROW_CMD=("${WRK_ENV[@]}" wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/validate.lua" "$API_URL"); ROW_PIDS="${PRODUCT_PIDS[*]}" ;;
    nginx-plain) ROW_CMD=("${WRK_ENV[@]}" AUTH_PATH=/me VIA_PROXY=1 wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/auth.lua" "http://127.0.0.1:$PORT_NGINX_PLAIN")
      ROW_PIDS="$NGINX_PIDS $PLAIN_PID" ;;
    nginx-auth) ROW_CMD=("${WRK_ENV[@]}" AUTH_PATH=/me VIA_PROXY=1 wrk -t"$THREADS" -c"$CONNS" -s "$BENCH/lua/auth.lua" "http://127.0.0.1:$PORT_NGINX_AUTH")
      ROW_PIDS="$NGINX_PIDS $PLAIN_PID ${PRODUCT_PIDS[*]}" ;;
    *) die "unknown row $1" ;;
  esac
}

RESULTS=()   # "round row rps p50_us p99_us errors srv_us_per_req rcmd_per_req other%"
measure_row() { # round row
  local round="$1" row="$2" raw="$RUN_DIR/r$1.$2.txt"
  row_cmd "$row"
  "${ROW_CMD[@]}" -d"${WARMUP}s" >"$RUN_DIR/r$round.$row.warmup.txt" 2>&1 || die "$row: warm-up failed, see $RUN_DIR/r$round.$row.warmup.txt"
  local c0="$RUN_DIR/r$round.$row.cmd0" c1="$RUN_DIR/r$round.$row.cmd1"
  if (( REDIS_PID )); then redis_cmdstats >"$c0"; else : >"$c0"; fi
  win_begin
  "${ROW_CMD[@]}" -d"${DURATION}s" --latency >"$raw" 2>&1 || { win_end "$ROW_PIDS"; die "$row: wrk failed, see $raw"; }
  win_end "$ROW_PIDS"
  if (( REDIS_PID )); then redis_cmdstats >"$c1"; else : >"$c1"; fi
  local res; res=$(grep '^RESULT ' "$raw" | tail -1) || die "no RESULT line in $raw"
  kv() { tr ' ' '\n' <<<"${res#RESULT }" | awk -F= -v k="$1" '$1==k{print $2}'; }
  local requests rps errs rcmds
  requests=$(kv requests); rps=$(kv rps)
  errs=$(( $(kv err_connect) + $(kv err_read) + $(kv err_write) + $(kv err_status) + $(kv err_timeout) ))
  rcmds=$(awk 'NR==FNR{a[$1]=$2; next}{d=$2-a[$1]; if (d>0) s+=d} END{print s+0}' "$c0" "$c1")
  RESULTS+=("$(awk -v r="$round" -v row="$row" -v rps="$rps" -v p50="$(kv p50_us)" -v p99="$(kv p99_us)" -v e="$errs" -v t="$W_SRV_TICKS" \
    -v hz="$CLK_TCK" -v n="$requests" -v rc="$rcmds" -v o="$W_OTHER" 'BEGIN{printf "%s %s %.0f %d %d %d %.1f %.5f %.0f", r, row, rps, p50, p99, e, (n ? 1e6*t/hz/n : 0), (n ? rc/n : 0), o}')")
  log "round $round $row: $(printf '%.0f' "$rps") req/s, p50 $(kv p50_us) us, p99 $(kv p99_us) us, errors $errs, other processes ${W_OTHER}% CPU"
}

for ((round = 1; round <= ROUNDS; round++)); do
  wait_idle "round $round" || true
  for row in $ROWS_LIST; do measure_row "$round" "$row"; done
done
cleanup

# ------------------------------------------------------------------ results
FILE="$RESULTS_DIR/$DATE-forward-auth-interleaved-$MODE.txt"
[[ -e "$FILE" ]] && FILE="${FILE%.txt}-$(date +%H%M%S).txt"
{
  echo "SessionCluster forward auth, $MODE, interleaved rows, $(date -Is)"
  machine_lines
  echo "nginx: $(nginx -v 2>&1 | awk -F/ '{print $2}'), worker_processes $NGINX_WORKERS, recipe deploy/proxies/nginx/sessioncluster.conf.template"
  echo "product: $(cat "$BUILD_DIR/PRODUCT" 2>/dev/null || echo '?'), Release"
  echo "settings: sessions=$SESSIONS, wrk -t$THREADS -c$CONNS, warm-up ${WARMUP}s + measured ${DURATION}s per row, $ROUNDS rounds of: $ROWS_LIST"
  echo "command: cd bench && MODE=$MODE SESSIONS=$SESSIONS DURATION=$DURATION WARMUP=$WARMUP ROUNDS=$ROUNDS NGINX_WORKERS=$NGINX_WORKERS${PRODUCT_REF:+ PRODUCT_REF=$PRODUCT_REF} ./forward-auth.sh"
  echo
  printf '%-5s %-12s %9s %8s %8s %7s %10s %9s %7s\n' round row "req/s" "p50 ms" "p99 ms" errors "srvus/req" "rcmd/req" "other%"
  printf '%0.s-' $(seq 1 84); echo
  for r in "${RESULTS[@]}"; do
    read -r round row rps p50 p99 e us rc o <<<"$r"
    printf '%-5s %-12s %9.0f %8.2f %8.2f %7d %10.1f %9.5f %6.0f%%\n' "$round" "$row" "$rps" "$(awk -v v="$p50" 'BEGIN{print v/1000}')" \
      "$(awk -v v="$p99" 'BEGIN{print v/1000}')" "$e" "$us" "$rc" "$o"
  done
  echo
  echo "ratios per round, then the median [min - max] over the rounds:"
  printf '%s\n' "${RESULTS[@]}" | median_ratios auth/plain validate/plain auth/validate nginx-auth/nginx-plain
  echo
  cat <<'EOF'
columns: req/s, p50, p99 from wrk over the measured window; errors = socket errors + statuses >= 400 (must be 0);
  srvus/req = CPU microseconds per request of the processes serving that row (plain: kestrel-plain; auth, validate:
  the product; nginx-plain: nginx + kestrel-plain; nginx-auth: nginx + kestrel-plain + the product); rcmd/req = Redis
  commands per request (cluster-1x1 only; Orleans' own membership traffic included); other% = CPU of processes this
  script did not start (other engineers' builds on this shared box), 100% = one core.
CAVEAT: 2 cores shared by wrk, nginx, kestrel-plain and the product, and with other work on the machine: absolute numbers
  are this box's; the ratios of interleaved rows are the result, with their spread over the rounds.
EOF
  echo "raw output: bench/.run/forward-auth-$STAMP/"
} >"$FILE"
cat "$FILE"
log "results written to ${FILE#"$ROOT"/}"
