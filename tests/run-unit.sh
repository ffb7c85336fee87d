#!/usr/bin/env bash
# Runs every unit-test binary given, then the event-schema check, sums their
# "N passed, N failed" lines and prints the total as the closing line. Exit 1 if
# anything failed.
#
# The schema check validates, against docs/event.schema.json, every native line
# test_render_json rendered (it appends them to $CTW_EVENT_SAMPLES) and the
# real-world events of tests/fixtures/events/, each also altered in ways the
# schema must refuse: a renderer or schema change that is not made on both sides
# fails here, without root.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
passed=0 failed=0 broken=0

CTW_EVENT_SAMPLES=$(mktemp "${TMPDIR:-/tmp}/ctw-event-samples.XXXXXX") || exit 1
export CTW_EVENT_SAMPLES
trap 'rm -f "$CTW_EVENT_SAMPLES"' EXIT

# run_check NAME CMD...: runs CMD, adds its closing "N passed, N failed" line to the totals.
run_check()
{
	local name=$1 out rc line p f
	shift
	# A hung test must fail the run, not stall it.
	out=$(timeout 300 "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v ' passed, ' | sed 's/^/  /'
	line=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$line" ]; then
		echo "  $name: no summary line (exit $rc)"
		broken=$((broken + 1))
		return
	fi
	echo "  $line"
	p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
	passed=$((passed + p)) failed=$((failed + f))
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || broken=$((broken + 1))
}

for bin in "$@"; do
	run_check "$bin" "$bin"
	if [ "$(basename "$bin")" = test_render_json ] && [ ! -s "$CTW_EVENT_SAMPLES" ]; then
		echo "  $bin: wrote no sample lines to CTW_EVENT_SAMPLES"
		broken=$((broken + 1))
	fi
done
# Debian's python3-jsonschema belongs to /usr/bin/python3 (scripts/install-deps.sh).
run_check "event schema" /usr/bin/python3 "$here/tools/validate_events.py" --label "event schema" \
	--mutants "$CTW_EVENT_SAMPLES" "$here"/fixtures/events/*.jsonl
failed=$((failed + broken))
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
