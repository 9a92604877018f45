// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: the hnet device (dev show, dev set).
 */
#include "object.h"

/*
 * The device: `dev set` keywords, `dev show` keys and text, in this
 * order.  A new setting is one more line here.
 */
static const struct field dev_fields[] = {
	{ .key = "ifname", .attr = HNET_DEV_A_IFNAME, .top = HNET_A_IFNAME,
	  .type = FIELD_STR, .flags = F_LABEL },
	{ .key = "ifindex", .attr = HNET_DEV_A_IFINDEX, .top = HNET_A_IFINDEX,
	  .type = FIELD_U32, .flags = F_NOTEXT },
	/* The kernel leaves an unset VTEP out. */
	{ "vtep", "vtep", "ADDR", HNET_DEV_A_VTEP, .type = FIELD_ADDR,
	  .accept = SET, .dflt = "0.0.0.0" },
	{ "dstport", "dstport", "PORT", HNET_DEV_A_DSTPORT, .type = FIELD_U16,
	  .accept = SET },
	{ "host-mac", "host_mac", "MAC", HNET_DEV_A_HOST_MAC,
	  .type = FIELD_MAC, .accept = SET },
	{ "source-check", "source_check", "on|off", HNET_DEV_A_SOURCE_CHECK,
	  .type = FIELD_ONOFF, .accept = SET },
	{ "max-networks", "max_networks", "N", HNET_DEV_A_MAX_NETWORKS,
	  .type = FIELD_U32, .accept = SET },
	{ "max-ports", "max_ports", "N", HNET_DEV_A_MAX_PORTS,
	  .type = FIELD_U32, .accept = SET },
	{ "max-remotes", "max_remotes", "N", HNET_DEV_A_MAX_REMOTES,
	  .type = FIELD_U32, .accept = SET },
	{ "max-floods", "max_floods", "N", HNET_DEV_A_MAX_FLOODS,
	  .type = FIELD_U32, .accept = SET },
	{ "max-peers", "max_peers", "N", HNET_DEV_A_MAX_PEERS,
	  .type = FIELD_U32, .accept = SET },
	{ "max-routers", "max_routers", "N", HNET_DEV_A_MAX_ROUTERS,
	  .type = FIELD_U32, .accept = SET },
	{ "max-routes", "max_routes", "N", HNET_DEV_A_MAX_ROUTES,
	  .type = FIELD_U32, .accept = SET },
	{ .key = "generation", .attr = HNET_DEV_A_GENERATION,
	  .type = FIELD_U32, .flags = F_NOTEXT },
	{ .key = "stats", .attr = HNET_DEV_A_STATS, .type = FIELD_STATS },
};

static const struct obj_cmd dev_cmds[] = {
	{ .name = "show", .op = OP_SHOW, .genl = HNET_CMD_DEV_GET },
	{ .name = "set", .op = OP_SET, .genl = HNET_CMD_DEV_SET },
};

static const struct obj_event dev_events[] = {
	{ HNET_CMD_DEV_SET,	"dev-set" },
	{ HNET_CMD_DEV_DEL,	"dev-del" },
};

const struct hnet_object dev_object = {
	.name		= "dev",
	.nest		= HNET_A_DEV,
	.nest_max	= HNET_DEV_A_MAX,
	.flags		= OBJ_DEVICE | OBJ_REGET,
	OBJECT_FIELDS(dev_fields),
	OBJECT_CMDS(dev_cmds),
	OBJECT_EVENTS(dev_events),
};
