#!/usr/bin/env bash
# Regenerates vmlinux/ARCH/vmlinux.h from the BTF of one of Debian's own
# kernels, for an architecture this host does not run (make vmlinux ARCH=arm64):
#   bash scripts/vmlinux-debian.sh arm64 [6.1|6.12|PACKAGE] [BUILD_DIR]
# The kernel package comes from the apt archive (tests/vmtest/kernel.sh: apt-get
# download through multiarch, cached in BUILD_DIR/vmtest). Debian's arm64 vmlinuz
# is the raw Image the boot loader copies to memory, and the kernel's BTF
# (/sys/kernel/btf/vmlinux) is a byte range of it: the largest well-formed BTF
# blob in the file is taken (header magic, version 1, types then strings ending
# inside the file) and bpftool, which checks every type as it dumps, writes the
# header. Default kernel: 6.12, the newest Debian 12 carries; CO-RE relocates
# against older ones at load time.
set -euo pipefail

die()
{
	echo "vmlinux-debian: $*" >&2
	exit 1
}

if [ $# -lt 1 ] || [ $# -gt 3 ]; then
	die "usage: vmlinux-debian.sh ARCH [6.1|6.12|PACKAGE] [BUILD_DIR]"
fi
arch=$1
kernel=${2:-6.12}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
build=$(realpath -m "${3:-build-$arch}")
cache=$build/vmtest

case $arch in
arm64) deb_arch=arm64 ;;
*) die "unknown ARCH '$arch': arm64 (this host's own: make vmlinux, from its running kernel)" ;;
esac
command -v bpftool >/dev/null || die "bpftool not found (scripts/install-deps.sh)"
command -v python3 >/dev/null || die "python3 not found (scripts/install-deps.sh)"
mkdir -p "$cache"

kdir=$(bash tests/vmtest/kernel.sh "$cache" "$kernel" "$deb_arch")
vmlinuz=$(compgen -G "$kdir/boot/vmlinuz-*" | head -n 1)
work=$(mktemp -d "$cache/.btf.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Some architectures' packages ship the Image gzipped.
if [ "$(head -c 2 "$vmlinuz" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then
	gzip -dc "$vmlinuz" >"$work/Image"
else
	cp "$vmlinuz" "$work/Image"
fi

python3 - "$work/Image" "$work/vmlinux.btf" <<'PY'
import struct
import sys

# struct btf_header: magic 0xeb9f, version 1, flags 0, hdr_len 24, then
# type_off, type_len, str_off, str_len (little-endian: arm64 kernels).
MAGIC = b"\x9f\xeb\x01\x00\x18\x00\x00\x00"
image = open(sys.argv[1], "rb").read()
best = None
pos = image.find(MAGIC)
while pos >= 0:
    type_off, type_len, str_off, str_len = struct.unpack_from("<IIII", image, pos + 8)
    size = 24 + str_off + str_len
    if type_off == 0 and str_off == type_len and pos + size <= len(image):
        if best is None or size > best[1]:
            best = (pos, size)
    pos = image.find(MAGIC, pos + 1)
if best is None:
    sys.exit("vmlinux-debian: no BTF in the kernel image (CONFIG_DEBUG_INFO_BTF unset?)")
open(sys.argv[2], "wb").write(image[best[0]:best[0] + best[1]])
PY

bpftool btf dump file "$work/vmlinux.btf" format c >"$work/vmlinux.h" ||
	die "bpftool rejects the BTF found in $(basename "$vmlinuz")"
grep -q '^struct task_struct {$' "$work/vmlinux.h" || die "the BTF found has no struct task_struct"
mkdir -p "vmlinux/$arch"
mv "$work/vmlinux.h" "vmlinux/$arch/vmlinux.h"
echo "  GEN     vmlinux/$arch/vmlinux.h (from $(basename "$kdir"))" >&2
