# shellcheck shell=bash
# pnpm 12 and the workspace's dependencies, on a machine that may have nothing but Node 20 and npm.
# Needs scripts/lib/common.sh.

JOBLINE_PNPM_VERSION="12.21.0"
_jobline_tools="$JOBLINE_STATE/tools"

_pnpm_major_ok() {
  local version
  version="$(pnpm --version 2>/dev/null)" || return 1
  [ "${version%%.*}" = "${JOBLINE_PNPM_VERSION%%.*}" ]
}

# ensure_pnpm: pnpm 12 on PATH. Installed with npm (corepack cannot verify registry signatures here):
# globally when there is no pnpm at all, else (or when the global prefix is not writable) under .jobline/tools.
ensure_pnpm() {
  if [ -x "$_jobline_tools/bin/pnpm" ]; then
    export PATH="$_jobline_tools/bin:$PATH"
  fi
  _pnpm_major_ok && return 0

  if command -v pnpm >/dev/null 2>&1; then
    warn "pnpm $(pnpm --version 2>/dev/null || echo '?') found; Jobline needs pnpm $JOBLINE_PNPM_VERSION: installing it under .jobline/tools"
  else
    log "pnpm not found: installing pnpm@$JOBLINE_PNPM_VERSION with npm"
    if npm install -g --no-fund --no-audit --loglevel=error "pnpm@$JOBLINE_PNPM_VERSION"; then
      hash -r
      _pnpm_major_ok && return 0
    fi
    warn "global npm install failed or is not on PATH: installing pnpm under .jobline/tools instead"
  fi
  npm install -g --prefix "$_jobline_tools" --no-fund --no-audit --loglevel=error "pnpm@$JOBLINE_PNPM_VERSION" ||
    die "could not install pnpm@$JOBLINE_PNPM_VERSION with npm (is the npm registry reachable?)"
  export PATH="$_jobline_tools/bin:$PATH"
  hash -r
  _pnpm_major_ok || die "pnpm $JOBLINE_PNPM_VERSION installed but not usable: $(command -v pnpm || echo 'not on PATH')"
}

# ensure_deps: the locked dependencies. A no-op in a second or two when node_modules is current.
ensure_deps() {
  log "installing dependencies (pnpm install --frozen-lockfile)"
  (cd "$JOBLINE_ROOT" && pnpm install --frozen-lockfile --reporter=append-only) ||
    die "pnpm install failed (if package.json changed, the lockfile must be updated with it)"
}

# build_all: every package and app into its dist/ (turbo caches what did not change).
build_all() {
  log "building (pnpm build)"
  (cd "$JOBLINE_ROOT" && pnpm build --output-logs=errors-only) || die "the build failed (see above)"
}
