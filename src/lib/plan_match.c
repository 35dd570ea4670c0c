/*
 * plan_match.c - what a planned node looks like to the scheduler: the
 * labels a node of an instance type carries on each provider (and under
 * Karpenter), its default taints, its extended-resource capacity, and
 * Kubernetes' rules for nodeSelector, required node affinity and taints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mlcap/quantity.h"
#include "plan_internal.h"

/* Product names GPU feature discovery and GKE put on nodes, by the
 * catalog's GPU model. NVIDIA's names (nvidia.com/gpu.product) are those
 * of the SXM/PCIe board each cloud's instances carry. */
static const struct gpu_names {
	const char *model, *short_name, *gfd_product, *gke_accelerator;
} gpu_names[] = {
    {"A100-40GB", "a100", "NVIDIA-A100-SXM4-40GB", "nvidia-tesla-a100"},
    {"A100-80GB", "a100", "NVIDIA-A100-SXM4-80GB", "nvidia-a100-80gb"},
    {"A10", "a10", "NVIDIA-A10", NULL},
    {"A10G", "a10g", "NVIDIA-A10G", NULL},
    {"B200", "b200", "NVIDIA-B200", "nvidia-b200"},
    {"H100", "h100", "NVIDIA-H100-80GB-HBM3", "nvidia-h100-80gb"},
    {"H100-Mega", "h100", "NVIDIA-H100-80GB-HBM3", "nvidia-h100-mega-80gb"},
    {"H100-NVL", "h100", "NVIDIA-H100-NVL", NULL},
    {"H200", "h200", "NVIDIA-H200", "nvidia-h200-141gb"},
    {"L4", "l4", "NVIDIA-L4", "nvidia-l4"},
    {"L40S", "l40s", "NVIDIA-L40S", NULL},
    {"T4", "t4", "Tesla-T4", "nvidia-tesla-t4"},
    {"V100", "v100", "Tesla-V100-SXM2-16GB", "nvidia-tesla-v100"},
};

static const struct gpu_names *gpu_names_of(const char *model)
{
	size_t i;
	for (i = 0; model && i < sizeof(gpu_names) / sizeof(gpu_names[0]); i++)
		if (strcmp(gpu_names[i].model, model) == 0)
			return &gpu_names[i];
	return NULL;
}

static bool is_amd(const char *model)
{
	return model && (strncmp(model, "MI", 2) == 0 ||
			 strncmp(model, "Radeon", 6) == 0);
}

static bool is_tpu(const char *acc)
{
	return acc &&
	       (strncmp(acc, "TPU", 3) == 0 || strncmp(acc, "tpu", 3) == 0);
}

/* Neuron cores per device: Inferentia 4, Inferentia2 and Trainium 2,
 * Trainium2 8 (AWS Neuron documentation, instance specifications). */
static int64_t neuron_cores(const char *acc)
{
	if (!acc)
		return 0;
	if (strcmp(acc, "Inferentia") == 0)
		return 4;
	if (strcmp(acc, "Inferentia2") == 0 || strcmp(acc, "Trainium") == 0)
		return 2;
	if (strcmp(acc, "Trainium2") == 0)
		return 8;
	return 0;
}

/*
 * MIG: a profile "Ng.Mgb" takes N of a GPU's 7 compute slices and M GB of
 * its memory, which comes in eighths; a GPU model offers the profile when
 * M is one, two, four or eight eighths of its memory (A100-40GB: 1g.5gb,
 * A100-80GB and H100: 1g.10gb, H200: 1g.18gb). Every GPU of the node is
 * assumed split into that profile (the single strategy of the GPU
 * operator), giving floor(7 / N) slices per GPU.
 */
static int64_t mig_capacity(const mlcap_price *t, const char *profile)
{
	long g, m;
	int64_t gpu_gb, eighths_x100;
	char tail[8];

	if (t->gpu_count <= 0 || t->gpu_memory_bytes <= 0 ||
	    sscanf(profile, "%ldg.%ld%7s", &g, &m, tail) != 3 ||
	    strcmp(tail, "gb") != 0 || g < 1 || g > 7 || m < 1)
		return 0;
	gpu_gb = t->gpu_memory_bytes / t->gpu_count / 1000000000LL;
	if (gpu_gb <= 0)
		return 0;
	/* GB in hundredths of an eighth of the GPU's memory */
	eighths_x100 = (int64_t)m * 800 / gpu_gb;
	for (int e = 1; e <= 8; e *= 2)
		if (llabs(eighths_x100 - e * 100) <= 10)
			return t->gpu_count * (7 / g);
	return 0;
}

int64_t mlcap_plan__ext_capacity(const mlcap_price *t, const char *name)
{
	bool amd = is_amd(t->gpu_model);

	if (strcmp(name, "nvidia.com/gpu") == 0)
		return amd ? 0 : t->gpu_count;
	if (strcmp(name, "amd.com/gpu") == 0)
		return amd ? t->gpu_count : 0;
	if (strncmp(name, "nvidia.com/mig-", 15) == 0)
		return amd ? 0 : mig_capacity(t, name + 15);
	if (strcmp(name, "google.com/tpu") == 0)
		return is_tpu(t->accelerator_model) ? t->accelerator_count : 0;
	if (strcmp(name, "aws.amazon.com/neuron") == 0 ||
	    strcmp(name, "aws.amazon.com/neurondevice") == 0)
		return neuron_cores(t->accelerator_model) ? t->accelerator_count
							  : 0;
	if (strcmp(name, "aws.amazon.com/neuroncore") == 0)
		return t->accelerator_count *
		       neuron_cores(t->accelerator_model);
	return 0;
}

typedef struct {
	mlcap_kv items[40];
	uint32_t n;
	mlcap_arena *ar;
	int failed;
} label_buf;

static void put(label_buf *b, const char *key, const char *value)
{
	if (!value || b->n >= sizeof(b->items) / sizeof(b->items[0]))
		return;
	b->items[b->n].key = key;
	b->items[b->n++].value = value;
}

static void put_num(label_buf *b, const char *key, int64_t v)
{
	char num[24];
	const char *s;
	snprintf(num, sizeof(num), "%lld", (long long)v);
	if (!(s = mlcap_arena_strdup(b->ar, num)))
		b->failed = 1;
	put(b, key, s);
}

static const char *lower(label_buf *b, const char *s)
{
	char *c;
	if (!s)
		return NULL;
	if (!(c = mlcap_arena_strdup(b->ar, s))) {
		b->failed = 1;
		return NULL;
	}
	for (char *p = c; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return c;
}

/* Karpenter's category and generation: "m" and "5" of m5, "inf" and "2"
 * of inf2, "p" and "4" of p4d. */
static void family_parts(label_buf *b, const char *family)
{
	size_t i = 0, j;
	if (!family)
		return;
	while (family[i] >= 'a' && family[i] <= 'z')
		i++;
	j = i;
	while (family[j] >= '0' && family[j] <= '9')
		j++;
	if (i == 0 || j == i)
		return;
	put(b, "karpenter.k8s.aws/instance-category",
	    mlcap_arena_strndup(b->ar, family, i));
	put(b, "karpenter.k8s.aws/instance-generation",
	    mlcap_arena_strndup(b->ar, family + i, j - i));
}

static int cmp_kv(const void *a, const void *b)
{
	return strcmp(((const mlcap_kv *)a)->key, ((const mlcap_kv *)b)->key);
}

int mlcap_plan__labels(mlcap_arena *ar, const mlcap_price *t, const char *pool,
		       const mlcap_kvs *pool_labels, const char *purchase,
		       const char *region, mlcap_kvs *out)
{
	label_buf b;
	const struct gpu_names *gn = gpu_names_of(t->gpu_model);
	bool spot = purchase && strcmp(purchase, "spot") == 0;
	const char *arch = t->arch && (strcmp(t->arch, "arm64") == 0 ||
				       strcmp(t->arch, "aarch64") == 0)
			       ? "arm64"
			       : "amd64";
	const char *prov = t->provider ? t->provider : "";
	mlcap_kv *items;
	uint32_t i, j;

	memset(&b, 0, sizeof(b));
	b.ar = ar;
	put(&b, "node.kubernetes.io/instance-type", t->instance_type);
	put(&b, "beta.kubernetes.io/instance-type", t->instance_type);
	put(&b, "kubernetes.io/arch", arch);
	put(&b, "beta.kubernetes.io/arch", arch);
	put(&b, "kubernetes.io/os", "linux");
	put(&b, "topology.kubernetes.io/region", region);
	put(&b, "karpenter.sh/capacity-type", spot ? "spot" : "on-demand");
	put(&b, "karpenter.sh/nodepool", pool);
	put(&b, "mlcap.io/pool", pool);
	put(&b, "mlcap.io/instance-family", t->family);
	put_num(&b, "mlcap.io/vcpu", t->vcpu);
	put_num(&b, "mlcap.io/memory-mib", t->memory_bytes >> 20);
	put_num(&b, "mlcap.io/gpu-count", t->gpu_count);
	if (t->gpu_count > 0) {
		put(&b, "mlcap.io/gpu-model", lower(&b, t->gpu_model));
		put_num(&b, "nvidia.com/gpu.count", t->gpu_count);
		if (!is_amd(t->gpu_model))
			put(&b, "nvidia.com/gpu.present", "true");
		if (gn)
			put(&b, "nvidia.com/gpu.product", gn->gfd_product);
	}
	if (strcmp(prov, "aws") == 0) {
		put(&b, "eks.amazonaws.com/capacityType",
		    spot ? "SPOT" : "ON_DEMAND");
		put(&b, "karpenter.k8s.aws/instance-family", t->family);
		family_parts(&b, t->family);
		put_num(&b, "karpenter.k8s.aws/instance-cpu", t->vcpu);
		put_num(&b, "karpenter.k8s.aws/instance-memory",
			t->memory_bytes >> 20);
		if (t->gpu_count > 0) {
			put(&b, "karpenter.k8s.aws/instance-gpu-name",
			    gn ? gn->short_name : lower(&b, t->gpu_model));
			put_num(&b, "karpenter.k8s.aws/instance-gpu-count",
				t->gpu_count);
			put(&b, "karpenter.k8s.aws/instance-gpu-manufacturer",
			    is_amd(t->gpu_model) ? "amd" : "nvidia");
			if (t->gpu_memory_bytes > 0)
				put_num(
				    &b, "karpenter.k8s.aws/instance-gpu-memory",
				    (t->gpu_memory_bytes / t->gpu_count) >> 20);
		}
		if (t->accelerator_count > 0 &&
		    neuron_cores(t->accelerator_model)) {
			put(&b, "karpenter.k8s.aws/instance-accelerator-name",
			    lower(&b, t->accelerator_model));
			put_num(&b,
				"karpenter.k8s.aws/instance-accelerator-count",
				t->accelerator_count);
		}
	} else if (strcmp(prov, "gcp") == 0) {
		const char *dash = t->family ? strchr(t->family, '-') : NULL;
		put(&b, "cloud.google.com/machine-family",
		    dash ? mlcap_arena_strndup(ar, t->family,
					       (size_t)(dash - t->family))
			 : t->family);
		if (spot)
			put(&b, "cloud.google.com/gke-spot", "true");
		if (gn && gn->gke_accelerator && t->gpu_count > 0)
			put(&b, "cloud.google.com/gke-accelerator",
			    gn->gke_accelerator);
		put(&b, "cloud.google.com/gke-nodepool", pool);
	} else if (strcmp(prov, "azure") == 0) {
		put(&b, "kubernetes.azure.com/agentpool", pool);
		if (spot)
			put(&b, "kubernetes.azure.com/scalesetpriority",
			    "spot");
		if (t->gpu_count > 0)
			put(&b, "accelerator", "nvidia");
	}
	/* The pool's labels win over the generated ones of the same key. */
	for (i = 0; pool_labels && i < pool_labels->count; i++) {
		for (j = 0; j < b.n; j++)
			if (strcmp(b.items[j].key, pool_labels->items[i].key) ==
			    0)
				break;
		if (j < b.n)
			b.items[j].value = pool_labels->items[i].value;
		else
			put(&b, pool_labels->items[i].key,
			    pool_labels->items[i].value);
	}
	if (b.failed)
		return MLCAP_ENOMEM;
	qsort(b.items, b.n, sizeof(b.items[0]), cmp_kv);
	items = mlcap_arena_alloc(ar, (b.n + 1) * sizeof(*items));
	if (!items)
		return MLCAP_ENOMEM;
	memcpy(items, b.items, b.n * sizeof(*items));
	out->items = items;
	out->count = b.n;
	return 0;
}

int mlcap_plan__default_taints(mlcap_arena *ar, const mlcap_price *t,
			       const mlcap_taint **out, uint32_t *n)
{
	mlcap_taint *tt;
	const char *key = NULL;

	*out = NULL;
	*n = 0;
	if (t->gpu_count > 0)
		key = is_amd(t->gpu_model) ? "amd.com/gpu" : "nvidia.com/gpu";
	else if (t->accelerator_count > 0 && is_tpu(t->accelerator_model))
		key = "google.com/tpu";
	if (!key)
		return 0;
	if (!(tt = mlcap_arena_calloc(ar, sizeof(*tt))))
		return MLCAP_ENOMEM;
	tt->key = key;
	tt->value = "present";
	tt->effect = "NoSchedule";
	*out = tt;
	*n = 1;
	return 0;
}

static const char *label_of(const mlcap_kvs *labels, const char *key)
{
	uint32_t lo = 0, hi = labels->count;
	while (lo < hi) { /* labels are sorted by key */
		uint32_t mid = (lo + hi) / 2;
		int c = strcmp(labels->items[mid].key, key);
		if (c == 0)
			return labels->items[mid].value;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool is_zone_key(const char *k)
{
	return strcmp(k, "topology.kubernetes.io/zone") == 0 ||
	       strcmp(k, "failure-domain.beta.kubernetes.io/zone") == 0 ||
	       strcmp(k, "topology.gke.io/zone") == 0;
}

static bool parse_int(const char *s, long long *v)
{
	char *end;
	if (!s || !*s)
		return false;
	*v = strtoll(s, &end, 10);
	return *end == '\0';
}

bool mlcap_plan__req_matches(const mlcap_kvs *labels, const mlcap_node_req *r,
			     const char *region)
{
	const char *op = r->op ? r->op : "";
	const char *v;
	uint32_t i;
	bool in = false;

	if (!r->key)
		return false;
	if (is_zone_key(r->key)) {
		/* A plan has no zones yet: any zone of the region will do. */
		if (strcmp(op, "In") != 0)
			return strcmp(op, "DoesNotExist") != 0;
		for (i = 0; i < r->n_values; i++)
			if (region &&
			    strncmp(r->values[i], region, strlen(region)) == 0)
				return true;
		return false;
	}
	v = label_of(labels, r->key);
	if (strcmp(op, "Exists") == 0)
		return v != NULL;
	if (strcmp(op, "DoesNotExist") == 0)
		return v == NULL;
	if (strcmp(op, "Gt") == 0 || strcmp(op, "Lt") == 0) {
		long long a, b;
		if (!v || r->n_values != 1 || !parse_int(v, &a) ||
		    !parse_int(r->values[0], &b))
			return false;
		return op[0] == 'G' ? a > b : a < b;
	}
	for (i = 0; v && i < r->n_values; i++)
		if (strcmp(r->values[i], v) == 0)
			in = true;
	if (strcmp(op, "In") == 0)
		return in;
	if (strcmp(op, "NotIn") == 0)
		return !in;
	return false; /* an unknown operator matches nothing */
}

/* A nodeSelector entry is the requirement `key In [value]`. */
static bool selector_matches(const mlcap_kvs *labels, const mlcap_kv *kv,
			     const char *region)
{
	const char *vals[1];
	mlcap_node_req r;

	vals[0] = kv->value;
	r.key = kv->key;
	r.op = "In";
	r.values = vals;
	r.n_values = 1;
	return mlcap_plan__req_matches(labels, &r, region);
}

bool mlcap_plan__pod_matches(const mlcap_pod_template *pod,
			     const mlcap_resources *req,
			     const mlcap_kvs *labels, const char *region)
{
	uint32_t i, j;
	(void)req;

	for (i = 0; i < pod->node_selector.count; i++)
		if (!selector_matches(labels, &pod->node_selector.items[i],
				      region))
			return false;
	if (!pod->n_affinity_terms)
		return true;
	/* Terms are ORed, a term's expressions ANDed; an empty term
	 * matches nothing. */
	for (i = 0; i < pod->n_affinity_terms; i++) {
		const mlcap_node_term *t = &pod->affinity_terms[i];
		bool ok = t->n_reqs > 0;
		for (j = 0; ok && j < t->n_reqs; j++)
			ok = mlcap_plan__req_matches(labels, &t->reqs[j],
						     region);
		if (ok)
			return true;
	}
	return false;
}

static bool tolerates(const mlcap_toleration *tol, const mlcap_taint *t)
{
	const char *op = tol->op ? tol->op : "Equal";

	if (tol->effect && *tol->effect &&
	    (!t->effect || strcmp(tol->effect, t->effect) != 0))
		return false;
	if (!tol->key || !*tol->key)
		return strcmp(op, "Exists") == 0;
	if (!t->key || strcmp(tol->key, t->key) != 0)
		return false;
	if (strcmp(op, "Exists") == 0)
		return true;
	return strcmp(tol->value ? tol->value : "", t->value ? t->value : "") ==
	       0;
}

const mlcap_taint *mlcap_plan__untolerated(const mlcap_pod_template *pod,
					   const mlcap_resources *req,
					   const mlcap_taint *taints,
					   uint32_t n_taints)
{
	uint32_t i, j;

	for (i = 0; i < n_taints; i++) {
		const mlcap_taint *t = &taints[i];
		bool ok =
		    t->effect && strcmp(t->effect, "PreferNoSchedule") == 0;
		if (!ok && t->key && mlcap_resources_ext(req, t->key) > 0)
			ok = true;
		for (j = 0; !ok && j < pod->n_tolerations; j++)
			ok = tolerates(&pod->tolerations[j], t);
		if (!ok)
			return t;
	}
	return NULL;
}

static void describe_selector(char *buf, size_t n,
			      const mlcap_pod_template *pod,
			      const plan_cand *cands, size_t n_cands,
			      const char *region)
{
	uint32_t i;

	for (i = 0; i < pod->node_selector.count; i++) {
		const mlcap_kv *kv = &pod->node_selector.items[i];
		size_t c;
		for (c = 0; c < n_cands; c++)
			if (selector_matches(&cands[c].labels, kv, region))
				break;
		if (c == n_cands) {
			snprintf(buf, n,
				 "nodeSelector %s=%s matches no allowed "
				 "instance type in any pool",
				 kv->key, kv->value);
			return;
		}
	}
	snprintf(buf, n,
		 "required node affinity matches no allowed instance type "
		 "in any pool");
}

#define format_dim mlcap_format_resource

const char *mlcap_plan__why_unschedulable(
    mlcap_arena *ar, const mlcap_pod_template *pod, const mlcap_resources *req,
    const plan_cand *cands, size_t n_cands, const char *const *dims,
    size_t n_dims, const int64_t *req_dims, int64_t max_per_node,
    const char *region)
{
	char buf[512];
	size_t c, d, labelled = 0, tolerated = 0;
	const mlcap_taint *first_taint = NULL;
	const char *first_pool = NULL;

	if (n_cands == 0)
		return mlcap_arena_strdup(
		    ar, "no instance type is allowed by any pool");
	for (c = 0; c < n_cands; c++) {
		const mlcap_taint *t;
		if (!mlcap_plan__pod_matches(pod, req, &cands[c].labels,
					     region))
			continue;
		labelled++;
		t = mlcap_plan__untolerated(pod, req, cands[c].taints,
					    cands[c].n_taints);
		if (t) {
			if (!first_taint) {
				first_taint = t;
				first_pool = cands[c].pool;
			}
			continue;
		}
		tolerated++;
	}
	if (!labelled) {
		describe_selector(buf, sizeof(buf), pod, cands, n_cands,
				  region);
		return mlcap_arena_strdup(ar, buf);
	}
	if (!tolerated) {
		snprintf(buf, sizeof(buf),
			 "does not tolerate taint %s%s%s:%s of pool %s",
			 first_taint->key, first_taint->value ? "=" : "",
			 first_taint->value ? first_taint->value : "",
			 first_taint->effect ? first_taint->effect : "",
			 first_pool);
		return mlcap_arena_strdup(ar, buf);
	}
	/* The dimension no eligible type can hold, with the largest. */
	for (d = 0; d < n_dims; d++) {
		const plan_cand *best = NULL;
		for (c = 0; c < n_cands; c++) {
			if (!mlcap_plan__pod_matches(pod, req, &cands[c].labels,
						     region) ||
			    mlcap_plan__untolerated(pod, req, cands[c].taints,
						    cands[c].n_taints))
				continue;
			if (!best || cands[c].cap[d] > best->cap[d])
				best = &cands[c];
		}
		if (best && req_dims[d] > best->cap[d]) {
			char want[32], have[32];
			format_dim(want, sizeof(want), dims[d], req_dims[d]);
			format_dim(have, sizeof(have), dims[d], best->cap[d]);
			if (best->node)
				snprintf(buf, sizeof(buf),
					 "requests %s %s; the most any "
					 "allowed cluster node has free is "
					 "%s (%s) and no pool may add a "
					 "larger one",
					 want, dims[d], have, best->node->name);
			else
				snprintf(buf, sizeof(buf),
					 "requests %s %s; largest allowed "
					 "type %s has %s%s",
					 want, dims[d],
					 best->type->instance_type, have,
					 best->cap[d] < best->alloc[d]
					     ? " after DaemonSets"
					     : "");
			return mlcap_arena_strdup(ar, buf);
		}
	}
	for (c = 0; c < n_cands; c++)
		if (!cands[c].node &&
		    mlcap_plan__pod_matches(pod, req, &cands[c].labels,
					    region) &&
		    !mlcap_plan__untolerated(pod, req, cands[c].taints,
					     cands[c].n_taints))
			break;
	if (c == n_cands) /* only cluster nodes are allowed */
		return mlcap_arena_strdup(
		    ar, "the allowed cluster nodes are full and no pool may "
			"add a node");
	if (max_per_node > 0)
		return mlcap_arena_strdup(
		    ar, "one pod per node (anti-affinity or topology spread) "
			"and the pools' maxNodes are reached");
	return mlcap_arena_strdup(
	    ar, "no allowed type holds all its requests at once, or the "
		"pools' maxNodes are reached");
}
