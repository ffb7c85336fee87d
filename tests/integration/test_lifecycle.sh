# shellcheck shell=bash
# container_start / container_stop: from the kernel (the first exec in a
# container's cgroup that is not runc's own, and cgroup_rmdir), for containers
# that make no monitored syscall at all.

# now_s: the wall clock, in seconds with a fraction.
now_s() { date +%s.%N; }

# lc_wait_start ID: polls for the container's container_start; sets LC_SEEN
# (when the line was first seen) and LC_EXEC (the exec's time in the event).
lc_wait_start()
{
	local id=$1 waited=0 t
	LC_SEEN="" LC_EXEC=""
	while [ "$waited" -lt $((EVENT_TIMEOUT * 50)) ]; do
		t=$(jq -R -r "fromjson? | select(.type == \"container_start\" and $(f_ctr "$id")) | .time" \
			"$CTW_OUT" 2>/dev/null | head -n 1)
		if [ -n "$t" ]; then
			LC_SEEN=$(now_s)
			LC_EXEC=$(date -d "$t" +%s.%N)
			return 0
		fi
		sleep 0.02
		waited=$((waited + 1))
	done
	return 1
}

family_lifecycle()
{
	local id cg f hostcg delay runc_pid bundle

	ctw_start --events container_start,container_stop --metrics-addr off || return

	# A detached container that only sleeps: no monitored syscall, yet it starts.
	id=$(hex64)
	LC_FIRST_ID=$id
	cg=$(cg_docker "$id")
	if ! ctr_start lc-docker "$cg" -- sleep 30; then
		fail "the lc-docker container starts" "$(cat "$ITEST_TMP/lc-docker.out" 2>/dev/null)"
		ctw_stop
		return
	fi
	f="$(f_ctr "$id") and .type == \"container_start\""
	if lc_wait_start "$id"; then
		delay=$(awk -v a="$LC_SEEN" -v b="$LC_EXEC" 'BEGIN { printf "%.3f", a - b }')
		if awk -v d="$delay" 'BEGIN { exit !(d < 1) }'; then
			pass "container_start written ${delay}s after the entrypoint's exec (< 1 s)"
		else
			fail "container_start within 1 s of the entrypoint's exec" "took ${delay}s"
		fi
	else
		fail "container_start for a container that only sleeps" "$(near_miss "$CTW_OUT" "$(f_ctr "$id")")"
	fi
	# The exec runc's init made into the entrypoint, not runc re-executing itself.
	assert_event "$CTW_OUT" "$f and .process.pid == $CTR_PID and .process.comm == \"sleep\" and .process.exe == \"/bin/busybox\" and .container.runtime == \"docker\" and .cgroup.path == \"$cg\" and .args.path == \"$cg\"" \
		"container_start: the entrypoint's pid, comm and exe; the container's cgroup path" "$f"
	# More execs in the same container, its own and through runc exec: no second start.
	runc --root "$RUNC_ROOT" exec lc-docker sh -c 'true; /bin/true' >/dev/null 2>&1 ||
		fail "runc exec into lc-docker"
	ctr_kill lc-docker
	f="$(f_ctr "$id") and .type == \"container_stop\""
	assert_event "$CTW_OUT" "$f and .args.path == \"$cg\" and .cgroup.path == \"$cg\"" \
		"container_stop after runc delete, with the container's cgroup path" "$(f_ctr "$id")"

	# A container run in the foreground whose entrypoint execs once more.
	id=$(hex64)
	ctr_run lc-crio "$(cg_crio "$id" "$(uuid)")" -- sh -c '/bin/true; exit 0'
	assert_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"container_stop\" and .container.runtime == \"cri-o\"" \
		"cri-o layout: container_stop after runc run ends" "$(f_ctr "$id")"

	# A host cgroup's first exec and its removal are no container's start or stop.
	hostcg=/ctwtest-host-$$
	mkdir "$CG2$hostcg" && CLEAN_CGROUPS+=("$CG2$hostcg")
	bash -c 'echo $$ >"$1/cgroup.procs" && exec /bin/true' _ "$CG2$hostcg" ||
		fail "run a process in the host cgroup $hostcg"
	rmdir "$CG2$hostcg"

	# runc's own processes in a container's cgroup before the entrypoint do not
	# count: a container created and deleted without being started has no start.
	id=$(hex64)
	cg=$(cg_docker "$id")
	register_cgroup "$cg"
	bundle=$(ctr_bundle lc-created "$cg" -- sleep 30) || fail "write the lc-created bundle"
	CLEAN_CONTAINERS+=(lc-created)
	runc --root "$RUNC_ROOT" create --bundle "$bundle" lc-created </dev/null >/dev/null 2>&1 ||
		fail "runc create lc-created"
	runc_pid=$(runc --root "$RUNC_ROOT" state lc-created | jq -r .pid)
	[ -n "$runc_pid" ] && [ "$runc_pid" != 0 ] || fail "lc-created has an init pid"
	runc --root "$RUNC_ROOT" delete -f lc-created >/dev/null 2>&1

	ctw_stop
	assert_count "$CTW_OUT" "$(f_ctr "$LC_FIRST_ID") and .type == \"container_start\"" -eq 1 \
		"exactly one container_start for lc-docker despite later execs"
	assert_count "$CTW_OUT" "$(f_ctr "$LC_FIRST_ID") and .type == \"container_stop\"" -eq 1 \
		"exactly one container_stop for lc-docker"
	assert_no_event "$CTW_OUT" "(.cgroup.path // \"\") == \"$hostcg\" or (.args.path // \"\") == \"$hostcg\"" \
		"no container_start or container_stop for a host cgroup"
	# Never started, so never seen: its removal is no container_stop either.
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and (.type == \"container_start\" or .type == \"container_stop\")" \
		"no container_start or stop for a container created but never started (runc init only)"
}
