#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Test topology for the hnet datapath tests and the demo (spec section 8).
# Source lib.sh first, then this file.
#
#   topo_underlay                   the underlay: bridge br0 in namespace $UL
#   topo_hv N [native]              hypervisor N: namespace HV_NS[N], underlay
#                                   link ul0 with 192.0.2.N/24, and hnet0 (or,
#                                   with "native", a Linux bridge + vxlan device
#                                   per network, like Neutron's Linux-bridge
#                                   agent)
#   topo_net ID VNI [MTU]           a tenant network (created on every hnet HV)
#   topo_vm NAME HV NET MAC IP [PORTARGS...]
#                                   a VM: namespace VM_NS[NAME], eth0 (MAC, IP/24,
#                                   MTU of the network) in it, peer NAME in the
#                                   hypervisor, which becomes the hnet port
#                                   (PORTARGS: extra "port add" words)
#   topo_apply [nol2pop]            create it all: one "ip -b" per namespace, one
#                                   "hnetctl -b" per hnet HV (dev set vtep,
#                                   networks, ports and, unless nol2pop, the
#                                   remotes and flood entries l2population would
#                                   push: every VM of the network on another HV,
#                                   every other HV hosting the network)
#
# Routing (spec section 4): topo_peers gives every hnet HV its DVR MAC
# (dvr_mac N) and makes the others its peers; topo_router ID NET GW/PLEN...
# creates router ID with an interface on each network on every hnet HV (the
# gateway MAC derived: gw_mac ROUTER NET) and gives the VMs of those
# networks a default route via their gateway.
#
# Counters: stats_snap reads "hnetctl -j stats show" of every hnet HV into
# ST["N:dev.drop_mtu"], ST["N:net.ID.rx_packets"], ST["N:port.NAME.tx_packets"],
# ST["N:router.ID.routed_packets"];
# stats_save keeps it as the baseline ST0; expect_delta DESC KEY WANT checks
# ST[KEY] - ST0[KEY].
#
# Captures: cap_start NAME NS IFNAME [FILTER...] (tcpdump -w, in immediate
# mode: with TPACKET_V3 a frame may otherwise sit in a ring block that is
# not handed to tcpdump before it is stopped), cap_stop NAME,
# cap_count NAME [FILTER...] sets CAP_N (frames in the capture matching FILTER).

UL=
declare -A HV_NS HV_IP HV_KIND
HVS=()
declare -A NET_VNI NET_MTU
NETS=()
declare -A VM_NS VM_HV VM_NET VM_MAC VM_IP VM_ARGS
VMS=()
declare -A ST ST0
declare -A CAP_PID CAP_FILE

TOPO_PREFIX=192.0.2

topo_underlay()
{
	ns_create UL ul
	setup ip -n "$UL" link add br0 type bridge
	setup ip -n "$UL" link set br0 up
}

# topo_hv N [native]
topo_hv()
{
	local n=$1 ns

	ns_create ns "hv$n"
	HV_NS[$n]=$ns
	HV_IP[$n]=$TOPO_PREFIX.$n
	HV_KIND[$n]=${2:-hnet}
	HVS+=("$n")
}

# topo_net ID VNI [MTU]
topo_net()
{
	NET_VNI[$1]=$2
	NET_MTU[$1]=${3:-1450}
	NETS+=("$1")
}

# topo_vm NAME HV NET MAC IP [PORTARGS...]
topo_vm()
{
	local name=$1 ns

	ns_create ns vm
	VM_NS[$name]=$ns
	VM_HV[$name]=$2
	VM_NET[$name]=$3
	VM_MAC[$name]=$4
	VM_IP[$name]=$5
	shift 5
	VM_ARGS[$name]="$*"
	VMS+=("$name")
}

# hv_has_net HV NET: some VM of NET lives on HV.
hv_has_net()
{
	local v

	for v in "${VMS[@]}"; do
		[ "${VM_HV[$v]}" == "$1" ] && [ "${VM_NET[$v]}" == "$2" ] && return 0
	done
	return 1
}

# topo_l2pop_lines HV: the remote and flood lines (hnetctl batch syntax)
# l2population would give hnet hypervisor HV.
topo_l2pop_lines()
{
	local hv=$1 v h net

	for v in "${VMS[@]}"; do
		[ "${VM_HV[$v]}" == "$hv" ] && continue
		hv_has_net "$hv" "${VM_NET[$v]}" || continue
		echo "remote add network ${VM_NET[$v]} mac ${VM_MAC[$v]} ip ${VM_IP[$v]} vtep ${HV_IP[${VM_HV[$v]}]}"
	done
	for net in "${NETS[@]}"; do
		hv_has_net "$hv" "$net" || continue
		for h in "${HVS[@]}"; do
			[ "$h" == "$hv" ] && continue
			hv_has_net "$h" "$net" && echo "flood add network $net vtep ${HV_IP[$h]}"
		done
	done
}

topo_apply()
{
	local l2pop=1 h v ns net f

	[ "${1:-}" == nol2pop ] && l2pop=0
	# Underlay links.
	f=$TMPD/ipb.ul
	: > "$f"
	for h in "${HVS[@]}"; do
		echo "link add hv$h type veth peer name ul0 netns ${HV_NS[$h]}" >> "$f"
		echo "link set hv$h master br0 up" >> "$f"
	done
	setup ip -n "$UL" -b "$f"
	# Hypervisors: underlay address, hnet0 or bridges + vxlan, VM links.
	for h in "${HVS[@]}"; do
		f=$TMPD/ipb.hv$h
		{
			echo "addr add ${HV_IP[$h]}/24 dev ul0"
			echo "link set ul0 up"
			if [ "${HV_KIND[$h]}" == hnet ]; then
				echo "link add hnet0 type hnet"
				echo "link set hnet0 up"
			else
				for net in "${NETS[@]}"; do
					hv_has_net "$h" "$net" || continue
					echo "link add br$net type bridge"
					echo "link add vx$net type vxlan id ${NET_VNI[$net]} dstport 4789 local ${HV_IP[$h]} nolearning"
					echo "link set vx$net mtu ${NET_MTU[$net]} master br$net up"
					echo "link set br$net up"
				done
			fi
			for v in "${VMS[@]}"; do
				[ "${VM_HV[$v]}" == "$h" ] || continue
				net=${VM_NET[$v]}
				echo "link add name $v mtu ${NET_MTU[$net]} type veth peer name eth0 netns ${VM_NS[$v]}"
				if [ "${HV_KIND[$h]}" == hnet ]; then
					echo "link set dev $v up"
				else
					echo "link set dev $v master br$net up"
				fi
			done
		} > "$f"
		setup ip -n "${HV_NS[$h]}" -b "$f"
	done
	# VMs: MAC, MTU, address.
	for v in "${VMS[@]}"; do
		f=$TMPD/ipb.$v
		{
			echo "link set eth0 address ${VM_MAC[$v]} mtu ${NET_MTU[${VM_NET[$v]}]} up"
			echo "addr add ${VM_IP[$v]}/24 dev eth0"
		} > "$f"
		setup ip -n "${VM_NS[$v]}" -b "$f"
	done
	# hnet configuration, one batch per hypervisor.
	for h in "${HVS[@]}"; do
		f=$TMPD/hnb.hv$h
		if [ "${HV_KIND[$h]}" == hnet ]; then
			{
				echo "dev set vtep ${HV_IP[$h]}"
				for net in "${NETS[@]}"; do
					echo "network add $net vni ${NET_VNI[$net]} mtu ${NET_MTU[$net]}"
				done
				for v in "${VMS[@]}"; do
					[ "${VM_HV[$v]}" == "$h" ] || continue
					echo "port add $v network ${VM_NET[$v]} mac ${VM_MAC[$v]} ip ${VM_IP[$v]} ${VM_ARGS[$v]}"
				done
				[ $l2pop == 1 ] && topo_l2pop_lines "$h"
			} > "$f"
			setup "$HNETCTL" -n "${HV_NS[$h]}" -b "$f"
		elif [ $l2pop == 1 ]; then
			# Native peer: static fdb, like l2population with the
			# Linux-bridge agent.
			: > "$f"
			for v in "${VMS[@]}"; do
				[ "${VM_HV[$v]}" == "$h" ] && continue
				net=${VM_NET[$v]}
				hv_has_net "$h" "$net" || continue
				echo "fdb add ${VM_MAC[$v]} dev vx$net dst ${HV_IP[${VM_HV[$v]}]} self permanent" >> "$f"
			done
			for net in "${NETS[@]}"; do
				hv_has_net "$h" "$net" || continue
				for v in "${HVS[@]}"; do
					[ "$v" == "$h" ] && continue
					hv_has_net "$v" "$net" &&
						echo "fdb append 00:00:00:00:00:00 dev vx$net dst ${HV_IP[$v]} self permanent" >> "$f"
				done
			done
			[ -s "$f" ] && setup bridge -n "${HV_NS[$h]}" -b "$f"
		fi
	done
	return 0
}

# topo_static_neigh: every VM gets a permanent neighbour entry for every
# other VM of its network, so that it sends no ARP (requests or probes of
# entries learnt earlier) and counts stay exact.
topo_static_neigh()
{
	local v w f

	for v in "${VMS[@]}"; do
		f=$TMPD/neigh.$v
		: > "$f"
		for w in "${VMS[@]}"; do
			[ "$w" == "$v" ] && continue
			[ "${VM_NET[$w]}" == "${VM_NET[$v]}" ] || continue
			echo "neigh replace ${VM_IP[$w]} lladdr ${VM_MAC[$w]} dev eth0 nud permanent" >> "$f"
		done
		[ -s "$f" ] && setup ip -n "${VM_NS[$v]}" -b "$f"
	done
	return 0
}

# --- routing ------------------------------------------------------------------

declare -A NET_GW

# gw_mac ROUTER NET: the gateway MAC hnet derives, 0a:RR:RR:NN:NN:NN.
gw_mac()
{
	printf '0a:%02x:%02x:%02x:%02x:%02x' $((($1 >> 8) & 255)) $(($1 & 255)) \
		$((($2 >> 16) & 255)) $((($2 >> 8) & 255)) $(($2 & 255))
}

# dvr_mac HV: the DVR MAC (dev set host-mac) topo_peers gives hypervisor HV.
dvr_mac()
{
	printf '02:d0:00:00:00:%02x' "$1"
}

# topo_peers: every hnet HV gets its DVR MAC and knows every other one's.
topo_peers()
{
	local h p f

	for h in "${HVS[@]}"; do
		[ "${HV_KIND[$h]}" == hnet ] || continue
		f=$TMPD/peers.hv$h
		echo "dev set host-mac $(dvr_mac "$h")" > "$f"
		for p in "${HVS[@]}"; do
			[ "$p" != "$h" ] && [ "${HV_KIND[$p]}" == hnet ] &&
				echo "peer add ${HV_IP[$p]} dvr-mac $(dvr_mac "$p")" >> "$f"
		done
		setup "$HNETCTL" -n "${HV_NS[$h]}" -b "$f"
	done
}

# topo_router ID NET GW/PLEN [NET GW/PLEN]...: router ID, on every hnet HV,
# with an interface on each NET; the VMs of those networks route via it.
topo_router()
{
	local id=$1 h v net f

	shift
	f=$TMPD/router.$id
	echo "router add $id" > "$f"
	while [ $# -ge 2 ]; do
		echo "router iface add $id network $1 gw $2" >> "$f"
		NET_GW[$1]=${2%/*}
		shift 2
	done
	for h in "${HVS[@]}"; do
		[ "${HV_KIND[$h]}" == hnet ] &&
			setup "$HNETCTL" -n "${HV_NS[$h]}" -b "$f"
	done
	for v in "${VMS[@]}"; do
		net=${VM_NET[$v]}
		[ -n "${NET_GW[$net]}" ] || continue
		setup ip -n "${VM_NS[$v]}" route replace default via "${NET_GW[$net]}"
	done
}

# vmx VM CMD...: run CMD in the VM's namespace.
vmx()
{
	local v=$1

	shift
	ip netns exec "${VM_NS[$v]}" "$@"
}

# --- counters ---------------------------------------------------------------

# stats_snap: ST = the counters of every hnet hypervisor.
stats_snap()
{
	local h k val

	ST=()
	for h in "${HVS[@]}"; do
		[ "${HV_KIND[$h]}" == hnet ] || continue
		if ! "$HNETCTL" -n "${HV_NS[$h]}" -j stats show > "$TMPD/st.json" 2> "$TMPD/st.err"; then
			fail "stats show on hv$h" "$(< "$TMPD/st.err")"
			continue
		fi
		jq -r '.[0] | (.stats | to_entries[] | "dev.\(.key) \(.value)"),
			(.networks[] | .id as $i | .stats | to_entries[] | "net.\($i).\(.key) \(.value)"),
			(.ports[] | .ifname as $n | .stats | to_entries[] | "port.\($n).\(.key) \(.value)"),
			(.routers[] | .id as $i | .stats | to_entries[] | "router.\($i).\(.key) \(.value)")' \
			"$TMPD/st.json" > "$TMPD/st.txt" 2>&1
		while read -r k val; do
			ST["$h:$k"]=$val
		done < "$TMPD/st.txt"
	done
}

stats_save()
{
	local k

	ST0=()
	for k in "${!ST[@]}"; do
		ST0[$k]=${ST[$k]}
	done
}

# delta KEY: D = ST[KEY] - ST0[KEY] ("?" when the counter is missing).
delta()
{
	if [ -z "${ST[$1]+x}" ] || [ -z "${ST0[$1]+x}" ]; then
		D="?($1 missing)"
	else
		D=$((ST[$1] - ST0[$1]))
	fi
}

# expect_delta DESC KEY WANT
expect_delta()
{
	delta "$2"
	expect_eq "$1" "$D" "$3"
}

# log_deltas PATTERN: print the nonzero deltas of keys matching PATTERN.
log_deltas()
{
	local k out=

	for k in $(printf '%s\n' "${!ST[@]}" | sort); do
		# shellcheck disable=SC2053 # $1 is a glob pattern
		[[ "$k" == $1 ]] || continue
		delta "$k"
		[ "$D" != 0 ] && out+="$k +$D  "
	done
	log "deltas: ${out:-none}"
}

# --- captures ---------------------------------------------------------------

# cap_start NAME NS IFNAME [FILTER...]: tcpdump on IFNAME in NS, to a file;
# returns once tcpdump is listening.
cap_start()
{
	local name=$1 ns=$2 ifname=$3 pid i err

	shift 3
	CAP_FILE[$name]=$TMPD/cap.$name.pcap
	: > "$TMPD/cap.$name.log.err"
	bg_start pid "$TMPD/cap.$name.log" ip netns exec "$ns" \
		tcpdump -i "$ifname" -nn -U --immediate-mode -s 256 -w "${CAP_FILE[$name]}" "$@"
	CAP_PID[$name]=$pid
	for ((i = 0; i < 100; i++)); do
		slurp "$TMPD/cap.$name.log.err" err
		[[ "$err" == *"listening on"* ]] && return 0
		kill -0 "$pid" 2> /dev/null || break
		sleep 0.1
	done
	fail "tcpdump on $ifname ($name) starts" "$err"
	return 1
}

cap_stop()
{
	local pid=${CAP_PID[$1]}

	# Let frames in flight reach the capture before it ends.
	sleep 0.5
	kill -INT "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
}

# cap_count NAME [FILTER...]: CAP_N = frames of capture NAME matching FILTER.
cap_count()
{
	local name=$1

	shift
	CAP_N="?"
	tcpdump -r "${CAP_FILE[$name]}" -nn --count "$@" > "$TMPD/capc" 2> /dev/null
	slurp "$TMPD/capc" CAP_OUT
	[[ "$CAP_OUT" =~ ([0-9]+)\ packets? ]] && CAP_N=${BASH_REMATCH[1]}
}

# cap_show NAME [FILTER...]: log the frames (for diagnostics).
cap_show()
{
	local name=$1

	shift
	tcpdump -r "${CAP_FILE[$name]}" -nn -e "$@" > "$TMPD/caps" 2>&1
	log "$(head -n 20 "$TMPD/caps")"
}

# tcpdump filters on VXLAN frames: the inner Ethernet type at udp[28:2]
# (8 UDP + 8 VXLAN + 12 MACs), the VNI in udp[12:4] >> 8.
VXLAN_F="(udp dst port 4789)"
vxlan_vni_f()
{
	echo "(udp dst port 4789 and (udp[12:4] >> 8) = $1)"
}
VXLAN_ARP_F="(udp dst port 4789 and udp[28:2] = 0x0806)"

# --- traffic ----------------------------------------------------------------

# ping_n VM DST COUNT [ARGS...]: PING_RX = replies received.
ping_n()
{
	local v=$1 dst=$2 n=$3

	shift 3
	ip netns exec "${VM_NS[$v]}" ping -n -q -c "$n" -i 0.2 -W 2 "$@" "$dst" \
		> "$TMPD/ping" 2>&1
	slurp "$TMPD/ping" PING_OUT
	PING_RX=0
	[[ "$PING_OUT" =~ ([0-9]+)\ received ]] && PING_RX=${BASH_REMATCH[1]}
}

# expect_ping DESC VM DST COUNT: exactly COUNT replies to COUNT requests.
expect_ping()
{
	ping_n "$2" "$3" "$4"
	if [ "$PING_RX" == "$4" ]; then
		ok "$1"
	else
		fail "$1" "$PING_RX of $4 replies" "$PING_OUT"
	fi
}

# expect_no_ping DESC VM DST: no reply.
expect_no_ping()
{
	ping_n "$2" "$3" 2
	if [ "$PING_RX" == 0 ]; then
		ok "$1"
	else
		fail "$1" "$PING_RX replies" "$PING_OUT"
	fi
}

# A one-shot TCP exchange: the client sends N random bytes and half-closes,
# the server answers with their SHA-256 and the bytes reversed, the client
# checks both.  Data flows both ways in full-sized segments.
TCP_PY='
import hashlib, os, socket, sys
if sys.argv[1] == "server":
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", int(sys.argv[2])))
    s.listen(1)
    s.settimeout(60)
    print("listening", flush=True)
    c, peer = s.accept()
    c.settimeout(30)
    data = bytearray()
    while True:
        b = c.recv(65536)
        if not b:
            break
        data += b
    digest = hashlib.sha256(data).hexdigest()
    c.sendall(digest.encode() + b"\n" + bytes(data[::-1]))
    c.close()
    print("server: %d bytes from %s sha256 %s" % (len(data), peer[0], digest), flush=True)
else:
    n = int(sys.argv[4])
    payload = os.urandom(n)
    c = socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=30)
    c.sendall(payload)
    c.shutdown(socket.SHUT_WR)
    resp = bytearray()
    while True:
        b = c.recv(65536)
        if not b:
            break
        resp += b
    line, _, back = bytes(resp).partition(b"\n")
    good = line.decode() == hashlib.sha256(payload).hexdigest() and back == payload[::-1]
    print("client: sent %d bytes, got %d back, %s" % (n, len(back), "match" if good else "MISMATCH"))
    sys.exit(0 if good else 1)
'

# expect_tcp DESC SERVERVM SERVERIP CLIENTVM [BYTES]
expect_tcp()
{
	local desc=$1 sv=$2 sip=$3 cv=$4 n=${5:-200000} pid i out port=$((5000 + RANDOM % 1000))

	: > "$TMPD/tcps"
	bg_start pid "$TMPD/tcps" ip netns exec "${VM_NS[$sv]}" "$PYTHON" -c "$TCP_PY" server "$port"
	for ((i = 0; i < 100; i++)); do
		slurp "$TMPD/tcps" out
		[[ "$out" == *listening* ]] && break
		sleep 0.1
	done
	run ip netns exec "${VM_NS[$cv]}" timeout 60 "$PYTHON" -c "$TCP_PY" client "$sip" "$port" "$n"
	local crc=$RC cout="$OUT $ERR"
	wait "$pid" 2> /dev/null
	slurp "$TMPD/tcps" out
	if [ "$crc" -eq 0 ] && [[ "$cout" == *"got $n back, match"* ]] &&
	   [[ "$out" == *"server: $n bytes from ${VM_IP[$cv]} "* ]]; then
		ok "$desc"
	else
		fail "$desc" "client exit $crc: $cout" "server: $out $(cat "$TMPD/tcps.err" 2> /dev/null)"
	fi
}

# topo_require: the tools the datapath tests use.
topo_require()
{
	hnet_require ping tcpdump bridge "$@"
	[ -x "$PYTHON" ] || ksft_skip "no python3"
}

# topo_require_scapy: skip unless $PYTHON has scapy.
topo_require_scapy()
{
	"$PYTHON" -c 'import scapy' 2> /dev/null || ksft_skip "scapy not available to $PYTHON"
}
