/*
 * test_rates.c - the CPU/memory rate fit and the GPU split (rates.c),
 * checked on small examples worked out by hand: three CPU-only types
 * priced exactly at $0.02 per vCPU-hour and $0.005 per GiB-hour must
 * give back those rates, and a GPU type's price must split exactly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "mlcap/mlcap.h"

#define GIB 1073741824LL

static mlcap_price row(const char *type, const char *category, int64_t vcpu,
		       int64_t gib, int64_t gpus, int64_t usd_nanos)
{
	mlcap_price p;
	memset(&p, 0, sizeof(p));
	p.instance_type = type;
	p.category = category;
	p.vcpu = vcpu;
	p.memory_bytes = gib * GIB;
	p.gpu_count = gpus;
	p.usd_nanos = usd_nanos;
	return p;
}

static void fit_recovers_exact_rates_from_three_types(void **state)
{
	/*
	 * By hand: A = 2 x 0.02 + 4 x 0.005 = 0.06, B = 2 x 0.02 + 8 x 0.005
	 * = 0.08, C = 4 x 0.02 + 8 x 0.005 = 0.12. The system is exact, so
	 * the least-squares rates are exactly 0.02 and 0.005, R^2 = 1.
	 */
	mlcap_price items[3];
	mlcap_price_list l;
	mlcap_rates r;

	(void)state;
	items[0] = row("a", "general", 2, 4, 0, 60000000);
	items[1] = row("b", "memory", 2, 8, 0, 80000000);
	items[2] = row("c", "compute", 4, 8, 0, 120000000);
	memset(&l, 0, sizeof(l));
	l.items = items;
	l.count = 3;
	assert_int_equal(mlcap_rates_fit(&l, &r), 0);
	assert_int_equal(r.cpu_nanos, 20000000);
	assert_int_equal(r.mem_nanos, 5000000);
	assert_int_equal(r.n_inputs, 3);
	assert_false(r.clamped);
	assert_true(r.r_squared > 0.999999);
}

static void split_gives_gpu_the_rest_of_the_price(void **state)
{
	/*
	 * At 0.02/vCPU and 0.005/GiB, a 2 vCPU, 16 GiB, 1-GPU type at $1.00:
	 * cpu+memory = 2 x 0.02 + 16 x 0.005 = 0.12; GPU = 1.00 - 0.12 = 0.88.
	 */
	mlcap_rates r;
	mlcap_price gpu = row("g", "gpu", 2, 16, 1, 1000000000);
	int64_t cm, g;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.cpu_nanos = 20000000;
	r.mem_nanos = 5000000;
	mlcap_rates_split(&r, &gpu, &cm, &g);
	assert_int_equal(cm, 120000000);
	assert_int_equal(g, 880000000);
}

static void split_never_charges_more_than_the_price(void **state)
{
	/* 96 vCPU x 0.02 = 1.92 alone exceeds a $1.00 node: capped. */
	mlcap_rates r;
	mlcap_price big = row("x", "gpu", 96, 0, 1, 1000000000);
	int64_t cm, g;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.cpu_nanos = 20000000;
	r.mem_nanos = 5000000;
	mlcap_rates_split(&r, &big, &cm, &g);
	assert_int_equal(cm, 1000000000);
	assert_int_equal(g, 0);
}

static void fit_ignores_gpu_and_accelerator_types(void **state)
{
	/* The GPU row would pull the fit away; it is not an input. */
	mlcap_price items[4];
	mlcap_price_list l;
	mlcap_rates r;

	(void)state;
	items[0] = row("a", "general", 2, 4, 0, 60000000);
	items[1] = row("g", "gpu", 8, 32, 1, 5000000000);
	items[2] = row("b", "memory", 2, 8, 0, 80000000);
	items[3] = row("c", "compute", 4, 8, 0, 120000000);
	memset(&l, 0, sizeof(l));
	l.items = items;
	l.count = 4;
	assert_int_equal(mlcap_rates_fit(&l, &r), 0);
	assert_int_equal(r.cpu_nanos, 20000000);
	assert_int_equal(r.mem_nanos, 5000000);
	assert_int_equal(r.n_inputs, 3);
}

static void one_vcpu_to_memory_ratio_cannot_separate_the_rates(void **state)
{
	/* m-family only: 1 vCPU : 4 GiB everywhere, a singular system. */
	mlcap_price items[3];
	mlcap_price_list l;
	mlcap_rates r;

	(void)state;
	items[0] = row("m1", "general", 2, 8, 0, 96000000);
	items[1] = row("m2", "general", 4, 16, 0, 192000000);
	items[2] = row("m3", "general", 8, 32, 0, 384000000);
	memset(&l, 0, sizeof(l));
	l.items = items;
	l.count = 3;
	assert_int_equal(mlcap_rates_fit(&l, &r), MLCAP_EINVAL);
	l.count = 1;
	assert_int_equal(mlcap_rates_fit(&l, &r), MLCAP_EINVAL);
}

static void negative_rate_is_clamped_and_refitted(void **state)
{
	/*
	 * Prices that fall with more vCPUs at equal memory would need a
	 * negative CPU rate: it is clamped to 0 and memory refitted alone,
	 * b = sum(g p) / sum(g^2) = (8 x 0.10 + 8 x 0.08 + 16 x 0.16) /
	 * (64 + 64 + 256) = 4.0 / 384 = 0.0104166...; rounded 10416667 nanos.
	 */
	mlcap_price items[3];
	mlcap_price_list l;
	mlcap_rates r;

	(void)state;
	items[0] = row("a", "general", 2, 8, 0, 100000000);
	items[1] = row("b", "general", 4, 8, 0, 80000000);
	items[2] = row("c", "memory", 4, 16, 0, 160000000);
	memset(&l, 0, sizeof(l));
	l.items = items;
	l.count = 3;
	assert_int_equal(mlcap_rates_fit(&l, &r), 0);
	assert_true(r.clamped);
	assert_int_equal(r.cpu_nanos, 0);
	assert_int_equal(r.mem_nanos, 10416667);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fit_recovers_exact_rates_from_three_types),
	    cmocka_unit_test(split_gives_gpu_the_rest_of_the_price),
	    cmocka_unit_test(split_never_charges_more_than_the_price),
	    cmocka_unit_test(fit_ignores_gpu_and_accelerator_types),
	    cmocka_unit_test(
		one_vcpu_to_memory_ratio_cannot_separate_the_rates),
	    cmocka_unit_test(negative_rate_is_clamped_and_refitted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
