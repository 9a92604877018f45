// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: the hnet device (dev show, dev set).
 */
#include <stdio.h>
#include <string.h>

#include "hnetctl.h"
#include "nl.h"
#include "print.h"
#include "utils.h"

void dev_usage(FILE *f)
{
	fprintf(f,
		"  dev show [dev NAME]\n"
		"  dev set [dev NAME] [vtep ADDR] [dstport PORT] [host-mac MAC]\n");
}

json_object *dev_json(const struct nlattr **tb)
{
	const struct nlattr *dtb[HNET_DEV_A_MAX + 1];
	json_object *obj;

	if (!tb[HNET_A_DEV])
		return NULL;
	nl_parse_nest(tb[HNET_A_DEV], dtb, HNET_DEV_A_MAX);
	obj = json_object_new_object();

	json_add_str(obj, "ifname", dtb[HNET_DEV_A_IFNAME] ?: tb[HNET_A_IFNAME]);
	json_add_u32(obj, "ifindex",
		     dtb[HNET_DEV_A_IFINDEX] ?: tb[HNET_A_IFINDEX]);
	json_add_addr(obj, "vtep", dtb[HNET_DEV_A_VTEP]);
	if (!json_object_object_get_ex(obj, "vtep", NULL))
		json_object_object_add(obj, "vtep",
				       json_object_new_string("0.0.0.0"));
	json_add_u16(obj, "dstport", dtb[HNET_DEV_A_DSTPORT]);
	json_add_mac(obj, "host_mac", dtb[HNET_DEV_A_HOST_MAC]);
	json_add_u32(obj, "generation", dtb[HNET_DEV_A_GENERATION]);
	json_add_stats(obj, dtb[HNET_DEV_A_STATS]);
	return obj;
}

void dev_text(json_object *obj)
{
	const char *name = jstr(obj, "ifname");

	printf("%s:", name ?: "?");
	text_str(obj, "vtep", "vtep");
	text_int(obj, "dstport", "dstport");
	text_str(obj, "host-mac", "host_mac");
	putchar('\n');
	text_stats(obj);
}

static int dev_show(int argc, char **argv)
{
	static struct nlreq r;
	const char *devname = NULL;

	while (argc > 0) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			if (devname)
				return duplicate_arg("dev");
			devname = *argv;
		} else {
			return unknown_arg(*argv);
		}
		argc--;
		argv++;
	}

	/* Without a name, every hnet device of the namespace. */
	if (!devname) {
		nlreq_init(&r, HNET_CMD_DEV_GET, NLM_F_DUMP);
	} else {
		nlreq_init(&r, HNET_CMD_DEV_GET, NLM_F_ACK);
		nl_put_strz(&r, HNET_A_IFNAME, devname);
	}
	return show_objects(&r, dev_json, dev_text);
}

/* dev set -j: the device from the kernel's reply, else as it is now. */
static int dev_set_reply(struct nlreq *r, const char *devname)
{
	json_object *arr;
	int ret;

	ret = collect(r, dev_json, &arr);
	if (ret)
		return ret;
	if (!json_object_array_length(arr)) {
		json_object_put(arr);
		nlreq_init(r, HNET_CMD_DEV_GET, NLM_F_ACK);
		ret = nl_put_dev(r, devname);
		if (ret)
			return ret;
		ret = collect(r, dev_json, &arr);
		if (ret)
			return ret;
	}
	print_json(arr);
	json_object_put(arr);
	return EXIT_OK;
}

static int dev_set(int argc, char **argv)
{
	static struct nlreq r;
	bool vtep = false, dstport = false, hostmac = false;
	const char *devname = NULL;
	struct nlattr *nest;
	int ret;

	nlreq_init(&r, HNET_CMD_DEV_SET, NLM_F_ACK);
	nest = nl_nest_start(&r, HNET_A_DEV);
	while (argc > 0) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			if (devname)
				return duplicate_arg("dev");
			devname = *argv;
		} else if (!strcmp(*argv, "vtep")) {
			struct in_addr addr;

			NEXT_ARG();
			if (vtep)
				return duplicate_arg("vtep");
			if (get_ipv4(&addr, *argv))
				return invalid_arg("vtep", *argv,
						   "an IPv4 address");
			nl_put_addr(&r, HNET_DEV_A_VTEP, addr);
			vtep = true;
		} else if (!strcmp(*argv, "dstport")) {
			uint16_t port;

			NEXT_ARG();
			if (dstport)
				return duplicate_arg("dstport");
			if (get_u16(&port, *argv))
				return invalid_arg("dstport", *argv,
						   "a UDP port number");
			nl_put_u16(&r, HNET_DEV_A_DSTPORT, port);
			dstport = true;
		} else if (!strcmp(*argv, "host-mac")) {
			uint8_t mac[ETH_ALEN_HNET];

			NEXT_ARG();
			if (hostmac)
				return duplicate_arg("host-mac");
			if (get_mac(mac, *argv))
				return invalid_arg("host-mac", *argv,
						   "a MAC address");
			nl_put_mac(&r, HNET_DEV_A_HOST_MAC, mac);
			hostmac = true;
		} else {
			return unknown_arg(*argv);
		}
		argc--;
		argv++;
	}
	nl_nest_end(&r, nest);

	ret = nl_put_dev(&r, devname);
	if (ret)
		return ret;
	if (!opts.json)
		return nl_request(&r, NULL, NULL, NULL);
	return dev_set_reply(&r, devname);
}

static const struct hnetctl_cmd dev_cmds[] = {
	{ "show",	dev_show },
	{ "set",	dev_set },
	{ NULL,		NULL }
};

int do_dev(int argc, char **argv)
{
	return dispatch_cmd("dev", dev_cmds, "show", dev_usage, argc, argv);
}
