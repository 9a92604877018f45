#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Object lifecycle: deleting a network removes its ports, remotes and flood
# entries (with a *-del notification each); deleting a port's netdev removes
# the port; deleting the device removes everything under it (a *-del of each
# object, children first, then dev-del); deleting a namespace that holds hnet
# devices cleans up; rmmod with everything present works (notified as a
# device deletion) and leaves the former ports usable.  Monitor output, text
# and JSON.

source "$(dirname "$0")/lib.sh"

hnet_require ping

on_exit hnet_load

ns_create HV hv
ns_create VMA vm
ns_create VMB vm
ns_create VMC vm
dev_add "$HV" hnet0

MJ=$TMPD/monitor.json
MT=$TMPD/monitor.txt
monitor_start MJPID "$MJ" "$HV" hnet0 -j || ksft_exit
monitor_start MTPID "$MT" "$HV" hnet0 || ksft_exit
sleep 0.3

# events MARKVAR FILE: EV = the lines of FILE after the first $MARKVAR ones.
events()
{
	local n=0 line

	EV=
	while IFS= read -r line; do
		n=$((n + 1))
		[ "$n" -gt "$1" ] && EV+=$line$'\n'
	done < "$2"
	EV=${EV%$'\n'}
}

# expect_events DESC FILE MARK FILTER WANT: jq -s -c FILTER over the JSON
# events after MARK.
expect_events()
{
	local got

	events "$3" "$2"
	got=$(jq -s -c "$4" <<< "$EV" 2>&1)
	expect_eq "$1" "$got" "$5"
}

# The sync events of monitor_start: "dev set dstport 4789" on hnet0.
IFS= read -r line < "$MJ"
expect_jq "monitor -j: dev-set event carries the device" '[.event, .dev.ifname, .dev.vtep, .dev.dstport]' \
	'["dev-set","hnet0","0.0.0.0",4789]' echo "$line"
IFS= read -r line < "$MT"
expect_match "monitor text: dev-set line" "$line" \
	'\[dev-set\] hnet0: vtep 0.0.0.0 dstport 4789 host-mac ([0-9a-f]{2}:){5}[0-9a-f]{2} source-check on max-networks 4096 max-ports 4096 max-remotes 131072 max-floods 1024 max-peers 4096 max-routers 4096 max-routes 1024'

# --- build: 2 networks, 3 ports, 3 remotes, 3 flood entries ----------------
section "build: 2 networks, 3 ports, 3 remotes, 3 flood entries"
veth_vm "$HV" vm1 "$VMA"
veth_vm "$HV" vm2 "$VMB"
veth_vm "$HV" vm3 "$VMC"
setup ip -n "$HV" addr add 10.0.1.254/24 dev vm1
setup ip -n "$VMA" addr add 10.0.1.1/24 dev eth0
setup ip -n "$HV" addr add 10.0.2.254/24 dev vm2
setup ip -n "$VMB" addr add 10.0.2.1/24 dev eth0
link_info "$HV" vm1
state1=$LINK
link_info "$HV" vm2
state2=$LINK
link_info "$VMA" eth0
mac1=$L_MAC
link_info "$VMB" eth0
mac2=$L_MAC
link_info "$VMC" eth0
mac3=$L_MAC
count_lines "$MJ"
mj=$NLINES
count_lines "$MT"
mt=$NLINES
B=$TMPD/build
cat > "$B" << EOF
network add 1 vni 100 name one
network add 2 vni 200
port add vm1 network 1 mac $mac1 ip 10.0.1.1
port add vm2 network 1 mac $mac2
port add vm3 network 2 mac $mac3
remote add network 1 mac 02:00:00:00:01:01 ip 10.0.1.5 vtep 192.0.2.2
remote add network 1 mac 02:00:00:00:01:02 vtep 192.0.2.3
remote add network 2 mac 02:00:00:00:02:01 vtep 192.0.2.2
flood add network 1 vtep 192.0.2.2
flood add network 1 vtep 192.0.2.3
flood add network 2 vtep 192.0.2.2
EOF
setup hn "$HV" -b "$B"
wait_lines "$MJ" $((mj + 11))
wait_lines "$MT" $((mt + 11))
sleep 0.3

expect_events "monitor -j: one event per add, in order" "$MJ" "$mj" 'map(.event)' \
	'["network-new","network-new","port-new","port-new","port-new","remote-new","remote-new","remote-new","flood-new","flood-new","flood-new"]'
expect_events "monitor -j: network-new, remote-new, flood-new objects" "$MJ" "$mj" '[.[0], .[5], .[8]]' \
	'[{"event":"network-new","dev":"hnet0","network":{"id":1,"vni":100,"name":"one","mtu":1450}},{"event":"remote-new","dev":"hnet0","remote":{"network":1,"mac":"02:00:00:00:01:01","ips":["10.0.1.5"],"vtep":"192.0.2.2"}},{"event":"flood-new","dev":"hnet0","flood":{"network":1,"vtep":"192.0.2.2"}}]'
expect_events "monitor -j: port-new object" "$MJ" "$mj" \
	'.[2] | [.event, .dev, .port.ifname, .port.network, .port.mac, .port.ips, .port.security]' \
	"[\"port-new\",\"hnet0\",\"vm1\",1,\"$mac1\",[\"10.0.1.1\"],true]"
events "$mt" "$MT"
run hn "$HV" port show vm1
expect_eq "monitor text: [event] and the show line of each object" "$EV" \
"[network-new] network 1 vni 100 name one mtu 1450
[network-new] network 2 vni 200 mtu 1450
[port-new] $OUT
[port-new] port vm2 network 1 mac $mac2 security on
[port-new] port vm3 network 2 mac $mac3 security on
[remote-new] remote network 1 mac 02:00:00:00:01:01 ip 10.0.1.5 vtep 192.0.2.2
[remote-new] remote network 1 mac 02:00:00:00:01:02 vtep 192.0.2.3
[remote-new] remote network 2 mac 02:00:00:00:02:01 vtep 192.0.2.2
[flood-new] flood network 1 vtep 192.0.2.2
[flood-new] flood network 1 vtep 192.0.2.3
[flood-new] flood network 2 vtep 192.0.2.2"

# --- deleting a network ---------------------------------------------------
section "deleting a network"
count_lines "$MJ"
mj=$NLINES
count_lines "$MT"
mt=$NLINES
check "network del 1 (with 2 ports, 2 remotes, 2 flood entries)" hn "$HV" network del 1
wait_lines "$MJ" $((mj + 7))
wait_lines "$MT" $((mt + 7))
sleep 0.3
expect_events "monitor -j: the cascade of del events" "$MJ" "$mj" 'map(.event) | sort' \
	'["flood-del","flood-del","network-del","port-del","port-del","remote-del","remote-del"]'
expect_events "monitor -j: the deleted objects" "$MJ" "$mj" \
	'[(map(select(.event == "port-del") | .port.ifname) | sort), (map(select(.event == "remote-del") | .remote | [.network, .mac]) | sort), (map(select(.event == "flood-del") | .flood | [.network, .vtep]) | sort), map(select(.event == "network-del"))]' \
	'[["vm1","vm2"],[[1,"02:00:00:00:01:01"],[1,"02:00:00:00:01:02"]],[[1,"192.0.2.2"],[1,"192.0.2.3"]],[{"event":"network-del","dev":"hnet0","network":{"id":1,"vni":100,"name":"one","mtu":1450}}]]'
events "$mt" "$MT"
expect_match "monitor text: 7 lines, network-del among them" "$EV" \
	"(.*"$'\n'")?\\[network-del\\] network 1 vni 100 name one mtu 1450("$'\n'".*)?"
count_lines "$MT"
expect_eq "monitor text: 7 lines" "$NLINES" $((mt + 7))
printf 'network show\nport show\nremote show\nflood show\n' > "$TMPD/show"
expect_jq "show: only network 2 and its port, remote and flood entry are left" \
	'-s [(.[0] | map(.id)), (.[1] | map(.ifname)), (.[2] | map([.network, .mac])), (.[3] | map([.network, .vtep]))]' \
	'[[2],["vm3"],[[2,"02:00:00:00:02:01"]],[[2,"192.0.2.2"]]]' \
	hn "$HV" -j -b "$TMPD/show"
expect_refused "remote show network 1: the network is gone" "unknown network" \
	hn "$HV" remote show network 1
link_info "$HV" vm1
expect_eq "vm1 released exactly as it was (no master, promiscuity back)" "$LINK" "$state1"
link_info "$HV" vm2
expect_eq "vm2 released exactly as it was" "$LINK" "$state2"
check "vm1 usable: VM A reaches the hypervisor" ping_ok "$VMA" 10.0.1.254
check "vm2 usable: VM B reaches the hypervisor" ping_ok "$VMB" 10.0.2.254
check "network id 1 and VNI 100 free again" hn "$HV" network add 1 vni 100

# --- deleting a port's netdev ---------------------------------------------
section "deleting a port's netdev"
count_lines "$MJ"
mj=$NLINES
check "ip link del vm3 (a port)" ip -n "$HV" link del vm3
wait_lines "$MJ" $((mj + 1))
sleep 0.2
expect_events "monitor -j: port-del for vm3" "$MJ" "$mj" 'map([.event, .port.ifname])' \
	'[["port-del","vm3"]]'
printf 'port show\nnetwork show\n' > "$TMPD/show"
expect_jq "port gone, networks stay" '-s [.[0], (.[1] | map(.id) | sort)]' '[[],[1,2]]' \
	hn "$HV" -j -b "$TMPD/show"

# --- moving a port's netdev to another namespace ---------------------------
section "moving a port's netdev to another namespace"
ns_create VMF vm
veth_vm "$HV" vm6 "$VMF"
setup hn "$HV" port add vm6 network 2 mac 02:00:00:00:06:06
count_lines "$MJ"
mj=$NLINES
check "ip link set vm6 netns (a port leaves the namespace)" ip -n "$HV" link set vm6 netns "$VMF"
wait_lines "$MJ" $((mj + 1))
sleep 0.2
expect_events "monitor -j: port-del for vm6" "$MJ" "$mj" 'map([.event, .port.ifname])' \
	'[["port-del","vm6"]]'
expect_out "port show: empty" '[]' hn "$HV" -j port show
link_info "$VMF" vm6
expect_eq "vm6 in its new namespace has no master" "$L_MASTER" none
check "vm6 can be brought up there" ip -n "$VMF" link set vm6 up

# --- deleting the device --------------------------------------------------
section "deleting the device"
ns_create VMD vm
dev_add "$HV" hnet1
veth_vm "$HV" vm4 "$VMD"
setup ip -n "$HV" addr add 10.0.4.254/24 dev vm4
setup ip -n "$VMD" addr add 10.0.4.1/24 dev eth0
link_info "$HV" vm4
state4=$LINK
cat > "$B" << EOF
network add 5 vni 100 dev hnet1
port add vm4 network 5 mac 02:00:00:00:04:01 dev hnet1
remote add network 5 mac 02:00:00:00:05:01 vtep 192.0.2.5 dev hnet1
flood add network 5 vtep 192.0.2.5 dev hnet1
dev set dev hnet1 vtep 192.0.2.77 max-ports 10
EOF
count_lines "$MJ"
mj=$NLINES
count_lines "$MT"
mt=$NLINES
setup hn "$HV" -b "$B"
link_info "$HV" vm4
expect_eq "vm4 is a port of hnet1" "$L_MASTER" hnet1
wait_lines "$MJ" $((mj + 5))
wait_lines "$MT" $((mt + 5))
sleep 0.3
count_lines "$MJ"
mj=$NLINES
count_lines "$MT"
mt=$NLINES
check "ip link del hnet1 with a network, port, remote, flood" ip -n "$HV" link del hnet1
wait_lines "$MJ" $((mj + 5))
wait_lines "$MT" $((mt + 5))
sleep 0.3
# The device name of an event: the dev-set/dev-del "dev" is the device.
EVDEV='(.dev | if type == "object" then .ifname else . end)'
expect_events "monitor -j: a del of each object, children first, then dev-del" "$MJ" "$mj" \
	"[(.[0:3] | map(.event) | sort), (.[3:] | map(.event)), (map($EVDEV) | unique)]" \
	'[["flood-del","port-del","remote-del"],["network-del","dev-del"],["hnet1"]]'
expect_events "monitor -j: the deleted objects, and the device with its settings" "$MJ" "$mj" \
	'[(map(.flood // empty)[0]), (map(.remote // empty)[0]), (map(.port.ifname // empty)[0]), .[3].network.id, (.[4].dev | [.ifname, .ifindex > 0, .vtep, .dstport, .source_check, .max_ports, .max_floods])]' \
	'[{"network":5,"vtep":"192.0.2.5"},{"network":5,"mac":"02:00:00:00:05:01","ips":[],"vtep":"192.0.2.5"},"vm4",5,["hnet1",true,"192.0.2.77",4789,true,10,1024]]'
events "$mt" "$MT"
expect_match "monitor text: 5 lines, the last one [dev-del] and the dev show line" "$EV" \
	"(.*"$'\n'"){4}"'\[dev-del\] hnet1: vtep 192.0.2.77 dstport 4789 host-mac ([0-9a-f]{2}:){5}[0-9a-f]{2} source-check on max-networks 4096 max-ports 10 max-remotes 131072 max-floods 1024 max-peers 4096 max-routers 4096 max-routes 1024'
expect_jq "hnet1 gone" '[.[].ifname]' '["hnet0"]' hn "$HV" -j dev show
link_info "$HV" vm4
expect_eq "vm4 released exactly as it was" "$LINK" "$state4"
check "vm4 usable" ping_ok "$VMD" 10.0.4.254
printf 'network show\nremote show\nflood show\n' > "$TMPD/show"
expect_jq "hnet0's objects untouched" '-s [(.[0] | map(.id) | sort), (.[1] | length), (.[2] | length)]' \
	'[[1,2],1,1]' hn "$HV" -j -b "$TMPD/show"
check "vm4 can be a port of hnet0 now" hn "$HV" port add vm4 network 2 mac 02:00:00:00:04:04
check "port del vm4" hn "$HV" port del vm4

# --- deleting a namespace that holds hnet devices -------------------------
section "deleting a namespace that holds hnet devices"
ns_create X hv
ns_create Y vm
dev_add "$X" hnet0
dev_add "$X" hnet1
setup ip -n "$X" link add p0 type veth peer name eth0 netns "$Y"
setup ip -n "$X" link add p1 type veth peer name eth1 netns "$Y"
cat > "$B" << EOF
network add 1 vni 100 dev hnet0
network add 2 vni 200 dev hnet1
port add p0 network 1 mac 02:00:00:00:0a:00 ip 10.0.0.1 dev hnet0
port add p1 network 2 mac 02:00:00:00:0a:01 dev hnet1
remote add network 1 mac 02:00:00:00:0b:00 ip 10.0.0.2 vtep 192.0.2.9 dev hnet0
flood add network 1 vtep 192.0.2.9 dev hnet0
flood add network 2 vtep 192.0.2.9 dev hnet1
EOF
setup hn "$X" -b "$B"
expect_jq "namespace X populated" '[.[].ifname]' '["p0","p1"]' \
	ip -n "$X" -j link show type veth
# Notifications stay in their namespace, and a listener inside X holds X
# (its process and its socket are references): the DELs of a namespace's
# deletion reach no one.  What shows is that X goes, once its last user
# has, and that no one elsewhere hears of it.
monitor_start MXPID "$TMPD/monitor.x" "$X" hnet0 -j || ksft_exit
count_lines "$MJ"
mj=$NLINES
peers_gone()
{
	! ip -n "$Y" link show dev eth0 && ! ip -n "$Y" link show dev eth1
}
check "ip netns del X" ip netns del "$X"
ns_forget "$X"
check_not "a monitor inside X keeps X (its ports' veth peers are still there)" peers_gone
bg_stop "$MXPID"
expect_events "... and it heard nothing but its sync event" "$TMPD/monitor.x" 0 \
	'map(.event) | unique' '["dev-set"]'
wait_for 100 peers_gone
check "with the monitor gone, namespace X really went away (its ports' veth peers are gone)" \
	peers_gone
sleep 0.3
count_lines "$MJ"
expect_eq "a monitor in another namespace heard nothing of X's deletion" "$NLINES" "$mj"
# A stuck cleanup (a netdev or namespace reference hnet never dropped)
# would hold up every later namespace deletion.
ns_create Z hv
setup ip -n "$Z" link add p2 type veth peer name eth2 netns "$Y"
check "ip netns del of a later namespace" ip netns del "$Z"
ns_forget "$Z"
peer2_gone()
{
	! ip -n "$Y" link show dev eth2
}
wait_for 100 peer2_gone
check "namespace cleanup is not stuck: a later namespace goes away too" peer2_gone
check "other namespaces unaffected" hn "$HV" network show 2

# --- rmmod with devices, networks and ports present ------------------------
section "rmmod with devices, networks and ports present"
if { [ -z "$HNET_KO" ] || [ ! -f "$HNET_KO" ]; } && ! modinfo hnet > /dev/null 2>&1; then
	log "SKIP rmmod part: no HNET_KO and no installed hnet module to load again"
	ksft_exit
fi
ns_create VME vm
veth_vm "$HV" vm5 "$VME"
setup ip -n "$HV" addr add 10.0.5.254/24 dev vm5
setup ip -n "$VME" addr add 10.0.5.1/24 dev eth0
link_info "$HV" vm5
state5=$LINK
setup hn "$HV" port add vm5 network 2 mac 02:00:00:00:05:05
ns_create R hv
dev_add "$R" hnet0
dev_add "$R" hnet3
setup hn "$R" network add 9 vni 9 dev hnet3
setup hn "$R" remote add network 9 mac 02:00:00:00:09:09 vtep 192.0.2.99 dev hnet3
link_info "$HV" vm5
expect_eq "vm5 is a port before rmmod" "$L_MASTER" hnet0
MR=$TMPD/monitor.r
monitor_start MRPID "$MR" "$R" hnet3 -j || ksft_exit
count_lines "$MJ"
mj=$NLINES
count_lines "$MT"
mt=$NLINES
count_lines "$MR"
mr=$NLINES
check "unload hnet (modprobe -r) with devices, networks and ports" hnet_unload
# hnet0 of HV: networks 1 and 2, on 2 the port vm5, a remote, a flood entry.
wait_lines "$MJ" $((mj + 6))
wait_lines "$MT" $((mt + 6))
wait_lines "$MR" $((mr + 4))
sleep 0.3
bg_stop "$MJPID"
bg_stop "$MTPID"
bg_stop "$MRPID"
expect_events "rmmod, monitor -j: a del of each object of hnet0, then dev-del" "$MJ" "$mj" \
	'[(map(.event) | sort), .[-1].event, .[-1].dev.ifname, (map(.network.id // empty) | sort), ((map(.event == "network-del" and .network.id == 2) | index(true)) > (map((.flood // .remote // .port).network == 2) | rindex(true)))]' \
	'[["dev-del","flood-del","network-del","network-del","port-del","remote-del"],"dev-del","hnet0",[1,2],true]'
events "$mt" "$MT"
expect_match "rmmod, monitor text: 6 lines, the last one [dev-del] hnet0" "$EV" \
	"(.*"$'\n'"){5}"'\[dev-del\] hnet0: vtep 0.0.0.0 dstport 4789 .*'
expect_events "rmmod, in another namespace: hnet3's remote, network, dev-del; hnet0's dev-del" \
	"$MR" "$mr" "[(map(select($EVDEV == \"hnet3\") | .event)), (map(select($EVDEV == \"hnet0\") | .event))]" \
	'[["remote-del","network-del","dev-del"],["dev-del"]]'
check_not "module gone" test -d /sys/module/hnet
check_not "hnet0 gone with the module" ip -n "$HV" link show dev hnet0
check_not "hnet3 in another namespace gone too" ip -n "$R" link show dev hnet3
link_info "$HV" vm5
expect_eq "vm5 released exactly as it was" "$LINK" "$state5"
check "vm5 usable after rmmod" ping_ok "$VME" 10.0.5.254
check "load hnet again (modprobe)" hnet_load
check "hnet devices can be created again" ip -n "$R" link add hnet0 type hnet
expect_out "and they start empty" '[]' hn "$R" -j network show

ksft_exit
