/*
 * plan.c - the capacity planner (see plan.h): settings and prices, the
 * candidate node types (pool x instance type, with allocatable after the
 * provider's reservations and the DaemonSets that would run there), the
 * pod groups of each scenario with the types Kubernetes would let them
 * use, then packing, the lower bound and the results. Costs, allocation
 * and stranded capacity are in plan_cost.c.
 */
#include <stdlib.h>
#include <string.h>
#include "mlcap/money.h"
#include "plan_cost.h"
#include "banned.h"

static const char *const scenario_names[] = {"min", "declared", "max"};

const char *mlcap_scenario_name(mlcap_scenario s)
{
	return (unsigned)s < MLCAP_SCENARIO_COUNT ? scenario_names[s] : "?";
}

const char *mlcap_plan_workload_key(char *buf, size_t n, const char *ns,
				    const char *name, const char *component)
{
	snprintf(buf, n, "%s/%s%s%s", ns, name, component ? "/" : "",
		 component ? component : "");
	return buf;
}

const mlcap_plan_scenario *mlcap_plan_find_scenario(const mlcap_plan *p,
						    mlcap_scenario sc)
{
	size_t i;
	for (i = 0; i < p->n_scenarios; i++)
		if (p->scenarios[i].scenario == sc)
			return &p->scenarios[i];
	return NULL;
}

void mlcap_plan_opts_init(mlcap_plan_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->method = MLCAP_PACK_IMPROVE;
}

static const char *default_region(const char *provider)
{
	if (strcmp(provider, "gcp") == 0)
		return "us-central1";
	if (strcmp(provider, "azure") == 0)
		return "eastus";
	if (strcmp(provider, "custom") == 0)
		return "on-prem";
	return "us-east-1";
}

/* The catalog tier of a controlPlane setting. */
static const char *control_plane_tier(const char *cp, const char **provider)
{
	static const struct {
		const char *name, *provider, *tier;
	} tiers[] = {
	    {"eks", "aws", "eks-standard-support"},
	    {"eks-extended", "aws", "eks-extended-support"},
	    {"gke", "gcp", "gke-cluster-management"},
	    {"aks-free", "azure", "aks-free"},
	    {"aks-standard", "azure", "aks-standard"},
	    {"aks-premium", "azure", "aks-premium"},
	};
	size_t i;
	for (i = 0; i < sizeof(tiers) / sizeof(tiers[0]); i++)
		if (strcmp(cp, tiers[i].name) == 0) {
			*provider = tiers[i].provider;
			return tiers[i].tier;
		}
	return NULL;
}

static int settings(planner *pl, const mlcap_plan_opts *o)
{
	const mlcap_cluster_config *c = pl->cfg;
	mlcap_plan *out = pl->out;
	const char *cp_provider = NULL, *tier;
	int64_t fee = 0;
	int rc;

	out->provider = c ? c->provider : o->provider ? o->provider : "aws";
	out->region = c && c->region	? c->region
		      : !c && o->region ? o->region
					: default_region(out->provider);
	out->purchase = c	      ? c->purchase
			: o->purchase ? o->purchase
				      : "on-demand";
	out->control_plane = c ? c->control_plane : "none";
	out->reserved_provider = !(c && c->reserved_none);
	out->by = o->by;
	pl->as_of = c ? c->as_of : NULL;
	out->control_plane_nanos = 0;
	if (strcmp(out->control_plane, "none") == 0)
		return 0;
	tier = pl->cat ? control_plane_tier(out->control_plane, &cp_provider)
		       : NULL;
	rc = 0;
	if (tier &&
	    (rc = mlcap_catalog_control_plane(pl->cat, cp_provider, tier,
					      pl->as_of, &fee, pl->d)) < 0)
		return rc;
	if (!tier || rc == 0) {
		out->control_plane_nanos = -1;
		return mlcap_diag_add(
		    pl->d, MLCAP_ERROR, "plan.control_plane",
		    c ? &c->loc : NULL,
		    "import the fee into the price catalog (control_plane.csv "
		    "columns) or set controlPlane: none",
		    "the price catalog has no fee for control plane '%s'; the "
		    "monthly totals leave it out",
		    out->control_plane);
	}
	out->control_plane_nanos = fee;
	return 0;
}

/* ---- prices ---- */

static mlcap_price_list *prices_for(planner *pl, const char *purchase)
{
	size_t i;
	for (i = 0; i < pl->n_lists; i++)
		if (strcmp(pl->purchases[i], purchase) == 0)
			return &pl->lists[i];
	return NULL;
}

static int load_prices(planner *pl, const char *purchase)
{
	mlcap_price_query q;
	mlcap_price_list *l;
	int rc;

	if (prices_for(pl, purchase) ||
	    pl->n_lists >= sizeof(pl->lists) / sizeof(pl->lists[0]))
		return 0;
	l = &pl->lists[pl->n_lists];
	mlcap_price_list_init(l);
	pl->purchases[pl->n_lists++] = purchase;
	if (strcmp(pl->out->provider, "custom") == 0 || !pl->cat)
		return 0;
	memset(&q, 0, sizeof(q));
	q.provider = pl->out->provider;
	q.region = pl->out->region;
	q.purchase = purchase;
	q.as_of = pl->as_of;
	if ((rc = mlcap_catalog_prices(pl->cat, &q, l, pl->d)) < 0)
		return rc;
	if (l->count == 0 && (!pl->cfg || pl->cfg->n_types == 0))
		return mlcap_diag_add(
		    pl->d, MLCAP_ERROR, "plan.prices",
		    pl->cfg ? &pl->cfg->loc : NULL,
		    "see `mlcap pricing list --provider P` for the regions "
		    "and purchase options the catalog holds, or import prices",
		    "the price catalog has no %s prices for %s in %s", purchase,
		    pl->out->provider, pl->out->region);
	return 0;
}

/* Declared custom types as catalog rows, in the plan's arena. */
static int custom_types(planner *pl)
{
	const mlcap_cluster_config *c = pl->cfg;
	uint32_t i;

	if (!c || !c->n_types)
		return 0;
	pl->custom = mlcap_arena_calloc(&pl->out->arena,
					c->n_types * sizeof(*pl->custom));
	if (!pl->custom)
		return MLCAP_ENOMEM;
	for (i = 0; i < c->n_types; i++) {
		const mlcap_custom_type *t = &c->types[i];
		mlcap_price *p = &pl->custom[i];
		p->provider = "custom";
		p->region = pl->out->region;
		p->instance_type = t->name;
		p->usd_per_hour = t->usd_per_hour;
		p->usd_nanos = t->usd_nanos;
		p->source = "configuration";
		p->family = t->name;
		p->category = t->gpus ? "gpu" : "general";
		p->gpu_model = t->gpu_model;
		p->arch = t->arch ? t->arch : "x86_64";
		p->vcpu = t->vcpu;
		p->memory_bytes = t->memory_bytes;
		p->gpu_count = t->gpus;
	}
	pl->n_custom = c->n_types;
	return 0;
}

/* Unit rates for the GPU vs CPU/memory split: fitted over the general
 * types of the cluster's purchase option, else declared in the catalog. */
static int unit_rates(planner *pl)
{
	mlcap_plan *out = pl->out;
	mlcap_price_list *l = prices_for(pl, out->purchase), all;
	size_t n = (l ? l->count : 0) + pl->n_custom;
	int rc = 0;

	/* the catalog's types of the cluster's purchase and the custom ones */
	memset(&all, 0, sizeof(all));
	all.items = mlcap_mem__alloc((n + 1) * sizeof(*all.items));
	if (!all.items)
		return MLCAP_ENOMEM;
	if (l && l->count)
		memcpy(all.items, l->items, l->count * sizeof(*all.items));
	if (pl->n_custom)
		memcpy(all.items + (l ? l->count : 0), pl->custom,
		       pl->n_custom * sizeof(*all.items));
	all.count = n;
	if (mlcap_rates_fit(&all, &out->rates) == 0) {
		mlcap_mem__free(all.items);
		out->rates_known = true;
		out->rates_basis = "fitted";
		return 0;
	}
	mlcap_mem__free(all.items);
	if (pl->cat)
		rc = mlcap_catalog_declared_rates(pl->cat, out->provider,
						  out->region, pl->as_of,
						  &out->rates, pl->d);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		out->rates_known = true;
		out->rates_basis = "declared";
		return 0;
	}
	out->rates_basis = "none";
	return mlcap_diag_add(
	    pl->d, MLCAP_WARNING, "plan.rates", pl->cfg ? &pl->cfg->loc : NULL,
	    "declare cpu and memory rates in the catalog (pricing import, "
	    "resource_rates) for custom clusters",
	    "no CPU and memory unit rates for %s in %s: GPU nodes' prices "
	    "count as GPU spend whole, allocation uses each pod's largest "
	    "share of its node",
	    out->provider, out->region);
}

/* ---- dimensions ---- */

static int add_dim(planner *pl, const char *name, const mlcap_workload *w)
{
	mlcap_plan *out = pl->out;
	size_t i;

	for (i = 0; i < out->n_dims; i++)
		if (strcmp(out->dims[i], name) == 0)
			return 0;
	if (out->n_dims == MLCAP_PACK_MAX_DIMS)
		return mlcap_diag_add(
		    pl->d, MLCAP_ERROR, "plan.dims", &w->loc, NULL,
		    "%s/%s requests %s, more than the %d resource kinds a "
		    "plan can pack; its pods are left out",
		    w->namespace, w->name, name, MLCAP_PACK_MAX_DIMS);
	out->dims[out->n_dims++] = name;
	return 0;
}

static int cmp_dim(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* cpu, memory, pods, then every extended resource a pod requests. */
static int dimensions(planner *pl)
{
	mlcap_plan *out = pl->out;
	size_t i;
	uint32_t e;
	int rc;

	out->dims[0] = "cpu";
	out->dims[1] = "memory";
	out->dims[2] = "pods";
	out->n_dims = 3;
	for (i = 0; i < pl->n_workloads; i++) {
		const mlcap_resources *r = &pl->workloads[i].pod_requests;
		for (e = 0; e < r->n_ext; e++)
			if (r->ext[e].value > 0 &&
			    (rc = add_dim(pl, r->ext[e].name,
					  &pl->workloads[i])) < 0)
				return rc;
	}
	qsort(out->dims + 3, out->n_dims - 3, sizeof(out->dims[0]), cmp_dim);
	return 0;
}

/* The pod's requests in the plan's dimensions; false when it requests
 * a resource the plan has no dimension for. */
static bool request_vector(const mlcap_plan *out, const mlcap_resources *r,
			   int64_t *req)
{
	uint32_t e;
	size_t d;
	bool ok = true;

	memset(req, 0, MLCAP_PACK_MAX_DIMS * sizeof(*req));
	req[0] = r->set & MLCAP_RES_CPU ? r->cpu_millis : 0;
	req[1] = r->set & MLCAP_RES_MEMORY ? r->memory_bytes : 0;
	req[2] = 1;
	for (e = 0; e < r->n_ext; e++) {
		if (r->ext[e].value <= 0)
			continue;
		for (d = 3; d < out->n_dims; d++)
			if (strcmp(out->dims[d], r->ext[e].name) == 0)
				break;
		if (d == out->n_dims)
			ok = false;
		else
			req[d] = r->ext[e].value;
	}
	return ok;
}

/* ---- candidates ---- */

static bool pool_allows(const planner *pl, const mlcap_node_pool *p,
			const mlcap_kvs *labels)
{
	uint32_t i;
	for (i = 0; p && i < p->n_reqs; i++)
		if (!mlcap_plan__req_matches(labels, &p->reqs[i],
					     pl->out->region))
			return false;
	return true;
}

/* Karpenter picks the capacity type from the pool's requirement: the
 * cluster's purchase option when allowed, else spot, else on-demand. */
static const char *pool_purchase(const planner *pl, const mlcap_node_pool *p)
{
	const char *want = pl->out->purchase;
	const char *cap = strcmp(want, "spot") == 0 ? "spot" : "on-demand";
	uint32_t i, j;

	if (!p)
		return want;
	if (p->purchase)
		return p->purchase;
	for (i = 0; i < p->n_reqs; i++) {
		const mlcap_node_req *r = &p->reqs[i];
		bool has_cap = false, has_spot = false;
		if (!r->key || strcmp(r->key, "karpenter.sh/capacity-type") ||
		    !r->op || strcmp(r->op, "In"))
			continue;
		for (j = 0; j < r->n_values; j++) {
			has_cap |= strcmp(r->values[j], cap) == 0;
			has_spot |= strcmp(r->values[j], "spot") == 0;
		}
		if (!has_cap)
			return has_spot ? "spot" : "on-demand";
	}
	return want;
}

/* Named instance types a pool asks for must exist: else say so with the
 * nearest names, as the catalog suggests them. */
static int check_named_types(planner *pl, const mlcap_node_pool *p,
			     const mlcap_price_list *l)
{
	uint32_t i, j;
	size_t k;
	int rc;

	for (i = 0; i < p->n_reqs; i++) {
		const mlcap_node_req *r = &p->reqs[i];
		if (!r->key ||
		    strcmp(r->key, "node.kubernetes.io/instance-type") ||
		    !r->op || strcmp(r->op, "In"))
			continue;
		for (j = 0; j < r->n_values; j++) {
			const char *sugg[3], *name = r->values[j];
			char hint[400];
			size_t used = 0;
			int n;
			bool found = false;
			for (k = 0; l && k < l->count && !found; k++)
				found =
				    !strcmp(l->items[k].instance_type, name);
			for (k = 0; k < pl->n_custom && !found; k++)
				found =
				    !strcmp(pl->custom[k].instance_type, name);
			if (found)
				continue;
			n = strcmp(pl->out->provider, "custom") == 0 || !pl->cat
				? 0
				: mlcap_catalog_suggest(
				      pl->cat, pl->out->provider, name,
				      pl->out->region, sugg, 3, &pl->out->arena,
				      pl->d);
			if (n < 0)
				return n;
			hint[0] = '\0';
			for (k = 0; k < (size_t)n && used < sizeof(hint); k++)
				used += (size_t)snprintf(
				    hint + used, sizeof(hint) - used, "%s%s",
				    k ? ", " : "nearest: ", sugg[k]);
			if ((rc = mlcap_diag_add(
				 pl->d, MLCAP_ERROR, "plan.instance_type",
				 &p->loc, n ? hint : NULL,
				 "pool '%s': instance type %s has no %s price "
				 "in %s (%s)",
				 p->name, name, pool_purchase(pl, p),
				 pl->out->region, pl->out->provider)) < 0)
				return rc;
		}
	}
	return 0;
}

static int add_candidate(planner *pl, const mlcap_node_pool *p,
			 const char *pool, const mlcap_price *t,
			 const char *purchase, bool *any)
{
	mlcap_plan *out = pl->out;
	plan_cand c;
	size_t d;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc =
		 mlcap_plan__labels(&out->arena, t, pool, p ? &p->labels : NULL,
				    purchase, out->region, &c.labels)) < 0)
		return rc;
	if (!pool_allows(pl, p, &c.labels))
		return 0;
	*any = true;
	c.pool = pool;
	c.pool_def = p;
	c.type = t;
	c.purchase = purchase;
	c.max_nodes = p && p->max_nodes >= 0 ? p->max_nodes : -1;
	c.entry_key = pl->cands.count;
	if (p && p->taints_set) {
		c.taints = p->taints;
		c.n_taints = p->n_taints;
	} else if ((rc = mlcap_plan__default_taints(&out->arena, t, &c.taints,
						    &c.n_taints)) < 0)
		return rc;
	if (mlcap_allocatable_for(
		strcmp(t->provider, "custom") == 0 ? "custom" : out->provider,
		t->instance_type, t->vcpu, t->memory_bytes,
		out->reserved_provider ? MLCAP_RESERVED_PROVIDER
				       : MLCAP_RESERVED_NONE,
		&c.alloc_rule) < 0)
		return mlcap_diag_add(pl->d, MLCAP_WARNING,
				      "plan.instance_type", p ? &p->loc : NULL,
				      NULL,
				      "instance type %s has no vCPU or memory "
				      "in the catalog; left out",
				      t->instance_type);
	c.alloc[0] = c.alloc_rule.cpu_millis;
	c.alloc[1] = c.alloc_rule.memory_bytes;
	c.alloc[2] = c.alloc_rule.pods;
	for (d = 3; d < out->n_dims; d++)
		c.alloc[d] = mlcap_plan__ext_capacity(t, out->dims[d]);
	memcpy(c.cap, c.alloc, sizeof(c.cap));
	mlcap_plan__split_price(pl, &c);
	if (MLCAP_GROW(pl->cands.items, pl->cands.alloc, pl->cands.count + 1) <
	    0)
		return MLCAP_ENOMEM;
	pl->cands.items[pl->cands.count++] = c;
	return 0;
}

static int candidates_of_pool(planner *pl, const mlcap_node_pool *p,
			      const char *pool)
{
	const char *purchase = pool_purchase(pl, p);
	mlcap_price_list *l;
	bool any = false;
	/* A cluster without pools grows its node groups: its own types. */
	bool own_types = !p && pl->cluster;
	size_t i;
	int rc;

	if ((rc = load_prices(pl, purchase)) < 0)
		return rc;
	l = prices_for(pl, purchase);
	if (p && (rc = check_named_types(pl, p, l)) < 0)
		return rc;
	for (i = 0; l && i < l->count; i++)
		if ((!own_types || mlcap_plan__type_on_cluster(
				       pl, l->items[i].instance_type)) &&
		    (rc = add_candidate(pl, p, pool, &l->items[i], purchase,
					&any)) < 0)
			return rc;
	for (i = 0; i < pl->n_custom; i++)
		if ((!own_types || mlcap_plan__type_on_cluster(
				       pl, pl->custom[i].instance_type)) &&
		    (rc = add_candidate(pl, p, pool, &pl->custom[i], purchase,
					&any)) < 0)
			return rc;
	if (!any && p)
		return mlcap_diag_add(
		    pl->d, MLCAP_ERROR, "plan.pool", &p->loc,
		    "check its instance types, families, GPU models and size "
		    "bounds against `mlcap pricing list`",
		    "pool '%s' allows no instance type priced %s in %s",
		    p->name, purchase, pl->out->region);
	return 0;
}

static int candidates(planner *pl)
{
	size_t i;
	int rc;

	if (pl->n_pools == 0)
		return candidates_of_pool(pl, NULL, "default");
	for (i = 0; i < pl->n_pools; i++)
		if ((rc = candidates_of_pool(pl, pl->pools[i],
					     pl->pools[i]->name)) < 0)
			return rc;
	return 0;
}

/* DaemonSets take their requests and a pod slot on every candidate they
 * would run on (their selector matches, they tolerate its taints). */
static int daemonsets(planner *pl)
{
	size_t i, c, d;
	int64_t req[MLCAP_PACK_MAX_DIMS];

	for (i = 0; i < pl->n_workloads; i++) {
		const mlcap_workload *w = &pl->workloads[i];
		plan_wl *pw = &pl->wls[i];
		if (!(w->flags & MLCAP_WL_PER_NODE))
			continue;
		pw->per_node = true;
		request_vector(pl->out, &w->pod_requests, req);
		memcpy(pw->req, req, sizeof(req));
		pw->allowed =
		    mlcap_arena_calloc(&pl->out->arena, pl->cands.count + 1);
		if (!pw->allowed)
			return MLCAP_ENOMEM;
		for (c = 0; c < pl->cands.count; c++) {
			plan_cand *cd = &pl->cands.items[c];
			if (!mlcap_plan__pod_matches(&w->pod, &w->pod_requests,
						     &cd->labels,
						     pl->out->region) ||
			    mlcap_plan__untolerated(&w->pod, &w->pod_requests,
						    cd->taints, cd->n_taints))
				continue;
			pw->allowed[c] = true;
			cd->ds_pods++;
			for (d = 0; d < pl->out->n_dims; d++) {
				cd->cap[d] -= req[d];
				if (cd->cap[d] < 0)
					cd->cap[d] = 0;
			}
		}
	}
	return 0;
}

/* Parses a decimal annotation ("2.5") into millionths; -1 when absent. */
static int64_t annotation_micros(const mlcap_workload *w, const char *key,
				 bool *bad)
{
	const char *v = mlcap_kvs_get(&w->annotations, key);
	int64_t nanos;
	if (!v)
		return -1;
	if (mlcap_money_parse(&nanos, v, strlen(v)) != MLCAP_MONEY_OK) {
		*bad = true;
		return -1;
	}
	return nanos / 1000;
}

/* Hours per month a batch workload's pods run (x1000). */
static int batch_hours(planner *pl, size_t i)
{
	const mlcap_workload *w = &pl->workloads[i];
	plan_wl *pw = &pl->wls[i];
	bool bad = false;
	int64_t run_micros = annotation_micros(w, "mlcap.io/run-hours", &bad);
	int64_t runs = annotation_micros(w, "mlcap.io/runs-per-month", &bad);
	const char *basis_run, *basis_runs;
	int rc;

	pw->hours_milli = MLCAP_HOURS_PER_MONTH * 1000LL;
	if (!(w->flags & MLCAP_WL_BATCH))
		return 0;
	pw->batch = true;
	if (bad && (rc = mlcap_diag_add(
			pl->d, MLCAP_ERROR, "plan.annotation", &w->loc,
			"write a plain decimal such as \"2.5\"",
			"%s/%s: mlcap.io/run-hours or mlcap.io/runs-per-month "
			"is not a number",
			w->namespace, w->name)) < 0)
		return rc;
	basis_run = "mlcap.io/run-hours";
	pw->run_seconds = run_micros >= 0 ? run_micros * 3600 / 1000000 : -1;
	if (run_micros < 0 && w->active_deadline_secs > 0) {
		pw->run_seconds = w->active_deadline_secs;
		basis_run = "activeDeadlineSeconds";
	}
	basis_runs = "mlcap.io/runs-per-month";
	pw->runs_micros = runs;
	if (runs < 0 && w->runs_per_month_micros >= 0) {
		pw->runs_micros = w->runs_per_month_micros;
		basis_runs = "schedule";
	}
	if (pw->run_seconds < 0 || pw->runs_micros < 0) {
		pw->basis = pw->run_seconds < 0
				? "run length unknown: counted as always on"
				: "runs per month unknown: counted as always "
				  "on";
		return mlcap_diag_add(
		    pl->d, MLCAP_WARNING, "plan.batch", &w->loc,
		    "annotate mlcap.io/run-hours and mlcap.io/runs-per-month "
		    "(or set activeDeadlineSeconds)",
		    "%s %s/%s%s%s: %s", w->kind, w->namespace, w->name,
		    w->component ? " " : "", w->component ? w->component : "",
		    pw->basis);
	}
	if ((rc = mlcap_money_muldiv(&pw->hours_milli, pw->runs_micros,
				     pw->run_seconds, 3600000)) < 0 ||
	    pw->hours_milli > MLCAP_HOURS_PER_MONTH * 1000LL)
		pw->hours_milli = MLCAP_HOURS_PER_MONTH * 1000LL;
	{
		char b[96];
		snprintf(b, sizeof(b), "%s x %s", basis_runs, basis_run);
		pw->basis = mlcap_arena_strdup(&pl->out->arena, b);
	}
	return pw->basis ? 0 : MLCAP_ENOMEM;
}

/* Which candidates each workload's pods may use, and its requests. */
static int workload_groups(planner *pl)
{
	mlcap_plan *out = pl->out;
	size_t i, c;
	int rc;

	for (i = 0; i < pl->n_workloads; i++) {
		const mlcap_workload *w = &pl->workloads[i];
		plan_wl *pw = &pl->wls[i];
		if (w->flags & MLCAP_WL_PER_NODE)
			continue;
		pw->dims_ok = request_vector(out, &w->pod_requests, pw->req);
		pw->max_per_node = w->pod.hostname_anti_affinity ? 1
				   : w->pod.hostname_max_skew > 0
				       ? w->pod.hostname_max_skew
				       : 0;
		if ((rc = batch_hours(pl, i)) < 0)
			return rc;
		pw->allowed =
		    mlcap_arena_calloc(&out->arena, pl->cands.count + 1);
		if (!pw->allowed)
			return MLCAP_ENOMEM;
		for (c = 0; pw->dims_ok && c < pl->cands.count; c++) {
			const plan_cand *cd = &pl->cands.items[c];
			pw->allowed[c] =
			    mlcap_plan__pod_matches(&w->pod, &w->pod_requests,
						    &cd->labels, out->region) &&
			    !mlcap_plan__untolerated(&w->pod, &w->pod_requests,
						     cd->taints, cd->n_taints);
		}
	}
	return 0;
}

/* ---- one scenario ---- */

static int64_t replicas_of(const mlcap_workload *w, mlcap_scenario s)
{
	int64_t v = s == MLCAP_SCENARIO_MIN   ? w->replicas_min
		    : s == MLCAP_SCENARIO_MAX ? w->replicas_max
					      : w->replicas_declared;
	if (v < 0)
		v = w->replicas_declared;
	return v < 0 ? 1 : v;
}

/* Packs the workloads `which` (indices) as one problem, then accounts
 * the result into the scenario. */
static int pack_part(planner *pl, plan_scn *sc, const size_t *which, size_t n,
		     int64_t hours_milli, const mlcap_plan_opts *o)
{
	mlcap_pack_problem prob;
	mlcap_pack_group *groups;
	mlcap_pack_type *types;
	mlcap_pack_result res;
	size_t i, c, g = 0;
	int64_t lb = 0;
	int rc;

	types = mlcap_mem__calloc(pl->cands.count + 1, sizeof(*types));
	groups = mlcap_mem__calloc(n + 1, sizeof(*groups));
	if (!types || !groups) {
		mlcap_mem__free(types);
		mlcap_mem__free(groups);
		return MLCAP_ENOMEM;
	}
	for (c = 0; c < pl->cands.count; c++) {
		const plan_cand *cd = &pl->cands.items[c];
		types[c].name = cd->type->instance_type;
		types[c].pool = cd->pool;
		types[c].usd_nanos = cd->type->usd_nanos;
		memcpy(types[c].cap, cd->cap, sizeof(cd->cap));
		types[c].max_nodes = cd->max_nodes;
	}
	for (i = 0; i < n; i++) {
		const plan_wl *pw = &pl->wls[which[i]];
		const mlcap_workload *w = &pl->workloads[which[i]];
		groups[g].name = w->name;
		memcpy(groups[g].req, pw->req, sizeof(pw->req));
		groups[g].count = replicas_of(w, sc->s->scenario);
		groups[g].allowed = pw->allowed;
		groups[g].max_per_node = pw->max_per_node;
		g++;
	}
	memset(&prob, 0, sizeof(prob));
	prob.n_dims = pl->out->n_dims;
	memcpy(prob.dims, pl->out->dims, sizeof(prob.dims));
	prob.types = types;
	prob.n_types = pl->cands.count;
	prob.groups = groups;
	prob.n_groups = g;
	rc = mlcap_pack(&prob, o->method, &res);
	/* Free nodes of a cluster cost nothing: no bound worth reporting. */
	if (rc == 0 && pl->n_existing)
		lb = -1;
	else if (rc == 0)
		rc = mlcap_pack_lower_bound(&prob, &lb);
	if (rc == 0)
		rc = mlcap_plan__account(pl, sc, &prob, &res, which,
					 hours_milli, lb);
	mlcap_pack_release(&res);
	mlcap_mem__free(types);
	mlcap_mem__free(groups);
	return rc;
}

static int scenario(planner *pl, mlcap_scenario s, const mlcap_plan_opts *o)
{
	mlcap_plan_scenario *ps = &pl->out->scenarios[pl->out->n_scenarios];
	plan_scn sc;
	size_t *joint, n_joint = 0, i;
	int rc = 0;

	memset(ps, 0, sizeof(*ps));
	ps->scenario = s;
	memset(&sc, 0, sizeof(sc));
	sc.s = ps;
	joint = mlcap_mem__calloc(pl->n_workloads + 1, sizeof(*joint));
	if (!joint)
		return MLCAP_ENOMEM;
	/* Services, and batch work that runs all month, share nodes; other
	 * batch work gets nodes of its own for its hours. */
	for (i = 0; i < pl->n_workloads; i++)
		if (!pl->wls[i].per_node && pl->wls[i].dims_ok &&
		    pl->wls[i].hours_milli == MLCAP_HOURS_PER_MONTH * 1000LL)
			joint[n_joint++] = i;
	rc = pack_part(pl, &sc, joint, n_joint, MLCAP_HOURS_PER_MONTH * 1000LL,
		       o);
	for (i = 0; rc == 0 && i < pl->n_workloads; i++)
		if (!pl->wls[i].per_node && pl->wls[i].dims_ok &&
		    pl->wls[i].hours_milli != MLCAP_HOURS_PER_MONTH * 1000LL)
			rc = pack_part(pl, &sc, &i, 1, pl->wls[i].hours_milli,
				       o);
	if (rc == 0)
		rc = mlcap_plan__finish(pl, &sc);
	mlcap_plan__scn_release(&sc);
	mlcap_mem__free(joint);
	if (rc == 0)
		pl->out->n_scenarios++;
	return rc;
}

/* Pods that request a resource beyond the plan's dimensions. */
static int report_dimless(planner *pl)
{
	size_t i;
	int rc;
	for (i = 0; i < pl->n_workloads; i++)
		if (!pl->wls[i].per_node && !pl->wls[i].dims_ok &&
		    (rc = mlcap_diag_add(pl->d, MLCAP_ERROR, "plan.dims",
					 &pl->workloads[i].loc, NULL,
					 "%s/%s is left out of the plan",
					 pl->workloads[i].namespace,
					 pl->workloads[i].name)) < 0)
			return rc;
	return 0;
}

/* Configuration pools first, then the NodePools among the manifests. */
static int collect_pools(planner *pl, const mlcap_set *ws, const mlcap_set *cs)
{
	const mlcap_set *sets[2] = {cs, ws};
	const mlcap_node_pool *p[2] = {NULL, NULL};
	size_t n[2] = {0, 0}, k, i;

	for (k = 0; k < 2; k++)
		if (sets[k])
			p[k] = mlcap_set_node_pools(sets[k], &n[k]);
	pl->pools = mlcap_mem__calloc(n[0] + n[1] + 1, sizeof(*pl->pools));
	if (!pl->pools)
		return MLCAP_ENOMEM;
	for (k = 0; k < 2; k++)
		for (i = 0; i < n[k]; i++)
			pl->pools[pl->n_pools++] = &p[k][i];
	return 0;
}

int mlcap_plan_run(const mlcap_set *ws, const mlcap_set *cs, mlcap_catalog *cat,
		   const mlcap_plan_opts *o, mlcap_plan *out, mlcap_diags *d)
{
	planner pl;
	mlcap_plan_opts dflt;
	unsigned want;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	mlcap_arena_init(&out->arena);
	if (!o) {
		mlcap_plan_opts_init(&dflt);
		o = &dflt;
	}
	memset(&pl, 0, sizeof(pl));
	pl.out = out;
	pl.cat = cat;
	pl.d = d;
	pl.cfg = cs ? mlcap_set_config(cs) : NULL;
	pl.cluster = o->cluster;
	pl.workloads = mlcap_set_workloads(ws, &pl.n_workloads);
	pl.wls = mlcap_mem__calloc(pl.n_workloads + 1, sizeof(*pl.wls));
	if (!pl.wls)
		return MLCAP_ENOMEM;
	want = o->scenarios ? o->scenarios : (1u << MLCAP_SCENARIO_COUNT) - 1;
	if ((rc = collect_pools(&pl, ws, cs)) < 0 ||
	    (rc = settings(&pl, o)) < 0 || (rc = custom_types(&pl)) < 0 ||
	    (rc = load_prices(&pl, out->purchase)) < 0 ||
	    (rc = unit_rates(&pl)) < 0 || (rc = dimensions(&pl)) < 0 ||
	    (rc = mlcap_plan__existing_nodes(&pl)) < 0 ||
	    (rc = candidates(&pl)) < 0 || (rc = daemonsets(&pl)) < 0 ||
	    (rc = workload_groups(&pl)) < 0 || (rc = report_dimless(&pl)) < 0)
		goto done;
	out->n_candidates = pl.cands.count;
	for (i = 0; i < MLCAP_SCENARIO_COUNT; i++)
		if ((want & (1u << i)) &&
		    (rc = scenario(&pl, (mlcap_scenario)i, o)) < 0)
			goto done;
	rc = mlcap_plan__pool_limits(&pl);
done:
	for (i = 0; i < pl.n_lists; i++)
		mlcap_price_list_release(&pl.lists[i]);
	mlcap_mem__free(pl.cands.items);
	mlcap_mem__free(pl.wls);
	mlcap_mem__free(pl.pools);
	if (rc < 0)
		mlcap_plan_release(out);
	return rc;
}

void mlcap_plan_release(mlcap_plan *p)
{
	mlcap_arena_release(&p->arena);
	memset(p, 0, sizeof(*p));
}
