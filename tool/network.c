// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: tenant networks (network add, del, show).
 */
#include "object.h"

static const struct field network_fields[] = {
	{ .key = "id", .meta = "ID", .attr = HNET_NETWORK_A_ID,
	  .type = FIELD_U32, .flags = F_POS, .accept = ADD | DEL | SHOW,
	  .require = ADD | DEL, .what = "network ID" },
	{ "vni", "vni", "VNI", HNET_NETWORK_A_VNI, .type = FIELD_U32,
	  .accept = ADD, .require = ADD, .what = "a number" },
	{ "name", "name", "NAME", HNET_NETWORK_A_NAME, .type = FIELD_STR,
	  .accept = ADD, .dflt = "" },
	{ "mtu", "mtu", "MTU", HNET_NETWORK_A_MTU, .type = FIELD_U32,
	  .accept = ADD, .what = "a number" },
	{ .key = "stats", .attr = HNET_NETWORK_A_STATS, .type = FIELD_STATS },
};

static const struct obj_cmd network_cmds[] = {
	{ .name = "add", .op = OP_ADD, .genl = HNET_CMD_NETWORK_NEW },
	{ .name = "del", .op = OP_DEL, .genl = HNET_CMD_NETWORK_DEL },
	{ .name = "show", .op = OP_SHOW, .genl = HNET_CMD_NETWORK_GET },
};

static const struct obj_event network_events[] = {
	{ HNET_CMD_NETWORK_NEW,	"network-new" },
	{ HNET_CMD_NETWORK_DEL,	"network-del" },
};

const struct hnet_object network_object = {
	.name		= "network",
	.nest		= HNET_A_NETWORK,
	.nest_max	= HNET_NETWORK_A_MAX,
	OBJECT_FIELDS(network_fields),
	OBJECT_CMDS(network_cmds),
	OBJECT_EVENTS(network_events),
};
