// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: configure hnet devices over the "hnet" generic netlink family.
 *
 *	hnetctl [OPTIONS] OBJECT COMMAND [ARGS]
 *
 * Options, object and command dispatch (unique prefixes, like iproute2),
 * batch files and exit status live here; each object has its own file.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hnetctl.h"
#include "nl.h"
#include "utils.h"

#ifndef HNETCTL_VERSION
#define HNETCTL_VERSION "unknown"
#endif

struct hnet_opts opts;

static int do_help(int argc, char **argv);

static const struct hnetctl_cmd objects[] = {
	{ "dev",	do_dev },
	{ "network",	do_network },
	{ "port",	do_port },
	{ "remote",	do_remote },
	{ "flood",	do_flood },
	{ "stats",	do_stats },
	{ "monitor",	do_monitor },
	{ "help",	do_help },
	{ NULL,		NULL }
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: hnetctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
		"       hnetctl [OPTIONS] -b FILE\n"
		"OPTIONS:\n"
		"  -j, --json          JSON output\n"
		"  -p, --pretty        indented JSON (implies -j)\n"
		"  -n, --netns NAME    run in network namespace NAME\n"
		"  -b, --batch FILE    read commands from FILE (- for stdin)\n"
		"  -f, --force         in batch mode, go on after an error\n"
		"  -s, --stats         include counters in show\n"
		"  -V, --version       print the version\n"
		"  -h, --help          print this help\n"
		"Every COMMAND accepts 'dev NAME' (the hnet device); it may be left out\n"
		"when the namespace holds exactly one.\n"
		"OBJECT COMMAND:\n");
	dev_usage(f);
	network_usage(f);
	port_usage(f);
	remote_usage(f);
	flood_usage(f);
	stats_usage(f);
	monitor_usage(f);
}

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return EXIT_OK;
}

static const struct hnetctl_cmd *
lookup(const struct hnetctl_cmd *cmds, const char *word, bool *ambiguous)
{
	const struct hnetctl_cmd *found = NULL, *c;
	size_t len = strlen(word);

	*ambiguous = false;
	if (!len)
		return NULL;
	for (c = cmds; c->name; c++) {
		if (!strcmp(word, c->name))
			return c;
		if (!strncmp(word, c->name, len)) {
			if (found)
				*ambiguous = true;
			found = c;
		}
	}
	return *ambiguous ? NULL : found;
}

int dispatch_cmd(const char *object, const struct hnetctl_cmd *cmds,
		 const char *dflt, void (*obj_usage)(FILE *f), int argc,
		 char **argv)
{
	const struct hnetctl_cmd *c;
	bool ambiguous;

	if (argc < 1) {
		c = lookup(cmds, dflt, &ambiguous);
		return c->fn(0, argv);
	}
	if (!strcmp(argv[0], "help")) {
		obj_usage(stdout);
		return EXIT_OK;
	}
	c = lookup(cmds, argv[0], &ambiguous);
	if (!c) {
		if (ambiguous)
			return usage_err("ambiguous command \"%s\" for \"%s\"",
					 argv[0], object);
		return usage_err("unknown command \"%s\" for \"%s\", try \"hnetctl %s help\"",
				 argv[0], object, object);
	}
	return c->fn(argc - 1, argv + 1);
}

static int do_cmd(int argc, char **argv)
{
	const struct hnetctl_cmd *c;
	bool ambiguous;

	c = lookup(objects, argv[0], &ambiguous);
	if (!c) {
		if (ambiguous)
			return usage_err("ambiguous object \"%s\"", argv[0]);
		return usage_err("unknown object \"%s\", try \"hnetctl help\"",
				 argv[0]);
	}
	return c->fn(argc - 1, argv + 1);
}

/*
 * Split @line in place at blanks.  "..." and '...' quote a word; a word
 * starting with # comments out the rest of the line.  Returns the number
 * of words, or -1 on an unterminated quote.
 */
static int tokenize(char *line, char ***argvp, size_t *cap)
{
	char *p = line, **argv = *argvp;
	size_t argc = 0;

	for (;;) {
		char *word;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p || *p == '#')
			break;
		if (argc + 2 > *cap) {
			size_t ncap = *cap ? *cap * 2 : 16;
			char **n = realloc(argv, ncap * sizeof(*argv));

			if (!n)
				return -2;
			argv = n;
			*argvp = n;
			*cap = ncap;
		}
		if (*p == '"' || *p == '\'') {
			char quote = *p++;

			word = p;
			p = strchr(p, quote);
			if (!p)
				return -1;
		} else {
			word = p;
			while (*p && *p != ' ' && *p != '\t' && *p != '\n' &&
			       *p != '\r')
				p++;
		}
		argv[argc++] = word;
		if (!*p)
			break;
		*p++ = '\0';
	}
	if (argv)
		argv[argc] = NULL;
	return argc;
}

static int do_batch(const char *name)
{
	size_t linecap = 0, argcap = 0;
	char *line = NULL, **argv = NULL;
	unsigned int lineno = 0;
	int worst = EXIT_OK;
	FILE *f = stdin;

	if (strcmp(name, "-")) {
		f = fopen(name, "r");
		if (!f)
			return sys_err("cannot open batch file \"%s\": %s",
				       name, strerror(errno));
	}

	while (getline(&line, &linecap, f) != -1) {
		int argc, ret;

		lineno++;
		argc = tokenize(line, &argv, &argcap);
		if (!argc)
			continue;
		if (argc == -1)
			ret = usage_err("unterminated quote");
		else if (argc < 0)
			ret = sys_err("out of memory");
		else
			ret = do_cmd(argc, argv);
		if (!ret)
			continue;
		fflush(stdout);
		fprintf(stderr, "Command failed %s:%u\n", name, lineno);
		if (ret > worst)
			worst = ret;
		if (!opts.force)
			break;
	}
	if (ferror(f) && !worst)
		worst = sys_err("cannot read batch file \"%s\"", name);

	free(line);
	free(argv);
	if (f != stdin)
		fclose(f);
	return worst;
}

static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd, ret = EXIT_OK;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return usage_err("invalid network namespace name \"%s\"", name);
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sys_err("cannot open network namespace \"%s\": %s",
			       name, strerror(errno));
	if (setns(fd, CLONE_NEWNET) < 0)
		ret = sys_err("cannot enter network namespace \"%s\": %s",
			      name, strerror(errno));
	close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,		NULL, 'j' },
		{ "pretty",	no_argument,		NULL, 'p' },
		{ "netns",	required_argument,	NULL, 'n' },
		{ "batch",	required_argument,	NULL, 'b' },
		{ "force",	no_argument,		NULL, 'f' },
		{ "stats",	no_argument,		NULL, 's' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	const char *batch = NULL, *netns = NULL;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jpn:b:fsVh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'j':
			opts.json = true;
			break;
		case 'p':
			opts.json = true;
			opts.pretty = true;
			break;
		case 'n':
			netns = optarg;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'f':
			opts.force = true;
			break;
		case 's':
			opts.stats = true;
			break;
		case 'V':
			printf("hnetctl %s\n", HNETCTL_VERSION);
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			if (optopt && strchr("nb", optopt))
				return usage_err("option \"-%c\" needs a value",
						 optopt);
			if (optopt)
				return usage_err("unknown option \"-%c\", try \"hnetctl -h\"",
						 optopt);
			return usage_err("unknown option \"%s\", try \"hnetctl -h\"",
					 argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;

	if (batch && argc)
		return usage_err("-b FILE takes no OBJECT COMMAND arguments");
	if (!batch && !argc) {
		usage(stderr);
		return EXIT_USAGE;
	}

	if (netns) {
		ret = enter_netns(netns);
		if (ret)
			return ret;
	}

	ret = batch ? do_batch(batch) : do_cmd(argc, argv);
	nl_close();
	return ret;
}
