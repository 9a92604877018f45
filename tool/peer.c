// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: peers, the other hypervisors and their DVR MACs (peer add,
 * del, show).
 */
#include "object.h"

static const struct field peer_fields[] = {
	{ .key = "vtep", .meta = "VTEP", .attr = HNET_PEER_A_VTEP,
	  .type = FIELD_ADDR, .flags = F_POS, .accept = ADD | DEL | SHOW,
	  .require = ADD | DEL, .what = "VTEP" },
	{ "dvr-mac", "dvr_mac", "MAC", HNET_PEER_A_DVR_MAC, .type = FIELD_MAC,
	  .accept = ADD, .require = ADD },
};

static const struct obj_cmd peer_cmds[] = {
	OBJECT_ADD_DEL_SHOW(PEER),
};

static const struct obj_event peer_events[] = {
	OBJECT_NEW_DEL_EVENTS(PEER, "peer"),
};

const struct hnet_object peer_object = {
	.name		= "peer",
	.nest		= HNET_A_PEER,
	.nest_max	= HNET_PEER_A_MAX,
	OBJECT_FIELDS(peer_fields),
	OBJECT_CMDS(peer_cmds),
	OBJECT_EVENTS(peer_events),
};
