/*
 * diag.c - the diagnostics list (user-input problems). Messages and hints
 * are formatted into the list's own arena, so a diagnostic outlives the
 * set or document that produced it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "set.h"
#include "banned.h"

void mlcap_diags_init(mlcap_diags *d)
{
	memset(d, 0, sizeof(*d));
	mlcap_arena_init(&d->arena);
	d->arena.chunk_size = 8192;
}

void mlcap_diags_release(mlcap_diags *d)
{
	mlcap_mem__free(d->items);
	mlcap_arena_release(&d->arena);
	d->items = NULL;
	d->count = d->alloc = 0;
	d->errors = d->warnings = d->notes = 0;
}

int mlcap_diag__addv(mlcap_diags *d, mlcap_severity s, const char *rule,
		     const mlcap_loc *at, const char *hint, const char *fmt,
		     va_list ap)
{
	va_list ap2;
	int len;
	char *msg;
	mlcap_diag *dg;

	if (MLCAP_GROW(d->items, d->alloc, d->count + 1) < 0)
		return MLCAP_ENOMEM;
	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len < 0)
		return MLCAP_EINTERNAL;
	msg = mlcap_arena_alloc(&d->arena, (size_t)len + 1);
	if (!msg)
		return MLCAP_ENOMEM;
	vsnprintf(msg, (size_t)len + 1, fmt, ap);

	dg = &d->items[d->count];
	dg->severity = s;
	dg->rule = rule ? rule : "";
	dg->message = msg;
	dg->hint = NULL;
	dg->file = "";
	dg->line = dg->col = 0;
	if (hint && !(dg->hint = mlcap_arena_strdup(&d->arena, hint)))
		return MLCAP_ENOMEM;
	if (at) {
		/* Consecutive diagnostics usually share a file: share its copy.
		 */
		if (d->count && at->file &&
		    strcmp(d->items[d->count - 1].file, at->file) == 0)
			dg->file = d->items[d->count - 1].file;
		else if (at->file &&
			 !(dg->file = mlcap_arena_strdup(&d->arena, at->file)))
			return MLCAP_ENOMEM;
		dg->line = at->line;
		dg->col = at->col;
	}
	d->count++;
	if (s == MLCAP_ERROR)
		d->errors++;
	else if (s == MLCAP_WARNING)
		d->warnings++;
	else
		d->notes++;
	return 0;
}

int mlcap_diag_add(mlcap_diags *d, mlcap_severity s, const char *rule,
		   const mlcap_loc *at, const char *hint, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = mlcap_diag__addv(d, s, rule, at, hint, fmt, ap);
	va_end(ap);
	return rc;
}

static int cmp_diag(const void *pa, const void *pb)
{
	const mlcap_diag *a = *(const mlcap_diag *const *)pa;
	const mlcap_diag *b = *(const mlcap_diag *const *)pb;
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	/* Pointers into the unsorted array: insertion order breaks ties. */
	return a < b ? -1 : (a > b);
}

/* True when kept[0..n) ends with a diagnostic equal to `g` at its
 * position: the same problem found by two passes (a plan run twice). */
static bool repeated(const mlcap_diag *kept, size_t n, const mlcap_diag *g)
{
	while (n-- > 0) {
		const mlcap_diag *k = &kept[n];
		if (k->line != g->line || k->col != g->col ||
		    strcmp(k->file, g->file) != 0)
			return false;
		if (k->severity == g->severity && !strcmp(k->rule, g->rule) &&
		    !strcmp(k->message, g->message))
			return true;
	}
	return false;
}

static void uncount(mlcap_diags *d, mlcap_severity s)
{
	if (s == MLCAP_ERROR)
		d->errors--;
	else if (s == MLCAP_WARNING)
		d->warnings--;
	else
		d->notes--;
}

void mlcap_diags_sort(mlcap_diags *d)
{
	const mlcap_diag **order;
	mlcap_diag *sorted;
	size_t i, n;

	if (d->count < 2)
		return;
	order = mlcap_mem__alloc(d->count * sizeof(*order));
	sorted = mlcap_mem__alloc(d->count * sizeof(*sorted));
	if (!order || !sorted) {
		/* Unsorted output is still correct output. */
		mlcap_mem__free(order);
		mlcap_mem__free(sorted);
		return;
	}
	for (i = 0; i < d->count; i++)
		order[i] = &d->items[i];
	qsort(order, d->count, sizeof(*order), cmp_diag);
	for (i = 0, n = 0; i < d->count; i++) {
		if (repeated(sorted, n, order[i])) {
			uncount(d, order[i]->severity);
			continue;
		}
		sorted[n++] = *order[i];
	}
	mlcap_mem__free(order);
	mlcap_mem__free(d->items);
	d->items = sorted;
	d->alloc = d->count;
	d->count = n;
}

const char *mlcap_severity_str(mlcap_severity s)
{
	switch (s) {
	case MLCAP_ERROR: return "error";
	case MLCAP_WARNING: return "warning";
	case MLCAP_NOTE: return "note";
	}
	return "error";
}
