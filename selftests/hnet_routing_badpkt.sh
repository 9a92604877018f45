#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad packets to a router (spec section 4): crafted frames (scapy) a VM sends
# to its gateway MAC.  Malformed IPv4 headers are counted as malformed, what
# a router does not route (IPv6, ARP, a VLAN tag, multicast, broadcast, a
# subnet's broadcast address even with TTL 1, martian sources, anything but
# an echo request to a gateway IP, a fragmented or corrupted echo request)
# as without destination; with TTL 1 or 0 the router sends time exceeded,
# but never about an ICMP error or a fragment other than the first; no
# route is net unreachable whatever the TTL; a packet with IP options is
# routed.  Then frames a peer hypervisor sends from its DVR MAC: only a
# unicast IPv4 packet to a local VM is taken (from the gateway MAC), even
# into a network that does not name the peer's VTEP; this hypervisor's own
# DVR MAC from the underlay is spoofed.  Exact counters; nothing crashes
# and routing goes on.
#
#   router 1: net 1 (10.0.1.0/24, gw .1), net 2 (10.0.2.0/24, gw .1)
#   hv1: x1 (net 1, 10.0.1.10, port security off: the datapath's own
#        checks see everything), a2 (net 2, 10.0.2.10)
#   hv2: a peer (DVR MAC 02:d0:00:00:00:02) with no VM: no network of hv1
#        names its VTEP

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require
topo_require_scapy

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_net 1 101
topo_net 2 102
topo_vm x1 1 1 02:00:00:0a:01:10 10.0.1.10 security off
topo_vm a2 1 2 02:00:00:0a:02:10 10.0.2.10
topo_apply
topo_peers
topo_router 1 1 10.0.1.1/24 2 10.0.2.1/24
HV1=${HV_NS[1]}
HV2=${HV_NS[2]}
GW1=$(gw_mac 1 1)
for v in x1 a2; do
	net=${VM_NET[$v]}
	setup ip -n "${VM_NS[$v]}" neigh replace "${NET_GW[$net]}" \
		lladdr "$(gw_mac 1 "$net")" dev eth0 nud permanent
done
expect_ping "before: x1 -> a2 routed, 3 of 3" x1 10.0.2.10 3

# Every frame from x1 to the gateway MAC; name -> frame, in one sendp.
BAD_PY='
import sys
from scapy.all import (ARP, ICMP, IP, IPOption_NOP, IPv6, UDP, Dot1Q, Ether,
                       Raw, conf, sendp)
conf.verb = 0
X1, GW = sys.argv[1], sys.argv[2]
def eth():
    return Ether(src=X1, dst=GW)
def ip(**kw):
    kw.setdefault("src", "10.0.1.10")
    kw.setdefault("dst", "10.0.2.10")
    return IP(**kw)
def cut(pkt, n):
    return Raw(load=bytes(pkt)[:n])
echo = ICMP(type=8, id=7) / Raw(b"hnet" * 8)
udp = UDP(sport=5555, dport=7777) / Raw(b"x" * 16)
frames = {
    # malformed: 5
    "bad-csum": eth() / ip(chksum=0x1234) / udp,
    "ihl-4": eth() / ip(ihl=4) / udp,
    "totlen-long": eth() / ip(len=200) / udp,
    "trunc-header": cut(eth() / ip() / udp, 14 + 10),
    "no-payload": Ether(src=X1, dst=GW, type=0x0800),
    # not routed (no_dest): 10
    "ipv6": eth() / IPv6(src="2001:db8::10", dst="2001:db8::20") / udp,
    "arp-reply": eth() / ARP(op=2, hwsrc=X1, psrc="10.0.1.10", hwdst=GW,
                             pdst="10.0.1.1"),
    "vlan": eth() / Dot1Q(vlan=10) / ip() / udp,
    "multicast": eth() / ip(dst="224.0.0.5") / udp,
    "lbcast": eth() / ip(dst="255.255.255.255") / udp,
    "subnet-bcast": eth() / ip(dst="10.0.2.255") / udp,
    "udp-to-gw": eth() / ip(dst="10.0.1.1") / udp,
    "echo-frag-to-gw": eth() / ip(dst="10.0.1.1", flags="MF") / echo,
    "echo-bad-csum-to-gw": eth() / ip(dst="10.0.2.1") / ICMP(type=8, chksum=1),
    "zero-dst": eth() / ip(dst="0.0.0.1") / udp,
    "subnet-bcast-ttl-1": eth() / ip(dst="10.0.2.255", ttl=1) / udp,
    "src-zero": eth() / ip(src="0.0.0.0") / UDP(sport=68, dport=67),
    "src-multicast": eth() / ip(src="224.0.0.9") / udp,
    "src-loopback": eth() / ip(src="127.0.0.1") / udp,
    "src-gw": eth() / ip(src="10.0.1.1") / udp,
    "src-bcast": eth() / ip(src="10.0.1.255") / udp,
    # TTL: 3 drops, one time exceeded (ttl-0)
    "ttl-0": eth() / ip(ttl=0) / udp,
    "ttl-1-icmp-error": eth() / ip(ttl=1) / ICMP(type=3, code=1) / ip() / udp,
    "ttl-1-later-frag": eth() / ip(ttl=1, frag=100) / Raw(b"y" * 32),
    # no route, TTL 1: net unreachable
    "no-route-ttl-1": eth() / ip(dst="192.168.77.1", ttl=1) / udp,
    # routed: 1 (an echo reply, which a2 takes without answering)
    "options": eth() / ip(options=[IPOption_NOP()] * 4) / ICMP(type=0, id=9),
}
for name, f in frames.items():
    sendp(f, iface="eth0")
print("sent %d" % len(frames))
'

stats_snap
stats_save
cap_start a2 "${VM_NS[a2]}" eth0 icmp
cap_start x1 "${VM_NS[x1]}" eth0 icmp
run ip netns exec "${VM_NS[x1]}" "$PYTHON" -c "$BAD_PY" "${VM_MAC[x1]}" "$GW1"
expect_eq "scapy sent the 26 frames" "$OUT" "sent 26"
[ "$RC" -eq 0 ] || log "$ERR"
cap_stop x1
cap_stop a2
stats_snap
log_deltas "1:*"
expect_delta "x1's port: 26 frames in" 1:port.x1.rx_packets 26
expect_delta "malformed IPv4 headers: 5" 1:port.x1.drop_malformed 5
expect_delta "not routed (martian sources among them): 16 without destination" \
	1:port.x1.drop_no_dest 16
expect_delta "no other drop of the port" 1:port.x1.drops 21
expect_delta "the device counts the same drops" 1:dev.drops 21
expect_delta "router: 3 TTL drops" 1:router.1.drop_ttl 3
expect_delta "router: time exceeded only for ttl-0" 1:router.1.icmp_time_exceeded 1
expect_delta "router: no route with TTL 1: net unreachable" 1:router.1.icmp_net_unreach 1
expect_delta "router: no echo reply" 1:router.1.icmp_echo_reply 0
expect_delta "router: the packet with options routed" 1:router.1.routed_packets 1
cap_count a2 "icmp and ip[0] & 0xf = 6 and ether src $(gw_mac 1 2)"
expect_eq "a2 got the packet with IP options (IHL 6)" "$CAP_N" 1
cap_count x1 "icmp[icmptype] = icmp-timxceed and src 10.0.1.1"
expect_eq "x1 got one time exceeded, from its gateway" "$CAP_N" 1
cap_count x1 "icmp[icmptype] = icmp-unreach and src 10.0.1.1"
expect_eq "x1 got one net unreachable, from its gateway" "$CAP_N" 1
cap_count x1 "icmp and ether dst ${VM_MAC[x1]}"
expect_eq "and no other ICMP" "$CAP_N" 2
expect_ping "after: x1 -> a2 routed, 3 of 3" x1 10.0.2.10 3
expect_ping "after: x1 pings its gateway" x1 10.0.1.1 2

# --- from a peer ----------------------------------------------------------------
# VXLAN datagrams from hv2's underlay address to hv1, VNI 101 (net 1, whose
# flood entries and remotes do not name hv2).
PEER_PY='
import socket, sys
from scapy.all import ARP, ICMP, IP, VXLAN, Ether, Raw, conf
conf.verb = 0
X1, DVR1, DVR2, GW = sys.argv[1:5]
def vx(src, dst, payload):
    return bytes(VXLAN(flags=0x08, vni=101) / Ether(src=src, dst=dst) / payload)
echo = IP(src="10.0.2.10", dst="10.0.1.10") / ICMP(type=0, id=9) / Raw(b"peer")
frames = [
    vx(DVR2, X1, echo),                                     # routed: taken
    vx(DVR2, "ff:ff:ff:ff:ff:ff", ARP(psrc="10.0.1.1", hwsrc=DVR2)),  # no
    vx(DVR2, "02:00:00:0a:01:99", echo),                    # unknown VM: no
    vx(DVR2, GW, echo),                                     # to the gateway: no
    vx(DVR1, X1, echo),                                     # our own DVR MAC
    vx("02:00:00:0b:0b:0b", X1, echo),                      # not a DVR MAC
]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for f in frames:
    s.sendto(f, ("192.0.2.1", 4789))
print("sent %d" % len(frames))
'
section "frames from a peer's DVR MAC"
stats_snap
stats_save
cap_start x1p "${VM_NS[x1]}" eth0
run ip netns exec "$HV2" "$PYTHON" -c "$PEER_PY" "${VM_MAC[x1]}" "$(dvr_mac 1)" \
	"$(dvr_mac 2)" "$GW1"
expect_eq "scapy sent the 6 VXLAN datagrams from hv2" "$OUT" "sent 6"
[ "$RC" -eq 0 ] || log "$ERR"
cap_stop x1p
stats_snap
log_deltas "1:*"
expect_delta "hv1 took the 6 for network 1" 1:net.1.rx_packets 6
expect_delta "x1 got one of them" 1:port.x1.tx_packets 1
expect_delta "not a routed frame (broadcast, unknown VM, to the gateway): 3 without destination" \
	1:net.1.drop_no_dest 3
expect_delta "hv1's own DVR MAC from the underlay: spoofed" 1:net.1.drop_spoofed 1
expect_delta "not a DVR MAC, from a VTEP net 1 does not name: unknown VTEP" \
	1:net.1.drop_unknown_vtep 1
cap_count x1p "icmp and ether src $GW1"
expect_eq "x1 saw the routed frame from its gateway MAC" "$CAP_N" 1
cap_count x1p "ether src $(dvr_mac 2) or ether src $(dvr_mac 1) or arp"
expect_eq "x1 saw no DVR MAC and no ARP" "$CAP_N" 0

ksft_exit
