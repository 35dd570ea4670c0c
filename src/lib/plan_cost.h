/*
 * plan_cost.h - the planner's working state, shared by plan.c (which
 * builds it and packs) and plan_cost.c (which turns packings into nodes,
 * dollars, allocation and stranded capacity).
 */
#ifndef MLCAP_PLAN_COST_H
#define MLCAP_PLAN_COST_H

#include "plan_internal.h"

/* One workload as the planner sees it. */
typedef struct {
	bool per_node, batch, dims_ok;
	bool *allowed; /* per candidate: labels match, taints tolerated */
	int64_t req[MLCAP_PACK_MAX_DIMS];
	int64_t max_per_node;
	int64_t hours_milli; /* per month, x1000 */
	int64_t run_seconds, runs_micros;
	const char *basis;
} plan_wl;

typedef struct {
	mlcap_plan *out;
	mlcap_catalog *cat;
	mlcap_diags *d;
	const mlcap_cluster_config *cfg;
	const char *as_of;
	const mlcap_workload *workloads;
	size_t n_workloads;
	plan_wl *wls;
	const mlcap_node_pool **pools;
	size_t n_pools;
	mlcap_price_list lists[6];
	const char *purchases[6];
	size_t n_lists;
	mlcap_price *custom;
	size_t n_custom;
	struct {
		plan_cand *items;
		size_t count, alloc;
	} cands;
	const mlcap_set *cluster; /* mlcap check --nodes, or NULL */
	size_t n_existing;	  /* candidates that are cluster nodes */
} planner;

/* A node entry being built: nodes of one candidate for the same hours. */
typedef struct {
	mlcap_plan_nodes n;
	size_t cand;
} scn_entry;

/* Per-workload charges: hourly nanos of its pods, and pods. */
typedef struct {
	int64_t hourly, hourly_gpu, monthly, monthly_gpu, pods, placed;
} scn_charge;

typedef struct {
	mlcap_plan_scenario *s;
	scn_entry *entries;
	size_t n_entries, a_entries;
	scn_charge *charges; /* per workload */
	mlcap_plan_unsched *unsched;
	size_t n_unsched, a_unsched;
	int64_t lb_monthly; /* of the nodes */
	bool left_out;	    /* pods that fit a type were not placed */
} plan_scn;

/* Splits a candidate's price into CPU, memory and accelerator parts. */
void mlcap_plan__split_price(const planner *pl, plan_cand *c);

/* Adds one packing (of the workloads `which`, running `hours_milli` a
 * month) to the scenario: nodes, charges, unschedulable pods, bound. */
int mlcap_plan__account(planner *pl, plan_scn *sc,
			const mlcap_pack_problem *prob,
			const mlcap_pack_result *res, const size_t *which,
			int64_t hours_milli, int64_t lb_hourly);

/* Pools' minNodes, DaemonSet charges, totals, allocation tables. */
int mlcap_plan__finish(planner *pl, plan_scn *sc);
void mlcap_plan__scn_release(plan_scn *sc);

/* The cluster's schedulable Nodes as candidates (plan_cluster.c). */
int mlcap_plan__existing_nodes(planner *pl);

/* True when some cluster Node has instance type `type`. */
bool mlcap_plan__type_on_cluster(const planner *pl, const char *type);

/* Warnings for pools whose maxNodes or Karpenter limits a plan passes. */
int mlcap_plan__pool_limits(planner *pl);

#endif
