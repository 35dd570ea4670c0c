/*
 * import_csv.c - reader for mlcap's own price CSV: the columns of
 * pricing/seed/prices.csv, optionally with those of instance_types.csv
 * in the same row (custom and on-prem types), instance types alone, or
 * per-resource rates (a `resource` column: cpu, memory, gpu:MODEL).
 */
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "import.h"
#include "banned.h"

enum {
	PROVIDER,
	REGION,
	TYPE,
	OPTION,
	USD,
	DATE,
	SOURCE,
	FAMILY,
	CATEGORY,
	VCPU,
	MEM,
	GPUS,
	GPU_MODEL,
	GPU_MEM,
	ACC,
	ACC_MODEL,
	ARCH,
	RESOURCE,
	N_COLS
};

static const char *const names[N_COLS] = {"provider",
					  "region",
					  "instance_type",
					  "purchase_option",
					  "usd_per_hour",
					  "effective_from",
					  "source",
					  "family",
					  "category",
					  "vcpu",
					  "memory_mib",
					  "gpu_count",
					  "gpu_model",
					  "gpu_memory_mib",
					  "accelerator_count",
					  "accelerator_model",
					  "arch",
					  "resource"};

static const char *get(const mlcap_csv *c, const int *col, int k)
{
	return col[k] >= 0 && (size_t)col[k] < c->n ? c->fields[col[k]].s : "";
}

/* A count column: "" is 0; anything but digits is an error. */
static int count(mlcap_import *im, const mlcap_csv *c, const int *col, int k,
		 int64_t *out)
{
	const char *s = get(c, col, k), *p;
	int64_t v = 0;

	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > INT64_MAX / 10 - 9)
			return mlcap_import__error(im, c->record_line,
						   "write a whole number",
						   "%s '%s' is not a whole "
						   "number",
						   names[k], s);
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return 0;
}

int mlcap_import__csv(mlcap_import *im, const char *buf, size_t len)
{
	mlcap_csv c;
	int col[N_COLS], k, rc;
	bool prices, rates;

	mlcap_csv__init(&c, buf, len);
	rc = mlcap_csv__next(&c);
	if (rc <= 0) {
		mlcap_csv__release(&c);
		return rc < 0 && rc != MLCAP_EINVAL
			   ? rc
			   : mlcap_import__error(im, 1, "add a header row",
						 "no header row");
	}
	for (k = 0; k < N_COLS; k++)
		col[k] = mlcap_csv__find(&c, names[k]);
	/*
	 * Prices need their seven columns, a type list the specs, rates
	 * provider, region, resource, price, date and source. Any column
	 * only prices have makes a price file, so a misspelt usd_per_hour
	 * is reported as missing rather than taken for a type list.
	 */
	prices = col[USD] >= 0 || col[REGION] >= 0 || col[OPTION] >= 0 ||
		 col[DATE] >= 0;
	rates = col[RESOURCE] >= 0;
	for (k = 0; k < N_COLS; k++) {
		bool need = rates ? (k == PROVIDER || k == REGION || k == USD ||
				     k == DATE || k == SOURCE)
				  : (k == PROVIDER || k == TYPE ||
				     k == SOURCE || (prices && k <= SOURCE) ||
				     (!prices && (k == VCPU || k == MEM)));
		if (need && col[k] < 0) {
			rc = mlcap_import__error(
			    im, 1, "see README.md for the columns",
			    "missing column '%s'", names[k]);
			mlcap_csv__release(&c);
			return rc < 0 ? rc : 0;
		}
	}
	while ((rc = mlcap_csv__next(&c)) == 1) {
		mlcap_import_row r;
		memset(&r, 0, sizeof(r));
		r.line = c.record_line;
		r.provider = get(&c, col, PROVIDER);
		r.region = get(&c, col, REGION);
		r.instance_type = get(&c, col, TYPE);
		r.purchase_option = get(&c, col, OPTION);
		r.usd_per_hour = prices ? get(&c, col, USD) : NULL;
		r.effective_from = get(&c, col, DATE);
		r.source = get(&c, col, SOURCE);
		r.family = get(&c, col, FAMILY);
		r.category = get(&c, col, CATEGORY);
		r.gpu_model = get(&c, col, GPU_MODEL);
		r.accelerator_model = get(&c, col, ACC_MODEL);
		r.arch = get(&c, col, ARCH);
		if (rates) {
			r.resource = get(&c, col, RESOURCE);
			if ((rc = mlcap_import__row(im, &r)) < 0)
				break;
			continue;
		}
		if ((rc = count(im, &c, col, VCPU, &r.vcpu)) ||
		    (rc = count(im, &c, col, MEM, &r.memory_mib)) ||
		    (rc = count(im, &c, col, GPUS, &r.gpu_count)) ||
		    (rc = count(im, &c, col, GPU_MEM, &r.gpu_memory_mib)) ||
		    (rc = count(im, &c, col, ACC, &r.accelerator_count))) {
			if (rc < 0)
				break;
			continue;
		}
		if (prices && !*r.usd_per_hour) {
			rc = mlcap_import__error(
			    im, r.line, "fill usd_per_hour",
			    "no price for '%s'", r.instance_type);
			if (rc < 0)
				break;
			continue;
		}
		if ((rc = mlcap_import__row(im, &r)) < 0)
			break;
	}
	if (rc == MLCAP_EINVAL)
		rc = mlcap_import__error(im, c.record_line,
					 "close the quoted field",
					 "unterminated quote");
	mlcap_csv__release(&c);
	return rc < 0 ? rc : 0;
}
