# shellcheck shell=bash
# Detections CTW-016 to CTW-019 (privilege_gain): capset raising, setuid-family
# gains, set-user-id execs, unshare(CLONE_NEWUSER) from a container.

# shellcheck source=detect_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/detect_lib.sh"

family_detect_privilege()
{
	local id f

	det_init
	ctw_start "${DET_ARGS[@]}" || return

	# CTW-016: nobody runs a binary with CAP_SYS_ADMIN as a permitted file
	# capability (no effective bit) and raises it into its effective set.
	id=$(hex64)
	det_run det-capset "$(cg_docker "$id")" "$J_NONNP | .process.capabilities.bounding += [\"CAP_SYS_ADMIN\"]" \
		--user "$NOBODY" -- sh -c '/det/fcap-trigger capset raise; /det/fcap-trigger capset same; /det/fcap-trigger capset drop'
	f="$(f_trig "$id" fcap-trigger) and .type == \"capset\""
	assert_det "$f and .ret == 0 and .args.effective.added == [\"CAP_SYS_ADMIN\"]" CTW-016 notice succeeded privilege_gain \
		"CTW-016: capset raising CAP_SYS_ADMIN from permitted to effective: notice, privilege_gain"
	assert_event "$CTW_OUT" "$f and $(f_det CTW-016) and (.reasons[0] | test(\"CAP_SYS_ADMIN\"))" \
		"CTW-016: the reason names CAP_SYS_ADMIN" "$f"
	assert_quiet "$f and .ret == 0 and (.args.effective.added | length) == 0 and (.args.effective.dropped | length) == 0" \
		CTW-016 "capset re-applying the same sets"
	assert_quiet "$f and .ret == 0 and .args.effective.new == \"0x0000000000000000\"" CTW-016 "capset dropping everything"
	assert_det "$(f_trig "$id" fcap-trigger) and .type == \"setuid_exec\"" CTW-018 notice succeeded privilege_gain \
		"CTW-018: exec of a file-capability binary by nobody (gains CAP_SYS_ADMIN permitted): notice"
	id=$(hex64)
	det_run det-capset-denied "$(cg_docker "$id")" . -- trigger capset raise
	assert_det "$(f_trig "$id") and .type == \"capset\" and .ret == -1" CTW-016 info denied privilege_gain \
		"CTW-016: capset raising a capability outside the bounding set, denied: info (notice one step down)"

	# CTW-017: uid 1000 holding CAP_SETUID (ambient) takes uid 0.
	id=$(hex64)
	det_run det-setuid "$(cg_docker "$id")" \
		'.process.capabilities |= (.bounding += ["CAP_SETUID"] | .effective += ["CAP_SETUID"] | .permitted += ["CAP_SETUID"] | .inheritable = ["CAP_SETUID"] | .ambient = ["CAP_SETUID"])' \
		--user 1000 -- sh -c 'trigger setuid 0'
	f="$(f_trig "$id") and .type == \"setuid\""
	assert_det "$f and .ret == 0 and .process.uid == 1000" CTW-017 warning succeeded privilege_gain \
		"CTW-017: setuid(0) by uid 1000 with CAP_SETUID: warning, privilege_gain"
	id=$(hex64)
	det_run det-setuid-denied "$(cg_docker "$id")" . --user 1000 -- sh -c 'trigger setuid 0; trigger setuid 1000; trigger setresuid 1000 1000 1000'
	f="$(f_trig "$id") and .type == \"setuid\""
	assert_det "$f and .ret == -1 and .args.uid == 0" CTW-017 notice denied privilege_gain \
		"CTW-017: setuid(0) by uid 1000 without CAP_SETUID, denied: notice"
	assert_quiet "$f and .ret == 0 and .args.uid == 1000" CTW-017 "setuid(getuid()) by uid 1000"
	assert_quiet "$f and .ret == 0 and .syscall == \"setresuid\"" CTW-017 "setresuid to its own ids by uid 1000"
	id=$(hex64)
	det_run det-setuid-drop "$(cg_docker "$id")" . --cap CAP_SETUID --cap CAP_SETGID -- sh -c 'trigger setgid 1000; trigger setuid 1000'
	f="$(f_trig "$id") and .type == \"setuid\""
	assert_quiet "$f and .ret == 0 and .args.uid == 1000" CTW-017 "root dropping privileges with setuid(1000)"
	assert_quiet "$f and .ret == 0 and .args.gid == 1000" CTW-017 "root dropping privileges with setgid(1000)"
	assert_no_event "$CTW_OUT" "$f and (.flags | index([\"privilege_gain\"]))" \
		"root dropping privileges: no privilege_gain at all"

	# CTW-018: a set-user-id root binary exec'd by nobody (no_new_privs off).
	id=$(hex64)
	det_run det-suid "$(cg_docker "$id")" "$J_NONNP" --user "$NOBODY" -- /det/suid-root ids
	f="$(f_ctr "$id") and .type == \"setuid_exec\""
	assert_det "$f and .process.euid == 0 and .process.uid == $NOBODY" CTW-018 notice succeeded privilege_gain \
		"CTW-018: set-user-id root binary exec'd by nobody in a container: notice, privilege_gain"
	# CTW-017 judged by the real uid: the set-user-id root binary (euid 0)
	# makes nobody uid 0 for good, as sudo does.
	id=$(hex64)
	det_run det-suid-setresuid "$(cg_docker "$id")" "$J_NONNP" --user "$NOBODY" -- \
		/det/suid-root setresuid 0 0 0
	f="$(f_ctr "$id") and .type == \"setuid\" and .syscall == \"setresuid\" and .ret == 0"
	assert_det "$f and .process.uid == $NOBODY and .process.euid == 0" CTW-017 warning succeeded privilege_gain \
		"CTW-017: setresuid(0,0,0) by a set-user-id root program run by nobody: warning"
	assert_event "$CTW_OUT" "$f and (.reasons | any(test(\"real uid is $NOBODY\")))" \
		"CTW-017: the reason names the real uid" "$f"

	# Root running a set-user-id binary owned by nobody drops to euid 65534.
	id=$(hex64)
	det_run det-suid-drop "$(cg_docker "$id")" "$J_NONNP" -- /det/suid-nobody ids
	det_ran "root ran the set-user-id nobody binary"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and $(f_det CTW-018)" \
		"root exec'ing a set-user-id binary owned by nobody (a drop): no CTW-018"
	# no_new_privs (runc's default): the set-user-id bit is ignored.
	id=$(hex64)
	det_run det-suid-nnp "$(cg_docker "$id")" . --user "$NOBODY" -- /det/suid-root ids
	assert_eq "$(grep -c "uid=$NOBODY euid=$NOBODY " <<<"$CTR_OUT")" 1 "no_new_privs: the set-user-id root binary runs with euid 65534"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and $(f_det CTW-018)" \
		"set-user-id exec under no_new_privs: no CTW-018"

	# CTW-019: unshare(CLONE_NEWUSER) from a default container.
	id=$(hex64)
	det_run det-userns-unshare "$(cg_docker "$id")" . --cap CAP_SYS_ADMIN -- sh -c 'trigger unshare user; trigger unshare uts'
	f="$(f_trig "$id") and .type == \"unshare\""
	assert_det "$f and (.args.flags | index([\"CLONE_NEWUSER\"])) and .ret == 0" CTW-019 warning succeeded privilege_gain \
		"CTW-019: unshare(CLONE_NEWUSER) from a container: warning, privilege_gain"
	assert_quiet "$f and .args.flags == [\"CLONE_NEWUTS\"]" CTW-019 "unshare(CLONE_NEWUTS) from a container"
	run_trigger unshare user
	assert_eq "$TRIG_RET" 0 "unshare(CLONE_NEWUSER) on the host succeeds (trigger)"
	ctw_stop
	assert_no_event "$CTW_OUT" "$(f_pid "$TRIG_PID") and .container == null" \
		"unshare(CLONE_NEWUSER) on the host: not flagged (not written with host_events: flagged-only)"
}
