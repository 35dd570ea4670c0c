/*
 * reserved.h - node allocatable from instance capacity per provider's
 * published kube-reserved, system-reserved, eviction and max-pods rules.
 * The packer sizes nodes by what the kubelet reports as allocatable, not by
 * the instance's spec sheet; this is the step between the catalog's
 * capacity (catalog.h) and the packer's bins (pack.h). Formulas, sources
 * and rounding are documented beside each rule in src/lib/reserved.c.
 */
#ifndef MLCAP_RESERVED_H
#define MLCAP_RESERVED_H

#include <stdbool.h>
#include "mlcap/common.h"

/** Whether the provider's reservations are applied at all. */
typedef enum {
	MLCAP_RESERVED_NONE,	/* capacity is allocatable, pods 110 */
	MLCAP_RESERVED_PROVIDER /* the provider's published rules */
} mlcap_reserved_mode;

/*
 * Invariants: cpu_millis = vcpu x 1000 - reserved_cpu_millis and
 * memory_bytes = capacity - reserved_memory_bytes - eviction_memory_bytes,
 * each clamped at 0; every field is >= 0.
 */
typedef struct {
	int64_t cpu_millis, memory_bytes, pods;		    /* allocatable */
	int64_t reserved_cpu_millis, reserved_memory_bytes; /* kube+system */
	int64_t eviction_memory_bytes; /* hard eviction memory.available */
	const char *rule;	 /* short name of the formula applied, e.g.
				    "eks-al2023", "gke", "aks", "custom",
				    "none"; a static string */
	bool max_pods_estimated; /* AWS type not in the ENI table: pods (and
				    the memory reserved for them) follow the
				    max-pods-calculator ceiling instead */
} mlcap_allocatable;

/**
 * Node allocatable for an instance of `vcpu` vCPUs and `memory_bytes` of
 * memory on `provider`:
 *  - "aws": the EKS AL2023 (nodeadm) kube-reserved and eviction defaults,
 *    with max pods from the VPC CNI ENI table by `instance_type`. A type
 *    not in the table (or NULL) gets the EKS max-pods-calculator ceiling,
 *    110 for up to 30 vCPUs and 250 above, and max_pods_estimated is set.
 *  - "gcp": GKE Standard's reservations; `instance_type` selects the flat
 *    CPU reservation of shared-core E2 types (e2-micro/small/medium).
 *  - "azure": AKS (Kubernetes 1.29+) with the Azure CNI Overlay default
 *    of 250 pods per node.
 *  - anything else, or NULL (custom and on-prem clusters): capacity is
 *    allocatable and pods is 110, the kubelet default.
 * MLCAP_RESERVED_NONE gives the custom result for every provider, with
 * rule "none". `out` is the caller's; nothing is allocated.
 *
 * @return 0, or MLCAP_EINVAL for a NULL `out`, vcpu or memory_bytes that
 *         are zero or negative, or vcpu too large to count in millicores
 *         (then `out` is zeroed and its rule is NULL).
 */
MLCAP_API int mlcap_allocatable_for(const char *provider,
				    const char *instance_type, int64_t vcpu,
				    int64_t memory_bytes,
				    mlcap_reserved_mode mode,
				    mlcap_allocatable *out);

#endif
