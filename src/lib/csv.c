/*
 * csv.c - RFC 4180 CSV reader (see csv.h), used by the price catalog's
 * seed loader and importers.
 */
#include <string.h>
#include <stdio.h>
#include "csv.h"
#include "banned.h"

void mlcap_csv__init(mlcap_csv *c, const char *buf, size_t len)
{
	memset(c, 0, sizeof(*c));
	c->buf = buf;
	c->len = len;
	c->line = 1;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		c->pos = 3;
}

void mlcap_csv__release(mlcap_csv *c)
{
	mlcap_mem__free(c->text);
	mlcap_mem__free(c->fields);
	mlcap_mem__free(c->offs);
	memset(c, 0, sizeof(*c));
}

static int put_char(mlcap_csv *c, size_t *tl, char ch)
{
	if (*tl + 1 >= c->text_alloc &&
	    MLCAP_GROW(c->text, c->text_alloc, *tl + 2) < 0)
		return MLCAP_ENOMEM;
	c->text[(*tl)++] = ch;
	return 0;
}

static int end_field(mlcap_csv *c, size_t *tl, size_t start)
{
	if (put_char(c, tl, '\0') < 0 ||
	    MLCAP_GROW(c->offs, c->offs_alloc, c->n + 1) < 0)
		return MLCAP_ENOMEM;
	c->offs[c->n++] = start;
	return 0;
}

int mlcap_csv__next(mlcap_csv *c)
{
	size_t tl = 0, start = 0, i;
	bool quoted = false, any = false;

	/* Skip blank lines between records. */
	while (c->pos < c->len &&
	       (c->buf[c->pos] == '\n' || c->buf[c->pos] == '\r')) {
		if (c->buf[c->pos] == '\n')
			c->line++;
		c->pos++;
	}
	if (c->pos >= c->len)
		return 0;
	c->record_line = c->line;
	c->n = 0;
	while (c->pos < c->len) {
		char ch = c->buf[c->pos++];
		any = true;
		if (quoted) {
			if (ch == '"') {
				if (c->pos < c->len && c->buf[c->pos] == '"') {
					c->pos++;
					if (put_char(c, &tl, '"') < 0)
						return MLCAP_ENOMEM;
				} else {
					quoted = false;
				}
				continue;
			}
			if (ch == '\n')
				c->line++;
			if (put_char(c, &tl, ch) < 0)
				return MLCAP_ENOMEM;
			continue;
		}
		if (ch == '"' && tl == start) {
			quoted = true;
		} else if (ch == ',') {
			if (end_field(c, &tl, start) < 0)
				return MLCAP_ENOMEM;
			start = tl;
		} else if (ch == '\n') {
			c->line++;
			break;
		} else if (ch == '\r') {
			continue;
		} else if (put_char(c, &tl, ch) < 0) {
			return MLCAP_ENOMEM;
		}
	}
	if (quoted)
		return MLCAP_EINVAL;
	if (!any)
		return 0;
	if (end_field(c, &tl, start) < 0 ||
	    MLCAP_GROW(c->fields, c->fields_alloc, c->n) < 0)
		return MLCAP_ENOMEM;
	for (i = 0; i < c->n; i++) {
		c->fields[i].s = c->text + c->offs[i];
		c->fields[i].len = strlen(c->fields[i].s);
	}
	return 1;
}

int mlcap_csv__find(const mlcap_csv *c, const char *name)
{
	size_t i;
	for (i = 0; i < c->n; i++)
		if (strcmp(c->fields[i].s, name) == 0)
			return (int)i;
	return -1;
}

/* RFC 4180 field: quoted when it holds a comma, quote or newline. */
void mlcap_csv__write_field(FILE *out, const char *s, bool last)
{
	if (!s)
		s = "";
	if (strpbrk(s, ",\"\r\n")) {
		putc('"', out);
		for (; *s; s++) {
			if (*s == '"')
				putc('"', out);
			putc(*s, out);
		}
		putc('"', out);
	} else {
		fputs(s, out);
	}
	putc(last ? '\n' : ',', out);
}
