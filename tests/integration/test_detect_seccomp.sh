# shellcheck shell=bash
# Calls a seccomp filter refuses before sys_enter: their arguments are read at
# sys_exit from the registers the task entered the kernel with, so the same
# detections judge them as if they had run (denied). A runc container whose
# config.json carries a seccomp profile answering EPERM to mount, umount2 and
# unshare, as Docker's default profile does for an unprivileged container.

# shellcheck source=detect_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/detect_lib.sh"

family_detect_seccomp()
{
	local id f

	det_init
	ctw_start "${DET_ARGS[@]}" || return

	id=$(hex64)
	det_run det-seccomp "$(cg_docker "$id")" . --cap CAP_SYS_ADMIN \
		--deny mount --deny umount2 --deny unshare -- sh -c "
		trigger unshare user,mnt
		trigger unshare uts
		trigger mount proc /mnt proc
		trigger mount none /proc/sys none $((32 | 4096))
		trigger umount /proc/keys
		trigger mount none /mnt tmpfs"
	trigger_parse "$CTR_OUT" unshare
	assert_eq "$TRIG_RET/$TRIG_ERRNO" "-1/1" "seccomp refuses unshare in the container (trigger)"
	f="$(f_trig "$id") and .ret == -1 and .outcome == \"denied\" and (.args_unknown | not)"
	assert_det "$f and .type == \"unshare\" and (.args.flags | index([\"CLONE_NEWUSER\"])) and (.args.flags | index([\"CLONE_NEWNS\"]))" \
		CTW-019 notice denied privilege_gain \
		"CTW-019: unshare(CLONE_NEWUSER|CLONE_NEWNS) refused by seccomp: flags read at sys_exit, attempted privilege gain"
	assert_quiet "$f and .type == \"unshare\" and .args.flags == [\"CLONE_NEWUTS\"]" CTW-019 \
		"unshare(CLONE_NEWUTS) refused by seccomp"
	assert_det "$f and .type == \"mount\" and .args.fstype == \"proc\" and .args.target == \"/mnt\"" \
		CTW-006 notice denied container_escape \
		"CTW-006: proc mount refused by seccomp: source, target and fstype read at sys_exit"
	assert_det "$f and .type == \"mount\" and .args.target == \"/proc/sys\" and (.args.flags | index([\"MS_REMOUNT\"]))" \
		CTW-020 warning denied container_escape \
		"CTW-020: read-write remount of /proc/sys refused by seccomp"
	assert_det "$f and .type == \"umount\" and .args.target == \"/proc/keys\"" \
		CTW-020 warning denied container_escape \
		"CTW-020: umount of /proc/keys refused by seccomp"
	assert_quiet "$f and .type == \"mount\" and .args.fstype == \"tmpfs\"" CTW-006 \
		"tmpfs mount refused by seccomp"
	assert_no_event "$CTW_OUT" "$(f_trig "$id") and .args_unknown" \
		"no refused call of the container lost its arguments"
	ctw_stop
}
