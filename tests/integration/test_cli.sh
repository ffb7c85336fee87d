# shellcheck shell=bash
# The collector's contract: CLI, readiness, the JSON line shape, --events,
# drain on SIGTERM.

# cli_check_config DESC WANT_RC GREP ARGS...: --check-config's exit status and message.
cli_check_config()
{
	local desc=$1 want=$2 pattern=$3 out rc
	shift 3
	out=$("$CTW_BIN" --check-config "$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ] && grep -qE -- "$pattern" <<<"$out"; then
		pass "$desc (exit $rc)"
	else
		fail "$desc" "exit $rc (want $want), output (want /$pattern/):" "$out"
	fi
}

# --check-config refuses what start-up refuses, and start-up refuses it
# before loading anything (it used to fail after attaching, exit 5).
cli_preflight()
{
	local dir=$ITEST_TMP/preflight out rc uri
	mkdir -p "$dir"
	# 4294972466 is 2^32 + 5170: an atoi() that wrapped connected to port 5170.
	# A symbolic link at the output path would have root append to its target.
	echo precious >"$dir/victim"
	ln -sfn "$dir/victim" "$dir/link.jsonl"
	for uri in ftp://x file: 'syslog?facility=nope' "$dir/missing-dir/events.jsonl" \
		tcp://127.0.0.1:4294972466 tcp://127.0.0.1:65536 "$dir/link.jsonl" "file:$dir/link.jsonl"; do
		cli_check_config "--check-config refuses --output $uri" 2 "^ctrwatch: --output: " \
			--output "$uri" --config /dev/null
		out=$("$CTW_BIN" --metrics-addr off --output "$uri" --config /dev/null 2>&1)
		rc=$?
		if [ "$rc" = 2 ] && ! grep -q 'attached' <<<"$out" && [ "$(wc -l <<<"$out")" = 1 ]; then
			pass "start-up refuses --output $uri with exit 2 and one line, before attaching anything"
		else
			fail "start-up refuses --output $uri with exit 2 and one line, before attaching anything" "exit $rc:" "$out"
		fi
	done
	[ "$(cat "$dir/victim")" = precious ] && pass "the symbolic link's target is untouched" ||
		fail "the symbolic link's target is untouched" "$(cat "$dir/victim")"
	cli_check_config "--check-config refuses --metrics-addr nonsense" 2 "metrics-addr: 'nonsense'" \
		--metrics-addr nonsense --config /dev/null
	cli_check_config "--check-config takes --metrics-addr localhost:7847 (a name)" 0 ": ok$" \
		--metrics-addr localhost:7847 --config /dev/null
	cli_check_config "--check-config takes --metrics-addr :7847" 0 ": ok$" --metrics-addr :7847 --config /dev/null
	printf 'outputs:\n  - ftp://x\n' >"$dir/bad-outputs.yaml"
	cli_check_config "--check-config refuses a config whose outputs: holds ftp://x, naming the file" 2 \
		"^ctrwatch: $dir/bad-outputs.yaml: outputs: ftp://x: " --config "$dir/bad-outputs.yaml"
	cli_check_config "--check-config passes that config when --output replaces its outputs" 0 ": ok$" \
		--config "$dir/bad-outputs.yaml" --output stdout
	printf 'outputs:\n  - file:%s/events.jsonl\n' "$dir" >"$dir/good.yaml"
	cli_check_config "--check-config passes a config with a creatable file output" 0 "^$dir/good.yaml: ok$" \
		--config "$dir/good.yaml"
	[ ! -e "$dir/events.jsonl" ] && pass "--check-config creates no output file" ||
		fail "--check-config creates no output file" "$(ls -l "$dir")"
	cli_check_config "--check-config: a missing --config file is an error" 2 "no-such.yaml" \
		--config "$dir/no-such.yaml"
	# The default path is optional: say it is missing, and that the defaults apply.
	if [ ! -e /etc/ctrwatch/ctrwatch.yaml ]; then
		cli_check_config "--check-config: a missing default config says so" 0 \
			"^/etc/ctrwatch/ctrwatch.yaml: not found \(optional at the default path\): built-in defaults: ok$"
	fi
	NODE_NAME="bad name" cli_check_config "--check-config refuses a NODE_NAME with a space" 2 \
		"node name from NODE_NAME" --config /dev/null
}

# bpf_objects: every BPF program and link on the host, "prog ID" / "link ID", sorted.
bpf_objects()
{
	{
		bpftool -j prog show | jq -r '.[] | "prog \(.id)"'
		bpftool -j link show | jq -r '.[] | "link \(.id)"'
	} | sort
}

# cli_fail_fast DESC WANT_RC ARGS...: start-up with ARGS fails with exactly one
# line on stderr, exit WANT_RC, within 2 s, and leaves no BPF program or link
# behind (bpftool before and after).
cli_fail_fast()
{
	local desc=$1 want=$2 before after left t0 ms rc lines err=$ITEST_TMP/fail-fast.err
	shift 2
	before=$(bpf_objects)
	t0=$(date +%s%N)
	timeout 20 "$CTW_BIN" --log-level info "$@" >/dev/null 2>"$err"
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	after=$(bpf_objects)
	left=$(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')
	lines=$(wc -l <"$err")
	if [ "$rc" = "$want" ] && [ "$lines" = 1 ] && [ "$ms" -lt 2000 ] && [ -z "$left" ]; then
		pass "$desc: exit $rc, one line, ${ms} ms, no BPF program or link left ($(cat "$err"))"
	else
		fail "$desc: exit $want, one stderr line, < 2000 ms, nothing attached" \
			"exit $rc, $lines lines, ${ms} ms, new BPF objects: '${left}'; stderr:" "$(head -n 10 "$err")"
	fi
}

# A misconfigured collector fails before it loads a single program: outputs
# opened and the metrics port bound first (a unit restarting in a loop must
# not load and unload every program each time).
cli_fail_before_bpf()
{
	local dir=$ITEST_TMP/failfast port holder
	mkdir -p "$dir"
	command -v bpftool >/dev/null || { fail "bpftool installed (scripts/install-deps.sh)"; return; }
	cli_fail_fast "an output in a missing directory" 2 --config /dev/null --metrics-addr off \
		--output /nonexistent-dir/x.jsonl
	cli_fail_fast "a bad flag" 2 --no-such-option
	printf 'min_severity: info\nno_such_key: 1\n' >"$dir/bad.yaml"
	cli_fail_fast "a config file with an unknown key" 2 --config "$dir/bad.yaml" --metrics-addr off
	cli_fail_fast "a tcp:// output with port 70000" 2 --config /dev/null --metrics-addr off \
		--output tcp://127.0.0.1:70000
	cli_fail_fast "--metrics-addr with port 70000" 2 --config /dev/null --metrics-addr 127.0.0.1:70000
	printf 'tls_server_config:\n  cert_file: %s/none.pem\n  key_file: %s/none.pem\n' "$dir" "$dir" \
		>"$dir/web.yml"
	cli_fail_fast "a --web-config naming a missing certificate" 2 --config /dev/null \
		--metrics-addr "127.0.0.1:$((20000 + RANDOM % 20000))" --web-config "$dir/web.yml"
	grep -q -- '--web-config: .*none.pem' "$ITEST_TMP/fail-fast.err" &&
		pass "the refused start-up names the --web-config certificate" ||
		fail "the refused start-up names the --web-config certificate" "$(cat "$ITEST_TMP/fail-fast.err")"
	cli_fail_fast "a tls:// output naming a missing CA file" 2 --config /dev/null \
		--metrics-addr off --output "tls://127.0.0.1:6514?ca=$dir/none.pem"
	grep -q 'CA file .*none.pem' "$ITEST_TMP/fail-fast.err" &&
		pass "the refused start-up names the tls:// output's CA file" ||
		fail "the refused start-up names the tls:// output's CA file" "$(cat "$ITEST_TMP/fail-fast.err")"
	# Passes the checks (a path whose directory exists), but open(2) refuses a socket: exit 5.
	python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$dir/a.sock"
	cli_fail_fast "an output path that is a socket (cannot be opened)" 5 --config /dev/null \
		--metrics-addr off --output "$dir/a.sock"
	port=$((20000 + RANDOM % 20000))
	python3 -c 'import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(1)
print("up", flush=True)
time.sleep(60)' "$port" >"$dir/holder.out" &
	holder=$!
	register_pid "$holder"
	for _ in $(seq 50); do
		grep -q up "$dir/holder.out" && break
		sleep 0.1
	done
	cli_fail_fast "--metrics-addr on a port already in use" 1 --config /dev/null \
		--output "$dir/events.jsonl" --metrics-addr "127.0.0.1:$port"
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
}

# The node's name in events: --node-name, else NODE_NAME, else the host name.
cli_node_name()
{
	local f
	NODE_NAME=node-from-env ctw_start --events setuid --metrics-addr off || return
	run_trigger setuid 0
	f="$(f_pid "$TRIG_PID") and .type == \"setuid\""
	expect_event "$CTW_OUT" "$f and .host == \"node-from-env\"" "host is NODE_NAME when it is set" "$f"
	ctw_stop
	grep -q 'node name node-from-env (from NODE_NAME)' "$CTW_ERR" &&
		pass "the start-up log names the node name and its source" ||
		fail "the start-up log names the node name and its source" "$(head -n 5 "$CTW_ERR")"
	NODE_NAME=node-from-env ctw_start --events setuid --metrics-addr off --node-name node-flag || return
	run_trigger setuid 0
	f="$(f_pid "$TRIG_PID") and .type == \"setuid\""
	ctw_stop
	expect_event "$CTW_OUT" "$f and .host == \"node-flag\"" "--node-name wins over NODE_NAME" "$f"
}

# The start-up log's counts agree: "ready: N programs attached" is what attached.
cli_log_counts()
{
	local native fallback ready
	native=$(sed -nE 's/.*attached ([0-9]+) programs natively.*/\1/p' "$CTW_ERR")
	fallback=$(sed -nE 's/.*natively, ([0-9]+) through the raw_syscalls fallback.*/\1/p' "$CTW_ERR")
	ready=$(sed -nE 's/.*ready: ([0-9]+) programs attached.*/\1/p' "$CTW_ERR")
	if [ -n "$native" ] && [ -n "$ready" ] && [ "$ready" = $((native + fallback)) ]; then
		pass "ready counts the attached programs ($native native + $fallback fallback = $ready)"
	else
		fail "ready counts the attached programs" "$(grep -E 'natively|ready' "$CTW_ERR")"
	fi
}

# --log-format json: every line of the daemon's log parses, with time, level, msg.
cli_log_json()
{
	local bad
	ctw_start --events setuid --metrics-addr off --log-format json || return
	ctw_stop
	bad=$(jq -R -r 'try (fromjson | if (.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$")) and (.level | IN("error","warn","info","debug")) and (.msg | type == "string") then empty else "fields: \(.)" end) catch "not JSON: \(.)"' "$CTW_ERR" | head -n 3)
	if [ -s "$CTW_ERR" ] && [ -z "$bad" ]; then
		pass "--log-format json: all $(wc -l <"$CTW_ERR") log lines parse with jq (time, level, msg)"
	else
		fail "--log-format json: every log line parses with jq (time, level, msg)" "$bad"
	fi
	grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z ctrwatch: info: ' "$ITEST_TMP/cli.log.text" &&
		pass "--log-format text: lines start with an RFC 3339 time" ||
		fail "--log-format text: lines start with an RFC 3339 time" "$(head -n 3 "$ITEST_TMP/cli.log.text")"
}

# `make run | jq`: stdout carries what ctrwatch prints, nothing of make's.
cli_make_run()
{
	local out sanitize=0
	[ "$(basename "$BUILD")" = build-asan ] && sanitize=1
	out=$(make --no-print-directory run BUILD="$BUILD" SANITIZE=$sanitize ARGS=--version 2>/dev/null)
	if [ "$out" = "$("$CTW_BIN" --version)" ]; then
		pass "make run: stdout holds only ctrwatch's output (make run | jq works)"
	else
		fail "make run: stdout holds only ctrwatch's output" "$out"
	fi
}

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
	cli_log_counts
	cp "$CTW_ERR" "$ITEST_TMP/cli.log.text"

	cli_preflight
	cli_fail_before_bpf
	cli_node_name
	cli_log_json
	cli_make_run
}
