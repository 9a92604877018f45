#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# L2 gateway (spec section 5a): tenant networks bridged to VLANs of a trunk
# NIC of hv1.  Hosts on the VLANs reach the VMs of their network on hv1,
# on hv2 and behind a plain Linux hypervisor (hv3: bridge + vxlan), ARP
# both ways, ping and TCP; their MACs are learned on hv1 and announced, and
# the controller (this test, reading hnetctl -j monitor) pushes them to hv2
# and hv3 as remotes at hv1's VTEP.  Two VLANs of one trunk, bridged to two
# networks with the same addresses, stay apart; untagged frames and other
# VLANs stay with hv1's host stack.  Learning, a port or remote taking a
# learned MAC, ageing, the MTU, and deleting an L2 gateway under traffic.
#
#   physical: namespace P; trunk veth t1 <-> hv1 eth1, t2 <-> hv1 eth2;
#     h100: VLAN 100 of t1 (10.0.0.100), h200: VLAN 200 of t1 (10.0.0.100,
#     same address, other tenant), untagged 198.51.100.1 on t1
#   hv1: a1 (net 1, 10.0.0.1), x1 (net 2, 10.0.0.1); eth1 VLAN 100 <-> net
#     1, VLAN 200 <-> net 2; eth2 a second trunk
#   hv2: b1 (net 1, 10.0.0.2), y1 (net 2, 10.0.0.2)
#   hv3 (native): c1 (net 1, 10.0.0.3)

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_hv 3 native
topo_net 1 101
topo_net 2 102
topo_vm a1 1 1 02:00:00:01:00:01 10.0.0.1
topo_vm x1 1 2 02:00:00:02:00:01 10.0.0.1
topo_vm b1 2 1 02:00:00:01:00:02 10.0.0.2
topo_vm y1 2 2 02:00:00:02:00:02 10.0.0.2
topo_vm c1 3 1 02:00:00:01:00:03 10.0.0.3
topo_apply
topo_static_neigh
HV1=${HV_NS[1]}
HV2=${HV_NS[2]}
HV3=${HV_NS[3]}
H100_MAC=02:00:00:00:01:00
H200_MAC=02:00:00:00:02:00

# The physical network: two trunks from P to hv1, hosts on VLAN devices.
ns_create P phys
ns_create H100 h100
ns_create H200 h200
for t in 1 2; do
	setup ip -n "$P" link add t$t type veth peer name eth$t netns "$HV1"
	setup ip -n "$P" link set t$t up
	setup ip -n "$HV1" link set eth$t up
done
setup ip -n "$P" link add link t1 name v100 type vlan id 100
setup ip -n "$P" link add link t1 name v200 type vlan id 200
setup ip -n "$P" link set v100 netns "$H100"
setup ip -n "$P" link set v200 netns "$H200"
setup ip -n "$H100" link set v100 name eth0 address $H100_MAC mtu 1450 up
setup ip -n "$H200" link set v200 name eth0 address $H200_MAC mtu 1450 up
setup ip -n "$H100" addr add 10.0.0.100/24 dev eth0
setup ip -n "$H200" addr add 10.0.0.100/24 dev eth0
setup ip -n "$P" addr add 198.51.100.1/24 dev t1
setup ip -n "$HV1" addr add 198.51.100.2/24 dev eth1
# The hosts as "VMs" of the helpers (expect_ping, expect_tcp, vmx).
VM_NS[h100]=$H100
VM_IP[h100]=10.0.0.100
VM_NS[h200]=$H200
VM_IP[h200]=10.0.0.100

monitor_start MON "$TMPD/mon" "$HV1" hnet0 -j
setup hn "$HV1" l2gw add network 1 ifname eth1 vlan 100
setup hn "$HV1" l2gw add network 2 ifname eth1 vlan 200

# l2gw_stat NET IFNAME KEY: a counter of hv1's L2 gateway.
l2gw_stat()
{
	jq_of "$HV1" ".[0].stats.$3" -s l2gw show network "$1" ifname "$2"
}

# macs_of NET: the MACs hv1 learned on network NET, sorted.
macs_of()
{
	jq_of "$HV1" "[.[] | select(.network == $1) | .mac] | sort" l2gw mac show
}

# --- a VLAN host and the VMs ---------------------------------------------------
section "VLAN 100 <-> network 1"
check "the trunk is promiscuous" link_info "$HV1" eth1
expect_eq "eth1 promiscuity" "$L_PROMISC" 1
cap_start a1 "${VM_NS[a1]}" eth0 icmp or arp
expect_ping "h100 -> a1 (hv1, the gateway's hypervisor): 3 of 3" h100 10.0.0.1 3
cap_stop a1
cap_count a1 "arp[6:2] = 1 and ether src $H100_MAC"
expect_eq "a1 gets no ARP request from h100: hv1 answered it" "$CAP_N" 0
cap_count a1 "icmp and ether src $H100_MAC"
expect_eq "a1 gets the 3 requests from h100's MAC, untagged" "$CAP_N" 3
expect_eq "hv1 learned h100 on network 1" "$(macs_of 1)" "[\"$H100_MAC\"]"
expect_eq "the MAC: VLAN 100 of eth1, at hv1's VTEP" \
	"$(jq_of "$HV1" '.[0] | [.ifname, .vlan, .vtep]' l2gw mac show network 1)" \
	'["eth1",100,"192.0.2.1"]'
wait_lines "$TMPD/mon" 4
run grep -c '"event":"l2gw-mac-new"' "$TMPD/mon"
expect_eq "one l2gw-mac-new event" "$OUT" 1
LEARNED=$(grep '"event":"l2gw-mac-new"' "$TMPD/mon" | head -n 1)
expect_eq "its object" "$(jq -c '.l2gw_mac | [.network, .mac, .ifname, .vlan, .vtep]' <<< "$LEARNED")" \
	"[1,\"$H100_MAC\",\"eth1\",100,\"192.0.2.1\"]"
expect_eq "l2gw show: 1 MAC learned" "$(jq_of "$HV1" '.[0].n_macs' l2gw show network 1 ifname eth1)" 1

# Before the controller pushes h100: b1's replies are flooded to hv1.
expect_ping "h100 -> b1 (hv2), not pushed yet: 3 of 3" h100 10.0.0.2 3
expect_ping "h100 -> c1 (hv3, Linux bridge + vxlan): 3 of 3" h100 10.0.0.3 3

# The controller: h100 is a remote at hv1's VTEP on hv2 and hv3.
mac=$(jq -r '.l2gw_mac.mac' <<< "$LEARNED")
vtep=$(jq -r '.l2gw_mac.vtep' <<< "$LEARNED")
net=$(jq -r '.l2gw_mac.network' <<< "$LEARNED")
setup hn "$HV2" remote add network "$net" mac "$mac" vtep "$vtep"
setup bridge -n "$HV3" fdb add "$mac" dev vx1 dst "$vtep" self permanent

cap_start ul3 "$HV3" ul0 "$VXLAN_F"
cap_start b1 "${VM_NS[b1]}" eth0 arp
vmx b1 ip neigh del 10.0.0.100 dev eth0 2> /dev/null
expect_ping "b1 -> h100, pushed: 3 of 3 (b1 asks by ARP first)" b1 10.0.0.100 3
cap_stop b1
cap_stop ul3
cap_count b1 "arp[6:2] = 2 and ether src $H100_MAC"
expect_eq "b1 got h100's ARP reply, through hv1" "$CAP_N" 1
cap_count ul3 "src 192.0.2.2 and udp[28:2] = 0x0800"
expect_eq "hv3 gets none of b1's IPv4 to h100: hv2 sends it to hv1 alone" "$CAP_N" 0
expect_ping "c1 -> h100, pushed: 3 of 3" c1 10.0.0.100 3
expect_tcp "TCP h100 <-> b1 (server b1)" b1 10.0.0.2 h100
expect_tcp "TCP b1 <-> h100 (server h100)" h100 10.0.0.100 b1
expect_tcp "TCP h100 <-> c1 (server c1, Linux hypervisor)" c1 10.0.0.3 h100

# --- isolation ----------------------------------------------------------------
section "two VLANs of one trunk, two tenants with the same addresses"
cap_start h200 "$H200" eth0
cap_start x1 "${VM_NS[x1]}" eth0 icmp
expect_ping "h100 -> 10.0.0.1: 3 of 3" h100 10.0.0.1 3
cap_stop x1
cap_stop h200
cap_count h200
expect_eq "VLAN 200 sees nothing of VLAN 100's traffic" "$CAP_N" 0
cap_count x1
expect_eq "x1 (network 2, also 10.0.0.1) sees none of it" "$CAP_N" 0
cap_start a1 "${VM_NS[a1]}" eth0 icmp
expect_ping "h200 -> 10.0.0.1 (x1): 3 of 3" h200 10.0.0.1 3
expect_ping "h200 -> 10.0.0.2 (y1 on hv2): 3 of 3" h200 10.0.0.2 3
cap_stop a1
cap_count a1
expect_eq "a1 sees none of network 2's traffic" "$CAP_N" 0
expect_eq "network 2 learned h200 only" "$(macs_of 2)" "[\"$H200_MAC\"]"
expect_eq "network 1 learned h100 only" "$(macs_of 1)" "[\"$H100_MAC\"]"

section "the host stack keeps the trunk's untagged frames and other VLANs"
check "untagged: P -> hv1's own address on eth1" ping_ok "$P" 198.51.100.2
setup ip -n "$P" link add link t1 name v300 type vlan id 300
setup ip -n "$P" addr add 198.51.101.1/24 dev v300
setup ip -n "$P" link set v300 up
check "a VLAN device of an unbridged VLAN on the trunk" \
	ip -n "$HV1" link add link eth1 name eth1.300 type vlan id 300
setup ip -n "$HV1" addr add 198.51.101.2/24 dev eth1.300
setup ip -n "$HV1" link set eth1.300 up
check "VLAN 300: P -> hv1's eth1.300" ping_ok "$P" 198.51.101.2
expect_fail_with "a VLAN device of a bridged VLAN is refused" \
	"the VLAN is bridged to an hnet network by an L2 gateway." 2 \
	ip -n "$HV1" link add link eth1 name eth1.100 type vlan id 100
check_not "... and not made" ip -n "$HV1" link show eth1.100

# --- counters, MTU ------------------------------------------------------------
section "counters and the MTU"
# No ARP from here on between h100 and a1: exact counts.
setup ip -n "$H100" neigh replace 10.0.0.1 lladdr ${VM_MAC[a1]} dev eth0 nud permanent
vmx a1 ip neigh replace 10.0.0.100 lladdr $H100_MAC dev eth0 nud permanent
stats_snap
stats_save
rx0=$(l2gw_stat 1 eth1 rx_packets)
tx0=$(l2gw_stat 1 eth1 tx_packets)
rxb0=$(l2gw_stat 1 eth1 rx_bytes)
txb0=$(l2gw_stat 1 eth1 tx_bytes)
expect_ping "h100 -> a1: 4 of 4" h100 10.0.0.1 4
expect_eq "l2gw rx_packets +4" "$(($(l2gw_stat 1 eth1 rx_packets) - rx0))" 4
expect_eq "l2gw tx_packets +4" "$(($(l2gw_stat 1 eth1 tx_packets) - tx0))" 4
# 98-byte frames (ICMP echo of 56 bytes); the trunk's tag is not counted.
expect_eq "l2gw rx_bytes +4 x 98" "$(($(l2gw_stat 1 eth1 rx_bytes) - rxb0))" 392
expect_eq "l2gw tx_bytes +4 x 98" "$(($(l2gw_stat 1 eth1 tx_bytes) - txb0))" 392
stats_snap
expect_delta "network 1 rx_packets +8 (4 from the VLAN, 4 from a1)" "1:net.1.rx_packets" 8
expect_delta "a1's port tx_packets +4" "1:port.a1.tx_packets" 4

setup ip -n "$H100" link set eth0 mtu 1500
mtu0=$(l2gw_stat 1 eth1 drop_mtu)
ping_n h100 10.0.0.1 1 -s 1430 -M "do"
expect_eq "a 1458-byte packet from the VLAN (network MTU 1450): no reply" "$PING_RX" 0
expect_eq "... dropped, counted drop_mtu on the L2 gateway" "$(($(l2gw_stat 1 eth1 drop_mtu) - mtu0))" 1
ping_n h100 10.0.0.1 1 -s 1422 -M "do"
expect_eq "a 1450-byte packet goes through" "$PING_RX" 1
setup ip -n "$H100" link set eth0 mtu 1450

# Frames no VLAN host should send, through h100's VLAN device: a multicast
# and a zero source MAC, an STP BPDU and a PVST+ BPDU.
BAD_PY='
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("eth0", 0))
h100 = bytes.fromhex(sys.argv[1].replace(":", ""))
a1 = bytes.fromhex(sys.argv[2].replace(":", ""))
pad = b"\x08\x00" + bytes(46)
for dst, src in ((a1, bytes.fromhex("01005e000001")), (a1, bytes(6)),
                 (bytes.fromhex("0180c2000000"), h100),
                 (bytes.fromhex("01000ccccccd"), h100)):
    s.send(dst + src + pad)
'
declare -A BAD0
for k in drop_malformed drop_control drops; do
	BAD0[$k]=$(l2gw_stat 1 eth1 $k)
done
cap_start badx "${VM_NS[a1]}" eth0 not arp
check "four bad frames sent from VLAN 100" \
	ip netns exec "$H100" "$PYTHON" -c "$BAD_PY" $H100_MAC ${VM_MAC[a1]}
cap_stop badx
expect_eq "two bad sources: drop_malformed +2" \
	"$(($(l2gw_stat 1 eth1 drop_malformed) - BAD0[drop_malformed]))" 2
expect_eq "STP and PVST+: drop_control +2" \
	"$(($(l2gw_stat 1 eth1 drop_control) - BAD0[drop_control]))" 2
expect_eq "drops +4" "$(($(l2gw_stat 1 eth1 drops) - BAD0[drops]))" 4
cap_count badx
expect_eq "a1 got none of them" "$CAP_N" 0

# --- learning -------------------------------------------------------------------
section "ports and remotes take MACs, ageing"
expect_refused "a second L2 gateway of network 1 (eth2, VLAN 110): a loop in waiting" \
	"the network is already bridged to a VLAN on this device" \
	hn "$HV1" l2gw add network 1 ifname eth2 vlan 110

# A port with h100's MAC wins (the host moved into the cloud): the learned
# MAC is forgotten and frames from the VLAN with it are spoofed.
setup ip -n "$HV1" link add p9 type veth peer name p9peer
setup ip -n "$HV1" link set p9 up
sp0=$(l2gw_stat 1 eth1 drop_spoofed)
setup hn "$HV1" port add p9 network 1 mac $H100_MAC ip 10.0.0.9
expect_eq "a port with h100's MAC: the learned MAC is forgotten" "$(macs_of 1)" "[]"
expect_eq "counted moved" "$(l2gw_stat 1 eth1 moved)" 1
wait_for 50 grep -q "\"event\":\"l2gw-mac-del\"" "$TMPD/mon"
run grep -c "\"event\":\"l2gw-mac-del\".*\"$H100_MAC\"" "$TMPD/mon"
expect_eq "announced: l2gw-mac-del" "$OUT" 1
ping_n h100 10.0.0.1 2
expect_eq "h100 gets no reply while a port has its MAC" "$PING_RX" 0
expect_eq "its 2 frames are dropped as spoofed" \
	"$(($(l2gw_stat 1 eth1 drop_spoofed) - sp0))" 2
expect_eq "and not learned" "$(macs_of 1)" "[]"
setup hn "$HV1" port del p9
expect_ping "the port gone, h100 -> a1 again: 2 of 2" h100 10.0.0.1 2
expect_eq "learned again" "$(macs_of 1)" "[\"$H100_MAC\"]"

# A remote with the MAC likewise (the MAC moved to another hypervisor).
setup hn "$HV1" remote add network 2 mac $H200_MAC vtep 192.0.2.2
expect_eq "a remote with h200's MAC: forgotten on network 2" "$(macs_of 2)" "[]"
expect_eq "counted moved" "$(l2gw_stat 2 eth1 moved)" 1
ping_n h200 10.0.0.1 1
expect_eq "h200 gets no reply while a remote has its MAC" "$PING_RX" 0
setup hn "$HV1" remote del network 2 mac $H200_MAC

# Ageing: a 2-second L2 gateway for network 2.
setup hn "$HV1" l2gw del network 2 ifname eth1
setup hn "$HV1" l2gw add network 2 ifname eth1 vlan 200 ageing 2
expect_eq "ageing 2" "$(jq_of "$HV1" '.[0].ageing' l2gw show network 2 ifname eth1)" 2
count_lines "$TMPD/mon"
n0=$NLINES
expect_ping "h200 -> x1: 1 of 1" h200 10.0.0.1 1
expect_eq "learned h200" "$(macs_of 2)" "[\"$H200_MAC\"]"
vmx x1 ip neigh replace 10.0.0.100 lladdr $H200_MAC dev eth0 nud permanent
setup ip -n "$H200" neigh replace 10.0.0.1 lladdr 02:00:00:02:00:01 dev eth0 nud permanent
sleep 4
expect_eq "4 s without a frame: aged out" "$(macs_of 2)" "[]"
expect_eq "counted aged" "$(l2gw_stat 2 eth1 aged)" 1
wait_lines "$TMPD/mon" $((n0 + 2))
run bash -c "tail -n +$((n0 + 1)) '$TMPD/mon' | grep -c '\"event\":\"l2gw-mac-del\".*\"$H200_MAC\"'"
expect_eq "announced: l2gw-mac-del" "$OUT" 1
expect_ping "x1 -> h200 after ageing: flooded to the VLAN, 2 of 2" x1 10.0.0.100 2

# --- deleting under traffic -----------------------------------------------------
section "delete under traffic"
count_lines "$TMPD/mon"
n0=$NLINES
bg_start PING "$TMPD/flood" ip netns exec "$H100" ping -q -i 0.01 -w 4 10.0.0.2
sleep 1
check "l2gw del under traffic" hn "$HV1" l2gw del network 1 ifname eth1
wait "$PING" 2> /dev/null
wait_lines "$TMPD/mon" $((n0 + 2))
run bash -c "tail -n +$((n0 + 1)) '$TMPD/mon' |
	jq -r 'select((.l2gw_mac // .l2gw).network == 1) | .event' | tr '\n' ' '"
expect_eq "events of network 1: its MAC, then the L2 gateway" "$OUT" "l2gw-mac-del l2gw-del "
expect_no_ping "h100 -> b1: nothing bridges VLAN 100 any more" h100 10.0.0.2
check "eth1 still promiscuous (VLAN 200's L2 gateway)" link_info "$HV1" eth1
expect_eq "eth1 promiscuity" "$L_PROMISC" 1
setup hn "$HV1" l2gw del network 2 ifname eth1
check "the last L2 gateway gone" link_info "$HV1" eth1
expect_eq "eth1 promiscuity back to 0" "$L_PROMISC" 0
check "untagged still reaches hv1's host stack" ping_ok "$P" 198.51.100.2
bg_stop "$MON"

ksft_exit
