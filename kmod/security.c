// SPDX-License-Identifier: GPL-2.0
/*
 * Port security: what a VM may send on its port.  The source MAC must be
 * the port's or an allowed pair's, and the addresses the frame claims
 * (IPv4 source, ARP sender) must be the port's fixed IPs or inside its
 * allowed pairs.  Called by the datapath (datapath.c) for every frame of a
 * port with security on, in softirq under RCU.
 */

#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <net/ipv6.h>

#include "hnet.h"

#define HNET_DHCP_CLIENT_PORT	68
#define HNET_DHCP_SERVER_PORT	67

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

/* A DHCP client's discovery: 0.0.0.0:68 -> :67 over UDP. */
static bool hnet_is_dhcp_client(struct sk_buff *skb)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	unsigned int ihl = iph->ihl * 4;
	const struct udphdr *uh;

	if (iph->protocol != IPPROTO_UDP || ip_is_fragment(iph) ||
	    !pskb_may_pull(skb, ihl + sizeof(*uh)))
		return false;
	uh = (const struct udphdr *)(skb->data + ihl);
	return uh->source == htons(HNET_DHCP_CLIENT_PORT) &&
	       uh->dest == htons(HNET_DHCP_SERVER_PORT);
}

/*
 * Check an IPv4 packet's source address.  True if the port may send it,
 * else false with the drop reason in @reason.
 */
static bool hnet_port_ipv4_ok(const struct hnet_port *port,
			      struct sk_buff *skb, const u8 *smac,
			      enum hnet_drop_reason *reason)
{
	const struct iphdr *iph;

	*reason = HNET_DROP_MALFORMED;
	if (!pskb_may_pull(skb, sizeof(*iph)))
		return false;
	iph = (const struct iphdr *)skb->data;
	if (iph->ihl < 5 || iph->version != 4)
		return false;
	if (hnet_port_ipv4_ok_with(port, iph->saddr, smac))
		return true;
	if (!iph->saddr && hnet_is_dhcp_client(skb))
		return true;
	*reason = HNET_DROP_SPOOFED;
	return false;
}

/*
 * Port security for the frame at skb->data (MAC header before it).  The
 * source MAC must be the port's or an allowed pair's; an IPv4 packet's
 * source address and an ARP packet's sender must belong to the port with
 * that MAC (0.0.0.0 is accepted for a DHCP discovery and an ARP probe).
 * A frame still VLAN-tagged after its outer tag was taken off (double
 * tagging) would hide its payload from these checks: spoofed.  Other
 * protocols (IPv6, ...) only need the MAC.  True if the frame may go on,
 * else false with the drop reason in @reason.  Fills @arp for an ARP
 * packet.
 */
bool hnet_port_security_ok(const struct hnet_port *port,
				  struct sk_buff *skb, struct hnet_arp *arp,
				  enum hnet_drop_reason *reason)
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
	case htons(ETH_P_ARP):
		if (!hnet_arp_parse(skb, arp)) {
			*reason = HNET_DROP_MALFORMED;
			return false;
		}
		return hnet_port_mac_ok(port, arp->sha) &&
		       (!arp->sip || hnet_port_ipv4_ok_with(port, arp->sip,
							     arp->sha));
	default:
		return true;
	}
}
