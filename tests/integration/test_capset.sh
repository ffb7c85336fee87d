# shellcheck shell=bash
# capset(2): on the host (granted and denied) and inside a container.

family_capset()
{
	local id f

	ctw_start --events capset || return

	run_trigger capset same
	f="$(f_pid "$TRIG_PID") and .type == \"capset\""
	expect_event "$CTW_OUT" "$f and .ret == 0 and .outcome == \"succeeded\" and .container == null" \
		"host capset re-applying its sets: ret 0, succeeded, container null" "$(f_pid "$TRIG_PID")"
	expect_event "$CTW_OUT" "$f and .args.effective.old == .args.effective.new and .args.effective.old == .process.cap_effective and (.args.effective.added | length == 0) and (.args.effective.dropped | length == 0)" \
		"host capset re-applying its sets: old == new == the process's effective set, nothing added or dropped" "$f"

	run_trigger --as "$NOBODY" capset raise
	f="$(f_pid "$TRIG_PID") and .type == \"capset\""
	assert_eq "$TRIG_RET/$TRIG_ERRNO" "-1/1" "nobody raising CAP_SYS_ADMIN gets EPERM (trigger)"
	expect_event "$CTW_OUT" "$f and .ret == -1 and .error == \"EPERM\" and .outcome == \"denied\" and .process.uid == $NOBODY" \
		"host capset raising CAP_SYS_ADMIN as nobody: ret -EPERM, denied" "$(f_pid "$TRIG_PID")"
	expect_event "$CTW_OUT" "$f and .args.effective.added == [\"CAP_SYS_ADMIN\"] and .args.permitted.added == [\"CAP_SYS_ADMIN\"] and .args.effective.old == \"0x0000000000000000\"" \
		"denied capset: CAP_SYS_ADMIN asked for in effective and permitted, old effective empty" "$f"

	id=$(hex64)
	ctr_run capset-docker "$(cg_docker "$id")" -- sh -c 'trigger capset raise; trigger capset drop'
	f="$(f_ctr "$id") and .process.comm == \"trigger\" and .type == \"capset\""
	expect_event "$CTW_OUT" "$f and .ret == -1 and .outcome == \"denied\" and .container.runtime == \"docker\"" \
		"docker container: capset raising CAP_SYS_ADMIN is denied and attributed" "$(f_ctr "$id")"
	expect_event "$CTW_OUT" "$f and .ret == 0 and .args.effective.new == \"0x0000000000000000\" and (.args.effective.dropped | index([\"CAP_KILL\"]))" \
		"docker container: capset dropping every capability succeeds, CAP_KILL among the dropped" "$f"
	ctw_stop
}
