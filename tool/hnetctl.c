// SPDX-License-Identifier: GPL-2.0
/*
 * hnetctl: configure hnet devices over the "hnet" generic netlink family.
 *
 *	hnetctl [OPTIONS] OBJECT COMMAND [ARGS]
 *
 * Options, the object table and its dispatch (unique prefixes, like
 * iproute2), batch files and exit status live here; each object kind is a
 * description table in its own file (see object.h).
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
#include "object.h"
#include "utils.h"

#ifndef HNETCTL_VERSION
#define HNETCTL_VERSION "unknown"
#endif

struct hnet_opts opts;

/*
 * Every object kind, in usage order: NAME is described by the table
 * NAME_object in NAME.c.  A new kind is one more entry here.
 */
#define HNET_OBJECTS(X)							\
	X(dev) X(network) X(port) X(remote) X(flood) X(peer) X(router)	\
	X(route) X(gateway) X(fip) X(l2gw) X(stats) X(monitor)

#define OBJECT_DECL(name)	extern const struct hnet_object name##_object;
#define OBJECT_ENTRY(name)	&name##_object,

HNET_OBJECTS(OBJECT_DECL)

const struct hnet_object *const hnet_objects[] = {
	HNET_OBJECTS(OBJECT_ENTRY)
	NULL
};

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

/* What each option of longopts does, in the same order. */
static const char *const opthelp[] = {
	"JSON output",
	"indented JSON (implies -j)",
	"run in network namespace NAME",
	"read commands from FILE (- for stdin)",
	"in batch mode, go on after an error",
	"include counters in show",
	"print the version",
	"print this help",
};

static const char *const optarg_name[] = { NULL, NULL, "NAME", "FILE" };

static void usage(FILE *f)
{
	const struct hnet_object *const *o;
	char buf[32];
	size_t i;

	fprintf(f,
		"Usage: hnetctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
		"       hnetctl [OPTIONS] -b FILE\n"
		"OPTIONS:\n");
	for (i = 0; longopts[i].name; i++) {
		snprintf(buf, sizeof(buf), "%s%s",
			 longopts[i].name, longopts[i].has_arg ? " " : "");
		if (longopts[i].has_arg)
			strncat(buf, optarg_name[i], sizeof(buf) - strlen(buf) - 1);
		fprintf(f, "  -%c, --%-14s%s\n", longopts[i].val, buf,
			opthelp[i]);
	}
	fprintf(f,
		"Every COMMAND accepts 'dev NAME' (the hnet device); it may be left out\n"
		"when the namespace holds exactly one.\n"
		"OBJECT COMMAND:\n");
	for (o = hnet_objects; *o; o++)
		object_usage(*o, f);
}

/*
 * `hnetctl help words`: every option, object, command and keyword, from
 * the tables, for the checks of the man page and the bash completion.
 */
static void words(FILE *f)
{
	const struct hnet_object *const *o;
	size_t i;

	for (i = 0; longopts[i].name; i++)
		fprintf(f, "option -%c --%s\n", longopts[i].val,
			longopts[i].name);
	for (o = hnet_objects; *o; o++)
		object_words(*o, f);
	fprintf(f, "object help\n");
}

static int do_help(int argc, char **argv)
{
	if (argc > 0 && !strcmp(argv[0], "words")) {
		words(stdout);
		return EXIT_OK;
	}
	usage(stdout);
	return EXIT_OK;
}

static int do_cmd(int argc, char **argv)
{
	const char *names[ARRAY_SIZE(hnet_objects) + 1];
	size_t i, n;
	int idx;

	for (n = 0; hnet_objects[n]; n++)
		names[n] = hnet_objects[n]->name;
	names[n] = "help";
	names[n + 1] = NULL;

	idx = match_prefix(argv[0], names);
	if (idx == -2)
		return usage_err("ambiguous object \"%s\"", argv[0]);
	if (idx < 0)
		return usage_err("unknown object \"%s\", try \"hnetctl help\"",
				 argv[0]);
	i = idx;
	if (i == n)
		return do_help(argc - 1, argv + 1);
	return object_run(hnet_objects[i], argc - 1, argv + 1);
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
