# shellcheck shell=bash
# Process identity and lineage on events (docs/event-format.md): exec_id,
# start_time, args, cwd, parent and ancestors, for a 3-level chain in a
# container on an overlay rootfs, for a process that was running before the
# collector started, and with args_bytes/ancestors bounded by the config.

# shellcheck source=detect_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/detect_lib.sh"

family_lineage()
{
	local id idp f cfg merged deep want n

	det_init

	# A process that exists before the collector does: it waits for a file,
	# in /tmp (its cwd comes from /proc/PID/cwd, read from the host).
	idp=$(hex64)
	det_start lin-pre "$(cg_docker "$idp")" . --overlay -- \
		sh -c 'cd /tmp && TRIGGER_WAIT=/tmp/go TRIGGER_LINGER=3 trigger unshare uts; true' ||
		fail "a detached overlay container starts" "$(cat "$ITEST_TMP/lin-pre.out")"
	sleep 0.5
	ctw_start "${DET_ARGS[@]}" || return

	# sh -> sh -> trigger, each a fork and an exec (", true" keeps busybox sh
	# from exec'ing its last command in place).
	id=$(hex64)
	det_run lin-chain "$(cg_docker "$id")" . --overlay -- \
		sh -c "sh -c 'TRIGGER_LINGER=2 trigger unshare uts; true'; true"
	det_ran "3-level chain sh -> sh -> trigger ran in an overlay container"
	f="$(f_trig "$id") and .type == \"unshare\""
	assert_event "$CTW_OUT" "$f and (.process.pid as \$p | .process.exec_id | test(\"^\\(\$p)-[0-9]+$\"))
		and (.process.start_time | test(\"^[0-9]{4}-\"))
		and .process.args == [\"trigger\", \"unshare\", \"uts\"] and .process.args_truncated == false" \
		"chain: exec_id is <pid>-<time>, start_time and args of the tool" "$f"
	assert_event "$CTW_OUT" "$f and .parent.pid == .process.ppid and .parent.comm == \"sh\"
		and (.parent.pid as \$p | .parent.exec_id | test(\"^\\(\$p)-[0-9]+$\"))
		and .ancestors[0].comm == \"sh\" and .ancestors[0].pid != .parent.pid
		and (.ancestors | length) <= 4" \
		"chain: parent is the inner sh, the first ancestor the outer sh" "$f"

	# process.cwd from the exec record: the container's path (the kernel's
	# walk stops at the task's root), and for a directory longer than the
	# record's 128 bytes its deepest whole names. Ten 19-byte names under
	# /tmp make 204 bytes, of which the last six (120) fit.
	deep=/tmp want=""
	for n in 0 1 2 3 4 5 6 7 8 9; do
		deep="$deep/n$n-aaaaaaaaaaaaaaaa"
		[ "$n" -ge 4 ] && want="$want/n$n-aaaaaaaaaaaaaaaa"
	done
	id=$(hex64)
	det_run lin-cwd "$(cg_docker "$id")" . --overlay -- \
		sh -c "export TRIGGER_LINGER=2; (cd /tmp && exec trigger unshare uts)
			mkdir -p $deep && (cd $deep && exec trigger unshare ipc); true"
	det_ran "cd /tmp && exec trigger, then the same in a 204-byte directory"
	f="$(f_trig "$id")"
	assert_event "$CTW_OUT" "$f and .type == \"unshare\" and (.args.flags | index([\"CLONE_NEWUTS\"]))
		and .process.cwd == \"/tmp\" and (.process | has(\"cwd_truncated\") | not)" \
		"cd /tmp && exec: process.cwd is the container's /tmp, not cut" "$f and .type == \"unshare\""
	assert_event "$CTW_OUT" "$f and .type == \"unshare\" and (.args.flags | index([\"CLONE_NEWIPC\"]))
		and .process.cwd == \"$want\" and .process.cwd_truncated == true" \
		"a 204-byte cwd keeps its deepest whole names (120 bytes) and cwd_truncated" \
		"$f and .type == \"unshare\""

	# The process from before the start: released now.
	merged=$ITEST_TMP/overlay/lin-pre/merged
	touch "$merged/tmp/go"
	f="$(f_trig "$idp") and .type == \"unshare\""
	assert_event "$CTW_OUT" "$f and (.process.pid as \$p | .process.exec_id | test(\"^\\(\$p)-[0-9]+$\"))
		and .process.args == [\"trigger\", \"unshare\", \"uts\"]
		and .parent.comm == \"sh\" and .parent.pid == .process.ppid
		and .process.cwd == \"/tmp\"" \
		"a process running before the collector started: exec_id, args, cwd and parent" "$f"
	ctr_kill lin-pre
	ctw_stop

	# The bounds: 16 bytes of argv (whole arguments) and one ancestor.
	cfg=$ITEST_TMP/lineage.yaml
	printf 'host_events: flagged-only\nargs_bytes: 16\nancestors: 1\n' >"$cfg"
	ctw_start --metrics-addr off --config "$cfg" || return
	id=$(hex64)
	det_run lin-bound "$(cg_docker "$id")" . -- \
		sh -c "sh -c 'TRIGGER_LINGER=2 trigger unshare uts; true'; true"
	f="$(f_trig "$id") and .type == \"unshare\""
	assert_event "$CTW_OUT" "$f and .process.args == [\"trigger\", \"unshare\"]
		and .process.args_truncated == true and (.ancestors | length) == 1" \
		"args_bytes 16 keeps whole arguments and says so; ancestors 1 keeps one" "$f"
	ctw_stop
}
