#!/usr/bin/env bash
# `make demo`: brings E²A up, seeds demo-3pl, sends demo orders through the gateway, drives the flows and prints a
# summary; stays up until Ctrl-C (DEMO_ONCE=1 exits after the summary, leaving the system running for `make down`).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/infra/scripts/up.sh"
pnpm_e2a demo run --orders "${DEMO_ORDERS:-300}" --seed "${DEMO_SEED:-42}"
if [ "${DEMO_ONCE:-0}" = 1 ]; then exit 0; fi
log "E²A keeps running; Ctrl-C stops everything."
trap '"$ROOT/infra/scripts/down.sh"; exit 0' INT TERM
while true; do sleep 3600 & wait $!; done
