/*
 * catalog_internal.h - the inside of mlcap_catalog, shared by catalog.c
 * (open, create, queries) and catalog_import.c (the import row sink).
 */
#ifndef MLCAP_CATALOG_INTERNAL_H
#define MLCAP_CATALOG_INTERNAL_H

#include <sqlite3.h>
#include "import.h"

struct mlcap_catalog {
	sqlite3 *db;
	char *path;
	int version;
	bool writable;
};

/* An error diagnostic carrying sqlite3_errmsg; returns MLCAP_EDB. */
int mlcap_catalog__db_fail(mlcap_catalog *c, mlcap_diags *d, const char *what);

/*
 * Runs `reader` over `buf` inside the caller's transaction. `check`:
 * rows already stored count as unchanged or conflicts (imports); without
 * it every row must be new (seeding). Returns 0, > 0 row errors, or < 0.
 */
int mlcap_catalog__load(mlcap_catalog *c, const char *name, const char *buf,
			size_t len, bool check, mlcap_import_report *rep,
			int (*reader)(mlcap_import *, const char *, size_t),
			mlcap_diags *d);

#endif
