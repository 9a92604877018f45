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
 * From the underlay (vxlan.c decapsulated a frame of a known VNI): MTU,
 * then local ports only (split horizon: nothing received from a VTEP is
 * sent to a VTEP): the port of the destination MAC, or every local port of
 * the network for broadcast, multicast and unknown unicast.
 *
 * Everything runs in softirq under RCU, without locks.  Counters: see
 * "Counters" in Documentation/hnet.rst.
 */

#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/udp.h>

#include "hnet.h"

/* Delivery */

/*
 * Send the Ethernet frame at skb->data out of @port, to its VM.  Consumes
 * @skb and counts it as transmitted on the port, its network and device.
 */
void hnet_dp_deliver(struct hnet_port *port, struct sk_buff *skb)
{
	unsigned int len = skb->len;

	skb_scrub_packet(skb, false);
	/* Another driver's xmit: no receive checksum (as the bridge does). */
	skb_forward_csum(skb);
	skb->dev = port->dev;
	skb_reset_mac_header(skb);
	hnet_stats_tx(port->stats, len);
	hnet_stats_tx(port->network->stats, len);
	hnet_stats_tx(port->hdev->stats, len);
	dev_queue_xmit(skb);
}

/*
 * Send a copy of the frame at skb->data to the VTEP @vtep.  Consumes @skb.
 * A copy that cannot be sent (no local VTEP, no route) is counted as a
 * drop without destination, on @src (the port it came from) too.
 */
static void hnet_dp_to_vtep(struct hnet_network *nw, struct hnet_port *src,
			    struct sk_buff *skb, __be32 vtep)
{
	unsigned int len = skb->len;

	if (hnet_vxlan_xmit(nw, skb, vtep)) {
		hnet_stats_drop_all(nw->hdev, nw, src, HNET_DROP_NO_DEST);
		return;
	}
	hnet_stats_tx(nw->stats, len);
	hnet_stats_tx(nw->hdev->stats, len);
}

/*
 * Broadcast, multicast, unknown unicast: a copy to every local port of the
 * network except @src, and, for a frame from a port (@src not NULL), one
 * to every flood VTEP except the device's own VTEP (the copy would come
 * back to this device).  A frame with nowhere to go is dropped, counted as
 * without destination.  Consumes @skb.
 */
static void hnet_dp_flood(struct hnet_network *nw, struct hnet_port *src,
			  struct sk_buff *skb)
{
	struct hnet_flood *flood;
	struct hnet_port *port;
	struct sk_buff *copy;
	bool sent = false;

	list_for_each_entry_rcu(port, &nw->ports, list) {
		if (port == src)
			continue;
		copy = skb_clone(skb, GFP_ATOMIC);
		if (!copy)
			continue;
		hnet_dp_deliver(port, copy);
		sent = true;
	}
	if (src) {
		__be32 own = rcu_dereference(nw->hdev->settings)->vtep;

		list_for_each_entry_rcu(flood, &nw->floods, list) {
			if (flood->vtep == own)
				continue;
			copy = skb_clone(skb, GFP_ATOMIC);
			if (!copy)
				continue;
			hnet_dp_to_vtep(nw, src, copy, flood->vtep);
			sent = true;
		}
	}

	if (!sent) {
		hnet_stats_drop_all(nw->hdev, nw, src, HNET_DROP_NO_DEST);
		kfree_skb(skb);
		return;
	}
	consume_skb(skb);
}

/* Whether the frame's payload (@payload bytes after the MAC header) fits
 * the network MTU; a GSO frame is judged by the segments it will make.
 */
static bool hnet_dp_mtu_ok(const struct hnet_network *nw,
			   const struct sk_buff *skb, unsigned int payload)
{
	if (skb_is_gso(skb))
		return skb_gso_validate_network_len(skb, nw->mtu);
	return payload <= nw->mtu;
}

/* From a port */

/*
 * A frame a VM sent on @port; skb->data is past its MAC header.  Consumes
 * @skb.  Caller is the port's rx handler (RCU, softirq).
 */
void hnet_dp_from_port(struct hnet_port *port, struct sk_buff *skb)
{
	struct hnet_network *nw = port->network;
	struct hnet_dev *hdev = port->hdev;
	struct hnet_arp arp = {};
	struct hnet_remote *remote;
	struct hnet_port *dst;
	enum hnet_drop_reason reason;
	bool is_arp = false;
	unsigned int len;
	const u8 *dmac;

	len = skb->len + skb->mac_len;
	hnet_stats_rx(port->stats, len);
	hnet_stats_rx(nw->stats, len);
	hnet_stats_rx(hdev->stats, len);

	/* A device that is down switches nothing. */
	if (unlikely(!netif_running(hdev->dev))) {
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
	if (is_arp && !skb_vlan_tag_present(skb) &&
	    hnet_arp_respond(port, &arp)) {
		consume_skb(skb);
		return;
	}
	/* ... and its IPv6 twin, neighbour discovery suppression (nd.c). */
	if (skb->protocol == htons(ETH_P_IPV6) && !skb_vlan_tag_present(skb) &&
	    hnet_nd_respond(port, skb)) {
		consume_skb(skb);
		return;
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
		hnet_dp_flood(nw, port, skb);
		return;
	}
	dst = hnet_port_find_rcu(hdev, nw->id, dmac);
	if (dst) {
		if (dst == port) {	/* to itself: nowhere to send it */
			reason = HNET_DROP_NO_DEST;
			goto drop;
		}
		hnet_dp_deliver(dst, skb);
		return;
	}
	remote = hnet_remote_find_rcu(hdev, nw->id, dmac);
	if (remote) {
		hnet_dp_to_vtep(nw, port, skb, remote->vtep);
		return;
	}
	hnet_dp_flood(nw, port, skb);	/* unknown unicast */
	return;

drop:
	hnet_stats_drop_all(hdev, nw, port, reason);
	kfree_skb(skb);
}

/* From the underlay */

/*
 * A frame decapsulated from VXLAN for network @nw (its rx is counted);
 * skb->data is its MAC header.  Local ports only.  Consumes @skb.
 */
void hnet_dp_from_underlay(struct hnet_network *nw, struct sk_buff *skb)
{
	struct hnet_dev *hdev = nw->hdev;
	enum hnet_drop_reason reason;
	struct hnet_port *port;
	const u8 *dmac;

	if (!pskb_may_pull(skb, ETH_HLEN)) {
		reason = HNET_DROP_MALFORMED;
		goto drop;
	}
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb->mac_len = ETH_HLEN;
	if (unlikely(!is_valid_ether_addr(eth_hdr(skb)->h_source))) {
		reason = HNET_DROP_MALFORMED;
		goto drop;
	}
	if (unlikely(is_link_local_ether_addr(eth_hdr(skb)->h_dest))) {
		reason = HNET_DROP_CONTROL;
		goto drop;
	}
	if (!hnet_dp_mtu_ok(nw, skb, skb->len - ETH_HLEN)) {
		reason = HNET_DROP_MTU;
		goto drop;
	}

	dmac = eth_hdr(skb)->h_dest;
	if (!is_multicast_ether_addr(dmac)) {
		port = hnet_port_find_rcu(hdev, nw->id, dmac);
		if (port) {
			hnet_dp_deliver(port, skb);
			return;
		}
	}
	hnet_dp_flood(nw, NULL, skb);
	return;

drop:
	hnet_stats_drop_all(hdev, nw, NULL, reason);
	kfree_skb(skb);
}
