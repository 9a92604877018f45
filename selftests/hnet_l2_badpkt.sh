#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad packets from the underlay (spec section 3): crafted UDP datagrams to
# hv1's VXLAN port (built with scapy, sent from hv2's underlay address):
# unknown VNI, wrong flags (I bit clear), a truncated VXLAN header, an empty
# and a non-VXLAN payload, a truncated inner frame and an inner frame larger
# than the network MTU.  Each is dropped and counted under its reason, with
# exact deltas; two well-formed frames (one at exactly the MTU) are
# delivered; nothing crashes and traffic keeps flowing.
#
#   hv1: vm1 10.0.0.1   hv2: vm2 10.0.0.2   net 1 = VNI 100, MTU 1400

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
topo_net 1 100 1400
topo_vm vm1 1 1 $M1 10.0.0.1
topo_vm vm2 2 1 $M2 10.0.0.2
topo_apply
HV1=${HV_NS[1]}
HV2=${HV_NS[2]}
topo_static_neigh
expect_ping "before: vm2 -> vm1, 3 of 3" vm2 10.0.0.1 3

# Crafted with scapy, sent through a UDP socket of hv2 to 192.0.2.1:4789.
# Inner frames go to vm1 as ICMP echo replies (vm1 answers nothing).
BAD_PY='
import socket, sys, time
from scapy.all import ICMP, IP, VXLAN, Ether, Raw, conf
conf.verb = 0
M1, M2 = "02:00:00:00:00:01", "02:00:00:00:00:02"
def inner(iplen):
    return Ether(src=M2, dst=M1) / IP(src="10.0.0.2", dst="10.0.0.1") / \
        ICMP(type=0, id=9) / Raw(b"x" * (iplen - 28))
def vx(vni, payload, flags=0x08):
    return bytes(VXLAN(flags=flags, vni=vni) / payload)
frames = {
    "good": vx(100, inner(100)),
    "good-mtu": vx(100, inner(1400)),
    "unknown-vni": vx(4242, inner(100)),
    "unknown-vni2": vx(16777215, inner(100)),
    "flags-i-clear": vx(100, inner(100), flags=0x00),
    "trunc-header": vx(100, inner(100))[:4],
    "empty": b"",
    "not-vxlan": b"hello, this is not a VXLAN header at all",
    "trunc-inner": vx(100, inner(100))[:8 + 10],
    "oversized": vx(100, inner(1401)),
}
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for name in sys.argv[1:]:
    s.sendto(frames[name], ("192.0.2.1", 4789))
    print("sent", name, len(frames[name]))
    sys.stdout.flush()
    time.sleep(0.05)
'

section "crafted VXLAN"
stats_snap
stats_save
cap_start p1 "$HV1" vm1
cap_start ul1 "$HV1" ul0 udp port 4789
run ip netns exec "$HV2" "$PYTHON" -c "$BAD_PY" good good-mtu unknown-vni unknown-vni2 \
	flags-i-clear trunc-header empty not-vxlan trunc-inner oversized
log "$OUT"
[ "$RC" -ne 0 ] && fail "scapy sends the datagrams" "exit $RC: $ERR"
cap_stop p1
cap_stop ul1
stats_snap
log_deltas "*"
cap_count ul1 "udp dst port 4789 and dst host 192.0.2.1"
expect_eq "hv1's underlay link received the 10 datagrams" "$CAP_N" 10
expect_delta "drop_unknown_vni: exactly 2" 1:dev.drop_unknown_vni 2
expect_delta "drop_malformed: exactly 5 (I clear, truncated header, empty, not VXLAN, truncated inner)" \
	1:dev.drop_malformed 5
expect_delta "drop_mtu: exactly 1 (inner IP packet of 1401 > MTU 1400)" 1:dev.drop_mtu 1
expect_delta "drop_spoofed: 0" 1:dev.drop_spoofed 0
expect_delta "drop_no_dest: 0" 1:dev.drop_no_dest 0
expect_delta "device drops: exactly 8" 1:dev.drops 8
expect_delta "vm1's port got the 2 well-formed frames" 1:port.vm1.tx_packets 2
expect_delta "... 100 + 1400 bytes of IP, each with its Ethernet header" 1:port.vm1.tx_bytes 1528
cap_count p1 "icmp and src host 10.0.0.2"
expect_eq "capture on vm1's port: exactly the 2 good frames" "$CAP_N" 2
cap_count p1 "icmp and greater 1414"
expect_eq "... one of them the 1414-byte frame at the MTU" "$CAP_N" 1
expect_delta "nothing went back to the underlay" 1:net.1.tx_packets 2
if command -v ethtool > /dev/null; then
	run ip netns exec "$HV1" ethtool -S hnet0
	expect_match "ethtool -S hnet0: drop_unknown_vni" "$OUT" \
		".*drop_unknown_vni: ${ST[1:dev.drop_unknown_vni]}"$'\n'".*"
	expect_match "ethtool -S hnet0: drop_malformed" "$OUT" \
		".*drop_malformed: ${ST[1:dev.drop_malformed]}"$'\n'".*"
	expect_match "ethtool -S hnet0: drop_mtu" "$OUT" ".*drop_mtu: ${ST[1:dev.drop_mtu]}"$'\n'".*"
fi
run hn "$HV1" stats show
log "$OUT"
expect_match "stats show text: the drop line" "$OUT" \
	".*    drops: spoofed 0 unknown-vni 2 malformed 5 mtu 1 no-dest 0.*"

# From a port: vm1's own MTU is 1500, the network's 1400.
section "oversized from a port"
setup ip -n "${VM_NS[vm1]}" link set eth0 mtu 1500
stats_snap
stats_save
ping_n vm1 10.0.0.2 2 -M "do" -s 1373
expect_eq "1401-byte IP packets from vm1: no reply" "$PING_RX" 0
ping_n vm1 10.0.0.2 2 -M "do" -s 1372
expect_eq "1400-byte IP packets from vm1: 2 of 2 replies" "$PING_RX" 2
stats_snap
log_deltas "*"
expect_delta "drop_mtu: exactly the 2 oversized frames" 1:dev.drop_mtu 2
expect_delta "port vm1 drops: 2" 1:port.vm1.drops 2
expect_delta "port vm1 rx: 4" 1:port.vm1.rx_packets 4
expect_delta "vm2's port (hv2) got only the 2 that fit" 2:port.vm2.tx_packets 2
setup ip -n "${VM_NS[vm1]}" link set eth0 mtu 1400

section "still working"
expect_ping "after: vm2 -> vm1, 3 of 3" vm2 10.0.0.1 3
expect_ping "after: vm1 -> vm2, 3 of 3" vm1 10.0.0.2 3
expect_tcp "after: TCP vm1 -> vm2 at MTU 1400, intact" vm2 10.0.0.2 vm1

ksft_exit
