/*
 * main.c - the mlcap command: dispatch to a subcommand by name. The table
 * below is the only registry and also prints `mlcap --help`.
 */
#include <stdio.h>
#include <string.h>
#include "cmd.h"
#include "out.h"

struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct cli_cmd commands[] = {
    {"inventory", cmd_inventory, "List resolved workloads and their requests"},
    {"pricing", cmd_pricing, "Price catalog: list, show, import, build"},
    {"plan", cmd_plan, "Plan nodes and monthly cost per scenario"},
    {"check", cmd_check, "Pre-deploy check: fit, quotas, cost diff"},
    {"labels", cmd_labels, "Cost-label coverage by count and by cost"},
    {NULL, NULL, NULL}};

static void usage(FILE *out)
{
	const struct cli_cmd *c;
	fprintf(out,
		"Usage: mlcap COMMAND [OPTIONS] [PATH...]\n\n"
		"Cost and capacity planner for machine-learning Kubernetes "
		"clusters.\n\nCommands:\n");
	for (c = commands; c->name; c++)
		fprintf(out, "  %-12s %s\n", c->name, c->help);
	fprintf(out, "  %-12s %s\n", "help", "Show help for a command");
	fprintf(out, "\nOptions:\n  -h, --help     show this help\n"
		     "  -V, --version  print the version\n"
		     "\nExit status: 0 ok, 1 findings, 2 usage or input "
		     "errors.\nSee 'mlcap help COMMAND' for a command's "
		     "options.\n");
}

static const struct cli_cmd *find(const char *name)
{
	const struct cli_cmd *c;
	for (c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int main(int argc, char **argv)
{
	const struct cli_cmd *c;

	if (argc < 2) {
		usage(stderr);
		return MLCAP_EXIT_ERROR;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return MLCAP_EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("mlcap %s\n", MLCAP_VERSION);
		return MLCAP_EXIT_OK;
	}
	if (!strcmp(argv[1], "help")) {
		char *help_argv[] = {NULL, (char *)"--help", NULL};
		if (argc < 3) {
			usage(stdout);
			return MLCAP_EXIT_OK;
		}
		if (!(c = find(argv[2]))) {
			fprintf(stderr, "mlcap: unknown command '%s'\n",
				argv[2]);
			return MLCAP_EXIT_ERROR;
		}
		help_argv[0] = argv[2];
		return c->fn(2, help_argv);
	}
	if (!(c = find(argv[1]))) {
		fprintf(stderr,
			"mlcap: unknown command '%s'; see 'mlcap --help'\n",
			argv[1]);
		return MLCAP_EXIT_ERROR;
	}
	return c->fn(argc - 1, argv + 1);
}
