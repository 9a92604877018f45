#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The control plane of distributed routing through hnetctl: peers (DVR
# MACs), routers, router interfaces and routes.  Every accepted form, text
# and JSON (exact keys and values, the derived gateway MAC, counters with
# -s and in stats show); every refusal with its exact extack message and
# nothing changed after it (all objects and the device's generation);
# ports and remotes refused on a gateway's MAC or IP; longest prefix
# match (route lookup) over lengths 0..32 and with 300 routes; dumps of
# 300 routes over two routers, each listed once; the limits max-peers,
# max-routers and max-routes (per router); the cascades (interface,
# network, router, device) as hnetctl -j monitor reports them, in order,
# and what they delete no longer counted against the limits.

source "$(dirname "$0")/lib.sh"

hnet_require

# The kernel's extack messages (kmod/peer.c, router.c, route.c).
M_ID_RANGE="integer out of range (valid range 1..4294967295)"
M_PEER_MAC="DVR MAC must be a unicast, non-zero address"
M_PEER_HOST="DVR MAC is this device's host MAC"
M_PEER_MAC_USED="DVR MAC already used by another peer"
M_PEER_VTEP="VTEP must be a unicast IPv4 address"
M_PEER_OWN="VTEP is this device's own VTEP"
M_PEER_EXISTS="peer already exists"
M_PEER_UNKNOWN="peer not found"
M_MAX_PEERS="too many peers on this device (max-peers)"
M_BELOW_PEERS="limit below the current number of peers"
M_MAX_ROUTERS="too many routers on this device (max-routers)"
M_BELOW_ROUTERS="limit below the current number of routers"
M_MAX_ROUTES="too many routes on this router (max-routes)"
M_BELOW_ROUTES="limit below the current number of routes of a router"
M_HOST_MAC_PEER="host MAC already used by a peer"
M_ROUTER_EXISTS="router id already exists"
M_ROUTER_UNKNOWN="unknown router"
M_NET_UNKNOWN="unknown network"
M_IFACE_TAKEN="network already has a router interface"
M_GW_NET="gateway is the subnet's network address"
M_GW_BCAST="gateway is the subnet's broadcast address"
M_GW_UNICAST="gateway must be a unicast IPv4 address"
M_GW_USED="gateway IP already used on this network"
M_OVERLAP="subnet overlaps another interface of the router"
M_PLEN="subnet prefix length must be 1..32"
M_GW6="IPv6 subnets are not supported yet"
M_GW_MAC="gateway MAC must be a unicast, non-zero address"
M_GW_MAC_USED="gateway MAC already used on this network"
M_IFACE_UNKNOWN="router interface not found"
M_IS_GW_MAC="MAC is the network's gateway MAC"
M_IS_GW_IP="IP is the network's gateway IP"
M_HOST_BITS="prefix has host bits set"
M_ROUTE_EXISTS="route already exists"
M_NH_OUTSIDE="next hop is outside every subnet of the router"
M_NH_GW="next hop is a gateway IP of the router"
M_NH_DUP="duplicate next hop"
M_NH_UNICAST="next hop must be a unicast IPv4 address"
M_NH_NETBC="next hop is its subnet's network or broadcast address"
M_VTEP_PEER="VTEP already used by a peer"
M_NH_MANY="too many next hops (max 16)"
M_ROUTE6="IPv6 routes are not supported yet"
M_ROUTE_UNKNOWN="route not found"
M_NO_ROUTE="no route to this address"

ns_create HV hv
dev_add "$HV" hnet0
veth_vm "$HV" vm1 "$HV" vm1p
veth_vm "$HV" vm2 "$HV" vm2p
veth_vm "$HV" vm3 "$HV" vm3p

B=$TMPD/base
cat > "$B" << EOF
dev set vtep 192.0.2.1 host-mac 02:00:00:00:ff:01
network add 1 vni 100
network add 2 vni 200
network add 3 vni 300
network add 4 vni 400
port add vm1 network 1 mac 02:00:00:00:00:01 ip 10.1.0.5
remote add network 1 mac 02:00:00:00:01:01 ip 10.1.0.6 vtep 192.0.2.2
EOF
setup hn "$HV" -b "$B"

# Everything observable: the device (its generation too) and every object.
printf '%s\n' "dev show" "network show" "port show" "remote show" \
	"peer show" "router show" "router iface show" "route show" > "$TMPD/snap"
snapshot_init "$HV" "$TMPD/snap"

# --- peers ------------------------------------------------------------------
section "peers"
expect_jq "dev show: max_peers 4096 by default" '.[0].max_peers' 4096 hn "$HV" -j dev show
expect_out "peer add -j prints the new peer" \
	'[{"vtep":"192.0.2.2","dvr_mac":"02:00:00:00:fe:02"}]' \
	hn "$HV" -j peer add 192.0.2.2 dvr-mac 02:00:00:00:fe:02
accepted "peer add (text)" hn "$HV" peer add 192.0.2.3 dvr-mac 02:00:00:00:fe:03
expect_out "peer show -j: both, in creation order" \
	'[{"vtep":"192.0.2.2","dvr_mac":"02:00:00:00:fe:02"},{"vtep":"192.0.2.3","dvr_mac":"02:00:00:00:fe:03"}]' \
	hn "$HV" -j peer show
expect_out "peer show VTEP, text" "peer 192.0.2.3 dvr-mac 02:00:00:00:fe:03" \
	hn "$HV" peer show 192.0.2.3
refused "peer: multicast DVR MAC" "$M_PEER_MAC" peer add 192.0.2.4 dvr-mac 01:00:5e:00:00:01
refused "peer: zero DVR MAC" "$M_PEER_MAC" peer add 192.0.2.4 dvr-mac 00:00:00:00:00:00
refused "peer: DVR MAC = host MAC" "$M_PEER_HOST" peer add 192.0.2.4 dvr-mac 02:00:00:00:ff:01
refused "peer: DVR MAC of another peer" "$M_PEER_MAC_USED" peer add 192.0.2.4 dvr-mac 02:00:00:00:fe:02
refused "peer: VTEP 0.0.0.0" "$M_PEER_VTEP" peer add 0.0.0.0 dvr-mac 02:00:00:00:fe:04
refused "peer: multicast VTEP" "$M_PEER_VTEP" peer add 224.0.0.5 dvr-mac 02:00:00:00:fe:04
refused "peer: broadcast VTEP" "$M_PEER_VTEP" peer add 255.255.255.255 dvr-mac 02:00:00:00:fe:04
refused "peer: the device's own VTEP" "$M_PEER_OWN" peer add 192.0.2.1 dvr-mac 02:00:00:00:fe:04
refused "peer: exists (EEXIST)" "$M_PEER_EXISTS" peer add 192.0.2.2 dvr-mac 02:00:00:00:fe:04
refused "peer del: unknown" "$M_PEER_UNKNOWN" peer del 192.0.2.9
refused "dev set host-mac: a peer's DVR MAC" "$M_HOST_MAC_PEER" dev set host-mac 02:00:00:00:fe:03
refused "dev set vtep: a peer's VTEP" "$M_VTEP_PEER" dev set vtep 192.0.2.2
refused "max-peers below the number of peers" "$M_BELOW_PEERS" dev set max-peers 1
accepted "max-peers 2" hn "$HV" dev set max-peers 2
refused "peer beyond max-peers" "$M_MAX_PEERS" peer add 192.0.2.4 dvr-mac 02:00:00:00:fe:04
accepted "max-peers back to 4096, peer 192.0.2.3 deleted" \
	hn "$HV" -b - <<< $'dev set max-peers 4096\npeer del 192.0.2.3'
expect_out "peer del: the other peer stays" \
	'[{"vtep":"192.0.2.2","dvr_mac":"02:00:00:00:fe:02"}]' hn "$HV" -j peer show

# --- routers ----------------------------------------------------------------
section "routers"
expect_out "router add -j prints the new router" '[{"id":1,"name":"r1"}]' \
	hn "$HV" -j router add 1 name r1
accepted "router add without name" hn "$HV" router add 2
expect_out "router show -j: name \"\" when unset" '[{"id":1,"name":"r1"},{"id":2,"name":""}]' \
	hn "$HV" -j router show
expect_out "router show ID, text" "router 1 name r1" hn "$HV" router show 1
Z='"routed_packets":0,"routed_bytes":0,"icmp_echo_reply":0,"icmp_time_exceeded":0,"icmp_net_unreach":0,"icmp_frag_needed":0,"icmp_host_unreach":0,"drops":0,"drop_no_neigh":0,"drop_no_route":0,"drop_ttl":0,"drop_mtu":0'
expect_out "-s router show -j: every counter" "[{\"id\":2,\"name\":\"\",\"stats\":{$Z}}]" \
	hn "$HV" -s -j router show 2
expect_out "-s router show: the counter lines" "router 2
    routed 0 packets 0 bytes drops 0
    icmp: echo-reply 0 time-exceeded 0 net-unreachable 0 frag-needed 0 host-unreachable 0
    drops: no-neighbour 0 no-route 0 ttl 0 mtu 0" hn "$HV" -s router show 2
expect_jq "stats show -j: the routers with their counters" '.[0].routers' \
	"[{\"id\":1,\"stats\":{$Z}},{\"id\":2,\"stats\":{$Z}}]" hn "$HV" -j stats show
run hn "$HV" stats show
expect_match "stats show: the routers' lines" "${OUT#*$'\n'router 1 name r1$'\n'}" \
	"    routed 0 packets 0 bytes drops 0"$'\n'".*"$'\n'"router 2"$'\n'".*"
refused "router id 0" "$M_ID_RANGE" router add 0
refused "router id exists" "$M_ROUTER_EXISTS" router add 1 name again
refused "router show: unknown" "$M_ROUTER_UNKNOWN" router show 9
refused "router del: unknown" "$M_ROUTER_UNKNOWN" router del 9
expect_jq "dev show: max_routers 4096, max_routes 1024 by default" '.[0] | [.max_routers, .max_routes]' \
	'[4096,1024]' hn "$HV" -j dev show
run hn "$HV" dev show
expect_match "dev show text: max-routers and max-routes after max-peers" "$OUT" \
	'hnet0: .* max-peers 4096 max-routers 4096 max-routes 1024'
refused "max-routers below the number of routers" "$M_BELOW_ROUTERS" dev set max-routers 1
accepted "max-routers 2 (the number of routers)" hn "$HV" dev set max-routers 2
refused "router beyond max-routers" "$M_MAX_ROUTERS" router add 3
refused "router beyond max-routers, with a name" "$M_MAX_ROUTERS" router add 3 name r3
refused "a router id that exists: that, not the limit" "$M_ROUTER_EXISTS" router add 2
accepted "router del 2 makes room: router add 3" hn "$HV" -b - <<< $'router del 2\nrouter add 3'
refused "and the next one is refused again" "$M_MAX_ROUTERS" router add 4
accepted "router 3 deleted, router 2 back, max-routers back to 4096" \
	hn "$HV" -b - <<< $'router del 3\nrouter add 2\ndev set max-routers 4096'
expect_out "routers 1 and 2 as before" '[{"id":1,"name":"r1"},{"id":2,"name":""}]' \
	hn "$HV" -j router show

# --- router interfaces --------------------------------------------------------
section "router interfaces"
# Network 1 has port vm1 (10.1.0.5, 02:..:00:01) and a remote (10.1.0.6,
# 02:..:01:01).  Router 1's derived MAC on network 1 is 0a:00:01:00:00:01.
refused "iface: unknown router" "$M_ROUTER_UNKNOWN" router iface add 9 network 1 gw 10.1.0.1/24
refused "iface: unknown network" "$M_NET_UNKNOWN" router iface add 1 network 9 gw 10.1.0.1/24
refused "iface: gateway at the network address" "$M_GW_NET" router iface add 1 network 1 gw 10.1.0.0/24
refused "iface: gateway at the broadcast address" "$M_GW_BCAST" router iface add 1 network 1 gw 10.1.0.255/24
refused "iface: gateway at the broadcast address of a /30" "$M_GW_BCAST" router iface add 1 network 1 gw 10.1.0.3/30
refused "iface: gateway 0.0.0.0" "$M_GW_UNICAST" router iface add 1 network 1 gw 0.0.0.0/8
refused "iface: gateway is a port's fixed IP" "$M_GW_USED" router iface add 1 network 1 gw 10.1.0.5/24
refused "iface: gateway is a remote's IP" "$M_GW_USED" router iface add 1 network 1 gw 10.1.0.6/24
refused "iface: prefix length 0" "$M_PLEN" router iface add 1 network 1 gw 10.1.0.1/0
expect_usage "iface: prefix length 33 (hnetctl)" hn "$HV" router iface add 1 network 1 gw 10.1.0.1/33
refused "iface: IPv6 subnet" "$M_GW6" router iface add 1 network 1 gw fd00::1/64
refused "iface: multicast MAC" "$M_GW_MAC" router iface add 1 network 1 gw 10.1.0.1/24 mac 01:00:5e:00:00:01
refused "iface: zero MAC" "$M_GW_MAC" router iface add 1 network 1 gw 10.1.0.1/24 mac 00:00:00:00:00:00
refused "iface: MAC of a port" "$M_GW_MAC_USED" router iface add 1 network 1 gw 10.1.0.1/24 mac 02:00:00:00:00:01
refused "iface: MAC of a remote" "$M_GW_MAC_USED" router iface add 1 network 1 gw 10.1.0.1/24 mac 02:00:00:00:01:01
accepted "a remote with router 1's derived MAC of network 1" \
	hn "$HV" remote add network 1 mac 0a:00:01:00:00:01 vtep 192.0.2.2
refused "iface: derived MAC of a remote" "$M_GW_MAC_USED" router iface add 1 network 1 gw 10.1.0.1/24
accepted "that remote deleted" hn "$HV" remote del network 1 mac 0a:00:01:00:00:01
expect_out "iface add -j: the derived MAC 0a:RR:RR:NN:NN:NN" \
	'[{"router":1,"network":1,"gw":"10.1.0.1/24","mac":"0a:00:01:00:00:01"}]' \
	hn "$HV" -j router iface add 1 network 1 gw 10.1.0.1/24
accepted "iface with a given MAC" hn "$HV" router iface add 1 network 2 gw 10.2.0.1/24 mac 02:00:00:aa:00:02
accepted "iface /31 with the gateway at its first address" \
	hn "$HV" router iface add 2 network 4 gw 10.4.0.0/31
accepted "iface of router 2 with router 1's subnet (routers are apart)" \
	hn "$HV" router iface add 2 network 3 gw 10.1.0.1/24
expect_out "router iface show -j: every interface, router by router" \
	'[{"router":1,"network":1,"gw":"10.1.0.1/24","mac":"0a:00:01:00:00:01"},{"router":1,"network":2,"gw":"10.2.0.1/24","mac":"02:00:00:aa:00:02"},{"router":2,"network":4,"gw":"10.4.0.0/31","mac":"0a:00:02:00:00:04"},{"router":2,"network":3,"gw":"10.1.0.1/24","mac":"0a:00:02:00:00:03"}]' \
	hn "$HV" -j router iface show
expect_out "router iface show ROUTER (text)" \
	"router iface 2 network 4 gw 10.4.0.0/31 mac 0a:00:02:00:00:04
router iface 2 network 3 gw 10.1.0.1/24 mac 0a:00:02:00:00:03" hn "$HV" router iface show 2
refused "iface show: unknown router" "$M_ROUTER_UNKNOWN" router iface show 9
refused "iface: network taken by the same router" "$M_IFACE_TAKEN" router iface add 1 network 1 gw 10.1.0.1/24
refused "iface: network taken by another router" "$M_IFACE_TAKEN" router iface add 1 network 3 gw 10.3.0.1/24
accepted "network 5" hn "$HV" network add 5 vni 500
refused "iface: subnet inside another of the router" "$M_OVERLAP" router iface add 1 network 5 gw 10.1.0.129/25
refused "iface: subnet around another of the router" "$M_OVERLAP" router iface add 1 network 5 gw 10.0.0.1/8
refused "iface del: none on that network" "$M_IFACE_UNKNOWN" router iface del 1 network 5
refused "iface del: another router's" "$M_IFACE_UNKNOWN" router iface del 1 network 3
# Ports and remotes afterwards.
refused "port with the gateway MAC" "$M_IS_GW_MAC" port add vm2 network 1 mac 0a:00:01:00:00:01
refused "port with the gateway IP" "$M_IS_GW_IP" port add vm2 network 1 mac 02:00:00:00:00:02 ip 10.1.0.9 ip 10.1.0.1
refused "remote with the gateway MAC" "$M_IS_GW_MAC" remote add network 2 mac 02:00:00:aa:00:02 vtep 192.0.2.2
refused "remote with the gateway IP" "$M_IS_GW_IP" remote add network 2 mac 02:00:00:00:02:09 ip 10.2.0.1 vtep 192.0.2.2
accepted "the gateway MAC and IP of network 1 are free on network 5" \
	hn "$HV" port add vm2 network 5 mac 0a:00:01:00:00:01 ip 10.1.0.1

# --- routes -----------------------------------------------------------------
section "routes"
expect_out "route add -j, two next hops" \
	'[{"router":1,"prefix":"10.9.0.0/16","via":["10.1.0.5","10.2.0.7"]}]' \
	hn "$HV" -j route add 1 10.9.0.0/16 via 10.1.0.5 via 10.2.0.7
accepted "routes of lengths 0, 24, 32" hn "$HV" -b - << EOF
route add 1 0.0.0.0/0 via 10.1.0.6
route add 1 10.9.1.0/24 via 10.2.0.8
route add 1 10.9.1.77/32 via 10.1.0.5
route add 1 10.10.0.0/16 via 10.1.0.2 via 10.1.0.3 via 10.1.0.4 via 10.1.0.5 via 10.1.0.6 via 10.1.0.7 via 10.1.0.8 via 10.1.0.9 via 10.1.0.10 via 10.1.0.11 via 10.1.0.12 via 10.1.0.13 via 10.1.0.14 via 10.1.0.15 via 10.1.0.16 via 10.1.0.17
route add 2 10.9.0.0/16 via 10.4.0.1
EOF
expect_jq "route show ROUTER: router 1's, in creation order" '[.[] | .prefix + " " + (.via | length | tostring)]' \
	'["10.9.0.0/16 2","0.0.0.0/0 1","10.9.1.0/24 1","10.9.1.77/32 1","10.10.0.0/16 16"]' \
	hn "$HV" -j route show 1
expect_out "route show ROUTER, text" "route 2 10.9.0.0/16 via 10.4.0.1" hn "$HV" route show 2
expect_out "route show ROUTER PREFIX (one route)" '[{"router":1,"prefix":"10.9.1.0/24","via":["10.2.0.8"]}]' \
	hn "$HV" -j route show 1 10.9.1.0/24
# Longest prefix match: one lookup per address.
printf 'route lookup 1 %s\n' 10.9.1.77 10.9.1.78 10.9.200.1 8.8.8.8 10.10.255.255 \
	> "$TMPD/lookups"
expect_jq "route lookup: /32, /24, /16, /0, /16" '-s [.[][0].prefix]' \
	'["10.9.1.77/32","10.9.1.0/24","10.9.0.0/16","0.0.0.0/0","10.10.0.0/16"]' \
	hn "$HV" -j -b "$TMPD/lookups"
expect_jq "route lookup: router 2's own table" '.[0] | [.router, .prefix]' '[2,"10.9.0.0/16"]' \
	hn "$HV" -j route lookup 2 10.9.1.77
refused "route lookup: no route" "$M_NO_ROUTE" route lookup 2 10.8.0.1
refused "route: unknown router" "$M_ROUTER_UNKNOWN" route add 9 10.8.0.0/16 via 10.1.0.5
refused "route: host bits set" "$M_HOST_BITS" route add 1 10.8.0.1/16 via 10.1.0.5
refused "route: exists (EEXIST)" "$M_ROUTE_EXISTS" route add 1 10.9.0.0/16 via 10.1.0.9
refused "route: next hop outside every subnet" "$M_NH_OUTSIDE" route add 1 10.8.0.0/16 via 10.1.0.5 via 10.3.0.5
refused "route: next hop in another router's subnet" "$M_NH_OUTSIDE" route add 1 10.8.0.0/16 via 10.4.0.1
refused "route: next hop is a gateway IP" "$M_NH_GW" route add 1 10.8.0.0/16 via 10.2.0.1
refused "route: multicast next hop" "$M_NH_UNICAST" route add 1 10.8.0.0/16 via 224.0.0.1
refused "route: next hop at its subnet's network address" "$M_NH_NETBC" route add 1 10.8.0.0/16 via 10.1.0.0
refused "route: next hop at its subnet's broadcast address" "$M_NH_NETBC" route add 1 10.8.0.0/16 via 10.2.0.5 via 10.1.0.255
refused "route: duplicate next hop" "$M_NH_DUP" route add 1 10.8.0.0/16 via 10.1.0.5 via 10.2.0.5 via 10.1.0.5
refused "route: 17 next hops" "$M_NH_MANY" route add 1 10.8.0.0/16 via 10.1.0.2 via 10.1.0.3 via 10.1.0.4 \
	via 10.1.0.5 via 10.1.0.6 via 10.1.0.7 via 10.1.0.8 via 10.1.0.9 via 10.1.0.10 via 10.1.0.11 \
	via 10.1.0.12 via 10.1.0.13 via 10.1.0.14 via 10.1.0.15 via 10.1.0.16 via 10.1.0.17 via 10.1.0.18
refused "route: IPv6" "$M_ROUTE6" route add 1 fd00::/64 via fd00::1
expect_usage "route: no next hop (hnetctl)" hn "$HV" route add 1 10.8.0.0/16
refused "route del: unknown" "$M_ROUTE_UNKNOWN" route del 1 10.8.0.0/16
refused "route del: unknown router" "$M_ROUTER_UNKNOWN" route del 9 10.9.0.0/16
# Router 1 has 5 routes, router 2 one.
refused "max-routes below the routes of router 1" "$M_BELOW_ROUTES" dev set max-routes 4
refused "max-routers raised, max-routes too low: refused as a whole" "$M_BELOW_ROUTES" \
	dev set max-routers 10 max-routes 1
accepted "max-routes 5 (router 1's routes)" hn "$HV" dev set max-routes 5
refused "a route beyond max-routes" "$M_MAX_ROUTES" route add 1 10.8.0.0/16 via 10.1.0.5
refused "a route that exists: that, not the limit" "$M_ROUTE_EXISTS" route add 1 10.9.0.0/16 via 10.1.0.9
accepted "max-routes is per router: router 2 takes a second route" \
	hn "$HV" route add 2 10.8.0.0/16 via 10.4.0.1
accepted "route del makes room on router 1" hn "$HV" -b - << EOF
route del 2 10.8.0.0/16
route del 1 10.9.1.77/32
route add 1 10.9.1.77/32 via 10.1.0.5
EOF
refused "and the next route is refused again" "$M_MAX_ROUTES" route add 1 10.8.0.0/16 via 10.1.0.5
accepted "max-routes back to 1024" hn "$HV" dev set max-routes 1024
accepted "route del" hn "$HV" route del 1 10.9.1.77/32
expect_jq "route lookup after the /32 went: the /24" '.[0].prefix' '"10.9.1.0/24"' \
	hn "$HV" -j route lookup 1 10.9.1.77

# --- dumps of many routes -----------------------------------------------------
section "300 routes"
{
	echo "network add 6 vni 600"
	echo "network add 7 vni 700"
	echo "router add 5"
	echo "router add 6"
	echo "router iface add 5 network 6 gw 10.200.0.1/24"
	echo "router iface add 6 network 7 gw 10.200.0.1/24"
	for r in 5 6; do
		for ((i = 0; i < 150; i++)); do
			echo "route add $r 10.$((100 + i / 100)).$((i % 100)).0/24 via 10.200.0.$((2 + i % 50))"
		done
	done
} > "$TMPD/many"
setup hn "$HV" -b "$TMPD/many"
expect_jq "route show: 300 routes of routers 5 and 6, each once" \
	'[.[] | select(.router >= 5) | "\(.router) \(.prefix)"] | [length, (unique | length)]' \
	'[300,300]' hn "$HV" -j route show
expect_jq "route show 6: its 150 routes, in creation order" \
	'[length, .[0].prefix, .[149].prefix, ([.[].router] | unique)]' \
	'[150,"10.100.0.0/24","10.101.49.0/24",[6]]' hn "$HV" -j route show 6
expect_jq "route lookup among 150 routes" '.[0] | [.router, .prefix, .via]' \
	'[5,"10.100.77.0/24",["10.200.0.29"]]' hn "$HV" -j route lookup 5 10.100.77.3
snapshot
BASE=$SNAP
refused "max-routes below the fullest router's 150 routes" "$M_BELOW_ROUTES" dev set max-routes 149
accepted "max-routes 150" hn "$HV" dev set max-routes 150
refused "route 151 of router 6 beyond max-routes" "$M_MAX_ROUTES" \
	route add 6 10.102.0.0/24 via 10.200.0.2
accepted "max-routes back to 1024" hn "$HV" dev set max-routes 1024

# --- cascades -----------------------------------------------------------------
section "cascades"
cat > "$TMPD/casc" << EOF
network add 10 vni 1000
network add 11 vni 1100
network add 12 vni 1200
router add 3
router iface add 3 network 10 gw 10.50.0.1/24
router iface add 3 network 11 gw 10.51.0.1/24
route add 3 10.60.0.0/16 via 10.50.0.9 via 10.51.0.9
route add 3 10.61.0.0/16 via 10.50.0.9
route add 3 10.62.0.0/16 via 10.51.0.9
router add 4
router iface add 4 network 12 gw 10.52.0.1/24
route add 4 10.63.0.0/16 via 10.52.0.9
EOF
setup hn "$HV" -b "$TMPD/casc"
monitor_start MON "$TMPD/mon" "$HV" hnet0 -j || die "no monitor"
count_lines "$TMPD/mon"
sync_lines=$NLINES
# One event per line: its name and what it is about.
EV='select(.event != "dev-set") | .event + " " + (
	if .route then "\(.route.router) \(.route.prefix) \(.route.via | join(","))"
	elif .router_iface then "\(.router_iface.router) \(.router_iface.network) \(.router_iface.gw)"
	elif .router then "\(.router.id)"
	elif .peer then .peer.vtep
	elif .network then "\(.network.id)"
	else .dev.ifname end)'
# events N: the events after the sync ones, once there are N of them.
events()
{
	wait_lines "$TMPD/mon" $((sync_lines + $1))
	EVENTS=$(tail -n +$((sync_lines + 1)) "$TMPD/mon" | jq -r "$EV" 2>&1)
	count_lines "$TMPD/mon"
	sync_lines=$NLINES
}

check "router iface del 3 network 10" hn "$HV" router iface del 3 network 10
events 3
expect_eq "iface del: a route keeping one next hop (route-new), a route left without any, then the iface" "$EVENTS" \
"route-new 3 10.60.0.0/16 10.51.0.9
route-del 3 10.61.0.0/16 10.50.0.9
router-iface-del 3 10 10.50.0.1/24"
expect_jq "router 3's routes after it" '[.[] | .prefix + " " + (.via | join(","))]' \
	'["10.60.0.0/16 10.51.0.9","10.62.0.0/16 10.51.0.9"]' hn "$HV" -j route show 3
check "network del 11 (router 3's last interface)" hn "$HV" network del 11
events 4
expect_eq "network del: the routes via its subnet, its iface, the network" "$EVENTS" \
"route-del 3 10.60.0.0/16 10.51.0.9
route-del 3 10.62.0.0/16 10.51.0.9
router-iface-del 3 11 10.51.0.1/24
network-del 11"
expect_out "router 3 stays, without interfaces or routes" '[]' hn "$HV" -j route show 3
expect_out "router 3 has no interface left" '[]' hn "$HV" -j router iface show 3
check "router del 4" hn "$HV" router del 4
events 3
expect_eq "router del: its routes, its interfaces, the router" "$EVENTS" \
"route-del 4 10.63.0.0/16 10.52.0.9
router-iface-del 4 12 10.52.0.1/24
router-del 4"
expect_jq "network 12 stays, free for another router" '.[0].id' 12 hn "$HV" -j network show 12
check "router iface add 3 network 12 after router 4 went" hn "$HV" router iface add 3 network 12 gw 10.52.0.1/24
events 1
expect_eq "router-iface-new notified" "$EVENTS" "router-iface-new 3 12 10.52.0.1/24"

# The device: routers (routes, interfaces first), peers, then networks.
cat > "$TMPD/small" << EOF
route del 1 0.0.0.0/0
route del 1 10.9.0.0/16
route del 1 10.9.1.0/24
route del 1 10.10.0.0/16
router del 5
router del 6
router del 2
router del 3
port del vm1
port del vm2
remote del network 1 mac 02:00:00:00:01:01
network del 3
network del 4
network del 5
network del 6
network del 7
network del 10
network del 12
EOF
setup hn "$HV" -b "$TMPD/small"
# Router 1 is left, without routes: whatever went (routers, routes deleted
# or taken by cascades) is no longer counted.
check "max-routers 1 and max-routes 1: what went is no longer counted" \
	hn "$HV" dev set max-routers 1 max-routes 1
check "route add 1 10.9.0.0/16 via 10.1.0.5 via 10.2.0.7 again" \
	hn "$HV" route add 1 10.9.0.0/16 via 10.1.0.5 via 10.2.0.7
expect_refused "and a second route of router 1 is beyond max-routes 1" "$M_MAX_ROUTES" \
	hn "$HV" route add 1 10.8.0.0/16 via 10.1.0.5
expect_refused "and a second router beyond max-routers 1" "$M_MAX_ROUTERS" hn "$HV" router add 2
# The monitor has printed all the batch's events once it printed this one.
for ((i = 0; i < 300; i++)); do
	slurp "$TMPD/mon" out
	[[ "${out##*$'\n'}" == *'"event":"route-new"'*'"prefix":"10.9.0.0/16"'* ]] && break
	sleep 0.1
done
count_lines "$TMPD/mon"
sync_lines=$NLINES
check "ip link del hnet0" ip -n "$HV" link del hnet0
events 8
expect_eq "device deleted: route, interfaces, router, peer, networks, device" "$EVENTS" \
"route-del 1 10.9.0.0/16 10.1.0.5,10.2.0.7
router-iface-del 1 1 10.1.0.1/24
router-iface-del 1 2 10.2.0.1/24
router-del 1
peer-del 192.0.2.2
network-del 1
network-del 2
dev-del hnet0"
bg_stop "$MON"

ksft_exit
