/*
 * render_prices.c - price rows from the catalog as a table for people,
 * the documented JSON document, or CSV that `mlcap pricing import` reads
 * back. Reads a finished mlcap_price_list; never queries.
 */
#include <string.h>
#include "internal.h"
#include "csv.h"
#include "json_out.h"
#include "banned.h"

#define HOURS_PER_MONTH 730

static int prices_json(FILE *out, const mlcap_price_list *l)
{
	mlcap_jw w;
	size_t i;

	mlcap_jw__init(&w, out);
	mlcap_jw__obj(&w);
	mlcap_jw__key(&w, "prices");
	mlcap_jw__arr(&w);
	for (i = 0; i < l->count; i++) {
		const mlcap_price *p = &l->items[i];
		mlcap_jw__obj(&w);
		mlcap_jw__kint(&w, "accelerator_count", p->accelerator_count);
		mlcap_jw__kstr(&w, "accelerator_model", p->accelerator_model);
		mlcap_jw__kstr(&w, "arch", p->arch);
		mlcap_jw__kstr(&w, "category", p->category);
		mlcap_jw__kstr(&w, "effective_from", p->effective_from);
		mlcap_jw__kstr(&w, "family", p->family);
		mlcap_jw__kint(&w, "gpu_count", p->gpu_count);
		mlcap_jw__key(&w, "gpu_memory_bytes");
		if (p->gpu_memory_bytes)
			mlcap_jw__int(&w, p->gpu_memory_bytes);
		else
			mlcap_jw__null(&w);
		mlcap_jw__kstr(&w, "gpu_model", p->gpu_model);
		mlcap_jw__kstr(&w, "instance_type", p->instance_type);
		mlcap_jw__kint(&w, "memory_bytes", p->memory_bytes);
		mlcap_jw__kstr(&w, "provider", p->provider);
		mlcap_jw__kstr(&w, "purchase_option", p->purchase_option);
		mlcap_jw__kstr(&w, "region", p->region);
		mlcap_jw__kstr(&w, "source", p->source);
		mlcap_jw__key(&w, "usd_per_hour");
		mlcap_jw__number_text(&w, p->usd_per_hour);
		mlcap_jw__kint(&w, "usd_per_hour_nanos", p->usd_nanos);
		mlcap_jw__kint(&w, "vcpu", p->vcpu);
		mlcap_jw__end_obj(&w);
	}
	mlcap_jw__end_arr(&w);
	mlcap_jw__kint(&w, "schema_version", MLCAP_PRICES_SCHEMA);
	mlcap_jw__end_obj(&w);
	return mlcap_jw__finish(&w);
}

static int prices_csv(FILE *out, const mlcap_price_list *l)
{
	size_t i;

	fputs("provider,region,instance_type,purchase_option,usd_per_hour,"
	      "effective_from,source,family,category,vcpu,memory_mib,"
	      "gpu_count,gpu_model,gpu_memory_mib,accelerator_count,"
	      "accelerator_model,arch\n",
	      out);
	for (i = 0; i < l->count; i++) {
		const mlcap_price *p = &l->items[i];
		mlcap_csv__write_field(out, p->provider, false);
		mlcap_csv__write_field(out, p->region, false);
		mlcap_csv__write_field(out, p->instance_type, false);
		mlcap_csv__write_field(out, p->purchase_option, false);
		mlcap_csv__write_field(out, p->usd_per_hour, false);
		mlcap_csv__write_field(out, p->effective_from, false);
		mlcap_csv__write_field(out, p->source, false);
		mlcap_csv__write_field(out, p->family, false);
		mlcap_csv__write_field(out, p->category, false);
		fprintf(out, "%lld,%lld,%lld,", (long long)p->vcpu,
			(long long)(p->memory_bytes / 1048576),
			(long long)p->gpu_count);
		mlcap_csv__write_field(out, p->gpu_model, false);
		if (p->gpu_memory_bytes)
			fprintf(out, "%lld,",
				(long long)(p->gpu_memory_bytes / 1048576));
		else
			fputs(",", out);
		fprintf(out, "%lld,", (long long)p->accelerator_count);
		mlcap_csv__write_field(out, p->accelerator_model, false);
		mlcap_csv__write_field(out, p->arch, true);
	}
	return ferror(out) ? MLCAP_EIO : 0;
}

enum {
	C_PROV,
	C_REGION,
	C_TYPE,
	C_VCPU,
	C_MEM,
	C_ACC,
	C_OPT,
	C_HOUR,
	C_MONTH,
	C_FROM,
	N_COLS
};

static void price_cells(const mlcap_price *p, char c[N_COLS][96])
{
	int64_t month = 0;
	char mem[32];

	snprintf(c[C_PROV], 96, "%s", p->provider);
	snprintf(c[C_REGION], 96, "%s", p->region);
	snprintf(c[C_TYPE], 96, "%s", p->instance_type);
	snprintf(c[C_VCPU], 96, "%lld", (long long)p->vcpu);
	mlcap_format_bytes(mem, sizeof(mem), p->memory_bytes);
	snprintf(c[C_MEM], 96, "%s", mem);
	if (p->gpu_count)
		snprintf(c[C_ACC], 96, "%lldx %s", (long long)p->gpu_count,
			 p->gpu_model ? p->gpu_model : "GPU");
	else if (p->accelerator_count)
		snprintf(c[C_ACC], 96, "%lldx %s",
			 (long long)p->accelerator_count,
			 p->accelerator_model ? p->accelerator_model : "?");
	else
		snprintf(c[C_ACC], 96, "-");
	snprintf(c[C_OPT], 96, "%s", p->purchase_option);
	snprintf(c[C_HOUR], 96, "%s", p->usd_per_hour);
	if (mlcap_money_muldiv(&month, p->usd_nanos, HOURS_PER_MONTH, 1) == 0)
		mlcap_money_format_usd(c[C_MONTH], 96, month);
	else
		snprintf(c[C_MONTH], 96, "?");
	snprintf(c[C_FROM], 96, "%s", p->effective_from);
}

static int prices_text(FILE *out, const mlcap_price_list *l,
		       const mlcap_render_opts *o)
{
	static const char *const head[N_COLS] = {
	    "PROVIDER",	       "REGION",       "INSTANCE-TYPE", "VCPU",
	    "MEMORY",	       "ACCELERATORS", "PURCHASE",	"USD/HOUR",
	    "USD/MONTH(730H)", "EFFECTIVE"};
	static const bool right[N_COLS] = {false, false, false, true, true,
					   false, false, true,	true, false};
	char c[N_COLS][96];
	size_t width[N_COLS], i;
	int k;

	if (!l->count) {
		fputs("No prices match.\n", out);
		return ferror(out) ? MLCAP_EIO : 0;
	}
	for (k = 0; k < N_COLS; k++)
		width[k] = strlen(head[k]);
	for (i = 0; i < l->count; i++) {
		price_cells(&l->items[i], c);
		for (k = 0; k < N_COLS; k++)
			if (strlen(c[k]) > width[k])
				width[k] = strlen(c[k]);
	}
	if (o && o->color)
		fputs("\033[1m", out);
	for (k = 0; k < N_COLS; k++)
		fprintf(out, right[k] ? "%*s%s" : "%-*s%s",
			k + 1 < N_COLS ? (int)width[k] : 0, head[k],
			k + 1 < N_COLS ? "   " : "");
	if (o && o->color)
		fputs("\033[0m", out);
	putc('\n', out);
	for (i = 0; i < l->count; i++) {
		price_cells(&l->items[i], c);
		for (k = 0; k < N_COLS; k++)
			fprintf(out, right[k] ? "%*s%s" : "%-*s%s",
				k + 1 < N_COLS ? (int)width[k] : 0, c[k],
				k + 1 < N_COLS ? "   " : "");
		putc('\n', out);
	}
	if (o && o->show_sources) {
		/* Every figure traces to where it was published. */
		fputs("\nSOURCES\n", out);
		for (i = 0; i < l->count; i++) {
			const mlcap_price *p = &l->items[i];
			fprintf(out, "%s  %s  %s  %s: %s\n", p->effective_from,
				p->region, p->purchase_option, p->usd_per_hour,
				p->source);
		}
	}
	return ferror(out) ? MLCAP_EIO : 0;
}

int mlcap_render_prices(FILE *out, const mlcap_price_list *l, mlcap_format f,
			const mlcap_render_opts *o)
{
	if (f == MLCAP_FORMAT_JSON)
		return prices_json(out, l);
	if (f == MLCAP_FORMAT_CSV)
		return prices_csv(out, l);
	return prices_text(out, l, o);
}

/* ---- the rate fit ---- */

static int64_t fitted(const mlcap_rates *r, const mlcap_price *p)
{
	int64_t cpu = 0, mem = 0;
	mlcap_money_muldiv(&cpu, r->cpu_nanos, p->vcpu, 1);
	mlcap_money_muldiv(&mem, r->mem_nanos, p->memory_bytes, 1073741824LL);
	return cpu + mem;
}

static bool is_accel(const mlcap_price *p)
{
	return p->gpu_count > 0 || p->accelerator_count > 0;
}

static void exact(char *buf, size_t n, int64_t nanos)
{
	mlcap_money_format_exact(buf, n, nanos);
}

static int rates_json(FILE *out, const mlcap_rates *r,
		      const mlcap_price_list *l)
{
	char num[48];
	mlcap_jw w;
	size_t i;

	mlcap_jw__init(&w, out);
	mlcap_jw__obj(&w);
	mlcap_jw__key(&w, "clamped");
	mlcap_jw__bool(&w, r->clamped);
	mlcap_jw__key(&w, "declared");
	mlcap_jw__bool(&w, r->declared);
	exact(num, sizeof(num), r->cpu_nanos);
	mlcap_jw__key(&w, "cpu_usd_per_vcpu_hour");
	mlcap_jw__number_text(&w, num);
	mlcap_jw__key(&w, "inputs");
	mlcap_jw__arr(&w);
	for (i = 0; i < l->count; i++) {
		const mlcap_price *p = &l->items[i];
		if (!mlcap_rates_input(p))
			continue;
		mlcap_jw__obj(&w);
		exact(num, sizeof(num), fitted(r, p));
		mlcap_jw__key(&w, "fitted_usd_per_hour");
		mlcap_jw__number_text(&w, num);
		mlcap_jw__kstr(&w, "instance_type", p->instance_type);
		mlcap_jw__kint(&w, "memory_bytes", p->memory_bytes);
		mlcap_jw__key(&w, "usd_per_hour");
		mlcap_jw__number_text(&w, p->usd_per_hour);
		mlcap_jw__kint(&w, "vcpu", p->vcpu);
		mlcap_jw__end_obj(&w);
	}
	mlcap_jw__end_arr(&w);
	exact(num, sizeof(num), r->mem_nanos);
	mlcap_jw__key(&w, "memory_usd_per_gib_hour");
	mlcap_jw__number_text(&w, num);
	snprintf(num, sizeof(num), "%.6f", r->r_squared);
	mlcap_jw__key(&w, "r_squared");
	mlcap_jw__number_text(&w, num);
	mlcap_jw__kint(&w, "schema_version", MLCAP_PRICES_SCHEMA);
	mlcap_jw__key(&w, "split");
	mlcap_jw__arr(&w);
	for (i = 0; i < l->count; i++) {
		const mlcap_price *p = &l->items[i];
		int64_t cm, gpu;
		if (!is_accel(p))
			continue;
		mlcap_rates_split(r, p, &cm, &gpu);
		mlcap_jw__obj(&w);
		exact(num, sizeof(num), cm);
		mlcap_jw__key(&w, "cpu_memory_usd_per_hour");
		mlcap_jw__number_text(&w, num);
		mlcap_jw__kint(&w, "gpu_count", p->gpu_count);
		mlcap_jw__kstr(&w, "gpu_model", p->gpu_model);
		exact(num, sizeof(num), gpu);
		mlcap_jw__key(&w, "gpu_usd_per_hour");
		mlcap_jw__number_text(&w, num);
		mlcap_jw__kstr(&w, "instance_type", p->instance_type);
		mlcap_jw__key(&w, "usd_per_hour");
		mlcap_jw__number_text(&w, p->usd_per_hour);
		mlcap_jw__end_obj(&w);
	}
	mlcap_jw__end_arr(&w);
	mlcap_jw__end_obj(&w);
	return mlcap_jw__finish(&w);
}

static int rates_text(FILE *out, const mlcap_rates *r,
		      const mlcap_price_list *l)
{
	char a[48], b[48], c[48], mem[32];
	size_t i;

	exact(a, sizeof(a), r->cpu_nanos);
	exact(b, sizeof(b), r->mem_nanos);
	if (r->declared)
		fprintf(out,
			"Declared resource rates (from the catalog):\n"
			"  cpu      $%s per vCPU-hour\n"
			"  memory   $%s per GiB-hour\n\n",
			a, b);
	else
		fprintf(
		    out,
		    "Fitted over %zu CPU-only types (general, compute, memory "
		    "families), R^2 %.4f%s:\n"
		    "  cpu      $%s per vCPU-hour\n"
		    "  memory   $%s per GiB-hour\n\n",
		    r->n_inputs, r->r_squared,
		    r->clamped ? "; a negative rate was clamped to 0" : "", a,
		    b);
	fprintf(out, "%-16s %5s %8s %12s %12s %12s\n", "INPUT", "VCPU",
		"MEMORY", "USD/HOUR", "FITTED", "RESIDUAL");
	for (i = 0; i < l->count; i++) {
		const mlcap_price *p = &l->items[i];
		int64_t f;
		if (!mlcap_rates_input(p))
			continue;
		f = fitted(r, p);
		mlcap_format_bytes(mem, sizeof(mem), p->memory_bytes);
		exact(a, sizeof(a), f);
		exact(b, sizeof(b), p->usd_nanos - f);
		fprintf(out, "%-16s %5lld %8s %12s %12s %12s\n",
			p->instance_type, (long long)p->vcpu, mem,
			p->usd_per_hour, a, b);
	}
	fprintf(out, "\nGPU split: cpu+memory = vCPU x cpu + GiB x memory; "
		     "gpu = price - cpu+memory\n");
	fprintf(out, "%-16s %5s %8s %-14s %12s %12s %12s\n", "INSTANCE-TYPE",
		"VCPU", "MEMORY", "ACCELERATORS", "USD/HOUR", "CPU+MEMORY",
		"GPU");
	for (i = 0; i < l->count; i++) {
		const mlcap_price *p = &l->items[i];
		char acc[48];
		int64_t cm, gpu;
		if (!is_accel(p))
			continue;
		mlcap_rates_split(r, p, &cm, &gpu);
		mlcap_format_bytes(mem, sizeof(mem), p->memory_bytes);
		snprintf(
		    acc, sizeof(acc), "%lldx %s",
		    (long long)(p->gpu_count ? p->gpu_count
					     : p->accelerator_count),
		    p->gpu_count
			? (p->gpu_model ? p->gpu_model : "GPU")
			: (p->accelerator_model ? p->accelerator_model : "?"));
		exact(a, sizeof(a), cm);
		exact(c, sizeof(c), gpu);
		fprintf(out, "%-16s %5lld %8s %-14s %12s %12s %12s\n",
			p->instance_type, (long long)p->vcpu, mem, acc,
			p->usd_per_hour, a, c);
	}
	return ferror(out) ? MLCAP_EIO : 0;
}

int mlcap_render_rates(FILE *out, const mlcap_rates *r,
		       const mlcap_price_list *l, mlcap_format f)
{
	return f == MLCAP_FORMAT_JSON ? rates_json(out, r, l)
				      : rates_text(out, r, l);
}
