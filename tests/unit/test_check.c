/*
 * test_check.c - the pre-deploy check on clusters small enough to check
 * by hand: the golden cases check/cluster (a live cluster given as
 * kubectl's NodeList and PodList) and check/baseline (a cost diff with
 * --max-increase) run in-process, then the rules one at a time: pods a
 * rollout replaces, finished pods, a cluster node that is full, and a
 * limits.* quota. Every figure is worked out in the comments.
 *
 * Prices: cpu4 (4 vCPU, 8Gi) $0.16/h = $116.80/month, gpu (8 vCPU,
 * 32Gi, 1 T4) $1.00/h = $730.00/month; reserved: none, so a new node's
 * allocatable is its capacity and 110 pods.
 */
#include "support.h"

#define NANO	   1000000000LL
#define CPU4_MONTH 116800000000LL /* $0.16 x 730 */

static const char config_text[] =
    "provider: custom\n"
    "region: lab\n"
    "reserved: none\n"
    "instanceTypes:\n"
    "  - {name: cpu4, vcpu: 4, memory: 8Gi, usdPerHour: \"0.16\"}\n"
    "  - {name: gpu, vcpu: 8, memory: 32Gi, gpus: 1, gpuModel: T4,\n"
    "     usdPerHour: \"1.00\"}\n";

/* ---- helpers ---- */

static mlcap_set *load_config(const char *text, mlcap_diags *d)
{
	mlcap_load_opts o;
	mlcap_load_opts_init(&o);
	o.config = true;
	return load_buf_opts("mlcap.yaml", text, strlen(text), &o, d);
}

/* A cluster set as `mlcap check --nodes a,b` loads it: the texts of the
 * Nodes and of the Pods (may be NULL) in one resolved set. */
static mlcap_set *load_cluster(const char *nodes_name, const char *nodes,
			       const char *pods_name, const char *pods,
			       mlcap_diags *d)
{
	mlcap_set *s = NULL;

	assert_int_equal(mlcap_set_new(&s, NULL), 0);
	track_set(s);
	assert_int_equal(
	    mlcap_set_add_buffer(s, nodes_name, nodes, strlen(nodes), d), 0);
	if (pods)
		assert_int_equal(
		    mlcap_set_add_buffer(s, pods_name, pods, strlen(pods), d),
		    0);
	assert_int_equal(mlcap_set_resolve(s, d), 0);
	if (d->errors)
		dump_diags(d);
	assert_int_equal(d->errors, 0);
	return s;
}

/* Runs the check; no input errors expected. */
static void run_check(mlcap_check *c, const mlcap_set *ws, const mlcap_set *cs,
		      const mlcap_check_opts *o, mlcap_diags *d)
{
	assert_int_equal(mlcap_check_run(ws, cs, NULL, o, c, d), 0);
	if (d->errors)
		dump_diags(d);
	assert_int_equal(d->errors, 0);
	assert_non_null(c->max);
	assert_int_equal(c->max->scenario, MLCAP_SCENARIO_MAX);
}

/* The quota row of namespace/resource: the sum row when `rejects` is
 * NULL, else the row rejecting that workload. NULL when absent. */
static const mlcap_check_quota *quota_row(const mlcap_check *c, const char *ns,
					  const char *resource,
					  const char *rejects)
{
	size_t i;

	for (i = 0; i < c->n_quotas; i++) {
		const mlcap_check_quota *q = &c->quotas[i];
		if (strcmp(q->namespace, ns) != 0 ||
		    strcmp(q->resource, resource) != 0 ||
		    !q->rejects != !rejects)
			continue;
		if (rejects && strcmp(q->rejects, rejects) != 0)
			continue;
		return q;
	}
	return NULL;
}

static const mlcap_check_diff *diff_row(const mlcap_check *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->n_diff; i++)
		if (strcmp(c->diff[i].key, key) == 0)
			return &c->diff[i];
	return NULL;
}

/* The plan's entry of cluster (existing) or added nodes of `type`. */
static const mlcap_plan_nodes *nodes_of(const mlcap_check *c, const char *type,
					bool existing)
{
	size_t i;

	for (i = 0; i < c->max->n_nodes; i++)
		if (c->max->nodes[i].existing == existing &&
		    strcmp(c->max->nodes[i].instance_type, type) == 0)
			return &c->max->nodes[i];
	return NULL;
}

/* ---- the golden case check/cluster ---- */

static const char cluster_app[] =
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: web, namespace: shop}\n"
    "spec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n"
    "        - name: c\n"
    "          resources: {requests: {cpu: \"1\", memory: 2Gi}}\n"
    "---\n"
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
    "metadata: {name: web, namespace: shop}\n"
    "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, "
    "name: web}\n  minReplicas: 2\n  maxReplicas: 4\n"
    "---\n"
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: infer, namespace: ml}\n"
    "spec:\n  template:\n    spec:\n      containers:\n"
    "        - name: c\n"
    "          resources:\n"
    "            requests: {cpu: \"2\", memory: 8Gi}\n"
    "            limits: {nvidia.com/gpu: 1}\n"
    "---\n"
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: huge, namespace: ml}\n"
    "spec:\n  template:\n    spec:\n      containers:\n"
    "        - name: c\n"
    "          resources:\n"
    "            requests: {cpu: \"1\", memory: 1Gi}\n"
    "            limits: {nvidia.com/gpu: 2}\n"
    "---\n"
    "apiVersion: v1\nkind: ResourceQuota\n"
    "metadata: {name: compute, namespace: shop}\n"
    "spec:\n  hard:\n    requests.cpu: \"6\"\n    pods: \"10\"\n"
    "    limits.memory: 16Gi\n    count/deployments.apps: \"5\"\n"
    "---\n"
    "apiVersion: v1\nkind: ResourceQuota\n"
    "metadata: {name: gpus, namespace: ml}\n"
    "spec:\n  hard:\n    requests.nvidia.com/gpu: \"1\"\n";

static const char cluster_nodes[] =
    "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n"
    " {\"apiVersion\": \"v1\", \"kind\": \"Node\",\n"
    "  \"metadata\": {\"name\": \"node-a\", \"labels\": {\n"
    "   \"node.kubernetes.io/instance-type\": \"cpu4\",\n"
    "   \"kubernetes.io/arch\": \"amd64\"}},\n"
    "  \"spec\": {},\n"
    "  \"status\": {\n"
    "   \"capacity\": {\"cpu\": \"4\", \"memory\": \"8Gi\", "
    "\"pods\": \"110\"},\n"
    "   \"allocatable\": {\"cpu\": \"4\", \"memory\": \"8Gi\", "
    "\"pods\": \"110\"}}},\n"
    " {\"apiVersion\": \"v1\", \"kind\": \"Node\",\n"
    "  \"metadata\": {\"name\": \"node-b\", \"labels\": {\n"
    "   \"node.kubernetes.io/instance-type\": \"gpu\",\n"
    "   \"nvidia.com/gpu.product\": \"Tesla-T4\"}},\n"
    "  \"spec\": {\"taints\": [{\"key\": \"nvidia.com/gpu\", "
    "\"value\": \"present\", \"effect\": \"NoSchedule\"}]},\n"
    "  \"status\": {\n"
    "   \"capacity\": {\"cpu\": \"8\", \"memory\": \"32Gi\", "
    "\"pods\": \"110\", \"nvidia.com/gpu\": \"1\"},\n"
    "   \"allocatable\": {\"cpu\": \"8\", \"memory\": \"32Gi\", "
    "\"pods\": \"110\", \"nvidia.com/gpu\": \"1\"}}},\n"
    " {\"apiVersion\": \"v1\", \"kind\": \"Node\",\n"
    "  \"metadata\": {\"name\": \"node-c\", \"labels\": {\n"
    "   \"node.kubernetes.io/instance-type\": \"cpu4\"}},\n"
    "  \"spec\": {\"unschedulable\": true},\n"
    "  \"status\": {\"allocatable\": {\"cpu\": \"4\", \"memory\": \"8Gi\", "
    "\"pods\": \"110\"}}}\n"
    "]}\n";

static const char cluster_pods[] =
    "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n"
    " {\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n"
    "  \"metadata\": {\"name\": \"web-5d9c-x1\", \"namespace\": \"shop\",\n"
    "   \"labels\": {\"pod-template-hash\": \"5d9c\"},\n"
    "   \"ownerReferences\": [{\"apiVersion\": \"apps/v1\", "
    "\"kind\": \"ReplicaSet\", \"name\": \"web-5d9c\", "
    "\"controller\": true}]},\n"
    "  \"spec\": {\"nodeName\": \"node-a\", \"containers\": [{\"name\": "
    "\"c\", \"resources\": {\"requests\": {\"cpu\": \"1\", "
    "\"memory\": \"2Gi\"}}}]},\n"
    "  \"status\": {\"phase\": \"Running\"}},\n"
    " {\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n"
    "  \"metadata\": {\"name\": \"legacy\", \"namespace\": \"shop\"},\n"
    "  \"spec\": {\"nodeName\": \"node-a\", \"containers\": [{\"name\": "
    "\"c\", \"resources\": {\"requests\": {\"cpu\": \"1500m\", "
    "\"memory\": \"1Gi\"}}}]},\n"
    "  \"status\": {\"phase\": \"Running\"}},\n"
    " {\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n"
    "  \"metadata\": {\"name\": \"done\", \"namespace\": \"shop\"},\n"
    "  \"spec\": {\"nodeName\": \"node-a\", \"containers\": [{\"name\": "
    "\"c\", \"resources\": {\"requests\": {\"cpu\": \"3\"}}}]},\n"
    "  \"status\": {\"phase\": \"Succeeded\"}},\n"
    " {\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n"
    "  \"metadata\": {\"name\": \"old-infer\", \"namespace\": \"ml\",\n"
    "   \"ownerReferences\": [{\"apiVersion\": \"apps/v1\", "
    "\"kind\": \"ReplicaSet\", \"name\": \"batch-x\", "
    "\"controller\": true}]},\n"
    "  \"spec\": {\"nodeName\": \"node-b\",\n"
    "   \"tolerations\": [{\"key\": \"nvidia.com/gpu\", "
    "\"operator\": \"Exists\"}],\n"
    "   \"containers\": [{\"name\": \"c\", \"resources\": {\"requests\": "
    "{\"cpu\": \"2\", \"memory\": \"8Gi\"}, \"limits\": "
    "{\"nvidia.com/gpu\": \"1\"}}}]},\n"
    "  \"status\": {\"phase\": \"Running\"}}\n"
    "]}\n";

static void golden_cluster_places_on_free_room_then_added_nodes(void **state)
{
	/*
	 * Running pods: web-5d9c-x1 belongs to ReplicaSet web-5d9c (hash
	 * 5d9c) of the Deployment web that the new manifests roll out: not
	 * counted. done has Succeeded: not counted. legacy (1500m, 1Gi on
	 * node-a) and old-infer (2 CPU, 8Gi, 1 GPU on node-b; its owner
	 * batch-x is no new workload) are: 2 running pods. node-c is
	 * cordoned: 2 schedulable cluster nodes, 1 cordoned.
	 *
	 * Free room: node-a 2500m, 7Gi; node-b 6 CPU, 24Gi, no GPU (and
	 * its taint keeps web off).
	 * web at its HPA max, 4 x (1 CPU, 2Gi): 2 on node-a (2500m holds
	 * 2), 2 on a new cpu4 ($0.16/h). infer, 1 GPU: node-b's GPU is
	 * taken, a new gpu node ($1.00/h). huge, 2 GPUs: nothing has 2.
	 * New pods 4 + 1 + 1 = 6: 2 on the cluster, 3 on 2 added nodes,
	 * 1 unschedulable. Added: $1.16/h x 730 = $846.80/month.
	 */
	mlcap_diags *d = test_diags(0);
	mlcap_set *ws = load_clean(cluster_app, d);
	mlcap_set *cs = load_config(config_text, d);
	mlcap_set *cl = load_cluster("nodes.json", cluster_nodes, "pods.json",
				     cluster_pods, d);
	mlcap_check_opts o;
	mlcap_check c;
	const mlcap_plan_nodes *n;
	(void)state;

	mlcap_check_opts_init(&o);
	o.plan.cluster = cl;
	run_check(&c, ws, cs, &o, d);
	assert_int_equal(c.new_pods, 6);
	assert_int_equal(c.placed_existing, 2);
	assert_int_equal(c.placed_new, 3);
	assert_int_equal(c.unschedulable, 1);
	assert_int_equal(c.added_nodes, 2);
	assert_int_equal(c.added_monthly_nanos, 846800000000LL);
	assert_int_equal(c.plan.cluster_nodes, 2);
	assert_int_equal(c.plan.cordoned_nodes, 1);
	assert_int_equal(c.plan.running_pods, 2);
	/* where they went */
	n = nodes_of(&c, "cpu4", true);
	assert_non_null(n);
	assert_int_equal(n->count, 1);
	assert_int_equal(n->pods, 2);
	assert_int_equal(n->monthly_nanos, 0);
	n = nodes_of(&c, "cpu4", false);
	assert_non_null(n);
	assert_int_equal(n->count, 1);
	assert_int_equal(n->pods, 2);
	assert_int_equal(n->monthly_nanos, CPU4_MONTH);
	n = nodes_of(&c, "gpu", false);
	assert_non_null(n);
	assert_int_equal(n->count, 1);
	assert_int_equal(n->pods, 1);
	assert_int_equal(n->monthly_nanos, 730 * NANO);
	/* huge: the custom gpu type (1 GPU) beats node-b (0 left) */
	assert_int_equal(c.max->n_unsched, 1);
	assert_string_equal(c.max->unsched[0].name, "huge");
	assert_string_equal(c.max->unsched[0].reason,
			    "requests 2 nvidia.com/gpu; largest allowed type "
			    "gpu has 1");
	assert_int_equal(c.max->unsched[0].loc.line, 32);
	/* without a baseline, the increase is what the added nodes cost */
	assert_false(c.has_baseline);
	assert_int_equal(c.increase_nanos, 846800000000LL);
	assert_false(c.increase_exceeded);
	assert_true(mlcap_check_failed(&c));
	mlcap_check_release(&c);
}

static void golden_cluster_quotas(void **state)
{
	/*
	 * shop/compute: requests.cpu in use 1500m (legacy; web-5d9c-x1 is
	 * replaced, done has finished), added 4 x 1000m = 4000m: 5500m of
	 * 6, ok. pods: 1 in use, 4 added, 5 of 10. limits.memory: web's
	 * container sets no memory limit, so the API server rejects its
	 * pods: a REJECTS row, and the sum row 0 + 0. count/deployments.apps
	 * is not checked (a note). ml/gpus: requests.nvidia.com/gpu in use
	 * 1 (old-infer), added infer 1 + huge 2 = 3 (huge counts though it
	 * fits nowhere): 4 > 1, exceeded.
	 */
	mlcap_diags *d = test_diags(0);
	mlcap_set *ws = load_clean(cluster_app, d);
	mlcap_set *cs = load_config(config_text, d);
	mlcap_set *cl = load_cluster("nodes.json", cluster_nodes, "pods.json",
				     cluster_pods, d);
	mlcap_check_opts o;
	mlcap_check c;
	const mlcap_check_quota *q;
	(void)state;

	mlcap_check_opts_init(&o);
	o.plan.cluster = cl;
	run_check(&c, ws, cs, &o, d);
	assert_int_equal(c.n_quotas, 5);
	q = quota_row(&c, "shop", "requests.cpu", NULL);
	assert_non_null(q);
	assert_string_equal(q->quota, "compute");
	assert_int_equal(q->hard, 6000);
	assert_int_equal(q->used, 1500);
	assert_int_equal(q->added, 4000);
	assert_false(q->exceeded);
	q = quota_row(&c, "shop", "pods", NULL);
	assert_non_null(q);
	assert_int_equal(q->hard, 10);
	assert_int_equal(q->used, 1);
	assert_int_equal(q->added, 4);
	assert_false(q->exceeded);
	q = quota_row(&c, "shop", "limits.memory", NULL);
	assert_non_null(q);
	assert_int_equal(q->hard, 16LL << 30);
	assert_int_equal(q->used, 0);
	assert_int_equal(q->added, 0);
	assert_false(q->exceeded);
	q = quota_row(&c, "shop", "limits.memory", "web");
	assert_non_null(q);
	assert_true(q->exceeded);
	assert_int_equal(q->loc.line, 1); /* web's Deployment */
	assert_null(quota_row(&c, "shop", "count/deployments.apps", NULL));
	q = quota_row(&c, "ml", "requests.nvidia.com/gpu", NULL);
	assert_non_null(q);
	assert_string_equal(q->quota, "gpus");
	assert_int_equal(q->hard, 1);
	assert_int_equal(q->used, 1);
	assert_int_equal(q->added, 3);
	assert_true(q->exceeded);
	assert_true(c.quota_exceeded);
	/* the rejection is a warning at the workload, the skipped key a
	 * note */
	assert_int_equal(count_rule(d, "check.quota"), 2);
	assert_int_equal(get_diag(d, "check.quota")->severity, MLCAP_WARNING);
	assert_int_equal(get_diag(d, "check.quota")->line, 1);
	assert_non_null(strstr(get_diag(d, "check.quota")->message,
			       "container c sets no limit for memory"));
	assert_true(mlcap_check_failed(&c));
	mlcap_check_release(&c);
}

static void max_increase_without_baseline_is_the_added_nodes(void **state)
{
	/* $846.80 of added nodes: past a limit of $800, not of $846.80;
	 * with no base any increase is past a percentage. */
	mlcap_diags *d = test_diags(0);
	mlcap_set *ws = load_clean(cluster_app, d);
	mlcap_set *cs = load_config(config_text, d);
	mlcap_set *cl = load_cluster("nodes.json", cluster_nodes, "pods.json",
				     cluster_pods, d);
	mlcap_check_opts o;
	mlcap_check c;
	(void)state;

	mlcap_check_opts_init(&o);
	o.plan.cluster = cl;
	o.max_increase_nanos = 800 * NANO;
	run_check(&c, ws, cs, &o, d);
	assert_true(c.increase_exceeded);
	assert_int_equal(c.increase_nanos, 846800000000LL);
	assert_int_equal(c.increase_base_nanos, 0);
	assert_int_equal(c.limit_nanos, 800 * NANO);
	assert_int_equal(c.limit_ppm, -1);
	mlcap_check_release(&c);

	o.max_increase_nanos = 846800000000LL;
	run_check(&c, ws, cs, &o, d);
	assert_false(c.increase_exceeded);
	mlcap_check_release(&c);

	o.max_increase_nanos = -1;
	o.max_increase_ppm = 1000000000; /* 1000% of nothing */
	run_check(&c, ws, cs, &o, d);
	assert_true(c.increase_exceeded);
	mlcap_check_release(&c);
}

/* ---- the golden case check/baseline ---- */

static const char cpu4_config[] =
    "provider: custom\nregion: lab\nreserved: none\n"
    "instanceTypes:\n"
    "  - {name: cpu4, vcpu: 4, memory: 8Gi, usdPerHour: \"0.16\"}\n";

#define WEB_HPA                                                                \
	"---\n"                                                                \
	"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"          \
	"metadata: {name: web, namespace: shop}\n"                             \
	"spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, "    \
	"name: web}\n  minReplicas: 2\n  maxReplicas: 4\n"

static const char baseline_old[] =
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: web, namespace: shop}\n"
    "spec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n"
    "        - name: c\n"
    "          resources: {requests: {cpu: \"1\", memory: 2Gi}}\n" WEB_HPA
    "---\n"
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: legacy, namespace: shop}\n"
    "spec:\n  template:\n    spec:\n      containers:\n"
    "        - name: c\n"
    "          resources: {requests: {cpu: \"1\", memory: 2Gi}}\n";

static const char baseline_new[] =
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: web, namespace: shop}\n"
    "spec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n"
    "        - name: c\n"
    "          resources: {requests: {cpu: \"2\", memory: 2Gi}}\n" WEB_HPA
    "---\n"
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: api, namespace: shop}\n"
    "spec:\n  template:\n    spec:\n      containers:\n"
    "        - name: c\n"
    "          resources: {requests: {cpu: \"1\", memory: 1Gi}}\n";

static void baseline_run(mlcap_check *c, int64_t max_nanos, int64_t max_ppm)
{
	mlcap_diags *d = test_diags(0);
	mlcap_set *ws = load_clean(baseline_new, d);
	mlcap_set *old = load_clean(baseline_old, d);
	mlcap_set *cs = load_config(cpu4_config, d);
	mlcap_check_opts o;

	mlcap_check_opts_init(&o);
	o.baseline = old;
	o.max_increase_nanos = max_nanos;
	o.max_increase_ppm = max_ppm;
	run_check(c, ws, cs, &o, d);
}

static void golden_baseline_cost_diff(void **state)
{
	/*
	 * One type, cpu4 at $116.80/month. No unit rates, so a pod is
	 * charged its largest share of its node.
	 * Old: web 1 CPU/2Gi (a quarter of a cpu4: $29.20), legacy the
	 * same. Min: web 2 + legacy 1 = 3000m, 6Gi: one cpu4, $116.80.
	 * Max: web 4 + legacy 1 = 5 pods, 4 to a node: 2 cpu4, $233.60.
	 * web $58.40 -> $116.80, legacy $29.20 at both.
	 * New: web 2 CPU/2Gi (half a cpu4: $58.40), api 1 CPU/1Gi (a
	 * quarter by CPU: $29.20). Min: web 2 fill a cpu4, api opens
	 * another: $233.60. Max: web 4 on 2 cpu4, api on a third:
	 * $350.40. web $116.80 -> $233.60.
	 * The check itself plans the new set at its max: 5 pods on 3 added
	 * nodes, $350.40.
	 */
	mlcap_check c;
	const mlcap_check_diff *r;
	(void)state;

	baseline_run(&c, -1, -1);
	assert_int_equal(c.new_pods, 5);
	assert_int_equal(c.placed_new, 5);
	assert_int_equal(c.placed_existing, 0);
	assert_int_equal(c.unschedulable, 0);
	assert_int_equal(c.added_nodes, 3);
	assert_int_equal(c.added_monthly_nanos, 3 * CPU4_MONTH);
	assert_true(c.has_baseline);
	assert_string_equal(c.total.key, "total");
	assert_int_equal(c.total.old_nanos[0], CPU4_MONTH);
	assert_int_equal(c.total.new_nanos[0], 2 * CPU4_MONTH);
	assert_int_equal(c.total.old_nanos[1], 2 * CPU4_MONTH);
	assert_int_equal(c.total.new_nanos[1], 3 * CPU4_MONTH);
	/* sorted by key */
	assert_int_equal(c.n_diff, 3);
	assert_string_equal(c.diff[0].key, "shop/api");
	assert_string_equal(c.diff[1].key, "shop/legacy");
	assert_string_equal(c.diff[2].key, "shop/web");
	r = diff_row(&c, "shop/api");
	assert_int_equal(r->old_nanos[0], -1);
	assert_int_equal(r->old_nanos[1], -1);
	assert_int_equal(r->new_nanos[0], 29200000000LL);
	assert_int_equal(r->new_nanos[1], 29200000000LL);
	r = diff_row(&c, "shop/legacy");
	assert_int_equal(r->old_nanos[0], 29200000000LL);
	assert_int_equal(r->old_nanos[1], 29200000000LL);
	assert_int_equal(r->new_nanos[0], -1);
	assert_int_equal(r->new_nanos[1], -1);
	r = diff_row(&c, "shop/web");
	assert_int_equal(r->old_nanos[0], 58400000000LL);
	assert_int_equal(r->new_nanos[0], 116800000000LL);
	assert_int_equal(r->old_nanos[1], 116800000000LL);
	assert_int_equal(r->new_nanos[1], 233600000000LL);
	/* no limit: the max's change is reported, nothing fails */
	assert_int_equal(c.increase_nanos, CPU4_MONTH);
	assert_int_equal(c.increase_base_nanos, 2 * CPU4_MONTH);
	assert_false(c.increase_exceeded);
	assert_false(mlcap_check_failed(&c));
	mlcap_check_release(&c);
}

static void golden_baseline_max_increase(void **state)
{
	/*
	 * Both scenarios grow by $116.80: the min by 100% (of $116.80),
	 * the max by 50% (of $233.60).
	 * $100: both are past it; the max is looked at first and reported
	 * (base $233.60).
	 * 100%: the min is +100% exactly, which is not more; the max is
	 * 50%. Not exceeded; the max's change is reported.
	 * 50%: the max is 50% exactly, not past it; the min's 100% is, so
	 * the min is reported (base $116.80).
	 */
	mlcap_check c;
	(void)state;

	baseline_run(&c, 100 * NANO, -1);
	assert_true(c.increase_exceeded);
	assert_int_equal(c.increase_nanos, CPU4_MONTH);
	assert_int_equal(c.increase_base_nanos, 2 * CPU4_MONTH);
	assert_int_equal(c.limit_nanos, 100 * NANO);
	assert_true(mlcap_check_failed(&c));
	mlcap_check_release(&c);
	test_teardown(NULL);

	baseline_run(&c, -1, 1000000);
	assert_false(c.increase_exceeded);
	assert_int_equal(c.increase_nanos, CPU4_MONTH);
	assert_int_equal(c.increase_base_nanos, 2 * CPU4_MONTH);
	assert_int_equal(c.limit_ppm, 1000000);
	assert_false(mlcap_check_failed(&c));
	mlcap_check_release(&c);
	test_teardown(NULL);

	baseline_run(&c, -1, 500000);
	assert_true(c.increase_exceeded);
	assert_int_equal(c.increase_nanos, CPU4_MONTH);
	assert_int_equal(c.increase_base_nanos, CPU4_MONTH);
	assert_true(mlcap_check_failed(&c));
	mlcap_check_release(&c);
}

/* ---- one rule at a time, on one cpu4 node ---- */

/* node-a: a cpu4 (4 CPU, 8Gi, 110 pods), labelled disktype=ssd. */
static const char node_a[] =
    "apiVersion: v1\nkind: Node\n"
    "metadata:\n  name: node-a\n"
    "  labels: {node.kubernetes.io/instance-type: cpu4, disktype: ssd}\n"
    "status:\n"
    "  capacity: {cpu: \"4\", memory: 8Gi, pods: \"110\"}\n"
    "  allocatable: {cpu: \"4\", memory: 8Gi, pods: \"110\"}\n";

/* Deployment `name` in `ns`: `replicas` pods of 1 CPU, 1Gi. */
#define DEPLOY_1CPU(ns, name, replicas)                                        \
	"apiVersion: apps/v1\nkind: Deployment\n"                              \
	"metadata: {name: " name ", namespace: " ns "}\n"                      \
	"spec:\n  replicas: " replicas "\n  template:\n    spec:\n"            \
	"      containers:\n        - name: c\n"                               \
	"          resources: {requests: {cpu: \"1\", memory: 1Gi}}\n"

#define SHOP_QUOTA                                                             \
	"---\n"                                                                \
	"apiVersion: v1\nkind: ResourceQuota\n"                                \
	"metadata: {name: q, namespace: shop}\n"                               \
	"spec:\n  hard: {requests.cpu: \"10\", pods: \"20\"}\n"

static void check_on(mlcap_check *c, const char *app, const mlcap_set *cl)
{
	mlcap_diags *d = test_diags(0);
	mlcap_set *ws = load_clean(app, d);
	mlcap_set *cs = load_config(cpu4_config, d);
	mlcap_check_opts o;

	mlcap_check_opts_init(&o);
	o.plan.cluster = cl;
	run_check(c, ws, cs, &o, d);
}

static void rollout_replaces_the_pods_of_its_deployment(void **state)
{
	/*
	 * On node-a runs web-abc12-x7 (shop, 3 CPU, 1Gi), owned by the
	 * ReplicaSet web-abc12 with pod-template-hash abc12: a pod of the
	 * Deployment web.
	 * New manifests with shop/web (2 x 1 CPU): the rollout replaces
	 * that pod, so it holds nothing: 0 running pods, node-a has 4 CPU
	 * free and takes both pods; no node is added. Quota: 0 in use.
	 * With shop/api instead (2 x 1 CPU): the pod stays: 1 running pod,
	 * node-a has 1 CPU free, takes 1 pod, the other opens a cpu4
	 * ($116.80). Quota: 3000m in use, 2000m added.
	 * With a web in another namespace: the pod stays, as with api.
	 */
	static const char pods[] =
	    "apiVersion: v1\nkind: Pod\n"
	    "metadata:\n  name: web-abc12-x7\n  namespace: shop\n"
	    "  labels: {app: web, pod-template-hash: abc12}\n"
	    "  ownerReferences:\n"
	    "    - {apiVersion: apps/v1, kind: ReplicaSet, name: web-abc12,\n"
	    "       controller: true}\n"
	    "spec:\n  nodeName: node-a\n  containers:\n"
	    "    - name: c\n"
	    "      resources: {requests: {cpu: \"3\", memory: 1Gi}}\n"
	    "status: {phase: Running}\n";
	static const char with_web[] =
	    DEPLOY_1CPU("shop", "web", "2") SHOP_QUOTA;
	static const char with_api[] =
	    DEPLOY_1CPU("shop", "api", "2") SHOP_QUOTA;
	static const char other_web[] =
	    DEPLOY_1CPU("other", "web", "2") SHOP_QUOTA;
	mlcap_diags *d = test_diags(1);
	mlcap_set *cl =
	    load_cluster("nodes.yaml", node_a, "pods.yaml", pods, d);
	mlcap_check c;
	const mlcap_check_quota *q;
	(void)state;

	check_on(&c, with_web, cl);
	assert_int_equal(c.plan.running_pods, 0);
	assert_int_equal(c.new_pods, 2);
	assert_int_equal(c.placed_existing, 2);
	assert_int_equal(c.placed_new, 0);
	assert_int_equal(c.added_nodes, 0);
	assert_int_equal(c.added_monthly_nanos, 0);
	q = quota_row(&c, "shop", "requests.cpu", NULL);
	assert_int_equal(q->used, 0);
	assert_int_equal(q->added, 2000);
	q = quota_row(&c, "shop", "pods", NULL);
	assert_int_equal(q->used, 0);
	assert_int_equal(q->added, 2);
	assert_false(mlcap_check_failed(&c));
	mlcap_check_release(&c);

	check_on(&c, with_api, cl);
	assert_int_equal(c.plan.running_pods, 1);
	assert_int_equal(c.placed_existing, 1);
	assert_int_equal(c.placed_new, 1);
	assert_int_equal(c.added_nodes, 1);
	assert_int_equal(c.added_monthly_nanos, CPU4_MONTH);
	q = quota_row(&c, "shop", "requests.cpu", NULL);
	assert_int_equal(q->used, 3000);
	assert_int_equal(q->added, 2000);
	q = quota_row(&c, "shop", "pods", NULL);
	assert_int_equal(q->used, 1);
	assert_int_equal(q->added, 2);
	mlcap_check_release(&c);

	check_on(&c, other_web, cl);
	assert_int_equal(c.plan.running_pods, 1);
	assert_int_equal(c.placed_existing, 1);
	assert_int_equal(c.added_nodes, 1);
	q = quota_row(&c, "shop", "requests.cpu", NULL);
	assert_int_equal(q->used, 3000);
	assert_int_equal(q->added, 0);
	mlcap_check_release(&c);
}

static void finished_pods_hold_nothing(void **state)
{
	/*
	 * On node-a: done (Succeeded) and crashed (Failed), 3 CPU each,
	 * and live (Running, 1 CPU, 1Gi). Only live counts: 1 running pod,
	 * node-a has 3 CPU and 7Gi free. api, 4 x (1 CPU, 1Gi): 3 on
	 * node-a, 1 on a new cpu4 ($116.80). Quota: 1000m and 1 pod in
	 * use (finished pods are outside the quota too), 4000m and 4 pods
	 * added.
	 */
	static const char pods[] =
	    "apiVersion: v1\nkind: PodList\nitems:\n"
	    "  - apiVersion: v1\n    kind: Pod\n"
	    "    metadata: {name: done, namespace: shop}\n"
	    "    spec:\n      nodeName: node-a\n      containers:\n"
	    "        - {name: c, resources: {requests: {cpu: \"3\"}}}\n"
	    "    status: {phase: Succeeded}\n"
	    "  - apiVersion: v1\n    kind: Pod\n"
	    "    metadata: {name: crashed, namespace: shop}\n"
	    "    spec:\n      nodeName: node-a\n      containers:\n"
	    "        - {name: c, resources: {requests: {cpu: \"3\"}}}\n"
	    "    status: {phase: Failed}\n"
	    "  - apiVersion: v1\n    kind: Pod\n"
	    "    metadata: {name: live, namespace: shop}\n"
	    "    spec:\n      nodeName: node-a\n      containers:\n"
	    "        - {name: c, resources: {requests: {cpu: \"1\", "
	    "memory: 1Gi}}}\n"
	    "    status: {phase: Running}\n";
	static const char app[] = DEPLOY_1CPU("shop", "api", "4") SHOP_QUOTA;
	mlcap_diags *d = test_diags(1);
	mlcap_set *cl =
	    load_cluster("nodes.yaml", node_a, "pods.yaml", pods, d);
	mlcap_check c;
	const mlcap_check_quota *q;
	(void)state;

	check_on(&c, app, cl);
	assert_int_equal(c.plan.cluster_nodes, 1);
	assert_int_equal(c.plan.running_pods, 1);
	assert_int_equal(c.new_pods, 4);
	assert_int_equal(c.placed_existing, 3);
	assert_int_equal(c.placed_new, 1);
	assert_int_equal(c.added_nodes, 1);
	assert_int_equal(c.added_monthly_nanos, CPU4_MONTH);
	q = quota_row(&c, "shop", "requests.cpu", NULL);
	assert_int_equal(q->used, 1000);
	assert_int_equal(q->added, 4000);
	q = quota_row(&c, "shop", "pods", NULL);
	assert_int_equal(q->used, 1);
	assert_int_equal(q->added, 4);
	assert_false(mlcap_check_failed(&c));
	mlcap_check_release(&c);
}

static void pending_pods_hold_quota_but_no_node(void **state)
{
	/*
	 * waiting (shop, 2 CPU) is Pending: no node yet, so node-a keeps
	 * its 4 CPU and takes all of api's 3 pods (3 CPU); but a quota
	 * charges every pod that has not finished, so requests.cpu has
	 * 2000m in use (+3000m added) and pods 1 (+3).
	 */
	static const char pods[] =
	    "apiVersion: v1\nkind: Pod\n"
	    "metadata: {name: waiting, namespace: shop}\n"
	    "spec:\n  containers:\n"
	    "    - {name: c, resources: {requests: {cpu: \"2\"}}}\n"
	    "status: {phase: Pending}\n";
	static const char app[] = DEPLOY_1CPU("shop", "api", "3") SHOP_QUOTA;
	mlcap_diags *d = test_diags(1);
	mlcap_set *cl =
	    load_cluster("nodes.yaml", node_a, "pods.yaml", pods, d);
	mlcap_check c;
	const mlcap_check_quota *q;
	(void)state;

	check_on(&c, app, cl);
	assert_int_equal(c.plan.running_pods, 0);
	assert_int_equal(c.placed_existing, 3);
	assert_int_equal(c.added_nodes, 0);
	q = quota_row(&c, "shop", "requests.cpu", NULL);
	assert_int_equal(q->used, 2000);
	assert_int_equal(q->added, 3000);
	q = quota_row(&c, "shop", "pods", NULL);
	assert_int_equal(q->used, 1);
	assert_int_equal(q->added, 3);
	assert_false(mlcap_check_failed(&c));
	mlcap_check_release(&c);
}

static void a_full_cluster_node_that_no_pool_can_add(void **state)
{
	/*
	 * db wants disktype=ssd, which only node-a has (the cpu4 a pool
	 * would add has no such label). legacy (3500m) runs there, leaving
	 * 500m; db asks for 1 CPU. Nothing is added, db does not fit, and
	 * the reason names node-a and its 500m.
	 */
	static const char pods[] =
	    "apiVersion: v1\nkind: Pod\n"
	    "metadata: {name: legacy, namespace: shop}\n"
	    "spec:\n  nodeName: node-a\n  containers:\n"
	    "    - {name: c, resources: {requests: {cpu: 3500m, "
	    "memory: 1Gi}}}\n"
	    "status: {phase: Running}\n";
	static const char app[] =
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: db, namespace: shop}\n"
	    "spec:\n  template:\n    spec:\n"
	    "      nodeSelector: {disktype: ssd}\n"
	    "      containers:\n        - name: c\n"
	    "          resources: {requests: {cpu: \"1\", memory: 1Gi}}\n";
	mlcap_diags *d = test_diags(1);
	mlcap_set *cl =
	    load_cluster("nodes.yaml", node_a, "pods.yaml", pods, d);
	mlcap_check c;
	(void)state;

	check_on(&c, app, cl);
	assert_int_equal(c.plan.running_pods, 1);
	assert_int_equal(c.new_pods, 1);
	assert_int_equal(c.placed_existing, 0);
	assert_int_equal(c.placed_new, 0);
	assert_int_equal(c.unschedulable, 1);
	assert_int_equal(c.added_nodes, 0);
	assert_int_equal(c.added_monthly_nanos, 0);
	assert_int_equal(c.max->n_unsched, 1);
	assert_string_equal(c.max->unsched[0].name, "db");
	assert_int_equal(c.max->unsched[0].pods, 1);
	assert_string_equal(c.max->unsched[0].reason,
			    "requests 1 cpu; the most any allowed cluster "
			    "node has free is 500m (node-a) and no pool may "
			    "add a larger one");
	assert_non_null(strstr(c.max->unsched[0].reason, "node-a"));
	assert_true(mlcap_check_failed(&c));
	mlcap_check_release(&c);
}

static void limits_quota_sums_the_limits_at_the_hpa_max(void **state)
{
	/*
	 * web: containers a (limit 500m) and b (limit 1), and an init
	 * container (limit 1, less than the 1500m that runs after it):
	 * every container has a cpu limit, so nothing is rejected. The pod
	 * limit is 1500m; the HPA's max is 3: 4500m added, nothing in use,
	 * and 4500m is the hard limit: not exceeded (equal is allowed).
	 * Requests default to the limits: 1500m a pod, 2 per cpu4, so the
	 * 3 pods need 2 added cpu4 nodes ($233.60); nothing fails.
	 */
	static const char app[] =
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: web, namespace: shop}\n"
	    "spec:\n  replicas: 2\n  template:\n    spec:\n"
	    "      initContainers:\n"
	    "        - {name: init, resources: {limits: {cpu: \"1\"}}}\n"
	    "      containers:\n"
	    "        - {name: a, resources: {limits: {cpu: 500m}}}\n"
	    "        - {name: b, resources: {limits: {cpu: \"1\"}}}\n"
	    "---\n"
	    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
	    "metadata: {name: web, namespace: shop}\n"
	    "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, "
	    "name: web}\n  minReplicas: 1\n  maxReplicas: 3\n"
	    "---\n"
	    "apiVersion: v1\nkind: ResourceQuota\n"
	    "metadata: {name: lim, namespace: shop}\n"
	    "spec:\n  hard: {limits.cpu: 4500m}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *ws = load_clean(app, d);
	mlcap_set *cs = load_config(cpu4_config, d);
	mlcap_check_opts o;
	mlcap_check c;
	const mlcap_check_quota *q;
	(void)state;

	mlcap_check_opts_init(&o);
	run_check(&c, ws, cs, &o, d);
	assert_int_equal(c.n_quotas, 1);
	q = quota_row(&c, "shop", "limits.cpu", NULL);
	assert_non_null(q);
	assert_string_equal(q->quota, "lim");
	assert_null(q->rejects);
	assert_int_equal(q->hard, 4500);
	assert_int_equal(q->used, 0);
	assert_int_equal(q->added, 4500);
	assert_false(q->exceeded);
	assert_false(c.quota_exceeded);
	assert_int_equal(count_rule(d, "check.quota"), 0);
	assert_int_equal(c.new_pods, 3);
	assert_int_equal(c.placed_new, 3);
	assert_int_equal(c.added_nodes, 2);
	assert_int_equal(c.added_monthly_nanos, 2 * CPU4_MONTH);
	assert_false(mlcap_check_failed(&c));
	mlcap_check_release(&c);
}

static void limits_quota_rejects_a_container_without_a_limit(void **state)
{
	/*
	 * The same quota, but b sets only a request (1): the API server
	 * rejects web's pods. The sum row counts the limits that are
	 * there: the pod has no cpu limit (not every container sets one),
	 * so 0 added; the REJECTS row fails the check.
	 */
	static const char app[] =
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: web, namespace: shop}\n"
	    "spec:\n  replicas: 2\n  template:\n    spec:\n"
	    "      containers:\n"
	    "        - {name: a, resources: {limits: {cpu: 500m}}}\n"
	    "        - {name: b, resources: {requests: {cpu: \"1\"}}}\n"
	    "---\n"
	    "apiVersion: v1\nkind: ResourceQuota\n"
	    "metadata: {name: lim, namespace: shop}\n"
	    "spec:\n  hard: {limits.cpu: 4500m}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *ws = load_clean(app, d);
	mlcap_set *cs = load_config(cpu4_config, d);
	mlcap_check_opts o;
	mlcap_check c;
	const mlcap_check_quota *q;
	(void)state;

	mlcap_check_opts_init(&o);
	run_check(&c, ws, cs, &o, d);
	assert_int_equal(c.n_quotas, 2);
	q = quota_row(&c, "shop", "limits.cpu", NULL);
	assert_int_equal(q->added, 0);
	assert_false(q->exceeded);
	q = quota_row(&c, "shop", "limits.cpu", "web");
	assert_non_null(q);
	assert_true(q->exceeded);
	assert_true(c.quota_exceeded);
	assert_non_null(strstr(get_diag(d, "check.quota")->message,
			       "container b sets no limit for cpu"));
	assert_true(mlcap_check_failed(&c));
	mlcap_check_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    unit_case(golden_cluster_places_on_free_room_then_added_nodes),
	    unit_case(golden_cluster_quotas),
	    unit_case(max_increase_without_baseline_is_the_added_nodes),
	    unit_case(golden_baseline_cost_diff),
	    unit_case(golden_baseline_max_increase),
	    unit_case(rollout_replaces_the_pods_of_its_deployment),
	    unit_case(finished_pods_hold_nothing),
	    unit_case(pending_pods_hold_quota_but_no_node),
	    unit_case(a_full_cluster_node_that_no_pool_can_add),
	    unit_case(limits_quota_sums_the_limits_at_the_hpa_max),
	    unit_case(limits_quota_rejects_a_container_without_a_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
