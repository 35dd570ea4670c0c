/*
 * catalog.c - the price catalog in SQLite (see catalog.h): opening with
 * version checks, creation from schema.sql and the seed CSVs, as-of
 * queries and the CSV importer. Every statement is prepared with bound
 * parameters; every write happens inside one transaction.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "csv.h"
#include "internal.h"
#include "banned.h"

struct mlcap_catalog {
	sqlite3 *db;
	char *path;
	int version;
	bool writable;
};

/* ---- errors ---- */

static int db_fail(mlcap_catalog *c, mlcap_diags *d, const char *what)
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
		return db_fail(c, d, sql);
	return 0;
}

/* ---- open ---- */

static int read_version(mlcap_catalog *c)
{
	sqlite3_stmt *st;
	int rc = -1;

	if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc;
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

/* ---- CSV rows ---- */

typedef struct {
	mlcap_catalog *c;
	mlcap_diags *d;
	const char *file;
	mlcap_csv csv;
	int col[20];
} table_reader;

static const char *field(const table_reader *t, int idx)
{
	int i = t->col[idx];
	return i >= 0 && (size_t)i < t->csv.n ? t->csv.fields[i].s : "";
}

static int row_error(table_reader *t, const char *hint, const char *fmt,
		     const char *a, const char *b)
{
	mlcap_loc l = {t->file, t->csv.record_line, 0};
	int rc = mlcap_diag_add(t->d, MLCAP_ERROR, "catalog.row", &l, hint, fmt,
				a, b);
	return rc < 0 ? rc : 1;
}

/* Maps named columns; `required` columns must exist. */
static int read_header(table_reader *t, const char *const *names, size_t n,
		       size_t required)
{
	size_t i;
	int rc = mlcap_csv__next(&t->csv);

	if (rc <= 0)
		return rc < 0 ? rc
			      : row_error(t, "add the header row", "%s%s",
					  "empty CSV file", "");
	for (i = 0; i < n; i++) {
		t->col[i] = mlcap_csv__find(&t->csv, names[i]);
		if (t->col[i] < 0 && i < required)
			return row_error(t, "see README.md for the columns",
					 "missing column '%s'%s", names[i], "");
	}
	return 0;
}

static int parse_price(table_reader *t, const char *text, int64_t *nanos)
{
	switch (mlcap_money_parse(nanos, text, strlen(text))) {
	case MLCAP_MONEY_OK: return 0;
	case MLCAP_MONEY_NEGATIVE:
		return row_error(t, "prices are USD per hour, >= 0",
				 "negative price '%s'%s", text, "");
	case MLCAP_MONEY_PRECISION:
		return row_error(t, "nano-dollar precision is the limit",
				 "price '%s' has more than 9 decimals%s", text,
				 "");
	case MLCAP_MONEY_OVERFLOW:
		return row_error(t, NULL, "price '%s' is too large%s", text,
				 "");
	default:
		return row_error(t, "write a decimal number such as 3.06",
				 "price '%s' is not a number%s", text, "");
	}
}

static int parse_count(table_reader *t, const char *name, const char *text,
		       int64_t *out)
{
	int64_t v = 0;
	const char *p = text;

	if (!*p) {
		*out = 0;
		return 0;
	}
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || v > INT64_MAX / 10 - 9)
			return row_error(t, "write a whole number",
					 "%s '%s' is not a whole number", name,
					 text);
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return 0;
}

static int check_date(table_reader *t, const char *s)
{
	size_t i;
	static const char pat[] = "dddd-dd-dd";

	for (i = 0; i < 10; i++)
		if (!s[i] ||
		    (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-'))
			return row_error(t, "use YYYY-MM-DD",
					 "effective_from '%s' is not a date%s",
					 s, "");
	return 0;
}

/* ---- writing ---- */

enum {
	T_PROVIDER,
	T_NAME,
	T_FAMILY,
	T_CATEGORY,
	T_VCPU,
	T_MEM,
	T_GPUS,
	T_GPU_MODEL,
	T_GPU_MEM,
	T_ACC,
	T_ACC_MODEL,
	T_ARCH,
	T_SOURCE
};

static const char *const type_cols[] = {"provider",
					"instance_type",
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
					"source"};

enum { P_PROVIDER, P_REGION, P_TYPE, P_OPTION, P_USD, P_DATE, P_SOURCE };

static const char *const price_cols[] = {
    "provider",	    "region",	      "instance_type", "purchase_option",
    "usd_per_hour", "effective_from", "source"};

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Inserts the instance type described by the current row. */
static int insert_type(table_reader *t, const int *cols, sqlite3_stmt *st)
{
	int64_t vcpu, mib, gpus, gmib, acc;
	int rc, k;
	int saved[20];

	memcpy(saved, t->col, sizeof(saved));
	for (k = 0; k <= T_SOURCE; k++)
		t->col[k] = cols[k];
	if ((rc = parse_count(t, "vcpu", field(t, T_VCPU), &vcpu)) ||
	    (rc = parse_count(t, "memory_mib", field(t, T_MEM), &mib)) ||
	    (rc = parse_count(t, "gpu_count", field(t, T_GPUS), &gpus)) ||
	    (rc = parse_count(t, "gpu_memory_mib", field(t, T_GPU_MEM),
			      &gmib)) ||
	    (rc = parse_count(t, "accelerator_count", field(t, T_ACC), &acc)))
		goto done;
	if (vcpu <= 0 || mib <= 0) {
		rc = row_error(t, "give vcpu and memory_mib",
			       "instance type '%s' has no vcpu or memory%s",
			       field(t, T_NAME), "");
		goto done;
	}
	sqlite3_reset(st);
	bind_text_or_null(st, 1, field(t, T_PROVIDER));
	bind_text_or_null(st, 2, field(t, T_NAME));
	/* A custom type without a family is a family of its own. */
	bind_text_or_null(
	    st, 3, *field(t, T_FAMILY) ? field(t, T_FAMILY) : field(t, T_NAME));
	bind_text_or_null(
	    st, 4, *field(t, T_CATEGORY) ? field(t, T_CATEGORY) : "custom");
	sqlite3_bind_int64(st, 5, vcpu);
	sqlite3_bind_int64(st, 6, mib * 1048576);
	sqlite3_bind_int64(st, 7, gpus);
	bind_text_or_null(st, 8, field(t, T_GPU_MODEL));
	if (gmib)
		sqlite3_bind_int64(st, 9, gmib * 1048576);
	else
		sqlite3_bind_null(st, 9);
	sqlite3_bind_int64(st, 10, acc);
	bind_text_or_null(st, 11, field(t, T_ACC_MODEL));
	bind_text_or_null(st, 12,
			  *field(t, T_ARCH) ? field(t, T_ARCH) : "x86_64");
	bind_text_or_null(st, 13, field(t, T_SOURCE));
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = row_error(t, "fix the row", "instance type '%s': %s",
			       field(t, T_NAME), sqlite3_errmsg(t->c->db));
done:
	memcpy(t->col, saved, sizeof(saved));
	return rc;
}

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

/* Loads instance_types.csv. Returns 0, >0 after row errors, or <0. */
static int seed_types(mlcap_catalog *c, const char *path, mlcap_diags *d)
{
	table_reader t;
	sqlite3_stmt *st = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc, errors = 0, cols[20];

	memset(&t, 0, sizeof(t));
	if ((rc = read_file(path, &buf, &len)) < 0) {
		mlcap_loc l = {path, 0, 0};
		return rc == MLCAP_ENOMEM ? rc
		       : mlcap_diag_add(d, MLCAP_ERROR, "io", &l, NULL,
					"cannot read '%s'", path) < 0
			   ? MLCAP_ENOMEM
			   : 1;
	}
	t.c = c;
	t.d = d;
	t.file = path;
	mlcap_csv__init(&t.csv, buf, len);
	if ((rc = read_header(&t, type_cols, 13, 13)) != 0)
		goto done;
	memcpy(cols, t.col, sizeof(cols));
	if (sqlite3_prepare_v2(c->db,
			       "INSERT INTO instance_types VALUES "
			       "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail(c, d, "prepare");
		goto done;
	}
	while ((rc = mlcap_csv__next(&t.csv)) == 1) {
		int r = insert_type(&t, cols, st);
		if (r < 0) {
			rc = r;
			goto done;
		}
		errors += r;
	}
	if (rc == MLCAP_EINVAL)
		rc = row_error(&t, "close the quoted field",
			       "unterminated quote%s%s", "", "");
done:
	sqlite3_finalize(st);
	mlcap_csv__release(&t.csv);
	mlcap_mem__free(buf);
	return rc < 0 ? rc : rc + errors;
}

/*
 * Inserts the price of the current row. With `check`, a row identical to
 * a stored one is "unchanged" (returns 2) and a contradicting one is
 * skipped with a warning (returns 3). 0 inserted, 1 row error, <0 fail.
 */
static int insert_price(table_reader *t, sqlite3_stmt *ins, sqlite3_stmt *find,
			bool check)
{
	int64_t nanos;
	int rc, i;

	for (i = P_PROVIDER; i <= P_SOURCE; i++)
		if (!*field(t, i))
			return row_error(t, "fill every column", "empty '%s'%s",
					 price_cols[i], "");
	if ((rc = parse_price(t, field(t, P_USD), &nanos)) ||
	    (rc = check_date(t, field(t, P_DATE))))
		return rc;
	if (check) {
		sqlite3_reset(find);
		for (i = 0; i < 4; i++)
			sqlite3_bind_text(find, i + 1, field(t, i), -1,
					  SQLITE_TRANSIENT);
		sqlite3_bind_text(find, 5, field(t, P_DATE), -1,
				  SQLITE_TRANSIENT);
		if (sqlite3_step(find) == SQLITE_ROW) {
			int64_t have = sqlite3_column_int64(find, 0);
			mlcap_loc l = {t->file, t->csv.record_line, 0};
			if (have == nanos)
				return 2;
			rc = mlcap_diag_add(
			    t->d, MLCAP_WARNING, "catalog.conflict", &l,
			    "import a row with a new effective_from to record "
			    "a price change",
			    "%s %s %s %s on %s: the catalog has %s, this row "
			    "says %s; skipped",
			    field(t, P_PROVIDER), field(t, P_REGION),
			    field(t, P_TYPE), field(t, P_OPTION),
			    field(t, P_DATE),
			    (const char *)sqlite3_column_text(find, 1),
			    field(t, P_USD));
			return rc < 0 ? rc : 3;
		}
	}
	sqlite3_reset(ins);
	for (i = 0; i < 4; i++)
		sqlite3_bind_text(ins, i + 1, field(t, i), -1,
				  SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 5, field(t, P_USD), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(ins, 6, nanos);
	sqlite3_bind_text(ins, 7, field(t, P_DATE), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 8, field(t, P_SOURCE), -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(ins);
	if (rc != SQLITE_DONE)
		return row_error(t, "fix the row", "%s: %s", field(t, P_TYPE),
				 sqlite3_errmsg(t->c->db));
	/* The insert is guarded by the type's existence. */
	if (sqlite3_changes(t->c->db) == 0)
		return row_error(t,
				 "describe it in the same row (vcpu, "
				 "memory_mib...) or import its specs first",
				 "unknown instance type '%s'%s",
				 field(t, P_TYPE), "");
	return 0;
}

static const char INSERT_PRICE[] =
    "INSERT INTO prices SELECT ?1,?2,?3,?4,?5,?6,?7,?8 WHERE EXISTS "
    "(SELECT 1 FROM instance_types WHERE provider = ?1 AND name = ?3)";

/*
 * Reads a prices CSV (seed or import). Returns 0, >0 after row errors,
 * or <0. `rep` counts rows when importing (check = true).
 */
static int load_prices(mlcap_catalog *c, const char *file, const char *buf,
		       size_t len, bool check, mlcap_import_report *rep,
		       mlcap_diags *d)
{
	table_reader t;
	sqlite3_stmt *ins = NULL, *find = NULL, *typ = NULL, *has = NULL;
	int rc, errors = 0, k, type_cols_at[20];
	bool with_specs;

	memset(&t, 0, sizeof(t));
	t.c = c;
	t.d = d;
	t.file = file;
	mlcap_csv__init(&t.csv, buf, len);
	if ((rc = read_header(&t, price_cols, 7, 7)) != 0)
		goto done;
	for (k = 0; k <= T_SOURCE; k++)
		type_cols_at[k] = mlcap_csv__find(&t.csv, type_cols[k]);
	with_specs = type_cols_at[T_VCPU] >= 0 && type_cols_at[T_MEM] >= 0;
	if (sqlite3_prepare_v2(c->db, INSERT_PRICE, -1, &ins, NULL) !=
		SQLITE_OK ||
	    sqlite3_prepare_v2(c->db,
			       "SELECT usd_nanos, usd_per_hour FROM prices "
			       "WHERE provider=?1 AND region=?2 AND "
			       "instance_type=?3 AND purchase_option=?4 AND "
			       "effective_from=?5",
			       -1, &find, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db,
			       "INSERT INTO instance_types VALUES "
			       "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
			       -1, &typ, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db,
			       "SELECT 1 FROM instance_types WHERE "
			       "provider=?1 AND name=?2",
			       -1, &has, NULL) != SQLITE_OK) {
		rc = db_fail(c, d, "prepare");
		goto done;
	}
	while ((rc = mlcap_csv__next(&t.csv)) == 1) {
		int r;
		if (rep)
			rep->read++;
		if (with_specs) {
			sqlite3_reset(has);
			sqlite3_bind_text(has, 1, field(&t, P_PROVIDER), -1,
					  SQLITE_TRANSIENT);
			sqlite3_bind_text(has, 2, field(&t, P_TYPE), -1,
					  SQLITE_TRANSIENT);
			if (sqlite3_step(has) != SQLITE_ROW) {
				type_cols_at[T_PROVIDER] = t.col[P_PROVIDER];
				type_cols_at[T_NAME] = t.col[P_TYPE];
				type_cols_at[T_SOURCE] = t.col[P_SOURCE];
				if ((r = insert_type(&t, type_cols_at, typ)) <
				    0) {
					rc = r;
					goto done;
				}
				if (r) {
					errors++;
					if (rep)
						rep->skipped++;
					continue;
				}
			}
		}
		r = insert_price(&t, ins, find, check);
		if (r < 0) {
			rc = r;
			goto done;
		}
		if (rep) {
			if (r == 0)
				rep->imported++;
			else if (r == 2)
				rep->unchanged++;
			else
				rep->skipped++;
		}
		if (r == 1)
			errors++;
	}
	if (rc == MLCAP_EINVAL)
		rc = row_error(&t, "close the quoted field",
			       "unterminated quote%s%s", "", "");
done:
	sqlite3_finalize(ins);
	sqlite3_finalize(find);
	sqlite3_finalize(typ);
	sqlite3_finalize(has);
	mlcap_csv__release(&t.csv);
	return rc < 0 ? rc : rc + errors;
}

/* Loads a CSV of (key columns..., usd_per_hour, effective_from, source). */
static int seed_simple(mlcap_catalog *c, const char *path, const char *sql,
		       const char *const *cols, size_t ncols, size_t usd_at,
		       mlcap_diags *d)
{
	table_reader t;
	sqlite3_stmt *st = NULL;
	char *buf = NULL;
	size_t len = 0, i;
	int rc, errors = 0;

	memset(&t, 0, sizeof(t));
	if ((rc = read_file(path, &buf, &len)) < 0) {
		mlcap_loc l = {path, 0, 0};
		if (rc == MLCAP_ENOMEM)
			return rc;
		rc = mlcap_diag_add(d, MLCAP_ERROR, "io", &l, NULL,
				    "cannot read '%s'", path);
		return rc < 0 ? rc : 1;
	}
	t.c = c;
	t.d = d;
	t.file = path;
	mlcap_csv__init(&t.csv, buf, len);
	if ((rc = read_header(&t, cols, ncols, ncols)) != 0)
		goto done;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail(c, d, "prepare");
		goto done;
	}
	while ((rc = mlcap_csv__next(&t.csv)) == 1) {
		int64_t nanos;
		int r;
		if ((r = parse_price(&t, field(&t, (int)usd_at), &nanos)) !=
		    0) {
			if (r < 0) {
				rc = r;
				goto done;
			}
			errors++;
			continue;
		}
		sqlite3_reset(st);
		for (i = 0; i < ncols; i++)
			sqlite3_bind_text(st, (int)i + 1, field(&t, (int)i), -1,
					  SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, (int)ncols + 1, nanos);
		if (sqlite3_step(st) != SQLITE_DONE) {
			if ((r = row_error(&t, "fix the row", "%s: %s",
					   field(&t, 0),
					   sqlite3_errmsg(c->db))) < 0) {
				rc = r;
				goto done;
			}
			errors++;
		}
	}
done:
	sqlite3_finalize(st);
	mlcap_csv__release(&t.csv);
	mlcap_mem__free(buf);
	return rc < 0 ? rc : rc + errors;
}

static int join(char *buf, size_t n, const char *dir, const char *file)
{
	int len = snprintf(buf, n, "%s/%s", dir, file);
	return len < 0 || (size_t)len >= n ? MLCAP_ELIMIT : 0;
}

int mlcap_catalog_create(mlcap_catalog *c, const char *schema_sql,
			 const char *seed_dir, mlcap_diags *d)
{
	static const char *const acc_cols[] = {
	    "provider",	       "region",       "accelerator_model",
	    "purchase_option", "usd_per_hour", "effective_from",
	    "source"};
	static const char *const cp_cols[] = {"provider",     "tier",
					      "usd_per_hour", "effective_from",
					      "source",	      "notes"};
	char path[4096];
	char *buf = NULL;
	size_t len = 0;
	int rc, errors = 0;

	if ((rc = exec(c, d, "BEGIN IMMEDIATE")) < 0)
		return rc;
	if (sqlite3_exec(c->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_fail(c, d, "creating the schema");
		goto fail;
	}
	if ((rc = join(path, sizeof(path), seed_dir, "instance_types.csv")) <
		0 ||
	    (rc = seed_types(c, path, d)) < 0)
		goto fail;
	errors += rc;
	if ((rc = join(path, sizeof(path), seed_dir, "prices.csv")) < 0)
		goto fail;
	if ((rc = read_file(path, &buf, &len)) < 0) {
		mlcap_loc l = {path, 0, 0};
		rc = mlcap_diag_add(d, MLCAP_ERROR, "io", &l, NULL,
				    "cannot read '%s'", path);
		rc = rc < 0 ? rc : MLCAP_EIO;
		goto fail;
	}
	rc = load_prices(c, path, buf, len, false, NULL, d);
	mlcap_mem__free(buf);
	if (rc < 0)
		goto fail;
	errors += rc;
	if ((rc = join(path, sizeof(path), seed_dir,
		       "attached_accelerators.csv")) < 0 ||
	    (rc = seed_simple(c, path,
			      "INSERT INTO accelerator_prices (provider, "
			      "region, accelerator_model, purchase_option, "
			      "usd_per_hour, effective_from, source, "
			      "usd_nanos) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
			      acc_cols, 7, 4, d)) < 0)
		goto fail;
	errors += rc;
	if ((rc = join(path, sizeof(path), seed_dir, "control_plane.csv")) <
		0 ||
	    (rc = seed_simple(c, path,
			      "INSERT INTO control_plane_fees (provider, "
			      "tier, usd_per_hour, effective_from, source, "
			      "notes, usd_nanos) VALUES (?1,?2,?3,?4,?5,?6,?7)",
			      cp_cols, 6, 2, d)) < 0)
		goto fail;
	errors += rc;
	if (errors) {
		rc = MLCAP_EDB;
		goto fail;
	}
	if ((rc = exec(c, d, "COMMIT")) < 0)
		goto fail;
	c->version = read_version(c);
	return 0;
fail:
	sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	return rc < 0 ? rc : MLCAP_EDB;
}

int mlcap_catalog_import_csv(mlcap_catalog *c, const char *name,
			     const char *buf, size_t len,
			     mlcap_import_report *rep, mlcap_diags *d)
{
	int rc;
	sqlite3_stmt *st = NULL;

	memset(rep, 0, sizeof(*rep));
	if ((rc = exec(c, d, "BEGIN IMMEDIATE")) < 0)
		return rc;
	rc = load_prices(c, name, buf, len, true, rep, d);
	if (rc != 0) {
		/* All or nothing: any row error leaves the catalog as it was.
		 */
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
		rep->imported = 0;
		return rc < 0 ? rc : MLCAP_EDB;
	}
	if (sqlite3_prepare_v2(c->db,
			       "INSERT INTO imports (file, format, rows_read, "
			       "rows_imported, rows_skipped) VALUES "
			       "(?1, 'csv', ?2, ?3, ?4)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail(c, d, "prepare");
		goto fail;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)rep->read);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)rep->imported);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)rep->skipped);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = db_fail(c, d, "recording the import");
		goto fail;
	}
	sqlite3_finalize(st);
	return exec(c, d, "COMMIT");
fail:
	sqlite3_finalize(st);
	sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	rep->imported = 0;
	return rc;
}

/* ---- queries ---- */

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

int mlcap_catalog_prices(mlcap_catalog *c, const mlcap_price_query *q,
			 mlcap_price_list *out, mlcap_diags *d)
{
	static const char sql[] =
	    "SELECT p.provider, p.region, p.instance_type, "
	    "p.purchase_option, p.usd_per_hour, p.usd_nanos, "
	    "p.effective_from, p.source, t.family, t.category, "
	    "t.gpu_model, t.accelerator_model, t.arch, t.vcpu, "
	    "t.memory_bytes, t.gpu_count, t.gpu_memory_bytes, "
	    "t.accelerator_count "
	    "FROM prices p JOIN instance_types t ON t.provider = "
	    "p.provider AND t.name = p.instance_type "
	    "WHERE (?1 IS NULL OR p.provider = ?1) "
	    "AND (?2 IS NULL OR p.region = ?2) "
	    "AND (?3 IS NULL OR p.instance_type = ?3) "
	    "AND (?4 IS NULL OR t.gpu_model = ?4 COLLATE NOCASE) "
	    "AND (?5 IS NULL OR p.purchase_option = ?5) "
	    "AND t.gpu_count >= ?6 "
	    "AND substr(p.effective_from, 1, 10) <= ?7 "
	    "AND (?8 OR p.effective_from = (SELECT MAX(x.effective_from) "
	    "FROM prices x WHERE x.provider = p.provider AND x.region = "
	    "p.region AND x.instance_type = p.instance_type AND "
	    "x.purchase_option = p.purchase_option AND "
	    "substr(x.effective_from, 1, 10) <= ?7)) "
	    "ORDER BY p.provider, p.region, p.instance_type, "
	    "p.purchase_option, p.effective_from";
	sqlite3_stmt *st = NULL;
	int rc = 0, oom = 0, step;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(c, d, "querying prices");
	bind_text_or_null(st, 1, q->provider);
	bind_text_or_null(st, 2, q->region);
	bind_text_or_null(st, 3, q->instance_type);
	bind_text_or_null(st, 4, q->gpu_model);
	bind_text_or_null(st, 5, q->purchase);
	sqlite3_bind_int(st, 6, q->min_gpus);
	sqlite3_bind_text(st, 7, q->as_of ? q->as_of : "9999-12-31", -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 8, q->history);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		mlcap_price *p;
		if (MLCAP_GROW(out->items, out->alloc, out->count + 1) < 0) {
			rc = MLCAP_ENOMEM;
			break;
		}
		p = &out->items[out->count++];
		memset(p, 0, sizeof(*p));
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
		rc = db_fail(c, d, "reading prices");
	sqlite3_finalize(st);
	return rc;
}
