// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: print change notifications of the "events" group (monitor).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hnetctl.h"
#include "nl.h"
#include "print.h"
#include "utils.h"

void monitor_usage(FILE *f)
{
	fprintf(f, "  monitor [dev NAME]\n");
}

static const struct event {
	uint8_t cmd;
	const char *name;
	const char *key;
	obj_json_fn json;
	obj_text_fn text;
} events[] = {
	{ HNET_CMD_DEV_SET,	"dev-set",	"dev",	   dev_json,	 dev_text },
	{ HNET_CMD_NETWORK_NEW,	"network-new",	"network", network_json, network_text },
	{ HNET_CMD_NETWORK_DEL,	"network-del",	"network", network_json, network_text },
	{ HNET_CMD_PORT_NEW,	"port-new",	"port",	   port_json,	 port_text },
	{ HNET_CMD_PORT_DEL,	"port-del",	"port",	   port_json,	 port_text },
	{ HNET_CMD_REMOTE_NEW,	"remote-new",	"remote",  remote_json,	 remote_text },
	{ HNET_CMD_REMOTE_DEL,	"remote-del",	"remote",  remote_json,	 remote_text },
	{ HNET_CMD_FLOOD_NEW,	"flood-new",	"flood",   flood_json,	 flood_text },
	{ HNET_CMD_FLOOD_DEL,	"flood-del",	"flood",   flood_json,	 flood_text },
	{ HNET_CMD_DEV_DEL,	"dev-del",	"dev",	   dev_json,	 dev_text },
};

static const struct event *find_event(uint8_t cmd)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(events); i++)
		if (events[i].cmd == cmd)
			return &events[i];
	return NULL;
}

/* The name of the device a notification is about. */
static const char *event_dev(const struct nlattr **tb)
{
	const struct nlattr *dtb[HNET_DEV_A_MAX + 1];
	const char *name = nl_get_str(tb[HNET_A_IFNAME]);

	if (name || !tb[HNET_A_DEV])
		return name;
	nl_parse_nest(tb[HNET_A_DEV], dtb, HNET_DEV_A_MAX);
	return nl_get_str(dtb[HNET_DEV_A_IFNAME]);
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[HNET_A_MAX + 1];
	const char *filter = data, *dev;
	const struct event *ev;
	json_object *obj, *line;

	ev = find_event(nl_genl_cmd(nlh));
	if (!ev)
		return 0;
	nl_parse_msg(nlh, tb, HNET_A_MAX);
	dev = event_dev(tb);
	if (filter && (!dev || strcmp(filter, dev)))
		return 0;
	obj = ev->json(tb);
	if (!obj)
		return 0;

	if (opts.json) {
		line = json_object_new_object();
		json_object_object_add(line, "event",
				       json_object_new_string(ev->name));
		/* A dev-set's or dev-del's "dev" is the device object itself. */
		if (dev && strcmp(ev->key, "dev"))
			json_object_object_add(line, "dev",
					       json_object_new_string(dev));
		json_object_object_add(line, ev->key, obj);
		print_json(line);
		json_object_put(line);
	} else {
		printf("[%s] ", ev->name);
		ev->text(obj);
		json_object_put(obj);
	}
	fflush(stdout);
	return 0;
}

static void stop(int sig)
{
	(void)sig;
	_exit(EXIT_OK);
}

static int monitor(int argc, char **argv)
{
	const char *devname = NULL;
	struct sigaction sa;

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

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	return nl_monitor(event_cb, (void *)devname);
}

int do_monitor(int argc, char **argv)
{
	/* "monitor" takes no command word, only an optional "dev NAME". */
	if (argc > 0 && !strcmp(argv[0], "help")) {
		monitor_usage(stdout);
		return EXIT_OK;
	}
	return monitor(argc, argv);
}
