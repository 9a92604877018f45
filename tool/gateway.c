// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: routers' external gateways (gateway set, del, show).
 */
#include "object.h"

static const struct field gateway_fields[] = {
	{ .key = "router", .meta = "ROUTER", .attr = HNET_GATEWAY_A_ROUTER_ID,
	  .type = FIELD_U32, .flags = F_POS, .accept = ADD | DEL | SHOW,
	  .require = ADD | DEL, .what = "router ID" },
	{ "ext-dev", "ext_dev", "IFNAME", HNET_GATEWAY_A_IFNAME,
	  .type = FIELD_STR, .accept = ADD, .require = ADD },
	{ .key = "ext_ifindex", .attr = HNET_GATEWAY_A_IFINDEX,
	  .type = FIELD_U32, .flags = F_NOTEXT },
	{ "gw", "gw", "ADDR", HNET_GATEWAY_A_NEXTHOP, .type = FIELD_ADDR,
	  .accept = ADD },
	/* Refused by the kernel for now: SNAT comes later. */
	{ "snat", "snat", "ADDR", HNET_GATEWAY_A_SNAT, .type = FIELD_ADDR,
	  .accept = ADD },
};

static const struct obj_cmd gateway_cmds[] = {
	{ .name = "set", .op = OP_ADD, .genl = HNET_CMD_GATEWAY_NEW },
	{ .name = "del", .op = OP_DEL, .genl = HNET_CMD_GATEWAY_DEL },
	{ .name = "show", .op = OP_SHOW, .genl = HNET_CMD_GATEWAY_GET },
};

static const struct obj_event gateway_events[] = {
	OBJECT_NEW_DEL_EVENTS(GATEWAY, "gateway"),
};

const struct hnet_object gateway_object = {
	.name		= "gateway",
	.nest		= HNET_A_GATEWAY,
	.nest_max	= HNET_GATEWAY_A_MAX,
	OBJECT_FIELDS(gateway_fields),
	OBJECT_CMDS(gateway_cmds),
	OBJECT_EVENTS(gateway_events),
};
