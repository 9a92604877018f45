// SPDX-License-Identifier: GPL-2.0
/*
 * The "hnet" generic netlink family.  One set of handlers serves every kind
 * of object: NEW, DEL and GET (doit and dumpit) resolve the device, parse
 * the object's nest with its policies and call its struct hnet_obj_type
 * (defined next to the object, listed in hnet_nl_types[]); replies, dumps
 * and notifications are all built by hnet_nl_fill().  No policy decision
 * lives here beyond what the attribute policies express.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "hnet.h"

/* ops->internal_flags: the command changes state (RTNL + config mutex). */
#define HNET_NL_CHANGE		BIT(0)

/* Kbuild probes the kernel for these (6.2 and 6.6 respectively). */
#ifdef HNET_HAVE_GENL_SPLIT_OPS
#define hnet_genl_ops_t struct genl_split_ops
#else
#define hnet_genl_ops_t struct genl_ops
#endif

static struct genl_family hnet_family;

/* Every kind of object the family knows, the device included. */
static const struct hnet_obj_type *const hnet_nl_types[] = {
	&hnet_dev_type,
	&hnet_network_type,
	&hnet_port_type,
	&hnet_remote_type,
	&hnet_flood_type,
	&hnet_peer_type,
	&hnet_router_type,
	&hnet_router_iface_type,
	&hnet_route_type,
	&hnet_gateway_type,
	&hnet_fip_type,
	&hnet_l2gw_type,
	&hnet_l2gw_mac_type,
};

/* The type a command is about (every command but DEV_SET has one). */
static const struct hnet_obj_type *hnet_nl_type(u8 cmd)
{
	const struct hnet_obj_type *type;
	int i;

	for (i = 0; i < ARRAY_SIZE(hnet_nl_types); i++) {
		type = hnet_nl_types[i];
		if (cmd == type->cmd_new || cmd == type->cmd_del ||
		    cmd == type->cmd_get)
			return type;
	}
	return NULL;
}

/*
 * NL_SET_ERR_MSG_ATTR() for a message a descriptor holds (struct
 * hnet_obj_type, hnet_nl_ident, hnet_nl_addrs, hnet_limit_desc): string
 * literals as well, so they outlive the request as the macro's static copy
 * does.
 */
void hnet_nl_set_err(struct netlink_ext_ack *extack,
		     const struct nlattr *attr, const char *msg)
{
	do_trace_netlink_extack(msg);
	if (extack) {
		extack->_msg = msg;
		extack->bad_attr = attr;
		extack->policy = NULL;
	}
}

/* Policies: each command accepts exactly the attributes it uses. */

/*
 * The limits' members (HNET_DEV_A_MAX_*) are filled in from hnet_limits[]
 * before the family is registered: hnet_nl_limits_init().
 */
static struct nla_policy hnet_dev_set_nl_policy[HNET_DEV_A_MAX + 1] __ro_after_init = {
	[HNET_DEV_A_VTEP]	= { .type = NLA_BE32 },
	[HNET_DEV_A_DSTPORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[HNET_DEV_A_HOST_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[HNET_DEV_A_SOURCE_CHECK] = NLA_POLICY_MAX(NLA_U8, 1),
};

/*
 * Each limit: a u32 in its range, 1..its ceiling.  (Member by member: on
 * 6.1 a struct nla_policy has const members and a non-const range.)
 */
static struct netlink_range_validation hnet_nl_limit_range[HNET_LIMIT_MAX] __ro_after_init;

static int __init hnet_nl_limits_init(void)
{
	struct nla_policy *pol;
	int i;

	for (i = 0; i < HNET_LIMIT_MAX; i++) {
		/* An entry missing from the table, or a taken attribute. */
		if (WARN_ON(hnet_limits[i].attr <= 0 ||
			    hnet_limits[i].attr > HNET_DEV_A_MAX ||
			    !hnet_limits[i].ceil))
			return -EINVAL;
		pol = &hnet_dev_set_nl_policy[hnet_limits[i].attr];
		if (WARN_ON(pol->type != NLA_UNSPEC))
			return -EINVAL;
		hnet_nl_limit_range[i].min = 1;
		hnet_nl_limit_range[i].max = hnet_limits[i].ceil;
		pol->type = NLA_U32;
		pol->validation_type = NLA_VALIDATE_RANGE_PTR;
		pol->range = &hnet_nl_limit_range[i];
	}
	return 0;
}

#define HNET_NL_DEV_IDENT						\
	[HNET_A_IFINDEX]	= { .type = NLA_U32 },			\
	[HNET_A_IFNAME]		= { .type = NLA_NUL_STRING,		\
				    .len = IFNAMSIZ - 1 }

/* A GET dump's network filter (the doit ignores it). */
#define HNET_NL_FILTER							\
	[HNET_A_NETWORK]	= NLA_POLICY_NESTED(hnet_network_key_nl_policy)

static const struct nla_policy hnet_dev_get_policy[HNET_A_MAX + 1] = {
	HNET_NL_DEV_IDENT,
};

static const struct nla_policy hnet_dev_set_policy[HNET_A_MAX + 1] = {
	HNET_NL_DEV_IDENT,
	[HNET_A_DEV]		= NLA_POLICY_NESTED(hnet_dev_set_nl_policy),
};

/*
 * A request policy of an object's command: the device, and the object's
 * nest with @_pol (its NEW or KEY policy), then what follows
 * (HNET_NL_FILTER for a GET).
 */
#define HNET_NL_OBJ_POLICY(_name, _nest, _pol, ...)			\
static const struct nla_policy _name[HNET_A_MAX + 1] = {		\
	HNET_NL_DEV_IDENT,						\
	[_nest]			= NLA_POLICY_NESTED(_pol),		\
	__VA_ARGS__							\
}

HNET_NL_OBJ_POLICY(hnet_nl_network_new_policy, HNET_A_NETWORK,
		   hnet_network_new_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_network_key_policy, HNET_A_NETWORK,
		   hnet_network_key_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_port_new_policy, HNET_A_PORT,
		   hnet_port_new_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_port_del_policy, HNET_A_PORT,
		   hnet_port_key_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_port_get_policy, HNET_A_PORT,
		   hnet_port_key_nl_policy, HNET_NL_FILTER);
HNET_NL_OBJ_POLICY(hnet_nl_remote_new_policy, HNET_A_REMOTE,
		   hnet_remote_new_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_remote_del_policy, HNET_A_REMOTE,
		   hnet_remote_key_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_remote_get_policy, HNET_A_REMOTE,
		   hnet_remote_key_nl_policy, HNET_NL_FILTER);
HNET_NL_OBJ_POLICY(hnet_nl_flood_policy, HNET_A_FLOOD, hnet_flood_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_flood_get_policy, HNET_A_FLOOD,
		   hnet_flood_nl_policy, HNET_NL_FILTER);
HNET_NL_OBJ_POLICY(hnet_nl_peer_policy, HNET_A_PEER, hnet_peer_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_peer_key_policy, HNET_A_PEER,
		   hnet_peer_key_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_router_new_policy, HNET_A_ROUTER,
		   hnet_router_new_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_router_key_policy, HNET_A_ROUTER,
		   hnet_router_key_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_router_iface_new_policy, HNET_A_ROUTER_IFACE,
		   hnet_router_iface_new_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_router_iface_key_policy, HNET_A_ROUTER_IFACE,
		   hnet_router_iface_key_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_route_new_policy, HNET_A_ROUTE,
		   hnet_route_new_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_route_del_policy, HNET_A_ROUTE,
		   hnet_route_key_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_route_get_policy, HNET_A_ROUTE,
		   hnet_route_get_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_gateway_new_policy, HNET_A_GATEWAY,
		   hnet_gateway_new_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_gateway_key_policy, HNET_A_GATEWAY,
		   hnet_gateway_key_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_fip_new_policy, HNET_A_FIP,
		   hnet_fip_new_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_fip_key_policy, HNET_A_FIP,
		   hnet_fip_key_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_fip_get_policy, HNET_A_FIP,
		   hnet_fip_get_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_l2gw_new_policy, HNET_A_L2GW,
		   hnet_l2gw_new_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_l2gw_key_policy, HNET_A_L2GW,
		   hnet_l2gw_key_nl_policy);
HNET_NL_OBJ_POLICY(hnet_nl_l2gw_mac_key_policy, HNET_A_L2GW_MAC,
		   hnet_l2gw_mac_key_nl_policy);

/* Attributes -> values */

/*
 * The netdev that attributes @ident->ifindex and @ident->ifname of @tb
 * (the members of @nest, or a request's attributes) name in @net, not
 * held: the caller is in an RCU read-side section.  @attrp: where it was
 * named, for the caller's refusals.  A netdev of another namespace is not
 * found.
 */
struct net_device *hnet_nl_netdev_rcu(struct net *net,
				      const struct hnet_nl_ident *ident,
				      struct nlattr *nest, struct nlattr **tb,
				      const struct nlattr **attrp,
				      struct netlink_ext_ack *extack)
{
	struct nlattr *ifindex = tb[ident->ifindex];
	struct nlattr *ifname = tb[ident->ifname];
	struct net_device *dev;
	char name[IFNAMSIZ];

	if (ifname)
		nla_strscpy(name, ifname, sizeof(name));

	if (ifindex) {
		dev = dev_get_by_index_rcu(net, nla_get_u32(ifindex));
	} else if (ifname) {
		dev = dev_get_by_name_rcu(net, name);
	} else {
		hnet_nl_set_err(extack, NULL, ident->missing);
		NL_SET_ERR_ATTR_MISS(extack, nest, ident->ifindex);
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		hnet_nl_set_err(extack, ifindex ?: ifname, ident->not_found);
		return ERR_PTR(-ENODEV);
	}
	if (ifindex && ifname && strcmp(dev->name, name)) {
		hnet_nl_set_err(extack, ifname, ident->differ);
		return ERR_PTR(-EINVAL);
	}
	*attrp = ifindex ?: ifname;
	return dev;
}

/*
 * If @a is an address of @list (an IPv4 or an IPv6 one, which must be
 * unicast), append it to @addrs (and @a to @attrs), of which there are @n
 * and room for HNET_MAX_IPS.  Other attributes are left to the caller.
 */
int hnet_nl_parse_addr(const struct hnet_nl_addrs *list,
		       const struct nlattr *a, struct in6_addr *addrs,
		       const struct nlattr **attrs, u8 *n,
		       struct netlink_ext_ack *extack)
{
	struct in6_addr *addr = &addrs[*n];

	if (nla_type(a) != list->type4 && nla_type(a) != list->type6)
		return 0;
	if (*n == HNET_MAX_IPS) {
		hnet_nl_set_err(extack, a, list->too_many);
		return -EINVAL;
	}
	if (nla_type(a) == list->type6) {
		*addr = nla_get_in6_addr(a);
		if (!hnet_ipv6_is_unicast(addr)) {
			hnet_nl_set_err(extack, a, list->bad6);
			return -EINVAL;
		}
	} else {
		ipv6_addr_set_v4mapped(nla_get_in_addr(a), addr);
		if (!hnet_ipv4_is_unicast(nla_get_in_addr(a))) {
			hnet_nl_set_err(extack, a, list->bad4);
			return -EINVAL;
		}
	}
	attrs[(*n)++] = a;
	return 0;
}

/* Values -> attributes */

/*
 * A netdev's ifindex and name, outside RTNL.  dev->name is an array inside
 * the net_device (held by the caller, or under RCU), NUL-terminated at
 * every moment: a rename writes at most IFNAMSIZ - 1 characters and the
 * last byte stays 0.  It is copied once so the attribute's length and
 * bytes agree.  Like every reader outside RTNL (/proc/net/dev, the _rcu
 * name lookups), a read racing with a rename may see a mix of the two
 * names; the rename's own RTM_NEWLINK follows.
 */
int hnet_nl_put_netdev(struct sk_buff *skb, int ifindex, int ifname,
		       const struct net_device *dev)
{
	char name[IFNAMSIZ];

	memcpy(name, dev->name, sizeof(name));
	name[IFNAMSIZ - 1] = '\0';
	if (nla_put_u32(skb, ifindex, dev->ifindex) ||
	    nla_put_string(skb, ifname, name))
		return -EMSGSIZE;
	return 0;
}

/* An address: IPv4 (mapped) as attribute @type4, IPv6 as @type6. */
int hnet_nl_put_addr(struct sk_buff *skb, int type4, int type6,
		     const struct in6_addr *addr)
{
	if (hnet_addr_is_v4(addr))
		return nla_put_in_addr(skb, type4, addr->s6_addr32[3]);
	return nla_put_in6_addr(skb, type6, addr);
}

/*
 * A nest @type of @n u64 counters @v, as attributes @first, @first + 1,
 * ... (padded with attribute @pad).
 */
int hnet_nl_put_counters(struct sk_buff *skb, int type, int pad, int first,
			 const u64 *v, unsigned int n)
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		if (nla_put_u64_64bit(skb, first + i, v[i], pad)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static_assert(HNET_STATS_A_RX_PACKETS + 4 == HNET_STATS_A_DROPS &&
	      HNET_STATS_A_DROPS + 1 == HNET_STATS_A_DROP_SPOOFED);

/* Counters: packets, bytes, all drops and the drops by reason. */
int hnet_nl_put_stats(struct sk_buff *skb, int type,
		      struct hnet_pcpu_stats __percpu *pcpu)
{
	u64 v[5 + HNET_DROP_MAX];
	struct hnet_stats s;

	hnet_stats_read(pcpu, &s);
	v[0] = s.rx_packets;
	v[1] = s.rx_bytes;
	v[2] = s.tx_packets;
	v[3] = s.tx_bytes;
	v[4] = s.drops;
	memcpy(&v[5], s.drop, sizeof(s.drop));
	return hnet_nl_put_counters(skb, type, HNET_STATS_A_PAD,
				    HNET_STATS_A_RX_PACKETS, v, ARRAY_SIZE(v));
}

/*
 * Call @fn on every object of @type on the RCU list @head (the object's
 * list_head at @type->obj_list), in order; stop at its first error and
 * return it.  Under RCU.
 */
int hnet_nl_walk_list(const struct hnet_obj_type *type,
		      struct list_head *head, hnet_walk_fn fn, void *arg)
{
	struct list_head *pos;
	int err;

	for (pos = rcu_dereference(list_next_rcu(head)); pos != head;
	     pos = rcu_dereference(list_next_rcu(pos))) {
		err = fn(arg, (void *)pos - type->obj_list);
		if (err)
			return err;
	}
	return 0;
}

/* Objects -> messages */

struct hnet_nl_obj {
	const struct hnet_obj_type *type;
	struct hnet_dev *hdev;
	const void *obj;
};

/* The device's identity, then the object in its nest. */
static int hnet_nl_fill(struct sk_buff *skb, const struct hnet_nl_obj *obj,
			bool stats)
{
	struct nlattr *nest;

	if (hnet_nl_put_netdev(skb, HNET_A_IFINDEX, HNET_A_IFNAME,
			       obj->hdev->dev))
		return -EMSGSIZE;
	nest = nla_nest_start(skb, obj->type->nest);
	if (!nest)
		return -EMSGSIZE;
	if (obj->type->fill(skb, obj->obj, stats)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* One message (header @hdr, just put; NULL: no room) about the object. */
static int hnet_nl_fill_msg(struct sk_buff *skb, void *hdr,
			    const struct hnet_nl_obj *obj, bool stats)
{
	if (!hdr)
		return -EMSGSIZE;
	if (hnet_nl_fill(skb, obj, stats)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Tell the "events" group about a change or an event. */
static void hnet_nl_notify_obj(const struct hnet_nl_obj *obj, u8 cmd,
			       gfp_t gfp)
{
	struct net *net = dev_net(obj->hdev->dev);
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&hnet_family, net, 0))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, gfp);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &hnet_family, 0, cmd);
	if (hnet_nl_fill_msg(skb, hdr, obj, false)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast_netns(&hnet_family, net, skb, 0, 0, gfp);
}

/*
 * @obj of @type on @hdev was created, changed or deleted (@cmd).  Caller:
 * a writer.
 */
void hnet_nl_notify(const struct hnet_obj_type *type, struct hnet_dev *hdev,
		    const void *obj, u8 cmd)
{
	struct hnet_nl_obj o = { .type = type, .hdev = hdev, .obj = obj };

	hnet_nl_notify_obj(&o, cmd, GFP_KERNEL);
}

/* The datapath saw event @cmd about @obj (softirq, RCU). */
void hnet_nl_event(const struct hnet_obj_type *type, struct hnet_dev *hdev,
		   const void *obj, u8 cmd)
{
	struct hnet_nl_obj o = { .type = type, .hdev = hdev, .obj = obj };

	hnet_nl_notify_obj(&o, cmd, GFP_ATOMIC);
}

/*
 * A NEW command: send the object to the requester (cmd = the NEW command)
 * and to the events group.  The reply buffer was allocated before the
 * change, so a change is never made without its answer; a full socket
 * buffer on the requester's side does not undo it.
 */
static int hnet_nl_created(struct genl_info *info, struct sk_buff *reply,
			   const struct hnet_nl_obj *obj)
{
	u8 cmd = info->genlhdr->cmd;
	void *hdr;

	hnet_nl_notify_obj(obj, cmd, GFP_KERNEL);

	hdr = genlmsg_put_reply(reply, info, &hnet_family, 0, cmd);
	if (hnet_nl_fill_msg(reply, hdr, obj, false)) {
		nlmsg_free(reply);
		return 0;
	}
	genlmsg_reply(reply, info);
	return 0;
}

/* Requests */

static const struct hnet_nl_ident hnet_nl_dev_ident = {
	.ifindex	= HNET_A_IFINDEX,
	.ifname		= HNET_A_IFNAME,
	.missing	= "missing hnet device",
	.not_found	= "hnet device not found",
	.differ		= "IFINDEX and IFNAME name different devices",
};

/* The hnet device a request names, held.  Caller: dev_put(hdev->dev). */
static struct hnet_dev *hnet_nl_dev_get(struct net *net, struct nlattr **attrs,
					struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	struct net_device *dev;

	rcu_read_lock();
	dev = hnet_nl_netdev_rcu(net, &hnet_nl_dev_ident, NULL, attrs, &attr,
				 extack);
	if (!IS_ERR(dev) && !netif_is_hnet(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "not an hnet device");
		dev = ERR_PTR(-EINVAL);
	}
	if (!IS_ERR(dev))
		dev_hold(dev);
	rcu_read_unlock();
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	return netdev_priv(dev);
}

/*
 * Every doit names its hnet device: resolve and hold it.  A change takes
 * RTNL then the config mutex; a read takes no lock (see DOC: Locking).
 */
static int hnet_nl_pre_doit(const hnet_genl_ops_t *ops, struct sk_buff *skb,
			    struct genl_info *info)
{
	bool change = ops->internal_flags & HNET_NL_CHANGE;
	struct hnet_dev *hdev;

	if (change)
		rtnl_lock();
	hdev = hnet_nl_dev_get(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(hdev)) {
		if (change)
			rtnl_unlock();
		return PTR_ERR(hdev);
	}
	if (change)
		mutex_lock(&hdev->lock);
	info->user_ptr[0] = hdev;
	return 0;
}

static void hnet_nl_post_doit(const hnet_genl_ops_t *ops, struct sk_buff *skb,
			      struct genl_info *info)
{
	struct hnet_dev *hdev = info->user_ptr[0];

	if (ops->internal_flags & HNET_NL_CHANGE) {
		mutex_unlock(&hdev->lock);
		rtnl_unlock();
	}
	dev_put(hdev->dev);
}

/* The object's nest of a request, parsed with @policy into @tb. */
static int hnet_nl_obj_parse(const struct hnet_obj_type *type,
			     struct genl_info *info,
			     const struct nla_policy *policy,
			     struct nlattr **tb, struct nlattr **nestp)
{
	struct nlattr *nest = info->attrs[type->nest];

	if (!nest) {
		hnet_nl_set_err(info->extack, NULL, type->missing);
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, type->nest);
		return -EINVAL;
	}
	*nestp = nest;
	return nla_parse_nested(tb, type->maxattr, nest, policy, info->extack);
}

static int hnet_nl_obj_new(struct sk_buff *skb, struct genl_info *info)
{
	const struct hnet_obj_type *type = hnet_nl_type(info->genlhdr->cmd);
	struct hnet_nl_obj obj = { .type = type, .hdev = info->user_ptr[0] };
	struct nlattr *tb[HNET_OBJ_MAXATTR + 1];
	struct sk_buff *reply;
	struct nlattr *nest;
	int err;

	err = hnet_nl_obj_parse(type, info, type->new_policy, tb, &nest);
	if (err)
		return err;
	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	obj.obj = type->create(obj.hdev, nest, tb, info);
	if (IS_ERR(obj.obj)) {
		nlmsg_free(reply);
		return PTR_ERR(obj.obj);
	}
	err = hnet_nl_created(info, reply, &obj);
	if (type->publish)
		type->publish(obj.obj);
	return err;
}

static int hnet_nl_obj_del(struct sk_buff *skb, struct genl_info *info)
{
	const struct hnet_obj_type *type = hnet_nl_type(info->genlhdr->cmd);
	struct nlattr *tb[HNET_OBJ_MAXATTR + 1];
	struct nlattr *nest;
	void *obj;
	int err;

	err = hnet_nl_obj_parse(type, info, type->key_policy, tb, &nest);
	if (err)
		return err;
	/* Looked up under RCU; the config mutex keeps it afterwards. */
	rcu_read_lock();
	obj = type->find(info->user_ptr[0], nest, tb, info);
	rcu_read_unlock();
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	type->delete(obj);
	return 0;
}

/* GET doit, DEV_GET included: the object, under RCU. */
static int hnet_nl_obj_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct hnet_obj_type *type = hnet_nl_type(info->genlhdr->cmd);
	struct hnet_nl_obj obj = { .type = type, .hdev = info->user_ptr[0] };
	struct nlattr *tb[HNET_OBJ_MAXATTR + 1];
	struct nlattr *nest = NULL;
	struct sk_buff *reply;
	void *hdr;
	int err;

	if (type->find) {
		err = hnet_nl_obj_parse(type, info, type->key_policy, tb,
					&nest);
		if (err)
			return err;
	}
	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;

	rcu_read_lock();
	obj.obj = type->find ? type->find(obj.hdev, nest, tb, info) : obj.hdev;
	if (IS_ERR(obj.obj)) {
		err = PTR_ERR(obj.obj);
	} else {
		hdr = genlmsg_put_reply(reply, info, &hnet_family, 0,
					type->cmd_get);
		err = hnet_nl_fill_msg(reply, hdr, &obj, type->stats);
	}
	rcu_read_unlock();

	if (err) {
		nlmsg_free(reply);
		return err;
	}
	return genlmsg_reply(reply, info);
}

/* DEV_SET: the device's settings, with the same fill and notification. */
static int hnet_nl_dev_set(struct sk_buff *skb, struct genl_info *info)
{
	struct hnet_dev *hdev = info->user_ptr[0];
	struct nlattr *tb[HNET_DEV_A_MAX + 1];
	struct hnet_dev_cfg cfg = { .tb = tb };
	bool changed = false;
	struct nlattr *nest;
	int err, i;

	err = hnet_nl_obj_parse(&hnet_dev_type, info, hnet_dev_set_nl_policy,
				tb, &nest);
	if (err)
		return err;

	if (tb[HNET_DEV_A_VTEP]) {
		cfg.set_vtep = true;
		cfg.vtep = nla_get_in_addr(tb[HNET_DEV_A_VTEP]);
	}
	if (tb[HNET_DEV_A_DSTPORT]) {
		cfg.set_dstport = true;
		cfg.dstport = nla_get_u16(tb[HNET_DEV_A_DSTPORT]);
	}
	if (tb[HNET_DEV_A_HOST_MAC]) {
		cfg.set_host_mac = true;
		nla_memcpy(cfg.host_mac, tb[HNET_DEV_A_HOST_MAC], ETH_ALEN);
	}
	if (tb[HNET_DEV_A_SOURCE_CHECK]) {
		cfg.set_source_check = true;
		cfg.source_check = nla_get_u8(tb[HNET_DEV_A_SOURCE_CHECK]);
	}
	for (i = 0; i < HNET_LIMIT_MAX; i++) {
		if (tb[hnet_limits[i].attr]) {
			cfg.max[i] = nla_get_u32(tb[hnet_limits[i].attr]);
			changed = true;
		}
	}
	/* Nothing to set: no change, no new generation, no notification. */
	if (!changed && !cfg.set_vtep && !cfg.set_dstport &&
	    !cfg.set_host_mac && !cfg.set_source_check)
		return 0;

	err = hnet_dev_set(hdev, &cfg, info->extack);
	if (err)
		return err;
	hnet_nl_notify(&hnet_dev_type, hdev, hdev, HNET_CMD_DEV_SET);
	return 0;
}

/* Dumps */

/*
 * cb->args[]: the device (its ifindex, looked up again on every call so a
 * dump never pins a device), the position of the next object, and the
 * network filter (0: none).
 */
enum {
	HNET_NL_DUMP_IFINDEX,
	HNET_NL_DUMP_POS,
	HNET_NL_DUMP_NETWORK,
};

/* One part of a dump: where it writes and how far it went. */
struct hnet_nl_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct hnet_nl_obj obj;
	unsigned long idx;		/* of the next object walked */
};

static struct nlattr **hnet_nl_dump_attrs(struct netlink_callback *cb)
{
#ifdef HNET_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

static const struct hnet_obj_type *hnet_nl_dump_type(struct netlink_callback *cb)
{
	const struct genlmsghdr *ghdr = nlmsg_data(cb->nlh);

	return hnet_nl_type(ghdr->cmd);
}

/*
 * The network filter of a dump of @type: HNET_A_NETWORK/ID, or the
 * network id in the object's nest.  The attribute, or NULL.
 */
static struct nlattr *hnet_nl_dump_filter(const struct hnet_obj_type *type,
					  struct nlattr **attrs)
{
	struct nlattr *a;

	if (!type->filtered)
		return NULL;
	if (attrs[HNET_A_NETWORK]) {
		a = nla_find_nested(attrs[HNET_A_NETWORK], HNET_NETWORK_A_ID);
		if (a)
			return a;
	}
	if (type->filter_attr && attrs[type->nest])
		return nla_find_nested(attrs[type->nest], type->filter_attr);
	return NULL;
}

/*
 * The device of a dump of @type, held; ERR_PTR(-ENODEV) when it went away
 * between two parts of the dump.  The first call resolves it from the
 * request and reads the network filter, which must name an existing
 * network.  Every call takes the generation the part's messages carry.
 */
static struct hnet_dev *hnet_nl_dump_start(struct netlink_callback *cb,
					   const struct hnet_obj_type *type)
{
	struct net *net = sock_net(cb->skb->sk);
	struct nlattr **attrs = hnet_nl_dump_attrs(cb);
	struct nlattr *filter_attr;
	struct net_device *dev;
	struct hnet_dev *hdev;
	bool known;
	u32 filter = 0;

	if (!cb->args[HNET_NL_DUMP_IFINDEX]) {
		hdev = hnet_nl_dev_get(net, attrs, cb->extack);
		if (IS_ERR(hdev))
			return hdev;
		filter_attr = hnet_nl_dump_filter(type, attrs);
		if (filter_attr)
			filter = nla_get_u32(filter_attr);
		if (filter) {
			rcu_read_lock();
			known = type->filter_router ?
				!!hnet_router_find_rcu(hdev, filter) :
				!!hnet_network_find_rcu(hdev, filter);
			rcu_read_unlock();
			if (!known) {
				dev_put(hdev->dev);
				hnet_nl_set_err(cb->extack, filter_attr,
						type->filter_router ?
						"unknown router" :
						"unknown network");
				return ERR_PTR(-ENOENT);
			}
		}
		cb->args[HNET_NL_DUMP_IFINDEX] = hdev->dev->ifindex;
		cb->args[HNET_NL_DUMP_NETWORK] = filter;
	} else {
		/* Gone between two parts: the dump is incomplete, not done. */
		dev = dev_get_by_index(net, cb->args[HNET_NL_DUMP_IFINDEX]);
		if (dev && !netif_is_hnet(dev)) {
			dev_put(dev);
			dev = NULL;
		}
		if (!dev) {
			NL_SET_ERR_MSG(cb->extack,
				       "hnet device went away during the dump");
			return ERR_PTR(-ENODEV);
		}
		hdev = netdev_priv(dev);
	}
	/*
	 * After what the previous part read: a change it saw bumped the
	 * generation first.  Pairs with smp_wmb() in hnet_dev_changed().
	 */
	smp_rmb();
	cb->seq = type->generation ? type->generation(hdev) :
				     READ_ONCE(hdev->generation);
	return hdev;
}

/* What a dumpit returns: the data so far, or the error of an empty part. */
static int hnet_nl_dump_ret(struct sk_buff *skb, int err)
{
	if (err && !skb->len)
		return err;
	return skb->len;
}

/*
 * hnet_walk_fn of dumps: emit the next object walked unless an earlier
 * part of the dump already did.
 */
static int hnet_nl_dump_obj(void *arg, const void *obj)
{
	struct hnet_nl_dump *d = arg;
	struct netlink_callback *cb = d->cb;
	const struct hnet_obj_type *type = d->obj.type;
	void *hdr;
	int err;

	if (d->idx++ < cb->args[HNET_NL_DUMP_POS])
		return 0;
	d->obj.obj = obj;
	hdr = genlmsg_put(d->skb, NETLINK_CB(cb->skb).portid,
			  cb->nlh->nlmsg_seq, &hnet_family, NLM_F_MULTI,
			  type->cmd_get);
	if (hdr)
		genl_dump_check_consistent(cb, hdr);
	err = hnet_nl_fill_msg(d->skb, hdr, &d->obj, type->stats);
	if (!err)
		cb->args[HNET_NL_DUMP_POS] = d->idx;
	return err;
}

/* Every object of a type on one device, under RCU. */
static int hnet_nl_obj_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct hnet_obj_type *type = hnet_nl_dump_type(cb);
	struct hnet_nl_dump d = { .skb = skb, .cb = cb, .obj.type = type };
	struct hnet_dev *hdev;
	int err;

	hdev = hnet_nl_dump_start(cb, type);
	if (IS_ERR(hdev))
		return PTR_ERR(hdev);
	d.obj.hdev = hdev;
	rcu_read_lock();
	err = type->walk(type, hdev, cb->args[HNET_NL_DUMP_NETWORK],
			 hnet_nl_dump_obj, &d);
	rcu_read_unlock();
	dev_put(hdev->dev);
	return hnet_nl_dump_ret(skb, err);
}

/* Every hnet device of the namespace, under RCU. */
static int hnet_nl_dev_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hnet_net *hn = net_generic(sock_net(cb->skb->sk), hnet_net_id);
	struct hnet_nl_dump d = { .skb = skb, .cb = cb };
	struct hnet_dev *hdev;
	int err = 0;

	d.obj.type = &hnet_dev_type;
	/*
	 * A device added or deleted between two parts flags the dump.  Pairs
	 * with smp_wmb() in hnet_net_devs_changed().
	 */
	smp_rmb();
	cb->seq = READ_ONCE(hn->dev_gen);
	rcu_read_lock();
	list_for_each_entry_rcu(hdev, &hn->devs, list) {
		d.obj.hdev = hdev;
		err = hnet_nl_dump_obj(&d, hdev);
		if (err)
			break;
	}
	rcu_read_unlock();
	return hnet_nl_dump_ret(skb, err);
}

/* The family */

/*
 * Reads need CAP_NET_ADMIN too: objects carry every tenant's addresses and
 * the VTEPs of the cloud.
 */
#define HNET_NL_GET(_cmd, _doit, _dumpit, _policy) {			\
	.cmd		= (_cmd),					\
	.doit		= (_doit),					\
	.dumpit		= (_dumpit),					\
	.policy		= (_policy),					\
	.maxattr	= HNET_A_MAX,					\
	.flags		= GENL_UNS_ADMIN_PERM,				\
}

#define HNET_NL_CHANGE_OP(_cmd, _doit, _policy) {			\
	.cmd		= (_cmd),					\
	.doit		= (_doit),					\
	.policy		= (_policy),					\
	.maxattr	= HNET_A_MAX,					\
	.flags		= GENL_UNS_ADMIN_PERM,				\
	.internal_flags	= HNET_NL_CHANGE,				\
}

#define HNET_NL_OBJ_NEW(_cmd, _policy)					\
	HNET_NL_CHANGE_OP(_cmd, hnet_nl_obj_new, _policy)
#define HNET_NL_OBJ_DEL(_cmd, _policy)					\
	HNET_NL_CHANGE_OP(_cmd, hnet_nl_obj_del, _policy)
#define HNET_NL_OBJ_GET(_cmd, _policy)					\
	HNET_NL_GET(_cmd, hnet_nl_obj_get_doit, hnet_nl_obj_dumpit, _policy)

/* Every object's NEW, DEL and GET run the same handlers (hnet_nl_type()). */
static const struct genl_ops hnet_nl_ops[] = {
	HNET_NL_GET(HNET_CMD_DEV_GET, hnet_nl_obj_get_doit,
		    hnet_nl_dev_dumpit, hnet_dev_get_policy),
	HNET_NL_CHANGE_OP(HNET_CMD_DEV_SET, hnet_nl_dev_set,
			  hnet_dev_set_policy),
	HNET_NL_OBJ_NEW(HNET_CMD_NETWORK_NEW, hnet_nl_network_new_policy),
	HNET_NL_OBJ_DEL(HNET_CMD_NETWORK_DEL, hnet_nl_network_key_policy),
	HNET_NL_OBJ_GET(HNET_CMD_NETWORK_GET, hnet_nl_network_key_policy),
	HNET_NL_OBJ_NEW(HNET_CMD_PORT_NEW, hnet_nl_port_new_policy),
	HNET_NL_OBJ_DEL(HNET_CMD_PORT_DEL, hnet_nl_port_del_policy),
	HNET_NL_OBJ_GET(HNET_CMD_PORT_GET, hnet_nl_port_get_policy),
	HNET_NL_OBJ_NEW(HNET_CMD_REMOTE_NEW, hnet_nl_remote_new_policy),
	HNET_NL_OBJ_DEL(HNET_CMD_REMOTE_DEL, hnet_nl_remote_del_policy),
	HNET_NL_OBJ_GET(HNET_CMD_REMOTE_GET, hnet_nl_remote_get_policy),
	HNET_NL_OBJ_NEW(HNET_CMD_FLOOD_NEW, hnet_nl_flood_policy),
	HNET_NL_OBJ_DEL(HNET_CMD_FLOOD_DEL, hnet_nl_flood_policy),
	HNET_NL_OBJ_GET(HNET_CMD_FLOOD_GET, hnet_nl_flood_get_policy),
	HNET_NL_OBJ_NEW(HNET_CMD_PEER_NEW, hnet_nl_peer_policy),
	HNET_NL_OBJ_DEL(HNET_CMD_PEER_DEL, hnet_nl_peer_key_policy),
	HNET_NL_OBJ_GET(HNET_CMD_PEER_GET, hnet_nl_peer_key_policy),
	HNET_NL_OBJ_NEW(HNET_CMD_ROUTER_NEW, hnet_nl_router_new_policy),
	HNET_NL_OBJ_DEL(HNET_CMD_ROUTER_DEL, hnet_nl_router_key_policy),
	HNET_NL_OBJ_GET(HNET_CMD_ROUTER_GET, hnet_nl_router_key_policy),
	HNET_NL_OBJ_NEW(HNET_CMD_ROUTER_IFACE_NEW,
			hnet_nl_router_iface_new_policy),
	HNET_NL_OBJ_DEL(HNET_CMD_ROUTER_IFACE_DEL,
			hnet_nl_router_iface_key_policy),
	HNET_NL_OBJ_GET(HNET_CMD_ROUTER_IFACE_GET,
			hnet_nl_router_iface_key_policy),
	HNET_NL_OBJ_NEW(HNET_CMD_ROUTE_NEW, hnet_nl_route_new_policy),
	HNET_NL_OBJ_DEL(HNET_CMD_ROUTE_DEL, hnet_nl_route_del_policy),
	HNET_NL_OBJ_GET(HNET_CMD_ROUTE_GET, hnet_nl_route_get_policy),
	HNET_NL_OBJ_NEW(HNET_CMD_GATEWAY_NEW, hnet_nl_gateway_new_policy),
	HNET_NL_OBJ_DEL(HNET_CMD_GATEWAY_DEL, hnet_nl_gateway_key_policy),
	HNET_NL_OBJ_GET(HNET_CMD_GATEWAY_GET, hnet_nl_gateway_key_policy),
	HNET_NL_OBJ_NEW(HNET_CMD_FIP_NEW, hnet_nl_fip_new_policy),
	HNET_NL_OBJ_DEL(HNET_CMD_FIP_DEL, hnet_nl_fip_key_policy),
	HNET_NL_OBJ_GET(HNET_CMD_FIP_GET, hnet_nl_fip_get_policy),
	HNET_NL_OBJ_NEW(HNET_CMD_L2GW_NEW, hnet_nl_l2gw_new_policy),
	HNET_NL_OBJ_DEL(HNET_CMD_L2GW_DEL, hnet_nl_l2gw_key_policy),
	HNET_NL_OBJ_GET(HNET_CMD_L2GW_GET, hnet_nl_l2gw_key_policy),
	HNET_NL_OBJ_GET(HNET_CMD_L2GW_MAC_GET, hnet_nl_l2gw_mac_key_policy),
};

/* Listeners see what readers see: CAP_NET_ADMIN in the namespace. */
static const struct genl_multicast_group hnet_nl_mcgrps[] = {
	{ .name = HNET_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct genl_family hnet_family __ro_after_init = {
	.name		= HNET_GENL_NAME,
	.version	= HNET_GENL_VERSION,
	.maxattr	= HNET_A_MAX,
	.netnsok	= true,
	.parallel_ops	= true,
	.pre_doit	= hnet_nl_pre_doit,
	.post_doit	= hnet_nl_post_doit,
	.ops		= hnet_nl_ops,
	.n_ops		= ARRAY_SIZE(hnet_nl_ops),
	.mcgrps		= hnet_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(hnet_nl_mcgrps),
	.module		= THIS_MODULE,
};

int __init hnet_genl_register(void)
{
	int err;

	err = hnet_nl_limits_init();
	if (err)
		return err;
	return genl_register_family(&hnet_family);
}

void hnet_genl_unregister(void)
{
	genl_unregister_family(&hnet_family);
}
