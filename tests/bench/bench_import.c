/*
 * bench_import.c - the catalog benchmarks: `mlcap pricing import` of an
 * AWS offer CSV against the sqlite3 shell's `.import` of the same rows
 * into the same table, measured in the same run (medians), then loading
 * all prices of one provider and region from the filled catalog, in
 * process. Usage: bench_import [-r RUNS] [-f FORMAT] MLCAP SCHEMA.sql
 * OFFER.csv ROWS.csv SCRATCH_DIR. Prints figures; always exits 0 once
 * measured (benchmarks never fail a build).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "mlcap/mlcap.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs argv with stdout to /dev/null; returns seconds, or -1 on failure. */
static double run(char *const argv[], const char *stdin_path)
{
	double t0 = now();
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		FILE *null = freopen("/dev/null", "w", stdout);
		(void)null;
		if (stdin_path && !freopen(stdin_path, "r", stdin))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	return now() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	const char *format = "aws-csv";
	int runs = 3, i, opt;
	double mine[16], theirs[16], load[32];
	char db_a[4096], db_b[4096], import_cmd[4200];
	const char *mlcap, *schema, *offer, *rows, *dir;

	while ((opt = getopt(argc, argv, "r:f:")) != -1) {
		if (opt == 'r')
			runs = atoi(optarg) > 0 && atoi(optarg) <= 16
				   ? atoi(optarg)
				   : 3;
		else if (opt == 'f')
			format = optarg;
		else
			return 2;
	}
	if (argc - optind != 5) {
		fprintf(stderr, "usage: bench_import [-r RUNS] [-f FORMAT] "
				"MLCAP SCHEMA.sql OFFER.csv ROWS.csv DIR\n");
		return 2;
	}
	mlcap = argv[optind];
	schema = argv[optind + 1];
	offer = argv[optind + 2];
	rows = argv[optind + 3];
	dir = argv[optind + 4];
	snprintf(db_a, sizeof(db_a), "%s/bench-mlcap.db", dir);
	snprintf(db_b, sizeof(db_b), "%s/bench-sqlite.db", dir);
	snprintf(import_cmd, sizeof(import_cmd),
		 ".import --csv --skip 1 %s prices", rows);

	for (i = 0; i < runs; i++) {
		char *build[] = {(char *)mlcap, "pricing", "build",
				 "--out",	db_a,	   NULL};
		char *imp[] = {(char *)mlcap, "pricing",  "import",
			       (char *)offer, "--format", (char *)format,
			       "--prices",    db_a,	  NULL};
		char *create[] = {"sqlite3", db_b, NULL};
		char *shell[] = {"sqlite3", db_b, import_cmd, NULL};

		unlink(db_a);
		unlink(db_b);
		/* Both start from an empty schema (mlcap's also seeded). */
		if (run(build, NULL) < 0 || run(create, schema) < 0) {
			fprintf(stderr, "bench_import: set-up failed\n");
			return 1;
		}
		mine[i] = run(imp, NULL);
		theirs[i] = run(shell, NULL);
		if (mine[i] < 0 || theirs[i] < 0) {
			fprintf(stderr,
				"bench_import: an import failed "
				"(is sqlite3 installed? format %s?)\n",
				format);
			return 1;
		}
	}
	/* Catalog load for planning: one provider and region, in process. */
	for (i = 0; i < 2 * runs + 1 && i < 32; i++) {
		mlcap_catalog *c = NULL;
		mlcap_price_list l;
		mlcap_price_query q;
		mlcap_diags d;
		double t0 = now();

		memset(&q, 0, sizeof(q));
		q.provider = "aws";
		q.region = "us-east-1";
		mlcap_diags_init(&d);
		mlcap_price_list_init(&l);
		if (mlcap_catalog_open(&c, db_a, 0, &d) != 0 ||
		    mlcap_catalog_prices(c, &q, &l, &d) != 0) {
			fprintf(stderr, "bench_import: catalog load failed\n");
			return 1;
		}
		load[i] = now() - t0;
		if (i == 0)
			printf("catalog load: %zu prices of aws us-east-1 in "
			       "force, from the filled catalog\n",
			       l.count);
		mlcap_price_list_release(&l);
		mlcap_catalog_free(c);
		mlcap_diags_release(&d);
	}
	{
		double m = median(mine, runs), t = median(theirs, runs);
		double ld = median(load, i);
		printf("import (%s): mlcap %.0f ms, sqlite3 .import %.0f ms "
		       "(medians of %d), ratio %.2f -> %s (target <= 1.5)\n",
		       format, m * 1e3, t * 1e3, runs, m / t,
		       m / t <= 1.5 ? "PASS" : "FAIL");
		printf("catalog load: %.1f ms (median of %d) -> %s (target < "
		       "50 ms)\n",
		       ld * 1e3, i, ld < 0.050 ? "PASS" : "FAIL");
	}
	return 0;
}
