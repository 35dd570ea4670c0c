/*
 * check_internal.h - shared by check.c (placement, cost diff, limits)
 * and check_quota.c (ResourceQuota enforcement).
 */
#ifndef MLCAP_CHECK_INTERNAL_H
#define MLCAP_CHECK_INTERNAL_H

#include "mlcap/check.h"
#include "plan_internal.h"

/* Adds the quota rows of the manifests' and the cluster's ResourceQuotas
 * to `c` (after its plan: DaemonSets count the nodes they run on). */
int mlcap_check__quotas(mlcap_check *c, const mlcap_set *ws,
			const mlcap_set *cluster, mlcap_diags *d);

#endif
