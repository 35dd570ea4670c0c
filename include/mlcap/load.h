/*
 * load.h - first pipeline stage: files, directories and streams of YAML or
 * JSON (multi-document, kind: List) into an mlcap_set, then resolution of
 * the set into the cluster model (model.h). Problems with the input are
 * diagnostics; the other documents are still read.
 */
#ifndef MLCAP_LOAD_H
#define MLCAP_LOAD_H

#include <stdio.h>
#include "mlcap/model.h"

typedef struct {
	const char *default_namespace; /* NULL means "default" */
	size_t max_file_bytes;	       /* larger files are refused */
	size_t max_scalar_bytes;       /* longer strings reject a document */
	uint32_t max_depth;	       /* deeper nesting rejects a document */
	uint64_t max_alias_nodes;      /* alias expansion budget per document */
	/* Read a document without apiVersion and kind as the cluster
	 * configuration (mlcap.yaml) instead of skipping it. */
	bool config;
} mlcap_load_opts;

/** Fills the defaults: 1 GiB files, 1 MiB scalars, depth 256, 1M nodes. */
MLCAP_API void mlcap_load_opts_init(mlcap_load_opts *o);

/** Creates an empty set. `opts` may be NULL for the defaults (copied). */
MLCAP_API int mlcap_set_new(mlcap_set **out, const mlcap_load_opts *opts);

/**
 * Adds a file, or every *.yaml, *.yml and *.json file under a directory
 * (recursively, in byte order of names). The path is kept as given for
 * file:line positions. Unreadable paths are error diagnostics; returns
 * 0, or a negative mlcap_status on allocation failure.
 */
MLCAP_API int mlcap_set_add_path(mlcap_set *s, const char *path,
				 mlcap_diags *d);

/** Adds the whole of `f` under the display name `name` ("-" for stdin). */
MLCAP_API int mlcap_set_add_stream(mlcap_set *s, const char *name, FILE *f,
				   mlcap_diags *d);

/**
 * Adds an in-memory buffer (need not be NUL-terminated). JSON is chosen
 * when the name ends in .json or, for other names, when the first
 * non-blank byte is '{' or '['.
 */
MLCAP_API int mlcap_set_add_buffer(mlcap_set *s, const char *name,
				   const char *data, size_t len,
				   mlcap_diags *d);

/**
 * Resolves the set once everything is added: LimitRange defaults, pod
 * overhead, effective pod requests/limits, HPA/KEDA bounds, DaemonSet
 * node counts, label counts. Call once. Returns 0 or a negative status.
 */
MLCAP_API int mlcap_set_resolve(mlcap_set *s, mlcap_diags *d);

/** new + add_path for each path + resolve. "-" is not special here. */
MLCAP_API int mlcap_set_load(mlcap_set **out, const char *const *paths,
			     size_t n_paths, const mlcap_load_opts *opts,
			     mlcap_diags *d);

/** NULL-safe. */
MLCAP_API void mlcap_set_free(mlcap_set *s);

#endif
