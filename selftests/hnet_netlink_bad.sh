#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed and refused hnet netlink requests, sent straight to the kernel by
# hnet_nl_bad (libnl-genl-3, no hnetctl in the way): unknown attributes (top
# level and nested), wrong lengths, out of range values, missing required
# attributes, the wrong device, semantic refusals, and a caller without
# CAP_NET_ADMIN.  Each must fail with its exact errno and extack message, and
# afterwards a dump of every object must be exactly what it was before.
#
# Self-contained (does not need lib.sh).  The program is $HNET_NL_BAD, else
# ./hnet_nl_bad next to this script, else it is built into a temporary
# directory when gcc and libnl-genl-3 are there.  Exit 0 pass, 1 fail,
# 4 skip.

ksft_skip=4
dir=$(cd "$(dirname "$0")" && pwd)
ns=hnet-nlbad-$$-$RANDOM
tmpd=$(mktemp -d /tmp/hnet_netlink_bad.XXXXXX)
dev=hnet0
nfail=0
n=0

cleanup()
{
	ip netns del "$ns" 2> /dev/null
	rm -rf "$tmpd"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

skip()
{
	echo "1..0 # SKIP $*"
	exit $ksft_skip
}

result()
{
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
	else
		nfail=$((nfail + 1))
		echo "not ok $n $2"
	fi
}

find_program()
{
	local cflags libs

	if [ -n "$HNET_NL_BAD" ]; then
		[ -x "$HNET_NL_BAD" ] && prog=$HNET_NL_BAD && return 0
		return 1
	fi
	if [ -x "$dir/hnet_nl_bad" ] &&
	   [ ! "$dir/hnet_nl_bad.c" -nt "$dir/hnet_nl_bad" ]; then
		prog=$dir/hnet_nl_bad
		return 0
	fi
	# Not built (or older than its source): build a private copy.
	command -v gcc > /dev/null && command -v pkg-config > /dev/null ||
		return 1
	cflags=$(pkg-config --cflags libnl-genl-3.0 2> /dev/null) || return 1
	libs=$(pkg-config --libs libnl-genl-3.0 2> /dev/null) || return 1
	# shellcheck disable=SC2086
	gcc -Wall -I"$dir/../uapi" $cflags -o "$tmpd/hnet_nl_bad" \
		"$dir/hnet_nl_bad.c" $libs > "$tmpd/cc.log" 2>&1 || {
		sed 's/^/# /' "$tmpd/cc.log"
		return 1
	}
	prog=$tmpd/hnet_nl_bad
}

# Everything the kernel reports for the device, sorted, counters left out.
snapshot()
{
	ip netns exec "$ns" "$prog" -d "$dev" dump | sort
	ip -n "$ns" -o link show | sed 's/^[0-9]*: //' | sort
}

[ "$(id -u)" -eq 0 ] || skip "needs root"
command -v ip > /dev/null || skip "iproute2 not installed"
find_program || skip "hnet_nl_bad not built and cannot be built (gcc, libnl-genl-3-dev)"
if [ ! -d /sys/module/hnet ]; then
	modprobe hnet 2> /dev/null
	if [ ! -d /sys/module/hnet ] && [ -f "$dir/../kmod/hnet.ko" ]; then
		modprobe udp_tunnel 2> /dev/null
		insmod "$dir/../kmod/hnet.ko" 2> /dev/null
	fi
	[ -d /sys/module/hnet ] ||
		skip "hnet module not loaded and cannot be loaded"
fi

ip netns add "$ns" || skip "cannot create network namespaces"
ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1 > /dev/null 2>&1
ip -n "$ns" link set lo up
if ! ip -n "$ns" link add "$dev" type hnet 2> "$tmpd/err"; then
	echo "# $(cat "$tmpd/err")"
	skip "'ip link add type hnet' does not work"
fi

echo "TAP version 13"
echo "1..4"
echo "# program: $prog, namespace: $ns"
rc=0
ip -n "$ns" link set "$dev" up || rc=1
ip -n "$ns" link add vm1 type veth peer name vm1p || rc=1
ip -n "$ns" link add vm2 type veth peer name vm2p || rc=1
ip netns exec "$ns" "$prog" -d "$dev" -p vm1 -q vm2 setup || rc=1
snapshot > "$tmpd/before"
for obj in "dev cmd" "network cmd" "port cmd" "remote cmd" "flood cmd"; do
	count=$(grep -c "^$obj" "$tmpd/before")
	case $obj in
	network*) want=2 ;;
	*) want=1 ;;
	esac
	if [ "$count" -ne "$want" ]; then
		echo "# dump shows $count ${obj% cmd} objects, want $want"
		rc=1
	fi
done
grep -q '^vm1@vm1p: .* master '"$dev"' ' "$tmpd/before" || {
	echo "# vm1 is not enslaved to $dev after setup"
	rc=1
}
result $rc "setup: $dev with 2 networks, a port, a remote, a flood entry"
[ $rc -eq 0 ] || {
	sed 's/^/# /' "$tmpd/before"
	echo "# setup failed, the bad requests would prove nothing"
	exit 1
}

# The program prints its own KTAP; nest it as a subtest.
ip netns exec "$ns" "$prog" -d "$dev" -p vm1 -q vm2 run > "$tmpd/run" 2>&1
rc=$?
sed 's/^/    /' "$tmpd/run"
result $rc "every bad request refused with its errno and extack message"

snapshot > "$tmpd/after"
if diff -u "$tmpd/before" "$tmpd/after" > "$tmpd/diff"; then
	result 0 "dumps show exactly the objects of before the bad requests"
else
	sed 's/^/# /' "$tmpd/diff"
	result 1 "dumps show exactly the objects of before the bad requests"
fi

# The device still works for a good request after all that.
ip netns exec "$ns" "$prog" -d "$dev" -p vm2 -q vm1 setup > "$tmpd/err" 2>&1
if grep -q 'network add 1 vni 100 name blue: File exists' "$tmpd/err"; then
	result 0 "a good request after the bad ones reaches the module"
else
	sed 's/^/# /' "$tmpd/err"
	result 1 "a good request after the bad ones reaches the module"
fi

echo "# $nfail of $n failed"
[ $nfail -eq 0 ]
