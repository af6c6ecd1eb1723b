#!/usr/bin/env bash
# `npm run cli:install`: build the `jobline` command, pack it as a user installs it and install that tarball with
# `npm install -g`, so that `jobline …` works in every new shell, from any folder. npm's own settings apply: the
# global prefix (`npm prefix -g`), or npm_config_prefix for another one. `npm uninstall -g @jobline/cli` removes it.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/common.sh"
source "$here/lib/ensure-pnpm.sh"

cd "$JOBLINE_ROOT"
ensure_pnpm
ensure_deps
log "building the command (pnpm turbo run build --filter=@jobline/cli...)"
pnpm turbo run build --filter=@jobline/cli... --output-logs=errors-only || die "the build failed (see above)"

packed="$(mktemp -d)"
trap 'rm -rf "$packed"' EXIT
pnpm --filter @jobline/cli pack --pack-destination "$packed" >/dev/null || die "pnpm pack failed"
npm install -g --no-audit --no-fund --prefer-offline "$packed"/jobline-cli-*.tgz || die "npm install -g failed (see above)"

bin="$(npm prefix -g)/bin"
log "installed $bin/jobline"
case ":$PATH:" in
  *":$bin:"*) log "try it in a new shell: jobline --help" ;;
  *) warn "$bin is not on your PATH: add it (export PATH=\"$bin:\$PATH\" in your shell's profile), then: jobline --help" ;;
esac
