/*
 * import_aws.c - readers for AWS's own price files (see import.h): the
 * AmazonEC2 Price List offer file as CSV ("aws-csv") or JSON ("aws-json"),
 * and the JSON output of `aws ec2 describe-spot-price-history`
 * ("aws-spot"). Only hourly Linux prices of shared instances are kept;
 * every other row is counted as skipped, with its reason.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "csv.h"
#include "import.h"
#include "banned.h"

/*
 * Formats, as documented by AWS:
 * - Offer files: "Reading the service price list file for an AWS service"
 *   https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/
 *   reading-service-price-list-file-for-services.html - a CSV file starts
 *   with five metadata rows (FormatVersion, Disclaimer, Publication Date,
 *   Version, OfferCode), then the header row; a JSON file has
 *   products{sku{productFamily, attributes}} and
 *   terms{OnDemand|Reserved{sku{sku.offerTermCode{effectiveDate,
 *   termAttributes, priceDimensions{rateCode{unit, pricePerUnit{USD}}}}}}}.
 *   The documentation names only the first columns; the attribute names
 *   ("Region Code"/regionCode, "Operating System"/operatingSystem...) are
 *   those of the published AmazonEC2 files.
 * - Spot: "describe-spot-price-history" in the AWS CLI reference
 *   https://docs.aws.amazon.com/cli/latest/reference/ec2/
 *   describe-spot-price-history.html - {"SpotPriceHistory": [{
 *   "AvailabilityZone", "InstanceType", "ProductDescription", "SpotPrice",
 *   "Timestamp"}]}.
 */

/* ---- one price dimension of an offer file ---- */

/* What an offer row says, whatever the file format. */
enum {
	F_FAMILY,
	F_TENANCY,
	F_OS,
	F_LICENSE,
	F_SOFTWARE,
	F_CAPACITY,
	F_MARKET,
	F_REGION,
	F_TYPE,
	F_VCPU,
	F_MEMORY,
	F_GPU,
	F_ARCH,
	F_CPU,
	N_ATTRS, /* above: product attributes; below: term and price */
	F_TERM = N_ATTRS,
	F_UNIT,
	F_USD,
	F_CURRENCY,
	F_LEASE,
	F_OPTION,
	F_CLASS,
	F_DATE,
	N_FIELDS
};

/*
 * The CSV column and the JSON attribute of each field, and the value
 * taken when a file has no such column or attribute (NULL: the CSV
 * column is required). Older files have no CapacityStatus or
 * MarketOption, for instance: their rows are then used, on-demand
 * capacity. Specs are optional: without them a new type is an error.
 */
static const struct {
	const char *csv, *json, *absent;
} fields[N_FIELDS] = {
    {"Product Family", "productFamily", NULL},
    {"Tenancy", "tenancy", NULL},
    {"Operating System", "operatingSystem", NULL},
    {"License Model", "licenseModel", "No License required"},
    {"Pre Installed S/W", "preInstalledSw", "NA"},
    {"CapacityStatus", "capacitystatus", "Used"},
    {"MarketOption", "marketoption", ""},
    {"Region Code", "regionCode", NULL},
    {"Instance Type", "instanceType", NULL},
    {"vCPU", "vcpu", ""},
    {"Memory", "memory", ""},
    {"GPU", "gpu", ""},
    {"Processor Architecture", "processorArchitecture", ""},
    {"Physical Processor", "physicalProcessor", ""},
    {"TermType", NULL, NULL},
    {"Unit", "unit", NULL},
    {"PricePerUnit", NULL, NULL},
    {"Currency", NULL, NULL},
    {"LeaseContractLength", "LeaseContractLength", NULL},
    {"PurchaseOption", "PurchaseOption", NULL},
    {"OfferingClass", "OfferingClass", NULL},
    {"EffectiveDate", "effectiveDate", NULL},
};

typedef struct {
	const char *f[N_FIELDS]; /* never NULL; "" when empty */
	uint32_t line;
} offer_dim;

static bool eq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* Why `o` is not an hourly Linux compute price, or NULL when it is. */
static const char *offer_skip(const offer_dim *o)
{
	const char *const *f = o->f;

	/* Metal sizes are their own family in the files: "(bare metal)". */
	if (!eq(f[F_FAMILY], "Compute Instance") &&
	    !eq(f[F_FAMILY], "Compute Instance (bare metal)"))
		return "product family is not Compute Instance";
	if (!eq(f[F_TENANCY], "Shared"))
		return "tenancy is not Shared";
	if (!eq(f[F_OS], "Linux"))
		return "operating system is not Linux";
	if (!eq(f[F_LICENSE], "No License required"))
		return "license model is not 'No License required'";
	if (!eq(f[F_SOFTWARE], "NA"))
		return "software is pre-installed";
	if (!eq(f[F_CAPACITY], "Used"))
		return "capacity status is not Used";
	if (*f[F_MARKET] && !eq(f[F_MARKET], "OnDemand"))
		return "market option is not OnDemand";
	if (!eq(f[F_TERM], "OnDemand") && !eq(f[F_TERM], "Reserved"))
		return "term type is not OnDemand or Reserved";
	if (!eq(f[F_UNIT], "Hrs"))
		return "unit is not hours";
	if (!eq(f[F_CURRENCY], "USD"))
		return "currency is not USD";
	if (eq(f[F_TERM], "Reserved")) {
		if (!eq(f[F_OPTION], "No Upfront"))
			return "reserved term with an upfront fee";
		if (!eq(f[F_CLASS], "standard"))
			return "reserved offering class is not standard";
		if (!eq(f[F_LEASE], "1yr") && !eq(f[F_LEASE], "3yr"))
			return "reserved term is not 1yr or 3yr";
	}
	return NULL;
}

/* A whole number of digits only; -1 otherwise. */
static int64_t whole(const char *s)
{
	int64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/*
 * "768 GiB", "0.5 GiB", "1,952 GiB" (thousands separators, as the files
 * write them), "512 MiB" or "24 TiB" in MiB, rounded half up; -1 when
 * the text is not of that shape.
 */
static int64_t memory_mib(const char *s)
{
	int64_t ip = 0, frac = 0, scale = 1, mult, v;
	bool digits = false;

	for (; (*s >= '0' && *s <= '9') || (*s == ',' && digits); s++) {
		if (*s == ',')
			continue;
		if (ip > 1000000000)
			return -1;
		ip = ip * 10 + (*s - '0');
		digits = true;
	}
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++) {
			if (scale >= 1000000000)
				return -1;
			frac = frac * 10 + (*s - '0');
			scale *= 10;
			digits = true;
		}
	if (!digits || *s++ != ' ')
		return -1;
	if (eq(s, "MiB"))
		mult = 1;
	else if (eq(s, "GiB"))
		mult = 1024;
	else if (eq(s, "TiB"))
		mult = 1024 * 1024;
	else
		return -1;
	v = ip * mult + (frac * mult + scale / 2) / scale;
	return v > 0 ? v : -1;
}

/*
 * The category of a family from its leading letters, after AWS's naming
 * of instance families (p5: accelerated computing with GPUs, c: compute
 * optimized...); "custom" when the letters are not known.
 */
static const char *category_of(const char *family)
{
	static const struct {
		const char *letters, *category;
	} map[] = {
	    {"p", "gpu"},	    {"g", "gpu"},
	    {"gr", "gpu"},	    {"inf", "accelerator"},
	    {"trn", "accelerator"}, {"dl", "accelerator"},
	    {"f", "accelerator"},   {"vt", "accelerator"},
	    {"c", "compute"},	    {"hpc", "compute"},
	    {"r", "memory"},	    {"x", "memory"},
	    {"z", "memory"},	    {"u", "memory"},
	    {"m", "general"},	    {"t", "general"},
	    {"a", "general"},	    {"mac", "general"},
	    {"i", "storage"},	    {"d", "storage"},
	    {"h", "storage"},	    {"im", "storage"},
	    {"is", "storage"},
	};
	size_t n = 0, i;

	while (family[n] >= 'a' && family[n] <= 'z')
		n++;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i].letters) == n &&
		    strncmp(map[i].letters, family, n) == 0)
			return map[i].category;
	return "custom";
}

/*
 * Fills the specs of `r` from `o`, for a type the catalog does not know
 * yet. Returns 0, 1 after an error diagnostic, < 0 on a system failure.
 * Specs that do not parse are an error only when the type is unknown.
 */
static int offer_specs(mlcap_import *im, const offer_dim *o,
		       mlcap_import_row *r, char *family, size_t cap)
{
	const char *const *f = o->f;
	const char *dot = strchr(f[F_TYPE], '.'), *bad = NULL, *what = NULL;
	size_t n = dot ? (size_t)(dot - f[F_TYPE]) : 0;

	if (n > 0 && n < cap) {
		memcpy(family, f[F_TYPE], n);
		family[n] = '\0';
		r->family = family;
		r->category = category_of(family);
	}
	if (strstr(f[F_ARCH], "ARM") || strstr(f[F_ARCH], "Arm") ||
	    strstr(f[F_CPU], "Graviton"))
		r->arch = "arm64";
	else if (strstr(f[F_ARCH], "64-bit"))
		r->arch = "x86_64";
	if (!*f[F_VCPU] && !*f[F_MEMORY])
		return 0; /* no specs: an unknown type is the row's error */
	r->vcpu = whole(f[F_VCPU]);
	r->memory_mib = memory_mib(f[F_MEMORY]);
	r->gpu_count = *f[F_GPU] && !eq(f[F_GPU], "NA") ? whole(f[F_GPU]) : 0;
	if (r->vcpu <= 0)
		bad = f[F_VCPU], what = "vCPU count";
	else if (r->memory_mib <= 0)
		bad = f[F_MEMORY], what = "memory size";
	else if (r->gpu_count < 0)
		bad = f[F_GPU], what = "GPU count";
	if (!bad)
		return 0;
	r->vcpu = r->memory_mib = r->gpu_count = 0;
	if (mlcap_import__knows_type(im, "aws", f[F_TYPE]))
		return 0;
	return mlcap_import__error(im, o->line,
				   "AWS writes e.g. vCPU '4', Memory '16 GiB', "
				   "GPU '1'",
				   "%s '%s' of '%s' is not understood", what,
				   bad, f[F_TYPE]);
}

/*
 * Imports one price dimension, or counts it as skipped. `source` names
 * the file. Returns 0, 1 after a row error, < 0 on a system failure.
 */
static int offer_row(mlcap_import *im, const offer_dim *o, const char *source)
{
	const char *const *f = o->f;
	const char *reason = offer_skip(o);
	mlcap_import_row r;
	char date[11], family[32];
	size_t n;
	int rc;

	if (reason) {
		mlcap_import__skip(im, reason);
		return 0;
	}
	if (!*f[F_USD])
		return mlcap_import__error(im, o->line,
					   "the price is in PricePerUnit "
					   "(CSV) or pricePerUnit.USD (JSON)",
					   "no price for '%s'", f[F_TYPE]);
	if (!*f[F_REGION])
		return mlcap_import__error(
		    im, o->line,
		    "AWS files carry it as 'Region Code' (CSV) or "
		    "'regionCode' (JSON)",
		    "no region code for '%s'", f[F_TYPE]);
	memset(&r, 0, sizeof(r));
	r.line = o->line;
	r.provider = "aws";
	r.region = f[F_REGION];
	r.instance_type = f[F_TYPE];
	r.purchase_option = eq(f[F_TERM], "OnDemand") ? "on-demand"
			    : eq(f[F_LEASE], "1yr")   ? "reserved-1y"
						      : "reserved-3y";
	r.usd_per_hour = f[F_USD];
	/* EffectiveDate is a date in CSV files, a timestamp in JSON files. */
	n = strlen(f[F_DATE]);
	n = n > 10 ? 10 : n;
	memcpy(date, f[F_DATE], n);
	date[n] = '\0';
	r.effective_from = date;
	r.source = source;
	if ((rc = offer_specs(im, o, &r, family, sizeof(family))) != 0)
		return rc;
	return mlcap_import__row(im, &r);
}

/*
 * "<what> <file name>[, publication date <pub>]" in a new allocation, or
 * NULL when out of memory. The file name is the input's base name, so
 * the source does not depend on where the file was read from.
 */
static char *make_source(mlcap_import *im, const char *what, const char *pub)
{
	const char *name = mlcap_import__name(im), *slash = strrchr(name, '/');
	const char *sep = pub ? ", publication date " : "";
	char *s;
	int n;

	if (slash && slash[1])
		name = slash + 1;
	pub = pub ? pub : "";
	n = snprintf(NULL, 0, "%s %s%s%s", what, name, sep, pub);
	if (n < 0 || !(s = mlcap_mem__alloc((size_t)n + 1)))
		return NULL;
	snprintf(s, (size_t)n + 1, "%s %s%s%s", what, name, sep, pub);
	return s;
}

/* ---- the offer file as CSV ---- */

static const char *csv_get(const mlcap_csv *c, const int *col, int k)
{
	if (col[k] < 0)
		return fields[k].absent ? fields[k].absent : "";
	return (size_t)col[k] < c->n ? c->fields[col[k]].s : "";
}

/* The first records are metadata; the header is the one naming TermType. */
#define MAX_META_ROWS 16

/*
 * Reads an AmazonEC2 offer file in CSV: metadata rows (the "Publication
 * Date" one is required, for the source), the header row, then one row
 * per price dimension. Columns are found by name; a missing required
 * column, a bad row or a quote left open is an error diagnostic and the
 * import writes nothing. Returns 0, or < 0 on a system failure.
 */
int mlcap_import__aws_csv(mlcap_import *im, const char *buf, size_t len)
{
	mlcap_csv c;
	int col[N_FIELDS], k, rc, meta = 0;
	char pub[64] = "", *source = NULL;

	mlcap_csv__init(&c, buf, len);
	while ((rc = mlcap_csv__next(&c)) == 1 &&
	       mlcap_csv__find(&c, "TermType") < 0) {
		if (c.n >= 2 && eq(c.fields[0].s, "Publication Date") &&
		    c.fields[1].len < sizeof(pub))
			memcpy(pub, c.fields[1].s, c.fields[1].len + 1);
		if (++meta >= MAX_META_ROWS) {
			rc = 0;
			break;
		}
	}
	if (rc != 1) {
		if (rc == MLCAP_EINVAL)
			rc = mlcap_import__error(im, c.record_line,
						 "close the quoted field",
						 "unterminated quote");
		else if (rc == 0)
			rc = mlcap_import__error(
			    im, c.record_line ? c.record_line : 1,
			    "an AWS Price List CSV file has five metadata "
			    "rows, then the header",
			    "no header row with a TermType column");
		goto done;
	}
	if (!*pub) {
		rc = mlcap_import__error(im, 1,
					 "keep the metadata rows AWS writes "
					 "before the header",
					 "no 'Publication Date' row");
		goto done;
	}
	for (k = 0; k < N_FIELDS; k++) {
		col[k] = mlcap_csv__find(&c, fields[k].csv);
		if (col[k] < 0 && !fields[k].absent) {
			rc = mlcap_import__error(
			    im, c.record_line,
			    "is this an AWS Price List (offer) CSV file?",
			    "missing column '%s'", fields[k].csv);
			goto done;
		}
	}
	if (!(source = make_source(im, "AWS Price List offer file", pub))) {
		rc = MLCAP_ENOMEM;
		goto done;
	}
	while ((rc = mlcap_csv__next(&c)) == 1) {
		offer_dim o;
		for (k = 0; k < N_FIELDS; k++)
			o.f[k] = csv_get(&c, col, k);
		o.line = c.record_line;
		if ((rc = offer_row(im, &o, source)) < 0)
			break;
	}
	if (rc == MLCAP_EINVAL)
		rc = mlcap_import__error(im, c.record_line,
					 "close the quoted field",
					 "unterminated quote");
done:
	mlcap_mem__free(source);
	mlcap_csv__release(&c);
	return rc < 0 ? rc : 0;
}

/* ---- lines in JSON text ---- */

/*
 * jansson keeps no positions, so one pass over the (valid) text finds
 * the lines diagnostics need: in the value of the top-level member
 * `top`, either the keys of the objects nested `depth` containers deep
 * (the rate codes of an offer file are 6 deep) or, with `keys` false,
 * the objects that are elements of an array `depth` containers deep.
 */
typedef struct {
	const char *s; /* key text in the buffer (unescaped keys only) */
	size_t len;
	uint32_t line;
} jline;

typedef struct {
	jline *items;
	size_t count, alloc;
} jlines;

static int jlines_scan(jlines *out, const char *buf, size_t len,
		       const char *top, size_t depth, bool keys)
{
	unsigned char kind[16]; /* container kinds of the first levels */
	size_t i, lvl = 0, tlen = strlen(top);
	uint32_t line = 1;
	bool want_key = false, in_top = false;

	for (i = 0; i < len; i++) {
		char c = buf[i];
		if (c == '\n') {
			line++;
		} else if (c == '"') {
			size_t s = ++i;
			while (i < len && buf[i] != '"')
				i += buf[i] == '\\' ? 2 : 1;
			if (!want_key)
				continue;
			want_key = false;
			if (lvl == 1)
				in_top = i - s == tlen &&
					 memcmp(buf + s, top, tlen) == 0;
			else if (keys && in_top && lvl == depth) {
				if (MLCAP_GROW(out->items, out->alloc,
					       out->count + 1) < 0)
					return MLCAP_ENOMEM;
				out->items[out->count].s = buf + s;
				out->items[out->count].len = i - s;
				out->items[out->count++].line = line;
			}
		} else if (c == '{' || c == '[') {
			if (!keys && c == '{' && in_top && lvl == depth &&
			    lvl <= sizeof(kind) && kind[lvl - 1] == '[') {
				if (MLCAP_GROW(out->items, out->alloc,
					       out->count + 1) < 0)
					return MLCAP_ENOMEM;
				out->items[out->count].s = NULL;
				out->items[out->count].len = 0;
				out->items[out->count++].line = line;
			}
			if (lvl < sizeof(kind))
				kind[lvl] = (unsigned char)c;
			lvl++;
			want_key = c == '{';
		} else if (c == '}' || c == ']') {
			lvl -= lvl > 0;
			want_key = false;
		} else if (c == ',') {
			want_key = lvl > 0 && lvl <= sizeof(kind) &&
				   kind[lvl - 1] == '{';
		}
	}
	return 0;
}

static int jline_cmp(const void *a, const void *b)
{
	const jline *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* The line of key `key` in sorted `l`, or 0. */
static uint32_t jlines_find(const jlines *l, const char *key)
{
	jline k, *hit;

	if (!l->count)
		return 0;
	k.s = key;
	k.len = strlen(key);
	hit = bsearch(&k, l->items, l->count, sizeof(k), jline_cmp);
	return hit ? hit->line : 0;
}

/* Loads `buf` as a JSON object; NULL after an error diagnostic. */
static json_t *load_object(mlcap_import *im, const char *buf, size_t len,
			   int *rc)
{
	json_error_t err;
	json_t *root;

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3; /* a UTF-8 byte order mark, as the other readers */
		len -= 3;
	}
	if (!(root = json_loadb(buf, len, 0, &err))) {
		*rc = mlcap_import__error(
		    im, err.line > 0 ? (uint32_t)err.line : 0,
		    "the file may be cut short: fetch it again",
		    "invalid JSON at %d:%d: %s", err.line, err.column,
		    err.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		*rc = mlcap_import__error(im, 1, NULL,
					  "the JSON text is not an object");
		return NULL;
	}
	return root;
}

/* The string member `key` of `obj`, or `absent`. */
static const char *jstr(const json_t *obj, const char *key, const char *absent)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : absent;
}

/* ---- the offer file as JSON ---- */

/* Feeds the price dimensions of one term (an offerTermCode object). */
static int json_term(mlcap_import *im, const char *term_type,
		     const json_t *product, const json_t *term,
		     const jlines *lines, const char *source)
{
	const json_t *attrs = json_object_get(product, "attributes");
	const json_t *tattrs = json_object_get(term, "termAttributes");
	const json_t *dims = json_object_get(term, "priceDimensions"), *dim;
	const char *rate;
	offer_dim o;
	int k, rc;

	for (k = 0; k < N_ATTRS; k++)
		o.f[k] = jstr(k == F_FAMILY ? product : attrs, fields[k].json,
			      fields[k].absent ? fields[k].absent : "");
	o.f[F_TERM] = term_type;
	o.f[F_DATE] = jstr(term, "effectiveDate", "");
	for (k = F_LEASE; k <= F_CLASS; k++)
		o.f[k] = jstr(tattrs, fields[k].json, "");
	if (!json_is_object(dims))
		return mlcap_import__error(im, 0, NULL,
					   "term '%s' has no priceDimensions "
					   "object",
					   jstr(term, "offerTermCode", "?"));
	json_object_foreach((json_t *)dims, rate, dim)
	{
		const json_t *ppu = json_object_get(dim, "pricePerUnit");
		const json_t *usd = json_object_get(ppu, "USD");
		void *first = json_object_iter((json_t *)ppu);

		o.line = jlines_find(lines, rate);
		o.f[F_UNIT] = jstr(dim, "unit", "");
		o.f[F_USD] =
		    json_string_value(usd) ? json_string_value(usd) : "";
		o.f[F_CURRENCY] = usd	  ? "USD"
				  : first ? json_object_iter_key(first)
					  : "";
		if (usd && !json_is_string(usd)) {
			rc = mlcap_import__error(
			    im, o.line, "AWS writes prices as JSON strings",
			    "price of '%s' is not a string", rate);
		} else {
			rc = offer_row(im, &o, source);
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

/*
 * Reads an AmazonEC2 offer file in JSON with jansson: every price
 * dimension of every term of `terms` is one row, described by the
 * product of its SKU. Prices are the USD strings of pricePerUnit, kept
 * verbatim; a syntax error is reported at jansson's line and column.
 * Rows are fed in the order of the file. Returns 0, or < 0 on a system
 * failure; the tree and the line index are freed before returning.
 */
int mlcap_import__aws_json(mlcap_import *im, const char *buf, size_t len)
{
	json_t *root;
	const json_t *products, *terms, *by_sku, *offers, *term;
	const char *pub, *term_type, *sku, *code;
	jlines lines = {NULL, 0, 0};
	char *source = NULL;
	int rc = 0;

	if (!(root = load_object(im, buf, len, &rc)))
		return rc < 0 ? rc : 0;
	products = json_object_get(root, "products");
	terms = json_object_get(root, "terms");
	pub = jstr(root, "publicationDate", NULL);
	if (!json_is_object(products) || !json_is_object(terms)) {
		rc = mlcap_import__error(
		    im, 1, "is this an AWS Price List (offer) JSON file?",
		    "no 'products' and 'terms' objects");
		goto done;
	}
	if (!pub) {
		rc = mlcap_import__error(im, 1,
					 "AWS writes it at the top of the file",
					 "no 'publicationDate'");
		goto done;
	}
	if (!(source = make_source(im, "AWS Price List offer file", pub)) ||
	    jlines_scan(&lines, buf, len, "terms", 6, true) < 0) {
		rc = MLCAP_ENOMEM;
		goto done;
	}
	if (lines.count)
		qsort(lines.items, lines.count, sizeof(lines.items[0]),
		      jline_cmp);
	json_object_foreach((json_t *)terms, term_type, by_sku)
	{
		json_object_foreach((json_t *)by_sku, sku, offers)
		{
			const json_t *product = json_object_get(products, sku);
			if (!json_is_object(product)) {
				rc = mlcap_import__error(
				    im, 0, NULL,
				    "terms of SKU '%s', which is not among "
				    "the products",
				    sku);
				if (rc < 0)
					goto done;
				continue;
			}
			json_object_foreach((json_t *)offers, code, term)
			{
				rc = json_term(im, term_type, product, term,
					       &lines, source);
				if (rc < 0)
					goto done;
			}
		}
	}
	rc = 0;
done:
	mlcap_mem__free(lines.items);
	mlcap_mem__free(source);
	json_decref(root);
	return rc < 0 ? rc : 0;
}

/* ---- spot price history ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* `n` digits at `*s` as a number, advancing; -1 when not digits. */
static int64_t digits(const char **s, int n)
{
	int64_t v = 0;

	while (n--) {
		if (**s < '0' || **s > '9')
			return -1;
		v = v * 10 + (*(*s)++ - '0');
	}
	return v;
}

/* Writes `v` (>= 0) as `n` digits at `p`. */
static void put_digits(char *p, int64_t v, int n)
{
	while (n--) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/*
 * Writes `s`, an ISO 8601 timestamp with a UTC offset as the AWS CLI
 * prints them ("2014-01-06T07:10:55.000Z", "2024-01-24T02:48:23+00:00"),
 * as UTC "YYYY-MM-DDTHH:MM:SSZ" to `out`. Fractions of a second are
 * dropped. False when `s` is not such a timestamp.
 */
static bool utc_stamp(char out[21], const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	int64_t y, mo, d, h, mi, se, oh = 0, om = 0, t, days;
	int sign = 0;

	if ((y = digits(&s, 4)) < 0 || *s++ != '-' ||
	    (mo = digits(&s, 2)) < 1 || mo > 12 || *s++ != '-' ||
	    (d = digits(&s, 2)) < 1 || d > mdays[mo - 1] || *s++ != 'T' ||
	    (h = digits(&s, 2)) < 0 || h > 23 || *s++ != ':' ||
	    (mi = digits(&s, 2)) < 0 || mi > 59 || *s++ != ':' ||
	    (se = digits(&s, 2)) < 0 || se > 59)
		return false;
	if (mo == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)))
		return false;
	if (*s == '.') {
		if (*++s < '0' || *s > '9')
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'Z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s++ == '+' ? 1 : -1;
		if ((oh = digits(&s, 2)) < 0 || oh > 23)
			return false;
		s += *s == ':';
		if ((om = digits(&s, 2)) < 0 || om > 59)
			return false;
	} else {
		return false;
	}
	if (*s)
		return false;
	t = (days_from_civil(y, mo, d) * 24 + h) * 60 + mi -
	    sign * (oh * 60 + om);
	days = (t >= 0 ? t : t - 1439) / 1440;
	t -= days * 1440;
	civil_from_days(days, &y, &mo, &d);
	if (y < 0 || y > 9999)
		return false;
	memcpy(out, "0000-00-00T00:00:00Z", 21);
	put_digits(out, y, 4);
	put_digits(out + 5, mo, 2);
	put_digits(out + 8, d, 2);
	put_digits(out + 11, t / 60, 2);
	put_digits(out + 14, t % 60, 2);
	put_digits(out + 17, se, 2);
	return true;
}

/*
 * The region of a zone name: the name without its trailing zone letters.
 * "us-east-1a" is in us-east-1; a Local Zone "us-west-2-lax-1a" is in its
 * zone group "us-west-2-lax-1" ("the Local Zone code without the ending
 * character", AWS's Route 53 GeoProximityLocation reference), which is
 * also the Region Code the Price List gives Local Zones, so their prices
 * stay apart from the parent region's. Zone IDs ("use1-az1") and
 * Wavelength Zones ("us-east-1-wl1-bos-wlz-1") end in a digit: false.
 */
static bool zone_region(char *out, size_t cap, const char *zone)
{
	size_t n = strlen(zone);

	while (n > 0 && zone[n - 1] >= 'a' && zone[n - 1] <= 'z')
		n--;
	if (n == strlen(zone) || n == 0 || n >= cap || zone[n - 1] < '0' ||
	    zone[n - 1] > '9' || !memchr(zone, '-', n))
		return false;
	memcpy(out, zone, n);
	out[n] = '\0';
	return true;
}

/* One Linux price of a known type, strings borrowed from the JSON tree. */
typedef struct {
	char region[48];
	char ts[21];
	const char *zone, *type, *price;
	int64_t nanos;
	uint32_t line;
} spot_rec;

static int spot_cmp(const void *a, const void *b)
{
	const spot_rec *x = a, *y = b;
	int c;

	if ((c = strcmp(x->region, y->region)) ||
	    (c = strcmp(x->type, y->type)) || (c = strcmp(x->ts, y->ts)) ||
	    (c = strcmp(x->zone, y->zone)))
		return c;
	if (x->nanos != y->nanos)
		return x->nanos > y->nanos ? -1 : 1; /* highest first */
	return (x->line > y->line) - (x->line < y->line);
}

/* Where a zone's price stands while a region's history is replayed. */
typedef struct {
	const spot_rec *at; /* the zone's latest record */
} zone_state;

/*
 * One region's price is the highest of its zones' prices in force: the
 * conservative cost, since a pod may land in any zone. Records sorted by
 * region, type, time and zone are replayed per region and type; at each
 * timestamp the zones that changed are updated and, when the highest
 * price in force differs from the last one written, a row is written at
 * that timestamp. Two records of one zone and time keep the higher.
 * Every record that writes no row is counted as skipped. `zs` has room
 * for `n` zones.
 */
static int spot_emit(mlcap_import *im, const spot_rec *v, size_t n,
		     zone_state *zs, const char *source)
{
	static const char merged[] = "merged into the region's highest zone "
				     "price";
	size_t g = 0;

	while (g < n) {
		size_t end = g, i = g, nz = 0, z;
		int64_t last = -1;

		while (end < n && !strcmp(v[end].region, v[g].region) &&
		       !strcmp(v[end].type, v[g].type))
			end++;
		while (i < end) {
			size_t j = i, used = 0;
			const spot_rec *top = NULL;
			for (; j < end && !strcmp(v[j].ts, v[i].ts); j++) {
				if (j > i && !strcmp(v[j].zone, v[j - 1].zone))
					continue; /* same zone: lower */
				for (z = 0; z < nz; z++)
					if (!strcmp(zs[z].at->zone, v[j].zone))
						break;
				if (z == nz)
					nz++;
				zs[z].at = &v[j];
			}
			for (z = 0; z < nz; z++)
				if (!top || zs[z].at->nanos > top->nanos)
					top = zs[z].at;
			if (top->nanos != last) {
				mlcap_import_row r;
				int rc;
				memset(&r, 0, sizeof(r));
				r.provider = "aws";
				r.region = v[i].region;
				r.instance_type = v[i].type;
				r.purchase_option = "spot";
				r.usd_per_hour = top->price;
				r.effective_from = v[i].ts;
				r.source = source;
				r.line = top->line;
				if ((rc = mlcap_import__row(im, &r)) < 0)
					return rc;
				last = top->nanos;
				used = 1;
			}
			for (; i + used < j; i++)
				mlcap_import__skip(im, merged);
			i = j;
		}
		g = end;
	}
	return 0;
}

/*
 * Reads the JSON output of `aws ec2 describe-spot-price-history`: Linux
 * records of types the catalog knows become "spot" prices of the zone's
 * region at their UTC timestamp, the region's price being the highest of
 * its zones (spot_emit). Other records are skipped with a reason; a
 * record without one of the five fields or with a bad timestamp is an
 * error. Returns 0, or < 0 on a system failure.
 */
int mlcap_import__aws_spot(mlcap_import *im, const char *buf, size_t len)
{
	json_t *root;
	const json_t *hist, *e;
	jlines lines = {NULL, 0, 0};
	spot_rec *v = NULL;
	zone_state *zs = NULL;
	char *source = NULL;
	size_t i, n = 0;
	int rc = 0;

	if (!(root = load_object(im, buf, len, &rc)))
		return rc < 0 ? rc : 0;
	hist = json_object_get(root, "SpotPriceHistory");
	if (!json_is_array(hist)) {
		rc = mlcap_import__error(im, 1,
					 "give the JSON output of 'aws ec2 "
					 "describe-spot-price-history'",
					 "no 'SpotPriceHistory' array");
		goto done;
	}
	if (jlines_scan(&lines, buf, len, "SpotPriceHistory", 2, false) < 0 ||
	    !(source = make_source(im,
				   "aws ec2 describe-spot-price-history "
				   "output",
				   NULL)) ||
	    (json_array_size(hist) &&
	     (!(v = mlcap_mem__calloc(json_array_size(hist), sizeof(*v))) ||
	      !(zs = mlcap_mem__calloc(json_array_size(hist), sizeof(*zs)))))) {
		rc = MLCAP_ENOMEM;
		goto done;
	}
	json_array_foreach(hist, i, e)
	{
		const char *zone = jstr(e, "AvailabilityZone", NULL);
		const char *type = jstr(e, "InstanceType", NULL);
		const char *os = jstr(e, "ProductDescription", NULL);
		const char *price = jstr(e, "SpotPrice", NULL);
		const char *ts = jstr(e, "Timestamp", NULL);
		uint32_t line = lines.count == json_array_size(hist)
				    ? lines.items[i].line
				    : 0;
		spot_rec *s = &v[n];

		rc = 0;
		if (!zone || !type || !os || !price || !ts)
			rc = mlcap_import__error(
			    im, line,
			    "each record has AvailabilityZone, "
			    "InstanceType, ProductDescription, SpotPrice "
			    "and Timestamp strings",
			    "spot price record without %s",
			    !zone    ? "AvailabilityZone"
			    : !type  ? "InstanceType"
			    : !os    ? "ProductDescription"
			    : !price ? "SpotPrice"
				     : "Timestamp");
		else if (!eq(os, "Linux/UNIX") &&
			 !eq(os, "Linux/UNIX (Amazon VPC)"))
			mlcap_import__skip(im, "product is not Linux/UNIX");
		else if (!utc_stamp(s->ts, ts))
			rc = mlcap_import__error(
			    im, line, "AWS writes e.g. 2024-01-24T02:48:23Z",
			    "timestamp '%s' is not ISO 8601 with a UTC "
			    "offset",
			    ts);
		else if (!zone_region(s->region, sizeof(s->region), zone))
			mlcap_import__skip(im, "zone name does not end in a "
					       "zone letter");
		else if (!mlcap_import__knows_type(im, "aws", type))
			mlcap_import__skip(im, "instance type not in the "
					       "catalog");
		else if (mlcap_money_parse(&s->nanos, price, strlen(price)) !=
			 MLCAP_MONEY_OK) {
			/* The catalog's own check says what is wrong. */
			mlcap_import_row r;
			memset(&r, 0, sizeof(r));
			r.provider = "aws";
			r.region = s->region;
			r.instance_type = type;
			r.purchase_option = "spot";
			r.usd_per_hour = price;
			r.effective_from = s->ts;
			r.source = source;
			r.line = line;
			rc = mlcap_import__row(im, &r);
		} else {
			s->zone = zone;
			s->type = type;
			s->price = price;
			s->line = line;
			n++;
		}
		if (rc < 0)
			goto done;
	}
	if (n)
		qsort(v, n, sizeof(*v), spot_cmp);
	rc = spot_emit(im, v, n, zs, source);
done:
	mlcap_mem__free(zs);
	mlcap_mem__free(v);
	mlcap_mem__free(lines.items);
	mlcap_mem__free(source);
	json_decref(root);
	return rc < 0 ? rc : 0;
}
