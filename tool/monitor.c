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
#include "object.h"
#include "print.h"
#include "utils.h"

/* The object of @list (or of their sub-objects) with event @cmd. */
static const struct hnet_object *
find_event_in(const struct hnet_object *const *list, uint8_t cmd,
	      const char **name)
{
	const struct hnet_object *const *o, *sub;
	size_t i;

	for (o = list; o && *o; o++) {
		for (i = 0; i < (*o)->nevents; i++)
			if ((*o)->events[i].genl == cmd) {
				*name = (*o)->events[i].name;
				return *o;
			}
		sub = find_event_in((*o)->subs, cmd, name);
		if (sub)
			return sub;
	}
	return NULL;
}

/* Kinds that only ever arrive as notifications: no command makes them. */
static const struct hnet_object *const event_objects[] = {
	&miss_object,
	NULL
};

/* The object kind and event name of a notification, from the object table. */
static const struct hnet_object *find_event(uint8_t cmd, const char **name)
{
	const struct hnet_object *o = find_event_in(hnet_objects, cmd, name);

	return o ?: find_event_in(event_objects, cmd, name);
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
	const char *filter = data, *dev, *name;
	const struct hnet_object *o;
	json_object *obj, *line;

	o = find_event(nl_genl_cmd(nlh), &name);
	if (!o)
		return 0;
	nl_parse_msg(nlh, tb, HNET_A_MAX);
	dev = event_dev(tb);
	if (filter && (!dev || strcmp(filter, dev)))
		return 0;
	obj = object_json(o, tb);
	if (!obj)
		return 0;

	if (opts.json) {
		line = json_object_new_object();
		json_object_object_add(line, "event",
				       json_object_new_string(name));
		/* A dev-set's or dev-del's "dev" is the device object itself. */
		if (dev && !(o->flags & OBJ_DEVICE))
			json_object_object_add(line, "dev",
					       json_object_new_string(dev));
		json_object_object_add(line, o->key ?: o->name, obj);
		print_json(line);
		json_object_put(line);
	} else {
		printf("[%s] ", name);
		object_text(o, obj);
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

static int monitor(const struct hnet_args *a)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	return nl_monitor(event_cb, (void *)a->devname);
}

/* "monitor" takes no command word, only an optional "dev NAME". */
static const struct obj_cmd monitor_cmds[] = {
	{ .name = NULL, .op = OP_SHOW, .run = monitor },
};

const struct hnet_object monitor_object = {
	.name		= "monitor",
	OBJECT_CMDS(monitor_cmds),
};
