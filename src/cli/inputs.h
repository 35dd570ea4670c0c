/*
 * inputs.h - loading the manifests and the cluster configuration that
 * plan and check read.
 */
#ifndef MLCAP_CLI_INPUTS_H
#define MLCAP_CLI_INPUTS_H

#include <stddef.h>
#include "mlcap/catalog.h"
#include "mlcap/load.h"
#include "mlcap/plan.h"
#include "opt.h"

/* Loads PATHs ("-" is standard input) into a resolved set. */
int cli_load_inputs(mlcap_set **set, char *const *paths, size_t n,
		    const mlcap_load_opts *lo, mlcap_diags *d);

/* Loads comma-separated PATHs ("a.json,b.json" or a directory). */
int cli_load_list(mlcap_set **set, const char *list, const mlcap_load_opts *lo,
		  mlcap_diags *d);

/* Loads the cluster configuration FILE (documents without a kind are
 * configuration); an error when it holds no configuration or pool. */
int cli_load_config(mlcap_set **cfg, const char *file,
		    const mlcap_load_opts *lo, mlcap_diags *d);

/* The options and inputs plan and check share. */
typedef struct {
	const char *config, *prices, *provider, *region, *purchase;
	const char *method, *ns, *color;
	bool verbose;
	mlcap_load_opts lo;
	mlcap_set *set, *cfg; /* the manifests, the configuration */
	mlcap_catalog *cat;
} cli_plan_inputs;

#define CLI_PLAN_N_OPTS 9

/* Sets defaults and writes the shared options to out[0..CLI_PLAN_N_OPTS). */
void cli_plan_opts(struct cli_opt *out, cli_plan_inputs *in);

/* Loads PATHs and --config, opens the catalog and sets `po`'s method,
 * provider, region and purchase. Returns 0 or < 0 (see diagnostics). */
int cli_plan_load(cli_plan_inputs *in, char *const *paths, size_t n,
		  mlcap_plan_opts *po, mlcap_diags *d);

/* Prints the diagnostics and releases the inputs; returns the exit code
 * for status `st` (< 0: a failure of `cmd`), 1 when `findings`. */
int cli_plan_finish(cli_plan_inputs *in, const char *cmd, int st, bool findings,
		    mlcap_diags *d);

#endif
