/*
 * rates.c - the CPU/memory rate fit and the GPU split (see rates.h).
 * The fit is a two-variable least squares solved by its normal equations;
 * the split of a price is integer arithmetic on nano-dollars.
 */
#include <string.h>
#include "internal.h"
#include "banned.h"

#define GIB 1073741824.0

/* Without libm: these are all the fit needs. */
static double absd(double x)
{
	return x < 0 ? -x : x;
}

static int64_t round_nanos(double usd)
{
	double n = usd * 1e9;
	return (int64_t)(n >= 0 ? n + 0.5 : n - 0.5);
}

bool mlcap_rates_input(const mlcap_price *p)
{
	const char *c = p->category ? p->category : "";
	return p->gpu_count == 0 && p->accelerator_count == 0 &&
	       (!strcmp(c, "general") || !strcmp(c, "compute") ||
		!strcmp(c, "memory"));
}

/* Fit with `fix_cpu` / `fix_mem` forcing that rate to zero. */
static int solve(const mlcap_price_list *l, bool zero_cpu, bool zero_mem,
		 double *a, double *b, size_t *n)
{
	double vv = 0, vg = 0, gg = 0, vp = 0, gp = 0, det;
	size_t i;

	*n = 0;
	for (i = 0; i < l->count; i++) {
		const mlcap_price *p = &l->items[i];
		double v = (double)p->vcpu, g = (double)p->memory_bytes / GIB;
		double price = (double)p->usd_nanos / 1e9;
		if (!mlcap_rates_input(p))
			continue;
		vv += v * v;
		vg += v * g;
		gg += g * g;
		vp += v * price;
		gp += g * price;
		(*n)++;
	}
	if (*n < 2)
		return MLCAP_EINVAL;
	*a = *b = 0;
	if (zero_cpu) {
		*b = gp / gg;
		return 0;
	}
	if (zero_mem) {
		*a = vp / vv;
		return 0;
	}
	det = vv * gg - vg * vg;
	/* One vCPU:memory ratio only: the rates cannot be told apart. */
	if (absd(det) <= 1e-9 * vv * gg)
		return MLCAP_EINVAL;
	*a = (vp * gg - gp * vg) / det;
	*b = (gp * vv - vp * vg) / det;
	return 0;
}

int mlcap_rates_fit(const mlcap_price_list *l, mlcap_rates *out)
{
	double a, b, mean = 0, ss_tot = 0, ss_res = 0;
	size_t i, n;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = solve(l, false, false, &a, &b, &n)) < 0)
		return rc;
	if (a < 0 || b < 0) {
		out->clamped = true;
		if ((rc = solve(l, a < 0, b < 0, &a, &b, &n)) < 0)
			return rc;
	}
	out->cpu_nanos = round_nanos(a);
	out->mem_nanos = round_nanos(b);
	out->n_inputs = n;
	for (i = 0; i < l->count; i++)
		if (mlcap_rates_input(&l->items[i]))
			mean += (double)l->items[i].usd_nanos / (double)n;
	for (i = 0; i < l->count; i++) {
		const mlcap_price *p = &l->items[i];
		double fit = a * 1e9 * (double)p->vcpu +
			     b * 1e9 * (double)p->memory_bytes / GIB;
		if (!mlcap_rates_input(p))
			continue;
		ss_res +=
		    ((double)p->usd_nanos - fit) * ((double)p->usd_nanos - fit);
		ss_tot += ((double)p->usd_nanos - mean) *
			  ((double)p->usd_nanos - mean);
	}
	out->r_squared = ss_tot > 0 ? 1.0 - ss_res / ss_tot : 1.0;
	return 0;
}

void mlcap_rates_split(const mlcap_rates *r, const mlcap_price *p,
		       int64_t *cpu_mem_nanos, int64_t *gpu_nanos)
{
	int64_t cpu = 0, mem = 0, total;

	if (mlcap_money_muldiv(&cpu, r->cpu_nanos, p->vcpu, 1) < 0 ||
	    mlcap_money_muldiv(&mem, r->mem_nanos, p->memory_bytes,
			       1073741824LL) < 0)
		cpu = mem = INT64_MAX / 2;
	total = cpu + mem;
	if (total > p->usd_nanos)
		total = p->usd_nanos; /* never more than the node costs */
	*cpu_mem_nanos = total;
	*gpu_nanos = p->usd_nanos - total;
}
