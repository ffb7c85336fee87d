# shellcheck shell=bash
# setuid_exec: a set-user-id / set-group-id binary exec'd by an unprivileged
# user is reported; ordinary execs are filtered out in the kernel.

family_setuid_exec()
{
	local dir f i pids=() filter id

	dir=$ITEST_TMP/suid
	mkdir -p "$dir"
	chmod 755 "$dir"
	cp "$TRIGGER" "$dir/suid-trigger"
	cp "$TRIGGER" "$dir/sgid-trigger"
	chown root:root "$dir/suid-trigger" "$dir/sgid-trigger"
	chmod 4755 "$dir/suid-trigger"
	chmod 2755 "$dir/sgid-trigger"

	ctw_start || return

	run_trigger ids
	# setpriv drops to nobody, then execs the set-user-id copy (same pid).
	TRIG_OUT=$(setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups "$dir/suid-trigger" ids 2>&1)
	trigger_parse "$TRIG_OUT" ids
	if grep -q "uid=$NOBODY euid=0 " <<<"$TRIG_OUT"; then
		pass "the set-user-id copy runs with euid 0 for nobody (trigger)"
	else
		fail "the set-user-id copy runs with euid 0 for nobody (trigger)" "$TRIG_OUT"
	fi
	f="$(f_pid "$TRIG_PID") and .type == \"setuid_exec\""
	expect_event "$CTW_OUT" "$f and .process.euid == 0 and .process.uid == $NOBODY and .container == null" \
		"set-user-id root binary exec'd by nobody: setuid_exec with euid 0, uid 65534" "$(f_pid "$TRIG_PID")"
	expect_event "$CTW_OUT" "$f and (.args.filename | endswith(\"/suid-trigger\"))" \
		"setuid_exec names the exec'd file" "$f"
	expect_event "$CTW_OUT" "$f and .args.old.euid == $NOBODY and .args.old.uid == $NOBODY and .args.new.euid == 0 and .args.file_uid == 0 and .args.setuid == true and .args.file_mode == \"04755\"" \
		"setuid_exec reports old euid 65534, new euid 0, the file owner and its mode 04755" "$f"
	expect_event "$CTW_OUT" "$f and .ret == 0" "setuid_exec: ret 0 (not a syscall result)" "$f"

	TRIG_OUT=$(setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups "$dir/sgid-trigger" ids 2>&1)
	trigger_parse "$TRIG_OUT" ids
	f="$(f_pid "$TRIG_PID") and .type == \"setuid_exec\""
	expect_event "$CTW_OUT" "$f and .process.egid == 0 and .process.gid == $NOBODY and .process.euid == $NOBODY and .args.setgid == true and .args.old.egid == $NOBODY" \
		"set-group-id root binary exec'd by nobody: setuid_exec with egid 0, euid unchanged" \
		"$(f_pid "$TRIG_PID")"

	# Ordinary execs, as root and as nobody: nothing at all from these pids.
	for ((i = 0; i < 50; i++)); do
		/bin/true &
		pids+=($!)
	done
	for ((i = 0; i < 10; i++)); do
		setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups "$TRIGGER_HOST" ids >/dev/null &
		pids+=($!)
	done
	wait "${pids[@]}"
	# And the trigger exec'd 50 times inside a container (podman layout).
	id=$(hex64)
	# shellcheck disable=SC2016 # expanded by the container's shell
	ctr_run exec-podman "$(cg_podman "$id")" -- \
		sh -c 'i=0; while [ $i -lt 50 ]; do trigger ids >/dev/null; i=$((i + 1)); done; echo done'
	assert_eq "$CTR_RC/$(tail -n 1 <<<"$CTR_OUT")" "0/done" "the container ran its 50 execs"

	ctw_stop
	filter=$(printf '.process.pid == %s or ' "${pids[@]:0:50}")
	assert_no_event "$CTW_OUT" "${filter% or }" "50 execs of /bin/true as root: no event of any type"
	filter=$(printf '.process.pid == %s or ' "${pids[@]:50}")
	assert_no_event "$CTW_OUT" "(${filter% or }) and .type == \"setuid_exec\"" \
		"ordinary exec after setpriv drops to nobody: no setuid_exec"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .process.comm == \"trigger\"" \
		"50 execs of the trigger in a container: no event of any type"
	assert_count "$CTW_OUT" '.type == "setuid_exec" and (.args.old | has("euid")) and .args.old.uid == .args.new.uid and .args.old.euid == .args.new.euid and .args.old.gid == .args.new.gid and .args.old.egid == .args.new.egid and .args.old.cap_permitted == .args.new.cap_permitted and .args.old.cap_effective == .args.new.cap_effective' -eq 0 \
		"no setuid_exec event anywhere shows unchanged credentials"
}
