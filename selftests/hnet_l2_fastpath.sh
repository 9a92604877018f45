#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The fast path (issue 7), each part observable:
#  - flooding: a broadcast reaches every other local port and every flood
#    VTEP exactly once (the last copy is the frame itself, not a clone);
#  - ECN (RFC 6040): the outer header carries the inner ECN field (CE as
#    ECT(0)); a CE mark on the outer header (VXLAN packets sent to hv2
#    with an outer CE, as a congested router marks them) reaches the VM on
#    an ECN-capable packet, and an outer CE on a packet that is not
#    ECN-capable is dropped, counted as malformed;
#  - the route cache per destination VTEP: once traffic has flowed, a new
#    route to the remote VTEP (another link) is followed at once, and so
#    is the way back; a new VTEP of the device is the source of the next
#    packets;
#  - GRO on the VXLAN socket: a TCP stream whose VXLAN packets are
#    segmented to the underlay MTU on the wire reaches the receiving VM in
#    GRO'd packets larger than the MTU (hnet counts fewer packets than the
#    wire carried), intact.
#
#   hv1: vm1 10.0.0.1, vm3 10.0.0.3, vm4 10.0.0.4
#   hv2: vm2 10.0.0.2        hv3: vm5 10.0.0.5    net 1 = VNI 100, MTU 1450

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require ethtool

M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
M3=02:00:00:00:00:03
M4=02:00:00:00:00:04
M5=02:00:00:00:00:05

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_hv 3
topo_net 1 100 1450
topo_vm vm1 1 1 $M1 10.0.0.1
topo_vm vm2 2 1 $M2 10.0.0.2
topo_vm vm3 1 1 $M3 10.0.0.3
topo_vm vm4 1 1 $M4 10.0.0.4
topo_vm vm5 3 1 $M5 10.0.0.5
topo_apply
HV1=${HV_NS[1]}
HV2=${HV_NS[2]}
topo_static_neigh
expect_ping "vm1 -> vm2 (hv2), 3 of 3" vm1 10.0.0.2 3
expect_ping "vm1 -> vm5 (hv3), 3 of 3" vm1 10.0.0.5 3
expect_ping "vm1 -> vm3 (local), 3 of 3" vm1 10.0.0.3 3

# udp_send VM DST PORT COUNT [TOS]: COUNT datagrams with IP_TOS TOS.
UDP_PY='
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, int(sys.argv[4]))
for i in range(int(sys.argv[3])):
    s.sendto(b"fastpath %d" % i, (sys.argv[1], int(sys.argv[2])))
'
udp_send()
{
	run ip netns exec "${VM_NS[$1]}" "$PYTHON" -c "$UDP_PY" "$2" "$3" "$4" "${5:-0}"
	[ "$RC" -eq 0 ] || fail "$1 sends $4 datagrams to $2" "exit $RC: $ERR"
}

section "flooding: every VTEP and local port exactly once"
# vm1's capture: what it receives (-Q in), not its own broadcasts.
cap_start vm1 "${VM_NS[vm1]}" eth0 -Q in udp dst port 9999
for v in vm2 vm3 vm4 vm5; do
	cap_start "$v" "${VM_NS[$v]}" eth0 udp dst port 9999
done
cap_start ul1 "$HV1" ul0 "$VXLAN_F"
udp_send vm1 10.0.0.255 9999 5
for v in vm1 vm2 vm3 vm4 vm5; do
	cap_stop "$v"
done
cap_stop ul1
for v in vm2 vm3 vm4 vm5; do
	cap_count "$v"
	expect_eq "$v received each of the 5 broadcasts once" "$CAP_N" 5
done
cap_count vm1
expect_eq "vm1 got none of its own broadcasts back" "$CAP_N" 0
cap_count ul1 "$VXLAN_F and ip dst 192.0.2.2"
expect_eq "hv1 sent 5 copies to hv2's VTEP" "$CAP_N" 5
cap_count ul1 "$VXLAN_F and ip dst 192.0.2.3"
expect_eq "hv1 sent 5 copies to hv3's VTEP" "$CAP_N" 5
cap_count ul1 "$VXLAN_F and src host 192.0.2.1"
expect_eq "hv1 sent 10 VXLAN packets in all" "$CAP_N" 10

section "ECN: encapsulation copies the inner ECN field"
# Outer ECN field = udp's IP header byte 1, low 2 bits.
cap_start ul1 "$HV1" ul0 "$VXLAN_F and ip dst 192.0.2.2"
cap_start vm2 "${VM_NS[vm2]}" eth0 udp dst port 7777
udp_send vm1 10.0.0.2 7777 3 0	# not-ECT
udp_send vm1 10.0.0.2 7777 4 2	# ECT(0)
udp_send vm1 10.0.0.2 7777 5 1	# ECT(1)
udp_send vm1 10.0.0.2 7777 6 3	# CE
cap_stop ul1
cap_stop vm2
cap_count ul1 "ip[1] & 3 = 0"
expect_eq "not-ECT inner: 3 outer not-ECT" "$CAP_N" 3
cap_count ul1 "ip[1] & 3 = 2"
expect_eq "ECT(0) and CE inner: 4 + 6 outer ECT(0)" "$CAP_N" 10
cap_count ul1 "ip[1] & 3 = 1"
expect_eq "ECT(1) inner: 5 outer ECT(1)" "$CAP_N" 5
cap_count ul1 "ip[1] & 3 = 3"
expect_eq "no outer CE from hv1" "$CAP_N" 0
cap_count vm2 "ip[1] & 3 = 3"
expect_eq "vm2 received the 6 inner CE still CE" "$CAP_N" 6
cap_count vm2
expect_eq "vm2 received all 18" "$CAP_N" 18

section "ECN: an outer CE from the underlay"
# VXLAN packets from hv1's VTEP to hv2's whose outer header is CE, as a
# congested router on the underlay marks them, carrying vm1 -> vm2 UDP
# datagrams of the given inner ECN field.
# Arguments: COUNT INNER-TOS; VNI 100, vm1 -> vm2, UDP port 7777.
VXLAN_CE_PY='
import socket, struct, sys
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.1", 0))
s.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, 3)
for i in range(int(sys.argv[1])):
    data = b"outer-ce %d" % i
    udp = struct.pack("!HHHH", 40000, 7777, 8 + len(data), 0) + data
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, int(sys.argv[2]), 20 + len(udp),
                     i, 0, 64, 17, 0, socket.inet_aton("10.0.0.1"),
                     socket.inet_aton("10.0.0.2"))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    eth = bytes.fromhex("020000000002" "020000000001" "0800")
    vxlan = struct.pack("!II", 0x08000000, 100 << 8)
    s.sendto(vxlan + eth + ip + udp, ("192.0.2.2", 4789))
'
vxlan_ce_send()
{
	run ip netns exec "$HV1" "$PYTHON" -c "$VXLAN_CE_PY" "$1" "$2"
	[ "$RC" -eq 0 ] || fail "hv1 sends $1 outer-CE VXLAN packets" "exit $RC: $ERR"
}
stats_snap
stats_save
cap_start vm2 "${VM_NS[vm2]}" eth0 udp dst port 7777
vxlan_ce_send 4 2	# ECT(0)
vxlan_ce_send 3 1	# ECT(1)
vxlan_ce_send 5 0	# not-ECT
cap_stop vm2
stats_snap
log_deltas "2:*"
cap_count vm2 "ip[1] & 3 = 3"
expect_eq "outer CE: vm2 received the 4 ECT(0) and 3 ECT(1) packets CE" "$CAP_N" 7
cap_count vm2
expect_eq "outer CE: the 5 not-ECT packets did not reach vm2" "$CAP_N" 7
expect_delta "hv2: 5 dropped as malformed" 2:net.1.drop_malformed 5
expect_delta "hv2: on the device too" 2:dev.drop_malformed 5
expect_delta "hv2: 7 delivered to vm2" 2:port.vm2.tx_packets 7
expect_ping "after them: vm1 -> vm2, 3 of 3" vm1 10.0.0.2 3

section "route cache: a new route to a VTEP is followed"
# A second link of hv1 to the underlay, without an address: the route to
# hv2's VTEP moves to it.
setup ip -n "$UL" link add hv1b type veth peer name ul1 netns "$HV1"
setup ip -n "$UL" link set hv1b master br0 up
setup ip -n "$HV1" link set ul1 up
# Traffic has flowed (the route of every CPU is cached): once more.
expect_ping "before: vm1 -> vm2, 3 of 3" vm1 10.0.0.2 3
setup ip -n "$HV1" route add 192.0.2.2/32 dev ul1
cap_start ul0 "$HV1" ul0 "$VXLAN_F and ip dst 192.0.2.2"
cap_start ul1 "$HV1" ul1 "$VXLAN_F and ip dst 192.0.2.2"
expect_ping "route via ul1: vm1 -> vm2, 5 of 5" vm1 10.0.0.2 5
cap_stop ul0
cap_stop ul1
cap_count ul0
expect_eq "route via ul1: nothing to hv2 left on ul0" "$CAP_N" 0
cap_count ul1
expect_eq "route via ul1: the 5 requests left on ul1" "$CAP_N" 5
setup ip -n "$HV1" route del 192.0.2.2/32 dev ul1
cap_start ul0 "$HV1" ul0 "$VXLAN_F and ip dst 192.0.2.2"
cap_start ul1 "$HV1" ul1 "$VXLAN_F and ip dst 192.0.2.2"
expect_ping "route back on ul0: vm1 -> vm2, 5 of 5" vm1 10.0.0.2 5
cap_stop ul0
cap_stop ul1
cap_count ul0
expect_eq "route back on ul0: the 5 requests left on ul0" "$CAP_N" 5
cap_count ul1
expect_eq "route back on ul0: none on ul1" "$CAP_N" 0
setup ip -n "$HV1" link del ul1
# hv1's ARP through ul1 may have moved hv2's neighbour entry for
# 192.0.2.1 to ul1's MAC (depending on the entry's locktime): the
# underlay's business, not hnet's; hv2 learns hv1's MAC again.
setup ip -n "$HV2" neigh flush to 192.0.2.1

section "route cache: a new VTEP of the device is the new source"
setup ip -n "$HV1" addr add 192.0.2.201/24 dev ul0
setup hn "$HV1" dev set vtep 192.0.2.201
cap_start ul0 "$HV1" ul0 "$VXLAN_F and ip dst 192.0.2.2"
# hv2 does not know 192.0.2.201: no replies.
ping_n vm1 10.0.0.2 3
cap_stop ul0
cap_count ul0 "src host 192.0.2.201"
expect_eq "new VTEP: the 3 requests left from 192.0.2.201" "$CAP_N" 3
cap_count ul0 "src host 192.0.2.1"
expect_eq "new VTEP: none from the old one" "$CAP_N" 0
setup hn "$HV1" dev set vtep 192.0.2.1
expect_ping "VTEP back: vm1 -> vm2, 3 of 3" vm1 10.0.0.2 3

section "GRO on the VXLAN socket"
# The underlay segments hv1's VXLAN packets to its MTU on the way to hv2
# (no TSO on the bridge port towards hv2), and hv2's link runs GRO.
setup ip netns exec "$UL" ethtool -K hv2 tso off
setup ip netns exec "$HV2" ethtool -K ul0 gro on
stats_snap
stats_save
cap_start wire "$UL" hv2 "$VXLAN_F and ip dst 192.0.2.2"
cap_start vm2 "${VM_NS[vm2]}" eth0 tcp and ether src $M1
expect_tcp "TCP vm1 -> vm2 through GRO, intact" vm2 10.0.0.2 vm1 2000000
cap_stop wire
cap_stop vm2
stats_snap
cap_count wire
wire_n=$CAP_N
cap_count wire "greater 1515"
expect_eq "on the wire: no packet to hv2 larger than the underlay MTU" "$CAP_N" 0
cap_count vm2 "greater 1515"
log "wire packets to hv2: $wire_n; frames larger than 1514 bytes at vm2: $CAP_N"
check "vm2 received GRO'd frames larger than the MTU" [ "$CAP_N" -gt 0 ]
delta 2:net.1.rx_packets
log "hv2 network 1 rx_packets: +$D"
check "hv2 counted fewer packets than the wire carried" [ "$D" -lt "$wire_n" ]
setup ip netns exec "$HV2" ethtool -K ul0 gro off
setup ip netns exec "$UL" ethtool -K hv2 tso on

ksft_exit
