/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hnetctl: one printing path for text and JSON.
 *
 * Every reply is first turned into a json-c object with the keys of the
 * output contract (object_json()); -j prints those objects, otherwise
 * object_text() prints one iproute2-like line from the same object.
 */
#ifndef HNETCTL_PRINT_H
#define HNETCTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>
#include <linux/netlink.h>

#include "nl.h"

struct hnet_object;

/*
 * Send @r and append the JSON object of every reply message to *@arr
 * (created here; the caller puts it).  An interrupted dump is restarted
 * from scratch a few times.  Returns an exit status.
 */
int collect(struct nlreq *r, const struct hnet_object *o, json_object **arr);

/* Print a JSON value on one line (or indented with -p), then flush. */
void print_json(json_object *obj);

/* Add @key from attribute @a when it is present and well formed. */
void json_add_u32(json_object *obj, const char *key, const struct nlattr *a);
void json_add_u16(json_object *obj, const char *key, const struct nlattr *a);
void json_add_str(json_object *obj, const char *key, const struct nlattr *a);
void json_add_addr(json_object *obj, const char *key, const struct nlattr *a);
void json_add_mac(json_object *obj, const char *key, const struct nlattr *a);
/*
 * A kind of counters nest: the JSON key of each attribute (NULL: none),
 * and the indented text lines of the "stats" object made of them.
 */
struct stats_desc {
	unsigned int max;		/* highest attribute */
	const char *const *names;	/* [max + 1] */
	void (*text)(json_object *stats);
};

/* HNET_STATS_A_*: devices, networks and ports. */
extern const struct stats_desc hnet_stats_desc;

/* Add "stats" from a counters nest (@desc) when -s is in effect. */
void json_add_stats(json_object *obj, const struct nlattr *nest,
		    const struct stats_desc *desc);

json_object *json_addr(struct in_addr addr);
json_object *json_addr6(const struct in6_addr *addr);

/* Reading objects back for the text form. */
const char *jstr(json_object *obj, const char *key);
bool jint(json_object *obj, const char *key, int64_t *val);

/* Text helpers: print " word value" (" value" for a NULL word) when @key is present. */
void text_str(json_object *obj, const char *word, const char *key);
void text_int(json_object *obj, const char *word, const char *key);
/* Print " word value" for each string of the array @key. */
void text_strs(json_object *obj, const char *word, const char *key);
/* The indented counter lines of an object that has "stats". */
void text_stats(json_object *obj, const struct stats_desc *desc);
/* A counter of a "stats" object, 0 when absent. */
uint64_t stat_val(json_object *stats, const char *key);

#endif /* HNETCTL_PRINT_H */
