/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hnetctl: objects described once, as tables.
 *
 * An object kind (dev, network, port, ...) is one struct hnet_object: its
 * commands and, in output order, its fields.  A field names the keyword of
 * the command line (also the word of the text output, so that what `show`
 * prints reads back as a command), the key of the JSON output contract,
 * the attribute inside the object's nest, its type and which commands
 * accept or require it.  From these tables come the one argument parser,
 * the one JSON builder, the one text printer, the usage text and the word
 * list (`hnetctl help words`) that the man page and the bash completion are
 * checked against.
 */
#ifndef HNETCTL_OBJECT_H
#define HNETCTL_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>
#include <linux/netlink.h>
#include <linux/hnet.h>

#include "nl.h"

/* What a command does with its request, and the bit of it in field masks. */
enum hnet_op {
	OP_ADD,		/* NLM_F_ACK; -j prints the kernel's reply object */
	OP_DEL,		/* NLM_F_ACK; prints nothing */
	OP_SHOW,	/* one object by its key, else a (filtered) dump */
	OP_SET,		/* like OP_ADD */
	OP_GET,		/* one object, always a GET of one (no dump) */
	OP_NR,
};

#define OPS(op)		(1U << (op))
#define ADD		OPS(OP_ADD)
#define DEL		OPS(OP_DEL)
#define SHOW		OPS(OP_SHOW)
#define SET		OPS(OP_SET)
#define GET		OPS(OP_GET)

enum field_type {
	FIELD_U16,
	FIELD_U32,
	FIELD_STR,
	FIELD_ADDR,	/* IPv4 address */
	FIELD_IP,	/* IPv4 (attr) or IPv6 (attr6) address */
	FIELD_PREFIX,	/* FIELD_IP and a prefix length (attr_plen) */
	FIELD_MAC,
	FIELD_ONOFF,	/* u8 1/0: "on"/"off" in text, true/false in JSON */
	FIELD_NEST,	/* a nest of the fields @sub, its first one the value */
	FIELD_STATS,	/* counters nest (@stats): "stats" with -s */
};

struct stats_desc;

/* Field flags. */
#define F_POS		0x01	/* no keyword: the object's key, a bare word */
#define F_MULTI		0x02	/* repeatable; a JSON array, always present */
#define F_NOTEXT	0x04	/* JSON only */
#define F_LABEL		0x08	/* text line starts "VALUE:" (not the object name) */

struct field {
	const char *word;	/* keyword and text word (F_POS: none) */
	const char *key;	/* JSON key */
	const char *meta;	/* value in usage, e.g. "ADDR" */
	uint16_t attr;		/* attribute inside the object's nest */
	uint16_t attr6;		/* FIELD_IP, FIELD_PREFIX: the IPv6 one */
	uint16_t attr_plen;	/* FIELD_PREFIX: the prefix length */
	uint16_t top;		/* top-level attribute when the nest lacks it */
	enum field_type type;
	unsigned int flags;	/* F_* */
	unsigned int accept;	/* OPS() of the commands that take it */
	unsigned int require;	/* OPS() of the commands that need it */
	const char *dflt;	/* JSON value when the kernel leaves it out */
	const char *what;	/* "expected ..." of usage errors, if not the type's */
	const struct field *sub; /* FIELD_NEST */
	size_t nsub;
	unsigned int sub_max;	/* FIELD_NEST: highest attribute inside */
	const struct stats_desc *stats;	/* FIELD_STATS; NULL: HNET_STATS_A_* */
};

struct hnet_object;
struct hnet_args;

struct obj_cmd {
	const char *name;	/* NULL: the object takes no command word */
	enum hnet_op op;
	uint8_t genl;		/* HNET_CMD_* */
	/* Instead of the generic request; @a is parsed, its nest closed. */
	int (*run)(const struct hnet_args *a);
};

/* Arguments of one command line, once parsed. */
struct hnet_args {
	const struct hnet_object *obj;
	const struct obj_cmd *cmd;
	const char *devname;	/* "dev NAME" */
	bool have_key;		/* the F_POS field was given */
	struct nlreq *r;	/* the request, attributes in place */
};

/* A notification of the "events" group about this kind of object. */
struct obj_event {
	uint8_t genl;		/* HNET_CMD_* */
	const char *name;	/* "network-new" */
};

/* Object flags. */
#define OBJ_DEVICE	0x01	/* "dev NAME" names the object itself */
#define OBJ_REGET	0x02	/* -j set without a reply object: show it */

struct hnet_object {
	/*
	 * Object word, text line head, JSON event key.  A sub-object's name
	 * is its parent's and its own word ("router iface").
	 */
	const char *name;
	const char *word;	/* sub-object: its own word ("iface") */
	const char *key;	/* JSON event key, if not @name ("router_iface") */
	uint16_t nest;		/* HNET_A_* the fields live in; 0 for none */
	unsigned int nest_max;	/* highest attribute inside the nest */
	unsigned int flags;	/* OBJ_* */
	const struct field *fields;
	size_t nfields;
	const struct obj_cmd *cmds;
	size_t ncmds;
	const struct obj_event *events;
	size_t nevents;
	/* Objects named by a word after this one's ("router iface ..."). */
	const struct hnet_object *const *subs;	/* NULL terminated */
};

/*
 * The add, del and show commands of an object kind KIND with the generic
 * netlink commands HNET_CMD_KIND_NEW, _DEL and _GET, and the events of
 * the first two (name "-new", name "-del").
 */
#define OBJECT_ADD_DEL_SHOW(kind)					\
	{ .name = "add", .op = OP_ADD, .genl = HNET_CMD_##kind##_NEW },	\
	{ .name = "del", .op = OP_DEL, .genl = HNET_CMD_##kind##_DEL },	\
	{ .name = "show", .op = OP_SHOW, .genl = HNET_CMD_##kind##_GET }
#define OBJECT_NEW_DEL_EVENTS(kind, name)				\
	{ HNET_CMD_##kind##_NEW, name "-new" },				\
	{ HNET_CMD_##kind##_DEL, name "-del" }

#define OBJECT_FIELDS(f)	.fields = (f), .nfields = sizeof(f) / sizeof((f)[0])
#define OBJECT_CMDS(c)		.cmds = (c), .ncmds = sizeof(c) / sizeof((c)[0])
#define OBJECT_EVENTS(e)	.events = (e), .nevents = sizeof(e) / sizeof((e)[0])

/* Every object kind, in usage order; NULL terminated (hnetctl.c). */
extern const struct hnet_object *const hnet_objects[];

extern const struct hnet_object dev_object;
extern const struct hnet_object network_object;
extern const struct hnet_object port_object;
extern const struct hnet_object remote_object;
extern const struct hnet_object flood_object;
extern const struct hnet_object peer_object;
extern const struct hnet_object router_object;
extern const struct hnet_object router_iface_object;
extern const struct hnet_object route_object;
extern const struct hnet_object miss_object;
extern const struct hnet_object gateway_object;
extern const struct hnet_object fip_object;
extern const struct hnet_object l2gw_object;
extern const struct hnet_object l2gw_mac_object;
extern const struct hnet_object stats_object;
extern const struct hnet_object monitor_object;

/* Run "OBJECT [COMMAND] [ARGS]": argv[0] is the first word after OBJECT. */
int object_run(const struct hnet_object *o, int argc, char **argv);

/*
 * Parse the arguments of @cmd into @a, building its request in @r: the
 * fields in the object's nest, in command-line order (a show without any
 * carries no nest), "dev NAME" left in @a->devname.  Returns an exit status.
 */
int object_parse(const struct hnet_object *o, const struct obj_cmd *cmd,
		 struct nlreq *r, int argc, char **argv, struct hnet_args *a);

/* The JSON object of one message (tb indexed by HNET_A_*), or NULL. */
json_object *object_json(const struct hnet_object *o,
			 const struct nlattr **tb);
/* The text line (and counter lines) of such an object. */
void object_text(const struct hnet_object *o, json_object *obj);

/* Usage lines of @o's commands. */
void object_usage(const struct hnet_object *o, FILE *f);

/* Every word of @o, one per line, for `hnetctl help words`. */
void object_words(const struct hnet_object *o, FILE *f);

/* `show` output: the array as JSON, or one text rendering per element. */
void print_objects(const struct hnet_object *o, json_object *arr);

#endif /* HNETCTL_OBJECT_H */
