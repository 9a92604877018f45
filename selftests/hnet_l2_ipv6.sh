#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IPv6 on tenant networks (issue 6): fixed IPv6 addresses of ports and
# remotes, IPv6 allowed prefixes, IPv6 port security, neighbour discovery
# suppression and the drop of link-local control frames.
#
#  1. the configuration shows the IPv6 addresses (text and JSON);
#  2. the VMs' own IPv6 stacks (EUI-64 link-local addresses, duplicate
#     address detection from ::, MLD, neighbour discovery) work through
#     port security: ping on one and across two hypervisors, nothing
#     counted as spoofed, and no solicitation for a known address on the
#     underlay;
#  3. crafted frames (scapy, one run): neighbour solicitations for known
#     addresses are answered by hnet (exact advertisement), others and DAD
#     probes are flooded; spoofed IPv6 sources, router advertisements,
#     redirects, DHCPv4 and DHCPv6 server messages, advertisements for a
#     foreign address or with a foreign link-layer address, fragmented
#     neighbour discovery and non-first fragments from :: are dropped as
#     spoofed, truncated headers as malformed, STP/LACP/802.1X as control
#     (from a port with security on, from one with security off, and from
#     the underlay); allowed prefixes, link-local and fragments pass.
#
#   hv1: vm1 10.0.0.1 fd00::1 (allow fd00:5::/64 mac MA, allow fd00::100)
#        vm2 10.0.0.2 fd00::2 (security off)
#        remotes vm3 (fd00::3) and M8 (fd00::8, no VM behind it)
#   hv2: vm3 10.0.0.3 fd00::3

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"

topo_require ethtool
topo_require_scapy

M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
M3=02:00:00:00:00:03
M8=02:00:00:00:00:08
MA=02:00:00:00:aa:0a
# The EUI-64 link-local address of M3.
LL3=fe80::ff:fe00:3

section "topology"
topo_underlay
topo_hv 1
topo_hv 2
topo_net 1 100
topo_vm vm1 1 1 $M1 10.0.0.1 ip fd00::1 allow fd00:5::/64 mac $MA allow fd00::100
topo_vm vm2 1 1 $M2 10.0.0.2 ip fd00::2 security off
topo_vm vm3 2 1 $M3 10.0.0.3 ip fd00::3
topo_apply nol2pop
HV1=${HV_NS[1]}
HV2=${HV_NS[2]}
# What l2population would push, with the IPv6 addresses.
cat > "$TMPD/l2pop1" << EOF
remote add network 1 mac $M3 ip 10.0.0.3 ip fd00::3 vtep 192.0.2.2
remote add network 1 mac $M8 ip fd00::8 vtep 192.0.2.2
flood add network 1 vtep 192.0.2.2
EOF
cat > "$TMPD/l2pop2" << EOF
remote add network 1 mac $M1 ip 10.0.0.1 ip fd00::1 vtep 192.0.2.1
remote add network 1 mac $M2 ip 10.0.0.2 ip fd00::2 vtep 192.0.2.1
flood add network 1 vtep 192.0.2.1
EOF
setup hn "$HV1" -b "$TMPD/l2pop1"
setup hn "$HV2" -b "$TMPD/l2pop2"

section "configuration"
expect_jq "port vm1: fixed IPs of both families, IPv6 allowed prefixes" \
	'.[0] | [.ips, .allowed, .security]' \
	"[[\"10.0.0.1\",\"fd00::1\"],[{\"prefix\":\"fd00:5::/64\",\"mac\":\"$MA\"},{\"prefix\":\"fd00::100/128\",\"mac\":\"$M1\"}],true]" \
	hn "$HV1" -j port show vm1
expect_out "port vm1 (text)" \
	"port vm1 network 1 mac $M1 ip 10.0.0.1 ip fd00::1 allow fd00:5::/64 mac $MA allow fd00::100/128 mac $M1 security on" \
	hn "$HV1" port show vm1
expect_jq "remotes on hv1 with their IPv6 addresses" '[.[] | [.mac, .ips]]' \
	"[[\"$M3\",[\"10.0.0.3\",\"fd00::3\"]],[\"$M8\",[\"fd00::8\"]]]" \
	hn "$HV1" -j remote show
expect_out "remotes (text)" \
	"remote network 1 mac $M3 ip 10.0.0.3 ip fd00::3 vtep 192.0.2.2"$'\n'"remote network 1 mac $M8 ip fd00::8 vtep 192.0.2.2" \
	hn "$HV1" remote show network 1

# ethtool_snap HV ARRAY: ARRAY[name] = every counter of hnet0 on hv HV
# (ethtool -S: the drop reasons that hnetctl does not show, control).
ethtool_snap()
{
	local -n __e=$2
	local k v

	__e=()
	run ip netns exec "${HV_NS[$1]}" ethtool -S hnet0
	while read -r k v; do
		[ -n "$v" ] && __e[${k%:}]=$v
	done <<< "$OUT"
}

# --- the VMs' own IPv6 stacks -------------------------------------------------
section "IPv6 stacks of the VMs"
stats_snap
stats_save
cap_start ul1 "$HV1" ul0 udp port 4789
# No router solicitations (there is no router), the rest as a VM does it:
# EUI-64 link-local address, DAD from ::, MLD reports.
for v in vm1 vm2 vm3; do
	setup vmx $v sysctl -qw net.ipv6.conf.eth0.router_solicitations=0 \
		net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0 \
		net.ipv6.conf.eth0.disable_ipv6=0
	setup ip -n "${VM_NS[$v]}" -6 addr add "fd00::${v#vm}/64" dev eth0
done
tentative()
{
	local v

	for v in vm1 vm2 vm3; do
		run ip -n "${VM_NS[$v]}" -6 addr show dev eth0 tentative
		[ -n "$OUT" ] && return 0
	done
	return 1
}
for ((i = 0; i < 50; i++)); do
	tentative || break
	sleep 0.2
done
tentative && fail "duplicate address detection ends in the VMs" "$OUT"
expect_ping "vm1 -> vm2 (same hypervisor), 3 of 3" vm1 fd00::2 3
expect_ping "vm1 -> vm3 (other hypervisor), 3 of 3" vm1 fd00::3 3
expect_ping "vm3 -> vm1, 3 of 3" vm3 fd00::1 3
expect_ping "vm1 -> vm3 by link-local address, 3 of 3" vm1 "$LL3%eth0" 3
cap_stop ul1
stats_snap
log_deltas "*drop*"
expect_delta "hv1: nothing spoofed" 1:dev.drop_spoofed 0
expect_delta "hv2: nothing spoofed" 2:dev.drop_spoofed 0
expect_delta "hv1: nothing malformed" 1:dev.drop_malformed 0
expect_delta "hv2: nothing malformed" 2:dev.drop_malformed 0
run ip -n "${VM_NS[vm1]}" -6 neigh show fd00::3 dev eth0
expect_match "vm1's neighbour fd00::3 is vm3's MAC" "$OUT" "fd00::3 lladdr $M3 .*"
run ip -n "${VM_NS[vm3]}" -6 neigh show fd00::1 dev eth0
expect_match "vm3's neighbour fd00::1 is vm1's MAC" "$OUT" "fd00::1 lladdr $M1 .*"
# Inner IPv6 header at udp[30]: next header udp[36], source udp[38:16],
# ICMPv6 type udp[70], target udp[78:16].
NS_F="$VXLAN_F and udp[28:2] = 0x86dd and udp[36] = 58 and udp[70] = 135"
cap_count ul1 "$NS_F and udp[38:4] != 0 and udp[78:2] = 0xfd00"
expect_eq "no solicitation for fd00:: addresses crossed the underlay (answered by hnet)" "$CAP_N" 0
cap_count ul1 "$NS_F and udp[38:4] != 0 and udp[78:2] = 0xfe80"
expect_match "the solicitations for the link-local address did (flooded)" "$CAP_N" "[1-9][0-9]*"
cap_count ul1 "$NS_F and udp[38:4] = 0"
expect_match "so did the VMs' DAD probes" "$CAP_N" "[1-9][0-9]*"

# --- crafted frames -------------------------------------------------------------
# Run in vm1's namespace; frames of vm2 and of the underlay (hv2) are sent
# from those namespaces (setns), so that scapy is imported once.  First the
# neighbour solicitations, each answered (the advertisement, checked) or
# not within 1 s; then every frame by name.  Unicast frames go to vm2 as
# ICMPv6 echo replies or advertisements, which vm2's stack swallows.
PKT_PY='
import ctypes, os, socket, sys, time
from scapy.all import (ARP, BOOTP, Dot3, Ether, ICMPv6EchoReply,
    ICMPv6EchoRequest, ICMPv6MLReport2, ICMPv6ND_NA, ICMPv6ND_NS,
    ICMPv6ND_RA, ICMPv6ND_Redirect, ICMPv6NDOptDstLLAddr,
    ICMPv6NDOptSrcLLAddr, IP, IPv6, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop,
    LLC, Raw, RouterAlert, STP, UDP, VXLAN, conf, in6_getnsma, in6_getnsmac,
    raw, sendp, srp1)
conf.verb = 0
M1, M2, M3 = "02:00:00:00:00:01", "02:00:00:00:00:02", "02:00:00:00:00:03"
MA, MX = "02:00:00:00:aa:0a", "02:66:66:66:66:66"
L1, L2, LA = "fe80::ff:fe00:1", "fe80::ff:fe00:2", "fe80::ff:fe00:aa0a"
ns_vm1, ns_vm2, ns_hv2 = sys.argv[1:4]
libc = ctypes.CDLL(None, use_errno=True)
def enter(ns):
    fd = os.open("/run/netns/" + ns, os.O_RDONLY)
    if libc.setns(fd, 0x40000000):
        raise OSError(ctypes.get_errno(), "setns " + ns)
    os.close(fd)
def nsma(addr):
    return socket.inet_ntop(socket.AF_INET6,
                            in6_getnsma(socket.inet_pton(socket.AF_INET6, addr)))
def ns(src, tgt, smac=M1, slla=None):
    p = Ether(src=smac, dst=in6_getnsmac(socket.inet_pton(socket.AF_INET6, nsma(tgt)))) / \
        IPv6(src=src, dst=nsma(tgt), hlim=255) / ICMPv6ND_NS(tgt=tgt)
    if slla:
        p = p / ICMPv6NDOptSrcLLAddr(lladdr=slla)
    return p
def na(src, dst, tgt, tlla, dmac=M2):
    return Ether(src=M1, dst=dmac) / IPv6(src=src, dst=dst, hlim=255) / \
        ICMPv6ND_NA(tgt=tgt, R=0, S=0, O=1) / ICMPv6NDOptDstLLAddr(lladdr=tlla)
def echo(smac, src, dst="fd00::2"):
    return Ether(src=smac, dst=M2) / IPv6(src=src, dst=dst) / \
        ICMPv6EchoReply(id=7, data=b"hnet" * 8)
def udp6(sport, dport, dst, dmac):
    return Ether(src=M1, dst=dmac) / IPv6(src=L1, dst=dst) / \
        UDP(sport=sport, dport=dport) / Raw(b"\x01\x00\x00\x01" + b"\x00" * 12)
def frag(src, offset, m=0, payload=None, dst="fd00::2", dmac=M2):
    return Ether(src=M1, dst=dmac) / IPv6(src=src, dst=dst) / \
        IPv6ExtHdrFragment(offset=offset, m=m, id=0x1234, nh=58) / \
        (payload if payload is not None else Raw(b"x" * 16))
def stp(smac):
    return Dot3(src=smac, dst="01:80:c2:00:00:00") / LLC(dsap=0x42, ssap=0x42, ctrl=3) / STP()
frames = {
    # pass
    "g-echo": echo(M1, "fd00::1"),
    "g-ll": echo(M1, L1, L2),
    "g-pair": echo(MA, "fd00:5::7"),
    "g-pair128": echo(M1, "fd00::100"),
    "g-pair-ll": echo(MA, LA, L2),
    "g-mld": Ether(src=M1, dst="33:33:00:00:00:16") /
        IPv6(src="::", dst="ff02::16", hlim=1) /
        IPv6ExtHdrHopByHop(options=[RouterAlert()]) / ICMPv6MLReport2(),
    "g-na": na("fd00::1", "fd00::2", "fd00::1", M1),
    "g-dhcp6-client": udp6(546, 547, "ff02::1:2", "33:33:00:01:00:02"),
    "g-frag": frag("fd00::1", 100),
    # spoofed
    "s-src": echo(M1, "fd00::66"),
    "s-ll": echo(M1, "fe80::1", L2),
    "s-ll-other": echo(M1, L2, L2),
    "s-pair-mac": echo(M1, "fd00:5::7"),
    "s-unspec": Ether(src=M1, dst=M2) / IPv6(src="::", dst="fd00::2") / ICMPv6EchoRequest(),
    "s-ra": Ether(src=M1, dst="33:33:00:00:00:01") /
        IPv6(src=L1, dst="ff02::1", hlim=255) / ICMPv6ND_RA(),
    "s-redirect": Ether(src=M1, dst=M2) / IPv6(src=L1, dst="fd00::2", hlim=255) /
        ICMPv6ND_Redirect(tgt=L1, dst="fd00::99"),
    "s-dhcp6-server": udp6(547, 546, L2, M2),
    "s-dhcp4-server": Ether(src=M1, dst="ff:ff:ff:ff:ff:ff") /
        IP(src="10.0.0.1", dst="255.255.255.255") / UDP(sport=67, dport=68) /
        BOOTP(op=2, yiaddr="10.0.0.2", chaddr=bytes.fromhex("020000000002")),
    "s-na-foreign": na("fd00::1", "ff02::1", "fd00::2", M1, "33:33:00:00:00:01"),
    "s-na-tlla": na("fd00::1", "fd00::2", "fd00::1", MX),
    "s-ns-slla": ns("fd00::1", "fd00::2", slla=MX),
    "s-frag-unspec": frag("::", 100),
    "s-frag-ns": frag("fd00::1", 0, 1, ICMPv6ND_NS(tgt="fd00::2"), nsma("fd00::2"),
                      "33:33:ff:00:00:02"),
    "s-arp-reply0": Ether(src=M1, dst=M2) /
        ARP(op=2, hwsrc=M1, psrc="0.0.0.0", hwdst=M2, pdst="10.0.0.2"),
    # malformed
    "m-trunc": Ether(src=M1, dst=M2, type=0x86dd) / Raw(b"\x60" + b"\x00" * 19),
    "m-chain": Ether(src=M1, dst=M2) / IPv6(src="fd00::1", dst="fd00::2", nh=0) /
        Raw(b"\x3a\x09" + b"\x00" * 6),
    "m-na-short": Ether(src=M1, dst=M2) / IPv6(src="fd00::1", dst="fd00::2", nh=58, hlim=255) /
        Raw(b"\x88\x00\x00\x00\x60\x00\x00\x00"),
    # control
    "c-stp": stp(M1),
    "c-lacp": Ether(src=M1, dst="01:80:c2:00:00:02", type=0x8809) /
        Raw(b"\x01\x01" + b"\x00" * 108),
    "c-eapol": Ether(src=M1, dst="01:80:c2:00:00:03", type=0x888e) /
        Raw(b"\x01\x01\x00\x00"),
    "c-stp-vm2": stp(M2),
}
def na_info(r):
    e, ip6, a = r[Ether], r[IPv6], r[ICMPv6ND_NA]
    tlla = r[ICMPv6NDOptDstLLAddr].lladdr if ICMPv6NDOptDstLLAddr in r else "-"
    q = ip6.copy()
    del q[ICMPv6ND_NA].cksum
    good = IPv6(raw(q))[ICMPv6ND_NA].cksum == a.cksum
    return "na eth %s>%s ip6 %s>%s hlim %d R%d S%d O%d tgt %s tlla %s cksum %s" % (
        e.src, e.dst, ip6.src, ip6.dst, ip6.hlim, a.R, a.S, a.O, a.tgt, tlla,
        "ok" if good else "BAD")
for q in sys.argv[4].split():
    name, src, tgt = q.split(",")
    r = srp1(ns(src, tgt, slla=None if src == "::" else M1), iface="eth0", timeout=1)
    print(name, na_info(r) if r is not None and ICMPv6ND_NA in r else "none", flush=True)
for item in sys.argv[5:]:
    where, name = item.split(":")
    if where == "ul":
        enter(ns_hv2)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.sendto(raw(VXLAN(flags=0x08, vni=100) / stp(M3)), ("192.0.2.1", 4789))
        s.close()
    else:
        enter(ns_vm2 if where == "vm2" else ns_vm1)
        sendp(frames[name], iface="eth0")
    print("sent", item, flush=True)
    time.sleep(0.02)
'

PASS6="g-echo g-ll g-pair g-pair128 g-pair-ll g-mld g-na g-dhcp6-client g-frag"
SPOOF6="s-src s-ll s-ll-other s-pair-mac s-unspec s-ra s-redirect s-dhcp6-server
	s-dhcp4-server s-na-foreign s-na-tlla s-ns-slla s-frag-unspec s-frag-ns s-arp-reply0"
MALFORMED6="m-trunc m-chain m-na-short"
CONTROL="c-stp c-lacp c-eapol"
QUERIES="remote,fd00::1,fd00::3 nobody,fd00::1,fd00::8 local,fd00::1,fd00::2
	unknown,fd00::1,fd00::77 own,fd00::1,fd00::1 dad,::,fd00::8"
items=()
for f in $PASS6 $SPOOF6 $MALFORMED6 $CONTROL; do
	items+=("vm1:$f")
done
items+=("vm2:c-stp-vm2" "ul:c-stp")

section "crafted frames"
stats_snap
stats_save
ethtool_snap 1 E0
cap_start ul1 "$HV1" ul0 udp port 4789
cap_start p2 "$HV1" vm2
run vmx vm1 "$PYTHON" -c "$PKT_PY" "${VM_NS[vm1]}" "${VM_NS[vm2]}" "$HV2" "$QUERIES" \
	"${items[@]}"
[ "$RC" -ne 0 ] && fail "scapy sends the frames" "exit $RC: $ERR"
PYOUT=$OUT
cap_stop ul1
cap_stop p2
stats_snap
ethtool_snap 1 E1
log "$(grep -v '^sent' <<< "$PYOUT")"
log_deltas "*drop*"

declare -A NA
while read -r name rest; do
	[ "$name" != sent ] && [ -n "$name" ] && NA[$name]=$rest
done <<< "$PYOUT"
expect_eq "NS for a remote's address (vm3 fd00::3): answered by hnet" "${NA[remote]}" \
	"na eth $M3>$M1 ip6 fd00::3>fd00::1 hlim 255 R0 S1 O1 tgt fd00::3 tlla $M3 cksum ok"
expect_eq "NS for a remote's address with no VM behind it (fd00::8): answered" "${NA[nobody]}" \
	"na eth $M8>$M1 ip6 fd00::8>fd00::1 hlim 255 R0 S1 O1 tgt fd00::8 tlla $M8 cksum ok"
expect_eq "NS for a local port's address (vm2 fd00::2): answered" "${NA[local]}" \
	"na eth $M2>$M1 ip6 fd00::2>fd00::1 hlim 255 R0 S1 O1 tgt fd00::2 tlla $M2 cksum ok"
expect_eq "NS for an unknown address: not answered" "${NA[unknown]}" none
expect_eq "NS for the sender's own address: not answered" "${NA[own]}" none
expect_eq "DAD probe (from ::) for a known address: not answered" "${NA[dad]}" none

# Inner target (last 32 bits) at udp[90:4].
cap_count ul1 "$NS_F and udp[38:4] != 0 and (udp[90:4] = 3 or udp[90:4] = 8 or udp[90:4] = 2)"
expect_eq "answered solicitations: none on the underlay" "$CAP_N" 0
cap_count ul1 "$NS_F and udp[38:4] = 0 and udp[90:4] = 8"
expect_eq "the DAD probe: flooded (one copy to hv2)" "$CAP_N" 1
cap_count ul1 "$NS_F and udp[38:4] != 0 and udp[90:4] = 0x77"
expect_eq "the unknown one: flooded" "$CAP_N" 1
cap_count ul1 "$NS_F and udp[38:4] != 0 and udp[90:4] = 1"
expect_eq "the one for the sender's own address: flooded" "$CAP_N" 1
cap_count p2 "not ether src $M2 and icmp6 and ip6[40] = 135 and ip6[60:4] = 2"
expect_eq "vm2's port: no solicitation for vm2's address (answered by hnet)" "$CAP_N" 0

n_spoof=$(wc -w <<< "$SPOOF6")
expect_delta "hv1: drop_spoofed exactly the $n_spoof spoofed frames" 1:dev.drop_spoofed "$n_spoof"
expect_delta "hv1: drop_malformed exactly the 3 truncated ones" 1:dev.drop_malformed 3
delta_e=$((${E1[drop_control]:-0} - ${E0[drop_control]:-0}))
expect_eq "hv1: drop_control: STP, LACP, 802.1X from vm1, STP from vm2 (security off) and from the underlay" \
	"$delta_e" 5
expect_delta "hv1: no drop without destination" 1:dev.drop_no_dest 0
expect_delta "hv1: drops = spoofed + malformed + control" 1:dev.drops $((n_spoof + 3 + 5))
expect_delta "hv2: no drops" 2:dev.drops 0

F2="not ether src $M2"
cap_count p2 "$F2 and icmp6 and ip6[40] = 129"
expect_eq "vm2 got the 5 allowed echo replies (fixed IP, link-local, pairs)" "$CAP_N" 5
cap_count p2 "$F2 and ether src $MA and (src host fd00:5::7 or src host fe80::ff:fe00:aa0a)"
expect_eq "... 2 of them from the allowed pair's MAC" "$CAP_N" 2
cap_count p2 "$F2 and icmp6 and ip6[40] = 136"
expect_eq "vm2 got exactly one advertisement (vm1's own)" "$CAP_N" 1
cap_count p2 "$F2 and ip6 and ip6[6] = 44"
expect_eq "vm2 got the non-first fragment from fd00::1, no other fragment" "$CAP_N" 1
cap_count p2 "$F2 and src host :: and ip6[6] = 0"
expect_eq "vm2 got the MLD report from :: (behind a hop-by-hop header)" "$CAP_N" 1
cap_count p2 "$F2 and udp dst port 547"
expect_eq "vm2 got the DHCPv6 client's message" "$CAP_N" 1
cap_count p2 "$F2 and (icmp6 and (ip6[40] = 134 or ip6[40] = 137))"
expect_eq "vm2 got no router advertisement or redirect" "$CAP_N" 0
cap_count p2 "$F2 and (udp src port 547 or udp src port 67)"
expect_eq "vm2 got no DHCP or DHCPv6 server message" "$CAP_N" 0
cap_count p2 "$F2 and (src host fd00::66 or src host fe80::1 or ether src 02:66:66:66:66:66)"
expect_eq "vm2 got none of the spoofed sources" "$CAP_N" 0
cap_count p2 "$F2 and ether[0:4] = 0x0180c200"
expect_eq "vm2 got no link-local control frame" "$CAP_N" 0
cap_count ul1 "src host 192.0.2.1 and $VXLAN_F and udp[16:4] = 0x0180c200"
expect_eq "no control frame sent on the underlay" "$CAP_N" 0
cap_count ul1 "src host 192.0.2.1 and $VXLAN_F and udp[28:2] = 0x86dd and udp[36] = 58 and (udp[70] = 134 or udp[70] = 137)"
expect_eq "no router advertisement or redirect on the underlay" "$CAP_N" 0

ksft_exit
