#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Closed to strangers (issue 6): with a VTEP set, hnet takes VXLAN only when
# it is addressed to its VTEP, and for a network only from the VTEPs the
# controller named for that network (its flood entries and the VTEPs of its
# remotes); the rest is dropped and counted as unknown_vtep, on the device
# and on the network.  "dev set source-check off" relaxes the source check
# (a migration from flood-and-learn); the destination check stays.
#
#   hv1: vm1 10.0.0.1, VTEP 192.0.2.1 and a second address 192.0.2.101
#   hv2: vm2 10.0.0.2, VTEP 192.0.2.2 (named: flood entry and remote of net 1)
#   hv3: 192.0.2.3, named for nothing; net 2 names it as a flood entry only
#
# The datagrams are VXLAN built by hand (UDP sockets of hv2 and hv3): the
# inner frame goes to vm1's MAC with an experimental ethertype, so whatever
# reaches vm1's port is counted on it and nothing answers.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require

M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
M4=02:00:00:00:00:04

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_hv 3 native
topo_net 1 100
topo_net 2 200
topo_vm vm1 1 1 $M1 10.0.0.1
topo_vm vm2 2 1 $M2 10.0.0.2
topo_vm vm4 1 2 $M4 10.0.0.4
topo_apply
HV1=${HV_NS[1]}
HV2=${HV_NS[2]}
HV3=${HV_NS[3]}
setup ip -n "$HV1" addr add 192.0.2.101/24 dev ul0
setup hn "$HV1" flood add network 2 vtep 192.0.2.3
topo_static_neigh
expect_ping "named VTEP: vm1 -> vm2 across hypervisors, 3 of 3" vm1 10.0.0.2 3

expect_jq "source check is on by default" '.[0].source_check' true \
	"$HNETCTL" -n "$HV1" -j dev show

# send NS SRC DST VNI COUNT: COUNT VXLAN datagrams from SRC to DST:4789.
SEND_PY='
import socket, struct, sys
src, dst, vni, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
dmac = bytes.fromhex(sys.argv[5].replace(":", ""))
frame = dmac + bytes.fromhex("02000000aaaa") + struct.pack("!H", 0x88b5) + b"s" * 46
vxlan = struct.pack("!II", 0x08000000, vni << 8)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((src, 0))
for _ in range(n):
    s.sendto(vxlan + frame, (dst, 4789))
'
send()
{
	run ip netns exec "$1" "$PYTHON" -c "$SEND_PY" "$2" "$3" "$4" "$5" "${6:-$M1}"
	[ "$RC" -eq 0 ] || fail "send VXLAN from $2 to $3" "exit $RC: $ERR"
}

section "source check"
stats_snap
stats_save
send "$HV2" 192.0.2.2 192.0.2.1 100 3
send "$HV3" 192.0.2.3 192.0.2.1 100 4
stats_snap
log_deltas "1:*"
expect_delta "from the named VTEP: vm1's port got 3" 1:port.vm1.tx_packets 3
expect_delta "from the stranger: 4 unknown_vtep drops on the device" 1:dev.drop_unknown_vtep 4
expect_delta "... and on network 1" 1:net.1.drop_unknown_vtep 4
expect_delta "... all of the device's drops" 1:dev.drops 4
expect_delta "network 1 received 7 (the 4 are counted received, then dropped)" \
	1:net.1.rx_packets 7

section "named per network"
# hv3 is a flood entry of network 2, not of network 1.
stats_snap
stats_save
send "$HV3" 192.0.2.3 192.0.2.1 200 2 $M4
send "$HV3" 192.0.2.3 192.0.2.1 100 1
stats_snap
expect_delta "hv3 for network 2 (its flood entry): vm4 got 2" 1:port.vm4.tx_packets 2
expect_delta "hv3 for network 1: still a stranger" 1:net.1.drop_unknown_vtep 1
expect_delta "network 2 dropped nothing" 1:net.2.drops 0

section "a remote names its VTEP"
setup hn "$HV1" remote add network 1 mac 02:00:00:00:00:33 vtep 192.0.2.3
setup hn "$HV1" remote add network 1 mac 02:00:00:00:00:34 vtep 192.0.2.3
stats_snap
stats_save
send "$HV3" 192.0.2.3 192.0.2.1 100 2
setup hn "$HV1" remote del network 1 mac 02:00:00:00:00:33
send "$HV3" 192.0.2.3 192.0.2.1 100 2
setup hn "$HV1" remote del network 1 mac 02:00:00:00:00:34
send "$HV3" 192.0.2.3 192.0.2.1 100 3
stats_snap
log_deltas "1:*"
expect_delta "while a remote (then the other one) lives on hv3: vm1 got 4" 1:port.vm1.tx_packets 4
expect_delta "once the last remote on hv3 is gone: 3 unknown_vtep drops" 1:net.1.drop_unknown_vtep 3

section "source check off"
setup hn "$HV1" dev set source-check off
expect_jq "dev show: source check off" '.[0].source_check' false \
	"$HNETCTL" -n "$HV1" -j dev show
stats_snap
stats_save
send "$HV3" 192.0.2.3 192.0.2.1 100 3
send "$HV2" 192.0.2.2 192.0.2.101 100 2
stats_snap
expect_delta "off: the stranger's 3 reach vm1" 1:port.vm1.tx_packets 3
expect_delta "off: none dropped as unknown_vtep for the source" 1:net.1.drop_unknown_vtep 0
expect_delta "but not addressed to the VTEP: 2 unknown_vtep drops on the device" \
	1:dev.drop_unknown_vtep 2
setup hn "$HV1" dev set source-check on

section "destination check"
stats_snap
stats_save
send "$HV2" 192.0.2.2 192.0.2.101 100 3
stats_snap
expect_delta "to hv1's other address: 3 unknown_vtep drops on the device" 1:dev.drop_unknown_vtep 3
expect_delta "... none reached vm1" 1:port.vm1.tx_packets 0
expect_delta "... the network never saw them" 1:net.1.rx_packets 0

section "still working"
expect_ping "after: vm2 -> vm1, 3 of 3" vm2 10.0.0.1 3

ksft_exit
