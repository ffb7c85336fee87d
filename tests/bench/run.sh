#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# make bench: what ctrwatch costs, as ratios measured inside one run.
# Root only. Prints the table and writes it to $BUILD/bench/results.txt.
#
# Knobs (environment): BENCH_ROUNDS (syscall rounds, default 5),
# BENCH_BATCHES (batches per op per round, default 7), BENCH_OPS (the syscall
# rows to measure, space-separated, default all of OPS below), BENCH_PORT (metrics
# port of the collector under test, default 19883), BENCH_TP_SECONDS (length
# of the confirming zero-loss run, default 10). BENCH_OPS set but empty
# (BENCH_OPS=) skips the syscall rows and the in-kernel pass: the throughput
# part alone, a few minutes. BENCH_TP_SINKS (devnull file) and BENCH_TP_THREADS
# (1 2) narrow the throughput runs, BENCH_TP_EVENTS (--events of the collector
# under throughput, default all).
#
# Method (docs/performance.md): the syscall rows run no monitor, the floor
# (empty programs on the same tracepoints), the reference (a minimal batched
# ring-buffer monitor on the same tracepoints: a 200-byte record per sys_exit)
# and ctrwatch, one after the other in an order that rotates every round; each
# round reports the median batch per op, and the table the median over rounds.
set -euo pipefail

BUILD=${BUILD:-build}
B=$BUILD/bench
CTW=$BUILD/ctrwatch
ROUNDS=${BENCH_ROUNDS:-5}
BATCHES=${BENCH_BATCHES:-7}
PORT=${BENCH_PORT:-19883}
TP_SECONDS=${BENCH_TP_SECONDS:-10}
PROBE_SECONDS=2
RESULTS=$B/results.txt
RAW=$B/raw
LOG=$B/bench.log
METRICS_URL=http://127.0.0.1:$PORT/metrics

OPS=(getpid capset setuid setresuid mount setns unshare open_by_handle_at open_close link_unlink fork_exec
	process_vm_readv keyctl connect_tcp connect_unix mknod_fifo fork_wait)
SYSCALLS=1
if [ -n "${BENCH_OPS+set}" ]; then
	read -ra OPS <<<"$BENCH_OPS"
	[ "${#OPS[@]}" -gt 0 ] || SYSCALLS=0
fi
read -ra TP_SINKS <<<"${BENCH_TP_SINKS:-devnull file}"
read -ra TP_THREADS <<<"${BENCH_TP_THREADS:-1 2}"
# BENCH_TP_EVENTS=setuid: the throughput collector attaches only what the
# generator triggers; on a host busy with other work (builds: thousands of
# execs and clones a second) it then spends nothing on their events.
TP_EVENTS_ARGS=()
[ -z "${BENCH_TP_EVENTS:-}" ] || TP_EVENTS_ARGS=(--events "$BENCH_TP_EVENTS")
# Every type but module_load: the set without any raw_syscalls program even
# where module loads would need it (a kernel without module tracepoints, under
# --syscall-fallback on; the default, auto, leaves it detached there too).
NORAW_EVENTS=capset,setuid,setuid_exec,mount,umount,setns,unshare,ptrace,bpf,open_by_handle_at,file_write,file_open,mknod,container_start,container_stop,exec,clone,connect,link,process_vm,kernel_api,module_request

die() {
	echo "bench: $*" >&2
	exit 1
}

[ "$(id -u)" -eq 0 ] || die "must run as root (it loads BPF programs)"
for f in "$CTW" "$B/floor_loader" "$B/floor.bpf.o" "$B/reference.bpf.o" "$B/syscall_bench" "$B/evgen" \
	"$B/true"; do
	[ -x "$f" ] || [ -f "$f" ] || die "$f missing: run through 'make bench'"
done
command -v curl >/dev/null || die "curl missing (scripts/install-deps.sh installs it)"
rm -rf "$RAW"
mkdir -p "$RAW"
: >"$LOG"

COLL_PID=
DRAIN_PID=
STARTUP_MS=()
cleanup() {
	stop_collector
	rm -f "$B/stderr.fifo" "$B/throughput.jsonl"
}
trap cleanup EXIT

now() { echo "$EPOCHREALTIME"; }
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }

# start_collector READY_WORD CMD...: runs CMD with stderr through a fifo, waits for
# READY_WORD on stderr, records the time from exec to it. Sets COLL_PID.
start_collector() {
	local word=$1 fifo=$B/stderr.fifo line ok=0 t0 t1 fd
	shift
	rm -f "$fifo"
	mkfifo "$fifo"
	echo "## $*" >>"$LOG"
	t0=$(now)
	# <&0: a background job's stdin is /dev/null unless redirected, and the
	# floor loader reads its tracepoint list from stdin.
	"$@" 2>"$fifo" <&0 &
	COLL_PID=$!
	exec {fd}<"$fifo"
	while IFS= read -r -t 30 line <&"$fd"; do
		echo "$line" >>"$LOG"
		case $line in *"$word"*)
			ok=1
			break
			;;
		esac
	done
	t1=$(now)
	cat <&"$fd" >>"$LOG" &
	DRAIN_PID=$!
	exec {fd}<&-
	[ $ok -eq 1 ] || die "$1 did not get ready (see $LOG)"
	LAST_STARTUP_MS=$(ms_between "$t0" "$t1")
}

stop_collector() {
	if [ -n "$COLL_PID" ]; then
		kill -TERM "$COLL_PID" 2>/dev/null || true
		wait "$COLL_PID" 2>/dev/null || true
	fi
	if [ -n "$DRAIN_PID" ]; then
		wait "$DRAIN_PID" 2>/dev/null || true
	fi
	COLL_PID=
	DRAIN_PID=
}

start_ctrwatch() { # extra args...
	start_collector "ready" "$CTW" --metrics-addr "127.0.0.1:$PORT" --log-level info "$@"
	STARTUP_MS+=("$LAST_STARTUP_MS")
}

start_floor() { # tracepoint list file
	start_collector "ready" "$B/floor_loader" "$B/floor.bpf.o" <"$1"
}

start_reference() { # tracepoint list file
	start_collector "ready" "$B/floor_loader" "$B/reference.bpf.o" <"$1"
}

# After stop_collector: the reference's "N records consumed, M lost" from its last run.
reference_records() { grep 'floor_loader: .* records consumed' "$LOG" | tail -1 | awk '{ print $2, $5 }'; }

# The tracepoints ctrwatch attaches with these arguments, from its debug log.
tracepoints_of() {
	local out=$1 from
	shift
	from=$(($(wc -l <"$LOG") + 1))
	start_collector "ready" "$CTW" --metrics-addr off --log-level debug --output /dev/null "$@"
	stop_collector
	tail -n +"$from" "$LOG" | awk '/debug: program .* on .* \(/ {
		m = $NF; gsub(/[()]/, "", m); if (m != "unavailable") print $(NF - 1) }' | sort -u >"$out"
	[ -s "$out" ] || die "no attach list in ctrwatch's debug log ($LOG)"
}

# scrape FILE: the collector's metrics into FILE.
scrape() { curl -sf --max-time 5 "$METRICS_URL" >"$1" || die "cannot read $METRICS_URL"; }

# metric FILE NAME [LABELS]: one sample's value (0 when absent).
metric() {
	awk -v name="$2" -v labels="${3:-}" '
		$1 == name || $1 == name "{" labels "}" { v = $2 } END { print v + 0 }' "$1"
}

# Wait until the ring buffer is empty and the sinks have flushed.
drain() {
	local i used
	for i in $(seq 1 100); do
		scrape "$B/m.drain"
		used=$(metric "$B/m.drain" ctrwatch_ringbuf_bytes_in_use)
		[ "$used" -eq 0 ] && break
		sleep 0.1
	done
	sleep 0.3 # one poll timeout (100 ms) and a flush
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

other_bpf_progs() {
	# Tracepoint programs loaded by anyone else (other collectors on a shared host):
	# they tax the same syscalls in every column, so the ratios read lower.
	bpftool prog list 2>/dev/null | grep -cE 'tracepoint|tracing|raw_tracepoint' || true
}

run_syscalls() { # tag round ops...
	local tag=$1 round=$2
	shift 2
	"$B/syscall_bench" -b "$BATCHES" -x "$B/true" -f "$B/bench-file" "$@" >"$RAW/$tag.$round"
}

# ---- tracepoint sets ----
echo "bench: discovering ctrwatch's attach set" >&2
tracepoints_of "$B/tp-default.txt" --events all
tracepoints_of "$B/tp-noraw.txt" --events "$NORAW_EVENTS"
N_TP=$(wc -l <"$B/tp-default.txt")
N_TP_NORAW=$(wc -l <"$B/tp-noraw.txt")
RAW_IN_DEFAULT=$(grep -c '^raw_syscalls/' "$B/tp-default.txt" || true)
RAW_IN_NORAW=$(grep -c '^raw_syscalls/' "$B/tp-noraw.txt" || true)
# No match (every syscall has its tracepoint) is not a failure under pipefail.
FALLBACK_FOR=$({ grep -o '[a-z_]*: no syscalls/[a-z_]* tracepoint' "$LOG" || true; } | cut -d: -f1 | sort -u | paste -sd, -)
OTHER_PROGS_START=$(other_bpf_progs)

# ---- syscall overhead ----
declare -A EXPECT_TYPE=(
	[capset]=capset [setuid]=setuid [setresuid]=setuid [mount]=mount [setns]=setns
	[unshare]=unshare [open_by_handle_at]=open_by_handle_at [open_close]=file_write
	[link_unlink]=link [process_vm_readv]=process_vm [keyctl]=kernel_api
	[connect_tcp]=connect [connect_unix]=connect [mknod_fifo]=mknod [fork_wait]=clone
)
TYPES=(capset setuid mount setns unshare open_by_handle_at file_write link setuid_exec process_vm kernel_api
	connect mknod clone)
# The rows where ctrwatch emits one record per call, each on its syscall's own
# sys_exit tracepoint: there the reference writes one record per call too.
ONE_RECORD_OPS=" capset setuid setresuid mount setns unshare open_by_handle_at process_vm_readv keyctl "
: >"$RAW/checks"
: >"$RAW/reference-records"
[ "$SYSCALLS" -eq 1 ] || ROUNDS=0
for round in $(seq 1 "$ROUNDS"); do
	configs=(none floor reference ctrwatch)
	shift_by=$(((round - 1) % 4))
	configs=("${configs[@]:$shift_by}" "${configs[@]:0:$shift_by}")
	echo "bench: syscall round $round/$ROUNDS (${configs[*]})" >&2
	for cfg in "${configs[@]}"; do
		case $cfg in
		none)
			run_syscalls none "$round" "${OPS[@]}"
			run_syscalls none_noraw "$round" getpid
			;;
		floor)
			start_floor "$B/tp-default.txt"
			run_syscalls floor "$round" "${OPS[@]}"
			stop_collector
			start_floor "$B/tp-noraw.txt"
			run_syscalls floor_noraw "$round" getpid
			stop_collector
			;;
		reference)
			start_reference "$B/tp-default.txt"
			run_syscalls reference "$round" "${OPS[@]}"
			stop_collector
			reference_records >>"$RAW/reference-records"
			start_reference "$B/tp-noraw.txt"
			run_syscalls reference_noraw "$round" getpid
			stop_collector
			;;
		ctrwatch)
			start_ctrwatch --output /dev/null
			sleep 0.5
			drain
			scrape "$B/m.before"
			run_syscalls ctrwatch "$round" "${OPS[@]}"
			drain
			scrape "$B/m.after"
			for t in "${TYPES[@]}"; do
				e=$(($(metric "$B/m.after" ctrwatch_ringbuf_events_total "type=\"$t\"") -
					$(metric "$B/m.before" ctrwatch_ringbuf_events_total "type=\"$t\"")))
				l=$(($(metric "$B/m.after" ctrwatch_ringbuf_events_lost_total "type=\"$t\"") -
					$(metric "$B/m.before" ctrwatch_ringbuf_events_lost_total "type=\"$t\"")))
				echo "$round type $t $e $l" >>"$RAW/checks"
			done
			x=$(($(metric "$B/m.after" ctrwatch_bpf_exec_filtered_total) -
				$(metric "$B/m.before" ctrwatch_bpf_exec_filtered_total)))
			echo "$round exec_filtered $x" >>"$RAW/checks"
			stop_collector
			start_ctrwatch --output /dev/null --events "$NORAW_EVENTS"
			run_syscalls ctrwatch_noraw "$round" getpid
			stop_collector
			;;
		esac
	done
done

# ---- in-kernel cost per program run (kernel.bpf_stats_enabled) ----
# Immune to CPU contention from other processes: the kernel times each run of
# each program. Switched on for one pass only and restored: it costs every
# BPF program on the host two clock reads per run while on.
prog_ids_of() { grep -h '^prog_id:' /proc/"$1"/fdinfo/* 2>/dev/null | awk '{ print $2 }' | sort -u | paste -sd, -; }
prog_stats() { # ids file
	bpftool -j prog show | jq -r --arg ids "$1" '($ids | split(",") | map(tonumber)) as $want
		| .[] | select(.id as $i | $want | index($i)) | "\(.id) \(.name) \(.run_time_ns // 0) \(.run_cnt // 0)"' >"$2"
}
bpf_stats_pass() { # tag
	local ids prev
	ids=$(prog_ids_of "$COLL_PID")
	prev=$(sysctl -n kernel.bpf_stats_enabled)
	prog_stats "$ids" "$RAW/stats.$1.before"
	sysctl -qw kernel.bpf_stats_enabled=1
	"$B/syscall_bench" -b 3 -p 20 -x "$B/true" -f "$B/bench-file" "${OPS[@]}" >/dev/null
	sysctl -qw kernel.bpf_stats_enabled="$prev"
	prog_stats "$ids" "$RAW/stats.$1.after"
	join <(sort "$RAW/stats.$1.before") <(sort "$RAW/stats.$1.after") |
		awk '{ n = $7 - $4; if (n > 0) printf "%s %d %.0f\n", $2, n, ($6 - $3) / n }' |
		sort >"$RAW/stats.$1"
}
if [ "$SYSCALLS" -eq 1 ] && command -v jq >/dev/null && sysctl -n kernel.bpf_stats_enabled >/dev/null 2>&1; then
	echo "bench: in-kernel program cost (bpf_stats)" >&2
	start_floor "$B/tp-default.txt"
	bpf_stats_pass floor
	stop_collector
	start_reference "$B/tp-default.txt"
	bpf_stats_pass reference
	stop_collector
	start_ctrwatch --output /dev/null
	bpf_stats_pass ctrwatch
	stop_collector
fi

# med TAG OP: the median over rounds of the per-round medians.
med() { cat "$RAW/$1".* 2>/dev/null | awk -v op="$2" '$1 == op { print $2 }' | median; }
# calls TAG OP: the calls OP made in round 1 (0 for an op this run does not measure).
calls() { awk -v op="$2" '$1 == op { v = $3 } END { print v + 0 }' "$RAW/$1.1"; }

# ---- throughput, memory, CPU ----
TPF=$B/throughput.jsonl
GEN_OUT=
gen() { # threads rate seconds -> sets GEN_N GEN_RATE
	GEN_OUT=$("$B/evgen" "$1" "$2" "$3")
	GEN_N=$(awk '{ print $2 }' <<<"$GEN_OUT")
	GEN_RATE=$(awk '{ print $6 }' <<<"$GEN_OUT")
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$COLL_PID/stat"; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$COLL_PID/status"; }
ring_rss_kb() {
	# The ring buffer's data pages are mapped twice (wrap-around), read-only.
	awk '/^[0-9a-f]+-[0-9a-f]+ / { m = ($6 == "anon_inode:bpf-map") }
		/^Rss:/ { if (m) s += $2 } END { print s + 0 }' "/proc/$COLL_PID/smaps"
}

# measure THREADS RATE SECONDS: one generator run against the running collector.
# Sets M_GEN M_EMIT M_LOST M_DELIV M_DROP M_TICKS.
measure() {
	local t0
	drain
	scrape "$B/m.before"
	t0=$(cpu_ticks)
	gen "$1" "$2" "$3"
	drain
	scrape "$B/m.after"
	M_TICKS=$(($(cpu_ticks) - t0))
	M_GEN=$GEN_N
	M_EMIT=$(($(metric "$B/m.after" ctrwatch_ringbuf_events_total 'type="setuid"') -
		$(metric "$B/m.before" ctrwatch_ringbuf_events_total 'type="setuid"')))
	M_LOST=$(($(metric "$B/m.after" ctrwatch_ringbuf_events_lost_total 'type="setuid"') -
		$(metric "$B/m.before" ctrwatch_ringbuf_events_lost_total 'type="setuid"')))
	# What the collector wrote to its sinks: ctrwatch_events_total, not the ring
	# buffer's count, which also has the records that are never events (the
	# process cache's exec records of other processes).
	M_EMIT_ALL=$(($(awk '/^ctrwatch_events_total/ { s += $2 } END { print s + 0 }' "$B/m.after") -
		$(awk '/^ctrwatch_events_total/ { s += $2 } END { print s + 0 }' "$B/m.before")))
	M_DELIV=$(($(awk '/^ctrwatch_sink_events_total/ { s += $2 } END { print s + 0 }' "$B/m.after") -
		$(awk '/^ctrwatch_sink_events_total/ { s += $2 } END { print s + 0 }' "$B/m.before")))
	M_DROP=$(($(awk '/^ctrwatch_sink_events_dropped_total/ { s += $2 } END { print s + 0 }' "$B/m.after") -
		$(awk '/^ctrwatch_sink_events_dropped_total/ { s += $2 } END { print s + 0 }' "$B/m.before")))
	echo "measure threads=$1 rate=$2 secs=$3 gen=$M_GEN emit=$M_EMIT lost=$M_LOST deliv=$M_DELIV drop=$M_DROP ticks=$M_TICKS ($GEN_OUT)" >>"$LOG"
}
# Other processes' events (setuid calls of other tests on a shared host) also
# reach the sink: every emitted record of any type must be delivered, and at
# least the generated ones must have been emitted.
clean() {
	[ "$M_LOST" -eq 0 ] && [ "$M_DROP" -eq 0 ] && [ "$M_EMIT" -ge "$M_GEN" ] &&
		[ "$M_DELIV" -eq "$M_EMIT_ALL" ]
}

HZ=$(getconf CLK_TCK)
declare -A TP_RESULT TP_CPU TP_OVER
RSS_IDLE=
RSS_AFTER=
RING_RSS=
for sink in "${TP_SINKS[@]}"; do
	for threads in "${TP_THREADS[@]}"; do
		echo "bench: throughput, $threads thread(s), JSON to $sink" >&2
		rm -f "$TPF"
		if [ "$sink" = devnull ]; then
			start_ctrwatch --output /dev/null "${TP_EVENTS_ARGS[@]}"
		else
			start_ctrwatch --output "$TPF" "${TP_EVENTS_ARGS[@]}"
		fi
		sleep 1
		if [ -z "$RSS_IDLE" ]; then
			RSS_IDLE=$(rss_kb)
			RING_RSS=$(ring_rss_kb)
		fi
		# Flat out: the generator's ceiling, and the exact accounting above the
		# sustainable rate (emitted + lost = generated).
		measure "$threads" 0 3
		ceiling=$GEN_RATE
		acct="$M_EMIT+$M_LOST=$((M_EMIT + M_LOST)) of $M_GEN"
		[ $((M_EMIT + M_LOST)) -eq "$M_GEN" ] && acct="$acct ok" || acct="$acct MISMATCH"
		clean && acct="$acct; no loss even flat out: the generator is the limit"
		TP_OVER[$sink.$threads]="${ceiling%.*}/s offered: $acct"
		# Bisection with short probes between 0 and the ceiling, then a long confirm.
		lo=0
		hi=${ceiling%.*}
		if clean; then lo=$hi; fi
		for _ in 1 2 3 4 5; do
			[ "$lo" -ge "$hi" ] && break
			mid=$(((lo + hi) / 2))
			measure "$threads" "$mid" "$PROBE_SECONDS"
			if clean; then lo=$mid; else hi=$mid; fi
		done
		rate=$lo
		TP_RESULT[$sink.$threads]=0
		# Short probes can pass where 10 s do not (a burst of other work): step down.
		for _ in 1 2 3 4 5 6; do
			[ "$rate" -gt 0 ] || break
			measure "$threads" "$rate" "$TP_SECONDS"
			if clean; then
				TP_RESULT[$sink.$threads]=${GEN_RATE%.*}
				TP_CPU[$sink.$threads]=$(awk -v t="$M_TICKS" -v hz="$HZ" -v n="$M_EMIT" \
					'BEGIN { printf "%.2f", t / hz / (n / 1e6) }')
				break
			fi
			rate=$((rate * 85 / 100))
		done
		RSS_AFTER=$(rss_kb)
		stop_collector
	done
done
rm -f "$TPF"
OTHER_PROGS_END=$(other_bpf_progs)

# target NAME VALUE le|ge LIMIT [WHY-NOT-MEASURED]: one line "met" / "NOT met" /
# "not measured" for a budget, from this run's figures only.
target() {
	local name=$1 value=$2 cmp=$3 limit=$4 why=${5:-no figure in this run}
	if [ -z "$value" ]; then
		printf '  %-52s %12s  %s\n' "$name" "-" "not measured ($why)"
		return
	fi
	awk -v n="$name" -v v="$value" -v c="$cmp" -v l="$limit" 'BEGIN {
		ok = (c == "le") ? (v + 0 <= l + 0) : (v + 0 >= l + 0);
		printf "  %-52s %12s  %s (%s %s)\n", n, v, ok ? "met" : "NOT met", c == "le" ? "<=" : ">=", l }'
}

# ---- the table ----
{
	echo "ctrwatch bench — $(date -u +%Y-%m-%dT%H:%M:%SZ), $(uname -r), $(nproc) CPUs"
	echo "attach set: $N_TP tracepoints ($RAW_IN_DEFAULT raw_syscalls, fallback for: ${FALLBACK_FOR:-none});" \
		"without module_load: $N_TP_NORAW ($RAW_IN_NORAW raw_syscalls)"
	echo "other tracepoint/tracing BPF programs loaded on the host: $OTHER_PROGS_START at start, $OTHER_PROGS_END at end"
	echo
	if [ "$SYSCALLS" -eq 1 ]; then
		echo "Syscall overhead: ns/op, median of $ROUNDS rounds x $BATCHES batches; ctrwatch writes JSON to /dev/null"
		printf '%-18s %9s %9s %9s %9s %9s %10s %15s %15s %12s\n' op none floor reference ctrwatch ctw/none \
			ctw/floor '(ctw-n)/(fl-n)' '(ctw-n)/(ref-n)' events/call
		for op in "${OPS[@]}"; do
			n=$(med none "$op")
			f=$(med floor "$op")
			r=$(med reference "$op")
			c=$(med ctrwatch "$op")
			k=$(calls ctrwatch "$op")
			t=${EXPECT_TYPE[$op]:-}
			if [ "$op" = fork_exec ]; then
				ev=$(awk '$2 == "type" && $3 == "setuid_exec" { s += $4 } END { print s + 0 }' "$RAW/checks")
				xf=$(awk '$2 == "exec_filtered" { s += $3 } END { print s + 0 }' "$RAW/checks")
				epc=$(awk -v e="$ev" -v x="$xf" -v k="$k" -v r="$ROUNDS" \
					'BEGIN { printf "%.2f (%.2f dropped in kernel)", e / (k * r), x / (k * r) }')
			elif [ -n "$t" ]; then
				# setuid and setresuid share a type: their calls add up.
				want=$k
				[ "$t" = setuid ] && want=$(($(calls ctrwatch setuid) + $(calls ctrwatch setresuid)))
				epc=$(awk -v t="$t" -v w="$want" -v r="$ROUNDS" '
					$2 == "type" && $3 == t { e += $4; l += $5 }
					END { printf "%.3f%s", e / (w * r), l ? " LOST " l : "" }' "$RAW/checks")
				[ "$t" = setuid ] && epc="$epc (setuid+setresuid)"
			else
				epc="-"
			fi
			awk -v op="$op" -v n="$n" -v f="$f" -v r="$r" -v c="$c" -v epc="$epc" 'BEGIN {
				fr = (f - n != 0) ? sprintf("%.2f", (c - n) / (f - n)) : "-";
				rr = (r - n > 0) ? sprintf("%.2f", (c - n) / (r - n)) : "-";
				printf "%-18s %9.1f %9.1f %9.1f %9.1f %9.3f %10.3f %15s %15s   %s\n", op, n, f, r, c, c / n,
					c / f, fr, rr, epc }'
		done
		awk '{ n += $1; l += $2 } END { printf "reference monitor: %d records consumed, %d lost (all rounds)\n", n, l }' \
			"$RAW/reference-records"
		echo
		echo "getpid (unmonitored) by program set:"
		printf '  %-44s %9s %9s %9s %9s\n' set none floor reference ctrwatch
		printf '  %-44s %9.1f %9.1f %9.1f %9.1f\n' "default ($N_TP tracepoints, $RAW_IN_DEFAULT raw_syscalls)" \
			"$(med none getpid)" "$(med floor getpid)" "$(med reference getpid)" "$(med ctrwatch getpid)"
		printf '  %-44s %9.1f %9.1f %9.1f %9.1f\n' "--events without module_load ($RAW_IN_NORAW raw)" \
			"$(med none_noraw getpid)" "$(med floor_noraw getpid)" "$(med reference_noraw getpid)" \
			"$(med ctrwatch_noraw getpid)"
		echo
	fi
	if [ -s "$RAW/stats.ctrwatch" ]; then
		echo "In-kernel cost per program run (kernel bpf_stats, one pass of the ops above):"
		printf '  %-36s %10s %8s\n' program runs ns/run
		awk '{ printf "  %-36s %10d %8d\n", $1 " (floor, empty)", $2, $3 }' "$RAW/stats.floor"
		[ -s "$RAW/stats.reference" ] &&
			awk '{ printf "  %-36s %10d %8d\n", $1 " (reference)", $2, $3 }' "$RAW/stats.reference"
		awk '{ printf "  %-36s %10d %8d\n", $1, $2, $3 }' "$RAW/stats.ctrwatch"
		echo
	fi
	echo "Throughput: highest rate with zero ring-buffer loss and zero sink drops over ${TP_SECONDS} s (setresuid events)"
	printf '  %-14s %-8s %14s %12s   %s\n' sink threads events/s 'CPU s/Mev' 'flat out: emitted+lost = generated'
	for sink in "${TP_SINKS[@]}"; do
		for threads in "${TP_THREADS[@]}"; do
			printf '  %-14s %-8s %14s %12s   %s\n' "$sink" "$threads" "${TP_RESULT[$sink.$threads]}" \
				"${TP_CPU[$sink.$threads]:--}" "${TP_OVER[$sink.$threads]}"
		done
	done
	echo
	echo "Memory (default --ringbuf-size 16 MiB):"
	awk -v i="$RSS_IDLE" -v a="$RSS_AFTER" -v r="$RING_RSS" 'BEGIN {
		printf "  RSS idle %.1f MiB (VmRSS %.1f MiB - ring-buffer mapping Rss %.1f MiB)\n", (i - r) / 1024, i / 1024, r / 1024;
		printf "  RSS after throughput runs %.1f MiB (VmRSS %.1f MiB - ring mapping)\n", (a - r) / 1024, a / 1024 }'
	echo
	printf 'Start-up, exec to "ready": median %s ms over %d starts (max %s ms)\n' \
		"$(printf '%s\n' "${STARTUP_MS[@]}" | median)" "${#STARTUP_MS[@]}" \
		"$(printf '%s\n' "${STARTUP_MS[@]}" | sort -g | tail -1)"
	echo
	echo "Targets (issue budgets; each judged on this run's figures):"
	ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "" }'; }
	# (ctrwatch - none) / (reference - none) for OP.
	added_ratio() {
		local n
		n=$(med none "$1")
		ratio "$(awk -v c="$(med ctrwatch "$1")" -v n="$n" 'BEGIN { print c - n }')" \
			"$(awk -v r="$(med reference "$1")" -v n="$n" 'BEGIN { print r - n }')"
	}
	best_rate() { awk -v a="${TP_RESULT[$1.1]:-0}" -v b="${TP_RESULT[$1.2]:-0}" 'BEGIN { print (a > b ? a : b) }'; }
	target "getpid ctrwatch/floor (unmonitored)" "$(ratio "$(med ctrwatch getpid)" "$(med floor getpid)")" le 1.02
	target "fork+exec ctrwatch/none" "$(ratio "$(med ctrwatch fork_exec)" "$(med none fork_exec)")" le 1.03
	target "open+close ctrwatch/floor" "$(ratio "$(med ctrwatch open_close)" "$(med floor open_close)")" le 1.10
	target "zero-loss events/s to a file" "$(best_rate file)" ge 300000
	target "CPU s per million events to /dev/null (1 thread)" "${TP_CPU[devnull.1]:-}" le 1.5
	for op in "${OPS[@]}"; do
		[[ $ONE_RECORD_OPS == *" $op "* ]] || continue
		if grep -qx "syscalls/sys_exit_$op" "$B/tp-default.txt"; then
			target "$op added ns <= 1.1 x reference monitor" "$(added_ratio "$op")" le 1.1 \
				"the reference adds nothing over none"
		else
			target "$op added ns <= 1.1 x reference monitor" "" le 1.1 \
				"no syscalls/sys_exit_$op in the attach set"
		fi
	done
	target "connect() on TCP ctrwatch/floor" "$(ratio "$(med ctrwatch connect_tcp)" "$(med floor connect_tcp)")" le 1.05
	target "clone without namespace flags ctrwatch/floor" "$(ratio "$(med ctrwatch fork_wait)" "$(med floor fork_wait)")" le 1.05
} | tee "$RESULTS"
echo "bench: results in $RESULTS, raw samples in $RAW, log in $LOG" >&2
