/*
 * fuzz_import.c - libFuzzer target for the price-file readers behind
 * mlcap_catalog_import: the first byte picks the format (byte % 6, in
 * mlcap_import_format order), the rest is the file, imported into a fresh
 * copy of a seeded catalog. A crash, sanitizer report, leak, non-atomic
 * or non-idempotent import, or a report that does not add up traps.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "mlcap/mlcap.h"

#ifndef MLCAP_SOURCE_DIR
#error "MLCAP_SOURCE_DIR must name the source tree (see CMakeLists.txt)"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)

#define N_FORMATS 6 /* csv aws-csv aws-json aws-spot azure gcp */

/* The tables an import may write, counted before and after. */
enum { PRICES, TYPES, RATES, IMPORTS, N_TABLES };
static const char *const count_sql[N_TABLES] = {
    "SELECT count(*) FROM prices", "SELECT count(*) FROM instance_types",
    "SELECT count(*) FROM resource_rates", "SELECT count(*) FROM imports"};

/*
 * Set up once by LLVMFuzzerInitialize: a scratch directory (tmpfs when
 * there is one) holding the template catalog, whose bytes are kept in
 * `tmpl` and copied over `cat_path` before each input, and its row counts.
 */
static char dir[64], tmpl_path[96], cat_path[96], journal_path[112];
static char *tmpl;
static size_t tmpl_len;
static int64_t base[N_TABLES];
static volatile size_t sink; /* keeps the strlen() reads below */

/* ---- set-up helpers (failures here are the harness's, not bugs) ---- */

static void die(const char *what)
{
	fprintf(stderr, "fuzz_import: %s: %s\n", what, strerror(errno));
	abort();
}

/* The whole of `path` in a NUL-terminated malloc'd buffer. */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t alloc = 0, n = 0, got;

	if (!f)
		die(path);
	do {
		if (n + 4096 + 1 > alloc) {
			alloc = (n + 4096 + 1) * 2;
			if (!(buf = realloc(buf, alloc)))
				die("out of memory");
		}
		got = fread(buf + n, 1, alloc - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f))
		die(path);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void print_diags(const mlcap_diags *d)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		fprintf(stderr, "%s:%u: %s: %s\n", d->items[i].file,
			d->items[i].line,
			mlcap_severity_str(d->items[i].severity),
			d->items[i].message);
}

static void cleanup(void)
{
	unlink(journal_path);
	unlink(cat_path);
	unlink(tmpl_path);
	rmdir(dir);
}

/* Row counts of the catalog at `path`, through a connection of our own. */
static void count_rows(const char *path, int64_t out[N_TABLES])
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	int t;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die("opening the catalog to count rows");
	for (t = 0; t < N_TABLES; t++) {
		if (sqlite3_prepare_v2(db, count_sql[t], -1, &st, NULL) !=
			SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_ROW) {
			fprintf(stderr, "fuzz_import: %s: %s\n", count_sql[t],
				sqlite3_errmsg(db));
			abort();
		}
		out[t] = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
}

/* Puts the template's bytes at `cat_path`, with no journal beside it. */
static void fresh_catalog(void)
{
	size_t off = 0;
	ssize_t n;
	int fd;

	if (unlink(journal_path) != 0 && errno != ENOENT)
		die(journal_path);
	fd = open(cat_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		die(cat_path);
	while (off < tmpl_len) {
		n = write(fd, tmpl + off, tmpl_len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die(cat_path);
		off += (size_t)n;
	}
	if (close(fd) != 0)
		die(cat_path);
}

/*
 * Builds the template catalog once: pricing/schema.sql and pricing/seed
 * (as `mlcap pricing build` does), plus the Azure types of the unit
 * fixtures, since Azure files carry no specs and would otherwise only
 * ever reach "instance type not in the catalog". Creating it from the
 * seed takes far longer than copying its bytes, which is done per input.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const tmpdirs[] = {"/dev/shm", "/tmp"};
	mlcap_diags d = MLCAP_DIAGS_INIT;
	mlcap_catalog *c = NULL;
	mlcap_import_report rep;
	char *schema, *types;
	size_t i, n;

	(void)argc;
	(void)argv;
	for (i = 0; i < 2; i++) {
		snprintf(dir, sizeof(dir), "%s/mlcap-fuzz-import-XXXXXX",
			 tmpdirs[i]);
		if (mkdtemp(dir))
			break;
	}
	if (i == 2)
		die("mkdtemp");
	snprintf(tmpl_path, sizeof(tmpl_path), "%s/template.db", dir);
	snprintf(cat_path, sizeof(cat_path), "%s/catalog.db", dir);
	snprintf(journal_path, sizeof(journal_path), "%s-journal", cat_path);
	atexit(cleanup);

	schema = read_all(MLCAP_SOURCE_DIR "/pricing/schema.sql", &n);
	types = read_all(
	    MLCAP_SOURCE_DIR "/tests/unit/fixtures/azure/types.csv", &n);
	if (mlcap_catalog_open(&c, tmpl_path, MLCAP_CATALOG_WRITE, &d) != 0 ||
	    mlcap_catalog_create(c, schema, MLCAP_SOURCE_DIR "/pricing/seed",
				 &d) != 0 ||
	    mlcap_catalog_import(c, "types.csv", types, n, MLCAP_IMPORT_CSV,
				 &rep, &d) != 0) {
		print_diags(&d);
		fprintf(stderr, "fuzz_import: cannot build the template\n");
		abort();
	}
	mlcap_catalog_free(c);
	mlcap_diags_release(&d);
	free(types);
	free(schema);
	tmpl = read_all(tmpl_path, &tmpl_len);
	count_rows(tmpl_path, base);
	return 0;
}

/* ---- invariants ---- */

/* What any import must satisfy, whatever it returned. */
static void check_any(int rc, const mlcap_import_report *rep,
		      const mlcap_diags *d)
{
	size_t i, skipped = 0, errors = 0;

	CHECK(rc == 0 || rc == MLCAP_EDB || rc == MLCAP_ENOMEM);
	CHECK(rep->read >= rep->imported + rep->unchanged + rep->conflicts);
	CHECK(rep->n_reasons <= sizeof(rep->reasons) / sizeof(rep->reasons[0]));
	for (i = 0; i < rep->n_reasons; i++) {
		CHECK(rep->reasons[i].reason != NULL);
		CHECK(strlen(rep->reasons[i].reason) > 0);
		skipped += rep->reasons[i].count;
	}
	CHECK(skipped == rep->skipped);
	for (i = 0; i < d->count; i++) {
		const mlcap_diag *g = &d->items[i];
		CHECK(g->message != NULL && g->rule != NULL && g->file != NULL);
		/* strlen makes ASan look at every byte of them. */
		CHECK(strlen(g->message) > 0);
		sink += strlen(g->rule) + strlen(g->file);
		sink += g->hint ? strlen(g->hint) : 0;
		errors += g->severity == MLCAP_ERROR;
	}
	CHECK(errors == d->errors);
	if (rc == 0)
		CHECK(rep->errors == 0 && d->errors == 0);
	if (rc == MLCAP_EDB)
		CHECK(d->errors > 0); /* a failure says why */
}

/*
 * A successful import wrote exactly what its report says: one row per
 * imported price or rate, one per new instance type, one in imports.
 */
static void check_written(const mlcap_import_report *rep,
			  const int64_t before[N_TABLES],
			  const int64_t after[N_TABLES])
{
	CHECK((size_t)(after[PRICES] - before[PRICES] + after[RATES] -
		       before[RATES]) == rep->imported);
	CHECK((size_t)(after[TYPES] - before[TYPES]) == rep->types_added);
	CHECK(after[IMPORTS] == before[IMPORTS] + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[N_FORMATS] = {
	    "fuzz/prices.csv", "fuzz/offer.csv", "fuzz/offer.json",
	    "fuzz/spot.json",  "fuzz/page.json", "fuzz/skus.json"};
	mlcap_diags d = MLCAP_DIAGS_INIT;
	mlcap_catalog *c = NULL;
	mlcap_import_report rep, again;
	mlcap_import_format f;
	int64_t after[N_TABLES], twice[N_TABLES];
	const char *buf;
	size_t len;
	int rc, t;

	if (size == 0)
		return 0;
	f = (mlcap_import_format)(data[0] % N_FORMATS);
	buf = (const char *)data + 1;
	len = size - 1;

	fresh_catalog();
	CHECK(mlcap_catalog_open(&c, cat_path, MLCAP_CATALOG_WRITE, &d) == 0);
	rc = mlcap_catalog_import(c, names[f], buf, len, f, &rep, &d);
	check_any(rc, &rep, &d);
	count_rows(cat_path, after);
	if (rc != 0) {
		/* All or nothing. */
		for (t = 0; t < N_TABLES; t++)
			CHECK(after[t] == base[t]);
		CHECK(rep.imported == 0);
		goto done;
	}
	check_written(&rep, base, after);

	/* The same bytes again change nothing and count the same rows. */
	mlcap_diags_release(&d);
	mlcap_diags_init(&d);
	rc = mlcap_catalog_import(c, names[f], buf, len, f, &again, &d);
	check_any(rc, &again, &d);
	CHECK(rc == 0);
	CHECK(again.imported == 0 && again.types_added == 0);
	CHECK(again.read == rep.read && again.skipped == rep.skipped);
	CHECK(again.unchanged == rep.unchanged + rep.imported);
	CHECK(again.conflicts == rep.conflicts);
	count_rows(cat_path, twice);
	for (t = 0; t < IMPORTS; t++)
		CHECK(twice[t] == after[t]);
	CHECK(twice[IMPORTS] == after[IMPORTS] + 1);
done:
	mlcap_catalog_free(c);
	mlcap_diags_release(&d);
	return 0;
}
