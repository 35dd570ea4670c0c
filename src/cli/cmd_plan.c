/*
 * cmd_plan.c - `mlcap plan PATH...`: load and resolve manifests, read the
 * cluster configuration, plan nodes for each scenario and print the
 * nodes, costs, allocation and what does not fit.
 */
#include <stdlib.h>
#include <string.h>
#include "catalog_path.h"
#include "cmd.h"
#include "opt.h"
#include "out.h"

static const char *const formats[] = {"text", "json", "markdown", "csv", NULL};
static const char *const scenarios[] = {"all", "min", "declared", "max", NULL};
static const char *const methods[] = {"improve", "ffd", NULL};
static const char *const colors[] = {"auto", "always", "never", NULL};

static mlcap_format format_of(const char *f)
{
	return !strcmp(f, "json")	? MLCAP_FORMAT_JSON
	       : !strcmp(f, "csv")	? MLCAP_FORMAT_CSV
	       : !strcmp(f, "markdown") ? MLCAP_FORMAT_MARKDOWN
					: MLCAP_FORMAT_TEXT;
}

static unsigned scenario_bits(const char *s)
{
	if (!strcmp(s, "min"))
		return 1u << MLCAP_SCENARIO_MIN;
	if (!strcmp(s, "declared"))
		return 1u << MLCAP_SCENARIO_DECLARED;
	if (!strcmp(s, "max"))
		return 1u << MLCAP_SCENARIO_MAX;
	return 0;
}

/* Loads PATHs ("-" is standard input) into a resolved set. */
static int load_inputs(mlcap_set **set, char **paths, size_t n,
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

int cmd_plan(int argc, char **argv)
{
	const char *format = "text", *color = "auto", *ns = NULL;
	const char *config = NULL, *scenario = "all", *by = NULL;
	const char *prices = NULL, *provider = NULL, *region = NULL;
	const char *purchase = NULL, *method = "improve";
	bool verbose = false;
	const struct cli_opt opts[] = {
	    {"config", 'c', CLI_OPT_STRING, &config, "FILE",
	     "cluster configuration: provider, region, pools (see README)",
	     NULL},
	    {"scenario", 's', CLI_OPT_CHOICE, &scenario, "S",
	     "all (default), min (HPA minimum), declared or max", scenarios},
	    {"by", 0, CLI_OPT_STRING, &by, "KEY",
	     "also allocate cost by this label (e.g. team)", NULL},
	    {"format", 'o', CLI_OPT_CHOICE, &format, "FORMAT",
	     "text (default), json, markdown or csv", formats},
	    {"prices", 0, CLI_OPT_STRING, &prices, "FILE",
	     "price catalog (default: $MLCAP_PRICES or the per-user one)",
	     NULL},
	    {"provider", 0, CLI_OPT_STRING, &provider, "P",
	     "without --config: aws (default), gcp or azure", NULL},
	    {"region", 0, CLI_OPT_STRING, &region, "R",
	     "without --config: region (default per provider)", NULL},
	    {"purchase", 0, CLI_OPT_STRING, &purchase, "OPTION",
	     "without --config: on-demand (default), spot, reserved-1y...",
	     NULL},
	    {"method", 0, CLI_OPT_CHOICE, &method, "M",
	     "improve (default) or ffd (first-fit decreasing only)", methods},
	    {"namespace", 'n', CLI_OPT_STRING, &ns, "NS",
	     "namespace for objects without one (default: default)", NULL},
	    {"verbose", 'v', CLI_OPT_BOOL, &verbose, NULL,
	     "also print notes (skipped documents and kinds)", NULL},
	    {"color", 0, CLI_OPT_CHOICE, &color, "WHEN",
	     "auto (default), always or never; NO_COLOR is honoured", colors},
	};
	const struct cli_cmd_spec spec = {
	    "plan", "[OPTIONS] PATH...",
	    "Plan the nodes the workloads need and what they cost per month,\n"
	    "at the HPA minimum, the declared replicas and the HPA maximum:\n"
	    "nodes per pool and type, utilisation, stranded capacity, the GPU\n"
	    "vs CPU/memory split, allocation per namespace and workload, the\n"
	    "packing's lower bound and gap, and pods that fit nowhere.\n"
	    "Exit status: 0 ok, 1 some pods are unschedulable, 2 usage or\n"
	    "input errors.",
	    opts, sizeof(opts) / sizeof(opts[0])};
	mlcap_load_opts lo;
	mlcap_plan_opts po;
	mlcap_render_opts ro;
	mlcap_diags diags = MLCAP_DIAGS_INIT;
	mlcap_set *set = NULL, *cfg = NULL;
	mlcap_catalog *cat = NULL;
	mlcap_plan plan;
	char **paths = NULL;
	size_t n_paths = 0, i;
	bool planned = false, unsched = false;
	int rc, st;

	st = cli_parse(&spec, argc, argv, &paths, &n_paths);
	if (st != 0) {
		free(paths);
		return st > 0 ? MLCAP_EXIT_OK : MLCAP_EXIT_ERROR;
	}
	if (n_paths == 0) {
		fprintf(stderr,
			"mlcap plan: no input; give a file, a directory "
			"or - for standard input\n");
		free(paths);
		return MLCAP_EXIT_ERROR;
	}
	mlcap_diags_init(&diags);
	mlcap_load_opts_init(&lo);
	lo.default_namespace = ns;
	st = load_inputs(&set, paths, n_paths, &lo, &diags);
	if (st == 0 && config) {
		char *one[1];
		one[0] = (char *)config;
		lo.config = true;
		st = load_inputs(&cfg, one, 1, &lo, &diags);
		if (st == 0 && !mlcap_set_config(cfg) &&
		    !mlcap_set_node_pools(cfg, &i))
			st = mlcap_diag_add(
			    &diags, MLCAP_ERROR, "config.missing", NULL,
			    "see the README's cluster configuration",
			    "%s holds no configuration document", config);
	}
	if (st == 0)
		st = cli_catalog_open(&cat, prices, false, &diags);
	if (st == 0) {
		mlcap_plan_opts_init(&po);
		po.scenarios = scenario_bits(scenario);
		po.method = strcmp(method, "ffd") == 0 ? MLCAP_PACK_FFD
						       : MLCAP_PACK_IMPROVE;
		po.by = by;
		po.provider = provider;
		po.region = region;
		po.purchase = purchase;
		st = mlcap_plan_run(set, cfg, cat, &po, &plan, &diags);
		planned = st == 0;
	}
	if (planned) {
		memset(&ro, 0, sizeof(ro));
		ro.color = cli_use_color(stdout, color);
		mlcap_diags_sort(&diags);
		st = mlcap_render_plan(stdout, &plan, &diags, format_of(format),
				       &ro);
		for (i = 0; i < plan.n_scenarios; i++)
			unsched |= plan.scenarios[i].n_unsched > 0;
		mlcap_plan_release(&plan);
	}
	if (st < 0)
		rc = cli_fail("plan", st);
	else if ((rc = cli_exit_for(&diags)) == 0 && unsched)
		rc = MLCAP_EXIT_FINDINGS;
	cli_print_diags(stderr, &diags, cli_use_color(stderr, color), verbose);
	mlcap_catalog_free(cat);
	mlcap_set_free(cfg);
	mlcap_set_free(set);
	mlcap_diags_release(&diags);
	free(paths);
	return rc;
}
