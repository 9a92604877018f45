#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Topology helpers for bench/bench.sh (sourced, not run).
#
# The same two-hypervisor topology (spec section 8), built in two variants
# that live side by side in separate namespaces:
#
#          VM1          VM2                            VM3
#   10.0.0.1/24  10.0.0.2/24                   10.0.0.3/24
#        eth0         eth0                           eth0
#          |            |                              |
#        tap1         tap2                           tap3
#   +------------------------+   underlay   +------------------------+
#   | HV1           192.0.2.1|ul0 ------ ul0|192.0.2.2            HV2 |
#   +------------------------+     veth     +------------------------+
#
#   hnet:   per hypervisor an hnet device hnet0 (vtep = the ul0 address),
#           network 1 (VNI 100), the taps as ports, the other hypervisor's
#           VMs as remotes and its VTEP as flood entry.
#   native: what Neutron's Linux bridge agent (with l2population) builds:
#           per hypervisor and network a bridge brq1 and a vxlan device
#           vxlan-100 (id 100 dstport 4789 local VTEP nolearning) in it, the
#           taps enslaved to the bridge, "bridge fdb" entries for the remote
#           MACs and an all-zero flood entry per remote VTEP.
#
# Namespaces: hb-VARIANT-hv1, -hv2, -vm1, -vm2, -vm3. All links have the
# VXLAN network MTU (1450 = 1500 - 50), as Neutron sets it; IPv6 is off.

TOPO_VNI=100
TOPO_MTU=1450
TOPO_VMS="1 2 3"

# topo_hv VM: the hypervisor (1 or 2) of a VM
topo_hv()
{
	if [ "$1" -le 2 ]; then
		echo 1
	else
		echo 2
	fi
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
	echo "10.0.0.$1"
}

topo_vtep()
{
	echo "192.0.2.$1"
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
	for vm in $TOPO_VMS; do
		topo_netns "$(topo_ns "$v" "vm$vm")" || return 1
	done
	ip -n "$(topo_ns "$v" hv1)" link add ul0 type veth \
		peer name ul0 netns "$(topo_ns "$v" hv2)" || return 1
	for h in 1 2; do
		ip -n "$(topo_ns "$v" "hv$h")" -b - <<-EOF || return 1
			addr add $(topo_vtep $h)/24 dev ul0
			link set ul0 up
		EOF
	done
	for vm in $TOPO_VMS; do
		hv=$(topo_ns "$v" "hv$(topo_hv "$vm")")
		ip -n "$hv" link add "tap$vm" mtu $TOPO_MTU type veth peer name eth0 \
			netns "$(topo_ns "$v" "vm$vm")" || return 1
		ip -n "$hv" link set "tap$vm" up || return 1
		ip -n "$(topo_ns "$v" "vm$vm")" -b - <<-EOF || return 1
			link set eth0 address $(topo_vm_mac "$vm") mtu $TOPO_MTU up
			addr add $(topo_vm_ip "$vm")/24 dev eth0
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
	local h vm other cmds

	topo_common hnet || return 1
	for h in 1 2; do
		ip -n "$(topo_ns hnet "hv$h")" link add hnet0 type hnet || return 1
		ip -n "$(topo_ns hnet "hv$h")" link set hnet0 up || return 1
		other=$((3 - h))
		cmds="dev set vtep $(topo_vtep $h)
network add 1 vni $TOPO_VNI mtu $TOPO_MTU"
		for vm in $TOPO_VMS; do
			if [ "$(topo_hv "$vm")" = $h ]; then
				cmds="$cmds
port add tap$vm network 1 mac $(topo_vm_mac "$vm") ip $(topo_vm_ip "$vm")"
			else
				cmds="$cmds
remote add network 1 mac $(topo_vm_mac "$vm") ip $(topo_vm_ip "$vm") vtep $(topo_vtep $other)"
			fi
		done
		cmds="$cmds
flood add network 1 vtep $(topo_vtep $other)"
		"$HNETCTL" -n "$(topo_ns hnet "hv$h")" -b - <<< "$cmds" || return 1
	done
}

# topo_native: the Linux bridge agent's variant.
topo_native()
{
	local h vm other cmds

	topo_common native || return 1
	for h in 1 2; do
		other=$((3 - h))
		cmds="link add brq1 type bridge
link add vxlan-$TOPO_VNI type vxlan id $TOPO_VNI dstport 4789 local $(topo_vtep $h) dev ul0 nolearning
link set vxlan-$TOPO_VNI master brq1 up
link set brq1 up"
		for vm in $TOPO_VMS; do
			if [ "$(topo_hv "$vm")" = $h ]; then
				cmds="$cmds
link set tap$vm master brq1"
			fi
		done
		ip -n "$(topo_ns native "hv$h")" -b - <<< "$cmds" || return 1
		cmds="fdb append 00:00:00:00:00:00 dev vxlan-$TOPO_VNI dst $(topo_vtep $other)"
		for vm in $TOPO_VMS; do
			[ "$(topo_hv "$vm")" = $h ] && continue
			cmds="$cmds
fdb replace $(topo_vm_mac "$vm") dev vxlan-$TOPO_VNI dst $(topo_vtep $other)"
		done
		bridge -n "$(topo_ns native "hv$h")" -b - <<< "$cmds" || return 1
	done
}

# topo_destroy VARIANT
topo_destroy()
{
	local n

	for n in hv1 hv2 vm1 vm2 vm3; do
		ip netns del "$(topo_ns "$1" $n)" 2> /dev/null
	done
	return 0
}
