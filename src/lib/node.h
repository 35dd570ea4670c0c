/*
 * node.h - the per-document tree both loaders (YAML and JSON) build in a
 * scratch arena and the extractor reads. Aliases are shared subtrees; map
 * children are stored as key, value pairs in one array.
 */
#ifndef MLCAP_NODE_H
#define MLCAP_NODE_H

#include <stdbool.h>
#include "internal.h"

typedef enum {
	MLCAP_NODE_NULL,
	MLCAP_NODE_SCALAR,
	MLCAP_NODE_MAP,
	MLCAP_NODE_SEQ
} mlcap_node_type;

typedef struct mlcap_node {
	uint8_t type;	    /* mlcap_node_type */
	uint8_t quoted;	    /* scalar was quoted (a YAML/JSON string) */
	uint32_t line, col; /* 1-based */
	uint32_t len;	    /* scalar bytes, seq items, map pairs */
	union {
		const char *s;		  /* scalar text, NUL-terminated */
		struct mlcap_node *items; /* seq: len; map: 2 * len */
	} u;
} mlcap_node;

/*
 * Value of `key` in map `map` (honouring YAML merge keys "<<"), or NULL
 * when `map` is not a map or has no such key. The last duplicate wins.
 */
const mlcap_node *mlcap_node__get(const mlcap_node *map, const char *key);

/* The key node of pair `i` of a map, and its value. */
#define MLCAP_NODE_KEY(m, i) (&(m)->u.items[2 * (i)])
#define MLCAP_NODE_VAL(m, i) (&(m)->u.items[2 * (i) + 1])

/* Scalar text or NULL for anything else (null included). */
const char *mlcap_node__str(const mlcap_node *n);

/*
 * True when a plain (unquoted) scalar is not a string under YAML 1.1 as
 * Kubernetes' decoder reads it: null, bool, int or float.
 */
bool mlcap_node__plain_nonstring(const mlcap_node *n);

/* True when `n` is a plain YAML 1.1 boolean (true, yes, on, false...),
 * stored in *out; false, leaving *out alone, for anything else. */
bool mlcap_node__bool(const mlcap_node *n, bool *out);

/* Human name of a node's type for messages: "a string", "a map"... */
const char *mlcap_node__type_name(const mlcap_node *n);

#endif
