# shellcheck shell=bash
# The kernel attack surface a container reaches through calls that are common
# elsewhere and filtered in the kernel on their arguments: clone/clone3 asking
# for namespaces (CTW-027), connects to a container runtime's socket (CTW-028);
# and calls rare enough to record everywhere: another process's memory through
# process_vm_readv/writev (CTW-029), io_uring, userfaultfd, keys and perf
# events (CTW-030). surftrig makes the calls.

# shellcheck source=detect_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/detect_lib.sh"

SURFTRIG=${SURFTRIG:-$BUILD/tests/integration/surftrig}

# surf_init: det_init, plus surftrig in the private rootfs.
surf_init()
{
	[ -x "$SURFTRIG" ] || die "surftrig not built: $SURFTRIG"
	det_init
	cp "$SURFTRIG" "$DET_ROOTFS/bin/surftrig" || die "cannot copy surftrig"
}

surface_clone()
{
	local id f

	# CTW-027: clone and clone3 into a new user namespace from a container;
	# other namespaces are events without it; plain forks are no events.
	id=$(hex64)
	det_run det-clone "$(cg_docker "$id")" . --cap CAP_SYS_ADMIN -- sh -c '
		surftrig clone user; surftrig clone3 user,mnt; surftrig clone uts
		surftrig clone none; surftrig clone3 none'
	det_ran "the clone container ran"
	trigger_parse "$CTR_OUT" clone3
	assert_eq "$([ "${TRIG_RET:--1}" -gt 0 ] && echo ok)" ok \
		"clone3 of a plain child succeeds in the container (surftrig)"
	f="$(f_trig "$id" surftrig) and .type == \"clone\""
	assert_det "$f and .syscall == \"clone\" and .args.namespaces == [\"user\"] and .ret > 0" \
		CTW-027 warning succeeded privilege_gain \
		"CTW-027: clone(CLONE_NEWUSER) from a container: warning, privilege_gain"
	assert_det "$f and .syscall == \"clone3\" and .args.namespaces == [\"mnt\", \"user\"] and .args.exit_signal == 17" \
		CTW-027 warning succeeded privilege_gain \
		"CTW-027: clone3(CLONE_NEWUSER|CLONE_NEWNS) from a container, flags read from clone_args"
	assert_event "$CTW_OUT" "$f and $(f_det CTW-027) and (.reasons[0] | test(\"clone3\\\\(CLONE_NEWUSER\\\\)\"))" \
		"CTW-027: the reason names the call" "$f"
	assert_quiet "$f and .args.flags == [\"CLONE_NEWUTS\"] and .ret > 0" CTW-027 \
		"clone(CLONE_NEWUTS) from a container"
	assert_eq "$(count_events "$CTW_OUT" "$f")" 3 \
		"exactly the three namespace clones are events: plain clone/clone3 are dropped in the kernel"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"clone\" and .process.comm != \"surftrig\"" \
		"the shell's forks are no events"

	# Refused by seccomp: the flags are read from clone_args at sys_exit.
	id=$(hex64)
	det_run det-clone-seccomp "$(cg_docker "$id")" . --deny clone3 -- sh -c '
		surftrig clone3 user; surftrig clone3 none'
	trigger_parse "$CTR_OUT" clone3
	assert_eq "$TRIG_RET/$TRIG_ERRNO" "-1/1" "seccomp refuses clone3 in the container (surftrig)"
	f="$(f_trig "$id" surftrig) and .type == \"clone\""
	assert_det "$f and .ret == -1 and (.args_unknown | not) and .args.namespaces == [\"user\"]" \
		CTW-027 notice denied privilege_gain \
		"CTW-027: clone3(CLONE_NEWUSER) refused by seccomp: flags read at sys_exit, notice"
	assert_eq "$(count_events "$CTW_OUT" "$f")" 1 "a refused clone3 without namespaces is no event"

	# The host: written only if flagged, and it must not be.
	TRIG_OUT=$("$SURFTRIG" clone user 2>&1)
	trigger_parse "$TRIG_OUT" clone
	assert_eq "$([ "${TRIG_RET:--1}" -gt 0 ] && echo ok)" ok "clone(CLONE_NEWUSER) on the host succeeds (surftrig)"
	SURF_HOST_CLONE_PID=$TRIG_PID
}

surface_connect()
{
	local id f sock=$ITEST_TMP/surf-docker.sock lpid

	# A listening socket in the Docker daemon's place, mounted where
	# docker-in-docker setups mount the real one.
	rm -f "$sock"
	python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(16)
time.sleep(60)' "$sock" &
	lpid=$!
	for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
	id=$(hex64)
	det_run det-connect "$(cg_docker "$id")" \
		".mounts += [{destination: \"/var/run/docker.sock\", type: \"bind\", source: \"$sock\", options: [\"bind\"]}]" -- sh -c '
		surftrig connect /var/run/docker.sock
		surftrig connect /run/containerd/containerd.sock
		surftrig connect @/containerd-shim/moby/0123/shim.sock
		surftrig connect /tmp/app.sock
		surftrig connect @/tmp/app'
	kill "$lpid" 2>/dev/null
	wait "$lpid" 2>/dev/null
	trigger_parse "$CTR_OUT" connect
	f="$(f_trig "$id" surftrig) and .type == \"connect\""
	assert_det "$f and .args.path == \"/var/run/docker.sock\" and .ret == 0 and .args.family == \"AF_UNIX\" and .args.abstract == false" \
		CTW-028 critical succeeded container_escape \
		"CTW-028: connect to a mounted docker.sock from a container: critical, container_escape"
	assert_det "$f and .args.path == \"/run/containerd/containerd.sock\" and .error == \"ENOENT\"" \
		CTW-028 warning denied container_escape \
		"CTW-028: connect to containerd.sock, nothing there: warning (attempt)"
	assert_det "$f and .args.path == \"/containerd-shim/moby/0123/shim.sock\" and .args.abstract == true" \
		CTW-028 warning denied container_escape \
		"CTW-028: connect to an abstract containerd-shim address: warning (attempt)"
	assert_eq "$(count_events "$CTW_OUT" "$f")" 3 \
		"only the runtime sockets are events: /tmp/app.sock and @/tmp/app are dropped in the kernel"

	# Refused by seccomp: the address is read at sys_exit.
	id=$(hex64)
	det_run det-connect-seccomp "$(cg_docker "$id")" . --deny connect -- \
		surftrig connect /var/run/crio/crio.sock
	trigger_parse "$CTR_OUT" connect
	assert_eq "$TRIG_RET/$TRIG_ERRNO" "-1/1" "seccomp refuses connect in the container (surftrig)"
	assert_det "$(f_trig "$id" surftrig) and .type == \"connect\" and .args.path == \"/var/run/crio/crio.sock\" and (.args_unknown | not)" \
		CTW-028 warning denied container_escape \
		"CTW-028: connect to crio.sock refused by seccomp: path read at sys_exit, warning"
}

surface_process_vm()
{
	local id f hpid

	# CTW-029: writing into another process of the container is flagged,
	# reading it (a profiler, a debugger) or the process itself is not.
	id=$(hex64)
	det_run det-pvm "$(cg_docker "$id")" . -- sh -c '
		surftrig pvm read child; surftrig pvm write child; surftrig pvm read self'
	det_ran "the process_vm container ran"
	trigger_parse "$CTR_OUT" process_vm_writev
	assert_eq "$TRIG_RET" 16 "process_vm_writev into its child succeeds in the container (surftrig)"
	f="$(f_trig "$id" surftrig) and .type == \"process_vm\""
	assert_det "$f and .syscall == \"process_vm_writev\" and .args.direction == \"write\" and .args.target_self == false and .args.remote_bytes == 16" \
		CTW-029 warning succeeded privilege_gain \
		"CTW-029: process_vm_writev into another process from a container: warning, privilege_gain"
	assert_event "$CTW_OUT" "$f and $(f_det CTW-029) and (.reasons[0] | test(\"process_vm_writev from a container into another process\"))" \
		"CTW-029: the reason names the call and the target" "$f"
	assert_quiet "$f and .syscall == \"process_vm_readv\" and .args.target_self == false and .ret == 16" CTW-029 \
		"process_vm_readv of the container's own child"
	assert_quiet "$f and .syscall == \"process_vm_readv\" and .args.target_self == true" CTW-029 \
		"process_vm_readv of itself"

	# A host process read from a container sharing the host's pid namespace:
	# the target's cgroup and mount namespace come from /proc.
	"$SURFTRIG" sleep 30 >/dev/null &
	hpid=$!
	id=$(hex64)
	det_run det-pvm-host "$(cg_docker "$id")" "$J_HOSTPID" --cap CAP_SYS_PTRACE -- \
		surftrig pvm read "$hpid"
	trigger_parse "$CTR_OUT" process_vm_readv
	assert_eq "$TRIG_RET" 16 "process_vm_readv of a host process succeeds with CAP_SYS_PTRACE (surftrig)"
	f="$(f_trig "$id" surftrig) and .type == \"process_vm\""
	assert_det "$f and .args.target_host_pid == $hpid and .args.target_cgroup_id != null and .args.target_mnt_ns != null" \
		CTW-029 warning succeeded privilege_gain \
		"CTW-029: process_vm_readv of a host process from a container, target resolved from /proc"
	assert_event "$CTW_OUT" "$f and (.reasons | any(contains(\"process_vm_readv from a container of a host process (host pid $hpid)\")))" \
		"CTW-029: the reason says the target is a host process" "$f"
	# Without CAP_SYS_PTRACE the kernel refuses: an attempt.
	id=$(hex64)
	det_run det-pvm-host-denied "$(cg_docker "$id")" "$J_HOSTPID" -- surftrig pvm read "$hpid"
	trigger_parse "$CTR_OUT" process_vm_readv
	assert_eq "$TRIG_RET/$TRIG_ERRNO" "-1/1" "process_vm_readv of a host process is refused without CAP_SYS_PTRACE (surftrig)"
	assert_event "$CTW_OUT" "$(f_trig "$id" surftrig) and .type == \"process_vm\" and $(f_det CTW-029) and .outcome == \"denied\" and .error == \"EPERM\"" \
		"CTW-029: a refused process_vm_readv of a host process is an attempt" ""
	kill "$hpid" 2>/dev/null
	wait "$hpid" 2>/dev/null

	# Refused by seccomp: the arguments are read at sys_exit.
	id=$(hex64)
	det_run det-pvm-seccomp "$(cg_docker "$id")" . --deny process_vm_writev -- \
		surftrig pvm write child
	trigger_parse "$CTR_OUT" process_vm_writev
	assert_eq "$TRIG_RET/$TRIG_ERRNO" "-1/1" "seccomp refuses process_vm_writev in the container (surftrig)"
	assert_det "$(f_trig "$id" surftrig) and .type == \"process_vm\" and (.args_unknown | not) and .args.remote_iovcnt == 1 and .args.target_self == false" \
		CTW-029 notice denied privilege_gain \
		"CTW-029: process_vm_writev refused by seccomp: arguments read at sys_exit, notice"

	# The host: a debugger's everyday call, never flagged.
	TRIG_OUT=$("$SURFTRIG" pvm write child 2>&1)
	trigger_parse "$TRIG_OUT" process_vm_writev
	assert_eq "$TRIG_RET" 16 "process_vm_writev into a child on the host succeeds (surftrig)"
	SURF_HOST_PVM_PID=$TRIG_PID
}

surface_kernel_api()
{
	local id f call

	# CTW-030: each call from a container, whatever its outcome.
	id=$(hex64)
	det_run det-kapi "$(cg_docker "$id")" . -- sh -c '
		surftrig io_uring 8; surftrig userfaultfd; surftrig perf
		surftrig keyctl-join ctw-test; surftrig add_key user ctw:key
		surftrig request_key user ctw:none; true'
	det_ran "the kernel_api container ran"
	trigger_parse "$CTR_OUT" io_uring_setup
	assert_eq "$([ "${TRIG_RET:--1}" -ge 0 ] && echo ok)" ok "io_uring_setup succeeds in the container (surftrig)"
	f="$(f_trig "$id" surftrig) and .type == \"kernel_api\""
	assert_det "$f and .syscall == \"io_uring_setup\" and .args.entries == 8 and .args.flags_raw == 0" \
		CTW-030 notice succeeded kernel_touch \
		"CTW-030: io_uring_setup from a container: notice, kernel_touch"
	assert_event "$CTW_OUT" "$f and .syscall == \"userfaultfd\" and .args.flags == [\"UFFD_USER_MODE_ONLY\", \"O_CLOEXEC\"] and $(f_det CTW-030)" \
		"CTW-030: userfaultfd from a container, its flags named" "$f"
	assert_event "$CTW_OUT" "$f and .syscall == \"perf_event_open\" and .args.perf_type == \"PERF_TYPE_SOFTWARE\" and .args.cpu == -1 and $(f_det CTW-030)" \
		"CTW-030: perf_event_open from a container, attr.type read" "$f"
	assert_event "$CTW_OUT" "$f and .syscall == \"keyctl\" and .args.op == \"KEYCTL_JOIN_SESSION_KEYRING\" and .args.name == \"ctw-test\" and $(f_det CTW-030)" \
		"CTW-030: keyctl(KEYCTL_JOIN_SESSION_KEYRING) from a container, the keyring's name read" "$f"
	assert_event "$CTW_OUT" "$f and .syscall == \"add_key\" and .args.key_type == \"user\" and .args.description == \"ctw:key\" and .args.keyring == -2 and $(f_det CTW-030)" \
		"CTW-030: add_key from a container, type and description read" "$f"
	assert_event "$CTW_OUT" "$f and .syscall == \"request_key\" and .error == \"ENOKEY\" and .args.description == \"ctw:none\" and $(f_det CTW-030)" \
		"CTW-030: request_key of a missing key from a container: an attempt, still flagged" "$f"
	# runc's own session keyring, joined while it sets the container up.
	assert_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"kernel_api\" and .syscall == \"keyctl\" and (.args.name | startswith(\"_ses\")) and $(f_flags runtime_setup) and $(f_nodet CTW-030)" \
		"runc joining the container's session keyring: runtime_setup, no CTW-030" "$(f_ctr "$id") and .type == \"kernel_api\""

	# Refused by seccomp, as Docker's default profile does: read at sys_exit.
	id=$(hex64)
	det_run det-kapi-seccomp "$(cg_docker "$id")" . --deny io_uring_setup --deny userfaultfd -- \
		sh -c 'surftrig io_uring 16; surftrig userfaultfd; true'
	trigger_parse "$CTR_OUT" io_uring_setup
	assert_eq "$TRIG_RET/$TRIG_ERRNO" "-1/1" "seccomp refuses io_uring_setup in the container (surftrig)"
	f="$(f_trig "$id" surftrig) and .type == \"kernel_api\""
	assert_det "$f and .syscall == \"io_uring_setup\" and (.args_unknown | not) and .args.entries == 16" \
		CTW-030 info denied kernel_touch \
		"CTW-030: io_uring_setup refused by seccomp: entries read at sys_exit, an attempt (info)"
	for call in userfaultfd; do
		assert_event "$CTW_OUT" "$f and .syscall == \"$call\" and .outcome == \"denied\" and $(f_det CTW-030)" \
			"CTW-030: $call refused by seccomp is still reported" "$f"
	done

	# The host's io_uring (databases, runtimes): recorded, never flagged.
	TRIG_OUT=$("$SURFTRIG" io_uring 8 2>&1)
	trigger_parse "$TRIG_OUT" io_uring_setup
	SURF_HOST_URING_PID=$TRIG_PID
}

family_detect_surface()
{
	surf_init
	ctw_start "${DET_ARGS[@]}" || return
	surface_clone
	surface_connect
	surface_process_vm
	surface_kernel_api
	ctw_stop
	assert_host_quiet "$SURF_HOST_CLONE_PID" CTW-027 "clone(CLONE_NEWUSER) on the host: no CTW-027"
	assert_host_quiet "$SURF_HOST_PVM_PID" CTW-029 "process_vm_writev on the host: no CTW-029"
	assert_host_quiet "$SURF_HOST_URING_PID" CTW-030 "io_uring_setup on the host: no CTW-030"
}
