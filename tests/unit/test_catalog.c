/*
 * test_catalog.c - unit tests of the price catalog (catalog.c,
 * catalog_import.c, import_csv.c) on a catalog built in a temporary
 * directory from pricing/schema.sql and pricing/seed: seed provenance,
 * as-of selection, filters, atomic and idempotent CSV import, hostile
 * names, and every way opening, seeding or importing can fail.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "support.h"
#include "csv.h"

#ifndef MLCAP_TEST_PRICING_DIR
#error "MLCAP_TEST_PRICING_DIR must name the source tree's pricing/"
#endif

#define SEED_DIR MLCAP_TEST_PRICING_DIR "/seed"

/*
 * What pricing/seed holds, counted from the CSV files (data lines): price
 * rows, instance types, attached-accelerator prices, control-plane fees;
 * distinct (provider, region, type, purchase) keys, GCP's share of them,
 * and keys of types with 8 GPUs or more. Update them with the seed.
 */
#define SEED_PRICES	  480
#define SEED_TYPES	  214
#define SEED_ACCELERATORS 8
#define SEED_FEES	  4
#define SEED_KEYS	  431
#define SEED_GCP_KEYS	  156
#define SEED_KEYS_8_GPUS  42

/* ---- fixture: a temporary directory and one seeded catalog ---- */

static char tmp_dir[256];
static char seed_db[300];

/* Catalogs, SQLite connections and price lists of the running test. */
static struct {
	mlcap_catalog *cats[TEST_SLOTS];
	sqlite3 *dbs[TEST_SLOTS];
	mlcap_price_list lists[TEST_SLOTS];
	int n_lists;
} cx;

/* The CSV reader of the running test. */
static mlcap_csv csv_rd;

static void tmp_path(char *buf, size_t n, const char *name)
{
	int len = snprintf(buf, n, "%s/%s", tmp_dir, name);

	assert_true(len > 0 && (size_t)len < n);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, r;
	char *buf;

	if (!f)
		fail_msg("cannot read %s", path);
	buf = malloc(cap);
	assert_non_null(buf);
	while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (cap - n - 1 == 0) {
			char *nb = realloc(buf, cap * 2);
			assert_non_null(nb);
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	buf[n] = '\0';
	track(test_ctx.bufs, buf);
	if (len)
		*len = n;
	return buf;
}

static void spit(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		fail_msg("cannot write %s", path);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	char *text = slurp(from, &len);

	spit(to, text, len);
	buf_free(text);
}

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Opens the catalog at `path`; it must succeed. Tracked. */
static mlcap_catalog *open_ok(const char *path, unsigned flags, mlcap_diags *d)
{
	mlcap_catalog *c = NULL;
	int rc = mlcap_catalog_open(&c, path, flags, d);

	if (rc != 0)
		dump_diags(d);
	assert_int_equal(rc, 0);
	assert_non_null(c);
	track((void **)cx.cats, c);
	return c;
}

static void close_cat(mlcap_catalog *c)
{
	untrack((void **)cx.cats, c);
	mlcap_catalog_free(c);
}

/* Builds a catalog at `path` from the schema and `seed_dir`. */
static int build(const char *path, const char *seed_dir, mlcap_diags *d)
{
	char *sql = slurp(MLCAP_TEST_PRICING_DIR "/schema.sql", NULL);
	mlcap_catalog *c = open_ok(path, MLCAP_CATALOG_WRITE, d);
	int rc = mlcap_catalog_create(c, sql, seed_dir, d);

	close_cat(c);
	buf_free(sql);
	return rc;
}

static int group_setup(void **state)
{
	const char *t = getenv("TMPDIR");
	mlcap_diags d = MLCAP_DIAGS_INIT;
	char *sql;
	mlcap_catalog *c = NULL;
	int rc;

	(void)state;
	snprintf(tmp_dir, sizeof(tmp_dir), "%s/mlcap-test-catalog-XXXXXX",
		 t && *t ? t : "/tmp");
	if (!mkdtemp(tmp_dir))
		return -1;
	snprintf(seed_db, sizeof(seed_db), "%s/seed.db", tmp_dir);
	/* No cmocka assertions here: a failure returns -1 instead. */
	{
		FILE *f = fopen(MLCAP_TEST_PRICING_DIR "/schema.sql", "rb");
		long n;
		if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
			return -1;
		rewind(f);
		sql = calloc(1, (size_t)n + 1);
		if (!sql || fread(sql, 1, (size_t)n, f) != (size_t)n)
			return -1;
		fclose(f);
	}
	rc = mlcap_catalog_open(&c, seed_db, MLCAP_CATALOG_WRITE, &d);
	if (rc == 0)
		rc = mlcap_catalog_create(c, sql, SEED_DIR, &d);
	if (rc != 0)
		dump_diags(&d);
	mlcap_catalog_free(c);
	mlcap_diags_release(&d);
	free(sql);
	return rc;
}

static int group_teardown(void **state)
{
	(void)state;
	return nftw(tmp_dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

static int cat_teardown(void **state)
{
	int i;

	for (i = 0; i < TEST_SLOTS; i++) {
		mlcap_catalog_free(cx.cats[i]);
		cx.cats[i] = NULL;
		sqlite3_close(cx.dbs[i]);
		cx.dbs[i] = NULL;
		mlcap_price_list_release(&cx.lists[i]);
	}
	cx.n_lists = 0;
	mlcap_csv__release(&csv_rd);
	return test_teardown(state);
}

#define cat_case(f) cmocka_unit_test_teardown(f, cat_teardown)

/* A writable copy of the seeded catalog, named `name` in tmp_dir. */
static mlcap_catalog *fresh_catalog(const char *name, char *path, size_t n,
				    mlcap_diags *d)
{
	tmp_path(path, n, name);
	remove(path);
	copy_file(seed_db, path);
	return open_ok(path, MLCAP_CATALOG_WRITE, d);
}

/* ---- direct SQLite access, to check what the library wrote ---- */

static sqlite3 *raw_open(const char *path, int flags)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK)
		fail_msg("sqlite3_open_v2 %s: %s", path,
			 db ? sqlite3_errmsg(db) : "no memory");
	track((void **)cx.dbs, db);
	return db;
}

static void raw_close(sqlite3 *db)
{
	untrack((void **)cx.dbs, db);
	sqlite3_close(db);
}

/* The integer `sql` yields on the catalog at `path`. */
static long long sql_int(const char *path, const char *sql)
{
	sqlite3 *db = raw_open(path, SQLITE_OPEN_READONLY);
	sqlite3_stmt *st = NULL;
	long long v;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		fail_msg("%s: no row", sql);
	}
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	raw_close(db);
	return v;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
}

/* ---- queries and imports through the library ---- */

static mlcap_price_list *query(mlcap_catalog *c, const mlcap_price_query *q,
			       mlcap_diags *d)
{
	mlcap_price_list *l;

	assert_true(cx.n_lists < TEST_SLOTS);
	l = &cx.lists[cx.n_lists++];
	mlcap_price_list_init(l);
	assert_int_equal(mlcap_catalog_prices(c, q, l, d), 0);
	return l;
}

static int import_text(mlcap_catalog *c, const char *name, const char *text,
		       mlcap_import_report *rep, mlcap_diags *d)
{
	return mlcap_catalog_import(c, name, text, strlen(text),
				    MLCAP_IMPORT_CSV, rep, d);
}

#define PRICE_HEADER                                                           \
	"provider,region,instance_type,purchase_option,usd_per_hour,"          \
	"effective_from,source\n"

/* ---- seed provenance ---- */

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* A real calendar date written YYYY-MM-DD. */
static bool valid_date(const char *s)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	int i, y, m, dd;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	dd = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || dd < 1)
		return false;
	return dd <= days[m - 1] + (m == 2 && is_leap(y));
}

/* SOURCES.md's "Retrieval date for everything below: **YYYY-MM-DD**". */
static void retrieval_date(const char *sources_md, char out[11])
{
	static const char key[] = "Retrieval date for everything below: **";
	const char *p = strstr(sources_md, key);

	assert_non_null(p);
	memcpy(out, p + strlen(key), 10);
	out[10] = '\0';
	assert_true(valid_date(out));
}

/*
 * The source must say where SOURCES.md can find it: a commit named after
 * '@' appears there, or else the source's first word (its URL) does.
 */
static void expect_documented(const char *file, uint32_t line,
			      const char *source, const char *sources_md)
{
	char key[256];
	const char *at = strchr(source, '@');
	size_t n;

	if (at && strspn(at + 1, "0123456789abcdef") == 40) {
		memcpy(key, at + 1, 40);
		key[40] = '\0';
	} else {
		n = strcspn(source, " \t");
		assert_true(n > 0 && n < sizeof(key));
		memcpy(key, source, n);
		key[n] = '\0';
	}
	if (!strstr(sources_md, key))
		fail_msg("%s:%u: source '%s' is not in SOURCES.md", file, line,
			 key);
}

/*
 * Checks every row of the seed table `name`: a non-empty source that
 * SOURCES.md documents and, when `dated`, an effective_from that is a
 * real date no later than the retrieval date. Returns the row count.
 */
static size_t check_seed_table(const char *name, bool dated,
			       const char *sources_md, const char *retrieved)
{
	char path[512];
	char *text;
	size_t len, rows = 0;
	int src, date = -1, usd, rc;

	snprintf(path, sizeof(path), "%s/%s", SEED_DIR, name);
	text = slurp(path, &len);
	mlcap_csv__init(&csv_rd, text, len);
	assert_int_equal(mlcap_csv__next(&csv_rd), 1);
	src = mlcap_csv__find(&csv_rd, "source");
	usd = mlcap_csv__find(&csv_rd, "usd_per_hour");
	assert_true(src >= 0);
	if (dated) {
		date = mlcap_csv__find(&csv_rd, "effective_from");
		assert_true(date >= 0);
	}
	while ((rc = mlcap_csv__next(&csv_rd)) == 1) {
		uint32_t line = csv_rd.record_line;
		const char *s;
		int64_t nanos;

		rows++;
		if ((size_t)src >= csv_rd.n || !*csv_rd.fields[src].s)
			fail_msg("%s:%u: no source", name, line);
		expect_documented(name, line, csv_rd.fields[src].s, sources_md);
		if (!dated)
			continue;
		s = (size_t)date < csv_rd.n ? csv_rd.fields[date].s : "";
		if (!valid_date(s))
			fail_msg("%s:%u: effective_from '%s' is not a date",
				 name, line, s);
		if (strcmp(s, retrieved) > 0)
			fail_msg("%s:%u: effective_from %s is after the "
				 "retrieval date %s",
				 name, line, s, retrieved);
		s = (size_t)usd < csv_rd.n ? csv_rd.fields[usd].s : "";
		if (mlcap_money_parse(&nanos, s, strlen(s)) != MLCAP_MONEY_OK)
			fail_msg("%s:%u: price '%s' is not exact money", name,
				 line, s);
	}
	assert_int_equal(rc, 0);
	mlcap_csv__release(&csv_rd);
	buf_free(text);
	return rows;
}

static void seed_rows_all_have_a_documented_source_and_date(void **state)
{
	char *md = slurp(SEED_DIR "/SOURCES.md", NULL);
	char retrieved[11];

	(void)state;
	retrieval_date(md, retrieved);
	assert_int_equal(check_seed_table("prices.csv", true, md, retrieved),
			 SEED_PRICES);
	assert_int_equal(
	    check_seed_table("control_plane.csv", true, md, retrieved),
	    SEED_FEES);
	assert_int_equal(
	    check_seed_table("attached_accelerators.csv", true, md, retrieved),
	    SEED_ACCELERATORS);
	/* Specs carry a source but no date: they do not change over time. */
	assert_int_equal(
	    check_seed_table("instance_types.csv", false, md, retrieved),
	    SEED_TYPES);
}

static void catalog_holds_every_seed_row_with_its_source(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_catalog *c = open_ok(seed_db, 0, d);

	(void)state;
	assert_int_equal(mlcap_catalog_version(c),
			 MLCAP_CATALOG_SCHEMA_VERSION);
	assert_int_equal(sql_int(seed_db, "PRAGMA user_version"),
			 MLCAP_CATALOG_SCHEMA_VERSION);
	assert_int_equal(sql_int(seed_db, "SELECT count(*) FROM prices"),
			 SEED_PRICES);
	assert_int_equal(
	    sql_int(seed_db, "SELECT count(*) FROM instance_types"),
	    SEED_TYPES);
	assert_int_equal(
	    sql_int(seed_db, "SELECT count(*) FROM control_plane_fees"),
	    SEED_FEES);
	assert_int_equal(
	    sql_int(seed_db, "SELECT count(*) FROM accelerator_prices"),
	    SEED_ACCELERATORS);
	/* Seeding is not an import. */
	assert_int_equal(sql_int(seed_db, "SELECT count(*) FROM imports"), 0);
	assert_int_equal(
	    sql_int(seed_db, "SELECT count(*) FROM prices WHERE source = '' "
			     "OR effective_from NOT GLOB "
			     "'[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'"),
	    0);
	assert_int_equal(sql_int(seed_db, "SELECT count(*) FROM "
					  "instance_types WHERE source = ''"),
			 0);
	assert_int_equal(
	    sql_int(seed_db, "SELECT count(*) FROM control_plane_fees WHERE "
			     "source = '' OR effective_from = ''"),
	    0);
	/* Every price has its instance type, so the join loses nothing. */
	assert_int_equal(
	    sql_int(seed_db, "SELECT count(*) FROM prices p WHERE NOT EXISTS "
			     "(SELECT 1 FROM instance_types t WHERE "
			     "t.provider = p.provider AND t.name = "
			     "p.instance_type)"),
	    0);
	assert_int_equal(
	    sql_int(seed_db, "SELECT usd_nanos FROM control_plane_fees WHERE "
			     "provider = 'aws' AND tier = "
			     "'eks-standard-support'"),
	    100000000LL);
	assert_int_equal(d->count, 0);
}

/* ---- as-of selection ---- */

static void p4d_query(mlcap_price_query *q, const char *as_of)
{
	memset(q, 0, sizeof(*q));
	q->provider = "aws";
	q->region = "us-east-1";
	q->instance_type = "p4d.24xlarge";
	q->purchase = "on-demand";
	q->as_of = as_of;
}

static void
catalog_price_in_force_is_the_latest_not_after_the_date(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_catalog *c = open_ok(seed_db, 0, d);
	mlcap_price_query q;
	mlcap_price_list *l;

	(void)state;
	/* Before AWS's P4 price cut: the 2023-09-18 snapshot. */
	p4d_query(&q, "2024-01-01");
	l = query(c, &q, d);
	assert_int_equal(l->count, 1);
	assert_string_equal(l->items[0].usd_per_hour, "32.7726");
	assert_int_equal(l->items[0].usd_nanos, 32772600000LL);
	assert_string_equal(l->items[0].effective_from, "2023-09-18");
	assert_non_null(strstr(l->items[0].source,
			       "d99775f4ca660d415b57a143b8206915eefc9af7"));
	assert_string_equal(l->items[0].gpu_model, "A100-40GB");
	assert_int_equal(l->items[0].gpu_count, 8);
	assert_int_equal(l->items[0].vcpu, 96);
	/* Latest: the same price is seen again on 2026-08-26. */
	p4d_query(&q, NULL);
	l = query(c, &q, d);
	assert_int_equal(l->count, 1);
	assert_int_equal(l->items[0].usd_nanos, 21957642000LL);
	assert_string_equal(l->items[0].usd_per_hour, "21.957642");
	assert_string_equal(l->items[0].effective_from, "2026-08-26");
	/* effective_from is inclusive: on 2026-02-09 the new price holds. */
	p4d_query(&q, "2026-02-09");
	l = query(c, &q, d);
	assert_int_equal(l->count, 1);
	assert_int_equal(l->items[0].usd_nanos, 21957642000LL);
	assert_string_equal(l->items[0].effective_from, "2026-02-09");
	p4d_query(&q, "2026-02-08");
	l = query(c, &q, d);
	assert_int_equal(l->count, 1);
	assert_int_equal(l->items[0].usd_nanos, 32772600000LL);
	assert_int_equal(d->count, 0);
}

static void catalog_has_no_price_before_the_first_date(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_catalog *c = open_ok(seed_db, 0, d);
	mlcap_price_query q;

	(void)state;
	p4d_query(&q, "2023-09-17");
	assert_int_equal(query(c, &q, d)->count, 0);
	/* On 2024-01-01 only the three AWS snapshot rows of 2023-09-18 and
	 * the 82 Azure rows of 2023-12-18 exist. */
	memset(&q, 0, sizeof(q));
	q.as_of = "2024-01-01";
	assert_int_equal(query(c, &q, d)->count, 3 + 82);
}

static void catalog_history_lists_every_dated_price(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_catalog *c = open_ok(seed_db, 0, d);
	mlcap_price_query q;
	mlcap_price_list *l;

	(void)state;
	p4d_query(&q, NULL);
	q.history = true;
	l = query(c, &q, d);
	assert_int_equal(l->count, 3);
	assert_string_equal(l->items[0].effective_from, "2023-09-18");
	assert_int_equal(l->items[0].usd_nanos, 32772600000LL);
	assert_string_equal(l->items[1].effective_from, "2026-02-09");
	assert_int_equal(l->items[1].usd_nanos, 21957642000LL);
	assert_non_null(strstr(l->items[1].source, "karpenter-provider-aws"));
	assert_string_equal(l->items[2].effective_from, "2026-08-26");
	assert_non_null(strstr(l->items[2].source, "tsaol/aws-gpu"));
	/* History stops at the as-of date too. */
	p4d_query(&q, "2026-03-01");
	q.history = true;
	assert_int_equal(query(c, &q, d)->count, 2);
}

/* ---- filters ---- */

static void catalog_gpu_filter_ignores_case(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_catalog *c = open_ok(seed_db, 0, d);
	mlcap_price_query q;
	mlcap_price_list *l;
	size_t i;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.gpu_model = "h100";
	l = query(c, &q, d);
	/* p5.48xlarge and p5.4xlarge in us-east-1 and us-west-2, and
	 * Standard_ND96isr_H100_v5 in eastus and westeurope */
	assert_int_equal(l->count, 6);
	for (i = 0; i < l->count; i++) {
		assert_string_equal(l->items[i].gpu_model, "H100");
		assert_true(strcmp(l->items[i].provider, "aws") == 0 ||
			    strcmp(l->items[i].provider, "azure") == 0);
	}
	assert_string_equal(l->items[0].region, "us-east-1");
	assert_string_equal(l->items[0].instance_type, "p5.48xlarge");
	assert_string_equal(l->items[3].region, "us-west-2");
	assert_string_equal(l->items[3].instance_type, "p5.4xlarge");
	q.gpu_model = "A100-40gb";
	/* 3 p4d regions, 5 a2 types x 2 regions x 2 purchase options,
	 * Standard_ND96asr_v4 in 2 regions */
	assert_int_equal(query(c, &q, d)->count, 25);
}

static void catalog_filters_by_provider_region_and_purchase(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_catalog *c = open_ok(seed_db, 0, d);
	mlcap_price_query q;
	mlcap_price_list *l;
	size_t i;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.provider = "gcp";
	q.region = "us-central1";
	q.purchase = "spot";
	l = query(c, &q, d);
	/* the 26 e2, n2 (8 sizes), g2 and a2 types, then
	 * n2-standard-80 and -96, c2-standard-4..60 (5), c3-standard-4..176
	 * (6) */
	assert_int_equal(l->count, 26 + 2 + 5 + 6);
	for (i = 0; i < l->count; i++) {
		assert_string_equal(l->items[i].provider, "gcp");
		assert_string_equal(l->items[i].region, "us-central1");
		assert_string_equal(l->items[i].purchase_option, "spot");
		if (i)
			assert_true(strcmp(l->items[i - 1].instance_type,
					   l->items[i].instance_type) < 0);
	}
	memset(&q, 0, sizeof(q));
	q.provider = "gcp";
	assert_int_equal(query(c, &q, d)->count, SEED_GCP_KEYS);
	memset(&q, 0, sizeof(q));
	q.purchase = "spot";
	q.provider = "aws";
	assert_int_equal(query(c, &q, d)->count, 0);
	/* Unfiltered: one row per key, the latest. */
	memset(&q, 0, sizeof(q));
	assert_int_equal(query(c, &q, d)->count, SEED_KEYS);
}

static void catalog_min_gpus_keeps_only_bigger_machines(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_catalog *c = open_ok(seed_db, 0, d);
	mlcap_price_query q;
	mlcap_price_list *l;
	size_t i;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.min_gpus = 8;
	l = query(c, &q, d);
	assert_int_equal(l->count, SEED_KEYS_8_GPUS);
	for (i = 0; i < l->count; i++)
		assert_true(l->items[i].gpu_count >= 8);
	q.min_gpus = 16;
	l = query(c, &q, d);
	assert_int_equal(l->count, 4); /* a2-megagpu-16g */
	q.min_gpus = 17;
	assert_int_equal(query(c, &q, d)->count, 0);
}

/* ---- import ---- */

#define FIXTURE                                                                \
	PRICE_HEADER                                                           \
	"aws,us-east-1,p4d.24xlarge,on-demand,19.5,2027-01-01,fixture\n"       \
	"aws,eu-west-1,p5.48xlarge,on-demand,60.1,2027-01-01,fixture\n"        \
	"gcp,us-central1,g2-standard-4,spot,0.25,2027-01-01,fixture\n"

static void catalog_import_adds_dated_prices_and_reports_them(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("adds.db", path, sizeof(path), d);
	mlcap_import_report rep;
	mlcap_price_query q;
	mlcap_price_list *l;

	(void)state;
	assert_int_equal(import_text(c, "fixture.csv", FIXTURE, &rep, d), 0);
	assert_int_equal(d->count, 0);
	assert_int_equal(rep.read, 3);
	assert_int_equal(rep.imported, 3);
	assert_int_equal(rep.unchanged + rep.conflicts + rep.skipped, 0);
	assert_int_equal(rep.errors, 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"),
			 SEED_PRICES + 3);
	assert_int_equal(
	    sql_int(path, "SELECT rows_imported FROM imports WHERE file = "
			  "'fixture.csv'"),
	    3);
	/* The new price is in force from its date, not before. */
	p4d_query(&q, NULL);
	l = query(c, &q, d);
	assert_int_equal(l->count, 1);
	assert_int_equal(l->items[0].usd_nanos, 19500000000LL);
	assert_string_equal(l->items[0].source, "fixture");
	p4d_query(&q, "2026-12-31");
	assert_int_equal(query(c, &q, d)->items[0].usd_nanos, 21957642000LL);
}

static void catalog_import_twice_changes_nothing_the_second_time(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("twice.db", path, sizeof(path), d);
	mlcap_import_report rep;

	(void)state;
	assert_int_equal(import_text(c, "fixture.csv", FIXTURE, &rep, d), 0);
	assert_int_equal(rep.imported, 3);
	assert_int_equal(import_text(c, "fixture.csv", FIXTURE, &rep, d), 0);
	assert_int_equal(d->count, 0);
	assert_int_equal(rep.read, 3);
	assert_int_equal(rep.imported, 0);
	assert_int_equal(rep.unchanged, 3);
	assert_int_equal(rep.conflicts, 0);
	assert_int_equal(rep.errors, 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"),
			 SEED_PRICES + 3);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM imports"), 2);
}

/* A file with one bad row between two good ones. */
struct bad_row {
	const char *row;
	const char *message; /* a part of the diagnostic's message */
};

#define EXT_HEADER                                                             \
	"provider,region,instance_type,purchase_option,usd_per_hour,"          \
	"effective_from,source,category,vcpu,memory_mib\n"
#define GOOD_2 "aws,us-east-1,p4d.24xlarge,on-demand,19.5,2027-01-01,f,,,\n"
#define GOOD_4 "aws,us-east-1,p4de.24xlarge,on-demand,25,2027-01-01,f,,,\n"
#define P5     "aws,us-east-1,p5.48xlarge,"

static const struct bad_row bad_rows[] = {
    {P5 "on-demand,-1,2027-01-01,f,,,", "negative price '-1'"},
    {P5 "on-demand,abc,2027-01-01,f,,,", "price 'abc' is not a number"},
    {P5 "on-demand,$3.06,2027-01-01,f,,,", "price '$3.06' is not a number"},
    {P5 "on-demand,3.06 USD/h,2027-01-01,f,,,", "is not a number"},
    {P5 "on-demand,3.06/month,2027-01-01,f,,,", "is not a number"},
    {P5 "on-demand,0.0000000001,2027-01-01,f,,,", "more than 9 decimals"},
    {P5 "on-demand,1e12,2027-01-01,f,,,", "price '1e12' is too large"},
    {P5 "on-demand,,2027-01-01,f,,,", "no price for 'p5.48xlarge'"},
    {P5 "on-demand,1,2027/01/01,f,,,", "'2027/01/01' is not a date"},
    {P5 "on-demand,1,,f,,,", "is incomplete"},
    {P5 ",1,2027-01-01,f,,,", "is incomplete"},
    {P5 "ondemand,1,2027-01-01,f,,,", "ondemand"},
    {P5 "on-demand,1,2027-01-01,,,,", "row without source"},
    {"aws,,p5.48xlarge,on-demand,1,2027-01-01,f,,,", "is incomplete"},
    {",us-east-1,p5.48xlarge,on-demand,1,2027-01-01,f,,,",
     "row without provider"},
    {"aws,us-east-1,,on-demand,1,2027-01-01,f,,,", "row without instance"},
    {"aws,us-east-1,p9.huge,on-demand,1,2027-01-01,f,,,",
     "unknown instance type 'p9.huge'"},
    {"custom,dc1,box,on-demand,1,2027-01-01,me,custom,four,1024",
     "vcpu 'four' is not a whole number"},
    {"custom,dc1,box,on-demand,1,2027-01-01,me,custom,4,-1",
     "memory_mib '-1' is not a whole number"},
    {"custom,dc1,box,on-demand,1,2027-01-01,me,custom,4,",
     "instance type 'box' has no memory size"},
    {"custom,dc1,box,on-demand,1,2027-01-01,me,gpuz,4,1024", "category"},
};

/* The counts an import must leave alone when it fails. */
static void counts(const char *path, long long out[3])
{
	out[0] = sql_int(path, "SELECT count(*) FROM prices");
	out[1] = sql_int(path, "SELECT count(*) FROM instance_types");
	out[2] = sql_int(path, "SELECT count(*) FROM imports");
}

static void expect_unchanged(const char *path, const long long before[3])
{
	long long after[3];

	counts(path, after);
	assert_int_equal(after[0], before[0]);
	assert_int_equal(after[1], before[1]);
	assert_int_equal(after[2], before[2]);
}

/* The import of `text` fails with one error on `line` saying `message`. */
static void expect_import_fails(mlcap_catalog *c, const char *path,
				const char *text, uint32_t line,
				const char *message)
{
	mlcap_diags d = MLCAP_DIAGS_INIT;
	mlcap_import_report rep;
	long long before[3];
	const mlcap_diag *g;
	int rc;

	counts(path, before);
	rc = import_text(c, "bad.csv", text, &rep, &d);
	if (rc != MLCAP_EDB || d.errors != 1 ||
	    !strstr(d.items[0].message, message) || d.items[0].line != line) {
		fprintf(stderr,
			"  import of:\n%s  rc %d; want one error on "
			"line %u with '%s', got:\n",
			text, rc, line, message);
		dump_diags(&d);
		mlcap_diags_release(&d);
		fail();
	}
	g = &d.items[0];
	assert_int_equal(g->severity, MLCAP_ERROR);
	assert_string_equal(g->rule, "catalog.row");
	assert_string_equal(g->file, "bad.csv");
	assert_int_equal(rep.errors, 1);
	assert_int_equal(rep.imported, 0);
	mlcap_diags_release(&d);
	expect_unchanged(path, before);
}

static void catalog_import_with_one_bad_row_writes_nothing(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512], text[1024];
	mlcap_catalog *c = fresh_catalog("atomic.db", path, sizeof(path), d);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_rows) / sizeof(bad_rows[0]); i++) {
		snprintf(text, sizeof(text), "%s%s%s\n%s", EXT_HEADER, GOOD_2,
			 bad_rows[i].row, GOOD_4);
		expect_import_fails(c, path, text, 3, bad_rows[i].message);
	}
	/* The two good rows alone go in. */
	snprintf(text, sizeof(text), "%s%s%s", EXT_HEADER, GOOD_2, GOOD_4);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"),
			 SEED_PRICES);
	{
		mlcap_import_report rep;
		assert_int_equal(import_text(c, "good.csv", text, &rep, d), 0);
		assert_int_equal(rep.imported, 2);
	}
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"),
			 SEED_PRICES + 2);
}

static void catalog_import_of_a_malformed_file_writes_nothing(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("malformed.db", path, sizeof(path), d);

	(void)state;
	expect_import_fails(c, path, "", 1, "no header row");
	expect_import_fails(c, path, "\n\n", 1, "no header row");
	expect_import_fails(c, path,
			    "provider,region,instance_type,purchase_option,"
			    "usd_per_hour,effective_from\n" GOOD_2,
			    1, "missing column 'source'");
	expect_import_fails(c, path, "provider,instance_type,source\naws,x,y\n",
			    1, "missing column 'vcpu'");
	expect_import_fails(c, path,
			    PRICE_HEADER GOOD_2
			    "aws,us-east-1,\"p5.48xlarge,on-demand,1,"
			    "2027-01-01,f\n" GOOD_4,
			    3, "unterminated quote");
}

static void catalog_conflicting_price_is_a_warning_and_not_written(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("conflict.db", path, sizeof(path), d);
	mlcap_import_report rep;
	mlcap_price_query q;
	const mlcap_diag *g;

	(void)state;
	assert_int_equal(
	    import_text(c, "conflict.csv",
			PRICE_HEADER
			"aws,us-east-1,p4d.24xlarge,on-demand,30,2023-09-18,f\n"
			"aws,us-east-1,p4d.24xlarge,on-demand,32.772600,"
			"2023-09-18,another source\n" GOOD_4,
			&rep, d),
	    0);
	assert_int_equal(rep.read, 3);
	assert_int_equal(rep.conflicts, 1);
	assert_int_equal(rep.unchanged, 1); /* same amount, other digits */
	assert_int_equal(rep.imported, 1);
	assert_int_equal(d->errors, 0);
	assert_int_equal(d->warnings, 1);
	g = get_diag(d, "catalog.conflict");
	assert_diag_at(g, MLCAP_WARNING, "conflict.csv", 2, 0);
	assert_string_equal(g->message,
			    "aws us-east-1 p4d.24xlarge on-demand on "
			    "2023-09-18: the catalog has 32.7726, this row "
			    "says 30; not written");
	assert_non_null(g->hint);
	p4d_query(&q, "2024-01-01");
	assert_int_equal(query(c, &q, d)->items[0].usd_nanos, 32772600000LL);
	assert_string_equal(query(c, &q, d)->items[0].usd_per_hour, "32.7726");
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"),
			 SEED_PRICES + 1);
}

static void catalog_duplicate_rows_in_one_file_are_stored_once(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("dups.db", path, sizeof(path), d);
	mlcap_import_report rep;

	(void)state;
	assert_int_equal(import_text(c, "dups.csv",
				     PRICE_HEADER GOOD_2 GOOD_2 GOOD_2, &rep,
				     d),
			 0);
	assert_int_equal(rep.read, 3);
	assert_int_equal(rep.imported, 1);
	assert_int_equal(rep.unchanged, 2);
	assert_int_equal(d->count, 0);
	/* The same key with two amounts: the first wins, with a warning. */
	assert_int_equal(
	    import_text(c, "dups2.csv",
			PRICE_HEADER
			"aws,us-east-1,p5.4xlarge,on-demand,7,2027-01-01,f\n"
			"aws,us-east-1,p5.4xlarge,on-demand,8,2027-01-01,f\n",
			&rep, d),
	    0);
	assert_int_equal(rep.imported, 1);
	assert_int_equal(rep.conflicts, 1);
	assert_diag_at(get_diag(d, "catalog.conflict"), MLCAP_WARNING,
		       "dups2.csv", 3, 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"),
			 SEED_PRICES + 2);
}

static void
catalog_import_creates_a_custom_type_described_in_the_row(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("custom.db", path, sizeof(path), d);
	mlcap_import_report rep;
	mlcap_price_query q;
	mlcap_price_list *l;
	const mlcap_price *p;

	(void)state;
	assert_int_equal(
	    import_text(c, "onprem.csv",
			"provider,region,instance_type,purchase_option,"
			"usd_per_hour,effective_from,source,family,category,"
			"vcpu,memory_mib,gpu_count,gpu_model,gpu_memory_mib,"
			"accelerator_count,accelerator_model,arch\n"
			"custom,onprem-dc1,dgx-a100,on-demand,12.5,2025-01-01,"
			"internal rate card,dgx,gpu,128,2097152,8,A100-80GB,"
			"81920,0,,x86_64\n"
			"custom,onprem-dc1,arm-box,reserved-3y,0.02,2025-01-01,"
			"internal rate card,,,8,16384,,,,,,arm64\n",
			&rep, d),
	    0);
	assert_int_equal(d->count, 0);
	assert_int_equal(rep.imported, 2);
	memset(&q, 0, sizeof(q));
	q.provider = "custom";
	q.gpu_model = "a100-80gb";
	l = query(c, &q, d);
	assert_int_equal(l->count, 1);
	p = &l->items[0];
	assert_string_equal(p->instance_type, "dgx-a100");
	assert_string_equal(p->region, "onprem-dc1");
	assert_string_equal(p->family, "dgx");
	assert_string_equal(p->category, "gpu");
	assert_string_equal(p->arch, "x86_64");
	assert_int_equal(p->vcpu, 128);
	assert_int_equal(p->memory_bytes, 2199023255552LL); /* 2 TiB */
	assert_int_equal(p->gpu_count, 8);
	assert_int_equal(p->gpu_memory_bytes, 85899345920LL); /* 80 GiB */
	assert_int_equal(p->usd_nanos, 12500000000LL);
	assert_string_equal(p->source, "internal rate card");
	/* Defaults: a family of its own, category custom, no GPU. */
	q.gpu_model = NULL;
	q.instance_type = "arm-box";
	l = query(c, &q, d);
	assert_int_equal(l->count, 1);
	p = &l->items[0];
	assert_string_equal(p->family, "arm-box");
	assert_string_equal(p->category, "custom");
	assert_string_equal(p->arch, "arm64");
	assert_int_equal(p->gpu_count, 0);
	assert_null(p->gpu_model);
	assert_int_equal(p->gpu_memory_bytes, 0);
	assert_string_equal(p->purchase_option, "reserved-3y");
	assert_int_equal(
	    sql_int(path, "SELECT count(*) FROM instance_types WHERE "
			  "provider = 'custom' AND source = 'internal rate "
			  "card'"),
	    2);
}

static void catalog_import_of_type_rows_adds_the_types(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("types.db", path, sizeof(path), d);
	mlcap_import_report rep;

	(void)state;
	assert_int_equal(import_text(c, "types.csv",
				     "provider,instance_type,vcpu,memory_mib,"
				     "source\ncustom,box1,4,8192,me\n",
				     &rep, d),
			 0);
	assert_int_equal(d->count, 0);
	assert_int_equal(sql_int(path, "SELECT memory_bytes FROM "
				       "instance_types WHERE name = 'box1'"),
			 8589934592LL);
	/* Prices for it can follow in a later file. */
	assert_int_equal(import_text(c, "p.csv",
				     PRICE_HEADER
				     "custom,dc1,box1,on-demand,0.1,2025-01-01,"
				     "me\n",
				     &rep, d),
			 0);
	assert_int_equal(rep.imported, 1);
}

static void catalog_import_stores_hostile_names_verbatim(void **state)
{
	static const char type[] = "x'); DROP TABLE prices;--";
	static const char region[] = "dc'1; --";
	static const char gpu[] = "A100' OR '1'='1";
	static const char source[] = "say \"hi\"; DELETE FROM instance_types;";
	static const char odd[] = "gpu\nnode-\xc3\xbc,%s%n";
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("hostile.db", path, sizeof(path), d);
	mlcap_import_report rep;
	mlcap_price_query q;
	mlcap_price_list *l;
	long long tables = sql_int(path, "SELECT count(*) FROM sqlite_master");

	(void)state;
	assert_int_equal(
	    import_text(c, "hostile.csv",
			"provider,region,instance_type,purchase_option,"
			"usd_per_hour,effective_from,source,category,vcpu,"
			"memory_mib,gpu_count,gpu_model\n"
			"custom,\"dc'1; --\",\"x'); DROP TABLE prices;--\","
			"on-demand,1.25,2025-01-01,\"say \"\"hi\"\"; DELETE "
			"FROM instance_types;\",custom,4,16384,1,"
			"\"A100' OR '1'='1\"\n"
			"custom,dc1,\"gpu\nnode-\xc3\xbc,%s%n\",on-demand,0.5,"
			"2025-01-01,me,,2,4096,,\n",
			&rep, d),
	    0);
	if (d->count)
		dump_diags(d);
	assert_int_equal(rep.imported, 2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_master"),
			 tables);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"),
			 SEED_PRICES + 2);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM instance_types"),
			 SEED_TYPES + 2);
	memset(&q, 0, sizeof(q));
	q.instance_type = type;
	l = query(c, &q, d);
	assert_int_equal(l->count, 1);
	assert_string_equal(l->items[0].instance_type, type);
	assert_string_equal(l->items[0].region, region);
	assert_string_equal(l->items[0].gpu_model, gpu);
	assert_string_equal(l->items[0].source, source);
	assert_string_equal(l->items[0].family, type);
	/* Filters are values, not SQL: an injected OR matches nothing. */
	memset(&q, 0, sizeof(q));
	q.gpu_model = gpu;
	assert_int_equal(query(c, &q, d)->count, 1);
	q.gpu_model = "x' OR '1'='1";
	assert_int_equal(query(c, &q, d)->count, 0);
	memset(&q, 0, sizeof(q));
	q.region = region;
	assert_int_equal(query(c, &q, d)->count, 1);
	memset(&q, 0, sizeof(q));
	q.instance_type = odd;
	l = query(c, &q, d);
	assert_int_equal(l->count, 1);
	assert_string_equal(l->items[0].instance_type, odd);
}

/* ---- import bugs reported, not yet fixed ---- */

static void catalog_import_names_a_missing_price_column(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("col.db", path, sizeof(path), d);

	(void)state;
	expect_import_fails(c, path,
			    "provider,region,instance_type,purchase_option,"
			    "price,effective_from,source\n"
			    "aws,us-east-1,p5.48xlarge,on-demand,1,"
			    "2027-01-01,f\n",
			    1, "missing column 'usd_per_hour'");
}

static void catalog_import_refuses_impossible_dates(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("date.db", path, sizeof(path), d);

	(void)state;
	expect_import_fails(c, path,
			    PRICE_HEADER GOOD_2 "aws,us-east-1,p5.48xlarge,"
						"on-demand,1,2024-13-31,f\n",
			    3, "'2024-13-31' is not a date");
	expect_import_fails(c, path,
			    PRICE_HEADER GOOD_2 "aws,us-east-1,p5.48xlarge,"
						"on-demand,1,2023-02-29,f\n",
			    3, "'2023-02-29' is not a date");
	expect_import_fails(c, path,
			    PRICE_HEADER GOOD_2 "aws,us-east-1,p5.48xlarge,"
						"on-demand,1,2024-01-01xyz,f\n",
			    3, "'2024-01-01xyz' is not a date");
}

static void catalog_import_names_the_allowed_values(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("enum.db", path, sizeof(path), d);

	(void)state;
	expect_import_fails(c, path,
			    EXT_HEADER GOOD_2 P5 "ondemand,1,2027-01-01,f,,,\n",
			    3, "unknown purchase option 'ondemand'");
	expect_import_fails(c, path,
			    EXT_HEADER GOOD_2 "custom,dc1,box,on-demand,1,"
					      "2027-01-01,me,gpuz,4,1024\n",
			    3, "unknown category 'gpuz'");
}

static void catalog_import_refuses_memory_past_int64_bytes(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("mem.db", path, sizeof(path), d);

	(void)state;
	expect_import_fails(c, path,
			    EXT_HEADER GOOD_2 "custom,dc1,box,on-demand,1,"
					      "2027-01-01,me,custom,4,"
					      "17592186044417\n",
			    3, "memory_mib");
}

/* ---- other processes ---- */

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * Forks a process that opens `path`, runs `sql` (which begins a
 * transaction), holds it for `ms` milliseconds and commits. Returns once
 * the transaction is open; reap() waits for the process.
 */
/* This test program's path, to run it again as a lock holder. */
static const char *self_path;

/*
 * The lock holder: another process (this program run with --hold-lock)
 * that opens `path`, runs `sql`, reports on `fd`, waits `ms` and commits.
 * It is exec'd rather than forked, so under valgrind it runs natively and
 * its exit does not count the test's own heap as its leaks.
 */
static int lock_holder(const char *path, const char *sql, long ms, int fd)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
	sqlite3 *db = NULL;
	int ok = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) ==
		 SQLITE_OK;

	/* The commit needs the readers gone: wait for them. */
	sqlite3_busy_timeout(db, 30000);
	ok = ok && sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
	if (write(fd, ok ? "y" : "n", 1) != 1)
		ok = 0;
	nanosleep(&t, NULL);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		ok = 0;
	sqlite3_close(db);
	return ok ? 0 : 1;
}

static pid_t hold_lock(const char *path, const char *sql, long ms)
{
	int fds[2];
	char ch = 0, fd_text[16], ms_text[24];
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	snprintf(fd_text, sizeof(fd_text), "%d", fds[1]);
	snprintf(ms_text, sizeof(ms_text), "%ld", ms);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		execl(self_path, self_path, "--hold-lock", path, sql, ms_text,
		      fd_text, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &ch, 1), 1);
	close(fds[0]);
	assert_int_equal(ch, 'y');
	return pid;
}

static void reap(pid_t pid)
{
	int status = 0;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- opening ---- */

/* Opening `path` fails with MLCAP_EDB and one error with `rule`. */
static const mlcap_diag *expect_open_fails(const char *path, unsigned flags,
					   const char *rule, mlcap_diags *d)
{
	mlcap_catalog *c = (mlcap_catalog *)&c;
	const mlcap_diag *g;

	assert_int_equal(mlcap_catalog_open(&c, path, flags, d), MLCAP_EDB);
	assert_null(c);
	assert_int_equal(d->errors, 1);
	g = get_diag(d, rule);
	assert_int_equal(g->severity, MLCAP_ERROR);
	assert_string_equal(g->file, path);
	assert_non_null(g->hint);
	return g;
}

static void catalog_open_of_a_missing_file_is_catalog_open(void **state)
{
	char path[512];
	const mlcap_diag *g;

	(void)state;
	tmp_path(path, sizeof(path), "missing.db");
	g = expect_open_fails(path, 0, "catalog.open", test_diags(0));
	assert_non_null(strstr(g->message, "cannot open price catalog"));
	assert_non_null(strstr(g->message, "missing.db"));
	/* Reading never creates the file. */
	assert_int_equal(access(path, F_OK), -1);
	tmp_path(path, sizeof(path), "no/such/dir/prices.db");
	expect_open_fails(path, MLCAP_CATALOG_WRITE, "catalog.open",
			  test_diags(1));
}

static void catalog_open_of_a_non_database_is_catalog_corrupt(void **state)
{
	char path[512], text[4096];
	const mlcap_diag *g;
	size_t i;

	(void)state;
	for (i = 0; i + 1 < sizeof(text); i++)
		text[i] = "provider,region\naws,us-east-1\n"[i % 30];
	tmp_path(path, sizeof(path), "not-a-db.csv");
	spit(path, text, sizeof(text) - 1);
	g = expect_open_fails(path, 0, "catalog.corrupt", test_diags(0));
	assert_non_null(strstr(g->message, "is not a price catalog"));
	assert_non_null(strstr(g->message, "file is not a database"));
	expect_open_fails(path, MLCAP_CATALOG_WRITE, "catalog.corrupt",
			  test_diags(1));
	/* A truncated catalog: the header survives, the pages do not. */
	tmp_path(path, sizeof(path), "truncated.db");
	{
		size_t len;
		char *db = slurp(seed_db, &len);
		memset(db + 100, 0xa5, 3000);
		spit(path, db, 4096);
		buf_free(db);
	}
	expect_open_fails(path, 0, "catalog.corrupt", test_diags(2));
}

static void catalog_open_of_a_newer_schema_is_catalog_version(void **state)
{
	char path[512], sql[64], want[80];
	const mlcap_diag *g;
	sqlite3 *db;

	(void)state;
	tmp_path(path, sizeof(path), "newer.db");
	remove(path);
	copy_file(seed_db, path);
	db = raw_open(path, SQLITE_OPEN_READWRITE);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		 MLCAP_CATALOG_SCHEMA_VERSION + 1);
	raw_exec(db, sql);
	raw_close(db);
	g = expect_open_fails(path, 0, "catalog.version", test_diags(0));
	snprintf(want, sizeof(want),
		 "has schema version %d; this mlcap reads up to %d",
		 MLCAP_CATALOG_SCHEMA_VERSION + 1,
		 MLCAP_CATALOG_SCHEMA_VERSION);
	assert_non_null(strstr(g->message, want));
	/* Not for writing either: an import could not know its tables. */
	expect_open_fails(path, MLCAP_CATALOG_WRITE, "catalog.version",
			  test_diags(1));
}

/* PRAGMA table_info of `table` in one string, to compare schemas. */
static void table_shape(const char *path, const char *table, char *out,
			size_t n)
{
	sqlite3 *db = raw_open(path, SQLITE_OPEN_READONLY);
	sqlite3_stmt *st = NULL;
	size_t len = 0;

	out[0] = '\0';
	if (sqlite3_prepare_v2(db,
			       "SELECT name, type, \"notnull\", pk FROM "
			       "pragma_table_info(?1) ORDER BY cid",
			       -1, &st, NULL) != SQLITE_OK)
		fail_msg("table_info: %s", sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && len < n)
		len += (size_t)snprintf(
		    out + len, n - len, "%s %s %d %d;",
		    (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    sqlite3_column_int(st, 2), sqlite3_column_int(st, 3));
	sqlite3_finalize(st);
	raw_close(db);
}

/* A copy of the seeded catalog as schema version 1 left it. */
static void make_version_1(const char *name, char *path, size_t n)
{
	sqlite3 *db;

	tmp_path(path, n, name);
	remove(path);
	copy_file(seed_db, path);
	db = raw_open(path, SQLITE_OPEN_READWRITE);
	raw_exec(db, "DROP TABLE resource_rates; DROP TABLE catalog_meta; "
		     "PRAGMA user_version = 1");
	raw_close(db);
}

static void catalog_open_migrates_a_version_1_catalog(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512], want[1024], got[1024];
	mlcap_catalog *c;
	mlcap_price_query q;

	(void)state;
	assert_int_equal(MLCAP_CATALOG_SCHEMA_VERSION, 3);
	make_version_1("v1.db", path, sizeof(path));
	c = open_ok(path, 0, d);
	assert_int_equal(mlcap_catalog_version(c), 3);
	assert_int_equal(d->count, 0);
	assert_int_equal(sql_int(path, "PRAGMA user_version"), 3);
	table_shape(seed_db, "resource_rates", want, sizeof(want));
	table_shape(path, "resource_rates", got, sizeof(got));
	assert_true(want[0] != '\0');
	assert_string_equal(got, want);
	table_shape(seed_db, "catalog_meta", want, sizeof(want));
	table_shape(path, "catalog_meta", got, sizeof(got));
	assert_true(want[0] != '\0');
	assert_string_equal(got, want);
	/* No seed recorded before version 3. */
	assert_int_equal(sql_int(path, "SELECT count(*) FROM catalog_meta"), 0);
	/* Its prices are untouched. */
	p4d_query(&q, "2024-01-01");
	assert_int_equal(query(c, &q, d)->items[0].usd_nanos, 32772600000LL);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"),
			 SEED_PRICES);
}

static void
catalog_two_openers_of_a_version_1_catalog_migrate_once(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = NULL;
	pid_t pid;
	int rc;

	(void)state;
	make_version_1("v1-race.db", path, sizeof(path));
	/* Another mlcap is migrating it right now. */
	pid = hold_lock(path,
			"BEGIN IMMEDIATE; CREATE TABLE resource_rates(x); "
			"PRAGMA user_version = 2",
			500);
	rc = mlcap_catalog_open(&c, path, 0, d);
	reap(pid);
	if (rc != 0)
		dump_diags(d);
	mlcap_catalog_free(c);
	assert_int_equal(rc, 0);
	assert_int_equal(d->count, 0);
}

static void catalog_open_of_an_empty_database_is_catalog_empty(void **state)
{
	char path[512];
	const mlcap_diag *g;
	sqlite3 *db;
	mlcap_diags *d = test_diags(1);
	mlcap_catalog *c;

	(void)state;
	tmp_path(path, sizeof(path), "empty.db");
	spit(path, "", 0);
	g = expect_open_fails(path, 0, "catalog.empty", test_diags(0));
	assert_non_null(strstr(g->message, "is empty"));
	/* For writing it is version 0, ready for mlcap_catalog_create. */
	c = open_ok(path, MLCAP_CATALOG_WRITE, d);
	assert_int_equal(mlcap_catalog_version(c), 0);
	assert_int_equal(d->count, 0);
	close_cat(c);
	/* Some other SQLite database is "empty" too: version 0. */
	tmp_path(path, sizeof(path), "other.db");
	remove(path);
	db = raw_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	raw_exec(db, "CREATE TABLE t(x)");
	raw_close(db);
	expect_open_fails(path, 0, "catalog.empty", test_diags(2));
}

static void catalog_import_into_a_read_only_catalog_fails(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c;
	mlcap_import_report rep;

	(void)state;
	tmp_path(path, sizeof(path), "ro.db");
	remove(path);
	copy_file(seed_db, path);
	c = open_ok(path, 0, d);
	assert_int_equal(import_text(c, "fixture.csv", FIXTURE, &rep, d),
			 MLCAP_EDB);
	assert_int_equal(rep.imported, 0);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"),
			 SEED_PRICES);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM imports"), 0);
	assert_int_equal(d->errors, 1);
	assert_int_equal(count_rule(d, "catalog.row"), 0);
}

/* ---- locks ---- */

static void catalog_reader_waits_for_a_writer_to_finish(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c;
	mlcap_price_query q;
	double t0;
	pid_t pid;

	(void)state;
	tmp_path(path, sizeof(path), "busy.db");
	remove(path);
	copy_file(seed_db, path);
	/* Another process holds the write lock for 0.5 s. */
	pid = hold_lock(path, "BEGIN EXCLUSIVE", 500);
	t0 = now();
	c = open_ok(path, 0, d);
	p4d_query(&q, NULL);
	assert_int_equal(query(c, &q, d)->count, 1);
	/* It waited (busy_timeout) rather than failing at once. */
	assert_true(now() - t0 > 0.2);
	reap(pid);
}

static void
catalog_import_on_a_locked_catalog_fails_and_writes_nothing(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = fresh_catalog("locked.db", path, sizeof(path), d);
	mlcap_import_report rep;
	sqlite3 *other;
	const mlcap_diag *g;
	double t0, waited;
	int rc;

	(void)state;
	/* Another importer is in the middle of its transaction. */
	other = raw_open(path, SQLITE_OPEN_READWRITE);
	raw_exec(other, "BEGIN EXCLUSIVE");
	raw_exec(other, "DELETE FROM imports");
	t0 = now();
	rc = import_text(c, "fixture.csv", FIXTURE, &rep, d);
	waited = now() - t0;
	raw_exec(other, "ROLLBACK");
	raw_close(other);
	assert_int_equal(rc, MLCAP_EDB);
	assert_true(waited > 4.5); /* the 5 s busy timeout */
	assert_int_equal(rep.imported, 0);
	g = get_diag(d, "catalog.db");
	assert_non_null(strstr(g->message, "locked"));
	assert_string_equal(g->file, path);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"),
			 SEED_PRICES);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM imports"), 0);
	/* Once the other side is done, the same import goes through. */
	mlcap_diags_release(d);
	assert_int_equal(import_text(c, "fixture.csv", FIXTURE, &rep, d), 0);
	assert_int_equal(rep.imported, 3);
}

static void catalog_open_of_a_locked_catalog_says_locked(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512];
	mlcap_catalog *c = NULL;
	sqlite3 *other;
	const mlcap_diag *g;
	int rc;

	(void)state;
	tmp_path(path, sizeof(path), "locked-open.db");
	remove(path);
	copy_file(seed_db, path);
	other = raw_open(path, SQLITE_OPEN_READWRITE);
	raw_exec(other, "BEGIN EXCLUSIVE");
	raw_exec(other, "DELETE FROM imports");
	rc = mlcap_catalog_open(&c, path, 0, d);
	raw_exec(other, "ROLLBACK");
	raw_close(other);
	mlcap_catalog_free(c);
	assert_int_equal(rc, MLCAP_EDB);
	assert_int_equal(count_rule(d, "catalog.corrupt"), 0);
	g = get_diag(d, "catalog.locked");
	assert_non_null(strstr(g->message, "locked"));
}

/* ---- creation ---- */

/*
 * Copies pricing/seed to tmp_dir/`name`, replacing `from` with `to` in
 * the table `file` (`from` must occur). `skip` names a table not copied.
 */
static void copy_seed(const char *name, const char *file, const char *from,
		      const char *to, const char *skip, char *dir, size_t n)
{
	static const char *const tables[] = {"instance_types.csv", "prices.csv",
					     "attached_accelerators.csv",
					     "control_plane.csv"};
	char src[512], dst[512];
	size_t i;

	tmp_path(dir, n, name);
	assert_true(mkdir(dir, 0755) == 0 || access(dir, F_OK) == 0);
	for (i = 0; i < 4; i++) {
		size_t len;
		char *text, *at;

		snprintf(dst, sizeof(dst), "%s/%s", dir, tables[i]);
		remove(dst);
		if (skip && strcmp(tables[i], skip) == 0)
			continue;
		snprintf(src, sizeof(src), "%s/%s", SEED_DIR, tables[i]);
		text = slurp(src, &len);
		if (file && strcmp(tables[i], file) == 0) {
			FILE *f = fopen(dst, "wb");
			assert_non_null(at = strstr(text, from));
			assert_non_null(f);
			fwrite(text, 1, (size_t)(at - text), f);
			fputs(to, f);
			fputs(at + strlen(from), f);
			assert_int_equal(fclose(f), 0);
		} else {
			spit(dst, text, len);
		}
		buf_free(text);
	}
}

/* After a failed create the file holds no table and version 0. */
static void expect_nothing_created(const char *path)
{
	assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_master"),
			 0);
	assert_int_equal(sql_int(path, "PRAGMA user_version"), 0);
}

/*
 * Finds `text` in seed table `file`: returns the 1-based number of its
 * line and, when `out` is not NULL, copies the whole line (with its
 * newline) there.
 */
static unsigned seed_line(const char *file, const char *text, char *out,
			  size_t n)
{
	char path[512];
	char *buf, *at, *start, *end;
	unsigned line = 1;

	snprintf(path, sizeof(path), "%s/%s", SEED_DIR, file);
	buf = slurp(path, NULL);
	assert_non_null(at = strstr(buf, text));
	for (start = at; start > buf && start[-1] != '\n'; start--)
		;
	for (end = start; end > buf; end--)
		line += end[-1] == '\n';
	if (out) {
		assert_non_null(end = strchr(at, '\n'));
		assert_true((size_t)(end + 1 - start) < n);
		memcpy(out, start, (size_t)(end + 1 - start));
		out[end + 1 - start] = '\0';
	}
	buf_free(buf);
	return line;
}

/* The catalog at `path` must record seed fingerprint `fp`. */
static void expect_seeded_from(const char *path, const char *fp)
{
	char sql[128];

	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM catalog_meta WHERE key = 'seed' AND "
		 "value = '%s'",
		 fp);
	assert_int_equal(sql_int(path, sql), 1);
}

static void catalog_seed_fingerprint_follows_every_byte(void **state)
{
	mlcap_diags *d = test_diags(1);
	char dir[512], a[MLCAP_SEED_FINGERPRINT_SIZE],
	    b[MLCAP_SEED_FINGERPRINT_SIZE], c[MLCAP_SEED_FINGERPRINT_SIZE];

	(void)state;
	assert_int_equal(mlcap_catalog_seed_fingerprint(SEED_DIR, a, d), 0);
	assert_int_equal(strlen(a), 16);
	assert_int_equal(strspn(a, "0123456789abcdef"), 16);
	copy_seed("seed-same", NULL, NULL, NULL, NULL, dir, sizeof(dir));
	assert_int_equal(mlcap_catalog_seed_fingerprint(dir, b, d), 0);
	assert_string_equal(a, b);
	/* One digit of one fee. */
	copy_seed("seed-fee", "control_plane.csv", "eks-standard-support,0.10,",
		  "eks-standard-support,0.11,", NULL, dir, sizeof(dir));
	assert_int_equal(mlcap_catalog_seed_fingerprint(dir, c, d), 0);
	assert_string_not_equal(a, c);
	assert_int_equal(d->count, 0);
	copy_seed("seed-gone", NULL, NULL, NULL, "control_plane.csv", dir,
		  sizeof(dir));
	assert_int_equal(mlcap_catalog_seed_fingerprint(dir, c, d), MLCAP_EIO);
	assert_non_null(strstr(get_diag(d, "io")->message, "control_plane"));
}

static void catalog_update_seed_adds_what_a_newer_seed_brings(void **state)
{
	mlcap_diags *d = test_diags(0);
	char dir[512], db[512], line[1024], old_fp[MLCAP_SEED_FINGERPRINT_SIZE],
	    new_fp[MLCAP_SEED_FINGERPRINT_SIZE];
	mlcap_import_report rep;
	mlcap_catalog *c;
	mlcap_price_query q;
	size_t added = 99;

	(void)state;
	/* An older seed: the same tables less one price. */
	seed_line("prices.csv", "aws,us-east-1,p4d.24xlarge,on-demand,32.7726,",
		  line, sizeof(line));
	copy_seed("seed-older", "prices.csv", line, "", NULL, dir, sizeof(dir));
	tmp_path(db, sizeof(db), "follow.db");
	remove(db);
	assert_int_equal(build(db, dir, d), 0);
	assert_int_equal(mlcap_catalog_seed_fingerprint(dir, old_fp, d), 0);
	assert_int_equal(mlcap_catalog_seed_fingerprint(SEED_DIR, new_fp, d),
			 0);
	assert_string_not_equal(old_fp, new_fp);
	expect_seeded_from(db, old_fp);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM prices"),
			 SEED_PRICES - 1);
	/* The user's own prices, imported since. */
	c = open_ok(db, MLCAP_CATALOG_WRITE, d);
	assert_int_equal(import_text(c, "mine.csv", FIXTURE, &rep, d), 0);
	assert_int_equal(rep.imported, 3);

	assert_int_equal(mlcap_catalog_update_seed(c, SEED_DIR, &added, d), 0);
	assert_int_equal(added, 1);
	assert_int_equal(d->count, 0);
	expect_seeded_from(db, new_fp);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM prices"),
			 SEED_PRICES + 3);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM instance_types"),
			 SEED_TYPES);
	p4d_query(&q, "2024-01-01");
	assert_int_equal(query(c, &q, d)->items[0].usd_nanos, 32772600000LL);
	/* The same seed again: nothing to do. */
	assert_int_equal(mlcap_catalog_update_seed(c, SEED_DIR, &added, d), 0);
	assert_int_equal(added, 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM prices"),
			 SEED_PRICES + 3);
}

static void catalog_update_seed_keeps_a_price_the_catalog_holds(void **state)
{
	mlcap_diags *d = test_diags(1);
	char dir[512], db[512];
	mlcap_catalog *c;
	mlcap_price_query q;
	const mlcap_diag *g;
	size_t added = 99;

	(void)state;
	copy_seed("seed-other", "prices.csv",
		  "aws,us-east-1,p4d.24xlarge,on-demand,32.7726,",
		  "aws,us-east-1,p4d.24xlarge,on-demand,32.7727,", NULL, dir,
		  sizeof(dir));
	tmp_path(db, sizeof(db), "keep.db");
	remove(db);
	assert_int_equal(build(db, dir, d), 0);
	c = open_ok(db, MLCAP_CATALOG_WRITE, d);
	assert_int_equal(mlcap_catalog_update_seed(c, SEED_DIR, &added, d), 0);
	assert_int_equal(added, 0);
	g = get_diag(d, "catalog.conflict");
	assert_int_equal(g->severity, MLCAP_WARNING);
	assert_non_null(strstr(g->message, "the catalog has 32.7727, this row "
					   "says 32.7726; not written"));
	assert_int_equal(d->errors, 0);
	p4d_query(&q, "2024-01-01");
	assert_int_equal(query(c, &q, d)->items[0].usd_nanos, 32772700000LL);
}

static void catalog_update_seed_records_an_older_catalog(void **state)
{
	mlcap_diags *d = test_diags(0);
	char path[512], fp[MLCAP_SEED_FINGERPRINT_SIZE];
	mlcap_catalog *c;
	size_t added = 99;

	(void)state;
	/* Built by an mlcap that recorded no seed, from this very seed. */
	make_version_1("v2-seed.db", path, sizeof(path));
	c = open_ok(path, MLCAP_CATALOG_WRITE, d);
	assert_int_equal(mlcap_catalog_update_seed(c, SEED_DIR, &added, d), 0);
	assert_int_equal(added, 0);
	assert_int_equal(d->count, 0);
	assert_int_equal(mlcap_catalog_seed_fingerprint(SEED_DIR, fp, d), 0);
	expect_seeded_from(path, fp);
	assert_int_equal(sql_int(path, "SELECT count(*) FROM prices"),
			 SEED_PRICES);
}

static void catalog_create_with_a_bad_seed_row_writes_nothing(void **state)
{
	mlcap_diags *d = test_diags(0);
	char dir[512], db[512], file[600];
	const mlcap_diag *g;

	(void)state;
	copy_seed("seed-bad", "prices.csv",
		  "aws,us-east-1,p4d.24xlarge,on-demand,32.7726,",
		  "aws,us-east-1,p4d.24xlarge,on-demand,32.77.26,", NULL, dir,
		  sizeof(dir));
	tmp_path(db, sizeof(db), "seed-bad.db");
	remove(db);
	assert_int_equal(build(db, dir, d), MLCAP_EDB);
	snprintf(file, sizeof(file), "%s/prices.csv", dir);
	g = get_diag(d, "catalog.row");
	assert_diag_at(g, MLCAP_ERROR, file,
		       seed_line("prices.csv",
				 "aws,us-east-1,p4d.24xlarge,on-demand,"
				 "32.7726,",
				 NULL, 0),
		       0);
	assert_string_equal(g->message, "price '32.77.26' is not a number");
	assert_int_equal(d->errors, 1);
	expect_nothing_created(db);
}

static void catalog_create_with_a_bad_type_or_fee_writes_nothing(void **state)
{
	mlcap_diags *d = test_diags(0);
	char dir[512], db[512];

	(void)state;
	copy_seed("seed-badtype", "instance_types.csv",
		  "aws,c5.12xlarge,c5,compute,48,",
		  "aws,c5.12xlarge,c5,compute,forty-eight,", NULL, dir,
		  sizeof(dir));
	tmp_path(db, sizeof(db), "seed-badtype.db");
	remove(db);
	assert_int_equal(build(db, dir, d), MLCAP_EDB);
	assert_non_null(strstr(get_diag(d, "catalog.row")->message,
			       "vcpu 'forty-eight' is not a whole number"));
	expect_nothing_created(db);

	d = test_diags(1);
	copy_seed("seed-badfee", "control_plane.csv",
		  "eks-standard-support,0.10,", "eks-standard-support,-0.10,",
		  NULL, dir, sizeof(dir));
	tmp_path(db, sizeof(db), "seed-badfee.db");
	remove(db);
	assert_int_equal(build(db, dir, d), MLCAP_EDB);
	assert_non_null(
	    strstr(get_diag(d, "catalog.row")->message, "bad price '-0.10'"));
	expect_nothing_created(db);
}

static void
catalog_create_with_a_duplicate_seed_row_writes_nothing(void **state)
{
	mlcap_diags *d = test_diags(0);
	char dir[512], db[512], file[600];
	static const char row[] =
	    "aws,us-east-1,c5.12xlarge,on-demand,2.04,2026-02-09,"
	    "github.com/aws/karpenter-provider-aws@"
	    "265ee0ba5b8e337dec6b82dde965b03021ccb418:pkg/providers/pricing/"
	    "zz_generated.pricing_aws.go\n";
	char twice[sizeof(row) * 2];

	(void)state;
	snprintf(twice, sizeof(twice), "%s%s", row, row);
	copy_seed("seed-dup", "prices.csv", row, twice, NULL, dir, sizeof(dir));
	tmp_path(db, sizeof(db), "seed-dup.db");
	remove(db);
	assert_int_equal(build(db, dir, d), MLCAP_EDB);
	snprintf(file, sizeof(file), "%s/prices.csv", dir);
	assert_diag_at(get_diag(d, "catalog.row"), MLCAP_ERROR, file, 3, 0);
	assert_string_equal(get_diag(d, "catalog.row")->message,
			    "duplicate price for aws us-east-1 c5.12xlarge "
			    "on-demand on 2026-02-09");
	expect_nothing_created(db);
}

static void
catalog_create_with_a_missing_seed_table_writes_nothing(void **state)
{
	mlcap_diags *d = test_diags(0);
	char dir[512], db[512];

	(void)state;
	copy_seed("seed-missing", NULL, NULL, NULL, "control_plane.csv", dir,
		  sizeof(dir));
	tmp_path(db, sizeof(db), "seed-missing.db");
	remove(db);
	assert_int_equal(build(db, dir, d), MLCAP_EIO);
	assert_non_null(
	    strstr(get_diag(d, "io")->message, "control_plane.csv"));
	expect_nothing_created(db);
}

/* ---- a type with no price where it was asked for ---- */

/* mlcap_catalog_suggest into `out` (arena `ar`), which must succeed. */
static int suggest(const char *provider, const char *type, const char *region,
		   const char **out, mlcap_arena *ar)
{
	mlcap_diags *d = test_diags(7);
	mlcap_catalog *c = open_ok(seed_db, 0, d);
	int n = mlcap_catalog_suggest(c, provider, type, region, out, 5, ar, d);

	close_cat(c);
	assert_true(n >= 0);
	assert_int_equal(d->count, 0);
	return n;
}

static void catalog_suggests_other_regions_of_a_known_type(void **state)
{
	mlcap_arena ar = MLCAP_ARENA_INIT;
	const char *near[5];
	int n;

	(void)state;
	/* p5 is not offered in eu-west-1 (SOURCES.md, S3). */
	n = suggest("aws", "p5.48xlarge", "eu-west-1", near, &ar);
	assert_int_equal(n, 2);
	assert_string_equal(near[0], "p5.48xlarge in us-east-1");
	assert_string_equal(near[1], "p5.48xlarge in us-west-2");
	mlcap_arena_release(&ar);
}

static void catalog_suggests_the_closest_names_of_an_unknown_type(void **state)
{
	mlcap_arena ar = MLCAP_ARENA_INIT;
	const char *near[5];
	int n;

	(void)state;
	n = suggest(NULL, "p4d.24xlarg", NULL, near, &ar);
	assert_int_equal(n, 5);
	assert_string_equal(near[0], "p4d.24xlarge");  /* 1 edit */
	assert_string_equal(near[1], "p4de.24xlarge"); /* 2 edits */
	/* Within a region, only names priced there. */
	n = suggest("gcp", "a2-highgpu-3g", "us-central1", near, &ar);
	assert_true(n >= 2);
	assert_string_equal(near[0], "a2-highgpu-1g");
	assert_string_equal(near[1], "a2-highgpu-2g");
	/* Nothing close: no suggestion rather than a far one. */
	assert_int_equal(suggest(NULL, "nosuchtype", NULL, near, &ar), 0);
	/* Hostile text is a value like any other. */
	assert_int_equal(
	    suggest("aws'--", "x'); DROP TABLE prices;--", NULL, near, &ar), 0);
	mlcap_arena_release(&ar);
}

static void catalog_suggestions_ignore_case(void **state)
{
	mlcap_arena ar = MLCAP_ARENA_INIT;
	const char *near[5];
	int n;

	(void)state;
	n = suggest(NULL, "P4D.24XLARGE", NULL, near, &ar);
	mlcap_arena_release(&ar);
	assert_true(n >= 1);
}

int main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "--hold-lock") == 0)
		return lock_holder(argv[2], argv[3], strtol(argv[4], NULL, 10),
				   (int)strtol(argv[5], NULL, 10));
	self_path = argv[0];
	const struct CMUnitTest tests[] = {
	    cat_case(seed_rows_all_have_a_documented_source_and_date),
	    cat_case(catalog_holds_every_seed_row_with_its_source),
	    cat_case(catalog_price_in_force_is_the_latest_not_after_the_date),
	    cat_case(catalog_has_no_price_before_the_first_date),
	    cat_case(catalog_history_lists_every_dated_price),
	    cat_case(catalog_gpu_filter_ignores_case),
	    cat_case(catalog_filters_by_provider_region_and_purchase),
	    cat_case(catalog_min_gpus_keeps_only_bigger_machines),
	    cat_case(catalog_import_adds_dated_prices_and_reports_them),
	    cat_case(catalog_import_twice_changes_nothing_the_second_time),
	    cat_case(catalog_import_with_one_bad_row_writes_nothing),
	    cat_case(catalog_import_of_a_malformed_file_writes_nothing),
	    cat_case(catalog_conflicting_price_is_a_warning_and_not_written),
	    cat_case(catalog_duplicate_rows_in_one_file_are_stored_once),
	    cat_case(catalog_import_creates_a_custom_type_described_in_the_row),
	    cat_case(catalog_import_of_type_rows_adds_the_types),
	    cat_case(catalog_import_stores_hostile_names_verbatim),
	    cat_case(catalog_import_names_a_missing_price_column),
	    cat_case(catalog_import_refuses_impossible_dates),
	    cat_case(catalog_import_names_the_allowed_values),
	    cat_case(catalog_import_refuses_memory_past_int64_bytes),
	    cat_case(catalog_open_of_a_missing_file_is_catalog_open),
	    cat_case(catalog_open_of_a_non_database_is_catalog_corrupt),
	    cat_case(catalog_open_of_a_newer_schema_is_catalog_version),
	    cat_case(catalog_open_migrates_a_version_1_catalog),
	    cat_case(catalog_two_openers_of_a_version_1_catalog_migrate_once),
	    cat_case(catalog_open_of_an_empty_database_is_catalog_empty),
	    cat_case(catalog_import_into_a_read_only_catalog_fails),
	    cat_case(catalog_reader_waits_for_a_writer_to_finish),
	    cat_case(
		catalog_import_on_a_locked_catalog_fails_and_writes_nothing),
	    cat_case(catalog_open_of_a_locked_catalog_says_locked),
	    cat_case(catalog_create_with_a_bad_seed_row_writes_nothing),
	    cat_case(catalog_seed_fingerprint_follows_every_byte),
	    cat_case(catalog_update_seed_adds_what_a_newer_seed_brings),
	    cat_case(catalog_update_seed_keeps_a_price_the_catalog_holds),
	    cat_case(catalog_update_seed_records_an_older_catalog),
	    cat_case(catalog_create_with_a_bad_type_or_fee_writes_nothing),
	    cat_case(catalog_create_with_a_duplicate_seed_row_writes_nothing),
	    cat_case(catalog_create_with_a_missing_seed_table_writes_nothing),
	    cat_case(catalog_suggests_other_regions_of_a_known_type),
	    cat_case(catalog_suggests_the_closest_names_of_an_unknown_type),
	    cat_case(catalog_suggestions_ignore_case),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
