#!/usr/bin/env bash
# Replay throughput beside the load generator's ceiling, in one run, on loopback:
#   wrk -t1 -c32 against a fast local backend (nginx serving one 752-byte JSON document), then
#   `ficus replay` of a capture of EXCHANGES requests against the same backend with the same
#   concurrency, in recorded mode (one call and one comparison per exchange) and in live mode (both
#   sides called: two calls and one comparison per exchange).
# Reports exchanges compared per second and the ratio to wrk's requests per second: over the whole
# run (JVM start and warm-up included), and warm (the last full 5-second interval of the replay's
# progress lines).
# Usage: bench/replay.sh            (EXCHANGES=600000 DURATION=15s CONNECTIONS=32 to change it)
#        PROFILE=1 bench/replay.sh  also profiles the recorded replay's CPU (async-profiler 4.1 from
#        Maven Central): samples by library per 1,000 exchanges, the hottest frames, and the collapsed
#        stacks in bench/profile-out/replay-recorded.collapsed. PROFILE_EVENT=wall samples wall clock by
#        thread instead of CPU. PROFILE_MODE=live profiles the live replay instead. REPLAY_JAVA_OPTS
#        adds JVM flags to the replays.
set -euo pipefail
cd "$(dirname "$0")/.."
EXCHANGES=${EXCHANGES:-600000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
HEAP=${HEAP:-512m}

. bench/lib.sh
need nginx nginx-light
need wrk wrk

ports_free 19110 19111
./mvnw -q -B -DskipTests -pl traffic-replay -am package
JAR=traffic-replay/target/ficus-replay.jar
WORK=$(mktemp -d)
PROFILER=()
if [ -n "${PROFILE:-}" ]; then
  ./mvnw -q -B dependency:copy -Dartifact=tools.profiler:async-profiler:4.1:jar:linux-x64 \
    -DoutputDirectory="$WORK" -Dmdep.stripVersion=true
  (cd "$WORK" && unzip -q -o async-profiler-linux-x64.jar 'linux-x64/*')
  mkdir -p bench/profile-out
fi
cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/www/api"
chmod 755 "$WORK" "$WORK/www" "$WORK/www/api"

# The backend's document, and a capture in which legacy answered exactly that.
vehicle_doc "$WORK/www/api/vehicle"
python3 - "$WORK/www/api/vehicle" "$WORK/capture.jsonl" "$EXCHANGES" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
with open(sys.argv[2], "w") as out:
    for i in range(int(sys.argv[3])):
        record = {"schema": "ficus.capture/1", "time": "2026-11-26T00:00:00Z", "route": "vehicles",
                  "serving": "legacy", "outcome": None,
                  "request": {"method": "GET", "path": "/api/vehicle", "query": None,
                              "headers": {"accept": ["application/json"], "x-user-id": ["u%d" % (i % 500)]},
                              "body": None},
                  "legacy": {"status": 200, "headers": {"content-type": ["application/json"]},
                             "body": {"length": len(text), "text": text}, "latency_ms": 0.4},
                  "new": None}
        out.write(json.dumps(record, separators=(",", ":")) + "\n")
PY
chmod 644 "$WORK/www/api/vehicle"
cat > "$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:19110; root $WORK/www; default_type application/json; }
  server { listen 127.0.0.1:19111; root $WORK/www; default_type application/json; }
}
NGINX
nginx -c "$WORK/nginx.conf"
sleep 0.5

echo "== wrk -t1 -c$CONNECTIONS -d$DURATION against the backend (the load generator's ceiling)"
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" http://127.0.0.1:19110/api/vehicle > "$WORK/wrk.txt"
WRK=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
echo "wrk: $WRK requests/s"

replay() {
  local name="$1"
  shift
  local agent=()
  if [ -n "${PROFILE:-}" ] && [ "$name" = "${PROFILE_MODE:-recorded}" ]; then
    agent=("-agentpath:$WORK/linux-x64/libasyncProfiler.so=start,event=${PROFILE_EVENT:-ctimer},interval=1ms,threads,file=$PWD/bench/profile-out/replay-$name.collapsed,collapsed")
    echo "$EXCHANGES" > "bench/profile-out/replay-$name.requests"
  fi
  java "${agent[@]+"${agent[@]}"}" ${REPLAY_JAVA_OPTS:-} -Xmx"$HEAP" -jar "$JAR" --capture "$WORK/capture.jsonl" --new http://127.0.0.1:19110 \
    --concurrency "$CONNECTIONS" --progress lines --report "$WORK/report-$name" "$@" > "$WORK/replay-$name.txt" \
    2> "$WORK/progress-$name.txt" || { cat "$WORK/replay-$name.txt" "$WORK/progress-$name.txt"; exit 1; }
  python3 - "$WORK/report-$name/report.json" "$WORK/progress-$name.txt" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
route = r["routes"][0]
# Progress lines come every 5 s with the exchanges done so far; the last one, at the end, is partial.
done = [int(m.group(1)) for m in re.finditer(r"replay: (\d+)/", open(sys.argv[2]).read())][:-1]
warm = (done[-1] - done[-2]) / 5.0 if len(done) >= 2 else float("nan")
print("%.0f %.0f %d %d %s" % (r["exchangesPerSecond"], warm, r["replayed"], route["compared"],
                              str(route["outcomes"]).replace(" ", "")))
PY
}

echo "== ficus replay, recorded mode ($EXCHANGES exchanges, concurrency $CONNECTIONS)"
read -r REC REC_WARM REC_N REC_C REC_O < <(replay recorded)
echo "recorded: $REC exchanges/s, warm $REC_WARM ($REC_N replayed, $REC_C compared, $REC_O)"
echo "== ficus replay, live mode (legacy called too)"
read -r LIVE LIVE_WARM LIVE_N LIVE_C LIVE_O < <(replay live --legacy http://127.0.0.1:19111)
echo "live: $LIVE exchanges/s, warm $LIVE_WARM ($LIVE_N replayed, $LIVE_C compared, $LIVE_O)"

python3 - "$WRK" "$REC" "$REC_WARM" "$LIVE" "$LIVE_WARM" <<'PY'
import sys
wrk, rec, rec_warm, live, live_warm = map(float, sys.argv[1:])
print()
print("| load | per second, whole run | ratio to wrk | per second, warm | ratio to wrk |")
print("|---|---:|---:|---:|---:|")
print("| wrk -t1 -c32, requests | %.0f | 1.00x | %.0f | 1.00x |" % (wrk, wrk))
print("| ficus replay, recorded mode, exchanges compared | %.0f | %.2fx | %.0f | %.2fx |"
      % (rec, rec / wrk, rec_warm, rec_warm / wrk))
print("| ficus replay, live mode, exchanges compared (2 calls each) | %.0f | %.2fx | %.0f | %.2fx |"
      % (live, live / wrk, live_warm, live_warm / wrk))
PY

if [ -n "${PROFILE:-}" ]; then
  echo
  PROFILED=replay-${PROFILE_MODE:-recorded}
  echo "== where the ${PROFILE_MODE:-recorded} replay's ${PROFILE_EVENT:-CPU} time goes (samples of 1 ms per 1,000 exchanges)"
  python3 bench/profile_libraries.py "bench/profile-out/$PROFILED"
  echo "== hottest frames (self)"
  python3 - "bench/profile-out/$PROFILED.collapsed" <<'PY'
import collections, sys
leaf = collections.Counter()
total = 0
for line in open(sys.argv[1]):
    stack, _, count = line.rstrip().rpartition(" ")
    count = int(count)
    total += count
    leaf[stack.split(";")[-1]] += count
for frame, count in leaf.most_common(25):
    print("%5.1f%%  %s" % (100.0 * count / total, frame))
PY
fi
