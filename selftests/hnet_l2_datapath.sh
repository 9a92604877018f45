#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Datapath review fixes (issue 6), each observable:
#  - receive timestamps do not leak into transmit: with fq on the underlay
#    and on the ports, and a socket asking for RX timestamps (which makes
#    the stack stamp every received frame with the wall clock), traffic
#    flows and fq drops nothing past its horizon;
#  - a VLAN tag does not count against the network MTU, on either side: a
#    VM's VLAN subinterface at the network MTU reaches a VM on the same
#    hypervisor and one on another (ping with DF, TCP);
#  - the VXLAN source port is a hash of the frame's flow, tagged or not
#    (taken before the tag is written into the frame, where the flow
#    dissector would read the IP header as a VLAN header and fall back to
#    hashing the MACs): one port per flow, whatever the length, and
#    different flows on different ports;
#  - a port whose link type could change (a bond taking a non-Ethernet
#    slave) refuses the change, as the bridge does;
#  - drops by reason are counted on the port too, shown in text and JSON.
#
#   hv1: vm1 10.0.0.1 (VLAN 10: 10.1.0.1), vm3 10.0.0.3 (VLAN 10: 10.1.0.3)
#   hv2: vm2 10.0.0.2 (VLAN 10: 10.1.0.2)        net 1 = VNI 100, MTU 1450

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require tc tshark

M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
M3=02:00:00:00:00:03

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_net 1 100 1450
topo_vm vm1 1 1 $M1 10.0.0.1 ip 10.1.0.1
topo_vm vm2 2 1 $M2 10.0.0.2 ip 10.1.0.2
topo_vm vm3 1 1 $M3 10.0.0.3 ip 10.1.0.3
topo_apply
HV1=${HV_NS[1]}
HV2=${HV_NS[2]}
for v in vm1 vm2 vm3; do
	n=${VM_IP[$v]##*.}
	f=$TMPD/vlan.$v
	{
		echo "link add link eth0 name eth0.10 type vlan id 10"
		echo "addr add 10.1.0.$n/24 dev eth0.10"
		echo "link set eth0.10 up"
	} > "$f"
	setup ip -n "${VM_NS[$v]}" -b "$f"
done
topo_static_neigh
for v in vm1 vm2 vm3; do
	f=$TMPD/vneigh.$v
	: > "$f"
	for w in vm1 vm2 vm3; do
		[ "$w" == "$v" ] && continue
		echo "neigh replace 10.1.0.${VM_IP[$w]##*.} lladdr ${VM_MAC[$w]} dev eth0.10 nud permanent" >> "$f"
	done
	setup ip -n "${VM_NS[$v]}" -b "$f"
done
expect_ping "untagged: vm1 -> vm2, 3 of 3" vm1 10.0.0.2 3

section "receive timestamps and fq"
for h in 1 2; do
	f=$TMPD/fq.$h
	: > "$f"
	for d in ul0 vm1 vm2 vm3; do
		ip -n "${HV_NS[$h]}" link show dev "$d" > /dev/null 2>&1 &&
			echo "qdisc replace dev $d root fq" >> "$f"
	done
	setup tc -n "${HV_NS[$h]}" -b "$f"
done
# A socket with SO_TIMESTAMP: from now on the stack stamps received frames.
TS_PY='
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_TIMESTAMP", 29), 1)
print("stamping", flush=True)
time.sleep(float(sys.argv[1]))
'
bg_start ts_pid "$TMPD/ts" ip netns exec "$HV1" "$PYTHON" -c "$TS_PY" 600
wait_for 100 grep -q stamping "$TMPD/ts" || fail "the timestamping socket is open" "$(< "$TMPD/ts.err")"
# Enabling timestamps is deferred to a work item: give it a moment.
sleep 1
expect_ping "with fq and RX timestamps: vm1 -> vm2 (hv1's underlay fq), 5 of 5" vm1 10.0.0.2 5
expect_ping "with fq and RX timestamps: vm2 -> vm1 (vm1's port fq), 5 of 5" vm2 10.0.0.1 5
expect_ping "with fq and RX timestamps: vm3 -> vm1 (local), 5 of 5" vm3 10.0.0.1 5
for h in 1 2; do
	run tc -n "${HV_NS[$h]}" -s qdisc show
	if [[ "$OUT" =~ horizon_drops\ [1-9] ]]; then
		fail "hv$h: fq dropped nothing past its horizon" "$OUT"
	else
		ok "hv$h: fq dropped nothing past its horizon"
	fi
done
bg_stop "$ts_pid"
# The sections below do not depend on fq.
for h in 1 2; do
	sed 's/^qdisc replace/qdisc del/' "$TMPD/fq.$h" > "$TMPD/nofq.$h"
	setup tc -n "${HV_NS[$h]}" -b "$TMPD/nofq.$h"
done

section "VLAN tag and MTU"
# 1450 bytes of IP in a tagged frame: 1422 bytes of ICMP payload.
stats_snap
stats_save
ping_n vm1 10.1.0.3 3 -M "do" -s 1422
expect_eq "tagged, at the MTU, same hypervisor: vm1 -> vm3, 3 of 3" "$PING_RX" 3
ping_n vm1 10.1.0.2 3 -M "do" -s 1422
expect_eq "tagged, at the MTU, across hypervisors: vm1 -> vm2, 3 of 3" "$PING_RX" 3
ping_n vm2 10.1.0.1 3 -M "do" -s 1422
expect_eq "tagged, at the MTU, across hypervisors: vm2 -> vm1, 3 of 3" "$PING_RX" 3
stats_snap
log_deltas "*mtu*"
expect_delta "hv1: no mtu drops" 1:dev.drop_mtu 0
expect_delta "hv2: no mtu drops" 2:dev.drop_mtu 0
# expect_tcp names the client by its VM's address: here the VLAN one.
VM_IP[vm1]=10.1.0.1
expect_tcp "tagged TCP vm1 -> vm2 across hypervisors at MTU 1450, intact" vm2 10.1.0.2 vm1
VM_IP[vm1]=10.0.0.1

section "VXLAN source port of a flow"
# 8 UDP flows from vm1 to vm2 (destination ports 7000..7007), tagged and
# untagged, each flow once short and once long: each flow keeps one
# VXLAN source port whatever the length, and the flows spread over
# several ports (a hash of the flow, not of the MACs).
FLOWS_PY='
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for dst in sys.argv[1:]:
    for port in range(7000, 7008):
        for size in (100, 1000):
            s.sendto(b"f" * size, (dst, port))
'
cap_start ul1 "$HV1" ul0 udp dst port 4789
run ip netns exec "${VM_NS[vm1]}" "$PYTHON" -c "$FLOWS_PY" 10.1.0.2 10.0.0.2
[ "$RC" -eq 0 ] || fail "vm1 sends the UDP flows" "exit $RC: $ERR"
cap_stop ul1
# Outer and inner UDP ports of each VXLAN packet to hv2.
run tshark -r "${CAP_FILE[ul1]}" -n -d udp.port==4789,vxlan \
	-Y "ip.dst == 192.0.2.2 && udp.dstport == 4789" -T fields \
	-E occurrence=a -E aggregator=' ' -e ip.dst -e udp.srcport -e udp.dstport
declare -A sport_of
bad=0
n=0
while IFS=$'\t' read -r dsts sports dports; do
	read -r _ inner_dst <<< "$dsts"
	read -r outer_sport _ <<< "$sports"
	read -r _ inner_dport <<< "$dports"
	[ -n "$inner_dport" ] || continue
	n=$((n + 1))
	key="$inner_dst:$inner_dport"
	if [ -n "${sport_of[$key]:-}" ] && [ "${sport_of[$key]}" != "$outer_sport" ]; then
		bad=$((bad + 1))
		log "flow $key: source port ${sport_of[$key]}, then $outer_sport"
	fi
	sport_of[$key]=$outer_sport
done <<< "$OUT"
expect_eq "32 datagrams encapsulated to hv2" "$n" 32
expect_eq "every flow kept its VXLAN source port whatever the length" "$bad" 0
tagged_ports=$(for k in "${!sport_of[@]}"; do [[ "$k" == 10.1.* ]] && echo "${sport_of[$k]}"; done | sort -u | wc -l)
plain_ports=$(for k in "${!sport_of[@]}"; do [[ "$k" == 10.0.* ]] && echo "${sport_of[$k]}"; done | sort -u | wc -l)
log "distinct source ports: tagged flows $tagged_ports, untagged flows $plain_ports"
check "8 tagged flows spread over several source ports" [ "$tagged_ports" -gt 1 ]
check "8 untagged flows spread over several source ports" [ "$plain_ports" -gt 1 ]

section "a port cannot change its link type"
setup ip -n "$HV1" link add bond0 type bond mode active-backup
setup ip -n "$HV1" link add sit1 type sit local 192.0.2.1 remote 192.0.2.9
setup hn "$HV1" port add bond0 network 1 mac 02:00:00:00:00:b0
run ip -n "$HV1" link set sit1 master bond0
expect_eq "enslaving a SIT tunnel (another link type) to the bond is refused" "$RC" 2
link_info "$HV1" bond0
expect_match "bond0 is still Ethernet" "$LINK" ".*link/ether .*"
expect_jq "bond0 is still a port" '[.[].ifname]' '["bond0"]' \
	"$HNETCTL" -n "$HV1" -j port show bond0
setup hn "$HV1" port del bond0
setup ip -n "$HV1" link set sit1 master bond0
link_info "$HV1" bond0
expect_match "once not a port, the bond may change type" "$LINK" ".*link/sit .*"

section "drops by reason on the port"
stats_snap
stats_save
# vm1 claims vm3's address: port security drops it.
setup ip -n "${VM_NS[vm1]}" addr add 10.0.0.99/24 dev eth0
ping_n vm1 10.0.0.2 2 -I 10.0.0.99
stats_snap
expect_delta "vm1's port: 2 spoofed" 1:port.vm1.drop_spoofed 2
expect_delta "vm1's network: 2 spoofed" 1:net.1.drop_spoofed 2
expect_delta "vm3's port: none" 1:port.vm3.drop_spoofed 0
run hn "$HV1" -s port show vm1
log "$OUT"
expect_match "port show -s: the drop line says spoofed" "$OUT" \
	".*drops: spoofed ${ST[1:port.vm1.drop_spoofed]} .*"

ksft_exit
