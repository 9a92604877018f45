// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: flood entries, the VTEPs that get a network's broadcast,
 * unknown unicast and multicast traffic (flood add, del, show).
 */
#include "object.h"

static const struct field flood_fields[] = {
	{ "network", "network", "ID", HNET_FLOOD_A_NETWORK_ID,
	  .type = FIELD_U32, .accept = ADD | DEL | SHOW, .require = ADD | DEL,
	  .what = "a network id" },
	{ "vtep", "vtep", "ADDR", HNET_FLOOD_A_VTEP, .type = FIELD_ADDR,
	  .accept = ADD | DEL, .require = ADD | DEL },
};

static const struct obj_cmd flood_cmds[] = {
	OBJECT_ADD_DEL_SHOW(FLOOD),
};

static const struct obj_event flood_events[] = {
	OBJECT_NEW_DEL_EVENTS(FLOOD, "flood"),
};

const struct hnet_object flood_object = {
	.name		= "flood",
	.nest		= HNET_A_FLOOD,
	.nest_max	= HNET_FLOOD_A_MAX,
	OBJECT_FIELDS(flood_fields),
	OBJECT_CMDS(flood_cmds),
	OBJECT_EVENTS(flood_events),
};
