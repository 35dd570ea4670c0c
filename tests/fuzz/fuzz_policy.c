/*
 * fuzz_policy.c - libFuzzer target for the configuration documents the
 * label and budget checks read: one input is parsed as a label policy, as
 * a budgets document and as a label selector string. The policy is run
 * over a fixed set and rendered as JSON and SARIF, which must parse back
 * as JSON; the budgets are evaluated. Crashes, sanitizer reports, leaks
 * and invalid JSON are bugs; diagnostics and negative statuses are not.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "mlcap/mlcap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char manifests[] =
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: ml, labels: "
    "{team: a, env: prod}}\n---\napiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: api, namespace: ml, labels: {owner: x, squad: "
    "b}}\nspec:\n  template:\n    metadata: {labels: {env: 'dev%,:'}}\n"
    "    spec: {containers: [{name: c}]}\n";

static mlcap_set *set; /* built once */

static void check_json(const mlcap_labels *l, const mlcap_policy *p,
		       const mlcap_diags *d, mlcap_format f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	json_error_t err;
	json_t *doc;
	int rc;

	if (!mem)
		abort();
	rc = mlcap_render_labels(mem, l, p, d, f, NULL);
	if (fclose(mem) != 0)
		abort();
	if (rc == 0) {
		doc = json_loadb(buf, len, 0, &err);
		if (!doc || !json_is_object(doc))
			__builtin_trap();
		json_decref(doc);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mlcap_diags d;
	mlcap_policy *p = NULL;
	mlcap_budgets *b = NULL;
	mlcap_labels l;
	mlcap_plan plan;
	mlcap_budget_report r;
	mlcap_arena a;
	const mlcap_selector_req *reqs;
	uint32_t n;
	const char *why;
	char *text;

	if (!set) {
		mlcap_diags_init(&d);
		if (mlcap_set_new(&set, NULL) < 0 ||
		    mlcap_set_add_buffer(set, "m.yaml", manifests,
					 sizeof(manifests) - 1, &d) < 0 ||
		    mlcap_set_resolve(set, &d) < 0)
			abort();
		mlcap_diags_release(&d);
	}
	mlcap_diags_init(&d);
	memset(&l, 0, sizeof(l));
	memset(&plan, 0, sizeof(plan));
	memset(&r, 0, sizeof(r));
	if (mlcap_policy_parse(&p, "p.yaml", (const char *)data, size, &d) ==
		0 &&
	    mlcap_labels_run(set, p, NULL, NULL, &l) == 0) {
		check_json(&l, p, &d, MLCAP_FORMAT_JSON);
		check_json(&l, p, &d, MLCAP_FORMAT_SARIF);
	}
	if (mlcap_budgets_parse(&b, "b.yaml", (const char *)data, size, &d) ==
	    0)
		mlcap_budgets_eval(b, set, &plan, NULL, &r, &d);
	/* The selector parser reads a NUL-terminated string. */
	if ((text = malloc(size + 1)) != NULL) {
		memcpy(text, data, size);
		text[size] = '\0';
		mlcap_arena_init(&a);
		mlcap_selector_parse(&a, text, &reqs, &n, &why);
		mlcap_arena_release(&a);
		free(text);
	}
	mlcap_budget_report_release(&r);
	mlcap_budgets_free(b);
	mlcap_labels_release(&l);
	mlcap_policy_free(p);
	mlcap_diags_release(&d);
	return 0;
}
