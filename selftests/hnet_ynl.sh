#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The spec drives a real client: the kernel's YNL CLI (tools/net/ynl/cli.py
# of linux-source-6.12, extracted by make ynl into build/ynl) performs every
# hnet operation and decodes every notification from
# Documentation/netlink/specs/hnet.yaml alone, no hnetctl.
#
#  - the spec validates against the kernel's schema for its protocol (the
#    CLI's own jsonschema check) and lists the operations and notifications;
#  - dev-set, network-new, port-new, remote-new, flood-new and every get
#    (do) in one --multi, replies decoded with exact values (addresses by
#    their display hints, counters), then a router-new;
#  - every get as a dump, filtered where the command allows;
#  - refusals: errno and the extack message (and the attribute path YNL
#    decodes from the offset) as cli.py prints them;
#  - a subscriber (--subscribe events --sleep N) decodes every notification
#    of a second --multi (dev-set, every del, every new), of a miss (the VM
#    sends to its gateway for an address nobody has) and of the device's
#    deletion (ip link del: its router with its interface, its networks and
#    their objects, then dev-del), in order, exact values.
#
# The requester itself does not subscribe: 6.12's YnlFamily._ops() crashes
# when a notification is the last message of a recv() during a --multi.
# Every python start is slow under emulation (10 s and more on a loaded
# host): the CLI runs 13 times, the schema check, the dumps and refusals in
# parallel. Skips (4) only when the CLI is
# not there (make ynl; YNL_CLI=path/to/cli.py overrides) or python3 lacks
# PyYAML or jsonschema.

source "$(dirname "$0")/lib.sh"

hnet_require

REPO=$(cd "$SELFTEST_DIR/.." && pwd)
SPEC=$REPO/Documentation/netlink/specs/hnet.yaml
if [ -z "$YNL_CLI" ]; then
	for c in "$REPO/build/ynl/tools/net/ynl/cli.py" \
		 "$REPO/build/ynl/tools/net/ynl/pyynl/cli.py" \
		 /usr/src/linux-source-6.12/tools/net/ynl/cli.py; do
		[ -f "$c" ] && YNL_CLI=$c && break
	done
fi
[ -n "$YNL_CLI" ] && [ -f "$YNL_CLI" ] ||
	ksft_skip "the kernel's YNL CLI is not there (make ynl, or YNL_CLI=.../cli.py)"
# The schemas: Documentation/netlink/ of the same tree.
YNL_ROOT=${YNL_CLI%/tools/net/ynl/*}
PROTO=$(sed -n 's/^protocol: *\([a-z-]*\) *$/\1/p' "$SPEC")
SCHEMA=$YNL_ROOT/Documentation/netlink/$PROTO.yaml
[ -f "$SCHEMA" ] || ksft_skip "no schema $SCHEMA next to the CLI"
"$PYTHON" -c 'import yaml, jsonschema' 2> /dev/null ||
	ksft_skip "$PYTHON lacks yaml or jsonschema (python3-yaml, python3-jsonschema)"
log "YNL CLI: $YNL_CLI, schema $SCHEMA"

ns_create HV hv
ns_create VM1 vm
dev_add "$HV" hnet0
veth_vm "$HV" vm1 "$VM1"
link_info "$HV" hnet0
IDX=$L_IFINDEX
link_info "$HV" vm1
VIDX=$L_IFINDEX

# ynl ARGS...: the CLI in the hypervisor namespace, JSON output; the schema
# is checked once, by the first call.
ynl()
{
	ip netns exec "$HV" "$PYTHON" "$YNL_CLI" --spec "$SPEC" --no-schema \
		--output-json "$@"
}

# --- the spec, and new + get in one --multi -----------------------------
# The schema check (the CLI's jsonschema validation) runs in the background
# while the objects are made.
section "schema, new, get"
bg_start P1 "$TMPD/msgs" ip netns exec "$HV" "$PYTHON" "$YNL_CLI" --spec "$SPEC" \
	--schema "$SCHEMA" --list-msgs
IP_A=3221225985		# 192.0.2.1
IP_B=3221225986		# 192.0.2.2
IP_C=3221225987		# 192.0.2.3
t0=$EPOCHREALTIME
run ynl \
	--multi dev-set '{"ifname": "hnet0", "dev": {"vtep": '$IP_A', "dstport": 4790, "host-mac": "02aabbccddee", "source-check": 0, "max-networks": 100}}' \
	--multi network-new '{"ifname": "hnet0", "network": {"id": 1, "vni": 100, "name": "blue", "mtu": 1400}}' \
	--multi network-new '{"ifindex": '$IDX', "network": {"id": 2, "vni": 16777215}}' \
	--multi port-new '{"ifname": "hnet0", "port": {"ifname": "vm1", "network-id": 1, "mac": "020000000001", "ip": [167772161, 167772162], "ip6": ["20010db8000000000000000000000001"], "allowed": [{"addr": 167772416, "prefixlen": 24, "mac": "020000000009"}, {"addr6": "20010db8000100000000000000000000", "prefixlen": 64}], "security": 1}}' \
	--multi remote-new '{"ifname": "hnet0", "remote": {"network-id": 1, "mac": "020000000101", "ip": [167772165], "vtep": '$IP_B'}}' \
	--multi remote-new '{"ifname": "hnet0", "remote": {"network-id": 2, "mac": "020000000201", "ip6": ["20010db8000000000000000000000005"], "vtep": '$IP_C'}}' \
	--multi flood-new '{"ifname": "hnet0", "flood": {"network-id": 1, "vtep": '$IP_B'}}' \
	--multi dev-get '{"ifname": "hnet0"}' \
	--multi network-get '{"ifname": "hnet0", "network": {"id": 1}}' \
	--multi port-get '{"ifname": "hnet0", "port": {"ifindex": '$VIDX'}}' \
	--multi remote-get '{"ifname": "hnet0", "remote": {"network-id": 1, "mac": "020000000101"}}' \
	--multi flood-get '{"ifname": "hnet0", "flood": {"network-id": 1, "vtep": '$IP_B'}}' \
	--multi router-new '{"ifname": "hnet0", "router": {"id": 7, "name": "r7"}}'
t1=$EPOCHREALTIME
printf '%s\n' "$OUT" > "$TMPD/new.json"
if [ "$RC" -ne 0 ]; then
	fail "new and get requests" "cli.py exited $RC" "$OUT" "$ERR"
else
	ok "new and get requests"
fi
# One python start (with contention), in ms: the subscriber's sleep below
# scales with it.
ms=$(( (${t1/./} - ${t0/./}) / 1000 ))
log "one CLI run: $ms ms"

wait "$P1"
rc=$?
if [ "$rc" -ne 0 ]; then
	fail "spec validates against $PROTO.yaml, the CLI loads it" "cli.py exited $rc" \
		"$(cat "$TMPD/msgs.err")"
else
	ok "spec validates against $PROTO.yaml, the CLI loads it"
fi
# "NAME  [ MODE, MODE ]" (the modes are a set: sorted here).
msgs=
while read -r name _ modes; do
	modes=${modes%]}
	IFS=', ' read -r -a m <<< "$modes"
	[ ${#m[@]} -gt 0 ] && mapfile -t m < <(printf '%s\n' "${m[@]}" | sort)
	msgs+="$name:${m[*]} "
done < "$TMPD/msgs"
expect_eq "operations and notifications the CLI knows" "$msgs" \
"unspec: dev-get:do dump dev-set:do network-new:do network-del:do \
network-get:do dump port-new:do port-del:do port-get:do dump remote-new:do \
remote-del:do remote-get:do dump flood-new:do flood-del:do flood-get:do dump \
dev-set-ntf:notify network-new-ntf:notify network-del-ntf:notify \
port-new-ntf:notify port-del-ntf:notify remote-new-ntf:notify \
remote-del-ntf:notify flood-new-ntf:notify flood-del-ntf:notify dev-del:event \
peer-new:do peer-del:do peer-get:do dump router-new:do router-del:do \
router-get:do dump router-iface-new:do router-iface-del:do \
router-iface-get:do dump route-new:do route-del:do peer-new-ntf:notify \
peer-del-ntf:notify router-new-ntf:notify router-del-ntf:notify \
router-iface-new-ntf:notify router-iface-del-ntf:notify route-new-ntf:notify \
route-del-ntf:notify route-get:do dump miss:event gateway-new:do \
gateway-del:do gateway-new-ntf:notify gateway-del-ntf:notify \
gateway-get:do dump fip-new:do fip-del:do fip-new-ntf:notify \
fip-del-ntf:notify fip-get:do dump l2gw-new:do l2gw-del:do \
l2gw-new-ntf:notify l2gw-del-ntf:notify l2gw-get:do dump l2gw-mac-new:event \
l2gw-mac-del:event l2gw-mac-get:do dump "

# --- dumps and refusals, in parallel ------------------------------------
section "dumps, refusals"
pids=()
for d in "dev-get {}" \
	 "network-get {\"ifname\": \"hnet0\"}" \
	 "port-get {\"ifname\": \"hnet0\", \"network\": {\"id\": 1}}" \
	 "remote-get {\"ifname\": \"hnet0\", \"remote\": {\"network-id\": 2}}" \
	 "flood-get {\"ifindex\": $IDX}" \
	 "router-get {\"ifname\": \"hnet0\"}"; do
	ynl --dump "${d%% *}" --json "${d#* }" > "$TMPD/dump-${d%% *}" 2>&1 &
	pids+=($!)
done
ynl --do network-new --json '{"ifname": "hnet0", "network": {"id": 3, "vni": 100}}' \
	> "$TMPD/refused-vni" 2>&1 &
pids+=($!)
ynl --do port-get --json '{"ifname": "vm1", "port": {"ifname": "vm1"}}' \
	> "$TMPD/refused-dev" 2>&1 &
pids+=($!)
ynl --do router-new --json '{"ifname": "hnet0", "router": {"id": 7}}' \
	> "$TMPD/refused-router" 2>&1 &
pids+=($!)
# A prefix length hnetctl cannot send.
ynl --do router-iface-new --json '{"ifname": "hnet0", "router-iface": {"router-id": 7, "network-id": 1, "gw": 167772417, "prefixlen": 33}}' \
	> "$TMPD/refused-plen" 2>&1 &
pids+=($!)
# A peer-del naming more than the key (192.0.2.9 and a DVR MAC), a route
# lookup with a prefix: each command takes only what it uses.
ynl --do peer-del --json '{"ifname": "hnet0", "peer": {"vtep": 3221226057, "dvr-mac": "02000000fe09"}}' \
	> "$TMPD/refused-peer-key" 2>&1 &
pids+=($!)
ynl --do route-get --json '{"ifname": "hnet0", "route": {"router-id": 7, "lookup": 167772417, "prefix": 167772160, "prefixlen": 24}}' \
	> "$TMPD/refused-lookup" 2>&1 &
pids+=($!)
rcs=
for p in "${pids[@]}"; do
	wait "$p"
	rcs+="$? "
done
expect_eq "dumps succeed, refusals exit 1" "$rcs" "0 0 0 0 0 0 1 1 1 1 1 1 "

# --- the subscriber -------------------------------------------------------
# It sleeps through the changes below and then prints what it received. It
# has joined the group when its socket (port id = its pid) shows a group in
# /proc/net/netlink (hnet's group id is small: one of the first 32).
section "subscriber"
SLEEP=$(( (ms * 2 + 999) / 1000 + 10 ))
[ "$SLEEP" -gt 120 ] && SLEEP=120
bg_start SUB "$TMPD/sub" ip netns exec "$HV" "$PYTHON" "$YNL_CLI" --spec "$SPEC" \
	--no-schema --output-json --subscribe events --sleep "$SLEEP"
joined=0
deadline=$((SECONDS + 90))
while [ $SECONDS -lt $deadline ]; do
	if [ -r "/proc/$SUB/net/netlink" ]; then
		while read -r _ eth pid groups _; do
			if [ "$eth" = 16 ] && [ "$pid" = "$SUB" ] &&
			   [ "$groups" != 00000000 ]; then
				joined=1
			fi
		done < "/proc/$SUB/net/netlink"
	fi
	[ $joined = 1 ] && break
	kill -0 "$SUB" 2> /dev/null || break
	sleep 0.2
done
sub_start=$SECONDS
if [ $joined = 1 ]; then
	ok "subscriber joined the events group (sleeps $SLEEP s)"
else
	fail "subscriber joined the events group" "not after 90 s" "$(cat "$TMPD/sub.err")"
fi

# --- changes: dev-set, del, new, a refusal; the device's deletion -------
# The last request asks for the deleted network 1: refused, which also
# shows that the dels before it were done.
section "dev-set, del, new"
run ynl --multi dev-set '{"ifname": "hnet0", "dev": {"dstport": 4791, "max-ports": 200}}' \
	--multi port-del '{"ifname": "hnet0", "port": {"ifname": "vm1"}}' \
	--multi remote-del '{"ifname": "hnet0", "remote": {"network-id": 1, "mac": "020000000101"}}' \
	--multi flood-del '{"ifname": "hnet0", "flood": {"network-id": 1, "vtep": '$IP_B'}}' \
	--multi network-del '{"ifname": "hnet0", "network": {"id": 1}}' \
	--multi network-new '{"ifname": "hnet0", "network": {"id": 3, "vni": 300, "name": "green", "mtu": 9000}}' \
	--multi port-new '{"ifname": "hnet0", "port": {"ifindex": '$VIDX', "network-id": 3, "mac": "020000000003", "security": 0}}' \
	--multi remote-new '{"ifname": "hnet0", "remote": {"network-id": 3, "mac": "020000000301", "vtep": '$IP_B'}}' \
	--multi flood-new '{"ifname": "hnet0", "flood": {"network-id": 3, "vtep": '$IP_C'}}' \
	--multi router-iface-new '{"ifname": "hnet0", "router-iface": {"router-id": 7, "network-id": 3, "gw": 167968769, "prefixlen": 24}}' \
	--multi network-get '{"ifname": "hnet0", "network": {"id": 1}}'
printf '%s\n' "$OUT" > "$TMPD/refused-gone"
expect_eq "changes done, the get of the deleted network refused (exit 1)" "$RC" 1
# A miss: vm1 (now on network 3) sends to its gateway for 10.3.0.99, which
# no port or remote has.
{
	echo "addr add 10.3.0.5/24 dev eth0"
	echo "neigh replace 10.3.0.1 lladdr 0a:00:07:00:00:03 dev eth0 nud permanent"
	echo "route add 10.3.0.99/32 via 10.3.0.1"
} > "$TMPD/vm1.ipb"
setup ip -n "$VM1" -b "$TMPD/vm1.ipb"
check_not "vm1 -> 10.3.0.99 through its gateway: nobody has it" \
	ip netns exec "$VM1" ping -n -c 1 -W 1 10.3.0.99
check "hnet0 deleted (networks 2 and 3 with it)" ip -n "$HV" link del hnet0
if kill -0 "$SUB" 2> /dev/null; then
	ok "subscriber still listening when the device went ($((SECONDS - sub_start)) s of $SLEEP)"
else
	fail "subscriber still listening when the device went" \
		"it ended after $((SECONDS - sub_start)) s of its $SLEEP s sleep"
fi
wait "$SUB"
expect_eq "subscriber exits 0" "$?" 0

# --- the checks, one jq run -------------------------------------------------
section "decoded values"
# Objects as the kernel sends them (keys sorted for the comparison).
# DEV: the device without dstport, max-ports, generation and "}".
DEV='{"ifindex": '$IDX', "ifname": "hnet0", "vtep": "192.0.2.1", "host-mac": "02:aa:bb:cc:dd:ee", "source-check": 0, "max-networks": 100, "max-remotes": 131072, "max-floods": 1024, "max-peers": 4096, "max-routers": 4096, "max-routes": 1024'
Z='"rx-packets": 0, "rx-bytes": 0, "tx-packets": 0, "tx-bytes": 0, "drops": 0, "drop-spoofed": 0, "drop-unknown-vni": 0, "drop-malformed": 0, "drop-mtu": 0, "drop-no-dest": 0, "drop-unknown-vtep": 0, "drop-control": 0'
NW1='{"id": 1, "vni": 100, "name": "blue", "mtu": 1400}'
NW2='{"id": 2, "vni": 16777215, "name": "", "mtu": 1450}'
PORT='{"ifindex": '$VIDX', "ifname": "vm1", "network-id": 1, "mac": "02:00:00:00:00:01", "security": 1, "ip": ["10.0.0.1", "10.0.0.2"], "ip6": ["2001:db8::1"], "allowed": [{"addr": "10.0.1.0", "prefixlen": 24, "mac": "02:00:00:00:00:09"}, {"addr6": "2001:db8:1::", "prefixlen": 64, "mac": "02:00:00:00:00:01"}]}'
RM1='{"network-id": 1, "mac": "02:00:00:00:01:01", "vtep": "192.0.2.2", "ip": ["10.0.0.5"]}'
RM2='{"network-id": 2, "mac": "02:00:00:00:02:01", "vtep": "192.0.2.3", "ip6": ["2001:db8::5"]}'
FL='{"network-id": 1, "vtep": "192.0.2.2"}'
NW3='{"id": 3, "vni": 300, "name": "green", "mtu": 9000}'
PORT3='{"ifindex": '$VIDX', "ifname": "vm1", "network-id": 3, "mac": "02:00:00:00:00:03", "security": 0}'
RM3='{"network-id": 3, "mac": "02:00:00:00:03:01", "vtep": "192.0.2.2"}'
FL3='{"network-id": 3, "vtep": "192.0.2.3"}'
RT7='{"id": 7, "name": "r7"}'
IF3='{"router-id": 7, "network-id": 3, "gw": "10.3.0.1", "prefixlen": 24, "mac": "0a:00:07:00:00:03"}'
MISS='{"router-id": 7, "network-id": 3, "ip": "10.3.0.99"}'
RZ='"routed-packets": 0, "routed-bytes": 0, "icmp-echo-reply": 0, "icmp-time-exceeded": 0, "icmp-net-unreach": 0, "icmp-frag-needed": 0, "icmp-host-unreach": 0, "drops": 0, "drop-no-neigh": 0, "drop-no-route": 0, "drop-ttl": 0, "drop-mtu": 0'
top()	# top NEST OBJ: the message of one object
{
	echo '{"ifindex": '$IDX', "ifname": "hnet0", "'"$1"'": '"$2"'}'
}
with_stats()	# with_stats OBJ: OBJ with zero counters
{
	echo "${1%\}}, \"stats\": {$Z}}"
}
ntf()	# ntf NAME NEST OBJ
{
	echo '{"name": "'"$1"'", "msg": '"$(top "$2" "$3")"'}'
}

CHECKS=()
# jq_check DESC FILTER WANT: FILTER over $new (the first --multi's
# replies), $dump_dev_get ... $dump_flood_get, $sub (each slurped: an array
# of its output lines); WANT is JSON.
jq_check()
{
	CHECKS+=("$1" "$2" "$3")
}

jq_check "dev-set: no reply; network-new, port-new, remote-new, flood-new: replies" \
	'$new[0][0:7]' \
	"[null, $(top network "$NW1"), $(top network "$NW2"), $(top port "$PORT"), $(top remote "$RM1"), $(top remote "$RM2"), $(top flood "$FL")]"
jq_check "dev-get do: the device with its counters" '$new[0][7]' \
	"$(top dev "$(with_stats "$DEV, \"dstport\": 4790, \"max-ports\": 4096, \"generation\": 8}")")"
jq_check "network-get do: with counters" '$new[0][8]' "$(top network "$(with_stats "$NW1")")"
jq_check "port-get do (by ifindex): with counters" '$new[0][9]' "$(top port "$(with_stats "$PORT")")"
jq_check "remote-get do" '$new[0][10]' "$(top remote "$RM1")"
jq_check "flood-get do" '$new[0][11]' "$(top flood "$FL")"
jq_check "router-new: reply" '$new[0][12]' "$(top router "$RT7")"
jq_check "router-get dump: the router with its counters" '$dump_router_get' \
	"[[$(top router "${RT7%\}}, \"stats\": {$RZ}}")]]"
jq_check "dev-get dump: the namespace's one hnet device" '$dump_dev_get' \
	"[[$(top dev "$(with_stats "$DEV, \"dstport\": 4790, \"max-ports\": 4096, \"generation\": 9}")")]]"
jq_check "network-get dump" '$dump_network_get | .[0] |= sort_by(.network.id)' \
	"[[$(top network "$(with_stats "$NW1")"), $(top network "$(with_stats "$NW2")")]]"
jq_check "port-get dump, network 1" '$dump_port_get' "[[$(top port "$(with_stats "$PORT")")]]"
jq_check "remote-get dump, network-id 2" '$dump_remote_get' "[[$(top remote "$RM2")]]"
jq_check "flood-get dump (device by ifindex)" '$dump_flood_get' "[[$(top flood "$FL")]]"
# The device's deletion removes network 2 (its remote first), then
# network 3 (port, remote, flood entry, then the network), then the device.
jq_check "subscriber: every notification, in order, decoded" '$sub' \
	"[[$(ntf dev-set-ntf dev "$DEV, \"dstport\": 4791, \"max-ports\": 200, \"generation\": 10}"), \
$(ntf port-del-ntf port "$PORT"), $(ntf remote-del-ntf remote "$RM1"), \
$(ntf flood-del-ntf flood "$FL"), $(ntf network-del-ntf network "$NW1"), \
$(ntf network-new-ntf network "$NW3"), $(ntf port-new-ntf port "$PORT3"), \
$(ntf remote-new-ntf remote "$RM3"), $(ntf flood-new-ntf flood "$FL3"), \
$(ntf router-iface-new-ntf router-iface "$IF3"), $(ntf miss miss "$MISS"), \
$(ntf router-iface-del-ntf router-iface "$IF3"), \
$(ntf router-del-ntf router "$RT7"), $(ntf remote-del-ntf remote "$RM2"), $(ntf network-del-ntf network "$NW2"), \
$(ntf port-del-ntf port "$PORT3"), $(ntf remote-del-ntf remote "$RM3"), \
$(ntf flood-del-ntf flood "$FL3"), $(ntf network-del-ntf network "$NW3"), \
$(ntf dev-del dev "$DEV, \"dstport\": 4791, \"max-ports\": 200, \"generation\": 27}")]]"

# One jq program: for each check, its result and its want (sorted keys).
prog=
args=()
for ((i = 0; i < ${#CHECKS[@]}; i += 3)); do
	args+=(--arg "w$i" "${CHECKS[i + 2]}")
	prog+="(try [${CHECKS[i + 1]}] catch \"jq: \\(.)\"), (\$w$i | try (fromjson | [.]) catch \"bad want: \\(.)\"),"
done
prog+='empty'
for d in dev-get network-get port-get remote-get flood-get router-get; do
	args+=(--slurpfile "dump_${d//-/_}" "$TMPD/dump-$d")
done
jq -n -S -c --slurpfile new "$TMPD/new.json" \
	--slurpfile sub "$TMPD/sub" "${args[@]}" "$prog" \
	> "$TMPD/checks" 2>&1 || log "jq: $(cat "$TMPD/checks")"
mapfile -t res < "$TMPD/checks"
for ((i = 0, j = 0; i < ${#CHECKS[@]}; i += 3, j += 2)); do
	expect_eq "${CHECKS[i]}" "${res[j]}" "${res[j + 1]}"
done

# Refusals: errno text, and the extack as the CLI prints it (the message,
# the attribute path it decoded from the offset; "bad-attr-offs" when it
# could not).
section "refusals"
extack()	# extack FILE: ERRNO|MSG|BAD-ATTR from the CLI's error print
{
	local out

	slurp "$1" out
	EXT="${out%%$'\n'*}|"
	[[ "$out" =~ \'msg\':\ \'([^\']*)\' ]] && EXT+=${BASH_REMATCH[1]}
	EXT+="|"
	[[ "$out" =~ \'bad-attr\':\ \'([^\']*)\' ]] && EXT+=${BASH_REMATCH[1]}
}
extack "$TMPD/refused-vni"
expect_eq "network-new with a VNI in use: EEXIST, extack at .network.vni" "$EXT" \
	"Netlink error: File exists|VNI already used by another network|.network.vni"
extack "$TMPD/refused-dev"
expect_eq "a request naming a netdev that is no hnet device: EINVAL, extack at .ifname" "$EXT" \
	"Netlink error: Invalid argument|not an hnet device|.ifname"
extack "$TMPD/refused-router"
expect_eq "router-new with an id in use: EEXIST, extack at .router.id" "$EXT" \
	"Netlink error: File exists|router id already exists|.router.id"
extack "$TMPD/refused-plen"
expect_eq "router-iface-new with prefix length 33: EINVAL, extack at .router-iface.prefixlen" "$EXT" \
	"Netlink error: Invalid argument|subnet prefix length must be 1..32|.router-iface.prefixlen"
extack "$TMPD/refused-peer-key"
expect_eq "peer-del with a DVR MAC: EINVAL, extack at .peer.dvr-mac" "$EXT" \
	"Netlink error: Invalid argument|Unsupported attribute|.peer.dvr-mac"
extack "$TMPD/refused-lookup"
expect_eq "route-get with a lookup and a prefix: EINVAL, extack at .route.lookup" "$EXT" \
	"Netlink error: Invalid argument|a lookup takes an address, not a prefix|.route.lookup"
extack "$TMPD/refused-gone"
expect_eq "network-get of the network just deleted: ENOENT, extack at .network.id" "$EXT" \
	"Netlink error: No such file or directory|unknown network|.network.id"

# --- the external network, driven by the CLI -------------------------------
# A new device (the one above is gone) with a router on vm1's network; the
# CLI sets the router's gateway and a floating IP, reads them back, and is
# refused a floating IP for an address no port has.
section "gateway and floating IP through the CLI"
dev_add "$HV" hnet0
setup ip -n "$HV" link add ext0 type veth peer name ext0p
setup hn "$HV" network add 1 vni 100
setup hn "$HV" port add vm1 network 1 mac 02:00:00:00:00:01 ip 10.0.0.1
setup hn "$HV" router add 7
setup hn "$HV" router iface add 7 network 1 gw 10.0.0.254/24
FIP=3405803786		# 203.0.113.10
run ynl \
	--multi gateway-new '{"ifname": "hnet0", "gateway": {"router-id": 7, "ifname": "ext0", "nexthop": 3405803777}}' \
	--multi fip-new '{"ifname": "hnet0", "fip": {"addr": '$FIP', "fixed": 167772161, "network-id": 1}}' \
	--multi fip-get '{"ifname": "hnet0", "fip": {"addr": '$FIP'}}' \
	--multi gateway-get '{"ifname": "hnet0", "gateway": {"router-id": 7}}'
if [ "$RC" -ne 0 ]; then
	fail "gateway-new, fip-new, fip-get, gateway-get" "cli.py exited $RC" "$OUT" "$ERR"
else
	printf '%s\n' "$OUT" > "$TMPD/ext.json"
	expect_eq "gateway-new, fip-new, fip-get, gateway-get: the replies name router 7 and network 1" \
		"$(jq -c '[.[1].fip["router-id"], .[2].fip["network-id"], .[2].fip.stats["in-packets"], .[3].gateway["router-id"]]' "$TMPD/ext.json")" \
		"[7,1,0,7]"
fi
expect_out "hnetctl sees the gateway" "gateway 7 ext-dev ext0 gw 203.0.113.1" hn "$HV" gateway show
expect_out "and the floating IP" "fip 203.0.113.10 fixed 10.0.0.1 network 1 router 7" hn "$HV" fip show
ynl --do fip-new --json '{"ifname": "hnet0", "fip": {"addr": '$FIP', "fixed": 167772161, "network-id": 1}}' \
	> "$TMPD/refused-fip" 2>&1
extack "$TMPD/refused-fip"
expect_eq "fip-new for 203.0.113.10 again: EEXIST, extack at .fip.addr" "$EXT" \
	"Netlink error: File exists|address is already a floating IP|.fip.addr"
run ynl --do fip-del --json '{"ifname": "hnet0", "fip": {"addr": '$FIP'}}'
check "fip-del through the CLI" test "$RC" -eq 0
expect_out "the floating IP is gone" "" hn "$HV" fip show

# --- L2 gateways, driven by the CLI --------------------------------------------
# The CLI bridges network 1 to VLAN 100 of a trunk, reads it back (with its
# counters) and the (empty) learned MACs, is refused the same VLAN for
# another network and VLAN 4095, and deletes it.
section "L2 gateway through the CLI"
setup ip -n "$HV" link add trunk0 type veth peer name trunk0p
setup hn "$HV" network add 2 vni 200
run ynl \
	--multi l2gw-new '{"ifname": "hnet0", "l2gw": {"network-id": 1, "ifname": "trunk0", "vlan": 100, "ageing": 30}}' \
	--multi l2gw-get '{"ifname": "hnet0", "l2gw": {"network-id": 1, "ifname": "trunk0"}}'
if [ "$RC" -ne 0 ]; then
	fail "l2gw-new, l2gw-get" "cli.py exited $RC" "$OUT" "$ERR"
else
	printf '%s\n' "$OUT" > "$TMPD/l2gw.json"
	expect_eq "l2gw-new, l2gw-get: network 1, VLAN 100, ageing 30, no MAC, counters" \
		"$(jq -c '[.[0].l2gw["network-id"], .[1].l2gw.vlan, .[1].l2gw.ageing, .[1].l2gw.macs, .[1].l2gw.stats.learned]' "$TMPD/l2gw.json")" \
		"[1,100,30,0,0]"
fi
run ynl --dump l2gw-get --json '{"ifname": "hnet0"}'
expect_eq "l2gw-get dump: the one L2 gateway" "$(jq -c '[.[] | .l2gw.ifname]' <<< "$OUT" 2>&1)" '["trunk0"]'
run ynl --dump l2gw-mac-get --json '{"ifname": "hnet0"}'
expect_eq "l2gw-mac-get dump: nothing learned" "$RC $OUT" "0 []"
expect_out "hnetctl sees it" "l2gw network 1 ifname trunk0 vlan 100 ageing 30 max-macs 4096 macs 0" \
	hn "$HV" l2gw show
ynl --do l2gw-new --json '{"ifname": "hnet0", "l2gw": {"network-id": 2, "ifname": "trunk0", "vlan": 100}}' \
	> "$TMPD/refused-l2gw" 2>&1
extack "$TMPD/refused-l2gw"
expect_eq "l2gw-new, VLAN 100 of trunk0 again: EEXIST, extack at .l2gw.vlan" "$EXT" \
	"Netlink error: File exists|the VLAN is already bridged on this NIC|.l2gw.vlan"
ynl --do l2gw-new --json '{"ifname": "hnet0", "l2gw": {"network-id": 2, "ifname": "trunk0", "vlan": 4095}}' \
	> "$TMPD/refused-vid" 2>&1
extack "$TMPD/refused-vid"
expect_eq "l2gw-new, VLAN 4095: ERANGE, extack at .l2gw.vlan" "$EXT" \
	"Netlink error: Numerical result out of range|integer out of range|.l2gw.vlan"
run ynl --do l2gw-del --json '{"ifname": "hnet0", "l2gw": {"network-id": 1, "ifname": "trunk0"}}'
check "l2gw-del through the CLI" test "$RC" -eq 0
expect_out "the L2 gateway is gone" "" hn "$HV" l2gw show

ksft_exit
