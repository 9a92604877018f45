// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: remote ports, VM ports on other hypervisors (remote add, del,
 * show).
 */
#include "object.h"

static const struct field remote_fields[] = {
	{ "network", "network", "ID", HNET_REMOTE_A_NETWORK_ID,
	  .type = FIELD_U32, .accept = ADD | DEL | SHOW, .require = ADD | DEL,
	  .what = "a network id" },
	{ "mac", "mac", "MAC", HNET_REMOTE_A_MAC, .type = FIELD_MAC,
	  .accept = ADD | DEL, .require = ADD | DEL },
	{ "ip", "ips", "ADDR", HNET_REMOTE_A_IP, .attr6 = HNET_REMOTE_A_IP6,
	  .type = FIELD_IP, .flags = F_MULTI, .accept = ADD },
	{ "vtep", "vtep", "ADDR", HNET_REMOTE_A_VTEP, .type = FIELD_ADDR,
	  .accept = ADD, .require = ADD },
};

static const struct obj_cmd remote_cmds[] = {
	OBJECT_ADD_DEL_SHOW(REMOTE),
};

static const struct obj_event remote_events[] = {
	OBJECT_NEW_DEL_EVENTS(REMOTE, "remote"),
};

const struct hnet_object remote_object = {
	.name		= "remote",
	.nest		= HNET_A_REMOTE,
	.nest_max	= HNET_REMOTE_A_MAX,
	OBJECT_FIELDS(remote_fields),
	OBJECT_CMDS(remote_cmds),
	OBJECT_EVENTS(remote_events),
};
