/*
 * cmd_check.c - `mlcap check PATH...`: the pre-deploy capacity check.
 * Places the workloads at their HPA maximum on a cluster's free capacity
 * (--nodes) and on nodes an autoscaler would add, enforces the
 * ResourceQuotas, diffs the monthly cost against --baseline and fails
 * (exit 1) when something does not fit, a quota is exceeded or the
 * increase passes --max-increase.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include "cmd.h"
#include "catalog_path.h"
#include "policy_inputs.h"
#include "mlcap/money.h"
#include "opt.h"
#include "out.h"

#define N_OWN 12 /* options of check's own, before the shared ones */

static const char *const formats[] = {"text",	"json",	 "markdown",
				      "github", "sarif", NULL};

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

/* Today (UTC) as YYYY-MM-DD: the default end of month-to-date spend. */
static void today(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d", &tm);
}

/* --spent: BUDGET=USD pairs or a file; --as-of overrides its date. */
static int load_spend(mlcap_spend *sp, const char *spent, const char *as_of,
		      mlcap_diags *d)
{
	char date[16];
	int rc;

	if (strchr(spent, '='))
		rc = mlcap_spend_add_arg(sp, spent, "--spent", d);
	else
		rc = mlcap_spend_load(sp, spent, d);
	if (rc < 0)
		return rc;
	if (!as_of && !sp->day) {
		today(date, sizeof(date));
		as_of = date;
	}
	if (as_of && !mlcap_spend_set_date(sp, as_of))
		return mlcap_diag_add(d, MLCAP_ERROR, "spend.date", NULL,
				      "write YYYY-MM-DD",
				      "--as-of '%s' is not a date", as_of);
	return 0;
}

/* Writes the Slack payload to `path`. */
static int write_slack(const char *path, const mlcap_budget_report *r,
		       mlcap_diags *d)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return mlcap_diag_add(d, MLCAP_ERROR, "io", NULL, NULL,
				      "cannot write '%s': %s", path,
				      strerror(errno));
	rc = mlcap_render_budget_slack(f, r);
	if (fclose(f) != 0 && rc == 0)
		rc = MLCAP_EIO;
	return rc;
}

int cmd_check(int argc, char **argv)
{
	const char *format = "text", *nodes = NULL, *baseline = NULL;
	const char *max_increase = NULL, *policy_path = NULL;
	const char *fail_under = NULL, *budgets_path = NULL, *spent = NULL;
	const char *as_of = NULL, *slack = NULL;
	bool labels_on = false, strict = false;
	cli_plan_inputs in;
	struct cli_opt opts[N_OWN + CLI_PLAN_N_OPTS] = {
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
	    {"labels", 0, CLI_OPT_BOOL, &labels_on, NULL,
	     "also check cost labels against the policy", NULL},
	    {"policy", 'p', CLI_OPT_STRING, &policy_path, "FILE",
	     "label policy (implies --labels; default data/policy.yaml)", NULL},
	    {"fail-under", 0, CLI_OPT_STRING, &fail_under, "PCT",
	     "labels: fail when cost-weighted coverage is under PCT", NULL},
	    {"strict", 0, CLI_OPT_BOOL, &strict, NULL,
	     "labels: fail on any finding", NULL},
	    {"budgets", 0, CLI_OPT_STRING, &budgets_path, "FILE",
	     "budgets to compare the planned spend with (see README)", NULL},
	    {"spent", 0, CLI_OPT_STRING, &spent, "SPEND",
	     "month-to-date spend for a month-end forecast: "
	     "BUDGET=USD[,BUDGET=USD...] or a JSON/YAML file",
	     NULL},
	    {"as-of", 0, CLI_OPT_STRING, &as_of, "DATE",
	     "last day --spent covers, YYYY-MM-DD (default: today, UTC)", NULL},
	    {"slack", 0, CLI_OPT_STRING, &slack, "FILE",
	     "write budget alerts as a Slack webhook payload to FILE", NULL},
	    {"format", 'o', CLI_OPT_CHOICE, &format, "FORMAT",
	     "text (default), json, markdown (a pull request comment), "
	     "github (workflow annotations) or sarif (label findings)",
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
	    "increase passes --max-increase, cost labels fail (--labels with\n"
	    "--strict, --fail-under or an error-severity key) or a budget is\n"
	    "over 100% at declared replicas; 2 usage or input errors.",
	    opts, sizeof(opts) / sizeof(opts[0])};
	mlcap_check_opts co;
	mlcap_render_opts ro;
	mlcap_diags diags = MLCAP_DIAGS_INIT;
	mlcap_set *cluster = NULL, *old = NULL;
	mlcap_check check;
	mlcap_plan cost;
	mlcap_policy *policy = NULL;
	mlcap_labels labels;
	mlcap_budgets *budgets = NULL;
	mlcap_spend spend;
	mlcap_budget_report report;
	char **paths = NULL, basis[512];
	int64_t fail_ppm = -1;
	bool planned = false, have_report = false;
	bool failed = false;
	size_t n_paths = 0;
	int rc, st;

	cli_plan_opts(opts + N_OWN, &in);
	mlcap_check_opts_init(&co);
	mlcap_spend_init(&spend);
	memset(&labels, 0, sizeof(labels));
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
	if (st == 0 && fail_under)
		st = cli_parse_percent("check", "fail-under", fail_under,
				       &fail_ppm);
	labels_on = labels_on || policy_path || fail_under || strict;
	if (st == 0 && !strcmp(format, "sarif") && !labels_on) {
		fprintf(stderr, "mlcap check: --format sarif reports label "
				"findings; add --labels\n");
		st = -1;
	}
	if (st == 0 && as_of && !spent) {
		fprintf(stderr, "mlcap check: --as-of is the date --spent runs "
				"to; give --spent too\n");
		st = -1;
	}
	if (st == 0 && (spent || slack || as_of) && !budgets_path) {
		fprintf(stderr, "mlcap check: --spent, --as-of and --slack "
				"need --budgets FILE\n");
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
	if (st == 0 && (labels_on || budgets_path) &&
	    (st = cli_cost_plan(&in, &co.plan, &cost, basis, sizeof(basis),
				&diags)) == 0)
		planned = true;
	if (st == 0 && labels_on)
		st = cli_labels_check(
		    &in, policy_path,
		    mlcap_plan_find_scenario(&cost, MLCAP_SCENARIO_DECLARED),
		    basis, &policy, &labels, &diags);
	if (st == 0 && budgets_path &&
	    (st = mlcap_budgets_load(&budgets, budgets_path, &diags)) == 0 &&
	    (!spent || (st = load_spend(&spend, spent, as_of, &diags)) == 0) &&
	    (st = mlcap_budgets_eval(budgets, in.set, &cost, &spend, &report,
				     &diags)) == 0) {
		have_report = true;
		if (slack)
			st = write_slack(slack, &report, &diags);
	}
	if (st == 0 && (st = mlcap_check_run(in.set, in.cfg, in.cat, &co,
					     &check, &diags)) == 0) {
		if (labels_on) {
			check.labels = &labels;
			check.policy = policy;
			check.labels_failed =
			    cli_labels_failed(&labels, strict, fail_ppm);
		}
		if (have_report)
			check.budgets = &report;
		memset(&ro, 0, sizeof(ro));
		ro.color = cli_use_color(stdout, in.color);
		mlcap_diags_sort(&diags);
		st = mlcap_render_check(stdout, &check, &diags,
					cli_format(format), &ro);
		failed = mlcap_check_failed(&check);
		mlcap_check_release(&check);
	}
	if (have_report)
		mlcap_budget_report_release(&report);
	mlcap_budgets_free(budgets);
	mlcap_spend_release(&spend);
	mlcap_labels_release(&labels);
	mlcap_policy_free(policy);
	if (planned)
		mlcap_plan_release(&cost);
	rc = cli_plan_finish(&in, "check", st, failed, &diags);
	mlcap_set_free(old);
	mlcap_set_free(cluster);
	free(paths);
	return rc;
}
