/*
 * import_json.c - pages of JSON API responses for the price readers (see
 * import_json.h). jansson parses and validates each value; a light scan
 * of the same bytes, which jansson has accepted, finds where each list
 * entry starts and the exact text of one number member, in the document
 * order that jansson's insertion-ordered objects are walked in.
 */
#include <string.h>
#include "import_json.h"
#include "banned.h"

/* jansson refuses deeper nesting (JSON_PARSER_MAX_DEPTH). */
#define MAX_DEPTH 2048

/* What a container is to the walk. */
enum { OTHER, ROOT_ARRAY, PAGE, LIST, ENTRY };

/*
 * Invariant: after a scan, at.items[0..at.count) are the entries of every
 * page's list and lines[0..n_lines) the first lines of every page (or
 * root array element), both in document order.
 */
typedef struct {
	mlcap_import *im;
	const char *list_key, *num_key;
	bool list_optional;
	mlcap_json_page_fn fn;
	void *ctx;
	struct {
		mlcap_json_entry *items;
		size_t count, alloc;
	} at;
	struct {
		uint32_t *items;
		size_t count, alloc;
	} lines;
	unsigned char type[MAX_DEPTH], role[MAX_DEPTH];
} walk;

const char *mlcap_import__json_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* True when the raw JSON string text s[0..n) decodes to `want` (ASCII). */
static bool key_eq(const char *s, size_t n, const char *want)
{
	size_t i = 0;

	while (i < n) {
		unsigned long c = (unsigned char)s[i++];
		if (c == '\\' && i < n) {
			char e = s[i++];
			int k;
			switch (e) {
			case 'u':
				if (i + 4 > n)
					return false;
				for (c = 0, k = 0; k < 4; k++) {
					int h = hexval(s[i++]);
					if (h < 0)
						return false;
					c = c * 16 + (unsigned long)h;
				}
				break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			default: c = (unsigned char)e; break;
			}
		}
		if (!*want || c != (unsigned char)*want)
			return false;
		want++;
	}
	return !*want;
}

/* Ends a bare token (number, true, false, null). */
static bool delimiter(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' ||
	       c == ':' || c == ']' || c == '}';
}

static int add_line(walk *w, uint32_t line)
{
	if (MLCAP_GROW(w->lines.items, w->lines.alloc, w->lines.count + 1) < 0)
		return MLCAP_ENOMEM;
	w->lines.items[w->lines.count++] = line;
	return 0;
}

/*
 * Notes a value starting at `line` whose parent has role `parent`: list
 * entries and root array elements get a line; `tok`/`tok_len` is the text
 * of a bare token, kept when it is the number member of an entry.
 */
static int value(walk *w, unsigned char parent, bool is_num_key, uint32_t line,
		 const char *tok, size_t tok_len)
{
	if (parent == LIST) {
		mlcap_json_entry *e;
		if (MLCAP_GROW(w->at.items, w->at.alloc, w->at.count + 1) < 0)
			return MLCAP_ENOMEM;
		e = &w->at.items[w->at.count++];
		e->line = line;
		e->num = NULL;
		e->num_len = 0;
	} else if (parent == ROOT_ARRAY) {
		return add_line(w, line);
	} else if (parent == ENTRY && is_num_key && tok && tok_len &&
		   (tok[0] == '-' || (tok[0] >= '0' && tok[0] <= '9'))) {
		mlcap_json_entry *e = &w->at.items[w->at.count - 1];
		e->num = tok;
		e->num_len = tok_len;
	}
	return 0;
}

/* Scans s[0..n), one JSON value that jansson accepted, from `line`. */
static int scan(walk *w, const char *s, size_t n, uint32_t line)
{
	size_t depth = 0, i = 0;
	bool key_next = false, key_list = false, key_num = false;
	int rc;

	w->at.count = 0;
	w->lines.count = 0;
	while (i < n) {
		char c = s[i];
		unsigned char parent = depth ? w->role[depth - 1] : OTHER;
		if (c == '\n') {
			line++;
			i++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == ':') {
			i++;
		} else if (c == ',') {
			key_next = depth && w->type[depth - 1] == '{';
			i++;
		} else if (c == '}' || c == ']') {
			if (depth)
				depth--;
			key_next = false;
			i++;
		} else if (c == '"') {
			size_t start = ++i;
			while (i < n && s[i] != '"')
				i += s[i] == '\\' ? 2 : 1;
			if (key_next) {
				key_list =
				    parent == PAGE &&
				    key_eq(s + start, i - start, w->list_key);
				key_num =
				    parent == ENTRY && w->num_key &&
				    key_eq(s + start, i - start, w->num_key);
				key_next = false;
			} else if ((rc = value(w, parent, false, line, NULL,
					       0)) < 0) {
				return rc;
			}
			i++;
		} else if (c == '{' || c == '[') {
			unsigned char role = OTHER;
			if ((rc = value(w, parent, false, line, NULL, 0)) < 0)
				return rc;
			if (depth >= MAX_DEPTH)
				return MLCAP_EINTERNAL;
			if (c == '{' && (depth == 0 || parent == ROOT_ARRAY)) {
				role = PAGE;
				if (depth == 0 && (rc = add_line(w, line)) < 0)
					return rc;
			} else if (c == '[' && depth == 0) {
				role = ROOT_ARRAY;
			} else if (c == '[' && parent == PAGE && key_list) {
				role = LIST;
			} else if (c == '{' && parent == LIST) {
				role = ENTRY;
			}
			w->type[depth] = (unsigned char)c;
			w->role[depth++] = role;
			key_next = c == '{';
			i++;
		} else {
			size_t start = i;
			do
				i++;
			while (i < n && !delimiter(s[i]));
			if ((rc = value(w, parent, key_num, line, s + start,
					i - start)) < 0)
				return rc;
		}
	}
	return 0;
}

/* An mlcap bug: the scan and jansson disagree. */
static int out_of_step(walk *w, uint32_t line)
{
	int rc = mlcap_import__error(w->im, line, NULL,
				     "internal error: the position scan of "
				     "the JSON input is out of step");
	return rc < 0 ? rc : MLCAP_EINTERNAL;
}

/* One page; `*next` is the first unused entry. 0, 1 after an error, < 0. */
static int page(walk *w, json_t *v, uint32_t line, size_t *next)
{
	json_t *list;
	size_t n;

	if (!json_is_object(v))
		return mlcap_import__error(
		    w->im, line, "give the response bodies as they came",
		    "a page is not a JSON object");
	list = json_object_get(v, w->list_key);
	if (!list && w->list_optional)
		return w->fn(w->im, w->ctx, v, line, NULL, NULL);
	if (!list)
		return mlcap_import__error(
		    w->im, line, "save the body of a successful API response",
		    "no '%s' list in this page", w->list_key);
	if (!json_is_array(list))
		return mlcap_import__error(w->im, line, NULL,
					   "'%s' is not a list", w->list_key);
	n = json_array_size(list);
	if (*next + n > w->at.count)
		return out_of_step(w, line);
	*next += n;
	return w->fn(w->im, w->ctx, v, line, list, w->at.items + (*next - n));
}

/* A value the scan has described: one page or an array of pages. */
static int pages(walk *w, json_t *root, uint32_t line)
{
	size_t next = 0, i;
	int rc = 0;

	if (json_is_object(root)) {
		rc = page(w, root, w->lines.count ? w->lines.items[0] : line,
			  &next);
	} else {
		if (json_array_size(root) != w->lines.count)
			return out_of_step(w, line);
		for (i = 0; rc == 0 && i < json_array_size(root); i++)
			rc = page(w, json_array_get(root, i), w->lines.items[i],
				  &next);
	}
	if (rc == 0 && next != w->at.count)
		return out_of_step(w, line);
	return rc;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Moves line:col over s[0..n). */
static void advance(const char *s, size_t n, uint32_t *line, uint32_t *col)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n') {
			++*line;
			*col = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			++*col;
		}
	}
}

int mlcap_import__json_pages(mlcap_import *im, const char *buf, size_t len,
			     const char *list_key, bool list_optional,
			     const char *num_key, mlcap_json_page_fn fn,
			     void *ctx)
{
	const char *nul = memchr(buf, '\0', len);
	uint32_t line = 1, col = 1;
	size_t off = 0;
	bool any = false;
	walk *w;
	int rc = 0;

	if (nul) {
		advance(buf, (size_t)(nul - buf), &line, &col);
		rc = mlcap_import__error(im, line, "JSON text cannot hold one",
					 "NUL byte at column %u", col);
		return rc < 0 ? rc : 0;
	}
	if (!(w = mlcap_mem__calloc(1, sizeof(*w))))
		return MLCAP_ENOMEM;
	w->im = im;
	w->list_key = list_key;
	w->list_optional = list_optional;
	w->num_key = num_key;
	w->fn = fn;
	w->ctx = ctx;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		off = 3; /* a UTF-8 byte order mark */
	while (rc == 0) {
		json_error_t err;
		json_t *root;
		size_t used;

		while (off < len && blank(buf[off]))
			advance(buf + off++, 1, &line, &col);
		if (off >= len)
			break;
		root = json_loadb(
		    buf + off, len - off,
		    JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK, &err);
		if (!root) {
			uint32_t l =
			    line + (uint32_t)(err.line > 0 ? err.line - 1 : 0);
			uint32_t c =
			    (uint32_t)(err.column > 0 ? err.column : 1) +
			    (err.line <= 1 ? col - 1 : 0);
			rc = mlcap_import__error(
			    im, l, "fix the JSON syntax; nothing is imported",
			    "invalid JSON at column %u: %s", c, err.text);
			break;
		}
		any = true;
		used = (size_t)err.position;
		if ((rc = scan(w, buf + off, used, line)) == 0)
			rc = pages(w, root, line);
		json_decref(root);
		advance(buf + off, used, &line, &col);
		off += used;
	}
	if (rc == 0 && !any)
		rc = mlcap_import__error(im, 1, "export a price API response",
					 "no JSON value in the input");
	mlcap_mem__free(w->at.items);
	mlcap_mem__free(w->lines.items);
	mlcap_mem__free(w);
	return rc < 0 ? rc : 0;
}
