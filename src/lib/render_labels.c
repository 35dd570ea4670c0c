/*
 * render_labels.c - cost-label coverage for people (text, Markdown), for
 * machines (JSON, schema in README) and for CI: GitHub workflow commands
 * (annotations) and SARIF 2.1.0 for code scanning. The pieces are shared
 * with the check report (render_labels.h).
 */
#include <string.h>
#include "mlcap/money.h"
#include "mlcap/render.h"
#include "render_labels.h"
#include "banned.h"

/* ---- shared wording ---- */

/* "82.30%" of part over whole, "-" when there is no whole. */
static void share(char *buf, size_t n, int64_t part, int64_t whole)
{
	mlcap_doc__pct_ppm(buf, n, mlcap_money_ppm(part, whole));
}

static void jw_share(mlcap_jw *w, const char *key, int64_t part, int64_t whole)
{
	mlcap_doc__jw_pct_ppm(w, key, mlcap_money_ppm(part, whole));
}

/* The worst severity among a finding's missing keys. */
static mlcap_severity missing_severity(const mlcap_label_finding *f)
{
	mlcap_severity s = MLCAP_NOTE;
	uint32_t i;
	for (i = 0; i < f->n_missing; i++)
		if (f->problems[i].rule->severity > s)
			s = f->problems[i].rule->severity;
	return s;
}

/* "team, project": the missing keys of a finding. */
static void missing_list(char *buf, size_t n, const mlcap_label_finding *f)
{
	size_t used = 0;
	uint32_t i;
	buf[0] = '\0';
	for (i = 0; i < f->n_missing && used + 1 < n; i++) {
		int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "",
				 f->problems[i].rule->key);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* "env 'production' (not one of dev, prod)"; the label under its alias
 * name when that is what the workload carries. */
static void invalid_text(char *buf, size_t n, const mlcap_label_problem *p)
{
	if (strcmp(p->name, p->rule->key) != 0)
		snprintf(buf, n, "%s (as %s) '%s': %s", p->rule->key, p->name,
			 p->value, p->reason);
	else
		snprintf(buf, n, "%s '%s': %s", p->rule->key, p->value,
			 p->reason);
}

static const char *sources_text(unsigned from)
{
	static const char *const text[] = {
	    "nowhere",
	    "metadata",
	    "the pod template",
	    "metadata and the pod template",
	    "the Namespace",
	    "metadata and the Namespace",
	    "the pod template and the Namespace",
	    "metadata, the pod template and the Namespace"};
	return text[from & 7u];
}

/* ---- text and Markdown ---- */

static void tally_row(mlcap_table *t, const char *name,
		      const mlcap_label_tally *g, bool costed)
{
	char c[8][48];
	const char *cells[8];
	size_t i;

	snprintf(c[0], sizeof(c[0]), "%s", name);
	snprintf(c[1], sizeof(c[1]), "%lld", (long long)g->workloads);
	snprintf(c[2], sizeof(c[2]), "%lld", (long long)g->compliant);
	share(c[3], sizeof(c[3]), g->compliant, g->workloads);
	if (costed) {
		mlcap_doc__usd(c[4], sizeof(c[4]), g->monthly_nanos);
		mlcap_doc__usd(c[5], sizeof(c[5]),
			       g->monthly_nanos - g->compliant_nanos);
		share(c[6], sizeof(c[6]), g->compliant_nanos, g->monthly_nanos);
		share(c[7], sizeof(c[7]), g->compliant_gpu_nanos, g->gpu_nanos);
	} else {
		for (i = 4; i < 8; i++)
			snprintf(c[i], sizeof(c[i]), "-");
	}
	for (i = 0; i < 8; i++)
		cells[i] = c[i];
	mlcap_table__row(t, cells);
}

void mlcap_render__labels_doc(mlcap_doc *o, const mlcap_labels *l,
			      const mlcap_policy *p)
{
	size_t n_keys, i;
	const mlcap_policy_key *keys = mlcap_policy_keys(p, &n_keys);
	mlcap_table t;
	char b[4][64], line[1024];
	bool any_invalid = false;

	fprintf(o->out, "%sLabel policy %s: ", o->md ? "\n" : "",
		mlcap_policy_file(p) ? mlcap_policy_file(p) : "(none)");
	for (i = 0; i < n_keys; i++)
		fprintf(o->out, "%s%s", i ? ", " : "", keys[i].key);
	fprintf(o->out, "%s (labels from %s)%s\n", n_keys ? "" : "no keys",
		sources_text(mlcap_policy_sources(p)), o->md ? "  " : "");
	if (l->costed)
		fprintf(o->out,
			"Cost weights: monthly cost at declared replicas, "
			"planned on %s\n",
			l->cost_basis ? l->cost_basis : "the catalog");
	else
		fprintf(o->out, "Cost weights: none (no plan); coverage by "
				"count only\n");
	share(b[0], sizeof(b[0]), l->total.compliant, l->total.workloads);
	fprintf(o->out, "%s%lld of %lld workloads fully labelled (%s)",
		o->md ? "\n" : "", (long long)l->total.compliant,
		(long long)l->total.workloads, b[0]);
	if (l->costed) {
		mlcap_doc__usd(b[1], sizeof(b[1]), l->total.compliant_nanos);
		mlcap_doc__usd(b[2], sizeof(b[2]), l->total.monthly_nanos);
		share(b[0], sizeof(b[0]), l->total.compliant_nanos,
		      l->total.monthly_nanos);
		fprintf(o->out, "; %s of %s per month (%s)", b[1], b[2], b[0]);
		share(b[0], sizeof(b[0]), l->total.compliant_gpu_nanos,
		      l->total.gpu_nanos);
		mlcap_doc__usd(b[1], sizeof(b[1]),
			       l->total.monthly_nanos -
				   l->total.compliant_nanos);
		if (l->total.gpu_nanos <= 0)
			snprintf(b[0], sizeof(b[0]), "none");
		fprintf(o->out,
			"; of GPU spend: %s.%s\nUnattributable: %s per month",
			b[0], o->md ? "  " : "", b[1]);
	}
	fprintf(o->out, ".%s\n", o->md ? "  " : "");
	if (l->uncosted)
		fprintf(o->out,
			"%lld workload%s charged nothing by the plan "
			"(unschedulable, or no replicas).%s\n",
			(long long)l->uncosted,
			l->uncosted == 1 ? " is" : "s are", o->md ? "  " : "");
	if (l->excluded)
		fprintf(o->out,
			"%lld workload%s in excluded namespaces %s not "
			"counted.\n",
			(long long)l->excluded, l->excluded == 1 ? "" : "s",
			l->excluded == 1 ? "is" : "are");

	mlcap_doc__heading(o, "Coverage by namespace");
	mlcap_table__init(&t, "NAMESPACE|>WORKLOADS|>LABELLED|>BY COUNT|"
			      ">MONTHLY|>UNATTRIBUTED|>BY COST|>GPU BY COST");
	for (i = 0; i < l->n_namespaces; i++)
		tally_row(&t, l->namespaces[i].name, &l->namespaces[i],
			  l->costed);
	tally_row(&t, "TOTAL", &l->total, l->costed);
	mlcap_doc__table(o, &t);

	mlcap_doc__heading(o, "Coverage by key");
	mlcap_table__init(&t, "KEY|>WORKLOADS|>CARRIED|>BY COUNT|>MONTHLY|"
			      ">UNATTRIBUTED|>BY COST|>GPU BY COST");
	for (i = 0; i < l->n_keys; i++)
		tally_row(&t, l->keys[i].name, &l->keys[i], l->costed);
	mlcap_doc__table(o, &t);

	if (!l->n_findings)
		return;
	mlcap_doc__heading(o, "Findings");
	mlcap_table__init(&t, "SEVERITY|NAMESPACE|KIND|NAME|MISSING|INVALID|"
			      ">MONTHLY|SOURCE");
	for (i = 0; i < l->n_findings; i++) {
		const mlcap_label_finding *f = &l->findings[i];
		const mlcap_workload *w = f->workload;
		char miss[256], name[300], src[300], inv[256], usd[48];
		const char *cells[8];
		size_t used = 0;
		uint32_t j;
		missing_list(miss, sizeof(miss), f);
		inv[0] = '\0';
		for (j = f->n_missing; j < f->n_missing + f->n_invalid; j++) {
			int n = snprintf(inv + used, sizeof(inv) - used, "%s%s",
					 used ? ", " : "",
					 f->problems[j].rule->key);
			if (n < 0 || (size_t)n >= sizeof(inv) - used)
				break;
			used += (size_t)n;
		}
		snprintf(name, sizeof(name), "%s%s%s", w->name,
			 w->component ? "/" : "",
			 w->component ? w->component : "");
		snprintf(src, sizeof(src), "%s:%u", w->loc.file, w->loc.line);
		if (f->monthly_nanos < 0)
			snprintf(usd, sizeof(usd), "-");
		else
			mlcap_doc__usd(usd, sizeof(usd), f->monthly_nanos);
		cells[0] = mlcap_severity_str(f->severity);
		cells[1] = w->namespace;
		cells[2] = w->kind;
		cells[3] = name;
		cells[4] = miss[0] ? miss : "-";
		cells[5] = inv[0] ? inv : "-";
		cells[6] = usd;
		cells[7] = src;
		mlcap_table__row(&t, cells);
		any_invalid = any_invalid || f->n_invalid;
	}
	mlcap_doc__table(o, &t);
	if (!any_invalid)
		return;
	mlcap_doc__heading(o, "Invalid values");
	for (i = 0; i < l->n_findings; i++) {
		const mlcap_label_finding *f = &l->findings[i];
		uint32_t j;
		for (j = f->n_missing; j < f->n_missing + f->n_invalid; j++) {
			const mlcap_label_problem *pb = &f->problems[j];
			invalid_text(line, sizeof(line), pb);
			fprintf(o->out, "%s%s:%u:%u: %s: %s (%s label)\n",
				o->md ? "- " : "  ", pb->loc.file, pb->loc.line,
				pb->loc.col, f->key, line, pb->source);
		}
	}
}

/* ---- JSON ---- */

static void tally_json(mlcap_jw *w, const char *name_key,
		       const mlcap_label_tally *g, bool costed)
{
	/* Amounts are null without a plan. */
	mlcap_jw__obj(w);
	mlcap_jw__kint(w, "compliant", g->compliant);
	mlcap_doc__jw_usd(w, "compliant_monthly_usd",
			  costed ? g->compliant_nanos : -1);
	jw_share(w, "cost_percent", g->compliant_nanos,
		 costed ? g->monthly_nanos : 0);
	jw_share(w, "count_percent", g->compliant, g->workloads);
	jw_share(w, "gpu_cost_percent", g->compliant_gpu_nanos,
		 costed ? g->gpu_nanos : 0);
	mlcap_doc__jw_usd(w, "gpu_monthly_usd", costed ? g->gpu_nanos : -1);
	if (name_key && strcmp(name_key, "monthly_usd") < 0) /* "key" */
		mlcap_jw__kstr(w, name_key, g->name);
	mlcap_doc__jw_usd(w, "monthly_usd", costed ? g->monthly_nanos : -1);
	if (name_key && strcmp(name_key, "monthly_usd") > 0) /* "namespace" */
		mlcap_jw__kstr(w, name_key, g->name);
	mlcap_doc__jw_usd(w, "unattributed_gpu_monthly_usd",
			  costed ? g->gpu_nanos - g->compliant_gpu_nanos : -1);
	mlcap_doc__jw_usd(w, "unattributed_monthly_usd",
			  costed ? g->monthly_nanos - g->compliant_nanos : -1);
	mlcap_jw__kint(w, "workloads", g->workloads);
	mlcap_jw__end_obj(w);
}

static void finding_json(mlcap_jw *w, const mlcap_label_finding *f)
{
	const mlcap_workload *wl = f->workload;
	uint32_t j;

	mlcap_jw__obj(w);
	mlcap_jw__kstr(w, "component", wl->component);
	mlcap_jw__kstr(w, "file", wl->loc.file);
	mlcap_doc__jw_usd(w, "gpu_monthly_usd", f->gpu_nanos);
	mlcap_jw__key(w, "invalid");
	mlcap_jw__arr(w);
	for (j = f->n_missing; j < f->n_missing + f->n_invalid; j++) {
		const mlcap_label_problem *p = &f->problems[j];
		mlcap_jw__obj(w);
		mlcap_jw__kint(w, "column", p->loc.col);
		mlcap_jw__kstr(w, "file", p->loc.file);
		mlcap_jw__kstr(w, "key", p->rule->key);
		mlcap_jw__kstr(w, "label", p->name);
		mlcap_jw__kint(w, "line", p->loc.line);
		mlcap_jw__kstr(w, "reason", p->reason);
		mlcap_jw__kstr(w, "severity",
			       mlcap_severity_str(p->rule->severity));
		mlcap_jw__kstr(w, "source", p->source);
		mlcap_jw__kstr(w, "value", p->value);
		mlcap_jw__end_obj(w);
	}
	mlcap_jw__end_arr(w);
	mlcap_jw__kstr(w, "kind", wl->kind);
	mlcap_jw__kint(w, "line", wl->loc.line);
	mlcap_jw__key(w, "missing");
	mlcap_jw__arr(w);
	for (j = 0; j < f->n_missing; j++)
		mlcap_jw__str(w, f->problems[j].rule->key);
	mlcap_jw__end_arr(w);
	mlcap_doc__jw_usd(w, "monthly_usd", f->monthly_nanos);
	mlcap_jw__kstr(w, "name", wl->name);
	mlcap_jw__kstr(w, "namespace", wl->namespace);
	mlcap_jw__kstr(w, "severity", mlcap_severity_str(f->severity));
	mlcap_jw__kstr(w, "workload", f->key);
	mlcap_jw__end_obj(w);
}

static void policy_json(mlcap_jw *w, const mlcap_policy *p)
{
	size_t n, i;
	const mlcap_policy_key *keys = mlcap_policy_keys(p, &n);
	unsigned from = mlcap_policy_sources(p);
	uint32_t j;

	mlcap_jw__obj(w);
	mlcap_jw__key(w, "excluded_namespaces");
	mlcap_jw__arr(w);
	{
		size_t ne;
		const char *const *ex = mlcap_policy_excluded(p, &ne);
		for (i = 0; i < ne; i++)
			mlcap_jw__str(w, ex[i]);
	}
	mlcap_jw__end_arr(w);
	mlcap_jw__kstr(w, "file", mlcap_policy_file(p));
	mlcap_jw__key(w, "required");
	mlcap_jw__arr(w);
	for (i = 0; i < n; i++) {
		mlcap_jw__obj(w);
		mlcap_jw__key(w, "aliases");
		mlcap_jw__arr(w);
		for (j = 1; j < keys[i].n_names; j++)
			mlcap_jw__str(w, keys[i].names[j]);
		mlcap_jw__end_arr(w);
		mlcap_jw__kstr(w, "key", keys[i].key);
		mlcap_jw__kstr(w, "pattern", keys[i].pattern);
		mlcap_jw__kstr(w, "severity",
			       mlcap_severity_str(keys[i].severity));
		mlcap_jw__key(w, "values");
		if (keys[i].n_values) {
			mlcap_jw__arr(w);
			for (j = 0; j < keys[i].n_values; j++)
				mlcap_jw__str(w, keys[i].values[j]);
			mlcap_jw__end_arr(w);
		} else {
			mlcap_jw__null(w);
		}
		mlcap_jw__end_obj(w);
	}
	mlcap_jw__end_arr(w);
	mlcap_jw__key(w, "sources");
	mlcap_jw__arr(w);
	if (from & MLCAP_LABELS_FROM_METADATA)
		mlcap_jw__str(w, "metadata");
	if (from & MLCAP_LABELS_FROM_TEMPLATE)
		mlcap_jw__str(w, "podTemplate");
	if (from & MLCAP_LABELS_FROM_NAMESPACE)
		mlcap_jw__str(w, "namespace");
	mlcap_jw__end_arr(w);
	mlcap_jw__end_obj(w);
}

void mlcap_render__labels_json(mlcap_jw *w, const mlcap_labels *l,
			       const mlcap_policy *p, const mlcap_diags *d)
{
	size_t i;

	mlcap_jw__obj(w);
	mlcap_jw__kstr(w, "cost_basis", l->cost_basis);
	mlcap_jw__key(w, "coverage");
	tally_json(w, NULL, &l->total, l->costed);
	if (d)
		mlcap_jw__diags(w, d);
	mlcap_jw__kint(w, "excluded_workloads", l->excluded);
	mlcap_jw__key(w, "findings");
	mlcap_jw__arr(w);
	for (i = 0; i < l->n_findings; i++)
		finding_json(w, &l->findings[i]);
	mlcap_jw__end_arr(w);
	mlcap_jw__key(w, "keys");
	mlcap_jw__arr(w);
	for (i = 0; i < l->n_keys; i++)
		tally_json(w, "key", &l->keys[i], l->costed);
	mlcap_jw__end_arr(w);
	mlcap_jw__key(w, "namespaces");
	mlcap_jw__arr(w);
	for (i = 0; i < l->n_namespaces; i++)
		tally_json(w, "namespace", &l->namespaces[i], l->costed);
	mlcap_jw__end_arr(w);
	mlcap_jw__key(w, "policy");
	policy_json(w, p);
	if (d)
		mlcap_jw__kint(w, "schema_version", MLCAP_LABELS_SCHEMA);
	mlcap_jw__kint(w, "uncosted_workloads", l->uncosted);
	mlcap_jw__end_obj(w);
}

/* ---- GitHub workflow commands ---- */

/* Writes `s` escaped as a workflow command's message (`prop` false) or
 * property value: '%', CR and LF always; ':' and ',' in properties. */
static void gh_escape(FILE *out, const char *s, bool prop)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': fputs("%25", out); break;
		case '\r': fputs("%0D", out); break;
		case '\n': fputs("%0A", out); break;
		case ':':
			if (prop) {
				fputs("%3A", out);
				break;
			}
			putc(*s, out);
			break;
		case ',':
			if (prop) {
				fputs("%2C", out);
				break;
			}
			putc(*s, out);
			break;
		default: putc(*s, out);
		}
	}
}

void mlcap_render__github(FILE *out, mlcap_severity sev, const mlcap_loc *at,
			  const char *title, const char *message)
{
	fprintf(out, "::%s ",
		sev == MLCAP_ERROR     ? "error"
		: sev == MLCAP_WARNING ? "warning"
				       : "notice");
	if (at && at->file && at->file[0]) {
		fputs("file=", out);
		gh_escape(out, at->file, true);
		if (at->line)
			fprintf(out, ",line=%u", at->line);
		if (at->line && at->col)
			fprintf(out, ",col=%u", at->col);
		fputs(",", out);
	}
	fputs("title=", out);
	gh_escape(out, title, true);
	fputs("::", out);
	gh_escape(out, message, false);
	putc('\n', out);
}

void mlcap_render__labels_github(FILE *out, const mlcap_labels *l)
{
	char msg[2048], miss[512], inv[512], usd[96], title[600];
	size_t i;

	for (i = 0; i < l->n_findings; i++) {
		const mlcap_label_finding *f = &l->findings[i];
		const mlcap_workload *w = f->workload;
		uint32_t j;
		usd[0] = '\0';
		if (f->monthly_nanos > 0) {
			char b[40];
			mlcap_doc__usd(b, sizeof(b), f->monthly_nanos);
			snprintf(usd, sizeof(usd), " (%s/month unattributable)",
				 b);
		}
		if (f->n_missing) {
			missing_list(miss, sizeof(miss), f);
			snprintf(title, sizeof(title),
				 "missing cost label%s: %s",
				 f->n_missing > 1 ? "s" : "", miss);
			snprintf(msg, sizeof(msg),
				 "%s %s lacks the cost label%s %s%s", w->kind,
				 f->key, f->n_missing > 1 ? "s" : "", miss,
				 usd);
			mlcap_render__github(out, missing_severity(f), &w->loc,
					     title, msg);
		}
		for (j = f->n_missing; j < f->n_missing + f->n_invalid; j++) {
			const mlcap_label_problem *p = &f->problems[j];
			invalid_text(inv, sizeof(inv), p);
			snprintf(title, sizeof(title), "invalid cost label: %s",
				 p->rule->key);
			snprintf(msg, sizeof(msg), "%s %s: %s%s", w->kind,
				 f->key, inv, usd);
			mlcap_render__github(out, p->rule->severity, &p->loc,
					     title, msg);
		}
	}
}

void mlcap_render__github_diags(FILE *out, const mlcap_diags *d)
{
	char msg[2048];
	size_t i;

	for (i = 0; d && i < d->count; i++) {
		const mlcap_diag *g = &d->items[i];
		mlcap_loc at;
		if (g->severity == MLCAP_NOTE)
			continue;
		at.file = g->file;
		at.line = g->line;
		at.col = g->col;
		snprintf(msg, sizeof(msg), "%s%s%s", g->message,
			 g->hint ? "\nhint: " : "", g->hint ? g->hint : "");
		mlcap_render__github(out, g->severity, &at, g->rule, msg);
	}
}

/* ---- SARIF 2.1.0 ---- */

/* A relative path as a URI reference: bytes outside RFC 3986's
 * unreserved set and '/' are percent-encoded. */
static void sarif_uri(mlcap_jw *w, const char *key, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char buf[4096];
	size_t n = 0;
	const unsigned char *s = (const unsigned char *)path;

	if (*s == '/' && n + 7 < sizeof(buf)) {
		memcpy(buf, "file://", 7);
		n = 7;
	}
	for (; *s && n + 4 < sizeof(buf); s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("-._~/", *s)) {
			buf[n++] = (char)*s;
		} else {
			buf[n++] = '%';
			buf[n++] = hex[*s >> 4];
			buf[n++] = hex[*s & 15];
		}
	}
	buf[n] = '\0';
	mlcap_jw__kstr(w, key, buf);
}

static void sarif_text(mlcap_jw *w, const char *key, const char *text)
{
	mlcap_jw__key(w, key);
	mlcap_jw__obj(w);
	mlcap_jw__kstr(w, "text", text);
	mlcap_jw__end_obj(w);
}

static void sarif_location(mlcap_jw *w, const mlcap_loc *at)
{
	mlcap_jw__obj(w);
	mlcap_jw__key(w, "physicalLocation");
	mlcap_jw__obj(w);
	mlcap_jw__key(w, "artifactLocation");
	mlcap_jw__obj(w);
	sarif_uri(w, "uri", at->file);
	mlcap_jw__end_obj(w);
	if (at->line) {
		mlcap_jw__key(w, "region");
		mlcap_jw__obj(w);
		if (at->col)
			mlcap_jw__kint(w, "startColumn", at->col);
		mlcap_jw__kint(w, "startLine", at->line);
		mlcap_jw__end_obj(w);
	}
	mlcap_jw__end_obj(w);
	mlcap_jw__end_obj(w);
}

static const char *sarif_level(mlcap_severity s)
{
	return s == MLCAP_ERROR	    ? "error"
	       : s == MLCAP_WARNING ? "warning"
				    : "note";
}

static void sarif_result(mlcap_jw *w, size_t rule_index,
			 const mlcap_policy_key *k, const char *message,
			 const mlcap_loc *at, const char *workload)
{
	char id[300];
	mlcap_jw__obj(w);
	mlcap_jw__kstr(w, "level", sarif_level(k->severity));
	mlcap_jw__key(w, "locations");
	mlcap_jw__arr(w);
	sarif_location(w, at);
	mlcap_jw__end_arr(w);
	sarif_text(w, "message", message);
	/* Stable across line moves, so code scanning tracks the alert. */
	mlcap_jw__key(w, "partialFingerprints");
	mlcap_jw__obj(w);
	snprintf(id, sizeof(id), "%s:%s", workload, k->key);
	mlcap_jw__kstr(w, "mlcapWorkloadKey/v1", id);
	mlcap_jw__end_obj(w);
	snprintf(id, sizeof(id), "cost-label/%s", k->key);
	mlcap_jw__kstr(w, "ruleId", id);
	mlcap_jw__kint(w, "ruleIndex", (int64_t)rule_index);
	mlcap_jw__end_obj(w);
}

static void sarif_rules(mlcap_jw *w, const mlcap_policy *p)
{
	size_t n, i;
	const mlcap_policy_key *keys = mlcap_policy_keys(p, &n);
	char text[1024], id[300];
	uint32_t j;

	mlcap_jw__key(w, "rules");
	mlcap_jw__arr(w);
	for (i = 0; i < n; i++) {
		const mlcap_policy_key *k = &keys[i];
		size_t used;
		mlcap_jw__obj(w);
		mlcap_jw__key(w, "defaultConfiguration");
		mlcap_jw__obj(w);
		mlcap_jw__kstr(w, "level", sarif_level(k->severity));
		mlcap_jw__end_obj(w);
		used = (size_t)snprintf(
		    text, sizeof(text),
		    "%s%sCost allocation groups spend by the label '%s'. "
		    "It counts on %s",
		    k->description ? k->description : "",
		    k->description ? " " : "", k->key,
		    sources_text(mlcap_policy_sources(p)));
		for (j = 1; j < k->n_names && used < sizeof(text); j++)
			used += (size_t)snprintf(
			    text + used, sizeof(text) - used, "%s%s",
			    j == 1 ? ", also as " : ", ", k->names[j]);
		if (used < sizeof(text) && k->n_values)
			used +=
			    (size_t)snprintf(text + used, sizeof(text) - used,
					     "; allowed values:");
		for (j = 0; j < k->n_values && used < sizeof(text); j++)
			used += (size_t)snprintf(text + used,
						 sizeof(text) - used, "%s %s",
						 j ? "," : "", k->values[j]);
		if (used < sizeof(text) && k->pattern)
			snprintf(text + used, sizeof(text) - used,
				 "; values must match %s", k->pattern);
		sarif_text(w, "fullDescription", text);
		snprintf(id, sizeof(id), "cost-label/%s", k->key);
		mlcap_jw__kstr(w, "id", id);
		snprintf(text, sizeof(text),
			 "Add the label %s: <value> to the workload's "
			 "metadata.labels (or its Namespace).",
			 k->key);
		sarif_text(w, "help", text);
		mlcap_jw__key(w, "properties");
		mlcap_jw__obj(w);
		mlcap_jw__key(w, "tags");
		mlcap_jw__arr(w);
		mlcap_jw__str(w, "cost");
		mlcap_jw__str(w, "labels");
		mlcap_jw__end_arr(w);
		mlcap_jw__end_obj(w);
		snprintf(text, sizeof(text),
			 "Workload carries the cost label %s", k->key);
		sarif_text(w, "shortDescription", text);
		mlcap_jw__end_obj(w);
	}
	mlcap_jw__end_arr(w);
}

static void sarif_notifications(mlcap_jw *w, const mlcap_diags *d)
{
	size_t i;
	mlcap_jw__key(w, "toolExecutionNotifications");
	mlcap_jw__arr(w);
	for (i = 0; d && i < d->count; i++) {
		const mlcap_diag *g = &d->items[i];
		char msg[2048];
		if (g->severity == MLCAP_NOTE)
			continue;
		mlcap_jw__obj(w);
		mlcap_jw__key(w, "descriptor");
		mlcap_jw__obj(w);
		mlcap_jw__kstr(w, "id", g->rule);
		mlcap_jw__end_obj(w);
		mlcap_jw__kstr(w, "level", sarif_level(g->severity));
		if (g->file[0]) {
			mlcap_loc at = {g->file, g->line, g->col};
			mlcap_jw__key(w, "locations");
			mlcap_jw__arr(w);
			sarif_location(w, &at);
			mlcap_jw__end_arr(w);
		}
		snprintf(msg, sizeof(msg), "%s%s%s%s", g->message,
			 g->hint ? " (hint: " : "", g->hint ? g->hint : "",
			 g->hint ? ")" : "");
		sarif_text(w, "message", msg);
		mlcap_jw__end_obj(w);
	}
	mlcap_jw__end_arr(w);
}

int mlcap_render__labels_sarif(FILE *out, const mlcap_labels *l,
			       const mlcap_policy *p, const mlcap_diags *d)
{
	size_t n_keys, i, k;
	const mlcap_policy_key *keys = mlcap_policy_keys(p, &n_keys);
	mlcap_jw *w = mlcap_mem__alloc(sizeof(*w));
	char msg[2048], usd[80];
	int rc;

	if (!w)
		return MLCAP_ENOMEM;
	mlcap_jw__init(w, out);
	mlcap_jw__obj(w);
	mlcap_jw__kstr(w, "$schema",
		       "https://json.schemastore.org/sarif-2.1.0.json");
	mlcap_jw__key(w, "runs");
	mlcap_jw__arr(w);
	mlcap_jw__obj(w);
	mlcap_jw__key(w, "invocations");
	mlcap_jw__arr(w);
	mlcap_jw__obj(w);
	mlcap_jw__key(w, "executionSuccessful");
	mlcap_jw__bool(w, !d || d->errors == 0);
	sarif_notifications(w, d);
	mlcap_jw__end_obj(w);
	mlcap_jw__end_arr(w);
	mlcap_jw__key(w, "results");
	mlcap_jw__arr(w);
	for (i = 0; i < l->n_findings; i++) {
		const mlcap_label_finding *f = &l->findings[i];
		const mlcap_workload *wl = f->workload;
		uint32_t j;
		usd[0] = '\0';
		if (f->monthly_nanos > 0) {
			char b[40];
			mlcap_doc__usd(b, sizeof(b), f->monthly_nanos);
			snprintf(usd, sizeof(usd),
				 "; %s/month of spend is unattributable", b);
		}
		for (j = 0; j < f->n_missing + f->n_invalid; j++) {
			const mlcap_label_problem *pb = &f->problems[j];
			char inv[512];
			k = (size_t)(pb->rule - keys);
			if (j < f->n_missing) {
				snprintf(msg, sizeof(msg),
					 "%s %s lacks the cost label '%s'%s",
					 wl->kind, f->key, pb->rule->key, usd);
			} else {
				invalid_text(inv, sizeof(inv), pb);
				snprintf(msg, sizeof(msg),
					 "%s %s has an invalid cost label: "
					 "%s%s",
					 wl->kind, f->key, inv, usd);
			}
			sarif_result(w, k, pb->rule, msg, &pb->loc, f->key);
		}
	}
	mlcap_jw__end_arr(w);
	mlcap_jw__key(w, "tool");
	mlcap_jw__obj(w);
	mlcap_jw__key(w, "driver");
	mlcap_jw__obj(w);
	mlcap_jw__kstr(w, "informationUri",
		       "https://github.com/mlcap/mlcap#mlcap-labels-path");
	mlcap_jw__kstr(w, "name", "mlcap");
	sarif_rules(w, p);
	mlcap_jw__kstr(w, "semanticVersion", MLCAP_VERSION);
	mlcap_jw__kstr(w, "version", MLCAP_VERSION);
	mlcap_jw__end_obj(w);
	mlcap_jw__end_obj(w);
	mlcap_jw__end_obj(w);
	mlcap_jw__end_arr(w);
	mlcap_jw__kstr(w, "version", "2.1.0");
	mlcap_jw__end_obj(w);
	rc = mlcap_jw__finish(w);
	mlcap_mem__free(w);
	return rc;
}

void mlcap_render__labels_summary(FILE *out, const mlcap_labels *l)
{
	char msg[512], a[32], b[32], c[32], u[48];
	share(a, sizeof(a), l->total.compliant, l->total.workloads);
	if (l->costed) {
		share(b, sizeof(b), l->total.compliant_nanos,
		      l->total.monthly_nanos);
		share(c, sizeof(c), l->total.compliant_gpu_nanos,
		      l->total.gpu_nanos);
		if (l->total.gpu_nanos <= 0)
			snprintf(c, sizeof(c), "none");
		mlcap_doc__usd(u, sizeof(u),
			       l->total.monthly_nanos -
				   l->total.compliant_nanos);
		snprintf(msg, sizeof(msg),
			 "%lld of %lld workloads fully labelled (%s); %s of "
			 "monthly cost; of GPU spend: %s; %s/month "
			 "unattributable",
			 (long long)l->total.compliant,
			 (long long)l->total.workloads, a, b, c, u);
	} else {
		snprintf(msg, sizeof(msg),
			 "%lld of %lld workloads fully labelled (%s)",
			 (long long)l->total.compliant,
			 (long long)l->total.workloads, a);
	}
	mlcap_render__github(out, MLCAP_NOTE, NULL, "cost-label coverage", msg);
}

int mlcap_render_labels(FILE *out, const mlcap_labels *l, const mlcap_policy *p,
			const mlcap_diags *d, mlcap_format f,
			const mlcap_render_opts *o)
{
	mlcap_doc doc;
	mlcap_jw *w;
	int rc;

	switch (f) {
	case MLCAP_FORMAT_JSON:
		if (!(w = mlcap_mem__alloc(sizeof(*w))))
			return MLCAP_ENOMEM;
		mlcap_jw__init(w, out);
		mlcap_render__labels_json(w, l, p, d);
		rc = mlcap_jw__finish(w);
		mlcap_mem__free(w);
		return rc;
	case MLCAP_FORMAT_SARIF:
		return mlcap_render__labels_sarif(out, l, p, d);
	case MLCAP_FORMAT_GITHUB:
		mlcap_render__github_diags(out, d);
		mlcap_render__labels_github(out, l);
		mlcap_render__labels_summary(out, l);
		return ferror(out) ? MLCAP_EIO : 0;
	default:
		doc.out = out;
		doc.md = f == MLCAP_FORMAT_MARKDOWN;
		doc.color = o && o->color;
		doc.err = 0;
		if (doc.md)
			fputs("## Cost-label coverage\n", out);
		mlcap_render__labels_doc(&doc, l, p);
		if (doc.err)
			return doc.err;
		return ferror(out) ? MLCAP_EIO : 0;
	}
}
