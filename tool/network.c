// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: tenant networks (network add, del, show).
 */
#include <stdio.h>
#include <string.h>

#include "hnetctl.h"
#include "nl.h"
#include "print.h"
#include "utils.h"

void network_usage(FILE *f)
{
	fprintf(f,
		"  network add ID vni VNI [name NAME] [mtu MTU] [dev NAME]\n"
		"  network del ID [dev NAME]\n"
		"  network show [ID] [dev NAME]\n");
}

json_object *network_json(const struct nlattr **tb)
{
	const struct nlattr *ntb[HNET_NETWORK_A_MAX + 1];
	json_object *obj;

	if (!tb[HNET_A_NETWORK])
		return NULL;
	nl_parse_nest(tb[HNET_A_NETWORK], ntb, HNET_NETWORK_A_MAX);
	obj = json_object_new_object();

	json_add_u32(obj, "id", ntb[HNET_NETWORK_A_ID]);
	json_add_u32(obj, "vni", ntb[HNET_NETWORK_A_VNI]);
	json_add_str(obj, "name", ntb[HNET_NETWORK_A_NAME]);
	if (!json_object_object_get_ex(obj, "name", NULL))
		json_object_object_add(obj, "name", json_object_new_string(""));
	json_add_u32(obj, "mtu", ntb[HNET_NETWORK_A_MTU]);
	json_add_stats(obj, ntb[HNET_NETWORK_A_STATS]);
	return obj;
}

void network_text(json_object *obj)
{
	fputs("network", stdout);
	text_int(obj, NULL, "id");
	text_int(obj, "vni", "vni");
	text_str(obj, "name", "name");
	text_int(obj, "mtu", "mtu");
	putchar('\n');
	text_stats(obj);
}

/* The leading ID of add/del/show. */
static int parse_id(uint32_t *id, bool *have, const char *arg)
{
	if (*have)
		return unknown_arg(arg);
	if (get_u32(id, arg))
		return usage_err("invalid network id \"%s\": expected a number",
				 arg);
	*have = true;
	return EXIT_OK;
}

static int network_add(int argc, char **argv)
{
	static struct nlreq r;
	bool have_id = false, have_vni = false, have_name = false;
	bool have_mtu = false;
	const char *devname = NULL;
	struct nlattr *nest;
	uint32_t id, val;
	int ret;

	nlreq_init(&r, HNET_CMD_NETWORK_NEW, NLM_F_ACK);
	nest = nl_nest_start(&r, HNET_A_NETWORK);
	while (argc > 0) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			if (devname)
				return duplicate_arg("dev");
			devname = *argv;
		} else if (!strcmp(*argv, "vni")) {
			NEXT_ARG();
			if (have_vni)
				return duplicate_arg("vni");
			if (get_u32(&val, *argv))
				return invalid_arg("vni", *argv, "a number");
			nl_put_u32(&r, HNET_NETWORK_A_VNI, val);
			have_vni = true;
		} else if (!strcmp(*argv, "name")) {
			NEXT_ARG();
			if (have_name)
				return duplicate_arg("name");
			nl_put_strz(&r, HNET_NETWORK_A_NAME, *argv);
			have_name = true;
		} else if (!strcmp(*argv, "mtu")) {
			NEXT_ARG();
			if (have_mtu)
				return duplicate_arg("mtu");
			if (get_u32(&val, *argv))
				return invalid_arg("mtu", *argv, "a number");
			nl_put_u32(&r, HNET_NETWORK_A_MTU, val);
			have_mtu = true;
		} else {
			ret = parse_id(&id, &have_id, *argv);
			if (ret)
				return ret;
			nl_put_u32(&r, HNET_NETWORK_A_ID, id);
		}
		argc--;
		argv++;
	}
	nl_nest_end(&r, nest);
	if (!have_id)
		return usage_err("network add: missing network ID");
	if (!have_vni)
		return usage_err("network add: missing \"vni VNI\"");

	ret = nl_put_dev(&r, devname);
	if (ret)
		return ret;
	return change_object(&r, network_json);
}

/* Parse "[ID] [dev NAME]" of del and show. */
static int parse_id_dev(int argc, char **argv, uint32_t *id, bool *have_id,
			const char **devname)
{
	int ret;

	while (argc > 0) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			if (*devname)
				return duplicate_arg("dev");
			*devname = *argv;
		} else {
			ret = parse_id(id, have_id, *argv);
			if (ret)
				return ret;
		}
		argc--;
		argv++;
	}
	return EXIT_OK;
}

static int network_del(int argc, char **argv)
{
	static struct nlreq r;
	const char *devname = NULL;
	bool have_id = false;
	struct nlattr *nest;
	uint32_t id;
	int ret;

	ret = parse_id_dev(argc, argv, &id, &have_id, &devname);
	if (ret)
		return ret;
	if (!have_id)
		return usage_err("network del: missing network ID");

	nlreq_init(&r, HNET_CMD_NETWORK_DEL, NLM_F_ACK);
	nest = nl_nest_start(&r, HNET_A_NETWORK);
	nl_put_u32(&r, HNET_NETWORK_A_ID, id);
	nl_nest_end(&r, nest);
	ret = nl_put_dev(&r, devname);
	if (ret)
		return ret;
	return nl_request(&r, NULL, NULL, NULL);
}

static int network_show(int argc, char **argv)
{
	static struct nlreq r;
	const char *devname = NULL;
	bool have_id = false;
	struct nlattr *nest;
	uint32_t id;
	int ret;

	ret = parse_id_dev(argc, argv, &id, &have_id, &devname);
	if (ret)
		return ret;

	if (have_id) {
		nlreq_init(&r, HNET_CMD_NETWORK_GET, NLM_F_ACK);
		nest = nl_nest_start(&r, HNET_A_NETWORK);
		nl_put_u32(&r, HNET_NETWORK_A_ID, id);
		nl_nest_end(&r, nest);
	} else {
		nlreq_init(&r, HNET_CMD_NETWORK_GET, NLM_F_DUMP);
	}
	ret = nl_put_dev(&r, devname);
	if (ret)
		return ret;
	return show_objects(&r, network_json, network_text);
}

static const struct hnetctl_cmd network_cmds[] = {
	{ "add",	network_add },
	{ "del",	network_del },
	{ "show",	network_show },
	{ NULL,		NULL }
};

int do_network(int argc, char **argv)
{
	return dispatch_cmd("network", network_cmds, "show", network_usage,
			    argc, argv);
}
