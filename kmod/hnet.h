/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hnet: multi-tenant VXLAN switching in one virtual device.
 * Internal header: the objects, their tables and the calls between files.
 */
#ifndef _HNET_H
#define _HNET_H

#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/udp.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/dst_cache.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/vxlan.h>

/*
 * The uAPI header is included by its path relative to this file, not as
 * <linux/hnet.h>: kbuild puts the kernel tree's include directories
 * (LINUXINCLUDE) before ccflags-y, so a kernel that ever shipped its own
 * linux/hnet.h would silently win over ours.  A quoted include is searched
 * next to this file first, whatever the kernel tree holds.
 */
#include "../uapi/linux/hnet.h"

/**
 * DOC: Locking
 *
 * Configuration (genetlink requests, rtnl_link ops, the netdevice notifier,
 * namespace exit) is serialised per hnet device:
 *
 *   rtnl_lock  ->  hnet_dev.lock (the device's config mutex)
 *
 * Every writer of an hnet device's objects or settings holds both, taken in
 * that order: genetlink "change" requests take RTNL then the mutex in
 * pre_doit; dellink and the netdevice notifier run under RTNL and take the
 * mutex.  Nothing takes RTNL while holding the mutex, and no path holds two
 * hnet devices' mutexes at once.  Attaching and detaching a port needs RTNL
 * itself (rx handler, upper device link, promiscuity).
 *
 * Netlink readers (GET requests and dumps) take no lock: they hold a
 * reference on the hnet device (which keeps its tables) and read under
 * rcu_read_lock(), so a monitoring dump never makes a controller's writes
 * wait.  The object lists they walk (hnet_dev.network_list, a network's
 * ports, remotes and floods; hnet_net.devs, written under RTNL) are RCU
 * lists, and what they put in a message is either fixed once the object is published (ids,
 * keys, addresses, a port's netdev, held until the port is freed) or read
 * once under RCU (the device's settings, the counters, a netdev's name,
 * see hnet_nl_put_netdev()).  A dump resumes from a position and reads
 * the device's generation (READ_ONCE) at the start of every part; writers
 * bump it before they change a list (hnet_dev_changed(), ordered by
 * smp_wmb() against the dump's smp_rmb()), so a dump that spans a change
 * is flagged NLM_F_DUMP_INTR, on its last message at the latest.  DEL
 * requests look up under RCU too but hold the config mutex, which keeps
 * the object until they delete it.  The object counts (hnet_dev.n_*,
 * hnet_network.n_floods, hnet_router.n_routes) and remote VTEP reference
 * counts change under the config mutex.
 *
 * The datapath (a port's rx handler, the VXLAN socket's encap_rcv, an
 * external device's rx handler) takes no lock: it runs in softirq under
 * RCU and reads the rhashtables (networks_vni, ports, remotes, ips,
 * peers, peer_macs, routes, fips, fips_fixed), the per-network RCU lists
 * (ports, floods), a network's router interface, a router's list of
 * interfaces and its gateway (hnet_router.gw), the device's settings and
 * socket (hnet_dev.settings, .vs) with the _rcu lookups and
 * rcu_dereference(); the floods and remote_vteps tables tell it which
 * VTEPs a network takes VXLAN from.  What it writes besides counters: a
 * router's rate-limit buckets (struct hnet_rate) and an external device's
 * time of its last ARP request (hnet_extdev.solicited), READ_ONCE/
 * WRITE_ONCE without a lock (a race lets one message more or less
 * through); and the kernel's neighbour table of an external device
 * (entries created and packets queued on them, under the table's own
 * locks; used without a reference inside the RCU section, as
 * ip_finish_output2() does).  Writers publish with
 * rhashtable_insert_fast()/list_add_tail_rcu()/rcu_assign_pointer() and
 * unpublish with rhashtable_remove_fast()/list_del_rcu(); objects are
 * freed after a grace period (kfree_rcu(), or call_rcu() when they own
 * per-CPU counters or a netdev reference).  A port's rx handler is
 * unregistered (netdev_rx_handler_unregister() waits for readers) before
 * its port is freed, and so is an external device's before its struct
 * hnet_extdev (when its last gateway goes), and every port of a network is gone before the
 * network is.  The IP entries of a port or remote are embedded in it and
 * leave the ips table with it.
 *
 * L2 gateways (l2gw.c) change under RTNL and the config mutex; the
 * datapath finds one through its trunk's rx handler (hnet_trunk.vlans, an
 * xarray read with xa_load() under RCU) or its network's RCU list
 * (hnet_network.l2gws), and frees none before a grace period.  The MACs
 * they learn (hnet_dev.l2gw_macs, .l2gw_mac_list, each L2 gateway's list)
 * are made by the datapath and aged by a delayed work, both under
 * hnet_dev.l2gw_lock, a spinlock taken after the config mutex by the
 * writers that hold it (spin_lock_bh()); readers look them up under RCU.
 * Deleting an L2 gateway marks it dead under that lock (nothing learns on
 * it any more) and unlinks its MACs before it goes.
 *
 * Destination VTEP objects (struct hnet_vtep, hnet_dev.vteps and
 * .vtep_list) are referenced by remotes and flood entries, counted under
 * the config mutex; the datapath reaches them through a remote or flood
 * entry it found under RCU, and the last reference frees one (and its
 * route cache) after a grace period.
 *
 * Device settings are one struct hnet_settings, replaced as a whole under
 * RTNL and the config mutex and freed with kfree_rcu(): a reader sees one
 * consistent set.
 *
 * VXLAN sockets (vxlan.c): the namespace's list of sockets
 * (hnet_net.socks), each socket's list of devices (hnet_sock.devs) and
 * hnet_dev.vs change under RTNL only (ndo_open, ndo_stop, DEV_SET of the
 * dstport); receivers find the socket's devices under RCU.  A device
 * leaves a socket with list_del_rcu() and synchronize_net(); the last one
 * closes it, which unpublishes sk_user_data and waits for receivers.
 *
 * Counters are per-CPU (struct hnet_pcpu_stats, u64_stats_sync), updated
 * from softirq or BH-disabled context, and summed by readers.
 *
 * There is no global mutable state: everything hangs off an hnet device or
 * a namespace's struct hnet_net.
 */

#define HNET_VERSION		"0.1"

#define HNET_MAX_IPS		16	/* fixed IPs of a port or a remote */
#define HNET_MAX_ALLOWED	16	/* allowed address pairs of a port */

/* Outer Ethernet + IPv4 + UDP + VXLAN header added around a tenant frame. */
#define HNET_VXLAN_OVERHEAD	(ETH_HLEN + sizeof(struct iphdr) + \
				 sizeof(struct udphdr) + sizeof(struct vxlanhdr))
/* Default tenant MTU on a 1500-byte underlay: 1450. */
#define HNET_DEFAULT_MTU	(ETH_DATA_LEN - HNET_VXLAN_OVERHEAD)
/* An inner IPv4 packet needs at least 68 bytes (RFC 791) ... */
#define HNET_MIN_MTU		ETH_MIN_MTU
/*
 * ... and must still fit in one IPv4 packet once encapsulated, with a VLAN
 * tag of the tenant's (which the MTU does not count).
 */
#define HNET_MAX_MTU		(IP_MAX_MTU - HNET_VXLAN_OVERHEAD - VLAN_HLEN)

/* Drop reasons, in the order of HNET_STATS_A_DROP_SPOOFED and following. */
enum hnet_drop_reason {
	HNET_DROP_SPOOFED,
	HNET_DROP_UNKNOWN_VNI,
	HNET_DROP_MALFORMED,
	HNET_DROP_MTU,
	HNET_DROP_NO_DEST,
	HNET_DROP_UNKNOWN_VTEP,
	HNET_DROP_CONTROL,

	HNET_DROP_MAX
};

struct hnet_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t drops[HNET_DROP_MAX];
	struct u64_stats_sync syncp;
};

/* A summed snapshot of per-CPU counters. */
struct hnet_stats {
	u64 rx_packets;
	u64 rx_bytes;
	u64 tx_packets;
	u64 tx_bytes;
	u64 drops;
	u64 drop[HNET_DROP_MAX];
};

/* Per network namespace. */
struct hnet_net {
	struct list_head devs;		/* hnet_dev.list, RCU, under RTNL */
	struct list_head socks;		/* hnet_sock.list, under RTNL */
	u32 dev_gen;			/* bumped when devs changes; never 0 */
};

/*
 * Under RTNL, before the namespace's list of hnet devices changes: a
 * DEV_GET dump that spans the change is flagged (see DOC: Locking).
 */
static inline void hnet_net_devs_changed(struct hnet_net *hn)
{
	WRITE_ONCE(hn->dev_gen, hn->dev_gen + 1 ?: 1);
	/* Pairs with smp_rmb() in hnet_nl_dev_dumpit(). */
	smp_wmb();
}

/*
 * The VXLAN UDP socket of one port number in a namespace, shared by the
 * hnet devices of the namespace that are up and use that port (received
 * packets go to the device whose VTEP is the outer destination address).
 */
struct hnet_sock {
	struct list_head list;		/* hnet_net.socks, under RTNL */
	struct list_head devs;		/* hnet_dev.vs_node, RCU, under RTNL */
	struct socket *sock;
	__be16 port;
	struct rcu_head rcu;
};

/*
 * Limits of what a controller can make one device allocate (and so of what
 * a broadcast's replication loops over), one entry each in hnet_limits[]
 * (device.c).  The defaults suit a cloud of about 1000 hypervisors.
 */
enum hnet_limit {
	HNET_LIMIT_NETWORKS,		/* per device */
	HNET_LIMIT_PORTS,		/* per device */
	HNET_LIMIT_REMOTES,		/* per device */
	HNET_LIMIT_FLOODS,		/* per network */
	HNET_LIMIT_PEERS,		/* per device */
	HNET_LIMIT_ROUTERS,		/* per device */
	HNET_LIMIT_ROUTES,		/* per router */

	HNET_LIMIT_MAX
};

/*
 * A limit: its device setting (attribute HNET_DEV_A_MAX_*), its default,
 * its ceiling (it may be set to 1..@ceil: the policy's range), its two
 * refusals (one object too many; lowered below what is in use) and what
 * it counts: the unsigned int at @count in struct hnet_dev or, for a
 * limit of each network or router, in each object on the device's list
 * at @owners (0: none, a limit of the device), linked there by its
 * list_head at @owner_node, where the fullest one is what is in use.
 * Counts change under the config mutex.
 */
struct hnet_limit_desc {
	int attr;
	u32 dflt, ceil;
	const char *full;
	const char *low;
	size_t owners, owner_node, count;
};

extern const struct hnet_limit_desc hnet_limits[HNET_LIMIT_MAX];

/*
 * Device settings, replaced as a whole (RCU) so that the datapath always
 * reads one consistent set.
 */
struct hnet_settings {
	__be32 vtep;			/* local VTEP address, 0 = unset */
	u16 dstport;			/* VXLAN UDP port, host order */
	u8 host_mac[ETH_ALEN];		/* this hypervisor's DVR MAC */
	bool source_check;		/* VXLAN only from named VTEPs */
	u32 max[HNET_LIMIT_MAX];
	struct rcu_head rcu;
};

extern unsigned int hnet_net_id;

/*
 * The private part of an hnet net_device.  What every frame reads comes
 * first (one cache line: the netdev, the counters, the settings and the
 * socket), then the tables the datapath looks up, in the order it does;
 * the control plane's own fields are last.
 */
struct hnet_dev {
	/* Datapath. */
	struct net_device *dev;
	struct hnet_pcpu_stats __percpu *stats;
	/* Written under RTNL and the config mutex, read under RCU. */
	struct hnet_settings __rcu *settings;
	/* The VXLAN socket while the device is up (RTNL; read under RCU). */
	struct hnet_sock __rcu *vs;
	struct list_head vs_node;	/* hnet_sock.devs */

	struct rhashtable networks_vni;	/* hnet_network by VNI */
	struct rhashtable ports;	/* hnet_port by hnet_fdb_key */
	struct rhashtable remotes;	/* hnet_remote by hnet_fdb_key */
	struct rhashtable floods;	/* hnet_flood by hnet_vtep_key */
	struct rhashtable remote_vteps;	/* hnet_remote_vtep by hnet_vtep_key */
	struct rhashtable ips;		/* hnet_ip by hnet_ip_key */
	struct rhashtable peer_macs;	/* hnet_peer by DVR MAC */
	struct rhashtable routers;	/* hnet_router by id */
	struct rhashtable routes;	/* hnet_route by hnet_route_key */
	struct rhashtable fips;		/* hnet_fip by floating address */
	struct rhashtable fips_fixed;	/* hnet_fip by hnet_fip_fixed_key */
	struct rhashtable l2gw_macs;	/* hnet_l2gw_mac by hnet_fdb_key */

	/* Control plane. */
	struct rhashtable networks;	/* hnet_network by id */
	struct rhashtable vteps;	/* hnet_vtep by address */
	struct list_head vtep_list;	/* hnet_vtep.list */
	struct list_head network_list;	/* all networks, creation order */
	struct rhashtable peers;	/* hnet_peer by VTEP */
	struct list_head peer_list;	/* hnet_peer.list, RCU */
	struct list_head router_list;	/* hnet_router.list, RCU */
	struct list_head extdevs;	/* hnet_extdev.list */
	struct list_head trunks;	/* hnet_trunk.list */
	/* MACs learned on VLANs (l2gw.c): every one, their lock and ager. */
	struct list_head l2gw_mac_list;	/* hnet_l2gw_mac.list, RCU */
	spinlock_t l2gw_lock;
	u32 l2gw_gen;			/* of learned MAC dumps; the lock */
	struct delayed_work l2gw_gc;
	struct list_head list;		/* in hnet_net.devs */
	struct mutex lock;		/* config mutex, see DOC: Locking */
	u32 generation;			/* bumped on every change, never 0 */

	/* Under the config mutex: objects, against hnet_settings.max. */
	unsigned int n_networks;
	unsigned int n_ports;
	unsigned int n_remotes;
	unsigned int n_peers;
	unsigned int n_routers;
};

/* Key of the floods and remote_vteps tables: a VTEP on one network. */
struct hnet_vtep_key {
	u32 network_id;
	__be32 vtep;
};

/* Key of the ports and remotes tables: a MAC on one network. */
struct hnet_fdb_key {
	u32 network_id;
	u8 mac[ETH_ALEN];
	/*
	 * Zero: three whole words, which rhashtable hashes with jhash2 (a
	 * ten-byte key takes the byte-wise jhash, twice as long).
	 */
	u16 pad;
};

static inline void hnet_fdb_key_init(struct hnet_fdb_key *key, u32 network_id,
				     const u8 *mac)
{
	key->network_id = network_id;
	ether_addr_copy(key->mac, mac);
	key->pad = 0;
}

/*
 * Addresses of both families are one type, struct in6_addr, with an IPv4
 * address as its IPv4-mapped form ::ffff:a.b.c.d (hnet_addr_is_v4()): the
 * fixed IPs of ports and remotes, the IP table and the allowed pairs
 * serve both families alike.  Netlink gives and shows IPv4 addresses in
 * their own attributes (*_IP, *_ADDR) and refuses IPv4-mapped ones in the
 * IPv6 attributes, so a mapped address always means IPv4.
 */
static inline bool hnet_addr_is_v4(const struct in6_addr *addr)
{
	return ipv6_addr_v4mapped(addr);
}

/* Key of the IP table: an address on one network. */
struct hnet_ip_key {
	u32 network_id;
	struct in6_addr addr;
};

/*
 * An address hnet knows on a network (a port's fixed IP or a remote's IP),
 * for the ARP and ND responders.  Embedded in its owner, which it never
 * outlives.
 */
struct hnet_ip {
	struct rhash_head node;		/* hnet_dev.ips */
	struct hnet_ip_key key;
	const u8 *mac;			/* the owner's MAC */
	/* The owner: a local port, or else a remote (where routing sends). */
	struct hnet_port *port;
	struct hnet_remote *remote;
};

/*
 * A tenant network.  A switched or routed frame reads the first cache
 * line only: the VNI lookup's node and key, the id (the key of the other
 * tables), the MTU, the device, the counters, the head of the port list
 * and the router interface; flooding reads the flood list too.
 */
struct hnet_network {
	/* Datapath. */
	struct rhash_head vni_node;
	u32 vni;
	u32 id;
	u32 mtu;
	struct hnet_dev *hdev;
	struct list_head ports;		/* hnet_port.list, RCU */
	struct hnet_pcpu_stats __percpu *stats;
	/* The router interface on this network, if any (RCU). */
	struct hnet_router_iface __rcu *riface;
	struct list_head floods;	/* hnet_flood.list, RCU */
	struct list_head l2gws;		/* hnet_l2gw.list, RCU */

	/* Control plane. */
	struct rhash_head id_node;
	struct list_head list;		/* hnet_dev.network_list */
	struct list_head remotes;	/* hnet_remote.list, RCU */
	unsigned int n_floods;		/* under the config mutex */
	char name[HNET_NAME_MAXLEN];
	struct rcu_head rcu;
};

/* An allowed address pair: a prefix of either family and a MAC. */
struct hnet_allowed {
	struct in6_addr addr;
	u8 prefixlen;			/* of its family: 0..32 or 0..128 */
	u8 mac[ETH_ALEN];
};

/*
 * A VM's port.  A frame from or to the port reads the first cache line
 * only (a port without security): the lookup's node and key, the flood
 * list, where it belongs, its netdev and counters; port security reads
 * the address arrays after it; the control plane's fields are last.
 */
struct hnet_port {
	/* Datapath. */
	struct rhash_head node;		/* hnet_dev.ports */
	struct hnet_fdb_key key;	/* network id and the VM's MAC */
	bool security;
	u8 n_ips;
	u8 n_allowed;
	struct list_head list;		/* hnet_network.ports */
	struct hnet_network *network;	/* ->hdev: the device */
	struct net_device *dev;		/* the attached netdev, held */
	struct hnet_pcpu_stats __percpu *stats;

	/* Port security. */
	struct in6_addr ips[HNET_MAX_IPS];
	struct hnet_allowed allowed[HNET_MAX_ALLOWED];

	/* Control plane. */
	struct hnet_dev *hdev;
	struct hnet_ip ip_nodes[HNET_MAX_IPS];
	netdevice_tracker dev_tracker;
	struct rcu_head rcu;
};

/*
 * A VTEP this device sends VXLAN to, shared by the remotes and flood
 * entries naming it (on any network): its route, cached per CPU.
 */
struct hnet_vtep {
	/* Datapath. */
	__be32 addr;
	unsigned int refs;		/* remotes and flood entries; mutex */
	struct dst_cache dst_cache;	/* the route from our VTEP to @addr */

	/* Control plane, under the config mutex. */
	struct rhash_head node;		/* hnet_dev.vteps */
	struct list_head list;		/* hnet_dev.vtep_list */
	struct rcu_head rcu;
};

struct hnet_remote {
	/* Datapath: the MAC lookup and where to send. */
	struct rhash_head node;		/* hnet_dev.remotes */
	struct hnet_fdb_key key;
	struct hnet_vtep *vt;		/* of @vtep */

	/* Control plane. */
	__be32 vtep;
	u8 n_ips;
	struct list_head list;		/* hnet_network.remotes */
	struct hnet_network *network;
	struct in6_addr ips[HNET_MAX_IPS];
	struct hnet_ip ip_nodes[HNET_MAX_IPS];
	struct rcu_head rcu;
};

struct hnet_flood {
	struct list_head list;		/* hnet_network.floods */
	struct hnet_vtep *vt;		/* of key.vtep */
	struct rhash_head node;		/* hnet_dev.floods */
	struct hnet_vtep_key key;	/* network id and VTEP */
	struct hnet_network *network;
	struct rcu_head rcu;
};

/*
 * A VTEP hosting remotes of a network, with the number of them: with the
 * flood entries, the VTEPs whose VXLAN the network accepts (source check).
 */
struct hnet_remote_vtep {
	struct rhash_head node;		/* hnet_dev.remote_vteps */
	struct hnet_vtep_key key;
	unsigned int refs;		/* remotes, under the config mutex */
	struct rcu_head rcu;
};

/* Another hypervisor: routed frames from it carry its DVR MAC. */
struct hnet_peer {
	/* Datapath: the DVR MAC lookup of a received frame. */
	struct rhash_head mac_node;	/* hnet_dev.peer_macs */
	u8 dvr_mac[ETH_ALEN];
	__be32 vtep;

	/* Control plane. */
	struct hnet_dev *hdev;
	struct rhash_head node;		/* hnet_dev.peers */
	struct list_head list;		/* hnet_dev.peer_list */
	struct rcu_head rcu;
};

/* Router counters, in the order of HNET_ROUTER_STATS_A_ICMP_ECHO_REPLY... */
enum hnet_router_icmp {
	HNET_RICMP_ECHO_REPLY,
	HNET_RICMP_TIME_EXCEEDED,
	HNET_RICMP_NET_UNREACH,
	HNET_RICMP_FRAG_NEEDED,
	HNET_RICMP_HOST_UNREACH,

	HNET_RICMP_MAX
};

/* ... and of HNET_ROUTER_STATS_A_DROP_NO_NEIGH and following. */
enum hnet_router_drop {
	HNET_RDROP_NO_NEIGH,
	HNET_RDROP_NO_ROUTE,
	HNET_RDROP_TTL,
	HNET_RDROP_MTU,

	HNET_RDROP_MAX
};

/*
 * A token bucket of what a router sends on its own (ICMP, miss
 * notifications), as the kernel keeps one per destination
 * (inet_peer_xrlim_allow()) and one for all (icmp_global_allow()):
 * written from the datapath without a lock (CPUs racing on one bucket may
 * let a message more or less through).  icmp.c.
 */
struct hnet_rate {
	unsigned long last;		/* jiffies */
	unsigned long tokens;
	__be32 addr;			/* whose bucket, when it is one address's */
};

/* Buckets per router and kind, chosen by a hash of the address. */
#define HNET_RATE_BUCKETS	32

/* A router's rate limits. */
struct hnet_router_rates {
	u32 seed;			/* of the buckets' hash */
	struct hnet_rate icmp_all;	/* every ICMP message of the router */
	struct hnet_rate miss_all;	/* every miss notification */
	struct hnet_rate icmp[HNET_RATE_BUCKETS];	/* by destination */
	struct hnet_rate miss[HNET_RATE_BUCKETS];	/* by missing address */
};

struct hnet_router_pcpu_stats {
	u64_stats_t routed_packets;
	u64_stats_t routed_bytes;
	u64_stats_t icmp[HNET_RICMP_MAX];
	u64_stats_t drops[HNET_RDROP_MAX];
	struct u64_stats_sync syncp;
};

/* Prefix lengths of IPv4 routes: 0..32, one bit each in a mask. */
#define HNET_ROUTE_PLENS	33

/*
 * A distributed router.  The datapath reads the mask of the prefix
 * lengths its routes use (longest first: at most 33 lookups of
 * hnet_dev.routes), its interfaces and its counters.
 */
struct hnet_router {
	/* Datapath. */
	struct rhash_head node;		/* hnet_dev.routers */
	u32 id;
	u64 plens;			/* bit n: a route of length n; RCU */
	struct list_head ifaces;	/* hnet_router_iface.list, RCU */
	struct hnet_router_pcpu_stats __percpu *stats;
	struct hnet_dev *hdev;

	/* Control plane, under the config mutex. */
	struct list_head routes;	/* hnet_route.list, RCU */
	struct list_head fips;		/* hnet_fip.list, RCU */
	/* The external gateway, if any (datapath, RCU). */
	struct hnet_gateway __rcu *gw;
	struct list_head list;		/* hnet_dev.router_list */
	unsigned int n_routes;		/* against hnet_settings.max */
	unsigned int n_plen[HNET_ROUTE_PLENS];	/* routes of each length */
	char name[HNET_NAME_MAXLEN];
	struct rcu_head rcu;

	/*
	 * Written by the datapath when the router sends something of its
	 * own: away from the lines every routed packet reads.
	 */
	struct hnet_router_rates rates ____cacheline_aligned_in_smp;
};

/* A router on a network: the subnet, the gateway IP and MAC. */
struct hnet_router_iface {
	/* Datapath. */
	struct hnet_router *router;
	struct hnet_network *network;
	__be32 gw;
	__be32 subnet;			/* gw & mask */
	__be32 mask;
	u8 mac[ETH_ALEN];
	u8 prefixlen;

	/* Control plane. */
	struct list_head list;		/* hnet_router.ifaces */
	struct rcu_head rcu;
};

/* Key of the routes table: a prefix of one router (padding zeroed). */
struct hnet_route_key {
	u32 router_id;
	__be32 prefix;			/* host bits clear */
	u8 prefixlen;
	u8 pad[3];
};

/*
 * An extra route.  Its next hops are fixed once published: a change (an
 * interface going takes the next hops in its subnet) publishes a new copy
 * in its place (rhashtable_replace_fast(), list_replace_rcu()).
 */
struct hnet_route {
	/* Datapath. */
	struct rhash_head node;		/* hnet_dev.routes */
	struct hnet_route_key key;
	u8 n_nexthops;
	__be32 nexthops[HNET_MAX_NEXTHOPS];

	/* Control plane. */
	struct hnet_router *router;
	struct list_head list;		/* hnet_router.routes */
	struct rcu_head rcu;
};

/*
 * An external device: the netdev by which routers' gateways reach the
 * external network, shared by the gateways that name it.  hnet takes its
 * frames with an rx handler (extnet.c), so one device belongs to one hnet
 * device and is no bridge or bond member.
 */
struct hnet_extdev {
	struct net_device *dev;		/* held */
	struct hnet_dev *hdev;
	unsigned long solicited;	/* jiffies of hnet's last ARP request */
	unsigned int refs;		/* gateways; under the config mutex */
	struct list_head list;		/* hnet_dev.extdevs */
	netdevice_tracker dev_tracker;
	struct rcu_head rcu;
};

/* A router's external gateway (extnet.c). */
struct hnet_gateway {
	struct hnet_router *router;
	struct hnet_extdev *ext;
	__be32 nexthop;			/* the upstream router; 0: on-link */
	struct rcu_head rcu;
};

/* Key of the floating IPs by fixed IP: an address on one network. */
struct hnet_fip_fixed_key {
	u32 network_id;
	__be32 fixed;
};

struct hnet_fip_pcpu_stats {
	u64_stats_t in_packets;
	u64_stats_t in_bytes;
	u64_stats_t out_packets;
	u64_stats_t out_bytes;
	struct u64_stats_sync syncp;
};

/*
 * A floating IP (fip.c): an external address translated 1:1 to the fixed
 * IP of a local port, on a network of the router it goes through.
 */
struct hnet_fip {
	/* Datapath: found by floating address, or by (network, fixed IP). */
	struct rhash_head node;		/* hnet_dev.fips */
	__be32 addr;
	struct rhash_head fixed_node;	/* hnet_dev.fips_fixed */
	struct hnet_fip_fixed_key fixed_key;
	struct hnet_router *router;
	struct hnet_network *network;
	struct hnet_fip_pcpu_stats __percpu *stats;

	/* Control plane. */
	struct list_head list;		/* hnet_router.fips */
	struct rcu_head rcu;
};

/*
 * A trunk: a NIC carrying VLANs bridged to networks (l2gw.c), shared by
 * the L2 gateways that name it.  hnet takes its tagged frames with an rx
 * handler, so one NIC belongs to one hnet device and is no bridge or bond
 * member, nor a port or an external device.
 */
struct hnet_trunk {
	struct net_device *dev;		/* held */
	struct hnet_dev *hdev;
	struct xarray vlans;		/* hnet_l2gw by VLAN id, RCU */
	unsigned int refs;		/* L2 gateways; under the config mutex */
	struct list_head list;		/* hnet_dev.trunks */
	netdevice_tracker dev_tracker;
	struct rcu_head rcu;
};

/* What an L2 gateway counts about learning, besides its traffic. */
struct hnet_l2gw_pcpu_stats {
	u64_stats_t learned;
	u64_stats_t moved;
	u64_stats_t aged;
	u64_stats_t learn_full;
	struct u64_stats_sync syncp;
};

/*
 * An L2 gateway (l2gw.c): the network @network bridged to VLAN @vid of
 * the trunk @trunk.  Its traffic counters count frames from the VLAN as
 * received and frames to it as transmitted.
 */
struct hnet_l2gw {
	/* Datapath. */
	struct hnet_network *network;
	struct hnet_trunk *trunk;
	u16 vid;
	struct hnet_pcpu_stats __percpu *stats;
	struct hnet_l2gw_pcpu_stats __percpu *learn_stats;
	struct list_head list;		/* hnet_network.l2gws */
	unsigned long ageing;		/* jiffies */

	/* Under hnet_dev.l2gw_lock: its learned MACs. */
	struct list_head macs;		/* hnet_l2gw_mac.gw_node */
	unsigned int n_macs;		/* READ_ONCE() outside the lock */
	unsigned int max_macs;
	bool dead;			/* learns no more: being deleted */
	struct rcu_head rcu;
};

/*
 * A MAC learned from a VLAN: where frames to it go (@gw, the network's L2
 * gateway), and when it last sent a frame.  Created by the datapath, aged
 * out by hnet_dev.l2gw_gc, all under hnet_dev.l2gw_lock; read under RCU.
 */
struct hnet_l2gw_mac {
	struct rhash_head node;		/* hnet_dev.l2gw_macs */
	struct hnet_fdb_key key;
	struct hnet_l2gw *gw;
	unsigned long updated;		/* jiffies; READ_ONCE/WRITE_ONCE */
	bool dead;			/* deleted (under the lock) */
	struct list_head list;		/* hnet_dev.l2gw_mac_list, RCU */
	struct list_head gw_node;	/* hnet_l2gw.macs */
	struct rcu_head rcu;
};

/*
 * Object configurations as decoded by netlink.c.  @tb is the object's
 * parsed attribute nest, only used to point extack at the attribute a
 * refusal is about; it may be NULL.
 */
struct hnet_dev_cfg {
	bool set_vtep, set_dstport, set_host_mac, set_source_check;
	__be32 vtep;
	u16 dstport;
	u8 host_mac[ETH_ALEN];
	bool source_check;
	u32 max[HNET_LIMIT_MAX];	/* 0: unchanged */
	struct nlattr **tb;
};

struct hnet_network_cfg {
	u32 id;
	u32 vni;
	u32 mtu;
	const char *name;
	struct nlattr **tb;
};

struct hnet_port_cfg {
	struct net_device *dev;
	const struct nlattr *dev_attr;	/* where @dev was named */
	u32 network_id;
	u8 mac[ETH_ALEN];
	bool security;
	u8 n_ips;
	u8 n_allowed;
	struct in6_addr ips[HNET_MAX_IPS];
	const struct nlattr *ip_attr[HNET_MAX_IPS];
	struct hnet_allowed allowed[HNET_MAX_ALLOWED];
	bool allowed_has_mac[HNET_MAX_ALLOWED];
	const struct nlattr *allowed_attr[HNET_MAX_ALLOWED];
	struct nlattr **tb;
};

struct hnet_remote_cfg {
	u32 network_id;
	u8 mac[ETH_ALEN];
	__be32 vtep;
	u8 n_ips;
	struct in6_addr ips[HNET_MAX_IPS];
	const struct nlattr *ip_attr[HNET_MAX_IPS];
	struct nlattr **tb;
};

static inline const struct nlattr *hnet_attr(struct nlattr **tb, int type)
{
	return tb ? tb[type] : NULL;
}

/* Whether @addr may be a VTEP or a host's address: not 0/8 ("this
 * network", which ipv4_is_zeronet() reduces to 0.0.0.0), multicast,
 * limited broadcast or loopback.
 */
static inline bool hnet_ipv4_is_unicast(__be32 addr)
{
	return (addr & htonl(IN_CLASSA_NET)) && !ipv4_is_multicast(addr) &&
	       !ipv4_is_lbcast(addr) && !ipv4_is_loopback(addr);
}

/* Whether @addr may be a fixed IPv6 address: not ::, ::1, multicast or
 * IPv4-mapped.
 */
static inline bool hnet_ipv6_is_unicast(const struct in6_addr *addr)
{
	return !ipv6_addr_any(addr) && !ipv6_addr_loopback(addr) &&
	       !ipv6_addr_is_multicast(addr) && !ipv6_addr_v4mapped(addr);
}

/*
 * netlink.c: the genetlink family.  One set of NEW, DEL and GET handlers,
 * one dump walker and one notification path serve every kind of object,
 * each described by a struct hnet_obj_type defined next to the object
 * (see "Adding an object" in Documentation/hnet.rst).
 */
struct genl_info;

/* The most members an object's nest may have (its HNET_*_A_MAX). */
#define HNET_OBJ_MAXATTR	16

typedef int (*hnet_walk_fn)(void *arg, const void *obj);

struct hnet_obj_type {
	int nest;			/* HNET_A_*: the object's nest */
	int maxattr;			/* its HNET_*_A_MAX */
	const struct nla_policy *new_policy;	/* the nest in NEW */
	const struct nla_policy *key_policy;	/* the nest in DEL and GET */
	const char *missing;		/* extack: the request has no nest */
	u8 cmd_new, cmd_del, cmd_get;
	bool stats;			/* GET and dumps carry its counters */
	/*
	 * Dumps take a network filter, HNET_A_NETWORK/HNET_NETWORK_A_ID or
	 * the nest's member @filter_attr (0: none).
	 */
	bool filtered;
	int filter_attr;
	/* The filter is a router id (HNET_A_ROUTER...), not a network id. */
	bool filter_router;
	/*
	 * For hnet_nl_walk_list(): the object's list_head (@obj_list); for
	 * hnet_network_walk_list() and hnet_router_nl_walk() also the list
	 * in the network or router (@nw_list; for a router's walk, 0: the
	 * routers themselves).
	 */
	size_t nw_list, obj_list;

	/*
	 * NEW, under RTNL and the config mutex: decode @tb (@nest parsed
	 * with new_policy) and create the object, or ERR_PTR() with extack.
	 */
	void *(*create)(struct hnet_dev *hdev, struct nlattr *nest,
			struct nlattr **tb, struct genl_info *info);
	/*
	 * DEL and GET, under RCU (and the config mutex for DEL): the object
	 * @tb names (@nest parsed with key_policy), or ERR_PTR() with extack.
	 * NULL: the object is the device itself.
	 */
	void *(*find)(struct hnet_dev *hdev, struct nlattr *nest,
		      struct nlattr **tb, struct genl_info *info);
	/* DEL, under RTNL and the config mutex: delete it and notify. */
	void (*delete)(void *obj);
	/* The members of the nest, under RCU or the config mutex. */
	int (*fill)(struct sk_buff *skb, const void *obj, bool stats);
	/*
	 * Dumps, under RCU: call @fn on every object of @hdev (of network
	 * @network_id only, if not 0) in a stable order; stop at its first
	 * error and return it.
	 */
	int (*walk)(const struct hnet_obj_type *type, struct hnet_dev *hdev,
		    u32 network_id, hnet_walk_fn fn, void *arg);
	/*
	 * Optional, for objects that change outside the config mutex: the
	 * generation their dumps carry, instead of the device's.
	 */
	u32 (*generation)(struct hnet_dev *hdev);
	/*
	 * Optional: make the object NEW created visible to the datapath,
	 * once its notification is out (what the datapath announces about
	 * it comes after it).  Under RTNL and the config mutex.
	 */
	void (*publish)(const void *obj);
};

/* How a request names a netdev: attributes and refusals. */
struct hnet_nl_ident {
	int ifindex, ifname;		/* attribute types */
	const char *missing, *not_found, *differ;
};

/* A list of addresses of both families in a nest: attributes, refusals. */
struct hnet_nl_addrs {
	int type4, type6;		/* attribute types */
	const char *too_many, *bad4, *bad6;
};

/* A required attribute is missing: say which, and where. */
#define hnet_nl_missing(extack, nest, type, msg) ({			\
	struct netlink_ext_ack *_ea = (extack);				\
									\
	NL_SET_ERR_MSG(_ea, msg);					\
	NL_SET_ERR_ATTR_MISS(_ea, (nest), (type));			\
	-EINVAL;							\
})

int hnet_genl_register(void);
void hnet_genl_unregister(void);
void hnet_nl_set_err(struct netlink_ext_ack *extack,
		     const struct nlattr *attr, const char *msg);
void hnet_nl_notify(const struct hnet_obj_type *type, struct hnet_dev *hdev,
		    const void *obj, u8 cmd);
void hnet_nl_event(const struct hnet_obj_type *type, struct hnet_dev *hdev,
		   const void *obj, u8 cmd);
struct net_device *hnet_nl_netdev_rcu(struct net *net,
				      const struct hnet_nl_ident *ident,
				      struct nlattr *nest, struct nlattr **tb,
				      const struct nlattr **attrp,
				      struct netlink_ext_ack *extack);
int hnet_nl_parse_addr(const struct hnet_nl_addrs *list,
		       const struct nlattr *a, struct in6_addr *addrs,
		       const struct nlattr **attrs, u8 *n,
		       struct netlink_ext_ack *extack);
int hnet_nl_put_netdev(struct sk_buff *skb, int ifindex, int ifname,
		       const struct net_device *dev);
int hnet_nl_put_addr(struct sk_buff *skb, int type4, int type6,
		     const struct in6_addr *addr);
int hnet_nl_put_counters(struct sk_buff *skb, int type, int pad, int first,
			 const u64 *v, unsigned int n);
int hnet_nl_put_stats(struct sk_buff *skb, int type,
		      struct hnet_pcpu_stats __percpu *pcpu);
int hnet_nl_walk_list(const struct hnet_obj_type *type,
		      struct list_head *head, hnet_walk_fn fn, void *arg);

/* device.c */
extern struct rtnl_link_ops hnet_link_ops;
extern const struct hnet_obj_type hnet_dev_type;
bool netif_is_hnet(const struct net_device *dev);
const struct hnet_settings *hnet_settings_cfg(const struct hnet_dev *hdev);
void hnet_dev_changed(struct hnet_dev *hdev);
int hnet_dev_set(struct hnet_dev *hdev, const struct hnet_dev_cfg *cfg,
		 struct netlink_ext_ack *extack);
void hnet_dev_delete(struct hnet_dev *hdev, struct list_head *kill_list);
int hnet_limit_check(struct hnet_dev *hdev, enum hnet_limit limit,
		     unsigned int used, const struct nlattr *attr,
		     struct netlink_ext_ack *extack);
void hnet_stats_read(struct hnet_pcpu_stats __percpu *pcpu,
		     struct hnet_stats *out);

/*
 * What one frame adds to the counters of one object: gathered on the way
 * (struct hnet_dp, datapath.c) and written with one hnet_stats_add().  A
 * frame has at most one drop reason: its own, or no_dest for the copies
 * that could not be sent.
 */
struct hnet_count {
	u32 rx_packets;
	u32 tx_packets;
	u64 rx_bytes;
	u64 tx_bytes;
	u32 drops;
	u8 reason;
};

/*
 * The length of the Ethernet frame at skb->data as it is on the wire: with
 * a VLAN tag the stack keeps apart (skb->vlan_tci).
 */
static inline unsigned int hnet_frame_len(const struct sk_buff *skb)
{
	return skb->len + (skb_vlan_tag_present(skb) ? VLAN_HLEN : 0);
}

static inline void hnet_count_rx(struct hnet_count *c, unsigned int len)
{
	c->rx_packets++;
	c->rx_bytes += len;
}

static inline void hnet_count_tx(struct hnet_count *c, unsigned int len)
{
	c->tx_packets++;
	c->tx_bytes += len;
}

static inline void hnet_count_drop(struct hnet_count *c,
				   enum hnet_drop_reason reason)
{
	c->drops++;
	c->reason = reason;
}

/* One per-CPU update: everything @c says. */
static inline void hnet_stats_add(struct hnet_pcpu_stats __percpu *pcpu,
				  const struct hnet_count *c)
{
	struct hnet_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->rx_packets, c->rx_packets);
	u64_stats_add(&s->rx_bytes, c->rx_bytes);
	u64_stats_add(&s->tx_packets, c->tx_packets);
	u64_stats_add(&s->tx_bytes, c->tx_bytes);
	if (c->drops)
		u64_stats_add(&s->drops[c->reason], c->drops);
	u64_stats_update_end(&s->syncp);
}

/* One frame transmitted on an object no other count of the frame covers. */
static inline void hnet_stats_tx(struct hnet_pcpu_stats __percpu *pcpu,
				 unsigned int len)
{
	struct hnet_count c = {};

	hnet_count_tx(&c, len);
	hnet_stats_add(pcpu, &c);
}

/* network.c */
extern const struct hnet_obj_type hnet_network_type;
extern const struct nla_policy hnet_network_new_nl_policy[HNET_NETWORK_A_MAX + 1];
extern const struct nla_policy hnet_network_key_nl_policy[HNET_NETWORK_A_MAX + 1];
int hnet_networks_init(struct hnet_dev *hdev);
void hnet_networks_destroy(struct hnet_dev *hdev);
struct hnet_network *hnet_network_create(struct hnet_dev *hdev,
					 const struct hnet_network_cfg *cfg,
					 struct netlink_ext_ack *extack);
void hnet_network_delete(struct hnet_network *nw, bool notify);
void hnet_networks_flush(struct hnet_dev *hdev);
struct hnet_network *hnet_network_find_locked(struct hnet_dev *hdev, u32 id);
struct hnet_network *hnet_network_find_vni_rcu(struct hnet_dev *hdev,
					       u32 vni);
struct hnet_network *hnet_network_find_rcu(struct hnet_dev *hdev, u32 id);
struct hnet_network *hnet_network_nl_lookup(struct hnet_dev *hdev,
					    const struct nlattr *attr,
					    struct netlink_ext_ack *extack);
int hnet_network_walk_list(const struct hnet_obj_type *type,
			   struct hnet_dev *hdev, u32 network_id,
			   hnet_walk_fn fn, void *arg);

/* port.c */
extern const struct hnet_obj_type hnet_port_type;
extern const struct nla_policy hnet_port_new_nl_policy[HNET_PORT_A_MAX + 1];
extern const struct nla_policy hnet_port_key_nl_policy[HNET_PORT_A_MAX + 1];
int hnet_ports_init(struct hnet_dev *hdev);
void hnet_ports_destroy(struct hnet_dev *hdev);
struct hnet_port *hnet_port_create(struct hnet_dev *hdev,
				   const struct hnet_port_cfg *cfg,
				   struct netlink_ext_ack *extack);
void hnet_port_delete(struct hnet_port *port, bool notify);
struct hnet_port *hnet_port_from_netdev(const struct net_device *dev);

/* The refusals of a use of a netdev that hnet takes with an rx handler. */
struct hnet_netdev_refusals {
	const char *port, *hnet, *loopback, *not_ether, *enslaved, *busy;
};

int hnet_netdev_check_free(struct net_device *dev,
			   const struct hnet_netdev_refusals *msg,
			   const struct nlattr *attr,
			   struct netlink_ext_ack *extack);
struct hnet_port *hnet_port_lookup_netdev_rcu(struct hnet_dev *hdev,
					      const struct net_device *dev);
struct hnet_port *hnet_port_find_locked(struct hnet_dev *hdev, u32 network_id,
					const u8 *mac);
struct hnet_port *hnet_port_find_rcu(struct hnet_dev *hdev, u32 network_id,
				     const u8 *mac);
extern struct notifier_block hnet_netdev_notifier;

/* remote.c: remotes and flood entries */
extern const struct hnet_obj_type hnet_remote_type;
extern const struct hnet_obj_type hnet_flood_type;
extern const struct nla_policy hnet_remote_new_nl_policy[HNET_REMOTE_A_MAX + 1];
extern const struct nla_policy hnet_remote_key_nl_policy[HNET_REMOTE_A_MAX + 1];
extern const struct nla_policy hnet_flood_nl_policy[HNET_FLOOD_A_MAX + 1];
int hnet_remotes_init(struct hnet_dev *hdev);
void hnet_remotes_destroy(struct hnet_dev *hdev);
struct hnet_remote *hnet_remote_create(struct hnet_dev *hdev,
				       const struct hnet_remote_cfg *cfg,
				       struct netlink_ext_ack *extack);
void hnet_remote_delete(struct hnet_remote *remote, bool notify);
struct hnet_remote *hnet_remote_find_locked(struct hnet_dev *hdev,
					    u32 network_id, const u8 *mac);
struct hnet_remote *hnet_remote_find_rcu(struct hnet_dev *hdev,
					 u32 network_id, const u8 *mac);
struct hnet_flood *hnet_flood_create(struct hnet_network *nw, __be32 vtep,
				     struct nlattr **tb,
				     struct netlink_ext_ack *extack);
void hnet_flood_delete(struct hnet_flood *flood, bool notify);
struct hnet_flood *hnet_flood_find_locked(struct hnet_network *nw,
					  __be32 vtep);
struct hnet_flood *hnet_flood_find_rcu(struct hnet_network *nw, __be32 vtep);
bool hnet_vtep_known_rcu(struct hnet_dev *hdev, u32 network_id, __be32 vtep);

/* peer.c: other hypervisors' DVR MACs */
extern const struct hnet_obj_type hnet_peer_type;
extern const struct nla_policy hnet_peer_nl_policy[HNET_PEER_A_MAX + 1];
extern const struct nla_policy hnet_peer_key_nl_policy[HNET_PEER_A_MAX + 1];
int hnet_peers_init(struct hnet_dev *hdev);
void hnet_peers_destroy(struct hnet_dev *hdev);
void hnet_peers_flush(struct hnet_dev *hdev);
struct hnet_peer *hnet_peer_find_mac_rcu(struct hnet_dev *hdev, const u8 *mac);
struct hnet_peer *hnet_peer_find_rcu(struct hnet_dev *hdev, __be32 vtep);
int hnet_peers_check_vtep(struct hnet_dev *hdev, __be32 vtep,
			  const struct nlattr *attr,
			  struct netlink_ext_ack *extack);
int hnet_peers_check_host_mac(struct hnet_dev *hdev, const u8 *mac,
			      const struct nlattr *attr,
			      struct netlink_ext_ack *extack);

/* router.c: routers and their interfaces */
extern const struct hnet_obj_type hnet_router_type;
extern const struct hnet_obj_type hnet_router_iface_type;
extern const struct hnet_obj_type hnet_route_type;
extern const struct nla_policy hnet_router_new_nl_policy[HNET_ROUTER_A_MAX + 1];
extern const struct nla_policy hnet_router_key_nl_policy[HNET_ROUTER_A_MAX + 1];
extern const struct nla_policy hnet_router_iface_new_nl_policy[HNET_ROUTER_IFACE_A_MAX + 1];
extern const struct nla_policy hnet_router_iface_key_nl_policy[HNET_ROUTER_IFACE_A_MAX + 1];
extern const struct nla_policy hnet_route_new_nl_policy[HNET_ROUTE_A_MAX + 1];
extern const struct nla_policy hnet_route_key_nl_policy[HNET_ROUTE_A_MAX + 1];
extern const struct nla_policy hnet_route_get_nl_policy[HNET_ROUTE_A_MAX + 1];
int hnet_routers_init(struct hnet_dev *hdev);
void hnet_routers_destroy(struct hnet_dev *hdev);
void hnet_routers_flush(struct hnet_dev *hdev);
struct hnet_router *hnet_router_find_rcu(struct hnet_dev *hdev, u32 id);
void hnet_router_iface_delete(struct hnet_router_iface *ifc, bool notify);
int hnet_router_iface_check_owner(struct hnet_network *nw, const u8 *mac,
				  const struct nlattr *mac_attr,
				  const struct in6_addr *ips, unsigned int n,
				  const struct nlattr *const *attrs,
				  struct netlink_ext_ack *extack);
void hnet_router_iface_derive_mac(u32 router_id, u32 network_id, u8 *mac);
struct hnet_router *hnet_router_nl_get(struct hnet_dev *hdev,
				       struct nlattr *nest,
				       struct nlattr **tb, int type,
				       struct netlink_ext_ack *extack);
int hnet_router_nl_walk(const struct hnet_obj_type *type,
			struct hnet_dev *hdev, u32 filter,
			hnet_walk_fn fn, void *arg);

struct hnet_router_iface *hnet_router_iface_find_rcu(const struct hnet_router *router,
						     __be32 addr);
void hnet_router_miss(struct hnet_router *router,
		      const struct hnet_router_iface *ifc, __be32 addr);
void hnet_router_count_icmp(struct hnet_router *router,
			    enum hnet_router_icmp kind);
void hnet_router_count_drop(struct hnet_router *router,
			    enum hnet_router_drop reason);

/* One packet of @len bytes routed (datapath). */
static inline void hnet_router_count_routed(struct hnet_router *router,
					    unsigned int len)
{
	struct hnet_router_pcpu_stats *s = this_cpu_ptr(router->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->routed_packets);
	u64_stats_add(&s->routed_bytes, len);
	u64_stats_update_end(&s->syncp);
}

/* extnet.c: the external network, routers' gateways */
extern const struct hnet_obj_type hnet_gateway_type;
extern const struct nla_policy hnet_gateway_new_nl_policy[HNET_GATEWAY_A_MAX + 1];
extern const struct nla_policy hnet_gateway_key_nl_policy[HNET_GATEWAY_A_MAX + 1];
struct hnet_gateway *hnet_gateway_of(const struct hnet_router *router);
void hnet_gateway_delete(struct hnet_router *router, bool notify);
int hnet_extdev_netdev_event(struct net_device *dev, unsigned long event);
bool hnet_extdev_has_addr(struct net_device *dev);
struct neighbour *hnet_extdev_neigh(struct hnet_extdev *ext, __be32 addr,
				    __be32 from);
void hnet_extdev_announce(struct hnet_extdev *ext, __be32 addr,
			  __be32 nexthop);

/* fip.c: floating IPs */
extern const struct hnet_obj_type hnet_fip_type;
extern const struct nla_policy hnet_fip_new_nl_policy[HNET_FIP_A_MAX + 1];
extern const struct nla_policy hnet_fip_key_nl_policy[HNET_FIP_A_MAX + 1];
extern const struct nla_policy hnet_fip_get_nl_policy[HNET_FIP_A_MAX + 1];
int hnet_fips_init(struct hnet_dev *hdev);
void hnet_fips_destroy(struct hnet_dev *hdev);
struct hnet_fip *hnet_fip_find_rcu(struct hnet_dev *hdev, __be32 addr);
struct hnet_fip *hnet_fip_find_fixed_rcu(struct hnet_dev *hdev,
					 u32 network_id, __be32 fixed);
void hnet_fips_flush(struct hnet_router *router, bool notify);
void hnet_fips_drop_network(struct hnet_router *router,
			    struct hnet_network *nw, bool notify);
void hnet_fips_drop_port(struct hnet_network *nw, const struct in6_addr *ips,
			 unsigned int n, bool notify);

/* route.c: extra routes of the routers */
int hnet_routes_init(struct hnet_dev *hdev);
void hnet_routes_destroy(struct hnet_dev *hdev);
struct hnet_route *hnet_route_lookup_rcu(const struct hnet_router *router,
					 __be32 daddr);
__be32 hnet_route_nexthop(const struct hnet_route *rt, u32 hash);
void hnet_route_delete(struct hnet_route *rt, bool notify);
void hnet_routes_drop_subnet(struct hnet_router *router, __be32 subnet,
			     __be32 mask, bool notify);

/* Whether @addr is inside the IPv4 prefix @subnet/@mask. */
static inline bool hnet_subnet_has(__be32 subnet, __be32 mask, __be32 addr)
{
	return (addr & mask) == subnet;
}

/* l2gw.c: L2 gateways, their trunks and learned MACs */
extern const struct hnet_obj_type hnet_l2gw_type;
extern const struct hnet_obj_type hnet_l2gw_mac_type;
extern const struct nla_policy hnet_l2gw_new_nl_policy[HNET_L2GW_A_MAX + 1];
extern const struct nla_policy hnet_l2gw_key_nl_policy[HNET_L2GW_A_MAX + 1];
extern const struct nla_policy hnet_l2gw_mac_key_nl_policy[HNET_L2GW_MAC_A_MAX + 1];
int hnet_l2gws_init(struct hnet_dev *hdev);
void hnet_l2gws_stop(struct hnet_dev *hdev);
void hnet_l2gws_destroy(struct hnet_dev *hdev);
void hnet_l2gws_drop_network(struct hnet_network *nw, bool notify);
void hnet_l2gw_forget(struct hnet_dev *hdev, u32 network_id, const u8 *mac);
int hnet_trunk_netdev_event(struct net_device *dev, unsigned long event,
			    void *ptr);
bool hnet_l2gw_learn(struct hnet_l2gw *gw, const u8 *mac);
struct hnet_l2gw_mac *hnet_l2gw_mac_find_rcu(struct hnet_dev *hdev,
					     u32 network_id, const u8 *mac);

/* security.c: port security */
struct hnet_arp;
bool hnet_port_security_ok(const struct hnet_port *port, struct sk_buff *skb,
			   struct hnet_arp *arp, enum hnet_drop_reason *reason);

/*
 * datapath.c: the packet path.  struct hnet_dp is one frame's way through
 * it: where it came from and what it did to the counters of its source
 * port (src_count) and of its network and device (count).
 */
/*
 * What every VXLAN copy of one frame carries in its outer headers,
 * computed once per frame (by the first copy, hnet_vxlan_xmit()).
 */
struct hnet_encap {
	bool ready;
	u8 tos;				/* the inner ECN field (RFC 6040) */
	__be16 sport;			/* from the inner flow hash */
};

struct hnet_dp {
	struct hnet_dev *hdev;
	struct hnet_network *nw;	/* NULL while the VNI is unknown */
	struct hnet_port *src;		/* from a port, or ... */
	struct hnet_l2gw *src_gw;	/* ... from a VLAN; neither: underlay */
	struct hnet_encap encap;
	struct hnet_count src_count;
	struct hnet_count count;
};

void hnet_dp_start(struct hnet_dp *dp, struct hnet_dev *hdev,
		   struct hnet_network *nw, struct hnet_port *src,
		   unsigned int len);
void hnet_dp_drop(struct hnet_dp *dp, struct sk_buff *skb,
		  enum hnet_drop_reason reason);
void hnet_dp_finish(struct hnet_dp *dp);
void hnet_dp_deliver(struct hnet_dp *dp, struct hnet_port *port,
		     struct sk_buff *skb);
void hnet_dp_from_port(struct hnet_port *port, struct sk_buff *skb);
void hnet_dp_from_underlay(struct hnet_dp *dp, struct sk_buff *skb,
			   u8 outer_tos, __be32 vtep, bool named);
void hnet_dp_to_ext(struct hnet_dp *dp, struct sk_buff *skb,
		    struct hnet_extdev *ext);
void hnet_dp_from_external(struct hnet_extdev *ext, struct hnet_fip *fip,
			   struct sk_buff *skb);
void hnet_dp_from_vlan(struct hnet_l2gw *gw, struct sk_buff *skb);

/* nat.c: the floating-IP rewrite */
bool hnet_nat_rewrite(struct sk_buff *skb, bool src, __be32 from, __be32 to);

/* icmp.c: what a router answers and reports on its own */
void hnet_router_rates_init(struct hnet_router_rates *rates);
bool hnet_rate_allow(struct hnet_rate *one, unsigned long cost,
		     unsigned long cap, struct hnet_rate *all,
		     unsigned long per_sec, unsigned long burst);
struct hnet_rate *hnet_rate_bucket(struct hnet_rate *rates, u32 seed,
				   __be32 addr);
bool hnet_icmp_echo(struct hnet_dp *dp, struct sk_buff *skb,
		    const struct hnet_router_iface *in, __be32 gw);
/*
 * Where an ICMP error of a router comes from: the gateway of the network
 * the packet arrived on (back to the VM on its port), or a floating IP
 * (back to the outside, out of the external device @ext).
 */
struct hnet_icmp_from {
	struct hnet_router *router;
	__be32 addr;
	const u8 *mac;
	struct hnet_extdev *ext;	/* NULL: to the source port */
};

void hnet_icmp_error(struct hnet_dp *dp, struct sk_buff *skb,
		     const struct hnet_icmp_from *from,
		     enum hnet_router_icmp kind, __be32 info);

/* vxlan.c: the underlay */
int hnet_vxlan_open(struct hnet_dev *hdev, struct netlink_ext_ack *extack);
void hnet_vxlan_close(struct hnet_dev *hdev);
int hnet_vxlan_change_port(struct hnet_dev *hdev, u16 dstport,
			   const struct nlattr *attr,
			   struct netlink_ext_ack *extack);
struct hnet_dp;
int hnet_vxlan_xmit(struct hnet_dp *dp, struct sk_buff *skb,
		    struct hnet_vtep *vt);
int hnet_vteps_init(struct hnet_dev *hdev);
void hnet_vteps_destroy(struct hnet_dev *hdev);
struct hnet_vtep *hnet_vtep_get(struct hnet_dev *hdev, __be32 addr);
void hnet_vtep_put(struct hnet_dev *hdev, struct hnet_vtep *vt);
void hnet_vteps_reset(struct hnet_dev *hdev);

/* arp.c: the IP table and the ARP responder */
struct hnet_arp {
	__be16 op;
	u8 sha[ETH_ALEN];
	__be32 sip;
	__be32 tip;
};

int hnet_ips_init(struct hnet_dev *hdev);
void hnet_ips_destroy(struct hnet_dev *hdev);
int hnet_ips_check_locked(struct hnet_dev *hdev, u32 network_id,
			  const struct in6_addr *ips, unsigned int n,
			  const struct nlattr *const *attrs,
			  struct netlink_ext_ack *extack);
int hnet_ips_insert(struct hnet_dev *hdev, struct hnet_ip *nodes,
		    u32 network_id, const struct in6_addr *ips,
		    unsigned int n, struct hnet_port *port,
		    struct hnet_remote *remote);
void hnet_ips_remove(struct hnet_dev *hdev, struct hnet_ip *nodes,
		     unsigned int n);
struct hnet_ip *hnet_ip_find_rcu(struct hnet_dev *hdev, u32 network_id,
				 const struct in6_addr *addr);
bool hnet_arp_parse(struct sk_buff *skb, struct hnet_arp *arp);
struct sk_buff *hnet_arp_respond(struct hnet_network *nw,
				 struct net_device *dev,
				 const struct hnet_arp *arp, bool gateway);

/* nd.c: the IPv6 neighbour discovery responder */
struct sk_buff *hnet_nd_respond(const struct hnet_port *port,
				struct sk_buff *skb);

#endif /* _HNET_H */
