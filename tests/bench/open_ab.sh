#!/usr/bin/env bash
# Cost of the file_write probe on unrelated opens: open_loop without the
# collector ("off"), with the collector minus file_write ("nofw": the other
# syscall tracepoints already move every syscall to the kernel's slow path),
# and with everything ("all"); interleaved round by round in the same run, so
# that drift of the machine lands on all three. Run as root after a build:
#   BUILD=build bash tests/bench/open_ab.sh [ROUNDS]
# Prints per mode the median over rounds of each side's median ns/op.
set -eu

BUILD=${BUILD:-build}
ROUNDS=${1:-7}
tmp=$(mktemp -d /tmp/ctw-open-ab.XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

cc -O2 -Wall -Wextra -o "$tmp/open_loop" "$(dirname "$0")/open_loop.c"
: >"$tmp/file"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Every type the collector reports except the two the open exits make (file_write, file_open).
nofw=capset,setuid,setuid_exec,mount,umount,module_load,setns,unshare,ptrace,bpf,open_by_handle_at,mknod,container_start,container_stop

run_loop() # SIDE
{
	local mode flag
	for mode in read write; do
		flag=""
		[ "$mode" = write ] && flag=-w
		"$tmp/open_loop" $flag "$tmp/file" | awk '{ print $3 }' >>"$tmp/$1.$mode"
	done
}

collector_start() # ARGS...
{
	"$BUILD/ctrwatch" --metrics-addr off --output /dev/null "$@" 2>"$tmp/ctw.log" &
	pid=$!
	until grep -qw ready "$tmp/ctw.log"; do
		kill -0 "$pid" 2>/dev/null || { cat "$tmp/ctw.log" >&2; exit 1; }
		sleep 0.1
	done
}

collector_stop()
{
	kill -TERM "$pid"
	wait "$pid" || true
	pid=""
}

for ((r = 1; r <= ROUNDS; r++)); do
	run_loop off
	collector_start --events "$nofw"
	run_loop nofw
	collector_stop
	collector_start
	run_loop all
	collector_stop
done
for mode in read write; do
	off=$(median <"$tmp/off.$mode")
	nofw=$(median <"$tmp/nofw.$mode")
	all=$(median <"$tmp/all.$mode")
	awk -v m="$mode" -v a="$off" -v b="$nofw" -v c="$all" -v n="$ROUNDS" 'BEGIN {
		printf "open(O_%s)+close, ns/op (median of %d rounds): %.1f without the collector, " \
			"%.1f with it minus file_write, %.1f with it all: file_write +%.1f, collector +%.1f\n",
			(m == "read" ? "RDONLY" : "WRONLY"), n, a, b, c, c - b, c - a }'
done
