# shellcheck shell=bash
# Detections CTW-001 to CTW-008 (container_escape) from real actions in runc
# containers with Docker's cgroupsPath, each next to a benign neighbour that
# must not raise it. docs/detections.md describes every detection.

# shellcheck source=detect_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/detect_lib.sh"

# CTW-001, CTW-003, CTW-004, CTW-008: the host's namespaces from a container.
detect_escape_ns()
{
	local hs id ida f caps=(--cap CAP_SYS_ADMIN --cap CAP_SYS_PTRACE --cap CAP_SYS_CHROOT)

	# A host process whose namespaces are the host's: the host's PID 1 may be
	# unreadable (the collector then uses its own, which are these too).
	sleep 120 &
	hs=$!
	register_pid "$hs"

	# A second container whose namespaces are not the host's, to join.
	ida=$(hex64)
	det_start det-ns-a "$(cg_docker "$ida")" . -- sleep 120 ||
		fail "a detached container starts" "$(cat "$ITEST_TMP/det-ns-a.out")"

	# The host's /proc in a container with CAP_SYS_ADMIN, CAP_SYS_PTRACE and
	# CAP_SYS_CHROOT: setns into the host's uts and mount namespaces, then
	# nsenter (busybox) runs the host's copy of the trigger in the host's
	# mount namespace, still inside the container's cgroup.
	id=$(hex64)
	det_run det-setns "$(cg_docker "$id")" "$J_HOSTPROC" "${caps[@]}" -- sh -c "
		trigger unshare uts
		trigger setns /hostproc/$CTR_PID/ns/uts uts
		trigger setns /hostproc/$hs/ns/cgroup cgroup
		trigger setns /hostproc/$hs/ns/uts uts
		trigger setns /hostproc/$hs/ns/mnt mnt
		nsenter --mount=/hostproc/$hs/ns/mnt -- $TRIGGER_HOST unshare ipc"
	det_ran "container with the host's /proc ran its setns sequence"
	f="$(f_trig "$id") and .type == \"setns\""
	assert_det "$f and .args.target_ns.type == \"uts\" and .args.target_ns.inode == $(stat -L -c %i /proc/self/ns/uts)" \
		CTW-001 critical succeeded container_escape \
		"CTW-001: setns from a container into the host's uts namespace: critical, container_escape"
	assert_det "$f and .args.target_ns.type == \"mnt\"" CTW-001 critical succeeded container_escape \
		"CTW-001: setns from a container into the host's mount namespace: critical"
	assert_det "$(f_ctr "$id") and .process.comm == \"nsenter\" and .type == \"setns\"" \
		CTW-001 critical succeeded container_escape \
		"CTW-001: busybox nsenter --mount into the host's mount namespace: critical"
	assert_quiet "$f and .args.target_ns.type == \"uts\" and .args.target_ns.inode == $(stat -L -c %i "/proc/$CTR_PID/ns/uts") and .ret == 0" \
		CTW-001 "setns into another container's uts namespace (sidecar)"
	assert_quiet "$f and .args.target_ns.type == \"cgroup\" and .ret == 0" CTW-001 \
		"setns into the host cgroup namespace a runc container already shares"

	# CTW-003: the process nsenter exec'd runs in the host's mount namespace.
	f="$(f_trig "$id") and .type == \"unshare\""
	assert_det "$f and .process.namespaces.mnt == $(stat -L -c %i /proc/self/ns/mnt)" \
		CTW-003 critical succeeded container_escape \
		"CTW-003: a container process in the host's mount namespace (after nsenter): critical"
	assert_quiet "$f and .process.namespaces.mnt != $(stat -L -c %i /proc/self/ns/mnt)" CTW-003 \
		"unshare in the container's own mount namespace"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"container_stop\" and (.detections | length > 0)" \
		"container_stop is written in the runtime's host context: no detection"
	ctr_kill det-ns-a

	# CTW-004 and CTW-008: hostPID. With CAP_SYS_PTRACE the attach to a host
	# process succeeds; without it the attempt is denied, one step lower.
	id=$(hex64)
	det_run det-hostpid "$(cg_docker "$id")" "$J_HOSTPID" --cap CAP_SYS_PTRACE --cap CAP_SYS_ADMIN -- \
		sh -c "trigger ptrace-attach $hs; trigger ptrace-child; trigger unshare uts"
	det_ran "hostPID container with CAP_SYS_PTRACE ran"
	assert_det "$(f_ctr "$id") and .type == \"container_start\"" CTW-004 warning succeeded container_escape \
		"CTW-004: container_start of a hostPID container: warning, container_escape"
	assert_det "$(f_trig "$id") and .type == \"unshare\"" CTW-004 warning succeeded container_escape \
		"CTW-004: unshare from a hostPID container: warning"
	f="$(f_trig "$id") and .type == \"ptrace\" and .args.target_pid == $hs"
	assert_det "$f" CTW-008 critical succeeded container_escape \
		"CTW-008: PTRACE_ATTACH from a hostPID container to a host process: critical"
	assert_event "$CTW_OUT" "$f and $(f_det CTW-008) and (.reasons | any(test(\"host pid $hs\")))" \
		"CTW-008: the reason names the host pid" "$f"
	id=$(hex64)
	det_run det-hostpid-np "$(cg_docker "$id")" "$J_HOSTPID" -- trigger ptrace-attach "$hs"
	assert_det "$(f_trig "$id") and .type == \"ptrace\" and .ret == -1" CTW-008 warning denied container_escape \
		"CTW-008: PTRACE_ATTACH to a host process denied without CAP_SYS_PTRACE: warning, denied"
	kill "$hs" 2>/dev/null

	# Benign: a debugger and its target in the same ordinary container.
	id=$(hex64)
	det_run det-ptrace-own "$(cg_docker "$id")" . -- trigger ptrace-child
	assert_quiet "$(f_trig "$id") and .type == \"ptrace\"" CTW-008 \
		"PTRACE_ATTACH to a child in the same container"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and ($(f_det CTW-003) or $(f_det CTW-004))" \
		"an ordinary container: no CTW-003/CTW-004 on any of its events"
}

# CTW-002, CTW-005, CTW-006: mounts inside containers.
detect_escape_mount()
{
	local img loopdev maj min id f dev

	# A 4 MiB ext4 image on a loop device, passed into the container as a
	# block device node.
	img=$ITEST_TMP/disk.img
	if ! { truncate -s 4M "$img" && mkfs.ext4 -q -F "$img" >/dev/null 2>&1; }; then
		fail "an ext4 image for the block-device mount" "mkfs.ext4 failed"
		return
	fi
	loopdev=$(losetup -f --show "$img") || {
		fail "a loop device for the block-device mount" "losetup failed"
		return
	}
	maj=$((0x$(stat -c %t "$loopdev")))
	min=$((0x$(stat -c %T "$loopdev")))
	dev="{path: \"$loopdev\", type: \"b\", major: $maj, minor: $min, fileMode: 432, uid: 0, gid: 0}"

	id=$(hex64)
	det_run det-mount "$(cg_docker "$id")" "$J_PRIV | .linux.devices += [$dev]" --cap CAP_SYS_ADMIN -- sh -c "
		trigger mount $loopdev /disk ext4 && ls /disk/lost+found >/dev/null && trigger umount /disk
		trigger mount /tmp /mnt none 4096
		trigger mount /dev/null /mnt none 4096
		trigger mount none /mnt tmpfs
		trigger mount none /mnt none 32
		trigger mount cgroup /cg cgroup 0 none,name=ctwdet
		trigger mount bpf /mnt bpf
		trigger fsopen tracefs
		trigger mount proc /mnt proc
		trigger mount sysfs /mnt sysfs"
	det_ran "privileged container ran its mounts"
	losetup -d "$loopdev"
	f="$(f_trig "$id") and .type == \"mount\""
	assert_det "$f and .args.source == \"$loopdev\" and .args.fstype == \"ext4\"" CTW-002 critical succeeded container_escape \
		"CTW-002: ext4 on $loopdev mounted inside a container: critical, container_escape"
	assert_quiet "$f and .args.source == \"/tmp\" and .args.target == \"/mnt\"" CTW-002 \
		"bind mount of an ordinary directory"
	assert_quiet "$f and .args.source == \"/dev/null\"" CTW-002 "bind mount of /dev/null"
	assert_quiet "$f and .args.fstype == \"tmpfs\"" CTW-002 "tmpfs mount"
	assert_no_event "$CTW_OUT" "$f and (.args.fstype == \"tmpfs\" or .args.source == \"/tmp\" or (.args.flags | index([\"MS_REMOUNT\"]))) and .severity != \"info\"" \
		"tmpfs, bind of a directory and remount in a privileged container: info"
	assert_det "$f and .args.fstype == \"cgroup\"" CTW-005 critical succeeded container_escape \
		"CTW-005: cgroup v1 hierarchy mounted inside a container: critical"
	assert_det "$f and .args.fstype == \"bpf\"" CTW-005 critical succeeded container_escape \
		"CTW-005: bpf filesystem mounted inside a container: critical"
	assert_det "$f and .args.op == \"fsopen\" and .args.fstype == \"tracefs\"" CTW-005 critical succeeded container_escape \
		"CTW-005: fsopen(tracefs) inside a container: critical"
	assert_det "$f and .args.fstype == \"proc\" and .args.target == \"/mnt\"" CTW-006 warning succeeded container_escape \
		"CTW-006: a second proc mounted inside a container: warning"
	assert_det "$f and .args.fstype == \"sysfs\" and .args.target == \"/mnt\"" CTW-006 warning succeeded container_escape \
		"CTW-006: sysfs mounted inside a container: warning"
	assert_quiet "$f and (.args.flags | index([\"MS_REMOUNT\"]))" CTW-006 "remount inside a container"

	# Without CAP_SYS_ADMIN: the attempts are denied and one step lower.
	id=$(hex64)
	det_run det-mount-denied "$(cg_docker "$id")" . -- sh -c "
		trigger mount $loopdev /disk ext4; trigger mount proc /mnt proc; trigger mount cgroup /cg cgroup"
	f="$(f_trig "$id") and .type == \"mount\" and .ret == -1"
	assert_det "$f and .args.fstype == \"ext4\"" CTW-002 warning denied container_escape \
		"CTW-002: denied block-device mount: warning, outcome denied"
	assert_event "$CTW_OUT" "$f and $(f_det CTW-002) and (.reasons[0] | endswith(\"(attempt denied)\"))" \
		"CTW-002: the denied attempt's reason says so" "$f"
	assert_det "$f and .args.fstype == \"proc\"" CTW-006 notice denied container_escape \
		"CTW-006: denied proc mount: notice"
	assert_det "$f and .args.fstype == \"cgroup\"" CTW-005 warning denied container_escape \
		"CTW-005: denied cgroup mount: warning"

	# An unprivileged user-namespace container (CAP_SYS_ADMIN over its own
	# namespaces only) mounting a tmpfs: info. runc's unshare(CLONE_NEWUSER)
	# while setting it up is runtime_setup, not CTW-019.
	id=$(hex64)
	det_run det-userns "$(cg_docker "$id")" "$J_USERNS" --cap CAP_SYS_ADMIN -- trigger mount none /mnt tmpfs
	det_ran "user-namespace container ran"
	f="$(f_trig "$id") and .type == \"mount\" and .args.fstype == \"tmpfs\""
	assert_event "$CTW_OUT" "$f and .ret == 0 and .severity == \"info\" and .flags == [] and .detections == []" \
		"tmpfs mount in an unprivileged user-namespace container: info, no flags" "$(f_ctr "$id")"
	# Its posture (CAP_SYS_ADMIN added: P02, a warning) is read only when the
	# short-lived container is caught running; test_posture judges posture.
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .type != \"posture\" and (.severity == \"warning\" or .severity == \"critical\")" \
		"user-namespace container start and tmpfs mount: nothing at warning or above"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"posture\" and (.reasons | map(test(\"CTW-P19\")) | any)" \
		"user-namespace container: its devices stay restricted (no CTW-P19)"
	assert_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"unshare\" and (.args.flags | index([\"CLONE_NEWUSER\"])) and (.process.comm | startswith(\"runc:[\")) and .severity == \"info\" and (.flags == [\"runtime_setup\"]) and (.reasons[0] | test(\"CTW-019\"))" \
		"runc creating the user namespace: info, runtime_setup, the reason names CTW-019" "$(f_ctr "$id") and .type == \"unshare\""
}

# CTW-007: open_by_handle_at ("Shocker") from a container, denied or refused.
detect_escape_handle()
{
	local id f

	id=$(hex64)
	det_run det-obh "$(cg_docker "$id")" . -- trigger open-by-handle /etc/passwd
	assert_det "$(f_trig "$id") and .type == \"open_by_handle_at\" and .ret == -1" \
		CTW-007 critical denied container_escape \
		"CTW-007: open_by_handle_at denied without CAP_DAC_READ_SEARCH: still critical"
	id=$(hex64)
	det_run det-obh-seccomp "$(cg_docker "$id")" . --deny open_by_handle_at -- trigger open-by-handle /etc/passwd
	assert_det "$(f_trig "$id") and .type == \"open_by_handle_at\" and .args != null and (.args_unknown | not)" \
		CTW-007 critical denied container_escape \
		"CTW-007: open_by_handle_at refused by seccomp (arguments read at sys_exit): critical"
	id=$(hex64)
	det_run det-obh-cap "$(cg_docker "$id")" . --cap CAP_DAC_READ_SEARCH -- trigger open-by-handle /etc/passwd
	assert_det "$(f_trig "$id") and .type == \"open_by_handle_at\" and .ret >= 0" \
		CTW-007 critical succeeded container_escape \
		"CTW-007: open_by_handle_at with CAP_DAC_READ_SEARCH succeeds: critical"

	run_trigger open-by-handle /etc/passwd
	HOST_OBH_PID=$TRIG_PID
}

family_detect_escape()
{
	det_init
	ctw_start "${DET_ARGS[@]}" || return
	detect_escape_ns
	detect_escape_mount
	detect_escape_handle
	ctw_stop
	assert_host_quiet "$HOST_OBH_PID" CTW-007 "open_by_handle_at on the host: no CTW-007"
}
