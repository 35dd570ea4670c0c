/*
 * support.h - helpers the unit test executables share: load a YAML or JSON
 * text into a resolved set, find a workload or a diagnostic by name, print
 * the diagnostics when a test is about to fail, and free what a failed
 * test left behind. Header-only so each test stays one executable.
 */
#ifndef MLCAP_TEST_SUPPORT_H
#define MLCAP_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "mlcap/mlcap.h"

/* ---- cleanup after failed assertions ---- */

/*
 * A failed assertion longjmps out of the test, past its frees. Sets,
 * diagnostics and buffers made through these helpers are therefore kept
 * here and released by test_teardown, so that valgrind reports only the
 * library's own leaks. A test frees them early with free_set/buf_free
 * and mlcap_diags_release (all three may run again in the teardown).
 */
#define TEST_SLOTS 8

static struct {
	mlcap_set *sets[TEST_SLOTS];
	mlcap_diags diags[TEST_SLOTS];
	void *bufs[TEST_SLOTS];
} test_ctx;

/* Diagnostics list `i` (0..TEST_SLOTS-1), empty at the start of a test. */
static inline mlcap_diags *test_diags(int i)
{
	return &test_ctx.diags[i];
}

/* Puts `p` in a free slot of `slots`. */
static inline void track(void **slots, void *p)
{
	int i;

	for (i = 0; i < TEST_SLOTS; i++)
		if (!slots[i]) {
			slots[i] = p;
			return;
		}
	fail_msg("more than %d tracked objects in one test", TEST_SLOTS);
}

/* Removes `p` from `slots`; false when it was not there. */
static inline int untrack(void **slots, const void *p)
{
	int i;

	for (i = 0; p && i < TEST_SLOTS; i++)
		if (slots[i] == p) {
			slots[i] = NULL;
			return 1;
		}
	return 0;
}

static inline void track_set(mlcap_set *s)
{
	track((void **)test_ctx.sets, s);
}

/* mlcap_set_free for a tracked (or NULL) set. */
static inline void free_set(mlcap_set *s)
{
	untrack((void **)test_ctx.sets, s);
	mlcap_set_free(s);
}

/* malloc that the teardown frees if the test does not. */
static inline void *buf_alloc(size_t n)
{
	void *p = malloc(n);

	assert_non_null(p);
	track(test_ctx.bufs, p);
	return p;
}

static inline void buf_free(void *p)
{
	untrack(test_ctx.bufs, p);
	free(p);
}

/* Teardown of every test: frees whatever the test left. */
static inline int test_teardown(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < TEST_SLOTS; i++) {
		mlcap_set_free(test_ctx.sets[i]);
		test_ctx.sets[i] = NULL;
		mlcap_diags_release(&test_ctx.diags[i]);
		free(test_ctx.bufs[i]);
		test_ctx.bufs[i] = NULL;
	}
	return 0;
}

#define unit_case(f) cmocka_unit_test_teardown(f, test_teardown)

/* ---- diagnostics ---- */

/* Prints every diagnostic to stderr; called before a failing assertion. */
static inline void dump_diags(const mlcap_diags *d)
{
	size_t i;

	for (i = 0; i < d->count; i++) {
		const mlcap_diag *g = &d->items[i];
		fprintf(stderr, "  %s:%u:%u: %s: [%s] %s\n", g->file, g->line,
			g->col, mlcap_severity_str(g->severity), g->rule,
			g->message);
	}
}

/* ---- loading ---- */

/* Appends `text` to the string in `buf` (`cap` bytes); it must fit. */
static inline void buf_append(char *buf, size_t cap, const char *text)
{
	size_t n = strlen(buf), m = strlen(text);

	assert_true(n + m < cap);
	memcpy(buf + n, text, m + 1);
}

/*
 * Adds `len` bytes of `text` under `name` to a new set made with `opts`
 * (NULL for the defaults) and resolves it. The set is tracked: release it
 * with free_set.
 */
static inline mlcap_set *load_buf_opts(const char *name, const char *text,
				       size_t len, const mlcap_load_opts *opts,
				       mlcap_diags *d)
{
	mlcap_set *s = NULL;

	assert_int_equal(mlcap_set_new(&s, opts), 0);
	assert_non_null(s);
	track_set(s);
	assert_int_equal(mlcap_set_add_buffer(s, name, text, len, d), 0);
	assert_int_equal(mlcap_set_resolve(s, d), 0);
	return s;
}

/* load_buf_opts for a NUL-terminated text and the default options. */
static inline mlcap_set *load_text(const char *name, const char *text,
				   mlcap_diags *d)
{
	return load_buf_opts(name, text, strlen(text), NULL, d);
}

/* Like load_text, but fails the test when any error is reported. */
static inline mlcap_set *load_clean(const char *text, mlcap_diags *d)
{
	mlcap_set *s = load_text("t.yaml", text, d);

	if (d->errors)
		dump_diags(d);
	assert_int_equal(d->errors, 0);
	return s;
}

/* ---- lookups ---- */

/*
 * The workload with `name` and `component` (NULL for none), or NULL.
 * `kind` may be NULL to match any kind.
 */
static inline const mlcap_workload *find_workload(const mlcap_set *s,
						  const char *kind,
						  const char *name,
						  const char *component)
{
	size_t n, i;
	const mlcap_workload *w = mlcap_set_workloads(s, &n);

	for (i = 0; i < n; i++) {
		if (kind && strcmp(w[i].kind, kind) != 0)
			continue;
		if (strcmp(w[i].name, name) != 0)
			continue;
		if (!component != !w[i].component)
			continue;
		if (component && strcmp(w[i].component, component) != 0)
			continue;
		return &w[i];
	}
	return NULL;
}

/* As find_workload, but the workload must exist. */
static inline const mlcap_workload *get_workload(const mlcap_set *s,
						 const char *kind,
						 const char *name,
						 const char *component)
{
	const mlcap_workload *w = find_workload(s, kind, name, component);

	if (!w)
		fprintf(stderr, "  no workload %s '%s' component %s\n",
			kind ? kind : "*", name, component ? component : "-");
	assert_non_null(w);
	return w;
}

/* Number of workloads in the set. */
static inline size_t n_workloads(const mlcap_set *s)
{
	size_t n;

	mlcap_set_workloads(s, &n);
	return n;
}

/* Number of diagnostics with `rule`. */
static inline size_t count_rule(const mlcap_diags *d, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < d->count; i++)
		n += strcmp(d->items[i].rule, rule) == 0;
	return n;
}

/* The first diagnostic with `rule`; it must exist. */
static inline const mlcap_diag *get_diag(const mlcap_diags *d, const char *rule)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		if (strcmp(d->items[i].rule, rule) == 0)
			return &d->items[i];
	fprintf(stderr, "  no diagnostic with rule %s among:\n", rule);
	dump_diags(d);
	fail();
	return NULL;
}

/* The diagnostic must be at file:line:col with severity `sev`. */
static inline void assert_diag_at(const mlcap_diag *g, mlcap_severity sev,
				  const char *file, uint32_t line, uint32_t col)
{
	assert_int_equal(g->severity, sev);
	assert_string_equal(g->file, file);
	assert_int_equal(g->line, line);
	assert_int_equal(g->col, col);
}

#endif
