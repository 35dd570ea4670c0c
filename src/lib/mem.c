/*
 * mem.c - the library's only door to malloc. In the MLCAP_FAULT_INJECTION
 * build (tests only) it can fail the N-th allocation, which is how the
 * torture test proves every error path releases what it took.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "banned.h"

#ifdef MLCAP_FAULT_INJECTION
static long fail_countdown = -1; /* test builds only: not in the product */
static int fail_happened;

void mlcap_mem__fail_after(long n)
{
	fail_countdown = n;
	fail_happened = 0;
}

int mlcap_mem__failed(void)
{
	return fail_happened;
}

static int should_fail(void)
{
	if (fail_countdown < 0)
		return 0;
	if (fail_countdown == 0) {
		fail_happened = 1;
		return 1;
	}
	fail_countdown--;
	return 0;
}
#else
#define should_fail() 0
#endif

void *mlcap_mem__alloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *mlcap_mem__calloc(size_t count, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(count ? count : 1, size ? size : 1);
}

void *mlcap_mem__realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

void mlcap_mem__free(void *p)
{
	free(p);
}

int mlcap_mem__grow(void **items, size_t *alloc, size_t need, size_t elem)
{
	size_t n = *alloc ? *alloc : 8;
	void *p;

	if (need <= *alloc)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return MLCAP_ENOMEM;
		n *= 2;
	}
	if (n > SIZE_MAX / elem)
		return MLCAP_ENOMEM;
	p = mlcap_mem__realloc(*items, n * elem);
	if (!p)
		return MLCAP_ENOMEM;
	*items = p;
	*alloc = n;
	return 0;
}

const char *mlcap_status_str(int status)
{
	switch (status) {
	case MLCAP_OK: return "ok";
	case MLCAP_ENOMEM: return "out of memory";
	case MLCAP_EIO: return "input/output error";
	case MLCAP_EDB: return "database error";
	case MLCAP_ELIMIT: return "size limit reached";
	case MLCAP_EINTERNAL: return "internal error";
	case MLCAP_EINVAL: return "invalid argument";
	}
	return "unknown error";
}
