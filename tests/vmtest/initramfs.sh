#!/usr/bin/env bash
# Builds the VM tests' initramfs (an uncompressed newc cpio: TCG spends longer
# inflating than reading it):
#   bash tests/vmtest/initramfs.sh OUT.cpio KERNEL_DIR BUILD_DIR [DEB_ARCH]
# It holds busybox-static, the guest script as /init, the built collector and
# setpriv with the shared libraries they need (plus the loader), the static
# integration trigger, and a real module of that kernel with no dependencies
# (decompressed: busybox insmod hands the file to finit_module as it is).
# DEB_ARCH (default this host's) is the guest's: for another architecture
# (a cross build, make vmtest ARCH=arm64) busybox and setpriv come from that
# architecture's packages (tests/vmtest/debfile.sh), the libraries from its
# multiarch directory, and the virtio console's modules go in for the record.
set -euo pipefail

die()
{
	echo "vmtest: $*" >&2
	exit 1
}

[ $# -eq 3 ] || [ $# -eq 4 ] || die "usage: initramfs.sh OUT.cpio KERNEL_DIR BUILD_DIR [DEB_ARCH]"
out=$1
kdir=$2
build=$3
host_arch=$(dpkg --print-architecture)
arch=${4:-$host_arch}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# nls_utf8: a character-set table, no dependencies, no hardware, nothing runs.
MODULE=fs/nls/nls_utf8

if [ "$arch" = "$host_arch" ]; then
	busybox=/bin/busybox
	setpriv=$(command -v setpriv) || die "setpriv not found (util-linux)"
	libdirs=()
	boot_modules=()
else
	cache=$build/vmtest
	busybox=$(bash "$here/debfile.sh" "$cache" "busybox-static:$arch" /bin/busybox)
	setpriv=$(bash "$here/debfile.sh" "$cache" "util-linux:$arch" /usr/bin/setpriv)
	triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH -a"$arch" 2>/dev/null)
	capng=$(bash "$here/debfile.sh" "$cache" "libcap-ng0:$arch" "/lib/$triplet/libcap-ng.so.0")
	libdirs=("/usr/lib/$triplet" "/lib/$triplet" "$(dirname "$capng")")
	# The record's serial port (guest-init.sh): virtio-mmio and its console.
	boot_modules=(drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_mmio
		drivers/char/virtio_console)
fi
for f in "$busybox" "$build/ctrwatch" "$build/tests/integration/trigger" \
	"$build/tests/integration/surftrig"; do
	[ -x "$f" ] || die "$f missing (busybox-static; make all)"
done
command -v cpio >/dev/null || die "cpio not found (scripts/install-deps.sh installs it)"

root=$(mktemp -d "${out%/*}/.initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,mnt,run,root} \
	"$root/lib/modules/vmtest"

cp "$busybox" "$root/bin/busybox"
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
	if [ ${#libdirs[@]} -gt 0 ]; then
		copy_foreign_libs "$bin"
		return
	fi
	for lib in $(ldd "$bin" | sed -nE 's/.*=> (\/[^ ]+) .*/\1/p; s/^[[:space:]]*(\/[^ ]+) .*/\1/p'); do
		mkdir -p "$root$(dirname "$lib")"
		[ -e "$root$lib" ] || cp -L "$lib" "$root$lib"
	done
}

# copy_foreign_libs BIN: ldd cannot run another architecture's binary, so
# its NEEDED entries are followed through libdirs, each library into the
# guest's /lib/<triplet> (on the loader's default path), and its
# interpreter to where PT_INTERP names it.
copy_foreign_libs()
{
	local bin=$1 interp lib dir found
	interp=$(readelf -lW "$bin" | sed -nE 's/.*Requesting program interpreter: ([^]]+)\]/\1/p')
	if [ -n "$interp" ] && [ ! -e "$root$interp" ]; then
		mkdir -p "$root$(dirname "$interp")"
		for dir in "${libdirs[@]}"; do
			if [ -e "$dir/$(basename "$interp")" ]; then
				cp -L "$dir/$(basename "$interp")" "$root$interp"
				break
			fi
		done
		[ -e "$root$interp" ] || die "no $interp for $bin in ${libdirs[*]}"
	fi
	for lib in $(readelf -dW "$bin" | sed -nE 's/.*\(NEEDED\).*\[(.+)\]/\1/p'); do
		[ -e "$root/lib/$triplet/$lib" ] && continue
		found=""
		for dir in "${libdirs[@]}"; do
			if [ -e "$dir/$lib" ]; then
				found=$dir/$lib
				break
			fi
		done
		[ -n "$found" ] || die "$lib (needed by $bin) not in ${libdirs[*]} (scripts/install-deps.sh --arm64)"
		mkdir -p "$root/lib/$triplet"
		cp -L "$found" "$root/lib/$triplet/$lib"
		copy_foreign_libs "$found"
	done
}
copy_dynamic "$build/ctrwatch" /usr/sbin/ctrwatch
copy_dynamic "$setpriv" /usr/bin/setpriv

printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
	>"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
echo vmtest >"$root/etc/hostname"

# copy_module KO DIR: KO decompressed into DIR.
copy_module()
{
	case $1 in
	*.ko) cp "$1" "$2/" ;;
	*.ko.xz) xz -dc "$1" >"$2/$(basename "$1" .xz)" ;;
	*.ko.zst) zstd -qdc "$1" >"$2/$(basename "$1" .zst)" ;;
	*.ko.gz) gzip -dc "$1" >"$2/$(basename "$1" .gz)" ;;
	*) die "unknown module compression: $1" ;;
	esac
}

# Those built into this kernel (6.12 has all but virtio_mmio) need no loading.
for m in "${boot_modules[@]}"; do
	ko=$(compgen -G "$kdir/lib/modules/*/kernel/$m.ko*" | head -n 1 || true)
	if [ -z "$ko" ]; then
		grep -qxF "kernel/$m.ko" "$kdir"/lib/modules/*/modules.builtin 2>/dev/null ||
			die "$m.ko neither a module nor built into $kdir"
		continue
	fi
	mkdir -p "$root/lib/modules/boot"
	copy_module "$ko" "$root/lib/modules/boot"
	echo "${m##*/}.ko" >>"$root/lib/modules/boot/order"
done

ko=$(compgen -G "$kdir/lib/modules/*/kernel/$MODULE.ko*" | head -n 1 || true)
if [ -n "$ko" ]; then
	copy_module "$ko" "$root/lib/modules/vmtest"
	# The guest loads it alone: it must need no other module.
	! grep -aqE 'depends=[[:alnum:]_-]' "$root/lib/modules/vmtest/"*.ko || die "$ko has dependencies"
fi

(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
