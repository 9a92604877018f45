// SPDX-License-Identifier: GPL-2.0
/*
 * The "hnet" generic netlink family: translates attributes into calls on
 * the core objects and objects back into attributes.  No policy decision
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

/* Policies: each command accepts exactly the attributes it uses. */

static struct netlink_range_validation hnet_vni_range = {
	.min = 1,
	.max = HNET_VNI_MAX,
};

static struct netlink_range_validation hnet_mtu_range = {
	.min = HNET_MIN_MTU,
	.max = HNET_MAX_MTU,
};

#define HNET_NL_LIMIT_RANGE(_name, _ceil)				\
static struct netlink_range_validation _name = { .min = 1, .max = (_ceil) }

HNET_NL_LIMIT_RANGE(hnet_max_networks_range, HNET_CEIL_MAX_NETWORKS);
HNET_NL_LIMIT_RANGE(hnet_max_ports_range, HNET_CEIL_MAX_PORTS);
HNET_NL_LIMIT_RANGE(hnet_max_remotes_range, HNET_CEIL_MAX_REMOTES);
HNET_NL_LIMIT_RANGE(hnet_max_floods_range, HNET_CEIL_MAX_FLOODS);

static const struct nla_policy hnet_dev_set_nl_policy[HNET_DEV_A_MAX + 1] = {
	[HNET_DEV_A_VTEP]	= { .type = NLA_BE32 },
	[HNET_DEV_A_DSTPORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[HNET_DEV_A_HOST_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[HNET_DEV_A_SOURCE_CHECK] = NLA_POLICY_MAX(NLA_U8, 1),
	[HNET_DEV_A_MAX_NETWORKS] = NLA_POLICY_FULL_RANGE(NLA_U32,
						 &hnet_max_networks_range),
	[HNET_DEV_A_MAX_PORTS]	= NLA_POLICY_FULL_RANGE(NLA_U32,
						&hnet_max_ports_range),
	[HNET_DEV_A_MAX_REMOTES] = NLA_POLICY_FULL_RANGE(NLA_U32,
						 &hnet_max_remotes_range),
	[HNET_DEV_A_MAX_FLOODS]	= NLA_POLICY_FULL_RANGE(NLA_U32,
						&hnet_max_floods_range),
};

static const struct nla_policy hnet_network_new_nl_policy[HNET_NETWORK_A_MAX + 1] = {
	[HNET_NETWORK_A_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[HNET_NETWORK_A_VNI]	= NLA_POLICY_FULL_RANGE(NLA_U32, &hnet_vni_range),
	[HNET_NETWORK_A_NAME]	= { .type = NLA_NUL_STRING,
				    .len = HNET_NAME_MAXLEN - 1 },
	[HNET_NETWORK_A_MTU]	= NLA_POLICY_FULL_RANGE(NLA_U32, &hnet_mtu_range),
};

static const struct nla_policy hnet_network_key_nl_policy[HNET_NETWORK_A_MAX + 1] = {
	[HNET_NETWORK_A_ID]	= { .type = NLA_U32 },
};

static const struct nla_policy hnet_allowed_nl_policy[HNET_ALLOWED_A_MAX + 1] = {
	[HNET_ALLOWED_A_ADDR]	= { .type = NLA_BE32 },
	[HNET_ALLOWED_A_PREFIXLEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[HNET_ALLOWED_A_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[HNET_ALLOWED_A_ADDR6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

/* The prefix length of an IPv4 pair, reported as the policy it failed. */
static const struct nla_policy hnet_allowed_prefixlen4_nl_policy =
	NLA_POLICY_MAX(NLA_U8, 32);

static const struct nla_policy hnet_port_new_nl_policy[HNET_PORT_A_MAX + 1] = {
	[HNET_PORT_A_IFINDEX]	= { .type = NLA_U32 },
	[HNET_PORT_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[HNET_PORT_A_NETWORK_ID] = { .type = NLA_U32 },
	[HNET_PORT_A_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[HNET_PORT_A_IP]	= { .type = NLA_BE32 },
	[HNET_PORT_A_ALLOWED]	= NLA_POLICY_NESTED(hnet_allowed_nl_policy),
	[HNET_PORT_A_SECURITY]	= NLA_POLICY_MAX(NLA_U8, 1),
	[HNET_PORT_A_IP6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

static const struct nla_policy hnet_port_key_nl_policy[HNET_PORT_A_MAX + 1] = {
	[HNET_PORT_A_IFINDEX]	= { .type = NLA_U32 },
	[HNET_PORT_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
};

static const struct nla_policy hnet_remote_new_nl_policy[HNET_REMOTE_A_MAX + 1] = {
	[HNET_REMOTE_A_NETWORK_ID] = { .type = NLA_U32 },
	[HNET_REMOTE_A_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[HNET_REMOTE_A_IP]	= { .type = NLA_BE32 },
	[HNET_REMOTE_A_VTEP]	= { .type = NLA_BE32 },
	[HNET_REMOTE_A_IP6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

static const struct nla_policy hnet_remote_key_nl_policy[HNET_REMOTE_A_MAX + 1] = {
	[HNET_REMOTE_A_NETWORK_ID] = { .type = NLA_U32 },
	[HNET_REMOTE_A_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
};

static const struct nla_policy hnet_flood_nl_policy[HNET_FLOOD_A_MAX + 1] = {
	[HNET_FLOOD_A_NETWORK_ID] = { .type = NLA_U32 },
	[HNET_FLOOD_A_VTEP]	= { .type = NLA_BE32 },
};

#define HNET_NL_DEV_IDENT						\
	[HNET_A_IFINDEX]	= { .type = NLA_U32 },			\
	[HNET_A_IFNAME]		= { .type = NLA_NUL_STRING,		\
				    .len = IFNAMSIZ - 1 }

static const struct nla_policy hnet_dev_get_policy[HNET_A_MAX + 1] = {
	HNET_NL_DEV_IDENT,
};

static const struct nla_policy hnet_dev_set_policy[HNET_A_MAX + 1] = {
	HNET_NL_DEV_IDENT,
	[HNET_A_DEV]		= NLA_POLICY_NESTED(hnet_dev_set_nl_policy),
};

static const struct nla_policy hnet_network_new_policy[HNET_A_MAX + 1] = {
	HNET_NL_DEV_IDENT,
	[HNET_A_NETWORK]	= NLA_POLICY_NESTED(hnet_network_new_nl_policy),
};

static const struct nla_policy hnet_network_key_policy[HNET_A_MAX + 1] = {
	HNET_NL_DEV_IDENT,
	[HNET_A_NETWORK]	= NLA_POLICY_NESTED(hnet_network_key_nl_policy),
};

static const struct nla_policy hnet_port_new_policy[HNET_A_MAX + 1] = {
	HNET_NL_DEV_IDENT,
	[HNET_A_PORT]		= NLA_POLICY_NESTED(hnet_port_new_nl_policy),
};

static const struct nla_policy hnet_port_del_policy[HNET_A_MAX + 1] = {
	HNET_NL_DEV_IDENT,
	[HNET_A_PORT]		= NLA_POLICY_NESTED(hnet_port_key_nl_policy),
};

/* GET: the object's key (doit), or a network filter (dump). */
static const struct nla_policy hnet_port_get_policy[HNET_A_MAX + 1] = {
	HNET_NL_DEV_IDENT,
	[HNET_A_NETWORK]	= NLA_POLICY_NESTED(hnet_network_key_nl_policy),
	[HNET_A_PORT]		= NLA_POLICY_NESTED(hnet_port_key_nl_policy),
};

static const struct nla_policy hnet_remote_new_policy[HNET_A_MAX + 1] = {
	HNET_NL_DEV_IDENT,
	[HNET_A_REMOTE]		= NLA_POLICY_NESTED(hnet_remote_new_nl_policy),
};

static const struct nla_policy hnet_remote_del_policy[HNET_A_MAX + 1] = {
	HNET_NL_DEV_IDENT,
	[HNET_A_REMOTE]		= NLA_POLICY_NESTED(hnet_remote_key_nl_policy),
};

static const struct nla_policy hnet_remote_get_policy[HNET_A_MAX + 1] = {
	HNET_NL_DEV_IDENT,
	[HNET_A_NETWORK]	= NLA_POLICY_NESTED(hnet_network_key_nl_policy),
	[HNET_A_REMOTE]		= NLA_POLICY_NESTED(hnet_remote_key_nl_policy),
};

static const struct nla_policy hnet_flood_policy[HNET_A_MAX + 1] = {
	HNET_NL_DEV_IDENT,
	[HNET_A_FLOOD]		= NLA_POLICY_NESTED(hnet_flood_nl_policy),
};

static const struct nla_policy hnet_flood_get_policy[HNET_A_MAX + 1] = {
	HNET_NL_DEV_IDENT,
	[HNET_A_NETWORK]	= NLA_POLICY_NESTED(hnet_network_key_nl_policy),
	[HNET_A_FLOOD]		= NLA_POLICY_NESTED(hnet_flood_nl_policy),
};

/* A required attribute is missing: say which, and where. */
#define hnet_nl_missing(extack, nest, type, msg) ({			\
	struct netlink_ext_ack *_ea = (extack);				\
									\
	NL_SET_ERR_MSG(_ea, msg);					\
	NL_SET_ERR_ATTR_MISS(_ea, (nest), (type));			\
	-EINVAL;							\
})

/* The object nest and its members.  @tb is sized by the caller. */
static int hnet_nl_parse(struct nlattr *nest, struct nlattr **tb, int maxtype,
			 const struct nla_policy *policy,
			 struct netlink_ext_ack *extack)
{
	return nla_parse_nested(tb, maxtype, nest, policy, extack);
}

/* Objects <-> messages */

struct hnet_nl_obj {
	const struct hnet_dev *hdev;
	int type;			/* HNET_A_DEV, HNET_A_NETWORK, ... */
	union {
		const struct hnet_network *nw;
		const struct hnet_port *port;
		const struct hnet_remote *remote;
		const struct hnet_flood *flood;
	};
};

/* Counters: packets, bytes, all drops and the drops by reason. */
static int hnet_nl_put_stats(struct sk_buff *skb, int type,
			     struct hnet_pcpu_stats __percpu *pcpu)
{
	struct hnet_stats s;
	struct nlattr *nest;
	int i;

	hnet_stats_read(pcpu, &s);
	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, HNET_STATS_A_RX_PACKETS, s.rx_packets,
			      HNET_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, HNET_STATS_A_RX_BYTES, s.rx_bytes,
			      HNET_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, HNET_STATS_A_TX_PACKETS, s.tx_packets,
			      HNET_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, HNET_STATS_A_TX_BYTES, s.tx_bytes,
			      HNET_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, HNET_STATS_A_DROPS, s.drops,
			      HNET_STATS_A_PAD))
		goto cancel;
	for (i = 0; i < HNET_DROP_MAX; i++)
		if (nla_put_u64_64bit(skb, HNET_STATS_A_DROP_SPOOFED + i,
				      s.drop[i], HNET_STATS_A_PAD))
			goto cancel;
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int hnet_nl_put_dev(struct sk_buff *skb, const struct hnet_dev *hdev,
			   bool stats)
{
	const struct hnet_settings *set = hnet_settings_cfg(hdev);
	const struct net_device *dev = hdev->dev;
	int i;

	if (nla_put_u32(skb, HNET_DEV_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, HNET_DEV_A_IFNAME, dev->name) ||
	    nla_put_in_addr(skb, HNET_DEV_A_VTEP, set->vtep) ||
	    nla_put_u16(skb, HNET_DEV_A_DSTPORT, set->dstport) ||
	    nla_put(skb, HNET_DEV_A_HOST_MAC, ETH_ALEN, set->host_mac) ||
	    nla_put_u32(skb, HNET_DEV_A_GENERATION, hdev->generation) ||
	    nla_put_u8(skb, HNET_DEV_A_SOURCE_CHECK, set->source_check))
		return -EMSGSIZE;
	for (i = 0; i < HNET_LIMIT_MAX; i++)
		if (nla_put_u32(skb, HNET_DEV_A_MAX_NETWORKS + i, set->max[i]))
			return -EMSGSIZE;
	if (stats)
		return hnet_nl_put_stats(skb, HNET_DEV_A_STATS, hdev->stats);
	return 0;
}

static int hnet_nl_put_network(struct sk_buff *skb,
			       const struct hnet_network *nw, bool stats)
{
	if (nla_put_u32(skb, HNET_NETWORK_A_ID, nw->id) ||
	    nla_put_u32(skb, HNET_NETWORK_A_VNI, nw->vni) ||
	    nla_put_string(skb, HNET_NETWORK_A_NAME, nw->name) ||
	    nla_put_u32(skb, HNET_NETWORK_A_MTU, nw->mtu))
		return -EMSGSIZE;
	if (stats)
		return hnet_nl_put_stats(skb, HNET_NETWORK_A_STATS, nw->stats);
	return 0;
}

/* An address: IPv4 (mapped) as attribute @type4, IPv6 as @type6. */
static int hnet_nl_put_ip(struct sk_buff *skb, int type4, int type6,
			  const struct in6_addr *addr)
{
	if (hnet_addr_is_v4(addr))
		return nla_put_in_addr(skb, type4, addr->s6_addr32[3]);
	return nla_put_in6_addr(skb, type6, addr);
}

static int hnet_nl_put_allowed(struct sk_buff *skb,
			       const struct hnet_allowed *allowed)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, HNET_PORT_A_ALLOWED);
	if (!nest)
		return -EMSGSIZE;
	if (hnet_nl_put_ip(skb, HNET_ALLOWED_A_ADDR, HNET_ALLOWED_A_ADDR6,
			   &allowed->addr) ||
	    nla_put_u8(skb, HNET_ALLOWED_A_PREFIXLEN, allowed->prefixlen) ||
	    nla_put(skb, HNET_ALLOWED_A_MAC, ETH_ALEN, allowed->mac)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int hnet_nl_put_port(struct sk_buff *skb, const struct hnet_port *port,
			    bool stats)
{
	int i;

	if (nla_put_u32(skb, HNET_PORT_A_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(skb, HNET_PORT_A_IFNAME, port->dev->name) ||
	    nla_put_u32(skb, HNET_PORT_A_NETWORK_ID, port->network->id) ||
	    nla_put(skb, HNET_PORT_A_MAC, ETH_ALEN, port->key.mac) ||
	    nla_put_u8(skb, HNET_PORT_A_SECURITY, port->security))
		return -EMSGSIZE;
	for (i = 0; i < port->n_ips; i++)
		if (hnet_nl_put_ip(skb, HNET_PORT_A_IP, HNET_PORT_A_IP6,
				   &port->ips[i]))
			return -EMSGSIZE;
	for (i = 0; i < port->n_allowed; i++)
		if (hnet_nl_put_allowed(skb, &port->allowed[i]))
			return -EMSGSIZE;
	if (stats)
		return hnet_nl_put_stats(skb, HNET_PORT_A_STATS, port->stats);
	return 0;
}

static int hnet_nl_put_remote(struct sk_buff *skb,
			      const struct hnet_remote *remote)
{
	int i;

	if (nla_put_u32(skb, HNET_REMOTE_A_NETWORK_ID, remote->network->id) ||
	    nla_put(skb, HNET_REMOTE_A_MAC, ETH_ALEN, remote->key.mac) ||
	    nla_put_in_addr(skb, HNET_REMOTE_A_VTEP, remote->vtep))
		return -EMSGSIZE;
	for (i = 0; i < remote->n_ips; i++)
		if (hnet_nl_put_ip(skb, HNET_REMOTE_A_IP, HNET_REMOTE_A_IP6,
				   &remote->ips[i]))
			return -EMSGSIZE;
	return 0;
}

static int hnet_nl_put_flood(struct sk_buff *skb,
			     const struct hnet_flood *flood)
{
	if (nla_put_u32(skb, HNET_FLOOD_A_NETWORK_ID, flood->network->id) ||
	    nla_put_in_addr(skb, HNET_FLOOD_A_VTEP, flood->key.vtep))
		return -EMSGSIZE;
	return 0;
}

/* The device's identity, then the object in its nest. */
static int hnet_nl_fill(struct sk_buff *skb, const struct hnet_nl_obj *obj,
			bool stats)
{
	const struct net_device *dev = obj->hdev->dev;
	struct nlattr *nest;
	int err;

	if (nla_put_u32(skb, HNET_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, HNET_A_IFNAME, dev->name))
		return -EMSGSIZE;

	nest = nla_nest_start(skb, obj->type);
	if (!nest)
		return -EMSGSIZE;
	switch (obj->type) {
	case HNET_A_DEV:
		err = hnet_nl_put_dev(skb, obj->hdev, stats);
		break;
	case HNET_A_NETWORK:
		err = hnet_nl_put_network(skb, obj->nw, stats);
		break;
	case HNET_A_PORT:
		err = hnet_nl_put_port(skb, obj->port, stats);
		break;
	case HNET_A_REMOTE:
		err = hnet_nl_put_remote(skb, obj->remote);
		break;
	case HNET_A_FLOOD:
		err = hnet_nl_put_flood(skb, obj->flood);
		break;
	default:
		err = -EINVAL;
	}
	if (err) {
		nla_nest_cancel(skb, nest);
		return err;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static struct sk_buff *hnet_nl_msg(const struct hnet_nl_obj *obj, u32 portid,
				   u32 seq, u8 cmd, bool stats)
{
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return ERR_PTR(-ENOMEM);
	hdr = genlmsg_put(skb, portid, seq, &hnet_family, 0, cmd);
	if (!hdr || hnet_nl_fill(skb, obj, stats)) {
		nlmsg_free(skb);
		return ERR_PTR(-EMSGSIZE);
	}
	genlmsg_end(skb, hdr);
	return skb;
}

/* Answer a request with the object. */
static int hnet_nl_reply(struct genl_info *info, u8 cmd,
			 const struct hnet_nl_obj *obj, bool stats)
{
	struct sk_buff *skb;

	skb = hnet_nl_msg(obj, info->snd_portid, info->snd_seq, cmd, stats);
	if (IS_ERR(skb))
		return PTR_ERR(skb);
	return genlmsg_reply(skb, info);
}

/* Tell the "events" group about a change. */
static void hnet_nl_notify(const struct hnet_nl_obj *obj, u8 cmd)
{
	struct net *net = dev_net(obj->hdev->dev);
	struct sk_buff *skb;

	if (!genl_has_listeners(&hnet_family, net, 0))
		return;
	skb = hnet_nl_msg(obj, 0, 0, cmd, false);
	if (IS_ERR(skb))
		return;
	genlmsg_multicast_netns(&hnet_family, net, skb, 0, 0, GFP_KERNEL);
}

/* The device changed (HNET_CMD_DEV_SET) or went away (HNET_CMD_DEV_DEL). */
void hnet_nl_notify_dev(struct hnet_dev *hdev, u8 cmd)
{
	struct hnet_nl_obj obj = { .hdev = hdev, .type = HNET_A_DEV };

	hnet_nl_notify(&obj, cmd);
}

void hnet_nl_notify_network(const struct hnet_network *nw, u8 cmd)
{
	struct hnet_nl_obj obj = {
		.hdev = nw->hdev, .type = HNET_A_NETWORK, .nw = nw,
	};

	hnet_nl_notify(&obj, cmd);
}

void hnet_nl_notify_port(const struct hnet_port *port, u8 cmd)
{
	struct hnet_nl_obj obj = {
		.hdev = port->hdev, .type = HNET_A_PORT, .port = port,
	};

	hnet_nl_notify(&obj, cmd);
}

void hnet_nl_notify_remote(const struct hnet_remote *remote, u8 cmd)
{
	struct hnet_nl_obj obj = {
		.hdev = remote->network->hdev, .type = HNET_A_REMOTE,
		.remote = remote,
	};

	hnet_nl_notify(&obj, cmd);
}

void hnet_nl_notify_flood(const struct hnet_flood *flood, u8 cmd)
{
	struct hnet_nl_obj obj = {
		.hdev = flood->network->hdev, .type = HNET_A_FLOOD,
		.flood = flood,
	};

	hnet_nl_notify(&obj, cmd);
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

	hnet_nl_notify(obj, cmd);

	hdr = genlmsg_put_reply(reply, info, &hnet_family, 0, cmd);
	if (!hdr || hnet_nl_fill(reply, obj, false)) {
		nlmsg_free(reply);
		return 0;
	}
	genlmsg_end(reply, hdr);
	genlmsg_reply(reply, info);
	return 0;
}

/* The hnet device a request names, held.  Caller: dev_put(hdev->dev). */
static struct hnet_dev *hnet_nl_dev_get(struct net *net, struct nlattr **attrs,
					struct netlink_ext_ack *extack)
{
	struct nlattr *ifindex = attrs[HNET_A_IFINDEX];
	struct nlattr *ifname = attrs[HNET_A_IFNAME];
	struct net_device *dev;
	char name[IFNAMSIZ];

	if (ifname)
		nla_strscpy(name, ifname, sizeof(name));

	if (ifindex) {
		dev = dev_get_by_index(net, nla_get_u32(ifindex));
	} else if (ifname) {
		dev = dev_get_by_name(net, name);
	} else {
		return ERR_PTR(hnet_nl_missing(extack, NULL, HNET_A_IFINDEX,
					       "missing hnet device"));
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, ifindex ?: ifname,
				    "hnet device not found");
		return ERR_PTR(-ENODEV);
	}
	if (ifindex && ifname && strcmp(dev->name, name)) {
		dev_put(dev);
		NL_SET_ERR_MSG_ATTR(extack, ifname,
				    "IFINDEX and IFNAME name different devices");
		return ERR_PTR(-EINVAL);
	}
	if (!netif_is_hnet(dev)) {
		dev_put(dev);
		NL_SET_ERR_MSG_ATTR(extack, ifindex ?: ifname,
				    "not an hnet device");
		return ERR_PTR(-EINVAL);
	}
	return netdev_priv(dev);
}

/*
 * Every doit names its hnet device: resolve and hold it, and lock for the
 * command (RTNL then the config mutex to change, the mutex alone to read).
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
	mutex_lock(&hdev->lock);
	info->user_ptr[0] = hdev;
	return 0;
}

static void hnet_nl_post_doit(const hnet_genl_ops_t *ops, struct sk_buff *skb,
			      struct genl_info *info)
{
	struct hnet_dev *hdev = info->user_ptr[0];

	mutex_unlock(&hdev->lock);
	if (ops->internal_flags & HNET_NL_CHANGE)
		rtnl_unlock();
	dev_put(hdev->dev);
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

static struct nlattr **hnet_nl_dump_attrs(struct netlink_callback *cb)
{
#ifdef HNET_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * A network filter: HNET_A_NETWORK/ID, or the network id in the object
 * nest @obj_type (0: none) at @nwid_type.  The attribute, or NULL.
 */
static struct nlattr *hnet_nl_dump_filter(struct nlattr **attrs, int obj_type,
					  int nwid_type)
{
	struct nlattr *a;

	if (attrs[HNET_A_NETWORK]) {
		a = nla_find_nested(attrs[HNET_A_NETWORK], HNET_NETWORK_A_ID);
		if (a)
			return a;
	}
	if (obj_type && attrs[obj_type])
		return nla_find_nested(attrs[obj_type], nwid_type);
	return NULL;
}

static void hnet_nl_dump_unlock(struct hnet_dev *hdev)
{
	mutex_unlock(&hdev->lock);
	dev_put(hdev->dev);
}

/*
 * The device of a dump, held, with its config mutex taken; ERR_PTR(-ENODEV)
 * when it went away between two parts of the dump.  The first call resolves it
 * from the request and, if @filtered, reads the network filter (see
 * hnet_nl_dump_filter()), which must name an existing network.
 */
static struct hnet_dev *hnet_nl_dump_lock(struct netlink_callback *cb,
					  bool filtered, int obj_type,
					  int nwid_type)
{
	struct net *net = sock_net(cb->skb->sk);
	struct nlattr **attrs = hnet_nl_dump_attrs(cb);
	struct nlattr *filter_attr = NULL;
	struct net_device *dev;
	struct hnet_dev *hdev;
	u32 filter = 0;

	if (!cb->args[HNET_NL_DUMP_IFINDEX]) {
		hdev = hnet_nl_dev_get(net, attrs, cb->extack);
		if (IS_ERR(hdev))
			return hdev;
		if (filtered)
			filter_attr = hnet_nl_dump_filter(attrs, obj_type,
							  nwid_type);
		if (filter_attr)
			filter = nla_get_u32(filter_attr);
		mutex_lock(&hdev->lock);
		if (filter && !hnet_network_find_locked(hdev, filter)) {
			hnet_nl_dump_unlock(hdev);
			NL_SET_ERR_MSG_ATTR(cb->extack, filter_attr,
					    "unknown network");
			return ERR_PTR(-ENOENT);
		}
		cb->args[HNET_NL_DUMP_IFINDEX] = hdev->dev->ifindex;
		cb->args[HNET_NL_DUMP_NETWORK] = filter;
		return hdev;
	}

	/* Gone between two parts: the dump is incomplete, not done. */
	dev = dev_get_by_index(net, cb->args[HNET_NL_DUMP_IFINDEX]);
	if (dev && !netif_is_hnet(dev)) {
		dev_put(dev);
		dev = NULL;
	}
	if (!dev) {
		NL_SET_ERR_MSG(cb->extack, "hnet device went away during the dump");
		return ERR_PTR(-ENODEV);
	}
	hdev = netdev_priv(dev);
	mutex_lock(&hdev->lock);
	return hdev;
}

static int hnet_nl_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			    u8 cmd, const struct hnet_nl_obj *obj, bool stats)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &hnet_family, NLM_F_MULTI, cmd);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (hnet_nl_fill(skb, obj, stats)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* What a dumpit returns: the data so far, or the error of an empty part. */
static int hnet_nl_dump_ret(struct sk_buff *skb, int err)
{
	if (err && !skb->len)
		return err;
	return skb->len;
}

/*
 * Emit the object at position @idx (counted by the caller across nested
 * lists) unless an earlier part of the dump already did.
 */
static int hnet_nl_dump_at(struct sk_buff *skb, struct netlink_callback *cb,
			   unsigned long idx, u8 cmd,
			   const struct hnet_nl_obj *obj, bool stats)
{
	int err;

	if (idx < cb->args[HNET_NL_DUMP_POS])
		return 0;
	err = hnet_nl_dump_one(skb, cb, cmd, obj, stats);
	if (!err)
		cb->args[HNET_NL_DUMP_POS] = idx + 1;
	return err;
}

/* DEV_GET */

static int hnet_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct hnet_nl_obj obj = {
		.hdev = info->user_ptr[0], .type = HNET_A_DEV,
	};

	return hnet_nl_reply(info, HNET_CMD_DEV_GET, &obj, true);
}

/* Every hnet device of the namespace. */
static int hnet_nl_dev_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hnet_net *hn = net_generic(sock_net(cb->skb->sk), hnet_net_id);
	struct hnet_nl_obj obj = { .type = HNET_A_DEV };
	unsigned long idx = 0;
	struct hnet_dev *hdev;
	int err = 0;

	rtnl_lock();
	/* A device added or deleted between two parts flags the dump. */
	cb->seq = hn->dev_gen;
	list_for_each_entry(hdev, &hn->devs, list) {
		obj.hdev = hdev;
		err = hnet_nl_dump_at(skb, cb, idx++, HNET_CMD_DEV_GET, &obj,
				      true);
		if (err)
			break;
	}
	rtnl_unlock();
	return hnet_nl_dump_ret(skb, err);
}

/* DEV_SET */

static int hnet_nl_dev_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *nest = info->attrs[HNET_A_DEV];
	struct hnet_dev *hdev = info->user_ptr[0];
	struct nlattr *tb[HNET_DEV_A_MAX + 1];
	struct hnet_dev_cfg cfg = { .tb = tb };
	bool changed = false;
	int err, i;

	if (!nest)
		return hnet_nl_missing(info->extack, NULL, HNET_A_DEV,
				       "missing device attributes");
	err = hnet_nl_parse(nest, tb, HNET_DEV_A_MAX, hnet_dev_set_nl_policy,
			    info->extack);
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
		if (tb[HNET_DEV_A_MAX_NETWORKS + i]) {
			cfg.max[i] = nla_get_u32(tb[HNET_DEV_A_MAX_NETWORKS + i]);
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
	hnet_nl_notify_dev(hdev, HNET_CMD_DEV_SET);
	return 0;
}

/* Networks */

static int hnet_nl_network_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *nest = info->attrs[HNET_A_NETWORK];
	struct hnet_nl_obj obj = { .type = HNET_A_NETWORK };
	struct hnet_dev *hdev = info->user_ptr[0];
	struct nlattr *tb[HNET_NETWORK_A_MAX + 1];
	struct hnet_network_cfg cfg = { .tb = tb };
	struct hnet_network *nw;
	struct sk_buff *reply;
	int err;

	if (!nest)
		return hnet_nl_missing(info->extack, NULL, HNET_A_NETWORK,
				       "missing network attributes");
	err = hnet_nl_parse(nest, tb, HNET_NETWORK_A_MAX,
			    hnet_network_new_nl_policy, info->extack);
	if (err)
		return err;
	if (!tb[HNET_NETWORK_A_ID])
		return hnet_nl_missing(info->extack, nest, HNET_NETWORK_A_ID,
				       "missing network id");
	if (!tb[HNET_NETWORK_A_VNI])
		return hnet_nl_missing(info->extack, nest, HNET_NETWORK_A_VNI,
				       "missing VNI");

	cfg.id = nla_get_u32(tb[HNET_NETWORK_A_ID]);
	cfg.vni = nla_get_u32(tb[HNET_NETWORK_A_VNI]);
	if (tb[HNET_NETWORK_A_MTU])
		cfg.mtu = nla_get_u32(tb[HNET_NETWORK_A_MTU]);
	if (tb[HNET_NETWORK_A_NAME])
		cfg.name = nla_data(tb[HNET_NETWORK_A_NAME]);

	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	nw = hnet_network_create(hdev, &cfg, info->extack);
	if (IS_ERR(nw)) {
		nlmsg_free(reply);
		return PTR_ERR(nw);
	}
	obj.hdev = hdev;
	obj.nw = nw;
	return hnet_nl_created(info, reply, &obj);
}

/* The network a request's HNET_A_NETWORK nest names. */
static struct hnet_network *hnet_nl_network_get(struct genl_info *info)
{
	struct nlattr *nest = info->attrs[HNET_A_NETWORK];
	struct hnet_dev *hdev = info->user_ptr[0];
	struct nlattr *tb[HNET_NETWORK_A_MAX + 1];
	struct hnet_network *nw;
	int err;

	if (!nest)
		return ERR_PTR(hnet_nl_missing(info->extack, NULL,
					       HNET_A_NETWORK,
					       "missing network attributes"));
	err = hnet_nl_parse(nest, tb, HNET_NETWORK_A_MAX,
			    hnet_network_key_nl_policy, info->extack);
	if (err)
		return ERR_PTR(err);
	if (!tb[HNET_NETWORK_A_ID])
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_NETWORK_A_ID,
					       "missing network id"));

	nw = hnet_network_find_locked(hdev, nla_get_u32(tb[HNET_NETWORK_A_ID]));
	if (!nw) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HNET_NETWORK_A_ID],
				    "unknown network");
		return ERR_PTR(-ENOENT);
	}
	return nw;
}

static int hnet_nl_network_del(struct sk_buff *skb, struct genl_info *info)
{
	struct hnet_network *nw = hnet_nl_network_get(info);

	if (IS_ERR(nw))
		return PTR_ERR(nw);
	hnet_network_delete(nw, true);
	return 0;
}

static int hnet_nl_network_get_doit(struct sk_buff *skb,
				    struct genl_info *info)
{
	struct hnet_nl_obj obj = {
		.hdev = info->user_ptr[0], .type = HNET_A_NETWORK,
	};

	obj.nw = hnet_nl_network_get(info);
	if (IS_ERR(obj.nw))
		return PTR_ERR(obj.nw);
	return hnet_nl_reply(info, HNET_CMD_NETWORK_GET, &obj, true);
}

static int hnet_nl_network_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct hnet_nl_obj obj = { .type = HNET_A_NETWORK };
	struct hnet_network *nw;
	struct hnet_dev *hdev;
	unsigned long idx = 0;
	int err = 0;

	hdev = hnet_nl_dump_lock(cb, false, 0, 0);
	if (IS_ERR(hdev))
		return PTR_ERR(hdev);
	cb->seq = hdev->generation;
	obj.hdev = hdev;
	list_for_each_entry(nw, &hdev->network_list, list) {
		obj.nw = nw;
		err = hnet_nl_dump_at(skb, cb, idx++, HNET_CMD_NETWORK_GET,
				      &obj, true);
		if (err)
			break;
	}
	hnet_nl_dump_unlock(hdev);
	return hnet_nl_dump_ret(skb, err);
}

/* Ports */

/*
 * The netdev a port nest names, in the requester's namespace, held.
 * A netdev of another namespace is not found.
 */
static struct net_device *hnet_nl_port_netdev(struct genl_info *info,
					      struct nlattr *nest,
					      struct nlattr **tb,
					      const struct nlattr **attrp)
{
	struct nlattr *ifindex = tb[HNET_PORT_A_IFINDEX];
	struct nlattr *ifname = tb[HNET_PORT_A_IFNAME];
	struct net *net = genl_info_net(info);
	struct net_device *dev;
	char name[IFNAMSIZ];

	if (ifname)
		nla_strscpy(name, ifname, sizeof(name));

	if (ifindex) {
		dev = dev_get_by_index(net, nla_get_u32(ifindex));
	} else if (ifname) {
		dev = dev_get_by_name(net, name);
	} else {
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_PORT_A_IFINDEX,
					       "missing port netdev"));
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, ifindex ?: ifname,
				    "port netdev not found");
		return ERR_PTR(-ENODEV);
	}
	if (ifindex && ifname && strcmp(dev->name, name)) {
		dev_put(dev);
		NL_SET_ERR_MSG_ATTR(info->extack, ifname,
				    "IFINDEX and IFNAME name different netdevs");
		return ERR_PTR(-EINVAL);
	}
	*attrp = ifindex ?: ifname;
	return dev;
}

/*
 * A fixed IP into @addr: from an IPv6 attribute if @a is of type @type6,
 * else from an IPv4 one.  False if it is no unicast address of its family.
 */
static bool hnet_nl_get_ip(const struct nlattr *a, int type6,
			   struct in6_addr *addr)
{
	if (nla_type(a) == type6) {
		*addr = nla_get_in6_addr(a);
		return hnet_ipv6_is_unicast(addr);
	}
	ipv6_addr_set_v4mapped(nla_get_in_addr(a), addr);
	return hnet_ipv4_is_unicast(nla_get_in_addr(a));
}

static int hnet_nl_port_parse_allowed(struct genl_info *info,
				      struct nlattr *nest,
				      struct hnet_allowed *allowed,
				      bool *has_mac)
{
	struct nlattr *tb[HNET_ALLOWED_A_MAX + 1];
	struct nlattr *plen;
	int err;

	err = hnet_nl_parse(nest, tb, HNET_ALLOWED_A_MAX,
			    hnet_allowed_nl_policy, info->extack);
	if (err)
		return err;
	plen = tb[HNET_ALLOWED_A_PREFIXLEN];
	if (tb[HNET_ALLOWED_A_ADDR] && tb[HNET_ALLOWED_A_ADDR6]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HNET_ALLOWED_A_ADDR6],
				    "allowed pair has both an IPv4 and an IPv6 address");
		return -EINVAL;
	}
	if (tb[HNET_ALLOWED_A_ADDR]) {
		ipv6_addr_set_v4mapped(nla_get_in_addr(tb[HNET_ALLOWED_A_ADDR]),
				       &allowed->addr);
		allowed->prefixlen = plen ? nla_get_u8(plen) : 32;
		if (allowed->prefixlen > 32) {
			NL_SET_ERR_MSG_ATTR_POL(info->extack, plen,
						&hnet_allowed_prefixlen4_nl_policy,
						"integer out of range");
			return -ERANGE;
		}
	} else if (tb[HNET_ALLOWED_A_ADDR6]) {
		allowed->addr = nla_get_in6_addr(tb[HNET_ALLOWED_A_ADDR6]);
		allowed->prefixlen = plen ? nla_get_u8(plen) : 128;
		if (hnet_addr_is_v4(&allowed->addr)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[HNET_ALLOWED_A_ADDR6],
					    "allowed IPv6 address must not be IPv4-mapped");
			return -EINVAL;
		}
	} else {
		return hnet_nl_missing(info->extack, nest, HNET_ALLOWED_A_ADDR,
				       "missing allowed address");
	}
	*has_mac = !!tb[HNET_ALLOWED_A_MAC];
	if (*has_mac)
		nla_memcpy(allowed->mac, tb[HNET_ALLOWED_A_MAC], ETH_ALEN);
	return 0;
}

/* The multi-attributes of a port nest: fixed IPs and allowed pairs. */
static int hnet_nl_port_parse_lists(struct genl_info *info, struct nlattr *nest,
				    struct hnet_port_cfg *cfg)
{
	struct nlattr *a;
	int rem, err;

	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case HNET_PORT_A_IP:
		case HNET_PORT_A_IP6:
			if (cfg->n_ips == HNET_MAX_IPS) {
				NL_SET_ERR_MSG_ATTR(info->extack, a,
						    "too many fixed IPs (max 16)");
				return -EINVAL;
			}
			if (!hnet_nl_get_ip(a, HNET_PORT_A_IP6,
					    &cfg->ips[cfg->n_ips])) {
				if (nla_type(a) == HNET_PORT_A_IP)
					NL_SET_ERR_MSG_ATTR(info->extack, a,
							    "fixed IP must be a unicast IPv4 address");
				else
					NL_SET_ERR_MSG_ATTR(info->extack, a,
							    "fixed IP must be a unicast IPv6 address");
				return -EINVAL;
			}
			cfg->ip_attr[cfg->n_ips++] = a;
			break;
		case HNET_PORT_A_ALLOWED:
			if (cfg->n_allowed == HNET_MAX_ALLOWED) {
				NL_SET_ERR_MSG_ATTR(info->extack, a,
						    "too many allowed address pairs (max 16)");
				return -EINVAL;
			}
			err = hnet_nl_port_parse_allowed(info, a,
							 &cfg->allowed[cfg->n_allowed],
							 &cfg->allowed_has_mac[cfg->n_allowed]);
			if (err)
				return err;
			cfg->allowed_attr[cfg->n_allowed++] = a;
			break;
		}
	}
	return 0;
}

static int hnet_nl_port_parse(struct genl_info *info, struct nlattr *nest,
			      struct nlattr **tb, struct hnet_port_cfg *cfg)
{
	if (!tb[HNET_PORT_A_NETWORK_ID])
		return hnet_nl_missing(info->extack, nest,
				       HNET_PORT_A_NETWORK_ID,
				       "missing network id");
	if (!tb[HNET_PORT_A_MAC])
		return hnet_nl_missing(info->extack, nest, HNET_PORT_A_MAC,
				       "missing port MAC");

	cfg->tb = tb;
	cfg->network_id = nla_get_u32(tb[HNET_PORT_A_NETWORK_ID]);
	nla_memcpy(cfg->mac, tb[HNET_PORT_A_MAC], ETH_ALEN);
	cfg->security = true;
	if (tb[HNET_PORT_A_SECURITY])
		cfg->security = nla_get_u8(tb[HNET_PORT_A_SECURITY]);
	return hnet_nl_port_parse_lists(info, nest, cfg);
}

static int hnet_nl_port_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *nest = info->attrs[HNET_A_PORT];
	struct hnet_nl_obj obj = { .type = HNET_A_PORT };
	struct hnet_dev *hdev = info->user_ptr[0];
	struct nlattr *tb[HNET_PORT_A_MAX + 1];
	struct hnet_port_cfg *cfg;
	struct hnet_port *port;
	struct sk_buff *reply;
	int err;

	if (!nest)
		return hnet_nl_missing(info->extack, NULL, HNET_A_PORT,
				       "missing port attributes");
	err = hnet_nl_parse(nest, tb, HNET_PORT_A_MAX, hnet_port_new_nl_policy,
			    info->extack);
	if (err)
		return err;

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	cfg->dev = hnet_nl_port_netdev(info, nest, tb, &cfg->dev_attr);
	if (IS_ERR(cfg->dev)) {
		err = PTR_ERR(cfg->dev);
		goto out_free;
	}
	err = hnet_nl_port_parse(info, nest, tb, cfg);
	if (err)
		goto out_put;

	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply) {
		err = -ENOMEM;
		goto out_put;
	}
	port = hnet_port_create(hdev, cfg, info->extack);
	if (IS_ERR(port)) {
		nlmsg_free(reply);
		err = PTR_ERR(port);
		goto out_put;
	}
	obj.hdev = hdev;
	obj.port = port;
	err = hnet_nl_created(info, reply, &obj);
out_put:
	dev_put(cfg->dev);
out_free:
	kfree(cfg);
	return err;
}

/* The port of this device that a request's HNET_A_PORT nest names. */
static struct hnet_port *hnet_nl_port_get(struct genl_info *info)
{
	struct nlattr *nest = info->attrs[HNET_A_PORT];
	struct hnet_dev *hdev = info->user_ptr[0];
	struct nlattr *tb[HNET_PORT_A_MAX + 1];
	const struct nlattr *attr;
	struct net_device *dev;
	struct hnet_port *port;
	int err;

	if (!nest)
		return ERR_PTR(hnet_nl_missing(info->extack, NULL, HNET_A_PORT,
					       "missing port attributes"));
	err = hnet_nl_parse(nest, tb, HNET_PORT_A_MAX, hnet_port_key_nl_policy,
			    info->extack);
	if (err)
		return ERR_PTR(err);
	dev = hnet_nl_port_netdev(info, nest, tb, &attr);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	port = hnet_port_lookup_netdev(hdev, dev);
	dev_put(dev);
	if (!port) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "netdev is not a port of this hnet device");
		return ERR_PTR(-ENOENT);
	}
	return port;
}

static int hnet_nl_port_del(struct sk_buff *skb, struct genl_info *info)
{
	struct hnet_port *port = hnet_nl_port_get(info);

	if (IS_ERR(port))
		return PTR_ERR(port);
	hnet_port_delete(port, true);
	return 0;
}

static int hnet_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct hnet_nl_obj obj = {
		.hdev = info->user_ptr[0], .type = HNET_A_PORT,
	};

	obj.port = hnet_nl_port_get(info);
	if (IS_ERR(obj.port))
		return PTR_ERR(obj.port);
	return hnet_nl_reply(info, HNET_CMD_PORT_GET, &obj, true);
}

static int hnet_nl_port_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	struct hnet_nl_obj obj = { .type = HNET_A_PORT };
	struct hnet_network *nw;
	struct hnet_port *port;
	struct hnet_dev *hdev;
	unsigned long idx = 0;
	u32 filter;
	int err = 0;

	hdev = hnet_nl_dump_lock(cb, true, 0, 0);
	if (IS_ERR(hdev))
		return PTR_ERR(hdev);
	cb->seq = hdev->generation;
	filter = cb->args[HNET_NL_DUMP_NETWORK];
	obj.hdev = hdev;
	list_for_each_entry(nw, &hdev->network_list, list) {
		if (filter && nw->id != filter)
			continue;
		list_for_each_entry(port, &nw->ports, list) {
			obj.port = port;
			err = hnet_nl_dump_at(skb, cb, idx++,
					      HNET_CMD_PORT_GET, &obj, true);
			if (err)
				goto out;
		}
	}
out:
	hnet_nl_dump_unlock(hdev);
	return hnet_nl_dump_ret(skb, err);
}

/* Remotes */

static int hnet_nl_remote_parse_ips(struct genl_info *info,
				    struct nlattr *nest,
				    struct hnet_remote_cfg *cfg)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != HNET_REMOTE_A_IP &&
		    nla_type(a) != HNET_REMOTE_A_IP6)
			continue;
		if (cfg->n_ips == HNET_MAX_IPS) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "too many remote IPs (max 16)");
			return -EINVAL;
		}
		if (!hnet_nl_get_ip(a, HNET_REMOTE_A_IP6,
				    &cfg->ips[cfg->n_ips])) {
			if (nla_type(a) == HNET_REMOTE_A_IP)
				NL_SET_ERR_MSG_ATTR(info->extack, a,
						    "remote IP must be a unicast IPv4 address");
			else
				NL_SET_ERR_MSG_ATTR(info->extack, a,
						    "remote IP must be a unicast IPv6 address");
			return -EINVAL;
		}
		cfg->ip_attr[cfg->n_ips++] = a;
	}
	return 0;
}

static int hnet_nl_remote_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *nest = info->attrs[HNET_A_REMOTE];
	struct hnet_nl_obj obj = { .type = HNET_A_REMOTE };
	struct hnet_dev *hdev = info->user_ptr[0];
	struct nlattr *tb[HNET_REMOTE_A_MAX + 1];
	struct hnet_remote_cfg cfg = { .tb = tb };
	struct hnet_remote *remote;
	struct sk_buff *reply;
	int err;

	if (!nest)
		return hnet_nl_missing(info->extack, NULL, HNET_A_REMOTE,
				       "missing remote attributes");
	err = hnet_nl_parse(nest, tb, HNET_REMOTE_A_MAX,
			    hnet_remote_new_nl_policy, info->extack);
	if (err)
		return err;
	if (!tb[HNET_REMOTE_A_NETWORK_ID])
		return hnet_nl_missing(info->extack, nest,
				       HNET_REMOTE_A_NETWORK_ID,
				       "missing network id");
	if (!tb[HNET_REMOTE_A_MAC])
		return hnet_nl_missing(info->extack, nest, HNET_REMOTE_A_MAC,
				       "missing remote MAC");
	if (!tb[HNET_REMOTE_A_VTEP])
		return hnet_nl_missing(info->extack, nest, HNET_REMOTE_A_VTEP,
				       "missing remote VTEP");

	cfg.network_id = nla_get_u32(tb[HNET_REMOTE_A_NETWORK_ID]);
	nla_memcpy(cfg.mac, tb[HNET_REMOTE_A_MAC], ETH_ALEN);
	cfg.vtep = nla_get_in_addr(tb[HNET_REMOTE_A_VTEP]);
	err = hnet_nl_remote_parse_ips(info, nest, &cfg);
	if (err)
		return err;

	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	remote = hnet_remote_create(hdev, &cfg, info->extack);
	if (IS_ERR(remote)) {
		nlmsg_free(reply);
		return PTR_ERR(remote);
	}
	obj.hdev = hdev;
	obj.remote = remote;
	return hnet_nl_created(info, reply, &obj);
}

/* The remote a request's HNET_A_REMOTE nest names. */
static struct hnet_remote *hnet_nl_remote_get(struct genl_info *info)
{
	struct nlattr *nest = info->attrs[HNET_A_REMOTE];
	struct hnet_dev *hdev = info->user_ptr[0];
	struct nlattr *tb[HNET_REMOTE_A_MAX + 1];
	struct hnet_remote *remote;
	u8 mac[ETH_ALEN];
	u32 network_id;
	int err;

	if (!nest)
		return ERR_PTR(hnet_nl_missing(info->extack, NULL,
					       HNET_A_REMOTE,
					       "missing remote attributes"));
	err = hnet_nl_parse(nest, tb, HNET_REMOTE_A_MAX,
			    hnet_remote_key_nl_policy, info->extack);
	if (err)
		return ERR_PTR(err);
	if (!tb[HNET_REMOTE_A_NETWORK_ID])
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_REMOTE_A_NETWORK_ID,
					       "missing network id"));
	if (!tb[HNET_REMOTE_A_MAC])
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_REMOTE_A_MAC,
					       "missing remote MAC"));

	network_id = nla_get_u32(tb[HNET_REMOTE_A_NETWORK_ID]);
	nla_memcpy(mac, tb[HNET_REMOTE_A_MAC], ETH_ALEN);
	if (!hnet_network_find_locked(hdev, network_id)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HNET_REMOTE_A_NETWORK_ID],
				    "unknown network");
		return ERR_PTR(-ENOENT);
	}
	remote = hnet_remote_find_locked(hdev, network_id, mac);
	if (!remote) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HNET_REMOTE_A_MAC],
				    "remote not found");
		return ERR_PTR(-ENOENT);
	}
	return remote;
}

static int hnet_nl_remote_del(struct sk_buff *skb, struct genl_info *info)
{
	struct hnet_remote *remote = hnet_nl_remote_get(info);

	if (IS_ERR(remote))
		return PTR_ERR(remote);
	hnet_remote_delete(remote, true);
	return 0;
}

static int hnet_nl_remote_get_doit(struct sk_buff *skb,
				   struct genl_info *info)
{
	struct hnet_nl_obj obj = {
		.hdev = info->user_ptr[0], .type = HNET_A_REMOTE,
	};

	obj.remote = hnet_nl_remote_get(info);
	if (IS_ERR(obj.remote))
		return PTR_ERR(obj.remote);
	return hnet_nl_reply(info, HNET_CMD_REMOTE_GET, &obj, false);
}

static int hnet_nl_remote_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct hnet_nl_obj obj = { .type = HNET_A_REMOTE };
	struct hnet_remote *remote;
	struct hnet_network *nw;
	struct hnet_dev *hdev;
	unsigned long idx = 0;
	u32 filter;
	int err = 0;

	hdev = hnet_nl_dump_lock(cb, true, HNET_A_REMOTE,
				 HNET_REMOTE_A_NETWORK_ID);
	if (IS_ERR(hdev))
		return PTR_ERR(hdev);
	cb->seq = hdev->generation;
	filter = cb->args[HNET_NL_DUMP_NETWORK];
	obj.hdev = hdev;
	list_for_each_entry(nw, &hdev->network_list, list) {
		if (filter && nw->id != filter)
			continue;
		list_for_each_entry(remote, &nw->remotes, list) {
			obj.remote = remote;
			err = hnet_nl_dump_at(skb, cb, idx++,
					      HNET_CMD_REMOTE_GET, &obj, false);
			if (err)
				goto out;
		}
	}
out:
	hnet_nl_dump_unlock(hdev);
	return hnet_nl_dump_ret(skb, err);
}

/* Flood entries */

/* Decode a flood nest: its network (which must exist) and VTEP. */
static struct hnet_network *hnet_nl_flood_parse(struct genl_info *info,
						struct nlattr **tb,
						__be32 *vtep)
{
	struct nlattr *nest = info->attrs[HNET_A_FLOOD];
	struct hnet_dev *hdev = info->user_ptr[0];
	struct hnet_network *nw;
	int err;

	if (!nest)
		return ERR_PTR(hnet_nl_missing(info->extack, NULL, HNET_A_FLOOD,
					       "missing flood attributes"));
	err = hnet_nl_parse(nest, tb, HNET_FLOOD_A_MAX, hnet_flood_nl_policy,
			    info->extack);
	if (err)
		return ERR_PTR(err);
	if (!tb[HNET_FLOOD_A_NETWORK_ID])
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_FLOOD_A_NETWORK_ID,
					       "missing network id"));
	if (!tb[HNET_FLOOD_A_VTEP])
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_FLOOD_A_VTEP,
					       "missing flood VTEP"));

	nw = hnet_network_find_locked(hdev,
				      nla_get_u32(tb[HNET_FLOOD_A_NETWORK_ID]));
	if (!nw) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HNET_FLOOD_A_NETWORK_ID],
				    "unknown network");
		return ERR_PTR(-ENOENT);
	}
	*vtep = nla_get_in_addr(tb[HNET_FLOOD_A_VTEP]);
	return nw;
}

static int hnet_nl_flood_new(struct sk_buff *skb, struct genl_info *info)
{
	struct hnet_nl_obj obj = { .type = HNET_A_FLOOD };
	struct nlattr *tb[HNET_FLOOD_A_MAX + 1];
	struct hnet_network *nw;
	struct hnet_flood *flood;
	struct sk_buff *reply;
	__be32 vtep;

	nw = hnet_nl_flood_parse(info, tb, &vtep);
	if (IS_ERR(nw))
		return PTR_ERR(nw);

	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	flood = hnet_flood_create(nw, vtep, tb, info->extack);
	if (IS_ERR(flood)) {
		nlmsg_free(reply);
		return PTR_ERR(flood);
	}
	obj.hdev = nw->hdev;
	obj.flood = flood;
	return hnet_nl_created(info, reply, &obj);
}

static struct hnet_flood *hnet_nl_flood_get(struct genl_info *info)
{
	struct nlattr *tb[HNET_FLOOD_A_MAX + 1];
	struct hnet_network *nw;
	struct hnet_flood *flood;
	__be32 vtep;

	nw = hnet_nl_flood_parse(info, tb, &vtep);
	if (IS_ERR(nw))
		return ERR_CAST(nw);
	flood = hnet_flood_find_locked(nw, vtep);
	if (!flood) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HNET_FLOOD_A_VTEP],
				    "flood entry not found");
		return ERR_PTR(-ENOENT);
	}
	return flood;
}

static int hnet_nl_flood_del(struct sk_buff *skb, struct genl_info *info)
{
	struct hnet_flood *flood = hnet_nl_flood_get(info);

	if (IS_ERR(flood))
		return PTR_ERR(flood);
	hnet_flood_delete(flood, true);
	return 0;
}

static int hnet_nl_flood_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct hnet_nl_obj obj = {
		.hdev = info->user_ptr[0], .type = HNET_A_FLOOD,
	};

	obj.flood = hnet_nl_flood_get(info);
	if (IS_ERR(obj.flood))
		return PTR_ERR(obj.flood);
	return hnet_nl_reply(info, HNET_CMD_FLOOD_GET, &obj, false);
}

static int hnet_nl_flood_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct hnet_nl_obj obj = { .type = HNET_A_FLOOD };
	struct hnet_network *nw;
	struct hnet_flood *flood;
	struct hnet_dev *hdev;
	unsigned long idx = 0;
	u32 filter;
	int err = 0;

	hdev = hnet_nl_dump_lock(cb, true, HNET_A_FLOOD,
				 HNET_FLOOD_A_NETWORK_ID);
	if (IS_ERR(hdev))
		return PTR_ERR(hdev);
	cb->seq = hdev->generation;
	filter = cb->args[HNET_NL_DUMP_NETWORK];
	obj.hdev = hdev;
	list_for_each_entry(nw, &hdev->network_list, list) {
		if (filter && nw->id != filter)
			continue;
		list_for_each_entry(flood, &nw->floods, list) {
			obj.flood = flood;
			err = hnet_nl_dump_at(skb, cb, idx++,
					      HNET_CMD_FLOOD_GET, &obj, false);
			if (err)
				goto out;
		}
	}
out:
	hnet_nl_dump_unlock(hdev);
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

static const struct genl_ops hnet_nl_ops[] = {
	HNET_NL_GET(HNET_CMD_DEV_GET, hnet_nl_dev_get_doit,
		    hnet_nl_dev_dumpit, hnet_dev_get_policy),
	HNET_NL_CHANGE_OP(HNET_CMD_DEV_SET, hnet_nl_dev_set,
			  hnet_dev_set_policy),
	HNET_NL_CHANGE_OP(HNET_CMD_NETWORK_NEW, hnet_nl_network_new,
			  hnet_network_new_policy),
	HNET_NL_CHANGE_OP(HNET_CMD_NETWORK_DEL, hnet_nl_network_del,
			  hnet_network_key_policy),
	HNET_NL_GET(HNET_CMD_NETWORK_GET, hnet_nl_network_get_doit,
		    hnet_nl_network_dumpit, hnet_network_key_policy),
	HNET_NL_CHANGE_OP(HNET_CMD_PORT_NEW, hnet_nl_port_new,
			  hnet_port_new_policy),
	HNET_NL_CHANGE_OP(HNET_CMD_PORT_DEL, hnet_nl_port_del,
			  hnet_port_del_policy),
	HNET_NL_GET(HNET_CMD_PORT_GET, hnet_nl_port_get_doit,
		    hnet_nl_port_dumpit, hnet_port_get_policy),
	HNET_NL_CHANGE_OP(HNET_CMD_REMOTE_NEW, hnet_nl_remote_new,
			  hnet_remote_new_policy),
	HNET_NL_CHANGE_OP(HNET_CMD_REMOTE_DEL, hnet_nl_remote_del,
			  hnet_remote_del_policy),
	HNET_NL_GET(HNET_CMD_REMOTE_GET, hnet_nl_remote_get_doit,
		    hnet_nl_remote_dumpit, hnet_remote_get_policy),
	HNET_NL_CHANGE_OP(HNET_CMD_FLOOD_NEW, hnet_nl_flood_new,
			  hnet_flood_policy),
	HNET_NL_CHANGE_OP(HNET_CMD_FLOOD_DEL, hnet_nl_flood_del,
			  hnet_flood_policy),
	HNET_NL_GET(HNET_CMD_FLOOD_GET, hnet_nl_flood_get_doit,
		    hnet_nl_flood_dumpit, hnet_flood_get_policy),
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
	return genl_register_family(&hnet_family);
}

void hnet_genl_unregister(void)
{
	genl_unregister_family(&hnet_family);
}
