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

#define MLCAP_CATALOG_SCHEMA_VERSION 3

typedef struct mlcap_catalog mlcap_catalog;

#define MLCAP_CATALOG_WRITE 1u /* open read-write, create if missing */

/**
 * Opens the catalog at `path`. Readers wait up to 5 s for a writer
 * (busy_timeout). A database of a newer schema version, a file that is
 * not a database or a missing file (without MLCAP_CATALOG_WRITE) is an
 * error diagnostic and MLCAP_EDB. An older schema is migrated in place
 * (one transaction), which needs write access to the file. An empty
 * database opened for writing has version 0: call mlcap_catalog_create.
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

/** Length of a seed fingerprint: 16 hex digits and the NUL. */
#define MLCAP_SEED_FINGERPRINT_SIZE 17

/**
 * Writes to `out` the fingerprint of the seed tables in `seed_dir` (a
 * 64-bit FNV-1a hash of their names and bytes, in hex). MLCAP_EIO with an
 * error diagnostic when a table cannot be read.
 */
MLCAP_API int mlcap_catalog_seed_fingerprint(const char *seed_dir, char *out,
					     mlcap_diags *d);

/**
 * Brings a catalog built from an older seed up to date with the tables
 * in `seed_dir`, in one transaction: rows the catalog lacks are added,
 * rows it holds are kept (a seed price of a key and date the catalog
 * holds at another amount is a conflict warning), and the seed's
 * fingerprint is recorded. `*added` gets the number of rows added (0 when
 * the catalog was already built from this seed). Needs write access.
 */
MLCAP_API int mlcap_catalog_update_seed(mlcap_catalog *c, const char *seed_dir,
					size_t *added, mlcap_diags *d);

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

/**
 * Up to `max` suggestions for an instance type with no price where asked
 * (written into `out` as "TYPE in REGION" or "TYPE"): the same type in
 * other regions first, then types whose names are closest (edit
 * distance), in the region when one is given. Strings live in `ar`.
 * Returns the number found, or a negative status.
 */
MLCAP_API int mlcap_catalog_suggest(mlcap_catalog *c, const char *provider,
				    const char *instance_type,
				    const char *region, const char **out,
				    int max, mlcap_arena *ar, mlcap_diags *d);

/**
 * The managed control plane's fee per cluster-hour for `provider` ("aws")
 * and `tier` ("eks-standard-support") in force on `as_of` (NULL latest).
 * Returns 1 and sets `nanos`, 0 when the catalog has none, or < 0.
 */
MLCAP_API int mlcap_catalog_control_plane(mlcap_catalog *c,
					  const char *provider,
					  const char *tier, const char *as_of,
					  int64_t *nanos, mlcap_diags *d);

/** Why rows were left out, with counts. */
typedef struct {
	const char *reason;
	size_t count;
} mlcap_import_skip;

/** What an import did. */
typedef struct {
	size_t read;	  /* rows seen in the input */
	size_t imported;  /* new rows stored */
	size_t unchanged; /* already in the catalog, identical */
	size_t conflicts; /* contradict a stored price of the same date */
	size_t skipped;	  /* left out on purpose, see reasons */
	size_t errors; /* invalid rows (any makes the import write nothing) */
	size_t types_added; /* instance types described and new */
	mlcap_import_skip reasons[16];
	size_t n_reasons;
} mlcap_import_report;

/** The price file formats `mlcap pricing import` reads. */
typedef enum {
	MLCAP_IMPORT_CSV, /* mlcap's own columns (pricing/seed/prices.csv) */
	MLCAP_IMPORT_AWS_CSV,  /* AWS Price List offer file, CSV */
	MLCAP_IMPORT_AWS_JSON, /* AWS Price List offer file, JSON */
	MLCAP_IMPORT_AWS_SPOT, /* aws ec2 describe-spot-price-history */
	MLCAP_IMPORT_AZURE,    /* Azure Retail Prices API responses */
	MLCAP_IMPORT_GCP       /* Cloud Billing Catalog API SKU lists */
} mlcap_import_format;

/** Format from its command-line name ("csv"); -1 when unknown. */
MLCAP_API int mlcap_import_format_from_name(const char *name);
/** NULL-terminated list of the format names, for help and errors. */
MLCAP_API const char *const *mlcap_import_format_names(void);

/**
 * Imports `buf` (named `name` in diagnostics) in one transaction: any
 * invalid row leaves the catalog untouched (MLCAP_EDB). Importing the
 * same file twice changes nothing; a row that contradicts a stored price
 * of the same date is a warning and is not written.
 */
MLCAP_API int mlcap_catalog_import(mlcap_catalog *c, const char *name,
				   const char *buf, size_t len,
				   mlcap_import_format f,
				   mlcap_import_report *rep, mlcap_diags *d);

#endif
