/*
 * test_reserved.c - node allocatable per provider (reserved.c), checked on
 * nodes worked out by hand from each provider's published formula: EKS
 * m5.xlarge, GKE e2-standard-4 and e2-medium, AKS with 8 cores and 32 GiB,
 * plus custom clusters, mode NONE, invalid input, AWS types missing from
 * the ENI table and every AWS type of the seed catalog.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "mlcap/reserved.h"

#define MIB 1048576LL
#define GIB 1073741824LL

static mlcap_allocatable provider(const char *p, const char *type, int64_t vcpu,
				  int64_t memory_bytes)
{
	mlcap_allocatable a;
	assert_int_equal(mlcap_allocatable_for(p, type, vcpu, memory_bytes,
					       MLCAP_RESERVED_PROVIDER, &a),
			 0);
	return a;
}

/* ---- EKS ---- */

static void eks_m5_xlarge_reserves_80m_and_893mi(void **state)
{
	/*
	 * m5.xlarge: 4 vCPUs, 16 GiB, 58 pods (eni-max-pods.txt: 4 ENIs x
	 * (15 - 1) + 2). CPU 6% x 1000 + 1% x 1000 + 0.5% x 2000 = 60 + 10 +
	 * 10 = 80m, allocatable 4000 - 80 = 3920m. Memory 255 + 11 x 58 =
	 * 893 MiB, eviction 100 MiB: 16384 - 893 - 100 = 15391 MiB.
	 */
	mlcap_allocatable a = provider("aws", "m5.xlarge", 4, 16 * GIB);

	(void)state;
	assert_string_equal(a.rule, "eks-al2023");
	assert_false(a.max_pods_estimated);
	assert_int_equal(a.pods, 58);
	assert_int_equal(a.reserved_cpu_millis, 80);
	assert_int_equal(a.cpu_millis, 3920);
	assert_int_equal(a.reserved_memory_bytes, 893 * MIB);
	assert_int_equal(a.eviction_memory_bytes, 100 * MIB);
	assert_int_equal(a.memory_bytes, 15391 * MIB);
}

static void eks_p5_48xlarge_uses_the_default_network_card(void **state)
{
	/*
	 * p5.48xlarge: 192 vCPUs, 2 TiB, 100 pods (card 0 only). CPU 80 +
	 * 0.25% x 188000 = 80 + 470 = 550m. Memory 255 + 1100 = 1355 MiB:
	 * 2097152 - 1355 - 100 = 2095697 MiB.
	 */
	mlcap_allocatable a = provider("aws", "p5.48xlarge", 192, 2048 * GIB);

	(void)state;
	assert_int_equal(a.pods, 100);
	assert_int_equal(a.reserved_cpu_millis, 550);
	assert_int_equal(a.cpu_millis, 191450);
	assert_int_equal(a.reserved_memory_bytes, 1355 * MIB);
	assert_int_equal(a.memory_bytes, 2095697 * MIB);
}

static void eks_unknown_small_type_falls_back_to_110_pods(void **state)
{
	/*
	 * Not in the table, 16 vCPUs (<= 30): 110 pods, flagged. CPU 80 +
	 * 0.25% x 12000 = 110m. Memory 255 + 11 x 110 = 1465 MiB:
	 * 65536 - 1465 - 100 = 63971 MiB.
	 */
	mlcap_allocatable a = provider("aws", "zz9.4xlarge", 16, 64 * GIB);

	(void)state;
	assert_string_equal(a.rule, "eks-al2023");
	assert_true(a.max_pods_estimated);
	assert_int_equal(a.pods, 110);
	assert_int_equal(a.reserved_cpu_millis, 110);
	assert_int_equal(a.reserved_memory_bytes, 1465 * MIB);
	assert_int_equal(a.memory_bytes, 63971 * MIB);
}

static void eks_unknown_large_type_falls_back_to_250_pods(void **state)
{
	/*
	 * 48 vCPUs (> 30): 250 pods. CPU 80 + 0.25% x 44000 = 190m. Memory
	 * 255 + 11 x 250 = 3005 MiB. 30 vCPUs exactly is still 110 (the
	 * calculator tests -gt 30).
	 */
	mlcap_allocatable a = provider("aws", "zz9.12xlarge", 48, 192 * GIB);
	mlcap_allocatable b = provider("aws", "zz9.thirty", 30, 120 * GIB);

	(void)state;
	assert_true(a.max_pods_estimated);
	assert_int_equal(a.pods, 250);
	assert_int_equal(a.reserved_cpu_millis, 190);
	assert_int_equal(a.reserved_memory_bytes, 3005 * MIB);
	assert_int_equal(b.pods, 110);
}

static void eks_without_instance_type_is_estimated(void **state)
{
	mlcap_allocatable a = provider("aws", NULL, 2, 8 * GIB);

	(void)state;
	assert_true(a.max_pods_estimated);
	assert_int_equal(a.pods, 110);
	assert_int_equal(a.reserved_cpu_millis, 70); /* 60 + 10 */
}

static void eks_cpu_floors_the_last_range(void **state)
{
	/* 5 vCPUs: 60 + 10 + 10 + 0.25% x 1000 = 82.5m, truncated to 82m. */
	mlcap_allocatable a = provider("aws", "zz9.odd", 5, 20 * GIB);

	(void)state;
	assert_int_equal(a.reserved_cpu_millis, 82);
	assert_int_equal(a.cpu_millis, 4918);
}

static void eks_allocatable_memory_never_goes_negative(void **state)
{
	/* 255 + 11 x 110 = 1465 MiB reserved on a 256 MiB node: clamped. */
	mlcap_allocatable a = provider("aws", "zz9.tiny", 1, 256 * MIB);

	(void)state;
	assert_int_equal(a.memory_bytes, 0);
	assert_int_equal(a.reserved_memory_bytes, 1465 * MIB);
}

/*
 * Every AWS type of pricing/seed/instance_types.csv with its vCPUs and
 * eni-max-pods.txt value. A row the bsearch cannot find (a typo, or the
 * table out of strcmp order) shows up as max_pods_estimated.
 */
static const struct {
	const char *type;
	int64_t vcpu, pods;
} seed_aws[] = {
    {"c5.12xlarge", 48, 234},	 {"c5.18xlarge", 72, 737},
    {"c5.24xlarge", 96, 737},	 {"c5.2xlarge", 8, 58},
    {"c5.4xlarge", 16, 234},	 {"c5.9xlarge", 36, 234},
    {"c5.large", 2, 29},	 {"c5.xlarge", 4, 58},
    {"c6i.12xlarge", 48, 234},	 {"c6i.16xlarge", 64, 737},
    {"c6i.24xlarge", 96, 737},	 {"c6i.2xlarge", 8, 58},
    {"c6i.32xlarge", 128, 737},	 {"c6i.4xlarge", 16, 234},
    {"c6i.8xlarge", 32, 234},	 {"c6i.xlarge", 4, 58},
    {"g4dn.12xlarge", 48, 234},	 {"g4dn.16xlarge", 64, 58},
    {"g4dn.2xlarge", 8, 29},	 {"g4dn.4xlarge", 16, 29},
    {"g4dn.8xlarge", 32, 58},	 {"g4dn.metal", 96, 737},
    {"g4dn.xlarge", 4, 29},	 {"g5.12xlarge", 48, 737},
    {"g5.16xlarge", 64, 234},	 {"g5.24xlarge", 96, 737},
    {"g5.2xlarge", 8, 58},	 {"g5.48xlarge", 192, 345},
    {"g5.4xlarge", 16, 234},	 {"g5.8xlarge", 32, 234},
    {"g5.xlarge", 4, 58},	 {"g6.12xlarge", 48, 234},
    {"g6.16xlarge", 64, 737},	 {"g6.24xlarge", 96, 737},
    {"g6.2xlarge", 8, 58},	 {"g6.48xlarge", 192, 737},
    {"g6.4xlarge", 16, 234},	 {"g6.8xlarge", 32, 234},
    {"g6.xlarge", 4, 58},	 {"g6e.12xlarge", 48, 292},
    {"g6e.16xlarge", 64, 737},	 {"g6e.24xlarge", 96, 492},
    {"g6e.2xlarge", 8, 58},	 {"g6e.48xlarge", 192, 492},
    {"g6e.4xlarge", 16, 234},	 {"g6e.8xlarge", 32, 234},
    {"g6e.xlarge", 4, 58},	 {"inf2.24xlarge", 96, 737},
    {"inf2.48xlarge", 192, 737}, {"inf2.8xlarge", 32, 234},
    {"inf2.xlarge", 4, 58},	 {"m5.12xlarge", 48, 234},
    {"m5.16xlarge", 64, 737},	 {"m5.24xlarge", 96, 737},
    {"m5.2xlarge", 8, 58},	 {"m5.4xlarge", 16, 234},
    {"m5.8xlarge", 32, 234},	 {"m5.xlarge", 4, 58},
    {"m6i.12xlarge", 48, 234},	 {"m6i.16xlarge", 64, 737},
    {"m6i.24xlarge", 96, 737},	 {"m6i.2xlarge", 8, 58},
    {"m6i.32xlarge", 128, 737},	 {"m6i.4xlarge", 16, 234},
    {"m6i.8xlarge", 32, 234},	 {"m6i.xlarge", 4, 58},
    {"m7i.12xlarge", 48, 234},	 {"m7i.16xlarge", 64, 737},
    {"m7i.24xlarge", 96, 737},	 {"m7i.2xlarge", 8, 58},
    {"m7i.48xlarge", 192, 737},	 {"m7i.4xlarge", 16, 234},
    {"m7i.8xlarge", 32, 234},	 {"m7i.xlarge", 4, 58},
    {"p3.16xlarge", 64, 234},	 {"p3.2xlarge", 8, 58},
    {"p3.8xlarge", 32, 234},	 {"p4d.24xlarge", 96, 737},
    {"p4de.24xlarge", 96, 737},	 {"p5.48xlarge", 192, 100},
    {"p5.4xlarge", 16, 118},	 {"p5e.48xlarge", 192, 100},
    {"p5en.48xlarge", 192, 198}, {"r5.12xlarge", 48, 234},
    {"r5.16xlarge", 64, 737},	 {"r5.24xlarge", 96, 737},
    {"r5.2xlarge", 8, 58},	 {"r5.4xlarge", 16, 234},
    {"r5.8xlarge", 32, 234},	 {"r5.xlarge", 4, 58},
    {"r6i.12xlarge", 48, 234},	 {"r6i.16xlarge", 64, 737},
    {"r6i.24xlarge", 96, 737},	 {"r6i.2xlarge", 8, 58},
    {"r6i.32xlarge", 128, 737},	 {"r6i.4xlarge", 16, 234},
    {"r6i.8xlarge", 32, 234},	 {"r6i.xlarge", 4, 58},
    {"trn1.2xlarge", 8, 58},	 {"trn1.32xlarge", 128, 247},
};

static void eks_table_covers_every_seed_aws_type(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(seed_aws) / sizeof(seed_aws[0]); i++) {
		mlcap_allocatable a = provider("aws", seed_aws[i].type,
					       seed_aws[i].vcpu, 64 * GIB);
		if (a.max_pods_estimated || a.pods != seed_aws[i].pods)
			print_error("%s: pods %lld, estimated %d\n",
				    seed_aws[i].type, (long long)a.pods,
				    (int)a.max_pods_estimated);
		assert_false(a.max_pods_estimated);
		assert_int_equal(a.pods, seed_aws[i].pods);
		assert_int_equal(a.reserved_memory_bytes,
				 (255 + 11 * seed_aws[i].pods) * MIB);
	}
	assert_int_equal(i, 100);
}

/* ---- GKE ---- */

static void gke_e2_standard_4_reserves_2662mi(void **state)
{
	/*
	 * e2-standard-4: 4 vCPUs, 16 GiB. CPU 80m as for EKS: 3920m (the
	 * allocatable the GKE page shows for its 4-vCPU example node).
	 * Memory 25% x 4096 + 20% x 4096 + 10% x 8192 = 1024 + 819.2 + 819.2
	 * = 2662.4 MiB (2791728742.4 bytes), floored to whole MiB: 2662 MiB.
	 * 16384 - 2662 - 100 = 13622 MiB; 110 pods.
	 */
	mlcap_allocatable a = provider("gcp", "e2-standard-4", 4, 16 * GIB);

	(void)state;
	assert_string_equal(a.rule, "gke");
	assert_int_equal(a.reserved_cpu_millis, 80);
	assert_int_equal(a.cpu_millis, 3920);
	assert_int_equal(a.reserved_memory_bytes, 2662 * MIB);
	assert_int_equal(a.eviction_memory_bytes, 100 * MIB);
	assert_int_equal(a.memory_bytes, 13622 * MIB);
	assert_int_equal(a.pods, 110);
	assert_false(a.max_pods_estimated);
}

static void gke_large_node_uses_every_memory_band(void **state)
{
	/*
	 * 32 vCPUs, 256 GiB. CPU 80 + 0.25% x 28000 = 150m. Memory 1024 +
	 * 819.2 + 819.2 + 6% x 114688 (6881.28) + 2% x 131072 (2621.44) =
	 * 12165.12 MiB -> 12165 MiB; 262144 - 12165 - 100 = 249879 MiB.
	 */
	mlcap_allocatable a = provider("gcp", "n2-highmem-32", 32, 256 * GIB);

	(void)state;
	assert_int_equal(a.reserved_cpu_millis, 150);
	assert_int_equal(a.reserved_memory_bytes, 12165 * MIB);
	assert_int_equal(a.memory_bytes, 249879 * MIB);
}

static void gke_shared_core_e2_reserves_1060m(void **state)
{
	/*
	 * e2-medium: 2 vCPUs, 4 GiB. CPU flat 1060m: 940m. Memory 25% x 4096
	 * = 1024 MiB: 4096 - 1024 - 100 = 2972 MiB.
	 */
	mlcap_allocatable a = provider("gcp", "e2-medium", 2, 4 * GIB);

	(void)state;
	assert_string_equal(a.rule, "gke-shared-core");
	assert_int_equal(a.reserved_cpu_millis, 1060);
	assert_int_equal(a.cpu_millis, 940);
	assert_int_equal(a.reserved_memory_bytes, 1024 * MIB);
	assert_int_equal(a.memory_bytes, 2972 * MIB);
}

static void gke_below_1gib_reserves_255mi(void **state)
{
	/*
	 * 614 MiB (f1-micro's 0.6 GB): 255 MiB; 614 - 255 - 100 = 259 MiB.
	 * At exactly 1 GiB the bands apply: 25% x 1024 = 256 MiB.
	 */
	mlcap_allocatable a = provider("gcp", "f1-micro", 1, 614 * MIB);
	mlcap_allocatable b = provider("gcp", "x", 1, GIB);

	(void)state;
	assert_int_equal(a.reserved_memory_bytes, 255 * MIB);
	assert_int_equal(a.memory_bytes, 259 * MIB);
	assert_int_equal(a.reserved_cpu_millis, 60);
	assert_int_equal(b.reserved_memory_bytes, 256 * MIB);
}

/* ---- AKS ---- */

static void aks_8_cores_32gib_reserves_180m_and_5050mi(void **state)
{
	/*
	 * 8 cores: 180m from the table, 7820m allocatable. Memory
	 * min(20 x 250 + 50, 25% x 32768) = min(5050, 8192) = 5050 MiB;
	 * 32768 - 5050 - 100 = 27618 MiB; 250 pods (Azure CNI Overlay).
	 */
	mlcap_allocatable a = provider("azure", "Standard_D8s_v5", 8, 32 * GIB);

	(void)state;
	assert_string_equal(a.rule, "aks");
	assert_int_equal(a.reserved_cpu_millis, 180);
	assert_int_equal(a.cpu_millis, 7820);
	assert_int_equal(a.reserved_memory_bytes, 5050 * MIB);
	assert_int_equal(a.eviction_memory_bytes, 100 * MIB);
	assert_int_equal(a.memory_bytes, 27618 * MIB);
	assert_int_equal(a.pods, 250);
}

static void aks_small_node_takes_the_25_percent_cap(void **state)
{
	/* 2 cores, 4 GiB: min(5050, 1024) = 1024 MiB; 100m CPU. */
	mlcap_allocatable a = provider("azure", "Standard_B2s", 2, 4 * GIB);

	(void)state;
	assert_int_equal(a.reserved_memory_bytes, 1024 * MIB);
	assert_int_equal(a.memory_bytes, 2972 * MIB);
	assert_int_equal(a.reserved_cpu_millis, 100);
}

static void aks_cpu_matches_every_published_row(void **state)
{
	static const int64_t cores[] = {1, 2, 4, 8, 16, 32, 64};
	static const int64_t milli[] = {60, 100, 140, 180, 260, 420, 740};
	size_t i;

	(void)state;
	for (i = 0; i < 7; i++) {
		mlcap_allocatable a =
		    provider("azure", NULL, cores[i], 64 * GIB);
		assert_int_equal(a.reserved_cpu_millis, milli[i]);
	}
	/* Between rows, the brackets: 3 cores 120m, 48 cores 580m. */
	assert_int_equal(provider("azure", NULL, 3, GIB).reserved_cpu_millis,
			 120);
	assert_int_equal(provider("azure", NULL, 48, GIB).reserved_cpu_millis,
			 580);
}

/* ---- custom, NONE and invalid input ---- */

static void custom_provider_keeps_capacity(void **state)
{
	mlcap_allocatable a = provider("onprem", "big-box", 8, 32 * GIB);
	mlcap_allocatable b = provider(NULL, NULL, 8, 32 * GIB);

	(void)state;
	assert_string_equal(a.rule, "custom");
	assert_int_equal(a.cpu_millis, 8000);
	assert_int_equal(a.memory_bytes, 32 * GIB);
	assert_int_equal(a.pods, 110);
	assert_int_equal(a.reserved_cpu_millis, 0);
	assert_int_equal(a.reserved_memory_bytes, 0);
	assert_int_equal(a.eviction_memory_bytes, 0);
	assert_string_equal(b.rule, "custom");
	assert_int_equal(b.memory_bytes, 32 * GIB);
}

static void mode_none_ignores_the_provider(void **state)
{
	mlcap_allocatable a;

	(void)state;
	assert_int_equal(mlcap_allocatable_for("aws", "m5.xlarge", 4, 16 * GIB,
					       MLCAP_RESERVED_NONE, &a),
			 0);
	assert_string_equal(a.rule, "none");
	assert_int_equal(a.cpu_millis, 4000);
	assert_int_equal(a.memory_bytes, 16 * GIB);
	assert_int_equal(a.pods, 110);
	assert_int_equal(a.reserved_cpu_millis, 0);
	assert_int_equal(a.reserved_memory_bytes, 0);
	assert_int_equal(a.eviction_memory_bytes, 0);
	assert_false(a.max_pods_estimated);
}

static void invalid_capacity_is_einval_and_zeroes_out(void **state)
{
	mlcap_allocatable a;
	const mlcap_reserved_mode p = MLCAP_RESERVED_PROVIDER;

	(void)state;
	assert_int_equal(
	    mlcap_allocatable_for("aws", "m5.xlarge", 0, GIB, p, &a),
	    MLCAP_EINVAL);
	assert_null(a.rule);
	assert_int_equal(a.cpu_millis, 0);
	assert_int_equal(mlcap_allocatable_for("gcp", NULL, -4, GIB, p, &a),
			 MLCAP_EINVAL);
	assert_int_equal(mlcap_allocatable_for("gcp", NULL, 4, 0, p, &a),
			 MLCAP_EINVAL);
	assert_int_equal(mlcap_allocatable_for("azure", NULL, 4, -GIB, p, &a),
			 MLCAP_EINVAL);
	assert_int_equal(
	    mlcap_allocatable_for("aws", NULL, INT64_MAX, GIB, p, &a),
	    MLCAP_EINVAL);
	assert_int_equal(
	    mlcap_allocatable_for("x", NULL, 0, 0, MLCAP_RESERVED_NONE, &a),
	    MLCAP_EINVAL);
	assert_int_equal(mlcap_allocatable_for("aws", NULL, 4, GIB, p, NULL),
			 MLCAP_EINVAL);
}

static void huge_memory_does_not_overflow(void **state)
{
	/*
	 * INT64_MAX bytes on GKE: the 2% band is computed without
	 * multiplying the whole amount, so the result stays below capacity.
	 */
	mlcap_allocatable a = provider("gcp", NULL, 1, INT64_MAX);

	(void)state;
	assert_true(a.reserved_memory_bytes > 0);
	assert_true(a.reserved_memory_bytes < INT64_MAX / 40);
	assert_true(a.memory_bytes > INT64_MAX / 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(eks_m5_xlarge_reserves_80m_and_893mi),
	    cmocka_unit_test(eks_p5_48xlarge_uses_the_default_network_card),
	    cmocka_unit_test(eks_unknown_small_type_falls_back_to_110_pods),
	    cmocka_unit_test(eks_unknown_large_type_falls_back_to_250_pods),
	    cmocka_unit_test(eks_without_instance_type_is_estimated),
	    cmocka_unit_test(eks_cpu_floors_the_last_range),
	    cmocka_unit_test(eks_allocatable_memory_never_goes_negative),
	    cmocka_unit_test(eks_table_covers_every_seed_aws_type),
	    cmocka_unit_test(gke_e2_standard_4_reserves_2662mi),
	    cmocka_unit_test(gke_large_node_uses_every_memory_band),
	    cmocka_unit_test(gke_shared_core_e2_reserves_1060m),
	    cmocka_unit_test(gke_below_1gib_reserves_255mi),
	    cmocka_unit_test(aks_8_cores_32gib_reserves_180m_and_5050mi),
	    cmocka_unit_test(aks_small_node_takes_the_25_percent_cap),
	    cmocka_unit_test(aks_cpu_matches_every_published_row),
	    cmocka_unit_test(custom_provider_keeps_capacity),
	    cmocka_unit_test(mode_none_ignores_the_provider),
	    cmocka_unit_test(invalid_capacity_is_einval_and_zeroes_out),
	    cmocka_unit_test(huge_memory_does_not_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
