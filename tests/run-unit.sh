#!/usr/bin/env bash
# Runs every unit-test binary given, sums their "N passed, N failed" lines and
# prints the total as the closing line. Exit 1 if any binary failed.
set -u
passed=0 failed=0 broken=0
for bin in "$@"; do
	# A hung test must fail the run, not stall it.
	out=$(timeout 300 "$bin" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v ' passed, ' | sed 's/^/  /'
	line=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$line" ]; then
		echo "  $bin: no summary line (exit $rc)"
		broken=$((broken + 1))
		continue
	fi
	echo "  $line"
	p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
	passed=$((passed + p)) failed=$((failed + f))
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || broken=$((broken + 1))
done
failed=$((failed + broken))
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
