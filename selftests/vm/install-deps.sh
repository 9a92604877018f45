#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install-deps.sh [debug]: install the Debian packages make check needs,
# only those that are missing; with "debug", also what make check-debug
# needs to build its kernel. apt-get update runs only when something has to
# be installed. HNET_NO_APT=1 skips this step (report what is missing and
# carry on).

set -euo pipefail

# The two kernels CI tests (.ci/run): Debian 12's default, 6.1
# (linux-image-amd64), and 6.12 from bookworm-security (the -6.12- meta
# packages follow its updates). dkms (and openssl, with which it signs
# modules): make check-dkms. linux-source-6.12 also holds the kernel's YNL
# CLI (make ynl), which needs python3-yaml and python3-jsonschema.
# openvswitch-switch: the OVS peer of make bench (ovsdb-server,
# ovs-vswitchd, ovs-vsctl, ovs-ofctl; started in the guest). traceroute and
# iputils-tracepath: what a VM runs against hnet's routers (hnet_routing).
# iptables: Neutron's NAT in the fip path of make bench (the neutron peer).
PKGS=(
	qemu-system-x86 linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64 busybox-static
	libmnl-dev libnl-genl-3-dev libjson-c-dev iproute2 iputils-ping tcpdump
	python3-scapy python3-yaml kmod ethtool jq sparse pkg-config gcc make cpio xz-utils
	linux-source-6.1 iperf3 tshark dkms openssl
	linux-source-6.12 python3-jsonschema openvswitch-switch
	traceroute iputils-tracepath iptables
)
# Building linux-source-6.1 (selftests/vm/build-debug-kernel.sh).
if [ "${1:-}" = debug ]; then
	PKGS+=(bc bison flex libssl-dev libelf-dev)
fi

missing=()
for p in "${PKGS[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "hnet: missing packages: ${missing[*]}"
if [ "${HNET_NO_APT:-0}" = 1 ]; then
	echo "hnet: HNET_NO_APT=1, not installing them"
	exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null; then
		SUDO="sudo -n"
	else
		echo "hnet: not root and no sudo; install them first" >&2
		exit 1
	fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
