/*
 * model.h - the resolved cluster model: what the loader extracted from the
 * manifests (workloads with their pod templates, autoscalers, LimitRanges,
 * quotas, RuntimeClasses, Namespaces, Nodes) and what resolution added
 * (effective per-pod requests and limits, replica bounds). All strings and
 * arrays are owned by the mlcap_set they came from and are read-only.
 */
#ifndef MLCAP_MODEL_H
#define MLCAP_MODEL_H

#include <stdbool.h>
#include "mlcap/diag.h"

typedef struct {
	const char *key, *value;
	uint32_t line, col; /* of the value in its object's file; 0 unknown */
} mlcap_kv;

/** A string map in document order (duplicate keys keep the last value). */
typedef struct {
	const mlcap_kv *items;
	uint32_t count;
} mlcap_kvs;

/** Extended or other named resource: a whole count, or bytes for hugepages. */
typedef struct {
	const char *name;
	int64_t value;
} mlcap_named_qty;

#define MLCAP_RES_CPU	    1u
#define MLCAP_RES_MEMORY    2u
#define MLCAP_RES_EPHEMERAL 4u

/**
 * A resource list. The fixed fields are meaningful only when their bit is
 * in `set` (an unset limit is absent, never zero). `ext` is sorted by name.
 */
typedef struct {
	int64_t cpu_millis;
	int64_t memory_bytes;
	int64_t ephemeral_bytes;
	uint32_t set;
	uint32_t n_ext;
	const mlcap_named_qty *ext;
} mlcap_resources;

typedef enum {
	MLCAP_CONTAINER_REGULAR,
	MLCAP_CONTAINER_INIT,	/* runs to completion before the others */
	MLCAP_CONTAINER_SIDECAR /* init container with restartPolicy: Always */
} mlcap_container_kind;

typedef struct {
	const char *name;
	mlcap_container_kind kind;
	mlcap_resources requests, limits; /* after defaulting (see resolve) */
	mlcap_loc loc;
} mlcap_container;

typedef struct {
	const char *key, *op, *value, *effect; /* NULL when absent */
} mlcap_toleration;

typedef struct {
	const char *key, *value, *effect;
} mlcap_taint;

/** One nodeSelectorRequirement: key op [values]. */
typedef struct {
	const char *key, *op;
	const char *const *values;
	uint32_t n_values;
} mlcap_node_req;

/** A nodeSelectorTerm: requirements ANDed. Terms are ORed. */
typedef struct {
	const mlcap_node_req *reqs;
	uint32_t n_reqs;
} mlcap_node_term;

typedef struct {
	mlcap_kvs labels;
	mlcap_kvs node_selector;
	const mlcap_container *containers;
	uint32_t n_containers;
	const mlcap_toleration *tolerations;
	uint32_t n_tolerations;
	const mlcap_node_term *affinity_terms; /* required node affinity */
	uint32_t n_affinity_terms;
	mlcap_resources overhead; /* spec.overhead or the RuntimeClass's */
	/* Pod-level spec.resources (PodLevelResources); unset when absent. */
	mlcap_resources pod_level_requests, pod_level_limits;
	const char *runtime_class;
	const char *priority_class;
	bool hostname_anti_affinity; /* required anti-affinity on hostname */
	int32_t hostname_max_skew;   /* topology spread DoNotSchedule; 0 none */
	mlcap_loc loc;
} mlcap_pod_template;

/* Workload flags. */
#define MLCAP_WL_PER_NODE    1u /* DaemonSet: one pod per eligible node */
#define MLCAP_WL_SCALED	     2u /* bounds come from an HPA or ScaledObject */
#define MLCAP_WL_BATCH	     4u /* runs to completion (Job, training...) */
#define MLCAP_WL_NODES_KNOWN 8u /* PER_NODE and replicas counted on Nodes */

/**
 * A workload: one pod template of one object with replica bounds. An
 * object with several templates (RayCluster head and worker groups,
 * PyTorchJob Master and Worker) yields one workload per template, each
 * with `component` set. Replica counts are pods, not groups.
 */
typedef struct {
	const char *api_version, *kind, *namespace, *name;
	const char *component; /* NULL for single-template objects */
	mlcap_loc loc;
	mlcap_kvs labels;      /* metadata.labels of the object */
	mlcap_kvs annotations; /* only mlcap.io/ annotations are kept */
	mlcap_pod_template pod;
	int64_t replicas_min, replicas_declared, replicas_max; /* -1 unknown */
	int64_t pods_per_replica; /* pods per scaled unit (LWS group...) */
	uint32_t flags;
	const char *scaler_kind, *scaler_name; /* binding HPA or ScaledObject */
	/* batch */
	const char *schedule;	      /* CronJob schedule, NULL otherwise */
	int64_t active_deadline_secs; /* -1 when unset */
	int64_t completions;	      /* -1 when unset */
	/* CronJob runs per month (millionths; 400-year average), -1 unknown */
	int64_t runs_per_month_micros;
	/* resolved */
	mlcap_resources pod_requests, pod_limits;
	uint32_t missing_labels; /* of the default cost labels, see resolve */
	/* A Pod read from a cluster (kubectl get pods -o json): where it
	 * runs, its phase and its controller; NULL when absent. */
	const char *node_name, *phase, *owner_kind, *owner_name;
} mlcap_workload;

/** An HPA (autoscaling/v1, v2, v2beta2) or KEDA ScaledObject. */
typedef struct {
	const char *kind, *namespace, *name;
	const char *target_kind, *target_name;
	int64_t min_replicas, max_replicas;
	mlcap_loc loc;
	bool bound; /* a workload in the set matched the target */
} mlcap_scaler;

typedef struct {
	const char *name;
	mlcap_kvs labels;
	mlcap_loc loc;
} mlcap_namespace;

/**
 * A LimitRange item of type Container, with Kubernetes' own defaulting
 * applied (default <- max, defaultRequest <- default <- min).
 */
typedef struct {
	const char *namespace, *name;
	mlcap_resources default_limits, default_requests, min, max;
	mlcap_loc loc;
} mlcap_limit_range;

/** ResourceQuota: hard limits by resource name ("requests.cpu" in millis). */
typedef struct {
	const char *namespace, *name;
	const mlcap_named_qty *hard;
	uint32_t n_hard;
	mlcap_loc loc;
} mlcap_quota;

typedef struct {
	const char *name;
	mlcap_resources overhead; /* overhead.podFixed */
	mlcap_loc loc;
} mlcap_runtime_class;

typedef struct {
	const char *name;
	mlcap_kvs labels;
	mlcap_resources capacity, allocatable; /* pods is an ext entry */
	const mlcap_taint *taints;
	uint32_t n_taints;
	bool unschedulable;
	mlcap_loc loc;
} mlcap_cluster_node;

/**
 * A node pool the planner may open nodes in: from the configuration's
 * `pools` or a Karpenter NodePool (karpenter.sh/v1). Which instance types
 * it allows is a list of node requirements (ANDed) evaluated against the
 * labels the planner gives each candidate type (instance type, family,
 * category, GPU name and count, capacity type, arch; see plan.h).
 */
typedef struct {
	const char *name;
	const mlcap_node_req *reqs;
	uint32_t n_reqs;
	mlcap_kvs labels; /* put on its nodes */
	const mlcap_taint *taints;
	uint32_t n_taints;
	bool taints_set;	      /* taints given, even empty: no default */
	int64_t min_nodes, max_nodes; /* -1 when unset */
	const char *purchase;	      /* NULL: the cluster's */
	mlcap_resources limits;	      /* Karpenter spec.limits (capacity) */
	bool karpenter;
	mlcap_loc loc;
} mlcap_node_pool;

/** A custom or on-prem instance type declared in the configuration. */
typedef struct {
	const char *name, *gpu_model, *arch;
	int64_t vcpu, memory_bytes, gpus;
	const char *usd_per_hour; /* as written */
	int64_t usd_nanos;
	mlcap_loc loc;
} mlcap_custom_type;

/** The cluster configuration (mlcap.yaml); see README. */
typedef struct {
	const char *provider, *region, *purchase;
	const char *control_plane; /* eks, gke, aks-standard, ... or none */
	const char *as_of;	   /* price date, YYYY-MM-DD; NULL latest */
	bool reserved_none;	   /* reserved: none */
	const mlcap_custom_type *types;
	uint32_t n_types;
	mlcap_loc loc;
} mlcap_cluster_config;

/** Counters of what the loader saw. */
typedef struct {
	size_t files, documents, objects;
	size_t skipped_unknown; /* unknown kinds and non-Kubernetes docs */
	size_t ignored_known;	/* Kubernetes kinds with no cost (Service...) */
	size_t rejected;	/* objects dropped because of errors */
	size_t bytes;
} mlcap_set_stats;

typedef struct mlcap_set mlcap_set;

MLCAP_API const mlcap_workload *mlcap_set_workloads(const mlcap_set *s,
						    size_t *n);
MLCAP_API const mlcap_scaler *mlcap_set_scalers(const mlcap_set *s, size_t *n);
MLCAP_API const mlcap_namespace *mlcap_set_namespaces(const mlcap_set *s,
						      size_t *n);
MLCAP_API const mlcap_limit_range *mlcap_set_limit_ranges(const mlcap_set *s,
							  size_t *n);
MLCAP_API const mlcap_quota *mlcap_set_quotas(const mlcap_set *s, size_t *n);
MLCAP_API const mlcap_runtime_class *
mlcap_set_runtime_classes(const mlcap_set *s, size_t *n);
MLCAP_API const mlcap_cluster_node *mlcap_set_nodes(const mlcap_set *s,
						    size_t *n);
MLCAP_API const mlcap_set_stats *mlcap_set_stats_get(const mlcap_set *s);
/** Node pools: configuration pools and Karpenter NodePools, in order. */
MLCAP_API const mlcap_node_pool *mlcap_set_node_pools(const mlcap_set *s,
						      size_t *n);
/** The configuration document read (see mlcap_load_opts.config), or NULL. */
MLCAP_API const mlcap_cluster_config *mlcap_set_config(const mlcap_set *s);

/** Value of `key` in `m`, or NULL. */
MLCAP_API const char *mlcap_kvs_get(const mlcap_kvs *m, const char *key);
/** Count of extended resource `name` in `r`, 0 when absent. */
MLCAP_API int64_t mlcap_resources_ext(const mlcap_resources *r,
				      const char *name);
/** True for GPU, MIG, TPU and Neuron resource names. */
MLCAP_API bool mlcap_resource_is_accelerator(const char *name);

/** The cost labels counted by `missing_labels`: team project env owner. */
MLCAP_API const char *const *mlcap_default_cost_labels(size_t *n);

#endif
