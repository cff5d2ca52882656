# Every target runs under Node >= 24 (n8n 2.x needs it). scripts/ensure-node.sh fetches
# Node 24 from the npm registry into .tools/ when the system Node is older.
SHELL := /bin/bash
NODE_BIN := $(shell scripts/ensure-node.sh)
export PATH := $(NODE_BIN):$(PATH)
export npm_config_nodedir := $(abspath $(NODE_BIN)/..)
export npm_config_update_notifier := false

.PHONY: deps build lint typecheck test test-unit test-queue demo bench emulator n8n clean pack-check scan readme-check

# .npmrc turns install scripts off (eslint-plugin-n8n-nodes-base's preinstall demands pnpm);
# the one native module our dev tree needs is rebuilt explicitly for Node 24. Long steps print a
# line every 10 s (scripts/with-progress.sh); comments stay outside recipes so make does not echo them.
node_modules/.deps-stamp: package.json package-lock.json
	@scripts/with-progress.sh "npm ci: the development dependencies" "1-2 minutes" --packages . -- \
		npm ci --prefer-offline --no-audit --no-fund --loglevel=error
	@scripts/with-progress.sh "building isolated-vm for Node 24" "about a minute" -- \
		env JOBS=max npm rebuild --loglevel=error isolated-vm
	@touch $@

deps: node_modules/.deps-stamp

build: deps
	@rm -rf dist
	@scripts/with-progress.sh "building the package (tsc, icons)" "20-60 s" -- npm run --silent build

lint: deps
	npm run lint

typecheck: deps
	npx tsc -p tsconfig.test.json

pack-check: build
	node scripts/check-pack.js

# n8n's own scanner rules (@n8n/scan-community-package analyzePackage) on the source and on
# the unpacked npm pack tarball, offline (no provenance check, no download): fails on any error
scan: build
	node scripts/scan-package.js

readme-check:
	node scripts/assemble-readme.js --check

# n8n 2.41.1 into a cache outside the repo (first run only), for the e2e suites and the demo
n8n:
	@scripts/install-n8n.sh >/dev/null

# Every test: lint, types, the published file list, n8n's scanner, unit, engine, emulator
# conformance, e2e.
test: build lint typecheck pack-check scan readme-check n8n
	scripts/ensure-browser.sh
	npx jest --ci

# the queue-mode suite alone (part of `make test` too)
test-queue: build n8n
	npx jest --ci test/e2e/queue.test.ts test/e2e/queueBudget.test.ts

test-unit: build
	npx jest --ci --testPathIgnorePatterns /e2e/

demo: build n8n
	node scripts/demo.js

bench: build n8n
	node bench/run.js

emulator: deps
	node test/emulator/cli.js

clean:
	rm -rf dist node_modules .tools
