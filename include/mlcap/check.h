/*
 * check.h - the pre-deploy capacity check: will the workloads fit at their
 * HPA maximum (on a live cluster's free capacity first, then on nodes a
 * cluster autoscaler would add), do they stay inside their namespaces'
 * ResourceQuotas, and what do they change in the monthly bill compared
 * with a baseline (the manifests before the change).
 */
#ifndef MLCAP_CHECK_H
#define MLCAP_CHECK_H

#include "mlcap/budget.h"
#include "mlcap/labels.h"
#include "mlcap/plan.h"

typedef struct {
	mlcap_plan_opts plan; /* provider, method...; .cluster for --nodes */
	const mlcap_set *baseline; /* the old manifests, or NULL */
	/* --max-increase: USD per month (nanos) or percent (ppm of the
	 * baseline's cost); -1 when not set. */
	int64_t max_increase_nanos, max_increase_ppm;
} mlcap_check_opts;

MLCAP_API void mlcap_check_opts_init(mlcap_check_opts *o);

/** One ResourceQuota resource: what is in use and what the change adds. */
typedef struct {
	const char *namespace, *quota, *resource;
	int64_t hard;
	int64_t used;  /* the cluster's active pods (not replaced), or 0 */
	int64_t added; /* the new workloads at the HPA maximum */
	bool exceeded;
	/* A pod that the API server would reject under this quota (no
	 * request or limit for a tracked resource): its workload. */
	const char *rejects;
	mlcap_loc loc; /* of the quota; of the workload for `rejects` */
} mlcap_check_quota;

/** Old and new monthly cost of one workload (or the total). */
typedef struct {
	const char *key; /* namespace/name[/component] */
	/* [0] at the HPA minimum, [1] at the maximum; -1 when absent */
	int64_t old_nanos[2], new_nanos[2];
} mlcap_check_diff;

typedef struct {
	mlcap_plan plan; /* the max scenario, on the cluster when given */
	const mlcap_plan_scenario *max;
	int64_t new_pods, placed_existing, placed_new, unschedulable;
	int64_t added_nodes, added_monthly_nanos; /* autoscaler additions */
	mlcap_check_quota *quotas;
	size_t n_quotas;
	bool quota_exceeded;
	bool has_baseline;
	mlcap_check_diff *diff; /* per workload, sorted by key */
	size_t n_diff;
	mlcap_check_diff total;
	/* What --max-increase was compared with (nanos per month), and
	 * whether it passed the limit. */
	int64_t increase_nanos, increase_base_nanos;
	int64_t limit_nanos, limit_ppm; /* the opts' --max-increase */
	bool increase_exceeded;
	mlcap_arena arena; /* quotas, diff */
	/*
	 * Attached by the caller before rendering, NULL when not asked for:
	 * label coverage with its policy and the caller's verdict on it
	 * (--strict, --fail-under, error-severity keys), and budgets.
	 */
	const mlcap_labels *labels;
	const mlcap_policy *policy;
	bool labels_failed;
	const mlcap_budget_report *budgets;
} mlcap_check;

/**
 * Runs the check of `workloads` (resolved) with the configuration `config`
 * (may be NULL) and `catalog`. Problems in the input are diagnostics;
 * the check goes on for the rest. Release with mlcap_check_release.
 */
MLCAP_API int mlcap_check_run(const mlcap_set *workloads,
			      const mlcap_set *config, mlcap_catalog *catalog,
			      const mlcap_check_opts *opts, mlcap_check *out,
			      mlcap_diags *d);
MLCAP_API void mlcap_check_release(mlcap_check *c);

/** True when the check fails: pods do not fit, a quota is exceeded, the
 * increase passes the limit, the labels fail or a budget is over 100% at
 * declared replicas (exit status 1). */
MLCAP_API bool mlcap_check_failed(const mlcap_check *c);

#endif
