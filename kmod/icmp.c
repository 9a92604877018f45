// SPDX-License-Identifier: GPL-2.0
/*
 * What a distributed router sends on its own, always to the VM on the port
 * the packet came from (routing happens on the sender's hypervisor): echo
 * replies from any of its gateway IPs, and ICMP errors (time exceeded, net
 * unreachable, fragmentation needed) from the gateway IP of the network
 * the packet arrived on, with the network's gateway MAC.
 *
 * The rules are the kernel's own (net/ipv4/icmp.c): no error about an ICMP
 * error, about a fragment other than the first, or to a source that cannot
 * be answered; an error quotes as much of the packet as fits in 576 bytes.
 * Rate limits follow the hypervisor namespace's settings, as the kernel's
 * own ICMP does, with the buckets a router's own:
 * net.ipv4.icmp_ratemask says which types are limited (fragmentation
 * needed never is, so that path MTU discovery works); icmp_msgs_per_sec
 * and icmp_msgs_burst bound all of a router's messages (the kernel's
 * icmp_global_allow() bounds the namespace's: one tenant cannot use up
 * the hypervisor's or another tenant's); icmp_ratelimit is the cost of one
 * message in a token bucket per destination holding six
 * (XRLIM_BURST_FACTOR).  The kernel keeps those in its inet_peer cache,
 * whose entries a module cannot release and which would mix tenants that
 * use the same addresses: a router keeps HNET_RATE_BUCKETS, each for the
 * last destination that hashed to it (with a seed of the router's), so a
 * destination has a bucket of its own unless two take turns in one, which
 * then restarts full for each, bounded by the router's budget.
 */

#include <linux/icmp.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <net/icmp.h>
#include <net/ip.h>

#include "hnet.h"

/* Messages a destination's bucket holds (XRLIM_BURST_FACTOR of icmp.c). */
#define HNET_ICMP_BURST		6
/* An ICMP error's largest packet (RFC 1812 4.3.2.3, as icmp_send()). */
#define HNET_ICMP_ERROR_MAX	576

/* Rate limits */

/* Empty buckets that fill in 60 s (a new inet_peer's, as full as any). */
static void hnet_rate_init(struct hnet_rate *rate)
{
	rate->last = jiffies - 60 * HZ;
	rate->tokens = 0;
}

void hnet_router_rates_init(struct hnet_router_rates *rates)
{
	unsigned int i;

	rates->seed = get_random_u32();
	hnet_rate_init(&rates->icmp_all);
	hnet_rate_init(&rates->miss_all);
	for (i = 0; i < HNET_RATE_BUCKETS; i++) {
		hnet_rate_init(&rates->icmp[i]);
		hnet_rate_init(&rates->miss[i]);
	}
}

/*
 * The tokens of @rate now: @gain more a jiffy since it was last filled, up
 * to @cap.  Another CPU may have stamped @rate after our jiffies read: no
 * time passed then.
 */
static unsigned long hnet_rate_fill(struct hnet_rate *rate,
				    unsigned long gain, unsigned long cap)
{
	unsigned long now = jiffies, tokens = READ_ONCE(rate->tokens);
	long delta = now - READ_ONCE(rate->last);

	if (delta > 0) {
		if (gain && delta > cap / gain)
			tokens = cap;
		else
			tokens = min(tokens + delta * gain, cap);
		WRITE_ONCE(rate->tokens, tokens);
		WRITE_ONCE(rate->last, now);
	}
	return min(tokens, cap);
}

/*
 * Take @cost tokens from @rate if it holds them (it gains @gain a jiffy,
 * up to @cap): the algorithm of inet_peer_xrlim_allow() (@gain 1, @cost
 * the rate limit) and of icmp_global_allow() (@gain the messages a second,
 * @cost HZ).  A @cost of 0 is no limit.
 */
static bool hnet_rate_take(struct hnet_rate *rate, unsigned long gain,
			   unsigned long cost, unsigned long cap)
{
	unsigned long tokens = hnet_rate_fill(rate, gain, cap);

	if (tokens < cost)
		return false;
	WRITE_ONCE(rate->tokens, tokens - cost);
	return true;
}

/*
 * Whether one more message to an address may go, in the order of
 * icmp_send(): while the bucket @all of every address holds one (it gains
 * @per_sec messages a second, up to @burst), one from the address's own
 * bucket @one (@cost tokens, one more a jiffy, up to @cap), then one from
 * @all.
 */
bool hnet_rate_allow(struct hnet_rate *one, unsigned long cost,
		     unsigned long cap, struct hnet_rate *all,
		     unsigned long per_sec, unsigned long burst)
{
	if (hnet_rate_fill(all, per_sec, burst * HZ) < HZ ||
	    !hnet_rate_take(one, 1, cost, cap))
		return false;
	return hnet_rate_take(all, per_sec, HZ, burst * HZ);
}

/*
 * The bucket of @addr among HNET_RATE_BUCKETS: the one its hash (with
 * @seed) picks, which starts afresh when it held another address.
 */
struct hnet_rate *hnet_rate_bucket(struct hnet_rate *rates, u32 seed,
				   __be32 addr)
{
	struct hnet_rate *rate;

	rate = &rates[jhash_1word((__force u32)addr, seed) % HNET_RATE_BUCKETS];
	if (READ_ONCE(rate->addr) != addr) {
		WRITE_ONCE(rate->addr, addr);
		WRITE_ONCE(rate->tokens, 0);
		WRITE_ONCE(rate->last, jiffies - 60 * HZ);
	}
	return rate;
}

/* Whether @router may send ICMP @type/@code to @daddr now. */
static bool hnet_icmp_allow(struct hnet_router *router, struct net *net,
			    u8 type, u8 code, __be32 daddr)
{
	struct hnet_router_rates *rates = &router->rates;
	unsigned long cost;

	if (type > NR_ICMP_TYPES ||
	    (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED) ||
	    !((1 << type) & READ_ONCE(net->ipv4.sysctl_icmp_ratemask)))
		return true;
	cost = max(READ_ONCE(net->ipv4.sysctl_icmp_ratelimit), 0);
	return hnet_rate_allow(hnet_rate_bucket(rates->icmp, rates->seed, daddr),
			       cost, HNET_ICMP_BURST * cost, &rates->icmp_all,
			       max(READ_ONCE(net->ipv4.sysctl_icmp_msgs_per_sec), 0),
			       max(READ_ONCE(net->ipv4.sysctl_icmp_msgs_burst), 0));
}

/* Messages */

static const struct {
	u8 type, code;
} hnet_icmp_kinds[HNET_RICMP_MAX] = {
	[HNET_RICMP_ECHO_REPLY]		= { ICMP_ECHOREPLY, 0 },
	[HNET_RICMP_TIME_EXCEEDED]	= { ICMP_TIME_EXCEEDED, ICMP_EXC_TTL },
	[HNET_RICMP_NET_UNREACH]	= { ICMP_DEST_UNREACH, ICMP_NET_UNREACH },
	[HNET_RICMP_FRAG_NEEDED]	= { ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED },
	[HNET_RICMP_HOST_UNREACH]	= { ICMP_DEST_UNREACH, ICMP_HOST_UNREACH },
};

/*
 * A frame for @dev (to @dmac, from @smac): an IPv4 packet from @saddr to
 * @daddr whose payload is an ICMP message of @len bytes, zeroed, at
 * *@icmph for the caller to write.
 */
static struct sk_buff *hnet_icmp_alloc(const struct hnet_dp *dp,
				       struct net_device *dev,
				       const u8 *smac, const u8 *dmac,
				       __be32 saddr, __be32 daddr, u8 tos,
				       unsigned int len,
				       struct icmphdr **icmph)
{
	unsigned int hlen = LL_RESERVED_SPACE(dev);
	struct sk_buff *skb;
	struct ethhdr *eth;
	struct iphdr *iph;

	skb = alloc_skb(hlen + sizeof(*iph) + len + dev->needed_tailroom,
			GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, hlen);
	skb_reset_network_header(skb);
	iph = skb_put(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = sizeof(*iph) / 4;
	iph->tos = tos;
	iph->tot_len = htons(sizeof(*iph) + len);
	iph->frag_off = 0;
	iph->ttl = IPDEFTTL;
	iph->protocol = IPPROTO_ICMP;
	iph->saddr = saddr;
	iph->daddr = daddr;
	__ip_select_ident(dev_net(dp->hdev->dev), iph, 1);
	ip_send_check(iph);
	skb_set_transport_header(skb, sizeof(*iph));
	*icmph = skb_put_zero(skb, len);

	eth = skb_push(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	ether_addr_copy(eth->h_dest, dmac);
	ether_addr_copy(eth->h_source, smac);
	eth->h_proto = htons(ETH_P_IP);
	skb->protocol = htons(ETH_P_IP);
	return skb;
}

/*
 * Checksum @icmph (@len bytes), count it as @kind and send it back: to the
 * VM on the source port, or out of the external device @ext.
 */
static void hnet_icmp_send(struct hnet_dp *dp, struct hnet_router *router,
			   struct hnet_extdev *ext, struct sk_buff *reply,
			   struct icmphdr *icmph, unsigned int len,
			   enum hnet_router_icmp kind)
{
	icmph->checksum = 0;
	icmph->checksum = ip_compute_csum(icmph, len);
	hnet_router_count_icmp(router, kind);
	if (ext)
		hnet_dp_to_ext(dp, reply, ext);
	else
		hnet_dp_deliver(dp, dp->src, reply);
}

/*
 * A packet (skb->data at its IPv4 header, checked, length trimmed to it)
 * to the gateway IP @gw of the router of @in, which it arrived on: answer
 * an ICMP echo request.  False if it is none, or is not answered (rate
 * limit, no memory): the caller drops it; the caller frees @skb either
 * way.
 */
bool hnet_icmp_echo(struct hnet_dp *dp, struct sk_buff *skb,
		    const struct hnet_router_iface *in, __be32 gw)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int ihl = iph->ihl * 4, len = skb->len - ihl;
	struct hnet_router *router = in->router;
	struct icmphdr *icmph;
	struct sk_buff *reply;
	u8 _type;
	const u8 *type;

	/* No reassembly here: a fragmented echo request goes unanswered. */
	if (iph->protocol != IPPROTO_ICMP || ip_is_fragment(iph) ||
	    skb_is_gso(skb) || len < sizeof(*icmph) ||
	    !hnet_ipv4_is_unicast(iph->saddr))
		return false;
	type = skb_header_pointer(skb, ihl + offsetof(struct icmphdr, type),
				  sizeof(_type), &_type);
	if (!type || *type != ICMP_ECHO)
		return false;
	if (!hnet_icmp_allow(router, dev_net(dp->hdev->dev), ICMP_ECHOREPLY,
			     0, iph->saddr))
		return false;

	reply = hnet_icmp_alloc(dp, dp->src->dev, in->mac,
				eth_hdr(skb)->h_source, gw, iph->saddr,
				iph->tos, len, &icmph);
	if (!reply)
		return false;
	/* The request's identifier, sequence and data, checksum verified. */
	if (skb_copy_bits(skb, ihl, icmph, len) ||
	    ip_compute_csum(icmph, len)) {
		kfree_skb(reply);
		return false;
	}
	icmph->type = ICMP_ECHOREPLY;
	hnet_icmp_send(dp, router, NULL, reply, icmph, len,
		       HNET_RICMP_ECHO_REPLY);
	return true;
}

/*
 * Tell the sender of @skb (a packet the router @from->router cannot
 * forward; skb->data at its IPv4 header, checked and trimmed) why, with an
 * ICMP error of @kind and the value @info of its second word (the MTU of
 * fragmentation needed), from @from, unless the kernel's rules or rate
 * limits say not to.  The caller frees @skb.
 */
void hnet_icmp_error(struct hnet_dp *dp, struct sk_buff *skb,
		     const struct hnet_icmp_from *from,
		     enum hnet_router_icmp kind, __be32 info)
{
	u8 type = hnet_icmp_kinds[kind].type, code = hnet_icmp_kinds[kind].code;
	const unsigned int room = HNET_ICMP_ERROR_MAX - sizeof(struct iphdr) -
				  sizeof(struct icmphdr);
	const struct iphdr *iph = ip_hdr(skb);
	struct hnet_router *router = from->router;
	unsigned int len = min(skb->len, room);
	struct icmphdr *icmph;
	struct sk_buff *reply;
	u8 _itype;
	const u8 *itype;

	if (!hnet_ipv4_is_unicast(iph->saddr) ||
	    iph->frag_off & htons(IP_OFFSET))
		return;
	/* Never about an ICMP error (an unknown type counts as one). */
	if (iph->protocol == IPPROTO_ICMP) {
		itype = skb_header_pointer(skb, iph->ihl * 4 +
					   offsetof(struct icmphdr, type),
					   sizeof(_itype), &_itype);
		if (!itype || *itype > NR_ICMP_TYPES || icmp_is_err(*itype))
			return;
	}
	if (!hnet_icmp_allow(router, dev_net(dp->hdev->dev), type, code,
			     iph->saddr))
		return;

	reply = hnet_icmp_alloc(dp, from->ext ? from->ext->dev : dp->src->dev,
				from->mac, eth_hdr(skb)->h_source, from->addr,
				iph->saddr, (iph->tos & IPTOS_TOS_MASK) |
				IPTOS_PREC_INTERNETCONTROL,
				sizeof(*icmph) + len, &icmph);
	if (!reply)
		return;
	icmph->type = type;
	icmph->code = code;
	icmph->un.gateway = info;
	if (skb_copy_bits(skb, 0, icmph + 1, len)) {
		kfree_skb(reply);
		return;
	}
	hnet_icmp_send(dp, router, from->ext, reply, icmph,
		       sizeof(*icmph) + len, kind);
}
