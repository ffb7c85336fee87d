# shellcheck shell=bash
# The daemon's packaging and operation: make install, the systemd unit
# (systemd-analyze verify and its security score), the sd_notify protocol,
# the capabilities left after start-up (/proc/PID/status), SIGHUP reload with
# a broken and then a good config, and the container image and DaemonSet
# files (no Docker engine or cluster here: their content is checked).

UNIT=packaging/ctrwatch.service
MANIFEST=deploy/kubernetes/daemonset.yaml
DOCKERFILE=deploy/Dockerfile
# The worst systemd-analyze security exposure accepted (0 best, 10 worst).
MAX_EXPOSURE=${MAX_EXPOSURE:-3.5}

# The unit's CapabilityBoundingSet as sorted names without CAP_, one a line.
unit_caps()
{
	sed -n 's/^CapabilityBoundingSet=//p' "$UNIT" | tr ' ' '\n' | sed 's/^CAP_//' | grep . | sort
}

# The capability mask, as /proc/PID/status prints it, of a list of names.
caps_mask()
{
	local name mask=0 n
	for name in "$@"; do
		n=$(grep -E "#define CAP_${name}[[:space:]]" /usr/include/linux/capability.h | awk '{print $3}')
		[ -n "$n" ] || return 1
		mask=$((mask | (1 << n)))
	done
	printf '%016x\n' "$mask"
}

packaging_install()
{
	local root=$ITEST_TMP/destdir out
	# -o: install the collector under test as built; never relink it here
	# (without SANITIZE=1 make would rebuild an ASan tree with other flags).
	out=$(make --no-print-directory -s -o "$BUILD/ctrwatch" install BUILD="$BUILD" DESTDIR="$root" \
		PREFIX=/usr 2>&1)
	if [ $? -ne 0 ]; then
		fail "make install DESTDIR PREFIX=/usr succeeds" "$out"
		return 1
	fi
	pass "make install DESTDIR PREFIX=/usr succeeds"
	local f missing=()
	for f in usr/sbin/ctrwatch usr/lib/systemd/system/ctrwatch.service \
		usr/share/man/man8/ctrwatch.8 etc/ctrwatch/ctrwatch.yaml; do
		[ -f "$root/$f" ] || missing+=("$f")
	done
	if [ -f packaging/logrotate.d/ctrwatch ] && [ ! -f "$root/etc/logrotate.d/ctrwatch" ]; then
		missing+=(etc/logrotate.d/ctrwatch)
	fi
	assert_eq "${missing[*]}" "" "make install: binary, unit, man page, config (and logrotate snippet if shipped)"
	assert_eq "$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$root/usr/lib/systemd/system/ctrwatch.service")" \
		/usr/sbin/ctrwatch "make install: the unit's ExecStart follows PREFIX"
	out=$("$root/usr/sbin/ctrwatch" --check-config --config "$root/etc/ctrwatch/ctrwatch.yaml" 2>&1)
	assert_eq "$?" 0 "the installed default config passes --check-config ($out)"
	out=$(LC_ALL=C groff -man -ww -z "$root/usr/share/man/man8/ctrwatch.8" 2>&1)
	assert_eq "$out" "" "ctrwatch(8) formats without groff warnings"
	if grep -q 'EXIT STATUS' docs/ctrwatch.8 && grep -q SIGHUP docs/ctrwatch.8 &&
		grep -q '^\.SH FILES' docs/ctrwatch.8 && grep -q '^\.SH EXAMPLES' docs/ctrwatch.8; then
		pass "ctrwatch(8) documents exit status, signals, files and examples"
	else
		fail "ctrwatch(8) documents exit status, signals, files and examples"
	fi
	# verify needs ExecStart to exist: a copy pointing at the installed binary.
	sed "s|/usr/local/sbin/ctrwatch|$root/usr/sbin/ctrwatch|g" "$UNIT" >"$ITEST_TMP/ctrwatch.service"
	out=$(systemd-analyze verify --man=no "$ITEST_TMP/ctrwatch.service" 2>&1)
	if [ $? -eq 0 ] && [ -z "$out" ]; then
		pass "systemd-analyze verify $UNIT"
	else
		fail "systemd-analyze verify $UNIT" "$out"
	fi
	out=$(systemd-analyze security --offline=true "$ITEST_TMP/ctrwatch.service" 2>&1 | tail -n 1)
	local score
	score=$(sed -nE 's/.*exposure level for ctrwatch.service: ([0-9.]+).*/\1/p' <<<"$out")
	if [ -n "$score" ] && awk -v s="$score" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(s <= m) }'; then
		pass "systemd-analyze security: exposure $score (at most $MAX_EXPOSURE)"
	else
		fail "systemd-analyze security: exposure at most $MAX_EXPOSURE" "$out"
	fi
}

packaging_manifests()
{
	local out
	out=$(python3 - "$MANIFEST" "$(unit_caps | tr '\n' ' ')" <<'PY'
import sys, yaml

docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
unit_caps = sorted(sys.argv[2].split())
ds = [d for d in docs if d.get("kind") == "DaemonSet"]
checks = []
def check(desc, ok):
    checks.append(("PASS" if ok else "FAIL") + " " + desc)
check("manifest parses and holds one DaemonSet", len(ds) == 1)
if ds:
    t = ds[0]["spec"]["template"]
    spec, ann = t["spec"], t["metadata"].get("annotations", {})
    c = spec["containers"][0]
    args = c.get("args", [])
    sc = c.get("securityContext", {})
    ports = {p.get("name"): p.get("containerPort") for p in c.get("ports", [])}
    addr = args[args.index("--metrics-addr") + 1] if "--metrics-addr" in args else ""
    port = int(addr.rsplit(":", 1)[1]) if ":" in addr else None
    check("hostPID: true", spec.get("hostPID") is True)
    check("tolerates every taint (operator: Exists)", {"operator": "Exists"} in spec.get("tolerations", []))
    check("metrics bound on all pod addresses, port %s" % port, addr.startswith("0.0.0.0:") and ports.get("metrics") == port)
    for probe in ("livenessProbe", "readinessProbe"):
        g = c.get(probe, {}).get("httpGet", {})
        check(probe + " GET /healthz on the metrics port", g.get("path") == "/healthz" and g.get("port") in ("metrics", port))
    check("prometheus.io scrape annotations", ann.get("prometheus.io/scrape") == "true" and ann.get("prometheus.io/port") == str(port) and ann.get("prometheus.io/path") == "/metrics")
    res = c.get("resources", {})
    check("resources requests and limits", all(k in res.get("requests", {}) and k in res.get("limits", {}) for k in ("cpu", "memory")))
    check("not privileged", sc.get("privileged") is False)
    add = sorted(sc.get("capabilities", {}).get("add", []))
    check("capabilities added == the unit's CapabilityBoundingSet (%s vs %s)" % (add, unit_caps), add == unit_caps)
    check("capabilities drop ALL", sc.get("capabilities", {}).get("drop") == ["ALL"])
    check("--host-root /host", "--host-root" in args and args[args.index("--host-root") + 1] == "/host")
    mounts = {m["mountPath"]: m for m in c.get("volumeMounts", [])}
    need = ["/sys/kernel/btf", "/sys/kernel/tracing", "/host/sys/fs/cgroup", "/host/proc",
            "/host/var/lib/docker/containers", "/host/run/containerd"]
    check("host paths mounted: " + ", ".join(need), all(p in mounts for p in need))
    check("every mount read-only", all(m.get("readOnly") is True for m in mounts.values()))
print("\n".join(checks))
PY
	)
	if [ -z "$out" ]; then
		fail "the DaemonSet manifest can be checked (python3-yaml)"
		return
	fi
	while IFS= read -r line; do
		case $line in
		PASS\ *) pass "daemonset: ${line#PASS }" ;;
		*) fail "daemonset: ${line#FAIL }" ;;
		esac
	done <<<"$out"

	# The image is built the README's way: its dependency script, then make.
	if grep -q 'scripts/install-deps.sh' README.md && grep -qE '^RUN bash scripts/install-deps.sh' "$DOCKERFILE" &&
		grep -qE '^RUN make ' "$DOCKERFILE"; then
		pass "Dockerfile builds with scripts/install-deps.sh and make, as the README says"
	else
		fail "Dockerfile builds with scripts/install-deps.sh and make, as the README says"
	fi
	if grep -qE '^FROM debian:bookworm AS build' "$DOCKERFILE" && grep -qE '^FROM debian:bookworm-slim' "$DOCKERFILE"; then
		pass "Dockerfile: multi-stage, bookworm build, bookworm-slim runtime"
	else
		fail "Dockerfile: multi-stage, bookworm build, bookworm-slim runtime"
	fi
	if grep -qE '^ENTRYPOINT \["/usr/sbin/ctrwatch"\]' "$DOCKERFILE" && grep -qE '^STOPSIGNAL SIGTERM' "$DOCKERFILE"; then
		pass "Dockerfile: ctrwatch is PID 1 (exec-form ENTRYPOINT), STOPSIGNAL SIGTERM"
	else
		fail "Dockerfile: ctrwatch is PID 1 (exec-form ENTRYPOINT), STOPSIGNAL SIGTERM"
	fi
	# Every library the binary needs directly comes from a package the runtime stage installs.
	local lib libs path pkg runtime bin=$BUILD/ctrwatch missing=()
	runtime=$(sed -n '/^FROM debian:bookworm-slim/,$p' "$DOCKERFILE")
	libs=$(readelf -d "$bin" | sed -nE 's/.*Shared library: \[(.*)\]/\1/p')
	[ -n "$libs" ] || missing+=("no NEEDED entries read from $bin")
	for lib in $libs; do
		path=$(ldd "$bin" | awk -v l="$lib" '$1 == l { print $3 }')
		pkg=$(dpkg -S "$path" 2>/dev/null || dpkg -S "/usr$path" 2>/dev/null || dpkg -S "$(realpath "$path")" 2>/dev/null)
		pkg=${pkg%%:*}
		case $lib in
		libasan.so* | libubsan.so*) continue ;; # the sanitizer pass's build, never shipped
		esac
		case $pkg in
		libc6 | "") [ -n "$pkg" ] || missing+=("$lib (no package)") ;;
		*) grep -qw -- "$pkg" <<<"$runtime" || missing+=("$lib ($pkg)") ;;
		esac
	done
	assert_eq "${missing[*]}" "" "Dockerfile runtime stage installs every library the binary links"
}

# Starts a datagram socket standing in for systemd; its datagrams go to $1.
notify_receiver()
{
	python3 - "$1" "$2" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as out:
    while True:
        msg = s.recv(4096).decode()
        out.write(msg.replace("\n", " | ") + "\n")
PY
	NOTIFY_PID=$!
	register_pid "$NOTIFY_PID"
}

packaging_runtime()
{
	local sock=$ITEST_TMP/notify.sock log=$ITEST_TMP/notify.log status want bits kernel i
	: >"$log"
	notify_receiver "$sock" "$log"
	for i in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done

	# Started with exactly the unit's bounding set, as systemd would.
	NOTIFY_SOCKET=$sock WATCHDOG_USEC=400000 ctw_start_capped --events setuid || return
	status=/proc/$CTW_PID/status
	# Kept: CAP_SYS_PTRACE (posture reads /proc/<pid>/ns and exe of container
	# processes); CAP_BPF too before 5.19 when unprivileged BPF is disabled
	# (map reads needed it there).
	kernel=$(uname -r | cut -d- -f1)
	want=$(caps_mask SYS_PTRACE)
	if printf '%s\n5.19\n' "$kernel" | sort -V -C && [ "$kernel" != 5.19 ] &&
		[ "$(cat /proc/sys/kernel/unprivileged_bpf_disabled)" != 0 ]; then
		want=$(caps_mask SYS_PTRACE BPF)
	fi
	for bits in CapEff CapPrm; do
		assert_eq "$(awk -v k="$bits:" '$1 == k { print $2 }' "$status")" "$want" \
			"after start-up $bits is $want ($(uname -r))"
	done
	for bits in CapInh CapAmb; do
		assert_eq "$(awk -v k="$bits:" '$1 == k { print $2 }' "$status")" 0000000000000000 \
			"after start-up $bits is empty"
	done
	assert_eq "$(awk '$1 == "CapBnd:" { print $2 }' "$status")" 0000000000000000 "after start-up the bounding set is empty"
	assert_eq "$(awk '$1 == "NoNewPrivs:" { print $2 }' "$status")" 1 "after start-up no_new_privs is set"
	if grep -q 'capabilities kept: ' "$CTW_ERR"; then
		pass "the kept capabilities are logged ($(grep -o 'capabilities kept: [^;]*' "$CTW_ERR"))"
	else
		fail "the kept capabilities are logged" "$(tail -n 5 "$CTW_ERR")"
	fi

	# sd_notify: READY=1 once attached, WATCHDOG=1 every 200 ms, STATUS= with counts.
	sleep 1.5
	assert_eq "$(grep -c '^READY=1' "$log")" 1 "sd_notify: READY=1 once after attaching"
	if [ "$(grep -c '^WATCHDOG=1' "$log")" -ge 4 ]; then
		pass "sd_notify: WATCHDOG=1 at half of WATCHDOG_USEC ($(grep -c '^WATCHDOG=1' "$log") in 1.5 s)"
	else
		fail "sd_notify: WATCHDOG=1 at half of WATCHDOG_USEC" "$(cat "$log")"
	fi
	if grep -qE '^STATUS=consuming: [0-9]+ events read, [0-9]+ lost' "$log"; then
		pass "sd_notify: STATUS= with event counts"
	else
		fail "sd_notify: STATUS= with event counts" "$(cat "$log")"
	fi
	kill -HUP "$CTW_PID"
	for i in $(seq 50); do grep -q '^READY=1' <(sed -n '/^RELOADING=1/,$p' "$log") && break; sleep 0.1; done
	if sed -n '/^RELOADING=1 | MONOTONIC_USEC=[0-9]*$/,$p' "$log" | grep -q '^READY=1'; then
		pass "sd_notify: RELOADING=1 then READY=1 around a SIGHUP reload"
	else
		fail "sd_notify: RELOADING=1 then READY=1 around a SIGHUP reload" "$(cat "$log")"
	fi
	ctw_stop
	assert_eq "$(grep -c '^STOPPING=1' "$log")" 1 "sd_notify: STOPPING=1 on SIGTERM"
	kill "$NOTIFY_PID" 2>/dev/null
	wait "$NOTIFY_PID" 2>/dev/null

	# Without CAP_SETPCAP the bounding set cannot be emptied: refuse, open no output.
	local out=$ITEST_TMP/nosetpcap.jsonl rc
	rm -f "$out"
	setpriv --bounding-set "-all,$(unit_caps | grep -vx SETPCAP | tr 'A-Z' 'a-z' | sed 's/^/+/' | paste -sd,)" \
		"$CTW_BIN" --metrics-addr off --output "$out" >/dev/null 2>"$ITEST_TMP/nosetpcap.log"
	rc=$?
	assert_eq "$rc" 3 "a failed capability drop exits 3 (no privilege)"
	if [ ! -e "$out" ] && grep -q 'dropping capabilities after start-up failed' "$ITEST_TMP/nosetpcap.log"; then
		pass "a failed capability drop opens no output and says why"
	else
		fail "a failed capability drop opens no output and says why" "$(cat "$ITEST_TMP/nosetpcap.log")"
	fi
}

# ctw_start under the unit's bounding set: the set the unit gives is enough.
ctw_start_capped()
{
	local set
	set=$(unit_caps | tr 'A-Z' 'a-z' | sed 's/^/+/' | paste -sd,)
	CTW_BIN_REAL=$CTW_BIN
	CTW_BIN=$ITEST_TMP/ctrwatch-capped
	printf '#!/bin/sh\nexec setpriv --bounding-set -all,%s %s "$@"\n' "$set" "$CTW_BIN_REAL" >"$CTW_BIN"
	chmod 755 "$CTW_BIN"
	ctw_start "$@"
	local rc=$?
	CTW_BIN=$CTW_BIN_REAL
	if [ "$rc" -eq 0 ]; then
		pass "starts with only the unit's capabilities ($set)"
	fi
	return "$rc"
}

packaging_reload()
{
	local cfg=$ITEST_TMP/reload.yaml pids=() p i n errs
	printf 'min_severity: info\nhost_events: all\n' >"$cfg"
	ctw_start --events setuid --config "$cfg" || return
	run_trigger setuid 0
	assert_event "$CTW_OUT" "$(f_pid "$TRIG_PID") and .severity == \"info\"" \
		"reload: an info event is written with min_severity info"

	# A broken file: one error line naming file, line and key; the old config stays.
	printf 'min_severity: critical\nhost_events: all\nno_such_key: 1\n' >"$cfg"
	kill -HUP "$CTW_PID"
	for i in $(seq 50); do grep -q 'reload: keeping' "$CTW_ERR" && break; sleep 0.1; done
	errs=$(grep -c 'error: .*reload' "$CTW_ERR")
	if [ "$errs" -eq 1 ] && grep -q "reload: keeping the running configuration: $cfg:3: no_such_key" "$CTW_ERR"; then
		pass "reload: a broken config logs one error line with file:line: key"
	else
		fail "reload: a broken config logs one error line with file:line: key" "$(tail -n 5 "$CTW_ERR")"
	fi
	# Events keep flowing with the old settings, none lost across reloads.
	for i in $(seq 10); do
		run_trigger setuid 0
		pids+=("$TRIG_PID")
		[ "$i" -eq 5 ] && kill -HUP "$CTW_PID"
	done
	assert_event "$CTW_OUT" "$(f_pid "${pids[9]}") and .type == \"setuid\"" \
		"reload: events still written under the old config"
	local missing=()
	for p in "${pids[@]}"; do
		[ "$(count_events "$CTW_OUT" "$(f_pid "$p") and .type == \"setuid\"")" -ge 1 ] || missing+=("$p")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		pass "reload: all 10 info events around two failed reloads are written"
	else
		fail "reload: all 10 info events around two failed reloads are written" \
			"missing pids: ${missing[*]} of ${pids[*]}" \
			"trigger events seen: $(jq -R -r 'fromjson? | select(.process.comm == "trigger") | "\(.process.pid)/\(.severity)"' "$CTW_OUT" | tr '\n' ' ')" \
			"$(tail -n 5 "$CTW_ERR")"
	fi
	ctw_running && pass "reload: the collector still runs" || fail "reload: the collector still runs"

	# A good file takes effect: min_severity critical filters the info events.
	printf 'min_severity: critical\nhost_events: all\n' >"$cfg"
	kill -HUP "$CTW_PID"
	for i in $(seq 50); do grep -q 'reload: configuration from' "$CTW_ERR" && break; sleep 0.1; done
	if grep -q "reload: configuration from $cfg in effect (min_severity critical" "$CTW_ERR"; then
		pass "reload: a good config is taken (min_severity critical)"
	else
		fail "reload: a good config is taken (min_severity critical)" "$(tail -n 5 "$CTW_ERR")"
	fi
	run_trigger setuid 0
	p=$TRIG_PID
	assert_eq "$(grep -cw 'ready' "$CTW_ERR")" 1 "reload: the programs stayed attached (one start-up)"
	ctw_stop
	assert_no_event "$CTW_OUT" "$(f_pid "$p")" "reload: after min_severity critical the info event is not written"
}

family_packaging()
{
	packaging_install
	packaging_manifests
	packaging_runtime
	packaging_reload
}
