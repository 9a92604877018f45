// SPDX-License-Identifier: GPL-2.0
/*
 * hnet_nl_bad: send malformed hnet generic netlink requests straight to the
 * kernel, bypassing hnetctl and its own checks, and check that each one is
 * refused with the exact errno, the exact extack message, the offset of the
 * offending attribute (NLMSGERR_ATTR_OFFS) and, for a missing attribute,
 * its type (NLMSGERR_ATTR_MISS_TYPE).  A child without any capability
 * must get EPERM for everything: changes, gets, dumps and joining the
 * events group.
 *
 *   hnet_nl_bad [-d DEV] [-p PORT] [-q FREE] setup   create the baseline
 *   hnet_nl_bad [-d DEV] [-p PORT] [-q FREE] [run]   the bad requests (KTAP)
 *   hnet_nl_bad [-d DEV] dump                        every object, one a line
 *
 * DEV is the hnet device (default hnet0), PORT a netdev that setup makes a
 * port (default vm1), FREE a netdev that stays free (default vm2).  Run it
 * inside a scratch network namespace: setup changes state, run must not.
 * Exit status: 0 all passed, 1 a case failed, 4 hnet family not registered.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* strerrorname_np() */
#endif
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include <linux/hnet.h>

#define KSFT_SKIP	4
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Messages of the kernel's own policy validation (lib/nlattr.c). */
#define M_UNKNOWN	"Unknown attribute type"
#define M_LEN		"invalid attribute length"
#define M_BINLEN	"binary attribute size out of range"
#define M_RANGE		"integer out of range"
#define M_POLICY	"Attribute failed policy validation"
#define M_NESTED	"NLA_F_NESTED is missing"
#define M_NOT_NESTED	"NLA_F_NESTED not expected"
#define M_LEFTOVER	"bytes leftover after parsing attributes"
#define M_UNSUPPORTED	"Unsupported attribute"

/* A few of the module's own refusals (kmod/netlink.c), used repeatedly. */
#define M_BAD_MAC	"MAC must be a unicast, non-zero address"
#define M_BAD_VTEP	"VTEP must be a unicast IPv4 address"
#define M_UNKNOWN_NW	"unknown network"
#define M_NO_NWID	"missing network id"

static const char *dev_name = "hnet0";
static const char *port_name = "vm1";
static const char *free_name = "vm2";
static unsigned int dev_ifindex, port_ifindex, free_ifindex;
static int family;

static const unsigned char mac_port[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const unsigned char mac_free[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const unsigned char mac_remote[6] = { 0x02, 0, 0, 0, 0x01, 0x01 };
static const unsigned char mac_zero[6];
static const unsigned char mac_mcast[6] = { 0x01, 0, 0x5e, 0, 0, 0x01 };

/* An IPv4 address in network byte order. */
static unsigned int ip4(unsigned char a, unsigned char b, unsigned char c,
			unsigned char d)
{
	unsigned char p[4] = { a, b, c, d };
	unsigned int v;

	memcpy(&v, p, 4);
	return v;
}

/* ------------------------------------------------------------ requests */

struct req {
	struct nl_msg *msg;
	int bad_off;		/* attribute the kernel should blame, or -1 */
};

static void req_init(struct req *r, int cmd, int flags)
{
	r->msg = nlmsg_alloc();
	if (!r->msg) {
		perror("nlmsg_alloc");
		exit(1);
	}
	r->bad_off = -1;
	if (!genlmsg_put(r->msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags,
			 cmd, HNET_GENL_VERSION)) {
		fprintf(stderr, "genlmsg_put failed\n");
		exit(1);
	}
}

/* Offset from the netlink header at which the next attribute will start. */
static int next_off(struct req *r)
{
	return NLMSG_ALIGN(nlmsg_hdr(r->msg)->nlmsg_len);
}

static void put(struct req *r, int type, const void *data, int len)
{
	if (nla_put(r->msg, type, len, data) < 0) {
		fprintf(stderr, "nla_put %d failed\n", type);
		exit(1);
	}
}

/* put() and remember this attribute as the one that must be blamed. */
static void put_bad(struct req *r, int type, const void *data, int len)
{
	r->bad_off = next_off(r);
	put(r, type, data, len);
}

static void put_u8(struct req *r, int type, unsigned char v)
{
	put(r, type, &v, 1);
}

static void put_u16(struct req *r, int type, unsigned short v)
{
	put(r, type, &v, 2);
}

static void put_u32(struct req *r, int type, unsigned int v)
{
	put(r, type, &v, 4);
}

static void put_str(struct req *r, int type, const char *s)
{
	put(r, type, s, strlen(s) + 1);
}

/*
 * libnl sets NLA_F_NESTED itself (callers clear it to test its absence) and
 * would drop an empty nest at its end; keep it, an empty nest is a test too.
 */
static struct nlattr *nest(struct req *r, int type)
{
	struct nlattr *n = nla_nest_start(r->msg, type | NLA_F_NESTED);

	if (!n) {
		fprintf(stderr, "nla_nest_start %d failed\n", type);
		exit(1);
	}
	return n;
}

static void nest_end(struct req *r, struct nlattr *n)
{
	nla_nest_end_keep_empty(r->msg, n);
}

static void put_dev(struct req *r)
{
	put_str(r, HNET_A_IFNAME, dev_name);
}

/* ------------------------------------------------------------ exchange */

struct result {
	int err;		/* 0 or a positive errno */
	char msg[256];		/* extack message, "" when none */
	int off;		/* NLMSGERR_ATTR_OFFS, or -1 */
	int miss_type;		/* NLMSGERR_ATTR_MISS_TYPE, or -1 */
	int miss_nest;		/* NLMSGERR_ATTR_MISS_NEST, or -1 */
	int nobj;		/* replies carrying an object */
};

typedef void (*obj_cb)(struct nlmsghdr *nlh, void *arg);

static void parse_tlvs(const struct nlmsghdr *nlh, int hdrlen,
		       struct result *res)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - hdrlen;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || len <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)NLMSG_DATA(nlh) + hdrlen),
		      len, NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(res->msg, sizeof(res->msg), "%.*s",
			 nla_len(tb[NLMSGERR_ATTR_MSG]),
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	/* The kernel's string carries its NUL; drop it (and a newline). */
	res->msg[strcspn(res->msg, "\n")] = '\0';
	if (tb[NLMSGERR_ATTR_OFFS])
		res->off = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	if (tb[NLMSGERR_ATTR_MISS_TYPE])
		res->miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
	if (tb[NLMSGERR_ATTR_MISS_NEST])
		res->miss_nest = nla_get_u32(tb[NLMSGERR_ATTR_MISS_NEST]);
}

/*
 * Send the request and read until its ACK, error or NLMSG_DONE.  Every
 * other message of the exchange is a reply object and goes to cb.
 */
static int exchange(struct nl_sock *sk, struct req *r, struct result *res,
		    obj_cb cb, void *arg)
{
	static char buf[65536];
	unsigned int seq;
	bool done = false;
	int fd = nl_socket_get_fd(sk);

	memset(res, 0, sizeof(*res));
	res->off = -1;
	res->miss_type = -1;
	res->miss_nest = -1;

	if (nl_send_auto(sk, r->msg) < 0) {
		fprintf(stderr, "nl_send_auto failed\n");
		return -1;
	}
	seq = nlmsg_hdr(r->msg)->nlmsg_seq;

	while (!done) {
		struct nlmsghdr *nlh;
		ssize_t n;

		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("recv");
			return -1;
		}
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);
				int hdrlen = sizeof(*e);

				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					hdrlen += e->msg.nlmsg_len -
						  NLMSG_HDRLEN;
				res->err = -e->error;
				parse_tlvs(nlh, hdrlen, res);
				done = true;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int *e = NLMSG_DATA(nlh);

				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					res->err = -*e;
				parse_tlvs(nlh, sizeof(int), res);
				done = true;
				break;
			}
			if (nlh->nlmsg_type == family) {
				res->nobj++;
				if (cb)
					cb(nlh, arg);
			}
		}
	}
	return 0;
}

static struct nl_sock *sock_open(void)
{
	struct timeval tmo = { .tv_sec = 10 };
	struct nl_sock *sk = nl_socket_alloc();
	int one = 1;

	if (!sk || genl_connect(sk) < 0) {
		fprintf(stderr, "cannot open a generic netlink socket\n");
		exit(1);
	}
	nl_socket_disable_auto_ack(sk);
	/* A request the kernel never answers fails its case, no hang. */
	if (setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_RCVTIMEO, &tmo,
		       sizeof(tmo)) < 0) {
		perror("setsockopt SO_RCVTIMEO");
		exit(1);
	}
	if (setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK,
		       &one, sizeof(one)) < 0 ||
	    setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK,
		       &one, sizeof(one)) < 0) {
		perror("setsockopt NETLINK_EXT_ACK/CAP_ACK");
		exit(1);
	}
	family = genl_ctrl_resolve(sk, HNET_GENL_NAME);
	return sk;
}

/* ------------------------------------------------------------ KTAP */

static int test_no;
static int failed;
static FILE *out;	/* KTAP lines, collected so the plan can go first */

static void report(bool pass, const char *desc, const char *why)
{
	test_no++;
	if (pass) {
		fprintf(out, "ok %d %s\n", test_no, desc);
	} else {
		failed++;
		fprintf(out, "not ok %d %s # %s\n", test_no, desc, why);
	}
	fflush(out);
}

/*
 * A refusal: errno and extack message must match exactly.  When the request
 * marked a bad attribute (put_bad), the kernel must point at it; miss, when
 * not -1, is the attribute type the kernel must report missing.
 */
static void expect(struct nl_sock *sk, const char *desc, struct req *r,
		   int err, const char *msg, int miss)
{
	char why[768], full[384];
	struct result res;
	bool pass;

	snprintf(full, sizeof(full), "%s: %s%s%s%s", desc,
		 strerrorname_np(err), *msg ? " \"" : "", msg, *msg ? "\"" : "");
	if (exchange(sk, r, &res, NULL, NULL) < 0) {
		report(false, full, "exchange failed");
		nlmsg_free(r->msg);
		return;
	}
	pass = res.err == err && !strcmp(res.msg, msg) &&
	       (r->bad_off < 0 || res.off == r->bad_off) &&
	       (miss < 0 || res.miss_type == miss);
	snprintf(why, sizeof(why),
		 "got errno %d (%s) msg \"%s\" offs %d miss %d, want errno %d (%s) msg \"%s\" offs %d miss %d",
		 res.err, strerror(res.err), res.msg, res.off, res.miss_type,
		 err, strerror(err), msg, r->bad_off, miss);
	report(pass, full, why);
	nlmsg_free(r->msg);
}

/* ------------------------------------------------------------ builders */

/* NETWORK_NEW for DEV with a network nest (id, vni); the caller may add. */
static struct nlattr *network_new(struct req *r, unsigned int id,
				  unsigned int vni)
{
	struct nlattr *n;

	req_init(r, HNET_CMD_NETWORK_NEW, NLM_F_ACK);
	put_dev(r);
	n = nest(r, HNET_A_NETWORK);
	if (id)
		put_u32(r, HNET_NETWORK_A_ID, id);
	if (vni)
		put_u32(r, HNET_NETWORK_A_VNI, vni);
	return n;
}

/* PORT_NEW for the free netdev on network 1, without the MAC. */
static struct nlattr *port_new(struct req *r)
{
	struct nlattr *n;

	req_init(r, HNET_CMD_PORT_NEW, NLM_F_ACK);
	put_dev(r);
	n = nest(r, HNET_A_PORT);
	put_u32(r, HNET_PORT_A_IFINDEX, free_ifindex);
	put_u32(r, HNET_PORT_A_NETWORK_ID, 1);
	return n;
}

/* The limits of a device: u32, at least 1. */
static const struct {
	int attr;
	const char *name;
} limits[] = {
	{ HNET_DEV_A_MAX_NETWORKS,	"max-networks" },
	{ HNET_DEV_A_MAX_PORTS,		"max-ports" },
	{ HNET_DEV_A_MAX_REMOTES,	"max-remotes" },
	{ HNET_DEV_A_MAX_FLOODS,	"max-floods" },
	{ HNET_DEV_A_MAX_PEERS,		"max-peers" },
	{ HNET_DEV_A_MAX_ROUTERS,	"max-routers" },
	{ HNET_DEV_A_MAX_ROUTES,	"max-routes" },
};

/*
 * DEV_SET with one setting @attr of @len bytes (value @val in its first
 * byte, the others zero on this little-endian host), which the kernel must
 * refuse with @err and @msg, pointing at it.
 */
static void dev_set_bad(struct nl_sock *sk, const char *desc, int attr,
			int len, unsigned char val, int err, const char *msg)
{
	unsigned char data[8] = { val };
	struct nlattr *n;
	struct req r;

	req_init(&r, HNET_CMD_DEV_SET, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_DEV);
	put_bad(&r, attr, data, len);
	nest_end(&r, n);
	expect(sk, desc, &r, err, msg, -1);
}

/* Refused by the kernel's policy validation, before the module runs. */
static void policy_requests(struct nl_sock *sk)
{
	static const char longname[] = "abcdefghijklmnopqrstuvwxyz012345";
	unsigned char junk[8] = { 0 };
	struct nlattr *n, *a;
	char desc[64];
	struct req r;
	size_t i;

	/* Unknown attributes: strict validation refuses them. */
	req_init(&r, HNET_CMD_NETWORK_NEW, NLM_F_ACK);
	put_dev(&r);
	put_bad(&r, HNET_A_MAX + 1, junk, 4);
	n = nest(&r, HNET_A_NETWORK);
	put_u32(&r, HNET_NETWORK_A_ID, 50);
	put_u32(&r, HNET_NETWORK_A_VNI, 5000);
	nest_end(&r, n);
	expect(sk, "network-new: unknown top-level attribute", &r, EINVAL,
	       M_UNKNOWN, -1);

	req_init(&r, HNET_CMD_NETWORK_NEW, NLM_F_ACK);
	put_dev(&r);
	put_bad(&r, HNET_A_UNSPEC, junk, 4);
	n = nest(&r, HNET_A_NETWORK);
	put_u32(&r, HNET_NETWORK_A_ID, 50);
	put_u32(&r, HNET_NETWORK_A_VNI, 5000);
	nest_end(&r, n);
	expect(sk, "network-new: attribute type 0 (unspec)", &r, EINVAL,
	       M_UNKNOWN, -1);

	n = network_new(&r, 50, 5000);
	put_bad(&r, HNET_NETWORK_A_MAX + 1, junk, 4);
	nest_end(&r, n);
	expect(sk, "network-new: unknown attribute inside the network nest",
	       &r, EINVAL, M_UNKNOWN, -1);

	n = port_new(&r);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	a = nest(&r, HNET_PORT_A_ALLOWED);
	put_u32(&r, HNET_ALLOWED_A_ADDR, ip4(10, 0, 0, 9));
	put_bad(&r, HNET_ALLOWED_A_MAX + 1, junk, 4);
	nest_end(&r, a);
	nest_end(&r, n);
	expect(sk, "port-new: unknown attribute inside an allowed nest", &r,
	       EINVAL, M_UNKNOWN, -1);

	/* Attributes this command does not take. */
	n = network_new(&r, 50, 5000);
	nest_end(&r, n);
	r.bad_off = next_off(&r);
	n = nest(&r, HNET_A_PORT);
	put_u32(&r, HNET_PORT_A_NETWORK_ID, 1);
	nest_end(&r, n);
	expect(sk, "network-new with a port nest", &r, EINVAL, M_UNSUPPORTED,
	       -1);

	n = network_new(&r, 50, 5000);
	r.bad_off = next_off(&r);
	a = nest(&r, HNET_NETWORK_A_STATS);
	put(&r, HNET_STATS_A_RX_PACKETS, junk, 8);
	nest_end(&r, a);
	nest_end(&r, n);
	expect(sk, "network-new with the read-only stats", &r, EINVAL,
	       M_UNSUPPORTED, -1);

	req_init(&r, HNET_CMD_NETWORK_DEL, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_NETWORK);
	put_u32(&r, HNET_NETWORK_A_ID, 1);
	put_bad(&r, HNET_NETWORK_A_NAME, "blue", 5);
	nest_end(&r, n);
	expect(sk, "network-del with a name", &r, EINVAL, M_UNSUPPORTED, -1);

	req_init(&r, HNET_CMD_DEV_SET, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_DEV);
	put_bad(&r, HNET_DEV_A_GENERATION, &(unsigned int){ 7 }, 4);
	nest_end(&r, n);
	expect(sk, "dev-set with the read-only generation", &r, EINVAL,
	       M_UNSUPPORTED, -1);

	/* Nest flags. */
	req_init(&r, HNET_CMD_NETWORK_NEW, NLM_F_ACK);
	put_dev(&r);
	r.bad_off = next_off(&r);
	n = nest(&r, HNET_A_NETWORK);
	n->nla_type &= ~NLA_F_NESTED;
	put_u32(&r, HNET_NETWORK_A_ID, 50);
	put_u32(&r, HNET_NETWORK_A_VNI, 5000);
	nest_end(&r, n);
	expect(sk, "network-new: network nest without NLA_F_NESTED", &r,
	       EINVAL, M_NESTED, -1);

	n = network_new(&r, 50, 0);
	put_bad(&r, HNET_NETWORK_A_VNI | NLA_F_NESTED, junk, 4);
	nest_end(&r, n);
	expect(sk, "network-new: u32 vni flagged NLA_F_NESTED", &r, EINVAL,
	       M_NOT_NESTED, -1);

	/* Wrong lengths. */
	n = network_new(&r, 50, 0);
	put_bad(&r, HNET_NETWORK_A_VNI, junk, 2);
	nest_end(&r, n);
	expect(sk, "network-new: vni of 2 bytes", &r, EINVAL, M_LEN, -1);

	n = network_new(&r, 50, 0);
	put_bad(&r, HNET_NETWORK_A_VNI, junk, 8);
	nest_end(&r, n);
	expect(sk, "network-new: vni of 8 bytes", &r, EINVAL, M_LEN, -1);

	req_init(&r, HNET_CMD_NETWORK_NEW, NLM_F_ACK);
	put_bad(&r, HNET_A_IFINDEX, &dev_ifindex, 2);
	n = nest(&r, HNET_A_NETWORK);
	put_u32(&r, HNET_NETWORK_A_ID, 50);
	put_u32(&r, HNET_NETWORK_A_VNI, 5000);
	nest_end(&r, n);
	expect(sk, "network-new: device ifindex of 2 bytes", &r, EINVAL,
	       M_LEN, -1);

	n = port_new(&r);
	put_bad(&r, HNET_PORT_A_MAC, mac_free, 5);
	nest_end(&r, n);
	expect(sk, "port-new: mac of 5 bytes", &r, ERANGE, M_BINLEN, -1);

	n = port_new(&r);
	put_bad(&r, HNET_PORT_A_MAC, junk, 7);
	nest_end(&r, n);
	expect(sk, "port-new: mac of 7 bytes", &r, ERANGE, M_BINLEN, -1);

	n = port_new(&r);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	put_bad(&r, HNET_PORT_A_IP, junk, 3);
	nest_end(&r, n);
	expect(sk, "port-new: fixed ip of 3 bytes", &r, EINVAL, M_LEN, -1);

	n = port_new(&r);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	put_bad(&r, HNET_PORT_A_SECURITY, junk, 4);
	nest_end(&r, n);
	expect(sk, "port-new: u8 security of 4 bytes", &r, EINVAL, M_LEN, -1);

	req_init(&r, HNET_CMD_REMOTE_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_REMOTE);
	put_u32(&r, HNET_REMOTE_A_NETWORK_ID, 1);
	put_bad(&r, HNET_REMOTE_A_MAC, mac_remote, 4);
	put_u32(&r, HNET_REMOTE_A_VTEP, ip4(192, 0, 2, 3));
	nest_end(&r, n);
	expect(sk, "remote-new: mac of 4 bytes", &r, ERANGE, M_BINLEN, -1);

	req_init(&r, HNET_CMD_DEV_SET, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_DEV);
	put_bad(&r, HNET_DEV_A_DSTPORT, junk, 4);
	nest_end(&r, n);
	expect(sk, "dev-set: u16 dstport of 4 bytes", &r, EINVAL, M_LEN, -1);

	dev_set_bad(sk, "dev-set: u8 source-check of 4 bytes",
		    HNET_DEV_A_SOURCE_CHECK, 4, 1, EINVAL, M_LEN);
	dev_set_bad(sk, "dev-set: u32 max-networks of 2 bytes",
		    HNET_DEV_A_MAX_NETWORKS, 2, 1, EINVAL, M_LEN);
	dev_set_bad(sk, "dev-set: u32 max-floods of 8 bytes",
		    HNET_DEV_A_MAX_FLOODS, 8, 1, EINVAL, M_LEN);

	/* Values out of range. */
	n = network_new(&r, 50, 0);
	put_bad(&r, HNET_NETWORK_A_VNI, junk, 4);
	nest_end(&r, n);
	expect(sk, "network-new: vni 0", &r, ERANGE, M_RANGE, -1);

	n = network_new(&r, 50, 0);
	r.bad_off = next_off(&r);
	put_u32(&r, HNET_NETWORK_A_VNI, HNET_VNI_MAX + 1);
	nest_end(&r, n);
	expect(sk, "network-new: vni 16777216", &r, ERANGE, M_RANGE, -1);

	n = network_new(&r, 0, 5000);
	r.bad_off = next_off(&r);
	put_u32(&r, HNET_NETWORK_A_ID, 0);
	nest_end(&r, n);
	expect(sk, "network-new: network id 0", &r, ERANGE, M_RANGE, -1);

	n = network_new(&r, 50, 5000);
	put_bad(&r, HNET_NETWORK_A_NAME, longname, sizeof(longname));
	nest_end(&r, n);
	expect(sk, "network-new: name of 32 characters", &r, EINVAL,
	       M_POLICY, -1);

	n = network_new(&r, 50, 5000);
	r.bad_off = next_off(&r);
	put_u32(&r, HNET_NETWORK_A_MTU, 67);
	nest_end(&r, n);
	expect(sk, "network-new: mtu 67", &r, ERANGE, M_RANGE, -1);

	n = network_new(&r, 50, 5000);
	r.bad_off = next_off(&r);
	put_u32(&r, HNET_NETWORK_A_MTU, 65486);
	nest_end(&r, n);
	expect(sk, "network-new: mtu 65486", &r, ERANGE, M_RANGE, -1);

	n = port_new(&r);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	r.bad_off = next_off(&r);
	put_u8(&r, HNET_PORT_A_SECURITY, 2);
	nest_end(&r, n);
	expect(sk, "port-new: security 2", &r, ERANGE, M_RANGE, -1);

	n = port_new(&r);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	a = nest(&r, HNET_PORT_A_ALLOWED);
	put_u32(&r, HNET_ALLOWED_A_ADDR, ip4(10, 0, 0, 0));
	r.bad_off = next_off(&r);
	put_u8(&r, HNET_ALLOWED_A_PREFIXLEN, 33);
	nest_end(&r, a);
	nest_end(&r, n);
	expect(sk, "port-new: allowed prefix length 33", &r, ERANGE, M_RANGE,
	       -1);

	req_init(&r, HNET_CMD_DEV_SET, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_DEV);
	r.bad_off = next_off(&r);
	put_u16(&r, HNET_DEV_A_DSTPORT, 0);
	nest_end(&r, n);
	expect(sk, "dev-set: dstport 0", &r, ERANGE, M_RANGE, -1);

	dev_set_bad(sk, "dev-set: source-check 2", HNET_DEV_A_SOURCE_CHECK, 1,
		    2, ERANGE, M_RANGE);
	for (i = 0; i < ARRAY_SIZE(limits); i++) {
		snprintf(desc, sizeof(desc), "dev-set: %s 0", limits[i].name);
		dev_set_bad(sk, desc, limits[i].attr, 4, 0, ERANGE, M_RANGE);
	}

	/* A good setting beside a bad one: the whole request is refused. */
	req_init(&r, HNET_CMD_DEV_SET, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_DEV);
	put_u8(&r, HNET_DEV_A_SOURCE_CHECK, 0);
	put_u32(&r, HNET_DEV_A_MAX_PORTS, 7);
	r.bad_off = next_off(&r);
	put_u32(&r, HNET_DEV_A_MAX_FLOODS, 0);
	nest_end(&r, n);
	expect(sk, "dev-set: source-check 0, max-ports 7 and max-floods 0",
	       &r, ERANGE, M_RANGE, -1);

	/* Trailing bytes after the last attribute. */
	n = network_new(&r, 50, 5000);
	nest_end(&r, n);
	nlmsg_append(r.msg, junk, 3, 0);
	expect(sk, "network-new: 3 bytes after the last attribute", &r,
	       EINVAL, M_LEFTOVER, -1);

	/* Dump requests are validated as strictly. */
	req_init(&r, HNET_CMD_NETWORK_GET, NLM_F_DUMP);
	put_dev(&r);
	put_bad(&r, HNET_A_MAX + 1, junk, 4);
	expect(sk, "network-get dump with an unknown attribute", &r, EINVAL,
	       M_UNKNOWN, -1);

	req_init(&r, HNET_CMD_PORT_GET, NLM_F_DUMP);
	put_dev(&r);
	n = nest(&r, HNET_A_NETWORK);
	put_bad(&r, HNET_NETWORK_A_ID, junk, 2);
	nest_end(&r, n);
	expect(sk, "port-get dump with a network filter id of 2 bytes", &r,
	       EINVAL, M_LEN, -1);

	/* A command the family does not have. */
	req_init(&r, HNET_CMD_MAX + 1, NLM_F_ACK);
	put_dev(&r);
	expect(sk, "unknown command", &r, EOPNOTSUPP, "", -1);
}

/* ------------------------------------------------ refused by the module */

static void module_requests(struct nl_sock *sk)
{
	struct nlattr *n, *a;
	struct req r;
	int i;

	/* Which device: pre_doit resolves it before any handler runs. */
	req_init(&r, HNET_CMD_NETWORK_NEW, NLM_F_ACK);
	n = nest(&r, HNET_A_NETWORK);
	put_u32(&r, HNET_NETWORK_A_ID, 50);
	put_u32(&r, HNET_NETWORK_A_VNI, 5000);
	nest_end(&r, n);
	expect(sk, "network-new without a device", &r, EINVAL,
	       "missing hnet device", HNET_A_IFINDEX);

	req_init(&r, HNET_CMD_NETWORK_NEW, NLM_F_ACK);
	put_bad(&r, HNET_A_IFNAME, "lo", 3);
	n = nest(&r, HNET_A_NETWORK);
	put_u32(&r, HNET_NETWORK_A_ID, 50);
	put_u32(&r, HNET_NETWORK_A_VNI, 5000);
	nest_end(&r, n);
	expect(sk, "network-new on lo, not an hnet device", &r, EINVAL,
	       "not an hnet device", -1);

	req_init(&r, HNET_CMD_NETWORK_NEW, NLM_F_ACK);
	put_bad(&r, HNET_A_IFINDEX, &free_ifindex, 4);
	n = nest(&r, HNET_A_NETWORK);
	put_u32(&r, HNET_NETWORK_A_ID, 50);
	put_u32(&r, HNET_NETWORK_A_VNI, 5000);
	nest_end(&r, n);
	expect(sk, "network-new on a veth's ifindex, not an hnet device", &r,
	       EINVAL, "not an hnet device", -1);

	req_init(&r, HNET_CMD_NETWORK_NEW, NLM_F_ACK);
	put_bad(&r, HNET_A_IFNAME, "nosuchdev", 10);
	n = nest(&r, HNET_A_NETWORK);
	put_u32(&r, HNET_NETWORK_A_ID, 50);
	put_u32(&r, HNET_NETWORK_A_VNI, 5000);
	nest_end(&r, n);
	expect(sk, "network-new on a device that does not exist", &r, ENODEV,
	       "hnet device not found", -1);

	req_init(&r, HNET_CMD_NETWORK_NEW, NLM_F_ACK);
	put_u32(&r, HNET_A_IFINDEX, dev_ifindex);
	put_bad(&r, HNET_A_IFNAME, free_name, strlen(free_name) + 1);
	n = nest(&r, HNET_A_NETWORK);
	put_u32(&r, HNET_NETWORK_A_ID, 50);
	put_u32(&r, HNET_NETWORK_A_VNI, 5000);
	nest_end(&r, n);
	expect(sk, "network-new with ifindex and ifname of different devices",
	       &r, EINVAL, "IFINDEX and IFNAME name different devices", -1);

	/* Dumps refuse the same way, in their NLMSG_DONE. */
	req_init(&r, HNET_CMD_NETWORK_GET, NLM_F_DUMP);
	expect(sk, "network-get dump without a device", &r, EINVAL,
	       "missing hnet device", -1);

	req_init(&r, HNET_CMD_NETWORK_GET, NLM_F_DUMP);
	put_str(&r, HNET_A_IFNAME, "lo");
	expect(sk, "network-get dump on lo", &r, EINVAL, "not an hnet device",
	       -1);

	req_init(&r, HNET_CMD_PORT_GET, NLM_F_DUMP);
	put_dev(&r);
	n = nest(&r, HNET_A_NETWORK);
	put_u32(&r, HNET_NETWORK_A_ID, 99);
	nest_end(&r, n);
	expect(sk, "port-get dump of an unknown network", &r, ENOENT,
	       M_UNKNOWN_NW, -1);

	req_init(&r, HNET_CMD_REMOTE_GET, NLM_F_DUMP);
	put_dev(&r);
	n = nest(&r, HNET_A_REMOTE);
	put_u32(&r, HNET_REMOTE_A_NETWORK_ID, 99);
	nest_end(&r, n);
	expect(sk, "remote-get dump of an unknown network", &r, ENOENT,
	       M_UNKNOWN_NW, -1);

	/* Missing required attributes: message and the missing type. */
	req_init(&r, HNET_CMD_NETWORK_NEW, NLM_F_ACK);
	put_dev(&r);
	expect(sk, "network-new without the network nest", &r, EINVAL,
	       "missing network attributes", HNET_A_NETWORK);

	n = network_new(&r, 0, 5000);
	nest_end(&r, n);
	expect(sk, "network-new without a network id", &r, EINVAL, M_NO_NWID,
	       HNET_NETWORK_A_ID);

	n = network_new(&r, 50, 0);
	nest_end(&r, n);
	expect(sk, "network-new without a vni", &r, EINVAL, "missing VNI",
	       HNET_NETWORK_A_VNI);

	req_init(&r, HNET_CMD_NETWORK_DEL, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_NETWORK);
	nest_end(&r, n);
	expect(sk, "network-del without a network id", &r, EINVAL, M_NO_NWID,
	       HNET_NETWORK_A_ID);

	req_init(&r, HNET_CMD_DEV_SET, NLM_F_ACK);
	put_dev(&r);
	expect(sk, "dev-set without the dev nest", &r, EINVAL,
	       "missing device attributes", HNET_A_DEV);

	req_init(&r, HNET_CMD_PORT_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_PORT);
	put_u32(&r, HNET_PORT_A_IFINDEX, free_ifindex);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	nest_end(&r, n);
	expect(sk, "port-new without a network id", &r, EINVAL, M_NO_NWID,
	       HNET_PORT_A_NETWORK_ID);

	n = port_new(&r);
	nest_end(&r, n);
	expect(sk, "port-new without a mac", &r, EINVAL, "missing port MAC",
	       HNET_PORT_A_MAC);

	req_init(&r, HNET_CMD_PORT_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_PORT);
	put_u32(&r, HNET_PORT_A_NETWORK_ID, 1);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	nest_end(&r, n);
	expect(sk, "port-new without the port's netdev", &r, EINVAL,
	       "missing port netdev", HNET_PORT_A_IFINDEX);

	n = port_new(&r);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	a = nest(&r, HNET_PORT_A_ALLOWED);
	put_u8(&r, HNET_ALLOWED_A_PREFIXLEN, 24);
	nest_end(&r, a);
	nest_end(&r, n);
	expect(sk, "port-new with an allowed pair without address", &r, EINVAL,
	       "missing allowed address", HNET_ALLOWED_A_ADDR);

	req_init(&r, HNET_CMD_REMOTE_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_REMOTE);
	put_u32(&r, HNET_REMOTE_A_NETWORK_ID, 1);
	put_u32(&r, HNET_REMOTE_A_VTEP, ip4(192, 0, 2, 3));
	nest_end(&r, n);
	expect(sk, "remote-new without a mac", &r, EINVAL,
	       "missing remote MAC", HNET_REMOTE_A_MAC);

	req_init(&r, HNET_CMD_REMOTE_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_REMOTE);
	put_u32(&r, HNET_REMOTE_A_NETWORK_ID, 1);
	put(&r, HNET_REMOTE_A_MAC, mac_free, 6);
	nest_end(&r, n);
	expect(sk, "remote-new without a vtep", &r, EINVAL,
	       "missing remote VTEP", HNET_REMOTE_A_VTEP);

	req_init(&r, HNET_CMD_FLOOD_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_FLOOD);
	put_u32(&r, HNET_FLOOD_A_VTEP, ip4(192, 0, 2, 3));
	nest_end(&r, n);
	expect(sk, "flood-new without a network id", &r, EINVAL, M_NO_NWID,
	       HNET_FLOOD_A_NETWORK_ID);

	req_init(&r, HNET_CMD_FLOOD_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_FLOOD);
	put_u32(&r, HNET_FLOOD_A_NETWORK_ID, 1);
	nest_end(&r, n);
	expect(sk, "flood-new without a vtep", &r, EINVAL,
	       "missing flood VTEP", HNET_FLOOD_A_VTEP);

	/* Semantic refusals, several of which hnetctl would catch first. */
	n = network_new(&r, 50, 0);
	put_bad(&r, HNET_NETWORK_A_VNI, &(unsigned int){ 100 }, 4);
	nest_end(&r, n);
	expect(sk, "network-new with a vni already used", &r, EEXIST,
	       "VNI already used by another network", -1);

	n = network_new(&r, 0, 5000);
	put_bad(&r, HNET_NETWORK_A_ID, &(unsigned int){ 1 }, 4);
	nest_end(&r, n);
	expect(sk, "network-new with a network id already used", &r, EEXIST,
	       "network id already exists", -1);

	req_init(&r, HNET_CMD_NETWORK_DEL, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_NETWORK);
	put_bad(&r, HNET_NETWORK_A_ID, &(unsigned int){ 99 }, 4);
	nest_end(&r, n);
	expect(sk, "network-del of an unknown network", &r, ENOENT,
	       M_UNKNOWN_NW, -1);

	req_init(&r, HNET_CMD_PORT_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_PORT);
	put_u32(&r, HNET_PORT_A_IFINDEX, free_ifindex);
	put_bad(&r, HNET_PORT_A_NETWORK_ID, &(unsigned int){ 99 }, 4);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	nest_end(&r, n);
	expect(sk, "port-new on an unknown network", &r, ENOENT,
	       M_UNKNOWN_NW, -1);

	n = port_new(&r);
	put_bad(&r, HNET_PORT_A_MAC, mac_zero, 6);
	nest_end(&r, n);
	expect(sk, "port-new with the zero mac", &r, EINVAL,
	       M_BAD_MAC, -1);

	n = port_new(&r);
	put_bad(&r, HNET_PORT_A_MAC, mac_mcast, 6);
	nest_end(&r, n);
	expect(sk, "port-new with a multicast mac", &r, EINVAL,
	       M_BAD_MAC, -1);

	n = port_new(&r);
	put_bad(&r, HNET_PORT_A_MAC, mac_remote, 6);
	nest_end(&r, n);
	expect(sk, "port-new with the mac of a remote on its network", &r,
	       EEXIST, "MAC already used by a remote on this network", -1);

	n = port_new(&r);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	r.bad_off = next_off(&r);
	a = nest(&r, HNET_PORT_A_ALLOWED);
	put_u32(&r, HNET_ALLOWED_A_ADDR, ip4(10, 0, 0, 9));
	put(&r, HNET_ALLOWED_A_MAC, mac_mcast, 6);
	nest_end(&r, a);
	nest_end(&r, n);
	expect(sk, "port-new with a multicast allowed-pair mac", &r, EINVAL,
	       "allowed pair MAC must be a unicast, non-zero address", -1);

	req_init(&r, HNET_CMD_PORT_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_PORT);
	put_bad(&r, HNET_PORT_A_IFINDEX, &port_ifindex, 4);
	put_u32(&r, HNET_PORT_A_NETWORK_ID, 1);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	nest_end(&r, n);
	expect(sk, "port-new on a netdev that is already a port", &r, EBUSY,
	       "netdev is already an hnet port", -1);

	req_init(&r, HNET_CMD_PORT_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_PORT);
	put_bad(&r, HNET_PORT_A_IFINDEX, &dev_ifindex, 4);
	put_u32(&r, HNET_PORT_A_NETWORK_ID, 1);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	nest_end(&r, n);
	expect(sk, "port-new on the hnet device itself", &r, EINVAL,
	       "cannot attach an hnet device as a port", -1);

	req_init(&r, HNET_CMD_PORT_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_PORT);
	put_bad(&r, HNET_PORT_A_IFNAME, "lo", 3);
	put_u32(&r, HNET_PORT_A_NETWORK_ID, 1);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	nest_end(&r, n);
	expect(sk, "port-new on loopback", &r, EINVAL,
	       "cannot attach a loopback device", -1);

	req_init(&r, HNET_CMD_REMOTE_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_REMOTE);
	put_bad(&r, HNET_REMOTE_A_NETWORK_ID, &(unsigned int){ 99 }, 4);
	put(&r, HNET_REMOTE_A_MAC, mac_remote, 6);
	put_u32(&r, HNET_REMOTE_A_VTEP, ip4(192, 0, 2, 3));
	nest_end(&r, n);
	expect(sk, "remote-new on an unknown network", &r, ENOENT,
	       M_UNKNOWN_NW, -1);

	req_init(&r, HNET_CMD_REMOTE_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_REMOTE);
	put_u32(&r, HNET_REMOTE_A_NETWORK_ID, 1);
	put_bad(&r, HNET_REMOTE_A_MAC, mac_mcast, 6);
	put_u32(&r, HNET_REMOTE_A_VTEP, ip4(192, 0, 2, 3));
	nest_end(&r, n);
	expect(sk, "remote-new with a multicast mac", &r, EINVAL,
	       M_BAD_MAC, -1);

	req_init(&r, HNET_CMD_REMOTE_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_REMOTE);
	put_u32(&r, HNET_REMOTE_A_NETWORK_ID, 1);
	put(&r, HNET_REMOTE_A_MAC, mac_free, 6);
	r.bad_off = next_off(&r);
	put_u32(&r, HNET_REMOTE_A_VTEP, ip4(239, 1, 1, 1));
	nest_end(&r, n);
	expect(sk, "remote-new with a multicast vtep", &r, EINVAL,
	       M_BAD_VTEP, -1);

	req_init(&r, HNET_CMD_REMOTE_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_REMOTE);
	put_u32(&r, HNET_REMOTE_A_NETWORK_ID, 1);
	put_bad(&r, HNET_REMOTE_A_MAC, mac_remote, 6);
	put_u32(&r, HNET_REMOTE_A_VTEP, ip4(192, 0, 2, 3));
	nest_end(&r, n);
	expect(sk, "remote-new that already exists", &r, EEXIST,
	       "remote already exists", -1);

	req_init(&r, HNET_CMD_REMOTE_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_REMOTE);
	put_u32(&r, HNET_REMOTE_A_NETWORK_ID, 1);
	put_bad(&r, HNET_REMOTE_A_MAC, mac_port, 6);
	put_u32(&r, HNET_REMOTE_A_VTEP, ip4(192, 0, 2, 3));
	nest_end(&r, n);
	expect(sk, "remote-new with the mac of a local port", &r, EEXIST,
	       "MAC already used by a port on this network", -1);

	req_init(&r, HNET_CMD_FLOOD_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_FLOOD);
	put_bad(&r, HNET_FLOOD_A_NETWORK_ID, &(unsigned int){ 99 }, 4);
	put_u32(&r, HNET_FLOOD_A_VTEP, ip4(192, 0, 2, 3));
	nest_end(&r, n);
	expect(sk, "flood-new on an unknown network", &r, ENOENT,
	       M_UNKNOWN_NW, -1);

	req_init(&r, HNET_CMD_FLOOD_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_FLOOD);
	put_u32(&r, HNET_FLOOD_A_NETWORK_ID, 1);
	r.bad_off = next_off(&r);
	put_u32(&r, HNET_FLOOD_A_VTEP, ip4(192, 0, 2, 2));
	nest_end(&r, n);
	expect(sk, "flood-new that already exists", &r, EEXIST,
	       "flood entry already exists", -1);

	req_init(&r, HNET_CMD_DEV_SET, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_DEV);
	put_bad(&r, HNET_DEV_A_HOST_MAC, mac_mcast, 6);
	nest_end(&r, n);
	expect(sk, "dev-set with a multicast host mac", &r, EINVAL,
	       "host MAC must be a unicast, non-zero address", -1);

	req_init(&r, HNET_CMD_DEV_SET, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_DEV);
	r.bad_off = next_off(&r);
	put_u32(&r, HNET_DEV_A_VTEP, ip4(255, 255, 255, 255));
	nest_end(&r, n);
	expect(sk, "dev-set with the broadcast address as vtep", &r, EINVAL,
	       M_BAD_VTEP, -1);

	n = port_new(&r);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	r.bad_off = next_off(&r);
	put_u32(&r, HNET_PORT_A_IP, ip4(224, 0, 0, 1));
	nest_end(&r, n);
	expect(sk, "port-new with a multicast fixed ip", &r, EINVAL,
	       "fixed IP must be a unicast IPv4 address", -1);

	n = port_new(&r);
	put(&r, HNET_PORT_A_MAC, mac_free, 6);
	for (i = 1; i <= 17; i++) {
		if (i == 17)
			r.bad_off = next_off(&r);
		put_u32(&r, HNET_PORT_A_IP, ip4(10, 0, 0, 100 + i));
	}
	nest_end(&r, n);
	expect(sk, "port-new with 17 fixed ips", &r, EINVAL,
	       "too many fixed IPs (max 16)", -1);

	req_init(&r, HNET_CMD_REMOTE_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_REMOTE);
	put_u32(&r, HNET_REMOTE_A_NETWORK_ID, 1);
	put(&r, HNET_REMOTE_A_MAC, mac_free, 6);
	put_u32(&r, HNET_REMOTE_A_VTEP, ip4(192, 0, 2, 3));
	put_bad(&r, HNET_REMOTE_A_IP, &(unsigned int){ 0 }, 4);
	nest_end(&r, n);
	expect(sk, "remote-new with ip 0.0.0.0", &r, EINVAL,
	       "remote IP must be a unicast IPv4 address", -1);

	req_init(&r, HNET_CMD_PORT_DEL, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_PORT);
	put_bad(&r, HNET_PORT_A_IFINDEX, &free_ifindex, 4);
	nest_end(&r, n);
	expect(sk, "port-del of a netdev that is not a port", &r, ENOENT,
	       "netdev is not a port of this hnet device", -1);

	req_init(&r, HNET_CMD_REMOTE_DEL, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_REMOTE);
	put_u32(&r, HNET_REMOTE_A_NETWORK_ID, 1);
	put_bad(&r, HNET_REMOTE_A_MAC, mac_free, 6);
	nest_end(&r, n);
	expect(sk, "remote-del of a remote that does not exist", &r, ENOENT,
	       "remote not found", -1);

	req_init(&r, HNET_CMD_FLOOD_DEL, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_FLOOD);
	put_u32(&r, HNET_FLOOD_A_NETWORK_ID, 1);
	r.bad_off = next_off(&r);
	put_u32(&r, HNET_FLOOD_A_VTEP, ip4(192, 0, 2, 9));
	nest_end(&r, n);
	expect(sk, "flood-del of an entry that does not exist", &r, ENOENT,
	       "flood entry not found", -1);
}

/* ------------------------------------------------ without CAP_NET_ADMIN */

static int drop_caps(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof(data));
	return syscall(SYS_capset, &hdr, data);
}

/* Join the "events" multicast group: must give @err (0: must work). */
static void join_events(struct nl_sock *sk, const char *desc, int err)
{
	char why[256];
	int grp, ret;

	grp = genl_ctrl_resolve_grp(sk, HNET_GENL_NAME, HNET_MCGRP_EVENTS);
	if (grp < 0) {
		report(false, desc, nl_geterror(grp));
		return;
	}
	ret = setsockopt(nl_socket_get_fd(sk), SOL_NETLINK,
			 NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp));
	ret = ret < 0 ? errno : 0;
	snprintf(why, sizeof(why), "got errno %d (%s), want %d (%s)", ret,
		 strerror(ret), err, strerror(err));
	report(ret == err, desc, why);
	if (!ret)
		setsockopt(nl_socket_get_fd(sk), SOL_NETLINK,
			   NETLINK_DROP_MEMBERSHIP, &grp, sizeof(grp));
}

/* Runs in a child: every capability dropped, then a fresh socket. */
static void without_caps(void)
{
	struct nl_sock *sk;
	struct nlattr *n;
	struct req r;

	if (drop_caps() < 0) {
		report(false, "drop every capability", strerror(errno));
		return;
	}
	sk = sock_open();
	if (family < 0) {
		report(false, "unprivileged: resolve the hnet family",
		       nl_geterror(family));
		return;
	}

	n = network_new(&r, 60, 6000);
	nest_end(&r, n);
	expect(sk, "unprivileged network-new", &r, EPERM, "", -1);

	req_init(&r, HNET_CMD_NETWORK_DEL, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_NETWORK);
	put_u32(&r, HNET_NETWORK_A_ID, 1);
	nest_end(&r, n);
	expect(sk, "unprivileged network-del", &r, EPERM, "", -1);

	req_init(&r, HNET_CMD_DEV_SET, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_DEV);
	put_u16(&r, HNET_DEV_A_DSTPORT, 4790);
	nest_end(&r, n);
	expect(sk, "unprivileged dev-set", &r, EPERM, "", -1);

	req_init(&r, HNET_CMD_DEV_SET, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_DEV);
	put_u32(&r, HNET_DEV_A_MAX_NETWORKS, 100);
	nest_end(&r, n);
	expect(sk, "unprivileged dev-set of a limit", &r, EPERM, "", -1);

	/* Reads carry every tenant's addresses and VTEPs: refused too. */
	req_init(&r, HNET_CMD_DEV_GET, NLM_F_ACK);
	put_dev(&r);
	expect(sk, "unprivileged dev-get", &r, EPERM, "", -1);

	req_init(&r, HNET_CMD_DEV_GET, NLM_F_DUMP);
	expect(sk, "unprivileged dev-get dump", &r, EPERM, "", -1);

	req_init(&r, HNET_CMD_NETWORK_GET, NLM_F_DUMP);
	put_dev(&r);
	expect(sk, "unprivileged network-get dump", &r, EPERM, "", -1);

	req_init(&r, HNET_CMD_NETWORK_GET, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_NETWORK);
	put_u32(&r, HNET_NETWORK_A_ID, 1);
	nest_end(&r, n);
	expect(sk, "unprivileged network-get", &r, EPERM, "", -1);

	req_init(&r, HNET_CMD_PORT_GET, NLM_F_DUMP);
	put_dev(&r);
	expect(sk, "unprivileged port-get dump", &r, EPERM, "", -1);

	req_init(&r, HNET_CMD_REMOTE_GET, NLM_F_DUMP);
	put_dev(&r);
	expect(sk, "unprivileged remote-get dump", &r, EPERM, "", -1);

	req_init(&r, HNET_CMD_FLOOD_GET, NLM_F_DUMP);
	put_dev(&r);
	expect(sk, "unprivileged flood-get dump", &r, EPERM, "", -1);

	join_events(sk, "unprivileged: joining the events group", EPERM);
	nl_socket_free(sk);
}

/*
 * The child reports through a pipe; its lines are appended to ours and
 * counted, so numbering and the plan stay right.
 */
static void run_unprivileged(void)
{
	char line[1024];
	int status, p[2];
	FILE *in;
	pid_t pid;

	fflush(out);
	if (pipe(p) < 0) {
		report(false, "pipe", strerror(errno));
		return;
	}
	pid = fork();
	if (pid < 0) {
		report(false, "fork", strerror(errno));
		return;
	}
	if (!pid) {
		close(p[0]);
		out = fdopen(p[1], "w");
		if (!out)
			_exit(1);
		failed = 0;
		without_caps();
		fclose(out);
		_exit(failed ? 1 : 0);
	}
	close(p[1]);
	in = fdopen(p[0], "r");
	while (in && fgets(line, sizeof(line), in)) {
		fputs(line, out);
		if (!strncmp(line, "ok ", 3) || !strncmp(line, "not ok ", 7))
			test_no++;
	}
	if (in)
		fclose(in);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) {
		report(false, "unprivileged child exits normally", "it did not");
		return;
	}
	if (WEXITSTATUS(status))
		failed++;
}

/* ------------------------------------------------ setup and dump */

static void must(struct nl_sock *sk, struct req *r, const char *what)
{
	struct result res;

	if (exchange(sk, r, &res, NULL, NULL) < 0 || res.err) {
		fprintf(stderr, "setup: %s: %s%s%s\n", what, strerror(res.err),
			res.msg[0] ? ": " : "", res.msg);
		exit(1);
	}
	nlmsg_free(r->msg);
}

static void setup(struct nl_sock *sk)
{
	struct nlattr *n, *a;
	struct req r;

	req_init(&r, HNET_CMD_DEV_SET, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_DEV);
	put_u32(&r, HNET_DEV_A_VTEP, ip4(192, 0, 2, 1));
	nest_end(&r, n);
	must(sk, &r, "dev set vtep 192.0.2.1");

	n = network_new(&r, 1, 100);
	put_str(&r, HNET_NETWORK_A_NAME, "blue");
	nest_end(&r, n);
	must(sk, &r, "network add 1 vni 100 name blue");

	n = network_new(&r, 2, 200);
	put_u32(&r, HNET_NETWORK_A_MTU, 1400);
	nest_end(&r, n);
	must(sk, &r, "network add 2 vni 200 mtu 1400");

	req_init(&r, HNET_CMD_PORT_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_PORT);
	put_str(&r, HNET_PORT_A_IFNAME, port_name);
	put_u32(&r, HNET_PORT_A_NETWORK_ID, 1);
	put(&r, HNET_PORT_A_MAC, mac_port, 6);
	put_u32(&r, HNET_PORT_A_IP, ip4(10, 0, 0, 1));
	a = nest(&r, HNET_PORT_A_ALLOWED);
	put_u32(&r, HNET_ALLOWED_A_ADDR, ip4(10, 0, 1, 0));
	put_u8(&r, HNET_ALLOWED_A_PREFIXLEN, 24);
	nest_end(&r, a);
	nest_end(&r, n);
	must(sk, &r, "port add");

	req_init(&r, HNET_CMD_REMOTE_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_REMOTE);
	put_u32(&r, HNET_REMOTE_A_NETWORK_ID, 1);
	put(&r, HNET_REMOTE_A_MAC, mac_remote, 6);
	put_u32(&r, HNET_REMOTE_A_IP, ip4(10, 0, 0, 5));
	put_u32(&r, HNET_REMOTE_A_VTEP, ip4(192, 0, 2, 2));
	nest_end(&r, n);
	must(sk, &r, "remote add");

	req_init(&r, HNET_CMD_FLOOD_NEW, NLM_F_ACK);
	put_dev(&r);
	n = nest(&r, HNET_A_FLOOD);
	put_u32(&r, HNET_FLOOD_A_NETWORK_ID, 1);
	put_u32(&r, HNET_FLOOD_A_VTEP, ip4(192, 0, 2, 2));
	nest_end(&r, n);
	must(sk, &r, "flood add");
}

/* Counters are left out: they may move while the test runs. */
static bool is_stats(int obj_type, int type)
{
	switch (obj_type) {
	case HNET_A_DEV:
		return type == HNET_DEV_A_STATS;
	case HNET_A_NETWORK:
		return type == HNET_NETWORK_A_STATS;
	case HNET_A_PORT:
		return type == HNET_PORT_A_STATS;
	}
	return false;
}

/* Attributes as "type=hex" and nests as "type{ ... }", in kernel order. */
static void print_attrs(struct nlattr *head, int len, int obj_type, int depth)
{
	struct nlattr *a;
	int rem, i;

	nla_for_each_attr(a, head, len, rem) {
		int type = nla_type(a);

		if (depth == 1 && is_stats(obj_type, type))
			continue;
		printf(" %d", type);
		if (nla_is_nested(a)) {
			printf("{");
			print_attrs(nla_data(a), nla_len(a),
				    depth ? obj_type : type, depth + 1);
			printf(" }");
			continue;
		}
		printf("=");
		for (i = 0; i < nla_len(a); i++)
			printf("%02x", ((unsigned char *)nla_data(a))[i]);
	}
}

static void print_obj(struct nlmsghdr *nlh, void *arg)
{
	struct genlmsghdr *g = nlmsg_data(nlh);

	printf("%s cmd %d:", (const char *)arg, g->cmd);
	print_attrs(genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0), 0, 0);
	printf("\n");
}

static int dump_objects(struct nl_sock *sk)
{
	static const struct {
		int cmd;
		const char *name;
	} what[] = {
		{ HNET_CMD_DEV_GET, "dev" },
		{ HNET_CMD_NETWORK_GET, "network" },
		{ HNET_CMD_PORT_GET, "port" },
		{ HNET_CMD_REMOTE_GET, "remote" },
		{ HNET_CMD_FLOOD_GET, "flood" },
	};
	struct result res;
	struct req r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(what); i++) {
		req_init(&r, what[i].cmd, NLM_F_DUMP);
		put_dev(&r);
		if (exchange(sk, &r, &res, print_obj, (void *)what[i].name) ||
		    res.err) {
			fprintf(stderr, "dump %s: %s %s\n", what[i].name,
				strerror(res.err), res.msg);
			return 1;
		}
		nlmsg_free(r.msg);
	}
	return 0;
}

/* ------------------------------------------------ main */

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: hnet_nl_bad [-d DEV] [-p PORT] [-q FREE] [setup|run|dump]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *mode = "run";
	struct nl_sock *sk;
	char *buf = NULL;
	size_t len = 0;
	int c;

	while ((c = getopt(argc, argv, "d:p:q:h")) != -1) {
		switch (c) {
		case 'd':
			dev_name = optarg;
			break;
		case 'p':
			port_name = optarg;
			break;
		case 'q':
			free_name = optarg;
			break;
		default:
			bad_usage();
		}
	}
	if (optind < argc)
		mode = argv[optind++];
	if (optind < argc)
		bad_usage();

	sk = sock_open();
	if (family < 0) {
		printf("1..0 # SKIP generic netlink family \"%s\" not registered\n",
		       HNET_GENL_NAME);
		return KSFT_SKIP;
	}
	dev_ifindex = if_nametoindex(dev_name);
	port_ifindex = if_nametoindex(port_name);
	free_ifindex = if_nametoindex(free_name);

	if (!strcmp(mode, "dump"))
		return dump_objects(sk);
	if (!dev_ifindex || !port_ifindex || !free_ifindex) {
		fprintf(stderr, "need netdevs %s, %s and %s\n", dev_name,
			port_name, free_name);
		return 1;
	}
	if (!strcmp(mode, "setup")) {
		setup(sk);
		return 0;
	}
	if (strcmp(mode, "run"))
		bad_usage();

	out = open_memstream(&buf, &len);
	if (!out) {
		perror("open_memstream");
		return 1;
	}
	policy_requests(sk);
	module_requests(sk);
	/* The control for the unprivileged child's EPERM. */
	join_events(sk, "privileged: joining the events group works", 0);
	run_unprivileged();
	fclose(out);
	printf("TAP version 13\n1..%d\n%s", test_no, buf);
	printf("# %d of %d cases failed\n", failed, test_no);
	free(buf);
	nl_socket_free(sk);
	return failed ? 1 : 0;
}
