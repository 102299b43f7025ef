#!/usr/bin/env bash
# `make test`: installs and starts what the tests need, runs every suite, stops what it started.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node_modules
ensure_tools
ensure_postgres
ensure_redis
trap stop_started_services EXIT
cd "$ROOT"
log "node $(node --version) ($(command -v node)), pnpm $(pnpm --version)"
log "typecheck"
pnpm -s typecheck
log "jest: unit, integration, workflow, bundle and replay suites"
status=0
pnpm -s exec jest --ci --maxWorkers=2 --json --outputFile="$DATA_DIR/jest-results.json" "$@" || status=$?
# One plain closing line for CI: "N passed, N failed".
node -e 'const r=require(process.argv[1]); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""))' \
  "$DATA_DIR/jest-results.json" 2>/dev/null || true
exit $status
