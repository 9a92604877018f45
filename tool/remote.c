// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: remote ports, VM ports on other hypervisors (remote add, del,
 * show).
 */
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "hnetctl.h"
#include "nl.h"
#include "print.h"
#include "utils.h"

void remote_usage(FILE *f)
{
	fprintf(f,
		"  remote add network ID mac MAC [ip ADDR]... vtep ADDR [dev NAME]\n"
		"  remote del network ID mac MAC [dev NAME]\n"
		"  remote show [network ID] [dev NAME]\n");
}

json_object *remote_json(const struct nlattr **tb)
{
	const struct nlattr *rtb[HNET_REMOTE_A_MAX + 1];
	const struct nlattr *a;
	json_object *obj, *ips;
	struct in6_addr addr6;
	struct in_addr addr;

	if (!tb[HNET_A_REMOTE])
		return NULL;
	nl_parse_nest(tb[HNET_A_REMOTE], rtb, HNET_REMOTE_A_MAX);
	obj = json_object_new_object();
	ips = json_object_new_array();
	mnl_attr_for_each_nested(a, tb[HNET_A_REMOTE]) {
		if (mnl_attr_get_type(a) == HNET_REMOTE_A_IP &&
		    nl_get_addr(a, &addr))
			json_object_array_add(ips, json_addr(addr));
		else if (mnl_attr_get_type(a) == HNET_REMOTE_A_IP6 &&
			 nl_get_addr6(a, &addr6))
			json_object_array_add(ips, json_addr6(&addr6));
	}

	json_add_u32(obj, "network", rtb[HNET_REMOTE_A_NETWORK_ID]);
	json_add_mac(obj, "mac", rtb[HNET_REMOTE_A_MAC]);
	json_object_object_add(obj, "ips", ips);
	json_add_addr(obj, "vtep", rtb[HNET_REMOTE_A_VTEP]);
	return obj;
}

void remote_text(json_object *obj)
{
	fputs("remote", stdout);
	text_int(obj, "network", "network");
	text_str(obj, "mac", "mac");
	text_strs(obj, "ip", "ips");
	text_str(obj, "vtep", "vtep");
	putchar('\n');
}

enum {
	REMOTE_ADD,
	REMOTE_DEL,
	REMOTE_SHOW,
};

static const char *const remote_op_names[] = { "add", "del", "show" };

/* One parser for the three commands; @op says which words are allowed. */
static int remote_run(int op, int argc, char **argv)
{
	static struct nlreq r;
	static const uint8_t cmd[] = {
		[REMOTE_ADD] = HNET_CMD_REMOTE_NEW,
		[REMOTE_DEL] = HNET_CMD_REMOTE_DEL,
		[REMOTE_SHOW] = HNET_CMD_REMOTE_GET,
	};
	bool have_net = false, have_mac = false, have_vtep = false;
	const char *devname = NULL;
	uint8_t mac[ETH_ALEN_HNET];
	struct nlattr *nest;
	struct ip_addr ip;
	struct in_addr addr;
	uint32_t id;
	int ret;

	nlreq_init(&r, cmd[op], op == REMOTE_SHOW ? NLM_F_DUMP : NLM_F_ACK);
	nest = nl_nest_start(&r, HNET_A_REMOTE);
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
			nl_put_u32(&r, HNET_REMOTE_A_NETWORK_ID, id);
			have_net = true;
		} else if (!strcmp(*argv, "mac") && op != REMOTE_SHOW) {
			NEXT_ARG();
			if (have_mac)
				return duplicate_arg("mac");
			if (get_mac(mac, *argv))
				return invalid_arg("mac", *argv,
						   "a MAC address");
			nl_put_mac(&r, HNET_REMOTE_A_MAC, mac);
			have_mac = true;
		} else if (!strcmp(*argv, "ip") && op == REMOTE_ADD) {
			NEXT_ARG();
			if (get_ip(&ip, *argv))
				return invalid_arg("ip", *argv,
						   "an IPv4 or IPv6 address");
			nl_put_ip(&r, HNET_REMOTE_A_IP, HNET_REMOTE_A_IP6, &ip);
		} else if (!strcmp(*argv, "vtep") && op == REMOTE_ADD) {
			NEXT_ARG();
			if (have_vtep)
				return duplicate_arg("vtep");
			if (get_ipv4(&addr, *argv))
				return invalid_arg("vtep", *argv,
						   "an IPv4 address");
			nl_put_addr(&r, HNET_REMOTE_A_VTEP, addr);
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
	if (op != REMOTE_SHOW && !have_net)
		return usage_err("remote %s: missing \"network ID\"",
				 remote_op_names[op]);
	if (op != REMOTE_SHOW && !have_mac)
		return usage_err("remote %s: missing \"mac MAC\"",
				 remote_op_names[op]);
	if (op == REMOTE_ADD && !have_vtep)
		return usage_err("remote add: missing \"vtep ADDR\"");

	ret = nl_put_dev(&r, devname);
	if (ret)
		return ret;
	switch (op) {
	case REMOTE_ADD:
		return change_object(&r, remote_json);
	case REMOTE_DEL:
		return nl_request(&r, NULL, NULL, NULL);
	default:
		return show_objects(&r, remote_json, remote_text);
	}
}

static int remote_add(int argc, char **argv)
{
	return remote_run(REMOTE_ADD, argc, argv);
}

static int remote_del(int argc, char **argv)
{
	return remote_run(REMOTE_DEL, argc, argv);
}

static int remote_show(int argc, char **argv)
{
	return remote_run(REMOTE_SHOW, argc, argv);
}

static const struct hnetctl_cmd remote_cmds[] = {
	{ "add",	remote_add },
	{ "del",	remote_del },
	{ "show",	remote_show },
	{ NULL,		NULL }
};

int do_remote(int argc, char **argv)
{
	return dispatch_cmd("remote", remote_cmds, "show", remote_usage,
			    argc, argv);
}
