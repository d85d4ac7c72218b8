#!/usr/bin/env bash
# Where a request's CPU time goes: Ficus (its defaults, legacy mode) beside the plain Spring Cloud Gateway
# application (bench/scg-plain), both in front of one nginx on loopback, one after the other:
#   - CPU per request: the process's own CPU time (user + system, from /proc) around a wrk run;
#   - a CPU profile (async-profiler 4.1 from Maven Central, `ctimer` every 1 ms) over a second wrk run,
#     each sample charged to the first frame that is not the JDK's counting from the top of the stack, and
#     summed by library, in samples per 1,000 requests.
#   - when `perf` can count kernel events here (root, or perf_event_paranoid <= 1), the system calls
#     and context switches per request over a third wrk run, by kind: the profile above sees a system
#     call only as the Java frame that made it.
# The collapsed stacks stay in bench/profile-out/ (open them in any flame graph tool).
# Usage: bench/profile.sh [ficus args...]   (DURATION=20s WARMUP=40s CONNECTIONS=32 to change it)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-40s}
CONNECTIONS=${CONNECTIONS:-32}

. bench/lib.sh
need nginx nginx-light
need wrk wrk
need jcmd openjdk-17-jdk-headless
need python3 python3

ports_free 19080 19100 19102
./mvnw -q -B -DskipTests -pl gateway -am package
./mvnw -q -B -DskipTests -f bench/scg-plain/pom.xml package
WORK=$(mktemp -d)
OUT=bench/profile-out
mkdir -p "$OUT"
./mvnw -q -B dependency:copy -Dartifact=tools.profiler:async-profiler:4.1:jar:linux-x64 \
  -DoutputDirectory="$WORK" -Dmdep.stripVersion=true
(cd "$WORK" && unzip -q -o async-profiler-linux-x64.jar 'linux-x64/*')
AGENT=$WORK/linux-x64/libasyncProfiler.so
PIDS=()
cleanup() {
  stop_all "${PIDS[@]}"
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/www/api"
chmod 755 "$WORK" "$WORK/www" "$WORK/www/api"
vehicle_doc "$WORK/www/api/vehicle"
chmod 644 "$WORK/www/api/vehicle"
cat > "$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:19080; root $WORK/www; default_type application/json; } }
NGINX
nginx -c "$WORK/nginx.conf"

ready() { # name url
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "$2" && return
    sleep 0.5
  done
  echo "bench/profile.sh: $1 did not start; its log:" >&2
  cat "$WORK/$1.log" >&2
  exit 1
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
profile() { # name port: warm up, measure CPU per request, then profile
  local name=$1 port=$2 pid=${PIDS[-1]} url="http://127.0.0.1:$2/api/vehicle"
  ready "$name" "$url"
  wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
  local t0 t1 out
  t0=$(cpu_ticks "$pid")
  out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "$url")
  t1=$(cpu_ticks "$pid")
  python3 -c "import sys; t, r, hz, rps = map(float, sys.argv[1:]); \
print(f'$name: {rps:,.0f} req/s, {t / hz * 1e6 / r:.0f} µs of CPU per request')" \
    "$((t1 - t0))" "$(awk '/requests in/ {print $1}' <<<"$out")" "$(getconf CLK_TCK)" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  jcmd "$pid" JVMTI.agent_load "$AGENT" '"start,event=ctimer,interval=1ms"' >/dev/null
  out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "$url")
  jcmd "$pid" JVMTI.agent_load "$AGENT" "\"stop,file=$PWD/$OUT/$name.collapsed,collapsed\"" >/dev/null
  awk '/requests in/ {print $1}' <<<"$out" >"$OUT/$name.requests"
  if [ -n "$PERF" ]; then
    perf stat -x, -o "$OUT/$name.perf" -e "$PERF" -p "$pid" -- sleep "${DURATION%s}" &
    local perf_pid=$!
    out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "$url")
    wait "$perf_pid"
    awk '/requests in/ {print $1}' <<<"$out" >"$OUT/$name.perf-requests"
  fi
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

# Kernel events counted by perf, when it may count them for another process.
PERF=
SYSCALLS="sendto recvfrom writev readv write read epoll_pwait epoll_pwait2 epoll_wait epoll_ctl futex timerfd_settime sched_yield"
if command -v perf >/dev/null 2>&1 && perf stat -e raw_syscalls:sys_enter -- true >/dev/null 2>&1; then
  PERF="task-clock,context-switches,cpu-migrations,raw_syscalls:sys_enter"
  for call in $SYSCALLS; do
    perf stat -e "syscalls:sys_enter_$call" -- true >/dev/null 2>&1 && PERF="$PERF,syscalls:sys_enter_$call"
  done
else
  echo "perf cannot count kernel events here (linux-perf, as root): no system-call counts" >&2
fi

java -Xmx256m -jar bench/scg-plain/target/scg-plain.jar --server.port=19102 >"$WORK/scg-plain.log" 2>&1 &
PIDS+=("$!")
profile scg-plain 19102
java -Xmx256m -jar gateway/target/ficus-gateway.jar --server.port=19100 \
  --ficus.legacy.uri=http://127.0.0.1:19080 --ficus.evidence.dir="$WORK/evidence" \
  --logging.level.root=warn --ficus.routes[0].id=api --ficus.routes[0].paths[0]=/api/** \
  "$@" >"$WORK/ficus.log" 2>&1 &
PIDS+=("$!")
profile ficus 19100

python3 bench/profile_libraries.py "$OUT/scg-plain" "$OUT/ficus"
if [ -n "$PERF" ]; then
  echo
  echo "== kernel events per request (perf stat over a ${DURATION} wrk run)"
  python3 - "$OUT/scg-plain" "$OUT/ficus" <<'PY'
import sys
def load(base):
    requests = int(open(base + ".perf-requests").read().strip())
    events = {}
    for line in open(base + ".perf"):
        parts = line.strip().split(",")
        if len(parts) < 3 or not parts[0].replace(".", "").isdigit():
            continue
        events[parts[2].replace("syscalls:sys_enter_", "").replace("raw_syscalls:sys_enter", "all system calls")] = float(parts[0])
    return requests, events
(plain_n, plain), (ficus_n, ficus) = load(sys.argv[1]), load(sys.argv[2])
print("| per request | scg-plain | ficus |")
print("|---|---:|---:|")
for name in plain:
    a, b = plain[name] / plain_n, ficus.get(name, 0.0) / ficus_n
    if name == "task-clock":
        print("| CPU (task-clock) | %.0f µs | %.0f µs |" % (a * 1000, b * 1000))
    elif a >= 0.005 or b >= 0.005:
        print("| %s | %.2f | %.2f |" % (name, a, b))
PY
fi
