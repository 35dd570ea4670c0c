/*
 * json_out.h - a streaming JSON writer for the renderers. Output is
 * indented by two spaces; callers write keys in sorted order, so documents
 * are byte-for-byte deterministic without building a tree first.
 */
#ifndef MLCAP_JSON_OUT_H
#define MLCAP_JSON_OUT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#define MLCAP_JW_BUF 65536

/* Output is staged in `buf` and written in large blocks: far fewer stdio
 * calls than one per token. */
typedef struct {
	FILE *f;
	size_t len;
	int depth;
	bool first;  /* no member written yet at this depth */
	bool in_key; /* a key was written; the value comes next */
	int err;     /* first failure (e.g. MLCAP_ENOMEM), reported by finish */
	char buf[MLCAP_JW_BUF];
} mlcap_jw;

void mlcap_jw__init(mlcap_jw *w, FILE *f);
void mlcap_jw__obj(mlcap_jw *w);     /* { */
void mlcap_jw__arr(mlcap_jw *w);     /* [ */
void mlcap_jw__end_obj(mlcap_jw *w); /* } */
void mlcap_jw__end_arr(mlcap_jw *w); /* ] */
void mlcap_jw__key(mlcap_jw *w, const char *key);
void mlcap_jw__str(mlcap_jw *w, const char *s); /* NULL writes null */
void mlcap_jw__int(mlcap_jw *w, int64_t v);
void mlcap_jw__bool(mlcap_jw *w, bool v);
void mlcap_jw__null(mlcap_jw *w);
/* A number from its exact decimal text (e.g. a published price). */
void mlcap_jw__number_text(mlcap_jw *w, const char *digits);
/* Ends the document with a newline; returns 0 or MLCAP_EIO. */
int mlcap_jw__finish(mlcap_jw *w);

/* key + value shorthands */
void mlcap_jw__kstr(mlcap_jw *w, const char *k, const char *v);
void mlcap_jw__kint(mlcap_jw *w, const char *k, int64_t v);

/* "diagnostics": [{column, file, hint?, line, message, rule, severity}] */
#include "mlcap/diag.h"
void mlcap_jw__diags(mlcap_jw *w, const mlcap_diags *d);

#endif
