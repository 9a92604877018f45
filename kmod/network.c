// SPDX-License-Identifier: GPL-2.0
/*
 * Tenant networks: an id chosen by the controller, a VNI, a name, an MTU,
 * and the ports, remotes and flood entries that live on the network.
 */

#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "hnet.h"

static const struct rhashtable_params hnet_network_id_params = {
	.key_len		= sizeof(u32),
	.key_offset		= offsetof(struct hnet_network, id),
	.head_offset		= offsetof(struct hnet_network, id_node),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params hnet_network_vni_params = {
	.key_len		= sizeof(u32),
	.key_offset		= offsetof(struct hnet_network, vni),
	.head_offset		= offsetof(struct hnet_network, vni_node),
	.automatic_shrinking	= true,
};

int hnet_networks_init(struct hnet_dev *hdev)
{
	int err;

	err = rhashtable_init(&hdev->networks, &hnet_network_id_params);
	if (err)
		return err;
	err = rhashtable_init(&hdev->networks_vni, &hnet_network_vni_params);
	if (err)
		rhashtable_destroy(&hdev->networks);
	return err;
}

/* The tables must be empty and no reader may use them any more. */
void hnet_networks_destroy(struct hnet_dev *hdev)
{
	rhashtable_destroy(&hdev->networks_vni);
	rhashtable_destroy(&hdev->networks);
}

struct hnet_network *hnet_network_find_locked(struct hnet_dev *hdev, u32 id)
{
	lockdep_assert_held(&hdev->lock);

	return rhashtable_lookup_fast(&hdev->networks, &id,
				      hnet_network_id_params);
}

static struct hnet_network *hnet_network_find_vni_locked(struct hnet_dev *hdev,
							 u32 vni)
{
	lockdep_assert_held(&hdev->lock);

	return rhashtable_lookup_fast(&hdev->networks_vni, &vni,
				      hnet_network_vni_params);
}

/* The caller is in an RCU read-side section (netlink reads). */
struct hnet_network *hnet_network_find_rcu(struct hnet_dev *hdev, u32 id)
{
	return rhashtable_lookup(&hdev->networks, &id, hnet_network_id_params);
}

/* Datapath lookup: the caller is in an RCU read-side section. */
struct hnet_network *hnet_network_find_vni_rcu(struct hnet_dev *hdev, u32 vni)
{
	return rhashtable_lookup(&hdev->networks_vni, &vni,
				 hnet_network_vni_params);
}

static int hnet_network_check(struct hnet_dev *hdev,
			      const struct hnet_network_cfg *cfg,
			      struct netlink_ext_ack *extack)
{
	if (hnet_network_find_locked(hdev, cfg->id)) {
		NL_SET_ERR_MSG_ATTR(extack,
				    hnet_attr(cfg->tb, HNET_NETWORK_A_ID),
				    "network id already exists");
		return -EEXIST;
	}
	if (hnet_network_find_vni_locked(hdev, cfg->vni)) {
		NL_SET_ERR_MSG_ATTR(extack,
				    hnet_attr(cfg->tb, HNET_NETWORK_A_VNI),
				    "VNI already used by another network");
		return -EEXIST;
	}
	return hnet_limit_check(hdev, HNET_LIMIT_NETWORKS, hdev->n_networks,
				hnet_attr(cfg->tb, HNET_NETWORK_A_ID), extack);
}

static void hnet_network_free_rcu(struct rcu_head *head)
{
	struct hnet_network *nw = container_of(head, struct hnet_network, rcu);

	free_percpu(nw->stats);
	kfree(nw);
}

/*
 * Create a network.  The netlink policy already bounds the id (non-zero),
 * the VNI and the MTU; here we check what needs the device's tables.
 */
struct hnet_network *hnet_network_create(struct hnet_dev *hdev,
					 const struct hnet_network_cfg *cfg,
					 struct netlink_ext_ack *extack)
{
	struct hnet_network *nw;
	int err;

	lockdep_assert_held(&hdev->lock);

	err = hnet_network_check(hdev, cfg, extack);
	if (err)
		return ERR_PTR(err);

	nw = kzalloc(sizeof(*nw), GFP_KERNEL_ACCOUNT);
	if (!nw)
		return ERR_PTR(-ENOMEM);
	nw->stats = __netdev_alloc_pcpu_stats(struct hnet_pcpu_stats,
					      GFP_KERNEL_ACCOUNT);
	if (!nw->stats) {
		kfree(nw);
		return ERR_PTR(-ENOMEM);
	}
	nw->hdev = hdev;
	nw->id = cfg->id;
	nw->vni = cfg->vni;
	nw->mtu = cfg->mtu ?: HNET_DEFAULT_MTU;
	if (cfg->name)
		strscpy(nw->name, cfg->name, sizeof(nw->name));
	INIT_LIST_HEAD(&nw->ports);
	INIT_LIST_HEAD(&nw->remotes);
	INIT_LIST_HEAD(&nw->floods);
	INIT_LIST_HEAD(&nw->l2gws);

	err = rhashtable_insert_fast(&hdev->networks, &nw->id_node,
				     hnet_network_id_params);
	if (err)
		goto err_free;
	err = rhashtable_insert_fast(&hdev->networks_vni, &nw->vni_node,
				     hnet_network_vni_params);
	if (err)
		goto err_remove_id;
	hnet_dev_changed(hdev);
	list_add_tail_rcu(&nw->list, &hdev->network_list);
	hdev->n_networks++;
	return nw;

err_remove_id:
	rhashtable_remove_fast(&hdev->networks, &nw->id_node,
			       hnet_network_id_params);
err_free:
	call_rcu(&nw->rcu, hnet_network_free_rcu);
	return ERR_PTR(err);
}

/*
 * Delete a network and everything on it: its router interface (with the
 * next hops in its subnet), ports (detached, their netdevs come back
 * usable), remotes and flood entries.  With @notify, every
 * removed object is announced on the events group, children first.
 * Caller holds RTNL and the config mutex.
 */
void hnet_network_delete(struct hnet_network *nw, bool notify)
{
	struct hnet_dev *hdev = nw->hdev;
	struct hnet_remote *remote, *rtmp;
	struct hnet_flood *flood, *ftmp;
	struct hnet_router_iface *ifc;
	struct hnet_port *port, *ptmp;

	ASSERT_RTNL();
	lockdep_assert_held(&hdev->lock);

	ifc = rcu_dereference_protected(nw->riface,
					lockdep_is_held(&hdev->lock));
	if (ifc)
		hnet_router_iface_delete(ifc, notify);
	hnet_l2gws_drop_network(nw, notify);
	list_for_each_entry_safe(port, ptmp, &nw->ports, list)
		hnet_port_delete(port, notify);
	list_for_each_entry_safe(remote, rtmp, &nw->remotes, list)
		hnet_remote_delete(remote, notify);
	list_for_each_entry_safe(flood, ftmp, &nw->floods, list)
		hnet_flood_delete(flood, notify);

	if (notify)
		hnet_nl_notify(&hnet_network_type, hdev, nw,
			       HNET_CMD_NETWORK_DEL);

	hnet_dev_changed(hdev);
	rhashtable_remove_fast(&hdev->networks_vni, &nw->vni_node,
			       hnet_network_vni_params);
	rhashtable_remove_fast(&hdev->networks, &nw->id_node,
			       hnet_network_id_params);
	list_del_rcu(&nw->list);
	hdev->n_networks--;
	call_rcu(&nw->rcu, hnet_network_free_rcu);
}

/*
 * Delete every network of the device (it is going), each removed object
 * announced as hnet_network_delete() does.
 */
void hnet_networks_flush(struct hnet_dev *hdev)
{
	struct hnet_network *nw, *tmp;

	list_for_each_entry_safe(nw, tmp, &hdev->network_list, list)
		hnet_network_delete(nw, true);
}

/* Netlink */

static struct netlink_range_validation hnet_vni_range = {
	.min = 1,
	.max = HNET_VNI_MAX,
};

static struct netlink_range_validation hnet_mtu_range = {
	.min = HNET_MIN_MTU,
	.max = HNET_MAX_MTU,
};

const struct nla_policy hnet_network_new_nl_policy[HNET_NETWORK_A_MAX + 1] = {
	[HNET_NETWORK_A_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[HNET_NETWORK_A_VNI]	= NLA_POLICY_FULL_RANGE(NLA_U32, &hnet_vni_range),
	[HNET_NETWORK_A_NAME]	= { .type = NLA_NUL_STRING,
				    .len = HNET_NAME_MAXLEN - 1 },
	[HNET_NETWORK_A_MTU]	= NLA_POLICY_FULL_RANGE(NLA_U32, &hnet_mtu_range),
};

const struct nla_policy hnet_network_key_nl_policy[HNET_NETWORK_A_MAX + 1] = {
	[HNET_NETWORK_A_ID]	= { .type = NLA_U32 },
};

/*
 * The network a request's network id @attr names, or ERR_PTR(-ENOENT) with
 * extack.  Under RCU or the config mutex.
 */
struct hnet_network *hnet_network_nl_lookup(struct hnet_dev *hdev,
					    const struct nlattr *attr,
					    struct netlink_ext_ack *extack)
{
	struct hnet_network *nw;
	u32 id = nla_get_u32(attr);

	nw = rhashtable_lookup_fast(&hdev->networks, &id,
				    hnet_network_id_params);
	if (!nw) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "unknown network");
		return ERR_PTR(-ENOENT);
	}
	return nw;
}

static void *hnet_network_nl_create(struct hnet_dev *hdev, struct nlattr *nest,
				    struct nlattr **tb, struct genl_info *info)
{
	struct hnet_network_cfg cfg = { .tb = tb };

	if (!tb[HNET_NETWORK_A_ID])
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_NETWORK_A_ID,
					       "missing network id"));
	if (!tb[HNET_NETWORK_A_VNI])
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_NETWORK_A_VNI,
					       "missing VNI"));

	cfg.id = nla_get_u32(tb[HNET_NETWORK_A_ID]);
	cfg.vni = nla_get_u32(tb[HNET_NETWORK_A_VNI]);
	if (tb[HNET_NETWORK_A_MTU])
		cfg.mtu = nla_get_u32(tb[HNET_NETWORK_A_MTU]);
	if (tb[HNET_NETWORK_A_NAME])
		cfg.name = nla_data(tb[HNET_NETWORK_A_NAME]);
	return hnet_network_create(hdev, &cfg, info->extack);
}

static void *hnet_network_nl_find(struct hnet_dev *hdev, struct nlattr *nest,
				  struct nlattr **tb, struct genl_info *info)
{
	if (!tb[HNET_NETWORK_A_ID])
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_NETWORK_A_ID,
					       "missing network id"));
	return hnet_network_nl_lookup(hdev, tb[HNET_NETWORK_A_ID],
				      info->extack);
}

static void hnet_network_nl_delete(void *obj)
{
	hnet_network_delete(obj, true);
}

/* What a network shows: all of it is fixed once it is published. */
static int hnet_network_nl_fill(struct sk_buff *skb, const void *obj,
				bool stats)
{
	const struct hnet_network *nw = obj;

	if (nla_put_u32(skb, HNET_NETWORK_A_ID, nw->id) ||
	    nla_put_u32(skb, HNET_NETWORK_A_VNI, nw->vni) ||
	    nla_put_string(skb, HNET_NETWORK_A_NAME, nw->name) ||
	    nla_put_u32(skb, HNET_NETWORK_A_MTU, nw->mtu))
		return -EMSGSIZE;
	if (stats)
		return hnet_nl_put_stats(skb, HNET_NETWORK_A_STATS, nw->stats);
	return 0;
}

/* Dumps: the networks in creation order (a network dump has no filter). */
static int hnet_network_nl_walk(const struct hnet_obj_type *type,
				struct hnet_dev *hdev, u32 network_id,
				hnet_walk_fn fn, void *arg)
{
	struct hnet_network *nw;
	int err;

	list_for_each_entry_rcu(nw, &hdev->network_list, list) {
		err = fn(arg, nw);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Dumps of the objects a network keeps on a list (@type->nw_list, the
 * list's offset in struct hnet_network; @type->obj_list, the object's
 * list_head): network by network in creation order, each list in order.
 * Under RCU.
 */
int hnet_network_walk_list(const struct hnet_obj_type *type,
			   struct hnet_dev *hdev, u32 network_id,
			   hnet_walk_fn fn, void *arg)
{
	struct hnet_network *nw;
	int err;

	list_for_each_entry_rcu(nw, &hdev->network_list, list) {
		if (network_id && nw->id != network_id)
			continue;
		err = hnet_nl_walk_list(type, (void *)nw + type->nw_list, fn,
					arg);
		if (err)
			return err;
	}
	return 0;
}

static_assert(HNET_NETWORK_A_MAX <= HNET_OBJ_MAXATTR);

const struct hnet_obj_type hnet_network_type = {
	.nest		= HNET_A_NETWORK,
	.maxattr	= HNET_NETWORK_A_MAX,
	.new_policy	= hnet_network_new_nl_policy,
	.key_policy	= hnet_network_key_nl_policy,
	.missing	= "missing network attributes",
	.cmd_new	= HNET_CMD_NETWORK_NEW,
	.cmd_del	= HNET_CMD_NETWORK_DEL,
	.cmd_get	= HNET_CMD_NETWORK_GET,
	.stats		= true,
	.create		= hnet_network_nl_create,
	.find		= hnet_network_nl_find,
	.delete		= hnet_network_nl_delete,
	.fill		= hnet_network_nl_fill,
	.walk		= hnet_network_nl_walk,
};
