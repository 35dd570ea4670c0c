/*
 * bench_check.c - mlcap check on a real cluster's shape: the Alibaba GPU
 * trace v2023 (../shared/traces/alibaba-gpu-v2023): its pod list becomes
 * Pod manifests, its 1,213 GPU nodes (kind: Node YAML) the cluster, and
 * every pod is placed on the nodes' free capacity, as `mlcap check
 * --nodes` does, with the planner's improvement phase and with plain
 * first-fit decreasing in the same process. Reports pods placed, the GPU
 * and CPU allocation rates, time (medians) and peak memory.
 *
 * Pods request cpu, memory and, for GPUs, the trace's extended
 * resources: whole GPUs as alibabacloud.com/gpu-count: N with gpu-milli
 * N x 1000, a share of one GPU as gpu-milli only; gpu_spec becomes
 * required node affinity on alibabacloud.com/gpu-card-model. Like the
 * default kube-scheduler, extended resources are counted as scalars per
 * node: which GPU of a node a shared pod sits on (the trace paper's
 * fragmentation) is not modelled.
 * Usage: bench_check [-r RUNS] TRACE_DIR [POD_CSV]
 * Exits 0 once measured; 0 with a message when the trace is absent.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "mlcap/mlcap.h"

#define MAX_RUNS  16
#define GPU_MILLI "alibabacloud.com/gpu-milli"

typedef struct {
	char *p;
	size_t len, cap;
} buf;

static void put(buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < b->cap - b->len)
			break;
		b->cap = b->cap ? 2 * b->cap : 1 << 20;
		if (n < 0 || !(b->p = realloc(b->p, b->cap))) {
			fprintf(stderr, "bench_check: out of memory\n");
			exit(1);
		}
	}
	b->len += (size_t)n;
}

static int slurp(buf *b, const char *path)
{
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return -1;
	put(b, "");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		put(b, "%.*s", (int)n, chunk);
	fclose(f);
	return 0;
}

/* Pod manifests from the trace's CSV: name,cpu_milli,memory_mib,num_gpu,
 * gpu_milli[,gpu_spec,...]. Returns the pod count, -1 on a bad row. */
static long pods_yaml(const char *csv, buf *out)
{
	FILE *f = fopen(csv, "r");
	char line[1024];
	long n = 0, lineno = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *field[11] = {0}, *save = NULL, *t;
		long cpu, mem, ngpu, milli;
		int k = 0;
		if (++lineno == 1)
			continue; /* header */
		line[strcspn(line, "\r\n")] = '\0';
		/* strsep keeps empty fields (gpu_spec is often empty) */
		save = line;
		while (k < 11 && (t = strsep(&save, ",")) != NULL)
			field[k++] = t;
		if (k < 5) {
			fprintf(stderr, "%s:%ld: fewer than 5 columns\n", csv,
				lineno);
			fclose(f);
			return -1;
		}
		cpu = atol(field[1]);
		mem = atol(field[2]);
		ngpu = atol(field[3]);
		milli = atol(field[4]);
		put(out,
		    "---\napiVersion: v1\nkind: Pod\nmetadata: {name: %s, "
		    "namespace: openb}\nspec:\n",
		    field[0]);
		if (k > 5 && field[5][0]) {
			char *spec = field[5], *m, *s2 = NULL;
			put(out,
			    "  affinity: {nodeAffinity: "
			    "{requiredDuringSchedulingIgnoredDuringExecution: "
			    "{nodeSelectorTerms: [{matchExpressions: [{key: "
			    "alibabacloud.com/gpu-card-model, operator: In, "
			    "values: [");
			for (m = strtok_r(spec, "|", &s2); m;
			     m = strtok_r(NULL, "|", &s2))
				put(out, "%s%s", m == spec ? "" : ", ", m);
			put(out, "]}]}]}}}\n");
		}
		put(out,
		    "  containers:\n  - name: c\n    resources:\n"
		    "      requests: {cpu: %ldm, memory: %ldMi}\n",
		    cpu, mem);
		if (ngpu > 1 || (ngpu == 1 && milli >= 1000))
			put(out,
			    "      limits: {alibabacloud.com/gpu-count: %ld, "
			    "alibabacloud.com/gpu-milli: %ld}\n",
			    ngpu, ngpu * 1000);
		else if (ngpu == 1 && milli > 0)
			put(out,
			    "      limits: {alibabacloud.com/gpu-milli: %ld}\n",
			    milli);
		n++;
	}
	fclose(f);
	return n;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

static mlcap_set *load(const char *name, const buf *b)
{
	mlcap_diags d = MLCAP_DIAGS_INIT;
	mlcap_set *s = NULL;

	mlcap_diags_init(&d);
	if (mlcap_set_new(&s, NULL) < 0 ||
	    mlcap_set_add_buffer(s, name, b->p, b->len, &d) < 0 ||
	    mlcap_set_resolve(s, &d) < 0) {
		fprintf(stderr, "bench_check: cannot load %s\n", name);
		exit(1);
	}
	if (d.errors) {
		fprintf(stderr, "bench_check: %zu errors in %s\n", d.errors,
			name);
		exit(1);
	}
	mlcap_diags_release(&d);
	return s;
}

typedef struct {
	double secs;
	int64_t placed, unplaced, nodes_used;
	int64_t gpu_used, cpu_used; /* by the new pods, on all nodes */
} outcome;

static void run(const mlcap_set *pods, const mlcap_set *nodes,
		mlcap_pack_method m, int runs, outcome *o)
{
	double t[MAX_RUNS];
	int r;

	for (r = 0; r < runs; r++) {
		mlcap_check_opts co;
		mlcap_check c;
		mlcap_diags d = MLCAP_DIAGS_INIT;
		const mlcap_plan *p;
		size_t i, dim;
		double t0;

		mlcap_diags_init(&d);
		mlcap_check_opts_init(&co);
		co.plan.method = m;
		co.plan.cluster = nodes;
		co.plan.provider = "custom";
		t0 = now();
		if (mlcap_check_run(pods, NULL, NULL, &co, &c, &d) < 0) {
			fprintf(stderr, "bench_check: check failed\n");
			exit(1);
		}
		t[r] = now() - t0;
		p = &c.plan;
		memset(o, 0, sizeof(*o));
		o->placed = c.placed_existing;
		o->unplaced = c.unschedulable;
		for (i = 0; i < c.max->n_nodes; i++) {
			const mlcap_plan_nodes *n = &c.max->nodes[i];
			o->nodes_used += n->count;
			/* what the new pods use: after minus before */
			for (dim = 0; dim < p->n_dims; dim++)
				if (strcmp(p->dims[dim], GPU_MILLI) == 0)
					o->gpu_used += n->used[dim];
			o->cpu_used += n->used[0];
		}
		mlcap_check_release(&c);
		mlcap_diags_release(&d);
	}
	o->secs = median(t, runs);
}

int main(int argc, char **argv)
{
	const char *dir, *csv_name = "openb_pod_list_default.csv";
	char csv[4096], nodes_path[4096];
	buf pods_text = {0}, nodes_text = {0};
	double t_load[MAX_RUNS], load_secs;
	mlcap_set *pods = NULL, *nodes = NULL;
	const mlcap_cluster_node *nd;
	int64_t gpu_total = 0, cpu_total = 0;
	outcome imp, ffd;
	struct rusage ru;
	size_t n_nodes, i;
	long n_pods;
	int runs = 3, r, opt;

	while ((opt = getopt(argc, argv, "r:")) != -1)
		if (opt == 'r')
			runs = atoi(optarg);
	if (runs < 1 || runs > MAX_RUNS || optind >= argc) {
		fprintf(stderr,
			"usage: bench_check [-r RUNS] TRACE_DIR [POD_CSV]\n");
		return 2;
	}
	dir = argv[optind];
	if (optind + 1 < argc)
		csv_name = argv[optind + 1];
	snprintf(csv, sizeof(csv), "%s/csv/%s", dir, csv_name);
	snprintf(nodes_path, sizeof(nodes_path),
		 "%s/node_yaml/openb_node_list_gpu_node.yaml", dir);
	if (access(csv, R_OK) != 0 || slurp(&nodes_text, nodes_path) < 0) {
		printf("bench_check: skipped: %s or %s not found (the trace "
		       "lives in ../shared/traces)\n",
		       csv, nodes_path);
		return 0;
	}
	if ((n_pods = pods_yaml(csv, &pods_text)) < 0)
		return 1;
	for (r = 0; r < runs; r++) {
		double t0 = now();
		mlcap_set_free(pods);
		mlcap_set_free(nodes);
		pods = load("pods.yaml", &pods_text);
		nodes = load("nodes.yaml", &nodes_text);
		t_load[r] = now() - t0;
	}
	load_secs = median(t_load, runs);
	nd = mlcap_set_nodes(nodes, &n_nodes);
	for (i = 0; i < n_nodes; i++) {
		gpu_total += mlcap_resources_ext(&nd[i].allocatable, GPU_MILLI);
		cpu_total += nd[i].allocatable.cpu_millis;
	}
	run(pods, nodes, MLCAP_PACK_IMPROVE, runs, &imp);
	run(pods, nodes, MLCAP_PACK_FFD, runs, &ffd);
	getrusage(RUSAGE_SELF, &ru);
	printf("Alibaba GPU trace v2023: %ld pods (%s) onto %zu GPU nodes "
	       "(%lld gpu-milli, %lld CPU cores allocatable); medians of %d "
	       "runs\n",
	       n_pods, csv_name, n_nodes, (long long)gpu_total,
	       (long long)(cpu_total / 1000), runs);
	printf("load (pods + nodes): %.3f s\n", load_secs);
	printf("%-26s %8s %8s %8s %10s %10s %9s\n", "method", "placed",
	       "unplaced", "nodes", "GPU alloc", "CPU alloc", "time s");
	printf("%-26s %8lld %8lld %8lld %9.2f%% %9.2f%% %9.3f\n",
	       "check (FFD + improvement)", (long long)imp.placed,
	       (long long)imp.unplaced, (long long)imp.nodes_used,
	       100.0 * (double)imp.gpu_used / (double)gpu_total,
	       100.0 * (double)imp.cpu_used / (double)cpu_total, imp.secs);
	printf("%-26s %8lld %8lld %8lld %9.2f%% %9.2f%% %9.3f\n",
	       "first-fit decreasing", (long long)ffd.placed,
	       (long long)ffd.unplaced, (long long)ffd.nodes_used,
	       100.0 * (double)ffd.gpu_used / (double)gpu_total,
	       100.0 * (double)ffd.cpu_used / (double)cpu_total, ffd.secs);
	printf("ratio check / FFD: placed %.4f, time %.2f\n",
	       ffd.placed ? (double)imp.placed / (double)ffd.placed : 0.0,
	       ffd.secs > 0 ? imp.secs / ffd.secs : 0.0);
	printf("peak memory: %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
	mlcap_set_free(pods);
	mlcap_set_free(nodes);
	free(pods_text.p);
	free(nodes_text.p);
	return 0;
}
