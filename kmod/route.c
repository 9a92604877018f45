// SPDX-License-Identifier: GPL-2.0
/*
 * Extra routes of the distributed routers (router.c): a prefix via 1..16
 * next hops, each inside one of the router's subnets; several are ECMP,
 * chosen by flow hash (hnet_route_nexthop()).
 *
 * Longest prefix match in at most 33 hash probes: the routes of every
 * router are in one table (hnet_dev.routes) keyed by (router, prefix,
 * prefix length), and each router keeps a mask of the prefix lengths its
 * routes use (hnet_router.plens); hnet_route_lookup_rcu() tries them
 * longest first, whatever the number of routes.
 *
 * A route's next hops are fixed once it is published: when an interface
 * goes, the routes with next hops in its subnet are replaced by copies
 * without them (or deleted when none is left), so the datapath reads one
 * consistent set.
 */

#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/inetdevice.h>
#include <net/genetlink.h>

#include "hnet.h"

static const struct rhashtable_params hnet_route_params = {
	.key_len		= sizeof(struct hnet_route_key),
	.key_offset		= offsetof(struct hnet_route, key),
	.head_offset		= offsetof(struct hnet_route, node),
	.automatic_shrinking	= true,
};

int hnet_routes_init(struct hnet_dev *hdev)
{
	return rhashtable_init(&hdev->routes, &hnet_route_params);
}

/* The table must be empty and no reader may use it any more. */
void hnet_routes_destroy(struct hnet_dev *hdev)
{
	rhashtable_destroy(&hdev->routes);
}

static void hnet_route_key_init(struct hnet_route_key *key, u32 router_id,
				__be32 prefix, u8 prefixlen)
{
	memset(key, 0, sizeof(*key));
	key->router_id = router_id;
	key->prefix = prefix;
	key->prefixlen = prefixlen;
}

/*
 * Datapath: the route of @router with the longest prefix holding @daddr,
 * or NULL.  Under RCU; at most one probe per prefix length in use.
 */
struct hnet_route *hnet_route_lookup_rcu(const struct hnet_router *router,
					 __be32 daddr)
{
	u64 plens = READ_ONCE(router->plens);
	struct hnet_route_key key;
	struct hnet_route *rt;
	int plen;

	while (plens) {
		plen = fls64(plens) - 1;
		hnet_route_key_init(&key, router->id,
				    daddr & inet_make_mask(plen), plen);
		rt = rhashtable_lookup(&router->hdev->routes, &key,
				       hnet_route_params);
		if (rt)
			return rt;
		plens &= ~BIT_ULL(plen);
	}
	return NULL;
}

/* ECMP: the next hop of @rt for a flow of hash @hash, stable per flow. */
__be32 hnet_route_nexthop(const struct hnet_route *rt, u32 hash)
{
	return rt->nexthops[hash % rt->n_nexthops];
}

static struct hnet_route *hnet_route_find(struct hnet_router *router,
					  __be32 prefix, u8 prefixlen)
{
	struct hnet_route_key key;

	hnet_route_key_init(&key, router->id, prefix, prefixlen);
	return rhashtable_lookup_fast(&router->hdev->routes, &key,
				      hnet_route_params);
}

static void hnet_route_plen_get(struct hnet_router *router, u8 plen)
{
	if (!router->n_plen[plen]++)
		WRITE_ONCE(router->plens, router->plens | BIT_ULL(plen));
}

static void hnet_route_plen_put(struct hnet_router *router, u8 plen)
{
	if (!--router->n_plen[plen])
		WRITE_ONCE(router->plens, router->plens & ~BIT_ULL(plen));
}

/* Caller holds the config mutex. */
void hnet_route_delete(struct hnet_route *rt, bool notify)
{
	struct hnet_router *router = rt->router;
	struct hnet_dev *hdev = router->hdev;

	lockdep_assert_held(&hdev->lock);

	if (notify)
		hnet_nl_notify(&hnet_route_type, hdev, rt, HNET_CMD_ROUTE_DEL);
	hnet_dev_changed(hdev);
	list_del_rcu(&rt->list);
	rhashtable_remove_fast(&hdev->routes, &rt->node, hnet_route_params);
	router->n_routes--;
	hnet_route_plen_put(router, rt->key.prefixlen);
	kfree_rcu(rt, rcu);
}

/*
 * An interface of @router with subnet @subnet/@mask is going: drop the
 * next hops inside it from every route, delete the routes left without
 * any.  A route keeping some is replaced by a copy with those.
 */
void hnet_routes_drop_subnet(struct hnet_router *router, __be32 subnet,
			     __be32 mask, bool notify)
{
	struct hnet_dev *hdev = router->hdev;
	struct hnet_route *rt, *tmp, *nrt;
	unsigned int i, n;

	list_for_each_entry_safe(rt, tmp, &router->routes, list) {
		for (i = 0, n = 0; i < rt->n_nexthops; i++)
			n += !hnet_subnet_has(subnet, mask, rt->nexthops[i]);
		if (n == rt->n_nexthops)
			continue;
		if (!n) {
			hnet_route_delete(rt, notify);
			continue;
		}
		/*
		 * The route stays, with fewer next hops: an interface going
		 * cannot fail, and losing the route for want of a hundred
		 * bytes would be worse than waiting for them.
		 */
		nrt = kmemdup(rt, sizeof(*rt),
			      GFP_KERNEL_ACCOUNT | __GFP_NOFAIL);
		for (i = 0, n = 0; i < rt->n_nexthops; i++)
			if (!hnet_subnet_has(subnet, mask, rt->nexthops[i]))
				nrt->nexthops[n++] = rt->nexthops[i];
		nrt->n_nexthops = n;
		hnet_dev_changed(hdev);
		/* Same key, entry in the table: replacing cannot fail. */
		if (WARN_ON_ONCE(rhashtable_replace_fast(&hdev->routes,
							 &rt->node, &nrt->node,
							 hnet_route_params))) {
			kfree(nrt);
			hnet_route_delete(rt, notify);
			continue;
		}
		list_replace_rcu(&rt->list, &nrt->list);
		kfree_rcu(rt, rcu);
		if (notify)
			hnet_nl_notify(&hnet_route_type, hdev, nrt,
				       HNET_CMD_ROUTE_NEW);
	}
}

struct hnet_route_cfg {
	__be32 prefix;
	u8 prefixlen;
	u8 n_nexthops;
	__be32 nexthops[HNET_MAX_NEXTHOPS];
	const struct nlattr *nh_attr[HNET_MAX_NEXTHOPS];
	struct nlattr **tb;
};

/* Whether next hop @i of @cfg fits @router's interfaces. */
static int hnet_route_check_nexthop(struct hnet_router *router,
				    const struct hnet_route_cfg *cfg,
				    unsigned int i,
				    struct netlink_ext_ack *extack)
{
	const struct nlattr *attr = cfg->nh_attr[i];
	struct hnet_router_iface *ifc;
	__be32 nh = cfg->nexthops[i];
	bool inside = false;
	unsigned int j;

	if (!hnet_ipv4_is_unicast(nh)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "next hop must be a unicast IPv4 address");
		return -EINVAL;
	}
	for (j = 0; j < i; j++) {
		if (cfg->nexthops[j] == nh) {
			NL_SET_ERR_MSG_ATTR(extack, attr, "duplicate next hop");
			return -EINVAL;
		}
	}
	list_for_each_entry(ifc, &router->ifaces, list) {
		if (ifc->gw == nh) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "next hop is a gateway IP of the router");
			return -EINVAL;
		}
		if (!hnet_subnet_has(ifc->subnet, ifc->mask, nh))
			continue;
		/* As for a gateway: no host takes these (/31 and /32 aside). */
		if (ifc->prefixlen <= 30 &&
		    (nh == ifc->subnet || (nh | ifc->mask) == htonl(0xffffffff))) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "next hop is its subnet's network or broadcast address");
			return -EINVAL;
		}
		inside = true;
	}
	if (!inside) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "next hop is outside every subnet of the router");
		return -EINVAL;
	}
	return 0;
}

static struct hnet_route *hnet_route_create(struct hnet_router *router,
					    const struct hnet_route_cfg *cfg,
					    struct netlink_ext_ack *extack)
{
	const struct nlattr *prefix_attr = cfg->tb[HNET_ROUTE_A_PREFIX];
	struct hnet_dev *hdev = router->hdev;
	struct hnet_route *rt;
	unsigned int i;
	int err;

	lockdep_assert_held(&hdev->lock);

	if (cfg->prefix & ~inet_make_mask(cfg->prefixlen)) {
		NL_SET_ERR_MSG_ATTR(extack, prefix_attr,
				    "prefix has host bits set");
		return ERR_PTR(-EINVAL);
	}
	if (hnet_route_find(router, cfg->prefix, cfg->prefixlen)) {
		NL_SET_ERR_MSG_ATTR(extack, prefix_attr, "route already exists");
		return ERR_PTR(-EEXIST);
	}
	err = hnet_limit_check(hdev, HNET_LIMIT_ROUTES, router->n_routes,
			       prefix_attr, extack);
	if (err)
		return ERR_PTR(err);
	for (i = 0; i < cfg->n_nexthops; i++) {
		err = hnet_route_check_nexthop(router, cfg, i, extack);
		if (err)
			return ERR_PTR(err);
	}

	rt = kzalloc(sizeof(*rt), GFP_KERNEL_ACCOUNT);
	if (!rt)
		return ERR_PTR(-ENOMEM);
	rt->router = router;
	hnet_route_key_init(&rt->key, router->id, cfg->prefix, cfg->prefixlen);
	rt->n_nexthops = cfg->n_nexthops;
	memcpy(rt->nexthops, cfg->nexthops, sizeof(rt->nexthops));
	err = rhashtable_insert_fast(&hdev->routes, &rt->node,
				     hnet_route_params);
	if (err) {
		kfree(rt);
		return ERR_PTR(err);
	}
	hnet_dev_changed(hdev);
	list_add_tail_rcu(&rt->list, &router->routes);
	router->n_routes++;
	hnet_route_plen_get(router, cfg->prefixlen);
	return rt;
}

/* Netlink: routes */

const struct nla_policy hnet_route_new_nl_policy[HNET_ROUTE_A_MAX + 1] = {
	[HNET_ROUTE_A_ROUTER_ID]	= { .type = NLA_U32 },
	[HNET_ROUTE_A_PREFIX]		= { .type = NLA_BE32 },
	[HNET_ROUTE_A_PREFIXLEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[HNET_ROUTE_A_NEXTHOP]		= { .type = NLA_BE32 },
	[HNET_ROUTE_A_PREFIX6]		= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[HNET_ROUTE_A_NEXTHOP6]		= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

/* DEL: the route's key. */
const struct nla_policy hnet_route_key_nl_policy[HNET_ROUTE_A_MAX + 1] = {
	[HNET_ROUTE_A_ROUTER_ID]	= { .type = NLA_U32 },
	[HNET_ROUTE_A_PREFIX]		= { .type = NLA_BE32 },
	[HNET_ROUTE_A_PREFIXLEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[HNET_ROUTE_A_PREFIX6]		= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

/* GET: the key, or instead of the prefix an address to look up. */
const struct nla_policy hnet_route_get_nl_policy[HNET_ROUTE_A_MAX + 1] = {
	[HNET_ROUTE_A_ROUTER_ID]	= { .type = NLA_U32 },
	[HNET_ROUTE_A_PREFIX]		= { .type = NLA_BE32 },
	[HNET_ROUTE_A_PREFIXLEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[HNET_ROUTE_A_PREFIX6]		= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[HNET_ROUTE_A_LOOKUP]		= { .type = NLA_BE32 },
};

/* The router and prefix of a route nest (IPv4 only, for now). */
static struct hnet_router *hnet_route_nl_key(struct hnet_dev *hdev,
					     struct nlattr *nest,
					     struct nlattr **tb,
					     struct hnet_route_cfg *cfg,
					     struct netlink_ext_ack *extack)
{
	struct hnet_router *router;

	router = hnet_router_nl_get(hdev, nest, tb, HNET_ROUTE_A_ROUTER_ID,
				    extack);
	if (IS_ERR(router))
		return router;
	if (tb[HNET_ROUTE_A_PREFIX6]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HNET_ROUTE_A_PREFIX6],
				    "IPv6 routes are not supported yet");
		return ERR_PTR(-EOPNOTSUPP);
	}
	if (!tb[HNET_ROUTE_A_PREFIX])
		return ERR_PTR(hnet_nl_missing(extack, nest,
					       HNET_ROUTE_A_PREFIX,
					       "missing route prefix"));
	if (!tb[HNET_ROUTE_A_PREFIXLEN])
		return ERR_PTR(hnet_nl_missing(extack, nest,
					       HNET_ROUTE_A_PREFIXLEN,
					       "missing route prefix length"));
	cfg->prefix = nla_get_in_addr(tb[HNET_ROUTE_A_PREFIX]);
	cfg->prefixlen = nla_get_u8(tb[HNET_ROUTE_A_PREFIXLEN]);
	if (cfg->prefixlen > 32) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HNET_ROUTE_A_PREFIXLEN],
				    "route prefix length must be 0..32");
		return ERR_PTR(-EINVAL);
	}
	return router;
}

static void *hnet_route_nl_create(struct hnet_dev *hdev, struct nlattr *nest,
				  struct nlattr **tb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct hnet_route_cfg cfg = { .tb = tb };
	struct hnet_router *router;
	struct nlattr *a;
	int rem;

	router = hnet_route_nl_key(hdev, nest, tb, &cfg, extack);
	if (IS_ERR(router))
		return router;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) == HNET_ROUTE_A_NEXTHOP6) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "IPv6 routes are not supported yet");
			return ERR_PTR(-EOPNOTSUPP);
		}
		if (nla_type(a) != HNET_ROUTE_A_NEXTHOP)
			continue;
		if (cfg.n_nexthops == HNET_MAX_NEXTHOPS) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "too many next hops (max 16)");
			return ERR_PTR(-EINVAL);
		}
		cfg.nh_attr[cfg.n_nexthops] = a;
		cfg.nexthops[cfg.n_nexthops++] = nla_get_in_addr(a);
	}
	if (!cfg.n_nexthops)
		return ERR_PTR(hnet_nl_missing(extack, nest,
					       HNET_ROUTE_A_NEXTHOP,
					       "missing next hop"));
	return hnet_route_create(router, &cfg, extack);
}

static void *hnet_route_nl_find(struct hnet_dev *hdev, struct nlattr *nest,
				struct nlattr **tb, struct genl_info *info)
{
	struct hnet_route_cfg cfg = { .tb = tb };
	struct hnet_router *router;
	struct hnet_route *rt;

	if (tb[HNET_ROUTE_A_LOOKUP]) {
		if (tb[HNET_ROUTE_A_PREFIX] || tb[HNET_ROUTE_A_PREFIXLEN]) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[HNET_ROUTE_A_LOOKUP],
					    "a lookup takes an address, not a prefix");
			return ERR_PTR(-EINVAL);
		}
		router = hnet_router_nl_get(hdev, nest, tb,
					    HNET_ROUTE_A_ROUTER_ID,
					    info->extack);
		if (IS_ERR(router))
			return router;
		rt = hnet_route_lookup_rcu(router,
					   nla_get_in_addr(tb[HNET_ROUTE_A_LOOKUP]));
		if (!rt) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[HNET_ROUTE_A_LOOKUP],
					    "no route to this address");
			return ERR_PTR(-ENOENT);
		}
		return rt;
	}
	router = hnet_route_nl_key(hdev, nest, tb, &cfg, info->extack);
	if (IS_ERR(router))
		return router;
	rt = hnet_route_find(router, cfg.prefix, cfg.prefixlen);
	if (!rt) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HNET_ROUTE_A_PREFIX],
				    "route not found");
		return ERR_PTR(-ENOENT);
	}
	return rt;
}

static void hnet_route_nl_delete(void *obj)
{
	hnet_route_delete(obj, true);
}

static int hnet_route_nl_fill(struct sk_buff *skb, const void *obj,
			      bool stats)
{
	const struct hnet_route *rt = obj;
	unsigned int i;

	if (nla_put_u32(skb, HNET_ROUTE_A_ROUTER_ID, rt->key.router_id) ||
	    nla_put_in_addr(skb, HNET_ROUTE_A_PREFIX, rt->key.prefix) ||
	    nla_put_u8(skb, HNET_ROUTE_A_PREFIXLEN, rt->key.prefixlen))
		return -EMSGSIZE;
	for (i = 0; i < rt->n_nexthops; i++)
		if (nla_put_in_addr(skb, HNET_ROUTE_A_NEXTHOP, rt->nexthops[i]))
			return -EMSGSIZE;
	return 0;
}

static_assert(HNET_ROUTE_A_MAX <= HNET_OBJ_MAXATTR);

const struct hnet_obj_type hnet_route_type = {
	.nest		= HNET_A_ROUTE,
	.maxattr	= HNET_ROUTE_A_MAX,
	.new_policy	= hnet_route_new_nl_policy,
	.key_policy	= hnet_route_get_nl_policy,
	.missing	= "missing route attributes",
	.cmd_new	= HNET_CMD_ROUTE_NEW,
	.cmd_del	= HNET_CMD_ROUTE_DEL,
	.cmd_get	= HNET_CMD_ROUTE_GET,
	.filtered	= true,
	.filter_attr	= HNET_ROUTE_A_ROUTER_ID,
	.filter_router	= true,
	.nw_list	= offsetof(struct hnet_router, routes),
	.obj_list	= offsetof(struct hnet_route, list),
	.create		= hnet_route_nl_create,
	.find		= hnet_route_nl_find,
	.delete		= hnet_route_nl_delete,
	.fill		= hnet_route_nl_fill,
	.walk		= hnet_router_nl_walk,
};
