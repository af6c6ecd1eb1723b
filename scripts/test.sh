#!/usr/bin/env bash
# `npm test`: the one test command, locally and in CI. Installs what it needs (pnpm, dependencies,
# docker-compose for the compose-file check), finds or starts Postgres and Redis, then lints (ESLint), checks the
# formatting (Prettier), type-checks and tests every package with turbo.
#
#   TEST_DATABASE_URL   an admin connection; tests create and drop their own databases
#                       (default postgresql://postgres@127.0.0.1:5432/postgres)
#   TEST_REDIS_URL      (default redis://127.0.0.1:6379); tests use their own key prefixes
#   JOBLINE_TEST_CONCURRENCY   turbo --concurrency (default 1)
#   JOBLINE_TEST_TIMEOUT       seconds before a hung run is killed (default 1800)
#   extra arguments go to turbo, e.g. `npm test -- --filter=@jobline/api` (a filter leaves out the lint and the
#   format check, which are the root package's tasks, unless it adds `--filter=//`)
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/common.sh"
source "$here/lib/ensure-pnpm.sh"
source "$here/lib/local-services.sh"

cd "$JOBLINE_ROOT"
started_at=$SECONDS
services_dir="$JOBLINE_STATE/test-services"

ensure_pnpm
ensure_deps
if ! command -v docker-compose >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then
  apt_install docker-compose || warn "could not install docker-compose: the compose-file check may fail"
fi

# The dashboard's browser test drives Debian's chromium (playwright-core cannot download browsers here). If it cannot be
# installed, that test fails and says why: nothing is skipped.
if ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium || warn "could not install chromium: the dashboard browser test will fail"
fi

# The transaction-pooler tests start a PgBouncer of their own (Debian's, in transaction mode) in front of the test
# Postgres. Debian puts it in /usr/sbin, which may not be on a user's PATH.
if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
  apt_install pgbouncer || warn "could not install pgbouncer: the transaction-pooler tests will fail"
fi

# shellcheck disable=SC2317 # called from the EXIT trap
stop_test_services() {
  [ "${REDIS_STARTED:-0}" = 1 ] && redis_stop "$services_dir"
  [ "${PG_STARTED:-0}" = 1 ] && pg_stop "$services_dir"
  return 0
}
trap stop_test_services EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
export TEST_REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"
if ! pg_answers "$TEST_DATABASE_URL"; then
  warn "no Postgres answers at $(redact_url "$TEST_DATABASE_URL"): starting one under .jobline/test-services"
  ensure_service_binaries
  pg_start "$services_dir" 55532 test
  export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
fi
if ! redis_answers "$TEST_REDIS_URL"; then
  warn "no Redis answers at $(redact_url "$TEST_REDIS_URL"): starting one under .jobline/test-services"
  ensure_service_binaries
  redis_start "$services_dir" 56479
  export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
fi
log "Postgres: $(redact_url "$TEST_DATABASE_URL")"
log "Redis:    $(redact_url "$TEST_REDIS_URL")"

mkdir -p "$JOBLINE_STATE"
report="$JOBLINE_STATE/test-report.log"
status=0
# A hung test (an open handle keeping jest alive) must not hold CI forever: `timeout` runs turbo in its own
# process group and kills all of it. That group does not see the terminal's Ctrl-C, so the traps pass it on.
limit="${JOBLINE_TEST_TIMEOUT:-1800}"
timeout -k 20 "$limit" pnpm exec turbo run eslint format:check typecheck test test:faults \
  --concurrency="${JOBLINE_TEST_CONCURRENCY:-1}" --continue "$@" >"$report" 2>&1 &
runner=$!
trap 'kill -TERM "$runner" 2>/dev/null; wait "$runner"; exit 130' INT
trap 'kill -TERM "$runner" 2>/dev/null; wait "$runner"; exit 143' TERM
tail -n +1 -f --pid="$runner" "$report" &
follower=$!
wait "$runner" || status=$?
wait "$follower" || true
[ "$status" -ne 124 ] || warn "the tests did not finish within ${limit}s (JOBLINE_TEST_TIMEOUT): killed"

elapsed=$((SECONDS - started_at))
echo
echo "================================ Jobline tests ================================"
grep -E '^ *(Tasks|Cached|Time): ' "$report" | sed 's/^ */  /' || true
# With --continue, turbo marks each failed task "<package>#<task>: … command finished with error" (a task's name
# may hold a colon: test:faults, format:check).
failed="$(sed 's/\x1b\[[0-9;]*m//g' "$report" | grep -oE '^[^ ]+#[a-z:-]+: +(WARNING|ERROR) +command finished with error' |
  sed -E 's/: +(WARNING|ERROR) +command finished with error$//' | sort -u || true)"
# Every jest run ends with "Tests: [N failed, ]N passed, N total"; add them up into one closing line.
counts="$(sed 's/\x1b\[[0-9;]*m//g' "$report" | awk '/Tests: / {
    for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i }
  } END { printf "%d passed, %d failed", p, f }')"
if [ "$status" -eq 0 ]; then
  echo "  PASSED in ${elapsed}s (full log: .jobline/test-report.log)"
else
  echo "  FAILED (exit $status) after ${elapsed}s; failed tasks:"
  # shellcheck disable=SC2086 # one task per line
  printf '    %s\n' ${failed:-"(see .jobline/test-report.log)"}
fi
echo "==============================================================================="
echo "jest: $counts"
exit "$status"
