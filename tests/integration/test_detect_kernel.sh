# shellcheck shell=bash
# Detections CTW-012 to CTW-014 (kernel_touch): module loads from a container
# and from the host, bpf() loads from a container. On a kernel without
# CONFIG_MODULES init_module answers ENOSYS and is seen only through the
# raw_syscalls fallback, which is opt-in there (--syscall-fallback on); the
# attempt is the signal.

# shellcheck source=detect_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/detect_lib.sh"

family_detect_kernel()
{
	local id f

	det_init
	ctw_start "${DET_ARGS[@]}" --syscall-fallback on || return

	# CTW-012: any module load attempt from a container stays critical.
	id=$(hex64)
	det_run det-module "$(cg_docker "$id")" . -- sh -c 'trigger init-module; trigger finit-module /bin/busybox'
	trigger_parse "$CTR_OUT" init_module
	f="$(f_trig "$id") and .type == \"module_load\""
	assert_det "$f and .args.op == \"init_module\" and .ret == $(expected_ret)" CTW-012 critical denied kernel_touch \
		"CTW-012: init_module from a container (ret $(expected_ret)): critical, kernel_touch"
	assert_det "$f and .args.op == \"finit_module\"" CTW-012 critical denied kernel_touch \
		"CTW-012: finit_module from a container: critical"
	assert_no_event "$CTW_OUT" "$f and $(f_det CTW-013)" "a container's module load is not CTW-013"
	id=$(hex64)
	det_run det-module-seccomp "$(cg_docker "$id")" . --deny init_module -- trigger init-module
	assert_det "$(f_trig "$id") and .type == \"module_load\" and .args.op == \"init_module\" and (.args_unknown | not)" CTW-012 critical denied kernel_touch \
		"CTW-012: init_module refused by seccomp (arguments read at sys_exit): critical"

	# CTW-013: the host. Denied (ENOSYS here), so one step below notice.
	run_trigger init-module
	f="$(f_pid "$TRIG_PID") and .type == \"module_load\" and .container == null"
	if [ "${TRIG_RET:-0}" -lt 0 ]; then
		assert_det "$f" CTW-013 info denied kernel_touch \
			"CTW-013: init_module attempt on the host, denied: info (notice one step down), kernel_touch"
	else
		assert_det "$f" CTW-013 notice succeeded kernel_touch "CTW-013: module load on the host: notice"
	fi
	assert_no_event "$CTW_OUT" "$f and $(f_det CTW-012)" "a host module load is not CTW-012"

	# CTW-014: BPF map and program from a container with CAP_BPF.
	id=$(hex64)
	det_run det-bpf "$(cg_docker "$id")" . --cap CAP_BPF -- sh -c '
		trigger bpf-map-create; trigger bpf-prog-load socket; dettrig bpf-cmd 11'
	f="$(f_ctr "$id") and .type == \"bpf\""
	assert_det "$f and .args.cmd == \"BPF_MAP_CREATE\" and .ret >= 0" CTW-014 warning succeeded kernel_touch \
		"CTW-014: BPF_MAP_CREATE from a container with CAP_BPF: warning, kernel_touch"
	assert_det "$f and .args.cmd == \"BPF_PROG_LOAD\" and .ret >= 0" CTW-014 warning succeeded kernel_touch \
		"CTW-014: BPF_PROG_LOAD (socket filter) from a container: warning"
	assert_quiet "$f and .args.cmd_raw == 11" CTW-014 "bpf(BPF_PROG_GET_NEXT_ID) from a container"
	# Without it: denied, one step lower; refused by seccomp: the command is
	# read at sys_exit from the saved registers.
	id=$(hex64)
	det_run det-bpf-denied "$(cg_docker "$id")" . -- trigger bpf-map-create
	assert_det "$(f_trig "$id") and .type == \"bpf\" and .ret == -1" CTW-014 notice denied kernel_touch \
		"CTW-014: BPF_MAP_CREATE denied in a default container: notice"
	id=$(hex64)
	det_run det-bpf-seccomp "$(cg_docker "$id")" . --deny bpf -- trigger bpf-prog-load socket
	assert_det "$(f_trig "$id") and .type == \"bpf\" and .args.cmd == \"BPF_PROG_LOAD\" and (.args_unknown | not)" CTW-014 notice denied kernel_touch \
		"CTW-014: bpf(BPF_PROG_LOAD) refused by seccomp, command read at sys_exit: notice"
	assert_event "$CTW_OUT" "$(f_trig "$id") and .type == \"bpf\" and (.reasons[0] | test(\"BPF program loaded\"))" \
		"CTW-014: the seccomp-refused call's reason names the command" "$(f_trig "$id")"
	run_trigger bpf-map-create
	assert_eq "$([ "${TRIG_RET:--1}" -ge 0 ] && echo ok)" ok "BPF_MAP_CREATE on the host succeeds (trigger)"
	ctw_stop
	assert_host_quiet "$TRIG_PID" CTW-014 "BPF_MAP_CREATE on the host: no CTW-014"
}
