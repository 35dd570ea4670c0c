/*
 * load_yaml.c - YAML bytes into document trees, one document at a time,
 * with libyaml's event parser (the only module that talks to libyaml).
 * Caps on depth, scalar size and alias expansion turn hostile input into
 * diagnostics; after a syntax error parsing resumes at the next "---".
 */
#include <string.h>
#include <yaml.h>
#include "set.h"
#include "banned.h"

/* A container being built; `items` is reused from document to document. */
typedef struct {
	mlcap_node node;
	mlcap_node *items;
	size_t n, alloc;
	const char *anchor;
	const char *key; /* key this container is the value of, or NULL */
	uint8_t ctx;	 /* CTX_*: which skip rules apply to its keys */
} frame;

enum { CTX_NONE, CTX_CONTAINER, CTX_SPEC, CTX_METADATA, CTX_ANNOTATIONS };

typedef struct {
	const char *name;
	mlcap_node node;
	uint64_t weight; /* nodes in the subtree, aliases expanded */
} anchor_def;

typedef struct {
	mlcap_set *set;
	mlcap_diags *d;
	const char *file;
	const char *buf;
	size_t len;
	uint32_t line_base; /* lines before the current parser's input */
	/*
	 * A known line start at or before the current parser's input: scans
	 * for positions begin here, not at byte 0, so recovering from many
	 * errors in a big file stays linear.
	 */
	size_t base_off;
	uint32_t base_line;
	frame *frames; /* == set->frames */
	size_t depth;
	mlcap_node root;
	bool have_root;
	bool failed;	      /* document rejected; skip to its end */
	uint64_t alias_nodes; /* nodes added by alias expansion */
	/*
	 * Values nothing reads (env, probes, status of non-Nodes...) are not
	 * built. skip_next: the next node is such a value; skip_depth: open
	 * containers inside it. Anchors met there are remembered: an alias
	 * to one makes the document be parsed again in full (no_skip).
	 */
	bool skip_next, no_skip, reparse;
	uint32_t skip_depth;
	uint32_t skip_line, skip_col; /* where the skipped value starts */
	uint32_t doc_line;	      /* 0-based line of the document start */
	const char *root_kind;	      /* value of the root's kind, if seen */
	MLCAP_VEC(const char *) skipped_anchors;
	MLCAP_VEC(anchor_def) anchors;
	uint64_t *weights; /* weight accumulated per open frame */
	size_t weights_alloc;
} builder;

static mlcap_loc mark_loc(builder *b, yaml_mark_t m)
{
	mlcap_loc l;
	l.file = b->file;
	l.line = b->line_base + (uint32_t)m.line + 1;
	l.col = (uint32_t)m.column + 1;
	return l;
}

static int fail_doc(builder *b, yaml_mark_t m, const char *rule,
		    const char *hint, const char *msg)
{
	mlcap_loc l = mark_loc(b, m);
	b->failed = true;
	return mlcap_diag_add(b->d, MLCAP_ERROR, rule, &l, hint, "%s", msg);
}

static int register_anchor(builder *b, const char *name, const mlcap_node *n,
			   uint64_t weight)
{
	anchor_def *a;
	if (MLCAP_GROW(b->anchors.items, b->anchors.alloc,
		       b->anchors.count + 1) < 0)
		return MLCAP_ENOMEM;
	a = &b->anchors.items[b->anchors.count++];
	a->name = name;
	a->node = *n;
	a->weight = weight;
	return 0;
}

/* Adds a finished node to the open container, or makes it the root. */
static int attach(builder *b, const mlcap_node *n, uint64_t weight)
{
	frame *f;
	if (b->depth == 0) {
		b->root = *n;
		b->have_root = true;
		return 0;
	}
	f = &b->frames[b->depth - 1];
	if (f->n == f->alloc && MLCAP_GROW(f->items, f->alloc, f->n + 1) < 0)
		return MLCAP_ENOMEM;
	f->items[f->n++] = *n;
	b->weights[b->depth - 1] += weight;
	return 0;
}

static int open_frame(builder *b, const yaml_event_t *ev, uint8_t type,
		      const yaml_char_t *anchor)
{
	frame *f;
	size_t old = b->set->frames_alloc;

	if (b->depth >= b->set->opts.max_depth) {
		char msg[96];
		snprintf(msg, sizeof(msg), "nesting deeper than %u levels",
			 b->set->opts.max_depth);
		return fail_doc(b, ev->start_mark, "yaml.depth",
				"Kubernetes objects are a few dozen levels "
				"deep; the document is skipped",
				msg);
	}
	if (b->depth + 1 > b->set->frames_alloc &&
	    mlcap_mem__grow(&b->set->frames, &b->set->frames_alloc,
			    b->depth + 1, sizeof(frame)) < 0)
		return MLCAP_ENOMEM;
	b->frames = b->set->frames;
	if (b->set->frames_alloc > old)
		memset(b->frames + old, 0,
		       (b->set->frames_alloc - old) * sizeof(frame));
	if (b->depth + 1 > b->weights_alloc &&
	    MLCAP_GROW(b->weights, b->weights_alloc, b->depth + 1) < 0)
		return MLCAP_ENOMEM;
	f = &b->frames[b->depth];
	memset(&f->node, 0, sizeof(f->node));
	f->node.type = type;
	f->node.line = b->line_base + (uint32_t)ev->start_mark.line + 1;
	f->node.col = (uint32_t)ev->start_mark.column + 1;
	f->n = 0;
	f->anchor = NULL;
	f->key = NULL;
	f->ctx = CTX_NONE;
	if (b->depth > 0) { /* depth is still the parent's here */
		const frame *parent = &b->frames[b->depth - 1];
		if (parent->node.type == MLCAP_NODE_MAP && parent->n % 2 == 1 &&
		    parent->items[parent->n - 1].type == MLCAP_NODE_SCALAR)
			f->key = parent->items[parent->n - 1].u.s;
		if (type == MLCAP_NODE_MAP &&
		    parent->node.type == MLCAP_NODE_SEQ && parent->key &&
		    (!strcmp(parent->key, "containers") ||
		     !strcmp(parent->key, "initContainers")))
			f->ctx = CTX_CONTAINER;
		else if (f->key && !strcmp(f->key, "spec"))
			f->ctx = CTX_SPEC;
		else if (f->key && !strcmp(f->key, "metadata"))
			f->ctx = CTX_METADATA;
		else if (f->key && !strcmp(f->key, "annotations"))
			f->ctx = CTX_ANNOTATIONS;
	}
	if (anchor && !(f->anchor = mlcap_arena_strdup(&b->set->scratch,
						       (const char *)anchor)))
		return MLCAP_ENOMEM;
	b->weights[b->depth] = 1;
	b->depth++;
	return 0;
}

static int close_frame(builder *b, const yaml_event_t *ev)
{
	frame *f = &b->frames[b->depth - 1];
	mlcap_node n = f->node;
	uint64_t w = b->weights[b->depth - 1];

	if (n.type == MLCAP_NODE_MAP && f->n % 2) {
		/* libyaml guarantees pairs; defend against a bug anyway. */
		return fail_doc(b, ev->start_mark, "yaml.syntax", NULL,
				"mapping with a key but no value");
	}
	n.len = (uint32_t)(n.type == MLCAP_NODE_MAP ? f->n / 2 : f->n);
	n.u.items = NULL;
	if (f->n) {
		n.u.items = mlcap_arena_alloc(&b->set->scratch,
					      f->n * sizeof(mlcap_node));
		if (!n.u.items)
			return MLCAP_ENOMEM;
		memcpy(n.u.items, f->items, f->n * sizeof(mlcap_node));
	}
	b->depth--;
	if (f->anchor && register_anchor(b, f->anchor, &n, w) < 0)
		return MLCAP_ENOMEM;
	return attach(b, &n, w);
}

static bool is_null_plain(const char *s, size_t len)
{
	return len == 0 || (len == 1 && s[0] == '~') ||
	       (len == 4 &&
		(memcmp(s, "null", 4) == 0 || memcmp(s, "Null", 4) == 0 ||
		 memcmp(s, "NULL", 4) == 0));
}

static bool in_list(const char *k, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && memcmp(*list, k, n) == 0)
			return true;
	return false;
}

/*
 * Called after a scalar key was attached to the open map: decides whether
 * its value is one no extractor reads. Keys count only in their schema
 * context, since user maps (labels, nodeSelector) may use any key.
 */
static void consider_skip(builder *b, const mlcap_node *key)
{
	static const char *const container_keys[] = {"env",
						     "envFrom",
						     "ports",
						     "livenessProbe",
						     "readinessProbe",
						     "startupProbe",
						     "volumeMounts",
						     "volumeDevices",
						     "lifecycle",
						     "securityContext",
						     "args",
						     "command",
						     NULL};
	static const char *const pod_keys[] = {
	    "volumes",	      "imagePullSecrets", "dnsConfig", "hostAliases",
	    "readinessGates", "securityContext",  NULL};
	const frame *f = &b->frames[b->depth - 1];

	if (b->no_skip)
		return;
	switch (f->ctx) {
	case CTX_CONTAINER:
		if (in_list(key->u.s, key->len, container_keys))
			b->skip_next = true;
		return;
	case CTX_SPEC:
		if (in_list(key->u.s, key->len, pod_keys))
			b->skip_next = true;
		return;
	case CTX_METADATA:
		if (key->len == 13 &&
		    memcmp(key->u.s, "managedFields", 13) == 0)
			b->skip_next = true;
		return;
	case CTX_ANNOTATIONS:
		if (strncmp(key->u.s, "mlcap.io/", 9) != 0)
			b->skip_next =
			    true; /* e.g. kubectl's last-applied copy */
		return;
	default: break;
	}
	/* A status is read only from Nodes; kind comes first in practice. */
	if (b->depth == 1 && key->len == 6 &&
	    memcmp(key->u.s, "status", 6) == 0 && b->root_kind &&
	    strcmp(b->root_kind, "Node") != 0)
		b->skip_next = true;
}

static int remember_skipped_anchor(builder *b, const yaml_char_t *anchor)
{
	const char *a;
	if (!anchor)
		return 0;
	a = mlcap_arena_strdup(&b->set->scratch, (const char *)anchor);
	if (!a || MLCAP_GROW(b->skipped_anchors.items, b->skipped_anchors.alloc,
			     b->skipped_anchors.count + 1) < 0)
		return MLCAP_ENOMEM;
	b->skipped_anchors.items[b->skipped_anchors.count++] = a;
	return 0;
}

/* A null stands in for a skipped value, so maps keep their pairs. */
static int attach_placeholder(builder *b)
{
	mlcap_node n;
	memset(&n, 0, sizeof(n));
	n.type = MLCAP_NODE_NULL;
	n.line = b->skip_line;
	n.col = b->skip_col;
	return attach(b, &n, 1);
}

static const yaml_char_t *event_anchor(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT: return ev->data.scalar.anchor;
	case YAML_MAPPING_START_EVENT: return ev->data.mapping_start.anchor;
	case YAML_SEQUENCE_START_EVENT: return ev->data.sequence_start.anchor;
	default: return NULL;
	}
}

/*
 * Consumes an event of a skipped value. Returns 1 when the event was
 * consumed, 0 when it is not part of a skipped value, or a status.
 */
static int skip_event(builder *b, const yaml_event_t *ev)
{
	int rc;

	if (!b->skip_next && !b->skip_depth)
		return 0;
	if (b->skip_next) {
		b->skip_next = false;
		b->skip_line = b->line_base + (uint32_t)ev->start_mark.line + 1;
		b->skip_col = (uint32_t)ev->start_mark.column + 1;
	}
	if ((rc = remember_skipped_anchor(b, event_anchor(ev))) < 0)
		return rc;
	switch (ev->type) {
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT: b->skip_depth++; return 1;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		if (--b->skip_depth == 0 && (rc = attach_placeholder(b)) < 0)
			return rc;
		return 1;
	default: /* scalar or alias */
		if (b->skip_depth == 0 && (rc = attach_placeholder(b)) < 0)
			return rc;
		return 1;
	}
}

static int on_scalar(builder *b, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	mlcap_node n;
	const char *tag = (const char *)ev->data.scalar.tag;

	if (len > b->set->opts.max_scalar_bytes) {
		char msg[128];
		snprintf(msg, sizeof(msg),
			 "string of %zu bytes is longer than the limit of %zu",
			 len, b->set->opts.max_scalar_bytes);
		return fail_doc(b, ev->start_mark, "yaml.scalar_size",
				"Kubernetes objects are limited to 1.5 MiB; "
				"the document is skipped",
				msg);
	}
	memset(&n, 0, sizeof(n));
	n.line = b->line_base + (uint32_t)ev->start_mark.line + 1;
	n.col = (uint32_t)ev->start_mark.column + 1;
	n.quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
		   (tag && strcmp(tag, YAML_STR_TAG) == 0);
	if (!n.quoted && is_null_plain(v, len)) {
		n.type = MLCAP_NODE_NULL;
	} else {
		n.type = MLCAP_NODE_SCALAR;
		n.len = (uint32_t)len;
		n.u.s = mlcap_arena_strndup(&b->set->scratch, v, len);
		if (!n.u.s)
			return MLCAP_ENOMEM;
	}
	if (ev->data.scalar.anchor) {
		const char *a = mlcap_arena_strdup(
		    &b->set->scratch, (const char *)ev->data.scalar.anchor);
		if (!a || register_anchor(b, a, &n, 1) < 0)
			return MLCAP_ENOMEM;
	}
	if (attach(b, &n, 1) < 0)
		return MLCAP_ENOMEM;
	if (b->depth && n.type == MLCAP_NODE_SCALAR) {
		const frame *f = &b->frames[b->depth - 1];
		if (f->node.type == MLCAP_NODE_MAP && f->n % 2 == 1) {
			consider_skip(b, &n);
		} else if (b->depth == 1 && f->node.type == MLCAP_NODE_MAP &&
			   f->n >= 2 &&
			   f->items[f->n - 2].type == MLCAP_NODE_SCALAR &&
			   strcmp(f->items[f->n - 2].u.s, "kind") == 0) {
			b->root_kind = n.u.s;
		}
	}
	return 0;
}

static int on_alias(builder *b, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	size_t i = b->anchors.count;

	while (i-- > 0) {
		anchor_def *a = &b->anchors.items[i];
		if (strcmp(a->name, name) != 0)
			continue;
		b->alias_nodes += a->weight;
		if (b->alias_nodes > b->set->opts.max_alias_nodes) {
			char msg[160];
			snprintf(
			    msg, sizeof(msg),
			    "aliases expand the document past %llu nodes",
			    (unsigned long long)b->set->opts.max_alias_nodes);
			return fail_doc(
			    b, ev->start_mark, "yaml.alias_bomb",
			    "this looks like an alias bomb (\"billion"
			    " laughs\"); the document is skipped",
			    msg);
		}
		return attach(b, &a->node, a->weight);
	}
	for (i = 0; i < b->skipped_anchors.count; i++)
		if (strcmp(b->skipped_anchors.items[i], name) == 0) {
			b->reparse = true; /* parse this document in full */
			return 0;
		}
	{
		char msg[128];
		snprintf(msg, sizeof(msg), "unknown anchor '%.60s'", name);
		return fail_doc(b, ev->start_mark, "yaml.alias",
				"define the anchor (&name) before using it, "
				"and not inside itself",
				msg);
	}
}

static void reset_doc(builder *b)
{
	b->depth = 0;
	b->have_root = false;
	b->failed = false;
	b->alias_nodes = 0;
	b->anchors.count = 0;
	b->skip_next = false;
	b->skip_depth = 0;
	b->root_kind = NULL;
	b->skipped_anchors.count = 0;
	mlcap_arena__clear(&b->set->scratch);
}

/*
 * Length of the line break at buf[i] as libyaml counts lines (CRLF, CR,
 * LF, NEL, LS, PS), or 0. Every scan below turns libyaml's line numbers
 * into byte offsets or back, so it must break lines exactly as libyaml.
 */
static size_t break_len(const builder *b, size_t i)
{
	const unsigned char *p = (const unsigned char *)b->buf + i;
	size_t n = i < b->len ? b->len - i : 0;

	if (n >= 1 && p[0] == '\n')
		return 1;
	if (n >= 1 && p[0] == '\r')
		return n >= 2 && p[1] == '\n' ? 2 : 1;
	if (n >= 2 && p[0] == 0xC2 && p[1] == 0x85)
		return 2;
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
	    (p[2] == 0xA8 || p[2] == 0xA9))
		return 3;
	return 0;
}

/* Offset just past the next line break at or after `i`, or b->len. */
static size_t next_line(const builder *b, size_t i)
{
	size_t bl;

	while (i < b->len && (bl = break_len(b, i)) == 0)
		i++;
	return i < b->len ? i + bl : b->len;
}

/* True when byte `i` starts a line. */
static bool line_start(const builder *b, size_t i)
{
	const unsigned char *p = (const unsigned char *)b->buf;

	if (i == 0 || p[i - 1] == '\n')
		return true;
	if (p[i - 1] == '\r') /* not between the halves of a CRLF */
		return i >= b->len || p[i] != '\n';
	return (i >= 2 && p[i - 2] == 0xC2 && p[i - 1] == 0x85) ||
	       (i >= 3 && p[i - 3] == 0xE2 && p[i - 2] == 0x80 &&
		(p[i - 1] == 0xA8 || p[i - 1] == 0xA9));
}

/* True when a document marker "---" starts at byte `i`. */
static bool doc_marker_at(const builder *b, size_t i)
{
	char c;

	if (b->len - i < 3 || memcmp(b->buf + i, "---", 3) != 0)
		return false;
	if (b->len - i == 3)
		return true;
	c = b->buf[i + 3];
	return c == ' ' || c == '\t' || break_len(b, i + 3) != 0;
}

/* Where to start scanning for byte `off` or line `line`: base or 0. */
static void scan_origin(const builder *b, size_t off, uint32_t line, size_t *o,
			uint32_t *l)
{
	if (off >= b->base_off && line >= b->base_line) {
		*o = b->base_off;
		*l = b->base_line;
	} else {
		*o = 0;
		*l = 0;
	}
}

/* Line (0-based, relative to b->buf) of byte offset `off`, and column. */
static void offset_pos(const builder *b, size_t off, uint32_t *line,
		       uint32_t *col)
{
	size_t i, ls, bl;
	uint32_t l, c = 0;

	if (off > b->len)
		off = b->len;
	scan_origin(b, off, UINT32_MAX, &ls, &l);
	for (i = ls; i < off; i += bl ? bl : 1)
		if ((bl = break_len(b, i)) != 0) {
			l++;
			ls = i + bl;
		}
	for (i = ls; i < off; i++)
		if (((unsigned char)b->buf[i] & 0xC0) != 0x80)
			c++;
	*line = l;
	*col = c;
}

/*
 * Byte offset of the first line after line `after` (absolute, 0-based)
 * that starts a new document ("---"), or b->len when there is none. With
 * `at_marker` the error was found at the "---" of line `after`, which an
 * unclosed quote or bracket ran into: that line starts the next document,
 * unless it is where this parse began (`off`). `*line_out` receives the
 * line's number.
 */
static size_t next_document(const builder *b, size_t off, uint32_t after,
			    bool at_marker, uint32_t *line_out)
{
	size_t i;
	uint32_t line;

	scan_origin(b, SIZE_MAX, after, &i, &line);
	while (i < b->len) {
		if ((line > after || (at_marker && line == after && i > off)) &&
		    doc_marker_at(b, i)) {
			*line_out = line;
			return i;
		}
		i = next_line(b, i);
		line++;
	}
	*line_out = line;
	return b->len;
}

/* Byte offset of the start of absolute 0-based line `line`. */
static size_t line_offset(const builder *b, uint32_t line)
{
	size_t i;
	uint32_t l;

	scan_origin(b, SIZE_MAX, line, &i, &l);
	while (l < line && i < b->len) {
		i = next_line(b, i);
		l++;
	}
	return i;
}

/*
 * Byte offset of the last line in (lo, hi] that starts a document
 * ("---"), or `lo` when there is none.
 */
static size_t document_before(const builder *b, size_t lo, size_t hi)
{
	size_t i, found = lo;

	for (i = lo + 1; i <= hi && i + 3 <= b->len; i++)
		if (line_start(b, i) && doc_marker_at(b, i))
			found = i;
	return found;
}

/* Byte offset of absolute 0-based `line` and character column `col`. */
static size_t mark_offset(const builder *b, uint32_t line, uint32_t col)
{
	size_t i = line_offset(b, line);

	while (col > 0 && i < b->len && break_len(b, i) == 0) {
		i++;
		while (i < b->len && ((unsigned char)b->buf[i] & 0xC0) == 0x80)
			i++;
		col--;
	}
	return i;
}

/* Absolute 0-based line of byte offset `off`. */
static uint32_t line_of(const builder *b, size_t off)
{
	uint32_t line, col;

	offset_pos(b, off, &line, &col);
	return line;
}

/*
 * Reports a libyaml error; returns the absolute 0-based line and the
 * column it is on.
 */
static int report_parser_error(builder *b, yaml_parser_t *p, size_t off,
			       uint32_t *err_line, uint32_t *err_col)
{
	mlcap_loc l;
	const char *hint = "fix the YAML syntax; the rest of this document "
			   "is skipped, parsing resumes at the next '---'";
	uint32_t line, col;

	l.file = b->file;
	if (p->error == YAML_READER_ERROR) {
		offset_pos(b, off + p->problem_offset, &line, &col);
		l.line = line + 1;
		l.col = col + 1;
		*err_line = line;
		*err_col = col;
		if (p->problem_value != -1 && p->problem &&
		    strstr(p->problem, "control characters"))
			hint = "the file holds a NUL or another control "
			       "character; YAML allows only printable text";
		else if (p->problem && strstr(p->problem, "UTF-8"))
			hint = "the file is not valid UTF-8; re-encode it "
			       "(e.g. iconv -t UTF-8)";
		return mlcap_diag_add(b->d, MLCAP_ERROR, "yaml.encoding", &l,
				      hint, "%s",
				      p->problem ? p->problem : "bad input");
	}
	l.line = b->line_base + (uint32_t)p->problem_mark.line + 1;
	l.col = (uint32_t)p->problem_mark.column + 1;
	*err_line = l.line - 1;
	*err_col = l.col - 1;
	if (p->context)
		return mlcap_diag_add(
		    b->d, MLCAP_ERROR, "yaml.syntax", &l, hint,
		    "%s (%s at line %u)",
		    p->problem ? p->problem : "syntax error", p->context,
		    b->line_base + (uint32_t)p->context_mark.line + 1);
	return mlcap_diag_add(b->d, MLCAP_ERROR, "yaml.syntax", &l, hint, "%s",
			      p->problem ? p->problem : "syntax error");
}

static int finish_doc(builder *b)
{
	int rc = 0;
	if (!b->failed && b->have_root && b->root.type != MLCAP_NODE_NULL) {
		b->set->stats.documents++;
		rc = mlcap_extract__document(b->set, &b->root, b->file, b->d);
	} else if (b->failed) {
		b->set->stats.documents++;
		b->set->stats.rejected++;
	}
	b->no_skip = false;
	reset_doc(b);
	return rc;
}

static int handle_event(builder *b, const yaml_event_t *ev)
{
	int rc;

	if (b->failed) /* skipping the rest of a rejected document */
		return ev->type == YAML_DOCUMENT_END_EVENT ? finish_doc(b) : 0;
	if ((rc = skip_event(b, ev)) != 0)
		return rc < 0 ? rc : 0;
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		reset_doc(b);
		b->doc_line = b->line_base + (uint32_t)ev->start_mark.line;
		return 0;
	case YAML_DOCUMENT_END_EVENT: return finish_doc(b);
	case YAML_MAPPING_START_EVENT:
		return open_frame(b, ev, MLCAP_NODE_MAP,
				  ev->data.mapping_start.anchor);
	case YAML_SEQUENCE_START_EVENT:
		return open_frame(b, ev, MLCAP_NODE_SEQ,
				  ev->data.sequence_start.anchor);
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT: return close_frame(b, ev);
	case YAML_SCALAR_EVENT: return on_scalar(b, ev);
	case YAML_ALIAS_EVENT: return on_alias(b, ev);
	default: return 0;
	}
}

int mlcap_load__yaml(mlcap_set *s, const char *file, const char *buf,
		     size_t len, mlcap_diags *d)
{
	builder b;
	size_t off = 0, end = len, done_off;
	uint32_t done_line = 0, done_col = 0; /* end of the last document */
	int rc = 0;

	memset(&b, 0, sizeof(b));
	b.set = s;
	b.d = d;
	b.file = file;
	b.buf = buf;
	b.len = len;
	b.frames = s->frames;

	while (off < len && rc == 0) {
		yaml_parser_t p;
		yaml_event_t ev;
		bool done = false;

		if (!yaml_parser_initialize(&p)) {
			rc = MLCAP_ENOMEM;
			break;
		}
		/* The line start at or before `off` anchors position scans. */
		b.base_off = off;
		while (!line_start(&b, b.base_off))
			b.base_off--;
		b.base_line = b.line_base;
		yaml_parser_set_input_string(
		    &p, (const unsigned char *)buf + off, end - off);
		reset_doc(&b);
		done_line = b.line_base;
		done_col = 0;
		while (!done && rc == 0) {
			if (!yaml_parser_parse(&p, &ev)) {
				uint32_t err_line = 0, err_col = 0;
				uint32_t doc_line = 0;
				size_t ds;
				if (p.error == YAML_MEMORY_ERROR) {
					rc = MLCAP_ENOMEM;
					break;
				}
				/*
				 * libyaml decodes a whole input chunk before
				 * its first event: a bad byte is met before
				 * the documents ahead of it are read. Read
				 * those alone first, then come back to it.
				 */
				done_off = mark_offset(&b, done_line, done_col);
				if (done_off < off)
					done_off = off;
				ds = document_before(&b, done_off,
						     off + p.problem_offset);
				if (p.error == YAML_READER_ERROR &&
				    ds > done_off) {
					reset_doc(&b);
					off = done_off;
					end = ds;
					b.line_base = line_of(&b, off);
					break;
				}
				if (b.have_root || b.depth) {
					s->stats.documents++;
					s->stats.rejected++;
				}
				rc = report_parser_error(&b, &p, off, &err_line,
							 &err_col);
				reset_doc(&b);
				off = next_document(&b, off, err_line,
						    err_col == 0, &doc_line);
				b.line_base = doc_line;
				if (off >= end)
					end = len;
				break;
			}
			if (ev.type == YAML_STREAM_END_EVENT) {
				done = true;
				off = end;
				if (end < len)
					b.line_base = line_of(&b, off);
				end = len;
			} else {
				if (ev.type == YAML_DOCUMENT_END_EVENT) {
					/* mark.index counts characters, not
					 * bytes: keep line and column. */
					done_line = b.line_base +
						    (uint32_t)ev.end_mark.line;
					done_col = (uint32_t)ev.end_mark.column;
				}
				rc = handle_event(&b, &ev);
			}
			yaml_event_delete(&ev);
			if (b.reparse && rc == 0) {
				/* Back to the document's first line, in full.
				 */
				b.reparse = false;
				b.no_skip = true;
				off = line_offset(&b, b.doc_line);
				b.line_base = b.doc_line;
				reset_doc(&b);
				break;
			}
		}
		yaml_parser_delete(&p);
	}
	reset_doc(&b);
	s->frames = b.frames;
	mlcap_mem__free(b.anchors.items);
	mlcap_mem__free(b.skipped_anchors.items);
	mlcap_mem__free(b.weights);
	return rc;
}

void mlcap_load__yaml_release(mlcap_set *s)
{
	frame *frames = s->frames;
	size_t i;

	for (i = 0; i < s->frames_alloc; i++)
		mlcap_mem__free(frames[i].items);
	mlcap_mem__free(frames);
	s->frames = NULL;
	s->frames_alloc = 0;
}
