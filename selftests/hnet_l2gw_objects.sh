#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The control plane of L2 gateways through hnetctl: every accepted form,
# text and JSON; every refusal with its exact extack message and nothing
# changed after it (every object and the device's generation); the trunk
# taken (promiscuous, an rx handler: a bridge cannot enslave it) and given
# back; a VLAN device of a bridged VLAN refused; the cascades (network,
# NIC deleted, NIC moved to another namespace, device) as hnetctl -j
# monitor reports them, in order.

source "$(dirname "$0")/lib.sh"

hnet_require

# The kernel's extack messages (kmod/l2gw.c, the policies).
M_RANGE_VLAN="integer out of range (valid range 1..4094)"
M_RANGE_AGEING="integer out of range (valid range 1..1000000)"
M_RANGE_MACS="integer out of range (valid range 1..65536)"
M_NET_UNKNOWN="unknown network"
M_NIC_UNKNOWN="NIC not found"
M_NIC_HNET="the NIC cannot be an hnet device"
M_NIC_LO="the NIC cannot be a loopback device"
M_NIC_ETH="the NIC is not an Ethernet device"
M_NIC_PORT="the NIC is an hnet port"
M_NIC_SLAVE="the NIC is enslaved to another device (bridge, bond)"
M_NIC_BUSY="the NIC already has an rx handler (an external device?)"
M_NIC_OTHER="the NIC is a trunk of another hnet device"
M_VLAN_TAKEN="the VLAN is already bridged on this NIC"
M_NET_TAKEN="the network is already bridged to a VLAN on this device"
M_NIC_MTU="the NIC's MTU is below the network's"
M_NIC_MASTER="the NIC is a trunk of hnet L2 gateways"
M_VLAN_DEV="the NIC has a VLAN device of this VLAN, which takes its frames"
M_NONE="the network has no L2 gateway on this NIC"

ns_create HV hv
ns_create PHY phy
dev_add "$HV" hnet0
veth_vm "$HV" vm1 "$HV" vm1p
for i in 1 2 3 4; do
	setup ip -n "$HV" link add eth$i type veth peer name t$i netns "$PHY"
	setup ip -n "$HV" link set eth$i up
done
setup ip -n "$HV" link add br0 type bridge
setup ip -n "$HV" link add slave0 type veth peer name slave0p
setup ip -n "$HV" link set slave0 master br0
setup ip -n "$HV" link add ext0 type veth peer name ext0p
setup ip -n "$HV" link add tun0 type sit remote 198.51.100.9

B=$TMPD/base
cat > "$B" << EOF
dev set vtep 192.0.2.1
network add 1 vni 100
network add 2 vni 200
network add 3 vni 300
network add 4 vni 400
network add 5 vni 500
port add vm1 network 1 mac 02:00:00:00:00:01 ip 10.1.0.5
router add 1
router iface add 1 network 1 gw 10.1.0.1/24
gateway set 1 ext-dev ext0
EOF
setup hn "$HV" -b "$B"

printf '%s\n' "dev show" "network show" "port show" "l2gw show" \
	"l2gw mac show" > "$TMPD/snap"
snapshot_init "$HV" "$TMPD/snap"

# --- L2 gateways ---------------------------------------------------------------
section "L2 gateways"
link_info "$HV" eth1
ETH1=$L_IFINDEX
expect_eq "eth1 not promiscuous yet" "$L_PROMISC" 0
expect_out "l2gw add -j prints it" \
	"[{\"network\":1,\"ifname\":\"eth1\",\"ifindex\":$ETH1,\"vlan\":100,\"ageing\":300,\"max_macs\":4096,\"n_macs\":0}]" \
	hn "$HV" -j l2gw add network 1 ifname eth1 vlan 100
accepted "l2gw add: network 2 on VLAN 200 of eth1, ageing and max-macs" \
	hn "$HV" l2gw add network 2 ifname eth1 vlan 200 ageing 60 max-macs 10
accepted "l2gw add: network 3 on VLAN 100 of eth2 (the VLAN id of eth1's network 1)" \
	hn "$HV" l2gw add network 3 ifname eth2 vlan 100
check "eth1 is promiscuous (once for both VLANs)" link_info "$HV" eth1
expect_eq "eth1 promiscuity" "$L_PROMISC" 1
expect_out "l2gw show, text" "l2gw network 1 ifname eth1 vlan 100 ageing 300 max-macs 4096 macs 0
l2gw network 2 ifname eth1 vlan 200 ageing 60 max-macs 10 macs 0
l2gw network 3 ifname eth2 vlan 100 ageing 300 max-macs 4096 macs 0" hn "$HV" l2gw show
expect_out "l2gw show network 2: a filtered dump" \
	"l2gw network 2 ifname eth1 vlan 200 ageing 60 max-macs 10 macs 0" \
	hn "$HV" l2gw show network 2
expect_out "-s l2gw show network 3 ifname eth2: one, with its counters" \
	"l2gw network 3 ifname eth2 vlan 100 ageing 300 max-macs 4096 macs 0
    RX 0 packets 0 bytes TX 0 packets 0 bytes
    drops 0 spoofed 0 malformed 0 mtu 0 no-dest 0 control 0
    learned 0 moved 0 aged 0 full 0" hn "$HV" -s l2gw show network 3 ifname eth2
expect_jq "-s -j l2gw show: the counter keys and an empty MAC list" \
	'.[0] | [(.stats | keys_unsorted), .macs]' \
	'[["rx_packets","rx_bytes","tx_packets","tx_bytes","drops","drop_spoofed","drop_malformed","drop_mtu","drop_no_dest","drop_control","learned","moved","aged","learn_full"],[]]' \
	hn "$HV" -s -j l2gw show network 2
expect_out "l2gw mac show: none learned" "[]" hn "$HV" -j l2gw mac show
check_not "eth1 is taken: a bridge cannot enslave it" ip -n "$HV" link set eth1 master br0

refused "VLAN 0" "$M_RANGE_VLAN" l2gw add network 4 ifname eth3 vlan 0
refused "VLAN 4095" "$M_RANGE_VLAN" l2gw add network 4 ifname eth3 vlan 4095
refused "ageing 0" "$M_RANGE_AGEING" l2gw add network 4 ifname eth3 vlan 300 ageing 0
refused "max-macs 65537" "$M_RANGE_MACS" l2gw add network 4 ifname eth3 vlan 300 max-macs 65537
expect_usage "l2gw add without vlan: usage error" hn "$HV" l2gw add network 4 ifname eth3
expect_usage "VLAN 65536: usage error" hn "$HV" l2gw add network 4 ifname eth3 vlan 65536
refused "the same VLAN twice on one NIC" "$M_VLAN_TAKEN" l2gw add network 4 ifname eth1 vlan 100
refused "a network twice on one NIC" "$M_NET_TAKEN" l2gw add network 1 ifname eth1 vlan 300
refused "a network on a second NIC (a loop in waiting)" "$M_NET_TAKEN" l2gw add network 1 ifname eth3 vlan 100
refused "unknown network" "$M_NET_UNKNOWN" l2gw add network 9 ifname eth3 vlan 300
refused "unknown NIC" "$M_NIC_UNKNOWN" l2gw add network 4 ifname nosuch0 vlan 300
setup ip -n "$HV" link set eth3 mtu 1400
refused "a NIC whose MTU is below the network's (1450)" "$M_NIC_MTU" l2gw add network 4 ifname eth3 vlan 300
setup ip -n "$HV" link set eth3 mtu 1500
refused "the hnet device" "$M_NIC_HNET" l2gw add network 4 ifname hnet0 vlan 300
refused "loopback" "$M_NIC_LO" l2gw add network 4 ifname lo vlan 300
refused "a SIT tunnel (not Ethernet)" "$M_NIC_ETH" l2gw add network 4 ifname tun0 vlan 300
refused "a port" "$M_NIC_PORT" l2gw add network 4 ifname vm1 vlan 300
refused "a bridge member" "$M_NIC_SLAVE" l2gw add network 4 ifname slave0 vlan 300
refused "an external device" "$M_NIC_BUSY" l2gw add network 4 ifname ext0 vlan 300
setup ip -n "$HV" link add link eth3 name eth3.300 type vlan id 300
refused "a VLAN that a VLAN device of the NIC has" "$M_VLAN_DEV" l2gw add network 4 ifname eth3 vlan 300
setup ip -n "$HV" link del eth3.300
refused "l2gw del: no such L2 gateway" "$M_NONE" l2gw del network 3 ifname eth1
refused "l2gw del: unknown network" "$M_NET_UNKNOWN" l2gw del network 9 ifname eth1
refused "l2gw show of one that does not exist" "$M_NONE" l2gw show network 2 ifname eth2
setup ip -n "$HV" link add hnet1 type hnet
setup hn "$HV" network add 1 vni 100 dev hnet1
expect_refused "a trunk of another hnet device" "$M_NIC_OTHER" \
	hn "$HV" l2gw add network 1 ifname eth1 vlan 300 dev hnet1
setup ip -n "$HV" link del hnet1
snapshot
BASE=$SNAP

run ip -n "$HV" link add link eth1 name eth1.100 type vlan id 100
expect_eq "a VLAN device of a bridged VLAN is refused" "$RC $ERR" \
	"2 Error: the VLAN is bridged to an hnet network by an L2 gateway."
check "a VLAN device of another VLAN is not" \
	ip -n "$HV" link add link eth1 name eth1.300 type vlan id 300
setup ip -n "$HV" link del eth1.300
# A VRF is the master that takes no rx handler (a bridge or bond fails on
# the trunk's): hnet's veto refuses it.  The debug kernel has no VRF.
if ip -n "$HV" link add vrf0 type vrf table 10 2> /dev/null; then
	run ip -n "$HV" link set eth1 master vrf0
	expect_eq "a VRF cannot enslave a trunk" "$RC $ERR" "2 Error: $M_NIC_MASTER."
else
	echo "# note - no VRF in this kernel: the VRF veto is not checked"
fi
check "l2gw del network 3 ifname eth2" hn "$HV" l2gw del network 3 ifname eth2
check "eth2 given back: not promiscuous" link_info "$HV" eth2
expect_eq "eth2 promiscuity" "$L_PROMISC" 0
check "eth2 given back: a bridge may enslave it" ip -n "$HV" link set eth2 master br0
setup ip -n "$HV" link set eth2 nomaster

# --- cascades --------------------------------------------------------------------
section "cascades"
setup hn "$HV" l2gw add network 3 ifname eth2 vlan 300
setup hn "$HV" l2gw add network 4 ifname eth3 vlan 400
setup hn "$HV" l2gw add network 5 ifname eth4 vlan 500
monitor_start MON "$TMPD/mon" "$HV" hnet0 -j || die "no monitor"
count_lines "$TMPD/mon"
sync_lines=$NLINES
EV='select(.event != "dev-set") | .event + " " + (
	if .l2gw then "\(.l2gw.network) \(.l2gw.ifname) \(.l2gw.vlan)"
	elif .network then "\(.network.id)"
	elif .port then .port.ifname
	elif .router_iface then "\(.router_iface.router) \(.router_iface.network)"
	else .dev.ifname end)'
events()
{
	wait_lines "$TMPD/mon" $((sync_lines + $1))
	EVENTS=$(tail -n +$((sync_lines + 1)) "$TMPD/mon" | jq -r "$EV" 2>&1)
	count_lines "$TMPD/mon"
	sync_lines=$NLINES
}
check "network del 1" hn "$HV" network del 1
events 4
expect_eq "network del: the router interface, its L2 gateway, its port, the network" "$EVENTS" \
"router-iface-del 1 1
l2gw-del 1 eth1 100
port-del vm1
network-del 1"
check "ip link del eth2 (a trunk)" ip -n "$HV" link del eth2
events 1
expect_eq "the NIC goes: its L2 gateway" "$EVENTS" "l2gw-del 3 eth2 300"
check "ip link set eth3 netns (a trunk moves away)" ip -n "$HV" link set eth3 netns "$PHY"
events 1
expect_eq "the NIC moves away: its L2 gateway" "$EVENTS" "l2gw-del 4 eth3 400"
check "eth3 in the other namespace: given back, not promiscuous" link_info "$PHY" eth3
expect_eq "eth3 promiscuity" "$L_PROMISC" 0
check "ip link del hnet0" ip -n "$HV" link del hnet0
wait_for 50 grep -q '"event":"dev-del"' "$TMPD/mon"
bg_stop "$MON"
expect_jq "device del: its L2 gateways before it, dev-del last" \
	'-s [.[] | .event | select(test("^(l2gw|network|dev)-del$"))]' \
	'["l2gw-del","network-del","network-del","network-del","l2gw-del","network-del","dev-del"]' \
	tail -n +$((sync_lines + 1)) "$TMPD/mon"
for i in 1 4; do
	check "eth$i given back with the device: not promiscuous" link_info "$HV" eth$i
	expect_eq "eth$i promiscuity" "$L_PROMISC" 0
done
check "eth1 given back: a bridge may enslave it" ip -n "$HV" link set eth1 master br0

ksft_exit
