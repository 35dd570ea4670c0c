/*
 * bench_plan.c - the planner at the Kubernetes scalability limit: a
 * generated ML cluster of 150,000 pods in 5,000 workloads, loaded from
 * memory and planned (declared scenario) over every AWS type of the
 * catalog, with FFD + improvement against the first-fit-decreasing
 * baseline in the same process: time, nodes, cost, bound, gap, memory.
 * Usage: bench_plan [-r RUNS] [-s SCALE] [-o OUT.yaml] (-p CATALOG |
 * SCHEMA.sql SEED_DIR DIR); -o also writes the generated manifest.
 * Prints figures; exits 0 once measured (benchmarks never fail a build).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "mlcap/mlcap.h"

#define MAX_RUNS 16
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- generator ---- */

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
			fprintf(stderr, "bench_plan: out of memory\n");
			exit(1);
		}
	}
	b->len += (size_t)n;
}

/* Appends the rest of `f`, NUL-terminated. */
static void slurp(buf *b, FILE *f)
{
	char chunk[65536];
	size_t n;

	put(b, "");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		put(b, "%.*s", (int)n, chunk);
}

static uint64_t lcg = 42; /* Knuth's MMIX LCG, fixed seed */

static unsigned rnd(unsigned n)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((lcg >> 33) % n);
}

enum { K_DEPLOY, K_GPU, K_STS, K_CRON };

typedef struct {
	int kind, gpus, cpu_m, mem_mi;
	const char *gpu_name; /* nodeSelector value, or NULL */
	int64_t replicas;
	bool hpa, sidecar;
} wl;

static const char *const teams[] = {
    "search", "ranking", "ml-platform", "recsys", "vision", "nlp",
    "speech", "fraud",	 "ads",		"growth", "data",   "infra"};
static const char *const envs[] = {"prod", "staging", "dev"};
/* Pod CPU, millicores: one step up the list with probability 60%, so
 * most pods are small and a few take 4 or 8 CPUs (mean about 860m).
 * Tuned so that the pods need about 5,000 nodes of 16 vCPUs or more
 * (5,448 with a NodePool asking instance-cpu > 15); left free to use
 * every type, the planner opens more, smaller nodes. */
static const int cpus[] = {100, 250, 500, 1000, 2000, 4000, 8000};
static const int gib_per_cpu[] = {1, 2, 2, 4, 4, 8};
static const int gpu_counts[] = {1, 1, 1, 1, 2, 2, 4, 8};

static void meta(buf *b, const char *kind, const char *api, int i,
		 const char *team, const char *env, bool with_labels)
{
	put(b,
	    "---\napiVersion: %s\nkind: %s\nmetadata:\n  name: %s-%d\n"
	    "  namespace: %s-%s\n",
	    api, kind, team, i, team, env);
	if (with_labels)
		put(b, "  labels:\n    app: %s-%d\n    team: %s\n", team, i,
		    team);
}

/* The pod template at indent `in` (spaces) of workload i. */
static void pod(buf *b, const wl *w, int i, const char *team, int in)
{
	put(b,
	    "%*stemplate:\n%*s  metadata:\n%*s    labels:\n"
	    "%*s      app: %s-%d\n%*s      team: %s\n%*s  spec:\n",
	    in, "", in, "", in, "", in, "", team, i, in, "", team, in, "");
	in += 4;
	if (w->kind == K_CRON)
		put(b, "%*srestartPolicy: OnFailure\n", in, "");
	if (w->gpu_name)
		put(b,
		    "%*snodeSelector:\n"
		    "%*s  karpenter.k8s.aws/instance-gpu-name: %s\n",
		    in, "", in, "", w->gpu_name);
	if (w->kind == K_STS)
		put(b,
		    "%*saffinity:\n%*s  podAntiAffinity:\n"
		    "%*s    requiredDuringSchedulingIgnoredDuringExecution:\n"
		    "%*s    - labelSelector:\n%*s        matchLabels:\n"
		    "%*s          app: %s-%d\n"
		    "%*s      topologyKey: kubernetes.io/hostname\n",
		    in, "", in, "", in, "", in, "", in, "", in, "", team, i, in,
		    "");
	put(b,
	    "%*scontainers:\n%*s- name: main\n"
	    "%*s  image: registry.example.com/%s/svc-%d:1.%d\n"
	    "%*s  resources:\n%*s    requests:\n%*s      cpu: %dm\n"
	    "%*s      memory: %dMi\n%*s    limits:\n%*s      memory: %dMi\n",
	    in, "", in, "", in, "", team, i, i % 40, in, "", in, "", in, "",
	    w->cpu_m, in, "", w->mem_mi, in, "", in, "", w->mem_mi);
	if (w->gpus)
		put(b, "%*s      nvidia.com/gpu: %d\n", in, "", w->gpus);
	if (w->sidecar)
		put(b,
		    "%*s- name: proxy\n%*s  image: envoyproxy/envoy:v1.29.1\n"
		    "%*s  resources:\n%*s    requests:\n"
		    "%*s      cpu: 50m\n%*s      memory: 64Mi\n",
		    in, "", in, "", in, "", in, "", in, "", in, "");
}

static void emit(buf *b, const wl *w, int i)
{
	const char *team = teams[i % COUNT(teams)];
	const char *env = envs[(i / COUNT(teams)) % COUNT(envs)];
	static const char *const kinds[] = {"Deployment", "Deployment",
					    "StatefulSet", "CronJob"};

	meta(b, kinds[w->kind], w->kind == K_CRON ? "batch/v1" : "apps/v1", i,
	     team, env, true);
	if (w->kind == K_CRON) {
		put(b,
		    "spec:\n  schedule: \"%d */%d * * *\"\n  jobTemplate:\n"
		    "    spec:\n      activeDeadlineSeconds: %d\n",
		    i % 60, 2 + i % 10, 600 * (1 + i % 6));
		pod(b, w, i, team, 6);
		return;
	}
	put(b, "spec:\n  replicas: %lld\n", (long long)w->replicas);
	if (w->kind == K_STS)
		put(b, "  serviceName: %s-%d\n", team, i);
	put(b, "  selector:\n    matchLabels:\n      app: %s-%d\n", team, i);
	pod(b, w, i, team, 2);
	if (!w->hpa)
		return;
	meta(b, "HorizontalPodAutoscaler", "autoscaling/v2", i, team, env,
	     false);
	put(b,
	    "spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n"
	    "    kind: Deployment\n    name: %s-%d\n  minReplicas: %lld\n"
	    "  maxReplicas: %lld\n  metrics:\n  - type: Resource\n"
	    "    resource:\n      name: cpu\n      target:\n"
	    "        type: Utilization\n        averageUtilization: 70\n",
	    team, i, (long long)(w->replicas + 1) / 2,
	    (long long)w->replicas * 3);
}

/* Namespaces, two DaemonSets, then n_wl - 2 other workloads of n_pods
 * pods in all (DaemonSet pods aside): 2% StatefulSets with hostname
 * anti-affinity, 8% GPU Deployments, 1% CronJobs, the rest Deployments
 * (5% of them behind an HPA), which absorb the pods the others leave. */
static void generate(buf *b, int n_wl, int64_t n_pods)
{
	wl *w = calloc((size_t)n_wl, sizeof(*w));
	int64_t left = n_pods;
	int i, n_dep = 0;
	size_t t, e, k;

	if (!w) {
		fprintf(stderr, "bench_plan: out of memory\n");
		exit(1);
	}

	for (t = 0; t < COUNT(teams); t++)
		for (e = 0; e < COUNT(envs); e++)
			put(b,
			    "---\napiVersion: v1\nkind: Namespace\nmetadata:\n"
			    "  name: %s-%s\n  labels:\n    team: %s\n",
			    teams[t], envs[e], teams[t]);
	for (i = 0; i < 2; i++)
		put(b,
		    "---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n"
		    "  name: %s\n  namespace: kube-system\n  labels:\n"
		    "    team: infra\nspec:\n  selector:\n    matchLabels:\n"
		    "      app: %s\n  template:\n    metadata:\n      labels:\n"
		    "        app: %s\n    spec:\n      tolerations:\n"
		    "      - operator: Exists\n      containers:\n"
		    "      - name: agent\n        image: example/agent:1\n"
		    "        resources:\n          requests:\n"
		    "            cpu: 100m\n            memory: 200Mi\n",
		    i ? "fluent-bit" : "node-exporter",
		    i ? "fluent-bit" : "node-exporter",
		    i ? "fluent-bit" : "node-exporter");
	n_wl -= 2;
	for (i = 0; i < n_wl; i++) {
		unsigned r = rnd(1000);
		w[i].kind = r < 20    ? K_STS
			    : r < 100 ? K_GPU
			    : r < 110 ? K_CRON
				      : K_DEPLOY;
		for (k = 0; k + 1 < COUNT(cpus) && rnd(100) < 60; k++)
			;
		w[i].cpu_m = cpus[k];
		w[i].mem_mi = w[i].cpu_m *
			      gib_per_cpu[rnd(COUNT(gib_per_cpu))] * 1024 /
			      1000;
		w[i].mem_mi = w[i].mem_mi < 128	    ? 128
			      : w[i].mem_mi > 32768 ? 32768
						    : w[i].mem_mi;
		w[i].sidecar = rnd(10) < 3;
		if (w[i].kind == K_GPU) { /* 4 CPUs and 16 GiB per GPU */
			unsigned s = rnd(10);
			w[i].gpus = gpu_counts[rnd(COUNT(gpu_counts))];
			w[i].cpu_m = 4000 * w[i].gpus;
			w[i].mem_mi = 16384 * w[i].gpus;
			w[i].gpu_name = s < 3 ? "a100" : s < 6 ? "l4" : NULL;
		}
		w[i].replicas = w[i].kind == K_STS    ? 3 + rnd(3)
				: w[i].kind == K_GPU  ? 1 + rnd(8)
				: w[i].kind == K_CRON ? 1
						      : 0;
		left -= w[i].replicas;
		n_dep += w[i].kind == K_DEPLOY;
	}
	for (i = 0; i < n_wl; i++) {
		int64_t mean, r;
		if (w[i].kind != K_DEPLOY)
			continue;
		mean = left / n_dep;
		r = n_dep == 1 ? left
		    : mean > 1 ? 1 + rnd((unsigned)(2 * mean - 1))
			       : 1;
		r = r > left - (n_dep - 1) ? left - (n_dep - 1) : r;
		w[i].replicas = r < 1 ? 1 : r;
		w[i].hpa = rnd(100) < 5;
		left -= w[i].replicas;
		n_dep--;
	}
	for (i = 0; i < n_wl; i++)
		emit(b, &w[i], i);
	free(w);
}

/* ---- measuring ---- */

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

/* Peak resident set in bytes (Linux reports KiB). `/usr/bin/time -v
 * mlcap plan ...` prints the same figure as "Maximum resident set size". */
static long peak_rss(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss * 1024L;
}

static void print_diags(const char *what, const mlcap_diags *d)
{
	size_t i, shown = 0;
	printf("%s diagnostics: %zu errors, %zu warnings, %zu notes\n", what,
	       d->errors, d->warnings, d->notes);
	for (i = 0; i < d->count && shown < 5; i++)
		if (d->items[i].severity != MLCAP_NOTE) {
			printf("  %s:%u: %s: %s\n", d->items[i].file,
			       d->items[i].line,
			       mlcap_severity_str(d->items[i].severity),
			       d->items[i].message);
			shown++;
		}
}

typedef struct {
	double secs;
	int64_t nodes, monthly, bound, gap_ppm, pods, placed;
} result;

/* Plans the declared scenario `runs` times; figures of the last run. */
static int plan(const mlcap_set *set, mlcap_catalog *cat, mlcap_pack_method m,
		int runs, result *res)
{
	double t[MAX_RUNS];
	int r;

	for (r = 0; r < runs; r++) {
		mlcap_plan p;
		mlcap_plan_opts o;
		mlcap_diags d = MLCAP_DIAGS_INIT;
		const mlcap_plan_scenario *s = &p.scenarios[0];
		size_t i;
		double t0;

		mlcap_plan_opts_init(&o);
		o.scenarios = 1u << MLCAP_SCENARIO_DECLARED;
		o.method = m;
		o.provider = "aws";
		o.region = "us-east-1";
		t0 = now();
		if (mlcap_plan_run(set, NULL, cat, &o, &p, &d) < 0 ||
		    p.n_scenarios != 1) {
			print_diags("plan", &d);
			mlcap_diags_release(&d);
			return -1;
		}
		t[r] = now() - t0;
		memset(res, 0, sizeof(*res));
		for (i = 0; i < s->n_nodes; i++)
			res->nodes += s->nodes[i].count;
		res->monthly = s->monthly_nanos;
		res->bound = s->lower_bound_monthly_nanos;
		res->gap_ppm = s->gap_ppm;
		res->pods = s->pods;
		res->placed = s->pods_placed;
		if (r == 0 && m == MLCAP_PACK_IMPROVE) {
			printf("candidates: %zu AWS types in us-east-1\n",
			       p.n_candidates);
			print_diags("plan", &d);
		}
		mlcap_plan_release(&p);
		mlcap_diags_release(&d);
	}
	res->secs = median(t, runs);
	return 0;
}

static void print_result(const char *label, const result *r)
{
	char cost[48], lb[48];
	mlcap_money_format_usd(cost, sizeof(cost), r->monthly);
	mlcap_money_format_usd(lb, sizeof(lb), r->bound);
	printf("  %-22s %7.3f s  %6lld nodes  %s/month  bound %s  gap %.2f%%"
	       "  placed %lld/%lld\n",
	       label, r->secs, (long long)r->nodes, cost, lb,
	       (double)r->gap_ppm / 1e4, (long long)r->placed,
	       (long long)r->pods);
}

int main(int argc, char **argv)
{
	const char *prices = NULL, *dump = NULL;
	char db[4096] = "";
	int runs = 3, opt, r;
	double scale = 1.0, t_load[MAX_RUNS], load, wall;
	buf text = {NULL, 0, 0};
	mlcap_set *set = NULL;
	mlcap_catalog *cat = NULL;
	mlcap_diags ld = MLCAP_DIAGS_INIT, cd = MLCAP_DIAGS_INIT;
	result ffd, imp;
	long rss_gen, rss_load, rss;
	int64_t pods;

	while ((opt = getopt(argc, argv, "r:s:p:o:")) != -1) {
		if (opt == 'r')
			runs = (int)strtol(optarg, NULL, 10);
		else if (opt == 's')
			scale = strtod(optarg, NULL);
		else if (opt == 'p')
			prices = optarg;
		else if (opt == 'o')
			dump = optarg;
		else
			return 2;
	}
	if (runs < 1 || runs > MAX_RUNS || scale < 0.01 || scale > 100 ||
	    (prices ? argc != optind : argc - optind != 3)) {
		fprintf(stderr,
			"usage: bench_plan [-r RUNS] [-s SCALE] [-o OUT.yaml] "
			"(-p CATALOG | SCHEMA.sql SEED_DIR DIR)\n");
		return 2;
	}

	/* A scratch catalog from the source tree, or the one given. */
	if (!prices) {
		FILE *f = fopen(argv[optind], "rb");
		buf schema = {NULL, 0, 0};
		int fd;
		snprintf(db, sizeof(db), "%s/bench-plan.XXXXXX",
			 argv[optind + 2]);
		if (!f || (fd = mkstemp(db)) < 0) {
			fprintf(stderr,
				"bench_plan: cannot read %s or create "
				"a file in %s\n",
				argv[optind], argv[optind + 2]);
			return 1;
		}
		close(fd);
		slurp(&schema, f);
		fclose(f);
		if (mlcap_catalog_open(&cat, db, MLCAP_CATALOG_WRITE, &cd) <
			0 ||
		    mlcap_catalog_create(cat, schema.p, argv[optind + 1], &cd) <
			0) {
			mlcap_catalog_free(cat);
			cat = NULL;
			unlink(db);
		}
		free(schema.p);
	} else if (mlcap_catalog_open(&cat, prices, 0, &cd) < 0) {
		mlcap_catalog_free(cat);
		cat = NULL;
	}
	if (!cat) {
		print_diags("catalog", &cd);
		return 1;
	}

	generate(&text, (int)(5000 * scale), (int64_t)(150000 * scale));
	rss_gen = peak_rss();
	if (dump) { /* for `mlcap plan` on the same input */
		FILE *f = fopen(dump, "wb");
		if (!f || fwrite(text.p, 1, text.len, f) != text.len ||
		    fclose(f) != 0)
			fprintf(stderr, "bench_plan: cannot write %s\n", dump);
	}
	for (r = 0; r < runs; r++) {
		double t0;
		mlcap_set_free(set);
		mlcap_diags_release(&ld);
		mlcap_diags_init(&ld);
		t0 = now();
		if (mlcap_set_new(&set, NULL) < 0 ||
		    mlcap_set_add_buffer(set, "cluster.yaml", text.p, text.len,
					 &ld) < 0 ||
		    mlcap_set_resolve(set, &ld) < 0) {
			fprintf(stderr, "bench_plan: load failed\n");
			return 1;
		}
		t_load[r] = now() - t0;
	}
	load = median(t_load, runs);
	rss_load = peak_rss();
	{
		size_t n_wl;
		mlcap_set_workloads(set, &n_wl);
		printf("input: %zu workloads, %zu documents, %.1f MiB of YAML "
		       "(seed 42, scale %g)\n",
		       n_wl, mlcap_set_stats_get(set)->documents,
		       (double)text.len / (1 << 20), scale);
	}
	print_diags("load", &ld);
	if (plan(set, cat, MLCAP_PACK_IMPROVE, runs, &imp) < 0 ||
	    plan(set, cat, MLCAP_PACK_FFD, runs, &ffd) < 0) {
		fprintf(stderr, "bench_plan: plan failed\n");
		return 1;
	}
	rss = peak_rss();
	pods = imp.pods > 0 ? imp.pods : 1;
	/* `mlcap plan` also reads the file and renders: not counted here. */
	wall = load + imp.secs;

	printf("declared scenario, aws us-east-1 on-demand, medians of %d:\n"
	       "  load + resolve         %7.3f s\n",
	       runs, load);
	print_result("first-fit decreasing", &ffd);
	print_result("FFD + improvement", &imp);
	printf("  improve/FFD time %.2fx, cost saving %.2f%%\n",
	       ffd.secs > 0 ? imp.secs / ffd.secs : 0.0,
	       ffd.monthly > 0 ? 100.0 * (double)(ffd.monthly - imp.monthly) /
				     (double)ffd.monthly
			       : 0.0);
	printf("wall (load + plan improve): %.3f s -> %s (target < 2 s)\n",
	       wall, wall < 2.0 ? "PASS" : "FAIL");
	printf("peak RSS: %.1f MiB (%.1f after generating, %.1f after "
	       "loading); input %.1f MiB\n",
	       (double)rss / (1 << 20), (double)rss_gen / (1 << 20),
	       (double)rss_load / (1 << 20), (double)text.len / (1 << 20));
	printf(
	    "memory: %.0f bytes/pod over %lld pods -> %s (target <= 1 KiB)\n",
	    (double)rss / (double)pods, (long long)pods,
	    rss / pods <= 1024 ? "PASS" : "FAIL");

	mlcap_set_free(set);
	mlcap_catalog_free(cat);
	mlcap_diags_release(&ld);
	mlcap_diags_release(&cd);
	free(text.p);
	if (db[0])
		unlink(db);
	return 0;
}
