#!/usr/bin/env bash
# `make up`: tools, Postgres, Redis, migrations, then Temporal, worker, API, gateway and the partner simulator.
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

start_bg partner-simulator node "$NODE_ENV_FILE" --import tsx "$ROOT/services/partner-simulator/src/main.ts"
# Workflows are bundled once here, so webpack never runs (and never leaves its memory) inside the worker.
node "$NODE_ENV_FILE" --import tsx "$ROOT/services/worker/src/build-workflow-bundle.ts" "$DATA_DIR/build/workflow-bundle.js" >/dev/null
WORKFLOW_BUNDLE_PATH="$DATA_DIR/build/workflow-bundle.js" \
  start_bg worker node "$NODE_ENV_FILE" --max-old-space-size=256 --import tsx "$ROOT/services/worker/src/main.ts"
start_bg api node "$NODE_ENV_FILE" --import tsx "$ROOT/services/api/src/main.ts"
# The gateway is the hot path with a memory budget: a bundle on plain node (no TypeScript loader) and a small
# young generation (docs/benchmarks.md).
"$ROOT/node_modules/.bin/esbuild" "$ROOT/services/gateway/src/main.ts" --bundle --platform=node --target=node24 \
  --external:pg-native --sourcemap --log-level=warning --outfile="$DATA_DIR/build/gateway.js"
start_bg gateway node "$NODE_ENV_FILE" --max-semi-space-size=4 --enable-source-maps "$DATA_DIR/build/gateway.js"

wait_http partner-simulator "http://127.0.0.1:${PARTNER_SIMULATOR_PORT:-8090}/health"
wait_http worker "http://127.0.0.1:${WORKER_METRICS_PORT:-9464}/health" 120
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
  Gateway           http://localhost:${GATEWAY_PORT:-8080}/ingest/...
  Worker metrics    http://localhost:${WORKER_METRICS_PORT:-9464}/metrics
  Partner simulator http://localhost:${PARTNER_SIMULATOR_PORT:-8090}
  Postgres          $DATABASE_URL
  Demo tenant       ${DEMO_TENANT:-demo-3pl}  webhook secret '${DEMO_WEBHOOK_SECRET:-demo-webhook-secret}'  API key '${DEMO_API_KEY:-demo-api-key}' (local use only)
  Logs              .data/logs/   (make logs)   Stop: make down
URLS
