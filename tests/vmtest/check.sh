# shellcheck shell=bash
# The VM tests' verdicts, sourced by run.sh: reads the record the guest wrote
# to its second serial port (tests/vmtest/guest-init.sh describes it) and
# asserts with jq here on the host, where the integration suite's helpers
# (pass, fail, check_event, assert_*) are.

# fact KEY: the guest's value for KEY (empty when it never said).
fact() { awk -v k="fact $1=" 'index($0, k) == 1 { v = substr($0, length(k) + 1) } END { print v }' "$VM_DATA"; }

# section NAME: the lines of a section.
section_of()
{
	awk -v s="$1" '$0 == "end " s { p = 0 } p { print } $0 == "section " s { p = 1 }' "$VM_DATA"
}

# step_out NAME: what step NAME printed.
step_out() { sed -n "s/^step $1 //p" "$VM_DATA"; }

# step_pid NAME: the pid a step's command printed ("...: pid=N").
step_pid() { step_out "$1" | sed -nE 's/^[^ ]+: pid=([0-9]+).*/\1/p' | tail -n 1; }

# step_trigger NAME [OP]: sets TRIG_PID, TRIG_RET, TRIG_ERRNO from the
# trigger's line in step NAME (lib.sh's trigger_parse).
step_trigger() { trigger_parse "$(step_out "$1")" "${2:-}"; }

# ctr_id NAME: the container id of step NAME's cgroup.
ctr_id() { awk -v n="$1" '$1 == "ctr" && $2 == n { print $3 }' "$VM_DATA"; }
ctr_cg() { awk -v n="$1" '$1 == "ctr" && $2 == n { print $4 }' "$VM_DATA"; }

ev() { check_event "$CTW_OUT" "$@"; }

# version_ge A B: kernel release A (6.1.0-57-...) is at least B (6.2).
version_ge()
{
	[ "$(printf '%s\n%s\n' "$2" "${1%%-*}" | sort -V | head -n 1)" = "$2" ]
}

check_platform()
{
	local kdir=$1 cgroup=$2 kernel want tp
	kernel=$(fact kernel)
	assert_eq "$kernel" "$(basename "$(compgen -G "$kdir/boot/vmlinuz-*")" | sed 's/^vmlinuz-//')" \
		"the guest runs the Debian kernel under test"
	assert_eq "$(fact arch)" "$VM_MACHINE" "guest architecture"
	assert_eq "$(fact cgroup_mode)" "$cgroup" "guest cgroup layout"
	# Both code paths of the typed task reads are meant to be covered.
	want=0
	version_ge "$kernel" 6.2 && want=1
	assert_eq "$(fact rdonly_cast)" "$want" "bpf_rdonly_cast in the kernel's BTF: $want (Linux ${kernel%%-*})"
	# Kernels with loadable modules: every syscall and module_load have their own tracepoint.
	if compgen -G "$kdir/lib/modules/*/kernel" >/dev/null; then
		for tp in module/module_load module/module_request syscalls/sys_enter_init_module \
			syscalls/sys_enter_finit_module; do
			assert_eq "$(fact "tp:$tp")" 1 "tracepoint $tp present"
		done
		if [ "$(fact module_ko)" != none ]; then
			pass "a real module of this kernel is in the initramfs"
		else
			fail "a real module of this kernel is in the initramfs"
		fi
	fi
}

check_startup()
{
	local log
	log=$(section_of log)
	assert_eq "$(fact ctw_ready)" 1 "collector starts and logs ready"
	if [ "$(fact ctw_ready)" != 1 ]; then
		fail "collector start-up log" "exit status $(fact ctw_start_exit); log tail:" \
			"$(tail -n 60 <<<"$log")"
		return 1
	fi
	echo "    collector ready after $(awk -v d="$(fact ctw_ready_ds)" 'BEGIN { printf "%.1f", d / 10 }')s"
	if grep -q 'info: attached [0-9]* programs natively, 0 through the raw_syscalls fallback (0 syscalls), 0 unavailable' <<<"$log"; then
		pass "start-up log: every program attached natively, none through raw_syscalls, none unavailable"
	else
		fail "start-up log: every program attached natively" "$(grep 'attached' <<<"$log")"
	fi
	local p
	for p in "handle_sys_enter_init_module on syscalls/sys_enter_init_module (tracepoint)" \
		"handle_sys_enter_finit_module on syscalls/sys_enter_finit_module (tracepoint)" \
		"handle_module_load on module/module_load (tracepoint)" \
		"handle_module_request on module/module_request (tracepoint)" \
		"handle_sched_process_exec on sched/sched_process_exec (tp_btf)" \
		"handle_cgroup_rmdir on cgroup/cgroup_rmdir (tracepoint)"; do
		if grep -qF "program $p" <<<"$log"; then
			pass "start-up log names the mechanism: $p"
		else
			fail "start-up log names the mechanism: $p" "$(grep -F "program ${p%% *} " <<<"$log")"
		fi
	done
	if grep -q 'raw_syscalls_fallback\|raw_syscalls fallback$\|using the raw_syscalls' <<<"$log"; then
		fail "no program uses the raw_syscalls fallback" "$(grep raw_syscalls <<<"$log")"
	else
		pass "no program uses the raw_syscalls fallback"
	fi
	# Lines start with a timestamp: "2026-...Z ctrwatch: info: ...".
	if [ "$VM_CGROUP" = v1 ]; then
		if grep -q 'info: cgroup v1 only (no cgroup2 hierarchy mounted): containers attributed by the memory controller.s hierarchy at /sys/fs/cgroup/memory' <<<"$log"; then
			pass "start-up log: cgroup v1 only, attribution by the memory hierarchy"
		else
			fail "start-up log: cgroup v1 only, attribution by the memory hierarchy" "$(grep -i cgroup <<<"$log")"
		fi
	fi
	if grep -E '(^|Z )ctrwatch: (warn|error):' <<<"$log" >/dev/null; then
		fail "no warning or error in the collector's log" "$(grep -E '(^|Z )ctrwatch: (warn|error):' <<<"$log")"
	else
		pass "no warning or error in the collector's log"
	fi
}

check_http()
{
	local metrics
	assert_eq "$(fact healthz_rc)" 0 "/healthz answers 200 while running"
	assert_eq "$(fact metrics_rc)" 0 "/metrics answers 200"
	metrics=$(section_of metrics)
	if promtool check metrics <<<"$metrics" >/dev/null 2>&1; then
		pass "/metrics passes promtool check metrics"
	else
		fail "/metrics passes promtool check metrics" "$(promtool check metrics <<<"$metrics" 2>&1 | head -n 5)"
	fi
	if grep -q '^ctrwatch_program_attached{program="handle_module_load",mechanism="tracepoint"} 1$' <<<"$metrics" &&
		grep -q '^ctrwatch_program_attached{program="handle_sys_enter_finit_module",mechanism="tracepoint"} 1$' <<<"$metrics"; then
		pass "/metrics: module_load and finit_module attached as tracepoints"
	else
		fail "/metrics: module_load and finit_module attached as tracepoints" \
			"$(grep -E 'program_attached.*(module)' <<<"$metrics")"
	fi
	assert_eq "$(grep -c '^ctrwatch_program_attached{.*mechanism="\(raw_syscalls_fallback\|unavailable\)"' <<<"$metrics")" 0 \
		"/metrics: no program on the fallback or unavailable"
	assert_eq "$(grep -c '^ctrwatch_program_attached{.*} 0$' <<<"$metrics")" 0 "/metrics: every program attached"
	assert_eq "$(grep -c '^ctrwatch_ringbuf_events_lost_total{.*} [1-9]' <<<"$metrics")" 0 "/metrics: no event lost"
	assert_eq "$(grep -c '^ctrwatch_kernel_modules_supported 1$' <<<"$metrics")" 1 \
		"/metrics: ctrwatch_kernel_modules_supported 1"
	if [ "$VM_CGROUP" = v1 ]; then
		assert_eq "$(grep -c '^ctrwatch_cgroup_attribution_info{mode="v1",controller="memory"} 1$' <<<"$metrics")" 1 \
			"/metrics: attribution by the memory controller's v1 hierarchy"
	else
		assert_eq "$(grep -c '^ctrwatch_cgroup_attribution_info{mode="v2"} 1$' <<<"$metrics")" 1 \
			"/metrics: attribution by the cgroup2 hierarchy"
	fi
}

# on_step NAME TYPE [OP]: sets TRIG_* from step NAME's trigger line and f to
# the filter for its event of TYPE.
on_step()
{
	step_trigger "$1" "${3:-}"
	TRIG_PID=${TRIG_PID:-0} TRIG_RET=${TRIG_RET:-0} TRIG_ERRNO=${TRIG_ERRNO:-0}
	f="$(f_pid "$TRIG_PID") and .type == \"$2\""
}

check_host_events()
{
	local f call
	on_step capset_same capset
	ev "$f and .ret == 0 and .outcome == \"succeeded\" and .container == null and .args.effective.old == .args.effective.new" \
		"capset: host, same sets, ret 0" "$(f_pid "$TRIG_PID")"
	on_step capset_raise_nobody capset
	ev "$f and .ret == -1 and .error == \"EPERM\" and .outcome == \"denied\" and .process.uid == $NOBODY and .args.effective.added == [\"CAP_SYS_ADMIN\"]" \
		"capset: nobody raising CAP_SYS_ADMIN, -EPERM, denied" "$(f_pid "$TRIG_PID")"
	for call in setuid setgid setreuid setregid setresuid setresgid setfsuid setfsgid; do
		on_step "setid_$call" setuid
		ev "$f and .args.syscall == \"$call\" and .ret == $(expected_ret) and .container == null" \
			"setuid family: host $call, ret $(expected_ret)" "$(f_pid "$TRIG_PID")"
	done
	on_step setuid_nobody setuid
	ev "$f and .ret == -1 and .outcome == \"denied\" and .process.uid == $NOBODY and .args.uid == 0" \
		"setuid: nobody asking for uid 0, -EPERM, denied" "$(f_pid "$TRIG_PID")"
	on_step suid_exec setuid_exec ids
	ev "$f and .process.euid == 0 and .process.uid == $NOBODY and .args.old.euid == $NOBODY and .args.new.euid == 0 and .args.setuid == true and (.flags | index([\"privilege_gain\"])) and (.detections | index([\"CTW-018\"]))" \
		"setuid_exec: nobody exec'ing a set-user-id root binary, euid 65534 -> 0, privilege_gain" \
		"$(f_pid "$TRIG_PID")"

	on_step mount mount
	ev "$f and .ret == 0 and .args.fstype == \"tmpfs\" and .args.target == \"/tmp/mnt/a\" and .container == null" \
		"mount: host tmpfs, ret 0, target and fstype" "$(f_pid "$TRIG_PID")"
	on_step umount umount
	ev "$f and .ret == 0 and .args.target == \"/tmp/mnt/a\"" "umount: host, ret 0" "$(f_pid "$TRIG_PID")"
	on_step mount_nobody mount
	ev "$f and .ret == -1 and .outcome == \"denied\"" "mount: nobody, -EPERM, denied" "$(f_pid "$TRIG_PID")"
	# The first argument is the one an architecture may overwrite with the
	# return value (arm64's x0; libbpf reads orig_x0), the fourth a flags word.
	on_step seccomp_mount mount
	ev "$f and .ret == -1 and .error == \"EPERM\" and (.args_unknown | not) and .args.source == \"none\" and .args.target == \"/tmp/mnt/a\" and .args.fstype == \"tmpfs\" and (.args.flags | index([\"MS_RDONLY\"]))" \
		"mount refused by seccomp: source, target, fstype and flags from the saved registers" "$(f_pid "$TRIG_PID")"
	on_step seccomp_unshare unshare
	ev "$f and .ret == -1 and .error == \"EPERM\" and (.args_unknown | not) and (.args.namespaces | sort == [\"mnt\", \"uts\"])" \
		"unshare refused by seccomp: flags (the first argument) from the saved registers" "$(f_pid "$TRIG_PID")"
	on_step fsmount mount
	for call in fsopen fsconfig fsmount move_mount; do
		ev "$f and .args.op == \"$call\" and .ret >= 0" "mount: new mount API, $call succeeded" "$f"
	done

	on_step init_module module_load
	ev "$f and .args.op == \"init_module\" and .ret == $(expected_ret) and .outcome == \"denied\" and .args.len == 64 and (.flags | index([\"kernel_touch\"]))" \
		"module_load: host init_module of a non-module, ret $(expected_ret), kernel_touch" "$(f_pid "$TRIG_PID")"
	on_step finit_module_self module_load
	ev "$f and .args.op == \"finit_module\" and .ret == $(expected_ret) and .outcome == \"denied\"" \
		"module_load: host finit_module of a non-module, ret $(expected_ret)" "$(f_pid "$TRIG_PID")"
	on_step init_module_nobody module_load
	ev "$f and .ret == -1 and .process.uid == $NOBODY" "module_load: nobody's init_module, -EPERM" \
		"$(f_pid "$TRIG_PID")"
	if [ "$(fact module_ko)" != none ] && [ -n "$(fact module_ko)" ]; then
		local mod pid
		mod=$(basename "$(fact module_ko)" .ko)
		pid=$(step_pid insmod)
		assert_eq "$(fact lsmod_after_insmod)" 1 "busybox insmod loaded $mod (in /proc/modules)"
		ev "$(f_pid "${pid:-0}") and .type == \"module_load\" and .args.op == \"finit_module\" and .ret == 0 and .outcome == \"succeeded\" and .container == null" \
			"module_load: host insmod of $mod: the finit_module syscall, ret 0" "$(f_pid "${pid:-0}")"
		ev "$(f_pid "${pid:-0}") and .type == \"module_load\" and .args.op == \"loaded\" and .args.name == \"$mod\" and .ret == 0 and (.detections | index([\"CTW-013\"]))" \
			"module_load: host insmod of $mod: the module/module_load tracepoint names it, CTW-013" \
			"$(f_pid "${pid:-0}")"
	fi

	on_step setns setns
	ev "$f and .ret == 0 and .args.target_ns.inode == $(fact holder_uts_inode) and .args.target_ns.type == \"uts\"" \
		"setns: host into another uts namespace, target inode" "$(f_pid "$TRIG_PID")"
	on_step setns_nobody setns
	ev "$f and .ret == -1 and .outcome == \"denied\"" "setns: nobody, -EPERM, denied" "$(f_pid "$TRIG_PID")"
	on_step unshare unshare
	ev "$f and .ret == 0 and (.args.namespaces | sort == [\"ipc\", \"uts\"])" \
		"unshare: host uts,ipc, ret 0, namespaces decoded" "$(f_pid "$TRIG_PID")"
	on_step unshare_nobody unshare
	ev "$f and .ret == -1 and .outcome == \"denied\"" "unshare: nobody mnt, -EPERM, denied" "$(f_pid "$TRIG_PID")"
	on_step ptrace_child ptrace
	ev "$f and .ret == 0 and .args.request == \"PTRACE_ATTACH\"" "ptrace: host attach to own child, ret 0" \
		"$(f_pid "$TRIG_PID")"
	on_step ptrace_nobody ptrace
	ev "$f and .ret == -1 and .outcome == \"denied\" and .args.target_pid == 1" \
		"ptrace: nobody attaching to pid 1, -EPERM, denied" "$(f_pid "$TRIG_PID")"
	on_step bpf_map bpf
	ev "$f and .args.cmd == \"BPF_MAP_CREATE\" and .ret == $TRIG_RET and .args.map_type == \"BPF_MAP_TYPE_ARRAY\"" \
		"bpf: host BPF_MAP_CREATE, ret the fd, map type" "$(f_pid "$TRIG_PID")"
	on_step bpf_prog bpf
	ev "$f and .args.cmd == \"BPF_PROG_LOAD\" and .ret >= 0 and .args.prog_type == \"BPF_PROG_TYPE_SOCKET_FILTER\"" \
		"bpf: host BPF_PROG_LOAD socket filter" "$(f_pid "$TRIG_PID")"
	on_step bpf_prog_nobody bpf
	ev "$f and .args.cmd == \"BPF_PROG_LOAD\" and .ret == -1 and .outcome == \"denied\"" \
		"bpf: nobody BPF_PROG_LOAD, -EPERM, denied" "$(f_pid "$TRIG_PID")"
	on_step obh open_by_handle_at
	ev "$f and .ret == $TRIG_RET and .ret >= 0 and .container == null" \
		"open_by_handle_at: host, ret the fd" "$(f_pid "$TRIG_PID")"
	on_step obh_nobody open_by_handle_at
	ev "$f and .ret == -1 and .error == \"EPERM\"" "open_by_handle_at: nobody, -EPERM" "$(f_pid "$TRIG_PID")"

	# The host's own writes are reported, never flagged: only a container's are escapes.
	f="$(f_pid "$(step_pid release_agent)") and .type == \"file_write\""
	ev "$f and .args.name == \"release_agent\" and .args.fs == \"cgroup\" and .container == null and (.detections | length == 0)" \
		"file_write: host writes a cgroup v1 release_agent: reported, not flagged" "$f"
	assert_no_event "$CTW_OUT" "$(f_pid "$(step_pid release_agent_read)")" \
		"file_write: no event for a read-only open of release_agent"
	f="$(f_pid "$(step_pid core_pattern)") and .type == \"file_write\""
	ev "$f and .args.name == \"core_pattern\" and .args.parent == \"kernel\" and .args.fs == \"proc\" and (.detections | length == 0)" \
		"file_write: host writes core_pattern: reported, not flagged" "$f"
	assert_no_event "$CTW_OUT" "$(f_pid "$(step_pid hostname_same)")" \
		"file_write: no event for a host sysctl that names no helper"
	if [ -n "$(step_pid sysrq)" ]; then
		f="$(f_pid "$(step_pid sysrq)") and .type == \"file_write\""
		ev "$f and .args.name == \"sysrq-trigger\" and .args.fs == \"proc\" and (.args.open_flags | index([\"O_RDWR\"]))" \
			"file_write: /proc/sysrq-trigger opened read-write" "$f"
	fi
}

# check_ctr NAME RUNTIME FILTER DESC: the event FILTER from container NAME
# (attributed to its id and runtime), and its container_start and _stop.
check_ctr()
{
	local name=$1 runtime=$2 filter=$3 desc=$4 id cg f
	id=$(ctr_id "$name")
	cg=$(ctr_cg "$name")
	if [ -z "$id" ]; then
		fail "container $name ran" "no 'ctr $name' line from the guest"
		return
	fi
	f="$(f_ctr "$id") and .container.runtime == \"$runtime\" and .cgroup.path == \"$cg\""
	ev "$f and $filter" "$runtime ($name): $desc" "$(f_ctr "$id")"
	assert_count "$CTW_OUT" "$f and .type == \"container_start\" and .args.path == \"$cg\"" -eq 1 \
		"$runtime ($name): one container_start for $cg"
	assert_count "$CTW_OUT" "$(f_ctr "$id") and .type == \"container_stop\" and .args.path == \"$cg\"" -eq 1 \
		"$runtime ($name): one container_stop when its cgroup goes"
}

check_container_events()
{
	check_ctr docker docker '.type == "bpf" and .args.cmd == "BPF_PROG_LOAD" and .ret >= 0 and (.detections | index(["CTW-014"]))' \
		"BPF_PROG_LOAD from a container, CTW-014"
	check_ctr docker docker '.type == "capset" and .ret == 0 and .args.effective.new == "0x0000000000000000"' \
		"capset dropping every capability"
	check_ctr docker docker '.type == "module_request" and .process.comm == "surftrig" and .args.name == "net-pf-12" and (.syscall | not) and (.flags | index(["kernel_touch"])) and (.detections | index(["CTW-031"])) and (.severity == "warning" or (.reasons | any(startswith("severity raised: the container"))))' \
		"socket(AF_DECnet) made the kernel ask for net-pf-12: module_request attributed to the container, CTW-031 (warning, or raised by the posture)"
	check_ctr docker_systemd docker ".type == \"setuid\" and .args.syscall == \"setuid\" and .args.uid == $NOBODY and .ret == 0" \
		"setuid(65534) succeeds"
	check_ctr containerd containerd '.type == "unshare" and .ret == 0 and (.args.namespaces | sort == ["mnt", "uts"])' \
		"unshare(mnt,uts) succeeds"
	check_ctr crio cri-o '.type == "mount" and .ret == 0 and .args.target == "/mnt" and (.flags | index(["container_escape"]) | not)' \
		"tmpfs mounted on /mnt in its own mount namespace: not an escape"
	check_ctr crio cri-o '.type == "umount" and .ret == 0' "umount of /mnt"
	if [ "$(fact module_ko)" != none ] && [ -n "$(fact module_ko)" ]; then
		local mod
		mod=$(basename "$(fact module_ko)" .ko)
		check_ctr podman podman '.type == "module_load" and .args.op == "finit_module" and .ret == 0 and (.detections | index(["CTW-012"])) and .severity == "critical"' \
			"finit_module of a real module: ret 0, CTW-012, critical"
		check_ctr podman podman ".type == \"module_load\" and .args.op == \"loaded\" and .args.name == \"$mod\"" \
			"module/module_load tracepoint for $mod, attributed to the container"
	fi
	check_ctr podman podman '.type == "ptrace" and .ret == 0 and .args.request == "PTRACE_ATTACH"' \
		"PTRACE_ATTACH to its own child"
	check_ctr kubelet kubernetes '.type == "open_by_handle_at" and .ret >= 0 and (.flags | index(["container_escape"])) and (.detections | index(["CTW-007"]))' \
		"open_by_handle_at succeeds: container_escape, CTW-007"
	check_ctr nerdctl nerdctl ".type == \"setuid_exec\" and .process.euid == 0 and .process.uid == $NOBODY and (.detections | index([\"CTW-018\"]))" \
		"set-user-id exec by nobody: setuid_exec, CTW-018"
	check_ctr containerd_k8s containerd '.type == "file_write" and .args.name == "hostname" and .args.fs == "proc" and (.flags | index(["kernel_touch"])) and (.detections | index(["CTW-015"]))' \
		"/proc/sys/kernel/hostname opened read-write: file_write, CTW-015"
	check_ctr containerd_k8s containerd '.type == "file_write" and .args.name == "release_agent" and .args.fs == "cgroup" and (.flags | index(["container_escape"])) and (.detections | index(["CTW-009"])) and .severity == "critical"' \
		"release_agent of a cgroup v1 hierarchy it mounted written: container_escape, CTW-009"
}

check_floor()
{
	local c log
	for c in no_btf:"/sys/kernel/btf hidden" empty_btf:"an empty file over /sys/kernel/btf/vmlinux"; do
		log=$(section_of "floor_${c%%:*}_log" | grep -Ev '^([0-9TZ:.-]+ )?ctrwatch: info:')
		assert_eq "$(fact "floor_${c%%:*}_exit")" 4 "kernel floor, ${c#*:}: exit code 4"
		if [ "$(wc -l <<<"$log")" -eq 1 ] &&
			grep -q '^ctrwatch: this kernel exposes no BTF (/sys/kernel/btf/vmlinux)' <<<"$log"; then
			pass "kernel floor, ${c#*:}: one line naming /sys/kernel/btf/vmlinux"
		else
			fail "kernel floor, ${c#*:}: one line naming /sys/kernel/btf/vmlinux" "$log"
		fi
	done
}

# vm_check OUT_DIR KERNEL_DIR CGROUP: every verdict on one guest run.
vm_check()
{
	local out=$1 kdir=$2 cgroup=$3
	VM_CGROUP=$cgroup
	VM_DATA=$out/data.txt
	CTW_OUT=$out/events.jsonl
	if [ ! -s "$VM_DATA" ] || ! grep -q '^vmtest: begin$' "$VM_DATA"; then
		fail "the guest wrote its record" "console tail:" "$(tr -d '\r' <"$out/console.log" | tail -n 30)"
		return
	fi
	if grep -q '^vmtest: end$' "$VM_DATA"; then
		pass "the guest ran to the end"
	else
		fail "the guest ran to the end" "console tail:" "$(tr -d '\r' <"$out/console.log" | tail -n 30)"
	fi
	section_of events >"$CTW_OUT"
	section_of log >"$out/ctrwatch.log"
	check_platform "$kdir" "$cgroup"
	if check_startup; then
		check_http
		assert_eq "$(fact ctw_exit)" 0 "collector exits 0 on SIGTERM"
		assert_all_json "$CTW_OUT"
		check_host_events
		check_container_events
	fi
	check_floor
}
