/*
 * render_check.c - the pre-deploy check for people (text), for a pull
 * request comment (Markdown) and for machines (JSON, schema in README):
 * where the new pods go, what an autoscaler would add and at what cost,
 * what does not fit, the quotas, the cost diff and the verdict.
 */
#include <string.h>
#include "mlcap/check.h"
#include "mlcap/money.h"
#include "mlcap/quantity.h"
#include "mlcap/render.h"
#include "render_budget.h"
#include "render_doc.h"
#include "render_labels.h"
#include "banned.h"

/* A quota amount in its resource's units ("4", "16Gi", "500m"). */
static void quota_qty(char *buf, size_t n, const char *resource, int64_t v)
{
	const char *dot = strchr(resource, '.');
	const char *res =
	    strcmp(resource, "pods") == 0 || strcmp(resource, "count/pods") == 0
		? "pods"
	    : dot && (!strncmp(resource, "requests.", 9) ||
		      !strncmp(resource, "limits.", 7))
		? dot + 1
		: resource;
	mlcap_format_resource(buf, n, res, v);
}

/* "+$1.00", "-$1.00" or "$0.00". */
static void signed_usd(char *buf, size_t n, int64_t v)
{
	char b[40];
	mlcap_doc__usd(b, sizeof(b), v < 0 ? -v : v);
	snprintf(buf, n, "%s%s", v < 0 ? "-" : v > 0 ? "+" : "", b);
}

/* The change between two amounts, -1 meaning absent (counted as 0). */
static void delta(char *buf, size_t n, int64_t old, int64_t new_)
{
	if (old < 0 && new_ < 0)
		snprintf(buf, n, "-");
	else
		signed_usd(buf, n, (new_ < 0 ? 0 : new_) - (old < 0 ? 0 : old));
}

static void usd_or_dash(char *buf, size_t n, int64_t nanos)
{
	if (nanos < 0)
		snprintf(buf, n, "-");
	else
		mlcap_doc__usd(buf, n, nanos);
}

/* ---- JSON ---- */

static void side_json(mlcap_jw *w, const char *key, const int64_t *old,
		      const int64_t *new_, int k)
{
	mlcap_jw__key(w, key);
	mlcap_jw__obj(w);
	mlcap_doc__jw_usd(w, "new_monthly_usd", new_[k]);
	mlcap_doc__jw_usd(w, "old_monthly_usd", old[k]);
	mlcap_jw__end_obj(w);
}

static void diff_json(mlcap_jw *w, const mlcap_check_diff *r, bool key)
{
	mlcap_jw__obj(w);
	side_json(w, "max", r->old_nanos, r->new_nanos, 1);
	side_json(w, "min", r->old_nanos, r->new_nanos, 0);
	if (key)
		mlcap_jw__kstr(w, "workload", r->key);
	mlcap_jw__end_obj(w);
}

static void nodes_json(mlcap_jw *w, const mlcap_check *c, bool existing)
{
	const mlcap_plan_scenario *s = c->max;
	size_t i;

	mlcap_jw__arr(w);
	for (i = 0; i < s->n_nodes; i++) {
		const mlcap_plan_nodes *n = &s->nodes[i];
		if (n->existing != existing)
			continue;
		mlcap_jw__obj(w);
		mlcap_jw__kint(w, "count", n->count);
		mlcap_jw__kstr(w, "instance_type", n->instance_type);
		if (!existing)
			mlcap_doc__jw_usd(w, "monthly_usd", n->monthly_nanos);
		mlcap_jw__kint(w, "new_pods", n->pods);
		if (!existing) {
			mlcap_jw__kstr(w, "pool", n->pool);
			mlcap_jw__kstr(w, "purchase", n->purchase);
			mlcap_doc__jw_usd(w, "usd_per_hour", n->usd_nanos);
		}
		mlcap_jw__end_obj(w);
	}
	mlcap_jw__end_arr(w);
}

static int check_json(FILE *out, const mlcap_check *c, const mlcap_diags *d)
{
	const mlcap_plan *p = &c->plan;
	mlcap_jw w;
	size_t i;

	mlcap_jw__init(&w, out);
	mlcap_jw__obj(&w);
	mlcap_jw__key(&w, "added_nodes");
	nodes_json(&w, c, false);
	mlcap_doc__jw_usd(&w, "added_monthly_usd", c->added_monthly_nanos);
	mlcap_jw__key(&w, "budgets");
	if (c->budgets)
		mlcap_render__budgets_json(&w, c->budgets);
	else
		mlcap_jw__null(&w);
	mlcap_jw__key(&w, "cluster");
	mlcap_jw__obj(&w);
	mlcap_jw__kint(&w, "cordoned_nodes", (int64_t)p->cordoned_nodes);
	mlcap_jw__kint(&w, "nodes", (int64_t)p->cluster_nodes);
	mlcap_jw__kint(&w, "running_pods", p->running_pods);
	mlcap_jw__key(&w, "used_nodes");
	nodes_json(&w, c, true);
	mlcap_jw__end_obj(&w);
	mlcap_jw__key(&w, "cost_diff");
	if (c->has_baseline) {
		mlcap_jw__obj(&w);
		mlcap_jw__key(&w, "total");
		diff_json(&w, &c->total, false);
		mlcap_jw__key(&w, "workloads");
		mlcap_jw__arr(&w);
		for (i = 0; i < c->n_diff; i++)
			diff_json(&w, &c->diff[i], true);
		mlcap_jw__end_arr(&w);
		mlcap_jw__end_obj(&w);
	} else
		mlcap_jw__null(&w);
	mlcap_jw__diags(&w, d);
	mlcap_jw__key(&w, "failed");
	mlcap_jw__bool(&w, mlcap_check_failed(c));
	mlcap_jw__key(&w, "increase");
	mlcap_jw__obj(&w);
	mlcap_doc__jw_usd(&w, "base_monthly_usd", c->increase_base_nanos);
	mlcap_jw__key(&w, "exceeds_limit");
	mlcap_jw__bool(&w, c->increase_exceeded);
	mlcap_jw__key(&w, "monthly_usd");
	{
		char b[48];
		mlcap_money_format_exact(b, sizeof(b), c->increase_nanos);
		mlcap_jw__number_text(&w, b);
	}
	mlcap_jw__end_obj(&w);
	mlcap_jw__key(&w, "labels");
	if (c->labels && c->policy) {
		mlcap_render__labels_json(&w, c->labels, c->policy, NULL);
	} else {
		mlcap_jw__null(&w);
	}
	mlcap_jw__key(&w, "labels_failed");
	mlcap_jw__bool(&w, c->labels_failed);
	mlcap_jw__key(&w, "pods");
	mlcap_jw__obj(&w);
	mlcap_jw__kint(&w, "new", c->new_pods);
	mlcap_jw__kint(&w, "on_added_nodes", c->placed_new);
	mlcap_jw__kint(&w, "on_cluster_nodes", c->placed_existing);
	mlcap_jw__kint(&w, "unschedulable", c->unschedulable);
	mlcap_jw__end_obj(&w);
	mlcap_jw__key(&w, "quotas");
	mlcap_jw__arr(&w);
	for (i = 0; i < c->n_quotas; i++) {
		const mlcap_check_quota *q = &c->quotas[i];
		mlcap_jw__obj(&w);
		mlcap_jw__kint(&w, "added", q->added);
		mlcap_jw__key(&w, "exceeded");
		mlcap_jw__bool(&w, q->exceeded);
		mlcap_jw__kstr(&w, "file", q->loc.file);
		mlcap_jw__kint(&w, "hard", q->hard);
		mlcap_jw__kint(&w, "line", q->loc.line);
		mlcap_jw__kstr(&w, "name", q->quota);
		mlcap_jw__kstr(&w, "namespace", q->namespace);
		mlcap_jw__kstr(&w, "rejects", q->rejects);
		mlcap_jw__kstr(&w, "resource", q->resource);
		mlcap_jw__kint(&w, "used", q->used);
		mlcap_jw__end_obj(&w);
	}
	mlcap_jw__end_arr(&w);
	mlcap_jw__kint(&w, "schema_version", MLCAP_CHECK_SCHEMA);
	mlcap_jw__key(&w, "settings");
	mlcap_jw__obj(&w);
	mlcap_jw__kstr(&w, "provider", p->provider);
	mlcap_jw__kstr(&w, "purchase", p->purchase);
	mlcap_jw__kstr(&w, "region", p->region);
	mlcap_jw__kstr(&w, "scenario", "max");
	mlcap_jw__end_obj(&w);
	mlcap_jw__key(&w, "unschedulable");
	mlcap_jw__arr(&w);
	for (i = 0; i < c->max->n_unsched; i++) {
		const mlcap_plan_unsched *u = &c->max->unsched[i];
		mlcap_jw__obj(&w);
		mlcap_jw__kstr(&w, "component", u->component);
		mlcap_jw__kstr(&w, "file", u->loc.file);
		mlcap_jw__kstr(&w, "kind", u->kind);
		mlcap_jw__kint(&w, "line", u->loc.line);
		mlcap_jw__kstr(&w, "name", u->name);
		mlcap_jw__kstr(&w, "namespace", u->namespace);
		mlcap_jw__kint(&w, "pods", u->pods);
		mlcap_jw__kstr(&w, "reason", u->reason);
		mlcap_jw__end_obj(&w);
	}
	mlcap_jw__end_arr(&w);
	mlcap_jw__end_obj(&w);
	return mlcap_jw__finish(&w);
}

/* ---- text and Markdown ---- */

static void cluster_table(mlcap_doc *o, const mlcap_check *c)
{
	const mlcap_plan *p = &c->plan;
	const mlcap_plan_scenario *s = c->max;
	mlcap_table t;
	size_t i, d;

	mlcap_doc__heading(o, "Cluster nodes that take new pods (usage after)");
	mlcap_table__init(&t, "INSTANCE-TYPE|>NODES|>NEW PODS|>CPU|>MEMORY|"
			      ">PODS|>ACCELERATORS");
	for (i = 0; i < s->n_nodes; i++) {
		const mlcap_plan_nodes *n = &s->nodes[i];
		char b[7][64];
		const char *cells[7];
		int k;
		if (!n->existing)
			continue;
		snprintf(b[0], 64, "%s", n->instance_type);
		snprintf(b[1], 64, "%lld", (long long)n->count);
		snprintf(b[2], 64, "%lld", (long long)n->pods);
		mlcap_doc__pct(b[3], 64, n->used[0], n->alloc[0]);
		mlcap_doc__pct(b[4], 64, n->used[1], n->alloc[1]);
		mlcap_doc__pct(b[5], 64, n->used[2], n->alloc[2]);
		snprintf(b[6], 64, "-");
		for (d = 3; d < p->n_dims; d++)
			if (n->alloc[d] > 0) {
				snprintf(b[6], 64, "%lld/%lld %s",
					 (long long)n->used[d],
					 (long long)n->alloc[d], p->dims[d]);
				break;
			}
		for (k = 0; k < 7; k++)
			cells[k] = b[k];
		mlcap_table__row(&t, cells);
	}
	mlcap_doc__table(o, &t);
}

static void added_table(mlcap_doc *o, const mlcap_check *c)
{
	const mlcap_plan_scenario *s = c->max;
	mlcap_table t;
	size_t i;

	mlcap_doc__heading(o, "Nodes a cluster autoscaler would add");
	mlcap_table__init(&t, "POOL|INSTANCE-TYPE|PURCHASE|>NODES|>NEW PODS|"
			      ">USD/HOUR|>USD/MONTH");
	for (i = 0; i < s->n_nodes; i++) {
		const mlcap_plan_nodes *n = &s->nodes[i];
		char b[7][64];
		const char *cells[7];
		int k;
		if (n->existing)
			continue;
		snprintf(b[0], 64, "%s", n->pool);
		snprintf(b[1], 64, "%s%s", n->instance_type,
			 n->min_nodes_filler ? " (minNodes)" : "");
		snprintf(b[2], 64, "%s", n->purchase);
		snprintf(b[3], 64, "%lld", (long long)n->count);
		snprintf(b[4], 64, "%lld", (long long)n->pods);
		mlcap_money_format_exact(b[5], 64, n->usd_nanos);
		mlcap_doc__usd(b[6], 64, n->monthly_nanos);
		for (k = 0; k < 7; k++)
			cells[k] = b[k];
		mlcap_table__row(&t, cells);
	}
	mlcap_doc__table(o, &t);
}

static void unsched_table(mlcap_doc *o, const mlcap_check *c)
{
	const mlcap_plan_scenario *s = c->max;
	mlcap_table t;
	size_t i;

	mlcap_doc__heading(o, "Does not fit");
	mlcap_table__init(&t, "WORKLOAD|KIND|>PODS|REASON|LOCATION");
	for (i = 0; i < s->n_unsched; i++) {
		const mlcap_plan_unsched *u = &s->unsched[i];
		char b[5][512];
		const char *cells[5];
		int k;
		mlcap_plan_workload_key(b[0], sizeof(b[0]), u->namespace,
					u->name, u->component);
		snprintf(b[1], sizeof(b[1]), "%s", u->kind);
		snprintf(b[2], sizeof(b[2]), "%lld", (long long)u->pods);
		snprintf(b[3], sizeof(b[3]), "%s", u->reason);
		snprintf(b[4], sizeof(b[4]), "%s:%u",
			 u->loc.file ? u->loc.file : "-", u->loc.line);
		for (k = 0; k < 5; k++)
			cells[k] = b[k];
		mlcap_table__row(&t, cells);
	}
	mlcap_doc__table(o, &t);
}

static void quota_table(mlcap_doc *o, const mlcap_check *c)
{
	mlcap_table t;
	size_t i;

	mlcap_doc__heading(o, "ResourceQuotas (in use + added at the HPA "
			      "maximum)");
	mlcap_table__init(&t, "NAMESPACE|QUOTA|RESOURCE|>IN USE|>ADDED|>TOTAL|"
			      ">HARD|STATUS");
	for (i = 0; i < c->n_quotas; i++) {
		const mlcap_check_quota *q = &c->quotas[i];
		char b[8][160];
		const char *cells[8];
		int k;
		snprintf(b[0], 160, "%s", q->namespace);
		snprintf(b[1], 160, "%s", q->quota);
		snprintf(b[2], 160, "%s", q->resource);
		if (q->rejects) {
			for (k = 3; k < 7; k++)
				snprintf(b[k], 160, "-");
			snprintf(b[7], 160, "REJECTS %s (no %s)", q->rejects,
				 q->resource);
		} else {
			quota_qty(b[3], 160, q->resource, q->used);
			quota_qty(b[4], 160, q->resource, q->added);
			quota_qty(b[5], 160, q->resource, q->used + q->added);
			quota_qty(b[6], 160, q->resource, q->hard);
			snprintf(b[7], 160, "%s",
				 q->exceeded ? "EXCEEDED" : "ok");
		}
		for (k = 0; k < 8; k++)
			cells[k] = b[k];
		mlcap_table__row(&t, cells);
	}
	mlcap_doc__table(o, &t);
}

static void diff_row(mlcap_table *t, const mlcap_check_diff *r)
{
	char b[7][96];
	const char *cells[7];
	int k, s;

	snprintf(b[0], 96, "%s", r->key);
	for (s = 0; s < 2; s++) {
		usd_or_dash(b[1 + 3 * s], 96, r->old_nanos[s]);
		usd_or_dash(b[2 + 3 * s], 96, r->new_nanos[s]);
		delta(b[3 + 3 * s], 96, r->old_nanos[s], r->new_nanos[s]);
	}
	for (k = 0; k < 7; k++)
		cells[k] = b[k];
	mlcap_table__row(t, cells);
}

static void diff_table(mlcap_doc *o, const mlcap_check *c)
{
	mlcap_table t;
	size_t i;

	mlcap_doc__heading(o, "Monthly cost: baseline -> change");
	mlcap_table__init(&t, "WORKLOAD|>MIN BEFORE|>MIN AFTER|>MIN CHANGE|"
			      ">MAX BEFORE|>MAX AFTER|>MAX CHANGE");
	for (i = 0; i < c->n_diff; i++)
		if (c->diff[i].old_nanos[0] != c->diff[i].new_nanos[0] ||
		    c->diff[i].old_nanos[1] != c->diff[i].new_nanos[1])
			diff_row(&t, &c->diff[i]);
	diff_row(&t, &c->total);
	mlcap_doc__table(o, &t);
	fprintf(o->out,
		"%sworkloads whose cost is unchanged are not listed; the "
		"total includes idle capacity and the control plane\n",
		o->md ? "\n" : "  ");
}

static void verdict(mlcap_doc *o, const mlcap_check *c)
{
	char inc[48];
	size_t i;
	const char *sep = "";

	fprintf(o->out, "\n%s", o->md ? "**" : "");
	fprintf(o->out, "%s", mlcap_check_failed(c) ? "FAIL" : "OK");
	fprintf(o->out, "%s", o->md ? "**" : "");
	if (c->unschedulable) {
		fprintf(o->out, ": %lld pod%s do%s not fit",
			(long long)c->unschedulable,
			c->unschedulable == 1 ? "" : "s",
			c->unschedulable == 1 ? "es" : "");
		sep = ";";
	}
	for (i = 0; i < c->n_quotas; i++)
		if (c->quotas[i].exceeded) {
			fprintf(o->out, "%s ResourceQuota %s/%s %s %s",
				*sep ? sep : ":", c->quotas[i].namespace,
				c->quotas[i].quota, c->quotas[i].resource,
				c->quotas[i].rejects ? "rejects a workload"
						     : "exceeded");
			sep = ";";
		}
	signed_usd(inc, sizeof(inc), c->increase_nanos);
	if (c->increase_exceeded) {
		char lim[64], share[48] = "";
		if (c->limit_nanos >= 0 && c->increase_nanos > c->limit_nanos)
			mlcap_doc__usd(lim, sizeof(lim), c->limit_nanos);
		else {
			mlcap_doc__percent_ppm(share, sizeof(share),
					       c->limit_ppm);
			snprintf(lim, sizeof(lim), "%s%%", share);
		}
		share[0] = '\0';
		if (c->increase_base_nanos > 0) {
			char p[32];
			int64_t ppm = 0;
			mlcap_money_muldiv(&ppm, c->increase_nanos, 1000000,
					   c->increase_base_nanos);
			mlcap_doc__percent_ppm(p, sizeof(p), ppm);
			snprintf(share, sizeof(share), " (%s%%)", p);
		}
		fprintf(o->out,
			"%s the monthly cost changes by %s%s, past "
			"--max-increase %s",
			*sep ? sep : ":", inc, share, lim);
		sep = ";";
	}
	if (c->labels_failed) {
		fprintf(o->out, "%s cost labels fail the policy",
			*sep ? sep : ":");
		sep = ";";
	}
	for (i = 0; c->budgets && i < c->budgets->n_alerts; i++)
		if (c->budgets->alerts[i].severity == MLCAP_ERROR) {
			fprintf(o->out,
				"%s budget %s is over 100%% at declared "
				"replicas",
				*sep ? sep : ":",
				c->budgets->alerts[i].status->budget->name);
			sep = ";";
		}
	if (!mlcap_check_failed(c))
		fprintf(o->out, ": everything fits; monthly cost change %s",
			inc);
	fputc('\n', o->out);
}

static int check_text(FILE *out, const mlcap_check *c, bool md, bool color)
{
	mlcap_doc o = {out, md, color && !md, 0};
	const mlcap_plan *p = &c->plan;
	char added[48];
	size_t i, existing = 0;

	if (md)
		fprintf(out, "# mlcap pre-deploy check\n\n");
	mlcap_doc__usd(added, sizeof(added), c->added_monthly_nanos);
	fprintf(out, "%s%s %s, %s prices: %lld new pods at the HPA maximum\n",
		md ? "" : "CHECK ", p->provider, p->region, p->purchase,
		(long long)c->new_pods);
	if (p->cluster_nodes || p->cordoned_nodes)
		fprintf(out,
			"%s%lld on the cluster's %zu schedulable nodes (%zu "
			"cordoned; %lld running pods counted)\n",
			md ? "- " : "  ", (long long)c->placed_existing,
			p->cluster_nodes, p->cordoned_nodes,
			(long long)p->running_pods);
	fprintf(out, "%s%lld on %lld added nodes, %s/month\n", md ? "- " : "  ",
		(long long)c->placed_new, (long long)c->added_nodes, added);
	fprintf(out, "%s%lld do not fit\n", md ? "- " : "  ",
		(long long)c->unschedulable);
	for (i = 0; i < c->max->n_nodes; i++)
		existing += c->max->nodes[i].existing;
	if (existing)
		cluster_table(&o, c);
	if (c->added_nodes)
		added_table(&o, c);
	if (c->max->n_unsched)
		unsched_table(&o, c);
	if (c->n_quotas)
		quota_table(&o, c);
	if (c->has_baseline)
		diff_table(&o, c);
	if (c->labels && c->policy) {
		mlcap_doc__heading(&o, "Cost labels");
		mlcap_render__labels_doc(&o, c->labels, c->policy);
	}
	if (c->budgets)
		mlcap_render__budgets_doc(&o, c->budgets);
	verdict(&o, c);
	if (o.err)
		return o.err;
	return ferror(out) ? MLCAP_EIO : 0;
}

/* ---- GitHub workflow commands ---- */

static int check_github(FILE *out, const mlcap_check *c, const mlcap_diags *d)
{
	char msg[2048], title[512], u[48];
	size_t i;

	mlcap_render__github_diags(out, d);
	for (i = 0; i < c->max->n_unsched; i++) {
		const mlcap_plan_unsched *un = &c->max->unsched[i];
		snprintf(title, sizeof(title), "does not fit: %s/%s%s%s",
			 un->namespace, un->name, un->component ? "/" : "",
			 un->component ? un->component : "");
		snprintf(msg, sizeof(msg), "%lld pod%s of %s %s: %s",
			 (long long)un->pods, un->pods == 1 ? "" : "s",
			 un->kind, un->name, un->reason);
		mlcap_render__github(out, MLCAP_ERROR, &un->loc, title, msg);
	}
	for (i = 0; i < c->n_quotas; i++) {
		const mlcap_check_quota *q = &c->quotas[i];
		if (!q->exceeded)
			continue;
		snprintf(title, sizeof(title), "ResourceQuota %s/%s %s",
			 q->namespace, q->quota, q->resource);
		if (q->rejects)
			snprintf(msg, sizeof(msg),
				 "%s is rejected: it sets no request or limit "
				 "for %s",
				 q->rejects, q->resource);
		else
			snprintf(msg, sizeof(msg),
				 "%s: %lld used + %lld added > hard %lld",
				 q->resource, (long long)q->used,
				 (long long)q->added, (long long)q->hard);
		mlcap_render__github(out, MLCAP_ERROR, &q->loc, title, msg);
	}
	if (c->labels)
		mlcap_render__labels_github(out, c->labels);
	for (i = 0; c->budgets && i < c->budgets->n_alerts; i++) {
		const mlcap_budget_alert *a = &c->budgets->alerts[i];
		snprintf(title, sizeof(title), "budget %s: %s",
			 a->status->budget->name,
			 mlcap_budget_basis_name(a->basis));
		mlcap_render__budget_alert_text(msg, sizeof(msg), a);
		mlcap_render__github(out, a->severity, &a->status->budget->loc,
				     title, msg);
	}
	if (c->labels)
		mlcap_render__labels_summary(out, c->labels);
	mlcap_doc__usd(u, sizeof(u), c->added_monthly_nanos);
	snprintf(msg, sizeof(msg),
		 "%s: %lld new pods at the HPA maximum, %lld do not fit; "
		 "%lld added nodes, %s/month",
		 mlcap_check_failed(c) ? "FAIL" : "OK", (long long)c->new_pods,
		 (long long)c->unschedulable, (long long)c->added_nodes, u);
	mlcap_render__github(out,
			     mlcap_check_failed(c) ? MLCAP_ERROR : MLCAP_NOTE,
			     NULL, "mlcap check", msg);
	return ferror(out) ? MLCAP_EIO : 0;
}

int mlcap_render_check(FILE *out, const mlcap_check *c, const mlcap_diags *d,
		       mlcap_format f, const mlcap_render_opts *o)
{
	switch (f) {
	case MLCAP_FORMAT_JSON: return check_json(out, c, d);
	case MLCAP_FORMAT_GITHUB: return check_github(out, c, d);
	case MLCAP_FORMAT_SARIF:
		if (!c->labels || !c->policy)
			return MLCAP_EINTERNAL; /* the CLI asks for --labels */
		return mlcap_render__labels_sarif(out, c->labels, c->policy, d);
	case MLCAP_FORMAT_MARKDOWN: return check_text(out, c, true, false);
	default: return check_text(out, c, false, o && o->color);
	}
}
