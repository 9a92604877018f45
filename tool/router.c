// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: distributed routers (router add, del, show), their interfaces
 * (router iface add, del, show), extra routes (route add, del, show,
 * lookup) and the miss notifications of routers (monitor).
 */
#include <inttypes.h>
#include <stdio.h>

#include "object.h"
#include "print.h"

/* JSON key of each router counter: the attribute name, lowercase. */
static const char *const router_stats_names[HNET_ROUTER_STATS_A_MAX + 1] = {
	[HNET_ROUTER_STATS_A_ROUTED_PACKETS]	= "routed_packets",
	[HNET_ROUTER_STATS_A_ROUTED_BYTES]	= "routed_bytes",
	[HNET_ROUTER_STATS_A_ICMP_ECHO_REPLY]	= "icmp_echo_reply",
	[HNET_ROUTER_STATS_A_ICMP_TIME_EXCEEDED] = "icmp_time_exceeded",
	[HNET_ROUTER_STATS_A_ICMP_NET_UNREACH]	= "icmp_net_unreach",
	[HNET_ROUTER_STATS_A_ICMP_FRAG_NEEDED]	= "icmp_frag_needed",
	[HNET_ROUTER_STATS_A_ICMP_HOST_UNREACH]	= "icmp_host_unreach",
	[HNET_ROUTER_STATS_A_DROPS]		= "drops",
	[HNET_ROUTER_STATS_A_DROP_NO_NEIGH]	= "drop_no_neigh",
	[HNET_ROUTER_STATS_A_DROP_NO_ROUTE]	= "drop_no_route",
	[HNET_ROUTER_STATS_A_DROP_TTL]		= "drop_ttl",
	[HNET_ROUTER_STATS_A_DROP_MTU]		= "drop_mtu",
};

/* A line "    HEAD: word N word N ..." of the counters @keys[from..to]. */
static void router_stats_line(json_object *stats, const char *head,
			      const char *const *words, unsigned int from,
			      unsigned int to)
{
	unsigned int i;

	printf("    %s:", head);
	for (i = from; i <= to; i++)
		printf(" %s %" PRIu64, words[i - from],
		       stat_val(stats, router_stats_names[i]));
	putchar('\n');
}

static void router_stats_text(json_object *stats)
{
	static const char *const icmp[] = {
		"echo-reply", "time-exceeded", "net-unreachable",
		"frag-needed", "host-unreachable",
	};
	static const char *const drops[] = {
		"no-neighbour", "no-route", "ttl", "mtu",
	};

	printf("    routed %" PRIu64 " packets %" PRIu64 " bytes drops %"
	       PRIu64 "\n", stat_val(stats, "routed_packets"),
	       stat_val(stats, "routed_bytes"), stat_val(stats, "drops"));
	router_stats_line(stats, "icmp", icmp,
			  HNET_ROUTER_STATS_A_ICMP_ECHO_REPLY,
			  HNET_ROUTER_STATS_A_ICMP_HOST_UNREACH);
	router_stats_line(stats, "drops", drops,
			  HNET_ROUTER_STATS_A_DROP_NO_NEIGH,
			  HNET_ROUTER_STATS_A_DROP_MTU);
}

static const struct stats_desc router_stats_desc = {
	.max	= HNET_ROUTER_STATS_A_MAX,
	.names	= router_stats_names,
	.text	= router_stats_text,
};

static const struct field router_fields[] = {
	{ .key = "id", .meta = "ID", .attr = HNET_ROUTER_A_ID,
	  .type = FIELD_U32, .flags = F_POS, .accept = ADD | DEL | SHOW,
	  .require = ADD | DEL, .what = "router ID" },
	{ "name", "name", "NAME", HNET_ROUTER_A_NAME, .type = FIELD_STR,
	  .accept = ADD, .dflt = "" },
	{ .key = "stats", .attr = HNET_ROUTER_A_STATS, .type = FIELD_STATS,
	  .stats = &router_stats_desc },
};

static const struct obj_cmd router_cmds[] = {
	OBJECT_ADD_DEL_SHOW(ROUTER),
};

static const struct obj_event router_events[] = {
	OBJECT_NEW_DEL_EVENTS(ROUTER, "router"),
};

static const struct field router_iface_fields[] = {
	{ .key = "router", .meta = "ROUTER",
	  .attr = HNET_ROUTER_IFACE_A_ROUTER_ID, .type = FIELD_U32,
	  .flags = F_POS, .accept = ADD | DEL | SHOW, .require = ADD | DEL,
	  .what = "router ID" },
	{ "network", "network", "ID", HNET_ROUTER_IFACE_A_NETWORK_ID,
	  .type = FIELD_U32, .accept = ADD | DEL, .require = ADD | DEL,
	  .what = "a network id" },
	{ "gw", "gw", "ADDR/PLEN", HNET_ROUTER_IFACE_A_GW,
	  .attr6 = HNET_ROUTER_IFACE_A_GW6,
	  .attr_plen = HNET_ROUTER_IFACE_A_PREFIXLEN, .type = FIELD_PREFIX,
	  .accept = ADD, .require = ADD },
	{ "mac", "mac", "MAC", HNET_ROUTER_IFACE_A_MAC, .type = FIELD_MAC,
	  .accept = ADD },
};

static const struct obj_cmd router_iface_cmds[] = {
	OBJECT_ADD_DEL_SHOW(ROUTER_IFACE),
};

static const struct obj_event router_iface_events[] = {
	OBJECT_NEW_DEL_EVENTS(ROUTER_IFACE, "router-iface"),
};

const struct hnet_object router_iface_object = {
	.name		= "router iface",
	.word		= "iface",
	.key		= "router_iface",
	.nest		= HNET_A_ROUTER_IFACE,
	.nest_max	= HNET_ROUTER_IFACE_A_MAX,
	OBJECT_FIELDS(router_iface_fields),
	OBJECT_CMDS(router_iface_cmds),
	OBJECT_EVENTS(router_iface_events),
};

static const struct hnet_object *const router_subs[] = {
	&router_iface_object,
	NULL
};

const struct hnet_object router_object = {
	.name		= "router",
	.nest		= HNET_A_ROUTER,
	.nest_max	= HNET_ROUTER_A_MAX,
	OBJECT_FIELDS(router_fields),
	OBJECT_CMDS(router_cmds),
	OBJECT_EVENTS(router_events),
	.subs		= router_subs,
};

static const struct field route_fields[] = {
	{ .key = "router", .meta = "ROUTER", .attr = HNET_ROUTE_A_ROUTER_ID,
	  .type = FIELD_U32, .flags = F_POS, .accept = ADD | DEL | SHOW | GET,
	  .require = ADD | DEL | GET, .what = "router ID" },
	{ .key = "prefix", .meta = "PREFIX/PLEN", .attr = HNET_ROUTE_A_PREFIX,
	  .attr6 = HNET_ROUTE_A_PREFIX6, .attr_plen = HNET_ROUTE_A_PREFIXLEN,
	  .type = FIELD_PREFIX, .flags = F_POS, .accept = ADD | DEL | SHOW,
	  .require = ADD | DEL, .what = "PREFIX/PLEN" },
	{ "via", "via", "ADDR", HNET_ROUTE_A_NEXTHOP,
	  .attr6 = HNET_ROUTE_A_NEXTHOP6, .type = FIELD_IP, .flags = F_MULTI,
	  .accept = ADD, .require = ADD },
	{ .key = "lookup", .meta = "ADDR", .attr = HNET_ROUTE_A_LOOKUP,
	  .type = FIELD_ADDR, .flags = F_POS | F_NOTEXT, .accept = GET,
	  .require = GET, .what = "address" },
};

static const struct obj_cmd route_cmds[] = {
	OBJECT_ADD_DEL_SHOW(ROUTE),
	/* The route the router uses for an address (longest prefix). */
	{ .name = "lookup", .op = OP_GET, .genl = HNET_CMD_ROUTE_GET },
};

static const struct obj_event route_events[] = {
	OBJECT_NEW_DEL_EVENTS(ROUTE, "route"),
};

const struct hnet_object route_object = {
	.name		= "route",
	.nest		= HNET_A_ROUTE,
	.nest_max	= HNET_ROUTE_A_MAX,
	OBJECT_FIELDS(route_fields),
	OBJECT_CMDS(route_cmds),
	OBJECT_EVENTS(route_events),
};

/* A router found no port or remote with an address: monitor only. */
static const struct field miss_fields[] = {
	{ "router", "router", "ID", HNET_MISS_A_ROUTER_ID, .type = FIELD_U32 },
	{ "network", "network", "ID", HNET_MISS_A_NETWORK_ID,
	  .type = FIELD_U32 },
	{ "ip", "ip", "ADDR", HNET_MISS_A_IP, .type = FIELD_ADDR },
};

static const struct obj_event miss_events[] = {
	{ HNET_CMD_MISS, "miss" },
};

const struct hnet_object miss_object = {
	.name		= "miss",
	.nest		= HNET_A_MISS,
	.nest_max	= HNET_MISS_A_MAX,
	OBJECT_FIELDS(miss_fields),
	OBJECT_EVENTS(miss_events),
};
