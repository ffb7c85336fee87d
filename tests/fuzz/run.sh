#!/usr/bin/env bash
# Runs every libFuzzer target built in $FUZZ_BUILD for SECONDS each (make fuzz, make fuzz-ci),
# or only the targets named after SECONDS. Seeds: tests/fuzz/corpus/<name>/ plus the unit
# tests' fixtures (tests/fuzz/seeds.sh). With FUZZ_FRESH=1 each target starts from the seeds
# alone, so a CI run does not depend on earlier runs. Prints libFuzzer's own count per target
# ("Done N runs in S second(s)") and fails if any target found something.
set -u
seconds=${1:-60}
shift || true
build=${FUZZ_BUILD:-build/fuzz}
here=$(cd "$(dirname "$0")" && pwd)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for bin in "$build"/fuzz_*; do
		case "$bin" in *.d) continue ;; esac
		[ -x "$bin" ] && targets+=("$(basename "$bin" | sed 's/^fuzz_//')")
	done
fi
if [ ${#targets[@]} -eq 0 ]; then
	echo "fuzz: no targets in $build (make fuzz-build)" >&2
	exit 1
fi

# FUZZ_JOBS targets at a time (default 1): each still runs SECONDS on its own core, and
# make fuzz-ci runs two so that CI's fuzzing takes half the wall time on a 2-core machine.
jobs=${FUZZ_JOBS:-1}

# fuzz_one TARGET: one target's run; its one-line result goes to $build/logs/TARGET.result
# (printed in target order once all have run), exit 0 when it found nothing.
fuzz_one()
{
	local t=$1 bin="$build/fuzz_$1" seeds="$build/seeds/$1" corpus="$build/corpus/$1"
	local log="$build/logs/$1.log" result="$build/logs/$1.result" opts o rc done_line

	if ! bash "$here/seeds.sh" "$t" "$seeds"; then
		echo "fuzz $t: seeding failed" >"$result"
		return 1
	fi
	[ "${FUZZ_FRESH:-0}" = 1 ] && rm -rf "$corpus"
	mkdir -p "$corpus"
	opts=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536
		-print_final_stats=1 -artifact_prefix="$build/artifacts/$t-")
	[ -f "$here/$t.dict" ] && opts+=(-dict="$here/$t.dict")
	# Per-target flags, one per line (e.g. -detect_leaks=0 where another thread allocates).
	[ -f "$here/$t.options" ] && while read -r o; do opts+=("$o"); done <"$here/$t.options"
	"$bin" "${opts[@]}" "$corpus" "$seeds" >"$log" 2>&1
	rc=$?
	done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1)
	if [ $rc -ne 0 ]; then
		{
			echo "fuzz $t: FAILED (exit $rc), log $log:"
			grep -E 'ERROR|fuzz check failed|SUMMARY|Test unit written' "$log" | head -n 5 |
				sed 's/^/  /'
		} >"$result"
		return 1
	fi
	echo "fuzz $t: ${done_line:-no final line}, corpus $(ls "$corpus" | wc -l) files" >"$result"
}

failed=0 start=$(date +%s)
mkdir -p "$build/artifacts" "$build/logs"
for t in "${targets[@]}"; do
	rm -f "$build/logs/$t.result"
	fuzz_one "$t" &
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
done
wait
for t in "${targets[@]}"; do
	# A result that says FAILED, or none at all (the run itself died), fails the run.
	if [ -f "$build/logs/$t.result" ]; then
		cat "$build/logs/$t.result"
		grep -q -E 'FAILED|seeding failed' "$build/logs/$t.result" && failed=1
	else
		echo "fuzz $t: no result"
		failed=1
	fi
done
echo "fuzz: ${#targets[@]} targets x ${seconds} s, $jobs at a time, $(($(date +%s) - start)) s in all"
exit $failed
