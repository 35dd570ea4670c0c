/*
 * gen_cluster.c - writes a realistic, deterministic cluster manifest for
 * the loader benchmark (bench_inventory.c): N YAML documents, mostly
 * Deployments with 3-6 containers, plus HPAs, GPU Jobs and CronJobs,
 * StatefulSets, PyTorchJobs, RayClusters and kinds mlcap skips, spread
 * over 50 namespaces. Usage: gen_cluster N OUTFILE [SEED]
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_NAMESPACES 50
#define PENDING_CAP  4096 /* Deployments waiting for an HPA */
#define COUNT(a)     (sizeof(a) / sizeof((a)[0]))
#define PICK(g, a)   ((a)[below((g), COUNT(a))])

/* A Deployment an HPA may still target; replicas keep min <= decl. */
typedef struct {
	char ns[48];
	char name[96];
	unsigned replicas;
} pending;

typedef struct {
	FILE *f;
	uint64_t rng;	   /* xorshift64* state, never 0 */
	unsigned long doc; /* index of the document being written */
	pending *pend;	   /* stack of un-targeted Deployments */
	size_t n_pend;
} gen;

/* ---- word lists ---- */

static const char *const teams[] = {
    "search",	"payments", "ml-platform", "recsys",  "vision", "nlp",
    "data-eng", "growth",   "ads",	   "infra",   "fraud",	"speech",
    "checkout", "identity", "maps",	   "catalog", "billing"};
static const char *const envs[] = {"prod", "staging", "dev"};
static const char *const services[] = {
    "api",     "worker",   "gateway",  "frontend",  "indexer",
    "ranker",  "features", "embedder", "scheduler", "ingest",
    "auth",    "notifier", "exporter", "batcher",   "router",
    "profile", "pricing",  "session",  "stream",    "reports"};
static const char *const owners[] = {
    "alice", "bob",  "carol", "dmitri", "erin", "farid", "grace",
    "hiro",  "ines", "jamal", "kim",	"lena", "mateo", "noor"};
static const char *const projects[] = {"atlas", "beacon", "cobalt",  "delta",
				       "ember", "falcon", "granite", "helix",
				       "iris",	"juniper"};
static const char *const cpus[] = {"50m",  "100m", "200m", "250m", "500m",
				   "750m", "1",	   "1.5",  "2",	   "4"};
static const char *const mems[] = {"64Mi", "128Mi", "256Mi", "512Mi", "768Mi",
				   "1Gi",  "1.5Gi", "2Gi",   "4Gi",   "8Gi"};
static const char *const gpu_products[] = {"NVIDIA-A100-SXM4-80GB",
					   "NVIDIA-H100-80GB-HBM3", "NVIDIA-L4",
					   "Tesla-T4", "NVIDIA-A10G"};
static const char *const log_levels[] = {"info", "warn", "debug"};

/* Sidecars: name, image, port (0: none), port name. */
static const struct {
	const char *name, *image;
	unsigned port;
	const char *port_name;
} sidecars[] = {
    {"envoy", "envoyproxy/envoy:v1.29.1", 15001, "proxy"},
    {"fluent-bit", "fluent/fluent-bit:2.2.2", 2020, "http-metrics"},
    {"statsd-exporter", "prom/statsd-exporter:v0.26.0", 9102, "metrics"},
    {"otel-collector", "otel/opentelemetry-collector-contrib:0.96.0", 4317,
     "otlp-grpc"},
    {"cloudsql-proxy", "gcr.io/cloudsql-docker/gce-proxy:1.33.16", 5432,
     "postgres"},
    {"vault-agent", "hashicorp/vault:1.15.4", 0, NULL},
    {"oauth2-proxy", "quay.io/oauth2-proxy/oauth2-proxy:v7.5.1", 4180, "oauth"},
};

/* ---- PRNG and output ---- */

/* xorshift64* (Vigna): the same stream on every platform, unlike rand(). */
static uint64_t rnd(gen *g)
{
	g->rng ^= g->rng >> 12;
	g->rng ^= g->rng << 25;
	g->rng ^= g->rng >> 27;
	return g->rng * 0x2545F4914F6CDD1DULL;
}

/* Uniform enough in [0, n) for word picking; n > 0. */
static unsigned below(gen *g, size_t n)
{
	return (unsigned)((rnd(g) >> 32) % n);
}

static int chance(gen *g, unsigned pct)
{
	return below(g, 100) < pct;
}

/* One line: `ind` spaces, the formatted text, a newline. */
static void out(gen *g, int ind, const char *fmt, ...)
{
	va_list ap;

	fprintf(g->f, "%*s", ind, "");
	va_start(ap, fmt);
	vfprintf(g->f, fmt, ap);
	va_end(ap);
	putc('\n', g->f);
}

/* ---- shared pieces ---- */

typedef struct {
	const char *team, *env, *svc;
	char ns[48];
	char app[64];  /* team-service, the app label */
	char name[96]; /* unique object name */
} ident;

static void make_ident(gen *g, ident *id, const char *svc)
{
	unsigned ns = below(g, N_NAMESPACES);

	id->team = teams[ns / 3];
	id->env = envs[ns % 3];
	id->svc = svc ? svc : PICK(g, services);
	snprintf(id->ns, sizeof(id->ns), "%s-%s", id->team, id->env);
	snprintf(id->app, sizeof(id->app), "%s-%s", id->team, id->svc);
	/* The document index in base 36 keeps names unique. */
	{
		char sfx[16];
		unsigned long v = g->doc;
		int i = (int)sizeof(sfx) - 1;
		sfx[i] = '\0';
		do {
			sfx[--i] =
			    "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
			v /= 36;
		} while (v && i > 0);
		snprintf(id->name, sizeof(id->name), "%s-%s", id->app, sfx + i);
	}
}

/* The labels of an object: app always, cost labels on some objects. */
static void labels(gen *g, const ident *id, int ind, int cost)
{
	out(g, ind, "labels:");
	out(g, ind + 2, "app: %s", id->app);
	out(g, ind + 2, "app.kubernetes.io/name: %s", id->svc);
	out(g, ind + 2, "app.kubernetes.io/part-of: %s", id->team);
	if (!cost)
		return;
	if (chance(g, 80))
		out(g, ind + 2, "team: %s", id->team);
	if (chance(g, 70))
		out(g, ind + 2, "env: %s", id->env);
	if (chance(g, 50))
		out(g, ind + 2, "project: %s", PICK(g, projects));
	if (chance(g, 40))
		out(g, ind + 2, "owner: %s", PICK(g, owners));
}

static void metadata(gen *g, const ident *id, int with_annotations)
{
	out(g, 0, "metadata:");
	out(g, 2, "name: %s", id->name);
	out(g, 2, "namespace: %s", id->ns);
	labels(g, id, 2, 1);
	if (!with_annotations)
		return;
	out(g, 2, "annotations:");
	out(g, 4, "deployment.kubernetes.io/revision: \"%u\"",
	    1 + below(g, 40));
	out(g, 4, "meta.helm.sh/release-name: %s", id->app);
	out(g, 4, "meta.helm.sh/release-namespace: %s", id->ns);
	if (chance(g, 30))
		out(g, 4, "mlcap.io/cost-center: cc-%04u", below(g, 10000));
	if (chance(g, 40))
		out(g, 4, "description: >-");
	else
		return;
	out(g, 6, "%s %s for the %s team; pages go to the %s on-call", id->svc,
	    id->env, id->team, id->team);
	out(g, 6, "rotation. Owned by platform tooling, do not edit by hand.");
}

/* requests and limits; limits never below requests. */
static void resources(gen *g, int ind, unsigned gpus, int big)
{
	unsigned c = below(g, COUNT(cpus) - (big ? 0 : 3));
	unsigned m = below(g, COUNT(mems) - (big ? 0 : 3));
	unsigned cl = c + below(g, COUNT(cpus) - c);
	unsigned ml = m + below(g, COUNT(mems) - m);

	out(g, ind, "resources:");
	out(g, ind + 2, "requests:");
	out(g, ind + 4, chance(g, 20) ? "cpu: \"%s\"" : "cpu: %s", cpus[c]);
	out(g, ind + 4, "memory: %s", mems[m]);
	if (gpus)
		out(g, ind + 4, "nvidia.com/gpu: %u", gpus);
	if (!gpus && chance(g, 15))
		return; /* requests only, as many charts ship */
	out(g, ind + 2, "limits:");
	if (!chance(g, 35)) /* CPU limits are often left out */
		out(g, ind + 4, "cpu: \"%s\"", cpus[cl]);
	out(g, ind + 4, "memory: %s", mems[ml]);
	if (gpus)
		out(g, ind + 4, "nvidia.com/gpu: %u", gpus);
}

static void probe(gen *g, int ind, const char *kind, const char *path,
		  const char *port)
{
	out(g, ind, "%s:", kind);
	if (chance(g, 80)) {
		out(g, ind + 2, "httpGet:");
		out(g, ind + 4, "path: %s", path);
		out(g, ind + 4, "port: %s", port);
		out(g, ind + 4, "scheme: HTTP");
	} else {
		out(g, ind + 2, "tcpSocket:");
		out(g, ind + 4, "port: %s", port);
	}
	out(g, ind + 2, "initialDelaySeconds: %u", 5 + below(g, 30));
	out(g, ind + 2, "periodSeconds: %u", 5 + 5 * below(g, 3));
	out(g, ind + 2, "timeoutSeconds: %u", 1 + below(g, 5));
	out(g, ind + 2, "failureThreshold: 3");
}

static void env_var(gen *g, int ind, const char *name, const char *value)
{
	out(g, ind, "- name: %s", name);
	out(g, ind + 2, "value: %s", value);
}

static void env_field(gen *g, int ind, const char *name, const char *path)
{
	out(g, ind, "- name: %s", name);
	out(g, ind + 2, "valueFrom:");
	out(g, ind + 4, "fieldRef:");
	out(g, ind + 6, "fieldPath: %s", path);
}

/* The service's own container: args, env, ports, probes, resources. */
static void main_container(gen *g, const ident *id, int ind)
{
	unsigned port = 8080 + 10 * below(g, 3);
	char buf[128];

	out(g, ind, "- name: %s", id->svc);
	out(g, ind + 2, "image: registry.example.com/%s/%s:v%u.%u.%u", id->team,
	    id->svc, 1 + below(g, 4), below(g, 30), below(g, 12));
	out(g, ind + 2, "imagePullPolicy: IfNotPresent");
	out(g, ind + 2, "args:");
	out(g, ind + 4, "- --port=%u", port);
	out(g, ind + 4, "- --log-level=%s", PICK(g, log_levels));
	out(g, ind + 4, "- --config=/etc/%s/config.yaml", id->svc);
	if (chance(g, 50))
		out(g, ind + 4, "- --metrics-addr=:9090");
	out(g, ind + 2, "env:");
	env_var(g, ind + 4, "APP_ENV", id->env);
	snprintf(buf, sizeof(buf), "\"%u\"", 1 + below(g, 8));
	env_var(g, ind + 4, "GOMAXPROCS", buf);
	env_field(g, ind + 4, "POD_NAME", "metadata.name");
	env_field(g, ind + 4, "POD_NAMESPACE", "metadata.namespace");
	if (chance(g, 60)) {
		snprintf(buf, sizeof(buf), "'redis-%s.%s.svc:6379'", id->team,
			 id->ns);
		env_var(g, ind + 4, "REDIS_ADDR", buf);
	}
	if (chance(g, 40)) {
		out(g, ind + 4, "- name: DB_PASSWORD");
		out(g, ind + 6, "valueFrom:");
		out(g, ind + 8, "secretKeyRef:");
		out(g, ind + 10, "name: %s-db", id->app);
		out(g, ind + 10, "key: password");
	}
	out(g, ind + 2, "ports:");
	out(g, ind + 4, "- name: http");
	out(g, ind + 6, "containerPort: %u", port);
	out(g, ind + 6, "protocol: TCP");
	out(g, ind + 4, "- name: metrics");
	out(g, ind + 6, "containerPort: 9090");
	out(g, ind + 6, "protocol: TCP");
	probe(g, ind + 2, "livenessProbe", "/healthz", "http");
	probe(g, ind + 2, "readinessProbe", "/readyz", "http");
	resources(g, ind + 2, 0, 1);
	out(g, ind + 2, "securityContext:");
	out(g, ind + 4, "allowPrivilegeEscalation: false");
	out(g, ind + 4, "readOnlyRootFilesystem: true");
	out(g, ind + 4, "capabilities:");
	out(g, ind + 6, "drop: [\"ALL\"]");
	out(g, ind + 2, "volumeMounts:");
	out(g, ind + 4, "- name: config");
	out(g, ind + 6, "mountPath: /etc/%s", id->svc);
	out(g, ind + 6, "readOnly: true");
}

static void sidecar(gen *g, unsigned k, int ind)
{
	out(g, ind, "- name: %s", sidecars[k].name);
	out(g, ind + 2, "image: %s", sidecars[k].image);
	if (chance(g, 50)) {
		out(g, ind + 2, "args:");
		out(g, ind + 4, "- --log-level=%s", PICK(g, log_levels));
	}
	if (sidecars[k].port) {
		out(g, ind + 2, "ports:");
		out(g, ind + 4, "- name: %s", sidecars[k].port_name);
		out(g, ind + 6, "containerPort: %u", sidecars[k].port);
		if (chance(g, 50))
			probe(g, ind + 2, "readinessProbe", "/ready",
			      sidecars[k].port_name);
	}
	resources(g, ind + 2, 0, 0);
}

/* Main container plus `n - 1` distinct sidecars. */
static void containers(gen *g, const ident *id, int ind, unsigned n)
{
	unsigned first = below(g, COUNT(sidecars)), i;

	out(g, ind, "containers:");
	main_container(g, id, ind + 2);
	for (i = 1; i < n; i++)
		sidecar(g, (first + i) % COUNT(sidecars), ind + 2);
}

static void gpu_scheduling(gen *g, int ind)
{
	out(g, ind, "nodeSelector:");
	out(g, ind + 2, "nvidia.com/gpu.product: %s", PICK(g, gpu_products));
	if (chance(g, 50))
		out(g, ind + 2, "cloud.google.com/gke-nodepool: gpu-pool-%u",
		    below(g, 4));
	out(g, ind, "tolerations:");
	out(g, ind + 2, "- key: nvidia.com/gpu");
	out(g, ind + 4, "operator: Exists");
	out(g, ind + 4, "effect: NoSchedule");
	if (chance(g, 30)) {
		out(g, ind + 2, "- key: cloud.google.com/gke-preemptible");
		out(g, ind + 4, "operator: Equal");
		out(g, ind + 4, "value: \"true\"");
		out(g, ind + 4, "effect: NoSchedule");
	}
}

/* A training container with `gpus` GPUs, for Jobs and operators. */
static void gpu_container(gen *g, const char *name, unsigned gpus, int ind)
{
	static const char *const images[] = {
	    "nvcr.io/nvidia/pytorch:24.01-py3",
	    "nvcr.io/nvidia/tensorflow:24.01-tf2-py3",
	    "rayproject/ray-ml:2.9.3-gpu",
	    "us-docker.pkg.dev/ml-images/train/llm-finetune:2024.03.1"};
	static const char *const cpu_for_gpu[] = {"4", "8", "12", "16"};
	static const char *const mem_for_gpu[] = {"32Gi", "64Gi", "96Gi",
						  "128Gi"};
	unsigned sz = below(g, 4);

	out(g, ind, "- name: %s", name);
	out(g, ind + 2, "image: %s", PICK(g, images));
	out(g, ind + 2,
	    "command: [\"torchrun\", \"--nnodes=1\", "
	    "\"--nproc-per-node=%u\"]",
	    gpus);
	out(g, ind + 2, "args:");
	out(g, ind + 4, "- train.py");
	out(g, ind + 4, "- --epochs=%u", 1 + below(g, 20));
	out(g, ind + 4, "- --batch-size=%u", 16u << below(g, 4));
	out(g, ind + 4, "- --checkpoint-dir=/ckpt");
	out(g, ind + 2, "env:");
	env_var(g, ind + 4, "NCCL_DEBUG", "INFO");
	env_var(g, ind + 4, "PYTHONUNBUFFERED", "\"1\"");
	env_var(g, ind + 4, "HF_HOME", "/cache/hf");
	out(g, ind + 2, "resources:");
	out(g, ind + 4, "requests:");
	out(g, ind + 6, "cpu: \"%s\"", cpu_for_gpu[sz]);
	out(g, ind + 6, "memory: %s", mem_for_gpu[sz]);
	out(g, ind + 6, "nvidia.com/gpu: %u", gpus);
	out(g, ind + 4, "limits:");
	out(g, ind + 6, "memory: %s", mem_for_gpu[sz]);
	out(g, ind + 6, "nvidia.com/gpu: %u", gpus);
	out(g, ind + 2, "volumeMounts:");
	out(g, ind + 4, "- name: dshm");
	out(g, ind + 6, "mountPath: /dev/shm");
	out(g, ind + 4, "- name: ckpt");
	out(g, ind + 6, "mountPath: /ckpt");
}

static void gpu_volumes(gen *g, const ident *id, int ind)
{
	out(g, ind, "volumes:");
	out(g, ind + 2, "- name: dshm");
	out(g, ind + 4, "emptyDir:");
	out(g, ind + 6, "medium: Memory");
	out(g, ind + 6, "sizeLimit: %uGi", 8u << below(g, 3));
	out(g, ind + 2, "- name: ckpt");
	out(g, ind + 4, "persistentVolumeClaim:");
	out(g, ind + 6, "claimName: %s-ckpt", id->app);
}

/* ---- kinds ---- */

static void remember(gen *g, const ident *id, unsigned replicas)
{
	pending *p;

	if (g->n_pend == PENDING_CAP) { /* drop the oldest */
		memmove(g->pend, g->pend + 1,
			(PENDING_CAP - 1) * sizeof(*g->pend));
		g->n_pend--;
	}
	p = &g->pend[g->n_pend++];
	snprintf(p->ns, sizeof(p->ns), "%s", id->ns);
	snprintf(p->name, sizeof(p->name), "%s", id->name);
	p->replicas = replicas;
}

static void deployment(gen *g)
{
	ident id;
	unsigned replicas = 1 + below(g, 6);

	make_ident(g, &id, NULL);
	if (chance(g, 30))
		out(g, 0, "# Source: %s/templates/deployment.yaml", id.app);
	out(g, 0, "apiVersion: apps/v1");
	out(g, 0, "kind: Deployment");
	metadata(g, &id, 1);
	out(g, 0, "spec:");
	out(g, 2, "replicas: %u", replicas);
	out(g, 2, "revisionHistoryLimit: 5");
	out(g, 2, "selector:");
	out(g, 4, "matchLabels:");
	out(g, 6, "app: %s", id.app);
	out(g, 2, "strategy:");
	out(g, 4, "type: RollingUpdate");
	out(g, 4, "rollingUpdate:");
	out(g, 6, "maxSurge: 25%%");
	out(g, 6, "maxUnavailable: 0");
	out(g, 2, "template:");
	out(g, 4, "metadata:");
	labels(g, &id, 6, chance(g, 50));
	out(g, 6, "annotations:");
	out(g, 8, "prometheus.io/scrape: \"true\"");
	out(g, 8, "prometheus.io/port: \"9090\"");
	out(g, 4, "spec:");
	out(g, 6, "serviceAccountName: %s", id.app);
	out(g, 6, "terminationGracePeriodSeconds: 30");
	out(g, 6, "securityContext:");
	out(g, 8, "runAsNonRoot: true");
	out(g, 8, "fsGroup: 2000");
	containers(g, &id, 6, 3 + below(g, 4));
	out(g, 6, "volumes:");
	out(g, 8, "- name: config");
	out(g, 10, "configMap:");
	out(g, 12, "name: %s-config", id.app);
	remember(g, &id, replicas);
}

static void hpa(gen *g)
{
	pending p;
	unsigned lo, hi;

	p = g->pend[--g->n_pend]; /* caller checked n_pend */
	lo = 1 + below(g, p.replicas);
	hi = p.replicas + 2 + below(g, 20);
	out(g, 0, "apiVersion: autoscaling/v2");
	out(g, 0, "kind: HorizontalPodAutoscaler");
	out(g, 0, "metadata:");
	out(g, 2, "name: %s", p.name);
	out(g, 2, "namespace: %s", p.ns);
	out(g, 2, "labels:");
	out(g, 4, "app.kubernetes.io/managed-by: Helm");
	out(g, 0, "spec:");
	out(g, 2, "scaleTargetRef:");
	out(g, 4, "apiVersion: apps/v1");
	out(g, 4, "kind: Deployment");
	out(g, 4, "name: %s", p.name);
	out(g, 2, "minReplicas: %u", lo);
	out(g, 2, "maxReplicas: %u", hi);
	out(g, 2, "metrics:");
	out(g, 4, "- type: Resource");
	out(g, 6, "resource:");
	out(g, 8, "name: cpu");
	out(g, 8, "target:");
	out(g, 10, "type: Utilization");
	out(g, 10, "averageUtilization: %u", 50 + 5 * below(g, 7));
	if (chance(g, 50)) {
		out(g, 4, "- type: Resource");
		out(g, 6, "resource:");
		out(g, 8, "name: memory");
		out(g, 8, "target:");
		out(g, 10, "type: AverageValue");
		out(g, 10, "averageValue: %s", PICK(g, mems));
	}
	if (chance(g, 30)) {
		out(g, 4, "- type: Pods");
		out(g, 6, "pods:");
		out(g, 8, "metric:");
		out(g, 10, "name: http_requests_per_second");
		out(g, 8, "target:");
		out(g, 10, "type: AverageValue");
		out(g, 10, "averageValue: \"%u\"", 50 + 50 * below(g, 10));
	}
	out(g, 2, "behavior:");
	out(g, 4, "scaleDown:");
	out(g, 6, "stabilizationWindowSeconds: 300");
	out(g, 6, "policies:");
	out(g, 8, "- type: Percent");
	out(g, 10, "value: 50");
	out(g, 10, "periodSeconds: 60");
	out(g, 4, "scaleUp:");
	out(g, 6, "selectPolicy: Max");
	out(g, 6, "policies:");
	out(g, 8, "- type: Pods");
	out(g, 10, "value: 4");
	out(g, 10, "periodSeconds: 15");
}

static void job_body(gen *g, const ident *id, int ind)
{
	unsigned gpus = 1u << below(g, 4);
	unsigned par = 1 + below(g, 4);

	out(g, ind, "backoffLimit: %u", below(g, 6));
	out(g, ind, "parallelism: %u", par);
	out(g, ind, "completions: %u", par + below(g, 4));
	out(g, ind, "activeDeadlineSeconds: %u", 3600u * (1 + below(g, 24)));
	out(g, ind, "ttlSecondsAfterFinished: 3600");
	out(g, ind, "template:");
	out(g, ind + 2, "metadata:");
	labels(g, id, ind + 4, 1);
	out(g, ind + 2, "spec:");
	out(g, ind + 4, "restartPolicy: Never");
	out(g, ind + 4, "priorityClassName: batch-%s",
	    chance(g, 50) ? "high" : "low");
	gpu_scheduling(g, ind + 4);
	out(g, ind + 4, "containers:");
	gpu_container(g, "trainer", gpus, ind + 6);
	if (chance(g, 40)) {
		out(g, ind + 6, "- name: tensorboard");
		out(g, ind + 8, "image: tensorflow/tensorflow:2.15.0");
		out(g, ind + 8, "args: [\"tensorboard\", \"--logdir=/ckpt\"]");
		resources(g, ind + 8, 0, 0);
	}
	gpu_volumes(g, id, ind + 4);
}

static void job(gen *g)
{
	ident id;

	make_ident(g, &id, chance(g, 50) ? "train" : "eval");
	out(g, 0, "apiVersion: batch/v1");
	out(g, 0, "kind: Job");
	metadata(g, &id, 0);
	out(g, 0, "spec:");
	job_body(g, &id, 2);
}

static void cronjob(gen *g)
{
	ident id;

	make_ident(g, &id, "nightly");
	out(g, 0, "apiVersion: batch/v1");
	out(g, 0, "kind: CronJob");
	metadata(g, &id, 0);
	out(g, 0, "spec:");
	out(g, 2, "schedule: \"%u %u * * *\"", below(g, 60), below(g, 24));
	out(g, 2, "concurrencyPolicy: Forbid");
	out(g, 2, "successfulJobsHistoryLimit: 3");
	out(g, 2, "failedJobsHistoryLimit: 1");
	out(g, 2, "jobTemplate:");
	out(g, 4, "spec:");
	job_body(g, &id, 6);
}

static void statefulset(gen *g)
{
	static const char *const dbs[] = {"postgres:16.2", "redis:7.2.4",
					  "bitnami/kafka:3.6.1",
					  "elasticsearch:8.12.2"};
	ident id;
	unsigned replicas = 1 + 2 * below(g, 3);

	make_ident(g, &id, "store");
	out(g, 0, "apiVersion: apps/v1");
	out(g, 0, "kind: StatefulSet");
	metadata(g, &id, 1);
	out(g, 0, "spec:");
	out(g, 2, "serviceName: %s", id.app);
	out(g, 2, "replicas: %u", replicas);
	out(g, 2, "podManagementPolicy: Parallel");
	out(g, 2, "selector:");
	out(g, 4, "matchLabels:");
	out(g, 6, "app: %s", id.app);
	out(g, 2, "template:");
	out(g, 4, "metadata:");
	labels(g, &id, 6, 1);
	out(g, 4, "spec:");
	out(g, 6, "affinity:");
	out(g, 8, "podAntiAffinity:");
	out(g, 10, "requiredDuringSchedulingIgnoredDuringExecution:");
	out(g, 12, "- topologyKey: kubernetes.io/hostname");
	out(g, 14, "labelSelector:");
	out(g, 16, "matchLabels:");
	out(g, 18, "app: %s", id.app);
	out(g, 6, "containers:");
	out(g, 8, "- name: db");
	out(g, 10, "image: %s", PICK(g, dbs));
	out(g, 10, "ports:");
	out(g, 12, "- name: tcp");
	out(g, 14, "containerPort: %u", 5000 + below(g, 5000));
	probe(g, 10, "livenessProbe", "/", "tcp");
	resources(g, 10, 0, 1);
	out(g, 10, "volumeMounts:");
	out(g, 12, "- name: data");
	out(g, 14, "mountPath: /var/lib/data");
	sidecar(g, 2, 8);
	out(g, 2, "volumeClaimTemplates:");
	out(g, 4, "- metadata:");
	out(g, 8, "name: data");
	out(g, 6, "spec:");
	out(g, 8, "accessModes: [\"ReadWriteOnce\"]");
	out(g, 8, "storageClassName: premium-rwo");
	out(g, 8, "resources:");
	out(g, 10, "requests:");
	out(g, 12, "storage: %uGi", 10u << below(g, 6));
}

static void replica_spec(gen *g, const ident *id, const char *role,
			 unsigned replicas, unsigned gpus)
{
	out(g, 4, "%s:", role);
	out(g, 6, "replicas: %u", replicas);
	out(g, 6, "restartPolicy: OnFailure");
	out(g, 6, "template:");
	out(g, 8, "metadata:");
	labels(g, id, 10, 1);
	out(g, 8, "spec:");
	gpu_scheduling(g, 10);
	out(g, 10, "containers:");
	gpu_container(g, "pytorch", gpus, 12);
	gpu_volumes(g, id, 10);
}

static void pytorchjob(gen *g)
{
	ident id;
	unsigned workers = 1 + below(g, 8), gpus = 1u << below(g, 4);

	make_ident(g, &id, "llm");
	out(g, 0, "apiVersion: kubeflow.org/v1");
	out(g, 0, "kind: PyTorchJob");
	metadata(g, &id, 0);
	out(g, 0, "spec:");
	if (chance(g, 40)) {
		out(g, 2, "elasticPolicy:");
		out(g, 4, "minReplicas: 1");
		out(g, 4, "maxReplicas: %u", workers + below(g, 8));
		out(g, 4, "rdzvBackend: c10d");
	}
	out(g, 2, "runPolicy:");
	out(g, 4, "cleanPodPolicy: None");
	out(g, 4, "activeDeadlineSeconds: %u", 3600u * (4 + below(g, 48)));
	out(g, 2, "pytorchReplicaSpecs:");
	replica_spec(g, &id, "Master", 1, gpus);
	replica_spec(g, &id, "Worker", workers, gpus);
}

static void ray_group(gen *g, const ident *id, int ind, const char *name,
		      unsigned gpus)
{
	out(g, ind, "template:");
	out(g, ind + 2, "metadata:");
	labels(g, id, ind + 4, 1);
	out(g, ind + 2, "spec:");
	if (gpus)
		gpu_scheduling(g, ind + 4);
	out(g, ind + 4, "containers:");
	out(g, ind + 6, "- name: ray-%s", name);
	out(g, ind + 8, "image: rayproject/ray:2.9.3-py310%s",
	    gpus ? "-gpu" : "");
	out(g, ind + 8, "ports:");
	out(g, ind + 10, "- containerPort: 6379");
	out(g, ind + 12, "name: gcs");
	out(g, ind + 10, "- containerPort: 8265");
	out(g, ind + 12, "name: dashboard");
	out(g, ind + 8, "lifecycle:");
	out(g, ind + 10, "preStop:");
	out(g, ind + 12, "exec:");
	out(g, ind + 14, "command: [\"/bin/sh\", \"-c\", \"ray stop\"]");
	resources(g, ind + 8, gpus, 1);
}

static void raycluster(gen *g)
{
	ident id;
	unsigned groups = 1 + below(g, 2), i;

	make_ident(g, &id, "ray");
	out(g, 0, "apiVersion: ray.io/v1");
	out(g, 0, "kind: RayCluster");
	metadata(g, &id, 0);
	out(g, 0, "spec:");
	out(g, 2, "rayVersion: \"2.9.3\"");
	out(g, 2, "enableInTreeAutoscaling: %s",
	    chance(g, 50) ? "true" : "false");
	out(g, 2, "headGroupSpec:");
	out(g, 4, "serviceType: ClusterIP");
	out(g, 4, "rayStartParams:");
	out(g, 6, "dashboard-host: \"0.0.0.0\"");
	out(g, 6, "num-cpus: \"0\"");
	ray_group(g, &id, 4, "head", 0);
	out(g, 2, "workerGroupSpecs:");
	for (i = 0; i < groups; i++) {
		unsigned lo = below(g, 3);
		out(g, 4, "- groupName: %s", i ? "cpu-workers" : "gpu-workers");
		out(g, 6, "replicas: %u", lo + 1);
		out(g, 6, "minReplicas: %u", lo);
		out(g, 6, "maxReplicas: %u", lo + 2 + below(g, 16));
		out(g, 6, "rayStartParams: {}");
		ray_group(g, &id, 6, "worker", i ? 0 : 1u << below(g, 3));
	}
}

static void daemonset(gen *g)
{
	ident id;

	make_ident(g, &id, "node-agent");
	out(g, 0, "apiVersion: apps/v1");
	out(g, 0, "kind: DaemonSet");
	metadata(g, &id, 1);
	out(g, 0, "spec:");
	out(g, 2, "selector:");
	out(g, 4, "matchLabels:");
	out(g, 6, "app: %s", id.app);
	out(g, 2, "template:");
	out(g, 4, "metadata:");
	labels(g, &id, 6, 0);
	out(g, 4, "spec:");
	out(g, 6, "hostNetwork: true");
	out(g, 6, "tolerations:");
	out(g, 8, "- operator: Exists");
	containers(g, &id, 6, 2);
}

static void service(gen *g)
{
	ident id;

	make_ident(g, &id, NULL);
	out(g, 0, "apiVersion: v1");
	out(g, 0, "kind: Service");
	metadata(g, &id, 0);
	out(g, 0, "spec:");
	out(g, 2, "type: ClusterIP");
	out(g, 2, "selector:");
	out(g, 4, "app: %s", id.app);
	out(g, 2, "ports:");
	out(g, 4, "- name: http");
	out(g, 6, "port: 80");
	out(g, 6, "targetPort: http");
	out(g, 4, "- name: metrics");
	out(g, 6, "port: 9090");
	out(g, 6, "targetPort: 9090");
}

static void configmap(gen *g)
{
	ident id;

	make_ident(g, &id, NULL);
	out(g, 0, "apiVersion: v1");
	out(g, 0, "kind: ConfigMap");
	out(g, 0, "metadata:");
	out(g, 2, "name: %s-config", id.name);
	out(g, 2, "namespace: %s", id.ns);
	out(g, 0, "data:");
	out(g, 2, "config.yaml: |");
	out(g, 4, "server:");
	out(g, 6, "port: 8080");
	out(g, 6, "readTimeout: 30s");
	out(g, 4, "logging:");
	out(g, 6, "level: %s", PICK(g, log_levels));
	out(g, 4, "upstreams:");
	out(g, 6, "- http://%s-%s.%s.svc:8080", id.team, PICK(g, services),
	    id.ns);
	out(g, 2, "FEATURE_FLAGS: \"canary,%s\"", id.svc);
}

static void namespace_doc(gen *g, unsigned i)
{
	out(g, 0, "apiVersion: v1");
	out(g, 0, "kind: Namespace");
	out(g, 0, "metadata:");
	out(g, 2, "name: %s-%s", teams[i / 3], envs[i % 3]);
	out(g, 2, "labels:");
	out(g, 4, "team: %s", teams[i / 3]);
	out(g, 4, "env: %s", envs[i % 3]);
	if (i % 2)
		out(g, 4, "project: %s", projects[i % COUNT(projects)]);
}

/*
 * The mix: namespaces first, then per document ~60% Deployment, 15% HPA
 * (targeting an earlier Deployment), 6% Job and 4% CronJob with GPUs,
 * 5% StatefulSet, 3% PyTorchJob, 2% RayCluster, and 5% DaemonSets,
 * Services and ConfigMaps.
 */
static void document(gen *g, unsigned long n)
{
	unsigned r;

	if (g->doc < N_NAMESPACES && g->doc < n / 20) {
		namespace_doc(g, (unsigned)g->doc);
		return;
	}
	r = below(g, 100);
	if (r < 60 || (r < 75 && !g->n_pend))
		deployment(g);
	else if (r < 75)
		hpa(g);
	else if (r < 81)
		job(g);
	else if (r < 85)
		cronjob(g);
	else if (r < 90)
		statefulset(g);
	else if (r < 93)
		pytorchjob(g);
	else if (r < 95)
		raycluster(g);
	else if (r < 96)
		daemonset(g);
	else if (r < 99)
		service(g);
	else
		configmap(g);
}

int main(int argc, char **argv)
{
	static char iobuf[1 << 20];
	unsigned long n;
	char *end;
	gen g;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: gen_cluster N OUTFILE [SEED]\n");
		return 2;
	}
	errno = 0;
	n = strtoul(argv[1], &end, 10);
	if (errno || *end || !n) {
		fprintf(stderr, "gen_cluster: bad document count '%s'\n",
			argv[1]);
		return 2;
	}
	memset(&g, 0, sizeof(g));
	g.rng = 0x6d6c636170626e63ULL; /* "mlcapbnc" */
	if (argc == 4)
		g.rng ^= strtoull(argv[3], NULL, 0) * 0x9E3779B97F4A7C15ULL;
	if (!g.rng)
		g.rng = 1;
	if (!(g.pend = malloc(PENDING_CAP * sizeof(*g.pend)))) {
		fprintf(stderr, "gen_cluster: out of memory\n");
		return 2;
	}
	if (!(g.f = fopen(argv[2], "wb"))) {
		fprintf(stderr, "gen_cluster: cannot open '%s': %s\n", argv[2],
			strerror(errno));
		free(g.pend);
		return 2;
	}
	setvbuf(g.f, iobuf, _IOFBF, sizeof(iobuf));
	for (g.doc = 0; g.doc < n; g.doc++) {
		if (g.doc)
			fputs("---\n", g.f);
		document(&g, n);
	}
	free(g.pend);
	if (ferror(g.f) | fclose(g.f)) {
		fprintf(stderr, "gen_cluster: cannot write '%s'\n", argv[2]);
		return 2;
	}
	return 0;
}
