#!/usr/bin/env bash
# A real SessionCluster on loopback: redis-server (AOF on), N silos and M API nodes, all joined through Redis.
#   deploy/local/cluster.sh up       build (Release) and start everything; prints the API addresses
#   deploy/local/cluster.sh down     stop exactly what 'up' started (by the pids it recorded)
#   deploy/local/cluster.sh status   what is running, and whether each API node is ready
# Settings (environment): SILOS (default 3), APIS (default 2), REDIS_PORT (6390), API_PORT (5080, then +1 per node),
# SILO_PORT (11111, +1 per silo), GATEWAY_PORT (30000, +1 per silo), SILO_HTTP_PORT (8180, +1 per silo: /healthz, /readyz),
# SC_DIR (state, logs, pids: .local/cluster). The silos' at-rest key is made once and kept in $SC_DIR/encryption.key
# (Redis keeps its data across down/up, and the data is sealed with that key); ENCRYPTION_KEY overrides it.
# REDIS_MODE=single (default): one redis-server on REDIS_PORT, AOF on.
# REDIS_MODE=sentinel: a primary and one replica (REDIS_PORT and REDIS_REPLICA_PORT, default REDIS_PORT+1, AOF on both)
#   watched by three redis-sentinel processes (SENTINEL_PORT, default 26390, +1, +2; quorum 2, a node is down after
#   2 s); silos and API nodes connect through the Sentinels (service "sessioncluster") and the silos acknowledge a
#   write only once the replica has it (REPLICAS_TO_ACK, default 1). Try a failover: kill -9 the primary's pid (see
#   'status'), then start it again with 'up' after 'down'. 'down' remembers which node was primary, so the next 'up'
#   starts that one as primary and the other as its replica (no acknowledged write goes back in time).
# TLS=1: silos and API nodes talk mutual TLS (SessionCluster:Tls), with a CA and member certificate made once by
# deploy/k8s/cluster-tls.sh in $SC_DIR/tls (needs openssl).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
SILOS=${SILOS:-3}
APIS=${APIS:-2}
REDIS_PORT=${REDIS_PORT:-6390}
API_PORT=${API_PORT:-5080}
SILO_PORT=${SILO_PORT:-11111}
GATEWAY_PORT=${GATEWAY_PORT:-30000}
SILO_HTTP_PORT=${SILO_HTTP_PORT:-8180}
SC_DIR=${SC_DIR:-$root/.local/cluster}
REDIS_MODE=${REDIS_MODE:-single}
REDIS_REPLICA_PORT=${REDIS_REPLICA_PORT:-$((REDIS_PORT + 1))}
SENTINEL_PORT=${SENTINEL_PORT:-26390}
REPLICAS_TO_ACK=${REPLICAS_TO_ACK:-1}
SENTINEL_SERVICE=sessioncluster
pids="$SC_DIR/pids"

redis_connection() {
  if [ "$REDIS_MODE" = sentinel ]; then
    echo "127.0.0.1:$SENTINEL_PORT,127.0.0.1:$((SENTINEL_PORT + 1)),127.0.0.1:$((SENTINEL_PORT + 2)),serviceName=$SENTINEL_SERVICE"
  else
    echo "127.0.0.1:$REDIS_PORT"
  fi
}

# Sentinel mode: a primary, its replica, three Sentinels. The node that was primary at the last 'down' stays primary.
start_sentinel_redis() {
  command -v redis-sentinel >/dev/null || { echo "redis-sentinel is missing: apt-get install -y redis-sentinel" >&2; exit 1; }
  local primary=$REDIS_PORT replica=$REDIS_REPLICA_PORT
  if [ "$(cat "$SC_DIR/redis-primary-port" 2>/dev/null)" = "$REDIS_REPLICA_PORT" ]; then primary=$REDIS_REPLICA_PORT; replica=$REDIS_PORT; fi
  mkdir -p "$SC_DIR/redis-$REDIS_PORT" "$SC_DIR/redis-$REDIS_REPLICA_PORT"
  local node_args=(--bind 127.0.0.1 --appendonly yes --save "" --repl-diskless-sync yes --repl-diskless-sync-delay 0)
  start "redis-$primary" redis-server --port "$primary" --dir "$SC_DIR/redis-$primary" "${node_args[@]}"
  wait_for "redis primary" "redis-cli -p $primary ping"
  start "redis-$replica" redis-server --port "$replica" --dir "$SC_DIR/redis-$replica" "${node_args[@]}" --replicaof 127.0.0.1 "$primary"
  wait_for "redis replica in sync" "redis-cli -p $replica info replication | grep -q master_link_status:up"
  for i in 0 1 2; do
    local port=$((SENTINEL_PORT + i)) dir="$SC_DIR/sentinel-$i"
    mkdir -p "$dir"
    # Written afresh on each 'up' (Sentinel rewrites it as it learns): it monitors whichever node is primary now.
    printf '%s\n' "port $port" "bind 127.0.0.1" "daemonize no" "dir $dir" \
      "sentinel monitor $SENTINEL_SERVICE 127.0.0.1 $primary 2" \
      "sentinel down-after-milliseconds $SENTINEL_SERVICE 2000" \
      "sentinel failover-timeout $SENTINEL_SERVICE 10000" >"$dir/sentinel.conf"
    start "sentinel-$((i + 1))" redis-sentinel "$dir/sentinel.conf"
  done
  for i in 0 1 2; do
    wait_for "sentinel-$((i + 1)) quorum" "redis-cli -p $((SENTINEL_PORT + i)) sentinel ckquorum $SENTINEL_SERVICE | grep -q ^OK"
  done
}

common_env() {
  export ConnectionStrings__redis="$(redis_connection)"
  export Orleans__ClusterId=sessioncluster Orleans__ServiceId=sessioncluster
  export Orleans__Endpoints__AdvertisedIPAddress=127.0.0.1
  # The local cluster serves the dev tenant like embedded mode does; add tenants the same way.
  export SessionCluster__Tenants__dev__ApiKeys__0="${DEV_API_KEY:-dev-key}"
  if [ "${TLS:-0}" = 1 ]; then
    [ -s "$SC_DIR/tls/tls.crt" ] || "$root/deploy/k8s/cluster-tls.sh" "$SC_DIR/tls" >/dev/null
    export SessionCluster__Tls__Enabled=true SessionCluster__Tls__CaPath="$SC_DIR/tls/ca.crt" \
           SessionCluster__Tls__CertificatePath="$SC_DIR/tls/tls.crt" SessionCluster__Tls__KeyPath="$SC_DIR/tls/tls.key"
  fi
}

start() { # name, command... (run from the directory of the last .dll argument, so the app finds its appsettings)
  local name=$1; shift
  local dir=.
  for arg in "$@"; do case "$arg" in *.dll) dir=$(dirname "$arg") ;; esac; done
  (cd "$dir" && exec nohup "$@" >"$SC_DIR/logs/$name.log" 2>&1) &
  echo "$! $name" >>"$pids"
  echo "started $name (pid $!)"
}

wait_for() { # description, command
  for _ in $(seq 1 120); do
    if eval "$2" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "timed out waiting for $1" >&2
  return 1
}

up() {
  if [ -s "$pids" ]; then echo "already up (see: $0 status)"; exit 1; fi
  command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install -y redis-server" >&2; exit 1; }
  mkdir -p "$SC_DIR/logs" "$SC_DIR/redis"
  dotnet build "$root/src/Api" -c Release -v quiet -nologo
  dotnet build "$root/src/Silo" -c Release -v quiet -nologo
  if [ "$REDIS_MODE" = sentinel ]; then
    start_sentinel_redis
    export SessionCluster__Storage__ReplicasToAck="$REPLICAS_TO_ACK"
  else
    start redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --appendonly yes --save "" --dir "$SC_DIR/redis"
    wait_for "redis" "redis-cli -p $REDIS_PORT ping"
  fi
  common_env
  if [ ! -s "$SC_DIR/encryption.key" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 >"$SC_DIR/encryption.key")
  fi
  for i in $(seq 0 $((SILOS - 1))); do
    SessionCluster__Encryption__Keys__local="${ENCRYPTION_KEY:-$(cat "$SC_DIR/encryption.key")}" \
    Orleans__Endpoints__SiloPort=$((SILO_PORT + i)) Orleans__Endpoints__GatewayPort=$((GATEWAY_PORT + i)) \
      ASPNETCORE_URLS="http://127.0.0.1:$((SILO_HTTP_PORT + i))" \
      start "silo-$((i + 1))" dotnet "$root/src/Silo/bin/Release/net10.0/SessionCluster.Silo.dll"
  done
  for i in $(seq 0 $((SILOS - 1))); do
    wait_for "silo-$((i + 1))" "curl -fs http://127.0.0.1:$((SILO_HTTP_PORT + i))/readyz"
  done
  for i in $(seq 0 $((APIS - 1))); do
    start "api-$((i + 1))" dotnet "$root/src/Api/bin/Release/net10.0/SessionCluster.Api.dll" --urls "http://127.0.0.1:$((API_PORT + i))"
  done
  for i in $(seq 0 $((APIS - 1))); do
    wait_for "api-$((i + 1))" "curl -fs http://127.0.0.1:$((API_PORT + i))/readyz"
    echo "api-$((i + 1)) ready: http://127.0.0.1:$((API_PORT + i))"
  done
}

down() {
  [ -f "$pids" ] || { echo "nothing recorded as running"; return 0; }
  # Sentinel mode: remember which node is primary now (a failover may have moved it), for the next 'up'.
  if [ "$REDIS_MODE" = sentinel ]; then
    current=$(redis-cli -p "$SENTINEL_PORT" sentinel get-master-addr-by-name "$SENTINEL_SERVICE" 2>/dev/null | sed -n 2p || true)
    if [ -n "$current" ]; then echo "$current" >"$SC_DIR/redis-primary-port"; fi
  fi
  # APIs and silos first (SIGTERM: graceful; a silo leaving writes its membership row, so Redis must still be up),
  # then Sentinels and Redis.
  stop_matching() { # pattern of names to stop now
    tac "$pids" | while read -r pid name; do
      if [[ $name =~ $1 ]] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" && echo "stopping $name (pid $pid)"; fi
    done
    for _ in $(seq 1 60); do
      alive=0
      while read -r pid name; do [[ $name =~ $1 ]] && kill -0 "$pid" 2>/dev/null && alive=1; done <"$pids"
      [ $alive -eq 0 ] && break
      sleep 0.5
    done
  }
  stop_matching '^(api|silo)-'
  stop_matching '.'
  rm -f "$pids"
}

status() {
  [ -f "$pids" ] || { echo "down"; return 0; }
  while read -r pid name; do
    if kill -0 "$pid" 2>/dev/null; then state=running; else state=exited; fi
    echo "$name pid $pid $state"
  done <"$pids"
  if [ "$REDIS_MODE" = sentinel ]; then
    echo "redis primary (per Sentinel): 127.0.0.1:$(redis-cli -p "$SENTINEL_PORT" sentinel get-master-addr-by-name "$SENTINEL_SERVICE" 2>/dev/null | sed -n 2p)"
  fi
  for i in $(seq 0 $((SILOS - 1))); do
    if curl -fs "http://127.0.0.1:$((SILO_HTTP_PORT + i))/readyz" >/dev/null; then r=ready; else r="not ready"; fi
    echo "silo-$((i + 1)) http://127.0.0.1:$((SILO_HTTP_PORT + i)) $r"
  done
  for i in $(seq 0 $((APIS - 1))); do
    if curl -fs "http://127.0.0.1:$((API_PORT + i))/readyz" >/dev/null; then r=ready; else r="not ready"; fi
    echo "api-$((i + 1)) http://127.0.0.1:$((API_PORT + i)) $r"
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
