// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: one printing path for text and JSON.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/printbuf.h>
#include <linux/hnet.h>

#include "hnetctl.h"
#include "object.h"
#include "print.h"
#include "utils.h"

#define DUMP_RETRIES	4

/* JSON key of each counter: the attribute name, lowercase, no prefix. */
static const char *const stats_names[HNET_STATS_A_MAX + 1] = {
	[HNET_STATS_A_RX_PACKETS]	= "rx_packets",
	[HNET_STATS_A_RX_BYTES]		= "rx_bytes",
	[HNET_STATS_A_TX_PACKETS]	= "tx_packets",
	[HNET_STATS_A_TX_BYTES]		= "tx_bytes",
	[HNET_STATS_A_DROPS]		= "drops",
	[HNET_STATS_A_DROP_SPOOFED]	= "drop_spoofed",
	[HNET_STATS_A_DROP_UNKNOWN_VNI]	= "drop_unknown_vni",
	[HNET_STATS_A_DROP_MALFORMED]	= "drop_malformed",
	[HNET_STATS_A_DROP_MTU]		= "drop_mtu",
	[HNET_STATS_A_DROP_NO_DEST]	= "drop_no_dest",
	[HNET_STATS_A_DROP_UNKNOWN_VTEP] = "drop_unknown_vtep",
	[HNET_STATS_A_DROP_CONTROL]	= "drop_control",
};

/* The second counter line of every object: text word of each drop reason. */
static const struct {
	const char *key;
	const char *word;
} drop_words[] = {
	{ "drop_spoofed",	"spoofed" },
	{ "drop_unknown_vni",	"unknown-vni" },
	{ "drop_malformed",	"malformed" },
	{ "drop_mtu",		"mtu" },
	{ "drop_no_dest",	"no-dest" },
	{ "drop_unknown_vtep",	"unknown-vtep" },
	{ "drop_control",	"control" },
};

struct collector {
	const struct hnet_object *obj;
	json_object *arr;
};

static int collect_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[HNET_A_MAX + 1];
	struct collector *c = data;
	json_object *obj;

	nl_parse_msg(nlh, tb, HNET_A_MAX);
	obj = object_json(c->obj, tb);
	if (obj)
		json_object_array_add(c->arr, obj);
	return 0;
}

int collect(struct nlreq *r, const struct hnet_object *o, json_object **arr)
{
	struct collector c = { .obj = o };
	bool intr;
	int ret, try;

	for (try = 0;; try++) {
		c.arr = json_object_new_array();
		if (!c.arr)
			return sys_err("out of memory");
		intr = false;
		ret = nl_request(r, collect_cb, &c, &intr);
		if (ret || !intr)
			break;
		if (try == DUMP_RETRIES) {
			fflush(stdout);
			fprintf(stderr,
				"Warning: dump interrupted by changes, output may be inconsistent\n");
			break;
		}
		json_object_put(c.arr);
	}
	if (ret) {
		json_object_put(c.arr);
		*arr = NULL;
		return ret;
	}
	*arr = c.arr;
	return EXIT_OK;
}

static int empty_array_to_string(json_object *jso, struct printbuf *pb,
				 int level, int flags)
{
	(void)jso;
	(void)level;
	(void)flags;
	return printbuf_memappend(pb, "[]", 2);
}

/* json-c's pretty form spreads an empty array over two lines: keep "[]". */
static void compact_empty_arrays(json_object *obj)
{
	size_t i, n;

	switch (json_object_get_type(obj)) {
	case json_type_array:
		n = json_object_array_length(obj);
		/* Decided at each print: the array may have grown since. */
		json_object_set_serializer(obj, n ? NULL : empty_array_to_string,
					   NULL, NULL);
		for (i = 0; i < n; i++)
			compact_empty_arrays(json_object_array_get_idx(obj, i));
		break;
	case json_type_object: {
		json_object_object_foreach(obj, key, val) {
			(void)key;
			compact_empty_arrays(val);
		}
		break;
	}
	default:
		break;
	}
}

void print_json(json_object *obj)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;

	compact_empty_arrays(obj);
	if (opts.pretty) {
		flags |= JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED;
	} else {
		flags |= JSON_C_TO_STRING_PLAIN;
	}
	puts(json_object_to_json_string_ext(obj, flags));
	fflush(stdout);
}

void json_add_u32(json_object *obj, const char *key, const struct nlattr *a)
{
	uint32_t v;

	if (nl_get_u32(a, &v))
		json_object_object_add(obj, key, json_object_new_int64(v));
}

void json_add_u16(json_object *obj, const char *key, const struct nlattr *a)
{
	uint16_t v;

	if (nl_get_u16(a, &v))
		json_object_object_add(obj, key, json_object_new_int64(v));
}

void json_add_str(json_object *obj, const char *key, const struct nlattr *a)
{
	const char *s = nl_get_str(a);

	if (s)
		json_object_object_add(obj, key, json_object_new_string(s));
}

json_object *json_addr(struct in_addr addr)
{
	char buf[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &addr, buf, sizeof(buf));
	return json_object_new_string(buf);
}

json_object *json_addr6(const struct in6_addr *addr)
{
	char buf[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, buf, sizeof(buf));
	return json_object_new_string(buf);
}

void json_add_addr(json_object *obj, const char *key, const struct nlattr *a)
{
	struct in_addr addr;

	if (nl_get_addr(a, &addr))
		json_object_object_add(obj, key, json_addr(addr));
}

void json_add_mac(json_object *obj, const char *key, const struct nlattr *a)
{
	const uint8_t *m = nl_get_mac(a);
	char buf[18];

	if (!m)
		return;
	snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x",
		 m[0], m[1], m[2], m[3], m[4], m[5]);
	json_object_object_add(obj, key, json_object_new_string(buf));
}

void json_add_stats(json_object *obj, const struct nlattr *nest,
		    const struct stats_desc *desc)
{
	const struct nlattr **tb;
	json_object *stats;
	unsigned int i;
	uint64_t v;

	if (!opts.stats || !nest)
		return;
	tb = calloc(desc->max + 1, sizeof(*tb));
	if (!tb)
		return;
	nl_parse_nest(nest, tb, desc->max);
	stats = json_object_new_object();
	for (i = 0; i <= desc->max; i++) {
		if (desc->names[i] && nl_get_u64(tb[i], &v))
			json_object_object_add(stats, desc->names[i],
					       json_object_new_uint64(v));
	}
	free(tb);
	json_object_object_add(obj, "stats", stats);
}

const char *jstr(json_object *obj, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

bool jint(json_object *obj, const char *key, int64_t *val)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return false;
	*val = json_object_get_int64(v);
	return true;
}

void text_str(json_object *obj, const char *word, const char *key)
{
	const char *s = jstr(obj, key);

	if (s && *s)
		printf(" %s%s%s", word ?: "", word ? " " : "", s);
}

void text_int(json_object *obj, const char *word, const char *key)
{
	int64_t v;

	if (jint(obj, key, &v))
		printf(" %s%s%" PRId64, word ?: "", word ? " " : "", v);
}

void text_strs(json_object *obj, const char *word, const char *key)
{
	json_object *arr;
	size_t i, n;

	if (!json_object_object_get_ex(obj, key, &arr) ||
	    !json_object_is_type(arr, json_type_array))
		return;
	n = json_object_array_length(arr);
	for (i = 0; i < n; i++) {
		json_object *v = json_object_array_get_idx(arr, i);

		printf(" %s %s", word, json_object_get_string(v));
	}
}

uint64_t stat_val(json_object *stats, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(stats, key, &v))
		return 0;
	return json_object_get_uint64(v);
}

void text_stats(json_object *obj, const struct stats_desc *desc)
{
	json_object *stats;

	if (json_object_object_get_ex(obj, "stats", &stats))
		desc->text(stats);
}

static void hnet_stats_text(json_object *stats)
{
	bool drops = false;
	json_object *v;
	size_t i;

	printf("    rx %" PRIu64 " packets %" PRIu64 " bytes tx %" PRIu64
	       " packets %" PRIu64 " bytes drops %" PRIu64 "\n",
	       stat_val(stats, "rx_packets"), stat_val(stats, "rx_bytes"),
	       stat_val(stats, "tx_packets"), stat_val(stats, "tx_bytes"),
	       stat_val(stats, "drops"));

	for (i = 0; i < ARRAY_SIZE(drop_words); i++) {
		if (!json_object_object_get_ex(stats, drop_words[i].key, &v))
			continue;
		printf("%s %s %" PRIu64, drops ? "" : "    drops:",
		       drop_words[i].word, json_object_get_uint64(v));
		drops = true;
	}
	if (drops)
		putchar('\n');
}

const struct stats_desc hnet_stats_desc = {
	.max	= HNET_STATS_A_MAX,
	.names	= stats_names,
	.text	= hnet_stats_text,
};
