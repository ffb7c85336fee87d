#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# VM tests: the collector on Debian's own kernels, booted under qemu.
#   BUILD=build bash tests/vmtest/run.sh [KERNEL[:CGROUP]...]
# KERNEL is 6.1 (Debian 12's stock kernel), 6.12 (Debian 12's newer one) or a
# linux-image-* package; CGROUP is v2 (default), hybrid or v1 (v1
# controllers only: the collector attributes by the memory hierarchy).
# Default: 6.1 6.12 6.1:hybrid 6.1:v1.
# Kernels are downloaded with apt-get download and cached in $BUILD/vmtest.
# ARCH (x86, arm64; default this host's, as the Makefile's) is the guest's:
# arm64 on an x86 host boots Debian's cloud-arm64 kernels under
# qemu-system-aarch64 (-M virt, TCG) with the cross build (make ARCH=arm64).
# Uses KVM when /dev/kvm is usable and the guest is the host's architecture,
# TCG otherwise. Fails (never skips) when
# qemu, cpio, jq or a kernel package cannot be had: scripts/install-deps.sh
# installs them. Prints PASS/FAIL per check and, last,
# "vmtest: N passed, N failed"; exits 1 on any failure.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/../.." || exit 1
BUILD=$(realpath -m "${BUILD:-build}")
export BUILD
CACHE=$BUILD/vmtest
# A boot that has not powered off by then is killed and fails.
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}

# pass, fail, check_event, assert_* and friends: the integration suite's.
# shellcheck source=../integration/lib.sh
. "$here/../integration/lib.sh"
# shellcheck source=check.sh
. "$here/check.sh"

vm_die()
{
	echo "vmtest: $*" >&2
	FAILED=$((FAILED + 1))
	echo "FAIL setup: $*"
	echo "vmtest: $PASSED passed, $FAILED failed"
	exit 1
}

trap 'echo "vmtest: interrupted"; exit 130' INT TERM

HOST_MACHINE=$(uname -m)
case ${ARCH:-$HOST_MACHINE} in
x86 | x86_64)
	VM_MACHINE=x86_64
	VM_DEB_ARCH=amd64
	QEMU=qemu-system-x86_64
	QEMU_MACHINE=()
	TCG_CPU=max
	CONSOLE=ttyS0
	# The record on the second UART.
	DATA_PORT=(-serial "file:%OUT%/data.log")
	DATA_DEV=ttyS1
	;;
arm64 | aarch64)
	VM_MACHINE=aarch64
	VM_DEB_ARCH=arm64
	QEMU=qemu-system-aarch64
	QEMU_MACHINE=(-M virt)
	# Pointer authentication's architected algorithm is the slowest part of
	# emulating -cpu max; the implementation-defined one keeps every feature.
	TCG_CPU=max,pauth-impdef=on
	CONSOLE=ttyAMA0
	# virt has one PL011: the record goes to a virtio console.
	# shellcheck disable=SC2054 # qemu's own option syntax
	DATA_PORT=(-device virtio-serial-device -chardev "file,id=data,path=%OUT%/data.log"
		-device virtconsole,chardev=data)
	DATA_DEV=hvc0
	;;
*) vm_die "unknown ARCH '${ARCH:-}' (x86, arm64)" ;;
esac
export VM_MACHINE
command -v "$QEMU" >/dev/null ||
	vm_die "$QEMU not found (scripts/install-deps.sh installs qemu-system-x86; --arm64 qemu-system-arm)"
command -v cpio >/dev/null || vm_die "cpio not found (scripts/install-deps.sh installs it)"
command -v jq >/dev/null || vm_die "jq not found (scripts/install-deps.sh installs it)"
[ -x "$BUILD/ctrwatch" ] || vm_die "collector not built: $BUILD/ctrwatch"
[ -x "$BUILD/tests/integration/trigger" ] || vm_die "trigger not built: $BUILD/tests/integration/trigger"
mkdir -p "$CACHE" || vm_die "cannot create $CACHE"

if [ "$VM_MACHINE" = "$HOST_MACHINE" ] && [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	ACCEL=(-accel kvm -cpu host)
	ACCEL_NAME=kvm
else
	ACCEL=(-accel tcg -cpu "$TCG_CPU")
	ACCEL_NAME=tcg
fi

# boot KERNEL_DIR INITRAMFS OUT_DIR CGROUP: one guest run; its serial ports
# go to OUT_DIR/console.log (kernel and guest progress) and OUT_DIR/data.log
# (the record check.sh reads).
boot()
{
	local kdir=$1 initrd=$2 out=$3 cgroup=$4 vmlinuz rc
	vmlinuz=$(compgen -G "$kdir/boot/vmlinuz-*" | head -n 1)
	rm -f "$out/console.log" "$out/data.log"
	timeout "$BOOT_TIMEOUT" "$QEMU" "${QEMU_MACHINE[@]}" -nodefaults -display none -no-reboot \
		"${ACCEL[@]}" -smp 1 -m 1024 \
		-kernel "$vmlinuz" -initrd "$initrd" \
		-append "console=$CONSOLE panic=-1 quiet loglevel=4 vmtest.cgroup=$cgroup vmtest.data=$DATA_DEV" \
		-serial "file:$out/console.log" "${DATA_PORT[@]//%OUT%/$out}" \
		</dev/null >"$out/qemu.log" 2>&1
	rc=$?
	# The guest's tty turns \n into \r\n on the console.
	[ -f "$out/data.log" ] && tr -d '\r' <"$out/data.log" >"$out/data.txt"
	return $rc
}

runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(6.1 6.12 6.1:hybrid 6.1:v1)

start=$SECONDS
for run in "${runs[@]}"; do
	kernel=${run%%:*}
	cgroup=v2
	[ "$run" = "$kernel" ] || cgroup=${run#*:}
	FAMILY="$kernel/$cgroup"
	echo "--- $FAMILY ($VM_MACHINE, $ACCEL_NAME)"
	kdir=$(bash "$here/kernel.sh" "$CACHE" "$kernel" "$VM_DEB_ARCH" 2>"$CACHE/kernel.err") || {
		fail "Debian kernel package for $kernel downloaded and extracted" "$(cat "$CACHE/kernel.err")"
		continue
	}
	out=$CACHE/run/$kernel-$cgroup
	mkdir -p "$out"
	initrd=$out/initramfs.cpio
	if ! bash "$here/initramfs.sh" "$initrd" "$kdir" "$BUILD" "$VM_DEB_ARCH"; then
		fail "initramfs built for $kernel"
		continue
	fi
	t0=$SECONDS
	boot "$kdir" "$initrd" "$out" "$cgroup"
	rc=$?
	echo "    boot of $(basename "$(compgen -G "$kdir/boot/vmlinuz-*")") took $((SECONDS - t0))s (qemu exit $rc)"
	if [ $rc -eq 124 ]; then
		fail "guest powers off within ${BOOT_TIMEOUT}s" "console tail:" \
			"$(tr -d '\r' <"$out/console.log" | tail -n 20)"
	fi
	vm_check "$out" "$kdir" "$cgroup"
done
FAMILY=""
echo "--- done in $((SECONDS - start))s"
echo "vmtest: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
