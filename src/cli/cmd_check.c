/*
 * cmd_check.c - `mlcap check PATH...`: the pre-deploy capacity check.
 * Places the workloads at their HPA maximum on a cluster's free capacity
 * (--nodes) and on nodes an autoscaler would add, enforces the
 * ResourceQuotas, diffs the monthly cost against --baseline and fails
 * (exit 1) when something does not fit, a quota is exceeded or the
 * increase passes --max-increase.
 */
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "inputs.h"
#include "mlcap/money.h"
#include "opt.h"
#include "out.h"

static const char *const formats[] = {"text", "json", "markdown", NULL};

/* "250", "250.50" (USD per month) or "10%" (of the baseline). */
static int parse_increase(const char *s, mlcap_check_opts *o)
{
	size_t n = strlen(s);
	bool pct = n > 0 && s[n - 1] == '%';
	int64_t nanos;

	if (pct)
		n--;
	if (mlcap_money_parse(&nanos, s, n) != MLCAP_MONEY_OK) {
		fprintf(stderr,
			"mlcap check: --max-increase '%s' is not an amount; "
			"write USD per month (250) or a percentage (10%%)\n",
			s);
		return -1;
	}
	if (pct)
		o->max_increase_ppm = nanos / 100000; /* 1% = 10,000 ppm */
	else
		o->max_increase_nanos = nanos;
	return 0;
}

int cmd_check(int argc, char **argv)
{
	const char *format = "text", *nodes = NULL, *baseline = NULL;
	const char *max_increase = NULL;
	cli_plan_inputs in;
	struct cli_opt opts[4 + CLI_PLAN_N_OPTS] = {
	    {"nodes", 0, CLI_OPT_STRING, &nodes, "PATHS",
	     "the cluster: kubectl get nodes (and pods -A) -o json; files "
	     "or a directory, comma-separated",
	     NULL},
	    {"baseline", 0, CLI_OPT_STRING, &baseline, "OLDPATHS",
	     "the manifests before the change, for the cost diff "
	     "(comma-separated)",
	     NULL},
	    {"max-increase", 0, CLI_OPT_STRING, &max_increase, "USD|PCT",
	     "fail when the monthly cost grows by more (250 or 10%; a "
	     "percentage needs --baseline)",
	     NULL},
	    {"format", 'o', CLI_OPT_CHOICE, &format, "FORMAT",
	     "text (default), json or markdown (a pull request comment)",
	     formats},
	};
	const struct cli_cmd_spec spec = {
	    "check", "[OPTIONS] PATH...",
	    "Pre-deploy capacity check: will the workloads fit at their HPA\n"
	    "maximum, on the cluster's free capacity first (--nodes), then on\n"
	    "nodes a cluster autoscaler would add, and at what monthly cost;\n"
	    "do they stay inside their namespaces' ResourceQuotas; and what\n"
	    "do they change in the bill against --baseline, per workload at\n"
	    "the HPA minimum and maximum.\n"
	    "Exit status: 0 ok, 1 pods do not fit, a quota is exceeded or the\n"
	    "increase passes --max-increase, 2 usage or input errors.",
	    opts, sizeof(opts) / sizeof(opts[0])};
	mlcap_check_opts co;
	mlcap_render_opts ro;
	mlcap_diags diags = MLCAP_DIAGS_INIT;
	mlcap_set *cluster = NULL, *old = NULL;
	mlcap_check check;
	char **paths = NULL;
	bool failed = false;
	size_t n_paths = 0;
	int rc, st;

	cli_plan_opts(opts + 4, &in);
	mlcap_check_opts_init(&co);
	st = cli_parse(&spec, argc, argv, &paths, &n_paths);
	if (st == 0 && n_paths == 0) {
		fprintf(stderr, "mlcap check: no input; give the manifests "
				"to deploy (files, directories or -)\n");
		st = -1;
	}
	if (st == 0 && max_increase)
		st = parse_increase(max_increase, &co);
	if (st == 0 && co.max_increase_ppm >= 0 && !baseline) {
		fprintf(stderr, "mlcap check: --max-increase as a percentage "
				"needs --baseline (the cost it is a share "
				"of); give USD per month instead\n");
		st = -1;
	}
	if (st != 0) {
		free(paths);
		return st > 0 ? MLCAP_EXIT_OK : MLCAP_EXIT_ERROR;
	}
	mlcap_diags_init(&diags);
	st = cli_plan_load(&in, paths, n_paths, &co.plan, &diags);
	if (st == 0 && nodes)
		st = cli_load_list(&cluster, nodes, &in.lo, &diags);
	if (st == 0 && baseline)
		st = cli_load_list(&old, baseline, &in.lo, &diags);
	co.plan.cluster = cluster;
	co.baseline = old;
	if (st == 0 && (st = mlcap_check_run(in.set, in.cfg, in.cat, &co,
					     &check, &diags)) == 0) {
		memset(&ro, 0, sizeof(ro));
		ro.color = cli_use_color(stdout, in.color);
		mlcap_diags_sort(&diags);
		st = mlcap_render_check(
		    stdout, &check, &diags,
		    !strcmp(format, "json")	  ? MLCAP_FORMAT_JSON
		    : !strcmp(format, "markdown") ? MLCAP_FORMAT_MARKDOWN
						  : MLCAP_FORMAT_TEXT,
		    &ro);
		failed = mlcap_check_failed(&check);
		mlcap_check_release(&check);
	}
	rc = cli_plan_finish(&in, "check", st, failed, &diags);
	mlcap_set_free(old);
	mlcap_set_free(cluster);
	free(paths);
	return rc;
}
