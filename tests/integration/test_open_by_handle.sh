# shellcheck shell=bash
# open_by_handle_at(2): the "shocker" escape primitive. Granted on the host
# with CAP_DAC_READ_SEARCH, denied without it.

family_open_by_handle()
{
	local file id pod f

	file=$ITEST_TMP/handle-target
	echo data >"$file"
	chmod 644 "$file"

	ctw_start --events open_by_handle_at || return

	run_trigger open-by-handle "$file"
	f="$(f_pid "$TRIG_PID") and .type == \"open_by_handle_at\""
	expect_event "$CTW_OUT" "$f and .ret == $TRIG_RET and .ret >= 0 and .outcome == \"succeeded\" and .container == null" \
		"host open_by_handle_at after name_to_handle_at: ret is the fd ($TRIG_RET)" "$(f_pid "$TRIG_PID")"
	local mfd
	mfd=$(sed -nE 's/^trigger: mount_fd=([0-9]+).*/\1/p' <<<"$TRIG_OUT")
	expect_event "$CTW_OUT" "$f and .args.mount_fd == $mfd and (.args.flags | index([\"O_RDONLY\"]))" \
		"open_by_handle_at: mount fd $mfd and flags O_RDONLY reported" "$f"

	run_trigger --as "$NOBODY" open-by-handle "$file"
	f="$(f_pid "$TRIG_PID") and .type == \"open_by_handle_at\""
	expect_event "$CTW_OUT" "$f and .ret == -1 and .error == \"EPERM\" and .outcome == \"denied\"" \
		"host open_by_handle_at as nobody: ret -EPERM, denied" "$(f_pid "$TRIG_PID")"

	id=$(hex64)
	pod=$(uuid)
	ctr_run obh-kubelet "$(cg_kubelet "$id" "$pod")" -- trigger open-by-handle /bin/busybox
	f="$(f_ctr "$id") and .process.comm == \"trigger\" and .type == \"open_by_handle_at\""
	expect_event "$CTW_OUT" "$f and .ret == -1 and .outcome == \"denied\" and .container.runtime == \"kubernetes\"" \
		"kubelet container without CAP_DAC_READ_SEARCH: open_by_handle_at denied with -EPERM" "$(f_ctr "$id")"
	ctw_stop
}
