/*
 * catalog.c - the price catalog in SQLite (see catalog.h): opening with
 * version checks, creation from schema.sql and the seed CSVs, as-of
 * queries and the CSV importer. Every statement is prepared with bound
 * parameters; every write happens inside one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "catalog_internal.h"
#include "csv.h"
#include "banned.h"

/* ---- errors ---- */

int mlcap_catalog__db_fail(mlcap_catalog *c, mlcap_diags *d, const char *what)
{
	mlcap_loc l = {c->path, 0, 0};
	int rc = mlcap_diag_add(d, MLCAP_ERROR, "catalog.db", &l,
				"check the file, or rebuild it with 'mlcap "
				"pricing build'",
				"price catalog: %s: %s", what,
				sqlite3_errmsg(c->db));
	return rc < 0 ? rc : MLCAP_EDB;
}

static int exec(mlcap_catalog *c, mlcap_diags *d, const char *sql)
{
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return mlcap_catalog__db_fail(c, d, sql);
	return 0;
}

/* ---- open ---- */

/* PRAGMA user_version of `db`, or -1 (sqlite3_errcode says why). */
static int db_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc;
}

static int read_version(mlcap_catalog *c)
{
	return db_version(c->db);
}

/* The last failure of `db` was a lock another connection holds. */
static bool locked(sqlite3 *db)
{
	int e = sqlite3_errcode(db) & 0xff;
	return e == SQLITE_BUSY || e == SQLITE_LOCKED;
}

/*
 * Migrations: the SQL that takes a catalog from version i to i + 1 is
 * migrations[i]. pricing/schema.sql always creates the newest version;
 * a test checks that a migrated catalog has the same tables.
 */
static const char *const migrations[] = {
    NULL, /* 0: an empty file is created from schema.sql instead */
    /* 1 -> 2: per-resource rates for custom and on-prem clusters */
    "CREATE TABLE resource_rates ("
    " provider TEXT NOT NULL, region TEXT NOT NULL,"
    " resource TEXT NOT NULL CHECK (resource IN ('cpu', 'memory')"
    " OR resource GLOB 'gpu:?*'),"
    " usd_per_hour TEXT NOT NULL,"
    " usd_nanos INTEGER NOT NULL CHECK (usd_nanos >= 0),"
    " effective_from TEXT NOT NULL, source TEXT NOT NULL,"
    " PRIMARY KEY (provider, region, resource, effective_from)"
    ") WITHOUT ROWID;"
    "PRAGMA user_version = 2;",
    /* 2 -> 3: the seed fingerprint, so a default catalog follows mlcap */
    "CREATE TABLE catalog_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
    " WITHOUT ROWID;"
    "PRAGMA user_version = 3;",
};

/*
 * Brings an older catalog to MLCAP_CATALOG_SCHEMA_VERSION in one
 * transaction. A read-only handle is upgraded through a second,
 * read-write connection to the same file.
 */
static int migrate(mlcap_catalog *c, mlcap_diags *d)
{
	mlcap_loc l = {c->path, 0, 0};
	sqlite3 *db = c->db;
	int v = c->version, rc = 0, now;

	if (!c->writable && sqlite3_open_v2(c->path, &db, SQLITE_OPEN_READWRITE,
					    NULL) != SQLITE_OK) {
		sqlite3_close(db);
		rc = mlcap_diag_add(d, MLCAP_ERROR, "catalog.version", &l,
				    "open it once with write access, or "
				    "rebuild it with 'mlcap pricing build'",
				    "price catalog '%s' has schema version %d "
				    "and needs an upgrade to %d",
				    c->path, v, MLCAP_CATALOG_SCHEMA_VERSION);
		return rc < 0 ? rc : MLCAP_EDB;
	}
	if (db != c->db)
		sqlite3_busy_timeout(db, 5000);
	/* Another process may have upgraded it while this one waited. */
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		SQLITE_OK ||
	    (now = db_version(db)) < 0)
		rc = MLCAP_EDB;
	else
		v = now;
	for (; rc == 0 && v < MLCAP_CATALOG_SCHEMA_VERSION; v++)
		if (sqlite3_exec(db, migrations[v], NULL, NULL, NULL) !=
		    SQLITE_OK) {
			rc = MLCAP_EDB;
			break; /* v + 1 is the version that failed */
		}
	if (rc == 0 &&
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = MLCAP_EDB;
	if (rc != 0) {
		int r = mlcap_diag_add(d, MLCAP_ERROR, "catalog.migrate", &l,
				       "rebuild it with 'mlcap pricing build'",
				       "cannot upgrade price catalog '%s' to "
				       "schema version %d: %s",
				       c->path, v + 1, sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		if (db != c->db)
			sqlite3_close(db);
		return r < 0 ? r : MLCAP_EDB;
	}
	if (db != c->db)
		sqlite3_close(db);
	c->version = read_version(c);
	return 0;
}

int mlcap_catalog_open(mlcap_catalog **out, const char *path, unsigned flags,
		       mlcap_diags *d)
{
	mlcap_catalog *c = mlcap_mem__calloc(1, sizeof(*c));
	mlcap_loc l = {path, 0, 0};
	int oflags = (flags & MLCAP_CATALOG_WRITE)
			 ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
			 : SQLITE_OPEN_READONLY;
	int rc;

	*out = NULL;
	if (!c || !(c->path = mlcap_mem__alloc(strlen(path) + 1))) {
		mlcap_mem__free(c);
		return MLCAP_ENOMEM;
	}
	memcpy(c->path, path, strlen(path) + 1);
	c->writable = (flags & MLCAP_CATALOG_WRITE) != 0;
	if (sqlite3_open_v2(path, &c->db, oflags, NULL) != SQLITE_OK) {
		rc =
		    mlcap_diag_add(d, MLCAP_ERROR, "catalog.open", &l,
				   "pass --prices FILE, set MLCAP_PRICES, or "
				   "run 'mlcap pricing build'",
				   "cannot open price catalog '%s': %s", path,
				   c->db ? sqlite3_errmsg(c->db) : "no memory");
		mlcap_catalog_free(c);
		return rc < 0 ? rc : MLCAP_EDB;
	}
	sqlite3_busy_timeout(c->db, 5000);
	sqlite3_extended_result_codes(c->db, 1);
	c->version = read_version(c);
	if (c->version < 0 && locked(c->db)) {
		rc = mlcap_diag_add(d, MLCAP_ERROR, "catalog.locked", &l,
				    "another mlcap is writing it (an import or "
				    "an upgrade); try again when it is done",
				    "price catalog '%s' is still locked after "
				    "5 s: %s",
				    path, sqlite3_errmsg(c->db));
		mlcap_catalog_free(c);
		return rc < 0 ? rc : MLCAP_EDB;
	}
	if (c->version < 0) {
		rc = mlcap_diag_add(d, MLCAP_ERROR, "catalog.corrupt", &l,
				    "rebuild it with 'mlcap pricing build'",
				    "'%s' is not a price catalog: %s", path,
				    sqlite3_errmsg(c->db));
		mlcap_catalog_free(c);
		return rc < 0 ? rc : MLCAP_EDB;
	}
	if (c->version > MLCAP_CATALOG_SCHEMA_VERSION) {
		rc = mlcap_diag_add(d, MLCAP_ERROR, "catalog.version", &l,
				    "upgrade mlcap, or use a catalog built by "
				    "this version",
				    "price catalog '%s' has schema version %d; "
				    "this mlcap reads up to %d",
				    path, c->version,
				    MLCAP_CATALOG_SCHEMA_VERSION);
		mlcap_catalog_free(c);
		return rc < 0 ? rc : MLCAP_EDB;
	}
	if (c->version == 0 && !c->writable) {
		rc = mlcap_diag_add(d, MLCAP_ERROR, "catalog.empty", &l,
				    "run 'mlcap pricing build'",
				    "price catalog '%s' is empty", path);
		mlcap_catalog_free(c);
		return rc < 0 ? rc : MLCAP_EDB;
	}
	if (c->version > 0 && c->version < MLCAP_CATALOG_SCHEMA_VERSION &&
	    (rc = migrate(c, d)) != 0) {
		mlcap_catalog_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void mlcap_catalog_free(mlcap_catalog *c)
{
	if (!c)
		return;
	sqlite3_close(c->db);
	mlcap_mem__free(c->path);
	mlcap_mem__free(c);
}

int mlcap_catalog_version(const mlcap_catalog *c)
{
	return c->version;
}

/* ---- creation from the seed tables ---- */

static int read_file(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t alloc = 0, n = 0;
	char *b = NULL;

	if (!f)
		return MLCAP_EIO;
	for (;;) {
		size_t r;
		if (MLCAP_GROW(b, alloc, n + 65536) < 0) {
			fclose(f);
			mlcap_mem__free(b);
			return MLCAP_ENOMEM;
		}
		r = fread(b + n, 1, alloc - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		fclose(f);
		mlcap_mem__free(b);
		return MLCAP_EIO;
	}
	fclose(f);
	*buf = b;
	*len = n;
	return 0;
}

static int cannot_read(const char *path, mlcap_diags *d)
{
	mlcap_loc l = {path, 0, 0};
	int rc = mlcap_diag_add(d, MLCAP_ERROR, "io", &l,
				"check MLCAP_PRICING_DIR or the installation",
				"cannot read seed table '%s'", path);
	return rc < 0 ? rc : MLCAP_EIO;
}

/*
 * A seed table through the import row sink; with `keep` a row the catalog
 * holds is compared as an import would (unchanged, or a conflict warning),
 * without it a repeated key is an error. Adds the rows written to
 * `*added`. > 0 after row errors.
 */
static int seed_rows(mlcap_catalog *c, const char *path, bool keep,
		     size_t *added, mlcap_diags *d)
{
	mlcap_import_report rep;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	memset(&rep, 0, sizeof(rep));
	if ((rc = read_file(path, &buf, &len)) < 0)
		return rc == MLCAP_ENOMEM ? rc : cannot_read(path, d);
	rc = mlcap_catalog__load(c, path, buf, len, keep, &rep,
				 mlcap_import__csv, d);
	mlcap_mem__free(buf);
	*added += rep.imported + rep.types_added;
	return rc;
}

/*
 * A seed table of (key columns..., usd_per_hour, ...) written with `sql`,
 * whose last parameter is the price in nanos; adds the rows written to
 * `*added`. > 0 after row errors.
 */
static int seed_fees(mlcap_catalog *c, const char *path, const char *sql,
		     const char *const *cols, int ncols, int usd_at,
		     size_t *added, mlcap_diags *d)
{
	sqlite3_stmt *st = NULL;
	mlcap_csv csv;
	char *buf = NULL;
	size_t len = 0;
	int rc, i, errors = 0, idx[8];

	if ((rc = read_file(path, &buf, &len)) < 0)
		return rc == MLCAP_ENOMEM ? rc : cannot_read(path, d);
	mlcap_csv__init(&csv, buf, len);
	rc = mlcap_csv__next(&csv);
	for (i = 0; rc == 1 && i < ncols; i++)
		if ((idx[i] = mlcap_csv__find(&csv, cols[i])) < 0)
			rc = MLCAP_EINVAL;
	if (rc != 1) {
		mlcap_loc l = {path, 1, 0};
		rc = mlcap_diag_add(d, MLCAP_ERROR, "catalog.row", &l,
				    "see pricing/seed/SOURCES.md",
				    "missing or bad header");
		errors = 1;
		goto done;
	}
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = mlcap_catalog__db_fail(c, d, "seeding");
		goto done;
	}
	while ((rc = mlcap_csv__next(&csv)) == 1) {
		const char *usd = (size_t)idx[usd_at] < csv.n
				      ? csv.fields[idx[usd_at]].s
				      : "";
		mlcap_loc l = {path, csv.record_line, 0};
		int64_t nanos;
		sqlite3_reset(st);
		for (i = 0; i < ncols; i++)
			sqlite3_bind_text(
			    st, i + 1,
			    (size_t)idx[i] < csv.n ? csv.fields[idx[i]].s : "",
			    -1, SQLITE_TRANSIENT);
		if (mlcap_money_parse(&nanos, usd, strlen(usd)) !=
		    MLCAP_MONEY_OK) {
			rc = mlcap_diag_add(d, MLCAP_ERROR, "catalog.row", &l,
					    NULL, "bad price '%s'", usd);
			errors++;
			if (rc < 0)
				goto done;
			continue;
		}
		sqlite3_bind_int64(st, ncols + 1, nanos);
		if (sqlite3_step(st) == SQLITE_DONE)
			*added += (size_t)sqlite3_changes(c->db);
		else {
			rc = mlcap_diag_add(d, MLCAP_ERROR, "catalog.row", &l,
					    NULL, "%s", sqlite3_errmsg(c->db));
			errors++;
			if (rc < 0)
				goto done;
		}
	}
done:
	sqlite3_finalize(st);
	mlcap_csv__release(&csv);
	mlcap_mem__free(buf);
	return rc < 0 ? rc : errors;
}

static const char *const seed_tables[] = {"instance_types.csv", "prices.csv",
					  "attached_accelerators.csv",
					  "control_plane.csv"};

/*
 * Loads the seed tables of `seed_dir`. With `keep`, rows the catalog
 * holds stay (fees: ON CONFLICT DO NOTHING); without it a repeated key is
 * an error. Adds the rows written to `*added`. Returns < 0 on
 * failure, else the number of tables with bad rows.
 */
static int load_seed(mlcap_catalog *c, const char *seed_dir, bool keep,
		     size_t *added, mlcap_diags *d)
{
	static const char *const acc_cols[] = {
	    "provider",	       "region",       "accelerator_model",
	    "purchase_option", "usd_per_hour", "effective_from",
	    "source"};
	static const char *const cp_cols[] = {"provider",     "tier",
					      "usd_per_hour", "effective_from",
					      "source",	      "notes"};
	/* seed_tables[2] and [3]: written by SQL, priced in nanos last. */
	static const struct {
		const char *insert;
		const char *const *cols;
		int ncols, usd_at;
	} fees[] = {
	    {"INSERT INTO accelerator_prices (provider, region, "
	     "accelerator_model, purchase_option, usd_per_hour, "
	     "effective_from, source, usd_nanos) VALUES "
	     "(?1,?2,?3,?4,?5,?6,?7,?8)",
	     acc_cols, 7, 4},
	    {"INSERT INTO control_plane_fees (provider, tier, usd_per_hour, "
	     "effective_from, source, notes, usd_nanos) VALUES "
	     "(?1,?2,?3,?4,?5,?6,?7)",
	     cp_cols, 6, 2},
	};
	char path[4096], sql[512];
	size_t i;
	int rc, errors = 0;

	for (i = 0; i < sizeof(seed_tables) / sizeof(seed_tables[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", seed_dir, seed_tables[i]);
		if (i < 2)
			rc = seed_rows(c, path, keep, added, d);
		else {
			snprintf(sql, sizeof(sql), "%s%s", fees[i - 2].insert,
				 keep ? " ON CONFLICT DO NOTHING" : "");
			rc = seed_fees(c, path, sql, fees[i - 2].cols,
				       fees[i - 2].ncols, fees[i - 2].usd_at,
				       added, d);
		}
		if (rc < 0)
			return rc;
		errors += rc;
	}
	return errors;
}

int mlcap_catalog_seed_fingerprint(const char *seed_dir, char *out,
				   mlcap_diags *d)
{
	uint64_t h = 14695981039346656037ULL; /* FNV-1a, 64-bit */
	char path[4096];
	size_t i, j;

	for (i = 0; i < sizeof(seed_tables) / sizeof(seed_tables[0]); i++) {
		char *buf = NULL;
		size_t len = 0;
		int rc;

		snprintf(path, sizeof(path), "%s/%s", seed_dir, seed_tables[i]);
		if ((rc = read_file(path, &buf, &len)) < 0)
			return rc == MLCAP_ENOMEM ? rc : cannot_read(path, d);
		/* The name and its NUL, then the bytes: tables cannot trade
		 * content unnoticed. */
		for (j = 0; j <= strlen(seed_tables[i]); j++)
			h = (h ^ (unsigned char)seed_tables[i][j]) *
			    1099511628211ULL;
		for (j = 0; j < len; j++)
			h = (h ^ (unsigned char)buf[j]) * 1099511628211ULL;
		mlcap_mem__free(buf);
	}
	snprintf(out, MLCAP_SEED_FINGERPRINT_SIZE, "%016llx",
		 (unsigned long long)h);
	return 0;
}

/* The seed fingerprint the catalog records, "" when none; < 0 on error. */
static int seeded_from(mlcap_catalog *c, char *out, mlcap_diags *d)
{
	sqlite3_stmt *st = NULL;
	int rc;

	out[0] = '\0';
	if (sqlite3_prepare_v2(c->db,
			       "SELECT value FROM catalog_meta WHERE key = "
			       "'seed'",
			       -1, &st, NULL) != SQLITE_OK)
		return mlcap_catalog__db_fail(c, d, "reading the seed state");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, MLCAP_SEED_FINGERPRINT_SIZE, "%s",
			 (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
		   ? 0
		   : mlcap_catalog__db_fail(c, d, "reading the seed state");
}

static int record_seed(mlcap_catalog *c, const char *fp, mlcap_diags *d)
{
	sqlite3_stmt *st = NULL;
	int ok;

	if (sqlite3_prepare_v2(c->db,
			       "INSERT INTO catalog_meta VALUES ('seed', ?1) "
			       "ON CONFLICT (key) DO UPDATE SET value = "
			       "excluded.value",
			       -1, &st, NULL) != SQLITE_OK)
		return mlcap_catalog__db_fail(c, d, "recording the seed");
	sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok ? 0 : mlcap_catalog__db_fail(c, d, "recording the seed");
}

int mlcap_catalog_create(mlcap_catalog *c, const char *schema_sql,
			 const char *seed_dir, mlcap_diags *d)
{
	char fp[MLCAP_SEED_FINGERPRINT_SIZE];
	size_t added = 0;
	int rc;

	if ((rc = mlcap_catalog_seed_fingerprint(seed_dir, fp, d)) < 0)
		return rc;
	if ((rc = exec(c, d, "BEGIN IMMEDIATE")) < 0)
		return rc;
	if (sqlite3_exec(c->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
		rc = mlcap_catalog__db_fail(c, d, "creating the schema");
		goto fail;
	}
	if ((rc = load_seed(c, seed_dir, false, &added, d)) != 0 ||
	    (rc = record_seed(c, fp, d)) < 0 || (rc = exec(c, d, "COMMIT")) < 0)
		goto fail;
	c->version = read_version(c);
	return 0;
fail:
	sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	return rc < 0 ? rc : MLCAP_EDB;
}

int mlcap_catalog_update_seed(mlcap_catalog *c, const char *seed_dir,
			      size_t *added, mlcap_diags *d)
{
	char fp[MLCAP_SEED_FINGERPRINT_SIZE], had[MLCAP_SEED_FINGERPRINT_SIZE];
	int rc;

	*added = 0;
	if ((rc = mlcap_catalog_seed_fingerprint(seed_dir, fp, d)) < 0)
		return rc;
	/* Read under the write lock: another process may have done it. */
	if ((rc = exec(c, d, "BEGIN IMMEDIATE")) < 0)
		return rc;
	if ((rc = seeded_from(c, had, d)) < 0)
		goto fail;
	if (strcmp(had, fp) == 0)
		return exec(c, d, "COMMIT");
	if ((rc = load_seed(c, seed_dir, true, added, d)) != 0 ||
	    (rc = record_seed(c, fp, d)) < 0 || (rc = exec(c, d, "COMMIT")) < 0)
		goto fail;
	return 0;
fail:
	sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	*added = 0;
	return rc < 0 ? rc : MLCAP_EDB;
}

/* ---- queries ---- */

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void mlcap_price_list_init(mlcap_price_list *l)
{
	memset(l, 0, sizeof(*l));
	mlcap_arena_init(&l->arena);
}

void mlcap_price_list_release(mlcap_price_list *l)
{
	mlcap_mem__free(l->items);
	mlcap_arena_release(&l->arena);
	memset(l, 0, sizeof(*l));
}

static const char *col_str(mlcap_price_list *l, sqlite3_stmt *st, int i,
			   int *oom)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	char *copy;
	if (!s)
		return NULL;
	copy = mlcap_arena_strdup(&l->arena, (const char *)s);
	if (!copy)
		*oom = 1;
	return copy;
}

static int cmp_price(const void *pa, const void *pb)
{
	const mlcap_price *a = pa, *b = pb;
	int r = strcmp(a->provider, b->provider);
	if (!r)
		r = strcmp(a->region, b->region);
	if (!r)
		r = strcmp(a->instance_type, b->instance_type);
	if (!r)
		r = strcmp(a->purchase_option, b->purchase_option);
	if (!r)
		r = strcmp(a->effective_from, b->effective_from);
	return r;
}

/* A zeroed row appended to `out`, or NULL when memory runs out. */
static mlcap_price *new_price(mlcap_price_list *out)
{
	mlcap_price *p;

	if (MLCAP_GROW(out->items, out->alloc, out->count + 1) < 0)
		return NULL;
	p = &out->items[out->count++];
	memset(p, 0, sizeof(*p));
	return p;
}

/* The latest resource rate of a kind in force on ?4. */
static const char RATE_IN_FORCE[] =
    "SELECT usd_nanos, usd_per_hour, effective_from, source FROM "
    "resource_rates WHERE provider = ?1 AND region = ?2 AND resource = ?3 "
    "AND substr(effective_from, 1, 10) <= ?4 ORDER BY effective_from DESC "
    "LIMIT 1";

/* The rate of `resource` in force; 0 and its text/date, or 1 if none. */
static int rate_of(sqlite3_stmt *st, const char *provider, const char *region,
		   const char *resource, const char *as_of, int64_t *nanos,
		   char *text, size_t tn, char *date, char *source, size_t sn)
{
	int rc = 1;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, provider, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, region, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, resource, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, as_of, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*nanos = sqlite3_column_int64(st, 0);
		snprintf(text, tn, "%s", sqlite3_column_text(st, 1));
		if (strcmp((const char *)sqlite3_column_text(st, 2), date) > 0)
			snprintf(date, 32, "%s", sqlite3_column_text(st, 2));
		snprintf(source, sn, "%s", sqlite3_column_text(st, 3));
		rc = 0;
	}
	return rc;
}

/*
 * Custom and on-prem types without an on-demand price of their own, in a
 * region with resource rates, priced as vCPU x cpu + GiB x memory + GPUs
 * x gpu:MODEL at the rates in force. A type missing a rate is left out.
 */
static int add_composed(mlcap_catalog *c, const mlcap_price_query *q,
			mlcap_price_list *out, mlcap_diags *d)
{
	static const char sql[] =
	    "SELECT t.provider, r.region, t.name, t.family, t.category, "
	    "t.gpu_model, t.accelerator_model, t.arch, t.vcpu, "
	    "t.memory_bytes, t.gpu_count, t.gpu_memory_bytes, "
	    "t.accelerator_count FROM instance_types t JOIN (SELECT "
	    "DISTINCT provider, region FROM resource_rates WHERE "
	    "substr(effective_from, 1, 10) <= ?5) r ON r.provider = "
	    "t.provider WHERE (?1 IS NULL OR t.provider = ?1) AND (?2 IS "
	    "NULL OR r.region = ?2) AND (?3 IS NULL OR t.name = ?3) AND "
	    "(?4 IS NULL OR t.gpu_model = ?4 COLLATE NOCASE) AND "
	    "t.gpu_count >= ?6 AND NOT EXISTS (SELECT 1 FROM prices p "
	    "WHERE p.provider = t.provider AND p.region = r.region AND "
	    "p.instance_type = t.name AND p.purchase_option = 'on-demand' "
	    "AND substr(p.effective_from, 1, 10) <= ?5)";
	const char *as_of = q->as_of ? q->as_of : "9999-12-31";
	sqlite3_stmt *st = NULL, *rate = NULL;
	int rc = 0, oom = 0;

	if (q->history || (q->purchase && strcmp(q->purchase, "on-demand")))
		return 0; /* composed prices are on-demand, and not stored */
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, RATE_IN_FORCE, -1, &rate, NULL) !=
		SQLITE_OK) {
		sqlite3_finalize(st);
		return mlcap_catalog__db_fail(c, d, "composing prices");
	}
	bind_text_or_null(st, 1, q->provider);
	bind_text_or_null(st, 2, q->region);
	bind_text_or_null(st, 3, q->instance_type);
	bind_text_or_null(st, 4, q->gpu_model);
	sqlite3_bind_text(st, 5, as_of, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 6, q->min_gpus);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *prov = (const char *)sqlite3_column_text(st, 0);
		const char *reg = (const char *)sqlite3_column_text(st, 1);
		const char *gpu_model =
		    (const char *)sqlite3_column_text(st, 5);
		int64_t vcpu = sqlite3_column_int64(st, 8);
		int64_t mem = sqlite3_column_int64(st, 9);
		int64_t gpus = sqlite3_column_int64(st, 10);
		int64_t cpu_n, mem_n, gpu_n = 0, m, total;
		char cpu_t[48], mem_t[48], gpu_t[48] = "0", date[32] = "";
		char src[256], gres[160], text[48], desc[768];
		mlcap_price *p;

		if (sqlite3_column_int64(st, 12) > 0)
			continue; /* no rate kind for TPUs, Neuron... */
		if (rate_of(rate, prov, reg, "cpu", as_of, &cpu_n, cpu_t,
			    sizeof(cpu_t), date, src, sizeof(src)) ||
		    rate_of(rate, prov, reg, "memory", as_of, &mem_n, mem_t,
			    sizeof(mem_t), date, src, sizeof(src)))
			continue;
		if (gpus > 0) {
			snprintf(gres, sizeof(gres), "gpu:%s",
				 gpu_model ? gpu_model : "");
			if (!gpu_model ||
			    rate_of(rate, prov, reg, gres, as_of, &gpu_n, gpu_t,
				    sizeof(gpu_t), date, src, sizeof(src)))
				continue;
		}
		if (mlcap_money_muldiv(&m, mem_n, mem, 1073741824LL) < 0 ||
		    cpu_n > (INT64_MAX - m) / (vcpu ? vcpu : 1))
			continue;
		total = cpu_n * vcpu + m + gpu_n * gpus;
		mlcap_money_format_exact(text, sizeof(text), total);
		{
			char memtxt[32], gpus_txt[64] = "";
			mlcap_format_bytes(memtxt, sizeof(memtxt), mem);
			if (gpus)
				snprintf(gpus_txt, sizeof(gpus_txt),
					 " + %lld GPU x %s", (long long)gpus,
					 gpu_t);
			snprintf(desc, sizeof(desc),
				 "composed from resource rates: %lld vCPU x "
				 "%s + %s x %s per GiB%s (%s)",
				 (long long)vcpu, cpu_t, memtxt, mem_t,
				 gpus_txt, src);
		}
		if (!(p = new_price(out))) {
			rc = MLCAP_ENOMEM;
			break;
		}
		p->provider = col_str(out, st, 0, &oom);
		p->region = col_str(out, st, 1, &oom);
		p->instance_type = col_str(out, st, 2, &oom);
		p->family = col_str(out, st, 3, &oom);
		p->category = col_str(out, st, 4, &oom);
		p->gpu_model = col_str(out, st, 5, &oom);
		p->accelerator_model = col_str(out, st, 6, &oom);
		p->arch = col_str(out, st, 7, &oom);
		p->vcpu = vcpu;
		p->memory_bytes = mem;
		p->gpu_count = gpus;
		p->gpu_memory_bytes = sqlite3_column_int64(st, 11);
		p->purchase_option = "on-demand";
		p->usd_nanos = total;
		p->usd_per_hour = mlcap_arena_strdup(&out->arena, text);
		p->effective_from = mlcap_arena_strdup(&out->arena, date);
		p->source = mlcap_arena_strdup(&out->arena, desc);
		if (oom || !p->usd_per_hour || !p->effective_from ||
		    !p->source) {
			rc = MLCAP_ENOMEM;
			break;
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(rate);
	return rc;
}

int mlcap_catalog_prices(mlcap_catalog *c, const mlcap_price_query *q,
			 mlcap_price_list *out, mlcap_diags *d)
{
	/*
	 * One scan of the primary key range. In force: SQLite takes the bare
	 * columns of a MAX() aggregate from the row holding the maximum, so
	 * each (provider, region, type, option) yields its latest row. The
	 * date bound "< as_of || '~'" keeps the index usable and admits
	 * timestamps on the as-of day ('T' sorts before '~'). Only the given
	 * filters are in the SQL: "(?1 IS NULL OR p.provider = ?1)" would
	 * hide the key from the planner and scan the whole table. Values are
	 * always bound, never written into the text.
	 */
	char sql[1536];
	size_t len;
	sqlite3_stmt *st = NULL;
	int rc = 0, oom = 0, step;

	len = (size_t)snprintf(
	    sql, sizeof(sql),
	    "SELECT p.provider, p.region, p.instance_type, p.purchase_option, "
	    "p.usd_per_hour, p.usd_nanos, %s, p.source, t.family, "
	    "t.category, t.gpu_model, t.accelerator_model, t.arch, t.vcpu, "
	    "t.memory_bytes, t.gpu_count, t.gpu_memory_bytes, "
	    "t.accelerator_count FROM prices p JOIN instance_types t ON "
	    "t.provider = p.provider AND t.name = p.instance_type WHERE "
	    "p.effective_from < ?7 || '~' AND t.gpu_count >= ?6%s%s%s%s%s%s",
	    q->history ? "p.effective_from" : "MAX(p.effective_from)",
	    q->provider ? " AND p.provider = ?1" : "",
	    q->region ? " AND p.region = ?2" : "",
	    q->instance_type ? " AND p.instance_type = ?3" : "",
	    q->gpu_model ? " AND t.gpu_model = ?4 COLLATE NOCASE" : "",
	    q->purchase ? " AND p.purchase_option = ?5" : "",
	    q->history ? ""
		       : " GROUP BY p.provider, p.region, "
			 "p.instance_type, p.purchase_option");
	if (len >= sizeof(sql))
		return MLCAP_EINTERNAL;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return mlcap_catalog__db_fail(c, d, "querying prices");
	bind_text_or_null(st, 1, q->provider);
	bind_text_or_null(st, 2, q->region);
	bind_text_or_null(st, 3, q->instance_type);
	bind_text_or_null(st, 4, q->gpu_model);
	bind_text_or_null(st, 5, q->purchase);
	sqlite3_bind_int(st, 6, q->min_gpus);
	sqlite3_bind_text(st, 7, q->as_of ? q->as_of : "9999-12-31", -1,
			  SQLITE_TRANSIENT);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		mlcap_price *p;
		if (!(p = new_price(out))) {
			rc = MLCAP_ENOMEM;
			break;
		}
		p->provider = col_str(out, st, 0, &oom);
		p->region = col_str(out, st, 1, &oom);
		p->instance_type = col_str(out, st, 2, &oom);
		p->purchase_option = col_str(out, st, 3, &oom);
		p->usd_per_hour = col_str(out, st, 4, &oom);
		p->usd_nanos = sqlite3_column_int64(st, 5);
		p->effective_from = col_str(out, st, 6, &oom);
		p->source = col_str(out, st, 7, &oom);
		p->family = col_str(out, st, 8, &oom);
		p->category = col_str(out, st, 9, &oom);
		p->gpu_model = col_str(out, st, 10, &oom);
		p->accelerator_model = col_str(out, st, 11, &oom);
		p->arch = col_str(out, st, 12, &oom);
		p->vcpu = sqlite3_column_int64(st, 13);
		p->memory_bytes = sqlite3_column_int64(st, 14);
		p->gpu_count = sqlite3_column_int64(st, 15);
		p->gpu_memory_bytes = sqlite3_column_int64(st, 16);
		p->accelerator_count = sqlite3_column_int64(st, 17);
		if (oom) {
			rc = MLCAP_ENOMEM;
			break;
		}
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = mlcap_catalog__db_fail(c, d, "reading prices");
	sqlite3_finalize(st);
	if (rc == 0)
		rc = add_composed(c, q, out, d);
	if (rc == 0 && out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), cmp_price);
	return rc;
}

/* ---- suggestions for a type without a price ---- */

static char fold(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* Levenshtein distance of two short names ignoring ASCII case, <= 99. */
static int distance(const char *a, const char *b)
{
	int prev[65], cur[65], i, j;
	int na = (int)strlen(a), nb = (int)strlen(b);

	if (na > 64 || nb > 64)
		return 99;
	for (j = 0; j <= nb; j++)
		prev[j] = j;
	for (i = 1; i <= na; i++) {
		cur[0] = i;
		for (j = 1; j <= nb; j++) {
			int sub =
			    prev[j - 1] + (fold(a[i - 1]) != fold(b[j - 1]));
			int del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins)
					   : (del < ins ? del : ins);
		}
		memcpy(prev, cur, sizeof(int) * (size_t)(nb + 1));
	}
	return prev[nb];
}

int mlcap_catalog_suggest(mlcap_catalog *c, const char *provider,
			  const char *instance_type, const char *region,
			  const char **out, int max, mlcap_arena *ar,
			  mlcap_diags *d)
{
	static const char elsewhere[] =
	    "SELECT DISTINCT region FROM prices WHERE instance_type = ?1 "
	    "AND (?2 IS NULL OR provider = ?2) ORDER BY region LIMIT ?3";
	static const char names[] =
	    "SELECT DISTINCT p.instance_type FROM prices p WHERE "
	    "(?1 IS NULL OR p.provider = ?1) AND (?2 IS NULL OR p.region "
	    "= ?2) ORDER BY p.instance_type";
	sqlite3_stmt *st = NULL;
	int n = 0, best[8], k, i;
	const char *cand[8];

	if (max > 8)
		max = 8;
	if (sqlite3_prepare_v2(c->db, elsewhere, -1, &st, NULL) != SQLITE_OK)
		return mlcap_catalog__db_fail(c, d, "suggesting");
	sqlite3_bind_text(st, 1, instance_type, -1, SQLITE_TRANSIENT);
	bind_text_or_null(st, 2, provider);
	sqlite3_bind_int(st, 3, max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		char buf[512];
		snprintf(buf, sizeof(buf), "%s in %s", instance_type,
			 (const char *)sqlite3_column_text(st, 0));
		if (!(out[n++] = mlcap_arena_strdup(ar, buf))) {
			sqlite3_finalize(st);
			return MLCAP_ENOMEM;
		}
	}
	sqlite3_finalize(st);
	if (n)
		return n;
	/* Unknown name: the closest names, ties in name order. */
	if (sqlite3_prepare_v2(c->db, names, -1, &st, NULL) != SQLITE_OK)
		return mlcap_catalog__db_fail(c, d, "suggesting");
	bind_text_or_null(st, 1, provider);
	bind_text_or_null(st, 2, region);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		int dist = distance(instance_type, name);
		if (dist > 4)
			continue;
		for (k = n; k > 0 && best[k - 1] > dist; k--)
			if (k < max) {
				best[k] = best[k - 1];
				cand[k] = cand[k - 1];
			}
		if (k < max) {
			best[k] = dist;
			if (!(cand[k] = mlcap_arena_strdup(ar, name))) {
				sqlite3_finalize(st);
				return MLCAP_ENOMEM;
			}
			if (n < max)
				n++;
		}
	}
	sqlite3_finalize(st);
	for (i = 0; i < n; i++)
		out[i] = cand[i];
	return n;
}

int mlcap_catalog_declared_rates(mlcap_catalog *c, const char *provider,
				 const char *region, const char *as_of,
				 mlcap_rates *out, mlcap_diags *d)
{
	sqlite3_stmt *st = NULL;
	char t[48], date[32] = "", src[256];
	int found;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(c->db, RATE_IN_FORCE, -1, &st, NULL) !=
	    SQLITE_OK)
		return mlcap_catalog__db_fail(c, d, "reading rates");
	as_of = as_of ? as_of : "9999-12-31";
	found = !rate_of(st, provider, region, "cpu", as_of, &out->cpu_nanos, t,
			 sizeof(t), date, src, sizeof(src)) &&
		!rate_of(st, provider, region, "memory", as_of, &out->mem_nanos,
			 t, sizeof(t), date, src, sizeof(src));
	sqlite3_finalize(st);
	out->declared = found;
	out->r_squared = 1.0;
	return found;
}

int mlcap_catalog_control_plane(mlcap_catalog *c, const char *provider,
				const char *tier, const char *as_of,
				int64_t *nanos, mlcap_diags *d)
{
	static const char sql[] =
	    "SELECT usd_nanos FROM control_plane_fees WHERE provider = ?1 "
	    "AND tier = ?2 AND effective_from <= ?3 "
	    "ORDER BY effective_from DESC LIMIT 1";
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return mlcap_catalog__db_fail(c, d,
					      "reading control-plane fees");
	sqlite3_bind_text(st, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, tier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, as_of ? as_of : "9999-12-31", -1,
			  SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*nanos = sqlite3_column_int64(st, 0);
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}
