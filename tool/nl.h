/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hnetctl: generic netlink helpers on top of libmnl.
 */
#ifndef HNETCTL_NL_H
#define HNETCTL_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/netlink.h>

#define NLREQ_SIZE	(64 * 1024)

/*
 * One request under construction.  Commands fill it in while parsing their
 * arguments, before any socket exists, so usage errors never need the
 * module; nl_request() stamps the family id and sequence number.
 */
struct nlreq {
	struct nlmsghdr *nlh;
	bool overflow;		/* an attribute did not fit */
	uint64_t buf[NLREQ_SIZE / sizeof(uint64_t)];
};

/* Called for each hnet message of a reply; nonzero aborts (kept as result). */
typedef int (*nl_msg_cb)(const struct nlmsghdr *nlh, void *data);

void nlreq_init(struct nlreq *r, uint8_t cmd, uint16_t flags);
void nl_put_u8(struct nlreq *r, uint16_t type, uint8_t val);
void nl_put_u16(struct nlreq *r, uint16_t type, uint16_t val);
void nl_put_u32(struct nlreq *r, uint16_t type, uint32_t val);
void nl_put_strz(struct nlreq *r, uint16_t type, const char *val);
void nl_put_addr(struct nlreq *r, uint16_t type, struct in_addr addr);
void nl_put_addr6(struct nlreq *r, uint16_t type, const struct in6_addr *addr);
struct ip_addr;
/* An address of either family: as attribute @type4 or @type6. */
void nl_put_ip(struct nlreq *r, uint16_t type4, uint16_t type6,
	       const struct ip_addr *addr);
void nl_put_mac(struct nlreq *r, uint16_t type, const uint8_t *mac);
struct nlattr *nl_nest_start(struct nlreq *r, uint16_t type);
void nl_nest_end(struct nlreq *r, struct nlattr *nest);
void nl_nest_cancel(struct nlreq *r, struct nlattr *nest);

/*
 * Name the hnet device in @r: HNET_A_IFNAME when the user gave one, else
 * the ifindex of the only hnet device of the namespace.  Returns an exit
 * status (EXIT_USAGE when there is none or several).
 */
int nl_put_dev(struct nlreq *r, const char *devname);

/*
 * Send @r and read the reply: @cb sees every hnet message until the ACK or
 * NLMSG_DONE.  Prints the kernel's error (extack message or strerror) and
 * returns an exit status.  *@intr (may be NULL) is set when a dump was
 * interrupted by a concurrent change (NLM_F_DUMP_INTR).
 */
int nl_request(struct nlreq *r, nl_msg_cb cb, void *data, bool *intr);

/* Listen to the "events" multicast group forever, @cb per notification. */
int nl_monitor(nl_msg_cb cb, void *data);

void nl_close(void);

/* Attribute parsing: fills tb[0..max] (NULL when absent; last one wins). */
void nl_parse_msg(const struct nlmsghdr *nlh, const struct nlattr **tb,
		  unsigned int max);
void nl_parse_nest(const struct nlattr *nest, const struct nlattr **tb,
		   unsigned int max);
uint8_t nl_genl_cmd(const struct nlmsghdr *nlh);

bool nl_get_u8(const struct nlattr *a, uint8_t *val);
bool nl_get_u16(const struct nlattr *a, uint16_t *val);
bool nl_get_u32(const struct nlattr *a, uint32_t *val);
bool nl_get_u64(const struct nlattr *a, uint64_t *val);
bool nl_get_addr(const struct nlattr *a, struct in_addr *addr);
bool nl_get_addr6(const struct nlattr *a, struct in6_addr *addr);
const uint8_t *nl_get_mac(const struct nlattr *a);
const char *nl_get_str(const struct nlattr *a);

#endif /* HNETCTL_NL_H */
