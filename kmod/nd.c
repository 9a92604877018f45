// SPDX-License-Identifier: GPL-2.0
/*
 * Neighbour discovery suppression, the IPv6 side of arp.c's responder.  A
 * VM's neighbour solicitation for an address hnet knows on the network (a
 * local port's or a remote's fixed IPv6 address, in the IP table of
 * arp.c) is answered by hnet with a solicited neighbour advertisement
 * carrying the owner's MAC, and goes no further: as a solicited-node
 * multicast it would otherwise be flooded to every VTEP of the network.
 * Built like the bridge's neighbour suppression (br_arp_nd_proxy.c).
 */

#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "hnet.h"

/* The neighbour advertisement's one option: the target's link-layer address. */
#define HNET_NA_OPT_LEN		(sizeof(struct nd_opt_hdr) + ETH_ALEN)
#define HNET_NA_LEN		(sizeof(struct nd_msg) + HNET_NA_OPT_LEN)

/*
 * A solicited neighbour advertisement for @target owned by @lladdr, sent
 * from it to @daddr at @dmac through @dev: the Ethernet frame at
 * skb->data.  Router flag clear, solicited and override set (RFC 4861
 * 7.2.4), hop limit 255.
 */
static struct sk_buff *hnet_nd_na_create(struct net_device *dev,
					 const struct in6_addr *target,
					 const u8 *lladdr,
					 const struct in6_addr *daddr,
					 const u8 *dmac)
{
	struct ipv6hdr *ip6h;
	struct sk_buff *skb;
	struct nd_msg *na;
	struct ethhdr *eth;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + sizeof(*ip6h) + HNET_NA_LEN +
			dev->needed_tailroom, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb->dev = dev;
	skb->protocol = htons(ETH_P_IPV6);

	skb_reset_network_header(skb);
	ip6h = skb_put(skb, sizeof(*ip6h));
	ip6_flow_hdr(ip6h, 0, 0);
	ip6h->payload_len = htons(HNET_NA_LEN);
	ip6h->nexthdr = IPPROTO_ICMPV6;
	ip6h->hop_limit = 255;
	ip6h->saddr = *target;
	ip6h->daddr = *daddr;

	skb_set_transport_header(skb, skb->len);
	na = skb_put_zero(skb, HNET_NA_LEN);
	na->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	na->icmph.icmp6_solicited = 1;
	na->icmph.icmp6_override = 1;
	na->target = *target;
	na->opt[0] = ND_OPT_TARGET_LL_ADDR;
	na->opt[1] = HNET_NA_OPT_LEN >> 3;
	ether_addr_copy(&na->opt[sizeof(struct nd_opt_hdr)], lladdr);
	na->icmph.icmp6_cksum = csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr,
						HNET_NA_LEN, IPPROTO_ICMPV6,
						csum_partial(na, HNET_NA_LEN,
							     0));

	eth = skb_push(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	ether_addr_copy(eth->h_dest, dmac);
	ether_addr_copy(eth->h_source, lladdr);
	eth->h_proto = htons(ETH_P_IPV6);
	return skb;
}

/*
 * The IPv6 packet at skb->data (MAC header before it), from @port: if it
 * is a neighbour solicitation for an address hnet knows on the port's
 * network, return the advertisement to send back to the port (to the
 * soliciting address and MAC): the solicitation goes no further.  Else
 * NULL.
 * Only what a neighbour would answer is: hop limit 255, code 0, no
 * extension headers, a unicast IPv6 target.  Duplicate address detection
 * (source ::) and a solicitation about the sender's own address are not
 * answered: they go on, as any multicast, to whoever may own the address.
 */
struct sk_buff *hnet_nd_respond(const struct hnet_port *port,
				struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h;
	const struct nd_msg *ns;
	struct hnet_ip *ip;
	const u8 *smac;

	/* Most packets are no solicitation: tell before pulling more. */
	if (!pskb_may_pull(skb, sizeof(*ip6h)))
		return NULL;
	ip6h = (const struct ipv6hdr *)skb->data;
	if (ip6h->nexthdr != IPPROTO_ICMPV6 || ip6h->hop_limit != 255 ||
	    !pskb_may_pull(skb, sizeof(*ip6h) + sizeof(*ns)))
		return NULL;
	ip6h = (const struct ipv6hdr *)skb->data;
	ns = (const struct nd_msg *)(ip6h + 1);
	if (ip6h->version != 6 ||
	    ns->icmph.icmp6_type != NDISC_NEIGHBOUR_SOLICITATION ||
	    ns->icmph.icmp6_code != 0 ||
	    ntohs(ip6h->payload_len) < sizeof(*ns) ||
	    ntohs(ip6h->payload_len) > skb->len - sizeof(*ip6h))
		return NULL;
	if (ipv6_addr_any(&ip6h->saddr) ||
	    ipv6_addr_is_multicast(&ip6h->saddr) ||
	    ipv6_addr_is_multicast(&ns->target) ||
	    hnet_addr_is_v4(&ns->target) ||
	    ipv6_addr_equal(&ip6h->saddr, &ns->target))
		return NULL;

	ip = hnet_ip_find_rcu(port->hdev, port->network->id, &ns->target);
	smac = eth_hdr(skb)->h_source;
	if (!ip || ether_addr_equal(ip->mac, smac))
		return NULL;

	/* Without memory for the answer the solicitation is flooded. */
	return hnet_nd_na_create(port->dev, &ns->target, ip->mac,
				 &ip6h->saddr, smac);
}
