// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: settings described once, as table entries (see field.h).
 */
#include <stdio.h>
#include <string.h>

#include "field.h"
#include "hnetctl.h"
#include "print.h"
#include "utils.h"

/* What a value of each type looks like, for usage errors. */
static const char *const field_what[] = {
	[FIELD_U16]	= "a number (0..65535)",
	[FIELD_U32]	= "a number (0..4294967295)",
	[FIELD_ADDR]	= "an IPv4 address",
	[FIELD_MAC]	= "a MAC address",
	[FIELD_ONOFF]	= "\"on\" or \"off\"",
};

const struct field *field_find(const struct field *fields, size_t n,
			       const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(word, fields[i].word))
			return &fields[i];
	return NULL;
}

int field_put(struct nlreq *r, const struct field *f, const char *arg)
{
	uint8_t mac[ETH_ALEN_HNET];
	struct in_addr addr;
	uint32_t u32;
	uint16_t u16;
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
	case FIELD_ADDR:
		if (get_ipv4(&addr, arg))
			break;
		nl_put_addr(r, f->attr, addr);
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
	}
	return invalid_arg(f->word, arg, field_what[f->type]);
}

void field_json(json_object *obj, const struct field *f,
		const struct nlattr **tb)
{
	const struct nlattr *a = tb[f->attr];
	uint8_t u8;

	switch (f->type) {
	case FIELD_U16:
		json_add_u16(obj, f->key, a);
		break;
	case FIELD_U32:
		json_add_u32(obj, f->key, a);
		break;
	case FIELD_ADDR:
		json_add_addr(obj, f->key, a);
		break;
	case FIELD_MAC:
		json_add_mac(obj, f->key, a);
		break;
	case FIELD_ONOFF:
		if (nl_get_u8(a, &u8))
			json_object_object_add(obj, f->key,
					       json_object_new_boolean(u8));
		break;
	}
}

void field_text(json_object *obj, const struct field *f)
{
	json_object *v;

	switch (f->type) {
	case FIELD_U16:
	case FIELD_U32:
		text_int(obj, f->word, f->key);
		break;
	case FIELD_ADDR:
	case FIELD_MAC:
		text_str(obj, f->word, f->key);
		break;
	case FIELD_ONOFF:
		if (json_object_object_get_ex(obj, f->key, &v))
			printf(" %s %s", f->word,
			       json_object_get_boolean(v) ? "on" : "off");
		break;
	}
}
