/*
 * plan_internal.h - shared by the planner's files: plan.c (candidates,
 * groups, packing, scenarios), plan_match.c (node labels of a candidate
 * and Kubernetes' selector, affinity and taint rules) and plan_cost.c
 * (price split, allocation, stranded capacity, batch hours).
 */
#ifndef MLCAP_PLAN_INTERNAL_H
#define MLCAP_PLAN_INTERNAL_H

#include "internal.h"
#include "mlcap/plan.h"
#include "mlcap/reserved.h"

/* A node type a plan may open: an instance type in a pool. */
typedef struct {
	const char *pool;
	const mlcap_node_pool *pool_def; /* NULL: the implicit pool */
	const mlcap_price *type;
	const char *purchase;
	mlcap_kvs labels;
	const mlcap_taint *taints;
	uint32_t n_taints;
	mlcap_allocatable alloc_rule;
	int64_t alloc[MLCAP_PACK_MAX_DIMS]; /* before DaemonSets */
	int64_t cap[MLCAP_PACK_MAX_DIMS];   /* after DaemonSets */
	int64_t ds_pods;		    /* DaemonSet pods per node */
	/* Price per hour split by resource: cpu + mem + acc = price. */
	int64_t part_cpu, part_mem, part_acc;
	int64_t max_nodes; /* the pool's, -1 none */
	/* A node of the live cluster (mlcap check): costs nothing more,
	 * `cap` is its free room; nodes of one instance type share the
	 * report entry of the first of them (`entry_key`). */
	const mlcap_cluster_node *node;
	size_t entry_key;
} plan_cand;

/* Node labels a real node of `type` in `pool` would carry. */
int mlcap_plan__labels(mlcap_arena *ar, const mlcap_price *type,
		       const char *pool, const mlcap_kvs *pool_labels,
		       const char *purchase, const char *region,
		       mlcap_kvs *out);

/* Default taints of a type's nodes when the pool sets none (GPU, TPU). */
int mlcap_plan__default_taints(mlcap_arena *ar, const mlcap_price *type,
			       const mlcap_taint **out, uint32_t *n);

/* One node requirement against node labels (In, NotIn, Exists,
 * DoesNotExist, Gt, Lt); zone labels match any zone of `region`. */
bool mlcap_plan__req_matches(const mlcap_kvs *labels, const mlcap_node_req *r,
			     const char *region);

/* nodeSelector and required node affinity of `pod` against labels. */
bool mlcap_plan__pod_matches(const mlcap_pod_template *pod,
			     const mlcap_resources *req,
			     const mlcap_kvs *labels, const char *region);

/* The first taint of `c` that `pod` does not tolerate, or NULL. Pods
 * tolerate taints named after an extended resource they request
 * (the ExtendedResourceToleration admission plugin). */
const mlcap_taint *mlcap_plan__untolerated(const mlcap_pod_template *pod,
					   const mlcap_resources *req,
					   const mlcap_taint *taints,
					   uint32_t n_taints);

/* True for a Pod neither Succeeded nor Failed: ResourceQuota charges
 * it, bound to a node or Pending. */
bool mlcap_plan__pod_unfinished(const mlcap_workload *pod);

/* True for an unfinished Pod bound to a node: it holds that node's
 * resources. */
bool mlcap_plan__pod_active(const mlcap_workload *pod);

/* Workloads sorted by namespace, name and kind, to find what controls a
 * running Pod. */
typedef struct {
	const mlcap_workload **items;
	size_t count;
} mlcap_plan_wl_index;

int mlcap_plan__index_workloads(mlcap_plan_wl_index *ix,
				const mlcap_workload *ws, size_t n);
void mlcap_plan__index_release(mlcap_plan_wl_index *ix);

/* The workload of `ix` that controls `pod` (by its owner reference; a
 * ReplicaSet owner named <deployment>-<pod-template-hash> stands for the
 * Deployment), or NULL: new manifests replace the pods they control. */
const mlcap_workload *mlcap_plan__controller(const mlcap_plan_wl_index *ix,
					     const mlcap_workload *pod);

/* Capacity of an extended resource on a type: GPUs, MIG slices, TPUs,
 * Neuron devices and cores; 0 when the type has none. */
int64_t mlcap_plan__ext_capacity(const mlcap_price *type, const char *name);

/* Why `pod` has no node: the first stage that rules out every candidate
 * (labels, taints, resources). Written into the arena. */
const char *mlcap_plan__why_unschedulable(
    mlcap_arena *ar, const mlcap_pod_template *pod, const mlcap_resources *req,
    const plan_cand *cands, size_t n_cands, const char *const *dims,
    size_t n_dims, const int64_t *req_dims, int64_t max_per_node,
    const char *region);

#endif
