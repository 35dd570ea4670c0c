/*
 * render_plan.c - a capacity plan for people (text, Markdown for a pull
 * request or review), for machines (JSON, schema in README) and for
 * spreadsheets (CSV of the nodes). Dollars are exact nano-dollar sums;
 * text rounds to cents, JSON prints the exact decimal.
 */
#include <inttypes.h>
#include <string.h>
#include "csv.h"
#include "json_out.h"
#include "mlcap/money.h"
#include "mlcap/plan.h"
#include "mlcap/quantity.h"
#include "mlcap/render.h"
#include "render_doc.h"
#include "banned.h"

static void exact(char *buf, size_t n, int64_t nanos)
{
	mlcap_money_format_exact(buf, n, nanos);
}

static void hours(char *buf, size_t n, int64_t milli)
{
	if (milli % 1000 == 0)
		snprintf(buf, n, "%lld", (long long)(milli / 1000));
	else
		snprintf(buf, n, "%lld.%03lld", (long long)(milli / 1000),
			 (long long)(milli % 1000));
}

/* The first accelerator dimension nodes of this entry have. */
static long accel_dim(const mlcap_plan *p, const mlcap_plan_nodes *n)
{
	size_t d;
	for (d = 3; d < p->n_dims; d++)
		if (n->alloc[d] > 0)
			return (long)d;
	return -1;
}

/* ---- JSON ---- */

static void alloc_json(mlcap_jw *w, const char *key, const mlcap_plan_alloc *a,
		       size_t n)
{
	size_t i;
	mlcap_jw__key(w, key);
	mlcap_jw__arr(w);
	for (i = 0; i < n; i++) {
		mlcap_jw__obj(w);
		mlcap_doc__jw_usd(w, "cpu_memory_monthly_usd",
				  a[i].cpu_mem_nanos);
		mlcap_doc__jw_usd(w, "gpu_monthly_usd", a[i].gpu_nanos);
		mlcap_jw__kstr(w, "key", a[i].key);
		mlcap_doc__jw_usd(w, "monthly_usd", a[i].monthly_nanos);
		mlcap_jw__kint(w, "pods", a[i].pods);
		mlcap_jw__end_obj(w);
	}
	mlcap_jw__end_arr(w);
}

static void dims_json(mlcap_jw *w, const mlcap_plan *p, const char *key,
		      const int64_t *v, bool skip_zero)
{
	size_t d;
	mlcap_jw__key(w, key);
	mlcap_jw__obj(w);
	for (d = 0; d < p->n_dims; d++)
		if (!skip_zero || v[d])
			mlcap_jw__kint(w, p->dims[d], v[d]);
	mlcap_jw__end_obj(w);
}

static void node_json(mlcap_jw *w, const mlcap_plan *p,
		      const mlcap_plan_nodes *n)
{
	char b[48];
	mlcap_jw__obj(w);
	dims_json(w, p, "allocatable", n->alloc, false);
	mlcap_jw__kint(w, "count", n->count);
	mlcap_jw__kint(w, "gpus", n->gpus);
	mlcap_jw__kstr(w, "gpu_model", n->gpu_model);
	mlcap_doc__jw_usd(w, "gpu_usd_per_hour", n->gpu_nanos);
	hours(b, sizeof(b), n->hours_milli);
	mlcap_jw__key(w, "hours_per_month");
	mlcap_jw__number_text(w, b);
	mlcap_jw__kstr(w, "instance_type", n->instance_type);
	mlcap_jw__kint(w, "memory_bytes", n->memory_bytes);
	mlcap_jw__key(w, "min_nodes_filler");
	mlcap_jw__bool(w, n->min_nodes_filler);
	mlcap_doc__jw_usd(w, "monthly_usd", n->monthly_nanos);
	mlcap_jw__kstr(w, "pool", n->pool);
	mlcap_jw__kstr(w, "purchase", n->purchase);
	mlcap_jw__key(w, "stranded");
	mlcap_jw__obj(w);
	mlcap_jw__kstr(w, "full_dimension", n->stranded_by);
	mlcap_doc__jw_usd(w, "monthly_usd", n->stranded_monthly_nanos);
	mlcap_jw__kint(w, "nodes", n->stranded_nodes);
	dims_json(w, p, "resources", n->stranded, true);
	mlcap_jw__end_obj(w);
	mlcap_doc__jw_usd(w, "usd_per_hour", n->usd_nanos);
	dims_json(w, p, "used", n->used, false);
	mlcap_jw__kint(w, "vcpu", n->vcpu);
	mlcap_jw__end_obj(w);
}

static void scenario_json(mlcap_jw *w, const mlcap_plan *p,
			  const mlcap_plan_scenario *s)
{
	char b[48];
	size_t i;

	mlcap_jw__obj(w);
	mlcap_jw__key(w, "allocation");
	mlcap_jw__obj(w);
	if (p->by) {
		mlcap_jw__kstr(w, "by", p->by);
		alloc_json(w, "by_label", s->alloc_by, s->n_alloc_by);
	}
	mlcap_doc__jw_usd(w, "idle_monthly_usd", s->idle_monthly_nanos);
	alloc_json(w, "namespaces", s->alloc_namespaces, s->n_alloc_namespaces);
	alloc_json(w, "workloads", s->alloc_workloads, s->n_alloc_workloads);
	mlcap_jw__end_obj(w);
	mlcap_jw__key(w, "batch");
	mlcap_jw__arr(w);
	for (i = 0; i < s->n_batch; i++) {
		const mlcap_plan_batch *bt = &s->batch[i];
		mlcap_jw__obj(w);
		mlcap_jw__kstr(w, "basis", bt->basis);
		mlcap_jw__kstr(w, "component", bt->component);
		hours(b, sizeof(b), bt->hours_milli);
		mlcap_jw__key(w, "hours_per_month");
		mlcap_jw__number_text(w, b);
		mlcap_jw__kstr(w, "kind", bt->kind);
		mlcap_doc__jw_usd(w, "monthly_usd", bt->monthly_nanos);
		mlcap_jw__kstr(w, "name", bt->name);
		mlcap_jw__kstr(w, "namespace", bt->namespace);
		mlcap_jw__key(w, "pods");
		mlcap_jw__int(w, bt->pods);
		mlcap_jw__key(w, "pods_placed");
		mlcap_jw__int(w, bt->pods_placed);
		mlcap_doc__jw_usd(w, "run_usd", bt->run_cost_nanos);
		mlcap_jw__key(w, "run_seconds");
		if (bt->run_seconds < 0)
			mlcap_jw__null(w);
		else
			mlcap_jw__int(w, bt->run_seconds);
		mlcap_jw__key(w, "runs_per_month");
		if (bt->runs_micros < 0)
			mlcap_jw__null(w);
		else {
			exact(b, sizeof(b), bt->runs_micros * 1000);
			mlcap_jw__number_text(w, b);
		}
		mlcap_jw__end_obj(w);
	}
	mlcap_jw__end_arr(w);
	mlcap_doc__jw_usd(w, "control_plane_monthly_usd",
			  s->control_plane_monthly_nanos);
	mlcap_doc__jw_usd(w, "cpu_memory_monthly_usd",
			  s->cpu_mem_monthly_nanos);
	mlcap_doc__jw_pct_ppm(w, "gap_percent", s->gap_ppm);
	mlcap_doc__jw_usd(w, "gpu_monthly_usd", s->gpu_monthly_nanos);
	mlcap_doc__jw_usd(w, "lower_bound_monthly_usd",
			  s->lower_bound_monthly_nanos);
	mlcap_doc__jw_usd(w, "monthly_usd", s->monthly_nanos);
	mlcap_jw__kstr(w, "name", mlcap_scenario_name(s->scenario));
	mlcap_jw__key(w, "nodes");
	mlcap_jw__arr(w);
	for (i = 0; i < s->n_nodes; i++)
		node_json(w, p, &s->nodes[i]);
	mlcap_jw__end_arr(w);
	mlcap_jw__kint(w, "pods", s->pods);
	mlcap_jw__kint(w, "pods_placed", s->pods_placed);
	mlcap_doc__jw_usd(w, "stranded_monthly_usd", s->stranded_monthly_nanos);
	mlcap_jw__key(w, "unschedulable");
	mlcap_jw__arr(w);
	for (i = 0; i < s->n_unsched; i++) {
		const mlcap_plan_unsched *u = &s->unsched[i];
		mlcap_jw__obj(w);
		mlcap_jw__kstr(w, "component", u->component);
		mlcap_jw__kstr(w, "file", u->loc.file);
		mlcap_jw__kstr(w, "kind", u->kind);
		mlcap_jw__kint(w, "line", u->loc.line);
		mlcap_jw__kstr(w, "name", u->name);
		mlcap_jw__kstr(w, "namespace", u->namespace);
		mlcap_jw__kint(w, "pods", u->pods);
		mlcap_jw__kstr(w, "reason", u->reason);
		mlcap_jw__end_obj(w);
	}
	mlcap_jw__end_arr(w);
	mlcap_jw__end_obj(w);
}

static int plan_json(FILE *out, const mlcap_plan *p, const mlcap_diags *d)
{
	mlcap_jw w;
	size_t i;

	mlcap_jw__init(&w, out);
	mlcap_jw__obj(&w);
	mlcap_jw__diags(&w, d);
	mlcap_jw__key(&w, "dimensions");
	mlcap_jw__arr(&w);
	for (i = 0; i < p->n_dims; i++)
		mlcap_jw__str(&w, p->dims[i]);
	mlcap_jw__end_arr(&w);
	mlcap_jw__key(&w, "scenarios");
	mlcap_jw__arr(&w);
	for (i = 0; i < p->n_scenarios; i++)
		scenario_json(&w, p, &p->scenarios[i]);
	mlcap_jw__end_arr(&w);
	mlcap_jw__kint(&w, "schema_version", MLCAP_PLAN_SCHEMA);
	mlcap_jw__key(&w, "settings");
	mlcap_jw__obj(&w);
	mlcap_jw__kint(&w, "candidates", (int64_t)p->n_candidates);
	mlcap_jw__kstr(&w, "control_plane", p->control_plane);
	mlcap_doc__jw_usd(&w, "control_plane_usd_per_hour",
			  p->control_plane_nanos);
	mlcap_jw__kstr(&w, "provider", p->provider);
	mlcap_jw__kstr(&w, "purchase", p->purchase);
	mlcap_jw__key(&w, "rates");
	mlcap_jw__obj(&w);
	mlcap_jw__kstr(&w, "basis", p->rates_basis);
	mlcap_doc__jw_usd(&w, "cpu_usd_per_vcpu_hour",
			  p->rates_known ? p->rates.cpu_nanos : -1);
	mlcap_doc__jw_usd(&w, "memory_usd_per_gib_hour",
			  p->rates_known ? p->rates.mem_nanos : -1);
	mlcap_jw__end_obj(&w);
	mlcap_jw__kstr(&w, "region", p->region);
	mlcap_jw__kstr(&w, "reserved",
		       p->reserved_provider ? "provider" : "none");
	mlcap_jw__end_obj(&w);
	mlcap_jw__end_obj(&w);
	return mlcap_jw__finish(&w);
}

/* ---- text and Markdown ---- */

static void nodes_table(mlcap_doc *o, const mlcap_plan *p,
			const mlcap_plan_scenario *s)
{
	mlcap_table t;
	size_t i;

	mlcap_table__init(&t, "POOL|INSTANCE-TYPE|PURCHASE|>NODES|>HOURS/MO|"
			      ">USD/HOUR|>USD/MONTH|>CPU|>MEMORY|>PODS|"
			      ">ACCELERATORS");
	for (i = 0; i < s->n_nodes; i++) {
		const mlcap_plan_nodes *n = &s->nodes[i];
		char c[11][64];
		const char *cells[11];
		long a = accel_dim(p, n);
		int k;
		snprintf(c[0], 64, "%s", n->pool);
		snprintf(c[1], 64, "%s%s", n->instance_type,
			 n->min_nodes_filler ? " (minNodes)" : "");
		snprintf(c[2], 64, "%s", n->purchase);
		snprintf(c[3], 64, "%lld", (long long)n->count);
		hours(c[4], 64, n->hours_milli);
		exact(c[5], 64, n->usd_nanos);
		mlcap_doc__usd(c[6], 64, n->monthly_nanos);
		mlcap_doc__pct(c[7], 64, n->used[0], n->alloc[0]);
		mlcap_doc__pct(c[8], 64, n->used[1], n->alloc[1]);
		mlcap_doc__pct(c[9], 64, n->used[2], n->alloc[2]);
		if (a >= 0)
			snprintf(c[10], 64, "%lld/%lld %s",
				 (long long)n->used[a], (long long)n->alloc[a],
				 p->dims[a]);
		else
			snprintf(c[10], 64, "-");
		for (k = 0; k < 11; k++)
			cells[k] = c[k];
		mlcap_table__row(&t, cells);
	}
	mlcap_doc__table(o, &t);
}

/* Each node type's price split, as arithmetic a reader can redo. */
static void split_lines(mlcap_doc *o, const mlcap_plan *p,
			const mlcap_plan_scenario *s)
{
	size_t i, j;
	char cr[32], mr[32];

	if (!p->rates_known) {
		fprintf(o->out,
			"%sno CPU/memory unit rates: accelerator nodes "
			"count as GPU spend whole\n",
			o->md ? "" : "  ");
		return;
	}
	exact(cr, sizeof(cr), p->rates.cpu_nanos);
	exact(mr, sizeof(mr), p->rates.mem_nanos);
	fprintf(o->out,
		"%sunit rates (%s): $%s per vCPU-hour, $%s per GiB-hour; on "
		"GPU nodes, price - (vCPU x cpu rate + GiB x memory rate) is "
		"GPU spend\n",
		o->md ? "" : "  ", p->rates_basis, cr, mr);
	for (i = 0; i < s->n_nodes; i++) {
		const mlcap_plan_nodes *n = &s->nodes[i];
		char price[32], gpu[32], cm[32];
		bool seen = false;
		if (n->gpu_nanos <= 0)
			continue;
		for (j = 0; j < i; j++)
			seen |= strcmp(s->nodes[j].instance_type,
				       n->instance_type) == 0;
		if (seen)
			continue;
		exact(price, sizeof(price), n->usd_nanos);
		exact(cm, sizeof(cm), n->usd_nanos - n->gpu_nanos);
		exact(gpu, sizeof(gpu), n->gpu_nanos);
		fprintf(o->out,
			"%s%s: %s - (%lld x %s + %lld x %s = %s) = %s GPU "
			"$/hour\n",
			o->md ? "- " : "    ", n->instance_type, price,
			(long long)n->vcpu, cr,
			(long long)(n->memory_bytes >> 30), mr, cm, gpu);
	}
}

static void stranded_lines(mlcap_doc *o, const mlcap_plan *p,
			   const mlcap_plan_scenario *s)
{
	size_t i, d;
	bool any = false;

	for (i = 0; i < s->n_nodes; i++) {
		const mlcap_plan_nodes *n = &s->nodes[i];
		char m[32], v[32];
		if (!n->stranded_nodes)
			continue;
		if (!any)
			mlcap_doc__heading(
			    o, "STRANDED CAPACITY (free, but no pod fits "
			       "because another resource is full)");
		any = true;
		mlcap_doc__usd(m, sizeof(m), n->stranded_monthly_nanos);
		fprintf(o->out, "%s%s %s: %lld of %lld nodes, %s full; left:",
			o->md ? "- " : "  ", n->pool, n->instance_type,
			(long long)n->stranded_nodes, (long long)n->count,
			n->stranded_by);
		for (d = 0; d < p->n_dims; d++)
			if (n->stranded[d]) {
				mlcap_format_resource(v, sizeof(v), p->dims[d],
						      n->stranded[d]);
				fprintf(o->out, " %s %s", v, p->dims[d]);
			}
		fprintf(o->out, " (%s/mo)\n", m);
	}
}

static void alloc_table_out(mlcap_doc *o, const char *title, const char *col,
			    const mlcap_plan_alloc *a, size_t n, int64_t idle,
			    int64_t total)
{
	mlcap_table t;
	char spec[128];
	size_t i;

	if (!n)
		return;
	mlcap_doc__heading(o, title);
	snprintf(spec, sizeof(spec),
		 "%s|>PODS|>USD/MONTH|>GPU|>CPU+MEMORY|>SHARE", col);
	mlcap_table__init(&t, spec);
	for (i = 0; i <= n; i++) {
		char c[6][64];
		const char *cells[6];
		int64_t m = i < n ? a[i].monthly_nanos : idle;
		int k;
		snprintf(c[0], 64, "%s", i < n ? a[i].key : "(idle)");
		if (i < n)
			snprintf(c[1], 64, "%lld", (long long)a[i].pods);
		else
			snprintf(c[1], 64, "-");
		mlcap_doc__usd(c[2], 64, m);
		if (i < n) {
			mlcap_doc__usd(c[3], 64, a[i].gpu_nanos);
			mlcap_doc__usd(c[4], 64, a[i].cpu_mem_nanos);
		} else {
			snprintf(c[3], 64, "-");
			snprintf(c[4], 64, "-");
		}
		mlcap_doc__pct(c[5], 64, m, total);
		for (k = 0; k < 6; k++)
			cells[k] = c[k];
		mlcap_table__row(&t, cells);
	}
	mlcap_doc__table(o, &t);
}

static void scenario_text(mlcap_doc *o, const mlcap_plan *p,
			  const mlcap_plan_scenario *s)
{
	char tot[32], gpu[32], cm[32], cp[32], lb[32], gap[64], idle[32],
	    str[32], who[600], title[128];
	int64_t nodes_total =
	    s->monthly_nanos - (s->control_plane_monthly_nanos > 0
				    ? s->control_plane_monthly_nanos
				    : 0);
	size_t i;

	mlcap_doc__usd(tot, sizeof(tot), s->monthly_nanos);
	mlcap_doc__usd(gpu, sizeof(gpu), s->gpu_monthly_nanos);
	mlcap_doc__usd(cm, sizeof(cm), s->cpu_mem_monthly_nanos);
	mlcap_doc__usd(cp, sizeof(cp), s->control_plane_monthly_nanos);
	mlcap_doc__usd(lb, sizeof(lb), s->lower_bound_monthly_nanos);
	if (s->gap_ppm >= 0) {
		char pct[32];
		mlcap_doc__pct_ppm(pct, sizeof(pct), s->gap_ppm);
		snprintf(gap, sizeof(gap), "gap %s over it", pct);
	} else
		snprintf(gap, sizeof(gap), "%s",
			 s->bound_incomparable
			     ? "gap unknown: maxNodes left out pods it counts"
			     : "gap unknown");
	mlcap_doc__usd(idle, sizeof(idle), s->idle_monthly_nanos);
	mlcap_doc__usd(str, sizeof(str), s->stranded_monthly_nanos);
	if (o->md)
		fprintf(o->out, "\n## Scenario `%s`: %s/month\n\n",
			mlcap_scenario_name(s->scenario), tot);
	else
		fprintf(o->out, "\n%sSCENARIO %s: %s/month%s\n",
			o->color ? "\033[1m" : "",
			mlcap_scenario_name(s->scenario), tot,
			o->color ? "\033[0m" : "");
	fprintf(o->out,
		"%s%lld pods, %lld placed; GPU %s + CPU/memory %s + control "
		"plane %s\n",
		o->md ? "- " : "  ", (long long)s->pods,
		(long long)s->pods_placed, gpu, cm, cp);
	fprintf(o->out,
		"%slower bound %s/month, %s; idle %s/month; "
		"stranded %s/month\n",
		o->md ? "- " : "  ", lb, gap, idle, str);
	mlcap_doc__heading(o, "NODES");
	if (s->n_nodes)
		nodes_table(o, p, s);
	else
		fprintf(o->out, "  none\n");
	mlcap_doc__heading(o, "GPU VS CPU/MEMORY SPLIT");
	split_lines(o, p, s);
	stranded_lines(o, p, s);
	if (s->n_unsched) {
		mlcap_doc__heading(o, "UNSCHEDULABLE");
		for (i = 0; i < s->n_unsched; i++) {
			const mlcap_plan_unsched *u = &s->unsched[i];
			fprintf(o->out, "%s%s (%s) %lld pods: %s [%s:%u]\n",
				o->md ? "- " : "  ",
				mlcap_plan_workload_key(who, sizeof(who),
							u->namespace, u->name,
							u->component),
				u->kind, (long long)u->pods, u->reason,
				u->loc.file, u->loc.line);
		}
	}
	alloc_table_out(o, "ALLOCATION BY NAMESPACE", "NAMESPACE",
			s->alloc_namespaces, s->n_alloc_namespaces,
			s->idle_monthly_nanos, nodes_total);
	if (p->by) {
		snprintf(title, sizeof(title), "ALLOCATION BY LABEL %s", p->by);
		alloc_table_out(o, title, "VALUE", s->alloc_by, s->n_alloc_by,
				s->idle_monthly_nanos, nodes_total);
	}
	alloc_table_out(o, "ALLOCATION BY WORKLOAD", "WORKLOAD",
			s->alloc_workloads, s->n_alloc_workloads,
			s->idle_monthly_nanos, nodes_total);
	if (s->n_batch) {
		mlcap_doc__heading(o, "BATCH WORK (per run and per month)");
		for (i = 0; i < s->n_batch; i++) {
			const mlcap_plan_batch *b = &s->batch[i];
			char h[32], run[32], mon[32];
			hours(h, sizeof(h), b->hours_milli);
			mlcap_doc__usd(run, sizeof(run), b->run_cost_nanos);
			mlcap_doc__usd(mon, sizeof(mon), b->monthly_nanos);
			fprintf(o->out,
				"%s%s (%s): %s h/month (%s); %s per run, "
				"%s/month",
				o->md ? "- " : "  ",
				mlcap_plan_workload_key(who, sizeof(who),
							b->namespace, b->name,
							b->component),
				b->kind, h, b->basis, run, mon);
			/* Unplaced pods have no node, so no cost: say so
			 * rather than let $0.00 read as free. */
			if (b->pods_placed < b->pods)
				fprintf(o->out,
					"; %" PRId64 " of %" PRId64
					" pods not placed, not counted",
					b->pods - b->pods_placed, b->pods);
			fputc('\n', o->out);
		}
	}
}

static int plan_text(FILE *out, const mlcap_plan *p, bool md, bool color)
{
	mlcap_doc o = {out, md, color && !md, 0};
	char fee[32];
	size_t i;

	mlcap_doc__usd(fee, sizeof(fee),
		       p->control_plane_nanos < 0
			   ? -1
			   : p->control_plane_nanos * MLCAP_HOURS_PER_MONTH);
	if (md)
		fprintf(out, "# mlcap capacity plan\n\n");
	fprintf(out,
		"%s%s %s, %s prices, control plane %s (%s/month), reserved: "
		"%s, %zu candidate node types\n",
		md ? "" : "PLAN ", p->provider, p->region, p->purchase,
		p->control_plane, fee,
		p->reserved_provider ? "provider" : "none", p->n_candidates);
	for (i = 0; i < p->n_scenarios; i++)
		scenario_text(&o, p, &p->scenarios[i]);
	if (o.err)
		return o.err;
	return ferror(out) ? MLCAP_EIO : 0;
}

/* ---- CSV: one row per scenario and node entry ---- */

static int plan_csv(FILE *out, const mlcap_plan *p)
{
	size_t i, j;
	fputs("scenario,pool,instance_type,purchase,count,hours_per_month,"
	      "usd_per_hour,gpu_usd_per_hour,monthly_usd\n",
	      out);
	for (i = 0; i < p->n_scenarios; i++) {
		const mlcap_plan_scenario *s = &p->scenarios[i];
		for (j = 0; j < s->n_nodes; j++) {
			const mlcap_plan_nodes *n = &s->nodes[j];
			char h[32], pr[32], g[32], m[32];
			hours(h, sizeof(h), n->hours_milli);
			exact(pr, sizeof(pr), n->usd_nanos);
			exact(g, sizeof(g), n->gpu_nanos);
			exact(m, sizeof(m), n->monthly_nanos);
			char cnt[24];
			const char *row[9];
			size_t k;
			snprintf(cnt, sizeof(cnt), "%lld", (long long)n->count);
			row[0] = mlcap_scenario_name(s->scenario);
			row[1] = n->pool;
			row[2] = n->instance_type;
			row[3] = n->purchase;
			row[4] = cnt;
			row[5] = h;
			row[6] = pr;
			row[7] = g;
			row[8] = m;
			for (k = 0; k < 9; k++)
				mlcap_csv__write_field(out, row[k], k == 8);
		}
	}
	return ferror(out) ? MLCAP_EIO : 0;
}

int mlcap_render_plan(FILE *out, const mlcap_plan *p, const mlcap_diags *d,
		      mlcap_format f, const mlcap_render_opts *o)
{
	switch (f) {
	case MLCAP_FORMAT_JSON: return plan_json(out, p, d);
	case MLCAP_FORMAT_CSV: return plan_csv(out, p);
	case MLCAP_FORMAT_MARKDOWN: return plan_text(out, p, true, false);
	default: return plan_text(out, p, false, o && o->color);
	}
}
