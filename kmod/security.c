// SPDX-License-Identifier: GPL-2.0
/*
 * Port security: what a VM may send on its port.  The source MAC must be
 * the port's or an allowed pair's, and the addresses the frame claims
 * (IPv4 or IPv6 source, ARP sender, the target of a neighbour
 * advertisement) must be the port's fixed IPs or inside its allowed pairs;
 * what only a router or a DHCP server may send (router advertisements,
 * redirects, DHCP and DHCPv6 server messages) a VM may not.  Called by the
 * datapath (datapath.c) for every frame of a port with security on, in
 * softirq under RCU.
 */

#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/addrconf.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "hnet.h"

#define HNET_DHCP_CLIENT_PORT	68
#define HNET_DHCP_SERVER_PORT	67
#define HNET_DHCPV6_CLIENT_PORT	546
#define HNET_DHCPV6_SERVER_PORT	547

static bool hnet_port_mac_ok(const struct hnet_port *port, const u8 *mac)
{
	int i;

	if (ether_addr_equal(mac, port->key.mac))
		return true;
	for (i = 0; i < port->n_allowed; i++)
		if (ether_addr_equal(mac, port->allowed[i].mac))
			return true;
	return false;
}

/* Whether @addr is inside the allowed pair's prefix, of the same family. */
static bool hnet_allowed_match(const struct hnet_allowed *a,
			       const struct in6_addr *addr)
{
	bool v4 = hnet_addr_is_v4(&a->addr);

	if (v4 != hnet_addr_is_v4(addr))
		return false;
	return ipv6_prefix_equal(addr, &a->addr,
				 v4 ? 96 + a->prefixlen : a->prefixlen);
}

/* Whether @port may use the address @addr (IPv4-mapped or IPv6) with the
 * MAC @mac: a fixed IP with the port's MAC, or inside an allowed pair's
 * prefix with that pair's MAC.
 */
static bool hnet_port_ip_ok(const struct hnet_port *port,
			    const struct in6_addr *addr, const u8 *mac)
{
	int i;

	if (ether_addr_equal(mac, port->key.mac))
		for (i = 0; i < port->n_ips; i++)
			if (ipv6_addr_equal(&port->ips[i], addr))
				return true;
	for (i = 0; i < port->n_allowed; i++)
		if (ether_addr_equal(mac, port->allowed[i].mac) &&
		    hnet_allowed_match(&port->allowed[i], addr))
			return true;
	return false;
}

static bool hnet_port_ipv4_ok_with(const struct hnet_port *port,
				   __be32 addr, const u8 *mac)
{
	struct in6_addr mapped;

	ipv6_addr_set_v4mapped(addr, &mapped);
	return hnet_port_ip_ok(port, &mapped, mac);
}

/*
 * Whether the port may use the IPv6 address @addr with @mac (one of the
 * port's MACs): as hnet_port_ip_ok(), or the link-local address that @mac
 * gives by stateless autoconfiguration (fe80::/64 and the modified EUI-64
 * interface identifier, RFC 4291 appendix A).
 */
static bool hnet_port_ip6_ok(const struct hnet_port *port,
			     const struct in6_addr *addr, const u8 *mac)
{
	struct in6_addr ll = {};

	if (hnet_port_ip_ok(port, addr, mac))
		return true;
	ll.s6_addr32[0] = htonl(0xfe800000);
	addrconf_addr_eui48(&ll.s6_addr[8], (const char *)mac);
	return ipv6_addr_equal(addr, &ll);
}

/* The UDP header at @off, or NULL (*@reason set) when it is truncated. */
static const struct udphdr *hnet_udp_hdr(struct sk_buff *skb, int off,
					 struct udphdr *buf,
					 enum hnet_drop_reason *reason)
{
	const struct udphdr *uh = skb_header_pointer(skb, off, sizeof(*buf),
						     buf);

	if (!uh)
		*reason = HNET_DROP_MALFORMED;
	return uh;
}

/*
 * Check an IPv4 packet.  Its source must be the port's (else 0.0.0.0 only
 * for a DHCP client's request, UDP 68 to 67), and it must not be a DHCP
 * server's message (UDP 67 to 68).  A fragment other than the first
 * carries no UDP header: only its source is checked.  True if the port
 * may send it, else false with the drop reason in @reason.
 */
static bool hnet_port_ipv4_ok(const struct hnet_port *port,
			      struct sk_buff *skb, const u8 *smac,
			      enum hnet_drop_reason *reason)
{
	const struct udphdr *uh = NULL;
	const struct iphdr *iph;
	struct udphdr _uh;
	unsigned int ihl;
	__be32 saddr;

	*reason = HNET_DROP_MALFORMED;
	if (!pskb_may_pull(skb, sizeof(*iph)))
		return false;
	iph = (const struct iphdr *)skb->data;
	ihl = iph->ihl * 4;
	if (iph->ihl < 5 || iph->version != 4 || !pskb_may_pull(skb, ihl))
		return false;
	iph = (const struct iphdr *)skb->data;
	saddr = iph->saddr;
	if (iph->protocol == IPPROTO_UDP && !(iph->frag_off & htons(IP_OFFSET))) {
		uh = hnet_udp_hdr(skb, ihl, &_uh, reason);
		if (!uh)
			return false;
	}

	*reason = HNET_DROP_SPOOFED;
	if (uh && uh->source == htons(HNET_DHCP_SERVER_PORT) &&
	    uh->dest == htons(HNET_DHCP_CLIENT_PORT))
		return false;
	if (hnet_port_ipv4_ok_with(port, saddr, smac))
		return true;
	return !saddr && uh && uh->source == htons(HNET_DHCP_CLIENT_PORT) &&
	       uh->dest == htons(HNET_DHCP_SERVER_PORT);
}

/*
 * The link-layer address options of type @type (source or target) among
 * the neighbour discovery options from @off to @end must carry @smac.
 */
static bool hnet_nd_opts_ok(struct sk_buff *skb, int off, int end, u8 type,
			    const u8 *smac, enum hnet_drop_reason *reason)
{
	u8 buf[sizeof(struct nd_opt_hdr) + ETH_ALEN];
	const u8 *opt;
	int len;

	while (off < end) {
		*reason = HNET_DROP_MALFORMED;
		opt = skb_header_pointer(skb, off, sizeof(struct nd_opt_hdr),
					 buf);
		if (!opt)
			return false;
		len = opt[1] << 3;
		if (!len || len > end - off)
			return false;
		if (opt[0] == type) {
			if (len < (int)sizeof(buf))
				return false;
			opt = skb_header_pointer(skb, off, sizeof(buf), buf);
			if (!opt)
				return false;
			*reason = HNET_DROP_SPOOFED;
			if (!ether_addr_equal(opt + sizeof(struct nd_opt_hdr),
					      smac))
				return false;
		}
		off += len;
	}
	return true;
}

/*
 * Check an ICMPv6 message at @off (the IPv6 payload ends at @end) that
 * came from an address the port may use.  Router advertisements and
 * redirects are a router's; a neighbour advertisement must be about an
 * address of the port, and its target link-layer address, and the source
 * link-layer address of a solicitation, must be the frame's source MAC.
 * Neighbour discovery is never fragmented (RFC 6980): a fragment of it is
 * refused, as it cannot be checked whole.
 */
static bool hnet_port_icmpv6_ok(const struct hnet_port *port,
				struct sk_buff *skb, int off, int end,
				u8 type, bool fragment, const u8 *smac,
				enum hnet_drop_reason *reason)
{
	const struct nd_msg *msg;
	struct nd_msg _msg;
	u8 opt;

	*reason = HNET_DROP_SPOOFED;
	switch (type) {
	case NDISC_ROUTER_SOLICITATION:
		if (fragment)
			return false;
		return hnet_nd_opts_ok(skb, off + sizeof(struct rs_msg), end,
				       ND_OPT_SOURCE_LL_ADDR, smac, reason);
	case NDISC_ROUTER_ADVERTISEMENT:
	case NDISC_REDIRECT:
		return false;
	case NDISC_NEIGHBOUR_SOLICITATION:
	case NDISC_NEIGHBOUR_ADVERTISEMENT:
		if (fragment)
			return false;
		msg = skb_header_pointer(skb, off, sizeof(_msg), &_msg);
		if (!msg || end - off < (int)sizeof(_msg)) {
			*reason = HNET_DROP_MALFORMED;
			return false;
		}
		opt = ND_OPT_SOURCE_LL_ADDR;
		if (type == NDISC_NEIGHBOUR_ADVERTISEMENT) {
			if (!hnet_port_ip6_ok(port, &msg->target, smac))
				return false;
			opt = ND_OPT_TARGET_LL_ADDR;
		}
		return hnet_nd_opts_ok(skb, off + sizeof(_msg), end, opt, smac,
				       reason);
	default:
		return true;
	}
}

/*
 * What a host sends from :: before it has an address: the neighbour
 * solicitations of duplicate address detection (RFC 4862 5.4.2) and MLD
 * reports (RFC 3590).  @type 0: no ICMPv6 message.
 */
static bool hnet_icmpv6_unspec_ok(u8 type)
{
	return type == NDISC_NEIGHBOUR_SOLICITATION ||
	       type == ICMPV6_MGM_REPORT || type == ICMPV6_MLD2_REPORT;
}

/*
 * Check an IPv6 packet: its source (see hnet_port_ip6_ok(); else :: only
 * for duplicate address detection and MLD reports, which precede any
 * usable address), then its ICMPv6 or UDP header, found past the extension
 * headers.  A fragment other than the first carries no upper-layer header:
 * only its source is checked (the first fragment carried the header, and
 * was checked by it).  A truncated or malformed header chain is
 * malformed.  True if the port may send it, else false with the drop
 * reason in @reason.
 */
static bool hnet_port_ipv6_ok(const struct hnet_port *port,
			      struct sk_buff *skb, const u8 *smac,
			      enum hnet_drop_reason *reason)
{
	int off = sizeof(struct ipv6hdr), end;
	const struct ipv6hdr *ip6h;
	const struct udphdr *uh;
	u8 proto, _type, type = 0;
	struct in6_addr saddr;
	__be16 frag_off = 0;
	struct udphdr _uh;
	bool l4 = true;
	const u8 *tp;

	*reason = HNET_DROP_MALFORMED;
	if (!pskb_may_pull(skb, sizeof(*ip6h)))
		return false;
	ip6h = (const struct ipv6hdr *)skb->data;
	end = sizeof(*ip6h) + ntohs(ip6h->payload_len);
	if (ip6h->version != 6 || end > skb->len)
		return false;
	if (!ip6h->payload_len)		/* a jumbogram or BIG TCP GSO */
		end = skb->len;
	saddr = ip6h->saddr;
	proto = ip6h->nexthdr;

	if (proto == NEXTHDR_NONE) {
		l4 = false;
	} else {
		off = ipv6_skip_exthdr(skb, off, &proto, &frag_off);
		if (off < 0)
			return false;
		l4 = !(frag_off & htons(IP6_OFFSET));
	}
	if (l4 && proto == IPPROTO_ICMPV6) {
		tp = skb_header_pointer(skb, off, sizeof(_type), &_type);
		if (!tp)
			return false;
		type = *tp;
	}

	*reason = HNET_DROP_SPOOFED;
	if (!hnet_port_ip6_ok(port, &saddr, smac) &&
	    !(ipv6_addr_any(&saddr) && hnet_icmpv6_unspec_ok(type)))
		return false;
	if (!l4)
		return true;

	switch (proto) {
	case IPPROTO_ICMPV6:
		return hnet_port_icmpv6_ok(port, skb, off, end, type,
					   frag_off != 0, smac, reason);
	case IPPROTO_UDP:
		uh = hnet_udp_hdr(skb, off, &_uh, reason);
		if (!uh)
			return false;
		return uh->source != htons(HNET_DHCPV6_SERVER_PORT) ||
		       uh->dest != htons(HNET_DHCPV6_CLIENT_PORT);
	default:
		return true;
	}
}

/*
 * Port security for the frame at skb->data (MAC header before it).  The
 * source MAC must be the port's or an allowed pair's; an IPv4 or IPv6
 * packet (hnet_port_ipv4_ok(), hnet_port_ipv6_ok()) and an ARP packet's
 * sender must belong to the port with that MAC (an ARP request may have
 * the sender IP 0.0.0.0: an address probe).  A frame still VLAN-tagged
 * after its outer tag was taken off (double tagging) would hide its
 * payload from these checks: spoofed.  Other protocols only need the MAC.
 * True if the frame may go on, else false with the drop reason in
 * @reason.  Fills @arp for an ARP packet.
 */
bool hnet_port_security_ok(const struct hnet_port *port, struct sk_buff *skb,
			   struct hnet_arp *arp, enum hnet_drop_reason *reason)
{
	u8 smac[ETH_ALEN];

	/* A copy: pulling the IP or ARP header may move the MAC header. */
	ether_addr_copy(smac, eth_hdr(skb)->h_source);
	*reason = HNET_DROP_SPOOFED;
	if (!hnet_port_mac_ok(port, smac) || eth_type_vlan(skb->protocol))
		return false;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		return hnet_port_ipv4_ok(port, skb, smac, reason);
	case htons(ETH_P_IPV6):
		return hnet_port_ipv6_ok(port, skb, smac, reason);
	case htons(ETH_P_ARP):
		if (!hnet_arp_parse(skb, arp)) {
			*reason = HNET_DROP_MALFORMED;
			return false;
		}
		if (!hnet_port_mac_ok(port, arp->sha))
			return false;
		if (hnet_port_ipv4_ok_with(port, arp->sip, arp->sha))
			return true;
		return !arp->sip && arp->op == htons(ARPOP_REQUEST);
	default:
		return true;
	}
}
