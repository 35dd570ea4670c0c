/*
 * catalog_path.c - finds, and on first use builds, the price catalog for
 * the CLI (see catalog_path.h). The library never reads the environment;
 * this file does, on its behalf.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "catalog_path.h"

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_pricing_dir(void)
{
	const char *env = getenv("MLCAP_PRICING_DIR");
	if (env && *env)
		return env;
	/* Installed copy first, then the source tree the binary came from. */
	if (is_dir(MLCAP_INSTALL_PRICING_DIR "/seed"))
		return MLCAP_INSTALL_PRICING_DIR;
	return MLCAP_SOURCE_PRICING_DIR;
}

char *cli_read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t r;
		if (n + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap ? cap * 2 : 65536);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap = cap ? cap * 2 : 65536;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* mkdir -p for the parent directories of `path`. */
static int make_parents(const char *path)
{
	char tmp[4096];
	size_t i, n = strlen(path);

	if (n >= sizeof(tmp))
		return -1;
	memcpy(tmp, path, n + 1);
	for (i = 1; i < n; i++) {
		if (tmp[i] != '/')
			continue;
		tmp[i] = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -1;
		tmp[i] = '/';
	}
	return 0;
}

int cli_catalog_build(const char *path, mlcap_diags *d)
{
	const char *dir = cli_pricing_dir();
	char schema[4096], seed[4096], tmp[4200];
	mlcap_catalog *c = NULL;
	char *sql;
	int rc;
	mlcap_loc l = {path, 0, 0};

	snprintf(schema, sizeof(schema), "%s/schema.sql", dir);
	snprintf(seed, sizeof(seed), "%s/seed", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid());
	if (!(sql = cli_read_text(schema))) {
		mlcap_loc s = {schema, 0, 0};
		mlcap_diag_add(d, MLCAP_ERROR, "catalog.seed", &s,
			       "set MLCAP_PRICING_DIR to mlcap's pricing "
			       "directory",
			       "cannot read the catalog schema '%s'", schema);
		return MLCAP_EIO;
	}
	if (make_parents(path) != 0) {
		mlcap_diag_add(d, MLCAP_ERROR, "io", &l, NULL,
			       "cannot create the directory of '%s': %s", path,
			       strerror(errno));
		free(sql);
		return MLCAP_EIO;
	}
	unlink(tmp);
	rc = mlcap_catalog_open(&c, tmp, MLCAP_CATALOG_WRITE, d);
	if (rc == 0)
		rc = mlcap_catalog_create(c, sql, seed, d);
	mlcap_catalog_free(c);
	free(sql);
	if (rc == 0 && rename(tmp, path) != 0) {
		mlcap_diag_add(d, MLCAP_ERROR, "io", &l, NULL,
			       "cannot write '%s': %s", path, strerror(errno));
		rc = MLCAP_EIO;
	}
	if (rc != 0)
		unlink(tmp);
	return rc;
}

/* $XDG_DATA_HOME/mlcap/prices.db, or ~/.local/share/mlcap/prices.db. */
static int default_path(char *buf, size_t n)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int len;

	if (xdg && *xdg)
		len = snprintf(buf, n, "%s/mlcap/prices.db", xdg);
	else if (home && *home)
		len = snprintf(buf, n, "%s/.local/share/mlcap/prices.db", home);
	else
		return -1;
	return len > 0 && (size_t)len < n ? 0 : -1;
}

/*
 * The default catalog follows mlcap's seed: rows a newer seed brings are
 * added (imports are kept). A catalog that cannot be brought up to date
 * is still used, with a warning that says why.
 */
static void follow_seed(const char *path, mlcap_diags *d)
{
	mlcap_diags own = MLCAP_DIAGS_INIT;
	mlcap_catalog *c = NULL;
	char seed[4096];
	size_t added = 0;
	int rc;

	if (access(path, W_OK) != 0)
		return;
	snprintf(seed, sizeof(seed), "%s/seed", cli_pricing_dir());
	rc = mlcap_catalog_open(&c, path, MLCAP_CATALOG_WRITE, &own);
	if (rc == 0)
		rc = mlcap_catalog_update_seed(c, seed, &added, &own);
	mlcap_catalog_free(c);
	if (rc != 0 && own.count) {
		mlcap_loc l = {path, 0, 0};
		mlcap_diag_add(d, MLCAP_WARNING, "catalog.seed", &l,
			       "rebuild it with 'mlcap pricing build --out "
			       "FILE' and point MLCAP_PRICES at it",
			       "price catalog not brought up to date with "
			       "mlcap's seed tables: %s",
			       own.items[0].message);
	} else if (added > 0) {
		mlcap_loc l = {path, 0, 0};
		/* A warning, not a note: figures may differ from the last
		 * run, and the user should know why. */
		mlcap_diag_add(d, MLCAP_WARNING, "catalog.seed", &l,
			       "prices and instance types it held before are "
			       "kept; 'mlcap pricing list' shows each row's "
			       "date and source",
			       "price catalog brought up to date with mlcap's "
			       "seed tables: %zu rows added",
			       added);
	}
	mlcap_diags_release(&own);
}

int cli_catalog_open(mlcap_catalog **out, const char *opt, bool write,
		     mlcap_diags *d)
{
	const char *env = getenv("MLCAP_PRICES");
	char path[4096];
	int rc;

	if (opt)
		return mlcap_catalog_open(out, opt,
					  write ? MLCAP_CATALOG_WRITE : 0, d);
	if (env && *env)
		return mlcap_catalog_open(out, env,
					  write ? MLCAP_CATALOG_WRITE : 0, d);
	if (default_path(path, sizeof(path)) != 0) {
		mlcap_diag_add(d, MLCAP_ERROR, "catalog.open", NULL,
			       "pass --prices FILE or set MLCAP_PRICES",
			       "no home directory for the default price "
			       "catalog");
		return MLCAP_EIO;
	}
	if (access(path, F_OK) != 0) {
		if ((rc = cli_catalog_build(path, d)) != 0)
			return rc;
	} else
		follow_seed(path, d);
	return mlcap_catalog_open(out, path, write ? MLCAP_CATALOG_WRITE : 0,
				  d);
}
