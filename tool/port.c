// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: ports, the local netdevs of VMs (port add, del, show).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "hnetctl.h"
#include "nl.h"
#include "print.h"
#include "utils.h"

void port_usage(FILE *f)
{
	fprintf(f,
		"  port add IFNAME network ID mac MAC [ip ADDR]... [allow ADDR[/PLEN] [mac MAC]]...\n"
		"           [security on|off] [dev NAME]\n"
		"  port del IFNAME [dev NAME]\n"
		"  port show [IFNAME] [dev NAME]\n");
}

static json_object *allowed_json(const struct nlattr *nest)
{
	const struct nlattr *atb[HNET_ALLOWED_A_MAX + 1];
	char buf[INET6_ADDRSTRLEN + 4];
	json_object *obj, *a = NULL;
	struct in6_addr addr6;
	struct in_addr addr;
	uint8_t plen;

	nl_parse_nest(nest, atb, HNET_ALLOWED_A_MAX);
	obj = json_object_new_object();
	if (nl_get_addr(atb[HNET_ALLOWED_A_ADDR], &addr)) {
		a = json_addr(addr);
		plen = 32;
	} else if (nl_get_addr6(atb[HNET_ALLOWED_A_ADDR6], &addr6)) {
		a = json_addr6(&addr6);
		plen = 128;
	}
	if (a) {
		nl_get_u8(atb[HNET_ALLOWED_A_PREFIXLEN], &plen);
		snprintf(buf, sizeof(buf), "%s/%u", json_object_get_string(a),
			 plen);
		json_object_put(a);
		json_object_object_add(obj, "prefix",
				       json_object_new_string(buf));
	}
	json_add_mac(obj, "mac", atb[HNET_ALLOWED_A_MAC]);
	return obj;
}

json_object *port_json(const struct nlattr **tb)
{
	const struct nlattr *ptb[HNET_PORT_A_MAX + 1];
	json_object *obj, *ips, *allowed;
	const struct nlattr *a;
	struct in6_addr addr6;
	struct in_addr addr;
	uint8_t security = 1;

	if (!tb[HNET_A_PORT])
		return NULL;
	nl_parse_nest(tb[HNET_A_PORT], ptb, HNET_PORT_A_MAX);
	obj = json_object_new_object();
	ips = json_object_new_array();
	allowed = json_object_new_array();
	mnl_attr_for_each_nested(a, tb[HNET_A_PORT]) {
		switch (mnl_attr_get_type(a)) {
		case HNET_PORT_A_IP:
			if (nl_get_addr(a, &addr))
				json_object_array_add(ips, json_addr(addr));
			break;
		case HNET_PORT_A_IP6:
			if (nl_get_addr6(a, &addr6))
				json_object_array_add(ips, json_addr6(&addr6));
			break;
		case HNET_PORT_A_ALLOWED:
			json_object_array_add(allowed, allowed_json(a));
			break;
		}
	}

	json_add_str(obj, "ifname", ptb[HNET_PORT_A_IFNAME]);
	json_add_u32(obj, "ifindex", ptb[HNET_PORT_A_IFINDEX]);
	json_add_u32(obj, "network", ptb[HNET_PORT_A_NETWORK_ID]);
	json_add_mac(obj, "mac", ptb[HNET_PORT_A_MAC]);
	json_object_object_add(obj, "ips", ips);
	json_object_object_add(obj, "allowed", allowed);
	nl_get_u8(ptb[HNET_PORT_A_SECURITY], &security);
	json_object_object_add(obj, "security",
			       json_object_new_boolean(security));
	json_add_stats(obj, ptb[HNET_PORT_A_STATS]);
	return obj;
}

void port_text(json_object *obj)
{
	json_object *arr, *v;
	size_t i, n;

	fputs("port", stdout);
	text_str(obj, NULL, "ifname");
	text_int(obj, "network", "network");
	text_str(obj, "mac", "mac");
	text_strs(obj, "ip", "ips");
	if (json_object_object_get_ex(obj, "allowed", &arr)) {
		n = json_object_array_length(arr);
		for (i = 0; i < n; i++) {
			v = json_object_array_get_idx(arr, i);
			text_str(v, "allow", "prefix");
			text_str(v, "mac", "mac");
		}
	}
	if (json_object_object_get_ex(obj, "security", &v))
		printf(" security %s", json_object_get_boolean(v) ? "on" : "off");
	putchar('\n');
	text_stats(obj);
}

static int port_add(int argc, char **argv)
{
	static struct nlreq r;
	bool have_net = false, have_mac = false, have_sec = false;
	const char *devname = NULL, *ifname = NULL;
	uint8_t mac[ETH_ALEN_HNET];
	struct ip_addr addr;
	struct nlattr *nest;
	uint32_t id;
	int ret;

	nlreq_init(&r, HNET_CMD_PORT_NEW, NLM_F_ACK);
	nest = nl_nest_start(&r, HNET_A_PORT);
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
			nl_put_u32(&r, HNET_PORT_A_NETWORK_ID, id);
			have_net = true;
		} else if (!strcmp(*argv, "mac")) {
			NEXT_ARG();
			if (have_mac)
				return duplicate_arg("mac");
			if (get_mac(mac, *argv))
				return invalid_arg("mac", *argv,
						   "a MAC address");
			nl_put_mac(&r, HNET_PORT_A_MAC, mac);
			have_mac = true;
		} else if (!strcmp(*argv, "ip")) {
			NEXT_ARG();
			if (get_ip(&addr, *argv))
				return invalid_arg("ip", *argv,
						   "an IPv4 or IPv6 address");
			nl_put_ip(&r, HNET_PORT_A_IP, HNET_PORT_A_IP6, &addr);
		} else if (!strcmp(*argv, "allow")) {
			struct nlattr *pair;
			uint8_t plen;

			NEXT_ARG();
			if (get_prefix(&addr, &plen, *argv))
				return invalid_arg("allow", *argv,
						   "an IPv4 or IPv6 address or ADDR/PLEN");
			pair = nl_nest_start(&r, HNET_PORT_A_ALLOWED);
			nl_put_ip(&r, HNET_ALLOWED_A_ADDR, HNET_ALLOWED_A_ADDR6,
				  &addr);
			nl_put_u8(&r, HNET_ALLOWED_A_PREFIXLEN, plen);
			/* A "mac" right after "allow X" belongs to the pair. */
			if (NEXT_ARG_OK() && !strcmp(argv[1], "mac")) {
				argc--;
				argv++;
				NEXT_ARG();
				if (get_mac(mac, *argv))
					return invalid_arg("mac", *argv,
							   "a MAC address");
				nl_put_mac(&r, HNET_ALLOWED_A_MAC, mac);
			}
			nl_nest_end(&r, pair);
		} else if (!strcmp(*argv, "security")) {
			bool on;

			NEXT_ARG();
			if (have_sec)
				return duplicate_arg("security");
			if (get_onoff(&on, *argv))
				return invalid_arg("security", *argv,
						   "\"on\" or \"off\"");
			nl_put_u8(&r, HNET_PORT_A_SECURITY, on);
			have_sec = true;
		} else if (!ifname) {
			ifname = *argv;
			nl_put_strz(&r, HNET_PORT_A_IFNAME, ifname);
		} else {
			return unknown_arg(*argv);
		}
		argc--;
		argv++;
	}
	nl_nest_end(&r, nest);
	if (!ifname)
		return usage_err("port add: missing IFNAME");
	if (!have_net)
		return usage_err("port add: missing \"network ID\"");
	if (!have_mac)
		return usage_err("port add: missing \"mac MAC\"");

	ret = nl_put_dev(&r, devname);
	if (ret)
		return ret;
	return change_object(&r, port_json);
}

/* Parse "[IFNAME] [dev NAME]" of del and show. */
static int parse_ifname_dev(int argc, char **argv, const char **ifname,
			    const char **devname)
{
	while (argc > 0) {
		if (!strcmp(*argv, "dev")) {
			NEXT_ARG();
			if (*devname)
				return duplicate_arg("dev");
			*devname = *argv;
		} else if (!*ifname) {
			*ifname = *argv;
		} else {
			return unknown_arg(*argv);
		}
		argc--;
		argv++;
	}
	return EXIT_OK;
}

static void put_port_ifname(struct nlreq *r, const char *ifname)
{
	struct nlattr *nest;

	nest = nl_nest_start(r, HNET_A_PORT);
	nl_put_strz(r, HNET_PORT_A_IFNAME, ifname);
	nl_nest_end(r, nest);
}

static int port_del(int argc, char **argv)
{
	static struct nlreq r;
	const char *devname = NULL, *ifname = NULL;
	int ret;

	ret = parse_ifname_dev(argc, argv, &ifname, &devname);
	if (ret)
		return ret;
	if (!ifname)
		return usage_err("port del: missing IFNAME");

	nlreq_init(&r, HNET_CMD_PORT_DEL, NLM_F_ACK);
	put_port_ifname(&r, ifname);
	ret = nl_put_dev(&r, devname);
	if (ret)
		return ret;
	return nl_request(&r, NULL, NULL, NULL);
}

static int port_show(int argc, char **argv)
{
	static struct nlreq r;
	const char *devname = NULL, *ifname = NULL;
	int ret;

	ret = parse_ifname_dev(argc, argv, &ifname, &devname);
	if (ret)
		return ret;

	if (ifname) {
		nlreq_init(&r, HNET_CMD_PORT_GET, NLM_F_ACK);
		put_port_ifname(&r, ifname);
	} else {
		nlreq_init(&r, HNET_CMD_PORT_GET, NLM_F_DUMP);
	}
	ret = nl_put_dev(&r, devname);
	if (ret)
		return ret;
	return show_objects(&r, port_json, port_text);
}

static const struct hnetctl_cmd port_cmds[] = {
	{ "add",	port_add },
	{ "del",	port_del },
	{ "show",	port_show },
	{ NULL,		NULL }
};

int do_port(int argc, char **argv)
{
	return dispatch_cmd("port", port_cmds, "show", port_usage, argc, argv);
}
