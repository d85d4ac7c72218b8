#!/usr/bin/env bash
# JMH: Ficus's comparison (parse both answers, structural diff) against JSONAssert and zjsonpatch doing the same
# job, on 1 KB, 10 KB and 100 KB fleet documents, in one run. Prints JMH's table and the ratios.
# Usage: bench/diff-engine.sh [extra JMH options, e.g. -wi 2 -i 3]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests -pl benchmarks -am package
out=$(mktemp --suffix=.json)
java -jar benchmarks/target/benchmarks.jar DiffEngineBenchmark -rf json -rff "$out" "$@"
python3 - "$out" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
by = {}
for r in rows:
    name = r["benchmark"].rsplit(".", 1)[1]
    size = r["params"]["size"]
    by.setdefault(size, {})[name] = r["primaryMetric"]["score"]
print("\nsize      ficus ops/s   jsonAssert ops/s   zjsonpatch ops/s   ficus / faster peer")
for size in sorted(by, key=int):
    s = by[size]
    peer = max(s["jsonAssert"], s["zjsonpatch"])
    print(f"{int(size)//1024:>4} KB  {s['ficus']:>12,.0f}   {s['jsonAssert']:>16,.0f}   {s['zjsonpatch']:>16,.0f}   {s['ficus']/peer:>8.2f}x")
PY
