/*
 * render_doc.h - pieces the report renderers share: dollars for people
 * and for JSON, percentages, and a document that is either kubectl-style
 * text or Markdown (headings and tables).
 */
#ifndef MLCAP_RENDER_DOC_H
#define MLCAP_RENDER_DOC_H

#include "json_out.h"
#include "table.h"

typedef struct {
	FILE *out;
	bool md, color;
	int err;
} mlcap_doc;

/* "$1,234.57", or "unknown" for a negative amount. */
void mlcap_doc__usd(char *buf, size_t n, int64_t nanos);
/* "key": exact decimal dollars, or null for a negative amount. */
void mlcap_doc__jw_usd(mlcap_jw *w, const char *key, int64_t nanos);
/* A decimal with two places from parts per million ("2.35"). */
void mlcap_doc__percent_ppm(char *buf, size_t n, int64_t ppm);

/* "82.30%" from parts per million; "-" when negative (unknown). */
void mlcap_doc__pct_ppm(char *buf, size_t n, int64_t ppm);
/* "key": 82.30 from parts per million, or null when negative. */
void mlcap_doc__jw_pct_ppm(mlcap_jw *w, const char *key, int64_t ppm);

/* "42%" of used over alloc, "-" without capacity. */
void mlcap_doc__pct(char *buf, size_t n, int64_t used, int64_t alloc);

void mlcap_doc__heading(mlcap_doc *o, const char *text);
/* Prints `t` as text or a Markdown table, and releases it. */
void mlcap_doc__table(mlcap_doc *o, mlcap_table *t);

#endif
