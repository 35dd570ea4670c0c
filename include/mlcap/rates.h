/*
 * rates.h - CPU and memory unit rates fitted over a provider's CPU-only
 * instance types in one region, used to split a GPU node's price into
 * CPU/memory spend (what its vCPUs and memory would cost at these rates)
 * and GPU spend (the rest). See DESIGN.md, cost model.
 */
#ifndef MLCAP_RATES_H
#define MLCAP_RATES_H

#include "mlcap/catalog.h"

typedef struct {
	int64_t cpu_nanos; /* USD per vCPU-hour, in nano-dollars */
	int64_t mem_nanos; /* USD per GiB-hour, in nano-dollars */
	size_t n_inputs;   /* CPU-only types the fit used */
	double r_squared;  /* of the fit, for the reader's judgement */
	bool clamped;	   /* a negative rate was clamped to 0 and refitted */
	bool declared;	   /* resource rates from the catalog, not fitted */
} mlcap_rates;

/** True for the rows the fit uses: general, compute or memory families
 *  without GPUs or other accelerators. */
MLCAP_API bool mlcap_rates_input(const mlcap_price *p);

/**
 * Least-squares fit without intercept, price = cpu x vCPU + mem x GiB,
 * over the rows of `l` for which mlcap_rates_input holds (all should be
 * one provider, region and purchase option). Types of one vCPU:memory
 * ratio alone cannot separate the two rates: that is MLCAP_EINVAL, as
 * is a list with fewer than two inputs. Rates are rounded to nano-dollars.
 */
MLCAP_API int mlcap_rates_fit(const mlcap_price_list *l, mlcap_rates *out);

/**
 * Splits one hourly price at `r`: cpu_mem = vcpu x cpu + GiB x mem,
 * capped at the price; gpu = price - cpu_mem. Exact integer arithmetic
 * (memory is rounded to whole nano-dollars half up).
 */
MLCAP_API void mlcap_rates_split(const mlcap_rates *r, const mlcap_price *p,
				 int64_t *cpu_mem_nanos, int64_t *gpu_nanos);

/**
 * The cpu and memory resource rates declared for `provider` and `region`
 * (custom and on-prem clusters), in force on `as_of` (NULL: latest).
 * Returns 1 and fills `out` (declared = true) when both exist, 0 when
 * not, or a negative status.
 */
MLCAP_API int mlcap_catalog_declared_rates(mlcap_catalog *c,
					   const char *provider,
					   const char *region,
					   const char *as_of, mlcap_rates *out,
					   mlcap_diags *d);

#endif
