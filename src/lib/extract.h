/*
 * extract.h - shared by extract.c (helpers, pod specs, dispatch) and
 * extract_kinds.c (one handler per Kubernetes kind). Extraction copies
 * what the model needs from a document tree into the set's arena.
 */
#ifndef MLCAP_EXTRACT_H
#define MLCAP_EXTRACT_H

#include "set.h"

typedef struct {
	mlcap_set *s;
	mlcap_diags *d;
	const char *file;
	size_t errors; /* error diagnostics in the current object */
} xctx;

/* The parts of an object every handler needs. */
typedef struct {
	const mlcap_node *root, *meta, *spec;
	const char *api_version, *kind, *group; /* group "" for core */
	const char *name, *namespace;		/* namespace NULL if none */
	mlcap_loc loc;
	mlcap_kvs labels, annotations;
} xobject;

/* A diagnostic at `at` (or the object when NULL); errors are counted. */
int mlcap_x__diag(xctx *x, mlcap_severity sev, const mlcap_node *at,
		  const mlcap_loc *fallback, const char *rule, const char *hint,
		  const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

mlcap_loc mlcap_x__loc(const xctx *x, const mlcap_node *n);

/* Arena copy of a scalar at `key` of `map`, NULL when absent or null. */
int mlcap_x__str(xctx *x, const mlcap_node *map, const char *key,
		 const char **out);

/*
 * Integer at `key` of `map` within [minv, maxv]; `dflt` when absent or
 * null. A string, a fraction or a value out of range is an error.
 */
int mlcap_x__int(xctx *x, const mlcap_node *map, const char *key, int64_t dflt,
		 int64_t minv, int64_t maxv, int64_t *out);

/* Boolean at `key`; `dflt` when absent. */
int mlcap_x__bool(xctx *x, const mlcap_node *map, const char *key, bool dflt,
		  bool *out);

/* A string map (labels, nodeSelector). `only_prefix` filters keys. */
int mlcap_x__kvs(xctx *x, const mlcap_node *map, const char *what,
		 const char *only_prefix, mlcap_kvs *out);

/* nodeSelectorRequirements (matchExpressions, Karpenter requirements). */
int mlcap_x__node_reqs(xctx *x, const mlcap_node *exprs,
		       const mlcap_node_req **out, uint32_t *n_out);

/* Node taints: key, value, effect. */
int mlcap_x__taints(xctx *x, const mlcap_node *seq, const mlcap_taint **out,
		    uint32_t *n_out);

/* A resource list (requests, limits, overhead, capacity). */
int mlcap_x__resources(xctx *x, const mlcap_node *map, const char *path,
		       mlcap_resources *out);

/*
 * A pod spec (`spec` of a pod template) with the template's labels node.
 * `extra`, when not NULL, is one more regular container (KServe's model
 * container) named `extra_name`. `need_containers`: an empty list is an
 * error, as the API server says.
 */
int mlcap_x__pod_spec(xctx *x, const mlcap_node *spec, const mlcap_node *labels,
		      const mlcap_node *extra, const char *extra_name,
		      bool need_containers, mlcap_pod_template *out);

/* A pod template ({metadata, spec}); the error names `path`. */
int mlcap_x__template(xctx *x, const mlcap_node *tmpl, const char *path,
		      mlcap_pod_template *out);

/* Appends a zeroed workload for `o` (with `component`), or NULL. */
mlcap_workload *mlcap_x__workload(xctx *x, const xobject *o,
				  const char *component, int *rc);

/* Interned copy of a string likely to repeat (kinds, namespaces...). */
const char *mlcap_x__intern(xctx *x, const char *s);

/* Kind handlers (extract_kinds.c): 1 = handled, 0 = not this kind. */
int mlcap_x__dispatch(xctx *x, xobject *o);

/* extract_config.c: the configuration document and Karpenter NodePools. */
int mlcap_x__config(xctx *x, const mlcap_node *root);
int mlcap_x__nodepool(xctx *x, xobject *o);

#endif
