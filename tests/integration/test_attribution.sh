# shellcheck shell=bash
# Container attribution: one container per runtime's cgroup layout, nested
# cgroups below a container, and the runtimes' own helper cgroups that are
# not containers.

# attr_case NAME RUNTIME CGPATH ID: runs `trigger setuid 0` in a container at
# CGPATH and asserts id, runtime and cgroup path on its setuid event.
attr_case()
{
	local name=$1 runtime=$2 cgpath=$3 id=$4 f
	ctr_run "$name" "$cgpath" -- trigger setuid 0
	trigger_parse "$CTR_OUT" setuid
	if [ "$CTR_RC" -ne 0 ]; then
		fail "$name: the container runs (cgroupsPath $cgpath)" "$CTR_OUT"
		return
	fi
	f="$(f_ctr "$id") and .process.comm == \"trigger\" and .type == \"setuid\""
	expect_event "$CTW_OUT" "$f and .container.runtime == \"$runtime\" and .cgroup.path == \"$cgpath\" and .ret == $(expected_ret)" \
		"$name: $cgpath -> container $runtime ${id:0:12}…, cgroup path kept" \
		".process.comm == \"trigger\" and (.cgroup.path // \"\" | contains(\"$id\"))"
	expect_event "$CTW_OUT" "$f and (.container.id | length == 64) and (.cgroup.id | type == \"number\" and . > 0)" \
		"$name: full 64-hex id and a cgroup id" "$f"
	expect_event "$CTW_OUT" "$f and .process.exe == \"/bin/trigger\"" \
		"$name: process.exe is the path inside the container" "$f"
	# runc's default set: CAP_AUDIT_WRITE, CAP_KILL, CAP_NET_BIND_SERVICE.
	expect_event "$CTW_OUT" "$f and .process.cap_effective == \"0x0000000020000420\" and .process.namespaces.net != $HOST_NETNS and .process.namespaces.mnt != $HOST_MNTNS" \
		"$name: the container's capabilities and its own mnt and net namespaces" "$f"
}

# Deep cgroup chains below a container: COUNT directories named NAME. The full
# path may be longer than PATH_MAX, so every step is relative to the last.
DEEP_NAME=$(printf 'd%.0s' {1..250})

# deep_cgroup_enter DIR PID COUNT NAME: make the chain below DIR and move PID to its end.
deep_cgroup_enter()
{
	(
		cd "$1" || exit 1
		for ((i = 0; i < $3; i++)); do
			mkdir "$4" && cd "$4" || exit 1
		done
		echo "$2" >cgroup.procs
	)
}

# deep_cgroup_remove DIR NAME: remove the chain, deepest first (rmdir needs it empty).
deep_cgroup_remove()
{
	(
		local depth=0
		cd "$1" 2>/dev/null || exit 0
		while [ -d "$2" ] && cd "$2"; do
			depth=$((depth + 1))
		done
		while [ "$depth" -gt 0 ]; do
			cd .. && rmdir "$2" || exit 1
			depth=$((depth - 1))
		done
	)
}

# deep_case NAME COUNT DIRNAME WHAT JQ: a docker-layout container whose process
# moves COUNT levels of DIRNAME below its cgroup, then calls setuid; its event
# must name the container and match JQ.
deep_case()
{
	local name=$1 count=$2 dirname=$3 what=$4 extra=$5 id cg f
	id=$(hex64)
	cg=$(cg_docker "$id")
	if ctr_start "$name" "$cg" -- \
		sh -c 'trap "go=1" USR1; while [ -z "$go" ]; do sleep 0.1; done; trigger setuid 0; sleep 60'; then
		if deep_cgroup_enter "$CG2$cg" "$CTR_PID" "$count" "$dirname"; then
			kill -USR1 "$CTR_PID"
			ctr_wait_output "$name" 'op=setuid' ||
				fail "$name: the container's process ran the trigger in the deep cgroup" \
					"$(cat "$ITEST_TMP/$name.out")"
			f="$(f_ctr "$id") and .process.comm == \"trigger\" and .type == \"setuid\""
			expect_event "$CTW_OUT" "$f and .container.runtime == \"docker\" and (.cgroup.path | startswith(\"$cg/\")) and $extra" \
				"a process $what below $cg is attributed to the docker container" \
				".process.comm == \"trigger\" and .type == \"setuid\""
		else
			fail "$name: $count nested cgroups can be made below the container's cgroup"
		fi
		ctr_kill "$name"
		deep_cgroup_remove "$CG2$cg" "$dirname"
	else
		fail "$name: a detached docker-layout container starts" "$(cat "$ITEST_TMP/$name.out")"
	fi
}

family_attribution()
{
	local id pod cg f

	HOST_NETNS=$(stat -L -c %i /proc/self/ns/net)
	HOST_MNTNS=$(stat -L -c %i /proc/self/ns/mnt)
	ctw_start --events setuid || return

	id=$(hex64); attr_case docker-cgroupfs docker "$(cg_docker "$id")" "$id"
	id=$(hex64); attr_case docker-systemd docker "$(cg_docker_systemd "$id")" "$id"
	id=$(hex64); pod=$(uuid); attr_case containerd-cri containerd "$(cg_containerd "$id" "$pod")" "$id"
	id=$(hex64); pod=$(uuid); attr_case cri-o cri-o "$(cg_crio "$id" "$pod")" "$id"
	id=$(hex64); attr_case podman podman "$(cg_podman "$id")" "$id"
	id=$(hex64); attr_case podman-container podman "$(cg_podman_container "$id")" "$id"
	id=$(hex64); pod=$(uuid); attr_case kubelet-cgroupfs kubernetes "$(cg_kubelet "$id" "$pod")" "$id"
	id=$(hex64); pod=$(uuid)
	attr_case kubelet-besteffort kubernetes "/kubepods/besteffort/pod$pod/$id" "$id"

	# The runtimes' monitors live next to containers but are host processes.
	id=$(hex64)
	ctr_run podman-conmon "/machine.slice/libpod-conmon-$id.scope" -- trigger setuid 0
	trigger_parse "$CTR_OUT" setuid
	f=".process.comm == \"trigger\" and .type == \"setuid\" and .cgroup.path == \"/machine.slice/libpod-conmon-$id.scope\""
	expect_event "$CTW_OUT" "$f and .container == null" "libpod-conmon-<id>.scope is not a container" \
		".process.comm == \"trigger\" and (.cgroup.path // \"\" | contains(\"$id\"))"
	id=$(hex64); pod=$(uuid)
	cg="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${pod//-/_}.slice/crio-conmon-$id.scope"
	ctr_run crio-conmon "$cg" -- trigger setuid 0
	f=".process.comm == \"trigger\" and .type == \"setuid\" and .cgroup.path == \"$cg\""
	expect_event "$CTW_OUT" "$f and .container == null" "crio-conmon-<id>.scope is not a container" \
		".process.comm == \"trigger\" and (.cgroup.path // \"\" | contains(\"$id\"))"

	# A cgroup made below a running container's cgroup still belongs to it.
	id=$(hex64)
	cg=$(cg_docker "$id")
	register_cgroup "$cg/nested"
	if ctr_start nested-docker "$cg" -- \
		sh -c 'while ! grep -q /nested /proc/self/cgroup; do sleep 0.1; done; trigger setuid 0; sleep 60'; then
		if mkdir "$CG2$cg/nested" && echo "$CTR_PID" >"$CG2$cg/nested/cgroup.procs"; then
			ctr_wait_output nested-docker 'op=setuid' ||
				fail "the container's process ran the trigger in the nested cgroup" \
					"$(cat "$ITEST_TMP/nested-docker.out")"
			f="$(f_ctr "$id") and .process.comm == \"trigger\" and .type == \"setuid\""
			expect_event "$CTW_OUT" "$f and .cgroup.path == \"$cg/nested\" and .container.runtime == \"docker\"" \
				"a process in $cg/nested is attributed to the docker container" \
				".process.comm == \"trigger\" and (.cgroup.path // \"\" | contains(\"$id\"))"
		else
			fail "a nested cgroup can be made below the container's cgroup"
		fi
		ctr_kill nested-docker
	else
		fail "a detached docker-layout container starts" "$(cat "$ITEST_TMP/nested-docker.out")"
	fi

	# Past PATH_MAX: 17 levels of 250-byte names below the container's cgroup,
	# which a container allowed to create cgroups can make. /proc/<pid>/cgroup
	# cannot show such a path; the process must still be the container's.
	deep_case deep-long 17 "$DEEP_NAME" "17 levels of 250-byte names (path > 4096 bytes)" \
		'(.cgroup.path | length == 4095) and .cgroup.path_truncated == true'
	# Deeper than the cache's recursive walk (64 levels): 100 levels of "n".
	deep_case deep-nested 100 n "100 levels deep" \
		'(.cgroup.path | length == 272) and (.cgroup | has("path_truncated") | not)'
	ctw_stop
}
