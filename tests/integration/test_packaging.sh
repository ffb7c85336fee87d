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
	# --check-config on the installed config: packaging_defaults (it needs /var/log/ctrwatch).
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

# The shipped defaults fit together: the unit lets the config decide the
# outputs, the config's file is the one logrotate rotates, every document
# names that file, and the installed snippet rotates it (logrotate -d).
packaging_defaults()
{
	local root=$ITEST_TMP/destdir file glob out bad
	file=$(python3 -c 'import sys, yaml
outs = yaml.safe_load(open(sys.argv[1])).get("outputs") or []
files = [o[5:] if o.startswith("file:") else o for o in outs if o.startswith("file:") or o.startswith("/")]
print(files[0] if len(files) == 1 else "")' packaging/ctrwatch.yaml)
	assert_eq "$file" /var/log/ctrwatch/events.jsonl "the default config's outputs: is one file, /var/log/ctrwatch/events.jsonl"
	if grep -E '^ExecStart(Pre)?=' "$UNIT" | grep -qE -- '(--output|[[:space:]]-o)([[:space:]=]|$)'; then
		fail "the unit passes no --output (the config's outputs: decide)" "$(grep -E '^ExecStart' "$UNIT")"
	else
		pass "the unit passes no --output (the config's outputs: decide)"
	fi
	glob=$(sed -nE 's|^(/[^ ]+) \{$|\1|p' packaging/logrotate.d/ctrwatch)
	# shellcheck disable=SC2053 # the glob is meant to match
	[[ -n "$glob" && $file == $glob ]] && pass "the logrotate snippet's pattern $glob matches $file" ||
		fail "the logrotate snippet's pattern matches the config's file" "pattern '$glob', file '$file'"
	# Every /var/log/ctrwatch/NAME a user reads is that file or that pattern.
	bad=$(grep -rhoE '/var/log/ctrwatch/[A-Za-z0-9_.*-]+' packaging docs README.md deploy dashboards 2>/dev/null |
		sort -u | grep -vxF -e "$file" -e "$glob")
	assert_eq "$bad" "" "every mention of /var/log/ctrwatch/ names $file (or the rotation pattern)"

	# As installed, in a mount namespace with its own /var/log: logrotate -d
	# finds the file and rotates it; --check-config on the installed config
	# fails (exit 2) until LogsDirectory= has made /var/log/ctrwatch, then passes.
	[ -f "$root/etc/logrotate.d/ctrwatch" ] || { fail "the logrotate snippet is installed"; return; }
	out=$(unshare -m --propagation private sh -c '
		mount -t tmpfs tmpfs /var/log || exit 99
		"$1" --check-config --config "$2" 2>&1; echo "rc=$?"
		mkdir -m 0750 /var/log/ctrwatch
		"$1" --check-config --config "$2" 2>&1; echo "rc=$?"
		echo "{}" >/var/log/ctrwatch/events.jsonl
		logrotate -d -f -s /var/log/state "$3" 2>&1' sh "$root/usr/sbin/ctrwatch" \
		"$root/etc/ctrwatch/ctrwatch.yaml" "$root/etc/logrotate.d/ctrwatch")
	if grep -q '^ctrwatch: .*outputs: .*directory /var/log/ctrwatch does not exist' <<<"$out" &&
		[ "$(grep -c '^rc=2$' <<<"$out")" = 1 ]; then
		pass "--check-config on the installed config: exit 2 while /var/log/ctrwatch is missing"
	else
		fail "--check-config on the installed config: exit 2 while /var/log/ctrwatch is missing" "$out"
	fi
	grep -q "^$root/etc/ctrwatch/ctrwatch.yaml: ok$" <<<"$out" && grep -q '^rc=0$' <<<"$out" &&
		pass "--check-config on the installed config: ok once /var/log/ctrwatch exists" ||
		fail "--check-config on the installed config: ok once /var/log/ctrwatch exists" "$out"
	if grep -q "rotating log $file, log->rotateCount is" <<<"$out" && ! grep -q 'does not exist -- skipping' <<<"$out"; then
		pass "logrotate -d with the installed snippet rotates $file"
	else
		fail "logrotate -d with the installed snippet rotates $file" "$(grep -vE '^renaming|^rc=' <<<"$out" | head -n 20)"
	fi
}

packaging_manifests()
{
	local out
	out=$(python3 - "$MANIFEST" "$(unit_caps | tr '\n' ' ')" "$ITEST_TMP/configmap.yaml" <<'PY'
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
    covered = lambda p: any(p == m or p.startswith(m.rstrip("/") + "/") for m in mounts)
    need = ["/sys/kernel/btf", "/sys/kernel/tracing", "/host/sys/fs/cgroup", "/host/proc",
            "/host/run/containerd", "/host/run/containers/storage", "/host/run/runc"]
    check("host paths mounted: " + ", ".join(need), all(covered(p) for p in need))
    check("every mount read-only", all(m.get("readOnly") is True for m in mounts.values()))
    hp = [v for v in spec.get("volumes", []) if "hostPath" in v]
    check("no hostPath creates a directory on the node (no DirectoryOrCreate)",
          all(v["hostPath"].get("type") == "Directory" for v in hp))
    env = {e["name"]: e for e in c.get("env", [])}
    check("NODE_NAME from spec.nodeName (downward API)",
          env.get("NODE_NAME", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "spec.nodeName")
    g = c.get("startupProbe", {}).get("httpGet", {})
    check("startupProbe GET /healthz", g.get("path") == "/healthz" and g.get("port") in ("metrics", port))
    check("nodeSelector kubernetes.io/os: linux", spec.get("nodeSelector", {}).get("kubernetes.io/os") == "linux")
    check("no --output: the ConfigMap's outputs: decide", "--output" not in args and "-o" not in args)
    ns = [d for d in docs if d.get("kind") == "Namespace"]
    check("namespace labelled pod-security.kubernetes.io/enforce: privileged",
          len(ns) == 1 and ns[0]["metadata"].get("labels", {}).get("pod-security.kubernetes.io/enforce") == "privileged")
    cm = [d for d in docs if d.get("kind") == "ConfigMap"]
    cfg = yaml.safe_load(cm[0]["data"]["ctrwatch.yaml"]) if cm else {}
    check("the ConfigMap's config sends events to stdout", (cfg or {}).get("outputs") == ["stdout"])
    if cm:
        open(sys.argv[3], "w").write(cm[0]["data"]["ctrwatch.yaml"])
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

	out=$("$CTW_BIN" --check-config --config "$ITEST_TMP/configmap.yaml" 2>&1)
	assert_eq "$?/$out" "0/$ITEST_TMP/configmap.yaml: ok" "the ConfigMap's config passes --check-config"
	if grep -E '^(CMD|ENTRYPOINT)' "$DOCKERFILE" | grep -q -- '--output'; then
		fail "the image passes no --output (a config's outputs: decide)" "$(grep -E '^(CMD|ENTRYPOINT)' "$DOCKERFILE")"
	else
		pass "the image passes no --output (a config's outputs: decide)"
	fi

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
	packaging_privsep 7847
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

	# Without CAP_SETPCAP the bounding set cannot be emptied: refuse, and start no
	# output (the file was opened before BPF was loaded, but nothing writes to it).
	local out=$ITEST_TMP/nosetpcap.jsonl rc
	rm -f "$out"
	setpriv --bounding-set "-all,$(unit_caps | grep -vx SETPCAP | tr 'A-Z' 'a-z' | sed 's/^/+/' | paste -sd,)" \
		"$CTW_BIN" --metrics-addr off --output "$out" >/dev/null 2>"$ITEST_TMP/nosetpcap.log"
	rc=$?
	assert_eq "$rc" 3 "a failed capability drop exits 3 (no privilege)"
	if [ ! -s "$out" ] && grep -q 'dropping capabilities after start-up failed' "$ITEST_TMP/nosetpcap.log"; then
		pass "a failed capability drop writes no output and says why"
	else
		fail "a failed capability drop writes no output and says why" \
			"$(wc -c <"$out" 2>/dev/null) bytes in the output; $(cat "$ITEST_TMP/nosetpcap.log")"
	fi
}

# packaging_ptrace PID: PTRACE_ATTACH on PID from uid/gid 65534, no groups, no
# capabilities (the HTTP process's exact credentials): prints the errno name.
packaging_ptrace()
{
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
		/usr/bin/python3 -c '
import ctypes, errno, sys
libc = ctypes.CDLL(None, use_errno=True)
PTRACE_ATTACH, PTRACE_DETACH = 16, 17
pid = int(sys.argv[1])
if libc.ptrace(PTRACE_ATTACH, pid, None, None) == 0:
    libc.ptrace(PTRACE_DETACH, pid, None, None)
    print("attached")
else:
    print(errno.errorcode.get(ctypes.get_errno(), "?"))
' "$1" 2>&1
}

# packaging_privsep PORT: the process listening on PORT (http_child.c) is the
# collector's child, unprivileged, and cannot ptrace the collector.
packaging_privsep()
{
	local port=$1 child st f fds leaked
	child=$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u)
	if [ -z "$child" ] || [ "$(wc -w <<<"$child")" != 1 ] || [ "$child" = "$CTW_PID" ]; then
		fail "privsep: one process other than the collector listens on :$port" \
			"collector $CTW_PID; $(ss -ltnp "sport = :$port")"
		return
	fi
	st=/proc/$child/status
	assert_eq "$(awk '$1 == "PPid:" { print $2 }' "$st")" "$CTW_PID" "privsep: the network-facing process ($child) is the collector's child"
	for f in CapEff CapPrm CapInh CapAmb CapBnd; do
		assert_eq "$(awk -v k="$f:" '$1 == k { print $2 }' "$st")" 0000000000000000 "privsep: the network-facing process has $f 0"
	done
	assert_eq "$(awk '$1 == "Uid:" { print $2, $3, $4, $5 }' "$st")" "65534 65534 65534 65534" "privsep: the network-facing process runs as uid 65534 (real, effective, saved, fs)"
	assert_eq "$(awk '$1 == "Gid:" { print $2, $3, $4, $5 }' "$st")" "65534 65534 65534 65534" "privsep: the network-facing process runs as gid 65534"
	assert_eq "$(awk '$1 == "Groups:" { print NF - 1 }' "$st")" 0 "privsep: the network-facing process has no supplementary groups"
	assert_eq "$(awk '$1 == "NoNewPrivs:" { print $2 }' "$st")" 1 "privsep: the network-facing process has NoNewPrivs 1"
	# Not dumpable: its /proc files belong to root, not to its own uid.
	assert_eq "$(stat -c %u "/proc/$child/fd")" 0 "privsep: the network-facing process is not dumpable"
	# stdin and stdout on /dev/null, stderr kept (the collector's log), then
	# only sockets and libmicrohttpd's epoll: no map, program, output or file.
	fds=$(for f in /proc/"$child"/fd/*; do echo "${f##*/} $(readlink "$f")"; done | sort -n)
	leaked=$(awk '($1 <= 1 && $2 != "/dev/null") || ($1 >= 3 && $2 !~ /^(socket:|anon_inode:\[(eventpoll|eventfd)\])/)' <<<"$fds")
	if [ -z "$leaked" ] && [ "$(grep -c ' socket:' <<<"$fds")" -ge 2 ]; then
		pass "privsep: the network-facing process holds no BPF, output or file descriptor ($(wc -l <<<"$fds") fds: $(awk '{ printf "%s%s", sep, $2; sep = ", " }' <<<"$fds"))"
	else
		fail "privsep: the network-facing process holds no BPF, output or file descriptor" "$fds"
	fi
	assert_eq "$(packaging_ptrace "$CTW_PID")" EPERM "privsep: PTRACE_ATTACH on the collector with the HTTP process's credentials fails with EPERM"
	assert_eq "$(packaging_ptrace "$child")" EPERM "privsep: PTRACE_ATTACH on the HTTP process itself, from its own uid, fails with EPERM"
	assert_eq "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/healthz")" 200 "privsep: /healthz answers 200 through the channel"
}

# The two processes end together: the child when the collector dies, the
# collector (exit 1, one line) when the child dies.
packaging_privsep_lifecycle()
{
	local child rc i
	ctw_start --events setuid --metrics-addr 127.0.0.1:17871 || return
	child=$(ss -Hltnp "sport = :17871" | grep -o 'pid=[0-9]*' | cut -d= -f2 | head -n 1)
	kill -KILL "${child:-0}"
	for i in $(seq 50); do kill -0 "$CTW_PID" 2>/dev/null || break; sleep 0.1; done
	wait "$CTW_PID"
	rc=$?
	CTW_PID=""
	assert_eq "$rc" 1 "privsep: the collector exits 1 when the HTTP process dies"
	assert_eq "$(grep -c 'metrics endpoint process killed by signal 9: stopping' "$CTW_ERR")" 1 \
		"privsep: the collector logs the HTTP process's death in one line"
	ctw_start --events setuid --metrics-addr 127.0.0.1:17871 || return
	child=$(ss -Hltnp "sport = :17871" | grep -o 'pid=[0-9]*' | cut -d= -f2 | head -n 1)
	kill -KILL "$CTW_PID"
	wait "$CTW_PID" 2>/dev/null
	CTW_PID=""
	# Gone, or a zombie whose new parent has not reaped it yet.
	gone() { [ ! -d "/proc/$1" ] || [ "$(awk '$1 == "State:" { print $2 }' "/proc/$1/status" 2>/dev/null)" = Z ]; }
	for i in $(seq 30); do gone "${child:-0}" && break; sleep 0.1; done
	if [ -n "$child" ] && gone "$child"; then
		pass "privsep: the HTTP process dies with the collector (its channel closes)"
	else
		fail "privsep: the HTTP process dies with the collector" "child '$child': $(head -n 3 "/proc/$child/status" 2>/dev/null)"
		[ -n "$child" ] && kill -KILL "$child" 2>/dev/null
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
	reload_gauge_is 0 "reload: a failed reload sets ctrwatch_config_last_reload_successful 0"
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
	reload_gauge_is 1 "reload: a good reload sets ctrwatch_config_last_reload_successful 1"
	local ts
	ts=$(curl -s --max-time 5 http://127.0.0.1:7847/metrics | awk '$1 == "ctrwatch_config_last_reload_success_timestamp_seconds" { print $2 }')
	if [ -n "$ts" ] && [ $(($(date +%s) - ts)) -le 30 ] && [ $(($(date +%s) - ts)) -ge 0 ]; then
		pass "reload: ctrwatch_config_last_reload_success_timestamp_seconds is the reload's time"
	else
		fail "reload: ctrwatch_config_last_reload_success_timestamp_seconds is the reload's time" "got '$ts', now $(date +%s)"
	fi
	# What a reload reads but cannot apply: one line naming each.
	printf 'min_severity: critical\nhost_events: all\nevents: [mount]\noutputs: [syslog]\n' >"$cfg"
	kill -HUP "$CTW_PID"
	for i in $(seq 50); do [ "$(grep -c 'reload: configuration from' "$CTW_ERR")" -ge 2 ] && break; sleep 0.1; done
	if [ "$(grep -c 'reload: not applied' "$CTW_ERR")" = 1 ] &&
		grep -q 'warn: reload: not applied: events (ignored while --events is given); outputs (ignored while --output is given)' "$CTW_ERR"; then
		pass "reload: one warning names the changed events and outputs it cannot apply"
	else
		fail "reload: one warning names the changed events and outputs it cannot apply" "$(tail -n 5 "$CTW_ERR")"
	fi
	run_trigger setuid 0
	p=$TRIG_PID
	assert_eq "$(grep -cw 'ready' "$CTW_ERR")" 1 "reload: the programs stayed attached (one start-up)"
	ctw_stop
	assert_no_event "$CTW_OUT" "$(f_pid "$p")" "reload: after min_severity critical the info event is not written"
}

# reload_gauge_is WANT DESC: ctrwatch_config_last_reload_successful on the default port.
reload_gauge_is()
{
	local got
	got=$(curl -s --max-time 5 http://127.0.0.1:7847/metrics | awk '$1 == "ctrwatch_config_last_reload_successful" { print $2 }')
	assert_eq "$got" "$1" "$2"
}

# The Debian package: built with dpkg-buildpackage from a copy of the tree
# (or CTW_DEB=path to a built one), lintian-clean, installed with dpkg,
# its unit verified and its binary run, then purged. With CTW_DEB_KEEP=DIR a
# package built here is also left in DIR: make test builds it once, in the
# plain pass, and its sanitizer pass installs that one (the package is built
# from the sources either way, never from $BUILD).
packaging_deb()
{
	local version deb dir=$ITEST_TMP/deb out f missing=() mode
	version=$(sed -nE 's/^VERSION[[:space:]]*:=[[:space:]]*//p' Makefile)
	deb=${CTW_DEB:-$dir/ctrwatch_${version}_amd64.deb}
	for f in dpkg-buildpackage dh lintian; do
		command -v "$f" >/dev/null || { fail "$f installed (scripts/install-deps.sh)"; return; }
	done
	if [ -z "${CTW_DEB:-}" ]; then
		[ -n "${CTW_DEB_KEEP:-}" ] && rm -rf "$CTW_DEB_KEEP"
		mkdir -p "$dir/ctrwatch-$version"
		tar --exclude='./build*' --exclude=./.git -cf - . | tar -xf - -C "$dir/ctrwatch-$version"
		(cd "$dir/ctrwatch-$version" && dpkg-buildpackage -us -uc -b) >"$dir/build.log" 2>&1
		out=$?
		if [ "$out" -ne 0 ] || [ ! -f "$deb" ]; then
			fail "dpkg-buildpackage -us -uc -b builds ctrwatch_${version}_amd64.deb" "exit $out" "$(tail -n 20 "$dir/build.log")"
			return
		fi
		[ -n "${CTW_DEB_KEEP:-}" ] && mkdir -p "$CTW_DEB_KEEP" && cp "$deb" "$CTW_DEB_KEEP/"
	fi
	pass "dpkg-buildpackage -us -uc -b builds $(basename "$deb")"
	out=$(lintian --pedantic -I "$deb" 2>&1 | grep -E '^[EWIP]: ')
	assert_eq "$out" "" "lintian --pedantic -I: no tag (overrides in debian/ctrwatch.lintian-overrides say why)"
	out=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
	for f in ./usr/sbin/ctrwatch ./lib/systemd/system/ctrwatch.service ./etc/ctrwatch/ctrwatch.yaml \
		./etc/logrotate.d/ctrwatch ./usr/share/man/man8/ctrwatch.8.gz ./usr/share/doc/ctrwatch/copyright; do
		grep -qxF "$f" <<<"$out" || missing+=("$f")
	done
	assert_eq "${missing[*]}" "" "the package holds the binary, unit, config, logrotate snippet, man page and copyright"
	assert_eq "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles | sort | tr '\n' ' ')" \
		"/etc/ctrwatch/ctrwatch.yaml /etc/logrotate.d/ctrwatch " "the config and the logrotate snippet are conffiles"

	# Installing must not take over (and purging must not delete) a hand-made config.
	if dpkg-query -W -f='${Status}' ctrwatch 2>/dev/null | grep -q installed || [ -e /etc/ctrwatch ]; then
		fail "no ctrwatch package or /etc/ctrwatch on this host before the install test" \
			"$(dpkg-query -W ctrwatch 2>&1; ls -ld /etc/ctrwatch 2>&1)"
		return
	fi
	out=$(DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" 2>&1)
	if [ $? -ne 0 ]; then
		fail "dpkg -i $(basename "$deb")" "$out"
		dpkg --purge ctrwatch >/dev/null 2>&1
		return
	fi
	pass "dpkg -i $(basename "$deb")"
	out=$(/usr/sbin/ctrwatch --version 2>&1)
	[[ $out == "ctrwatch $version "* ]] && pass "the installed ctrwatch --version says $version" ||
		fail "the installed ctrwatch --version says $version" "$out"
	out=$(systemd-analyze verify --man=no /lib/systemd/system/ctrwatch.service 2>&1)
	if [ $? -eq 0 ] && [ -z "$out" ]; then
		pass "systemd-analyze verify on the installed unit"
	else
		fail "systemd-analyze verify on the installed unit" "$out"
	fi
	mode=$(stat -c %a /etc/ctrwatch/ctrwatch.yaml)
	assert_eq "$mode" 640 "the installed config is not world-readable"
	out=$(/usr/sbin/ctrwatch --check-config --config /etc/ctrwatch/ctrwatch.yaml 2>&1)
	assert_eq "$?/$out" "0//etc/ctrwatch/ctrwatch.yaml: ok" "the installed config passes --check-config (/var/log/ctrwatch shipped)"
	out=$(dpkg --purge ctrwatch 2>&1)
	assert_eq "$?" 0 "dpkg --purge ctrwatch"
	missing=()
	for f in /usr/sbin/ctrwatch /lib/systemd/system/ctrwatch.service /etc/ctrwatch /etc/logrotate.d/ctrwatch \
		/etc/systemd/system/multi-user.target.wants/ctrwatch.service; do
		[ -e "$f" ] || [ -L "$f" ] && missing+=("$f")
	done
	assert_eq "${missing[*]}" "" "purge leaves no file of the package behind"
}

family_packaging()
{
	packaging_install
	packaging_defaults
	packaging_deb
	packaging_manifests
	packaging_runtime
	packaging_privsep_lifecycle
	packaging_reload
}
