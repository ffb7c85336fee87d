# shellcheck shell=bash
# The kernel attack surface a container reaches through calls that are common
# elsewhere and filtered in the kernel on their arguments: clone/clone3 asking
# for namespaces (CTW-027), connects to a container runtime's socket (CTW-028).
# surftrig makes the calls.

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

family_detect_surface()
{
	surf_init
	ctw_start "${DET_ARGS[@]}" || return
	surface_clone
	surface_connect
	ctw_stop
	assert_host_quiet "$SURF_HOST_CLONE_PID" CTW-027 "clone(CLONE_NEWUSER) on the host: no CTW-027"
}
