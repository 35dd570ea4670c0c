/*
 * labels.c - cost-label coverage (labels.h): each workload's required
 * labels looked up in its metadata, its pod template and its Namespace
 * (in that order, under any alias), validated against the policy, and
 * tallied by count and by the monthly cost the planner allocated to it.
 */
#include <stdlib.h>
#include <string.h>
#include "labels_internal.h"
#include "internal.h"
#include "banned.h"

typedef struct {
	const mlcap_set *s;
	const mlcap_policy *p;
	mlcap_labels *out;
	const mlcap_namespace **ns; /* sorted by name */
	size_t n_ns;
	mlcap_cost_index costs;
	bool costed;
} run;

static int cmp_ns(const void *a, const void *b)
{
	const mlcap_namespace *x = *(const mlcap_namespace *const *)a;
	const mlcap_namespace *y = *(const mlcap_namespace *const *)b;
	return strcmp(x->name, y->name);
}

static const mlcap_namespace *find_ns(const run *r, const char *name)
{
	mlcap_namespace key, *kp = &key;
	const mlcap_namespace **hit;

	key.name = name;
	hit = r->n_ns ? bsearch(&kp, r->ns, r->n_ns, sizeof(*r->ns), cmp_ns)
		      : NULL;
	return hit ? *hit : NULL;
}

/* The first of `names` in `m`, in the order of `names`. */
static const mlcap_kv *lookup(const mlcap_kvs *m, const mlcap_policy_key *k)
{
	uint32_t i, j;
	for (j = 0; j < k->n_names; j++)
		for (i = m->count; i-- > 0;) /* the last duplicate wins */
			if (strcmp(m->items[i].key, k->names[j]) == 0)
				return &m->items[i];
	return NULL;
}

/* Why `v` is not an acceptable value of key `i` (arena text), or NULL
 * when it is; *oom on allocation failure. */
static const char *invalid_reason(run *r, size_t i, const char *v, bool *oom)
{
	size_t n_keys;
	const mlcap_policy_key *k = &mlcap_policy_keys(r->p, &n_keys)[i];
	char buf[512];
	const char *why;
	size_t used = 0;
	uint32_t j;
	char *out;

	if (!*v)
		return "empty value";
	if (!mlcap_label_value_valid(v, &why))
		return why;
	for (j = 0; j < k->n_values; j++)
		if (strcmp(k->values[j], v) == 0)
			break;
	if (k->n_values && j == k->n_values) {
		for (j = 0; j < k->n_values && used + 1 < sizeof(buf); j++) {
			int w =
			    snprintf(buf + used, sizeof(buf) - used, "%s%s",
				     j ? ", " : "not one of ", k->values[j]);
			if (w < 0)
				break;
			used += (size_t)w;
		}
	} else if (!mlcap_policy__match(r->p, i, v)) {
		snprintf(buf, sizeof(buf), "does not match '%s'", k->pattern);
	} else {
		return NULL;
	}
	if (!(out = mlcap_arena_strdup(&r->out->arena, buf)))
		*oom = true;
	return out;
}

/* Looks the key up where the policy says labels count. */
static const mlcap_kv *find_label(const run *r, const mlcap_workload *w,
				  const mlcap_policy_key *k,
				  const mlcap_namespace *ns,
				  const char **source, const char **file)
{
	unsigned from = mlcap_policy_sources(r->p);
	const mlcap_kv *kv = NULL;

	*file = w->loc.file;
	if ((from & MLCAP_LABELS_FROM_METADATA) && (kv = lookup(&w->labels, k)))
		*source = "metadata";
	else if ((from & MLCAP_LABELS_FROM_TEMPLATE) &&
		 (kv = lookup(&w->pod.labels, k)))
		*source = "podTemplate";
	else if ((from & MLCAP_LABELS_FROM_NAMESPACE) && ns &&
		 (kv = lookup(&ns->labels, k))) {
		*source = "namespace";
		*file = ns->loc.file;
	}
	return kv;
}

static void tally_add(mlcap_label_tally *t, bool ok, int64_t monthly,
		      int64_t gpu)
{
	t->workloads++;
	t->monthly_nanos += monthly;
	t->gpu_nanos += gpu;
	if (ok) {
		t->compliant++;
		t->compliant_nanos += monthly;
		t->compliant_gpu_nanos += gpu;
	}
}

static mlcap_label_tally *ns_tally(run *r, const char *name, size_t *alloc)
{
	mlcap_labels *o = r->out;
	size_t i;

	for (i = o->n_namespaces; i-- > 0;) /* workloads come grouped */
		if (strcmp(o->namespaces[i].name, name) == 0)
			return &o->namespaces[i];
	if (MLCAP_GROW(o->namespaces, *alloc, o->n_namespaces + 1) < 0)
		return NULL;
	memset(&o->namespaces[o->n_namespaces], 0, sizeof(*o->namespaces));
	o->namespaces[o->n_namespaces].name = name;
	return &o->namespaces[o->n_namespaces++];
}

/* Checks one workload; appends a finding when it is not compliant. */
static int check_workload(run *r, const mlcap_workload *w, size_t *ns_alloc,
			  size_t *f_alloc)
{
	mlcap_labels *o = r->out;
	size_t n_keys, i;
	const mlcap_policy_key *keys = mlcap_policy_keys(r->p, &n_keys);
	const mlcap_namespace *ns = find_ns(r, w->namespace);
	mlcap_label_problem *probs = NULL, *inv = NULL;
	uint32_t n_missing = 0, n_invalid = 0;
	int64_t monthly = 0, gpu = 0;
	mlcap_label_tally *nt;
	char keybuf[1024];
	bool oom = false;
	int worst = -1;

	mlcap_plan_workload_key(keybuf, sizeof(keybuf), w->namespace, w->name,
				w->component);
	if (r->costed && !mlcap_costs__of(&r->costs, w, &monthly, &gpu))
		o->uncosted++;
	if (n_keys && (!(probs = mlcap_arena_calloc(
			     &o->arena, 2 * n_keys * sizeof(*probs)))))
		return MLCAP_ENOMEM;
	if (probs)
		inv = probs + n_keys; /* scratch for the invalid ones */
	for (i = 0; i < n_keys; i++) {
		const char *source = NULL, *file, *reason = NULL;
		const mlcap_kv *kv =
		    find_label(r, w, &keys[i], ns, &source, &file);
		bool ok =
		    kv && !(reason = invalid_reason(r, i, kv->value, &oom));
		if (oom)
			return MLCAP_ENOMEM;
		tally_add(&o->keys[i], ok, monthly, gpu);
		if (ok)
			continue;
		if (kv) {
			mlcap_label_problem *pb = &inv[n_invalid];
			pb->rule = &keys[i];
			pb->name = kv->key;
			pb->value = kv->value;
			pb->reason = reason;
			pb->source = source;
			pb->loc.file = file;
			pb->loc.line = kv->line ? kv->line : w->loc.line;
			pb->loc.col = kv->line ? kv->col : w->loc.col;
			n_invalid++;
		} else {
			probs[n_missing].rule = &keys[i];
			probs[n_missing].name = keys[i].key;
			probs[n_missing].loc = w->loc;
			n_missing++;
		}
		if ((int)keys[i].severity > worst)
			worst = (int)keys[i].severity;
	}
	tally_add(&o->total, worst < 0, monthly, gpu);
	if (!(nt = ns_tally(r, w->namespace, ns_alloc)))
		return MLCAP_ENOMEM;
	tally_add(nt, worst < 0, monthly, gpu);
	if (worst < 0)
		return 0;
	/* The invalid ones go right after the missing ones. */
	memmove(probs + n_missing, inv, n_invalid * sizeof(*inv));
	if (MLCAP_GROW(o->findings, *f_alloc, o->n_findings + 1) < 0)
		return MLCAP_ENOMEM;
	o->findings[o->n_findings].workload = w;
	o->findings[o->n_findings].key = mlcap_arena_strdup(&o->arena, keybuf);
	o->findings[o->n_findings].problems = probs;
	o->findings[o->n_findings].n_missing = n_missing;
	o->findings[o->n_findings].n_invalid = n_invalid;
	o->findings[o->n_findings].severity = (mlcap_severity)worst;
	o->findings[o->n_findings].monthly_nanos = r->costed ? monthly : -1;
	o->findings[o->n_findings].gpu_nanos = r->costed ? gpu : -1;
	if (!o->findings[o->n_findings].key)
		return MLCAP_ENOMEM;
	o->n_findings++;
	return 0;
}

static int cmp_finding(const void *a, const void *b)
{
	const mlcap_workload *x = ((const mlcap_label_finding *)a)->workload;
	const mlcap_workload *y = ((const mlcap_label_finding *)b)->workload;
	int c = strcmp(x->namespace, y->namespace);
	if (!c)
		c = strcmp(x->name, y->name);
	if (!c)
		c = strcmp(x->component ? x->component : "",
			   y->component ? y->component : "");
	if (!c)
		c = strcmp(x->kind, y->kind);
	if (!c)
		c = strcmp(x->loc.file, y->loc.file);
	if (!c)
		c = x->loc.line < y->loc.line ? -1 : x->loc.line > y->loc.line;
	return c;
}

static int cmp_tally(const void *a, const void *b)
{
	return strcmp(((const mlcap_label_tally *)a)->name,
		      ((const mlcap_label_tally *)b)->name);
}

/* ---- workload costs (shared with budget.c) ---- */

static int cmp_cost(const void *a, const void *b)
{
	return strcmp(((const mlcap_cost_row *)a)->key,
		      ((const mlcap_cost_row *)b)->key);
}

static mlcap_cost_row *find_cost(const mlcap_cost_index *ix, const char *key)
{
	mlcap_cost_row k;
	k.key = key;
	return ix->n ? bsearch(&k, ix->rows, ix->n, sizeof(k), cmp_cost) : NULL;
}

int mlcap_costs__index(mlcap_cost_index *ix, const mlcap_plan_scenario *sc,
		       const mlcap_workload *ws, size_t n_ws)
{
	char keybuf[1024];
	size_t i;

	ix->n = 0;
	if (!(ix->rows = mlcap_mem__calloc(sc->n_alloc_workloads + 1,
					   sizeof(*ix->rows))))
		return MLCAP_ENOMEM;
	for (i = 0; i < sc->n_alloc_workloads; i++) {
		ix->rows[i].key = sc->alloc_workloads[i].key;
		ix->rows[i].monthly = sc->alloc_workloads[i].monthly_nanos;
		ix->rows[i].gpu = sc->alloc_workloads[i].gpu_nanos;
	}
	ix->n = sc->n_alloc_workloads;
	qsort(ix->rows, ix->n, sizeof(*ix->rows), cmp_cost);
	for (i = 0; i < n_ws; i++) {
		mlcap_cost_row *c =
		    find_cost(ix, mlcap_plan_workload_key(
				      keybuf, sizeof(keybuf), ws[i].namespace,
				      ws[i].name, ws[i].component));
		if (c)
			c->sharers++;
	}
	return 0;
}

bool mlcap_costs__of(const mlcap_cost_index *ix, const mlcap_workload *w,
		     int64_t *monthly, int64_t *gpu)
{
	char keybuf[1024];
	const mlcap_cost_row *c = find_cost(
	    ix, mlcap_plan_workload_key(keybuf, sizeof(keybuf), w->namespace,
					w->name, w->component));
	*monthly = c ? c->monthly / c->sharers : 0;
	*gpu = c ? c->gpu / c->sharers : 0;
	return c != NULL;
}

void mlcap_costs__release(mlcap_cost_index *ix)
{
	mlcap_mem__free(ix->rows);
	ix->rows = NULL;
	ix->n = 0;
}

static bool excluded(const mlcap_policy *p, const char *ns)
{
	size_t i, n;
	const char *const *ex = mlcap_policy_excluded(p, &n);
	for (i = 0; i < n; i++)
		if (strcmp(ex[i], ns) == 0)
			return true;
	return false;
}

int mlcap_labels_run(const mlcap_set *s, const mlcap_policy *p,
		     const mlcap_plan_scenario *costs, const char *cost_basis,
		     mlcap_labels *out)
{
	size_t n_ws, n_ns, n_keys, i, ns_alloc = 0, f_alloc = 0;
	const mlcap_workload *ws = mlcap_set_workloads(s, &n_ws);
	const mlcap_namespace *nss = mlcap_set_namespaces(s, &n_ns);
	const mlcap_policy_key *keys = mlcap_policy_keys(p, &n_keys);
	run r;
	int rc = MLCAP_ENOMEM;

	memset(out, 0, sizeof(*out));
	mlcap_arena_init(&out->arena);
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.p = p;
	r.out = out;
	out->costed = costs != NULL;
	if (cost_basis &&
	    !(out->cost_basis = mlcap_arena_strdup(&out->arena, cost_basis)))
		goto done;
	if (n_keys && !(out->keys = mlcap_arena_calloc(
			    &out->arena, n_keys * sizeof(*out->keys))))
		goto done;
	out->n_keys = n_keys;
	for (i = 0; i < n_keys; i++)
		out->keys[i].name = keys[i].key;
	if (n_ns && !(r.ns = mlcap_mem__alloc(n_ns * sizeof(*r.ns))))
		goto done;
	for (i = 0; i < n_ns; i++)
		r.ns[i] = &nss[i];
	r.n_ns = n_ns;
	if (n_ns) /* r.ns is NULL without Namespaces: qsort's is nonnull */
		qsort(r.ns, n_ns, sizeof(*r.ns), cmp_ns);
	r.costed = costs != NULL;
	if (costs && (rc = mlcap_costs__index(&r.costs, costs, ws, n_ws)) < 0)
		goto done;
	for (i = 0; i < n_ws; i++) {
		if (excluded(p, ws[i].namespace)) {
			out->excluded++;
			continue;
		}
		if ((rc = check_workload(&r, &ws[i], &ns_alloc, &f_alloc)) < 0)
			goto done;
	}
	if (out->n_namespaces)
		qsort(out->namespaces, out->n_namespaces,
		      sizeof(*out->namespaces), cmp_tally);
	if (out->n_findings)
		qsort(out->findings, out->n_findings, sizeof(*out->findings),
		      cmp_finding);
	rc = 0;
done:
	mlcap_mem__free(r.ns);
	mlcap_costs__release(&r.costs);
	return rc;
}

void mlcap_labels_release(mlcap_labels *l)
{
	mlcap_mem__free(l->namespaces);
	mlcap_mem__free(l->findings);
	mlcap_arena_release(&l->arena);
	memset(l, 0, sizeof(*l));
}

int mlcap_labels_worst(const mlcap_labels *l)
{
	int worst = -1;
	size_t i;
	for (i = 0; i < l->n_findings; i++)
		if ((int)l->findings[i].severity > worst)
			worst = (int)l->findings[i].severity;
	return worst;
}
