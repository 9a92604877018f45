/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hnetctl: what the object files share.
 */
#ifndef HNETCTL_H
#define HNETCTL_H

#include <stdbool.h>
#include <stdio.h>
#include <json-c/json.h>
#include <linux/netlink.h>
#include <linux/hnet.h>

struct hnet_opts {
	bool json;		/* -j */
	bool pretty;		/* -p */
	bool stats;		/* -s */
	bool force;		/* -f */
};

extern struct hnet_opts opts;

/* One command of an object: argv[0] is the first argument after it. */
struct hnetctl_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
};

/*
 * Run the command named by argv[0] from @cmds (NULL-terminated, unique
 * prefixes); with no argv[0], @dflt ("show").  "help" calls @usage.
 */
int dispatch_cmd(const char *object, const struct hnetctl_cmd *cmds,
		 const char *dflt, void (*usage)(FILE *f), int argc,
		 char **argv);

/*
 * Each object turns the attributes of one message (tb indexed by
 * HNET_A_*) into its JSON object, and renders such an object as text.
 */
json_object *dev_json(const struct nlattr **tb);
void dev_text(json_object *obj);
json_object *network_json(const struct nlattr **tb);
void network_text(json_object *obj);
json_object *port_json(const struct nlattr **tb);
void port_text(json_object *obj);
json_object *remote_json(const struct nlattr **tb);
void remote_text(json_object *obj);
json_object *flood_json(const struct nlattr **tb);
void flood_text(json_object *obj);

int do_dev(int argc, char **argv);
int do_network(int argc, char **argv);
int do_port(int argc, char **argv);
int do_remote(int argc, char **argv);
int do_flood(int argc, char **argv);
int do_stats(int argc, char **argv);
int do_monitor(int argc, char **argv);

void dev_usage(FILE *f);
void network_usage(FILE *f);
void port_usage(FILE *f);
void remote_usage(FILE *f);
void flood_usage(FILE *f);
void stats_usage(FILE *f);
void monitor_usage(FILE *f);

#endif /* HNETCTL_H */
