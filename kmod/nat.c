// SPDX-License-Identifier: GPL-2.0
/*
 * The floating-IP rewrite: stateless 1:1 NAT of one IPv4 address, with
 * incremental checksum updates (RFC 1624, the kernel's csum_replace4() and
 * inet_proto_csum_replace4(), as its own NAT uses them): the IP header,
 * TCP and UDP with their pseudo-header (a zero UDP checksum stays zero, a
 * fragment after the first carries no L4 header), and ICMP errors, whose
 * quoted packet went the other way and has its other address rewritten
 * back (so that the VM sees its own fixed IP in an error about what it
 * sent, and the outside its floating IP), its checksums with it.
 */

#include <linux/icmp.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "hnet.h"

/*
 * The L4 checksum of the packet whose IPv4 header is at offset @nhoff
 * (@ihl bytes, protocol @proto), for a change of one address from @from
 * to @to; @len bytes of the packet are there to write (an ICMP error
 * quotes only the start of one).  False if the header is cut short where
 * it must be rewritten.
 */
static bool hnet_nat_l4(struct sk_buff *skb, unsigned int nhoff,
			unsigned int ihl, unsigned int len, u8 proto,
			__be32 from, __be32 to, bool quoted)
{
	unsigned int thoff = nhoff + ihl;
	struct tcphdr *th;
	struct udphdr *uh;

	switch (proto) {
	case IPPROTO_TCP:
		/* A quote may stop before the checksum: nothing to update. */
		if (len < ihl + offsetofend(struct tcphdr, check))
			return quoted;
		th = (struct tcphdr *)(skb->data + thoff);
		if (quoted)
			csum_replace4(&th->check, from, to);
		else
			inet_proto_csum_replace4(&th->check, skb, from, to,
						 true);
		return true;
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
		if (len < ihl + sizeof(*uh))
			return quoted;
		uh = (struct udphdr *)(skb->data + thoff);
		/* Zero is no checksum in UDP; UDP-Lite always has one. */
		if (!uh->check && proto == IPPROTO_UDP &&
		    (quoted || skb->ip_summed != CHECKSUM_PARTIAL))
			return true;
		if (quoted)
			csum_replace4(&uh->check, from, to);
		else
			inet_proto_csum_replace4(&uh->check, skb, from, to,
						 true);
		if (!uh->check)
			uh->check = CSUM_MANGLED_0;
		return true;
	default:
		return true;
	}
}

/*
 * An ICMP error at offset @icmpoff (its message @len bytes): in the packet
 * it quotes, replace @from by @to in the source (@src) or destination,
 * with that packet's checksums, then the ICMP checksum.
 */
static bool hnet_nat_icmp_error(struct sk_buff *skb, unsigned int icmpoff,
				unsigned int len, bool src, __be32 from,
				__be32 to)
{
	unsigned int nhoff = icmpoff + sizeof(struct icmphdr), ihl;
	struct icmphdr *icmph;
	struct iphdr *inner;
	__be32 *addr;

	if (len < sizeof(*icmph) + sizeof(*inner))
		return false;
	/* Recomputed below: a corrupted error must not come out good. */
	if (csum_fold(skb_checksum(skb, icmpoff, len, 0)))
		return false;
	inner = (struct iphdr *)(skb->data + nhoff);
	ihl = inner->ihl * 4;
	if (inner->version != 4 || ihl < sizeof(*inner) ||
	    len < sizeof(*icmph) + ihl)
		return false;
	addr = src ? &inner->saddr : &inner->daddr;
	if (*addr != from)
		return false;
	csum_replace4(&inner->check, from, to);
	*addr = to;
	if (!(inner->frag_off & htons(IP_OFFSET)) &&
	    !hnet_nat_l4(skb, nhoff, ihl, len - sizeof(*icmph),
			 inner->protocol, from, to, true))
		return false;
	/* The quote changed under the ICMP checksum: compute it again. */
	icmph = (struct icmphdr *)(skb->data + icmpoff);
	icmph->checksum = 0;
	icmph->checksum = csum_fold(skb_checksum(skb, icmpoff, len, 0));
	return true;
}

/*
 * Translate the IPv4 packet at skb->data (header checked, length trimmed
 * to it): its source (@src) or destination address from @from to @to.
 * The head is made writable as far as the rewrite goes.  False for a
 * packet that cannot be translated (the caller drops it): a header cut
 * short, an ICMP error that quotes something else.
 */
bool hnet_nat_rewrite(struct sk_buff *skb, bool src, __be32 from, __be32 to)
{
	unsigned int ihl = ip_hdrlen(skb), len = skb->len - ihl;
	unsigned int need = ihl;
	struct iphdr *iph = ip_hdr(skb);
	const struct icmphdr *icmph;
	bool error = false;
	__be32 *addr;

	if (!ip_is_fragment(iph) || !(iph->frag_off & htons(IP_OFFSET))) {
		switch (iph->protocol) {
		case IPPROTO_TCP:
			need += min_t(unsigned int, len, sizeof(struct tcphdr));
			break;
		case IPPROTO_UDP:
		case IPPROTO_UDPLITE:
			need += min_t(unsigned int, len, sizeof(struct udphdr));
			break;
		case IPPROTO_ICMP:
			if (!pskb_may_pull(skb, ihl + sizeof(*icmph)))
				return false;
			icmph = (const struct icmphdr *)(skb->data + ihl);
			error = icmph->type <= NR_ICMP_TYPES &&
				icmp_is_err(icmph->type) &&
				!ip_is_fragment(ip_hdr(skb));
			/* The whole message: its checksum is computed again. */
			need = error ? skb->len : ihl;
			break;
		}
	}
	if (skb_ensure_writable(skb, need))
		return false;

	iph = ip_hdr(skb);
	addr = src ? &iph->saddr : &iph->daddr;
	csum_replace4(&iph->check, from, to);
	*addr = to;
	if (iph->frag_off & htons(IP_OFFSET))
		return true;
	/*
	 * An error is about a packet that went the other way, with the
	 * address on the other side: the same translation there.
	 */
	if (error)
		return hnet_nat_icmp_error(skb, ihl, len, !src, from, to);
	return hnet_nat_l4(skb, 0, ihl, skb->len, iph->protocol, from, to,
			   false);
}
