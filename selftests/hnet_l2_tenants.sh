#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tenant isolation with overlapping addresses (spec section 8): tenants A
# and B use the same IP range and even the same MACs on the same two
# hypervisors, on different networks (VNIs).  Each tenant's VMs reach each
# other; a capture on the other tenant's ports sees zero frames, and the
# underlay carries only the tenant's own VNI.
#
#   hv1: a1 (net 1, 10.0.0.1, 02:00:00:00:00:01)  b1 (net 2, same IP, same MAC)
#   hv2: a2 (net 1, 10.0.0.2, 02:00:00:00:00:02)  b2 (net 2, same IP, same MAC)
#   net 1 = VNI 1001 (tenant A), net 2 = VNI 1002 (tenant B)

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_net 1 1001
topo_net 2 1002
topo_vm a1 1 1 02:00:00:00:00:01 10.0.0.1
topo_vm b1 1 2 02:00:00:00:00:01 10.0.0.1
topo_vm a2 2 1 02:00:00:00:00:02 10.0.0.2
topo_vm b2 2 2 02:00:00:00:00:02 10.0.0.2
topo_apply
HV1=${HV_NS[1]}
HV2=${HV_NS[2]}

# tenant_round T OTHER: tenant T's VMs ping each other (ARP included) while
# the other tenant's ports and the underlay are captured.
tenant_round()
{
	local t=$1 o=$2 vni=$3

	section "tenant $t traffic, tenant $o captured"
	stats_snap
	stats_save
	cap_start "${o}1" "$HV1" "${o}1"
	cap_start "${o}2" "$HV2" "${o}2"
	cap_start ul "$HV1" ul0 udp port 4789
	# Control: the same kind of capture on the tenant's own port.
	cap_start own "$HV2" "${t}2"
	expect_ping "tenant $t: ${t}1 -> ${t}2 (10.0.0.2), 3 of 3" "${t}1" 10.0.0.2 3
	expect_ping "tenant $t: ${t}2 -> ${t}1 (10.0.0.1), 3 of 3" "${t}2" 10.0.0.1 3
	# Broadcast too: it must stay in the tenant as well.
	ip netns exec "${VM_NS[${t}1]}" ping -n -q -b -c 2 -i 0.2 -W 1 10.0.0.255 > /dev/null 2>&1
	cap_stop "${o}1"
	cap_stop "${o}2"
	cap_stop ul
	cap_stop own
	stats_snap
	log_deltas "*"
	cap_count own "icmp[icmptype] = icmp-echo"
	expect_eq "control: capture on tenant $t's own port ${t}2 sees its 3 + 3 echo requests + 2 broadcasts" \
		"$CAP_N" 8
	cap_count "${o}1"
	expect_eq "capture on tenant $o's port ${o}1 (hv1): 0 frames" "$CAP_N" 0
	[ "$CAP_N" != 0 ] && cap_show "${o}1"
	cap_count "${o}2"
	expect_eq "capture on tenant $o's port ${o}2 (hv2): 0 frames" "$CAP_N" 0
	[ "$CAP_N" != 0 ] && cap_show "${o}2"
	expect_delta "port ${o}1: tx 0" "1:port.${o}1.tx_packets" 0
	expect_delta "port ${o}2: tx 0" "2:port.${o}2.tx_packets" 0
	expect_delta "port ${o}1: rx 0" "1:port.${o}1.rx_packets" 0
	expect_delta "port ${o}2: rx 0" "2:port.${o}2.rx_packets" 0
	# 6 echo frames each way at least, and both broadcasts reached ${t}2.
	delta "2:port.${t}2.tx_packets"
	expect_match "port ${t}2 got the requests, replies and broadcasts (>= 5)" "$D" '([5-9]|[1-9][0-9]+)'
	cap_count ul "$VXLAN_F"
	local all=$CAP_N
	cap_count ul "$(vxlan_vni_f "$vni")"
	expect_eq "underlay: every VXLAN frame ($all) carries tenant $t's VNI $vni" "$CAP_N" "$all"
	expect_match "underlay: tenant $t's traffic is there (>= 8 frames)" "$all" '([8-9]|[1-9][0-9]+)'
}

tenant_round a b 1001
tenant_round b a 1002

section "both at once"
cap_start ul "$HV1" ul0 udp port 4789
expect_tcp "TCP in tenant A: a1 -> a2, intact" a2 10.0.0.2 a1
expect_tcp "TCP in tenant B: b2 -> b1, intact" b1 10.0.0.1 b2
cap_stop ul
stats_snap
expect_delta "no drops on hv1" 1:dev.drops 0
expect_delta "no drops on hv2" 2:dev.drops 0
cap_count ul "$VXLAN_F"
all=$CAP_N
cap_count ul "$(vxlan_vni_f 1001) or $(vxlan_vni_f 1002)"
expect_eq "underlay: only VNIs 1001 and 1002" "$CAP_N" "$all"

ksft_exit
