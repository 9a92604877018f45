// SPDX-License-Identifier: GPL-2.0
/*
 * The external network: a router's external gateway names the device by
 * which the hypervisor reaches it (its uplink: a NIC, a VLAN device or a
 * veth) and the upstream router, the next hop of what leaves.  Routers
 * may share a device (struct hnet_extdev, reference-counted by their
 * gateways): hnet registers an rx handler on it, for the frames of the
 * floating IPs it hosts there, so a device belongs to one hnet device and
 * is no bridge or bond member, nor a port.  The device needs no address of
 * its own; with one, the host keeps using it.
 *
 * On the external device hnet answers ARP for the floating IPs it hosts
 * there, with the device's MAC, and takes the IPv4 packets to them
 * (datapath.c translates them to the fixed IP and routes them to the VM);
 * everything else (the host's own addresses, other protocols) goes to the
 * host stack untouched.  A gratuitous ARP (request form, as arping -U and
 * Neutron send it) announces a floating IP when it is added, so that the
 * upstream router's cache follows a floating IP that moved here at once.
 *
 * The upstream next hop's MAC comes from the kernel's neighbour table of
 * the device, which resolves it and keeps it current (NUD_STALE entries
 * are probed again when used).  A device without an address of its own
 * cannot ask from one: hnet then asks itself, from the floating IP of the
 * packet that needs the answer, and the reply fills the table.
 *
 * What the datapath reads, under RCU: a router's gateway
 * (hnet_router.gw) and, through it, the external device.  Deleting a
 * gateway (also with its router or device, or when the external device
 * goes) deletes the router's floating IPs first.
 */

#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/arp.h>
#include <net/genetlink.h>
#include <net/neighbour.h>

#include "hnet.h"

/* The datapath of the external device */

/*
 * The floating IP @addr if this hypervisor hosts it on @ext: one of its
 * floating IPs, of a router whose gateway is @ext.  RCU.
 */
static struct hnet_fip *hnet_extdev_fip_rcu(struct hnet_extdev *ext,
					    __be32 addr)
{
	struct hnet_fip *fip = hnet_fip_find_rcu(ext->hdev, addr);
	struct hnet_gateway *gw;

	if (!fip)
		return NULL;
	gw = rcu_dereference(fip->router->gw);
	return gw && gw->ext == ext ? fip : NULL;
}

/*
 * An ARP request for a floating IP @ext hosts: the reply, from the
 * device's MAC, is sent at once and the request goes no further.  False
 * for any other ARP packet, which the host stack takes (replies to the
 * device's own requests fill the neighbour table).
 */
static bool hnet_extdev_arp(struct hnet_extdev *ext, struct sk_buff *skb)
{
	struct net_device *dev = ext->dev;
	struct sk_buff *reply;
	struct hnet_arp arp;
	struct neighbour *n;

	if (!netif_running(ext->hdev->dev) || !hnet_arp_parse(skb, &arp) ||
	    arp.op != htons(ARPOP_REQUEST) || arp.sip == arp.tip ||
	    !hnet_extdev_fip_rcu(ext, arp.tip))
		return false;
	/*
	 * Who asks is about to answer: the kernel learns the sender of a
	 * request for one of its addresses likewise (arp_process()).
	 */
	if (hnet_ipv4_is_unicast(arp.sip)) {
		n = neigh_event_ns(&arp_tbl, arp.sha, &arp.sip, dev);
		if (n)
			neigh_release(n);
	}
	reply = arp_create(ARPOP_REPLY, ETH_P_ARP, arp.sip, dev, arp.tip,
			   arp.sha, dev->dev_addr, arp.sha);
	if (reply)
		arp_xmit(reply);
	consume_skb(skb);
	return true;
}

/*
 * Frames arriving on an external device: ARP for the floating IPs hnet
 * hosts on it and IPv4 packets to them, to the device's MAC and untagged,
 * are hnet's; everything else goes to the host stack untouched.
 */
static rx_handler_result_t hnet_extdev_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct hnet_extdev *ext;
	const struct iphdr *iph;
	struct hnet_fip *fip;
	struct iphdr _iph;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK) ||
	    skb_vlan_tag_present(skb))
		return RX_HANDLER_PASS;
	ext = rcu_dereference(skb->dev->rx_handler_data);

	switch (skb->protocol) {
	case htons(ETH_P_ARP):
		if (skb->pkt_type == PACKET_OTHERHOST)
			return RX_HANDLER_PASS;
		skb = skb_share_check(skb, GFP_ATOMIC);
		if (!skb)
			return RX_HANDLER_CONSUMED;
		*pskb = skb;
		return hnet_extdev_arp(ext, skb) ? RX_HANDLER_CONSUMED :
						   RX_HANDLER_PASS;
	case htons(ETH_P_IP):
		if (skb->pkt_type != PACKET_HOST)
			return RX_HANDLER_PASS;
		iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
		fip = iph ? hnet_extdev_fip_rcu(ext, iph->daddr) : NULL;
		if (!fip)
			return RX_HANDLER_PASS;
		skb = skb_share_check(skb, GFP_ATOMIC);
		if (skb)
			hnet_dp_from_external(ext, fip, skb);
		return RX_HANDLER_CONSUMED;
	default:
		return RX_HANDLER_PASS;
	}
}

/*
 * Ask for @target's MAC on @ext's link from the address @from: an ARP
 * request of hnet's own, for a device without an address of its own (at
 * most ten a second per device).
 */
static void hnet_extdev_solicit(struct hnet_extdev *ext, __be32 target,
				__be32 from)
{
	struct net_device *dev = ext->dev;
	unsigned long now = jiffies;
	struct sk_buff *skb;

	if (time_before(now, READ_ONCE(ext->solicited) + HZ / 10))
		return;
	WRITE_ONCE(ext->solicited, now);
	skb = arp_create(ARPOP_REQUEST, ETH_P_ARP, target, dev, from, NULL,
			 dev->dev_addr, NULL);
	if (skb)
		arp_xmit(skb);
}

/*
 * Whether @dev has an IPv4 address the kernel would ask from: a primary
 * one of at most link scope (inet_select_addr() skips the others, and
 * would take another device's).  RCU.
 */
bool hnet_extdev_has_addr(struct net_device *dev)
{
	struct in_device *in_dev = __in_dev_get_rcu(dev);
	const struct in_ifaddr *ifa;

	if (!in_dev)
		return false;
	in_dev_for_each_ifa_rcu(ifa, in_dev)
		if (!(ifa->ifa_flags & IFA_F_SECONDARY) &&
		    ifa->ifa_scope <= RT_SCOPE_LINK)
			return true;
	return false;
}

/*
 * Datapath: the kernel's neighbour entry of @addr on @ext's link, created
 * if there is none, not held (neighbours are freed after a grace period:
 * the caller stays in its RCU read-side section).  NULL if none can be
 * made (no memory, the table full, the device going).  BHs off.
 *
 * On a device with an address the kernel resolves the entry and confirms
 * a stale one, as for neigh_output(); the caller queues a packet that
 * waits.  On a device without one the kernel must not: arp_solicit()
 * would ask from another device's address (inet_select_addr()), showing
 * the external network, say, the hypervisor's underlay address.  hnet
 * then asks itself, from the floating IP @from, whenever the MAC is not
 * known to be current, and the reply updates the entry (arp_process()).
 */
struct neighbour *hnet_extdev_neigh(struct hnet_extdev *ext, __be32 addr,
				    __be32 from)
{
	struct net_device *dev = ext->dev;
	struct neighbour *n;
	u8 state;

	n = __ipv4_neigh_lookup_noref(dev, (__force u32)addr);
	if (unlikely(!n)) {
		n = __neigh_create(&arp_tbl, &addr, dev, false);
		if (IS_ERR(n))
			return NULL;
	}
	state = READ_ONCE(n->nud_state);
	if (hnet_extdev_has_addr(dev))
		neigh_event_send(n, NULL);
	else if (!(state & (NUD_REACHABLE | NUD_PERMANENT | NUD_NOARP)))
		hnet_extdev_solicit(ext, addr, from);
	return n;
}

/*
 * Announce the floating IP @addr on @ext: a gratuitous ARP, in the form of
 * a request for it from it, with the device's MAC.  On a device without
 * an address, ask for the next hop @nexthop (0: none) from it too, now:
 * after a move, upstream has no reason to ask for the floating IP (the
 * gratuitous ARP turned its cache), so hnet would learn nothing of it
 * before the VM answers.  Process context, under RTNL.
 */
void hnet_extdev_announce(struct hnet_extdev *ext, __be32 addr,
			  __be32 nexthop)
{
	struct net_device *dev = ext->dev;
	struct sk_buff *skb;

	if (!netif_running(dev))
		return;
	skb = arp_create(ARPOP_REQUEST, ETH_P_ARP, addr, dev, addr, NULL,
			 dev->dev_addr, NULL);
	if (skb)
		arp_xmit(skb);
	if (!nexthop)
		return;
	/* As the datapath calls it: BHs off, in an RCU read-side section. */
	local_bh_disable();
	rcu_read_lock();
	if (!hnet_extdev_has_addr(dev))
		hnet_extdev_neigh(ext, nexthop, addr);
	rcu_read_unlock();
	local_bh_enable();
}

/* External devices: under RTNL and the config mutex. */

/* The external device @dev is, of any hnet device, or NULL.  RTNL. */
static struct hnet_extdev *hnet_extdev_of(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != hnet_extdev_rx)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

static const struct hnet_netdev_refusals hnet_extdev_refusals = {
	.port		= "the external device is an hnet port",
	.hnet		= "the external device cannot be an hnet device",
	.loopback	= "the external device cannot be a loopback device",
	.not_ether	= "the external device is not an Ethernet device",
	.enslaved	= "the external device is enslaved to another device (bridge, bond)",
	.busy		= "the external device already has an rx handler",
};

/* Whether @dev may be an external device. */
static int hnet_extdev_check(struct net_device *dev, const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	int err;

	err = hnet_netdev_check_free(dev, &hnet_extdev_refusals, attr, extack);
	if (err)
		return err;
	if (dev->flags & IFF_NOARP) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the external device does not do ARP (NOARP)");
		return -EINVAL;
	}
	return 0;
}

/*
 * The external device object of @dev for @hdev, with one more reference
 * (a gateway); the device is taken on first use.
 */
static struct hnet_extdev *hnet_extdev_get(struct hnet_dev *hdev,
					   struct net_device *dev,
					   const struct nlattr *attr,
					   struct netlink_ext_ack *extack)
{
	struct hnet_extdev *ext;
	int err;

	ASSERT_RTNL();
	lockdep_assert_held(&hdev->lock);

	ext = hnet_extdev_of(dev);
	if (ext) {
		if (ext->hdev != hdev) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "the external device belongs to another hnet device");
			return ERR_PTR(-EBUSY);
		}
		ext->refs++;
		return ext;
	}
	err = hnet_extdev_check(dev, attr, extack);
	if (err)
		return ERR_PTR(err);
	ext = kzalloc(sizeof(*ext), GFP_KERNEL_ACCOUNT);
	if (!ext)
		return ERR_PTR(-ENOMEM);
	ext->dev = dev;
	ext->hdev = hdev;
	ext->solicited = jiffies - HZ;
	ext->refs = 1;
	err = netdev_rx_handler_register(dev, hnet_extdev_rx, ext);
	if (err) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "cannot register the external device's rx handler");
		kfree(ext);
		return ERR_PTR(err);
	}
	/* Merged frames cannot be forwarded (as IP forwarding does it). */
	dev_disable_lro(dev);
	netdev_hold(dev, &ext->dev_tracker, GFP_KERNEL);
	list_add_tail(&ext->list, &hdev->extdevs);
	return ext;
}

/* The netdev reference goes with the object, once no reader can use it. */
static void hnet_extdev_free_rcu(struct rcu_head *head)
{
	struct hnet_extdev *ext = container_of(head, struct hnet_extdev, rcu);

	netdev_put(ext->dev, &ext->dev_tracker);
	kfree(ext);
}

/* One gateway less; the last one gives the device back. */
static void hnet_extdev_put(struct hnet_extdev *ext)
{
	ASSERT_RTNL();
	lockdep_assert_held(&ext->hdev->lock);

	if (--ext->refs)
		return;
	/* Waits for the readers of the rx handler. */
	netdev_rx_handler_unregister(ext->dev);
	list_del(&ext->list);
	call_rcu(&ext->rcu, hnet_extdev_free_rcu);
}

/* Gateways */

/* Under RCU or the config mutex: @router's gateway, or NULL. */
struct hnet_gateway *hnet_gateway_of(const struct hnet_router *router)
{
	return rcu_dereference_check(router->gw,
				     lockdep_is_held(&router->hdev->lock));
}

/*
 * Delete @router's gateway, and first its floating IPs.  Caller holds
 * RTNL and the config mutex.
 */
void hnet_gateway_delete(struct hnet_router *router, bool notify)
{
	struct hnet_gateway *gw = hnet_gateway_of(router);
	struct hnet_dev *hdev = router->hdev;

	ASSERT_RTNL();
	lockdep_assert_held(&hdev->lock);

	if (!gw)
		return;
	hnet_fips_flush(router, notify);
	if (notify)
		hnet_nl_notify(&hnet_gateway_type, hdev, gw,
			       HNET_CMD_GATEWAY_DEL);
	hnet_dev_changed(hdev);
	RCU_INIT_POINTER(router->gw, NULL);
	hnet_extdev_put(gw->ext);
	kfree_rcu(gw, rcu);
}

/*
 * Announce every floating IP hnet hosts on @ext again, as the kernel
 * announces its own addresses when a device comes up, changes its MAC or
 * is asked to notify its peers (a floating IP added while the device was
 * down was not announced).  RTNL.
 */
static void hnet_extdev_announce_all(struct hnet_extdev *ext)
{
	struct hnet_dev *hdev = ext->hdev;
	struct hnet_router *router;
	struct hnet_gateway *gw;
	struct hnet_fip *fip;

	mutex_lock(&hdev->lock);
	list_for_each_entry(router, &hdev->router_list, list) {
		gw = hnet_gateway_of(router);
		if (!gw || gw->ext != ext)
			continue;
		list_for_each_entry(fip, &router->fips, list)
			hnet_extdev_announce(ext, fip->addr, gw->nexthop);
	}
	mutex_unlock(&hdev->lock);
}

/*
 * Events on a netdev that is no port (port.c): an external device going
 * away (deleted, or moving to another namespace) takes the gateways that
 * use it; one must stay Ethernet; one that comes up, changes its MAC or
 * notifies its peers announces its floating IPs.
 */
int hnet_extdev_netdev_event(struct net_device *dev, unsigned long event)
{
	struct hnet_router *router, *tmp;
	struct hnet_gateway *gw;
	struct hnet_extdev *ext;
	struct hnet_dev *hdev;

	ext = hnet_extdev_of(dev);
	if (!ext)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_PRE_TYPE_CHANGE:
		return notifier_from_errno(-EBUSY);
	case NETDEV_UNREGISTER:
		hdev = ext->hdev;
		mutex_lock(&hdev->lock);
		/* The last gateway frees @ext: nothing reads it after. */
		list_for_each_entry_safe(router, tmp, &hdev->router_list,
					 list) {
			gw = hnet_gateway_of(router);
			if (gw && gw->ext == ext)
				hnet_gateway_delete(router, true);
		}
		mutex_unlock(&hdev->lock);
		return NOTIFY_OK;
	case NETDEV_UP:
	case NETDEV_CHANGEADDR:
	case NETDEV_NOTIFY_PEERS:
		hnet_extdev_announce_all(ext);
		return NOTIFY_OK;
	default:
		return NOTIFY_DONE;
	}
}

/* Netlink */

const struct nla_policy hnet_gateway_new_nl_policy[HNET_GATEWAY_A_MAX + 1] = {
	[HNET_GATEWAY_A_ROUTER_ID]	= { .type = NLA_U32 },
	[HNET_GATEWAY_A_IFINDEX]	= { .type = NLA_U32 },
	[HNET_GATEWAY_A_IFNAME]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
	[HNET_GATEWAY_A_NEXTHOP]	= { .type = NLA_BE32 },
	[HNET_GATEWAY_A_SNAT]		= { .type = NLA_BE32 },
	[HNET_GATEWAY_A_SNAT_PORT_MIN]	= { .type = NLA_U16 },
	[HNET_GATEWAY_A_SNAT_PORT_MAX]	= { .type = NLA_U16 },
};

const struct nla_policy hnet_gateway_key_nl_policy[HNET_GATEWAY_A_MAX + 1] = {
	[HNET_GATEWAY_A_ROUTER_ID]	= { .type = NLA_U32 },
};

static const struct hnet_nl_ident hnet_gateway_nl_ident = {
	.ifindex	= HNET_GATEWAY_A_IFINDEX,
	.ifname		= HNET_GATEWAY_A_IFNAME,
	.missing	= "missing external device",
	.not_found	= "external device not found",
	.differ		= "IFINDEX and IFNAME name different netdevs",
};

static void *hnet_gateway_nl_create(struct hnet_dev *hdev, struct nlattr *nest,
				    struct nlattr **tb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	const struct nlattr *dev_attr;
	struct hnet_router *router;
	struct hnet_gateway *gw;
	struct hnet_extdev *ext;
	struct net_device *dev;
	__be32 nexthop = 0;
	int err;

	router = hnet_router_nl_get(hdev, nest, tb, HNET_GATEWAY_A_ROUTER_ID,
				    extack);
	if (IS_ERR(router))
		return router;
	if (hnet_gateway_of(router)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HNET_GATEWAY_A_ROUTER_ID],
				    "router already has a gateway");
		return ERR_PTR(-EEXIST);
	}
	if (tb[HNET_GATEWAY_A_SNAT] || tb[HNET_GATEWAY_A_SNAT_PORT_MIN] ||
	    tb[HNET_GATEWAY_A_SNAT_PORT_MAX]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HNET_GATEWAY_A_SNAT] ?:
				    tb[HNET_GATEWAY_A_SNAT_PORT_MIN] ?:
				    tb[HNET_GATEWAY_A_SNAT_PORT_MAX],
				    "SNAT is not supported yet");
		return ERR_PTR(-EOPNOTSUPP);
	}
	if (tb[HNET_GATEWAY_A_NEXTHOP]) {
		nexthop = nla_get_in_addr(tb[HNET_GATEWAY_A_NEXTHOP]);
		if (!hnet_ipv4_is_unicast(nexthop)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[HNET_GATEWAY_A_NEXTHOP],
					    "next hop must be a unicast IPv4 address");
			return ERR_PTR(-EINVAL);
		}
	}

	/* RTNL keeps the netdev while it is taken. */
	rcu_read_lock();
	dev = hnet_nl_netdev_rcu(genl_info_net(info), &hnet_gateway_nl_ident,
				 nest, tb, &dev_attr, extack);
	rcu_read_unlock();
	if (IS_ERR(dev))
		return ERR_CAST(dev);

	gw = kzalloc(sizeof(*gw), GFP_KERNEL_ACCOUNT);
	if (!gw)
		return ERR_PTR(-ENOMEM);
	ext = hnet_extdev_get(hdev, dev, dev_attr, extack);
	if (IS_ERR(ext)) {
		err = PTR_ERR(ext);
		kfree(gw);
		return ERR_PTR(err);
	}
	gw->router = router;
	gw->ext = ext;
	gw->nexthop = nexthop;
	hnet_dev_changed(hdev);
	rcu_assign_pointer(router->gw, gw);
	return gw;
}

static void *hnet_gateway_nl_find(struct hnet_dev *hdev, struct nlattr *nest,
				  struct nlattr **tb, struct genl_info *info)
{
	struct hnet_router *router;
	struct hnet_gateway *gw;

	router = hnet_router_nl_get(hdev, nest, tb, HNET_GATEWAY_A_ROUTER_ID,
				    info->extack);
	if (IS_ERR(router))
		return router;
	gw = hnet_gateway_of(router);
	if (!gw) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HNET_GATEWAY_A_ROUTER_ID],
				    "router has no gateway");
		return ERR_PTR(-ENOENT);
	}
	return gw;
}

static void hnet_gateway_nl_delete(void *obj)
{
	struct hnet_gateway *gw = obj;

	hnet_gateway_delete(gw->router, true);
}

static int hnet_gateway_nl_fill(struct sk_buff *skb, const void *obj,
				bool stats)
{
	const struct hnet_gateway *gw = obj;

	if (nla_put_u32(skb, HNET_GATEWAY_A_ROUTER_ID, gw->router->id) ||
	    hnet_nl_put_netdev(skb, HNET_GATEWAY_A_IFINDEX,
			       HNET_GATEWAY_A_IFNAME, gw->ext->dev) ||
	    (gw->nexthop &&
	     nla_put_in_addr(skb, HNET_GATEWAY_A_NEXTHOP, gw->nexthop)))
		return -EMSGSIZE;
	return 0;
}

/* Dumps: the gateways of the routers, in the routers' order.  RCU. */
static int hnet_gateway_nl_walk(const struct hnet_obj_type *type,
				struct hnet_dev *hdev, u32 filter,
				hnet_walk_fn fn, void *arg)
{
	struct hnet_router *router;
	struct hnet_gateway *gw;
	int err;

	list_for_each_entry_rcu(router, &hdev->router_list, list) {
		if (filter && router->id != filter)
			continue;
		gw = rcu_dereference(router->gw);
		if (!gw)
			continue;
		err = fn(arg, gw);
		if (err)
			return err;
	}
	return 0;
}

static_assert(HNET_GATEWAY_A_MAX <= HNET_OBJ_MAXATTR);

const struct hnet_obj_type hnet_gateway_type = {
	.nest		= HNET_A_GATEWAY,
	.maxattr	= HNET_GATEWAY_A_MAX,
	.new_policy	= hnet_gateway_new_nl_policy,
	.key_policy	= hnet_gateway_key_nl_policy,
	.missing	= "missing gateway attributes",
	.cmd_new	= HNET_CMD_GATEWAY_NEW,
	.cmd_del	= HNET_CMD_GATEWAY_DEL,
	.cmd_get	= HNET_CMD_GATEWAY_GET,
	.filtered	= true,
	.filter_attr	= HNET_GATEWAY_A_ROUTER_ID,
	.filter_router	= true,
	.create		= hnet_gateway_nl_create,
	.find		= hnet_gateway_nl_find,
	.delete		= hnet_gateway_nl_delete,
	.fill		= hnet_gateway_nl_fill,
	.walk		= hnet_gateway_nl_walk,
};
