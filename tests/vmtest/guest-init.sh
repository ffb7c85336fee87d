#!/bin/sh
# shellcheck shell=dash
# shellcheck disable=SC2016 # the sh -c scripts expand their own arguments
# /init of the VM tests' guest (busybox sh). Starts the collector, makes every
# monitored syscall on the host and from cgroups named like each container
# runtime's, then writes what happened to the second serial port for the host
# (tests/vmtest/check.sh) to judge:
#
#   fact KEY=VALUE                what the guest found (kernel, tracepoints, exit codes)
#   step NAME LINE                a command's output (the trigger's "trigger: pid=..." lines)
#   step NAME rc=N                its exit status
#   ctr NAME ID CGPATH            a "container" cgroup made for step NAME
#   section NAME ... end NAME     a whole file (the events, the collector's log, /metrics)
#
# The kernel command line picks the cgroup layout: vmtest.cgroup=v2 (default)
# mounts only cgroup2 at /sys/fs/cgroup, =hybrid v1 controllers there and
# cgroup2 at /sys/fs/cgroup/unified, =v1 only v1 controllers (no cgroup2: the
# collector attributes by one v1 hierarchy).
# No assertion is made here: a guest that stops half-way leaves a short
# record and the host reports what is missing.

PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
/bin/busybox --install -s /bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs -o mode=1777 tmpfs /tmp
ip link set lo up
hostname vmtest

# The record's port: the second UART where the machine has one (x86's ttyS1);
# arm64's virt machine has a single PL011, so there it is a virtio console,
# whose drivers are modules in Debian's kernels (vmtest.data=hvc0, modules in
# /lib/modules/boot, in load order, put there by initramfs.sh).
DATA=$(sed -nE 's/.*vmtest\.data=([A-Za-z0-9]+).*/\1/p' /proc/cmdline)
DATA=/dev/${DATA:-ttyS1}
if [ -f /lib/modules/boot/order ]; then
	while read -r f; do
		insmod "/lib/modules/boot/$f"
	done </lib/modules/boot/order
fi
waited=0
while [ ! -e "$DATA" ] && [ $waited -lt 100 ]; do
	sleep 0.1
	waited=$((waited + 1))
done
stty -F "$DATA" raw -echo 2>/dev/null
exec 3>"$DATA"

NOBODY=65534
KO=""
for f in /lib/modules/vmtest/*.ko; do
	[ -e "$f" ] && KO=$f
done
CTW_OUT=/tmp/events.jsonl
CTW_ERR=/tmp/ctrwatch.log
METRICS=http://127.0.0.1:7847

say() { printf '%s\n' "$*" >&3; }
note() { echo "vmtest-guest: $*"; }

# section NAME FILE: FILE's lines, each one terminated.
section()
{
	say "section $1"
	[ -f "$2" ] && awk '{ print }' "$2" >&3
	say "end $1"
}

# step NAME CMD...: runs CMD and records its output and exit status.
step()
{
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | while IFS= read -r line; do
		say "step $name $line"
	done
	say "step $name rc=$rc"
}

# as_nobody CMD...: CMD as uid/gid 65534 with no capability (exec keeps the pid).
# util-linux's setpriv by path: busybox sh prefers its own applets, and
# busybox's setpriv cannot change ids.
as_nobody() { /usr/bin/setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups --inh-caps=-all "$@"; }

# pid_exec CMD...: prints "<CMD>: pid=<pid>" then becomes CMD, for commands
# that do not print their own pid (insmod, a shell redirect).
pid_exec()
{
	sh -c 'echo "$1: pid=$$"; exec "$@"' _ "$@"
}

hex64() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }
uuid() { cat /proc/sys/kernel/random/uuid; }

# ctr NAME CGPATH CMD...: a container as the kernel sees one: CMD in new
# mount, uts, ipc, net and pid namespaces, exec'd in a cgroup named like a
# runtime's (that exec is its container_start, as runc's init exec'ing the
# entrypoint is), the cgroup removed when it ends (container_stop).
# On v1 the cgroup is made in every hierarchy (CG_ALL), as runc does.
ctr()
{
	local name=$1 cg=$2 dir root
	shift 2
	say "ctr $name $(echo "$cg" | grep -oE '[0-9a-f]{64}' | head -n 1) $cg"
	for root in $CG_ALL; do
		mkdir -p "$root$cg"
	done
	step "$name" unshare -m -u -i -n -p -f --mount-proc \
		sh -c 'cg=$1 && shift && for r in $CG_ALL; do echo $$ >"$r$cg/cgroup.procs" || exit 1; done && exec "$@"' _ "$cg" "$@"
	for root in $CG_ALL; do
		dir=$cg
		while [ -n "$dir" ] && [ "$dir" != / ]; do
			rmdir "$root$dir" 2>/dev/null || break
			dir=${dir%/*}
		done
	done
}

# mount_v1 DIR: the usual v1 controllers, one hierarchy each, below DIR.
mount_v1()
{
	local c
	for c in cpu,cpuacct memory pids devices freezer blkio; do
		mkdir -p "$1/$c"
		mount -t cgroup -o "$c" cgroup "$1/$c"
	done
}

# Sets CG, where the "containers" get their cgroups.
mount_cgroups()
{
	local mode
	mode=$(sed -nE 's/.*vmtest\.cgroup=([a-z0-9]+).*/\1/p' /proc/cmdline)
	case $mode in
	v1)
		# No cgroup2 anywhere: what a host booted with cgroup_no_v1 unset and
		# systemd.legacy_systemd_cgroup_controller, or an old distribution, has.
		mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
		mount_v1 /sys/fs/cgroup
		CG=/sys/fs/cgroup/pids
		CG_ALL=$(for c in cpu,cpuacct memory pids devices freezer blkio; do printf '/sys/fs/cgroup/%s ' "$c"; done)
		;;
	hybrid)
		# systemd's hybrid layout: v1 controllers, cgroup2 (no controller) at unified/.
		mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
		mount_v1 /sys/fs/cgroup
		mkdir -p /sys/fs/cgroup/unified
		mount -t cgroup2 cgroup2 /sys/fs/cgroup/unified
		CG=/sys/fs/cgroup/unified
		;;
	*)
		mode=v2
		mount -t cgroup2 cgroup2 /sys/fs/cgroup
		CG=/sys/fs/cgroup
		;;
	esac
	CG_ALL=${CG_ALL:-$CG}
	export CG_ALL
	say "fact cgroup_mode=$mode"
}

# After the collector's start: it mounts tracefs itself where it is not.
facts()
{
	local t=/sys/kernel/tracing/events
	[ -d $t ] || mount -t tracefs tracefs /sys/kernel/tracing
	say "fact kernel=$(uname -r)"
	say "fact arch=$(uname -m)"
	say "fact module_ko=${KO:-none}"
	# The kfunc the programs use for typed task reads where it exists (6.2+).
	if grep -q bpf_rdonly_cast /sys/kernel/btf/vmlinux; then
		say "fact rdonly_cast=1"
	else
		say "fact rdonly_cast=0"
	fi
	for tp in module/module_load module/module_request syscalls/sys_enter_init_module \
		syscalls/sys_enter_finit_module raw_syscalls/sys_enter; do
		if [ -d "$t/$tp" ]; then say "fact tp:$tp=1"; else say "fact tp:$tp=0"; fi
	done
}

start_collector()
{
	local waited=0
	ctrwatch --output "$CTW_OUT" --log-level debug >/dev/null 2>"$CTW_ERR" &
	CTW_PID=$!
	# Verification under TCG takes a while: up to three minutes.
	while ! grep -qw ready "$CTW_ERR"; do
		if ! kill -0 "$CTW_PID" 2>/dev/null || [ $waited -ge 1800 ]; then
			kill -KILL "$CTW_PID" 2>/dev/null
			wait "$CTW_PID"
			say "fact ctw_start_exit=$?"
			say "fact ctw_ready=0"
			return 1
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
	say "fact ctw_ready=1"
	say "fact ctw_ready_ds=$waited"
}

stop_collector()
{
	kill -TERM "$CTW_PID"
	wait "$CTW_PID"
	say "fact ctw_exit=$?"
}

host_events()
{
	local call holder

	note "host: capset, setuid family, setuid_exec"
	step capset_same trigger capset same
	step capset_raise_nobody as_nobody trigger capset raise
	for call in "setuid 0" "setgid 0" "setreuid 0 0" "setregid 0 0" "setresuid 0 0 0" \
		"setresgid 0 0 0" "setfsuid 0" "setfsgid 0"; do
		# shellcheck disable=SC2086
		step "setid_${call%% *}" trigger $call
	done
	step setuid_nobody as_nobody trigger setuid 0
	cp /bin/trigger /tmp/suid-trigger
	chmod 4755 /tmp/suid-trigger
	step suid_exec as_nobody /tmp/suid-trigger ids

	note "host: mount, umount, new mount API"
	mkdir -p /tmp/mnt/a /tmp/mnt/c /mnt
	step mount trigger mount none /tmp/mnt/a tmpfs
	step umount trigger umount /tmp/mnt/a
	step mount_nobody as_nobody trigger mount none /tmp/mnt/a tmpfs
	# Refused by seccomp before sys_enter: the arguments come from the saved
	# registers (pt_regs), whose layout is the architecture's.
	step seccomp_mount trigger seccomp-deny mount mount none /tmp/mnt/a tmpfs 1
	step seccomp_unshare trigger seccomp-deny unshare unshare mnt,uts
	step fsmount trigger fsmount tmpfs /tmp/mnt/c
	umount /tmp/mnt/c

	note "host: module loading"
	step init_module trigger init-module
	step finit_module_self trigger finit-module
	if [ -n "$KO" ]; then
		step insmod pid_exec insmod "$KO"
		say "fact lsmod_after_insmod=$(grep -c "^$(basename "$KO" .ko) " /proc/modules)"
		rmmod "$(basename "$KO" .ko)"
	fi
	step init_module_nobody as_nobody trigger init-module

	note "host: setns, unshare, ptrace, bpf, open_by_handle_at"
	unshare -u sleep 60 &
	holder=$!
	while [ "$(readlink /proc/$holder/ns/uts)" = "$(readlink /proc/self/ns/uts)" ]; do
		sleep 0.1
	done
	say "fact holder_uts_inode=$(stat -L -c %i /proc/$holder/ns/uts)"
	step setns trigger setns "/proc/$holder/ns/uts" uts
	kill "$holder"
	step setns_nobody as_nobody trigger setns /proc/self/ns/uts uts
	step unshare trigger unshare uts,ipc
	step unshare_nobody as_nobody trigger unshare mnt
	step ptrace_child trigger ptrace-child
	step ptrace_nobody as_nobody trigger ptrace-attach 1
	step bpf_map trigger bpf-map-create
	step bpf_prog trigger bpf-prog-load socket
	step bpf_prog_nobody as_nobody trigger bpf-prog-load tracepoint
	echo data >/tmp/handle-target
	chmod 644 /tmp/handle-target
	step obh trigger open-by-handle /tmp/handle-target
	step obh_nobody as_nobody trigger open-by-handle /tmp/handle-target

	note "host: file_write"
	mkdir -p /tmp/cgv1
	if mount -t cgroup -o none,name=ctwtest cgroup /tmp/cgv1; then
		step release_agent pid_exec sh -c 'echo /bin/true >"$1"' _ /tmp/cgv1/release_agent
		step release_agent_read pid_exec sh -c 'exec 4<"$1"' _ /tmp/cgv1/release_agent
		umount /tmp/cgv1
	fi
	old=$(cat /proc/sys/kernel/core_pattern)
	step core_pattern pid_exec sh -c 'echo core.vmtest >"$1"' _ /proc/sys/kernel/core_pattern
	echo "$old" >/proc/sys/kernel/core_pattern
	step hostname_same pid_exec sh -c 'cat "$1" >"$1"' _ /proc/sys/kernel/hostname
	[ -e /proc/sysrq-trigger ] &&
		step sysrq pid_exec sh -c 'exec 4<>"$1"' _ /proc/sysrq-trigger
}

container_events()
{
	note "containers: one per runtime's cgroup naming"
	# socket(12): AF_DECnet, gone since 6.1, so the kernel asks for net-pf-12 (module_request).
	ctr docker "/docker/$(hex64)" \
		sh -c 'trigger bpf-prog-load tracepoint; trigger capset raise; trigger capset drop
			surftrig socket 12'
	ctr docker_systemd "/system.slice/docker-$(hex64).scope" trigger setuid $NOBODY
	pod=$(uuid | tr - _)
	ctr containerd \
		"/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod$pod.slice/cri-containerd-$(hex64).scope" \
		trigger unshare mnt,uts
	pod=$(uuid | tr - _)
	ctr crio \
		"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$pod.slice/crio-$(hex64).scope" \
		sh -c 'trigger mount none /mnt tmpfs; trigger umount /mnt'
	if [ -n "$KO" ]; then
		ctr podman "/machine.slice/libpod-$(hex64).scope/container" \
			sh -c 'trigger finit-module "$1"; trigger ptrace-child' _ "$KO"
		rmmod "$(basename "$KO" .ko)"
	else
		ctr podman "/machine.slice/libpod-$(hex64).scope/container" \
			sh -c 'trigger finit-module; trigger ptrace-child'
	fi
	ctr kubelet "/kubepods/burstable/pod$(uuid)/$(hex64)" \
		trigger open-by-handle /tmp/handle-target
	ctr nerdctl "/default/$(hex64)" /usr/bin/setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups --inh-caps=-all \
		/tmp/suid-trigger ids
	# The CVE-2022-0492 pattern: a v1 hierarchy mounted, its release_agent written.
	mkdir -p /tmp/cgesc
	ctr containerd_k8s "/k8s.io/$(hex64)" sh -c 'exec 4<>/proc/sys/kernel/hostname;
		mount -t cgroup -o none,name=ctwesc cgroup /tmp/cgesc && echo /bin/true >/tmp/cgesc/release_agent'
}

# The BPF side needs BTF: with /sys/kernel/btf hidden, or its vmlinux an
# empty file, start-up must stop at once with one line and exit 4.
floor_check()
{
	mount -t tmpfs -o ro,mode=755 nobtf /sys/kernel/btf
	ctrwatch --output /tmp/floor.jsonl >/dev/null 2>/tmp/floor.log
	say "fact floor_no_btf_exit=$?"
	umount /sys/kernel/btf
	section floor_no_btf_log /tmp/floor.log

	: >/tmp/empty-btf
	mount -o bind /tmp/empty-btf /sys/kernel/btf/vmlinux
	ctrwatch --output /tmp/floor.jsonl >/dev/null 2>/tmp/floor.log
	say "fact floor_empty_btf_exit=$?"
	umount /sys/kernel/btf/vmlinux
	section floor_empty_btf_log /tmp/floor.log
}

say "vmtest: begin"
mount_cgroups
start_collector
ready=$?
facts
if [ $ready -eq 0 ]; then
	wget -q -O /tmp/healthz "$METRICS/healthz"
	say "fact healthz_rc=$?"
	section healthz /tmp/healthz
	host_events
	container_events
	wget -q -O /tmp/metrics "$METRICS/metrics"
	say "fact metrics_rc=$?"
	stop_collector
	section metrics /tmp/metrics
fi
# libbpf's debug lines (thousands) only when the programs did not load.
if [ $ready -eq 0 ]; then
	grep -v '^ctrwatch: debug: libbpf: ' "$CTW_ERR" >/tmp/ctrwatch-short.log
	section log /tmp/ctrwatch-short.log
else
	section log "$CTW_ERR"
fi
section events "$CTW_OUT"
floor_check
say "vmtest: end"
note "done"
# Closing a serial port waits until its output is sent.
exec 3>&-
sync
poweroff -f
