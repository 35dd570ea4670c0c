/*
 * internal.h - helpers shared by the library's modules and never exported:
 * the allocation wrappers (with the test-only fault hook) and a growable
 * array helper.
 */
#ifndef MLCAP_INTERNAL_H
#define MLCAP_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "mlcap/mlcap.h"

/*
 * Every heap allocation of the library goes through these, so that the
 * fault-injection build can fail the N-th one (see mem.c).
 */
void *mlcap_mem__alloc(size_t n);
void *mlcap_mem__calloc(size_t count, size_t size);
void *mlcap_mem__realloc(void *p, size_t n);
void mlcap_mem__free(void *p);

/*
 * Grows `*items` (elements of `elem` bytes, `*alloc` allocated) so that it
 * holds at least `need` elements. Returns 0 or MLCAP_ENOMEM, in which case
 * the old array is left untouched.
 */
int mlcap_mem__grow(void **items, size_t *alloc, size_t need, size_t elem);

#define MLCAP_GROW(arr, alloc, need)                                           \
	mlcap_mem__grow((void **)&(arr), &(alloc), (need), sizeof(*(arr)))

/* mlcap_diag_add with a va_list. */
int mlcap_diag__addv(mlcap_diags *d, mlcap_severity s, const char *rule,
		     const mlcap_loc *at, const char *hint, const char *fmt,
		     va_list ap);

/* Empties an arena but keeps its first chunk for reuse. */
void mlcap_arena__clear(mlcap_arena *a);

#ifdef MLCAP_FAULT_INJECTION
/* Fails the allocation after `n` more succeed; n < 0 disables. */
void mlcap_mem__fail_after(long n);
/* True when an injected failure has happened since the last arm. */
int mlcap_mem__failed(void);
#endif

#endif
