/*
 * resolve.c - turns extracted objects into the cluster model, the way the
 * API server and scheduler see them: request-from-limit defaulting, then
 * LimitRange defaults per namespace; pod overhead from the RuntimeClass;
 * effective pod requests and limits (containers summed, init containers
 * max'ed, restartable sidecars added, pod-level resources, overhead);
 * replica bounds from HPAs and ScaledObjects; DaemonSet pods per Node.
 */
#include <stdlib.h>
#include <string.h>
#include "set.h"
#include "banned.h"

#define MAX_EXT 32

/* A resource vector being computed. */
typedef struct {
	int64_t cpu, mem, eph;
	uint32_t set;
	uint32_t n_ext;
	mlcap_named_qty ext[MAX_EXT];
} racc;

static int64_t sat_add(int64_t a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	return a + b;
}

static int64_t *ext_slot(racc *a, const char *name)
{
	uint32_t i;
	for (i = 0; i < a->n_ext; i++)
		if (strcmp(a->ext[i].name, name) == 0)
			return &a->ext[i].value;
	if (a->n_ext == MAX_EXT)
		return NULL;
	a->ext[a->n_ext].name = name;
	a->ext[a->n_ext].value = 0;
	return &a->ext[a->n_ext++].value;
}

static void racc_from(racc *a, const mlcap_resources *r)
{
	uint32_t i;
	memset(a, 0, sizeof(*a));
	a->cpu = r->set & MLCAP_RES_CPU ? r->cpu_millis : 0;
	a->mem = r->set & MLCAP_RES_MEMORY ? r->memory_bytes : 0;
	a->eph = r->set & MLCAP_RES_EPHEMERAL ? r->ephemeral_bytes : 0;
	a->set = r->set;
	for (i = 0; i < r->n_ext && i < MAX_EXT; i++)
		a->ext[a->n_ext++] = r->ext[i];
}

static void racc_add(racc *a, const racc *b)
{
	uint32_t i;
	a->cpu = sat_add(a->cpu, b->cpu);
	a->mem = sat_add(a->mem, b->mem);
	a->eph = sat_add(a->eph, b->eph);
	a->set |= b->set;
	for (i = 0; i < b->n_ext; i++) {
		int64_t *v = ext_slot(a, b->ext[i].name);
		if (v)
			*v = sat_add(*v, b->ext[i].value);
	}
}

static void racc_max(racc *a, const racc *b)
{
	uint32_t i;
	if (b->cpu > a->cpu)
		a->cpu = b->cpu;
	if (b->mem > a->mem)
		a->mem = b->mem;
	if (b->eph > a->eph)
		a->eph = b->eph;
	a->set |= b->set;
	for (i = 0; i < b->n_ext; i++) {
		int64_t *v = ext_slot(a, b->ext[i].name);
		if (v && b->ext[i].value > *v)
			*v = b->ext[i].value;
	}
}

static int cmp_named(const void *a, const void *b)
{
	return strcmp(((const mlcap_named_qty *)a)->name,
		      ((const mlcap_named_qty *)b)->name);
}

/* Freezes an accumulator into an arena-owned resource list. */
static int racc_store(mlcap_arena *ar, const racc *a, mlcap_resources *out)
{
	mlcap_named_qty *ext = NULL;
	uint32_t i, n = 0;

	memset(out, 0, sizeof(*out));
	out->cpu_millis = a->cpu;
	out->memory_bytes = a->mem;
	out->ephemeral_bytes = a->eph;
	out->set = a->set;
	if (a->n_ext) {
		ext = mlcap_arena_alloc(ar, a->n_ext * sizeof(*ext));
		if (!ext)
			return MLCAP_ENOMEM;
		for (i = 0; i < a->n_ext; i++)
			if (a->ext[i].value != 0 ||
			    strncmp(a->ext[i].name, "hugepages-", 10) == 0)
				ext[n++] = a->ext[i];
		qsort(ext, n, sizeof(*ext), cmp_named);
	}
	out->ext = ext;
	out->n_ext = n;
	return 0;
}

/* ---- container defaulting ---- */

/* `to` gains every resource of `from` it lacks; `to` is rewritten. */
static int merge_missing(mlcap_arena *ar, mlcap_resources *to,
			 const mlcap_resources *from)
{
	racc a, b;
	uint32_t i;
	bool changed = false;

	racc_from(&a, to);
	racc_from(&b, from);
	if (!(a.set & MLCAP_RES_CPU) && (b.set & MLCAP_RES_CPU)) {
		a.cpu = b.cpu;
		changed = true;
	}
	if (!(a.set & MLCAP_RES_MEMORY) && (b.set & MLCAP_RES_MEMORY)) {
		a.mem = b.mem;
		changed = true;
	}
	if (!(a.set & MLCAP_RES_EPHEMERAL) && (b.set & MLCAP_RES_EPHEMERAL)) {
		a.eph = b.eph;
		changed = true;
	}
	a.set |= b.set;
	for (i = 0; i < b.n_ext; i++) {
		uint32_t j;
		bool have = false;
		for (j = 0; j < a.n_ext; j++)
			have |= strcmp(a.ext[j].name, b.ext[i].name) == 0;
		if (!have) {
			int64_t *v = ext_slot(&a, b.ext[i].name);
			if (v) {
				*v = b.ext[i].value;
				changed = true;
			}
		}
	}
	return changed ? racc_store(ar, &a, to) : 0;
}

typedef struct {
	mlcap_set *s;
	mlcap_diags *d;
	/* namespace-sorted indexes */
	const mlcap_limit_range **lrs;
	const mlcap_namespace **nss;
} rctx;

static int cmp_lr(const void *a, const void *b)
{
	const mlcap_limit_range *x = *(const mlcap_limit_range *const *)a;
	const mlcap_limit_range *y = *(const mlcap_limit_range *const *)b;
	int c = strcmp(x->namespace, y->namespace);
	/* Input order among one namespace's LimitRanges: first one wins. */
	return c ? c : (x < y ? -1 : x > y);
}

static int cmp_ns(const void *a, const void *b)
{
	const mlcap_namespace *x = *(const mlcap_namespace *const *)a;
	const mlcap_namespace *y = *(const mlcap_namespace *const *)b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x < y ? -1 : x > y);
}

static size_t lower_lr(const rctx *r, const char *ns)
{
	size_t lo = 0, hi = r->s->limit_ranges.count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(r->lrs[mid]->namespace, ns) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const mlcap_namespace *find_ns(const rctx *r, const char *name)
{
	size_t lo = 0, hi = r->s->namespaces.count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(r->nss[mid]->name, name);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->s->namespaces.count &&
		       strcmp(r->nss[lo]->name, name) == 0
		   ? r->nss[lo]
		   : NULL;
}

/*
 * Request above limit is rejected by the API server. `lr_bits` are the
 * limits a LimitRange default set, named `lr` (NULL when none), so the
 * message can say where the limit came from.
 */
static int check_request_limit(rctx *r, const mlcap_workload *w,
			       const mlcap_container *c, uint32_t lr_bits,
			       const mlcap_limit_range *lr)
{
	const mlcap_resources *q = &c->requests, *l = &c->limits;
	static const struct {
		uint32_t bit;
		const char *name;
	} fixed[] = {
	    {MLCAP_RES_CPU, "cpu"},
	    {MLCAP_RES_MEMORY, "memory"},
	    {MLCAP_RES_EPHEMERAL, "ephemeral-storage"},
	};
	size_t i;
	int rc;

	for (i = 0; i < 3; i++) {
		int64_t rq, lm;
		if (!(q->set & l->set & fixed[i].bit))
			continue;
		rq = i == 0   ? q->cpu_millis
		     : i == 1 ? q->memory_bytes
			      : q->ephemeral_bytes;
		lm = i == 0   ? l->cpu_millis
		     : i == 1 ? l->memory_bytes
			      : l->ephemeral_bytes;
		if (rq <= lm)
			continue;
		if ((lr_bits & fixed[i].bit) && lr)
			rc = mlcap_diag_add(
			    r->d, MLCAP_ERROR, "resources.request_above_limit",
			    &c->loc,
			    "the API server rejects this pod; set a limit "
			    "on the container, or change the LimitRange",
			    "container '%s' of %s '%s' requests more %s "
			    "than the default limit of LimitRange '%s' "
			    "(%s:%u)",
			    c->name, w->kind, w->name, fixed[i].name, lr->name,
			    lr->loc.file, lr->loc.line);
		else
			rc = mlcap_diag_add(
			    r->d, MLCAP_ERROR, "resources.request_above_limit",
			    &c->loc,
			    "the API server rejects this pod; raise the "
			    "limit or lower the request",
			    "container '%s' of %s '%s' requests more %s "
			    "than its limit",
			    c->name, w->kind, w->name, fixed[i].name);
		if (rc < 0)
			return rc;
	}
	for (i = 0; i < q->n_ext; i++) {
		int64_t lm = mlcap_resources_ext(l, q->ext[i].name);
		bool has_limit = false;
		uint32_t j;
		for (j = 0; j < l->n_ext; j++)
			has_limit |=
			    strcmp(l->ext[j].name, q->ext[i].name) == 0;
		if (strncmp(q->ext[i].name, "hugepages-", 10) == 0)
			continue;
		if ((!has_limit || lm != q->ext[i].value) &&
		    (rc = mlcap_diag_add(
			 r->d, MLCAP_ERROR, "resources.extended", &c->loc,
			 "extended resources cannot be overcommitted: "
			 "set the limit equal to the request, or only the "
			 "limit",
			 "container '%s' of %s '%s' requests %lld %s but "
			 "its limit is %lld",
			 c->name, w->kind, w->name, (long long)q->ext[i].value,
			 q->ext[i].name, (long long)lm)) < 0)
			return rc;
	}
	return 0;
}

/* API defaulting, then the namespace's LimitRange defaults. */
static int default_containers(rctx *r, mlcap_workload *w)
{
	mlcap_container *cs = (mlcap_container *)w->pod.containers;
	size_t first = w->namespace ? lower_lr(r, w->namespace) : 0;
	uint32_t i;
	int rc;

	for (i = 0; i < w->pod.n_containers; i++) {
		mlcap_container *c = &cs[i];
		const mlcap_limit_range *lr = NULL;
		uint32_t before;
		size_t k;
		/* A container with only a limit gets request = limit. */
		if ((rc = merge_missing(&r->s->arena, &c->requests,
					&c->limits)) < 0)
			return rc;
		before = c->limits.set;
		for (k = first; w->namespace && k < r->s->limit_ranges.count &&
				strcmp(r->lrs[k]->namespace, w->namespace) == 0;
		     k++) {
			if (!lr &&
			    (r->lrs[k]->default_limits.set & ~c->limits.set))
				lr = r->lrs[k];
			if ((rc = merge_missing(&r->s->arena, &c->limits,
						&r->lrs[k]->default_limits)) <
				0 ||
			    (rc = merge_missing(&r->s->arena, &c->requests,
						&r->lrs[k]->default_requests)) <
				0)
				return rc;
		}
		if ((rc = check_request_limit(r, w, c, c->limits.set & ~before,
					      lr)) < 0)
			return rc;
	}
	return 0;
}

/* ---- pod totals ---- */

/*
 * Kubernetes' PodRequests/PodLimits: regular containers and restartable
 * sidecars add up; each regular init container runs beside the sidecars
 * started before it; the pod needs the max of the two phases.
 */
static void pod_total(const mlcap_pod_template *p, bool limits, racc *out)
{
	racc run, sidecars, init_max, cand, c;
	uint32_t i;

	memset(&run, 0, sizeof(run));
	memset(&sidecars, 0, sizeof(sidecars));
	memset(&init_max, 0, sizeof(init_max));
	for (i = 0; i < p->n_containers; i++) {
		const mlcap_container *ct = &p->containers[i];
		racc_from(&c, limits ? &ct->limits : &ct->requests);
		switch (ct->kind) {
		case MLCAP_CONTAINER_REGULAR: racc_add(&run, &c); break;
		case MLCAP_CONTAINER_SIDECAR:
			racc_add(&run, &c);
			racc_add(&sidecars, &c);
			racc_max(&init_max, &sidecars);
			break;
		case MLCAP_CONTAINER_INIT:
			cand = c;
			racc_add(&cand, &sidecars);
			racc_max(&init_max, &cand);
			break;
		}
	}
	racc_max(&run, &init_max);
	*out = run;
}

/* Bits of cpu/memory/ephemeral limits set on every container. */
static uint32_t limits_set_everywhere(const mlcap_pod_template *p)
{
	uint32_t bits = MLCAP_RES_CPU | MLCAP_RES_MEMORY | MLCAP_RES_EPHEMERAL;
	uint32_t i;
	if (!p->n_containers)
		return 0;
	for (i = 0; i < p->n_containers; i++)
		bits &= p->containers[i].limits.set;
	return bits;
}

static void add_overhead(racc *a, const mlcap_resources *o, bool limits)
{
	racc ov;
	uint32_t i;

	racc_from(&ov, o);
	if (!limits) {
		racc_add(a, &ov);
		return;
	}
	/* Overhead is added only to limits the pod has (PodLimits). */
	if (a->set & MLCAP_RES_CPU)
		a->cpu = sat_add(a->cpu, ov.cpu);
	if (a->set & MLCAP_RES_MEMORY)
		a->mem = sat_add(a->mem, ov.mem);
	if (a->set & MLCAP_RES_EPHEMERAL)
		a->eph = sat_add(a->eph, ov.eph);
	for (i = 0; i < ov.n_ext; i++) {
		uint32_t j;
		for (j = 0; j < a->n_ext; j++)
			if (strcmp(a->ext[j].name, ov.ext[i].name) == 0)
				a->ext[j].value =
				    sat_add(a->ext[j].value, ov.ext[i].value);
	}
}

static int pod_resources(rctx *r, mlcap_workload *w)
{
	const mlcap_pod_template *p = &w->pod;
	const mlcap_resources *plr = &p->pod_level_requests;
	const mlcap_resources *pll = &p->pod_level_limits;
	racc req, lim;
	int rc;

	pod_total(p, false, &req);
	pod_total(p, true, &lim);
	lim.set = limits_set_everywhere(p);
	/* Pod-level resources (cpu, memory) replace the container sums. */
	if (plr->set & MLCAP_RES_CPU)
		req.cpu = plr->cpu_millis;
	if (plr->set & MLCAP_RES_MEMORY)
		req.mem = plr->memory_bytes;
	if (pll->set & MLCAP_RES_CPU)
		lim.cpu = pll->cpu_millis;
	if (pll->set & MLCAP_RES_MEMORY)
		lim.mem = pll->memory_bytes;
	req.set |= plr->set;
	lim.set |= pll->set & (MLCAP_RES_CPU | MLCAP_RES_MEMORY);
	if ((pll->set & MLCAP_RES_CPU) && !(plr->set & MLCAP_RES_CPU) &&
	    !(req.set & MLCAP_RES_CPU)) {
		req.cpu = pll->cpu_millis;
		req.set |= MLCAP_RES_CPU;
	}
	if ((pll->set & MLCAP_RES_MEMORY) && !(plr->set & MLCAP_RES_MEMORY) &&
	    !(req.set & MLCAP_RES_MEMORY)) {
		req.mem = pll->memory_bytes;
		req.set |= MLCAP_RES_MEMORY;
	}
	add_overhead(&req, &p->overhead, false);
	add_overhead(&lim, &p->overhead, true);
	/* Limits on cpu/memory are all-or-nothing; unset ones are absent. */
	if (!(lim.set & MLCAP_RES_CPU))
		lim.cpu = 0;
	if (!(lim.set & MLCAP_RES_MEMORY))
		lim.mem = 0;
	if (!(lim.set & MLCAP_RES_EPHEMERAL))
		lim.eph = 0;
	if ((rc = racc_store(&r->s->arena, &req, &w->pod_requests)) < 0 ||
	    (rc = racc_store(&r->s->arena, &lim, &w->pod_limits)) < 0)
		return rc;
	return 0;
}

static int apply_runtime_class(rctx *r, mlcap_workload *w)
{
	size_t i;
	if (!w->pod.runtime_class)
		return 0;
	for (i = 0; i < r->s->runtime_classes.count; i++) {
		const mlcap_runtime_class *rc_ =
		    &r->s->runtime_classes.items[i];
		if (strcmp(rc_->name, w->pod.runtime_class) == 0) {
			/* RuntimeClass admission sets spec.overhead. */
			if (rc_->overhead.set || rc_->overhead.n_ext)
				w->pod.overhead = rc_->overhead;
			return 0;
		}
	}
	return mlcap_diag_add(r->d, MLCAP_NOTE, "runtimeclass.unknown", &w->loc,
			      "add the RuntimeClass to the input to count its "
			      "pod overhead",
			      "%s '%s' uses RuntimeClass '%s', which is not in "
			      "the input; no pod overhead counted",
			      w->kind, w->name, w->pod.runtime_class);
}

/* ---- labels ---- */

static const char *const cost_labels[] = {"team", "project", "env", "owner"};

const char *const *mlcap_default_cost_labels(size_t *n)
{
	*n = sizeof(cost_labels) / sizeof(cost_labels[0]);
	return cost_labels;
}

const char *mlcap_kvs_get(const mlcap_kvs *m, const char *key)
{
	const char *v = NULL;
	uint32_t i;
	for (i = 0; i < m->count; i++)
		if (strcmp(m->items[i].key, key) == 0)
			v = m->items[i].value;
	return v;
}

int64_t mlcap_resources_ext(const mlcap_resources *r, const char *name)
{
	uint32_t i;
	for (i = 0; i < r->n_ext; i++)
		if (strcmp(r->ext[i].name, name) == 0)
			return r->ext[i].value;
	return 0;
}

bool mlcap_resource_is_accelerator(const char *n)
{
	return strstr(n, "gpu") || strncmp(n, "nvidia.com/mig-", 15) == 0 ||
	       !strcmp(n, "google.com/tpu") ||
	       !strncmp(n, "aws.amazon.com/neuron", 21) ||
	       !strcmp(n, "habana.ai/gaudi");
}

static void count_missing_labels(const rctx *r, mlcap_workload *w)
{
	const mlcap_namespace *ns =
	    w->namespace ? find_ns(r, w->namespace) : NULL;
	size_t i;

	w->missing_labels = 0;
	for (i = 0; i < sizeof(cost_labels) / sizeof(cost_labels[0]); i++)
		if (!mlcap_kvs_get(&w->labels, cost_labels[i]) &&
		    !mlcap_kvs_get(&w->pod.labels, cost_labels[i]) &&
		    !(ns && mlcap_kvs_get(&ns->labels, cost_labels[i])))
			w->missing_labels++;
}

/* ---- autoscaler binding ---- */

/* Sort record for looking workloads up by namespace, kind and name. */
typedef struct {
	const char *ns, *kind, *name;
	size_t idx;
} wl_key;

static int cmp_key(const wl_key *a, const wl_key *b)
{
	int c = strcmp(a->ns, b->ns);
	if (!c)
		c = strcmp(a->kind, b->kind);
	if (!c)
		c = strcmp(a->name, b->name);
	return c;
}

static int cmp_key_idx(const void *pa, const void *pb)
{
	const wl_key *a = pa, *b = pb;
	int c = cmp_key(a, b);
	return c ? c : (a->idx < b->idx ? -1 : a->idx > b->idx);
}

static bool scalable(const char *kind)
{
	return !strcmp(kind, "Deployment") || !strcmp(kind, "StatefulSet") ||
	       !strcmp(kind, "ReplicaSet") ||
	       !strcmp(kind, "ReplicationController") ||
	       !strcmp(kind, "LeaderWorkerSet");
}

/*
 * Warns about objects defined twice (same namespace, kind, name and
 * component), as kustomize bases and overlays loaded together produce:
 * both are counted, which is rarely what the user means.
 */
static int warn_duplicates(rctx *r, const wl_key *idx, size_t n)
{
	const mlcap_workload *ws = r->s->workloads.items;
	size_t i;
	int rc;

	for (i = 1; i < n; i++) {
		const mlcap_workload *a = &ws[idx[i - 1].idx];
		const mlcap_workload *b = &ws[idx[i].idx];
		if (cmp_key(&idx[i - 1], &idx[i]) != 0 ||
		    strcmp(a->component ? a->component : "",
			   b->component ? b->component : "") != 0)
			continue;
		if ((rc = mlcap_diag_add(
			 r->d, MLCAP_WARNING, "object.duplicate", &b->loc,
			 "load one variant (e.g. only the overlay); both "
			 "copies are counted",
			 "%s '%s/%s' is defined again (first at %s:%u)",
			 b->kind, b->namespace ? b->namespace : "", b->name,
			 a->loc.file, a->loc.line)) < 0)
			return rc;
	}
	return 0;
}

static int bind_scalers(rctx *r)
{
	mlcap_set *s = r->s;
	size_t n = s->workloads.count, i;
	wl_key *idx;
	int rc = 0;

	idx = mlcap_mem__alloc((n ? n : 1) * sizeof(*idx));
	if (!idx)
		return MLCAP_ENOMEM;
	for (i = 0; i < n; i++) {
		const mlcap_workload *w = &s->workloads.items[i];
		idx[i].ns = w->namespace ? w->namespace : "";
		idx[i].kind = w->kind;
		idx[i].name = w->name;
		idx[i].idx = i;
	}
	qsort(idx, n, sizeof(*idx), cmp_key_idx);
	rc = warn_duplicates(r, idx, n);

	for (i = 0; i < s->scalers.count && rc == 0; i++) {
		mlcap_scaler *sc = &s->scalers.items[i];
		wl_key key;
		size_t lo = 0, hi = n, k;

		key.ns = sc->namespace ? sc->namespace : "";
		key.kind = sc->target_kind;
		key.name = sc->target_name;
		key.idx = 0;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (cmp_key(&idx[mid], &key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (k = lo; k < n && rc == 0 && cmp_key(&idx[k], &key) == 0;
		     k++) {
			mlcap_workload *w = &s->workloads.items[idx[k].idx];
			int64_t mn = sc->min_replicas * w->pods_per_replica;
			int64_t mx = sc->max_replicas * w->pods_per_replica;
			int64_t decl = w->replicas_declared;

			sc->bound = true;
			if (!scalable(w->kind)) {
				rc = mlcap_diag_add(
				    r->d, MLCAP_WARNING, "scaler.kind",
				    &sc->loc, NULL,
				    "%s '%s' targets %s '%s', which has no "
				    "scale subresource; ignored",
				    sc->kind, sc->name, w->kind, w->name);
				continue;
			}
			if ((w->flags & MLCAP_WL_SCALED) &&
			    !strcmp(w->scaler_name, sc->name) &&
			    !strcmp(w->scaler_kind, sc->kind))
				continue; /* a duplicate of the same object */
			if (w->flags & MLCAP_WL_SCALED) {
				rc = mlcap_diag_add(
				    r->d, MLCAP_WARNING, "scaler.duplicate",
				    &sc->loc,
				    "keep one autoscaler per workload; the "
				    "HPA controller refuses to act on a "
				    "target scaled twice",
				    "%s '%s' targets %s '%s', which %s '%s' "
				    "already scales; ignored",
				    sc->kind, sc->name, w->kind, w->name,
				    w->scaler_kind, w->scaler_name);
				continue;
			}
			w->flags |= MLCAP_WL_SCALED;
			w->scaler_kind = sc->kind;
			w->scaler_name = sc->name;
			if (decl == 0 && mn > 0 &&
			    !strcmp(sc->kind, "HorizontalPodAutoscaler")) {
				/* The HPA controller leaves a target at 0. */
				w->replicas_min = w->replicas_max = 0;
				rc = mlcap_diag_add(
				    r->d, MLCAP_NOTE, "scaler.disabled",
				    &w->loc,
				    "set replicas above 0 to let the HPA "
				    "scale it",
				    "%s '%s' declares 0 replicas, so %s "
				    "'%s' does not scale it",
				    w->kind, w->name, sc->kind, sc->name);
				continue;
			}
			w->replicas_min = mn;
			w->replicas_max = mx;
			if (decl < mn || decl > mx) {
				w->replicas_declared = decl < mn ? mn : mx;
				rc = mlcap_diag_add(
				    r->d, MLCAP_NOTE, "replicas.clamped",
				    &w->loc, NULL,
				    "%s '%s' declares %lld pods; %s '%s' "
				    "keeps it between %lld and %lld, so "
				    "%lld run",
				    w->kind, w->name, (long long)decl, sc->kind,
				    sc->name, (long long)mn, (long long)mx,
				    (long long)w->replicas_declared);
			}
		}
		if (rc == 0 && !sc->bound)
			rc = mlcap_diag_add(
			    r->d, MLCAP_WARNING, "scaler.target_missing",
			    &sc->loc,
			    "add the target's manifest to the input, or "
			    "check the namespace, kind and name",
			    "%s '%s' targets %s '%s' in namespace '%s', "
			    "which is not in the input",
			    sc->kind, sc->name, sc->target_kind,
			    sc->target_name, sc->namespace);
	}
	mlcap_mem__free(idx);
	return rc;
}

/* ---- DaemonSets on known Nodes ---- */

static const struct {
	const char *key, *effect;
} ds_tolerations[] = {
    {"node.kubernetes.io/not-ready", "NoExecute"},
    {"node.kubernetes.io/unreachable", "NoExecute"},
    {"node.kubernetes.io/disk-pressure", "NoSchedule"},
    {"node.kubernetes.io/memory-pressure", "NoSchedule"},
    {"node.kubernetes.io/pid-pressure", "NoSchedule"},
    {"node.kubernetes.io/unschedulable", "NoSchedule"},
};

static bool tolerates(const mlcap_pod_template *p, const mlcap_taint *t)
{
	uint32_t i;
	if (!t->effect || !strcmp(t->effect, "PreferNoSchedule"))
		return true;
	/*
	 * The tolerations the DaemonSet controller adds to its pods
	 * (network-unavailable only for hostNetwork pods, not read here).
	 */
	for (i = 0;
	     t->key && i < sizeof(ds_tolerations) / sizeof(ds_tolerations[0]);
	     i++)
		if (!strcmp(t->key, ds_tolerations[i].key) &&
		    !strcmp(t->effect, ds_tolerations[i].effect))
			return true;
	for (i = 0; i < p->n_tolerations; i++) {
		const mlcap_toleration *o = &p->tolerations[i];
		bool exists = o->op && !strcmp(o->op, "Exists");
		if (o->effect && *o->effect && strcmp(o->effect, t->effect))
			continue;
		if (!o->key || !*o->key) {
			if (exists)
				return true;
			continue;
		}
		if (!t->key || strcmp(o->key, t->key))
			continue;
		if (exists ||
		    !strcmp(o->value ? o->value : "", t->value ? t->value : ""))
			return true;
	}
	return false;
}

static bool req_matches(const mlcap_node_req *q, const mlcap_kvs *labels)
{
	const char *v = mlcap_kvs_get(labels, q->key ? q->key : "");
	const char *op = q->op ? q->op : "";
	uint32_t i;
	bool in = false;

	if (!strcmp(op, "Exists"))
		return v != NULL;
	if (!strcmp(op, "DoesNotExist"))
		return v == NULL;
	if (!strcmp(op, "Gt") || !strcmp(op, "Lt")) {
		long long a, b;
		char *end;
		if (!v || q->n_values != 1)
			return false;
		a = strtoll(v, &end, 10);
		if (*end)
			return false;
		b = strtoll(q->values[0], &end, 10);
		if (*end)
			return false;
		return !strcmp(op, "Gt") ? a > b : a < b;
	}
	for (i = 0; v && i < q->n_values; i++)
		in |= strcmp(v, q->values[i]) == 0;
	if (!strcmp(op, "In"))
		return in;
	if (!strcmp(op, "NotIn"))
		return !in;
	return false;
}

/**
 * True when a pod of template `p` may run on node `n`: its nodeSelector
 * and required node affinity match the labels and every NoSchedule or
 * NoExecute taint is tolerated.
 */
static bool node_eligible(const mlcap_pod_template *p,
			  const mlcap_cluster_node *n)
{
	uint32_t i, j;
	bool any = p->n_affinity_terms == 0;

	for (i = 0; i < p->node_selector.count; i++) {
		const char *v =
		    mlcap_kvs_get(&n->labels, p->node_selector.items[i].key);
		if (!v || strcmp(v, p->node_selector.items[i].value))
			return false;
	}
	for (i = 0; i < p->n_affinity_terms && !any; i++) {
		bool all = true;
		for (j = 0; j < p->affinity_terms[i].n_reqs; j++)
			all &= req_matches(&p->affinity_terms[i].reqs[j],
					   &n->labels);
		any |= all && p->affinity_terms[i].n_reqs > 0;
	}
	if (!any)
		return false;
	for (i = 0; i < n->n_taints; i++)
		if (!tolerates(p, &n->taints[i]))
			return false;
	return true;
}

static void count_daemon_pods(rctx *r, mlcap_workload *w)
{
	size_t i, count = 0;
	if (!(w->flags & MLCAP_WL_PER_NODE) || !r->s->nodes.count)
		return;
	for (i = 0; i < r->s->nodes.count; i++)
		count += node_eligible(&w->pod, &r->s->nodes.items[i]);
	w->flags |= MLCAP_WL_NODES_KNOWN;
	w->replicas_min = w->replicas_declared = w->replicas_max =
	    (int64_t)count;
}

/* ---- driver ---- */

int mlcap_set_resolve(mlcap_set *s, mlcap_diags *d)
{
	rctx r;
	size_t i;
	int rc = 0;

	if (s->resolved)
		return MLCAP_EINVAL;
	s->resolved = 1;
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.d = d;
	r.lrs = mlcap_mem__alloc((s->limit_ranges.count + 1) * sizeof(*r.lrs));
	r.nss = mlcap_mem__alloc((s->namespaces.count + 1) * sizeof(*r.nss));
	if (!r.lrs || !r.nss) {
		rc = MLCAP_ENOMEM;
		goto done;
	}
	for (i = 0; i < s->limit_ranges.count; i++)
		r.lrs[i] = &s->limit_ranges.items[i];
	qsort(r.lrs, s->limit_ranges.count, sizeof(*r.lrs), cmp_lr);
	for (i = 0; i < s->namespaces.count; i++)
		r.nss[i] = &s->namespaces.items[i];
	qsort(r.nss, s->namespaces.count, sizeof(*r.nss), cmp_ns);

	for (i = 0; i < s->workloads.count && rc == 0; i++) {
		mlcap_workload *w = &s->workloads.items[i];
		if ((rc = apply_runtime_class(&r, w)) < 0 ||
		    (rc = default_containers(&r, w)) < 0 ||
		    (rc = pod_resources(&r, w)) < 0)
			break;
		count_missing_labels(&r, w);
		count_daemon_pods(&r, w);
	}
	if (rc == 0)
		rc = bind_scalers(&r);
done:
	mlcap_mem__free(r.lrs);
	mlcap_mem__free(r.nss);
	return rc;
}
