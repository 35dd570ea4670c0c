/*
 * render_budget.h - the budgets section the check report embeds.
 */
#ifndef MLCAP_RENDER_BUDGET_H
#define MLCAP_RENDER_BUDGET_H

#include "mlcap/budget.h"
#include "render_doc.h"

/* The budgets table and the alerts, text or Markdown. */
void mlcap_render__budgets_doc(mlcap_doc *o, const mlcap_budget_report *r);
/* {"alerts", "budgets", "month_to_date", "over_budget"}. */
void mlcap_render__budgets_json(mlcap_jw *w, const mlcap_budget_report *r);

/* One alert in a sentence: budget (scope), basis, amount, share, budget
 * and threshold. */
void mlcap_render__budget_alert_text(char *buf, size_t n,
				     const mlcap_budget_alert *a);

#endif
