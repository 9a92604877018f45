#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configuration churn under traffic: while vm1 (hv1) floods pings at vm2
# (hv2) and vm3 (hv1) pings vm2 as fast as it can, hv1's remotes and flood
# entries are added and removed over and over: vm2's own remote and hv2's
# flood entry (the ones the traffic uses, so packets race with their
# removal), and 64 unrelated remotes and flood entries (table growth and
# shrinking); vm3's port is detached and attached again, hnet0 goes down and
# up, and a network with remotes and a flood entry is deleted and re-created.  Afterwards the configuration is exactly what it was, the
# counters add up and traffic flows.  The harness fails the run on any
# kernel warning, splat or leak report.
#
# HNET_CHURN_SECONDS (default 25): how long the pings run; the churn goes on
# until they end (at least HNET_CHURN_ROUNDS rounds, default 12).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require

ROUNDS=${HNET_CHURN_ROUNDS:-12}
FLOOD_S=${HNET_CHURN_SECONDS:-25}

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_hv 3
topo_net 1 100
topo_net 2 200
topo_vm vm1 1 1 02:00:00:00:00:01 10.0.0.1
topo_vm vm3 1 1 02:00:00:00:00:03 10.0.0.3
topo_vm vm2 2 1 02:00:00:00:00:02 10.0.0.2
topo_vm vm4 3 2 02:00:00:00:00:04 10.0.0.4
topo_apply
HV1=${HV_NS[1]}
topo_static_neigh
expect_ping "before: vm1 -> vm2, 3 of 3" vm1 10.0.0.2 3
run hn "$HV1" -j remote show
remotes0=$OUT
run hn "$HV1" -j flood show
floods0=$OUT

# One batch file per round: remove and re-add what the traffic uses,
# add 32 remotes and 32 flood entries, remove them again, in an order
# that keeps the tables changing.
B=$TMPD/churn
: > "$B"
for ((i = 0; i < 32; i++)); do
	printf 'remote add network 1 mac 02:00:00:01:00:%02x ip 10.0.1.%d vtep 192.0.2.%d\n' \
		$i $((i + 1)) $((10 + i)) >> "$B"
	echo "flood add network 1 vtep 198.51.100.$((i + 1))" >> "$B"
	if [ $((i % 8)) == 0 ]; then
		echo "remote del network 1 mac 02:00:00:00:00:02" >> "$B"
		echo "flood del network 1 vtep 192.0.2.2" >> "$B"
		echo "remote add network 1 mac 02:00:00:00:00:02 ip 10.0.0.2 vtep 192.0.2.2" >> "$B"
		echo "flood add network 1 vtep 192.0.2.2" >> "$B"
	fi
	if [ $((i % 16)) == 8 ]; then
		# A local port detached and attached again under traffic.
		echo "port del vm3" >> "$B"
		echo "port add vm3 network 1 mac 02:00:00:00:00:03 ip 10.0.0.3" >> "$B"
	fi
	if [ $((i % 8)) == 4 ]; then
		# Unknown unicast for a moment: vm2 reached only by flooding.
		echo "remote del network 1 mac 02:00:00:00:00:02" >> "$B"
		echo "remote add network 1 mac 02:00:00:00:00:02 ip 10.0.0.2 vtep 192.0.2.2" >> "$B"
		# A remote whose VTEP moves (VM migration): del + add elsewhere.
		echo "remote del network 1 mac 02:00:00:00:00:02" >> "$B"
		echo "remote add network 1 mac 02:00:00:00:00:02 ip 10.0.0.2 vtep 192.0.2.3" >> "$B"
		echo "remote del network 1 mac 02:00:00:00:00:02" >> "$B"
		echo "remote add network 1 mac 02:00:00:00:00:02 ip 10.0.0.2 vtep 192.0.2.2" >> "$B"
	fi
done
for ((i = 31; i >= 0; i--)); do
	printf 'remote del network 1 mac 02:00:00:01:00:%02x\n' $i >> "$B"
	echo "flood del network 1 vtep 198.51.100.$((i + 1))" >> "$B"
done
count_lines "$B"
log "$NLINES commands per round, at least $ROUNDS rounds, for ${FLOOD_S}s"

section "churn under a ping flood"
stats_snap
stats_save
if_stats "${VM_NS[vm1]}" eth0
vmtx0=$IF_TX_PACKETS
bg_start fpid "$TMPD/flood" ip netns exec "${VM_NS[vm1]}" ping -n -q -f -w "$FLOOD_S" 10.0.0.2
bg_start fpid3 "$TMPD/flood3" ip netns exec "${VM_NS[vm3]}" ping -n -q -i 0.002 -w "$FLOOD_S" 10.0.0.2
failed_rounds=0
start=$SECONDS
for ((r = 0; r < ROUNDS || r < 1000; r++)); do
	# At least ROUNDS rounds, then on while the flood runs.
	[ "$r" -ge "$ROUNDS" ] && ! kill -0 "$fpid" 2> /dev/null && break
	if ! "$HNETCTL" -n "$HV1" -b "$B" > "$TMPD/b.out" 2>&1; then
		failed_rounds=$((failed_rounds + 1))
		log "round $r: $(< "$TMPD/b.out")"
	fi
	# The device goes down and up (its UDP socket closes and reopens)
	# every fourth round.
	if [ $((r % 4)) == 3 ]; then
		ip -n "$HV1" link set hnet0 down || failed_rounds=$((failed_rounds + 1))
		ip -n "$HV1" link set hnet0 up || failed_rounds=$((failed_rounds + 1))
	fi
	# Network 2 (no ports on hv1) too: a network deleted and re-created
	# with remotes and a flood entry while the device carries traffic.
	"$HNETCTL" -n "$HV1" -b - > "$TMPD/b2.out" 2>&1 <<-EOF || failed_rounds=$((failed_rounds + 1))
		remote add network 2 mac 02:00:00:00:00:04 ip 10.0.0.4 vtep 192.0.2.3
		flood add network 2 vtep 192.0.2.3
		network del 2
		network add 2 vni 200
	EOF
done
log "$r rounds in $((SECONDS - start)) s"
if [ "$r" -ge "$ROUNDS" ]; then
	ok "the churn ran at least $ROUNDS rounds ($r)"
else
	fail "the churn ran at least $ROUNDS rounds" "only $r"
fi
expect_eq "every churn batch succeeded" "$failed_rounds" 0
wait "$fpid"
wait "$fpid3"
slurp "$TMPD/flood" fout
slurp "$TMPD/flood3" fout3
log "vm1: $fout" "vm3: $fout3"
sent=0 rcvd=0
[[ "$fout" =~ ([0-9]+)\ packets\ transmitted,\ ([0-9]+)\ received ]] &&
	sent=${BASH_REMATCH[1]} rcvd=${BASH_REMATCH[2]}
expect_match "the ping flood ran (>= 100 requests)" "$sent" '([1-9][0-9][0-9]+)'
expect_match "and got replies during the churn" "$rcvd" '[1-9][0-9]*'
[[ "$fout3" =~ ([0-9]+)\ received ]]
expect_match "vm3's ping got replies during the churn" "${BASH_REMATCH[1]:-0}" '[1-9][0-9]*'
sleep 1
stats_snap
if_stats "${VM_NS[vm1]}" eth0
expect_delta "port vm1 counted every frame vm1 sent" 1:port.vm1.rx_packets $((IF_TX_PACKETS - vmtx0))
delta 1:dev.drops
log "hv1 drops during churn: $D (no_dest when neither remote nor flood entry existed)"
expect_delta "no spoofed drops" 1:dev.drop_spoofed 0
expect_delta "no malformed drops" 1:dev.drop_malformed 0
expect_delta "no MTU drops" 1:dev.drop_mtu 0

section "after"
expect_out "remotes exactly as before" "$remotes0" hn "$HV1" -j remote show
expect_out "flood entries exactly as before" "$floods0" hn "$HV1" -j flood show
expect_jq "network 2 is back, empty" '.' '[]' hn "$HV1" -j remote show network 2
expect_ping "after: vm1 -> vm2, 3 of 3" vm1 10.0.0.2 3
expect_ping "after: vm2 -> vm3, 3 of 3" vm2 10.0.0.3 3
expect_ping "after: vm1 -> vm3 (same host), 3 of 3" vm1 10.0.0.3 3
link_info "$HV1" vm3
expect_eq "vm3 is a port of hnet0 again" "$L_MASTER" hnet0
link_info "$HV1" hnet0
expect_match "hnet0 is up" "${LINK%%$'\n'*}" '.*<[^>]*,UP[,>].*'


ksft_exit
