# shellcheck shell=bash
# Helpers shared by scripts/dev.sh and scripts/test.sh: logging, root or sudo, apt, ports, probes.
# Sourced, never run; the caller sets `set -euo pipefail`.

JOBLINE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# JOBLINE_STATE: another folder for the state (a test runs the dev stack there, away from a developer's own).
export JOBLINE_STATE="${JOBLINE_STATE:-$JOBLINE_ROOT/.jobline}"
JOBLINE_PROBE="$JOBLINE_ROOT/scripts/lib/probe.cjs"
export TURBO_TELEMETRY_DISABLED=1

if [ -t 2 ]; then
  _c_info=$'\033[1;34m' _c_warn=$'\033[1;33m' _c_err=$'\033[1;31m' _c_off=$'\033[0m'
else
  _c_info="" _c_warn="" _c_err="" _c_off=""
fi
log() { printf '%s[jobline]%s %s\n' "$_c_info" "$_c_off" "$*" >&2; }
# A connection URL fit for a log: CI passes TEST_DATABASE_URL/TEST_REDIS_URL with passwords, and logs are kept.
redact_url() { printf '%s' "$1" | sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#'; }
warn() { printf '%s[jobline] warning:%s %s\n' "$_c_warn" "$_c_off" "$*" >&2; }
die() {
  printf '%s[jobline] error:%s %s\n' "$_c_err" "$_c_off" "$*" >&2
  exit 1
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as root: directly when we are root, else through sudo (which may ask for a password).
as_root() {
  if is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 1
  fi
}

# apt_install PACKAGE...: Debian packages, without recommends (else docker-compose pulls a whole engine).
_jobline_apt_updated=""
apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  is_root || command -v sudo >/dev/null 2>&1 || return 1
  log "installing with apt-get: $*"
  if [ -z "$_jobline_apt_updated" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
    _jobline_apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# free_port START [EXCLUDE...]: the first port from START that nothing listens on.
free_port() { node "$JOBLINE_PROBE" free-port "$@" || die "no free port found from $1 upward"; }
port_free() { [ "$(node "$JOBLINE_PROBE" free-port "$1" 2>/dev/null)" = "$1" ]; }

pg_answers() { node "$JOBLINE_PROBE" pg "$1"; }
redis_answers() { node "$JOBLINE_PROBE" redis "$1"; }
http_ok() { node "$JOBLINE_PROBE" http "$@"; }

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# stop_pid PID NAME [GRACE_SECONDS]: SIGTERM, wait, then SIGKILL. Only ever pids this project started.
stop_pid() {
  local pid="$1" name="$2" grace="${3:-10}" waited=0
  pid_alive "$pid" || return 0
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || return 0
  while pid_alive "$pid" && [ "$waited" -lt $((grace * 5)) ]; do
    sleep 0.2
    waited=$((waited + 1))
  done
  if pid_alive "$pid"; then
    warn "$name did not stop within ${grace}s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

# stop_group PID NAME [GRACE_SECONDS]: stop_pid for a process started as the leader of its own process group (setsid),
# and for everything it started: SIGTERM to the group, wait, then SIGKILL. Without a group of its own, stop_pid.
stop_group() {
  local pid="$1" name="$2" grace="${3:-10}" waited=0
  [ -n "$pid" ] || return 0
  if ! kill -0 -- "-$pid" 2>/dev/null; then
    stop_pid "$pid" "$name" "$grace"
    return 0
  fi
  log "stopping $name (process group $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || return 0
  while kill -0 -- "-$pid" 2>/dev/null && [ "$waited" -lt $((grace * 5)) ]; do
    sleep 0.2
    waited=$((waited + 1))
  done
  if kill -0 -- "-$pid" 2>/dev/null; then
    warn "$name did not stop within ${grace}s: killing it"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
}

# docker_compose_cmd: prints the compose command when a Docker engine answers and compose exists.
docker_compose_cmd() {
  docker info >/dev/null 2>&1 || return 1
  if docker compose version >/dev/null 2>&1; then
    echo "docker compose"
  elif command -v docker-compose >/dev/null 2>&1; then
    echo "docker-compose"
  else
    return 1
  fi
}

# random_secret FILE: a secret generated once and kept in FILE (mode 600).
random_secret() {
  local file="$1"
  if [ ! -s "$file" ]; then
    mkdir -p "$(dirname "$file")"
    (umask 077 && node -e 'console.log(require("node:crypto").randomBytes(12).toString("base64url"))' >"$file")
  fi
  cat "$file"
}
