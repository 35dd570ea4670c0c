/*
 * diag.h - diagnostics: the user-input channel of the error model. Every
 * stage appends what it finds wrong with the input and carries on; the
 * same list feeds text, JSON, SARIF and GitHub output.
 */
#ifndef MLCAP_DIAG_H
#define MLCAP_DIAG_H

#include "mlcap/arena.h"

typedef enum { MLCAP_NOTE, MLCAP_WARNING, MLCAP_ERROR } mlcap_severity;

/** A source position; line and col are 1-based, 0 when unknown. */
typedef struct {
	const char *file; /* "-" for stdin; owned by whoever made the loc */
	uint32_t line, col;
} mlcap_loc;

typedef struct {
	mlcap_severity severity;
	const char *rule;    /* stable id, e.g. "quantity.invalid" */
	const char *file;    /* owned by the diags arena; "" when none */
	uint32_t line, col;  /* 1-based; 0 = unknown */
	const char *message; /* what is wrong */
	const char *hint;    /* what to do; NULL when there is none */
} mlcap_diag;

/* Invariant: items[0..count) are valid; strings live in `arena`. */
typedef struct {
	mlcap_diag *items;
	size_t count, alloc;
	size_t errors, warnings, notes;
	mlcap_arena arena;
} mlcap_diags;

#define MLCAP_DIAGS_INIT                                                       \
	{                                                                      \
		NULL, 0, 0, 0, 0, 0, MLCAP_ARENA_INIT                          \
	}

MLCAP_API void mlcap_diags_init(mlcap_diags *d);
MLCAP_API void mlcap_diags_release(mlcap_diags *d);

/**
 * Appends a diagnostic. `at` may be NULL; `rule` must be a string literal
 * (it is not copied); `hint` may be NULL and is copied. The message is
 * printf-formatted. Returns 0 or MLCAP_ENOMEM.
 */
MLCAP_API int mlcap_diag_add(mlcap_diags *d, mlcap_severity s, const char *rule,
			     const mlcap_loc *at, const char *hint,
			     const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/** Sorts by file, line, column, then insertion order (stable), and drops
 * exact repeats (same position, severity, rule and message). */
MLCAP_API void mlcap_diags_sort(mlcap_diags *d);

MLCAP_API const char *mlcap_severity_str(mlcap_severity s);

#endif
