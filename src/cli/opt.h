/*
 * opt.h - table-driven option parsing shared by every subcommand: one
 * table gives parsing, --help text and `mlcap help CMD`.
 */
#ifndef MLCAP_CLI_OPT_H
#define MLCAP_CLI_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum {
	CLI_OPT_BOOL,	/* --flag sets *(bool *)dest */
	CLI_OPT_STRING, /* --name VALUE or --name=VALUE, *(const char **) */
	CLI_OPT_CHOICE, /* a string from `choices` */
	CLI_OPT_SIZE	/* a non-negative integer, *(size_t *) */
} cli_opt_type;

struct cli_opt {
	const char *long_name;
	char short_name; /* 0 for none */
	cli_opt_type type;
	void *dest;
	const char *arg_name; /* e.g. "FORMAT" */
	const char *help;
	const char *const *choices; /* NULL-terminated, for CLI_OPT_CHOICE */
};

struct cli_cmd_spec {
	const char *name;
	const char *usage;   /* after "mlcap NAME " */
	const char *summary; /* one paragraph */
	const struct cli_opt *opts;
	size_t n_opts;
};

/*
 * Parses argv (argv[0] is the command name). Positional arguments are
 * collected into *pos (malloc'd, caller frees); "-" is positional and
 * "--" ends options. Returns 0, 1 when --help was printed, or -1 after
 * printing a usage error to stderr.
 */
int cli_parse(const struct cli_cmd_spec *spec, int argc, char **argv,
	      char ***pos, size_t *n_pos);

void cli_print_help(FILE *out, const struct cli_cmd_spec *spec);

#endif
