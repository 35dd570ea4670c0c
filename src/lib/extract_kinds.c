/*
 * extract_kinds.c - one handler per Kubernetes kind: where each keeps its
 * pod templates and replica counts (core controllers, Jobs, Kubeflow
 * training jobs, JobSet, KubeRay, KServe, LeaderWorkerSet), autoscalers,
 * and the cluster objects resolution needs (Namespace, LimitRange,
 * ResourceQuota, RuntimeClass, Node).
 */
#include <stdio.h>
#include <string.h>
#include "extract.h"
#include "banned.h"

#define I32MAX 2147483647LL

/* ---- helpers ---- */

static int header(xctx *x, xobject *o, bool namespaced)
{
	int rc;
	const char *ns = NULL;

	if (o->meta && o->meta->type != MLCAP_NODE_MAP)
		return mlcap_x__diag(x, MLCAP_ERROR, o->meta, NULL, "type",
				     NULL, "metadata must be a map, not %s",
				     mlcap_node__type_name(o->meta));
	if ((rc = mlcap_x__str(x, o->meta, "name", &o->name)) < 0)
		return rc;
	if (!o->name &&
	    (rc = mlcap_x__str(x, o->meta, "generateName", &o->name)) < 0)
		return rc;
	if (!o->name) {
		o->name = "";
		if ((rc = mlcap_x__diag(
			 x, MLCAP_ERROR, o->meta ? o->meta : o->root, NULL,
			 "metadata.name", "every object needs metadata.name",
			 "%s has no metadata.name", o->kind)) < 0)
			return rc;
	}
	if (namespaced) {
		const char *s =
		    mlcap_node__str(mlcap_node__get(o->meta, "namespace"));
		ns = s && *s ? s : x->s->opts.default_namespace;
		if (!(o->namespace = mlcap_x__intern(x, ns)))
			return MLCAP_ENOMEM;
	}
	if ((rc = mlcap_x__kvs(x, mlcap_node__get(o->meta, "labels"), "label",
			       NULL, &o->labels)) < 0 ||
	    (rc = mlcap_x__kvs(x, mlcap_node__get(o->meta, "annotations"),
			       "annotation", "mlcap.io/", &o->annotations)) < 0)
		return rc;
	return 0;
}

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* A workload from a {metadata, spec} pod template. */
static mlcap_workload *templ_workload(xctx *x, const xobject *o,
				      const char *component,
				      const mlcap_node *tmpl, const char *path,
				      int *rc)
{
	mlcap_pod_template t;
	mlcap_workload *w;

	if ((*rc = mlcap_x__template(x, tmpl, path, &t)) < 0)
		return NULL;
	w = mlcap_x__workload(x, o, component, rc);
	if (w)
		w->pod = t;
	return w;
}

static void set_replicas(mlcap_workload *w, int64_t lo, int64_t decl,
			 int64_t hi)
{
	w->replicas_min = lo;
	w->replicas_declared = decl;
	w->replicas_max = hi;
}

/* ---- core workloads ---- */

/* A running Pod's node, phase and controlling owner (mlcap check). */
static int pod_runtime(xctx *x, const xobject *o, mlcap_workload *w)
{
	const mlcap_node *owners = mlcap_node__get(o->meta, "ownerReferences");
	uint32_t i;
	int rc;

	if ((rc = mlcap_x__str(x, o->spec, "nodeName", &w->node_name)) < 0 ||
	    (rc = mlcap_x__str(x, mlcap_node__get(o->root, "status"), "phase",
			       &w->phase)) < 0)
		return rc;
	for (i = 0; owners && owners->type == MLCAP_NODE_SEQ && i < owners->len;
	     i++) {
		const mlcap_node *ref = &owners->u.items[i];
		const char *ctl =
		    mlcap_node__str(mlcap_node__get(ref, "controller"));
		if (i > 0 && !(ctl && strcmp(ctl, "true") == 0))
			continue;
		if ((rc = mlcap_x__str(x, ref, "kind", &w->owner_kind)) < 0 ||
		    (rc = mlcap_x__str(x, ref, "name", &w->owner_name)) < 0)
			return rc;
		if (ctl && strcmp(ctl, "true") == 0)
			break;
	}
	return 0;
}

static int k_pod(xctx *x, xobject *o)
{
	mlcap_pod_template t;
	mlcap_workload *w;
	int rc;

	if ((rc = mlcap_x__pod_spec(x, o->spec,
				    mlcap_node__get(o->meta, "labels"), NULL,
				    NULL, true, &t)) < 0)
		return rc;
	if (!(w = mlcap_x__workload(x, o, NULL, &rc)))
		return rc;
	w->pod = t;
	return pod_runtime(x, o, w);
}

static int k_controller(xctx *x, xobject *o)
{
	int64_t replicas;
	mlcap_workload *w;
	int rc;

	if ((rc = mlcap_x__int(x, o->spec, "replicas", 1, 0, I32MAX,
			       &replicas)) < 0)
		return rc;
	w = templ_workload(x, o, NULL, mlcap_node__get(o->spec, "template"),
			   "spec.template", &rc);
	if (w)
		set_replicas(w, replicas, replicas, replicas);
	return rc;
}

static int k_daemonset(xctx *x, xobject *o)
{
	mlcap_workload *w;
	int rc;

	w = templ_workload(x, o, NULL, mlcap_node__get(o->spec, "template"),
			   "spec.template", &rc);
	if (w) {
		w->flags |= MLCAP_WL_PER_NODE;
		set_replicas(w, -1, -1, -1); /* counted on Nodes in resolve */
	}
	return rc;
}

/*
 * A Job spec: pods running at once are parallelism (default 1), capped
 * by completions when set. `times` multiplies (JobSet replicas).
 */
static int job_spec(xctx *x, const xobject *o, const mlcap_node *spec,
		    const char *component, const char *path, int64_t times,
		    const char *schedule)
{
	int64_t par, comp, deadline, pods;
	mlcap_workload *w;
	int rc;

	if ((rc = mlcap_x__int(x, spec, "parallelism", 1, 0, I32MAX, &par)) <
		0 ||
	    (rc = mlcap_x__int(x, spec, "completions", -1, 0, I32MAX, &comp)) <
		0 ||
	    (rc = mlcap_x__int(x, spec, "activeDeadlineSeconds", -1, 1,
			       INT64_MAX, &deadline)) < 0)
		return rc;
	pods = comp >= 0 && comp < par ? comp : par;
	w = templ_workload(x, o, component, mlcap_node__get(spec, "template"),
			   path, &rc);
	if (!w)
		return rc;
	w->flags |= MLCAP_WL_BATCH;
	w->completions = comp;
	w->active_deadline_secs = deadline;
	w->schedule = schedule;
	w->pods_per_replica = pods;
	set_replicas(w, pods * times, pods * times, pods * times);
	return rc;
}

static int k_job(xctx *x, xobject *o)
{
	return job_spec(x, o, o->spec, NULL, "spec.template", 1, NULL);
}

static int k_cronjob(xctx *x, xobject *o)
{
	mlcap_cron cron;
	int64_t runs = -1;
	const char *schedule;
	const mlcap_node *jt = mlcap_node__get(o->spec, "jobTemplate");
	int rc;

	if ((rc = mlcap_x__str(x, o->spec, "schedule", &schedule)) < 0)
		return rc;
	if (!schedule &&
	    (rc = mlcap_x__diag(x, MLCAP_ERROR, o->spec, &o->loc,
				"cronjob.schedule",
				"add a cron schedule such as "
				"'0 3 * * *'",
				"CronJob has no spec.schedule")) < 0)
		return rc;
	if (schedule) {
		char err[160];
		if (mlcap_cron_parse(&cron, schedule, err, sizeof(err)) == 0)
			runs = mlcap_cron_runs_per_month_micros(&cron);
		else if ((rc = mlcap_x__diag(
			      x, MLCAP_ERROR,
			      mlcap_node__get(o->spec, "schedule"), &o->loc,
			      "cronjob.schedule",
			      "five fields: minute hour day-of-month month "
			      "day-of-week, e.g. '0 3 * * *', or @daily...",
			      "invalid schedule \"%s\": %s", schedule, err)) <
			 0)
			return rc;
	}
	if (!jt)
		return mlcap_x__diag(x, MLCAP_ERROR, o->spec, &o->loc,
				     "pod.template", NULL,
				     "spec.jobTemplate is missing");
	if ((rc = job_spec(x, o, mlcap_node__get(jt, "spec"), NULL,
			   "spec.jobTemplate.spec.template", 1, schedule)) < 0)
		return rc;
	if (x->s->workloads.count)
		x->s->workloads.items[x->s->workloads.count - 1]
		    .runs_per_month_micros = runs;
	return 0;
}

/* ---- ML operators ---- */

/* Kubeflow: spec.<x>ReplicaSpecs: {Master: {replicas, template}, ...}. */
static int k_training(xctx *x, xobject *o)
{
	const mlcap_node *specs = NULL, *elastic;
	int64_t el_min = -1, el_max = -1, deadline;
	uint32_t i;
	int rc;

	for (i = 0;
	     o->spec && o->spec->type == MLCAP_NODE_MAP && i < o->spec->len;
	     i++) {
		const char *k = mlcap_node__str(MLCAP_NODE_KEY(o->spec, i));
		size_t n = k ? strlen(k) : 0;
		if (n > 12 && strcmp(k + n - 12, "ReplicaSpecs") == 0)
			specs = MLCAP_NODE_VAL(o->spec, i);
	}
	if (!specs || specs->type != MLCAP_NODE_MAP || !specs->len)
		return mlcap_x__diag(x, MLCAP_ERROR, o->spec, &o->loc,
				     "pod.template",
				     "add e.g. spec.pytorchReplicaSpecs with "
				     "Master and Worker",
				     "%s has no replica specs", o->kind);
	elastic = mlcap_node__get(o->spec, "elasticPolicy");
	if ((rc = mlcap_x__int(x, elastic, "minReplicas", -1, 0, I32MAX,
			       &el_min)) < 0 ||
	    (rc = mlcap_x__int(x, elastic, "maxReplicas", -1, 0, I32MAX,
			       &el_max)) < 0 ||
	    (rc = mlcap_x__int(x, mlcap_node__get(o->spec, "runPolicy"),
			       "activeDeadlineSeconds", -1, 1, INT64_MAX,
			       &deadline)) < 0)
		return rc;
	for (i = 0; i < specs->len; i++) {
		const char *role = mlcap_node__str(MLCAP_NODE_KEY(specs, i));
		const mlcap_node *rs = MLCAP_NODE_VAL(specs, i);
		int64_t replicas, lo, hi;
		size_t rlen;
		char *path;
		mlcap_workload *w;

		if (!role)
			continue;
		if ((rc = mlcap_x__int(x, rs, "replicas", 1, 0, I32MAX,
				       &replicas)) < 0)
			return rc;
		/* Whole, in the scratch arena: a cut may split a UTF-8 char. */
		rlen = strlen(role);
		if (!(path = mlcap_arena_alloc(&x->s->scratch,
					       rlen + sizeof(".template"))))
			return MLCAP_ENOMEM;
		memcpy(path, role, rlen);
		memcpy(path + rlen, ".template", sizeof(".template"));
		w = templ_workload(x, o, role, mlcap_node__get(rs, "template"),
				   path, &rc);
		if (!w)
			return rc;
		lo = hi = replicas;
		if (strcmp(role, "Worker") == 0 && el_min >= 0)
			lo = el_min;
		if (strcmp(role, "Worker") == 0 && el_max >= 0)
			hi = el_max;
		w->flags |= MLCAP_WL_BATCH;
		w->active_deadline_secs = deadline;
		set_replicas(w, lo, clamp(replicas, lo, hi < lo ? lo : hi),
			     hi < lo ? lo : hi);
	}
	return 0;
}

static int k_jobset(xctx *x, xobject *o)
{
	const mlcap_node *rjs = mlcap_node__get(o->spec, "replicatedJobs");
	uint32_t i;
	int rc;

	if (!rjs || rjs->type != MLCAP_NODE_SEQ || !rjs->len)
		return mlcap_x__diag(x, MLCAP_ERROR, o->spec, &o->loc,
				     "pod.template", NULL,
				     "JobSet has no spec.replicatedJobs");
	for (i = 0; i < rjs->len; i++) {
		const mlcap_node *rj = &rjs->u.items[i];
		const char *name = mlcap_node__str(mlcap_node__get(rj, "name"));
		int64_t replicas;
		if ((rc = mlcap_x__int(x, rj, "replicas", 1, 0, I32MAX,
				       &replicas)) < 0 ||
		    (rc = job_spec(x, o,
				   mlcap_node__get(
				       mlcap_node__get(rj, "template"), "spec"),
				   name ? name : "job",
				   "replicatedJobs.template.spec.template",
				   replicas, NULL)) < 0)
			return rc;
	}
	return 0;
}

/* KubeRay cluster spec: head group and worker groups with bounds. */
static int ray_cluster(xctx *x, xobject *o, const mlcap_node *cs, bool batch)
{
	const mlcap_node *groups = mlcap_node__get(cs, "workerGroupSpecs");
	bool autoscale;
	mlcap_workload *w;
	uint32_t i;
	int rc;

	if (!cs || cs->type != MLCAP_NODE_MAP)
		return mlcap_x__diag(x, MLCAP_ERROR, cs, &o->loc,
				     "pod.template",
				     "add headGroupSpec and workerGroupSpecs",
				     "%s has no Ray cluster spec", o->kind);
	if ((rc = mlcap_x__bool(x, cs, "enableInTreeAutoscaling", false,
				&autoscale)) < 0)
		return rc;
	w = templ_workload(
	    x, o, "head",
	    mlcap_node__get(mlcap_node__get(cs, "headGroupSpec"), "template"),
	    "headGroupSpec.template", &rc);
	if (!w)
		return rc;
	if (batch)
		w->flags |= MLCAP_WL_BATCH;
	for (i = 0; groups && groups->type == MLCAP_NODE_SEQ && i < groups->len;
	     i++) {
		const mlcap_node *g = &groups->u.items[i];
		const char *name =
		    mlcap_node__str(mlcap_node__get(g, "groupName"));
		int64_t rep, lo, hi, hosts;
		bool suspend;

		if ((rc = mlcap_x__int(x, g, "minReplicas", 0, 0, I32MAX,
				       &lo)) < 0 ||
		    (rc = mlcap_x__int(x, g, "maxReplicas", I32MAX, 0, I32MAX,
				       &hi)) < 0 ||
		    (rc = mlcap_x__int(x, g, "replicas", lo, 0, I32MAX, &rep)) <
			0 ||
		    (rc = mlcap_x__int(x, g, "numOfHosts", 1, 1, I32MAX,
				       &hosts)) < 0 ||
		    (rc = mlcap_x__bool(x, g, "suspend", false, &suspend)) < 0)
			return rc;
		w = templ_workload(x, o, name ? name : "worker",
				   mlcap_node__get(g, "template"),
				   "workerGroupSpecs.template", &rc);
		if (!w)
			return rc;
		if (batch)
			w->flags |= MLCAP_WL_BATCH;
		if (hi < lo)
			hi = lo;
		/* KubeRay keeps the desired count within [min, max]. */
		rep = suspend ? 0 : clamp(rep, lo, hi);
		w->pods_per_replica = hosts;
		if (!autoscale)
			lo = hi = rep;
		else if (hi == I32MAX &&
			 (rc = mlcap_x__diag(
			      x, MLCAP_WARNING, g, NULL, "replicas.unbounded",
			      "set maxReplicas on the worker group",
			      "worker group '%s' autoscales without "
			      "maxReplicas; the max scenario uses its "
			      "replicas",
			      name ? name : "worker")) < 0)
			return rc;
		if (hi == I32MAX)
			hi = rep > lo ? rep : lo;
		set_replicas(w, lo * hosts, rep * hosts, hi * hosts);
	}
	return 0;
}

static int k_raycluster(xctx *x, xobject *o)
{
	return ray_cluster(x, o, o->spec, false);
}

static int k_rayservice(xctx *x, xobject *o)
{
	return ray_cluster(x, o, mlcap_node__get(o->spec, "rayClusterConfig"),
			   false);
}

static int k_rayjob(xctx *x, xobject *o)
{
	const mlcap_node *cs = mlcap_node__get(o->spec, "rayClusterSpec");
	const mlcap_node *sub =
	    mlcap_node__get(o->spec, "submitterPodTemplate");
	mlcap_workload *w;
	int rc;

	if (!cs && mlcap_node__get(o->spec, "clusterSelector"))
		return mlcap_x__diag(x, MLCAP_NOTE, o->spec, &o->loc,
				     "rayjob.selector", NULL,
				     "RayJob '%s' runs on an existing cluster "
				     "(clusterSelector); it adds no pods",
				     o->name);
	if ((rc = ray_cluster(x, o, cs, true)) < 0)
		return rc;
	if (sub) {
		w = templ_workload(x, o, "submitter", sub,
				   "spec.submitterPodTemplate", &rc);
		if (w)
			w->flags |= MLCAP_WL_BATCH;
	}
	return rc;
}

/* KServe: predictor/transformer/explainer with one model container. */
static int k_isvc(xctx *x, xobject *o)
{
	static const char *const comps[] = {"predictor", "transformer",
					    "explainer"};
	static const char *const models[] = {
	    "model",  "sklearn", "xgboost",	"tensorflow", "pytorch",
	    "triton", "onnx",	 "huggingface", "pmml",	      "lightgbm",
	    "paddle", "art",	 "alibi",	NULL};
	const mlcap_node *meta_labels = mlcap_node__get(o->meta, "labels");
	/* v1alpha2 kept the components under spec.default. */
	const mlcap_node *base = mlcap_node__get(o->spec, "default")
				     ? mlcap_node__get(o->spec, "default")
				     : o->spec;
	size_t c;
	int rc, found = 0;

	for (c = 0; c < 3; c++) {
		const mlcap_node *cs = mlcap_node__get(base, comps[c]);
		const mlcap_node *model = NULL;
		const char *const *m;
		mlcap_pod_template t;
		mlcap_workload *w;
		int64_t lo, hi;

		if (!cs || cs->type != MLCAP_NODE_MAP)
			continue;
		found = 1;
		for (m = models; *m && !model; m++)
			model = mlcap_node__get(cs, *m);
		if (!model) /* custom: {container: {...}} */
			model = mlcap_node__get(mlcap_node__get(cs, "custom"),
						"container");
		if ((rc = mlcap_x__int(x, cs, "minReplicas", 1, 0, I32MAX,
				       &lo)) < 0 ||
		    (rc = mlcap_x__int(x, cs, "maxReplicas", 0, 0, I32MAX,
				       &hi)) < 0 ||
		    (rc = mlcap_x__pod_spec(x, cs, meta_labels, model,
					    "kserve-container", false, &t)) < 0)
			return rc;
		if (model && t.n_containers) {
			const mlcap_container *mc =
			    &t.containers[t.n_containers - 1];
			if (!mc->requests.set && !mc->limits.set &&
			    !mc->requests.n_ext && !mc->limits.n_ext &&
			    (rc = mlcap_x__diag(
				 x, MLCAP_WARNING, model, NULL,
				 "kserve.default_resources",
				 "set resources on the model container; "
				 "mlcap cannot see the cluster's ConfigMap",
				 "InferenceService '%s' %s model sets no "
				 "resources; KServe fills them from its "
				 "inferenceservice-config ConfigMap",
				 o->name, comps[c])) < 0)
				return rc;
		}
		if (!(w = mlcap_x__workload(x, o, comps[c], &rc)))
			return rc;
		w->pod = t;
		if (hi == 0 || hi < lo) {
			int64_t cap = lo > 1 ? lo : 1;
			if (hi == 0 &&
			    (rc = mlcap_x__diag(
				 x, MLCAP_WARNING, cs, NULL,
				 "replicas.unbounded",
				 "set maxReplicas on the component",
				 "InferenceService '%s' %s has no "
				 "maxReplicas and may scale without bound; "
				 "the max scenario uses %lld",
				 o->name, comps[c], (long long)cap)) < 0)
				return rc;
			hi = cap;
		}
		/* Knative starts one replica even when scale-to-zero is on. */
		set_replicas(w, lo, clamp(1, lo, hi), hi);
		w->flags |= MLCAP_WL_SCALED;
	}
	if (!found)
		return mlcap_x__diag(x, MLCAP_ERROR, o->spec, &o->loc,
				     "pod.template", "add spec.predictor",
				     "InferenceService has no predictor");
	return 0;
}

static int k_lws(xctx *x, xobject *o)
{
	const mlcap_node *lwt =
	    mlcap_node__get(o->spec, "leaderWorkerTemplate");
	const mlcap_node *leader = mlcap_node__get(lwt, "leaderTemplate");
	const mlcap_node *worker = mlcap_node__get(lwt, "workerTemplate");
	int64_t groups, size;
	mlcap_workload *w;
	int rc;

	if ((rc = mlcap_x__int(x, o->spec, "replicas", 1, 0, I32MAX, &groups)) <
		0 ||
	    (rc = mlcap_x__int(x, lwt, "size", 1, 1, I32MAX, &size)) < 0)
		return rc;
	/* Without a leaderTemplate the leader runs the worker template. */
	w = templ_workload(x, o, "leader", leader ? leader : worker,
			   "leaderWorkerTemplate.workerTemplate", &rc);
	if (!w)
		return rc;
	set_replicas(w, groups, groups, groups);
	if (size > 1) {
		w = templ_workload(x, o, "worker", worker,
				   "leaderWorkerTemplate.workerTemplate", &rc);
		if (!w)
			return rc;
		w->pods_per_replica = size - 1;
		set_replicas(w, groups * (size - 1), groups * (size - 1),
			     groups * (size - 1));
	}
	return 0;
}

/* ---- autoscalers ---- */

static int add_scaler(xctx *x, xobject *o, const mlcap_node *ref,
		      const char *dflt_kind, int64_t lo, int64_t hi)
{
	mlcap_set *s = x->s;
	mlcap_scaler *sc;
	const char *kind, *name;
	int rc;

	if ((rc = mlcap_x__str(x, ref, "kind", &kind)) < 0 ||
	    (rc = mlcap_x__str(x, ref, "name", &name)) < 0)
		return rc;
	if (!kind)
		kind = dflt_kind;
	if (!kind || !name)
		return mlcap_x__diag(
		    x, MLCAP_ERROR, ref, &o->loc, "scaler.target",
		    "set spec.scaleTargetRef.kind and name",
		    "%s '%s' has no scale target", o->kind, o->name);
	if ((rc = MLCAP_GROW(s->scalers.items, s->scalers.alloc,
			     s->scalers.count + 1)) < 0)
		return rc;
	sc = &s->scalers.items[s->scalers.count++];
	memset(sc, 0, sizeof(*sc));
	sc->kind = o->kind;
	sc->namespace = o->namespace;
	sc->name = o->name;
	sc->target_kind = kind;
	sc->target_name = name;
	sc->min_replicas = lo;
	sc->max_replicas = hi;
	sc->loc = o->loc;
	return 0;
}

static int k_hpa(xctx *x, xobject *o)
{
	int64_t lo, hi;
	int rc;

	if ((rc = mlcap_x__int(x, o->spec, "minReplicas", 1, 0, I32MAX, &lo)) <
		0 ||
	    (rc = mlcap_x__int(x, o->spec, "maxReplicas", -1, 1, I32MAX, &hi)) <
		0)
		return rc;
	if (hi < 0)
		return mlcap_x__diag(x, MLCAP_ERROR, o->spec, &o->loc,
				     "hpa.max", "set spec.maxReplicas",
				     "HorizontalPodAutoscaler '%s' has no "
				     "maxReplicas",
				     o->name);
	if (lo > hi)
		return mlcap_x__diag(x, MLCAP_ERROR, o->spec, &o->loc,
				     "hpa.range", NULL,
				     "HorizontalPodAutoscaler '%s' has "
				     "minReplicas %lld above maxReplicas %lld",
				     o->name, (long long)lo, (long long)hi);
	return add_scaler(x, o, mlcap_node__get(o->spec, "scaleTargetRef"),
			  NULL, lo, hi);
}

static int k_scaledobject(xctx *x, xobject *o)
{
	int64_t lo, hi;
	int rc;

	/* KEDA's documented defaults: min 0 (scale to zero), max 100. */
	if ((rc = mlcap_x__int(x, o->spec, "minReplicaCount", 0, 0, I32MAX,
			       &lo)) < 0 ||
	    (rc = mlcap_x__int(x, o->spec, "maxReplicaCount", 100, 0, I32MAX,
			       &hi)) < 0)
		return rc;
	if (lo > hi)
		return mlcap_x__diag(x, MLCAP_ERROR, o->spec, &o->loc,
				     "hpa.range", NULL,
				     "ScaledObject '%s' has minReplicaCount "
				     "%lld above maxReplicaCount %lld",
				     o->name, (long long)lo, (long long)hi);
	return add_scaler(x, o, mlcap_node__get(o->spec, "scaleTargetRef"),
			  "Deployment", lo, hi);
}

/* ---- cluster objects ---- */

static int k_namespace(xctx *x, xobject *o)
{
	mlcap_set *s = x->s;
	mlcap_namespace *ns;
	int rc;

	if ((rc = MLCAP_GROW(s->namespaces.items, s->namespaces.alloc,
			     s->namespaces.count + 1)) < 0)
		return rc;
	ns = &s->namespaces.items[s->namespaces.count++];
	ns->name = o->name;
	ns->labels = o->labels;
	ns->loc = o->loc;
	return 0;
}

/* Copies `from` into `to` for every resource `to` lacks. */
static int fill_missing(xctx *x, mlcap_resources *to,
			const mlcap_resources *from)
{
	mlcap_named_qty *ext;
	uint32_t i, j, n;

	if (!(to->set & MLCAP_RES_CPU) && (from->set & MLCAP_RES_CPU))
		to->cpu_millis = from->cpu_millis;
	if (!(to->set & MLCAP_RES_MEMORY) && (from->set & MLCAP_RES_MEMORY))
		to->memory_bytes = from->memory_bytes;
	if (!(to->set & MLCAP_RES_EPHEMERAL) &&
	    (from->set & MLCAP_RES_EPHEMERAL))
		to->ephemeral_bytes = from->ephemeral_bytes;
	to->set |= from->set;
	if (!from->n_ext)
		return 0;
	ext = mlcap_arena_alloc(&x->s->arena,
				(to->n_ext + from->n_ext) * sizeof(*ext));
	if (!ext)
		return MLCAP_ENOMEM;
	n = 0;
	for (i = 0, j = 0; i < to->n_ext || j < from->n_ext;) {
		int c = i == to->n_ext ? 1
			: j == from->n_ext
			    ? -1
			    : strcmp(to->ext[i].name, from->ext[j].name);
		if (c <= 0) {
			ext[n++] = to->ext[i++];
			if (c == 0)
				j++;
		} else {
			ext[n++] = from->ext[j++];
		}
	}
	to->ext = ext;
	to->n_ext = n;
	return 0;
}

static int k_limitrange(xctx *x, xobject *o)
{
	const mlcap_node *items = mlcap_node__get(o->spec, "limits");
	mlcap_set *s = x->s;
	uint32_t i;
	int rc;

	if (!items || items->type != MLCAP_NODE_SEQ)
		return mlcap_x__diag(x, MLCAP_ERROR, o->spec, &o->loc,
				     "limitrange", "add spec.limits",
				     "LimitRange '%s' has no spec.limits",
				     o->name);
	for (i = 0; i < items->len; i++) {
		const mlcap_node *it = &items->u.items[i];
		const char *type = mlcap_node__str(mlcap_node__get(it, "type"));
		mlcap_limit_range lr;

		if (!type || strcmp(type, "Container") != 0)
			continue;
		memset(&lr, 0, sizeof(lr));
		lr.namespace = o->namespace;
		lr.name = o->name;
		lr.loc = mlcap_x__loc(x, it);
		if ((rc = mlcap_x__resources(x, mlcap_node__get(it, "default"),
					     "default", &lr.default_limits)) <
			0 ||
		    (rc = mlcap_x__resources(
			 x, mlcap_node__get(it, "defaultRequest"),
			 "defaultRequest", &lr.default_requests)) < 0 ||
		    (rc = mlcap_x__resources(x, mlcap_node__get(it, "min"),
					     "min", &lr.min)) < 0 ||
		    (rc = mlcap_x__resources(x, mlcap_node__get(it, "max"),
					     "max", &lr.max)) < 0)
			return rc;
		/*
		 * Kubernetes' SetDefaults_LimitRangeItem: default limit from
		 * max, then default request from default, then from min.
		 */
		if ((rc = fill_missing(x, &lr.default_limits, &lr.max)) < 0 ||
		    (rc = fill_missing(x, &lr.default_requests,
				       &lr.default_limits)) < 0 ||
		    (rc = fill_missing(x, &lr.default_requests, &lr.min)) < 0)
			return rc;
		if ((rc = MLCAP_VEC_PUSH(s->limit_ranges, lr)) < 0)
			return rc;
	}
	return 0;
}

static int k_quota(xctx *x, xobject *o)
{
	const mlcap_node *hard = mlcap_node__get(o->spec, "hard");
	mlcap_set *s = x->s;
	mlcap_quota q;
	mlcap_named_qty *items = NULL;
	uint32_t i, n = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	q.namespace = o->namespace;
	q.name = o->name;
	q.loc = o->loc;
	if (hard && hard->type == MLCAP_NODE_MAP && hard->len) {
		items =
		    mlcap_arena_alloc(&s->arena, hard->len * sizeof(*items));
		if (!items)
			return MLCAP_ENOMEM;
		for (i = 0; i < hard->len; i++) {
			const char *k =
			    mlcap_node__str(MLCAP_NODE_KEY(hard, i));
			const mlcap_node *v = MLCAP_NODE_VAL(hard, i);
			const char *t = mlcap_node__str(v);
			size_t kl = k ? strlen(k) : 0;
			bool cpu = k && kl >= 3 && !strcmp(k + kl - 3, "cpu");
			int64_t val;

			if (!k)
				continue;
			if (!t ||
			    mlcap_quantity_parse(&val, t, strlen(t),
						 cpu ? 3 : 0) != 0 ||
			    val < 0) {
				if ((rc = mlcap_x__diag(
					 x, MLCAP_ERROR, v, NULL,
					 "quantity.invalid",
					 "use e.g. '10', '500m' or '64Gi'",
					 "invalid quantity \"%s\" for "
					 "spec.hard.%s",
					 t ? t : "", k)) < 0)
					return rc;
				continue;
			}
			items[n].name = mlcap_x__intern(x, k);
			if (!items[n].name)
				return MLCAP_ENOMEM;
			items[n++].value = val;
		}
	}
	q.hard = items;
	q.n_hard = n;
	if ((mlcap_node__get(o->spec, "scopes") ||
	     mlcap_node__get(o->spec, "scopeSelector")) &&
	    (rc = mlcap_x__diag(x, MLCAP_WARNING, o->spec, NULL, "quota.scope",
				"mlcap check counts every pod of the namespace "
				"against it",
				"ResourceQuota %s/%s has scopes, which mlcap "
				"does not model",
				q.namespace, q.name)) < 0)
		return rc;
	return MLCAP_VEC_PUSH(s->quotas, q);
}

static int k_runtimeclass(xctx *x, xobject *o)
{
	mlcap_set *s = x->s;
	mlcap_runtime_class rc_;
	int rc;

	memset(&rc_, 0, sizeof(rc_));
	rc_.name = o->name;
	rc_.loc = o->loc;
	if ((rc = mlcap_x__resources(
		 x,
		 mlcap_node__get(mlcap_node__get(o->root, "overhead"),
				 "podFixed"),
		 "overhead.podFixed", &rc_.overhead)) < 0)
		return rc;
	return MLCAP_VEC_PUSH(s->runtime_classes, rc_);
}

static int k_node(xctx *x, xobject *o)
{
	const mlcap_node *status = mlcap_node__get(o->root, "status");
	const mlcap_node *taints = mlcap_node__get(o->spec, "taints");
	mlcap_set *s = x->s;
	mlcap_cluster_node nd;
	int rc;

	memset(&nd, 0, sizeof(nd));
	nd.name = o->name;
	nd.labels = o->labels;
	nd.loc = o->loc;
	if ((rc = mlcap_x__resources(x, mlcap_node__get(status, "capacity"),
				     "status.capacity", &nd.capacity)) < 0 ||
	    (rc = mlcap_x__resources(x, mlcap_node__get(status, "allocatable"),
				     "status.allocatable", &nd.allocatable)) <
		0 ||
	    (rc = mlcap_x__bool(x, o->spec, "unschedulable", false,
				&nd.unschedulable)) < 0)
		return rc;
	if (!nd.allocatable.set && !nd.allocatable.n_ext)
		nd.allocatable = nd.capacity; /* as the kubelet reports */
	if ((rc = mlcap_x__taints(x, taints, &nd.taints, &nd.n_taints)) < 0)
		return rc;
	return MLCAP_VEC_PUSH(s->nodes, nd);
}

/* ---- dispatch ---- */

typedef int (*handler_fn)(xctx *, xobject *);

static const struct {
	const char *groups; /* space-separated API groups; "-" is core */
	const char *kind;
	handler_fn fn;
	bool namespaced;
} handlers[] = {
    {"-", "Pod", k_pod, true},
    {"apps extensions", "Deployment", k_controller, true},
    {"apps extensions", "ReplicaSet", k_controller, true},
    {"apps", "StatefulSet", k_controller, true},
    {"-", "ReplicationController", k_controller, true},
    {"apps extensions", "DaemonSet", k_daemonset, true},
    {"batch", "Job", k_job, true},
    {"batch", "CronJob", k_cronjob, true},
    {"kubeflow.org", "PyTorchJob", k_training, true},
    {"kubeflow.org", "TFJob", k_training, true},
    {"kubeflow.org", "MPIJob", k_training, true},
    {"kubeflow.org", "XGBoostJob", k_training, true},
    {"kubeflow.org", "PaddleJob", k_training, true},
    {"kubeflow.org", "JAXJob", k_training, true},
    {"jobset.x-k8s.io", "JobSet", k_jobset, true},
    {"ray.io", "RayCluster", k_raycluster, true},
    {"ray.io", "RayService", k_rayservice, true},
    {"ray.io", "RayJob", k_rayjob, true},
    {"serving.kserve.io", "InferenceService", k_isvc, true},
    {"leaderworkerset.x-k8s.io", "LeaderWorkerSet", k_lws, true},
    {"autoscaling", "HorizontalPodAutoscaler", k_hpa, true},
    {"keda.sh", "ScaledObject", k_scaledobject, true},
    {"-", "Namespace", k_namespace, false},
    {"-", "LimitRange", k_limitrange, true},
    {"-", "ResourceQuota", k_quota, true},
    {"node.k8s.io", "RuntimeClass", k_runtimeclass, false},
    {"-", "Node", k_node, false},
    {"karpenter.sh", "NodePool", mlcap_x__nodepool, false},
};

static bool group_in(const char *group, const char *list)
{
	size_t n = strlen(group);
	const char *p = list;

	if (n == 0)
		group = "-", n = 1;
	while (*p) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && memcmp(p, group, n) == 0)
			return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

/* Groups built into Kubernetes: their other kinds cost nothing here. */
static bool builtin_group(const char *g)
{
	size_t n = strlen(g);
	return n == 0 || !strcmp(g, "apps") || !strcmp(g, "batch") ||
	       !strcmp(g, "extensions") || !strcmp(g, "policy") ||
	       !strcmp(g, "autoscaling") ||
	       (n > 7 && strcmp(g + n - 7, ".k8s.io") == 0);
}

int mlcap_x__dispatch(xctx *x, xobject *o)
{
	size_t i;
	int rc;

	for (i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++) {
		if (strcmp(handlers[i].kind, o->kind) != 0 ||
		    !group_in(o->group, handlers[i].groups))
			continue;
		if ((rc = header(x, o, handlers[i].namespaced)) < 0)
			return rc;
		if (o->spec && o->spec->type != MLCAP_NODE_MAP &&
		    o->spec->type != MLCAP_NODE_NULL)
			rc =
			    mlcap_x__diag(x, MLCAP_ERROR, o->spec, NULL, "type",
					  NULL, "spec must be a map, not %s",
					  mlcap_node__type_name(o->spec));
		else
			rc = handlers[i].fn(x, o);
		return rc < 0 ? rc : 1;
	}
	if (builtin_group(o->group)) {
		x->s->stats.ignored_known++;
		return 0;
	}
	x->s->stats.skipped_unknown++;
	{
		const char *name =
		    mlcap_node__str(mlcap_node__get(o->meta, "name"));
		rc = mlcap_x__diag(
		    x, MLCAP_NOTE, o->root, NULL, "skip.kind",
		    "mlcap reads workloads, autoscalers and "
		    "cluster objects; this kind is skipped",
		    "skipped %s '%s' (%s): kind not read by mlcap", o->kind,
		    name ? name : "", o->api_version);
	}
	return rc < 0 ? rc : 0;
}
