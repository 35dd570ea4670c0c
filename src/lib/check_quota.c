/*
 * check_quota.c - ResourceQuota enforcement for mlcap check: per quota
 * and tracked resource, what the cluster's unfinished pods (bound or
 * Pending) use, less those a new manifest controls (a rollout replaces
 * them), plus what the workloads add at their HPA maximum, against
 * spec.hard. Like the API server's
 * quota admission, a pod that lacks a request or limit for a tracked
 * cpu/memory/ephemeral-storage resource is rejected outright.
 */
#include <string.h>
#include "check_internal.h"
#include "banned.h"

typedef enum { Q_REQ, Q_LIM, Q_PODS, Q_NONE } q_kind;

/* What a quota resource name counts, and in which resource. */
static q_kind classify(const char *name, const char **res)
{
	static const char *const plain[] = {"cpu", "memory",
					    "ephemeral-storage"};
	size_t i;

	*res = name;
	if (!strcmp(name, "pods") || !strcmp(name, "count/pods"))
		return Q_PODS;
	for (i = 0; i < 3; i++)
		if (!strcmp(name, plain[i]))
			return Q_REQ; /* "cpu" means requests.cpu */
	if (!strncmp(name, "requests.", 9)) {
		*res = name + 9;
		return strcmp(*res, "storage") ? Q_REQ : Q_NONE;
	}
	if (!strncmp(name, "limits.", 7)) {
		*res = name + 7;
		return Q_LIM;
	}
	return Q_NONE;
}

static int64_t amount(const mlcap_resources *r, const char *res)
{
	if (!strcmp(res, "cpu"))
		return r->set & MLCAP_RES_CPU ? r->cpu_millis : 0;
	if (!strcmp(res, "memory"))
		return r->set & MLCAP_RES_MEMORY ? r->memory_bytes : 0;
	if (!strcmp(res, "ephemeral-storage"))
		return r->set & MLCAP_RES_EPHEMERAL ? r->ephemeral_bytes : 0;
	return mlcap_resources_ext(r, res);
}

static uint32_t bit_of(const char *res)
{
	return !strcmp(res, "cpu")		   ? MLCAP_RES_CPU
	       : !strcmp(res, "memory")		   ? MLCAP_RES_MEMORY
	       : !strcmp(res, "ephemeral-storage") ? MLCAP_RES_EPHEMERAL
						   : 0;
}

static int64_t pod_amount(const mlcap_workload *w, q_kind k, const char *res)
{
	return k == Q_PODS  ? 1
	       : k == Q_REQ ? amount(&w->pod_requests, res)
			    : amount(&w->pod_limits, res);
}

/* The container without the request or limit quota admission demands. */
static const char *missing_in(const mlcap_workload *w, q_kind k,
			      const char *res)
{
	uint32_t bit = bit_of(res), i;
	if (!bit || k == Q_PODS)
		return NULL;
	for (i = 0; i < w->pod.n_containers; i++) {
		const mlcap_container *c = &w->pod.containers[i];
		if (!((k == Q_REQ ? c->requests.set : c->limits.set) & bit))
			return c->name ? c->name : "(unnamed)";
	}
	return NULL;
}

static int64_t pods_at_max(const mlcap_check *c, const mlcap_workload *w)
{
	char key[768];
	size_t i;
	int64_t v;

	if (w->flags & MLCAP_WL_PER_NODE) { /* the nodes it runs on */
		mlcap_plan_workload_key(key, sizeof(key), w->namespace, w->name,
					w->component);
		for (i = 0; c->max && i < c->max->n_alloc_workloads; i++)
			if (!strcmp(c->max->alloc_workloads[i].key, key))
				return c->max->alloc_workloads[i].pods;
		return 0;
	}
	v = w->replicas_max >= 0 ? w->replicas_max : w->replicas_declared;
	return v < 0 ? 1 : v;
}

static int add_row(mlcap_check *c, const mlcap_quota *q, const char *name,
		   int64_t hard, size_t *cap)
{
	mlcap_check_quota *r;
	if (MLCAP_GROW(c->quotas, *cap, c->n_quotas + 1) < 0)
		return MLCAP_ENOMEM;
	r = &c->quotas[c->n_quotas++];
	memset(r, 0, sizeof(*r));
	r->namespace = q->namespace;
	r->quota = q->name;
	r->resource = name;
	r->hard = hard;
	r->loc = q->loc;
	return 0;
}

/* The cluster's pods quotas charge: unfinished, not replaced. */
typedef struct {
	const mlcap_workload **items;
	size_t count;
} charged_pods;

/* One quota resource against the charged pods and the new workloads. */
static int evaluate(mlcap_check *c, const mlcap_quota *q, uint32_t h,
		    const mlcap_set *ws, const charged_pods *running,
		    size_t *cap, mlcap_diags *d)
{
	const char *name = q->hard[h].name, *res;
	q_kind k = classify(name, &res);
	const mlcap_workload *w;
	size_t n, i, sum;
	int rc;

	if (k == Q_NONE)
		return mlcap_diag_add(
		    d, MLCAP_NOTE, "check.quota", &q->loc, NULL,
		    "ResourceQuota %s/%s: %s is not checked (mlcap checks "
		    "pods, requests.* and limits.*)",
		    q->namespace, q->name, name);
	if ((rc = add_row(c, q, name, q->hard[h].value, cap)) < 0)
		return rc;
	sum = c->n_quotas - 1;
	for (i = 0; i < running->count; i++)
		if (!strcmp(running->items[i]->namespace, q->namespace))
			c->quotas[sum].used +=
			    pod_amount(running->items[i], k, res);
	w = mlcap_set_workloads(ws, &n);
	for (i = 0; i < n; i++) {
		mlcap_check_quota *r;
		const char *miss;
		if (strcmp(w[i].namespace, q->namespace))
			continue;
		c->quotas[sum].added +=
		    pods_at_max(c, &w[i]) * pod_amount(&w[i], k, res);
		if (!(miss = missing_in(&w[i], k, res)))
			continue;
		if ((rc = add_row(c, q, name, q->hard[h].value, cap)) < 0)
			return rc;
		r = &c->quotas[c->n_quotas - 1];
		r->exceeded = true;
		r->rejects = w[i].name;
		r->loc = w[i].loc;
		c->quota_exceeded = true;
		if ((rc = mlcap_diag_add(
			 d, MLCAP_WARNING, "check.quota", &w[i].loc,
			 "set the request and limit, or a LimitRange default",
			 "%s %s/%s: container %s sets no %s %s, which "
			 "ResourceQuota %s tracks: the API server rejects "
			 "its pods",
			 w[i].kind, w[i].namespace, w[i].name, miss,
			 k == Q_REQ ? "request for" : "limit for", res,
			 q->name)) < 0)
			return rc;
	}
	if (c->quotas[sum].used + c->quotas[sum].added > c->quotas[sum].hard) {
		c->quotas[sum].exceeded = true;
		c->quota_exceeded = true;
	}
	return 0;
}

static int charged(const mlcap_set *ws, const mlcap_set *cluster,
		   charged_pods *out)
{
	mlcap_plan_wl_index ix;
	const mlcap_workload *w;
	size_t n, i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!cluster)
		return 0;
	w = mlcap_set_workloads(ws, &n);
	if ((rc = mlcap_plan__index_workloads(&ix, w, n)) < 0)
		return rc;
	w = mlcap_set_workloads(cluster, &n);
	if (!(out->items = mlcap_mem__alloc((n + 1) * sizeof(*out->items)))) {
		mlcap_plan__index_release(&ix);
		return MLCAP_ENOMEM;
	}
	for (i = 0; i < n; i++)
		if (mlcap_plan__pod_unfinished(&w[i]) &&
		    !mlcap_plan__controller(&ix, &w[i]))
			out->items[out->count++] = &w[i];
	mlcap_plan__index_release(&ix);
	return 0;
}

int mlcap_check__quotas(mlcap_check *c, const mlcap_set *ws,
			const mlcap_set *cluster, mlcap_diags *d)
{
	const mlcap_set *sets[2] = {ws, cluster};
	charged_pods running;
	size_t cap = 0, k, n, i, j, n0 = 0;
	const mlcap_quota *q0 = mlcap_set_quotas(ws, &n0);
	int rc;

	if ((rc = charged(ws, cluster, &running)) < 0)
		return rc;
	for (k = 0; k < 2 && rc == 0; k++) {
		const mlcap_quota *q;
		if (!sets[k])
			continue;
		q = mlcap_set_quotas(sets[k], &n);
		for (i = 0; i < n && rc == 0; i++) {
			bool dup = false;
			/* The manifests' own quota wins over the cluster's. */
			for (j = 0; k == 1 && j < n0 && !dup; j++)
				dup =
				    !strcmp(q0[j].namespace, q[i].namespace) &&
				    !strcmp(q0[j].name, q[i].name);
			for (j = 0; !dup && j < q[i].n_hard && rc == 0; j++)
				rc = evaluate(c, &q[i], j, ws, &running, &cap,
					      d);
		}
	}
	mlcap_mem__free(running.items);
	return rc < 0 ? rc : 0;
}
