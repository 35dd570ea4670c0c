/*
 * cfgdoc.h - reading small configuration documents (the label policy,
 * budgets) from a loader's document tree into an arena that outlives it,
 * with diagnostics at file:line for what is wrong.
 */
#ifndef MLCAP_CFGDOC_H
#define MLCAP_CFGDOC_H

#include "node.h"

typedef struct {
	mlcap_arena *arena; /* where strings are copied */
	mlcap_diags *d;
	const char *file; /* arena copy of the document's file name */
	const char *rule; /* diagnostic rule, e.g. "policy" */
} mlcap_cfgdoc;

mlcap_loc mlcap_cfgdoc__loc(const mlcap_cfgdoc *c, const mlcap_node *n);

/* An error or warning at `n`; returns 0 or MLCAP_ENOMEM. */
int mlcap_cfgdoc__diag(mlcap_cfgdoc *c, mlcap_severity sev, const mlcap_node *n,
		       const char *hint, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Errors for keys of `map` not in `known` (NULL-terminated): a typo must
 * not silently do nothing. */
int mlcap_cfgdoc__keys(mlcap_cfgdoc *c, const mlcap_node *map, const char *what,
		       const char *const *known);

/* True when `n` is a map; otherwise an error says `what` must be one. */
int mlcap_cfgdoc__is_map(mlcap_cfgdoc *c, const mlcap_node *n, const char *what,
			 bool *ok);

/* Arena copy of scalar `n`; NULL when absent or null, or (after an
 * error naming `what`) when `n` is a map or list. */
int mlcap_cfgdoc__str(mlcap_cfgdoc *c, const mlcap_node *n, const char *what,
		      const char **out);

/* A list of strings (one string is a list of one) into an arena array;
 * non-string items are errors and left out. */
int mlcap_cfgdoc__strs(mlcap_cfgdoc *c, const mlcap_node *n, const char *what,
		       const char ***out, uint32_t *n_out);

/* A boolean at `n` (`dflt` when absent); anything else is an error. */
int mlcap_cfgdoc__bool(mlcap_cfgdoc *c, const mlcap_node *n, const char *what,
		       bool dflt, bool *out);

#endif
