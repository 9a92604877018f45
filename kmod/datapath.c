// SPDX-License-Identifier: GPL-2.0
/*
 * The packet path of a tenant network, top to bottom.
 *
 * From a port (a frame a VM sent; port.c's rx handler hands it over):
 *   0. link-local control frames (01:80:c2:00:00:0X: STP, LACP, 802.1X)
 *      are never forwarded, from a port or from the underlay;
 *   1. port security (security.c): source MAC, IPv4 and IPv6 source, ARP
 *      sender, neighbour advertisements, router and DHCP server messages;
 *   2. ARP and ND suppression: a request or neighbour solicitation for an
 *      address hnet knows on the network is answered here (arp.c, nd.c);
 *      (and ARP for the gateway IP of the network's router interface);
 *   3. MTU: a frame larger than the network's MTU is dropped;
 *   4. routing, for a frame to the gateway MAC of the network's router
 *      interface: the router answers pings to its gateway IPs, looks the
 *      destination up in its subnets, else its extra routes (ECMP by flow
 *      hash), finds the port or remote that has the address (or the next
 *      hop's), decrements the TTL and sends the packet on with the new
 *      network's gateway MAC (to a local port) or this hypervisor's DVR MAC
 *      (to a remote, over VXLAN with the new network's VNI) as source,
 *      fragmented if it is larger than that network's MTU; ICMP errors go
 *      back from the gateway of the network the packet came from (icmp.c),
 *      an address nobody has makes a miss notification (router.c);
 *   5. L2 switching on the destination MAC: a local port of the network,
 *      a remote (VXLAN to its VTEP, vxlan.c), or, for broadcast, multicast
 *      and unknown unicast, every other local port plus one VXLAN copy per
 *      flood entry (head-end replication).
 *
 * From the underlay (vxlan.c decapsulated a frame of a known VNI from a
 * VTEP the network knows, or from a peer hypervisor into a network with a
 * router interface): inner headers, MTU, the source MAC of a frame another
 * hypervisor routed (its DVR MAC) replaced by the gateway MAC, then local
 * ports only (split horizon: nothing received from a VTEP is sent to a
 * VTEP): the port of the destination MAC, or every local port of the
 * network for broadcast, multicast and unknown unicast.
 *
 * Everything runs in softirq under RCU, without locks.  A frame's effect
 * on the counters is gathered in its struct hnet_dp and written once per
 * object it touched when it is done (hnet_dp_finish()): one per-CPU update
 * for the port it came from, one for its network, one for the device, one
 * for each port it was delivered to.  What counts where: "Counters" in
 * Documentation/hnet.rst.
 *
 * The MTU of a network, as on Linux netdevs, is the largest packet after
 * the Ethernet header and a VLAN tag: a VM's VLAN subinterface at the
 * network MTU works locally and across hypervisors alike.
 */

#include <linux/if_vlan.h>
#include <linux/jhash.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/flow_dissector.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/neighbour.h>
#include <net/route.h>

#include "hnet.h"

/* Counting */

/*
 * Start the way of a frame of @len bytes received from @src (a port, or
 * NULL for the underlay) on @nw (NULL while the VNI is not known yet).
 */
void hnet_dp_start(struct hnet_dp *dp, struct hnet_dev *hdev,
		   struct hnet_network *nw, struct hnet_port *src,
		   unsigned int len)
{
	memset(dp, 0, sizeof(*dp));
	dp->hdev = hdev;
	dp->nw = nw;
	dp->src = src;
	hnet_count_rx(&dp->count, len);
	if (src)
		hnet_count_rx(&dp->src_count, len);
}

/* Count a drop of the frame (or of one of its copies) and free @skb. */
void hnet_dp_drop(struct hnet_dp *dp, struct sk_buff *skb,
		  enum hnet_drop_reason reason)
{
	hnet_count_drop(&dp->count, reason);
	if (dp->src || dp->src_gw)
		hnet_count_drop(&dp->src_count, reason);
	kfree_skb(skb);
}

/* The frame is done: write what it did to each counter, once. */
void hnet_dp_finish(struct hnet_dp *dp)
{
	if (dp->src)
		hnet_stats_add(dp->src->stats, &dp->src_count);
	else if (dp->src_gw)
		hnet_stats_add(dp->src_gw->stats, &dp->src_count);
	if (dp->nw)
		hnet_stats_add(dp->nw->stats, &dp->count);
	hnet_stats_add(dp->hdev->stats, &dp->count);
}

/* Delivery */

/*
 * Send the Ethernet frame at skb->data out of @port, to its VM.  Consumes
 * @skb and counts it as transmitted on the port, its network and device.
 */
void hnet_dp_deliver(struct hnet_dp *dp, struct hnet_port *port,
		     struct sk_buff *skb)
{
	unsigned int len = hnet_frame_len(skb);

	skb_scrub_packet(skb, false);
	/*
	 * A receive timestamp is no transmit time: fq on the VM's tap would
	 * take it for one and drop the frame past its horizon (the bridge
	 * clears it too).
	 */
	skb_clear_tstamp(skb);
	/* Another driver's xmit: no receive checksum (as the bridge does). */
	skb_forward_csum(skb);
	skb->dev = port->dev;
	skb_reset_mac_header(skb);
	hnet_count_tx(&dp->count, len);
	if (port == dp->src)	/* a responder's answer */
		hnet_count_tx(&dp->src_count, len);
	else
		hnet_stats_tx(port->stats, len);
	dev_queue_xmit(skb);
}

/* Count a drop of the frame (or of a copy) that another layer freed. */
static void hnet_dp_count_drop(struct hnet_dp *dp,
			       enum hnet_drop_reason reason)
{
	hnet_count_drop(&dp->count, reason);
	if (dp->src || dp->src_gw)
		hnet_count_drop(&dp->src_count, reason);
}

/*
 * Send a copy of the frame at skb->data to the VTEP @vt.  Consumes @skb.
 * A copy that cannot be sent (no local VTEP, no route) is counted as a
 * drop without destination.
 */
static void hnet_dp_to_vtep(struct hnet_dp *dp, struct sk_buff *skb,
			    struct hnet_vtep *vt)
{
	unsigned int len = hnet_frame_len(skb);

	if (hnet_vxlan_xmit(dp, skb, vt)) {
		hnet_dp_count_drop(dp, HNET_DROP_NO_DEST);
		return;
	}
	hnet_count_tx(&dp->count, len);
}

/*
 * Send the Ethernet frame at skb->data out of the external device @ext
 * (a routed packet leaving for the external network, or ICMP the router
 * sends there).  Consumes @skb and counts it as transmitted on the
 * device.
 */
void hnet_dp_to_ext(struct hnet_dp *dp, struct sk_buff *skb,
		    struct hnet_extdev *ext)
{
	unsigned int len = skb->len;

	skb_scrub_packet(skb, false);
	skb_clear_tstamp(skb);
	skb_forward_csum(skb);
	skb->dev = ext->dev;
	skb_reset_mac_header(skb);
	hnet_count_tx(&dp->count, len);
	dev_queue_xmit(skb);
}

/*
 * Whether a packet of @len bytes (what follows the MAC header and a VLAN
 * tag, its network header set) fits @mtu; a GSO packet is judged by the
 * segments it will make.
 */
static bool hnet_dp_fits(const struct sk_buff *skb, unsigned int len,
			 unsigned int mtu)
{
	if (skb_is_gso(skb))
		return skb_gso_validate_network_len(skb, mtu);
	return len <= mtu;
}

/*
 * Send the Ethernet frame at skb->data out of the trunk of the L2 gateway
 * @gw, tagged with its VLAN (a tag the frame has goes inside).  Consumes
 * @skb and counts it as transmitted on the L2 gateway, the network and the
 * device; a frame too large for the trunk is dropped.
 */
static void hnet_dp_to_vlan(struct hnet_dp *dp, struct sk_buff *skb,
			    struct hnet_l2gw *gw)
{
	struct net_device *dev = gw->trunk->dev;
	unsigned int len = hnet_frame_len(skb);
	unsigned int mtu = READ_ONCE(dev->mtu);

	/* On the trunk the frame's own tag, if any, counts in its MTU. */
	if (skb_vlan_tag_present(skb))
		mtu -= VLAN_HLEN;
	if (!hnet_dp_fits(skb, skb->len - ETH_HLEN, mtu)) {
		hnet_dp_drop(dp, skb, HNET_DROP_MTU);
		return;
	}
	skb_scrub_packet(skb, false);
	skb_clear_tstamp(skb);
	skb_forward_csum(skb);
	skb->dev = dev;
	skb_reset_mac_header(skb);
	/* Decapsulated frames say ETH_P_TEB: offloads need the real one. */
	if (!skb_vlan_tag_present(skb))
		skb->protocol = eth_hdr(skb)->h_proto;
	if (skb_vlan_push(skb, htons(ETH_P_8021Q), gw->vid)) {
		hnet_dp_drop(dp, skb, HNET_DROP_NO_DEST);
		return;
	}
	hnet_count_tx(&dp->count, len);
	if (gw == dp->src_gw)	/* a responder's answer */
		hnet_count_tx(&dp->src_count, len);
	else
		hnet_stats_tx(gw->stats, len);
	dev_queue_xmit(skb);
}

/*
 * Where a frame goes: a local port, a VTEP, the external network or a
 * VLAN.
 */
struct hnet_dp_dest {
	struct hnet_port *port;
	struct hnet_vtep *vt;
	struct hnet_extdev *ext;
	struct hnet_l2gw *gw;
};

/* Send the frame at skb->data to @to.  Consumes @skb. */
static void hnet_dp_send(struct hnet_dp *dp, struct sk_buff *skb,
			 const struct hnet_dp_dest *to)
{
	if (to->port)
		hnet_dp_deliver(dp, to->port, skb);
	else if (to->vt)
		hnet_dp_to_vtep(dp, skb, to->vt);
	else if (to->gw)
		hnet_dp_to_vlan(dp, skb, to->gw);
	else
		hnet_dp_to_ext(dp, skb, to->ext);
}

/* Send @skb to @to, a clone of it unless @last.  Consumes @skb if @last. */
static void hnet_dp_flood_one(struct hnet_dp *dp, struct sk_buff *skb,
			      const struct hnet_dp_dest *to, bool last)
{
	if (!last) {
		skb = skb_clone(skb, GFP_ATOMIC);
		if (!skb)
			return;
	}
	hnet_dp_send(dp, skb, to);
}

/* A flood's next destination: the previous one gets its clone now. */
static void hnet_dp_flood_next(struct hnet_dp *dp, struct sk_buff *skb,
			       struct hnet_dp_dest *prev, bool *have,
			       const struct hnet_dp_dest *to)
{
	if (*have)
		hnet_dp_flood_one(dp, skb, prev, false);
	*prev = *to;
	*have = true;
}

/*
 * Broadcast, multicast, unknown unicast: a copy to every local port of the
 * network except the source port; for a frame from a port or a VLAN, one
 * to every flood VTEP except the device's own VTEP (the copy would come
 * back to this device); and one to every VLAN bridged to the network but
 * the one it came from (split horizon: nothing from the underlay goes back
 * to it, nothing from a VLAN either).  Every copy but the last is a clone;
 * the last is @skb itself.  A frame with nowhere to go is dropped, counted
 * as without destination.  Consumes @skb.
 */
static void hnet_dp_flood(struct hnet_dp *dp, struct sk_buff *skb)
{
	struct hnet_network *nw = dp->nw;
	struct hnet_dp_dest prev = {}, to;
	struct hnet_flood *flood;
	struct hnet_port *port;
	struct hnet_l2gw *gw;
	bool have = false;

	list_for_each_entry_rcu(port, &nw->ports, list) {
		if (port == dp->src)
			continue;
		to = (struct hnet_dp_dest){ .port = port };
		hnet_dp_flood_next(dp, skb, &prev, &have, &to);
	}
	if (dp->src || dp->src_gw) {
		__be32 own = rcu_dereference(dp->hdev->settings)->vtep;

		list_for_each_entry_rcu(flood, &nw->floods, list) {
			if (flood->vt->addr == own)
				continue;
			to = (struct hnet_dp_dest){ .vt = flood->vt };
			hnet_dp_flood_next(dp, skb, &prev, &have, &to);
		}
	}
	list_for_each_entry_rcu(gw, &nw->l2gws, list) {
		if (gw == dp->src_gw)
			continue;
		to = (struct hnet_dp_dest){ .gw = gw };
		hnet_dp_flood_next(dp, skb, &prev, &have, &to);
	}

	if (!have) {
		hnet_dp_drop(dp, skb, HNET_DROP_NO_DEST);
		return;
	}
	hnet_dp_flood_one(dp, skb, &prev, true);
}

/*
 * 5. L2 switching on the destination MAC (skb->data at the MAC header): a
 * local port, a remote (VXLAN to its VTEP), a MAC learned on a VLAN (out
 * of its trunk), else, for broadcast, multicast and unknown unicast, a
 * flood.  Nothing goes back where it came from.  Consumes @skb.
 */
static void hnet_dp_switch(struct hnet_dp *dp, struct sk_buff *skb)
{
	const u8 *dmac = eth_hdr(skb)->h_dest;
	struct hnet_network *nw = dp->nw;
	struct hnet_remote *remote;
	struct hnet_l2gw_mac *mac;
	struct hnet_port *dst;
	struct hnet_l2gw *gw;

	if (is_multicast_ether_addr(dmac)) {
		hnet_dp_flood(dp, skb);
		return;
	}
	dst = hnet_port_find_rcu(dp->hdev, nw->id, dmac);
	if (dst) {
		if (dst == dp->src)	/* to itself: nowhere to send it */
			hnet_dp_drop(dp, skb, HNET_DROP_NO_DEST);
		else
			hnet_dp_deliver(dp, dst, skb);
		return;
	}
	remote = hnet_remote_find_rcu(dp->hdev, nw->id, dmac);
	if (remote) {
		hnet_dp_to_vtep(dp, skb, remote->vt);
		return;
	}
	mac = hnet_l2gw_mac_find_rcu(dp->hdev, nw->id, dmac);
	if (mac) {
		gw = mac->gw;
		/*
		 * Between two hosts of the VLAN: the promiscuous trunk sees
		 * it, the VLAN delivers it; nothing to do, nothing wrong.
		 */
		if (gw == dp->src_gw)
			consume_skb(skb);
		else
			hnet_dp_to_vlan(dp, skb, gw);
		return;
	}
	hnet_dp_flood(dp, skb);	/* unknown unicast */
}

/* Routing */

/*
 * Whether the packet at skb->data (its network header) is a well-formed
 * IPv4 packet, as ip_rcv_core() judges one: version, header length and
 * checksum, total length within the frame.  The frame is trimmed to the
 * packet (Ethernet padding off), its header pulled into the linear part.
 */
static bool hnet_dp_ipv4_ok(struct sk_buff *skb)
{
	const struct iphdr *iph;
	unsigned int len;

	if (!pskb_may_pull(skb, sizeof(*iph)))
		return false;
	iph = ip_hdr(skb);
	if (iph->version != 4 || iph->ihl < 5 ||
	    !pskb_may_pull(skb, iph->ihl * 4))
		return false;
	iph = ip_hdr(skb);
	if (unlikely(ip_fast_csum(iph, iph->ihl)))
		return false;
	len = ntohs(iph->tot_len);
	if (len < iph->ihl * 4 || skb->len < len)
		return false;
	return !pskb_trim_rcsum(skb, len);
}

/*
 * ECMP: a hash of the packet's flow, stable for the flow: addresses,
 * protocol and, but for fragments, the ports (as the kernel's
 * fib_multipath_hash_policy 1).
 */
static u32 hnet_dp_flow_hash(const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	const __be32 *ports;
	__be32 _ports = 0;

	ports = &_ports;
	if (!ip_is_fragment(iph)) {
		switch (iph->protocol) {
		case IPPROTO_TCP:
		case IPPROTO_UDP:
		case IPPROTO_UDPLITE:
		case IPPROTO_SCTP:
		case IPPROTO_DCCP:
			ports = skb_header_pointer(skb, iph->ihl * 4,
						   sizeof(_ports), &_ports);
			if (!ports)
				ports = &_ports;
			break;
		}
	}
	return jhash_3words((__force u32)iph->saddr, (__force u32)iph->daddr,
			    (__force u32)*ports, iph->protocol);
}

/*
 * A routed frame leaves the network it came from (if any: NULL is the
 * external network) for @nw: what it did so far goes to the counters of
 * that network and of the device, and what it does from now on counts on
 * @nw (on the device alone for NULL).
 */
static void hnet_dp_enter_network(struct hnet_dp *dp, struct hnet_network *nw)
{
	if (nw == dp->nw)
		return;
	if (dp->nw)
		hnet_stats_add(dp->nw->stats, &dp->count);
	hnet_stats_add(dp->hdev->stats, &dp->count);
	memset(&dp->count, 0, sizeof(dp->count));
	dp->nw = nw;
}

/* Where a routed packet goes, and the MACs of its new Ethernet header. */
struct hnet_dp_hop {
	struct hnet_dp_dest to;
	const u8 *dmac;
	const u8 *smac;
};

/*
 * Send the routed packet at skb->data (its IPv4 header) to @hop in a new
 * Ethernet header.  Consumes @skb.
 */
static void hnet_dp_route_xmit(struct hnet_dp *dp, struct sk_buff *skb,
			       const struct hnet_dp_hop *hop)
{
	struct ethhdr *eth;

	if (skb_cow_head(skb, ETH_HLEN)) {
		hnet_dp_drop(dp, skb, HNET_DROP_NO_DEST);
		return;
	}
	eth = skb_push(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	skb->mac_len = ETH_HLEN;
	ether_addr_copy(eth->h_dest, hop->dmac);
	ether_addr_copy(eth->h_source, hop->smac);
	eth->h_proto = htons(ETH_P_IP);
	hnet_dp_send(dp, skb, &hop->to);
}

/*
 * Fragmentation of a routed packet larger than the MTU of the network it
 * goes to (DF clear), by the kernel's ip_do_fragment(), as a Linux router
 * fragments.  ip_do_fragment() takes the MTU and the headroom from the
 * packet's route: the packet gets one of its own for the call (as the ovs
 * datapath does), carrying the MTU as its metric; every fragment carries
 * it too, and it leads the output function back to where they go.
 */
struct hnet_dp_frag {
	struct rtable rt;
	u32 metrics[RTAX_MAX];
	struct hnet_dp *dp;
	const struct hnet_dp_hop *hop;
};

/* Never written: dst_init() wants a mutable one. */
static struct dst_ops hnet_dp_frag_dst_ops __ro_after_init = {
	.family		= AF_INET,
};

static int hnet_dp_frag_output(struct net *net, struct sock *sk,
			       struct sk_buff *skb)
{
	const struct hnet_dp_frag *frag;

	frag = container_of(skb_dst(skb), struct hnet_dp_frag, rt.dst);
	skb_dst_drop(skb);
	hnet_dp_route_xmit(frag->dp, skb, frag->hop);
	return 0;
}

static void hnet_dp_fragment(struct hnet_dp *dp, struct sk_buff *skb,
			     const struct hnet_dp_hop *hop, unsigned int mtu)
{
	struct hnet_dp_frag frag = { .dp = dp, .hop = hop };

	/* No device reference: the route lives only for this call. */
#ifdef HNET_HAVE_DST_INIT_REF
	dst_init(&frag.rt.dst, &hnet_dp_frag_dst_ops, NULL, 1,
		 DST_OBSOLETE_NONE, DST_NOCOUNT);
#else
	dst_init(&frag.rt.dst, &hnet_dp_frag_dst_ops, NULL, DST_OBSOLETE_NONE,
		 DST_NOCOUNT);
#endif
	frag.rt.dst.dev = dp->hdev->dev;
	frag.metrics[RTAX_MTU - 1] = mtu;
	dst_init_metrics(&frag.rt.dst, frag.metrics, true);

	skb_dst_drop(skb);
	skb_dst_set_noref(skb, &frag.rt.dst);
	/* Options: the first fragment keeps them all, the others those
	 * marked to be copied (ip_options_fragment()).
	 */
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	IPCB(skb)->opt.optlen = ip_hdrlen(skb) - sizeof(struct iphdr);
	if (ip_do_fragment(dev_net(dp->hdev->dev), NULL, skb,
			   hnet_dp_frag_output))
		hnet_dp_count_drop(dp, HNET_DROP_NO_DEST);
}

/*
 * Send a routed packet (TTL decremented) to @hop, whole if it fits the
 * MTU of the network it goes to, else in fragments (a GSO packet is
 * segmented first).  Consumes @skb.
 */
static void hnet_dp_route_out(struct hnet_dp *dp, struct sk_buff *skb,
			      const struct hnet_dp_hop *hop, unsigned int mtu)
{
	struct sk_buff *segs, *next;

	if (hnet_dp_fits(skb, skb->len, mtu)) {
		hnet_dp_route_xmit(dp, skb, hop);
		return;
	}
	if (!skb_is_gso(skb)) {
		hnet_dp_fragment(dp, skb, hop, mtu);
		return;
	}
	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		hnet_dp_drop(dp, skb, HNET_DROP_NO_DEST);
		return;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		if (skb->len <= mtu)
			hnet_dp_route_xmit(dp, skb, hop);
		else
			hnet_dp_fragment(dp, skb, hop, mtu);
	}
}

/* Whether @addr is the broadcast address of the subnet of @ifc. */
static bool hnet_dp_subnet_bcast(const struct hnet_router_iface *ifc,
				 __be32 addr)
{
	return ifc->prefixlen <= 30 &&
	       (addr | ifc->mask) == htonl(INADDR_BROADCAST);
}

/*
 * The router drops the packet for @reason and tells its sender with an
 * ICMP error of @kind (@info: its second word).  Consumes @skb.
 */
static void hnet_dp_route_error(struct hnet_dp *dp, struct sk_buff *skb,
				const struct hnet_router_iface *in,
				enum hnet_router_drop reason,
				enum hnet_router_icmp kind, __be32 info)
{
	struct hnet_icmp_from from = {
		.router = in->router,
		.addr = in->gw,
		.mac = in->mac,
	};

	hnet_router_count_drop(in->router, reason);
	hnet_icmp_error(dp, skb, &from, kind, info);
	kfree_skb(skb);
}

/* Floating IPs */

static void hnet_dp_fip_count(struct hnet_fip *fip, bool in, unsigned int len)
{
	struct hnet_fip_pcpu_stats *s = this_cpu_ptr(fip->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(in ? &s->in_packets : &s->out_packets);
	u64_stats_add(in ? &s->in_bytes : &s->out_bytes, len);
	u64_stats_update_end(&s->syncp);
}

/*
 * From the outside to the floating IP @fip (skb->data at the IPv4 header,
 * checked; from the external device @ext, or NULL for a VM of this
 * hypervisor reaching it, hairpin, already NATed and its TTL decremented):
 * the destination becomes the fixed IP, and the packet is routed to the
 * VM, from the gateway MAC of its network.  Consumes @skb.
 */
static void hnet_dp_nat_in(struct hnet_dp *dp, struct sk_buff *skb,
			   struct hnet_fip *fip, struct hnet_extdev *ext)
{
	struct hnet_router *router = fip->router;
	struct hnet_network *nw = fip->network;
	const struct hnet_router_iface *ifc;
	struct hnet_icmp_from from = {
		.router = router,
		.addr = fip->addr,
		.ext = ext,
	};
	struct hnet_dp_hop hop = {};
	const struct iphdr *iph;
	struct in6_addr fixed;
	struct hnet_ip *ip;

	ifc = rcu_dereference(nw->riface);
	ipv6_addr_set_v4mapped(fip->fixed_key.fixed, &fixed);
	ip = hnet_ip_find_rcu(dp->hdev, nw->id, &fixed);
	if (!ifc || ifc->router != router || !ip || !ip->port) {
		hnet_dp_drop(dp, skb, HNET_DROP_NO_DEST);
		return;
	}
	iph = ip_hdr(skb);
	if (ext) {
		from.mac = ext->dev->dev_addr;
		if (iph->ttl <= 1) {
			hnet_router_count_drop(router, HNET_RDROP_TTL);
			hnet_icmp_error(dp, skb, &from,
					HNET_RICMP_TIME_EXCEEDED, 0);
			kfree_skb(skb);
			return;
		}
		if (!hnet_dp_fits(skb, skb->len, nw->mtu) &&
		    (iph->frag_off & htons(IP_DF))) {
			hnet_router_count_drop(router, HNET_RDROP_MTU);
			hnet_icmp_error(dp, skb, &from, HNET_RICMP_FRAG_NEEDED,
					htonl(nw->mtu));
			kfree_skb(skb);
			return;
		}
		if (skb_cow_head(skb, ETH_HLEN)) {
			hnet_dp_drop(dp, skb, HNET_DROP_NO_DEST);
			return;
		}
		ip_decrease_ttl(ip_hdr(skb));
		skb_forward_csum(skb);
	}
	if (!hnet_nat_rewrite(skb, false, fip->addr, fip->fixed_key.fixed)) {
		hnet_dp_drop(dp, skb, HNET_DROP_MALFORMED);
		return;
	}
	if (ext)
		hnet_router_count_routed(router, skb->len);
	hnet_dp_fip_count(fip, true, skb->len);

	hop.to.port = ip->port;
	hop.dmac = ip->mac;
	hop.smac = ifc->mac;
	hnet_dp_enter_network(dp, nw);
	hnet_dp_route_out(dp, skb, &hop, nw->mtu);
}

/*
 * From a VM with the floating IP @fip, through its router's gateway @gw,
 * to the outside (skb->data at the IPv4 header, checked; @in the
 * interface it arrived on): the source becomes the floating IP, and the
 * packet leaves by the external device to the next hop, from the
 * device's MAC; to a floating IP of this device, it comes back in
 * (hairpin).  Consumes @skb.
 */
static void hnet_dp_nat_out(struct hnet_dp *dp, struct sk_buff *skb,
			    const struct hnet_router_iface *in,
			    struct hnet_fip *fip, struct hnet_gateway *gw)
{
	struct net_device *dev = gw->ext->dev;
	struct hnet_router *router = in->router;
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int mtu = READ_ONCE(dev->mtu);
	struct neighbour *neigh = NULL;
	struct hnet_dp_hop hop = {};
	struct hnet_fip *target;
	u8 mac[ETH_ALEN];
	unsigned int len;

	if (iph->ttl <= 1) {
		hnet_dp_route_error(dp, skb, in, HNET_RDROP_TTL,
				    HNET_RICMP_TIME_EXCEEDED, 0);
		return;
	}
	/* Hairpin to a floating IP of this device: the target's network. */
	target = hnet_fip_find_rcu(dp->hdev, iph->daddr);
	if (target)
		mtu = target->network->mtu;
	if (!hnet_dp_fits(skb, skb->len, mtu) &&
	    (iph->frag_off & htons(IP_DF))) {
		hnet_dp_route_error(dp, skb, in, HNET_RDROP_MTU,
				    HNET_RICMP_FRAG_NEEDED, htonl(mtu));
		return;
	}
	if (!target) {
		neigh = hnet_extdev_neigh(gw->ext, gw->nexthop ?: iph->daddr,
					  fip->addr);
		if (!neigh) {
			hnet_router_count_drop(router, HNET_RDROP_NO_NEIGH);
			kfree_skb(skb);
			return;
		}
	}

	if (skb_cow_head(skb, LL_RESERVED_SPACE(dev))) {
		hnet_dp_drop(dp, skb, HNET_DROP_NO_DEST);
		return;
	}
	ip_decrease_ttl(ip_hdr(skb));
	skb_forward_csum(skb);
	if (!hnet_nat_rewrite(skb, true, fip->fixed_key.fixed, fip->addr)) {
		hnet_dp_drop(dp, skb, HNET_DROP_MALFORMED);
		return;
	}
	hnet_router_count_routed(router, skb->len);
	hnet_dp_fip_count(fip, false, skb->len);
	if (target) {
		hnet_dp_nat_in(dp, skb, target, NULL);
		return;
	}
	hnet_dp_enter_network(dp, NULL);

	/*
	 * The next hop's MAC not known yet: the packet waits in the
	 * neighbour's queue (as ip_finish_output2() leaves it), whole; on a
	 * device without an address, whose resolution hnet does itself
	 * (hnet_extdev_neigh()), it is dropped.
	 */
	if (!(READ_ONCE(neigh->nud_state) & NUD_VALID)) {
		if (!hnet_dp_fits(skb, skb->len, mtu) ||
		    !hnet_extdev_has_addr(dev)) {
			hnet_router_count_drop(router, HNET_RDROP_NO_NEIGH);
			kfree_skb(skb);
			return;
		}
		skb_scrub_packet(skb, false);
		skb_clear_tstamp(skb);
		skb->dev = dev;
		len = skb->len;
		if (neigh_event_send(neigh, skb)) {
			hnet_count_tx(&dp->count, len);
			return;
		}
		/* Resolved meanwhile: sent below after all. */
	}
	neigh_ha_snapshot(mac, neigh, dev);
	hop.to.ext = gw->ext;
	hop.dmac = mac;
	hop.smac = dev->dev_addr;
	hnet_dp_route_out(dp, skb, &hop, mtu);
}

/*
 * 4. Routing, once, on the hypervisor of the sending VM: a frame to the
 * gateway MAC of the router interface @in on the frame's network
 * (skb->data past the MAC header).  What the router drops counts in its
 * own counters (router.c), not as a drop of the device.  Consumes @skb.
 */
static void hnet_dp_route(struct hnet_dp *dp, struct sk_buff *skb,
			  const struct hnet_router_iface *in)
{
	const struct hnet_router_iface *out;
	struct hnet_router *router = in->router;
	const struct hnet_route *rt;
	struct hnet_dp_hop hop = {};
	const struct iphdr *iph;
	struct hnet_gateway *gw;
	struct hnet_ip *neigh;
	struct hnet_fip *fip;
	struct in6_addr addr;
	unsigned int mtu;
	__be32 nexthop;

	/* IPv4 only, untagged: the router sits on the network itself. */
	if (skb->protocol != htons(ETH_P_IP) || skb_vlan_tag_present(skb)) {
		hnet_dp_drop(dp, skb, HNET_DROP_NO_DEST);
		return;
	}
	if (!hnet_dp_ipv4_ok(skb)) {
		hnet_dp_drop(dp, skb, HNET_DROP_MALFORMED);
		return;
	}
	/*
	 * Unicast to unicast (a martian source, as ip_route_input_slow()
	 * calls it, is not routed either): not from the router's own
	 * gateway or the subnet's broadcast address.
	 */
	iph = ip_hdr(skb);
	if (!hnet_ipv4_is_unicast(iph->daddr) ||
	    !hnet_ipv4_is_unicast(iph->saddr) || iph->saddr == in->gw ||
	    hnet_dp_subnet_bcast(in, iph->saddr)) {
		hnet_dp_drop(dp, skb, HNET_DROP_NO_DEST);
		return;
	}

	/* To the router itself, at one of its gateway IPs: ping. */
	out = hnet_router_iface_find_rcu(router, iph->daddr);
	if (out && iph->daddr == out->gw) {
		if (hnet_icmp_echo(dp, skb, in, out->gw))
			consume_skb(skb);
		else
			hnet_dp_drop(dp, skb, HNET_DROP_NO_DEST);
		return;
	}

	/*
	 * An attached subnet; else, from a VM with a floating IP, the
	 * external network; else the longest extra route's next hop.  In the
	 * order of ip_route_input() and ip_forward(): a packet without route
	 * gets net unreachable whatever its TTL, a directed broadcast is not
	 * forwarded (and gets no ICMP), then the TTL.
	 */
	nexthop = iph->daddr;
	if (!out) {
		gw = rcu_dereference(router->gw);
		fip = gw ? hnet_fip_find_fixed_rcu(dp->hdev, in->network->id,
						   iph->saddr) : NULL;
		if (fip) {
			hnet_dp_nat_out(dp, skb, in, fip, gw);
			return;
		}
		rt = hnet_route_lookup_rcu(router, iph->daddr);
		if (rt) {
			nexthop = hnet_route_nexthop(rt,
						     hnet_dp_flow_hash(skb));
			out = hnet_router_iface_find_rcu(router, nexthop);
		}
		if (!out) {
			hnet_dp_route_error(dp, skb, in, HNET_RDROP_NO_ROUTE,
					    HNET_RICMP_NET_UNREACH, 0);
			return;
		}
	}
	if (hnet_dp_subnet_bcast(out, nexthop)) {
		hnet_dp_drop(dp, skb, HNET_DROP_NO_DEST);
		return;
	}
	if (iph->ttl <= 1) {
		hnet_dp_route_error(dp, skb, in, HNET_RDROP_TTL,
				    HNET_RICMP_TIME_EXCEEDED, 0);
		return;
	}

	/* The neighbour: the port or remote with that IP on the network. */
	ipv6_addr_set_v4mapped(nexthop, &addr);
	neigh = hnet_ip_find_rcu(dp->hdev, out->network->id, &addr);
	if (!neigh) {
		hnet_router_count_drop(router, HNET_RDROP_NO_NEIGH);
		hnet_router_miss(router, out, nexthop);
		kfree_skb(skb);
		return;
	}

	mtu = out->network->mtu;
	if (!hnet_dp_fits(skb, skb->len, mtu) &&
	    (iph->frag_off & htons(IP_DF))) {
		hnet_dp_route_error(dp, skb, in, HNET_RDROP_MTU,
				    HNET_RICMP_FRAG_NEEDED, htonl(mtu));
		return;
	}

	/* Forward: TTL, counters, then the new Ethernet header. */
	if (skb_cow_head(skb, ETH_HLEN)) {
		hnet_dp_drop(dp, skb, HNET_DROP_NO_DEST);
		return;
	}
	ip_decrease_ttl(ip_hdr(skb));
	skb_forward_csum(skb);
	hnet_router_count_routed(router, skb->len);

	hop.dmac = neigh->mac;
	hop.to.port = neigh->port;
	if (neigh->port) {
		hop.smac = out->mac;
	} else {
		/* Another hypervisor's VM: from this one's DVR MAC. */
		hop.to.vt = neigh->remote->vt;
		hop.smac = rcu_dereference(dp->hdev->settings)->host_mac;
	}
	hnet_dp_enter_network(dp, out->network);
	hnet_dp_route_out(dp, skb, &hop, mtu);
}

/* From a port */

/*
 * A frame a VM sent on @port; skb->data is past its MAC header (a VLAN
 * tag, if any, was taken into skb->vlan_tci by the stack).
 */
static void hnet_dp_port(struct hnet_dp *dp, struct sk_buff *skb)
{
	const struct hnet_router_iface *ifc;
	struct hnet_network *nw = dp->nw;
	struct hnet_port *port = dp->src;
	struct hnet_arp arp = {};
	enum hnet_drop_reason reason;
	struct sk_buff *reply;
	bool is_arp = false;

	/* A device that is down switches nothing. */
	if (unlikely(!netif_running(dp->hdev->dev))) {
		reason = HNET_DROP_NO_DEST;
		goto drop;
	}

	/* A multicast or zero source MAC is no valid frame (as the bridge). */
	if (unlikely(!is_valid_ether_addr(eth_hdr(skb)->h_source))) {
		reason = HNET_DROP_MALFORMED;
		goto drop;
	}
	/* Link-local control (STP, LACP, 802.1X) stays on its link. */
	if (unlikely(is_link_local_ether_addr(eth_hdr(skb)->h_dest))) {
		reason = HNET_DROP_CONTROL;
		goto drop;
	}

	/* 1. Port security. */
	if (port->security) {
		if (!hnet_port_security_ok(port, skb, &arp, &reason))
			goto drop;
		is_arp = skb->protocol == htons(ETH_P_ARP);
	} else if (skb->protocol == htons(ETH_P_ARP)) {
		is_arp = hnet_arp_parse(skb, &arp);
	}

	/* 2. ARP suppression (untagged requests: the reply goes untagged). */
	if (is_arp && !skb_vlan_tag_present(skb)) {
		reply = hnet_arp_respond(nw, port->dev, &arp, true);
		if (reply) {
			hnet_dp_deliver(dp, port, reply);
			consume_skb(skb);
			return;
		}
	}
	/* ... and its IPv6 twin, neighbour discovery suppression (nd.c). */
	if (skb->protocol == htons(ETH_P_IPV6) && !skb_vlan_tag_present(skb)) {
		reply = hnet_nd_respond(port, skb);
		if (reply) {
			hnet_dp_deliver(dp, port, reply);
			consume_skb(skb);
			return;
		}
	}

	/* 3. MTU. */
	if (!hnet_dp_fits(skb, skb->len, nw->mtu)) {
		reason = HNET_DROP_MTU;
		goto drop;
	}

	/* 4. Routing: a frame to the gateway MAC of the network. */
	ifc = rcu_dereference(nw->riface);
	if (ifc && ether_addr_equal(eth_hdr(skb)->h_dest, ifc->mac)) {
		hnet_dp_route(dp, skb, ifc);
		return;
	}

	/* 5. L2 switching; from here on skb->data is the MAC header. */
	skb_push_rcsum(skb, skb->mac_len);
	hnet_dp_switch(dp, skb);
	return;

drop:
	hnet_dp_drop(dp, skb, reason);
}

/*
 * A frame a VM sent on @port.  Consumes @skb.  Caller is the port's rx
 * handler (RCU, softirq).
 */
void hnet_dp_from_port(struct hnet_port *port, struct sk_buff *skb)
{
	struct hnet_dp dp;

	hnet_dp_start(&dp, port->network->hdev, port->network, port,
		      skb->mac_len + hnet_frame_len(skb));
	hnet_dp_port(&dp, skb);
	hnet_dp_finish(&dp);
}

/* From the underlay */

/*
 * Set the headers of a decapsulated frame (skb->data at its MAC header)
 * as the stack would for a frame it received: MAC header, network header
 * after the Ethernet header and a VLAN tag, and, for a GSO frame, the
 * transport header that segmentation and qdisc accounting read (the
 * stale one is the outer UDP header, before the frame).  Returns the
 * length after the network header, or -1 for a frame too short to hold
 * its headers.
 */
static int hnet_dp_inner_headers(struct sk_buff *skb)
{
	struct flow_keys_basic keys;
	unsigned int hlen = ETH_HLEN;
	unsigned int l4len;

	if (!pskb_may_pull(skb, ETH_HLEN))
		return -1;
	skb_reset_mac_header(skb);
	if (eth_type_vlan(eth_hdr(skb)->h_proto)) {
		if (!pskb_may_pull(skb, ETH_HLEN + VLAN_HLEN))
			return -1;
		hlen += VLAN_HLEN;
	}
	skb_set_network_header(skb, hlen);
	skb_reset_mac_len(skb);

	if (!skb_is_gso(skb)) {
		skb_set_transport_header(skb, hlen);
		return skb->len - hlen;
	}
	/* The dissector walks the VLAN tag itself (as a BPF one would). */
	if (!skb_flow_dissect_flow_keys_basic(NULL, skb, &keys, skb->data,
					      eth_hdr(skb)->h_proto, ETH_HLEN,
					      skb_headlen(skb),
					      FLOW_DISSECTOR_F_STOP_AT_ENCAP) ||
	    keys.control.thoff <= hlen)
		return -1;
	/* Segmentation reads the L4 header in place. */
	l4len = skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6) ?
		sizeof(struct tcphdr) : sizeof(struct udphdr);
	if (!pskb_may_pull(skb, keys.control.thoff + l4len))
		return -1;
	skb_set_transport_header(skb, keys.control.thoff);
	return skb->len - hlen;
}

/*
 * RFC 6040 decapsulation of the frame's inner IP packet (headers set by
 * hnet_dp_inner_headers()) that came with the outer TOS @outer: a CE mark
 * goes to an ECN-capable inner packet (as does ECT(1) to an ECT(0) one).
 * Returns false for a packet to drop: outer CE, inner not ECN-capable (or
 * too short to tell).
 */
static bool hnet_dp_ecn_decap(struct sk_buff *skb, u8 outer)
{
	unsigned int hlen;
	u8 inner;

	/* What the underlay did not mark leaves the inner header as it is. */
	if (likely(!INET_ECN_is_ce(outer) &&
		   (outer & INET_ECN_MASK) != INET_ECN_ECT_1))
		return true;

	switch (skb_protocol(skb, true)) {
	case htons(ETH_P_IP):
		hlen = sizeof(struct iphdr);
		break;
	case htons(ETH_P_IPV6):
		hlen = sizeof(struct ipv6hdr);
		break;
	default:
		return true;	/* not IP: nothing to mark (as vxlan) */
	}
	/* The mark is written in place: not in a clone's shared head. */
	if (skb_ensure_writable(skb, skb_network_offset(skb) + hlen))
		return false;
	if (hlen == sizeof(struct iphdr))
		inner = ipv4_get_dsfield(ip_hdr(skb));
	else
		inner = ipv6_get_dsfield(ipv6_hdr(skb));
	return INET_ECN_decapsulate(skb, outer, inner) <= 1;
}

/*
 * A frame decapsulated from VXLAN for the network dp->nw, counted as
 * received by hnet_dp_start(); skb->data is its MAC header, @outer_tos the
 * outer IP header's TOS, @vtep the outer source.  @named: the network
 * takes VXLAN from that VTEP (else it is a peer's, and only the frames it
 * routed are taken).  Local ports only.  Consumes @skb and finishes @dp.
 */
void hnet_dp_from_underlay(struct hnet_dp *dp, struct sk_buff *skb,
			   u8 outer_tos, __be32 vtep, bool named)
{
	const struct hnet_router_iface *ifc;
	const struct hnet_settings *set;
	enum hnet_drop_reason reason;
	struct hnet_l2gw_mac *mac;
	const u8 *dmac, *smac;
	struct hnet_peer *peer;
	struct hnet_port *port;
	int len;

	len = hnet_dp_inner_headers(skb);
	if (len < 0 || !is_valid_ether_addr(eth_hdr(skb)->h_source)) {
		reason = HNET_DROP_MALFORMED;
		goto drop;
	}
	/*
	 * A VM of this hypervisor does not send from another one: a frame
	 * from the underlay with a local port's MAC impersonates it (the
	 * native vxlan driver drops its own MAC as a source likewise).
	 */
	if (hnet_port_find_rcu(dp->hdev, dp->nw->id, eth_hdr(skb)->h_source)) {
		reason = HNET_DROP_SPOOFED;
		goto drop;
	}
	/*
	 * A frame another hypervisor routed comes from its DVR MAC, from its
	 * own VTEP only, into a network this device routes too; this
	 * device's own DVR MAC comes from no other hypervisor.
	 */
	ifc = rcu_dereference(dp->nw->riface);
	peer = NULL;
	if (ifc || !named) {
		smac = eth_hdr(skb)->h_source;
		peer = hnet_peer_find_mac_rcu(dp->hdev, smac);
		reason = HNET_DROP_SPOOFED;
		if (peer) {
			if (peer->vtep != vtep)
				goto drop;
			reason = HNET_DROP_NO_DEST;
			if (!ifc)
				goto drop;
		} else {
			set = rcu_dereference(dp->hdev->settings);
			if (ether_addr_equal(smac, set->host_mac))
				goto drop;
			reason = HNET_DROP_UNKNOWN_VTEP;
			if (!named)
				goto drop;
		}
	}
	if (unlikely(is_link_local_ether_addr(eth_hdr(skb)->h_dest))) {
		reason = HNET_DROP_CONTROL;
		goto drop;
	}
	if (!hnet_dp_fits(skb, len, dp->nw->mtu)) {
		reason = HNET_DROP_MTU;
		goto drop;
	}
	if (unlikely(!hnet_dp_ecn_decap(skb, outer_tos))) {
		reason = HNET_DROP_MALFORMED;
		goto drop;
	}

	dmac = eth_hdr(skb)->h_dest;
	/* Each hypervisor routes its own VMs' packets: not for us to route. */
	if (ifc && ether_addr_equal(dmac, ifc->mac)) {
		reason = HNET_DROP_NO_DEST;
		goto drop;
	}
	port = NULL;
	if (!is_multicast_ether_addr(dmac))
		port = hnet_port_find_rcu(dp->hdev, dp->nw->id, dmac);
	if (peer) {
		/*
		 * A routed frame is an untagged IPv4 packet to a VM the
		 * sender resolved: nothing else comes from a DVR MAC, nor is
		 * flooded.  The VM sees its gateway's MAC, never a DVR MAC.
		 */
		if (!port || eth_hdr(skb)->h_proto != htons(ETH_P_IP) ||
		    skb_ensure_writable(skb, ETH_HLEN)) {
			reason = HNET_DROP_NO_DEST;
			goto drop;
		}
		ether_addr_copy(eth_hdr(skb)->h_source, ifc->mac);
	}
	mac = NULL;
	if (!port && !is_multicast_ether_addr(dmac))
		mac = hnet_l2gw_mac_find_rcu(dp->hdev, dp->nw->id, dmac);
	if (port)
		hnet_dp_deliver(dp, port, skb);
	else if (mac)
		hnet_dp_to_vlan(dp, skb, mac->gw);
	else
		hnet_dp_flood(dp, skb);
	hnet_dp_finish(dp);
	return;

drop:
	hnet_dp_drop(dp, skb, reason);
	hnet_dp_finish(dp);
}

/* From the external network */

/*
 * A packet to the floating IP @fip from the external device @ext (its rx
 * handler, extnet.c, found it; skb->data past the MAC header).  Consumes
 * @skb.
 */
void hnet_dp_from_external(struct hnet_extdev *ext, struct hnet_fip *fip,
			   struct sk_buff *skb)
{
	struct hnet_dp dp;

	hnet_dp_start(&dp, ext->hdev, NULL, NULL,
		      skb->mac_len + hnet_frame_len(skb));
	if (unlikely(!netif_running(ext->hdev->dev)))
		hnet_dp_drop(&dp, skb, HNET_DROP_NO_DEST);
	else if (!hnet_dp_ipv4_ok(skb))
		hnet_dp_drop(&dp, skb, HNET_DROP_MALFORMED);
	/* A martian source, as ip_route_input_slow() calls it. */
	else if (!hnet_ipv4_is_unicast(ip_hdr(skb)->saddr))
		hnet_dp_drop(&dp, skb, HNET_DROP_NO_DEST);
	else
		hnet_dp_nat_in(&dp, skb, fip, ext);
	hnet_dp_finish(&dp);
}

/* From a VLAN */

/* Cisco's PVST+ BPDUs, one per VLAN of a trunk. */
static const u8 hnet_pvst_addr[ETH_ALEN] __aligned(2) = {
	0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcd
};

/*
 * A frame from a VLAN bridged to the network (dp->src_gw; its tag taken
 * off, skb->data past the MAC header).  The VLAN side is trusted
 * infrastructure: no port security, but the source must be a valid
 * unicast MAC that no port or remote of the network has, and is learned.
 * Then the network's L2 pipeline: ARP suppression, switching.  The
 * network's router routes its VMs' packets only: a frame to its gateway
 * MAC goes nowhere.
 */
static void hnet_dp_vlan(struct hnet_dp *dp, struct sk_buff *skb)
{
	struct hnet_l2gw *gw = dp->src_gw;
	const struct hnet_router_iface *ifc;
	struct hnet_network *nw = dp->nw;
	enum hnet_drop_reason reason;
	struct sk_buff *reply;
	struct hnet_arp arp;

	if (unlikely(!netif_running(dp->hdev->dev))) {
		reason = HNET_DROP_NO_DEST;
		goto drop;
	}
	if (unlikely(!is_valid_ether_addr(eth_hdr(skb)->h_source))) {
		reason = HNET_DROP_MALFORMED;
		goto drop;
	}
	/*
	 * The physical network's control frames stay there: link-local ones
	 * (STP, LACP, 802.1X) and Cisco's per-VLAN spanning tree (PVST+).
	 */
	if (unlikely(is_link_local_ether_addr(eth_hdr(skb)->h_dest) ||
		     ether_addr_equal(eth_hdr(skb)->h_dest, hnet_pvst_addr))) {
		reason = HNET_DROP_CONTROL;
		goto drop;
	}
	if (!hnet_dp_fits(skb, skb->len, nw->mtu)) {
		reason = HNET_DROP_MTU;
		goto drop;
	}
	if (!hnet_l2gw_learn(gw, eth_hdr(skb)->h_source)) {
		reason = HNET_DROP_SPOOFED;
		goto drop;
	}

	/* ARP suppression: the reply goes back to the VLAN. */
	if (skb->protocol == htons(ETH_P_ARP) && !skb_vlan_tag_present(skb) &&
	    hnet_arp_parse(skb, &arp)) {
		reply = hnet_arp_respond(nw, gw->trunk->dev, &arp, false);
		if (reply) {
			hnet_dp_to_vlan(dp, reply, gw);
			consume_skb(skb);
			return;
		}
	}

	ifc = rcu_dereference(nw->riface);
	if (ifc && ether_addr_equal(eth_hdr(skb)->h_dest, ifc->mac)) {
		reason = HNET_DROP_NO_DEST;
		goto drop;
	}
	skb_push_rcsum(skb, skb->mac_len);
	hnet_dp_switch(dp, skb);
	return;

drop:
	hnet_dp_drop(dp, skb, reason);
}

/*
 * A frame that arrived on the trunk of @gw tagged with its VLAN (skb->data
 * past the MAC header, the tag in skb->vlan_tci).  Consumes @skb.  Caller
 * is the trunk's rx handler (l2gw.c; RCU, softirq).
 */
void hnet_dp_from_vlan(struct hnet_l2gw *gw, struct sk_buff *skb)
{
	struct hnet_network *nw = gw->network;
	struct hnet_dp dp;
	unsigned int len;

	/* The trunk's tag is an outer header: not counted. */
	__vlan_hwaccel_clear_tag(skb);
	len = skb->mac_len + hnet_frame_len(skb);
	hnet_dp_start(&dp, nw->hdev, nw, NULL, len);
	dp.src_gw = gw;
	hnet_count_rx(&dp.src_count, len);
	/* A tag inside goes where a VM's tag is: skb->vlan_tci. */
	if (eth_type_vlan(skb->protocol)) {
		skb = skb_vlan_untag(skb);
		if (!skb) {
			hnet_dp_count_drop(&dp, HNET_DROP_MALFORMED);
			hnet_dp_finish(&dp);
			return;
		}
	}
	hnet_dp_vlan(&dp, skb);
	hnet_dp_finish(&dp);
}
