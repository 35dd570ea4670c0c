/*
 * pack.h - node bin-packing: place pod groups onto node types so that the
 * hourly cost is low, in every resource dimension at once (CPU, memory,
 * pods, each GPU model, MIG slices, TPUs...). The caller resolves
 * Kubernetes constraints (selectors, taints, anti-affinity) into which
 * types each group may use; this module only packs and prices.
 */
#ifndef MLCAP_PACK_H
#define MLCAP_PACK_H

#include <stdbool.h>
#include "mlcap/common.h"

#define MLCAP_PACK_MAX_DIMS 16

/** A node type a plan may open nodes of (an instance type in a pool). */
typedef struct {
	const char *name;		  /* instance type */
	const char *pool;		  /* node pool, for reporting */
	int64_t usd_nanos;		  /* price per hour */
	int64_t cap[MLCAP_PACK_MAX_DIMS]; /* allocatable per dimension */
	int64_t max_nodes; /* limit on nodes of this type; -1 none */
} mlcap_pack_type;

/** Identical pods that share constraints (one workload's replicas). */
typedef struct {
	const char *name;
	int64_t req[MLCAP_PACK_MAX_DIMS]; /* per pod */
	int64_t count;			  /* pods */
	const bool *allowed;  /* per type: may run there; NULL = every type */
	int64_t max_per_node; /* anti-affinity 1, spread skew; 0 = none */
} mlcap_pack_group;

typedef struct {
	size_t n_dims;
	const char
	    *dims[MLCAP_PACK_MAX_DIMS]; /* "cpu_millis", "nvidia.com/gpu" */
	const mlcap_pack_type *types;
	size_t n_types;
	const mlcap_pack_group *groups;
	size_t n_groups;
} mlcap_pack_problem;

/** One opened node: its type and what is placed on it. */
typedef struct {
	uint32_t type;
	int64_t used[MLCAP_PACK_MAX_DIMS];
	uint32_t pods;
} mlcap_pack_node;

typedef struct {
	mlcap_pack_node *nodes;
	size_t n_nodes;
	uint32_t *node_of; /* per pod, groups in order: node index */
	size_t n_pods;
	int64_t cost_nanos; /* per hour: sum of the opened nodes' prices */
	int64_t unplaced;   /* pods that fit no allowed type */
	int64_t *unplaced_by_group; /* per group */
} mlcap_pack_result;

typedef enum {
	MLCAP_PACK_FFD,	   /* first-fit decreasing, the baseline */
	MLCAP_PACK_IMPROVE /* FFD, then cheaper types and emptied nodes */
} mlcap_pack_method;

/**
 * Packs `p`. Pods are placed largest first (by the largest share of a
 * dimension of the largest allowed type); a pod goes to the first open
 * node with room, else to a new node of the type that carries the most
 * of the remaining demand per dollar. IMPROVE then swaps each node to the
 * cheapest type that holds its pods and empties nodes into others while
 * that lowers the cost; when pods some type could hold stay unplaced
 * (capacity is bounded: max_nodes, a cluster's zero-priced nodes), it
 * first tries FFD by the sum of shares and accelerators first as well and
 * keeps the packing that places the most pods, then costs the least.
 * Nodes that cost nothing are never emptied. Deterministic. Release with
 * mlcap_pack_release.
 */
MLCAP_API int mlcap_pack(const mlcap_pack_problem *p, mlcap_pack_method m,
			 mlcap_pack_result *out);
MLCAP_API void mlcap_pack_release(mlcap_pack_result *r);

/**
 * A lower bound on any plan's hourly cost: the LP relaxation min sum
 * price_t x_t subject to sum cap_t,d x_t >= demand_d per dimension,
 * x >= 0, in nano-dollars rounded down. Pods no type can hold are left
 * out of the demand.
 */
MLCAP_API int mlcap_pack_lower_bound(const mlcap_pack_problem *p,
				     int64_t *nanos);

#endif
