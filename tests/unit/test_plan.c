/*
 * test_plan.c - the capacity planner on a cluster small enough to plan by
 * hand: three custom instance types, a web Deployment with an HPA, a GPU
 * Deployment, a DaemonSet on every node and two workloads that fit
 * nowhere. Every figure below is worked out in the comments.
 */
#include "support.h"

#define NANO 1000000000LL

/*
 * cpu4 (4 vCPU, 8Gi) $0.16, mem4 (4 vCPU, 32Gi) $0.28: the fit solves
 * 4a + 8b = 0.16 and 4a + 32b = 0.28 exactly: b = $0.005/GiB-h,
 * a = $0.03/vCPU-h. gpu (8 vCPU, 32Gi, 1 T4) $1.00: CPU/memory part
 * 8 x 0.03 + 32 x 0.005 = 0.40, GPU part 0.60. reserved: none, so
 * allocatable = capacity and 110 pods.
 */
static const char config_text[] =
    "provider: custom\n"
    "region: lab\n"
    "reserved: none\n"
    "instanceTypes:\n"
    "  - {name: cpu4, vcpu: 4, memory: 8Gi, usdPerHour: \"0.16\"}\n"
    "  - {name: mem4, vcpu: 4, memory: 32Gi, usdPerHour: \"0.28\"}\n"
    "  - {name: gpu, vcpu: 8, memory: 32Gi, gpus: 1, gpuModel: T4,\n"
    "     usdPerHour: \"1.00\"}\n";

static const char cluster_text[] =
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: web, namespace: shop, labels: {team: a}}\n"
    "spec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n"
    "        - name: c\n"
    "          resources: {requests: {cpu: \"1\", memory: 2Gi}}\n"
    "---\n"
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
    "metadata: {name: web, namespace: shop}\n"
    "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, "
    "name: web}\n  minReplicas: 2\n  maxReplicas: 6\n"
    "---\n"
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: infer, namespace: ml, labels: {team: b}}\n"
    "spec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n"
    "        - name: c\n"
    "          resources:\n"
    "            requests: {cpu: \"2\", memory: 8Gi}\n"
    "            limits: {nvidia.com/gpu: 1}\n"
    "---\n"
    "apiVersion: apps/v1\nkind: DaemonSet\n"
    "metadata: {name: agent, namespace: ops}\n"
    "spec:\n  template:\n    spec:\n"
    "      tolerations: [{operator: Exists}]\n      containers:\n"
    "        - name: c\n"
    "          resources: {requests: {cpu: 100m, memory: 128Mi}}\n"
    "---\n"
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: pinned, namespace: shop}\n"
    "spec:\n  template:\n    spec:\n      nodeSelector: {disktype: ssd}\n"
    "      containers:\n        - name: c\n"
    "          resources: {requests: {cpu: 100m}}\n"
    "---\n"
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: huge, namespace: ml}\n"
    "spec:\n  template:\n    spec:\n      containers:\n"
    "        - name: c\n"
    "          resources:\n"
    "            requests: {cpu: \"1\", memory: 1Gi}\n"
    "            limits: {nvidia.com/gpu: 2}\n";

static mlcap_set *load_config(const char *text, mlcap_diags *d)
{
	mlcap_load_opts o;
	mlcap_load_opts_init(&o);
	o.config = true;
	return load_buf_opts("mlcap.yaml", text, strlen(text), &o, d);
}

static void plan_of(mlcap_plan *p, unsigned scenarios, const char *by)
{
	mlcap_diags *d = test_diags(0);
	mlcap_set *ws = load_clean(cluster_text, d);
	mlcap_set *cs = load_config(config_text, d);
	mlcap_plan_opts o;

	mlcap_plan_opts_init(&o);
	o.scenarios = scenarios;
	o.by = by;
	assert_int_equal(mlcap_plan_run(ws, cs, NULL, &o, p, d), 0);
	if (d->errors)
		dump_diags(d);
	assert_int_equal(d->errors, 0);
}

static const mlcap_plan_nodes *nodes_of(const mlcap_plan_scenario *s,
					const char *type)
{
	size_t i;
	for (i = 0; i < s->n_nodes; i++)
		if (strcmp(s->nodes[i].instance_type, type) == 0)
			return &s->nodes[i];
	return NULL;
}

static const mlcap_plan_alloc *alloc_of(const mlcap_plan_alloc *a, size_t n,
					const char *key)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strcmp(a[i].key, key) == 0)
			return &a[i];
	return NULL;
}

static void plan_declared_costs_what_was_worked_out_by_hand(void **state)
{
	/*
	 * infer: 2 pods of 1 GPU, only gpu nodes have GPUs: 2 gpu nodes.
	 * web: 3 x (1 CPU, 2Gi) may not use the tainted gpu nodes; a cpu4
	 * holds 3 (3900m after the agent's 100m): 1 cpu4. $2.16/h x 730 =
	 * $1,576.80; GPU 2 x 0.60 x 730 = $876.00; CPU/memory $700.80.
	 */
	mlcap_plan p;
	const mlcap_plan_scenario *s;
	(void)state;

	plan_of(&p, 1u << MLCAP_SCENARIO_DECLARED, NULL);
	assert_int_equal(p.n_scenarios, 1);
	s = &p.scenarios[0];
	assert_true(p.rates_known);
	assert_int_equal(p.rates.cpu_nanos, 30000000);
	assert_int_equal(p.rates.mem_nanos, 5000000);
	assert_int_equal(s->n_nodes, 2);
	assert_int_equal(nodes_of(s, "gpu")->count, 2);
	assert_int_equal(nodes_of(s, "cpu4")->count, 1);
	assert_null(nodes_of(s, "mem4"));
	assert_int_equal(s->monthly_nanos, 1576800000000LL);
	assert_int_equal(s->gpu_monthly_nanos, 876 * NANO);
	assert_int_equal(s->cpu_mem_monthly_nanos, 700800000000LL);
	assert_int_equal(s->control_plane_monthly_nanos, 0);
	/* pods: web 3 + infer 2 + pinned 1 + huge 1, of which 5 placed */
	assert_int_equal(s->pods, 7);
	assert_int_equal(s->pods_placed, 5);
	mlcap_plan_release(&p);
}

static void plan_bound_and_gap(void **state)
{
	/*
	 * Components: {gpu} for infer (2 GPUs: 2 nodes, $2.00/h) and
	 * {cpu4, mem4} for web (3000m of cpu4's 3900m per $0.16, memory
	 * 6Gi of 8064Mi is less binding): 0.16 x 3000/3900 = $0.1230769/h.
	 * Monthly (2 + 0.16 x 30/39) x 730 = 1460 + 89.846153846 =
	 * $1,549.846153846 (floored to the nano-dollar; the LP's float
	 * guard may take a few more). Gap: 26.953846154 / 1549.846153846 =
	 * 1.73913%, 17391 ppm.
	 */
	mlcap_plan p;
	const mlcap_plan_scenario *s;
	int64_t want = 1549846153846LL;
	(void)state;

	plan_of(&p, 1u << MLCAP_SCENARIO_DECLARED, NULL);
	s = &p.scenarios[0];
	assert_true(s->lower_bound_monthly_nanos <= want);
	assert_true(s->lower_bound_monthly_nanos >= want - 2000);
	assert_int_equal(s->gap_ppm, 17391);
	mlcap_plan_release(&p);
}

static void plan_allocates_requests_at_node_rates(void **state)
{
	/*
	 * infer on gpu: 2000/8000 x 0.24 + 8/32 x 0.16 + 1/1 x 0.60 = $0.70/h,
	 * 2 pods x 730 = $1,022.00 (GPU $876.00).
	 * web on cpu4 (cpu part 0.12, memory 0.04): 1000/4000 x 0.12 +
	 * 2/8 x 0.04 = $0.04/h, 3 pods x 730 = $87.60.
	 * agent: 100/8000 x 0.24 + 128Mi/32Gi x 0.16 = 0.003 + 0.000625 on
	 * gpu, 100/4000 x 0.12 + 128Mi/8Gi x 0.04 = the same on cpu4:
	 * $0.003625/h x 3 nodes x 730 = $7.93875.
	 * Idle: 1576.80 - 1022 - 87.60 - 7.93875 = $459.26125.
	 */
	mlcap_plan p;
	const mlcap_plan_scenario *s;
	const mlcap_plan_alloc *a;
	(void)state;

	plan_of(&p, 1u << MLCAP_SCENARIO_DECLARED, "team");
	s = &p.scenarios[0];
	a = alloc_of(s->alloc_workloads, s->n_alloc_workloads, "ml/infer");
	assert_non_null(a);
	assert_int_equal(a->monthly_nanos, 1022 * NANO);
	assert_int_equal(a->gpu_nanos, 876 * NANO);
	assert_int_equal(a->pods, 2);
	a = alloc_of(s->alloc_workloads, s->n_alloc_workloads, "shop/web");
	assert_int_equal(a->monthly_nanos, 87600000000LL);
	a = alloc_of(s->alloc_workloads, s->n_alloc_workloads, "ops/agent");
	assert_int_equal(a->monthly_nanos, 7938750000LL);
	assert_int_equal(a->pods, 3);
	assert_int_equal(s->idle_monthly_nanos, 459261250000LL);
	/* by namespace and by the team label ("(none)" for unlabelled) */
	a = alloc_of(s->alloc_namespaces, s->n_alloc_namespaces, "ml");
	assert_int_equal(a->monthly_nanos, 1022 * NANO);
	a = alloc_of(s->alloc_by, s->n_alloc_by, "a");
	assert_int_equal(a->monthly_nanos, 87600000000LL);
	a = alloc_of(s->alloc_by, s->n_alloc_by, "(none)");
	assert_int_equal(a->monthly_nanos, 7938750000LL);
	mlcap_plan_release(&p);
}

static void plan_reports_stranded_capacity(void **state)
{
	/*
	 * gpu nodes: the GPU is full, 5900m and 24Gi - 128Mi are left that
	 * no pod can use: 5900/8000 x 0.24 + 24448/32768 x 0.16 =
	 * 0.177 + 0.119375 = $0.296375/h, x 2 x 730 = $432.7075.
	 * cpu4: 900m left < web's 1000m, so 8064Mi - 6Gi = 1920Mi of memory
	 * is stranded: 1920/8192 x 0.04 x 730 = $6.84375.
	 */
	mlcap_plan p;
	const mlcap_plan_scenario *s;
	const mlcap_plan_nodes *n;
	(void)state;

	plan_of(&p, 1u << MLCAP_SCENARIO_DECLARED, NULL);
	s = &p.scenarios[0];
	n = nodes_of(s, "gpu");
	assert_string_equal(n->stranded_by, "nvidia.com/gpu");
	assert_int_equal(n->stranded_nodes, 2);
	assert_int_equal(n->stranded[0], 2 * 5900);
	assert_int_equal(n->stranded[1], 2 * (24576LL - 128) << 20);
	assert_int_equal(n->stranded_monthly_nanos, 432707500000LL);
	n = nodes_of(s, "cpu4");
	assert_string_equal(n->stranded_by, "cpu");
	assert_int_equal(n->stranded[1], 1920LL << 20);
	assert_int_equal(n->stranded_monthly_nanos, 6843750000LL);
	assert_int_equal(s->stranded_monthly_nanos, 439551250000LL);
	mlcap_plan_release(&p);
}

static void plan_says_why_pods_fit_nowhere(void **state)
{
	mlcap_plan p;
	const mlcap_plan_scenario *s;
	size_t i;
	int seen = 0;
	(void)state;

	plan_of(&p, 1u << MLCAP_SCENARIO_DECLARED, NULL);
	s = &p.scenarios[0];
	assert_int_equal(s->n_unsched, 2);
	for (i = 0; i < s->n_unsched; i++) {
		if (strcmp(s->unsched[i].name, "pinned") == 0) {
			assert_string_equal(s->unsched[i].reason,
					    "nodeSelector disktype=ssd matches "
					    "no allowed instance type in any "
					    "pool");
			seen++;
		} else {
			assert_string_equal(s->unsched[i].name, "huge");
			assert_string_equal(
			    s->unsched[i].reason,
			    "requests 2 nvidia.com/gpu; largest "
			    "allowed type gpu has 1");
			assert_int_equal(s->unsched[i].loc.line, 55);
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	mlcap_plan_release(&p);
}

static void plan_scenarios_follow_the_hpa(void **state)
{
	/* min: web 2 pods, still one cpu4: $1,576.80. max: web 6 pods need
	 * 6000m, two cpu4 (3 each): $2.32/h = $1,693.60. */
	mlcap_plan p;
	(void)state;

	plan_of(&p, 0, NULL);
	assert_int_equal(p.n_scenarios, 3);
	assert_int_equal(p.scenarios[0].scenario, MLCAP_SCENARIO_MIN);
	assert_int_equal(p.scenarios[0].monthly_nanos, 1576800000000LL);
	assert_int_equal(p.scenarios[2].scenario, MLCAP_SCENARIO_MAX);
	assert_int_equal(p.scenarios[2].monthly_nanos, 1693600000000LL);
	assert_int_equal(nodes_of(&p.scenarios[2], "cpu4")->count, 2);
	mlcap_plan_release(&p);
}

static void plan_pools_select_types_and_taints(void **state)
{
	/*
	 * A pool of mem4 only, and a GPU pool whose nodes carry no taint:
	 * web now pays $0.28 for a mem4, and fits beside infer on the gpu
	 * nodes (5900m free each): 3 web pods go there, no mem4 at all.
	 */
	static const char cfg[] =
	    "provider: custom\nregion: lab\nreserved: none\n"
	    "instanceTypes:\n"
	    "  - {name: cpu4, vcpu: 4, memory: 8Gi, usdPerHour: \"0.16\"}\n"
	    "  - {name: mem4, vcpu: 4, memory: 32Gi, usdPerHour: \"0.28\"}\n"
	    "  - {name: gpu, vcpu: 8, memory: 32Gi, gpus: 1, gpuModel: T4,\n"
	    "     usdPerHour: \"1.00\"}\n"
	    "pools:\n"
	    "  - {name: big, instanceTypes: [mem4]}\n"
	    "  - {name: accel, gpuModels: [t4], taints: []}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *ws = load_clean(cluster_text, d);
	mlcap_set *cs = load_config(cfg, d);
	mlcap_plan_opts o;
	mlcap_plan p;
	const mlcap_plan_scenario *s;
	(void)state;

	mlcap_plan_opts_init(&o);
	o.scenarios = 1u << MLCAP_SCENARIO_DECLARED;
	assert_int_equal(mlcap_plan_run(ws, cs, NULL, &o, &p, d), 0);
	assert_int_equal(d->errors, 0);
	s = &p.scenarios[0];
	assert_int_equal(p.n_candidates, 2);
	assert_int_equal(nodes_of(s, "gpu")->count, 2);
	assert_string_equal(nodes_of(s, "gpu")->pool, "accel");
	assert_null(nodes_of(s, "mem4"));
	assert_int_equal(s->monthly_nanos, 1460 * NANO);
	mlcap_plan_release(&p);
}

static void config_errors_name_the_line(void **state)
{
	static const char cfg[] =
	    "provider: custom\n"
	    "pool: []\n"
	    "pools:\n"
	    "  - {name: x, minNodes: 3, maxNodes: 1}\n"
	    "  - {name: y, taints: [\"bad\"]}\n"
	    "instanceTypes:\n"
	    "  - {name: t, vcpu: 2, memory: 4Gi, usdPerHour: \"-1\"}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *cs = load_config(cfg, d);
	size_t n, i;
	int lines = 0;
	(void)state;

	assert_int_equal(d->errors, 4);
	for (i = 0; i < d->count; i++)
		lines |= 1 << d->items[i].line;
	/* unknown key (2), minNodes > maxNodes (4), taint (5), price (7) */
	assert_int_equal(lines, (1 << 2) | (1 << 4) | (1 << 5) | (1 << 7));
	/* broken pools and types allow nothing */
	mlcap_set_node_pools(cs, &n);
	assert_int_equal(n, 0);
	assert_int_equal(mlcap_set_config(cs)->n_types, 0);
}

static void karpenter_nodepool_requirements_become_a_pool(void **state)
{
	static const char np[] =
	    "apiVersion: karpenter.sh/v1\nkind: NodePool\n"
	    "metadata: {name: gpu}\n"
	    "spec:\n  template:\n    metadata: {labels: {team: ml}}\n"
	    "    spec:\n      requirements:\n"
	    "        - {key: karpenter.k8s.aws/instance-family, operator: In,"
	    " values: [g5, g6]}\n"
	    "        - {key: karpenter.sh/capacity-type, operator: In, "
	    "values: [spot]}\n"
	    "      taints: [{key: gpu, value: \"yes\", effect: NoSchedule}]\n"
	    "  limits: {cpu: \"1000\", memory: 1000Gi}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s = load_clean(np, d);
	const mlcap_node_pool *p;
	size_t n;
	(void)state;

	p = mlcap_set_node_pools(s, &n);
	assert_int_equal(n, 1);
	assert_string_equal(p->name, "gpu");
	assert_true(p->karpenter);
	assert_int_equal(p->n_reqs, 2);
	assert_int_equal(p->reqs[0].n_values, 2);
	assert_int_equal(p->n_taints, 1);
	assert_string_equal(p->taints[0].value, "yes");
	assert_string_equal(mlcap_kvs_get(&p->labels, "team"), "ml");
	assert_int_equal(p->limits.cpu_millis, 1000000);
	assert_int_equal(p->limits.memory_bytes, 1000LL << 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    unit_case(plan_declared_costs_what_was_worked_out_by_hand),
	    unit_case(plan_bound_and_gap),
	    unit_case(plan_allocates_requests_at_node_rates),
	    unit_case(plan_reports_stranded_capacity),
	    unit_case(plan_says_why_pods_fit_nowhere),
	    unit_case(plan_scenarios_follow_the_hpa),
	    unit_case(plan_pools_select_types_and_taints),
	    unit_case(config_errors_name_the_line),
	    unit_case(karpenter_nodepool_requirements_become_a_pool),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
