#!/usr/bin/env bash
# Installs every build, run and test dependency of ctrwatch from Debian's archive.
# Used by the README's first command (make run) and by .ci/run, so CI installs
# exactly what a user does.
set -euo pipefail

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
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
