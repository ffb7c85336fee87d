#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Integration suite: loads the real BPF programs, runs real runc containers.
#   BUILD=build bash tests/integration/run.sh [FAMILY...]
# Must run as root; fails (never skips) when root, runc or busybox-static is
# missing: in CI a test that does not run hides a failure. Prints PASS/FAIL per check
# and, last, "integration: N passed, N failed"; exits 1 on any failure.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/../.." || exit 1
BUILD=$(realpath -m "${BUILD:-build}")
export BUILD

# shellcheck source=lib.sh
. "$here/lib.sh"

trap itest_cleanup EXIT
trap 'echo "integration: interrupted"; exit 130' INT TERM

# Ordered so that the plumbing (cli: ready, drain, JSON) is checked first.
families=(cli capset setuid setuid_exec mount module ns ptrace bpf open_by_handle file_write lifecycle attribution metrics packaging detect_escape detect_unmask detect_seccomp detect_write detect_devices detect_sensitive detect_kernel detect_privilege detect_surface runtime_setup detect_config sinks metadata posture lineage exec)
if [ $# -gt 0 ]; then
	families=("$@")
fi

itest_init

start=$SECONDS
for family in "${families[@]}"; do
	# shellcheck source=/dev/null
	. "$here/test_$family.sh" || die "cannot read test_$family.sh"
	FAMILY=$family
	echo "--- $family"
	"family_$family"
	# A family that returned early must not leave its collector behind.
	if ctw_running; then
		ctw_stop
	fi
	run_pending
	FAMILY="" # read by lib.sh's pass/fail
done
echo "--- done in $((SECONDS - start))s"
echo "integration: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
