/*
 * render_doc.c - see render_doc.h.
 */
#include <string.h>
#include "mlcap/money.h"
#include "render_doc.h"
#include "banned.h"

void mlcap_doc__usd(char *buf, size_t n, int64_t nanos)
{
	if (nanos < 0)
		snprintf(buf, n, "unknown");
	else
		mlcap_money_format_usd(buf, n, nanos);
}

void mlcap_doc__jw_usd(mlcap_jw *w, const char *key, int64_t nanos)
{
	char b[48];
	mlcap_jw__key(w, key);
	if (nanos < 0) {
		mlcap_jw__null(w);
		return;
	}
	mlcap_money_format_exact(b, sizeof(b), nanos);
	mlcap_jw__number_text(w, b);
}

void mlcap_doc__percent_ppm(char *buf, size_t n, int64_t ppm)
{
	int64_t hundredths = (ppm + (ppm >= 0 ? 50 : -50)) / 100;
	snprintf(buf, n, "%s%lld.%02lld", hundredths < 0 ? "-" : "",
		 (long long)(hundredths < 0 ? -hundredths : hundredths) / 100,
		 (long long)(hundredths < 0 ? -hundredths : hundredths) % 100);
}

void mlcap_doc__pct_ppm(char *buf, size_t n, int64_t ppm)
{
	char b[32];
	if (ppm < 0) {
		snprintf(buf, n, "-");
		return;
	}
	mlcap_doc__percent_ppm(b, sizeof(b), ppm);
	snprintf(buf, n, "%s%%", b);
}

void mlcap_doc__jw_pct_ppm(mlcap_jw *w, const char *key, int64_t ppm)
{
	char b[32];
	mlcap_jw__key(w, key);
	if (ppm < 0) {
		mlcap_jw__null(w);
		return;
	}
	mlcap_doc__percent_ppm(b, sizeof(b), ppm);
	mlcap_jw__number_text(w, b);
}

void mlcap_doc__pct(char *buf, size_t n, int64_t used, int64_t alloc)
{
	if (alloc <= 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%lld%%", (long long)(used * 100 / alloc));
}

void mlcap_doc__heading(mlcap_doc *o, const char *text)
{
	if (o->md)
		fprintf(o->out, "\n### %s\n\n", text);
	else if (o->color)
		fprintf(o->out, "\n\033[1m%s\033[0m\n", text);
	else
		fprintf(o->out, "\n%s\n", text);
}

void mlcap_doc__table(mlcap_doc *o, mlcap_table *t)
{
	size_t r, c;
	if (!o->md) {
		int rc = mlcap_table__print(t, o->out, 2, o->color);
		if (rc < 0)
			o->err = rc;
		mlcap_table__release(t);
		return;
	}
	for (c = 0; c < t->n_cols; c++)
		fprintf(o->out, "| %s ", t->head[c]);
	fputs("|\n", o->out);
	for (c = 0; c < t->n_cols; c++)
		fputs(t->right[c] ? "|---:" : "|---", o->out);
	fputs("|\n", o->out);
	for (r = 0; r < t->n_rows; r++) {
		for (c = 0; c < t->n_cols; c++) {
			const char *s = t->cells[r * t->n_cols + c];
			fputs("| ", o->out);
			for (; *s; s++) /* a '|' would end the cell */
				if (*s == '|')
					fputs("\\|", o->out);
				else
					putc(*s, o->out);
			putc(' ', o->out);
		}
		fputs("|\n", o->out);
	}
	if (t->err)
		o->err = t->err;
	mlcap_table__release(t);
}
