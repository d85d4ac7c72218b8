#!/usr/bin/env bash
# Throughput and latency of Ficus beside its peers, in one run, all on loopback:
#   nginx static (the backend itself), nginx reverse proxy, nginx `mirror` (a shadow copy, no comparison),
#   a plain Spring Cloud Gateway route, Ficus in legacy mode, and Ficus in shadow mode (two upstream calls
#   and a full comparison per request).
# Each is driven by wrk (after a warm-up) and reported with ratios; the JVMs run with a 256 MB heap cap and
# their heap in use is read after the load.
# Usage: bench/gateway.sh            (DURATION=15s WARMUP=10s CONNECTIONS=32 THREADS=1 to change the load)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
HEAP=${HEAP:-256m}

. bench/lib.sh
need nginx nginx-light
need wrk wrk
need jcmd openjdk-17-jdk-headless

ports_free 19080 19081 19090 19091 19100 19101 19102
./mvnw -q -B -DskipTests -pl gateway -am package
JAR=gateway/target/ficus-gateway.jar
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The answer every backend gives: a 752-byte JSON document.
mkdir -p "$WORK/www/api"
chmod 755 "$WORK" "$WORK/www" "$WORK/www/api"
vehicle_doc "$WORK/www/api/vehicle"

chmod 644 "$WORK/www/api/vehicle"
cat > "$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  upstream legacy { server 127.0.0.1:19080; keepalive 64; }
  upstream fresh { server 127.0.0.1:19081; keepalive 64; }
  server { listen 127.0.0.1:19080; root $WORK/www; default_type application/json; }
  server { listen 127.0.0.1:19081; root $WORK/www; default_type application/json; }
  server {
    listen 127.0.0.1:19090;
    location / { proxy_pass http://legacy; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
  server {
    listen 127.0.0.1:19091;
    location / {
      mirror /mirror;
      proxy_pass http://legacy; proxy_http_version 1.1; proxy_set_header Connection "";
    }
    location = /mirror {
      internal;
      proxy_pass http://fresh\$request_uri; proxy_http_version 1.1; proxy_set_header Connection "";
    }
  }
}
NGINX
nginx -c "$WORK/nginx.conf"

start_jvm() { # name port args...: starts one gateway JVM and waits until it answers
  local name=$1 port=$2
  shift 2
  java -Xmx"$HEAP" -jar "$JAR" --server.port="$port" --ficus.legacy.uri=http://127.0.0.1:19080 \
    --logging.level.root=warn ${FICUS_BENCH_ARGS:-} "$@" >"$WORK/$name.log" 2>&1 &
  JVM=$!
  PIDS+=("$JVM")
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/api/vehicle" && return
    sleep 0.5
  done
  echo "bench/gateway.sh: $name did not start; its log:" >&2
  cat "$WORK/$name.log" >&2
  exit 1
}
heap() { jcmd "$1" GC.heap_info 2>/dev/null | awk '/total/ && /used/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}'; }

declare -A RPS P50 P99 HEAPS
run() { # name url
  local name=$1 url=$2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
  RPS[$name]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  P50[$name]=$(awk '$1=="50%" {print $2}' <<<"$out")
  P99[$name]=$(awk '$1=="99%" {print $2}' <<<"$out")
  local bad
  bad=$(awk '/Non-2xx|Socket errors/' <<<"$out")
  [ -n "$bad" ] && echo "  $name: $bad" >&2
  printf '%-26s %10s req/s   p50 %8s   p99 %8s\n' "$name" "${RPS[$name]}" "${P50[$name]}" "${P99[$name]}"
}
run_jvm() { # name port args...: one JVM alone on the machine for its run
  local name=$1 port=$2
  start_jvm "$@"
  run "$name" "http://127.0.0.1:$port/api/vehicle"
  HEAPS[$name]=$(heap "$JVM")
  if [ "$name" = ficus-shadow ]; then
    SHADOW_REPORT=$(curl -fs -H 'Authorization: Bearer bench' "http://127.0.0.1:$port/ficus/routes")
  fi
  kill "$JVM"
  wait "$JVM" 2>/dev/null || true
}

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (after $WARMUP warm-up), one 752-byte JSON, loopback, $(nproc) cores"
run nginx-static http://127.0.0.1:19080/api/vehicle
run nginx-proxy http://127.0.0.1:19090/api/vehicle
run nginx-mirror http://127.0.0.1:19091/api/vehicle
run_jvm scg-plain 19102 \
  '--spring.cloud.gateway.server.webflux.routes[0].id=plain' \
  '--spring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:19080' \
  '--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/**' \
  '--spring.cloud.gateway.server.webflux.routes[0].order=-1'
run_jvm ficus-legacy 19100 '--ficus.routes[0].id=api' '--ficus.routes[0].paths[0]=/api/**' \
  '--ficus.routes[0].mode=legacy'
run_jvm ficus-shadow 19101 '--ficus.routes[0].id=api' '--ficus.routes[0].paths[0]=/api/**' \
  '--ficus.routes[0].mode=shadow' '--ficus.routes[0].new-uri=http://127.0.0.1:19081' \
  '--ficus.routes[0].shadow.max-in-flight=512' '--ficus.admin.token=bench'

echo
echo "heap in use after the load (cap $HEAP): scg-plain ${HEAPS[scg-plain]}, ficus-legacy ${HEAPS[ficus-legacy]}, ficus-shadow ${HEAPS[ficus-shadow]}"
python3 - "$SHADOW_REPORT" <<'PY'
import json, sys
route = json.loads(sys.argv[1])["routes"][0]
c, d = route["comparisons"], route["decisions"]
served = d["legacy"] + d["new"]
print(f"ficus-shadow compared {c['match'] + c['mismatch']} of {served} requests "
      f"(match {c['match']}, mismatch {c['mismatch']}, skipped {route['skipped']})")
PY
ratio() { python3 -c "print(f'{float($1)/float($2):.2f}x')"; }
echo
echo "ficus-legacy / scg-plain:    $(ratio "${RPS[ficus-legacy]}" "${RPS[scg-plain]}")   (target >= 0.90x)"
echo "ficus-shadow / nginx-mirror: $(ratio "${RPS[ficus-shadow]}" "${RPS[nginx-mirror]}")   (target >= 1.00x)"
