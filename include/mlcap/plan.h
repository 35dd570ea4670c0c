/*
 * plan.h - capacity planning: from the resolved workloads, the node pools
 * (configuration and Karpenter NodePools) and the price catalog, the nodes
 * a cluster needs per scenario (HPA minimum, declared replicas, HPA
 * maximum) and what they cost per month, split GPU vs CPU/memory and
 * allocated to workloads, with the packing's lower bound and gap.
 *
 * Candidate nodes carry the labels a real node of the type would have,
 * so pods' nodeSelectors and required node affinity, and pools'
 * requirements, are evaluated as Kubernetes and Karpenter do:
 *   node.kubernetes.io/instance-type, kubernetes.io/arch, kubernetes.io/os,
 *   topology.kubernetes.io/region, karpenter.sh/capacity-type,
 *   karpenter.sh/nodepool, karpenter.k8s.aws/instance-{family,category,
 *   generation,cpu,memory,gpu-name,gpu-count,gpu-manufacturer,gpu-memory},
 *   eks.amazonaws.com/capacityType, cloud.google.com/gke-accelerator,
 *   cloud.google.com/gke-spot, cloud.google.com/machine-family,
 *   kubernetes.azure.com/scalesetpriority, nvidia.com/gpu.product,
 *   nvidia.com/gpu.count, and mlcap.io/{pool,instance-family,gpu-model,
 *   gpu-count,vcpu,memory-mib}; plus the pool's own labels.
 */
#ifndef MLCAP_PLAN_H
#define MLCAP_PLAN_H

#include "mlcap/catalog.h"
#include "mlcap/model.h"
#include "mlcap/pack.h"
#include "mlcap/rates.h"

#define MLCAP_HOURS_PER_MONTH 730

typedef enum {
	MLCAP_SCENARIO_MIN,
	MLCAP_SCENARIO_DECLARED,
	MLCAP_SCENARIO_MAX,
	MLCAP_SCENARIO_COUNT
} mlcap_scenario;

/** "min", "declared", "max". */
MLCAP_API const char *mlcap_scenario_name(mlcap_scenario s);

typedef struct {
	/* Scenarios to plan: bit (1 << mlcap_scenario); 0 means all. */
	unsigned scenarios;
	mlcap_pack_method method; /* MLCAP_PACK_IMPROVE by default */
	const char *by;		  /* label key for allocation, or NULL */
	/* Without a configuration: provider, region and purchase to price
	 * with (defaults aws, us-east-1, on-demand). */
	const char *provider, *region, *purchase;
	/*
	 * A live cluster (mlcap check --nodes): a set with its Nodes and,
	 * optionally, its Pods. Schedulable Nodes are candidates that cost
	 * nothing more, with the requests of the active Pods bound to them
	 * (other than those the planned workloads control, which a rollout
	 * replaces) taken off their allocatable; the packer fills them
	 * before it opens a node. Without pools, new nodes are of the
	 * instance types the cluster already runs, as a cluster autoscaler
	 * grows its node groups. The lower bound is not computed. NULL for
	 * none.
	 */
	const mlcap_set *cluster;
} mlcap_plan_opts;

MLCAP_API void mlcap_plan_opts_init(mlcap_plan_opts *o);

/** A workload's key in allocation tables and reports:
 * namespace/name[/component]. Returns `buf`. */
MLCAP_API const char *mlcap_plan_workload_key(char *buf, size_t n,
					      const char *ns, const char *name,
					      const char *component);

/** Nodes of one type in one pool, with what runs on them. */
typedef struct {
	const char *pool, *instance_type, *purchase;
	int64_t count;
	int64_t pods;		    /* placed on them (not DaemonSets) */
	int64_t usd_nanos;	    /* per node-hour */
	int64_t gpu_nanos;	    /* of which GPU/accelerator, per hour */
	int64_t hours_milli;	    /* per month, x1000 (batch: duty) */
	int64_t monthly_nanos;	    /* count x price x hours */
	int64_t vcpu, memory_bytes; /* per node, capacity */
	const char *gpu_model;
	int64_t gpus;
	/* Summed over the nodes, in the plan's dimensions (dims). */
	int64_t alloc[MLCAP_PACK_MAX_DIMS], used[MLCAP_PACK_MAX_DIMS];
	int64_t stranded[MLCAP_PACK_MAX_DIMS]; /* free but unusable */
	int64_t stranded_nodes;		       /* nodes with stranded room */
	int64_t stranded_monthly_nanos;
	const char *stranded_by; /* the dimension that is full, or NULL */
	bool min_nodes_filler;	 /* opened to meet a pool's minNodes */
	bool existing;		 /* nodes of the cluster (check --nodes) */
} mlcap_plan_nodes;

/** Monthly cost charged to one key (workload, namespace, label value). */
typedef struct {
	const char *key;
	int64_t pods;
	int64_t monthly_nanos, gpu_nanos, cpu_mem_nanos;
} mlcap_plan_alloc;

typedef struct {
	const char *namespace, *name, *component, *kind;
	int64_t pods;
	const char *reason;
	mlcap_loc loc;
} mlcap_plan_unsched;

/** How a batch workload's hours per month were worked out. */
typedef struct {
	const char *namespace, *name, *component, *kind;
	int64_t run_seconds;	   /* -1 unknown */
	int64_t runs_micros;	   /* per month, millionths; -1 unknown */
	int64_t hours_milli;	   /* per month, x1000 */
	const char *basis;	   /* what the figures came from */
	int64_t run_cost_nanos;	   /* one run, -1 unknown */
	int64_t monthly_nanos;	   /* of its nodes */
	int64_t pods, pods_placed; /* unplaced pods add no cost */
} mlcap_plan_batch;

typedef struct {
	mlcap_scenario scenario;
	mlcap_plan_nodes *nodes;
	size_t n_nodes;
	int64_t pods, pods_placed;
	int64_t monthly_nanos; /* nodes + control plane */
	int64_t gpu_monthly_nanos, cpu_mem_monthly_nanos;
	int64_t control_plane_monthly_nanos; /* -1 unknown (see diags) */
	int64_t lower_bound_monthly_nanos;   /* nodes' bound + control plane;
						-1 with a cluster */
	int64_t gap_ppm;	 /* node spend over its bound; -1 unknown */
	bool bound_incomparable; /* maxNodes left out pods the bound counts */
	int64_t idle_monthly_nanos; /* charged to no pod */
	int64_t stranded_monthly_nanos;
	mlcap_plan_alloc *alloc_workloads, *alloc_namespaces, *alloc_by;
	size_t n_alloc_workloads, n_alloc_namespaces, n_alloc_by;
	mlcap_plan_unsched *unsched;
	size_t n_unsched;
	mlcap_plan_batch *batch;
	size_t n_batch;
} mlcap_plan_scenario;

typedef struct {
	const char *provider, *region, *purchase, *control_plane;
	bool reserved_provider;
	mlcap_rates rates; /* for the GPU vs CPU/memory split */
	bool rates_known;
	const char *rates_basis;
	int64_t control_plane_nanos; /* per hour, -1 unknown */
	size_t n_dims;
	const char *dims[MLCAP_PACK_MAX_DIMS];
	size_t n_candidates; /* pool x instance type pairs considered */
	/* With opts.cluster: its schedulable and cordoned Nodes and the
	 * Pods counted on them. */
	size_t cluster_nodes, cordoned_nodes;
	int64_t running_pods;
	const char *by;
	mlcap_plan_scenario scenarios[MLCAP_SCENARIO_COUNT];
	size_t n_scenarios;
	mlcap_arena arena; /* everything above */
} mlcap_plan;

/**
 * Plans `workloads` (a resolved set) on the pools of `config` (a set
 * loaded with mlcap_load_opts.config; may be NULL) and the Karpenter
 * NodePools of either set, priced from `catalog` (may be NULL for a
 * custom provider whose types the configuration declares). Problems (a pool
 * that allows nothing, a type without a price, a pod that fits nowhere) are
 * diagnostics naming the pool or workload and its file:line; the plan
 * goes on for everything else. Release with mlcap_plan_release.
 */
MLCAP_API int mlcap_plan_run(const mlcap_set *workloads,
			     const mlcap_set *config, mlcap_catalog *catalog,
			     const mlcap_plan_opts *opts, mlcap_plan *out,
			     mlcap_diags *d);
MLCAP_API void mlcap_plan_release(mlcap_plan *p);

/** The scenario `sc` of `p`, or NULL when it was not planned. */
MLCAP_API const mlcap_plan_scenario *
mlcap_plan_find_scenario(const mlcap_plan *p, mlcap_scenario sc);

#endif
