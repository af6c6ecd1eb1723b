# shellcheck shell=bash
# `npm run dev` with a Docker engine: the compose stack in docker/compose.yml. Needs common.sh and dev-token.sh.

_dev_compose=()

_dev_compose_down() {
  trap 'warn "stopping anyway"' INT TERM
  echo >&2
  log "stopping the compose stack (volumes are kept; add -v to docker compose down to drop them)"
  "${_dev_compose[@]}" down || warn "compose down failed"
}

# dev_docker "docker compose" | "docker-compose"
dev_docker() {
  # shellcheck disable=SC2206 # split "docker compose" into two words on purpose
  # The project directory stays docker/ (paths in compose.yml are relative to it), as with the README's command.
  _dev_compose=($1 -f "$JOBLINE_ROOT/docker/compose.yml")
  local profiles=() api="http://localhost:${API_HOST_PORT:-3000}" token waited=0
  [ "${JOBLINE_GPU:-}" = 1 ] && profiles=(--profile gpu)

  log "Docker engine found: building and starting docker/compose.yml (${_dev_compose[0]} ${_dev_compose[1]})"
  trap _dev_compose_down EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  # The logs are followed in this terminal below: readable lines rather than JSON (compose.yml's default).
  export LOG_FORMAT="${LOG_FORMAT:-pretty}"
  "${_dev_compose[@]}" ${profiles[@]+"${profiles[@]}"} up -d --build || die "compose up failed"

  log "waiting for $api/readyz"
  until http_ok "$api/readyz"; do
    waited=$((waited + 1))
    if [ "$waited" -ge 180 ]; then
      "${_dev_compose[@]}" logs --tail=30 migrate api || true
      die "the API is not ready after 90s (its logs are above)"
    fi
    sleep 0.5
  done

  # Owner `dev`, every scope, made by the token CLI in a one-off api container when the saved one is not accepted.
  token="$(dev_token "$api" "${_dev_compose[@]}" run --rm --no-deps -T api \
    node dist/cli/token.js create --owner dev --scopes jobs:read,jobs:write,admin --name dev --expires-in-days "$DEV_TOKEN_DAYS")"

  cat <<EOF

  Jobline is ready (Docker Compose)

  API          $api            (OpenAPI: $api/openapi.json, docs: $api/docs)
  Dashboard    $api/admin/queues   user: ${BOARD_USERNAME:-admin}   password: ${BOARD_PASSWORD:-jobline-dev}
  Dev token    $token
  GPU worker   $([ "${#profiles[@]}" -gt 0 ] && echo "on" || echo "off (JOBLINE_GPU=1 npm run dev, or --profile gpu)")

  Try it:
    export JOBLINE_TOKEN='$token'
    curl -s -X POST $api/v1/jobs -H "Authorization: Bearer \$JOBLINE_TOKEN" \\
      -H 'Content-Type: application/json' -d '{"type":"demo.echo","payload":{"hello":"world"}}'

  Following the logs below. Ctrl-C stops the stack.

EOF
  log "ready"
  "${_dev_compose[@]}" ${profiles[@]+"${profiles[@]}"} logs -f --tail=20 || true
}
