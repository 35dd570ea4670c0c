/*
 * catalog_path.h - where the price catalog lives for the CLI: --prices,
 * else $MLCAP_PRICES, else a per-user file built from the seed tables on
 * first use, so commands that price things need no set-up.
 */
#ifndef MLCAP_CLI_CATALOG_PATH_H
#define MLCAP_CLI_CATALOG_PATH_H

#include <stdbool.h>
#include "mlcap/mlcap.h"

/* Directory holding schema.sql and seed/ (see catalog_path.c). */
const char *cli_pricing_dir(void);

/*
 * Builds a catalog at `path` from the pricing directory, atomically: a
 * temporary file renamed over `path` once complete. Returns 0 or < 0.
 */
int cli_catalog_build(const char *path, mlcap_diags *d);

/*
 * Opens the catalog named by `opt` (--prices), $MLCAP_PRICES or the
 * per-user default, building the default on first use.
 */
int cli_catalog_open(mlcap_catalog **out, const char *opt, bool write,
		     mlcap_diags *d);

/* The whole file at `path`, NUL-terminated (malloc'd), or NULL. */
char *cli_read_text(const char *path);

#endif
