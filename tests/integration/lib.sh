# shellcheck shell=bash
# Helpers for the integration suite, sourced by run.sh: results, the collector,
# assertions on its JSON lines, a busybox rootfs and runc containers whose
# cgroupsPath imitates each container runtime. Everything a test creates is
# registered here and removed by itest_cleanup, which run.sh traps on EXIT.

: "${BUILD:=build}"
CTW_BIN=${CTW_BIN:-$BUILD/ctrwatch}
TRIGGER=${TRIGGER:-$BUILD/tests/integration/trigger}
ROOTFS=${ROOTFS:-$BUILD/itest-rootfs}
# Seconds: the collector may take a while to load under ASan; events arrive
# within ~100 ms of the syscall, so EVENT_TIMEOUT is generous on purpose.
READY_TIMEOUT=${READY_TIMEOUT:-60}
STOP_TIMEOUT=${STOP_TIMEOUT:-20}
EVENT_TIMEOUT=${EVENT_TIMEOUT:-5}
NOBODY=65534
# The schema check of every native output line; Debian's python3-jsonschema
# belongs to /usr/bin/python3, not to whatever python3 comes first in PATH.
SCHEMA_PYTHON=${SCHEMA_PYTHON:-/usr/bin/python3}
VALIDATE_EVENTS=${VALIDATE_EVENTS:-tests/tools/validate_events.py}

ITEST_TMP=""
RUNC_ROOT=""
PASSED=0
FAILED=0
FAMILY=""
CTW_PID=""
CTW_OUT=""
CTW_ERR=""
CTW_FORMAT=json
CLEAN_CONTAINERS=()
CLEAN_CGROUPS=()
CLEAN_MOUNTS=()
CLEAN_PIDS=()

# --- results ---------------------------------------------------------------

pass()
{
	PASSED=$((PASSED + 1))
	echo "PASS ${FAMILY:+$FAMILY: }$1"
}

# fail DESC [DETAIL...]: DETAIL lines explain what was seen instead.
fail()
{
	local desc=$1
	shift
	FAILED=$((FAILED + 1))
	echo "FAIL ${FAMILY:+$FAMILY: }$desc"
	local line
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/       /'
	done
}

die()
{
	echo "integration: $*" >&2
	echo "FAIL setup: $*"
	FAILED=$((FAILED + 1))
	echo "integration: $PASSED passed, $FAILED failed"
	exit 1
}

# --- setup and cleanup -----------------------------------------------------

itest_init()
{
	[ "$(id -u)" -eq 0 ] || die "must run as root (loads BPF, runs runc)"
	command -v runc >/dev/null || die "runc not found (scripts/install-deps.sh installs it)"
	command -v jq >/dev/null || die "jq not found (scripts/install-deps.sh installs it)"
	command -v setpriv >/dev/null || die "setpriv not found (util-linux)"
	[ -x /bin/busybox ] || die "/bin/busybox not found (busybox-static)"
	file_is_static /bin/busybox || die "/bin/busybox is not static (install busybox-static)"
	[ -x "$CTW_BIN" ] || die "collector not built: $CTW_BIN"
	[ -x "$TRIGGER" ] || die "trigger not built: $TRIGGER"
	"$SCHEMA_PYTHON" -c 'import jsonschema' 2>/dev/null ||
		die "python3-jsonschema not found for $SCHEMA_PYTHON (scripts/install-deps.sh installs it)"
	[ -r "$VALIDATE_EVENTS" ] || die "schema validator not found: $VALIDATE_EVENTS"
	if [ ! -e /sys/kernel/tracing/events ] && [ ! -e /sys/kernel/debug/tracing/events ]; then
		mount -t tracefs tracefs /sys/kernel/tracing || die "cannot mount tracefs"
	fi
	CG2=$(cgroup2_root) || die "no cgroup2 hierarchy mounted"
	ITEST_TMP=$(mktemp -d /tmp/ctw-itest.XXXXXX) || die "mktemp"
	# Readable by the unprivileged user the tests switch to.
	chmod 755 "$ITEST_TMP"
	RUNC_ROOT=$ITEST_TMP/runc
	mkdir -p "$RUNC_ROOT" "$ITEST_TMP/bundles"
	rootfs_build || die "cannot build the busybox rootfs in $ROOTFS"
}

file_is_static()
{
	# It is copied into a rootfs with no libc: it must not need an interpreter.
	LC_ALL=C ldd "$1" 2>&1 | grep -qE 'not a dynamic executable|statically linked'
}

cgroup2_root()
{
	local d
	for d in /sys/fs/cgroup /sys/fs/cgroup/unified; do
		if [ "$(stat -f -c %T "$d" 2>/dev/null)" = cgroup2fs ]; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

itest_cleanup()
{
	local id p i
	if [ -n "$CTW_PID" ] && kill -0 "$CTW_PID" 2>/dev/null; then
		kill -KILL "$CTW_PID" 2>/dev/null
		wait "$CTW_PID" 2>/dev/null
	fi
	for p in "${CLEAN_PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	for id in "${CLEAN_CONTAINERS[@]}"; do
		runc --root "$RUNC_ROOT" kill "$id" KILL >/dev/null 2>&1
		runc --root "$RUNC_ROOT" delete -f "$id" >/dev/null 2>&1
	done
	for p in "${CLEAN_MOUNTS[@]}"; do
		mountpoint -q "$p" && umount -l "$p" 2>/dev/null
	done
	# Overlay rootfs mounts: made inside ctr_bundle's subshell, so found by place.
	if [ -n "$ITEST_TMP" ]; then
		awk -v d="$ITEST_TMP/overlay/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts |
			while read -r p; do umount -l "$p" 2>/dev/null; done
	fi
	# Deepest first: CLEAN_CGROUPS holds every directory the suite created.
	for ((i = ${#CLEAN_CGROUPS[@]} - 1; i >= 0; i--)); do
		[ -d "${CLEAN_CGROUPS[i]}" ] && rmdir "${CLEAN_CGROUPS[i]}" 2>/dev/null
	done
	if [ -n "$ITEST_TMP" ] && [ -d "$ITEST_TMP" ]; then
		# Never follow into a mount that refused to go away.
		if ! grep -q " $ITEST_TMP/" /proc/self/mounts; then
			rm -rf "$ITEST_TMP"
		fi
	fi
}

# register_cgroup PATH: remember, in every hierarchy, the directories of PATH
# that do not exist yet, so cleanup removes exactly what runc will create.
register_cgroup()
{
	local path=$1 h prefix comp
	local IFS=/
	for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
		h=${h%/}
		[ -e "$h/cgroup.procs" ] || continue
		prefix=$h
		for comp in ${path#/}; do
			[ -n "$comp" ] || continue
			prefix=$prefix/$comp
			[ -d "$prefix" ] || CLEAN_CGROUPS+=("$prefix")
		done
	done
}

register_mount() { CLEAN_MOUNTS+=("$1"); }
register_pid() { CLEAN_PIDS+=("$1"); }

# --- ids -------------------------------------------------------------------

hex64() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }

uuid() { cat /proc/sys/kernel/random/uuid; }

# --- TLS ---------------------------------------------------------------------

# make_test_ca DIR: with the openssl CLI, a CA (ca.pem), a server certificate
# for localhost and 127.0.0.1 (server.pem, server.key), a client certificate
# (client.pem, client.key), all signed by it, and a second, unrelated CA
# (other-ca.pem) whose trust must not be enough.
make_test_ca()
{
	local d=$1 who
	mkdir -p "$d"
	for who in ca other-ca; do
		openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/$who.key" -out "$d/$who.pem" \
			-days 2 -subj "/CN=ctrwatch test $who" -addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign" 2>"$d/openssl.log" || return 1
	done
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$d/server.ext"
	printf 'extendedKeyUsage=clientAuth\n' >"$d/client.ext"
	for who in server client; do
		openssl req -newkey rsa:2048 -nodes -keyout "$d/$who.key" -out "$d/$who.csr" \
			-subj "/CN=ctrwatch test $who" 2>>"$d/openssl.log" &&
			openssl x509 -req -in "$d/$who.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
				-CAcreateserial -days 2 -extfile "$d/$who.ext" -out "$d/$who.pem" \
				2>>"$d/openssl.log" || return 1
	done
}

# --- the collector ---------------------------------------------------------

# ctw_start [ARGS...]: runs the collector writing to a fresh file, waits for
# "ready" on stderr. Sets CTW_PID, CTW_OUT, CTW_ERR, CTW_FORMAT. Returns 1 (and
# records a failure) when it does not get ready.
ctw_start()
{
	local name=${FAMILY:-suite} waited=0 arg prev=""
	# Checks queued against a previous collector's (finished) output.
	run_pending
	# The format every output of this run is written in: ctw_stop checks the
	# native one against the schema, and only that one.
	CTW_FORMAT=json
	for arg in "$@"; do
		[ "$prev" = --format ] && CTW_FORMAT=$arg
		case $arg in --format=*) CTW_FORMAT=${arg#--format=} ;; esac
		prev=$arg
	done
	CTW_OUT=$ITEST_TMP/$name.jsonl
	CTW_ERR=$ITEST_TMP/$name.log
	: >"$CTW_OUT"
	: >"$CTW_ERR" # a second start in a family must not see the first one's "ready"
	"$CTW_BIN" --output "$CTW_OUT" --log-level info "$@" 2>"$CTW_ERR" &
	CTW_PID=$!
	while ! grep -qw ready "$CTW_ERR"; do
		if ! kill -0 "$CTW_PID" 2>/dev/null; then
			wait "$CTW_PID"
			fail "collector starts and logs ready" "exited with status $?; stderr:" \
				"$(tail -n 20 "$CTW_ERR")"
			CTW_PID=""
			return 1
		fi
		if [ "$waited" -ge $((READY_TIMEOUT * 10)) ]; then
			fail "collector logs ready within ${READY_TIMEOUT}s" "$(tail -n 20 "$CTW_ERR")"
			kill -KILL "$CTW_PID" 2>/dev/null
			wait "$CTW_PID" 2>/dev/null
			CTW_PID=""
			return 1
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
	return 0
}

# ctw_stop: SIGTERM, wait for the drain, assert exit 0, a well-formed file and
# that every event in it matches docs/event.schema.json.
ctw_stop()
{
	local waited=0 rc
	[ -n "$CTW_PID" ] || return 1
	kill -TERM "$CTW_PID" 2>/dev/null
	while kill -0 "$CTW_PID" 2>/dev/null; do
		if [ "$waited" -ge $((STOP_TIMEOUT * 10)) ]; then
			fail "collector exits within ${STOP_TIMEOUT}s of SIGTERM"
			kill -KILL "$CTW_PID" 2>/dev/null
			break
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
	wait "$CTW_PID"
	rc=$?
	CTW_PID=""
	if [ "$rc" -eq 0 ]; then
		pass "collector exits 0 on SIGTERM"
	else
		fail "collector exits 0 on SIGTERM" "exit status $rc; stderr:" "$(tail -n 20 "$CTW_ERR")"
	fi
	assert_all_json "$CTW_OUT"
	assert_schema "$CTW_OUT"
	run_pending
	if grep -qiE 'AddressSanitizer|runtime error:|LeakSanitizer' "$CTW_ERR"; then
		fail "collector runs clean under the sanitizers" "$(grep -iE -A5 'Sanitizer|runtime error:' "$CTW_ERR" | head -n 30)"
	fi
}

ctw_running() { [ -n "$CTW_PID" ] && kill -0 "$CTW_PID" 2>/dev/null; }

# --- assertions ------------------------------------------------------------

# count_events FILE FILTER: lines matching the jq boolean FILTER. Lines that do
# not parse (a line still being written) are passed over here; assert_all_json
# catches real garbage.
count_events()
{
	jq -R -c "fromjson? | select($2)" "$1" 2>/dev/null | wc -l
}

# show_events FILE FILTER: the first matching events, for a failure's detail.
show_events()
{
	jq -R -c "fromjson? | select($2)" "$1" 2>/dev/null | head -n "${3:-5}" | cut -c1-600
}

# Detail printed under a failed event assertion: what the same process or
# container did produce, so the mismatch is visible in the log.
near_miss()
{
	local file=$1 hint=$2
	if [ -n "$hint" ]; then
		echo "events matching the hint ($hint):"
		show_events "$file" "$hint" 5
		[ "$(count_events "$file" "$hint")" -gt 0 ] || echo "(none)"
	fi
	echo "events in $file by type: $(jq -R -r 'fromjson? | .type' "$file" 2>/dev/null |
		sort | uniq -c | tr -s ' \n' ' ')"
}

# expect_event FILE FILTER DESC [HINT]: at least one line matches FILTER,
# checked by ctw_stop after the drain (at once if no collector runs). The
# syscall has returned, so its record is already in the ring buffer: checking
# after the drain does not depend on when the collector flushes its output
# (wait_event checks that separately) and costs no polling.
PENDING=()
expect_event()
{
	if ctw_running; then
		PENDING+=("$1" "$2" "$3" "${4:-}")
		return 0
	fi
	check_event "$@"
}

# assert_event FILE FILTER DESC [HINT]: at least one line matches FILTER,
# polled for EVENT_TIMEOUT seconds while the collector runs. Returns 1 when
# none does, so a test can use it to wait for the collector to catch up.
assert_event()
{
	if ctw_running; then
		wait_event "$@"
		return
	fi
	check_event "$@"
}

check_event()
{
	local file=$1 filter=$2 desc=$3 hint=${4:-}
	if [ "$(count_events "$file" "$filter")" -eq 0 ]; then
		fail "$desc" "no event matches: $filter" "$(near_miss "$file" "$hint")"
		return 1
	fi
	pass "$desc"
}

# run_pending: the checks assert_event queued, in order.
run_pending()
{
	local i
	for ((i = 0; i < ${#PENDING[@]}; i += 4)); do
		check_event "${PENDING[i]}" "${PENDING[i + 1]}" "${PENDING[i + 2]}" "${PENDING[i + 3]}"
	done
	PENDING=()
}

# wait_event FILE FILTER DESC [HINT]: a matching line appears within
# EVENT_TIMEOUT seconds while the collector runs (bounded poll).
wait_event()
{
	local file=$1 filter=$2 desc=$3 hint=${4:-} waited=0
	while [ "$(count_events "$file" "$filter")" -eq 0 ]; do
		if ! ctw_running || [ "$waited" -ge $((EVENT_TIMEOUT * 10)) ]; then
			fail "$desc" "no event matches: $filter" "$(near_miss "$file" "$hint")"
			return 1
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
	pass "$desc"
}

# assert_no_event FILE FILTER DESC: no line matches. Call after ctw_stop so
# that the drain has happened.
assert_no_event()
{
	local file=$1 filter=$2 desc=$3 n
	n=$(count_events "$file" "$filter")
	if [ "$n" -eq 0 ]; then
		pass "$desc"
	else
		fail "$desc" "$n events match: $filter" "$(show_events "$file" "$filter" 3)"
	fi
}

# assert_count FILE FILTER OP N DESC: the number of matching lines compared
# with N by test's OP (-eq, -ge, -le ...).
assert_count()
{
	local file=$1 filter=$2 op=$3 want=$4 desc=$5 n
	n=$(count_events "$file" "$filter")
	if test "$n" "$op" "$want"; then
		pass "$desc"
	else
		fail "$desc" "$n events match (want $op $want): $filter" "$(show_events "$file" "$filter" 3)"
	fi
}

# assert_all_json FILE: every line is one JSON object and the file ends with a
# newline (no partial line after a drain).
assert_all_json()
{
	local file=$1 bad lines
	lines=$(wc -l <"$file")
	bad=$(jq -R -r 'try (fromjson | if type == "object" then empty else "not an object: \(.)" end)
		catch "invalid JSON"' "$file" 2>&1 | head -n 3)
	if [ -n "$bad" ]; then
		fail "every output line is a JSON object ($lines lines)" "$bad"
	elif [ -s "$file" ] && [ "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" != '\n' ]; then
		fail "output ends with a complete line" "last bytes: $(tail -c 80 "$file")"
	else
		pass "every output line is a JSON object ($lines lines)"
	fi
}

# assert_schema FILE: every line of FILE is a native event that
# docs/event.schema.json accepts (tests/tools/validate_events.py), so the schema
# and the collector cannot drift apart. Only for --format json: another format
# (falco) has another shape, checked by its own tests, and is never held
# against the native schema.
assert_schema()
{
	local file=$1 out lines
	lines=$(wc -l <"$file")
	if [ "$CTW_FORMAT" != json ]; then
		echo "       (--format $CTW_FORMAT: $lines lines not native, no schema check)"
		return 0
	fi
	if out=$("$SCHEMA_PYTHON" "$VALIDATE_EVENTS" --label schema "$file" 2>&1); then
		pass "every event matches docs/event.schema.json ($lines lines)"
	else
		fail "every event matches docs/event.schema.json ($lines lines)" \
			"$(grep -v '^schema: ' <<<"$out" | cut -c1-400)"
	fi
}

# assert_eq GOT WANT DESC
assert_eq()
{
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3" "got '$1', want '$2'"
	fi
}

# --- triggers --------------------------------------------------------------

# run_trigger [setpriv ARGS --] CMD ARGS: runs the trigger on the host and
# sets TRIG_OUT (its output), TRIG_PID, TRIG_RET (last ret), TRIG_ERRNO.
run_trigger()
{
	local -a pre=()
	if [ "${1:-}" = --as ]; then
		pre=(setpriv --reuid="$2" --regid="$2" --clear-groups --inh-caps=-all)
		shift 2
	fi
	# exec: the trigger's parent is then this shell, not a subshell.
	TRIG_OUT=$(exec "${pre[@]}" "$TRIGGER_HOST" "$@" 2>&1)
	trigger_parse "$TRIG_OUT"
}

# trigger_parse OUTPUT [OP]: pid/ret/errno of the last line (for OP, if given).
trigger_parse()
{
	local line
	line=$(printf '%s\n' "$1" | grep "^trigger: pid=.* op=${2:-}" | tail -n 1)
	TRIG_PID=$(sed -nE 's/.* pid=([0-9]+).*/\1/p' <<<"$line")
	TRIG_RET=$(sed -nE 's/.* ret=(-?[0-9]+).*/\1/p' <<<"$line")
	TRIG_ERRNO=$(sed -nE 's/.* errno=([0-9]+).*/\1/p' <<<"$line")
}

# The kernel's answer as the event reports it: -errno on failure, else ret.
expected_ret()
{
	if [ "${TRIG_RET:-0}" -lt 0 ]; then
		echo "-$TRIG_ERRNO"
	else
		echo "$TRIG_RET"
	fi
}

# --- rootfs and containers -------------------------------------------------

# A busybox-static rootfs, built once and cached; the trigger is refreshed
# every run because it changes with the tree.
rootfs_build()
{
	local tmp applet
	if [ ! -x "$ROOTFS/bin/busybox" ]; then
		tmp=$(mktemp -d "$ROOTFS.tmp.XXXXXX") || return 1
		mkdir -p "$tmp"/{bin,sbin,usr/bin,etc,proc,sys,dev,tmp,mnt,root,var/empty}
		cp /bin/busybox "$tmp/bin/busybox" || return 1
		for applet in $("$tmp/bin/busybox" --list); do
			[ "$applet" = busybox ] || ln -sf busybox "$tmp/bin/$applet"
		done
		printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/var/empty:/bin/false\n' \
			>"$tmp/etc/passwd"
		printf 'root:x:0:\nnogroup:x:65534:\n' >"$tmp/etc/group"
		chmod 1777 "$tmp/tmp"
		rm -rf "$ROOTFS"
		mv "$tmp" "$ROOTFS" || return 1
	fi
	cp -f "$TRIGGER" "$ROOTFS/bin/trigger.new" && mv -f "$ROOTFS/bin/trigger.new" "$ROOTFS/bin/trigger" ||
		return 1
	# The host copy, run as nobody too: outside $BUILD, which may not be traversable.
	TRIGGER_HOST=$ITEST_TMP/trigger
	cp -f "$TRIGGER" "$TRIGGER_HOST" && chmod 755 "$TRIGGER_HOST"
	( cd "$ITEST_TMP/bundles" && runc spec ) && mv "$ITEST_TMP/bundles/config.json" "$ITEST_TMP/spec.json"
}

# overlay_rootfs NAME LOWER: an overlayfs over LOWER (read-only image layer)
# with a fresh upper layer, as Docker and containerd give a container; prints
# the merged directory. Files the container writes land in the upper layer.
overlay_rootfs()
{
	local d=$ITEST_TMP/overlay/$1
	# A name used again starts from a fresh upper layer.
	mountpoint -q "$d/merged" && umount -l "$d/merged"
	rm -rf "$d"
	mkdir -p "$d/upper" "$d/work" "$d/merged" || return 1
	mount -t overlay overlay -o "lowerdir=$(realpath "$2"),upperdir=$d/upper,workdir=$d/work" \
		"$d/merged" || return 1
	echo "$d/merged"
}

# ctr_bundle NAME CGPATH OPTS... -- CMD...: writes a bundle for a container.
# OPTS: --cap CAP (added to every set), --user UID, --deny SYSCALL (a seccomp
# filter answers EPERM to it, as Docker's default profile does for many),
# --overlay (the rootfs is an overlayfs over $ROOTFS with a writable upper
# layer, as real runtimes do, instead of a read-only bind of it).
ctr_bundle()
{
	local name=$1 cgpath=$2 uid=0 caps='[]' deny='[]' bundle overlay=0 root ro=true
	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		case $1 in
		--cap) caps=$(jq -c --arg c "$2" '. + [$c]' <<<"$caps"); shift 2 ;;
		--user) uid=$2; shift 2 ;;
		--deny) deny=$(jq -c --arg c "$2" '. + [$c]' <<<"$deny"); shift 2 ;;
		--overlay) overlay=1; shift ;;
		*) echo "ctr_bundle: unknown option $1" >&2; return 1 ;;
		esac
	done
	[ "${1:-}" = -- ] && shift
	bundle=$ITEST_TMP/bundles/$name
	mkdir -p "$bundle"
	root=$(realpath "$ROOTFS")
	if [ "$overlay" = 1 ]; then
		root=$(overlay_rootfs "$name" "$ROOTFS") || return 1
		ro=false
	fi
	jq --arg root "$root" --argjson ro "$ro" --arg cg "$cgpath" --argjson caps "$caps" \
		--argjson uid "$uid" --arg host "${name:0:12}" --argjson deny "$deny" \
		--argjson args "$(jq -cn '$ARGS.positional' --args -- "$@")" '
		.root = {path: $root, readonly: $ro}
		| .process.terminal = false
		| .process.args = $args
		| .process.user = {uid: $uid, gid: $uid}
		| .process.env += ["PATH=/bin"]
		| .process.capabilities |= with_entries(.value = ((.value + $caps) | unique))
		| .hostname = $host
		| .linux.cgroupsPath = $cg
		| if ($deny | length) > 0 then .linux.seccomp = {
			defaultAction: "SCMP_ACT_ALLOW",
			syscalls: [{names: $deny, action: "SCMP_ACT_ERRNO", errnoRet: 1}]
		  } else . end
		' "$ITEST_TMP/spec.json" >"$bundle/config.json" || return 1
	echo "$bundle"
}

# ctr_run NAME CGPATH OPTS... -- CMD...: runs a container in the foreground.
# Sets CTR_OUT (stdout+stderr) and CTR_RC.
ctr_run()
{
	local name=$1 bundle
	# Registered here, not in ctr_bundle: that runs in a subshell.
	register_cgroup "$2"
	bundle=$(ctr_bundle "$@") || { CTR_RC=99; CTR_OUT="cannot write bundle"; return 1; }
	CLEAN_CONTAINERS+=("$name")
	CTR_OUT=$(timeout 60 runc --root "$RUNC_ROOT" run --bundle "$bundle" "$name" </dev/null 2>&1)
	CTR_RC=$?
	runc --root "$RUNC_ROOT" delete -f "$name" >/dev/null 2>&1
	return 0
}

# ctr_start NAME CGPATH OPTS... -- CMD...: a detached container; sets CTR_PID
# (its init's host pid). Stop it with ctr_kill NAME.
ctr_start()
{
	local name=$1 bundle
	register_cgroup "$2"
	bundle=$(ctr_bundle "$@") || return 1
	CLEAN_CONTAINERS+=("$name")
	timeout 60 runc --root "$RUNC_ROOT" run -d --bundle "$bundle" "$name" \
		</dev/null >"$ITEST_TMP/$name.out" 2>&1 || return 1
	CTR_PID=$(runc --root "$RUNC_ROOT" state "$name" | jq -r .pid)
	[ -n "$CTR_PID" ] && [ "$CTR_PID" != 0 ]
}

# ctr_wait_output NAME PATTERN [SECONDS]: bounded poll of a detached
# container's output for an extended regex.
ctr_wait_output()
{
	local file=$ITEST_TMP/$1.out waited=0
	while ! grep -qE "$2" "$file" 2>/dev/null; do
		[ "$waited" -lt $((${3:-10} * 10)) ] || return 1
		sleep 0.1
		waited=$((waited + 1))
	done
}

ctr_kill()
{
	runc --root "$RUNC_ROOT" kill "$1" KILL >/dev/null 2>&1
	runc --root "$RUNC_ROOT" delete -f "$1" >/dev/null 2>&1
}

# Filters shared by the tests.
f_pid() { echo ".process.pid == $1"; }
f_ctr() { echo ".container != null and .container.id == \"$1\""; }
f_host() { echo '.container == null'; }

# The cgroupsPath each runtime gives a container with id $1 (pod uid $2).
cg_docker() { echo "/docker/$1"; }
cg_docker_systemd() { echo "/system.slice/docker-$1.scope"; }
cg_containerd() {
	echo "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${2//-/_}.slice/cri-containerd-$1.scope"
}
cg_crio() {
	echo "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${2//-/_}.slice/crio-$1.scope"
}
cg_podman() { echo "/machine.slice/libpod-$1.scope"; }
cg_podman_container() { echo "/machine.slice/libpod-$1.scope/container"; }
cg_kubelet() { echo "/kubepods/burstable/pod$2/$1"; }
