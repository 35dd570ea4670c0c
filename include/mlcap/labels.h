/*
 * labels.h - cost-label coverage: a label policy (required keys, allowed
 * values or a pattern, aliases, where labels count) checked against the
 * resolved workloads, with findings at file:line and coverage by count
 * and weighted by each workload's planned monthly cost.
 */
#ifndef MLCAP_LABELS_H
#define MLCAP_LABELS_H

#include "mlcap/plan.h"

/* Where a workload's labels are looked up, in this order. */
#define MLCAP_LABELS_FROM_METADATA  1u /* the object's metadata.labels */
#define MLCAP_LABELS_FROM_TEMPLATE  2u /* the pod template's labels */
#define MLCAP_LABELS_FROM_NAMESPACE 4u /* the Namespace object's labels */

/** One required key of a policy. */
typedef struct {
	const char *key;
	const char *const *values; /* allowed values; n_values 0: any */
	uint32_t n_values;
	const char *pattern; /* POSIX extended regex (unanchored), or NULL */
	const char *description; /* or NULL */
	mlcap_severity severity; /* MLCAP_WARNING by default */
	/* The key and its aliases: any of them carries the label. */
	const char *const *names;
	uint32_t n_names;
	mlcap_loc loc;
} mlcap_policy_key;

typedef struct mlcap_policy mlcap_policy;

/**
 * Parses a label policy (YAML or JSON; see README) from `buf` (need not
 * be NUL-terminated) named `name` for file:line positions. Problems are
 * diagnostics (unknown keys, bad severities, invalid label keys or
 * values, regular expressions that do not compile) and the rest of the
 * policy is kept. Returns 0 or a negative mlcap_status; *out is set
 * even when diagnostics were added. Free with mlcap_policy_free.
 */
MLCAP_API int mlcap_policy_parse(mlcap_policy **out, const char *name,
				 const char *buf, size_t len, mlcap_diags *d);

/** mlcap_policy_parse of the file at `path` (an unreadable file is an
 * error diagnostic and an empty policy). */
MLCAP_API int mlcap_policy_load(mlcap_policy **out, const char *path,
				mlcap_diags *d);

MLCAP_API const mlcap_policy_key *mlcap_policy_keys(const mlcap_policy *p,
						    size_t *n);
/** The file the policy was read from, or NULL. */
MLCAP_API const char *mlcap_policy_file(const mlcap_policy *p);
/** MLCAP_LABELS_FROM_* bits the policy counts (all three by default). */
MLCAP_API unsigned mlcap_policy_sources(const mlcap_policy *p);
/** Namespaces the policy leaves out (excludeNamespaces). */
MLCAP_API const char *const *mlcap_policy_excluded(const mlcap_policy *p,
						   size_t *n);
/** NULL-safe. */
MLCAP_API void mlcap_policy_free(mlcap_policy *p);

/**
 * Kubernetes' label syntax. A key is an optional DNS subdomain prefix
 * (at most 253 characters) and '/', then a name of at most 63 characters
 * of [A-Za-z0-9-_.] that starts and ends alphanumeric; a value is empty
 * or a name. On failure *why says what is wrong (a static string).
 */
MLCAP_API bool mlcap_label_key_valid(const char *key, const char **why);
MLCAP_API bool mlcap_label_value_valid(const char *value, const char **why);

/** A required key a workload lacks, or carries with a bad value. */
typedef struct {
	const mlcap_policy_key *rule;
	const char *name;   /* the label found (the key or an alias) */
	const char *value;  /* NULL when missing */
	const char *reason; /* why the value is invalid; NULL when missing */
	const char *source; /* "metadata", "podTemplate", "namespace" */
	mlcap_loc loc;	    /* of the value; of the workload when missing */
} mlcap_label_problem;

/** A workload that is not fully labelled. */
typedef struct {
	const mlcap_workload *workload;
	const char *key;		     /* namespace/name[/component] */
	const mlcap_label_problem *problems; /* missing first, policy order */
	uint32_t n_missing, n_invalid;
	mlcap_severity severity;	  /* the worst of its problems' rules */
	int64_t monthly_nanos, gpu_nanos; /* at the declared scenario; -1 */
} mlcap_label_finding;

/** Counts and monthly cost of a group of workloads (nanodollars). */
typedef struct {
	const char *name; /* namespace or policy key; NULL for the total */
	int64_t workloads, compliant;
	int64_t monthly_nanos, compliant_nanos;
	int64_t gpu_nanos, compliant_gpu_nanos;
} mlcap_label_tally;

typedef struct {
	/* compliant: fully labelled; for keys, carrying that key validly */
	mlcap_label_tally total;
	mlcap_label_tally *namespaces, *keys; /* sorted by name; policy order */
	size_t n_namespaces, n_keys;
	mlcap_label_finding *findings; /* namespace, name, component order */
	size_t n_findings;
	bool costed;		/* cost weights known (a plan was given) */
	int64_t uncosted;	/* workloads the plan charged nothing */
	int64_t excluded;	/* workloads in excluded namespaces */
	const char *cost_basis; /* "aws us-east-1 on-demand ...", or NULL */
	mlcap_arena arena;
} mlcap_labels;

/**
 * Checks every workload of `s` (resolved) against `p`. `costs`, when not
 * NULL, is the declared scenario of a plan of the same set: each
 * workload's allocation weights the coverage; `cost_basis` (copied) says
 * what it was priced with. Returns 0 or a negative mlcap_status; release
 * with mlcap_labels_release. `out` borrows from `s` and `p`.
 */
MLCAP_API int mlcap_labels_run(const mlcap_set *s, const mlcap_policy *p,
			       const mlcap_plan_scenario *costs,
			       const char *cost_basis, mlcap_labels *out);
MLCAP_API void mlcap_labels_release(mlcap_labels *l);

/** Worst severity among the findings, or -1 when there are none. */
MLCAP_API int mlcap_labels_worst(const mlcap_labels *l);

#endif
