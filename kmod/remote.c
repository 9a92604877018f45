// SPDX-License-Identifier: GPL-2.0
/*
 * What this hypervisor knows about other hypervisors:
 *  - remotes: a port on another hypervisor, (network, MAC) -> IPs and the
 *    VTEP hosting it (what Neutron's l2population pushes);
 *  - flood entries: the VTEPs that receive a copy of the network's
 *    broadcast, unknown unicast and multicast frames (head-end
 *    replication).
 *
 * Together they name the VTEPs a network takes VXLAN from (the source
 * check, hnet_vtep_known_rcu()): a network's flood entries are in one
 * table keyed by (network, VTEP), and the VTEPs of its remotes in another,
 * with the number of remotes each one hosts.
 */

#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "hnet.h"

static const struct rhashtable_params hnet_remote_params = {
	.key_len		= sizeof(struct hnet_fdb_key),
	.key_offset		= offsetof(struct hnet_remote, key),
	.head_offset		= offsetof(struct hnet_remote, node),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params hnet_flood_params = {
	.key_len		= sizeof(struct hnet_vtep_key),
	.key_offset		= offsetof(struct hnet_flood, key),
	.head_offset		= offsetof(struct hnet_flood, node),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params hnet_remote_vtep_params = {
	.key_len		= sizeof(struct hnet_vtep_key),
	.key_offset		= offsetof(struct hnet_remote_vtep, key),
	.head_offset		= offsetof(struct hnet_remote_vtep, node),
	.automatic_shrinking	= true,
};

int hnet_remotes_init(struct hnet_dev *hdev)
{
	int err;

	err = rhashtable_init(&hdev->remotes, &hnet_remote_params);
	if (err)
		return err;
	err = rhashtable_init(&hdev->floods, &hnet_flood_params);
	if (err)
		goto err_remotes;
	err = rhashtable_init(&hdev->remote_vteps, &hnet_remote_vtep_params);
	if (err)
		goto err_floods;
	err = hnet_vteps_init(hdev);
	if (err)
		goto err_remote_vteps;
	return 0;

err_remote_vteps:
	rhashtable_destroy(&hdev->remote_vteps);
err_floods:
	rhashtable_destroy(&hdev->floods);
err_remotes:
	rhashtable_destroy(&hdev->remotes);
	return err;
}

/* The tables must be empty and no reader may use them any more. */
void hnet_remotes_destroy(struct hnet_dev *hdev)
{
	hnet_vteps_destroy(hdev);
	rhashtable_destroy(&hdev->remote_vteps);
	rhashtable_destroy(&hdev->floods);
	rhashtable_destroy(&hdev->remotes);
}

static void hnet_vtep_key_init(struct hnet_vtep_key *key, u32 network_id,
			       __be32 vtep)
{
	key->network_id = network_id;
	key->vtep = vtep;
}

/*
 * Whether the network @network_id takes VXLAN from @vtep: a flood entry or
 * a remote of the network names it.  Datapath: under RCU.
 */
bool hnet_vtep_known_rcu(struct hnet_dev *hdev, u32 network_id, __be32 vtep)
{
	struct hnet_vtep_key key;

	hnet_vtep_key_init(&key, network_id, vtep);
	return rhashtable_lookup(&hdev->floods, &key, hnet_flood_params) ||
	       rhashtable_lookup(&hdev->remote_vteps, &key,
				 hnet_remote_vtep_params);
}

/*
 * Count one more remote of @network_id on @vtep.  Under the config mutex;
 * undone by hnet_remote_vtep_put().
 */
static int hnet_remote_vtep_get(struct hnet_dev *hdev, u32 network_id,
				__be32 vtep)
{
	struct hnet_remote_vtep *rv;
	struct hnet_vtep_key key;
	int err;

	lockdep_assert_held(&hdev->lock);

	hnet_vtep_key_init(&key, network_id, vtep);
	rv = rhashtable_lookup_fast(&hdev->remote_vteps, &key,
				    hnet_remote_vtep_params);
	if (rv) {
		rv->refs++;
		return 0;
	}
	rv = kzalloc(sizeof(*rv), GFP_KERNEL_ACCOUNT);
	if (!rv)
		return -ENOMEM;
	rv->key = key;
	rv->refs = 1;
	err = rhashtable_insert_fast(&hdev->remote_vteps, &rv->node,
				     hnet_remote_vtep_params);
	if (err)
		kfree(rv);
	return err;
}

static void hnet_remote_vtep_put(struct hnet_dev *hdev, u32 network_id,
				 __be32 vtep)
{
	struct hnet_remote_vtep *rv;
	struct hnet_vtep_key key;

	lockdep_assert_held(&hdev->lock);

	hnet_vtep_key_init(&key, network_id, vtep);
	rv = rhashtable_lookup_fast(&hdev->remote_vteps, &key,
				    hnet_remote_vtep_params);
	if (WARN_ON_ONCE(!rv) || --rv->refs)
		return;
	rhashtable_remove_fast(&hdev->remote_vteps, &rv->node,
			       hnet_remote_vtep_params);
	kfree_rcu(rv, rcu);
}

struct hnet_remote *hnet_remote_find_locked(struct hnet_dev *hdev,
					    u32 network_id, const u8 *mac)
{
	struct hnet_fdb_key key;

	lockdep_assert_held(&hdev->lock);

	hnet_fdb_key_init(&key, network_id, mac);
	return rhashtable_lookup_fast(&hdev->remotes, &key, hnet_remote_params);
}

/* Datapath lookup: the caller is in an RCU read-side section. */
struct hnet_remote *hnet_remote_find_rcu(struct hnet_dev *hdev,
					 u32 network_id, const u8 *mac)
{
	struct hnet_fdb_key key;

	hnet_fdb_key_init(&key, network_id, mac);
	return rhashtable_lookup(&hdev->remotes, &key, hnet_remote_params);
}

static int hnet_remote_check(struct hnet_dev *hdev,
			     const struct hnet_remote_cfg *cfg,
			     struct netlink_ext_ack *extack)
{
	const struct nlattr *mac_attr = hnet_attr(cfg->tb, HNET_REMOTE_A_MAC);
	int err;

	if (!is_valid_ether_addr(cfg->mac)) {
		NL_SET_ERR_MSG_ATTR(extack, mac_attr,
				    "MAC must be a unicast, non-zero address");
		return -EINVAL;
	}
	if (!hnet_ipv4_is_unicast(cfg->vtep)) {
		NL_SET_ERR_MSG_ATTR(extack,
				    hnet_attr(cfg->tb, HNET_REMOTE_A_VTEP),
				    "VTEP must be a unicast IPv4 address");
		return -EINVAL;
	}
	if (hnet_remote_find_locked(hdev, cfg->network_id, cfg->mac)) {
		NL_SET_ERR_MSG_ATTR(extack, mac_attr, "remote already exists");
		return -EEXIST;
	}
	err = hnet_limit_check(hdev, HNET_LIMIT_REMOTES, hdev->n_remotes,
			       mac_attr, extack);
	if (err)
		return err;
	if (hnet_port_find_locked(hdev, cfg->network_id, cfg->mac)) {
		NL_SET_ERR_MSG_ATTR(extack, mac_attr,
				    "MAC already used by a port on this network");
		return -EEXIST;
	}
	return hnet_ips_check_locked(hdev, cfg->network_id, cfg->ips,
				     cfg->n_ips, cfg->ip_attr, extack);
}

/* Caller holds the config mutex. */
struct hnet_remote *hnet_remote_create(struct hnet_dev *hdev,
				       const struct hnet_remote_cfg *cfg,
				       struct netlink_ext_ack *extack)
{
	struct hnet_remote *remote;
	struct hnet_network *nw;
	int err;

	lockdep_assert_held(&hdev->lock);

	nw = hnet_network_find_locked(hdev, cfg->network_id);
	if (!nw) {
		NL_SET_ERR_MSG_ATTR(extack,
				    hnet_attr(cfg->tb, HNET_REMOTE_A_NETWORK_ID),
				    "unknown network");
		return ERR_PTR(-ENOENT);
	}
	err = hnet_remote_check(hdev, cfg, extack);
	if (!err)
		err = hnet_router_iface_check_owner(nw, cfg->mac,
						    hnet_attr(cfg->tb,
							      HNET_REMOTE_A_MAC),
						    cfg->ips, cfg->n_ips,
						    cfg->ip_attr, extack);
	if (err)
		return ERR_PTR(err);

	remote = kzalloc(sizeof(*remote), GFP_KERNEL_ACCOUNT);
	if (!remote)
		return ERR_PTR(-ENOMEM);
	hnet_fdb_key_init(&remote->key, nw->id, cfg->mac);
	remote->network = nw;
	remote->vtep = cfg->vtep;
	remote->n_ips = cfg->n_ips;
	memcpy(remote->ips, cfg->ips, sizeof(remote->ips));

	remote->vt = hnet_vtep_get(hdev, remote->vtep);
	if (IS_ERR(remote->vt)) {
		err = PTR_ERR(remote->vt);
		goto err_free;
	}
	err = hnet_remote_vtep_get(hdev, nw->id, remote->vtep);
	if (err)
		goto err_vt;
	err = rhashtable_insert_fast(&hdev->remotes, &remote->node,
				     hnet_remote_params);
	if (err)
		goto err_vtep;
	err = hnet_ips_insert(hdev, remote->ip_nodes, nw->id, remote->ips,
			      remote->n_ips, NULL, remote);
	if (err)
		goto err_remove;
	hnet_dev_changed(hdev);
	list_add_tail_rcu(&remote->list, &nw->remotes);
	hdev->n_remotes++;
	/* The MAC is the remote's now, not a VLAN's. */
	hnet_l2gw_forget(hdev, nw->id, remote->key.mac);
	return remote;

err_remove:
	rhashtable_remove_fast(&hdev->remotes, &remote->node,
			       hnet_remote_params);
err_vtep:
	hnet_remote_vtep_put(hdev, nw->id, remote->vtep);
err_vt:
	hnet_vtep_put(hdev, remote->vt);
err_free:
	kfree_rcu(remote, rcu);
	return ERR_PTR(err);
}

/* Caller holds the config mutex. */
void hnet_remote_delete(struct hnet_remote *remote, bool notify)
{
	struct hnet_dev *hdev = remote->network->hdev;

	lockdep_assert_held(&hdev->lock);

	if (notify)
		hnet_nl_notify(&hnet_remote_type, hdev, remote,
			       HNET_CMD_REMOTE_DEL);
	hnet_dev_changed(hdev);
	list_del_rcu(&remote->list);
	hnet_ips_remove(hdev, remote->ip_nodes, remote->n_ips);
	rhashtable_remove_fast(&hdev->remotes, &remote->node,
			       hnet_remote_params);
	hnet_remote_vtep_put(hdev, remote->network->id, remote->vtep);
	hnet_vtep_put(hdev, remote->vt);
	hdev->n_remotes--;
	kfree_rcu(remote, rcu);
}

struct hnet_flood *hnet_flood_find_locked(struct hnet_network *nw,
					  __be32 vtep)
{
	struct hnet_vtep_key key;

	lockdep_assert_held(&nw->hdev->lock);

	hnet_vtep_key_init(&key, nw->id, vtep);
	return rhashtable_lookup_fast(&nw->hdev->floods, &key,
				      hnet_flood_params);
}

/* Netlink reads: the caller is in an RCU read-side section. */
struct hnet_flood *hnet_flood_find_rcu(struct hnet_network *nw, __be32 vtep)
{
	struct hnet_vtep_key key;

	hnet_vtep_key_init(&key, nw->id, vtep);
	return rhashtable_lookup(&nw->hdev->floods, &key, hnet_flood_params);
}

/* Caller holds the config mutex.  @tb is the flood nest, for extack. */
struct hnet_flood *hnet_flood_create(struct hnet_network *nw, __be32 vtep,
				     struct nlattr **tb,
				     struct netlink_ext_ack *extack)
{
	const struct nlattr *vtep_attr = hnet_attr(tb, HNET_FLOOD_A_VTEP);
	struct hnet_flood *flood;
	int err;

	lockdep_assert_held(&nw->hdev->lock);

	if (!hnet_ipv4_is_unicast(vtep)) {
		NL_SET_ERR_MSG_ATTR(extack, vtep_attr,
				    "VTEP must be a unicast IPv4 address");
		return ERR_PTR(-EINVAL);
	}
	if (hnet_flood_find_locked(nw, vtep)) {
		NL_SET_ERR_MSG_ATTR(extack, vtep_attr,
				    "flood entry already exists");
		return ERR_PTR(-EEXIST);
	}
	err = hnet_limit_check(nw->hdev, HNET_LIMIT_FLOODS, nw->n_floods,
			       vtep_attr, extack);
	if (err)
		return ERR_PTR(err);

	flood = kzalloc(sizeof(*flood), GFP_KERNEL_ACCOUNT);
	if (!flood)
		return ERR_PTR(-ENOMEM);
	flood->network = nw;
	hnet_vtep_key_init(&flood->key, nw->id, vtep);
	flood->vt = hnet_vtep_get(nw->hdev, vtep);
	if (IS_ERR(flood->vt)) {
		err = PTR_ERR(flood->vt);
		kfree(flood);
		return ERR_PTR(err);
	}
	err = rhashtable_insert_fast(&nw->hdev->floods, &flood->node,
				     hnet_flood_params);
	if (err) {
		hnet_vtep_put(nw->hdev, flood->vt);
		kfree(flood);
		return ERR_PTR(err);
	}
	hnet_dev_changed(nw->hdev);
	list_add_tail_rcu(&flood->list, &nw->floods);
	nw->n_floods++;
	return flood;
}

/* Caller holds the config mutex. */
void hnet_flood_delete(struct hnet_flood *flood, bool notify)
{
	struct hnet_dev *hdev = flood->network->hdev;

	lockdep_assert_held(&hdev->lock);

	if (notify)
		hnet_nl_notify(&hnet_flood_type, hdev, flood,
			       HNET_CMD_FLOOD_DEL);
	hnet_dev_changed(hdev);
	list_del_rcu(&flood->list);
	rhashtable_remove_fast(&hdev->floods, &flood->node, hnet_flood_params);
	hnet_vtep_put(hdev, flood->vt);
	flood->network->n_floods--;
	kfree_rcu(flood, rcu);
}

/* Netlink: remotes */

const struct nla_policy hnet_remote_new_nl_policy[HNET_REMOTE_A_MAX + 1] = {
	[HNET_REMOTE_A_NETWORK_ID] = { .type = NLA_U32 },
	[HNET_REMOTE_A_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[HNET_REMOTE_A_IP]	= { .type = NLA_BE32 },
	[HNET_REMOTE_A_VTEP]	= { .type = NLA_BE32 },
	[HNET_REMOTE_A_IP6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

const struct nla_policy hnet_remote_key_nl_policy[HNET_REMOTE_A_MAX + 1] = {
	[HNET_REMOTE_A_NETWORK_ID] = { .type = NLA_U32 },
	[HNET_REMOTE_A_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
};

static const struct hnet_nl_addrs hnet_remote_nl_ips = {
	.type4		= HNET_REMOTE_A_IP,
	.type6		= HNET_REMOTE_A_IP6,
	.too_many	= "too many remote IPs (max 16)",
	.bad4		= "remote IP must be a unicast IPv4 address",
	.bad6		= "remote IP must be a unicast IPv6 address",
};

/* The members every remote nest has: network id and MAC. */
static int hnet_remote_nl_key(struct nlattr *nest, struct nlattr **tb,
			      u32 *network_id, u8 *mac,
			      struct netlink_ext_ack *extack)
{
	if (!tb[HNET_REMOTE_A_NETWORK_ID])
		return hnet_nl_missing(extack, nest, HNET_REMOTE_A_NETWORK_ID,
				       "missing network id");
	if (!tb[HNET_REMOTE_A_MAC])
		return hnet_nl_missing(extack, nest, HNET_REMOTE_A_MAC,
				       "missing remote MAC");
	*network_id = nla_get_u32(tb[HNET_REMOTE_A_NETWORK_ID]);
	nla_memcpy(mac, tb[HNET_REMOTE_A_MAC], ETH_ALEN);
	return 0;
}

static void *hnet_remote_nl_create(struct hnet_dev *hdev, struct nlattr *nest,
				   struct nlattr **tb, struct genl_info *info)
{
	struct hnet_remote_cfg cfg = { .tb = tb };
	struct nlattr *a;
	int rem, err;

	err = hnet_remote_nl_key(nest, tb, &cfg.network_id, cfg.mac,
				 info->extack);
	if (err)
		return ERR_PTR(err);
	if (!tb[HNET_REMOTE_A_VTEP])
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_REMOTE_A_VTEP,
					       "missing remote VTEP"));
	cfg.vtep = nla_get_in_addr(tb[HNET_REMOTE_A_VTEP]);
	nla_for_each_nested(a, nest, rem) {
		err = hnet_nl_parse_addr(&hnet_remote_nl_ips, a, cfg.ips,
					 cfg.ip_attr, &cfg.n_ips, info->extack);
		if (err)
			return ERR_PTR(err);
	}
	return hnet_remote_create(hdev, &cfg, info->extack);
}

static void *hnet_remote_nl_find(struct hnet_dev *hdev, struct nlattr *nest,
				 struct nlattr **tb, struct genl_info *info)
{
	struct hnet_remote *remote;
	struct hnet_network *nw;
	u8 mac[ETH_ALEN];
	u32 network_id;
	int err;

	err = hnet_remote_nl_key(nest, tb, &network_id, mac, info->extack);
	if (err)
		return ERR_PTR(err);
	nw = hnet_network_nl_lookup(hdev, tb[HNET_REMOTE_A_NETWORK_ID],
				    info->extack);
	if (IS_ERR(nw))
		return nw;
	remote = hnet_remote_find_rcu(hdev, network_id, mac);
	if (!remote) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HNET_REMOTE_A_MAC],
				    "remote not found");
		return ERR_PTR(-ENOENT);
	}
	return remote;
}

static void hnet_remote_nl_delete(void *obj)
{
	hnet_remote_delete(obj, true);
}

/* What a remote shows: all of it is fixed once it is published. */
static int hnet_remote_nl_fill(struct sk_buff *skb, const void *obj,
			       bool stats)
{
	const struct hnet_remote *remote = obj;
	int i;

	if (nla_put_u32(skb, HNET_REMOTE_A_NETWORK_ID, remote->network->id) ||
	    nla_put(skb, HNET_REMOTE_A_MAC, ETH_ALEN, remote->key.mac) ||
	    nla_put_in_addr(skb, HNET_REMOTE_A_VTEP, remote->vtep))
		return -EMSGSIZE;
	for (i = 0; i < remote->n_ips; i++)
		if (hnet_nl_put_addr(skb, HNET_REMOTE_A_IP, HNET_REMOTE_A_IP6,
				     &remote->ips[i]))
			return -EMSGSIZE;
	return 0;
}

static_assert(HNET_REMOTE_A_MAX <= HNET_OBJ_MAXATTR);

const struct hnet_obj_type hnet_remote_type = {
	.nest		= HNET_A_REMOTE,
	.maxattr	= HNET_REMOTE_A_MAX,
	.new_policy	= hnet_remote_new_nl_policy,
	.key_policy	= hnet_remote_key_nl_policy,
	.missing	= "missing remote attributes",
	.cmd_new	= HNET_CMD_REMOTE_NEW,
	.cmd_del	= HNET_CMD_REMOTE_DEL,
	.cmd_get	= HNET_CMD_REMOTE_GET,
	.filtered	= true,
	.filter_attr	= HNET_REMOTE_A_NETWORK_ID,
	.nw_list	= offsetof(struct hnet_network, remotes),
	.obj_list	= offsetof(struct hnet_remote, list),
	.create		= hnet_remote_nl_create,
	.find		= hnet_remote_nl_find,
	.delete		= hnet_remote_nl_delete,
	.fill		= hnet_remote_nl_fill,
	.walk		= hnet_network_walk_list,
};

/* Netlink: flood entries */

const struct nla_policy hnet_flood_nl_policy[HNET_FLOOD_A_MAX + 1] = {
	[HNET_FLOOD_A_NETWORK_ID] = { .type = NLA_U32 },
	[HNET_FLOOD_A_VTEP]	= { .type = NLA_BE32 },
};

/* A flood nest, NEW or key: its network (which must exist) and VTEP. */
static struct hnet_network *hnet_flood_nl_parse(struct hnet_dev *hdev,
						struct nlattr *nest,
						struct nlattr **tb,
						__be32 *vtep,
						struct netlink_ext_ack *extack)
{
	if (!tb[HNET_FLOOD_A_NETWORK_ID])
		return ERR_PTR(hnet_nl_missing(extack, nest,
					       HNET_FLOOD_A_NETWORK_ID,
					       "missing network id"));
	if (!tb[HNET_FLOOD_A_VTEP])
		return ERR_PTR(hnet_nl_missing(extack, nest, HNET_FLOOD_A_VTEP,
					       "missing flood VTEP"));
	*vtep = nla_get_in_addr(tb[HNET_FLOOD_A_VTEP]);
	return hnet_network_nl_lookup(hdev, tb[HNET_FLOOD_A_NETWORK_ID],
				      extack);
}

static void *hnet_flood_nl_create(struct hnet_dev *hdev, struct nlattr *nest,
				  struct nlattr **tb, struct genl_info *info)
{
	struct hnet_network *nw;
	__be32 vtep;

	nw = hnet_flood_nl_parse(hdev, nest, tb, &vtep, info->extack);
	if (IS_ERR(nw))
		return nw;
	return hnet_flood_create(nw, vtep, tb, info->extack);
}

static void *hnet_flood_nl_find(struct hnet_dev *hdev, struct nlattr *nest,
				struct nlattr **tb, struct genl_info *info)
{
	struct hnet_network *nw;
	struct hnet_flood *flood;
	__be32 vtep;

	nw = hnet_flood_nl_parse(hdev, nest, tb, &vtep, info->extack);
	if (IS_ERR(nw))
		return nw;
	flood = hnet_flood_find_rcu(nw, vtep);
	if (!flood) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HNET_FLOOD_A_VTEP],
				    "flood entry not found");
		return ERR_PTR(-ENOENT);
	}
	return flood;
}

static void hnet_flood_nl_delete(void *obj)
{
	hnet_flood_delete(obj, true);
}

static int hnet_flood_nl_fill(struct sk_buff *skb, const void *obj,
			      bool stats)
{
	const struct hnet_flood *flood = obj;

	if (nla_put_u32(skb, HNET_FLOOD_A_NETWORK_ID, flood->network->id) ||
	    nla_put_in_addr(skb, HNET_FLOOD_A_VTEP, flood->key.vtep))
		return -EMSGSIZE;
	return 0;
}

static_assert(HNET_FLOOD_A_MAX <= HNET_OBJ_MAXATTR);

const struct hnet_obj_type hnet_flood_type = {
	.nest		= HNET_A_FLOOD,
	.maxattr	= HNET_FLOOD_A_MAX,
	.new_policy	= hnet_flood_nl_policy,
	.key_policy	= hnet_flood_nl_policy,
	.missing	= "missing flood attributes",
	.cmd_new	= HNET_CMD_FLOOD_NEW,
	.cmd_del	= HNET_CMD_FLOOD_DEL,
	.cmd_get	= HNET_CMD_FLOOD_GET,
	.filtered	= true,
	.filter_attr	= HNET_FLOOD_A_NETWORK_ID,
	.nw_list	= offsetof(struct hnet_network, floods),
	.obj_list	= offsetof(struct hnet_flood, list),
	.create		= hnet_flood_nl_create,
	.find		= hnet_flood_nl_find,
	.delete		= hnet_flood_nl_delete,
	.fill		= hnet_flood_nl_fill,
	.walk		= hnet_network_walk_list,
};
