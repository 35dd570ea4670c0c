/*
 * test_pack_props.c - seeded property tests of the packer (pack.c,
 * pack_bound.c) and the planner (plan.c) on generated instances: no node
 * over capacity, every pod placed once or counted unplaced, cost = sum of
 * node prices, constraints kept, IMPROVE never dearer than FFD and never
 * under the lower bound, same input same plan, a cluster's zero-priced
 * nodes filled first; and a plan's totals that add up per scenario.
 */
#include "support.h"

#define USD	   1000000000LL
#define GIB	   (1LL << 30)
#define MIB	   (1LL << 20)
#define MAX_TYPES  16
#define MAX_GROUPS 30

/* ---- random instances ---- */

/* xorshift64*, seeded through splitmix64 so nearby seeds differ. */
typedef struct {
	uint64_t s;
} prng;

static void prng_seed(prng *r, uint64_t seed)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	r->s = (z ^ (z >> 31)) | 1;
}

static uint64_t prng_next(prng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ULL;
}

/* Uniform enough in [0, n). */
static int64_t below(prng *r, int64_t n)
{
	return (int64_t)((prng_next(r) >> 11) % (uint64_t)n);
}

/* True with probability 1/n. */
static bool one_in(prng *r, int64_t n)
{
	return below(r, n) == 0;
}

/* A problem and the storage it points into. */
typedef struct {
	uint64_t seed;
	bool with_zero; /* has zero-priced max_nodes 1 types */
	mlcap_pack_type types[MAX_TYPES];
	mlcap_pack_group groups[MAX_GROUPS];
	bool allowed[MAX_GROUPS][MAX_TYPES];
	mlcap_pack_problem p;
} instance;

static const char *const dim_names[] = {"cpu_millis", "memory_bytes", "pods",
					"nvidia.com/gpu", "ephemeral_bytes"};

/* A node type of `cores` cores, priced per `mode` (0 near the resource
 * cost, 1 at random, 2 exactly the resource cost). */
static mlcap_pack_type gen_type(prng *r, size_t n_dims, int mode)
{
	static const int64_t pods[] = {8, 16, 29, 58, 110};
	mlcap_pack_type t;
	int64_t cores = 1LL << (1 + below(r, 6)), gpus = 0, base;

	memset(&t, 0, sizeof(t));
	t.name = "t";
	t.pool = "p";
	t.cap[0] = cores * 1000 - below(r, 300);
	t.cap[1] = (cores << (30 + below(r, 4))) - below(r, 512) * MIB;
	t.cap[2] = pods[below(r, 5)];
	if (n_dims > 3 && one_in(r, 3))
		gpus = t.cap[3] = 1LL << below(r, 4);
	if (n_dims > 4)
		t.cap[4] = (20 + below(r, 180)) * GIB;
	base = cores * 30000000 + (t.cap[1] / GIB) * 5000000 + gpus * 600000000;
	t.usd_nanos = mode == 0	  ? base * (80 + below(r, 41)) / 100
		      : mode == 1 ? (1 + below(r, 4000)) * 1000000
				  : base;
	if (t.usd_nanos <= 0)
		t.usd_nanos = 1;
	t.max_nodes = -1;
	return t;
}

/*
 * Instance `seed`: 1-6 types over 3-5 dimensions, 1-30 groups of 1-50
 * pods. One instance in three has max_nodes limits. Groups are allowed
 * everywhere (NULL or all true) or on a random subset; in one instance
 * in four some ask more than any type has. With `with_zero`, 1-8 zero-priced
 * types with max_nodes 1 (a cluster's existing nodes) go at random places.
 */
static void gen_instance(instance *in, uint64_t seed, bool with_zero)
{
	prng r;
	size_t nt, ng, nd, i, j, d;
	int mode;
	bool limits, roomy, huge;

	memset(in, 0, sizeof(*in));
	prng_seed(&r, seed);
	in->seed = seed;
	in->with_zero = with_zero;
	nd = 3 + (size_t)below(&r, 3);
	nt = 1 + (size_t)below(&r, 6);
	mode = (int)below(&r, 3);
	limits = one_in(&r, 3);
	huge = one_in(&r, 4);
	roomy = with_zero && one_in(&r, 2);
	ng = 1 + (size_t)below(&r, roomy ? 12 : MAX_GROUPS);
	for (i = 0; i < nt; i++) {
		in->types[i] = gen_type(&r, nd, mode);
		if (limits && one_in(&r, 3))
			in->types[i].max_nodes = 1 + below(&r, 6);
	}
	if (with_zero) {
		size_t nz =
		    roomy ? 4 + (size_t)below(&r, 5) : 1 + (size_t)below(&r, 8);
		for (j = 0; j < nz; j++) {
			mlcap_pack_type z = gen_type(&r, nd, 2);
			size_t at = (size_t)below(&r, (int64_t)nt + 1);
			z.name = "existing";
			z.usd_nanos = 0;
			z.max_nodes = 1;
			if (roomy) {
				z.cap[0] = 64000;
				z.cap[1] = 512 * GIB;
				z.cap[2] = 110;
				if (nd > 3)
					z.cap[3] = 8;
				if (nd > 4)
					z.cap[4] = 400 * GIB;
			} else { /* partly used already */
				for (d = 0; d < nd; d++)
					z.cap[d] -=
					    z.cap[d] * below(&r, 80) / 100;
			}
			memmove(&in->types[at + 1], &in->types[at],
				(nt - at) * sizeof(in->types[0]));
			in->types[at] = z;
			nt++;
		}
	}
	for (j = 0; j < ng; j++) {
		mlcap_pack_group *g = &in->groups[j];
		int amode = (int)below(&r, 3);
		g->name = "g";
		g->req[0] = 50 * (1 + below(&r, 60));
		g->req[1] = (64 + below(&r, 4096)) * MIB;
		g->req[2] = 1;
		if (nd > 3 && one_in(&r, 4))
			g->req[3] = 1 + below(&r, 4);
		if (nd > 4)
			g->req[4] = below(&r, 10) * GIB;
		if (huge && one_in(&r, 8)) /* more than any type has */
			g->req[below(&r, (int64_t)nd)] *= 1000;
		g->count = roomy ? 1 + below(&r, 10) : 1 + below(&r, 50);
		g->max_per_node = one_in(&r, 4) ? 1 + below(&r, 3) : 0;
		for (i = 0; i < nt; i++)
			in->allowed[j][i] = amode == 1 || below(&r, 10) < 6;
		g->allowed = amode == 0 ? NULL : in->allowed[j];
	}
	in->p.n_dims = nd;
	for (d = 0; d < nd; d++)
		in->p.dims[d] = dim_names[d];
	in->p.types = in->types;
	in->p.n_types = nt;
	in->p.groups = in->groups;
	in->p.n_groups = ng;
}

/* Prints the instance, so a failure can be reproduced and minimised. */
static void dump_instance(const instance *in)
{
	const mlcap_pack_problem *p = &in->p;
	size_t t, g, d;

	fprintf(
	    stderr, "  instance seed %llu: %zu dims, %zu types, %zu groups\n",
	    (unsigned long long)in->seed, p->n_dims, p->n_types, p->n_groups);
	for (t = 0; t < p->n_types; t++) {
		fprintf(stderr, "  type %zu: usd_nanos %lld max_nodes %lld cap",
			t, (long long)p->types[t].usd_nanos,
			(long long)p->types[t].max_nodes);
		for (d = 0; d < p->n_dims; d++)
			fprintf(stderr, " %lld", (long long)p->types[t].cap[d]);
		fprintf(stderr, "\n");
	}
	for (g = 0; g < p->n_groups; g++) {
		const mlcap_pack_group *gr = &p->groups[g];
		fprintf(stderr, "  group %zu: count %lld max_per_node %lld req",
			g, (long long)gr->count, (long long)gr->max_per_node);
		for (d = 0; d < p->n_dims; d++)
			fprintf(stderr, " %lld", (long long)gr->req[d]);
		fprintf(stderr, " allowed ");
		for (t = 0; t < p->n_types; t++)
			fprintf(stderr, "%c",
				!gr->allowed || gr->allowed[t] ? '1' : '0');
		fprintf(stderr, "\n");
	}
}

/* A property: on failure, name it and the instance, then fail. */
#define PROP(in, method, cond, ...)                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "  property failed (%s): ",            \
				method_name(method));                          \
			fprintf(stderr, __VA_ARGS__);                          \
			fprintf(stderr, "\n");                                 \
			dump_instance(in);                                     \
			fail_msg("%s", #cond);                                 \
		}                                                              \
	} while (0)

static const char *method_name(mlcap_pack_method m)
{
	return m == MLCAP_PACK_FFD ? "ffd" : "improve";
}

/* ---- what a failed test leaves behind ---- */

/* Results and scratch buffers, released by the teardown after a failure. */
#define LIVE 4
static mlcap_pack_result live[LIVE];
static void *scratch_bufs[LIVE];

static int props_teardown(void **state)
{
	size_t i;

	for (i = 0; i < LIVE; i++) {
		mlcap_pack_release(&live[i]);
		free(scratch_bufs[i]);
		scratch_bufs[i] = NULL;
	}
	return test_teardown(state);
}

/* Zeroed scratch of `n` bytes in slot `i`, freed by the teardown. */
static void *scratch(size_t i, size_t n)
{
	free(scratch_bufs[i]);
	scratch_bufs[i] = calloc(n + 1, 1);
	assert_non_null(scratch_bufs[i]);
	return scratch_bufs[i];
}

/* Packs `in` with `m` into result slot `slot`. */
static mlcap_pack_result *pack(const instance *in, mlcap_pack_method m,
			       size_t slot)
{
	mlcap_pack_result *r = &live[slot];

	mlcap_pack_release(r);
	PROP(in, m, mlcap_pack(&in->p, m, r) == 0, "mlcap_pack failed");
	return r;
}

/* ---- the invariants of one plan ---- */

static bool allowed_on(const mlcap_pack_group *g, size_t t)
{
	return !g->allowed || g->allowed[t];
}

/* The type holds one pod of the group alone and the group may use it. */
static bool fits_alone(const mlcap_pack_problem *p, size_t g, size_t t)
{
	size_t d;

	if (!allowed_on(&p->groups[g], t))
		return false;
	for (d = 0; d < p->n_dims; d++)
		if (p->groups[g].req[d] > p->types[t].cap[d])
			return false;
	return true;
}

/* Some type holds one pod of the group alone and the group may use it. */
static bool fits_anywhere(const mlcap_pack_problem *p, size_t g)
{
	size_t t;

	for (t = 0; t < p->n_types; t++)
		if (fits_alone(p, g, t))
			return true;
	return false;
}

/*
 * Properties 1-4 on `r`: usage recomputed from node_of matches each node
 * and stays within its type; every pod placed or counted per group; a
 * group that fits an allowed type without a node limit is fully placed,
 * one that fits no allowed type is not placed at all; cost is the sum of
 * the nodes' prices, no node is empty; allowed types, max_per_node and
 * max_nodes hold.
 */
static void check_plan(const instance *in, mlcap_pack_method m,
		       const mlcap_pack_result *r)
{
	const mlcap_pack_problem *p = &in->p;
	int64_t *used, *per_type, cost = 0, unplaced = 0;
	uint32_t *pods, *mine;
	size_t n, d, g, t, pod = 0, total = 0;

	for (g = 0; g < p->n_groups; g++)
		total += (size_t)p->groups[g].count;
	PROP(in, m, r->n_pods == total, "n_pods %zu, want %zu", r->n_pods,
	     total);
	used = scratch(0, (r->n_nodes + 1) * MLCAP_PACK_MAX_DIMS *
			      sizeof(int64_t));
	pods = scratch(1, (r->n_nodes + 1) * sizeof(uint32_t));
	mine = scratch(2, (r->n_nodes + 1) * sizeof(uint32_t));
	per_type = scratch(3, (p->n_types + 1) * sizeof(int64_t));
	for (n = 0; n < r->n_nodes; n++)
		PROP(in, m, r->nodes[n].type < p->n_types,
		     "node %zu has type %u", n, r->nodes[n].type);
	for (g = 0; g < p->n_groups; g++) {
		const mlcap_pack_group *gr = &p->groups[g];
		int64_t c, lost = 0;
		bool unlimited = false, any = false;
		memset(mine, 0, (r->n_nodes + 1) * sizeof(uint32_t));
		for (c = 0; c < gr->count; c++, pod++) {
			uint32_t node = r->node_of[pod];
			if (node == UINT32_MAX) {
				lost++;
				continue;
			}
			PROP(in, m, node < r->n_nodes,
			     "pod %zu of group %zu on node %u of %zu", pod, g,
			     node, r->n_nodes);
			PROP(in, m, allowed_on(gr, r->nodes[node].type),
			     "group %zu on type %u, which it may not use", g,
			     r->nodes[node].type);
			for (d = 0; d < p->n_dims; d++)
				used[node * MLCAP_PACK_MAX_DIMS + d] +=
				    gr->req[d];
			pods[node]++;
			mine[node]++;
		}
		PROP(in, m, lost == r->unplaced_by_group[g],
		     "group %zu: %lld pods unplaced, counted %lld", g,
		     (long long)lost, (long long)r->unplaced_by_group[g]);
		unplaced += lost;
		if (gr->max_per_node > 0)
			for (n = 0; n < r->n_nodes; n++)
				PROP(in, m, mine[n] <= gr->max_per_node,
				     "group %zu: %u pods on node %zu, limit "
				     "%lld",
				     g, mine[n], n,
				     (long long)gr->max_per_node);
		for (t = 0; t < p->n_types; t++)
			if (fits_alone(p, g, t)) {
				any = true;
				unlimited |= p->types[t].max_nodes < 0;
			}
		if (unlimited)
			PROP(in, m, lost == 0,
			     "group %zu fits a type without a node limit, "
			     "yet %lld pods are unplaced",
			     g, (long long)lost);
		if (!any)
			PROP(in, m, lost == gr->count,
			     "group %zu fits no allowed type, yet %lld of "
			     "%lld pods are placed",
			     g, (long long)(gr->count - lost),
			     (long long)gr->count);
	}
	PROP(in, m, unplaced == r->unplaced, "%lld pods unplaced, counted %lld",
	     (long long)unplaced, (long long)r->unplaced);
	for (n = 0; n < r->n_nodes; n++) {
		const mlcap_pack_node *nd = &r->nodes[n];
		const mlcap_pack_type *ty = &p->types[nd->type];
		PROP(in, m, pods[n] > 0, "node %zu is empty", n);
		PROP(in, m, pods[n] == nd->pods, "node %zu: %u pods, says %u",
		     n, pods[n], nd->pods);
		for (d = 0; d < p->n_dims; d++) {
			int64_t u = used[n * MLCAP_PACK_MAX_DIMS + d];
			PROP(in, m, u == nd->used[d],
			     "node %zu dim %zu: uses %lld, says %lld", n, d,
			     (long long)u, (long long)nd->used[d]);
			PROP(in, m, u <= ty->cap[d],
			     "node %zu (type %u) dim %zu: uses %lld of %lld", n,
			     nd->type, d, (long long)u, (long long)ty->cap[d]);
		}
		per_type[nd->type]++;
		cost += ty->usd_nanos;
	}
	for (t = 0; t < p->n_types; t++)
		if (p->types[t].max_nodes >= 0)
			PROP(in, m, per_type[t] <= p->types[t].max_nodes,
			     "type %zu: %lld nodes, max_nodes %lld", t,
			     (long long)per_type[t],
			     (long long)p->types[t].max_nodes);
	PROP(in, m, cost == r->cost_nanos, "cost %lld, sum of nodes %lld",
	     (long long)r->cost_nanos, (long long)cost);
}

/* Two results are the same plan, field by field. */
static void check_same(const instance *in, mlcap_pack_method m,
		       const mlcap_pack_result *a, const mlcap_pack_result *b)
{
	size_t n, g;

	PROP(in, m,
	     a->n_nodes == b->n_nodes && a->n_pods == b->n_pods &&
		 a->cost_nanos == b->cost_nanos && a->unplaced == b->unplaced,
	     "two runs differ: %zu/%zu nodes, cost %lld/%lld", a->n_nodes,
	     b->n_nodes, (long long)a->cost_nanos, (long long)b->cost_nanos);
	for (n = 0; n < a->n_nodes; n++)
		PROP(in, m,
		     a->nodes[n].type == b->nodes[n].type &&
			 a->nodes[n].pods == b->nodes[n].pods &&
			 memcmp(a->nodes[n].used, b->nodes[n].used,
				sizeof(a->nodes[n].used)) == 0,
		     "two runs differ at node %zu", n);
	PROP(in, m,
	     memcmp(a->node_of, b->node_of, a->n_pods * sizeof(uint32_t)) == 0,
	     "two runs place pods differently");
	for (g = 0; g < in->p.n_groups; g++)
		PROP(in, m, a->unplaced_by_group[g] == b->unplaced_by_group[g],
		     "two runs differ in group %zu's unplaced pods", g);
}

/* ---- packer properties ---- */

#define N_INSTANCES 300
#define N_ZERO	    150
#define SEED	    20240601ULL

static void random_plans_keep_capacity_placement_cost_and_limits(void **state)
{
	static const mlcap_pack_method methods[] = {MLCAP_PACK_FFD,
						    MLCAP_PACK_IMPROVE};
	instance in;
	int64_t unplaced = 0, nodes = 0;
	size_t i, k;

	(void)state;
	for (i = 0; i < N_INSTANCES; i++) {
		gen_instance(&in, SEED + i, false);
		for (k = 0; k < 2; k++) {
			mlcap_pack_result *r = pack(&in, methods[k], 0);
			check_plan(&in, methods[k], r);
			unplaced += r->unplaced;
			nodes += (int64_t)r->n_nodes;
		}
	}
	/* The generator reaches both placed and unplaced pods. */
	assert_true(unplaced > 0);
	assert_true(nodes > 10 * N_INSTANCES);
}

/*
 * Whether every unplaced pod is of a group no allowed type holds: those
 * are out of the bound's demand, so the bound must stay under the cost.
 */
static bool only_misfits_unplaced(const mlcap_pack_problem *p,
				  const mlcap_pack_result *r)
{
	size_t g;

	for (g = 0; g < p->n_groups; g++)
		if (r->unplaced_by_group[g] > 0 && fits_anywhere(p, g))
			return false;
	return true;
}

static void improve_is_never_dearer_than_ffd_nor_under_the_bound(void **state)
{
	instance in;
	size_t i, cheaper = 0, bounded = 0;

	(void)state;
	for (i = 0; i < N_INSTANCES; i++) {
		mlcap_pack_result *f, *r;
		int64_t lb = -1;
		gen_instance(&in, SEED + i, false);
		f = pack(&in, MLCAP_PACK_FFD, 0);
		r = pack(&in, MLCAP_PACK_IMPROVE, 1);
		/* Never fewer pods placed; as many placed, never dearer. */
		PROP(&in, MLCAP_PACK_IMPROVE, r->unplaced <= f->unplaced,
		     "improve leaves %lld unplaced, ffd %lld",
		     (long long)r->unplaced, (long long)f->unplaced);
		PROP(&in, MLCAP_PACK_IMPROVE,
		     r->unplaced < f->unplaced ||
			 r->cost_nanos <= f->cost_nanos,
		     "improve costs %lld, ffd %lld (%lld unplaced)",
		     (long long)r->cost_nanos, (long long)f->cost_nanos,
		     (long long)r->unplaced);
		cheaper += r->cost_nanos < f->cost_nanos;
		PROP(&in, MLCAP_PACK_IMPROVE,
		     mlcap_pack_lower_bound(&in.p, &lb) == 0,
		     "mlcap_pack_lower_bound failed");
		PROP(&in, MLCAP_PACK_IMPROVE, lb >= 0, "bound %lld",
		     (long long)lb);
		if (only_misfits_unplaced(&in.p, r)) {
			PROP(&in, MLCAP_PACK_IMPROVE, lb <= r->cost_nanos,
			     "bound %lld over improve's cost %lld",
			     (long long)lb, (long long)r->cost_nanos);
			PROP(&in, MLCAP_PACK_FFD, lb <= f->cost_nanos,
			     "bound %lld over ffd's cost %lld", (long long)lb,
			     (long long)f->cost_nanos);
			bounded++;
		}
	}
	/* Not vacuous: improvement happens, most instances are bounded. */
	assert_true(cheaper > 0);
	assert_true(bounded > N_INSTANCES / 2);
}

static void same_input_gives_the_same_plan(void **state)
{
	static const mlcap_pack_method methods[] = {MLCAP_PACK_FFD,
						    MLCAP_PACK_IMPROVE};
	instance in, copy;
	size_t i, k;

	(void)state;
	for (i = 0; i < N_INSTANCES; i += 2) {
		gen_instance(&in, SEED + i, i % 4 == 0);
		for (k = 0; k < 2; k++) {
			mlcap_pack_result *a = pack(&in, methods[k], 0);
			mlcap_pack_result *b;
			/* The same numbers at other addresses. */
			gen_instance(&copy, SEED + i, i % 4 == 0);
			b = pack(&copy, methods[k], 1);
			check_same(&in, methods[k], a, b);
		}
	}
}

/*
 * What FFD does with the zero-priced types alone: groups largest first
 * (the packer's order), each into the open nodes in opening order, then
 * into a new node of the lowest-index zero-priced type not yet opened
 * that holds one of its pods. Groups no allowed type holds are skipped:
 * the packer opens nothing for them and counts them unplaced. True when
 * every other pod finds room.
 */
static bool ffd_fits_in_zero_priced(const mlcap_pack_problem *p)
{
	double size[MAX_GROUPS], ref[MLCAP_PACK_MAX_DIMS];
	size_t order[MAX_GROUPS], open[MAX_TYPES], n_open = 0;
	int64_t used[MAX_TYPES][MLCAP_PACK_MAX_DIMS];
	bool opened[MAX_TYPES] = {false};
	size_t g, t, d, i, j;

	memset(used, 0, sizeof(used));
	for (d = 0; d < p->n_dims; d++) {
		ref[d] = 1;
		for (t = 0; t < p->n_types; t++)
			if ((double)p->types[t].cap[d] > ref[d])
				ref[d] = (double)p->types[t].cap[d];
	}
	for (g = 0; g < p->n_groups; g++) {
		size[g] = 0;
		for (d = 0; d < p->n_dims; d++)
			if ((double)p->groups[g].req[d] / ref[d] > size[g])
				size[g] = (double)p->groups[g].req[d] / ref[d];
		/* Insertion sort: larger first, then lower index. */
		for (j = g; j > 0 && size[order[j - 1]] < size[g]; j--)
			order[j] = order[j - 1];
		order[j] = g;
	}
	for (i = 0; i < p->n_groups; i++) {
		const mlcap_pack_group *gr = &p->groups[order[i]];
		int64_t left = gr->count;
		size_t k = 0;
		if (!fits_anywhere(p, order[i]))
			continue;
		for (;;) {
			size_t node;
			int64_t fit =
			    gr->max_per_node > 0 ? gr->max_per_node : INT64_MAX;
			if (k < n_open) {
				node = open[k++];
			} else {
				for (t = 0; t < p->n_types; t++)
					if (p->types[t].usd_nanos == 0 &&
					    !opened[t] &&
					    fits_alone(p, order[i], t))
						break;
				if (t == p->n_types)
					return false;
				opened[t] = true;
				node = open[n_open++] = t;
				k = n_open;
			}
			if (!fits_alone(p, order[i], node))
				continue;
			for (d = 0; d < p->n_dims; d++)
				if (gr->req[d] > 0 &&
				    (p->types[node].cap[d] - used[node][d]) /
					    gr->req[d] <
					fit)
					fit = (p->types[node].cap[d] -
					       used[node][d]) /
					      gr->req[d];
			if (fit > left)
				fit = left;
			for (d = 0; d < p->n_dims; d++)
				used[node][d] += gr->req[d] * fit;
			left -= fit;
			if (left == 0)
				break;
		}
	}
	return true;
}

static void zero_priced_nodes_are_filled_before_paid_ones(void **state)
{
	static const mlcap_pack_method methods[] = {MLCAP_PACK_FFD,
						    MLCAP_PACK_IMPROVE};
	instance in;
	size_t i, k, g, free_plans = 0;

	(void)state;
	for (i = 0; i < N_ZERO; i++) {
		bool fits;
		gen_instance(&in, SEED + 100000 + i, true);
		fits = ffd_fits_in_zero_priced(&in.p);
		for (k = 0; k < 2; k++) {
			mlcap_pack_result *r = pack(&in, methods[k], 0);
			check_plan(&in, methods[k], r);
			if (!fits)
				continue;
			PROP(&in, methods[k], r->cost_nanos == 0,
			     "all pods fit the zero-priced nodes, yet the "
			     "plan costs %lld",
			     (long long)r->cost_nanos);
			for (g = 0; g < in.p.n_groups; g++)
				PROP(&in, methods[k],
				     r->unplaced_by_group[g] ==
					 (fits_anywhere(&in.p, g)
					      ? 0
					      : in.p.groups[g].count),
				     "all pods fit the zero-priced nodes, yet "
				     "group %zu has %lld unplaced",
				     g, (long long)r->unplaced_by_group[g]);
		}
		free_plans += fits;
	}
	/* Not vacuous, nor always free. */
	assert_true(free_plans >= N_ZERO / 5);
	assert_true(free_plans < N_ZERO);
}

/* ---- planner properties ---- */

/* Appends printf-style text to `buf` (`cap` bytes); it must fit. */
static void buf_printf(char *buf, size_t cap, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof(line));
	buf_append(buf, cap, line);
}

/*
 * Manifests `seed`: 2-8 Deployments in three namespaces with random
 * requests and replicas, some with an HPA, GPU limits, hostname
 * anti-affinity, or more CPU than any type has; a DaemonSet half the time.
 */
static void gen_manifests(char *buf, size_t cap, uint64_t seed)
{
	static const char *const ns[] = {"shop", "ml", "ops"};
	prng r;
	int64_t i, n;

	prng_seed(&r, seed);
	buf[0] = '\0';
	n = 2 + below(&r, 7);
	for (i = 0; i < n; i++) {
		int64_t replicas = 1 + below(&r, 12);
		const char *space = ns[below(&r, 3)];
		bool gpu = one_in(&r, 6), anti = one_in(&r, 6);
		buf_printf(buf, cap,
			   "apiVersion: apps/v1\nkind: Deployment\n"
			   "metadata: {name: w%lld, namespace: %s%s}\n"
			   "spec:\n  replicas: %lld\n  template:\n"
			   "    metadata: {labels: {app: w%lld}}\n"
			   "    spec:\n",
			   (long long)i, space,
			   one_in(&r, 3)   ? ""
			   : one_in(&r, 2) ? ", labels: {team: a}"
					   : ", labels: {team: b}",
			   (long long)replicas, (long long)i);
		if (anti)
			buf_printf(buf, cap,
				   "      affinity:\n        podAntiAffinity:\n"
				   "          requiredDuringScheduling"
				   "IgnoredDuringExecution:\n"
				   "            - labelSelector: {matchLabels: "
				   "{app: w%lld}}\n"
				   "              topologyKey: "
				   "kubernetes.io/hostname\n",
				   (long long)i);
		buf_printf(
		    buf, cap,
		    "      containers:\n        - name: c\n"
		    "          resources:\n"
		    "            requests: {cpu: %lldm, memory: %lldMi}\n"
		    "%s---\n",
		    one_in(&r, 10) ? 64000LL : 100 * (1 + below(&r, 35)),
		    128 * (1 + below(&r, 96)),
		    gpu ? "            limits: {nvidia.com/gpu: 1}\n" : "");
		if (one_in(&r, 3))
			buf_printf(buf, cap,
				   "apiVersion: autoscaling/v2\n"
				   "kind: HorizontalPodAutoscaler\n"
				   "metadata: {name: w%lld, namespace: %s}\n"
				   "spec:\n  scaleTargetRef: {apiVersion: "
				   "apps/v1, kind: Deployment, name: w%lld}\n"
				   "  minReplicas: %lld\n  maxReplicas: %lld\n"
				   "---\n",
				   (long long)i, space, (long long)i,
				   (long long)(1 + below(&r, replicas)),
				   (long long)(replicas + below(&r, 10)));
	}
	if (one_in(&r, 2))
		buf_printf(buf, cap,
			   "apiVersion: apps/v1\nkind: DaemonSet\n"
			   "metadata: {name: agent, namespace: ops}\n"
			   "spec:\n  template:\n    spec:\n"
			   "      tolerations: [{operator: Exists}]\n"
			   "      containers:\n        - name: c\n"
			   "          resources: {requests: {cpu: %lldm, "
			   "memory: 128Mi}}\n",
			   (long long)(50 + below(&r, 200)));
}

/* Custom instance types: test_plan.c's three and 0-3 random ones. */
static void gen_config(char *buf, size_t cap, uint64_t seed)
{
	prng r;
	int64_t i, n;

	prng_seed(&r, seed ^ 0x5a5a5a5aULL);
	buf[0] = '\0';
	buf_append(buf, cap,
		   "provider: custom\nregion: lab\nreserved: none\n"
		   "instanceTypes:\n"
		   "  - {name: cpu4, vcpu: 4, memory: 8Gi, usdPerHour: "
		   "\"0.16\"}\n"
		   "  - {name: mem4, vcpu: 4, memory: 32Gi, usdPerHour: "
		   "\"0.28\"}\n"
		   "  - {name: gpu, vcpu: 8, memory: 32Gi, gpus: 1, gpuModel: "
		   "T4,\n     usdPerHour: \"1.00\"}\n");
	n = below(&r, 4);
	for (i = 0; i < n; i++) {
		int64_t vcpu = 2LL << below(&r, 4);
		int64_t cents = vcpu * (3 + below(&r, 6)) + below(&r, 10);
		buf_printf(buf, cap,
			   "  - {name: r%lld, vcpu: %lld, memory: %lldGi, "
			   "usdPerHour: \"%lld.%02lld\"}\n",
			   (long long)i, (long long)vcpu,
			   (long long)(vcpu << below(&r, 4)),
			   (long long)(cents / 100), (long long)(cents % 100));
	}
}

/* The plan under test, released by the teardown after a failure. */
static mlcap_plan live_plan;
static char manifests[32768], config[2048];

static int plan_teardown(void **state)
{
	mlcap_plan_release(&live_plan);
	return test_teardown(state);
}

/* A plan property: on failure, print the inputs and the scenario. */
#define PLAN_PROP(sc, cond, ...)                                               \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "  property failed (%s): ",            \
				mlcap_scenario_name((sc)->scenario));          \
			fprintf(stderr, __VA_ARGS__);                          \
			fprintf(stderr, "\n  manifests:\n%s\n  config:\n%s\n", \
				manifests, config);                            \
			fail_msg("%s", #cond);                                 \
		}                                                              \
	} while (0)

/* Sum of an allocation table; each row's GPU + CPU/memory is its total. */
static int64_t alloc_sum(const mlcap_plan_scenario *sc,
			 const mlcap_plan_alloc *a, size_t n)
{
	int64_t s = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		PLAN_PROP(
		    sc,
		    a[i].gpu_nanos + a[i].cpu_mem_nanos == a[i].monthly_nanos,
		    "%s: GPU %lld + CPU/memory %lld != %lld", a[i].key,
		    (long long)a[i].gpu_nanos, (long long)a[i].cpu_mem_nanos,
		    (long long)a[i].monthly_nanos);
		s += a[i].monthly_nanos;
	}
	return s;
}

/*
 * The totals of one scenario add up: pods placed or reported, node
 * spend + control plane (none for a custom provider), GPU + CPU/memory
 * = node spend, allocations + idle = node spend for every key, and the
 * bound under the cost when every pod is placed.
 */
static void check_scenario(const mlcap_plan_scenario *sc)
{
	int64_t nodes = 0, unsched = 0, a;
	size_t i;

	for (i = 0; i < sc->n_nodes; i++)
		nodes += sc->nodes[i].monthly_nanos;
	for (i = 0; i < sc->n_unsched; i++)
		unsched += sc->unsched[i].pods;
	PLAN_PROP(sc, sc->pods == sc->pods_placed + unsched,
		  "%lld pods, %lld placed, %lld unschedulable",
		  (long long)sc->pods, (long long)sc->pods_placed,
		  (long long)unsched);
	PLAN_PROP(sc, sc->control_plane_monthly_nanos == 0,
		  "control plane %lld with a custom provider",
		  (long long)sc->control_plane_monthly_nanos);
	PLAN_PROP(sc, sc->monthly_nanos == nodes, "monthly %lld, nodes %lld",
		  (long long)sc->monthly_nanos, (long long)nodes);
	PLAN_PROP(sc,
		  sc->gpu_monthly_nanos + sc->cpu_mem_monthly_nanos == nodes,
		  "GPU %lld + CPU/memory %lld, nodes %lld",
		  (long long)sc->gpu_monthly_nanos,
		  (long long)sc->cpu_mem_monthly_nanos, (long long)nodes);
	a = alloc_sum(sc, sc->alloc_workloads, sc->n_alloc_workloads);
	PLAN_PROP(sc, a + sc->idle_monthly_nanos == nodes,
		  "workloads %lld + idle %lld, nodes %lld", (long long)a,
		  (long long)sc->idle_monthly_nanos, (long long)nodes);
	a = alloc_sum(sc, sc->alloc_namespaces, sc->n_alloc_namespaces);
	PLAN_PROP(sc, a + sc->idle_monthly_nanos == nodes,
		  "namespaces %lld + idle %lld, nodes %lld", (long long)a,
		  (long long)sc->idle_monthly_nanos, (long long)nodes);
	a = alloc_sum(sc, sc->alloc_by, sc->n_alloc_by);
	PLAN_PROP(sc, a + sc->idle_monthly_nanos == nodes,
		  "by team %lld + idle %lld, nodes %lld", (long long)a,
		  (long long)sc->idle_monthly_nanos, (long long)nodes);
	if (sc->n_unsched == 0)
		PLAN_PROP(sc,
			  sc->lower_bound_monthly_nanos <= sc->monthly_nanos,
			  "bound %lld over the cost %lld",
			  (long long)sc->lower_bound_monthly_nanos,
			  (long long)sc->monthly_nanos);
}

#define N_MANIFESTS 12

static void plan_totals_add_up_in_every_scenario(void **state)
{
	uint64_t m;
	size_t seen_unsched = 0, seen_nodes = 0;

	(void)state;
	for (m = 0; m < N_MANIFESTS; m++) {
		mlcap_diags *d = test_diags(0);
		mlcap_load_opts lo;
		mlcap_plan_opts o;
		mlcap_set *ws, *cs;
		size_t s;

		gen_manifests(manifests, sizeof(manifests), SEED + m);
		gen_config(config, sizeof(config), SEED + m);
		ws = load_clean(manifests, d);
		mlcap_load_opts_init(&lo);
		lo.config = true;
		cs =
		    load_buf_opts("mlcap.yaml", config, strlen(config), &lo, d);
		mlcap_plan_opts_init(&o);
		o.by = "team";
		o.method = m % 3 == 2 ? MLCAP_PACK_FFD : MLCAP_PACK_IMPROVE;
		assert_int_equal(
		    mlcap_plan_run(ws, cs, NULL, &o, &live_plan, d), 0);
		if (d->errors) {
			fprintf(stderr, "  manifests:\n%s\n  config:\n%s\n",
				manifests, config);
			dump_diags(d);
		}
		assert_int_equal(d->errors, 0);
		assert_int_equal(live_plan.n_scenarios, MLCAP_SCENARIO_COUNT);
		for (s = 0; s < live_plan.n_scenarios; s++) {
			check_scenario(&live_plan.scenarios[s]);
			seen_unsched += live_plan.scenarios[s].n_unsched > 0;
			seen_nodes += live_plan.scenarios[s].n_nodes;
		}
		mlcap_plan_release(&live_plan);
		free_set(cs);
		free_set(ws);
		mlcap_diags_release(d);
	}
	/* Not vacuous: nodes are opened and some pods fit nowhere. */
	assert_true(seen_unsched > 0);
	assert_true(seen_nodes > N_MANIFESTS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(
		random_plans_keep_capacity_placement_cost_and_limits,
		props_teardown),
	    cmocka_unit_test_teardown(
		improve_is_never_dearer_than_ffd_nor_under_the_bound,
		props_teardown),
	    cmocka_unit_test_teardown(same_input_gives_the_same_plan,
				      props_teardown),
	    cmocka_unit_test_teardown(
		zero_priced_nodes_are_filled_before_paid_ones, props_teardown),
	    cmocka_unit_test_teardown(plan_totals_add_up_in_every_scenario,
				      plan_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
