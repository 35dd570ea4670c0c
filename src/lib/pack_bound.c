/*
 * pack_bound.c - a lower bound on the hourly cost of any plan (pack.h):
 * the LP relaxation of the aggregate covering problem over node types,
 * solved through its dual with a small dense simplex. The planner prints
 * it beside the packer's cost, so a user sees how far from optimal a plan
 * can be.
 */
#include <stdbool.h>
#include <string.h>
#include "internal.h"
#include "banned.h"

/*
 * The primal, over the types some pod can use:
 *
 *   min sum_t price_t x_t  s.t.  sum_t cap_t,d x_t >= D_d (each d), x >= 0
 *
 * and its dual, whose origin is feasible because prices are >= 0:
 *
 *   max sum_d D_d y_d  s.t.  sum_d cap_t,d y_d <= price_t (each t), y >= 0
 *
 * Any y the dual allows is worth at most the primal optimum (weak duality),
 * and the simplex optimum equals it (strong duality). The answer is taken
 * from a y checked against the original numbers, so float error can only
 * make the bound smaller; the final guard absorbs the check's rounding.
 *
 * Scaling: with z_d = y_d D_d / V0 the dual rows read
 * sum_d (cap_t,d V0 / (price_t D_d)) z_d <= 1 and the objective sum z_d,
 * where V0, the cost of covering the costliest single dimension alone, is
 * at most the optimum and at least 1/m of it. So the optimum in z lies in
 * [1, m] whatever the units (millicores ~1e6, bytes ~1e13, GPUs ~10).
 */

#define LP_EPS	      1e-12L /* zero, for scaled costs and pivots */
#define LP_GUARD      1e-12L /* relative amount taken off before flooring */
#define LP_MAX_PIVOTS 10000  /* safety net: Bland's rule ends */
#define NONE	      ((size_t)-1)

/* ---- the problem after reduction ---- */

/*
 * The LP that is solved: `m` active dimensions (demand > 0 and no free
 * capacity), `n` rows, one per type that some counted pod can use, that
 * costs money and has capacity in an active dimension.
 */
typedef struct {
	const mlcap_pack_problem *p;
	size_t m, n;
	size_t dim[MLCAP_PACK_MAX_DIMS];	 /* active j -> dimension */
	long double demand[MLCAP_PACK_MAX_DIMS]; /* D by active j */
	long double v0;				 /* the scale, nano-dollars */
	size_t *type;				 /* row -> type index */
} bound_lp;

/* The scaled dual coefficient of active dimension j in row i. */
static long double coef(const bound_lp *lp, size_t i, size_t j)
{
	const mlcap_pack_type *t = &lp->p->types[lp->type[i]];

	return (long double)t->cap[lp->dim[j]] / lp->demand[j] *
	       (lp->v0 / (long double)t->usd_nanos);
}

static bool holds(const mlcap_pack_type *t, const mlcap_pack_group *g,
		  size_t n_dims)
{
	size_t d;

	for (d = 0; d < n_dims; d++)
		if (g->req[d] > t->cap[d])
			return false;
	return true;
}

static bool valid(const mlcap_pack_problem *p)
{
	size_t i, d;

	if (p->n_dims > MLCAP_PACK_MAX_DIMS || (p->n_types && !p->types) ||
	    (p->n_groups && !p->groups))
		return false;
	for (i = 0; i < p->n_types; i++) {
		if (p->types[i].usd_nanos < 0)
			return false;
		for (d = 0; d < p->n_dims; d++)
			if (p->types[i].cap[d] < 0)
				return false;
	}
	for (i = 0; i < p->n_groups; i++) {
		if (p->groups[i].count < 0)
			return false;
		for (d = 0; d < p->n_dims; d++)
			if (p->groups[i].req[d] < 0)
				return false;
	}
	return true;
}

/*
 * Marks in `usable` the types some counted pod may use and sums the
 * demand of counted pods into `demand` (by dimension). A pod counts when
 * an allowed type holds it; a type that no counted pod may use is left
 * out, which only tightens the bound: a plan gains nothing by opening it.
 */
static void sum_demand(const mlcap_pack_problem *p, bool *usable,
		       long double *demand)
{
	size_t g, t, d;

	for (g = 0; g < p->n_groups; g++) {
		const mlcap_pack_group *gr = &p->groups[g];
		bool counted = false;

		if (gr->count == 0)
			continue;
		for (t = 0; t < p->n_types; t++) {
			if (gr->allowed && !gr->allowed[t])
				continue;
			if (!holds(&p->types[t], gr, p->n_dims))
				continue;
			usable[t] = true;
			counted = true;
		}
		if (!counted)
			continue;
		for (d = 0; d < p->n_dims; d++)
			demand[d] += (long double)gr->req[d] * gr->count;
	}
}

/*
 * Fills `lp` from the usable types and the demand. A dimension in which a
 * free (price 0) usable type has capacity costs nothing to cover, so it
 * drops out with the dimensions nobody asks for. Returns 0, MLCAP_ENOMEM,
 * or MLCAP_EINVAL when an active dimension has no capacity anywhere (the
 * LP is infeasible; cannot happen, as a counted pod's holder has room).
 */
static int reduce(bound_lp *lp, const bool *usable, const long double *demand)
{
	const mlcap_pack_problem *p = lp->p;
	bool free_dim[MLCAP_PACK_MAX_DIMS] = {false};
	size_t t, d, i, j;

	for (t = 0; t < p->n_types; t++)
		if (usable[t] && p->types[t].usd_nanos == 0)
			for (d = 0; d < p->n_dims; d++)
				if (p->types[t].cap[d] > 0)
					free_dim[d] = true;
	lp->m = 0;
	for (d = 0; d < p->n_dims; d++)
		if (demand[d] > 0 && !free_dim[d]) {
			lp->dim[lp->m] = d;
			lp->demand[lp->m++] = demand[d];
		}
	if (lp->m == 0)
		return 0;

	/*
	 * Rows: a usable type with no room in any active dimension only says
	 * 0 <= price. Every row costs money, or its dimensions would be free.
	 */
	lp->n = 0;
	for (t = 0; t < p->n_types; t++)
		for (j = 0; usable[t] && j < lp->m; j++)
			if (p->types[t].cap[lp->dim[j]] > 0) {
				lp->n++;
				break;
			}
	lp->type = mlcap_mem__alloc(lp->n * sizeof(*lp->type));
	if (!lp->type)
		return MLCAP_ENOMEM;
	i = 0;
	for (t = 0; t < p->n_types; t++)
		for (j = 0; usable[t] && j < lp->m; j++)
			if (p->types[t].cap[lp->dim[j]] > 0) {
				lp->type[i++] = t;
				break;
			}

	/* V0: the largest over dimensions of the cheapest cover of it alone */
	lp->v0 = 0;
	for (j = 0; j < lp->m; j++) {
		long double best = -1;

		for (i = 0; i < lp->n; i++) {
			const mlcap_pack_type *ty = &p->types[lp->type[i]];
			long double c;

			if (ty->cap[lp->dim[j]] == 0)
				continue;
			c = (long double)ty->usd_nanos * lp->demand[j] /
			    (long double)ty->cap[lp->dim[j]];
			if (best < 0 || c < best)
				best = c;
		}
		if (best < 0)
			return MLCAP_EINVAL;
		if (best > lp->v0)
			lp->v0 = best;
	}
	return 0;
}

/* ---- the simplex ---- */

/*
 * A dictionary (Tucker tableau) of the scaled dual: row i says basic
 * variable basic[i] = b[i] - sum_j a[i][j] * (nonbasic variable j), and
 * the objective is a constant + sum_j c[j] * (nonbasic variable j); the
 * constant is not kept, as the answer comes from z (dual_value).
 * Variables are numbered z_0..z_{m-1}, then the slack of row i as m + i.
 * Invariant: b >= 0 (the dictionary is feasible), up to clamped rounding.
 */
typedef struct {
	size_t n, m;
	long double *a; /* n x m, row-major */
	long double *b; /* n */
	long double c[MLCAP_PACK_MAX_DIMS];
	size_t *basic;			      /* n */
	size_t nonbasic[MLCAP_PACK_MAX_DIMS]; /* m */
} dict;

/* Makes nonbasic column e basic in row l: the usual dictionary pivot. */
static void pivot(dict *t, size_t l, size_t e)
{
	long double *al = t->a + l * t->m;
	long double inv = 1 / al[e], f;
	size_t i, j, swap;

	t->b[l] *= inv;
	for (j = 0; j < t->m; j++)
		if (j != e)
			al[j] *= inv;
	al[e] = inv;
	for (i = 0; i < t->n; i++) {
		long double *ai = t->a + i * t->m;

		if (i == l || ai[e] == 0)
			continue;
		f = ai[e];
		t->b[i] -= f * t->b[l];
		if (t->b[i] < 0) /* rounding, or a ratio tie taken */
			t->b[i] = 0;
		for (j = 0; j < t->m; j++)
			if (j != e)
				ai[j] -= f * al[j];
		ai[e] = -f * inv;
	}
	f = t->c[e];
	for (j = 0; j < t->m; j++)
		if (j != e)
			t->c[j] -= f * al[j];
	t->c[e] = -f * inv;
	swap = t->basic[l];
	t->basic[l] = t->nonbasic[e];
	t->nonbasic[e] = swap;
}

/*
 * Bland's rule: the entering variable is the improving one with the
 * smallest number, the leaving one the smallest number among the rows
 * that tie for the minimum ratio. Returns 0 at the optimum, 1 after a
 * pivot, MLCAP_EINVAL when the dual is unbounded (the primal infeasible;
 * reduce() rules that out).
 */
static int step(dict *t)
{
	size_t e = NONE, l = NONE, i, j;
	long double rmin = 0, r;

	for (j = 0; j < t->m; j++)
		if (t->c[j] > LP_EPS &&
		    (e == NONE || t->nonbasic[j] < t->nonbasic[e]))
			e = j;
	if (e == NONE)
		return 0;
	for (i = 0; i < t->n; i++) {
		if (t->a[i * t->m + e] <= LP_EPS)
			continue;
		r = t->b[i] / t->a[i * t->m + e];
		if (l == NONE || r < rmin) {
			rmin = r;
			l = i;
		}
	}
	if (l == NONE)
		return MLCAP_EINVAL;
	for (i = 0; i < t->n; i++) {
		if (t->a[i * t->m + e] <= LP_EPS)
			continue;
		r = t->b[i] / t->a[i * t->m + e];
		if (r <= rmin + LP_EPS * (1 + rmin) &&
		    t->basic[i] < t->basic[l])
			l = i;
	}
	pivot(t, l, e);
	return 1;
}

/*
 * Solves the scaled dual of `lp` and writes a feasible z (by active
 * dimension) to `z`: the optimum, or on the pivot limit the last vertex,
 * which still bounds. Returns 0, MLCAP_ENOMEM or MLCAP_EINVAL.
 */
static int solve(const bound_lp *lp, long double *z)
{
	dict t = {0};
	size_t i, j, k;
	int rc = 0;

	t.n = lp->n;
	t.m = lp->m;
	if (t.n > SIZE_MAX / sizeof(long double) / (t.m + 1))
		return MLCAP_ENOMEM;
	t.a = mlcap_mem__alloc(t.n * (t.m + 1) * sizeof(long double));
	t.basic = mlcap_mem__alloc(t.n * sizeof(size_t));
	if (!t.a || !t.basic) {
		rc = MLCAP_ENOMEM;
		goto done;
	}
	t.b = t.a + t.n * t.m;
	for (i = 0; i < t.n; i++) {
		for (j = 0; j < t.m; j++)
			t.a[i * t.m + j] = coef(lp, i, j);
		t.b[i] = 1;
		t.basic[i] = t.m + i;
	}
	for (j = 0; j < t.m; j++) {
		t.c[j] = 1;
		t.nonbasic[j] = j;
	}
	for (k = 0; k < LP_MAX_PIVOTS; k++)
		if ((rc = step(&t)) <= 0)
			break;
	if (rc < 0)
		goto done;
	rc = 0;
	for (j = 0; j < t.m; j++)
		z[j] = 0;
	for (i = 0; i < t.n; i++)
		if (t.basic[i] < t.m)
			z[t.basic[i]] = t.b[i];
done:
	mlcap_mem__free(t.a);
	mlcap_mem__free(t.basic);
	return rc;
}

/*
 * The bound from a dual solution: z is first scaled down until every row
 * of the original (scaled) dual holds, recomputed from the inputs, so the
 * value is a true dual objective whatever the simplex's rounding did.
 */
static long double dual_value(const bound_lp *lp, const long double *z)
{
	long double worst = 1, sum = 0, lhs;
	size_t i, j;

	for (i = 0; i < lp->n; i++) {
		lhs = 0;
		for (j = 0; j < lp->m; j++)
			lhs += coef(lp, i, j) * z[j];
		if (lhs > worst)
			worst = lhs;
	}
	for (j = 0; j < lp->m; j++)
		sum += z[j];
	return sum / worst * lp->v0;
}

/*
 * Writes to `*nanos` the optimum of the LP relaxation described in pack.h,
 * rounded down: it never exceeds the cheapest plan that places every pod
 * some allowed type holds. The value is computed in long double and a
 * relative 1e-12 is taken off before flooring to absorb rounding, so it
 * sits up to that much below the exact LP optimum (an integral optimum
 * comes back one nano-dollar lower).
 *
 * Choices that keep it a valid lower bound:
 * - max_nodes limits are ignored (dropping constraints only lowers the
 *   LP); a plan that leaves pods unplaced because of them may cost less.
 * - max_per_node is ignored for the same reason.
 * - Types that no counted pod may use (not allowed, or too small) are
 *   left out: no cheapest plan opens them.
 *
 * Returns 0; MLCAP_EINVAL when `p` or `nanos` is NULL, n_dims exceeds
 * MLCAP_PACK_MAX_DIMS, an array is missing, or a price, capacity, request
 * or count is negative; MLCAP_ENOMEM. On failure `*nanos` is unchanged.
 * Deterministic: no state, no randomness, a fixed pivot rule.
 */
static int aggregate_bound(const mlcap_pack_problem *p, int64_t *nanos)
{
	bound_lp lp;
	bool *usable = NULL;
	long double demand[MLCAP_PACK_MAX_DIMS] = {0};
	long double z[MLCAP_PACK_MAX_DIMS], v;
	int rc = 0;

	if (!p || !nanos || !valid(p))
		return MLCAP_EINVAL;
	memset(&lp, 0, sizeof(lp));
	lp.p = p;
	if (p->n_types == 0 || p->n_groups == 0 || p->n_dims == 0) {
		*nanos = 0; /* nothing counted, or nothing to count */
		return 0;
	}
	usable = mlcap_mem__calloc(p->n_types, sizeof(*usable));
	if (!usable)
		return MLCAP_ENOMEM;
	sum_demand(p, usable, demand);
	if ((rc = reduce(&lp, usable, demand)) < 0)
		goto done;
	if (lp.m == 0) {
		*nanos = 0;
		goto done;
	}
	if ((rc = solve(&lp, z)) < 0)
		goto done;
	v = dual_value(&lp, z);
	v -= v * LP_GUARD;
	if (!(v > 0)) /* also NaN, which the checks above rule out */
		*nanos = 0;
	else if (v >= 9.2e18L)
		*nanos = INT64_MAX; /* still below v: a valid bound */
	else
		*nanos = (int64_t)v; /* truncation is floor for v > 0 */
done:
	mlcap_mem__free(lp.type);
	mlcap_mem__free(usable);
	return rc;
}

/* ---- decomposition: components and classes ---- */

/*
 * Groups with the same usable types form a class. Types linked by some
 * class form a component; a node of a component's type can only hold pods
 * of that component's groups, so a plan's cost is the sum over components
 * of what their nodes cost, each at least the LP of its own groups, and
 * at least the LP of any one class alone on the class's types. The sum of
 * those maxima is a valid bound, and far tighter than one aggregate LP
 * when pods are pinned (A100 pods to p4d, CPU pods off tainted GPU nodes).
 */
#define MAX_CLASS_LPS 64

typedef struct {
	bool *usable; /* n_types */
	uint64_t hash;
	size_t comp;
} bclass;

static size_t find(size_t *parent, size_t x)
{
	while (parent[x] != x)
		x = parent[x] = parent[parent[x]];
	return x;
}

static int class_lp(const mlcap_pack_problem *p, const bool *usable,
		    const size_t *cls, const bclass *classes, size_t c,
		    bool subset_of_c, mlcap_pack_group *scratch, int64_t *out)
{
	mlcap_pack_problem sub = *p;
	size_t g, n = 0, t;

	for (g = 0; g < p->n_groups; g++) {
		const bool *mine;
		bool in;
		if (cls[g] == NONE)
			continue;
		mine = classes[cls[g]].usable;
		if (subset_of_c) { /* groups whose types all lie in class c */
			in = true;
			for (t = 0; in && t < p->n_types; t++)
				in = !mine[t] || usable[t];
		} else { /* groups of component c */
			in = classes[cls[g]].comp == c;
		}
		if (!in)
			continue;
		scratch[n] = p->groups[g];
		scratch[n].allowed = subset_of_c ? usable : mine;
		n++;
	}
	sub.groups = scratch;
	sub.n_groups = n;
	return aggregate_bound(&sub, out);
}

int mlcap_pack_lower_bound(const mlcap_pack_problem *p, int64_t *nanos)
{
	size_t nt, ng, g, t, c, n_classes = 0, *cls = NULL, *parent = NULL;
	bclass *classes = NULL;
	bool *pool = NULL;
	int64_t *comp_best = NULL, total = 0, v;
	mlcap_pack_group *scratch = NULL;
	int rc = 0;

	if (!p || !nanos || !valid(p))
		return MLCAP_EINVAL;
	nt = p->n_types;
	ng = p->n_groups;
	if (nt == 0 || ng == 0 || p->n_dims == 0)
		return aggregate_bound(p, nanos);
	cls = mlcap_mem__alloc(ng * sizeof(*cls));
	classes = mlcap_mem__calloc(ng, sizeof(*classes));
	pool = mlcap_mem__calloc(ng * nt, sizeof(*pool));
	parent = mlcap_mem__alloc(nt * sizeof(*parent));
	comp_best = mlcap_mem__calloc(nt, sizeof(*comp_best));
	scratch = mlcap_mem__alloc(ng * sizeof(*scratch));
	if (!cls || !classes || !pool || !parent || !comp_best || !scratch) {
		rc = MLCAP_ENOMEM;
		goto done;
	}
	for (t = 0; t < nt; t++)
		parent[t] = t;
	for (g = 0; g < ng; g++) {
		const mlcap_pack_group *gr = &p->groups[g];
		bool *u = &pool[n_classes * nt], any = false;
		uint64_t h = 1469598103934665603ULL;
		cls[g] = NONE;
		if (gr->count <= 0)
			continue;
		for (t = 0; t < nt; t++) {
			u[t] = (!gr->allowed || gr->allowed[t]) &&
			       holds(&p->types[t], gr, p->n_dims);
			any |= u[t];
			h = (h ^ (uint64_t)u[t]) * 1099511628211ULL;
		}
		if (!any)
			continue;
		for (c = 0; c < n_classes; c++)
			if (classes[c].hash == h &&
			    memcmp(classes[c].usable, u, nt) == 0)
				break;
		if (c == n_classes) {
			classes[c].usable = u;
			classes[c].hash = h;
			n_classes++;
		}
		cls[g] = c;
	}
	for (c = 0; c < n_classes; c++) {
		size_t first = NONE;
		for (t = 0; t < nt; t++)
			if (classes[c].usable[t]) {
				if (first == NONE)
					first = t;
				else
					parent[find(parent, t)] =
					    find(parent, first);
			}
		classes[c].comp = find(parent, first);
	}
	for (c = 0; c < n_classes; c++)
		classes[c].comp = find(parent, classes[c].comp);
	/* each component's own LP */
	for (t = 0; t < nt; t++) {
		bool used = false;
		for (c = 0; c < n_classes && !used; c++)
			used = classes[c].comp == t;
		if (!used)
			continue;
		if ((rc = class_lp(p, NULL, cls, classes, t, false, scratch,
				   &v)) < 0)
			goto done;
		comp_best[t] = v;
	}
	/* and each class alone, in order of first appearance, within a
	 * budget (each is one small LP) */
	for (c = 0; c < n_classes && c < MAX_CLASS_LPS; c++) {
		if ((rc = class_lp(p, classes[c].usable, cls, classes, c, true,
				   scratch, &v)) < 0)
			goto done;
		if (v > comp_best[classes[c].comp])
			comp_best[classes[c].comp] = v;
	}
	for (t = 0; t < nt; t++)
		total = total > INT64_MAX - comp_best[t] ? INT64_MAX
							 : total + comp_best[t];
	*nanos = total;
done:
	mlcap_mem__free(cls);
	mlcap_mem__free(classes);
	mlcap_mem__free(pool);
	mlcap_mem__free(parent);
	mlcap_mem__free(comp_best);
	mlcap_mem__free(scratch);
	return rc;
}
