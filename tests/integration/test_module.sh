# shellcheck shell=bash
# module_load: init_module/finit_module attempts. Without CONFIG_MODULES the
# syscalls answer ENOSYS and have no tracepoints: by default nothing is
# attached for them (raw_syscalls would tax every syscall of the host for
# attempts that cannot succeed); --syscall-fallback on reports them through
# the raw_syscalls fallback. A kernel with modules reports them natively.

MODULE_METRICS=127.0.0.1:7893

# module_scrape: the collector's /metrics now.
module_scrape() { curl -s --max-time 5 "http://$MODULE_METRICS/metrics"; }

# The attempts, on the host and from a container: reported either way.
module_attempts()
{
	local how=$1 id f

	run_trigger init-module
	f="$(f_pid "$TRIG_PID") and .type == \"module_load\""
	expect_event "$CTW_OUT" "$f and .ret == $(expected_ret) and .outcome == \"denied\" and .container == null and .syscall == \"init_module\"" \
		"$how: host init_module attempt: module_load event, ret $(expected_ret), denied" "$(f_pid "$TRIG_PID")"
	expect_event "$CTW_OUT" "$f and .args.op == \"init_module\" and .args.len == 64" \
		"$how: init_module: op and image length reported" "$f"

	run_trigger finit-module
	f="$(f_pid "$TRIG_PID") and .type == \"module_load\""
	expect_event "$CTW_OUT" "$f and .ret == $(expected_ret) and .args.op == \"finit_module\"" \
		"$how: host finit_module attempt: module_load event, op finit_module, ret $(expected_ret)" \
		"$(f_pid "$TRIG_PID")"

	run_trigger --as "$NOBODY" init-module
	f="$(f_pid "$TRIG_PID") and .type == \"module_load\""
	expect_event "$CTW_OUT" "$f and .ret == $(expected_ret) and .process.uid == $NOBODY" \
		"$how: host init_module as nobody: reported with ret $(expected_ret)" "$(f_pid "$TRIG_PID")"

	id=$(hex64)
	ctr_run module-podman "$(cg_podman_container "$id")" -- trigger init-module
	trigger_parse "$CTR_OUT" init_module
	f="$(f_ctr "$id") and .process.comm == \"trigger\" and .type == \"module_load\""
	expect_event "$CTW_OUT" "$f and .ret == $(expected_ret) and .container.runtime == \"podman\"" \
		"$how: podman container: init_module attempt reported, ret $(expected_ret), runtime podman" "$(f_ctr "$id")"
}

# The default on a kernel without module support: no raw_syscalls, said once.
module_default_without_modules()
{
	local metrics pid id

	ctw_start --events module_load,module_request --metrics-addr "$MODULE_METRICS" || return
	assert_eq "$(grep -c 'module/module_request tracepoint absent: module auto-loads are not attributed' "$CTW_ERR")" 1 \
		"default, no module support: the start-up log says once that module auto-loads are not attributed"
	assert_eq "$(grep -c 'this kernel cannot load modules (no /proc/modules, no module/module_load tracepoint): init_module/finit_module attempts, which can only fail with ENOSYS, are not reported' "$CTW_ERR")" 1 \
		"default, no module support: the start-up log says so once"
	if grep -q 'attached [0-9]* programs natively, 0 through the raw_syscalls fallback (0 syscalls)' "$CTW_ERR"; then
		pass "default, no module support: nothing attached through raw_syscalls"
	else
		fail "default, no module support: nothing attached through raw_syscalls" "$(grep attached "$CTW_ERR")"
	fi
	metrics=$(module_scrape)
	assert_eq "$(grep -c '^ctrwatch_kernel_modules_supported 0$' <<<"$metrics")" 1 \
		"/metrics: ctrwatch_kernel_modules_supported 0"
	assert_eq "$(grep -c '^ctrwatch_program_attached{program="handle_sys_enter_\(init\|finit\)_module",mechanism="unavailable"} 0$' <<<"$metrics")" 2 \
		"/metrics: init_module and finit_module unavailable, not attached"
	assert_eq "$(grep -c '^ctrwatch_program_attached{program="handle_module_request",mechanism="unavailable"} 0$' <<<"$metrics")" 1 \
		"/metrics: handle_module_request unavailable, not attached"
	assert_eq "$(grep -c 'mechanism="raw_syscalls_fallback"' <<<"$metrics")" 0 \
		"/metrics: no program on the raw_syscalls fallback"
	assert_eq "$(curl -s --max-time 5 "http://$MODULE_METRICS/healthz")" ok \
		"/healthz: ok (what the kernel cannot run does not hold it back)"
	run_trigger init-module
	pid=$TRIG_PID
	id=$(hex64)
	ctr_run module-default-podman "$(cg_podman_container "$id")" -- trigger init-module
	trigger_parse "$CTR_OUT" init_module
	assert_eq "$TRIG_RET/$TRIG_ERRNO" "-1/38" "the container's init_module fails with ENOSYS (no module support)"
	ctw_stop
	assert_no_event "$CTW_OUT" "$(f_pid "${pid:-0}")" "default, no module support: no event for a host init_module"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id")" "default, no module support: no event for a container's init_module"
}

# A kernel that loads modules: the default reports the attempts natively.
module_default_with_modules()
{
	local metrics
	ctw_start --events module_load --metrics-addr "$MODULE_METRICS" || return
	metrics=$(module_scrape)
	assert_eq "$(grep -c '^ctrwatch_kernel_modules_supported 1$' <<<"$metrics")" 1 \
		"/metrics: ctrwatch_kernel_modules_supported 1"
	module_attempts "default, modules supported"
	ctw_stop
}

# --syscall-fallback on: the attempts are reported whatever the kernel.
module_fallback_on()
{
	local metrics
	ctw_start --events module_load --syscall-fallback on --metrics-addr "$MODULE_METRICS" || return
	if [ ! -e /proc/modules ]; then
		if grep -q 'are reported through the raw_syscalls fallback (--syscall-fallback on)' "$CTW_ERR"; then
			pass "--syscall-fallback on, no module support: the log says the attempts use raw_syscalls"
		else
			fail "--syscall-fallback on, no module support: the log says the attempts use raw_syscalls" \
				"$(grep -i module "$CTW_ERR")"
		fi
		metrics=$(module_scrape)
		assert_eq "$(grep -c '^ctrwatch_program_attached{program="handle_sys_enter_\(init\|finit\)_module",mechanism="raw_syscalls_fallback"} 1$' <<<"$metrics")" 2 \
			"/metrics: --syscall-fallback on: init_module and finit_module on raw_syscalls_fallback"
	fi
	module_attempts "--syscall-fallback on"
	ctw_stop
}

family_module()
{
	if [ -e /proc/modules ]; then
		module_default_with_modules
	else
		module_default_without_modules
	fi
	module_fallback_on
}
