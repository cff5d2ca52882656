#!/usr/bin/env bash
# Makes sure a Chromium exists for the browser tests (playwright-core drives the system one;
# nothing is downloaded from Playwright's CDN). Installs Debian's chromium when
# /usr/bin/chromium is missing; a no-op afterwards. Prints the browser's path.
#
# Env: CHROMIUM_PATH (default /usr/bin/chromium). Needs root (or sudo) for apt-get.
set -euo pipefail

browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
	echo "$browser"
	exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo="sudo -n"
	else
		echo "ensure-browser: $browser is missing and installing it needs root (apt-get install chromium)" >&2
		exit 1
	fi
fi

# Two `make test` runs at once must not run apt-get concurrently.
lock="${TMPDIR:-/tmp}/n8n-nodes-orcid-ensure-browser.lock"
exec 9>"$lock"
flock 9
if [ ! -x "$browser" ]; then
	start=$(date +%s)
	echo "ensure-browser: installing Debian's chromium (first run only)" >&2
	export DEBIAN_FRONTEND=noninteractive
	# apt's own lock: wait for another apt-get instead of failing
	$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
	$sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium >&2
	echo "ensure-browser: done in $(($(date +%s) - start)) s" >&2
fi
if [ ! -x "$browser" ]; then
	echo "ensure-browser: apt-get finished but $browser is still missing" >&2
	exit 1
fi
echo "$browser"
