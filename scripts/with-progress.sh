#!/usr/bin/env bash
# Runs a long step and prints a line to stderr every PROGRESS_EVERY seconds (default 10) while
# it runs, so that a first `make demo` or `make test` never sits silent: what is happening, for
# how long so far, how long it usually takes and, for an npm install, how many packages are in
# place. Exits with the step's own status.
#
#   scripts/with-progress.sh "what" "usual time" [--packages DIR [TOTAL]] -- command [args...]
#
# --packages counts the packages unpacked in DIR/node_modules (TOTAL: how many to expect).
set -uo pipefail

what="$1"
usual="$2"
shift 2
pkg_dir=""
pkg_total=""
if [ "${1:-}" = "--packages" ]; then
	pkg_dir="$2"
	shift 2
	if [ "${1:-}" != "--" ]; then
		pkg_total="$1"
		shift
	fi
fi
[ "${1:-}" = "--" ] && shift
every="${PROGRESS_EVERY:-10}"

packages() {
	local n
	shopt -s nullglob
	local top=("$pkg_dir"/node_modules/*/package.json "$pkg_dir"/node_modules/@*/*/package.json)
	shopt -u nullglob
	n=${#top[@]}
	if [ -n "$pkg_total" ]; then
		echo ", $n of $pkg_total packages unpacked"
	else
		echo ", $n packages unpacked"
	fi
}

start=$(date +%s)
echo "$what (usually $usual)..." >&2
"$@" &
pid=$!
next=$((start + every))
while kill -0 "$pid" 2>/dev/null; do
	sleep 1
	now=$(date +%s)
	if [ "$now" -ge "$next" ] && kill -0 "$pid" 2>/dev/null; then
		echo "  ... $what: $((now - start)) s so far$([ -n "$pkg_dir" ] && packages) (usually $usual)" >&2
		next=$((now + every))
	fi
done
wait "$pid"
status=$?
echo "  $what: $([ "$status" -eq 0 ] && echo done || echo "failed (exit $status)") in $(($(date +%s) - start)) s" >&2
exit "$status"
