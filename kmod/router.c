// SPDX-License-Identifier: GPL-2.0
/*
 * Distributed routers: a router (id, name, counters), its interfaces (one
 * per network at most: the subnet, the gateway IP and MAC) and its extra
 * routes (a prefix via 1..16 next hops, each inside one of the router's
 * subnets; several are ECMP).
 *
 * What the datapath reads, under RCU: a network's interface
 * (hnet_network.riface), a router's interfaces (hnet_router.ifaces) and
 * the longest-prefix route (hnet_route_lookup_rcu()): the routes of every
 * router are in one table keyed by (router, prefix length, prefix), and
 * each router keeps a mask of the prefix lengths it uses, so a lookup is
 * at most one hash probe per length in use, 33 at worst, whatever the
 * number of routes.
 *
 * Cascades: a router takes its routes and interfaces with it; an
 * interface (deleted, or with its network or device) takes the next hops
 * of the router's routes that lie in its subnet, and a route left without
 * next hops.  Every removal is notified; a route that loses next hops and
 * stays is notified again as ROUTE_NEW, with those it keeps.
 */

#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/inetdevice.h>
#include <net/genetlink.h>

#include "hnet.h"

static const struct rhashtable_params hnet_router_params = {
	.key_len		= sizeof(u32),
	.key_offset		= offsetof(struct hnet_router, id),
	.head_offset		= offsetof(struct hnet_router, node),
	.automatic_shrinking	= true,
};

int hnet_routers_init(struct hnet_dev *hdev)
{
	int err;

	INIT_LIST_HEAD(&hdev->router_list);
	INIT_LIST_HEAD(&hdev->extdevs);
	err = rhashtable_init(&hdev->routers, &hnet_router_params);
	if (err)
		return err;
	err = hnet_routes_init(hdev);
	if (err)
		goto err_routers;
	err = hnet_fips_init(hdev);
	if (err)
		goto err_routes;
	return 0;

err_routes:
	hnet_routes_destroy(hdev);
err_routers:
	rhashtable_destroy(&hdev->routers);
	return err;
}

/* The tables must be empty and no reader may use them any more. */
void hnet_routers_destroy(struct hnet_dev *hdev)
{
	WARN_ON_ONCE(!list_empty(&hdev->extdevs));
	hnet_fips_destroy(hdev);
	hnet_routes_destroy(hdev);
	rhashtable_destroy(&hdev->routers);
}

/* Under RCU or the config mutex. */
struct hnet_router *hnet_router_find_rcu(struct hnet_dev *hdev, u32 id)
{
	return rhashtable_lookup_fast(&hdev->routers, &id, hnet_router_params);
}

/* Counters the datapath writes (one packet, or one ICMP message). */

void hnet_router_count_icmp(struct hnet_router *router,
			    enum hnet_router_icmp kind)
{
	struct hnet_router_pcpu_stats *s = this_cpu_ptr(router->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->icmp[kind]);
	u64_stats_update_end(&s->syncp);
}

void hnet_router_count_drop(struct hnet_router *router,
			    enum hnet_router_drop reason)
{
	struct hnet_router_pcpu_stats *s = this_cpu_ptr(router->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[reason]);
	u64_stats_update_end(&s->syncp);
}

/* Interfaces */

/*
 * Datapath: the interface of @router whose subnet holds @addr, or NULL.
 * Under RCU.  The interfaces of a router never overlap; a router has one
 * per network it routes, a handful in practice, so they are walked.
 */
struct hnet_router_iface *hnet_router_iface_find_rcu(const struct hnet_router *router,
						     __be32 addr)
{
	struct hnet_router_iface *ifc;

	list_for_each_entry_rcu(ifc, &router->ifaces, list)
		if (hnet_subnet_has(ifc->subnet, ifc->mask, addr))
			return ifc;
	return NULL;
}

/*
 * The gateway MAC of router @router_id on network @network_id when the
 * controller gives none, the same on every hypervisor: 0a:RR:RR:NN:NN:NN,
 * the router id's low 16 bits and the network id's low 24 bits, big
 * endian (a locally administered unicast MAC).
 */
void hnet_router_iface_derive_mac(u32 router_id, u32 network_id, u8 *mac)
{
	mac[0] = 0x0a;
	mac[1] = router_id >> 8;
	mac[2] = router_id;
	mac[3] = network_id >> 16;
	mac[4] = network_id >> 8;
	mac[5] = network_id;
}

/* Under RCU or the config mutex: the interface of @router on @nw. */
static struct hnet_router_iface *hnet_router_iface_of(struct hnet_router *router,
						      struct hnet_network *nw)
{
	struct hnet_router_iface *ifc = rcu_dereference_check(nw->riface,
				lockdep_is_held(&nw->hdev->lock));

	return ifc && ifc->router == router ? ifc : NULL;
}

/*
 * A port or remote of @nw being created: its MAC must not be the
 * network's gateway MAC, nor one of its IPs the gateway IP.  Caller holds
 * the config mutex.
 */
int hnet_router_iface_check_owner(struct hnet_network *nw, const u8 *mac,
				  const struct nlattr *mac_attr,
				  const struct in6_addr *ips, unsigned int n,
				  const struct nlattr *const *attrs,
				  struct netlink_ext_ack *extack)
{
	struct hnet_router_iface *ifc;
	unsigned int i;

	ifc = rcu_dereference_protected(nw->riface,
					lockdep_is_held(&nw->hdev->lock));
	if (!ifc)
		return 0;
	if (ether_addr_equal(mac, ifc->mac)) {
		NL_SET_ERR_MSG_ATTR(extack, mac_attr,
				    "MAC is the network's gateway MAC");
		return -EEXIST;
	}
	for (i = 0; i < n; i++) {
		if (hnet_addr_is_v4(&ips[i]) && ips[i].s6_addr32[3] == ifc->gw) {
			NL_SET_ERR_MSG_ATTR(extack, attrs ? attrs[i] : NULL,
					    "IP is the network's gateway IP");
			return -EEXIST;
		}
	}
	return 0;
}

struct hnet_router_iface_cfg {
	__be32 gw;
	u8 prefixlen;
	bool has_mac;
	u8 mac[ETH_ALEN];
	struct nlattr **tb;
};

static int hnet_router_iface_check(struct hnet_router *router,
				   struct hnet_network *nw,
				   const struct hnet_router_iface_cfg *cfg,
				   __be32 mask, const u8 *mac,
				   struct netlink_ext_ack *extack)
{
	const struct nlattr *gw_attr = cfg->tb[HNET_ROUTER_IFACE_A_GW];
	const struct nlattr *mac_attr = cfg->tb[HNET_ROUTER_IFACE_A_MAC];
	struct hnet_dev *hdev = router->hdev;
	struct hnet_router_iface *ifc;
	struct in6_addr gw6;
	bool used;

	if (rcu_access_pointer(nw->riface)) {
		NL_SET_ERR_MSG_ATTR(extack,
				    cfg->tb[HNET_ROUTER_IFACE_A_NETWORK_ID],
				    "network already has a router interface");
		return -EEXIST;
	}
	if (!hnet_ipv4_is_unicast(cfg->gw)) {
		NL_SET_ERR_MSG_ATTR(extack, gw_attr,
				    "gateway must be a unicast IPv4 address");
		return -EINVAL;
	}
	if (cfg->prefixlen <= 30 && !(cfg->gw & ~mask)) {
		NL_SET_ERR_MSG_ATTR(extack, gw_attr,
				    "gateway is the subnet's network address");
		return -EINVAL;
	}
	if (cfg->prefixlen <= 30 && (cfg->gw | mask) == htonl(0xffffffff)) {
		NL_SET_ERR_MSG_ATTR(extack, gw_attr,
				    "gateway is the subnet's broadcast address");
		return -EINVAL;
	}
	ipv6_addr_set_v4mapped(cfg->gw, &gw6);
	rcu_read_lock();
	used = hnet_ip_find_rcu(hdev, nw->id, &gw6);
	rcu_read_unlock();
	if (used) {
		NL_SET_ERR_MSG_ATTR(extack, gw_attr,
				    "gateway IP already used on this network");
		return -EEXIST;
	}
	list_for_each_entry(ifc, &router->ifaces, list) {
		/* Two prefixes overlap when they agree on the shorter one. */
		if (hnet_subnet_has(ifc->subnet & mask, ifc->mask & mask,
				    cfg->gw)) {
			NL_SET_ERR_MSG_ATTR(extack, gw_attr,
					    "subnet overlaps another interface of the router");
			return -EEXIST;
		}
	}
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG_ATTR(extack, mac_attr,
				    "gateway MAC must be a unicast, non-zero address");
		return -EINVAL;
	}
	if (hnet_port_find_locked(hdev, nw->id, mac) ||
	    hnet_remote_find_locked(hdev, nw->id, mac)) {
		NL_SET_ERR_MSG_ATTR(extack, mac_attr ?: gw_attr,
				    "gateway MAC already used on this network");
		return -EEXIST;
	}
	return 0;
}

static struct hnet_router_iface *
hnet_router_iface_create(struct hnet_router *router, struct hnet_network *nw,
			 const struct hnet_router_iface_cfg *cfg,
			 struct netlink_ext_ack *extack)
{
	__be32 mask = inet_make_mask(cfg->prefixlen);
	struct hnet_router_iface *ifc;
	u8 mac[ETH_ALEN];
	int err;

	lockdep_assert_held(&router->hdev->lock);

	if (cfg->has_mac)
		ether_addr_copy(mac, cfg->mac);
	else
		hnet_router_iface_derive_mac(router->id, nw->id, mac);
	err = hnet_router_iface_check(router, nw, cfg, mask, mac, extack);
	if (err)
		return ERR_PTR(err);

	ifc = kzalloc(sizeof(*ifc), GFP_KERNEL_ACCOUNT);
	if (!ifc)
		return ERR_PTR(-ENOMEM);
	ifc->router = router;
	ifc->network = nw;
	ifc->gw = cfg->gw;
	ifc->mask = mask;
	ifc->subnet = cfg->gw & mask;
	ifc->prefixlen = cfg->prefixlen;
	ether_addr_copy(ifc->mac, mac);
	hnet_dev_changed(router->hdev);
	list_add_tail_rcu(&ifc->list, &router->ifaces);
	rcu_assign_pointer(nw->riface, ifc);
	return ifc;
}

/*
 * Delete an interface (also with its router, its network or the device),
 * and first the next hops of the router's routes inside its subnet: what
 * depends on it is announced before it, as everywhere.  Caller holds the
 * config mutex.
 */
void hnet_router_iface_delete(struct hnet_router_iface *ifc, bool notify)
{
	struct hnet_router *router = ifc->router;
	struct hnet_dev *hdev = router->hdev;

	lockdep_assert_held(&hdev->lock);

	hnet_fips_drop_network(router, ifc->network, notify);
	hnet_routes_drop_subnet(router, ifc->subnet, ifc->mask, notify);
	if (notify)
		hnet_nl_notify(&hnet_router_iface_type, hdev, ifc,
			       HNET_CMD_ROUTER_IFACE_DEL);
	hnet_dev_changed(hdev);
	RCU_INIT_POINTER(ifc->network->riface, NULL);
	list_del_rcu(&ifc->list);
	kfree_rcu(ifc, rcu);
}

/* Routers */

static void hnet_router_free_rcu(struct rcu_head *head)
{
	struct hnet_router *router = container_of(head, struct hnet_router,
						  rcu);

	free_percpu(router->stats);
	kfree(router);
}

static struct hnet_router *hnet_router_create(struct hnet_dev *hdev, u32 id,
					      const char *name,
					      struct nlattr **tb,
					      struct netlink_ext_ack *extack)
{
	struct hnet_router *router;
	int err;

	lockdep_assert_held(&hdev->lock);

	if (hnet_router_find_rcu(hdev, id)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HNET_ROUTER_A_ID],
				    "router id already exists");
		return ERR_PTR(-EEXIST);
	}
	err = hnet_limit_check(hdev, HNET_LIMIT_ROUTERS, hdev->n_routers,
			       tb[HNET_ROUTER_A_ID], extack);
	if (err)
		return ERR_PTR(err);
	router = kzalloc(sizeof(*router), GFP_KERNEL_ACCOUNT);
	if (!router)
		return ERR_PTR(-ENOMEM);
	router->stats = __netdev_alloc_pcpu_stats(struct hnet_router_pcpu_stats,
						  GFP_KERNEL_ACCOUNT);
	if (!router->stats) {
		kfree(router);
		return ERR_PTR(-ENOMEM);
	}
	router->hdev = hdev;
	router->id = id;
	hnet_router_rates_init(&router->rates);
	if (name)
		strscpy(router->name, name, sizeof(router->name));
	INIT_LIST_HEAD(&router->ifaces);
	INIT_LIST_HEAD(&router->routes);
	INIT_LIST_HEAD(&router->fips);
	err = rhashtable_insert_fast(&hdev->routers, &router->node,
				     hnet_router_params);
	if (err) {
		call_rcu(&router->rcu, hnet_router_free_rcu);
		return ERR_PTR(err);
	}
	hnet_dev_changed(hdev);
	list_add_tail_rcu(&router->list, &hdev->router_list);
	hdev->n_routers++;
	return router;
}

/*
 * A router and, announced first, its gateway (with its floating IPs), its
 * routes and its interfaces.
 */
static void hnet_router_delete(struct hnet_router *router, bool notify)
{
	struct hnet_router_iface *ifc, *itmp;
	struct hnet_dev *hdev = router->hdev;
	struct hnet_route *rt, *rtmp;

	lockdep_assert_held(&hdev->lock);

	hnet_gateway_delete(router, notify);
	list_for_each_entry_safe(rt, rtmp, &router->routes, list)
		hnet_route_delete(rt, notify);
	list_for_each_entry_safe(ifc, itmp, &router->ifaces, list)
		hnet_router_iface_delete(ifc, notify);
	if (notify)
		hnet_nl_notify(&hnet_router_type, hdev, router,
			       HNET_CMD_ROUTER_DEL);
	hnet_dev_changed(hdev);
	rhashtable_remove_fast(&hdev->routers, &router->node,
			       hnet_router_params);
	list_del_rcu(&router->list);
	hdev->n_routers--;
	call_rcu(&router->rcu, hnet_router_free_rcu);
}

/* The device is going: every router, each object announced. */
void hnet_routers_flush(struct hnet_dev *hdev)
{
	struct hnet_router *router, *tmp;

	list_for_each_entry_safe(router, tmp, &hdev->router_list, list)
		hnet_router_delete(router, true);
}

/* Netlink: routers */

const struct nla_policy hnet_router_new_nl_policy[HNET_ROUTER_A_MAX + 1] = {
	[HNET_ROUTER_A_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[HNET_ROUTER_A_NAME]	= { .type = NLA_NUL_STRING,
				    .len = HNET_NAME_MAXLEN - 1 },
};

const struct nla_policy hnet_router_key_nl_policy[HNET_ROUTER_A_MAX + 1] = {
	[HNET_ROUTER_A_ID]	= { .type = NLA_U32 },
};

/* The router a request's router id @attr names, with extack. */
static struct hnet_router *hnet_router_nl_lookup(struct hnet_dev *hdev,
						 const struct nlattr *attr,
						 struct netlink_ext_ack *extack)
{
	struct hnet_router *router;

	router = hnet_router_find_rcu(hdev, nla_get_u32(attr));
	if (!router) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "unknown router");
		return ERR_PTR(-ENOENT);
	}
	return router;
}

/* The router of a nest whose member @type is its id (required). */
struct hnet_router *hnet_router_nl_get(struct hnet_dev *hdev,
				       struct nlattr *nest,
				       struct nlattr **tb, int type,
				       struct netlink_ext_ack *extack)
{
	if (!tb[type])
		return ERR_PTR(hnet_nl_missing(extack, nest, type,
					       "missing router id"));
	return hnet_router_nl_lookup(hdev, tb[type], extack);
}

static void *hnet_router_nl_create(struct hnet_dev *hdev, struct nlattr *nest,
				   struct nlattr **tb, struct genl_info *info)
{
	if (!tb[HNET_ROUTER_A_ID])
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_ROUTER_A_ID,
					       "missing router id"));
	return hnet_router_create(hdev, nla_get_u32(tb[HNET_ROUTER_A_ID]),
				  tb[HNET_ROUTER_A_NAME] ?
				  nla_data(tb[HNET_ROUTER_A_NAME]) : NULL,
				  tb, info->extack);
}

static void *hnet_router_nl_find(struct hnet_dev *hdev, struct nlattr *nest,
				 struct nlattr **tb, struct genl_info *info)
{
	return hnet_router_nl_get(hdev, nest, tb, HNET_ROUTER_A_ID,
				  info->extack);
}

static void hnet_router_nl_delete(void *obj)
{
	hnet_router_delete(obj, true);
}

/*
 * The router's counters, summed over the CPUs, in the order of their
 * attributes: routed, ICMP by kind, all drops, drops by reason.
 */
enum {
	HNET_RV_ROUTED_PACKETS,
	HNET_RV_ROUTED_BYTES,
	HNET_RV_ICMP,
	HNET_RV_DROPS = HNET_RV_ICMP + HNET_RICMP_MAX,
	HNET_RV_DROP,
	HNET_RV_MAX = HNET_RV_DROP + HNET_RDROP_MAX
};

static int hnet_router_nl_put_stats(struct sk_buff *skb,
				    const struct hnet_router *router)
{
	u64 v[HNET_RV_MAX] = {}, c[HNET_RV_MAX];
	const struct hnet_router_pcpu_stats *s;
	unsigned int i, start;
	int cpu;

	for_each_possible_cpu(cpu) {
		s = per_cpu_ptr(router->stats, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			c[HNET_RV_ROUTED_PACKETS] =
				u64_stats_read(&s->routed_packets);
			c[HNET_RV_ROUTED_BYTES] =
				u64_stats_read(&s->routed_bytes);
			for (i = 0; i < HNET_RICMP_MAX; i++)
				c[HNET_RV_ICMP + i] = u64_stats_read(&s->icmp[i]);
			for (i = 0; i < HNET_RDROP_MAX; i++)
				c[HNET_RV_DROP + i] = u64_stats_read(&s->drops[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		c[HNET_RV_DROPS] = 0;
		for (i = 0; i < HNET_RDROP_MAX; i++)
			c[HNET_RV_DROPS] += c[HNET_RV_DROP + i];
		for (i = 0; i < HNET_RV_MAX; i++)
			v[i] += c[i];
	}
	return hnet_nl_put_counters(skb, HNET_ROUTER_A_STATS,
				    HNET_ROUTER_STATS_A_PAD,
				    HNET_ROUTER_STATS_A_ROUTED_PACKETS, v,
				    HNET_RV_MAX);
}

static_assert(HNET_ROUTER_STATS_A_ROUTED_PACKETS + HNET_RV_ICMP ==
	      HNET_ROUTER_STATS_A_ICMP_ECHO_REPLY);
static_assert(HNET_ROUTER_STATS_A_ROUTED_PACKETS + HNET_RV_DROPS ==
	      HNET_ROUTER_STATS_A_DROPS);
static_assert(HNET_ROUTER_STATS_A_ROUTED_PACKETS + HNET_RV_MAX ==
	      HNET_ROUTER_STATS_A_MAX + 1);

static int hnet_router_nl_fill(struct sk_buff *skb, const void *obj,
			       bool stats)
{
	const struct hnet_router *router = obj;

	if (nla_put_u32(skb, HNET_ROUTER_A_ID, router->id) ||
	    nla_put_string(skb, HNET_ROUTER_A_NAME, router->name))
		return -EMSGSIZE;
	if (stats)
		return hnet_router_nl_put_stats(skb, router);
	return 0;
}

/*
 * Dumps of the routers, or of what each router keeps on a list
 * (@type->nw_list: the list's offset in struct hnet_router, 0 for the
 * routers themselves; @type->obj_list: the object's list_head), router by
 * router in creation order, of router @filter only if not 0.  Under RCU.
 */
int hnet_router_nl_walk(const struct hnet_obj_type *type,
			struct hnet_dev *hdev, u32 filter,
			hnet_walk_fn fn, void *arg)
{
	struct hnet_router *router;
	int err;

	if (!type->nw_list)
		return hnet_nl_walk_list(type, &hdev->router_list, fn, arg);
	list_for_each_entry_rcu(router, &hdev->router_list, list) {
		if (filter && router->id != filter)
			continue;
		err = hnet_nl_walk_list(type, (void *)router + type->nw_list,
					fn, arg);
		if (err)
			return err;
	}
	return 0;
}

static_assert(HNET_ROUTER_A_MAX <= HNET_OBJ_MAXATTR);

const struct hnet_obj_type hnet_router_type = {
	.nest		= HNET_A_ROUTER,
	.maxattr	= HNET_ROUTER_A_MAX,
	.new_policy	= hnet_router_new_nl_policy,
	.key_policy	= hnet_router_key_nl_policy,
	.missing	= "missing router attributes",
	.cmd_new	= HNET_CMD_ROUTER_NEW,
	.cmd_del	= HNET_CMD_ROUTER_DEL,
	.cmd_get	= HNET_CMD_ROUTER_GET,
	.stats		= true,
	.obj_list	= offsetof(struct hnet_router, list),
	.create		= hnet_router_nl_create,
	.find		= hnet_router_nl_find,
	.delete		= hnet_router_nl_delete,
	.fill		= hnet_router_nl_fill,
	.walk		= hnet_router_nl_walk,
};

/* Netlink: router interfaces */

const struct nla_policy hnet_router_iface_new_nl_policy[HNET_ROUTER_IFACE_A_MAX + 1] = {
	[HNET_ROUTER_IFACE_A_ROUTER_ID]	= { .type = NLA_U32 },
	[HNET_ROUTER_IFACE_A_NETWORK_ID] = { .type = NLA_U32 },
	[HNET_ROUTER_IFACE_A_GW]	= { .type = NLA_BE32 },
	[HNET_ROUTER_IFACE_A_PREFIXLEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[HNET_ROUTER_IFACE_A_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[HNET_ROUTER_IFACE_A_GW6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

const struct nla_policy hnet_router_iface_key_nl_policy[HNET_ROUTER_IFACE_A_MAX + 1] = {
	[HNET_ROUTER_IFACE_A_ROUTER_ID]	= { .type = NLA_U32 },
	[HNET_ROUTER_IFACE_A_NETWORK_ID] = { .type = NLA_U32 },
};

/* The router and network every interface nest names. */
static struct hnet_router *
hnet_router_iface_nl_key(struct hnet_dev *hdev, struct nlattr *nest,
			 struct nlattr **tb, struct hnet_network **nwp,
			 struct netlink_ext_ack *extack)
{
	struct hnet_router *router;

	router = hnet_router_nl_get(hdev, nest, tb,
				    HNET_ROUTER_IFACE_A_ROUTER_ID, extack);
	if (IS_ERR(router))
		return router;
	if (!tb[HNET_ROUTER_IFACE_A_NETWORK_ID])
		return ERR_PTR(hnet_nl_missing(extack, nest,
					       HNET_ROUTER_IFACE_A_NETWORK_ID,
					       "missing network id"));
	*nwp = hnet_network_nl_lookup(hdev, tb[HNET_ROUTER_IFACE_A_NETWORK_ID],
				      extack);
	if (IS_ERR(*nwp))
		return ERR_CAST(*nwp);
	return router;
}

static void *hnet_router_iface_nl_create(struct hnet_dev *hdev,
					 struct nlattr *nest,
					 struct nlattr **tb,
					 struct genl_info *info)
{
	struct hnet_router_iface_cfg cfg = { .tb = tb };
	struct netlink_ext_ack *extack = info->extack;
	struct hnet_router *router;
	struct hnet_network *nw;

	router = hnet_router_iface_nl_key(hdev, nest, tb, &nw, extack);
	if (IS_ERR(router))
		return router;
	if (tb[HNET_ROUTER_IFACE_A_GW6]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HNET_ROUTER_IFACE_A_GW6],
				    "IPv6 subnets are not supported yet");
		return ERR_PTR(-EOPNOTSUPP);
	}
	if (!tb[HNET_ROUTER_IFACE_A_GW])
		return ERR_PTR(hnet_nl_missing(extack, nest,
					       HNET_ROUTER_IFACE_A_GW,
					       "missing gateway IP"));
	if (!tb[HNET_ROUTER_IFACE_A_PREFIXLEN])
		return ERR_PTR(hnet_nl_missing(extack, nest,
					       HNET_ROUTER_IFACE_A_PREFIXLEN,
					       "missing subnet prefix length"));
	cfg.gw = nla_get_in_addr(tb[HNET_ROUTER_IFACE_A_GW]);
	cfg.prefixlen = nla_get_u8(tb[HNET_ROUTER_IFACE_A_PREFIXLEN]);
	if (!cfg.prefixlen || cfg.prefixlen > 32) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HNET_ROUTER_IFACE_A_PREFIXLEN],
				    "subnet prefix length must be 1..32");
		return ERR_PTR(-EINVAL);
	}
	if (tb[HNET_ROUTER_IFACE_A_MAC]) {
		cfg.has_mac = true;
		nla_memcpy(cfg.mac, tb[HNET_ROUTER_IFACE_A_MAC], ETH_ALEN);
	}
	return hnet_router_iface_create(router, nw, &cfg, extack);
}

static void *hnet_router_iface_nl_find(struct hnet_dev *hdev,
				       struct nlattr *nest, struct nlattr **tb,
				       struct genl_info *info)
{
	struct hnet_router_iface *ifc;
	struct hnet_router *router;
	struct hnet_network *nw;

	router = hnet_router_iface_nl_key(hdev, nest, tb, &nw, info->extack);
	if (IS_ERR(router))
		return router;
	ifc = hnet_router_iface_of(router, nw);
	if (!ifc) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    tb[HNET_ROUTER_IFACE_A_NETWORK_ID],
				    "router interface not found");
		return ERR_PTR(-ENOENT);
	}
	return ifc;
}

static void hnet_router_iface_nl_delete(void *obj)
{
	hnet_router_iface_delete(obj, true);
}

static int hnet_router_iface_nl_fill(struct sk_buff *skb, const void *obj,
				     bool stats)
{
	const struct hnet_router_iface *ifc = obj;

	if (nla_put_u32(skb, HNET_ROUTER_IFACE_A_ROUTER_ID, ifc->router->id) ||
	    nla_put_u32(skb, HNET_ROUTER_IFACE_A_NETWORK_ID,
			ifc->network->id) ||
	    nla_put_in_addr(skb, HNET_ROUTER_IFACE_A_GW, ifc->gw) ||
	    nla_put_u8(skb, HNET_ROUTER_IFACE_A_PREFIXLEN, ifc->prefixlen) ||
	    nla_put(skb, HNET_ROUTER_IFACE_A_MAC, ETH_ALEN, ifc->mac))
		return -EMSGSIZE;
	return 0;
}

static_assert(HNET_ROUTER_IFACE_A_MAX <= HNET_OBJ_MAXATTR);

const struct hnet_obj_type hnet_router_iface_type = {
	.nest		= HNET_A_ROUTER_IFACE,
	.maxattr	= HNET_ROUTER_IFACE_A_MAX,
	.new_policy	= hnet_router_iface_new_nl_policy,
	.key_policy	= hnet_router_iface_key_nl_policy,
	.missing	= "missing router interface attributes",
	.cmd_new	= HNET_CMD_ROUTER_IFACE_NEW,
	.cmd_del	= HNET_CMD_ROUTER_IFACE_DEL,
	.cmd_get	= HNET_CMD_ROUTER_IFACE_GET,
	.filtered	= true,
	.filter_attr	= HNET_ROUTER_IFACE_A_ROUTER_ID,
	.filter_router	= true,
	.nw_list	= offsetof(struct hnet_router, ifaces),
	.obj_list	= offsetof(struct hnet_router_iface, list),
	.create		= hnet_router_iface_nl_create,
	.find		= hnet_router_iface_nl_find,
	.delete		= hnet_router_iface_nl_delete,
	.fill		= hnet_router_iface_nl_fill,
	.walk		= hnet_router_nl_walk,
};

/* Miss notifications */

/* A router had a packet for @addr in the subnet of @ifc: nobody has it. */
struct hnet_miss {
	const struct hnet_router *router;
	const struct hnet_router_iface *ifc;
	__be32 addr;
};

static int hnet_miss_nl_fill(struct sk_buff *skb, const void *obj, bool stats)
{
	const struct hnet_miss *miss = obj;

	if (nla_put_u32(skb, HNET_MISS_A_ROUTER_ID, miss->router->id) ||
	    nla_put_u32(skb, HNET_MISS_A_NETWORK_ID, miss->ifc->network->id) ||
	    nla_put_in_addr(skb, HNET_MISS_A_IP, miss->addr))
		return -EMSGSIZE;
	return 0;
}

/* Notifications only: no request makes or names one. */
static const struct hnet_obj_type hnet_miss_type = {
	.nest		= HNET_A_MISS,
	.maxattr	= HNET_MISS_A_MAX,
	.fill		= hnet_miss_nl_fill,
};

static_assert(HNET_MISS_A_MAX <= HNET_OBJ_MAXATTR);

/*
 * At most one notification a second per router and missing address (a
 * controller that can answer does so at the first; a flow to an address
 * nobody has does not flood the events group), and HNET_MISS_PER_SEC per
 * router (a VM sweeping its subnet does not either).
 */
#define HNET_MISS_PER_SEC	100

/*
 * Datapath: @router dropped a packet for @addr, in the subnet of @ifc,
 * which no port or remote of the network has.  Tell the events group.
 */
void hnet_router_miss(struct hnet_router *router,
		      const struct hnet_router_iface *ifc, __be32 addr)
{
	struct hnet_miss miss = { .router = router, .ifc = ifc, .addr = addr };
	struct hnet_router_rates *rates = &router->rates;
	struct hnet_rate *rate;

	rate = hnet_rate_bucket(rates->miss, rates->seed, addr);
	if (!hnet_rate_allow(rate, HZ, HZ, &rates->miss_all, HNET_MISS_PER_SEC,
			     HNET_MISS_PER_SEC))
		return;
	hnet_nl_event(&hnet_miss_type, router->hdev, &miss, HNET_CMD_MISS);
}
