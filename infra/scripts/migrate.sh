#!/usr/bin/env bash
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/infra/scripts/bootstrap.sh"
pnpm_e2a migrate
