# shellcheck shell=bash
# `npm run dev` without Docker: private Postgres and Redis under .jobline/dev, then the API and one worker
# serving both queues, all stopped again on Ctrl-C. With JOBLINE_DEV_WATCH=1 (`npm run dev -- --watch`) the
# packages are rebuilt as their sources change (scripts/lib/watch-build.cjs, its output in this terminal) and the
# API and worker restart together after each build that succeeded.
# Needs common.sh, local-services.sh and dev-token.sh.

DEV_DIR="$JOBLINE_STATE/dev"
_dev_api_pid="" _dev_worker_pid="" _dev_tail_pid="" _dev_build_pid="" _dev_stopping=""
# The heap limits of docs/architecture.md's "Memory budget", as packages/testing/src/app-node-options.ts defines
# them (a shell script cannot import it; a test holds the two equal).
_dev_node_options=(--max-old-space-size=512 --max-semi-space-size=8)

# _dev_spawn NAME SCRIPT: runs `node <heap limits> SCRIPT` in its own session (so the terminal's Ctrl-C reaches only
# this script, which then sends each process exactly one SIGTERM), logging to .jobline/dev/logs/NAME.log.
_dev_spawn() {
  local name="$1" script="$2" log="$DEV_DIR/logs/$1.log"
  [ -f "$JOBLINE_ROOT/$script" ] || die "$script is missing: has the $name been built? (pnpm build)"
  echo "--- $(date -u +%FT%TZ) dev.sh starts $name" >>"$log"
  # Not node --watch: it restarted each process on its own as soon as a file it loaded changed, half-way through a
  # build, and the API came up on a new catalogue while the worker still had the old handlers.
  if command -v setsid >/dev/null 2>&1; then
    setsid node "${_dev_node_options[@]}" "$JOBLINE_ROOT/$script" >>"$log" 2>&1 </dev/null &
  else
    node "${_dev_node_options[@]}" "$JOBLINE_ROOT/$script" >>"$log" 2>&1 </dev/null &
  fi
  echo $! >"$DEV_DIR/$name.pid"
  echo $!
}

dev_local_stop() {
  [ -z "$_dev_stopping" ] || return 0
  _dev_stopping=1
  trap 'warn "stopping anyway"' INT TERM
  echo >&2
  pid_alive "$_dev_tail_pid" && kill "$_dev_tail_pid" 2>/dev/null
  stop_group "$_dev_build_pid" "the watching build" 10
  _dev_stop_apps
  rm -f "$DEV_DIR/api.pid" "$DEV_DIR/worker.pid" "$DEV_DIR/build.pid" "$DEV_DIR/dev.pid"
  [ "${REDIS_STARTED:-0}" = 1 ] && redis_stop "$DEV_DIR"
  [ "${PG_STARTED:-0}" = 1 ] && pg_stop "$DEV_DIR"
  log "stopped"
}

_dev_stop_apps() {
  local grace=$(((${WORKER_SHUTDOWN_GRACE_MS:-30000} + 999) / 1000 + 5))
  stop_pid "$_dev_api_pid" API 15
  stop_pid "$_dev_worker_pid" worker "$grace"
}

_dev_start_apps() {
  _dev_api_pid="$(_dev_spawn api apps/api/dist/main.js)"
  _dev_worker_pid="$(_dev_spawn worker apps/worker/dist/main.js)"
}

# `dev.sh --stop`: whatever an earlier run left behind (for instance after its terminal was closed), the watching
# build (a group: the watcher and the build it runs) first, so that it restarts nothing.
dev_local_stop_all() {
  _find_services
  # A run still going stops what it started itself (its EXIT trap), rather than racing this one for the same processes.
  stop_pid "$(cat "$DEV_DIR/dev.pid" 2>/dev/null || true)" "the running npm run dev" 90
  stop_group "$(cat "$DEV_DIR/build.pid" 2>/dev/null || true)" "the watching build" 10
  stop_pid "$(cat "$DEV_DIR/api.pid" 2>/dev/null || true)" API 15
  stop_pid "$(cat "$DEV_DIR/worker.pid" 2>/dev/null || true)" worker 35
  rm -f "$DEV_DIR/api.pid" "$DEV_DIR/worker.pid" "$DEV_DIR/build.pid" "$DEV_DIR/dev.pid"
  redis_stop "$DEV_DIR"
  [ -n "$PG_BIN" ] && pg_stop "$DEV_DIR"
  return 0
}

# The stack's settings, for commands run later in another shell (`pnpm run token`, `pnpm db:migrate`, `pnpm db:sweep`
# read DATABASE_URL from here when it is not set, `jobline` JOBLINE_URL). No secrets: the local services trust connections from this machine only.
_dev_write_settings() {
  cat >"$DEV_DIR/settings.env" <<EOF
# Written by npm run dev (local mode) on $(date -u +%FT%TZ); read by operator commands for the settings they lack.
DATABASE_URL=$DATABASE_URL
REDIS_URL=$REDIS_URL
QUEUE_PREFIX=$QUEUE_PREFIX
JOBLINE_URL=http://localhost:$PORT
EOF
}

# Rebuilds on changes, printing the build's errors here; each build that succeeded writes its number to build.stamp.
# In its own process group (setsid), so that a stop ends the build it may be running too.
_dev_watch_build() {
  local watcher=(node "$JOBLINE_ROOT/scripts/lib/watch-build.cjs" "$JOBLINE_ROOT" "$DEV_DIR/logs/build.log" "$DEV_DIR/build.stamp")
  rm -f "$DEV_DIR/build.stamp"
  if command -v setsid >/dev/null 2>&1; then
    setsid "${watcher[@]}" </dev/null &
  else
    "${watcher[@]}" </dev/null &
  fi
  _dev_build_pid=$!
  echo "$_dev_build_pid" >"$DEV_DIR/build.pid"
}

# Watch mode: the API and the worker, stopped and started together on each new build that succeeded. One that exits
# in between (a bug just saved) waits for the next good build.
_dev_watch_loop() {
  local built="" stamp down=""
  while true; do
    stamp="$(cat "$DEV_DIR/build.stamp" 2>/dev/null || true)"
    if [ -n "$stamp" ] && [ "$stamp" != "$built" ]; then
      built="$stamp" down=""
      _dev_stop_apps
      _dev_start_apps
      log "the API and the worker restarted on build $built"
    elif [ -z "$down" ] && ! { pid_alive "$_dev_api_pid" && pid_alive "$_dev_worker_pid"; }; then
      down=1
      warn "$(pid_alive "$_dev_api_pid" && echo "the worker" || echo "the API") exited (its log is above): both restart after the next build that succeeds"
    fi
    pid_alive "$_dev_build_pid" || die "the watching build exited (see .jobline/dev/logs/build.log)"
    sleep 1
  done
}

dev_local() {
  ensure_service_binaries
  mkdir -p "$DEV_DIR/logs"
  echo $$ >"$DEV_DIR/dev.pid"
  trap dev_local_stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  pg_start "$DEV_DIR" 55432 dev
  redis_start "$DEV_DIR" 56379
  pg_create_database "$PG_PORT" jobline

  export DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/jobline"
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  export QUEUE_PREFIX="${QUEUE_PREFIX:-jobline}" LOG_LEVEL="${LOG_LEVEL:-info}" LOG_FORMAT="${LOG_FORMAT:-pretty}"
  export JOBLINE_DEMO_JOBS=true WORKER_QUEUES=cpu,gpu
  export WEBHOOK_ALLOW_PRIVATE_NETWORKS="${WEBHOOK_ALLOW_PRIVATE_NETWORKS:-true}"
  export BOARD_USERNAME=admin
  BOARD_PASSWORD="$(random_secret "$DEV_DIR/board-password")"
  export BOARD_PASSWORD

  log "applying migrations"
  (cd "$JOBLINE_ROOT" && node packages/db/dist/migrate-cli.js) || die "migrations failed"

  # A port once chosen is kept (api.port, worker.port) while it is free, so a JOBLINE_URL exported earlier stays right.
  PORT="$(free_port "${PORT:-$(cat "$DEV_DIR/api.port" 2>/dev/null || echo 3000)}")"
  WORKER_PORT="$(free_port "${WORKER_PORT:-$(cat "$DEV_DIR/worker.port" 2>/dev/null || echo 3001)}" "$PORT")"
  export PORT WORKER_PORT
  echo "$PORT" >"$DEV_DIR/api.port"
  echo "$WORKER_PORT" >"$DEV_DIR/worker.port"
  _dev_write_settings
  if [ "${JOBLINE_DEV_WATCH:-}" = 1 ]; then
    # A restart should not wait out the production grace for running jobs.
    export WORKER_SHUTDOWN_GRACE_MS="${WORKER_SHUTDOWN_GRACE_MS:-2000}"
    _dev_watch_build
  fi
  _dev_start_apps

  local api="http://localhost:$PORT" waited=0
  log "waiting for $api/readyz"
  until http_ok "$api/readyz"; do
    pid_alive "$_dev_api_pid" || die "the API exited: $(tail -n 15 "$DEV_DIR/logs/api.log")"
    pid_alive "$_dev_worker_pid" || die "the worker exited: $(tail -n 15 "$DEV_DIR/logs/worker.log")"
    waited=$((waited + 1))
    [ "$waited" -lt 120 ] || die "the API is not ready after 60s: $(tail -n 15 "$DEV_DIR/logs/api.log")"
    sleep 0.5
  done
  local token
  token="$(dev_token "$api" node "$JOBLINE_ROOT/apps/api/dist/cli/token.js" create --owner dev \
    --scopes jobs:read,jobs:write,admin --name dev --expires-in-days "$DEV_TOKEN_DAYS")"

  cat <<EOF

  Jobline is ready (local mode; data in .jobline/dev)

  API          $api            (OpenAPI: $api/openapi.json, docs: $api/docs)
  Dashboard    $api/admin/queues   user: admin   password: $BOARD_PASSWORD
  Worker       http://localhost:$WORKER_PORT/metrics   (queues: cpu, gpu)
  Postgres     $DATABASE_URL
  Redis        $REDIS_URL
  Dev token    $token   (kept in .jobline/dev/token; expires in $DEV_TOKEN_DAYS days, then a new one is made)
  Settings     .jobline/dev/settings.env   (pnpm run token, db:migrate, db:sweep and jobline read it in any shell)

  Try it:
    export JOBLINE_TOKEN='$token'
    curl -s -X POST $api/v1/jobs -H "Authorization: Bearer \$JOBLINE_TOKEN" \\
      -H 'Content-Type: application/json' -d '{"type":"demo.echo","payload":{"hello":"world"}}'
    curl -s $api/v1/jobs/<id> -H "Authorization: Bearer \$JOBLINE_TOKEN"

  $([ "${JOBLINE_DEV_WATCH:-}" = 1 ] && echo "Watch mode: a change under apps/ or packages/ rebuilds (its errors show here), then the API and worker restart together." || echo "Changed a handler? npm run dev -- --watch rebuilds and restarts on every change.")
  $(command -v jobline >/dev/null 2>&1 && echo "The jobline command is on your PATH ($(command -v jobline)); inside this checkout it finds this stack by itself." || echo "The jobline command: npm run cli:install puts it on your PATH; inside this checkout it finds this stack by itself.")
  Logs: .jobline/dev/logs/ (followed below). Ctrl-C stops everything this command started.

EOF
  log "ready"
  local follow=(tail -n 0 -F)
  tail --version >/dev/null 2>&1 && follow+=(--pid=$$) # GNU tail also ends when this script is killed
  "${follow[@]}" "$DEV_DIR/logs/api.log" "$DEV_DIR/logs/worker.log" &
  _dev_tail_pid=$!
  [ "${JOBLINE_DEV_WATCH:-}" = 1 ] && _dev_watch_loop
  while pid_alive "$_dev_api_pid" && pid_alive "$_dev_worker_pid"; do
    sleep 1
  done
  pid_alive "$_dev_api_pid" || die "the API exited (see .jobline/dev/logs/api.log)"
  die "the worker exited (see .jobline/dev/logs/worker.log)"
}
