#!/usr/bin/env bash
# Builds the VM tests' initramfs (an uncompressed newc cpio: TCG spends longer
# inflating than reading it):
#   bash tests/vmtest/initramfs.sh OUT.cpio KERNEL_DIR BUILD_DIR
# It holds busybox-static, the guest script as /init, the built collector and
# setpriv with the shared libraries ldd lists (plus the loader), the static
# integration trigger, and a real module of that kernel with no dependencies
# (decompressed: busybox insmod hands the file to finit_module as it is).
set -euo pipefail

die()
{
	echo "vmtest: $*" >&2
	exit 1
}

[ $# -eq 3 ] || die "usage: initramfs.sh OUT.cpio KERNEL_DIR BUILD_DIR"
out=$1
kdir=$2
build=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# nls_utf8: a character-set table, no dependencies, no hardware, nothing runs.
MODULE=fs/nls/nls_utf8

for f in /bin/busybox "$build/ctrwatch" "$build/tests/integration/trigger" \
	"$build/tests/integration/surftrig"; do
	[ -x "$f" ] || die "$f missing (busybox-static; make all)"
done
command -v cpio >/dev/null || die "cpio not found (scripts/install-deps.sh installs it)"
command -v setpriv >/dev/null || die "setpriv not found (util-linux)"

root=$(mktemp -d "${out%/*}/.initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,mnt,run,root} \
	"$root/lib/modules/vmtest"

cp /bin/busybox "$root/bin/busybox"
# The other applets' links are made by /init (busybox --install): quicker than 400 ln here.
ln -s busybox "$root/bin/sh"
cp "$here/guest-init.sh" "$root/init"
chmod 755 "$root/init"
cp "$build/tests/integration/trigger" "$root/bin/trigger"
cp "$build/tests/integration/surftrig" "$root/bin/surftrig"

# copy_dynamic BIN DEST: BIN and every library ldd resolves for it, at the
# paths the dynamic loader will look for them.
copy_dynamic()
{
	local bin=$1 dest=$2 lib
	cp "$bin" "$root$dest"
	for lib in $(ldd "$bin" | sed -nE 's/.*=> (\/[^ ]+) .*/\1/p; s/^[[:space:]]*(\/[^ ]+) .*/\1/p'); do
		mkdir -p "$root$(dirname "$lib")"
		[ -e "$root$lib" ] || cp -L "$lib" "$root$lib"
	done
}
copy_dynamic "$build/ctrwatch" /usr/sbin/ctrwatch
copy_dynamic "$(command -v setpriv)" /usr/bin/setpriv

printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
	>"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
echo vmtest >"$root/etc/hostname"

ko=$(compgen -G "$kdir/lib/modules/*/kernel/$MODULE.ko*" | head -n 1 || true)
if [ -n "$ko" ]; then
	case $ko in
	*.ko) cp "$ko" "$root/lib/modules/vmtest/" ;;
	*.ko.xz) xz -dc "$ko" >"$root/lib/modules/vmtest/$(basename "$ko" .xz)" ;;
	*.ko.zst) zstd -qdc "$ko" >"$root/lib/modules/vmtest/$(basename "$ko" .zst)" ;;
	*.ko.gz) gzip -dc "$ko" >"$root/lib/modules/vmtest/$(basename "$ko" .gz)" ;;
	*) die "unknown module compression: $ko" ;;
	esac
	# The guest loads it alone: it must need no other module.
	! grep -aqE 'depends=[[:alnum:]_-]' "$root/lib/modules/vmtest/"*.ko || die "$ko has dependencies"
fi

(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
