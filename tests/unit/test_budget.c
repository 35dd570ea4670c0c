/*
 * test_budget.c - monthly budgets (budget.h): the budgets document, label
 * selectors, month-to-date spend, and the comparison of each budget with
 * a plan small enough to price by hand, with the alerts it raises and the
 * Slack payload that carries them. Every figure is worked out in the
 * comments.
 *
 * Prices: cpu4 (4 vCPU, 8Gi) $0.16/h = $116.80/month, gpu (8 vCPU,
 * 32Gi, 1 T4, tainted for GPU pods) $1.00/h = $730.00/month; reserved:
 * none. The custom provider has no CPU/memory unit rates, so a pod pays
 * its largest share of its node: (1 CPU, 2Gi) on a cpu4 is 1/4 of $116.80
 * = $29.20, (2 CPU, 4Gi) is 1/2 = $58.40, and a 1-GPU pod on a gpu node
 * pays all of its $730.00, all of it GPU spend.
 */
#define _POSIX_C_SOURCE 200809L
#include <unistd.h>
#include <jansson.h>
#include "support.h"

#define NANO  1000000000LL
#define CENTS 10000000LL /* nanos of a cent */

static const char config_text[] =
    "provider: custom\n"
    "region: lab\n"
    "reserved: none\n"
    "instanceTypes:\n"
    "  - {name: cpu4, vcpu: 4, memory: 8Gi, usdPerHour: \"0.16\"}\n"
    "  - {name: gpu, vcpu: 8, memory: 32Gi, gpus: 1, gpuModel: T4,\n"
    "     usdPerHour: \"1.00\"}\n";

/*
 * Two namespaces: vision (its Namespace carries team=vision) and shop.
 * shop/web: 2 x (1 CPU, 2Gi), HPA maximum 6, labels team=shop and
 * tier=frontend on its metadata; shop/cart: 1 x (2 CPU, 4Gi), tier=backend
 * on its pod template only; vision/train: 1 x (2 CPU, 8Gi, 1 GPU), no
 * labels of its own (team=vision comes from the Namespace); vision/ui:
 * 1 x (1 CPU, 2Gi), team=platform on its metadata, which wins over the
 * Namespace's team=vision.
 *
 * Declared: CPU pods 2 x 1 + 2 + 1 = 5 CPU (10Gi) need 2 cpu4; train
 * needs the gpu node: 2 x $116.80 + $730.00 = $963.60 a month. Charged:
 * web 2 x $29.20 = $58.40, cart $58.40, ui $29.20, train $730.00 (GPU).
 * HPA maximum: web has 6 pods: 6 + 2 + 1 = 9 CPU need 3 cpu4:
 * 3 x $116.80 + $730.00 = $1,080.40; web 6 x $29.20 = $175.20.
 */
static const char set_text[] =
    "apiVersion: v1\nkind: Namespace\n"
    "metadata: {name: vision, labels: {team: vision}}\n"
    "---\n"
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n"
    "---\n"
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata:\n  name: web\n  namespace: shop\n"
    "  labels: {team: shop, tier: frontend}\n"
    "spec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n"
    "        - name: c\n"
    "          resources: {requests: {cpu: \"1\", memory: 2Gi}}\n"
    "---\n"
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
    "metadata: {name: web, namespace: shop}\n"
    "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, "
    "name: web}\n  minReplicas: 2\n  maxReplicas: 6\n"
    "---\n"
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: cart, namespace: shop}\n"
    "spec:\n  template:\n    metadata: {labels: {tier: backend}}\n"
    "    spec:\n      containers:\n"
    "        - name: c\n"
    "          resources: {requests: {cpu: \"2\", memory: 4Gi}}\n"
    "---\n"
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata: {name: train, namespace: vision}\n"
    "spec:\n  template:\n    spec:\n      containers:\n"
    "        - name: c\n"
    "          resources:\n"
    "            requests: {cpu: \"2\", memory: 8Gi}\n"
    "            limits: {nvidia.com/gpu: 1}\n"
    "---\n"
    "apiVersion: apps/v1\nkind: Deployment\n"
    "metadata:\n  name: ui\n  namespace: vision\n"
    "  labels: {team: platform}\n"
    "spec:\n  template:\n    spec:\n      containers:\n"
    "        - name: c\n"
    "          resources: {requests: {cpu: \"1\", memory: 2Gi}}\n";

/* ---- fixture ---- */

/* What a test made besides sets, diagnostics and buffers (support.h);
 * released by the teardown when an assertion jumps out of the test. */
static struct {
	mlcap_budgets *budgets;
	mlcap_plan plan;
	bool have_plan;
	mlcap_spend spend;
	bool have_spend;
	mlcap_budget_report report;
	bool have_report;
	mlcap_arena arena;
	bool have_arena;
	json_t *json;
	char path[64];
	const mlcap_set *ws; /* the set evaluate() planned */
} bctx;

static int budget_teardown(void **state)
{
	if (bctx.have_report)
		mlcap_budget_report_release(&bctx.report);
	if (bctx.have_plan)
		mlcap_plan_release(&bctx.plan);
	if (bctx.have_spend)
		mlcap_spend_release(&bctx.spend);
	if (bctx.have_arena)
		mlcap_arena_release(&bctx.arena);
	mlcap_budgets_free(bctx.budgets);
	json_decref(bctx.json);
	if (bctx.path[0])
		unlink(bctx.path);
	memset(&bctx, 0, sizeof(bctx));
	return test_teardown(state);
}

#define budget_case(f) cmocka_unit_test_teardown(f, budget_teardown)

/* Parses `text` as the budgets file b.yaml; the result stays in bctx. */
static const mlcap_budget *parse(const char *text, size_t *n, mlcap_diags *d)
{
	mlcap_budgets_free(bctx.budgets);
	bctx.budgets = NULL;
	assert_int_equal(
	    mlcap_budgets_parse(&bctx.budgets, "b.yaml", text, strlen(text), d),
	    0);
	assert_non_null(bctx.budgets);
	return mlcap_budgets_list(bctx.budgets, n);
}

/* The diagnostic whose message is `msg`; it must exist. */
static const mlcap_diag *diag_msg(const mlcap_diags *d, const char *msg)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		if (strcmp(d->items[i].message, msg) == 0)
			return &d->items[i];
	fprintf(stderr, "  no diagnostic '%s' among:\n", msg);
	dump_diags(d);
	fail();
	return NULL;
}

static mlcap_arena *arena(void)
{
	if (!bctx.have_arena) {
		mlcap_arena_init(&bctx.arena);
		bctx.have_arena = true;
	}
	return &bctx.arena;
}

static mlcap_spend *spend(void)
{
	if (!bctx.have_spend) {
		mlcap_spend_init(&bctx.spend);
		bctx.have_spend = true;
	}
	return &bctx.spend;
}

/* Plans set_text at declared replicas and at the HPA maximum (as mlcap
 * check does for budgets), then evaluates `budgets_text` against it with
 * bctx's spend when `with_spend`. Input errors fail the test; the
 * warnings are left in `d`. */
static mlcap_budget_report *evaluate(const char *budgets_text, bool with_spend,
				     mlcap_diags *d)
{
	mlcap_diags *ld = test_diags(7);
	mlcap_set *ws = load_clean(set_text, ld);
	mlcap_set *cs;
	mlcap_load_opts lo;
	mlcap_plan_opts po;
	size_t n;

	mlcap_load_opts_init(&lo);
	lo.config = true;
	cs = load_buf_opts("mlcap.yaml", config_text, strlen(config_text), &lo,
			   ld);
	mlcap_plan_opts_init(&po);
	po.scenarios =
	    (1u << MLCAP_SCENARIO_DECLARED) | (1u << MLCAP_SCENARIO_MAX);
	assert_int_equal(mlcap_plan_run(ws, cs, NULL, &po, &bctx.plan, ld), 0);
	bctx.have_plan = true;
	bctx.ws = ws;
	if (ld->errors)
		dump_diags(ld);
	assert_int_equal(ld->errors, 0);
	parse(budgets_text, &n, d);
	if (d->errors)
		dump_diags(d);
	assert_int_equal(d->errors, 0);
	assert_int_equal(mlcap_budgets_eval(bctx.budgets, ws, &bctx.plan,
					    with_spend ? &bctx.spend : NULL,
					    &bctx.report, d),
			 0);
	bctx.have_report = true;
	return &bctx.report;
}

static const mlcap_plan_scenario *scenario_of(mlcap_scenario s)
{
	size_t i;

	for (i = 0; i < bctx.plan.n_scenarios; i++)
		if (bctx.plan.scenarios[i].scenario == s)
			return &bctx.plan.scenarios[i];
	fail_msg("no %s scenario", mlcap_scenario_name(s));
	return NULL;
}

static const mlcap_budget_status *status_of(const mlcap_budget_report *r,
					    const char *name)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (strcmp(r->items[i].budget->name, name) == 0)
			return &r->items[i];
	fail_msg("no budget '%s' in the report", name);
	return NULL;
}

static void assert_alert(const mlcap_budget_alert *a, const char *budget,
			 mlcap_budget_basis basis, int64_t threshold_ppm,
			 int64_t amount_nanos, int64_t used_ppm,
			 mlcap_severity sev)
{
	assert_string_equal(a->status->budget->name, budget);
	assert_int_equal(a->basis, basis);
	assert_int_equal(a->threshold_ppm, threshold_ppm);
	assert_int_equal(a->amount_nanos, amount_nanos);
	assert_int_equal(a->used_ppm, used_ppm);
	assert_int_equal(a->severity, sev);
}

/* ---- the budgets document ---- */

static void budget_defaults_are_50_80_100_and_the_cluster_scope(void **state)
{
	mlcap_diags *d = test_diags(0);
	size_t n;
	const mlcap_budget *b = parse("budgets:\n"
				      "  - name: cluster\n"
				      "    amount: 25000\n",
				      &n, d);
	(void)state;
	assert_int_equal(d->count, 0);
	assert_int_equal(n, 1);
	assert_string_equal(b[0].name, "cluster");
	assert_int_equal(b[0].amount_nanos, 25000 * NANO);
	assert_null(b[0].namespace);
	assert_null(b[0].selector);
	assert_int_equal(b[0].n_reqs, 0);
	assert_false(b[0].gpu_only);
	assert_int_equal(b[0].n_thresholds, 3);
	assert_int_equal(b[0].thresholds_ppm[0], 500000);
	assert_int_equal(b[0].thresholds_ppm[1], 800000);
	assert_int_equal(b[0].thresholds_ppm[2], 1000000);
	/* the budget's map starts at "name", line 2 col 5 */
	assert_string_equal(b[0].loc.file, "b.yaml");
	assert_int_equal(b[0].loc.line, 2);
	assert_int_equal(b[0].loc.col, 5);
}

static void budget_thresholds_are_sorted_and_counted_once(void **state)
{
	mlcap_diags *d = test_diags(0);
	size_t n;
	const mlcap_budget *b =
	    parse("budgets:\n"
		  "  - {name: a, amount: 10, thresholds: [100, 50, 80, 50, "
		  "92.5]}\n"
		  "  - {name: b, amount: 10, thresholds: [120]}\n",
		  &n, d);
	(void)state;
	assert_int_equal(d->count, 0);
	assert_int_equal(n, 2);
	/* 50% = 500,000 ppm; 92.5% = 925,000; the second 50 is dropped */
	assert_int_equal(b[0].n_thresholds, 4);
	assert_int_equal(b[0].thresholds_ppm[0], 500000);
	assert_int_equal(b[0].thresholds_ppm[1], 800000);
	assert_int_equal(b[0].thresholds_ppm[2], 925000);
	assert_int_equal(b[0].thresholds_ppm[3], 1000000);
	/* a list replaces the defaults: only 120% */
	assert_int_equal(b[1].n_thresholds, 1);
	assert_int_equal(b[1].thresholds_ppm[0], 1200000);
}

static void budget_threshold_out_of_range_is_an_error(void **state)
{
	mlcap_diags *d = test_diags(0);
	size_t n;
	const mlcap_budget *b =
	    parse("budgets:\n"
		  "  - {name: a, amount: 10, thresholds: [0, 80, 1001]}\n"
		  "  - {name: b, amount: 10, thresholds: []}\n"
		  "  - {name: c, amount: 10, thresholds: [80]}\n",
		  &n, d);
	(void)state;
	assert_int_equal(d->errors, 3);
	/* "  - {name: a, amount: 10, thresholds: [0, 80, 1001]}": '0' is
	 * column 40, '1001' column 47 */
	assert_diag_at(diag_msg(d, "threshold '0' is out of range"),
		       MLCAP_ERROR, "b.yaml", 2, 40);
	assert_diag_at(diag_msg(d, "threshold '1001' is out of range"),
		       MLCAP_ERROR, "b.yaml", 2, 47);
	assert_diag_at(
	    diag_msg(d, "thresholds must be a list of 1 to 8 percentages"),
	    MLCAP_ERROR, "b.yaml", 3, 39);
	/* budgets with a problem are not whole: a and b are dropped */
	assert_int_equal(n, 1);
	assert_string_equal(b[0].name, "c");
	assert_int_equal(b[0].n_thresholds, 1);
	assert_int_equal(b[0].thresholds_ppm[0], 800000);
}

static void budget_threshold_is_a_number_without_percent_sign(void **state)
{
	mlcap_diags *d = test_diags(0);
	size_t n;
	const mlcap_diag *g;
	(void)state;
	parse("budgets:\n"
	      "  - {name: a, amount: 10, thresholds: [80%, -5]}\n",
	      &n, d);
	assert_int_equal(d->errors, 2);
	/* "  - {name: a, amount: 10, thresholds: [80%, -5]}": columns 40
	 * and 45; the hint speaks of percentages, not dollars */
	g = diag_msg(d, "threshold '80%' is not a percentage");
	assert_diag_at(g, MLCAP_ERROR, "b.yaml", 2, 40);
	assert_string_equal(g->hint, "write percentages as numbers without "
				     "'%', e.g. thresholds: [50, 80, 100]");
	assert_diag_at(diag_msg(d, "threshold '-5' is not a percentage"),
		       MLCAP_ERROR, "b.yaml", 2, 45);
	assert_int_equal(n, 0);
}

static void budget_unknown_keys_are_errors_at_line_and_col(void **state)
{
	mlcap_diags *d = test_diags(0);
	size_t n;
	const mlcap_budget *b = parse("budget: []\n"
				      "budgets:\n"
				      "  - name: a\n"
				      "    amount: 10\n"
				      "    treshold: [90]\n"
				      "  - {name: b, amount: 20}\n",
				      &n, d);
	const mlcap_diag *g;
	(void)state;
	assert_int_equal(d->errors, 2);
	assert_diag_at(
	    diag_msg(d, "unknown key 'budget' in the budgets document"),
	    MLCAP_ERROR, "b.yaml", 1, 1);
	g = diag_msg(d, "unknown key 'treshold' in a budget");
	assert_diag_at(g, MLCAP_ERROR, "b.yaml", 5, 5);
	assert_string_equal(g->rule, "budgets");
	assert_string_equal(g->hint, "known keys: name, amount, namespace, "
				     "selector, gpuOnly, thresholds");
	/* a misspelt key may hide what the budget meant: it is dropped,
	 * the whole budget after it is kept */
	assert_int_equal(n, 1);
	assert_string_equal(b[0].name, "b");
}

static void budget_with_a_bad_amount_is_dropped_others_kept(void **state)
{
	mlcap_diags *d = test_diags(0);
	size_t n;
	const mlcap_budget *b = parse("budgets:\n"
				      "  - {name: neg, amount: -5}\n"
				      "  - {name: word, amount: lots}\n"
				      "  - {name: comma, amount: \"1,000\"}\n"
				      "  - {name: none}\n"
				      "  - {name: zero, amount: 0}\n"
				      "  - {name: dollar, amount: $5}\n"
				      "  - {name: ok, amount: 12.5}\n",
				      &n, d);
	const mlcap_diag *g;
	(void)state;
	assert_int_equal(d->errors, 6);
	/* "  - {name: neg, amount: -5}": the value is at column 25 */
	assert_diag_at(diag_msg(d, "amount '-5' is not an amount"), MLCAP_ERROR,
		       "b.yaml", 2, 25);
	assert_diag_at(diag_msg(d, "amount 'lots' is not an amount"),
		       MLCAP_ERROR, "b.yaml", 3, 26);
	assert_diag_at(diag_msg(d, "amount '1,000' is not an amount"),
		       MLCAP_ERROR, "b.yaml", 4, 27);
	assert_diag_at(diag_msg(d, "amount '$5' is not an amount"), MLCAP_ERROR,
		       "b.yaml", 7, 28);
	/* a missing amount points at the budget that lacks it, its '{' */
	g = diag_msg(d, "budget 'none' has no amount");
	assert_diag_at(g, MLCAP_ERROR, "b.yaml", 5, 5);
	assert_diag_at(diag_msg(d, "budget 'zero' has an amount of 0"),
		       MLCAP_ERROR, "b.yaml", 6, 26);
	assert_int_equal(n, 1);
	assert_string_equal(b[0].name, "ok");
	assert_int_equal(b[0].amount_nanos, 12500000000LL); /* $12.50 */
}

static void budget_defined_twice_is_an_error_first_kept(void **state)
{
	mlcap_diags *d = test_diags(0);
	size_t n;
	const mlcap_budget *b = parse("budgets:\n"
				      "  - {name: a, amount: 1}\n"
				      "  - {name: a, amount: 2}\n",
				      &n, d);
	(void)state;
	assert_int_equal(d->errors, 1);
	assert_diag_at(
	    diag_msg(d, "budget 'a' is defined twice (first at line 2)"),
	    MLCAP_ERROR, "b.yaml", 3, 12);
	assert_int_equal(n, 1);
	assert_int_equal(b[0].amount_nanos, 1 * NANO);
}

static void budget_without_a_name_is_an_error(void **state)
{
	mlcap_diags *d = test_diags(0);
	size_t n;
	(void)state;
	parse("budgets:\n  - {amount: 1}\n  - {amount: }\n", &n, d);
	assert_int_equal(d->errors, 3);
	assert_diag_at(diag_msg(d, "a budget has no name"), MLCAP_ERROR,
		       "b.yaml", 2, 5);
	/* "amount: " with no value: where the value should be, column 14;
	 * there is no name to give */
	assert_diag_at(diag_msg(d, "a budget has no amount"), MLCAP_ERROR,
		       "b.yaml", 3, 14);
	assert_int_equal(n, 0);
}

static void budget_invalid_selector_is_an_error_budget_dropped(void **state)
{
	mlcap_diags *d = test_diags(0);
	size_t n;
	const mlcap_budget *b =
	    parse("budgets:\n"
		  "  - {name: s, amount: 1, selector: \"team in a\"}\n"
		  "  - {name: l, amount: 1, selector: [team=a]}\n"
		  "  - {name: e, amount: 1, selector: {}}\n"
		  "  - {name: n, amount: 1, namespace: [a, b]}\n"
		  "  - {name: ok, amount: 1, selector: \"team in (a)\"}\n",
		  &n, d);
	const mlcap_diag *g;
	(void)state;
	assert_int_equal(d->errors, 4);
	g = diag_msg(d, "selector 'team in a' is invalid: write the values "
			"in parentheses: key in (a,b)");
	assert_diag_at(g, MLCAP_ERROR, "b.yaml", 2, 36);
	/* a selector of the wrong type does not widen the budget to the
	 * cluster: it is dropped too */
	assert_diag_at(diag_msg(d, "selector must be a string, not a list"),
		       MLCAP_ERROR, "b.yaml", 3, 36);
	/* an empty matchLabels map is no selector either */
	assert_diag_at(diag_msg(d, "selector '' is invalid: a requirement "
				   "has no key"),
		       MLCAP_ERROR, "b.yaml", 4, 36);
	/* nor is a namespace that is not a string */
	assert_diag_at(diag_msg(d, "namespace must be a string, not a list"),
		       MLCAP_ERROR, "b.yaml", 5, 37);
	assert_int_equal(n, 1);
	assert_string_equal(b[0].name, "ok");
	assert_string_equal(b[0].selector, "team in (a)");
	assert_int_equal(b[0].n_reqs, 1);
	assert_string_equal(b[0].reqs[0].op, "in");
}

static void budget_selector_map_is_match_labels(void **state)
{
	mlcap_diags *d = test_diags(0);
	size_t n;
	const mlcap_budget *b =
	    parse("budgets:\n"
		  "  - name: m\n"
		  "    amount: 1\n"
		  "    namespace: ml\n"
		  "    selector: {team: vision, env: prod}\n",
		  &n, d);
	(void)state;
	assert_int_equal(d->count, 0);
	assert_int_equal(n, 1);
	assert_string_equal(b[0].namespace, "ml");
	/* written back as the string form, in document order */
	assert_string_equal(b[0].selector, "team=vision,env=prod");
	assert_int_equal(b[0].n_reqs, 2);
	assert_string_equal(b[0].reqs[0].key, "team");
	assert_string_equal(b[0].reqs[0].op, "in");
	assert_int_equal(b[0].reqs[0].n_values, 1);
	assert_string_equal(b[0].reqs[0].values[0], "vision");
	assert_string_equal(b[0].reqs[1].key, "env");
	assert_string_equal(b[0].reqs[1].values[0], "prod");
}

static void budget_gpu_only_is_a_boolean(void **state)
{
	mlcap_diags *d = test_diags(0);
	size_t n;
	const mlcap_budget *b =
	    parse("budgets:\n"
		  "  - {name: g, amount: 1, gpuOnly: true}\n"
		  "  - {name: f, amount: 1, gpuOnly: false}\n"
		  "  - {name: q, amount: 1, gpuOnly: \"true\"}\n",
		  &n, d);
	(void)state;
	/* a quoted "true" is a string (cfgdoc's rule for booleans); the
	 * budget is dropped rather than widened to all spend */
	assert_int_equal(d->errors, 1);
	assert_diag_at(diag_msg(d, "gpuOnly must be a boolean, not true"),
		       MLCAP_ERROR, "b.yaml", 4, 35);
	assert_int_equal(n, 2);
	assert_string_equal(b[0].name, "g");
	assert_true(b[0].gpu_only);
	assert_string_equal(b[1].name, "f");
	assert_false(b[1].gpu_only);
}

static void budgets_document_must_be_a_map(void **state)
{
	mlcap_diags *d = test_diags(0);
	size_t n;
	(void)state;
	parse("- {name: a, amount: 1}\n", &n, d);
	assert_int_equal(d->errors, 1);
	assert_diag_at(diag_msg(d, "a budgets document must be a map, not a "
				   "list"),
		       MLCAP_ERROR, "b.yaml", 1, 1);
	assert_int_equal(n, 0);
}

static void budgets_file_without_budgets_is_an_error(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_diags *d2 = test_diags(1);
	mlcap_diags *d3 = test_diags(2);
	size_t n;
	(void)state;
	/* a map without the key */
	parse("{}\n", &n, d);
	assert_int_equal(d->errors, 1);
	assert_diag_at(diag_msg(d, "budgets must be a list"), MLCAP_ERROR,
		       "b.yaml", 1, 1);
	assert_int_equal(n, 0);
	/* budgets that is not a list */
	parse("budgets: {name: a, amount: 1}\n", &n, d2);
	assert_int_equal(d2->errors, 1);
	assert_diag_at(diag_msg(d2, "budgets must be a list"), MLCAP_ERROR,
		       "b.yaml", 1, 10);
	assert_int_equal(n, 0);
	/* no document at all */
	parse("# nothing yet\n", &n, d3);
	assert_int_equal(d3->errors, 1);
	assert_string_equal(d3->items[0].message, "no budgets in 'b.yaml'");
	assert_int_equal(n, 0);
}

static void budgets_in_json_read_like_yaml(void **state)
{
	mlcap_diags *d = test_diags(0);
	size_t n;
	const mlcap_budget *b;
	static const char text[] =
	    "{\"budgets\": [\n"
	    "  {\"name\": \"ml\", \"namespace\": \"ml\", \"amount\": 2500.5,\n"
	    "   \"gpuOnly\": true, \"thresholds\": [90]}\n"
	    "]}\n";
	(void)state;
	mlcap_budgets_free(bctx.budgets);
	bctx.budgets = NULL;
	assert_int_equal(
	    mlcap_budgets_parse(&bctx.budgets, "b.json", text, strlen(text), d),
	    0);
	b = mlcap_budgets_list(bctx.budgets, &n);
	assert_int_equal(d->count, 0);
	assert_int_equal(n, 1);
	assert_int_equal(b[0].amount_nanos, 2500500000000LL); /* $2,500.50 */
	assert_true(b[0].gpu_only);
	assert_int_equal(b[0].n_thresholds, 1);
	assert_int_equal(b[0].thresholds_ppm[0], 900000);
	assert_int_equal(b[0].loc.line, 2);
}

/* ---- label selectors ---- */

static const mlcap_selector_req *sel(const char *s, uint32_t *n)
{
	const mlcap_selector_req *r = NULL;
	const char *why = NULL;

	if (!mlcap_selector_parse(arena(), s, &r, n, &why))
		fail_msg("selector '%s' rejected: %s", s, why);
	return r;
}

/* True when `s` selects labels `kv` (pairs, NULL-terminated). */
static bool selects(const char *s, const char *const *kv)
{
	mlcap_kv items[8];
	mlcap_kvs labels;
	uint32_t n;
	const mlcap_selector_req *r = sel(s, &n);

	memset(items, 0, sizeof(items));
	labels.items = items;
	labels.count = 0;
	while (kv[0]) {
		items[labels.count].key = kv[0];
		items[labels.count].value = kv[1];
		labels.count++;
		kv += 2;
	}
	return mlcap_selector_matches(r, n, &labels);
}

static void selector_equality_forms(void **state)
{
	static const char *const vision[] = {"team", "vision", NULL};
	static const char *const prod[] = {"team", "vision", "env", "prod",
					   NULL};
	static const char *const dev[] = {"team", "vision", "env", "dev", NULL};
	uint32_t n;
	const mlcap_selector_req *r = sel("team==vision", &n);
	(void)state;
	assert_int_equal(n, 1);
	assert_string_equal(r[0].key, "team");
	assert_string_equal(r[0].op, "in");
	assert_int_equal(r[0].n_values, 1);
	assert_string_equal(r[0].values[0], "vision");
	r = sel("env!=dev", &n);
	assert_string_equal(r[0].op, "notin");
	assert_string_equal(r[0].values[0], "dev");

	assert_true(selects("team=vision", vision));
	assert_true(selects("team==vision", vision));
	assert_false(selects("team=shop", vision));
	/* != matches a workload without the label, as in Kubernetes */
	assert_true(selects("env!=dev", vision));
	assert_true(selects("env!=dev", prod));
	assert_false(selects("env!=dev", dev));
	/* requirements are ANDed; blanks around them are allowed */
	assert_true(selects("team=vision, env!=dev", prod));
	assert_false(selects("team=vision,env!=dev", dev));
}

static void selector_set_forms(void **state)
{
	static const char *const a[] = {"tier", "a", NULL};
	static const char *const c[] = {"tier", "c", NULL};
	static const char *const none[] = {NULL};
	uint32_t n;
	const mlcap_selector_req *r = sel("tier in (a, b)", &n);
	(void)state;
	assert_int_equal(n, 1);
	assert_string_equal(r[0].op, "in");
	assert_int_equal(r[0].n_values, 2);
	assert_string_equal(r[0].values[0], "a");
	assert_string_equal(r[0].values[1], "b");
	r = sel("tier notin (a,b)", &n);
	assert_string_equal(r[0].op, "notin");
	assert_int_equal(r[0].n_values, 2);

	assert_true(selects("tier in (a, b)", a));
	assert_false(selects("tier in (a, b)", c));
	assert_false(selects("tier in (a, b)", none));
	assert_false(selects("tier notin (a,b)", a));
	assert_true(selects("tier notin (a,b)", c));
	assert_true(selects("tier notin (a,b)", none)); /* absent matches */
	assert_true(selects("tier in(a),tier notin(b)", a));
}

static void selector_existence_forms(void **state)
{
	static const char *const gpu[] = {"gpu", "", "spot", "true", NULL};
	static const char *const plain[] = {"gpu", "t4", NULL};
	static const char *const none[] = {NULL};
	uint32_t n;
	const mlcap_selector_req *r = sel("gpu,!spot", &n);
	(void)state;
	assert_int_equal(n, 2);
	assert_string_equal(r[0].key, "gpu");
	assert_string_equal(r[0].op, "exists");
	assert_int_equal(r[0].n_values, 0);
	assert_string_equal(r[1].key, "spot");
	assert_string_equal(r[1].op, "!exists");

	assert_true(selects("gpu", gpu)); /* an empty value still exists */
	assert_false(selects("gpu", none));
	assert_false(selects("!spot", gpu));
	assert_true(selects("!spot", none));
	assert_false(selects("gpu,!spot", gpu));
	assert_true(selects("gpu,!spot", plain));
	/* a label selector with no requirement selects everything */
	assert_true(mlcap_selector_matches(NULL, 0, NULL));
}

static void selector_syntax_errors_give_a_reason(void **state)
{
	static const char *const bad[] = {
	    "team in a",     "in (",	     "=x", "a b",      "tier in (a,b",
	    "tier in (a b)", "team=vision,", "!",  "team=(x)", NULL};
	size_t i;
	(void)state;
	for (i = 0; bad[i]; i++) {
		const mlcap_selector_req *r = NULL;
		const char *why = NULL;
		uint32_t n = 7;
		bool ok = mlcap_selector_parse(arena(), bad[i], &r, &n, &why);
		if (ok)
			fprintf(stderr, "  '%s' was accepted\n", bad[i]);
		assert_false(ok);
		assert_non_null(why);
		assert_true(why[0] != '\0');
		assert_null(r);
	}
}

static void selector_reasons_name_the_mistake(void **state)
{
	const mlcap_selector_req *r;
	const char *why;
	uint32_t n;
	(void)state;
	assert_false(mlcap_selector_parse(arena(), "team in a", &r, &n, &why));
	assert_string_equal(why, "write the values in parentheses: "
				 "key in (a,b)");
	assert_false(mlcap_selector_parse(arena(), "=x", &r, &n, &why));
	assert_string_equal(why, "a requirement has no key");
	assert_false(mlcap_selector_parse(arena(), "a b", &r, &n, &why));
	assert_string_equal(why, "expected ',' between requirements");
	assert_false(mlcap_selector_parse(arena(), "in (", &r, &n, &why));
	assert_string_equal(why, "expected ',' between requirements");
	assert_false(
	    mlcap_selector_parse(arena(), "tier in (a,b", &r, &n, &why));
	assert_string_equal(why, "a '(' is not closed");
	assert_false(
	    mlcap_selector_parse(arena(), "tier in (a b)", &r, &n, &why));
	assert_string_equal(why, "separate the values with ','");
}

/* ---- month-to-date spend ---- */

static void spend_arg_reads_budget_usd_pairs(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_spend *s = spend();
	(void)state;
	assert_int_equal(
	    mlcap_spend_add_arg(s, "cluster=100,ml=2.5", "--spent", d), 0);
	assert_int_equal(d->count, 0);
	assert_int_equal(s->count, 2);
	assert_string_equal(s->items[0].budget, "cluster");
	assert_int_equal(s->items[0].nanos, 100 * NANO);
	assert_string_equal(s->items[1].budget, "ml");
	assert_int_equal(s->items[1].nanos, 2500000000LL); /* $2.50 */
	assert_null(s->items[0].loc.file);
	/* no date until one is set */
	assert_int_equal(s->day, 0);
}

static void spend_arg_bad_forms_are_errors(void **state)
{
	static const struct {
		const char *arg, *msg;
	} bad[] = {
	    {"cluster", "--spent 'cluster' is not BUDGET=USD"},
	    {"=5", "--spent '=5' is not BUDGET=USD"},
	    {"cluster=$100", "--spent 'cluster=$100' is not BUDGET=USD"},
	    {"cluster=-1", "--spent 'cluster=-1' is not BUDGET=USD"},
	    {"cluster=", "--spent 'cluster=' is not BUDGET=USD"},
	    /* a thousands separator splits the list: "000" has no '=' */
	    {"cluster=1,000", "--spent '000' is not BUDGET=USD"},
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mlcap_diags *d = test_diags((int)i);
		const mlcap_diag *g;
		mlcap_spend_init(&bctx.spend);
		bctx.have_spend = true;
		assert_int_equal(
		    mlcap_spend_add_arg(spend(), bad[i].arg, "--spent", d), 0);
		assert_int_equal(d->errors, 1);
		g = get_diag(d, "spend");
		assert_string_equal(g->message, bad[i].msg);
		assert_string_equal(g->hint,
				    "write BUDGET=USD[,BUDGET=USD...], "
				    "e.g. cluster=12500,"
				    "vision=3400.50");
		mlcap_spend_release(&bctx.spend);
		bctx.have_spend = false;
	}
}

static void spend_date_must_be_a_calendar_day(void **state)
{
	mlcap_spend *s = spend();
	(void)state;
	assert_true(mlcap_spend_set_date(s, "2026-11-15"));
	assert_int_equal(s->year, 2026);
	assert_int_equal(s->month, 11);
	assert_int_equal(s->day, 15);
	assert_false(mlcap_spend_set_date(s, "2026-02-29")); /* not leap */
	assert_false(mlcap_spend_set_date(s, "2026-13-01"));
	assert_false(mlcap_spend_set_date(s, "2026-11-31"));
	assert_false(mlcap_spend_set_date(s, "2026-00-10"));
	assert_false(mlcap_spend_set_date(s, "2026-11-00"));
	assert_false(mlcap_spend_set_date(s, "2026-1-15"));
	assert_false(mlcap_spend_set_date(s, "2026/11/15"));
	assert_false(mlcap_spend_set_date(s, "2026-11-15T00"));
	assert_false(mlcap_spend_set_date(s, ""));
	/* a rejected date leaves the last good one */
	assert_int_equal(s->day, 15);
	assert_true(mlcap_spend_set_date(s, "2028-02-29")); /* leap year */
	assert_int_equal(s->month, 2);
	assert_int_equal(s->day, 29);
	assert_true(mlcap_spend_set_date(s, "2000-02-29"));  /* 400 rule */
	assert_false(mlcap_spend_set_date(s, "2100-02-29")); /* 100 rule */
}

/* Writes `text` to a new temporary file named in bctx.path. */
static const char *temp_file(const char *text)
{
	int fd;
	size_t n = strlen(text);

	snprintf(bctx.path, sizeof(bctx.path), "/tmp/mlcap-spend-XXXXXX");
	fd = mkstemp(bctx.path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	assert_int_equal(close(fd), 0);
	return bctx.path;
}

static void spend_file_has_a_date_and_amounts(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_spend *s = spend();
	const char *path = temp_file(
	    "{\"asOf\":\"2026-11-15\",\"spent\":{\"cluster\":80000}}\n");
	(void)state;
	assert_int_equal(mlcap_spend_load(s, path, d), 0);
	if (d->count)
		dump_diags(d);
	assert_int_equal(d->count, 0);
	assert_int_equal(s->year, 2026);
	assert_int_equal(s->month, 11);
	assert_int_equal(s->day, 15);
	assert_int_equal(s->count, 1);
	assert_string_equal(s->items[0].budget, "cluster");
	assert_int_equal(s->items[0].nanos, 80000 * NANO);
	/* the amount's place, for a warning that names no budget */
	assert_string_equal(s->items[0].loc.file, path);
	assert_int_equal(s->items[0].loc.line, 1);
}

static void spend_file_errors_name_the_place(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_spend *s = spend();
	const char *path = temp_file("asOf: 2026-02-30\n"
				     "spent:\n"
				     "  cluster: 1,000\n"
				     "  ml: 25\n"
				     "total: 26\n");
	(void)state;
	assert_int_equal(mlcap_spend_load(s, path, d), 0);
	assert_int_equal(d->errors, 3);
	assert_diag_at(diag_msg(d, "asOf is not a date"), MLCAP_ERROR, path, 1,
		       7);
	assert_diag_at(diag_msg(d, "spend '1,000' is not an amount"),
		       MLCAP_ERROR, path, 3, 12);
	assert_diag_at(diag_msg(d, "unknown key 'total' in the spend document"),
		       MLCAP_ERROR, path, 5, 1);
	/* the good amount is kept, the date is not set */
	assert_int_equal(s->count, 1);
	assert_string_equal(s->items[0].budget, "ml");
	assert_int_equal(s->items[0].nanos, 25 * NANO);
	assert_int_equal(s->day, 0);
}

/* ---- evaluation ---- */

static const char eval_budgets[] =
    "budgets:\n"
    "  - {name: cluster, amount: 1000}\n"
    "  - {name: shop, namespace: shop, amount: 140}\n"
    "  - {name: vision-gpu, selector: team=vision, gpuOnly: true,\n"
    "     amount: 730}\n"
    "  - {name: frontend, selector: tier=frontend, amount: 50}\n"
    "  - {name: backend, namespace: shop, selector: \"tier in (backend)\",\n"
    "     amount: 100}\n"
    "  - {name: nowhere, namespace: staging, amount: 10}\n";

static void eval_plan_is_the_one_worked_out_by_hand(void **state)
{
	mlcap_diags *d = test_diags(0);
	(void)state;
	evaluate(eval_budgets, false, d);
	/* 2 cpu4 + 1 gpu: (2 x 0.16 + 1.00) x 730 = $963.60; the custom
	 * provider has no control plane fee. At the HPA maximum 3 cpu4 +
	 * 1 gpu: 1.48 x 730 = $1,080.40 */
	assert_int_equal(scenario_of(MLCAP_SCENARIO_DECLARED)->monthly_nanos,
			 96360 * CENTS);
	assert_int_equal(
	    scenario_of(MLCAP_SCENARIO_DECLARED)->gpu_monthly_nanos,
	    730 * NANO);
	assert_int_equal(scenario_of(MLCAP_SCENARIO_MAX)->monthly_nanos,
			 108040 * CENTS);
}

static void eval_cluster_scope_is_the_whole_bill(void **state)
{
	mlcap_diags *d = test_diags(0);
	const mlcap_budget_report *r = evaluate(eval_budgets, false, d);
	const mlcap_budget_status *st = status_of(r, "cluster");
	(void)state;
	assert_int_equal(r->count, 6);
	/* nodes and idle alike: $963.60 and $1,080.40, not the $876.00
	 * charged to pods (58.40 + 58.40 + 29.20 + 730.00) */
	assert_int_equal(st->planned_nanos, 96360 * CENTS);
	assert_int_equal(st->max_nanos, 108040 * CENTS);
	assert_int_equal(st->planned_nanos,
			 scenario_of(MLCAP_SCENARIO_DECLARED)->monthly_nanos);
	assert_int_equal(st->spent_nanos, -1);
	assert_int_equal(st->forecast_nanos, -1);
	assert_int_equal(st->workloads, 4);
	/* by cost, the $58.40 tie by key: cart before web */
	assert_int_equal(st->n_top, 4);
	assert_string_equal(st->top[0].key, "vision/train");
	assert_int_equal(st->top[0].nanos, 730 * NANO);
	assert_string_equal(st->top[1].key, "shop/cart");
	assert_int_equal(st->top[1].nanos, 5840 * CENTS);
	assert_string_equal(st->top[2].key, "shop/web");
	assert_int_equal(st->top[2].nanos, 5840 * CENTS);
	assert_string_equal(st->top[3].key, "vision/ui");
	assert_int_equal(st->top[3].nanos, 2920 * CENTS);
}

static void eval_cluster_gpu_only_is_the_gpu_bill(void **state)
{
	mlcap_diags *d = test_diags(0);
	const mlcap_budget_report *r =
	    evaluate("budgets:\n  - {name: gpu, gpuOnly: true, amount: 1000}\n",
		     false, d);
	const mlcap_budget_status *st = &r->items[0];
	(void)state;
	/* the scenario's GPU spend: the gpu node, $730.00, at declared and
	 * max alike; only train has GPU cost, so only train is on top */
	assert_int_equal(
	    st->planned_nanos,
	    scenario_of(MLCAP_SCENARIO_DECLARED)->gpu_monthly_nanos);
	assert_int_equal(st->planned_nanos, 730 * NANO);
	assert_int_equal(st->max_nanos, 730 * NANO);
	assert_int_equal(st->workloads, 4);
	assert_int_equal(st->n_top, 1);
	assert_string_equal(st->top[0].key, "vision/train");
	/* 73% crosses 50; the maximum is the same amount: one alert */
	assert_int_equal(r->n_alerts, 1);
	assert_int_equal(r->alerts[0].threshold_ppm, 500000);
	assert_int_equal(r->alerts[0].used_ppm, 730000);
	assert_int_equal(d->count, 0);
}

static void eval_namespace_scope_sums_allocated_cost(void **state)
{
	mlcap_diags *d = test_diags(0);
	const mlcap_budget_report *r = evaluate(eval_budgets, false, d);
	const mlcap_budget_status *st = status_of(r, "shop");
	(void)state;
	/* web $58.40 + cart $58.40 = $116.80; at the maximum web has 6
	 * pods: 6 x $29.20 + $58.40 = $233.60. Idle is nobody's. */
	assert_int_equal(st->planned_nanos, 11680 * CENTS);
	assert_int_equal(st->max_nanos, 23360 * CENTS);
	assert_int_equal(st->workloads, 2);
	assert_int_equal(st->n_top, 2);
	assert_string_equal(st->top[0].key, "shop/cart");
	assert_string_equal(st->top[1].key, "shop/web");
}

static void eval_selector_scope_uses_metadata_template_namespace(void **state)
{
	mlcap_diags *d = test_diags(0);
	const mlcap_budget_report *r = evaluate(eval_budgets, false, d);
	const mlcap_budget_status *st;
	(void)state;
	/* team=vision: train inherits it from its Namespace; ui's own
	 * team=platform wins over the Namespace. GPU only: train's $730 */
	st = status_of(r, "vision-gpu");
	assert_int_equal(st->workloads, 1);
	assert_int_equal(st->planned_nanos, 730 * NANO);
	assert_int_equal(st->max_nanos, 730 * NANO);
	assert_int_equal(st->n_top, 1);
	assert_string_equal(st->top[0].key, "vision/train");
	/* tier=frontend is on web's metadata: $58.40, at max $175.20 */
	st = status_of(r, "frontend");
	assert_int_equal(st->workloads, 1);
	assert_int_equal(st->planned_nanos, 5840 * CENTS);
	assert_int_equal(st->max_nanos, 17520 * CENTS);
	/* tier in (backend) is on cart's pod template only: $58.40 */
	st = status_of(r, "backend");
	assert_int_equal(st->workloads, 1);
	assert_int_equal(st->planned_nanos, 5840 * CENTS);
	assert_int_equal(st->max_nanos, 5840 * CENTS);
	assert_string_equal(st->top[0].key, "shop/cart");
}

static void eval_budget_matching_nothing_is_a_warning(void **state)
{
	mlcap_diags *d = test_diags(0);
	const mlcap_budget_report *r = evaluate(eval_budgets, false, d);
	const mlcap_budget_status *st = status_of(r, "nowhere");
	const mlcap_diag *g;
	(void)state;
	assert_int_equal(st->workloads, 0);
	assert_int_equal(st->planned_nanos, 0);
	assert_int_equal(st->max_nanos, 0);
	assert_int_equal(st->n_top, 0);
	assert_int_equal(count_rule(d, "budgets.scope"), 1);
	g = get_diag(d, "budgets.scope");
	assert_string_equal(g->message, "budget 'nowhere' matches no workload");
	/* at the budget: line 9 of eval_budgets, its '{' at column 5 */
	assert_diag_at(g, MLCAP_WARNING, "b.yaml", 9, 5);
	assert_int_equal(d->errors, 0);
}

static void eval_alerts_take_the_highest_threshold_per_basis(void **state)
{
	mlcap_diags *d = test_diags(0);
	const mlcap_budget_report *r = evaluate(eval_budgets, false, d);
	const mlcap_budget_alert *a = r->alerts;
	(void)state;
	/* budget order, then planned, max; no spend, so no forecast; a
	 * maximum equal to the planned amount is not repeated */
	assert_int_equal(r->n_alerts, 8);
	/* cluster: 963.60 / 1000 = 96.36% crosses 80; 108.04% crosses 100
	 * but a maximum is only ever a warning */
	assert_alert(&a[0], "cluster", MLCAP_BUDGET_PLANNED, 800000,
		     96360 * CENTS, 963600, MLCAP_WARNING);
	assert_alert(&a[1], "cluster", MLCAP_BUDGET_MAX, 1000000,
		     108040 * CENTS, 1080400, MLCAP_WARNING);
	/* shop: 116.80 / 140 = 0.8342857 -> 834,286 ppm (rounded half
	 * up); 233.60 / 140 = 1.6685714 -> 1,668,571 ppm */
	assert_alert(&a[2], "shop", MLCAP_BUDGET_PLANNED, 800000, 11680 * CENTS,
		     834286, MLCAP_WARNING);
	assert_alert(&a[3], "shop", MLCAP_BUDGET_MAX, 1000000, 23360 * CENTS,
		     1668571, MLCAP_WARNING);
	/* vision-gpu: exactly 100% is a warning at threshold 100; the
	 * same at the maximum, so no second alert */
	assert_alert(&a[4], "vision-gpu", MLCAP_BUDGET_PLANNED, 1000000,
		     730 * NANO, 1000000, MLCAP_WARNING);
	/* frontend: 58.40 / 50 = 116.8% planned: the one error; 175.20 /
	 * 50 = 350.4% at the maximum: a warning */
	assert_alert(&a[5], "frontend", MLCAP_BUDGET_PLANNED, 1000000,
		     5840 * CENTS, 1168000, MLCAP_ERROR);
	assert_alert(&a[6], "frontend", MLCAP_BUDGET_MAX, 1000000,
		     17520 * CENTS, 3504000, MLCAP_WARNING);
	/* backend: 58.40 / 100 = 58.4% crosses only 50, at the maximum
	 * too (one alert) */
	assert_alert(&a[7], "backend", MLCAP_BUDGET_PLANNED, 500000,
		     5840 * CENTS, 584000, MLCAP_WARNING);
	assert_true(r->over);
	assert_false(r->has_spend);
	/* alerts point at their status in the report */
	assert_ptr_equal(a[0].status, status_of(r, "cluster"));
}

static void eval_exactly_100_percent_is_not_over(void **state)
{
	mlcap_diags *d = test_diags(0);
	/* vision-gpu alone: $730.00 of $730.00 */
	const mlcap_budget_report *r =
	    evaluate("budgets:\n"
		     "  - {name: g, selector: team=vision, gpuOnly: true,\n"
		     "     amount: 730}\n"
		     "  - {name: w, namespace: shop, selector: tier=frontend,\n"
		     "     amount: 58.41}\n",
		     false, d);
	(void)state;
	/* g: planned and max are both $730: one alert; w: planned, and
	 * max ($175.20, 3 frontend pods) */
	assert_int_equal(r->n_alerts, 3);
	assert_int_equal(r->alerts[0].threshold_ppm, 1000000);
	assert_int_equal(r->alerts[0].severity, MLCAP_WARNING);
	/* w: $58.40 of $58.41 is 99.98%: threshold 80, not 100 */
	assert_int_equal(r->alerts[1].threshold_ppm, 800000);
	assert_int_equal(r->alerts[1].used_ppm, 999829);
	assert_false(r->over);
}

static void eval_one_cent_over_is_over(void **state)
{
	mlcap_diags *d = test_diags(0);
	/* $58.40 planned against $58.39: 100.02% */
	const mlcap_budget_report *r =
	    evaluate("budgets:\n"
		     "  - {name: w, selector: tier=frontend, amount: 58.39,\n"
		     "     thresholds: [100, 300]}\n",
		     false, d);
	(void)state;
	assert_int_equal(r->n_alerts, 2);
	/* 58.40 / 58.39 = 1.000171 -> 1,000,171 ppm */
	assert_alert(&r->alerts[0], "w", MLCAP_BUDGET_PLANNED, 1000000,
		     5840 * CENTS, 1000171, MLCAP_ERROR);
	/* 175.20 / 58.39 = 3.000514 crosses the custom 300 */
	assert_alert(&r->alerts[1], "w", MLCAP_BUDGET_MAX, 3000000,
		     17520 * CENTS, 3000514, MLCAP_WARNING);
	assert_true(r->over);
}

static void eval_forecast_is_linear_to_month_end(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_spend *s = spend();
	const mlcap_budget_report *r;
	const mlcap_budget_status *st;
	(void)state;
	/* November has 30 days; the spend runs to the 10th */
	assert_int_equal(
	    mlcap_spend_add_arg(s, "cluster=300,shop=50,ghost=5", "--spent", d),
	    0);
	assert_true(mlcap_spend_set_date(s, "2026-11-10"));
	r = evaluate(eval_budgets, true, d);
	assert_true(r->has_spend);
	assert_int_equal(r->year, 2026);
	assert_int_equal(r->month, 11);
	assert_int_equal(r->day, 10);
	assert_int_equal(r->days_in_month, 30);
	/* cluster: $300 x 30 / 10 = $900 = 90% of $1,000 */
	st = status_of(r, "cluster");
	assert_int_equal(st->spent_nanos, 300 * NANO);
	assert_int_equal(st->forecast_nanos, 900 * NANO);
	/* shop: $50 x 3 = $150 = 107.14% of $140 */
	st = status_of(r, "shop");
	assert_int_equal(st->forecast_nanos, 150 * NANO);
	/* without spend: no forecast */
	st = status_of(r, "frontend");
	assert_int_equal(st->spent_nanos, -1);
	assert_int_equal(st->forecast_nanos, -1);
	/* forecasts add one alert each, after planned and max */
	assert_int_equal(r->n_alerts, 10);
	assert_alert(&r->alerts[2], "cluster", MLCAP_BUDGET_FORECAST, 800000,
		     900 * NANO, 900000, MLCAP_WARNING);
	/* 150 / 140 = 1.0714286 -> 1,071,429 ppm; over 100% but a
	 * forecast is only ever a warning */
	assert_alert(&r->alerts[5], "shop", MLCAP_BUDGET_FORECAST, 1000000,
		     150 * NANO, 1071429, MLCAP_WARNING);
	/* ghost is no budget */
	assert_int_equal(count_rule(d, "spend.unknown"), 1);
	assert_int_equal(get_diag(d, "spend.unknown")->severity, MLCAP_WARNING);
	assert_string_equal(get_diag(d, "spend.unknown")->message,
			    "spend for 'ghost' matches no budget");
	assert_int_equal(d->errors, 0);
}

static void eval_forecast_rounds_half_away_from_zero(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_spend *s = spend();
	const mlcap_budget_report *r;
	(void)state;
	/* $1 on day 7 of 30: 30/7 = 4.285714285714... -> $4.285714286;
	 * $2 on day 7: 8.571428571428... -> $8.571428571 */
	assert_int_equal(mlcap_spend_add_arg(s, "a=1,b=2", "--spent", d), 0);
	assert_true(mlcap_spend_set_date(s, "2026-11-07"));
	r = evaluate("budgets:\n"
		     "  - {name: a, amount: 100000}\n"
		     "  - {name: b, amount: 100000}\n",
		     true, d);
	assert_int_equal(r->items[0].forecast_nanos, 4285714286LL);
	assert_int_equal(r->items[1].forecast_nanos, 8571428571LL);
	assert_int_equal(r->n_alerts, 0);
	/* February of a leap year has 29 days: $1 on day 2 -> $14.50 */
	mlcap_budget_report_release(&bctx.report);
	bctx.have_report = false;
	assert_true(mlcap_spend_set_date(s, "2028-02-02"));
	assert_int_equal(mlcap_budgets_eval(bctx.budgets, bctx.ws, &bctx.plan,
					    s, &bctx.report, d),
			 0);
	bctx.have_report = true;
	assert_int_equal(bctx.report.days_in_month, 29);
	assert_int_equal(bctx.report.items[0].forecast_nanos, 1450 * CENTS);
}

static void eval_threshold_comparison_is_exact(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_spend *s = spend();
	const mlcap_budget_report *r;
	(void)state;
	/* $26.6666665 x 30 / 10 = $79.9999995: 79.99999950% of $100,
	 * shown rounded as 800,000 ppm, but it is under 80%: threshold 50.
	 * $26.6666667 x 3 = $80.0000001 crosses 80. */
	assert_int_equal(mlcap_spend_add_arg(s,
					     "under=26.6666665,"
					     "over=26.6666667",
					     "--spent", d),
			 0);
	assert_true(mlcap_spend_set_date(s, "2026-11-10"));
	r = evaluate("budgets:\n"
		     "  - {name: under, namespace: staging, amount: 100}\n"
		     "  - {name: over, namespace: staging, amount: 100}\n",
		     true, d);
	assert_int_equal(r->n_alerts, 2);
	assert_alert(&r->alerts[0], "under", MLCAP_BUDGET_FORECAST, 500000,
		     79999999500LL, 800000, MLCAP_WARNING);
	assert_alert(&r->alerts[1], "over", MLCAP_BUDGET_FORECAST, 800000,
		     80000000100LL, 800000, MLCAP_WARNING);
	/* both match no workload */
	assert_int_equal(count_rule(d, "budgets.scope"), 2);
}

static void eval_spend_without_a_date_is_an_error(void **state)
{
	mlcap_diags *d = test_diags(0);
	mlcap_spend *s = spend();
	const mlcap_budget_report *r;
	(void)state;
	assert_int_equal(mlcap_spend_add_arg(s, "cluster=300", "--spent", d),
			 0);
	r = evaluate("budgets:\n  - {name: cluster, amount: 100000}\n", true,
		     d);
	assert_int_equal(r->items[0].spent_nanos, 300 * NANO);
	assert_int_equal(r->items[0].forecast_nanos, -1);
	assert_int_equal(count_rule(d, "spend.date"), 1);
	assert_int_equal(get_diag(d, "spend.date")->severity, MLCAP_ERROR);
}

static void eval_top_keeps_the_five_costliest_ties_by_key(void **state)
{
	/* seven one-pod Deployments in namespace many, listed out of
	 * order: g (3 CPU, 6Gi) = 3/4 of $116.80 = $87.60, b (2 CPU, 4Gi)
	 * = $58.40, a c d e f (1 CPU, 2Gi) = $29.20 each. The top five:
	 * g, b, then a c d of the $29.20 tie by key; e and f are left out
	 * but still counted. */
	static const char text[] =
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: f, namespace: many}\nspec:\n  template:\n"
	    "    spec:\n      containers:\n        - name: c\n"
	    "          resources: {requests: {cpu: \"1\", memory: 2Gi}}\n"
	    "---\napiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: d, namespace: many}\nspec:\n  template:\n"
	    "    spec:\n      containers:\n        - name: c\n"
	    "          resources: {requests: {cpu: \"1\", memory: 2Gi}}\n"
	    "---\napiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: e, namespace: many}\nspec:\n  template:\n"
	    "    spec:\n      containers:\n        - name: c\n"
	    "          resources: {requests: {cpu: \"1\", memory: 2Gi}}\n"
	    "---\napiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: c, namespace: many}\nspec:\n  template:\n"
	    "    spec:\n      containers:\n        - name: c\n"
	    "          resources: {requests: {cpu: \"1\", memory: 2Gi}}\n"
	    "---\napiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: b, namespace: many}\nspec:\n  template:\n"
	    "    spec:\n      containers:\n        - name: c\n"
	    "          resources: {requests: {cpu: \"2\", memory: 4Gi}}\n"
	    "---\napiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: a, namespace: many}\nspec:\n  template:\n"
	    "    spec:\n      containers:\n        - name: c\n"
	    "          resources: {requests: {cpu: \"1\", memory: 2Gi}}\n"
	    "---\napiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: g, namespace: many}\nspec:\n  template:\n"
	    "    spec:\n      containers:\n        - name: c\n"
	    "          resources: {requests: {cpu: \"3\", memory: 6Gi}}\n";
	static const char budgets[] =
	    "budgets:\n  - {name: many, namespace: many, amount: 1000}\n";
	mlcap_diags *d = test_diags(0);
	mlcap_diags *ld = test_diags(1);
	mlcap_set *ws = load_clean(text, ld);
	mlcap_set *cs;
	mlcap_load_opts lo;
	mlcap_plan_opts po;
	const mlcap_budget_status *st;
	size_t n;
	(void)state;
	mlcap_load_opts_init(&lo);
	lo.config = true;
	cs = load_buf_opts("mlcap.yaml", config_text, strlen(config_text), &lo,
			   ld);
	mlcap_plan_opts_init(&po);
	po.scenarios = 1u << MLCAP_SCENARIO_DECLARED;
	assert_int_equal(mlcap_plan_run(ws, cs, NULL, &po, &bctx.plan, ld), 0);
	bctx.have_plan = true;
	parse(budgets, &n, d);
	assert_int_equal(mlcap_budgets_eval(bctx.budgets, ws, &bctx.plan, NULL,
					    &bctx.report, d),
			 0);
	bctx.have_report = true;
	assert_int_equal(d->count, 0);
	st = &bctx.report.items[0];
	/* 87.60 + 58.40 + 5 x 29.20 = $292.00; no max scenario planned */
	assert_int_equal(st->planned_nanos, 29200 * CENTS);
	assert_int_equal(st->max_nanos, -1);
	assert_int_equal(st->workloads, 7);
	assert_int_equal(st->n_top, MLCAP_BUDGET_TOP);
	assert_string_equal(st->top[0].key, "many/g");
	assert_int_equal(st->top[0].nanos, 8760 * CENTS);
	assert_string_equal(st->top[1].key, "many/b");
	assert_int_equal(st->top[1].nanos, 5840 * CENTS);
	assert_string_equal(st->top[2].key, "many/a");
	assert_string_equal(st->top[3].key, "many/c");
	assert_string_equal(st->top[4].key, "many/d");
	assert_int_equal(st->top[4].nanos, 2920 * CENTS);
}

/* ---- the Slack payload ---- */

/* Renders r as a Slack payload and parses it into bctx.json. */
static json_t *slack_of(const mlcap_budget_report *r)
{
	FILE *fp = tmpfile();
	json_error_t err;

	assert_non_null(fp);
	assert_int_equal(mlcap_render_budget_slack(fp, r), 0);
	rewind(fp);
	json_decref(bctx.json);
	bctx.json = json_loadf(fp, 0, &err);
	fclose(fp);
	if (!bctx.json)
		fprintf(stderr, "  JSON %d:%d: %s\n", err.line, err.column,
			err.text);
	assert_non_null(bctx.json);
	return bctx.json;
}

static const char *jstr_at(const json_t *o, const char *path1,
			   const char *path2)
{
	json_t *v = json_object_get(o, path1);
	if (path2)
		v = json_object_get(v, path2);
	assert_non_null(v);
	assert_true(json_is_string(v));
	return json_string_value(v);
}

static void slack_has_a_header_and_a_section_per_alert(void **state)
{
	mlcap_diags *d = test_diags(0);
	const mlcap_budget_report *r = evaluate(eval_budgets, false, d);
	json_t *root = slack_of(r), *blocks;
	size_t i;
	(void)state;
	assert_int_equal(json_object_size(root), 2);
	assert_string_equal(jstr_at(root, "text", NULL),
			    "mlcap: 8 budget alerts, a budget is over 100% "
			    "at declared replicas");
	blocks = json_object_get(root, "blocks");
	assert_true(json_is_array(blocks));
	assert_int_equal(json_array_size(blocks), 1 + 8);
	assert_string_equal(jstr_at(json_array_get(blocks, 0), "type", NULL),
			    "header");
	assert_string_equal(jstr_at(json_array_get(blocks, 0), "text", "type"),
			    "plain_text");
	assert_string_equal(jstr_at(json_array_get(blocks, 0), "text", "text"),
			    "mlcap budget alerts");
	for (i = 1; i < json_array_size(blocks); i++) {
		json_t *b = json_array_get(blocks, i);
		assert_string_equal(jstr_at(b, "type", NULL), "section");
		assert_string_equal(jstr_at(b, "text", "type"), "mrkdwn");
	}
	/* alert 0 (cluster, planned) and alert 5 (frontend, the error) */
	assert_string_equal(
	    jstr_at(json_array_get(blocks, 1), "text", "text"),
	    ":warning: *warning*\n"
	    "cluster (cluster): planned spend (declared replicas) $963.60 is "
	    "96.36% of the $1,000.00 budget (threshold 80%)\n"
	    "Top workloads: `vision/train` $730.00, `shop/cart` $58.40, "
	    "`shop/web` $58.40, `vision/ui` $29.20");
	assert_string_equal(
	    jstr_at(json_array_get(blocks, 6), "text", "text"),
	    ":red_circle: *error*\n"
	    "frontend (tier=frontend): planned spend (declared replicas) "
	    "$58.40 is 116.80% of the $50.00 budget (threshold 100%)\n"
	    "Top workloads: `shop/web` $58.40");
	/* GPU only and a selector in a namespace show in the scope */
	assert_string_equal(
	    jstr_at(json_array_get(blocks, 5), "text", "text"),
	    ":warning: *warning*\n"
	    "vision-gpu (team=vision, GPU only): planned spend (declared "
	    "replicas) $730.00 is 100.00% of the $730.00 budget (threshold "
	    "100%)\n"
	    "Top workloads: `vision/train` $730.00");
	assert_string_equal(
	    jstr_at(json_array_get(blocks, 8), "text", "text"),
	    ":warning: *warning*\n"
	    "backend (tier in (backend) in shop): planned spend (declared "
	    "replicas) $58.40 is 58.40% of the $100.00 budget (threshold "
	    "50%)\n"
	    "Top workloads: `shop/cart` $58.40");
}

static void slack_without_alerts_has_only_the_header(void **state)
{
	mlcap_diags *d = test_diags(0);
	const mlcap_budget_report *r = evaluate(
	    "budgets:\n  - {name: cluster, amount: 100000}\n", false, d);
	json_t *root = slack_of(r), *blocks;
	(void)state;
	assert_int_equal(r->n_alerts, 0);
	assert_string_equal(jstr_at(root, "text", NULL),
			    "mlcap: 0 budget alerts");
	blocks = json_object_get(root, "blocks");
	assert_int_equal(json_array_size(blocks), 1);
	assert_string_equal(jstr_at(json_array_get(blocks, 0), "type", NULL),
			    "header");
}

static void slack_one_alert_is_singular(void **state)
{
	mlcap_diags *d = test_diags(0);
	/* tier=frontend: $58.40 of $150 (38.93%) crosses nothing at
	 * declared replicas; $175.20 (116.80%) at the maximum crosses 100 */
	const mlcap_budget_report *r = evaluate(
	    "budgets:\n  - {name: f, selector: tier=frontend, amount: 150}\n",
	    false, d);
	json_t *root = slack_of(r);
	(void)state;
	assert_int_equal(r->n_alerts, 1);
	assert_false(r->over);
	assert_string_equal(jstr_at(root, "text", NULL),
			    "mlcap: 1 budget alert");
	assert_int_equal(json_array_size(json_object_get(root, "blocks")), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    budget_case(budget_defaults_are_50_80_100_and_the_cluster_scope),
	    budget_case(budget_thresholds_are_sorted_and_counted_once),
	    budget_case(budget_threshold_out_of_range_is_an_error),
	    budget_case(budget_threshold_is_a_number_without_percent_sign),
	    budget_case(budget_unknown_keys_are_errors_at_line_and_col),
	    budget_case(budget_with_a_bad_amount_is_dropped_others_kept),
	    budget_case(budget_defined_twice_is_an_error_first_kept),
	    budget_case(budget_without_a_name_is_an_error),
	    budget_case(budget_invalid_selector_is_an_error_budget_dropped),
	    budget_case(budget_selector_map_is_match_labels),
	    budget_case(budget_gpu_only_is_a_boolean),
	    budget_case(budgets_document_must_be_a_map),
	    budget_case(budgets_file_without_budgets_is_an_error),
	    budget_case(budgets_in_json_read_like_yaml),
	    budget_case(selector_equality_forms),
	    budget_case(selector_set_forms),
	    budget_case(selector_existence_forms),
	    budget_case(selector_syntax_errors_give_a_reason),
	    budget_case(selector_reasons_name_the_mistake),
	    budget_case(spend_arg_reads_budget_usd_pairs),
	    budget_case(spend_arg_bad_forms_are_errors),
	    budget_case(spend_date_must_be_a_calendar_day),
	    budget_case(spend_file_has_a_date_and_amounts),
	    budget_case(spend_file_errors_name_the_place),
	    budget_case(eval_plan_is_the_one_worked_out_by_hand),
	    budget_case(eval_cluster_scope_is_the_whole_bill),
	    budget_case(eval_cluster_gpu_only_is_the_gpu_bill),
	    budget_case(eval_namespace_scope_sums_allocated_cost),
	    budget_case(eval_selector_scope_uses_metadata_template_namespace),
	    budget_case(eval_budget_matching_nothing_is_a_warning),
	    budget_case(eval_alerts_take_the_highest_threshold_per_basis),
	    budget_case(eval_exactly_100_percent_is_not_over),
	    budget_case(eval_one_cent_over_is_over),
	    budget_case(eval_forecast_is_linear_to_month_end),
	    budget_case(eval_forecast_rounds_half_away_from_zero),
	    budget_case(eval_threshold_comparison_is_exact),
	    budget_case(eval_spend_without_a_date_is_an_error),
	    budget_case(eval_top_keeps_the_five_costliest_ties_by_key),
	    budget_case(slack_has_a_header_and_a_section_per_alert),
	    budget_case(slack_without_alerts_has_only_the_header),
	    budget_case(slack_one_alert_is_singular),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
