# shellcheck shell=bash disable=SC2034 # PG_PORT, PG_STARTED, REDIS_* are set for the callers
# A private PostgreSQL cluster and Redis server under a project folder (.jobline/dev, .jobline/test-services),
# on free ports remembered there, so that a second run reuses them. Needs scripts/lib/common.sh.
#
#   DIR/postgres/data, DIR/postgres/postgres.log, DIR/postgres.port, DIR/postgres.home
#   DIR/redis/{appendonly files, redis.pid, redis.log}, DIR/redis.port

PG_BIN="" REDIS_SERVER=""
# Set by pg_start and redis_start for their callers.
PG_PORT="" PG_STARTED=0 REDIS_PORT="" REDIS_STARTED=0

_pg_bin_ok() {
  local tool
  for tool in initdb pg_ctl postgres psql createdb; do
    [ -x "$1/$tool" ] || return 1
  done
}

_find_services() {
  local candidate
  PG_BIN=""
  # pg_ctl on PATH may be a lone symlink (Debian keeps the real ones under /usr/lib/postgresql/<v>/bin).
  if command -v pg_ctl >/dev/null 2>&1; then
    candidate="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
    _pg_bin_ok "$candidate" && PG_BIN="$candidate"
  fi
  if [ -z "$PG_BIN" ]; then
    # The newest version installed.
    for candidate in $(ls -d /usr/lib/postgresql/*/bin /usr/local/pgsql/bin /opt/homebrew/opt/postgresql@*/bin 2>/dev/null | sort -V -r); do
      if _pg_bin_ok "$candidate"; then
        PG_BIN="$candidate"
        break
      fi
    done
  fi
  REDIS_SERVER="$(command -v redis-server 2>/dev/null || true)"
}

# ensure_service_binaries: PostgreSQL and Redis server binaries, installed with apt when missing.
ensure_service_binaries() {
  _find_services
  local missing=()
  [ -n "$PG_BIN" ] || missing+=(postgresql)
  [ -n "$REDIS_SERVER" ] || missing+=(redis-server)
  [ "${#missing[@]}" -eq 0 ] && return 0
  apt_install "${missing[@]}" || die "PostgreSQL and Redis are needed (missing: ${missing[*]}) and apt-get could not install them.
  Install them yourself (Debian/Ubuntu: apt-get install postgresql redis-server; macOS: brew install postgresql@16 redis),
  or start a Docker engine and run this again."
  _find_services
  if [ -z "$PG_BIN" ] || [ -z "$REDIS_SERVER" ]; then
    die "installed ${missing[*]} but still cannot find pg_ctl/initdb or redis-server"
  fi
}

# initdb and pg_ctl refuse to run as root: as root, the cluster belongs to the `postgres` user.
_pg_run() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The folder holding the cluster, decided on first use and remembered in DIR/postgres.home. As root it
# must be reachable by `postgres`; a project under /root is not, so the cluster then lives under /var/tmp.
_pg_home() {
  local dir="$1" home
  if [ -s "$dir/postgres.home" ]; then
    cat "$dir/postgres.home"
    return 0
  fi
  mkdir -p "$dir"
  home="$dir/postgres"
  if is_root && ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
    home="/var/tmp/jobline-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)/postgres"
  fi
  echo "$home" | tee "$dir/postgres.home"
}

# pg_start DIR PREFERRED_PORT [dev|test]: sets PG_PORT and PG_STARTED (1 when this call started it).
pg_start() {
  local dir="$1" preferred="$2" profile="${3:-dev}" home data port
  home="$(_pg_home "$dir")"
  data="$home/data"
  PG_STARTED=0
  mkdir -p "$dir" "$home"
  if is_root; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres: "$home"
  fi

  if [ ! -s "$data/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in ${data#"$JOBLINE_ROOT"/}"
    _pg_run "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >"$home/initdb.log" 2>&1 ||
      die "initdb failed: $(tail -n 5 "$home/initdb.log")"
    {
      echo "# Added by scripts/lib/local-services.sh"
      echo "listen_addresses = '127.0.0.1'"
      echo "unix_socket_directories = ''" # TCP only: no socket path length limits, no clash with a system cluster
      if [ "$profile" = test ]; then
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
        echo "max_connections = 200"
      fi
    } | _pg_run tee -a "$data/postgresql.conf" >/dev/null
  fi

  if _pg_run "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    PG_PORT="$(sed -n 4p "$data/postmaster.pid")"
    log "PostgreSQL already running on 127.0.0.1:$PG_PORT (left running on exit; stop it with pg_ctl -D $data stop)"
    echo "$PG_PORT" >"$dir/postgres.port"
    return 0
  fi

  port="$(cat "$dir/postgres.port" 2>/dev/null || echo "$preferred")"
  port_free "$port" || port="$(free_port "$preferred")"
  log "starting PostgreSQL on 127.0.0.1:$port"
  _pg_run "$PG_BIN/pg_ctl" -D "$data" -l "$home/postgres.log" -w -t 60 -o "-p $port" start >/dev/null ||
    die "PostgreSQL did not start: $(tail -n 10 "$home/postgres.log" 2>/dev/null)"
  echo "$port" >"$dir/postgres.port"
  PG_PORT="$port"
  PG_STARTED=1
}

# pg_stop DIR: a fast shutdown of the cluster under DIR, if it runs.
pg_stop() {
  local data
  [ -s "$1/postgres.home" ] || return 0
  data="$(cat "$1/postgres.home")/data"
  [ -s "$data/postmaster.pid" ] || return 0
  log "stopping PostgreSQL"
  _pg_run "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 || warn "pg_ctl stop failed for $data"
}

# pg_create_database PORT NAME: creates NAME unless it exists.
pg_create_database() {
  local port="$1" name="$2"
  if [ "$("$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" != 1 ]; then
    log "creating database $name"
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
  fi
}

# redis_start DIR PREFERRED_PORT: sets REDIS_PORT and REDIS_STARTED (1 when this call started it).
redis_start() {
  local dir="$1" preferred="$2" home="$1/redis" pid port tries=0
  REDIS_STARTED=0
  mkdir -p "$home"
  pid="$(cat "$home/redis.pid" 2>/dev/null || true)"
  port="$(cat "$dir/redis.port" 2>/dev/null || true)"
  if pid_alive "$pid" && [ -n "$port" ] && redis_answers "redis://127.0.0.1:$port"; then
    REDIS_PORT="$port"
    log "Redis already running on 127.0.0.1:$REDIS_PORT (pid $pid; left running on exit)"
    return 0
  fi

  port="${port:-$preferred}"
  port_free "$port" || port="$(free_port "$preferred")"
  log "starting Redis on 127.0.0.1:$port"
  rm -f "$home/redis.pid"
  "$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --dir "$home" --appendonly yes \
    --daemonize yes --pidfile "$home/redis.pid" --logfile "$home/redis.log" ||
    die "redis-server did not start: $(tail -n 10 "$home/redis.log" 2>/dev/null)"
  until redis_answers "redis://127.0.0.1:$port"; do
    tries=$((tries + 1))
    [ "$tries" -lt 100 ] || die "Redis does not answer on port $port: $(tail -n 10 "$home/redis.log" 2>/dev/null)"
    sleep 0.1
  done
  echo "$port" >"$dir/redis.port"
  REDIS_PORT="$port"
  REDIS_STARTED=1
}

# redis_stop DIR: stops the Redis server whose pid file is under DIR (it writes its AOF on SIGTERM).
redis_stop() {
  local pid
  pid="$(cat "$1/redis/redis.pid" 2>/dev/null || true)"
  stop_pid "$pid" Redis 10
}
