#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad requests through hnetctl: each is refused by the kernel with its
# specific extack message (exit 1, "Error: MSG" on stderr), and show proves
# that nothing changed.  The limits of a device (max-networks, max-ports,
# max-remotes, max-floods): an object beyond one is refused, and so is a
# limit below the current count.  An unprivileged caller gets EPERM, for
# reads and monitor too.  (Malformed messages that hnetctl cannot send are
# tested by hnet_netlink_bad.sh.)

source "$(dirname "$0")/lib.sh"

hnet_require setpriv

# The kernel's extack messages (kmod/).
M_RANGE="integer out of range"		# the policy's own message, and the
M_VNI_RANGE="$M_RANGE (valid range 1..16777215)"	# bounds hnetctl reads
M_ID_RANGE="$M_RANGE (valid range 1..4294967295)"	# from its policy report
M_VNI_USED="VNI already used by another network"
M_NET_EXISTS="network id already exists"
M_NET_UNKNOWN="unknown network"
M_PORT_BUSY="netdev is already an hnet port"
M_PORT_ENSLAVED="netdev is enslaved to another device"
M_PORT_HNET="cannot attach an hnet device as a port"
M_PORT_LOOPBACK="cannot attach a loopback device"
M_PORT_NODEV="port netdev not found"
M_MAC="MAC must be a unicast, non-zero address"
M_ALLOWED_MAC="allowed pair MAC must be a unicast, non-zero address"
M_MAC_PORT_USED="MAC already used by a port on this network"
M_MAC_REMOTE_USED="MAC already used by a remote on this network"
M_REMOTE_EXISTS="remote already exists"
M_FLOOD_EXISTS="flood entry already exists"
M_PORT_NOTPORT="netdev is not a port of this hnet device"
M_REMOTE_UNKNOWN="remote not found"
M_FLOOD_UNKNOWN="flood entry not found"
M_DEV_UNKNOWN="hnet device not found"
M_EPERM="Operation not permitted (needs CAP_NET_ADMIN)"	# hnetctl's hint
M_MAX_NETS="too many networks on this device (max-networks)"
M_MAX_PORTS="too many ports on this device (max-ports)"
M_MAX_REMOTES="too many remotes on this device (max-remotes)"
M_MAX_FLOODS="too many flood entries on this network (max-floods)"
M_BELOW_NETS="limit below the current number of networks"
M_BELOW_PORTS="limit below the current number of ports"
M_BELOW_REMOTES="limit below the current number of remotes"
M_BELOW_FLOODS="limit below the current number of flood entries of a network"
M_IP6="fixed IP must be a unicast IPv6 address"
M_REMOTE_IP6="remote IP must be a unicast IPv6 address"
M_IP_USED="IP already used on this network"
M_TOO_MANY_IPS="too many fixed IPs (max 16)"
M_TOO_MANY_REMOTE_IPS="too many remote IPs (max 16)"
M_ALLOWED_MAPPED="allowed IPv6 address must not be IPv4-mapped"
M_ALLOWED_BOTH="allowed pair has both an IPv4 and an IPv6 address"

ns_create HV hv
ns_create VM vm
ns_create OTHER hv
dev_add "$HV" hnet0
dev_add "$HV" hnet1
dev_add "$HV" hnet2
veth_vm "$HV" vm1 "$VM" eth1
veth_vm "$HV" vm2 "$VM" eth2
veth_vm "$HV" vm3 "$VM" eth5
veth_vm "$HV" vm4 "$VM" eth6
veth_vm "$HV" vm5 "$VM" eth7
veth_vm "$HV" vmb "$VM" eth3
veth_vm "$OTHER" vmz "$VM" eth4
setup ip -n "$HV" link add br0 type bridge
setup ip -n "$HV" link set vmb master br0

B=$TMPD/base
cat > "$B" << EOF
network add 1 vni 100 name blue dev hnet0
network add 2 vni 200 dev hnet0
network add 1 vni 100 dev hnet1
port add vm1 network 1 mac 02:00:00:00:00:01 ip 10.0.0.1 dev hnet0
remote add network 1 mac 02:00:00:00:01:01 ip 10.0.0.5 ip fd00::5 vtep 192.0.2.2 dev hnet0
flood add network 1 vtep 192.0.2.2 dev hnet0
EOF
setup hn "$HV" -b "$B"

# Everything observable about the configuration of both devices (the
# generation counter included) and of the netdevs of the namespace.
for d in hnet0 hnet1 hnet2; do
	for o in dev network port remote flood; do
		echo "$o show dev $d"
	done
done > "$TMPD/snap"
# ... and the netdevs of the namespace.
snapshot()
{
	run hn "$SNAP_NS" -j -b "$SNAP_FILE"
	SNAP=$OUT
	run ip -n "$SNAP_NS" -d link show
	SNAP+=$'\n'$OUT
}
snapshot_init "$HV" "$TMPD/snap"

# --- networks -------------------------------------------------------------
section "networks"
refused "VNI 0" "$M_VNI_RANGE" network add 3 vni 0 dev hnet0
refused "VNI 16777216" "$M_VNI_RANGE" network add 3 vni 16777216 dev hnet0
refused "VNI already used" "$M_VNI_USED" network add 3 vni 100 dev hnet0
refused "network id already used" "$M_NET_EXISTS" network add 1 vni 300 dev hnet0
refused "network id already used, same vni" "$M_NET_EXISTS" network add 2 vni 200 dev hnet0
refused "network id 0" "$M_ID_RANGE" network add 0 vni 300 dev hnet0

# --- ports ----------------------------------------------------------------
section "ports"
refused "port on an unknown network" "$M_NET_UNKNOWN" \
	port add vm2 network 99 mac 02:00:00:00:00:02 dev hnet0
refused "port on a network of another device" "$M_NET_UNKNOWN" \
	port add vm2 network 2 mac 02:00:00:00:00:02 dev hnet1
refused "netdev that is already a port" "$M_PORT_BUSY" \
	port add vm1 network 2 mac 02:00:00:00:00:02 dev hnet0
refused "netdev that is already a port of another hnet device" "$M_PORT_BUSY" \
	port add vm1 network 1 mac 02:00:00:00:00:02 dev hnet1
refused "netdev enslaved to a bridge" "$M_PORT_ENSLAVED" \
	port add vmb network 1 mac 02:00:00:00:00:02 dev hnet0
refused "the hnet device itself" "$M_PORT_HNET" \
	port add hnet0 network 1 mac 02:00:00:00:00:02 dev hnet0
refused "another hnet device" "$M_PORT_HNET" \
	port add hnet1 network 1 mac 02:00:00:00:00:02 dev hnet0
refused "loopback" "$M_PORT_LOOPBACK" \
	port add lo network 1 mac 02:00:00:00:00:02 dev hnet0
refused "netdev in another namespace" "$M_PORT_NODEV" \
	port add vmz network 1 mac 02:00:00:00:00:02 dev hnet0
refused "port with a multicast MAC" "$M_MAC" \
	port add vm2 network 1 mac 01:00:5e:00:00:02 dev hnet0
refused "port with the broadcast MAC" "$M_MAC" \
	port add vm2 network 1 mac ff:ff:ff:ff:ff:ff dev hnet0
refused "port with a zero MAC" "$M_MAC" \
	port add vm2 network 1 mac 00:00:00:00:00:00 dev hnet0
refused "port with an allowed pair with a multicast MAC" "$M_ALLOWED_MAC" \
	port add vm2 network 1 mac 02:00:00:00:00:02 allow 10.0.0.0/24 mac 33:33:00:00:00:01 dev hnet0
refused "port MAC used by a remote on the network" "$M_MAC_REMOTE_USED" \
	port add vm2 network 1 mac 02:00:00:00:01:01 dev hnet0
refused "port MAC used by another port on the network" "$M_MAC_PORT_USED" \
	port add vm2 network 1 mac 02:00:00:00:00:01 dev hnet0
refused "remote MAC used by a port on the network" "$M_MAC_PORT_USED" \
	remote add network 1 mac 02:00:00:00:00:01 vtep 192.0.2.3 dev hnet0
refused "unknown hnet device" "$M_DEV_UNKNOWN" network add 3 vni 300 dev nosuch0
refused "a netdev that is not an hnet device" "not an hnet device" \
	network add 3 vni 300 dev vm2
check_not "a port cannot be enslaved to a bridge as well" ip -n "$HV" link set vm1 master br0
link_info "$HV" vm1
expect_eq "vm1 still a port of hnet0" "$L_MASTER" hnet0
link_info "$HV" vmb
expect_eq "vmb still in the bridge" "$L_MASTER" br0
link_info "$HV" vm2
expect_eq "vm2 still free" "$L_MASTER" none
link_info "$OTHER" vmz
expect_eq "vmz still free, in its own namespace" "$L_MASTER" none

# --- remotes and flood entries --------------------------------------------
section "remotes and flood entries"
refused "remote with a multicast MAC" "$M_MAC" \
	remote add network 1 mac 01:00:5e:00:00:05 vtep 192.0.2.3 dev hnet0
refused "remote with a zero MAC" "$M_MAC" \
	remote add network 1 mac 00:00:00:00:00:00 vtep 192.0.2.3 dev hnet0
refused "duplicate remote" "$M_REMOTE_EXISTS" \
	remote add network 1 mac 02:00:00:00:01:01 ip 10.0.0.5 vtep 192.0.2.2 dev hnet0
refused "duplicate remote, other vtep" "$M_REMOTE_EXISTS" \
	remote add network 1 mac 02:00:00:00:01:01 vtep 192.0.2.7 dev hnet0
refused "remote on an unknown network" "$M_NET_UNKNOWN" \
	remote add network 99 mac 02:00:00:00:01:09 vtep 192.0.2.3 dev hnet0
refused "duplicate flood entry" "$M_FLOOD_EXISTS" \
	flood add network 1 vtep 192.0.2.2 dev hnet0
refused "flood on an unknown network" "$M_NET_UNKNOWN" \
	flood add network 99 vtep 192.0.2.2 dev hnet0

# --- IPv6 addresses ---------------------------------------------------------
section "IPv6 addresses"
P2="port add vm2 network 1 mac 02:00:00:00:00:02"
R9="remote add network 1 mac 02:00:00:00:01:09"
# shellcheck disable=SC2086,SC2046 # P2, R9 and the IP lists are several words
{
refused "IPv6 multicast fixed IP" "$M_IP6" $P2 ip ff02::1 dev hnet0
refused "unspecified fixed IP ::" "$M_IP6" $P2 ip :: dev hnet0
refused "loopback fixed IP ::1" "$M_IP6" $P2 ip ::1 dev hnet0
refused "IPv4-mapped fixed IP" "$M_IP6" $P2 ip ::ffff:10.0.0.9 dev hnet0
refused "a bad IPv6 fixed IP after good ones: nothing applied" "$M_IP6" \
	$P2 ip 10.0.0.9 ip fd00::9 ip ff05::2 dev hnet0
refused "IPv6 remote IP multicast" "$M_REMOTE_IP6" $R9 ip ff05::1 vtep 192.0.2.3 dev hnet0
refused "IPv6 remote IP ::" "$M_REMOTE_IP6" $R9 ip :: vtep 192.0.2.3 dev hnet0
refused "IPv6 fixed IP of a remote on the network" "$M_IP_USED" $P2 ip fd00::5 dev hnet0
refused "IPv6 remote IP of a remote on the network" "$M_IP_USED" \
	$R9 ip 10.0.0.9 ip fd00::5 vtep 192.0.2.3 dev hnet0
refused "the same IPv6 fixed IP twice" "$M_IP_USED" $P2 ip fd00::9 ip fd00::9 dev hnet0
refused "17 fixed IPs (16 IPv4, 1 IPv6)" "$M_TOO_MANY_IPS" \
	$P2 $(printf 'ip 10.0.1.%d ' {1..16}) ip fd00::9 dev hnet0
refused "17 remote IPs (8 IPv6, 9 IPv4)" "$M_TOO_MANY_REMOTE_IPS" \
	$R9 $(printf 'ip fd00::1:%d ' {1..8}) $(printf 'ip 10.0.1.%d ' {1..9}) vtep 192.0.2.3 dev hnet0
refused "IPv4-mapped allowed prefix" "$M_ALLOWED_MAPPED" \
	$P2 allow ::ffff:10.0.0.0/104 dev hnet0
expect_usage "allow an IPv4 prefix longer than 32 (hnetctl)" \
	hn "$HV" $P2 allow 10.0.0.0/33 dev hnet0
expect_usage "allow an IPv6 prefix longer than 128 (hnetctl)" \
	hn "$HV" $P2 allow fd00::/129 dev hnet0
expect_usage "ip: not an address" hn "$HV" $P2 ip fd00::1::2 dev hnet0
}
link_info "$HV" vm2
expect_eq "vm2 still free" "$L_MASTER" none

# Allowed pairs hnetctl cannot send: a raw PORT_NEW of vm2 on hnet0 with
# one allowed pair per case.  Prints "errno at-attr|offset=N want=M
# max=POLICY-MAX message" per case.
RAW6_PY='
import re, socket, struct, sys
hdr = open(sys.argv[1]).read()
def enum(name):
    body = re.search(r"enum %s \{(.*?)\};" % name, hdr, re.S).group(1)
    names = re.findall(r"^\s*(\w+)\s*,", body, re.M)
    return {n: i for i, n in enumerate(names)}
cmd, top = enum("hnet_cmd"), enum("hnet_attr")
port, pair = enum("hnet_port_attr"), enum("hnet_allowed_attr")
def attr(t, data):
    a = struct.pack("HH", 4 + len(data), t) + data
    return a + b"\0" * (-len(a) % 4)
def msg(typ, c, attrs, flags=5):
    body = struct.pack("BBH", c, 1, 0) + attrs
    return struct.pack("IHHII", 16 + len(body), typ, flags, 1, 0) + body
def tlvs(b):
    out = {}
    while len(b) >= 4:
        l, t = struct.unpack_from("HH", b)
        out[t & 0x3fff] = b[4:l]
        b = b[(l + 3) & ~3:]
    return out
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
s.setsockopt(270, 11, 1)
s.send(msg(0x10, 3, attr(2, b"hnet\0"), 1))
fam = struct.unpack_from("H", tlvs(s.recv(65536)[20:])[1])[0]
A4 = socket.inet_pton(socket.AF_INET, "10.0.0.0")
A6 = socket.inet_pton(socket.AF_INET6, "fd00::")
cases = {
    "both": [("ADDR", A4), ("ADDR6", A6)],
    "v4-33": [("ADDR", A4), ("PREFIXLEN", b"\x21")],
    "v6-129": [("ADDR6", A6), ("PREFIXLEN", b"\x81")],
}
for name in sys.argv[2:]:
    pre = attr(top["HNET_A_IFNAME"], b"hnet0\0")
    head = attr(port["HNET_PORT_A_IFNAME"], b"vm2\0") + \
        attr(port["HNET_PORT_A_NETWORK_ID"], struct.pack("I", 1)) + \
        attr(port["HNET_PORT_A_MAC"], bytes.fromhex("020000000002"))
    inner = b""
    for n, d in cases[name]:
        want = 16 + 4 + len(pre) + 4 + len(head) + 4 + len(inner)
        inner += attr(pair["HNET_ALLOWED_A_" + n], d)
    nest = head + attr(port["HNET_PORT_A_ALLOWED"] | 0x8000, inner)
    s.send(msg(fam, cmd["HNET_CMD_PORT_NEW"], pre + attr(top["HNET_A_PORT"] | 0x8000, nest)))
    while True:
        r = s.recv(65536)
        typ, flags = struct.unpack_from("HH", r, 4)
        if typ == 2:
            break
    err = -struct.unpack_from("i", r, 16)[0]
    olen = struct.unpack_from("I", r, 20)[0]
    t = tlvs(r[20 + (16 if flags & 0x100 else olen):]) if flags & 0x200 else {}
    off = struct.unpack_from("I", t[2])[0] if 2 in t else -1
    # NLMSGERR_ATTR_POLICY (4), in it NL_POLICY_TYPE_ATTR_MAX_VALUE_U (5)
    pol = tlvs(t[4]) if 4 in t else {}
    pmax = struct.unpack_from("Q", pol[5])[0] if 5 in pol else "-"
    print(name, err, "at-attr" if off == want else "offset=%d want=%d" % (off, want),
          "max=%s" % pmax, t.get(1, b"").rstrip(b"\0").decode())
'
if command -v "$PYTHON" > /dev/null; then
	run ip netns exec "$HV" "$PYTHON" -c "$RAW6_PY" \
		"$SELFTEST_DIR/../uapi/linux/hnet.h" both v4-33 v6-129
	log "$OUT $ERR"
	declare -A RAW6
	while read -r n rest; do
		[ -n "$n" ] && RAW6[$n]=$rest
	done <<< "$OUT"
	expect_eq "allowed pair with ADDR and ADDR6: EINVAL at ADDR6" "${RAW6[both]}" \
		"22 at-attr max=- $M_ALLOWED_BOTH"
	expect_eq "IPv4 allowed pair /33: ERANGE at PREFIXLEN, policy max 32" "${RAW6[v4-33]}" \
		"34 at-attr max=32 $M_RANGE"
	expect_eq "IPv6 allowed pair /129: ERANGE at PREFIXLEN, policy max 128" "${RAW6[v6-129]}" \
		"34 at-attr max=128 $M_RANGE"
	snapshot
	if [ "$SNAP" != "$BASE" ]; then
		fail "raw allowed pairs: nothing changed" "$(diff <(echo "$BASE") <(echo "$SNAP"))"
		BASE=$SNAP
	else
		ok "raw allowed pairs: nothing changed"
	fi
else
	log "SKIP raw allowed-pair checks: no python"
fi

# --- a port named by an IFINDEX and an IFNAME of different netdevs ---------
# hnetctl names ports by IFNAME only: a raw genetlink request (python, the
# numbers read from the uAPI header) with both.  Prints "errno offset=N
# want=M message" for the reply to CMD (PORT_DEL or PORT_GET) on hnet0.
section "port named by IFINDEX and IFNAME"
RAW_PY='
import os, re, socket, struct, sys
hdr = open(sys.argv[1]).read()
def enum(name):
    body = re.search(r"enum %s \{(.*?)\};" % name, hdr, re.S).group(1)
    names = re.findall(r"^\s*(\w+)\s*,", body, re.M)
    return {n: i for i, n in enumerate(names)}
cmd, top, port = enum("hnet_cmd"), enum("hnet_attr"), enum("hnet_port_attr")
def attr(t, data):
    a = struct.pack("HH", 4 + len(data), t) + data
    return a + b"\0" * (-len(a) % 4)
def msg(typ, c, attrs, flags=5):
    body = struct.pack("BBH", c, 1, 0) + attrs
    return struct.pack("IHHII", 16 + len(body), typ, flags, 1, 0) + body
def tlvs(b):
    out = {}
    while len(b) >= 4:
        l, t = struct.unpack_from("HH", b)
        out[t & 0x3fff] = b[4:l]
        b = b[(l + 3) & ~3:]
    return out
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
s.setsockopt(270, 11, 1)
s.send(msg(0x10, 3, attr(2, b"hnet\0"), 1))
fam = struct.unpack_from("H", tlvs(s.recv(65536)[20:])[1])[0]
c, ifindex, ifname = sys.argv[2], int(sys.argv[3]), sys.argv[4].encode() + b"\0"
pre = attr(top["HNET_A_IFNAME"], b"hnet0\0")
inner0 = attr(port["HNET_PORT_A_IFINDEX"], struct.pack("I", ifindex))
want = 16 + 4 + len(pre) + 4 + len(inner0)
nest = inner0 + attr(port["HNET_PORT_A_IFNAME"], ifname)
s.send(msg(fam, cmd["HNET_CMD_" + c], pre + attr(top["HNET_A_PORT"] | 0x8000, nest)))
while True:
    r = s.recv(65536)
    typ, flags = struct.unpack_from("HH", r, 4)
    if typ == 2:
        break
err = -struct.unpack_from("i", r, 16)[0]
olen = struct.unpack_from("I", r, 20)[0]
t = tlvs(r[20 + (16 if flags & 0x100 else olen):]) if flags & 0x200 else {}
off = struct.unpack_from("I", t[2])[0] if 2 in t else -1
print(err, "offset=%d" % off, "want=%d" % want, t.get(1, b"").rstrip(b"\0").decode())
'
raw_port()
{
	local c=$1 a=$2 b=$3 idx

	idx=$(ip netns exec "$HV" cat "/sys/class/net/$a/ifindex")
	run ip netns exec "$HV" "$PYTHON" -c "$RAW_PY" \
		"$SELFTEST_DIR/../uapi/linux/hnet.h" "$c" "$idx" "$b"
}
if command -v "$PYTHON" > /dev/null; then
	M_DIFF="IFINDEX and IFNAME name different netdevs"
	raw_port PORT_DEL vm1 vm2
	log "PORT_DEL ifindex(vm1) ifname vm2: $OUT $ERR"
	read -r e o w m <<< "$OUT"
	expect_eq "port del, IFINDEX vm1 and IFNAME vm2: EINVAL" "$e" 22
	expect_eq "... with the message" "$m" "$M_DIFF"
	expect_eq "... pointing at HNET_PORT_A_IFNAME" "${o#offset=}" "${w#want=}"
	snapshot
	if [ "$SNAP" != "$BASE" ]; then
		fail "port del with IFINDEX/IFNAME mismatch: nothing changed" \
			"$(diff <(echo "$BASE") <(echo "$SNAP"))"
		BASE=$SNAP
	else
		ok "port del with IFINDEX/IFNAME mismatch: nothing changed"
	fi
	link_info "$HV" vm1
	expect_eq "vm1 still a port of hnet0" "$L_MASTER" hnet0
	raw_port PORT_GET vm2 vm1
	read -r e o w m <<< "$OUT"
	expect_eq "port get, IFINDEX vm2 and IFNAME vm1: EINVAL" "$e" 22
	expect_eq "... with the message" "$m" "$M_DIFF"
	raw_port PORT_GET vm1 vm1
	read -r e o w m <<< "$OUT"
	expect_eq "port get, IFINDEX and IFNAME both vm1: answered" "$e" 0
else
	log "SKIP raw genetlink checks: no python"
fi

# --- deleting unknown objects ---------------------------------------------
section "deleting unknown objects"
refused "network del unknown" "$M_NET_UNKNOWN" network del 99 dev hnet0
refused "port del of a netdev that is not a port" "$M_PORT_NOTPORT" port del vm2 dev hnet0
refused "port del of another device's port" "$M_PORT_NOTPORT" port del vm1 dev hnet1
refused "port del of a netdev that does not exist" "$M_PORT_NODEV" port del nosuch0 dev hnet0
refused "remote del unknown" "$M_REMOTE_UNKNOWN" \
	remote del network 1 mac 02:00:00:00:01:09 dev hnet0
refused "remote del on an unknown network" "$M_NET_UNKNOWN" \
	remote del network 99 mac 02:00:00:00:01:01 dev hnet0
refused "flood del unknown" "$M_FLOOD_UNKNOWN" flood del network 1 vtep 192.0.2.9 dev hnet0
refused "flood del on an unknown network" "$M_NET_UNKNOWN" \
	flood del network 99 vtep 192.0.2.2 dev hnet0

# --- limits ---------------------------------------------------------------
# hnet2: 2 networks, 2 ports, 2 remotes (one per network: max-remotes is per
# device) and 2 flood entries on network 1 (max-floods is per network), each
# limit set to exactly that.
section "limits"
cat > "$B" << EOF
network add 1 vni 100 dev hnet2
network add 2 vni 200 dev hnet2
port add vm3 network 1 mac 02:00:00:00:03:01 dev hnet2
port add vm4 network 2 mac 02:00:00:00:03:02 dev hnet2
remote add network 1 mac 02:00:00:00:13:01 vtep 192.0.2.2 dev hnet2
remote add network 2 mac 02:00:00:00:13:02 vtep 192.0.2.2 dev hnet2
flood add network 1 vtep 192.0.2.2 dev hnet2
flood add network 1 vtep 192.0.2.3 dev hnet2
dev set dev hnet2 max-networks 2 max-ports 2 max-remotes 2 max-floods 2
EOF
check "limits set to the current counts are accepted" hn "$HV" -b "$B"
snapshot
BASE=$SNAP
refused "a network beyond max-networks" "$M_MAX_NETS" network add 3 vni 300 dev hnet2
refused "a port beyond max-ports" "$M_MAX_PORTS" \
	port add vm5 network 1 mac 02:00:00:00:03:03 dev hnet2
link_info "$HV" vm5
expect_eq "vm5, refused by max-ports, still free" "$L_MASTER" none
refused "a remote beyond max-remotes (a limit of the device)" "$M_MAX_REMOTES" \
	remote add network 1 mac 02:00:00:00:13:03 vtep 192.0.2.3 dev hnet2
refused "a flood entry beyond max-floods" "$M_MAX_FLOODS" \
	flood add network 1 vtep 192.0.2.4 dev hnet2
refused "max-networks below the number of networks" "$M_BELOW_NETS" \
	dev set dev hnet2 max-networks 1
refused "max-ports below the number of ports" "$M_BELOW_PORTS" \
	dev set dev hnet2 max-ports 1
refused "max-remotes below the number of remotes" "$M_BELOW_REMOTES" \
	dev set dev hnet2 max-remotes 1
refused "max-floods below the flood entries of a network" "$M_BELOW_FLOODS" \
	dev set dev hnet2 max-floods 1
refused "a limit raised and one too low: refused as a whole" "$M_BELOW_NETS" \
	dev set dev hnet2 max-ports 100 source-check off max-networks 1
expect_jq "the limits and source-check are as they were" \
	'.[0] | [.max_networks, .max_ports, .max_remotes, .max_floods, .source_check]' \
	'[2,2,2,2,true]' hn "$HV" -j dev show dev hnet2
cat > "$B" << EOF
flood add network 2 vtep 192.0.2.4 dev hnet2
network add 3 vni 300 dev hnet1
remote add network 1 mac 02:00:00:00:13:03 vtep 192.0.2.3 dev hnet1
EOF
check "max-floods counts per network, the limits per device" hn "$HV" -b "$B"
cat > "$B" << EOF
dev set dev hnet2 max-networks 3 max-ports 3 max-remotes 3 max-floods 3
network add 3 vni 300 dev hnet2
port add vm5 network 3 mac 02:00:00:00:03:03 dev hnet2
remote add network 3 mac 02:00:00:00:13:03 vtep 192.0.2.3 dev hnet2
flood add network 1 vtep 192.0.2.4 dev hnet2
EOF
check "raised limits make room" hn "$HV" -b "$B"
cat > "$B" << EOF
network del 3 dev hnet2
flood del network 1 vtep 192.0.2.4 dev hnet2
dev set dev hnet2 max-networks 2 max-ports 2 max-remotes 2 max-floods 2
EOF
check "deleting (a network with its port and remote) makes room to lower them again" \
	hn "$HV" -b "$B"
snapshot
BASE=$SNAP
refused "and a network beyond max-networks is refused again" "$M_MAX_NETS" \
	network add 3 vni 300 dev hnet2

# --- unprivileged caller --------------------------------------------------
section "unprivileged caller"
unpriv()
{
	setpriv --inh-caps=-net_admin --bounding-set=-net_admin -- "$@"
}
if unpriv true 2> /dev/null; then
	run unpriv grep CapEff /proc/self/status
	log "unprivileged: $OUT"
	expect_fail_with "unprivileged network add: EPERM" "$M_EPERM" 1 \
		unpriv "$HNETCTL" -n "$HV" network add 3 vni 300 dev hnet0
	expect_fail_with "unprivileged network del: EPERM" "$M_EPERM" 1 \
		unpriv "$HNETCTL" -n "$HV" network del 1 dev hnet0
	expect_fail_with "unprivileged port add: EPERM" "$M_EPERM" 1 \
		unpriv "$HNETCTL" -n "$HV" port add vm2 network 1 mac 02:00:00:00:00:02 dev hnet0
	expect_fail_with "unprivileged port del: EPERM" "$M_EPERM" 1 \
		unpriv "$HNETCTL" -n "$HV" port del vm1 dev hnet0
	expect_fail_with "unprivileged remote add: EPERM" "$M_EPERM" 1 \
		unpriv "$HNETCTL" -n "$HV" remote add network 1 mac 02:00:00:00:01:03 vtep 192.0.2.3 dev hnet0
	expect_fail_with "unprivileged flood del: EPERM" "$M_EPERM" 1 \
		unpriv "$HNETCTL" -n "$HV" flood del network 1 vtep 192.0.2.2 dev hnet0
	expect_fail_with "unprivileged dev set: EPERM" "$M_EPERM" 1 \
		unpriv "$HNETCTL" -n "$HV" dev set vtep 192.0.2.77 dev hnet0
	expect_fail_with "unprivileged dev set of a limit: EPERM" "$M_EPERM" 1 \
		unpriv "$HNETCTL" -n "$HV" dev set max-ports 9 dev hnet0
	snapshot
	expect_eq "unprivileged callers changed nothing" "$SNAP" "$BASE"
	# Reads are refused too (they show every tenant's addresses).
	cat > "$TMPD/reads" << EOF
dev show
dev show dev hnet0
network show dev hnet0
network show 1 dev hnet0
port show dev hnet0
port show vm1 dev hnet0
remote show network 1 dev hnet0
flood show dev hnet0
stats show dev hnet0
EOF
	want=
	for i in 1 2 3 4 5 6 7 8 9; do
		want+="Error: $M_EPERM"$'\n'"Command failed $TMPD/reads:$i"$'\n'
	done
	run unpriv "$HNETCTL" -n "$HV" -f -b "$TMPD/reads"
	expect_eq "unprivileged show, dump and get of every object, stats show: EPERM, exit 1" \
		"$RC:$OUT:$ERR" "1::${want%$'\n'}"
	expect_fail_with "unprivileged monitor: cannot join the events group" \
		"cannot join the \"events\" group: $M_EPERM" 1 \
		timeout 10 setpriv --inh-caps=-net_admin --bounding-set=-net_admin -- \
		"$HNETCTL" -n "$HV" monitor
else
	log "SKIP unprivileged checks: setpriv cannot drop CAP_NET_ADMIN"
fi

ksft_exit
