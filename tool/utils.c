// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: argument parsing helpers.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utils.h"

static void verr(const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("Error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int usage_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int sys_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(fmt, ap);
	va_end(ap);
	return EXIT_KERNEL;
}

int missing_arg(const char *keyword)
{
	return usage_err("missing value after \"%s\"", keyword);
}

int invalid_arg(const char *keyword, const char *value, const char *what)
{
	return usage_err("invalid value \"%s\" for \"%s\": expected %s",
			 value, keyword, what);
}

int unknown_arg(const char *word)
{
	return usage_err("unknown argument \"%s\"", word);
}

int duplicate_arg(const char *keyword)
{
	return usage_err("\"%s\" given more than once", keyword);
}

static int get_ulong(unsigned long *val, const char *arg, unsigned long max)
{
	unsigned long v;
	char *end;

	/* Decimal only: no sign, no leading blanks, no octal surprises. */
	if (!isdigit((unsigned char)*arg))
		return -1;
	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*val = v;
	return 0;
}

int get_u32(uint32_t *val, const char *arg)
{
	unsigned long v;

	if (get_ulong(&v, arg, UINT32_MAX))
		return -1;
	*val = v;
	return 0;
}

int get_u16(uint16_t *val, const char *arg)
{
	unsigned long v;

	if (get_ulong(&v, arg, UINT16_MAX))
		return -1;
	*val = v;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int get_mac(uint8_t mac[ETH_ALEN_HNET], const char *arg)
{
	const char *p = arg;
	int i;

	for (i = 0; i < ETH_ALEN_HNET; i++) {
		int hi = hexval(p[0]), lo;

		if (hi < 0)
			return -1;
		lo = hexval(p[1]);
		if (lo < 0) {
			mac[i] = hi;
			p += 1;
		} else {
			mac[i] = hi << 4 | lo;
			p += 2;
		}
		if (i < ETH_ALEN_HNET - 1) {
			if (*p != ':')
				return -1;
			p++;
		}
	}
	return *p ? -1 : 0;
}

int get_ipv4(struct in_addr *addr, const char *arg)
{
	return inet_pton(AF_INET, arg, addr) == 1 ? 0 : -1;
}

int get_ip(struct ip_addr *addr, const char *arg)
{
	if (inet_pton(AF_INET, arg, &addr->v4) == 1) {
		addr->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, arg, &addr->v6) == 1) {
		addr->family = AF_INET6;
		return 0;
	}
	return -1;
}

int get_prefix(struct ip_addr *addr, uint8_t *plen, const char *arg)
{
	const char *slash = strchr(arg, '/');
	char buf[INET6_ADDRSTRLEN];
	uint32_t len, max;

	if (!slash) {
		if (get_ip(addr, arg))
			return -1;
		*plen = addr->family == AF_INET ? 32 : 128;
		return 0;
	}
	if ((size_t)(slash - arg) >= sizeof(buf))
		return -1;
	memcpy(buf, arg, slash - arg);
	buf[slash - arg] = '\0';
	if (get_ip(addr, buf) || get_u32(&len, slash + 1))
		return -1;
	max = addr->family == AF_INET ? 32 : 128;
	if (len > max)
		return -1;
	*plen = len;
	return 0;
}

int get_onoff(bool *val, const char *arg)
{
	if (!strcmp(arg, "on")) {
		*val = true;
		return 0;
	}
	if (!strcmp(arg, "off")) {
		*val = false;
		return 0;
	}
	return -1;
}

int match_prefix(const char *word, const char *const *names)
{
	size_t len = strlen(word);
	int i, found = -1;

	if (!len)
		return -1;
	for (i = 0; names[i]; i++) {
		if (!strcmp(word, names[i]))
			return i;
		if (!strncmp(word, names[i], len)) {
			if (found >= 0)
				return -2;
			found = i;
		}
	}
	return found;
}
