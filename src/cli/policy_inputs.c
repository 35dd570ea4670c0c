/*
 * policy_inputs.c - see policy_inputs.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "catalog_path.h"
#include "policy_inputs.h"
#include "mlcap/money.h"

/* The shipped default policy: installed, else in the source tree. It is
 * named as in the repository so reports do not depend on where mlcap
 * was built. */
static int load_default_policy(mlcap_policy **out, mlcap_diags *d)
{
	const char *path = MLCAP_INSTALL_DATA_DIR "/policy.yaml";
	struct stat st;
	char *text;
	int rc;

	if (stat(path, &st) != 0)
		path = MLCAP_SOURCE_DATA_DIR "/policy.yaml";
	if (!(text = cli_read_text(path)))
		return mlcap_policy_load(out, path, d); /* reports why */
	rc = mlcap_policy_parse(out, "data/policy.yaml", text, strlen(text), d);
	free(text);
	return rc;
}

int cli_cost_plan(cli_plan_inputs *in, const mlcap_plan_opts *po,
		  mlcap_plan *plan, char *basis, size_t n, mlcap_diags *d)
{
	mlcap_plan_opts o = *po;
	int rc;

	o.cluster = NULL;
	o.scenarios =
	    (1u << MLCAP_SCENARIO_DECLARED) | (1u << MLCAP_SCENARIO_MAX);
	if ((rc = mlcap_plan_run(in->set, in->cfg, in->cat, &o, plan, d)) < 0)
		return rc;
	if (in->config)
		snprintf(basis, n, "%s %s %s (%s)", plan->provider,
			 plan->region, plan->purchase, in->config);
	else
		snprintf(basis, n,
			 "%s %s %s (the catalog's default; give --config for "
			 "your cluster's)",
			 plan->provider, plan->region, plan->purchase);
	return 0;
}

int cli_labels_check(cli_plan_inputs *in, const char *path,
		     const mlcap_plan_scenario *declared, const char *basis,
		     mlcap_policy **policy, mlcap_labels *out, mlcap_diags *d)
{
	const char *env = getenv("MLCAP_POLICY");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!path && env && *env)
		path = env;
	if ((rc = path ? mlcap_policy_load(policy, path, d)
		       : load_default_policy(policy, d)) < 0)
		return rc;
	return mlcap_labels_run(in->set, *policy, declared, basis, out);
}

/* The coverage --fail-under is about: by cost, or by count without. */
static void coverage(const mlcap_labels *l, int64_t *part, int64_t *whole)
{
	const mlcap_label_tally *t = &l->total;
	*part = l->costed ? t->compliant_nanos : t->compliant;
	*whole = l->costed ? t->monthly_nanos : t->workloads;
}

bool cli_labels_failed(const mlcap_labels *l, bool strict,
		       int64_t fail_under_ppm)
{
	int64_t part, whole;

	coverage(l, &part, &whole);

	if ((strict && l->n_findings) || mlcap_labels_worst(l) == MLCAP_ERROR)
		return true;
	if (fail_under_ppm < 0 || whole <= 0)
		return false;
	/* Exact: part / whole < ppm / 1e6, without rounding. */
	return (__int128)part * 1000000 < (__int128)fail_under_ppm * whole;
}

void cli_labels_why(FILE *out, const mlcap_labels *l, bool strict,
		    int64_t fail_under_ppm)
{
	int64_t part, whole, ppm;

	coverage(l, &part, &whole);
	ppm = mlcap_money_ppm(part, whole);

	if (mlcap_labels_worst(l) == MLCAP_ERROR)
		fprintf(out, "mlcap: cost labels: a key of severity error is "
			     "missing or invalid\n");
	else if (strict && l->n_findings)
		fprintf(out,
			"mlcap: cost labels: %zu workload%s not fully "
			"labelled (--strict)\n",
			l->n_findings, l->n_findings == 1 ? " is" : "s are");
	else if (ppm >= 0) /* hundredths cut, not rounded up past the bar */
		fprintf(out,
			"mlcap: cost labels: %s coverage %lld.%02lld%% is "
			"under --fail-under %lld.%02lld%%\n",
			l->costed ? "cost-weighted" : "count",
			(long long)(ppm / 10000),
			(long long)(ppm % 10000 / 100),
			(long long)(fail_under_ppm / 10000),
			(long long)(fail_under_ppm % 10000 / 100));
}

int cli_parse_percent(const char *cmd, const char *opt, const char *s,
		      int64_t *ppm)
{
	size_t n = strlen(s);
	int64_t nanos;

	if (n && s[n - 1] == '%')
		n--;
	if (mlcap_money_parse(&nanos, s, n) != MLCAP_MONEY_OK ||
	    nanos > 100 * 1000000000LL) {
		fprintf(stderr,
			"mlcap %s: --%s '%s' is not a percentage; write a "
			"number from 0 to 100, e.g. 80 or 92.5\n",
			cmd, opt, s);
		return -1;
	}
	*ppm = nanos / 100000; /* 1% = 10,000 ppm */
	return 0;
}
