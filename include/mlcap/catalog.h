/*
 * catalog.h - the price catalog: instance types and their prices per
 * provider, region, purchase option and date, kept in SQLite (the only
 * module that talks to it). Every price carries its source and as-of
 * date; money is exact (money.h).
 */
#ifndef MLCAP_CATALOG_H
#define MLCAP_CATALOG_H

#include <stdbool.h>
#include "mlcap/diag.h"

#define MLCAP_CATALOG_SCHEMA_VERSION 1

typedef struct mlcap_catalog mlcap_catalog;

#define MLCAP_CATALOG_WRITE 1u /* open read-write, create if missing */

/**
 * Opens the catalog at `path`. Readers wait up to 5 s for a writer
 * (busy_timeout). A database of a newer schema version, a file that is
 * not a database or a missing file (without MLCAP_CATALOG_WRITE) is an
 * error diagnostic and MLCAP_EDB. An empty database opened for writing
 * has version 0: call mlcap_catalog_create.
 */
MLCAP_API int mlcap_catalog_open(mlcap_catalog **out, const char *path,
				 unsigned flags, mlcap_diags *d);
MLCAP_API void mlcap_catalog_free(mlcap_catalog *c);
/** PRAGMA user_version of the open database. */
MLCAP_API int mlcap_catalog_version(const mlcap_catalog *c);

/**
 * Creates the schema from `schema_sql` (the text of pricing/schema.sql)
 * and loads the seed CSV files of `seed_dir` (instance_types.csv,
 * prices.csv, attached_accelerators.csv, control_plane.csv), all in one
 * transaction: on any error nothing is written.
 */
MLCAP_API int mlcap_catalog_create(mlcap_catalog *c, const char *schema_sql,
				   const char *seed_dir, mlcap_diags *d);

typedef struct {
	const char *provider, *region, *instance_type, *gpu_model;
	const char *purchase; /* NULL: any */
	const char *as_of;    /* YYYY-MM-DD; NULL: latest */
	int min_gpus;
	bool history; /* every dated row, not only the one in force */
} mlcap_price_query;

typedef struct {
	const char *provider, *region, *instance_type, *purchase_option;
	const char *usd_per_hour; /* exactly as published */
	int64_t usd_nanos;
	const char *effective_from, *source;
	const char *family, *category, *gpu_model, *accelerator_model, *arch;
	int64_t vcpu, memory_bytes, gpu_count, gpu_memory_bytes;
	int64_t accelerator_count;
} mlcap_price;

/* Invariant: items[0..count) and their strings live in `arena`. */
typedef struct {
	mlcap_price *items;
	size_t count, alloc;
	mlcap_arena arena;
} mlcap_price_list;

MLCAP_API void mlcap_price_list_init(mlcap_price_list *l);
MLCAP_API void mlcap_price_list_release(mlcap_price_list *l);

/**
 * Prices matching `q`, ordered by provider, region, instance type,
 * purchase option and date. Without `history`, only the price in force
 * on `as_of` (the latest effective_from not after it) per key.
 */
MLCAP_API int mlcap_catalog_prices(mlcap_catalog *c, const mlcap_price_query *q,
				   mlcap_price_list *out, mlcap_diags *d);

/** What an import did. */
typedef struct {
	size_t read, imported, unchanged, skipped;
} mlcap_import_report;

/**
 * Imports a price CSV in mlcap's own columns (those of prices.csv; an
 * instance type not in the catalog may be described in the same row with
 * the columns of instance_types.csv). One transaction: any error leaves
 * the catalog untouched. Re-importing a row already present counts as
 * unchanged; a row that contradicts a stored price is skipped with a
 * diagnostic naming both. `name` is used in diagnostics.
 */
MLCAP_API int mlcap_catalog_import_csv(mlcap_catalog *c, const char *name,
				       const char *buf, size_t len,
				       mlcap_import_report *rep,
				       mlcap_diags *d);

#endif
