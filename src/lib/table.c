/*
 * table.c - kubectl-style text tables (see table.h).
 */
#include <string.h>
#include "table.h"
#include "banned.h"

size_t mlcap_text_width(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

void mlcap_table__init(mlcap_table *t, const char *spec)
{
	char *p;

	memset(t, 0, sizeof(*t));
	mlcap_arena_init(&t->arena);
	p = mlcap_arena_strdup(&t->arena, spec);
	while (p && t->n_cols < MLCAP_TABLE_MAX_COLS) {
		char *bar = strchr(p, '|');
		if (bar)
			*bar = '\0';
		t->right[t->n_cols] = *p == '>';
		t->head[t->n_cols++] = *p == '>' ? p + 1 : p;
		p = bar ? bar + 1 : NULL;
	}
	if (!t->n_cols)
		t->err = MLCAP_ENOMEM;
}

void mlcap_table__row(mlcap_table *t, const char *const *cells)
{
	size_t c;

	if (t->err)
		return;
	if (MLCAP_GROW(t->cells, t->a_rows, (t->n_rows + 1) * t->n_cols) < 0) {
		t->err = MLCAP_ENOMEM;
		return;
	}
	for (c = 0; c < t->n_cols; c++) {
		const char *s =
		    mlcap_arena_strdup(&t->arena, cells[c] ? cells[c] : "");
		if (!s)
			t->err = MLCAP_ENOMEM;
		t->cells[t->n_rows * t->n_cols + c] = s ? s : "";
	}
	t->n_rows++;
}

static void cell(FILE *out, const char *s, size_t width, bool right, bool last)
{
	size_t w = mlcap_text_width(s), pad = width > w ? width - w : 0;

	if (right)
		for (size_t i = 0; i < pad; i++)
			putc(' ', out);
	fputs(s, out);
	if (last)
		return;
	if (!right)
		for (size_t i = 0; i < pad; i++)
			putc(' ', out);
	fputs("   ", out);
}

int mlcap_table__print(mlcap_table *t, FILE *out, int indent, bool color)
{
	size_t width[MLCAP_TABLE_MAX_COLS], r, c;

	if (t->err)
		return t->err;
	for (c = 0; c < t->n_cols; c++) {
		width[c] = mlcap_text_width(t->head[c]);
		for (r = 0; r < t->n_rows; r++) {
			size_t w =
			    mlcap_text_width(t->cells[r * t->n_cols + c]);
			if (w > width[c])
				width[c] = w;
		}
	}
	fprintf(out, "%*s", indent, "");
	if (color)
		fputs("\033[1m", out);
	for (c = 0; c < t->n_cols; c++)
		cell(out, t->head[c], width[c], t->right[c],
		     c + 1 == t->n_cols);
	if (color)
		fputs("\033[0m", out);
	putc('\n', out);
	for (r = 0; r < t->n_rows; r++) {
		fprintf(out, "%*s", indent, "");
		for (c = 0; c < t->n_cols; c++)
			cell(out, t->cells[r * t->n_cols + c], width[c],
			     t->right[c], c + 1 == t->n_cols);
		putc('\n', out);
	}
	return ferror(out) ? MLCAP_EIO : 0;
}

void mlcap_table__release(mlcap_table *t)
{
	mlcap_mem__free(t->cells);
	mlcap_arena_release(&t->arena);
	memset(t, 0, sizeof(*t));
}
