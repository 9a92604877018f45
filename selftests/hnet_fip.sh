#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Floating IPs (spec section 5): an outside host reaches VMs through their
# floating IPs and they reach it, ping, TCP and UDP, translated on the
# hypervisor that hosts the VM (the external bridge sees only floating
# addresses, the VM only fixed ones); only that hypervisor answers ARP for
# a floating IP, and announces it when it is added, so that it moves
# between hypervisors at once; traceroute and path MTU discovery through
# the upstream router work (the quoted headers of its ICMP errors are
# translated); hairpin to another floating IP, same and cross host; two
# tenants with the same fixed IP; east-west stays unNATed; a VM without
# a floating IP gets net unreachable.  First with external devices that
# have no address of their own, then with ones that do (the host keeps
# its own).  Then the gateway, the router and the device go under
# traffic.
#
#   external: bridge xbr in namespace X; upstream router U (203.0.113.1/24
#   on xbr, 10.99.0.1/24 towards the outside host O, 10.99.0.2)
#   hv1: ext0 in xbr; a1 (net 1, 10.0.1.10, fip 203.0.113.10),
#        b1 (net 11, tenant B, 10.0.1.10, fip 203.0.113.30)
#   hv2: ext0 in xbr; a2 (net 1, 10.0.1.20, fip 203.0.113.20),
#        a3 (net 2, 10.0.2.30, no floating IP)
#   router 1 (tenant A): net 1 (gw 10.0.1.1), net 2 (gw 10.0.2.1);
#   router 2 (tenant B): net 11 (gw 10.0.1.1, MTU 1400); gateways via U.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require traceroute

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_net 1 101
topo_net 2 102
topo_net 11 111 1400
topo_vm a1 1 1 02:00:00:0a:01:10 10.0.1.10
topo_vm b1 1 11 02:00:00:0b:01:10 10.0.1.10
topo_vm a2 2 1 02:00:00:0a:01:20 10.0.1.20
topo_vm a3 2 2 02:00:00:0a:02:30 10.0.2.30
topo_apply
topo_peers
topo_router 1 1 10.0.1.1/24 2 10.0.2.1/24
topo_router 2 11 10.0.1.1/24
HV1=${HV_NS[1]}
HV2=${HV_NS[2]}
# hv1 routes a1 -> a3 (net 2): where a3 is.
setup hn "$HV1" remote add network 2 mac "${VM_MAC[a3]}" ip 10.0.2.30 vtep 192.0.2.2

# The external network.
ns_create X xnet
ns_create U up
ns_create O out
setup ip -n "$X" link add xbr type bridge
setup ip -n "$X" link set xbr up
for h in 1 2; do
	setup ip -n "${HV_NS[$h]}" link add ext0 type veth peer name hv$h netns "$X"
	setup ip -n "$X" link set hv$h master xbr up
	setup ip -n "${HV_NS[$h]}" link set ext0 up
done
setup ip -n "$U" link add up0 type veth peer name upx netns "$X"
setup ip -n "$X" link set upx master xbr up
setup ip -n "$U" addr add 203.0.113.1/24 dev up0
setup ip -n "$U" link set up0 up
setup ip -n "$U" link add up1 type veth peer name eth0 netns "$O"
setup ip -n "$U" addr add 10.99.0.1/24 dev up1
setup ip -n "$U" link set up1 up
setup ip netns exec "$U" sysctl -qw net.ipv4.ip_forward=1
# No redirects for the hairpin through U: Linux resets a host's ICMP rate
# tokens when it redirects it, which would cost the time exceeded that
# traceroute waits for.
setup ip netns exec "$U" sysctl -qw net.ipv4.conf.all.send_redirects=0 \
	net.ipv4.conf.up0.send_redirects=0
setup ip -n "$O" addr add 10.99.0.2/24 dev eth0
setup ip -n "$O" link set eth0 up
setup ip -n "$O" route add default via 10.99.0.1
# The outside host as a "VM" of the helpers (expect_tcp, vmx).
VM_NS[out]=$O
VM_IP[out]=10.99.0.2
EXT1_MAC=$(ip -n "$HV1" -br link show ext0 | awk '{print $3}')
EXT2_MAC=$(ip -n "$HV2" -br link show ext0 | awk '{print $3}')

for h in 1 2; do
	f=$TMPD/gw.$h
	{
		echo "gateway set 1 ext-dev ext0 gw 203.0.113.1"
		echo "gateway set 2 ext-dev ext0 gw 203.0.113.1"
	} > "$f"
	setup hn "${HV_NS[$h]}" -b "$f"
done
setup hn "$HV1" fip add 203.0.113.10 fixed 10.0.1.10 network 1
setup hn "$HV1" fip add 203.0.113.30 fixed 10.0.1.10 network 11
setup hn "$HV2" fip add 203.0.113.20 fixed 10.0.1.20 network 1

# fip_stat HV ADDR KEY: the counter of a floating IP.
fip_stat()
{
	jq_of "$1" ".[0].stats.$3" -s fip show "$2"
}

# --- from the outside, and back -------------------------------------------------
section "outside <-> VM (external devices without an address)"
cap_start xa "$X" hv1 icmp
# Every ARP the hypervisors send while their external devices have no
# address: only ever from a floating IP (never, say, the underlay's).
cap_start xarp "$X" xbr arp
cap_start a1 "${VM_NS[a1]}" eth0 icmp
expect_ping "outside -> 203.0.113.10 (a1 on hv1): 3 of 3" out 203.0.113.10 3
cap_stop a1
cap_stop xa
cap_count xa "icmp and (net 10.0.0.0/8 and not net 10.99.0.0/24)"
expect_eq "external bridge: no fixed address" "$CAP_N" 0
cap_count xa "icmp and host 203.0.113.10"
expect_eq "external bridge: the 6 frames to and from the floating IP" "$CAP_N" 6
cap_count a1 "icmp and host 203.0.113.10"
expect_eq "in a1: no floating address" "$CAP_N" 0
cap_count a1 "icmp[icmptype] = icmp-echo and src 10.99.0.2 and dst 10.0.1.10 and ether src $(gw_mac 1 1)"
expect_eq "in a1: the 3 requests, to its fixed IP, from its gateway MAC" "$CAP_N" 3
expect_eq "fip 203.0.113.10: in 3, out 3" \
	"$(fip_stat "$HV1" 203.0.113.10 in_packets) $(fip_stat "$HV1" 203.0.113.10 out_packets)" "3 3"
run ip -n "$U" neigh show 203.0.113.10
expect_match "the upstream router learnt 203.0.113.10 at hv1's ext0 ($EXT1_MAC)" "$OUT" \
	".*lladdr $EXT1_MAC .*"
expect_ping "a1 -> outside host 10.99.0.2: 3 of 3 (hv1 resolved the upstream router from the floating IP)" \
	a1 10.99.0.2 3
run ip -n "$HV1" neigh show 203.0.113.1 dev ext0
expect_match "hv1's neighbour table holds the upstream router" "$OUT" \
	"203.0.113.1 lladdr .* (REACHABLE|STALE|DELAY|PROBE) ?"
VM_IP[a1]=203.0.113.10
expect_tcp "TCP a1 -> outside (the server sees the floating IP)" out 10.99.0.2 a1
VM_IP[a1]=10.0.1.10
# UDP echo in a1: a datagram of 5 bytes, then one of 3000 (fragments both
# ways, refragmented for the network's MTU on the way in).  Then a
# datagram without a checksum to a closed port: it must arrive with its
# zero checksum, and a1's port unreachable, translated on the way out
# (its quoted destination too), must reach the outside host's socket.
bg_start UDPS "$TMPD/udps" ip netns exec "${VM_NS[a1]}" "$PYTHON" -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 7000))
s.settimeout(30)
print("ready", flush=True)
for i in range(2):
    data, peer = s.recvfrom(4000)
    s.sendto(data[::-1] + ("|%s" % peer[0]).encode(), peer)'
wait_for 200 grep -q ready "$TMPD/udps"
cap_start a1u "${VM_NS[a1]}" eth0 udp
run ip netns exec "$O" "$PYTHON" -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(10)
s.sendto(b"olleh", ("203.0.113.10", 7000))
print(s.recvfrom(100)[0].decode())
big = bytes(range(256)) * 12
s.sendto(big[:3000], ("203.0.113.10", 7000))
data = s.recvfrom(4000)[0]
print(data[:3000] == big[:3000][::-1], data[3000:].decode())
n = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
n.setsockopt(socket.SOL_SOCKET, 11, 1)  # SO_NO_CHECK
n.settimeout(10)
n.connect(("203.0.113.10", 7001))
n.send(b"x")
try:
    n.recv(100)
    print("answered")
except ConnectionRefusedError:
    print("refused")'
cap_stop a1u
expect_eq "UDP outside -> a1 and back, 5 and 3000 bytes (a1 saw the outside host's address), port unreachable from a closed port" \
	"$(tr '\n' ' ' <<< "$OUT")" "hello|10.99.0.2 True |10.99.0.2 refused " ||
	log "client: $ERR" "server: $(cat "$TMPD/udps" "$TMPD/udps.err")"
wait "$UDPS" 2> /dev/null
cap_count a1u "udp dst port 7001 and dst 10.0.1.10 and udp[6:2] = 0"
expect_eq "in a1: the datagram without a checksum kept its zero checksum" "$CAP_N" 1
cap_count a1u "ip[6:2] & 0x3fff != 0 and dst 10.0.1.10"
check "in a1: the 3000-byte datagram arrived in fragments" test "$CAP_N" -ge 3
expect_tcp "TCP outside -> a1 through 203.0.113.10" a1 203.0.113.10 out

# --- ARP ------------------------------------------------------------------------
section "ARP: only the hosting hypervisor answers, and announces"
cap_start x2 "$X" hv2 arp
run ip -n "$U" neigh flush dev up0
expect_ping "outside -> 203.0.113.20 (a2 on hv2) after the upstream cache was flushed" out 203.0.113.20 2
expect_ping "outside -> 203.0.113.10 (a1 on hv1) likewise" out 203.0.113.10 2
cap_stop x2
cap_count x2 "arp[6:2] = 2 and arp[14:4] = 0xcb00710a"
expect_eq "hv2 never answered ARP for 203.0.113.10" "$CAP_N" 0
cap_count x2 "arp[6:2] = 2 and arp[14:4] = 0xcb007114"
expect_eq "hv2 answered ARP for its own 203.0.113.20" "$CAP_N" 1
# a2 stands for a1 migrated to hv2: it takes 203.0.113.10.
setup hn "$HV2" fip del 203.0.113.20
cap_start xg "$X" xbr arp
setup hn "$HV1" fip del 203.0.113.10
setup hn "$HV2" fip add 203.0.113.10 fixed 10.0.1.20 network 1
# The outside host pings at once: the moved address answers in a second.
run ip netns exec "$O" ping -n -c 1 -W 1 203.0.113.10
expect_match "moved to hv2 (now a2's): the first ping within a second is answered" "$OUT" \
	".*1 received.*"
cap_stop xg
cap_count xg "arp[6:2] = 1 and arp[14:4] = 0xcb00710a and arp[24:4] = 0xcb00710a and ether src $EXT2_MAC"
expect_eq "hv2 announced 203.0.113.10 with a gratuitous ARP request" "$CAP_N" 1
run ip -n "$U" neigh show 203.0.113.10
expect_match "the upstream router follows: 203.0.113.10 at hv2's ext0" "$OUT" ".*lladdr $EXT2_MAC .*"
setup hn "$HV2" fip del 203.0.113.10
setup hn "$HV2" fip add 203.0.113.20 fixed 10.0.1.20 network 1
setup hn "$HV1" fip add 203.0.113.10 fixed 10.0.1.10 network 1
expect_ping "and back on hv1: a1 answers" out 203.0.113.10 2
# The external device's MAC changes: its floating IPs are announced again
# (as the kernel does for its own addresses with arp_notify), so upstream
# follows at once.
NEWMAC=02:ee:00:00:00:02
cap_start xu "$X" xbr arp
setup ip -n "$HV2" link set ext0 address $NEWMAC
run ip netns exec "$O" ping -n -c 1 -W 1 203.0.113.20
expect_match "hv2's ext0 takes a new MAC: 203.0.113.20 answers at once" "$OUT" ".*1 received.*"
cap_stop xu
cap_count xu "arp[6:2] = 1 and arp[14:4] = 0xcb007114 and arp[24:4] = 0xcb007114 and ether src $NEWMAC"
expect_eq "announced from the new MAC" "$CAP_N" 1
setup ip -n "$HV2" link set ext0 address "$EXT2_MAC"
expect_ping "and again with the old one" out 203.0.113.20 2

# --- tenants, east-west, no floating IP ---------------------------------------------
section "tenants, east-west, without a floating IP"
cap_start a1t "${VM_NS[a1]}" eth0 icmp
expect_ping "outside -> 203.0.113.30: tenant B's b1 (the same fixed IP as a1)" out 203.0.113.30 3
cap_stop a1t
cap_count a1t "icmp"
expect_eq "a1 saw nothing of it" "$CAP_N" 0
cap_start a3e "${VM_NS[a3]}" eth0 icmp
expect_ping "a1 -> a3 (10.0.2.30) east-west" a1 10.0.2.30 2
cap_stop a3e
cap_count a3e "icmp[icmptype] = icmp-echo and src 10.0.1.10"
expect_eq "a3 sees a1's fixed IP, unNATed" "$CAP_N" 2
run ip netns exec "${VM_NS[a3]}" ping -n -c 1 -W 2 10.99.0.2
expect_match "a3 (no floating IP) -> outside: net unreachable from its gateway" "$OUT" \
	".*From 10.0.2.1 icmp_seq=1 Destination Net Unreachable.*"
expect_jq "counted: router 1 sent one net unreachable, dropped one without a route" \
	'.[0].stats | [.icmp_net_unreach, .drop_no_route]' '[1,1]' hnj "$HV2" -s router show 1

# --- hairpin ------------------------------------------------------------------------
section "hairpin"
cap_start b1h "${VM_NS[b1]}" eth0 icmp
expect_ping "a1 -> 203.0.113.30 (b1, same hypervisor)" a1 203.0.113.30 2
cap_stop b1h
cap_count b1h "icmp[icmptype] = icmp-echo and src 203.0.113.10 and dst 10.0.1.10"
expect_eq "b1 sees a1's floating IP as the source" "$CAP_N" 2
# b1's network has the smaller MTU: a DF packet too large for it gets
# fragmentation needed from a1's gateway, as on any routed path.
run ip netns exec "${VM_NS[a1]}" ping -n -c 1 -W 2 -M do -s 1410 203.0.113.30
expect_match "hairpin: a 1438-byte DF ping to b1 (MTU 1400): frag needed from a1's gateway, mtu 1400" "$OUT" \
	".*From 10.0.1.1 icmp_seq=1 Frag needed and DF set \(mtu = 1400\).*"
ping_n a1 203.0.113.30 1 -M do -s 1344
expect_eq "and 1372-byte DF pings go through" "$PING_RX" 1
cap_start a2h "${VM_NS[a2]}" eth0 icmp
expect_ping "a1 -> 203.0.113.20 (a2, another hypervisor, through the upstream router)" a1 203.0.113.20 2
cap_stop a2h
cap_count a2h "icmp[icmptype] = icmp-echo and src 203.0.113.10 and dst 10.0.1.20"
expect_eq "a2 sees a1's floating IP as the source" "$CAP_N" 2

# first_hops: of traceroute's output, each hop's first answering address
# (two probes a hop: one may be lost), "1 ADDR 2 ADDR ...".
first_hops()
{
	sed -n '2,$p' | awk '{ for (i = 2; i <= NF; i++)
		if ($i ~ /^[0-9.]+$/ && $i ~ /\./ && $(i + 1) != "ms") { print $1, $i; break } }' |
		tr '\n' ' '
}

# --- traceroute, port unreachable, path MTU -------------------------------------------
section "traceroute and path MTU through the upstream router"
run ip netns exec "${VM_NS[a1]}" traceroute -n -q 2 -w 2 -m 4 10.99.0.2
log "$OUT"
expect_eq "traceroute a1 -> outside: the gateway, the upstream router, the host (its port unreachable)" \
	"$(first_hops <<< "$OUT")" \
	"1 10.0.1.1 2 203.0.113.1 3 10.99.0.2 "
# And inwards: hv1's router answers TTL 1 from the floating IP, then a1's
# port unreachable comes back translated.
run ip netns exec "$O" traceroute -n -q 2 -w 2 -m 4 203.0.113.10
log "$OUT"
expect_eq "traceroute outside -> 203.0.113.10: the upstream router, hv1's router (from the floating IP), a1" \
	"$(first_hops <<< "$OUT")" "1 10.99.0.1 2 203.0.113.10 3 203.0.113.10 "
setup ip -n "$U" link set up1 mtu 1300
setup ip -n "$O" link set eth0 mtu 1300
run ip netns exec "${VM_NS[a1]}" ping -n -c 1 -W 2 -M do -s 1400 10.99.0.2
expect_match "1428-byte DF ping: frag needed from the upstream router, mtu 1300" "$OUT" \
	".*From 203.0.113.1 icmp_seq=1 Frag needed and DF set \(mtu = 1300\).*"
run ip -n "${VM_NS[a1]}" route get 10.99.0.2
expect_match "a1 learnt the path MTU 1300" "$OUT" ".*mtu 1300.*"
ping_n a1 10.99.0.2 2 -s 1400
expect_eq "then 1428-byte pings go through (fragmented by a1)" "$PING_RX" 2

# --- with addresses of their own -----------------------------------------------------
cap_stop xarp
cap_count xarp "arp[14:4] & 0xffffff00 != 0xcb007100"
expect_eq "without addresses, no ARP from outside 203.0.113.0/24 on the external network" "$CAP_N" 0 ||
	cap_show xarp "arp[14:4] & 0xffffff00 != 0xcb007100"
cap_count xarp "arp[6:2] = 1 and (ether src $EXT1_MAC or ether src $EXT2_MAC) and arp[14:4] != arp[24:4]"
check "and the hypervisors did ask (from a floating IP) for the upstream router" test "$CAP_N" -ge 1
run ip -n "$U" neigh show dev up0
expect_match "the upstream router knows only floating IPs and itself on the external network" \
	"$(awk '{print $1}' <<< "$OUT" | sort -u | tr '\n' ' ')" "(203\.0\.113\.[0-9]+ )+"

section "external devices with an address of their own"
setup ip -n "$HV1" addr add 203.0.113.101/24 dev ext0
setup ip -n "$HV2" addr add 203.0.113.102/24 dev ext0
run ip -n "$HV1" neigh flush dev ext0
run ip -n "$U" neigh flush dev up0
check "the upstream router reaches hv1's own address (the host stack)" \
	ping_ok "$U" 203.0.113.101
check "and hv2's" ping_ok "$U" 203.0.113.102
# a1 first, with hv1's neighbours flushed: the first request waits in the
# neighbour's queue while the kernel asks from hv1's own address.
run ip -n "$HV1" neigh flush dev ext0
cap_start xarp2 "$X" hv1 arp
expect_ping "a1 -> outside, hv1's neighbours flushed: 2 of 2 (the first waited for the upstream router's MAC)" \
	a1 10.99.0.2 2
cap_stop xarp2
cap_count xarp2 "arp[6:2] = 1 and arp[14:4] = 0xcb007165 and arp[24:4] = 0xcb007101"
check "hv1 asked for the upstream router from its own address 203.0.113.101" test "$CAP_N" -ge 1
expect_ping "outside -> 203.0.113.10 (a1)" out 203.0.113.10 2
expect_ping "outside -> 203.0.113.20 (a2)" out 203.0.113.20 2
VM_IP[a1]=203.0.113.10
expect_tcp "TCP a1 -> outside" out 10.99.0.2 a1
VM_IP[a1]=10.0.1.10
expect_tcp "TCP outside -> a1" a1 203.0.113.10 out
run ip netns exec "${VM_NS[a1]}" traceroute -n -q 2 -w 2 -m 4 10.99.0.2
expect_eq "traceroute a1 -> outside" "$(first_hops <<< "$OUT")" "1 10.0.1.1 2 203.0.113.1 3 10.99.0.2 "

# --- deletions under traffic --------------------------------------------------------
section "deleting the gateway, the router and the device under traffic"
monitor_start MON "$TMPD/mon" "$HV1" hnet0 -j
bg_start P1 "$TMPD/f1" ip netns exec "$O" ping -n -q -i 0.005 203.0.113.10
bg_start P2 "$TMPD/f2" ip netns exec "${VM_NS[a1]}" ping -n -q -i 0.005 10.99.0.2
sleep 1
expect_match "traffic both ways (fip in $(fip_stat "$HV1" 203.0.113.10 in_packets))" \
	"$(fip_stat "$HV1" 203.0.113.10 in_packets)" "[1-9][0-9]*"
setup hn "$HV1" gateway del 1
sleep 0.5
setup hn "$HV1" router del 2
sleep 0.5
setup ip -n "$HV1" link del hnet0
bg_stop "$P1"
bg_stop "$P2"
wait_for 50 grep -q '"event":"dev-del"' "$TMPD/mon"
bg_stop "$MON"
expect_jq "listeners told: the floating IPs with their gateways, then the routers and the device" \
	'-s [.[] | .event | select(test("^(fip|gateway|router|dev)-del$"))]' \
	'["fip-del","gateway-del","fip-del","gateway-del","router-del","router-del","dev-del"]' \
	cat "$TMPD/mon"
check "hv2 still carries a2's floating IP" ping_ok "$O" 203.0.113.20

ksft_exit
