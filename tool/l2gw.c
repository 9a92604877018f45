// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: L2 gateways (l2gw add, del, show) and the MACs they learned
 * (l2gw mac show; with -s, l2gw show lists each one's under it).
 */
#include <inttypes.h>
#include <stdio.h>

#include "hnetctl.h"
#include "nl.h"
#include "object.h"
#include "print.h"
#include "utils.h"

/* JSON key of each counter of an L2 gateway. */
static const char *const l2gw_stats_names[HNET_L2GW_STATS_A_MAX + 1] = {
	[HNET_L2GW_STATS_A_RX_PACKETS]		= "rx_packets",
	[HNET_L2GW_STATS_A_RX_BYTES]		= "rx_bytes",
	[HNET_L2GW_STATS_A_TX_PACKETS]		= "tx_packets",
	[HNET_L2GW_STATS_A_TX_BYTES]		= "tx_bytes",
	[HNET_L2GW_STATS_A_DROPS]		= "drops",
	[HNET_L2GW_STATS_A_DROP_SPOOFED]	= "drop_spoofed",
	[HNET_L2GW_STATS_A_DROP_MALFORMED]	= "drop_malformed",
	[HNET_L2GW_STATS_A_DROP_MTU]		= "drop_mtu",
	[HNET_L2GW_STATS_A_DROP_NO_DEST]	= "drop_no_dest",
	[HNET_L2GW_STATS_A_DROP_CONTROL]	= "drop_control",
	[HNET_L2GW_STATS_A_LEARNED]		= "learned",
	[HNET_L2GW_STATS_A_MOVED]		= "moved",
	[HNET_L2GW_STATS_A_AGED]		= "aged",
	[HNET_L2GW_STATS_A_LEARN_FULL]		= "learn_full",
};

static void l2gw_stats_text(json_object *stats)
{
	printf("    RX %" PRIu64 " packets %" PRIu64 " bytes TX %" PRIu64
	       " packets %" PRIu64 " bytes\n", stat_val(stats, "rx_packets"),
	       stat_val(stats, "rx_bytes"), stat_val(stats, "tx_packets"),
	       stat_val(stats, "tx_bytes"));
	printf("    drops %" PRIu64 " spoofed %" PRIu64 " malformed %" PRIu64
	       " mtu %" PRIu64 " no-dest %" PRIu64 " control %" PRIu64 "\n",
	       stat_val(stats, "drops"), stat_val(stats, "drop_spoofed"),
	       stat_val(stats, "drop_malformed"), stat_val(stats, "drop_mtu"),
	       stat_val(stats, "drop_no_dest"),
	       stat_val(stats, "drop_control"));
	printf("    learned %" PRIu64 " moved %" PRIu64 " aged %" PRIu64
	       " full %" PRIu64 "\n", stat_val(stats, "learned"),
	       stat_val(stats, "moved"), stat_val(stats, "aged"),
	       stat_val(stats, "learn_full"));
}

static const struct stats_desc l2gw_stats_desc = {
	.max	= HNET_L2GW_STATS_A_MAX,
	.names	= l2gw_stats_names,
	.text	= l2gw_stats_text,
};

static const struct field l2gw_fields[] = {
	{ "network", "network", "ID", HNET_L2GW_A_NETWORK_ID,
	  .type = FIELD_U32, .accept = ADD | DEL | SHOW,
	  .require = ADD | DEL, .what = "a network id" },
	{ "ifname", "ifname", "IFNAME", HNET_L2GW_A_IFNAME, .type = FIELD_STR,
	  .accept = ADD | DEL | SHOW, .require = ADD | DEL },
	{ .key = "ifindex", .attr = HNET_L2GW_A_IFINDEX, .type = FIELD_U32,
	  .flags = F_NOTEXT },
	{ "vlan", "vlan", "VID", HNET_L2GW_A_VLAN, .type = FIELD_U16,
	  .accept = ADD, .require = ADD, .what = "a VLAN id (1..4094)" },
	{ "ageing", "ageing", "SECONDS", HNET_L2GW_A_AGEING,
	  .type = FIELD_U32, .accept = ADD },
	{ "max-macs", "max_macs", "N", HNET_L2GW_A_MAX_MACS,
	  .type = FIELD_U32, .accept = ADD },
	{ "macs", "n_macs", "N", HNET_L2GW_A_MACS, .type = FIELD_U32 },
	{ .key = "stats", .attr = HNET_L2GW_A_STATS, .type = FIELD_STATS,
	  .stats = &l2gw_stats_desc },
};

/* A learned MAC: monitor events, l2gw mac show, and l2gw show -s. */
static const struct field l2gw_mac_fields[] = {
	{ "network", "network", "ID", HNET_L2GW_MAC_A_NETWORK_ID,
	  .type = FIELD_U32, .accept = SHOW, .what = "a network id" },
	{ "mac", "mac", "MAC", HNET_L2GW_MAC_A_MAC, .type = FIELD_MAC },
	{ "ifname", "ifname", "IFNAME", HNET_L2GW_MAC_A_IFNAME,
	  .type = FIELD_STR },
	{ .key = "ifindex", .attr = HNET_L2GW_MAC_A_IFINDEX, .type = FIELD_U32,
	  .flags = F_NOTEXT },
	{ "vlan", "vlan", "VID", HNET_L2GW_MAC_A_VLAN, .type = FIELD_U16 },
	{ "vtep", "vtep", "ADDR", HNET_L2GW_MAC_A_VTEP, .type = FIELD_ADDR },
	{ "age", "age", "SECONDS", HNET_L2GW_MAC_A_AGE, .type = FIELD_U32 },
};

static const struct obj_cmd l2gw_mac_cmds[] = {
	{ .name = "show", .op = OP_SHOW, .genl = HNET_CMD_L2GW_MAC_GET },
};

static const struct obj_event l2gw_mac_events[] = {
	OBJECT_NEW_DEL_EVENTS(L2GW_MAC, "l2gw-mac"),
};

const struct hnet_object l2gw_mac_object = {
	.name		= "l2gw mac",
	.word		= "mac",
	.key		= "l2gw_mac",
	.nest		= HNET_A_L2GW_MAC,
	.nest_max	= HNET_L2GW_MAC_A_MAX,
	OBJECT_FIELDS(l2gw_mac_fields),
	OBJECT_CMDS(l2gw_mac_cmds),
	OBJECT_EVENTS(l2gw_mac_events),
};

static bool same_int(json_object *a, const char *ka, json_object *b,
		     const char *kb)
{
	int64_t x, y;

	return jint(a, ka, &x) && jint(b, kb, &y) && x == y;
}

/* The learned MACs of @gw in @macs (a dump of them), as "macs" of @gw. */
static void attach_macs(json_object *gw, json_object *macs)
{
	json_object *list = json_object_new_array(), *mac;
	size_t i, n = json_object_array_length(macs);

	for (i = 0; i < n; i++) {
		mac = json_object_array_get_idx(macs, i);
		if (same_int(gw, "network", mac, "network") &&
		    same_int(gw, "ifindex", mac, "ifindex") &&
		    same_int(gw, "vlan", mac, "vlan"))
			json_object_array_add(list, json_object_get(mac));
	}
	json_object_object_add(gw, "macs", list);
}

static void l2gw_text(json_object *gw)
{
	json_object *macs, *mac;
	size_t i, n;

	object_text(&l2gw_object, gw);
	if (!json_object_object_get_ex(gw, "macs", &macs))
		return;
	n = json_object_array_length(macs);
	for (i = 0; i < n; i++) {
		mac = json_object_array_get_idx(macs, i);
		fputs("   ", stdout);
		text_str(mac, "mac", "mac");
		text_int(mac, "age", "age");
		putchar('\n');
	}
}

/* l2gw show: the L2 gateways, and with -s each one's learned MACs. */
static int l2gw_show(const struct hnet_args *a)
{
	static struct nlreq r;
	json_object *gws, *macs = NULL;
	size_t i, n;
	int ret;

	ret = nl_put_dev(a->r, a->devname);
	if (!ret)
		ret = collect(a->r, &l2gw_object, &gws);
	if (ret)
		return ret;
	n = json_object_array_length(gws);
	if (opts.stats && n) {
		nlreq_init(&r, HNET_CMD_L2GW_MAC_GET, NLM_F_DUMP);
		ret = nl_put_dev(&r, a->devname);
		if (!ret)
			ret = collect(&r, &l2gw_mac_object, &macs);
		if (ret)
			goto out;
		for (i = 0; i < n; i++)
			attach_macs(json_object_array_get_idx(gws, i), macs);
	}
	if (opts.json)
		print_json(gws);
	else
		for (i = 0; i < n; i++)
			l2gw_text(json_object_array_get_idx(gws, i));
	fflush(stdout);
out:
	json_object_put(macs);
	json_object_put(gws);
	return ret;
}

static const struct obj_cmd l2gw_cmds[] = {
	{ .name = "add", .op = OP_ADD, .genl = HNET_CMD_L2GW_NEW },
	{ .name = "del", .op = OP_DEL, .genl = HNET_CMD_L2GW_DEL },
	{ .name = "show", .op = OP_SHOW, .genl = HNET_CMD_L2GW_GET,
	  .run = l2gw_show },
};

static const struct obj_event l2gw_events[] = {
	OBJECT_NEW_DEL_EVENTS(L2GW, "l2gw"),
};

static const struct hnet_object *const l2gw_subs[] = {
	&l2gw_mac_object,
	NULL
};

const struct hnet_object l2gw_object = {
	.name		= "l2gw",
	.nest		= HNET_A_L2GW,
	.nest_max	= HNET_L2GW_A_MAX,
	OBJECT_FIELDS(l2gw_fields),
	OBJECT_CMDS(l2gw_cmds),
	OBJECT_EVENTS(l2gw_events),
	.subs		= l2gw_subs,
};
