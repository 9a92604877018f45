#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Attaching a port: the netdev goes under the hnet device (master hnet0),
# its frames are received by hnet (counted, and dropped as having no
# destination when nothing on their network can take them), and detaching
# gives the netdev back exactly as it was.
#
# Topology (spec section 8): hypervisor namespace HV holds hnet0; VM1 and
# VM2 are namespaces attached by veth pairs whose hypervisor ends vm1, vm2
# become hnet ports, on two different networks: a frame of network 1 has
# no other port and no flood entry to go to.

source "$(dirname "$0")/lib.sh"

hnet_require ping

ns_create HV hv
ns_create VM1 vm
ns_create VM2 vm
dev_add "$HV" hnet0
setup hn "$HV" network add 1 vni 100
setup hn "$HV" network add 2 vni 200
veth_vm "$HV" vm1 "$VM1"
veth_vm "$HV" vm2 "$VM2"
setup ip -n "$VM1" addr add 10.0.0.1/24 dev eth0
setup ip -n "$HV" addr add 10.0.0.254/24 dev vm1
setup ip -n "$VM2" addr add 10.0.2.1/24 dev eth0
setup ip -n "$HV" addr add 10.0.2.254/24 dev vm2
# vm2 is promiscuous, has its own MTU and MAC before it becomes a port.
setup ip -n "$HV" link set vm2 promisc on mtu 1400 address 02:99:00:00:00:02

wait_for 30 ping_ok "$VM1" 10.0.0.254
check "before attach: VM1 reaches the hypervisor over the veth" ping_ok "$VM1" 10.0.0.254
check "before attach: VM2 reaches the hypervisor over the veth" ping_ok "$VM2" 10.0.2.254
# Forget the neighbours: no ARP probe may disturb the counters below.
for ns in "$HV" "$VM1" "$VM2"; do
	ip -n "$ns" neigh flush all > /dev/null 2>&1
done
link_info "$HV" vm1
state1=$LINK
promisc1=$L_PROMISC
link_info "$HV" vm2
state2=$LINK
promisc2=$L_PROMISC
expect_eq "vm2 promiscuity 1 before attach" "$promisc2" 1
link_info "$VM1" eth0
vmmac=$L_MAC
link_info "$VM2" eth0
vmmac2=$L_MAC

# --- attach ---------------------------------------------------------------
section "attach"
check "port add vm1" hn "$HV" port add vm1 network 1 mac "$vmmac" ip 10.0.0.1
check "port add vm2" hn "$HV" port add vm2 network 2 mac "$vmmac2"
link_info "$HV" vm1
expect_match "ip -d link show vm1 says master hnet0" "${LINK%%$'\n'*}" '.* master hnet0 .*'
expect_eq "vm1 promiscuous while a port" "$L_PROMISC" $((promisc1 + 1))
idx1=$L_IFINDEX
link_info "$HV" vm2
expect_eq "vm2 master is hnet0" "$L_MASTER" hnet0
expect_eq "vm2 promiscuity counted up while a port" "$L_PROMISC" $((promisc2 + 1))
expect_jq "ip link show master hnet0 lists both ports" '[.[].ifname] | sort' '["vm1","vm2"]' \
	ip -n "$HV" -j link show master hnet0
expect_out "port show: vm1 with its ifindex" \
	"[{\"ifname\":\"vm1\",\"ifindex\":$idx1,\"network\":1,\"mac\":\"$vmmac\",\"ips\":[\"10.0.0.1\"],\"allowed\":[],\"security\":true}]" \
	hn "$HV" -j port show vm1
expect_jq "fresh port counters are zero" '.[0].stats | [.rx_packets, .rx_bytes, .tx_packets, .tx_bytes, .drops]' \
	'[0,0,0,0,0]' hn "$HV" -s -j port show vm1

# --- frames from the VM are received by hnet ------------------------------
section "frames from the VM are received by hnet"
# counters: port vm1 rx_packets rx_bytes tx_packets drops, device drops,
# drop_no_dest, the other drop reasons summed, device rx_packets, network 1
# rx_packets rx_bytes drops, port vm2 rx_packets.
counters()
{
	run hn "$HV" -j stats show
	jq -r '.[0] | [(.ports[] | select(.ifname == "vm1") | .stats | .rx_packets, .rx_bytes, .tx_packets, .drops),
		.stats.drops, .stats.drop_no_dest,
		(.stats | .drop_spoofed + .drop_unknown_vni + .drop_malformed + .drop_mtu),
		.stats.rx_packets,
		(.networks[] | select(.id == 1) | .stats | .rx_packets, .rx_bytes, .drops),
		(.ports[] | select(.ifname == "vm2") | .stats.rx_packets)] | @tsv' \
		"$TMPD/out" > "$TMPD/c" 2>&1
	read -r C_RX C_RXB C_TX C_PDROPS C_DROPS C_NODEST C_OTHER C_DRX \
		C_NRX C_NRXB C_NDROPS C_RX2 < "$TMPD/c"
}

# A static neighbour: the VM sends exactly the echo requests, no ARP. Their
# MAC is nobody's: unknown unicast, flooded to the other ports of network 1
# and its flood entries, of which there are none.
setup ip -n "$VM1" neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 dev eth0 nud permanent
counters
rx0=$C_RX rxb0=$C_RXB drops0=$C_DROPS nodest0=$C_NODEST pdrops0=$C_PDROPS
drx0=$C_DRX nrx0=$C_NRX nrxb0=$C_NRXB ndrops0=$C_NDROPS
if_stats "$VM1" eth0
tx0=$IF_TX_PACKETS txb0=$IF_TX_BYTES
log "before: port rx $rx0/$rxb0, dev drops $drops0 no_dest $nodest0; VM tx $tx0/$txb0"
ip netns exec "$VM1" ping -q -c 3 -i 0.2 -W 1 10.0.0.2 > /dev/null 2>&1
rcv_wait()
{
	counters
	[ "$C_RX" == $((rx0 + 3)) ]
}
wait_for 20 rcv_wait
if_stats "$VM1" eth0
log "after: port rx $C_RX/$C_RXB, dev drops $C_DROPS no_dest $C_NODEST; VM tx $IF_TX_PACKETS/$IF_TX_BYTES"
expect_eq "the VM sent exactly 3 frames" $((IF_TX_PACKETS - tx0)) 3
expect_eq "port rx_packets up by exactly 3" "$C_RX" $((rx0 + 3))
expect_eq "port rx_bytes up by the bytes the VM sent" "$C_RXB" $((rxb0 + IF_TX_BYTES - txb0))
expect_eq "device counts them in drop_no_dest" "$C_NODEST" $((nodest0 + 3))
expect_eq "device drops up by 3" "$C_DROPS" $((drops0 + 3))
expect_eq "port drops up by 3" "$C_PDROPS" $((pdrops0 + 3))
expect_eq "device rx_packets up by 3" "$C_DRX" $((drx0 + 3))
expect_eq "network 1 rx_packets up by 3" "$C_NRX" $((nrx0 + 3))
expect_eq "network 1 rx_bytes up by the same bytes" "$C_NRXB" $((nrxb0 + IF_TX_BYTES - txb0))
expect_eq "network 1 drops up by 3" "$C_NDROPS" $((ndrops0 + 3))
expect_eq "no other drop reason counted" "$C_OTHER" 0
expect_eq "nothing transmitted to the port" "$C_TX" 0
expect_eq "vm2 saw none of it" "$C_RX2" 0
run hn "$HV" -s port show vm1
line2=${OUT#*$'\n'}
expect_match "port -s text counter line" "${line2%%$'\n'*}" \
	"    rx $C_RX packets $C_RXB bytes tx 0 packets 0 bytes drops [0-9]+"

# The frames go to hnet, not to the hypervisor's IP stack on vm1.
if_stats "$HV" vm1
hostrx0=$IF_RX_PACKETS
check_not "while attached the hypervisor stack does not answer VM1" \
	ip netns exec "$VM1" ping -q -c 1 -W 1 10.0.0.254
log "vm1 netdev rx_packets while a port: $hostrx0 -> $(if_stats "$HV" vm1; echo "$IF_RX_PACKETS")"

# --- detach ---------------------------------------------------------------
section "detach"
check "port del vm1" hn "$HV" port del vm1
check "port del vm2" hn "$HV" port del vm2
expect_out "port show empty" '[]' hn "$HV" -j port show
link_info "$HV" vm1
expect_eq "vm1: no master" "$L_MASTER" none
expect_eq "vm1: promiscuity back" "$L_PROMISC" "$promisc1"
expect_eq "vm1: exactly as before (ip -d link show)" "$LINK" "$state1"
link_info "$HV" vm2
expect_eq "vm2: promiscuity back to its own 1" "$L_PROMISC" "$promisc2"
expect_eq "vm2: exactly as before (ip -d link show)" "$LINK" "$state2"
expect_out "hnet0 has no lower devices" '[]' ip -n "$HV" -j link show master hnet0
ip -n "$VM1" neigh flush dev eth0 > /dev/null 2>&1
check "after detach: VM1 reaches the hypervisor again" ping_ok "$VM1" 10.0.0.254
check "after detach: VM2 reaches the hypervisor again" ping_ok "$VM2" 10.0.2.254
check "the netdev can be a port again" hn "$HV" port add vm1 network 1 mac "$vmmac"
link_info "$HV" vm1
expect_eq "re-attached" "$L_MASTER" hnet0
check "and detached again" hn "$HV" port del vm1
check "a bridge" ip -n "$HV" link add br0 type bridge
check "vm1 can join the bridge" ip -n "$HV" link set vm1 master br0
link_info "$HV" vm1
expect_eq "vm1 master br0" "$L_MASTER" br0

ksft_exit
