# shellcheck shell=bash
# Detections on write-opens of kernel interface files (the file_write probe):
# CTW-009 release_agent, CTW-010 usermode helpers (core_pattern), CTW-011
# sysrq-trigger, CTW-015 sysctls; and of the host's runtime binary (CTW-026). Nothing is ever written: dettrig opens the
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

	detect_write_runtime_bin
}

# CTW-026 (CVE-2019-5736): a container opens the host's runtime binary for
# writing. The binary is a copy of sleep named in the config's
# runtime_binaries:, bind-mounted into containers; the real runc (found at
# start by name) is bind-mounted too, and opened while `runc run` runs it, so
# the kernel refuses with ETXTBSY. Every open is O_WRONLY|O_APPEND and writes
# nothing: no binary changes.
detect_write_runtime_bin()
{
	local id id_own fake cfg f sum runc_bin runc_sum pid fexit bind

	det_init
	fake=$ITEST_TMP/rt-bin/fake-runc
	if ! mkdir -p "${fake%/*}" || ! cp "$(command -v sleep)" "$fake"; then
		fail "copy the fake runtime binary"
	fi
	runc_bin=$(readlink -f "$(command -v runc)")
	sum=$(sha256sum <"$fake")
	runc_sum=$(sha256sum <"$runc_bin")
	bind=".mounts += [{destination: \"/rt/runc\", type: \"bind\", source: \"$fake\", options: [\"bind\", \"rw\"]},
		{destination: \"/rt/host-runc\", type: \"bind\", source: \"$runc_bin\", options: [\"bind\", \"rw\"]}]"
	cfg=$ITEST_TMP/runtime-bin.yaml
	printf 'host_events: flagged-only\nruntime_binaries:\n  - %s\n' "$fake" >"$cfg"
	ctw_start --metrics-addr off --config "$cfg" || return
	assert_eq "$(grep -c 'container runtime binaries watched for write-opens' "$CTW_ERR")" 1 \
		"the collector says how many runtime binaries it watches"
	# Where the kernel refuses fexit programs the loader says so, and a
	# refused write-open cannot be seen: then it must not be reported either.
	fexit=yes
	grep -q 'no fexit program attaches to vfs_open' "$CTW_ERR" && fexit=no

	# The host binary write-opened from a container, through a bind mount.
	id=$(hex64)
	det_run det-rtbin "$(cg_docker "$id")" \
		"$bind" -- \
		sh -c 'dettrig open /rt/runc a; dettrig open /rt/host-runc a; true'
	det_ran "a container write-opens the bind-mounted runtime binaries"
	f="$(f_trig "$id" dettrig) and .type == \"file_open\" and .args.kind == \"runtime_binary\""
	assert_det "$f and .ret >= 0 and .args.name == \"fake-runc\"
		and .args.file_inode == $(stat -c %i "$fake") and (.args.open_flags | index([\"O_APPEND\"]))" \
		CTW-026 critical succeeded container_escape \
		"CTW-026: write-open of the host's runtime binary (by inode) from a container"
	if [ "$fexit" = yes ]; then
		assert_det "$f and .ret == -26 and .args.file_inode == $(stat -c %i "$runc_bin")" \
			CTW-026 critical denied container_escape \
			"CTW-026: write-open of the real runc refused with ETXTBSY while runc runs: still critical"
	else
		assert_no_event "$CTW_OUT" "$f and .ret < 0" \
			"no fexit on this kernel: the refused write-open of runc is not reported"
	fi
	grep -q "op=open ret=-1 errno=26" <<<"$CTR_OUT" ||
		fail "the real runc's write-open is refused with ETXTBSY while runc runs" "$CTR_OUT"

	# The same binary running on the host: the write-open from the container fails.
	"$fake" 30 &
	pid=$!
	id=$(hex64)
	det_run det-rtbin-busy "$(cg_docker "$id")" \
		"$bind" -- \
		sh -c 'dettrig open /rt/runc a; true'
	kill "$pid"
	wait "$pid" 2>/dev/null
	grep -q "op=open ret=-1 errno=26" <<<"$CTR_OUT" ||
		fail "the running fake runtime's write-open is refused with ETXTBSY" "$CTR_OUT"
	if [ "$fexit" = yes ]; then
		assert_det "$(f_trig "$id" dettrig) and .type == \"file_open\" and .ret == -26" \
			CTW-026 critical denied container_escape \
			"CTW-026: the running runtime binary's write-open refused (ETXTBSY): critical attempt"
	fi

	# Benign: a container's own file named runc; a read-only open of the host's.
	id_own=$(hex64)
	det_run det-rtbin-own "$(cg_docker "$id_own")" \
		"$bind" -- \
		sh -c 'cp /bin/busybox /dev/shm/runc && dettrig open /dev/shm/runc a; dettrig open /rt/runc r; true'
	det_ran "a container write-opens its own runc and reads the host's"

	# Benign on the host: a package manager rewriting the binary in place.
	TRIG_OUT=$("$DETTRIG" open "$fake" a 2>&1)
	trigger_parse "$TRIG_OUT" open
	assert_eq "$TRIG_RET" 3 "the host write-opens the runtime binary (dettrig)"
	ctw_stop
	assert_no_event "$CTW_OUT" "$(f_ctr "$id_own") and .type == \"file_open\"" \
		"a container's own runc and a read-only open of the host's: no file_open event"
	assert_host_quiet "$TRIG_PID" CTW-026 "the host write-opening its runtime binary: no CTW-026"
	assert_eq "$(sha256sum <"$fake")" "$sum" "the fake runtime binary is unchanged"
	assert_eq "$(sha256sum <"$runc_bin")" "$runc_sum" "the real runc is unchanged"
}
