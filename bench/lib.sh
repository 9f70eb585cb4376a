# Shared by run.sh, profile.sh and scale.sh (sourced, not run). Everything here is loopback only, and
# every process started through start_bg is stopped by its pid on exit (trap), newest first.
#
# The product's settings for every benchmark are in ONE place: product_env below (plus EXTRA_ENV).

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"

# ------------------------------------------------------------------ settings shared by the scripts
SKIP_BUILD="${SKIP_BUILD:-0}"         # 1 = use the existing build under .run/build
PRODUCT_REF="${PRODUCT_REF:-}"        # empty: build the product from the work tree; a git ref (HEAD, a sha): from that commit
TENANT="${TENANT:-bench}"
API_KEY="${API_KEY:-bench-key}"
RATE_LIMIT="${RATE_LIMIT:-100000000}" # per minute, per API key + address: creates, refreshes, failed validations
CLIENT_IP="${CLIENT_IP:-127.0.0.1}"   # the client every session is created and validated with (no risk flags)
CLIENT_UA="${CLIENT_UA:-bench/1.0}"
EXTRA_ENV="${EXTRA_ENV:-}"            # more product settings for every process, "Name__Sub=value Other=value" (no spaces in values)
API_EXTRA_ENV="${API_EXTRA_ENV:-}"    # ... for API nodes only (and embedded mode)
SILO_EXTRA_ENV="${SILO_EXTRA_ENV:-}"  # ... for silos only (and embedded mode)
# Session data at rest is sealed with AES-GCM; cluster mode refuses to start without a key (the same on every
# silo). One random key per script run unless given.
ENCRYPTION_KEY="${ENCRYPTION_KEY:-$(head -c 32 /dev/urandom | base64)}"
REDIS_PORT="${REDIS_PORT:-16390}"
PORT_EMBEDDED="${PORT_EMBEDDED:-15110}"   # embedded-mode API
API_PORT="${API_PORT:-15111}"             # cluster API nodes: 15111, 15112, ...
SILO_HTTP_PORT="${SILO_HTTP_PORT:-15121}" # silo probes: 15121, 15122, ...
SILO_PORT="${SILO_PORT:-11211}"           # silo-to-silo: 11211, ...; embedded mode's co-hosted silo: SILO_PORT - 1
GATEWAY_PORT="${GATEWAY_PORT:-30211}"     # client gateways: 30211, ...; embedded: GATEWAY_PORT - 1
IDLE_MAX="${IDLE_MAX:-10}"           # before each row: wait until the box is at most this busy (200 = both cores) ...
IDLE_WAIT="${IDLE_WAIT:-20}"         # ... for at most this many seconds, then go on and note it
OTHER_WARN="${OTHER_WARN:-10}"       # a window is "disturbed" when processes not started here used more than this CPU %
RETRIES="${RETRIES:-1}"              # re-measure a disturbed window this many times (then keep the last, flagged)

BUILD_DIR="$BENCH/.run/build"
CLK_TCK="$(getconf CLK_TCK)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The product's configuration for benchmark runs, in one place. Sets PRODUCT_ENV (every process), API_ENV (API
# nodes) and SILO_ENV (silos); embedded mode (an API co-hosting a silo) gets all three.
product_env() {
  PRODUCT_ENV=(
    ASPNETCORE_ENVIRONMENT=Production
    Logging__LogLevel__Default=Warning
    "SessionCluster__Tenants__${TENANT}__ApiKeys__0=$API_KEY"
    Orleans__Endpoints__AdvertisedIPAddress=127.0.0.1
  )
  API_ENV=(
    SessionCluster__RateLimits__CreatesPerMinute="$RATE_LIMIT"
    SessionCluster__RateLimits__RefreshesPerMinute="$RATE_LIMIT"
    SessionCluster__RateLimits__FailedValidationsPerMinute="$RATE_LIMIT"
  )
  SILO_ENV=(
    # at-rest key of session data and secrets: silos only (API nodes of a cluster never hold it)
    SessionCluster__Encryption__Keys__bench="$ENCRYPTION_KEY"
  )
  local kv
  for kv in $EXTRA_ENV; do PRODUCT_ENV+=("$kv"); done
  for kv in $API_EXTRA_ENV; do API_ENV+=("$kv"); done
  for kv in $SILO_EXTRA_ENV; do SILO_ENV+=("$kv"); done
}

# ------------------------------------------------------------------ process bookkeeping
STARTED_PIDS=()
stop_pid() { # pid [grace seconds, default 10]; sets STOP_KILLED=1 when it had to SIGKILL
  local pid="$1" grace="${2:-10}" i
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 $((grace * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  STOP_KILLED=0
  if kill -0 "$pid" 2>/dev/null; then log "pid $pid ignored SIGTERM for ${grace}s, sending SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; STOP_KILLED=1; fi
  wait "$pid" 2>/dev/null || true
}
forget_pid() {
  local keep=() p
  for p in "${STARTED_PIDS[@]:-}"; do [[ -n "$p" && "$p" != "$1" ]] && keep+=("$p"); done
  STARTED_PIDS=("${keep[@]:-}")
}
cleanup() {
  local i pid
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
    pid="${STARTED_PIDS[$i]}"
    [[ -n "$pid" ]] && stop_pid "$pid"
  done
  STARTED_PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_bg NAME DIR [VAR=value ...] -- COMMAND ...: runs COMMAND in DIR with the variables, output to $RUN_DIR/NAME.log.
# Sets BG_PID (the pid of COMMAND itself: the subshell execs it).
start_bg() {
  local name="$1" dir="$2"; shift 2
  local vars=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do vars+=("$1"); shift; done
  shift
  (cd "$dir" && exec env "${vars[@]}" "$@") >"$RUN_DIR/$name.log" 2>&1 &
  BG_PID=$!
  STARTED_PIDS+=("$BG_PID")
}

port_free() { ! ss -Hltn "sport = :$1" | grep -q .; }
wait_http() { # url timeout_s pid
  local url="$1" t="$2" pid="$3" i
  for i in $(seq 1 $((t * 10))); do
    kill -0 "$pid" 2>/dev/null || return 1
    if curl -fs -o /dev/null -m 1 "$url"; then return 0; fi
    sleep 0.1
  done
  return 1
}
rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# ------------------------------------------------------------------ CPU accounting (from shared/bench-peers/run-peers.sh)
box_ticks() { awk '/^cpu /{busy=$2+$3+$4+$7+$8+$9; print busy, busy+$5+$6, $7+$8}' /proc/stat; } # "busy total irq+softirq"
procs_snapshot() { # "pid utime+stime comm" of every process
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '{pid=$1; c=$0; sub(/^[^(]*\(/,"",c); sub(/\) [A-Za-z] .*$/,"",c); gsub(/[^A-Za-z0-9._-]/,"_",c);
    sub(/^.*\) /,""); print pid, $12+$13, c}' >"$1"; }
times_s() { awk 'NR==2{for(i=1;i<=2;i++){split($i,a,"m"); sub("s","",a[2]); s+=a[1]*60+a[2]} print s}' "$1"; } # children CPU s from a `times` dump
# Measurement window: CPU of the server processes (all of them summed), redis, the load generator (a
# foreground child of this shell: the `times` builtin) and every other process on the box.
win_begin() {
  procs_snapshot "$RUN_DIR/.procs0"; read -r WB0 WT0 WS0 < <(box_ticks)
  WNS0=$(date +%s%N); times >"$RUN_DIR/.times0"
}
win_end() { # "server pids" (space separated, or 0) ["client pids" still running] -> W_SECS W_SRV W_RED W_CLI W_SIRQ W_OTHER
           # (percent, 100 = one core), W_SRV_TICKS W_RED_TICKS W_OTHER_TOP
  times >"$RUN_DIR/.times1"; local ns1; ns1=$(date +%s%N)
  local b1 t1 s1; read -r b1 t1 s1 < <(box_ticks); procs_snapshot "$RUN_DIR/.procs1"
  local cli_s
  cli_s=$(awk -v a="$(times_s "$RUN_DIR/.times0")" -v b="$(times_s "$RUN_DIR/.times1")" 'BEGIN{print b-a}')
  read -r W_SECS W_SRV W_RED W_CLI W_SIRQ W_OTHER W_SRV_TICKS W_RED_TICKS W_OTHER_TOP < <(awk -v srvs="$1" -v clis="${2:-}" -v red="${REDIS_PID:-0}" -v me="$$" \
      -v ns=$((ns1 - WNS0)) -v cli="$cli_s" -v sd=$((s1 - WS0)) -v td=$((t1 - WT0)) -v hz="$CLK_TCK" '
    BEGIN { n = split(srvs, sp, " "); for (k = 1; k <= n; k++) isrv[sp[k]] = 1
            n = split(clis, cp, " "); for (k = 1; k <= n; k++) icli[cp[k]] = 1 }
    NR==FNR { a[$1] = $2; next }
    { d = $2 - (($1 in a) ? a[$1] : 0)
      if ($1 in isrv) sv += d; else if ($1 in icli) cl += d; else if ($1 == red) rd = d; else if ($1 != me && d > 0) { ot += d; byc[$3] += d } }
    END { secs = ns / 1e9; top = ""
          for (k = 0; k < 3; k++) { best = ""; bv = 0; for (c in byc) if (byc[c] > bv) { bv = byc[c]; best = c }
            if (best == "") break; top = top (top == "" ? "" : ",") sprintf("%s:%.0f%%", best, 100*bv/hz/secs); delete byc[best] }
          printf "%.3f %.1f %.1f %.1f %.1f %.1f %d %d %s\n", secs, 100*sv/hz/secs, 100*rd/hz/secs, 100*(cli + cl/hz)/secs,
                 (td ? 200*sd/td : 0), 100*ot/hz/secs, sv, rd, (top == "" ? "-" : top) }' "$RUN_DIR/.procs0" "$RUN_DIR/.procs1")
}
wait_idle() { # label ; sets IDLE_BUSY (box busy %, 200 = both cores) and appends a note
  local label="$1" start=$SECONDS b0 t0 b1 t1
  while :; do
    read -r b0 t0 _ < <(box_ticks); sleep 2; read -r b1 t1 _ < <(box_ticks)
    IDLE_BUSY=$(( t1 > t0 ? 200 * (b1 - b0) / (t1 - t0) : 0 ))
    (( IDLE_BUSY <= IDLE_MAX || SECONDS - start >= IDLE_WAIT )) && break
  done
  if (( IDLE_BUSY > IDLE_MAX )); then
    NOTES+=("WARNING before $label: box still ${IDLE_BUSY}% busy (200% = 2 cores) after ${IDLE_WAIT}s wait - other work on the machine; numbers are skewed")
    log "WARNING: box ${IDLE_BUSY}% busy before $label (other processes); continuing"
  else
    NOTES+=("before $label: box ${IDLE_BUSY}% busy (waited $((SECONDS - start))s)")
  fi
}
disturbed() { awk -v o="$W_OTHER" -v m="$OTHER_WARN" 'BEGIN{exit !(o > m)}'; }
other_warn() { # label: after win_end
  if disturbed; then
    NOTES+=("WARNING $1: processes not started by this script used ${W_OTHER}% CPU during the window ($W_OTHER_TOP) - row disturbed")
    log "WARNING $1: other processes used ${W_OTHER}% CPU ($W_OTHER_TOP)"
  fi
}

# ------------------------------------------------------------------ redis (no persistence, like the peers' harness)
rcli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }
redis_cmdstats() { rcli INFO commandstats | tr -d '\r' | awk -F'[:,=]' '/^cmdstat_/{sub("cmdstat_","",$1); if ($1!="info") print $1, $3}'; }
redis_info() { rcli INFO "$1" | tr -d '\r' | awk -F: -v k="$2" '$1==k{print $2}'; }
start_redis() {
  port_free "$REDIS_PORT" || die "port $REDIS_PORT already in use; pick another REDIS_PORT"
  mkdir -p "$RUN_DIR/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --protected-mode yes \
    --dir "$RUN_DIR/redis" --logfile "$RUN_DIR/redis.log" --daemonize no &
  REDIS_PID=$!
  STARTED_PIDS+=("$REDIS_PID")
  local i
  for i in $(seq 1 50); do rcli PING >/dev/null 2>&1 && break; sleep 0.1; done
  rcli PING >/dev/null 2>&1 || die "redis did not start, see $RUN_DIR/redis.log"
  log "redis-server pid $REDIS_PID on 127.0.0.1:$REDIS_PORT"
}

# ------------------------------------------------------------------ build
# The product is published (Release) into .run/build/{api,silo}; intermediate files go to .run/artifacts,
# so nothing is written under src/ (another build of the work tree may be running).
product_src() { # -> PRODUCT_SRC_DIR, PRODUCT_DESC
  if [[ -z "$PRODUCT_REF" ]]; then
    PRODUCT_SRC_DIR="$ROOT"
    PRODUCT_DESC="work tree at $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted changes in src/')"
  else
    local sha; sha=$(git -C "$ROOT" rev-parse --short "$PRODUCT_REF^{commit}") || die "PRODUCT_REF=$PRODUCT_REF is not a commit"
    PRODUCT_SRC_DIR="$BENCH/.run/src/$sha"
    PRODUCT_DESC="commit $sha ($PRODUCT_REF)"
    if [[ ! -d "$PRODUCT_SRC_DIR/src" ]]; then
      mkdir -p "$PRODUCT_SRC_DIR"
      # src/Api embeds the committed build of the browser package (clients/browser/dist).
      git -C "$ROOT" archive "$sha" global.json Directory.Build.props Directory.Packages.props .editorconfig src clients/browser/dist | tar -x -C "$PRODUCT_SRC_DIR"
    fi
  fi
}
build_product() {
  product_src
  [[ "$SKIP_BUILD" == "1" && -f "$BUILD_DIR/api/SessionCluster.Api.dll" && -f "$BUILD_DIR/silo/SessionCluster.Silo.dll" ]] && { log "product: using existing build in $BUILD_DIR"; return 0; }
  log "building the product (Release, $PRODUCT_DESC) ..."
  local p
  for p in Api Silo; do
    local out="$BUILD_DIR/${p,,}"
    rm -rf "$out"
    dotnet publish "$PRODUCT_SRC_DIR/src/$p/SessionCluster.$p.csproj" -c Release -o "$out" -p:UseAppHost=false \
      --artifacts-path "$BENCH/.run/artifacts/${PRODUCT_REF:-worktree}" --nologo -v q --disable-build-servers \
      >"$RUN_DIR/build-$p.log" 2>&1 || die "building src/$p failed, see $RUN_DIR/build-$p.log (PRODUCT_REF=HEAD builds the last commit instead of the work tree)"
  done
  echo "$PRODUCT_DESC" >"$BUILD_DIR/PRODUCT"
}
# bench_project DIR (OrleansLoad, Micro) -> BENCH_PROJECT_DIR: the project itself, or with PRODUCT_REF a copy next to that
# commit's src/ (its ProjectReferences are ../../src/...), so it builds against the same product code.
bench_project() {
  product_src
  if [[ -z "$PRODUCT_REF" ]]; then BENCH_PROJECT_DIR="$BENCH/$1"; return 0; fi
  BENCH_PROJECT_DIR="$PRODUCT_SRC_DIR/bench/$1"
  mkdir -p "$BENCH_PROJECT_DIR"
  find "$BENCH_PROJECT_DIR" -maxdepth 1 -type f -delete   # sources of an earlier copy (bin/ and obj/ stay)
  tar -C "$BENCH/$1" --exclude=./bin --exclude=./obj --exclude=./BenchmarkDotNet.Artifacts -cf - . | tar -x -C "$BENCH_PROJECT_DIR"
}
build_orleansload() {
  [[ "$SKIP_BUILD" == "1" && -f "$BUILD_DIR/orleansload/OrleansLoad.dll" ]] && return 0
  bench_project OrleansLoad
  log "building bench/OrleansLoad (Release, against $PRODUCT_DESC) ..."
  rm -rf "$BUILD_DIR/orleansload"
  dotnet publish "$BENCH_PROJECT_DIR/OrleansLoad.csproj" -c Release -o "$BUILD_DIR/orleansload" -p:UseAppHost=false \
    --artifacts-path "$BENCH/.run/artifacts/orleansload-${PRODUCT_REF:-worktree}" --nologo -v q --disable-build-servers \
    >"$RUN_DIR/build-OrleansLoad.log" 2>&1 || die "building bench/OrleansLoad failed, see $RUN_DIR/build-OrleansLoad.log"
}

build_runtimestats() { # the startup hook profile.sh loads into the product (bench/RuntimeStats)
  [[ "$SKIP_BUILD" == "1" && -f "$BUILD_DIR/runtimestats/SessionCluster.Bench.RuntimeStats.dll" ]] && return 0
  rm -rf "$BUILD_DIR/runtimestats"
  dotnet publish "$BENCH/RuntimeStats/RuntimeStats.csproj" -c Release -o "$BUILD_DIR/runtimestats" \
    --artifacts-path "$BENCH/.run/artifacts/runtimestats" --nologo -v q --disable-build-servers \
    >"$RUN_DIR/build-RuntimeStats.log" 2>&1 || die "building bench/RuntimeStats failed, see $RUN_DIR/build-RuntimeStats.log"
}

# ------------------------------------------------------------------ the product on loopback
# start_embedded / start_cluster set: PRODUCT_PIDS (all, for CPU), API_PIDS, SILO_PIDS, API_URLS (comma list), API_ADDRS.
start_embedded() {
  product_env
  local port="$PORT_EMBEDDED"
  port_free "$port" || die "port $port in use (PORT_EMBEDDED)"
  start_bg embedded-api "$BUILD_DIR/api" "${PRODUCT_ENV[@]}" "${API_ENV[@]}" "${SILO_ENV[@]}" \
    Orleans__Endpoints__SiloPort=$((SILO_PORT - 1)) Orleans__Endpoints__GatewayPort=$((GATEWAY_PORT - 1)) \
    -- dotnet SessionCluster.Api.dll --urls "http://127.0.0.1:$port"
  API_PIDS=("$BG_PID"); SILO_PIDS=(); PRODUCT_PIDS=("$BG_PID")
  wait_http "http://127.0.0.1:$port/readyz" 90 "$BG_PID" || die "embedded API did not get ready, see $RUN_DIR/embedded-api.log"
  API_URLS="http://127.0.0.1:$port"; API_ADDRS="127.0.0.1:$port"
  log "embedded API pid $BG_PID on 127.0.0.1:$port"
}
start_silo() { # index (0-based) -> BG_PID
  local i="$1"
  product_env
  local p
  for p in $((SILO_PORT + i)) $((GATEWAY_PORT + i)) $((SILO_HTTP_PORT + i)); do port_free "$p" || die "port $p in use (SILO_PORT/GATEWAY_PORT/SILO_HTTP_PORT)"; done
  start_bg "silo-$((i + 1))" "$BUILD_DIR/silo" "${PRODUCT_ENV[@]}" "${SILO_ENV[@]}" ConnectionStrings__redis="127.0.0.1:$REDIS_PORT" \
    Orleans__Endpoints__SiloPort=$((SILO_PORT + i)) Orleans__Endpoints__GatewayPort=$((GATEWAY_PORT + i)) \
    ASPNETCORE_URLS="http://127.0.0.1:$((SILO_HTTP_PORT + i))" \
    -- dotnet SessionCluster.Silo.dll
}
wait_silo() { # index pid
  wait_http "http://127.0.0.1:$((SILO_HTTP_PORT + $1))/readyz" 90 "$2" || die "silo-$(($1 + 1)) did not get ready, see $RUN_DIR/silo-$(($1 + 1)).log"
}
start_cluster() { # silos apis
  local silos="$1" apis="$2" i
  product_env
  SILO_PIDS=(); API_PIDS=(); API_URLS=""; API_ADDRS=""
  for ((i = 0; i < silos; i++)); do start_silo "$i"; SILO_PIDS+=("$BG_PID"); done
  for ((i = 0; i < silos; i++)); do wait_silo "$i" "${SILO_PIDS[$i]}"; done
  for ((i = 0; i < apis; i++)); do
    port_free $((API_PORT + i)) || die "port $((API_PORT + i)) in use (API_PORT)"
    start_bg "api-$((i + 1))" "$BUILD_DIR/api" "${PRODUCT_ENV[@]}" "${API_ENV[@]}" ConnectionStrings__redis="127.0.0.1:$REDIS_PORT" \
      -- dotnet SessionCluster.Api.dll --urls "http://127.0.0.1:$((API_PORT + i))"
    API_PIDS+=("$BG_PID")
  done
  for ((i = 0; i < apis; i++)); do
    wait_http "http://127.0.0.1:$((API_PORT + i))/readyz" 90 "${API_PIDS[$i]}" || die "api-$((i + 1)) did not get ready, see $RUN_DIR/api-$((i + 1)).log"
    API_URLS+="${API_URLS:+,}http://127.0.0.1:$((API_PORT + i))"; API_ADDRS+="${API_ADDRS:+,}127.0.0.1:$((API_PORT + i))"
  done
  PRODUCT_PIDS=("${SILO_PIDS[@]}" "${API_PIDS[@]}")
  log "cluster: ${silos} silo(s) pid ${SILO_PIDS[*]}, ${apis} API node(s) pid ${API_PIDS[*]:-none} ($API_URLS)"
}
stop_product() { # API nodes first, then silos (SIGTERM: graceful, like deploy/local/cluster.sh down)
  local pid
  for pid in "${API_PIDS[@]:-}" "${SILO_PIDS[@]:-}"; do
    [[ -n "$pid" ]] || continue
    stop_pid "$pid" 30; forget_pid "$pid"
  done
  API_PIDS=(); SILO_PIDS=(); PRODUCT_PIDS=()
}

# seed COUNT OUTFILE [URLS]: creates sessions through the API (bench/tools/seed.js); sets SEED_OUT (its summary line).
seed() {
  local count="$1" out="$2" urls="${3:-$API_URLS}"
  SEED_OUT=$(API_KEY="$API_KEY" CLIENT_IP="$CLIENT_IP" CLIENT_UA="$CLIENT_UA" USER_PREFIX="${SEED_USER_PREFIX:-u}" \
    node "$BENCH/tools/seed.js" "$urls" "$count" "$out" "${SEED_CONC:-32}") || die "seeding failed: $SEED_OUT"
}

# median_ratios "a/b" ...: reads "round row req/s ..." lines on stdin and prints, per pair, the ratio of row a's req/s
# to row b's in each round, as the median [min - max] over the rounds and every value (the interleaved scripts' summary).
median_ratios() {
  awk -v pairs="$*" '
    { rps[$1, $2] = $3; rounds[$1] = 1 }
    function ratio(a, b, name,   r, n, v, i, j, t, s) {
      n = 0
      for (r in rounds) if ((r, a) in rps && (r, b) in rps && rps[r, b] > 0) { v[++n] = rps[r, a] / rps[r, b] }
      if (n == 0) return
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      s = ""; for (i = 1; i <= n; i++) s = s sprintf("%s%.3f", (i > 1 ? " " : ""), v[i])
      printf "  %-26s median %.3f  [%.3f - %.3f]   (sorted: %s)\n", name, (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2), v[1], v[n], s
    }
    END { n = split(pairs, p, " "); for (k = 1; k <= n; k++) { split(p[k], ab, "/"); ratio(ab[1], ab[2], ab[1] " / " ab[2]) } }'
}

machine_lines() {
  echo "machine: $(nproc) cores ($(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr), $( . /etc/os-release; echo "$PRETTY_NAME")"
  echo "versions: dotnet SDK $(dotnet --version), ASP.NET Core runtime $(ls /usr/share/dotnet/shared/Microsoft.AspNetCore.App/ 2>/dev/null | sort -V | tail -1), $(redis-server --version | awk '{print $1, $3}'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'), node $(node --version)"
}
