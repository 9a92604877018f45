#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Interoperability on the wire (spec section 8): hypervisor 3 has no hnet,
# only what Neutron's Linux-bridge agent builds, a bridge and a plain Linux
# vxlan device (VNI 5000, port 4789, nolearning) with static fdb entries.
# VMs behind hnet and behind the native vxlan ping each other and exchange
# TCP both ways; the underlay capture decodes hnet's packets as VXLAN with
# the network's VNI.
#
#   hv1 (hnet):   vm1 10.0.0.1      hv2 (hnet): vm2 10.0.0.2
#   hv3 (native): vm3 10.0.0.3, vm4 10.0.0.4 on br1 + vx1 (VNI 5000)

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require tshark

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_hv 3 native
topo_net 1 5000
topo_vm vm1 1 1 02:00:00:00:00:01 10.0.0.1
topo_vm vm2 2 1 02:00:00:00:00:02 10.0.0.2
topo_vm vm3 3 1 02:00:00:00:00:03 10.0.0.3
topo_vm vm4 3 1 02:00:00:00:00:04 10.0.0.4
topo_apply
HV1=${HV_NS[1]}
HV3=${HV_NS[3]}
run bridge -n "$HV3" fdb show dev vx1
log "hv3 fdb:" "$OUT"

section "ping"
# hv3 captures its underlay link during the whole exchange.
cap_start ul3 "$HV3" ul0 udp port 4789
expect_ping "hnet -> native: vm1 -> vm3, 3 of 3" vm1 10.0.0.3 3
expect_ping "native -> hnet: vm3 -> vm1, 3 of 3" vm3 10.0.0.1 3
expect_ping "native -> hnet: vm4 -> vm2, 3 of 3 (ARP flooded by the native side)" vm4 10.0.0.2 3
expect_ping "hnet -> native: vm2 -> vm4, 3 of 3" vm2 10.0.0.4 3
expect_ping "hnet -> hnet still fine: vm1 -> vm2, 3 of 3" vm1 10.0.0.2 3

section "TCP"
expect_tcp "TCP hnet client -> native server (vm1 -> vm3), intact both ways" vm3 10.0.0.3 vm1
expect_tcp "TCP native client -> hnet server (vm4 -> vm2), intact both ways" vm2 10.0.0.2 vm4
cap_stop ul3

section "the wire"
# What hv3 received from the hnet VTEPs, decoded by tshark.
run tshark -r "${CAP_FILE[ul3]}" -n -d udp.port==4789,vxlan \
	-Y "ip.dst == 192.0.2.3 && (ip.src == 192.0.2.1 || ip.src == 192.0.2.2)" \
	-T fields -E occurrence=f -e ip.src -e udp.dstport -e vxlan.flags -e vxlan.vni -e eth.type
if [ "$RC" -ne 0 ]; then
	fail "tshark decodes the capture" "exit $RC: $ERR"
else
	frames=0
	bad=0
	declare -A from
	while IFS=$'\t' read -r src dport flags vni etype; do
		[ -z "$src" ] && continue
		frames=$((frames + 1))
		from[$src]=$((${from[$src]:-0} + 1))
		# flags 0x0800: only the I bit; the VNI decoded by tshark.
		if [ "$dport" != 4789 ] || [ "$vni" != 5000 ] || [ "$((flags))" != $((0x0800)) ]; then
			bad=$((bad + 1))
			[ $bad -le 5 ] && log "unexpected: src $src dport $dport flags $flags vni $vni type $etype"
		fi
	done <<< "$OUT"
	log "tshark: $frames VXLAN frames from hnet (${from[192.0.2.1]:-0} from hv1, ${from[192.0.2.2]:-0} from hv2)"
	expect_match "tshark decodes hnet's frames as VXLAN (>= 12)" "$frames" '(1[2-9]|[2-9][0-9]|[1-9][0-9][0-9]+)'
	expect_eq "every hnet frame: dport 4789, flags I, VNI 5000" "$bad" 0
	expect_match "frames from hv1's VTEP" "${from[192.0.2.1]:-0}" '[1-9][0-9]*'
	expect_match "frames from hv2's VTEP" "${from[192.0.2.2]:-0}" '[1-9][0-9]*'
fi
# The inner frames carry the VMs' traffic: ICMP echo of vm1 to vm3.
run tshark -r "${CAP_FILE[ul3]}" -n -d udp.port==4789,vxlan \
	-Y "vxlan.vni == 5000 && ip.src == 10.0.0.1 && ip.dst == 10.0.0.3 && icmp.type == 8" \
	-T fields -e frame.number
count_words()
{
	local w

	NWORDS=0
	for w in $1; do
		NWORDS=$((NWORDS + 1))
	done
}
count_words "$OUT"
expect_eq "tshark: vm1's 3 echo requests to vm3 inside VNI 5000" "$NWORDS" 3
# The outer source port comes from the inner flow hash: hv1's ICMP and TCP
# flows leave with different source ports, none of them the VXLAN port.
run tshark -r "${CAP_FILE[ul3]}" -n -d udp.port==4789,vxlan \
	-Y "ip.src == 192.0.2.1 && vxlan.vni == 5000" -T fields -E occurrence=f -e udp.srcport
declare -A sports
for p in $OUT; do
	sports[$p]=1
done
log "outer source ports from hv1: ${!sports[*]}"
expect_match "several outer source ports for several flows" "${#sports[@]}" '([2-9]|[1-9][0-9]+)'
if [ -z "${sports[4789]+x}" ]; then
	ok "outer source port is never 4789"
else
	fail "outer source port is never 4789" "${!sports[*]}"
fi

stats_snap
expect_eq "hv1: no drops" "${ST[1:dev.drops]}" 0
expect_eq "hv2: no drops" "${ST[2:dev.drops]}" 0

ksft_exit
