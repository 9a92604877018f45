// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: generic netlink helpers on top of libmnl.
 *
 * One socket per process, opened on first use (after -n switched the
 * namespace).  Requests are acknowledged (NLM_F_ACK) or dumped; errors come
 * back with extended ACK attributes, whose message is what the user sees.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/hnet.h>

#include "nl.h"
#include "utils.h"

#define RXBUF_SIZE	(64 * 1024)
#define EXTACK_LEN	512

static struct mnl_socket *sock;
static unsigned int seq;
static uint16_t family_id;
static uint32_t events_grp;
static uint64_t rxbuf[RXBUF_SIZE / sizeof(uint64_t)];

/* State of one request/reply exchange. */
struct nl_run {
	unsigned int seq;
	nl_msg_cb cb;
	void *data;
	int cb_ret;		/* first nonzero return of cb */
	int err;		/* errno from the kernel, 0 when fine */
	bool intr;		/* NLM_F_DUMP_INTR seen */
	char msg[EXTACK_LEN];	/* NLMSGERR_ATTR_MSG */
};

void nlreq_init(struct nlreq *r, uint8_t cmd, uint16_t flags)
{
	struct genlmsghdr *genl;

	r->overflow = false;
	r->nlh = mnl_nlmsg_put_header(r->buf);
	/* The family id is filled in by nl_request(). */
	r->nlh->nlmsg_type = 0;
	r->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	genl = mnl_nlmsg_put_extra_header(r->nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = HNET_GENL_VERSION;
}

static void put_check(struct nlreq *r, bool ok)
{
	if (!ok)
		r->overflow = true;
}

void nl_put_u8(struct nlreq *r, uint16_t type, uint8_t val)
{
	put_check(r, mnl_attr_put_u8_check(r->nlh, sizeof(r->buf), type, val));
}

void nl_put_u16(struct nlreq *r, uint16_t type, uint16_t val)
{
	put_check(r, mnl_attr_put_u16_check(r->nlh, sizeof(r->buf), type, val));
}

void nl_put_u32(struct nlreq *r, uint16_t type, uint32_t val)
{
	put_check(r, mnl_attr_put_u32_check(r->nlh, sizeof(r->buf), type, val));
}

void nl_put_strz(struct nlreq *r, uint16_t type, const char *val)
{
	put_check(r, mnl_attr_put_strz_check(r->nlh, sizeof(r->buf), type, val));
}

void nl_put_addr(struct nlreq *r, uint16_t type, struct in_addr addr)
{
	put_check(r, mnl_attr_put_check(r->nlh, sizeof(r->buf), type,
					sizeof(addr), &addr));
}

void nl_put_addr6(struct nlreq *r, uint16_t type, const struct in6_addr *addr)
{
	put_check(r, mnl_attr_put_check(r->nlh, sizeof(r->buf), type,
					sizeof(*addr), addr));
}

void nl_put_ip(struct nlreq *r, uint16_t type4, uint16_t type6,
	       const struct ip_addr *addr)
{
	if (addr->family == AF_INET)
		nl_put_addr(r, type4, addr->v4);
	else
		nl_put_addr6(r, type6, &addr->v6);
}

void nl_put_mac(struct nlreq *r, uint16_t type, const uint8_t *mac)
{
	put_check(r, mnl_attr_put_check(r->nlh, sizeof(r->buf), type,
					ETH_ALEN_HNET, mac));
}

struct nlattr *nl_nest_start(struct nlreq *r, uint16_t type)
{
	struct nlattr *nest;

	nest = mnl_attr_nest_start_check(r->nlh, sizeof(r->buf), type);
	put_check(r, nest);
	return nest;
}

void nl_nest_end(struct nlreq *r, struct nlattr *nest)
{
	if (nest)
		mnl_attr_nest_end(r->nlh, nest);
}

void nl_nest_cancel(struct nlreq *r, struct nlattr *nest)
{
	if (nest)
		mnl_attr_nest_cancel(r->nlh, nest);
}

/*
 * The policy the kernel refused an attribute against (NLMSGERR_ATTR_POLICY)
 * tells what it would have accepted: turn its bounds into a hint such as
 * "valid range 1..16777215", so that a generic policy message ("integer out
 * of range") still tells the user what to send.
 */
static void policy_hint(const struct nlattr *policy, char *buf, size_t len)
{
	uint64_t umin = 0, umax = 0, lmin = 0, lmax = 0;
	bool has_umin = false, has_umax = false, has_len = false;
	const struct nlattr *attr;

	buf[0] = '\0';
	mnl_attr_for_each_nested(attr, policy) {
		switch (mnl_attr_get_type(attr)) {
		case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
			umin = mnl_attr_get_u64(attr);
			has_umin = true;
			break;
		case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
			umax = mnl_attr_get_u64(attr);
			has_umax = true;
			break;
		case NL_POLICY_TYPE_ATTR_MIN_LENGTH:
			lmin = mnl_attr_get_u32(attr);
			has_len = true;
			break;
		case NL_POLICY_TYPE_ATTR_MAX_LENGTH:
			lmax = mnl_attr_get_u32(attr);
			has_len = true;
			break;
		}
	}
	if (has_umin && has_umax)
		snprintf(buf, len, "valid range %llu..%llu",
			 (unsigned long long)umin, (unsigned long long)umax);
	else if (has_len && lmin == lmax)
		snprintf(buf, len, "expected length %llu",
			 (unsigned long long)lmin);
	else if (has_len)
		snprintf(buf, len, "valid length %llu..%llu",
			 (unsigned long long)lmin, (unsigned long long)lmax);
}

/* Keep the message of an extended ACK (error or warning). */
static void parse_extack(const struct nlmsghdr *nlh, unsigned int off,
			 struct nl_run *run)
{
	const struct nlattr *attr;
	char hint[64] = "";

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(attr, nlh, off) {
		switch (mnl_attr_get_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
				break;
			snprintf(run->msg, sizeof(run->msg), "%s",
				 mnl_attr_get_str(attr));
			break;
		case NLMSGERR_ATTR_POLICY:
			if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
				break;
			policy_hint(attr, hint, sizeof(hint));
			break;
		}
	}
	if (run->msg[0] && hint[0]) {
		size_t n = strcspn(run->msg, "\n");

		snprintf(run->msg + n, sizeof(run->msg) - n, " (%s)", hint);
	}
}

static void print_warning(const char *msg)
{
	size_t len = strlen(msg);

	fflush(stdout);
	fprintf(stderr, "Warning: %s%s", msg,
		len && msg[len - 1] == '\n' ? "" : "\n");
}

/* Returns MNL_CB_STOP when the exchange is over, MNL_CB_OK to read on. */
static int handle_error(const struct nlmsghdr *nlh, struct nl_run *run)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*err);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err)) {
		run->err = EBADMSG;
		return MNL_CB_STOP;
	}
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	parse_extack(nlh, off, run);
	if (err->error == 0) {
		if (run->msg[0])
			print_warning(run->msg);
		run->msg[0] = '\0';
		return MNL_CB_STOP;
	}
	run->err = err->error < 0 ? -err->error : err->error;
	return MNL_CB_STOP;
}

static int handle_done(const struct nlmsghdr *nlh, struct nl_run *run)
{
	const int *err = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(*err) && *err < 0) {
		parse_extack(nlh, sizeof(*err), run);
		run->err = -*err;
	}
	return MNL_CB_STOP;
}

static int run_msgs(const void *buf, int len, struct nl_run *run)
{
	const struct nlmsghdr *nlh = buf;

	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		/* A late part of an earlier, abandoned exchange. */
		if (nlh->nlmsg_seq != run->seq)
			continue;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			run->intr = true;

		switch (nlh->nlmsg_type) {
		case NLMSG_NOOP:
			continue;
		case NLMSG_ERROR:
			return handle_error(nlh, run);
		case NLMSG_DONE:
			return handle_done(nlh, run);
		case NLMSG_OVERRUN:
			run->err = ENOBUFS;
			return MNL_CB_STOP;
		}
		if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
			continue;
		if (run->cb && !run->cb_ret)
			run->cb_ret = run->cb(nlh, run->data);
	}
	return MNL_CB_OK;
}

static int exchange(struct nlmsghdr *nlh, nl_msg_cb cb, void *data,
		    struct nl_run *run)
{
	ssize_t n;

	memset(run, 0, sizeof(*run));
	run->cb = cb;
	run->data = data;
	run->seq = ++seq;
	nlh->nlmsg_seq = run->seq;
	nlh->nlmsg_pid = 0;

	if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0)
		return sys_err("cannot send netlink request: %s",
			       strerror(errno));
	for (;;) {
		n = mnl_socket_recvfrom(sock, rxbuf, sizeof(rxbuf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return sys_err("cannot receive netlink reply: %s",
				       strerror(errno));
		}
		if (run_msgs(rxbuf, n, run) == MNL_CB_STOP)
			return EXIT_OK;
	}
}

/*
 * strerror() of an errno the kernel gave without a message.  EPERM says
 * what is missing: every hnet request, reads and joining the events group
 * included, needs CAP_NET_ADMIN.
 */
static const char *err_text(int err)
{
	static char buf[128];

	if (err != EPERM)
		return strerror(err);
	snprintf(buf, sizeof(buf), "%s (needs CAP_NET_ADMIN)", strerror(err));
	return buf;
}

static int report(struct nl_run *run)
{
	size_t len;

	if (run->err) {
		len = strlen(run->msg);
		if (len && run->msg[len - 1] == '\n')
			run->msg[len - 1] = '\0';
		return sys_err("%s", run->msg[0] ? run->msg
						 : err_text(run->err));
	}
	return run->cb_ret;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	const struct nlattr *grp;
	uint16_t id;

	(void)data;
	nl_parse_msg(nlh, tb, CTRL_ATTR_MAX);
	if (nl_get_u16(tb[CTRL_ATTR_FAMILY_ID], &id))
		family_id = id;
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return 0;
	mnl_attr_for_each_nested(grp, tb[CTRL_ATTR_MCAST_GROUPS]) {
		const struct nlattr *gtb[CTRL_ATTR_MCAST_GRP_MAX + 1];
		const char *name;
		uint32_t gid;

		nl_parse_nest(grp, gtb, CTRL_ATTR_MCAST_GRP_MAX);
		name = nl_get_str(gtb[CTRL_ATTR_MCAST_GRP_NAME]);
		if (name && !strcmp(name, HNET_MCGRP_EVENTS) &&
		    nl_get_u32(gtb[CTRL_ATTR_MCAST_GRP_ID], &gid))
			events_grp = gid;
	}
	return 0;
}

static int resolve_family(void)
{
	static struct nlreq r;
	struct nl_run run;
	int ret;

	nlreq_init(&r, CTRL_CMD_GETFAMILY, NLM_F_ACK);
	r.nlh->nlmsg_type = GENL_ID_CTRL;
	((struct genlmsghdr *)mnl_nlmsg_get_payload(r.nlh))->version = 1;
	nl_put_strz(&r, CTRL_ATTR_FAMILY_NAME, HNET_GENL_NAME);

	ret = exchange(r.nlh, family_cb, NULL, &run);
	if (ret)
		return ret;
	if (run.err == ENOENT || (!run.err && !family_id))
		return sys_err("generic netlink family \"%s\" not found (is hnet.ko loaded?)",
			       HNET_GENL_NAME);
	return report(&run);
}

static int nl_open(void)
{
	int one = 1, ret;

	if (sock)
		return EXIT_OK;

	sock = mnl_socket_open(NETLINK_GENERIC);
	if (!sock)
		return sys_err("cannot open generic netlink socket: %s",
			       strerror(errno));
	if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = sys_err("cannot bind netlink socket: %s", strerror(errno));
		nl_close();
		return ret;
	}
	/* Best effort: older kernels lack them, and errors still work. */
	mnl_socket_setsockopt(sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(sock, NETLINK_CAP_ACK, &one, sizeof(one));
	ret = resolve_family();
	if (ret)
		nl_close();	/* the next command of a batch tries again */
	return ret;
}

void nl_close(void)
{
	if (sock)
		mnl_socket_close(sock);
	sock = NULL;
	family_id = 0;
	events_grp = 0;
}

int nl_request(struct nlreq *r, nl_msg_cb cb, void *data, bool *intr)
{
	struct nl_run run;
	int ret;

	if (r->overflow)
		return usage_err("request too long");
	ret = nl_open();
	if (ret)
		return ret;
	if (!r->nlh->nlmsg_type)
		r->nlh->nlmsg_type = family_id;

	ret = exchange(r->nlh, cb, data, &run);
	if (ret)
		return ret;
	if (intr)
		*intr = run.intr;
	return report(&run);
}

struct dev_scan {
	unsigned int count;
	uint32_t ifindex;
};

static int dev_scan_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[HNET_A_MAX + 1];
	const struct nlattr *dtb[HNET_DEV_A_MAX + 1];
	struct dev_scan *scan = data;
	uint32_t ifindex;

	nl_parse_msg(nlh, tb, HNET_A_MAX);
	nl_parse_nest(tb[HNET_A_DEV], dtb, HNET_DEV_A_MAX);
	if (!nl_get_u32(dtb[HNET_DEV_A_IFINDEX], &ifindex) &&
	    !nl_get_u32(tb[HNET_A_IFINDEX], &ifindex))
		return 0;
	scan->count++;
	scan->ifindex = ifindex;
	return 0;
}

int nl_put_dev(struct nlreq *r, const char *devname)
{
	static struct nlreq dr;
	struct dev_scan scan = { 0 };
	int ret;

	if (devname) {
		nl_put_strz(r, HNET_A_IFNAME, devname);
		return EXIT_OK;
	}

	nlreq_init(&dr, HNET_CMD_DEV_GET, NLM_F_DUMP);
	ret = nl_request(&dr, dev_scan_cb, &scan, NULL);
	if (ret)
		return ret;
	if (!scan.count)
		return usage_err("no hnet device");
	if (scan.count > 1)
		return usage_err("several hnet devices, name one with 'dev NAME'");
	nl_put_u32(r, HNET_A_IFINDEX, scan.ifindex);
	return EXIT_OK;
}

int nl_monitor(nl_msg_cb cb, void *data)
{
	const struct nlmsghdr *nlh;
	int ret, len;
	ssize_t n;

	ret = nl_open();
	if (ret)
		return ret;
	if (!events_grp)
		return sys_err("generic netlink family \"%s\" has no \"%s\" group",
			       HNET_GENL_NAME, HNET_MCGRP_EVENTS);
	if (mnl_socket_setsockopt(sock, NETLINK_ADD_MEMBERSHIP, &events_grp,
				  sizeof(events_grp)) < 0)
		return sys_err("cannot join the \"%s\" group: %s",
			       HNET_MCGRP_EVENTS, err_text(errno));
	for (;;) {
		n = mnl_socket_recvfrom(sock, rxbuf, sizeof(rxbuf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				print_warning("events lost, the receive buffer overflowed");
				continue;
			}
			return sys_err("cannot receive netlink events: %s",
				       strerror(errno));
		}
		len = n;
		for (nlh = (const struct nlmsghdr *)rxbuf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type != family_id)
				continue;
			ret = cb(nlh, data);
			if (ret)
				return ret;
		}
	}
}

uint8_t nl_genl_cmd(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl))
		return 0;
	return genl->cmd;
}

void nl_parse_msg(const struct nlmsghdr *nlh, const struct nlattr **tb,
		  unsigned int max)
{
	const struct nlattr *attr;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
		return;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		unsigned int type = mnl_attr_get_type(attr);

		if (type <= max)
			tb[type] = attr;
	}
}

void nl_parse_nest(const struct nlattr *nest, const struct nlattr **tb,
		   unsigned int max)
{
	const struct nlattr *attr;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	if (!nest)
		return;
	mnl_attr_for_each_nested(attr, nest) {
		unsigned int type = mnl_attr_get_type(attr);

		if (type <= max)
			tb[type] = attr;
	}
}

bool nl_get_u8(const struct nlattr *a, uint8_t *val)
{
	if (!a || mnl_attr_get_payload_len(a) != sizeof(*val))
		return false;
	*val = mnl_attr_get_u8(a);
	return true;
}

bool nl_get_u16(const struct nlattr *a, uint16_t *val)
{
	if (!a || mnl_attr_get_payload_len(a) != sizeof(*val))
		return false;
	*val = mnl_attr_get_u16(a);
	return true;
}

bool nl_get_u32(const struct nlattr *a, uint32_t *val)
{
	if (!a || mnl_attr_get_payload_len(a) != sizeof(*val))
		return false;
	*val = mnl_attr_get_u32(a);
	return true;
}

bool nl_get_u64(const struct nlattr *a, uint64_t *val)
{
	if (!a || mnl_attr_get_payload_len(a) != sizeof(*val))
		return false;
	memcpy(val, mnl_attr_get_payload(a), sizeof(*val));
	return true;
}

bool nl_get_addr(const struct nlattr *a, struct in_addr *addr)
{
	if (!a || mnl_attr_get_payload_len(a) != sizeof(*addr))
		return false;
	memcpy(addr, mnl_attr_get_payload(a), sizeof(*addr));
	return true;
}

bool nl_get_addr6(const struct nlattr *a, struct in6_addr *addr)
{
	if (!a || mnl_attr_get_payload_len(a) != sizeof(*addr))
		return false;
	memcpy(addr, mnl_attr_get_payload(a), sizeof(*addr));
	return true;
}

const uint8_t *nl_get_mac(const struct nlattr *a)
{
	if (!a || mnl_attr_get_payload_len(a) != ETH_ALEN_HNET)
		return NULL;
	return mnl_attr_get_payload(a);
}

const char *nl_get_str(const struct nlattr *a)
{
	const char *s;
	size_t len;

	if (!a)
		return NULL;
	len = mnl_attr_get_payload_len(a);
	s = mnl_attr_get_payload(a);
	if (!len || strnlen(s, len) == len)
		return NULL;
	return s;
}
