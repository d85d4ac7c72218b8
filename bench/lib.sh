# Shared by the bench/ scripts: source it after `cd` to the checkout.

# need COMMAND PACKAGE: installs the Debian package when COMMAND is missing (as root), else says what to install.
need() {
  command -v "$1" >/dev/null 2>&1 && return
  if [ "$(id -u)" = 0 ]; then
    echo "installing $2 (Debian package)..." >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  else
    echo "$(basename "$0") needs $1: apt-get install $2" >&2
    exit 2
  fi
}

# ports_free PORT...: stops the script when one of the loopback ports is taken.
ports_free() {
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$(basename "$0"): port $port is busy; stop what listens there and run again" >&2
      exit 2
    fi
  done
}

# vehicle_doc PATH: writes the document every benchmark backend serves, one vehicle as 752 bytes of JSON.
vehicle_doc() {
  python3 - "$1" <<'PY'
import json, sys
doc = {"id": "veh-0042", "vin": "5YJ3E1EA7KF317000", "model": "Model 3", "status": "AVAILABLE",
       "battery": {"level": 81, "rangeKm": 402, "charging": False},
       "location": {"lat": 52.520008, "lon": 13.404954, "heading": 270, "speedKmh": 0},
       "tags": ["ev", "city", "airport"], "fare": {"base": 3.5, "perKm": 1.25, "currency": "EUR"}}
text = json.dumps(doc, separators=(",", ":"))
text = text[:-1] + ',"note":"' + "x" * (752 - len(text) - 10) + '"}'
open(sys.argv[1], "w").write(text)
PY
}

# stop_all PID...: asks each process to end, and kills what is left after 10 s (Zipkin's server does
# not always end on SIGTERM).
stop_all() {
  local pid alive
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 20); do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && return
    sleep 0.5
  done
  for pid in "$@"; do kill -9 "$pid" 2>/dev/null || true; done
}
