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
