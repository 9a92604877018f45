/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * hnet: multi-tenant VXLAN switching, distributed routing and floating-IP
 * NAT in one virtual device.  Generic netlink interface.
 *
 * Documentation/netlink/specs/hnet.yaml describes this family; a selftest
 * checks that the two agree.  Command and attribute numbers are ABI: new
 * ones are only ever appended, before the __*_MAX sentinel.
 *
 * Every request except an HNET_CMD_DEV_GET dump names its hnet device with
 * HNET_A_IFINDEX or HNET_A_IFNAME.  Each object travels in one nested
 * attribute (HNET_A_DEV, HNET_A_NETWORK, ...) whose members are the
 * HNET_<OBJECT>_A_* attributes below.  Addresses are in network byte
 * order: IPv4 as struct in_addr, IPv6 as struct in6_addr (separate
 * attributes, *_IP6 and *_ADDR6); MACs are 6 raw bytes, everything else is
 * host byte order.
 *
 * Every command, GET and dumps included, and joining the events group need
 * CAP_NET_ADMIN in the user namespace that owns the device's network
 * namespace: objects carry every tenant's addresses and VTEPs.
 */
#ifndef _UAPI_LINUX_HNET_H
#define _UAPI_LINUX_HNET_H

#define HNET_GENL_NAME		"hnet"
#define HNET_GENL_VERSION	1
#define HNET_MCGRP_EVENTS	"events"

#define HNET_VNI_MAX		0xffffff	/* 24-bit VXLAN network identifier */
#define HNET_NAME_MAXLEN	32		/* network name, with its NUL */
#define HNET_DEFAULT_DSTPORT	4789		/* IANA VXLAN port */

enum hnet_cmd {
	HNET_CMD_UNSPEC,
	HNET_CMD_DEV_GET,	/* doit: one device; dumpit: every hnet device */
	HNET_CMD_DEV_SET,	/* change device settings; also notified */
	HNET_CMD_NETWORK_NEW,
	HNET_CMD_NETWORK_DEL,
	HNET_CMD_NETWORK_GET,
	HNET_CMD_PORT_NEW,
	HNET_CMD_PORT_DEL,
	HNET_CMD_PORT_GET,
	HNET_CMD_REMOTE_NEW,
	HNET_CMD_REMOTE_DEL,
	HNET_CMD_REMOTE_GET,
	HNET_CMD_FLOOD_NEW,
	HNET_CMD_FLOOD_DEL,
	HNET_CMD_FLOOD_GET,
	HNET_CMD_DEV_DEL,	/* notification only: the device went away */
	HNET_CMD_PEER_NEW,
	HNET_CMD_PEER_DEL,
	HNET_CMD_PEER_GET,
	HNET_CMD_ROUTER_NEW,
	HNET_CMD_ROUTER_DEL,
	HNET_CMD_ROUTER_GET,
	HNET_CMD_ROUTER_IFACE_NEW,
	HNET_CMD_ROUTER_IFACE_DEL,
	HNET_CMD_ROUTER_IFACE_GET,
	HNET_CMD_ROUTE_NEW,	/* also notified when a route loses next hops */
	HNET_CMD_ROUTE_DEL,
	HNET_CMD_ROUTE_GET,
	HNET_CMD_MISS,		/* notification only: a router found no port or
				 * remote with an address (HNET_A_MISS)
				 */
	HNET_CMD_GATEWAY_NEW,	/* a router's external gateway */
	HNET_CMD_GATEWAY_DEL,
	HNET_CMD_GATEWAY_GET,
	HNET_CMD_FIP_NEW,
	HNET_CMD_FIP_DEL,
	HNET_CMD_FIP_GET,
	HNET_CMD_L2GW_NEW,	/* bridge a network to a VLAN of a trunk NIC */
	HNET_CMD_L2GW_DEL,
	HNET_CMD_L2GW_GET,
	HNET_CMD_L2GW_MAC_NEW,	/* notification only: a MAC learned on a VLAN
				 * (HNET_A_L2GW_MAC)
				 */
	HNET_CMD_L2GW_MAC_DEL,	/* notification only: a learned MAC aged out,
				 * was taken by a port or remote, or went with
				 * its L2 gateway
				 */
	HNET_CMD_L2GW_MAC_GET,	/* the MACs learned on the VLANs */

	__HNET_CMD_MAX
};
#define HNET_CMD_MAX (__HNET_CMD_MAX - 1)

/* Top level. */
enum hnet_attr {
	HNET_A_UNSPEC,
	HNET_A_IFINDEX,		/* u32: the hnet device */
	HNET_A_IFNAME,		/* string: the hnet device */
	HNET_A_DEV,		/* nest: HNET_DEV_A_* */
	HNET_A_NETWORK,		/* nest: HNET_NETWORK_A_* */
	HNET_A_PORT,		/* nest: HNET_PORT_A_* */
	HNET_A_REMOTE,		/* nest: HNET_REMOTE_A_* */
	HNET_A_FLOOD,		/* nest: HNET_FLOOD_A_* */
	HNET_A_PEER,		/* nest: HNET_PEER_A_* */
	HNET_A_ROUTER,		/* nest: HNET_ROUTER_A_* */
	HNET_A_ROUTER_IFACE,	/* nest: HNET_ROUTER_IFACE_A_* */
	HNET_A_ROUTE,		/* nest: HNET_ROUTE_A_* */
	HNET_A_MISS,		/* nest: HNET_MISS_A_*, notifications only */
	HNET_A_GATEWAY,		/* nest: HNET_GATEWAY_A_* */
	HNET_A_FIP,		/* nest: HNET_FIP_A_* */
	HNET_A_L2GW,		/* nest: HNET_L2GW_A_* */
	HNET_A_L2GW_MAC,	/* nest: HNET_L2GW_MAC_A_* */

	__HNET_A_MAX
};
#define HNET_A_MAX (__HNET_A_MAX - 1)

enum hnet_dev_attr {
	HNET_DEV_A_UNSPEC,
	HNET_DEV_A_IFINDEX,	/* u32, read only */
	HNET_DEV_A_IFNAME,	/* string, read only */
	HNET_DEV_A_VTEP,	/* in_addr (be32): local VTEP address */
	HNET_DEV_A_DSTPORT,	/* u16: VXLAN UDP port, default 4789 */
	HNET_DEV_A_HOST_MAC,	/* 6 bytes: this hypervisor's DVR MAC */
	HNET_DEV_A_GENERATION,	/* u32, read only: bumped on every change */
	HNET_DEV_A_STATS,	/* nest: HNET_STATS_A_*, read only */
	HNET_DEV_A_SOURCE_CHECK, /* u8: 1 (default): VXLAN of a network only
				  * from the VTEPs named for it; 0: any
				  */
	HNET_DEV_A_MAX_NETWORKS, /* u32: limit of networks of the device */
	HNET_DEV_A_MAX_PORTS,	/* u32: limit of ports of the device */
	HNET_DEV_A_MAX_REMOTES,	/* u32: limit of remotes of the device */
	HNET_DEV_A_MAX_FLOODS,	/* u32: limit of flood entries per network */
	HNET_DEV_A_MAX_PEERS,	/* u32: limit of peers of the device */
	HNET_DEV_A_MAX_ROUTERS,	/* u32: limit of routers of the device */
	HNET_DEV_A_MAX_ROUTES,	/* u32: limit of extra routes per router */

	__HNET_DEV_A_MAX
};
#define HNET_DEV_A_MAX (__HNET_DEV_A_MAX - 1)

enum hnet_network_attr {
	HNET_NETWORK_A_UNSPEC,
	HNET_NETWORK_A_ID,	/* u32, chosen by the controller, not 0 */
	HNET_NETWORK_A_VNI,	/* u32: 1..HNET_VNI_MAX, unique per device */
	HNET_NETWORK_A_NAME,	/* string, optional */
	HNET_NETWORK_A_MTU,	/* u32, optional: default underlay MTU - 50 */
	HNET_NETWORK_A_STATS,	/* nest: HNET_STATS_A_*, read only */

	__HNET_NETWORK_A_MAX
};
#define HNET_NETWORK_A_MAX (__HNET_NETWORK_A_MAX - 1)

enum hnet_port_attr {
	HNET_PORT_A_UNSPEC,
	HNET_PORT_A_IFINDEX,	/* u32: the attached netdev */
	HNET_PORT_A_IFNAME,	/* string: the attached netdev */
	HNET_PORT_A_NETWORK_ID,	/* u32 */
	HNET_PORT_A_MAC,	/* 6 bytes: the VM's MAC */
	HNET_PORT_A_IP,		/* in_addr, multi-attr: fixed IPs */
	HNET_PORT_A_ALLOWED,	/* nest, multi-attr: HNET_ALLOWED_A_* */
	HNET_PORT_A_SECURITY,	/* u8: port security 1 on (default), 0 off */
	HNET_PORT_A_STATS,	/* nest: HNET_STATS_A_*, read only */
	HNET_PORT_A_IP6,	/* in6_addr, multi-attr: fixed IPv6 addresses */

	__HNET_PORT_A_MAX
};
#define HNET_PORT_A_MAX (__HNET_PORT_A_MAX - 1)

/* One allowed address pair of a port. */
enum hnet_allowed_attr {
	HNET_ALLOWED_A_UNSPEC,
	HNET_ALLOWED_A_ADDR,	/* in_addr (or HNET_ALLOWED_A_ADDR6) */
	HNET_ALLOWED_A_PREFIXLEN, /* u8: 0..32 (IPv4), 0..128 (IPv6),
				   * default the full length
				   */
	HNET_ALLOWED_A_MAC,	/* 6 bytes, optional: default the port's MAC */
	HNET_ALLOWED_A_ADDR6,	/* in6_addr */

	__HNET_ALLOWED_A_MAX
};
#define HNET_ALLOWED_A_MAX (__HNET_ALLOWED_A_MAX - 1)

enum hnet_remote_attr {
	HNET_REMOTE_A_UNSPEC,
	HNET_REMOTE_A_NETWORK_ID, /* u32 */
	HNET_REMOTE_A_MAC,	/* 6 bytes */
	HNET_REMOTE_A_IP,	/* in_addr, multi-attr */
	HNET_REMOTE_A_VTEP,	/* in_addr: the hypervisor hosting the port */
	HNET_REMOTE_A_IP6,	/* in6_addr, multi-attr */

	__HNET_REMOTE_A_MAX
};
#define HNET_REMOTE_A_MAX (__HNET_REMOTE_A_MAX - 1)

enum hnet_flood_attr {
	HNET_FLOOD_A_UNSPEC,
	HNET_FLOOD_A_NETWORK_ID, /* u32 */
	HNET_FLOOD_A_VTEP,	/* in_addr */

	__HNET_FLOOD_A_MAX
};
#define HNET_FLOOD_A_MAX (__HNET_FLOOD_A_MAX - 1)

/* Counters, all u64: devices, networks and ports carry every one. */
enum hnet_stats_attr {
	HNET_STATS_A_UNSPEC,
	HNET_STATS_A_PAD,
	HNET_STATS_A_RX_PACKETS,	/* from ports / from the underlay */
	HNET_STATS_A_RX_BYTES,
	HNET_STATS_A_TX_PACKETS,	/* to ports / to the underlay */
	HNET_STATS_A_TX_BYTES,
	HNET_STATS_A_DROPS,		/* all drops, any reason */
	HNET_STATS_A_DROP_SPOOFED,	/* port security refused the frame */
	HNET_STATS_A_DROP_UNKNOWN_VNI,	/* VXLAN for a VNI we do not carry */
	HNET_STATS_A_DROP_MALFORMED,	/* bad VXLAN header, truncated frame */
	HNET_STATS_A_DROP_MTU,		/* larger than the network MTU */
	HNET_STATS_A_DROP_NO_DEST,	/* nowhere to send it */
	HNET_STATS_A_DROP_UNKNOWN_VTEP,	/* VXLAN from or to a VTEP not named */
	HNET_STATS_A_DROP_CONTROL,	/* link-local control frame (STP,
					 * LACP, 802.1X): never forwarded
					 */

	__HNET_STATS_A_MAX
};
#define HNET_STATS_A_MAX (__HNET_STATS_A_MAX - 1)

/* Another hypervisor, keyed by its VTEP: its DVR MAC. */
enum hnet_peer_attr {
	HNET_PEER_A_UNSPEC,
	HNET_PEER_A_VTEP,	/* in_addr */
	HNET_PEER_A_DVR_MAC,	/* 6 bytes: the source MAC of its routed frames */

	__HNET_PEER_A_MAX
};
#define HNET_PEER_A_MAX (__HNET_PEER_A_MAX - 1)

/* A distributed router. */
enum hnet_router_attr {
	HNET_ROUTER_A_UNSPEC,
	HNET_ROUTER_A_ID,	/* u32, chosen by the controller, not 0 */
	HNET_ROUTER_A_NAME,	/* string, optional */
	HNET_ROUTER_A_STATS,	/* nest: HNET_ROUTER_STATS_A_*, read only */

	__HNET_ROUTER_A_MAX
};
#define HNET_ROUTER_A_MAX (__HNET_ROUTER_A_MAX - 1)

/*
 * A router's interface on a network, keyed by (router, network): the
 * subnet (the gateway address and its prefix length) and the gateway MAC.
 */
enum hnet_router_iface_attr {
	HNET_ROUTER_IFACE_A_UNSPEC,
	HNET_ROUTER_IFACE_A_ROUTER_ID,	/* u32 */
	HNET_ROUTER_IFACE_A_NETWORK_ID,	/* u32 */
	HNET_ROUTER_IFACE_A_GW,		/* in_addr: the gateway IP */
	HNET_ROUTER_IFACE_A_PREFIXLEN,	/* u8: of the subnet, 1..32 */
	HNET_ROUTER_IFACE_A_MAC,	/* 6 bytes, optional: default derived
					 * from router and network id
					 */
	HNET_ROUTER_IFACE_A_GW6,	/* in6_addr: not supported yet */

	__HNET_ROUTER_IFACE_A_MAX
};
#define HNET_ROUTER_IFACE_A_MAX (__HNET_ROUTER_IFACE_A_MAX - 1)

#define HNET_MAX_NEXTHOPS	16	/* next hops of a route */

/* An extra route of a router, keyed by (router, prefix/length). */
enum hnet_route_attr {
	HNET_ROUTE_A_UNSPEC,
	HNET_ROUTE_A_ROUTER_ID,	/* u32 */
	HNET_ROUTE_A_PREFIX,	/* in_addr: host bits clear */
	HNET_ROUTE_A_PREFIXLEN,	/* u8: 0..32 */
	HNET_ROUTE_A_NEXTHOP,	/* in_addr, multi-attr: 1..HNET_MAX_NEXTHOPS,
				 * several: ECMP by flow hash
				 */
	HNET_ROUTE_A_PREFIX6,	/* in6_addr: not supported yet */
	HNET_ROUTE_A_NEXTHOP6,	/* in6_addr, multi-attr: not supported yet */
	HNET_ROUTE_A_LOOKUP,	/* in_addr, GET only: instead of the prefix,
				 * the route the router would use for it
				 * (longest prefix match)
				 */

	__HNET_ROUTE_A_MAX
};
#define HNET_ROUTE_A_MAX (__HNET_ROUTE_A_MAX - 1)

/* Counters of a router, all u64. */
enum hnet_router_stats_attr {
	HNET_ROUTER_STATS_A_UNSPEC,
	HNET_ROUTER_STATS_A_PAD,
	HNET_ROUTER_STATS_A_ROUTED_PACKETS,	/* routed to a port or VTEP */
	HNET_ROUTER_STATS_A_ROUTED_BYTES,
	HNET_ROUTER_STATS_A_ICMP_ECHO_REPLY,	/* ICMP the router sent */
	HNET_ROUTER_STATS_A_ICMP_TIME_EXCEEDED,
	HNET_ROUTER_STATS_A_ICMP_NET_UNREACH,
	HNET_ROUTER_STATS_A_ICMP_FRAG_NEEDED,
	HNET_ROUTER_STATS_A_ICMP_HOST_UNREACH,
	HNET_ROUTER_STATS_A_DROPS,		/* all drops, any reason */
	HNET_ROUTER_STATS_A_DROP_NO_NEIGH,	/* no port or remote has the IP */
	HNET_ROUTER_STATS_A_DROP_NO_ROUTE,	/* outside every subnet and route */
	HNET_ROUTER_STATS_A_DROP_TTL,		/* TTL expired */
	HNET_ROUTER_STATS_A_DROP_MTU,		/* larger than the MTU, DF set */

	__HNET_ROUTER_STATS_A_MAX
};
#define HNET_ROUTER_STATS_A_MAX (__HNET_ROUTER_STATS_A_MAX - 1)

/*
 * A miss: a router had a packet for an address of one of its subnets that
 * no port or remote of the network has (a destination, or an extra
 * route's next hop).  The packet was dropped; a controller that knows
 * the address can add the remote.  Rate-limited per router and address.
 */
enum hnet_miss_attr {
	HNET_MISS_A_UNSPEC,
	HNET_MISS_A_ROUTER_ID,	/* u32 */
	HNET_MISS_A_NETWORK_ID,	/* u32: the network of the subnet */
	HNET_MISS_A_IP,		/* in_addr: the address nobody has */

	__HNET_MISS_A_MAX
};
#define HNET_MISS_A_MAX (__HNET_MISS_A_MAX - 1)

/*
 * A router's external gateway, keyed by the router: the external device
 * (the hypervisor's uplink to the external network: a NIC, a VLAN device
 * or a veth; several routers may share one) and the upstream next hop.
 */
enum hnet_gateway_attr {
	HNET_GATEWAY_A_UNSPEC,
	HNET_GATEWAY_A_ROUTER_ID,	/* u32 */
	HNET_GATEWAY_A_IFINDEX,		/* u32: the external device */
	HNET_GATEWAY_A_IFNAME,		/* string: the external device */
	HNET_GATEWAY_A_NEXTHOP,		/* in_addr, optional: the upstream
					 * router (none: the external network
					 * is on the device's link)
					 */
	HNET_GATEWAY_A_SNAT,		/* in_addr: not supported yet */
	HNET_GATEWAY_A_SNAT_PORT_MIN,	/* u16: not supported yet */
	HNET_GATEWAY_A_SNAT_PORT_MAX,	/* u16: not supported yet */

	__HNET_GATEWAY_A_MAX
};
#define HNET_GATEWAY_A_MAX (__HNET_GATEWAY_A_MAX - 1)

/*
 * A floating IP, keyed by its external address: the fixed IP of a local
 * port on a network of the router it goes through, translated 1:1.
 */
enum hnet_fip_attr {
	HNET_FIP_A_UNSPEC,
	HNET_FIP_A_ADDR,	/* in_addr: the external (floating) address */
	HNET_FIP_A_FIXED,	/* in_addr: the port's fixed IP */
	HNET_FIP_A_NETWORK_ID,	/* u32: the port's network */
	HNET_FIP_A_ROUTER_ID,	/* u32, optional in FIP_NEW: default the
				 * router of the network's interface
				 */
	HNET_FIP_A_STATS,	/* nest: HNET_FIP_STATS_A_*, read only */

	__HNET_FIP_A_MAX
};
#define HNET_FIP_A_MAX (__HNET_FIP_A_MAX - 1)

/* Counters of a floating IP, all u64. */
enum hnet_fip_stats_attr {
	HNET_FIP_STATS_A_UNSPEC,
	HNET_FIP_STATS_A_PAD,
	HNET_FIP_STATS_A_IN_PACKETS,	/* from outside, to the VM */
	HNET_FIP_STATS_A_IN_BYTES,
	HNET_FIP_STATS_A_OUT_PACKETS,	/* from the VM, to outside */
	HNET_FIP_STATS_A_OUT_BYTES,

	__HNET_FIP_STATS_A_MAX
};
#define HNET_FIP_STATS_A_MAX (__HNET_FIP_STATS_A_MAX - 1)

/*
 * An L2 gateway: a network bridged to a VLAN of a trunk NIC, keyed by the
 * network and the NIC (one VLAN per network and device, one network per
 * VLAN and NIC).
 */
enum hnet_l2gw_attr {
	HNET_L2GW_A_UNSPEC,
	HNET_L2GW_A_NETWORK_ID,	/* u32 */
	HNET_L2GW_A_IFINDEX,	/* u32: the trunk NIC */
	HNET_L2GW_A_IFNAME,	/* string: the trunk NIC */
	HNET_L2GW_A_VLAN,	/* u16: the VLAN id, 1..4094 */
	HNET_L2GW_A_AGEING,	/* u32, optional: seconds a learned MAC stays
				 * without a frame from it, default 300
				 */
	HNET_L2GW_A_MAX_MACS,	/* u32, optional: most MACs learned on the
				 * VLAN (1..65536), default 4096
				 */
	HNET_L2GW_A_MACS,	/* u32, read only: MACs learned now */
	HNET_L2GW_A_STATS,	/* nest: HNET_L2GW_STATS_A_*, read only */

	__HNET_L2GW_A_MAX
};
#define HNET_L2GW_A_MAX (__HNET_L2GW_A_MAX - 1)

#define HNET_L2GW_DEFAULT_AGEING	300
#define HNET_L2GW_DEFAULT_MAX_MACS	4096

enum hnet_l2gw_stats_attr {
	HNET_L2GW_STATS_A_UNSPEC,
	HNET_L2GW_STATS_A_PAD,
	HNET_L2GW_STATS_A_RX_PACKETS,	/* from the VLAN */
	HNET_L2GW_STATS_A_RX_BYTES,
	HNET_L2GW_STATS_A_TX_PACKETS,	/* to the VLAN */
	HNET_L2GW_STATS_A_TX_BYTES,
	HNET_L2GW_STATS_A_DROPS,	/* frames from the VLAN, any reason */
	HNET_L2GW_STATS_A_DROP_SPOOFED,	/* source MAC a port's or remote's */
	HNET_L2GW_STATS_A_DROP_MALFORMED, /* source MAC not a valid unicast */
	HNET_L2GW_STATS_A_DROP_MTU,	/* larger than the network MTU */
	HNET_L2GW_STATS_A_DROP_NO_DEST,	/* nowhere to send it */
	HNET_L2GW_STATS_A_DROP_CONTROL,	/* link-local control frame */
	HNET_L2GW_STATS_A_LEARNED,	/* MACs learned */
	HNET_L2GW_STATS_A_MOVED,	/* learned MACs a port or remote took */
	HNET_L2GW_STATS_A_AGED,		/* MACs aged out */
	HNET_L2GW_STATS_A_LEARN_FULL,	/* not learned: max-macs reached */

	__HNET_L2GW_STATS_A_MAX
};
#define HNET_L2GW_STATS_A_MAX (__HNET_L2GW_STATS_A_MAX - 1)

/* A MAC learned from the frames of a VLAN bridged to a network. */
enum hnet_l2gw_mac_attr {
	HNET_L2GW_MAC_A_UNSPEC,
	HNET_L2GW_MAC_A_NETWORK_ID,	/* u32 */
	HNET_L2GW_MAC_A_MAC,		/* 6 bytes */
	HNET_L2GW_MAC_A_IFINDEX,	/* u32: the trunk NIC it was seen on */
	HNET_L2GW_MAC_A_IFNAME,		/* string */
	HNET_L2GW_MAC_A_VLAN,		/* u16 */
	HNET_L2GW_MAC_A_VTEP,		/* in_addr: this device's VTEP, where
					 * other hypervisors reach the MAC
					 * (absent while none is set)
					 */
	HNET_L2GW_MAC_A_AGE,		/* u32: seconds since its last frame */

	__HNET_L2GW_MAC_A_MAX
};
#define HNET_L2GW_MAC_A_MAX (__HNET_L2GW_MAC_A_MAX - 1)

#endif /* _UAPI_LINUX_HNET_H */
