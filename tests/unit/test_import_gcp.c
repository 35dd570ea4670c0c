/*
 * test_import_gcp.c - unit tests of import_gcp.c: Cloud Billing Catalog
 * SKU lists (fixtures/gcp/, after Google's catalog-api how-to and
 * cloud_catalog.proto: see its README.md) composed into machine type
 * prices on a temporary catalog from pricing/. Amounts worked by hand,
 * agreement with the seed, counts, skip reasons; bad input writes nothing.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>
#include "support.h"
#include "import_fixture.h"

#ifndef MLCAP_TEST_SOURCE_DIR
#error "MLCAP_TEST_SOURCE_DIR must name the source tree"
#endif

#define FIXTURES MLCAP_TEST_SOURCE_DIR "/tests/unit/fixtures/gcp/"

#define SOURCE(ids, type)                                                      \
	"GCP Cloud Billing Catalog SKUs " ids " composed for " type
#define A2_IDS "2922-40C5-B19F,2390-DCAF-DA38,039F-D0DA-4055"
#define CYCLENERD                                                              \
	"github.com/Cyclenerd/"                                                \
	"google-cloud-pricing-cost-calculator@"                                \
	"0166a59ebba7c36f2cc8c931d9f258dcebc44776:pricing.yml"

/* ---- fixture: a temporary directory and one seeded catalog ---- */

static int group_setup(void **state)
{
	(void)state;
	return fixture_setup("gcp", NULL);
}

#define gcp_case(f) cmocka_unit_test_teardown(f, catalog_teardown)

/* ---- what the catalog holds ---- */

/* GCP prices of `type` (NULL: all), with history. */
static mlcap_price_list *gcp_prices(mlcap_catalog *c, const char *type,
				    mlcap_diags *d)
{
	mlcap_price_query q;
	mlcap_price_list *l;

	memset(&q, 0, sizeof(q));
	q.provider = "gcp";
	q.instance_type = type;
	q.history = true;
	assert_true(cx.n_lists < TEST_SLOTS);
	l = &cx.lists[cx.n_lists++];
	mlcap_price_list_init(l);
	assert_int_equal(mlcap_catalog_prices(c, &q, l, d), 0);
	return l;
}

/* The number of GCP prices, with history. */
static size_t count_gcp(mlcap_catalog *c)
{
	mlcap_diags d = MLCAP_DIAGS_INIT;
	mlcap_price_query q;
	mlcap_price_list l;
	size_t n;
	int rc;

	memset(&q, 0, sizeof(q));
	q.provider = "gcp";
	q.history = true;
	mlcap_price_list_init(&l);
	rc = mlcap_catalog_prices(c, &q, &l, &d);
	n = l.count;
	mlcap_price_list_release(&l);
	mlcap_diags_release(&d);
	assert_int_equal(rc, 0);
	return n;
}

/* The price stored for this key and date, or NULL. */
static const mlcap_price *find_price(const mlcap_price_list *l,
				     const char *region, const char *type,
				     const char *purchase, const char *from)
{
	size_t i;

	for (i = 0; i < l->count; i++) {
		const mlcap_price *p = &l->items[i];
		if (!strcmp(p->region, region) &&
		    !strcmp(p->instance_type, type) &&
		    !strcmp(p->purchase_option, purchase) &&
		    !strcmp(p->effective_from, from))
			return p;
	}
	return NULL;
}

/* The price must be stored with exactly this text, amount and source. */
static void expect_price(const mlcap_price_list *l, const char *region,
			 const char *type, const char *purchase,
			 const char *from, const char *usd, int64_t nanos,
			 const char *source)
{
	const mlcap_price *p = find_price(l, region, type, purchase, from);

	if (!p)
		fail_msg("no price %s %s %s %s", region, type, purchase, from);
	assert_string_equal(p->usd_per_hour, usd);
	assert_int_equal(p->usd_nanos, nanos);
	assert_string_equal(p->source, source);
}

/* The number of prices in `l` that this reader composed. */
static size_t composed(const mlcap_price_list *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->count; i++)
		n += strstr(l->items[i].source, "GCP Cloud Billing Catalog") !=
		     NULL;
	return n;
}

/* ---- imports ---- */

static int import_buf(mlcap_catalog *c, const char *name, const char *text,
		      size_t len, mlcap_import_report *rep, mlcap_diags *d)
{
	return mlcap_catalog_import(c, name, text, len, MLCAP_IMPORT_GCP, rep,
				    d);
}

/* Imports `text` as `name`; it must succeed without diagnostics. */
static void import_ok(mlcap_catalog *c, const char *name, const char *text,
		      size_t len, mlcap_import_format f,
		      mlcap_import_report *rep, mlcap_diags *d)
{
	int rc = mlcap_catalog_import(c, name, text, len, f, rep, d);

	if (rc != 0 || d->count)
		dump_diags(d);
	assert_int_equal(rc, 0);
	assert_int_equal(d->count, 0);
}

static void import_fixture(mlcap_catalog *c, mlcap_import_report *rep,
			   mlcap_diags *d)
{
	size_t len;
	char *text = slurp(FIXTURES "skus.json", &len);

	import_ok(c, "in/skus.json", text, len, MLCAP_IMPORT_GCP, rep, d);
	buf_free(text);
}

static void expect_report(const mlcap_import_report *r, size_t read,
			  size_t imported, size_t unchanged, size_t skipped)
{
	assert_int_equal(r->read, read);
	assert_int_equal(r->imported, imported);
	assert_int_equal(r->unchanged, unchanged);
	assert_int_equal(r->conflicts, 0);
	assert_int_equal(r->skipped, skipped);
	assert_int_equal(r->errors, 0);
}

/*
 * Importing `text` fails with MLCAP_EDB and a first error on `line` whose
 * message holds `message`; no GCP price was written.
 */
static void expect_import_fails(mlcap_catalog *c, const char *text, size_t len,
				uint32_t line, const char *message)
{
	mlcap_diags d = MLCAP_DIAGS_INIT;
	mlcap_import_report rep;
	size_t before = count_gcp(c);
	int rc = import_buf(c, "bad.json", text, len, &rep, &d);

	if (rc != MLCAP_EDB || !d.errors || d.items[0].line != line ||
	    !strstr(d.items[0].message, message)) {
		fprintf(stderr,
			"  rc %d; want an error on line %u with '%s':\n", rc,
			line, message);
		dump_diags(&d);
		mlcap_diags_release(&d);
		fail();
	}
	assert_int_equal(d.items[0].severity, MLCAP_ERROR);
	assert_int_equal(rep.imported, 0);
	mlcap_diags_release(&d);
	assert_int_equal(count_gcp(c), before);
}

/* A one-tier Compute SKU, one line of JSON. */
#define SKU_AT(id, desc, group, usage, region, unit, units, nanos, when)       \
	"{\"skuId\": \"" id "\", \"description\": \"" desc "\", "              \
	"\"category\": {\"serviceDisplayName\": \"Compute Engine\", "          \
	"\"resourceFamily\": \"Compute\", \"resourceGroup\": \"" group "\", "  \
	"\"usageType\": \"" usage "\"}, \"serviceRegions\": [\"" region        \
	"\"], \"pricingInfo\": [{\"effectiveTime\": \"" when "\", "            \
	"\"pricingExpression\": {\"usageUnit\": \"" unit "\", "                \
	"\"tieredRates\": [{\"startUsageAmount\": 0, \"unitPrice\": "          \
	"{\"currencyCode\": \"USD\", \"units\": \"" units                      \
	"\", \"nanos\": " nanos "}}]}}]}"
#define SKU(id, desc, group, usage, unit, units, nanos)                        \
	SKU_AT(id, desc, group, usage, "us-central1", unit, units, nanos,      \
	       "2025-07-01T08:00:00.000Z")
#define N2_CORE                                                                \
	SKU("N2-C", "N2 Instance Core running in Americas", "CPU", "OnDemand", \
	    "h", "0", "31611000")
#define N2_RAM                                                                 \
	SKU("N2-R", "N2 Instance Ram running in Americas", "RAM", "OnDemand",  \
	    "GiBy.h", "0", "4237000")
#define PAGE(skus) "{\"skus\": [\n" skus "\n], \"nextPageToken\": \"\"}\n"

/* ---- cases ---- */

static void gcp_composes_machine_types_from_core_ram_and_gpu(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	mlcap_catalog *c = fresh_catalog("skus.db", NULL, 0, d);
	const mlcap_price_list *l;

	(void)state;
	import_fixture(c, &rep, d);
	/*
	 * 73 composed rows: a2-highgpu/-megagpu (5 types) and n2-standard
	 * (10) on demand in us-central1, us-east1 and us-west1 (45), n2 Spot
	 * and 1-year commitment in us-central1 (20), g2-standard (8) in
	 * us-central1. The 23 of us-central1 on demand equal the seed's
	 * prices of the same date (Cyclenerd's pricing.yml, 2025-03-06):
	 * unchanged. 31 skipped: 2 non-Compute SKUs, 1 custom-type SKU, the
	 * H100 Mega GPU, 23 types missing a part (5 e2-standard without a
	 * RAM SKU in europe-west4; 6 c3-standard without one in each of the
	 * C3 core's 3 regions), a2-ultragpu-2g in the 3 A2 regions (Local
	 * SSD) and the T4 SKU that no catalog type uses. No A3 or C2 SKU
	 * here: a3 and c2-standard types are not tried.
	 */
	expect_report(&rep, 104, 50, 23, 31);
	assert_int_equal(rep.n_reasons, 6);
	expect_reason(&rep, "not a Compute SKU (storage, network, licence...)",
		      2);
	expect_reason(&rep, "custom machine type SKU", 1);
	expect_reason(&rep, "GPU SKU of a model mlcap does not know", 1);
	expect_reason(&rep,
		      "machine type missing its vCPU, RAM or GPU SKU in a "
		      "region",
		      23);
	expect_reason(&rep,
		      "machine type bundles Local SSD, which the catalog does "
		      "not describe",
		      3);
	expect_reason(&rep, "no catalog machine type uses this SKU", 1);

	l = gcp_prices(c, NULL, d);
	/* n2-standard-8 = 8 x 0.031611 + 32 x 0.004237 = 0.252888 + 0.135584 */
	expect_price(l, "us-east1", "n2-standard-8", "on-demand", "2025-03-06",
		     "0.388472", 388472000,
		     SOURCE("F000-0000-0001,F000-0000-0002", "n2-standard-8"));
	/*
	 * n2-standard-80 = 80 x 0.031611 + 320 x 0.004237
	 *		  = 2.52888 + 1.35584
	 */
	expect_price(l, "us-west1", "n2-standard-80", "on-demand", "2025-03-06",
		     "3.88472", 3884720000LL,
		     SOURCE("F000-0000-0001,F000-0000-0002", "n2-standard-80"));
	/*
	 * a2-highgpu-1g = 12 x 0.031611 + 85 x 0.004237 + 1 x 2.933908
	 *		 = 0.379332 + 0.360145 + 2.933908
	 */
	expect_price(l, "us-west1", "a2-highgpu-1g", "on-demand", "2025-03-06",
		     "3.673385", 3673385000LL, SOURCE(A2_IDS, "a2-highgpu-1g"));
	/* a2-megagpu-16g = 96 x 0.031611 + 1360 x 0.004237 + 16 x 2.933908 */
	expect_price(l, "us-east1", "a2-megagpu-16g", "on-demand", "2025-03-06",
		     "55.739504", 55739504000LL,
		     SOURCE(A2_IDS, "a2-megagpu-16g"));
	/* n2-standard-8 Spot = 8 x 0.00765 + 32 x 0.0018345 */
	expect_price(l, "us-central1", "n2-standard-8", "spot", "2025-06-01",
		     "0.119904", 119904000,
		     SOURCE("F000-0000-0003,F000-0000-0004", "n2-standard-8"));
	/* n2-standard-2, 1-year commitment = 2 x 0.019915 + 8 x 0.002669 */
	expect_price(l, "us-central1", "n2-standard-2", "committed-1y",
		     "2025-03-06", "0.061182", 61182000,
		     SOURCE("F000-0000-0005,F000-0000-0006", "n2-standard-2"));
	/* Unchanged rows keep the seed's text and source. */
	expect_price(l, "us-central1", "a2-highgpu-1g", "on-demand",
		     "2025-03-06", "3.673385", 3673385000LL, CYCLENERD);
	/*
	 * n2-standard-96 = 96 x 0.031611 + 384 x 0.004237
	 *		  = 3.034656 + 1.627008
	 * The seed's row (pricing.yml, read in a later pass than the other
	 * n2 rows) agrees to the nano-dollar: a cross-check of both.
	 */
	expect_price(l, "us-central1", "n2-standard-96", "on-demand",
		     "2025-03-06", "4.661664", 4661664000LL, CYCLENERD);
	/* g2-standard-8 = 8 x 0.024988 + 32 x 0.002927501 + 1 x 0.560040239 */
	expect_price(l, "us-central1", "g2-standard-8", "on-demand",
		     "2025-03-06", "0.853624271", 853624271, CYCLENERD);
	/* Never partly priced: no e2 or c3 row without its RAM part. */
	assert_int_equal(composed(gcp_prices(c, "e2-standard-2", d)), 0);
	assert_int_equal(composed(gcp_prices(c, "c3-standard-4", d)), 0);
	/* Nor without what the type bundles: a2-ultragpu has Local SSD. */
	assert_int_equal(composed(gcp_prices(c, "a2-ultragpu-2g", d)), 0);
}

static void gcp_import_twice_changes_nothing(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	mlcap_catalog *c = fresh_catalog("twice.db", NULL, 0, d);
	size_t n;

	(void)state;
	import_fixture(c, &rep, d);
	n = count_gcp(c);
	import_fixture(c, &rep, d);
	expect_report(&rep, 104, 0, 73, 31);
	assert_int_equal(count_gcp(c), n);
}

static void gcp_ram_of_fractional_gib_is_exact_or_skipped(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	mlcap_catalog *c = fresh_catalog("frac.db", NULL, 0, d);
	/* 3840 MiB = 3.75 GiB; 3841 MiB is 3841/1024 GiB. */
	static const char types[] =
	    "provider,instance_type,family,category,vcpu,memory_mib,source\n"
	    "gcp,n2-test-a,n2-test,general,1,3840,test\n"
	    "gcp,n2-test-b,n2-test,general,1,3841,test\n";
	static const char skus[] = PAGE(N2_CORE ",\n" N2_RAM);
	const mlcap_price_list *l;

	(void)state;
	import_ok(c, "types.csv", types, strlen(types), MLCAP_IMPORT_CSV, &rep,
		  d);
	import_ok(c, "frac.json", skus, strlen(skus), MLCAP_IMPORT_GCP, &rep,
		  d);
	/* 10 n2-standard types and n2-test-a priced; n2-test-b is not. */
	expect_report(&rep, 12, 11, 0, 1);
	expect_reason(&rep,
		      "RAM price of this memory size is not a whole number of "
		      "nano-dollars",
		      1);
	l = gcp_prices(c, "n2-test-a", d);
	/* 1 x 0.031611 + 3.75 x 0.004237 = 0.031611 + 0.01588875 */
	expect_price(l, "us-central1", "n2-test-a", "on-demand", "2025-07-01",
		     "0.04749975", 47499750, SOURCE("N2-C,N2-R", "n2-test-a"));
	assert_int_equal(gcp_prices(c, "n2-test-b", d)->count, 0);
}

static void gcp_never_prices_a_type_partly_or_ambiguously(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	mlcap_catalog *c = fresh_catalog("parts.db", NULL, 0, d);
	/* Two SKUs for one N2 core price; G2 without its L4 GPU SKU. */
	static const char skus[] = PAGE(N2_CORE ",\n" N2_RAM ",\n" SKU(
	    "N2-C2", "N2 Instance Core running in Iowa", "CPU", "OnDemand", "h",
	    "0",
	    "31700000") ",\n" SKU("G2-C",
				  "G2 Instance Core running in "
				  "Americas",
				  "CPU", "OnDemand", "h", "0",
				  "24988000") ",\n" SKU("G2-R",
							"G2 Instance Ram "
							"running in Americas",
							"RAM", "OnDemand",
							"GiBy.h", "0",
							"2927501"));

	(void)state;
	import_ok(c, "parts.json", skus, strlen(skus), MLCAP_IMPORT_GCP, &rep,
		  d);
	/* The 10 n2-standard types: two core prices; the 8 g2: no GPU. */
	expect_report(&rep, 18, 0, 0, 18);
	expect_reason(&rep, "SKUs give one part two prices", 10);
	expect_reason(&rep,
		      "machine type missing its vCPU, RAM or GPU SKU in a "
		      "region",
		      8);
	assert_int_equal(composed(gcp_prices(c, "g2-standard-4", d)), 0);
	assert_int_equal(composed(gcp_prices(c, "n2-standard-4", d)), 0);
}

static void gcp_skips_skus_it_cannot_map_with_reasons(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	mlcap_catalog *c = fresh_catalog("map.db", NULL, 0, d);
	static const char skus[] = PAGE(
	    /* Wording and usage type disagree. */
	    SKU("X1", "Spot Preemptible N2 Instance Core running in Americas",
		"CPU", "OnDemand", "h", "0", "7650000") ",\n"
	    /* A usage type with no purchase option. */
	    SKU("X2", "Commitment v1: N2 Cpu in Americas for 1 Month", "CPU",
		"Commit1Mo", "h", "0", "25000000") ",\n"
	    /* RAM priced per GiB-month. */
	    SKU("X3", "N2 Instance Ram running in Americas", "RAM", "OnDemand",
		"GiBy.mo", "3", "93000000") ",\n"
	    /* A GPU of another provisioning model. */
	    SKU("X4",
		"Nvidia L4 GPU attached to DWS Defined Duration VMs "
		"running in Americas",
		"GPU", "OnDemand", "h", "0", "300000000") ",\n"
	    /* Sole-tenant and reserved wording. */
	    SKU("X5",
		"Sole Tenancy Instance Core running in "
		"Americas",
		"CPU", "OnDemand", "h", "0", "34000000") ",\n"
	    /* Not a vCPU, RAM or GPU resource group. */
	    SKU("X6", "C4 Instance Local SSD running in Americas", "LocalSSD",
		"OnDemand", "GiBy.h", "0",
		"100000") ",\n"
			  /* Two tiers. */
			  "{\"skuId\": \"X7\", \"description\": \"N2 Instance "
			  "Core "
			  "running in Americas\", \"category\": "
			  "{\"resourceFamily\": "
			  "\"Compute\", \"resourceGroup\": \"CPU\", "
			  "\"usageType\": "
			  "\"OnDemand\"}, \"serviceRegions\": "
			  "[\"us-central1\"], "
			  "\"pricingInfo\": [{\"effectiveTime\": "
			  "\"2025-07-01T00:00:00Z\", "
			  "\"pricingExpression\": {\"usageUnit\": \"h\", "
			  "\"tieredRates\": "
			  "[{\"startUsageAmount\": 0, \"unitPrice\": "
			  "{\"currencyCode\": "
			  "\"USD\", \"nanos\": 0}}, {\"startUsageAmount\": 10, "
			  "\"unitPrice\": {\"currencyCode\": \"USD\", "
			  "\"nanos\": 1}}]}}]}");

	(void)state;
	import_ok(c, "map.json", skus, strlen(skus), MLCAP_IMPORT_GCP, &rep, d);
	expect_report(&rep, 7, 0, 0, 7);
	expect_reason(&rep, "SKU description does not match its usage type", 1);
	expect_reason(&rep, "usage type mlcap does not model (e.g. Commit1Mo)",
		      1);
	expect_reason(&rep, "usage unit is not per hour (h, or GiBy.h for RAM)",
		      1);
	expect_reason(&rep,
		      "SKU for a special provisioning model (DWS, "
		      "reservations...)",
		      1);
	expect_reason(&rep, "SKU description not recognised", 1);
	expect_reason(&rep, "not a vCPU, RAM or GPU SKU", 1);
	expect_reason(&rep, "tiered price", 1);
}

static void gcp_reads_proto3_json_and_pricing_timelines(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	mlcap_catalog *c = fresh_catalog("proto3.db", NULL, 0, d);
	/*
	 * Zero fields left out (no "units", no "nanos"), units as a JSON
	 * number, an empty page, and a timeline of two pricingInfo entries
	 * whose last is in force; pages concatenated.
	 */
	static const char skus[] =
	    "{}\n"
	    "{\"skus\": [{\"skuId\": \"T-C\", \"description\": \"N2 Instance "
	    "Core running in Americas\", \"category\": {\"resourceFamily\": "
	    "\"Compute\", \"resourceGroup\": \"CPU\", \"usageType\": "
	    "\"OnDemand\"}, \"serviceRegions\": [\"us-central1\"], "
	    "\"pricingInfo\": [{\"effectiveTime\": \"2025-07-01T00:00:00Z\", "
	    "\"pricingExpression\": {\"usageUnit\": \"h\", \"tieredRates\": "
	    "[{\"unitPrice\": {\"currencyCode\": \"USD\", \"units\": 1}}]}}, "
	    "{\"effectiveTime\": \"2025-07-15T00:00:00Z\", "
	    "\"pricingExpression\": {\"usageUnit\": \"h\", \"tieredRates\": "
	    "[{\"unitPrice\": {\"currencyCode\": \"USD\", \"units\": 0, "
	    "\"nanos\": 31611000}}]}}]}]}\n"
	    "{\"skus\": [{\"skuId\": \"N2-R\", \"description\": \"N2 Instance "
	    "Ram running in Americas\", \"category\": {\"resourceFamily\": "
	    "\"Compute\", \"resourceGroup\": \"RAM\", \"usageType\": "
	    "\"OnDemand\"}, \"serviceRegions\": [\"us-central1\"], "
	    "\"pricingInfo\": [{\"effectiveTime\": \"2025-07-01T00:00:00Z\", "
	    "\"pricingExpression\": {\"usageUnit\": \"GiBy.h\", "
	    "\"tieredRates\": [{\"unitPrice\": {\"currencyCode\": \"USD\", "
	    "\"nanos\": 4237000}}]}}]}]}\n";
	const mlcap_price_list *l;

	(void)state;
	import_ok(c, "proto3.json", skus, strlen(skus), MLCAP_IMPORT_GCP, &rep,
		  d);
	/* The 10 n2-standard types priced; the older entry skipped. */
	expect_report(&rep, 11, 10, 0, 1);
	expect_reason(&rep,
		      "older pricingInfo entry (the last one is in force)", 1);
	l = gcp_prices(c, "n2-standard-4", d);
	/* The later of the parts' dates: 4 x 0.031611 + 16 x 0.004237 */
	expect_price(l, "us-central1", "n2-standard-4", "on-demand",
		     "2025-07-15", "0.194236", 194236000,
		     SOURCE("T-C,N2-R", "n2-standard-4"));
}

/* The line the text s[0..n) ends on. */
static uint32_t last_line(const char *s, size_t n)
{
	uint32_t line = 1;
	size_t i;

	for (i = 0; i < n; i++)
		line += s[i] == '\n';
	return line;
}

static void gcp_bad_input_writes_nothing(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_catalog *c = fresh_catalog("bad.db", NULL, 0, d);
	size_t len;
	char *text = slurp(FIXTURES "skus.json", &len);
	static const char eur[] = PAGE(
	    N2_CORE
	    ",\n"
	    "{\"skuId\": \"E\", \"description\": \"N2 Instance Ram "
	    "running in Americas\", \"category\": {\"resourceFamily\": "
	    "\"Compute\", \"resourceGroup\": \"RAM\", \"usageType\": "
	    "\"OnDemand\"}, \"serviceRegions\": [\"us-central1\"], "
	    "\"pricingInfo\": [{\"effectiveTime\": "
	    "\"2025-07-01T00:00:00Z\", \"pricingExpression\": "
	    "{\"usageUnit\": \"GiBy.h\", \"tieredRates\": [{\"unitPrice\": "
	    "{\"currencyCode\": \"EUR\", \"nanos\": 3900000}}]}}]}");
	static const char neg[] =
	    PAGE(SKU("N", "N2 Instance Core running in Americas", "CPU",
		     "OnDemand", "h", "-1", "0"));
	static const char big[] =
	    PAGE(SKU("N", "N2 Instance Core running in Americas", "CPU",
		     "OnDemand", "h", "0", "1000000000"));
	static const char when[] = PAGE(SKU_AT(
	    "N", "N2 Instance Core running in Americas", "CPU", "OnDemand",
	    "us-central1", "h", "0", "31611000", "July 2025"));

	(void)state;
	/* Cut in the middle: the SKUs before the cut are not written. */
	expect_import_fails(c, text, len / 2, last_line(text, len / 2),
			    "invalid JSON at column");
	expect_import_fails(c, eur, strlen(eur), 3, "price in 'EUR', not USD");
	expect_import_fails(c, neg, strlen(neg), 2, "negative unit price");
	expect_import_fails(c, big, strlen(big), 2, "unit price out of range");
	expect_import_fails(c, when, strlen(when), 2,
			    "effectiveTime 'July 2025' is not a timestamp");
	expect_import_fails(c, "{\"skus\": 3}", 11, 1, "'skus' is not a list");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    gcp_case(gcp_composes_machine_types_from_core_ram_and_gpu),
	    gcp_case(gcp_import_twice_changes_nothing),
	    gcp_case(gcp_ram_of_fractional_gib_is_exact_or_skipped),
	    gcp_case(gcp_never_prices_a_type_partly_or_ambiguously),
	    gcp_case(gcp_skips_skus_it_cannot_map_with_reasons),
	    gcp_case(gcp_reads_proto3_json_and_pricing_timelines),
	    gcp_case(gcp_bad_input_writes_nothing),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
