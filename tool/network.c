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
	OBJECT_ADD_DEL_SHOW(NETWORK),
};

static const struct obj_event network_events[] = {
	OBJECT_NEW_DEL_EVENTS(NETWORK, "network"),
};

const struct hnet_object network_object = {
	.name		= "network",
	.nest		= HNET_A_NETWORK,
	.nest_max	= HNET_NETWORK_A_MAX,
	OBJECT_FIELDS(network_fields),
	OBJECT_CMDS(network_cmds),
	OBJECT_EVENTS(network_events),
};
