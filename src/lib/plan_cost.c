/*
 * plan_cost.c - dollars of a plan: each node type's price split into CPU,
 * memory and accelerator parts (DESIGN.md cost model), pods charged for
 * their requests at their node's unit rates, what no pod is charged for
 * as idle, capacity stranded because another dimension is full, pools'
 * minNodes and limits, and the per-scenario totals and bound.
 */
#include <stdlib.h>
#include <string.h>
#include "mlcap/money.h"
#include "plan_cost.h"
#include "banned.h"

#define GIB	   (1024LL * 1024 * 1024)
#define FULL_MONTH (MLCAP_HOURS_PER_MONTH * 1000LL)

static int64_t muldiv(int64_t a, int64_t b, int64_t c)
{
	int64_t r = 0;
	if (c == 0 || mlcap_money_muldiv(&r, a, b, c) < 0)
		return 0;
	return r;
}

static bool has_accelerators(const mlcap_price *t)
{
	return t->gpu_count > 0 || t->accelerator_count > 0;
}

void mlcap_plan__split_price(const planner *pl, plan_cand *c)
{
	const mlcap_rates *r = &pl->out->rates;
	const mlcap_price *t = c->type;
	int64_t price = t->usd_nanos, cpu, mem, cm;

	if (!pl->out->rates_known) {
		/* No rates: accelerator nodes are accelerator spend whole,
		 * others CPU/memory; pods pay their largest share. */
		c->part_acc = has_accelerators(t) ? price : 0;
		c->part_cpu = price - c->part_acc;
		c->part_mem = 0;
		return;
	}
	cpu = t->vcpu * r->cpu_nanos;
	mem = muldiv(t->memory_bytes, r->mem_nanos, GIB);
	cm = cpu + mem;
	if (has_accelerators(t) && cm <= price) {
		c->part_cpu = cpu;
		c->part_mem = mem;
		c->part_acc = price - cm;
		return;
	}
	/* A CPU node (or a GPU node priced below its CPUs and memory): the
	 * whole price is CPU/memory, in the rates' proportion. */
	c->part_acc = 0;
	c->part_cpu = cm > 0 ? muldiv(price, cpu, cm) : price;
	c->part_mem = price - c->part_cpu;
}

/* What `req` costs per hour on a node of `c`; `gpu` gets the
 * accelerator part. */
static int64_t charge(const planner *pl, const plan_cand *c, const int64_t *req,
		      int64_t *gpu)
{
	size_t d, n_dims = pl->out->n_dims;
	int64_t num = 0, den = 1, v = 0;

	/* the largest share of an accelerator dimension */
	for (d = 3; d < n_dims; d++)
		if (c->alloc[d] > 0 && req[d] > 0 &&
		    (__int128)req[d] * den > (__int128)num * c->alloc[d]) {
			num = req[d] > c->alloc[d] ? c->alloc[d] : req[d];
			den = c->alloc[d];
		}
	*gpu = muldiv(c->part_acc, num, den);
	if (!pl->out->rates_known) {
		int64_t n2 = num, d2 = den;
		for (d = 0; d < 2; d++)
			if (c->alloc[d] > 0 && (__int128)req[d] * d2 >
						   (__int128)n2 * c->alloc[d]) {
				n2 =
				    req[d] > c->alloc[d] ? c->alloc[d] : req[d];
				d2 = c->alloc[d];
			}
		return *gpu + muldiv(c->part_cpu, n2, d2);
	}
	if (c->alloc[0] > 0)
		v += muldiv(req[0] > c->alloc[0] ? c->alloc[0] : req[0],
			    c->part_cpu, c->alloc[0]);
	if (c->alloc[1] > 0)
		v += muldiv(req[1] > c->alloc[1] ? c->alloc[1] : req[1],
			    c->part_mem, c->alloc[1]);
	return v + *gpu;
}

/* The entry for nodes of `cand` running `hours_milli`; nodes opened only
 * to meet a pool's minNodes (`filler`) are kept in entries of their own. */
static scn_entry *entry_for(plan_scn *sc, const planner *pl, size_t cand,
			    int64_t hours_milli, bool filler)
{
	const plan_cand *c;
	scn_entry *e;
	size_t i;

	cand = pl->cands.items[cand].entry_key;
	c = &pl->cands.items[cand];
	for (i = sc->n_entries; i-- > 0;)
		if (sc->entries[i].cand == cand &&
		    sc->entries[i].n.hours_milli == hours_milli &&
		    sc->entries[i].n.min_nodes_filler == filler)
			return &sc->entries[i];
	if (MLCAP_GROW(sc->entries, sc->a_entries, sc->n_entries + 1) < 0)
		return NULL;
	e = &sc->entries[sc->n_entries++];
	memset(e, 0, sizeof(*e));
	e->cand = cand;
	e->n.pool = c->pool;
	e->n.purchase = c->purchase;
	e->n.hours_milli = hours_milli;
	e->n.min_nodes_filler = filler;
	e->n.existing = c->node != NULL;
	e->n.usd_nanos = c->type->usd_nanos;
	e->n.gpu_nanos = c->part_acc;
	e->n.vcpu = c->type->vcpu;
	e->n.memory_bytes = c->type->memory_bytes;
	e->n.gpus = c->type->gpu_count > 0 ? c->type->gpu_count
					   : c->type->accelerator_count;
	return e;
}

/* Whether candidate `c` may take a pod of group `g` at all. */
static bool group_fits(const mlcap_pack_problem *prob, size_t g, size_t c)
{
	const mlcap_pack_group *gr = &prob->groups[g];
	size_t d;
	bool holds = !gr->allowed || gr->allowed[c]; /* NULL: every type */

	for (d = 0; holds && d < prob->n_dims; d++)
		holds = gr->req[d] <= prob->types[c].cap[d];
	return holds;
}

/* Whether some pods of group `g` fit a type but were left out (maxNodes
 * reached): the lower bound counts them, so the plan is not comparable. */
static bool left_out(const mlcap_pack_problem *prob,
		     const mlcap_pack_result *res, size_t g)
{
	size_t c;

	if (res->unplaced_by_group[g] <= 0)
		return false;
	for (c = 0; c < prob->n_types; c++)
		if (group_fits(prob, g, c))
			return true;
	return false;
}

/* Component-wise smallest request of the groups that may use each
 * candidate: a node with less room than that in some dimension can take
 * no more pods, and its room elsewhere is stranded. */
static int64_t *min_requests(const planner *pl, const mlcap_pack_problem *prob)
{
	size_t nc = pl->cands.count, n_dims = pl->out->n_dims, c, g, d;
	int64_t *m = mlcap_mem__alloc((nc * n_dims + 1) * sizeof(int64_t));

	if (!m)
		return NULL;
	for (c = 0; c < nc * n_dims; c++)
		m[c] = -1; /* no group may use it */
	for (g = 0; g < prob->n_groups; g++) {
		const mlcap_pack_group *gr = &prob->groups[g];
		if (gr->count <= 0)
			continue;
		for (c = 0; c < nc; c++) {
			int64_t *row = &m[c * n_dims];
			if (!group_fits(prob, g, c))
				continue;
			for (d = 0; d < n_dims; d++)
				if (row[d] < 0 || gr->req[d] < row[d])
					row[d] = gr->req[d];
		}
	}
	return m;
}

static void strand(const planner *pl, scn_entry *e, const plan_cand *c,
		   const int64_t *minreq, const int64_t *room)
{
	size_t d, n_dims = pl->out->n_dims;
	int64_t gpu, hourly;
	long full = -1;

	if (minreq[0] < 0)
		return;
	for (d = 0; d < n_dims && full < 0; d++)
		if (room[d] < minreq[d])
			full = (long)d;
	if (full < 0)
		return;
	e->n.stranded_nodes++;
	if (!e->n.stranded_by)
		e->n.stranded_by = pl->out->dims[full];
	for (d = 0; d < n_dims; d++)
		if ((long)d != full && d != 2 && room[d] > 0)
			e->n.stranded[d] += room[d];
	{
		int64_t left[MLCAP_PACK_MAX_DIMS];
		memcpy(left, room, sizeof(left));
		left[full] = 0;
		left[2] = 0;
		hourly = charge(pl, c, left, &gpu);
	}
	e->n.stranded_monthly_nanos += muldiv(hourly, e->n.hours_milli, 1000);
}

static int unschedulable(planner *pl, plan_scn *sc, size_t wi, int64_t pods)
{
	const mlcap_workload *w = &pl->workloads[wi];
	mlcap_plan_unsched *u;

	if (MLCAP_GROW(sc->unsched, sc->a_unsched, sc->n_unsched + 1) < 0)
		return MLCAP_ENOMEM;
	u = &sc->unsched[sc->n_unsched++];
	u->namespace = w->namespace;
	u->name = w->name;
	u->component = w->component;
	u->kind = w->kind;
	u->pods = pods;
	u->loc = w->loc;
	u->reason = mlcap_plan__why_unschedulable(
	    &pl->out->arena, &w->pod, &w->pod_requests, pl->cands.items,
	    pl->cands.count, pl->out->dims, pl->out->n_dims, pl->wls[wi].req,
	    pl->wls[wi].max_per_node, pl->out->region);
	return u->reason ? 0 : MLCAP_ENOMEM;
}

int mlcap_plan__account(planner *pl, plan_scn *sc,
			const mlcap_pack_problem *prob,
			const mlcap_pack_result *res, const size_t *which,
			int64_t hours_milli, int64_t lb_hourly)
{
	size_t n, g, d, pod = 0, n_dims = pl->out->n_dims;
	int64_t *minreq, *node_price = NULL;
	bool own_nodes = hours_milli != FULL_MONTH; /* batch on its own */
	int rc;

	if (!sc->charges && !(sc->charges = mlcap_mem__calloc(
				  pl->n_workloads + 1, sizeof(*sc->charges))))
		return MLCAP_ENOMEM;
	if (lb_hourly < 0 || sc->lb_monthly < 0)
		sc->lb_monthly = -1;
	else
		sc->lb_monthly += muldiv(lb_hourly, hours_milli, 1000);
	if (!(minreq = min_requests(pl, prob)))
		return MLCAP_ENOMEM;
	for (n = 0; n < res->n_nodes; n++) {
		const mlcap_pack_node *nd = &res->nodes[n];
		const plan_cand *c = &pl->cands.items[nd->type];
		scn_entry *e = entry_for(sc, pl, nd->type, hours_milli, false);
		int64_t room[MLCAP_PACK_MAX_DIMS];
		if (!e) {
			mlcap_mem__free(minreq);
			return MLCAP_ENOMEM;
		}
		e->n.count++;
		e->n.pods += nd->pods;
		for (d = 0; d < n_dims; d++) {
			e->n.alloc[d] += c->alloc[d];
			e->n.used[d] += nd->used[d] + c->alloc[d] - c->cap[d];
			room[d] = c->cap[d] - nd->used[d];
		}
		strand(pl, e, c, &minreq[nd->type * n_dims], room);
	}
	mlcap_mem__free(minreq);
	if (own_nodes) {
		node_price = mlcap_mem__calloc(2, sizeof(int64_t));
		if (!node_price)
			return MLCAP_ENOMEM;
		for (n = 0; n < res->n_nodes; n++) {
			const plan_cand *c =
			    &pl->cands.items[res->nodes[n].type];
			node_price[0] += c->type->usd_nanos;
			node_price[1] += c->part_acc;
		}
	}
	for (g = 0; g < prob->n_groups; g++) {
		size_t wi = which[g];
		scn_charge *ch = &sc->charges[wi];
		int64_t k, hourly = 0, hourly_gpu = 0, cached = -1, cg = 0,
			   cgpu = 0;
		ch->pods += prob->groups[g].count;
		for (k = 0; k < prob->groups[g].count; k++, pod++) {
			uint32_t node = res->node_of[pod];
			int64_t gpu;
			if (node == UINT32_MAX)
				continue;
			ch->placed++;
			if ((int64_t)res->nodes[node].type != cached) {
				cached = res->nodes[node].type;
				cg = charge(pl, &pl->cands.items[cached],
					    prob->groups[g].req, &gpu);
				cgpu = gpu;
			}
			hourly += cg;
			hourly_gpu += cgpu;
		}
		if (own_nodes) { /* its nodes exist for it alone */
			hourly = node_price[0];
			hourly_gpu = node_price[1];
		}
		ch->hourly += hourly;
		ch->hourly_gpu += hourly_gpu;
		ch->monthly += muldiv(hourly, hours_milli, 1000);
		ch->monthly_gpu += muldiv(hourly_gpu, hours_milli, 1000);
		if (left_out(prob, res, g))
			sc->left_out = true;
		if (res->unplaced_by_group[g] > 0 &&
		    (rc = unschedulable(pl, sc, wi,
					res->unplaced_by_group[g])) < 0) {
			mlcap_mem__free(node_price);
			return rc;
		}
	}
	mlcap_mem__free(node_price);
	return 0;
}

/* A pool below its minNodes gets nodes of its cheapest type. */
static int min_nodes(planner *pl, plan_scn *sc)
{
	size_t p, i, c;

	for (p = 0; p < pl->n_pools; p++) {
		const mlcap_node_pool *pool = pl->pools[p];
		int64_t have = 0;
		long best = -1;
		scn_entry *e;
		if (pool->min_nodes <= 0)
			continue;
		for (i = 0; i < sc->n_entries; i++)
			if (pl->cands.items[sc->entries[i].cand].pool_def ==
			    pool)
				have += sc->entries[i].n.count;
		if (have >= pool->min_nodes)
			continue;
		for (c = 0; c < pl->cands.count; c++)
			if (pl->cands.items[c].pool_def == pool &&
			    (best < 0 ||
			     pl->cands.items[c].type->usd_nanos <
				 pl->cands.items[best].type->usd_nanos))
				best = (long)c;
		if (best < 0)
			continue;
		if (!(e = entry_for(sc, pl, (size_t)best, FULL_MONTH, true)))
			return MLCAP_ENOMEM;
		e->n.count = pool->min_nodes - have;
		for (i = 0; i < pl->out->n_dims; i++) {
			const plan_cand *cd = &pl->cands.items[best];
			e->n.alloc[i] = cd->alloc[i] * e->n.count;
			e->n.used[i] = (cd->alloc[i] - cd->cap[i]) * e->n.count;
		}
	}
	return 0;
}

/* DaemonSet pods are charged on every node they run on. */
static void daemonset_charges(planner *pl, plan_scn *sc)
{
	size_t w, i;
	for (w = 0; w < pl->n_workloads; w++) {
		const plan_wl *pw = &pl->wls[w];
		scn_charge *ch = &sc->charges[w];
		if (!pw->per_node)
			continue;
		for (i = 0; i < sc->n_entries; i++) {
			const scn_entry *e = &sc->entries[i];
			int64_t gpu, h;
			if (!pw->allowed[e->cand])
				continue;
			h = charge(pl, &pl->cands.items[e->cand], pw->req,
				   &gpu);
			ch->pods += e->n.count;
			ch->placed += e->n.count;
			ch->hourly += h * e->n.count;
			ch->monthly +=
			    muldiv(h * e->n.count, e->n.hours_milli, 1000);
			ch->monthly_gpu +=
			    muldiv(gpu * e->n.count, e->n.hours_milli, 1000);
		}
	}
}

static int cmp_alloc(const void *a, const void *b)
{
	const mlcap_plan_alloc *x = a, *y = b;
	if (x->monthly_nanos != y->monthly_nanos)
		return x->monthly_nanos > y->monthly_nanos ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Sums charges by a key per workload into a table sorted by cost. */
static int alloc_table(planner *pl, plan_scn *sc, const char **keys,
		       mlcap_plan_alloc **out, size_t *n_out)
{
	mlcap_plan_alloc *t;
	size_t w, i, n = 0;

	t = mlcap_arena_calloc(&pl->out->arena,
			       (pl->n_workloads + 1) * sizeof(*t));
	if (!t)
		return MLCAP_ENOMEM;
	for (w = 0; w < pl->n_workloads; w++) {
		const scn_charge *ch = &sc->charges[w];
		if (!keys[w] || (ch->placed == 0 && ch->monthly == 0))
			continue;
		for (i = 0; i < n; i++)
			if (strcmp(t[i].key, keys[w]) == 0)
				break;
		if (i == n)
			t[n++].key = keys[w];
		t[i].pods += ch->placed;
		t[i].monthly_nanos += ch->monthly;
		t[i].gpu_nanos += ch->monthly_gpu;
		t[i].cpu_mem_nanos += ch->monthly - ch->monthly_gpu;
	}
	qsort(t, n, sizeof(*t), cmp_alloc);
	*out = t;
	*n_out = n;
	return 0;
}

static const char *label_value(const mlcap_workload *w, const char *key)
{
	const char *v = mlcap_kvs_get(&w->labels, key);
	return v ? v : mlcap_kvs_get(&w->pod.labels, key);
}

static int allocation(planner *pl, plan_scn *sc)
{
	mlcap_plan_scenario *s = sc->s;
	const char **keys;
	size_t w;
	int rc;

	keys = mlcap_mem__calloc(pl->n_workloads + 1, sizeof(*keys));
	if (!keys)
		return MLCAP_ENOMEM;
	for (w = 0; w < pl->n_workloads; w++) {
		const mlcap_workload *wl = &pl->workloads[w];
		char buf[768];
		mlcap_plan_workload_key(buf, sizeof(buf), wl->namespace,
					wl->name, wl->component);
		if (!(keys[w] = mlcap_arena_strdup(&pl->out->arena, buf))) {
			mlcap_mem__free(keys);
			return MLCAP_ENOMEM;
		}
	}
	rc = alloc_table(pl, sc, keys, &s->alloc_workloads,
			 &s->n_alloc_workloads);
	for (w = 0; w < pl->n_workloads; w++)
		keys[w] = pl->workloads[w].namespace;
	if (rc == 0)
		rc = alloc_table(pl, sc, keys, &s->alloc_namespaces,
				 &s->n_alloc_namespaces);
	if (rc == 0 && pl->out->by) {
		for (w = 0; w < pl->n_workloads; w++) {
			const char *v =
			    label_value(&pl->workloads[w], pl->out->by);
			keys[w] = v ? v : "(none)";
		}
		rc = alloc_table(pl, sc, keys, &s->alloc_by, &s->n_alloc_by);
	}
	mlcap_mem__free(keys);
	return rc;
}

static int batch_table(planner *pl, plan_scn *sc)
{
	mlcap_plan_scenario *s = sc->s;
	size_t w, n = 0;

	for (w = 0; w < pl->n_workloads; w++)
		n += pl->wls[w].batch;
	if (!n)
		return 0;
	s->batch = mlcap_arena_calloc(&pl->out->arena, n * sizeof(*s->batch));
	if (!s->batch)
		return MLCAP_ENOMEM;
	for (w = 0; w < pl->n_workloads; w++) {
		const plan_wl *pw = &pl->wls[w];
		const mlcap_workload *wl = &pl->workloads[w];
		mlcap_plan_batch *b;
		if (!pw->batch)
			continue;
		b = &s->batch[s->n_batch++];
		b->namespace = wl->namespace;
		b->name = wl->name;
		b->component = wl->component;
		b->kind = wl->kind;
		b->run_seconds = pw->run_seconds;
		b->runs_micros = pw->runs_micros;
		b->hours_milli = pw->hours_milli;
		b->basis = pw->basis;
		b->monthly_nanos = sc->charges[w].monthly;
		b->pods = sc->charges[w].pods;
		b->pods_placed = sc->charges[w].placed;
		b->run_cost_nanos =
		    pw->run_seconds >= 0
			? muldiv(sc->charges[w].hourly, pw->run_seconds, 3600)
			: -1;
	}
	return 0;
}

static int cmp_nodes(const void *a, const void *b)
{
	const mlcap_plan_nodes *x = a, *y = b;
	int c = strcmp(x->pool, y->pool);
	if (c)
		return c;
	if (x->monthly_nanos != y->monthly_nanos)
		return x->monthly_nanos > y->monthly_nanos ? -1 : 1;
	if ((c = strcmp(x->instance_type, y->instance_type)) != 0)
		return c;
	return x->hours_milli > y->hours_milli	 ? -1
	       : x->hours_milli < y->hours_milli ? 1
						 : 0;
}

int mlcap_plan__finish(planner *pl, plan_scn *sc)
{
	mlcap_plan_scenario *s = sc->s;
	mlcap_plan *out = pl->out;
	int64_t nodes_monthly = 0, charged = 0;
	size_t i, w;
	int rc;

	if (!sc->charges && !(sc->charges = mlcap_mem__calloc(
				  pl->n_workloads + 1, sizeof(*sc->charges))))
		return MLCAP_ENOMEM;
	if ((rc = min_nodes(pl, sc)) < 0)
		return rc;
	daemonset_charges(pl, sc);
	s->nodes = mlcap_arena_calloc(&out->arena,
				      (sc->n_entries + 1) * sizeof(*s->nodes));
	if (!s->nodes)
		return MLCAP_ENOMEM;
	for (i = 0; i < sc->n_entries; i++) {
		mlcap_plan_nodes *n = &s->nodes[i];
		const plan_cand *c = &pl->cands.items[sc->entries[i].cand];
		*n = sc->entries[i].n;
		n->instance_type =
		    mlcap_arena_strdup(&out->arena, c->type->instance_type);
		n->gpu_model =
		    c->type->gpu_model
			? mlcap_arena_strdup(&out->arena, c->type->gpu_model)
		    : c->type->accelerator_model
			? mlcap_arena_strdup(&out->arena,
					     c->type->accelerator_model)
			: NULL;
		if (!n->instance_type)
			return MLCAP_ENOMEM;
		n->monthly_nanos =
		    muldiv(n->count * n->usd_nanos, n->hours_milli, 1000);
		nodes_monthly += n->monthly_nanos;
		s->gpu_monthly_nanos +=
		    muldiv(n->count * n->gpu_nanos, n->hours_milli, 1000);
		s->stranded_monthly_nanos += n->stranded_monthly_nanos;
	}
	s->n_nodes = sc->n_entries;
	qsort(s->nodes, s->n_nodes, sizeof(*s->nodes), cmp_nodes);
	s->cpu_mem_monthly_nanos = nodes_monthly - s->gpu_monthly_nanos;
	s->control_plane_monthly_nanos =
	    out->control_plane_nanos < 0
		? -1
		: out->control_plane_nanos * MLCAP_HOURS_PER_MONTH;
	s->monthly_nanos = nodes_monthly + (s->control_plane_monthly_nanos > 0
						? s->control_plane_monthly_nanos
						: 0);
	s->lower_bound_monthly_nanos =
	    sc->lb_monthly < 0
		? -1
		: sc->lb_monthly + (s->control_plane_monthly_nanos > 0
					? s->control_plane_monthly_nanos
					: 0);
	for (w = 0; w < pl->n_workloads; w++) {
		charged += sc->charges[w].monthly;
		if (!pl->wls[w].per_node) {
			s->pods += sc->charges[w].pods;
			s->pods_placed += sc->charges[w].placed;
		}
	}
	s->bound_incomparable = sc->left_out;
	if (sc->lb_monthly < 0 || sc->left_out)
		s->gap_ppm = -1;
	else
		s->gap_ppm = sc->lb_monthly > 0
				 ? muldiv(nodes_monthly - sc->lb_monthly,
					  1000000, sc->lb_monthly)
				 : 0;
	s->idle_monthly_nanos = nodes_monthly - charged;
	s->unsched = sc->unsched;
	s->n_unsched = sc->n_unsched;
	if (s->n_unsched) { /* into the plan's arena */
		mlcap_plan_unsched *u =
		    mlcap_arena_alloc(&out->arena, s->n_unsched * sizeof(*u));
		if (!u)
			return MLCAP_ENOMEM;
		memcpy(u, sc->unsched, s->n_unsched * sizeof(*u));
		s->unsched = u;
	}
	if ((rc = allocation(pl, sc)) < 0 || (rc = batch_table(pl, sc)) < 0)
		return rc;
	return 0;
}

void mlcap_plan__scn_release(plan_scn *sc)
{
	mlcap_mem__free(sc->entries);
	mlcap_mem__free(sc->charges);
	mlcap_mem__free(sc->unsched);
}

int mlcap_plan__pool_limits(planner *pl)
{
	const mlcap_plan *out = pl->out;
	size_t p, s, i;
	int rc;

	for (p = 0; p < pl->n_pools; p++) {
		const mlcap_node_pool *pool = pl->pools[p];
		for (s = 0; s < out->n_scenarios; s++) {
			const mlcap_plan_scenario *sc = &out->scenarios[s];
			int64_t nodes = 0, cpu = 0, mem = 0;
			for (i = 0; i < sc->n_nodes; i++)
				if (strcmp(sc->nodes[i].pool, pool->name) ==
				    0) {
					nodes += sc->nodes[i].count;
					cpu += sc->nodes[i].count *
					       sc->nodes[i].vcpu * 1000;
					mem += sc->nodes[i].count *
					       sc->nodes[i].memory_bytes;
				}
			if (pool->max_nodes >= 0 && nodes > pool->max_nodes &&
			    (rc = mlcap_diag_add(
				 pl->d, MLCAP_WARNING, "plan.max_nodes",
				 &pool->loc, "raise maxNodes or add a pool",
				 "pool '%s' needs %lld nodes at the %s "
				 "scenario; its maxNodes is %lld",
				 pool->name, (long long)nodes,
				 mlcap_scenario_name(sc->scenario),
				 (long long)pool->max_nodes)) < 0)
				return rc;
			if (((pool->limits.set & MLCAP_RES_CPU &&
			      cpu > pool->limits.cpu_millis) ||
			     (pool->limits.set & MLCAP_RES_MEMORY &&
			      mem > pool->limits.memory_bytes)) &&
			    (rc = mlcap_diag_add(
				 pl->d, MLCAP_WARNING, "plan.limits",
				 &pool->loc, "raise spec.limits",
				 "NodePool '%s' needs %lld vCPU and %lld GiB "
				 "at the %s scenario, past its spec.limits",
				 pool->name, (long long)(cpu / 1000),
				 (long long)(mem >> 30),
				 mlcap_scenario_name(sc->scenario))) < 0)
				return rc;
		}
	}
	return 0;
}
