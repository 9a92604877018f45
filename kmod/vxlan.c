// SPDX-License-Identifier: GPL-2.0
/*
 * The underlay: VXLAN (RFC 7348) over IPv4/UDP, on the kernel's UDP
 * encapsulation sockets (encap_rcv) and IP tunnel helpers.
 *
 * Sockets.  While an hnet device is up it receives on a UDP socket bound to
 * its dstport (any address) in its namespace.  hnet devices of one
 * namespace that use the same port share one socket (struct hnet_sock,
 * kept in the namespace's list); a packet arriving on it belongs to the
 * device whose VTEP is the packet's outer destination address, or to the
 * only device on the socket if that one has no VTEP set yet.  A port held
 * by some other socket (a native vxlan device, a user program) cannot be
 * opened: bringing the device up, or changing its dstport while it is up,
 * fails with EADDRINUSE.
 *
 * Who may send VXLAN (the source check): a device takes a network's
 * packets only from the VTEPs the controller named for that network, its
 * flood entries and its remotes' VTEPs, unless the device's source_check
 * setting is off (a migration from flood-and-learn).  Packets for the
 * device's UDP port that are not addressed to its VTEP, or come from a
 * VTEP the network does not know, are dropped as unknown_vtep.
 *
 * Encapsulation: outer IPv4 from the device's VTEP to the destination
 * VTEP, routed by the namespace's routing table; UDP source port from the
 * inner flow hash, destination port the device's dstport, checksum zero
 * (RFC 7348, as the native vxlan driver's default); DF clear, TTL 64; the
 * ECN field of the inner IP header copied to the outer one (RFC 6040
 * normal mode, CE as ECT(0)), everything else of the outer TOS zero.
 *
 * Routes are cached per destination VTEP (struct hnet_vtep, one per
 * address, shared by the remotes and flood entries that name it) in a
 * per-CPU dst_cache, as the native vxlan driver caches one per remote: a
 * cached route is checked (dst_check()) on every use, so a change of the
 * routing table makes the next packet look it up again, and a change of
 * the device's settings empties every cache of the device.
 *
 * Receive: GRO on the socket (the VXLAN header of packets of one VNI, then
 * the inner Ethernet frame's own GRO, as the native vxlan driver does)
 * hands encap_rcv one large GSO packet for a burst of a tenant's TCP
 * segments; the socket's port is announced to the NICs that can offload
 * VXLAN (udp_tunnel_notify_add_rx_port()).  Decapsulation follows RFC
 * 6040: a CE mark of the outer header is copied to an ECN-capable inner
 * packet, an inner packet that is not ECN-capable is dropped (malformed)
 * when the outer header is marked CE.
 *
 * The sockets and the UDP header are the kernel's UDP tunnel helpers
 * (udp_sock_create4(), setup_udp_tunnel_sock(), udp_tunnel_xmit_skb(),
 * udp_tunnel_sock_release(), in the udp_tunnel module, which modprobe
 * loads with hnet), as the native vxlan driver uses them.
 */

#include <linux/if_vlan.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <net/dst_cache.h>
#include <net/gro.h>
#include <net/inet_ecn.h>
#include <net/ip_tunnels.h>
#include <net/netns/generic.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>
#include <net/vxlan.h>

#include "hnet.h"

#define HNET_VXLAN_TTL		64
/* Any non-zero type makes a UDP socket an encapsulation socket (vxlan: 1). */
#define HNET_UDP_ENCAP		1

/* Sockets: under RTNL. */

static struct hnet_sock *hnet_sock_find(struct hnet_net *hn, __be16 port)
{
	struct hnet_sock *hs;

	ASSERT_RTNL();

	list_for_each_entry(hs, &hn->socks, list)
		if (hs->port == port)
			return hs;
	return NULL;
}

static int hnet_vxlan_rcv(struct sock *sk, struct sk_buff *skb);
static struct sk_buff *hnet_vxlan_gro_receive(struct sock *sk,
					      struct list_head *head,
					      struct sk_buff *skb);
static int hnet_vxlan_gro_complete(struct sock *sk, struct sk_buff *skb,
				   int nhoff);

static struct hnet_sock *hnet_sock_create(struct net *net, __be16 port)
{
	struct hnet_net *hn = net_generic(net, hnet_net_id);
	struct udp_tunnel_sock_cfg tunnel_cfg;
	struct udp_port_cfg udp_conf;
	struct hnet_sock *hs;
	int err;

	hs = kzalloc(sizeof(*hs), GFP_KERNEL);
	if (!hs)
		return ERR_PTR(-ENOMEM);
	hs->port = port;
	INIT_LIST_HEAD(&hs->devs);

	/* Bound to 0.0.0.0:@port, sending with a zero UDP checksum. */
	memset(&udp_conf, 0, sizeof(udp_conf));
	udp_conf.family = AF_INET;
	udp_conf.local_ip.s_addr = htonl(INADDR_ANY);
	udp_conf.local_udp_port = port;
	err = udp_sock_create4(net, &udp_conf, &hs->sock);
	if (err) {
		kfree(hs);
		return ERR_PTR(err);
	}
	memset(&tunnel_cfg, 0, sizeof(tunnel_cfg));
	tunnel_cfg.sk_user_data = hs;
	tunnel_cfg.encap_type = HNET_UDP_ENCAP;
	tunnel_cfg.encap_rcv = hnet_vxlan_rcv;
	tunnel_cfg.gro_receive = hnet_vxlan_gro_receive;
	tunnel_cfg.gro_complete = hnet_vxlan_gro_complete;
	setup_udp_tunnel_sock(net, hs->sock, &tunnel_cfg);
	udp_tunnel_notify_add_rx_port(hs->sock, UDP_TUNNEL_TYPE_VXLAN);
	list_add(&hs->list, &hn->socks);
	return hs;
}

/* The socket of @port, opened if no hnet device uses it yet. */
static struct hnet_sock *hnet_sock_get(struct net *net, u16 port,
				       const struct nlattr *attr,
				       struct netlink_ext_ack *extack)
{
	struct hnet_net *hn = net_generic(net, hnet_net_id);
	struct hnet_sock *hs;

	hs = hnet_sock_find(hn, htons(port));
	if (hs)
		return hs;
	hs = hnet_sock_create(net, htons(port));
	if (IS_ERR(hs))
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "cannot open the VXLAN UDP port");
	return hs;
}

/* Close the socket once its last device left it. */
static void hnet_sock_put(struct hnet_sock *hs)
{
	ASSERT_RTNL();

	if (!list_empty(&hs->devs))
		return;
	list_del(&hs->list);
	udp_tunnel_notify_del_rx_port(hs->sock, UDP_TUNNEL_TYPE_VXLAN);
	udp_tunnel_sock_release(hs->sock);
	kfree_rcu(hs, rcu);
}

static void hnet_sock_attach(struct hnet_dev *hdev, struct hnet_sock *hs)
{
	list_add_tail_rcu(&hdev->vs_node, &hs->devs);
	rcu_assign_pointer(hdev->vs, hs);
}

/* Leave the socket; the caller closes it if it was the last device. */
static struct hnet_sock *hnet_sock_detach(struct hnet_dev *hdev)
{
	struct hnet_sock *hs = rtnl_dereference(hdev->vs);

	if (!hs)
		return NULL;
	RCU_INIT_POINTER(hdev->vs, NULL);
	list_del_rcu(&hdev->vs_node);
	/* No reader may still walk vs_node when it is reused. */
	synchronize_net();
	return hs;
}

/* ndo_open: start receiving on the device's port.  Under RTNL. */
int hnet_vxlan_open(struct hnet_dev *hdev, struct netlink_ext_ack *extack)
{
	const struct hnet_settings *set = hnet_settings_cfg(hdev);
	struct hnet_sock *hs;

	ASSERT_RTNL();

	hs = hnet_sock_get(dev_net(hdev->dev), set->dstport, NULL, extack);
	if (IS_ERR(hs))
		return PTR_ERR(hs);
	hnet_sock_attach(hdev, hs);
	return 0;
}

/* ndo_stop: stop receiving.  Under RTNL. */
void hnet_vxlan_close(struct hnet_dev *hdev)
{
	struct hnet_sock *hs;

	ASSERT_RTNL();

	hs = hnet_sock_detach(hdev);
	if (hs)
		hnet_sock_put(hs);
}

/*
 * The dstport changes: move a running device to the socket of the new
 * port, opening it first so that a failure leaves everything as it was.
 * Under RTNL and the config mutex.
 */
int hnet_vxlan_change_port(struct hnet_dev *hdev, u16 dstport,
			   const struct nlattr *attr,
			   struct netlink_ext_ack *extack)
{
	struct hnet_sock *old = rtnl_dereference(hdev->vs), *hs;

	ASSERT_RTNL();

	if (!old || old->port == htons(dstport))
		return 0;
	hs = hnet_sock_get(dev_net(hdev->dev), dstport, attr, extack);
	if (IS_ERR(hs))
		return PTR_ERR(hs);
	hnet_sock_detach(hdev);
	hnet_sock_attach(hdev, hs);
	hnet_sock_put(old);
	return 0;
}

/* Destination VTEPs: under the config mutex. */

static const struct rhashtable_params hnet_vtep_params = {
	.key_len		= sizeof(__be32),
	.key_offset		= offsetof(struct hnet_vtep, addr),
	.head_offset		= offsetof(struct hnet_vtep, node),
	.automatic_shrinking	= true,
};

int hnet_vteps_init(struct hnet_dev *hdev)
{
	INIT_LIST_HEAD(&hdev->vtep_list);
	return rhashtable_init(&hdev->vteps, &hnet_vtep_params);
}

/* Every remote and flood entry is gone. */
void hnet_vteps_destroy(struct hnet_dev *hdev)
{
	WARN_ON_ONCE(!list_empty(&hdev->vtep_list));
	rhashtable_destroy(&hdev->vteps);
}

/*
 * The VTEP object of @addr, with one more reference (a remote or flood
 * entry that sends to it); created on first use.
 */
struct hnet_vtep *hnet_vtep_get(struct hnet_dev *hdev, __be32 addr)
{
	struct hnet_vtep *vt;
	int err;

	lockdep_assert_held(&hdev->lock);

	vt = rhashtable_lookup_fast(&hdev->vteps, &addr, hnet_vtep_params);
	if (vt) {
		vt->refs++;
		return vt;
	}
	vt = kzalloc(sizeof(*vt), GFP_KERNEL_ACCOUNT);
	if (!vt)
		return ERR_PTR(-ENOMEM);
	vt->addr = addr;
	vt->refs = 1;
	err = dst_cache_init(&vt->dst_cache, GFP_KERNEL_ACCOUNT);
	if (err)
		goto err_free;
	err = rhashtable_insert_fast(&hdev->vteps, &vt->node,
				     hnet_vtep_params);
	if (err)
		goto err_cache;
	list_add_tail(&vt->list, &hdev->vtep_list);
	return vt;

err_cache:
	dst_cache_destroy(&vt->dst_cache);
err_free:
	kfree(vt);
	return ERR_PTR(err);
}

/* The cached routes go with the object, once no sender can use it. */
static void hnet_vtep_free_rcu(struct rcu_head *head)
{
	struct hnet_vtep *vt = container_of(head, struct hnet_vtep, rcu);

	dst_cache_destroy(&vt->dst_cache);
	kfree(vt);
}

void hnet_vtep_put(struct hnet_dev *hdev, struct hnet_vtep *vt)
{
	lockdep_assert_held(&hdev->lock);

	if (--vt->refs)
		return;
	rhashtable_remove_fast(&hdev->vteps, &vt->node, hnet_vtep_params);
	list_del(&vt->list);
	call_rcu(&vt->rcu, hnet_vtep_free_rcu);
}

/*
 * The device's VTEP or port changed: forget every cached route (each CPU
 * looks its own up again on its next packet).
 */
void hnet_vteps_reset(struct hnet_dev *hdev)
{
	struct hnet_vtep *vt;

	lockdep_assert_held(&hdev->lock);

	list_for_each_entry(vt, &hdev->vtep_list, list)
		dst_cache_reset(&vt->dst_cache);
}

/* Transmit */

/*
 * The route from @src to @vt: the cached one if it is still valid and
 * from @src, else looked up (and cached).  Returns a held route.
 */
static struct rtable *hnet_vxlan_route(struct hnet_dev *hdev,
				       struct hnet_vtep *vt, __be32 src,
				       __be16 sport, __be16 dport)
{
	struct net *net = dev_net(hdev->dev);
	struct flowi4 fl4;
	struct rtable *rt;
	__be32 saddr;

	/*
	 * The source is checked as well: a CPU that read the settings just
	 * before they changed may have cached a route of the old VTEP after
	 * hnet_vteps_reset().
	 */
	rt = dst_cache_get_ip4(&vt->dst_cache, &saddr);
	if (likely(rt)) {
		if (likely(saddr == src))
			return rt;
		ip_rt_put(rt);
	}

	memset(&fl4, 0, sizeof(fl4));
	fl4.flowi4_proto = IPPROTO_UDP;
	fl4.daddr = vt->addr;
	fl4.saddr = src;
	fl4.fl4_dport = dport;
	fl4.fl4_sport = sport;
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return rt;
	if (rt->dst.dev == hdev->dev) {
		ip_rt_put(rt);
		return ERR_PTR(-ELOOP);
	}
	dst_cache_set_ip4(&vt->dst_cache, &rt->dst, src);
	return rt;
}

/*
 * The ECN field of the inner IPv4 or IPv6 header (network header set),
 * for the outer one: RFC 6040 normal mode, CE goes out as ECT(0).
 */
static u8 hnet_vxlan_ecn_encap(const struct sk_buff *skb)
{
	int off = skb_network_offset(skb);
	u8 buf[2], inner;
	const u8 *h;

	switch (skb_protocol(skb, true)) {
	case htons(ETH_P_IP):
		h = skb_header_pointer(skb, off, sizeof(buf), buf);
		inner = h ? h[1] : 0;
		break;
	case htons(ETH_P_IPV6):
		h = skb_header_pointer(skb, off, sizeof(buf), buf);
		inner = h ? (h[0] << 4) | (h[1] >> 4) : 0;
		break;
	default:
		return 0;
	}
	return INET_ECN_encapsulate(0, inner);
}

/* What every copy of the frame at skb->data carries outside. */
static void hnet_vxlan_encap_init(struct hnet_dev *hdev, struct sk_buff *skb,
				  struct hnet_encap *enc)
{
	/*
	 * The UDP source port is the frame's flow hash, computed on the
	 * frame as the VM sent it (before a VLAN tag is written into it), so
	 * that every copy of a flooded frame and every packet of a flow
	 * leaves with the same one.
	 */
	enc->sport = udp_flow_src_port(dev_net(hdev->dev), skb, 0, 0, true);
	enc->tos = hnet_vxlan_ecn_encap(skb);
	enc->ready = true;
}

/* hnet_vxlan_xmit() of a frame the underlay can offload as it is. */
static int hnet_vxlan_xmit_one(const struct hnet_dp *dp, struct sk_buff *skb,
			       struct hnet_vtep *vt)
{
	const struct hnet_encap *enc = &dp->encap;
	struct hnet_dev *hdev = dp->hdev;
	const struct hnet_settings *set;
	unsigned int headroom;
	struct hnet_sock *hs;
	struct vxlanhdr *vxh;
	__be32 dst = vt->addr;
	struct rtable *rt;
	__be32 src;
	int err;

	set = rcu_dereference(hdev->settings);
	hs = rcu_dereference(hdev->vs);
	src = set->vtep;
	if (!hs || !src) {
		err = -EDESTADDRREQ;
		goto drop;
	}
	/* Our own VTEP: the packet would come back to this device. */
	if (dst == src) {
		err = -ELOOP;
		goto drop;
	}

	rt = hnet_vxlan_route(hdev, vt, src, enc->sport, hs->port);
	if (IS_ERR(rt)) {
		err = PTR_ERR(rt);
		goto drop;
	}

	/*
	 * One copy of the head at most (a flooded copy is a clone), with room
	 * for the outer headers and the VLAN tag that travels inside the
	 * tunnel.
	 */
	headroom = LL_RESERVED_SPACE(rt->dst.dev) + rt->dst.header_len +
		   sizeof(struct iphdr) + VXLAN_HLEN;
	if (skb_vlan_tag_present(skb))
		headroom += VLAN_HLEN;
	err = skb_cow_head(skb, headroom);
	if (err)
		goto drop_rt;
	if (skb_vlan_tag_present(skb)) {
		skb = __vlan_hwaccel_push_inside(skb);
		if (!skb) {
			ip_rt_put(rt);
			return -ENOMEM;
		}
	}
	err = iptunnel_handle_offloads(skb, SKB_GSO_UDP_TUNNEL);
	if (err)
		goto drop_rt;

	vxh = __skb_push(skb, sizeof(*vxh));
	vxh->vx_flags = VXLAN_HF_VNI;
	vxh->vx_vni = vxlan_vni_field(cpu_to_be32(dp->nw->vni));
	skb_set_inner_protocol(skb, htons(ETH_P_TEB));

	/*
	 * skb->dev is still the port the frame came from: iptunnel_xmit()
	 * would count the packet in that netdev's tstats (which a port need
	 * not have).  hnet counts its own; the IP layer sets the output dev.
	 */
	skb->dev = NULL;
	/*
	 * A receive timestamp (the host stack stamps frames when a socket
	 * asks for timestamps) is no transmit time: fq on the underlay would
	 * take it for one and drop the packet past its horizon.
	 */
	skb_clear_tstamp(skb);
	udp_tunnel_xmit_skb(rt, hs->sock->sk, skb, src, dst, enc->tos,
			    HNET_VXLAN_TTL, 0, enc->sport, hs->port, false,
			    true);
	return 0;

drop_rt:
	ip_rt_put(rt);
drop:
	kfree_skb(skb);
	return err;
}

/*
 * A VM's frame that is itself a tunnel packet (its own VXLAN, Geneve, GRE)
 * with offloads: the underlay cannot nest a second tunnel in the offload,
 * so segment it (or finish its checksum) in software first, as
 * validate_xmit_skb() does for a native vxlan device.  Consumes @skb.
 */
static int hnet_vxlan_xmit_nested(const struct hnet_dp *dp,
				  struct sk_buff *skb, struct hnet_vtep *vt)
{
	struct sk_buff *segs, *next;
	int err = 0, ret;

	if (!skb_is_gso(skb)) {
		if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb)) {
			kfree_skb(skb);
			return -EINVAL;
		}
		return hnet_vxlan_xmit_one(dp, skb, vt);
	}

	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		kfree_skb(skb);
		return segs ? PTR_ERR(segs) : -EINVAL;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		ret = hnet_vxlan_xmit_one(dp, skb, vt);
		if (ret)
			err = ret;
	}
	return err;
}

/*
 * Encapsulate the Ethernet frame at skb->data (network header set) of the
 * way @dp (its device and network) and send it to the VTEP @vt.  The
 * outer header fields of the frame (dp->encap) are computed by its first
 * copy.  Consumes @skb.  Returns 0 once handed to the IP layer, or an
 * error when the frame could not be sent (no VTEP or socket, @vt is the
 * device's own VTEP, no route, no memory).  Caller is in an RCU read-side
 * section.
 */
int hnet_vxlan_xmit(struct hnet_dp *dp, struct sk_buff *skb,
		    struct hnet_vtep *vt)
{
	if (!dp->encap.ready)
		hnet_vxlan_encap_init(dp->hdev, skb, &dp->encap);
	if (unlikely(skb->encapsulation))
		return hnet_vxlan_xmit_nested(dp, skb, vt);
	return hnet_vxlan_xmit_one(dp, skb, vt);
}

/* Receive */

/*
 * GRO: packets of one VNI (and the I flag only) are one flow as far as
 * VXLAN goes; the inner Ethernet frame's GRO decides the rest.
 */
static struct sk_buff *hnet_vxlan_gro_receive(struct sock *sk,
					      struct list_head *head,
					      struct sk_buff *skb)
{
	const struct vxlanhdr *vh, *vh2;
	struct sk_buff *pp = NULL;
	unsigned int off_vx;
	struct sk_buff *p;
	int flush = 1;

	off_vx = skb_gro_offset(skb);
	vh = skb_gro_header(skb, off_vx + sizeof(*vh), off_vx);
	if (unlikely(!vh) || vh->vx_flags != VXLAN_HF_VNI)
		goto out;
	skb_gro_postpull_rcsum(skb, vh, sizeof(*vh));
	skb_gro_pull(skb, sizeof(*vh));

	list_for_each_entry(p, head, list) {
		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		vh2 = (const struct vxlanhdr *)(p->data + off_vx);
		if (vh->vx_flags != vh2->vx_flags ||
		    vh->vx_vni != vh2->vx_vni)
			NAPI_GRO_CB(p)->same_flow = 0;
	}

	pp = call_gro_receive(eth_gro_receive, head, skb);
	flush = 0;
out:
	skb_gro_flush_final(skb, pp, flush);
	return pp;
}

static int hnet_vxlan_gro_complete(struct sock *sk, struct sk_buff *skb,
				   int nhoff)
{
	/* skb->encapsulation is set: this sets the inner MAC header too. */
	return eth_gro_complete(skb, nhoff + sizeof(struct vxlanhdr));
}

/*
 * The device a packet for @daddr received on @hs belongs to: the one whose
 * VTEP it is, else the only device on the socket.  *@stranger tells that
 * the only device has a VTEP, and it is not @daddr: the packet is counted
 * there and dropped.
 */
static struct hnet_dev *hnet_sock_demux(struct hnet_sock *hs, __be32 daddr,
					bool *stranger)
{
	struct hnet_dev *hdev, *only = NULL;
	unsigned int n = 0;

	list_for_each_entry_rcu(hdev, &hs->devs, vs_node) {
		const struct hnet_settings *set;

		set = rcu_dereference(hdev->settings);
		if (set->vtep == daddr)
			return hdev;
		only = hdev;
		n++;
	}
	if (n != 1)
		return NULL;
	*stranger = !!rcu_dereference(only->settings)->vtep;
	return only;
}

/*
 * encap_rcv of the socket: a UDP packet arrived on the VXLAN port,
 * skb->data at its UDP header, checksum verified.  Everything is consumed
 * (returns 0): a packet hnet cannot use is counted and dropped.
 */
static int hnet_vxlan_rcv(struct sock *sk, struct sk_buff *skb)
{
	enum hnet_drop_reason reason = HNET_DROP_MALFORMED;
	__be32 saddr = ip_hdr(skb)->saddr;
	const struct hnet_settings *set;
	u8 tos = ip_hdr(skb)->tos;
	const struct vxlanhdr *vxh;
	bool stranger = false;
	bool named;
	struct hnet_sock *hs;
	struct hnet_dev *hdev;
	struct hnet_dp dp;

	hs = rcu_dereference_sk_user_data(sk);
	if (!hs)
		goto free;
	hdev = hnet_sock_demux(hs, ip_hdr(skb)->daddr, &stranger);
	if (!hdev)
		goto free;

	/* Counted with the length of the inner frame it carries (its VLAN
	 * tag, if any, travels inside it).
	 */
	hnet_dp_start(&dp, hdev, NULL, NULL,
		      skb->len > VXLAN_HLEN ? skb->len - VXLAN_HLEN : 0);
	if (stranger) {
		reason = HNET_DROP_UNKNOWN_VTEP;
		goto drop;
	}
	if (!pskb_may_pull(skb, VXLAN_HLEN))
		goto drop;
	vxh = vxlan_hdr(skb);
	/* The I flag, and nothing else in the reserved fields. */
	if (vxh->vx_flags != VXLAN_HF_VNI || vxh->vx_vni & ~VXLAN_VNI_MASK)
		goto drop;

	dp.nw = hnet_network_find_vni_rcu(hdev,
					  be32_to_cpu(vxlan_vni(vxh->vx_vni)));
	if (!dp.nw) {
		reason = HNET_DROP_UNKNOWN_VNI;
		goto drop;
	}
	/*
	 * A VTEP the network names, or a peer hypervisor: it may send the
	 * packets it routed into any network that has a router interface
	 * (hnet_dp_from_underlay() takes only those from it).
	 */
	set = rcu_dereference(hdev->settings);
	named = !set->source_check ||
		hnet_vtep_known_rcu(hdev, dp.nw->id, saddr);
	if (!named && !(rcu_access_pointer(dp.nw->riface) &&
			hnet_peer_find_rcu(hdev, saddr))) {
		reason = HNET_DROP_UNKNOWN_VTEP;
		goto drop;
	}
	if (skb->len < VXLAN_HLEN + ETH_HLEN ||
	    iptunnel_pull_header(skb, VXLAN_HLEN, htons(ETH_P_TEB), false))
		goto drop;
	hnet_dp_from_underlay(&dp, skb, tos, saddr, named);
	return 0;

drop:
	hnet_dp_drop(&dp, skb, reason);
	hnet_dp_finish(&dp);
	return 0;
free:
	kfree_skb(skb);
	return 0;
}
