/*
 * import_fixture.h - what the price-file import tests share: a temporary
 * directory with one seeded catalog built from the source tree's pricing/
 * per test group, writable copies of it per test, the catalogs and price
 * lists a test holds (freed by catalog_teardown), and small readers.
 * Include after support.h, with MLCAP_TEST_SOURCE_DIR defined.
 */
#ifndef MLCAP_TEST_IMPORT_FIXTURE_H
#define MLCAP_TEST_IMPORT_FIXTURE_H

#include <ftw.h> /* the test defines _XOPEN_SOURCE before support.h */
#include <sys/stat.h>
#include <unistd.h>

#ifndef MLCAP_TEST_SOURCE_DIR
#error "MLCAP_TEST_SOURCE_DIR must name the source tree"
#endif

#define PRICING_DIR MLCAP_TEST_SOURCE_DIR "/pricing"

static char tmp_dir[256];
static char seed_db[300];

/* Catalogs and price lists of the running test, freed by the teardown. */
static struct {
	mlcap_catalog *cats[TEST_SLOTS];
	mlcap_price_list lists[TEST_SLOTS];
	int n_lists;
} cx;

/* The whole file at `path`, NUL-terminated, or NULL; no assertions. */
static inline char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n = 0;

	if (len)
		*len = 0;
	if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = calloc(1, (size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	if (buf && len)
		*len = (size_t)n;
	return buf;
}

/* read_all that fails the test instead; the buffer is tracked. */
static inline char *slurp(const char *path, size_t *len)
{
	char *buf = read_all(path, len);

	if (!buf)
		fail_msg("cannot read %s", path);
	track(test_ctx.bufs, buf);
	return buf;
}

static inline int rm_one(const char *path, const struct stat *sb, int flag,
			 struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/*
 * Group set-up: a directory mlcap-test-TAG-XXXXXX with seed.db built from
 * pricing/, then `extra_csv` (a file of mlcap CSV, NULL for none) imported
 * into it. No cmocka assertions here: a failure returns -1 instead.
 */
static inline int fixture_setup(const char *tag, const char *extra_csv)
{
	const char *t = getenv("TMPDIR");
	mlcap_diags d = MLCAP_DIAGS_INIT;
	mlcap_import_report rep;
	mlcap_catalog *c = NULL;
	char *sql = read_all(PRICING_DIR "/schema.sql", NULL);
	char *extra = NULL;
	size_t n = 0;
	int rc = -1;

	snprintf(tmp_dir, sizeof(tmp_dir), "%s/mlcap-test-%s-XXXXXX",
		 t && *t ? t : "/tmp", tag);
	if (extra_csv && !(extra = read_all(extra_csv, &n)))
		goto done;
	if (sql && mkdtemp(tmp_dir)) {
		snprintf(seed_db, sizeof(seed_db), "%s/seed.db", tmp_dir);
		rc = mlcap_catalog_open(&c, seed_db, MLCAP_CATALOG_WRITE, &d);
		if (rc == 0)
			rc = mlcap_catalog_create(c, sql, PRICING_DIR "/seed",
						  &d);
		if (rc == 0 && extra)
			rc = mlcap_catalog_import(c, extra_csv, extra, n,
						  MLCAP_IMPORT_CSV, &rep, &d);
		if (rc != 0 || d.errors)
			dump_diags(&d);
	}
done:
	mlcap_catalog_free(c);
	mlcap_diags_release(&d);
	free(sql);
	free(extra);
	return rc;
}

static inline int group_teardown(void **state)
{
	(void)state;
	return nftw(tmp_dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* Per test: the tracked catalogs and lists, then support.h's teardown. */
static inline int catalog_teardown(void **state)
{
	int i;

	for (i = 0; i < TEST_SLOTS; i++) {
		mlcap_catalog_free(cx.cats[i]);
		cx.cats[i] = NULL;
		mlcap_price_list_release(&cx.lists[i]);
	}
	cx.n_lists = 0;
	return test_teardown(state);
}

/*
 * A writable copy of seed.db named `name` in tmp_dir, opened and tracked;
 * its path goes to `path` (`n` bytes) unless `path` is NULL.
 */
static inline mlcap_catalog *fresh_catalog(const char *name, char *path,
					   size_t n, mlcap_diags *d)
{
	mlcap_catalog *c = NULL;
	char own[512];
	size_t len;
	char *text = slurp(seed_db, &len);
	FILE *f;
	int rc;

	if (!path) {
		path = own;
		n = sizeof(own);
	}
	assert_true((size_t)snprintf(path, n, "%s/%s", tmp_dir, name) < n);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	buf_free(text);
	rc = mlcap_catalog_open(&c, path, MLCAP_CATALOG_WRITE, d);
	if (rc != 0)
		dump_diags(d);
	assert_int_equal(rc, 0);
	track((void **)cx.cats, c);
	return c;
}

/* `reason` must have been counted `count` times. */
static inline void expect_reason(const mlcap_import_report *r,
				 const char *reason, size_t count)
{
	size_t i;

	for (i = 0; i < r->n_reasons; i++)
		if (!strcmp(r->reasons[i].reason, reason)) {
			assert_int_equal(r->reasons[i].count, count);
			return;
		}
	fail_msg("no skip reason '%s'", reason);
}

#endif
