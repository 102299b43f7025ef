#!/usr/bin/env bash
# `make down`: stops exactly what `make up` started, newest first.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for name in gateway api $(started_workers) partner-simulator temporal; do stop_bg "$name"; done
