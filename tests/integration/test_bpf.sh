# shellcheck shell=bash
# bpf(2): map creation and program loads, granted on the host, denied in a
# container without CAP_BPF.

family_bpf()
{
	local id f

	ctw_start --events bpf || return

	run_trigger bpf-map-create
	f="$(f_pid "$TRIG_PID") and .type == \"bpf\""
	expect_event "$CTW_OUT" "$f and .args.cmd == \"BPF_MAP_CREATE\" and .ret == $TRIG_RET and .ret >= 0 and .outcome == \"succeeded\" and .container == null" \
		"host BPF_MAP_CREATE: ret is the new fd ($TRIG_RET), succeeded" "$(f_pid "$TRIG_PID")"
	expect_event "$CTW_OUT" "$f and .args.map_type == \"BPF_MAP_TYPE_ARRAY\"" \
		"host BPF_MAP_CREATE: map type decoded" "$f"

	run_trigger bpf-prog-load socket
	f="$(f_pid "$TRIG_PID") and .type == \"bpf\""
	expect_event "$CTW_OUT" "$f and .args.cmd == \"BPF_PROG_LOAD\" and .ret >= 0 and .args.prog_type == \"BPF_PROG_TYPE_SOCKET_FILTER\"" \
		"host BPF_PROG_LOAD of a socket filter: succeeded, prog type decoded" "$(f_pid "$TRIG_PID")"

	run_trigger --as "$NOBODY" bpf-prog-load tracepoint
	f="$(f_pid "$TRIG_PID") and .type == \"bpf\""
	expect_event "$CTW_OUT" "$f and .args.cmd == \"BPF_PROG_LOAD\" and .ret == -1 and .outcome == \"denied\"" \
		"host BPF_PROG_LOAD as nobody: ret -EPERM, denied" "$(f_pid "$TRIG_PID")"

	id=$(hex64)
	ctr_run bpf-docker "$(cg_docker "$id")" -- sh -c 'trigger bpf-prog-load tracepoint; trigger bpf-map-create'
	f="$(f_ctr "$id") and .process.comm == \"trigger\" and .type == \"bpf\""
	expect_event "$CTW_OUT" "$f and .args.cmd == \"BPF_PROG_LOAD\" and .ret == -1 and .outcome == \"denied\" and .container.runtime == \"docker\"" \
		"docker container without CAP_BPF: BPF_PROG_LOAD denied with -EPERM" "$(f_ctr "$id")"
	expect_event "$CTW_OUT" "$f and .args.cmd == \"BPF_MAP_CREATE\" and .ret == -1" \
		"docker container without CAP_BPF: BPF_MAP_CREATE denied with -EPERM" "$(f_ctr "$id")"
	ctw_stop
}
