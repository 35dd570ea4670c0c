/*
 * json_out.c - streaming JSON writer (see json_out.h). Strings are
 * escaped per RFC 8259; input strings are already valid UTF-8 because
 * both loaders validate their input.
 */
#include <string.h>
#include "json_out.h"
#include "internal.h"
#include "banned.h"

void mlcap_jw__init(mlcap_jw *w, FILE *f)
{
	w->f = f;
	w->depth = 0;
	w->first = true;
	w->in_key = false;
	w->err = 0;
}

static void newline(mlcap_jw *w)
{
	int i;
	putc('\n', w->f);
	for (i = 0; i < w->depth; i++)
		fputs("  ", w->f);
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
		putc(',', w->f);
	newline(w);
	w->first = false;
}

static void open(mlcap_jw *w, char c)
{
	before(w);
	putc(c, w->f);
	w->depth++;
	w->first = true;
}

static void close_(mlcap_jw *w, char c)
{
	bool empty = w->first;
	w->depth--;
	if (!empty)
		newline(w);
	putc(c, w->f);
	w->first = false;
}

void mlcap_jw__obj(mlcap_jw *w) { open(w, '{'); }
void mlcap_jw__arr(mlcap_jw *w) { open(w, '['); }
void mlcap_jw__end_obj(mlcap_jw *w) { close_(w, '}'); }
void mlcap_jw__end_arr(mlcap_jw *w) { close_(w, ']'); }

static void quoted(FILE *f, const char *s)
{
	const char *run = s;
	putc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		fwrite(run, 1, (size_t)(s - run), f);
		run = s + 1;
		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default: fprintf(f, "\\u%04x", c); break;
		}
	}
	fwrite(run, 1, (size_t)(s - run), f);
	putc('"', f);
}

void mlcap_jw__key(mlcap_jw *w, const char *key)
{
	before(w);
	quoted(w->f, key);
	fputs(": ", w->f);
	w->in_key = true;
}

void mlcap_jw__str(mlcap_jw *w, const char *s)
{
	if (!s) {
		mlcap_jw__null(w);
		return;
	}
	before(w);
	quoted(w->f, s);
}

void mlcap_jw__int(mlcap_jw *w, int64_t v)
{
	before(w);
	fprintf(w->f, "%lld", (long long)v);
}

void mlcap_jw__bool(mlcap_jw *w, bool v)
{
	before(w);
	fputs(v ? "true" : "false", w->f);
}

void mlcap_jw__null(mlcap_jw *w)
{
	before(w);
	fputs("null", w->f);
}

int mlcap_jw__finish(mlcap_jw *w)
{
	putc('\n', w->f);
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
