/*
 * load_json.c - JSON bytes into document trees. jansson parses and
 * validates (duplicate keys are errors, as in strict Kubernetes decoding);
 * because jansson keeps no positions, a light scan of the same bytes lists
 * where each value starts, in the document order jansson's insertion-
 * ordered objects are walked in. Numbers keep their source text, so 0.1
 * stays exactly 0.1 for the quantity parser.
 */
#include <string.h>
#include <jansson.h>
#include "set.h"
#include "banned.h"

typedef struct {
	uint32_t line, col;
	size_t off, len; /* source bytes of scalars (numbers, literals) */
} vpos;

typedef struct {
	mlcap_set *set;
	mlcap_diags *d;
	const char *file;
	const char *buf;
	MLCAP_VEC(vpos) pos;
	size_t next; /* next position to hand out */
	bool too_deep;
	uint32_t deep_line, deep_col;
} jctx;

static int push_pos(jctx *j, uint32_t line, uint32_t col, size_t off,
		    size_t len)
{
	vpos *p;
	if (MLCAP_GROW(j->pos.items, j->pos.alloc, j->pos.count + 1) < 0)
		return MLCAP_ENOMEM;
	p = &j->pos.items[j->pos.count++];
	p->line = line;
	p->col = col;
	p->off = off;
	p->len = len;
	return 0;
}

/* Ends a bare JSON token. Not strchr: it would match the NUL byte. */
static bool delimiter(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' ||
	       c == ':' || c == ']' || c == '}';
}

/*
 * Records the start of every value in buf[start, end), which jansson has
 * already accepted as one JSON text. Object keys are not values.
 */
static int scan_positions(jctx *j, size_t start, size_t end, uint32_t line,
			  uint32_t col)
{
	/* expect_key[depth]: inside an object, awaiting a key. */
	unsigned char stack[2100];
	size_t depth = 0, i = start;
	bool key_next = false;

	j->pos.count = 0;
	j->next = 0;
	while (i < end) {
		unsigned char c = (unsigned char)j->buf[i];
		if (c == '\n') {
			line++;
			col = 1;
			i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == ':') {
			i++;
			col++;
			continue;
		}
		if (c == ',') {
			key_next = depth && stack[depth - 1] == '{';
			i++;
			col++;
			continue;
		}
		if (c == '{' || c == '[') {
			if (push_pos(j, line, col, i, 0) < 0)
				return MLCAP_ENOMEM;
			if (depth < sizeof(stack))
				stack[depth] = c;
			depth++;
			key_next = c == '{';
			i++;
			col++;
			continue;
		}
		if (c == '}' || c == ']') {
			if (depth)
				depth--;
			key_next = false;
			i++;
			col++;
			continue;
		}
		if (c == '"') {
			size_t s = i;
			uint32_t scol = col;
			for (i++, col++; i < end && j->buf[i] != '"'; i++) {
				if (j->buf[i] == '\\') {
					i++;
					col++;
				}
				if (((unsigned char)j->buf[i] & 0xC0) != 0x80)
					col++;
			}
			i++;
			col++;
			if (!key_next && push_pos(j, line, scol, s, 0) < 0)
				return MLCAP_ENOMEM;
			key_next = false;
			continue;
		}
		/* number, true, false, null: always at least one byte */
		{
			size_t s = i;
			do
				i++;
			while (i < end && !delimiter(j->buf[i]));
			if (push_pos(j, line, col, s, i - s) < 0)
				return MLCAP_ENOMEM;
			col += (uint32_t)(i - s);
		}
	}
	return 0;
}

static int convert(jctx *j, json_t *v, mlcap_node *out, uint32_t depth)
{
	vpos p = {0, 0, 0, 0};
	int rc;

	memset(out, 0, sizeof(*out));
	if (j->next < j->pos.count)
		p = j->pos.items[j->next];
	j->next++;
	out->line = p.line;
	out->col = p.col;
	if (depth > j->set->opts.max_depth) {
		if (!j->too_deep) {
			j->too_deep = true;
			j->deep_line = p.line;
			j->deep_col = p.col;
		}
		out->type = MLCAP_NODE_NULL;
		return 0;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		const char *key;
		json_t *val;
		size_t i = 0, n = json_object_size(v);
		out->type = MLCAP_NODE_MAP;
		out->len = (uint32_t)n;
		if (!n)
			return 0;
		out->u.items = mlcap_arena_calloc(&j->set->scratch,
						  2 * n * sizeof(mlcap_node));
		if (!out->u.items)
			return MLCAP_ENOMEM;
		json_object_foreach(v, key, val)
		{
			mlcap_node *k = &out->u.items[2 * i];
			k->type = MLCAP_NODE_SCALAR;
			k->quoted = 1;
			k->len = (uint32_t)strlen(key);
			k->u.s = mlcap_arena_strdup(&j->set->scratch, key);
			if (!k->u.s)
				return MLCAP_ENOMEM;
			if ((rc = convert(j, val, &out->u.items[2 * i + 1],
					  depth + 1)) < 0)
				return rc;
			k->line = out->u.items[2 * i + 1].line;
			k->col = out->u.items[2 * i + 1].col;
			i++;
		}
		return 0;
	}
	case JSON_ARRAY: {
		size_t i, n = json_array_size(v);
		out->type = MLCAP_NODE_SEQ;
		out->len = (uint32_t)n;
		if (!n)
			return 0;
		out->u.items = mlcap_arena_calloc(&j->set->scratch,
						  n * sizeof(mlcap_node));
		if (!out->u.items)
			return MLCAP_ENOMEM;
		for (i = 0; i < n; i++)
			if ((rc = convert(j, json_array_get(v, i),
					  &out->u.items[i], depth + 1)) < 0)
				return rc;
		return 0;
	}
	case JSON_STRING:
		out->type = MLCAP_NODE_SCALAR;
		out->quoted = 1;
		out->len = (uint32_t)json_string_length(v);
		out->u.s = mlcap_arena_strndup(&j->set->scratch,
					       json_string_value(v), out->len);
		return out->u.s ? 0 : MLCAP_ENOMEM;
	case JSON_NULL: out->type = MLCAP_NODE_NULL; return 0;
	default: /* numbers and booleans keep their source text */
		out->type = MLCAP_NODE_SCALAR;
		if (p.len) {
			out->len = (uint32_t)p.len;
			out->u.s = mlcap_arena_strndup(&j->set->scratch,
						       j->buf + p.off, p.len);
		} else {
			char tmp[64];
			int n = json_is_true(v)
				    ? snprintf(tmp, sizeof(tmp), "true")
				: json_is_false(v)
				    ? snprintf(tmp, sizeof(tmp), "false")
				: json_is_integer(v)
				    ? snprintf(tmp, sizeof(tmp), "%lld",
					       (long long)json_integer_value(v))
				    : snprintf(tmp, sizeof(tmp), "%.17g",
					       json_real_value(v));
			out->len = (uint32_t)n;
			out->u.s = mlcap_arena_strndup(&j->set->scratch, tmp,
						       (size_t)n);
		}
		return out->u.s ? 0 : MLCAP_ENOMEM;
	}
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int mlcap_load__json(mlcap_set *s, const char *file, const char *buf,
		     size_t len, mlcap_diags *d)
{
	jctx j;
	size_t off = 0;
	uint32_t line = 1, col = 1;
	int rc = 0;

	memset(&j, 0, sizeof(j));
	j.set = s;
	j.d = d;
	j.file = file;
	j.buf = buf;

	/* jansson stops at a raw NUL as if the text ended there. */
	{
		const char *nul = memchr(buf, '\0', len);
		if (nul) {
			mlcap_loc l;
			size_t i;
			l.file = file;
			l.line = 1;
			l.col = 1;
			for (i = 0; i < (size_t)(nul - buf); i++) {
				if (buf[i] == '\n') {
					l.line++;
					l.col = 1;
				} else if (((unsigned char)buf[i] & 0xC0) !=
					   0x80) {
					l.col++;
				}
			}
			s->stats.documents++;
			s->stats.rejected++;
			return mlcap_diag_add(
			    d, MLCAP_ERROR, "json.encoding", &l,
			    "JSON text cannot hold a NUL byte; the file is "
			    "skipped",
			    "NUL byte in JSON input");
		}
	}
	while (rc == 0) {
		json_error_t err;
		json_t *root;
		mlcap_node tree;
		mlcap_loc l;

		/* Skip blanks between concatenated values, keeping position. */
		while (off < len && blank(buf[off])) {
			if (buf[off] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
			off++;
		}
		if (off >= len)
			break;
		root = json_loadb(buf + off, len - off,
				  JSON_REJECT_DUPLICATES | JSON_DECODE_ANY |
				      JSON_DISABLE_EOF_CHECK,
				  &err);
		if (!root) {
			l.file = file;
			l.line =
			    line + (uint32_t)(err.line > 0 ? err.line - 1 : 0);
			l.col = (uint32_t)(err.column > 0 ? err.column : 1) +
				(err.line <= 1 ? col - 1 : 0);
			s->stats.documents++;
			s->stats.rejected++;
			rc = mlcap_diag_add(d, MLCAP_ERROR, "json.syntax", &l,
					    "fix the JSON syntax; the rest of "
					    "this file is skipped",
					    "%s", err.text);
			break;
		}
		s->stats.documents++;
		j.too_deep = false;
		if ((rc = scan_positions(&j, off, off + err.position, line,
					 col)) == 0 &&
		    (rc = convert(&j, root, &tree, 0)) == 0) {
			if (j.too_deep) {
				l.file = file;
				l.line = j.deep_line;
				l.col = j.deep_col;
				s->stats.rejected++;
				rc = mlcap_diag_add(
				    d, MLCAP_ERROR, "json.depth", &l,
				    "Kubernetes objects are a few dozen "
				    "levels deep; the document is skipped",
				    "nesting deeper than %u levels",
				    s->opts.max_depth);
			} else if (tree.type != MLCAP_NODE_NULL) {
				rc = mlcap_extract__document(s, &tree, file, d);
			}
		}
		json_decref(root);
		mlcap_arena__clear(&s->scratch);
		/* Advance the position over the consumed bytes. */
		{
			size_t i, end = off + err.position;
			for (i = off; i < end; i++) {
				if (buf[i] == '\n') {
					line++;
					col = 1;
				} else if (((unsigned char)buf[i] & 0xC0) !=
					   0x80) {
					col++;
				}
			}
			off = end;
		}
	}
	mlcap_mem__free(j.pos.items);
	return rc;
}
