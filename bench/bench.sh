#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hnet benchmark (make bench runs it in the QEMU guest): the same
# two-hypervisor topology built with hnet and with its peers, side by side
# (bench/topo.sh):
#
#   veth    a bare veth pair VM1 <-> VM2, no hypervisor: the limit
#   native  Neutron's Linux bridge agent: a bridge per network, with a
#           native vxlan device and l2population "bridge fdb" entries across
#           hosts ("bridge" same host, "bridge+vxlan" cross host); for the
#           L2 gateway figure ("bridge+vlan"), what one builds by hand: HV1's
#           VLAN device trunk0.100 in network 1's bridge, vlan_filtering on,
#           and a static "bridge fdb" entry on HV2 for the VLAN host's MAC
#   hnet    an hnet device per hypervisor, port security on (for the L2
#           gateway figure, network 1 bridged to VLAN 100 of HV1's trunk0
#           by "hnetctl l2gw add", the VLAN host's MAC a remote on HV2)
#   ovs     Neutron's Open vSwitch agent on the kernel datapath: br-int with
#           VLAN-tagged VM ports and the agent's anti-spoofing tables, br-tun
#           with a patch port, a vxlan port and the agent's tables 0/2/4/10/
#           20/22 with l2population flows for the remote MACs (no security
#           groups); one ovsdb-server + ovs-vswitchd per hypervisor namespace
#   qrouter Neutron's DVR on native's L2 (routed figures only): per
#           hypervisor a bridge + vxlan device per network and router 1's
#           qrouter namespace, one veth (qr-N) per network into its bridge
#           with the gateway IP and hnet's gateway MAC, ip_forward on, a
#           permanent neighbour entry for every VM; static bridge entries
#           stand in for DVR's MAC rewrite (bench/topo.sh says how)
#   neutron Neutron's DVR floating IP path on qrouter's topology (fip
#           figures only): VM1's floating IP through router 1's qrouter
#           namespace (policy routing "from VM1 lookup 16", the l3 agent's
#           iptables DNAT/SNAT on connection tracking), the rfp/fpr veth
#           pair and the fip namespace (fg on the external bridge with
#           proxy ARP for the floating IP), as the DVR l3 agent builds it
#           (bench/topo.sh says how)
#
# Metrics (-m):
#   pktgen-same   frames/s received by VM2 from VM1 (same hypervisor)
#   pktgen-cross  frames/s received by VM3 from VM1 (other hypervisor, VXLAN)
#   routed-same   (not by default) frames/s received by VM4 (network 2) from
#                 VM1 (network 1), routed by router 1 on VM1's hypervisor
#   routed-cross  (not by default) frames/s received by VM5 (network 2, the
#                 other hypervisor) from VM1, routed on VM1's hypervisor
#   fip-in        (not by default) frames/s received by VM1 from the outside
#                 host, sent to VM1's floating IP (north-south, inbound)
#   fip-out       (not by default) frames/s received by the outside host
#                 from VM1, source NATed to its floating IP (outbound)
#   l2gw-cross    (not by default) frames/s received by VM3 (network 1, the
#                 other hypervisor) from the VLAN host, a physical host on
#                 VLAN 100 of HV1's trunk NIC, through the L2 gateway on HV1
#   tcp-cross     iperf3 TCP Mbit/s VM1 -> VM3, GRO on both hypervisors'
#                 underlay devices
#   tcp-same, udp-same, udp-cross   (not by default) iperf3 TCP Mbit/s and
#                 64-byte UDP datagrams/s VM1 -> VM2 / VM3
#
# pktgen-*: a datapath-only measure. The kernel's packet generator (pktgen)
# sends COUNT 64-byte Ethernet frames (pkt_size 60 + 4 bytes FCS; UDP, src
# and dst port 9) on VM1's eth0, so that they enter the hypervisor's datapath
# through its veth peer: dst MAC and IP those of the destination VM, src MAC
# and IP VM1's (what port security allows). The figure is the rise of the
# destination eth0's rx_packets divided by the guest time from pktgen's
# first frame until every frame is through (the backlog empty). An untimed
# burst of WARM frames and one second first let bridges learn and OVS
# install its datapath flow. net.core.netdev_max_backlog is raised to
# 10 x COUNT for the run (and restored): with the default 1000 pktgen
# overruns the backlog while softirq work is deferred to ksoftirqd, and
# single runs come out 3-5 times low. Frames lost on the way are reported
# with the run. The underlay neighbours are permanent (with one-way traffic
# learned ones go stale and slow down the runs that catch it).
#
# routed-*: the same pktgen runs, with the frames a VM sends to another
# subnet: dst MAC the gateway MAC of VM1's network 1, dst IP the target
# VM's (VM4 or VM5 on network 2), src MAC and IP VM1's. Routed by hnet
# (hnet) or by the qrouter namespace (qrouter), on VM1's hypervisor.
#
# fip-*: the same pktgen runs, north-south through VM1's floating IP
# 203.0.113.11 on HV1, to and from the outside host O (203.0.113.1, the
# external network's gateway, at the other end of HV1's uplink ext0). In:
# pktgen on O's eth0, dst IP the floating IP, dst MAC the one that answered
# O's ARP for it (hnet's ext0, or Neutron's fg by proxy ARP), src O's;
# counted at VM1's eth0. Out: pktgen on VM1's eth0, dst IP and MAC as a VM
# sends to the outside (O's address, its gateway MAC), src VM1's fixed IP
# and MAC; counted at O's eth0. Translated by hnet (hnet) or by Neutron's
# qrouter and fip namespaces (neutron).
#
# l2gw-*: the same pktgen runs, from a physical host: the VLAN host P
# (10.1.0.30 on network 1's subnet, no VM's) at the other end of HV1's trunk
# NIC trunk0, a veth. pktgen on P's eth0 tags its frames with VLAN 100
# (pktgen's vlan_id; pkt_size 64, so that the frame is the other figures'
# 60 bytes once untagged), dst MAC and IP VM3's, src P's own; counted at
# VM3's eth0. Bridged to network 1 on HV1 by hnet's L2 gateway (hnet), or
# by trunk0.100 in network 1's bridge with its vxlan device (native,
# "bridge+vlan"), then VXLAN to HV2 as VM1's frames.
#
# REPS runs of every metric and variant, the variants in turn (which goes
# first rotates from run to run); every run is printed, then a table of all
# runs with the median of each, the ratios and whether hnet's goals are met:
#   same host  hnet >= 0.95 x veth
#   cross host hnet >= 1.3 x bridge+vxlan and >= 1.2 x ovs
#   TCP cross  hnet >= 1.0 x bridge+vxlan
#   routed same host   hnet >= 1.8 x qrouter
#   routed cross host  hnet >= 1.7 x qrouter, and >= 0.9 x hnet's own
#                      pktgen cross host (routing costs almost nothing)
#   floating IP in, out  hnet >= 2.0 x neutron
#   VLAN -> VM cross host  hnet >= 1.3 x bridge+vlan
# A benchmark, not a test: it exits 0 whatever it measures; a variant that
# cannot be built or does not pass traffic shows as "n/a".
#
# Profile (-P): after the timed runs, one more pktgen run of every pktgen-*,
# routed-*, fip-* and l2gw-* figure and variant under "perf record -a -e
# cpu-clock" (sampled on guest time, which in the icount VM counts
# instructions), and a table of where each variant spends its path:
# instructions per frame by kernel function (the functions above 1% of any
# variant; the rest summed), and hnet's own functions in total. A routed
# table also shows hnet's switched profile of the same figure (hnet-switch:
# pktgen-same for routed-same, pktgen-cross for routed-cross) when that one
# is measured too, and the l2gw table hnet's pktgen-cross (VM1's frames to
# VM3). Sampling costs a few percent: the profiled runs are not in the
# figures.
# Note: once ovs-vswitchd runs, connection tracking is on in every
# namespace of the boot (the bare veth pair's profile shows
# nf_conntrack_in), which lengthens every variant's path alike; "-p
# veth,native,hnet" measures without it.
#
# Usage: bench/bench.sh [-r REPS] [-c COUNT] [-t SECONDS] [-m METRIC,...]
#                       [-p VARIANT,...] [-P] [-v]
#   -r  runs of each metric and variant (default 5; env BENCH_REPS)
#   -c  pktgen frames per run (default 100000; env BENCH_COUNT); WARM is
#       COUNT / 100 (env BENCH_WARM)
#   -t  seconds per iperf3 run (default 1; env BENCH_TIME)
#   -m  metrics (default pktgen-same,pktgen-cross,tcp-cross; env
#       BENCH_METRICS)
#   -p  variants (default veth,native,qrouter,neutron,hnet,ovs; env
#       BENCH_VARIANTS); a variant without any of the figures is not built
#   -P  profile the pktgen, routed, fip and l2gw paths (needs perf:
#       Debian's linux-perf)
#   -v  print failures in full and the topologies
#
# Needs root, iproute2, ethtool, iperf3, jq, the pktgen module; hnet.ko
# loaded (or HNET_KO to load) and hnetctl (HNETCTL, else tool/hnetctl, else
# PATH) for hnet; openvswitch-switch and the openvswitch module for ovs;
# iptables for neutron.
# Runs on a real host too (sudo bench/bench.sh); it only touches the
# namespaces it creates (hb-*), its own OVS daemons and, while it runs,
# net.core.netdev_max_backlog.

export LC_ALL=C

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPS=${BENCH_REPS:-5}
COUNT=${BENCH_COUNT:-100000}
WARM=${BENCH_WARM:-}
SECS=${BENCH_TIME:-1}
METRICS=${BENCH_METRICS:-pktgen-same,pktgen-cross,tcp-cross}
PEERS=${BENCH_VARIANTS:-veth,native,qrouter,neutron,hnet,ovs}
VERBOSE=0
PROFILE=0

while getopts "r:c:t:m:p:Pvh" opt; do
	case $opt in
	r) REPS=$OPTARG ;;
	c) COUNT=$OPTARG ;;
	t) SECS=$OPTARG ;;
	m) METRICS=$OPTARG ;;
	p) PEERS=$OPTARG ;;
	P) PROFILE=1 ;;
	v) VERBOSE=1 ;;
	*)
		sed -n 's/^# \{0,1\}//; /^Usage:/,/^$/p' "$0" >&2
		exit 0
		;;
	esac
done
WARM=${WARM:-$((COUNT / 100 + 1))}

# shellcheck source=bench/topo.sh
source "$BENCH_DIR/topo.sh"

if [ -z "$HNETCTL" ]; then
	if [ -x "$BENCH_DIR/../tool/hnetctl" ]; then
		HNETCTL=$BENCH_DIR/../tool/hnetctl
	else
		HNETCTL=$(command -v hnetctl)
	fi
fi
if [ -z "$HNET_KO" ] && [ -f "$BENCH_DIR/../kmod/hnet.ko" ]; then
	HNET_KO=$BENCH_DIR/../kmod/hnet.ko
fi

ALL_VARIANTS="veth native qrouter neutron hnet ovs"
ALL_METRICS="pktgen-same pktgen-cross routed-same routed-cross fip-in fip-out l2gw-cross tcp-cross tcp-same udp-same udp-cross"
TMPD=$(mktemp -d /tmp/hnet-bench.XXXXXX)
TOPO_OVS_DIR=$TMPD/ovs
PIDS=()
VARIANTS=()
BACKLOG0=
declare -A NA VALS RUNS HOLDER FIPMAC

cleanup()
{
	local pid v

	for pid in "${PIDS[@]}"; do
		kill "$pid" 2> /dev/null
		wait "$pid" 2> /dev/null
	done
	for v in $ALL_VARIANTS; do
		topo_destroy "$v"
	done
	[ -n "$BACKLOG0" ] && sysctl -qw net.core.netdev_max_backlog="$BACKLOG0"
	rm -rf "$TMPD"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

say()
{
	echo "# $*"
}

IFS=, read -r -a MLIST <<< "$METRICS"
IFS=, read -r -a PLIST <<< "$PEERS"
for m in "${MLIST[@]}"; do
	if [[ " $ALL_METRICS " != *" $m "* ]]; then
		echo "bench: unknown metric '$m' (one of: $ALL_METRICS)"
		exit 0
	fi
done
for v in "${PLIST[@]}"; do
	if [[ " $ALL_VARIANTS " != *" $v "* ]]; then
		echo "bench: unknown variant '$v' (one of: $ALL_VARIANTS)"
		exit 0
	fi
done
for n in "$REPS" "$COUNT" "$WARM" "$SECS"; do
	if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then
		echo "bench: '$n' is not a positive number"
		exit 0
	fi
done

if [ "$(id -u)" -ne 0 ]; then
	echo "bench: needs root; nothing measured"
	exit 0
fi
for c in ip bridge ethtool iperf3 jq; do
	if ! command -v $c > /dev/null; then
		echo "bench: $c not installed; nothing measured"
		exit 0
	fi
done

# wanted VARIANT: whether the variant was asked for (-p)
wanted()
{
	[[ " ${PLIST[*]} " == *" $1 "* ]]
}

# has_metric PATTERN: whether a metric matching PATTERN is asked for (-m)
has_metric()
{
	local m

	for m in "${MLIST[@]}"; do
		# shellcheck disable=SC2053
		[[ $m == $1 ]] && return 0
	done
	return 1
}

# is_pktgen METRIC: whether pktgen measures it
is_pktgen()
{
	[[ $1 == pktgen-* || $1 == routed-* || $1 == fip-* || $1 == l2gw-* ]]
}

# has_pktgen: whether pktgen measures any of the figures asked for
has_pktgen()
{
	has_metric 'pktgen-*' || has_metric 'routed-*' || has_metric 'fip-*' ||
		has_metric 'l2gw-*'
}

# applies VARIANT METRIC: whether the variant has the figure (veth: not
# cross host; qrouter: only routed; neutron: only fip; hnet: all; native:
# neither routed nor fip; the others: neither routed, fip nor l2gw)
applies()
{
	case $1 in
	veth) [[ $2 != *-cross && $2 != routed-* && $2 != fip-* ]] ;;
	qrouter) [[ $2 == routed-* ]] ;;
	neutron) [[ $2 == fip-* ]] ;;
	hnet) true ;;
	native) [[ $2 != routed-* && $2 != fip-* ]] ;;
	*) [[ $2 != routed-* && $2 != fip-* && $2 != l2gw-* ]] ;;
	esac
}

# needed VARIANT: whether the variant has any of the figures asked for
needed()
{
	local m

	for m in "${MLIST[@]}"; do
		applies "$1" "$m" && return 0
	done
	return 1
}

# dst_vm METRIC: the VM that receives the figure's traffic (out: the
# outside host)
dst_vm()
{
	case $1 in
	routed-same) echo 4 ;;
	routed-cross) echo 5 ;;
	fip-in) echo $TOPO_FIP_VM ;;
	fip-out) echo out ;;
	*-same) echo 2 ;;
	*) echo 3 ;;
	esac
}

# src_vm METRIC: the VM that sends it (out: the outside host; vlan: the
# VLAN host)
src_vm()
{
	case $1 in
	fip-in) echo out ;;
	l2gw-*) echo vlan ;;
	*) echo 1 ;;
	esac
}

# dst_ip METRIC: where the sender addresses it
dst_ip()
{
	case $1 in
	fip-in) topo_fip_ip $TOPO_FIP_VM ;;
	fip-out) topo_out_ip ;;
	*) topo_vm_ip "$(dst_vm "$1")" ;;
	esac
}

# vm_ns VARIANT VM: the namespace of a VM (out: of the outside host;
# vlan: of the VLAN host)
vm_ns()
{
	case $2 in
	out | vlan) topo_ns "$1" "$2" ;;
	*) topo_ns "$1" "vm$2" ;;
	esac
}

# vm_name VM: a VM as the messages name it
vm_name()
{
	case $1 in
	out) echo "the outside host" ;;
	vlan) echo "the VLAN host" ;;
	*) echo "VM$1" ;;
	esac
}

# name VARIANT METRIC: the variant's name in the table
name()
{
	case $1 in
	native)
		case $2 in
		l2gw-*) echo bridge+vlan ;;
		*-cross) echo bridge+vxlan ;;
		*) echo bridge ;;
		esac
		;;
	*) echo "$1" ;;
	esac
}

# fmt METRIC VALUE: a figure as printed (Mbit/s with one decimal, frame
# and datagram rates as integers); other text unchanged.
fmt()
{
	if ! [[ $2 =~ ^[0-9.]+$ ]]; then
		echo "$2"
	elif [[ $1 == tcp-* ]]; then
		printf '%.1f\n' "$2"
	else
		printf '%.0f\n' "$2"
	fi
}

# ---- build the variants ---------------------------------------------------

start=$SECONDS
say "hnet benchmark: kernel $(uname -r), $(nproc) CPU(s), $REPS runs of each figure"
say "pktgen: $COUNT 64-byte frames per run (after $WARM untimed); iperf3: ${SECS}s per run"
say "ovs: Neutron's OVS agent flows on the kernel datapath, faithful (not simplified):"
say "  br-int 0/23/24/25/60 (local VLAN 1, ARP/MAC anti-spoofing, NORMAL),"
say "  br-tun 0/2/3/4/6/10/20/22 (learn, l2population unicast + flood flows),"
say "  no security groups (firewall_driver noop), no ARP responder"
if wanted qrouter && needed qrouter; then
	say "qrouter: Neutron's DVR qrouter namespace on bridges + vxlan, static fdb"
	say "  and neighbours, the gateway MACs on the tunnel (no DVR MAC rewrite)"
fi
if wanted neutron && needed neutron; then
	say "neutron: Neutron's DVR floating IP on qrouter's topology: the qrouter"
	say "  namespace (from-fixed-IP rule, table 16, the l3 agent's nat chains:"
	say "  DNAT/SNAT on conntrack), rfp/fpr veths, the fip namespace (fg with"
	say "  proxy ARP on the external bridge, notrack), permanent neighbours"
fi
if has_metric 'l2gw-*' && { wanted native || wanted hnet; }; then
	say "l2gw: the VLAN host on HV1's trunk0 (VLAN 100), network 1 bridged to it by"
	say "  hnet's L2 gateway, or by trunk0.100 in network 1's bridge (vlan_filtering"
	say "  on: VM1's frames on HV1 pass it too) with its vxlan device (bridge+vlan)"
fi
# hnet gets its external network only when a fip figure is asked for, hnet
# and native their VLAN host and L2 gateway only for an l2gw figure.
has_metric 'fip-*' && TOPO_FIP=1
has_metric 'l2gw-*' && TOPO_L2GW=1

if has_pktgen; then
	if ! modprobe pktgen 2> /dev/null && [ ! -d /proc/net/pktgen ]; then
		NA[pktgen]="pktgen module not available"
	elif [ ! -r /proc/timer_list ]; then
		NA[pktgen]="no /proc/timer_list (guest clock)"
	else
		BACKLOG0=$(sysctl -n net.core.netdev_max_backlog)
		sysctl -qw net.core.netdev_max_backlog=$((COUNT * 10))
	fi
fi

for v in "${PLIST[@]}"; do
	needed "$v" || continue
	case $v in
	hnet)
		if [ ! -d /sys/module/hnet ]; then
			modprobe hnet 2> /dev/null ||
			{ [ -n "$HNET_KO" ] && [ -f "$HNET_KO" ] &&
			  modprobe udp_tunnel 2> /dev/null &&
			  insmod "$HNET_KO" 2> /dev/null; }
		fi
		if [ ! -d /sys/module/hnet ] && ! topo_hnet_probe; then
			NA[hnet]="hnet module not loaded"
		elif ! topo_hnet_probe; then
			NA[hnet]="'ip link add type hnet' fails"
		elif [ -z "$HNETCTL" ] || [ ! -x "$HNETCTL" ]; then
			NA[hnet]="hnetctl not found"
		fi
		;;
	esac
	[ -n "${NA[$v]}" ] && continue
	if ! "topo_$v" > "$TMPD/topo-$v" 2>&1; then
		NA[$v]="topology setup failed: $(tail -n 3 "$TMPD/topo-$v" | tr '\n' ' ')"
	fi
done
say "topologies built ($((SECONDS - start))s)"

# vms_of VARIANT: the VMs that VM1 sends to in the figures asked for
vms_of()
{
	local m

	for m in "${MLIST[@]}"; do
		applies "$1" "$m" && dst_vm "$m"
	done | sort -u
}

# iperf3 servers (for iperf3 metrics) and a process that holds each
# destination VM's namespace, whose /proc/PID/net/dev gives its counters to
# pktgen runs. The first ping of each path resolves ARP and proves the path
# works before anything is timed.
for v in "${PLIST[@]}"; do
	{ ! needed "$v" || [ -n "${NA[$v]}" ]; } && continue
	for vm in $(vms_of "$v"); do
		if has_metric 'tcp-*' || has_metric 'udp-*'; then
			ip netns exec "$(vm_ns "$v" "$vm")" iperf3 -s \
				--rcv-timeout 10000 > "$TMPD/server-$v-$vm" 2>&1 &
			PIDS+=($!)
		fi
		if has_pktgen; then
			ip netns exec "$(vm_ns "$v" "$vm")" sleep 1000000 &
			PIDS+=($!)
			HOLDER[$v $vm]=$!
		fi
	done
done
# paths_of VARIANT: "SRC-VM DST-IP" of the figures asked for, once each
paths_of()
{
	local m

	for m in "${MLIST[@]}"; do
		applies "$1" "$m" && echo "$(src_vm "$m") $(dst_ip "$m")"
	done | sort -u
}

# A floating IP's figure from the outside is sent to the MAC that answered
# the outside host's ARP for it (through the ping that proved the path).
for v in "${PLIST[@]}"; do
	{ ! needed "$v" || [ -n "${NA[$v]}" ]; } && continue
	while read -r src ip; do
		for i in 1 2 3; do
			ip netns exec "$(vm_ns "$v" "$src")" ping -q -c 1 -W 2 \
				"$ip" > /dev/null 2>&1 && break
		done
		if [ "$i" = 3 ]; then
			NA[$v]="no ping from $(vm_name "$src") to $ip"
			break
		fi
	done < <(paths_of "$v")
	if [ -z "${NA[$v]}" ] && applies "$v" fip-in && has_metric fip-in; then
		FIPMAC[$v]=$(ip -n "$(topo_ns "$v" out)" neigh show \
			"$(topo_fip_ip $TOPO_FIP_VM)" dev eth0 |
			sed -n 's/.* lladdr \([0-9a-f:]*\).*/\1/p')
		[ -z "${FIPMAC[$v]}" ] &&
			NA[$v]="no ARP answer for $(topo_fip_ip $TOPO_FIP_VM) on the external network"
	fi
	[ -z "${NA[$v]}" ] && VARIANTS+=("$v")
done
for v in "${PLIST[@]}" pktgen; do
	[ -n "${NA[$v]}" ] && say "$v: n/a (${NA[$v]})"
done
if [ "$VERBOSE" = 1 ]; then
	for v in "${VARIANTS[@]}"; do
		[ "$v" = veth ] && continue
		for h in 1 2; do
			say "$v hv$h:"
			ip -n "$(topo_ns "$v" "hv$h")" -br link | sed 's/^/#   /'
			[ "$v" = ovs ] && topo_ovs_run $h ovs-ofctl -O OpenFlow13 \
				dump-flows br-tun --no-stats | sed 's/^/#   /'
			if [ "$v" = qrouter ] || [ "$v" = neutron ]; then
				say "$v rtr$h:"
				ip -n "$(topo_ns "$v" "rtr$h")" -br addr | sed 's/^/#   /'
			fi
		done
		if [ "$v" = neutron ]; then
			say "$v rtr1 rules, table $TOPO_FIP_RT_TBL, nat:"
			{
				ip -n "$(topo_ns "$v" rtr1)" rule
				ip -n "$(topo_ns "$v" rtr1)" route show table $TOPO_FIP_RT_TBL
				ip netns exec "$(topo_ns "$v" rtr1)" iptables -t nat -S
			} | sed 's/^/#   /'
			say "$v fip1:"
			{
				ip -n "$(topo_ns "$v" fip1)" -br addr
				ip -n "$(topo_ns "$v" fip1)" rule
				ip -n "$(topo_ns "$v" fip1)" route show table all type unicast
			} | sed 's/^/#   /'
		fi
		if [ -n "${FIPMAC[$v]}" ]; then
			say "$v: $(topo_fip_ip $TOPO_FIP_VM) is at ${FIPMAC[$v]} for the outside host"
		fi
	done
	if [[ " ${VARIANTS[*]} " == *" hnet "* ]]; then
		cmds="port show
router iface show"
		[ "$TOPO_FIP" = 1 ] && cmds="$cmds
gateway show
fip show"
		[ "$TOPO_L2GW" = 1 ] && cmds="$cmds
l2gw show"
		"$HNETCTL" -n "$(topo_ns hnet hv1)" -b - <<< "$cmds" | sed 's/^/#   /'
	fi
	if [[ " ${VARIANTS[*]} " == *" native "* ]] && [ "$TOPO_L2GW" = 1 ]; then
		say "native hv1 bridge VLANs, hv2 vxlan fdb:"
		{
			bridge -n "$(topo_ns native hv1)" vlan show
			bridge -n "$(topo_ns native hv2)" fdb show dev vxlan-$TOPO_VNI
		} | sed 's/^/#   /'
	fi
fi
# iperf3 servers need a moment before they accept.
sleep 1

# ---- measure ---------------------------------------------------------------

mkfifo "$TMPD/fifo"

# The pktgen run, inside VM1's namespace (one process: everything in it is a
# shell builtin, so that the shell itself costs next to nothing while
# frames flow). Arguments: COUNT WARM HOLDER-PID DST-IP DST-MAC SRC-IP
# SRC-MAC FIFO [VLAN]; with VLAN, the frames carry an 802.1Q tag with that
# VLAN id, and 4 bytes more (the same frames once untagged). Prints "ok
# FRAMES NANOSECONDS LOST" or "error: ...".
# shellcheck disable=SC2016
PKTGEN_RUN='
count=$1 warm=$2 pid=$3 dip=$4 dmac=$5 sip=$6 smac=$7 vlan=$9
pg=/proc/net/pktgen
exec 9<> "$8" || exit 1
fail() { echo "error: $*"; exit 1; }
pgset() { echo "$2" 2> /dev/null > "$pg/$1" || fail "pktgen $1: \"$2\" refused"; }
# RX: rx_packets of the destination eth0
rx() {
	local n b p r
	RX=
	while read -r n b p r; do
		[ "$n" = eth0: ] && RX=$p
	done < "/proc/$pid/net/dev"
	[ -n "$RX" ] || fail "no eth0 in the destination namespace"
}
# BL, DROP: frames in the CPUs backlogs, dropped from them so far
backlog() {
	local -a f
	BL=0 DROP=0
	while read -r -a f; do
		BL=$((BL + 16#${f[11]:-0})) DROP=$((DROP + 16#${f[1]}))
	done < /proc/net/softnet_stat
}
drain() {
	backlog
	while [ $BL -gt 0 ]; do
		read -r -t 0.005 -u 9
		backlog
	done
}
# NOW: CLOCK_MONOTONIC in ns (pktgen reports its start on that clock)
now() {
	local l
	NOW=
	while read -r l; do
		case $l in "now at "*) l=${l#now at }; NOW=${l%% *}; break ;; esac
	done < /proc/timer_list
	[ -n "$NOW" ] || fail "no time in /proc/timer_list"
}
pgset kpktgend_0 rem_device_all
pgset kpktgend_0 "add_device eth0"
size=60 tag=
[ -n "$vlan" ] && size=64 tag="vlan_id $vlan"
for c in "count $warm" "clone_skb 0" "burst 1" "pkt_size $size" "delay 0" \
	 "dst_mac $dmac" "src_mac $smac" "dst $dip" "src_min $sip" \
	 "src_max $sip" "udp_src_min 9" "udp_src_max 9" "udp_dst_min 9" \
	 "udp_dst_max 9" "flag NO_TIMESTAMP" ${tag:+"$tag"}; do
	pgset eth0 "$c"
done
echo start > $pg/pgctrl || fail "pktgen warm-up failed"
drain
read -r -t 1 -u 9
rx
rx0=$RX
backlog
drop0=$DROP
pgset eth0 "count $count"
{ echo start 2> /dev/null > $pg/pgctrl; echo "done $?" >&9; } &
done=0
while :; do
	read -r -t 0.005 -u 9 && done=1
	rx
	backlog
	if [ $BL = 0 ] && { [ $done = 1 ] || [ $((RX - rx0)) -ge $count ]; }; then
		now
		break
	fi
done
wait
started= sent=
while read -r l; do
	case $l in
	"started: "*) started=${l#started: }; started=${started%%us*} ;;
	"Result: OK: "*) sent=${l##*usec, }; sent=${sent%% *} ;;
	"Result: "*) fail "pktgen: $l" ;;
	esac
done < $pg/eth0
[ -n "$started" ] && [ -n "$sent" ] || fail "no pktgen result"
backlog
echo "ok $((RX - rx0)) $((NOW - started * 1000)) $((count - (RX - rx0))) $((DROP - drop0))"
'

# measure_pktgen VARIANT METRIC: one pktgen run; prints frames/s, nothing on
# failure; details of the run (or of the failure) to $TMPD/detail. Routed
# and outbound fip figures send to VM1's gateway MAC, inbound fip ones (from
# the outside host) to the MAC that answers ARP for the floating IP; l2gw
# ones (from the VLAN host) are tagged with VLAN 100.
measure_pktgen()
{
	local v=$1 m=$2 vm src dmac sip smac vlan='' out

	vm=$(dst_vm "$m")
	src=$(src_vm "$m")
	case $m in
	routed-* | fip-out) dmac=$(topo_gw_mac "$(topo_net 1)") ;;
	fip-in) dmac=${FIPMAC[$v]} ;;
	*) dmac=$(topo_vm_mac "$vm") ;;
	esac
	case $src in
	out) sip=$(topo_out_ip) smac=$(topo_ext_mac out) ;;
	vlan) sip=$(topo_vlan_ip) smac=$(topo_vlan_mac host) vlan=$TOPO_L2GW_VID ;;
	*) sip=$(topo_vm_ip "$src") smac=$(topo_vm_mac "$src") ;;
	esac
	out=$(timeout $((COUNT / 1000 + 120)) ip netns exec "$(vm_ns "$v" "$src")" \
		bash -c "$PKTGEN_RUN" pktgen "$COUNT" "$WARM" "${HOLDER[$v $vm]}" \
		"$(dst_ip "$m")" "$dmac" "$sip" "$smac" "$TMPD/fifo" ${vlan:+"$vlan"} 2>&1)
	# shellcheck disable=SC2086
	set -- $out
	if [ "$1" != ok ] || [ "$2" -le 0 ] || [ "$3" -le 0 ]; then
		echo "${out:-no output}" | tail -n 3 | tr '\n' ' ' > "$TMPD/detail"
		return 1
	fi
	awk -v n="$2" -v ns="$3" -v lost="$4" -v bl="$5" 'BEGIN {
		printf "%d frames in %.3f s", n, ns / 1e9
		if (lost > 0) printf ", %d lost", lost
		if (bl) printf ", %d backlog drops", bl }' > "$TMPD/detail"
	awk -v n="$2" -v ns="$3" 'BEGIN { printf "%.0f\n", n * 1e9 / ns }'
}

# measure_iperf VARIANT METRIC: one iperf3 run; prints Mbit/s (tcp) or
# datagrams/s received (udp), nothing on failure (then the reason to
# $TMPD/detail).
measure_iperf()
{
	local v=$1 m=$2 dst args=() filter out=$TMPD/run.json

	dst=$(topo_vm_ip "$(dst_vm "$m")")
	case $m in
	tcp-*)
		filter='.end.sum_received.bits_per_second / 1e6'
		;;
	udp-*)
		args=(-u -l 64 -b 0)
		filter='.end.sum_received | (.packets - .lost_packets) / .seconds'
		;;
	esac
	timeout $((SECS * 3 + 30)) ip netns exec "$(topo_ns "$v" vm1)" \
		iperf3 -c "$dst" -t "$SECS" -J --connect-timeout 5000 \
		"${args[@]}" > "$out" 2>&1
	jq -er 'if .error then error(.error) else '"$filter"' end' "$out" \
		2> "$TMPD/jq.err" && return 0
	tail -n 3 "$TMPD/jq.err" | tr '\n' ' ' > "$TMPD/detail"
	[ "$VERBOSE" = 1 ] && tail -n 20 "$out" >> "$TMPD/detail"
	return 1
}

# set_gro on|off: GRO on the underlay devices of both hypervisors.
GRO=off
set_gro()
{
	local v h

	[ "$GRO" = "$1" ] && return
	GRO=$1
	for v in "${VARIANTS[@]}"; do
		[ "$v" = veth ] && continue
		for h in 1 2; do
			ip netns exec "$(topo_ns "$v" "hv$h")" ethtool -K ul0 gro "$1" ||
				say "$v hv$h: cannot turn GRO $1 on ul0"
		done
	done
}

# variants_for METRIC: the built variants that apply to it
variants_for()
{
	local v

	for v in "${VARIANTS[@]}"; do
		applies "$v" "$1" || continue
		[ -n "${NA[pktgen]}" ] && is_pktgen "$1" && continue
		echo "$v"
	done
}

for m in "${MLIST[@]}"; do
	mapfile -t order < <(variants_for "$m")
	case $m in
	tcp-*) set_gro on ;;
	*) set_gro off ;;
	esac
	for ((r = 1; r <= REPS; r++)); do
		for ((i = 0; i < ${#order[@]}; i++)); do
			v=${order[$(((i + r - 1) % ${#order[@]}))]}
			: > "$TMPD/detail"
			if is_pktgen "$m"; then
				val=$(measure_pktgen "$v" "$m")
			else
				val=$(measure_iperf "$v" "$m")
			fi
			detail=$(< "$TMPD/detail")
			if [ -n "$val" ]; then
				VALS[$v $m]+="$val "
				RUNS[$v $m]+="$val "
				say "run $r/$REPS $m $(name "$v" "$m"): $(fmt "$m" "$val")${detail:+ ($detail)} ($((SECONDS - start))s)"
			else
				RUNS[$v $m]+="- "
				say "run $r/$REPS $m $(name "$v" "$m"): failed${detail:+ ($detail)} ($((SECONDS - start))s)"
			fi
		done
	done
done
set_gro off

# ---- profile (-P) ----------------------------------------------------------

# Guest time between two samples (ns; in the icount VM, instructions): some
# ten thousand samples per run, each costing a timer interrupt.
PROFILE_PERIOD=100000
# Where an idle CPU is sampled: not path length.
IDLE_SYMS='^(native_safe_halt|pv_native_safe_halt|default_idle|arch_cpu_idle|default_idle_call|do_idle|cpuidle_enter_state|acpi_idle_do_entry|poll_idle|mwait_idle_with_hints|intel_idle)$'

# profile_pktgen VARIANT METRIC: one pktgen run under perf; writes
# $TMPD/prof-METRIC-VARIANT: "variant NAME FRAMES FRAMES/S", then
# "SAMPLES MODULE FUNCTION" per function.
profile_pktgen()
{
	local v=$1 m=$2 data=$TMPD/perf.data pid val frames

	perf record -q -a -e cpu-clock -c $PROFILE_PERIOD -o "$data" \
		> "$TMPD/perf.log" 2>&1 &
	pid=$!
	sleep 1
	val=$(measure_pktgen "$v" "$m")
	kill -INT "$pid" 2> /dev/null
	wait "$pid"
	frames=$(sed -n 's/^\([0-9]*\) frames.*/\1/p' "$TMPD/detail")
	if [ -z "$val" ] || [ -z "$frames" ] || [ ! -s "$data" ]; then
		say "profile $m $(name "$v" "$m"): failed ($(< "$TMPD/detail") $(tail -n 2 "$TMPD/perf.log" | tr '\n' ' '))"
		return
	fi
	say "profile $m $(name "$v" "$m"): $(fmt "$m" "$val") ($(< "$TMPD/detail"))"
	{
		echo "variant $(name "$v" "$m") $frames $val"
		perf report -i "$data" --no-children --sort dso,sym --stdio -n -q \
			2> /dev/null | awk '$4 == "[k]" { print $2, $3, $5 }'
	} > "$TMPD/prof-$m-$v"
	rm -f "$data"
}

if [ "$PROFILE" = 1 ]; then
	if ! command -v perf > /dev/null; then
		NA[profile]="perf not installed (linux-perf)"
	elif ! perf record -q -a -e cpu-clock -o "$TMPD/perf.data" true \
			> "$TMPD/perf.log" 2>&1; then
		NA[profile]="perf record fails: $(tail -n 1 "$TMPD/perf.log")"
	fi
	rm -f "$TMPD/perf.data"
	[ -n "${NA[pktgen]}" ] && NA[profile]="no pktgen"
	if [ -z "${NA[profile]}" ]; then
		for m in "${MLIST[@]}"; do
			is_pktgen "$m" || continue
			for v in $(variants_for "$m"); do
				profile_pktgen "$v" "$m"
			done
		done
	fi
fi

# ---- report ----------------------------------------------------------------

# median VALUES...: prints the median, nothing if there are no values.
median()
{
	[ $# -eq 0 ] && return
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2];
		      else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A LABEL=(
	[pktgen-same]="pktgen same host (frames/s)"
	[pktgen-cross]="pktgen cross host (frames/s)"
	[routed-same]="routed same host (frames/s)"
	[routed-cross]="routed cross host (frames/s)"
	[fip-in]="floating IP in (frames/s)"
	[fip-out]="floating IP out (frames/s)"
	[l2gw-cross]="VLAN -> VM cross host (frames/s)"
	[tcp-cross]="TCP cross host (Mbit/s)"
	[tcp-same]="TCP same host (Mbit/s)"
	[udp-same]="UDP 64B same host (dgrams/s)"
	[udp-cross]="UDP 64B cross host (dgrams/s)"
)

# spread VALUES...: (max - min) / median in percent.
spread()
{
	[ $# -eq 0 ] && return
	printf '%s\n' "$@" | sort -g | awk -v med="$(median "$@")" '
		NR == 1 { min = $1 } { max = $1 }
		END { if (med > 0) printf "%.1f\n", (max - min) * 100 / med }'
}

declare -A MED
maxspread=0
echo
printf '%-32s %-13s' figure variant
for ((r = 1; r <= REPS; r++)); do
	printf ' %9s' "run $r"
done
printf ' %9s\n' median
for m in "${MLIST[@]}"; do
	label=${LABEL[$m]}
	for v in $ALL_VARIANTS; do
		{ ! wanted "$v" || ! applies "$v" "$m"; } && continue
		printf '%-32s %-13s' "$label" "$(name "$v" "$m")"
		label=
		# shellcheck disable=SC2086
		set -- ${RUNS[$v $m]}
		for ((r = 1; r <= REPS; r++)); do
			x=${1:-n/a}
			[ "$x" = - ] && x=failed
			printf ' %9s' "$(fmt "$m" "$x")"
			shift
		done
		# shellcheck disable=SC2086
		MED[$v $m]=$(median ${VALS[$v $m]})
		printf ' %9s\n' "$(fmt "$m" "${MED[$v $m]:-n/a}")"
		# shellcheck disable=SC2086
		sp=$(spread ${VALS[$v $m]})
		if [ -n "$sp" ] && awk -v a="$sp" -v b="$maxspread" 'BEGIN { exit !(a > b) }'; then
			maxspread=$sp
		fi
	done
done

# ratio METRIC A B GOAL [METRIC-B FIGURE]: a line of the ratio table, A's
# median over B's (GOAL "-": none); with METRIC-B, B's figure is that one,
# and FIGURE names the line.
ratio()
{
	local mb=${5:-$1}

	awk -v l="$(name "$2" "$1") / $(name "$3" "$mb")" \
	    -v f="${6:-${LABEL[$1]%% (*}}" \
	    -v a="${MED[$2 $1]}" -v b="${MED[$3 $mb]}" -v g="$4" 'BEGIN {
		r = (a != "" && b != "" && b > 0) ? a / b : ""
		met = g == "-" ? "" : r == "" ? "n/a" : \
			(r + 0.00001 >= g ? "met" : "NOT met")
		printf "%-30s %-22s %7s %9s  %s\n", f, l,
			r == "" ? "n/a" : sprintf("%.3f", r),
			g == "-" ? "" : ">= " g, met }'
}

echo
printf '%-30s %-22s %7s %9s  %s\n' figure ratio value goal ""
for m in "${MLIST[@]}"; do
	case $m in
	pktgen-same)
		ratio "$m" hnet veth 0.95
		ratio "$m" hnet native -
		ratio "$m" hnet ovs -
		ratio "$m" native veth -
		;;
	pktgen-cross)
		ratio "$m" hnet native 1.3
		ratio "$m" hnet ovs 1.2
		;;
	tcp-cross)
		ratio "$m" hnet native 1.0
		ratio "$m" hnet ovs -
		;;
	routed-same)
		ratio "$m" hnet qrouter 1.8
		;;
	routed-cross)
		ratio "$m" hnet qrouter 1.7
		ratio "$m" hnet hnet 0.9 pktgen-cross "routed / pktgen cross host"
		;;
	fip-in | fip-out)
		ratio "$m" hnet neutron 2.0
		;;
	l2gw-cross)
		ratio "$m" hnet native 1.3
		ratio "$m" hnet hnet - pktgen-cross "VLAN / pktgen cross host"
		;;
	*)
		ratio "$m" hnet native -
		ratio "$m" hnet ovs -
		;;
	esac
done
echo
for v in "${PLIST[@]}" pktgen profile; do
	[ -n "${NA[$v]}" ] && echo "$v: n/a (${NA[$v]})"
done
echo "Median of $REPS runs, the variants in turn (the first one rotating); the runs"
echo "of one figure differ by up to ${maxspread}% of its median."
echo "pktgen: $COUNT 64-byte UDP frames from VM1's eth0 per run; frames/s received"
echo "at the destination VM's eth0 per second of guest time. iperf3: ${SECS}s per run,"
echo "from VM1; TCP with GRO on both hypervisors' underlay devices."
echo "hnet with port security; ovs with the OVS agent's MAC/ARP anti-spoofing flows;"
echo "bridge, qrouter and neutron without either; no security groups anywhere."
if has_metric 'routed-*'; then
	echo "routed: VM1 (10.1.0.0/24) sends to its gateway MAC, for VM4 (same host) or"
	echo "VM5 (cross host) on 10.2.0.0/24; routed on VM1's host by hnet or by the"
	echo "qrouter namespace (a veth per network, IP forwarding, permanent neighbours)."
fi
if has_metric 'fip-*'; then
	echo "floating IP: in, the outside host (203.0.113.1, the external network's"
	echo "gateway, on HV1's uplink) sends to VM1's floating IP 203.0.113.11; out, VM1"
	echo "sends to the outside host (its gateway MAC), source NATed. Translated on"
	echo "HV1 by hnet, or by Neutron DVR's qrouter namespace (policy routing,"
	echo "iptables DNAT/SNAT) and fip namespace (proxy ARP, rfp/fpr veths)."
fi
if has_metric 'l2gw-*'; then
	echo "VLAN -> VM: the VLAN host (10.1.0.30, at the other end of HV1's trunk0) sends"
	echo "frames tagged with VLAN 100 (pktgen's vlan_id) to VM3 on HV2; bridged to"
	echo "network 1 on HV1 by hnet's L2 gateway, or by trunk0.100 in network 1's bridge"
	echo "(vlan_filtering on, also for VM1's frames then) with its vxlan device."
fi
if [ "${HNET_VM:-0}" = 1 ]; then
	echo "Measured under QEMU TCG emulation with -icount (guest time counts executed"
	echo "instructions): the figures compare path lengths; only the ratios mean much."
else
	echo "Absolute figures depend on this machine; compare the ratios."
fi

# profile_report METRIC: instructions per frame by function, one column per
# profiled variant; a routed figure also gets hnet's switched profile of the
# same host or cross host (hnet-switch) if that figure was profiled too, an
# l2gw one hnet's pktgen cross host.
profile_report()
{
	local m=$1 v sw files=()

	for v in $ALL_VARIANTS; do
		[ -s "$TMPD/prof-$m-$v" ] && files+=("$TMPD/prof-$m-$v")
	done
	[ ${#files[@]} -gt 0 ] || return
	case $m in
	routed-*) sw=$TMPD/prof-pktgen-${m#routed-}-hnet ;;
	l2gw-cross) sw=$TMPD/prof-pktgen-cross-hnet ;;
	*) sw= ;;
	esac
	if [ -n "$sw" ] && [ -s "$sw" ]; then
		sed '1s/^variant hnet /variant hnet-switch /' "$sw" > "$sw.switch"
		files+=("$sw.switch")
	fi
	echo
	echo "Profile, ${LABEL[$m]%% (*}: instructions per frame (perf samples x $PROFILE_PERIOD / frames)"
	awk -v idle="$IDLE_SYMS" '
	# The part of the kernel a function belongs to, by its name.
	function part(f) {
		if (f ~ /^hnet_/) return "hnet"
		if (f ~ /^(br_|fdb_|nbp_|__br_)/) return "bridge"
		if (f ~ /^(vxlan_|__vxlan_)/) return "vxlan"
		if (f ~ /^(ovs_|__ovs_|ovs_vport|masked_flow|flow_lookup)/) return "openvswitch"
		if (f ~ /^veth_/) return "veth"
		if (f ~ /^(vlan_|__vlan_|skb_vlan_)/) return "vlan"
		if (f ~ /^pktgen_/) return "pktgen"
		if (f ~ /^(nf_|__nf_|nft_|nf_nat_|ipt_|xt_)/) return "netfilter"
		return ""
	}
	FNR == 1 { n++; var[n] = $2; frames[n] = $3; fps[n] = $4; next }
	$3 ~ idle { next }
	{
		ipf = $1 * '"$PROFILE_PERIOD"' / frames[n]
		f = $3
		if ($2 != "[kernel.kallsyms]") f = f " " $2
		if (!(f in seen)) { seen[f] = 1; fn[++nf] = f }
		v[f, n] += ipf; tot[n] += ipf
		p = part($3)
		if (p != "") {
			if (!(p in pseen)) { pseen[p] = 1; pn[++np] = p }
			pv[p, n] += ipf
		}
	}
	END {
		printf "%-44s", "function"
		for (i = 1; i <= n; i++) printf " %12s", var[i]
		printf "\n"
		# hnet functions, and those above 1% of some variant; largest for
		# hnet first
		for (k = 1; k <= nf; k++) {
			f = fn[k]; keep = part(f) == "hnet"
			for (i = 1; i <= n; i++)
				if (tot[i] > 0 && v[f, i] >= tot[i] / 100) keep = 1
			if (keep) big[++nb] = f
		}
		key = n
		for (i = 1; i <= n; i++)
			if (var[i] == "hnet") key = i
		for (a = 1; a <= nb; a++)
			for (b = a + 1; b <= nb; b++)
				if (v[big[b], key] > v[big[a], key]) {
					t = big[a]; big[a] = big[b]; big[b] = t
				}
		for (a = 1; a <= nb; a++) {
			f = big[a]
			printf "%-44s", substr(f, 1, 44)
			for (i = 1; i <= n; i++) printf " %12.0f", v[f, i]
			printf "\n"
			for (i = 1; i <= n; i++) shown[i] += v[f, i]
		}
		printf "%-44s", "(other functions)"
		for (i = 1; i <= n; i++) printf " %12.0f", tot[i] - shown[i]
		printf "\n"
		for (k = 1; k <= np; k++) {
			printf "%-44s", pn[k] " functions, in all"
			for (i = 1; i <= n; i++) printf " %12.0f", pv[pn[k], i]
			printf "\n"
		}
		printf "%-44s", "all functions (idle excluded)"
		for (i = 1; i <= n; i++) printf " %12.0f", tot[i]
		printf "\n%-44s", "guest ns per frame in this run (1e9/rate)"
		for (i = 1; i <= n; i++) printf " %12.0f", 1e9 / fps[i]
		printf "\n"
	}' "${files[@]}"
}

if [ "$PROFILE" = 1 ]; then
	for m in "${MLIST[@]}"; do
		is_pktgen "$m" && profile_report "$m"
	done
fi

if [[ " ${VARIANTS[*]} " == *" hnet "* ]]; then
	echo
	echo "hnet counters on hv1 (drops show datapath refusals during the runs):"
	"$HNETCTL" -n "$(topo_ns hnet hv1)" -s dev show 2>&1 | sed 's/^/  /'
	if has_metric 'routed-*' || has_metric 'fip-*'; then
		echo "hnet router counters on hv1 (every routed frame of the runs):"
		"$HNETCTL" -n "$(topo_ns hnet hv1)" -s router show 2>&1 | sed 's/^/  /'
	fi
	if has_metric 'fip-*'; then
		echo "hnet floating IP counters on hv1 (every fip frame of the runs):"
		"$HNETCTL" -n "$(topo_ns hnet hv1)" -s fip show 2>&1 | sed 's/^/  /'
	fi
	if has_metric 'l2gw-*'; then
		echo "hnet L2 gateway counters on hv1 (every l2gw frame of the runs):"
		"$HNETCTL" -n "$(topo_ns hnet hv1)" -s l2gw show 2>&1 | sed 's/^/  /'
	fi
fi
if [[ " ${VARIANTS[*]} " == *" native "* ]] && has_metric 'l2gw-*'; then
	echo
	echo "bridge+vlan packets on hv1 (every l2gw frame of the runs: in on trunk0.$TOPO_L2GW_VID, out on vxlan-$TOPO_VNI, not flooded to the taps):"
	for d in trunk0 trunk0.$TOPO_L2GW_VID brq1 vxlan-$TOPO_VNI ul0 tap1 tap2; do
		ip -n "$(topo_ns native hv1)" -j -s link show dev "$d" 2>&1 |
			jq -r --arg d "$d" '.[0] | "  \($d): rx \(.stats64.rx.packets) tx \(.stats64.tx.packets)"' 2>&1
	done
fi
say "bench: done in $((SECONDS - start))s"
exit 0
