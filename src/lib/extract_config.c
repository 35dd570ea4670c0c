/*
 * extract_config.c - the planner's inputs that are not workloads: the
 * cluster configuration document (mlcap.yaml, read when the set was made
 * with mlcap_load_opts.config) and Karpenter NodePools (karpenter.sh/v1),
 * both into mlcap_node_pool, the configuration into mlcap_cluster_config.
 * Pool filters become node requirements over the labels plan.c gives each
 * candidate instance type, so a configuration pool and a NodePool are
 * matched by the same code.
 */
#include <string.h>
#include "extract.h"
#include "mlcap/money.h"
#include "mlcap/quantity.h"

static const char *const providers[] = {"aws", "gcp", "azure", "custom", NULL};
static const char *const purchases[] = {
    "on-demand",    "spot",	    "reserved-1y", "reserved-3y",
    "committed-1y", "committed-3y", NULL};
static const char *const control_planes[] = {
    "none",	"eks",		"eks-extended", "gke",
    "aks-free", "aks-standard", "aks-premium",	NULL};
static const char *const config_keys[] = {
    "provider",	     "region", "purchase", "controlPlane", "reserved", "asOf",
    "instanceTypes", "pools",  NULL};
static const char *const pool_keys[] = {
    "name",	"instanceTypes", "families",  "gpuModels", "arch",
    "minVcpu",	"maxVcpu",	 "minMemory", "maxMemory", "minGpus",
    "maxGpus",	"labels",	 "taints",    "minNodes",  "maxNodes",
    "purchase", "requirements",	 NULL};
static const char *const type_keys[] = {
    "name", "vcpu", "memory", "gpus", "gpuModel", "usdPerHour", "arch", NULL};

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static void join(char *buf, size_t n, const char *const *list)
{
	size_t used = 0;
	buf[0] = '\0';
	for (; *list && used + 1 < n; list++) {
		int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "",
				 *list);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* Errors for keys not in `known`: a typo must not silently do nothing. */
static int check_keys(xctx *x, const mlcap_node *map, const char *what,
		      const char *const *known)
{
	char hint[256];
	uint32_t i;
	int rc;

	if (!map || map->type != MLCAP_NODE_MAP)
		return 0;
	for (i = 0; i < map->len; i++) {
		const char *k = mlcap_node__str(MLCAP_NODE_KEY(map, i));
		if (k && (in_list(k, known) || strcmp(k, "<<") == 0))
			continue;
		join(hint, sizeof(hint), known);
		if ((rc = mlcap_x__diag(x, MLCAP_ERROR, MLCAP_NODE_KEY(map, i),
					NULL, "config.key", hint,
					"unknown key '%s' in %s", k ? k : "?",
					what)) < 0)
			return rc;
	}
	return 0;
}

/* A string that must be one of `choices`; `dflt` when absent. */
static int choice(xctx *x, const mlcap_node *map, const char *key,
		  const char *const *choices, const char *dflt,
		  const char **out)
{
	char hint[256];
	int rc;

	if ((rc = mlcap_x__str(x, map, key, out)) < 0)
		return rc;
	if (!*out) {
		*out = dflt;
		return 0;
	}
	if (in_list(*out, choices))
		return 0;
	join(hint, sizeof(hint), choices);
	rc = mlcap_x__diag(x, MLCAP_ERROR, mlcap_node__get(map, key), NULL,
			   "config.value", hint, "%s '%s' is not one of these",
			   key, *out);
	*out = dflt;
	return rc;
}

/* A list of strings (a single string is a list of one), lowercased
 * when `lower`. */
static int str_list(xctx *x, const mlcap_node *map, const char *key, bool lower,
		    const char ***out, uint32_t *n)
{
	const mlcap_node *v = mlcap_node__get(map, key);
	const char **items;
	uint32_t i, count;

	*out = NULL;
	*n = 0;
	if (!v || v->type == MLCAP_NODE_NULL)
		return 0;
	if (v->type != MLCAP_NODE_SEQ && v->type != MLCAP_NODE_SCALAR)
		return mlcap_x__diag(x, MLCAP_ERROR, v, NULL, "type",
				     "write a list such as [a, b]",
				     "'%s' must be a list of strings, not %s",
				     key, mlcap_node__type_name(v));
	count = v->type == MLCAP_NODE_SEQ ? v->len : 1;
	if (!count)
		return 0;
	items = mlcap_arena_calloc(&x->s->arena, count * sizeof(*items));
	if (!items)
		return MLCAP_ENOMEM;
	for (i = 0; i < count; i++) {
		const mlcap_node *e =
		    v->type == MLCAP_NODE_SEQ ? &v->u.items[i] : v;
		const char *s = mlcap_node__str(e);
		char *c;
		if (!s)
			return mlcap_x__diag(x, MLCAP_ERROR, e, NULL, "type",
					     NULL, "'%s' items must be strings",
					     key);
		if (!(c = mlcap_arena_strdup(&x->s->arena, s)))
			return MLCAP_ENOMEM;
		for (char *p = c; lower && *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		items[i] = c;
	}
	*out = items;
	*n = count;
	return 0;
}

/* A quantity at `key` (memory "1Ti" in bytes); -1 when absent. */
static int quantity(xctx *x, const mlcap_node *map, const char *key,
		    int64_t *out)
{
	const mlcap_node *v = mlcap_node__get(map, key);
	const char *s = mlcap_node__str(v);

	*out = -1;
	if (!v || v->type == MLCAP_NODE_NULL)
		return 0;
	if (!s || mlcap_quantity_value(out, s) != MLCAP_Q_OK || *out < 0) {
		*out = -1;
		return mlcap_x__diag(x, MLCAP_ERROR, v, NULL, "quantity",
				     "write a quantity such as 64Gi",
				     "'%s' is not a valid quantity", key);
	}
	return 0;
}

/* Appends a requirement; `vals` is copied by reference (arena). */
typedef struct {
	mlcap_node_req items[16];
	uint32_t n;
} req_buf;

static void add_req(req_buf *b, const char *key, const char *op,
		    const char *const *vals, uint32_t n_vals)
{
	if (b->n < sizeof(b->items) / sizeof(b->items[0])) {
		mlcap_node_req *r = &b->items[b->n++];
		r->key = key;
		r->op = op;
		r->values = vals;
		r->n_values = n_vals;
	}
}

/* A bound as a Gt/Lt requirement on a numeric label (Gt is strict). */
static int add_bound(xctx *x, req_buf *b, const char *key, int64_t v,
		     bool lower)
{
	char num[32], *s;
	const char **vals;

	if (v < 0)
		return 0;
	snprintf(num, sizeof(num), "%lld", (long long)(lower ? v - 1 : v + 1));
	s = mlcap_arena_strdup(&x->s->arena, num);
	vals = mlcap_arena_alloc(&x->s->arena, sizeof(*vals));
	if (!s || !vals)
		return MLCAP_ENOMEM;
	vals[0] = s;
	add_req(b, key, lower ? "Gt" : "Lt", vals, 1);
	return 0;
}

/* "key=value:Effect", "key:Effect" or a {key, value, effect} map. */
static int taint_list(xctx *x, const mlcap_node *v, mlcap_node_pool *p)
{
	mlcap_taint *t;
	uint32_t i;
	int rc;

	if (!v || v->type == MLCAP_NODE_NULL)
		return 0;
	p->taints_set = true;
	if (v->type != MLCAP_NODE_SEQ)
		return mlcap_x__diag(x, MLCAP_ERROR, v, NULL, "type",
				     "write [\"key=value:NoSchedule\"]",
				     "'taints' must be a list");
	if (!v->len)
		return 0;
	if (!(t = mlcap_arena_calloc(&x->s->arena, v->len * sizeof(*t))))
		return MLCAP_ENOMEM;
	for (i = 0; i < v->len; i++) {
		const mlcap_node *e = &v->u.items[i];
		const char *s = mlcap_node__str(e), *colon, *eq;
		if (e->type == MLCAP_NODE_MAP) {
			if ((rc = mlcap_x__str(x, e, "key", &t[i].key)) < 0 ||
			    (rc = mlcap_x__str(x, e, "value", &t[i].value)) <
				0 ||
			    (rc = mlcap_x__str(x, e, "effect", &t[i].effect)) <
				0)
				return rc;
		} else if (s && (colon = strrchr(s, ':')) != NULL) {
			eq = memchr(s, '=', (size_t)(colon - s));
			t[i].key = mlcap_arena_strndup(
			    &x->s->arena, s, (size_t)((eq ? eq : colon) - s));
			t[i].value =
			    eq ? mlcap_arena_strndup(&x->s->arena, eq + 1,
						     (size_t)(colon - eq - 1))
			       : NULL;
			t[i].effect =
			    mlcap_arena_strdup(&x->s->arena, colon + 1);
			if (!t[i].key || !t[i].effect || (eq && !t[i].value))
				return MLCAP_ENOMEM;
		}
		if (!t[i].key || !*t[i].key || !t[i].effect ||
		    (strcmp(t[i].effect, "NoSchedule") != 0 &&
		     strcmp(t[i].effect, "PreferNoSchedule") != 0 &&
		     strcmp(t[i].effect, "NoExecute") != 0))
			return mlcap_x__diag(
			    x, MLCAP_ERROR, e, NULL, "config.taint",
			    "write key=value:Effect with Effect NoSchedule, "
			    "PreferNoSchedule or NoExecute",
			    "invalid taint");
	}
	p->taints = t;
	p->n_taints = v->len;
	return 0;
}

static int config_pool(xctx *x, const mlcap_node *m)
{
	static const char *const k_type = "node.kubernetes.io/instance-type";
	mlcap_node_pool p;
	req_buf b;
	const char **list;
	uint32_t n;
	int64_t lo, hi;
	mlcap_node_req *reqs;
	const mlcap_node_req *extra;
	uint32_t n_extra;
	size_t errors = x->errors;
	int rc;

	memset(&p, 0, sizeof(p));
	memset(&b, 0, sizeof(b));
	p.loc = mlcap_x__loc(x, m);
	if (m->type != MLCAP_NODE_MAP)
		return mlcap_x__diag(x, MLCAP_ERROR, m, NULL, "type", NULL,
				     "each pool must be a map, not %s",
				     mlcap_node__type_name(m));
	if ((rc = check_keys(x, m, "a pool", pool_keys)) < 0 ||
	    (rc = mlcap_x__str(x, m, "name", &p.name)) < 0)
		return rc;
	if (!p.name)
		return mlcap_x__diag(x, MLCAP_ERROR, m, NULL, "config.pool",
				     "add name: gpu", "pool has no name");
	if ((rc = str_list(x, m, "instanceTypes", false, &list, &n)) < 0)
		return rc;
	if (n)
		add_req(&b, k_type, "In", list, n);
	if ((rc = str_list(x, m, "families", false, &list, &n)) < 0)
		return rc;
	if (n)
		add_req(&b, "mlcap.io/instance-family", "In", list, n);
	if ((rc = str_list(x, m, "gpuModels", true, &list, &n)) < 0)
		return rc;
	if (n)
		add_req(&b, "mlcap.io/gpu-model", "In", list, n);
	if ((rc = str_list(x, m, "arch", true, &list, &n)) < 0)
		return rc;
	if (n)
		add_req(&b, "kubernetes.io/arch", "In", list, n);
	if ((rc = mlcap_x__int(x, m, "minVcpu", -1, 0, 1 << 20, &lo)) < 0 ||
	    (rc = mlcap_x__int(x, m, "maxVcpu", -1, 0, 1 << 20, &hi)) < 0 ||
	    (rc = add_bound(x, &b, "mlcap.io/vcpu", lo, true)) < 0 ||
	    (rc = add_bound(x, &b, "mlcap.io/vcpu", hi, false)) < 0)
		return rc;
	if ((rc = quantity(x, m, "minMemory", &lo)) < 0 ||
	    (rc = quantity(x, m, "maxMemory", &hi)) < 0 ||
	    (rc = add_bound(x, &b, "mlcap.io/memory-mib",
			    lo < 0 ? -1 : (lo + (1 << 20) - 1) >> 20, true)) <
		0 ||
	    (rc = add_bound(x, &b, "mlcap.io/memory-mib",
			    hi < 0 ? -1 : hi >> 20, false)) < 0)
		return rc;
	if ((rc = mlcap_x__int(x, m, "minGpus", -1, 0, 1024, &lo)) < 0 ||
	    (rc = mlcap_x__int(x, m, "maxGpus", -1, 0, 1024, &hi)) < 0 ||
	    (rc = add_bound(x, &b, "mlcap.io/gpu-count", lo, true)) < 0 ||
	    (rc = add_bound(x, &b, "mlcap.io/gpu-count", hi, false)) < 0)
		return rc;
	if ((rc = mlcap_x__node_reqs(x, mlcap_node__get(m, "requirements"),
				     &extra, &n_extra)) < 0)
		return rc;
	reqs = mlcap_arena_calloc(&x->s->arena,
				  (b.n + n_extra + 1) * sizeof(*reqs));
	if (!reqs)
		return MLCAP_ENOMEM;
	memcpy(reqs, b.items, b.n * sizeof(*reqs));
	if (n_extra)
		memcpy(reqs + b.n, extra, n_extra * sizeof(*reqs));
	p.reqs = reqs;
	p.n_reqs = b.n + n_extra;
	if ((rc = mlcap_x__kvs(x, mlcap_node__get(m, "labels"), "labels", NULL,
			       &p.labels)) < 0 ||
	    (rc = taint_list(x, mlcap_node__get(m, "taints"), &p)) < 0 ||
	    (rc = mlcap_x__int(x, m, "minNodes", -1, 0, 1000000,
			       &p.min_nodes)) < 0 ||
	    (rc = mlcap_x__int(x, m, "maxNodes", -1, 0, 1000000,
			       &p.max_nodes)) < 0 ||
	    (rc = choice(x, m, "purchase", purchases, NULL, &p.purchase)) < 0)
		return rc;
	if (p.max_nodes >= 0 && p.min_nodes > p.max_nodes)
		return mlcap_x__diag(x, MLCAP_ERROR, m, NULL, "config.pool",
				     "make minNodes <= maxNodes",
				     "pool '%s': minNodes %lld > maxNodes %lld",
				     p.name, (long long)p.min_nodes,
				     (long long)p.max_nodes);
	if (x->errors != errors) /* a broken pool must not allow anything */
		return 0;
	return MLCAP_VEC_PUSH(x->s->pools, p);
}

static int custom_type(xctx *x, const mlcap_node *m, mlcap_custom_type *t)
{
	const mlcap_node *price = mlcap_node__get(m, "usdPerHour");
	const char *ps = mlcap_node__str(price);
	int rc;

	t->loc = mlcap_x__loc(x, m);
	if (m->type != MLCAP_NODE_MAP)
		return mlcap_x__diag(x, MLCAP_ERROR, m, NULL, "type", NULL,
				     "each instance type must be a map");
	if ((rc = check_keys(x, m, "an instance type", type_keys)) < 0 ||
	    (rc = mlcap_x__str(x, m, "name", &t->name)) < 0 ||
	    (rc = mlcap_x__int(x, m, "vcpu", -1, 1, 1 << 20, &t->vcpu)) < 0 ||
	    (rc = quantity(x, m, "memory", &t->memory_bytes)) < 0 ||
	    (rc = mlcap_x__int(x, m, "gpus", 0, 0, 1024, &t->gpus)) < 0 ||
	    (rc = mlcap_x__str(x, m, "gpuModel", &t->gpu_model)) < 0 ||
	    (rc = mlcap_x__str(x, m, "arch", &t->arch)) < 0)
		return rc;
	if (!t->name || t->vcpu < 0 || t->memory_bytes <= 0)
		return mlcap_x__diag(
		    x, MLCAP_ERROR, m, NULL, "config.type",
		    "give name, vcpu, memory and usdPerHour",
		    "custom instance type %s lacks name, vcpu or memory",
		    t->name ? t->name : "");
	if (t->gpus > 0 && !t->gpu_model)
		return mlcap_x__diag(x, MLCAP_ERROR, m, NULL, "config.type",
				     "add gpuModel: A100-80GB",
				     "custom instance type %s has GPUs but no "
				     "gpuModel",
				     t->name);
	if (!ps ||
	    mlcap_money_parse(&t->usd_nanos, ps, strlen(ps)) != MLCAP_MONEY_OK)
		return mlcap_x__diag(x, MLCAP_ERROR, price ? price : m, NULL,
				     "config.price",
				     "write usdPerHour: 20.0 (US dollars, not "
				     "negative)",
				     "custom instance type %s has no valid "
				     "usdPerHour",
				     t->name);
	t->usd_per_hour = mlcap_arena_strdup(&x->s->arena, ps);
	return t->usd_per_hour ? 0 : MLCAP_ENOMEM;
}

int mlcap_x__config(xctx *x, const mlcap_node *root)
{
	mlcap_cluster_config *c = &x->s->config;
	const mlcap_node *types = mlcap_node__get(root, "instanceTypes");
	const mlcap_node *pools = mlcap_node__get(root, "pools");
	const char *reserved;
	uint32_t i;
	int rc;

	if (x->s->has_config)
		return mlcap_x__diag(x, MLCAP_ERROR, root, NULL, "config.twice",
				     "keep one configuration document",
				     "a second configuration document");
	memset(c, 0, sizeof(*c));
	c->loc = mlcap_x__loc(x, root);
	x->s->has_config = true;
	if ((rc = check_keys(x, root, "the configuration", config_keys)) < 0 ||
	    (rc = choice(x, root, "provider", providers, "aws", &c->provider)) <
		0 ||
	    (rc = mlcap_x__str(x, root, "region", &c->region)) < 0 ||
	    (rc = choice(x, root, "purchase", purchases, "on-demand",
			 &c->purchase)) < 0 ||
	    (rc = choice(x, root, "controlPlane", control_planes, "none",
			 &c->control_plane)) < 0 ||
	    (rc = mlcap_x__str(x, root, "asOf", &c->as_of)) < 0)
		return rc;
	{
		static const char *const modes[] = {"provider", "none", NULL};
		if ((rc = choice(x, root, "reserved", modes, "provider",
				 &reserved)) < 0)
			return rc;
		c->reserved_none = strcmp(reserved, "none") == 0;
	}
	if (types && types->type == MLCAP_NODE_SEQ && types->len) {
		mlcap_custom_type *t =
		    mlcap_arena_calloc(&x->s->arena, types->len * sizeof(*t));
		if (!t)
			return MLCAP_ENOMEM;
		for (i = 0; i < types->len; i++) {
			size_t errors = x->errors;
			if ((rc = custom_type(x, &types->u.items[i],
					      &t[c->n_types])) < 0)
				return rc;
			if (x->errors == errors)
				c->n_types++;
			else
				memset(&t[c->n_types], 0, sizeof(*t));
		}
		c->types = t;
	}
	if (pools && pools->type != MLCAP_NODE_SEQ &&
	    pools->type != MLCAP_NODE_NULL)
		return mlcap_x__diag(x, MLCAP_ERROR, pools, NULL, "type", NULL,
				     "'pools' must be a list");
	for (i = 0; pools && pools->type == MLCAP_NODE_SEQ && i < pools->len;
	     i++)
		if ((rc = config_pool(x, &pools->u.items[i])) < 0)
			return rc;
	return 0;
}

/* karpenter.sh/v1 NodePool: requirements, template labels and taints,
 * limits. Karpenter has no minimum node count. */
int mlcap_x__nodepool(xctx *x, xobject *o)
{
	const mlcap_node *tmpl = mlcap_node__get(o->spec, "template");
	const mlcap_node *tspec = mlcap_node__get(tmpl, "spec");
	mlcap_node_pool p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.name = o->name;
	p.loc = o->loc;
	p.karpenter = true;
	p.min_nodes = p.max_nodes = -1;
	if ((rc = mlcap_x__node_reqs(x, mlcap_node__get(tspec, "requirements"),
				     &p.reqs, &p.n_reqs)) < 0 ||
	    (rc = mlcap_x__kvs(
		 x,
		 mlcap_node__get(mlcap_node__get(tmpl, "metadata"), "labels"),
		 "labels", NULL, &p.labels)) < 0 ||
	    (rc = mlcap_x__taints(x, mlcap_node__get(tspec, "taints"),
				  &p.taints, &p.n_taints)) < 0 ||
	    (rc = mlcap_x__resources(x, mlcap_node__get(o->spec, "limits"),
				     "spec.limits", &p.limits)) < 0)
		return rc;
	p.taints_set = mlcap_node__get(tspec, "taints") != NULL;
	return MLCAP_VEC_PUSH(x->s->pools, p);
}
