#!/usr/bin/env bash
# Installs every build, run and test dependency of ctrwatch from Debian's archive.
# Used by the README's first command (make run) and by .ci/run, so CI installs
# exactly what a user does.
#   bash scripts/install-deps.sh [--arm64]
# --arm64 adds what the arm64 cross build and its VM tests need (make ARCH=arm64,
# make vmtest ARCH=arm64): the cross compiler, Debian's arm64 libraries through
# multiarch (dpkg --add-architecture arm64) and qemu-system-aarch64.
set -euo pipefail

arm64=0
for arg in "$@"; do
	case $arg in
	--arm64) arm64=1 ;;
	*)
		echo "install-deps: unknown option $arg (--arm64)" >&2
		exit 2
		;;
	esac
done

packages=(
	# build
	make gcc clang llvm bpftool pkg-config
	libbpf-dev libelf-dev zlib1g-dev libjson-c-dev libyaml-dev libmicrohttpd-dev
	# outputs: http(s):// (libcurl on GnuTLS), tls:// (GnuTLS), bcrypt for --web-config (libcrypt)
	libcurl4-gnutls-dev libgnutls28-dev libcrypt-dev
	# integration tests: real OCI containers and a setuid binary
	runc busybox-static util-linux jq libcap2-bin mount e2fsprogs
	# every event the tests produce is validated against docs/event.schema.json
	python3-jsonschema
	# VM tests: Debian's kernels under qemu, booted with a cpio initramfs
	qemu-system-x86 cpio xz-utils
	# sanitizers' and libFuzzer's runtime for clang builds (make fuzz)
	libclang-rt-14-dev
	# observability tests
	prometheus curl
	# sink tests: real receivers (syslog, a TCP collector) and log rotation;
	# a test CA (openssl), bcrypt hashes for --web-config (htpasswd)
	rsyslog socat logrotate openssl apache2-utils
	# packaging tests: systemd-analyze verify/security, the DaemonSet's YAML, the man page
	systemd python3-yaml groff-base
	# the Debian package: dpkg-buildpackage -b (dpkg-dev, debhelper) and lintian
	dpkg-dev debhelper lintian
)
if [ $arm64 -eq 1 ]; then
	# Every library the collector links (the Makefile's LDLIBS), for arm64. busybox-static
	# and util-linux of arm64 cannot sit beside this host's: the VM tests fetch those
	# with apt-get download (tests/vmtest/debfile.sh).
	packages+=(
		gcc-aarch64-linux-gnu libc6-dev:arm64 qemu-system-arm
		libbpf-dev:arm64 libelf-dev:arm64 zlib1g-dev:arm64 libjson-c-dev:arm64
		libyaml-dev:arm64 libmicrohttpd-dev:arm64 libcurl4-gnutls-dev:arm64
		libgnutls28-dev:arm64 libcrypt-dev:arm64
	)
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: must run as root (apt-get)" >&2
	exit 1
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if [ $arm64 -eq 1 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
