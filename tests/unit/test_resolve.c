/*
 * test_resolve.c - unit tests of resolve.c: effective pod requests and
 * limits as Kubernetes computes them (init containers, KEP-753 sidecars,
 * request-from-limit, overhead, pod-level resources, LimitRange defaults),
 * HPA and KEDA replica bounds, namespaces, cost labels and DaemonSet pods.
 */
#include "support.h"

#define MI (1024LL * 1024)
#define GI (1024LL * MI)

/* ---- containers and pod totals ---- */

static void pod_requests_are_the_sum_of_containers(void **state)
{
	static const char y[] = "apiVersion: v1\n"
				"kind: Pod\n"
				"metadata:\n"
				"  name: p\n"
				"spec:\n"
				"  containers:\n"
				"  - name: a\n"
				"    image: x\n"
				"    resources:\n"
				"      requests: {cpu: 250m, memory: 64Mi}\n"
				"      limits: {cpu: 500m, memory: 128Mi}\n"
				"  - name: b\n"
				"    image: x\n"
				"    resources:\n"
				"      requests: {cpu: \"1\", memory: 1Gi}\n"
				"      limits: {cpu: \"2\", memory: 1Gi}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_clean(y, d);
	assert_int_equal(n_workloads(s), 1);
	w = get_workload(s, "Pod", "p", NULL);
	assert_string_equal(w->namespace, "default");
	assert_int_equal(w->pod_requests.set, MLCAP_RES_CPU | MLCAP_RES_MEMORY);
	assert_int_equal(w->pod_requests.cpu_millis, 1250);
	assert_int_equal(w->pod_requests.memory_bytes, 64 * MI + GI);
	assert_int_equal(w->pod_limits.set, MLCAP_RES_CPU | MLCAP_RES_MEMORY);
	assert_int_equal(w->pod_limits.cpu_millis, 2500);
	assert_int_equal(w->pod_limits.memory_bytes, 128 * MI + GI);
	assert_int_equal(w->replicas_min, 1);
	assert_int_equal(w->replicas_declared, 1);
	assert_int_equal(w->replicas_max, 1);
	free_set(s);
	mlcap_diags_release(d);
}

static void pod_requests_take_the_max_with_init_containers(void **state)
{
	static const char y[] = "apiVersion: v1\n"
				"kind: Pod\n"
				"metadata: {name: p}\n"
				"spec:\n"
				"  initContainers:\n"
				"  - name: migrate\n"
				"    resources:\n"
				"      requests: {cpu: \"2\", memory: 256Mi}\n"
				"  containers:\n"
				"  - name: a\n"
				"    resources:\n"
				"      requests: {cpu: 500m, memory: 1Gi}\n"
				"  - name: b\n"
				"    resources:\n"
				"      requests: {cpu: 500m, memory: 512Mi}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_clean(y, d);
	w = get_workload(s, "Pod", "p", NULL);
	assert_int_equal(w->pod.n_containers, 3);
	assert_int_equal(w->pod.containers[0].kind, MLCAP_CONTAINER_INIT);
	assert_string_equal(w->pod.containers[0].name, "migrate");
	/* cpu: max(0.5 + 0.5, 2); memory: max(1Gi + 512Mi, 256Mi) */
	assert_int_equal(w->pod_requests.cpu_millis, 2000);
	assert_int_equal(w->pod_requests.memory_bytes, GI + 512 * MI);
	/* No container has a limit: the pod has none either. */
	assert_int_equal(w->pod_limits.set, 0);
	free_set(s);
	mlcap_diags_release(d);
}

/* One pod with app 300m and the init containers in `inits`. */
static int64_t sidecar_pod_cpu(const char *inits)
{
	char y[2048];
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	int64_t cpu;

	snprintf(y, sizeof(y),
		 "apiVersion: v1\n"
		 "kind: Pod\n"
		 "metadata: {name: p}\n"
		 "spec:\n"
		 "  initContainers:\n"
		 "%s"
		 "  containers:\n"
		 "  - name: app\n"
		 "    resources: {requests: {cpu: 300m}}\n",
		 inits);
	s = load_clean(y, d);
	cpu = get_workload(s, "Pod", "p", NULL)->pod_requests.cpu_millis;
	free_set(s);
	mlcap_diags_release(d);
	return cpu;
}

#define SIDECAR                                                                \
	"  - name: proxy\n"                                                    \
	"    restartPolicy: Always\n"                                          \
	"    resources: {requests: {cpu: 200m}}\n"
#define INIT_A                                                                 \
	"  - name: init-a\n"                                                   \
	"    resources: {requests: {cpu: 500m}}\n"
#define INIT_B                                                                 \
	"  - name: init-b\n"                                                   \
	"    resources: {requests: {cpu: 400m}}\n"

static void sidecar_counts_for_init_containers_started_after_it(void **st)
{
	(void)st;
	/*
	 * KEP-753: InitContainerUse(i) = sum(sidecars before i) + init(i);
	 * pod = max(sum(app) + sum(sidecars), max_i InitContainerUse(i)).
	 */
	/* sidecar first: max(300+200, 200, 500+200, 400+200) = 700 */
	assert_int_equal(sidecar_pod_cpu(SIDECAR INIT_A INIT_B), 700);
	/* between: max(500, 500, 200, 400+200) = 600 */
	assert_int_equal(sidecar_pod_cpu(INIT_A SIDECAR INIT_B), 600);
	/* last: max(500, 500, 400, 200) = 500 */
	assert_int_equal(sidecar_pod_cpu(INIT_A INIT_B SIDECAR), 500);
	/* no sidecar: max(300, 500, 400) = 500 */
	assert_int_equal(sidecar_pod_cpu(INIT_A INIT_B), 500);
}

static void sidecar_adds_to_the_running_sum(void **state)
{
	static const char y[] = "apiVersion: v1\n"
				"kind: Pod\n"
				"metadata: {name: p}\n"
				"spec:\n"
				"  initContainers:\n"
				"  - name: log-shipper\n"
				"    restartPolicy: Always\n"
				"    resources:\n"
				"      requests: {cpu: \"1\", memory: 1Gi}\n"
				"      limits: {cpu: \"1\", memory: 1Gi}\n"
				"  - name: once\n"
				"    resources:\n"
				"      requests: {cpu: 100m, memory: 64Mi}\n"
				"      limits: {cpu: 100m, memory: 64Mi}\n"
				"  containers:\n"
				"  - name: app\n"
				"    resources:\n"
				"      requests: {cpu: \"2\", memory: 2Gi}\n"
				"      limits: {cpu: \"2\", memory: 2Gi}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_clean(y, d);
	w = get_workload(s, "Pod", "p", NULL);
	assert_int_equal(w->pod.containers[0].kind, MLCAP_CONTAINER_SIDECAR);
	assert_int_equal(w->pod.containers[1].kind, MLCAP_CONTAINER_INIT);
	assert_int_equal(w->pod.containers[2].kind, MLCAP_CONTAINER_REGULAR);
	assert_int_equal(w->pod_requests.cpu_millis, 3000);
	assert_int_equal(w->pod_requests.memory_bytes, 3 * GI);
	assert_int_equal(w->pod_limits.set, MLCAP_RES_CPU | MLCAP_RES_MEMORY);
	assert_int_equal(w->pod_limits.cpu_millis, 3000);
	assert_int_equal(w->pod_limits.memory_bytes, 3 * GI);
	free_set(s);
	mlcap_diags_release(d);
}

static void container_with_only_limits_gets_request_equal_to_limit(void **st)
{
	static const char y[] = "apiVersion: v1\n"
				"kind: Pod\n"
				"metadata: {name: p}\n"
				"spec:\n"
				"  containers:\n"
				"  - name: a\n"
				"    resources:\n"
				"      limits: {cpu: \"1\", memory: 2Gi}\n"
				"  - name: b\n"
				"    resources:\n"
				"      requests: {cpu: 100m}\n"
				"      limits: {cpu: \"1\", memory: 1Gi}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;
	const mlcap_container *c;

	(void)st;
	s = load_clean(y, d);
	w = get_workload(s, "Pod", "p", NULL);
	c = &w->pod.containers[0];
	assert_int_equal(c->requests.set, MLCAP_RES_CPU | MLCAP_RES_MEMORY);
	assert_int_equal(c->requests.cpu_millis, 1000);
	assert_int_equal(c->requests.memory_bytes, 2 * GI);
	/* Per resource: b keeps its cpu request, memory comes from limit. */
	c = &w->pod.containers[1];
	assert_int_equal(c->requests.cpu_millis, 100);
	assert_int_equal(c->requests.memory_bytes, GI);
	assert_int_equal(w->pod_requests.cpu_millis, 1100);
	assert_int_equal(w->pod_requests.memory_bytes, 3 * GI);
	assert_int_equal(w->pod_limits.cpu_millis, 2000);
	free_set(s);
	mlcap_diags_release(d);
}

static void gpu_given_in_limits_only_is_requested(void **state)
{
	static const char y[] = "apiVersion: v1\n"
				"kind: Pod\n"
				"metadata: {name: trainer}\n"
				"spec:\n"
				"  initContainers:\n"
				"  - name: warmup\n"
				"    resources: {limits: {nvidia.com/gpu: 4}}\n"
				"  containers:\n"
				"  - name: a\n"
				"    resources: {limits: {nvidia.com/gpu: 1}}\n"
				"  - name: b\n"
				"    resources:\n"
				"      requests: {cpu: \"1\"}\n"
				"      limits: {nvidia.com/gpu: \"2\"}\n"
				"---\n"
				"apiVersion: v1\n"
				"kind: Pod\n"
				"metadata: {name: server}\n"
				"spec:\n"
				"  containers:\n"
				"  - name: a\n"
				"    resources: {limits: {nvidia.com/gpu: 1}}\n"
				"  - name: b\n"
				"    resources: {limits: {nvidia.com/gpu: 2, "
				"amd.com/gpu: 1}}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_clean(y, d);
	w = get_workload(s, "Pod", "trainer", NULL);
	assert_int_equal(mlcap_resources_ext(&w->pod.containers[1].requests,
					     "nvidia.com/gpu"),
			 1);
	/* max(1 + 2, 4) */
	assert_int_equal(
	    mlcap_resources_ext(&w->pod_requests, "nvidia.com/gpu"), 4);
	assert_int_equal(w->pod_requests.cpu_millis, 1000);
	w = get_workload(s, "Pod", "server", NULL);
	assert_int_equal(
	    mlcap_resources_ext(&w->pod_requests, "nvidia.com/gpu"), 3);
	assert_int_equal(mlcap_resources_ext(&w->pod_limits, "nvidia.com/gpu"),
			 3);
	assert_int_equal(mlcap_resources_ext(&w->pod_requests, "amd.com/gpu"),
			 1);
	/* ext is sorted by name */
	assert_int_equal(w->pod_requests.n_ext, 2);
	assert_string_equal(w->pod_requests.ext[0].name, "amd.com/gpu");
	assert_string_equal(w->pod_requests.ext[1].name, "nvidia.com/gpu");
	assert_true(mlcap_resource_is_accelerator("nvidia.com/gpu"));
	assert_false(mlcap_resource_is_accelerator("example.com/widget"));
	free_set(s);
	mlcap_diags_release(d);
}

/* ---- overhead and pod-level resources ---- */

static const char kata_fc[] = "apiVersion: node.k8s.io/v1\n"
			      "kind: RuntimeClass\n"
			      "metadata:\n"
			      "  name: kata-fc\n"
			      "handler: kata-fc\n"
			      "overhead:\n"
			      "  podFixed:\n"
			      "    memory: \"120Mi\"\n"
			      "    cpu: \"250m\"\n"
			      "---\n";

static void runtime_class_overhead_adds_to_requests_and_limits(void **st)
{
	/* The example of the Kubernetes "Pod Overhead" page. */
	static const char pod[] = "apiVersion: v1\n"
				  "kind: Pod\n"
				  "metadata:\n"
				  "  name: test-pod\n"
				  "spec:\n"
				  "  runtimeClassName: kata-fc\n"
				  "  containers:\n"
				  "  - name: busybox-ctr\n"
				  "    image: busybox:1.28\n"
				  "    stdin: true\n"
				  "    tty: true\n"
				  "    resources:\n"
				  "      limits:\n"
				  "        cpu: 500m\n"
				  "        memory: 100Mi\n"
				  "  - name: nginx-ctr\n"
				  "    image: nginx\n"
				  "    resources:\n"
				  "      limits:\n"
				  "        cpu: 1500m\n"
				  "        memory: 100Mi\n";
	char y[2048];
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;
	const mlcap_runtime_class *rc;
	size_t n;

	(void)st;
	snprintf(y, sizeof(y), "%s%s", kata_fc, pod);
	s = load_clean(y, d);
	rc = mlcap_set_runtime_classes(s, &n);
	assert_int_equal(n, 1);
	assert_string_equal(rc[0].name, "kata-fc");
	assert_int_equal(rc[0].overhead.cpu_millis, 250);
	assert_int_equal(rc[0].overhead.memory_bytes, 120 * MI);
	w = get_workload(s, "Pod", "test-pod", NULL);
	/* The docs: 2250m CPU and 320MiB of memory. */
	assert_int_equal(w->pod_requests.cpu_millis, 2250);
	assert_int_equal(w->pod_requests.memory_bytes, 320 * MI);
	assert_int_equal(w->pod_limits.set, MLCAP_RES_CPU | MLCAP_RES_MEMORY);
	assert_int_equal(w->pod_limits.cpu_millis, 2250);
	assert_int_equal(w->pod_limits.memory_bytes, 320 * MI);
	free_set(s);
	mlcap_diags_release(d);
}

static void overhead_is_added_only_to_limits_that_are_set(void **state)
{
	static const char pod[] = "apiVersion: v1\n"
				  "kind: Pod\n"
				  "metadata: {name: p}\n"
				  "spec:\n"
				  "  runtimeClassName: kata-fc\n"
				  "  containers:\n"
				  "  - name: a\n"
				  "    resources:\n"
				  "      requests: {cpu: \"1\"}\n"
				  "      limits: {memory: 1Gi}\n";
	char y[2048];
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	snprintf(y, sizeof(y), "%s%s", kata_fc, pod);
	s = load_clean(y, d);
	w = get_workload(s, "Pod", "p", NULL);
	assert_int_equal(w->pod_requests.cpu_millis, 1250);
	assert_int_equal(w->pod_requests.memory_bytes, GI + 120 * MI);
	assert_int_equal(w->pod_limits.set, MLCAP_RES_MEMORY);
	assert_int_equal(w->pod_limits.memory_bytes, GI + 120 * MI);
	free_set(s);
	mlcap_diags_release(d);
}

static void pod_level_resources_replace_container_sums(void **state)
{
	static const char y[] = "apiVersion: v1\n"
				"kind: Pod\n"
				"metadata: {name: both}\n"
				"spec:\n"
				"  resources:\n"
				"    requests: {cpu: \"1\", memory: 2Gi}\n"
				"    limits: {cpu: \"2\", memory: 4Gi}\n"
				"  containers:\n"
				"  - name: a\n"
				"    resources: {requests: {cpu: 100m}}\n"
				"  - name: b\n"
				"---\n"
				"apiVersion: v1\n"
				"kind: Pod\n"
				"metadata: {name: container-requests}\n"
				"spec:\n"
				"  resources:\n"
				"    limits: {cpu: \"2\"}\n"
				"  containers:\n"
				"  - name: a\n"
				"    resources: {requests: {cpu: 300m}}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_clean(y, d);
	w = get_workload(s, "Pod", "both", NULL);
	assert_int_equal(w->pod_requests.set &
			     (MLCAP_RES_CPU | MLCAP_RES_MEMORY),
			 MLCAP_RES_CPU | MLCAP_RES_MEMORY);
	assert_int_equal(w->pod_requests.cpu_millis, 1000);
	assert_int_equal(w->pod_requests.memory_bytes, 2 * GI);
	assert_int_equal(w->pod_limits.set, MLCAP_RES_CPU | MLCAP_RES_MEMORY);
	assert_int_equal(w->pod_limits.cpu_millis, 2000);
	assert_int_equal(w->pod_limits.memory_bytes, 4 * GI);
	/* Containers request cpu: the pod-level request is their sum. */
	w = get_workload(s, "Pod", "container-requests", NULL);
	assert_int_equal(w->pod_requests.set & MLCAP_RES_CPU, MLCAP_RES_CPU);
	assert_int_equal(w->pod_requests.cpu_millis, 300);
	assert_int_equal(w->pod_limits.set, MLCAP_RES_CPU);
	assert_int_equal(w->pod_limits.cpu_millis, 2000);
	free_set(s);
	mlcap_diags_release(d);
}

static void pod_level_limits_alone_become_the_pod_requests(void **state)
{
	static const char y[] = "apiVersion: v1\n"
				"kind: Pod\n"
				"metadata: {name: limits-only}\n"
				"spec:\n"
				"  resources:\n"
				"    limits: {cpu: \"2\", memory: 1Gi}\n"
				"  containers:\n"
				"  - name: a\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	/*
	 * PodLevelResources defaulting: with pod-level limits and no request
	 * on any container, the pod-level requests become the limits.
	 */
	s = load_clean(y, d);
	w = get_workload(s, "Pod", "limits-only", NULL);
	assert_int_equal(w->pod_requests.cpu_millis, 2000);
	assert_int_equal(w->pod_requests.memory_bytes, GI);
	assert_int_equal(w->pod_limits.cpu_millis, 2000);
	/* "an unset limit is absent, never zero": the same holds here */
	assert_int_equal(w->pod_requests.set &
			     (MLCAP_RES_CPU | MLCAP_RES_MEMORY),
			 MLCAP_RES_CPU | MLCAP_RES_MEMORY);
	free_set(s);
	mlcap_diags_release(d);
}

static void pod_limit_is_unset_when_a_container_lacks_it(void **state)
{
	static const char y[] =
	    "apiVersion: v1\n"
	    "kind: Pod\n"
	    "metadata: {name: p}\n"
	    "spec:\n"
	    "  containers:\n"
	    "  - name: a\n"
	    "    resources: {limits: {cpu: \"1\", memory: 1Gi}}\n"
	    "  - name: b\n"
	    "    resources: {limits: {memory: 1Gi}}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_clean(y, d);
	w = get_workload(s, "Pod", "p", NULL);
	assert_int_equal(w->pod_limits.set & MLCAP_RES_CPU, 0);
	assert_int_equal(w->pod_limits.set, MLCAP_RES_MEMORY);
	assert_int_equal(w->pod_limits.memory_bytes, 2 * GI);
	assert_int_equal(w->pod_requests.cpu_millis, 1000);
	free_set(s);
	mlcap_diags_release(d);
}

/* ---- LimitRange ---- */

static void limit_range_defaults_apply_in_its_namespace_only(void **state)
{
	static const char y[] =
	    "apiVersion: v1\n"
	    "kind: LimitRange\n"
	    "metadata: {name: lr, namespace: ml}\n"
	    "spec:\n"
	    "  limits:\n"
	    "  - type: Container\n"
	    "    default: {cpu: 500m, memory: 512Mi}\n"
	    "    defaultRequest: {cpu: 100m, memory: 256Mi}\n"
	    "---\n"
	    "apiVersion: v1\n"
	    "kind: Pod\n"
	    "metadata: {name: bare, namespace: ml}\n"
	    "spec:\n"
	    "  containers:\n"
	    "  - name: a\n"
	    "---\n"
	    "apiVersion: v1\n"
	    "kind: Pod\n"
	    "metadata: {name: some-request, namespace: ml}\n"
	    "spec:\n"
	    "  containers:\n"
	    "  - name: a\n"
	    "    resources: {requests: {cpu: 200m}}\n"
	    "---\n"
	    "apiVersion: v1\n"
	    "kind: Pod\n"
	    "metadata: {name: cpu-limit, namespace: ml}\n"
	    "spec:\n"
	    "  containers:\n"
	    "  - name: a\n"
	    "    resources: {limits: {cpu: \"1\"}}\n"
	    "---\n"
	    "apiVersion: v1\n"
	    "kind: Pod\n"
	    "metadata: {name: with-init, namespace: ml}\n"
	    "spec:\n"
	    "  initContainers:\n"
	    "  - name: init\n"
	    "  containers:\n"
	    "  - name: a\n"
	    "    resources: {requests: {cpu: 50m}}\n"
	    "---\n"
	    "apiVersion: v1\n"
	    "kind: Pod\n"
	    "metadata: {name: bare, namespace: other}\n"
	    "spec:\n"
	    "  containers:\n"
	    "  - name: a\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;
	const mlcap_container *c;
	size_t i, n;

	(void)state;
	s = load_clean(y, d);
	mlcap_set_limit_ranges(s, &n);
	assert_int_equal(n, 1);
	w = mlcap_set_workloads(s, &n);
	assert_int_equal(n, 5);

	w = get_workload(s, "Pod", "bare", NULL);
	assert_string_equal(w->namespace, "ml");
	c = &w->pod.containers[0];
	assert_int_equal(c->requests.cpu_millis, 100);
	assert_int_equal(c->requests.memory_bytes, 256 * MI);
	assert_int_equal(c->limits.cpu_millis, 500);
	assert_int_equal(c->limits.memory_bytes, 512 * MI);
	assert_int_equal(w->pod_limits.set, MLCAP_RES_CPU | MLCAP_RES_MEMORY);

	w = get_workload(s, "Pod", "some-request", NULL);
	assert_int_equal(w->pod_requests.cpu_millis, 200);
	assert_int_equal(w->pod_requests.memory_bytes, 256 * MI);
	assert_int_equal(w->pod_limits.cpu_millis, 500);
	assert_int_equal(w->pod_limits.memory_bytes, 512 * MI);

	/* The API server sets request = limit before the LimitRanger. */
	w = get_workload(s, "Pod", "cpu-limit", NULL);
	assert_int_equal(w->pod_requests.cpu_millis, 1000);
	assert_int_equal(w->pod_requests.memory_bytes, 256 * MI);
	assert_int_equal(w->pod_limits.cpu_millis, 1000);
	assert_int_equal(w->pod_limits.memory_bytes, 512 * MI);

	/* Init containers are defaulted too: max(50m, 100m). */
	w = get_workload(s, "Pod", "with-init", NULL);
	assert_int_equal(w->pod_requests.cpu_millis, 100);
	assert_int_equal(w->pod_requests.memory_bytes, 256 * MI);

	w = mlcap_set_workloads(s, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(w[i].namespace, "other") != 0)
			continue;
		assert_int_equal(w[i].pod_requests.set, 0);
		assert_int_equal(w[i].pod_limits.set, 0);
		assert_int_equal(w[i].pod.containers[0].limits.set, 0);
	}
	free_set(s);
	mlcap_diags_release(d);
}

static void limit_range_defaults_follow_max_default_min(void **state)
{
	static const char y[] = "apiVersion: v1\n"
				"kind: LimitRange\n"
				"metadata: {name: max-only, namespace: a}\n"
				"spec:\n"
				"  limits:\n"
				"  - type: Pod\n"
				"    max: {cpu: \"64\"}\n"
				"  - type: Container\n"
				"    max: {cpu: \"2\"}\n"
				"---\n"
				"apiVersion: v1\n"
				"kind: LimitRange\n"
				"metadata: {name: max-and-min, namespace: b}\n"
				"spec:\n"
				"  limits:\n"
				"  - type: Container\n"
				"    max: {memory: 1Gi}\n"
				"    min: {memory: 128Mi}\n"
				"---\n"
				"apiVersion: v1\n"
				"kind: LimitRange\n"
				"metadata: {name: min-only, namespace: c}\n"
				"spec:\n"
				"  limits:\n"
				"  - type: Container\n"
				"    min: {cpu: 50m}\n"
				"---\n"
				"apiVersion: apps/v1\n"
				"kind: Deployment\n"
				"metadata: {name: w, namespace: a}\n"
				"spec:\n"
				"  template:\n"
				"    spec:\n"
				"      containers: [{name: a}]\n"
				"---\n"
				"apiVersion: apps/v1\n"
				"kind: Deployment\n"
				"metadata: {name: w, namespace: b}\n"
				"spec:\n"
				"  template:\n"
				"    spec:\n"
				"      containers: [{name: a}]\n"
				"---\n"
				"apiVersion: apps/v1\n"
				"kind: Deployment\n"
				"metadata: {name: w, namespace: c}\n"
				"spec:\n"
				"  template:\n"
				"    spec:\n"
				"      containers: [{name: a}]\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_limit_range *lr;
	const mlcap_workload *w;
	size_t n, i;

	(void)state;
	s = load_clean(y, d);
	lr = mlcap_set_limit_ranges(s, &n);
	assert_int_equal(n, 3); /* the type: Pod item is not a Container's */
	for (i = 0; i < n; i++) {
		if (!strcmp(lr[i].name, "max-only")) {
			assert_int_equal(lr[i].default_limits.cpu_millis, 2000);
			assert_int_equal(lr[i].default_requests.cpu_millis,
					 2000);
		} else if (!strcmp(lr[i].name, "max-and-min")) {
			/* default <- max, then defaultRequest <- default */
			assert_int_equal(lr[i].default_limits.memory_bytes, GI);
			assert_int_equal(lr[i].default_requests.memory_bytes,
					 GI);
		} else {
			assert_string_equal(lr[i].name, "min-only");
			assert_int_equal(lr[i].default_limits.set, 0);
			assert_int_equal(lr[i].default_requests.set,
					 MLCAP_RES_CPU);
			assert_int_equal(lr[i].default_requests.cpu_millis, 50);
		}
	}
	w = mlcap_set_workloads(s, &n);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		if (!strcmp(w[i].namespace, "a")) {
			assert_int_equal(w[i].pod_requests.cpu_millis, 2000);
			assert_int_equal(w[i].pod_limits.set, MLCAP_RES_CPU);
			assert_int_equal(w[i].pod_limits.cpu_millis, 2000);
		} else if (!strcmp(w[i].namespace, "b")) {
			assert_int_equal(w[i].pod_requests.memory_bytes, GI);
			assert_int_equal(w[i].pod_limits.memory_bytes, GI);
		} else {
			assert_int_equal(w[i].pod_requests.set, MLCAP_RES_CPU);
			assert_int_equal(w[i].pod_requests.cpu_millis, 50);
			assert_int_equal(w[i].pod_limits.set, 0);
		}
	}
	free_set(s);
	mlcap_diags_release(d);
}

static void request_above_a_limit_range_default_limit_is_an_error(void **st)
{
	static const char y[] = "apiVersion: v1\n"
				"kind: LimitRange\n"
				"metadata: {name: lr, namespace: ml}\n"
				"spec:\n"
				"  limits:\n"
				"  - type: Container\n"
				"    default: {cpu: 500m}\n"
				"---\n"
				"apiVersion: v1\n"
				"kind: Pod\n"
				"metadata: {name: p, namespace: ml}\n"
				"spec:\n"
				"  containers:\n"
				"  - name: app\n"
				"    resources: {requests: {cpu: \"1\"}}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_diag *g;

	(void)st;
	s = load_text("t.yaml", y, d);
	assert_int_equal(d->errors, 1);
	g = get_diag(d, "resources.request_above_limit");
	/* at the container: "  - name: app" is line 14, col 5 */
	assert_diag_at(g, MLCAP_ERROR, "t.yaml", 14, 5);
	assert_non_null(strstr(g->message, "'app'"));
	assert_non_null(strstr(g->message, "cpu"));
	free_set(s);
	mlcap_diags_release(d);
}

/* ---- autoscalers ---- */

static const char *const deploy_fmt =
    "apiVersion: apps/v1\n"
    "kind: %s\n"
    "metadata: {name: %s, namespace: %s}\n"
    "spec:\n"
    "  replicas: %d\n"
    "  template:\n"
    "    spec:\n"
    "      containers:\n"
    "      - name: a\n"
    "        resources: {requests: {cpu: 100m}}\n"
    "---\n";

/* Appends a workload document to `buf`. */
static void add_workload(char *buf, size_t cap, const char *kind,
			 const char *name, const char *ns, int replicas)
{
	size_t n = strlen(buf);
	int w =
	    snprintf(buf + n, cap - n, deploy_fmt, kind, name, ns, replicas);

	assert_true(w > 0 && (size_t)w < cap - n);
}

static void hpa_v1_v2_and_v2beta2_bind_by_namespace_kind_and_name(void **st)
{
	static const char hpas[] =
	    "apiVersion: autoscaling/v1\n"
	    "kind: HorizontalPodAutoscaler\n"
	    "metadata: {name: web-hpa, namespace: default}\n"
	    "spec:\n"
	    "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, "
	    "name: web}\n"
	    "  minReplicas: 3\n"
	    "  maxReplicas: 10\n"
	    "  targetCPUUtilizationPercentage: 80\n"
	    "---\n"
	    "apiVersion: autoscaling/v2\n"
	    "kind: HorizontalPodAutoscaler\n"
	    "metadata: {name: api-hpa}\n"
	    "spec:\n"
	    "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, "
	    "name: api}\n"
	    "  maxReplicas: 8\n"
	    "  metrics:\n"
	    "  - type: Resource\n"
	    "    resource: {name: cpu, target: {type: Utilization, "
	    "averageUtilization: 60}}\n"
	    "---\n"
	    "apiVersion: autoscaling/v2beta2\n"
	    "kind: HorizontalPodAutoscaler\n"
	    "metadata: {name: db-hpa, namespace: default}\n"
	    "spec:\n"
	    "  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, "
	    "name: db}\n"
	    "  minReplicas: 2\n"
	    "  maxReplicas: 4\n";
	char y[8192] = "";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;
	const mlcap_scaler *sc;
	size_t n, i;

	(void)st;
	add_workload(y, sizeof(y), "Deployment", "web", "default", 2);
	add_workload(y, sizeof(y), "Deployment", "api", "default", 20);
	add_workload(y, sizeof(y), "StatefulSet", "db", "default", 1);
	add_workload(y, sizeof(y), "Deployment", "web", "prod", 5);
	add_workload(y, sizeof(y), "StatefulSet", "api", "default", 4);
	buf_append(y, sizeof(y), hpas);
	s = load_clean(y, d);

	sc = mlcap_set_scalers(s, &n);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++)
		assert_true(sc[i].bound);

	w = get_workload(s, "Deployment", "web", NULL);
	assert_string_equal(w->namespace, "default");
	assert_true(w->flags & MLCAP_WL_SCALED);
	assert_string_equal(w->scaler_kind, "HorizontalPodAutoscaler");
	assert_string_equal(w->scaler_name, "web-hpa");
	assert_int_equal(w->replicas_min, 3);
	assert_int_equal(w->replicas_declared, 3); /* 2 clamped up */
	assert_int_equal(w->replicas_max, 10);

	/* minReplicas defaults to 1; 20 declared is clamped down to 8. */
	w = get_workload(s, "Deployment", "api", NULL);
	assert_string_equal(w->scaler_name, "api-hpa");
	assert_int_equal(w->replicas_min, 1);
	assert_int_equal(w->replicas_declared, 8);
	assert_int_equal(w->replicas_max, 8);

	w = get_workload(s, "StatefulSet", "db", NULL);
	assert_string_equal(w->scaler_name, "db-hpa");
	assert_int_equal(w->replicas_min, 2);
	assert_int_equal(w->replicas_declared, 2);
	assert_int_equal(w->replicas_max, 4);

	/* Same name, other namespace or kind: not bound. */
	w = mlcap_set_workloads(s, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(w[i].namespace, "prod") == 0 ||
		    (strcmp(w[i].kind, "StatefulSet") == 0 &&
		     strcmp(w[i].name, "api") == 0)) {
			assert_false(w[i].flags & MLCAP_WL_SCALED);
			assert_null(w[i].scaler_name);
			assert_int_equal(w[i].replicas_min,
					 w[i].replicas_declared);
			assert_int_equal(w[i].replicas_max,
					 w[i].replicas_declared);
		}
	}
	assert_int_equal(count_rule(d, "replicas.clamped"), 3);
	assert_int_equal(count_rule(d, "scaler.target_missing"), 0);
	free_set(s);
	mlcap_diags_release(d);
}

static void keda_scaled_object_defaults_to_0_100_and_deployment(void **st)
{
	static const char sos[] =
	    "apiVersion: keda.sh/v1alpha1\n"
	    "kind: ScaledObject\n"
	    "metadata: {name: worker-so, namespace: jobs}\n"
	    "spec:\n"
	    "  scaleTargetRef:\n"
	    "    name: worker\n"
	    "  triggers:\n"
	    "  - type: rabbitmq\n"
	    "    metadata: {queueName: q, mode: QueueLength, "
	    "value: \"5\"}\n"
	    "---\n"
	    "apiVersion: keda.sh/v1alpha1\n"
	    "kind: ScaledObject\n"
	    "metadata: {name: q-so, namespace: jobs}\n"
	    "spec:\n"
	    "  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, "
	    "name: q}\n"
	    "  minReplicaCount: 2\n"
	    "  maxReplicaCount: 5\n"
	    "  triggers: [{type: cpu, metricType: Utilization, "
	    "metadata: {value: \"50\"}}]\n";
	char y[8192] = "";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)st;
	add_workload(y, sizeof(y), "Deployment", "worker", "jobs", 3);
	add_workload(y, sizeof(y), "StatefulSet", "q", "jobs", 10);
	buf_append(y, sizeof(y), sos);
	s = load_clean(y, d);
	w = get_workload(s, "Deployment", "worker", NULL);
	assert_true(w->flags & MLCAP_WL_SCALED);
	assert_string_equal(w->scaler_kind, "ScaledObject");
	assert_string_equal(w->scaler_name, "worker-so");
	assert_int_equal(w->replicas_min, 0);
	assert_int_equal(w->replicas_declared, 3);
	assert_int_equal(w->replicas_max, 100);
	w = get_workload(s, "StatefulSet", "q", NULL);
	assert_string_equal(w->scaler_name, "q-so");
	assert_int_equal(w->replicas_min, 2);
	assert_int_equal(w->replicas_declared, 5);
	assert_int_equal(w->replicas_max, 5);
	free_set(s);
	mlcap_diags_release(d);
}

static void hpa_with_a_missing_target_warns(void **state)
{
	static const char y[] =
	    "apiVersion: apps/v1\n"
	    "kind: Deployment\n"
	    "metadata: {name: web}\n"
	    "spec:\n"
	    "  template:\n"
	    "    spec:\n"
	    "      containers: [{name: a}]\n"
	    "---\n"
	    "apiVersion: autoscaling/v2\n"
	    "kind: HorizontalPodAutoscaler\n"
	    "metadata: {name: ghost-hpa}\n"
	    "spec:\n"
	    "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, "
	    "name: ghost}\n"
	    "  maxReplicas: 3\n"
	    "---\n"
	    "apiVersion: autoscaling/v2\n"
	    "kind: HorizontalPodAutoscaler\n"
	    "metadata: {name: wrong-kind}\n"
	    "spec:\n"
	    "  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, "
	    "name: web}\n"
	    "  maxReplicas: 3\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_scaler *sc;
	const mlcap_workload *w;
	const mlcap_diag *g;
	size_t n;

	(void)state;
	s = load_clean(y, d);
	assert_int_equal(count_rule(d, "scaler.target_missing"), 2);
	g = get_diag(d, "scaler.target_missing");
	assert_diag_at(g, MLCAP_WARNING, "t.yaml", 9, 1);
	assert_non_null(strstr(g->message, "ghost"));
	sc = mlcap_set_scalers(s, &n);
	assert_int_equal(n, 2);
	assert_false(sc[0].bound);
	assert_false(sc[1].bound);
	w = get_workload(s, "Deployment", "web", NULL);
	assert_false(w->flags & MLCAP_WL_SCALED);
	assert_int_equal(w->replicas_max, 1);
	free_set(s);
	mlcap_diags_release(d);
}

static void hpa_leaves_a_target_scaled_to_zero_at_zero(void **state)
{
	char y[4096] = "";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	/*
	 * HPA docs, "Implicit maintenance-mode deactivation": when the
	 * target's replicas are 0 and minReplicas is above 0, the HPA stops
	 * adjusting the target (ScalingActive false, "scaling is disabled
	 * since the replica count of the target is zero"); it stays at 0.
	 */
	add_workload(y, sizeof(y), "Deployment", "paused", "default", 0);
	buf_append(y, sizeof(y),
		   "apiVersion: autoscaling/v2\n"
		   "kind: HorizontalPodAutoscaler\n"
		   "metadata: {name: paused}\n"
		   "spec:\n"
		   "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, "
		   "name: paused}\n"
		   "  minReplicas: 2\n"
		   "  maxReplicas: 5\n");
	s = load_clean(y, d);
	w = get_workload(s, "Deployment", "paused", NULL);
	assert_int_equal(w->replicas_declared, 0);
	assert_int_equal(w->replicas_min, 0);
	free_set(s);
	mlcap_diags_release(d);
}

static void hpa_scales_leaderworkerset_groups(void **state)
{
	static const char y[] =
	    "apiVersion: leaderworkerset.x-k8s.io/v1\n"
	    "kind: LeaderWorkerSet\n"
	    "metadata: {name: vllm}\n"
	    "spec:\n"
	    "  replicas: 2\n"
	    "  leaderWorkerTemplate:\n"
	    "    size: 4\n"
	    "    workerTemplate:\n"
	    "      spec:\n"
	    "        containers: [{name: w}]\n"
	    "---\n"
	    "apiVersion: autoscaling/v2\n"
	    "kind: HorizontalPodAutoscaler\n"
	    "metadata: {name: vllm}\n"
	    "spec:\n"
	    "  scaleTargetRef: {apiVersion: leaderworkerset.x-k8s.io/v1, "
	    "kind: LeaderWorkerSet, name: vllm}\n"
	    "  minReplicas: 1\n"
	    "  maxReplicas: 5\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_clean(y, d);
	/* The HPA counts groups: one leader and size - 1 workers each. */
	w = get_workload(s, "LeaderWorkerSet", "vllm", "leader");
	assert_true(w->flags & MLCAP_WL_SCALED);
	assert_int_equal(w->replicas_min, 1);
	assert_int_equal(w->replicas_declared, 2);
	assert_int_equal(w->replicas_max, 5);
	w = get_workload(s, "LeaderWorkerSet", "vllm", "worker");
	assert_true(w->flags & MLCAP_WL_SCALED);
	assert_int_equal(w->replicas_min, 3);
	assert_int_equal(w->replicas_declared, 6);
	assert_int_equal(w->replicas_max, 15);
	free_set(s);
	mlcap_diags_release(d);
}

/* ---- namespaces and labels ---- */

static void default_namespace_option_places_unqualified_objects(void **st)
{
	static const char y[] =
	    "apiVersion: v1\n"
	    "kind: LimitRange\n"
	    "metadata: {name: lr}\n"
	    "spec:\n"
	    "  limits:\n"
	    "  - type: Container\n"
	    "    defaultRequest: {cpu: 150m}\n"
	    "---\n"
	    "apiVersion: apps/v1\n"
	    "kind: Deployment\n"
	    "metadata: {name: web}\n"
	    "spec:\n"
	    "  replicas: 1\n"
	    "  template:\n"
	    "    spec:\n"
	    "      containers: [{name: a}]\n"
	    "---\n"
	    "apiVersion: autoscaling/v2\n"
	    "kind: HorizontalPodAutoscaler\n"
	    "metadata: {name: web}\n"
	    "spec:\n"
	    "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, "
	    "name: web}\n"
	    "  maxReplicas: 4\n";
	mlcap_load_opts o;
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;
	const mlcap_scaler *sc;
	const mlcap_limit_range *lr;
	size_t n;
	char ns[16] = "team-a";

	(void)st;
	mlcap_load_opts_init(&o);
	o.default_namespace = ns;
	s = load_buf_opts("t.yaml", y, strlen(y), &o, d);
	ns[0] = 'X'; /* the set keeps its own copy */
	assert_int_equal(d->errors, 0);
	w = get_workload(s, "Deployment", "web", NULL);
	assert_string_equal(w->namespace, "team-a");
	assert_int_equal(w->pod_requests.cpu_millis, 150);
	assert_int_equal(w->replicas_max, 4);
	sc = mlcap_set_scalers(s, &n);
	assert_int_equal(n, 1);
	assert_string_equal(sc[0].namespace, "team-a");
	assert_true(sc[0].bound);
	lr = mlcap_set_limit_ranges(s, &n);
	assert_int_equal(n, 1);
	assert_string_equal(lr[0].namespace, "team-a");
	free_set(s);
	mlcap_diags_release(d);

	/* Without the option, "default". */
	s = load_clean(y, d);
	assert_string_equal(
	    get_workload(s, "Deployment", "web", NULL)->namespace, "default");
	free_set(s);
	mlcap_diags_release(d);
}

static void missing_cost_labels_count_namespace_labels(void **state)
{
	static const char y[] =
	    "apiVersion: apps/v1\n"
	    "kind: Deployment\n"
	    "metadata:\n"
	    "  name: one-missing\n"
	    "  namespace: ml\n"
	    "  labels: {project: x}\n"
	    "spec:\n"
	    "  template:\n"
	    "    spec: {containers: [{name: a}]}\n"
	    "---\n"
	    "apiVersion: apps/v1\n"
	    "kind: Deployment\n"
	    "metadata: {name: pod-label, namespace: ml}\n"
	    "spec:\n"
	    "  template:\n"
	    "    metadata: {labels: {owner: bob}}\n"
	    "    spec: {containers: [{name: a}]}\n"
	    "---\n"
	    "apiVersion: apps/v1\n"
	    "kind: Deployment\n"
	    "metadata:\n"
	    "  name: complete\n"
	    "  namespace: ml\n"
	    "  labels: {team: t, project: p, env: e, owner: o}\n"
	    "spec:\n"
	    "  template:\n"
	    "    spec: {containers: [{name: a}]}\n"
	    "---\n"
	    "apiVersion: apps/v1\n"
	    "kind: Deployment\n"
	    "metadata:\n"
	    "  name: none\n"
	    "  namespace: other\n"
	    "  labels: {app: x, Team: wrong-case}\n"
	    "spec:\n"
	    "  template:\n"
	    "    spec: {containers: [{name: a}]}\n"
	    "---\n"
	    "apiVersion: v1\n"
	    "kind: Namespace\n"
	    "metadata:\n"
	    "  name: ml\n"
	    "  labels: {team: ml-platform, env: prod}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_namespace *ns;
	const char *const *labels;
	size_t n;

	(void)state;
	labels = mlcap_default_cost_labels(&n);
	assert_int_equal(n, 4);
	assert_string_equal(labels[0], "team");
	assert_string_equal(labels[1], "project");
	assert_string_equal(labels[2], "env");
	assert_string_equal(labels[3], "owner");

	s = load_clean(y, d);
	ns = mlcap_set_namespaces(s, &n);
	assert_int_equal(n, 1);
	assert_string_equal(mlcap_kvs_get(&ns[0].labels, "team"),
			    "ml-platform");
	/* owner */
	assert_int_equal(
	    get_workload(s, NULL, "one-missing", NULL)->missing_labels, 1);
	/* project */
	assert_int_equal(
	    get_workload(s, NULL, "pod-label", NULL)->missing_labels, 1);
	assert_int_equal(
	    get_workload(s, NULL, "complete", NULL)->missing_labels, 0);
	assert_int_equal(get_workload(s, NULL, "none", NULL)->missing_labels,
			 4);
	free_set(s);
	mlcap_diags_release(d);
}

/* ---- DaemonSets ---- */

static const char nodes[] =
    "apiVersion: v1\n"
    "kind: Node\n"
    "metadata:\n"
    "  name: cpu-1\n"
    "  labels: {pool: cpu}\n"
    "status:\n"
    "  capacity: {cpu: \"8\", memory: 32Gi, pods: \"110\"}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Node\n"
    "metadata:\n"
    "  name: gpu-1\n"
    "  labels: {pool: gpu}\n"
    "spec:\n"
    "  taints:\n"
    "  - {key: nvidia.com/gpu, value: present, effect: NoSchedule}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Node\n"
    "metadata:\n"
    "  name: cpu-2-cordoned\n"
    "  labels: {pool: cpu}\n"
    "spec:\n"
    "  unschedulable: true\n"
    "  taints:\n"
    "  - {key: node.kubernetes.io/unschedulable, effect: NoSchedule}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Node\n"
    "metadata:\n"
    "  name: spot-1\n"
    "  labels: {pool: cpu}\n"
    "spec:\n"
    "  taints:\n"
    "  - {key: spot, value: \"true\", effect: PreferNoSchedule}\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Node\n"
    "metadata:\n"
    "  name: edge-1\n"
    "  labels: {pool: edge}\n"
    "spec:\n"
    "  taints:\n"
    "  - {key: dedicated, value: edge, effect: NoExecute}\n"
    "---\n";

/* A DaemonSet document with the given pod spec lines (indented 6). */
static void add_ds(char *buf, size_t cap, const char *name, const char *spec)
{
	size_t n = strlen(buf);
	int w = snprintf(buf + n, cap - n,
			 "apiVersion: apps/v1\n"
			 "kind: DaemonSet\n"
			 "metadata: {name: %s, namespace: kube-system}\n"
			 "spec:\n"
			 "  template:\n"
			 "    spec:\n"
			 "%s"
			 "      containers: [{name: a}]\n"
			 "---\n",
			 name, spec);

	assert_true(w > 0 && (size_t)w < cap - n);
}

static int64_t ds_pods(const mlcap_set *s, const char *name)
{
	const mlcap_workload *w = get_workload(s, "DaemonSet", name, NULL);

	assert_int_equal(w->flags & (MLCAP_WL_PER_NODE | MLCAP_WL_NODES_KNOWN),
			 MLCAP_WL_PER_NODE | MLCAP_WL_NODES_KNOWN);
	assert_int_equal(w->replicas_min, w->replicas_declared);
	assert_int_equal(w->replicas_max, w->replicas_declared);
	return w->replicas_declared;
}

static void daemonset_pods_are_counted_on_eligible_nodes(void **state)
{
	char y[16384];
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	size_t n;

	(void)state;
	snprintf(y, sizeof(y), "%s", nodes);
	add_ds(y, sizeof(y), "logs", "");
	add_ds(y, sizeof(y), "gpu-plugin",
	       "      nodeSelector: {pool: gpu}\n"
	       "      tolerations:\n"
	       "      - {key: nvidia.com/gpu, operator: Exists, "
	       "effect: NoSchedule}\n");
	add_ds(y, sizeof(y), "everywhere",
	       "      tolerations: [{operator: Exists}]\n");
	add_ds(y, sizeof(y), "edge-wrong-value",
	       "      nodeSelector: {pool: edge}\n"
	       "      tolerations:\n"
	       "      - {key: dedicated, operator: Equal, value: other, "
	       "effect: NoExecute}\n");
	add_ds(y, sizeof(y), "edge",
	       "      nodeSelector: {pool: edge}\n"
	       "      tolerations: [{key: dedicated, value: edge}]\n");
	add_ds(y, sizeof(y), "affinity",
	       "      tolerations: [{operator: Exists}]\n"
	       "      affinity:\n"
	       "        nodeAffinity:\n"
	       "          requiredDuringSchedulingIgnoredDuringExecution:\n"
	       "            nodeSelectorTerms:\n"
	       "            - matchExpressions:\n"
	       "              - {key: pool, operator: In, "
	       "values: [gpu, edge]}\n");
	s = load_clean(y, d);
	mlcap_set_nodes(s, &n);
	assert_int_equal(n, 5);
	/* cpu-1, the cordoned node (DaemonSets tolerate unschedulable), and
	 * spot-1 (PreferNoSchedule does not keep pods away) */
	assert_int_equal(ds_pods(s, "logs"), 3);
	assert_int_equal(ds_pods(s, "gpu-plugin"), 1);
	assert_int_equal(ds_pods(s, "everywhere"), 5);
	assert_int_equal(ds_pods(s, "edge-wrong-value"), 0);
	assert_int_equal(ds_pods(s, "edge"), 1);
	assert_int_equal(ds_pods(s, "affinity"), 2);
	free_set(s);
	mlcap_diags_release(d);
}

static void daemonset_tolerates_only_the_taints_kubernetes_adds(void **st)
{
	static const char taints[][64] = {
	    "node.kubernetes.io/not-ready, effect: NoExecute",
	    "node.kubernetes.io/unreachable, effect: NoExecute",
	    "node.kubernetes.io/memory-pressure, effect: NoSchedule",
	    "node.kubernetes.io/disk-pressure, effect: NoSchedule",
	    "node.kubernetes.io/pid-pressure, effect: NoSchedule",
	    "node.kubernetes.io/network-unavailable, effect: NoSchedule",
	    "node.kubernetes.io/out-of-service, effect: NoExecute",
	};
	char y[8192] = "";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	size_t i, n;

	(void)st;
	for (i = 0; i < sizeof(taints) / sizeof(taints[0]); i++) {
		n = strlen(y);
		snprintf(y + n, sizeof(y) - n,
			 "apiVersion: v1\n"
			 "kind: Node\n"
			 "metadata: {name: n%zu}\n"
			 "spec:\n"
			 "  taints: [{key: %s}]\n"
			 "---\n",
			 i, taints[i]);
	}
	add_ds(y, sizeof(y), "logs", "");
	s = load_clean(y, d);
	/*
	 * The DaemonSet controller adds tolerations for not-ready and
	 * unreachable (NoExecute), memory-, disk- and pid-pressure and
	 * unschedulable (NoSchedule), and network-unavailable only for
	 * hostNetwork pods; out-of-service is not among them.
	 */
	assert_int_equal(ds_pods(s, "logs"), 5);
	free_set(s);
	mlcap_diags_release(d);
}

static void daemonset_without_nodes_is_per_node_and_unknown(void **state)
{
	char y[2048] = "";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	add_ds(y, sizeof(y), "logs", "");
	s = load_clean(y, d);
	w = get_workload(s, "DaemonSet", "logs", NULL);
	assert_int_equal(w->flags & MLCAP_WL_PER_NODE, MLCAP_WL_PER_NODE);
	assert_int_equal(w->flags & MLCAP_WL_NODES_KNOWN, 0);
	assert_int_equal(w->replicas_min, -1);
	assert_int_equal(w->replicas_declared, -1);
	assert_int_equal(w->replicas_max, -1);
	free_set(s);
	mlcap_diags_release(d);
}

static void resolve_twice_is_refused(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_set *s = NULL;

	(void)state;
	assert_int_equal(mlcap_set_new(&s, NULL), 0);
	track_set(s);
	assert_int_equal(mlcap_set_resolve(s, d), 0);
	assert_int_equal(mlcap_set_resolve(s, d), MLCAP_EINVAL);
	assert_int_equal(n_workloads(s), 0);
	free_set(s);
	free_set(NULL);
	mlcap_diags_release(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    unit_case(pod_requests_are_the_sum_of_containers),
	    unit_case(pod_requests_take_the_max_with_init_containers),
	    unit_case(sidecar_counts_for_init_containers_started_after_it),
	    unit_case(sidecar_adds_to_the_running_sum),
	    unit_case(container_with_only_limits_gets_request_equal_to_limit),
	    unit_case(gpu_given_in_limits_only_is_requested),
	    unit_case(runtime_class_overhead_adds_to_requests_and_limits),
	    unit_case(overhead_is_added_only_to_limits_that_are_set),
	    unit_case(pod_level_resources_replace_container_sums),
	    unit_case(pod_level_limits_alone_become_the_pod_requests),
	    unit_case(pod_limit_is_unset_when_a_container_lacks_it),
	    unit_case(limit_range_defaults_apply_in_its_namespace_only),
	    unit_case(limit_range_defaults_follow_max_default_min),
	    unit_case(request_above_a_limit_range_default_limit_is_an_error),
	    unit_case(hpa_v1_v2_and_v2beta2_bind_by_namespace_kind_and_name),
	    unit_case(keda_scaled_object_defaults_to_0_100_and_deployment),
	    unit_case(hpa_with_a_missing_target_warns),
	    unit_case(hpa_leaves_a_target_scaled_to_zero_at_zero),
	    unit_case(hpa_scales_leaderworkerset_groups),
	    unit_case(default_namespace_option_places_unqualified_objects),
	    unit_case(missing_cost_labels_count_namespace_labels),
	    unit_case(daemonset_pods_are_counted_on_eligible_nodes),
	    unit_case(daemonset_tolerates_only_the_taints_kubernetes_adds),
	    unit_case(daemonset_without_nodes_is_per_node_and_unknown),
	    unit_case(resolve_twice_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
