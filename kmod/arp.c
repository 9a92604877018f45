// SPDX-License-Identifier: GPL-2.0
/*
 * ARP suppression.  hnet knows every address of a network that the
 * controller told it about (the fixed IPs of local ports, the IPs of
 * remotes), so it answers a VM's ARP request for one of them itself,
 * with the owner's MAC, instead of flooding it to every VTEP (nd.c does
 * the same for IPv6 neighbour solicitations).
 *
 * The addresses live in one rhashtable per device keyed by (network id,
 * address), IPv4 addresses in their IPv4-mapped form: a lookup costs the
 * same whatever the number of entries.  An address has one owner per
 * network; the entries are embedded in their owner (port or remote) and
 * inserted and removed with it.
 */

#include <linux/if_arp.h>
#include <linux/rhashtable.h>
#include <net/arp.h>

#include "hnet.h"

static const struct rhashtable_params hnet_ip_params = {
	.key_len		= sizeof(struct hnet_ip_key),
	.key_offset		= offsetof(struct hnet_ip, key),
	.head_offset		= offsetof(struct hnet_ip, node),
	.automatic_shrinking	= true,
};

int hnet_ips_init(struct hnet_dev *hdev)
{
	return rhashtable_init(&hdev->ips, &hnet_ip_params);
}

void hnet_ips_destroy(struct hnet_dev *hdev)
{
	rhashtable_destroy(&hdev->ips);
}

static void hnet_ip_key_init(struct hnet_ip_key *key, u32 network_id,
			     const struct in6_addr *addr)
{
	memset(key, 0, sizeof(*key));
	key->network_id = network_id;
	key->addr = *addr;
}

static struct hnet_ip *hnet_ip_find_locked(struct hnet_dev *hdev,
					   u32 network_id,
					   const struct in6_addr *addr)
{
	struct hnet_ip_key key;

	lockdep_assert_held(&hdev->lock);

	hnet_ip_key_init(&key, network_id, addr);
	return rhashtable_lookup_fast(&hdev->ips, &key, hnet_ip_params);
}

/* Datapath lookup: the caller is in an RCU read-side section. */
struct hnet_ip *hnet_ip_find_rcu(struct hnet_dev *hdev, u32 network_id,
				 const struct in6_addr *addr)
{
	struct hnet_ip_key key;

	hnet_ip_key_init(&key, network_id, addr);
	return rhashtable_lookup(&hdev->ips, &key, hnet_ip_params);
}

/*
 * Whether @ips (of a new port or remote) are free on the network: no other
 * owner has one of them, and the list names each only once.  @attrs[i] is
 * the attribute @ips[i] came from, for extack (may be NULL).
 */
int hnet_ips_check_locked(struct hnet_dev *hdev, u32 network_id,
			  const struct in6_addr *ips, unsigned int n,
			  const struct nlattr *const *attrs,
			  struct netlink_ext_ack *extack)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		bool dup = !!hnet_ip_find_locked(hdev, network_id, &ips[i]);

		for (j = 0; j < i && !dup; j++)
			dup = ipv6_addr_equal(&ips[j], &ips[i]);
		if (dup) {
			NL_SET_ERR_MSG_ATTR(extack, attrs ? attrs[i] : NULL,
					    "IP already used on this network");
			return -EEXIST;
		}
	}
	return 0;
}

/*
 * Publish the @n addresses of their owner, a local @port or else a
 * @remote.  Caller holds the config mutex and checked them with
 * hnet_ips_check_locked().  On failure nothing stays inserted.
 */
int hnet_ips_insert(struct hnet_dev *hdev, struct hnet_ip *nodes,
		    u32 network_id, const struct in6_addr *ips,
		    unsigned int n, struct hnet_port *port,
		    struct hnet_remote *remote)
{
	const u8 *mac = port ? port->key.mac : remote->key.mac;
	unsigned int i;
	int err;

	lockdep_assert_held(&hdev->lock);

	for (i = 0; i < n; i++) {
		hnet_ip_key_init(&nodes[i].key, network_id, &ips[i]);
		nodes[i].mac = mac;
		nodes[i].port = port;
		nodes[i].remote = remote;
		err = rhashtable_insert_fast(&hdev->ips, &nodes[i].node,
					     hnet_ip_params);
		if (err) {
			hnet_ips_remove(hdev, nodes, i);
			return err;
		}
	}
	return 0;
}

/*
 * Unpublish an owner's addresses.  Readers may still see them until a
 * grace period has passed: the owner is freed after one.
 */
void hnet_ips_remove(struct hnet_dev *hdev, struct hnet_ip *nodes,
		     unsigned int n)
{
	unsigned int i;

	lockdep_assert_held(&hdev->lock);

	for (i = 0; i < n; i++)
		rhashtable_remove_fast(&hdev->ips, &nodes[i].node,
				       hnet_ip_params);
}

/*
 * Parse the ARP packet at skb->data (Ethernet hardware, IPv4 protocol
 * addresses).  False if it is truncated or of another kind.
 */
bool hnet_arp_parse(struct sk_buff *skb, struct hnet_arp *arp)
{
	const struct arphdr *ah;
	const u8 *p;

	if (!pskb_may_pull(skb, sizeof(*ah) + 2 * (ETH_ALEN + sizeof(__be32))))
		return false;
	ah = (const struct arphdr *)skb->data;
	if (ah->ar_hrd != htons(ARPHRD_ETHER) ||
	    ah->ar_pro != htons(ETH_P_IP) ||
	    ah->ar_hln != ETH_ALEN || ah->ar_pln != sizeof(__be32))
		return false;

	p = (const u8 *)(ah + 1);
	arp->op = ah->ar_op;
	ether_addr_copy(arp->sha, p);
	memcpy(&arp->sip, p + ETH_ALEN, sizeof(arp->sip));
	memcpy(&arp->tip, p + 2 * ETH_ALEN + sizeof(__be32), sizeof(arp->tip));
	return true;
}

/*
 * An ARP request on network @nw, received on @dev (a port's netdev, or a
 * trunk): if hnet knows the target address on the network (a port's or
 * remote's, or, if @gateway, the gateway IP of the network's router
 * interface), return the reply to send back on @dev (the request goes no
 * further), else NULL.  A request about the sender's own address
 * (gratuitous ARP, duplicate address detection) is not answered.
 */
struct sk_buff *hnet_arp_respond(struct hnet_network *nw,
				 struct net_device *dev,
				 const struct hnet_arp *arp, bool gateway)
{
	const struct hnet_router_iface *ifc;
	struct in6_addr tip;
	struct hnet_ip *ip;
	const u8 *mac;

	if (arp->op != htons(ARPOP_REQUEST))
		return NULL;
	ipv6_addr_set_v4mapped(arp->tip, &tip);
	ip = hnet_ip_find_rcu(nw->hdev, nw->id, &tip);
	if (ip) {
		mac = ip->mac;
	} else {
		/* The gateway: answered on every hypervisor, as DVR does. */
		ifc = gateway ? rcu_dereference(nw->riface) : NULL;
		if (!ifc || ifc->gw != arp->tip)
			return NULL;
		mac = ifc->mac;
	}
	if (ether_addr_equal(mac, arp->sha))
		return NULL;

	/* Without memory for the reply the request is flooded instead. */
	return arp_create(ARPOP_REPLY, ETH_P_ARP, arp->sip, dev, arp->tip,
			  arp->sha, mac, arp->sha);
}
