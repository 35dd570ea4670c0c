/*
 * render_inventory.c - the inventory in two forms: a kubectl-style table
 * for people and a versioned JSON document for machines (documented in
 * README.md). Reads a resolved set; never parses or computes.
 */
#include <stdlib.h>
#include <string.h>
#include "set.h"
#include "json_out.h"
#include "table.h"
#include "banned.h"

/* ---- JSON ---- */

static int cmp_kv(const void *a, const void *b)
{
	const mlcap_kv *x = *(const mlcap_kv *const *)a;
	const mlcap_kv *y = *(const mlcap_kv *const *)b;
	int c = strcmp(x->key, y->key);
	/* Equal keys keep document order, so the last one is written last. */
	return c ? c : (x < y ? -1 : x > y);
}

static void kvs_json(mlcap_jw *w, const char *key, const mlcap_kvs *m)
{
	const mlcap_kv *stack[32], **sorted = stack;
	uint32_t i;

	mlcap_jw__key(w, key);
	mlcap_jw__obj(w);
	if (m->count > 32 &&
	    !(sorted = mlcap_mem__alloc(m->count * sizeof(*sorted)))) {
		w->err = MLCAP_ENOMEM;
		mlcap_jw__end_obj(w);
		return;
	}
	for (i = 0; i < m->count; i++)
		sorted[i] = &m->items[i];
	qsort(sorted, m->count, sizeof(*sorted), cmp_kv);
	for (i = 0; i < m->count; i++)
		/* Duplicate keys: Kubernetes keeps the last value. */
		if (i + 1 == m->count ||
		    strcmp(sorted[i]->key, sorted[i + 1]->key) != 0)
			mlcap_jw__kstr(w, sorted[i]->key, sorted[i]->value);
	if (sorted != stack)
		mlcap_mem__free(sorted);
	mlcap_jw__end_obj(w);
}

static void resources_json(mlcap_jw *w, const char *key,
			   const mlcap_resources *r, bool always)
{
	uint32_t i;

	mlcap_jw__key(w, key);
	mlcap_jw__obj(w);
	if (always || (r->set & MLCAP_RES_CPU))
		mlcap_jw__kint(w, "cpu_millis", r->cpu_millis);
	if (r->set & MLCAP_RES_EPHEMERAL)
		mlcap_jw__kint(w, "ephemeral_storage_bytes",
			       r->ephemeral_bytes);
	mlcap_jw__key(w, "extended");
	mlcap_jw__obj(w);
	for (i = 0; i < r->n_ext; i++)
		mlcap_jw__kint(w, r->ext[i].name, r->ext[i].value);
	mlcap_jw__end_obj(w);
	if (always || (r->set & MLCAP_RES_MEMORY))
		mlcap_jw__kint(w, "memory_bytes", r->memory_bytes);
	mlcap_jw__end_obj(w);
}

static void source_json(mlcap_jw *w, const mlcap_loc *l)
{
	mlcap_jw__key(w, "source");
	mlcap_jw__obj(w);
	mlcap_jw__kint(w, "column", l->col);
	mlcap_jw__kstr(w, "file", l->file);
	mlcap_jw__kint(w, "line", l->line);
	mlcap_jw__end_obj(w);
}

static void count_or_null(mlcap_jw *w, const char *k, int64_t v)
{
	mlcap_jw__key(w, k);
	if (v < 0)
		mlcap_jw__null(w);
	else
		mlcap_jw__int(w, v);
}

static void workload_json(mlcap_jw *w, const mlcap_workload *wl)
{
	mlcap_jw__obj(w);
	if (wl->annotations.count)
		kvs_json(w, "annotations", &wl->annotations);
	mlcap_jw__kstr(w, "api_version", wl->api_version);
	if (wl->flags & MLCAP_WL_BATCH) {
		mlcap_jw__key(w, "batch");
		mlcap_jw__obj(w);
		count_or_null(w, "active_deadline_seconds",
			      wl->active_deadline_secs);
		count_or_null(w, "completions", wl->completions);
		if (wl->runs_per_month_micros >= 0) {
			char runs[32];
			/* Millionths as nanos: the exact decimal printer. */
			mlcap_money_format_exact(runs, sizeof(runs),
						 wl->runs_per_month_micros *
						     1000);
			mlcap_jw__key(w, "runs_per_month");
			mlcap_jw__number_text(w, runs);
		}
		mlcap_jw__kstr(w, "schedule", wl->schedule);
		mlcap_jw__end_obj(w);
	}
	if (wl->component)
		mlcap_jw__kstr(w, "component", wl->component);
	mlcap_jw__kstr(w, "kind", wl->kind);
	kvs_json(w, "labels", &wl->labels);
	mlcap_jw__kint(w, "missing_labels", wl->missing_labels);
	mlcap_jw__kstr(w, "name", wl->name);
	mlcap_jw__kstr(w, "namespace", wl->namespace);
	mlcap_jw__key(w, "pod");
	mlcap_jw__obj(w);
	mlcap_jw__kint(w, "containers", wl->pod.n_containers);
	kvs_json(w, "labels", &wl->pod.labels);
	resources_json(w, "limits", &wl->pod_limits, false);
	if (wl->pod.node_selector.count)
		kvs_json(w, "node_selector", &wl->pod.node_selector);
	resources_json(w, "requests", &wl->pod_requests, true);
	if (wl->pod.runtime_class)
		mlcap_jw__kstr(w, "runtime_class", wl->pod.runtime_class);
	mlcap_jw__end_obj(w);
	mlcap_jw__key(w, "replicas");
	mlcap_jw__obj(w);
	count_or_null(w, "declared", wl->replicas_declared);
	count_or_null(w, "max", wl->replicas_max);
	count_or_null(w, "min", wl->replicas_min);
	if (wl->flags & MLCAP_WL_PER_NODE)
		mlcap_jw__key(w, "per_node"), mlcap_jw__bool(w, true);
	mlcap_jw__end_obj(w);
	if (wl->scaler_kind) {
		mlcap_jw__key(w, "scaler");
		mlcap_jw__obj(w);
		mlcap_jw__kstr(w, "kind", wl->scaler_kind);
		mlcap_jw__kstr(w, "name", wl->scaler_name);
		mlcap_jw__end_obj(w);
	}
	source_json(w, &wl->loc);
	mlcap_jw__end_obj(w);
}

static int inventory_json(FILE *out, const mlcap_set *s, const mlcap_diags *d)
{
	mlcap_jw w;
	size_t i, j;

	mlcap_jw__init(&w, out);
	mlcap_jw__obj(&w);
	mlcap_jw__diags(&w, d);
	mlcap_jw__key(&w, "nodes");
	mlcap_jw__arr(&w);
	for (i = 0; i < s->nodes.count; i++) {
		const mlcap_cluster_node *n = &s->nodes.items[i];
		mlcap_jw__obj(&w);
		resources_json(&w, "allocatable", &n->allocatable, false);
		resources_json(&w, "capacity", &n->capacity, false);
		kvs_json(&w, "labels", &n->labels);
		mlcap_jw__kstr(&w, "name", n->name);
		source_json(&w, &n->loc);
		mlcap_jw__key(&w, "taints");
		mlcap_jw__arr(&w);
		for (j = 0; j < n->n_taints; j++) {
			mlcap_jw__obj(&w);
			mlcap_jw__kstr(&w, "effect", n->taints[j].effect);
			mlcap_jw__kstr(&w, "key", n->taints[j].key);
			mlcap_jw__kstr(&w, "value", n->taints[j].value);
			mlcap_jw__end_obj(&w);
		}
		mlcap_jw__end_arr(&w);
		mlcap_jw__key(&w, "unschedulable");
		mlcap_jw__bool(&w, n->unschedulable);
		mlcap_jw__end_obj(&w);
	}
	mlcap_jw__end_arr(&w);
	mlcap_jw__key(&w, "scalers");
	mlcap_jw__arr(&w);
	for (i = 0; i < s->scalers.count; i++) {
		const mlcap_scaler *sc = &s->scalers.items[i];
		mlcap_jw__obj(&w);
		mlcap_jw__key(&w, "bound");
		mlcap_jw__bool(&w, sc->bound);
		mlcap_jw__kstr(&w, "kind", sc->kind);
		mlcap_jw__kint(&w, "max_replicas", sc->max_replicas);
		mlcap_jw__kint(&w, "min_replicas", sc->min_replicas);
		mlcap_jw__kstr(&w, "name", sc->name);
		mlcap_jw__kstr(&w, "namespace", sc->namespace);
		source_json(&w, &sc->loc);
		mlcap_jw__key(&w, "target");
		mlcap_jw__obj(&w);
		mlcap_jw__kstr(&w, "kind", sc->target_kind);
		mlcap_jw__kstr(&w, "name", sc->target_name);
		mlcap_jw__end_obj(&w);
		mlcap_jw__end_obj(&w);
	}
	mlcap_jw__end_arr(&w);
	mlcap_jw__kint(&w, "schema_version", MLCAP_INVENTORY_SCHEMA);
	mlcap_jw__key(&w, "stats");
	mlcap_jw__obj(&w);
	mlcap_jw__kint(&w, "bytes", (int64_t)s->stats.bytes);
	mlcap_jw__kint(&w, "documents", (int64_t)s->stats.documents);
	mlcap_jw__kint(&w, "files", (int64_t)s->stats.files);
	mlcap_jw__kint(&w, "ignored_kinds", (int64_t)s->stats.ignored_known);
	mlcap_jw__kint(&w, "objects", (int64_t)s->stats.objects);
	mlcap_jw__kint(&w, "rejected", (int64_t)s->stats.rejected);
	mlcap_jw__kint(&w, "skipped_unknown",
		       (int64_t)s->stats.skipped_unknown);
	mlcap_jw__kint(&w, "workloads", (int64_t)s->workloads.count);
	mlcap_jw__end_obj(&w);
	mlcap_jw__key(&w, "workloads");
	mlcap_jw__arr(&w);
	for (i = 0; i < s->workloads.count; i++)
		workload_json(&w, &s->workloads.items[i]);
	mlcap_jw__end_arr(&w);
	mlcap_jw__end_obj(&w);
	return mlcap_jw__finish(&w);
}

/* ---- text ---- */

enum {
	C_NS,
	C_KIND,
	C_NAME,
	C_REPL,
	C_CPU,
	C_MEM,
	C_ACC,
	C_MISS,
	C_SRC,
	N_COLS
};

static const char *const headers[N_COLS] = {
    "NAMESPACE",    "KIND",
    "NAME",	    "REPLICAS(MIN/DECL/MAX)",
    "CPU(REQ/LIM)", "MEMORY(REQ/LIM)",
    "ACCELERATORS", "MISSING-LABELS",
    "SOURCE"};

/* Short accelerator name: nvidia.com/gpu -> gpu, google.com/tpu -> tpu. */
static const char *short_name(const char *n)
{
	const char *slash = strrchr(n, '/');
	if (!strcmp(n, "amd.com/gpu"))
		return "amd-gpu";
	return slash ? slash + 1 : n;
}

static void cells(const mlcap_workload *w, char c[N_COLS][160])
{
	char a[48], b[48];
	const mlcap_resources *q = &w->pod_requests, *l = &w->pod_limits;
	size_t len = 0;
	uint32_t i;

	snprintf(c[C_NS], 160, "%s", w->namespace ? w->namespace : "");
	snprintf(c[C_KIND], 160, "%s", w->kind);
	if (w->component)
		snprintf(c[C_NAME], 160, "%s/%s", w->name, w->component);
	else
		snprintf(c[C_NAME], 160, "%s", w->name);
	if ((w->flags & MLCAP_WL_PER_NODE) &&
	    !(w->flags & MLCAP_WL_NODES_KNOWN))
		snprintf(c[C_REPL], 160, "1/node");
	else
		snprintf(c[C_REPL], 160, "%lld/%lld/%lld",
			 (long long)w->replicas_min,
			 (long long)w->replicas_declared,
			 (long long)w->replicas_max);
	mlcap_format_millis(a, sizeof(a), q->cpu_millis);
	if (l->set & MLCAP_RES_CPU)
		mlcap_format_millis(b, sizeof(b), l->cpu_millis);
	else
		snprintf(b, sizeof(b), "-");
	snprintf(c[C_CPU], 160, "%s/%s", a, b);
	mlcap_format_bytes(a, sizeof(a), q->memory_bytes);
	if (l->set & MLCAP_RES_MEMORY)
		mlcap_format_bytes(b, sizeof(b), l->memory_bytes);
	else
		snprintf(b, sizeof(b), "-");
	snprintf(c[C_MEM], 160, "%s/%s", a, b);
	c[C_ACC][0] = '\0';
	for (i = 0; i < q->n_ext; i++) {
		if (!mlcap_resource_is_accelerator(q->ext[i].name))
			continue;
		len += (size_t)snprintf(
		    c[C_ACC] + len, len < 160 ? 160 - len : 0, "%s%s:%lld",
		    len ? "," : "", short_name(q->ext[i].name),
		    (long long)q->ext[i].value);
		if (len >= 160)
			break;
	}
	if (!c[C_ACC][0])
		snprintf(c[C_ACC], 160, "-");
	snprintf(c[C_MISS], 160, "%u", w->missing_labels);
	snprintf(c[C_SRC], 160, "%s:%u", w->loc.file, w->loc.line);
}

/* Writes `s` left-aligned in `width` characters plus the gap. */
static void cell_out(FILE *out, const char *s, size_t width)
{
	size_t w = mlcap_text_width(s);
	fputs(s, out);
	for (; w < width + 3; w++)
		putc(' ', out);
}

static int inventory_text(FILE *out, const mlcap_set *s,
			  const mlcap_render_opts *o)
{
	size_t width[N_COLS], i;
	char c[N_COLS][160];
	int k;

	if (!s->workloads.count) {
		fputs("No workloads found.\n", out);
		return ferror(out) ? MLCAP_EIO : 0;
	}
	for (k = 0; k < N_COLS; k++)
		width[k] = strlen(headers[k]);
	for (i = 0; i < s->workloads.count; i++) {
		cells(&s->workloads.items[i], c);
		for (k = 0; k < N_COLS; k++)
			if (mlcap_text_width(c[k]) > width[k])
				width[k] = mlcap_text_width(c[k]);
	}
	if (o && o->color)
		fputs("\033[1m", out);
	for (k = 0; k + 1 < N_COLS; k++)
		cell_out(out, headers[k], width[k]);
	fputs(headers[N_COLS - 1], out);
	if (o && o->color)
		fputs("\033[0m", out);
	putc('\n', out);
	for (i = 0; i < s->workloads.count; i++) {
		cells(&s->workloads.items[i], c);
		for (k = 0; k + 1 < N_COLS; k++)
			cell_out(out, c[k], width[k]);
		fputs(c[N_COLS - 1], out);
		putc('\n', out);
	}
	if (o && o->show_nodes && s->nodes.count) {
		fputs("\nNODE   CPU   MEMORY   PODS   ACCELERATORS\n", out);
		for (i = 0; i < s->nodes.count; i++) {
			const mlcap_cluster_node *n = &s->nodes.items[i];
			char a[48], b[48];
			mlcap_format_millis(a, sizeof(a),
					    n->allocatable.cpu_millis);
			mlcap_format_bytes(b, sizeof(b),
					   n->allocatable.memory_bytes);
			fprintf(out, "%s   %s   %s   %lld   ", n->name, a, b,
				(long long)mlcap_resources_ext(&n->allocatable,
							       "pods"));
			for (k = 0; k < (int)n->allocatable.n_ext; k++)
				if (mlcap_resource_is_accelerator(
					n->allocatable.ext[k].name))
					fprintf(out, "%s:%lld ",
						short_name(
						    n->allocatable.ext[k].name),
						(long long)n->allocatable.ext[k]
						    .value);
			putc('\n', out);
		}
	}
	return ferror(out) ? MLCAP_EIO : 0;
}

int mlcap_render_inventory(FILE *out, const mlcap_set *s, const mlcap_diags *d,
			   mlcap_format f, const mlcap_render_opts *o)
{
	if (f == MLCAP_FORMAT_JSON)
		return inventory_json(out, s, d);
	return inventory_text(out, s, o);
}

int mlcap_render_diags_text(FILE *out, const mlcap_diags *d, bool color,
			    bool with_notes)
{
	static const char *const col[] = {"\033[36m", "\033[35m", "\033[31m"};
	size_t i;

	for (i = 0; i < d->count; i++) {
		const mlcap_diag *g = &d->items[i];
		if (g->severity == MLCAP_NOTE && !with_notes)
			continue;
		if (g->file[0])
			fprintf(out, "%s:", g->file);
		if (g->line && g->col)
			fprintf(out, "%u:%u:", g->line, g->col);
		else if (g->line)
			fprintf(out, "%u:", g->line);
		fprintf(out, "%s%s%s%s: %s\n", g->file[0] ? " " : "",
			color ? col[g->severity] : "",
			mlcap_severity_str(g->severity), color ? "\033[0m" : "",
			g->message);
		if (g->hint)
			fprintf(out, "    hint: %s\n", g->hint);
	}
	return ferror(out) ? MLCAP_EIO : 0;
}
