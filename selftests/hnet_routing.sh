#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Distributed routing (spec section 4): each hypervisor routes its own VMs'
# packets, once; a VM reaches its gateway (ARP, ping), other subnets of its
# router on the same and on another hypervisor (ping, TCP), and nothing of
# another tenant that uses the same subnets.  On the underlay a routed frame
# carries the sending hypervisor's DVR MAC, in the receiving VM the gateway
# MAC.  A packet to an address nobody has is dropped with a miss
# notification, and flows once the controller adds the remote.  Counted
# exactly on the router, the networks and the ports.
#
#   tenant A, router 1: net 1 (VNI 101, 10.0.1.0/24, gw .1)
#                       net 2 (VNI 102, 10.0.2.0/24, gw .1, MTU 1300)
#   tenant B, router 2: net 11 (VNI 111) and net 12 (VNI 112), the same
#                       subnets, gateways and MTUs
#   hv1: a1 (net 1, 10.0.1.10)  a2 (net 2, 10.0.2.10)  b1 (net 11, 10.0.1.10)
#   hv2: a3 (net 2, 10.0.2.20)  b3 (net 12, 10.0.2.20)
#
# hv2 hosts no VM of net 1 and so has no flood entry for hv1 there: the
# replies it routes into net 1 reach hv1 as a peer's routed frames.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require traceroute

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_net 1 101
topo_net 2 102 1300
topo_net 11 111
topo_net 12 112 1300
topo_vm a1 1 1 02:00:00:0a:01:10 10.0.1.10
topo_vm a2 1 2 02:00:00:0a:02:10 10.0.2.10
topo_vm a3 2 2 02:00:00:0a:02:20 10.0.2.20
topo_vm b1 1 11 02:00:00:0b:01:10 10.0.1.10
topo_vm b3 2 12 02:00:00:0b:02:20 10.0.2.20
topo_apply
topo_peers
topo_router 1 1 10.0.1.1/24 2 10.0.2.1/24
topo_router 2 11 10.0.1.1/24 12 10.0.2.1/24
HV1=${HV_NS[1]}
HV2=${HV_NS[2]}
GW_A1=$(gw_mac 1 1)
GW_A2=$(gw_mac 1 2)
GW_B2=$(gw_mac 2 12)
DVR1=$(dvr_mac 1)
DVR2=$(dvr_mac 2)

# mac_f MAC: a tcpdump filter on the inner source MAC of a VXLAN frame
# (udp[16:6] is the inner destination, udp[22:6] the source).
inner_src_f()
{
	local h=${1//:/}

	echo "(udp dst port 4789 and udp[22:4] = 0x${h:0:8} and udp[26:2] = 0x${h:8:4})"
}

# --- the gateway ----------------------------------------------------------------
section "gateway: ARP and ping"
expect_ping "a1 pings its gateway 10.0.1.1" a1 10.0.1.1 2
run ip -n "${VM_NS[a1]}" neigh show 10.0.1.1
expect_match "a1 learnt the gateway MAC $GW_A1 (ARP answered by hnet)" "$OUT" \
	"10.0.1.1 dev eth0 lladdr $GW_A1 (REACHABLE|STALE|DELAY) ?"
expect_ping "a1 pings the router's other gateway 10.0.2.1" a1 10.0.2.1 2
expect_ping "a3 (hv2) pings its gateway 10.0.2.1" a3 10.0.2.1 2
expect_jq "router 1 on hv1: 4 echo replies" \
	'.[0].stats.icmp_echo_reply' 4 hn "$HV1" -j -s router show 1
expect_jq "router 1 on hv2: 2 echo replies" \
	'.[0].stats.icmp_echo_reply' 2 hn "$HV2" -j -s router show 1
expect_jq "router 2 (tenant B) on hv1: none" \
	'.[0].stats.icmp_echo_reply' 0 hn "$HV1" -j -s router show 2

# From here on the VMs send exactly what the tests make them send.
for v in a1 a2 a3 b1 b3; do
	net=${VM_NET[$v]}
	case $net in 1 | 2) r=1 ;; *) r=2 ;; esac
	setup ip -n "${VM_NS[$v]}" neigh replace "${NET_GW[$net]}" \
		lladdr "$(gw_mac $r "$net")" dev eth0 nud permanent
done

# --- same host ------------------------------------------------------------------
section "same host: a1 -> a2"
stats_snap
stats_save
cap_start a2 "${VM_NS[a2]}" eth0 icmp
expect_ping "a1 -> a2 (10.0.1.0/24 -> 10.0.2.0/24, hv1): 3 of 3" a1 10.0.2.10 3
cap_stop a2
stats_snap
log_deltas "1:*"
expect_delta "router 1: 6 routed (3 requests, 3 replies)" 1:router.1.routed_packets 6
expect_delta "router 1: 6 x 84 bytes routed" 1:router.1.routed_bytes 504
expect_delta "router 1: no drops" 1:router.1.drops 0
expect_delta "router 2: nothing routed" 1:router.2.routed_packets 0
expect_delta "port a1: rx 3" 1:port.a1.rx_packets 3
expect_delta "port a1: tx 3" 1:port.a1.tx_packets 3
expect_delta "port a2: tx 3" 1:port.a2.tx_packets 3
delta 1:net.1.rx_packets; n1rx=$D
delta 1:net.1.tx_packets; n1tx=$D
delta 1:net.2.rx_packets; n2rx=$D
delta 1:net.2.tx_packets; n2tx=$D
expect_eq "net 1 counts the requests in, the replies out" "$n1rx $n1tx" "3 3"
expect_eq "net 2 counts the replies in, the requests out" "$n2rx $n2tx" "3 3"
expect_delta "hv1: device rx 6" 1:dev.rx_packets 6
expect_delta "hv1: device tx 6" 1:dev.tx_packets 6
expect_delta "hv1: no drops" 1:dev.drops 0
cap_count a2 "icmp[icmptype] = icmp-echo and ether src $GW_A2 and ip[8] = 63"
expect_eq "a2 sees the 3 requests from the gateway MAC of net 2, TTL 63" "$CAP_N" 3
cap_count a2 "ether src $DVR1"
expect_eq "a2 never sees a DVR MAC" "$CAP_N" 0
expect_tcp "TCP a1 -> a2 (same host, routed)" a2 10.0.2.10 a1

# --- cross host, and the miss --------------------------------------------------
section "cross host: a1 -> a3, a miss on hv2 first"
monitor_start MON "$TMPD/mon2" "$HV2" hnet0 -j
stats_snap
stats_save
expect_no_ping "a1 -> a3 before hv2 knows a1: no reply" a1 10.0.2.20
wait_lines "$TMPD/mon2" 2
expect_jq "hv2 notifies one miss (rate-limited): router 1, network 1, 10.0.1.10" \
	'-s [.[] | select(.event == "miss")]' \
	'[{"event":"miss","dev":"hnet0","miss":{"router":1,"network":1,"ip":"10.0.1.10"}}]' \
	cat "$TMPD/mon2"
stats_snap
expect_delta "hv1 routed the 2 requests" 1:router.1.routed_packets 2
expect_delta "hv2 dropped the 2 replies: no neighbour" 2:router.1.drop_no_neigh 2
expect_delta "hv2 routed nothing" 2:router.1.routed_packets 0
bg_stop "$MON"
setup hn "$HV2" remote add network 1 mac "${VM_MAC[a1]}" ip 10.0.1.10 vtep 192.0.2.1

stats_snap
stats_save
cap_start ul "$HV1" ul0 udp port 4789
cap_start a3 "${VM_NS[a3]}" eth0 icmp
cap_start a1 "${VM_NS[a1]}" eth0 icmp
expect_ping "after the controller adds the remote: a1 -> a3, 3 of 3" a1 10.0.2.20 3
cap_stop a1
cap_stop a3
cap_stop ul
stats_snap
log_deltas "*:router.*"
expect_delta "hv1 routed the 3 requests" 1:router.1.routed_packets 3
expect_delta "hv2 routed the 3 replies" 2:router.1.routed_packets 3
expect_delta "hv1: no drops" 1:dev.drops 0
expect_delta "hv2: no drops" 2:dev.drops 0
cap_count ul "$(vxlan_vni_f 102) and $(inner_src_f "$DVR1")"
expect_eq "underlay: the 3 requests, VNI 102, inner source hv1's DVR MAC" "$CAP_N" 3
cap_count ul "$(vxlan_vni_f 101) and $(inner_src_f "$DVR2")"
expect_eq "underlay: the 3 replies, VNI 101, inner source hv2's DVR MAC" "$CAP_N" 3
cap_count ul "$(inner_src_f "$GW_A1") or $(inner_src_f "$GW_A2")"
expect_eq "underlay: no gateway MAC as a source" "$CAP_N" 0
cap_count a3 "icmp[icmptype] = icmp-echo and ether src $GW_A2 and ip[8] = 63"
expect_eq "a3 sees the requests from its gateway MAC, TTL 63" "$CAP_N" 3
cap_count a1 "icmp[icmptype] = icmp-echoreply and ether src $GW_A1 and ip[8] = 63"
expect_eq "a1 sees the replies from its gateway MAC, TTL 63" "$CAP_N" 3
cap_count a3 "ether src $DVR1 or ether src $DVR2"
expect_eq "a3 never sees a DVR MAC" "$CAP_N" 0
expect_tcp "TCP a1 -> a3 (cross host, routed both ways)" a3 10.0.2.20 a1
expect_tcp "TCP a3 -> a1 (cross host, the other way)" a1 10.0.1.10 a3

# --- tenants ------------------------------------------------------------------------
section "two tenants, the same subnets"
# What the controller pushes for tenant B's router (hv1 hosts no VM of net
# 12, hv2 none of net 11).
setup hn "$HV1" remote add network 12 mac "${VM_MAC[b3]}" ip 10.0.2.20 vtep 192.0.2.2
setup hn "$HV2" remote add network 11 mac "${VM_MAC[b1]}" ip 10.0.1.10 vtep 192.0.2.1
setup ip -n "${VM_NS[b1]}" neigh replace 10.0.1.1 lladdr "$(gw_mac 2 11)" dev eth0 nud permanent
cap_start a3t "${VM_NS[a3]}" eth0
cap_start b3t "${VM_NS[b3]}" eth0
expect_ping "tenant B: b1 -> b3 (10.0.2.20, hv2), 3 of 3" b1 10.0.2.20 3
expect_ping "tenant A: a1 -> a3 (10.0.2.20, hv2), 3 of 3" a1 10.0.2.20 3
cap_stop b3t
cap_stop a3t
cap_count a3t "ether host ${VM_MAC[b1]} or ether host ${VM_MAC[b3]} or ether host $GW_B2"
expect_eq "a3 sees no frame of tenant B" "$CAP_N" 0
cap_count a3t "icmp[icmptype] = icmp-echo"
expect_eq "a3 sees exactly tenant A's 3 requests" "$CAP_N" 3
cap_count b3t "ether host ${VM_MAC[a1]} or ether host ${VM_MAC[a3]} or ether host $GW_A2"
expect_eq "b3 sees no frame of tenant A" "$CAP_N" 0
cap_count b3t "icmp[icmptype] = icmp-echo and ether src $GW_B2"
expect_eq "b3 sees exactly tenant B's 3 requests, from its own gateway MAC" "$CAP_N" 3

# --- ICMP from the router --------------------------------------------------------
section "traceroute, TTL, unreachable"
run ip netns exec "${VM_NS[a1]}" traceroute -n -q 1 -w 2 -m 4 10.0.2.20
log "$OUT"
expect_match "traceroute a1 -> a3: hop 1 the gateway, hop 2 a3" \
	"$(sed -n '2,3p' <<< "$OUT" | awk '{print $1, $2}' | tr '\n' ' ')" \
	"1 10.0.1.1 2 10.0.2.20 "
stats_snap
stats_save
run ip netns exec "${VM_NS[a1]}" ping -n -c 1 -t 1 -W 2 10.0.2.10
expect_match "ping with TTL 1: time exceeded from 10.0.1.1" "$OUT" \
	".*From 10.0.1.1 icmp_seq=1 Time to live exceeded.*"
run ip netns exec "${VM_NS[a1]}" ping -n -c 1 -W 2 192.168.99.1
expect_match "ping outside every subnet and route: net unreachable from 10.0.1.1" \
	"$OUT" ".*From 10.0.1.1 icmp_seq=1 Destination Net Unreachable.*"
stats_snap
expect_delta "router 1: 1 time exceeded sent" 1:router.1.icmp_time_exceeded 1
expect_delta "router 1: 1 TTL drop" 1:router.1.drop_ttl 1
expect_delta "router 1: 1 net unreachable sent" 1:router.1.icmp_net_unreach 1
expect_delta "router 1: 1 no-route drop" 1:router.1.drop_no_route 1

# --- MTU --------------------------------------------------------------------------
section "MTU: fragmentation and frag needed"
cap_start a2f "${VM_NS[a2]}" eth0 icmp
ping_n a1 10.0.2.10 3 -M dont -s 1400
expect_eq "1428-byte pings without DF to a2 (MTU 1300): fragmented, 3 of 3" "$PING_RX" 3
cap_stop a2f
cap_count a2f "src 10.0.1.10 and (ip[6:2] & 0x3fff) != 0 and ether src $GW_A2"
expect_eq "a2 got each request in 2 fragments (6)" "$CAP_N" 6
ping_n a1 10.0.2.20 3 -M dont -s 1400
expect_eq "the same across hypervisors (a1 -> a3): 3 of 3" "$PING_RX" 3
stats_snap
stats_save
run ip netns exec "${VM_NS[a1]}" ping -n -c 1 -W 2 -M do -s 1400 10.0.2.10
expect_match "1428-byte ping with DF to a2: frag needed, MTU 1300" "$OUT" \
	".*From 10.0.1.1 icmp_seq=1 Frag needed and DF set \(mtu = 1300\).*"
run ip -n "${VM_NS[a1]}" route get 10.0.2.10
expect_match "a1 learnt the path MTU to a2: 1300" "$OUT" ".*mtu 1300.*"
run ip netns exec "${VM_NS[a1]}" tracepath -n 10.0.2.20
log "$OUT"
expect_match "tracepath a1 -> a3 finds pmtu 1300" "$OUT" ".*pmtu 1300.*"
stats_snap
delta 1:router.1.icmp_frag_needed
expect_match "router 1 sent frag needed (the ping's, then tracepath's)" "$D" "[2-9]|[1-9][0-9]"
delta 1:router.1.drop_mtu
expect_match "router 1 counted as many MTU drops" "$D" "[2-9]|[1-9][0-9]"

# --- rate limits ---------------------------------------------------------------
section "ICMP rate limit (net.ipv4.icmp_ratelimit) and frag needed unlimited"
setup ip netns exec "$HV1" sysctl -qw net.ipv4.icmp_ratelimit=10000
stats_snap
stats_save
run ip netns exec "${VM_NS[b1]}" ping -n -c 10 -i 0.05 -t 1 -W 1 10.0.2.20
stats_snap
expect_delta "10 probes with TTL 1: 10 TTL drops" 1:router.2.drop_ttl 10
expect_delta "... but 6 time exceeded: the burst of one destination" \
	1:router.2.icmp_time_exceeded 6
# IP_PMTUDISC_PROBE: DF set, whatever path MTU the socket learns.
run ip netns exec "${VM_NS[b1]}" "$PYTHON" -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, 10, 3)
for _ in range(10):
    s.sendto(b"x" * 1400, ("10.0.2.20", 9))'
stats_snap
expect_delta "10 DF probes too large: 10 frag needed, never limited" \
	1:router.2.icmp_frag_needed 10
setup ip netns exec "$HV1" sysctl -qw net.ipv4.icmp_ratelimit=1000

# --- DVR MACs ------------------------------------------------------------------
section "DVR MACs: only from their own VTEP"
# hv2 sends with the DVR MAC hv1 knows as a third hypervisor's.
setup hn "$HV1" peer add 192.0.2.3 dvr-mac 02:d0:00:00:00:33
setup hn "$HV2" dev set host-mac 02:d0:00:00:00:33
stats_snap
stats_save
expect_no_ping "a1 -> a3 while hv2 routes with another hypervisor's DVR MAC: no reply" \
	a1 10.0.2.20
stats_snap
expect_delta "hv1 drops the 2 replies as spoofed" 1:dev.drop_spoofed 2
setup hn "$HV2" dev set host-mac "$DVR2"
expect_ping "hv2's own DVR MAC again: a1 -> a3, 3 of 3" a1 10.0.2.20 3

ksft_exit
