// SPDX-License-Identifier: GPL-2.0
/*
 * What this hypervisor knows about other hypervisors:
 *  - remotes: a port on another hypervisor, (network, MAC) -> IPs and the
 *    VTEP hosting it (what Neutron's l2population pushes);
 *  - flood entries: the VTEPs that receive a copy of the network's
 *    broadcast, unknown unicast and multicast frames (head-end
 *    replication).
 */

#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "hnet.h"

static const struct rhashtable_params hnet_remote_params = {
	.key_len		= sizeof(struct hnet_fdb_key),
	.key_offset		= offsetof(struct hnet_remote, key),
	.head_offset		= offsetof(struct hnet_remote, node),
	.automatic_shrinking	= true,
};

int hnet_remotes_init(struct hnet_dev *hdev)
{
	return rhashtable_init(&hdev->remotes, &hnet_remote_params);
}

void hnet_remotes_destroy(struct hnet_dev *hdev)
{
	rhashtable_destroy(&hdev->remotes);
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

	err = rhashtable_insert_fast(&hdev->remotes, &remote->node,
				     hnet_remote_params);
	if (err) {
		kfree(remote);
		return ERR_PTR(err);
	}
	err = hnet_ips_insert(hdev, remote->ip_nodes, nw->id, remote->ips,
			      remote->n_ips, remote->key.mac);
	if (err) {
		rhashtable_remove_fast(&hdev->remotes, &remote->node,
				       hnet_remote_params);
		kfree_rcu(remote, rcu);
		return ERR_PTR(err);
	}
	list_add_tail_rcu(&remote->list, &nw->remotes);
	hnet_dev_changed(hdev);
	return remote;
}

/* Caller holds the config mutex. */
void hnet_remote_delete(struct hnet_remote *remote, bool notify)
{
	struct hnet_dev *hdev = remote->network->hdev;

	lockdep_assert_held(&hdev->lock);

	if (notify)
		hnet_nl_notify_remote(remote, HNET_CMD_REMOTE_DEL);
	list_del_rcu(&remote->list);
	hnet_ips_remove(hdev, remote->ip_nodes, remote->n_ips);
	rhashtable_remove_fast(&hdev->remotes, &remote->node,
			       hnet_remote_params);
	hnet_dev_changed(hdev);
	kfree_rcu(remote, rcu);
}

struct hnet_flood *hnet_flood_find_locked(struct hnet_network *nw,
					  __be32 vtep)
{
	struct hnet_flood *flood;

	lockdep_assert_held(&nw->hdev->lock);

	list_for_each_entry(flood, &nw->floods, list)
		if (flood->vtep == vtep)
			return flood;
	return NULL;
}

/* Caller holds the config mutex.  @tb is the flood nest, for extack. */
struct hnet_flood *hnet_flood_create(struct hnet_network *nw, __be32 vtep,
				     struct nlattr **tb,
				     struct netlink_ext_ack *extack)
{
	const struct nlattr *vtep_attr = hnet_attr(tb, HNET_FLOOD_A_VTEP);
	struct hnet_flood *flood;

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

	flood = kzalloc(sizeof(*flood), GFP_KERNEL_ACCOUNT);
	if (!flood)
		return ERR_PTR(-ENOMEM);
	flood->network = nw;
	flood->vtep = vtep;
	list_add_tail_rcu(&flood->list, &nw->floods);
	hnet_dev_changed(nw->hdev);
	return flood;
}

/* Caller holds the config mutex. */
void hnet_flood_delete(struct hnet_flood *flood, bool notify)
{
	struct hnet_dev *hdev = flood->network->hdev;

	lockdep_assert_held(&hdev->lock);

	if (notify)
		hnet_nl_notify_flood(flood, HNET_CMD_FLOOD_DEL);
	list_del_rcu(&flood->list);
	hnet_dev_changed(hdev);
	kfree_rcu(flood, rcu);
}
