// SPDX-License-Identifier: GPL-2.0
/*
 * The hnet net_device: rtnl_link ops, settings, counters, ethtool.
 */

#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>

#include "hnet.h"

static const char hnet_stat_names[][ETH_GSTRING_LEN] = {
	"rx_packets",
	"rx_bytes",
	"tx_packets",
	"tx_bytes",
	"drops",
	"drop_spoofed",
	"drop_unknown_vni",
	"drop_malformed",
	"drop_mtu",
	"drop_no_dest",
	"drop_unknown_vtep",
	"drop_control",
};

static_assert(ARRAY_SIZE(hnet_stat_names) == 5 + HNET_DROP_MAX);
static_assert(HNET_STATS_A_DROP_SPOOFED + HNET_DROP_MAX ==
	      HNET_STATS_A_MAX + 1);

void hnet_stats_read(struct hnet_pcpu_stats __percpu *pcpu,
		     struct hnet_stats *out)
{
	int cpu, i;

	memset(out, 0, sizeof(*out));
	for_each_possible_cpu(cpu) {
		const struct hnet_pcpu_stats *s = per_cpu_ptr(pcpu, cpu);
		u64 rx_packets, rx_bytes, tx_packets, tx_bytes;
		u64 drop[HNET_DROP_MAX];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			rx_packets = u64_stats_read(&s->rx_packets);
			rx_bytes = u64_stats_read(&s->rx_bytes);
			tx_packets = u64_stats_read(&s->tx_packets);
			tx_bytes = u64_stats_read(&s->tx_bytes);
			for (i = 0; i < HNET_DROP_MAX; i++)
				drop[i] = u64_stats_read(&s->drops[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		out->rx_packets += rx_packets;
		out->rx_bytes += rx_bytes;
		out->tx_packets += tx_packets;
		out->tx_bytes += tx_bytes;
		for (i = 0; i < HNET_DROP_MAX; i++) {
			out->drop[i] += drop[i];
			out->drops += drop[i];
		}
	}
}

/*
 * A new generation: the caller holds the config mutex and is about to
 * change what netlink shows (before a list change, for the dumps walking
 * it without the mutex: see DOC: Locking).
 */
void hnet_dev_changed(struct hnet_dev *hdev)
{
	lockdep_assert_held(&hdev->lock);

	WRITE_ONCE(hdev->generation, hdev->generation + 1 ?: 1);
	/* Pairs with smp_rmb() in hnet_nl_dump_start(). */
	smp_wmb();
}

/*
 * The settings as configuration paths see them: the caller holds the
 * config mutex or RTNL (or is in an RCU read-side section).
 */
const struct hnet_settings *hnet_settings_cfg(const struct hnet_dev *hdev)
{
	return rcu_dereference_check(hdev->settings,
				     lockdep_is_held(&hdev->lock) ||
				     lockdep_rtnl_is_held());
}

/*
 * Two devices of a namespace must not both claim the packets arriving on
 * one UDP port for one VTEP address.
 */
static int hnet_dev_check_unique(struct hnet_dev *hdev,
				 const struct hnet_settings *set,
				 const struct hnet_dev_cfg *cfg,
				 struct netlink_ext_ack *extack)
{
	struct hnet_net *hn = net_generic(dev_net(hdev->dev), hnet_net_id);
	const struct hnet_settings *other;
	struct hnet_dev *h;

	ASSERT_RTNL();

	if (!set->vtep)
		return 0;
	list_for_each_entry(h, &hn->devs, list) {
		if (h == hdev)
			continue;
		other = hnet_settings_cfg(h);
		if (other->vtep == set->vtep && other->dstport == set->dstport) {
			NL_SET_ERR_MSG_ATTR(extack,
					    hnet_attr(cfg->tb, cfg->set_vtep ?
						      HNET_DEV_A_VTEP :
						      HNET_DEV_A_DSTPORT),
					    "VTEP and UDP port already used by another hnet device");
			return -EADDRINUSE;
		}
	}
	return 0;
}

/* A limit's count: the unsigned int @_count of struct hnet_dev. */
#define HNET_LIMIT_OF_DEV(_count)					\
	.count = offsetof(struct hnet_dev, _count)
/*
 * A limit of each object (struct @type) on the device's list @_owners
 * (a struct list_head), linked by its @_node: its unsigned int @_count.
 */
#define HNET_LIMIT_OF_EACH(_owners, type, _node, _count)		\
	.owners = offsetof(struct hnet_dev, _owners),			\
	.owner_node = offsetof(type, _node),				\
	.count = offsetof(type, _count)

/* The limits: a new one is one entry here (and its HNET_DEV_A_MAX_*). */
const struct hnet_limit_desc hnet_limits[HNET_LIMIT_MAX] = {
	[HNET_LIMIT_NETWORKS] = {
		.attr	= HNET_DEV_A_MAX_NETWORKS,
		.dflt	= 4096,
		.ceil	= 65536,
		.full	= "too many networks on this device (max-networks)",
		.low	= "limit below the current number of networks",
		HNET_LIMIT_OF_DEV(n_networks),
	},
	[HNET_LIMIT_PORTS] = {
		.attr	= HNET_DEV_A_MAX_PORTS,
		.dflt	= 4096,
		.ceil	= 65536,
		.full	= "too many ports on this device (max-ports)",
		.low	= "limit below the current number of ports",
		HNET_LIMIT_OF_DEV(n_ports),
	},
	[HNET_LIMIT_REMOTES] = {
		.attr	= HNET_DEV_A_MAX_REMOTES,
		.dflt	= 131072,
		.ceil	= 1048576,
		.full	= "too many remotes on this device (max-remotes)",
		.low	= "limit below the current number of remotes",
		HNET_LIMIT_OF_DEV(n_remotes),
	},
	[HNET_LIMIT_FLOODS] = {
		.attr	= HNET_DEV_A_MAX_FLOODS,
		.dflt	= 1024,
		.ceil	= 16384,
		.full	= "too many flood entries on this network (max-floods)",
		.low	= "limit below the current number of flood entries of a network",
		HNET_LIMIT_OF_EACH(network_list, struct hnet_network, list,
				   n_floods),
	},
	[HNET_LIMIT_PEERS] = {
		.attr	= HNET_DEV_A_MAX_PEERS,
		.dflt	= 4096,
		.ceil	= 65536,
		.full	= "too many peers on this device (max-peers)",
		.low	= "limit below the current number of peers",
		HNET_LIMIT_OF_DEV(n_peers),
	},
	[HNET_LIMIT_ROUTERS] = {
		.attr	= HNET_DEV_A_MAX_ROUTERS,
		.dflt	= 4096,
		.ceil	= 65536,
		.full	= "too many routers on this device (max-routers)",
		.low	= "limit below the current number of routers",
		HNET_LIMIT_OF_DEV(n_routers),
	},
	[HNET_LIMIT_ROUTES] = {
		.attr	= HNET_DEV_A_MAX_ROUTES,
		.dflt	= 1024,
		.ceil	= 16384,
		.full	= "too many routes on this router (max-routes)",
		.low	= "limit below the current number of routes of a router",
		HNET_LIMIT_OF_EACH(router_list, struct hnet_router, list,
				   n_routes),
	},
};

/*
 * Whether one more object fits under @limit, @used being in use now.
 * Caller holds the config mutex; @attr is what extack points at.
 */
int hnet_limit_check(struct hnet_dev *hdev, enum hnet_limit limit,
		     unsigned int used, const struct nlattr *attr,
		     struct netlink_ext_ack *extack)
{
	if (used < hnet_settings_cfg(hdev)->max[limit])
		return 0;
	hnet_nl_set_err(extack, attr, hnet_limits[limit].full);
	return -ENOSPC;
}

/*
 * What @l bounds is in use now: the device's count, or the most of any
 * of its owners (the fullest network, ...).  Under the config mutex.
 */
static unsigned int hnet_limit_used(struct hnet_dev *hdev,
				    const struct hnet_limit_desc *l)
{
	struct list_head *owners, *pos;
	unsigned int most = 0;

	lockdep_assert_held(&hdev->lock);

	if (!l->owners)
		return *(unsigned int *)((void *)hdev + l->count);
	owners = (void *)hdev + l->owners;
	list_for_each(pos, owners)
		most = max(most, *(unsigned int *)((void *)pos -
						   l->owner_node + l->count));
	return most;
}

/*
 * Change the settings: a new copy is published (RCU) once every check
 * passed and, on a running device, the socket of a new dstport is open.
 * Caller holds RTNL and the config mutex.
 */
int hnet_dev_set(struct hnet_dev *hdev, const struct hnet_dev_cfg *cfg,
		 struct netlink_ext_ack *extack)
{
	struct hnet_settings *old, *set;
	int err, i;

	ASSERT_RTNL();
	lockdep_assert_held(&hdev->lock);

	if (cfg->set_vtep && cfg->vtep && !hnet_ipv4_is_unicast(cfg->vtep)) {
		NL_SET_ERR_MSG_ATTR(extack, hnet_attr(cfg->tb, HNET_DEV_A_VTEP),
				    "VTEP must be a unicast IPv4 address");
		return -EINVAL;
	}
	if (cfg->set_vtep && cfg->vtep) {
		err = hnet_peers_check_vtep(hdev, cfg->vtep,
					    hnet_attr(cfg->tb, HNET_DEV_A_VTEP),
					    extack);
		if (err)
			return err;
	}
	if (cfg->set_host_mac && !is_valid_ether_addr(cfg->host_mac)) {
		NL_SET_ERR_MSG_ATTR(extack,
				    hnet_attr(cfg->tb, HNET_DEV_A_HOST_MAC),
				    "host MAC must be a unicast, non-zero address");
		return -EINVAL;
	}
	if (cfg->set_host_mac) {
		err = hnet_peers_check_host_mac(hdev, cfg->host_mac,
						hnet_attr(cfg->tb,
							  HNET_DEV_A_HOST_MAC),
						extack);
		if (err)
			return err;
	}
	for (i = 0; i < HNET_LIMIT_MAX; i++) {
		if (cfg->max[i] &&
		    cfg->max[i] < hnet_limit_used(hdev, &hnet_limits[i])) {
			hnet_nl_set_err(extack,
					hnet_attr(cfg->tb, hnet_limits[i].attr),
					hnet_limits[i].low);
			return -EBUSY;
		}
	}

	old = rcu_dereference_protected(hdev->settings,
					lockdep_is_held(&hdev->lock));
	set = kmemdup(old, sizeof(*set), GFP_KERNEL);
	if (!set)
		return -ENOMEM;
	if (cfg->set_vtep)
		set->vtep = cfg->vtep;
	if (cfg->set_dstport)
		set->dstport = cfg->dstport;
	if (cfg->set_host_mac)
		ether_addr_copy(set->host_mac, cfg->host_mac);
	if (cfg->set_source_check)
		set->source_check = cfg->source_check;
	for (i = 0; i < HNET_LIMIT_MAX; i++)
		if (cfg->max[i])
			set->max[i] = cfg->max[i];

	err = hnet_dev_check_unique(hdev, set, cfg, extack);
	if (!err && set->dstport != old->dstport)
		err = hnet_vxlan_change_port(hdev, set->dstport,
					     hnet_attr(cfg->tb,
						       HNET_DEV_A_DSTPORT),
					     extack);
	if (err) {
		kfree(set);
		return err;
	}

	rcu_assign_pointer(hdev->settings, set);
	/* The cached routes were from the old VTEP (or to the old port). */
	if (set->vtep != old->vtep || set->dstport != old->dstport)
		hnet_vteps_reset(hdev);
	kfree_rcu(old, rcu);
	hnet_dev_changed(hdev);
	return 0;
}

/*
 * The device carries no traffic of its own: whatever the host stack sends
 * to it is dropped and counted as the netdev's tx_dropped (not as a
 * datapath drop: the hnet counters are about tenant traffic).
 */
static netdev_tx_t hnet_xmit(struct sk_buff *skb, struct net_device *dev)
{
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

static void hnet_get_stats64(struct net_device *dev,
			     struct rtnl_link_stats64 *tot)
{
	struct hnet_dev *hdev = netdev_priv(dev);
	struct hnet_stats s;

	hnet_stats_read(hdev->stats, &s);
	tot->rx_packets = s.rx_packets;
	tot->rx_bytes = s.rx_bytes;
	tot->tx_packets = s.tx_packets;
	tot->tx_bytes = s.tx_bytes;
	tot->rx_dropped = s.drops;
}

static int hnet_dev_init(struct net_device *dev)
{
	struct hnet_dev *hdev = netdev_priv(dev);
	struct hnet_settings *set;
	int err, i;

	set = kzalloc(sizeof(*set), GFP_KERNEL);
	if (!set)
		return -ENOMEM;
	set->dstport = HNET_DEFAULT_DSTPORT;
	eth_random_addr(set->host_mac);
	set->source_check = true;
	for (i = 0; i < HNET_LIMIT_MAX; i++)
		set->max[i] = hnet_limits[i].dflt;
	RCU_INIT_POINTER(hdev->settings, set);

	hdev->stats = netdev_alloc_pcpu_stats(struct hnet_pcpu_stats);
	if (!hdev->stats) {
		err = -ENOMEM;
		goto err_settings;
	}

	err = hnet_networks_init(hdev);
	if (err)
		goto err_stats;
	err = hnet_ports_init(hdev);
	if (err)
		goto err_networks;
	err = hnet_remotes_init(hdev);
	if (err)
		goto err_ports;
	err = hnet_ips_init(hdev);
	if (err)
		goto err_remotes;
	err = hnet_peers_init(hdev);
	if (err)
		goto err_ips;
	err = hnet_routers_init(hdev);
	if (err)
		goto err_peers;
	err = hnet_l2gws_init(hdev);
	if (err)
		goto err_routers;
	return 0;

err_routers:
	hnet_routers_destroy(hdev);
err_peers:
	hnet_peers_destroy(hdev);
err_ips:
	hnet_ips_destroy(hdev);
err_remotes:
	hnet_remotes_destroy(hdev);
err_ports:
	hnet_ports_destroy(hdev);
err_networks:
	hnet_networks_destroy(hdev);
err_stats:
	free_percpu(hdev->stats);
	hdev->stats = NULL;
err_settings:
	kfree(rcu_dereference_raw(hdev->settings));
	RCU_INIT_POINTER(hdev->settings, NULL);
	return err;
}

/*
 * Remove every object, each announced on the events group (a controller
 * keeps its view from them); detaching the ports gives their netdevs back.
 */
static void hnet_dev_flush(struct hnet_dev *hdev)
{
	mutex_lock(&hdev->lock);
	hnet_routers_flush(hdev);
	hnet_peers_flush(hdev);
	hnet_networks_flush(hdev);
	mutex_unlock(&hdev->lock);
}

static void hnet_dev_uninit(struct net_device *dev)
{
	struct hnet_dev *hdev = netdev_priv(dev);

	/* Normally already done by dellink; cheap when there is nothing. */
	hnet_dev_flush(hdev);
	hnet_l2gws_stop(hdev);
}

/* Runs once the last reference is gone: no reader can see the tables. */
static void hnet_dev_destructor(struct net_device *dev)
{
	struct hnet_dev *hdev = netdev_priv(dev);

	if (!hdev->stats)	/* ndo_init failed and cleaned up */
		return;
	hnet_l2gws_destroy(hdev);
	hnet_routers_destroy(hdev);
	hnet_peers_destroy(hdev);
	hnet_ips_destroy(hdev);
	hnet_remotes_destroy(hdev);
	hnet_ports_destroy(hdev);
	hnet_networks_destroy(hdev);
	free_percpu(hdev->stats);
	hdev->stats = NULL;
	kfree(rcu_dereference_raw(hdev->settings));
	mutex_destroy(&hdev->lock);
}

/* Up: receive VXLAN on the dstport (vxlan.c).  Under RTNL. */
static int hnet_dev_open(struct net_device *dev)
{
	return hnet_vxlan_open(netdev_priv(dev), NULL);
}

static int hnet_dev_stop(struct net_device *dev)
{
	hnet_vxlan_close(netdev_priv(dev));
	return 0;
}

static const struct net_device_ops hnet_netdev_ops = {
	.ndo_init		= hnet_dev_init,
	.ndo_uninit		= hnet_dev_uninit,
	.ndo_open		= hnet_dev_open,
	.ndo_stop		= hnet_dev_stop,
	.ndo_start_xmit		= hnet_xmit,
	.ndo_get_stats64	= hnet_get_stats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

bool netif_is_hnet(const struct net_device *dev)
{
	return dev->netdev_ops == &hnet_netdev_ops;
}

static void hnet_get_drvinfo(struct net_device *dev,
			     struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->version, HNET_VERSION, sizeof(info->version));
}

static int hnet_get_sset_count(struct net_device *dev, int sset)
{
	return sset == ETH_SS_STATS ? ARRAY_SIZE(hnet_stat_names) : -EOPNOTSUPP;
}

static void hnet_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	if (sset == ETH_SS_STATS)
		memcpy(data, hnet_stat_names, sizeof(hnet_stat_names));
}

static void hnet_get_ethtool_stats(struct net_device *dev,
				   struct ethtool_stats *stats, u64 *data)
{
	struct hnet_dev *hdev = netdev_priv(dev);
	struct hnet_stats s;
	int i;

	hnet_stats_read(hdev->stats, &s);
	*data++ = s.rx_packets;
	*data++ = s.rx_bytes;
	*data++ = s.tx_packets;
	*data++ = s.tx_bytes;
	*data++ = s.drops;
	for (i = 0; i < HNET_DROP_MAX; i++)
		*data++ = s.drop[i];
}

static const struct ethtool_ops hnet_ethtool_ops = {
	.get_drvinfo		= hnet_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= hnet_get_sset_count,
	.get_strings		= hnet_get_strings,
	.get_ethtool_stats	= hnet_get_ethtool_stats,
};

static void hnet_setup(struct net_device *dev)
{
	struct hnet_dev *hdev = netdev_priv(dev);

	ether_setup(dev);
	dev->netdev_ops = &hnet_netdev_ops;
	dev->ethtool_ops = &hnet_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = hnet_dev_destructor;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_NO_QUEUE | IFF_LIVE_ADDR_CHANGE;
	/* The device's objects and ports belong to its namespace. */
#if defined(HNET_HAVE_NETNS_IMMUTABLE)
	dev->netns_immutable = true;
#elif defined(NETIF_F_NETNS_LOCAL)
	dev->features |= NETIF_F_NETNS_LOCAL;
#else
	dev->netns_local = true;
#endif
#ifdef NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
#endif
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	eth_hw_addr_random(dev);

	hdev->dev = dev;
	INIT_LIST_HEAD(&hdev->list);
	INIT_LIST_HEAD(&hdev->network_list);
	INIT_LIST_HEAD(&hdev->vs_node);
	mutex_init(&hdev->lock);
	hdev->generation = 1;
}

static int hnet_newlink(struct net *src_net, struct net_device *dev,
			struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	struct hnet_net *hn = net_generic(dev_net(dev), hnet_net_id);
	struct hnet_dev *hdev = netdev_priv(dev);
	int err;

	err = register_netdevice(dev);
	if (err)
		return err;
	hnet_net_devs_changed(hn);
	list_add_tail_rcu(&hdev->list, &hn->devs);
	return 0;
}

/*
 * Under RTNL: remove the device's objects and queue it for unregistering.
 * Listeners hear of every object, then of the device (HNET_CMD_DEV_DEL).
 */
void hnet_dev_delete(struct hnet_dev *hdev, struct list_head *kill_list)
{
	ASSERT_RTNL();

	hnet_dev_flush(hdev);
	hnet_nl_notify(&hnet_dev_type, hdev, hdev, HNET_CMD_DEV_DEL);
	hnet_net_devs_changed(net_generic(dev_net(hdev->dev), hnet_net_id));
	/* Unregistering waits for the readers of the list (synchronize_net). */
	list_del_rcu(&hdev->list);
	unregister_netdevice_queue(hdev->dev, kill_list);
}

static void hnet_dellink(struct net_device *dev, struct list_head *head)
{
	hnet_dev_delete(netdev_priv(dev), head);
}

struct rtnl_link_ops hnet_link_ops __read_mostly = {
	.kind		= KBUILD_MODNAME,
	.priv_size	= sizeof(struct hnet_dev),
	.setup		= hnet_setup,
	.newlink	= hnet_newlink,
	.dellink	= hnet_dellink,
};

/*
 * Netlink: what the device shows, read once under RCU or a writer's lock
 * (the settings are one RCU-published set).  DEV_GET and DEV_SET are the
 * device's own commands (netlink.c); it is created and deleted with
 * rtnl_link.
 */
static int hnet_dev_nl_fill(struct sk_buff *skb, const void *obj, bool stats)
{
	const struct hnet_dev *hdev = obj;
	const struct hnet_settings *set = hnet_settings_cfg(hdev);
	int i;

	if (hnet_nl_put_netdev(skb, HNET_DEV_A_IFINDEX, HNET_DEV_A_IFNAME,
			       hdev->dev) ||
	    nla_put_in_addr(skb, HNET_DEV_A_VTEP, set->vtep) ||
	    nla_put_u16(skb, HNET_DEV_A_DSTPORT, set->dstport) ||
	    nla_put(skb, HNET_DEV_A_HOST_MAC, ETH_ALEN, set->host_mac) ||
	    nla_put_u32(skb, HNET_DEV_A_GENERATION,
			READ_ONCE(hdev->generation)) ||
	    nla_put_u8(skb, HNET_DEV_A_SOURCE_CHECK, set->source_check))
		return -EMSGSIZE;
	for (i = 0; i < HNET_LIMIT_MAX; i++)
		if (nla_put_u32(skb, hnet_limits[i].attr, set->max[i]))
			return -EMSGSIZE;
	if (stats)
		return hnet_nl_put_stats(skb, HNET_DEV_A_STATS, hdev->stats);
	return 0;
}

static_assert(HNET_DEV_A_MAX <= HNET_OBJ_MAXATTR);

const struct hnet_obj_type hnet_dev_type = {
	.nest		= HNET_A_DEV,
	.maxattr	= HNET_DEV_A_MAX,
	.missing	= "missing device attributes",
	.cmd_del	= HNET_CMD_DEV_DEL,
	.cmd_get	= HNET_CMD_DEV_GET,
	.stats		= true,
	.fill		= hnet_dev_nl_fill,
};
