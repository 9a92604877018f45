// SPDX-License-Identifier: GPL-2.0
/*
 * Tenant networks: an id chosen by the controller, a VNI, a name, an MTU,
 * and the ports, remotes and flood entries that live on the network.
 */

#include <linux/rhashtable.h>
#include <linux/slab.h>

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

	err = rhashtable_insert_fast(&hdev->networks, &nw->id_node,
				     hnet_network_id_params);
	if (err)
		goto err_free;
	err = rhashtable_insert_fast(&hdev->networks_vni, &nw->vni_node,
				     hnet_network_vni_params);
	if (err)
		goto err_remove_id;
	list_add_tail(&nw->list, &hdev->network_list);
	hdev->n_networks++;
	hnet_dev_changed(hdev);
	return nw;

err_remove_id:
	rhashtable_remove_fast(&hdev->networks, &nw->id_node,
			       hnet_network_id_params);
err_free:
	call_rcu(&nw->rcu, hnet_network_free_rcu);
	return ERR_PTR(err);
}

/*
 * Delete a network and everything on it: ports (detached, their netdevs
 * come back usable), remotes and flood entries.  With @notify, every
 * removed object is announced on the events group, children first.
 * Caller holds RTNL and the config mutex.
 */
void hnet_network_delete(struct hnet_network *nw, bool notify)
{
	struct hnet_dev *hdev = nw->hdev;
	struct hnet_remote *remote, *rtmp;
	struct hnet_flood *flood, *ftmp;
	struct hnet_port *port, *ptmp;

	ASSERT_RTNL();
	lockdep_assert_held(&hdev->lock);

	list_for_each_entry_safe(port, ptmp, &nw->ports, list)
		hnet_port_delete(port, notify);
	list_for_each_entry_safe(remote, rtmp, &nw->remotes, list)
		hnet_remote_delete(remote, notify);
	list_for_each_entry_safe(flood, ftmp, &nw->floods, list)
		hnet_flood_delete(flood, notify);

	if (notify)
		hnet_nl_notify_network(nw, HNET_CMD_NETWORK_DEL);

	rhashtable_remove_fast(&hdev->networks_vni, &nw->vni_node,
			       hnet_network_vni_params);
	rhashtable_remove_fast(&hdev->networks, &nw->id_node,
			       hnet_network_id_params);
	list_del(&nw->list);
	hdev->n_networks--;
	hnet_dev_changed(hdev);
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
