/*
 * render_budget.c - budgets and alerts for people (text, Markdown), for
 * machines (JSON, schema in README) and as a Slack-compatible webhook
 * payload (a JSON file mlcap writes and never sends).
 */
#include <string.h>
#include "mlcap/budget.h"
#include "mlcap/money.h"
#include "mlcap/render.h"
#include "render_budget.h"
#include "banned.h"

/* A threshold as written: "80%", "92.5%" -> "92.50%". */
static void threshold(char *buf, size_t n, int64_t ppm)
{
	if (ppm % 10000 == 0)
		snprintf(buf, n, "%lld%%", (long long)(ppm / 10000));
	else
		mlcap_doc__pct_ppm(buf, n, ppm);
}

/* "cluster", "namespace ml", "team=vision in ml", plus ", GPU only". */
static void scope_text(char *buf, size_t n, const mlcap_budget *b)
{
	snprintf(buf, n, "%s%s%s%s",
		 b->selector	? b->selector
		 : b->namespace ? "namespace "
				: "cluster",
		 b->selector && b->namespace ? " in " : "",
		 b->namespace ? b->namespace : "",
		 b->gpu_only ? ", GPU only" : "");
}

static void usd(char *buf, size_t n, int64_t nanos)
{
	if (nanos < 0)
		snprintf(buf, n, "-");
	else
		mlcap_doc__usd(buf, n, nanos);
}

/* "$963.60 (107.07%)": an amount and its share of the budget. */
static void usd_share(char *buf, size_t n, int64_t nanos, const mlcap_budget *b)
{
	char u[48], p[48];
	if (nanos < 0) {
		snprintf(buf, n, "-");
		return;
	}
	usd(u, sizeof(u), nanos);
	mlcap_doc__pct_ppm(p, sizeof(p),
			   mlcap_money_ppm(nanos, b->amount_nanos));
	snprintf(buf, n, "%s (%s)", u, p);
}

/* One alert in a sentence: "vision: planned spend $x is 112.00% of the
 * $y budget (threshold 100%)". */
void mlcap_render__budget_alert_text(char *buf, size_t n,
				     const mlcap_budget_alert *a)
{
	char amt[48], bud[48], used[48], th[48], scope[256];
	static const char *const what[] = {"planned spend (declared replicas)",
					   "spend at the HPA maximum",
					   "forecast month-end spend"};
	usd(amt, sizeof(amt), a->amount_nanos);
	usd(bud, sizeof(bud), a->status->budget->amount_nanos);
	mlcap_doc__pct_ppm(used, sizeof(used), a->used_ppm);
	threshold(th, sizeof(th), a->threshold_ppm);
	scope_text(scope, sizeof(scope), a->status->budget);
	snprintf(buf, n, "%s (%s): %s %s is %s of the %s budget (threshold %s)",
		 a->status->budget->name, scope, what[a->basis], amt, used, bud,
		 th);
}

/* The workloads that drive a planned or max alert (a forecast comes from
 * actual spend, which the plan does not break down). */
static void top_text(char *buf, size_t n, const mlcap_budget_alert *a, bool md)
{
	const mlcap_budget_status *st = a->status;
	size_t used = 0;
	uint32_t i;
	buf[0] = '\0';
	for (i = 0;
	     a->basis != MLCAP_BUDGET_FORECAST && i < st->n_top && used < n;
	     i++) {
		char u[48];
		int w;
		usd(u, sizeof(u), st->top[i].nanos);
		w = snprintf(buf + used, n - used, "%s%s%s%s %s", i ? ", " : "",
			     md ? "`" : "", st->top[i].key, md ? "`" : "", u);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

void mlcap_render__budgets_doc(mlcap_doc *o, const mlcap_budget_report *r)
{
	mlcap_table t;
	char line[2048], top[1024];
	size_t i;

	mlcap_doc__heading(o, "Budgets");
	if (r->has_spend && r->day)
		fprintf(o->out,
			"%sMonth-to-date spend runs to %04d-%02d-%02d, day %d "
			"of %d;\n%sthe forecast is linear to month end.\n%s",
			o->md ? "" : "  ", r->year, r->month, r->day, r->day,
			r->days_in_month, o->md ? "" : "  ", o->md ? "\n" : "");
	mlcap_table__init(&t,
			  "BUDGET|SCOPE|>AMOUNT|>PLANNED|>AT HPA MAX|>SPENT|"
			  ">FORECAST");
	for (i = 0; i < r->count; i++) {
		const mlcap_budget_status *st = &r->items[i];
		const mlcap_budget *b = st->budget;
		char c[7][160];
		const char *cells[7];
		size_t k;
		snprintf(c[0], sizeof(c[0]), "%s", b->name);
		scope_text(c[1], sizeof(c[1]), b);
		usd(c[2], sizeof(c[2]), b->amount_nanos);
		usd_share(c[3], sizeof(c[3]), st->planned_nanos, b);
		usd_share(c[4], sizeof(c[4]), st->max_nanos, b);
		usd(c[5], sizeof(c[5]), st->spent_nanos);
		usd_share(c[6], sizeof(c[6]), st->forecast_nanos, b);
		for (k = 0; k < 7; k++)
			cells[k] = c[k];
		mlcap_table__row(&t, cells);
	}
	mlcap_doc__table(o, &t);
	mlcap_doc__heading(o, "Budget alerts");
	if (!r->n_alerts)
		fprintf(o->out, "%sNo budget crosses a threshold.\n",
			o->md ? "" : "  ");
	for (i = 0; i < r->n_alerts; i++) {
		const mlcap_budget_alert *a = &r->alerts[i];
		mlcap_render__budget_alert_text(line, sizeof(line), a);
		top_text(top, sizeof(top), a, o->md);
		if (o->md)
			fprintf(o->out, "- **%s** %s%s%s\n",
				mlcap_severity_str(a->severity), line,
				top[0] ? ". Top workloads: " : "", top);
		else
			fprintf(o->out, "  %s: %s\n%s%s%s",
				mlcap_severity_str(a->severity), line,
				top[0] ? "    top workloads: " : "", top,
				top[0] ? "\n" : "");
	}
}

static void top_json(mlcap_jw *w, const mlcap_budget_status *st)
{
	uint32_t i;
	mlcap_jw__key(w, "top_workloads");
	mlcap_jw__arr(w);
	for (i = 0; i < st->n_top; i++) {
		mlcap_jw__obj(w);
		mlcap_doc__jw_usd(w, "monthly_usd", st->top[i].nanos);
		mlcap_jw__kstr(w, "workload", st->top[i].key);
		mlcap_jw__end_obj(w);
	}
	mlcap_jw__end_arr(w);
}

void mlcap_render__budgets_json(mlcap_jw *w, const mlcap_budget_report *r)
{
	size_t i;
	uint32_t k;

	mlcap_jw__obj(w);
	mlcap_jw__key(w, "alerts");
	mlcap_jw__arr(w);
	for (i = 0; i < r->n_alerts; i++) {
		const mlcap_budget_alert *a = &r->alerts[i];
		mlcap_jw__obj(w);
		mlcap_doc__jw_usd(w, "amount_usd", a->amount_nanos);
		mlcap_jw__kstr(w, "basis", mlcap_budget_basis_name(a->basis));
		mlcap_jw__kstr(w, "budget", a->status->budget->name);
		mlcap_doc__jw_usd(w, "budget_usd",
				  a->status->budget->amount_nanos);
		mlcap_jw__kstr(w, "severity", mlcap_severity_str(a->severity));
		mlcap_doc__jw_pct_ppm(w, "threshold_percent", a->threshold_ppm);
		top_json(w, a->status);
		mlcap_doc__jw_pct_ppm(w, "used_percent", a->used_ppm);
		mlcap_jw__end_obj(w);
	}
	mlcap_jw__end_arr(w);
	mlcap_jw__key(w, "budgets");
	mlcap_jw__arr(w);
	for (i = 0; i < r->count; i++) {
		const mlcap_budget_status *st = &r->items[i];
		const mlcap_budget *b = st->budget;
		mlcap_jw__obj(w);
		mlcap_doc__jw_usd(w, "amount_usd", b->amount_nanos);
		mlcap_jw__kstr(w, "file", b->loc.file);
		mlcap_doc__jw_usd(w, "forecast_usd", st->forecast_nanos);
		mlcap_doc__jw_pct_ppm(
		    w, "forecast_used_percent",
		    mlcap_money_ppm(st->forecast_nanos, b->amount_nanos));
		mlcap_jw__kint(w, "line", b->loc.line);
		mlcap_doc__jw_usd(w, "max_monthly_usd", st->max_nanos);
		mlcap_doc__jw_pct_ppm(
		    w, "max_used_percent",
		    mlcap_money_ppm(st->max_nanos, b->amount_nanos));
		mlcap_jw__kstr(w, "name", b->name);
		mlcap_doc__jw_usd(w, "planned_monthly_usd", st->planned_nanos);
		mlcap_doc__jw_pct_ppm(
		    w, "planned_used_percent",
		    mlcap_money_ppm(st->planned_nanos, b->amount_nanos));
		mlcap_jw__key(w, "scope");
		mlcap_jw__obj(w);
		mlcap_jw__key(w, "gpu_only");
		mlcap_jw__bool(w, b->gpu_only);
		mlcap_jw__kstr(w, "namespace", b->namespace);
		mlcap_jw__kstr(w, "selector", b->selector);
		mlcap_jw__end_obj(w);
		mlcap_doc__jw_usd(w, "spent_usd", st->spent_nanos);
		mlcap_jw__key(w, "thresholds_percent");
		mlcap_jw__arr(w);
		for (k = 0; k < b->n_thresholds; k++) {
			char t[32];
			mlcap_doc__percent_ppm(t, sizeof(t),
					       b->thresholds_ppm[k]);
			mlcap_jw__number_text(w, t);
		}
		mlcap_jw__end_arr(w);
		top_json(w, st);
		mlcap_jw__kint(w, "workloads", st->workloads);
		mlcap_jw__end_obj(w);
	}
	mlcap_jw__end_arr(w);
	mlcap_jw__key(w, "month_to_date");
	if (r->has_spend && r->day) {
		char date[16];
		mlcap_jw__obj(w);
		snprintf(date, sizeof(date), "%04d-%02d-%02d", r->year,
			 r->month, r->day);
		mlcap_jw__kstr(w, "as_of", date);
		mlcap_jw__kint(w, "day", r->day);
		mlcap_jw__kint(w, "days_in_month", r->days_in_month);
		mlcap_jw__end_obj(w);
	} else {
		mlcap_jw__null(w);
	}
	mlcap_jw__key(w, "over_budget");
	mlcap_jw__bool(w, r->over);
	mlcap_jw__end_obj(w);
}

/* Slack's mrkdwn needs &, < and > as HTML entities. */
static void slack_escape(char *dst, size_t n, const char *src)
{
	size_t used = 0;
	for (; *src && used + 6 < n; src++) {
		const char *e = *src == '&'   ? "&amp;"
				: *src == '<' ? "&lt;"
				: *src == '>' ? "&gt;"
					      : NULL;
		if (e) {
			memcpy(dst + used, e, strlen(e));
			used += strlen(e);
		} else {
			dst[used++] = *src;
		}
	}
	dst[used] = '\0';
}

/* One mrkdwn section; Slack refuses texts over 3,000 characters, so a
 * longer one is cut (at a character boundary). */
static void slack_section(mlcap_jw *w, char *text)
{
	size_t n = strlen(text);
	if (n > 2990) {
		n = 2990;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
		text[n] = '\0';
	}
	mlcap_jw__obj(w);
	mlcap_jw__key(w, "text");
	mlcap_jw__obj(w);
	mlcap_jw__kstr(w, "text", text);
	mlcap_jw__kstr(w, "type", "mrkdwn");
	mlcap_jw__end_obj(w);
	mlcap_jw__kstr(w, "type", "section");
	mlcap_jw__end_obj(w);
}

/* Slack takes at most 50 blocks: a header, 48 alerts and a remainder. */
#define SLACK_MAX_ALERTS 48

int mlcap_render_budget_slack(FILE *out, const mlcap_budget_report *r)
{
	mlcap_jw *w = mlcap_mem__alloc(sizeof(*w));
	char line[2048], top[1024], text[4200], esc[2048];
	size_t i;
	int rc;

	if (!w)
		return MLCAP_ENOMEM;
	mlcap_jw__init(w, out);
	mlcap_jw__obj(w);
	mlcap_jw__key(w, "blocks");
	mlcap_jw__arr(w);
	mlcap_jw__obj(w);
	mlcap_jw__key(w, "text");
	mlcap_jw__obj(w);
	mlcap_jw__kstr(w, "text", "mlcap budget alerts");
	mlcap_jw__kstr(w, "type", "plain_text");
	mlcap_jw__end_obj(w);
	mlcap_jw__kstr(w, "type", "header");
	mlcap_jw__end_obj(w);
	for (i = 0; i < r->n_alerts; i++) {
		const mlcap_budget_alert *a = &r->alerts[i];
		if (i == SLACK_MAX_ALERTS &&
		    r->n_alerts > SLACK_MAX_ALERTS + 1) {
			snprintf(text, sizeof(text),
				 "%zu more alerts: see the check report",
				 r->n_alerts - SLACK_MAX_ALERTS);
			slack_section(w, text);
			break;
		}
		mlcap_render__budget_alert_text(line, sizeof(line), a);
		top_text(top, sizeof(top), a, true);
		slack_escape(esc, sizeof(esc), line);
		slack_escape(line, sizeof(line), top);
		snprintf(text, sizeof(text), "%s *%s*\n%s%s%s",
			 a->severity == MLCAP_ERROR ? ":red_circle:"
						    : ":warning:",
			 mlcap_severity_str(a->severity), esc,
			 line[0] ? "\nTop workloads: " : "", line);
		slack_section(w, text);
	}
	mlcap_jw__end_arr(w);
	/* The fallback text notifications show. */
	snprintf(text, sizeof(text), "mlcap: %zu budget alert%s%s", r->n_alerts,
		 r->n_alerts == 1 ? "" : "s",
		 r->over ? ", a budget is over 100% at declared replicas" : "");
	mlcap_jw__kstr(w, "text", text);
	mlcap_jw__end_obj(w);
	rc = mlcap_jw__finish(w);
	mlcap_mem__free(w);
	return rc;
}
