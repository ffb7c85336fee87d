# shellcheck shell=bash
# ptrace(2): attach to an own child, a denied attach, the host attaching to a
# container process, and an attach inside a container.

family_ptrace()
{
	local child id f

	ctw_start --events ptrace || return

	run_trigger ptrace-child
	child=$(sed -nE 's/^trigger: child=([0-9]+)/\1/p' <<<"$TRIG_OUT")
	f="$(f_pid "$TRIG_PID") and .type == \"ptrace\""
	expect_event "$CTW_OUT" "$f and .ret == 0 and .args.request == \"PTRACE_ATTACH\" and .args.target_pid == $child and .container == null" \
		"host PTRACE_ATTACH to its child: ret 0, request and target pid $child" "$(f_pid "$TRIG_PID")"

	run_trigger --as "$NOBODY" ptrace-attach 1
	f="$(f_pid "$TRIG_PID") and .type == \"ptrace\""
	expect_event "$CTW_OUT" "$f and .ret == -1 and .outcome == \"denied\" and .args.target_pid == 1" \
		"host PTRACE_ATTACH to pid 1 as nobody: ret -EPERM, denied" "$(f_pid "$TRIG_PID")"

	id=$(hex64)
	if ctr_start ptrace-docker "$(cg_docker_systemd "$id")" -- sleep 60; then
		run_trigger ptrace-attach "$CTR_PID"
		f="$(f_pid "$TRIG_PID") and .type == \"ptrace\""
		expect_event "$CTW_OUT" "$f and .ret == 0 and .container == null and .args.target_pid == $CTR_PID" \
			"host attaching to a container process: ret 0, target pid $CTR_PID" "$(f_pid "$TRIG_PID")"
		ctr_kill ptrace-docker
	else
		fail "a detached docker-layout container starts" "$(cat "$ITEST_TMP/ptrace-docker.out")"
	fi

	id=$(hex64)
	ctr_run ptrace-podman "$(cg_podman "$id")" -- trigger ptrace-child
	f="$(f_ctr "$id") and .process.comm == \"trigger\" and .type == \"ptrace\""
	expect_event "$CTW_OUT" "$f and .ret == 0 and .args.request == \"PTRACE_ATTACH\" and .container.runtime == \"podman\"" \
		"podman container: PTRACE_ATTACH to its own child succeeds, attributed" "$(f_ctr "$id")"
	ctw_stop
}
