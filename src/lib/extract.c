/*
 * extract.c - from a document tree to model objects: typed field access
 * with diagnostics, resource lists, pod specs, and the per-document driver
 * that unpacks Lists and drops objects with errors (arena rewind), so a
 * bad object never leaves half a workload behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "extract.h"
#include "banned.h"

/* ---- diagnostics and scalars ---- */

mlcap_loc mlcap_x__loc(const xctx *x, const mlcap_node *n)
{
	mlcap_loc l;
	l.file = x->file;
	l.line = n ? n->line : 0;
	l.col = n ? n->col : 0;
	return l;
}

int mlcap_x__diag(xctx *x, mlcap_severity sev, const mlcap_node *at,
		  const mlcap_loc *fallback, const char *rule, const char *hint,
		  const char *fmt, ...)
{
	mlcap_loc l = at || !fallback ? mlcap_x__loc(x, at) : *fallback;
	va_list ap;
	int rc;

	if (sev == MLCAP_ERROR)
		x->errors++;
	va_start(ap, fmt);
	rc = mlcap_diag__addv(x->d, sev, rule, &l, hint, fmt, ap);
	va_end(ap);
	return rc;
}

const char *mlcap_x__intern(xctx *x, const char *s)
{
	uint32_t h = 2166136261u;
	const char *p;
	const char **slot;

	for (p = s; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	slot = &x->s->intern[h % (sizeof(x->s->intern) / sizeof(char *))];
	if (*slot && strcmp(*slot, s) == 0)
		return *slot;
	p = mlcap_arena_strdup(&x->s->arena, s);
	if (p)
		*slot = p;
	return p;
}

int mlcap_x__str(xctx *x, const mlcap_node *map, const char *key,
		 const char **out)
{
	const mlcap_node *n = mlcap_node__get(map, key);

	*out = NULL;
	if (!n || n->type == MLCAP_NODE_NULL)
		return 0;
	if (n->type != MLCAP_NODE_SCALAR)
		return mlcap_x__diag(x, MLCAP_ERROR, n, NULL, "type",
				     "write a plain string",
				     "'%s' must be a string, not %s", key,
				     mlcap_node__type_name(n));
	*out = mlcap_arena_strndup(&x->s->arena, n->u.s, n->len);
	return *out ? 0 : MLCAP_ENOMEM;
}

/*
 * YAML 1.1 integer forms as Kubernetes' YAML decoder reads a plain scalar:
 * decimal, 0x hex, 0 octal, 0b binary, with '_' separators. Returns 1 and
 * the value, 0 when `s` is not such an integer, -1 on overflow.
 */
static int yaml11_int(const char *s, int64_t *out)
{
	int neg = 0, base = 10, any = 0;
	uint64_t v = 0;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1] == 'b') {
		base = 2;
		s += 2;
	} else if (s[0] == '0' && s[1]) {
		base = 8;
		s++;
	}
	for (; *s; s++) {
		int dgt;
		if (*s == '_')
			continue;
		if (*s >= '0' && *s <= '9')
			dgt = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			dgt = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			dgt = *s - 'A' + 10;
		else
			return 0;
		if (dgt >= base)
			return 0;
		if (v > ((uint64_t)INT64_MAX - (uint64_t)dgt) / (uint64_t)base)
			return -1;
		v = v * (uint64_t)base + (uint64_t)dgt;
		any = 1;
	}
	if (!any && base != 8)
		return 0;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 1;
}

int mlcap_x__int(xctx *x, const mlcap_node *map, const char *key, int64_t dflt,
		 int64_t minv, int64_t maxv, int64_t *out)
{
	const mlcap_node *n = mlcap_node__get(map, key);
	int64_t v;
	int r;

	*out = dflt;
	if (!n || n->type == MLCAP_NODE_NULL)
		return 0;
	if (n->type != MLCAP_NODE_SCALAR || n->quoted)
		return mlcap_x__diag(x, MLCAP_ERROR, n, NULL, "type",
				     "write the number without quotes",
				     "'%s' must be an integer, not %s", key,
				     mlcap_node__type_name(n));
	r = yaml11_int(n->u.s, &v);
	if (r == 0)
		return mlcap_x__diag(x, MLCAP_ERROR, n, NULL, "type",
				     "write a whole number such as 3",
				     "'%s' must be an integer, not '%s'", key,
				     n->u.s);
	if (r < 0 || v < minv || v > maxv)
		return mlcap_x__diag(x, MLCAP_ERROR, n, NULL, "range", NULL,
				     "'%s' is %s; it must be between %lld and "
				     "%lld",
				     key, n->u.s, (long long)minv,
				     (long long)maxv);
	*out = v;
	return 0;
}

int mlcap_x__bool(xctx *x, const mlcap_node *map, const char *key, bool dflt,
		  bool *out)
{
	const mlcap_node *n = mlcap_node__get(map, key);
	const char *s = mlcap_node__str(n);

	*out = dflt;
	if (!n || n->type == MLCAP_NODE_NULL || mlcap_node__bool(n, out))
		return 0;
	return mlcap_x__diag(x, MLCAP_ERROR, n, NULL, "type",
			     "write true or false without quotes",
			     "'%s' must be a boolean, not %s", key,
			     s ? s : mlcap_node__type_name(n));
}

int mlcap_x__kvs(xctx *x, const mlcap_node *map, const char *what,
		 const char *only_prefix, mlcap_kvs *out)
{
	mlcap_kv *items;
	uint32_t i, n = 0;
	size_t plen = only_prefix ? strlen(only_prefix) : 0;
	int rc;

	out->items = NULL;
	out->count = 0;
	if (!map || map->type == MLCAP_NODE_NULL)
		return 0;
	if (map->type != MLCAP_NODE_MAP)
		return mlcap_x__diag(x, MLCAP_ERROR, map, NULL, "type",
				     "write key: value pairs",
				     "'%s' must be a map, not %s", what,
				     mlcap_node__type_name(map));
	if (!map->len)
		return 0;
	items = mlcap_arena_alloc(&x->s->arena, map->len * sizeof(*items));
	if (!items)
		return MLCAP_ENOMEM;
	for (i = 0; i < map->len; i++) {
		const mlcap_node *k = MLCAP_NODE_KEY(map, i);
		const mlcap_node *v = MLCAP_NODE_VAL(map, i);
		const char *ks = mlcap_node__str(k);
		if (!ks)
			continue;
		if (plen && strncmp(ks, only_prefix, plen) != 0)
			continue;
		if (v->type != MLCAP_NODE_SCALAR &&
		    v->type != MLCAP_NODE_NULL) {
			if ((rc = mlcap_x__diag(
				 x, MLCAP_ERROR, v, NULL, "type",
				 "write a string value",
				 "%s '%s' must be a string, not %s", what, ks,
				 mlcap_node__type_name(v))) < 0)
				return rc;
			continue;
		}
		if (!plen && mlcap_node__plain_nonstring(v) &&
		    (rc = mlcap_x__diag(
			 x, MLCAP_WARNING, v, NULL, "type.unquoted",
			 "quote it, e.g. key: \"true\"; Kubernetes "
			 "rejects non-string values here",
			 "%s '%s' has the non-string value '%s'", what, ks,
			 v->type == MLCAP_NODE_NULL ? "null" : v->u.s)) < 0)
			return rc;
		items[n].key = mlcap_x__intern(x, ks);
		items[n].value =
		    v->type == MLCAP_NODE_NULL
			? ""
			: mlcap_arena_strndup(&x->s->arena, v->u.s, v->len);
		if (!items[n].key || !items[n].value)
			return MLCAP_ENOMEM;
		items[n].line = v->line;
		items[n].col = v->col;
		n++;
	}
	out->items = items;
	out->count = n;
	return 0;
}

/* ---- resources ---- */

static int cmp_named(const void *a, const void *b)
{
	return strcmp(((const mlcap_named_qty *)a)->name,
		      ((const mlcap_named_qty *)b)->name);
}

/*
 * True when `s` (underscores removed) is a YAML 1.1 float as go-yaml v2
 * resolves one: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
 */
static bool yaml11_float(const char *s)
{
	size_t ip = 0, fp = 0;

	if (*s == '+' || *s == '-')
		s++;
	while (*s >= '0' && *s <= '9')
		s++, ip++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			fp++;
	if (!ip && !fp)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/*
 * Text of a quantity node as Kubernetes' decoder would hand it to
 * resource.Quantity: YAML 1.1 plain integers (0x10, 010, 1_000) are
 * first turned into decimal numbers.
 */
static const char *quantity_text(const mlcap_node *n, char *buf, size_t cap)
{
	int64_t v;
	const char *s = n->u.s;

	if (n->quoted)
		return s;
	if ((strchr(s, '_') || (s[0] == '0' && s[1]) ||
	     ((s[0] == '+' || s[0] == '-') && s[1] == '0' && s[2])) &&
	    yaml11_int(s, &v) == 1) {
		snprintf(buf, cap, "%lld", (long long)v);
		return buf;
	}
	if (strchr(s, '_') && strlen(s) < cap) { /* 1_000.5: a YAML float */
		size_t j = 0;
		const char *p;
		for (p = s; *p; p++)
			if (*p != '_')
				buf[j++] = *p;
		buf[j] = '\0';
		/* Anything else keeps its '_' and is not a quantity. */
		return yaml11_float(buf) ? buf : s;
	}
	return s;
}

static const char *const known_ext[] = {"nvidia.com/gpu",
					"amd.com/gpu",
					"google.com/tpu",
					"aws.amazon.com/neuron",
					"aws.amazon.com/neuroncore",
					"aws.amazon.com/neurondevice",
					"gpu.intel.com/i915",
					"habana.ai/gaudi",
					"alibabacloud.com/gpu-count",
					"alibabacloud.com/gpu-milli",
					"pods",
					NULL};

static const char *resource_name(xctx *x, const char *s)
{
	const char *const *k;
	for (k = known_ext; *k; k++)
		if (strcmp(*k, s) == 0)
			return *k;
	return mlcap_x__intern(x, s);
}

int mlcap_x__resources(xctx *x, const mlcap_node *map, const char *path,
		       mlcap_resources *out)
{
	mlcap_named_qty *ext = NULL;
	uint32_t i, j, n_ext = 0;
	const char *rname;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!map || map->type == MLCAP_NODE_NULL)
		return 0;
	if (map->type != MLCAP_NODE_MAP)
		return mlcap_x__diag(x, MLCAP_ERROR, map, NULL, "type",
				     "write resource: quantity pairs",
				     "%s must be a map, not %s", path,
				     mlcap_node__type_name(map));
	for (i = 0; i < map->len; i++) {
		const mlcap_node *k = MLCAP_NODE_KEY(map, i);
		const mlcap_node *v = MLCAP_NODE_VAL(map, i);
		const char *name = mlcap_node__str(k), *text;
		char buf[96];
		int64_t val;
		mlcap_qresult qr;
		bool is_cpu, is_bytes, is_ext;

		if (!name)
			continue;
		is_cpu = strcmp(name, "cpu") == 0;
		is_bytes = !strcmp(name, "memory") ||
			   !strcmp(name, "ephemeral-storage") ||
			   !strcmp(name, "storage") ||
			   !strncmp(name, "hugepages-", 10);
		is_ext = strchr(name, '/') != NULL || !strcmp(name, "pods");
		if (!is_cpu && !is_bytes && !is_ext) {
			if ((rc = mlcap_x__diag(
				 x, MLCAP_WARNING, k, NULL, "resource.unknown",
				 "extended resources need a domain, "
				 "e.g. nvidia.com/gpu; this one is ignored",
				 "unknown resource '%s' in %s", name, path)) <
			    0)
				return rc;
			continue;
		}
		if (v->type != MLCAP_NODE_SCALAR) {
			if ((rc = mlcap_x__diag(
				 x, MLCAP_ERROR, v, NULL, "quantity.type",
				 "write a quantity such as '500m' or '2Gi'",
				 "%s.%s must be a quantity, not %s", path, name,
				 mlcap_node__type_name(v))) < 0)
				return rc;
			continue;
		}
		text = quantity_text(v, buf, sizeof(buf));
		qr = mlcap_quantity_parse(&val, text, strlen(text),
					  is_cpu || is_ext ? 3 : 0);
		if (qr == MLCAP_Q_INVALID) {
			if ((rc = mlcap_x__diag(
				 x, MLCAP_ERROR, v, NULL, "quantity.invalid",
				 is_cpu	    ? "use cores or millicores, e.g. "
					      "'1.5' or '1500m'"
				 : is_bytes ? "use bytes with a suffix, e.g. "
					      "'512Mi' or '8Gi'"
					    : "use a whole number, e.g. '1'",
				 "invalid quantity \"%s\" for %s.%s", v->u.s,
				 path, name)) < 0)
				return rc;
			continue;
		}
		if (qr == MLCAP_Q_OVERFLOW) {
			if ((rc = mlcap_x__diag(
				 x, MLCAP_ERROR, v, NULL, "quantity.overflow",
				 "check the suffix: 'Ei' and 'E' are exa",
				 "quantity \"%s\" for %s.%s is too large",
				 v->u.s, path, name)) < 0)
				return rc;
			continue;
		}
		if (val < 0) {
			if ((rc = mlcap_x__diag(
				 x, MLCAP_ERROR, v, NULL, "quantity.negative",
				 NULL,
				 "%s.%s is \"%s\"; it must be greater than "
				 "or equal to 0",
				 path, name, v->u.s)) < 0)
				return rc;
			continue;
		}
		if (is_cpu) {
			out->cpu_millis = val;
			out->set |= MLCAP_RES_CPU;
		} else if (!strcmp(name, "memory")) {
			out->memory_bytes = val;
			out->set |= MLCAP_RES_MEMORY;
		} else if (!strcmp(name, "ephemeral-storage")) {
			out->ephemeral_bytes = val;
			out->set |= MLCAP_RES_EPHEMERAL;
		} else {
			if (is_ext && val % 1000 != 0) {
				if ((rc = mlcap_x__diag(
					 x, MLCAP_ERROR, v, NULL,
					 "quantity.fraction",
					 "extended resources are whole "
					 "devices; use e.g. '1'",
					 "%s.%s must be a whole number, not "
					 "\"%s\"",
					 path, name, v->u.s)) < 0)
					return rc;
				continue;
			}
			if (!ext &&
			    !(ext = mlcap_arena_alloc(&x->s->arena,
						      map->len * sizeof(*ext))))
				return MLCAP_ENOMEM;
			if (!(rname = resource_name(x, name)))
				return MLCAP_ENOMEM;
			/* A repeated key: the last value wins, as for cpu. */
			for (j = 0; j < n_ext; j++)
				if (strcmp(ext[j].name, rname) == 0)
					break;
			ext[j].name = rname;
			ext[j].value = is_ext ? val / 1000 : val;
			if (j == n_ext)
				n_ext++;
		}
	}
	if (n_ext > 1)
		qsort(ext, n_ext, sizeof(*ext), cmp_named);
	out->ext = ext;
	out->n_ext = n_ext;
	return 0;
}

/* ---- pod specs ---- */

static int container(xctx *x, const mlcap_node *c, mlcap_container_kind kind,
		     const char *fallback_name, mlcap_container *out)
{
	const mlcap_node *res;
	int rc;

	memset(out, 0, sizeof(*out));
	out->kind = kind;
	out->loc = mlcap_x__loc(x, c);
	if (c->type != MLCAP_NODE_MAP)
		return mlcap_x__diag(x, MLCAP_ERROR, c, NULL, "type", NULL,
				     "a container must be a map, not %s",
				     mlcap_node__type_name(c));
	if ((rc = mlcap_x__str(x, c, "name", &out->name)) < 0)
		return rc;
	if (!out->name)
		out->name = fallback_name;
	if (kind == MLCAP_CONTAINER_INIT) {
		const char *rp =
		    mlcap_node__str(mlcap_node__get(c, "restartPolicy"));
		if (rp && strcmp(rp, "Always") == 0)
			out->kind = MLCAP_CONTAINER_SIDECAR;
	}
	res = mlcap_node__get(c, "resources");
	if (res && res->type != MLCAP_NODE_MAP && res->type != MLCAP_NODE_NULL)
		return mlcap_x__diag(x, MLCAP_ERROR, res, NULL, "type", NULL,
				     "resources must be a map, not %s",
				     mlcap_node__type_name(res));
	if ((rc = mlcap_x__resources(x, mlcap_node__get(res, "requests"),
				     "resources.requests", &out->requests)) <
		0 ||
	    (rc = mlcap_x__resources(x, mlcap_node__get(res, "limits"),
				     "resources.limits", &out->limits)) < 0)
		return rc;
	return 0;
}

static int tolerations(xctx *x, const mlcap_node *seq, mlcap_pod_template *t)
{
	mlcap_toleration *tol;
	uint32_t i;
	int rc;

	if (!seq || seq->type != MLCAP_NODE_SEQ || !seq->len)
		return 0;
	tol = mlcap_arena_calloc(&x->s->arena, seq->len * sizeof(*tol));
	if (!tol)
		return MLCAP_ENOMEM;
	for (i = 0; i < seq->len; i++) {
		const mlcap_node *e = &seq->u.items[i];
		if ((rc = mlcap_x__str(x, e, "key", &tol[i].key)) < 0 ||
		    (rc = mlcap_x__str(x, e, "operator", &tol[i].op)) < 0 ||
		    (rc = mlcap_x__str(x, e, "value", &tol[i].value)) < 0 ||
		    (rc = mlcap_x__str(x, e, "effect", &tol[i].effect)) < 0)
			return rc;
	}
	t->tolerations = tol;
	t->n_tolerations = seq->len;
	return 0;
}

int mlcap_x__node_reqs(xctx *x, const mlcap_node *exprs,
		       const mlcap_node_req **out, uint32_t *n_out)
{
	mlcap_node_req *reqs;
	uint32_t j, k;
	int rc;

	*out = NULL;
	*n_out = 0;
	if (!exprs || exprs->type != MLCAP_NODE_SEQ || !exprs->len)
		return 0;
	reqs = mlcap_arena_calloc(&x->s->arena, exprs->len * sizeof(*reqs));
	if (!reqs)
		return MLCAP_ENOMEM;
	for (j = 0; j < exprs->len; j++) {
		const mlcap_node *e = &exprs->u.items[j];
		const mlcap_node *vals = mlcap_node__get(e, "values");
		const char **vv = NULL;
		if ((rc = mlcap_x__str(x, e, "key", &reqs[j].key)) < 0 ||
		    (rc = mlcap_x__str(x, e, "operator", &reqs[j].op)) < 0)
			return rc;
		if (vals && vals->type == MLCAP_NODE_SEQ && vals->len) {
			vv = mlcap_arena_calloc(&x->s->arena,
						vals->len * sizeof(*vv));
			if (!vv)
				return MLCAP_ENOMEM;
			for (k = 0; k < vals->len; k++) {
				const char *s =
				    mlcap_node__str(&vals->u.items[k]);
				vv[k] = s ? mlcap_x__intern(x, s) : "";
				if (!vv[k])
					return MLCAP_ENOMEM;
			}
			reqs[j].n_values = vals->len;
		}
		reqs[j].values = vv;
	}
	*out = reqs;
	*n_out = exprs->len;
	return 0;
}

int mlcap_x__taints(xctx *x, const mlcap_node *seq, const mlcap_taint **out,
		    uint32_t *n_out)
{
	mlcap_taint *t;
	uint32_t i;
	int rc;

	*out = NULL;
	*n_out = 0;
	if (!seq || seq->type != MLCAP_NODE_SEQ || !seq->len)
		return 0;
	t = mlcap_arena_calloc(&x->s->arena, seq->len * sizeof(*t));
	if (!t)
		return MLCAP_ENOMEM;
	for (i = 0; i < seq->len; i++) {
		const mlcap_node *e = &seq->u.items[i];
		if ((rc = mlcap_x__str(x, e, "key", &t[i].key)) < 0 ||
		    (rc = mlcap_x__str(x, e, "value", &t[i].value)) < 0 ||
		    (rc = mlcap_x__str(x, e, "effect", &t[i].effect)) < 0)
			return rc;
	}
	*out = t;
	*n_out = seq->len;
	return 0;
}

static int node_affinity(xctx *x, const mlcap_node *aff, mlcap_pod_template *t)
{
	const mlcap_node *terms = mlcap_node__get(
	    mlcap_node__get(mlcap_node__get(aff, "nodeAffinity"),
			    "requiredDuringSchedulingIgnoredDuringExecution"),
	    "nodeSelectorTerms");
	mlcap_node_term *out;
	uint32_t i;
	int rc;

	if (!terms || terms->type != MLCAP_NODE_SEQ || !terms->len)
		return 0;
	out = mlcap_arena_calloc(&x->s->arena, terms->len * sizeof(*out));
	if (!out)
		return MLCAP_ENOMEM;
	for (i = 0; i < terms->len; i++)
		if ((rc =
			 mlcap_x__node_reqs(x,
					    mlcap_node__get(&terms->u.items[i],
							    "matchExpressions"),
					    &out[i].reqs, &out[i].n_reqs)) < 0)
			return rc;
	t->affinity_terms = out;
	t->n_affinity_terms = terms->len;
	return 0;
}

static const char HOSTNAME[] = "kubernetes.io/hostname";

static void scheduling_spread(const mlcap_node *spec, mlcap_pod_template *t)
{
	const mlcap_node *anti =
	    mlcap_node__get(mlcap_node__get(mlcap_node__get(spec, "affinity"),
					    "podAntiAffinity"),
			    "requiredDuringSchedulingIgnoredDuringExecution");
	const mlcap_node *tsc =
	    mlcap_node__get(spec, "topologySpreadConstraints");
	uint32_t i;

	if (anti && anti->type == MLCAP_NODE_SEQ)
		for (i = 0; i < anti->len; i++) {
			const char *k = mlcap_node__str(
			    mlcap_node__get(&anti->u.items[i], "topologyKey"));
			if (k && strcmp(k, HOSTNAME) == 0)
				t->hostname_anti_affinity = true;
		}
	if (tsc && tsc->type == MLCAP_NODE_SEQ)
		for (i = 0; i < tsc->len; i++) {
			const mlcap_node *c = &tsc->u.items[i];
			const char *k =
			    mlcap_node__str(mlcap_node__get(c, "topologyKey"));
			const char *w = mlcap_node__str(
			    mlcap_node__get(c, "whenUnsatisfiable"));
			const char *skew =
			    mlcap_node__str(mlcap_node__get(c, "maxSkew"));
			long v = skew ? strtol(skew, NULL, 10) : 1;
			if (k && w && !strcmp(k, HOSTNAME) &&
			    !strcmp(w, "DoNotSchedule") && v > 0 &&
			    (t->hostname_max_skew == 0 ||
			     v < t->hostname_max_skew))
				t->hostname_max_skew = (int32_t)v;
		}
}

static int count_items(const mlcap_node *n)
{
	return n && n->type == MLCAP_NODE_SEQ ? (int)n->len : 0;
}

int mlcap_x__pod_spec(xctx *x, const mlcap_node *spec, const mlcap_node *labels,
		      const mlcap_node *extra, const char *extra_name,
		      bool need_containers, mlcap_pod_template *out)
{
	const mlcap_node *cs = mlcap_node__get(spec, "containers");
	const mlcap_node *ics = mlcap_node__get(spec, "initContainers");
	const mlcap_node *res;
	mlcap_container *all;
	uint32_t n = 0, i;
	int rc, total;

	memset(out, 0, sizeof(*out));
	out->loc = mlcap_x__loc(x, spec);
	if (!spec || spec->type != MLCAP_NODE_MAP)
		return mlcap_x__diag(x, MLCAP_ERROR, spec, NULL, "pod.spec",
				     "add a pod spec with containers",
				     "pod spec must be a map, not %s",
				     mlcap_node__type_name(spec));
	if (cs && cs->type != MLCAP_NODE_SEQ && cs->type != MLCAP_NODE_NULL)
		return mlcap_x__diag(x, MLCAP_ERROR, cs, NULL, "type", NULL,
				     "containers must be a list, not %s",
				     mlcap_node__type_name(cs));
	total = count_items(cs) + count_items(ics) + (extra ? 1 : 0);
	if (total == 0 || (need_containers && count_items(cs) == 0))
		if ((rc = mlcap_x__diag(x, MLCAP_ERROR, spec, NULL,
					"pod.containers",
					"a pod needs at least one container",
					"pod spec has no containers")) < 0)
			return rc;
	if (total) {
		all = mlcap_arena_calloc(&x->s->arena,
					 (size_t)total * sizeof(*all));
		if (!all)
			return MLCAP_ENOMEM;
		for (i = 0; i < (uint32_t)count_items(ics); i++)
			if ((rc = container(x, &ics->u.items[i],
					    MLCAP_CONTAINER_INIT, "",
					    &all[n++])) < 0)
				return rc;
		for (i = 0; i < (uint32_t)count_items(cs); i++)
			if ((rc = container(x, &cs->u.items[i],
					    MLCAP_CONTAINER_REGULAR, "",
					    &all[n++])) < 0)
				return rc;
		if (extra && (rc = container(x, extra, MLCAP_CONTAINER_REGULAR,
					     extra_name, &all[n++])) < 0)
			return rc;
		out->containers = all;
		out->n_containers = n;
	}
	if ((rc = mlcap_x__resources(x, mlcap_node__get(spec, "overhead"),
				     "overhead", &out->overhead)) < 0)
		return rc;
	res = mlcap_node__get(spec, "resources");
	if ((rc = mlcap_x__resources(x, mlcap_node__get(res, "requests"),
				     "spec.resources.requests",
				     &out->pod_level_requests)) < 0 ||
	    (rc = mlcap_x__resources(x, mlcap_node__get(res, "limits"),
				     "spec.resources.limits",
				     &out->pod_level_limits)) < 0)
		return rc;
	if ((rc = mlcap_x__kvs(x, labels, "label", NULL, &out->labels)) < 0 ||
	    (rc = mlcap_x__kvs(x, mlcap_node__get(spec, "nodeSelector"),
			       "nodeSelector", NULL, &out->node_selector)) <
		0 ||
	    (rc = mlcap_x__str(x, spec, "runtimeClassName",
			       &out->runtime_class)) < 0 ||
	    (rc = mlcap_x__str(x, spec, "priorityClassName",
			       &out->priority_class)) < 0 ||
	    (rc = tolerations(x, mlcap_node__get(spec, "tolerations"), out)) <
		0 ||
	    (rc = node_affinity(x, mlcap_node__get(spec, "affinity"), out)) < 0)
		return rc;
	scheduling_spread(spec, out);
	return 0;
}

int mlcap_x__template(xctx *x, const mlcap_node *tmpl, const char *path,
		      mlcap_pod_template *out)
{
	if (!tmpl || tmpl->type != MLCAP_NODE_MAP) {
		memset(out, 0, sizeof(*out));
		return mlcap_x__diag(x, MLCAP_ERROR, tmpl, NULL, "pod.template",
				     "add a pod template with metadata and "
				     "spec.containers",
				     "%s is missing", path);
	}
	return mlcap_x__pod_spec(
	    x, mlcap_node__get(tmpl, "spec"),
	    mlcap_node__get(mlcap_node__get(tmpl, "metadata"), "labels"), NULL,
	    NULL, true, out);
}

mlcap_workload *mlcap_x__workload(xctx *x, const xobject *o,
				  const char *component, int *rc)
{
	mlcap_set *s = x->s;
	mlcap_workload *w;

	*rc = MLCAP_GROW(s->workloads.items, s->workloads.alloc,
			 s->workloads.count + 1);
	if (*rc < 0)
		return NULL;
	w = &s->workloads.items[s->workloads.count++];
	memset(w, 0, sizeof(*w));
	w->api_version = o->api_version;
	w->kind = o->kind;
	w->namespace = o->namespace;
	w->name = o->name;
	w->loc = o->loc;
	w->labels = o->labels;
	w->annotations = o->annotations;
	w->replicas_min = w->replicas_declared = w->replicas_max = 1;
	w->pods_per_replica = 1;
	w->active_deadline_secs = -1;
	w->completions = -1;
	w->runs_per_month_micros = -1;
	if (component &&
	    !(w->component = mlcap_arena_strdup(&s->arena, component))) {
		s->workloads.count--;
		*rc = MLCAP_ENOMEM;
		return NULL;
	}
	return w;
}

/* ---- the per-document driver ---- */

/* Restores the counts of every model vector after a rejected object. */
typedef struct {
	mlcap_arena_mark_t arena;
	size_t v[8];
} model_mark;

static model_mark take_mark(const mlcap_set *s)
{
	model_mark m;
	m.arena = mlcap_arena_mark(&s->arena);
	m.v[0] = s->workloads.count;
	m.v[1] = s->scalers.count;
	m.v[2] = s->namespaces.count;
	m.v[3] = s->limit_ranges.count;
	m.v[4] = s->quotas.count;
	m.v[5] = s->runtime_classes.count;
	m.v[6] = s->nodes.count;
	m.v[7] = s->pools.count;
	return m;
}

static void rewind_to(mlcap_set *s, const model_mark *m)
{
	s->workloads.count = m->v[0];
	s->scalers.count = m->v[1];
	s->namespaces.count = m->v[2];
	s->limit_ranges.count = m->v[3];
	s->quotas.count = m->v[4];
	s->runtime_classes.count = m->v[5];
	s->nodes.count = m->v[6];
	s->pools.count = m->v[7];
	mlcap_arena_rewind(&s->arena, m->arena);
	/* The intern cache may point into what was just freed. */
	memset(s->intern, 0, sizeof(s->intern));
}

static int object(xctx *x, const mlcap_node *root)
{
	xobject o;
	const mlcap_node *kind_n, *api_n;
	const char *slash;
	model_mark mark;
	int rc, handled;

	memset(&o, 0, sizeof(o));
	o.root = root;
	o.loc = mlcap_x__loc(x, root);
	kind_n = mlcap_node__get(root, "kind");
	api_n = mlcap_node__get(root, "apiVersion");
	if (root->type != MLCAP_NODE_MAP || !mlcap_node__str(kind_n) ||
	    !mlcap_node__str(api_n)) {
		x->s->stats.skipped_unknown++;
		return mlcap_x__diag(x, MLCAP_NOTE, root, NULL, "skip.not_k8s",
				     "only Kubernetes objects are read",
				     "document is not a Kubernetes object (no "
				     "apiVersion and kind); skipped");
	}
	mark = take_mark(x->s);
	x->errors = 0;
	o.kind = mlcap_x__intern(x, kind_n->u.s);
	o.api_version = mlcap_x__intern(x, api_n->u.s);
	if (!o.kind || !o.api_version)
		return MLCAP_ENOMEM;
	slash = strchr(o.api_version, '/');
	o.group = slash ? mlcap_arena_strndup(&x->s->arena, o.api_version,
					      (size_t)(slash - o.api_version))
			: "";
	if (!o.group)
		return MLCAP_ENOMEM;
	o.meta = mlcap_node__get(root, "metadata");
	o.spec = mlcap_node__get(root, "spec");
	x->s->stats.objects++;

	handled = mlcap_x__dispatch(x, &o);
	if (handled < 0)
		return handled;
	if (handled == 0) {
		rewind_to(x->s, &mark);
		return 0;
	}
	if (x->errors) {
		rewind_to(x->s, &mark);
		x->s->stats.rejected++;
	}
	rc = 0;
	return rc;
}

int mlcap_extract__document(mlcap_set *s, const mlcap_node *root,
			    const char *file, mlcap_diags *d)
{
	xctx x;
	const char *kind = mlcap_node__str(mlcap_node__get(root, "kind"));
	const mlcap_node *items = mlcap_node__get(root, "items");
	size_t klen = kind ? strlen(kind) : 0;
	uint32_t i;
	int rc;

	if (s->raw_doc)
		return s->raw_doc(s->raw_ctx, root, file, d);
	x.s = s;
	x.d = d;
	x.file = file;
	x.errors = 0;
	if (s->opts.config && !kind && root->type == MLCAP_NODE_MAP &&
	    !mlcap_node__get(root, "apiVersion"))
		return mlcap_x__config(&x, root);
	/* kind: List (kubectl get -o yaml), PodList, NodeList... */
	if (kind && klen >= 4 && strcmp(kind + klen - 4, "List") == 0 &&
	    items &&
	    (items->type == MLCAP_NODE_SEQ || items->type == MLCAP_NODE_NULL)) {
		if (items->type == MLCAP_NODE_NULL)
			return 0;
		for (i = 0; i < items->len; i++) {
			const mlcap_node *it = &items->u.items[i];
			if ((rc = object(&x, it)) < 0)
				return rc;
		}
		return 0;
	}
	return object(&x, root);
}
