#!/usr/bin/env bash
# Prints the path of one file of another architecture's Debian package,
# downloaded with apt-get download and extracted once into the cache:
#   bash tests/vmtest/debfile.sh CACHE_DIR PACKAGE:DEB_ARCH PATH
# For what cannot be installed beside this host's own copy (busybox-static,
# util-linux): the VM tests' guest of another architecture gets its tools here.
set -euo pipefail

die()
{
	echo "vmtest: $*" >&2
	exit 1
}

[ $# -eq 3 ] || die "usage: debfile.sh CACHE_DIR PACKAGE:DEB_ARCH PATH"
cache=$1
pkg=$2
path=${3#/}
dir=$cache/debfiles/${pkg/:/_}

if [ ! -e "$dir/$path" ]; then
	mkdir -p "$cache/debfiles"
	# apt's download sandbox user must be able to write here.
	tmp=$(mktemp -d "$cache/debfiles/.dl.XXXXXX")
	chmod 777 "$tmp"
	(cd "$tmp" && apt-get download -q "$pkg" >&2) ||
		{ rm -rf "$tmp"; die "cannot download $pkg (dpkg --add-architecture ${pkg#*:}; apt-get update)"; }
	rm -rf "$dir"
	mkdir -p "$dir"
	dpkg-deb -x "$tmp"/*.deb "$dir" || { rm -rf "$tmp"; die "cannot extract $pkg"; }
	rm -rf "$tmp"
fi
[ -e "$dir/$path" ] || die "$pkg has no /$path"
echo "$dir/$path"
