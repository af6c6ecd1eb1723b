# shellcheck shell=bash
# The dev token: minted once, with an expiry, and kept in .jobline/dev/token; later runs reuse it while the API
# still accepts it, so `npm run dev` does not leave one more never-expiring token behind on every run.
# Needs common.sh.

DEV_TOKEN_DAYS=30

# dev_token API_URL MINT_COMMAND...: prints the token. MINT_COMMAND prints a new token on its last line.
dev_token() {
  local api="$1" file="$JOBLINE_STATE/dev/token" token=""
  shift
  if [ -s "$file" ]; then
    token="$(cat "$file")"
    if JOBLINE_PROBE_TOKEN="$token" http_ok "$api/v1/job-types"; then
      log "reusing the dev token in .jobline/dev/token"
      printf '%s\n' "$token"
      return 0
    fi
    log "the saved dev token is no longer accepted (expired, revoked, or another database): minting a new one"
  fi
  log "minting a dev token (owner dev, every scope, expires in $DEV_TOKEN_DAYS days)"
  token="$("$@" | tail -n 1)" || die "could not create a dev token"
  [ -n "$token" ] || die "could not create a dev token"
  mkdir -p "$(dirname "$file")"
  (
    umask 077
    printf '%s\n' "$token" >"$file"
  )
  printf '%s\n' "$token"
}
