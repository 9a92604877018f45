/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hnetctl: argument parsing helpers.
 */
#ifndef HNETCTL_UTILS_H
#define HNETCTL_UTILS_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

/* Exit status of a command (see the output contract). */
#define EXIT_OK		0
#define EXIT_KERNEL	1	/* the kernel (or the system) refused */
#define EXIT_USAGE	2	/* bad command line */

#define ETH_ALEN_HNET	6

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Print "Error: ..." to stderr and return EXIT_USAGE. */
int usage_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "Error: ..." to stderr and return EXIT_KERNEL. */
int sys_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int missing_arg(const char *keyword);
int invalid_arg(const char *keyword, const char *value, const char *what);
int unknown_arg(const char *word);
int duplicate_arg(const char *keyword);

/*
 * Move to the value of the current keyword, or fail the calling command
 * with a usage error.  Works on local argc/argv, like iproute2's NEXT_ARG.
 */
#define NEXT_ARG()						\
	do {							\
		if (argc < 2)					\
			return missing_arg(*argv);		\
		argc--;						\
		argv++;						\
	} while (0)

int get_u32(uint32_t *val, const char *arg);
int get_u16(uint16_t *val, const char *arg);
int get_mac(uint8_t mac[ETH_ALEN_HNET], const char *arg);
int get_ipv4(struct in_addr *addr, const char *arg);

/* An IPv4 or IPv6 address, as the user wrote it. */
struct ip_addr {
	int family;		/* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

/* An address of either family; ADDR[/PLEN] (default the full length). */
int get_ip(struct ip_addr *addr, const char *arg);
int get_prefix(struct ip_addr *addr, uint8_t *plen, const char *arg);
int get_onoff(bool *val, const char *arg);

/*
 * Look @word up in @names (NULL terminated) by unique prefix.  An exact
 * match always wins.  Returns the index, -1 when nothing matches, -2 when
 * the prefix is ambiguous.
 */
int match_prefix(const char *word, const char *const *names);

#endif /* HNETCTL_UTILS_H */
