# shellcheck shell=bash
# Posture: runc containers in the shapes of docs/posture.md (Docker's default,
# privileged, user namespace, no-new-privileges, memory/pids limits, host PID
# namespace, runtime socket mounted) each get one posture event with exactly
# the expected findings, within a second of the entrypoint's exec.

# What every shape below starts from, on this host: Docker's defaults as runc
# can express them (a seccomp filter, no_new_privs off, writable root), no
# AppArmor/SELinux profile, no user namespace, no cgroup namespace (runc's spec
# has none), no limits.
POSTURE_BASE="CTW-P03 CTW-P05 CTW-P06 CTW-P12 CTW-P13 CTW-P14 CTW-P15 CTW-P16"

# Capability names by number, for "every capability the host has".
CAP_NAMES=(CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP
	LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER
	SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE
	SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP
	MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF
	CHECKPOINT_RESTORE)

# The capabilities in PID 1's bounding set, as a JSON array of names: a
# privileged container gets what the host has (this may be less than the kernel's list).
host_caps_json()
{
	local hex i out=()
	hex=$(awk '/^CapBnd:/ {print $2}' /proc/1/status)
	for ((i = 0; i < ${#CAP_NAMES[@]}; i++)); do
		if (((16#$hex >> i) & 1)); then
			out+=("CAP_${CAP_NAMES[i]}")
		fi
	done
	jq -cn '$ARGS.positional' --args -- "${out[@]}"
}

# posture_run NAME JQ-FILTER: a detached container (sleep) whose bundle is
# lib.sh's with the Docker-like defaults and then JQ-FILTER applied. Sets
# POSTURE_ID (the container id of its docker-layout cgroup).
posture_run()
{
	local name=$1 filter=$2 bundle cg
	POSTURE_ID=$(hex64)
	cg=$(cg_docker "$POSTURE_ID")
	register_cgroup "$cg"
	bundle=$(ctr_bundle "$name" "$cg" --deny acct -- sleep 30) || return 1
	jq ".process.noNewPrivileges = false | .root.readonly = false | $filter" \
		"$bundle/config.json" >"$bundle/config.json.new" &&
		mv "$bundle/config.json.new" "$bundle/config.json" || return 1
	CLEAN_CONTAINERS+=("$name")
	timeout 60 runc --root "$RUNC_ROOT" run -d --bundle "$bundle" "$name" \
		</dev/null >"$ITEST_TMP/$name.out" 2>&1
}

# posture_case NAME "FINDINGS" JQ-FILTER
posture_case()
{
	local name=$1 want=$2 filter=$3 f got
	if ! posture_run "$name" "$filter"; then
		fail "$name: the container starts" "$(cat "$ITEST_TMP/$name.out")"
		return
	fi
	f=".type == \"posture\" and $(f_ctr "$POSTURE_ID")"
	if assert_event "$CTW_OUT" "$f" "$name: one posture event" "$(f_ctr "$POSTURE_ID")"; then
		got=$(jq -R -r "fromjson? | select($f) | [.findings[].id] | join(\" \")" "$CTW_OUT" | head -n 1)
		assert_eq "$got" "$(tr ' ' '\n' <<<"$want" | sort | tr '\n' ' ' | sed 's/ $//')" \
			"$name: exactly the expected findings"
		got=$(jq -R -r "fromjson? | select($f)
			| {info: 0, notice: 1, warning: 2, critical: 3} as \$rank
			| (.severity == ([.findings[].severity] | max_by(\$rank[.]))) " "$CTW_OUT" | head -n 1)
		assert_eq "$got" true "$name: the event's severity is the worst finding's"
		posture_latency "$name"
	fi
	ctr_kill "$name"
}

# The time from the container_start record (the entrypoint's exec) to the posture event.
posture_latency()
{
	local name=$1 ms
	ms=$(jq -R -s -r --arg id "$POSTURE_ID" '
		def ns: (.[0:19] + "Z" | fromdateiso8601) * 1000000000 + (.[20:29] | tonumber);
		[split("\n")[] | fromjson? | select(.container != null and .container.id == $id)] as $e
		| ($e | map(select(.type == "container_start")) | first) as $s
		| ($e | map(select(.type == "posture")) | first) as $p
		| if $s and $p then ((($p.time | ns) - ($s.time | ns)) / 1000000 | floor) else "none" end' \
		"$CTW_OUT")
	if [ "$ms" != none ] && [ "$ms" -lt 1000 ]; then
		pass "$name: posture ${ms} ms after the entrypoint's exec (< 1000)"
		POSTURE_LATENCIES+=("$ms")
	else
		fail "$name: posture within 1 s of the entrypoint's exec" "latency: $ms ms"
	fi
}

family_posture()
{
	local sock caps
	POSTURE_LATENCIES=()
	# The user-namespace shape runs as uid 100000: the rootfs must be traversable.
	chmod 755 "$ROOTFS"
	sock=$ITEST_TMP/docker.sock
	: >"$sock"
	caps=$(host_caps_json)
	ctw_start --metrics-addr off --events container_start,container_stop,posture || return

	posture_case default "$POSTURE_BASE" '.'
	posture_case privileged "CTW-P01 CTW-P04 CTW-P19 $POSTURE_BASE" \
		".process.capabilities = {bounding: $caps, effective: $caps, permitted: $caps}
		 | del(.linux.seccomp) | .linux.resources.devices = [{allow: true, access: \"rwm\"}]"
	posture_case userns "${POSTURE_BASE/CTW-P06 /}" \
		'.linux.namespaces += [{type: "user"}]
		 | .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		 | .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]'
	posture_case no-new-privileges "${POSTURE_BASE/CTW-P03 /}" '.process.noNewPrivileges = true'
	posture_case limited "${POSTURE_BASE/CTW-P13 CTW-P14 /}" \
		'.linux.resources.memory = {limit: 67108864} | .linux.resources.pids = {limit: 64}'
	posture_case host-pid "CTW-P07 $POSTURE_BASE" \
		'.linux.namespaces |= map(select(.type != "pid"))'
	posture_case runtime-socket "CTW-P17 $POSTURE_BASE" \
		".mounts += [{destination: \"/var/run/docker.sock\", type: \"bind\", source: \"$sock\",
		  options: [\"rbind\", \"ro\"]}]"
	ctw_stop
	assert_count "$CTW_OUT" '.type == "posture"' -eq 7 "one posture event per container, no more"
	echo "posture latencies (ms): ${POSTURE_LATENCIES[*]}"
}
