/*
 * bench_bpp.c - the packer on published one-dimensional bin-packing
 * instances with proven optima (BPPLIB: Falkenauer, Scholl, Hard28, from
 * ../shared/binpacking): bins used by FFD and by FFD + improvement
 * against the optimum. Usage: bench_bpp BINPACKING_DIR. Each instance is
 * one dimension and one $1 node type; items of equal weight are a group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mlcap/mlcap.h"

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? 1 : x > y ? -1 : 0; /* descending */
}

/* Bins for one instance file, or -1. */
static int solve(const char *path, mlcap_pack_method m, long *bins)
{
	FILE *f = fopen(path, "r");
	long n, c, i;
	int64_t *w;
	mlcap_pack_group *g;
	mlcap_pack_type t;
	mlcap_pack_problem p;
	mlcap_pack_result r;
	size_t ng = 0;

	if (!f || fscanf(f, "%ld %ld", &n, &c) != 2 || n <= 0) {
		if (f)
			fclose(f);
		return -1;
	}
	w = calloc((size_t)n, sizeof(*w));
	g = calloc((size_t)n, sizeof(*g));
	for (i = 0; i < n; i++)
		if (fscanf(f, "%lld", (long long *)&w[i]) != 1)
			break;
	fclose(f);
	qsort(w, (size_t)n, sizeof(*w), cmp_i64);
	for (i = 0; i < n; i++) {
		if (!ng || g[ng - 1].req[0] != w[i]) {
			g[ng].name = "items";
			g[ng++].req[0] = w[i];
		}
		g[ng - 1].count++;
	}
	memset(&t, 0, sizeof(t));
	t.name = "bin";
	t.cap[0] = c;
	t.usd_nanos = 1000000000;
	t.max_nodes = -1;
	memset(&p, 0, sizeof(p));
	p.n_dims = 1;
	p.dims[0] = "size";
	p.types = &t;
	p.n_types = 1;
	p.groups = g;
	p.n_groups = ng;
	if (mlcap_pack(&p, m, &r) != 0 || r.unplaced) {
		free(w);
		free(g);
		return -1;
	}
	*bins = (long)r.n_nodes;
	mlcap_pack_release(&r);
	free(w);
	free(g);
	return 0;
}

int main(int argc, char **argv)
{
	char path[4096], line[1024];
	long sum_opt = 0, sum_ffd = 0, sum_imp = 0, n = 0, at_ffd = 0,
	     at_imp = 0;
	FILE *tsv;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_bpp BINPACKING_DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/bpplib/optima.tsv", argv[1]);
	if (!(tsv = fopen(path, "r"))) {
		printf("SKIP: %s not found\n", path);
		return 0;
	}
	if (!fgets(line, sizeof(line), tsv)) /* header */
		return 1;
	while (fgets(line, sizeof(line), tsv)) {
		char file[1024];
		long items, cap, opt, ffd, imp;
		if (sscanf(line, "%1023s %ld %ld %ld", file, &items, &cap,
			   &opt) != 4)
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], file);
		if (solve(path, MLCAP_PACK_FFD, &ffd) != 0 ||
		    solve(path, MLCAP_PACK_IMPROVE, &imp) != 0) {
			fprintf(stderr, "bench_bpp: cannot solve %s\n", path);
			continue;
		}
		n++;
		sum_opt += opt;
		sum_ffd += ffd;
		sum_imp += imp;
		at_ffd += ffd == opt;
		at_imp += imp == opt;
	}
	fclose(tsv);
	printf("BPPLIB, %ld instances with proven optima: optimum %ld bins\n"
	       "  first-fit decreasing   %ld bins (+%.2f%%), at the optimum "
	       "in %ld\n"
	       "  FFD + improvement      %ld bins (+%.2f%%), at the optimum "
	       "in %ld\n",
	       n, sum_opt, sum_ffd, 100.0 * (sum_ffd - sum_opt) / sum_opt,
	       at_ffd, sum_imp, 100.0 * (sum_imp - sum_opt) / sum_opt, at_imp);
	return 0;
}
