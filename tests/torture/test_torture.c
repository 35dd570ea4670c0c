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
	assert_true(n > 300); /* 423 allocations today: the test is live */
	print_message("checked %ld failing allocations\n", n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_allocation_failure_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
