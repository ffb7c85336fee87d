# shellcheck shell=bash
# Sensitive host files written from a container through a mounted path:
# file_write records of kind sensitive_file (CTW-037 ld.so.preload, CTW-038
# the rest of the sensitive_files list), and link records of symlinks and hard
# links to or over such names (CTW-039). A temporary directory stands in for
# the host's /etc, bind-mounted into the container at /hostetc; the real /etc
# is never opened. dettrig opens for writing and closes: nothing is written.

# shellcheck source=detect_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/detect_lib.sh"

family_detect_sensitive()
{
	local id f etc cfg bind hostpid hostlinkpid legacy=""

	det_init
	etc=$ITEST_TMP/sensitive-etc
	mkdir -p "$etc"
	: >"$etc/ld.so.preload"
	: >"$etc/shadow"
	: >"$etc/passwd"
	: >"$etc/ctw-secret.conf"
	: >"$etc/hostname"
	# The list replaces the defaults: passwd is left out, a name of our own is in.
	cfg=$ITEST_TMP/detect-sensitive.yaml
	printf 'host_events: flagged-only\nsensitive_files: [/etc/ld.so.preload, /etc/shadow, /srv/ctw-secret.conf]\n' >"$cfg"
	ctw_start --metrics-addr off --config "$cfg" || return

	# A container with its own writable layer (overlay) and the stand-in for
	# the host's /etc mounted at /hostetc.
	bind=".mounts += [{destination: \"/hostetc\", type: \"bind\", source: \"$etc\", options: [\"rbind\", \"rw\"]}]"
	id=$(hex64)
	det_run sens-rw "$(cg_docker "$id")" "$bind" --overlay -- sh -c '
		dettrig open /hostetc/ld.so.preload w
		dettrig open /hostetc/shadow rw
		dettrig open /hostetc/ctw-secret.conf w
		ln -s /hostetc/ld.so.preload /tmp/innocent
		dettrig open /tmp/innocent w
		dettrig open /hostetc/ld.so.preload r
		dettrig open /hostetc/passwd w
		dettrig open /hostetc/hostname w
		touch /etc/ld.so.preload
		dettrig open /etc/ld.so.preload w'
	det_ran "container wrote through its mounted /hostetc and its own layer"
	f="$(f_trig "$id" dettrig) and .type == \"file_write\" and .args.kind == \"sensitive_file\""
	assert_det "$f and .args.name == \"ld.so.preload\" and (.args.open_flags | index([\"O_WRONLY\"]))" \
		CTW-037 critical succeeded container_escape \
		"CTW-037: write-open of ld.so.preload through a mounted path: critical"
	assert_count "$CTW_OUT" "$f and .args.name == \"ld.so.preload\" and $(f_det CTW-037)" -eq 2 \
		"CTW-037: the open through a symlink in the container's own layer counts too (the opened file decides)"
	assert_det "$f and .args.name == \"shadow\" and (.args.open_flags | index([\"O_RDWR\"]))" \
		CTW-038 warning succeeded container_escape \
		"CTW-038: read-write open of shadow through a mounted path: warning"
	assert_det "$f and .args.name == \"ctw-secret.conf\"" \
		CTW-038 warning succeeded container_escape \
		"CTW-038: a name the config added is matched in the kernel"
	assert_event "$CTW_OUT" "$f and .args.name == \"shadow\" and (.reasons | any(contains(\"password hashes\")))" \
		"CTW-038: the reason says what the file gives"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"file_write\" and (.args.open_flags | index([\"O_RDONLY\"]))" \
		"read-only open of ld.so.preload: no file_write event"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"file_write\" and (.args.name == \"passwd\" or .args.name == \"hostname\")" \
		"write-opens of names not on the configured list: no file_write event"
	assert_count "$CTW_OUT" "$(f_ctr "$id") and .type == \"file_write\" and .args.name == \"ld.so.preload\"" -eq 2 \
		"the container's own /etc/ld.so.preload (its root mount): no file_write event"
	assert_det "$(f_ctr "$id") and .process.comm == \"ln\" and .type == \"link\" and .args.target == \"/hostetc/ld.so.preload\" and .args.matched == [\"target\"]" \
		CTW-039 warning succeeded container_escape \
		"CTW-039: ln -s of a path ending in ld.so.preload in a container: warning"

	# Links: to and over sensitive names, in the shared directory and the
	# container's own layer; legacy symlink(2)/link(2) on x86_64.
	[ "$(uname -m)" = x86_64 ] && legacy="dettrig link /hostetc/shadow /hostetc/shadow.old legacy"
	id=$(hex64)
	det_run sens-link "$(cg_docker "$id")" "$bind" --overlay -- sh -c "
		dettrig symlink /etc/shadow /hostetc/app.log
		dettrig link /hostetc/shadow /hostetc/shadow.bak
		dettrig symlink /tmp/evil.so /hostetc/ld.so.preload
		dettrig symlink /etc/hostname /hostetc/hn
		dettrig link /hostetc/hostname /hostetc/hostname.bak
		$legacy"
	det_ran "container made its links" 0
	f="$(f_trig "$id" dettrig) and .type == \"link\""
	assert_det "$f and .syscall == \"symlinkat\" and .args.link_type == \"symbolic\" and .args.target == \"/etc/shadow\" and .args.path == \"/hostetc/app.log\" and .args.matched == [\"target\"] and .args.newdirfd == -100" \
		CTW-039 warning succeeded container_escape \
		"CTW-039: symlink pointing at /etc/shadow left in a shared directory: warning"
	assert_det "$f and .syscall == \"linkat\" and .args.link_type == \"hard\" and .args.target == \"/hostetc/shadow\" and .args.path == \"/hostetc/shadow.bak\"" \
		CTW-039 warning succeeded container_escape \
		"CTW-039: hard link to a mounted shadow: warning"
	assert_det "$f and .syscall == \"symlinkat\" and .args.path == \"/hostetc/ld.so.preload\" and .args.matched == [\"path\"] and .ret == -17" \
		CTW-039 notice denied container_escape \
		"CTW-039: symlink over an existing ld.so.preload (EEXIST): denied, notice"
	if [ -n "$legacy" ]; then
		assert_det "$f and .syscall == \"link\" and .args.path == \"/hostetc/shadow.old\" and (.args | has(\"newdirfd\") | not)" \
			CTW-039 warning succeeded container_escape \
			"CTW-039: link(2), the legacy call, to shadow: warning"
	fi
	assert_no_event "$CTW_OUT" "$f and (.args.target == \"/etc/hostname\" or .args.target == \"/hostetc/hostname\")" \
		"links to names not on the list: no link event (dropped in the kernel)"

	# Refused by seccomp: the arguments are read at sys_exit.
	id=$(hex64)
	det_run sens-seccomp "$(cg_docker "$id")" . --deny symlinkat -- \
		dettrig symlink /etc/shadow /tmp/s
	f="$(f_trig "$id" dettrig) and .type == \"link\""
	assert_det "$f and .syscall == \"symlinkat\" and .args.target == \"/etc/shadow\" and (.args_unknown | not)" \
		CTW-039 notice denied container_escape \
		"CTW-039: symlinkat refused by seccomp keeps its arguments: denied, notice"

	# A read-only mount: the write-open fails with EROFS and opens no file,
	# so there is nothing to report (the probe looks at opened files).
	id=$(hex64)
	det_run sens-ro "$(cg_docker "$id")" "${bind/rw/ro}" -- \
		dettrig open /hostetc/ld.so.preload w
	det_ran "container tried to write a read-only /hostetc" 1
	assert_eq "$(grep -c 'op=open ret=-1 errno=30' <<<"$CTR_OUT")" 1 "write-open on the read-only mount fails with EROFS"
	assert_no_event "$CTW_OUT" "$(f_ctr "$id") and .type == \"file_write\"" \
		"refused write-open (read-only mount): no file_write event"

	# The host writes its own files (a package manager, passwd): dropped in the kernel.
	TRIG_OUT=$("$DETTRIG" open "$etc/ld.so.preload" w 2>&1)
	trigger_parse "$TRIG_OUT" open
	hostpid=$TRIG_PID
	TRIG_OUT=$("$DETTRIG" symlink /etc/shadow "$etc/host-shadow-link" 2>&1)
	trigger_parse "$TRIG_OUT" symlinkat
	hostlinkpid=$TRIG_PID
	ctw_stop
	assert_host_quiet "$hostpid" CTW-037 "host writes ld.so.preload: no CTW-037"
	assert_no_event "$CTW_OUT" "$(f_pid "$hostpid") and .type == \"file_write\"" \
		"host write-open of ld.so.preload: no file_write event"
	assert_no_event "$CTW_OUT" "$(f_pid "$hostlinkpid") and .type == \"link\"" \
		"host symlink to /etc/shadow: no link event (the host's links are not recorded)"
}
