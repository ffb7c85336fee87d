# shellcheck shell=bash
# setns(2) and unshare(2): host, host into a container, inside a container.

family_ns()
{
	local holder inum id pod f

	ctw_start --events setns,unshare || return

	# A process holding a uts namespace of its own to join.
	unshare --uts sleep 60 &
	holder=$!
	register_pid "$holder"
	local waited=0
	while [ "$(readlink /proc/$holder/ns/uts)" = "$(readlink /proc/self/ns/uts)" ] && [ $waited -lt 50 ]; do
		sleep 0.1
		waited=$((waited + 1))
	done
	inum=$(stat -L -c %i "/proc/$holder/ns/uts")
	run_trigger setns "/proc/$holder/ns/uts" uts
	f="$(f_pid "$TRIG_PID") and .type == \"setns\""
	expect_event "$CTW_OUT" "$f and .ret == 0 and .outcome == \"succeeded\" and .container == null" \
		"host setns into another uts namespace: ret 0, succeeded" "$(f_pid "$TRIG_PID")"
	expect_event "$CTW_OUT" "$f and .args.target_ns.inode == $inum and .args.target_ns.type == \"uts\"" \
		"host setns: target namespace inode $inum and type uts" "$f"
	expect_event "$CTW_OUT" "$f and (.args.nstype | index([\"uts\"]))" "host setns: nstype uts decoded" "$f"
	kill "$holder" 2>/dev/null

	run_trigger --as "$NOBODY" setns /proc/self/ns/uts uts
	f="$(f_pid "$TRIG_PID") and .type == \"setns\""
	expect_event "$CTW_OUT" "$f and .ret == -1 and .outcome == \"denied\"" \
		"host setns as nobody: ret -EPERM, denied" "$(f_pid "$TRIG_PID")"

	# The host joining a running container's network namespace (nsenter-like).
	id=$(hex64)
	pod=$(uuid)
	if ctr_start ns-containerd "$(cg_containerd "$id" "$pod")" -- sleep 60; then
		inum=$(stat -L -c %i "/proc/$CTR_PID/ns/net")
		run_trigger setns "/proc/$CTR_PID/ns/net" net
		f="$(f_pid "$TRIG_PID") and .type == \"setns\""
		expect_event "$CTW_OUT" "$f and .ret == 0 and .container == null and .args.target_ns.inode == $inum and .args.target_ns.type == \"net\"" \
			"host setns into a container's net namespace: target inode $inum" "$(f_pid "$TRIG_PID")"
		ctr_kill ns-containerd
	else
		fail "a detached containerd-layout container starts" "$(cat "$ITEST_TMP/ns-containerd.out")"
	fi

	run_trigger unshare uts,ipc
	f="$(f_pid "$TRIG_PID") and .type == \"unshare\""
	expect_event "$CTW_OUT" "$f and .ret == 0 and .container == null and (.args.flags | index([\"CLONE_NEWUTS\"]) and index([\"CLONE_NEWIPC\"])) and (.args.namespaces | sort == [\"ipc\", \"uts\"])" \
		"host unshare(CLONE_NEWUTS|CLONE_NEWIPC): ret 0, flags decoded" "$(f_pid "$TRIG_PID")"
	run_trigger --as "$NOBODY" unshare mnt
	f="$(f_pid "$TRIG_PID") and .type == \"unshare\""
	expect_event "$CTW_OUT" "$f and .ret == -1 and .outcome == \"denied\" and (.args.flags | index([\"CLONE_NEWNS\"]))" \
		"host unshare(CLONE_NEWNS) as nobody: ret -EPERM, denied" "$(f_pid "$TRIG_PID")"

	# Inside a container (CRI-O layout) without CAP_SYS_ADMIN.
	id=$(hex64)
	pod=$(uuid)
	ctr_run ns-crio "$(cg_crio "$id" "$pod")" -- \
		sh -c 'trigger unshare mnt; trigger setns /proc/self/ns/uts uts'
	f="$(f_ctr "$id") and .process.comm == \"trigger\""
	expect_event "$CTW_OUT" "$f and .type == \"unshare\" and .ret == -1 and .container.runtime == \"cri-o\"" \
		"cri-o container: unshare(CLONE_NEWNS) denied, attributed" "$(f_ctr "$id")"
	expect_event "$CTW_OUT" "$f and .type == \"setns\" and .ret == -1" \
		"cri-o container: setns denied" "$(f_ctr "$id")"
	# With CAP_SYS_ADMIN it succeeds.
	id=$(hex64)
	ctr_run ns-docker "$(cg_docker "$id")" --cap CAP_SYS_ADMIN -- trigger unshare mnt,uts
	f="$(f_ctr "$id") and .process.comm == \"trigger\" and .type == \"unshare\""
	expect_event "$CTW_OUT" "$f and .ret == 0 and .container.runtime == \"docker\"" \
		"docker container with CAP_SYS_ADMIN: unshare(CLONE_NEWNS|CLONE_NEWUTS) succeeds" "$(f_ctr "$id")"

	# A seccomp filter refuses unshare before sys_enter: the attempt is still
	# reported, with ret -EPERM and the arguments read at sys_exit.
	id=$(hex64)
	ctr_run ns-seccomp "$(cg_docker "$id")" --cap CAP_SYS_ADMIN --deny unshare -- trigger unshare uts
	trigger_parse "$CTR_OUT" unshare
	assert_eq "$TRIG_RET/$TRIG_ERRNO" "-1/1" "seccomp refuses unshare in the container (trigger)"
	f="$(f_ctr "$id") and .process.comm == \"trigger\" and .type == \"unshare\""
	expect_event "$CTW_OUT" "$f and .ret == -1 and .outcome == \"denied\" and .args.flags == [\"CLONE_NEWUTS\"] and (.args_unknown | not)" \
		"unshare refused by seccomp: reported, ret -EPERM, its flags read at sys_exit" "$(f_ctr "$id")"
	ctw_stop
}
