#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hnet demo (make demo): two hypervisors, two tenants with overlapping
# addresses (and MACs), VMs that reach their own tenant's VMs and nothing
# of the other tenant, then the configuration and the counters.  Every
# command is printed ("+ cmd") before its output.  Exits 0 when everything
# behaved as narrated, 1 otherwise, 4 (skip) without root or hnet.
#
# Hypervisors and VMs are network namespaces (spec section 8):
#
#   underlay 192.0.2.0/24: a bridge; hv1 = 192.0.2.1, hv2 = 192.0.2.2
#   tenant A, network 1, VNI 1001: a1 10.0.0.1 (hv1), a2 10.0.0.2 (hv2)
#   tenant B, network 2, VNI 1002: b1 10.0.0.1 (hv1), b2 10.0.0.2 (hv2),
#                                  b3 10.0.0.3 (hv2)
#   a1 and b1 share the MAC 02:00:00:00:00:01, a2 and b2 02:00:00:00:00:02.
#
# Then distributed routing: each tenant gets a second network with the same
# subnet and a router between its two, on both hypervisors:
#
#   tenant A, router 1: network 1 (gw 10.0.0.254), network 3, VNI 1003,
#                       10.0.1.0/24 (gw 10.0.1.254): a3 10.0.1.3 (hv1),
#                       a4 10.0.1.4 (hv2), later a5 10.0.1.5 (hv2)
#   tenant B, router 2: network 2 (gw 10.0.0.254), network 4, VNI 1004,
#                       10.0.1.0/24 (gw 10.0.1.254): b4 10.0.1.4 (hv2)
#
# Then the external network: a bridge (namespace ext) that both
# hypervisors' uplinks ext0 join, without addresses of their own, and an
# outside host (namespace out, 203.0.113.1, also the routers' upstream
# next hop).  Floating IPs: 203.0.113.10 for a1, 203.0.113.20 for b1 (the
# same fixed IP 10.0.0.1, both on hv1); then 203.0.113.10 moves to a2 on
# hv2.
#
# Then an L2 gateway: a physical network (namespace phys) with a trunk to
# hv1's eth1 and a host vh (10.0.0.100) on its VLAN 100, which hv1 bridges
# into tenant A's network 1; the controller pushes the MAC hv1 learned to
# hv2.

source "$(dirname "$0")/lib.sh"

hnet_require ping

P=demo
UL=$P-underlay
NSS=("$UL" "$P-hv1" "$P-hv2" "$P-a1" "$P-a2" "$P-b1" "$P-b2" "$P-b3" "$P-a3"
     "$P-a4" "$P-a5" "$P-b4" "$P-ext" "$P-out" "$P-phys" "$P-vh")
for ns in "${NSS[@]}"; do
	[ -e "/run/netns/$ns" ] && ksft_skip "namespace $ns exists already"
done
# Commands are shown as an operator would type them.
hnetctl() { "$HNETCTL" "$@"; }

BAD=0
STEP=0

say()
{
	STEP=$((STEP + 1))
	echo
	echo "=== $STEP. $*"
}

note()
{
	echo "    $*"
}

# x CMD...: print the command, run it, show its output.
x()
{
	echo "+ $*"
	"$@" 2>&1
}

# q CMD...: run a plumbing command quietly (printed, no output unless it fails).
q()
{
	echo "+ $*"
	"$@" > "$TMPD/q" 2>&1 || { cat "$TMPD/q"; echo "    (failed)"; BAD=$((BAD + 1)); }
}

expect()
{
	if [ "$1" == "$2" ]; then
		echo "    -> as expected: $3"
	else
		echo "    -> NOT AS EXPECTED: $3 (got '$1', want '$2')"
		BAD=$((BAD + 1))
	fi
}

# ping_demo VM DST WANT: ping -c 3 shown; WANT = replies expected.
ping_demo()
{
	local out rx=0

	echo "+ ip netns exec $P-$1 ping -c 3 -W 1 $2"
	out=$(ip netns exec "$P-$1" ping -n -c 3 -i 0.3 -W 1 "$2" 2>&1)
	echo "$out"
	[[ "$out" =~ ([0-9]+)\ received ]] && rx=${BASH_REMATCH[1]}
	expect "$rx" "$3" "$3 of 3 replies"
}

# port_tx HV PORT: VAR PORT_TX = the port's tx_packets counter.
port_tx()
{
	PORT_TX=$("$HNETCTL" -n "$P-$1" -j -s port show "$2" | jq '.[0].stats.tx_packets')
}

echo "hnet demo: $(uname -r), hnetctl $("$HNETCTL" -V 2>&1)"

say "The underlay: a bridge joining two hypervisors (network namespaces)"
for ns in "${NSS[@]}"; do
	ip netns add "$ns" || die "ip netns add $ns"
	NS_LIST+=("$ns")
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 > /dev/null 2>&1
done
echo "+ ip netns add ${NSS[*]}  (IPv6 off in each: exact counters)"
q ip -n $UL link add br0 type bridge
q ip -n $UL link set br0 up
for h in 1 2; do
	q ip -n $UL link add hv$h type veth peer name ul0 netns $P-hv$h
	q ip -n $UL link set hv$h master br0 up
	q ip -n $P-hv$h addr add 192.0.2.$h/24 dev ul0
	q ip -n $P-hv$h link set ul0 up
done

say "One hnet device per hypervisor, with its VTEP address"
for h in 1 2; do
	x ip -n $P-hv$h link add hnet0 type hnet
	x ip -n $P-hv$h link set hnet0 up
	x hnetctl -n $P-hv$h dev set vtep 192.0.2.$h
done
x hnetctl -n $P-hv1 dev show

say "Two tenant networks, on both hypervisors"
for h in 1 2; do
	x hnetctl -n $P-hv$h network add 1 vni 1001 name tenant-a
	x hnetctl -n $P-hv$h network add 2 vni 1002 name tenant-b
done
x hnetctl -n $P-hv1 network show

say "VMs: a veth pair each, the hypervisor end becomes an hnet port"
note "Both tenants use 10.0.0.0/24, and a1/b1, a2/b2 even share their MACs."
# vm hv net mac ip
vm()
{
	local v=$1 h=$2 net=$3 mac=$4 ip=$5

	q ip -n $P-hv$h link add name "$v" mtu 1450 type veth peer name eth0 netns $P-$v
	q ip -n $P-$v link set eth0 address "$mac" mtu 1450 up
	q ip -n $P-$v addr add "$ip"/24 dev eth0
	q ip -n $P-hv$h link set "$v" up
	x hnetctl -n $P-hv$h port add "$v" network "$net" mac "$mac" ip "$ip"
}
vm a1 1 1 02:00:00:00:00:01 10.0.0.1
vm b1 1 2 02:00:00:00:00:01 10.0.0.1
vm a2 2 1 02:00:00:00:00:02 10.0.0.2
vm b2 2 2 02:00:00:00:00:02 10.0.0.2
vm b3 2 2 02:00:00:00:00:03 10.0.0.3
x ip -n $P-hv2 link show master hnet0

say "What l2population would push: remote VMs and flood VTEPs"
x hnetctl -n $P-hv1 remote add network 1 mac 02:00:00:00:00:02 ip 10.0.0.2 vtep 192.0.2.2
x hnetctl -n $P-hv1 remote add network 2 mac 02:00:00:00:00:02 ip 10.0.0.2 vtep 192.0.2.2
x hnetctl -n $P-hv1 remote add network 2 mac 02:00:00:00:00:03 ip 10.0.0.3 vtep 192.0.2.2
x hnetctl -n $P-hv1 flood add network 1 vtep 192.0.2.2
x hnetctl -n $P-hv1 flood add network 2 vtep 192.0.2.2
x hnetctl -n $P-hv2 remote add network 1 mac 02:00:00:00:00:01 ip 10.0.0.1 vtep 192.0.2.1
x hnetctl -n $P-hv2 remote add network 2 mac 02:00:00:00:00:01 ip 10.0.0.1 vtep 192.0.2.1
x hnetctl -n $P-hv2 flood add network 1 vtep 192.0.2.1
x hnetctl -n $P-hv2 flood add network 2 vtep 192.0.2.1

say "Tenant A: a1 (hv1) pings 10.0.0.2, which in tenant A is a2 on hv2"
port_tx hv2 a2
a2tx=$PORT_TX
port_tx hv2 b2
b2tx=$PORT_TX
ping_demo a1 10.0.0.2 3
x ip -n $P-a1 neigh show 10.0.0.2
note "hnet answered a1's ARP itself (ARP suppression) with a2's MAC."
port_tx hv2 a2
expect "$((PORT_TX - a2tx))" 4 "a2's port got 4 frames: the 3 echo requests and hnet's answer to a2's own ARP"
port_tx hv2 b2
expect "$((PORT_TX - b2tx))" 0 "b2, same IP and MAC in tenant B, saw nothing"

say "Tenant B: b1 (hv1) pings the same address 10.0.0.2: it reaches b2"
port_tx hv2 a2
a2tx=$PORT_TX
port_tx hv2 b2
b2tx=$PORT_TX
ping_demo b1 10.0.0.2 3
port_tx hv2 b2
expect "$((PORT_TX - b2tx))" 4 "b2's port got the 3 echo requests and hnet's answer to b2's ARP"
port_tx hv2 a2
expect "$((PORT_TX - a2tx))" 0 "a2 saw nothing"
ping_demo b1 10.0.0.3 3

say "Across tenants: a1 pings 10.0.0.3, which exists only in tenant B"
port_tx hv2 b3
b3tx=$PORT_TX
ping_demo a1 10.0.0.3 0
port_tx hv2 b3
expect "$((PORT_TX - b3tx))" 0 "b3 (tenant B) saw nothing of tenant A's attempts"

say "On one hypervisor (hv2): b2 reaches b3 (tenant B), a2 (tenant A) cannot"
ping_demo b2 10.0.0.3 3
ping_demo a2 10.0.0.3 0

say "Distributed routing: a second network per tenant, the same subnet in both"
note "Each hypervisor gets a DVR MAC of its own and learns the other's (peer):"
note "a packet routed to another hypervisor leaves with the sender's DVR MAC."
for h in 1 2; do
	o=$((3 - h))
	x hnetctl -n $P-hv$h dev set host-mac 02:d0:00:00:00:0$h
	x hnetctl -n $P-hv$h peer add 192.0.2.$o dvr-mac 02:d0:00:00:00:0$o
	x hnetctl -n $P-hv$h network add 3 vni 1003 name tenant-a-2
	x hnetctl -n $P-hv$h network add 4 vni 1004 name tenant-b-2
done
vm a3 1 3 02:00:00:00:01:03 10.0.1.3
vm a4 2 3 02:00:00:00:01:04 10.0.1.4
vm b4 2 4 02:00:00:00:01:04 10.0.1.4
note "What the controller pushes for them (as Neutron's l2population does for DVR):"
x hnetctl -n $P-hv1 remote add network 3 mac 02:00:00:00:01:04 ip 10.0.1.4 vtep 192.0.2.2
x hnetctl -n $P-hv1 remote add network 4 mac 02:00:00:00:01:04 ip 10.0.1.4 vtep 192.0.2.2
x hnetctl -n $P-hv2 remote add network 3 mac 02:00:00:00:01:03 ip 10.0.1.3 vtep 192.0.2.1
x hnetctl -n $P-hv1 flood add network 3 vtep 192.0.2.2
x hnetctl -n $P-hv2 flood add network 3 vtep 192.0.2.1

say "Two routers, one per tenant, on both hypervisors: the same gateway IPs"
for h in 1 2; do
	x hnetctl -n $P-hv$h router add 1 name tenant-a
	x hnetctl -n $P-hv$h router iface add 1 network 1 gw 10.0.0.254/24
	x hnetctl -n $P-hv$h router iface add 1 network 3 gw 10.0.1.254/24
	x hnetctl -n $P-hv$h router add 2 name tenant-b
	x hnetctl -n $P-hv$h router iface add 2 network 2 gw 10.0.0.254/24
	x hnetctl -n $P-hv$h router iface add 2 network 4 gw 10.0.1.254/24
done
x hnetctl -n $P-hv1 router iface show
note "The gateway MACs are derived from router and network id: every"
note "hypervisor answers ARP for its gateways with the same MAC."
for v in a1 b1 a3 a4 b4; do
	case $v in *1) gw=10.0.0.254 ;; *) gw=10.0.1.254 ;; esac
	q ip -n $P-$v route add default via $gw
done

say "Tenant A, same hypervisor: a1 (hv1, 10.0.0.1) pings a3 (hv1, 10.0.1.3)"
ping_demo a1 10.0.1.3 3
x ip -n $P-a1 neigh show 10.0.0.254

say "Tenant A, across hypervisors: a1 (hv1) pings 10.0.1.4: a4 on hv2, not b4"
port_tx hv2 b4
b4tx=$PORT_TX
ping_demo a1 10.0.1.4 3
port_tx hv2 b4
expect "$((PORT_TX - b4tx))" 0 "b4 (tenant B, same address) saw nothing"
note "hv1 routed the requests, hv2 the replies: each hypervisor routes its own VMs."
x hnetctl -n $P-hv1 -s router show 1
x hnetctl -n $P-hv2 -s router show 1

say "Tenant B, the same addresses: b1 (hv1) pings 10.0.1.4, which is b4"
ping_demo b1 10.0.1.4 3

say "traceroute from a1 to a4: the gateway, then a4"
if command -v traceroute > /dev/null; then
	out=$(ip netns exec $P-a1 traceroute -n -q 1 -w 2 -m 3 10.0.1.4 2>&1)
	echo "+ ip netns exec $P-a1 traceroute -n -q 1 -w 2 -m 3 10.0.1.4"
	echo "$out"
	hops=$(sed -n '2,3p' <<< "$out" | awk '{printf "%s ", $2}')
	expect "$hops" "10.0.0.254 10.0.1.4 " "hop 1 the gateway, hop 2 a4"
else
	note "(traceroute is not installed: skipped)"
fi

say "A VM the controller has not told hv1 about yet: a miss"
vm a5 2 3 02:00:00:00:01:05 10.0.1.5
q ip -n $P-a5 route add default via 10.0.1.254
note "hv1 does not know 10.0.1.5 on network 3: the router drops the packet"
note "and tells the events group, where a controller listens:"
"$HNETCTL" -n $P-hv1 monitor > "$TMPD/monitor" 2>&1 &
mon=$!
sleep 1
ping_demo a1 10.0.1.5 0
sleep 0.5
kill "$mon" 2> /dev/null
wait "$mon" 2> /dev/null
echo "+ hnetctl -n $P-hv1 monitor"
cat "$TMPD/monitor"
miss=$(grep -c 'miss router 1 network 3 ip 10.0.1.5' "$TMPD/monitor")
expect "$miss" 1 "one miss notification (rate-limited) for 10.0.1.5"
note "The controller pushes the remote; the next packet goes through."
x hnetctl -n $P-hv1 remote add network 3 mac 02:00:00:00:01:05 ip 10.0.1.5 vtep 192.0.2.2
ping_demo a1 10.0.1.5 3

say "The external network: a bridge both hypervisors' uplinks join, an outside host"
q ip -n $P-ext link add xbr type bridge
q ip -n $P-ext link set xbr up
for h in 1 2; do
	q ip -n $P-hv$h link add ext0 type veth peer name hv$h netns $P-ext
	q ip -n $P-ext link set hv$h master xbr up
	q ip -n $P-hv$h link set ext0 up
done
q ip -n $P-out link add eth0 type veth peer name out netns $P-ext
q ip -n $P-ext link set out master xbr up
q ip -n $P-out addr add 203.0.113.1/24 dev eth0
q ip -n $P-out link set eth0 up
note "ext0 has no address: no external IP is spent on a hypervisor."
x ip -n $P-hv1 -br addr show ext0

say "Both routers get a gateway, on both hypervisors; a1 and b1 a floating IP each"
for h in 1 2; do
	x hnetctl -n $P-hv$h gateway set 1 ext-dev ext0 gw 203.0.113.1
	x hnetctl -n $P-hv$h gateway set 2 ext-dev ext0 gw 203.0.113.1
done
note "a1 and b1 both have the fixed IP 10.0.0.1, on their own tenant's network."
x hnetctl -n $P-hv1 fip add 203.0.113.10 fixed 10.0.0.1 network 1
x hnetctl -n $P-hv1 fip add 203.0.113.20 fixed 10.0.0.1 network 2
x hnetctl -n $P-hv1 fip show

say "The outside host reaches both tenants' VMs through their floating IPs"
port_tx hv1 b1
b1tx=$PORT_TX
ping_demo out 203.0.113.10 3
port_tx hv1 b1
expect "$((PORT_TX - b1tx))" 0 "b1 (tenant B, the same fixed IP) saw nothing of it"
port_tx hv1 a1
a1tx=$PORT_TX
ping_demo out 203.0.113.20 3
port_tx hv1 a1
expect "$((PORT_TX - a1tx))" 0 "and a1 nothing of b1's"
note "hv1 answered ARP for both, from its uplink's MAC:"
x ip -n $P-out neigh show dev eth0
ext1=$(ip -n $P-hv1 -br link show ext0 | awk '{print $3}')
n=$(ip -n $P-out neigh show dev eth0 | grep -c "lladdr $ext1")
expect "$n" 2 "both floating IPs at hv1's ext0 ($ext1), nothing else"

say "And back: a1 pings the outside host, which sees a1's floating IP"
q ip -n $P-out neigh flush dev eth0
echo "+ ip netns exec $P-out tcpdump -n -i eth0 icmp  (in the background)"
ip netns exec $P-out tcpdump -n -l -i eth0 icmp > "$TMPD/outcap" 2> "$TMPD/outcap.err" &
cap=$!
for i in $(seq 50); do grep -q listening "$TMPD/outcap.err" && break; sleep 0.1; done
ping_demo a1 203.0.113.1 3
sleep 0.5
kill -INT "$cap" 2> /dev/null
wait "$cap" 2> /dev/null
cat "$TMPD/outcap"
n=$(grep -c 'IP 203.0.113.10 > 203.0.113.1: ICMP echo request' "$TMPD/outcap")
expect "$n" 3 "the outside host saw 3 requests from 203.0.113.10, never 10.0.0.1"
x hnetctl -n $P-hv1 -s fip show

say "A floating IP moves between hypervisors: 203.0.113.10 to a2 on hv2"
note "As when its VM migrates: the controller deletes it on hv1, adds it on hv2,"
note "whose gratuitous ARP turns the outside host's cache at once."
q ip -n $P-a2 route add default via 10.0.0.254
x hnetctl -n $P-hv1 fip del 203.0.113.10
x hnetctl -n $P-hv2 fip add 203.0.113.10 fixed 10.0.0.2 network 1
ext2=$(ip -n $P-hv2 -br link show ext0 | awk '{print $3}')
sleep 0.2
x ip -n $P-out neigh show 203.0.113.10
n=$(ip -n $P-out neigh show 203.0.113.10 | grep -c "lladdr $ext2")
expect "$n" 1 "the outside host has 203.0.113.10 at hv2's ext0 ($ext2) already"
ping_demo out 203.0.113.10 3
x hnetctl -n $P-hv2 -s fip show 203.0.113.10
n=$("$HNETCTL" -n $P-hv2 -j -s fip show 203.0.113.10 | jq '.[0].stats | [.in_packets, .out_packets] | join(" ")')
expect "$n" '"3 3"' "hv2 translated the 3 requests to a2 and its 3 replies"

say "An L2 gateway: a host on VLAN 100 of a physical network joins tenant A"
note "hv1's eth1 is a trunk to a physical switch (namespace phys); the host vh"
note "sits on its VLAN 100, with an address of tenant A's subnet, 10.0.0.100."
q ip -n $P-phys link add trunk type veth peer name eth1 netns $P-hv1
q ip -n $P-phys link set trunk up
q ip -n $P-hv1 link set eth1 up
q ip -n $P-phys link add link trunk name vlan100 type vlan id 100
q ip -n $P-phys link set vlan100 netns $P-vh
q ip -n $P-vh link set vlan100 name eth0 mtu 1450 up
q ip -n $P-vh addr add 10.0.0.100/24 dev eth0
x hnetctl -n $P-hv1 l2gw add network 1 ifname eth1 vlan 100
note "hv1 answers vh's ARP for tenant A's VMs (it knows their addresses) and"
note "switches vh's frames like a VM's: to a1 on hv1, over VXLAN to a2 on hv2."
port_tx hv1 b1
b1tx=$PORT_TX
ping_demo vh 10.0.0.1 3
ping_demo vh 10.0.0.2 3
port_tx hv1 b1
expect "$((PORT_TX - b1tx))" 0 "b1 (tenant B, also 10.0.0.1) saw nothing of it"
note "hv1 learned vh's MAC on VLAN 100 and announced it (l2gw-mac-new):"
x hnetctl -n $P-hv1 -s l2gw show
vhmac=$(ip -n $P-vh -br link show eth0 | awk '{print $3}')
n=$("$HNETCTL" -n $P-hv1 -j l2gw mac show network 1 | jq -r '.[0].mac')
expect "$n" "$vhmac" "the learned MAC is vh's"
note "The controller makes it a remote at hv1's VTEP on hv2 (as l2population"
note "does for ports), so a2's frames to vh go straight to hv1:"
x hnetctl -n $P-hv2 remote add network 1 mac "$vhmac" vtep 192.0.2.1
ping_demo a2 10.0.0.100 3
note "Untagged frames and other VLANs on eth1 stay with hv1's own stack."

say "The configuration, as JSON (hnetctl -p)"
x hnetctl -n $P-hv1 -p network show
x hnetctl -n $P-hv1 -p port show
x hnetctl -n $P-hv1 -p remote show
x hnetctl -n $P-hv1 -p flood show
x hnetctl -n $P-hv1 -p peer show
x hnetctl -n $P-hv1 -p router iface show
x hnetctl -n $P-hv2 -p gateway show
x hnetctl -n $P-hv2 -p fip show
x hnetctl -n $P-hv1 -p l2gw show

say "The counters"
x hnetctl -n $P-hv1 -s port show
x hnetctl -n $P-hv2 -s stats show
x ip -n $P-hv2 -s link show hnet0
command -v ethtool > /dev/null && x ip netns exec $P-hv2 ethtool -S hnet0

echo
if [ "$BAD" -eq 0 ]; then
	echo "demo: everything behaved as narrated"
	exit 0
fi
echo "demo: $BAD step(s) did not behave as narrated"
exit 1
