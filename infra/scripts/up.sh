#!/usr/bin/env bash
# `make up [WORKERS=N]`: tools, Postgres, Redis, migrations, then Temporal, N workers, API, gateway and the partner
# simulator.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/infra/scripts/bootstrap.sh"
ensure_tools
pnpm_e2a migrate >/dev/null

mkdir -p "$DATA_DIR/temporal"
TEMPORAL_PORT="${TEMPORAL_ADDRESS##*:}"
start_bg temporal "$TEMPORAL_CLI" server start-dev \
  --db-filename "$DATA_DIR/temporal/temporal.db" --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
  --search-attribute TenantId=Keyword --search-attribute FlowName=Keyword \
  --log-format json --log-level warn
wait_http temporal "http://127.0.0.1:$TEMPORAL_UI_PORT/" 90
# The UI answers before the frontend accepts calls; wait for the namespace too.
for _ in $(seq 1 60); do "$TEMPORAL_CLI" operator namespace describe default --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1 && break; sleep 0.5; done

# Every service runs as the bundle its image runs (infra/scripts/bundle.ts, Dockerfile): plain node, no TypeScript
# loader (~34 MB RSS saved per process), the worker with its workflows prebuilt so webpack never runs inside it.
# No --enable-source-maps: Node parses the maps at load (the API measured 175 → 321 MB RSS with it); the bundles are
# not minified, so stack traces still name our functions.
if ! { is_running api && is_running gateway && is_running worker && is_running partner-simulator; }; then
  node "$NODE_ENV_FILE" --import tsx "$ROOT/infra/scripts/bundle.ts" worker api gateway partner-simulator >/dev/null
  # The operator console the API serves at /console/: client regenerated from the routes, type-checked, built.
  log "building the console (services/console/dist)"
  (cd "$ROOT" && pnpm -s --filter @e2a/console build >"$LOG_DIR/console-build.log" 2>&1) \
    || { tail -n 30 "$LOG_DIR/console-build.log" >&2; fail "the console did not build (log: .data/logs/console-build.log)"; }
fi
# V8 heap limits and malloc arenas are set at launch, as in the Dockerfile (infra/runtime-flags.ts, measured in
# docs/benchmarks.md): a .env may override the flags per role.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
read -r -a worker_node_flags <<<"${WORKER_NODE_FLAGS:---max-old-space-size=192 --max-semi-space-size=8}"
read -r -a gateway_node_flags <<<"${GATEWAY_NODE_FLAGS:---max-old-space-size=128 --max-semi-space-size=4}"
start_bg partner-simulator node "$NODE_ENV_FILE" "$ROOT/services/partner-simulator/dist/main.js"
# WORKERS=N runs N worker processes on the one task queue, each with its own /metrics port (9464, 9465, ...).
WORKERS="${WORKERS:-1}"
[[ "$WORKERS" =~ ^[1-9][0-9]*$ ]] || fail "WORKERS must be a positive integer (got '$WORKERS')"
for i in $(seq 1 "$WORKERS"); do
  WORKFLOW_BUNDLE_PATH="$ROOT/services/worker/dist/workflow-bundle.js" \
    WORKER_METRICS_PORT="$(worker_metrics_port "$i")" \
    start_bg "$(worker_name "$i")" node "$NODE_ENV_FILE" "${worker_node_flags[@]}" "$ROOT/services/worker/dist/main.js"
done
start_bg api node "$NODE_ENV_FILE" "$ROOT/services/api/dist/main.js"
# The gateway is the hot path with a memory budget: a small young generation (docs/benchmarks.md).
start_bg gateway node "$NODE_ENV_FILE" "${gateway_node_flags[@]}" "$ROOT/services/gateway/dist/main.js"

wait_http partner-simulator "http://127.0.0.1:${PARTNER_SIMULATOR_PORT:-8090}/health"
for i in $(seq 1 "$WORKERS"); do
  wait_http "$(worker_name "$i")" "http://127.0.0.1:$(worker_metrics_port "$i")/health" 120 '"service":"worker"'
done
wait_http api "http://127.0.0.1:${API_PORT:-8000}/health"
wait_http gateway "http://127.0.0.1:${GATEWAY_PORT:-8080}/health"
# With the worker running, the demo tenant is provisioned by its onboarding workflow like any new tenant.
pnpm_e2a tenant create "${DEMO_TENANT:-demo-3pl}" \
  --webhook-secret "${DEMO_WEBHOOK_SECRET:-demo-webhook-secret}" --api-key "${DEMO_API_KEY:-demo-api-key}" \
  --partner-url "${PARTNER_SIMULATOR_URL:-http://127.0.0.1:${PARTNER_SIMULATOR_PORT:-8090}}" >/dev/null

cat <<URLS
E²A is up:
  Temporal Web UI   http://localhost:$TEMPORAL_UI_PORT   (server $TEMPORAL_ADDRESS)
  API               http://localhost:${API_PORT:-8000}   (docs: http://localhost:${API_PORT:-8000}/docs)
  Console           http://localhost:${API_PORT:-8000}/console/   (sign in with the API key below)
  Gateway           http://localhost:${GATEWAY_PORT:-8080}/ingest/...
  Worker metrics    $(for i in $(seq 1 "$WORKERS"); do printf 'http://localhost:%s/metrics ' "$(worker_metrics_port "$i")"; done)  ($WORKERS worker(s))
  Partner simulator http://localhost:${PARTNER_SIMULATOR_PORT:-8090}
  Postgres          $DATABASE_URL
  Demo tenant       ${DEMO_TENANT:-demo-3pl}  webhook secret '${DEMO_WEBHOOK_SECRET:-demo-webhook-secret}'  API key '${DEMO_API_KEY:-demo-api-key}' (local use only)
  Logs              .data/logs/   (make logs)   Stop: make down
URLS
