/*
 * labels_internal.h - what the coverage check (labels.c) needs from the
 * policy (policy.c) beyond the public interface.
 */
#ifndef MLCAP_LABELS_INTERNAL_H
#define MLCAP_LABELS_INTERNAL_H

#include "mlcap/labels.h"

/* True when `value` matches the pattern of key `key` (or it has none). */
bool mlcap_policy__match(const mlcap_policy *p, size_t key, const char *value);

/* A plan scenario's allocation by workload key, for lookups. A row that
 * several workloads share (same namespace and name, another kind) is
 * split evenly between them. */
typedef struct {
	const char *key;
	int64_t monthly, gpu;
	uint32_t sharers; /* workloads with the same key */
} mlcap_cost_row;

typedef struct {
	mlcap_cost_row *rows; /* sorted by key; malloc'd */
	size_t n;
} mlcap_cost_index;

int mlcap_costs__index(mlcap_cost_index *ix, const mlcap_plan_scenario *sc,
		       const mlcap_workload *ws, size_t n_ws);
/* A workload's monthly and GPU cost; false (and 0) when the plan charged
 * it nothing (not placed, or no replicas). */
bool mlcap_costs__of(const mlcap_cost_index *ix, const mlcap_workload *w,
		     int64_t *monthly, int64_t *gpu);
void mlcap_costs__release(mlcap_cost_index *ix);

#endif
