# shellcheck shell=bash
# Outputs against real receivers: rsyslog (unix datagram and TCP with octet
# counting), a TCP collector killed and restarted mid-stream, a receiver that
# reads one line per millisecond under a flood, logrotate during a steady
# stream, the journal's native socket in a private mount namespace, and
# --format falco, HTTP receivers (batched JSON lines with retries, and
# Falcosidekick's checks on one Falco event per request), and TLS receivers
# with a test CA (chain, server name and client certificate verified; tls://,
# syslog+tls://, https://). Events come from `trigger flood` (setuid(getuid()) in a loop,
# one setuid event each), filtered on the trigger's pid.

SINK_PORT_BASE=$((20000 + RANDOM % 20000))
SINK_PORT_NEXT=0

# next_port VAR: a loopback TCP port for this run, distinct per call, into VAR
# (not through $(...): the counter must survive the call).
next_port()
{
	SINK_PORT_NEXT=$((SINK_PORT_NEXT + 1))
	printf -v "$1" '%s' $((SINK_PORT_BASE + SINK_PORT_NEXT))
}

# Sum of ctrwatch_ringbuf_events_lost_total from the collector's metrics.
ring_lost()
{
	curl -s "http://$1/metrics" | awk '/^ctrwatch_ringbuf_events_lost_total/ { s += $2 } END { print s + 0 }'
}

# sink_stats NAME: "emitted delivered dropped" from the collector's final line.
sink_stats()
{
	sed -nE "s/.*output $1: ([0-9]+) emitted, ([0-9]+) delivered, ([0-9]+) dropped.*/\1 \2 \3/p" \
		"$CTW_ERR" | tail -n 1
}

# assert_accounting NAME: delivered + dropped = emitted, from the final line. Sets S_EMITTED...
assert_accounting()
{
	local stats
	stats=$(sink_stats "$1")
	read -r S_EMITTED S_DELIVERED S_DROPPED <<<"$stats"
	if [ -n "$stats" ] && [ $((S_DELIVERED + S_DROPPED)) -eq "$S_EMITTED" ]; then
		pass "output $1: delivered + dropped = emitted ($S_DELIVERED + $S_DROPPED = $S_EMITTED)"
	else
		fail "output $1: delivered + dropped = emitted" "final stats: '${stats:-none}'" \
			"$(grep 'output ' "$CTW_ERR" | tail -n 5)"
	fi
}

# wait_lines FILE N [SECONDS]: until FILE has at least N lines.
wait_lines()
{
	local waited=0
	while [ "$(wc -l <"$1" 2>/dev/null || echo 0)" -lt "$2" ]; do
		[ "$waited" -ge $((${3:-15} * 10)) ] && return 1
		sleep 0.1
		waited=$((waited + 1))
	done
}

# wait_quiet FILE: until FILE stops growing for half a second.
wait_quiet()
{
	local last=-1 now i
	for i in $(seq 60); do
		now=$(wc -c <"$1" 2>/dev/null || echo 0)
		[ "$now" -eq "$last" ] && return 0
		last=$now
		sleep 0.5
	done
}

# complete_lines FILE: the lines that end in a newline (a receiver drops a
# trailing fragment when its connection ends without one).
complete_lines()
{
	if [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" != '\n' ]; then
		sed '$d' "$1"
	else
		cat "$1"
	fi
}

# all_json DESC FILE...: every line of every FILE is one JSON object.
all_json()
{
	local desc=$1 bad
	shift
	bad=$(cat "$@" | jq -R -r 'try (fromjson | if type == "object" then empty else "not an object" end) catch "invalid JSON: \(.[0:120])"' 2>&1 | head -n 3)
	if [ -z "$bad" ]; then
		pass "$desc"
	else
		fail "$desc" "$bad"
	fi
}

flood_pid() { sed -nE 's/.*pid=([0-9]+) op=flood.*/\1/p' <<<"$1" | tail -n 1; }

sinks_rsyslog()
{
	local dir=$ITEST_TMP/rsyslog port out pid bad n want got procid
	command -v rsyslogd >/dev/null || { fail "rsyslogd installed (scripts/install-deps.sh)"; return; }
	mkdir -p "$dir/work"
	next_port port
	# A private instance: its own sockets and files, no /dev/log, no rate limit,
	# messages up to 64k, RFC 5424 parsed on both inputs.
	cat >"$dir/rsyslog.conf" <<-EOF
		global(workDirectory="$dir/work" maxMessageSize="64k")
		module(load="imuxsock" SysSock.Use="off")
		module(load="imtcp")
		template(name="fields" type="string" string="%pri%\t%msgid%\t%app-name%\t%procid%\t%hostname%\t%msg%\n")
		input(type="imuxsock" Socket="$dir/log.sock" UseSpecialParser="off" ParseHostname="on" RateLimit.Interval="0" CreatePath="on")
		input(type="imtcp" address="127.0.0.1" port="$port")
		if \$inputname == "imtcp" then {
			action(type="omfile" file="$dir/tcp.out" template="fields")
		} else {
			action(type="omfile" file="$dir/unix.out" template="fields")
		}
	EOF
	rsyslogd -n -f "$dir/rsyslog.conf" -i "$dir/rsyslogd.pid" >"$dir/rsyslogd.log" 2>&1 &
	register_pid $!
	for _ in $(seq 50); do
		[ -S "$dir/log.sock" ] && grep -q ":$(printf '%04X' "$port") " /proc/net/tcp && break
		sleep 0.1
	done
	ctw_start --metrics-addr off --events setuid --output "syslog:unix:$dir/log.sock" \
		--output "syslog+tcp://127.0.0.1:$port" || return
	out=$("$TRIGGER_HOST" flood 2000)
	pid=$(flood_pid "$out")
	want=2000
	wait_lines "$CTW_OUT" "$want"
	wait_lines "$dir/unix.out" "$want"
	wait_lines "$dir/tcp.out" "$want"
	ctw_stop
	for n in unix tcp; do
		# PRI = daemon (3) * 8 + the syslog severity of the event's severity.
		bad=$(jq -R -r --argjson pid "$pid" --argjson me "$(sed -n 1p "$dir/rsyslogd.pid" 2>/dev/null || echo 0)" '
			split("\t") as $f | ($f[5] | fromjson? // null) as $ev
			| if $ev == null then "unparseable MSG: \(.[0:160])"
			  elif $ev.process.pid != $pid then empty
			  elif ($f[0] | tonumber) != 24 + ({"critical": 2, "warning": 4, "notice": 5, "info": 6}[$ev.severity])
			    then "PRI \($f[0]) for severity \($ev.severity)"
			  elif $f[1] != $ev.type then "MSGID \($f[1]) for type \($ev.type)"
			  elif $f[2] != "ctrwatch" then "APP-NAME \($f[2])"
			  else empty end' "$dir/$n.out" 2>&1 | head -n 3)
		got=$(cut -f6- "$dir/$n.out" | count_events /dev/stdin "$(f_pid "$pid")")
		assert_eq "$got" "$want" "rsyslog over $n: every event arrives ($want)"
		if [ -z "$bad" ]; then
			pass "rsyslog over $n: MSG is the JSON event, PRI from severity, MSGID the type"
		else
			fail "rsyslog over $n: MSG is the JSON event, PRI from severity, MSGID the type" "$bad"
		fi
	done
	procid=$(cut -f4 "$dir/tcp.out" | sort -u | head -n 3 | tr '\n' ' ')
	[ "$(cut -f4 "$dir/tcp.out" | sort -u | wc -l)" -eq 1 ] && pass "PROCID is the collector's pid ($procid)" ||
		fail "PROCID is the collector's pid" "$procid"
	assert_accounting syslog
	assert_accounting syslog-2
	kill "$(cat "$dir/rsyslogd.pid")" 2>/dev/null
}

sinks_tcp_restart()
{
	local dir=$ITEST_TMP/tcp port mport maddr recv pid want got lost dups
	mkdir -p "$dir"
	next_port port
	next_port mport
	maddr=127.0.0.1:$mport
	socat -u "TCP-LISTEN:$port,reuseaddr" "OPEN:$dir/recv1.jsonl,creat,append" &
	recv=$!
	register_pid "$recv"
	sleep 0.3
	ctw_start --metrics-addr "$maddr" --events setuid --output "tcp://127.0.0.1:$port" || return
	# 3 s at 2000 events/s; the receiver dies at 1 s and is back at 2 s.
	"$TRIGGER_HOST" flood 6000 2000 >"$dir/flood.out" &
	local fl=$!
	sleep 1
	kill -KILL "$recv"
	wait "$recv" 2>/dev/null
	sleep 1
	socat -u "TCP-LISTEN:$port,reuseaddr" "OPEN:$dir/recv2.jsonl,creat,append" &
	recv=$!
	register_pid "$recv"
	wait "$fl"
	pid=$(flood_pid "$(cat "$dir/flood.out")")
	wait_quiet "$dir/recv2.jsonl"
	lost=$(ring_lost "$maddr")
	ctw_stop
	assert_eq "$lost" 0 "tcp restart: the ring buffer lost nothing"
	want=$(count_events "$CTW_OUT" "$(f_pid "$pid")")
	assert_eq "$want" 6000 "tcp restart: the collector saw every event"
	all_json "tcp restart: no partial line on the old connection (trailing fragment aside) or the new" \
		<(complete_lines "$dir/recv1.jsonl") "$dir/recv2.jsonl"
	assert_all_json "$dir/recv2.jsonl"
	# Every received line, the flood's and other setuid calls': what the sink counted.
	got=$(cat <(complete_lines "$dir/recv1.jsonl") "$dir/recv2.jsonl" | count_events /dev/stdin true)
	[ "$(wc -l <"$dir/recv2.jsonl")" -gt 0 ] && pass "tcp restart: reconnected, $(wc -l <"$dir/recv2.jsonl") lines after the restart" ||
		fail "tcp restart: reconnected after the restart" "$(grep 'output tcp' "$CTW_ERR")"
	dups=$(cat <(complete_lines "$dir/recv1.jsonl") "$dir/recv2.jsonl" | jq -R -r 'fromjson? | .time + " " + (.process.tid | tostring)' | sort | uniq -d | wc -l)
	assert_eq "$dups" 0 "tcp restart: no line received twice"
	assert_accounting tcp
	# What the dead receiver had not read from its socket was accepted by the
	# kernel (delivered) and died with it: TCP without acknowledgements.
	if [ "$got" -le "$S_DELIVERED" ] && [ $((got + S_DROPPED)) -le "$S_EMITTED" ]; then
		pass "tcp restart: received $got of $S_EMITTED, $S_DROPPED dropped (queued while down, counted), $((S_DELIVERED - got)) lost in the killed receiver's socket"
	else
		fail "tcp restart: received <= delivered" "received $got, stats $S_EMITTED/$S_DELIVERED/$S_DROPPED"
	fi
}

sinks_slow_receiver()
{
	local dir=$ITEST_TMP/slow port mport maddr out pid lost got
	mkdir -p "$dir"
	next_port port
	next_port mport
	maddr=127.0.0.1:$mport
	# Reads one line per millisecond with a small receive buffer.
	python3 - "$port" "$dir/recv.jsonl" <<-'EOF' &
		import socket, sys, time
		s = socket.socket()
		s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
		s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
		s.bind(("127.0.0.1", int(sys.argv[1])))
		s.listen(1)
		c, _ = s.accept()
		with open(sys.argv[2], "wb", buffering=0) as out:
		    for line in c.makefile("rb"):
		        out.write(line)
		        time.sleep(0.001)
	EOF
	register_pid $!
	sleep 0.5
	ctw_start --metrics-addr "$maddr" --events setuid --output "tcp://127.0.0.1:$port?queue=64K" || return
	out=$("$TRIGGER_HOST" flood 50000)
	pid=$(flood_pid "$out")
	sleep 1
	lost=$(ring_lost "$maddr")
	ctw_stop
	assert_eq "$lost" 0 "slow receiver: the ring buffer lost nothing under the flood"
	assert_eq "$(count_events "$CTW_OUT" "$(f_pid "$pid")")" 50000 "slow receiver: the file output has every event"
	assert_accounting tcp
	[ "$S_DROPPED" -gt 0 ] && pass "slow receiver: the full queue dropped $S_DROPPED events, counted" ||
		fail "slow receiver: the full queue drops and counts" "stats $S_EMITTED/$S_DELIVERED/$S_DROPPED"
	grep -q "output tcp: .* dropped since the last report" "$CTW_ERR" &&
		pass "slow receiver: drops are logged" || fail "slow receiver: drops are logged" "$(tail -n 5 "$CTW_ERR")"
	got=$(wc -l <"$dir/recv.jsonl")
	[ "$got" -le "$S_DELIVERED" ] && pass "slow receiver: received $got <= delivered $S_DELIVERED" ||
		fail "slow receiver: received <= delivered" "received $got, delivered $S_DELIVERED"
	all_json "slow receiver: every received line is JSON" <(complete_lines "$dir/recv.jsonl")
}

# One fast file output and one FIFO read at ~1000 lines/s: the slow output's
# queue drops and counts, the consumer never waits for it, so the ring buffer
# loses nothing and the fast file gets every event.
sinks_isolation()
{
	local dir=$ITEST_TMP/isolation mport maddr out pid lost m_dropped got
	mkdir -p "$dir"
	next_port mport
	maddr=127.0.0.1:$mport
	mkfifo "$dir/slow.fifo"
	python3 - "$dir/slow.fifo" "$dir/slow.jsonl" <<-'EOF' &
		import sys, time
		with open(sys.argv[1], "rb") as fifo, open(sys.argv[2], "wb", buffering=0) as out:
		    for line in fifo:
		        out.write(line)
		        time.sleep(0.001)
	EOF
	register_pid $!
	ctw_start --metrics-addr "$maddr" --events setuid --output "$dir/slow.fifo" || return
	out=$("$TRIGGER_HOST" flood 50000)
	pid=$(flood_pid "$out")
	sleep 1
	lost=$(ring_lost "$maddr")
	m_dropped=$(curl -s "http://$maddr/metrics" | awk '/^ctrwatch_sink_events_dropped_total\{sink="file-2"\}/ { print $2 }')
	ctw_stop
	assert_eq "$lost" 0 "isolation: the ring buffer lost nothing behind the slow FIFO"
	assert_eq "$(count_events "$CTW_OUT" "$(f_pid "$pid")")" 50000 "isolation: the fast file output has every event"
	assert_accounting file-2
	if [ "${m_dropped:-0}" -gt 0 ] && [ "$S_DROPPED" -gt 0 ]; then
		pass "isolation: the slow output dropped and counted ($m_dropped in ctrwatch_sink_events_dropped_total{sink=\"file-2\"} during the run, $S_DROPPED at exit)"
	else
		fail "isolation: the slow output drops and counts per sink" "metrics: '${m_dropped:-none}', final: $S_EMITTED/$S_DELIVERED/$S_DROPPED"
	fi
	got=$(complete_lines "$dir/slow.jsonl" | wc -l)
	[ "$got" -le "$S_DELIVERED" ] && pass "isolation: the FIFO reader got $got <= delivered $S_DELIVERED" ||
		fail "isolation: the FIFO reader got <= delivered" "got $got, delivered $S_DELIVERED"
	all_json "isolation: every line through the FIFO is JSON" <(complete_lines "$dir/slow.jsonl")
}

# Shutdown behind a slow reader is bounded: stdout read at ~2,000 lines/s, a
# 200,000-event burst, then SIGTERM. The collector exits 0 within
# --drain-timeout + 1 s, counts what it could not write as dropped, and every
# event is accounted for: emitted + lost = generated, delivered + dropped =
# emitted. A file output beside stdout gets every event read, so setuid calls
# of other processes on the host during the burst are counted exactly too.
sinks_drain_timeout()
{
	local dir=$ITEST_TMP/drain mport maddr err reader cpid out pid lost t0 ms rc
	local line e d x flood_lines other want all
	mkdir -p "$dir"
	next_port mport
	maddr=127.0.0.1:$mport
	err=$dir/ctrwatch.log
	mkfifo "$dir/stdout.fifo"
	python3 - "$dir/stdout.fifo" "$dir/read.jsonl" <<-'EOF' &
		import sys, time
		with open(sys.argv[1], "rb") as fifo, open(sys.argv[2], "wb", buffering=0) as out:
		    for line in fifo:
		        out.write(line)
		        time.sleep(0.0005)
	EOF
	reader=$!
	register_pid "$reader"
	# The file beside the slow stdout is the fast output: on tmpfs, so that
	# 240 MB of lines in a second are not throttled by the disk's writeback
	# (on a busy CI disk that made the file's own queue fill and drop).
	mkdir -p "$dir/fast"
	mount -t tmpfs -o size=1g tmpfs "$dir/fast" || { fail "drain: a tmpfs for the fast file"; return; }
	register_mount "$dir/fast"
	all=$dir/fast/all.jsonl
	: >"$err" # the shell opens the FIFO (waiting for its reader) before stderr
	"$CTW_BIN" --config /dev/null --events setuid --metrics-addr "$maddr" --drain-timeout 2 \
		--output stdout --output "$all" >"$dir/stdout.fifo" 2>"$err" &
	cpid=$!
	register_pid "$cpid"
	for _ in $(seq 600); do
		grep -qw ready "$err" && break
		sleep 0.1
	done
	grep -qw ready "$err" || { fail "drain: the collector gets ready" "$(tail -n 5 "$err")"; return; }
	out=$("$TRIGGER_HOST" flood 200000)
	pid=$(flood_pid "$out")
	sleep 0.5
	lost=$(ring_lost "$maddr")
	t0=$(date +%s%N)
	kill -TERM "$cpid"
	wait "$cpid"
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	wait "$reader"
	if [ "$rc" = 0 ] && [ "$ms" -le 3000 ]; then
		pass "drain: exit 0 ${ms} ms after SIGTERM behind a ~2,000 lines/s reader (--drain-timeout 2: at most 3000 ms)"
	else
		fail "drain: exit 0 within --drain-timeout + 1 s" "exit $rc after ${ms} ms" "$(tail -n 5 "$err")"
	fi
	line=$(grep 'shutdown: drained in' "$err")
	grep -q 'lines still queued at the timeout counted as dropped (stdout [1-9]' <<<"$line" &&
		pass "drain: one line with the figures: ${line#*: }" ||
		fail "drain: one shutdown line counting what was left as dropped for stdout" "$(tail -n 5 "$err")"
	read -r e d x <<<"$(sed -nE 's/.*output stdout: ([0-9]+) emitted, ([0-9]+) delivered, ([0-9]+) dropped.*/\1 \2 \3/p' "$err")"
	flood_lines=$(count_events "$all" "$(f_pid "$pid")")
	other=$(($(wc -l <"$all") - flood_lines))
	want=$((200000 + other))
	if [ "$(wc -l <"$all")" = "$e" ]; then
		pass "drain: the file output beside the slow stdout got every event read"
	else
		fail "drain: the file output beside the slow stdout got every event read" \
			"got $(wc -l <"$all"), want ${e:-?}" "$(grep 'output file' "$err")"
	fi
	if [ -n "$e" ] && [ $((d + x)) -eq "$e" ] && [ $((e + lost)) -eq "$want" ]; then
		pass "drain: every event accounted for: stdout emitted $e (delivered $d + dropped $x) + lost $lost = generated 200000 + $other setuid calls of other processes"
	else
		fail "drain: emitted + lost = generated, delivered + dropped = emitted" \
			"emitted ${e:-?} delivered ${d:-?} dropped ${x:-?} lost $lost; generated 200000 + $other other"
	fi
	[ "$(complete_lines "$dir/read.jsonl" | wc -l)" -le "$d" ] &&
		pass "drain: the reader got no more lines than delivered" ||
		fail "drain: the reader got no more lines than delivered" "$(wc -l <"$dir/read.jsonl") > $d"
	all_json "drain: every line the reader got is JSON" <(complete_lines "$dir/read.jsonl")
	umount "$dir/fast"
}

sinks_logrotate()
{
	local dir=$ITEST_TMP/rotate pid f total
	command -v logrotate >/dev/null || { fail "logrotate installed (scripts/install-deps.sh)"; return; }
	mkdir -p "$dir"
	ctw_start --metrics-addr off --events setuid --output "file:$dir/events.jsonl" || return
	# The shipped snippet, its glob unchanged but moved from /var/log/ctrwatch
	# to $dir, matching the file name the shipped config writes; pointed at
	# this collector and uncompressed, so that every generation can be read back.
	sed -e "s|/var/log/ctrwatch/|$dir/|" -e '/compress/d' \
		-e "s|systemctl kill .*|kill -HUP $CTW_PID|" packaging/logrotate.d/ctrwatch >"$dir/logrotate.conf"
	"$TRIGGER_HOST" flood 6000 2000 >"$dir/flood.out" &
	local fl=$!
	sleep 0.8
	logrotate -f -s "$dir/state" "$dir/logrotate.conf" || fail "logrotate runs" "$(logrotate -d -f -s "$dir/state" "$dir/logrotate.conf" 2>&1 | tail -n 5)"
	sleep 1
	logrotate -f -s "$dir/state" "$dir/logrotate.conf"
	wait "$fl"
	pid=$(flood_pid "$(cat "$dir/flood.out")")
	sleep 0.5
	ctw_stop
	for f in "$dir"/events.jsonl*; do
		assert_all_json "$f"
	done
	assert_eq "$(find "$dir" -name 'events.jsonl*' | wc -l)" 3 "logrotate: two rotations, three files"
	total=$(cat "$dir"/events.jsonl* | count_events /dev/stdin "$(f_pid "$pid")")
	assert_eq "$total" 6000 "logrotate: the files together hold every event"
	assert_eq "$(cat "$dir"/events.jsonl* | jq -R -r 'fromjson? | .time + " " + (.process.tid|tostring)' | sort | uniq -d | wc -l)" 0 \
		"logrotate: no event written twice"
	[ -s "$dir/events.jsonl.1" ] && [ -s "$dir/events.jsonl.2" ] && pass "logrotate: events in every generation" ||
		fail "logrotate: events in every generation" "$(wc -l "$dir"/events.jsonl*)"
}

sinks_journal()
{
	local dir=$ITEST_TMP/journal recv real pid out bad want host_had=""
	mkdir -p "$dir"
	[ -e /run/systemd/journal/socket ] && host_had=1
	# The receiver binds /run/systemd/journal/socket on a tmpfs over /run in its
	# own mount namespace; the collector joins that namespace. The host's /run
	# is untouched.
	cat >"$dir/recv.py" <<-'EOF'
		import json, os, socket, struct, sys
		os.makedirs("/run/systemd/journal", exist_ok=True)
		s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
		s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
		s.bind("/run/systemd/journal/socket")
		open(sys.argv[2], "w").close()
		with open(sys.argv[1], "w", buffering=1) as out:
		    while True:
		        d, i, fields = s.recv(1 << 20), 0, {}
		        while i < len(d):
		            nl = d.index(b"\n", i)
		            line = d[i:nl]
		            if b"=" in line:
		                k, v = line.split(b"=", 1)
		                i = nl + 1
		            else:  # binary-safe: KEY\n, le64 length, value, \n
		                k = line
		                n = struct.unpack("<Q", d[nl + 1:nl + 9])[0]
		                v = d[nl + 9:nl + 9 + n]
		                i = nl + 9 + n + 1
		            fields[k.decode()] = v.decode()
		        out.write(json.dumps(fields) + "\n")
	EOF
	unshare -m --propagation private -- sh -c \
		'mount -t tmpfs -o mode=755 tmpfs /run && exec python3 "$0" "$1" "$2"' \
		"$dir/recv.py" "$dir/entries.jsonl" "$dir/ready" &
	recv=$!
	register_pid "$recv"
	for _ in $(seq 50); do [ -e "$dir/ready" ] && break; sleep 0.1; done
	if [ -e /run/systemd/journal/socket ] && [ -z "$host_had" ]; then
		fail "journal: the host's /run/systemd/journal is untouched" "a socket appeared there"
	fi
	real=$CTW_BIN
	printf '#!/bin/sh\nexec nsenter -t %s -m -- "%s" "$@"\n' "$recv" "$real" >"$dir/ctw-in-ns"
	chmod 755 "$dir/ctw-in-ns"
	CTW_BIN=$dir/ctw-in-ns
	ctw_start --metrics-addr off --events setuid --output journal
	local started=$?
	CTW_BIN=$real
	[ "$started" -eq 0 ] || return
	out=$("$TRIGGER_HOST" flood 500)
	pid=$(flood_pid "$out")
	local id
	id=$(hex64)
	ctr_run "sinkj-${id:0:8}" "$(cg_docker "$id")" -- /bin/trigger setuid 0
	want=500
	wait_lines "$CTW_OUT" $((want + 1))
	wait_lines "$dir/entries.jsonl" $((want + 1))
	ctw_stop
	assert_eq "$(jq -c --argjson pid "$pid" 'select((.CTRWATCH_EVENT | fromjson).process.pid == $pid)' "$dir/entries.jsonl" | wc -l)" \
		"$want" "journal: every event is one entry ($want)"
	bad=$(jq -r '(.CTRWATCH_EVENT | fromjson) as $ev
		| if .SYSLOG_IDENTIFIER != "ctrwatch" then "SYSLOG_IDENTIFIER \(.SYSLOG_IDENTIFIER)"
		  elif .PRIORITY != ({"critical": "2", "warning": "4", "notice": "5", "info": "6"}[$ev.severity]) then "PRIORITY \(.PRIORITY) for \($ev.severity)"
		  elif .CTRWATCH_TYPE != $ev.type then "CTRWATCH_TYPE \(.CTRWATCH_TYPE)"
		  elif .CTRWATCH_SEVERITY != $ev.severity then "CTRWATCH_SEVERITY \(.CTRWATCH_SEVERITY)"
		  elif (.MESSAGE | length) == 0 or (.MESSAGE | test("\n")) then "MESSAGE \(.MESSAGE)"
		  elif ($ev.container != null) and .CONTAINER_ID != $ev.container.id[0:12] then "CONTAINER_ID \(.CONTAINER_ID)"
		  elif ($ev.container == null) and has("CONTAINER_ID") then "CONTAINER_ID on a host event"
		  else empty end' "$dir/entries.jsonl" 2>&1 | head -n 3)
	if [ -z "$bad" ]; then
		pass "journal: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, CTRWATCH_TYPE/SEVERITY, CONTAINER_ID, CTRWATCH_EVENT"
	else
		fail "journal: fields of every entry" "$bad"
	fi
	assert_eq "$(jq -r --arg id "${id:0:12}" 'select(.CONTAINER_ID == $id) | .CTRWATCH_TYPE' "$dir/entries.jsonl" | sort -u | head -n 1)" \
		setuid "journal: the container's event carries CONTAINER_ID (short id)"
	assert_accounting journal
	kill "$recv" 2>/dev/null
}

sinks_falco()
{
	local pid f mod
	# --falco-events all: every event, in Falco's shape.
	NODE_NAME=falco-node ctw_start --metrics-addr off --events setuid --format falco --falco-events all || return
	run_trigger setuid 0
	pid=$TRIG_PID
	f=".output_fields[\"proc.pid\"] == $pid"
	assert_event "$CTW_OUT" "$f and (.time | type == \"string\") and (.rule | type == \"string\") and (.output | type == \"string\") and .source == \"syscall\" and (.hostname | type == \"string\") and (.tags | type == \"array\") and (.output_fields | type == \"object\")" \
		"falco: time, rule, priority, output, output_fields, source, hostname, tags" "$f"
	assert_event "$CTW_OUT" "$f and (.priority | IN(\"Critical\", \"Warning\", \"Notice\", \"Informational\"))" \
		"falco: priority is a Falco priority name" "$f"
	assert_event "$CTW_OUT" "$f and .output_fields[\"evt.type\"] == \"setuid\" and .output_fields[\"proc.name\"] == \"trigger\" and .output_fields[\"user.uid\"] == 0 and .output_fields[\"container.id\"] == \"host\" and .output_fields[\"evt.res\"] == \"SUCCESS\"" \
		"falco: output_fields evt.type, proc.name, user.uid, container.id, evt.res" "$f"
	assert_event "$CTW_OUT" "$f and ([.output_fields[] | type] | all(. != \"object\" and . != \"array\"))" \
		"falco: output_fields is flat" "$f"
	assert_event "$CTW_OUT" "$f and .hostname == \"falco-node\"" "falco: hostname is the node name (NODE_NAME)" "$f"
	ctw_stop
	# Falco's shape has no version field; docs/falco-format.md says schema_version is not carried.
	assert_no_event "$CTW_OUT" 'tostring | contains("schema_version")' \
		"falco: no schema_version at any level (native format only)"

	# The default: like Falco, rule matches only. A host module load fires
	# CTW-013 (an attempt, on a kernel without modules: reported with
	# --syscall-fallback on); a root setuid(0) on the host fires nothing.
	ctw_start --metrics-addr off --events setuid,module_load --format falco --syscall-fallback on || return
	run_trigger setuid 0
	pid=$TRIG_PID
	run_trigger init-module
	mod=$TRIG_PID
	ctw_stop
	expect_event "$CTW_OUT" ".output_fields[\"proc.pid\"] == $mod and (.rule | endswith(\"(CTW-013)\")) and (.tags | index(\"CTW-013\"))" \
		"falco (default): a detection is written as its rule" ".output_fields[\"proc.pid\"] == $mod"
	assert_no_event "$CTW_OUT" ".output_fields[\"proc.pid\"] == $pid" \
		"falco (default): an event no detection flagged is not written"
	assert_no_event "$CTW_OUT" "(.rule | startswith(\"ctrwatch \"))" \
		"falco (default): no pseudo-rule \"ctrwatch <type> event\""
	assert_no_event "$CTW_OUT" "(.hostname | type) != \"string\" or .hostname == \"\"" \
		"falco (default): hostname always set"
}

EVENT_RECEIVER=${EVENT_RECEIVER:-tests/tools/event_receiver.py}

# wait_listen PORT: until something accepts connections on 127.0.0.1:PORT.
wait_listen()
{
	local i
	for i in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

sinks_http()
{
	local dir=$ITEST_TMP/http port fport pid out mod max bad
	mkdir -p "$dir"
	next_port port
	next_port fport
	# Native JSON lines, batched; the first two requests are answered 503. The
	# queue holds the whole flood while the sender backs off: 2000 lines of
	# ~600-700 bytes (lineage, cwd) fill 1 MiB, and drops are not what this
	# checks (the slow receiver below does).
	: >"$dir/recv.jsonl"
	: >"$dir/falco.jsonl"
	python3 "$EVENT_RECEIVER" http --ndjson --fail-first 2 --port "$port" --out "$dir/recv.jsonl" &
	register_pid $!
	wait_listen "$port" || { fail "http: the receiver listens"; return; }
	ctw_start --metrics-addr off --events setuid --output "http://127.0.0.1:$port/ingest?queue=4M" || return
	out=$("$TRIGGER_HOST" flood 2000 2000)
	pid=$(flood_pid "$out")
	wait_lines "$dir/recv.jsonl" 2000 20
	ctw_stop
	assert_eq "$(count_events "$dir/recv.jsonl" "$(f_pid "$pid")")" 2000 \
		"http: every event of the flood reached the receiver despite two 503s (retried)"
	assert_all_json "$dir/recv.jsonl"
	assert_eq "$(cat "$dir/recv.jsonl.rejected" 2>/dev/null | wc -l)" 0 "http: no request refused"
	max=$(sort -n "$dir/recv.jsonl.requests" | tail -n 1)
	[ "${max:-0}" -gt 1 ] && pass "http: JSON lines go in batches (up to $max a request, $(wc -l <"$dir/recv.jsonl.requests") requests)" ||
		fail "http: JSON lines go in batches" "largest request: ${max:-none}"
	assert_accounting http
	assert_eq "$S_DROPPED" 0 "http: nothing dropped"

	# Falco events for Falcosidekick's "/": one per request, each passing its checks.
	python3 "$EVENT_RECEIVER" http --falco --port "$fport" --out "$dir/falco.jsonl" &
	register_pid $!
	wait_listen "$fport" || { fail "http falco: the receiver listens"; return; }
	ctw_start --metrics-addr off --events setuid,module_load --format falco --syscall-fallback on \
		--output "http://127.0.0.1:$fport/" || return
	run_trigger init-module
	mod=$TRIG_PID
	wait_lines "$dir/falco.jsonl" 1 10
	ctw_stop
	expect_event "$dir/falco.jsonl" ".output_fields[\"proc.pid\"] == $mod and (.rule | endswith(\"(CTW-013)\"))" \
		"http falco: the detection reached the receiver as its rule, with Falcosidekick's fields" \
		".output_fields[\"proc.pid\"] == $mod"
	bad=$(cat "$dir/falco.jsonl.rejected" 2>/dev/null | head -n 3)
	[ -z "$bad" ] && pass "http falco: Falcosidekick's checks (priority, rule, time, output_fields, output) refused nothing" ||
		fail "http falco: Falcosidekick's checks refused nothing" "$bad"
	[ -s "$dir/falco.jsonl.requests" ] && ! grep -qv '^1$' "$dir/falco.jsonl.requests" &&
		pass "http falco: one event per request" ||
		fail "http falco: one event per request" "$(sort | uniq -c <"$dir/falco.jsonl.requests")"
	assert_accounting http
}

sinks_tls()
{
	local dir=$ITEST_TMP/tls ca port hport sport pid out q frames
	mkdir -p "$dir"
	command -v openssl >/dev/null || { fail "openssl installed (scripts/install-deps.sh)"; return; }
	ca=$dir/ca
	make_test_ca "$ca" || { fail "tls: a test CA" "$(cat "$ca/openssl.log")"; return; }
	next_port port
	next_port hport
	next_port sport
	# The receivers require a client certificate from the test CA.
	python3 "$EVENT_RECEIVER" tls --port "$port" --out "$dir/recv.jsonl" --cert "$ca/server.pem" \
		--key "$ca/server.key" --client-ca "$ca/ca.pem" &
	register_pid $!
	python3 "$EVENT_RECEIVER" http --ndjson --port "$hport" --out "$dir/https.jsonl" \
		--cert "$ca/server.pem" --key "$ca/server.key" --client-ca "$ca/ca.pem" &
	register_pid $!
	python3 "$EVENT_RECEIVER" tls --port "$sport" --out "$dir/syslog.raw" --cert "$ca/server.pem" \
		--key "$ca/server.key" --client-ca "$ca/ca.pem" &
	register_pid $!
	wait_listen "$port" && wait_listen "$hport" && wait_listen "$sport" || { fail "tls: the receivers listen"; return; }
	: >"$dir/recv.jsonl"
	: >"$dir/https.jsonl"
	: >"$dir/syslog.raw"
	q="ca=$ca/ca.pem&cert=$ca/client.pem&key=$ca/client.key"
	# tls: verified; tls-2: a name the certificate does not carry; tls-3: the
	# wrong CA; https: the HTTP output over TLS with the client certificate.
	ctw_start --metrics-addr off --events setuid \
		--output "tls://localhost:$port?$q" \
		--output "tls://127.0.0.1:$port?$q&server_name=wrong.example" \
		--output "tls://localhost:$port?ca=$ca/other-ca.pem&cert=$ca/client.pem&key=$ca/client.key" \
		--output "https://localhost:$hport/?$q" \
		--output "syslog+tls://localhost:$sport?$q" || return
	out=$("$TRIGGER_HOST" flood 500 1000)
	pid=$(flood_pid "$out")
	wait_lines "$dir/recv.jsonl" 500 15
	wait_lines "$dir/https.jsonl" 500 15
	# The collector reports its outputs' state once a second.
	for _ in $(seq 50); do
		grep -q "output tls-3: destination unreachable" "$CTW_ERR" && break
		sleep 0.1
	done
	ctw_stop
	assert_eq "$(count_events "$dir/recv.jsonl" "$(f_pid "$pid")")" 500 \
		"tls: every event reached the TLS receiver once (chain, name and client certificate verified; refused outputs sent nothing)"
	assert_all_json "$dir/recv.jsonl"
	assert_eq "$(count_events "$dir/https.jsonl" "$(f_pid "$pid")")" 500 "https: every event reached the HTTPS receiver"
	assert_accounting tls
	assert_accounting https
	assert_accounting syslog
	# RFC 5425: octet-counted RFC 5424 messages, the event as MSG.
	wait_quiet "$dir/syslog.raw"
	frames=$(python3 - "$dir/syslog.raw" "$pid" <<-'EOF'
		import json, re, sys
		data, pid, n, bad = open(sys.argv[1], "rb").read(), int(sys.argv[2]), 0, 0
		while data:
		    m = re.match(rb"([1-9][0-9]*) ", data)
		    if not m:
		        bad += 1
		        break
		    end = m.end() + int(m.group(1))
		    if end > len(data):
		        bad += 1
		        break
		    msg, data = data[m.end():end], data[end:]
		    head = re.match(rb"<[0-9]+>1 \S+ \S+ ctrwatch \S+ \S+ - ", msg)
		    if not head:
		        bad += 1
		        continue
		    if json.loads(msg[head.end():]).get("process", {}).get("pid") == pid:
		        n += 1
		print(n if not bad else "malformed")
	EOF
	)
	assert_eq "$frames" 500 "syslog+tls: every event as an octet-counted RFC 5424 message over TLS"
	assert_accounting tls-2
	assert_eq "$S_DELIVERED" 0 "tls: a server name the certificate lacks is refused (nothing delivered)"
	assert_accounting tls-3
	assert_eq "$S_DELIVERED" 0 "tls: a chain to another CA is refused (nothing delivered)"
	grep -q "output tls-2: destination unreachable (TLS: the server's certificate is not trusted or does not match its name)" "$CTW_ERR" &&
		grep -q "output tls-3: destination unreachable (TLS: the server's certificate is not trusted" "$CTW_ERR" &&
		pass "tls: each refusal is logged with its reason" ||
		fail "tls: each refusal is logged with its reason" "$(grep 'output tls' "$CTW_ERR" | head -n 5)"
	# A CA file that does not exist stops start-up, naming it.
	out=$("$CTW_BIN" --check-config --output "tls://localhost:$port?ca=$dir/nope.pem" 2>&1)
	assert_eq "$?" 2 "tls: --check-config refuses a missing CA file (exit 2)"
	grep -q "nope.pem" <<<"$out" && pass "tls: the message names the file" ||
		fail "tls: the message names the file" "$out"
}

family_sinks()
{
	sinks_falco
	sinks_rsyslog
	sinks_tcp_restart
	sinks_slow_receiver
	sinks_isolation
	sinks_drain_timeout
	sinks_logrotate
	sinks_journal
	sinks_http
	sinks_tls
}
