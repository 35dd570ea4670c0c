/*
 * test_kinds.c - unit tests of extract_kinds.c: what each Kubernetes kind
 * becomes in the model (workloads, components, replica bounds), from core
 * controllers and Jobs to Kubeflow, JobSet, KubeRay, KServe and
 * LeaderWorkerSet, plus cluster objects, List and JSON input, and skips.
 */
#include "support.h"

#define MI (1024LL * 1024)
#define GI (1024LL * MI)

/* A minimal pod template under `indent` spaces, one container `c`. */
#define TEMPLATE(sp, c)                                                        \
	sp "template:\n" sp "  spec:\n" sp "    containers:\n" sp              \
	   "    - name: " c "\n" sp "      resources: {requests: {cpu: "       \
	   "100m}}\n"

static void assert_replicas(const mlcap_workload *w, int64_t lo, int64_t decl,
			    int64_t hi)
{
	if (w->replicas_min != lo || w->replicas_declared != decl ||
	    w->replicas_max != hi)
		fprintf(stderr,
			"  %s '%s' %s: replicas %lld/%lld/%lld, want "
			"%lld/%lld/%lld\n",
			w->kind, w->name, w->component ? w->component : "-",
			(long long)w->replicas_min,
			(long long)w->replicas_declared,
			(long long)w->replicas_max, (long long)lo,
			(long long)decl, (long long)hi);
	assert_int_equal(w->replicas_min, lo);
	assert_int_equal(w->replicas_declared, decl);
	assert_int_equal(w->replicas_max, hi);
}

/* ---- core ---- */

static void core_controllers_yield_one_workload_each(void **state)
{
	static const char y[] =
	    "apiVersion: v1\n"
	    "kind: Pod\n"
	    "metadata: {name: pod, namespace: ns}\n"
	    "spec:\n"
	    "  containers: [{name: a}]\n"
	    "---\n"
	    "apiVersion: apps/v1\n"
	    "kind: Deployment\n"
	    "metadata: {name: dep, namespace: ns}\n"
	    "spec:\n"
	    "  replicas: 3\n" TEMPLATE(
		"  ",
		"a") "---\n"
		     "apiVersion: apps/v1\n"
		     "kind: Deployment\n"
		     "metadata: {name: dep-default, namespace: ns}\n"
		     "spec:\n" TEMPLATE(
			 "  ",
			 "a") "---\n"
			      "apiVersion: apps/v1\n"
			      "kind: ReplicaSet\n"
			      "metadata: {name: rs, namespace: ns}\n"
			      "spec:\n"
			      "  replicas: 2\n" TEMPLATE(
				  "  ",
				  "a") "---\n"
				       "apiVersion: apps/v1\n"
				       "kind: StatefulSet\n"
				       "metadata: {name: sts, namespace: ns}\n"
				       "spec:\n"
				       "  replicas: 4\n"
				       "  serviceName: sts\n" TEMPLATE(
					   "  ",
					   "a") "---\n"
						"apiVersion: v1\n"
						"kind: ReplicationController\n"
						"metadata: {name: rc, "
						"namespace: ns}\n"
						"spec:\n"
						"  replicas: 2\n" TEMPLATE(
						    "  ",
						    "a") "---\n"
							 "apiVersion: apps/v1\n"
							 "kind: DaemonSet\n"
							 "metadata: {name: ds, "
							 "namespace: ns}\n"
							 "spec:\n" TEMPLATE(
							     "  ",
							     "a") "---\n"
								  "apiVersion: "
								  "apps/v1\n"
								  "kind: "
								  "Deployment\n"
								  "metadata: "
								  "{name: "
								  "zero, "
								  "namespace: "
								  "ns}\n"
								  "spec:\n"
								  "  replicas: "
								  "0"
								  "\n" TEMPLATE(
								      "  ",
								      "a");
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_clean(y, d);
	assert_int_equal(n_workloads(s), 8);
	w = get_workload(s, "Pod", "pod", NULL);
	assert_string_equal(w->api_version, "v1");
	assert_string_equal(w->namespace, "ns");
	assert_null(w->component);
	assert_int_equal(w->loc.line, 1);
	assert_int_equal(w->loc.col, 1);
	assert_replicas(w, 1, 1, 1);
	assert_int_equal(w->flags, 0);
	w = get_workload(s, "Deployment", "dep", NULL);
	assert_string_equal(w->api_version, "apps/v1");
	assert_int_equal(w->loc.line, 7);
	assert_int_equal(w->pod_requests.cpu_millis, 100);
	assert_replicas(w, 3, 3, 3);
	assert_replicas(get_workload(s, "Deployment", "dep-default", NULL), 1,
			1, 1);
	assert_replicas(get_workload(s, "ReplicaSet", "rs", NULL), 2, 2, 2);
	assert_replicas(get_workload(s, "StatefulSet", "sts", NULL), 4, 4, 4);
	assert_replicas(get_workload(s, "ReplicationController", "rc", NULL), 2,
			2, 2);
	assert_replicas(get_workload(s, "Deployment", "zero", NULL), 0, 0, 0);
	w = get_workload(s, "DaemonSet", "ds", NULL);
	assert_int_equal(w->flags, MLCAP_WL_PER_NODE);
	free_set(s);
	mlcap_diags_release(d);
}

static void jobs_run_parallelism_pods_capped_by_completions(void **state)
{
	static const char y[] =
	    "apiVersion: batch/v1\n"
	    "kind: Job\n"
	    "metadata: {name: capped}\n"
	    "spec:\n"
	    "  parallelism: 5\n"
	    "  completions: 3\n"
	    "  activeDeadlineSeconds: 600\n" TEMPLATE(
		"  ",
		"a") "---\n"
		     "apiVersion: batch/v1\n"
		     "kind: Job\n"
		     "metadata: {name: wide}\n"
		     "spec:\n"
		     "  parallelism: 4\n" TEMPLATE(
			 "  ",
			 "a") "---\n"
			      "apiVersion: batch/v1\n"
			      "kind: Job\n"
			      "metadata: {name: once}\n"
			      "spec:\n" TEMPLATE(
				  "  ",
				  "a") "---\n"
				       "apiVersion: batch/v1\n"
				       "kind: Job\n"
				       "metadata: {name: many-completions}\n"
				       "spec:\n"
				       "  completions: 10\n" TEMPLATE(
					   "  ",
					   "a") "---\n"
						"apiVersion: batch/v1\n"
						"kind: CronJob\n"
						"metadata: {name: nightly}\n"
						"spec:\n"
						"  schedule: \"0 3 * * *\"\n"
						"  jobTemplate:\n"
						"    spec:\n"
						"      parallelism: "
						"2\n" TEMPLATE("      ", "a");
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_clean(y, d);
	w = get_workload(s, "Job", "capped", NULL);
	assert_replicas(w, 3, 3, 3);
	assert_int_equal(w->completions, 3);
	assert_int_equal(w->active_deadline_secs, 600);
	assert_true(w->flags & MLCAP_WL_BATCH);
	assert_null(w->schedule);
	w = get_workload(s, "Job", "wide", NULL);
	assert_replicas(w, 4, 4, 4);
	assert_int_equal(w->completions, -1);
	assert_int_equal(w->active_deadline_secs, -1);
	assert_replicas(get_workload(s, "Job", "once", NULL), 1, 1, 1);
	/* completions without parallelism: one pod at a time */
	assert_replicas(get_workload(s, "Job", "many-completions", NULL), 1, 1,
			1);
	w = get_workload(s, "CronJob", "nightly", NULL);
	assert_string_equal(w->schedule, "0 3 * * *");
	assert_true(w->flags & MLCAP_WL_BATCH);
	assert_replicas(w, 2, 2, 2);
	free_set(s);
	mlcap_diags_release(d);
}

/* ---- Kubeflow training operators ---- */

static void pytorchjob_yields_master_and_elastic_workers(void **state)
{
	static const char y[] =
	    "apiVersion: kubeflow.org/v1\n"
	    "kind: PyTorchJob\n"
	    "metadata: {name: bert, namespace: ml}\n"
	    "spec:\n"
	    "  elasticPolicy:\n"
	    "    rdzvBackend: c10d\n"
	    "    minReplicas: 2\n"
	    "    maxReplicas: 6\n"
	    "  pytorchReplicaSpecs:\n"
	    "    Master:\n"
	    "      replicas: 1\n"
	    "      restartPolicy: OnFailure\n"
	    "      template:\n"
	    "        spec:\n"
	    "          containers:\n"
	    "          - name: pytorch\n"
	    "            resources: {limits: {nvidia.com/gpu: 1}}\n"
	    "    Worker:\n"
	    "      replicas: 3\n"
	    "      restartPolicy: OnFailure\n"
	    "      template:\n"
	    "        spec:\n"
	    "          containers:\n"
	    "          - name: pytorch\n"
	    "            resources:\n"
	    "              limits: {nvidia.com/gpu: 2, cpu: \"8\", "
	    "memory: 32Gi}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_clean(y, d);
	assert_int_equal(n_workloads(s), 2);
	w = get_workload(s, "PyTorchJob", "bert", "Master");
	assert_replicas(w, 1, 1, 1);
	assert_true(w->flags & MLCAP_WL_BATCH);
	assert_int_equal(
	    mlcap_resources_ext(&w->pod_requests, "nvidia.com/gpu"), 1);
	w = get_workload(s, "PyTorchJob", "bert", "Worker");
	assert_replicas(w, 2, 3, 6);
	assert_true(w->flags & MLCAP_WL_BATCH);
	assert_int_equal(
	    mlcap_resources_ext(&w->pod_requests, "nvidia.com/gpu"), 2);
	assert_int_equal(w->pod_requests.cpu_millis, 8000);
	assert_int_equal(w->pod_requests.memory_bytes, 32 * GI);
	free_set(s);
	mlcap_diags_release(d);
}

static void kubeflow_jobs_yield_one_workload_per_role(void **state)
{
	static const char y[] =
	    "apiVersion: kubeflow.org/v1\n"
	    "kind: TFJob\n"
	    "metadata: {name: tf}\n"
	    "spec:\n"
	    "  tfReplicaSpecs:\n"
	    "    Chief:\n"
	    "      replicas: 1\n" TEMPLATE(
		"      ",
		"tensorflow") "    PS:\n"
			      "      replicas: 2\n" TEMPLATE(
				  "      ",
				  "tensorflow") "    Worker:\n"
						"      replicas: 4\n" TEMPLATE(
						    "      ",
						    "tensorflow") "---\n"
								  "apiVersion: "
								  "kubeflow."
								  "org/"
								  "v2beta1\n"
								  "kind: "
								  "MPIJob\n"
								  "metadata: "
								  "{name: "
								  "mpi}\n"
								  "spec:\n"
								  "  "
								  "slotsPerWork"
								  "er: 1\n"
								  "  "
								  "mpiReplicaSp"
								  "ecs:\n"
								  "    "
								  "Launcher:\n"
								  "      "
								  "replicas: "
								  "1"
								  "\n" TEMPLATE(
								      "      ",
								      "launche"
								      "r") "   "
									   " Wo"
									   "rke"
									   "r:"
									   "\n"
									   "   "
									   "   "
									   "rep"
									   "lic"
									   "as:"
									   " 2"
									   "\n" TEMPLATE(
									       "      ",
									       "worker") "---\n"
											 "apiVersion: kubeflow.org/v1\n"
											 "kind: XGBoostJob\n"
											 "metadata: {name: xgb}\n"
											 "spec:\n"
											 "  xgbReplicaSpecs:\n"
											 "    Master:\n"
											 "      replicas: 1\n" TEMPLATE(
											     "      ",
											     "xgboost") "    Worker:\n"
													"      replicas: 3\n" TEMPLATE(
													    "      ",
													    "xgboost") "---\n"
														       "apiVersion: kubeflow.org/v1\n"
														       "kind: PaddleJob\n"
														       "metadata: {name: paddle}\n"
														       "spec:\n"
														       "  paddleReplicaSpecs:\n"
														       "    Worker:\n" TEMPLATE(
															   "      ",
															   "paddle");
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;

	(void)state;
	s = load_clean(y, d);
	assert_int_equal(n_workloads(s), 8);
	assert_replicas(get_workload(s, "TFJob", "tf", "Chief"), 1, 1, 1);
	assert_replicas(get_workload(s, "TFJob", "tf", "PS"), 2, 2, 2);
	assert_replicas(get_workload(s, "TFJob", "tf", "Worker"), 4, 4, 4);
	assert_replicas(get_workload(s, "MPIJob", "mpi", "Launcher"), 1, 1, 1);
	assert_replicas(get_workload(s, "MPIJob", "mpi", "Worker"), 2, 2, 2);
	assert_replicas(get_workload(s, "XGBoostJob", "xgb", "Master"), 1, 1,
			1);
	assert_replicas(get_workload(s, "XGBoostJob", "xgb", "Worker"), 3, 3,
			3);
	/* replicas defaults to 1 */
	assert_replicas(get_workload(s, "PaddleJob", "paddle", "Worker"), 1, 1,
			1);
	assert_true(get_workload(s, "MPIJob", "mpi", "Worker")->flags &
		    MLCAP_WL_BATCH);
	free_set(s);
	mlcap_diags_release(d);
}

static void jobset_multiplies_job_pods_by_replicas(void **state)
{
	static const char y[] =
	    "apiVersion: jobset.x-k8s.io/v1alpha2\n"
	    "kind: JobSet\n"
	    "metadata: {name: js}\n"
	    "spec:\n"
	    "  replicatedJobs:\n"
	    "  - name: leader\n"
	    "    replicas: 1\n"
	    "    template:\n"
	    "      spec:\n"
	    "        parallelism: 1\n"
	    "        completions: 1\n" TEMPLATE(
		"        ", "l") "  - name: workers\n"
				 "    replicas: 2\n"
				 "    template:\n"
				 "      spec:\n"
				 "        parallelism: 4\n"
				 "        completions: 4\n" TEMPLATE("        ",
								     "w");
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_clean(y, d);
	assert_int_equal(n_workloads(s), 2);
	assert_replicas(get_workload(s, "JobSet", "js", "leader"), 1, 1, 1);
	w = get_workload(s, "JobSet", "js", "workers");
	assert_replicas(w, 8, 8, 8);
	assert_int_equal(w->pods_per_replica, 4);
	assert_true(w->flags & MLCAP_WL_BATCH);
	free_set(s);
	mlcap_diags_release(d);
}

/* ---- KubeRay ---- */

#define RAY_CLUSTER(sp, autoscale)                                             \
	sp "enableInTreeAutoscaling: " autoscale "\n" sp "headGroupSpec:\n" sp \
	   "  rayStartParams: {}\n" sp "  template:\n" sp "    spec:\n" sp     \
	   "      containers:\n" sp "      - name: ray-head\n" sp              \
	   "        resources: {requests: {cpu: \"2\", memory: 8Gi}}\n" sp     \
	   "workerGroupSpecs:\n" sp "- groupName: gpu\n" sp                    \
	   "  replicas: 2\n" sp "  minReplicas: 1\n" sp                        \
	   "  maxReplicas: 5\n" sp "  numOfHosts: 4\n" sp                      \
	   "  rayStartParams: {}\n" sp "  template:\n" sp "    spec:\n" sp     \
	   "      containers:\n" sp "      - name: ray-worker\n" sp            \
	   "        resources: {limits: {nvidia.com/gpu: 4}}\n" sp             \
	   "- groupName: cpu\n" sp "  replicas: 10\n" sp                       \
	   "  minReplicas: 0\n" sp "  maxReplicas: 4\n" sp                     \
	   "  rayStartParams: {}\n" sp "  template:\n" sp "    spec:\n" sp     \
	   "      containers: [{name: ray-worker}]\n"

static void raycluster_yields_head_and_worker_groups(void **state)
{
	static const char y[] =
	    "apiVersion: ray.io/v1\n"
	    "kind: RayCluster\n"
	    "metadata: {name: auto}\n"
	    "spec:\n" RAY_CLUSTER("  ", "true") "---\n"
						"apiVersion: ray.io/v1\n"
						"kind: RayCluster\n"
						"metadata: {name: fixed}\n"
						"spec:\n" RAY_CLUSTER("  ",
								      "false");
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_clean(y, d);
	assert_int_equal(n_workloads(s), 6);
	w = get_workload(s, "RayCluster", "auto", "head");
	assert_replicas(w, 1, 1, 1);
	assert_int_equal(w->pod_requests.cpu_millis, 2000);
	assert_int_equal(w->pod_requests.memory_bytes, 8 * GI);
	assert_false(w->flags & MLCAP_WL_BATCH);
	/* numOfHosts 4 pods per replica; bounds 1..5 replicas */
	w = get_workload(s, "RayCluster", "auto", "gpu");
	assert_replicas(w, 4, 8, 20);
	assert_int_equal(w->pods_per_replica, 4);
	assert_int_equal(
	    mlcap_resources_ext(&w->pod_requests, "nvidia.com/gpu"), 4);
	/* KubeRay keeps replicas within [minReplicas, maxReplicas] */
	assert_replicas(get_workload(s, "RayCluster", "auto", "cpu"), 0, 4, 4);
	/* Without the autoscaler the group runs its (clamped) replicas. */
	assert_replicas(get_workload(s, "RayCluster", "fixed", "head"), 1, 1,
			1);
	assert_replicas(get_workload(s, "RayCluster", "fixed", "gpu"), 8, 8, 8);
	assert_replicas(get_workload(s, "RayCluster", "fixed", "cpu"), 4, 4, 4);
	free_set(s);
	mlcap_diags_release(d);
}

static void rayservice_and_rayjob_read_their_cluster_specs(void **state)
{
	static const char y[] =
	    "apiVersion: ray.io/v1\n"
	    "kind: RayService\n"
	    "metadata: {name: serve}\n"
	    "spec:\n"
	    "  serveConfigV2: |\n"
	    "    applications: []\n"
	    "  rayClusterConfig:\n" RAY_CLUSTER(
		"    ", "true") "---\n"
				"apiVersion: ray.io/v1\n"
				"kind: RayJob\n"
				"metadata: {name: train}\n"
				"spec:\n"
				"  entrypoint: python train.py\n"
				"  rayClusterSpec:\n" RAY_CLUSTER(
				    "    ",
				    "false") "  submitterPodTemplate:\n"
					     "    spec:\n"
					     "      restartPolicy: Never\n"
					     "      containers:\n"
					     "      - name: submitter\n"
					     "        resources: {requests: "
					     "{cpu: 500m}}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_clean(y, d);
	assert_int_equal(n_workloads(s), 7);
	assert_replicas(get_workload(s, "RayService", "serve", "head"), 1, 1,
			1);
	assert_replicas(get_workload(s, "RayService", "serve", "gpu"), 4, 8,
			20);
	assert_replicas(get_workload(s, "RayService", "serve", "cpu"), 0, 4, 4);
	assert_false(get_workload(s, "RayService", "serve", "gpu")->flags &
		     MLCAP_WL_BATCH);
	w = get_workload(s, "RayJob", "train", "head");
	assert_true(w->flags & MLCAP_WL_BATCH);
	w = get_workload(s, "RayJob", "train", "gpu");
	assert_replicas(w, 8, 8, 8);
	assert_true(w->flags & MLCAP_WL_BATCH);
	w = get_workload(s, "RayJob", "train", "submitter");
	assert_replicas(w, 1, 1, 1);
	assert_true(w->flags & MLCAP_WL_BATCH);
	assert_int_equal(w->pod_requests.cpu_millis, 500);
	free_set(s);
	mlcap_diags_release(d);
}

/* ---- serving ---- */

static void inference_service_predictor_uses_the_model_container(void **st)
{
	static const char y[] =
	    "apiVersion: serving.kserve.io/v1beta1\n"
	    "kind: InferenceService\n"
	    "metadata: {name: llm, namespace: serve}\n"
	    "spec:\n"
	    "  predictor:\n"
	    "    minReplicas: 2\n"
	    "    maxReplicas: 5\n"
	    "    model:\n"
	    "      modelFormat: {name: huggingface}\n"
	    "      storageUri: hf://org/model\n"
	    "      resources:\n"
	    "        requests: {cpu: \"4\", memory: 16Gi}\n"
	    "        limits: {nvidia.com/gpu: 1, memory: 16Gi}\n"
	    "  transformer:\n"
	    "    containers:\n"
	    "    - name: transformer\n"
	    "      image: example/transformer\n"
	    "      resources:\n"
	    "        requests: {cpu: 500m, memory: 1Gi}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)st;
	s = load_clean(y, d);
	assert_int_equal(n_workloads(s), 2);
	w = get_workload(s, "InferenceService", "llm", "predictor");
	assert_replicas(w, 2, 2, 5);
	assert_true(w->flags & MLCAP_WL_SCALED);
	assert_int_equal(w->pod.n_containers, 1);
	assert_string_equal(w->pod.containers[0].name, "kserve-container");
	assert_int_equal(w->pod_requests.cpu_millis, 4000);
	assert_int_equal(w->pod_requests.memory_bytes, 16 * GI);
	assert_int_equal(
	    mlcap_resources_ext(&w->pod_requests, "nvidia.com/gpu"), 1);
	/* minReplicas defaults to 1; no maxReplicas is unbounded: warned */
	w = get_workload(s, "InferenceService", "llm", "transformer");
	assert_int_equal(w->replicas_min, 1);
	assert_int_equal(w->replicas_declared, 1);
	assert_int_equal(w->pod_requests.cpu_millis, 500);
	assert_int_equal(w->pod_requests.memory_bytes, GI);
	assert_int_equal(count_rule(d, "replicas.unbounded"), 1);
	free_set(s);
	mlcap_diags_release(d);
}

static void leaderworkerset_yields_leaders_and_workers_per_group(void **st)
{
	static const char y[] =
	    "apiVersion: leaderworkerset.x-k8s.io/v1\n"
	    "kind: LeaderWorkerSet\n"
	    "metadata: {name: vllm}\n"
	    "spec:\n"
	    "  replicas: 2\n"
	    "  leaderWorkerTemplate:\n"
	    "    size: 4\n"
	    "    leaderTemplate:\n"
	    "      spec:\n"
	    "        containers:\n"
	    "        - name: leader\n"
	    "          resources: {limits: {nvidia.com/gpu: 8, "
	    "cpu: \"16\"}}\n"
	    "    workerTemplate:\n"
	    "      spec:\n"
	    "        containers:\n"
	    "        - name: worker\n"
	    "          resources: {limits: {nvidia.com/gpu: 8}}\n"
	    "---\n"
	    "apiVersion: leaderworkerset.x-k8s.io/v1\n"
	    "kind: LeaderWorkerSet\n"
	    "metadata: {name: no-leader-template}\n"
	    "spec:\n"
	    "  replicas: 3\n"
	    "  leaderWorkerTemplate:\n"
	    "    size: 2\n"
	    "    workerTemplate:\n"
	    "      spec:\n"
	    "        containers:\n"
	    "        - name: worker\n"
	    "          resources: {requests: {cpu: \"1\"}}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)st;
	s = load_clean(y, d);
	assert_int_equal(n_workloads(s), 4);
	w = get_workload(s, "LeaderWorkerSet", "vllm", "leader");
	assert_replicas(w, 2, 2, 2);
	assert_int_equal(w->pod_requests.cpu_millis, 16000);
	w = get_workload(s, "LeaderWorkerSet", "vllm", "worker");
	assert_replicas(w, 6, 6, 6); /* 2 groups x (4 - 1) */
	assert_int_equal(w->pods_per_replica, 3);
	assert_int_equal(w->pod_requests.cpu_millis, 0);
	assert_int_equal(
	    mlcap_resources_ext(&w->pod_requests, "nvidia.com/gpu"), 8);
	/* The leader runs the worker template when it has none. */
	w = get_workload(s, "LeaderWorkerSet", "no-leader-template", "leader");
	assert_replicas(w, 3, 3, 3);
	assert_int_equal(w->pod_requests.cpu_millis, 1000);
	assert_replicas(
	    get_workload(s, "LeaderWorkerSet", "no-leader-template", "worker"),
	    3, 3, 3);
	free_set(s);
	mlcap_diags_release(d);
}

/* ---- cluster objects ---- */

/* The hard limit `name` of quota `q`; -1 when absent. */
static int64_t hard(const mlcap_quota *q, const char *name)
{
	uint32_t i;

	for (i = 0; i < q->n_hard; i++)
		if (strcmp(q->hard[i].name, name) == 0)
			return q->hard[i].value;
	return -1;
}

static void namespace_quota_and_node_are_read(void **state)
{
	static const char y[] =
	    "apiVersion: v1\n"
	    "kind: Namespace\n"
	    "metadata:\n"
	    "  name: ml\n"
	    "  labels: {team: research, kubernetes.io/metadata.name: ml}\n"
	    "---\n"
	    "apiVersion: v1\n"
	    "kind: ResourceQuota\n"
	    "metadata: {name: q, namespace: ml}\n"
	    "spec:\n"
	    "  hard:\n"
	    "    requests.cpu: \"10\"\n"
	    "    requests.memory: 64Gi\n"
	    "    limits.cpu: 20\n"
	    "    requests.nvidia.com/gpu: 4\n"
	    "    pods: \"50\"\n"
	    "    cpu: 500m\n"
	    "---\n"
	    "apiVersion: v1\n"
	    "kind: Node\n"
	    "metadata:\n"
	    "  name: gpu-node\n"
	    "  labels:\n"
	    "    node.kubernetes.io/instance-type: g5.xlarge\n"
	    "spec:\n"
	    "  unschedulable: true\n"
	    "  taints:\n"
	    "  - key: nvidia.com/gpu\n"
	    "    value: \"true\"\n"
	    "    effect: NoSchedule\n"
	    "status:\n"
	    "  capacity:\n"
	    "    cpu: \"4\"\n"
	    "    memory: 16203232Ki\n"
	    "    pods: \"58\"\n"
	    "    nvidia.com/gpu: \"1\"\n"
	    "    ephemeral-storage: 104845292Ki\n"
	    "  allocatable:\n"
	    "    cpu: 3920m\n"
	    "    memory: 15186400Ki\n"
	    "    pods: \"58\"\n"
	    "    nvidia.com/gpu: \"1\"\n"
	    "---\n"
	    "apiVersion: v1\n"
	    "kind: Node\n"
	    "metadata: {name: capacity-only}\n"
	    "status:\n"
	    "  capacity: {cpu: \"2\", memory: 8Gi, pods: \"110\"}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_namespace *ns;
	const mlcap_quota *q;
	const mlcap_cluster_node *nd;
	size_t n;

	(void)state;
	s = load_clean(y, d);
	assert_int_equal(n_workloads(s), 0);
	ns = mlcap_set_namespaces(s, &n);
	assert_int_equal(n, 1);
	assert_string_equal(ns[0].name, "ml");
	assert_int_equal(ns[0].labels.count, 2);
	assert_string_equal(mlcap_kvs_get(&ns[0].labels, "team"), "research");

	q = mlcap_set_quotas(s, &n);
	assert_int_equal(n, 1);
	assert_string_equal(q[0].namespace, "ml");
	assert_int_equal(q[0].n_hard, 6);
	assert_int_equal(hard(&q[0], "requests.cpu"), 10000);
	assert_int_equal(hard(&q[0], "requests.memory"), 64 * GI);
	assert_int_equal(hard(&q[0], "limits.cpu"), 20000);
	assert_int_equal(hard(&q[0], "requests.nvidia.com/gpu"), 4);
	assert_int_equal(hard(&q[0], "pods"), 50);
	assert_int_equal(hard(&q[0], "cpu"), 500);

	nd = mlcap_set_nodes(s, &n);
	assert_int_equal(n, 2);
	assert_string_equal(nd[0].name, "gpu-node");
	assert_true(nd[0].unschedulable);
	assert_string_equal(
	    mlcap_kvs_get(&nd[0].labels, "node.kubernetes.io/instance-type"),
	    "g5.xlarge");
	assert_int_equal(nd[0].capacity.cpu_millis, 4000);
	assert_int_equal(nd[0].capacity.memory_bytes, 16203232LL * 1024);
	assert_int_equal(nd[0].capacity.ephemeral_bytes, 104845292LL * 1024);
	assert_int_equal(nd[0].allocatable.cpu_millis, 3920);
	assert_int_equal(nd[0].allocatable.memory_bytes, 15186400LL * 1024);
	assert_int_equal(mlcap_resources_ext(&nd[0].allocatable, "pods"), 58);
	assert_int_equal(
	    mlcap_resources_ext(&nd[0].allocatable, "nvidia.com/gpu"), 1);
	assert_int_equal(nd[0].n_taints, 1);
	assert_string_equal(nd[0].taints[0].key, "nvidia.com/gpu");
	assert_string_equal(nd[0].taints[0].value, "true");
	assert_string_equal(nd[0].taints[0].effect, "NoSchedule");
	/* Without status.allocatable, allocatable is the capacity. */
	assert_false(nd[1].unschedulable);
	assert_int_equal(nd[1].allocatable.cpu_millis, 2000);
	assert_int_equal(nd[1].allocatable.memory_bytes, 8 * GI);
	assert_int_equal(mlcap_resources_ext(&nd[1].allocatable, "pods"), 110);
	assert_int_equal(nd[1].n_taints, 0);
	free_set(s);
	mlcap_diags_release(d);
}

/* ---- input forms ---- */

static void kind_list_unpacks_its_items(void **state)
{
	/* As `kubectl get deploy,svc -o yaml` prints it. */
	static const char y[] = "apiVersion: v1\n"
				"items:\n"
				"- apiVersion: apps/v1\n"
				"  kind: Deployment\n"
				"  metadata:\n"
				"    name: a\n"
				"    namespace: x\n"
				"    resourceVersion: \"123\"\n"
				"  spec:\n"
				"    replicas: 2\n"
				"    template:\n"
				"      spec:\n"
				"        containers: [{name: a}]\n"
				"  status: {replicas: 2}\n"
				"- apiVersion: v1\n"
				"  kind: Service\n"
				"  metadata: {name: a, namespace: x}\n"
				"  spec: {ports: [{port: 80}]}\n"
				"- apiVersion: apps/v1\n"
				"  kind: StatefulSet\n"
				"  metadata: {name: b, namespace: x}\n"
				"  spec:\n"
				"    replicas: 3\n"
				"    template:\n"
				"      spec:\n"
				"        containers: [{name: a}]\n"
				"kind: List\n"
				"metadata:\n"
				"  resourceVersion: \"\"\n"
				"---\n"
				"apiVersion: v1\n"
				"kind: PodList\n"
				"items: null\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;
	const mlcap_set_stats *st;

	(void)state;
	s = load_clean(y, d);
	assert_int_equal(n_workloads(s), 2);
	w = get_workload(s, "Deployment", "a", NULL);
	assert_replicas(w, 2, 2, 2);
	assert_int_equal(w->loc.line, 3);
	assert_int_equal(w->loc.col, 3);
	assert_replicas(get_workload(s, "StatefulSet", "b", NULL), 3, 3, 3);
	st = mlcap_set_stats_get(s);
	assert_int_equal(st->documents, 2);
	assert_int_equal(st->objects, 3);
	assert_int_equal(st->ignored_known, 1);
	assert_int_equal(st->skipped_unknown, 0);
	free_set(s);
	mlcap_diags_release(d);
}

static const char deploy_yaml[] =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: web\n"
    "  namespace: shop\n"
    "  labels: {team: t, app: web}\n"
    "spec:\n"
    "  replicas: 3\n"
    "  template:\n"
    "    metadata: {labels: {app: web}}\n"
    "    spec:\n"
    "      nodeSelector: {pool: cpu}\n"
    "      containers:\n"
    "      - name: app\n"
    "        resources:\n"
    "          requests: {cpu: 0.1, memory: 128Mi}\n"
    "          limits: {cpu: \"1\", memory: 256Mi}\n"
    "      - name: gpu\n"
    "        resources:\n"
    "          limits: {nvidia.com/gpu: 1}\n";

static const char deploy_json[] =
    "{\n"
    "  \"apiVersion\": \"apps/v1\",\n"
    "  \"kind\": \"Deployment\",\n"
    "  \"metadata\": {\n"
    "    \"name\": \"web\",\n"
    "    \"namespace\": \"shop\",\n"
    "    \"labels\": {\"team\": \"t\", \"app\": \"web\"}\n"
    "  },\n"
    "  \"spec\": {\n"
    "    \"replicas\": 3,\n"
    "    \"template\": {\n"
    "      \"metadata\": {\"labels\": {\"app\": \"web\"}},\n"
    "      \"spec\": {\n"
    "        \"nodeSelector\": {\"pool\": \"cpu\"},\n"
    "        \"containers\": [\n"
    "          {\"name\": \"app\", \"resources\": {\n"
    "            \"requests\": {\"cpu\": 0.1, \"memory\": \"128Mi\"},\n"
    "            \"limits\": {\"cpu\": \"1\", \"memory\": \"256Mi\"}}},\n"
    "          {\"name\": \"gpu\", \"resources\": {\n"
    "            \"limits\": {\"nvidia.com/gpu\": 1}}}\n"
    "        ]\n"
    "      }\n"
    "    }\n"
    "  }\n"
    "}\n";

static void json_input_gives_the_same_workload_as_yaml(void **state)
{
	mlcap_diags *dy = test_diags(0), *dj = test_diags(1);
	mlcap_set *sy, *sj;
	const mlcap_workload *a, *b;
	int k;

	(void)state;
	sy = load_clean(deploy_yaml, dy);
	sj = load_text("web.json", deploy_json, dj);
	assert_int_equal(dj->errors, 0);
	a = get_workload(sy, "Deployment", "web", NULL);
	b = get_workload(sj, "Deployment", "web", NULL);
	for (k = 0; k < 2; k++) {
		const mlcap_workload *w = k ? b : a;
		assert_string_equal(w->namespace, "shop");
		assert_replicas(w, 3, 3, 3);
		/* JSON 0.1 is exactly 100m, as in YAML */
		assert_int_equal(w->pod.containers[0].requests.cpu_millis, 100);
		assert_int_equal(w->pod_requests.cpu_millis, 100);
		assert_int_equal(w->pod_requests.memory_bytes, 128 * MI);
		assert_int_equal(
		    mlcap_resources_ext(&w->pod_requests, "nvidia.com/gpu"), 1);
		assert_int_equal(w->pod_limits.set & MLCAP_RES_CPU, 0);
		assert_string_equal(
		    mlcap_kvs_get(&w->pod.node_selector, "pool"), "cpu");
		assert_string_equal(mlcap_kvs_get(&w->labels, "team"), "t");
		assert_int_equal(w->missing_labels, 3);
		assert_int_equal(w->loc.line, 1);
		assert_int_equal(w->loc.col, 1);
	}
	assert_string_equal(b->loc.file, "web.json");
	/* "-" (stdin) named buffers are sniffed: '{' means JSON */
	free_set(sj);
	mlcap_diags_release(dj);
	sj = load_text("-", deploy_json, dj);
	assert_int_equal(dj->errors, 0);
	assert_int_equal(get_workload(sj, "Deployment", "web", NULL)
			     ->pod_requests.cpu_millis,
			 100);
	free_set(sj);
	free_set(sy);
	mlcap_diags_release(dj);
	mlcap_diags_release(dy);
}

static void json_numbers_keep_their_exact_decimal_text(void **state)
{
	static const char j[] =
	    "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", "
	    "\"metadata\": {\"name\": \"p\"}, \"spec\": {\"containers\": ["
	    "{\"name\": \"a\", \"resources\": {\"requests\": "
	    "{\"cpu\": 0.1, \"memory\": 1e9}}},"
	    "{\"name\": \"b\", \"resources\": {\"requests\": "
	    "{\"cpu\": 0.7, \"memory\": 1.5e3}}},"
	    "{\"name\": \"c\", \"resources\": {\"requests\": "
	    "{\"cpu\": 2}}}]}}";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_text("p.json", j, d);
	assert_int_equal(d->errors, 0);
	w = get_workload(s, "Pod", "p", NULL);
	assert_int_equal(w->pod.containers[0].requests.cpu_millis, 100);
	assert_int_equal(w->pod.containers[0].requests.memory_bytes,
			 1000000000);
	assert_int_equal(w->pod.containers[1].requests.cpu_millis, 700);
	assert_int_equal(w->pod.containers[1].requests.memory_bytes, 1500);
	assert_int_equal(w->pod.containers[2].requests.cpu_millis, 2000);
	assert_int_equal(w->pod_requests.cpu_millis, 2800);
	free_set(s);
	mlcap_diags_release(d);
}

static void yaml_1_1_numbers_are_read_as_kubernetes_decodes_them(void **state)
{
	/*
	 * Kubernetes' YAML decoder follows YAML 1.1 for plain scalars: 0x
	 * hex, 0 octal, 0b binary and '_' separators are integers, and an
	 * integer or float becomes the JSON number the Quantity then reads.
	 */
	static const char y[] =
	    "apiVersion: apps/v1\n"
	    "kind: Deployment\n"
	    "metadata: {name: hex}\n"
	    "spec:\n"
	    "  replicas: 0x10\n"
	    "  template:\n"
	    "    spec:\n"
	    "      containers:\n"
	    "      - name: a\n"
	    "        resources:\n"
	    "          requests: {cpu: 010, memory: 1_000}\n"
	    "      - name: b\n"
	    "        resources:\n"
	    "          requests: {cpu: 1_0.5, memory: 0b101}\n"
	    "---\n"
	    "apiVersion: apps/v1\n"
	    "kind: Deployment\n"
	    "metadata: {name: octal}\n"
	    "spec:\n"
	    "  replicas: 010\n"
	    "  template:\n"
	    "    spec:\n"
	    "      containers:\n"
	    "      - name: a\n"
	    "        resources: {requests: {cpu: \"010\"}}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_workload *w;

	(void)state;
	s = load_clean(y, d);
	w = get_workload(s, "Deployment", "hex", NULL);
	assert_replicas(w, 16, 16, 16);
	assert_int_equal(w->pod.containers[0].requests.cpu_millis, 8000);
	assert_int_equal(w->pod.containers[0].requests.memory_bytes, 1000);
	assert_int_equal(w->pod.containers[1].requests.cpu_millis, 10500);
	assert_int_equal(w->pod.containers[1].requests.memory_bytes, 5);
	w = get_workload(s, "Deployment", "octal", NULL);
	assert_replicas(w, 8, 8, 8);
	/* a quoted "010" is a string: the Quantity reads ten cores */
	assert_int_equal(w->pod_requests.cpu_millis, 10000);
	free_set(s);
	mlcap_diags_release(d);
}

static void unknown_kinds_are_skipped_with_a_note(void **state)
{
	static const char y[] = "apiVersion: example.com/v1\n"
				"kind: Widget\n"
				"metadata: {name: w}\n"
				"spec: {size: 3}\n"
				"---\n"
				"apiVersion: v1\n"
				"kind: Service\n"
				"metadata: {name: svc}\n"
				"spec: {ports: [{port: 80}]}\n"
				"---\n"
				"apiVersion: v1\n"
				"kind: ConfigMap\n"
				"metadata: {name: cm}\n"
				"data: {a: b}\n"
				"---\n"
				"apiVersion: example.com/v1\n"
				"kind: Deployment\n"
				"metadata: {name: not-apps}\n"
				"spec:\n" TEMPLATE("  ", "a");
	mlcap_diags *d = test_diags(0);
	mlcap_set *s;
	const mlcap_set_stats *st;
	const mlcap_diag *g;

	(void)state;
	s = load_clean(y, d);
	assert_int_equal(n_workloads(s), 0);
	st = mlcap_set_stats_get(s);
	assert_int_equal(st->files, 1);
	assert_int_equal(st->documents, 4);
	assert_int_equal(st->objects, 4);
	assert_int_equal(st->skipped_unknown, 2);
	assert_int_equal(st->ignored_known, 2);
	assert_int_equal(st->rejected, 0);
	assert_int_equal(d->count, 2);
	assert_int_equal(count_rule(d, "skip.kind"), 2);
	g = get_diag(d, "skip.kind");
	assert_diag_at(g, MLCAP_NOTE, "t.yaml", 1, 1);
	assert_non_null(strstr(g->message, "Widget"));
	assert_int_equal(d->items[1].line, 16);
	free_set(s);
	mlcap_diags_release(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    unit_case(core_controllers_yield_one_workload_each),
	    unit_case(jobs_run_parallelism_pods_capped_by_completions),
	    unit_case(pytorchjob_yields_master_and_elastic_workers),
	    unit_case(kubeflow_jobs_yield_one_workload_per_role),
	    unit_case(jobset_multiplies_job_pods_by_replicas),
	    unit_case(raycluster_yields_head_and_worker_groups),
	    unit_case(rayservice_and_rayjob_read_their_cluster_specs),
	    unit_case(inference_service_predictor_uses_the_model_container),
	    unit_case(leaderworkerset_yields_leaders_and_workers_per_group),
	    unit_case(namespace_quota_and_node_are_read),
	    unit_case(kind_list_unpacks_its_items),
	    unit_case(json_input_gives_the_same_workload_as_yaml),
	    unit_case(json_numbers_keep_their_exact_decimal_text),
	    unit_case(yaml_1_1_numbers_are_read_as_kubernetes_decodes_them),
	    unit_case(unknown_kinds_are_skipped_with_a_note),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
