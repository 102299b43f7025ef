#!/usr/bin/env bash
# The knowledge base's habit: ./run.sh generate batch, ./run.sh stats ... (same as `pnpm -s e2a <command>`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export PATH="$PWD/.tools/node/bin:$PATH"
exec pnpm -s e2a "$@"
