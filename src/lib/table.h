/*
 * table.h - kubectl-style text tables for the renderers: a header row in
 * capitals, columns three spaces apart, numbers right-aligned, widths in
 * characters (UTF-8 aware) so names in any script keep columns straight.
 */
#ifndef MLCAP_TABLE_H
#define MLCAP_TABLE_H

#include <stdio.h>
#include "internal.h"

#define MLCAP_TABLE_MAX_COLS 16

typedef struct {
	size_t n_cols;
	const char *head[MLCAP_TABLE_MAX_COLS];
	bool right[MLCAP_TABLE_MAX_COLS];
	const char **cells; /* n_rows x n_cols, strings in `arena` */
	size_t n_rows, a_rows;
	mlcap_arena arena;
	int err;
} mlcap_table;

/* `spec` is "NAME|>COUNT|..." : '>' right-aligns a column. */
void mlcap_table__init(mlcap_table *t, const char *spec);
/* Adds a row of n_cols printf-formatted cells given as strings. */
void mlcap_table__row(mlcap_table *t, const char *const *cells);
/* Prints with `indent` spaces before each line; returns 0 or < 0. */
int mlcap_table__print(mlcap_table *t, FILE *out, int indent, bool color);
void mlcap_table__release(mlcap_table *t);

/* Display width of UTF-8 text in characters. */
size_t mlcap_text_width(const char *s);

#endif
