#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Port security (spec section 3, step 1): frames from a port whose source
# MAC, IPv4 source or ARP sender (IP or MAC) is not the port's own or an
# allowed address pair's are dropped and counted as spoofed; allowed pairs
# pass; a DHCP discover from 0.0.0.0 passes; with "security off" everything
# passes.  Crafted frames (scapy) from vm1, each sent once; the counters
# move by exactly the number of frames of each kind.
#
#   hv1: vm1 10.0.0.1 (allow 10.0.0.100, allow 10.0.5.0/24 mac MA), vm2 10.0.0.2
#   hv2: vm3 10.0.0.3 (so that hv1 has a flood entry)

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require
topo_require_scapy

M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
MA=02:00:00:00:aa:0a
ALLOW="allow 10.0.0.100 allow 10.0.5.0/24 mac $MA"

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_net 1 100
# shellcheck disable=SC2086 # ALLOW is several words
topo_vm vm1 1 1 $M1 10.0.0.1 $ALLOW
topo_vm vm2 1 1 $M2 10.0.0.2
topo_vm vm3 2 1 02:00:00:00:00:03 10.0.0.3
topo_apply
HV1=${HV_NS[1]}
topo_static_neigh

# Frames, by name.  Unicast ones go to vm2 as ICMP echo replies or ARP
# replies, which vm2's stack swallows without answering.
PKT_PY='
import sys, time
from scapy.all import ARP, BOOTP, DHCP, ICMP, IP, UDP, Ether, Raw, conf, sendp
conf.verb = 0
M1, M2, MA, MX = "02:00:00:00:00:01", "02:00:00:00:00:02", "02:00:00:00:aa:0a", "02:66:66:66:66:66"
def icmp(smac, sip):
    return Ether(src=smac, dst=M2) / IP(src=sip, dst="10.0.0.2") / ICMP(type=0, id=7) / Raw(b"hnet" * 8)
def arp_reply(smac, sha, spa):
    return Ether(src=smac, dst=M2) / ARP(op=2, hwsrc=sha, psrc=spa, hwdst=M2, pdst="10.0.0.2")
frames = {
    "good-ip": icmp(M1, "10.0.0.1"),
    "good-arp": arp_reply(M1, M1, "10.0.0.1"),
    "spoof-mac": icmp(MX, "10.0.0.1"),
    "spoof-ip": icmp(M1, "10.0.0.66"),
    "spoof-arp-ip": arp_reply(M1, M1, "10.0.0.66"),
    "spoof-arp-mac": arp_reply(M1, MX, "10.0.0.1"),
    "spoof-arp-req": Ether(src=M1, dst="ff:ff:ff:ff:ff:ff") /
        ARP(op=1, hwsrc=M1, psrc="10.0.0.66", pdst="10.0.0.77"),
    "spoof-pair-mac": icmp(MX, "10.0.5.7"),
    "pair-ip": icmp(M1, "10.0.0.100"),
    "pair-cidr": icmp(MA, "10.0.5.7"),
    "pair-arp": arp_reply(MA, MA, "10.0.5.7"),
    "dhcp-discover": Ether(src=M1, dst="ff:ff:ff:ff:ff:ff") /
        IP(src="0.0.0.0", dst="255.255.255.255") / UDP(sport=68, dport=67) /
        BOOTP(chaddr=bytes.fromhex("020000000001"), xid=0x1234) /
        DHCP(options=[("message-type", "discover"), "end"]),
}
for name in sys.argv[1:]:
    sendp(frames[name], iface="eth0")
    print("sent", name, len(frames[name]))
    sys.stdout.flush()
    time.sleep(0.05)
'

# send_frames NAME...: send the frames from vm1, captures around it.
send_frames()
{
	stats_snap
	stats_save
	cap_start ul1 "$HV1" ul0 udp port 4789
	cap_start p2 "$HV1" vm2
	run vmx vm1 "$PYTHON" -c "$PKT_PY" "$@"
	[ "$RC" -ne 0 ] && fail "scapy sends the frames" "exit $RC: $ERR"
	cap_stop ul1
	cap_stop p2
	stats_snap
	log_deltas "*"
}

PASS_ON="good-ip good-arp pair-ip pair-cidr pair-arp dhcp-discover"
SPOOFED="spoof-mac spoof-ip spoof-arp-ip spoof-arp-mac spoof-arp-req spoof-pair-mac"

section "security on"
# shellcheck disable=SC2086
send_frames $PASS_ON $SPOOFED
expect_delta "port vm1 received all 12 frames" 1:port.vm1.rx_packets 12
expect_delta "drop_spoofed: exactly the 6 spoofed frames" 1:dev.drop_spoofed 6
expect_delta "device drops: 6" 1:dev.drops 6
expect_delta "port vm1 drops: 6" 1:port.vm1.drops 6
expect_delta "network 1 drops: 6" 1:net.1.drops 6
expect_delta "no other drop reason: malformed" 1:dev.drop_malformed 0
expect_delta "no other drop reason: no_dest" 1:dev.drop_no_dest 0
expect_delta "port vm1 drop_spoofed: 6 (ports carry the reasons too)" 1:port.vm1.drop_spoofed 6
expect_delta "network 1 drop_spoofed: 6" 1:net.1.drop_spoofed 6
expect_delta "port vm2 drop_spoofed: 0" 1:port.vm2.drop_spoofed 0
run hn "$HV1" -s port show vm1
expect_match "port -s text: vm1's drops line counts them as spoofed" "$OUT" \
	"port vm1 .*"$'\n'"    drops: spoofed ${ST[1:port.vm1.drop_spoofed]} unknown-vni [0-9]+ malformed [0-9]+ mtu [0-9]+ no-dest [0-9]+ unknown-vtep [0-9]+ control [0-9]+"
expect_delta "vm2 got exactly the 6 allowed frames (5 unicast + DHCP discover)" 1:port.vm2.tx_packets 6
cap_count p2 "ether src 02:66:66:66:66:66 or host 10.0.0.66 or (arp and arp[8:4] = 0x02666666)"
expect_eq "capture on vm2's port: none of the spoofed frames" "$CAP_N" 0
cap_count p2 icmp
expect_eq "capture on vm2's port: the 3 allowed ICMP frames" "$CAP_N" 3
cap_count p2 "ether src $MA and host 10.0.5.7"
expect_eq "... including the allowed pair 10.0.5.0/24 with its MAC (2 frames)" "$CAP_N" 2
cap_count p2 "src host 0.0.0.0 and udp dst port 67"
expect_eq "capture on vm2's port: the DHCP discover" "$CAP_N" 1
cap_count ul1 "$VXLAN_F"
expect_eq "underlay: exactly one frame (the DHCP discover, flooded)" "$CAP_N" 1
cap_count ul1 "$VXLAN_F and udp[42:4] = 0 and udp[52:2] = 67"
expect_eq "... it is the DHCP discover" "$CAP_N" 1
expect_delta "vm3 on hv2 got the DHCP discover" 2:port.vm3.tx_packets 1

section "security off"
cat > "$TMPD/off" <<EOF
port del vm1
port add vm1 network 1 mac $M1 ip 10.0.0.1 $ALLOW security off
EOF
setup hn "$HV1" -b "$TMPD/off"
expect_jq "port vm1 has security off" '.[0].security' false hn "$HV1" -j port show vm1
# shellcheck disable=SC2086
send_frames $SPOOFED
expect_delta "security off: port vm1 received the 6 frames" 1:port.vm1.rx_packets 6
expect_delta "security off: drop_spoofed unchanged" 1:dev.drop_spoofed 0
expect_delta "security off: no drops" 1:dev.drops 0
expect_delta "security off: vm2 got all 6 (5 unicast + the flooded ARP request)" 1:port.vm2.tx_packets 6
cap_count p2 "ether src 02:66:66:66:66:66 or host 10.0.0.66 or (arp and arp[8:4] = 0x02666666)"
expect_eq "capture on vm2's port: all 6 formerly spoofed frames" "$CAP_N" 6
cap_count ul1 "$VXLAN_ARP_F"
expect_eq "underlay: the ARP request for unknown 10.0.0.77 was flooded" "$CAP_N" 1

ksft_exit
