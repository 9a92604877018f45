#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Extra routes of a distributed router (spec section 4): a prefix behind a
# VM that is itself a router, via one next hop, then via two (ECMP: flows
# spread over both, each flow stays on one), then via one again (its flows
# move); a next hop nobody has makes a miss.  Then the router, its
# interfaces, a network and the device are deleted under routed traffic:
# the traffic stops, listeners are told in order, and nothing breaks.
#
#   router 1: net 1 (VNI 101, 10.0.1.0/24), net 2 (VNI 102, 10.0.2.0/24)
#   hv1: a1 (net 1, 10.0.1.10)  r1 (net 2, 10.0.2.31, a router VM)
#   hv2: r2 (net 2, 10.0.2.32, a router VM)
#   behind r1 and behind r2: a host with 172.16.0.1/24 (the same prefix)
#   extra route 172.16.0.0/24 via 10.0.2.31 [via 10.0.2.32]

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_net 1 101
topo_net 2 102
topo_vm a1 1 1 02:00:00:0a:01:10 10.0.1.10
# Router VMs forward for the prefix behind them: an allowed address pair.
topo_vm r1 1 2 02:00:00:0a:02:31 10.0.2.31 allow 172.16.0.0/24
topo_vm r2 2 2 02:00:00:0a:02:32 10.0.2.32 allow 172.16.0.0/24
topo_apply
topo_peers
topo_router 1 1 10.0.1.1/24 2 10.0.2.1/24
HV1=${HV_NS[1]}
HV2=${HV_NS[2]}
# hv2 routes r2's answers to a1: the controller tells it where a1 is.
setup hn "$HV2" remote add network 1 mac "${VM_MAC[a1]}" ip 10.0.1.10 vtep 192.0.2.1

# behind VM HOST: a host namespace behind router VM, 172.16.0.1/24.
declare -A H_NS
behind()
{
	local vm=$1 h=$2 ns

	ns_create ns "$h"
	H_NS[$h]=$ns
	setup ip -n "${VM_NS[$vm]}" link add in0 type veth peer name eth0 netns "$ns"
	setup ip -n "${VM_NS[$vm]}" addr add 172.16.0.254/24 dev in0
	setup ip -n "${VM_NS[$vm]}" link set in0 up
	setup ip netns exec "${VM_NS[$vm]}" sysctl -qw net.ipv4.ip_forward=1
	setup ip -n "$ns" addr add 172.16.0.1/24 dev eth0
	setup ip -n "$ns" link set eth0 up
	setup ip -n "$ns" route add default via 172.16.0.254
}
behind r1 h1
behind r2 h2
# A UDP sink on each: no port unreachable comes back to be routed.
for h in h1 h2; do
	bg_start pid "$TMPD/sink.$h" ip netns exec "${H_NS[$h]}" "$PYTHON" -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 9999))
print("ready", flush=True)
while True:
    s.recv(2048)'
	wait_for 100 grep -q ready "$TMPD/sink.$h" || die "UDP sink on $h"
done

# udp_flows N PKTS: a1 sends N UDP flows (source ports 40000..40000+N-1)
# of PKTS datagrams each to 172.16.0.1:9999.
udp_flows()
{
	run ip netns exec "${VM_NS[a1]}" "$PYTHON" -c '
import socket, sys
for i in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.0.1.10", 40000 + i))
    for _ in range(int(sys.argv[2])):
        s.sendto(b"hnet", ("172.16.0.1", 9999))
    s.close()' "$1" "$2"
}

# flows_at CAP: FLOWS = "port:count ..." of the UDP datagrams capture CAP
# holds, by source port; NPKT = their number.
flows_at()
{
	FLOWS=$(tcpdump -r "${CAP_FILE[$1]}" -nn udp 2> /dev/null |
		sed -n 's/.* 10\.0\.1\.10\.\([0-9]*\) > .*/\1/p' | sort | uniq -c |
		awk '{printf "%s:%s ", $2, $1}')
	NPKT=$(tcpdump -r "${CAP_FILE[$1]}" -nn udp 2> /dev/null | wc -l)
}

# --- one next hop -------------------------------------------------------------
section "a prefix behind a router VM"
setup hn "$HV1" route add 1 172.16.0.0/24 via 10.0.2.31
cap_start h1 "${H_NS[h1]}" eth0 icmp
cap_start h2 "${H_NS[h2]}" eth0 icmp
expect_ping "a1 -> 172.16.0.1 via r1: 3 of 3" a1 172.16.0.1 3
cap_stop h2
cap_stop h1
cap_count h1 "icmp[icmptype] = icmp-echo and src 10.0.1.10"
expect_eq "the host behind r1 got the 3 requests" "$CAP_N" 3
cap_count h2 "icmp"
expect_eq "the host behind r2 got nothing" "$CAP_N" 0

# --- ECMP ---------------------------------------------------------------------
section "two next hops: flows spread, each stays on one"
setup hn "$HV1" route del 1 172.16.0.0/24
setup hn "$HV1" route add 1 172.16.0.0/24 via 10.0.2.31 via 10.0.2.32
expect_jq "route show: both next hops" '.[0].via' '["10.0.2.31","10.0.2.32"]' \
	hn "$HV1" -j route show 1 172.16.0.0/24
stats_snap
stats_save
cap_start h1u "${H_NS[h1]}" eth0 udp port 9999
cap_start h2u "${H_NS[h2]}" eth0 udp port 9999
udp_flows 16 3
cap_stop h2u
cap_stop h1u
stats_snap
flows_at h1u
f1=$FLOWS n1=$NPKT
flows_at h2u
f2=$FLOWS n2=$NPKT
log "behind r1: $n1 datagrams ($f1)"
log "behind r2: $n2 datagrams ($f2)"
expect_eq "all 48 datagrams arrive, behind r1 or r2" "$((n1 + n2))" 48
expect_match "both next hops carry flows ($n1 and $n2)" "$n1 $n2" "([1-9][0-9]*) ([1-9][0-9]*)"
expect_eq "each flow stays on one next hop (3 datagrams where it lands)" \
	"$(tr ' ' '\n' <<< "$f1 $f2" | grep -c ':3$')" 16
expect_delta "router 1 on hv1: 48 routed" 1:router.1.routed_packets 48
expect_delta "hv1: no drops" 1:dev.drops 0
first=$f1

section "one next hop again: its flows move"
setup hn "$HV1" route del 1 172.16.0.0/24
setup hn "$HV1" route add 1 172.16.0.0/24 via 10.0.2.32
cap_start h1u "${H_NS[h1]}" eth0 udp port 9999
cap_start h2u "${H_NS[h2]}" eth0 udp port 9999
udp_flows 16 3
cap_stop h2u
cap_stop h1u
flows_at h1u
expect_eq "nothing behind r1 any more (it had: $first)" "$NPKT" 0
flows_at h2u
expect_eq "all 48 behind r2" "$NPKT" 48
expect_ping "ping a1 -> 172.16.0.1 now answered by the host behind r2 (cross host)" \
	a1 172.16.0.1 3

# --- a next hop nobody has ----------------------------------------------------
section "a next hop nobody has: miss"
monitor_start MON "$TMPD/mon" "$HV1" hnet0 -j
setup hn "$HV1" route add 1 172.17.0.0/24 via 10.0.2.99
stats_snap
stats_save
expect_no_ping "a1 -> 172.17.0.1 via 10.0.2.99: no reply" a1 172.17.0.1
wait_lines "$TMPD/mon" 3
bg_stop "$MON"
expect_jq "miss for the next hop 10.0.2.99 on network 2" \
	'-s [.[] | select(.event == "miss") | .miss]' \
	'[{"router":1,"network":2,"ip":"10.0.2.99"}]' cat "$TMPD/mon"
stats_snap
expect_delta "router 1: 2 drops for no neighbour" 1:router.1.drop_no_neigh 2
setup hn "$HV1" remote add network 2 mac 02:00:00:0a:02:99 ip 10.0.2.99 vtep 192.0.2.2
expect_match "route lookup: 172.17.0.1 via 10.0.2.99" \
	"$(jq_of "$HV1" '.[0].via' route lookup 1 172.17.0.1)" '\["10.0.2.99"\]'

# --- -s router show --------------------------------------------------------------
section "counters in text"
run hn "$HV1" -s router show 1
log "$OUT"
expect_match "-s router show: routed and drops lines" "$OUT" \
	"router 1
    routed [1-9][0-9]* packets [1-9][0-9]* bytes drops [1-9][0-9]*
    icmp: echo-reply 0 time-exceeded 0 net-unreachable 0 frag-needed 0 host-unreachable 0
    drops: no-neighbour 2 no-route 0 ttl 0 mtu 0"

# --- teardown under traffic ------------------------------------------------------
section "deleting under routed traffic"
# hv1's router interface on net 2 goes while a1 floods r1 and the prefix
# behind it: listeners hear the route go with the interface, then traffic
# gets net unreachable.
monitor_start MON "$TMPD/mon2" "$HV1" hnet0 -j
bg_start P1 "$TMPD/flood1" ip netns exec "${VM_NS[a1]}" ping -n -q -i 0.002 10.0.2.31
bg_start P2 "$TMPD/flood2" ip netns exec "${VM_NS[a1]}" ping -n -q -i 0.002 172.16.0.1
sleep 1
stats_snap
stats_save
sleep 1
stats_snap
delta 1:router.1.routed_packets
expect_match "routed traffic flows before the deletions ($D in 1 s)" "$D" "[1-9][0-9]*"
setup hn "$HV1" router iface del 1 network 2
sleep 1
stats_snap
stats_save
sleep 1
stats_snap
expect_delta "nothing routed once the interface is gone" 1:router.1.routed_packets 0
delta 1:router.1.drop_no_route
expect_match "... dropped as without route ($D)" "$D" "[1-9][0-9]*"
setup hn "$HV1" router del 1
setup hn "$HV1" network del 1
setup ip -n "$HV1" link del hnet0
bg_stop "$P1"
bg_stop "$P2"
sleep 0.5
bg_stop "$MON"
expect_jq "events, in order: the two routes the interface took, the interface, the router, networks, device" \
	'-s [.[] | .event | select(test("^(route|router|router-iface|network|dev)-del$"))]' \
	'["route-del","route-del","router-iface-del","router-iface-del","router-del","network-del","network-del","dev-del"]' \
	cat "$TMPD/mon2"
check "hv2 still routes: r2 pings its gateway" ping_ok "${VM_NS[r2]}" 10.0.2.1

ksft_exit
