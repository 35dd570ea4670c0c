/*
 * set.h - the inside of an mlcap_set and the interfaces between the loader
 * modules: file reading (load.c) hands bytes to a syntax loader
 * (load_yaml.c, load_json.c), which builds one document tree at a time and
 * hands it to the extractor (extract*.c); resolve.c runs at the end.
 */
#ifndef MLCAP_SET_H
#define MLCAP_SET_H

#include <stdarg.h>
#include "node.h"

/* Appends `val` to an MLCAP_VEC; evaluates to 0 or MLCAP_ENOMEM. */
#define MLCAP_VEC_PUSH(v, val)                                                 \
	(MLCAP_GROW((v).items, (v).alloc, (v).count + 1) < 0                   \
	     ? MLCAP_ENOMEM                                                    \
	     : ((v).items[(v).count++] = (val), 0))

/* A growable array of model objects, malloc'd; contents arena-owned. */
#define MLCAP_VEC(T)                                                           \
	struct {                                                               \
		T *items;                                                      \
		size_t count, alloc;                                           \
	}

/* A document handler: the tree of one document of `file` (which lives
 * only as long as the set). Returns 0 or a negative mlcap_status. */
typedef int (*mlcap_doc_fn)(void *ctx, const mlcap_node *root, const char *file,
			    mlcap_diags *d);

struct mlcap_set {
	mlcap_load_opts opts;
	mlcap_arena arena;   /* the model: strings, arrays, objects */
	mlcap_arena scratch; /* one document's tree; rewound per document */
	MLCAP_VEC(mlcap_workload) workloads;
	MLCAP_VEC(mlcap_scaler) scalers;
	MLCAP_VEC(mlcap_namespace) namespaces;
	MLCAP_VEC(mlcap_limit_range) limit_ranges;
	MLCAP_VEC(mlcap_quota) quotas;
	MLCAP_VEC(mlcap_runtime_class) runtime_classes;
	MLCAP_VEC(mlcap_cluster_node) nodes;
	MLCAP_VEC(mlcap_node_pool) pools;
	mlcap_cluster_config config;
	bool has_config;
	mlcap_set_stats stats;
	int resolved;
	/* Direct-mapped cache of repeated strings (extract.c). */
	const char *intern[512];
	/* When set, every document tree goes here instead of the
	 * extractor: policy and budget files reuse the loaders this way. */
	mlcap_doc_fn raw_doc;
	void *raw_ctx;
	/* Reused by the YAML tree builder between documents. */
	void *frames;
	size_t frames_alloc;
};

/*
 * Extracts the objects of one document tree (a List is unpacked). `file`
 * is owned by the set's arena. User-input problems become diagnostics.
 * Returns 0 or a negative mlcap_status.
 */
int mlcap_extract__document(mlcap_set *s, const mlcap_node *root,
			    const char *file, mlcap_diags *d);

/* Syntax loaders: parse `buf` document by document, extracting each. */
int mlcap_load__yaml(mlcap_set *s, const char *file, const char *buf,
		     size_t len, mlcap_diags *d);
int mlcap_load__json(mlcap_set *s, const char *file, const char *buf,
		     size_t len, mlcap_diags *d);

/*
 * Reads the file `path` (or, when `buf` is not NULL, `len` bytes of it
 * named `path`), YAML or JSON, handing each document's tree to `fn`.
 * Unreadable files and syntax errors are diagnostics. Returns 0 or a
 * negative mlcap_status.
 */
int mlcap_load__documents(const char *path, const char *buf, size_t len,
			  mlcap_doc_fn fn, void *ctx, mlcap_diags *d);

/* Frees the YAML builder's reusable buffers kept in the set. */
void mlcap_load__yaml_release(mlcap_set *s);

#endif
