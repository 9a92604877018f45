// SPDX-License-Identifier: GPL-2.0
/*
 * L2 gateways: a tenant network bridged to a VLAN of a physical NIC of
 * this hypervisor (a trunk), as HP's hardware VTEP did it in a ToR
 * switch.  One trunk carries many VLANs, each bridged to one network;
 * hnet registers an rx handler on it (struct hnet_trunk, shared by the L2
 * gateways that name the NIC) and takes the frames tagged with a bridged
 * VLAN; untagged frames and other VLANs stay with the host stack.  The
 * NIC is put in promiscuous mode: the VLAN's frames are for the MACs
 * behind it.
 *
 * The source MACs of the frames from a VLAN are learned (struct
 * hnet_l2gw_mac, one table per device), unless a port or remote of the
 * network has the MAC: those frames are dropped as spoofed.  A learned
 * MAC is refreshed by its frames, ages out after the L2 gateway's ageing
 * time without frames, and moves out (is forgotten) when a port or remote
 * with that MAC is added.  Learning and forgetting are announced on the
 * events group (HNET_CMD_L2GW_MAC_NEW, _DEL), so a controller can make
 * the MAC a remote, at this hypervisor's VTEP, on the other hypervisors
 * (as Neutron's l2population does for ports).
 *
 * The datapath (datapath.c) switches a VLAN's frames like a port's,
 * without port security, and sends to a VLAN the frames for a MAC learned
 * there and the network's floods; nothing received on a VLAN goes back to
 * it.  A network is bridged to one VLAN on one hypervisor only (two would
 * make a loop as soon as the physical network joins them): the controller
 * names that hypervisor, and hnet refuses a second L2 gateway of a
 * network on a device, and a VLAN bridged twice on one NIC.
 *
 * Locking: L2 gateways and trunks change under RTNL and the config
 * mutex; the learned MACs under hnet_dev.l2gw_lock (a spinlock, taken in
 * softirq by the datapath: config mutex -> l2gw_lock).  A learned MAC's
 * L2 gateway is freed after the MAC: deleting an L2 gateway marks it dead
 * (nothing learns on it any more) and deletes its MACs first.
 */

#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "hnet.h"

static const struct rhashtable_params hnet_l2gw_mac_params = {
	.key_len		= sizeof(struct hnet_fdb_key),
	.key_offset		= offsetof(struct hnet_l2gw_mac, key),
	.head_offset		= offsetof(struct hnet_l2gw_mac, node),
	.automatic_shrinking	= true,
};

/* Learned MACs */

/* The MAC @mac learned on a VLAN of network @network_id.  RCU. */
struct hnet_l2gw_mac *hnet_l2gw_mac_find_rcu(struct hnet_dev *hdev,
					     u32 network_id, const u8 *mac)
{
	struct hnet_fdb_key key;

	hnet_fdb_key_init(&key, network_id, mac);
	return rhashtable_lookup_fast(&hdev->l2gw_macs, &key,
				      hnet_l2gw_mac_params);
}

enum hnet_l2gw_learn_stat {
	HNET_L2GW_LEARNED,
	HNET_L2GW_MOVED,
	HNET_L2GW_AGED,
	HNET_L2GW_LEARN_FULL,
};

/* BHs off. */
static void hnet_l2gw_count(struct hnet_l2gw *gw,
			    enum hnet_l2gw_learn_stat what)
{
	struct hnet_l2gw_pcpu_stats *s = this_cpu_ptr(gw->learn_stats);

	u64_stats_update_begin(&s->syncp);
	switch (what) {
	case HNET_L2GW_LEARNED:
		u64_stats_inc(&s->learned);
		break;
	case HNET_L2GW_MOVED:
		u64_stats_inc(&s->moved);
		break;
	case HNET_L2GW_AGED:
		u64_stats_inc(&s->aged);
		break;
	case HNET_L2GW_LEARN_FULL:
		u64_stats_inc(&s->learn_full);
		break;
	}
	u64_stats_update_end(&s->syncp);
}

/*
 * The learned MACs changed (under hdev->l2gw_lock): a dump of them that
 * spans the change is flagged.
 */
static void hnet_l2gw_macs_changed(struct hnet_dev *hdev)
{
	lockdep_assert_held(&hdev->l2gw_lock);

	WRITE_ONCE(hdev->l2gw_gen, hdev->l2gw_gen + 1 ?: 1);
	/* Pairs with smp_rmb() in hnet_nl_dump_start(). */
	smp_wmb();
}

static u32 hnet_l2gw_mac_generation(struct hnet_dev *hdev)
{
	return READ_ONCE(hdev->l2gw_gen);
}

/*
 * Unpublish a learned MAC (the caller frees it after a grace period).
 * Caller holds hdev->l2gw_lock.
 */
static void hnet_l2gw_mac_unlink(struct hnet_dev *hdev,
				 struct hnet_l2gw_mac *mac)
{
	lockdep_assert_held(&hdev->l2gw_lock);

	hnet_l2gw_macs_changed(hdev);
	rhashtable_remove_fast(&hdev->l2gw_macs, &mac->node,
			       hnet_l2gw_mac_params);
	list_del_rcu(&mac->list);
	mac->dead = true;
	WRITE_ONCE(mac->gw->n_macs, mac->gw->n_macs - 1);
}

/*
 * Forget a learned MAC, announced (HNET_CMD_L2GW_MAC_DEL).  Caller holds
 * hdev->l2gw_lock.
 */
static void hnet_l2gw_mac_delete(struct hnet_dev *hdev,
				 struct hnet_l2gw_mac *mac)
{
	hnet_nl_event(&hnet_l2gw_mac_type, hdev, mac, HNET_CMD_L2GW_MAC_DEL);
	hnet_l2gw_mac_unlink(hdev, mac);
	list_del(&mac->gw_node);
	kfree_rcu(mac, rcu);
}

/*
 * Learn @addr on @gw.  Datapath (softirq, RCU); the slow part of
 * hnet_l2gw_learn().
 */
static void hnet_l2gw_mac_add(struct hnet_l2gw *gw, const u8 *addr)
{
	struct hnet_network *nw = gw->network;
	struct hnet_dev *hdev = nw->hdev;
	struct hnet_l2gw_mac *mac;

	spin_lock(&hdev->l2gw_lock);
	/*
	 * Checked again under the lock: another CPU may have been first,
	 * and a port or remote is published before hnet_l2gw_forget() takes
	 * the lock.
	 */
	if (gw->dead || hnet_l2gw_mac_find_rcu(hdev, nw->id, addr) ||
	    hnet_port_find_rcu(hdev, nw->id, addr) ||
	    hnet_remote_find_rcu(hdev, nw->id, addr))
		goto out;
	if (gw->n_macs >= gw->max_macs) {
		hnet_l2gw_count(gw, HNET_L2GW_LEARN_FULL);
		goto out;
	}
	mac = kzalloc(sizeof(*mac), GFP_ATOMIC);
	if (!mac)
		goto out;
	hnet_fdb_key_init(&mac->key, nw->id, addr);
	mac->gw = gw;
	mac->updated = jiffies;
	if (rhashtable_insert_fast(&hdev->l2gw_macs, &mac->node,
				   hnet_l2gw_mac_params)) {
		kfree(mac);
		goto out;
	}
	hnet_l2gw_macs_changed(hdev);
	list_add_tail_rcu(&mac->list, &hdev->l2gw_mac_list);
	list_add_tail(&mac->gw_node, &gw->macs);
	WRITE_ONCE(gw->n_macs, gw->n_macs + 1);
	hnet_l2gw_count(gw, HNET_L2GW_LEARNED);
	hnet_nl_event(&hnet_l2gw_mac_type, hdev, mac, HNET_CMD_L2GW_MAC_NEW);
	/* A no-op while the ager is pending. */
	queue_delayed_work(system_power_efficient_wq, &hdev->l2gw_gc, HZ);
out:
	spin_unlock(&hdev->l2gw_lock);
}

/*
 * The source MAC @addr of a frame from the VLAN of @gw: refreshed or
 * learned.  False if a port or remote of the network has it (the frame is
 * to be dropped).  Datapath.
 */
bool hnet_l2gw_learn(struct hnet_l2gw *gw, const u8 *addr)
{
	struct hnet_network *nw = gw->network;
	struct hnet_dev *hdev = nw->hdev;
	unsigned long now = jiffies;
	struct hnet_l2gw_mac *mac;

	/* A network has one L2 gateway: a MAC learned is learned on @gw. */
	mac = hnet_l2gw_mac_find_rcu(hdev, nw->id, addr);
	if (likely(mac)) {
		/* One write a jiffy at most: the line stays shared. */
		if (READ_ONCE(mac->updated) != now)
			WRITE_ONCE(mac->updated, now);
		return true;
	}
	/* A learned MAC is no port's or remote's (hnet_l2gw_forget()). */
	if (hnet_port_find_rcu(hdev, nw->id, addr) ||
	    hnet_remote_find_rcu(hdev, nw->id, addr))
		return false;
	/* Full: forwarded, not learned, and no lock taken for it. */
	if (READ_ONCE(gw->n_macs) >= gw->max_macs) {
		hnet_l2gw_count(gw, HNET_L2GW_LEARN_FULL);
		return true;
	}
	hnet_l2gw_mac_add(gw, addr);
	return true;
}

/*
 * A port or remote with @mac was added to network @network_id: it owns
 * the MAC now (the host moved into the cloud, or behind another
 * hypervisor), which the VLAN may not have learned.  Caller holds the
 * config mutex.
 */
void hnet_l2gw_forget(struct hnet_dev *hdev, u32 network_id, const u8 *mac)
{
	struct hnet_l2gw_mac *learned;

	lockdep_assert_held(&hdev->lock);

	spin_lock_bh(&hdev->l2gw_lock);
	rcu_read_lock();
	learned = hnet_l2gw_mac_find_rcu(hdev, network_id, mac);
	rcu_read_unlock();
	if (learned) {
		hnet_l2gw_count(learned->gw, HNET_L2GW_MOVED);
		hnet_l2gw_mac_delete(hdev, learned);
	}
	spin_unlock_bh(&hdev->l2gw_lock);
}

/*
 * The ager: every second while MACs are learned, those whose L2 gateway's
 * ageing time passed without a frame from them go.
 */
static void hnet_l2gw_gc(struct work_struct *work)
{
	struct hnet_dev *hdev = container_of(to_delayed_work(work),
					     struct hnet_dev, l2gw_gc);
	struct hnet_l2gw_mac *mac;
	bool more = false;

	rcu_read_lock();
	list_for_each_entry_rcu(mac, &hdev->l2gw_mac_list, list) {
		if (time_before(jiffies, READ_ONCE(mac->updated) +
				mac->gw->ageing)) {
			more = true;
			continue;
		}
		spin_lock_bh(&hdev->l2gw_lock);
		/* Unless it went or sent a frame meanwhile. */
		if (!mac->dead &&
		    time_after_eq(jiffies, READ_ONCE(mac->updated) +
				  mac->gw->ageing)) {
			hnet_l2gw_count(mac->gw, HNET_L2GW_AGED);
			hnet_l2gw_mac_delete(hdev, mac);
		} else if (!mac->dead) {
			more = true;
		}
		spin_unlock_bh(&hdev->l2gw_lock);
	}
	rcu_read_unlock();
	if (more)
		queue_delayed_work(system_power_efficient_wq, &hdev->l2gw_gc,
				   HZ);
}

int hnet_l2gws_init(struct hnet_dev *hdev)
{
	INIT_LIST_HEAD(&hdev->trunks);
	INIT_LIST_HEAD(&hdev->l2gw_mac_list);
	spin_lock_init(&hdev->l2gw_lock);
	INIT_DELAYED_WORK(&hdev->l2gw_gc, hnet_l2gw_gc);
	return rhashtable_init(&hdev->l2gw_macs, &hnet_l2gw_mac_params);
}

/*
 * Every L2 gateway is gone (and so every learned MAC and trunk): stop the
 * ager, which nothing queues again.
 */
void hnet_l2gws_stop(struct hnet_dev *hdev)
{
	cancel_delayed_work_sync(&hdev->l2gw_gc);
}

/* The table must be empty and no reader may use it any more. */
void hnet_l2gws_destroy(struct hnet_dev *hdev)
{
	WARN_ON_ONCE(!list_empty(&hdev->trunks));
	rhashtable_destroy(&hdev->l2gw_macs);
}

/* Trunks */

/*
 * Frames arriving on a trunk: those tagged (802.1Q) with a VLAN bridged
 * to a network are hnet's; everything else goes to the host stack.
 */
static rx_handler_result_t hnet_trunk_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct hnet_trunk *trunk;
	struct hnet_l2gw *gw;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK) ||
	    !skb_vlan_tag_present(skb) ||
	    skb->vlan_proto != htons(ETH_P_8021Q))
		return RX_HANDLER_PASS;
	trunk = rcu_dereference(skb->dev->rx_handler_data);
	gw = xa_load(&trunk->vlans, skb_vlan_tag_get_id(skb));
	if (!gw)
		return RX_HANDLER_PASS;
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (skb)
		hnet_dp_from_vlan(gw, skb);
	return RX_HANDLER_CONSUMED;
}

/* The trunk @dev is, of any hnet device, or NULL.  RTNL. */
static struct hnet_trunk *hnet_trunk_of(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != hnet_trunk_rx)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

static const struct hnet_netdev_refusals hnet_trunk_refusals = {
	.port		= "the NIC is an hnet port",
	.hnet		= "the NIC cannot be an hnet device",
	.loopback	= "the NIC cannot be a loopback device",
	.not_ether	= "the NIC is not an Ethernet device",
	.enslaved	= "the NIC is enslaved to another device (bridge, bond)",
	.busy		= "the NIC already has an rx handler (an external device?)",
};

/*
 * The trunk object of @dev for @hdev, with one more reference (an L2
 * gateway); the NIC is taken on first use.  RTNL and the config mutex.
 */
static struct hnet_trunk *hnet_trunk_get(struct hnet_dev *hdev,
					 struct net_device *dev,
					 const struct nlattr *attr,
					 struct netlink_ext_ack *extack)
{
	struct hnet_trunk *trunk;
	int err;

	ASSERT_RTNL();
	lockdep_assert_held(&hdev->lock);

	trunk = hnet_trunk_of(dev);
	if (trunk) {
		trunk->refs++;
		return trunk;
	}
	err = hnet_netdev_check_free(dev, &hnet_trunk_refusals, attr, extack);
	if (err)
		return ERR_PTR(err);
	trunk = kzalloc(sizeof(*trunk), GFP_KERNEL_ACCOUNT);
	if (!trunk)
		return ERR_PTR(-ENOMEM);
	trunk->dev = dev;
	trunk->hdev = hdev;
	trunk->refs = 1;
	xa_init(&trunk->vlans);
	/* The VLAN's frames are for the MACs behind it, not the NIC's. */
	err = dev_set_promiscuity(dev, 1);
	if (err) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "cannot make the NIC promiscuous");
		goto err_free;
	}
	err = netdev_rx_handler_register(dev, hnet_trunk_rx, trunk);
	if (err) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "cannot register the NIC's rx handler");
		goto err_promisc;
	}
	/* Merged frames cannot be forwarded (as the bridge does it). */
	dev_disable_lro(dev);
	netdev_hold(dev, &trunk->dev_tracker, GFP_KERNEL);
	list_add_tail(&trunk->list, &hdev->trunks);
	return trunk;

err_promisc:
	dev_set_promiscuity(dev, -1);
err_free:
	kfree(trunk);
	return ERR_PTR(err);
}

static void hnet_trunk_free_rcu(struct rcu_head *head)
{
	struct hnet_trunk *trunk = container_of(head, struct hnet_trunk, rcu);

	netdev_put(trunk->dev, &trunk->dev_tracker);
	kfree(trunk);
}

/* One L2 gateway less; the last one gives the NIC back. */
static void hnet_trunk_put(struct hnet_trunk *trunk)
{
	ASSERT_RTNL();
	lockdep_assert_held(&trunk->hdev->lock);

	if (--trunk->refs)
		return;
	/* Waits for the readers of the rx handler. */
	netdev_rx_handler_unregister(trunk->dev);
	/*
	 * Empty by now.  Here, not in the RCU callback: the xa_lock is taken
	 * with softirqs on (xa_store()), so never in softirq.
	 */
	xa_destroy(&trunk->vlans);
	dev_set_promiscuity(trunk->dev, -1);
	list_del(&trunk->list);
	call_rcu(&trunk->rcu, hnet_trunk_free_rcu);
}

/* L2 gateways */

static void hnet_l2gw_free_rcu(struct rcu_head *head)
{
	struct hnet_l2gw *gw = container_of(head, struct hnet_l2gw, rcu);

	free_percpu(gw->learn_stats);
	free_percpu(gw->stats);
	kfree(gw);
}

/*
 * Delete an L2 gateway, and first its learned MACs.  Caller holds RTNL
 * and the config mutex.
 */
static void hnet_l2gw_delete(struct hnet_l2gw *gw, bool notify)
{
	struct hnet_dev *hdev = gw->network->hdev;
	struct hnet_l2gw_mac *mac, *tmp;
	LIST_HEAD(gone);

	ASSERT_RTNL();
	lockdep_assert_held(&hdev->lock);

	/* The trunk takes no frame for it any more ... */
	xa_erase(&gw->trunk->vlans, gw->vid);
	vlan_vid_del(gw->trunk->dev, htons(ETH_P_8021Q), gw->vid);
	/* ... and nothing learns on it: its MACs go before it. */
	spin_lock_bh(&hdev->l2gw_lock);
	gw->dead = true;
	list_for_each_entry(mac, &gw->macs, gw_node)
		hnet_l2gw_mac_unlink(hdev, mac);
	list_splice_init(&gw->macs, &gone);
	spin_unlock_bh(&hdev->l2gw_lock);
	/* Announced outside the lock: there may be many. */
	list_for_each_entry_safe(mac, tmp, &gone, gw_node) {
		if (notify)
			hnet_nl_notify(&hnet_l2gw_mac_type, hdev, mac,
				       HNET_CMD_L2GW_MAC_DEL);
		kfree_rcu(mac, rcu);
		cond_resched();
	}

	if (notify)
		hnet_nl_notify(&hnet_l2gw_type, hdev, gw, HNET_CMD_L2GW_DEL);
	hnet_dev_changed(hdev);
	list_del_rcu(&gw->list);
	hnet_trunk_put(gw->trunk);
	call_rcu(&gw->rcu, hnet_l2gw_free_rcu);
}

/* The L2 gateways of network @nw (it is going). */
void hnet_l2gws_drop_network(struct hnet_network *nw, bool notify)
{
	struct hnet_l2gw *gw, *tmp;

	list_for_each_entry_safe(gw, tmp, &nw->l2gws, list)
		hnet_l2gw_delete(gw, notify);
}

/* The L2 gateway of network @nw on the NIC @dev, or NULL.  RCU or mutex. */
static struct hnet_l2gw *hnet_l2gw_find(struct hnet_network *nw,
					const struct net_device *dev)
{
	struct hnet_l2gw *gw;

	list_for_each_entry_rcu(gw, &nw->l2gws, list,
				lockdep_is_held(&nw->hdev->lock))
		if (gw->trunk->dev == dev)
			return gw;
	return NULL;
}

/*
 * Events on a netdev that is no port (port.c): a trunk going away
 * (deleted, or moving to another namespace) takes its L2 gateways; one
 * must stay Ethernet; a VLAN device on it may not take a bridged VLAN.
 */
int hnet_trunk_netdev_event(struct net_device *dev, unsigned long event,
			    void *ptr)
{
	struct netdev_notifier_changeupper_info *info;
	struct netlink_ext_ack *extack;
	struct hnet_trunk *trunk;
	struct net_device *upper;
	struct hnet_dev *hdev;
	unsigned long vid;
	struct hnet_l2gw *gw;
	bool last;

	trunk = hnet_trunk_of(dev);
	if (!trunk)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_PRE_TYPE_CHANGE:
		return notifier_from_errno(-EBUSY);
	case NETDEV_PRECHANGEUPPER:
		info = ptr;
		upper = info->upper_dev;
		extack = netdev_notifier_info_to_extack(&info->info);
		if (!info->linking)
			return NOTIFY_DONE;
		/* A master (a VRF: it needs no rx handler) takes it whole. */
		if (info->master) {
			NL_SET_ERR_MSG(extack,
				       "the NIC is a trunk of hnet L2 gateways");
			return notifier_from_errno(-EBUSY);
		}
		if (!is_vlan_dev(upper) ||
		    vlan_dev_vlan_proto(upper) != htons(ETH_P_8021Q) ||
		    !xa_load(&trunk->vlans, vlan_dev_vlan_id(upper)))
			return NOTIFY_DONE;
		NL_SET_ERR_MSG(extack,
			       "the VLAN is bridged to an hnet network by an L2 gateway");
		return notifier_from_errno(-EBUSY);
	case NETDEV_UNREGISTER:
		hdev = trunk->hdev;
		mutex_lock(&hdev->lock);
		/* The last L2 gateway frees @trunk: nothing reads it after. */
		do {
			vid = 0;
			gw = xa_find(&trunk->vlans, &vid, VLAN_N_VID - 1,
				     XA_PRESENT);
			if (WARN_ON_ONCE(!gw))
				break;
			last = trunk->refs == 1;
			hnet_l2gw_delete(gw, true);
		} while (!last);
		mutex_unlock(&hdev->lock);
		return NOTIFY_OK;
	default:
		return NOTIFY_DONE;
	}
}

/* Netlink */

/* Seconds, as a bridge's ageing time may be (up to 11 days and more). */
static struct netlink_range_validation hnet_l2gw_ageing_range = {
	.min = 1,
	.max = 1000000,
};

static struct netlink_range_validation hnet_l2gw_max_macs_range = {
	.min = 1,
	.max = 1 << 16,
};

const struct nla_policy hnet_l2gw_new_nl_policy[HNET_L2GW_A_MAX + 1] = {
	[HNET_L2GW_A_NETWORK_ID]	= { .type = NLA_U32 },
	[HNET_L2GW_A_IFINDEX]		= { .type = NLA_U32 },
	[HNET_L2GW_A_IFNAME]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
	[HNET_L2GW_A_VLAN]		= NLA_POLICY_RANGE(NLA_U16, 1,
							   VLAN_N_VID - 2),
	[HNET_L2GW_A_AGEING]		=
		NLA_POLICY_FULL_RANGE(NLA_U32, &hnet_l2gw_ageing_range),
	[HNET_L2GW_A_MAX_MACS]		=
		NLA_POLICY_FULL_RANGE(NLA_U32, &hnet_l2gw_max_macs_range),
};

const struct nla_policy hnet_l2gw_key_nl_policy[HNET_L2GW_A_MAX + 1] = {
	[HNET_L2GW_A_NETWORK_ID]	= { .type = NLA_U32 },
	[HNET_L2GW_A_IFINDEX]		= { .type = NLA_U32 },
	[HNET_L2GW_A_IFNAME]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
};

static const struct hnet_nl_ident hnet_l2gw_nl_ident = {
	.ifindex	= HNET_L2GW_A_IFINDEX,
	.ifname		= HNET_L2GW_A_IFNAME,
	.missing	= "missing NIC",
	.not_found	= "NIC not found",
	.differ		= "IFINDEX and IFNAME name different netdevs",
};

static void *hnet_l2gw_nl_create(struct hnet_dev *hdev, struct nlattr *nest,
				 struct nlattr **tb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	u32 ageing = HNET_L2GW_DEFAULT_AGEING;
	const struct nlattr *dev_attr;
	struct hnet_network *nw;
	struct hnet_trunk *trunk;
	struct net_device *dev;
	struct hnet_l2gw *gw;
	bool vlan_dev;
	u16 vid;
	int err;

	if (!tb[HNET_L2GW_A_NETWORK_ID])
		return ERR_PTR(hnet_nl_missing(extack, nest,
					       HNET_L2GW_A_NETWORK_ID,
					       "missing network id"));
	if (!tb[HNET_L2GW_A_VLAN])
		return ERR_PTR(hnet_nl_missing(extack, nest, HNET_L2GW_A_VLAN,
					       "missing VLAN id"));
	nw = hnet_network_nl_lookup(hdev, tb[HNET_L2GW_A_NETWORK_ID], extack);
	if (IS_ERR(nw))
		return ERR_CAST(nw);
	vid = nla_get_u16(tb[HNET_L2GW_A_VLAN]);
	if (tb[HNET_L2GW_A_AGEING])
		ageing = nla_get_u32(tb[HNET_L2GW_A_AGEING]);

	/* RTNL keeps the netdev while it is taken. */
	rcu_read_lock();
	dev = hnet_nl_netdev_rcu(genl_info_net(info), &hnet_l2gw_nl_ident,
				 nest, tb, &dev_attr, extack);
	vlan_dev = !IS_ERR(dev) &&
		   __vlan_find_dev_deep_rcu(dev, htons(ETH_P_8021Q), vid);
	rcu_read_unlock();
	if (IS_ERR(dev))
		return ERR_CAST(dev);

	trunk = hnet_trunk_of(dev);
	if (trunk && trunk->hdev != hdev) {
		NL_SET_ERR_MSG_ATTR(extack, dev_attr,
				    "the NIC is a trunk of another hnet device");
		return ERR_PTR(-EBUSY);
	}
	if (trunk && xa_load(&trunk->vlans, vid)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HNET_L2GW_A_VLAN],
				    "the VLAN is already bridged on this NIC");
		return ERR_PTR(-EEXIST);
	}
	/*
	 * Two VLANs of one network on one hypervisor would make a loop as
	 * soon as the physical network joins them (and the same VLAN on two
	 * hypervisors, which is the controller's to avoid).
	 */
	if (!list_empty(&nw->l2gws)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HNET_L2GW_A_NETWORK_ID],
				    "the network is already bridged to a VLAN on this device");
		return ERR_PTR(-EEXIST);
	}
	if (vlan_dev) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HNET_L2GW_A_VLAN],
				    "the NIC has a VLAN device of this VLAN, which takes its frames");
		return ERR_PTR(-EBUSY);
	}
	if (READ_ONCE(dev->mtu) < nw->mtu) {
		NL_SET_ERR_MSG_ATTR(extack, dev_attr,
				    "the NIC's MTU is below the network's");
		return ERR_PTR(-EINVAL);
	}

	gw = kzalloc(sizeof(*gw), GFP_KERNEL_ACCOUNT);
	if (!gw)
		return ERR_PTR(-ENOMEM);
	gw->stats = netdev_alloc_pcpu_stats(struct hnet_pcpu_stats);
	gw->learn_stats = netdev_alloc_pcpu_stats(struct hnet_l2gw_pcpu_stats);
	if (!gw->stats || !gw->learn_stats) {
		err = -ENOMEM;
		goto err_free;
	}
	gw->network = nw;
	gw->vid = vid;
	INIT_LIST_HEAD(&gw->macs);
	gw->ageing = ageing * HZ;
	gw->max_macs = tb[HNET_L2GW_A_MAX_MACS] ?
		       nla_get_u32(tb[HNET_L2GW_A_MAX_MACS]) :
		       HNET_L2GW_DEFAULT_MAX_MACS;

	trunk = hnet_trunk_get(hdev, dev, dev_attr, extack);
	if (IS_ERR(trunk)) {
		err = PTR_ERR(trunk);
		goto err_free;
	}
	gw->trunk = trunk;
	/* A NIC filtering VLANs in hardware passes this one from now on. */
	err = vlan_vid_add(dev, htons(ETH_P_8021Q), vid);
	if (err) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HNET_L2GW_A_VLAN],
				    "cannot add the VLAN to the NIC's filter");
		goto err_trunk;
	}
	/*
	 * The VLAN's slot in the trunk, filled by hnet_l2gw_nl_publish()
	 * once L2GW_NEW is out; the floods send to it at once.
	 */
	err = xa_reserve(&trunk->vlans, vid, GFP_KERNEL_ACCOUNT);
	if (err)
		goto err_vid;
	hnet_dev_changed(hdev);
	list_add_tail_rcu(&gw->list, &nw->l2gws);
	return gw;

err_vid:
	vlan_vid_del(dev, htons(ETH_P_8021Q), vid);
err_trunk:
	hnet_trunk_put(trunk);
err_free:
	free_percpu(gw->learn_stats);
	free_percpu(gw->stats);
	kfree(gw);
	return ERR_PTR(err);
}

/*
 * The trunk's rx handler takes the VLAN's frames from now on: what it
 * learns is announced after the L2 gateway.  Cannot fail: the slot is
 * reserved.
 */
static void hnet_l2gw_nl_publish(const void *obj)
{
	const struct hnet_l2gw *gw = obj;

	xa_store(&gw->trunk->vlans, gw->vid, (void *)gw, GFP_KERNEL);
}

static void *hnet_l2gw_nl_find(struct hnet_dev *hdev, struct nlattr *nest,
			       struct nlattr **tb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	const struct nlattr *dev_attr;
	struct hnet_network *nw;
	struct net_device *dev;
	struct hnet_l2gw *gw;

	if (!tb[HNET_L2GW_A_NETWORK_ID])
		return ERR_PTR(hnet_nl_missing(extack, nest,
					       HNET_L2GW_A_NETWORK_ID,
					       "missing network id"));
	nw = hnet_network_nl_lookup(hdev, tb[HNET_L2GW_A_NETWORK_ID], extack);
	if (IS_ERR(nw))
		return nw;
	dev = hnet_nl_netdev_rcu(genl_info_net(info), &hnet_l2gw_nl_ident,
				 nest, tb, &dev_attr, extack);
	if (IS_ERR(dev))
		return dev;
	gw = hnet_l2gw_find(nw, dev);
	if (!gw) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HNET_L2GW_A_NETWORK_ID],
				    "the network has no L2 gateway on this NIC");
		return ERR_PTR(-ENOENT);
	}
	return gw;
}

static void hnet_l2gw_nl_delete(void *obj)
{
	hnet_l2gw_delete(obj, true);
}

static int hnet_l2gw_nl_put_stats(struct sk_buff *skb,
				  const struct hnet_l2gw *gw)
{
	const struct hnet_l2gw_pcpu_stats *s;
	u64 v[HNET_L2GW_STATS_A_MAX - 1];
	unsigned int start, i;
	struct hnet_stats t;
	u64 c[4];
	int cpu;

	hnet_stats_read(gw->stats, &t);
	v[0] = t.rx_packets;
	v[1] = t.rx_bytes;
	v[2] = t.tx_packets;
	v[3] = t.tx_bytes;
	v[4] = t.drops;
	v[5] = t.drop[HNET_DROP_SPOOFED];
	v[6] = t.drop[HNET_DROP_MALFORMED];
	v[7] = t.drop[HNET_DROP_MTU];
	v[8] = t.drop[HNET_DROP_NO_DEST];
	v[9] = t.drop[HNET_DROP_CONTROL];
	memset(&v[10], 0, 4 * sizeof(u64));
	for_each_possible_cpu(cpu) {
		s = per_cpu_ptr(gw->learn_stats, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			c[0] = u64_stats_read(&s->learned);
			c[1] = u64_stats_read(&s->moved);
			c[2] = u64_stats_read(&s->aged);
			c[3] = u64_stats_read(&s->learn_full);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < 4; i++)
			v[10 + i] += c[i];
	}
	return hnet_nl_put_counters(skb, HNET_L2GW_A_STATS,
				    HNET_L2GW_STATS_A_PAD,
				    HNET_L2GW_STATS_A_RX_PACKETS, v,
				    ARRAY_SIZE(v));
}

static_assert(HNET_L2GW_STATS_A_RX_PACKETS + 14 == HNET_L2GW_STATS_A_MAX + 1);

static int hnet_l2gw_nl_fill(struct sk_buff *skb, const void *obj, bool stats)
{
	const struct hnet_l2gw *gw = obj;

	if (nla_put_u32(skb, HNET_L2GW_A_NETWORK_ID, gw->network->id) ||
	    hnet_nl_put_netdev(skb, HNET_L2GW_A_IFINDEX, HNET_L2GW_A_IFNAME,
			       gw->trunk->dev) ||
	    nla_put_u16(skb, HNET_L2GW_A_VLAN, gw->vid) ||
	    nla_put_u32(skb, HNET_L2GW_A_AGEING, gw->ageing / HZ) ||
	    nla_put_u32(skb, HNET_L2GW_A_MAX_MACS, gw->max_macs) ||
	    nla_put_u32(skb, HNET_L2GW_A_MACS, READ_ONCE(gw->n_macs)))
		return -EMSGSIZE;
	if (stats)
		return hnet_l2gw_nl_put_stats(skb, gw);
	return 0;
}

static_assert(HNET_L2GW_A_MAX <= HNET_OBJ_MAXATTR);

const struct hnet_obj_type hnet_l2gw_type = {
	.nest		= HNET_A_L2GW,
	.maxattr	= HNET_L2GW_A_MAX,
	.new_policy	= hnet_l2gw_new_nl_policy,
	.key_policy	= hnet_l2gw_key_nl_policy,
	.missing	= "missing L2 gateway attributes",
	.cmd_new	= HNET_CMD_L2GW_NEW,
	.cmd_del	= HNET_CMD_L2GW_DEL,
	.cmd_get	= HNET_CMD_L2GW_GET,
	.stats		= true,
	.filtered	= true,
	.filter_attr	= HNET_L2GW_A_NETWORK_ID,
	.nw_list	= offsetof(struct hnet_network, l2gws),
	.obj_list	= offsetof(struct hnet_l2gw, list),
	.create		= hnet_l2gw_nl_create,
	.find		= hnet_l2gw_nl_find,
	.delete		= hnet_l2gw_nl_delete,
	.fill		= hnet_l2gw_nl_fill,
	.walk		= hnet_network_walk_list,
	.publish	= hnet_l2gw_nl_publish,
};

/* Learned MACs: GET (one, or a dump) and notifications. */

const struct nla_policy hnet_l2gw_mac_key_nl_policy[HNET_L2GW_MAC_A_MAX + 1] = {
	[HNET_L2GW_MAC_A_NETWORK_ID]	= { .type = NLA_U32 },
	[HNET_L2GW_MAC_A_MAC]		= NLA_POLICY_EXACT_LEN(ETH_ALEN),
};

static void *hnet_l2gw_mac_nl_find(struct hnet_dev *hdev, struct nlattr *nest,
				   struct nlattr **tb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct hnet_l2gw_mac *mac;
	struct hnet_network *nw;

	if (!tb[HNET_L2GW_MAC_A_NETWORK_ID])
		return ERR_PTR(hnet_nl_missing(extack, nest,
					       HNET_L2GW_MAC_A_NETWORK_ID,
					       "missing network id"));
	if (!tb[HNET_L2GW_MAC_A_MAC])
		return ERR_PTR(hnet_nl_missing(extack, nest,
					       HNET_L2GW_MAC_A_MAC,
					       "missing MAC"));
	nw = hnet_network_nl_lookup(hdev, tb[HNET_L2GW_MAC_A_NETWORK_ID],
				    extack);
	if (IS_ERR(nw))
		return nw;
	mac = hnet_l2gw_mac_find_rcu(hdev, nw->id,
				     nla_data(tb[HNET_L2GW_MAC_A_MAC]));
	if (!mac) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HNET_L2GW_MAC_A_MAC],
				    "MAC not learned on the network");
		return ERR_PTR(-ENOENT);
	}
	return mac;
}

/* Under RCU or hdev->l2gw_lock. */
static int hnet_l2gw_mac_nl_fill(struct sk_buff *skb, const void *obj,
				 bool stats)
{
	const struct hnet_l2gw_mac *mac = obj;
	const struct hnet_l2gw *gw = READ_ONCE(mac->gw);
	unsigned long idle = jiffies - READ_ONCE(mac->updated);
	struct hnet_dev *hdev = gw->network->hdev;
	__be32 vtep;

	rcu_read_lock();
	vtep = rcu_dereference(hdev->settings)->vtep;
	rcu_read_unlock();
	if (nla_put_u32(skb, HNET_L2GW_MAC_A_NETWORK_ID, mac->key.network_id) ||
	    nla_put(skb, HNET_L2GW_MAC_A_MAC, ETH_ALEN, mac->key.mac) ||
	    hnet_nl_put_netdev(skb, HNET_L2GW_MAC_A_IFINDEX,
			       HNET_L2GW_MAC_A_IFNAME, gw->trunk->dev) ||
	    nla_put_u16(skb, HNET_L2GW_MAC_A_VLAN, gw->vid) ||
	    (vtep && nla_put_in_addr(skb, HNET_L2GW_MAC_A_VTEP, vtep)) ||
	    nla_put_u32(skb, HNET_L2GW_MAC_A_AGE, idle / HZ))
		return -EMSGSIZE;
	return 0;
}

/* Dumps: in the order they were learned (of one network, if not 0). */
static int hnet_l2gw_mac_nl_walk(const struct hnet_obj_type *type,
				 struct hnet_dev *hdev, u32 network_id,
				 hnet_walk_fn fn, void *arg)
{
	struct hnet_l2gw_mac *mac;
	int err;

	list_for_each_entry_rcu(mac, &hdev->l2gw_mac_list, list) {
		if (network_id && mac->key.network_id != network_id)
			continue;
		err = fn(arg, mac);
		if (err)
			return err;
	}
	return 0;
}

static_assert(HNET_L2GW_MAC_A_MAX <= HNET_OBJ_MAXATTR);

/*
 * Learning is no configuration change: it does not bump the device's
 * generation (other dumps never restart for it), but a generation of
 * its own, which a dump of learned MACs carries.
 */
const struct hnet_obj_type hnet_l2gw_mac_type = {
	.nest		= HNET_A_L2GW_MAC,
	.maxattr	= HNET_L2GW_MAC_A_MAX,
	.key_policy	= hnet_l2gw_mac_key_nl_policy,
	.missing	= "missing learned MAC attributes",
	.cmd_new	= HNET_CMD_L2GW_MAC_NEW,
	.cmd_del	= HNET_CMD_L2GW_MAC_DEL,
	.cmd_get	= HNET_CMD_L2GW_MAC_GET,
	.filtered	= true,
	.filter_attr	= HNET_L2GW_MAC_A_NETWORK_ID,
	.find		= hnet_l2gw_mac_nl_find,
	.fill		= hnet_l2gw_mac_nl_fill,
	.walk		= hnet_l2gw_mac_nl_walk,
	.generation	= hnet_l2gw_mac_generation,
};
