/*
 * inputs.c - see inputs.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "catalog_path.h"
#include "inputs.h"
#include "mlcap/model.h"
#include "out.h"

static const char *const methods[] = {"improve", "ffd", NULL};
static const char *const colors[] = {"auto", "always", "never", NULL};

int cli_load_inputs(mlcap_set **set, char *const *paths, size_t n,
		    const mlcap_load_opts *lo, mlcap_diags *d)
{
	size_t i;
	int st = mlcap_set_new(set, lo);
	for (i = 0; st == 0 && i < n; i++)
		st = strcmp(paths[i], "-") == 0
			 ? mlcap_set_add_stream(*set, "-", stdin, d)
			 : mlcap_set_add_path(*set, paths[i], d);
	return st == 0 ? mlcap_set_resolve(*set, d) : st;
}

int cli_load_list(mlcap_set **set, const char *list, const mlcap_load_opts *lo,
		  mlcap_diags *d)
{
	char *copy = strdup(list), **paths, *tok, *save = NULL;
	size_t n = 0;
	int st;

	paths = calloc(strlen(list) + 1, sizeof(*paths));
	if (!copy || !paths) {
		free(copy);
		free(paths);
		return MLCAP_ENOMEM;
	}
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		paths[n++] = tok;
	st = cli_load_inputs(set, paths, n, lo, d);
	free(paths);
	free(copy);
	return st;
}

int cli_load_config(mlcap_set **cfg, const char *file,
		    const mlcap_load_opts *lo, mlcap_diags *d)
{
	mlcap_load_opts co = *lo;
	char *one[1];
	size_t n;
	int st;

	one[0] = (char *)file;
	co.config = true;
	st = cli_load_inputs(cfg, one, 1, &co, d);
	if (st == 0 && !mlcap_set_config(*cfg) &&
	    !mlcap_set_node_pools(*cfg, &n))
		st = mlcap_diag_add(d, MLCAP_ERROR, "config.missing", NULL,
				    "see the README's cluster configuration",
				    "%s holds no configuration document", file);
	return st;
}

void cli_plan_opts(struct cli_opt *out, cli_plan_inputs *in)
{
	const struct cli_opt opts[CLI_PLAN_N_OPTS] = {
	    {"config", 'c', CLI_OPT_STRING, &in->config, "FILE",
	     "cluster configuration: provider, region, pools (see README)",
	     NULL},
	    {"prices", 0, CLI_OPT_STRING, &in->prices, "FILE",
	     "price catalog (default: $MLCAP_PRICES or the per-user one)",
	     NULL},
	    {"provider", 0, CLI_OPT_STRING, &in->provider, "P",
	     "without --config: aws (default), gcp or azure", NULL},
	    {"region", 0, CLI_OPT_STRING, &in->region, "R",
	     "without --config: region (default per provider)", NULL},
	    {"purchase", 0, CLI_OPT_STRING, &in->purchase, "OPTION",
	     "without --config: on-demand (default), spot, reserved-1y...",
	     NULL},
	    {"method", 0, CLI_OPT_CHOICE, &in->method, "M",
	     "improve (default) or ffd (first-fit decreasing only)", methods},
	    {"namespace", 'n', CLI_OPT_STRING, &in->ns, "NS",
	     "namespace for objects without one (default: default)", NULL},
	    {"verbose", 'v', CLI_OPT_BOOL, &in->verbose, NULL,
	     "also print notes (skipped documents and kinds)", NULL},
	    {"color", 0, CLI_OPT_CHOICE, &in->color, "WHEN",
	     "auto (default), always or never; NO_COLOR is honoured", colors},
	};
	memset(in, 0, sizeof(*in));
	in->method = "improve";
	in->color = "auto";
	memcpy(out, opts, sizeof(opts));
}

int cli_plan_load(cli_plan_inputs *in, char *const *paths, size_t n,
		  mlcap_plan_opts *po, mlcap_diags *d)
{
	int st;

	mlcap_load_opts_init(&in->lo);
	in->lo.default_namespace = in->ns;
	st = cli_load_inputs(&in->set, paths, n, &in->lo, d);
	if (st == 0 && in->config)
		st = cli_load_config(&in->cfg, in->config, &in->lo, d);
	if (st == 0)
		st = cli_catalog_open(&in->cat, in->prices, false, d);
	po->method = strcmp(in->method, "ffd") == 0 ? MLCAP_PACK_FFD
						    : MLCAP_PACK_IMPROVE;
	po->provider = in->provider;
	po->region = in->region;
	po->purchase = in->purchase;
	return st;
}

int cli_plan_finish(cli_plan_inputs *in, const char *cmd, int st, bool findings,
		    mlcap_diags *d)
{
	int rc;

	if (st < 0)
		rc = cli_fail(cmd, st);
	else if ((rc = cli_exit_for(d)) == 0 && findings)
		rc = MLCAP_EXIT_FINDINGS;
	cli_print_diags(stderr, d, cli_use_color(stderr, in->color),
			in->verbose);
	mlcap_catalog_free(in->cat);
	mlcap_set_free(in->cfg);
	mlcap_set_free(in->set);
	mlcap_diags_release(d);
	return rc;
}
