/*
 * import_gcp.c - reader for Cloud Billing Catalog API SKU lists (Compute
 * Engine: cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus).
 * GCP prices a machine type by its parts: vCPU-hours, GiB-hours of RAM
 * and, for accelerator-optimized types, GPU-hours. SKUs become parts;
 * each machine type of the catalog is then priced from its specs with
 * exact integer arithmetic in nano-dollars, or skipped with a reason.
 */
#include <stdlib.h>
#include <string.h>
#include "import_json.h"
#include "banned.h"

#define GIB (1LL << 30)

enum { CORE, RAM, GPU };

/* A SKU that became parts; `used` once a machine type looked it up. */
typedef struct {
	const char *id;
	bool used;
} sku;

/*
 * The price of one part in one region for one purchase option. Strings
 * live in the kept pages or the arena; `what` is the family ("n2") of a
 * vCPU or RAM part and the catalog's GPU model ("L4") of a GPU part.
 */
typedef struct {
	int kind;
	const char *what, *region, *purchase;
	char date[11];
	int64_t nanos; /* per hour; per GiB-hour for RAM */
	size_t sku;
	uint32_t line;
	bool ambiguous; /* another SKU prices the same part differently */
} part;

typedef struct {
	const char *name, *gpu_model;
	int64_t vcpu, memory_bytes, gpu_count;
} mtype;

/* Invariant: every part's `sku` indexes skus; pages hold a reference. */
typedef struct {
	mlcap_import *im;
	mlcap_arena arena;
	struct {
		json_t **items;
		size_t count, alloc;
	} pages;
	struct {
		sku *items;
		size_t count, alloc;
	} skus;
	struct {
		part *items;
		size_t count, alloc;
	} parts;
	struct {
		mtype *items;
		size_t count, alloc;
	} types;
} gcp;

/* Marks a describe() failure that is out of memory, not a reason. */
static const char no_memory[] = "";

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Usage type (category.usageType) to purchase option; NULL: not modelled. */
static const char *purchase_of(const char *usage)
{
	static const char *const map[][2] = {
	    {"OnDemand", "on-demand"},
	    {"Preemptible", "spot"},
	    {"Spot", "spot"},
	    {"Commit1Yr", "committed-1y"},
	    {"Commit3Yr", "committed-3y"},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(usage, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* "Nvidia Tesla A100" (GPU SKU wording) to the catalog's model name. */
static const char *gpu_model(const char *head)
{
	static const char *const map[][2] = {
	    {"Nvidia Tesla A100", "A100-40GB"},
	    {"Nvidia Tesla A100 80GB", "A100-80GB"},
	    {"Nvidia A100 80GB", "A100-80GB"},
	    {"Nvidia H100 80GB", "H100"},
	    {"Nvidia L4", "L4"},
	    {"Nvidia Tesla T4", "T4"},
	    {"Nvidia Tesla V100", "V100"},
	    {"Nvidia Tesla P100", "P100"},
	    {"Nvidia Tesla P4", "P4"},
	    {"Nvidia Tesla K80", "K80"},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(head, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* A machine family code as GCP writes it: "N2", "N2D", "C4A", "A2". */
static bool family_code(const char *w, size_t n)
{
	bool digit = false;
	size_t i;

	if (n == 0 || n > 15 || w[0] < 'A' || w[0] > 'Z')
		return false;
	for (i = 0; i < n; i++) {
		if (w[i] >= '0' && w[i] <= '9')
			digit = true;
		else if (w[i] < 'A' || w[i] > 'Z')
			return false;
	}
	return digit;
}

/* Words allowed between the family and "Core"/"Ram". */
static bool filler(const char *w, size_t n)
{
	static const char *const ok[] = {"Instance", "Predefined",
					 "AMD",	     "Arm",
					 "Intel",    "Memory-optimized"};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strlen(ok[i]) == n && memcmp(w, ok[i], n) == 0)
			return true;
	return false;
}

/*
 * The family of a vCPU or RAM head: "N2 Instance Core", "N2D AMD Instance
 * Ram", "N1 Predefined Instance Core", "N2 Cpu" (commitments), "Cpu"
 * (N1 commitments), "Compute optimized Core" (C2). Sets *kind and *what
 * (arena); returns NULL or the reason to skip.
 */
static const char *describe_vm(gcp *g, const char *head, const char *group,
			       int *kind, const char **what)
{
	const char *last = strrchr(head, ' '), *p, *fam = NULL;
	size_t fam_len = 0;
	char low[16];
	size_t i;

	last = last ? last + 1 : head;
	if (!strcmp(last, "Core") || !strcmp(last, "Cpu"))
		*kind = CORE;
	else if (!strcmp(last, "Ram"))
		*kind = RAM;
	else
		return "SKU description not recognised";
	if ((*kind == CORE && !strcmp(group, "RAM")) ||
	    (*kind == RAM && !strcmp(group, "CPU")))
		return "SKU description does not match its resource group";
	if (last == head) {
		fam = "N1"; /* "Commitment v1: Cpu in ..." */
		fam_len = 2;
	} else if (starts(head, "Compute optimized ")) {
		fam = "C2";
		fam_len = 2;
		if (head + strlen("Compute optimized ") != last)
			return "SKU description not recognised";
	} else {
		p = strchr(head, ' ');
		if (!family_code(head, (size_t)(p - head)))
			return "SKU description not recognised";
		fam = head;
		fam_len = (size_t)(p - head);
		for (p++; p < last; p = strchr(p, ' ') + 1) {
			size_t n = (size_t)(strchr(p, ' ') - p);
			if (n == 6 && !memcmp(p, "Custom", 6))
				return "custom machine type SKU";
			if (!filler(p, n))
				return "SKU description not recognised";
		}
	}
	for (i = 0; i < fam_len; i++)
		low[i] = (char)(fam[i] >= 'A' && fam[i] <= 'Z' ? fam[i] + 32
							       : fam[i]);
	if (!(*what = mlcap_arena_strndup(&g->arena, low, fam_len)))
		return no_memory;
	return NULL;
}

/*
 * Maps a SKU description to a part. Descriptions read "[Spot Preemptible
 * ]N2 Instance Core running in Americas", "Commitment v1: N2 Cpu in
 * Americas for 1 Year", "Nvidia L4 GPU [attached to Spot Preemptible VMs
 * ]running in Americas". The wording must agree with the usage type.
 * Returns NULL or the reason to skip (no_memory on allocation failure).
 */
static const char *describe(gcp *g, const char *desc, const char *group,
			    const char *usage, int *kind, const char **what)
{
	bool gpu = !strcmp(group, "GPU");
	bool commit = starts(usage, "Commit");
	bool spot = !strcmp(usage, "Preemptible") || !strcmp(usage, "Spot");
	bool said_commit = false, said_spot = false;
	const char *s = desc, *end, *att;
	char head[80];
	size_t n;

	if (starts(s, "Commitment v1: ") || starts(s, "Commitment: ")) {
		s = strchr(s, ':') + 2;
		said_commit = true;
	} else if (starts(s, "Spot Preemptible ")) {
		s += strlen("Spot Preemptible ");
		said_spot = true;
	} else if (starts(s, "Preemptible ")) {
		s += strlen("Preemptible ");
		said_spot = true;
	}
	att = gpu ? strstr(s, " attached to ") : NULL;
	if (att) {
		const char *to = att + strlen(" attached to ");
		if (!starts(to, "Spot Preemptible ") &&
		    !starts(to, "Preemptible "))
			return "SKU for a special provisioning model (DWS, "
			       "reservations...)";
		said_spot = true;
		end = att;
	} else {
		end = strstr(s, said_commit ? " in " : " running in ");
	}
	if (said_commit != commit || said_spot != spot)
		return "SKU description does not match its usage type";
	if (!end || (n = (size_t)(end - s)) == 0 || n >= sizeof(head))
		return "SKU description not recognised";
	memcpy(head, s, n);
	head[n] = '\0';
	if (!gpu)
		return describe_vm(g, head, group, kind, what);
	if (n > 4 && !strcmp(head + n - 4, " GPU"))
		head[n - 4] = '\0';
	*kind = GPU;
	if (!(*what = gpu_model(head)))
		return "GPU SKU of a model mlcap does not know";
	return NULL;
}

/* google.type.Money in USD to nano-dollars: 0, 1 after an error, < 0. */
static int money(mlcap_import *im, const json_t *m, uint32_t line, int64_t *out)
{
	const json_t *u = json_object_get(m, "units");
	const json_t *n = json_object_get(m, "nanos");
	int64_t units = 0, nanos = 0;

	/* int64 is a JSON string in proto3; zero fields may be left out. */
	if (json_is_string(u)) {
		const char *s = json_string_value(u);
		if (!*s || (*s == '-' && !s[1]))
			return mlcap_import__error(im, line, NULL,
						   "units '%s' is not a "
						   "whole number",
						   s);
		for (s += *s == '-'; *s; s++) {
			if (*s < '0' || *s > '9' || units > INT64_MAX / 10 - 9)
				return mlcap_import__error(
				    im, line, NULL,
				    "units '%s' is not a whole number",
				    json_string_value(u));
			units = units * 10 + (*s - '0');
		}
		if (json_string_value(u)[0] == '-')
			units = -units;
	} else if (json_is_integer(u)) {
		units = json_integer_value(u);
	} else if (u) {
		return mlcap_import__error(im, line, NULL,
					   "units is not a whole number");
	}
	if (json_is_integer(n))
		nanos = json_integer_value(n);
	else if (n)
		return mlcap_import__error(im, line, NULL,
					   "nanos is not a whole number");
	if (units < 0 || nanos < 0)
		return mlcap_import__error(im, line,
					   "prices are USD per hour, >= 0",
					   "negative unit price");
	if (nanos > 999999999 ||
	    units > (INT64_MAX - nanos) / MLCAP_NANOS_PER_USD)
		return mlcap_import__error(im, line, NULL,
					   "unit price out of range");
	*out = units * MLCAP_NANOS_PER_USD + nanos;
	return 0;
}

/* True when `t` starts "YYYY-MM-DD". */
static bool dated(const char *t)
{
	static const char pat[] = "dddd-dd-dd";
	size_t i;

	for (i = 0; i < 10; i++)
		if (!t[i] ||
		    (pat[i] == 'd' ? (t[i] < '0' || t[i] > '9') : t[i] != '-'))
			return false;
	return true;
}

/* One SKU: 0, 1 after an error, 2 to stop the page, < 0. */
static int one_sku(gcp *g, const json_t *s, uint32_t line)
{
	mlcap_import *im = g->im;
	const json_t *cat = json_object_get(s, "category");
	const json_t *infos, *info, *expr, *tiers, *start, *price, *regions;
	const char *group, *usage, *purchase, *why, *what = NULL, *when, *id;
	size_t i, n, k;
	int64_t nanos = 0;
	int kind = CORE, rc;

	if (!json_is_object(s))
		return mlcap_import__error(im, line, NULL,
					   "a skus entry is not an object");
	group = mlcap_import__json_str(cat, "resourceGroup");
	usage = mlcap_import__json_str(cat, "usageType");
	if (strcmp(mlcap_import__json_str(cat, "resourceFamily"), "Compute")) {
		mlcap_import__skip(im, "not a Compute SKU (storage, network, "
				       "licence...)");
		return 0;
	}
	if (strcmp(group, "CPU") && strcmp(group, "RAM") &&
	    strcmp(group, "GPU") && strcmp(group, "N1Standard")) {
		mlcap_import__skip(im, "not a vCPU, RAM or GPU SKU");
		return 0;
	}
	if (!(purchase = purchase_of(usage))) {
		mlcap_import__skip(im, "usage type mlcap does not model "
				       "(e.g. Commit1Mo)");
		return 0;
	}
	why = describe(g, mlcap_import__json_str(s, "description"), group,
		       usage, &kind, &what);
	if (why == no_memory)
		return MLCAP_ENOMEM;
	if (why) {
		mlcap_import__skip(im, why);
		return 0;
	}
	infos = json_object_get(s, "pricingInfo");
	if (!(n = json_array_size(infos))) {
		mlcap_import__skip(im, "SKU without pricingInfo");
		return 0;
	}
	/* A timeline in chronological order: the last entry is in force. */
	info = json_array_get(infos, n - 1);
	expr = json_object_get(info, "pricingExpression");
	if (strcmp(mlcap_import__json_str(expr, "usageUnit"),
		   kind == RAM ? "GiBy.h" : "h")) {
		mlcap_import__skip(im, "usage unit is not per hour (h, or "
				       "GiBy.h for RAM)");
		return 0;
	}
	tiers = json_object_get(expr, "tieredRates");
	start = json_object_get(json_array_get(tiers, 0), "startUsageAmount");
	if (json_array_size(tiers) != 1 ||
	    (start &&
	     (!json_is_number(start) || json_number_value(start) != 0))) {
		mlcap_import__skip(im, "tiered price");
		return 0;
	}
	price = json_object_get(json_array_get(tiers, 0), "unitPrice");
	if (!json_is_object(price))
		return mlcap_import__error(im, line, NULL,
					   "tiered rate without unitPrice");
	if (strcmp(mlcap_import__json_str(price, "currencyCode"), "USD")) {
		rc = mlcap_import__error(
		    im, line, "list the SKUs without currencyCode (USD)",
		    "price in '%s', not USD; the rest of this page is not "
		    "read",
		    mlcap_import__json_str(price, "currencyCode"));
		return rc < 0 ? rc : 2;
	}
	if ((rc = money(im, price, line, &nanos)) != 0)
		return rc;
	when = mlcap_import__json_str(info, "effectiveTime");
	if (!dated(when))
		return mlcap_import__error(im, line, NULL,
					   "effectiveTime '%s' is not a "
					   "timestamp",
					   when);
	id = mlcap_import__json_str(s, "skuId");
	if (!*id)
		return mlcap_import__error(im, line, NULL, "SKU without skuId");
	regions = json_object_get(s, "serviceRegions");
	if (!json_array_size(regions)) {
		mlcap_import__skip(im, "SKU lists no serviceRegions");
		return 0;
	}
	for (k = 0; k + 1 < n; k++)
		mlcap_import__skip(im, "older pricingInfo entry (the last "
				       "one is in force)");
	if (MLCAP_GROW(g->skus.items, g->skus.alloc, g->skus.count + 1) < 0)
		return MLCAP_ENOMEM;
	g->skus.items[g->skus.count].id = id;
	g->skus.items[g->skus.count++].used = false;
	for (i = 0; i < json_array_size(regions); i++) {
		const char *region =
		    json_string_value(json_array_get(regions, i));
		part *p;
		if (!region || !*region)
			return mlcap_import__error(im, line, NULL,
						   "serviceRegions holds a "
						   "non-region");
		if (MLCAP_GROW(g->parts.items, g->parts.alloc,
			       g->parts.count + 1) < 0)
			return MLCAP_ENOMEM;
		p = &g->parts.items[g->parts.count++];
		memset(p, 0, sizeof(*p));
		p->kind = kind;
		p->what = what;
		p->region = region;
		p->purchase = purchase;
		memcpy(p->date, when, 10);
		p->nanos = nanos;
		p->sku = g->skus.count - 1;
		p->line = line;
	}
	return 0;
}

static int page(mlcap_import *im, void *ctx, json_t *pg, uint32_t line,
		json_t *skus, const mlcap_json_entry *at)
{
	gcp *g = ctx;
	size_t i;
	int rc = 0;

	(void)im;
	(void)line;
	if (!skus)
		return 0; /* proto3 JSON leaves an empty list out */
	/* Parts point into the page: keep it until the end. */
	if (MLCAP_GROW(g->pages.items, g->pages.alloc, g->pages.count + 1) < 0)
		return MLCAP_ENOMEM;
	g->pages.items[g->pages.count++] = json_incref(pg);
	for (i = 0; i < json_array_size(skus) && rc >= 0 && rc != 2; i++)
		rc = one_sku(g, json_array_get(skus, i), at[i].line);
	return rc < 0 ? rc : 0;
}

/* ---- composing machine type prices ---- */

static int cmp_key(const part *a, int kind, const char *what,
		   const char *region, const char *purchase)
{
	int c;

	if (a->kind != kind)
		return a->kind < kind ? -1 : 1;
	if ((c = strcmp(a->what, what)) || (c = strcmp(a->region, region)))
		return c;
	return strcmp(a->purchase, purchase);
}

static int cmp_parts(const void *x, const void *y)
{
	const part *a = x, *b = y;
	int c = cmp_key(a, b->kind, b->what, b->region, b->purchase);

	if (c)
		return c;
	if (a->nanos != b->nanos)
		return a->nanos < b->nanos ? -1 : 1;
	if ((c = strcmp(a->date, b->date)))
		return c;
	return a->sku < b->sku ? -1 : a->sku > b->sku;
}

/* The first part at or after the key, in the sorted parts. */
static size_t lower(const gcp *g, int kind, const char *what,
		    const char *region, const char *purchase)
{
	size_t lo = 0, hi = g->parts.count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_key(&g->parts.items[mid], kind, what, region,
			    purchase) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool has(const gcp *g, int kind, const char *what, const char *region,
		const char *purchase)
{
	size_t i = lower(g, kind, what, region, purchase);

	return i < g->parts.count &&
	       !cmp_key(&g->parts.items[i], kind, what, region, purchase);
}

/* The first part with the key, or NULL; marks the SKUs of all of them. */
static const part *find(gcp *g, int kind, const char *what, const char *region,
			const char *purchase)
{
	size_t i = lower(g, kind, what, region, purchase), j;

	for (j = i; j < g->parts.count &&
		    !cmp_key(&g->parts.items[j], kind, what, region, purchase);
	     j++)
		g->skus.items[g->parts.items[j].sku].used = true;
	return j > i ? &g->parts.items[i] : NULL;
}

static bool mul(int64_t a, int64_t b, int64_t *out)
{
	if (a < 0 || b < 0 || (a && b > INT64_MAX / a))
		return false;
	*out = a * b;
	return true;
}

static bool add(int64_t a, int64_t b, int64_t *out)
{
	if (b > INT64_MAX - a)
		return false;
	*out = a + b;
	return true;
}

/* Types whose price the catalog's specs cannot describe. */
static const char *unpriceable(const char *name)
{
	static const char *const shared[] = {
	    "e2-micro", "e2-small", "e2-medium", "f1-micro", "g1-small"};
	/* compute/docs/disks/add-local-ssd: these come with Local SSD. */
	static const char *const lssd[] = {"a2-ultragpu-", "a3-",  "a4-",
					   "a4x-",	   "a5x-", "z3-",
					   "z4d-",	   "z4m-"};
	size_t i, n = strlen(name);

	for (i = 0; i < sizeof(shared) / sizeof(shared[0]); i++)
		if (!strcmp(name, shared[i]))
			return "shared-core machine type (billed by "
			       "fractions of a vCPU)";
	for (i = 0; i < sizeof(lssd) / sizeof(lssd[0]); i++)
		if (starts(name, lssd[i]))
			return "machine type bundles Local SSD, which the "
			       "catalog does not describe";
	if (n > 5 && !strcmp(name + n - 5, "-lssd"))
		return "machine type bundles Local SSD, which the "
		       "catalog does not describe";
	return NULL;
}

/*
 * Prices type `t` in one region for one purchase option:
 * vcpu x core + memory_bytes / 2^30 x RAM (+ gpu_count x GPU), exactly.
 */
static int price_type(gcp *g, const mtype *t, const char *fam,
		      const char *region, const char *purchase)
{
	mlcap_import *im = g->im;
	const part *core = find(g, CORE, fam, region, purchase);
	const part *ram = find(g, RAM, fam, region, purchase);
	const part *gpu = NULL;
	const char *why = unpriceable(t->name), *date;
	int64_t cpu_n, ram_whole, ram_frac, gpu_n = 0, total;
	char usd[32], source[512];
	mlcap_import_row r;
	int n;

	if (t->gpu_count > 0 && t->gpu_model && *t->gpu_model)
		gpu = find(g, GPU, t->gpu_model, region, purchase);
	else if (!why && t->gpu_count > 0)
		why = "machine type has GPUs of no known model";
	if (!why && (!core || !ram || (t->gpu_count > 0 && !gpu)))
		why = "machine type missing its vCPU, RAM or GPU SKU in a "
		      "region";
	if (!why &&
	    (core->ambiguous || ram->ambiguous || (gpu && gpu->ambiguous)))
		why = "SKUs give one part two prices";
	if (why) {
		mlcap_import__skip(im, why);
		return 0;
	}
	/* RAM is priced per GiB-hour: whole GiB, then the exact rest. */
	if (!mul(t->vcpu, core->nanos, &cpu_n) ||
	    !mul(t->memory_bytes / GIB, ram->nanos, &ram_whole) ||
	    !mul(t->memory_bytes % GIB, ram->nanos, &ram_frac) ||
	    (gpu && !mul(t->gpu_count, gpu->nanos, &gpu_n)) ||
	    !add(cpu_n, ram_whole, &total) ||
	    !add(total, ram_frac / GIB, &total) || !add(total, gpu_n, &total)) {
		mlcap_import__skip(im, "composed price too large");
		return 0;
	}
	if (ram_frac % GIB) {
		mlcap_import__skip(im, "RAM price of this memory size is not a "
				       "whole number of nano-dollars");
		return 0;
	}
	mlcap_money_format_exact(usd, sizeof(usd), total);
	date = core->date;
	if (strcmp(ram->date, date) > 0)
		date = ram->date;
	if (gpu && strcmp(gpu->date, date) > 0)
		date = gpu->date;
	n = snprintf(source, sizeof(source),
		     "GCP Cloud Billing Catalog SKUs %s,%s%s%s composed for %s",
		     g->skus.items[core->sku].id, g->skus.items[ram->sku].id,
		     gpu ? "," : "", gpu ? g->skus.items[gpu->sku].id : "",
		     t->name);
	if (n < 0 || (size_t)n >= sizeof(source))
		return mlcap_import__error(im, core->line, NULL,
					   "source of '%s' is too long",
					   t->name);
	memset(&r, 0, sizeof(r));
	r.provider = "gcp";
	r.region = region;
	r.instance_type = t->name;
	r.purchase_option = purchase;
	r.usd_per_hour = usd;
	r.effective_from = date;
	r.source = source;
	r.line = core->line;
	return mlcap_import__row(im, &r);
}

/* Every region and purchase option with a vCPU or RAM part of `fam`. */
static int price_family(gcp *g, const mtype *t, const char *fam)
{
	int kinds[2] = {CORE, RAM}, k, rc;
	size_t i;

	for (k = 0; k < 2; k++) {
		for (i = lower(g, kinds[k], fam, "", "");
		     i < g->parts.count && g->parts.items[i].kind == kinds[k] &&
		     !strcmp(g->parts.items[i].what, fam);
		     i++) {
			const part *p = &g->parts.items[i];
			if (i > 0 && !cmp_key(p - 1, p->kind, p->what,
					      p->region, p->purchase))
				continue; /* the same key again */
			if (kinds[k] == RAM &&
			    has(g, CORE, fam, p->region, p->purchase))
				continue; /* priced with its vCPU part */
			if ((rc = price_type(g, t, fam, p->region,
					     p->purchase)) < 0)
				return rc;
		}
	}
	return 0;
}

static int add_type(void *ctx, const mlcap_import_type *t)
{
	gcp *g = ctx;
	mtype *m;

	if (MLCAP_GROW(g->types.items, g->types.alloc, g->types.count + 1) < 0)
		return MLCAP_ENOMEM;
	m = &g->types.items[g->types.count];
	m->name = mlcap_arena_strdup(&g->arena, t->name);
	m->gpu_model =
	    t->gpu_model ? mlcap_arena_strdup(&g->arena, t->gpu_model) : NULL;
	if (!m->name || (t->gpu_model && !m->gpu_model))
		return MLCAP_ENOMEM;
	m->vcpu = t->vcpu;
	m->memory_bytes = t->memory_bytes;
	m->gpu_count = t->gpu_count;
	g->types.count++;
	return 0;
}

static int compose(gcp *g)
{
	size_t i, j;
	int rc;

	if (g->parts.count)
		qsort(g->parts.items, g->parts.count, sizeof(part), cmp_parts);
	/* The same part twice at different prices or dates: ambiguous. */
	for (i = 0; i < g->parts.count; i = j) {
		const part *a = &g->parts.items[i];
		bool differ = false;
		for (j = i + 1; j < g->parts.count &&
				!cmp_key(&g->parts.items[j], a->kind, a->what,
					 a->region, a->purchase);
		     j++)
			differ |= g->parts.items[j].nanos != a->nanos ||
				  strcmp(g->parts.items[j].date, a->date);
		while (differ && i < j)
			g->parts.items[i++].ambiguous = true;
	}
	if ((rc = mlcap_import__each_type(g->im, "gcp", add_type, g)) != 0)
		return rc;
	for (i = 0; i < g->types.count; i++) {
		const mtype *t = &g->types.items[i];
		const char *dash = strchr(t->name, '-');
		size_t n = dash ? (size_t)(dash - t->name) : strlen(t->name);
		char fam[16];
		if (n >= sizeof(fam))
			continue;
		memcpy(fam, t->name, n);
		fam[n] = '\0';
		if ((rc = price_family(g, t, fam)) < 0)
			return rc;
	}
	for (i = 0; i < g->skus.count; i++)
		if (!g->skus.items[i].used)
			mlcap_import__skip(g->im, "no catalog machine type "
						  "uses this SKU");
	return 0;
}

/*
 * Reads Cloud Billing Catalog SKU pages from `buf` and imports the price
 * of every GCP machine type of the catalog they cover (see the file
 * comment). Returns 0 or < 0.
 */
int mlcap_import__gcp(mlcap_import *im, const char *buf, size_t len)
{
	gcp g;
	size_t i;
	int rc;

	memset(&g, 0, sizeof(g));
	g.im = im;
	mlcap_arena_init(&g.arena);
	rc = mlcap_import__json_pages(im, buf, len, "skus", true, NULL, page,
				      &g);
	if (rc == 0)
		rc = compose(&g);
	for (i = 0; i < g.pages.count; i++)
		json_decref(g.pages.items[i]);
	mlcap_mem__free(g.pages.items);
	mlcap_mem__free(g.skus.items);
	mlcap_mem__free(g.parts.items);
	mlcap_mem__free(g.types.items);
	mlcap_arena_release(&g.arena);
	return rc;
}
