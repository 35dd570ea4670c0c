/*
 * budget.h - monthly budgets and alerts: budgets per scope (the cluster,
 * a namespace, a label selector, GPU spend only) compared with the
 * planner's monthly spend at declared replicas and at the HPA maximum,
 * and with a linear month-end forecast of month-to-date actual spend.
 */
#ifndef MLCAP_BUDGET_H
#define MLCAP_BUDGET_H

#include "mlcap/plan.h"

#define MLCAP_BUDGET_MAX_THRESHOLDS 8
#define MLCAP_BUDGET_TOP	    5

/** One label selector requirement: key op values ("in", "notin",
 * "exists", "!exists"; = and == are "in", != is "notin"). */
typedef struct {
	const char *key, *op;
	const char *const *values;
	uint32_t n_values;
} mlcap_selector_req;

typedef struct {
	const char *name;
	const char *namespace;		/* NULL: every namespace */
	const char *selector;		/* as written, or NULL */
	const mlcap_selector_req *reqs; /* the selector, ANDed */
	uint32_t n_reqs;
	bool gpu_only;	      /* GPU/accelerator spend only */
	int64_t amount_nanos; /* USD per month */
	int64_t thresholds_ppm[MLCAP_BUDGET_MAX_THRESHOLDS]; /* ascending */
	uint32_t n_thresholds;
	mlcap_loc loc;
} mlcap_budget;

typedef struct mlcap_budgets mlcap_budgets;

/**
 * Parses a budgets document (YAML or JSON; see README) named `name`.
 * Problems (unknown keys, negative or non-numeric amounts, bad
 * thresholds, invalid selectors, duplicate names) are diagnostics with
 * file:line; the budgets that are whole are kept. Returns 0 or a negative
 * mlcap_status; *out is set either way. Free with mlcap_budgets_free.
 */
MLCAP_API int mlcap_budgets_parse(mlcap_budgets **out, const char *name,
				  const char *buf, size_t len, mlcap_diags *d);
MLCAP_API int mlcap_budgets_load(mlcap_budgets **out, const char *path,
				 mlcap_diags *d);
MLCAP_API const mlcap_budget *mlcap_budgets_list(const mlcap_budgets *b,
						 size_t *n);
/** NULL-safe. */
MLCAP_API void mlcap_budgets_free(mlcap_budgets *b);

/**
 * Parses a Kubernetes label selector string ("team=vision,env!=dev",
 * "tier in (a,b)", "gpu", "!spot") into `reqs` allocated in `a`. On a
 * syntax error returns false with *why set (static text).
 */
MLCAP_API bool mlcap_selector_parse(mlcap_arena *a, const char *s,
				    const mlcap_selector_req **reqs,
				    uint32_t *n, const char **why);
/** True when `labels` satisfy every requirement. */
MLCAP_API bool mlcap_selector_matches(const mlcap_selector_req *reqs,
				      uint32_t n, const mlcap_kvs *labels);

/** Month-to-date actual spend per budget name. */
typedef struct {
	struct mlcap_spent {
		const char *budget;
		int64_t nanos;
		mlcap_loc loc;
	} * items;
	size_t count, alloc;
	int year, month, day; /* the last day the spend covers; 0 unknown */
	mlcap_arena arena;
} mlcap_spend;

MLCAP_API void mlcap_spend_init(mlcap_spend *s);
MLCAP_API void mlcap_spend_release(mlcap_spend *s);
/** Adds "name=USD[,name=USD...]" (a --spent argument). Errors are
 * diagnostics naming `what`. */
MLCAP_API int mlcap_spend_add_arg(mlcap_spend *s, const char *arg,
				  const char *what, mlcap_diags *d);
/** Reads {"asOf": "YYYY-MM-DD", "spent": {"name": USD, ...}} (JSON or
 * YAML) from `path`. */
MLCAP_API int mlcap_spend_load(mlcap_spend *s, const char *path,
			       mlcap_diags *d);
/** Parses "YYYY-MM-DD" into s's date; false when it is not a date. */
MLCAP_API bool mlcap_spend_set_date(mlcap_spend *s, const char *date);

/** A workload's share of a budget's planned spend. */
typedef struct {
	const char *key; /* namespace/name[/component] */
	int64_t nanos;
} mlcap_budget_top;

typedef struct {
	const mlcap_budget *budget;
	int64_t planned_nanos, max_nanos;    /* declared, HPA max; -1 unknown */
	int64_t spent_nanos, forecast_nanos; /* -1 without spend */
	int64_t workloads;		     /* in scope */
	mlcap_budget_top top[MLCAP_BUDGET_TOP]; /* at declared, by cost */
	uint32_t n_top;
} mlcap_budget_status;

typedef enum {
	MLCAP_BUDGET_PLANNED, /* declared replicas */
	MLCAP_BUDGET_MAX,     /* HPA maximum, the worst case */
	MLCAP_BUDGET_FORECAST /* month-to-date spend, linear to month end */
} mlcap_budget_basis;

/** "planned", "max", "forecast". */
MLCAP_API const char *mlcap_budget_basis_name(mlcap_budget_basis b);

/** The highest threshold one basis crosses in one budget. */
typedef struct {
	const mlcap_budget_status *status;
	mlcap_budget_basis basis;
	int64_t threshold_ppm;
	int64_t amount_nanos; /* what crossed it */
	int64_t used_ppm;     /* amount / budget */
	/* error: planned spend over 100%; warning otherwise */
	mlcap_severity severity;
} mlcap_budget_alert;

typedef struct {
	mlcap_budget_status *items;
	size_t count;
	mlcap_budget_alert *alerts; /* budget order, then basis */
	size_t n_alerts;
	bool has_spend;
	int year, month, day, days_in_month;
	bool over; /* a budget is over 100% at declared replicas */
	mlcap_arena arena;
} mlcap_budget_report;

/**
 * Compares `b` with the spend of `plan` (a plan of `s` with the declared
 * and max scenarios; the cluster scope is the whole bill, other scopes
 * the workloads' allocated cost) and with `spend` (may be NULL; needs a
 * date). Budgets whose scope matches no workload, and spend for unknown
 * budgets, are warnings. Release with mlcap_budget_report_release.
 */
MLCAP_API int mlcap_budgets_eval(const mlcap_budgets *b, const mlcap_set *s,
				 const mlcap_plan *plan,
				 const mlcap_spend *spend,
				 mlcap_budget_report *out, mlcap_diags *d);
MLCAP_API void mlcap_budget_report_release(mlcap_budget_report *r);

#endif
