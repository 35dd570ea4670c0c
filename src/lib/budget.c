/*
 * budget.c - monthly budgets (budget.h): the budgets document, label
 * selectors, month-to-date spend, and the comparison of each budget with
 * the planner's spend in its scope, with alerts for crossed thresholds.
 */
#include <stdlib.h>
#include <string.h>
#include "cfgdoc.h"
#include "labels_internal.h"
#include "mlcap/budget.h"
#include "mlcap/money.h"
#include "set.h"
#include "banned.h"

struct mlcap_budgets {
	mlcap_arena arena;
	mlcap_budget *items;
	size_t count, alloc;
	bool seen;
};

/* ---- label selectors ---- */

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* A key or value token: up to a delimiter of the selector grammar. */
static const char *token(mlcap_arena *a, const char **s, const char **out)
{
	const char *p = *s = skip_ws(*s), *end;
	while (*p && !strchr(" \t,=!()", *p))
		p++;
	end = p;
	*out = mlcap_arena_strndup(a, *s, (size_t)(end - *s));
	*s = p;
	return *out;
}

bool mlcap_selector_parse(mlcap_arena *a, const char *s,
			  const mlcap_selector_req **reqs, uint32_t *n,
			  const char **why)
{
	size_t cap = 1; /* requirements: at most one more than commas */
	const char *p;
	mlcap_selector_req *out;

	for (p = s; *p; p++)
		cap += *p == ',';
	*reqs = NULL;
	*n = 0;
	*why = "out of memory";
	if (!(out = mlcap_arena_calloc(a, cap * sizeof(*out))))
		return false;
	p = s;
	for (;;) {
		mlcap_selector_req *r = &out[*n];
		const char **vals;
		const char *key, *bad;
		bool neg = false;
		p = skip_ws(p);
		if (*p == '!') {
			neg = true;
			p++;
		}
		if (!token(a, &p, &key))
			return false;
		if (!*key) {
			*why = "a requirement has no key";
			return false;
		}
		if (!mlcap_label_key_valid(key, &bad)) {
			*why = bad;
			return false;
		}
		r->key = key;
		p = skip_ws(p);
		if (neg) {
			r->op = "!exists";
		} else if (*p == '=' || (*p == '!' && p[1] == '=')) {
			r->op = *p == '!' ? "notin" : "in";
			p += (*p == '!' || p[1] == '=') ? 2 : 1;
			if (!(vals = mlcap_arena_alloc(a, sizeof(*vals))) ||
			    !token(a, &p, &vals[0]))
				return false;
			if (!mlcap_label_value_valid(vals[0], &bad)) {
				*why = bad;
				return false;
			}
			r->values = vals;
			r->n_values = 1;
		} else if (!strncmp(p, "in ", 3) || !strncmp(p, "in(", 3) ||
			   !strncmp(p, "notin ", 6) ||
			   !strncmp(p, "notin(", 6)) {
			size_t vcap = 1;
			const char *q;
			r->op = *p == 'i' ? "in" : "notin";
			p = skip_ws(p + (*p == 'i' ? 2 : 5));
			if (*p != '(') {
				*why = "write the values in parentheses: "
				       "key in (a,b)";
				return false;
			}
			for (q = p; *q && *q != ')'; q++)
				vcap += *q == ',';
			if (!*q) {
				*why = "a '(' is not closed";
				return false;
			}
			if (*skip_ws(p + 1) == ')') {
				*why = "the list of values is empty";
				return false;
			}
			if (!(vals =
				  mlcap_arena_alloc(a, vcap * sizeof(*vals))))
				return false;
			p++;
			for (;;) {
				if (!token(a, &p, &vals[r->n_values]))
					return false;
				if (!mlcap_label_value_valid(vals[r->n_values],
							     &bad)) {
					*why = bad;
					return false;
				}
				r->n_values++;
				p = skip_ws(p);
				if (*p == ')')
					break;
				if (*p != ',') {
					*why = "separate the values with ','";
					return false;
				}
				p++;
			}
			p++;
			r->values = vals;
		} else {
			r->op = "exists";
		}
		(*n)++;
		p = skip_ws(p);
		if (!*p)
			break;
		if (*p != ',' || *n >= cap) {
			*why = "expected ',' between requirements";
			return false;
		}
		p++;
	}
	*reqs = out;
	return true;
}

/* The value of `key` for a workload: metadata, pod template, Namespace;
 * NULL when none carries it. */
typedef const char *(*label_fn)(const void *ctx, const char *key);

static bool matches_fn(const mlcap_selector_req *reqs, uint32_t n, label_fn get,
		       const void *ctx)
{
	uint32_t i, j;
	for (i = 0; i < n; i++) {
		const char *v = get(ctx, reqs[i].key);
		bool in = false;
		if (!strcmp(reqs[i].op, "exists") && !v)
			return false;
		if (!strcmp(reqs[i].op, "!exists") && v)
			return false;
		for (j = 0; v && j < reqs[i].n_values; j++)
			in = in || !strcmp(v, reqs[i].values[j]);
		if (!strcmp(reqs[i].op, "in") && !in)
			return false;
		if (!strcmp(reqs[i].op, "notin") && in) /* absent matches */
			return false;
	}
	return true;
}

static const char *kvs_get(const void *ctx, const char *key)
{
	return mlcap_kvs_get(ctx, key);
}

bool mlcap_selector_matches(const mlcap_selector_req *reqs, uint32_t n,
			    const mlcap_kvs *labels)
{
	return matches_fn(reqs, n, kvs_get, labels);
}

typedef struct {
	const mlcap_workload *w;
	const mlcap_namespace *ns;
} wl_labels;

static const char *workload_label(const void *ctx, const char *key)
{
	const wl_labels *l = ctx;
	const char *v = mlcap_kvs_get(&l->w->labels, key);
	if (!v)
		v = mlcap_kvs_get(&l->w->pod.labels, key);
	if (!v && l->ns)
		v = mlcap_kvs_get(&l->ns->labels, key);
	return v;
}

/* ---- the budgets document ---- */

static const char *const top_keys[] = {"budgets", NULL};
static const char *const budget_keys[] = {
    "name", "amount", "namespace", "selector", "gpuOnly", "thresholds", NULL};

/* A USD amount: a number (or a string of one) without sign or unit. */
static int amount(mlcap_cfgdoc *c, const mlcap_node *n, const char *what,
		  int64_t *out)
{
	const char *s = mlcap_node__str(n);
	*out = -1;
	if (!n || n->type == MLCAP_NODE_NULL)
		return mlcap_cfgdoc__diag(c, MLCAP_ERROR, n,
					  "write e.g. amount: 25000 (USD per "
					  "month)",
					  "%s is missing", what);
	if (!s || mlcap_money_parse(out, s, n->len) != MLCAP_MONEY_OK) {
		*out = -1;
		return mlcap_cfgdoc__diag(
		    c, MLCAP_ERROR, n,
		    "write a non-negative number of US dollars, e.g. 25000 "
		    "or 1234.50, without '$' or ','",
		    "%s '%s' is not an amount", what,
		    s ? s : mlcap_node__type_name(n));
	}
	return 0;
}

/* A threshold: a percentage as a number (or a string of one), no '%'. */
static int percent(mlcap_cfgdoc *c, const mlcap_node *n, int64_t *out)
{
	const char *s = mlcap_node__str(n);
	if (s && mlcap_money_parse(out, s, n->len) == MLCAP_MONEY_OK)
		return 0;
	*out = -1;
	return mlcap_cfgdoc__diag(c, MLCAP_ERROR, n,
				  "write percentages as numbers without '%', "
				  "e.g. thresholds: [50, 80, 100]",
				  "threshold '%s' is not a percentage",
				  s ? s : mlcap_node__type_name(n));
}

/* The budget's amount; when it is missing, says so at the budget. */
static int budget_amount(mlcap_cfgdoc *c, const mlcap_node *n, const char *name,
			 int64_t *out)
{
	const mlcap_node *v = mlcap_node__get(n, "amount");
	*out = -1;
	if (!v || v->type == MLCAP_NODE_NULL)
		return mlcap_cfgdoc__diag(
		    c, MLCAP_ERROR, v ? v : n,
		    "write e.g. amount: 25000 (USD per month)",
		    "%s%s%s has no amount", name ? "budget '" : "a budget",
		    name ? name : "", name ? "'" : "");
	return amount(c, v, "amount", out);
}

static int thresholds(mlcap_cfgdoc *c, const mlcap_node *n, mlcap_budget *b)
{
	uint32_t i, j;
	int rc;

	b->n_thresholds = 3;
	b->thresholds_ppm[0] = 500000;
	b->thresholds_ppm[1] = 800000;
	b->thresholds_ppm[2] = 1000000;
	if (!n || n->type == MLCAP_NODE_NULL)
		return 0;
	if (n->type != MLCAP_NODE_SEQ || n->len == 0 ||
	    n->len > MLCAP_BUDGET_MAX_THRESHOLDS)
		return mlcap_cfgdoc__diag(c, MLCAP_ERROR, n,
					  "write percentages, e.g. "
					  "thresholds: [50, 80, 100]",
					  "thresholds must be a list of 1 to "
					  "%d percentages",
					  MLCAP_BUDGET_MAX_THRESHOLDS);
	b->n_thresholds = 0;
	for (i = 0; i < n->len; i++) {
		int64_t v;
		const mlcap_node *t = &n->u.items[i];
		if ((rc = percent(c, t, &v)) < 0)
			return rc;
		if (v < 0)
			continue;
		if (v == 0 || v > 1000LL * 1000000000) {
			if ((rc = mlcap_cfgdoc__diag(
				 c, MLCAP_ERROR, t,
				 "write a percentage above 0 and at most 1000",
				 "threshold '%s' is out of range",
				 mlcap_node__str(t))) < 0)
				return rc;
			continue;
		}
		v /= 100000; /* nanos of a percent point -> ppm */
		for (j = b->n_thresholds; j > 0 && b->thresholds_ppm[j - 1] > v;
		     j--)
			b->thresholds_ppm[j] = b->thresholds_ppm[j - 1];
		if (j > 0 && b->thresholds_ppm[j - 1] == v) {
			memmove(&b->thresholds_ppm[j],
				&b->thresholds_ppm[j + 1],
				(b->n_thresholds - j) * sizeof(int64_t));
			continue; /* a repeated threshold counts once */
		}
		b->thresholds_ppm[j] = v;
		b->n_thresholds++;
	}
	return 0;
}

static int selector(mlcap_budgets *bs, mlcap_cfgdoc *c, const mlcap_node *n,
		    mlcap_budget *b)
{
	const char *why;
	int rc;

	/* A LabelSelector's matchLabels, or the labels map itself. */
	if (n && n->type == MLCAP_NODE_MAP && mlcap_node__get(n, "matchLabels"))
		n = mlcap_node__get(n, "matchLabels");
	if (n && n->type == MLCAP_NODE_MAP) { /* key: value, ANDed */
		char buf[2048];
		size_t used = 0;
		uint32_t i;
		buf[0] = '\0';
		for (i = 0; i < n->len && used < sizeof(buf); i++) {
			int w =
			    snprintf(buf + used, sizeof(buf) - used, "%s%s=%s",
				     i ? "," : "",
				     mlcap_node__str(MLCAP_NODE_KEY(n, i))
					 ? mlcap_node__str(MLCAP_NODE_KEY(n, i))
					 : "",
				     mlcap_node__str(MLCAP_NODE_VAL(n, i))
					 ? mlcap_node__str(MLCAP_NODE_VAL(n, i))
					 : "");
			if (w < 0)
				break;
			used += (size_t)w;
		}
		if (!(b->selector = mlcap_arena_strdup(&bs->arena, buf)))
			return MLCAP_ENOMEM;
	} else if ((rc = mlcap_cfgdoc__str(c, n, "selector", &b->selector)) <
		   0) {
		return rc;
	}
	if (!b->selector)
		return 0;
	if (mlcap_selector_parse(&bs->arena, b->selector, &b->reqs, &b->n_reqs,
				 &why))
		return 0;
	rc = mlcap_cfgdoc__diag(c, MLCAP_ERROR, n,
				"write a Kubernetes label selector, e.g. "
				"team=vision,env!=dev or tier in (a,b)",
				"selector '%s' is invalid: %s", b->selector,
				why);
	b->selector = NULL;
	return rc < 0 ? rc : 1;
}

static int budget(mlcap_budgets *bs, mlcap_cfgdoc *c, const mlcap_node *n)
{
	mlcap_budget b;
	size_t i, errors;
	bool ok;
	int rc, sel;

	memset(&b, 0, sizeof(b));
	b.loc = mlcap_cfgdoc__loc(c, n);
	errors = c->d->errors;
	if ((rc = mlcap_cfgdoc__is_map(c, n, "a budget", &ok)) < 0 || !ok)
		return rc;
	if ((rc = mlcap_cfgdoc__keys(c, n, "a budget", budget_keys)) < 0 ||
	    (rc = mlcap_cfgdoc__str(c, mlcap_node__get(n, "name"), "name",
				    &b.name)) < 0 ||
	    (rc = mlcap_cfgdoc__str(c, mlcap_node__get(n, "namespace"),
				    "namespace", &b.namespace)) < 0 ||
	    (rc = mlcap_cfgdoc__bool(c, mlcap_node__get(n, "gpuOnly"),
				     "gpuOnly", false, &b.gpu_only)) < 0 ||
	    (rc = budget_amount(c, n, b.name, &b.amount_nanos)) < 0 ||
	    (rc = thresholds(c, mlcap_node__get(n, "thresholds"), &b)) < 0 ||
	    (sel = selector(bs, c, mlcap_node__get(n, "selector"), &b)) < 0)
		return rc < 0 ? rc : sel;
	if (!b.name)
		return mlcap_cfgdoc__diag(c, MLCAP_ERROR, n,
					  "add name: (alerts and --spent "
					  "refer to it)",
					  "a budget has no name");
	for (i = 0; i < bs->count; i++)
		if (!strcmp(bs->items[i].name, b.name))
			return mlcap_cfgdoc__diag(
			    c, MLCAP_ERROR, mlcap_node__get(n, "name"),
			    "give each budget its own name",
			    "budget '%s' is defined twice (first at line %u)",
			    b.name, bs->items[i].loc.line);
	if (b.amount_nanos < 0 || sel > 0 || c->d->errors > errors)
		return 0; /* reported; only whole budgets are kept */
	if (b.amount_nanos == 0)
		return mlcap_cfgdoc__diag(
		    c, MLCAP_ERROR, mlcap_node__get(n, "amount"),
		    "give the monthly amount in USD",
		    "budget '%s' has an amount of 0", b.name);
	if (MLCAP_GROW(bs->items, bs->alloc, bs->count + 1) < 0)
		return MLCAP_ENOMEM;
	bs->items[bs->count++] = b;
	return 0;
}

static int budgets_doc(void *ctx, const mlcap_node *root, const char *file,
		       mlcap_diags *d)
{
	mlcap_budgets *bs = ctx;
	const mlcap_node *list;
	mlcap_cfgdoc c;
	uint32_t i;
	bool ok;
	int rc;

	c.arena = &bs->arena;
	c.d = d;
	c.rule = "budgets";
	if (!(c.file = mlcap_arena_strdup(&bs->arena, file)))
		return MLCAP_ENOMEM;
	bs->seen = true;
	if ((rc = mlcap_cfgdoc__is_map(&c, root, "a budgets document", &ok)) <
		0 ||
	    !ok ||
	    (rc = mlcap_cfgdoc__keys(&c, root, "the budgets document",
				     top_keys)) < 0)
		return rc;
	list = mlcap_node__get(root, "budgets");
	if (!list || list->type != MLCAP_NODE_SEQ)
		return mlcap_cfgdoc__diag(&c, MLCAP_ERROR, list ? list : root,
					  "write budgets: [{name: cluster, "
					  "amount: 25000}, ...]",
					  "budgets must be a list");
	for (i = 0; i < list->len; i++)
		if ((rc = budget(bs, &c, &list->u.items[i])) < 0)
			return rc;
	return 0;
}

static int load_budgets(mlcap_budgets **out, const char *path, const char *buf,
			size_t len, mlcap_diags *d)
{
	mlcap_budgets *bs = mlcap_mem__calloc(1, sizeof(*bs));
	int rc;

	*out = bs;
	if (!bs)
		return MLCAP_ENOMEM;
	mlcap_arena_init(&bs->arena);
	if ((rc = mlcap_load__documents(path, buf, len, budgets_doc, bs, d)) <
	    0)
		return rc;
	if (!bs->seen) {
		mlcap_loc l = {path, 0, 0};
		return mlcap_diag_add(d, MLCAP_ERROR, "budgets", &l,
				      "write budgets: [{name: cluster, "
				      "amount: 25000}, ...]",
				      "no budgets in '%s'", path);
	}
	return 0;
}

int mlcap_budgets_parse(mlcap_budgets **out, const char *name, const char *buf,
			size_t len, mlcap_diags *d)
{
	return load_budgets(out, name, buf, len, d);
}

int mlcap_budgets_load(mlcap_budgets **out, const char *path, mlcap_diags *d)
{
	return load_budgets(out, path, NULL, 0, d);
}

const mlcap_budget *mlcap_budgets_list(const mlcap_budgets *b, size_t *n)
{
	*n = b->count;
	return b->items;
}

void mlcap_budgets_free(mlcap_budgets *b)
{
	if (!b)
		return;
	mlcap_mem__free(b->items);
	mlcap_arena_release(&b->arena);
	mlcap_mem__free(b);
}

/* ---- month-to-date spend ---- */

void mlcap_spend_init(mlcap_spend *s)
{
	memset(s, 0, sizeof(*s));
	mlcap_arena_init(&s->arena);
}

void mlcap_spend_release(mlcap_spend *s)
{
	mlcap_mem__free(s->items);
	mlcap_arena_release(&s->arena);
	memset(s, 0, sizeof(*s));
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

bool mlcap_spend_set_date(mlcap_spend *s, const char *date)
{
	int y = 0, m = 0, d = 0, i;

	if (strlen(date) != 10 || date[4] != '-' || date[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9'))
			return false;
	y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 +
	    (date[2] - '0') * 10 + (date[3] - '0');
	m = (date[5] - '0') * 10 + (date[6] - '0');
	d = (date[8] - '0') * 10 + (date[9] - '0');
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return false;
	s->year = y;
	s->month = m;
	s->day = d;
	return true;
}

static int add_spent(mlcap_spend *s, const char *name, size_t len,
		     int64_t nanos, const mlcap_loc *at)
{
	struct mlcap_spent *e;
	if (MLCAP_GROW(s->items, s->alloc, s->count + 1) < 0)
		return MLCAP_ENOMEM;
	e = &s->items[s->count];
	if (!(e->budget = mlcap_arena_strndup(&s->arena, name, len)))
		return MLCAP_ENOMEM;
	e->nanos = nanos;
	e->loc = *at;
	if (at->file &&
	    !(e->loc.file = mlcap_arena_strdup(&s->arena, at->file)))
		return MLCAP_ENOMEM;
	s->count++;
	return 0;
}

int mlcap_spend_add_arg(mlcap_spend *s, const char *arg, const char *what,
			mlcap_diags *d)
{
	const char *p = arg;
	mlcap_loc none = {NULL, 0, 0};
	int rc;

	while (*p) {
		const char *end = strchr(p, ','), *eq;
		int64_t nanos;
		if (!end)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (!eq || eq == p ||
		    mlcap_money_parse(&nanos, eq + 1, (size_t)(end - eq - 1)) !=
			MLCAP_MONEY_OK)
			return mlcap_diag_add(
			    d, MLCAP_ERROR, "spend", NULL,
			    "write BUDGET=USD[,BUDGET=USD...], e.g. "
			    "cluster=12500,vision=3400.50",
			    "%s '%.*s' is not BUDGET=USD", what, (int)(end - p),
			    p);
		if ((rc = add_spent(s, p, (size_t)(eq - p), nanos, &none)) < 0)
			return rc;
		p = *end ? end + 1 : end;
	}
	return 0;
}

static int spend_doc(void *ctx, const mlcap_node *root, const char *file,
		     mlcap_diags *d)
{
	static const char *const keys[] = {"asOf", "spent", NULL};
	mlcap_spend *s = ctx;
	const mlcap_node *spent, *date;
	mlcap_cfgdoc c;
	uint32_t i;
	bool ok;
	int rc;

	c.arena = &s->arena;
	c.d = d;
	c.rule = "spend";
	if (!(c.file = mlcap_arena_strdup(&s->arena, file)))
		return MLCAP_ENOMEM;
	if ((rc = mlcap_cfgdoc__is_map(&c, root, "the spend document", &ok)) <
		0 ||
	    !ok ||
	    (rc = mlcap_cfgdoc__keys(&c, root, "the spend document", keys)) < 0)
		return rc;
	date = mlcap_node__get(root, "asOf");
	if (date &&
	    (!mlcap_node__str(date) ||
	     !mlcap_spend_set_date(s, mlcap_node__str(date))) &&
	    (rc = mlcap_cfgdoc__diag(&c, MLCAP_ERROR, date,
				     "write the last day the spend covers as "
				     "YYYY-MM-DD",
				     "asOf is not a date")) < 0)
		return rc;
	spent = mlcap_node__get(root, "spent");
	if ((rc = mlcap_cfgdoc__is_map(&c, spent, "spent", &ok)) < 0 || !ok)
		return rc;
	for (i = 0; i < spent->len; i++) {
		const mlcap_node *k = MLCAP_NODE_KEY(spent, i);
		const mlcap_node *v = MLCAP_NODE_VAL(spent, i);
		mlcap_loc at = mlcap_cfgdoc__loc(&c, v);
		int64_t nanos;
		if (!mlcap_node__str(k))
			continue;
		if (amount(&c, v, "spend", &nanos) < 0)
			return MLCAP_ENOMEM;
		if (nanos >= 0 &&
		    (rc = add_spent(s, k->u.s, k->len, nanos, &at)) < 0)
			return rc;
	}
	return 0;
}

int mlcap_spend_load(mlcap_spend *s, const char *path, mlcap_diags *d)
{
	return mlcap_load__documents(path, NULL, 0, spend_doc, s, d);
}

/* ---- evaluation ---- */

const char *mlcap_budget_basis_name(mlcap_budget_basis b)
{
	return b == MLCAP_BUDGET_PLANNED ? "planned"
	       : b == MLCAP_BUDGET_MAX	 ? "max"
					 : "forecast";
}

static const mlcap_namespace *namespace_of(const mlcap_set *s, const char *name)
{
	size_t n, i;
	const mlcap_namespace *ns = mlcap_set_namespaces(s, &n);
	for (i = 0; i < n; i++)
		if (!strcmp(ns[i].name, name))
			return &ns[i];
	return NULL;
}

/* Keeps the MLCAP_BUDGET_TOP costliest, ties by key. */
static void add_top(mlcap_budget_status *st, const char *key, int64_t nanos)
{
	uint32_t i;
	if (nanos <= 0)
		return;
	for (i = st->n_top; i > 0; i--) {
		const mlcap_budget_top *t = &st->top[i - 1];
		if (t->nanos > nanos ||
		    (t->nanos == nanos && strcmp(t->key, key) < 0))
			break;
		if (i < MLCAP_BUDGET_TOP)
			st->top[i] = *t;
	}
	if (i >= MLCAP_BUDGET_TOP)
		return;
	st->top[i].key = key;
	st->top[i].nanos = nanos;
	if (st->n_top < MLCAP_BUDGET_TOP)
		st->n_top++;
}

/* Planned spend of one budget's scope in one scenario. */
/* Planned spend of one budget's scope in scenario `sc`, whose costs by
 * workload are `ix`; `top` (the declared scenario) also counts the
 * workloads and keeps the costliest. */
static int scope_spend(const mlcap_budget *b, const mlcap_set *s,
		       const mlcap_plan_scenario *sc,
		       const mlcap_cost_index *ix, mlcap_budget_status *st,
		       mlcap_arena *a, bool top)
{
	size_t n_ws, i;
	const mlcap_workload *ws = mlcap_set_workloads(s, &n_ws);
	int64_t total = 0;
	char key[1024];

	for (i = 0; i < n_ws; i++) {
		const mlcap_workload *w = &ws[i];
		wl_labels l;
		int64_t monthly, gpu, v;
		if (b->namespace && strcmp(b->namespace, w->namespace) != 0)
			continue;
		l.w = w;
		l.ns = b->n_reqs ? namespace_of(s, w->namespace) : NULL;
		if (b->n_reqs &&
		    !matches_fn(b->reqs, b->n_reqs, workload_label, &l))
			continue;
		mlcap_costs__of(ix, w, &monthly, &gpu);
		v = b->gpu_only ? gpu : monthly;
		total += v;
		if (!top)
			continue;
		st->workloads++;
		mlcap_plan_workload_key(key, sizeof(key), w->namespace, w->name,
					w->component);
		if (v > 0 && (st->n_top < MLCAP_BUDGET_TOP ||
			      v >= st->top[MLCAP_BUDGET_TOP - 1].nanos)) {
			const char *k = mlcap_arena_strdup(a, key);
			if (!k)
				return MLCAP_ENOMEM;
			add_top(st, k, v);
		}
	}
	if (!b->namespace && !b->n_reqs) /* the cluster: the whole bill */
		total = b->gpu_only ? sc->gpu_monthly_nanos : sc->monthly_nanos;
	if (top)
		st->planned_nanos = total;
	else
		st->max_nanos = total;
	return 0;
}

static int add_alert(mlcap_budget_report *r, size_t *alloc,
		     const mlcap_budget_status *st, mlcap_budget_basis basis,
		     int64_t amount_nanos)
{
	const mlcap_budget *b = st->budget;
	int64_t used;
	mlcap_budget_alert *a;
	uint32_t i;

	if (amount_nanos < 0)
		return 0;
	/* Without an autoscaler the maximum is the plan: one alert. */
	if (basis == MLCAP_BUDGET_MAX && amount_nanos == st->planned_nanos)
		return 0;
	/* Exact comparison: amount / budget >= threshold / 1e6. */
	for (i = b->n_thresholds; i > 0; i--)
		if ((__int128)amount_nanos * 1000000 >=
		    (__int128)b->thresholds_ppm[i - 1] * b->amount_nanos)
			break;
	if (i == 0)
		return 0;
	used = mlcap_money_ppm(amount_nanos, b->amount_nanos);
	if (MLCAP_GROW(r->alerts, *alloc, r->n_alerts + 1) < 0)
		return MLCAP_ENOMEM;
	a = &r->alerts[r->n_alerts++];
	a->status = st;
	a->basis = basis;
	a->threshold_ppm = b->thresholds_ppm[i - 1];
	a->amount_nanos = amount_nanos;
	a->used_ppm = used;
	a->severity = basis == MLCAP_BUDGET_PLANNED &&
			      (__int128)amount_nanos > (__int128)b->amount_nanos
			  ? MLCAP_ERROR
			  : MLCAP_WARNING;
	if (a->severity == MLCAP_ERROR)
		r->over = true;
	return 0;
}

int mlcap_budgets_eval(const mlcap_budgets *b, const mlcap_set *s,
		       const mlcap_plan *plan, const mlcap_spend *spend,
		       mlcap_budget_report *out, mlcap_diags *d)
{
	const mlcap_plan_scenario *decl =
	    mlcap_plan_find_scenario(plan, MLCAP_SCENARIO_DECLARED);
	const mlcap_plan_scenario *max =
	    mlcap_plan_find_scenario(plan, MLCAP_SCENARIO_MAX);
	size_t n_ws, i, j, alerts_alloc = 0;
	const mlcap_workload *ws = mlcap_set_workloads(s, &n_ws);
	mlcap_cost_index ix_decl = {NULL, 0}, ix_max = {NULL, 0};
	int rc = 0;

	memset(out, 0, sizeof(*out));
	mlcap_arena_init(&out->arena);
	if ((b->count && !(out->items = mlcap_arena_calloc(
			       &out->arena, b->count * sizeof(*out->items)))) ||
	    (decl && mlcap_costs__index(&ix_decl, decl, ws, n_ws) < 0) ||
	    (max && mlcap_costs__index(&ix_max, max, ws, n_ws) < 0)) {
		rc = MLCAP_ENOMEM;
		goto done;
	}
	out->count = b->count;
	out->has_spend = spend && spend->count;
	if (out->has_spend) {
		out->year = spend->year;
		out->month = spend->month;
		out->day = spend->day;
		out->days_in_month =
		    spend->month ? days_in_month(spend->year, spend->month) : 0;
	}
	for (i = 0; i < b->count; i++) {
		mlcap_budget_status *st = &out->items[i];
		st->budget = &b->items[i];
		st->planned_nanos = st->max_nanos = -1;
		st->spent_nanos = st->forecast_nanos = -1;
		if ((decl && (rc = scope_spend(st->budget, s, decl, &ix_decl,
					       st, &out->arena, true)) < 0) ||
		    (max && (rc = scope_spend(st->budget, s, max, &ix_max, st,
					      &out->arena, false)) < 0))
			goto done;
		if ((st->budget->namespace || st->budget->n_reqs) &&
		    !st->workloads &&
		    (rc = mlcap_diag_add(
			 d, MLCAP_WARNING, "budgets.scope", &st->budget->loc,
			 "check the namespace and selector against the "
			 "workloads' labels (metadata, pod template or "
			 "Namespace)",
			 "budget '%s' matches no workload", st->budget->name)) <
			0)
			goto done;
		for (j = 0; spend && j < spend->count; j++)
			if (!strcmp(spend->items[j].budget, st->budget->name)) {
				st->spent_nanos = spend->items[j].nanos;
				if (out->day &&
				    mlcap_money_muldiv(
					&st->forecast_nanos, st->spent_nanos,
					out->days_in_month, out->day) < 0)
					st->forecast_nanos = -1;
			}
		if ((rc = add_alert(out, &alerts_alloc, st,
				    MLCAP_BUDGET_PLANNED, st->planned_nanos)) <
			0 ||
		    (rc = add_alert(out, &alerts_alloc, st, MLCAP_BUDGET_MAX,
				    st->max_nanos)) < 0 ||
		    (rc = add_alert(out, &alerts_alloc, st,
				    MLCAP_BUDGET_FORECAST,
				    st->forecast_nanos)) < 0)
			goto done;
	}
	for (j = 0; spend && j < spend->count; j++) {
		size_t k;
		for (k = 0; k < j; k++)
			if (!strcmp(spend->items[k].budget,
				    spend->items[j].budget))
				break;
		if (k < j &&
		    (rc = mlcap_diag_add(
			 d, MLCAP_WARNING, "spend.repeated",
			 spend->items[j].loc.file ? &spend->items[j].loc : NULL,
			 "give each budget's spend once",
			 "spend for '%s' is given twice; the last counts",
			 spend->items[j].budget)) < 0)
			goto done;
		for (i = 0; i < b->count; i++)
			if (!strcmp(spend->items[j].budget, b->items[i].name))
				break;
		if (i == b->count &&
		    (rc = mlcap_diag_add(
			 d, MLCAP_WARNING, "spend.unknown",
			 spend->items[j].loc.file ? &spend->items[j].loc : NULL,
			 "name a budget of the budgets file",
			 "spend for '%s' matches no budget",
			 spend->items[j].budget)) < 0)
			goto done;
	}
	if (out->has_spend && !out->day &&
	    (rc = mlcap_diag_add(d, MLCAP_ERROR, "spend.date", NULL,
				 "give --as-of YYYY-MM-DD or asOf in the "
				 "spend file",
				 "month-to-date spend needs the date it runs "
				 "to; no forecast")) < 0)
		goto done;
	rc = 0;
done:
	mlcap_costs__release(&ix_decl);
	mlcap_costs__release(&ix_max);
	return rc;
}

void mlcap_budget_report_release(mlcap_budget_report *r)
{
	mlcap_mem__free(r->alerts);
	mlcap_arena_release(&r->arena);
	memset(r, 0, sizeof(*r));
}
