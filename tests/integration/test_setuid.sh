# shellcheck shell=bash
# The setuid family: every syscall on the host, granted and denied, and in a
# container with and without CAP_SETUID.

family_setuid()
{
	local call id pod f

	ctw_start --events setuid || return

	for call in "setuid 0" "setgid 0" "setreuid 0 0" "setregid 0 0" "setresuid 0 0 0" \
		"setresgid 0 0 0" "setfsuid 0" "setfsgid 0"; do
		# shellcheck disable=SC2086
		run_trigger $call
		f="$(f_pid "$TRIG_PID") and .type == \"setuid\""
		expect_event "$CTW_OUT" "$f and .args.syscall == \"${call%% *}\" and .ret == $(expected_ret) and .container == null" \
			"host $call: a setuid event naming ${call%% *}, ret $(expected_ret)" "$(f_pid "$TRIG_PID")"
	done

	run_trigger setresuid 1000 1001 1002
	f="$(f_pid "$TRIG_PID") and .type == \"setuid\""
	expect_event "$CTW_OUT" "$f and .ret == 0 and .args.ruid == 1000 and .args.euid == 1001 and .args.suid == 1002 and .args.old_suid == 0" \
		"host setresuid 1000 1001 1002: the three ids are reported" "$f"

	run_trigger setreuid -1 0
	f="$(f_pid "$TRIG_PID") and .type == \"setuid\""
	expect_event "$CTW_OUT" "$f and .args.syscall == \"setreuid\" and .args.ruid == null and .args.euid == 0" \
		"host setreuid -1 0: the unchanged id is reported as null" "$f"

	run_trigger --as "$NOBODY" setuid 0
	assert_eq "$TRIG_RET/$TRIG_ERRNO" "-1/1" "nobody's setuid(0) gets EPERM (trigger)"
	f="$(f_pid "$TRIG_PID") and .type == \"setuid\" and .args.syscall == \"setuid\""
	expect_event "$CTW_OUT" "$f and .ret == -1 and .error == \"EPERM\" and .outcome == \"denied\" and .process.uid == $NOBODY and .args.uid == 0" \
		"host setuid(0) as nobody: ret -EPERM, denied, uid 65534 asking for 0" "$(f_pid "$TRIG_PID")"

	run_trigger --as "$NOBODY" setresgid 0 0 0
	f="$(f_pid "$TRIG_PID") and .type == \"setuid\" and .args.syscall == \"setresgid\""
	expect_event "$CTW_OUT" "$f and .ret == -1 and .outcome == \"denied\"" \
		"host setresgid(0,0,0) as nobody: ret -EPERM, denied" "$(f_pid "$TRIG_PID")"

	# kubelet cgroupfs layout: the runtime is not named by the path.
	id=$(hex64)
	pod=$(uuid)
	ctr_run setuid-kubelet "$(cg_kubelet "$id" "$pod")" -- trigger setuid "$NOBODY"
	f="$(f_ctr "$id") and .process.comm == \"trigger\" and .type == \"setuid\""
	expect_event "$CTW_OUT" "$f and .ret == -1 and .outcome == \"denied\" and .container.runtime == \"kubernetes\"" \
		"kubelet container without CAP_SETUID: setuid(65534) denied, runtime kubernetes" "$(f_ctr "$id")"

	id=$(hex64)
	ctr_run setuid-docker "$(cg_docker_systemd "$id")" --cap CAP_SETUID --cap CAP_SETGID -- \
		sh -c "trigger setgid $NOBODY; trigger setuid $NOBODY"
	f="$(f_ctr "$id") and .process.comm == \"trigger\" and .type == \"setuid\""
	expect_event "$CTW_OUT" "$f and .args.syscall == \"setuid\" and .ret == 0 and .container.runtime == \"docker\"" \
		"docker (systemd) container with CAP_SETUID: setuid(65534) succeeds" "$(f_ctr "$id")"
	expect_event "$CTW_OUT" "$f and .args.syscall == \"setgid\" and .ret == 0" \
		"docker (systemd) container with CAP_SETGID: setgid(65534) succeeds" "$(f_ctr "$id")"
	ctw_stop
}
