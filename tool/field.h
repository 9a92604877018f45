/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hnetctl: settings described once, as table entries.
 *
 * One entry names the word of the command line (also the word of the text
 * output, so that what `show` prints reads back as a command), the key of
 * the JSON output contract, the attribute inside the object's nest and its
 * type.  From it come parsing ("WORD VALUE" into an attribute), the JSON
 * value and the text form.
 */
#ifndef HNETCTL_FIELD_H
#define HNETCTL_FIELD_H

#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include <linux/netlink.h>

#include "nl.h"

enum field_type {
	FIELD_U16,
	FIELD_U32,
	FIELD_ADDR,	/* IPv4 address */
	FIELD_MAC,
	FIELD_ONOFF,	/* u8 1/0: "on"/"off" in text, true/false in JSON */
};

struct field {
	const char *word;	/* command-line keyword and text word */
	const char *key;	/* JSON key */
	uint16_t attr;		/* attribute type inside the object's nest */
	enum field_type type;
};

/* The entry of @fields (@n of them) whose word is exactly @word, or NULL. */
const struct field *field_find(const struct field *fields, size_t n,
			       const char *word);

/*
 * Parse @arg as the value of @f and put its attribute in @r.  Returns
 * EXIT_OK, or a usage error naming the word and what it expects.
 */
int field_put(struct nlreq *r, const struct field *f, const char *arg);

/* Add @f's key to @obj from its attribute in @tb, when present. */
void field_json(json_object *obj, const struct field *f,
		const struct nlattr **tb);

/* Print " word value" of @f when @obj has its key. */
void field_text(json_object *obj, const struct field *f);

#endif /* HNETCTL_FIELD_H */
