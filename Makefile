# E²A: every target is idempotent and installs what it needs (see infra/scripts/).
SHELL := /usr/bin/env bash
# Node 24 from .tools (installed by the tools step) runs every target.
export PATH := $(CURDIR)/.tools/node/bin:$(PATH)
.DEFAULT_GOAL := help
.PHONY: help up down demo test check migrate logs tools bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

tools: ## install pnpm deps, the Temporal CLI and test server; start Postgres and Redis if stopped
	@infra/scripts/bootstrap.sh

up: ## start Temporal, worker(s) (WORKERS=N), API (8000), gateway (8080) in the background and wait for /health
	@infra/scripts/up.sh

down: ## stop exactly what `make up` started (every worker)
	@infra/scripts/down.sh

demo: ## make up, seed demo-3pl, send demo orders, drive the flows, print a summary (DEMO_ONCE=1 exits)
	@infra/scripts/demo.sh

test: ## install and start what the tests need, run every suite, stop what it started
	@infra/scripts/test.sh

check: ## typecheck + lint + format check + unit tests
	@infra/scripts/bootstrap.sh && pnpm -s check

migrate: ## create the database if missing and apply migrations
	@infra/scripts/migrate.sh

logs: ## follow the logs of everything `make up` started
	@tail -n 50 -F .data/logs/*.log

clean: down ## stop everything and delete local state (.data)
	@rm -rf .data
