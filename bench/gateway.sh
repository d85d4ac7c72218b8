#!/usr/bin/env bash
# Throughput and latency of Ficus beside what a user would run instead, in one run, all on loopback:
#   scg-plain: a separate, minimal Spring Cloud Gateway application (bench/scg-plain: one route, no
#              actuator, no tracing), the peer every Ficus figure is a ratio to;
#   ficus-legacy: Ficus with its defaults (every request traced, metrics on, the evidence store on) in
#              legacy mode; ficus-legacy-nostore: the same with the evidence store off; ficus-legacy-zipkin:
#              the same with every span exported to a real Zipkin server (the tests' jar);
#   ficus-shadow: Ficus in shadow mode (two upstream calls and a full comparison per request);
#   nginx static, nginx reverse proxy, nginx `mirror` (a shadow copy, no comparison) for reference.
# Every JVM starts first (256 MB heap cap) and is warmed up; then ROUNDS rounds run each target in turn
# with wrk, and each figure is the median of its rounds. Heap in use is read after every run (the
# largest is reported), and wrk's errors and non-2xx answers are reported.
# Every JVM is warmed up for WARMUP (nginx for 5 s): after 20 s, Ficus's JIT was still compiling, and its
# CPU per request still fell from round to round (238, 174, 153 µs), so the default is 60 s.
# Usage: bench/gateway.sh      (DURATION=15s WARMUP=60s ROUNDS=3 CONNECTIONS=32 THREADS=1 to change it)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-60s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
HEAP=${HEAP:-256m}

. bench/lib.sh
need nginx nginx-light
need wrk wrk
need jcmd openjdk-17-jdk-headless

ports_free 19080 19081 19090 19091 19100 19101 19102 19103 19104 19411
./mvnw -q -B -DskipTests -pl gateway -am package
./mvnw -q -B -DskipTests -f bench/scg-plain/pom.xml package
WORK=$(mktemp -d)
./mvnw -q -B dependency:copy -Dartifact=io.zipkin:zipkin-server:3.6.1:jar:exec \
  -DoutputDirectory="$WORK" -Dmdep.stripVersion=true
JAR=gateway/target/ficus-gateway.jar
PIDS=()
cleanup() {
  stop_all "${PIDS[@]}"
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

declare -A PORT PID
start() { # name port command...: starts one JVM in the background
  local name=$1 port=$2
  shift 2
  "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
  PID[$name]=$!
  PORT[$name]=$port
}
ready() { # name url: waits until it answers
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "$2" && return
    sleep 0.5
  done
  echo "bench/gateway.sh: $1 did not start; its log:" >&2
  cat "$WORK/$1.log" >&2
  exit 1
}
ficus() { # name port args...: Ficus with its defaults, one route
  local name=$1 port=$2
  shift 2
  start "$name" "$port" java -Xmx"$HEAP" -jar "$JAR" --server.port="$port" \
    --ficus.legacy.uri=http://127.0.0.1:19080 --ficus.evidence.dir="$WORK/evidence-$name" \
    --logging.level.root=warn --ficus.routes[0].id=api --ficus.routes[0].paths[0]=/api/** \
    ${FICUS_BENCH_ARGS:-} "$@"
}

# The in-memory store keeps 50,000 spans (500,000 by default would fill its heap under this load and
# leave it collecting garbage instead of taking spans).
start zipkin 19411 java -Xmx512m -jar "$WORK/zipkin-server-exec.jar" --server.port=19411 \
  --logging.level.root=warn --zipkin.storage.mem.max-spans=50000
start scg-plain 19102 java -Xmx"$HEAP" -jar bench/scg-plain/target/scg-plain.jar --server.port=19102
ficus ficus-legacy 19100 --ficus.routes[0].mode=legacy
ficus ficus-legacy-nostore 19103 --ficus.routes[0].mode=legacy --ficus.evidence.enabled=false
ficus ficus-legacy-zipkin 19104 --ficus.routes[0].mode=legacy \
  --management.tracing.export.zipkin.endpoint=http://127.0.0.1:19411/api/v2/spans
ficus ficus-shadow 19101 --ficus.routes[0].mode=shadow \
  --ficus.routes[0].new-uri=http://127.0.0.1:19081 --ficus.routes[0].shadow.max-in-flight=512 \
  --ficus.admin.token=bench
ready zipkin http://127.0.0.1:19411/health
for name in scg-plain ficus-legacy ficus-legacy-nostore ficus-legacy-zipkin ficus-shadow; do
  ready "$name" "http://127.0.0.1:${PORT[$name]}/api/vehicle"
done

heap() { jcmd "$1" GC.heap_info 2>/dev/null | awk '/total/ && /used/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}' | tr -d K; }
declare -A RPS P50 P99 HEAPMAX ERRORS CPU REQUESTS
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TARGETS=(nginx-static nginx-proxy nginx-mirror scg-plain ficus-legacy ficus-legacy-nostore ficus-legacy-zipkin ficus-shadow)
url() {
  case $1 in
    nginx-static) echo http://127.0.0.1:19080/api/vehicle ;;
    nginx-proxy) echo http://127.0.0.1:19090/api/vehicle ;;
    nginx-mirror) echo http://127.0.0.1:19091/api/vehicle ;;
    *) echo "http://127.0.0.1:${PORT[$1]}/api/vehicle" ;;
  esac
}
ms() { # a wrk latency (850.00us, 1.20ms, 2.00s) in milliseconds
  python3 -c "import sys,re; v,u=re.match(r'([0-9.]+)(us|ms|s)', sys.argv[1]).groups(); print(float(v)*{'us':0.001,'ms':1,'s':1000}[u])" "$1"
}

echo "Warming up each JVM for $WARMUP (nginx for 5s)..."
for name in "${TARGETS[@]}"; do
  case $name in nginx-*) warm=5s ;; *) warm=$WARMUP ;; esac
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$warm" "$(url "$name")" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  echo "Round $round of $ROUNDS"
  for name in "${TARGETS[@]}"; do
    declare -A before=()
    for p in "${PIDS[@]}"; do before[$p]=$(ticks "$p" 2>/dev/null || echo 0); done
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$(url "$name")")
    # CPU time of the target's JVM over its runs, and of the Zipkin server over the exporting
    # target's runs (they share the two cores)
    REQUESTS[$name]=$(( ${REQUESTS[$name]:-0} + $(awk '/requests in/ {print $1}' <<<"$out") ))
    for who in "$name" zipkin; do
      [ -n "${PID[$who]:-}" ] || continue
      [ "$who" = zipkin ] && [ "$name" != ficus-legacy-zipkin ] && continue
      p=${PID[$who]}
      CPU[$who]=$(( ${CPU[$who]:-0} + $(ticks "$p") - ${before[$p]} ))
    done
    RPS[$name]="${RPS[$name]:-} $(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    P50[$name]="${P50[$name]:-} $(ms "$(awk '$1=="50%" {print $2}' <<<"$out")")"
    P99[$name]="${P99[$name]:-} $(ms "$(awk '$1=="99%" {print $2}' <<<"$out")")"
    bad=$(awk '/Non-2xx|Socket errors/' <<<"$out" | tr '\n' ' ')
    [ -n "$bad" ] && ERRORS[$name]="${ERRORS[$name]:-} round $round: $bad"
    if [ -n "${PID[$name]:-}" ]; then
      used=$(heap "${PID[$name]}")
      [ -n "$used" ] && [ "$used" -gt "${HEAPMAX[$name]:-0}" ] && HEAPMAX[$name]=$used
    fi
  done
done
SHADOW_REPORT=$(curl -fs -H 'Authorization: Bearer bench' "http://127.0.0.1:${PORT[ficus-shadow]}/ficus/routes")

median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" $1; }
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, medians of $ROUNDS interleaved rounds (after a $WARMUP warm-up each),"
echo "one 752-byte JSON from nginx on loopback, $(nproc) cores, JVM heap cap $HEAP; ratios to scg-plain"
echo
echo "| target | req/s | p50 ms | p99 ms | req/s ratio | p99 ratio | max heap used | CPU per request |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
base_rps=$(median "${RPS[scg-plain]}")
base_p99=$(median "${P99[scg-plain]}")
for name in "${TARGETS[@]}"; do
  rps=$(median "${RPS[$name]}")
  p50=$(median "${P50[$name]}")
  p99=$(median "${P99[$name]}")
  python3 - "$name" "$rps" "$p50" "$p99" "$base_rps" "$base_p99" "${HEAPMAX[$name]:-}" \
    "${CPU[$name]:-}" "${REQUESTS[$name]}" "$(getconf CLK_TCK)" <<'PY'
import sys
name, rps, p50, p99, brps, bp99, heap, cpu, requests, hz = sys.argv[1:]
heap = f"{int(heap) // 1024} MB" if heap else "-"
cpu = f"{float(cpu) / float(hz) * 1e6 / float(requests):.0f} µs" if cpu else "-"
print(f"| {name} | {float(rps):,.0f} | {float(p50):.2f} | {float(p99):.2f} | "
      f"{float(rps) / float(brps):.2f}x | {float(p99) / float(bp99):.2f}x | {heap} | {cpu} |")
PY
done
echo
for name in "${TARGETS[@]}"; do
  [ -n "${ERRORS[$name]:-}" ] && echo "errors of $name:${ERRORS[$name]}"
done
python3 - "$SHADOW_REPORT" <<'PY'
import json, sys
route = json.loads(sys.argv[1])["routes"][0]
c, d = route["comparisons"], route["decisions"]
served = d["legacy"] + d["new"]
print(f"ficus-shadow compared {c['match'] + c['mismatch']} of {served} requests "
      f"(match {c['match']}, mismatch {c['mismatch']}, skipped {route['skipped']})")
PY
DROPPED=$({ grep -o 'dropped [0-9]* span' "$WORK/ficus-legacy-zipkin.log" || true; } | awk '{n += $2} END {print n + 0}')
RECEIVED=$(curl -fs http://127.0.0.1:19411/metrics \
  | python3 -c "import json,sys; print(int(json.load(sys.stdin).get('counter.zipkin_collector.spans.http', 0)))" \
  || echo 0)
python3 - "${CPU[zipkin]}" "${REQUESTS[ficus-legacy-zipkin]}" "$(getconf CLK_TCK)" "$RECEIVED" "$DROPPED" <<'PY'
import sys
zipkin, requests, hz, received, dropped = map(float, sys.argv[1:])
print(f"ficus-legacy-zipkin: the Zipkin server used {zipkin / hz * 1e6 / requests:.0f} µs of CPU per request on the "
      f"same two cores; it received {received:,.0f} spans, and the exporter's queue dropped {dropped:,.0f}")
PY
ratio() { python3 -c "print(f'{float($1)/float($2):.2f}x')"; }
echo
echo "targets: ficus-legacy >= 0.90x req/s and <= 1.30x p99; ficus-shadow >= 0.50x; ficus-legacy-zipkin >= 0.75x;"
echo "         ficus-legacy-nostore within 3% of ficus-legacy (the evidence store's cost): $(ratio "$(median "${RPS[ficus-legacy]}")" "$(median "${RPS[ficus-legacy-nostore]}")")"
