#!/usr/bin/env bash
# Installs n8n 2.41.1 once into a cache folder outside the repo, for the e2e suites, the
# demo and the bench. Prints the install folder (its node_modules/.bin holds `n8n`).
#
# The recipe works without internet (only the npm registry is reachable here): n8n's install
# scripts would build librdkafka from downloaded sources, so they are skipped and only the
# native modules n8n needs at runtime are rebuilt for Node 24. It prints a progress line at
# least every 10 s (scripts/with-progress.sh).
#
# Idempotent: a stamp file makes later runs instant. Safe when two processes run it at once
# (an flock on the cache folder; the second waits and then sees the stamp).
#
# Env: N8N_ORCID_CACHE (default ~/.cache/n8n-nodes-orcid), N8N_VERSION (default 2.41.1).
set -euo pipefail

version="${N8N_VERSION:-2.41.1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${N8N_ORCID_CACHE:-$HOME/.cache/n8n-nodes-orcid}"
dir="$cache/n8n-$version"
stamp="$dir/.installed"

if [ -f "$stamp" ] && [ -x "$dir/node_modules/.bin/n8n" ]; then
	echo "$dir"
	exit 0
fi

node_bin="$("$root/scripts/ensure-node.sh")"
export PATH="$node_bin:$PATH"
# node-gyp headers must match the Node that runs n8n; the machine's global npmrc pins
# nodedir=/usr (the system Node 20).
export npm_config_nodedir="$(cd "$node_bin/.." && pwd)"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

mkdir -p "$cache"
exec 9>"$cache/.n8n-$version.lock"
flock 9
# Another process may have finished the install while we waited for the lock.
if [ -f "$stamp" ] && [ -x "$dir/node_modules/.bin/n8n" ]; then
	echo "$dir"
	exit 0
fi

start=$(date +%s)
echo "install-n8n: installing n8n@$version into $dir (first run only; several minutes, a line every 10 s)" >&2
mkdir -p "$dir"
cd "$dir"
progress="$root/scripts/with-progress.sh"
lock="$root/scripts/n8n-install"
if [ "$version" = "$(node -p "require('$lock/package.json').dependencies.n8n")" ]; then
	# The lockfile pins n8n's whole tree (2,400 packages), so npm only downloads and unpacks:
	# no resolving, which is most of a plain `npm install n8n` on an empty npm cache, and the
	# same tree on every machine. Regenerate it with `npm install --package-lock-only` there
	# when N8N_VERSION changes. --prefer-offline: cached metadata is used without asking again.
	cp "$lock/package.json" "$lock/package-lock.json" .
	total=$(node -e '
		const l = require("./package-lock.json");
		const here = (v, k, want) => !v[k] || v[k].includes(want);
		console.log(Object.entries(l.packages).filter(([p, v]) => p && p.split("node_modules/").length === 2
			&& here(v, "os", "linux") && here(v, "cpu", process.arch) && here(v, "libc", "glibc")).length)')
	"$progress" "install-n8n: downloading and unpacking n8n's packages" "1-2 minutes" \
		--packages "$dir" "$total" -- \
		npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error >&2
else
	# Its own package.json, so npm neither walks up into the repo nor reads the repo's .npmrc.
	[ -f package.json ] || echo "{\"name\":\"n8n-orcid-cache\",\"private\":true,\"version\":\"0.0.0\"}" > package.json
	"$progress" "install-n8n: resolving and downloading n8n@$version (no lockfile for it)" "4-6 minutes" \
		--packages "$dir" -- \
		npm install --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error "n8n@$version" >&2
fi
# Only the native modules n8n loads at run time, built in parallel (sqlite3 compiles its bundled
# SQLite, the version n8n is tested with).
export JOBS=max
"$progress" "install-n8n: building sqlite3 and isolated-vm for Node $(node -v)" "about a minute" -- \
	bash -c 'npm rebuild --loglevel=error sqlite3 & a=$!
		npm rebuild --loglevel=error isolated-vm @sentry/node-cpu-profiler @sentry/node-native-stacktrace & b=$!
		wait $a; ra=$?; wait $b; rb=$?; exit $((ra || rb))' >&2
# Fail here rather than at the first boot if a native module did not build.
node -e 'require("sqlite3"); require("isolated-vm")' >&2
N8N_USER_FOLDER="$dir/.version-check" "$dir/node_modules/.bin/n8n" --version >&2
date -u +%FT%TZ > "$stamp"
echo "install-n8n: done in $(($(date +%s) - start)) s" >&2
echo "$dir"
