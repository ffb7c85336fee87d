# shellcheck shell=bash
# Tuning detections with the config file: an exception silences one detection
# for one container and is counted on /metrics; a disabled detection never
# fires; a bad file stops the collector with exit code 2 and a file:line: key
# message before anything is attached, and --check-config says the same.

# shellcheck source=detect_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/detect_lib.sh"

# A port of its own: other engineers' collectors may hold the default one.
det_port() { echo $((20000 + RANDOM % 20000)); }

detect_config_exceptions()
{
	local cfg ida idb addr metrics f

	ida=$(hex64)
	idb=$(hex64)
	cfg=$ITEST_TMP/detect-exceptions.yaml
	cat >"$cfg" <<-EOF
		host_events: flagged-only
		exceptions:
		  - detection: CTW-019
		    container_id: ${ida:0:12}
		    reason: integration test, container A only
		detections:
		  disabled: [CTW-007]
	EOF
	addr=127.0.0.1:$(det_port)
	ctw_start --config "$cfg" --metrics-addr "$addr" || return

	det_run det-exc-a "$(cg_docker "$ida")" . -- sh -c 'trigger unshare user; trigger open-by-handle /etc/passwd'
	det_run det-exc-b "$(cg_docker "$idb")" . -- trigger unshare user
	f="$(f_trig "$idb") and .type == \"unshare\""
	assert_det "$f" CTW-019 warning succeeded privilege_gain \
		"container B (no exception): unshare(CLONE_NEWUSER) raises CTW-019"
	f="$(f_trig "$ida") and .type == \"unshare\""
	assert_event "$CTW_OUT" "$f and .ret == 0 and .detections == [] and .flags == [] and .severity == \"info\"" \
		"container A (exception by container_id prefix): CTW-019 suppressed, info, no flags" "$f"
	f="$(f_trig "$ida") and .type == \"open_by_handle_at\""
	assert_event "$CTW_OUT" "$f and .detections == [] and .severity == \"info\"" \
		"detections.disabled: [CTW-007]: open_by_handle_at from a container raises nothing" "$f"

	metrics=$(curl -fsS --max-time 5 "http://$addr/metrics" 2>&1)
	if grep -qE '^ctrwatch_exceptions_suppressed_total\{detection="CTW-019"\} 1$' <<<"$metrics"; then
		pass "metrics: ctrwatch_exceptions_suppressed_total{detection=\"CTW-019\"} 1"
	else
		fail "metrics: ctrwatch_exceptions_suppressed_total{detection=\"CTW-019\"} 1" \
			"$(grep -E 'suppressed|curl' <<<"$metrics" | head -n 5)"
	fi
	if grep -qE '^ctrwatch_exceptions_suppressed_total\{detection="CTW-007"\}' <<<"$metrics"; then
		fail "metrics: a disabled detection is not counted as suppressed" "$(grep CTW-007 <<<"$metrics")"
	else
		pass "metrics: a disabled detection is not counted as suppressed"
	fi
	ctw_stop
}

# det_bad_config FILE WANT DESC: the collector refuses FILE with exit code 2 and
# a one-line message that starts with WANT ("FILE:LINE: key"), before loading
# anything; --check-config answers the same.
det_bad_config()
{
	local file=$1 want=$2 desc=$3 out=$ITEST_TMP/badcfg.jsonl err rc lines
	rm -f "$out"
	err=$("$CTW_BIN" --config "$file" --output "$out" --metrics-addr off --log-level debug 2>&1 >/dev/null)
	rc=$?
	lines=$(grep -c . <<<"$err")
	if [ "$rc" = 2 ] && [ "$lines" = 1 ] && grep -qF "ctrwatch: $want" <<<"$err" && [ ! -s "$out" ]; then
		pass "$desc: exit 2, one line \"$want...\", nothing attached"
	else
		fail "$desc: exit 2, one line \"$want...\", nothing attached" "exit status $rc; stderr:" "$err"
	fi
	err=$("$CTW_BIN" --check-config --config "$file" 2>&1)
	rc=$?
	if [ "$rc" = 2 ] && grep -qF "$want" <<<"$err"; then
		pass "$desc: --check-config exits 2 with the same message"
	else
		fail "$desc: --check-config exits 2 with the same message" "exit status $rc; output:" "$err"
	fi
}

detect_config_bad()
{
	local f out rc

	f=$ITEST_TMP/bad-exception-key.yaml
	printf 'min_severity: info\nexceptions:\n  - detection: CTW-019\n    imagee: "x/*"\n' >"$f"
	det_bad_config "$f" "$f:4: exceptions[0].imagee" "an unknown key in an exception"
	f=$ITEST_TMP/bad-glob.yaml
	printf 'exceptions:\n  - detection: CTW-006\n    comm: "[sandbox"\n' >"$f"
	det_bad_config "$f" "$f:3: exceptions[0].comm" "an unclosed [ in a glob"
	f=$ITEST_TMP/bad-type.yaml
	printf 'min_severity: [warning]\n' >"$f"
	det_bad_config "$f" "$f:1: min_severity" "a list where a severity name goes"
	f=$ITEST_TMP/bad-detection.yaml
	printf 'detections:\n  disabled: [CTW-999]\n' >"$f"
	det_bad_config "$f" "$f:2: detections.disabled" "an unknown detection ID"

	f=$ITEST_TMP/good.yaml
	printf 'min_severity: notice\nexceptions:\n  - detection: CTW-014\n    image: "quay.io/cilium/cilium:*"\n' >"$f"
	out=$("$CTW_BIN" --check-config --config "$f" 2>&1)
	rc=$?
	assert_eq "$rc/$out" "0/$f: ok" "--check-config on a good file: exit 0, \"ok\""
}

family_detect_config()
{
	det_init
	detect_config_exceptions
	detect_config_bad
}
