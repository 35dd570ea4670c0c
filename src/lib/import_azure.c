/*
 * import_azure.c - reader for Azure Retail Prices API responses
 * (https://prices.azure.com/api/retail/prices): pages of "Items". Keeps
 * the pay-as-you-go and Spot hourly prices of Linux virtual machines the
 * catalog knows; retailPrice is taken from the digits of the source, never
 * through a double. Azure publishes no specs, so unknown types are skipped.
 */
#include <string.h>
#include "import_json.h"
#include "banned.h"

typedef struct {
	char *source; /* "Azure Retail Prices API, <file name>" */
} azure;

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* The skip reason for a unit other than "1 Hour" (reasons are literals). */
static const char *unit_reason(const char *unit)
{
	static const struct {
		const char *unit, *reason;
	} units[] = {
	    {"1/Month", "unit is '1/Month', not '1 Hour'"},
	    {"1/Day", "unit is '1/Day', not '1 Hour'"},
	    {"1/Year", "unit is '1/Year', not '1 Hour'"},
	    {"10 Hours", "unit is '10 Hours', not '1 Hour'"},
	    {"100 Hours", "unit is '100 Hours', not '1 Hour'"},
	    {"1 GB/Month", "unit is '1 GB/Month', not '1 Hour'"},
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(unit, units[i].unit) == 0)
			return units[i].reason;
	return "unit is not '1 Hour' (nor another known unit)";
}

/*
 * The reason an item is left out, or NULL when it is a Linux VM price per
 * hour. `*spot` tells Spot from pay-as-you-go.
 */
static const char *leave_out(const json_t *it, bool *spot)
{
	const char *type = mlcap_import__json_str(it, "type");
	const char *sku = mlcap_import__json_str(it, "skuName");
	const char *unit = mlcap_import__json_str(it, "unitOfMeasure");
	const json_t *tier = json_object_get(it, "tierMinimumUnits");

	if (strcmp(mlcap_import__json_str(it, "serviceName"),
		   "Virtual Machines") != 0)
		return "service is not Virtual Machines";
	/* retailPrice of a reservation is the price of the whole term. */
	if (strcmp(type, "Reservation") == 0)
		return "reservation prices are per term";
	if (strcmp(type, "Consumption") != 0)
		return "price type is not Consumption (e.g. "
		       "DevTestConsumption)";
	if (strstr(mlcap_import__json_str(it, "productName"), "Windows"))
		return "operating system is not Linux";
	if (ends_with(sku, "Low Priority"))
		return "Low Priority price (not a purchase option mlcap "
		       "models)";
	if (json_is_false(json_object_get(it, "isPrimaryMeterRegion")))
		return "not the primary meter region";
	if (strcmp(unit, "1 Hour") != 0)
		return unit_reason(unit);
	if (json_is_number(tier) && json_number_value(tier) != 0)
		return "tiered price (tierMinimumUnits above 0)";
	*spot = ends_with(sku, " Spot");
	return NULL;
}

/* One entry of Items: 0, 1 after a row error, 2 to stop the page, < 0. */
static int item(mlcap_import *im, azure *a, const json_t *it,
		const mlcap_json_entry *at)
{
	const char *why, *cur, *sku, *region, *date;
	mlcap_import_row r;
	char price[64], day[11];
	bool spot = false;
	int rc;

	if (!json_is_object(it))
		return mlcap_import__error(im, at->line, NULL,
					   "an Items entry is not an object");
	if ((why = leave_out(it, &spot))) {
		mlcap_import__skip(im, why);
		return 0;
	}
	cur = mlcap_import__json_str(it, "currencyCode");
	if (strcmp(cur, "USD") != 0) {
		rc = mlcap_import__error(
		    im, at->line,
		    "request USD prices (the API's default currency)",
		    "price in '%s', not USD; the rest of this page is not "
		    "read",
		    cur);
		return rc < 0 ? rc : 2;
	}
	sku = mlcap_import__json_str(it, "armSkuName");
	region = mlcap_import__json_str(it, "armRegionName");
	date = mlcap_import__json_str(it, "effectiveStartDate");
	if (!*sku || !*region) {
		mlcap_import__skip(im, "no armSkuName or armRegionName");
		return 0;
	}
	if (!mlcap_import__knows_type(im, "azure", sku)) {
		mlcap_import__skip(im, "instance type not in the catalog");
		return 0;
	}
	if (!*date) {
		mlcap_import__skip(im, "no effectiveStartDate");
		return 0;
	}
	if (!json_is_number(json_object_get(it, "retailPrice")))
		return mlcap_import__error(im, at->line, NULL,
					   "retailPrice of '%s' is missing or "
					   "not a number",
					   sku);
	if (!at->num) { /* jansson saw a number the scan did not */
		rc = mlcap_import__error(im, at->line, NULL,
					 "internal error: no source text for "
					 "retailPrice");
		return rc < 0 ? rc : MLCAP_EINTERNAL;
	}
	if (at->num_len >= sizeof(price))
		return mlcap_import__error(im, at->line, NULL,
					   "retailPrice of '%s' is %zu "
					   "characters long",
					   sku, at->num_len);
	memcpy(price, at->num, at->num_len);
	price[at->num_len] = '\0';
	/* The date of "2024-05-01T00:00:00Z"; the row sink checks it. */
	snprintf(day, sizeof(day), "%s", date);
	memset(&r, 0, sizeof(r));
	r.provider = "azure";
	r.region = region;
	r.instance_type = sku;
	r.purchase_option = spot ? "spot" : "on-demand";
	r.usd_per_hour = price;
	r.effective_from = day;
	r.source = a->source;
	r.line = at->line;
	return mlcap_import__row(im, &r);
}

static int page(mlcap_import *im, void *ctx, json_t *pg, uint32_t line,
		json_t *items, const mlcap_json_entry *at)
{
	size_t i;
	int rc = 0;

	(void)pg;
	(void)line;
	for (i = 0; i < json_array_size(items) && rc >= 0 && rc != 2; i++)
		rc = item(im, ctx, json_array_get(items, i), &at[i]);
	return rc < 0 ? rc : 0;
}

/*
 * Reads Azure Retail Prices API pages from `buf` and feeds their Linux VM
 * hourly prices to the catalog (see the file comment). Returns 0 or < 0.
 */
int mlcap_import__azure(mlcap_import *im, const char *buf, size_t len)
{
	static const char prefix[] = "Azure Retail Prices API, ";
	const char *name = mlcap_import__name(im);
	const char *base = strrchr(name, '/');
	azure a;
	size_t n;
	int rc;

	base = base ? base + 1 : name;
	n = sizeof(prefix) + strlen(base);
	if (!(a.source = mlcap_mem__alloc(n)))
		return MLCAP_ENOMEM;
	snprintf(a.source, n, "%s%s", prefix, base);
	rc = mlcap_import__json_pages(im, buf, len, "Items", false,
				      "retailPrice", page, &a);
	mlcap_mem__free(a.source);
	return rc;
}
