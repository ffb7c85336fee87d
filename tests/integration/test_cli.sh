# shellcheck shell=bash
# The collector's contract: CLI, readiness, the JSON line shape, --events,
# drain on SIGTERM.

family_cli()
{
	local out rc p_setuid p_capset f

	out=$("$CTW_BIN" --help 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ] && grep -q -- --output <<<"$out" && grep -q -- --events <<<"$out"; then
		pass "--help exits 0 and documents --output and --events"
	else
		fail "--help exits 0 and documents --output and --events" "exit $rc" "$(head -n 5 <<<"$out")"
	fi
	out=$("$CTW_BIN" --version 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ] && grep -qE '[0-9]+\.[0-9]+\.[0-9]+' <<<"$out"; then
		pass "--version exits 0 and prints a version"
	else
		fail "--version exits 0 and prints a version" "exit $rc: $out"
	fi
	"$CTW_BIN" --no-such-option >/dev/null 2>&1
	rc=$?
	if [ "$rc" -ne 0 ]; then
		pass "an unknown option is refused (exit $rc)"
	else
		fail "an unknown option is refused" "exit 0"
	fi
	"$CTW_BIN" --events no_such_type --output /dev/null >/dev/null 2>&1
	rc=$?
	if [ "$rc" -ne 0 ]; then
		pass "--events with an unknown type is refused (exit $rc)"
	else
		fail "--events with an unknown type is refused" "exit 0"
	fi

	# --events: only setuid events, though capset happens too.
	ctw_start --events setuid || return
	run_trigger capset same
	p_capset=$TRIG_PID
	run_trigger setuid 0
	p_setuid=$TRIG_PID
	f="$(f_pid "$p_setuid") and .type == \"setuid\""
	# A monitor whose events show up only at exit is no use to tail -f.
	wait_event "$CTW_OUT" "$f" "setuid(0) on the host reaches the output file within ${EVENT_TIMEOUT}s" \
		"$(f_pid "$p_setuid")"
	ctw_stop
	expect_event "$CTW_OUT" "$f" "--events setuid: setuid(0) on the host is reported" "$(f_pid "$p_setuid")"
	assert_no_event "$CTW_OUT" '.type != "setuid"' "--events setuid: no event of another type"
	assert_no_event "$CTW_OUT" "$(f_pid "$p_capset")" "--events setuid: the capset trigger is not reported"

	# The line contract of docs/event-format.md, on one known host event.
	expect_event "$CTW_OUT" "$f and (.time | test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\\\.[0-9]+)?Z\$\"))" \
		"time is RFC 3339 UTC" "$f"
	expect_event "$CTW_OUT" "$f and (.host | type == \"string\" and length > 0)" "host is a non-empty string" "$f"
	expect_event "$CTW_OUT" "$f and (.severity | IN(\"info\", \"notice\", \"warning\", \"critical\"))" \
		"severity is one of info/notice/warning/critical" "$f"
	expect_event "$CTW_OUT" "$f and (.flags | type == \"array\") and (.detections | type == \"array\") and (.reasons | type == \"array\")" \
		"flags, detections and reasons are arrays" "$f"
	expect_event "$CTW_OUT" "$f and .outcome == \"succeeded\" and .ret == 0" \
		"outcome succeeded and ret 0 for a successful call" "$f"
	expect_event "$CTW_OUT" "$f and .process.tid == $p_setuid and .process.ppid == $$ and .process.uid == 0 and .process.euid == 0 and .process.gid == 0 and .process.egid == 0 and .process.comm == \"trigger\"" \
		"process: tid, ppid (this shell), ids and comm are right" "$f"
	expect_event "$CTW_OUT" "$f and (.process.cap_effective | test(\"^0x[0-9a-f]{16}\$\"))" \
		"process.cap_effective is 0x + 16 hex digits" "$f"
	expect_event "$CTW_OUT" "$f and (.process.exe | endswith(\"/trigger\"))" "process.exe is the trigger" "$f"
	expect_event "$CTW_OUT" "$f and .container == null" "a host process has container null" "$f"
	expect_event "$CTW_OUT" "$f and (.cgroup.id | type == \"number\" and . > 0) and (.cgroup.path | type == \"string\")" \
		"cgroup id and path are present" "$f"
	expect_event "$CTW_OUT" "$f and .cgroup.path == \"$(sed -n 's/^0:://p' /proc/self/cgroup)\"" \
		"cgroup.path is this shell's cgroup2 path" "$f"
	expect_event "$CTW_OUT" "$f and (.args | type == \"object\")" "args is an object" "$f"
	expect_event "$CTW_OUT" "$f and .process.namespaces.mnt == $(stat -L -c %i /proc/self/ns/mnt) and .process.namespaces.net == $(stat -L -c %i /proc/self/ns/net) and .process.namespaces.user == $(stat -L -c %i /proc/self/ns/user)" \
		"process.namespaces holds the host's mnt, net and user inodes" "$f"
}
