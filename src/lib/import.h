/*
 * import.h - the seam between price-file readers (import_*.c: one per
 * format, no SQLite) and the catalog (catalog_import.c: validation,
 * idempotence, conflicts, one transaction). A reader turns its input
 * into mlcap_import_row values and hands each to mlcap_import__row.
 */
#ifndef MLCAP_IMPORT_H
#define MLCAP_IMPORT_H

#include <stdarg.h>
#include "internal.h"

typedef struct mlcap_import mlcap_import;

/*
 * One row. Strings need only live for the call. A row without
 * usd_per_hour describes an instance type only. Specs (vcpu > 0) are used
 * when the type is not in the catalog yet.
 */
typedef struct {
	const char *provider, *region, *instance_type, *purchase_option;
	const char *usd_per_hour;   /* exact decimal text, as published */
	const char *effective_from; /* YYYY-MM-DD or an ISO timestamp */
	const char *source;
	uint32_t line; /* input line, for diagnostics; 0 = unknown */
	/*
	 * A per-resource rate instead of an instance price: "cpu" (per
	 * vCPU-hour), "memory" (per GiB-hour) or "gpu:MODEL" (per GPU-hour);
	 * instance_type and purchase_option are then unused.
	 */
	const char *resource;
	const char *family, *category, *gpu_model, *accelerator_model, *arch;
	int64_t vcpu, memory_mib, gpu_count, gpu_memory_mib;
	int64_t accelerator_count;
} mlcap_import_row;

/*
 * Validates and stores a row. Returns 0 when it was imported, found
 * unchanged or skipped as a conflict (counted in the report), 1 after a
 * row error diagnostic, < 0 on a system failure.
 */
int mlcap_import__row(mlcap_import *im, const mlcap_import_row *r);

/*
 * Counts a row the reader leaves out on purpose, by reason: "operating
 * system is not Linux". `reason` must be a string literal.
 */
void mlcap_import__skip(mlcap_import *im, const char *reason);

/* An error about the input at `line` (0 = unknown); counted. */
int mlcap_import__error(mlcap_import *im, uint32_t line, const char *hint,
			const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/*
 * True when the catalog (or this import so far) has the instance type:
 * readers of files without specs (Azure, AWS spot) skip unknown types
 * with a reason instead of failing the import.
 */
bool mlcap_import__knows_type(mlcap_import *im, const char *provider,
			      const char *instance_type);

/* An instance type of the catalog, for readers that compose prices. */
typedef struct {
	const char *name, *family, *gpu_model; /* gpu_model: NULL for none */
	int64_t vcpu, memory_bytes, gpu_count;
} mlcap_import_type;

/*
 * Calls `fn` for each instance type of `provider` in the catalog (this
 * import's own included), in name order; the strings live only for the
 * call, and `fn` must not write to the catalog. Returns 0, the first
 * non-zero value of `fn`, or MLCAP_EDB.
 */
int mlcap_import__each_type(mlcap_import *im, const char *provider,
			    int (*fn)(void *ctx, const mlcap_import_type *t),
			    void *ctx);

/* The display name of the input, for readers' own diagnostics. */
const char *mlcap_import__name(const mlcap_import *im);

/* Readers: parse `buf` and feed rows. 0, or < 0 on a system failure. */
int mlcap_import__csv(mlcap_import *im, const char *buf, size_t len);
/* AWS Price List offer file (CSV, JSON), spot price history: import_aws.c */
int mlcap_import__aws_csv(mlcap_import *im, const char *buf, size_t len);
int mlcap_import__aws_json(mlcap_import *im, const char *buf, size_t len);
int mlcap_import__aws_spot(mlcap_import *im, const char *buf, size_t len);
/* Azure Retail Prices API pages: import_azure.c */
int mlcap_import__azure(mlcap_import *im, const char *buf, size_t len);
/* Cloud Billing Catalog SKU lists, composed per machine type: import_gcp.c */
int mlcap_import__gcp(mlcap_import *im, const char *buf, size_t len);

#endif
