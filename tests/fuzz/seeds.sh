#!/usr/bin/env bash
# Writes the seed corpus of one fuzz target into DIR: the committed seeds in
# tests/fuzz/corpus/<target>/ and the unit tests' fixtures, with the selector
# byte the target reads first where it has one.
set -eu
t=$1 dir=$2
here=$(cd "$(dirname "$0")" && pwd)
fx="$here/../fixtures"
rm -rf "$dir"
mkdir -p "$dir"
[ -d "$here/corpus/$t" ] && cp "$here/corpus/$t"/* "$dir"/ 2>/dev/null || true

# prefix BYTE FILE OUT: OUT is FILE with the byte (octal) in front.
prefix() { { printf "\\$1"; cat "$2"; } >"$dir/$3"; }

case "$t" in
config)
	for f in "$fx"/config/*.yaml "$here"/../../packaging/ctrwatch.yaml; do
		cp "$f" "$dir/$(basename "$f")"
	done
	;;
cgroup_path)
	i=0
	grep -v '^#' "$fx/cgroup/paths.txt" | awk 'NF == 4 { print $4 }' | while read -r p; do
		printf '%s' "$p" >"$dir/path-$i"
		i=$((i + 1))
	done
	;;
container_meta)
	find "$fx/meta" -name config.v2.json | while read -r f; do
		prefix 000 "$f" "docker-$(basename "$(dirname "$f")" | cut -c1-12)"
	done
	find "$fx/meta" -name config.json | while read -r f; do
		prefix 001 "$f" "oci-$(echo "$f" | md5sum | cut -c1-8)"
	done
	find "$fx/meta" -name containers.json | while read -r f; do
		{ printf '\002\100'; grep -o '"id": *"[0-9a-f]\{64\}"' "$f" | head -n 1 |
			grep -o '[0-9a-f]\{64\}' | tr -d '\n'; cat "$f"; } >"$dir/storage"
	done
	find "$fx/meta" -name state.json | while read -r f; do
		{ printf '\003\000'; cat "$f"; } >"$dir/runc-state"
	done
	;;
posture)
	for f in "$fx"/posture/*; do
		case "$(basename "$f")" in
		status-*) prefix 000 "$f" "$(basename "$f")" ;;
		uid_map-*) prefix 001 "$f" "$(basename "$f")" ;;
		*limit* | *quota* | pids.max*) prefix 003 "$f" "$(basename "$f")" ;;
		devices.list-*) prefix 004 "$f" "$(basename "$f")" ;;
		mountinfo-container-*)
			{ printf '\005'; cat "$f"; printf '\000'; cat "$fx/posture/mountinfo-host"; } \
				>"$dir/$(basename "$f")"
			;;
		esac
	done
	;;
mountinfo)
	for f in "$fx"/cgroup/mountinfo-* "$fx"/posture/mountinfo-*; do
		prefix 000 "$f" "$(basename "$f")"
		prefix 002 "$f" "$(basename "$f")-host"
	done
	;;
proc_read)
	# Two mask bytes (no file dropped), the host root pick, then the files in
	# fuzz_proc_read.c's order.
	cgroups='#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t2\t40\t1\nmemory\t5\t90\t1\npids\t9\t80\t1\n'
	stat='100 (sle) ep) S 90 100 100 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 12345 1000 100'
	i=0
	for status in status-privileged status-default status-userns; do
		devices=default
		[ "$status" = status-privileged ] && devices=all
		for host_mi in "$fx/posture/mountinfo-host" "$fx"/cgroup/mountinfo-*; do
			{
				printf '\000\000\000'
				cat "$fx/posture/$status"
				printf '\000'
				cat "$fx/posture/status-host-init"
				printf '\00040\n\000docker-default (enforce)\n\000'
				cat "$fx/posture/uid_map-remapped"
				printf '\000'
				cat "$fx/posture/mountinfo-container-socket"
				printf '\000'
				cat "$host_mi"
				printf '\000'
				cat "$fx/posture/proc-cgroup-hybrid"
				printf "\\000$cgroups\\000"
				cat "$fx/posture/memory.limit_in_bytes-limited"
				printf '\000'
				cat "$fx/posture/pids.max-limited"
				printf '\000'
				cat "$fx/posture/devices.list-$devices"
				printf '\000max 100000\n\000sleep\n\000%s\000sleep\000100\000' "$stat"
			} >"$dir/proc-$i"
			i=$((i + 1))
		done
	done
	;;
esac
# libFuzzer needs at least one input to start from.
[ -n "$(ls -A "$dir")" ] || printf '' >"$dir/empty"
