#!/usr/bin/env bash
# Fetches one of Debian's own kernels for the VM tests and prints the
# directory it is extracted to (boot/vmlinuz-*, lib/modules/*).
#   bash tests/vmtest/kernel.sh CACHE_DIR 6.1|6.12|PACKAGE [DEB_ARCH]
# 6.1 is Debian 12's stock kernel (linux-image-cloud-amd64); 6.12 the one
# Debian 12 carries in bookworm-security (linux-image-6.12-cloud-amd64).
# DEB_ARCH (amd64, arm64; default this host's) picks the flavour: another
# architecture's package comes through multiarch (dpkg --add-architecture). The
# metapackage names the current ABI; its -unsigned twin has the same kernel
# and modules without the Secure Boot signature wrapping. Downloads are
# cached: a kernel already extracted is not fetched again.
set -euo pipefail

die()
{
	echo "vmtest: $*" >&2
	exit 1
}

[ $# -eq 2 ] || [ $# -eq 3 ] || die "usage: kernel.sh CACHE_DIR 6.1|6.12|PACKAGE [DEB_ARCH]"
cache=$1
want=$2
arch=${3:-$(dpkg --print-architecture)}
case $arch in
amd64) flavour=cloud-amd64 ;;
arm64) flavour=cloud-arm64 ;;
*) die "no Debian cloud kernel flavour for architecture $arch" ;;
esac

# The image package a metapackage depends on (its first linux-image-* dependency).
meta_target()
{
	apt-cache depends "$1:$arch" 2>/dev/null |
		sed -nE 's/^ *Depends: (linux-image-[^ :]+)(:[a-z0-9]+)?$/\1/p' | head -n 1
}

case $want in
6.1) meta=linux-image-$flavour ;;
6.12) meta=linux-image-6.12-$flavour ;;
linux-image-*) meta="" ;;
*) die "unknown kernel '$want' (6.1, 6.12 or a linux-image-* package)" ;;
esac
if [ -n "$meta" ]; then
	image=$(meta_target "$meta")
	[ -n "$image" ] || die "apt does not know $meta:$arch: run 'apt-get update' (scripts/install-deps.sh does; --arm64 for arm64)"
	pkg=${image%-unsigned}-unsigned
else
	pkg=$want
fi

dir=$cache/kernels/$pkg
if ! compgen -G "$dir/boot/vmlinuz-*" >/dev/null; then
	mkdir -p "$cache/debs"
	deb=$(compgen -G "$cache/debs/${pkg}_*.deb" | head -n 1 || true)
	if [ -z "$deb" ]; then
		# apt's download sandbox user must be able to write here.
		tmp=$(mktemp -d "$cache/debs/.dl.XXXXXX")
		chmod 777 "$tmp"
		(cd "$tmp" && apt-get download -q "$pkg:$arch" >&2) ||
			{ rm -rf "$tmp"; die "cannot download $pkg from the apt archive"; }
		mv "$tmp"/*.deb "$cache/debs/"
		rm -rf "$tmp"
		deb=$(compgen -G "$cache/debs/${pkg}_*.deb" | head -n 1)
	fi
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp"
	dpkg-deb -x "$deb" "$dir.tmp" || die "cannot extract $deb"
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
fi
compgen -G "$dir/boot/vmlinuz-*" >/dev/null || die "$pkg has no boot/vmlinuz-*"
echo "$dir"
