# shellcheck shell=bash
# CTW-020: undoing the paths runc masks (maskedPaths) or makes read-only
# (readonlyPaths) from inside a container, by umount, a mount over them, a
# read-write remount or a copy of /proc that leaves the masks behind, next to
# the benign mounts beside them and to runc's own masking (runtime_setup).

# shellcheck source=detect_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/detect_lib.sh"

# mount(2) flags, as the trigger takes them.
MS_RDONLY=1
MS_REMOUNT=32
MS_BIND=4096
MS_REC=16384
MS_PRIVATE=262144

family_detect_unmask()
{
	local id f u

	det_init
	ctw_start "${DET_ARGS[@]}" || return

	# runc's default spec: /proc/keys, /sys/firmware, ... masked, /proc/sys
	# read-only. CAP_SYS_ADMIN lets the container undo both.
	id=$(hex64)
	det_run det-unmask "$(cg_docker "$id")" . --cap CAP_SYS_ADMIN -- sh -c "
		trigger umount /proc/keys
		trigger mount none /proc/sys none $((MS_REMOUNT | MS_BIND))
		trigger mount /etc/passwd /proc/sys/kernel/core_pattern none $MS_BIND
		trigger mount /proc /mnt none $MS_BIND
		trigger umount /mnt
		trigger fsmount tmpfs /sys/firmware
		trigger open-tree /sys
		trigger mount none /proc/sys none $((MS_REMOUNT | MS_BIND | MS_RDONLY))
		trigger mount none /proc/sys none $MS_PRIVATE
		trigger mount /proc /mnt none $((MS_BIND | MS_REC))
		trigger umount /mnt $((2))
		trigger mount none /mnt tmpfs
		trigger open-tree /tmp"
	det_ran "container with CAP_SYS_ADMIN ran its unmasking sequence"
	f="$(f_trig "$id")"
	u="$f and .type == \"umount\""
	assert_det "$u and .args.target == \"/proc/keys\"" CTW-020 critical succeeded container_escape \
		"CTW-020: umount /proc/keys (masked by runc) from a container: critical, container_escape"
	assert_event "$CTW_OUT" "$u and .args.target == \"/proc/keys\" and (.reasons | any(test(\"the runtime masks /proc/keys\")))" \
		"CTW-020: the reason names the mask" "$u"
	f="$(f_trig "$id") and .type == \"mount\""
	assert_det "$f and .args.target == \"/proc/sys\" and (.args.flags | index([\"MS_REMOUNT\"])) and (.args.flags | index([\"MS_RDONLY\"]) | not)" \
		CTW-020 critical succeeded container_escape \
		"CTW-020: remount of /proc/sys read-write from a container: critical"
	assert_det "$f and .args.target == \"/proc/sys/kernel/core_pattern\"" CTW-020 critical succeeded container_escape \
		"CTW-020: bind mount over /proc/sys/kernel/core_pattern: critical"
	assert_det "$f and .args.source == \"/proc\" and .args.target == \"/mnt\" and (.args.flags | index([\"MS_REC\"]) | not)" \
		CTW-020 critical succeeded container_escape \
		"CTW-020: non-recursive bind of /proc (the masks stay behind): critical"
	assert_det "$f and .args.op == \"move_mount\" and .args.target == \"/sys/firmware\"" \
		CTW-020 critical succeeded container_escape \
		"CTW-020: new mount API move_mount over /sys/firmware: critical"
	assert_det "$f and .args.op == \"open_tree\" and .args.source == \"/sys\"" \
		CTW-020 critical succeeded container_escape \
		"CTW-020: open_tree(OPEN_TREE_CLONE) of /sys without AT_RECURSIVE: critical"
	# Benign neighbours in the same container.
	assert_quiet "$f and .args.target == \"/proc/sys\" and (.args.flags | index([\"MS_RDONLY\"]))" CTW-020 \
		"remount of /proc/sys read-only"
	assert_quiet "$f and .args.target == \"/proc/sys\" and (.args.flags | index([\"MS_PRIVATE\"]))" CTW-020 \
		"propagation change of /proc/sys"
	assert_quiet "$f and .args.source == \"/proc\" and (.args.flags | index([\"MS_REC\"]))" CTW-020 \
		"recursive bind of /proc (the masks come along)"
	assert_quiet "$(f_trig "$id") and .type == \"umount\" and .args.target == \"/mnt\"" CTW-020 "umount /mnt"
	assert_quiet "$f and .args.fstype == \"tmpfs\" and .args.target == \"/mnt\"" CTW-020 "tmpfs on /mnt"
	assert_quiet "$f and .args.op == \"open_tree\" and .args.source == \"/tmp\"" CTW-020 \
		"open_tree clone of /tmp"
	# runc masking and making read-only the same paths while it sets the
	# container up: info + runtime_setup, CTW-020 named as not raised.
	f="$(f_ctr "$id") and (.process.comm | startswith(\"runc:[\")) and .type == \"mount\""
	assert_event "$CTW_OUT" "$f and .args.target == \"/proc/keys\" and .severity == \"info\" and .flags == [\"runtime_setup\"] and (.reasons[0] | test(\"CTW-020\"))" \
		"runc masking /proc/keys: info, runtime_setup, the reason names CTW-020" "$f"
	assert_event "$CTW_OUT" "$f and .args.target == \"/proc/sys\" and (.args.flags | index([\"MS_REMOUNT\"])) and .severity == \"info\" and .flags == [\"runtime_setup\"]" \
		"runc remounting /proc/sys read-only: info, runtime_setup" "$f"
	assert_no_event "$CTW_OUT" "$f and $(f_det CTW-020)" "runc's own masking raises no CTW-020"

	# Without CAP_SYS_ADMIN the attempts are denied: one step lower.
	id=$(hex64)
	det_run det-unmask-denied "$(cg_docker "$id")" . -- sh -c "
		trigger umount /proc/keys
		trigger mount none /proc/sys none $((MS_REMOUNT | MS_BIND))"
	f="$(f_trig "$id") and .ret == -1"
	assert_det "$f and .type == \"umount\" and .args.target == \"/proc/keys\"" CTW-020 warning denied container_escape \
		"CTW-020: umount /proc/keys denied without CAP_SYS_ADMIN: warning, denied"
	assert_det "$f and .type == \"mount\" and .args.target == \"/proc/sys\"" CTW-020 warning denied container_escape \
		"CTW-020: read-write remount of /proc/sys denied: warning, denied"

	# The same umount on the host is not a container's.
	# As nobody: refused, so a host that does mask it keeps its mask.
	run_trigger --as "$NOBODY" umount /proc/keys
	ctw_stop
	assert_host_quiet "$TRIG_PID" CTW-020 "umount /proc/keys on the host: no CTW-020"
}
