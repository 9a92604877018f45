#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Topology helpers for bench/bench.sh (sourced, not run).
#
# The same two-hypervisor topology (spec section 8), built in variants
# that live side by side in separate namespaces:
#
#   network 1 (VNI 100, 10.1.0.0/24)      network 2 (VNI 101, 10.2.0.0/24)
#
#          VM1          VM2          VM4                   VM3          VM5
#   10.1.0.11/24 10.1.0.12/24 10.2.0.14/24          10.1.0.13/24 10.2.0.15/24
#        eth0         eth0         eth0                  eth0         eth0
#          |            |            |                     |            |
#        tap1         tap2         tap4                  tap3         tap5
#   +-------------------------------------+  underlay  +-------------------------+
#   | HV1                        192.0.2.1|ul0 ---- ul0|192.0.2.2             HV2 |
#   +-------------------------------------+    veth    +-------------------------+
#
#   Router 1 joins the two networks: gateways 10.1.0.1 and 10.2.0.1, gateway
#   MACs 0a:00:01:00:00:01 and 0a:00:01:00:00:02 (what hnet derives from
#   router 1 and networks 1 and 2). VM4 and VM5 (network 2) and the router
#   exist only in the variants that route (hnet, qrouter, neutron). Each VM's default
#   route is its gateway in every variant (as Neutron's DHCP hands it out
#   with or without a router): the destination VM's route lookups then cost
#   the same in all variants.
#
#   hnet:   per hypervisor an hnet device hnet0 (vtep = the ul0 address, a
#           host DVR MAC 02:d0:00:00:00:0N, the other hypervisor as a peer
#           with its DVR MAC), networks 1 and 2, the taps as ports, the other
#           hypervisor's VMs as remotes and its VTEP as flood entry of each
#           network, router 1 with an interface on each network.
#   native: what Neutron's Linux bridge agent (with l2population) builds:
#           per hypervisor and network a bridge brq1 and a vxlan device
#           vxlan-100 (id 100 dstport 4789 local VTEP nolearning) in it, the
#           taps enslaved to the bridge, "bridge fdb" entries for the remote
#           MACs and an all-zero flood entry per remote VTEP.
#   qrouter: what a Neutron DVR compute node builds, on native's L2: per
#           hypervisor a bridge brqN and a vxlan device vxlan-VNI per network
#           as in native, and router 1's namespace (hb-qrouter-rtrN, Neutron's
#           qrouter-ID) with one veth per network, qr-N in the namespace
#           (the gateway IP and the gateway MAC, the same on every
#           hypervisor) and tapqrN in the network's bridge; ip_forward on,
#           a permanent neighbour entry for every VM of every network (DVR
#           pre-populates the router's ARP table). Neutron's DVR runs on Open
#           vSwitch: a routed frame leaves a host with the host's DVR MAC as
#           source, which the receiving br-int turns back into the gateway
#           MAC, so that no switch ever sees a gateway MAC from the tunnel.
#           Linux bridges cannot rewrite MACs, so here the routed frames
#           cross the tunnel with the gateway MAC, and instead the bridges
#           never learn from the vxlan port (learning off) and hold static
#           entries, as OVS's l2population flows are: every VM MAC (local on
#           its tap, remote on the vxlan port) and the gateway MAC on the
#           local tapqrN. Unicast is delivered as with DVR (the sender's
#           host routes, the other only switches); ARP requests for a
#           gateway cross the tunnel and are answered by both routers (OVS's
#           DVR drops them at br-tun). With no MAC rewrite and no iptables in
#           the namespace (the l3 agent's nat and mangle rules turn on
#           connection tracking in a real one), the path is shorter than the
#           real one: the peer is at its best.
#   ovs:    what Neutron's Open vSwitch agent (l2population, no security
#           groups: firewall_driver noop) programs on the kernel datapath:
#           per hypervisor its own ovsdb-server and ovs-vswitchd (run in the
#           hypervisor's namespace, state in $TOPO_OVS_DIR/hvN), br-int with
#           the taps as access ports of the local VLAN 1 and the agent's
#           anti-spoofing tables (0 -> 24 ARP -> 25 MAC -> 60 NORMAL), a
#           patch pair to br-tun, and in br-tun one vxlan port per remote
#           VTEP (vxlan-c0000202: in_key/out_key=flow) and the agent's
#           tables: 0 (from patch-int -> 2, from tunnel -> 4), 2 (unicast
#           -> 20, multicast -> 22), 4 (tun_id 100 -> local VLAN 1, -> 10),
#           10 (learn, -> patch-int), 20 (l2population: remote MAC -> VNI
#           100 + its tunnel port), 22 (flood VLAN 1 to the tunnel ports).
#   veth:   only VM1 and VM2, their eth0s the two ends of one veth pair
#           (no hypervisor): the limit of the same-host figures.
#
# The external network (hnet with TOPO_FIP=1, neutron always), north-south
# through VM1's floating IP 203.0.113.11:
#
#          VM1 10.1.0.11 (floating 203.0.113.11)
#           |
#   +-------------------+        external network 203.0.113.0/24
#   | HV1               |ext0 ---- eth0  outside host O (hb-VARIANT-out),
#   +-------------------+  veth          203.0.113.1: the external
#                                        network's gateway (the upstream
#                                        router's address), the floating
#                                        IPs' next hop
#
#   ext0 is HV1's uplink to the external network (its NIC), the same veth
#   to the same outside host in both variants, with no address of its own.
#   Every neighbour entry on the north-south paths is permanent, as the
#   underlay's (with one-way runs learned ones go stale), and so are the
#   external bridge's entries (neutron).
#   hnet:   router 1's gateway on ext0 with next hop 203.0.113.1 ("gateway
#           set 1 ext-dev ext0 gw 203.0.113.1"), VM1's floating IP ("fip add
#           203.0.113.11 fixed 10.1.0.11 network 1"): hnet answers ARP for
#           it on ext0 with ext0's MAC and translates in its datapath.
#   neutron: what Neutron's DVR l3 agent (agent_mode dvr) and Linux bridge
#           agent build for a floating IP on a compute node, on qrouter's
#           topology (bridges, vxlan devices, hb-neutron-rtrN = qrouter-ID):
#           - the external network's bridge brqx on HV1 with ext0 (the
#             physical interface of the flat external network) and tapfg,
#             the root end of the agent gateway port's veth;
#           - the fip namespace hb-neutron-fip1 (fip-EXTNETID): fg (fg-ID)
#             with the agent gateway port's own external address
#             203.0.113.3/24 and proxy_arp on, ip_forward and
#             ip_nonlocal_bind on, raw PREROUTING -j CT --notrack (the agent
#             wants no connection tracking there), fpr-1 (fpr-ROUTERID)
#             169.254.106.115/31, a route 203.0.113.11/32 via 169.254.106.114
#             dev fpr-1 (so fg answers ARP for the floating IP by proxy), and
#             for what comes from the router "from all iif fpr-1 lookup
#             2852022899" (the table numbered after the fpr address, as
#             _get_snat_idx() does) with "default via 203.0.113.1 dev fg";
#           - in the qrouter namespace rfp-1 (rfp-ROUTERID, the veth's other
#             end) 169.254.106.114/31, "from 10.1.0.11 lookup 16" (priority
#             32768, the first FIP_PR_START gives) and table 16 "default via
#             169.254.106.115 dev rfp-1", and the agent's nat table (its
#             wrapped chains, iptables-restore): PREROUTING "-d
#             203.0.113.11/32 -i rfp-1 -j DNAT --to-destination 10.1.0.11"
#             (and the metadata REDIRECT for qr-+), OUTPUT's DNAT,
#             POSTROUTING "! -i rfp-1 ! -o rfp-1 -m conntrack ! --ctstate
#             DNAT -j ACCEPT", then neutron-postrouting-bottom -> snat ->
#             float-snat "-s 10.1.0.11/32 -j SNAT --to-source 203.0.113.11".
#           Not built: the agent's filter and mangle chains (address scope
#           marks) and the other qrouter's fip link: the peer at its best.
#
# The L2 gateway (hnet and native with TOPO_L2GW=1), network 1 bridged to
# VLAN 100 of a trunk NIC of HV1:
#
#          VM1 VM2                                   VM3 10.1.0.13
#           |   |                                     |
#   +-------------------+    underlay    +-------------------+
#   | HV1               |----------------|               HV2 |
#   +-------------------+                +-------------------+
#     trunk0
#       | veth, 802.1Q
#     eth0 (no address), eth0.100 10.1.0.30/24: the VLAN host P
#     (hb-VARIANT-vlan), a physical host on VLAN 100
#
#   trunk0 is HV1's trunk NIC, the same veth to the same VLAN host in both
#   variants, with no address. HV2 knows the VLAN host's MAC at HV1's VTEP,
#   as l2population (or a controller reading hnet's learning events)
#   pushes it.
#   hnet:   "l2gw add network 1 ifname trunk0 vlan 100" on HV1 (hnet takes
#           the tagged frames in trunk0's rx handler and learns the VLAN
#           host's MAC), "remote add network 1 mac P's vtep HV1's" on HV2.
#   native: what one builds by hand with Linux bridges: on HV1 the VLAN
#           device trunk0.100 in network 1's bridge brq1 (with its
#           vxlan-100), brq1 with vlan_filtering 1 (every port in the
#           default VLAN 1, its PVID, untagged), and on HV2 a static "bridge
#           fdb ... dev vxlan-100 dst HV1's VTEP" entry for P's MAC. HV1's
#           brq1 then filters VLANs for every figure of the run: VM1's
#           frames pass it too.
#
# Namespaces: hb-VARIANT-hv1, -hv2, -vm1 ... -vm5, -rtr1, -rtr2, -fip1,
# -out, -vlan. All tenant links have the VXLAN network MTU (1450 = 1500 -
# 50), as Neutron sets it (the VLAN devices of VLAN 100 too), the external
# ones and the trunk 1500; IPv6 is off.

TOPO_VNI=100
TOPO_MTU=1450
TOPO_NETS="1 2"
TOPO_ROUTER=1
TOPO_OVS_DIR=${TOPO_OVS_DIR:-/tmp/hnet-bench-ovs}
# TOPO_FIP=1: hnet gets the external network and VM1's floating IP too
TOPO_FIP=${TOPO_FIP:-0}
# The VM with a floating IP (on HV1), and Neutron's link-local pair between
# its qrouter and fip namespaces (rfp, fpr), from 169.254.64.0/18 as the
# agent allocates it.
TOPO_FIP_VM=1
TOPO_RFP_IP=169.254.106.114
TOPO_FPR_IP=169.254.106.115
# Neutron's table of routed floating IPs in the qrouter namespace
# (FIP_RT_TBL), and the fip namespace's table for the router (the fpr
# address as a number)
TOPO_FIP_RT_TBL=16
TOPO_FPR_TBL=2852022899
# TOPO_L2GW=1: hnet and native get the VLAN host and the L2 gateway too,
# network TOPO_L2GW_NET bridged to VLAN TOPO_L2GW_VID of HV1's trunk0
TOPO_L2GW=${TOPO_L2GW:-0}
TOPO_L2GW_NET=1
TOPO_L2GW_VID=100

# topo_vms VARIANT: its VMs (veth builds its own two)
topo_vms()
{
	case $1 in
	hnet | qrouter | neutron) echo 1 2 3 4 5 ;;
	*) echo 1 2 3 ;;
	esac
}

# topo_hv VM: the hypervisor (1 or 2) of a VM
topo_hv()
{
	case $1 in
	1 | 2 | 4) echo 1 ;;
	*) echo 2 ;;
	esac
}

# topo_net VM: the network (1 or 2) of a VM
topo_net()
{
	case $1 in
	4 | 5) echo 2 ;;
	*) echo 1 ;;
	esac
}

# topo_vni NET: the VXLAN network identifier of a network
topo_vni()
{
	echo $((TOPO_VNI + $1 - 1))
}

topo_ns()
{
	echo "hb-$1-$2"
}

topo_vm_mac()
{
	printf '02:00:00:00:00:%02x' "$1"
}

topo_vm_ip()
{
	echo "10.$(topo_net "$1").0.$((10 + $1))"
}

# topo_gw_ip NET: router 1's gateway address on a network
topo_gw_ip()
{
	echo "10.$1.0.1"
}

# topo_gw_mac NET: router 1's gateway MAC on a network, the one hnet
# derives: 0a, the router id's low 16 bits, the network id's low 24 bits
topo_gw_mac()
{
	printf '0a:%02x:%02x:%02x:%02x:%02x' $((TOPO_ROUTER >> 8 & 255)) \
		$((TOPO_ROUTER & 255)) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) \
		$(($1 & 255))
}

# topo_fip_ip VM: a VM's floating IP
topo_fip_ip()
{
	echo "203.0.113.$((10 + $1))"
}

# topo_out_ip: the outside host, also the external network's gateway
topo_out_ip()
{
	echo 203.0.113.1
}

# topo_ext_mac WHAT: fixed MACs on the external side (out: the outside
# host's eth0; ext: HV1's ext0; fg, rfp, fpr: Neutron's devices)
topo_ext_mac()
{
	case $1 in
	out) echo 02:00:00:00:03:01 ;;
	ext) echo 02:00:00:00:03:02 ;;
	fg) echo fa:16:3e:00:03:03 ;;
	rfp) echo 02:00:00:00:03:04 ;;
	fpr) echo 02:00:00:00:03:05 ;;
	esac
}

# topo_vlan_ip: the VLAN host's address, on network 1's subnet (no VM's)
topo_vlan_ip()
{
	echo 10.1.0.30
}

# topo_vlan_mac WHAT: fixed MACs on the VLAN side (host: the VLAN host's
# eth0 and its VLAN device; trunk: HV1's trunk0)
topo_vlan_mac()
{
	case $1 in
	host) echo 02:00:00:00:04:01 ;;
	trunk) echo 02:00:00:00:04:02 ;;
	esac
}

# topo_dvr_mac HV: the hypervisor's DVR MAC (hnet's host-mac)
topo_dvr_mac()
{
	printf '02:d0:00:00:00:%02x' "$1"
}

topo_vtep()
{
	echo "192.0.2.$1"
}

# topo_ul_mac HV: the underlay device's MAC. Each hypervisor has a permanent
# neighbour entry for the other's VTEP: with one-way traffic a learned one
# would go stale every half minute and send the runs that catch it through
# the slow neighbour path.
topo_ul_mac()
{
	printf '02:00:00:00:01:%02x' "$1"
}

# topo_netns NAME: a fresh namespace, IPv6 off, lo up.
topo_netns()
{
	ip netns del "$1" 2> /dev/null
	ip netns add "$1" || return 1
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 > /dev/null 2>&1
	ip -n "$1" link set lo up
}

# topo_common VARIANT: namespaces, the underlay and the VMs' veth pairs
# (taps left unattached).
topo_common()
{
	local v=$1 h vm hv

	for h in 1 2; do
		topo_netns "$(topo_ns "$v" "hv$h")" || return 1
	done
	for vm in $(topo_vms "$v"); do
		topo_netns "$(topo_ns "$v" "vm$vm")" || return 1
	done
	ip -n "$(topo_ns "$v" hv1)" link add ul0 type veth \
		peer name ul0 netns "$(topo_ns "$v" hv2)" || return 1
	for h in 1 2; do
		ip -n "$(topo_ns "$v" "hv$h")" -b - <<-EOF || return 1
			link set ul0 address $(topo_ul_mac $h)
			addr add $(topo_vtep $h)/24 dev ul0
			link set ul0 up
			neigh replace $(topo_vtep $((3 - h))) lladdr $(topo_ul_mac $((3 - h))) dev ul0 nud permanent
		EOF
	done
	for vm in $(topo_vms "$v"); do
		hv=$(topo_ns "$v" "hv$(topo_hv "$vm")")
		ip -n "$hv" link add "tap$vm" mtu $TOPO_MTU type veth peer name eth0 \
			netns "$(topo_ns "$v" "vm$vm")" || return 1
		ip -n "$hv" link set "tap$vm" up || return 1
		ip -n "$(topo_ns "$v" "vm$vm")" -b - <<-EOF || return 1
			link set eth0 address $(topo_vm_mac "$vm") mtu $TOPO_MTU up
			addr add $(topo_vm_ip "$vm")/24 dev eth0
			route add default via $(topo_gw_ip "$(topo_net "$vm")")
		EOF
	done
}

# topo_hnet_probe: succeeds if "ip link add type hnet" works.
topo_hnet_probe()
{
	local ns=hb-probe ok=1

	topo_netns "$ns" || return 1
	ip -n "$ns" link add hnet0 type hnet 2> /dev/null && ok=0
	ip netns del "$ns"
	return $ok
}

# topo_hnet: the hnet variant.
topo_hnet()
{
	local h n vm other ns cmds want

	topo_common hnet || return 1
	for h in 1 2; do
		ns=$(topo_ns hnet "hv$h")
		ip -n "$ns" link add hnet0 type hnet || return 1
		ip -n "$ns" link set hnet0 up || return 1
		other=$((3 - h))
		cmds="dev set vtep $(topo_vtep $h) host-mac $(topo_dvr_mac $h)
peer add $(topo_vtep $other) dvr-mac $(topo_dvr_mac $other)"
		for n in $TOPO_NETS; do
			cmds="$cmds
network add $n vni $(topo_vni "$n") mtu $TOPO_MTU"
		done
		for vm in $(topo_vms hnet); do
			n=$(topo_net "$vm")
			if [ "$(topo_hv "$vm")" = $h ]; then
				cmds="$cmds
port add tap$vm network $n mac $(topo_vm_mac "$vm") ip $(topo_vm_ip "$vm")"
			else
				cmds="$cmds
remote add network $n mac $(topo_vm_mac "$vm") ip $(topo_vm_ip "$vm") vtep $(topo_vtep $other)"
			fi
		done
		cmds="$cmds
router add $TOPO_ROUTER"
		for n in $TOPO_NETS; do
			cmds="$cmds
flood add network $n vtep $(topo_vtep $other)
router iface add $TOPO_ROUTER network $n gw $(topo_gw_ip "$n")/24"
		done
		"$HNETCTL" -n "$ns" -b - <<< "$cmds" || return 1
		# the gateway MACs hnet derived are the ones qrouter is given
		want=
		for n in $TOPO_NETS; do
			want="${want}router iface $TOPO_ROUTER network $n gw $(topo_gw_ip "$n")/24 mac $(topo_gw_mac "$n")
"
		done
		if [ "$("$HNETCTL" -n "$ns" router iface show $TOPO_ROUTER)" != "${want%?}" ]; then
			echo "hnet's gateway MACs are not topo_gw_mac's:"
			"$HNETCTL" -n "$ns" router iface show $TOPO_ROUTER
			return 1
		fi
	done
	if [ "$TOPO_L2GW" = 1 ]; then
		topo_vlanhost hnet || return 1
		"$HNETCTL" -n "$(topo_ns hnet hv1)" l2gw add network $TOPO_L2GW_NET \
			ifname trunk0 vlan $TOPO_L2GW_VID || return 1
		"$HNETCTL" -n "$(topo_ns hnet hv2)" remote add network $TOPO_L2GW_NET \
			mac "$(topo_vlan_mac host)" vtep "$(topo_vtep 1)" || return 1
	fi
	[ "$TOPO_FIP" = 1 ] || return 0
	topo_ext hnet || return 1
	ns=$(topo_ns hnet hv1)
	ip -n "$ns" neigh replace "$(topo_out_ip)" lladdr "$(topo_ext_mac out)" \
		dev ext0 nud permanent || return 1
	"$HNETCTL" -n "$ns" -b - <<-EOF || return 1
		gateway set $TOPO_ROUTER ext-dev ext0 gw $(topo_out_ip)
		fip add $(topo_fip_ip $TOPO_FIP_VM) fixed $(topo_vm_ip $TOPO_FIP_VM) network $(topo_net $TOPO_FIP_VM)
	EOF
}

# topo_ext VARIANT: the outside host and HV1's ext0, its veth peer.
topo_ext()
{
	local v=$1 out

	out=$(topo_ns "$v" out)
	topo_netns "$out" || return 1
	ip -n "$(topo_ns "$v" hv1)" link add ext0 address "$(topo_ext_mac ext)" \
		type veth peer name eth0 netns "$out" || return 1
	ip -n "$(topo_ns "$v" hv1)" link set ext0 up || return 1
	ip -n "$out" -b - <<-EOF || return 1
		link set eth0 address $(topo_ext_mac out) up
		addr add $(topo_out_ip)/24 dev eth0
	EOF
}

# topo_vlanhost VARIANT: the VLAN host, its VLAN device on VLAN 100, and
# HV1's trunk0, its veth peer.
topo_vlanhost()
{
	local v=$1 p

	p=$(topo_ns "$v" vlan)
	topo_netns "$p" || return 1
	ip -n "$(topo_ns "$v" hv1)" link add trunk0 address "$(topo_vlan_mac trunk)" \
		type veth peer name eth0 netns "$p" || return 1
	ip -n "$(topo_ns "$v" hv1)" link set trunk0 up || return 1
	ip -n "$p" -b - <<-EOF || return 1
		link set eth0 address $(topo_vlan_mac host) up
		link add link eth0 name eth0.$TOPO_L2GW_VID type vlan id $TOPO_L2GW_VID
		link set eth0.$TOPO_L2GW_VID mtu $TOPO_MTU up
		addr add $(topo_vlan_ip)/24 dev eth0.$TOPO_L2GW_VID
	EOF
}

# topo_native: the Linux bridge agent's variant (with TOPO_L2GW=1, and
# network 1 bridged by hand to VLAN 100 of HV1's trunk0).
topo_native()
{
	local h vm other cmds filter

	topo_common native || return 1
	for h in 1 2; do
		other=$((3 - h))
		filter=
		[ "$TOPO_L2GW" = 1 ] && [ $h = 1 ] && filter=" vlan_filtering 1"
		cmds="link add brq1 type bridge$filter
link add vxlan-$TOPO_VNI type vxlan id $TOPO_VNI dstport 4789 local $(topo_vtep $h) dev ul0 nolearning
link set vxlan-$TOPO_VNI master brq1 up
link set brq1 up"
		for vm in $(topo_vms native); do
			if [ "$(topo_hv "$vm")" = $h ]; then
				cmds="$cmds
link set tap$vm master brq1"
			fi
		done
		ip -n "$(topo_ns native "hv$h")" -b - <<< "$cmds" || return 1
		cmds="fdb append 00:00:00:00:00:00 dev vxlan-$TOPO_VNI dst $(topo_vtep $other)"
		for vm in $(topo_vms native); do
			[ "$(topo_hv "$vm")" = $h ] && continue
			cmds="$cmds
fdb replace $(topo_vm_mac "$vm") dev vxlan-$TOPO_VNI dst $(topo_vtep $other)"
		done
		[ "$TOPO_L2GW" = 1 ] && [ $h = 2 ] && cmds="$cmds
fdb replace $(topo_vlan_mac host) dev vxlan-$TOPO_VNI dst $(topo_vtep 1)"
		bridge -n "$(topo_ns native "hv$h")" -b - <<< "$cmds" || return 1
	done
	[ "$TOPO_L2GW" = 1 ] || return 0
	topo_vlanhost native || return 1
	ip -n "$(topo_ns native hv1)" -b - <<-EOF || return 1
		link add link trunk0 name trunk0.$TOPO_L2GW_VID type vlan id $TOPO_L2GW_VID
		link set trunk0.$TOPO_L2GW_VID mtu $TOPO_MTU master brq$TOPO_L2GW_NET up
	EOF
}

# topo_dvr VARIANT: Neutron's DVR on Linux bridges (see the head of this
# file), the qrouter variant's topology; neutron builds on it.
topo_dvr()
{
	local v=$1 h n vm vni other hv rtr cmds

	topo_common "$v" || return 1
	for h in 1 2; do
		hv=$(topo_ns "$v" "hv$h")
		rtr=$(topo_ns "$v" "rtr$h")
		other=$((3 - h))
		topo_netns "$rtr" || return 1
		ip netns exec "$rtr" sysctl -qw net.ipv4.ip_forward=1 || return 1
		cmds=
		for n in $TOPO_NETS; do
			vni=$(topo_vni "$n")
			cmds="$cmds
link add brq$n type bridge
link add vxlan-$vni type vxlan id $vni dstport 4789 local $(topo_vtep $h) dev ul0 nolearning
link set vxlan-$vni master brq$n up
link add tapqr$n mtu $TOPO_MTU type veth peer name qr-$n netns $rtr
link set tapqr$n master brq$n up
link set brq$n up"
		done
		for vm in $(topo_vms "$v"); do
			[ "$(topo_hv "$vm")" = $h ] || continue
			cmds="$cmds
link set tap$vm master brq$(topo_net "$vm")"
		done
		ip -n "$hv" -b - <<< "${cmds#?}" || return 1
		cmds=
		for n in $TOPO_NETS; do
			vni=$(topo_vni "$n")
			cmds="$cmds
link set dev vxlan-$vni learning off
fdb append 00:00:00:00:00:00 dev vxlan-$vni dst $(topo_vtep $other)
fdb replace $(topo_gw_mac "$n") dev tapqr$n master static"
		done
		for vm in $(topo_vms "$v"); do
			vni=$(topo_vni "$(topo_net "$vm")")
			if [ "$(topo_hv "$vm")" = $h ]; then
				cmds="$cmds
fdb replace $(topo_vm_mac "$vm") dev tap$vm master static"
			else
				cmds="$cmds
fdb replace $(topo_vm_mac "$vm") dev vxlan-$vni dst $(topo_vtep $other)
fdb replace $(topo_vm_mac "$vm") dev vxlan-$vni master static"
			fi
		done
		bridge -n "$hv" -b - <<< "${cmds#?}" || return 1
		cmds=
		for n in $TOPO_NETS; do
			cmds="$cmds
link set qr-$n address $(topo_gw_mac "$n") mtu $TOPO_MTU up
addr add $(topo_gw_ip "$n")/24 dev qr-$n"
		done
		for vm in $(topo_vms "$v"); do
			cmds="$cmds
neigh replace $(topo_vm_ip "$vm") lladdr $(topo_vm_mac "$vm") dev qr-$(topo_net "$vm") nud permanent"
		done
		ip -n "$rtr" -b - <<< "${cmds#?}" || return 1
	done
}

# topo_qrouter: Neutron's DVR on Linux bridges, east-west only.
topo_qrouter()
{
	topo_dvr qrouter
}

# topo_neutron: Neutron's DVR with VM1's floating IP on HV1 (see the head of
# this file).
topo_neutron()
{
	local hv rtr fip fixed float

	command -v iptables-restore > /dev/null ||
		{ echo "iptables-restore not installed (iptables)"; return 1; }
	topo_dvr neutron || return 1
	topo_ext neutron || return 1
	hv=$(topo_ns neutron hv1)
	rtr=$(topo_ns neutron rtr1)
	fip=$(topo_ns neutron fip1)
	fixed=$(topo_vm_ip $TOPO_FIP_VM)
	float=$(topo_fip_ip $TOPO_FIP_VM)
	topo_netns "$fip" || return 1
	ip netns exec "$fip" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv4.ip_nonlocal_bind=1 || return 1
	# the agent gateway port (Linux bridge interface driver: a veth, tapfg
	# in the external network's bridge) and the router's link to the fip
	# namespace
	ip -n "$hv" -b - <<-EOF || return 1
		link add brqx type bridge
		link set ext0 master brqx
		link add tapfg type veth peer name fg netns $fip
		link set tapfg master brqx up
		link set brqx up
	EOF
	bridge -n "$hv" -b - <<-EOF || return 1
		fdb replace $(topo_ext_mac fg) dev tapfg master static
		fdb replace $(topo_ext_mac out) dev ext0 master static
	EOF
	ip -n "$rtr" link add rfp-1 address "$(topo_ext_mac rfp)" type veth \
		peer name fpr-1 address "$(topo_ext_mac fpr)" netns "$fip" || return 1
	ip -n "$fip" -b - <<-EOF || return 1
		link set fg address $(topo_ext_mac fg) up
		addr add 203.0.113.3/24 dev fg
		link set fpr-1 up
		addr add $TOPO_FPR_IP/31 dev fpr-1
		rule add iif fpr-1 lookup $TOPO_FPR_TBL pref $TOPO_FPR_TBL
		route add default via $(topo_out_ip) dev fg table $TOPO_FPR_TBL
		route add $float/32 via $TOPO_RFP_IP dev fpr-1
		neigh replace $(topo_out_ip) lladdr $(topo_ext_mac out) dev fg nud permanent
		neigh replace $TOPO_RFP_IP lladdr $(topo_ext_mac rfp) dev fpr-1 nud permanent
	EOF
	ip netns exec "$fip" sysctl -qw net.ipv4.conf.fg.proxy_arp=1 || return 1
	ip -n "$rtr" -b - <<-EOF || return 1
		link set rfp-1 up
		addr add $TOPO_RFP_IP/31 dev rfp-1
		route add default via $TOPO_FPR_IP dev rfp-1 table $TOPO_FIP_RT_TBL
		rule add from $fixed lookup $TOPO_FIP_RT_TBL pref 32768
		neigh replace $TOPO_FPR_IP lladdr $(topo_ext_mac fpr) dev rfp-1 nud permanent
	EOF
	ip netns exec "$fip" iptables-restore <<-EOF || return 1
		*raw
		:PREROUTING ACCEPT [0:0]
		:OUTPUT ACCEPT [0:0]
		:neutron-l3-agent-OUTPUT - [0:0]
		:neutron-l3-agent-PREROUTING - [0:0]
		-A PREROUTING -j neutron-l3-agent-PREROUTING
		-A OUTPUT -j neutron-l3-agent-OUTPUT
		-A neutron-l3-agent-PREROUTING -j CT --notrack
		COMMIT
	EOF
	ip netns exec "$rtr" iptables-restore <<-EOF || return 1
		*nat
		:PREROUTING ACCEPT [0:0]
		:INPUT ACCEPT [0:0]
		:OUTPUT ACCEPT [0:0]
		:POSTROUTING ACCEPT [0:0]
		:neutron-l3-agent-OUTPUT - [0:0]
		:neutron-l3-agent-POSTROUTING - [0:0]
		:neutron-l3-agent-PREROUTING - [0:0]
		:neutron-l3-agent-float-snat - [0:0]
		:neutron-l3-agent-snat - [0:0]
		:neutron-postrouting-bottom - [0:0]
		-A PREROUTING -j neutron-l3-agent-PREROUTING
		-A OUTPUT -j neutron-l3-agent-OUTPUT
		-A POSTROUTING -j neutron-l3-agent-POSTROUTING
		-A POSTROUTING -j neutron-postrouting-bottom
		-A neutron-l3-agent-OUTPUT -d $float/32 -j DNAT --to-destination $fixed
		-A neutron-l3-agent-POSTROUTING ! -i rfp-1 ! -o rfp-1 -m conntrack ! --ctstate DNAT -j ACCEPT
		-A neutron-l3-agent-PREROUTING -d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 9697
		-A neutron-l3-agent-PREROUTING -d $float/32 -i rfp-1 -j DNAT --to-destination $fixed
		-A neutron-l3-agent-float-snat -s $fixed/32 -j SNAT --to-source $float
		-A neutron-l3-agent-snat -j neutron-l3-agent-float-snat
		-A neutron-postrouting-bottom -m comment --comment "Perform source NAT on outgoing traffic." -j neutron-l3-agent-snat
		COMMIT
	EOF
}

# topo_veth: VM1 and VM2 on the two ends of one veth pair.
topo_veth()
{
	local vm

	for vm in 1 2; do
		topo_netns "$(topo_ns veth "vm$vm")" || return 1
	done
	ip -n "$(topo_ns veth vm1)" link add eth0 mtu $TOPO_MTU type veth \
		peer name eth0 netns "$(topo_ns veth vm2)" || return 1
	for vm in 1 2; do
		ip -n "$(topo_ns veth "vm$vm")" -b - <<-EOF || return 1
			link set eth0 address $(topo_vm_mac "$vm") mtu $TOPO_MTU up
			addr add $(topo_vm_ip "$vm")/24 dev eth0
			route add default via $(topo_gw_ip 1)
		EOF
	done
}

# topo_ovs_run HV CMD...: run an Open vSwitch command against the daemons of
# hypervisor HV (1 or 2), in its namespace.
topo_ovs_run()
{
	local hv=$1 d=$TOPO_OVS_DIR/hv$1

	shift
	OVS_RUNDIR=$d OVS_DBDIR=$d OVS_LOGDIR=$d OVS_SYSCONFDIR=$d \
		ip netns exec "$(topo_ns ovs "hv$hv")" "$@"
}

# topo_ovs_hex IP: Neutron's tunnel port name suffix (192.0.2.2 -> c0000202)
topo_ovs_hex()
{
	local a b c d

	IFS=. read -r a b c d <<< "$1"
	printf '%02x%02x%02x%02x' "$a" "$b" "$c" "$d"
}

# topo_ovs: the Open vSwitch agent's variant. OpenFlow port numbers: br-int
# patch-tun 1, tapN 10+N; br-tun patch-int 1, the vxlan port 2.
topo_ovs()
{
	local h vm other d vx vsctl flows mac ip

	command -v ovs-vswitchd > /dev/null ||
		{ echo "ovs-vswitchd not installed (openvswitch-switch)"; return 1; }
	modprobe openvswitch || return 1
	topo_common ovs || return 1
	for h in 1 2; do
		other=$((3 - h))
		d=$TOPO_OVS_DIR/hv$h
		vx=vxlan-$(topo_ovs_hex "$(topo_vtep $other)")
		rm -rf "$d"
		mkdir -p "$d" || return 1
		ovsdb-tool create "$d/conf.db" \
			/usr/share/openvswitch/vswitch.ovsschema || return 1
		topo_ovs_run $h ovsdb-server "$d/conf.db" \
			--remote="punix:$d/db.sock" --pidfile="$d/ovsdb-server.pid" \
			--unixctl="$d/ovsdb-server.ctl" --log-file="$d/ovsdb-server.log" \
			--no-chdir --detach -vconsole:off || return 1
		topo_ovs_run $h ovs-vsctl --db="unix:$d/db.sock" --no-wait \
			--no-syslog init || return 1
		topo_ovs_run $h ovs-vswitchd "unix:$d/db.sock" \
			--pidfile="$d/ovs-vswitchd.pid" --unixctl="$d/ovs-vswitchd.ctl" \
			--log-file="$d/ovs-vswitchd.log" --no-chdir --detach \
			-vconsole:off || return 1
		# shellcheck disable=SC2054 # commas inside protocols=
		vsctl=(--timeout=120 --db="unix:$d/db.sock" --no-syslog
		       -- add-br br-int -- set-fail-mode br-int secure
		       -- set Bridge br-int protocols=OpenFlow10,OpenFlow13
		       -- add-port br-int patch-tun
		       -- set Interface patch-tun type=patch options:peer=patch-int
			  ofport_request=1
		       -- add-br br-tun -- set-fail-mode br-tun secure
		       -- set Bridge br-tun protocols=OpenFlow10,OpenFlow13
		       -- add-port br-tun patch-int
		       -- set Interface patch-int type=patch options:peer=patch-tun
			  ofport_request=1
		       -- add-port br-tun "$vx"
		       -- set Interface "$vx" type=vxlan ofport_request=2
			  options:remote_ip="$(topo_vtep $other)"
			  options:local_ip="$(topo_vtep $h)" options:in_key=flow
			  options:out_key=flow options:dst_port=4789
			  options:df_default=true options:egress_pkt_mark=0)
		flows="table=0,priority=65535,vlan_tci=0x0fff/0x1fff,actions=drop
table=0,priority=0,actions=goto_table:60
table=23,priority=0,actions=drop
table=24,priority=0,actions=drop
table=25,priority=0,actions=drop
table=60,priority=3,actions=NORMAL"
		for vm in $(topo_vms ovs); do
			[ "$(topo_hv "$vm")" = $h ] || continue
			mac=$(topo_vm_mac "$vm")
			ip=$(topo_vm_ip "$vm")
			vsctl+=(-- add-port br-int "tap$vm" tag=1
				-- set Interface "tap$vm" ofport_request=$((10 + vm))
				   external-ids:attached-mac="$mac")
			flows="$flows
table=0,priority=10,arp,in_port=$((10 + vm)),actions=goto_table:24
table=0,priority=9,in_port=$((10 + vm)),actions=goto_table:25
table=24,priority=2,arp,in_port=$((10 + vm)),arp_spa=$ip,actions=goto_table:25
table=25,priority=2,in_port=$((10 + vm)),dl_src=$mac,actions=goto_table:60"
		done
		topo_ovs_run $h ovs-vsctl "${vsctl[@]}" || return 1
		topo_ovs_run $h ovs-ofctl -O OpenFlow13 replace-flows br-int - \
			<<< "$flows" || return 1
		flows="table=0,priority=1,in_port=1,actions=goto_table:2
table=0,priority=1,in_port=2,actions=goto_table:4
table=0,priority=0,actions=drop
table=2,priority=0,dl_dst=00:00:00:00:00:00/01:00:00:00:00:00,actions=goto_table:20
table=2,priority=0,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=goto_table:22
table=3,priority=0,actions=drop
table=4,priority=1,tun_id=$TOPO_VNI,actions=push_vlan:0x8100,set_field:4097->vlan_vid,goto_table:10
table=4,priority=0,actions=drop
table=6,priority=0,actions=drop
table=10,priority=1,actions=learn(table=20,hard_timeout=300,priority=1,NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],load:0->NXM_OF_VLAN_TCI[],load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[],output:OXM_OF_IN_PORT[]),output:1
table=20,priority=0,actions=goto_table:22
table=22,priority=1,dl_vlan=1,actions=pop_vlan,set_field:$TOPO_VNI->tun_id,output:2
table=22,priority=0,actions=drop"
		for vm in $(topo_vms ovs); do
			[ "$(topo_hv "$vm")" = $h ] && continue
			flows="$flows
table=20,priority=2,dl_vlan=1,dl_dst=$(topo_vm_mac "$vm"),actions=pop_vlan,set_field:$TOPO_VNI->tun_id,output:2"
		done
		topo_ovs_run $h ovs-ofctl -O OpenFlow13 replace-flows br-tun - \
			<<< "$flows" || return 1
	done
}

# topo_ovs_stop: stop the Open vSwitch daemons of the ovs variant.
topo_ovs_stop()
{
	local h p f

	for h in 1 2; do
		for p in ovs-vswitchd ovsdb-server; do
			f=$TOPO_OVS_DIR/hv$h/$p.pid
			[ -f "$f" ] && kill "$(cat "$f")" 2> /dev/null
		done
	done
	for h in 1 2; do
		for p in ovs-vswitchd ovsdb-server; do
			f=$TOPO_OVS_DIR/hv$h/$p.pid
			# the daemons remove their pid file on exit
			for _ in 1 2 3 4 5 6 7 8 9 10; do
				[ -f "$f" ] || break
				sleep 0.5
			done
		done
	done
	return 0
}

# topo_destroy VARIANT
topo_destroy()
{
	local n

	[ "$1" = ovs ] && topo_ovs_stop
	for n in hv1 hv2 vm1 vm2 vm3 vm4 vm5 rtr1 rtr2 fip1 out vlan; do
		ip netns del "$(topo_ns "$1" $n)" 2> /dev/null
	done
	return 0
}
