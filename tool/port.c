// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: ports, the local netdevs of VMs (port add, del, show).
 */
#include "object.h"

/* One "allow ADDR[/PLEN] [mac MAC]" pair (HNET_ALLOWED_A_*). */
static const struct field allowed_fields[] = {
	{ .key = "prefix", .meta = "ADDR[/PLEN]", .attr = HNET_ALLOWED_A_ADDR,
	  .attr6 = HNET_ALLOWED_A_ADDR6, .attr_plen = HNET_ALLOWED_A_PREFIXLEN,
	  .type = FIELD_PREFIX, .flags = F_POS },
	{ "mac", "mac", "MAC", HNET_ALLOWED_A_MAC, .type = FIELD_MAC },
};

static const struct field port_fields[] = {
	{ .key = "ifname", .meta = "IFNAME", .attr = HNET_PORT_A_IFNAME,
	  .type = FIELD_STR, .flags = F_POS, .accept = ADD | DEL | SHOW,
	  .require = ADD | DEL, .what = "IFNAME" },
	{ .key = "ifindex", .attr = HNET_PORT_A_IFINDEX, .type = FIELD_U32,
	  .flags = F_NOTEXT },
	{ "network", "network", "ID", HNET_PORT_A_NETWORK_ID,
	  .type = FIELD_U32, .accept = ADD, .require = ADD,
	  .what = "a network id" },
	{ "mac", "mac", "MAC", HNET_PORT_A_MAC, .type = FIELD_MAC,
	  .accept = ADD, .require = ADD },
	{ "ip", "ips", "ADDR", HNET_PORT_A_IP, .attr6 = HNET_PORT_A_IP6,
	  .type = FIELD_IP, .flags = F_MULTI, .accept = ADD },
	{ "allow", "allowed", .attr = HNET_PORT_A_ALLOWED, .type = FIELD_NEST,
	  .flags = F_MULTI, .accept = ADD, .sub = allowed_fields,
	  .nsub = sizeof(allowed_fields) / sizeof(allowed_fields[0]),
	  .sub_max = HNET_ALLOWED_A_MAX },
	{ "security", "security", "on|off", HNET_PORT_A_SECURITY,
	  .type = FIELD_ONOFF, .accept = ADD, .dflt = "on" },
	{ .key = "stats", .attr = HNET_PORT_A_STATS, .type = FIELD_STATS },
};

static const struct obj_cmd port_cmds[] = {
	OBJECT_ADD_DEL_SHOW(PORT),
};

static const struct obj_event port_events[] = {
	OBJECT_NEW_DEL_EVENTS(PORT, "port"),
};

const struct hnet_object port_object = {
	.name		= "port",
	.nest		= HNET_A_PORT,
	.nest_max	= HNET_PORT_A_MAX,
	OBJECT_FIELDS(port_fields),
	OBJECT_CMDS(port_cmds),
	OBJECT_EVENTS(port_events),
};
