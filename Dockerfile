# syntax=docker/dockerfile:1.7
# E²A images: one target per service (worker, api, gateway, partner-simulator) plus `cli` for migrations and admin
# jobs. The operator console is no image of its own: the api image carries its static build and serves it at
# /console/ (same origin as the API it calls, so no CORS and one sign-in). Each runs the esbuild bundle `make up` runs (infra/scripts/bundle.ts) on a pinned Node LTS slim image, as the
# unprivileged `node` user, with only the service's production dependencies from the lockfile.
#   docker build --target worker -t e2a-worker:0.1.0 .
# docs/deployment.md says what was and was not run on the build machine.

ARG NODE_IMAGE=node:24.22.3-bookworm-slim

# --- toolchain: pnpm at the version package.json pins ---
FROM ${NODE_IMAGE} AS toolchain
ENV PNPM_HOME=/pnpm \
    PATH=/pnpm:$PATH \
    CI=true
RUN npm install --global --no-fund --no-audit pnpm@10.34.9
WORKDIR /app

# --- source with every dependency (dev included): what the build needs ---
FROM toolchain AS source
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm fetch --frozen-lockfile
COPY . .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm install --frozen-lockfile --offline

# --- build: every service bundle, and the worker's workflow bundle (webpack runs here, never in the worker) ---
FROM source AS build
# The console: typed client regenerated from the API's routes, type-checked, then the Vite build (services/console/dist).
RUN node --import tsx infra/scripts/bundle.ts worker api gateway partner-simulator cli \
    && pnpm --filter @e2a/console build

# --- production dependencies per service: flat node_modules, only what its bundle leaves external needs ---
FROM source AS prod-deps-base
RUN rm -rf node_modules ./*/node_modules ./*/*/node_modules

FROM prod-deps-base AS prod-deps-worker
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --prod --frozen-lockfile --offline --config.node-linker=hoisted --filter "@e2a/worker..."

FROM prod-deps-base AS prod-deps-api
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --prod --frozen-lockfile --offline --config.node-linker=hoisted --filter "@e2a/api..."

FROM prod-deps-base AS prod-deps-gateway
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --prod --frozen-lockfile --offline --config.node-linker=hoisted --filter "@e2a/gateway..."

FROM prod-deps-base AS prod-deps-partner-simulator
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --prod --frozen-lockfile --offline --config.node-linker=hoisted --filter "@e2a/partner-simulator..."

FROM prod-deps-base AS prod-deps-cli
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --prod --frozen-lockfile --offline --config.node-linker=hoisted --filter "@e2a/cli..."

# --- runtime base: no build tools, no source, not root ---
FROM ${NODE_IMAGE} AS runtime
# glibc malloc arenas: the default 8 per core left freed native memory resident (infra/runtime-flags.ts).
ENV NODE_ENV=production \
    APP_ENV=production \
    MALLOC_ARENA_MAX=2
WORKDIR /app
# The image's `node` user, numeric so Kubernetes can verify runAsNonRoot.
USER 1000:1000

# --- worker: workflows prebuilt, V8 heaps capped (infra/runtime-flags.ts; RSS under bench:system, docs/benchmarks.md) ---
FROM runtime AS worker
COPY --from=prod-deps-worker --chown=1000:1000 /app/node_modules ./node_modules
COPY --from=build --chown=1000:1000 /app/services/worker/dist ./services/worker/dist
ENV WORKFLOW_BUNDLE_PATH=/app/services/worker/dist/workflow-bundle.js \
    WORKER_METRICS_PORT=9464
EXPOSE 9464
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.WORKER_METRICS_PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--max-old-space-size=192", "--max-semi-space-size=8", "services/worker/dist/main.js"]

# --- api: REST API, OpenAPI docs, metrics ---
FROM runtime AS api
COPY --from=prod-deps-api --chown=1000:1000 /app/node_modules ./node_modules
COPY --from=build --chown=1000:1000 /app/services/api/dist ./services/api/dist
COPY --from=build --chown=1000:1000 /app/services/console/dist ./services/console/dist
ENV API_HOST=0.0.0.0 \
    API_PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.API_PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "services/api/dist/main.js"]

# --- gateway: the webhook hot path, small young generation (docs/benchmarks-gateway.md) ---
FROM runtime AS gateway
COPY --from=prod-deps-gateway --chown=1000:1000 /app/node_modules ./node_modules
COPY --from=build --chown=1000:1000 /app/services/gateway/dist ./services/gateway/dist
ENV GATEWAY_HOST=0.0.0.0 \
    GATEWAY_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.GATEWAY_PORT+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--max-old-space-size=128", "--max-semi-space-size=4", "services/gateway/dist/main.js"]

# --- partner simulator: deterministic partner APIs for demos and tests (never in production) ---
FROM runtime AS partner-simulator
COPY --from=prod-deps-partner-simulator --chown=1000:1000 /app/node_modules ./node_modules
COPY --from=build --chown=1000:1000 /app/services/partner-simulator/dist ./services/partner-simulator/dist
ENV APP_ENV=dev \
    PARTNER_SIMULATOR_HOST=0.0.0.0 \
    PARTNER_SIMULATOR_PORT=8090
EXPOSE 8090
HEALTHCHECK --interval=15s --timeout=3s --start-period=15s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PARTNER_SIMULATOR_PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "services/partner-simulator/dist/main.js"]

# --- cli: one-shot jobs (migrations by default; `tenant create`, `schedules apply`, ...): no server to check ---
FROM runtime AS cli
COPY --from=prod-deps-cli --chown=1000:1000 /app/node_modules ./node_modules
COPY --from=build --chown=1000:1000 /app/services/cli/dist ./services/cli/dist
HEALTHCHECK NONE
ENTRYPOINT ["node", "services/cli/dist/main.js"]
CMD ["migrate"]
