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

#endif /* HNETCTL_H */
