# shellcheck shell=bash
# Variables set here are read by the families; lib.sh sets CTW_OUT and friends.
# shellcheck disable=SC2034,SC2153
# Helpers shared by the detection families (test_detect_*.sh,
# test_runtime_setup.sh): containers whose runc config is patched beyond what
# lib.sh's ctr_bundle offers (host namespaces, extra mounts, devices, split
# capability sets), and assertions on the detection fields of an event.
# Sourced by each of those files; needs lib.sh.

DETTRIG=${DETTRIG:-$BUILD/tests/integration/dettrig}
DET_ROOTFS=""

# det_init: a private copy of the busybox rootfs with the directories and
# binaries these tests mount and run (the shared one stays untouched), and the
# collector's flags. Idempotent within a run.
det_init()
{
	[ -x "$DETTRIG" ] || die "dettrig not built: $DETTRIG"
	# Host events only when flagged: whatever else runs on the machine (other
	# suites, benchmarks) can write millions of unflagged host events, and the
	# assertions read the whole file. Host checks therefore assert that the
	# host event raised nothing (assert_host_quiet), not that it was written.
	DET_CFG=$ITEST_TMP/detect-base.yaml
	printf 'host_events: flagged-only\n' >"$DET_CFG"
	DET_ARGS=(--metrics-addr off --config "$DET_CFG")
	[ -n "$DET_ROOTFS" ] && [ -d "$DET_ROOTFS" ] && return 0
	DET_ROOTFS=$ITEST_TMP/detroot
	cp -a "$ROOTFS" "$DET_ROOTFS" || die "cannot copy the rootfs"
	mkdir -p "$DET_ROOTFS"/{hostproc,disk,cg,det} || die "mkdir in $DET_ROOTFS"
	# Traversable by a user-namespace container's root (uid 100000 outside).
	chmod 755 "$DET_ROOTFS"
	cp "$DETTRIG" "$DET_ROOTFS/bin/dettrig" || die "cannot copy dettrig"
	# Set-user-id copies for CTW-018: one owned by root, one by nobody.
	cp "$TRIGGER" "$DET_ROOTFS/det/suid-root"
	cp "$TRIGGER" "$DET_ROOTFS/det/suid-nobody"
	chown 0:0 "$DET_ROOTFS/det/suid-root"
	chown "$NOBODY:$NOBODY" "$DET_ROOTFS/det/suid-nobody"
	chmod 4755 "$DET_ROOTFS/det/suid-root" "$DET_ROOTFS/det/suid-nobody"
	# CTW-016: a file-capability binary, CAP_SYS_ADMIN permitted but not
	# effective after exec, which capset then raises (as capability-aware
	# daemons do).
	cp "$TRIGGER" "$DET_ROOTFS/det/fcap-trigger"
	command -v setcap >/dev/null || die "setcap not found (libcap2-bin)"
	setcap cap_sys_admin+p "$DET_ROOTFS/det/fcap-trigger" || die "setcap failed"
}

# jq fragments for det_run/det_start's PATCH argument; join them with " | ".
# Docker's --privileged, minus what these tests do not need: /proc/sys and
# /proc/sysrq-trigger writable, nothing masked, every device allowed.
J_PRIV='.linux.readonlyPaths = [] | .linux.maskedPaths = [] | .linux.resources.devices = [{allow: true, access: "rwm"}]'
# hostPID: true
J_HOSTPID='.linux.namespaces |= map(select(.type != "pid"))'
# The host's /proc at /hostproc: a way to the host's namespace files.
J_HOSTPROC='.mounts += [{destination: "/hostproc", type: "bind", source: "/proc", options: ["rbind"]}]'
# An unprivileged user-namespace container (root inside is 100000 outside).
J_USERNS='.linux.namespaces += [{type: "user"}] | .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}] | .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]'
J_NONNP='.process.noNewPrivileges = false'

# det_bundle NAME CGPATH PATCH OPTS... -- CMD: ctr_bundle on the private
# rootfs, then the jq PATCH ("." for none) applied to its config.json.
det_bundle()
{
	local name=$1 cg=$2 patch=$3 bundle
	shift 3
	bundle=$(ROOTFS=$DET_ROOTFS ctr_bundle "$name" "$cg" "$@") || return 1
	jq "$patch" "$bundle/config.json" >"$bundle/config.json.new" &&
		mv "$bundle/config.json.new" "$bundle/config.json" || return 1
	echo "$bundle"
}

# det_run NAME CGPATH PATCH OPTS... -- CMD: ctr_run with a patched config.
det_run()
{
	local name=$1 bundle
	register_cgroup "$2"
	bundle=$(det_bundle "$@") || { CTR_RC=99; CTR_OUT="cannot write bundle"; return 1; }
	CLEAN_CONTAINERS+=("$name")
	CTR_OUT=$(timeout 60 runc --root "$RUNC_ROOT" run --bundle "$bundle" "$name" </dev/null 2>&1)
	CTR_RC=$?
	runc --root "$RUNC_ROOT" delete -f "$name" >/dev/null 2>&1
	return 0
}

# det_start NAME CGPATH PATCH OPTS... -- CMD: detached; sets CTR_PID.
det_start()
{
	local name=$1 bundle
	register_cgroup "$2"
	bundle=$(det_bundle "$@") || return 1
	CLEAN_CONTAINERS+=("$name")
	timeout 60 runc --root "$RUNC_ROOT" run -d --bundle "$bundle" "$name" \
		</dev/null >"$ITEST_TMP/$name.out" 2>&1 || return 1
	CTR_PID=$(runc --root "$RUNC_ROOT" state "$name" | jq -r .pid)
	[ -n "$CTR_PID" ] && [ "$CTR_PID" != 0 ]
}

# A container ran: its exit status and output, for the log when it did not.
det_ran()
{
	local desc=$1 want=${2:-0}
	if [ "$CTR_RC" = "$want" ]; then
		pass "$desc"
	else
		fail "$desc" "exit status $CTR_RC (want $want); output:" "$CTR_OUT"
	fi
}

# Filters over the detection fields.
f_det() { echo "(.detections | index([\"$1\"]))"; }
f_nodet() { echo "((.detections | index([\"$1\"])) | not)"; }
# f_flags FLAG...: the event carries every FLAG.
f_flags()
{
	local f out="true"
	for f in "$@"; do
		out="$out and (.flags | index([\"$f\"]))"
	done
	echo "($out)"
}
f_trig() { echo "$(f_ctr "$1") and .process.comm == \"${2:-trigger}\""; }

# jq: the rank of a severity name, and whether a reason is the posture rule's.
J_RANK='def rank: {"info": 0, "notice": 1, "warning": 2, "critical": 3}[.];'
J_POSTURE='startswith("severity raised: the container'"'"'s posture is weak")'

# assert_det BASE ID SEVERITY OUTCOME FLAGS DESC: an event matching the jq
# BASE raises ID with this severity, outcome and flags (space-separated), and
# has one reason per detection (plus runtime_setup's). The posture rule
# (docs/detections.md) may raise a weakly confined container's severity once
# its posture has been read: a higher severity is accepted only together with
# the reason that says so.
assert_det()
{
	local base=$1 id=$2 sev=$3 outcome=$4 flags=$5 desc=$6 f
	# shellcheck disable=SC2086 # flags is a list
	f="$J_RANK $base and $(f_det "$id") and .outcome == \"$outcome\" and $(f_flags $flags)
		and (if (.reasons | any($J_POSTURE)) then (.severity | rank) >= (\"$sev\" | rank)
		     else .severity == \"$sev\" end)
		and ([.reasons[] | select($J_POSTURE | not)] | length) ==
		    ((.detections | length) + (if (.flags | index([\"runtime_setup\"])) then 1 else 0 end))"
	assert_event "$CTW_OUT" "$f" "$desc" "$base"
}

# assert_quiet BASE ID DESC: events matching BASE exist (the action was seen)
# and none raises ID.
assert_quiet()
{
	local base=$1 id=$2 desc=$3
	assert_event "$CTW_OUT" "$base" "$desc: the event is reported" "$base" || return 1
	assert_no_event "$CTW_OUT" "$base and $(f_det "$id")" "$desc: no $id"
}

# assert_host_quiet PID ID DESC: with host_events flagged-only, no event of host
# process PID raised ID (a wrongly flagged event would have been written).
assert_host_quiet()
{
	assert_no_event "$CTW_OUT" "$(f_pid "$1") and .container == null and $(f_det "$2")" "$3"
}
