/*
 * test_pack.c - the packer (pack.c): small cases worked out by hand, and
 * seeded property tests on random instances: no node over any dimension,
 * every pod placed once or reported unplaced, cost = sum of node prices,
 * per-node limits kept, IMPROVE never dearer than FFD, same input same
 * plan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "mlcap/mlcap.h"

#define USD 1000000000LL

static mlcap_pack_type type(const char *name, int64_t cpu, int64_t mem,
			    int64_t gpu, int64_t usd_nanos)
{
	mlcap_pack_type t;
	memset(&t, 0, sizeof(t));
	t.name = name;
	t.pool = "default";
	t.cap[0] = cpu;
	t.cap[1] = mem;
	t.cap[2] = gpu;
	t.usd_nanos = usd_nanos;
	t.max_nodes = -1;
	return t;
}

static mlcap_pack_group group(int64_t cpu, int64_t mem, int64_t gpu,
			      int64_t count)
{
	mlcap_pack_group g;
	memset(&g, 0, sizeof(g));
	g.name = "g";
	g.req[0] = cpu;
	g.req[1] = mem;
	g.req[2] = gpu;
	g.count = count;
	return g;
}

static mlcap_pack_problem problem(const mlcap_pack_type *t, size_t nt,
				  const mlcap_pack_group *g, size_t ng)
{
	mlcap_pack_problem p;
	memset(&p, 0, sizeof(p));
	p.n_dims = 3;
	p.dims[0] = "cpu_millis";
	p.dims[1] = "memory_bytes";
	p.dims[2] = "nvidia.com/gpu";
	p.types = t;
	p.n_types = nt;
	p.groups = g;
	p.n_groups = ng;
	return p;
}

/* The invariants every plan must keep. */
static void check_plan(const mlcap_pack_problem *p, const mlcap_pack_result *r)
{
	int64_t cost = 0, placed = 0, unplaced = 0;
	int64_t used[4096][MLCAP_PACK_MAX_DIMS];
	uint32_t per_group_node[4096];
	size_t n, d, g, pod = 0;

	assert_true(r->n_nodes <= 4096);
	memset(used, 0, sizeof(used));
	for (g = 0; g < p->n_groups; g++) {
		memset(per_group_node, 0, sizeof(per_group_node));
		for (int64_t c = 0; c < p->groups[g].count; c++, pod++) {
			uint32_t node = r->node_of[pod];
			if (node == UINT32_MAX) {
				unplaced++;
				continue;
			}
			assert_true(node < r->n_nodes);
			/* The group may run on the node's type. */
			if (p->groups[g].allowed)
				assert_true(
				    p->groups[g].allowed[r->nodes[node].type]);
			for (d = 0; d < p->n_dims; d++)
				used[node][d] += p->groups[g].req[d];
			per_group_node[node]++;
			placed++;
		}
		if (p->groups[g].max_per_node > 0)
			for (n = 0; n < r->n_nodes; n++)
				assert_true(
				    per_group_node[n] <=
				    (uint32_t)p->groups[g].max_per_node);
		assert_int_equal(r->unplaced_by_group[g] >= 0, 1);
	}
	assert_int_equal(pod, r->n_pods);
	assert_int_equal(unplaced, r->unplaced);
	for (n = 0; n < r->n_nodes; n++) {
		const mlcap_pack_type *t = &p->types[r->nodes[n].type];
		assert_true(r->nodes[n].pods > 0); /* no empty node is paid */
		for (d = 0; d < p->n_dims; d++) {
			assert_int_equal(used[n][d], r->nodes[n].used[d]);
			assert_true(used[n][d] <= t->cap[d]);
		}
		cost += t->usd_nanos;
	}
	assert_int_equal(cost, r->cost_nanos);
	(void)placed;
}

static void pack_fills_one_type_four_pods_a_node(void **state)
{
	/* 10 pods of 1 CPU on 4-CPU nodes: 4 + 4 + 2, three nodes. */
	mlcap_pack_type t[] = {type("m4", 4000, 16 << 20, 0, 2 * USD)};
	mlcap_pack_group g[] = {group(1000, 1 << 20, 0, 10)};
	mlcap_pack_problem p = problem(t, 1, g, 1);
	mlcap_pack_result r;

	(void)state;
	assert_int_equal(mlcap_pack(&p, MLCAP_PACK_FFD, &r), 0);
	check_plan(&p, &r);
	assert_int_equal(r.n_nodes, 3);
	assert_int_equal(r.cost_nanos, 6 * USD);
	mlcap_pack_release(&r);
}

static void pack_opens_the_type_cheapest_per_pod(void **state)
{
	/* 8 pods of 1 CPU: small (2 CPU, $1) costs $0.5 a pod, big (8 CPU,
	 * $3) $0.375: one big node, $3 (four small would be $4). */
	mlcap_pack_type t[] = {type("small", 2000, 8 << 20, 0, USD),
			       type("big", 8000, 32 << 20, 0, 3 * USD)};
	mlcap_pack_group g[] = {group(1000, 1 << 20, 0, 8)};
	mlcap_pack_problem p = problem(t, 2, g, 1);
	mlcap_pack_result r;

	(void)state;
	assert_int_equal(mlcap_pack(&p, MLCAP_PACK_FFD, &r), 0);
	check_plan(&p, &r);
	assert_int_equal(r.n_nodes, 1);
	assert_int_equal(r.nodes[0].type, 1);
	assert_int_equal(r.cost_nanos, 3 * USD);
	mlcap_pack_release(&r);
}

static void improve_merges_two_nodes_into_one_cheaper(void **state)
{
	/*
	 * One 2-CPU pod, then two 1-CPU pods; types (2 CPU, $2), (4 CPU,
	 * $3). FFD: the 2-CPU pod opens a $2 node (cheapest per pod), the
	 * two others another $2 node: $4. One 4-CPU node holds all: $3.
	 */
	mlcap_pack_type t[] = {type("c2", 2000, 8 << 20, 0, 2 * USD),
			       type("c4", 4000, 16 << 20, 0, 3 * USD)};
	mlcap_pack_group g[] = {group(2000, 1 << 20, 0, 1),
				group(1000, 1 << 20, 0, 2)};
	mlcap_pack_problem p = problem(t, 2, g, 2);
	mlcap_pack_result f, r;

	(void)state;
	assert_int_equal(mlcap_pack(&p, MLCAP_PACK_FFD, &f), 0);
	check_plan(&p, &f);
	assert_int_equal(f.cost_nanos, 4 * USD);
	assert_int_equal(mlcap_pack(&p, MLCAP_PACK_IMPROVE, &r), 0);
	check_plan(&p, &r);
	assert_int_equal(r.cost_nanos, 3 * USD);
	assert_int_equal(r.n_nodes, 1);
	mlcap_pack_release(&f);
	mlcap_pack_release(&r);
}

static void pack_keeps_gpu_pods_on_gpu_types_and_reports_the_rest(void **state)
{
	/*
	 * A 10-GPU pod fits no type (the largest has 8): unplaced. A 1-GPU
	 * pod goes to the GPU type; CPU pods may not (allowed = false).
	 */
	mlcap_pack_type t[] = {type("cpu", 8000, 32 << 20, 0, USD),
			       type("gpu8", 96000, 1 << 30, 8, 30 * USD)};
	bool cpu_only[] = {true, false};
	mlcap_pack_group g[] = {group(1000, 1 << 20, 10, 1),
				group(1000, 1 << 20, 1, 1),
				group(1000, 1 << 20, 0, 4)};
	mlcap_pack_problem p;
	mlcap_pack_result r;

	(void)state;
	g[2].allowed = cpu_only;
	p = problem(t, 2, g, 3);
	assert_int_equal(mlcap_pack(&p, MLCAP_PACK_IMPROVE, &r), 0);
	check_plan(&p, &r);
	assert_int_equal(r.unplaced, 1);
	assert_int_equal(r.unplaced_by_group[0], 1);
	assert_int_equal(r.n_nodes, 2);
	assert_int_equal(r.cost_nanos, 31 * USD);
	mlcap_pack_release(&r);
}

static void pack_keeps_one_replica_per_node_with_anti_affinity(void **state)
{
	/* 5 replicas, one per node: five nodes although one would do. */
	mlcap_pack_type t[] = {type("m4", 4000, 16 << 20, 0, USD)};
	mlcap_pack_group g[] = {group(100, 1 << 20, 0, 5)};
	mlcap_pack_problem p;
	mlcap_pack_result r;

	(void)state;
	g[0].max_per_node = 1;
	p = problem(t, 1, g, 1);
	assert_int_equal(mlcap_pack(&p, MLCAP_PACK_IMPROVE, &r), 0);
	check_plan(&p, &r);
	assert_int_equal(r.n_nodes, 5);
	mlcap_pack_release(&r);
}

static void pack_respects_max_nodes(void **state)
{
	/* The cheap type may open 2 nodes; the rest go to the dear one. */
	mlcap_pack_type t[] = {type("cheap", 2000, 8 << 20, 0, USD),
			       type("dear", 2000, 8 << 20, 0, 5 * USD)};
	mlcap_pack_group g[] = {group(2000, 1 << 20, 0, 3)};
	mlcap_pack_problem p;
	mlcap_pack_result r;

	(void)state;
	t[0].max_nodes = 2;
	p = problem(t, 2, g, 1);
	assert_int_equal(mlcap_pack(&p, MLCAP_PACK_IMPROVE, &r), 0);
	check_plan(&p, &r);
	assert_int_equal(r.cost_nanos, 7 * USD);
	mlcap_pack_release(&r);
}

/* xorshift64*: deterministic random instances. */
static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static void random_instances_keep_every_invariant(void **state)
{
	int round;

	(void)state;
	for (round = 0; round < 200; round++) {
		mlcap_pack_type t[6];
		mlcap_pack_group g[12];
		bool allowed[12][6];
		size_t nt = 1 + next() % 6, ng = 1 + next() % 12, i, j;
		mlcap_pack_problem p;
		mlcap_pack_result f, r, r2;

		for (i = 0; i < nt; i++) {
			int64_t cpu = 1000 * (int64_t)(1 << (next() % 6));
			t[i] = type("t", cpu,
				    cpu * (1 + (int64_t)(next() % 8)) << 20,
				    (int64_t)(next() % 3) * 4,
				    (int64_t)(1 + next() % 100) * USD / 10);
			t[i].max_nodes = next() % 5 == 0 ? 3 : -1;
		}
		for (j = 0; j < ng; j++) {
			g[j] = group(100 * (int64_t)(1 + next() % 40),
				     (int64_t)(1 + next() % 64) << 20,
				     next() % 4 == 0 ? 1 + next() % 4 : 0,
				     (int64_t)(1 + next() % 30));
			g[j].max_per_node =
			    next() % 4 == 0 ? 1 + next() % 3 : 0;
			for (i = 0; i < nt; i++)
				allowed[j][i] = next() % 5 != 0;
			g[j].allowed = next() % 2 ? allowed[j] : NULL;
		}
		p = problem(t, nt, g, ng);
		assert_int_equal(mlcap_pack(&p, MLCAP_PACK_FFD, &f), 0);
		check_plan(&p, &f);
		assert_int_equal(mlcap_pack(&p, MLCAP_PACK_IMPROVE, &r), 0);
		check_plan(&p, &r);
		/* Improvement never drops a pod and may place more (other
		 * FFD orders, when maxNodes bounds the capacity); placing
		 * as many, it never costs more. */
		assert_true(r.unplaced <= f.unplaced);
		if (r.unplaced == f.unplaced)
			assert_true(r.cost_nanos <= f.cost_nanos);
		/* Same input, same plan. */
		assert_int_equal(mlcap_pack(&p, MLCAP_PACK_IMPROVE, &r2), 0);
		assert_int_equal(r2.cost_nanos, r.cost_nanos);
		assert_int_equal(r2.n_nodes, r.n_nodes);
		assert_memory_equal(r2.node_of, r.node_of,
				    r.n_pods * sizeof(uint32_t));
		mlcap_pack_release(&f);
		mlcap_pack_release(&r);
		mlcap_pack_release(&r2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(pack_fills_one_type_four_pods_a_node),
	    cmocka_unit_test(pack_opens_the_type_cheapest_per_pod),
	    cmocka_unit_test(improve_merges_two_nodes_into_one_cheaper),
	    cmocka_unit_test(
		pack_keeps_gpu_pods_on_gpu_types_and_reports_the_rest),
	    cmocka_unit_test(
		pack_keeps_one_replica_per_node_with_anti_affinity),
	    cmocka_unit_test(pack_respects_max_nodes),
	    cmocka_unit_test(random_instances_keep_every_invariant),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
