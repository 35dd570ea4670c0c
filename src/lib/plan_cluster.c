/*
 * plan_cluster.c - the live cluster in a plan (mlcap check --nodes): its
 * Nodes become candidates that cost nothing more, with the requests of
 * the Pods running on them taken off their allocatable, so new work
 * lands on free capacity before any node is added. Pods that the new
 * manifests control (a rollout replaces them) are not counted.
 */
#include <stdlib.h>
#include <string.h>
#include "plan_cost.h"
#include "banned.h"

bool mlcap_plan__pod_unfinished(const mlcap_workload *w)
{
	return strcmp(w->kind, "Pod") == 0 &&
	       !(w->phase && (strcmp(w->phase, "Succeeded") == 0 ||
			      strcmp(w->phase, "Failed") == 0));
}

bool mlcap_plan__pod_active(const mlcap_workload *w)
{
	return w->node_name && mlcap_plan__pod_unfinished(w);
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_wl(const void *a, const void *b)
{
	const mlcap_workload *x = *(const mlcap_workload *const *)a;
	const mlcap_workload *y = *(const mlcap_workload *const *)b;
	int c = cmp_str(x->namespace, y->namespace);
	if (c == 0)
		c = cmp_str(x->name, y->name);
	return c ? c : cmp_str(x->kind, y->kind);
}

int mlcap_plan__index_workloads(mlcap_plan_wl_index *ix,
				const mlcap_workload *ws, size_t n)
{
	size_t i;

	ix->count = 0;
	ix->items = mlcap_mem__alloc((n + 1) * sizeof(*ix->items));
	if (!ix->items)
		return MLCAP_ENOMEM;
	for (i = 0; i < n; i++)
		if (strcmp(ws[i].kind, "Pod") != 0)
			ix->items[ix->count++] = &ws[i];
	qsort(ix->items, ix->count, sizeof(*ix->items), cmp_wl);
	return 0;
}

void mlcap_plan__index_release(mlcap_plan_wl_index *ix)
{
	mlcap_mem__free(ix->items);
	ix->items = NULL;
	ix->count = 0;
}

static const mlcap_workload *find(const mlcap_plan_wl_index *ix, const char *ns,
				  const char *name, size_t name_len,
				  const char *kind)
{
	size_t lo = 0, hi = ix->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const mlcap_workload *w = ix->items[mid];
		int c = cmp_str(w->namespace, ns);
		if (c == 0) {
			c = strncmp(w->name, name, name_len);
			if (c == 0 && w->name[name_len])
				c = 1;
		}
		if (c == 0)
			c = cmp_str(w->kind, kind);
		if (c == 0)
			return w;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const mlcap_workload *mlcap_plan__controller(const mlcap_plan_wl_index *ix,
					     const mlcap_workload *pod)
{
	const char *owner = pod->owner_name, *hash;
	const mlcap_workload *w;
	size_t n, h;

	if (!owner || !pod->owner_kind)
		return NULL;
	n = strlen(owner);
	if (strcmp(pod->owner_kind, "ReplicaSet") == 0) {
		/* Deployments name their ReplicaSets <name>-<hash>. */
		hash = mlcap_kvs_get(&pod->labels, "pod-template-hash");
		if (!hash)
			hash = mlcap_kvs_get(&pod->pod.labels,
					     "pod-template-hash");
		h = hash ? strlen(hash) : 0;
		if (h && n > h + 1 && owner[n - h - 1] == '-' &&
		    strcmp(owner + n - h, hash) == 0 &&
		    (w = find(ix, pod->namespace, owner, n - h - 1,
			      "Deployment")))
			return w;
	}
	return find(ix, pod->namespace, owner, n, pod->owner_kind);
}

/* ---- existing nodes as candidates ---- */

static int cmp_node_name(const void *a, const void *b)
{
	const plan_cand *x = a, *y = b;
	return strcmp(x->node->name, y->node->name);
}

static const char *instance_type_of(const mlcap_cluster_node *n)
{
	const char *t = mlcap_kvs_get(&n->labels, "node.kubernetes.io/"
						  "instance-type");
	if (!t)
		t = mlcap_kvs_get(&n->labels, "beta.kubernetes.io/"
					      "instance-type");
	return t;
}

/* A catalog-like row describing an existing node, priced at zero. */
static mlcap_price *node_type(planner *pl, const mlcap_cluster_node *n)
{
	mlcap_price *t = mlcap_arena_calloc(&pl->out->arena, sizeof(*t));
	const char *type = instance_type_of(n);

	if (!t)
		return NULL;
	t->provider = pl->out->provider;
	t->region = pl->out->region;
	t->instance_type = type ? type : n->name;
	t->purchase_option = "existing";
	t->usd_per_hour = "0";
	t->source = "cluster";
	t->family = t->instance_type;
	t->category = "existing";
	t->gpu_model = mlcap_kvs_get(&n->labels, "nvidia.com/gpu.product");
	t->arch = mlcap_kvs_get(&n->labels, "kubernetes.io/arch");
	t->vcpu = n->capacity.cpu_millis / 1000;
	t->memory_bytes = n->capacity.memory_bytes;
	t->gpu_count = mlcap_resources_ext(&n->capacity, "nvidia.com/gpu");
	return t;
}

/* What the cluster's running pods hold on each existing candidate.
 * `first` is the first existing candidate; they are sorted by name. */
static int subtract_running(planner *pl, size_t first,
			    const mlcap_plan_wl_index *ix)
{
	size_t n, i, d, nc = pl->cands.count - first;
	const mlcap_workload *pods = mlcap_set_workloads(pl->cluster, &n);
	plan_cand key, *c;
	mlcap_cluster_node probe;

	memset(&key, 0, sizeof(key));
	memset(&probe, 0, sizeof(probe));
	key.node = &probe;
	for (i = 0; i < n; i++) {
		const mlcap_workload *p = &pods[i];
		const mlcap_resources *r = &p->pod_requests;
		if (!mlcap_plan__pod_active(p) || mlcap_plan__controller(ix, p))
			continue;
		probe.name = p->node_name;
		c = bsearch(&key, pl->cands.items + first, nc, sizeof(key),
			    cmp_node_name);
		if (!c)
			continue;
		pl->out->running_pods++;
		c->cap[0] -= r->set & MLCAP_RES_CPU ? r->cpu_millis : 0;
		c->cap[1] -= r->set & MLCAP_RES_MEMORY ? r->memory_bytes : 0;
		c->cap[2] -= 1;
		for (d = 3; d < pl->out->n_dims; d++)
			c->cap[d] -= mlcap_resources_ext(r, pl->out->dims[d]);
	}
	for (i = first; i < pl->cands.count; i++)
		for (d = 0; d < pl->out->n_dims; d++)
			if (pl->cands.items[i].cap[d] < 0)
				pl->cands.items[i].cap[d] = 0;
	return 0;
}

int mlcap_plan__existing_nodes(planner *pl)
{
	size_t n, i, d, first = pl->cands.count, j;
	const mlcap_cluster_node *nodes;
	mlcap_plan_wl_index ix;
	int rc;

	if (!pl->cluster)
		return 0;
	nodes = mlcap_set_nodes(pl->cluster, &n);
	for (i = 0; i < n; i++) {
		const mlcap_cluster_node *nd = &nodes[i];
		plan_cand c;
		if (nd->unschedulable) {
			pl->out->cordoned_nodes++;
			continue;
		}
		memset(&c, 0, sizeof(c));
		c.pool = "existing";
		c.node = nd;
		c.labels = nd->labels;
		c.taints = nd->taints;
		c.n_taints = nd->n_taints;
		c.purchase = "existing";
		c.max_nodes = 1;
		if (!(c.type = node_type(pl, nd)))
			return MLCAP_ENOMEM;
		c.alloc[0] = nd->allocatable.set & MLCAP_RES_CPU
				 ? nd->allocatable.cpu_millis
				 : 0;
		c.alloc[1] = nd->allocatable.set & MLCAP_RES_MEMORY
				 ? nd->allocatable.memory_bytes
				 : 0;
		c.alloc[2] = mlcap_resources_ext(&nd->allocatable, "pods");
		if (c.alloc[2] == 0)
			c.alloc[2] = 110; /* the kubelet's default maxPods */
		for (d = 3; d < pl->out->n_dims; d++)
			c.alloc[d] = mlcap_resources_ext(&nd->allocatable,
							 pl->out->dims[d]);
		memcpy(c.cap, c.alloc, sizeof(c.cap));
		if (MLCAP_GROW(pl->cands.items, pl->cands.alloc,
			       pl->cands.count + 1) < 0)
			return MLCAP_ENOMEM;
		pl->cands.items[pl->cands.count++] = c;
	}
	qsort(pl->cands.items + first, pl->cands.count - first,
	      sizeof(plan_cand), cmp_node_name);
	pl->n_existing = pl->cands.count - first;
	pl->out->cluster_nodes = pl->n_existing;
	/* Nodes of one instance type report together. */
	for (i = first; i < pl->cands.count; i++) {
		plan_cand *c = &pl->cands.items[i];
		c->entry_key = i;
		for (j = first; j < i; j++)
			if (strcmp(pl->cands.items[j].type->instance_type,
				   c->type->instance_type) == 0) {
				c->entry_key = pl->cands.items[j].entry_key;
				break;
			}
	}
	if ((rc = mlcap_plan__index_workloads(&ix, pl->workloads,
					      pl->n_workloads)) < 0)
		return rc;
	rc = subtract_running(pl, first, &ix);
	mlcap_plan__index_release(&ix);
	return rc;
}

bool mlcap_plan__type_on_cluster(const planner *pl, const char *type)
{
	size_t n, i;
	const mlcap_cluster_node *nodes = mlcap_set_nodes(pl->cluster, &n);

	for (i = 0; i < n; i++) {
		const char *t = instance_type_of(&nodes[i]);
		if (t && strcmp(t, type) == 0)
			return true;
	}
	return false;
}
