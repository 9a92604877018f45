#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Networks, ports, remotes and flood entries through hnetctl: add, show
# (text and JSON, exact keys and values), del; NEW replies with -j; -p;
# abbreviations; batch mode; usage errors; -V.

source "$(dirname "$0")/lib.sh"

hnet_require

ns_create HV hv
ns_create VM1 vm
ns_create VM2 vm
dev_add "$HV" hnet0
veth_vm "$HV" vm1 "$VM1"
veth_vm "$HV" vm2 "$VM2"

# --- networks -------------------------------------------------------------
section "networks"
check "network add with name" hn "$HV" network add 1 vni 100 name blue
check "network add with mtu" hn "$HV" network add 2 vni 200 mtu 1400
expect_jq "network show -j: both, mtu default 1450, name \"\" when unset" 'sort_by(.id)' \
	'[{"id":1,"vni":100,"name":"blue","mtu":1450},{"id":2,"vni":200,"name":"","mtu":1400}]' \
	hn "$HV" -j network show
expect_out "network show ID -j: exact keys in order" '[{"id":2,"vni":200,"name":"","mtu":1400}]' \
	hn "$HV" -j network show 2
expect_out "network show ID text" "network 1 vni 100 name blue mtu 1450" hn "$HV" network show 1
expect_out "network add -j prints the new network" \
	'[{"id":3,"vni":16777215,"name":"green","mtu":9000}]' \
	hn "$HV" -j network add 3 vni 16777215 name green mtu 9000
expect_out "network add without -j prints nothing" "" hn "$HV" network add 4 vni 1
expect_out "network 4 is there" '[{"id":4,"vni":1,"name":"","mtu":1450}]' hn "$HV" -j network show 4
expect_out "network del prints nothing" "" hn "$HV" network del 4
expect_jq "network 4 gone, the others stay" '[.[].id] | sort' '[1,2,3]' hn "$HV" -j network show
expect_refused "network show of a deleted id" "unknown network" hn "$HV" network show 4

# --- ports ----------------------------------------------------------------
section "ports"
check "port add with ips, allowed pairs, security off" \
	hn "$HV" port add vm1 network 1 mac 02:00:00:00:00:01 ip 10.0.0.1 ip 10.0.0.2 \
	allow 10.0.1.0/24 mac 02:00:00:00:00:09 allow 10.0.2.5 security off
link_info "$HV" vm1
idx1=$L_IFINDEX
expect_out "port show -j" \
	"[{\"ifname\":\"vm1\",\"ifindex\":$idx1,\"network\":1,\"mac\":\"02:00:00:00:00:01\",\"ips\":[\"10.0.0.1\",\"10.0.0.2\"],\"allowed\":[{\"prefix\":\"10.0.1.0/24\",\"mac\":\"02:00:00:00:00:09\"},{\"prefix\":\"10.0.2.5/32\",\"mac\":\"02:00:00:00:00:01\"}],\"security\":false}]" \
	hn "$HV" -j port show vm1
expect_out "port show text" \
	"port vm1 network 1 mac 02:00:00:00:00:01 ip 10.0.0.1 ip 10.0.0.2 allow 10.0.1.0/24 mac 02:00:00:00:00:09 allow 10.0.2.5/32 mac 02:00:00:00:00:01 security off" \
	hn "$HV" port show vm1
link_info "$HV" vm2
expect_out "port add -j prints the new port (no ips, security on by default)" \
	"[{\"ifname\":\"vm2\",\"ifindex\":$L_IFINDEX,\"network\":2,\"mac\":\"02:00:00:00:00:02\",\"ips\":[],\"allowed\":[],\"security\":true}]" \
	hn "$HV" -j port add vm2 network 2 mac 02:00:00:00:00:02
expect_out "port show text, security on" "port vm2 network 2 mac 02:00:00:00:00:02 security on" \
	hn "$HV" port show vm2
expect_jq "port show lists both" '[.[].ifname] | sort' '["vm1","vm2"]' hn "$HV" -j port show
expect_out "port del prints nothing" "" hn "$HV" port del vm2
expect_jq "vm2 gone from port show" '[.[].ifname]' '["vm1"]' hn "$HV" -j port show
check "port add again with security on and a CIDR without mac" \
	hn "$HV" port add vm2 network 2 mac 02:00:00:00:00:02 ip 10.1.0.2 allow 0.0.0.0/0 security on
expect_jq "port re-added" '.[0] | [.network, .ips, .allowed, .security]' \
	'[2,["10.1.0.2"],[{"prefix":"0.0.0.0/0","mac":"02:00:00:00:00:02"}],true]' \
	hn "$HV" -j port show vm2

# --- remotes --------------------------------------------------------------
section "remotes"
check "remote add with ips" \
	hn "$HV" remote add network 1 mac 02:00:00:00:01:01 ip 10.0.0.5 ip 10.0.0.6 vtep 192.0.2.2
check "remote add without ip" hn "$HV" remote add network 1 mac 02:00:00:00:01:02 vtep 192.0.2.3
expect_out "remote add -j prints the new remote" \
	'[{"network":2,"mac":"02:00:00:00:01:01","ips":["10.1.0.5"],"vtep":"192.0.2.2"}]' \
	hn "$HV" -j remote add network 2 mac 02:00:00:00:01:01 ip 10.1.0.5 vtep 192.0.2.2
expect_jq "remote show -j" 'sort_by(.network, .mac)' \
	'[{"network":1,"mac":"02:00:00:00:01:01","ips":["10.0.0.5","10.0.0.6"],"vtep":"192.0.2.2"},{"network":1,"mac":"02:00:00:00:01:02","ips":[],"vtep":"192.0.2.3"},{"network":2,"mac":"02:00:00:00:01:01","ips":["10.1.0.5"],"vtep":"192.0.2.2"}]' \
	hn "$HV" -j remote show
expect_jq "remote show network 1" '[.[] | [.network, .mac]] | sort' \
	'[[1,"02:00:00:00:01:01"],[1,"02:00:00:00:01:02"]]' hn "$HV" -j remote show network 1
expect_out "remote show network 2 -j" \
	'[{"network":2,"mac":"02:00:00:00:01:01","ips":["10.1.0.5"],"vtep":"192.0.2.2"}]' \
	hn "$HV" -j remote show network 2
expect_out "remote show network 3 (none)" '[]' hn "$HV" -j remote show network 3
expect_out "remote show text" "remote network 2 mac 02:00:00:00:01:01 ip 10.1.0.5 vtep 192.0.2.2" \
	hn "$HV" remote show network 2
expect_out "remote del prints nothing" "" hn "$HV" remote del network 1 mac 02:00:00:00:01:01
expect_jq "remote del removed only that one" '[.[] | [.network, .mac]] | sort' \
	'[[1,"02:00:00:00:01:02"],[2,"02:00:00:00:01:01"]]' hn "$HV" -j remote show

# --- flood entries --------------------------------------------------------
section "flood entries"
check "flood add" hn "$HV" flood add network 1 vtep 192.0.2.2
check "flood add second vtep" hn "$HV" flood add network 1 vtep 192.0.2.3
expect_out "flood add -j prints the entry" '[{"network":2,"vtep":"192.0.2.2"}]' \
	hn "$HV" -j flood add network 2 vtep 192.0.2.2
expect_jq "flood show -j" 'sort_by(.network, .vtep)' \
	'[{"network":1,"vtep":"192.0.2.2"},{"network":1,"vtep":"192.0.2.3"},{"network":2,"vtep":"192.0.2.2"}]' \
	hn "$HV" -j flood show
expect_jq "flood show network 1" '[.[] | [.network, .vtep]] | sort' \
	'[[1,"192.0.2.2"],[1,"192.0.2.3"]]' hn "$HV" -j flood show network 1
expect_out "flood show text" "flood network 2 vtep 192.0.2.2" hn "$HV" flood show network 2
expect_out "flood del prints nothing" "" hn "$HV" flood del network 1 vtep 192.0.2.2
expect_jq "flood del removed only that one" '[.[] | [.network, .vtep]] | sort' \
	'[[1,"192.0.2.3"],[2,"192.0.2.2"]]' hn "$HV" -j flood show

# --- counters (-s) and stats show -------------------------------------------
section "counters (-s) and stats show"
STATS_KEYS='["rx_packets","rx_bytes","tx_packets","tx_bytes","drops","drop_spoofed","drop_unknown_vni","drop_malformed","drop_mtu","drop_no_dest","drop_unknown_vtep","drop_control"]'
# Every object carries every drop reason; text: the same second line.
DROPS_RE='    drops: spoofed [0-9]+ unknown-vni [0-9]+ malformed [0-9]+ mtu [0-9]+ no-dest [0-9]+ unknown-vtep [0-9]+ control [0-9]+'
COUNTERS_RE='    rx [0-9]+ packets [0-9]+ bytes tx [0-9]+ packets [0-9]+ bytes drops [0-9]+'$'\n'"$DROPS_RE"
expect_jq "dev -s -j: stats keys" '.[0].stats | keys_unsorted' "$STATS_KEYS" \
	hn "$HV" -s -j dev show
expect_jq "port -s -j: stats keys" '.[0] | [keys_unsorted, (.stats | keys_unsorted)]' \
	'[["ifname","ifindex","network","mac","ips","allowed","security","stats"],'"$STATS_KEYS]" \
	hn "$HV" -s -j port show vm1
expect_jq "network -s -j: stats keys" '.[0].stats | keys_unsorted' "$STATS_KEYS" \
	hn "$HV" -s -j network show 1
expect_jq "no stats without -s" '[.[] | has("stats")] | any' false hn "$HV" -j port show
run hn "$HV" -s port show vm1
expect_match "port -s text: the object line, then the counters and drop reasons" "$OUT" \
	"port vm1 network 1 .*security off"$'\n'"$COUNTERS_RE"
run hn "$HV" -s network show 1
expect_match "network -s text: the object line, then the counters and drop reasons" "$OUT" \
	"network 1 vni [0-9]+ .*"$'\n'"$COUNTERS_RE"
run hn "$HV" -s dev show
expect_match "dev -s text: counters and drop reasons" "$OUT" \
	"hnet0: vtep 0.0.0.0 dstport 4789 host-mac [0-9a-f:]+ source-check on .*"$'\n'"$COUNTERS_RE"
expect_jq "stats show -j" \
	'[.[] | [.ifname, (.networks | map(.id) | sort), (.ports | map(.ifname) | sort), (.stats | has("drop_no_dest")), (.ports[0].stats | has("rx_packets") and has("drop_control")), (.networks[0].stats | has("drop_unknown_vtep"))]]' \
	'[["hnet0",[1,2,3],["vm1","vm2"],true,true,true]]' hn "$HV" -j stats show

# --- -p -------------------------------------------------------------------
section "-p"
run hn "$HV" -j -p network show
pretty=$OUT
if [ "$RC" -eq 0 ] && [[ "$pretty" == *$'\n'*$'\n'*$'\n'* ]]; then
	ok "-j -p prints indented JSON"
else
	fail "-j -p prints indented JSON" "rc $RC" "$pretty"
fi
expect_jq "-p output is valid JSON with the same data" 'sort_by(.id) | map(.id)' '[1,2,3]' \
	"$PYTHON" -c 'import json, sys; print(json.dumps(json.load(sys.stdin)))' <<< "$pretty"
expect_jq "-p alone is JSON too" '.[0].ifname' '"hnet0"' hn "$HV" -p dev show
expect_out "an empty show prints []" '[]' hn "$HV" -j remote show network 3

# --- abbreviations --------------------------------------------------------
section "abbreviations"
cat > "$TMPD/abbr" << EOF
net a 8 vni 800
rem a network 8 mac 02:00:00:00:08:08 vtep 192.0.2.8
fl a network 8 vtep 192.0.2.8
net sh 8
rem sh network 8
fl sh network 8
po sh vm2
EOF
expect_jq "abbreviations: net, rem, fl, po, a, sh" \
	'-s [.[0][0].vni, .[1][0].mac, .[2][0].vtep, .[3][0].id, .[4][0].mac, .[5][0].vtep, .[6][0].ifname, length]' \
	'[800,"02:00:00:00:08:08","192.0.2.8",8,"02:00:00:00:08:08","192.0.2.8","vm2",7]' \
	hn "$HV" -j -b "$TMPD/abbr"
cat > "$TMPD/abbr" << EOF
rem d network 8 mac 02:00:00:00:08:08
fl d network 8 vtep 192.0.2.8
net d 8
EOF
check "abbreviations: d" hn "$HV" -b "$TMPD/abbr"
printf 'remote show\nflood show\nnetwork show\n' > "$TMPD/show"
expect_jq "abbreviated deletes worked" \
	'-s [(.[0] | map(select(.network == 8)) | length), (.[1] | map(select(.network == 8)) | length), (.[2] | map(.id) | sort)]' \
	'[0,0,[1,2,3]]' hn "$HV" -j -b "$TMPD/show"
expect_usage "ambiguous abbreviation (dev s: show or set)" hn "$HV" dev s

# --- batch mode -----------------------------------------------------------
section "batch mode"
B=$TMPD/batch
cat > "$B" << EOF
# a comment, then a blank line

network add 10 vni 1000 name ten
   # indented comment
network add 11 vni 1000
network add 12 vni 1200
EOF
run hn "$HV" -b "$B"
expect_eq "batch: a refused line gives exit 1" "$RC" 1
expect_eq "batch: the kernel's message, then the file and line" "$ERR" \
	"Error: VNI already used by another network"$'\n'"Command failed $B:5"
expect_jq "batch: stops at the failing line" '[.[].id | select(. >= 10)] | sort' '[10]' \
	hn "$HV" -j network show
check "network del 10" hn "$HV" network del 10
run hn "$HV" -f -b "$B"
expect_eq "batch -f: exit 1" "$RC" 1
expect_eq "batch -f: the failing line reported" "$ERR" \
	"Error: VNI already used by another network"$'\n'"Command failed $B:5"
expect_jq "batch -f: goes on after the failing line" \
	'[.[] | select(.id >= 10) | [.id, .vni, .name]] | sort' '[[10,1000,"ten"],[12,1200,""]]' \
	hn "$HV" -j network show
cat > "$B" << EOF
network add 13 vni 1300
network frobnicate 14
network add 10 vni 1000
network add 15 vni 1500
EOF
run hn "$HV" -f -b "$B"
expect_eq "batch -f: usage error (2) beats refusal (1)" "$RC" 2
expect_match "batch -f: both failing lines reported" "$ERR" \
	"Error: .*"$'\n'"Command failed $B:2"$'\n'"Error: network id already exists"$'\n'"Command failed $B:3"
expect_jq "batch -f: good lines applied" '[.[].id | select(. >= 13)] | sort' '[13,15]' \
	hn "$HV" -j network show
run hn "$HV" -b - <<< $'network del 13\nnetwork del 15'
expect_eq "batch from stdin: exit 0" "$RC" 0
expect_jq "batch from stdin: applied" '[.[].id | select(. >= 13)]' '[]' hn "$HV" -j network show
expect_out "batch with -j: one array per show" \
	'[{"id":16,"vni":1600,"name":"","mtu":1450}]'$'\n''[{"id":16,"vni":1600,"name":"","mtu":1450}]' \
	hn "$HV" -j -b - <<< $'network add 16 vni 1600\nnetwork show 16'
check_not "batch -b FILE that does not exist fails" hn "$HV" -b "$TMPD/nope"

# --- usage errors ---------------------------------------------------------
section "usage errors"
printf 'network show\nport show\nremote show\nflood show\n' > "$TMPD/all"
run hn "$HV" -j -b "$TMPD/all"
before=$OUT
expect_usage "no object" hn "$HV"
expect_usage "unknown object" hn "$HV" frobnicate show
expect_usage "unknown command" hn "$HV" network frobnicate
expect_usage "network add without id" hn "$HV" network add vni 20
expect_usage "network add without vni" hn "$HV" network add 20
expect_usage "network add vni without value" hn "$HV" network add 20 vni
expect_usage "network add id not a number" hn "$HV" network add abc vni 20
expect_usage "network add unknown keyword" hn "$HV" network add 20 vni 20 colour red
expect_usage "network add mtu not a number" hn "$HV" network add 20 vni 20 mtu big
expect_usage "network del without id" hn "$HV" network del
expect_usage "port add bad mac syntax" hn "$HV" port add vm1 network 1 mac 02:00:zz:00:00:01
expect_usage "port add without network" hn "$HV" port add vm1 mac 02:00:00:00:00:01
expect_usage "port add without mac" hn "$HV" port add vm1 network 1
expect_usage "port add bad ip" hn "$HV" port add vm1 network 1 mac 02:00:00:00:00:01 ip 10.0.0.300
expect_usage "port add bad prefix length" \
	hn "$HV" port add vm1 network 1 mac 02:00:00:00:00:01 allow 10.0.0.0/33
expect_usage "port add bad security" hn "$HV" port add vm1 network 1 mac 02:00:00:00:00:01 security maybe
expect_usage "remote add bad vtep" hn "$HV" remote add network 1 mac 02:00:00:00:01:01 vtep 300.1.1.1
expect_usage "remote add without vtep" hn "$HV" remote add network 1 mac 02:00:00:00:01:01
expect_usage "remote del without mac" hn "$HV" remote del network 1
expect_usage "flood add without vtep" hn "$HV" flood add network 1
expect_usage "dev set bad dstport" hn "$HV" dev set dstport 70000
expect_usage "unknown option" "$HNETCTL" -n "$HV" --frobnicate network show
expect_out "usage errors changed nothing" "$before" hn "$HV" -j -b "$TMPD/all"

# --- -V -------------------------------------------------------------------
section "-V"
run "$HNETCTL" -V
if [ "$RC" -eq 0 ] && [[ "$OUT" =~ hnetctl ]] && [[ "$OUT" =~ [0-9] ]]; then
	ok "-V prints the version ($OUT)"
else
	fail "-V prints the version" "rc $RC, '$OUT' '$ERR'"
fi

ksft_exit
