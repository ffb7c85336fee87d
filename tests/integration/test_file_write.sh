# shellcheck shell=bash
# file_write: write-opens of kernel interface files, seen at the open's exit.
# Opens use O_RDWR without O_TRUNC (bash's `<>`) wherever a write would have
# an effect, so the host is left as it was; core_pattern is written and restored.

# fw_open MODE PATH: opens PATH in a fresh bash (MODE "<>" read-write, "<" read,
# ">" write+truncate, or "write:VALUE" to write VALUE) and sets FW_PID to that bash.
fw_open()
{
	local mode=$1 path=$2
	case $mode in
	write:*)
		FW_PID=$(bash -c 'echo $$; printf "%s\n" "$2" >"$1"' _ "$path" "${mode#write:}") ;;
	*)
		FW_PID=$(bash -c "echo \$\$; exec 3$mode\"\$1\"" _ "$path") ;;
	esac
}

family_file_write()
{
	local v1 old f id bundle pattern

	ctw_start --events file_write --metrics-addr off || return

	# A scratch cgroup v1 hierarchy with no controller: its release_agent is the
	# file of CVE-2022-0492, and writing it here changes nothing that runs.
	v1=$ITEST_TMP/cgv1
	mkdir -p "$v1"
	if mount -t cgroup -o none,name=ctwtest$$ cgroup "$v1"; then
		register_mount "$v1"
		fw_open write:/bin/true "$v1/release_agent"
		f="$(f_pid "$FW_PID") and .type == \"file_write\""
		assert_event "$CTW_OUT" "$f and .args.name == \"release_agent\" and .args.fs == \"cgroup\" and .ret >= 0 and (.args.open_flags | index([\"O_WRONLY\"]))" \
			"write to a cgroup v1 release_agent: file_write, fs cgroup, O_WRONLY" "$(f_pid "$FW_PID")"
		fw_open write:0 "$v1/notify_on_release"
		f="$(f_pid "$FW_PID") and .type == \"file_write\""
		assert_event "$CTW_OUT" "$f and .args.name == \"notify_on_release\" and .args.fs == \"cgroup\"" \
			"write to notify_on_release: file_write" "$(f_pid "$FW_PID")"
		fw_open "<" "$v1/release_agent"
		FW_READ_PIDS="$FW_PID"
		# Other cgroup files are written all the time by runtimes: never reported.
		fw_open write:0 "$v1/cgroup.clone_children"
		FW_READ_PIDS="$FW_READ_PIDS $FW_PID"
	else
		fail "mount a scratch cgroup v1 hierarchy (name=ctwtest$$)"
	fi

	# core_pattern names a program the kernel runs as root on a crash: written
	# here with a different value, then put back.
	old=$(cat /proc/sys/kernel/core_pattern)
	pattern="core.ctwtest.$$"
	fw_open "write:$pattern" /proc/sys/kernel/core_pattern
	printf '%s\n' "$old" >/proc/sys/kernel/core_pattern
	assert_eq "$(cat /proc/sys/kernel/core_pattern)" "$old" "core_pattern restored"
	f="$(f_pid "$FW_PID") and .type == \"file_write\""
	assert_event "$CTW_OUT" "$f and .args.name == \"core_pattern\" and .args.parent == \"kernel\" and .args.fs == \"proc\" and .container == null" \
		"host write to /proc/sys/kernel/core_pattern: file_write, parent kernel, fs proc" "$(f_pid "$FW_PID")"
	fw_open "<" /proc/sys/kernel/core_pattern
	FW_READ_PIDS="${FW_READ_PIDS:-} $FW_PID"
	# A host sysctl that names no helper program (same value back: no change).
	FW_HOSTNAME_PID=$(bash -c 'echo $$; cat /proc/sys/kernel/hostname >/proc/sys/kernel/hostname')

	# sysrq-trigger opened read-write and closed: no command is written. Only
	# kernels with CONFIG_MAGIC_SYSRQ (and CONFIG_UEVENT_HELPER below) have them.
	if [ -e /proc/sysrq-trigger ]; then
		fw_open "<>" /proc/sysrq-trigger
		f="$(f_pid "$FW_PID") and .type == \"file_write\""
		assert_event "$CTW_OUT" "$f and .args.name == \"sysrq-trigger\" and .args.fs == \"proc\" and (.args.open_flags | index([\"O_RDWR\"]))" \
			"open of /proc/sysrq-trigger for writing: file_write, O_RDWR" "$(f_pid "$FW_PID")"
	fi

	if [ -e /sys/kernel/uevent_helper ]; then
		fw_open "<>" /sys/kernel/uevent_helper
		f="$(f_pid "$FW_PID") and .type == \"file_write\""
		assert_event "$CTW_OUT" "$f and .args.name == \"uevent_helper\" and .args.fs == \"sysfs\"" \
			"open of /sys/kernel/uevent_helper for writing: file_write, fs sysfs" "$(f_pid "$FW_PID")"
	fi

	# From a container, any sysctl counts: /proc/sys made writable (runc mounts
	# it read-only by default), the UTS-namespaced hostname opened read-write.
	id=$(hex64)
	register_cgroup "$(cg_docker "$id")"
	bundle=$(ctr_bundle fw-sysctl "$(cg_docker "$id")" -- \
		sh -c 'exec 3<>/proc/sys/kernel/hostname; exec 4</proc/sys/kernel/domainname') ||
		fail "write the fw-sysctl bundle"
	jq '.linux.readonlyPaths -= ["/proc/sys"]' "$bundle/config.json" >"$bundle/config.tmp" &&
		mv "$bundle/config.tmp" "$bundle/config.json"
	CLEAN_CONTAINERS+=(fw-sysctl)
	CTR_OUT=$(timeout 60 runc --root "$RUNC_ROOT" run --bundle "$bundle" fw-sysctl </dev/null 2>&1) ||
		fail "the fw-sysctl container runs" "$CTR_OUT"
	runc --root "$RUNC_ROOT" delete -f fw-sysctl >/dev/null 2>&1
	f="$(f_ctr "$id") and .type == \"file_write\""
	assert_event "$CTW_OUT" "$f and .args.name == \"hostname\" and .args.parent == \"kernel\" and .args.fs == \"proc\" and (.flags | index([\"kernel_touch\"]))" \
		"container opens /proc/sys/kernel/hostname read-write: file_write, flagged kernel_touch" \
		"$(f_ctr "$id")"

	ctw_stop
	for FW_PID in ${FW_READ_PIDS:-}; do
		assert_no_event "$CTW_OUT" "$(f_pid "$FW_PID")" \
			"no event for a read-only open or an ordinary cgroup file (pid $FW_PID)"
	done
	assert_no_event "$CTW_OUT" "$(f_pid "$FW_HOSTNAME_PID")" \
		"no event for a host write of a sysctl that names no helper (kernel/hostname)"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .args.name == \"domainname\"" \
		"no event for a container's read-only open of a sysctl"
}
