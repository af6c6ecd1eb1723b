#!/usr/bin/env bash
# `npm run dev`: install and build, then run Jobline — with Docker Compose when a Docker engine answers,
# else on a private Postgres and Redis under .jobline/dev — and print the URLs and a dev token.
#
#   bash scripts/dev.sh          start (Ctrl-C stops what it started)
#   bash scripts/dev.sh --watch  start, rebuild on every change (errors shown here), restart API and worker after a good build
#   bash scripts/dev.sh --stop   stop a local run going on elsewhere, or what an earlier one left running
#   JOBLINE_DEV_MODE=local|docker   force a mode;  JOBLINE_GPU=1   also start the GPU worker (Docker)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/common.sh"
source "$here/lib/ensure-pnpm.sh"
source "$here/lib/local-services.sh"
source "$here/lib/dev-token.sh"
source "$here/lib/dev-local.sh"
source "$here/lib/dev-docker.sh"

case "${1:-}" in
  --stop)
    dev_local_stop_all
    exit 0
    ;;
  -h | --help)
    sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  --watch)
    [ "${JOBLINE_DEV_MODE:-}" != docker ] || die "--watch runs on local services (JOBLINE_DEV_MODE=local), not in Docker"
    export JOBLINE_DEV_WATCH=1 JOBLINE_DEV_MODE=local
    ;;
  "") ;;
  *) die "unknown argument: $1 (try --help)" ;;
esac

cd "$JOBLINE_ROOT"
ensure_pnpm
ensure_deps
build_all

mode="${JOBLINE_DEV_MODE:-auto}"
if [ "$mode" != local ] && compose="$(docker_compose_cmd)"; then
  dev_docker "$compose"
elif [ "$mode" = docker ]; then
  die "JOBLINE_DEV_MODE=docker, but no Docker engine answers (docker info) or compose is missing"
else
  log "no Docker engine: running on local services"
  dev_local
fi
