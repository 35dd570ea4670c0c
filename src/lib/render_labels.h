/*
 * render_labels.h - the parts of the label coverage report the check
 * report reuses, and GitHub workflow commands.
 */
#ifndef MLCAP_RENDER_LABELS_H
#define MLCAP_RENDER_LABELS_H

#include "mlcap/labels.h"
#include "render_doc.h"

/* Summary, coverage tables, findings and invalid values. */
void mlcap_render__labels_doc(mlcap_doc *o, const mlcap_labels *l,
			      const mlcap_policy *p);
/* The coverage object; with `d`, the whole document (diagnostics and
 * schema_version included). */
void mlcap_render__labels_json(mlcap_jw *w, const mlcap_labels *l,
			       const mlcap_policy *p, const mlcap_diags *d);
/* SARIF 2.1.0 log of the findings; `d` become notifications. */
int mlcap_render__labels_sarif(FILE *out, const mlcap_labels *l,
			       const mlcap_policy *p, const mlcap_diags *d);

/* One workflow command (::error/::warning/::notice) with its properties
 * and message escaped as GitHub Actions requires. `at` may be NULL. */
void mlcap_render__github(FILE *out, mlcap_severity sev, const mlcap_loc *at,
			  const char *title, const char *message);
/* The diagnostics (not notes) as workflow commands. */
void mlcap_render__github_diags(FILE *out, const mlcap_diags *d);
/* One annotation per workload lacking labels and per invalid value. */
void mlcap_render__labels_github(FILE *out, const mlcap_labels *l);
/* A ::notice with the coverage figures. */
void mlcap_render__labels_summary(FILE *out, const mlcap_labels *l);

#endif
