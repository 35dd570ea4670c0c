/*
 * csv.h - an RFC 4180 reader over an in-memory buffer, for price tables.
 * Quoted fields may hold commas, quotes ("") and newlines; every record
 * knows the line it starts on, for file:line diagnostics.
 */
#ifndef MLCAP_CSV_H
#define MLCAP_CSV_H

#include "internal.h"

typedef struct {
	const char *s; /* NUL-terminated, valid until the next record */
	size_t len;
} mlcap_csv_field;

/* Invariant: fields[0..n) point into `text`, owned by the reader. */
typedef struct {
	const char *buf;
	size_t len, pos;
	uint32_t line;	      /* line the next record starts on (1-based) */
	uint32_t record_line; /* line of the record last returned */
	char *text;	      /* unescaped field bytes of the record */
	size_t text_alloc;
	mlcap_csv_field *fields;
	size_t n, fields_alloc;
	size_t *offs;
	size_t offs_alloc;
} mlcap_csv;

void mlcap_csv__init(mlcap_csv *c, const char *buf, size_t len);
void mlcap_csv__release(mlcap_csv *c);

/*
 * Reads the next record. Returns 1 with c->fields/c->n set, 0 at the end,
 * MLCAP_EINVAL for an unterminated quote (c->record_line says where) or
 * MLCAP_ENOMEM. Blank lines are skipped; a UTF-8 BOM is ignored.
 */
int mlcap_csv__next(mlcap_csv *c);

/* Index of the header field named `name`, or -1. */
int mlcap_csv__find(const mlcap_csv *c, const char *name);

/* Writes one RFC 4180 field (quoted when it holds a comma, quote or
 * newline) and then ',' or, for the last, a newline. */
#include <stdio.h>
void mlcap_csv__write_field(FILE *out, const char *s, bool last);

#endif
