// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: the one argument parser, JSON builder and text printer, driven
 * by the object tables (see object.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "hnetctl.h"
#include "object.h"
#include "print.h"
#include "utils.h"

/* What a value of each type looks like, for usage errors. */
static const char *const type_what[] = {
	[FIELD_U16]	= "a number (0..65535)",
	[FIELD_U32]	= "a number (0..4294967295)",
	[FIELD_STR]	= "a name",
	[FIELD_ADDR]	= "an IPv4 address",
	[FIELD_IP]	= "an IPv4 or IPv6 address",
	[FIELD_PREFIX]	= "an IPv4 or IPv6 address or ADDR/PLEN",
	[FIELD_MAC]	= "a MAC address",
	[FIELD_ONOFF]	= "\"on\" or \"off\"",
	[FIELD_NEST]	= "a value",
	[FIELD_STATS]	= "nothing",
};

#define DEV_WORD	"dev"
#define DEV_META	"NAME"

/* ---- parsing ---------------------------------------------------------- */

/* The keyword @word among @fields taken by @ops (0: by any command). */
static const struct field *find_keyword(const struct field *fields, size_t n,
					unsigned int ops, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fields[i].word && !(fields[i].flags & F_POS) &&
		    (!ops || (fields[i].accept & ops)) &&
		    !strcmp(word, fields[i].word))
			return &fields[i];
	return NULL;
}

/*
 * Put @arg as the value of @f in @r.  @word names it in errors: the
 * keyword, or for the key of an object NULL (then @f->what is its name).
 */
static int field_put(struct nlreq *r, const struct field *f,
		     const char *word, const char *arg)
{
	uint8_t mac[ETH_ALEN_HNET];
	struct in_addr addr;
	struct ip_addr ip;
	uint32_t u32;
	uint16_t u16;
	uint8_t plen;
	bool on;

	switch (f->type) {
	case FIELD_U16:
		if (get_u16(&u16, arg))
			break;
		nl_put_u16(r, f->attr, u16);
		return EXIT_OK;
	case FIELD_U32:
		if (get_u32(&u32, arg))
			break;
		nl_put_u32(r, f->attr, u32);
		return EXIT_OK;
	case FIELD_STR:
		nl_put_strz(r, f->attr, arg);
		return EXIT_OK;
	case FIELD_ADDR:
		if (get_ipv4(&addr, arg))
			break;
		nl_put_addr(r, f->attr, addr);
		return EXIT_OK;
	case FIELD_IP:
		if (get_ip(&ip, arg))
			break;
		nl_put_ip(r, f->attr, f->attr6, &ip);
		return EXIT_OK;
	case FIELD_PREFIX:
		if (get_prefix(&ip, &plen, arg))
			break;
		nl_put_ip(r, f->attr, f->attr6, &ip);
		nl_put_u8(r, f->attr_plen, plen);
		return EXIT_OK;
	case FIELD_MAC:
		if (get_mac(mac, arg))
			break;
		nl_put_mac(r, f->attr, mac);
		return EXIT_OK;
	case FIELD_ONOFF:
		if (get_onoff(&on, arg))
			break;
		nl_put_u8(r, f->attr, on);
		return EXIT_OK;
	case FIELD_NEST:
	case FIELD_STATS:
		break;
	}
	if (!word)
		return usage_err("invalid %s \"%s\": expected %s", f->what, arg,
				 type_what[f->type]);
	return invalid_arg(word, arg, f->what ?: type_what[f->type]);
}

/*
 * A FIELD_NEST keyword: its value is the nest's first field; the nest's
 * other keywords may follow right after it, once each ("allow X mac M").
 */
static int nest_put(struct nlreq *r, const struct field *f, int *argcp,
		    char ***argvp)
{
	char **argv = *argvp;
	int argc = *argcp, ret;
	unsigned long seen = 0;
	const struct field *s;
	struct nlattr *nest;

	nest = nl_nest_start(r, f->attr);
	ret = field_put(r, &f->sub[0], f->word, *argv);
	while (!ret && argc > 1) {
		s = find_keyword(f->sub + 1, f->nsub - 1, 0, argv[1]);
		if (!s || seen & 1UL << (s - f->sub))
			break;
		seen |= 1UL << (s - f->sub);
		argc--;
		argv++;
		NEXT_ARG();
		ret = field_put(r, s, s->word, *argv);
	}
	nl_nest_end(r, nest);
	*argcp = argc;
	*argvp = argv;
	return ret;
}

static bool nest_empty(struct nlreq *r, struct nlattr *nest)
{
	return mnl_nlmsg_get_payload_tail(r->nlh) ==
	       (void *)((char *)nest + MNL_ATTR_HDRLEN);
}

/* The first key (F_POS field) of @ops not given yet, or NULL. */
static const struct field *next_key(const struct hnet_object *o,
				    unsigned int ops, unsigned long seen)
{
	size_t i;

	for (i = 0; i < o->nfields; i++)
		if ((o->fields[i].flags & F_POS) &&
		    (o->fields[i].accept & ops) && !(seen & 1UL << i))
			return &o->fields[i];
	return NULL;
}

/*
 * Whether a show names one object rather than filtering a dump: it gives
 * every field that deleting one needs.
 */
static bool names_one(const struct hnet_object *o, unsigned long seen)
{
	bool any = false;
	size_t i;

	for (i = 0; i < o->nfields; i++) {
		if (!(o->fields[i].require & DEL))
			continue;
		if (!(seen & 1UL << i))
			return false;
		any = true;
	}
	return any;
}

int object_parse(const struct hnet_object *o, const struct obj_cmd *cmd,
		 struct nlreq *r, int argc, char **argv, struct hnet_args *a)
{
	const unsigned int ops = OPS(cmd->op);
	const struct field *f, *key;
	struct nlattr *nest = NULL;
	unsigned long seen = 0;
	uint16_t flags;
	size_t i;
	int ret;

	memset(a, 0, sizeof(*a));
	a->obj = o;
	a->cmd = cmd;
	a->r = r;

	nlreq_init(r, cmd->genl, NLM_F_ACK);
	if (o->nest)
		nest = nl_nest_start(r, o->nest);
	while (argc > 0) {
		f = find_keyword(o->fields, o->nfields, ops, *argv);
		if (!strcmp(*argv, DEV_WORD)) {
			NEXT_ARG();
			if (a->devname)
				return duplicate_arg(DEV_WORD);
			a->devname = *argv;
			f = NULL;
			ret = EXIT_OK;
		} else if (f) {
			NEXT_ARG();
			if (!(f->flags & F_MULTI) &&
			    seen & 1UL << (f - o->fields))
				return duplicate_arg(f->word);
			if (f->type == FIELD_NEST)
				ret = nest_put(r, f, &argc, &argv);
			else
				ret = field_put(r, f, f->word, *argv);
		} else if ((key = next_key(o, ops, seen))) {
			f = key;
			ret = field_put(r, f, NULL, *argv);
		} else {
			return unknown_arg(*argv);
		}
		if (ret)
			return ret;
		if (f)
			seen |= 1UL << (f - o->fields);
		argc--;
		argv++;
	}

	for (i = 0; i < o->nfields; i++) {
		f = &o->fields[i];
		if (!(f->require & ops) || seen & 1UL << i)
			continue;
		if (f->flags & F_POS)
			return usage_err("%s %s: missing %s", o->name,
					 cmd->name, f->what);
		return usage_err("%s %s: missing \"%s %s\"", o->name,
				 cmd->name, f->word, f->meta);
	}
	a->have_key = names_one(o, seen);

	/* A show without any field is a plain dump: no empty nest. */
	if (nest && cmd->op == OP_SHOW && nest_empty(r, nest))
		nl_nest_cancel(r, nest);
	else
		nl_nest_end(r, nest);
	if (cmd->op == OP_SHOW) {
		if (o->flags & OBJ_DEVICE)
			flags = a->devname ? NLM_F_ACK : NLM_F_DUMP;
		else
			flags = a->have_key ? NLM_F_ACK : NLM_F_DUMP;
		r->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	}
	return EXIT_OK;
}

/* ---- JSON ------------------------------------------------------------- */

static void fields_json(json_object *obj, const struct field *fields,
			size_t n, const struct nlattr *nest,
			const struct nlattr **tb, const struct nlattr **top);

static json_object *ip_json(const struct nlattr *a4, const struct nlattr *a6)
{
	struct in6_addr addr6;
	struct in_addr addr;

	if (nl_get_addr(a4, &addr))
		return json_addr(addr);
	if (nl_get_addr6(a6, &addr6))
		return json_addr6(&addr6);
	return NULL;
}

/* "ADDR/PLEN" of a FIELD_PREFIX; the full length when the kernel omits it. */
static json_object *prefix_json(const struct field *f,
				const struct nlattr **tb)
{
	char buf[INET6_ADDRSTRLEN + 4];
	json_object *a;
	uint8_t plen;

	a = ip_json(tb[f->attr], tb[f->attr6]);
	if (!a)
		return NULL;
	plen = tb[f->attr] ? 32 : 128;
	nl_get_u8(tb[f->attr_plen], &plen);
	snprintf(buf, sizeof(buf), "%s/%u", json_object_get_string(a), plen);
	json_object_put(a);
	return json_object_new_string(buf);
}

static json_object *nest_json(const struct field *f, const struct nlattr *a)
{
	const struct nlattr **tb;
	json_object *obj;

	tb = calloc(f->sub_max + 1, sizeof(*tb));
	if (!tb)
		return NULL;
	nl_parse_nest(a, tb, f->sub_max);
	obj = json_object_new_object();
	fields_json(obj, f->sub, f->nsub, a, tb, NULL);
	free(tb);
	return obj;
}

/* The array of a F_MULTI field: its attributes of @nest, in order. */
static json_object *multi_json(const struct field *f,
			       const struct nlattr *nest)
{
	json_object *arr = json_object_new_array(), *v;
	const struct nlattr *a;
	uint16_t type;

	if (!nest)
		return arr;
	mnl_attr_for_each_nested(a, nest) {
		type = mnl_attr_get_type(a);
		v = NULL;
		if (f->type == FIELD_NEST && type == f->attr)
			v = nest_json(f, a);
		else if (f->type == FIELD_IP && type == f->attr)
			v = ip_json(a, NULL);
		else if (f->type == FIELD_IP && type == f->attr6)
			v = ip_json(NULL, a);
		if (v)
			json_object_array_add(arr, v);
	}
	return arr;
}

static void field_default(json_object *obj, const struct field *f)
{
	if (!f->dflt || json_object_object_get_ex(obj, f->key, NULL))
		return;
	if (f->type == FIELD_ONOFF)
		json_object_object_add(obj, f->key,
				       json_object_new_boolean(!strcmp(f->dflt,
								       "on")));
	else
		json_object_object_add(obj, f->key,
				       json_object_new_string(f->dflt));
}

static void field_json(json_object *obj, const struct field *f,
		       const struct nlattr *nest, const struct nlattr **tb,
		       const struct nlattr **top)
{
	const struct nlattr *a = tb[f->attr];
	json_object *v = NULL;
	uint8_t u8;

	if (!a && f->top && top)
		a = top[f->top];
	if (f->flags & F_MULTI) {
		v = multi_json(f, nest);
	} else {
		switch (f->type) {
		case FIELD_U16:
			json_add_u16(obj, f->key, a);
			break;
		case FIELD_U32:
			json_add_u32(obj, f->key, a);
			break;
		case FIELD_STR:
			json_add_str(obj, f->key, a);
			break;
		case FIELD_ADDR:
			json_add_addr(obj, f->key, a);
			break;
		case FIELD_IP:
			v = ip_json(a, tb[f->attr6]);
			break;
		case FIELD_PREFIX:
			v = prefix_json(f, tb);
			break;
		case FIELD_MAC:
			json_add_mac(obj, f->key, a);
			break;
		case FIELD_ONOFF:
			if (nl_get_u8(a, &u8))
				v = json_object_new_boolean(u8);
			break;
		case FIELD_NEST:
			if (a)
				v = nest_json(f, a);
			break;
		case FIELD_STATS:
			json_add_stats(obj, a, f->stats ?: &hnet_stats_desc);
			break;
		}
	}
	if (v)
		json_object_object_add(obj, f->key, v);
	field_default(obj, f);
}

static void fields_json(json_object *obj, const struct field *fields,
			size_t n, const struct nlattr *nest,
			const struct nlattr **tb, const struct nlattr **top)
{
	size_t i;

	for (i = 0; i < n; i++)
		field_json(obj, &fields[i], nest, tb, top);
}

json_object *object_json(const struct hnet_object *o,
			 const struct nlattr **tb)
{
	const struct nlattr **ntb;
	json_object *obj;

	if (!o->nest || !tb[o->nest])
		return NULL;
	ntb = calloc(o->nest_max + 1, sizeof(*ntb));
	if (!ntb)
		return NULL;
	nl_parse_nest(tb[o->nest], ntb, o->nest_max);
	obj = json_object_new_object();
	fields_json(obj, o->fields, o->nfields, tb[o->nest], ntb, tb);
	free(ntb);
	return obj;
}

/* ---- text ------------------------------------------------------------- */

/* " word value" of each field; a key field's word is @keyword (or none). */
static void fields_text(json_object *obj, const struct field *fields,
			size_t n, const char *keyword)
{
	const struct field *f;
	const char *word;
	json_object *v;
	size_t i, j;

	for (i = 0; i < n; i++) {
		f = &fields[i];
		if (f->flags & (F_NOTEXT | F_LABEL))
			continue;
		word = f->flags & F_POS ? keyword : f->word;
		switch (f->type) {
		case FIELD_U16:
		case FIELD_U32:
			text_int(obj, word, f->key);
			break;
		case FIELD_ONOFF:
			if (json_object_object_get_ex(obj, f->key, &v))
				printf(" %s %s", word,
				       json_object_get_boolean(v) ? "on" : "off");
			break;
		case FIELD_NEST:
			if (!json_object_object_get_ex(obj, f->key, &v))
				break;
			if (!(f->flags & F_MULTI)) {
				fields_text(v, f->sub, f->nsub, f->word);
				break;
			}
			for (j = 0; j < json_object_array_length(v); j++)
				fields_text(json_object_array_get_idx(v, j),
					    f->sub, f->nsub, f->word);
			break;
		case FIELD_STATS:
			break;
		default:
			if (f->flags & F_MULTI)
				text_strs(obj, word, f->key);
			else
				text_str(obj, word, f->key);
			break;
		}
	}
}

void object_text(const struct hnet_object *o, json_object *obj)
{
	const struct stats_desc *stats = &hnet_stats_desc;
	const char *label;
	size_t i;

	for (i = 0; i < o->nfields; i++)
		if (o->fields[i].type == FIELD_STATS && o->fields[i].stats)
			stats = o->fields[i].stats;

	for (i = 0; i < o->nfields; i++)
		if (o->fields[i].flags & F_LABEL)
			break;
	if (i < o->nfields) {
		label = jstr(obj, o->fields[i].key);
		printf("%s:", label ?: "?");
	} else {
		fputs(o->name, stdout);
	}
	fields_text(obj, o->fields, o->nfields, NULL);
	putchar('\n');
	text_stats(obj, stats);
}

/* ---- requests --------------------------------------------------------- */

void print_objects(const struct hnet_object *o, json_object *arr)
{
	size_t i, n;

	if (opts.json) {
		print_json(arr);
		return;
	}
	n = json_object_array_length(arr);
	for (i = 0; i < n; i++)
		object_text(o, json_object_array_get_idx(arr, i));
	fflush(stdout);
}

/* `show`: send @r and print the objects of the reply. */
static int show_objects(const struct hnet_object *o, struct nlreq *r)
{
	json_object *arr;
	int ret;

	ret = collect(r, o, &arr);
	if (ret)
		return ret;
	print_objects(o, arr);
	json_object_put(arr);
	return EXIT_OK;
}

static const struct obj_cmd *find_op(const struct hnet_object *o,
				      enum hnet_op op)
{
	size_t i;

	for (i = 0; i < o->ncmds; i++)
		if (o->cmds[i].op == op)
			return &o->cmds[i];
	return NULL;
}

/*
 * add/set: -j prints the kernel's reply object as a one-element array;
 * an OBJ_REGET object the kernel did not send back is read again.
 */
static int change(const struct hnet_args *a)
{
	const struct hnet_object *o = a->obj;
	const struct obj_cmd *show;
	json_object *arr;
	int ret;

	ret = collect(a->r, o, &arr);
	if (ret)
		return ret;
	show = find_op(o, OP_SHOW);
	if (opts.json && (o->flags & OBJ_REGET) && show &&
	    !json_object_array_length(arr)) {
		json_object_put(arr);
		nlreq_init(a->r, show->genl, NLM_F_ACK);
		ret = nl_put_dev(a->r, a->devname);
		if (ret)
			return ret;
		ret = collect(a->r, o, &arr);
		if (ret)
			return ret;
	}
	if (opts.json)
		print_json(arr);
	json_object_put(arr);
	return EXIT_OK;
}

static int object_request(const struct hnet_args *a)
{
	int ret;

	/* A device's show names it itself, or dumps them all. */
	if (a->cmd->op == OP_SHOW && (a->obj->flags & OBJ_DEVICE)) {
		if (a->devname)
			nl_put_strz(a->r, HNET_A_IFNAME, a->devname);
	} else {
		ret = nl_put_dev(a->r, a->devname);
		if (ret)
			return ret;
	}

	switch (a->cmd->op) {
	case OP_ADD:
	case OP_SET:
		return change(a);
	case OP_DEL:
		return nl_request(a->r, NULL, NULL, NULL);
	case OP_GET:
	default:
		return show_objects(a->obj, a->r);
	}
}

int object_run(const struct hnet_object *o, int argc, char **argv)
{
	static struct nlreq r;
	const char *names[16];
	const struct obj_cmd *cmd;
	struct hnet_args a;
	size_t i, nsub;
	int idx, ret;

	if (argc > 0 && !strcmp(argv[0], "help")) {
		object_usage(o, stdout);
		return EXIT_OK;
	}
	if (!o->cmds[0].name) {
		cmd = &o->cmds[0];
	} else {
		/* The commands, then the words of the sub-objects. */
		for (i = 0; i < o->ncmds && i < ARRAY_SIZE(names) - 1; i++)
			names[i] = o->cmds[i].name;
		for (nsub = 0; o->subs && o->subs[nsub] &&
		     i < ARRAY_SIZE(names) - 1; nsub++)
			names[i++] = o->subs[nsub]->word;
		names[i] = NULL;
		/* With no command word: show. */
		idx = match_prefix(argc > 0 ? argv[0] : "show", names);
		if (idx == -2)
			return usage_err("ambiguous command \"%s\" for \"%s\"",
					 argv[0], o->name);
		if (idx < 0)
			return usage_err("unknown command \"%s\" for \"%s\", try \"hnetctl %s help\"",
					 argv[0], o->name, o->name);
		if ((size_t)idx >= o->ncmds)
			return object_run(o->subs[idx - o->ncmds], argc - 1,
					  argv + 1);
		cmd = &o->cmds[idx];
		if (argc > 0) {
			argc--;
			argv++;
		}
	}

	ret = object_parse(o, cmd, &r, argc, argv, &a);
	if (ret)
		return ret;
	return cmd->run ? cmd->run(&a) : object_request(&a);
}

/* ---- usage and words -------------------------------------------------- */

struct usage_line {
	FILE *f;
	size_t col;
	size_t indent;
};

static void usage_item(struct usage_line *u, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void usage_item(struct usage_line *u, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if (u->col + 1 + len > 80) {
		fprintf(u->f, "\n%*s", (int)u->indent, "");
		u->col = u->indent;
	} else {
		fputc(' ', u->f);
		u->col++;
	}
	fputs(buf, u->f);
	u->col += len;
}

static void usage_field(struct usage_line *u, const struct field *f,
			unsigned int ops)
{
	bool req = f->require & ops;
	const char *multi = f->flags & F_MULTI ? "..." : "";
	char sub[128] = "";
	size_t i, len = 0;

	if (f->flags & F_POS) {
		usage_item(u, req ? "%s" : "[%s]", f->meta);
		return;
	}
	if (f->type == FIELD_NEST) {
		for (i = 1; i < f->nsub && len < sizeof(sub); i++)
			len += snprintf(sub + len, sizeof(sub) - len,
					" [%s %s]", f->sub[i].word,
					f->sub[i].meta);
		usage_item(u, req ? "%s %s%s%s" : "[%s %s%s]%s", f->word,
			   f->sub[0].meta, sub, multi);
		return;
	}
	usage_item(u, req ? "%s %s%s" : "[%s %s]%s", f->word, f->meta, multi);
}

void object_usage(const struct hnet_object *o, FILE *f)
{
	struct usage_line u = { .f = f };
	const struct obj_cmd *cmd;
	size_t i, j;

	for (i = 0; i < o->ncmds; i++) {
		cmd = &o->cmds[i];
		if (cmd->name)
			u.col = fprintf(f, "  %s %s", o->name, cmd->name);
		else
			u.col = fprintf(f, "  %s", o->name);
		u.indent = u.col + 1;
		for (j = 0; j < o->nfields; j++)
			if (o->fields[j].accept & OPS(cmd->op))
				usage_field(&u, &o->fields[j], OPS(cmd->op));
		usage_item(&u, "[%s %s]", DEV_WORD, DEV_META);
		fputc('\n', f);
	}
	for (i = 0; o->subs && o->subs[i]; i++)
		object_usage(o->subs[i], f);
}

/*
 * "object OBJ", "command OBJ CMD" (CMD "-" for an object without command
 * words), "keyword OBJ CMD WORD META" and "key OBJ CMD META" lines.  A
 * sub-object's OBJ is its name with a dash ("router-iface"), announced by
 * "sub PARENT WORD OBJ".
 */
void object_words(const struct hnet_object *o, FILE *f)
{
	const struct obj_cmd *cmd;
	const struct field *fl;
	char oname[64], *p;
	const char *name;
	size_t i, j, k;

	snprintf(oname, sizeof(oname), "%s", o->name);
	for (p = oname; *p; p++)
		if (*p == ' ')
			*p = '-';
	fprintf(f, "object %s\n", oname);
	for (i = 0; i < o->ncmds; i++) {
		cmd = &o->cmds[i];
		name = cmd->name ?: "-";
		fprintf(f, "command %s %s\n", oname, name);
		for (j = 0; j < o->nfields; j++) {
			fl = &o->fields[j];
			if (!(fl->accept & OPS(cmd->op)))
				continue;
			if (fl->flags & F_POS) {
				fprintf(f, "key %s %s %s\n", oname, name,
					fl->meta);
				continue;
			}
			fprintf(f, "keyword %s %s %s %s\n", oname, name,
				fl->word,
				fl->type == FIELD_NEST ? fl->sub[0].meta :
				fl->meta);
			for (k = 1; fl->type == FIELD_NEST && k < fl->nsub; k++)
				if (!find_keyword(o->fields, o->nfields,
						  OPS(cmd->op), fl->sub[k].word))
					fprintf(f, "keyword %s %s %s %s\n",
						oname, name, fl->sub[k].word,
						fl->sub[k].meta);
		}
		fprintf(f, "keyword %s %s %s %s\n", oname, name, DEV_WORD,
			DEV_META);
	}
	fprintf(f, "command %s help\n", oname);
	for (i = 0; o->subs && o->subs[i]; i++) {
		fprintf(f, "sub %s %s %s-%s\n", oname, o->subs[i]->word,
			oname, o->subs[i]->word);
		object_words(o->subs[i], f);
	}
}
