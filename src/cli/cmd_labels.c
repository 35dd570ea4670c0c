/*
 * cmd_labels.c - `mlcap labels PATH...`: cost-label coverage. Checks the
 * workloads against the label policy (--policy, or the default in data/)
 * and weights coverage by each workload's planned monthly cost; prints
 * text, JSON, Markdown, GitHub annotations or SARIF for code scanning.
 */
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "opt.h"
#include "out.h"
#include "policy_inputs.h"

static const char *const formats[] = {"text",	"json",	 "markdown",
				      "github", "sarif", NULL};

int cmd_labels(int argc, char **argv)
{
	const char *format = "text", *policy_path = NULL, *fail_under = NULL;
	bool strict = false, no_cost = false;
	cli_plan_inputs in;
	struct cli_opt opts[5 + CLI_PLAN_N_OPTS] = {
	    {"policy", 'p', CLI_OPT_STRING, &policy_path, "FILE",
	     "label policy (default: data/policy.yaml: team, project, env, "
	     "owner)",
	     NULL},
	    {"fail-under", 0, CLI_OPT_STRING, &fail_under, "PCT",
	     "exit 1 when cost-weighted coverage is under PCT percent", NULL},
	    {"strict", 0, CLI_OPT_BOOL, &strict, NULL, "exit 1 on any finding",
	     NULL},
	    {"no-cost", 0, CLI_OPT_BOOL, &no_cost, NULL,
	     "coverage by count only: do not plan or price", NULL},
	    {"format", 'o', CLI_OPT_CHOICE, &format, "FORMAT",
	     "text (default), json, markdown, github (workflow annotations) "
	     "or sarif (code scanning)",
	     formats},
	};
	const struct cli_cmd_spec spec = {
	    "labels", "[OPTIONS] PATH...",
	    "Cost-label coverage: which workloads lack the labels cost\n"
	    "allocation needs (or carry invalid values), where (file:line),\n"
	    "and what share of the monthly spend, and of the GPU spend, that\n"
	    "leaves unattributable. Monthly cost comes from the planner at\n"
	    "declared replicas (--config, or the catalog's default provider).\n"
	    "Exit status: 0 (findings are warnings), 1 with --strict and a\n"
	    "finding, a finding of severity error, or coverage under\n"
	    "--fail-under; 2 usage or input errors.",
	    opts, sizeof(opts) / sizeof(opts[0])};
	mlcap_diags diags = MLCAP_DIAGS_INIT;
	mlcap_plan_opts po;
	mlcap_plan plan;
	mlcap_policy *policy = NULL;
	mlcap_labels labels;
	mlcap_render_opts ro;
	char **paths = NULL, basis[512];
	int64_t fail_ppm = -1;
	bool failed = false, planned = false;
	size_t n_paths = 0;
	int rc, st;

	cli_plan_opts(opts + 5, &in);
	st = cli_parse(&spec, argc, argv, &paths, &n_paths);
	if (st == 0 && n_paths == 0) {
		fprintf(stderr, "mlcap labels: no input; give manifests "
				"(files, directories or -)\n");
		st = -1;
	}
	if (st == 0 && fail_under)
		st = cli_parse_percent("labels", "fail-under", fail_under,
				       &fail_ppm);
	if (st != 0) {
		free(paths);
		return st > 0 ? MLCAP_EXIT_OK : MLCAP_EXIT_ERROR;
	}
	mlcap_diags_init(&diags);
	mlcap_plan_opts_init(&po);
	memset(&labels, 0, sizeof(labels));
	if (no_cost) {
		mlcap_load_opts_init(&in.lo);
		in.lo.default_namespace = in.ns;
		st = cli_load_inputs(&in.set, paths, n_paths, &in.lo, &diags);
	} else {
		st = cli_plan_load(&in, paths, n_paths, &po, &diags);
	}
	if (st == 0 && !no_cost &&
	    (st = cli_cost_plan(&in, &po, &plan, basis, sizeof(basis),
				&diags)) == 0)
		planned = true;
	if (st == 0)
		st = cli_labels_check(
		    &in, policy_path,
		    planned ? mlcap_plan_find_scenario(&plan,
						       MLCAP_SCENARIO_DECLARED)
			    : NULL,
		    planned ? basis : NULL, &policy, &labels, &diags);
	if (st == 0) {
		memset(&ro, 0, sizeof(ro));
		ro.color = cli_use_color(stdout, in.color);
		mlcap_diags_sort(&diags);
		st = mlcap_render_labels(stdout, &labels, policy, &diags,
					 cli_format(format), &ro);
		failed = cli_labels_failed(&labels, strict, fail_ppm);
		if (failed)
			cli_labels_why(stderr, &labels, strict, fail_ppm);
	}
	mlcap_labels_release(&labels);
	mlcap_policy_free(policy);
	if (planned)
		mlcap_plan_release(&plan);
	rc = cli_plan_finish(&in, "labels", st, failed, &diags);
	free(paths);
	return rc;
}
