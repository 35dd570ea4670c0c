/*
 * cmd_plan.c - `mlcap plan PATH...`: load and resolve manifests, read the
 * cluster configuration, plan nodes for each scenario and print the
 * nodes, costs, allocation and what does not fit.
 */
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "inputs.h"
#include "opt.h"
#include "out.h"

static const char *const formats[] = {"text", "json", "markdown", "csv", NULL};
static const char *const scenarios[] = {"all", "min", "declared", "max", NULL};

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

int cmd_plan(int argc, char **argv)
{
	const char *format = "text", *scenario = "all", *by = NULL;
	cli_plan_inputs in;
	struct cli_opt opts[3 + CLI_PLAN_N_OPTS] = {
	    {"scenario", 's', CLI_OPT_CHOICE, &scenario, "S",
	     "all (default), min (HPA minimum), declared or max", scenarios},
	    {"by", 0, CLI_OPT_STRING, &by, "KEY",
	     "also allocate cost by this label (e.g. team)", NULL},
	    {"format", 'o', CLI_OPT_CHOICE, &format, "FORMAT",
	     "text (default), json, markdown or csv", formats},
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
	mlcap_plan_opts po;
	mlcap_render_opts ro;
	mlcap_diags diags = MLCAP_DIAGS_INIT;
	mlcap_plan plan;
	char **paths = NULL;
	size_t n_paths = 0, i;
	bool unsched = false;
	int rc, st;

	cli_plan_opts(opts + 3, &in);
	st = cli_parse(&spec, argc, argv, &paths, &n_paths);
	if (st != 0 || n_paths == 0) {
		if (st == 0)
			fprintf(stderr, "mlcap plan: no input; give a file, a "
					"directory or - for standard input\n");
		free(paths);
		return st > 0 ? MLCAP_EXIT_OK : MLCAP_EXIT_ERROR;
	}
	mlcap_diags_init(&diags);
	mlcap_plan_opts_init(&po);
	po.scenarios = scenario_bits(scenario);
	po.by = by;
	st = cli_plan_load(&in, paths, n_paths, &po, &diags);
	if (st == 0 && (st = mlcap_plan_run(in.set, in.cfg, in.cat, &po, &plan,
					    &diags)) == 0) {
		memset(&ro, 0, sizeof(ro));
		ro.color = cli_use_color(stdout, in.color);
		mlcap_diags_sort(&diags);
		st = mlcap_render_plan(stdout, &plan, &diags, format_of(format),
				       &ro);
		for (i = 0; i < plan.n_scenarios; i++)
			unsched |= plan.scenarios[i].n_unsched > 0;
		mlcap_plan_release(&plan);
	}
	rc = cli_plan_finish(&in, "plan", st, unsched, &diags);
	free(paths);
	return rc;
}
