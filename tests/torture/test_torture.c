/*
 * test_torture.c - fails the N-th allocation of the library for N = 0, 1,
 * ... until a load + resolve + render completes, as SQLite's and curl's
 * torture tests do. Every injected failure must come back as MLCAP_ENOMEM
 * (never a silent partial result), and ASan/valgrind must stay quiet.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "mlcap/mlcap.h"
#include "internal.h"

static const char yaml_in[] =
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: ml, labels: "
    "{team: a}}\n---\n"
    "apiVersion: v1\nkind: LimitRange\nmetadata: {name: d, namespace: "
    "ml}\nspec: {limits: [{type: Container, default: {cpu: '2'}, max: "
    "{memory: 8Gi}}]}\n---\n"
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, "
    "namespace: ml, labels: {app: api}, annotations: {mlcap.io/x: "
    "'1'}}\nspec:\n  replicas: 3\n  template:\n    metadata: {labels: "
    "{app: api}}\n    spec:\n      nodeSelector: {gpu: 'true'}\n"
    "      tolerations: [{key: nvidia.com/gpu, operator: Exists}]\n"
    "      affinity: {nodeAffinity: "
    "{requiredDuringSchedulingIgnoredDuringExecution: "
    "{nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, "
    "values: [a, b]}]}]}}}\n"
    "      initContainers: [{name: side, restartPolicy: Always, "
    "resources: {requests: {cpu: 100m}}}]\n"
    "      containers: [{name: c, resources: {requests: {cpu: 1, memory: "
    "1Gi}, limits: {nvidia.com/gpu: 1}}}]\n---\n"
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
    "metadata: {name: api, namespace: ml}\nspec: {scaleTargetRef: "
    "{kind: Deployment, name: api}, minReplicas: 2, maxReplicas: 9}\n"
    "---\napiVersion: ray.io/v1\nkind: RayCluster\nmetadata: {name: r, "
    "namespace: ml}\nspec:\n  headGroupSpec: {template: {spec: "
    "{containers: [{name: h}]}}}\n  workerGroupSpecs: [{groupName: g, "
    "replicas: 2, template: {spec: {containers: [{name: w}]}}}]\n---\n"
    "x: &a [1, 2]\ny: *a\n---\n"
    "apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec: "
    "{containers: [{name: c, resources: {requests: {cpu: 1.5.5}}}]}\n"
    "---\napiVersion: foo/v1\nkind: Widget\nmetadata: {name: w}\n";

static const char json_in[] =
    "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n"
    " {\"apiVersion\": \"v1\", \"kind\": \"Node\", \"metadata\": "
    "{\"name\": \"n1\", \"labels\": {\"gpu\": \"true\"}}, \"spec\": "
    "{\"taints\": [{\"key\": \"k\", \"effect\": \"NoSchedule\"}]}, "
    "\"status\": {\"allocatable\": {\"cpu\": \"8\", \"memory\": "
    "\"32Gi\", \"pods\": 110}}},\n"
    " {\"apiVersion\": \"apps/v1\", \"kind\": \"DaemonSet\", "
    "\"metadata\": {\"name\": \"ds\"}, \"spec\": {\"template\": "
    "{\"spec\": {\"containers\": [{\"name\": \"c\", \"resources\": "
    "{\"requests\": {\"cpu\": 0.1}}}]}}}}\n]}\n";

static const char policy_in[] =
    "required:\n  - team\n  - key: env\n    values: [dev, prod]\n"
    "    severity: error\n  - key: owner\n    pattern: '^[a-z]+$'\n"
    "  - key: 'bad key'\naliases: {team: [squad]}\n"
    "excludeNamespaces: [kube-system]\n";

static const char budgets_in[] =
    "budgets:\n  - {name: all, amount: 100}\n"
    "  - {name: ml, namespace: ml, selector: 'team in (a,b),!x', "
    "amount: 5, thresholds: [90, 50]}\n"
    "  - {name: bad, amount: -1}\n";

/* The label check and the budgets over the loaded set `s`. */
static int run_policy(const mlcap_set *s, mlcap_diags *d, FILE *devnull)
{
	mlcap_policy *p = NULL;
	mlcap_labels l;
	mlcap_budgets *b = NULL;
	mlcap_spend sp;
	mlcap_plan plan;
	mlcap_budget_report r;
	int rc;

	memset(&l, 0, sizeof(l));
	memset(&plan, 0, sizeof(plan));
	memset(&r, 0, sizeof(r));
	mlcap_spend_init(&sp);
	rc = mlcap_policy_parse(&p, "p.yaml", policy_in, sizeof(policy_in) - 1,
				d);
	if (rc == 0)
		rc = mlcap_labels_run(s, p, NULL, NULL, &l);
	if (rc == 0)
		rc = mlcap_render_labels(devnull, &l, p, d, MLCAP_FORMAT_JSON,
					 NULL);
	if (rc == 0)
		rc = mlcap_render_labels(devnull, &l, p, d, MLCAP_FORMAT_SARIF,
					 NULL);
	if (rc == 0)
		rc = mlcap_budgets_parse(&b, "b.yaml", budgets_in,
					 sizeof(budgets_in) - 1, d);
	if (rc == 0)
		rc = mlcap_spend_add_arg(&sp, "all=50,ml=1", "--spent", d);
	if (rc == 0 && !mlcap_spend_set_date(&sp, "2026-11-15"))
		rc = MLCAP_EINTERNAL;
	if (rc == 0)
		rc = mlcap_budgets_eval(b, s, &plan, &sp, &r, d);
	if (rc == 0)
		rc = mlcap_render_budget_slack(devnull, &r);
	mlcap_budget_report_release(&r);
	mlcap_spend_release(&sp);
	mlcap_budgets_free(b);
	mlcap_labels_release(&l);
	mlcap_policy_free(p);
	return rc;
}

/* One full run; returns the first negative status, or 0. */
static int run_once(size_t *workloads, size_t *diags_out)
{
	mlcap_set *s = NULL;
	mlcap_diags d;
	FILE *devnull = fopen("/dev/null", "w");
	int rc;

	mlcap_diags_init(&d);
	rc = mlcap_set_new(&s, NULL);
	if (rc == 0)
		rc = mlcap_set_add_buffer(s, "t.yaml", yaml_in,
					  sizeof(yaml_in) - 1, &d);
	if (rc == 0)
		rc = mlcap_set_add_buffer(s, "t.json", json_in,
					  sizeof(json_in) - 1, &d);
	if (rc == 0)
		rc = mlcap_set_resolve(s, &d);
	if (rc == 0)
		rc = mlcap_render_inventory(devnull, s, &d, MLCAP_FORMAT_JSON,
					    NULL);
	if (rc == 0)
		rc = run_policy(s, &d, devnull);
	if (rc == 0)
		mlcap_set_workloads(s, workloads);
	*diags_out = d.count;
	mlcap_set_free(s);
	mlcap_diags_release(&d);
	fclose(devnull);
	return rc;
}

static void every_allocation_failure_is_reported(void **state)
{
	size_t want_w = 0, want_d = 0, w, dg;
	long n;

	(void)state;
	mlcap_mem__fail_after(-1);
	assert_int_equal(run_once(&want_w, &want_d), 0);
	/* api, RayCluster head and group g, ds; the bad Pod is left out */
	assert_int_equal(want_w, 4);
	for (n = 0; n < 100000; n++) {
		int rc;
		mlcap_mem__fail_after(n);
		w = dg = 0;
		rc = run_once(&w, &dg);
		if (!mlcap_mem__failed()) {
			/* Past the last allocation: the full result. */
			assert_int_equal(rc, 0);
			assert_int_equal(w, want_w);
			assert_int_equal(dg, want_d);
			break;
		}
		if (rc != MLCAP_ENOMEM)
			fail_msg(
			    "allocation %ld failed but the run returned %d", n,
			    rc);
	}
	mlcap_mem__fail_after(-1);
	assert_true(n > 300); /* hundreds of allocations: the test is live */
	print_message("checked %ld failing allocations\n", n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_allocation_failure_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
