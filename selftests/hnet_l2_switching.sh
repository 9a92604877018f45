#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# L2 switching (spec section 3): unicast between VMs of one network on the
# same hypervisor (local port to local port) and on different hypervisors
# (VXLAN to the remote's VTEP), ICMP and TCP; broadcast and unknown unicast
# reach every other VM of the network (local ports and, through the flood
# entry, the other hypervisor) and nothing else.  Counted exactly on the
# ports and on the underlay.
#
#   hv1: vm1 (net 1, 10.0.0.1)  vm2 (net 1, 10.0.0.2)  vm5 (net 2, 10.0.0.5)
#   hv2: vm3 (net 1, 10.0.0.3)  vm6 (net 2, 10.0.0.6)
#   net 1 = VNI 100, net 2 = VNI 200; underlay 192.0.2.0/24 (hv1 .1, hv2 .2)

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_net 1 100
topo_net 2 200
topo_vm vm1 1 1 02:00:00:00:01:01 10.0.0.1
topo_vm vm2 1 1 02:00:00:00:01:02 10.0.0.2
topo_vm vm5 1 2 02:00:00:00:02:05 10.0.0.5
topo_vm vm3 2 1 02:00:00:00:01:03 10.0.0.3
topo_vm vm6 2 2 02:00:00:00:02:06 10.0.0.6
topo_apply
HV1=${HV_NS[1]}
HV2=${HV_NS[2]}

# --- first contact (ARP answered by hnet) ------------------------------------
section "ping"
expect_ping "same host: vm1 -> vm2, 3 of 3 replies" vm1 10.0.0.2 3
expect_ping "cross host: vm1 -> vm3, 3 of 3 replies" vm1 10.0.0.3 3
expect_ping "cross host: vm3 -> vm2, 3 of 3 replies" vm3 10.0.0.2 3
expect_ping "network 2, cross host: vm6 -> vm5, 3 of 3 replies" vm6 10.0.0.5 3
expect_no_ping "vm1 does not reach network 2's address 10.0.0.5" vm1 10.0.0.5

# --- exact counts -------------------------------------------------------------
# Static neighbours: from now on the VMs send exactly what the tests make
# them send.
section "unicast, counted"
topo_static_neigh
setup ip -n "${VM_NS[vm1]}" neigh replace 10.0.0.99 lladdr 02:00:00:00:99:99 dev eth0 nud permanent
sleep 0.5
if_stats "$HV1" hnet0
ifrx0=$IF_RX_PACKETS
iftx0=$IF_TX_PACKETS
if_stats "$HV1" vm1
vm1tx0=$IF_TX_PACKETS
vm1rx0=$IF_RX_PACKETS
stats_snap
stats_save
cap_start ul1 "$HV1" ul0 udp port 4789
expect_ping "same host vm1 -> vm2 (counted)" vm1 10.0.0.2 3
expect_ping "cross host vm1 -> vm3 (counted)" vm1 10.0.0.3 3
cap_stop ul1
stats_snap
log_deltas "*"
expect_delta "port vm1: rx exactly 6 (3 + 3 echo requests)" 1:port.vm1.rx_packets 6
expect_delta "port vm1: tx exactly 6 (3 + 3 echo replies)" 1:port.vm1.tx_packets 6
expect_delta "port vm1: rx bytes 6 x 98" 1:port.vm1.rx_bytes 588
expect_delta "port vm1: tx bytes 6 x 98" 1:port.vm1.tx_bytes 588
expect_delta "port vm2: tx exactly 3" 1:port.vm2.tx_packets 3
expect_delta "port vm2: rx exactly 3" 1:port.vm2.rx_packets 3
expect_delta "port vm3 (hv2): tx exactly 3" 2:port.vm3.tx_packets 3
expect_delta "port vm3 (hv2): rx exactly 3" 2:port.vm3.rx_packets 3
expect_delta "port vm5 (other network): tx 0" 1:port.vm5.tx_packets 0
expect_delta "port vm6 (other network): tx 0" 2:port.vm6.tx_packets 0
expect_delta "hv1: no drops" 1:dev.drops 0
expect_delta "hv2: no drops" 2:dev.drops 0
cap_count ul1 "$VXLAN_F"
expect_eq "underlay of hv1: exactly 6 VXLAN frames (3 out, 3 in)" "$CAP_N" 6
cap_count ul1 "$(vxlan_vni_f 100)"
expect_eq "underlay of hv1: all 6 with VNI 100" "$CAP_N" 6
cap_count ul1 "src host 192.0.2.1 and dst host 192.0.2.2 and $VXLAN_F"
expect_eq "underlay of hv1: 3 from VTEP 192.0.2.1 to 192.0.2.2" "$CAP_N" 3
cap_count ul1 "$VXLAN_F and udp[16:4] = 0x02000000 and udp[20:2] = 0x0103"
expect_eq "underlay of hv1: 3 inner frames to vm3's MAC" "$CAP_N" 3
[ "$NFAILED" -ne 0 ] && cap_show ul1
# Network and device: hv1 received 12 frames (6 from vm1, 3 from vm2, 3
# from the underlay) and sent 12 (3 to vm2, 6 to vm1, 3 to the underlay),
# all of 98 bytes (VXLAN frames count the inner frame).
expect_delta "hv1 network 1: rx 12" 1:net.1.rx_packets 12
expect_delta "hv1 network 1: tx 12" 1:net.1.tx_packets 12
expect_delta "hv1 network 1: rx bytes 12 x 98" 1:net.1.rx_bytes 1176
expect_delta "hv1 network 2: rx 0" 1:net.2.rx_packets 0
expect_delta "hv1 device: rx 12" 1:dev.rx_packets 12
expect_delta "hv1 device: tx 12" 1:dev.tx_packets 12
expect_delta "hv1 device: tx bytes 12 x 98" 1:dev.tx_bytes 1176
expect_delta "hv2 device: rx 6 (3 from the underlay, 3 from vm3)" 2:dev.rx_packets 6
expect_delta "hv2 device: tx 6" 2:dev.tx_packets 6
# The port netdev itself: it carried exactly what went to and came from
# the VM, whichever way hnet switched it.
if_stats "$HV1" vm1
expect_eq "netdev vm1 (the port): tx packets up by 6, what went to the VM" \
	$((IF_TX_PACKETS - vm1tx0)) 6
expect_eq "netdev vm1 (the port): rx packets up by 6" $((IF_RX_PACKETS - vm1rx0)) 6
if_stats "$HV1" hnet0
expect_eq "ip -s link show hnet0: rx packets up by 12" $((IF_RX_PACKETS - ifrx0)) 12
expect_eq "ip -s link show hnet0: tx packets up by 12" $((IF_TX_PACKETS - iftx0)) 12

# --- broadcast and unknown unicast ------------------------------------------
section "broadcast"
stats_save
cap_start ul1 "$HV1" ul0 udp port 4789
ip netns exec "${VM_NS[vm1]}" ping -n -q -b -c 1 -W 1 10.0.0.255 > /dev/null 2>&1
cap_stop ul1
stats_snap
log_deltas "*"
expect_delta "broadcast: port vm1 rx 1" 1:port.vm1.rx_packets 1
expect_delta "broadcast reaches vm2 (same host, same network)" 1:port.vm2.tx_packets 1
expect_delta "broadcast reaches vm3 (other host, same network)" 2:port.vm3.tx_packets 1
expect_delta "broadcast not sent back to vm1" 1:port.vm1.tx_packets 0
expect_delta "broadcast does not reach vm5 (other network, same host)" 1:port.vm5.tx_packets 0
expect_delta "broadcast does not reach vm6 (other network, other host)" 2:port.vm6.tx_packets 0
cap_count ul1 "$VXLAN_F"
expect_eq "broadcast: exactly 1 copy on the underlay (one flood entry)" "$CAP_N" 1
cap_count ul1 "$(vxlan_vni_f 100) and dst host 192.0.2.2 and udp[16:4] = 0xffffffff"
expect_eq "broadcast: that copy goes to 192.0.2.2 with VNI 100, inner ff:ff:ff:ff:ff:ff" "$CAP_N" 1

section "unknown unicast"
stats_save
cap_start ul1 "$HV1" ul0 udp port 4789
ip netns exec "${VM_NS[vm1]}" ping -n -q -c 1 -W 1 10.0.0.99 > /dev/null 2>&1
cap_stop ul1
stats_snap
log_deltas "*"
expect_delta "unknown unicast reaches vm2" 1:port.vm2.tx_packets 1
expect_delta "unknown unicast reaches vm3" 2:port.vm3.tx_packets 1
expect_delta "unknown unicast not back to vm1" 1:port.vm1.tx_packets 0
expect_delta "unknown unicast not to vm5" 1:port.vm5.tx_packets 0
expect_delta "unknown unicast not to vm6" 2:port.vm6.tx_packets 0
cap_count ul1 "$(vxlan_vni_f 100) and dst host 192.0.2.2"
expect_eq "unknown unicast: 1 copy to 192.0.2.2, VNI 100" "$CAP_N" 1
# Received from the underlay: to local ports only (split horizon).
cap_start ul2 "$HV2" ul0 udp port 4789
ip netns exec "${VM_NS[vm3]}" ping -n -q -b -c 1 -W 1 10.0.0.255 > /dev/null 2>&1
cap_stop ul2
cap_count ul2 "$VXLAN_F"
expect_eq "broadcast from vm3: 1 frame on hv2's underlay, not sent back" "$CAP_N" 1

# --- no destination ----------------------------------------------------------
# A remote whose VTEP cannot be reached (no route): the frames are dropped
# and counted as without destination.
section "no destination"
setup hn "$HV1" remote add network 1 mac 02:00:00:00:77:77 ip 10.0.0.77 vtep 198.51.100.7
setup ip -n "${VM_NS[vm1]}" neigh replace 10.0.0.77 lladdr 02:00:00:00:77:77 dev eth0 nud permanent
stats_snap
stats_save
ping_n vm1 10.0.0.77 2
stats_snap
log_deltas "1:*"
expect_delta "unroutable VTEP: drop_no_dest exactly 2" 1:dev.drop_no_dest 2
expect_delta "unroutable VTEP: port vm1 drops 2" 1:port.vm1.drops 2
expect_delta "unroutable VTEP: network 1 drops 2" 1:net.1.drops 2
expect_delta "unroutable VTEP: device drops 2" 1:dev.drops 2
expect_delta "unroutable VTEP: nothing delivered" 1:dev.tx_packets 0

# --- TCP ---------------------------------------------------------------------
section "TCP"
stats_save
expect_tcp "TCP same host: vm1 -> vm2, 200000 bytes each way, intact" vm2 10.0.0.2 vm1
expect_tcp "TCP cross host: vm1 -> vm3, 200000 bytes each way, intact" vm3 10.0.0.3 vm1
expect_tcp "TCP cross host: vm3 -> vm1, 1000000 bytes each way, intact" vm1 10.0.0.1 vm3 1000000
stats_snap
expect_delta "no drops on hv1 after all this" 1:dev.drops 0
expect_delta "no drops on hv2 after all this" 2:dev.drops 0

# --- another UDP port ----------------------------------------------------------
section "dstport"
setup hn "$HV1" dev set dstport 8472
setup hn "$HV2" dev set dstport 8472
cap_start ul1 "$HV1" ul0 udp
expect_ping "dstport 8472 on both: vm1 -> vm3, 3 of 3" vm1 10.0.0.3 3
cap_stop ul1
cap_count ul1 "udp dst port 8472 and (udp[12:4] >> 8) = 100"
expect_eq "underlay: the 6 frames on UDP port 8472" "$CAP_N" 6
cap_count ul1 "udp port 4789"
expect_eq "underlay: none on 4789" "$CAP_N" 0

ksft_exit
