#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The hnet device: creation and deletion with ip link, several devices per
# namespace, settings (vtep, dstport, host-mac, source-check, the limits
# max-networks, max-ports, max-remotes, max-floods, max-peers, max-routers,
# max-routes) and their defaults, bad settings refused, per-namespace state,
# and how hnetctl picks the device.

source "$(dirname "$0")/lib.sh"

hnet_require

# Defaults of the settings after host-mac, as dev show prints them.
DEFAULTS_J='"source_check":true,"max_networks":4096,"max_ports":4096,"max_remotes":131072,"max_floods":1024,"max_peers":4096,"max_routers":4096,"max_routes":1024'
DEFAULTS_T="source-check on max-networks 4096 max-ports 4096 max-remotes 131072 max-floods 1024 max-peers 4096 max-routers 4096 max-routes 1024"
M_NET_RANGE="integer out of range (valid range 1..65536)"
M_PORT_RANGE="integer out of range (valid range 1..65536)"
M_REMOTE_RANGE="integer out of range (valid range 1..1048576)"
M_FLOOD_RANGE="integer out of range (valid range 1..16384)"
M_PEER_RANGE="integer out of range (valid range 1..65536)"
M_ROUTER_RANGE="integer out of range (valid range 1..65536)"
M_ROUTE_RANGE="integer out of range (valid range 1..16384)"

ns_create A dev
ns_create B dev

# dev_json NS DEV: D = hnetctl -j dev show dev DEV; D_MAC, D_GEN from it.
dev_json()
{
	run hn "$1" -j dev show dev "$2"
	D=$OUT
	D_MAC=
	D_GEN=
	[[ "$D" =~ \"host_mac\":\"([^\"]*)\" ]] && D_MAC=${BASH_REMATCH[1]}
	[[ "$D" =~ \"generation\":([0-9]+) ]] && D_GEN=${BASH_REMATCH[1]}
}

# --- create / delete ------------------------------------------------------
section "create / delete"
check "ip link add hnet0 type hnet" ip -n "$A" link add hnet0 type hnet
expect_jq "hnet0 has link kind hnet" '.[0].linkinfo.info_kind' '"hnet"' \
	ip -n "$A" -d -j link show dev hnet0
link_info "$A" hnet0
idx=$L_IFINDEX
dev_json "$A" hnet0
mac=$D_MAC
expect_eq "dev show: defaults (vtep 0.0.0.0, dstport 4789, source check, limits), keys in order" "$D" \
	"[{\"ifname\":\"hnet0\",\"ifindex\":$idx,\"vtep\":\"0.0.0.0\",\"dstport\":4789,\"host_mac\":\"$mac\",$DEFAULTS_J,\"generation\":$D_GEN}]"
expect_match "host-mac is a MAC" "$mac" '([0-9a-f]{2}:){5}[0-9a-f]{2}'
first=$((16#${mac%%:*}))
expect_eq "host-mac is locally administered and unicast" $((first & 3)) 2
check_not "host-mac is not zero" test "$mac" == "00:00:00:00:00:00"
expect_out "dev show text line" "hnet0: vtep 0.0.0.0 dstport 4789 host-mac $mac $DEFAULTS_T" \
	hn "$A" dev show dev hnet0
check "ip link set hnet0 up" ip -n "$A" link set hnet0 up
dev_json "$A" hnet0
expect_eq "host-mac stable across shows and up" "$D_MAC" "$mac"
check "ip link del hnet0" ip -n "$A" link del hnet0
check_not "hnet0 is gone from ip link" ip -n "$A" link show dev hnet0
expect_out "dev show lists nothing after delete" '[]' hn "$A" -j dev show

# --- several devices per namespace ----------------------------------------
section "several devices per namespace"
dev_add "$A" hnet0
dev_add "$A" hnet1
dev_add "$A" hnet2
expect_jq "three devices in one namespace" '[.[].ifname] | sort' '["hnet0","hnet1","hnet2"]' \
	hn "$A" -j dev show
expect_jq "each device has its own host-mac" '[.[].host_mac] | unique | length' 3 \
	hn "$A" -j dev show
dev_json "$A" hnet0
mac=$D_MAC

# --- dev set --------------------------------------------------------------
section "dev set"
dev_json "$A" hnet1
gen0=$D_GEN
check "dev set vtep" hn "$A" dev set dev hnet1 vtep 192.0.2.1
dev_json "$A" hnet1
gen1=$D_GEN
if [ -n "$gen0" ] && [ -n "$gen1" ] && [ "$gen1" -gt "$gen0" ]; then
	ok "generation bumped by dev set ($gen0 -> $gen1)"
else
	fail "generation bumped by dev set" "'$gen0' -> '$gen1'"
fi
check "dev set dstport" hn "$A" dev set dev hnet1 dstport 8472
check "dev set host-mac" hn "$A" dev set dev hnet1 host-mac 02:aa:bb:cc:dd:ee
expect_jq "dev set changes shown (json)" '.[0] | [.ifname, .vtep, .dstport, .host_mac]' \
	'["hnet1","192.0.2.1",8472,"02:aa:bb:cc:dd:ee"]' hn "$A" -j dev show dev hnet1
check "dev set all three at once, dev NAME last" \
	hn "$A" dev set vtep 198.51.100.7 dstport 4790 host-mac 06:01:02:03:04:05 dev hnet1
expect_out "dev set changes shown (text)" \
	"hnet1: vtep 198.51.100.7 dstport 4790 host-mac 06:01:02:03:04:05 $DEFAULTS_T" \
	hn "$A" dev show dev hnet1
expect_jq "dev set -j prints the device" '[.[] | [.ifname, .vtep, .dstport, .host_mac]]' \
	'[["hnet1","198.51.100.8",4790,"06:01:02:03:04:05"]]' \
	hn "$A" -j dev set dev hnet1 vtep 198.51.100.8
expect_out "dev set without -j prints nothing" "" hn "$A" dev set dev hnet1 dstport 4790
dev_json "$A" hnet0
expect_eq "other devices untouched by dev set" "$D_MAC" "$mac"
if [[ "$D" == *'"vtep":"0.0.0.0","dstport":4789'* ]]; then
	ok "hnet0 vtep/dstport untouched"
else
	fail "hnet0 vtep/dstport untouched" "$D"
fi

# --- source check and limits ---------------------------------------------
section "source check and limits"
cat > "$TMPD/set" << EOF
dev set dev hnet1 source-check off
dev show dev hnet1
dev set dev hnet1 max-networks 10 max-ports 20 max-remotes 30 max-floods 40
dev set dev hnet1 source-check on max-floods 1
dev set dev hnet1 max-networks 1 max-ports 1 max-remotes 1 max-floods 16384
dev show dev hnet1
dev show dev hnet0
EOF
expect_jq "dev set source-check off, then on; limits set and shown (dev set -j and dev show)" \
	'-s map(.[0] | [.source_check, .max_networks, .max_ports, .max_remotes, .max_floods])' \
	'[[false,4096,4096,131072,1024],[false,4096,4096,131072,1024],[false,10,20,30,40],[true,10,20,30,1],[true,1,1,1,16384],[true,1,1,1,16384],[true,4096,4096,131072,1024]]' \
	hn "$A" -j -b "$TMPD/set"
cat > "$TMPD/set" << EOF
dev set dev hnet1 max-peers 3 max-routers 2 max-routes 16384
dev set dev hnet1 max-routers 65536 max-routes 1
dev show dev hnet1
EOF
expect_jq "dev set max-peers, max-routers, max-routes: set and shown" \
	'-s map(.[0] | [.max_peers, .max_routers, .max_routes])' \
	'[[3,2,16384],[3,65536,1],[3,65536,1]]' hn "$A" -j -b "$TMPD/set"
check "dev set source-check off and the limits back to their defaults" \
	hn "$A" dev set dev hnet1 source-check off max-networks 4096 max-ports 4096 max-remotes 131072 max-floods 1024 \
	max-peers 4096 max-routers 4096 max-routes 1024
expect_out "dev show text: source-check off and the limits" \
	"hnet1: vtep 198.51.100.8 dstport 4790 host-mac 06:01:02:03:04:05 ${DEFAULTS_T/check on/check off}" \
	hn "$A" dev show dev hnet1
check "dev set source-check on (the default again)" hn "$A" dev set dev hnet1 source-check on
expect_usage "source-check takes on or off only" hn "$A" dev set dev hnet1 source-check 1
expect_usage "a limit is a number" hn "$A" dev set dev hnet1 max-ports many
expect_usage "a limit fits in 32 bits" hn "$A" dev set dev hnet1 max-remotes 4294967296
expect_usage "a limit given twice" hn "$A" dev set dev hnet1 max-floods 2 max-floods 3

# --- bad settings refused, state unchanged --------------------------------
section "bad settings refused, state unchanged"
dev_json "$A" hnet1
before=$D
M_HOSTMAC="host MAC must be a unicast, non-zero address"
expect_refused "multicast host-mac refused" "$M_HOSTMAC" \
	hn "$A" dev set dev hnet1 host-mac 01:00:5e:00:00:01
expect_refused "zero host-mac refused" "$M_HOSTMAC" \
	hn "$A" dev set dev hnet1 host-mac 00:00:00:00:00:00
expect_refused "broadcast host-mac refused" "$M_HOSTMAC" \
	hn "$A" dev set dev hnet1 host-mac ff:ff:ff:ff:ff:ff
expect_refused "a good vtep with a bad host-mac: refused" "$M_HOSTMAC" \
	hn "$A" dev set dev hnet1 vtep 192.0.2.9 dstport 1234 host-mac 01:00:5e:00:00:01
expect_refused "multicast vtep refused" "VTEP must be a unicast IPv4 address" \
	hn "$A" dev set dev hnet1 vtep 239.1.1.1
expect_refused "dstport 0 refused" "integer out of range (valid range 1..65535)" \
	hn "$A" dev set dev hnet1 dstport 0
expect_refused "max-networks 0 refused" "$M_NET_RANGE" hn "$A" dev set dev hnet1 max-networks 0
expect_refused "max-ports 0 refused" "$M_PORT_RANGE" hn "$A" dev set dev hnet1 max-ports 0
expect_refused "max-remotes 0 refused" "$M_REMOTE_RANGE" hn "$A" dev set dev hnet1 max-remotes 0
expect_refused "max-floods 0 refused" "$M_FLOOD_RANGE" hn "$A" dev set dev hnet1 max-floods 0
expect_refused "max-peers 0 refused" "$M_PEER_RANGE" hn "$A" dev set dev hnet1 max-peers 0
expect_refused "max-routers 0 refused" "$M_ROUTER_RANGE" hn "$A" dev set dev hnet1 max-routers 0
expect_refused "max-routes 0 refused" "$M_ROUTE_RANGE" hn "$A" dev set dev hnet1 max-routes 0
expect_refused "max-networks above its ceiling refused" "$M_NET_RANGE" \
	hn "$A" dev set dev hnet1 max-networks 65537
expect_refused "max-ports above its ceiling refused" "$M_PORT_RANGE" \
	hn "$A" dev set dev hnet1 max-ports 65537
expect_refused "max-remotes above its ceiling refused" "$M_REMOTE_RANGE" \
	hn "$A" dev set dev hnet1 max-remotes 1048577
expect_refused "max-floods above its ceiling refused" "$M_FLOOD_RANGE" \
	hn "$A" dev set dev hnet1 max-floods 16385
expect_refused "max-peers above its ceiling refused" "$M_PEER_RANGE" \
	hn "$A" dev set dev hnet1 max-peers 65537
expect_refused "max-routers above its ceiling refused" "$M_ROUTER_RANGE" \
	hn "$A" dev set dev hnet1 max-routers 65537
expect_refused "max-routes above its ceiling refused" "$M_ROUTE_RANGE" \
	hn "$A" dev set dev hnet1 max-routes 16385
expect_refused "good settings with a limit of 0: refused as a whole" "$M_FLOOD_RANGE" \
	hn "$A" dev set dev hnet1 source-check off max-ports 7 max-floods 0 vtep 192.0.2.9
expect_out "device unchanged after refusals (not even the generation)" "$before" \
	hn "$A" -j dev show dev hnet1

# --- per namespace --------------------------------------------------------
section "per namespace"
dev_add "$B" hnet0
expect_jq "ns B sees only its own device, with defaults" \
	'[.[] | [.ifname, .vtep, .dstport, .source_check, .max_networks, .max_ports, .max_remotes, .max_floods]]' \
	'[["hnet0","0.0.0.0",4789,true,4096,4096,131072,1024]]' hn "$B" -j dev show
cat > "$TMPD/a" << EOF
network add 1 vni 100 dev hnet0
remote add dev hnet0 network 1 mac 02:00:00:00:01:01 vtep 192.0.2.2
flood add dev hnet0 network 1 vtep 192.0.2.2
EOF
check "network, remote, flood in ns A" hn "$A" -b "$TMPD/a"
printf 'network show\nremote show\nflood show\n' > "$TMPD/show"
expect_out "ns B: objects of ns A invisible" $'[]\n[]\n[]' hn "$B" -j -b "$TMPD/show"
check "same network id and vni in ns B" hn "$B" network add 1 vni 100
check "ns B: dev set vtep" hn "$B" dev set vtep 203.0.113.1
check "ns B: network del 1" hn "$B" network del 1
printf 'network show dev hnet0\nremote show dev hnet0\ndev show dev hnet0\n' > "$TMPD/show"
expect_jq "ns A untouched by ns B" '-s [.[0][0].id, (.[1] | length), .[2][0].vtep]' '[1,1,"0.0.0.0"]' \
	hn "$A" -j -b "$TMPD/show"
expect_refused "ns B cannot name ns A's hnet1" "hnet device not found" \
	hn "$B" network show dev hnet1
# Its state belongs to its namespace: the device cannot move.
check_not "ip link set hnet1 netns B is refused" ip -n "$A" link set hnet1 netns "$B"
expect_jq "hnet1 stays in ns A with its settings" '[.[] | [.ifname, .vtep]]' \
	'[["hnet1","198.51.100.8"]]' hn "$A" -j dev show dev hnet1
expect_jq "and does not appear in ns B" '[.[].ifname]' '["hnet0"]' hn "$B" -j dev show

# --- choosing the device --------------------------------------------------
section "choosing the device"
ns_create C dev
expect_fail_with "no device: usage error" "no hnet device" 2 hn "$C" network show
dev_add "$C" hnet7
check "one device: dev NAME may be left out" hn "$C" network add 5 vni 500
expect_jq "it went to the only device" '[.[] | [.id, .vni]]' '[[5,500]]' \
	hn "$C" -j network show dev hnet7
dev_add "$C" hnet8
expect_fail_with "two devices, show without dev NAME: exit 2" \
	"several hnet devices, name one with 'dev NAME'" 2 hn "$C" network show
expect_fail_with "two devices, add without dev NAME: exit 2" \
	"several hnet devices, name one with 'dev NAME'" 2 hn "$C" network add 6 vni 600
expect_out "nothing added by the refused command" '[]' hn "$C" -j network show dev hnet8
check "dev NAME before the command's args" hn "$C" network add dev hnet8 6 vni 600
check "dev NAME after the command's args" hn "$C" network add 7 vni 700 dev hnet8
expect_jq "both landed on hnet8" '[.[].id] | sort' '[6,7]' hn "$C" -j network show dev hnet8
check "ip link del a device with objects" ip -n "$C" link del hnet8
expect_jq "one device again: no dev NAME needed" '[.[].id]' '[5]' hn "$C" -j network show

ksft_exit
