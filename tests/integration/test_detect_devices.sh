# shellcheck shell=bash
# Raw devices and other ways around a container's walls that go through files:
# file_open records (CTW-032 block and memory devices, CTW-036 another
# process's /proc/PID/mem), mknod records (CTW-033), and the file_write
# additions (CTW-034 cgroup v1 devices.allow, CTW-035 binfmt_misc register).
# Nothing is ever written: dettrig opens for writing and closes.

# shellcheck source=detect_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/detect_lib.sh"

# The loop device the tests open: loop0 exists wherever loop is built in.
DEV_LOOP_MAJOR=7
DEV_LOOP_MINOR=0

family_detect_devices()
{
	local id f hostbin hostpids=() mem_ok=0 legacy=""

	det_init
	[ -b /dev/loop0 ] || fail "/dev/loop0 exists (the block device the tests open)"
	ctw_start "${DET_ARGS[@]}" || return

	# mknod(2) itself exists on x86_64 only (arm64 has mknodat alone).
	[ "$(uname -m)" = x86_64 ] && legacy="dettrig mknod /dev/ctw-loop1 b $DEV_LOOP_MAJOR 1 legacy"
	# A privileged container: every device allowed by the device cgroup,
	# CAP_SYS_ADMIN to mount cgroup v1 and binfmt_misc.
	id=$(hex64)
	det_run dev-priv "$(cg_docker "$id")" "$J_PRIV" --cap CAP_SYS_ADMIN --cap CAP_MKNOD -- sh -c "
		dettrig mknod /dev/ctw-loop b $DEV_LOOP_MAJOR $DEV_LOOP_MINOR
		dettrig open /dev/ctw-loop r
		dettrig mknod /dev/ctw-mem c 1 1
		dettrig open /dev/ctw-mem r
		dettrig mknod /dev/ctw-null c 1 3
		dettrig open /dev/ctw-null rw
		dettrig mknod /dev/ctw-fifo p 0 0
		$legacy
		dettrig open /dev/null w
		trigger mount cgroup /cg cgroup 0 devices
		dettrig open /cg/devices.allow w
		dettrig open /cg/devices.list r
		dettrig open /cg/devices.deny w
		trigger mount binfmt_misc /disk binfmt_misc
		dettrig open /disk/register w
		dettrig open /disk/status r"
	det_ran "privileged container made its device opens and mknods"
	f="$(f_trig "$id" dettrig)"
	assert_det "$f and .type == \"mknod\" and .args.path == \"/dev/ctw-loop\" and .args.file_type == \"block_device\" and .args.major == $DEV_LOOP_MAJOR and .syscall == \"mknodat\"" \
		CTW-033 warning succeeded container_escape \
		"CTW-033: mknodat of a block device in a container: warning"
	assert_det "$f and .type == \"file_open\" and .args.kind == \"block_device\" and .args.name == \"ctw-loop\" and .args.major == $DEV_LOOP_MAJOR and .args.minor == $DEV_LOOP_MINOR" \
		CTW-032 critical succeeded container_escape \
		"CTW-032: read-only open of a block device from a container: critical"
	assert_det "$f and .type == \"mknod\" and .args.path == \"/dev/ctw-mem\" and .args.file_type == \"char_device\" and .args.major == 1 and .args.minor == 1" \
		CTW-033 warning succeeded container_escape \
		"CTW-033: mknodat of /dev/mem's device (1:1) in a container: warning"
	if [ -n "$legacy" ]; then
		assert_det "$f and .type == \"mknod\" and .syscall == \"mknod\" and .args.path == \"/dev/ctw-loop1\" and .args.minor == 1 and (.args | has(\"dirfd\") | not)" \
			CTW-033 warning succeeded container_escape \
			"CTW-033: mknod(2), the legacy call, of a block device in a container: warning"
	fi
	# The fourth syscall line is the open of the 1:1 node.
	grep 'op=' <<<"$CTR_OUT" | sed -n 4p | grep -q 'op=open ret=[0-9]' && mem_ok=1
	if [ "$mem_ok" = 1 ]; then
		assert_det "$f and .type == \"file_open\" and .args.kind == \"mem_device\" and .args.minor == 1" \
			CTW-032 critical succeeded container_escape \
			"CTW-032: open of a 1:1 node (/dev/mem) from a container: critical"
	fi
	[ "$mem_ok" = 1 ] ||
		echo "NOTE $FAMILY: kernel without /dev/mem (CONFIG_DEVMEM off: its open fails with ENXIO, no file): CTW-032's memory-device branch not exercised here"
	assert_quiet "$f and .type == \"mknod\" and .args.path == \"/dev/ctw-null\"" CTW-033 \
		"mknodat of /dev/null's device (1:3)"
	assert_no_event "$CTW_OUT" "$f and .type == \"mknod\" and .args.file_type == \"fifo\"" \
		"mknodat of a FIFO: dropped in the kernel, no mknod event"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"file_open\" and (.args.name == \"ctw-null\" or .args.name == \"null\")" \
		"opens of /dev/null (a character device that is not memory): no file_open event"
	assert_det "$f and .type == \"file_write\" and .args.name == \"devices.allow\" and .args.fs == \"cgroup\"" \
		CTW-034 critical succeeded container_escape \
		"CTW-034: write-open of cgroup v1 devices.allow from a container: critical"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"file_write\" and (.args.name == \"devices.list\" or .args.name == \"devices.deny\")" \
		"devices.list read, devices.deny written (a tightening): no file_write event"
	assert_det "$f and .type == \"file_write\" and .args.name == \"register\" and .args.fs == \"binfmt_misc\"" \
		CTW-035 critical succeeded container_escape \
		"CTW-035: write-open of binfmt_misc register from a container: critical"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"file_write\" and .args.name == \"status\"" \
		"binfmt_misc status read: no file_write event"

	# Denied: no CAP_MKNOD, the device cgroup of a default container.
	id=$(hex64)
	det_run dev-default "$(cg_docker "$id")" . -- \
		dettrig mknod /dev/ctw-loop b $DEV_LOOP_MAJOR $DEV_LOOP_MINOR
	f="$(f_trig "$id" dettrig)"
	assert_det "$f and .type == \"mknod\" and .args.file_type == \"block_device\"" \
		CTW-033 notice denied container_escape \
		"CTW-033: mknodat of a block device without CAP_MKNOD: denied, notice"

	# Refused by seccomp: the arguments are read at sys_exit.
	id=$(hex64)
	det_run dev-seccomp "$(cg_docker "$id")" . --cap CAP_MKNOD --deny mknodat -- \
		dettrig mknod /dev/ctw-loop b $DEV_LOOP_MAJOR $DEV_LOOP_MINOR
	f="$(f_trig "$id" dettrig)"
	assert_det "$f and .type == \"mknod\" and .args.path == \"/dev/ctw-loop\" and .args.major == $DEV_LOOP_MAJOR and (.args_unknown | not)" \
		CTW-033 notice denied container_escape \
		"CTW-033: mknodat refused by seccomp keeps its arguments: denied, notice"

	# Process memory: the other process's mem read-write, then its benign
	# neighbours (read-only, one's own).
	id=$(hex64)
	det_run dev-procmem "$(cg_docker "$id")" . -- dettrig proc-mem
	det_ran "container opened a child's /proc/PID/mem"
	f="$(f_trig "$id" dettrig) and .type == \"file_open\" and .args.kind == \"proc_mem\""
	assert_det "$f and (.args.open_flags | index([\"O_RDWR\"])) and .args.target_pid != .process.pid" \
		CTW-036 warning succeeded privilege_gain \
		"CTW-036: write-open of another process's /proc/PID/mem from a container: warning"
	assert_count "$CTW_OUT" "$f" -eq 1 \
		"/proc/CHILD/mem read-only and /proc/self/mem read-write: no file_open event"

	# The host: a block device (udev's daily work) and binfmt_misc.
	TRIG_OUT=$("$DETTRIG" open /dev/loop0 r 2>&1)
	trigger_parse "$TRIG_OUT" open
	hostpids+=("$TRIG_PID:CTW-032:block device")
	TRIG_OUT=$("$DETTRIG" proc-mem 2>&1)
	trigger_parse "$TRIG_OUT" open
	hostpids+=("$TRIG_PID:CTW-036:/proc/PID/mem")
	hostbin=$ITEST_TMP/hostbinfmt
	mkdir -p "$hostbin"
	register_mount "$hostbin"
	if mount -t binfmt_misc binfmt_misc "$hostbin"; then
		TRIG_OUT=$("$DETTRIG" open "$hostbin/register" w 2>&1)
		trigger_parse "$TRIG_OUT" open
		hostpids+=("$TRIG_PID:CTW-035:binfmt_misc register")
		umount "$hostbin"
	else
		fail "mount binfmt_misc on the host"
	fi
	ctw_stop
	for f in "${hostpids[@]}"; do
		assert_host_quiet "${f%%:*}" "$(cut -d: -f2 <<<"$f")" "host ${f##*:}: no $(cut -d: -f2 <<<"$f")"
	done
}
