# shellcheck shell=bash
# Detections on write-opens of kernel interface files (the file_write probe):
# CTW-009 release_agent, CTW-010 usermode helpers (core_pattern), CTW-011
# sysrq-trigger, CTW-015 sysctls. Nothing is ever written: dettrig opens the
# file for writing and closes it, so sysrq-trigger does nothing and
# core_pattern keeps its value (saved and restored all the same).

# shellcheck source=detect_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/detect_lib.sh"

family_detect_write()
{
	local id f core hostcg helper hostpids=()

	det_init
	core=$(cat /proc/sys/kernel/core_pattern)
	ctw_start "${DET_ARGS[@]}" || return

	# A "privileged" container: /proc/sys and /proc/sysrq-trigger writable.
	id=$(hex64)
	det_run det-write "$(cg_docker "$id")" "$J_PRIV" --cap CAP_SYS_ADMIN -- sh -c "
		trigger mount cgroup /cg cgroup 0 none,name=ctwdet
		dettrig open /cg/release_agent w
		dettrig open /cg/notify_on_release rw
		dettrig open /proc/sys/kernel/core_pattern w
		for h in modprobe hotplug; do [ -e /proc/sys/kernel/\$h ] && dettrig open /proc/sys/kernel/\$h w; done
		dettrig open /proc/sysrq-trigger w
		dettrig open /proc/sys/net/ipv4/ip_forward w
		dettrig open /proc/sys/kernel/domainname w
		dettrig open /proc/self/oom_score_adj w
		: >/dev/shm/release_agent
		dettrig open /dev/shm/release_agent w"
	det_ran "privileged container made its write-opens"
	assert_eq "$(cat /proc/sys/kernel/core_pattern)" "$core" "core_pattern unchanged by an open without a write"
	f="$(f_trig "$id" dettrig) and .type == \"file_write\""
	assert_det "$f and .args.name == \"release_agent\" and .args.fs == \"cgroup\"" CTW-009 critical succeeded container_escape \
		"CTW-009: write-open of a cgroup v1 release_agent from a container: critical"
	assert_det "$f and .args.name == \"notify_on_release\"" CTW-009 critical succeeded container_escape \
		"CTW-009: write-open of notify_on_release from a container: critical"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"file_write\" and .args.parent == \"shm\"" \
		"a file named release_agent on tmpfs: no file_write event"
	assert_det "$f and .args.name == \"core_pattern\" and .args.parent == \"kernel\"" CTW-010 critical succeeded container_escape \
		"CTW-010: write-open of /proc/sys/kernel/core_pattern from a container: critical"
	assert_no_event "$CTW_OUT" "$f and .args.name == \"core_pattern\" and $(f_det CTW-015)" \
		"core_pattern raises CTW-010, not CTW-015 as well"
	if [ -e /proc/sysrq-trigger ]; then
		assert_det "$f and .args.name == \"sysrq-trigger\"" CTW-011 critical succeeded "container_escape kernel_touch" \
			"CTW-011: write-open of /proc/sysrq-trigger from a container: critical, container_escape + kernel_touch"
	else
		echo "NOTE $FAMILY: no /proc/sysrq-trigger (CONFIG_MAGIC_SYSRQ off): CTW-011 not exercised"
	fi
	for helper in modprobe hotplug; do
		if [ -e "/proc/sys/kernel/$helper" ]; then
			assert_det "$f and .args.name == \"$helper\" and .args.parent == \"kernel\"" CTW-010 critical succeeded container_escape \
				"CTW-010: write-open of /proc/sys/kernel/$helper from a container: critical"
		else
			echo "NOTE $FAMILY: no /proc/sys/kernel/$helper on this kernel: CTW-010 not exercised with it"
		fi
	done
	[ -e /sys/kernel/uevent_helper ] ||
		echo "NOTE $FAMILY: no /sys/kernel/uevent_helper on this kernel (runc mounts /sys read-only anyway)"
	assert_det "$f and .args.name == \"ip_forward\" and .args.parent == \"ipv4\"" CTW-015 warning succeeded kernel_touch \
		"CTW-015: write-open of net/ipv4/ip_forward from a container: warning, kernel_touch"
	assert_det "$f and .args.name == \"domainname\"" CTW-015 warning succeeded kernel_touch \
		"CTW-015: write-open of kernel/domainname from a container: warning"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"file_write\" and .args.name == \"oom_score_adj\"" \
		"write-open of /proc/self/oom_score_adj (a per-process file): no file_write event"

	# Reading them: no write, no detection.
	id=$(hex64)
	det_run det-read "$(cg_docker "$id")" "$J_PRIV" --cap CAP_SYS_ADMIN -- sh -c "
		trigger mount cgroup /cg cgroup 0 none,name=ctwdet
		dettrig open /cg/release_agent r
		cat /cg/release_agent /proc/sys/kernel/core_pattern /proc/sys/net/ipv4/ip_forward >/dev/null"
	det_ran "privileged container read release_agent and core_pattern"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"file_write\"" \
		"reading release_agent, core_pattern and a sysctl: no file_write event"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and ($(f_det CTW-009) or $(f_det CTW-010) or $(f_det CTW-015))" \
		"reading release_agent, core_pattern and a sysctl: no CTW-009/CTW-010/CTW-015"

	# A default container: /proc/sys is read-only, the open fails with EROFS
	# before any file exists to look at (the probe sees opened files only).
	id=$(hex64)
	det_run det-write-ro "$(cg_docker "$id")" . -- dettrig open /proc/sys/kernel/core_pattern w
	trigger_parse "$CTR_OUT" open
	# shellcheck disable=SC2153 # TRIG_RET: set by trigger_parse (lib.sh)
	assert_eq "$TRIG_RET/$TRIG_ERRNO" "-1/30" "default runc container: write-open of core_pattern fails with EROFS"

	# The host: release_agent of its own hierarchy, and core_pattern.
	hostcg=$ITEST_TMP/hostcg
	mkdir -p "$hostcg"
	register_mount "$hostcg"
	if mount -t cgroup -o none,name=ctwdethost cgroup "$hostcg"; then
		TRIG_OUT=$("$DETTRIG" open "$hostcg/release_agent" w 2>&1)
		trigger_parse "$TRIG_OUT" open
		assert_eq "$TRIG_RET" 3 "host write-open of release_agent succeeds (dettrig)"
		hostpids+=("$TRIG_PID:CTW-009:release_agent")
		umount "$hostcg"
	else
		fail "mount a named cgroup v1 hierarchy on the host"
	fi
	TRIG_OUT=$("$DETTRIG" open /proc/sys/kernel/core_pattern w 2>&1)
	trigger_parse "$TRIG_OUT" open
	hostpids+=("$TRIG_PID:CTW-010:core_pattern")
	assert_eq "$(cat /proc/sys/kernel/core_pattern)" "$core" "core_pattern unchanged after the host's open"
	ctw_stop
	for f in "${hostpids[@]}"; do
		assert_host_quiet "${f%%:*}" "$(cut -d: -f2 <<<"$f")" "host write-open of ${f##*:}: no $(cut -d: -f2 <<<"$f")"
	done
	# Whatever happened above, the host's core_pattern is put back.
	[ "$(cat /proc/sys/kernel/core_pattern)" = "$core" ] || printf '%s\n' "$core" >/proc/sys/kernel/core_pattern
}
