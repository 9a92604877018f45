// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: counters of devices, networks, ports and routers (stats show).
 */
#include <stdio.h>
#include <string.h>

#include "hnetctl.h"
#include "nl.h"
#include "object.h"
#include "print.h"
#include "utils.h"

/* A new object with @key and "stats" copied from @obj. */
static json_object *project(json_object *obj, const char *key)
{
	json_object *out = json_object_new_object(), *v;

	if (json_object_object_get_ex(obj, key, &v))
		json_object_object_add(out, key, json_object_get(v));
	if (json_object_object_get_ex(obj, "stats", &v))
		json_object_object_add(out, "stats", json_object_get(v));
	return out;
}

static json_object *project_list(json_object *arr, const char *key)
{
	json_object *out = json_object_new_array();
	size_t i, n = json_object_array_length(arr);

	for (i = 0; i < n; i++) {
		json_object *obj = json_object_array_get_idx(arr, i);

		json_object_array_add(out, project(obj, key));
	}
	return out;
}

/* Dump @cmd (networks or ports) of the device @ifindex. */
static int dump_of_dev(uint8_t cmd, uint32_t ifindex,
		       const struct hnet_object *o, json_object **arr)
{
	static struct nlreq r;

	nlreq_init(&r, cmd, NLM_F_DUMP);
	nl_put_u32(&r, HNET_A_IFINDEX, ifindex);
	return collect(&r, o, arr);
}

static int stats_dev(json_object *dev, json_object *out)
{
	json_object *nets = NULL, *ports = NULL, *routers = NULL, *entry;
	int64_t ifindex;
	int ret;

	if (!jint(dev, "ifindex", &ifindex))
		return sys_err("device without ifindex in the kernel's reply");
	ret = dump_of_dev(HNET_CMD_NETWORK_GET, ifindex, &network_object,
			  &nets);
	if (!ret)
		ret = dump_of_dev(HNET_CMD_PORT_GET, ifindex, &port_object,
				  &ports);
	if (!ret)
		ret = dump_of_dev(HNET_CMD_ROUTER_GET, ifindex, &router_object,
				  &routers);
	if (ret)
		goto out;

	if (opts.json) {
		entry = project(dev, "ifname");
		json_object_object_add(entry, "networks",
				       project_list(nets, "id"));
		json_object_object_add(entry, "ports",
				       project_list(ports, "ifname"));
		json_object_object_add(entry, "routers",
				       project_list(routers, "id"));
		json_object_array_add(out, entry);
	} else {
		object_text(&dev_object, dev);
		print_objects(&network_object, nets);
		print_objects(&port_object, ports);
		print_objects(&router_object, routers);
	}
out:
	json_object_put(nets);
	json_object_put(ports);
	json_object_put(routers);
	return ret;
}

static int stats_show(const struct hnet_args *a)
{
	static struct nlreq r;
	const char *devname = a->devname;
	json_object *devs, *out;
	size_t i, n;
	int ret = EXIT_OK;

	opts.stats = true;
	if (devname) {
		nlreq_init(&r, HNET_CMD_DEV_GET, NLM_F_ACK);
		nl_put_strz(&r, HNET_A_IFNAME, devname);
	} else {
		nlreq_init(&r, HNET_CMD_DEV_GET, NLM_F_DUMP);
	}
	ret = collect(&r, &dev_object, &devs);
	if (ret)
		return ret;

	out = json_object_new_array();
	n = json_object_array_length(devs);
	for (i = 0; i < n && !ret; i++)
		ret = stats_dev(json_object_array_get_idx(devs, i), out);
	if (!ret && opts.json)
		print_json(out);
	fflush(stdout);
	json_object_put(out);
	json_object_put(devs);
	return ret;
}

static const struct obj_cmd stats_cmds[] = {
	{ .name = "show", .op = OP_SHOW, .run = stats_show },
};

/* No fields of its own: the counters of dev, network and port. */
const struct hnet_object stats_object = {
	.name		= "stats",
	OBJECT_CMDS(stats_cmds),
};
