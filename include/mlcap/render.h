/*
 * render.h - last pipeline stage: finished results into text for people or
 * JSON for machines. Renderers only read; they write to the FILE given.
 */
#ifndef MLCAP_RENDER_H
#define MLCAP_RENDER_H

#include <stdio.h>
#include "mlcap/load.h"
#include "mlcap/catalog.h"
#include "mlcap/rates.h"
#include "mlcap/check.h"
#include "mlcap/labels.h"
#include "mlcap/budget.h"

typedef enum {
	MLCAP_FORMAT_TEXT,
	MLCAP_FORMAT_JSON,
	MLCAP_FORMAT_CSV,
	MLCAP_FORMAT_MARKDOWN,
	MLCAP_FORMAT_GITHUB, /* workflow commands (::warning file=...::) */
	MLCAP_FORMAT_SARIF   /* SARIF 2.1.0 */
} mlcap_format;

typedef struct {
	bool color;	   /* ANSI colour in text output */
	bool show_nodes;   /* text: also list Node inventory */
	bool show_sources; /* text price tables: add a SOURCE column */
} mlcap_render_opts;

/** Schema version of the inventory JSON document (see README). */
#define MLCAP_INVENTORY_SCHEMA 1

/**
 * Writes the inventory: a kubectl-style table, or the JSON document
 * {"schema_version", "workloads", "scalers", "nodes", "stats",
 * "diagnostics"}. Returns 0 or MLCAP_EIO.
 */
MLCAP_API int mlcap_render_inventory(FILE *out, const mlcap_set *s,
				     const mlcap_diags *d, mlcap_format f,
				     const mlcap_render_opts *o);

/** Schema version of the price list JSON document (see README). */
#define MLCAP_PRICES_SCHEMA 1

/**
 * Writes price rows: a table (monthly = 730 hours), the JSON document
 * {"schema_version", "prices": [...]} with usd_per_hour as the exact
 * published number, or CSV in the columns of pricing/seed/prices.csv plus
 * the instance type's. Returns 0 or MLCAP_EIO.
 */
MLCAP_API int mlcap_render_prices(FILE *out, const mlcap_price_list *l,
				  mlcap_format f, const mlcap_render_opts *o);

/**
 * Writes the rate fit: the two rates, every input with its fitted price
 * and residual, and the GPU split of every GPU/accelerator type in `l`,
 * so the arithmetic can be checked by hand. Text or JSON.
 */
MLCAP_API int mlcap_render_rates(FILE *out, const mlcap_rates *r,
				 const mlcap_price_list *l, mlcap_format f);

/** Schema version of the plan JSON document (see README). */
#define MLCAP_PLAN_SCHEMA 1

/**
 * Writes a capacity plan: text (tables per scenario: nodes, the GPU split
 * with its arithmetic, stranded capacity, unschedulable pods, allocation,
 * batch work), Markdown (the same for a pull request), JSON
 * {"schema_version", "settings", "dimensions", "scenarios", "diagnostics"}
 * or CSV (one row per scenario and node type). Returns 0 or < 0.
 */
MLCAP_API int mlcap_render_plan(FILE *out, const mlcap_plan *p,
				const mlcap_diags *d, mlcap_format f,
				const mlcap_render_opts *o);

/** Schema version of the check JSON document (see README). */
#define MLCAP_CHECK_SCHEMA 1

/**
 * Writes a pre-deploy check (mlcap_check from check.h) as text, Markdown
 * (a pull request comment) or JSON.
 */
MLCAP_API int mlcap_render_check(FILE *out, const mlcap_check *c,
				 const mlcap_diags *d, mlcap_format f,
				 const mlcap_render_opts *o);

/** Schema version of the label coverage JSON document (see README). */
#define MLCAP_LABELS_SCHEMA 1

/**
 * Writes label coverage (labels.h) with the policy it was checked
 * against: text or Markdown (summary, coverage per namespace and per key,
 * findings, invalid values with their file:line), JSON {"schema_version",
 * "coverage", "findings", "keys", "namespaces", "policy", ...}, GitHub
 * workflow commands (one annotation per workload lacking labels and per
 * invalid value, the diagnostics, and a summary notice) or SARIF 2.1.0
 * (one rule per required key). Returns 0 or < 0.
 */
MLCAP_API int mlcap_render_labels(FILE *out, const mlcap_labels *l,
				  const mlcap_policy *p, const mlcap_diags *d,
				  mlcap_format f, const mlcap_render_opts *o);

/**
 * Writes budget alerts as a Slack-compatible incoming-webhook payload:
 * {"text": fallback, "blocks": [header, one mrkdwn section per alert]}.
 * mlcap never sends it. Returns 0 or < 0.
 */
MLCAP_API int mlcap_render_budget_slack(FILE *out,
					const mlcap_budget_report *r);

/** Writes one diagnostic per line: file:line:col: severity: msg (hint). */
MLCAP_API int mlcap_render_diags_text(FILE *out, const mlcap_diags *d,
				      bool color, bool with_notes);

#endif
