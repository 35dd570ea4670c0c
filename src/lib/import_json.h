/*
 * import_json.h - what the JSON price readers (import_azure.c,
 * import_gcp.c) share: API responses read as pages (one page, pages
 * concatenated, or an array of pages) with jansson, syntax errors at
 * line:column, and each entry's line and exact number text kept from the
 * source bytes, since jansson keeps neither.
 */
#ifndef MLCAP_IMPORT_JSON_H
#define MLCAP_IMPORT_JSON_H

#include <jansson.h>
#include "import.h"

/*
 * An entry of a page's list: where it starts and the source text of its
 * number member `num_key` (num == NULL when absent or not a number).
 * `num` points into the input buffer and is not NUL-terminated.
 */
typedef struct {
	uint32_t line;
	const char *num;
	size_t num_len;
} mlcap_json_entry;

/*
 * Called once per page. `list` is the page's `list_key` array (NULL when
 * the page has none and it is optional), `at[i]` describes list entry i.
 * `page` and `list` are borrowed: json_incref what must outlive the call.
 * Returns 0 or < 0 (a system failure, which stops the walk).
 */
typedef int (*mlcap_json_page_fn)(mlcap_import *im, void *ctx, json_t *page,
				  uint32_t line, json_t *list,
				  const mlcap_json_entry *at);

/*
 * Parses `buf` as JSON values one after another, each a page object or
 * an array of page objects, and calls `fn` for every page. A syntax
 * error, a NUL byte, a page that is not an object or lacks a required
 * `list_key` array is an import error (mlcap_import__error, with the
 * column in the message) and ends the walk. Returns 0 or < 0.
 */
int mlcap_import__json_pages(mlcap_import *im, const char *buf, size_t len,
			     const char *list_key, bool list_optional,
			     const char *num_key, mlcap_json_page_fn fn,
			     void *ctx);

/* The string member `key` of `o`; "" when absent or not a string. */
const char *mlcap_import__json_str(const json_t *o, const char *key);

#endif
