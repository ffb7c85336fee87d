# shellcheck shell=bash
# mount(2), the new mount API and umount2(2): host and containers.

family_mount()
{
	local d id pod f

	d=$ITEST_TMP/mnt
	mkdir -p "$d/a" "$d/b" "$d/c"
	register_mount "$d/a"
	register_mount "$d/b"
	register_mount "$d/c"

	ctw_start --events mount,umount || return

	run_trigger mount none "$d/a" tmpfs
	f="$(f_pid "$TRIG_PID") and .type == \"mount\""
	expect_event "$CTW_OUT" "$f and .ret == 0 and .outcome == \"succeeded\" and .container == null" \
		"host mount of a tmpfs: ret 0, succeeded, container null" "$(f_pid "$TRIG_PID")"
	expect_event "$CTW_OUT" "$f and .args.source == \"none\" and .args.target == \"$d/a\" and .args.fstype == \"tmpfs\"" \
		"host mount: source, target and fstype reported" "$f"

	expect_event "$CTW_OUT" "$f and .args.target == \"$d/a\" and (.args | has(\"target_truncated\") | not)" \
		"host mount: a short target has no target_truncated" "$f"

	# A 3,780-byte target: the record keeps its first 255 bytes and says so.
	local long=$d/long comp
	comp=$(printf 'l%.0s' {1..200})
	while [ ${#long} -lt 3780 ]; do long=$long/$comp; done
	long=${long:0:3780}
	mkdir -p "$long"
	register_mount "$long"
	run_trigger mount none "$long" tmpfs
	f="$(f_pid "$TRIG_PID") and .type == \"mount\""
	expect_event "$CTW_OUT" "$f and .ret == 0 and .args.target == \"${long:0:255}\" and .args.target_truncated == true" \
		"host mount on a 3780-byte target: its first 255 bytes and target_truncated true" "$f"
	expect_event "$CTW_OUT" "$f and .args.source == \"none\" and (.args | has(\"source_truncated\") or has(\"fstype_truncated\") | not)" \
		"host mount on a long target: the short source and fstype are not marked" "$f"
	umount "$long"

	# MS_RDONLY|MS_NOSUID|MS_NODEV = 7
	run_trigger mount none "$d/b" tmpfs 7
	f="$(f_pid "$TRIG_PID") and .type == \"mount\""
	expect_event "$CTW_OUT" "$f and .ret == 0 and (.args.flags | index([\"MS_RDONLY\"]) and index([\"MS_NOSUID\"]) and index([\"MS_NODEV\"])) and .args.flags_raw == 7" \
		"host mount with flags 7: MS_RDONLY, MS_NOSUID, MS_NODEV decoded" "$f"

	run_trigger umount "$d/a"
	f="$(f_pid "$TRIG_PID") and .type == \"umount\""
	expect_event "$CTW_OUT" "$f and .ret == 0 and .args.target == \"$d/a\"" \
		"host umount of the tmpfs: umount event, ret 0, target" "$(f_pid "$TRIG_PID")"
	run_trigger umount "$d/a"
	f="$(f_pid "$TRIG_PID") and .type == \"umount\""
	expect_event "$CTW_OUT" "$f and .ret == -22 and .outcome == \"denied\"" \
		"host umount of a non-mount point: ret -EINVAL" "$(f_pid "$TRIG_PID")"
	# MNT_DETACH = 2
	run_trigger umount "$d/b" 2
	f="$(f_pid "$TRIG_PID") and .type == \"umount\""
	expect_event "$CTW_OUT" "$f and .ret == 0 and (.args.flags | index([\"MNT_DETACH\"]))" \
		"host umount2 MNT_DETACH: flag decoded" "$(f_pid "$TRIG_PID")"

	run_trigger mount none "$d/missing" tmpfs
	f="$(f_pid "$TRIG_PID") and .type == \"mount\""
	expect_event "$CTW_OUT" "$f and .ret == -2 and .outcome == \"denied\"" \
		"host mount on a missing directory: ret -ENOENT, denied" "$(f_pid "$TRIG_PID")"
	run_trigger mount none "$d/a" no_such_fs
	f="$(f_pid "$TRIG_PID") and .type == \"mount\""
	expect_event "$CTW_OUT" "$f and .ret == -19 and .args.fstype == \"no_such_fs\"" \
		"host mount of an unknown fstype: ret -ENODEV" "$(f_pid "$TRIG_PID")"
	run_trigger --as "$NOBODY" mount none "$d/a" tmpfs
	f="$(f_pid "$TRIG_PID") and .type == \"mount\""
	expect_event "$CTW_OUT" "$f and .ret == -1 and .outcome == \"denied\" and .process.uid == $NOBODY" \
		"host mount as nobody: ret -EPERM, denied" "$(f_pid "$TRIG_PID")"

	# The new mount API, as runc is starting to use it.
	run_trigger fsmount tmpfs "$d/c"
	f="$(f_pid "$TRIG_PID") and .type == \"mount\""
	expect_event "$CTW_OUT" "$f and .args.op == \"fsopen\" and .args.fstype == \"tmpfs\" and .ret >= 0" \
		"host fsopen(tmpfs): a mount event, op fsopen, fstype tmpfs" "$(f_pid "$TRIG_PID")"
	expect_event "$CTW_OUT" "$f and .args.op == \"fsconfig\" and .args.cmd == \"FSCONFIG_CMD_CREATE\" and .ret == 0" \
		"host fsconfig(FSCONFIG_CMD_CREATE): a mount event, op fsconfig" "$f"
	expect_event "$CTW_OUT" "$f and .args.op == \"fsmount\" and .ret >= 0" \
		"host fsmount: a mount event, op fsmount" "$f"
	expect_event "$CTW_OUT" "$f and .args.op == \"move_mount\" and .ret == 0 and .args.target == \"$d/c\"" \
		"host move_mount onto the target: op move_mount, target reported" "$f"
	run_trigger open-tree "$d/c"
	f="$(f_pid "$TRIG_PID") and .type == \"mount\""
	expect_event "$CTW_OUT" "$f and .args.op == \"open_tree\" and .ret >= 0" \
		"host open_tree(OPEN_TREE_CLONE): a mount event, op open_tree" "$(f_pid "$TRIG_PID")"
	# fspick (FSPICK_CLOEXEC = 1): the root of a mount, then a path that is none.
	run_trigger fspick "$d/c"
	f="$(f_pid "$TRIG_PID") and .type == \"mount\""
	expect_event "$CTW_OUT" "$f and .args.op == \"fspick\" and .syscall == \"fspick\" and .ret >= 0 and .outcome == \"succeeded\" and .args.path == \"$d/c\" and .args.fd == -100 and .args.flags == [\"FSPICK_CLOEXEC\"] and .args.flags_raw == 1" \
		"host fspick of a mount root: op fspick, path, fd AT_FDCWD, FSPICK_CLOEXEC, succeeded" "$(f_pid "$TRIG_PID")"
	run_trigger fspick "$d"
	f="$(f_pid "$TRIG_PID") and .type == \"mount\""
	expect_event "$CTW_OUT" "$f and .args.op == \"fspick\" and .ret == -22 and .outcome == \"denied\" and .error == \"EINVAL\" and .args.path == \"$d\"" \
		"host fspick of a directory that is no mount root: ret -EINVAL, denied" "$(f_pid "$TRIG_PID")"
	run_trigger --as "$NOBODY" fspick "$d/c"
	f="$(f_pid "$TRIG_PID") and .type == \"mount\""
	expect_event "$CTW_OUT" "$f and .args.op == \"fspick\" and .ret == -1 and .outcome == \"denied\" and .process.uid == $NOBODY" \
		"host fspick as nobody: ret -EPERM, denied" "$(f_pid "$TRIG_PID")"
	run_trigger --as "$NOBODY" fsmount tmpfs
	f="$(f_pid "$TRIG_PID") and .type == \"mount\""
	expect_event "$CTW_OUT" "$f and .args.op == \"fsopen\" and .ret == -1 and .outcome == \"denied\"" \
		"host fsopen as nobody: ret -EPERM, denied" "$(f_pid "$TRIG_PID")"

	# CRI-O layout with CAP_SYS_ADMIN: the mount succeeds inside the container.
	id=$(hex64)
	pod=$(uuid)
	ctr_run mount-crio "$(cg_crio "$id" "$pod")" --cap CAP_SYS_ADMIN -- \
		sh -c 'trigger mount none /mnt tmpfs; trigger umount /mnt'
	f="$(f_ctr "$id") and .process.comm == \"trigger\""
	expect_event "$CTW_OUT" "$f and .type == \"mount\" and .ret == 0 and .args.target == \"/mnt\" and .container.runtime == \"cri-o\"" \
		"cri-o container with CAP_SYS_ADMIN: mount of /mnt succeeds, runtime cri-o" "$(f_ctr "$id")"
	expect_event "$CTW_OUT" "$f and .type == \"umount\" and .ret == 0" \
		"cri-o container: umount of /mnt succeeds" "$(f_ctr "$id")"

	# Docker layout, default capabilities: mount and fsopen are refused.
	id=$(hex64)
	ctr_run mount-docker "$(cg_docker "$id")" -- \
		sh -c 'trigger mount none /mnt tmpfs; trigger fsopen tmpfs'
	f="$(f_ctr "$id") and .process.comm == \"trigger\" and .type == \"mount\""
	expect_event "$CTW_OUT" "$f and .ret == -1 and .outcome == \"denied\" and (.args.op // \"mount\") == \"mount\" and .container.runtime == \"docker\"" \
		"docker container without CAP_SYS_ADMIN: mount denied with -EPERM" "$(f_ctr "$id")"
	expect_event "$CTW_OUT" "$f and .args.op == \"fsopen\" and .ret == -1" \
		"docker container without CAP_SYS_ADMIN: fsopen denied with -EPERM" "$(f_ctr "$id")"
	ctw_stop
}
