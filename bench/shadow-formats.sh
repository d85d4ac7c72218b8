#!/usr/bin/env bash
# Shadow throughput with 10 KB XML answers against the same answers as JSON, in one run, on loopback.
# One Ficus gateway (defaults: every request traced, metrics and the evidence store on) has two routes in
# shadow mode, `xml` and `json`, in front of nginx serving each side's answer as a static file: a SOAP
# answer listing 40 trips (legacy's with prefixes soapenv:/t:, indented; the new side's with soap: and a
# default namespace, attributes in the other order, on one line) and the same trips as JSON (legacy's
# indented, the new side's compact with its keys in another order). On both, one fare differs, so every
# comparison does the whole work: a mismatch, named by path. The JVM is warmed up on both routes, then
# ROUNDS rounds run wrk on each route in turn; figures are medians, and the gateway's CPU per request is
# read from /proc over each route's runs. The comparisons each route made are read from the admin API, so
# a route that shed its shadow calls is seen, not counted as fast.
# Usage: bench/shadow-formats.sh      (DURATION=15s WARMUP=60s ROUNDS=3 CONNECTIONS=32 THREADS=1 to change it)
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

ports_free 19280 19281 19300
./mvnw -q -B -DskipTests -pl gateway -am package
WORK=$(mktemp -d)
JAR=gateway/target/ficus-gateway.jar
PIDS=()
cleanup() {
  stop_all "${PIDS[@]}"
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/legacy" "$WORK/new"
chmod 755 "$WORK" "$WORK/legacy" "$WORK/new"
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
trips = [{"id": f"T-{i:04d}", "user": f"U-{i % 97:03d}", "vehicle": f"V-{i % 60:03d}", "status": "completed",
          "distanceKm": round(1.3 + i * 0.77, 2), "fare": round(3.5 + 1.25 * (1.3 + i * 0.77), 2),
          "currency": "EUR", "startedAt": f"2026-11-{1 + i % 28:02d}T08:{i % 60:02d}:00Z"}
         for i in range(40)]
fresh = [dict(t) for t in trips]
fresh[21]["fare"] = round(fresh[21]["fare"] + 0.01, 2)

def xml_legacy(ts):
    rows = "".join(
        f'      <t:trip id="{t["id"]}" status="{t["status"]}">\n'
        f'        <t:user>{t["user"]}</t:user>\n        <t:vehicle>{t["vehicle"]}</t:vehicle>\n'
        f'        <t:distanceKm>{t["distanceKm"]}</t:distanceKm>\n'
        f'        <t:fare currency="{t["currency"]}">{t["fare"]}</t:fare>\n'
        f'        <t:startedAt>{t["startedAt"]}</t:startedAt>\n      </t:trip>\n' for t in ts)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="urn:trips:1">\n'
            '  <soapenv:Body>\n    <t:ListTripsResponse>\n' + rows + '    </t:ListTripsResponse>\n'
            '  </soapenv:Body>\n</soapenv:Envelope>\n')

def xml_new(ts):
    rows = "".join(
        f'<trip status="{t["status"]}" id="{t["id"]}"><user>{t["user"]}</user><vehicle>{t["vehicle"]}</vehicle>'
        f'<distanceKm>{t["distanceKm"]}</distanceKm><fare currency="{t["currency"]}">{t["fare"]}</fare>'
        f'<startedAt>{t["startedAt"]}</startedAt></trip>' for t in ts)
    return ('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
            '<ListTripsResponse xmlns="urn:trips:1">' + rows + '</ListTripsResponse></soap:Body></soap:Envelope>')

open(f"{work}/legacy/trips.xml", "w").write(xml_legacy(trips))
open(f"{work}/new/trips.xml", "w").write(xml_new(fresh))
open(f"{work}/legacy/trips.json", "w").write(json.dumps({"trips": trips}, indent=2))
reordered = [{k: t[k] for k in reversed(list(t))} for t in fresh]
open(f"{work}/new/trips.json", "w").write(json.dumps({"trips": reordered}, separators=(",", ":")))
PY
chmod 644 "$WORK"/legacy/* "$WORK"/new/*
cat > "$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  types { text/xml xml; application/json json; }
  server { listen 127.0.0.1:19280; root $WORK/legacy; rewrite ^/(xml|json)/trips\$ /trips.\$1 break; }
  server { listen 127.0.0.1:19281; root $WORK/new; rewrite ^/(xml|json)/trips\$ /trips.\$1 break; }
}
NGINX
nginx -c "$WORK/nginx.conf"

java -Xmx"$HEAP" -jar "$JAR" --server.port=19300 --logging.level.root=warn \
  --ficus.legacy.uri=http://127.0.0.1:19280 --ficus.evidence.dir="$WORK/evidence" --ficus.admin.token=bench \
  --ficus.routes[0].id=xml --ficus.routes[0].paths[0]=/xml/** --ficus.routes[0].mode=shadow \
  --ficus.routes[0].new-uri=http://127.0.0.1:19281 --ficus.routes[0].shadow.max-in-flight=512 \
  --ficus.routes[1].id=json --ficus.routes[1].paths[0]=/json/** --ficus.routes[1].mode=shadow \
  --ficus.routes[1].new-uri=http://127.0.0.1:19281 --ficus.routes[1].shadow.max-in-flight=512 \
  >"$WORK/ficus.log" 2>&1 &
FICUS=$!
PIDS+=("$FICUS")
for _ in $(seq 1 240); do
  curl -fs -o /dev/null http://127.0.0.1:19300/json/trips && break
  sleep 0.5
done
curl -fs -o /dev/null http://127.0.0.1:19300/xml/trips || { echo "Ficus did not start:" >&2; cat "$WORK/ficus.log" >&2; exit 1; }
echo "legacy's answers: $(wc -c <"$WORK/legacy/trips.xml") bytes of XML, $(wc -c <"$WORK/legacy/trips.json") bytes of JSON"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ms() { python3 -c "import sys,re; v,u=re.match(r'([0-9.]+)(us|ms|s)', sys.argv[1]).groups(); print(float(v)*{'us':0.001,'ms':1,'s':1000}[u])" "$1"; }
declare -A RPS P99 CPU REQUESTS ERRORS
echo "Warming up on both routes for $WARMUP each..."
for format in xml json; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:19300/$format/trips" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  echo "Round $round of $ROUNDS"
  for format in xml json; do
    before=$(ticks "$FICUS")
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:19300/$format/trips")
    # let the shadow calls still in flight finish within this route's CPU figure
    sleep 2
    CPU[$format]=$(( ${CPU[$format]:-0} + $(ticks "$FICUS") - before ))
    REQUESTS[$format]=$(( ${REQUESTS[$format]:-0} + $(awk '/requests in/ {print $1}' <<<"$out") ))
    RPS[$format]="${RPS[$format]:-} $(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    P99[$format]="${P99[$format]:-} $(ms "$(awk '$1=="99%" {print $2}' <<<"$out")")"
    bad=$(awk '/Non-2xx|Socket errors/' <<<"$out" | tr '\n' ' ')
    [ -n "$bad" ] && ERRORS[$format]="${ERRORS[$format]:-} round $round: $bad"
  done
done
REPORT=$(curl -fs -H 'Authorization: Bearer bench' http://127.0.0.1:19300/ficus/routes)
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" $1; }
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, medians of $ROUNDS interleaved rounds (after a $WARMUP warm-up each),"
echo "one Ficus in shadow mode, nginx as both sides, $(nproc) cores, JVM heap cap $HEAP"
echo
echo "| route | req/s | p99 ms | Ficus CPU per request | compared | mismatch | skipped |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for format in xml json; do
  python3 - "$format" "$(median "${RPS[$format]}")" "$(median "${P99[$format]}")" "${CPU[$format]}" \
    "${REQUESTS[$format]}" "$(getconf CLK_TCK)" "$REPORT" <<'PY'
import json, sys
name, rps, p99, cpu, requests, hz, report = sys.argv[1:]
route = next(r for r in json.loads(report)["routes"] if r["id"] == name)
c = route["comparisons"]
skipped = ", ".join(f"{k} {v}" for k, v in route["skipped"].items() if v) or "0"
print(f"| {name} | {float(rps):,.0f} | {float(p99):.2f} | {float(cpu) / float(hz) * 1e6 / float(requests):.0f} µs | "
      f"{c['match'] + c['mismatch']:,} | {c['mismatch']:,} | {skipped} |")
PY
done
for format in xml json; do
  [ -n "${ERRORS[$format]:-}" ] && echo "errors of $format:${ERRORS[$format]}"
done
python3 - "$(median "${RPS[xml]}")" "$(median "${RPS[json]}")" "$REPORT" <<'PY'
import json, sys
xml, js, report = float(sys.argv[1]), float(sys.argv[2]), json.loads(sys.argv[3])
paths = {r["id"]: [d["path"] for d in r["topDifferences"]] for r in report["routes"]}
print(f"\nxml/json shadow throughput: {xml / js:.2f}x (target >= 0.80x)")
print(f"differences found: xml {paths['xml']}, json {paths['json']}")
PY
