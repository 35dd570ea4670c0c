/*
 * arena.h - bump allocator owning everything parsed from one input set.
 * Objects are freed together by mlcap_arena_release(); mark/rewind rolls
 * back the allocations of a document that turns out to be bad.
 */
#ifndef MLCAP_ARENA_H
#define MLCAP_ARENA_H

#include "mlcap/common.h"

struct mlcap_arena_chunk;

/* Invariant: `head` is the newest chunk; `used` bytes of it are taken. */
typedef struct mlcap_arena {
	struct mlcap_arena_chunk *head;
	size_t used;	   /* bytes used in head */
	size_t total;	   /* bytes handed out, for statistics */
	size_t chunk_size; /* default size of a new chunk */
} mlcap_arena;

#define MLCAP_ARENA_INIT                                                       \
	{                                                                      \
		NULL, 0, 0, 0                                                  \
	}

/** A position to rewind to; valid until the arena is rewound past it. */
typedef struct {
	struct mlcap_arena_chunk *head;
	size_t used;
	size_t total;
} mlcap_arena_mark_t;

MLCAP_API void mlcap_arena_init(mlcap_arena *a);
/** Frees every chunk; the arena can be used again afterwards. */
MLCAP_API void mlcap_arena_release(mlcap_arena *a);
/** Returns `n` bytes aligned for any type, or NULL when memory runs out. */
MLCAP_API void *mlcap_arena_alloc(mlcap_arena *a, size_t n);
/** Like mlcap_arena_alloc, zero-filled. */
MLCAP_API void *mlcap_arena_calloc(mlcap_arena *a, size_t n);
/** Copies `len` bytes of `s` and a NUL; NULL when memory runs out. */
MLCAP_API char *mlcap_arena_strndup(mlcap_arena *a, const char *s, size_t len);
MLCAP_API char *mlcap_arena_strdup(mlcap_arena *a, const char *s);
MLCAP_API mlcap_arena_mark_t mlcap_arena_mark(const mlcap_arena *a);
/** Frees everything allocated after `m` was taken. */
MLCAP_API void mlcap_arena_rewind(mlcap_arena *a, mlcap_arena_mark_t m);

#endif
