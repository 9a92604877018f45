#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ARP suppression (spec section 3, step 2): an ARP request from a VM for an
# IP hnet knows on the network (a remote, any of its IPs, or a local port)
# is answered by hnet with that IP's MAC and goes nowhere else: not on the
# underlay, not to the other local ports.  A request for an unknown IP is
# flooded (local ports and one copy per flood entry).
#
#   hv1: vm1 10.0.0.1, vm3 10.0.0.3   hv2: vm2 10.0.0.2
#   hv1 also knows a remote 02:00:00:00:00:08 with IPs 10.0.0.8 and 10.0.0.9
#   (on hv2's VTEP, no VM behind it).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require
topo_require_scapy

M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
M3=02:00:00:00:00:03
M8=02:00:00:00:00:08

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_net 1 100
topo_vm vm1 1 1 $M1 10.0.0.1
topo_vm vm3 1 1 $M3 10.0.0.3
topo_vm vm2 2 1 $M2 10.0.0.2
topo_apply
HV1=${HV_NS[1]}
setup hn "$HV1" remote add network 1 mac $M8 ip 10.0.0.8 ip 10.0.0.9 vtep 192.0.2.2

# One scapy run: send each ARP request (sender IP, target IP) from vm1 and
# print the reply seen within 1 s, or "none".
ARP_PY='
import sys
from scapy.all import ARP, Ether, conf, srp1
conf.verb = 0
mac = sys.argv[1]
for req in sys.argv[2:]:
    psrc, pdst = req.split(",")
    r = srp1(Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") /
             ARP(op=1, hwsrc=mac, psrc=psrc, hwdst="00:00:00:00:00:00", pdst=pdst),
             iface="eth0", timeout=1)
    if r is None or ARP not in r:
        print("%s none" % pdst)
    else:
        a = r[ARP]
        print("%s op %d eth %s>%s sha %s spa %s tha %s tpa %s" %
              (pdst, a.op, r[Ether].src, r[Ether].dst, a.hwsrc, a.psrc, a.hwdst, a.pdst))
    sys.stdout.flush()
'

section "ARP requests from vm1"
stats_snap
stats_save
cap_start ul1 "$HV1" ul0 udp port 4789
cap_start p3 "$HV1" vm3
run vmx vm1 "$PYTHON" -c "$ARP_PY" $M1 10.0.0.1,10.0.0.2 10.0.0.1,10.0.0.9 10.0.0.1,10.0.0.3 \
	10.0.0.1,10.0.0.77
[ "$RC" -ne 0 ] && fail "scapy ARP script runs" "exit $RC: $ERR"
cap_stop ul1
cap_stop p3
stats_snap
log "$OUT"
log_deltas "*"
declare -A REPLY
while read -r ip rest; do
	[ -n "$ip" ] && REPLY[$ip]=$rest
done <<< "$OUT"
expect_eq "remote 10.0.0.2: answered with vm2's MAC" "${REPLY[10.0.0.2]}" \
	"op 2 eth $M2>$M1 sha $M2 spa 10.0.0.2 tha $M1 tpa 10.0.0.1"
expect_eq "remote's second IP 10.0.0.9: answered with the remote's MAC" "${REPLY[10.0.0.9]}" \
	"op 2 eth $M8>$M1 sha $M8 spa 10.0.0.9 tha $M1 tpa 10.0.0.1"
expect_eq "local port 10.0.0.3: answered with vm3's MAC" "${REPLY[10.0.0.3]}" \
	"op 2 eth $M3>$M1 sha $M3 spa 10.0.0.3 tha $M1 tpa 10.0.0.1"
expect_eq "unknown 10.0.0.77: no answer" "${REPLY[10.0.0.77]}" "none"

for t in 10.0.0.2 10.0.0.9 10.0.0.3; do
	cap_count ul1 "$VXLAN_ARP_F and udp[54:4] = 0x$(printf '%02x' ${t//./ })"
	expect_eq "ARP for $t: not on the underlay (0 VXLAN frames)" "$CAP_N" 0
done
cap_count ul1 "$VXLAN_ARP_F and udp[54:4] = 0x0a00004d"
expect_eq "ARP for unknown 10.0.0.77: flooded, 1 copy on the underlay" "$CAP_N" 1
cap_count ul1 "$(vxlan_vni_f 100) and dst host 192.0.2.2 and udp[16:4] = 0xffffffff"
expect_eq "that copy: to hv2 (flood entry), VNI 100, broadcast" "$CAP_N" 1
cap_count ul1
expect_eq "underlay: nothing else (1 VXLAN frame in all)" "$CAP_N" 1
[ "$CAP_N" != 1 ] && cap_show ul1
cap_count p3 arp
expect_eq "vm3's port saw only the unknown request (1 ARP frame)" "$CAP_N" 1
cap_count p3 "arp and arp[24:4] = 0x0a00004d"
expect_eq "... the one for 10.0.0.77" "$CAP_N" 1
expect_delta "port vm1: rx 4 requests" 1:port.vm1.rx_packets 4
expect_delta "port vm1: tx 3 replies" 1:port.vm1.tx_packets 3
expect_delta "port vm3: tx 1 (the flooded request)" 1:port.vm3.tx_packets 1
expect_delta "port vm2 (hv2): tx 1 (the flooded request, from the underlay)" 2:port.vm2.tx_packets 1
expect_delta "hv1: no drops" 1:dev.drops 0

# --- the VM's own stack ------------------------------------------------------
section "kernel ARP of vm1"
cap_start ul1 "$HV1" ul0 udp port 4789
expect_ping "vm1 -> vm2 with ARP answered by hnet, 3 of 3" vm1 10.0.0.2 3
expect_ping "vm2 -> vm1 with ARP answered by hnet, 3 of 3" vm2 10.0.0.1 3
cap_stop ul1
run ip -n "${VM_NS[vm1]}" neigh show 10.0.0.2 dev eth0
expect_match "vm1's neighbour 10.0.0.2 is vm2's MAC" "$OUT" "10.0.0.2 lladdr $M2 .*"
cap_count ul1 "$VXLAN_ARP_F"
expect_eq "no ARP inside VXLAN on the underlay" "$CAP_N" 0
cap_count ul1 "$VXLAN_F and udp[28:2] = 0x0800"
expect_eq "the 12 ICMP frames crossed it" "$CAP_N" 12

# An RFC 5227 probe (sender 0.0.0.0, target the VM's own address, what DHCP
# clients send before using an address) must not be answered with the VM's
# own MAC: that would tell it the address is taken.
section "address conflict probe"
run vmx vm1 "$PYTHON" -c "$ARP_PY" $M1 0.0.0.0,10.0.0.1
log "$OUT"
expect_match "probe for vm1's own address: not claimed by hnet" "$OUT" "10.0.0.1 none"

ksft_exit
