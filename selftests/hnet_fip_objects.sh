#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The control plane of the external network through hnetctl: routers'
# gateways (the external device, the next hop) and floating IPs.  Every
# accepted form, text and JSON; every refusal with its exact extack message
# and nothing changed after it (every object and the device's generation);
# the external device taken by an rx handler (a bridge cannot enslave it)
# and given back; two routers sharing a device; the cascades (port,
# interface, gateway, external device, router, device) as hnetctl -j
# monitor reports them, in order.

source "$(dirname "$0")/lib.sh"

hnet_require

# The kernel's extack messages (kmod/extnet.c, fip.c).
M_GW_EXISTS="router already has a gateway"
M_GW_NONE="router has no gateway"
M_ROUTER_UNKNOWN="unknown router"
M_SNAT="SNAT is not supported yet"
M_EXT_UNKNOWN="external device not found"
M_EXT_HNET="the external device cannot be an hnet device"
M_EXT_LO="the external device cannot be a loopback device"
M_EXT_PORT="the external device is an hnet port"
M_EXT_SLAVE="the external device is enslaved to another device (bridge, bond)"
M_EXT_NOARP="the external device does not do ARP (NOARP)"
M_EXT_OTHER="the external device belongs to another hnet device"
M_NH_UNICAST="next hop must be a unicast IPv4 address"
M_FIP_UNICAST="floating IP must be a unicast IPv4 address"
M_FIP_EXISTS="address is already a floating IP"
M_FIP_OWN="address is the external device's own"
M_FIP_FIXED="fixed IP is no local port's on this network"
M_FIP_TAKEN="fixed IP already has a floating IP"
M_FIP_NO_IFACE="network has no interface on the router"
M_FIP_NO_RIFACE="network has no router interface"
M_FIP_UNKNOWN="floating IP not found"
M_NET_UNKNOWN="unknown network"

ns_create HV hv
ns_create EXT ext
dev_add "$HV" hnet0
veth_vm "$HV" vm1 "$HV" vm1p
veth_vm "$HV" vm2 "$HV" vm2p
veth_vm "$HV" vm3 "$HV" vm3p
setup ip -n "$HV" link add ext0 type veth peer name up0 netns "$EXT"
setup ip -n "$HV" link add ext1 type veth peer name up1 netns "$EXT"
setup ip -n "$HV" link add br0 type bridge
setup ip -n "$HV" link add slave0 type veth peer name slave0p
setup ip -n "$HV" link set slave0 master br0

B=$TMPD/base
cat > "$B" << EOF
dev set vtep 192.0.2.1
network add 1 vni 100
network add 2 vni 200
network add 3 vni 300
port add vm1 network 1 mac 02:00:00:00:00:01 ip 10.1.0.5 ip 10.1.0.6
port add vm2 network 2 mac 02:00:00:00:00:02 ip 10.1.0.5
port add vm3 network 3 mac 02:00:00:00:00:03 ip 10.3.0.5
remote add network 1 mac 02:00:00:00:01:01 ip 10.1.0.7 vtep 192.0.2.2
router add 1
router iface add 1 network 1 gw 10.1.0.1/24
router add 2
router iface add 2 network 2 gw 10.1.0.1/24
router add 3
router iface add 3 network 3 gw 10.3.0.1/24
EOF
setup hn "$HV" -b "$B"

printf '%s\n' "dev show" "network show" "port show" "router show" \
	"router iface show" "gateway show" "fip show" > "$TMPD/snap"
snapshot_init "$HV" "$TMPD/snap"

# --- gateways ------------------------------------------------------------------
section "gateways"
link_info "$HV" ext0
EXT0=$L_IFINDEX
expect_out "gateway set -j prints the gateway" \
	"[{\"router\":1,\"ext_dev\":\"ext0\",\"ext_ifindex\":$EXT0,\"gw\":\"203.0.113.1\"}]" \
	hn "$HV" -j gateway set 1 ext-dev ext0 gw 203.0.113.1
accepted "gateway set: router 2 shares ext0, no next hop (on-link)" \
	hn "$HV" gateway set 2 ext-dev ext0
expect_out "gateway show, text" "gateway 1 ext-dev ext0 gw 203.0.113.1
gateway 2 ext-dev ext0" hn "$HV" gateway show
expect_out "gateway show ROUTER" "gateway 2 ext-dev ext0" hn "$HV" gateway show 2
check_not "ext0 is taken: a bridge cannot enslave it" ip -n "$HV" link set ext0 master br0
refused "gateway: router has one" "$M_GW_EXISTS" gateway set 1 ext-dev ext1
refused "gateway: unknown router" "$M_ROUTER_UNKNOWN" gateway set 9 ext-dev ext1
refused "gateway: SNAT" "$M_SNAT" gateway set 3 ext-dev ext1 snat 203.0.113.9
expect_usage "gateway set without ext-dev: usage error" hn "$HV" gateway set 3
refused "gateway: unknown external device" "$M_EXT_UNKNOWN" gateway set 3 ext-dev nosuch0
refused "gateway: the hnet device" "$M_EXT_HNET" gateway set 3 ext-dev hnet0
refused "gateway: loopback" "$M_EXT_LO" gateway set 3 ext-dev lo
refused "gateway: a port" "$M_EXT_PORT" gateway set 3 ext-dev vm1
refused "gateway: a bridge member" "$M_EXT_SLAVE" gateway set 3 ext-dev slave0
setup ip -n "$HV" link set ext1 arp off
refused "gateway: a device without ARP" "$M_EXT_NOARP" gateway set 3 ext-dev ext1
setup ip -n "$HV" link set ext1 arp on
refused "gateway: multicast next hop" "$M_NH_UNICAST" gateway set 3 ext-dev ext1 gw 224.0.0.1
refused "gateway del: router without one" "$M_GW_NONE" gateway del 3
setup ip -n "$HV" link add hnet1 type hnet
setup hn "$HV" router add 1 dev hnet1
expect_refused "a router of another hnet device on ext0" "$M_EXT_OTHER" \
	hn "$HV" gateway set 1 ext-dev ext0 dev hnet1
setup ip -n "$HV" link del hnet1
snapshot
BASE=$SNAP

# --- floating IPs ----------------------------------------------------------------
section "floating IPs"
setup ip -n "$HV" addr add 203.0.113.2/24 dev ext0
expect_out "fip add -j prints it" \
	'[{"addr":"203.0.113.10","fixed":"10.1.0.5","network":1,"router":1}]' \
	hn "$HV" -j fip add 203.0.113.10 fixed 10.1.0.5 network 1
accepted "fip add: the same fixed IP on tenant 2's network (router given)" \
	hn "$HV" fip add 203.0.113.20 fixed 10.1.0.5 network 2 router 2
accepted "fip add: vm1's second IP" hn "$HV" fip add 203.0.113.11 fixed 10.1.0.6 network 1
expect_out "fip show, text" "fip 203.0.113.10 fixed 10.1.0.5 network 1 router 1
fip 203.0.113.11 fixed 10.1.0.6 network 1 router 1
fip 203.0.113.20 fixed 10.1.0.5 network 2 router 2" hn "$HV" fip show
expect_out "-s fip show ADDR: the counters" "fip 203.0.113.20 fixed 10.1.0.5 network 2 router 2
    in 0 packets 0 bytes out 0 packets 0 bytes" hn "$HV" -s fip show 203.0.113.20
expect_jq "-s -j fip show: the counter keys" '.[0].stats' \
	'{"in_packets":0,"in_bytes":0,"out_packets":0,"out_bytes":0}' hn "$HV" -s -j fip show 203.0.113.10
refused "fip: already a floating IP" "$M_FIP_EXISTS" fip add 203.0.113.10 fixed 10.1.0.5 network 2
refused "fip: the external device's address" "$M_FIP_OWN" fip add 203.0.113.2 fixed 10.1.0.5 network 2
refused "fip: multicast" "$M_FIP_UNICAST" fip add 224.0.0.9 fixed 10.1.0.5 network 2
refused "fip: a remote's IP" "$M_FIP_FIXED" fip add 203.0.113.12 fixed 10.1.0.7 network 1
refused "fip: nobody's IP" "$M_FIP_FIXED" fip add 203.0.113.12 fixed 10.1.0.99 network 1
refused "fip: fixed IP with a floating IP" "$M_FIP_TAKEN" fip add 203.0.113.12 fixed 10.1.0.5 network 1
refused "fip: network not on that router" "$M_FIP_NO_IFACE" fip add 203.0.113.12 fixed 10.1.0.5 network 2 router 1
refused "fip: router without gateway" "$M_GW_NONE" fip add 203.0.113.12 fixed 10.3.0.5 network 3
refused "fip: unknown network" "$M_NET_UNKNOWN" fip add 203.0.113.12 fixed 10.3.0.5 network 9
refused "fip del: unknown" "$M_FIP_UNKNOWN" fip del 203.0.113.99
setup hn "$HV" router iface del 3 network 3
snapshot
BASE=$SNAP
refused "fip: network without router interface" "$M_FIP_NO_RIFACE" fip add 203.0.113.12 fixed 10.3.0.5 network 3
setup hn "$HV" router iface add 3 network 3 gw 10.3.0.1/24
snapshot
BASE=$SNAP

# --- cascades --------------------------------------------------------------------
section "cascades"
setup hn "$HV" gateway set 3 ext-dev ext1
setup hn "$HV" fip add 203.0.113.30 fixed 10.3.0.5 network 3
monitor_start MON "$TMPD/mon" "$HV" hnet0 -j || die "no monitor"
count_lines "$TMPD/mon"
sync_lines=$NLINES
EV='select(.event != "dev-set") | .event + " " + (
	if .fip then "\(.fip.addr)"
	elif .gateway then "\(.gateway.router) \(.gateway.ext_dev)"
	elif .router_iface then "\(.router_iface.router) \(.router_iface.network)"
	elif .router then "\(.router.id)"
	elif .port then .port.ifname
	elif .network then "\(.network.id)"
	elif .peer then .peer.vtep
	elif .route then "\(.route.router)"
	elif .remote then .remote.mac
	else .dev.ifname end)'
events()
{
	wait_lines "$TMPD/mon" $((sync_lines + $1))
	EVENTS=$(tail -n +$((sync_lines + 1)) "$TMPD/mon" | jq -r "$EV" 2>&1)
	count_lines "$TMPD/mon"
	sync_lines=$NLINES
}
check "port del vm1" hn "$HV" port del vm1
events 3
expect_eq "port del: its two floating IPs, then the port" "$EVENTS" \
"fip-del 203.0.113.10
fip-del 203.0.113.11
port-del vm1"
check "router iface del 2 network 2" hn "$HV" router iface del 2 network 2
events 2
expect_eq "router iface del: the floating IP on it, then the interface" "$EVENTS" \
"fip-del 203.0.113.20
router-iface-del 2 2"
check "gateway del 2" hn "$HV" gateway del 2
events 1
expect_eq "gateway del (no floating IP left)" "$EVENTS" "gateway-del 2 ext0"
check_not "ext0 still taken (router 1's gateway)" ip -n "$HV" link set ext0 master br0
check "ip link del ext1 (router 3's external device)" ip -n "$HV" link del ext1
events 2
expect_eq "the external device goes: its floating IP, then the gateway" "$EVENTS" \
"fip-del 203.0.113.30
gateway-del 3 ext1"
check "gateway del 1" hn "$HV" gateway del 1
events 1
expect_eq "gateway del 1" "$EVENTS" "gateway-del 1 ext0"
check "ext0 given back: a bridge may enslave it" ip -n "$HV" link set ext0 master br0
setup ip -n "$HV" link set ext0 nomaster
setup hn "$HV" gateway set 1 ext-dev ext0 gw 203.0.113.1
setup hn "$HV" port add vm1 network 1 mac 02:00:00:00:00:01 ip 10.1.0.5
setup hn "$HV" fip add 203.0.113.10 fixed 10.1.0.5 network 1
events 3
check "router del 1" hn "$HV" router del 1
events 4
expect_eq "router del: floating IP, gateway, interface, router" "$EVENTS" \
"fip-del 203.0.113.10
gateway-del 1 ext0
router-iface-del 1 1
router-del 1"
setup hn "$HV" router add 1
setup hn "$HV" router iface add 1 network 1 gw 10.1.0.1/24
setup hn "$HV" gateway set 1 ext-dev ext0
setup hn "$HV" fip add 203.0.113.10 fixed 10.1.0.5 network 1
events 4
check "ip link del hnet0" ip -n "$HV" link del hnet0
wait_for 50 grep -q '"event":"dev-del"' "$TMPD/mon"
bg_stop "$MON"
# Routers in creation order: 2, 3, then 1 (made again above).
expect_jq "device del: router 1's floating IP and gateway before it, dev-del last" \
	'-s [.[] | .event | select(test("^(fip|gateway|router|dev)-del$"))]' \
	'["router-del","router-del","fip-del","gateway-del","router-del","dev-del"]' \
	tail -n +$((sync_lines + 1)) "$TMPD/mon"
check "ext0 given back with the device: a bridge may enslave it" \
	ip -n "$HV" link set ext0 master br0

ksft_exit
