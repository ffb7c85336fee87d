# shellcheck shell=bash
# The exec record and its detections (docs/detections.md CTW-021..CTW-025):
# the kernel's exec/fork/exit records feed the process cache (a process that
# is gone before its event is handled keeps its identity and parent); with
# exec_events: all every exec is an event, by default only a flagged one; each
# detection from a real action in a runc container, next to its benign
# neighbour that stays quiet.

# shellcheck source=detect_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/detect_lib.sh"

# exec_run NAME PATCH OPTS... -- CMD: a container of its own (new id in EXEC_ID).
exec_run()
{
	local name=$1
	shift
	EXEC_ID=$(hex64)
	det_run "$name" "$(cg_docker "$EXEC_ID")" "$@"
}

f_exec() { echo "$(f_ctr "$1") and .type == \"exec\""; }

family_exec()
{
	local cfg id id_img id_drop id_memfd id_del id_fcap id_user id_leak id_plain bundle f
	local saved_core pkg

	det_init

	# --- exec_events: all, and the kernel's records in the process cache ----
	cfg=$ITEST_TMP/exec-all.yaml
	printf 'host_events: flagged-only\nexec_events: all\n' >"$cfg"
	ctw_start --metrics-addr off --config "$cfg" || return
	# Gone at once: only the kernel's records can tell who it was.
	exec_run exec-all . -- sh -c '/bin/true exec-marker; true'
	det_ran "a container runs /bin/true and exits"
	id=$EXEC_ID
	f="$(f_exec "$id") and .process.comm == \"true\""
	assert_event "$CTW_OUT" "$f and .process.args == [\"/bin/true\", \"exec-marker\"]
		and (.process.pid as \$p | .process.exec_id | test(\"^\\(\$p)-[0-9]+$\"))
		and .severity == \"info\" and .detections == [] and .args.filename == \"/bin/true\"
		and .args.upper_layer == false and .args.memfd == false" \
		"exec_events all: an unflagged exec is an event with its args and exec_id" "$f"
	assert_event "$CTW_OUT" "$f and .parent.pid == .process.ppid and .parent.comm == \"sh\"
		and (.parent.pid as \$p | .parent.exec_id | test(\"^\\(\$p)-[0-9]+$\"))" \
		"a process gone before its event was handled still has its parent (kernel records)" "$f"
	ctw_stop

	# --- the default: an exec is an event only when flagged -----------------
	ctw_start "${DET_ARGS[@]}" || return

	# Benign: an image binary on an overlay rootfs; a runtime exec into a
	# running container (docker exec).
	exec_run exec-img . --overlay -- sh -c '/bin/ls / >/dev/null; /bin/true; true'
	det_ran "an overlay container runs image binaries"
	id_img=$EXEC_ID
	id_plain=$(hex64)
	det_start exec-plain "$(cg_docker "$id_plain")" . --overlay -- sleep 30 ||
		fail "a detached overlay container starts" "$(cat "$ITEST_TMP/exec-plain.out")"
	runc --root "$RUNC_ROOT" exec exec-plain /bin/true ||
		fail "runc exec into a running container"
	ctr_kill exec-plain

	# CTW-021: a file written in the container's upper layer, then run.
	exec_run exec-drop . --overlay -- \
		sh -c 'cp /bin/busybox /tmp/dropped && /tmp/dropped true; true'
	det_ran "a container copies busybox to /tmp and runs it"
	id_drop=$EXEC_ID
	assert_det "$(f_exec "$id_drop") and .process.comm == \"dropped\" and .args.upper_layer == true
		and .args.overlay == true and .parent.comm == \"sh\"" \
		CTW-021 warning succeeded container_drift "CTW-021: exec of a dropped file (upper layer)"

	# Benign neighbour on the host: a package manager writes a file and runs it.
	pkg=$ITEST_TMP/pkgtool
	cp /bin/true "$pkg" && "$pkg"

	# CTW-022: a memfd, and a deleted file run through /proc/self/fd.
	exec_run exec-memfd . -- dettrig memfd-exec /bin/busybox true
	det_ran "a container runs busybox from a memfd"
	id_memfd=$EXEC_ID
	assert_det "$(f_exec "$id_memfd") and .args.memfd == true" \
		CTW-022 critical succeeded container_drift "CTW-022: exec of a memfd"
	exec_run exec-del . --overlay -- \
		sh -c 'cp /bin/busybox /tmp/gone && exec 3</tmp/gone && rm /tmp/gone && /proc/self/fd/3 true; true'
	det_ran "a container runs a deleted file through /proc/self/fd/3"
	id_del=$EXEC_ID
	assert_event "$CTW_OUT" "$(f_exec "$id_del") and .args.file_nlink == 0 and $(f_det CTW-022)
		and (.reasons | any(test(\"deleted file\")))" \
		"CTW-022: exec of a deleted file" "$(f_exec "$id_del")"

	# CTW-024: a non-root user holding CAP_SYS_ADMIN (ambient, as the runtime
	# gives it) runs a file-capability binary: the kernel sets AT_SECURE,
	# though the caller held more than the program gets (CTW-018 sees no gain).
	exec_run exec-fcap "$J_NONNP" --user 1000 --cap CAP_SYS_ADMIN -- \
		sh -c '/det/fcap-trigger unshare uts; /bin/true; true'
	det_ran "a non-root container user runs a file-capability binary"
	id_fcap=$EXEC_ID
	assert_det "$(f_exec "$id_fcap") and .process.comm == \"fcap-trigger\" and .process.uid == 1000
		and .args.secureexec == true" \
		CTW-024 notice succeeded privilege_gain "CTW-024: AT_SECURE exec by a non-root user"
	# Benign: root runs the same binary; the non-root entrypoint itself.
	exec_run exec-fcap-root "$J_NONNP" --cap CAP_SYS_ADMIN -- \
		sh -c '/det/fcap-trigger unshare uts; true'
	det_ran "root in a container runs the file-capability binary"
	id_user=$EXEC_ID

	# CTW-025: CVE-2024-21626: a host directory's descriptor leaked into the
	# container (here passed on purpose with --preserve-fds), the process
	# changes into it and execs.
	id_leak=$(hex64)
	register_cgroup "$(cg_docker "$id_leak")"
	bundle=$(det_bundle exec-leak "$(cg_docker "$id_leak")" . -- \
		sh -c '/bin/true inside; cd /proc/self/fd/3 && /bin/true leaky; true') ||
		fail "bundle for the leaked-descriptor container"
	CLEAN_CONTAINERS+=(exec-leak)
	CTR_OUT=$(timeout 60 runc --root "$RUNC_ROOT" run --preserve-fds 1 --bundle "$bundle" \
		exec-leak </dev/null 3<"$ITEST_TMP" 2>&1)
	CTR_RC=$?
	runc --root "$RUNC_ROOT" delete -f exec-leak >/dev/null 2>&1
	det_ran "a container changes into a leaked host directory and execs"
	assert_det "$(f_exec "$id_leak") and .process.args == [\"/bin/true\", \"leaky\"]
		and .args.cwd_outside_mnt_ns == true" \
		CTW-025 critical succeeded container_escape "CTW-025: exec with the cwd outside the container"

	# CTW-023: the kernel runs a core_pattern pipe helper from a container's
	# root. The host arms it (CTW-010 covers the write from a container).
	saved_core=$(cat /proc/sys/kernel/core_pattern)
	echo '|/proc/%P/root/payload' >/proc/sys/kernel/core_pattern ||
		fail "set core_pattern"
	exec_run exec-core . --overlay -- \
		sh -c 'cp /bin/busybox /payload && sh -c "kill -SEGV \$\$"; true'
	det_ran "a container crashes a process with core_pattern naming its own file"
	# The reason quotes core_pattern as the collector reads it when it handles
	# the exec: the setting is restored only once the event is out.
	wait_event "$CTW_OUT" "$(f_host) and .type == \"exec\" and .args.parent_kernel_thread == true" \
		"the core_pattern helper's exec is written"
	printf '%s\n' "$saved_core" >/proc/sys/kernel/core_pattern
	assert_det "$(f_host) and .type == \"exec\" and .args.parent_kernel_thread == true
		and (.args.filename | test(\"^/proc/[0-9]+/root/payload$\"))
		and (.reasons | any(test(\"core_pattern\")))" \
		CTW-023 critical succeeded container_escape \
		"CTW-023: the kernel runs a container's file as the core_pattern helper"
	ctw_stop

	assert_no_event "$CTW_OUT" "$(f_exec "$id_img")" \
		"image binaries on an overlay rootfs: no exec event"
	assert_no_event "$CTW_OUT" "$(f_exec "$id_plain")" \
		"runc exec of an image binary into a running container: no exec event"
	assert_no_event "$CTW_OUT" ".type == \"exec\" and .process.comm == \"pkgtool\"" \
		"a file written and run on the host: no exec event"
	assert_no_event "$CTW_OUT" "$(f_exec "$id_fcap") and .process.comm != \"fcap-trigger\"" \
		"CTW-024's neighbour: the non-root user's other execs are no events"
	assert_no_event "$CTW_OUT" "$(f_exec "$id_user")" \
		"CTW-024's neighbour: root running the file-capability binary is no event"
	assert_no_event "$CTW_OUT" "$(f_exec "$id_leak") and .process.args == [\"/bin/true\", \"inside\"]" \
		"CTW-025's neighbour: the same container's exec with its cwd inside is no event"
	assert_no_event "$CTW_OUT" ".type == \"exec\" and .severity != \"info\" and .container == null
		and $(f_nodet CTW-023)" \
		"no other host exec is flagged"
}
