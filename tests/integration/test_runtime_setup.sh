# shellcheck shell=bash
# The container runtime rule: runc's own set-up (mounts, setns, capset,
# setuid, sysctls) inside the container's cgroup is info + runtime_setup, so
# that starting ordinary containers raises nothing; a process that only
# renames itself like runc is not the runtime.

# shellcheck source=detect_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/detect_lib.sh"

RUNTIME_STARTS=${RUNTIME_STARTS:-20}

family_runtime_setup()
{
	local i id ids=() sel f before

	det_init
	ctw_start "${DET_ARGS[@]}" || return

	# Ordinary containers: runc's default spec, Docker's cgroupsPath, lib.sh's
	# rootfs untouched.
	for ((i = 0; i < RUNTIME_STARTS; i++)); do
		id=$(hex64)
		ids+=("$id")
		ctr_run "rt-$i" "$(cg_docker "$id")" -- true
		[ "$CTR_RC" = 0 ] || fail "container rt-$i runs" "exit status $CTR_RC: $CTR_OUT"
	done
	# A runc spec that sets a namespaced sysctl: runc writes it during set-up.
	id=$(hex64)
	ids+=("$id")
	det_run rt-sysctl "$(cg_docker "$id")" '.linux.sysctl = {"net.ipv4.ip_forward": "1"}' -- true
	det_ran "container with a spec sysctl runs"
	# Wait for the last container's stop: every record before it is out.
	assert_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"container_stop\"" \
		"the last container's container_stop arrives" "$(f_ctr "$id")"

	sel=$(printf '.container.id == "%s" or ' "${ids[@]}")
	sel="(.container != null and (${sel% or }))"
	assert_count "$CTW_OUT" "$sel and .type == \"container_start\"" -eq $((RUNTIME_STARTS + 1)) \
		"$((RUNTIME_STARTS + 1)) container starts seen"
	# posture events (docs/posture.md) judge the container's configuration
	# (runc's default spec has no seccomp profile), not what the runtime did.
	assert_no_event "$CTW_OUT" "$sel and .type != \"posture\" and (.severity == \"warning\" or .severity == \"critical\")" \
		"$((RUNTIME_STARTS + 1)) ordinary runc container starts: zero warning or critical events"
	assert_no_event "$CTW_OUT" "$sel and (.detections | length > 0)" \
		"$((RUNTIME_STARTS + 1)) ordinary runc container starts: no detection at all"
	assert_no_event "$CTW_OUT" ".container == null and (.process.comm | test(\"^runc\")) and (.severity == \"warning\" or .severity == \"critical\")" \
		"runc's host-side processes: nothing at warning or above"
	f="$sel and (.process.comm | startswith(\"runc:[\"))"
	assert_count "$CTW_OUT" "$f and (.type == \"mount\" or .type == \"capset\" or .type == \"setuid\")" -ge $((RUNTIME_STARTS + 1)) \
		"runc's set-up records (mount, capset, setuid) are seen in the containers' cgroups"
	assert_no_event "$CTW_OUT" "$f and (.severity != \"info\" or (.flags | index([\"runtime_setup\"]) | not))" \
		"every runc set-up record is info with the runtime_setup flag"
	assert_event "$CTW_OUT" "$f and .type == \"mount\" and .args.fstype == \"proc\" and .flags == [\"runtime_setup\"] and (.reasons[0] | test(\"runc setting up the container \\\\(CTW-006\"))" \
		"runc mounting the container's /proc: runtime_setup, the reason names CTW-006 as not raised" "$f and .type == \"mount\""
	assert_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"file_write\" and .args.name == \"ip_forward\" and .severity == \"info\" and .flags == [\"runtime_setup\"] and (.reasons[0] | test(\"CTW-015\"))" \
		"runc writing the spec's sysctl: info, runtime_setup, CTW-015 not raised" "$(f_ctr "$id")"

	# A spec that gives the container a disk (docker run --device): runc makes
	# the block node itself during set-up.
	id=$(hex64)
	det_run rt-device "$(cg_docker "$id")" '.linux.devices = [{path: "/dev/ctw-disk", type: "b", major: 7, minor: 0, fileMode: 384, uid: 0, gid: 0}] | .linux.resources.devices += [{allow: true, type: "b", major: 7, minor: 0, access: "rwm"}]' -- true
	det_ran "container with a --device block node runs"
	f="$(f_ctr "$id") and .type == \"mknod\" and (.args.path | endswith(\"ctw-disk\"))"
	assert_event "$CTW_OUT" "$f and .args.file_type == \"block_device\" and .severity == \"info\" and .flags == [\"runtime_setup\"] and (.reasons[0] | test(\"CTW-033\"))" \
		"runc making a --device block node: info, runtime_setup, CTW-033 not raised" "$(f_ctr "$id") and .type == \"mknod\""

	# runc exec into a running container whose posture has been read (the
	# posture rule raises flagged events of weakly confined containers): its
	# set-up records stay info.
	id=$(hex64)
	if ctr_start rt-exec "$(cg_docker "$id")" -- sleep 60; then
		assert_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"posture\"" \
			"the running container's posture is read" "$(f_ctr "$id")"
		before=$(count_events "$CTW_OUT" "$(f_ctr "$id") and (.process.comm | startswith(\"runc:[\"))")
		runc --root "$RUNC_ROOT" exec rt-exec true
		assert_eq "$?" 0 "runc exec into the running container"
		f="$(f_ctr "$id") and (.process.comm | startswith(\"runc:[\"))"
		for ((i = 0; i < EVENT_TIMEOUT * 10; i++)); do
			[ "$(count_events "$CTW_OUT" "$f")" -gt "$before" ] && break
			sleep 0.1
		done
		assert_count "$CTW_OUT" "$f" -gt "$before" "runc exec's set-up records are seen"
		assert_no_event "$CTW_OUT" "$f and .severity != \"info\"" \
			"runc exec into a container with a weak posture: its set-up records stay info"
		ctr_kill rt-exec
	else
		fail "a detached container starts" "$(cat "$ITEST_TMP/rt-exec.out")"
	fi

	# comm is not enough: a process renamed runc:[2:INIT] is still flagged.
	id=$(hex64)
	det_run rt-fake "$(cg_docker "$id")" . --cap CAP_SYS_ADMIN -- sh -c "
		dettrig as-comm 'runc:[2:INIT]' unshare 0x10000000
		dettrig as-comm 'runc:[2:INIT]' mount proc /mnt proc"
	f="$(f_ctr "$id") and .process.comm == \"runc:[2:INIT]\" and .process.exe == \"/bin/dettrig\""
	assert_det "$f and .type == \"unshare\"" CTW-019 warning succeeded privilege_gain \
		"dettrig renamed runc:[2:INIT]: unshare(CLONE_NEWUSER) still raises CTW-019"
	assert_det "$f and .type == \"mount\" and .args.fstype == \"proc\"" CTW-006 warning succeeded container_escape \
		"dettrig renamed runc:[2:INIT]: a proc mount still raises CTW-006"
	assert_no_event "$CTW_OUT" "$f and (.flags | index([\"runtime_setup\"]))" \
		"a renamed process is not the runtime: no runtime_setup flag"
	ctw_stop
}
