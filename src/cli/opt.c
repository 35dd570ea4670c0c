/*
 * opt.c - table-driven option parsing (see opt.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "opt.h"

void cli_print_help(FILE *out, const struct cli_cmd_spec *spec)
{
	size_t i;

	fprintf(out, "Usage: mlcap %s %s\n\n%s\n\nOptions:\n", spec->name,
		spec->usage, spec->summary);
	for (i = 0; i < spec->n_opts; i++) {
		const struct cli_opt *o = &spec->opts[i];
		char left[64];
		int n;
		if (o->short_name)
			n = snprintf(left, sizeof(left), "-%c, --%s",
				     o->short_name, o->long_name);
		else
			n = snprintf(left, sizeof(left), "    --%s",
				     o->long_name);
		if (o->type != CLI_OPT_BOOL && n > 0 &&
		    (size_t)n < sizeof(left))
			snprintf(left + n, sizeof(left) - (size_t)n, " %s",
				 o->arg_name ? o->arg_name : "VALUE");
		fprintf(out, "  %-28s %s\n", left, o->help);
	}
	fprintf(out, "  %-28s %s\n", "-h, --help", "show this help");
}

static int usage_error(const struct cli_cmd_spec *spec, const char *fmt,
		       const char *arg)
{
	fprintf(stderr, "mlcap %s: ", spec->name);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'mlcap help %s' for more information.\n",
		spec->name);
	return -1;
}

static int set_value(const struct cli_cmd_spec *spec, const struct cli_opt *o,
		     const char *v)
{
	size_t i;
	char *end;
	unsigned long long n;

	switch (o->type) {
	case CLI_OPT_BOOL: *(bool *)o->dest = true; return 0;
	case CLI_OPT_STRING: *(const char **)o->dest = v; return 0;
	case CLI_OPT_CHOICE:
		for (i = 0; o->choices[i]; i++)
			if (strcmp(o->choices[i], v) == 0) {
				*(const char **)o->dest = o->choices[i];
				return 0;
			}
		fprintf(stderr,
			"mlcap %s: invalid value '%s' for --%s; one of:",
			spec->name, v, o->long_name);
		for (i = 0; o->choices[i]; i++)
			fprintf(stderr, " %s", o->choices[i]);
		fprintf(stderr, "\n");
		return -1;
	case CLI_OPT_SIZE:
		errno = 0;
		n = strtoull(v, &end, 10);
		if (errno || end == v || *end || v[0] == '-')
			return usage_error(spec, "'%s' is not a whole number",
					   v);
		*(size_t *)o->dest = (size_t)n;
		return 0;
	}
	return -1;
}

int cli_parse(const struct cli_cmd_spec *spec, int argc, char **argv,
	      char ***pos, size_t *n_pos)
{
	bool only_pos = false;
	int i;

	*pos = calloc((size_t)argc + 1, sizeof(char *));
	*n_pos = 0;
	if (!*pos) {
		fprintf(stderr, "mlcap: out of memory\n");
		return -1;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct cli_opt *o = NULL;
		const char *val = NULL;
		size_t k;

		if (only_pos || a[0] != '-' || a[1] == '\0') {
			(*pos)[(*n_pos)++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = true;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			cli_print_help(stdout, spec);
			return 1;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			for (k = 0; k < spec->n_opts; k++)
				if (strlen(spec->opts[k].long_name) == len &&
				    !strncmp(spec->opts[k].long_name, a + 2,
					     len))
					o = &spec->opts[k];
			if (eq)
				val = eq + 1;
		} else {
			for (k = 0; k < spec->n_opts; k++)
				if (spec->opts[k].short_name == a[1])
					o = &spec->opts[k];
			if (a[2])
				val = a + 2;
		}
		if (!o)
			return usage_error(spec, "unknown option '%s'", a);
		if (o->type == CLI_OPT_BOOL) {
			if (val)
				return usage_error(
				    spec, "option '%s' takes no value", a);
		} else if (!val) {
			if (i + 1 >= argc)
				return usage_error(
				    spec, "option '%s' needs a value", a);
			val = argv[++i];
		}
		if (set_value(spec, o, val) < 0)
			return -1;
	}
	return 0;
}
