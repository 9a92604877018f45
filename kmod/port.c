// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: a VM's netdev (tap, veth end) attached under the hnet device.
 * Attaching registers our rx handler on the netdev, links it under the
 * hnet device (`ip link show` says "master hnet0") and makes it
 * promiscuous; detaching undoes exactly that.
 */

#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "hnet.h"

static const struct rhashtable_params hnet_port_params = {
	.key_len		= sizeof(struct hnet_fdb_key),
	.key_offset		= offsetof(struct hnet_port, key),
	.head_offset		= offsetof(struct hnet_port, node),
	.automatic_shrinking	= true,
};

int hnet_ports_init(struct hnet_dev *hdev)
{
	return rhashtable_init(&hdev->ports, &hnet_port_params);
}

void hnet_ports_destroy(struct hnet_dev *hdev)
{
	rhashtable_destroy(&hdev->ports);
}

struct hnet_port *hnet_port_find_locked(struct hnet_dev *hdev, u32 network_id,
					const u8 *mac)
{
	struct hnet_fdb_key key;

	lockdep_assert_held(&hdev->lock);

	hnet_fdb_key_init(&key, network_id, mac);
	return rhashtable_lookup_fast(&hdev->ports, &key, hnet_port_params);
}

/* Datapath lookup: the caller is in an RCU read-side section. */
struct hnet_port *hnet_port_find_rcu(struct hnet_dev *hdev, u32 network_id,
				     const u8 *mac)
{
	struct hnet_fdb_key key;

	hnet_fdb_key_init(&key, network_id, mac);
	return rhashtable_lookup(&hdev->ports, &key, hnet_port_params);
}

/*
 * Frames a VM sends on its port go to the datapath (datapath.c).  A shared
 * skb (a packet tap holds it too) is copied first: the datapath may write
 * to it.
 */
static rx_handler_result_t hnet_port_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct hnet_port *port;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	port = rcu_dereference(skb->dev->rx_handler_data);
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (skb)
		hnet_dp_from_port(port, skb);
	return RX_HANDLER_CONSUMED;
}

/* The port a netdev is attached as, if any.  Caller holds RTNL. */
struct hnet_port *hnet_port_from_netdev(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != hnet_port_rx)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

/*
 * The port of @hdev that @dev is attached as, or NULL.  The caller is in
 * an RCU read-side section (a port of another device is only looked at),
 * and holds the config mutex if it keeps the port afterwards.
 */
struct hnet_port *hnet_port_lookup_netdev_rcu(struct hnet_dev *hdev,
					      const struct net_device *dev)
{
	struct hnet_port *port;

	if (rcu_access_pointer(dev->rx_handler) != hnet_port_rx)
		return NULL;
	port = rcu_dereference(dev->rx_handler_data);
	if (port && port->hdev != hdev)
		return NULL;
	return port;
}

/*
 * Whether hnet may take @dev with an rx handler, for a port, an external
 * device or a trunk (@msg: the refusals of that use, pointing at @attr):
 * an Ethernet netdev that is no hnet device, loopback or hnet port, and
 * has no master and no rx handler.  Under RTNL.
 */
int hnet_netdev_check_free(struct net_device *dev,
			   const struct hnet_netdev_refusals *msg,
			   const struct nlattr *attr,
			   struct netlink_ext_ack *extack)
{
	const char *why;
	int err;

	if (hnet_port_from_netdev(dev)) {
		why = msg->port;
		err = -EBUSY;
	} else if (netif_is_hnet(dev)) {
		why = msg->hnet;
		err = -EINVAL;
	} else if (dev->flags & IFF_LOOPBACK) {
		why = msg->loopback;
		err = -EINVAL;
	} else if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN) {
		why = msg->not_ether;
		err = -EINVAL;
	} else if (netdev_master_upper_dev_get(dev)) {
		why = msg->enslaved;
		err = -EBUSY;
	} else if (netdev_is_rx_handler_busy(dev)) {
		why = msg->busy;
		err = -EBUSY;
	} else {
		return 0;
	}
	hnet_nl_set_err(extack, attr, why);
	return err;
}

static const struct hnet_netdev_refusals hnet_port_refusals = {
	.port		= "netdev is already an hnet port",
	.hnet		= "cannot attach an hnet device as a port",
	.loopback	= "cannot attach a loopback device",
	.not_ether	= "port netdev is not an Ethernet device",
	.enslaved	= "netdev is enslaved to another device",
	.busy		= "netdev is already used by another rx handler",
};

/* Whether @dev may become a port at all, whatever the request says. */
static int hnet_port_check_netdev(struct hnet_dev *hdev,
				  const struct hnet_port_cfg *cfg,
				  struct netlink_ext_ack *extack)
{
	struct net_device *dev = cfg->dev;
	int err;

	if (netdev_has_upper_dev(hdev->dev, dev)) {
		NL_SET_ERR_MSG_ATTR(extack, cfg->dev_attr,
				    "cannot attach a device stacked above the hnet device");
		return -EBUSY;
	}
	err = hnet_netdev_check_free(dev, &hnet_port_refusals, cfg->dev_attr,
				     extack);
	if (err)
		return err;
	return hnet_limit_check(hdev, HNET_LIMIT_PORTS, hdev->n_ports,
				cfg->dev_attr, extack);
}

/* Whether the addresses of the request fit the network. */
static int hnet_port_check_addrs(struct hnet_dev *hdev,
				 const struct hnet_port_cfg *cfg,
				 struct netlink_ext_ack *extack)
{
	const struct nlattr *mac_attr = hnet_attr(cfg->tb, HNET_PORT_A_MAC);
	int i;

	if (!is_valid_ether_addr(cfg->mac)) {
		NL_SET_ERR_MSG_ATTR(extack, mac_attr,
				    "MAC must be a unicast, non-zero address");
		return -EINVAL;
	}
	if (hnet_port_find_locked(hdev, cfg->network_id, cfg->mac)) {
		NL_SET_ERR_MSG_ATTR(extack, mac_attr,
				    "MAC already used by a port on this network");
		return -EEXIST;
	}
	if (hnet_remote_find_locked(hdev, cfg->network_id, cfg->mac)) {
		NL_SET_ERR_MSG_ATTR(extack, mac_attr,
				    "MAC already used by a remote on this network");
		return -EEXIST;
	}
	for (i = 0; i < cfg->n_allowed; i++) {
		if (cfg->allowed_has_mac[i] &&
		    !is_valid_ether_addr(cfg->allowed[i].mac)) {
			NL_SET_ERR_MSG_ATTR(extack, cfg->allowed_attr[i],
					    "allowed pair MAC must be a unicast, non-zero address");
			return -EINVAL;
		}
	}
	return hnet_ips_check_locked(hdev, cfg->network_id, cfg->ips,
				     cfg->n_ips, cfg->ip_attr, extack);
}

static void hnet_port_free_rcu(struct rcu_head *head)
{
	struct hnet_port *port = container_of(head, struct hnet_port, rcu);

	netdev_put(port->dev, &port->dev_tracker);
	free_percpu(port->stats);
	kfree(port);
}

static struct hnet_port *hnet_port_alloc(struct hnet_network *nw,
					 const struct hnet_port_cfg *cfg)
{
	struct hnet_port *port;
	int i;

	port = kzalloc(sizeof(*port), GFP_KERNEL_ACCOUNT);
	if (!port)
		return NULL;
	port->stats = __netdev_alloc_pcpu_stats(struct hnet_pcpu_stats,
						GFP_KERNEL_ACCOUNT);
	if (!port->stats) {
		kfree(port);
		return NULL;
	}
	hnet_fdb_key_init(&port->key, nw->id, cfg->mac);
	port->hdev = nw->hdev;
	port->network = nw;
	port->dev = cfg->dev;
	port->security = cfg->security;
	port->n_ips = cfg->n_ips;
	memcpy(port->ips, cfg->ips, sizeof(port->ips));
	port->n_allowed = cfg->n_allowed;
	for (i = 0; i < cfg->n_allowed; i++) {
		port->allowed[i] = cfg->allowed[i];
		if (!cfg->allowed_has_mac[i])
			ether_addr_copy(port->allowed[i].mac, cfg->mac);
	}
	return port;
}

/* Take the netdev: every step is undone if a later one fails. */
static int hnet_port_attach(struct hnet_port *port, const struct nlattr *attr,
			    struct netlink_ext_ack *extack)
{
	struct net_device *dev = port->dev;
	int err;

	err = netdev_rx_handler_register(dev, hnet_port_rx, port);
	if (err) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "cannot register the port's rx handler");
		return err;
	}
	err = netdev_master_upper_dev_link(dev, port->hdev->dev, NULL, NULL,
					   extack);
	if (err)
		goto err_rx_handler;
	err = dev_set_promiscuity(dev, 1);
	if (err) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "cannot make the port netdev promiscuous");
		goto err_unlink;
	}
	/* Merged frames cannot be forwarded (as the bridge does it). */
	dev_disable_lro(dev);
	return 0;

err_unlink:
	netdev_upper_dev_unlink(dev, port->hdev->dev);
err_rx_handler:
	netdev_rx_handler_unregister(dev);
	return err;
}

/* Give the netdev back exactly as it was. */
static void hnet_port_detach(struct hnet_port *port)
{
	struct net_device *dev = port->dev;

	dev_set_promiscuity(dev, -1);
	netdev_upper_dev_unlink(dev, port->hdev->dev);
	netdev_rx_handler_unregister(dev);
}

/*
 * Attach cfg->dev as a port.  Caller holds RTNL and the config mutex, and
 * resolved cfg->dev in the caller's namespace (a netdev of another
 * namespace is simply not found).
 */
struct hnet_port *hnet_port_create(struct hnet_dev *hdev,
				   const struct hnet_port_cfg *cfg,
				   struct netlink_ext_ack *extack)
{
	struct hnet_network *nw;
	struct hnet_port *port;
	int err;

	ASSERT_RTNL();
	lockdep_assert_held(&hdev->lock);

	err = hnet_port_check_netdev(hdev, cfg, extack);
	if (err)
		return ERR_PTR(err);
	nw = hnet_network_find_locked(hdev, cfg->network_id);
	if (!nw) {
		NL_SET_ERR_MSG_ATTR(extack,
				    hnet_attr(cfg->tb, HNET_PORT_A_NETWORK_ID),
				    "unknown network");
		return ERR_PTR(-ENOENT);
	}
	err = hnet_port_check_addrs(hdev, cfg, extack);
	if (!err)
		err = hnet_router_iface_check_owner(nw, cfg->mac,
						    hnet_attr(cfg->tb,
							      HNET_PORT_A_MAC),
						    cfg->ips, cfg->n_ips,
						    cfg->ip_attr, extack);
	if (err)
		return ERR_PTR(err);

	port = hnet_port_alloc(nw, cfg);
	if (!port)
		return ERR_PTR(-ENOMEM);
	err = hnet_port_attach(port, cfg->dev_attr, extack);
	if (err)
		goto err_free;
	err = rhashtable_insert_fast(&hdev->ports, &port->node,
				     hnet_port_params);
	if (err)
		goto err_detach;
	err = hnet_ips_insert(hdev, port->ip_nodes, nw->id, port->ips,
			      port->n_ips, port, NULL);
	if (err)
		goto err_remove;

	netdev_hold(port->dev, &port->dev_tracker, GFP_KERNEL);
	hnet_dev_changed(hdev);
	list_add_tail_rcu(&port->list, &nw->ports);
	hdev->n_ports++;
	/* The MAC is the port's now, not a VLAN's. */
	hnet_l2gw_forget(hdev, nw->id, port->key.mac);
	return port;

err_remove:
	rhashtable_remove_fast(&hdev->ports, &port->node, hnet_port_params);
err_detach:
	/* Unregistering the rx handler waits for the readers. */
	hnet_port_detach(port);
err_free:
	free_percpu(port->stats);
	kfree(port);
	return ERR_PTR(err);
}

/* Detach and free a port.  Caller holds RTNL and the config mutex. */
void hnet_port_delete(struct hnet_port *port, bool notify)
{
	struct hnet_dev *hdev = port->hdev;

	ASSERT_RTNL();
	lockdep_assert_held(&hdev->lock);

	hnet_fips_drop_port(port->network, port->ips, port->n_ips, notify);
	if (notify)
		hnet_nl_notify(&hnet_port_type, hdev, port, HNET_CMD_PORT_DEL);

	hnet_dev_changed(hdev);
	list_del_rcu(&port->list);
	hnet_ips_remove(hdev, port->ip_nodes, port->n_ips);
	rhashtable_remove_fast(&hdev->ports, &port->node, hnet_port_params);
	hnet_port_detach(port);
	hdev->n_ports--;
	call_rcu(&port->rcu, hnet_port_free_rcu);
}

/*
 * Events on a port's netdev.  It is going away (deleted, or moving to
 * another namespace, which unregisters it here first): remove the port and
 * say so.  It would stop being Ethernet (a bond taking a slave of another
 * link type): refuse, as the bridge does; the port's frames are parsed as
 * Ethernet.
 */
static int hnet_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct hnet_port *port;
	struct hnet_dev *hdev;
	int ret;

	port = hnet_port_from_netdev(dev);
	if (!port) {
		/* A netdev is at most one of them: each has its rx handler. */
		ret = hnet_extdev_netdev_event(dev, event);
		if (ret == NOTIFY_DONE)
			ret = hnet_trunk_netdev_event(dev, event, ptr);
		return ret;
	}

	switch (event) {
	case NETDEV_PRE_TYPE_CHANGE:
		return notifier_from_errno(-EBUSY);
	case NETDEV_UNREGISTER:
		hdev = port->hdev;
		mutex_lock(&hdev->lock);
		hnet_port_delete(port, true);
		mutex_unlock(&hdev->lock);
		return NOTIFY_OK;
	default:
		return NOTIFY_DONE;
	}
}

struct notifier_block hnet_netdev_notifier = {
	.notifier_call = hnet_netdev_event,
};

/* Netlink */

static const struct nla_policy hnet_allowed_nl_policy[HNET_ALLOWED_A_MAX + 1] = {
	[HNET_ALLOWED_A_ADDR]	= { .type = NLA_BE32 },
	[HNET_ALLOWED_A_PREFIXLEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[HNET_ALLOWED_A_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[HNET_ALLOWED_A_ADDR6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

/* The prefix length of an IPv4 pair, reported as the policy it failed. */
static const struct nla_policy hnet_allowed_prefixlen4_nl_policy =
	NLA_POLICY_MAX(NLA_U8, 32);

const struct nla_policy hnet_port_new_nl_policy[HNET_PORT_A_MAX + 1] = {
	[HNET_PORT_A_IFINDEX]	= { .type = NLA_U32 },
	[HNET_PORT_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[HNET_PORT_A_NETWORK_ID] = { .type = NLA_U32 },
	[HNET_PORT_A_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[HNET_PORT_A_IP]	= { .type = NLA_BE32 },
	[HNET_PORT_A_ALLOWED]	= NLA_POLICY_NESTED(hnet_allowed_nl_policy),
	[HNET_PORT_A_SECURITY]	= NLA_POLICY_MAX(NLA_U8, 1),
	[HNET_PORT_A_IP6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

const struct nla_policy hnet_port_key_nl_policy[HNET_PORT_A_MAX + 1] = {
	[HNET_PORT_A_IFINDEX]	= { .type = NLA_U32 },
	[HNET_PORT_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
};

static const struct hnet_nl_ident hnet_port_nl_ident = {
	.ifindex	= HNET_PORT_A_IFINDEX,
	.ifname		= HNET_PORT_A_IFNAME,
	.missing	= "missing port netdev",
	.not_found	= "port netdev not found",
	.differ		= "IFINDEX and IFNAME name different netdevs",
};

static const struct hnet_nl_addrs hnet_port_nl_ips = {
	.type4		= HNET_PORT_A_IP,
	.type6		= HNET_PORT_A_IP6,
	.too_many	= "too many fixed IPs (max 16)",
	.bad4		= "fixed IP must be a unicast IPv4 address",
	.bad6		= "fixed IP must be a unicast IPv6 address",
};

static int hnet_port_nl_parse_allowed(struct nlattr *nest,
				      struct hnet_allowed *allowed,
				      bool *has_mac,
				      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[HNET_ALLOWED_A_MAX + 1];
	struct nlattr *plen;
	int err;

	err = nla_parse_nested(tb, HNET_ALLOWED_A_MAX, nest,
			       hnet_allowed_nl_policy, extack);
	if (err)
		return err;
	plen = tb[HNET_ALLOWED_A_PREFIXLEN];
	if (tb[HNET_ALLOWED_A_ADDR] && tb[HNET_ALLOWED_A_ADDR6]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HNET_ALLOWED_A_ADDR6],
				    "allowed pair has both an IPv4 and an IPv6 address");
		return -EINVAL;
	}
	if (tb[HNET_ALLOWED_A_ADDR]) {
		ipv6_addr_set_v4mapped(nla_get_in_addr(tb[HNET_ALLOWED_A_ADDR]),
				       &allowed->addr);
		allowed->prefixlen = plen ? nla_get_u8(plen) : 32;
		if (allowed->prefixlen > 32) {
			NL_SET_ERR_MSG_ATTR_POL(extack, plen,
						&hnet_allowed_prefixlen4_nl_policy,
						"integer out of range");
			return -ERANGE;
		}
	} else if (tb[HNET_ALLOWED_A_ADDR6]) {
		allowed->addr = nla_get_in6_addr(tb[HNET_ALLOWED_A_ADDR6]);
		allowed->prefixlen = plen ? nla_get_u8(plen) : 128;
		if (hnet_addr_is_v4(&allowed->addr)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[HNET_ALLOWED_A_ADDR6],
					    "allowed IPv6 address must not be IPv4-mapped");
			return -EINVAL;
		}
	} else {
		return hnet_nl_missing(extack, nest, HNET_ALLOWED_A_ADDR,
				       "missing allowed address");
	}
	*has_mac = !!tb[HNET_ALLOWED_A_MAC];
	if (*has_mac)
		nla_memcpy(allowed->mac, tb[HNET_ALLOWED_A_MAC], ETH_ALEN);
	return 0;
}

/* The multi-attributes of a port nest, in order: fixed IPs, allowed pairs. */
static int hnet_port_nl_parse_lists(struct nlattr *nest,
				    struct hnet_port_cfg *cfg,
				    struct netlink_ext_ack *extack)
{
	struct nlattr *a;
	int rem, err;

	nla_for_each_nested(a, nest, rem) {
		err = hnet_nl_parse_addr(&hnet_port_nl_ips, a, cfg->ips,
					 cfg->ip_attr, &cfg->n_ips, extack);
		if (err)
			return err;
		if (nla_type(a) != HNET_PORT_A_ALLOWED)
			continue;
		if (cfg->n_allowed == HNET_MAX_ALLOWED) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "too many allowed address pairs (max 16)");
			return -EINVAL;
		}
		err = hnet_port_nl_parse_allowed(a,
						 &cfg->allowed[cfg->n_allowed],
						 &cfg->allowed_has_mac[cfg->n_allowed],
						 extack);
		if (err)
			return err;
		cfg->allowed_attr[cfg->n_allowed++] = a;
	}
	return 0;
}

static int hnet_port_nl_parse(struct nlattr *nest, struct nlattr **tb,
			      struct hnet_port_cfg *cfg,
			      struct netlink_ext_ack *extack)
{
	if (!tb[HNET_PORT_A_NETWORK_ID])
		return hnet_nl_missing(extack, nest, HNET_PORT_A_NETWORK_ID,
				       "missing network id");
	if (!tb[HNET_PORT_A_MAC])
		return hnet_nl_missing(extack, nest, HNET_PORT_A_MAC,
				       "missing port MAC");

	cfg->tb = tb;
	cfg->network_id = nla_get_u32(tb[HNET_PORT_A_NETWORK_ID]);
	nla_memcpy(cfg->mac, tb[HNET_PORT_A_MAC], ETH_ALEN);
	cfg->security = true;
	if (tb[HNET_PORT_A_SECURITY])
		cfg->security = nla_get_u8(tb[HNET_PORT_A_SECURITY]);
	return hnet_port_nl_parse_lists(nest, cfg, extack);
}

static void *hnet_port_nl_create(struct hnet_dev *hdev, struct nlattr *nest,
				 struct nlattr **tb, struct genl_info *info)
{
	struct hnet_port_cfg *cfg;
	struct hnet_port *port;
	int err;

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return ERR_PTR(-ENOMEM);
	rcu_read_lock();
	cfg->dev = hnet_nl_netdev_rcu(genl_info_net(info), &hnet_port_nl_ident,
				      nest, tb, &cfg->dev_attr, info->extack);
	if (!IS_ERR(cfg->dev))
		dev_hold(cfg->dev);
	rcu_read_unlock();
	if (IS_ERR(cfg->dev)) {
		port = ERR_CAST(cfg->dev);
		goto out_free;
	}
	err = hnet_port_nl_parse(nest, tb, cfg, info->extack);
	port = err ? ERR_PTR(err) : hnet_port_create(hdev, cfg, info->extack);
	dev_put(cfg->dev);
out_free:
	kfree(cfg);
	return port;
}

static void *hnet_port_nl_find(struct hnet_dev *hdev, struct nlattr *nest,
			       struct nlattr **tb, struct genl_info *info)
{
	const struct nlattr *attr;
	struct net_device *dev;
	struct hnet_port *port;

	dev = hnet_nl_netdev_rcu(genl_info_net(info), &hnet_port_nl_ident,
				 nest, tb, &attr, info->extack);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	port = hnet_port_lookup_netdev_rcu(hdev, dev);
	if (!port) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "netdev is not a port of this hnet device");
		return ERR_PTR(-ENOENT);
	}
	return port;
}

static void hnet_port_nl_delete(void *obj)
{
	hnet_port_delete(obj, true);
}

static int hnet_port_nl_put_allowed(struct sk_buff *skb,
				    const struct hnet_allowed *allowed)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, HNET_PORT_A_ALLOWED);
	if (!nest)
		return -EMSGSIZE;
	if (hnet_nl_put_addr(skb, HNET_ALLOWED_A_ADDR, HNET_ALLOWED_A_ADDR6,
			     &allowed->addr) ||
	    nla_put_u8(skb, HNET_ALLOWED_A_PREFIXLEN, allowed->prefixlen) ||
	    nla_put(skb, HNET_ALLOWED_A_MAC, ETH_ALEN, allowed->mac)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * What a port shows: fixed once it is published, but for its netdev's name
 * (see hnet_nl_put_netdev()); the netdev is held as long as the port.
 */
static int hnet_port_nl_fill(struct sk_buff *skb, const void *obj, bool stats)
{
	const struct hnet_port *port = obj;
	int i;

	if (hnet_nl_put_netdev(skb, HNET_PORT_A_IFINDEX, HNET_PORT_A_IFNAME,
			       port->dev) ||
	    nla_put_u32(skb, HNET_PORT_A_NETWORK_ID, port->network->id) ||
	    nla_put(skb, HNET_PORT_A_MAC, ETH_ALEN, port->key.mac) ||
	    nla_put_u8(skb, HNET_PORT_A_SECURITY, port->security))
		return -EMSGSIZE;
	for (i = 0; i < port->n_ips; i++)
		if (hnet_nl_put_addr(skb, HNET_PORT_A_IP, HNET_PORT_A_IP6,
				     &port->ips[i]))
			return -EMSGSIZE;
	for (i = 0; i < port->n_allowed; i++)
		if (hnet_port_nl_put_allowed(skb, &port->allowed[i]))
			return -EMSGSIZE;
	if (stats)
		return hnet_nl_put_stats(skb, HNET_PORT_A_STATS, port->stats);
	return 0;
}

static_assert(HNET_PORT_A_MAX <= HNET_OBJ_MAXATTR);

const struct hnet_obj_type hnet_port_type = {
	.nest		= HNET_A_PORT,
	.maxattr	= HNET_PORT_A_MAX,
	.new_policy	= hnet_port_new_nl_policy,
	.key_policy	= hnet_port_key_nl_policy,
	.missing	= "missing port attributes",
	.cmd_new	= HNET_CMD_PORT_NEW,
	.cmd_del	= HNET_CMD_PORT_DEL,
	.cmd_get	= HNET_CMD_PORT_GET,
	.stats		= true,
	.filtered	= true,
	.nw_list	= offsetof(struct hnet_network, ports),
	.obj_list	= offsetof(struct hnet_port, list),
	.create		= hnet_port_nl_create,
	.find		= hnet_port_nl_find,
	.delete		= hnet_port_nl_delete,
	.fill		= hnet_port_nl_fill,
	.walk		= hnet_network_walk_list,
};
