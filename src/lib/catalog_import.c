/*
 * catalog_import.c - the import row sink (see import.h): every reader's
 * rows are validated here (money, dates, counts), checked against what
 * the catalog holds (unchanged, conflict), and written with prepared
 * statements inside the caller's transaction. Also the public entry
 * mlcap_catalog_import, which owns that transaction.
 */
#include <stdio.h>
#include <string.h>
#include "catalog_internal.h"
#include "banned.h"

struct mlcap_import {
	mlcap_catalog *c;
	mlcap_diags *d;
	const char *name;
	bool check;
	mlcap_import_report *rep;
	size_t errors;
	sqlite3_stmt *ins, *find, *typ, *has;
	sqlite3_stmt *ins_rate, *find_rate; /* prepared on first use */
	/* Types known to exist, by hash: most rows repeat a few types. */
	char *known[256];
};

static uint32_t type_hash(const char *provider, const char *type)
{
	uint32_t h = 2166136261u;
	for (; *provider; provider++)
		h = (h ^ (unsigned char)*provider) * 16777619u;
	h = (h ^ 0xff) * 16777619u;
	for (; *type; type++)
		h = (h ^ (unsigned char)*type) * 16777619u;
	return h;
}

/* The cache key: provider, a NUL, the type. */
static bool cached(const mlcap_import *im, const char *provider,
		   const char *type)
{
	const char *k = im->known[type_hash(provider, type) % 256];
	return k && !strcmp(k, provider) && !strcmp(k + strlen(k) + 1, type);
}

static void remember(mlcap_import *im, const char *provider, const char *type)
{
	size_t a = strlen(provider), b = strlen(type);
	char **slot = &im->known[type_hash(provider, type) % 256];
	char *k = mlcap_mem__alloc(a + b + 2);

	if (!k)
		return; /* only a cache */
	memcpy(k, provider, a + 1);
	memcpy(k + a + 1, type, b + 1);
	mlcap_mem__free(*slot);
	*slot = k;
}

const char *mlcap_import__name(const mlcap_import *im)
{
	return im->name;
}

int mlcap_import__error(mlcap_import *im, uint32_t line, const char *hint,
			const char *fmt, ...)
{
	mlcap_loc l = {im->name, line, 0};
	va_list ap;
	int rc;

	im->errors++;
	im->rep->errors++;
	va_start(ap, fmt);
	rc = mlcap_diag__addv(im->d, MLCAP_ERROR, "catalog.row", &l, hint, fmt,
			      ap);
	va_end(ap);
	return rc < 0 ? rc : 1;
}

void mlcap_import__skip(mlcap_import *im, const char *reason)
{
	mlcap_import_report *r = im->rep;
	size_t i;

	r->read++;
	r->skipped++;
	for (i = 0; i < r->n_reasons; i++)
		if (r->reasons[i].reason == reason ||
		    strcmp(r->reasons[i].reason, reason) == 0) {
			r->reasons[i].count++;
			return;
		}
	if (r->n_reasons < sizeof(r->reasons) / sizeof(r->reasons[0])) {
		r->reasons[r->n_reasons].reason = reason;
		r->reasons[r->n_reasons++].count = 1;
	} else {
		r->reasons[r->n_reasons - 1].reason = "other reasons";
		r->reasons[r->n_reasons - 1].count++;
	}
}

static bool empty(const char *s)
{
	return !s || !*s;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (empty(s))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/* YYYY-MM-DD, a day that exists, alone or starting a timestamp (T...). */
static bool is_date(const char *s)
{
	static const int days[] = {31, 29, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	int i, y, m, d;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	if (m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)))
		return false;
	return s[10] == '\0' || s[10] == 'T';
}

static int check_date(mlcap_import *im, const mlcap_import_row *r)
{
	if (!is_date(r->effective_from))
		return mlcap_import__error(im, r->line, "use YYYY-MM-DD",
					   "effective_from '%s' is not a date",
					   r->effective_from);
	return 0;
}

/* `s` is one of the NULL-terminated `list`. */
static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static const char *const purchase_options[] = {
    "on-demand",    "spot",	    "reserved-1y", "reserved-3y",
    "committed-1y", "committed-3y", NULL};
static const char *const categories[] = {"general", "compute",	   "memory",
					 "gpu",	    "accelerator", "storage",
					 "custom",  NULL};
static const char *const archs[] = {"x86_64", "arm64", NULL};

/*
 * A failed write: a constraint is the row's fault (a row error); anything
 * else (read-only file, full disk, I/O) is the database's, and ends the
 * import with one diagnostic instead of one per row.
 */
static int write_failed(mlcap_import *im, const mlcap_import_row *r,
			const char *what)
{
	if ((sqlite3_errcode(im->c->db) & 0xff) != SQLITE_CONSTRAINT)
		return mlcap_catalog__db_fail(im->c, im->d, "importing");
	return mlcap_import__error(im, r->line, "fix the row", "%s: %s", what,
				   sqlite3_errmsg(im->c->db));
}

static int parse_money(mlcap_import *im, const mlcap_import_row *r,
		       int64_t *nanos)
{
	const char *t = r->usd_per_hour;

	switch (mlcap_money_parse(nanos, t, strlen(t))) {
	case MLCAP_MONEY_OK: return 0;
	case MLCAP_MONEY_NEGATIVE:
		return mlcap_import__error(im, r->line,
					   "prices are USD per hour, >= 0",
					   "negative price '%s'", t);
	case MLCAP_MONEY_PRECISION:
		return mlcap_import__error(
		    im, r->line, "nano-dollar precision is the limit",
		    "price '%s' has more than 9 decimals", t);
	case MLCAP_MONEY_OVERFLOW:
		return mlcap_import__error(im, r->line, NULL,
					   "price '%s' is too large", t);
	default:
		return mlcap_import__error(
		    im, r->line, "write a decimal number such as 3.06",
		    "price '%s' is not a number", t);
	}
}

bool mlcap_import__knows_type(mlcap_import *im, const char *provider,
			      const char *instance_type)
{
	if (cached(im, provider, instance_type))
		return true;
	sqlite3_reset(im->has);
	sqlite3_bind_text(im->has, 1, provider, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->has, 2, instance_type, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(im->has) != SQLITE_ROW)
		return false;
	remember(im, provider, instance_type);
	return true;
}

int mlcap_import__each_type(mlcap_import *im, const char *provider,
			    int (*fn)(void *ctx, const mlcap_import_type *t),
			    void *ctx)
{
	sqlite3_stmt *st = NULL;
	mlcap_import_type t;
	int rc = 0, step = SQLITE_DONE;

	if (sqlite3_prepare_v2(im->c->db,
			       "SELECT name, family, vcpu, memory_bytes, "
			       "gpu_count, gpu_model FROM instance_types "
			       "WHERE provider = ?1 ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return mlcap_catalog__db_fail(im->c, im->d,
					      "listing instance types");
	sqlite3_bind_text(st, 1, provider, -1, SQLITE_TRANSIENT);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		t.name = (const char *)sqlite3_column_text(st, 0);
		t.family = (const char *)sqlite3_column_text(st, 1);
		t.vcpu = sqlite3_column_int64(st, 2);
		t.memory_bytes = sqlite3_column_int64(st, 3);
		t.gpu_count = sqlite3_column_int64(st, 4);
		t.gpu_model = (const char *)sqlite3_column_text(st, 5);
		rc = fn(ctx, &t);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = mlcap_catalog__db_fail(im->c, im->d,
					    "listing instance types");
	sqlite3_finalize(st);
	return rc;
}

/* Stores the row's instance type unless the catalog has it. */
static int ensure_type(mlcap_import *im, const mlcap_import_row *r, bool *known)
{
	sqlite3_stmt *st;

	*known = mlcap_import__knows_type(im, r->provider, r->instance_type);
	if (*known || r->vcpu <= 0)
		return 0;
	if (r->memory_mib <= 0 || r->gpu_count < 0 || r->accelerator_count < 0)
		return mlcap_import__error(
		    im, r->line, "give vcpu and memory_mib",
		    "instance type '%s' has no memory size", r->instance_type);
	if (r->memory_mib > INT64_MAX / 1048576 ||
	    r->gpu_memory_mib > INT64_MAX / 1048576)
		return mlcap_import__error(
		    im, r->line, "sizes are in MiB",
		    "instance type '%s': memory_mib or gpu_memory_mib is too "
		    "large",
		    r->instance_type);
	if (!empty(r->category) && !one_of(r->category, categories))
		return mlcap_import__error(
		    im, r->line,
		    "use general, compute, memory, gpu, accelerator, storage "
		    "or custom",
		    "unknown category '%s'", r->category);
	if (!empty(r->arch) && !one_of(r->arch, archs))
		return mlcap_import__error(im, r->line, "use x86_64 or arm64",
					   "unknown arch '%s'", r->arch);
	st = im->typ;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, r->provider, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, r->instance_type, -1, SQLITE_TRANSIENT);
	/* A type without a family is a family of its own. */
	sqlite3_bind_text(st, 3,
			  empty(r->family) ? r->instance_type : r->family, -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, empty(r->category) ? "custom" : r->category,
			  -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, r->vcpu);
	sqlite3_bind_int64(st, 6, r->memory_mib * 1048576);
	sqlite3_bind_int64(st, 7, r->gpu_count);
	bind_opt(st, 8, r->gpu_model);
	if (r->gpu_memory_mib > 0)
		sqlite3_bind_int64(st, 9, r->gpu_memory_mib * 1048576);
	else
		sqlite3_bind_null(st, 9);
	sqlite3_bind_int64(st, 10, r->accelerator_count);
	bind_opt(st, 11, r->accelerator_model);
	sqlite3_bind_text(st, 12, empty(r->arch) ? "x86_64" : r->arch, -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 13, r->source, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		return write_failed(im, r, r->instance_type);
	*known = true;
	im->rep->types_added++;
	return 0;
}

/* A per-resource rate row (see import.h). */
static int rate_row(mlcap_import *im, const mlcap_import_row *r)
{
	const char *res = r->resource;
	int64_t nanos;
	int rc;

	im->rep->read++;
	if (strcmp(res, "cpu") != 0 && strcmp(res, "memory") != 0 &&
	    (strncmp(res, "gpu:", 4) != 0 || !res[4]))
		return mlcap_import__error(
		    im, r->line, "use cpu, memory or gpu:MODEL (e.g. gpu:H100)",
		    "unknown resource '%s'", res);
	if (empty(r->provider) || empty(r->region) || empty(r->source) ||
	    empty(r->usd_per_hour) || empty(r->effective_from))
		return mlcap_import__error(
		    im, r->line,
		    "fill provider, region, usd_per_hour, effective_from, "
		    "source",
		    "rate row for '%s' is incomplete", res);
	if ((rc = parse_money(im, r, &nanos)) || (rc = check_date(im, r)))
		return rc;
	if (!im->ins_rate &&
	    (sqlite3_prepare_v2(im->c->db,
				"INSERT INTO resource_rates VALUES "
				"(?1,?2,?3,?4,?5,?6,?7) ON CONFLICT DO NOTHING",
				-1, &im->ins_rate, NULL) != SQLITE_OK ||
	     sqlite3_prepare_v2(im->c->db,
				"SELECT usd_nanos, usd_per_hour FROM "
				"resource_rates WHERE provider=?1 AND "
				"region=?2 AND resource=?3 AND "
				"effective_from=?4",
				-1, &im->find_rate, NULL) != SQLITE_OK))
		return mlcap_catalog__db_fail(im->c, im->d, "storing rates");
	sqlite3_reset(im->ins_rate);
	sqlite3_bind_text(im->ins_rate, 1, r->provider, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->ins_rate, 2, r->region, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->ins_rate, 3, res, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->ins_rate, 4, r->usd_per_hour, -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_int64(im->ins_rate, 5, nanos);
	sqlite3_bind_text(im->ins_rate, 6, r->effective_from, -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(im->ins_rate, 7, r->source, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(im->ins_rate) != SQLITE_DONE)
		return mlcap_import__error(im, r->line, "fix the row", "%s: %s",
					   res, sqlite3_errmsg(im->c->db));
	if (sqlite3_changes(im->c->db) == 1) {
		im->rep->imported++;
		return 0;
	}
	sqlite3_reset(im->find_rate);
	sqlite3_bind_text(im->find_rate, 1, r->provider, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->find_rate, 2, r->region, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->find_rate, 3, res, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->find_rate, 4, r->effective_from, -1,
			  SQLITE_TRANSIENT);
	if (sqlite3_step(im->find_rate) != SQLITE_ROW)
		return mlcap_catalog__db_fail(im->c, im->d, "reading a rate");
	if (sqlite3_column_int64(im->find_rate, 0) == nanos) {
		im->rep->unchanged++;
		return 0;
	}
	if (!im->check)
		return mlcap_import__error(im, r->line, "keep one row per key",
					   "duplicate rate for %s", res);
	im->rep->conflicts++;
	{
		mlcap_loc l = {im->name, r->line, 0};
		rc = mlcap_diag_add(
		    im->d, MLCAP_WARNING, "catalog.conflict", &l,
		    "import a row with a new effective_from to record a change",
		    "%s %s rate %s on %s: the catalog has %s, this row says "
		    "%s; not written",
		    r->provider, r->region, res, r->effective_from,
		    (const char *)sqlite3_column_text(im->find_rate, 1),
		    r->usd_per_hour);
	}
	return rc < 0 ? rc : 0;
}

int mlcap_import__row(mlcap_import *im, const mlcap_import_row *r)
{
	const char *const need[] = {r->provider, r->instance_type, r->source};
	int64_t nanos;
	bool known;
	size_t i;
	int rc;

	if (r->resource)
		return rate_row(im, r);
	if (!empty(r->usd_per_hour))
		im->rep->read++;
	for (i = 0; i < 3; i++)
		if (empty(need[i]))
			return mlcap_import__error(
			    im, r->line,
			    "fill provider, instance_type and "
			    "source",
			    "row without %s",
			    i == 0   ? "provider"
			    : i == 1 ? "instance_type"
				     : "source");
	if ((rc = ensure_type(im, r, &known)) != 0)
		return rc;
	if (empty(r->usd_per_hour))
		return 0; /* a type-only row */
	if (!known)
		return mlcap_import__error(
		    im, r->line,
		    "describe it in the same row (vcpu, memory_mib...) or "
		    "import its specs first",
		    "unknown instance type '%s'", r->instance_type);
	if (empty(r->region) || empty(r->purchase_option) ||
	    empty(r->effective_from))
		return mlcap_import__error(
		    im, r->line, "fill region, purchase_option, effective_from",
		    "price row for '%s' is incomplete", r->instance_type);
	if (!one_of(r->purchase_option, purchase_options))
		return mlcap_import__error(
		    im, r->line,
		    "use on-demand, spot, reserved-1y, reserved-3y, "
		    "committed-1y or committed-3y",
		    "unknown purchase option '%s'", r->purchase_option);
	if ((rc = parse_money(im, r, &nanos)) || (rc = check_date(im, r)))
		return rc;
	sqlite3_reset(im->ins);
	sqlite3_bind_text(im->ins, 1, r->provider, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->ins, 2, r->region, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->ins, 3, r->instance_type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->ins, 4, r->purchase_option, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->ins, 5, r->usd_per_hour, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(im->ins, 6, nanos);
	sqlite3_bind_text(im->ins, 7, r->effective_from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->ins, 8, r->source, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(im->ins) != SQLITE_DONE)
		return write_failed(im, r, r->instance_type);
	/* Insert first; only a row already stored needs a second look. */
	if (sqlite3_changes(im->c->db) == 0) {
		sqlite3_stmt *f = im->find;
		mlcap_loc l = {im->name, r->line, 0};
		sqlite3_reset(f);
		sqlite3_bind_text(f, 1, r->provider, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(f, 2, r->region, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(f, 3, r->instance_type, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(f, 4, r->purchase_option, -1,
				  SQLITE_TRANSIENT);
		sqlite3_bind_text(f, 5, r->effective_from, -1,
				  SQLITE_TRANSIENT);
		if (sqlite3_step(f) != SQLITE_ROW)
			return mlcap_catalog__db_fail(im->c, im->d,
						      "reading a stored price");
		if (!im->check)
			return mlcap_import__error(
			    im, r->line, "keep one row per key",
			    "duplicate price for %s %s %s %s on %s",
			    r->provider, r->region, r->instance_type,
			    r->purchase_option, r->effective_from);
		if (sqlite3_column_int64(f, 0) == nanos) {
			im->rep->unchanged++;
			return 0;
		}
		im->rep->conflicts++;
		rc = mlcap_diag_add(
		    im->d, MLCAP_WARNING, "catalog.conflict", &l,
		    "import a row with a new effective_from to record a price "
		    "change",
		    "%s %s %s %s on %s: the catalog has %s, this row says %s; "
		    "not written",
		    r->provider, r->region, r->instance_type,
		    r->purchase_option, r->effective_from,
		    (const char *)sqlite3_column_text(f, 1), r->usd_per_hour);
		return rc < 0 ? rc : 0;
	}
	im->rep->imported++;
	return 0;
}

int mlcap_catalog__load(mlcap_catalog *c, const char *name, const char *buf,
			size_t len, bool check, mlcap_import_report *rep,
			int (*reader)(mlcap_import *, const char *, size_t),
			mlcap_diags *d)
{
	mlcap_import im;
	size_t i;
	int rc;

	memset(&im, 0, sizeof(im));
	im.c = c;
	im.d = d;
	im.name = name;
	im.check = check;
	im.rep = rep;
	if (sqlite3_prepare_v2(c->db,
			       "INSERT INTO prices VALUES "
			       "(?1,?2,?3,?4,?5,?6,?7,?8) "
			       "ON CONFLICT DO NOTHING",
			       -1, &im.ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db,
			       "SELECT usd_nanos, usd_per_hour FROM prices "
			       "WHERE provider=?1 AND region=?2 AND "
			       "instance_type=?3 AND purchase_option=?4 AND "
			       "effective_from=?5",
			       -1, &im.find, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db,
			       "INSERT INTO instance_types VALUES "
			       "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
			       -1, &im.typ, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db,
			       "SELECT 1 FROM instance_types WHERE "
			       "provider=?1 AND name=?2",
			       -1, &im.has, NULL) != SQLITE_OK)
		rc = mlcap_catalog__db_fail(c, d, "preparing the import");
	else
		rc = reader(&im, buf, len);
	sqlite3_finalize(im.ins);
	sqlite3_finalize(im.find);
	sqlite3_finalize(im.typ);
	sqlite3_finalize(im.has);
	sqlite3_finalize(im.ins_rate);
	sqlite3_finalize(im.find_rate);
	for (i = 0; i < sizeof(im.known) / sizeof(im.known[0]); i++)
		mlcap_mem__free(im.known[i]);
	return rc < 0 ? rc : (int)(im.errors > 0);
}

/* ---- the public import ---- */

static const struct {
	const char *name;
	int (*reader)(mlcap_import *, const char *, size_t);
} formats[] = {
    {"csv", mlcap_import__csv},		  {"aws-csv", mlcap_import__aws_csv},
    {"aws-json", mlcap_import__aws_json}, {"aws-spot", mlcap_import__aws_spot},
    {"azure", mlcap_import__azure},	  {"gcp", mlcap_import__gcp},
};

static const char *const format_names[] = {
    "csv", "aws-csv", "aws-json", "aws-spot", "azure", "gcp", NULL};

int mlcap_import_format_from_name(const char *name)
{
	size_t i;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *const *mlcap_import_format_names(void)
{
	return format_names;
}

int mlcap_catalog_import(mlcap_catalog *c, const char *name, const char *buf,
			 size_t len, mlcap_import_format f,
			 mlcap_import_report *rep, mlcap_diags *d)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(rep, 0, sizeof(*rep));
	if ((size_t)f >= sizeof(formats) / sizeof(formats[0]))
		return MLCAP_EINVAL;
	if (sqlite3_db_readonly(c->db, "main") == 1) {
		mlcap_loc l = {c->path, 0, 0};
		rc = mlcap_diag_add(d, MLCAP_ERROR, "catalog.readonly", &l,
				    "open it for writing, or check the file's "
				    "permissions",
				    "price catalog '%s' is read-only", c->path);
		return rc < 0 ? rc : MLCAP_EDB;
	}
	if (sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return mlcap_catalog__db_fail(c, d, "starting the import");
	rc = mlcap_catalog__load(c, name, buf, len, true, rep,
				 formats[f].reader, d);
	if (rc != 0)
		goto fail; /* all or nothing */
	if (sqlite3_prepare_v2(c->db,
			       "INSERT INTO imports (file, format, rows_read, "
			       "rows_imported, rows_skipped) VALUES "
			       "(?1, ?2, ?3, ?4, ?5)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = mlcap_catalog__db_fail(c, d, "recording the import");
		goto fail;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, formats[f].name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)rep->read);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)rep->imported);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)rep->skipped);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = mlcap_catalog__db_fail(c, d, "recording the import");
		goto fail;
	}
	sqlite3_finalize(st);
	if (sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		st = NULL;
		rc = mlcap_catalog__db_fail(c, d, "committing the import");
		goto fail;
	}
	return 0;
fail:
	sqlite3_finalize(st);
	sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	rep->imported = 0;
	rep->types_added = 0; /* rolled back with the prices */
	return rc < 0 ? rc : MLCAP_EDB;
}
