/*
 * test_import_azure.c - unit tests of import_azure.c and import_json.c:
 * Azure Retail Prices API pages (fixtures/azure/, after Microsoft's "Azure
 * Retail Prices overview": see its README.md) imported into a temporary
 * catalog from pricing/ plus fixtures/azure/types.csv, without the seed's
 * own Azure prices. Stored text and amounts, counts, skip reasons,
 * idempotence; bad input writes nothing.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include "support.h"
#include "import_fixture.h"

#ifndef MLCAP_TEST_SOURCE_DIR
#error "MLCAP_TEST_SOURCE_DIR must name the source tree"
#endif

#define FIXTURES MLCAP_TEST_SOURCE_DIR "/tests/unit/fixtures/azure/"

#define SOURCE(file) "Azure Retail Prices API, " file

/* ---- fixture: a temporary directory and one catalog with the types ---- */

/*
 * The seed has Azure prices of its own (pricing/seed/SOURCES.md S10): they
 * are deleted from seed.db so that these tests count only what they import.
 */
static int group_setup(void **state)
{
	static const char sql[] = "DELETE FROM prices WHERE provider = 'azure'";
	sqlite3 *db = NULL;
	int rc;

	(void)state;
	if (fixture_setup("azure", FIXTURES "types.csv") != 0)
		return -1;
	rc = sqlite3_open_v2(seed_db, &db, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		fprintf(stderr, "%s: %s\n", seed_db, sqlite3_errmsg(db));
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

#define azure_case(f) cmocka_unit_test_teardown(f, catalog_teardown)

/* ---- what the catalog holds ---- */

/* Every Azure price with its history. */
static mlcap_price_list *azure_prices(mlcap_catalog *c, mlcap_diags *d)
{
	mlcap_price_query q;
	mlcap_price_list *l;

	memset(&q, 0, sizeof(q));
	q.provider = "azure";
	q.history = true;
	assert_true(cx.n_lists < TEST_SLOTS);
	l = &cx.lists[cx.n_lists++];
	mlcap_price_list_init(l);
	assert_int_equal(mlcap_catalog_prices(c, &q, l, d), 0);
	return l;
}

/* The number of Azure prices, with history. */
static size_t count_azure(mlcap_catalog *c)
{
	mlcap_diags d = MLCAP_DIAGS_INIT;
	mlcap_price_query q;
	mlcap_price_list l;
	size_t n;
	int rc;

	memset(&q, 0, sizeof(q));
	q.provider = "azure";
	q.history = true;
	mlcap_price_list_init(&l);
	rc = mlcap_catalog_prices(c, &q, &l, &d);
	n = l.count;
	mlcap_price_list_release(&l);
	mlcap_diags_release(&d);
	assert_int_equal(rc, 0);
	return n;
}

/* The price must be stored with exactly this text, amount and date. */
static void expect_price(const mlcap_price_list *l, const char *region,
			 const char *type, const char *purchase,
			 const char *from, const char *usd, int64_t nanos,
			 const char *source)
{
	size_t i;

	for (i = 0; i < l->count; i++) {
		const mlcap_price *p = &l->items[i];
		if (strcmp(p->region, region) ||
		    strcmp(p->instance_type, type) ||
		    strcmp(p->purchase_option, purchase))
			continue;
		assert_string_equal(p->effective_from, from);
		assert_string_equal(p->usd_per_hour, usd);
		assert_int_equal(p->usd_nanos, nanos);
		assert_string_equal(p->source, source);
		return;
	}
	fail_msg("no price %s %s %s", region, type, purchase);
}

/* ---- imports ---- */

static int import_buf(mlcap_catalog *c, const char *name, const char *text,
		      size_t len, mlcap_import_report *rep, mlcap_diags *d)
{
	return mlcap_catalog_import(c, name, text, len, MLCAP_IMPORT_AZURE, rep,
				    d);
}

/* Imports fixtures/azure/`file` as "in/`file`"; it must succeed cleanly. */
static void import_fixture(mlcap_catalog *c, const char *file,
			   mlcap_import_report *rep, mlcap_diags *d)
{
	char path[512], name[128];
	size_t len;
	char *text;
	int rc;

	snprintf(path, sizeof(path), "%s%s", FIXTURES, file);
	snprintf(name, sizeof(name), "in/%s", file);
	text = slurp(path, &len);
	rc = import_buf(c, name, text, len, rep, d);
	if (rc != 0 || d->count)
		dump_diags(d);
	assert_int_equal(rc, 0);
	assert_int_equal(d->count, 0);
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
 * message holds `message`; no Azure price was written.
 */
static void expect_import_fails(mlcap_catalog *c, const char *text, size_t len,
				uint32_t line, const char *message)
{
	mlcap_diags d = MLCAP_DIAGS_INIT;
	mlcap_import_report rep;
	size_t before = count_azure(c);
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
	assert_string_equal(d.items[0].file, "bad.json");
	assert_int_equal(rep.imported, 0);
	mlcap_diags_release(&d);
	assert_int_equal(count_azure(c), before);
}

/* One page around `items` (JSON objects separated by commas). */
static char *page_of(const char *items)
{
	static const char head[] =
	    "{\"BillingCurrency\": \"USD\", \"CustomerEntityId\": "
	    "\"Default\", \"CustomerEntityType\": \"Retail\", \"Items\": [\n";
	static const char tail[] = "\n], \"NextPageLink\": null}\n";
	size_t n = sizeof(head) + strlen(items) + sizeof(tail);
	char *buf = buf_alloc(n);

	snprintf(buf, n, "%s%s%s", head, items, tail);
	return buf;
}

/* A Linux pay-as-you-go D4s v5 item, with `price` and `unit`. */
#define D4S_ITEM(price, unit)                                                  \
	"{\"currencyCode\": \"USD\", \"tierMinimumUnits\": 0.0, "              \
	"\"retailPrice\": " price ", \"armRegionName\": \"eastus\", "          \
	"\"effectiveStartDate\": \"2023-11-01T00:00:00Z\", "                   \
	"\"productName\": \"Virtual Machines Dsv5 Series\", "                  \
	"\"skuName\": \"D4s v5\", \"serviceName\": \"Virtual Machines\", "     \
	"\"unitOfMeasure\": \"" unit "\", \"type\": \"Consumption\", "         \
	"\"isPrimaryMeterRegion\": true, \"armSkuName\": \"Standard_D4s_v5\"}"

/* ---- cases ---- */

static void azure_imports_linux_vm_hourly_prices_as_published(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	char path[512];
	mlcap_catalog *c = fresh_catalog("page.db", path, sizeof(path), d);
	const mlcap_price_list *l;

	(void)state;
	import_fixture(c, "page.json", &rep, d);
	/* 14 items: 6 kept, 8 left out for one reason each. */
	expect_report(&rep, 14, 6, 0, 8);
	assert_int_equal(rep.n_reasons, 8);
	expect_reason(&rep, "operating system is not Linux", 1);
	expect_reason(
	    &rep, "Low Priority price (not a purchase option mlcap models)", 1);
	/* 516943.0 is the price of a one-year term: never divided. */
	expect_reason(&rep, "reservation prices are per term", 1);
	expect_reason(
	    &rep, "price type is not Consumption (e.g. DevTestConsumption)", 1);
	expect_reason(&rep, "instance type not in the catalog", 1);
	expect_reason(&rep, "service is not Virtual Machines", 1);
	expect_reason(&rep, "unit is '1/Month', not '1 Hour'", 1);
	expect_reason(&rep, "not the primary meter region", 1);

	l = azure_prices(c, d);
	assert_int_equal(l->count, 6);
	expect_price(l, "eastus", "Standard_ND96isr_H100_v5", "on-demand",
		     "2024-05-01", "98.32", 98320000000LL, SOURCE("page.json"));
	/* skuName "... Spot": the Spot price of the same armSkuName. */
	expect_price(l, "eastus", "Standard_ND96isr_H100_v5", "spot",
		     "2024-06-01", "39.328", 39328000000LL,
		     SOURCE("page.json"));
	expect_price(l, "eastus", "Standard_NC24ads_A100_v4", "on-demand",
		     "2024-03-01", "3.673", 3673000000LL, SOURCE("page.json"));
	/* "2.0" stays "2.0": the digits of the source, not of a double. */
	expect_price(l, "westeurope", "Standard_NC24ads_A100_v4", "on-demand",
		     "2024-03-01", "2.0", 2000000000LL, SOURCE("page.json"));
	expect_price(l, "eastus", "Standard_D4s_v5", "on-demand", "2023-11-01",
		     "0.192", 192000000, SOURCE("page.json"));
	expect_price(l, "westeurope", "Standard_D4s_v5", "on-demand",
		     "2023-11-01", "0.23", 230000000, SOURCE("page.json"));
}

static void azure_import_twice_changes_nothing(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	char path[512];
	mlcap_catalog *c = fresh_catalog("twice.db", path, sizeof(path), d);

	(void)state;
	import_fixture(c, "page.json", &rep, d);
	expect_report(&rep, 14, 6, 0, 8);
	import_fixture(c, "page.json", &rep, d);
	expect_report(&rep, 14, 0, 6, 8);
	assert_int_equal(azure_prices(c, d)->count, 6);
}

static void azure_reads_concatenated_pages_and_arrays_of_pages(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	char path[512];
	mlcap_catalog *c = fresh_catalog("pages.db", path, sizeof(path), d);
	const mlcap_price_list *l;

	(void)state;
	import_fixture(c, "pages.json", &rep, d);
	expect_report(&rep, 3, 3, 0, 0);
	l = azure_prices(c, d);
	assert_int_equal(l->count, 3);
	expect_price(l, "eastus", "Standard_D4s_v5", "on-demand", "2023-11-01",
		     "0.192", 192000000, SOURCE("pages.json"));
	expect_price(l, "eastus", "Standard_NC24ads_A100_v4", "on-demand",
		     "2024-03-01", "3.673", 3673000000LL, SOURCE("pages.json"));
	/* The same pages as one array: the same prices, all unchanged. */
	import_fixture(c, "array.json", &rep, d);
	expect_report(&rep, 3, 0, 3, 0);
}

static void azure_keeps_number_text_of_the_item_itself(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	char path[512];
	mlcap_catalog *c = fresh_catalog("text.db", path, sizeof(path), d);
	/*
	 * An exponent as the API writes small amounts ("8.8E-05"); a key
	 * spelled with an escape, which jansson decodes; savingsPlan entries
	 * (api-version 2023-01-01-preview) with retailPrice keys of their own.
	 */
	char *text = page_of(
	    "{\"currencyCode\": \"USD\", \"retail\\u0050rice\": 9.6E-03, "
	    "\"savingsPlan\": [{\"unitPrice\": 0.005, \"retailPrice\": 0.005, "
	    "\"term\": \"1 Year\"}], "
	    "\"armRegionName\": \"eastus\", "
	    "\"effectiveStartDate\": \"2023-12-01T00:00:00Z\", "
	    "\"productName\": \"Virtual Machines Dsv5 Series\", "
	    "\"skuName\": \"D4s v5 Spot\", \"serviceName\": \"Virtual "
	    "Machines\", \"unitOfMeasure\": \"1 Hour\", \"type\": "
	    "\"Consumption\", \"armSkuName\": \"Standard_D4s_v5\"},\n"
	    "{\"savingsPlan\": [{\"retailPrice\": 0.1}], "
	    "\"currencyCode\": \"USD\", \"retailPrice\": 0.1920, "
	    "\"armRegionName\": \"eastus\", "
	    "\"effectiveStartDate\": \"2023-12-01T00:00:00Z\", "
	    "\"productName\": \"Virtual Machines Dsv5 Series\", "
	    "\"skuName\": \"D4s v5\", \"serviceName\": \"Virtual "
	    "Machines\", \"unitOfMeasure\": \"1 Hour\", \"type\": "
	    "\"Consumption\", \"armSkuName\": \"Standard_D4s_v5\"}");
	const mlcap_price_list *l;
	int rc;

	(void)state;
	rc = import_buf(c, "text.json", text, strlen(text), &rep, d);
	if (rc != 0 || d->count)
		dump_diags(d);
	assert_int_equal(rc, 0);
	expect_report(&rep, 2, 2, 0, 0);
	l = azure_prices(c, d);
	expect_price(l, "eastus", "Standard_D4s_v5", "spot", "2023-12-01",
		     "9.6E-03", 9600000, SOURCE("text.json"));
	expect_price(l, "eastus", "Standard_D4s_v5", "on-demand", "2023-12-01",
		     "0.1920", 192000000, SOURCE("text.json"));
}

static void azure_skips_units_other_than_one_hour_by_name(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_import_report rep;
	char path[512];
	mlcap_catalog *c = fresh_catalog("units.db", path, sizeof(path), d);
	/* Never converted: "10 Hours" is not ten times "1 Hour" here. */
	char *text = page_of(D4S_ITEM("1.92", "10 Hours") ",\n" D4S_ITEM(
	    "140.16", "1/Month") ",\n" D4S_ITEM("0.0032", "1 Minute"));

	(void)state;
	assert_int_equal(
	    import_buf(c, "units.json", text, strlen(text), &rep, d), 0);
	expect_report(&rep, 3, 0, 0, 3);
	expect_reason(&rep, "unit is '10 Hours', not '1 Hour'", 1);
	expect_reason(&rep, "unit is '1/Month', not '1 Hour'", 1);
	expect_reason(&rep, "unit is not '1 Hour' (nor another known unit)", 1);
	assert_int_equal(count_azure(c), 0);
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

static void azure_truncated_json_writes_nothing(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("trunc.db", path, sizeof(path), d);
	size_t len;
	char *text = slurp(FIXTURES "pages.json", &len);
	const char *second = strstr(text + 1, "\n{\n");
	size_t cut;

	(void)state;
	/* The first page is whole and valid; the second ends mid-item. */
	assert_non_null(second);
	cut = (size_t)(strstr(second, "\"retailPrice\"") - text);
	expect_import_fails(c, text, cut, last_line(text, cut),
			    "invalid JSON at column");
	/* Cut inside the first page. */
	expect_import_fails(c, text, len / 3, last_line(text, len / 3),
			    "invalid JSON at column");
	assert_int_equal(count_azure(c), 0);
}

static void azure_syntax_errors_name_line_and_column(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("syntax.db", path, sizeof(path), d);
	static const char text[] = "{\"Items\": []}\n\n  {\"Items\": [}\n";

	(void)state;
	expect_import_fails(c, text, strlen(text), 3, "at column 14:");
	expect_import_fails(c, "{\"Items\": []}\0{}", 15, 1,
			    "NUL byte at column 14");
	expect_import_fails(c, "42", 2, 1, "invalid JSON at column");
	expect_import_fails(c, "  \n", 3, 1, "no JSON value in the input");
	/* Not a price page: an API error body, a bare item, a list of 1s. */
	expect_import_fails(c, "{\"error\": {\"code\": \"400\"}}", 26, 1,
			    "no 'Items' list in this page");
	expect_import_fails(c, "[{\"Items\": []},\n 1]", 19, 2,
			    "a page is not a JSON object");
	expect_import_fails(c, "{\"Items\": {}}", 13, 1,
			    "'Items' is not a list");
	expect_import_fails(c, "{\"Items\": [1]}", 14, 1,
			    "an Items entry is not an object");
}

static void azure_non_usd_prices_are_an_error(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("eur.db", path, sizeof(path), d);
	size_t len;
	char *text = slurp(FIXTURES "eur.json", &len);

	(void)state;
	expect_import_fails(c, text, len, 6, "price in 'EUR', not USD");
}

static void azure_bad_prices_are_errors(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("badprice.db", path, sizeof(path), d);
	char *neg = page_of(D4S_ITEM("-0.192", "1 Hour"));
	char *str = page_of(D4S_ITEM("\"0.192\"", "1 Hour"));
	char *fine = page_of(D4S_ITEM("0.1234567891", "1 Hour"));

	(void)state;
	expect_import_fails(c, neg, strlen(neg), 2, "negative price '-0.192'");
	expect_import_fails(c, str, strlen(str), 2,
			    "retailPrice of 'Standard_D4s_v5' is missing or "
			    "not a number");
	expect_import_fails(c, fine, strlen(fine), 2,
			    "price '0.1234567891' has more than 9 decimals");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    azure_case(azure_imports_linux_vm_hourly_prices_as_published),
	    azure_case(azure_import_twice_changes_nothing),
	    azure_case(azure_reads_concatenated_pages_and_arrays_of_pages),
	    azure_case(azure_keeps_number_text_of_the_item_itself),
	    azure_case(azure_skips_units_other_than_one_hour_by_name),
	    azure_case(azure_truncated_json_writes_nothing),
	    azure_case(azure_syntax_errors_name_line_and_column),
	    azure_case(azure_non_usd_prices_are_an_error),
	    azure_case(azure_bad_prices_are_errors),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
