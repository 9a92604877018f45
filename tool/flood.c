// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: flood entries, the VTEPs that get a network's broadcast,
 * unknown unicast and multicast traffic (flood add, del, show).
 */
#include <stdio.h>
#include <string.h>

#include "hnetctl.h"
#include "nl.h"
#include "print.h"
#include "utils.h"

void flood_usage(FILE *f)
{
	fprintf(f,
		"  flood add network ID vtep ADDR [dev NAME]\n"
		"  flood del network ID vtep ADDR [dev NAME]\n"
		"  flood show [network ID] [dev NAME]\n");
}

json_object *flood_json(const struct nlattr **tb)
{
	const struct nlattr *ftb[HNET_FLOOD_A_MAX + 1];
	json_object *obj;

	if (!tb[HNET_A_FLOOD])
		return NULL;
	nl_parse_nest(tb[HNET_A_FLOOD], ftb, HNET_FLOOD_A_MAX);
	obj = json_object_new_object();
	json_add_u32(obj, "network", ftb[HNET_FLOOD_A_NETWORK_ID]);
	json_add_addr(obj, "vtep", ftb[HNET_FLOOD_A_VTEP]);
	return obj;
}

void flood_text(json_object *obj)
{
	fputs("flood", stdout);
	text_int(obj, "network", "network");
	text_str(obj, "vtep", "vtep");
	putchar('\n');
}

enum {
	FLOOD_ADD,
	FLOOD_DEL,
	FLOOD_SHOW,
};

static const char *const flood_op_names[] = { "add", "del", "show" };

static int flood_run(int op, int argc, char **argv)
{
	static struct nlreq r;
	static const uint8_t cmd[] = {
		[FLOOD_ADD] = HNET_CMD_FLOOD_NEW,
		[FLOOD_DEL] = HNET_CMD_FLOOD_DEL,
		[FLOOD_SHOW] = HNET_CMD_FLOOD_GET,
	};
	bool have_net = false, have_vtep = false;
	const char *devname = NULL;
	struct nlattr *nest;
	struct in_addr addr;
	uint32_t id;
	int ret;

	nlreq_init(&r, cmd[op], op == FLOOD_SHOW ? NLM_F_DUMP : NLM_F_ACK);
	nest = nl_nest_start(&r, HNET_A_FLOOD);
	while (argc > 0) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			if (devname)
				return duplicate_arg("dev");
			devname = *argv;
		} else if (!strcmp(*argv, "network")) {
			NEXT_ARG();
			if (have_net)
				return duplicate_arg("network");
			if (get_u32(&id, *argv))
				return invalid_arg("network", *argv,
						   "a network id");
			nl_put_u32(&r, HNET_FLOOD_A_NETWORK_ID, id);
			have_net = true;
		} else if (!strcmp(*argv, "vtep") && op != FLOOD_SHOW) {
			NEXT_ARG();
			if (have_vtep)
				return duplicate_arg("vtep");
			if (get_ipv4(&addr, *argv))
				return invalid_arg("vtep", *argv,
						   "an IPv4 address");
			nl_put_addr(&r, HNET_FLOOD_A_VTEP, addr);
			have_vtep = true;
		} else {
			return unknown_arg(*argv);
		}
		argc--;
		argv++;
	}
	/* An unfiltered dump carries no empty nest. */
	if (have_net)
		nl_nest_end(&r, nest);
	else
		nl_nest_cancel(&r, nest);
	if (op != FLOOD_SHOW && !have_net)
		return usage_err("flood %s: missing \"network ID\"",
				 flood_op_names[op]);
	if (op != FLOOD_SHOW && !have_vtep)
		return usage_err("flood %s: missing \"vtep ADDR\"",
				 flood_op_names[op]);

	ret = nl_put_dev(&r, devname);
	if (ret)
		return ret;
	switch (op) {
	case FLOOD_ADD:
		return change_object(&r, flood_json);
	case FLOOD_DEL:
		return nl_request(&r, NULL, NULL, NULL);
	default:
		return show_objects(&r, flood_json, flood_text);
	}
}

static int flood_add(int argc, char **argv)
{
	return flood_run(FLOOD_ADD, argc, argv);
}

static int flood_del(int argc, char **argv)
{
	return flood_run(FLOOD_DEL, argc, argv);
}

static int flood_show(int argc, char **argv)
{
	return flood_run(FLOOD_SHOW, argc, argv);
}

static const struct hnetctl_cmd flood_cmds[] = {
	{ "add",	flood_add },
	{ "del",	flood_del },
	{ "show",	flood_show },
	{ NULL,		NULL }
};

int do_flood(int argc, char **argv)
{
	return dispatch_cmd("flood", flood_cmds, "show", flood_usage,
			    argc, argv);
}
