/*
 * arena.c - bump allocator in chunks. Everything the loader extracts lives
 * in the set's arena; each document's parse tree lives in a scratch arena
 * rewound after the document. With MLCAP_ARENA_DEBUG every allocation is
 * its own chunk, so ASan and valgrind see overruns.
 */
#include <string.h>
#include "internal.h"
#include "banned.h"

#define ALIGN	      16u
#define DEFAULT_CHUNK (64u * 1024u)

struct mlcap_arena_chunk {
	struct mlcap_arena_chunk *prev;
	size_t size; /* usable bytes after the header */
		     /* data follows, aligned */
};

#define HDR                                                                    \
	((sizeof(struct mlcap_arena_chunk) + ALIGN - 1) & ~(size_t)(ALIGN - 1))

static unsigned char *chunk_data(struct mlcap_arena_chunk *c)
{
	return (unsigned char *)c + HDR;
}

void mlcap_arena_init(mlcap_arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
	a->chunk_size = DEFAULT_CHUNK;
}

static void free_until(mlcap_arena *a, struct mlcap_arena_chunk *keep)
{
	while (a->head && a->head != keep) {
		struct mlcap_arena_chunk *prev = a->head->prev;
		mlcap_mem__free(a->head);
		a->head = prev;
	}
}

void mlcap_arena__clear(mlcap_arena *a)
{
#ifndef MLCAP_ARENA_DEBUG
	/* Keep the oldest chunk: a scratch arena reuses it for every document.
	 */
	while (a->head && a->head->prev) {
		struct mlcap_arena_chunk *prev = a->head->prev;
		mlcap_mem__free(a->head);
		a->head = prev;
	}
#else
	free_until(a, NULL);
#endif
	a->used = 0;
	a->total = 0;
}

void mlcap_arena_release(mlcap_arena *a)
{
	free_until(a, NULL);
	a->used = 0;
	a->total = 0;
}

void *mlcap_arena_alloc(mlcap_arena *a, size_t n)
{
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	struct mlcap_arena_chunk *c;
	size_t size;

	if (need < n)
		return NULL;
#ifndef MLCAP_ARENA_DEBUG
	if (a->head && a->head->size - a->used >= need) {
		void *p = chunk_data(a->head) + a->used;
		a->used += need;
		a->total += need;
		return p;
	}
	size = a->chunk_size ? a->chunk_size : DEFAULT_CHUNK;
	if (size < need)
		size = need;
#else
	size = n ? n : 1; /* exact, so overruns hit the allocator's redzone */
#endif
	if (size > SIZE_MAX - HDR)
		return NULL;
	c = mlcap_mem__alloc(HDR + size);
	if (!c)
		return NULL;
	c->prev = a->head;
	c->size = size;
	a->head = c;
	a->used = need > size ? size : need;
	a->total += need;
	return chunk_data(c);
}

void *mlcap_arena_calloc(mlcap_arena *a, size_t n)
{
	void *p = mlcap_arena_alloc(a, n);
	if (p)
		memset(p, 0, n);
	return p;
}

char *mlcap_arena_strndup(mlcap_arena *a, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX)
		return NULL;
	p = mlcap_arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *mlcap_arena_strdup(mlcap_arena *a, const char *s)
{
	return mlcap_arena_strndup(a, s, strlen(s));
}

mlcap_arena_mark_t mlcap_arena_mark(const mlcap_arena *a)
{
	mlcap_arena_mark_t m;
	m.head = a->head;
	m.used = a->used;
	m.total = a->total;
	return m;
}

void mlcap_arena_rewind(mlcap_arena *a, mlcap_arena_mark_t m)
{
	free_until(a, m.head);
	a->used = m.used;
	a->total = m.total;
}
