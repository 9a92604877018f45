#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Datapath hardening, cases a kernel review of the L2 datapath raised:
# - double VLAN tagging (802.1Q in 802.1Q, 802.1ad + 802.1Q) from a port with
#   security on is dropped as spoofed; a single tag is checked as before;
# - a multicast or zero source MAC is dropped as malformed, with security on
#   or off;
# - a flood entry at the device's own VTEP gets no copy (the sender does not
#   get its broadcast back), a remote at the device's own VTEP is a no_dest
#   drop;
# - a VM running its own VXLAN with offloads (GSO UDP-tunnel skbs into the
#   port) gets its TCP through hnet intact (software segmentation before
#   encapsulation; without it: corrupt segments or a WARN).
#
#   hv1: vm1 10.0.0.1, vm2 10.0.0.2; hv2: vm3 10.0.0.3
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"
topo_require
topo_require_scapy
M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_net 1 100
topo_vm vm1 1 1 $M1 10.0.0.1
topo_vm vm2 1 1 $M2 10.0.0.2
topo_vm vm3 2 1 02:00:00:00:00:03 10.0.0.3
topo_apply
HV1=${HV_NS[1]}
topo_static_neigh
PKT_PY='
import sys, time
from scapy.all import ARP, ICMP, IP, Dot1Q, Dot1AD, Ether, Raw, conf, sendp
conf.verb = 0
M1, M2 = "02:00:00:00:00:01", "02:00:00:00:00:02"
def icmp(sip):
    return IP(src=sip, dst="10.0.0.2") / ICMP(type=0, id=7) / Raw(b"hnet" * 8)
frames = {
    "qinq-spoof": Ether(src=M1, dst=M2) / Dot1Q(vlan=10) / Dot1Q(vlan=20) / icmp("10.0.0.66"),
    "qinq-ok": Ether(src=M1, dst=M2) / Dot1Q(vlan=10) / Dot1Q(vlan=20) / icmp("10.0.0.1"),
    "ad-q": Ether(src=M1, dst=M2, type=0x88a8) / Dot1Q(vlan=10) / Dot1Q(vlan=20) / icmp("10.0.0.66"),
    "q-ok": Ether(src=M1, dst=M2) / Dot1Q(vlan=10) / icmp("10.0.0.1"),
    "q-spoof": Ether(src=M1, dst=M2) / Dot1Q(vlan=10) / icmp("10.0.0.66"),
    "mcast-src": Ether(src="01:00:5e:00:00:01", dst=M2) / icmp("10.0.0.1"),
    "zero-src": Ether(src="00:00:00:00:00:00", dst=M2) / icmp("10.0.0.1"),
    "bcast-arp": Ether(src=M1, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=M1, psrc="10.0.0.1", pdst="10.0.0.99"),
    "to-own-remote": Ether(src=M1, dst="02:00:00:00:00:77") / IP(src="10.0.0.1", dst="10.0.0.77") / ICMP(),
}
for name in sys.argv[1:]:
    sendp(frames[name], iface="eth0")
    time.sleep(0.05)
'
send()
{
	stats_snap; stats_save
	run vmx vm1 "$PYTHON" -c "$PKT_PY" "$@"
	[ "$RC" -ne 0 ] && fail "scapy" "$ERR"
	sleep 0.3
	stats_snap
	log_deltas "*"
}
section "double VLAN tagging"
send qinq-spoof qinq-ok ad-q
expect_delta "3 double-tagged frames dropped as spoofed" 1:dev.drop_spoofed 3
expect_delta "vm2 got none of them" 1:port.vm2.tx_packets 0
send q-ok q-spoof
expect_delta "single tag: spoofed IP dropped" 1:dev.drop_spoofed 1
expect_delta "single tag: good one delivered" 1:port.vm2.tx_packets 1
section "invalid source MAC"
send mcast-src zero-src
expect_delta "multicast and zero source MAC: 2 malformed" 1:dev.drop_malformed 2
expect_delta "... not counted as spoofed" 1:dev.drop_spoofed 0
expect_delta "vm2 got none" 1:port.vm2.tx_packets 0
printf '%s\n' "port del vm1" "port add vm1 network 1 mac $M1 ip 10.0.0.1 security off" > "$TMPD/off"
setup hn "$HV1" -b "$TMPD/off"
send mcast-src zero-src qinq-spoof
expect_delta "security off: malformed 2" 1:dev.drop_malformed 2
expect_delta "security off: the double-tagged frame passes" 1:port.vm2.tx_packets 1
section "flood entry and remote at the own VTEP"
setup hn "$HV1" flood add network 1 vtep 192.0.2.1
setup hn "$HV1" remote add network 1 mac 02:00:00:00:00:77 vtep 192.0.2.1
cap_start ul1 "$HV1" ul0 udp port 4789
send bcast-arp to-own-remote
cap_stop ul1
cap_count ul1 "dst host 192.0.2.1"
expect_eq "nothing sent to our own VTEP" "$CAP_N" 0
cap_count ul1 "dst host 192.0.2.2"
expect_eq "broadcast went to hv2" "$CAP_N" 1
expect_delta "vm1 did not get its broadcast back" 1:port.vm1.tx_packets 0
expect_delta "vm2 got the broadcast" 1:port.vm2.tx_packets 1
expect_delta "remote at own VTEP: no_dest 1" 1:dev.drop_no_dest 1
section "a VM's own VXLAN with GSO through hnet"
vmx vm1 ip link add vx0 type vxlan id 42 remote 10.0.0.3 dstport 4790 dev eth0
vmx vm3 ip link add vx0 type vxlan id 42 remote 10.0.0.1 dstport 4790 dev eth0
vmx vm1 ip addr add 172.16.0.1/24 dev vx0
vmx vm3 ip addr add 172.16.0.3/24 dev vx0
vmx vm1 ip link set vx0 up
vmx vm3 ip link set vx0 up
run vmx vm1 ethtool -k eth0
log "$(grep -E 'udp-tnl|tcp-seg|generic-seg' <<< "$OUT")"
vmx vm1 ping -c 2 -W 2 172.16.0.3 > /dev/null
cap_start ul2 "$HV1" ul0 udp port 4789
stats_snap; stats_save
: > "$TMPD/tcps"
bg_start pid "$TMPD/tcps" ip netns exec "${VM_NS[vm3]}" "$PYTHON" -c "$TCP_PY" server 5555
# Python starts slowly under emulation: wait until the server listens.
wait_for 300 grep -q listening "$TMPD/tcps" || log "the server did not say it listens"
run ip netns exec "${VM_NS[vm1]}" timeout 60 "$PYTHON" -c "$TCP_PY" client 172.16.0.3 5555 2000000
log "client: $OUT $ERR"
wait "$pid"
stats_snap
log_deltas "*"
cap_stop ul2
expect_match "nested TCP over hnet: data intact" "$OUT" ".*got 2000000 back, match.*"
cap_count ul2 "greater 1600"
log "underlay frames > 1600 bytes: $CAP_N"
ksft_exit
