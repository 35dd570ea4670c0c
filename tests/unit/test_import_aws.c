/*
 * test_import_aws.c - unit tests of import_aws.c: AWS Price List offer
 * files (CSV and JSON) and `aws ec2 describe-spot-price-history` output
 * imported into a catalog built in a temporary directory from
 * pricing/schema.sql and pricing/seed. Checks stored values, report
 * counts and skip reasons, idempotence, and that bad input writes nothing.
 *
 * The fixtures in fixtures/aws/ follow AWS's documentation of the
 * formats (see fixtures/aws/README.md): "Reading the service price list
 * file for an AWS service" (docs.aws.amazon.com/awsaccountbilling/latest/
 * aboutv2/reading-service-price-list-file-for-services.html) and the AWS
 * CLI reference of describe-spot-price-history (docs.aws.amazon.com/cli/
 * latest/reference/ec2/describe-spot-price-history.html).
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>
#include "support.h"
#include "import_fixture.h"

#ifndef MLCAP_TEST_SOURCE_DIR
#error "MLCAP_TEST_SOURCE_DIR must name the source tree"
#endif

#define FIXTURES MLCAP_TEST_SOURCE_DIR "/tests/unit/fixtures/aws/"

#define CSV_SOURCE                                                             \
	"AWS Price List offer file offer.csv, publication date "               \
	"2025-09-12T22:53:08Z"
#define SPOT_SOURCE "aws ec2 describe-spot-price-history output spot.json"

/* ---- fixture: a temporary directory and one seeded catalog ---- */

static int group_setup(void **state)
{
	(void)state;
	return fixture_setup("aws", NULL);
}

#define aws_case(f) cmocka_unit_test_teardown(f, catalog_teardown)

/* ---- what the catalog holds ---- */

/* The integer `sql` yields on the catalog at `path`. */
static long long sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
		SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (v < 0)
		fail_msg("%s on %s failed", sql, path);
	return v;
}

/* Rows of prices, instance_types and imports, to see that nothing moved. */
static void counts(const char *path, long long out[3])
{
	out[0] = sql_int(path, "SELECT count(*) FROM prices");
	out[1] = sql_int(path, "SELECT count(*) FROM instance_types");
	out[2] = sql_int(path, "SELECT count(*) FROM imports");
}

/* Every AWS price with its history (whatever the date). */
static mlcap_price_list *aws_prices(mlcap_catalog *c, const char *type,
				    mlcap_diags *d)
{
	mlcap_price_query q;
	mlcap_price_list *l;

	memset(&q, 0, sizeof(q));
	q.provider = "aws";
	q.instance_type = type;
	q.history = true;
	assert_true(cx.n_lists < TEST_SLOTS);
	l = &cx.lists[cx.n_lists++];
	mlcap_price_list_init(l);
	assert_int_equal(mlcap_catalog_prices(c, &q, l, d), 0);
	return l;
}

/* The price stored for this key, or NULL. */
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
static const mlcap_price *expect_price(const mlcap_price_list *l,
				       const char *region, const char *type,
				       const char *purchase, const char *from,
				       const char *usd, int64_t nanos,
				       const char *source)
{
	const mlcap_price *p = find_price(l, region, type, purchase, from);

	if (!p)
		fail_msg("no price %s %s %s %s", region, type, purchase, from);
	assert_string_equal(p->usd_per_hour, usd);
	assert_int_equal(p->usd_nanos, nanos);
	assert_string_equal(p->source, source);
	return p;
}

/* Number of prices in `l` with `source`. */
static size_t with_source(const mlcap_price_list *l, const char *source)
{
	size_t i, n = 0;

	for (i = 0; i < l->count; i++)
		n += strcmp(l->items[i].source, source) == 0;
	return n;
}

/* ---- imports ---- */

static int import_buf(mlcap_catalog *c, const char *name, const char *text,
		      size_t len, mlcap_import_format f,
		      mlcap_import_report *rep, mlcap_diags *d)
{
	return mlcap_catalog_import(c, name, text, len, f, rep, d);
}

/* Imports fixtures/aws/`file`, which must succeed without errors. */
static void import_fixture(mlcap_catalog *c, const char *file,
			   mlcap_import_format f, mlcap_import_report *rep,
			   mlcap_diags *d)
{
	char path[512];
	size_t len;
	char *text;
	int rc;

	snprintf(path, sizeof(path), "%s%s", FIXTURES, file);
	text = slurp(path, &len);
	rc = import_buf(c, path, text, len, f, rep, d);
	if (rc != 0 || d->errors)
		dump_diags(d);
	assert_int_equal(rc, 0);
	assert_int_equal(d->errors, 0);
	buf_free(text);
}

/* The report must have these counts. */
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

/* The i-th skip reason of `r` (AWS reports them in a fixed order). */
static void expect_reason_at(const mlcap_import_report *r, size_t i,
			     const char *reason, size_t count)
{
	assert_true(i < r->n_reasons);
	assert_string_equal(r->reasons[i].reason, reason);
	assert_int_equal(r->reasons[i].count, count);
}

/*
 * Importing `text` as `f` fails with MLCAP_EDB and an error on `line`
 * whose message holds `message`; the catalog at `path` is untouched.
 */
static void expect_import_fails(mlcap_catalog *c, const char *path,
				const char *text, size_t len,
				mlcap_import_format f, uint32_t line,
				const char *message)
{
	mlcap_diags d = MLCAP_DIAGS_INIT;
	mlcap_import_report rep;
	long long before[3], after[3];
	int rc;

	counts(path, before);
	rc = import_buf(c, "bad", text, len, f, &rep, &d);
	if (rc != MLCAP_EDB || d.errors != 1 || d.items[0].line != line ||
	    !strstr(d.items[0].message, message)) {
		fprintf(stderr,
			"  rc %d; want one error on line %u with '%s', "
			"got:\n",
			rc, line, message);
		dump_diags(&d);
		mlcap_diags_release(&d);
		fail();
	}
	assert_string_equal(d.items[0].rule, "catalog.row");
	assert_string_equal(d.items[0].file, "bad");
	assert_int_equal(rep.imported, 0);
	mlcap_diags_release(&d);
	counts(path, after);
	assert_int_equal(after[0], before[0]);
	assert_int_equal(after[1], before[1]);
	assert_int_equal(after[2], before[2]);
}

/* ---- the offer file, CSV ---- */

static void csv_offer_keeps_hourly_linux_prices_exactly(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	char path[512];
	mlcap_catalog *c = fresh_catalog("csv.db", path, sizeof(path), d);
	const mlcap_price_list *l;
	const mlcap_price *p;

	(void)state;
	import_fixture(c, "offer.csv", MLCAP_IMPORT_AWS_CSV, &rep, d);
	/* 17 price dimensions (lines 7-23): 8 kept, 9 left out. */
	expect_report(&rep, 17, 8, 0, 9);
	assert_int_equal(rep.n_reasons, 9);
	expect_reason_at(&rep, 0, "unit is not hours", 1); /* Upfront Fee */
	expect_reason_at(&rep, 1, "reserved term with an upfront fee", 1);
	expect_reason_at(&rep, 2, "reserved offering class is not standard", 1);
	expect_reason_at(&rep, 3, "operating system is not Linux", 1);
	expect_reason_at(&rep, 4, "tenancy is not Shared", 1);
	expect_reason_at(&rep, 5, "software is pre-installed", 1);
	expect_reason_at(&rep, 6, "capacity status is not Used", 1);
	expect_reason_at(&rep, 7, "product family is not Compute Instance", 1);
	expect_reason_at(&rep, 8, "currency is not USD", 1);
	assert_int_equal(d->count, 0);

	l = aws_prices(c, NULL, d);
	assert_int_equal(with_source(l, CSV_SOURCE), 8);
	/* The text as published (10 decimals), the amount in nano-USD. */
	expect_price(l, "us-east-1", "p5.48xlarge", "on-demand", "2025-09-01",
		     "55.0400000000", 55040000000LL, CSV_SOURCE);
	expect_price(l, "us-east-1", "p5.48xlarge", "reserved-1y", "2025-04-01",
		     "38.5280000000", 38528000000LL, CSV_SOURCE);
	expect_price(l, "us-east-1", "p5.48xlarge", "reserved-3y", "2025-04-01",
		     "26.8280000000", 26828000000LL, CSV_SOURCE);
	expect_price(l, "us-west-2", "m5.xlarge", "on-demand", "2025-09-01",
		     "0.1920000000", 192000000, CSV_SOURCE);
	/* "Compute Instance (bare metal)" is a compute instance too. */
	expect_price(l, "us-east-1", "g4dn.metal", "on-demand", "2025-09-01",
		     "7.8240000000", 7824000000LL, CSV_SOURCE);
	/* No Windows, dedicated, SQL, unused-reservation or CNY price. */
	assert_null(find_price(l, "cn-north-1", "m5.xlarge", "on-demand",
			       "2025-09-01"));
	assert_null(
	    find_price(l, "us-east-1", "m5.xlarge", "on-demand", "2025-09-01"));

	/* New types come with the specs of the row (Graviton: arm64). */
	p = expect_price(l, "us-east-1", "m7g.xlarge", "on-demand",
			 "2025-09-01", "0.1632000000", 163200000, CSV_SOURCE);
	assert_string_equal(p->family, "m7g");
	assert_string_equal(p->category, "general");
	assert_string_equal(p->arch, "arm64");
	assert_int_equal(p->vcpu, 4);
	assert_int_equal(p->memory_bytes, 16LL << 30);
	assert_int_equal(p->gpu_count, 0);
	expect_price(l, "us-east-1", "m7g.xlarge", "reserved-1y", "2025-04-01",
		     "0.1030000000", 103000000, CSV_SOURCE);
	/* "1,024 GiB": a thousands separator. */
	p = expect_price(l, "us-east-1", "x2idn.16xlarge", "on-demand",
			 "2025-09-01", "6.6690000000", 6669000000LL,
			 CSV_SOURCE);
	assert_string_equal(p->family, "x2idn");
	assert_string_equal(p->category, "memory");
	assert_string_equal(p->arch, "x86_64");
	assert_int_equal(p->vcpu, 64);
	assert_int_equal(p->memory_bytes, 1024LL << 30);
	/* A type the seed knows keeps the seed's specs. */
	p = find_price(l, "us-east-1", "p5.48xlarge", "on-demand",
		       "2025-09-01");
	assert_string_equal(p->gpu_model, "H100");
	assert_int_equal(p->gpu_count, 8);
}

static void csv_offer_imported_twice_is_unchanged(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	char path[512];
	mlcap_catalog *c = fresh_catalog("twice.db", path, sizeof(path), d);
	long long before[3];

	(void)state;
	import_fixture(c, "offer.csv", MLCAP_IMPORT_AWS_CSV, &rep, d);
	counts(path, before);
	import_fixture(c, "offer.csv", MLCAP_IMPORT_AWS_CSV, &rep, d);
	expect_report(&rep, 17, 0, 8, 9);
	assert_int_equal(d->count, 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"),
			 before[0]);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM instance_types"),
			 before[1]);
}

/* ---- the offer file, JSON ---- */

static void json_offer_says_what_the_csv_says(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	char path[512];
	mlcap_catalog *c = fresh_catalog("json.db", path, sizeof(path), d);
	const mlcap_price_list *l;
	const mlcap_price *p;
	const char *src = "AWS Price List offer file offer.json, publication "
			  "date 2025-09-12T22:53:08Z";

	(void)state;
	import_fixture(c, "offer.json", MLCAP_IMPORT_AWS_JSON, &rep, d);
	expect_report(&rep, 17, 8, 0, 9);
	/* OnDemand terms come first in the file, then Reserved ones. */
	assert_int_equal(rep.n_reasons, 9);
	expect_reason_at(&rep, 0, "operating system is not Linux", 1);
	expect_reason_at(&rep, 5, "currency is not USD", 1);
	expect_reason_at(&rep, 6, "unit is not hours", 1);
	expect_reason_at(&rep, 7, "reserved term with an upfront fee", 1);
	expect_reason_at(&rep, 8, "reserved offering class is not standard", 1);
	l = aws_prices(c, NULL, d);
	assert_int_equal(with_source(l, src), 8);
	/* effectiveDate "2025-09-01T00:00:00Z": the date part. */
	expect_price(l, "us-east-1", "p5.48xlarge", "on-demand", "2025-09-01",
		     "55.0400000000", 55040000000LL, src);
	expect_price(l, "us-east-1", "p5.48xlarge", "reserved-3y", "2025-04-01",
		     "26.8280000000", 26828000000LL, src);
	p = expect_price(l, "us-east-1", "x2idn.16xlarge", "on-demand",
			 "2025-09-01", "6.6690000000", 6669000000LL, src);
	assert_int_equal(p->memory_bytes, 1024LL << 30);
	/* The CSV of the same offers is then all unchanged. */
	import_fixture(c, "offer.csv", MLCAP_IMPORT_AWS_CSV, &rep, d);
	expect_report(&rep, 17, 0, 8, 9);
	import_fixture(c, "offer.json", MLCAP_IMPORT_AWS_JSON, &rep, d);
	expect_report(&rep, 17, 0, 8, 9);
	assert_int_equal(d->count, 0);
}

/* ---- spot price history ---- */

static void spot_keeps_the_highest_zone_price_of_a_region(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	char path[512];
	mlcap_catalog *c = fresh_catalog("spot.db", path, sizeof(path), d);
	const mlcap_price_list *l;

	(void)state;
	import_fixture(c, "spot.json", MLCAP_IMPORT_AWS_SPOT, &rep, d);
	expect_report(&rep, 10, 4, 0, 6);
	assert_int_equal(rep.n_reasons, 3);
	expect_reason_at(&rep, 0, "product is not Linux/UNIX", 2);
	expect_reason_at(&rep, 1, "instance type not in the catalog", 1);
	expect_reason_at(&rep, 2, "merged into the region's highest zone price",
			 3);
	l = aws_prices(c, NULL, d);
	assert_int_equal(with_source(l, SPOT_SOURCE), 4);
	/* 08:00: zones a 21.3 and b 23.1 -> 23.1. */
	expect_price(l, "us-east-1", "p5.48xlarge", "spot",
		     "2025-09-10T08:00:00Z", "23.100000", 23100000000LL,
		     SPOT_SOURCE);
	/* 09:30: c 22.0 is below b's 23.1: no change, no row. */
	assert_null(find_price(l, "us-east-1", "p5.48xlarge", "spot",
			       "2025-09-10T09:30:00Z"));
	/* 11:15: b falls to 20.5, so c's 22.0 is the highest in force. */
	expect_price(l, "us-east-1", "p5.48xlarge", "spot",
		     "2025-09-10T11:15:00Z", "22.000000", 22000000000LL,
		     SPOT_SOURCE);
	/* A Local Zone is its own region, as in the Price List. */
	expect_price(l, "us-west-2-lax-1", "g5.xlarge", "spot",
		     "2025-09-10T06:00:00Z", "0.412000", 412000000,
		     SPOT_SOURCE);
	/* Two records of one zone and time: the higher. */
	expect_price(l, "us-west-2", "m5.xlarge", "spot",
		     "2025-09-09T23:59:59Z", "0.069300", 69300000, SPOT_SOURCE);
	assert_int_equal(d->count, 0);

	import_fixture(c, "spot.json", MLCAP_IMPORT_AWS_SPOT, &rep, d);
	expect_report(&rep, 10, 0, 4, 6);
}

#define SPOT_REC(zone, type, os, price, ts)                                    \
	"{\"AvailabilityZone\": \"" zone "\", \"InstanceType\": \"" type       \
	"\", \"ProductDescription\": \"" os "\", \"SpotPrice\": \"" price      \
	"\", \"Timestamp\": \"" ts "\"}"

/* The describe-spot-price-history output holding records `recs`. */
static const char *spot_json(char *buf, size_t cap, const char *const *recs,
			     size_t n)
{
	size_t i;

	buf[0] = '\0';
	buf_append(buf, cap, "{\"SpotPriceHistory\": [\n");
	for (i = 0; i < n; i++) {
		buf_append(buf, cap, recs[i]);
		buf_append(buf, cap, i + 1 < n ? ",\n" : "\n");
	}
	buf_append(buf, cap, "], \"NextToken\": \"\"}\n");
	return buf;
}

static void spot_timestamps_become_utc_and_zone_ids_are_skipped(void **state)
{
	static const char *const recs[] = {
	    SPOT_REC("eu-west-1a", "m5.xlarge", "Linux/UNIX", "0.07",
		     "2024-02-29T23:30:00-01:00"),
	    SPOT_REC("eu-west-1b", "m5.xlarge", "Linux/UNIX", "0.08",
		     "2024-03-01T02:30:00.123+02:00"),
	    /* A zone ID and a Wavelength Zone: no zone letter to drop. */
	    SPOT_REC("use1-az1", "m5.xlarge", "Linux/UNIX", "0.09",
		     "2024-03-01T00:00:00Z"),
	    SPOT_REC("us-east-1-wl1-bos-wlz-1", "m5.xlarge", "Linux/UNIX",
		     "0.10", "2024-03-01T00:00:00Z"),
	};
	char text[2048];
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	char path[512];
	mlcap_catalog *c = fresh_catalog("utc.db", path, sizeof(path), d);
	const mlcap_price_list *l;

	(void)state;
	spot_json(text, sizeof(text), recs, sizeof(recs) / sizeof(recs[0]));
	assert_int_equal(import_buf(c, "h.json", text, strlen(text),
				    MLCAP_IMPORT_AWS_SPOT, &rep, d),
			 0);
	expect_report(&rep, 4, 1, 0, 3);
	expect_reason_at(&rep, 0, "zone name does not end in a zone letter", 2);
	l = aws_prices(c, "m5.xlarge", d);
	/* Across a leap day, and a fraction of a second dropped. */
	expect_price(l, "eu-west-1", "m5.xlarge", "spot",
		     "2024-03-01T00:30:00Z", "0.08", 80000000,
		     "aws ec2 describe-spot-price-history output h.json");
	assert_int_equal(with_source(l, "aws ec2 describe-spot-price-history "
					"output h.json"),
			 1);
	/* The 00:30 row is b's 0.08 (a's 0.07 is merged into it). */
	assert_int_equal(rep.n_reasons, 2);
	expect_reason_at(&rep, 1, "merged into the region's highest zone price",
			 1);
}

static void spot_errors_write_nothing(void **state)
{
	static const struct {
		const char *text;
		uint32_t line;
		const char *message;
	} bad[] = {
	    {"{\"SpotPriceHistory\": [\n" SPOT_REC(
		 "us-east-1a", "m5.xlarge", "Linux/UNIX", "abc",
		 "2025-01-01T00:00:00Z") "\n]}",
	     2, "price 'abc' is not a number"},
	    {"{\"SpotPriceHistory\": [\n" SPOT_REC(
		 "us-east-1a", "m5.xlarge", "Linux/UNIX", "-0.1",
		 "2025-01-01T00:00:00Z") "\n]}",
	     2, "negative price '-0.1'"},
	    {"{\"SpotPriceHistory\": [\n" SPOT_REC(
		 "us-east-1a", "m5.xlarge", "Linux/UNIX", "0.1",
		 "2025-01-01 00:00:00") "\n]}",
	     2, "timestamp '2025-01-01 00:00:00' is not ISO 8601"},
	    {"{\"SpotPriceHistory\": [\n{\"AvailabilityZone\": "
	     "\"us-east-1a\"}\n]}",
	     2, "spot price record without InstanceType"},
	    {"{\"SpotPriceHistory\": [\n" SPOT_REC("us-east-1a", "m5.xlarge",
						   "Linux/UNIX", "0.1",
						   "2025-01-01T00:00:00Z"),
	     2, "invalid JSON at 2:156: ']' expected near end of file"},
	    {"{\"Spot\": []}", 1, "no 'SpotPriceHistory' array"},
	};
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("spotbad.db", path, sizeof(path), d);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_import_fails(c, path, bad[i].text, strlen(bad[i].text),
				    MLCAP_IMPORT_AWS_SPOT, bad[i].line,
				    bad[i].message);
}

/* ---- offer files: bad input ---- */

#define META                                                                   \
	"\"FormatVersion\",\"v1.0\"\n\"Disclaimer\",\"x\"\n"                   \
	"\"Publication Date\",\"2025-09-12T22:53:08Z\"\n"                      \
	"\"Version\",\"20250912225308\"\n\"OfferCode\",\"AmazonEC2\"\n"
#define HEADER                                                                 \
	"TermType,EffectiveDate,Unit,PricePerUnit,Currency,"                   \
	"LeaseContractLength,PurchaseOption,OfferingClass,Product Family,"     \
	"Instance Type,vCPU,Physical Processor,Memory,Processor "              \
	"Architecture,Tenancy,Operating System,License Model,CapacityStatus,"  \
	"GPU,MarketOption,Pre Installed S/W,Region Code\n"
/* An on-demand Linux row of `type` at `price` with the given specs. */
#define ROW(type, price, vcpu, cpu, mem, arch, gpu, market)                    \
	"OnDemand,2025-09-01,Hrs," price ",USD,,,,Compute Instance," type      \
	"," vcpu "," cpu ",\"" mem "\"," arch ",Shared,Linux,No License "      \
	"required,Used," gpu "," market ",NA,us-east-1\n"
#define GOOD                                                                   \
	ROW("m5.xlarge", "0.192", "4", "Intel", "16 GiB", "64-bit", "",        \
	    "OnDemand")

static void csv_offer_errors_write_nothing(void **state)
{
	static const struct {
		const char *text;
		uint32_t line;
		const char *message;
	} bad[] = {
	    {META HEADER GOOD ROW("m5.large", "abc", "2", "Intel", "8 GiB",
				  "64-bit", "", "OnDemand"),
	     8, "price 'abc' is not a number"},
	    {META HEADER GOOD ROW("m5.large", "-0.096", "2", "Intel", "8 GiB",
				  "64-bit", "", "OnDemand"),
	     8, "negative price '-0.096'"},
	    {META HEADER GOOD ROW("m5.large", "", "2", "Intel", "8 GiB",
				  "64-bit", "", "OnDemand"),
	     8, "no price for 'm5.large'"},
	    {META "TermType,EffectiveDate,Unit,PricePerUnit,Currency,"
		  "LeaseContractLength,PurchaseOption,OfferingClass,Product "
		  "Family,Instance Type,Tenancy,Operating System\n",
	     6, "missing column 'Region Code'"},
	    {"\"FormatVersion\",\"v1.0\"\n" HEADER GOOD, 1,
	     "no 'Publication Date' row"},
	    {META, 5, "no header row with a TermType column"},
	    {META HEADER GOOD ROW("zz9.huge", "1.5", "many", "Intel", "8 GiB",
				  "64-bit", "", "OnDemand"),
	     8, "vCPU count 'many' of 'zz9.huge' is not understood"},
	    {META HEADER GOOD ROW("zz9.huge", "1.5", "2", "Intel", "NA",
				  "64-bit", "", "OnDemand"),
	     8, "memory size 'NA' of 'zz9.huge' is not understood"},
	    {META HEADER GOOD ROW("zz9.huge", "1.5", "", "Intel", "", "64-bit",
				  "", "OnDemand"),
	     8, "unknown instance type 'zz9.huge'"},
	    {META HEADER GOOD "OnDemand,2025-09-01,Hrs,\"0.1", 8,
	     "unterminated quote"},
	};
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("csvbad.db", path, sizeof(path), d);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_import_fails(c, path, bad[i].text, strlen(bad[i].text),
				    MLCAP_IMPORT_AWS_CSV, bad[i].line,
				    bad[i].message);
}

static void csv_offer_specs_give_family_category_and_arch(void **state)
{
	static const char *const rows[] = {
	    ROW("trn2.48xlarge", "44.7", "192", "Intel", "2,048 GiB", "64-bit",
		"", "OnDemand"),
	    ROW("p6-b200.48xlarge", "113.9", "192", "Intel", "2048 GiB",
		"64-bit", "8", "OnDemand"),
	    ROW("c7i.large", "0.08925", "2", "Intel", "4 GiB", "64-bit", "",
		"OnDemand"),
	    ROW("t4g.nano", "0.0042", "2", "AWS Graviton2 Processor", "0.5 GiB",
		"64-bit", "", "OnDemand"),
	    ROW("a1.medium", "0.0255", "1", "x", "2 GiB", "ARM", "",
		"OnDemand"),
	    /* A capacity block (the seed knows p5.4xlarge): left out. */
	    ROW("p5.4xlarge", "6.88", "16", "AMD", "256 GiB", "64-bit", "1",
		"CapacityBlock"),
	};
	char text[4096];
	size_t i;
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	char path[512];
	mlcap_catalog *c = fresh_catalog("specs.db", path, sizeof(path), d);
	const mlcap_price_list *l;
	const mlcap_price *p;
	const char *src = "AWS Price List offer file o.csv, publication date "
			  "2025-09-12T22:53:08Z";

	(void)state;
	text[0] = '\0';
	buf_append(text, sizeof(text), META HEADER);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		buf_append(text, sizeof(text), rows[i]);
	assert_int_equal(import_buf(c, "dir/o.csv", text, strlen(text),
				    MLCAP_IMPORT_AWS_CSV, &rep, d),
			 0);
	expect_report(&rep, 6, 5, 0, 1);
	expect_reason_at(&rep, 0, "market option is not OnDemand", 1);
	l = aws_prices(c, NULL, d);
	p = expect_price(l, "us-east-1", "trn2.48xlarge", "on-demand",
			 "2025-09-01", "44.7", 44700000000LL, src);
	assert_string_equal(p->category, "accelerator");
	assert_int_equal(p->memory_bytes, 2048LL << 30);
	p = find_price(l, "us-east-1", "p6-b200.48xlarge", "on-demand",
		       "2025-09-01");
	assert_non_null(p);
	assert_string_equal(p->family, "p6-b200");
	assert_string_equal(p->category, "gpu");
	assert_int_equal(p->gpu_count, 8);
	p = find_price(l, "us-east-1", "c7i.large", "on-demand", "2025-09-01");
	assert_non_null(p);
	assert_string_equal(p->category, "compute");
	p = find_price(l, "us-east-1", "t4g.nano", "on-demand", "2025-09-01");
	assert_non_null(p);
	assert_string_equal(p->arch, "arm64");
	assert_int_equal(p->memory_bytes, 512LL << 20);
	p = find_price(l, "us-east-1", "a1.medium", "on-demand", "2025-09-01");
	assert_non_null(p);
	assert_string_equal(p->arch, "arm64");
	assert_string_equal(p->category, "general");
}

static void json_offer_errors_write_nothing(void **state)
{
	static const char head[] =
	    "{\n\"publicationDate\" : \"2025-09-12T22:53:08Z\",\n"
	    "\"products\" : {\"S1\" : {\"sku\" : \"S1\", \"productFamily\" : "
	    "\"Compute Instance\", \"attributes\" : {\"instanceType\" : "
	    "\"m5.xlarge\", \"tenancy\" : \"Shared\", \"operatingSystem\" : "
	    "\"Linux\", \"regionCode\" : \"us-east-1\"}}},\n"
	    "\"terms\" : {\"OnDemand\" : {\"S1\" : {\"S1.T\" : {\n"
	    "\"effectiveDate\" : \"2025-09-01T00:00:00Z\",\n"
	    "\"priceDimensions\" : {\n"
	    "\"S1.T.R\" : {\"unit\" : \"Hrs\", \"pricePerUnit\" : {\"USD\" : ";
	static const char tail[] = "}}}}}}}}\n";
	static const struct {
		const char *price;
		uint32_t line;
		const char *message;
	} bad[] = {
	    {"\"abc\"", 7, "price 'abc' is not a number"},
	    {"\"-1.5\"", 7, "negative price '-1.5'"},
	    {"0.192", 7, "price of 'S1.T.R' is not a string"},
	};
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	char path[512], text[2048];
	mlcap_catalog *c = fresh_catalog("jsonbad.db", path, sizeof(path), d);
	const char *offer;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "%s%s%s", head, bad[i].price,
			 tail);
		expect_import_fails(c, path, text, strlen(text),
				    MLCAP_IMPORT_AWS_JSON, bad[i].line,
				    bad[i].message);
	}
	/* The same text with a good price goes in. */
	snprintf(text, sizeof(text), "%s\"0.1920000000\"%s", head, tail);
	assert_int_equal(import_buf(c, "ok.json", text, strlen(text),
				    MLCAP_IMPORT_AWS_JSON, &rep, d),
			 0);
	expect_report(&rep, 1, 1, 0, 0);
	/* The fixture cut in half: a syntax error, nothing written. */
	offer = slurp(FIXTURES "offer.json", &len);
	expect_import_fails(c, path, offer, len / 2, MLCAP_IMPORT_AWS_JSON, 339,
			    "invalid JSON at 339:9: '}' expected near end of "
			    "file");
	expect_import_fails(c, path, "{\"products\": {}}", 16,
			    MLCAP_IMPORT_AWS_JSON, 1,
			    "no 'products' and 'terms' objects");
	expect_import_fails(c, path, "[1]", 3, MLCAP_IMPORT_AWS_JSON, 1,
			    "the JSON text is not an object");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    aws_case(csv_offer_keeps_hourly_linux_prices_exactly),
	    aws_case(csv_offer_imported_twice_is_unchanged),
	    aws_case(csv_offer_errors_write_nothing),
	    aws_case(csv_offer_specs_give_family_category_and_arch),
	    aws_case(json_offer_says_what_the_csv_says),
	    aws_case(json_offer_errors_write_nothing),
	    aws_case(spot_keeps_the_highest_zone_price_of_a_region),
	    aws_case(spot_timestamps_become_utc_and_zone_ids_are_skipped),
	    aws_case(spot_errors_write_nothing),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
