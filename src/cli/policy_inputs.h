/*
 * policy_inputs.h - what `mlcap labels` and `mlcap check` share for the
 * label policy and budgets: the default policy's path, the plan that
 * gives workloads their monthly cost, and the coverage check itself.
 */
#ifndef MLCAP_CLI_POLICY_INPUTS_H
#define MLCAP_CLI_POLICY_INPUTS_H

#include "inputs.h"
#include "mlcap/labels.h"

/* Plans the declared and maximum scenarios of `in`'s manifests without a
 * live cluster (what the workloads cost on their own), for cost weights
 * and budgets. `basis` gets "aws us-east-1 on-demand (...)". */
int cli_cost_plan(cli_plan_inputs *in, const mlcap_plan_opts *po,
		  mlcap_plan *plan, char *basis, size_t n, mlcap_diags *d);

/* Loads the policy (`path`, else $MLCAP_POLICY, else data/policy.yaml
 * as installed or in the source tree) and checks `in`'s workloads,
 * weighted by `declared` when not NULL. */
int cli_labels_check(cli_plan_inputs *in, const char *path,
		     const mlcap_plan_scenario *declared, const char *basis,
		     mlcap_policy **policy, mlcap_labels *out, mlcap_diags *d);

/* Exit decision of a label check: true when --strict and any finding, a
 * finding of severity error, or cost-weighted coverage (count coverage
 * without costs) under `fail_under_ppm` (-1: not set). */
bool cli_labels_failed(const mlcap_labels *l, bool strict,
		       int64_t fail_under_ppm);

/* Says on `out` why cli_labels_failed was true. */
void cli_labels_why(FILE *out, const mlcap_labels *l, bool strict,
		    int64_t fail_under_ppm);

/* "80", "80.5" or "80%" into parts per million of 100%; -1 after a
 * message to stderr. */
int cli_parse_percent(const char *cmd, const char *opt, const char *s,
		      int64_t *ppm);

#endif
