/*
 * json_out.c - streaming JSON writer (see json_out.h). Strings are
 * escaped per RFC 8259; input strings are already valid UTF-8 because
 * both loaders validate their input.
 */
#include <string.h>
#include "json_out.h"
#include "internal.h"
#include "mlcap/diag.h"
#include "banned.h"

static void flush(mlcap_jw *w)
{
	if (w->len && fwrite(w->buf, 1, w->len, w->f) != w->len && !w->err)
		w->err = MLCAP_EIO;
	w->len = 0;
}

static void put(mlcap_jw *w, const char *s, size_t n)
{
	if (w->len + n > sizeof(w->buf)) {
		flush(w);
		if (n > sizeof(w->buf)) {
			if (fwrite(s, 1, n, w->f) != n && !w->err)
				w->err = MLCAP_EIO;
			return;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static void putch(mlcap_jw *w, char c)
{
	if (w->len == sizeof(w->buf))
		flush(w);
	w->buf[w->len++] = c;
}

#define PUTS(w, lit) put((w), (lit), sizeof(lit) - 1)

void mlcap_jw__init(mlcap_jw *w, FILE *f)
{
	w->f = f;
	w->len = 0;
	w->depth = 0;
	w->first = true;
	w->in_key = false;
	w->err = 0;
}

static void newline(mlcap_jw *w)
{
	static const char spaces[] = "                                        ";
	size_t n = 2 * (size_t)w->depth;

	putch(w, '\n');
	while (n > sizeof(spaces) - 1) {
		PUTS(w, spaces);
		n -= sizeof(spaces) - 1;
	}
	put(w, spaces, n);
}

/* Separator and indentation before a value or key. */
static void before(mlcap_jw *w)
{
	if (w->in_key) {
		w->in_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->first)
		putch(w, ',');
	newline(w);
	w->first = false;
}

static void open(mlcap_jw *w, char c)
{
	before(w);
	putch(w, c);
	w->depth++;
	w->first = true;
}

static void close_(mlcap_jw *w, char c)
{
	bool empty = w->first;
	w->depth--;
	if (!empty)
		newline(w);
	putch(w, c);
	w->first = false;
}

void mlcap_jw__obj(mlcap_jw *w)
{
	open(w, '{');
}
void mlcap_jw__arr(mlcap_jw *w)
{
	open(w, '[');
}
void mlcap_jw__end_obj(mlcap_jw *w)
{
	close_(w, '}');
}
void mlcap_jw__end_arr(mlcap_jw *w)
{
	close_(w, ']');
}

static void quoted(mlcap_jw *w, const char *s)
{
	const char *run = s;
	char esc[8];

	putch(w, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(w, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"': PUTS(w, "\\\""); break;
		case '\\': PUTS(w, "\\\\"); break;
		case '\n': PUTS(w, "\\n"); break;
		case '\r': PUTS(w, "\\r"); break;
		case '\t': PUTS(w, "\\t"); break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			put(w, esc, 6);
			break;
		}
	}
	put(w, run, (size_t)(s - run));
	putch(w, '"');
}

void mlcap_jw__key(mlcap_jw *w, const char *key)
{
	before(w);
	quoted(w, key);
	PUTS(w, ": ");
	w->in_key = true;
}

void mlcap_jw__str(mlcap_jw *w, const char *s)
{
	if (!s) {
		mlcap_jw__null(w);
		return;
	}
	before(w);
	quoted(w, s);
}

void mlcap_jw__int(mlcap_jw *w, int64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	before(w);
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	put(w, p, (size_t)(tmp + sizeof(tmp) - p));
}

void mlcap_jw__bool(mlcap_jw *w, bool v)
{
	before(w);
	if (v)
		PUTS(w, "true");
	else
		PUTS(w, "false");
}

void mlcap_jw__null(mlcap_jw *w)
{
	before(w);
	PUTS(w, "null");
}

int mlcap_jw__finish(mlcap_jw *w)
{
	putch(w, '\n');
	flush(w);
	if (w->err)
		return w->err;
	return ferror(w->f) ? MLCAP_EIO : 0;
}

void mlcap_jw__kstr(mlcap_jw *w, const char *k, const char *v)
{
	mlcap_jw__key(w, k);
	mlcap_jw__str(w, v);
}

void mlcap_jw__kint(mlcap_jw *w, const char *k, int64_t v)
{
	mlcap_jw__key(w, k);
	mlcap_jw__int(w, v);
}

void mlcap_jw__number_text(mlcap_jw *w, const char *digits)
{
	before(w);
	put(w, digits, strlen(digits));
}

void mlcap_jw__diags(mlcap_jw *w, const mlcap_diags *d)
{
	size_t i;
	mlcap_jw__key(w, "diagnostics");
	mlcap_jw__arr(w);
	for (i = 0; d && i < d->count; i++) {
		const mlcap_diag *g = &d->items[i];
		mlcap_jw__obj(w);
		mlcap_jw__kint(w, "column", g->col);
		mlcap_jw__kstr(w, "file", g->file);
		if (g->hint)
			mlcap_jw__kstr(w, "hint", g->hint);
		mlcap_jw__kint(w, "line", g->line);
		mlcap_jw__kstr(w, "message", g->message);
		mlcap_jw__kstr(w, "rule", g->rule);
		mlcap_jw__kstr(w, "severity", mlcap_severity_str(g->severity));
		mlcap_jw__end_obj(w);
	}
	mlcap_jw__end_arr(w);
}
