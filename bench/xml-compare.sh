#!/usr/bin/env bash
# JMH: Ficus's XML comparison of a 10 KB SOAP answer pair against XMLUnit's similarity diff on the same pair,
# and the same answer as JSON through Ficus, in one run. Prints JMH's table and the ratios.
# Usage: bench/xml-compare.sh [extra JMH options, e.g. -wi 2 -i 3]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests -pl benchmarks -am package
out=$(mktemp --suffix=.json)
java -jar benchmarks/target/benchmarks.jar XmlCompareBenchmark -rf json -rff "$out" "$@"
python3 - "$out" <<'PY'
import json, sys
s = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"] for r in json.load(open(sys.argv[1]))}
print(f"\nficus XML {s['ficusXml']:,.0f} ops/s   XMLUnit {s['xmlUnit']:,.0f} ops/s   ficus JSON {s['ficusJson']:,.0f} ops/s")
print(f"ficus XML / XMLUnit: {s['ficusXml']/s['xmlUnit']:.2f}x   ficus XML / ficus JSON: {s['ficusXml']/s['ficusJson']:.2f}x")
PY
