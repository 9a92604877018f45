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
 *   3. MTU: a frame larger than the network's MTU is dropped;
 *   4. L2 switching on the destination MAC: a local port of the network,
 *      a remote (VXLAN to its VTEP, vxlan.c), or, for broadcast, multicast
 *      and unknown unicast, every other local port plus one VXLAN copy per
 *      flood entry (head-end replication).
 *
 * From the underlay (vxlan.c decapsulated a frame of a known VNI from a
 * VTEP the network knows): inner headers, MTU, then local ports only
 * (split horizon: nothing received from a VTEP is sent to a VTEP): the
 * port of the destination MAC, or every local port of the network for
 * broadcast, multicast and unknown unicast.
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
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/flow_dissector.h>
#include <net/inet_ecn.h>

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
	if (dp->src)
		hnet_count_drop(&dp->src_count, reason);
	kfree_skb(skb);
}

/* The frame is done: write what it did to each counter, once. */
void hnet_dp_finish(struct hnet_dp *dp)
{
	if (dp->src)
		hnet_stats_add(dp->src->stats, &dp->src_count);
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
		hnet_count_drop(&dp->count, HNET_DROP_NO_DEST);
		if (dp->src)
			hnet_count_drop(&dp->src_count, HNET_DROP_NO_DEST);
		return;
	}
	hnet_count_tx(&dp->count, len);
}

/* Where a flooded frame goes next: a local port or a VTEP. */
struct hnet_dp_dest {
	struct hnet_port *port;
	struct hnet_vtep *vt;
};

/* Send @skb to @to, a clone of it unless @last.  Consumes @skb if @last. */
static void hnet_dp_flood_one(struct hnet_dp *dp, struct sk_buff *skb,
			      const struct hnet_dp_dest *to, bool last)
{
	if (!last) {
		skb = skb_clone(skb, GFP_ATOMIC);
		if (!skb)
			return;
	}
	if (to->port)
		hnet_dp_deliver(dp, to->port, skb);
	else
		hnet_dp_to_vtep(dp, skb, to->vt);
}

/*
 * Broadcast, multicast, unknown unicast: a copy to every local port of the
 * network except the source port, and, for a frame from a port, one to
 * every flood VTEP except the device's own VTEP (the copy would come back
 * to this device).  Every copy but the last is a clone; the last is @skb
 * itself.  A frame with nowhere to go is dropped, counted as without
 * destination.  Consumes @skb.
 */
static void hnet_dp_flood(struct hnet_dp *dp, struct sk_buff *skb)
{
	struct hnet_network *nw = dp->nw;
	struct hnet_dp_dest prev = {};
	struct hnet_flood *flood;
	struct hnet_port *port;

	list_for_each_entry_rcu(port, &nw->ports, list) {
		if (port == dp->src)
			continue;
		if (prev.port)
			hnet_dp_flood_one(dp, skb, &prev, false);
		prev.port = port;
	}
	if (dp->src) {
		__be32 own = rcu_dereference(dp->hdev->settings)->vtep;

		list_for_each_entry_rcu(flood, &nw->floods, list) {
			if (flood->vt->addr == own)
				continue;
			if (prev.port || prev.vt)
				hnet_dp_flood_one(dp, skb, &prev, false);
			prev.port = NULL;
			prev.vt = flood->vt;
		}
	}

	if (!prev.port && !prev.vt) {
		hnet_dp_drop(dp, skb, HNET_DROP_NO_DEST);
		return;
	}
	hnet_dp_flood_one(dp, skb, &prev, true);
}

/*
 * Whether the packet after the MAC header and VLAN tag (@len bytes, its
 * network header set) fits the network MTU; a GSO frame is judged by the
 * segments it will make.
 */
static bool hnet_dp_mtu_ok(const struct hnet_network *nw,
			   const struct sk_buff *skb, unsigned int len)
{
	if (skb_is_gso(skb))
		return skb_gso_validate_network_len(skb, nw->mtu);
	return len <= nw->mtu;
}

/* From a port */

/*
 * A frame a VM sent on @port; skb->data is past its MAC header (a VLAN
 * tag, if any, was taken into skb->vlan_tci by the stack).
 */
static void hnet_dp_port(struct hnet_dp *dp, struct sk_buff *skb)
{
	struct hnet_port *port = dp->src, *dst;
	struct hnet_network *nw = dp->nw;
	struct hnet_arp arp = {};
	struct hnet_remote *remote;
	enum hnet_drop_reason reason;
	struct sk_buff *reply;
	bool is_arp = false;
	const u8 *dmac;

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
		reply = hnet_arp_respond(port, &arp);
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
	if (!hnet_dp_mtu_ok(nw, skb, skb->len)) {
		reason = HNET_DROP_MTU;
		goto drop;
	}

	/* 4. L2 switching; from here on skb->data is the MAC header. */
	skb_push_rcsum(skb, skb->mac_len);
	dmac = eth_hdr(skb)->h_dest;
	if (is_multicast_ether_addr(dmac)) {
		hnet_dp_flood(dp, skb);
		return;
	}
	dst = hnet_port_find_rcu(dp->hdev, nw->id, dmac);
	if (dst) {
		if (dst == port) {	/* to itself: nowhere to send it */
			reason = HNET_DROP_NO_DEST;
			goto drop;
		}
		hnet_dp_deliver(dp, dst, skb);
		return;
	}
	remote = hnet_remote_find_rcu(dp->hdev, nw->id, dmac);
	if (remote) {
		hnet_dp_to_vtep(dp, skb, remote->vt);
		return;
	}
	hnet_dp_flood(dp, skb);	/* unknown unicast */
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
 * outer IP header's TOS.  Local ports only.  Consumes @skb and finishes
 * @dp.
 */
void hnet_dp_from_underlay(struct hnet_dp *dp, struct sk_buff *skb,
			   u8 outer_tos)
{
	enum hnet_drop_reason reason;
	struct hnet_port *port;
	const u8 *dmac;
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
	if (unlikely(is_link_local_ether_addr(eth_hdr(skb)->h_dest))) {
		reason = HNET_DROP_CONTROL;
		goto drop;
	}
	if (!hnet_dp_mtu_ok(dp->nw, skb, len)) {
		reason = HNET_DROP_MTU;
		goto drop;
	}
	if (unlikely(!hnet_dp_ecn_decap(skb, outer_tos))) {
		reason = HNET_DROP_MALFORMED;
		goto drop;
	}

	dmac = eth_hdr(skb)->h_dest;
	port = NULL;
	if (!is_multicast_ether_addr(dmac))
		port = hnet_port_find_rcu(dp->hdev, dp->nw->id, dmac);
	if (port)
		hnet_dp_deliver(dp, port, skb);
	else
		hnet_dp_flood(dp, skb);
	hnet_dp_finish(dp);
	return;

drop:
	hnet_dp_drop(dp, skb, reason);
	hnet_dp_finish(dp);
}
