// SPDX-License-Identifier: GPL-2.0
/*
 * Peers: the other hypervisors, keyed by their VTEP, with their DVR MAC
 * (what Neutron calls the DVR host MAC).  A routed frame arriving from a
 * peer carries its DVR MAC as source; the datapath finds the peer by that
 * MAC (hnet_peer_find_mac_rcu(), one hash lookup).  A DVR MAC is unique
 * among the peers and is never this device's own host MAC.
 */

#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "hnet.h"

static const struct rhashtable_params hnet_peer_params = {
	.key_len		= sizeof(__be32),
	.key_offset		= offsetof(struct hnet_peer, vtep),
	.head_offset		= offsetof(struct hnet_peer, node),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params hnet_peer_mac_params = {
	.key_len		= ETH_ALEN,
	.key_offset		= offsetof(struct hnet_peer, dvr_mac),
	.head_offset		= offsetof(struct hnet_peer, mac_node),
	.automatic_shrinking	= true,
};

int hnet_peers_init(struct hnet_dev *hdev)
{
	int err;

	INIT_LIST_HEAD(&hdev->peer_list);
	err = rhashtable_init(&hdev->peers, &hnet_peer_params);
	if (err)
		return err;
	err = rhashtable_init(&hdev->peer_macs, &hnet_peer_mac_params);
	if (err)
		rhashtable_destroy(&hdev->peers);
	return err;
}

/* The tables must be empty and no reader may use them any more. */
void hnet_peers_destroy(struct hnet_dev *hdev)
{
	rhashtable_destroy(&hdev->peer_macs);
	rhashtable_destroy(&hdev->peers);
}

/* Datapath: the peer whose DVR MAC is @mac.  Under RCU. */
struct hnet_peer *hnet_peer_find_mac_rcu(struct hnet_dev *hdev, const u8 *mac)
{
	return rhashtable_lookup(&hdev->peer_macs, mac, hnet_peer_mac_params);
}

/* The peer whose VTEP is @vtep.  Under RCU or the config mutex. */
struct hnet_peer *hnet_peer_find_rcu(struct hnet_dev *hdev, __be32 vtep)
{
	return rhashtable_lookup_fast(&hdev->peers, &vtep, hnet_peer_params);
}

/*
 * DEV_SET of the host MAC: it must not be a peer's DVR MAC.  Caller holds
 * the config mutex.
 */
int hnet_peers_check_host_mac(struct hnet_dev *hdev, const u8 *mac,
			      const struct nlattr *attr,
			      struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&hdev->lock);

	if (!rhashtable_lookup_fast(&hdev->peer_macs, mac,
				    hnet_peer_mac_params))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr, "host MAC already used by a peer");
	return -EEXIST;
}

/*
 * DEV_SET of the VTEP: it must not be a peer's (another hypervisor's)
 * address.  Caller holds the config mutex.
 */
int hnet_peers_check_vtep(struct hnet_dev *hdev, __be32 vtep,
			  const struct nlattr *attr,
			  struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&hdev->lock);

	if (!hnet_peer_find_rcu(hdev, vtep))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr, "VTEP already used by a peer");
	return -EEXIST;
}

static int hnet_peer_check(struct hnet_dev *hdev, __be32 vtep, const u8 *mac,
			   struct nlattr **tb, struct netlink_ext_ack *extack)
{
	const struct hnet_settings *set = hnet_settings_cfg(hdev);
	const struct nlattr *vtep_attr = tb[HNET_PEER_A_VTEP];
	const struct nlattr *mac_attr = tb[HNET_PEER_A_DVR_MAC];

	if (!hnet_ipv4_is_unicast(vtep)) {
		NL_SET_ERR_MSG_ATTR(extack, vtep_attr,
				    "VTEP must be a unicast IPv4 address");
		return -EINVAL;
	}
	if (vtep == set->vtep) {
		NL_SET_ERR_MSG_ATTR(extack, vtep_attr,
				    "VTEP is this device's own VTEP");
		return -EINVAL;
	}
	if (hnet_peer_find_rcu(hdev, vtep)) {
		NL_SET_ERR_MSG_ATTR(extack, vtep_attr, "peer already exists");
		return -EEXIST;
	}
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG_ATTR(extack, mac_attr,
				    "DVR MAC must be a unicast, non-zero address");
		return -EINVAL;
	}
	if (ether_addr_equal(mac, set->host_mac)) {
		NL_SET_ERR_MSG_ATTR(extack, mac_attr,
				    "DVR MAC is this device's host MAC");
		return -EINVAL;
	}
	if (rhashtable_lookup_fast(&hdev->peer_macs, mac,
				   hnet_peer_mac_params)) {
		NL_SET_ERR_MSG_ATTR(extack, mac_attr,
				    "DVR MAC already used by another peer");
		return -EEXIST;
	}
	return hnet_limit_check(hdev, HNET_LIMIT_PEERS, hdev->n_peers,
				vtep_attr, extack);
}

static void hnet_peer_delete(struct hnet_dev *hdev, struct hnet_peer *peer,
			     bool notify)
{
	lockdep_assert_held(&hdev->lock);

	if (notify)
		hnet_nl_notify(&hnet_peer_type, hdev, peer, HNET_CMD_PEER_DEL);
	hnet_dev_changed(hdev);
	list_del_rcu(&peer->list);
	rhashtable_remove_fast(&hdev->peer_macs, &peer->mac_node,
			       hnet_peer_mac_params);
	rhashtable_remove_fast(&hdev->peers, &peer->node, hnet_peer_params);
	hdev->n_peers--;
	kfree_rcu(peer, rcu);
}

/* The device is going: every peer, each announced. */
void hnet_peers_flush(struct hnet_dev *hdev)
{
	struct hnet_peer *peer, *tmp;

	list_for_each_entry_safe(peer, tmp, &hdev->peer_list, list)
		hnet_peer_delete(hdev, peer, true);
}

/* Netlink */

const struct nla_policy hnet_peer_nl_policy[HNET_PEER_A_MAX + 1] = {
	[HNET_PEER_A_VTEP]	= { .type = NLA_BE32 },
	[HNET_PEER_A_DVR_MAC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
};

/* DEL and GET name a peer by its VTEP, and take nothing else. */
const struct nla_policy hnet_peer_key_nl_policy[HNET_PEER_A_MAX + 1] = {
	[HNET_PEER_A_VTEP]	= { .type = NLA_BE32 },
};

static void *hnet_peer_nl_create(struct hnet_dev *hdev, struct nlattr *nest,
				 struct nlattr **tb, struct genl_info *info)
{
	struct hnet_peer *peer;
	u8 mac[ETH_ALEN];
	__be32 vtep;
	int err;

	lockdep_assert_held(&hdev->lock);

	if (!tb[HNET_PEER_A_VTEP])
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_PEER_A_VTEP,
					       "missing peer VTEP"));
	if (!tb[HNET_PEER_A_DVR_MAC])
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_PEER_A_DVR_MAC,
					       "missing DVR MAC"));
	vtep = nla_get_in_addr(tb[HNET_PEER_A_VTEP]);
	nla_memcpy(mac, tb[HNET_PEER_A_DVR_MAC], ETH_ALEN);
	err = hnet_peer_check(hdev, vtep, mac, tb, info->extack);
	if (err)
		return ERR_PTR(err);

	peer = kzalloc(sizeof(*peer), GFP_KERNEL_ACCOUNT);
	if (!peer)
		return ERR_PTR(-ENOMEM);
	peer->hdev = hdev;
	peer->vtep = vtep;
	ether_addr_copy(peer->dvr_mac, mac);
	err = rhashtable_insert_fast(&hdev->peers, &peer->node,
				     hnet_peer_params);
	if (err)
		goto err_free;
	err = rhashtable_insert_fast(&hdev->peer_macs, &peer->mac_node,
				     hnet_peer_mac_params);
	if (err)
		goto err_remove;
	hnet_dev_changed(hdev);
	list_add_tail_rcu(&peer->list, &hdev->peer_list);
	hdev->n_peers++;
	return peer;

err_remove:
	rhashtable_remove_fast(&hdev->peers, &peer->node, hnet_peer_params);
err_free:
	kfree_rcu(peer, rcu);
	return ERR_PTR(err);
}

static void *hnet_peer_nl_find(struct hnet_dev *hdev, struct nlattr *nest,
			       struct nlattr **tb, struct genl_info *info)
{
	struct hnet_peer *peer;

	if (!tb[HNET_PEER_A_VTEP])
		return ERR_PTR(hnet_nl_missing(info->extack, nest,
					       HNET_PEER_A_VTEP,
					       "missing peer VTEP"));
	peer = hnet_peer_find_rcu(hdev, nla_get_in_addr(tb[HNET_PEER_A_VTEP]));
	if (!peer) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[HNET_PEER_A_VTEP],
				    "peer not found");
		return ERR_PTR(-ENOENT);
	}
	return peer;
}

static void hnet_peer_nl_delete(void *obj)
{
	struct hnet_peer *peer = obj;

	hnet_peer_delete(peer->hdev, peer, true);
}

static int hnet_peer_nl_fill(struct sk_buff *skb, const void *obj, bool stats)
{
	const struct hnet_peer *peer = obj;

	if (nla_put_in_addr(skb, HNET_PEER_A_VTEP, peer->vtep) ||
	    nla_put(skb, HNET_PEER_A_DVR_MAC, ETH_ALEN, peer->dvr_mac))
		return -EMSGSIZE;
	return 0;
}

/* Dumps: the peers in creation order (no filter). */
static int hnet_peer_nl_walk(const struct hnet_obj_type *type,
			     struct hnet_dev *hdev, u32 filter,
			     hnet_walk_fn fn, void *arg)
{
	return hnet_nl_walk_list(type, &hdev->peer_list, fn, arg);
}

static_assert(HNET_PEER_A_MAX <= HNET_OBJ_MAXATTR);

const struct hnet_obj_type hnet_peer_type = {
	.nest		= HNET_A_PEER,
	.maxattr	= HNET_PEER_A_MAX,
	.new_policy	= hnet_peer_nl_policy,
	.key_policy	= hnet_peer_key_nl_policy,
	.missing	= "missing peer attributes",
	.cmd_new	= HNET_CMD_PEER_NEW,
	.cmd_del	= HNET_CMD_PEER_DEL,
	.cmd_get	= HNET_CMD_PEER_GET,
	.obj_list	= offsetof(struct hnet_peer, list),
	.create		= hnet_peer_nl_create,
	.find		= hnet_peer_nl_find,
	.delete		= hnet_peer_nl_delete,
	.fill		= hnet_peer_nl_fill,
	.walk		= hnet_peer_nl_walk,
};
