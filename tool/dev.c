// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: the hnet device (dev show, dev set).
 */
#include <stdio.h>
#include <string.h>

#include "field.h"
#include "hnetctl.h"
#include "nl.h"
#include "print.h"
#include "utils.h"

void dev_usage(FILE *f)
{
	fprintf(f,
		"  dev show [dev NAME]\n"
		"  dev set [dev NAME] [vtep ADDR] [dstport PORT] [host-mac MAC]\n"
		"          [source-check on|off] [max-networks N] [max-ports N]\n"
		"          [max-remotes N] [max-floods N]\n");
}

/*
 * The settings of a device: `dev set` words, `dev show` keys and text, in
 * this order.  A new setting is one more line here.
 */
static const struct field dev_fields[] = {
	{ "vtep",	  "vtep",	  HNET_DEV_A_VTEP,	   FIELD_ADDR },
	{ "dstport",	  "dstport",	  HNET_DEV_A_DSTPORT,	   FIELD_U16 },
	{ "host-mac",	  "host_mac",	  HNET_DEV_A_HOST_MAC,	   FIELD_MAC },
	{ "source-check", "source_check", HNET_DEV_A_SOURCE_CHECK, FIELD_ONOFF },
	{ "max-networks", "max_networks", HNET_DEV_A_MAX_NETWORKS, FIELD_U32 },
	{ "max-ports",	  "max_ports",	  HNET_DEV_A_MAX_PORTS,	   FIELD_U32 },
	{ "max-remotes",  "max_remotes",  HNET_DEV_A_MAX_REMOTES,  FIELD_U32 },
	{ "max-floods",	  "max_floods",	  HNET_DEV_A_MAX_FLOODS,   FIELD_U32 },
};

json_object *dev_json(const struct nlattr **tb)
{
	const struct nlattr *dtb[HNET_DEV_A_MAX + 1];
	json_object *obj;
	size_t i;

	if (!tb[HNET_A_DEV])
		return NULL;
	nl_parse_nest(tb[HNET_A_DEV], dtb, HNET_DEV_A_MAX);
	obj = json_object_new_object();

	json_add_str(obj, "ifname", dtb[HNET_DEV_A_IFNAME] ?: tb[HNET_A_IFNAME]);
	json_add_u32(obj, "ifindex",
		     dtb[HNET_DEV_A_IFINDEX] ?: tb[HNET_A_IFINDEX]);
	for (i = 0; i < ARRAY_SIZE(dev_fields); i++) {
		field_json(obj, &dev_fields[i], dtb);
		/* The kernel leaves an unset VTEP out. */
		if (dev_fields[i].attr == HNET_DEV_A_VTEP &&
		    !json_object_object_get_ex(obj, "vtep", NULL))
			json_object_object_add(obj, "vtep",
					       json_object_new_string("0.0.0.0"));
	}
	json_add_u32(obj, "generation", dtb[HNET_DEV_A_GENERATION]);
	json_add_stats(obj, dtb[HNET_DEV_A_STATS]);
	return obj;
}

void dev_text(json_object *obj)
{
	const char *name = jstr(obj, "ifname");
	size_t i;

	printf("%s:", name ?: "?");
	for (i = 0; i < ARRAY_SIZE(dev_fields); i++)
		field_text(obj, &dev_fields[i]);
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
	const char *devname = NULL;
	const struct field *f;
	struct nlattr *nest;
	unsigned long seen = 0;
	int ret;

	nlreq_init(&r, HNET_CMD_DEV_SET, NLM_F_ACK);
	nest = nl_nest_start(&r, HNET_A_DEV);
	while (argc > 0) {
		f = field_find(dev_fields, ARRAY_SIZE(dev_fields), *argv);
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			if (devname)
				return duplicate_arg("dev");
			devname = *argv;
		} else if (f) {
			NEXT_ARG();
			if (seen & 1UL << (f - dev_fields))
				return duplicate_arg(f->word);
			seen |= 1UL << (f - dev_fields);
			ret = field_put(&r, f, *argv);
			if (ret)
				return ret;
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
