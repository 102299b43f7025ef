#!/usr/bin/env bash
# Everything a run or a test needs, installed and started; safe to rerun.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node_modules
ensure_tools
ensure_postgres
ensure_redis
