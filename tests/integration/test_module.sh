# shellcheck shell=bash
# module_load: init_module/finit_module attempts. Without CONFIG_MODULES the
# syscalls answer ENOSYS and have no tracepoints; the raw_syscalls fallback
# must still report the attempt.

family_module()
{
	local id f

	ctw_start --events module_load || return

	run_trigger init-module
	f="$(f_pid "$TRIG_PID") and .type == \"module_load\""
	expect_event "$CTW_OUT" "$f and .ret == $(expected_ret) and .outcome == \"denied\" and .container == null and .syscall == \"init_module\"" \
		"host init_module attempt: module_load event, ret $(expected_ret), denied" "$(f_pid "$TRIG_PID")"
	expect_event "$CTW_OUT" "$f and .args.op == \"init_module\" and .args.len == 64" \
		"init_module: op and image length reported" "$f"

	run_trigger finit-module
	f="$(f_pid "$TRIG_PID") and .type == \"module_load\""
	expect_event "$CTW_OUT" "$f and .ret == $(expected_ret) and .args.op == \"finit_module\"" \
		"host finit_module attempt: module_load event, op finit_module, ret $(expected_ret)" \
		"$(f_pid "$TRIG_PID")"

	run_trigger --as "$NOBODY" init-module
	f="$(f_pid "$TRIG_PID") and .type == \"module_load\""
	expect_event "$CTW_OUT" "$f and .ret == $(expected_ret) and .process.uid == $NOBODY" \
		"host init_module as nobody: reported with ret $(expected_ret)" "$(f_pid "$TRIG_PID")"

	id=$(hex64)
	ctr_run module-podman "$(cg_podman_container "$id")" -- trigger init-module
	trigger_parse "$CTR_OUT" init_module
	f="$(f_ctr "$id") and .process.comm == \"trigger\" and .type == \"module_load\""
	expect_event "$CTW_OUT" "$f and .ret == $(expected_ret) and .container.runtime == \"podman\"" \
		"podman container: init_module attempt reported, ret $(expected_ret), runtime podman" "$(f_ctr "$id")"
	ctw_stop
}
