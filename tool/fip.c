// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: floating IPs (fip add, del, show).
 */
#include <inttypes.h>
#include <stdio.h>

#include "object.h"
#include "print.h"

/* JSON key of each counter of a floating IP. */
static const char *const fip_stats_names[HNET_FIP_STATS_A_MAX + 1] = {
	[HNET_FIP_STATS_A_IN_PACKETS]	= "in_packets",
	[HNET_FIP_STATS_A_IN_BYTES]	= "in_bytes",
	[HNET_FIP_STATS_A_OUT_PACKETS]	= "out_packets",
	[HNET_FIP_STATS_A_OUT_BYTES]	= "out_bytes",
};

static void fip_stats_text(json_object *stats)
{
	printf("    in %" PRIu64 " packets %" PRIu64 " bytes out %" PRIu64
	       " packets %" PRIu64 " bytes\n", stat_val(stats, "in_packets"),
	       stat_val(stats, "in_bytes"), stat_val(stats, "out_packets"),
	       stat_val(stats, "out_bytes"));
}

static const struct stats_desc fip_stats_desc = {
	.max	= HNET_FIP_STATS_A_MAX,
	.names	= fip_stats_names,
	.text	= fip_stats_text,
};

static const struct field fip_fields[] = {
	{ .key = "addr", .meta = "ADDR", .attr = HNET_FIP_A_ADDR,
	  .type = FIELD_ADDR, .flags = F_POS, .accept = ADD | DEL | SHOW,
	  .require = ADD | DEL, .what = "floating IP" },
	{ "fixed", "fixed", "ADDR", HNET_FIP_A_FIXED, .type = FIELD_ADDR,
	  .accept = ADD, .require = ADD },
	{ "network", "network", "ID", HNET_FIP_A_NETWORK_ID,
	  .type = FIELD_U32, .accept = ADD, .require = ADD,
	  .what = "a network id" },
	{ "router", "router", "ID", HNET_FIP_A_ROUTER_ID, .type = FIELD_U32,
	  .accept = ADD, .what = "router ID" },
	{ .key = "stats", .attr = HNET_FIP_A_STATS, .type = FIELD_STATS,
	  .stats = &fip_stats_desc },
};

static const struct obj_cmd fip_cmds[] = {
	OBJECT_ADD_DEL_SHOW(FIP),
};

static const struct obj_event fip_events[] = {
	OBJECT_NEW_DEL_EVENTS(FIP, "fip"),
};

const struct hnet_object fip_object = {
	.name		= "fip",
	.nest		= HNET_A_FIP,
	.nest_max	= HNET_FIP_A_MAX,
	OBJECT_FIELDS(fip_fields),
	OBJECT_CMDS(fip_cmds),
	OBJECT_EVENTS(fip_events),
};
