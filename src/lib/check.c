/*
 * check.c - the pre-deploy check (see check.h): the workloads planned at
 * their HPA maximum on the cluster's free capacity and the nodes an
 * autoscaler would add, the quota rows (check_quota.c), and the monthly
 * cost diff against the baseline manifests at the HPA minimum and maximum.
 */
#include <stdlib.h>
#include <string.h>
#include "check_internal.h"
#include "mlcap/money.h"
#include "banned.h"

void mlcap_check_opts_init(mlcap_check_opts *o)
{
	memset(o, 0, sizeof(*o));
	mlcap_plan_opts_init(&o->plan);
	o->max_increase_nanos = -1;
	o->max_increase_ppm = -1;
}

static void placement(mlcap_check *c)
{
	const mlcap_plan_scenario *s = c->max;
	size_t i;

	c->new_pods = s->pods;
	c->unschedulable = s->pods - s->pods_placed;
	for (i = 0; i < s->n_nodes; i++) {
		const mlcap_plan_nodes *n = &s->nodes[i];
		if (n->existing) {
			c->placed_existing += n->pods;
			continue;
		}
		c->placed_new += n->pods;
		c->added_nodes += n->count;
		c->added_monthly_nanos += n->monthly_nanos;
	}
}

/* ---- cost diff ---- */

static int cmp_diff(const void *a, const void *b)
{
	return strcmp(((const mlcap_check_diff *)a)->key,
		      ((const mlcap_check_diff *)b)->key);
}

static mlcap_check_diff *diff_row(mlcap_check *c, const char *key, size_t *cap)
{
	mlcap_check_diff *r;
	size_t i;

	for (i = 0; i < c->n_diff; i++)
		if (!strcmp(c->diff[i].key, key))
			return &c->diff[i];
	if (MLCAP_GROW(c->diff, *cap, c->n_diff + 1) < 0)
		return NULL;
	r = &c->diff[c->n_diff++];
	r->key = mlcap_arena_strdup(&c->arena, key);
	r->old_nanos[0] = r->old_nanos[1] = -1;
	r->new_nanos[0] = r->new_nanos[1] = -1;
	return r->key ? r : NULL;
}

/* Plans `ws` at the minimum and maximum without the cluster, and files
 * each workload's allocation and the totals under `side` (0 old, 1 new).
 * Its diagnostics repeat the main plan's, or concern the old manifests:
 * they are not reported. */
static int diff_side(mlcap_check *c, const mlcap_set *ws, const mlcap_set *cs,
		     mlcap_catalog *cat, const mlcap_check_opts *o, int side,
		     size_t *cap)
{
	mlcap_plan_opts po = o->plan;
	mlcap_diags scratch = MLCAP_DIAGS_INIT;
	mlcap_plan p;
	size_t s, i;
	int rc;

	po.cluster = NULL;
	po.scenarios = (1u << MLCAP_SCENARIO_MIN) | (1u << MLCAP_SCENARIO_MAX);
	mlcap_diags_init(&scratch);
	rc = mlcap_plan_run(ws, cs, cat, &po, &p, &scratch);
	mlcap_diags_release(&scratch);
	if (rc < 0)
		return rc;
	for (s = 0; s < p.n_scenarios && rc == 0; s++) {
		const mlcap_plan_scenario *sc = &p.scenarios[s];
		int k = sc->scenario == MLCAP_SCENARIO_MAX;
		int64_t *tot = side ? c->total.new_nanos : c->total.old_nanos;
		tot[k] = sc->monthly_nanos;
		for (i = 0; i < sc->n_alloc_workloads; i++) {
			mlcap_check_diff *r =
			    diff_row(c, sc->alloc_workloads[i].key, cap);
			if (!r) {
				rc = MLCAP_ENOMEM;
				break;
			}
			(side ? r->new_nanos : r->old_nanos)[k] =
			    sc->alloc_workloads[i].monthly_nanos;
		}
	}
	mlcap_plan_release(&p);
	return rc;
}

static int cost_diff(mlcap_check *c, const mlcap_set *ws, const mlcap_set *cs,
		     mlcap_catalog *cat, const mlcap_check_opts *o)
{
	size_t cap = 0;
	int rc;

	c->has_baseline = true;
	c->total.key = "total";
	c->total.old_nanos[0] = c->total.old_nanos[1] = 0;
	c->total.new_nanos[0] = c->total.new_nanos[1] = 0;
	if ((rc = diff_side(c, o->baseline, cs, cat, o, 0, &cap)) < 0 ||
	    (rc = diff_side(c, ws, cs, cat, o, 1, &cap)) < 0)
		return rc;
	qsort(c->diff, c->n_diff, sizeof(*c->diff), cmp_diff);
	return 0;
}

/* ---- --max-increase ---- */

static bool passes(int64_t inc, int64_t base, const mlcap_check_opts *o)
{
	if (o->max_increase_nanos >= 0 && inc > o->max_increase_nanos)
		return true;
	/* inc / base > ppm / 1e6, with no base: any increase passes */
	return o->max_increase_ppm >= 0 && inc > 0 &&
	       (base <= 0 ||
		(__int128)inc * 1000000 > (__int128)o->max_increase_ppm * base);
}

/*
 * With a baseline the increase is the change of the monthly total at the
 * HPA minimum and at the maximum (the limit applies to both); without
 * one, what the added nodes cost.
 */
static void increase(mlcap_check *c, const mlcap_check_opts *o)
{
	int k;

	c->limit_nanos = o->max_increase_nanos;
	c->limit_ppm = o->max_increase_ppm;
	if (!c->has_baseline) {
		c->increase_nanos = c->added_monthly_nanos;
		c->increase_base_nanos = 0;
		c->increase_exceeded = passes(c->increase_nanos, 0, o);
		return;
	}
	/* Report the maximum's change, or the first scenario past the limit. */
	for (k = 1; k >= 0; k--) {
		int64_t inc = c->total.new_nanos[k] - c->total.old_nanos[k];
		bool over = passes(inc, c->total.old_nanos[k], o);
		if (k == 1 || (over && !c->increase_exceeded)) {
			c->increase_nanos = inc;
			c->increase_base_nanos = c->total.old_nanos[k];
		}
		c->increase_exceeded |= over;
	}
}

int mlcap_check_run(const mlcap_set *ws, const mlcap_set *cs,
		    mlcap_catalog *cat, const mlcap_check_opts *o,
		    mlcap_check *out, mlcap_diags *d)
{
	mlcap_plan_opts po = o->plan;
	int rc;

	memset(out, 0, sizeof(*out));
	mlcap_arena_init(&out->arena);
	po.scenarios = 1u << MLCAP_SCENARIO_MAX;
	if ((rc = mlcap_plan_run(ws, cs, cat, &po, &out->plan, d)) < 0)
		return rc;
	out->max = &out->plan.scenarios[0];
	placement(out);
	if ((rc = mlcap_check__quotas(out, ws, o->plan.cluster, d)) < 0 ||
	    (o->baseline && (rc = cost_diff(out, ws, cs, cat, o)) < 0)) {
		mlcap_check_release(out);
		return rc;
	}
	increase(out, o);
	return 0;
}

bool mlcap_check_failed(const mlcap_check *c)
{
	return c->unschedulable > 0 || c->quota_exceeded ||
	       c->increase_exceeded || c->labels_failed ||
	       (c->budgets && c->budgets->over);
}

void mlcap_check_release(mlcap_check *c)
{
	mlcap_plan_release(&c->plan);
	mlcap_mem__free(c->quotas);
	mlcap_mem__free(c->diff);
	mlcap_arena_release(&c->arena);
	memset(c, 0, sizeof(*c));
}
