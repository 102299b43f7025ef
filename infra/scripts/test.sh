#!/usr/bin/env bash
# `make test`: installs and starts what the tests need, runs every suite, stops what it started.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node_modules
ensure_tools
ensure_postgres
ensure_redis
trap stop_started_services EXIT
cd "$ROOT"
log "typecheck"
pnpm -s typecheck
log "jest: unit, integration, workflow, bundle and replay suites"
pnpm -s exec jest --ci --maxWorkers=2 "$@"
