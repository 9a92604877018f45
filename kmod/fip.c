// SPDX-License-Identifier: GPL-2.0
/*
 * Floating IPs: an external address translated 1:1 to the fixed IP of a
 * local port, through a router with an external gateway (extnet.c), on
 * the hypervisor that hosts the port.  A floating IP is unique on the
 * device, and so is a fixed IP on its network (two tenants may both map
 * their 10.1.0.1, on their own networks).  The datapath finds one by its
 * floating address (traffic from outside) or by (network, fixed IP)
 * (traffic from the VM), one hash lookup each.
 *
 * A floating IP goes with what it depends on: the router's gateway (also
 * with the router or the device), the router's interface on the network
 * (also with the network), and the port that has the fixed IP.  Every
 * removal is notified.  There are never more than the ports' fixed IPs.
 */

#include <linux/inetdevice.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "hnet.h"

static const struct rhashtable_params hnet_fip_params = {
	.key_len		= sizeof(__be32),
	.key_offset		= offsetof(struct hnet_fip, addr),
	.head_offset		= offsetof(struct hnet_fip, node),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params hnet_fip_fixed_params = {
	.key_len		= sizeof(struct hnet_fip_fixed_key),
	.key_offset		= offsetof(struct hnet_fip, fixed_key),
	.head_offset		= offsetof(struct hnet_fip, fixed_node),
	.automatic_shrinking	= true,
};

int hnet_fips_init(struct hnet_dev *hdev)
{
	int err;

	err = rhashtable_init(&hdev->fips, &hnet_fip_params);
	if (err)
		return err;
	err = rhashtable_init(&hdev->fips_fixed, &hnet_fip_fixed_params);
	if (err)
		rhashtable_destroy(&hdev->fips);
	return err;
}

/* The tables must be empty and no reader may use them any more. */
void hnet_fips_destroy(struct hnet_dev *hdev)
{
	rhashtable_destroy(&hdev->fips_fixed);
	rhashtable_destroy(&hdev->fips);
}

/* The floating IP @addr.  Under RCU or the config mutex. */
struct hnet_fip *hnet_fip_find_rcu(struct hnet_dev *hdev, __be32 addr)
{
	return rhashtable_lookup_fast(&hdev->fips, &addr, hnet_fip_params);
}

/* The floating IP of @fixed on network @network_id.  Under RCU or mutex. */
struct hnet_fip *hnet_fip_find_fixed_rcu(struct hnet_dev *hdev,
					 u32 network_id, __be32 fixed)
{
	struct hnet_fip_fixed_key key = {
		.network_id = network_id,
		.fixed = fixed,
	};

	return rhashtable_lookup_fast(&hdev->fips_fixed, &key,
				      hnet_fip_fixed_params);
}

static void hnet_fip_free_rcu(struct rcu_head *head)
{
	struct hnet_fip *fip = container_of(head, struct hnet_fip, rcu);

	free_percpu(fip->stats);
	kfree(fip);
}

/* Delete a floating IP.  Caller holds the config mutex. */
static void hnet_fip_delete(struct hnet_fip *fip, bool notify)
{
	struct hnet_dev *hdev = fip->router->hdev;

	lockdep_assert_held(&hdev->lock);

	if (notify)
		hnet_nl_notify(&hnet_fip_type, hdev, fip, HNET_CMD_FIP_DEL);
	hnet_dev_changed(hdev);
	rhashtable_remove_fast(&hdev->fips, &fip->node, hnet_fip_params);
	rhashtable_remove_fast(&hdev->fips_fixed, &fip->fixed_node,
			       hnet_fip_fixed_params);
	list_del_rcu(&fip->list);
	call_rcu(&fip->rcu, hnet_fip_free_rcu);
}

/* Every floating IP of @router (its gateway is going). */
void hnet_fips_flush(struct hnet_router *router, bool notify)
{
	struct hnet_fip *fip, *tmp;

	list_for_each_entry_safe(fip, tmp, &router->fips, list)
		hnet_fip_delete(fip, notify);
}

/* The floating IPs of @router on network @nw (its interface is going). */
void hnet_fips_drop_network(struct hnet_router *router,
			    struct hnet_network *nw, bool notify)
{
	struct hnet_fip *fip, *tmp;

	list_for_each_entry_safe(fip, tmp, &router->fips, list)
		if (fip->network == nw)
			hnet_fip_delete(fip, notify);
}

/*
 * The floating IPs of the @n addresses @ips of a port on network @nw (the
 * port is going).  Caller holds the config mutex.
 */
void hnet_fips_drop_port(struct hnet_network *nw, const struct in6_addr *ips,
			 unsigned int n, bool notify)
{
	struct hnet_fip *fip;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!hnet_addr_is_v4(&ips[i]))
			continue;
		fip = hnet_fip_find_fixed_rcu(nw->hdev, nw->id,
					      ips[i].s6_addr32[3]);
		if (fip)
			hnet_fip_delete(fip, notify);
	}
}

/* Whether @addr is an address of the netdev @dev.  Under RTNL. */
static bool hnet_fip_dev_has_addr(struct net_device *dev, __be32 addr)
{
	struct in_device *in_dev = __in_dev_get_rtnl(dev);
	const struct in_ifaddr *ifa;

	if (!in_dev)
		return false;
	in_dev_for_each_ifa_rtnl(ifa, in_dev)
		if (ifa->ifa_local == addr)
			return true;
	return false;
}

struct hnet_fip_cfg {
	__be32 addr;
	__be32 fixed;
	struct hnet_network *network;
	struct hnet_router *router;
	struct nlattr **tb;
};

/* Whether @cfg may become a floating IP.  Under RTNL and the mutex. */
static int hnet_fip_check(struct hnet_dev *hdev, const struct hnet_fip_cfg *cfg,
			  struct netlink_ext_ack *extack)
{
	const struct nlattr *addr_attr = cfg->tb[HNET_FIP_A_ADDR];
	const struct nlattr *fixed_attr = cfg->tb[HNET_FIP_A_FIXED];
	const struct hnet_router_iface *ifc;
	struct hnet_gateway *gw;
	struct in6_addr fixed6;
	struct hnet_ip *ip;
	bool local;

	if (!hnet_ipv4_is_unicast(cfg->addr)) {
		NL_SET_ERR_MSG_ATTR(extack, addr_attr,
				    "floating IP must be a unicast IPv4 address");
		return -EINVAL;
	}
	if (hnet_fip_find_rcu(hdev, cfg->addr)) {
		NL_SET_ERR_MSG_ATTR(extack, addr_attr,
				    "address is already a floating IP");
		return -EEXIST;
	}
	ifc = rcu_dereference_protected(cfg->network->riface,
					lockdep_is_held(&hdev->lock));
	if (!ifc || ifc->router != cfg->router) {
		NL_SET_ERR_MSG_ATTR(extack, cfg->tb[HNET_FIP_A_NETWORK_ID],
				    "network has no interface on the router");
		return -EINVAL;
	}
	gw = hnet_gateway_of(cfg->router);
	if (!gw) {
		NL_SET_ERR_MSG_ATTR(extack, cfg->tb[HNET_FIP_A_ROUTER_ID] ?:
				    cfg->tb[HNET_FIP_A_NETWORK_ID],
				    "router has no gateway");
		return -EINVAL;
	}
	if (hnet_fip_dev_has_addr(gw->ext->dev, cfg->addr)) {
		NL_SET_ERR_MSG_ATTR(extack, addr_attr,
				    "address is the external device's own");
		return -EADDRINUSE;
	}
	ipv6_addr_set_v4mapped(cfg->fixed, &fixed6);
	/* The ips table resizes on its own: look up under RCU. */
	rcu_read_lock();
	ip = hnet_ip_find_rcu(hdev, cfg->network->id, &fixed6);
	local = ip && ip->port;
	rcu_read_unlock();
	if (!local) {
		NL_SET_ERR_MSG_ATTR(extack, fixed_attr,
				    "fixed IP is no local port's on this network");
		return -ENOENT;
	}
	if (hnet_fip_find_fixed_rcu(hdev, cfg->network->id, cfg->fixed)) {
		NL_SET_ERR_MSG_ATTR(extack, fixed_attr,
				    "fixed IP already has a floating IP");
		return -EEXIST;
	}
	return 0;
}

static struct hnet_fip *hnet_fip_create(struct hnet_dev *hdev,
					const struct hnet_fip_cfg *cfg,
					struct netlink_ext_ack *extack)
{
	struct hnet_gateway *gw;
	struct hnet_fip *fip;
	int err;

	ASSERT_RTNL();
	lockdep_assert_held(&hdev->lock);

	err = hnet_fip_check(hdev, cfg, extack);
	if (err)
		return ERR_PTR(err);
	fip = kzalloc(sizeof(*fip), GFP_KERNEL_ACCOUNT);
	if (!fip)
		return ERR_PTR(-ENOMEM);
	fip->stats = __netdev_alloc_pcpu_stats(struct hnet_fip_pcpu_stats,
					       GFP_KERNEL_ACCOUNT);
	if (!fip->stats) {
		kfree(fip);
		return ERR_PTR(-ENOMEM);
	}
	fip->addr = cfg->addr;
	fip->fixed_key.network_id = cfg->network->id;
	fip->fixed_key.fixed = cfg->fixed;
	fip->router = cfg->router;
	fip->network = cfg->network;
	err = rhashtable_insert_fast(&hdev->fips, &fip->node, hnet_fip_params);
	if (err)
		goto err_free;
	err = rhashtable_insert_fast(&hdev->fips_fixed, &fip->fixed_node,
				     hnet_fip_fixed_params);
	if (err)
		goto err_remove;
	hnet_dev_changed(hdev);
	list_add_tail_rcu(&fip->list, &cfg->router->fips);
	/* Upstream learns at once where it is now, and hnet its next hop. */
	gw = hnet_gateway_of(cfg->router);
	hnet_extdev_announce(gw->ext, fip->addr, gw->nexthop);
	return fip;

err_remove:
	rhashtable_remove_fast(&hdev->fips, &fip->node, hnet_fip_params);
err_free:
	call_rcu(&fip->rcu, hnet_fip_free_rcu);
	return ERR_PTR(err);
}

/* Netlink */

const struct nla_policy hnet_fip_new_nl_policy[HNET_FIP_A_MAX + 1] = {
	[HNET_FIP_A_ADDR]	= { .type = NLA_BE32 },
	[HNET_FIP_A_FIXED]	= { .type = NLA_BE32 },
	[HNET_FIP_A_NETWORK_ID]	= { .type = NLA_U32 },
	[HNET_FIP_A_ROUTER_ID]	= { .type = NLA_U32 },
};

const struct nla_policy hnet_fip_key_nl_policy[HNET_FIP_A_MAX + 1] = {
	[HNET_FIP_A_ADDR]	= { .type = NLA_BE32 },
};

/* Dumps may name a router. */
const struct nla_policy hnet_fip_get_nl_policy[HNET_FIP_A_MAX + 1] = {
	[HNET_FIP_A_ADDR]	= { .type = NLA_BE32 },
	[HNET_FIP_A_ROUTER_ID]	= { .type = NLA_U32 },
};

static void *hnet_fip_nl_create(struct hnet_dev *hdev, struct nlattr *nest,
				struct nlattr **tb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct hnet_fip_cfg cfg = { .tb = tb };
	const struct hnet_router_iface *ifc;

	if (!tb[HNET_FIP_A_ADDR])
		return ERR_PTR(hnet_nl_missing(extack, nest, HNET_FIP_A_ADDR,
					       "missing floating IP"));
	if (!tb[HNET_FIP_A_FIXED])
		return ERR_PTR(hnet_nl_missing(extack, nest, HNET_FIP_A_FIXED,
					       "missing fixed IP"));
	if (!tb[HNET_FIP_A_NETWORK_ID])
		return ERR_PTR(hnet_nl_missing(extack, nest,
					       HNET_FIP_A_NETWORK_ID,
					       "missing network id"));
	cfg.addr = nla_get_in_addr(tb[HNET_FIP_A_ADDR]);
	cfg.fixed = nla_get_in_addr(tb[HNET_FIP_A_FIXED]);
	cfg.network = hnet_network_nl_lookup(hdev, tb[HNET_FIP_A_NETWORK_ID],
					     extack);
	if (IS_ERR(cfg.network))
		return ERR_CAST(cfg.network);
	if (tb[HNET_FIP_A_ROUTER_ID]) {
		cfg.router = hnet_router_nl_get(hdev, nest, tb,
						HNET_FIP_A_ROUTER_ID, extack);
		if (IS_ERR(cfg.router))
			return ERR_CAST(cfg.router);
	} else {
		/* The router of the network's interface. */
		ifc = rcu_dereference_protected(cfg.network->riface,
						lockdep_is_held(&hdev->lock));
		if (!ifc) {
			NL_SET_ERR_MSG_ATTR(extack, tb[HNET_FIP_A_NETWORK_ID],
					    "network has no router interface");
			return ERR_PTR(-EINVAL);
		}
		cfg.router = ifc->router;
	}
	return hnet_fip_create(hdev, &cfg, extack);
}

static void *hnet_fip_nl_find(struct hnet_dev *hdev, struct nlattr *nest,
			      struct nlattr **tb, struct genl_info *info)
{
	struct hnet_fip *fip;

	if (!tb[HNET_FIP_A_ADDR])
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_FIP_A_ADDR,
					       "missing floating IP"));
	fip = hnet_fip_find_rcu(hdev, nla_get_in_addr(tb[HNET_FIP_A_ADDR]));
	if (!fip) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HNET_FIP_A_ADDR],
				    "floating IP not found");
		return ERR_PTR(-ENOENT);
	}
	return fip;
}

static void hnet_fip_nl_delete(void *obj)
{
	hnet_fip_delete(obj, true);
}

static int hnet_fip_nl_put_stats(struct sk_buff *skb,
				 const struct hnet_fip *fip)
{
	u64 v[4] = {}, c[4];
	const struct hnet_fip_pcpu_stats *s;
	unsigned int i, start;
	int cpu;

	for_each_possible_cpu(cpu) {
		s = per_cpu_ptr(fip->stats, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			c[0] = u64_stats_read(&s->in_packets);
			c[1] = u64_stats_read(&s->in_bytes);
			c[2] = u64_stats_read(&s->out_packets);
			c[3] = u64_stats_read(&s->out_bytes);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < ARRAY_SIZE(v); i++)
			v[i] += c[i];
	}
	return hnet_nl_put_counters(skb, HNET_FIP_A_STATS,
				    HNET_FIP_STATS_A_PAD,
				    HNET_FIP_STATS_A_IN_PACKETS, v,
				    ARRAY_SIZE(v));
}

static_assert(HNET_FIP_STATS_A_IN_PACKETS + 4 == HNET_FIP_STATS_A_MAX + 1);

static int hnet_fip_nl_fill(struct sk_buff *skb, const void *obj, bool stats)
{
	const struct hnet_fip *fip = obj;

	if (nla_put_in_addr(skb, HNET_FIP_A_ADDR, fip->addr) ||
	    nla_put_in_addr(skb, HNET_FIP_A_FIXED, fip->fixed_key.fixed) ||
	    nla_put_u32(skb, HNET_FIP_A_NETWORK_ID, fip->network->id) ||
	    nla_put_u32(skb, HNET_FIP_A_ROUTER_ID, fip->router->id))
		return -EMSGSIZE;
	if (stats)
		return hnet_fip_nl_put_stats(skb, fip);
	return 0;
}

static_assert(HNET_FIP_A_MAX <= HNET_OBJ_MAXATTR);

const struct hnet_obj_type hnet_fip_type = {
	.nest		= HNET_A_FIP,
	.maxattr	= HNET_FIP_A_MAX,
	.new_policy	= hnet_fip_new_nl_policy,
	.key_policy	= hnet_fip_key_nl_policy,
	.missing	= "missing floating IP attributes",
	.cmd_new	= HNET_CMD_FIP_NEW,
	.cmd_del	= HNET_CMD_FIP_DEL,
	.cmd_get	= HNET_CMD_FIP_GET,
	.stats		= true,
	.filtered	= true,
	.filter_attr	= HNET_FIP_A_ROUTER_ID,
	.filter_router	= true,
	.nw_list	= offsetof(struct hnet_router, fips),
	.obj_list	= offsetof(struct hnet_fip, list),
	.create		= hnet_fip_nl_create,
	.find		= hnet_fip_nl_find,
	.delete		= hnet_fip_nl_delete,
	.fill		= hnet_fip_nl_fill,
	.walk		= hnet_router_nl_walk,
};
